"""The two public forms: a partner's correction of its own entry, and a professional's report."""

from __future__ import annotations

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _

from partners.lib import emails, hours, phones
from partners.lib.budgets import budget_store
from partners.lib.text import validate_single_line
from partners.models import PROPOSAL_FIELDS, ReportKind, Service, postcode_validator, service_values


class LinesField(forms.CharField):
    """One value per line (phones, e-mail addresses), cleaned into a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, item_clean, **kwargs):
        self.item_clean = item_clean
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def clean(self, value):
        text = super().clean(value)
        items, errors = [], []
        for line in (line.strip() for line in text.splitlines()):
            if not line:
                continue
            try:
                items.append(self.item_clean(line))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return list(dict.fromkeys(items))


class HoursField(forms.CharField):
    """A service's own weekly hours as plain rows, one per line ("ma 09:00-17:00"), cleaned into
    the text of the column `uren` ("ma 09:00-17:00; di 10:00-12:00"). `always_open`: the service
    is 24/7 in the wegwijzer, so it has no rows."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, always_open: bool = False, **kwargs):
        self.always_open = always_open
        super().__init__(required=False, max_length=1000, **kwargs)

    def prepare_value(self, value):
        return "\n".join(part.strip() for part in value.split(";")) if isinstance(value, str) else value

    def clean(self, value):
        text = super().clean(value)
        try:
            parsed = hours.parse_typed(text)
        except hours.RowsError as exc:
            raise ValidationError(str(exc)) from None
        if parsed.always:
            raise ValidationError(
                _("Is de dienst dag en nacht bereikbaar? Laat dit veld dan leeg en schrijf ‘24/7’ bij ‘bereikbaarheid’.")
            )
        if parsed.rows and self.always_open:
            raise ValidationError(
                _(
                    "De dienst staat in de wegwijzer als dag en nacht bereikbaar (24/7), dus zonder uren. "
                    "Klopt dat niet meer? Laat dit veld leeg en schrijf bij ‘bereikbaarheid’ wanneer de dienst bereikbaar is."
                )
            )
        return hours.format_rows(parsed.rows)


HOURS_HELP = _(
    "Eén dag per regel: de dag (ma, di, wo, do, vr, za of zo) en de uren, bijvoorbeeld ‘ma 09:00-17:00’. "
    "Twee blokken op één dag? Schrijf die dag twee keer: ‘di 09:00-12:00’ en ‘di 13:00-16:00’. "
    "Geen vaste uren? Laat het leeg."
)


def _clean_email(value: str) -> str:
    value = emails.normalize(value)
    validate_email(value)
    return value


class ServiceCorrectionForm(forms.Form):
    """The entry's own fields, prefilled; what the partner changes becomes a Proposal."""

    name = forms.CharField(label=PROPOSAL_FIELDS["name"], max_length=200, validators=[validate_single_line])
    description = forms.CharField(
        label=PROPOSAL_FIELDS["description"], required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    phones = LinesField(
        label=PROPOSAL_FIELDS["phones"], item_clean=phones.normalize, max_length=500, help_text=_("Eén nummer per regel.")
    )
    emails = LinesField(
        label=PROPOSAL_FIELDS["emails"], item_clean=_clean_email, max_length=500, help_text=_("Eén adres per regel.")
    )
    url = forms.URLField(
        label=PROPOSAL_FIELDS["url"],
        required=False,
        max_length=200,
        assume_scheme="https",
        # Django's form field also takes ftp://; a link on public pages and in PDFs is http(s) only.
        validators=[URLValidator(schemes=["http", "https"], message=_("Geef een webadres dat begint met http:// of https://."))],
    )
    street = forms.CharField(label=PROPOSAL_FIELDS["street"], required=False, max_length=200, validators=[validate_single_line])
    postcode = forms.CharField(label=PROPOSAL_FIELDS["postcode"], required=False, max_length=4, validators=[postcode_validator])
    city = forms.CharField(label=PROPOSAL_FIELDS["city"], required=False, max_length=80, validators=[validate_single_line])
    application_process = forms.CharField(
        label=PROPOSAL_FIELDS["application_process"], required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    hours = HoursField(label=_("Wanneer is de dienst bereikbaar? (openingsuren)"), help_text=HOURS_HELP)
    availability = forms.CharField(
        label=PROPOSAL_FIELDS["availability"],
        required=False,
        max_length=200,
        validators=[validate_single_line],
        help_text=_("Wat de uren niet zeggen, bv. ‘op afspraak’ of ‘24/7’."),
    )

    def __init__(self, *args, service: Service, **kwargs):
        self.service = service
        self.current = service_values(service)
        super().__init__(*args, initial=self.current, **kwargs)
        self.fields["hours"].always_open = service.is_always_open

    def changes(self) -> dict[str, object]:
        """The fields whose value differs from the entry as published."""
        return {name: value for name, value in self.cleaned_data.items() if value != self.current.get(name)}

    def clean(self):
        data = super().clean()
        if not self.errors and not self.changes():
            raise ValidationError(_("U hebt niets veranderd. Klopt alles? Kies dan ‘Alles klopt’ op de vorige pagina."))
        return data


FORM_SALT = "wegwijzer.report-form"
MAX_FORM_AGE = 2 * 60 * 60  # seconds a report form stays valid after it was shown


def form_started_token() -> str:
    """When the form was shown, and a nonce that makes the token good for one report only."""
    return signing.dumps([int(time.time()), secrets.token_hex(8)], salt=FORM_SALT)


class TimedForm(forms.Form):
    """A public form that writes: a honeypot field, and a signed time stamp that must be neither
    too fresh (a bot) nor too old, and is good for one submission (a replayed token is refused)."""

    # A field people never see (hidden by the stylesheet) that simple bots fill in.
    website = forms.CharField(
        label=_("Laat dit veld leeg"), required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = form_started_token()

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(_("Dit veld moet leeg blijven."))
        return ""

    def clean_started(self):
        try:
            started = signing.loads(self.cleaned_data["started"], salt=FORM_SALT, max_age=MAX_FORM_AGE)
        except signing.SignatureExpired:
            raise ValidationError(_("Het formulier stond te lang open. Vul het opnieuw in.")) from None
        except signing.BadSignature:
            raise ValidationError(_("Er ging iets mis met het formulier. Vul het opnieuw in.")) from None
        if not (isinstance(started, list) and len(started) == 2 and isinstance(started[0], int) and isinstance(started[1], str)):
            raise ValidationError(_("Er ging iets mis met het formulier. Vul het opnieuw in."))
        when, self._nonce = started
        if time.time() - when > MAX_FORM_AGE:
            raise ValidationError(_("Het formulier stond te lang open. Vul het opnieuw in."))
        if time.time() - when < settings.WEGWIJZER_REPORT_MIN_SECONDS:
            raise ValidationError(_("Dat ging erg snel. Kijk je melding nog eens na en verstuur ze opnieuw."))
        return when

    def full_clean(self):
        """A valid form uses up its token: the same token sent again (a replay) is refused."""
        super().full_clean()
        if self.is_bound and not self.errors and not budget_store().add(f"wegwijzer:form-token:{self._nonce}", 1, MAX_FORM_AGE):
            self.add_error(None, _("Dit formulier is al verstuurd. Open het opnieuw voor een nieuwe melding."))


class ReportForm(TimedForm):
    """What is wrong with a contact; nothing about the reporter, nor about a family or child."""

    kind = forms.ChoiceField(
        label=_("Wat klopt er niet?"),
        choices=[(value, label) for value, label in ReportKind.choices if value != ReportKind.MISSING],
        widget=forms.RadioSelect,
    )
    value = forms.CharField(
        label=_("Wat is juist? (niet verplicht)"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld het juiste nummer. Schrijf hier niets over een gezin of een kind."),
    )
    field_order = ["kind", "value", "website", "started"]


class MissingServiceForm(TimedForm):
    """ "Mis je een dienst?": the name and what the service does; nothing about a family or child."""

    name = forms.CharField(
        label=_("Welke dienst mis je?"), max_length=200, help_text=_("De naam van de dienst of de organisatie.")
    )
    details = forms.CharField(
        label=_("Wat doet de dienst, en waar? (niet verplicht)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bijvoorbeeld: voor wie, in welke gemeente, een website of een telefoonnummer."),
    )
    field_order = ["name", "details", "website", "started"]
