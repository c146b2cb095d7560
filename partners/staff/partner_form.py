""" "Een partner toevoegen": one form that makes an organisation and its service and puts the
service on the cards, consult topics and urgency tiers an editor ticks, in one save.

Without it a first local partner took five admin forms (organisation, service, card line, consult
contact, tier contact). Every record is written with a normal model save, so simple-history keeps
each one (with the editor and a reason) and the write guard (`partners.staff.guard`) checks each
one for the user, as any admin write; the admin site runs the POST in one transaction, and
`add_partner` is atomic on its own too. The choices offered are those of one of the user's zones;
anything else posted is a form error, and the guard refuses it again at save time.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.content.review import save_with_history
from partners.lib import hours, phones
from partners.lib.ages import AGE_BANDS, OLDEST_MONTHS, YOUNGEST_MONTHS
from partners.models import (
    ConsultContact,
    ConsultTopic,
    Coverage,
    Email,
    Entry,
    Organization,
    Phone,
    Region,
    Schedule,
    Section,
    Service,
    Theme,
    TierContact,
    UrgencyTier,
    postcode_validator,
)
from partners.public.forms import HOURS_HELP, LinesField, _clean_email
from partners.staff import guard, policy, scope

REASON = gettext_lazy("Toegevoegd met ‘Een partner toevoegen’")


class PlacementChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        if isinstance(obj, Section):
            return f"{obj.get_card_display()}: {obj.title}"
        return obj.title if isinstance(obj, ConsultTopic) else obj.name


class AddPartnerForm(forms.Form):
    # Chosen before the form (the places offered depend on it), so hidden here.
    region = forms.ModelChoiceField(
        label=gettext_lazy("Eerstelijnszone"), queryset=Region.objects.none(), to_field_name="slug", widget=forms.HiddenInput
    )
    organization = forms.CharField(
        label=gettext_lazy("Naam van de organisatie"),
        max_length=200,
        help_text=gettext_lazy("Bestaat de organisatie al in je zone? Dan komt de dienst erbij."),
    )
    name = forms.CharField(
        label=gettext_lazy("Naam van de dienst"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Leeg: de naam van de organisatie."),
    )
    description = forms.CharField(
        label=gettext_lazy("Wat biedt de dienst, voor wie?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )
    phones = LinesField(
        label=gettext_lazy("Telefoonnummers"),
        item_clean=phones.normalize,
        max_length=500,
        help_text=gettext_lazy("Eén nummer per regel."),
    )
    emails = LinesField(
        label=gettext_lazy("E-mailadressen"),
        item_clean=_clean_email,
        max_length=500,
        help_text=gettext_lazy("Eén adres per regel."),
    )
    hours = forms.CharField(
        label=gettext_lazy("Bereikbaarheid (uren)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40}),
        help_text=format_lazy("{} {}", HOURS_HELP, gettext_lazy("Dag en nacht bereikbaar? Schrijf 24/7.")),
    )
    url = forms.URLField(label=gettext_lazy("Website"), required=False, max_length=200, assume_scheme="https")
    street = forms.CharField(label=gettext_lazy("Straat en nummer"), required=False, max_length=200)
    postcode = forms.CharField(label=gettext_lazy("Postcode"), required=False, max_length=4, validators=[postcode_validator])
    city = forms.CharField(label=gettext_lazy("Gemeente"), required=False, max_length=80)
    ages = forms.MultipleChoiceField(
        label=gettext_lazy("Voor wie?"),
        required=False,
        choices=[(band.slug, band.label) for band in AGE_BANDS.values()],
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Niets aangevinkt: alle leeftijden."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Thema's"), required=False, queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    is_free = forms.BooleanField(label=gettext_lazy("Gratis"), required=False)
    sections = PlacementChoice(
        label=gettext_lazy("Op de kaarten, in de rubrieken"), required=False, queryset=Section.objects.none()
    )
    topics = PlacementChoice(
        label=gettext_lazy("Als consultcontact bij de onderwerpen"), required=False, queryset=ConsultTopic.objects.none()
    )
    tiers = PlacementChoice(
        label=gettext_lazy("Als contact bij de urgentie"), required=False, queryset=UrgencyTier.objects.none()
    )
    verified = forms.BooleanField(
        label=gettext_lazy("Ik heb deze gegevens vandaag nagekeken"),
        required=False,
        help_text=gettext_lazy("Bij de partner zelf of op zijn website. De kaart toont dan ‘nagekeken op’ met de datum."),
    )

    def __init__(self, *args, user, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.chosen_region = region
        self.fields["region"].queryset = scope.regions_of(user).order_by("name")
        self.fields["region"].initial = region.slug
        # The places offered are those of one zone: the one chosen (and allowed) for this form.
        self.fields["sections"].queryset = Section.objects.filter(region=region).order_by("-card", "order", "pk")
        self.fields["topics"].queryset = ConsultTopic.objects.filter(region=region).order_by("order", "pk")
        self.fields["tiers"].queryset = UrgencyTier.objects.filter(region=region).order_by("order", "pk")

    def clean_hours(self) -> hours.Parsed:
        """The rows (or 24/7) the editor typed: the same reading as the partner's link and the import."""
        try:
            return hours.parse_typed(self.cleaned_data.get("hours", ""))
        except hours.RowsError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        region = data.get("region")
        if region is not None and region != self.chosen_region:
            self.add_error("region", _("Kies de zone bovenaan het formulier opnieuw en vink dan de plaatsen aan."))
        if not self.errors and not (data.get("sections") or data.get("topics") or data.get("tiers")):
            raise forms.ValidationError(
                _(
                    "Vink minstens één plaats aan: een rubriek, een consultonderwerp of een urgentie. Anders ziet niemand de partner."
                )
            )
        return data

    def age_range(self) -> tuple[int | None, int | None]:
        bands = [AGE_BANDS[slug] for slug in self.cleaned_data["ages"]]
        if not bands:
            return None, None
        low, high = min(b.low for b in bands), max(b.high for b in bands)
        return (None if low <= YOUNGEST_MONTHS else low), (None if high >= OLDEST_MONTHS else high)


def _unique_key(region: Region, name: str) -> str:
    base = slugify(f"{region.slug}-{name}")[:70].strip("-") or f"{region.slug}-dienst"
    key, n = base, 1
    while Service.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


def _checked_save(obj, user, reason: str) -> None:
    """The write policy asked explicitly, then one save with the user and reason in the history."""
    policy.check_write(user, obj)
    save_with_history(obj, user, reason)


def _next_order(queryset) -> int:
    last = queryset.order_by("-order").values_list("order", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def add_partner(*, user, region: Region, data: dict) -> Service:
    """Make the organisation (or find it in `region`) and the service from the form's cleaned
    `data`, and put the service where `data` says. Every save is checked by the write policy for
    `user` and leaves a history record; a refusal (`policy.Refused`) rolls all of it back."""
    reason = str(REASON)
    with guard.acting_as(user):
        organization = Organization.objects.filter(region=region, name=data["organization"]).first()
        if organization is None:
            organization = Organization(region=region, name=data["organization"], website=data.get("url", ""))
            organization.full_clean(validate_unique=False)
            _checked_save(organization, user, reason)
        name = data.get("name") or data["organization"]
        age_min, age_max = data["age_range"]
        typed_hours = data.get("hours")
        service = Service(
            organization=organization,
            key=_unique_key(region, name),
            name=name,
            description=data.get("description", ""),
            url=data.get("url", ""),
            street=data.get("street", ""),
            postcode=data.get("postcode", ""),
            city=data.get("city", ""),
            age_min_months=age_min,
            age_max_months=age_max,
            is_free=bool(data.get("is_free")),
            channel_phone=bool(data.get("phones")),
            channel_email=bool(data.get("emails")),
            coverage=Coverage.REGIONS,
            is_always_open=bool(typed_hours and typed_hours.always),
        )
        if data.get("verified"):
            service.assured_date, service.assured_by = timezone.localdate(), policy.verifier_name(user)
        service.full_clean(exclude=["regions", "themes"])
        _checked_save(service, user, reason)
        service.regions.add(region)
        if data.get("themes"):
            service.themes.set(data["themes"])
        for order, number in enumerate(data.get("phones") or [], start=1):
            _checked_save(Phone(service=service, number=number, order=order), user, reason)
        for order, address in enumerate(data.get("emails") or [], start=1):
            _checked_save(Email(service=service, address=address, order=order), user, reason)
        for day, opens, closes in typed_hours.rows if typed_hours else ():
            row = Schedule(service=service, weekday=day, opens_at=opens, closes_at=closes)
            row.full_clean()
            _checked_save(row, user, reason)
        for section in data.get("sections") or []:
            order = _next_order(section.entries.filter(parent__isnull=True))
            _checked_save(Entry(section=section, service=service, order=order), user, reason)
        for topic in data.get("topics") or []:
            _checked_save(ConsultContact(topic=topic, service=service, order=_next_order(topic.contacts)), user, reason)
        for tier in data.get("tiers") or []:
            _checked_save(TierContact(tier=tier, service=service, order=_next_order(tier.contacts)), user, reason)
    return service


def _region_for(request: HttpRequest) -> Region:
    """The zone the form is for: the posted or asked one when the user works on it, else their first."""
    regions = scope.regions_of(request.user).order_by("name")
    wanted = request.POST.get("region") or request.GET.get("elz") or ""
    region = regions.filter(slug=wanted).first() if wanted and len(wanted) <= 50 else None
    region = region or regions.first()
    if region is None:
        raise PermissionDenied
    return region


def add_partner_view(site, request: HttpRequest) -> HttpResponse:
    """The admin page "Een partner toevoegen" (`admin:add_partner`)."""
    user = request.user
    if not all(user.has_perm(f"partners.add_{name}") for name in ("organization", "service", "entry")):
        raise PermissionDenied
    region = _region_for(request)
    form = AddPartnerForm(request.POST or None, user=user, region=region)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "age_range": form.age_range()}
        service = add_partner(user=user, region=form.cleaned_data["region"], data=data)
        public = service.get_absolute_url() or reverse("partnerkaart", args=[region.slug])
        messages.success(
            request,
            format_html(
                _(
                    '‘{name}’ staat op de kaart van {region}. <a href="{public}">Bekijk het op de site</a> of vul de dienst verder aan.'
                ),
                name=service.name,
                region=region.name,
                public=public,
            ),
        )
        return HttpResponseRedirect(reverse("admin:partners_service_change", args=[service.pk]))
    context = {
        **site.each_context(request),
        "title": _("Een partner toevoegen"),
        "form": form,
        "region": region,
        "regions": form.fields["region"].queryset,
    }
    return TemplateResponse(request, "admin/partners/add_partner.html", context, status=400 if request.method == "POST" else 200)
