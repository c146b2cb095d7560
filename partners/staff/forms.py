"""Forms of the admin's own pages."""

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from partners.models import Province


class NewRegionForm(forms.Form):
    """A new eerstelijnszone from the template (the same as `manage.py new_elz`)."""

    name = forms.CharField(label=_("Naam"), max_length=120, help_text=_("bv. ELZ Gent"))
    slug = forms.CharField(
        label=_("Slug"), max_length=50, validators=[validate_slug], help_text=_("Deel van het webadres, bv. gent")
    )
    postcodes = forms.CharField(
        label=_("Postcodes"),
        max_length=500,
        help_text=_("Gescheiden door komma's, met of zonder naam: 9000=Gent, 9030=Mariakerke"),
    )
    province = forms.ChoiceField(
        label=_("Provincie"), required=False, choices=[("", _("volgt uit de eerste postcode"))] + list(Province.choices)
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
