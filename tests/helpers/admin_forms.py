"""Submit an admin change form the way a browser would: everything as shown, plus your changes."""

from django.urls import reverse


def admin_url(obj, view: str = "change") -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def form_data(response) -> dict:
    """The POST data of the admin form on `response` (a change or add page), inlines included."""
    data: dict = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, (list, tuple)):
                queryset = getattr(bound.field, "queryset", None)
                if queryset is not None:  # a browser only shows, and so only sends, the offered choices
                    offered = {str(pk) for pk in queryset.values_list("pk", flat=True)}
                    value = [v for v in value if str(v) in offered]
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    try:
        inlines = response.context["inline_admin_formsets"]
    except KeyError:  # simple-history's revert page has no inlines
        inlines = []
    for inline in inlines:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    data["_save"] = "Opslaan"
    return data


def save_change(client, obj, **changes):
    """Open `obj` in the admin, change some fields, save; returns the POST response."""
    url = admin_url(obj)
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, {**form_data(page), **changes})
