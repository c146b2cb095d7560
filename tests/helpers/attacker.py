"""An attacker's browser against the admin: a session that sends CSRF tokens only as a real browser
would (read from the form page), and the moves an attacker makes with it."""

import csv
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from partners.models import ImportUpload
from tests.helpers.admin_forms import form_data

PASSWORD = "een-lang-wachtwoord-123"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSV_FORMAT, XLSX_FORMAT = "0", "1"


def browser_of(user) -> Client:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser


def token(page) -> str:
    match = CSRF.search(page.content.decode())
    assert match, "no CSRF token on the page"
    return match.group(1)


def submit(browser, url, changes=None):
    """Open the form at `url`, take everything it shows plus `changes`, and post it with its CSRF token."""
    page = browser.get(url)
    assert page.status_code == 200, page.status_code
    return browser.post(url, {**form_data(page), "csrfmiddlewaretoken": token(page), **(changes or {})})


def post_with_token(browser, form_url, url, data):
    """Post `data` to `url` with the CSRF token of the page at `form_url`."""
    page = browser.get(form_url)
    assert page.status_code == 200, page.status_code
    return browser.post(url, {**data, "csrfmiddlewaretoken": token(page)})


def finder(*paths) -> dict:
    """What the finder on / answers a visitor: a redirect to one ELZ, or a page of choices."""
    visitor = Client()
    answers = {}
    for path in paths:
        response = visitor.get(path)
        assert response.status_code in (200, 302), path
        answers[path] = response.get("Location") or response.content.decode()
    return answers


def public(*paths) -> dict:
    visitor = Client()
    pages = {}
    for path in paths:
        response = visitor.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    return pages


ZENNE_PAGES = (
    "/zenne/",
    "/zenne/acuut/",
    "/zenne/partnerkaart/",
    "/zenne/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind",
    "/zenne/wegwijzer/bespreek/?thema=armoede",
)
LEUVEN_PAGES = ("/leuven/partnerkaart/", "/leuven/contactfiche/", "/leuven/acuut/")


def inline_index(data: dict, prefix: str, pk: int) -> int:
    return next(
        int(key.split("-")[1])
        for key, value in data.items()
        if key.startswith(f"{prefix}-") and key.endswith("-id") and value == str(pk)
    )


def revert_url(obj, version) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, version.history_id])


def export(browser, model_name, fmt=CSV_FORMAT) -> bytes:
    url = reverse(f"admin:partners_{model_name}_export")
    response = post_with_token(browser, url, url, {"format": fmt, "resource": "0"})
    assert response.status_code == 200
    return response.content


def rows_of(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def to_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def upload(browser, model_name, content: bytes):
    url = reverse(f"admin:partners_{model_name}_import")
    return post_with_token(browser, url, url, {"import_file": SimpleUploadedFile("bestand.csv", content), "format": CSV_FORMAT,
                                               "resource": "0"})  # fmt: skip


def confirm_anyway(browser, model_name):
    """The confirm step, forged with the name of the last upload (as if the attacker knew it)."""
    name = ImportUpload.objects.order_by("-created_at", "-pk").values_list("name", flat=True).first()
    url = reverse(f"admin:partners_{model_name}_import")
    data = {"import_file_name": name or "", "original_file_name": "bestand.csv", "format": CSV_FORMAT, "resource": "0"}
    return post_with_token(browser, url, reverse(f"admin:partners_{model_name}_process_import"), data)


def login(browser, username, password):
    url = reverse("admin:login") + "?next=/admin/"
    return post_with_token(browser, url, url, {"username": username, "password": password})
