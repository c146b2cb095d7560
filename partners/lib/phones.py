"""Belgian phone numbers: parse what people type, store E.164, show the national format.

Short numbers (112, 1733, 106, 102, …) have no E.164 form; they are stored as their digits.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import shortnumberinfo

REGION = "BE"


def normalize(raw: str) -> str:
    """Return the stored form of a Belgian number, or raise ValidationError in Dutch."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Vul een telefoonnummer in."), code="required")
    try:
        parsed = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("‘%(value)s’ is geen telefoonnummer. Schrijf het zoals in België, bv. 016 30 17 30."),
            params={"value": text},
            code="invalid_phone",
        ) from None
    digits = phonenumbers.national_significant_number(parsed)
    if parsed.country_code == 32 and shortnumberinfo.is_valid_short_number(parsed):
        return digits
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("‘%(value)s’ is geen geldig Belgisch telefoonnummer. Controleer het aantal cijfers."),
            params={"value": text},
            code="invalid_phone",
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display(stored: str) -> str:
    """National format for Belgian numbers (016 30 17 30), international for others."""
    if not stored.startswith("+"):
        return stored
    parsed = phonenumbers.parse(stored, REGION)
    fmt = phonenumbers.PhoneNumberFormat.NATIONAL if parsed.country_code == 32 else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(parsed, fmt)


def tel_href(stored: str) -> str:
    return f"tel:{stored}"
