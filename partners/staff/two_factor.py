"""A second factor for staff logins: a code from an authenticator app (TOTP, django-otp).

Required for the redactie Vlaanderen (superusers and the national group: they change every
region and the shared helplines); offered to ELZ editors, and required for an editor too once
they set it up. After the password (django-axes limits attempts), the admin asks for the six-digit
code; a user without an app yet first links one by scanning a QR code (or typing the key) and
confirming one code. Ten recovery codes (django-otp's static tokens, each usable once) are shown
once, for a lost phone. A superuser can remove a lost device in the admin ("TOTP devices"), after
which that user links a new one at the next login.
"""

from __future__ import annotations

import base64

import segno
from django import forms
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.staff import scope

RECOVERY_CODES = 10
# Admin pages a user who still owes the second factor may open: the second factor itself and logging out.
EXEMPT_URL_NAMES = {"two_factor", "two_factor_codes", "logout"}


def required_for(user) -> bool:
    """The redactie Vlaanderen always; an editor once they linked an app."""
    return bool(user.is_authenticated and (scope.edits_everything(user) or user_has_device(user, confirmed=True)))


def owes_second_factor(request: HttpRequest) -> bool:
    user = request.user
    return required_for(user) and not user.is_verified()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy("De zes cijfers uit je app, of een van je herstelcodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


def _pending_device(user) -> TOTPDevice:
    """The app being linked: one unconfirmed device per user, kept until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=_("app"), confirmed=False)


def _new_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="herstelcodes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return codes


def two_factor_view(site, request: HttpRequest) -> HttpResponse:
    """Ask for the code; or, without a linked app, link one first. GET and POST."""
    user = request.user
    linked = user_has_device(user, confirmed=True)
    form = CodeForm(request.POST or None)
    context = {**site.each_context(request), "form": form, "next": _next_url(request), "linked": linked}
    if linked and user.is_verified() and request.method != "POST":
        return HttpResponseRedirect(reverse("admin:two_factor_codes"))  # done for this session: the recovery codes
    if linked:
        context["title"] = _("Tweestapsverificatie: je code")
        if request.method == "POST" and form.is_valid():
            device = match_token(user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return HttpResponseRedirect(_next_url(request))
            form.add_error("code", _("Deze code klopt niet (of is al gebruikt). Probeer de volgende code uit je app."))
        return TemplateResponse(request, "admin/partners/two_factor.html", context)

    device = _pending_device(user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if device.verify_token(form.cleaned_data["code"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                codes = _new_recovery_codes(user)
                context.update(title=_("Bewaar je herstelcodes"), codes=codes, linked=True, just_linked=True)
                return TemplateResponse(request, "admin/partners/two_factor_codes.html", context)
        form.add_error("code", _("Deze code klopt niet. Kijk of de tijd op je telefoon juist staat en probeer de volgende code."))
    secret = base64.b32encode(device.bin_key).decode()
    context.update(
        title=_("Tweestapsverificatie instellen"),
        required=scope.edits_everything(user),
        qr=segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, dark="#1d2330"),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    )
    return TemplateResponse(request, "admin/partners/two_factor.html", context)


def recovery_codes_view(site, request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working): only after the second factor of this session."""
    if not user_has_device(request.user, confirmed=True) or not request.user.is_verified():
        return HttpResponseRedirect(reverse("admin:two_factor"))
    context = {**site.each_context(request), "title": _("Nieuwe herstelcodes"), "next": reverse("admin:index")}
    if request.method == "POST":
        context["codes"] = _new_recovery_codes(request.user)
        return TemplateResponse(request, "admin/partners/two_factor_codes.html", context)
    context["remaining"] = sum(
        device.token_set.count() for device in devices_for_user(request.user) if isinstance(device, StaticDevice)
    )
    return TemplateResponse(request, "admin/partners/two_factor_codes.html", context)
