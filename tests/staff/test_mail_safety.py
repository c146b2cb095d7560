"""A bad record cannot stop the partners' mails: names stay on one line wherever they come in, and
each failed mail is logged and shown while the run goes on (against a real SMTP server, aiosmtpd)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from partners.models import Email, MailLog, Proposal, Service
from tests.helpers.admin_forms import admin_url, save_change
from tests.staff.test_import_export import export, preview, rows_of, to_csv
from tests.staff.test_verification import caw, due_addresses, link_in, mail_for, propose, smtp  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_a_name_with_a_line_break_in_the_database_does_not_stop_the_other_mails(smtp, caw, leuven_client):  # noqa: F811
    Service.objects.filter(pk=caw.pk).update(name="CAW Oost-Brabant\nBcc: iedereen@example.org")  # around validation
    expected = due_addresses()
    out, err = io.StringIO(), io.StringIO()
    call_command("request_verifications", stdout=out, stderr=err)
    assert len(smtp.messages) == len(expected) > 10  # every due service got its mail, the odd one too
    [message] = [m for m in smtp.messages if "iedereen@example.org" in m["Subject"]]
    assert message["Subject"].endswith("(CAW Oost-Brabant Bcc: iedereen@example.org)") and message["Bcc"] is None
    assert message["To"] == "onthaal@cawoostbrabant.be"
    assert f"{len(expected)} sent" in out.getvalue() and "0 failed" in out.getvalue()


def test_a_mail_that_cannot_be_sent_is_logged_shown_and_the_run_goes_on(smtp, caw, leuven_client):  # noqa: F811
    Email.objects.filter(service=caw).update(address="onthaal@cawoostbrabant.be\nBcc: iedereen@example.org")
    expected = due_addresses()
    out, err = io.StringIO(), io.StringIO()
    call_command("request_verifications", stdout=out, stderr=err)
    assert len(smtp.messages) == len(expected) - 1  # all others were sent
    log = MailLog.objects.get(service=caw)
    assert log.status == MailLog.Status.FAILED and log.error
    assert f"{len(expected) - 1} sent" in out.getvalue() and "1 failed" in out.getvalue()
    assert caw.name in err.getvalue()
    overview = leuven_client.get(reverse("admin:dashboard")).context["overview"]
    assert overview.counts["mail_problems"] == 1 and overview.mail_problems[0].service_id == caw.pk


def test_an_editor_cannot_save_a_name_with_a_line_break(leuven_client, leuven):
    service = Service.objects.filter(organization__region=leuven).order_by("pk").first()
    response = save_change(leuven_client, service, name="Naam\nBcc: iedereen@example.org")
    assert response.status_code == 200 and "op één regel" in response.content.decode()
    service.refresh_from_db()
    assert "\n" not in service.name


def test_an_import_cannot_bring_in_a_name_with_a_line_break(leuven_client):
    rows = rows_of(export(leuven_client, "service"))
    rows[0]["naam"] = "Naam\r\nBcc: iedereen@example.org"
    previewed = preview(leuven_client, "service", to_csv(rows))
    assert "op één regel" in " ".join(previewed.context["rows"][0]["reasons"])
    assert previewed.context.get("confirm_form") is None


def test_the_partner_form_refuses_a_name_on_two_lines_and_links_that_are_not_http(smtp, caw, client):  # noqa: F811
    call_command("request_verifications", verbosity=0)
    link = link_in(mail_for(smtp, caw))
    for changes, field in [
        ({"name": "CAW\nBcc: iedereen@example.org"}, "name"),
        ({"url": "ftp://cawoostbrabant.be/"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"city": "Leuven\r\n"}, None),  # a trailing line break is trimmed like a space
    ]:
        response = propose(client, link, **changes)
        if field:
            assert response.status_code == 200 and field in response.context["form"].errors, changes
    assert not Proposal.objects.filter(changes__has_key="name").exists()
    assert not Proposal.objects.filter(changes__has_key="url").exists()


def test_the_service_url_field_refuses_other_schemes(leuven_client, leuven):
    service = Service.objects.filter(organization__region=leuven).order_by("pk").first()
    for url in ["ftp://example.org/", "javascript:alert(1)"]:
        response = save_change(leuven_client, service, url=url)
        assert response.status_code == 200 and "url" in response.context["adminform"].form.errors, url
    assert not Service.objects.get(pk=service.pk).url.startswith(("ftp", "javascript"))
    assert admin_url(service)
