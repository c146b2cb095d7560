"""Forms of the admin's own pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import Zone


class NewRegionForm(forms.Form):
    """Start the partner map of a zone that shows the template (the same as `manage.py new_elz`)."""

    zone = forms.ModelChoiceField(
        label=_("Eerstelijnszone"),
        queryset=Zone.objects.none(),
        to_field_name="slug",
        help_text=_("De zones die nu het sjabloon tonen."),
    )
    name = forms.CharField(label=_("Naam"), max_length=120, required=False, help_text=_("Leeg: ELZ en de naam van de zone."))
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.exclude(region__has_own_map=True).order_by("name")
