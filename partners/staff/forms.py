"""Forms of the admin's own pages."""

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from partners.content.loader import ContentError
from partners.content.new_region import parse_gemeenten
from partners.models import Gemeente, Province, Region


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

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Region.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("Er bestaat al een eerstelijnszone met de naam ‘%(name)s’.") % {"name": name})
        return name

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Region.objects.filter(slug__iexact=slug).exists():
            raise forms.ValidationError(_("Er bestaat al een eerstelijnszone met de slug ‘%(slug)s’.") % {"slug": slug})
        return slug

    def clean_postcodes(self):
        """A postcode that already belongs to a region stays there: a new ELZ never takes it over."""
        spec = self.cleaned_data["postcodes"]
        try:
            gemeenten = parse_gemeenten(spec, self.cleaned_data.get("name") or "")
        except ContentError as exc:
            raise forms.ValidationError(str(exc)) from None
        taken = Gemeente.objects.filter(postcode__in=[g["postcode"] for g in gemeenten]).select_related("region")
        if taken:
            raise forms.ValidationError(
                _("Deze postcodes horen al bij een andere eerstelijnszone: %(list)s. Een nieuwe ELZ neemt ze niet over; "
                  "verplaats ze eerst bij de gemeenten van die ELZ, als dat echt de bedoeling is.")
                % {"list": ", ".join(f"{g.postcode} {g.name} ({g.region.name})" for g in taken)}
            )  # fmt: skip
        return spec
