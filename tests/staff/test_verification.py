"""Partners confirm their own entry: the whole loop against a real SMTP server (aiosmtpd).

request_verifications mails each due service once, the link in the mail confirms or leads to a
proposal, staff accept it in the admin, and only then does the public page change.
"""

from __future__ import annotations

import email
import re
import socket
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partners.content.verification import request_verifications
from partners.lib import phones
from partners.models import MailLog, Proposal, ProposalStatus, Schedule, Service, VerificationRequest

SITE = "https://wegwijzer.example.be"
LINK = re.compile(re.escape(SITE) + r"(/nakijken/[^/\s]+/)")


class Mailbox:
    """aiosmtpd handler: keeps every accepted message; refuses the addresses in `refuse` with a 550."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free local port, and Django's SMTP backend pointed at it."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = SITE
    yield mailbox
    controller.stop()


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message) -> str:
    match = LINK.search(body(message))
    assert match, body(message)
    return match.group(1)


def due_addresses() -> dict[str, str]:
    """Service name -> the address the mail should go to: stale services with an e-mail."""
    result = {}
    for service in Service.objects.stale().prefetch_related("emails"):
        addresses = [e.address for e in service.emails.all()]
        if addresses:
            result[service.name] = addresses[0]
    return result


@pytest.fixture
def caw(leuven):
    return Service.objects.get(key="caw-onthaal")


def mail_for(smtp, service) -> email.message.EmailMessage:
    found = [m for m in smtp.messages if m["Subject"].endswith(f"({service.name})")]
    assert len(found) == 1, [m["Subject"] for m in smtp.messages]
    return found[0]


# -- the command ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_mails_each_due_service_once_and_none_to_fresh_ones(smtp, caw):
    caw.assured_date = timezone.localdate() - timedelta(days=30)
    caw.save()
    expected = due_addresses()
    assert caw.name not in expected and len(expected) > 10

    call_command("request_verifications", verbosity=0)

    subjects = [m["Subject"] for m in smtp.messages]
    assert len(smtp.messages) == len(expected)
    for name, address in expected.items():
        [message] = [m for m in smtp.messages if m["Subject"].endswith(f"({name})")]
        assert message["To"] == address
    assert not any(s.endswith(f"({caw.name})") for s in subjects)
    assert MailLog.objects.filter(status=MailLog.Status.SENT).count() == len(expected)

    call_command("request_verifications", verbosity=0)  # the next day's run: links are on their way
    assert len(smtp.messages) == len(expected)


@pytest.mark.django_db
def test_the_mail_shows_the_entry_as_published_and_a_working_link(smtp, caw, client):
    request_verifications()
    message = mail_for(smtp, caw)
    text = body(message)
    assert "0800 13 500" in text and "onthaal@cawoostbrabant.be" in text and "Redingenstraat 6, 3000 Leuven" in text
    page = client.get(link_in(message))
    assert page.status_code == 200
    assert caw.name in page.content.decode()
    assert "Alles klopt" in page.content.decode() and "Iets klopt niet" in page.content.decode()
    assert "no-store" in page["Cache-Control"]


@pytest.mark.django_db
def test_alles_klopt_marks_it_verified_by_the_partner_and_moves_the_dashboard_share(smtp, caw, client, leuven_client):
    request_verifications()
    dashboard = reverse("admin:dashboard")
    before = leuven_client.get(dashboard).context["overview"]
    link = link_in(mail_for(smtp, caw))

    response = client.post(link, {"confirm": "1"})

    assert response.status_code == 200
    caw.refresh_from_db()
    assert caw.assured_date == timezone.localdate()
    assert caw.assured_by == "de partner"
    assert caw.history.first().history_change_reason.startswith("Bevestigd door de partner")
    after = leuven_client.get(dashboard).context["overview"]
    assert after.counts["verified"] == before.counts["verified"] + 1
    assert after.verified_share > before.verified_share
    assert "Nagekeken op" in client.get(reverse("partnerkaart", args=["leuven"]) + "?q=CAW").content.decode()


@pytest.mark.django_db
def test_a_used_link_gets_a_clear_page_and_confirms_nothing_again(smtp, caw, client):
    request_verifications()
    link = link_in(mail_for(smtp, caw))
    client.post(link, {"confirm": "1"})
    Service.objects.filter(pk=caw.pk).update(assured_date=None, assured_by="")

    again = client.get(link)
    assert again.status_code == 410
    assert "al gebruikt" in again.content.decode()
    assert client.post(link, {"confirm": "1"}).status_code == 410
    assert client.post(link + "wijzig/", {"name": "Iets anders"}).status_code == 410
    caw.refresh_from_db()
    assert caw.assured_date is None
    assert not Proposal.objects.filter(service=caw).exists()


@pytest.mark.django_db
def test_an_expired_link_gets_a_clear_page(smtp, caw, client):
    request_verifications()
    link = link_in(mail_for(smtp, caw))
    VerificationRequest.objects.filter(service=caw).update(expires_at=timezone.now() - timedelta(minutes=1))

    page = client.get(link)
    assert page.status_code == 410
    assert "verlopen" in page.content.decode()
    assert client.post(link, {"confirm": "1"}).status_code == 410
    caw.refresh_from_db()
    assert caw.assured_date is None


@pytest.mark.django_db
def test_a_tampered_link_gets_a_clear_page_never_a_500(smtp, caw, client):
    request_verifications()
    link = link_in(mail_for(smtp, caw))
    token = link.split("/")[2]
    other = VerificationRequest.objects.exclude(service=caw).first()
    forged_payload = token.replace(token.split(":")[0], token.split(":")[0][:-2] + "xx")
    attempts = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature altered
        forged_payload,  # payload altered
        "bm90LWEtdG9rZW4",  # not signed at all
        f"{other.pk}:{caw.verification_requests.get().nonce}",  # another request's id, unsigned
    ]
    for attempt in attempts:
        for response in (client.get(f"/nakijken/{attempt}/"), client.post(f"/nakijken/{attempt}/", {"confirm": "1"})):
            assert response.status_code == 404, attempt
            assert "niet volledig of niet juist" in response.content.decode()
    caw.refresh_from_db()
    assert caw.assured_date is None


@pytest.mark.django_db
def test_a_link_signed_for_one_request_does_not_open_another(smtp, caw, client):
    request_verifications()
    mine = caw.verification_requests.get()
    other = VerificationRequest.objects.exclude(pk=mine.pk).first()
    other.nonce = "0" * 32
    other.save()
    forged = VerificationRequest(pk=other.pk, nonce=mine.nonce).token  # right signature, wrong nonce
    assert client.get(f"/nakijken/{forged}/").status_code == 404


# -- proposals: invisible until accepted -----------------------------------------------------------


def propose(client, link, **changes):
    page = client.get(link + "wijzig/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: form.fields[k].prepare_value(v) if hasattr(form.fields[k], "prepare_value") else v for k, v in data.items()}
    data.update(changes)
    return client.post(link + "wijzig/", {k: ("" if v is None else v) for k, v in data.items()})


# The number the partner types in: a real, published Leuven number from the seed (Jeugddienst
# Leuven, seed 000), so that no number is invented; a CAW search never shows it otherwise.
NEW_PHONE = "016 27 27 50"


def public_kaart(client) -> str:
    return client.get(reverse("partnerkaart", args=["leuven"]) + "?q=CAW").content.decode()


@pytest.mark.django_db
def test_a_proposal_is_invisible_publicly_until_accepted_then_visible_with_history(smtp, caw, client, leuven_client, committed):
    request_verifications()
    link = link_in(mail_for(smtp, caw))
    response = propose(client, link, phones=f"0800 13 500\n{NEW_PHONE}", availability="ma–vr 9–12.30u")
    assert response.status_code == 200, response.context["form"].errors
    proposal = Proposal.objects.get(service=caw)
    assert proposal.status == ProposalStatus.OPEN and proposal.region.slug == "leuven"
    assert proposal.changes == {"phones": ["+3280013500", phones.normalize(NEW_PHONE)], "availability": "ma–vr 9–12.30u"}

    assert NEW_PHONE not in public_kaart(client)
    assert "ma–vr 9–12.30u" not in public_kaart(client)

    review = leuven_client.get(reverse("admin:partners_proposal_change", args=[proposal.pk]))
    assert review.status_code == 200
    assert [row["name"] for row in review.context["rows"]] == ["phones", "availability"]
    assert NEW_PHONE in review.content.decode()

    with committed():
        accepted = leuven_client.post(reverse("admin:partners_proposal_change", args=[proposal.pk]), {"_accept_all": "1"})
    assert accepted.status_code == 302

    page = public_kaart(client)
    assert NEW_PHONE in page and "ma–vr 9–12.30u" in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.decided_by.username == "an"
    record = caw.history.first()
    assert record.availability == "ma–vr 9–12.30u" and record.history_user.username == "an"
    assert "aanvaard" in record.history_change_reason
    assert [p.number for p in caw.phones.all()] == ["+3280013500", phones.normalize(NEW_PHONE)]
    assert caw.phones.model.history.filter(number=phones.normalize(NEW_PHONE), history_type="+").exists()


@pytest.mark.django_db
def test_staff_accept_one_field_and_leave_the_rest(smtp, caw, client, leuven_client):
    request_verifications()
    propose(client, link_in(mail_for(smtp, caw)), name="CAW Oost-Brabant – onthaal Leuven", url="https://www.caw.be")
    proposal = Proposal.objects.get(service=caw)
    url = reverse("admin:partners_proposal_change", args=[proposal.pk])

    leuven_client.post(url, {"_accept_selected": "1", "accept": ["url"]})

    caw.refresh_from_db()
    assert caw.url == "https://www.caw.be"
    assert caw.name == "CAW Oost-Brabant – onthaal"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PARTLY and proposal.accepted_fields == ["url"]


@pytest.mark.django_db
def test_a_rejected_proposal_changes_nothing(smtp, caw, client, leuven_client):
    request_verifications()
    propose(client, link_in(mail_for(smtp, caw)), name="Iets heel anders")
    proposal = Proposal.objects.get(service=caw)
    leuven_client.post(reverse("admin:partners_proposal_change", args=[proposal.pk]), {"_reject": "1"})
    caw.refresh_from_db()
    assert caw.name == "CAW Oost-Brabant – onthaal"
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.REJECTED
    # A decided proposal cannot be accepted afterwards.
    leuven_client.post(reverse("admin:partners_proposal_change", args=[proposal.pk]), {"_accept_all": "1"})
    caw.refresh_from_db()
    assert caw.name == "CAW Oost-Brabant – onthaal"


@pytest.mark.django_db
def test_the_correction_form_refuses_bad_values_in_dutch_and_stores_nothing(smtp, caw, client):
    request_verifications()
    link = link_in(mail_for(smtp, caw))
    response = propose(client, link, phones="0800 13 500\n12345", emails="geen-adres", postcode="30000")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"phones", "emails", "postcode"}
    assert "geen geldig Belgisch telefoonnummer" in str(errors["phones"])
    unchanged = propose(client, link)
    assert "niets veranderd" in unchanged.content.decode()
    assert not Proposal.objects.exists()
    assert caw.verification_requests.get().used_at is None


@pytest.mark.django_db
def test_another_regions_editor_never_sees_or_decides_this_regions_proposal(smtp, caw, client, zenne, make_editor):
    request_verifications()
    propose(client, link_in(mail_for(smtp, caw)), name="Overgenomen door een ander")
    proposal = Proposal.objects.get(service=caw)
    client.force_login(make_editor("zoe", zenne))

    listed = client.get(reverse("admin:partners_proposal_changelist"))
    assert proposal.pk not in {p.pk for p in listed.context["cl"].queryset}
    url = reverse("admin:partners_proposal_change", args=[proposal.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"_accept_all": "1"}).status_code == 403
    assert client.post(url, {"_reject": "1"}).status_code == 403
    assert "Overgenomen door een ander" not in client.get(reverse("admin:dashboard")).content.decode()
    caw.refresh_from_db()
    assert caw.name == "CAW Oost-Brabant – onthaal"
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.OPEN


# -- "Klopt de bereikbaarheid?": the hours in the partner's link ------------------------------------

# The Limburg consult line (seed 003, r. 573: "Telkens op dinsdag en donderdag van 10u - 12u en
# 14u - 16u"), a shared service the redactie Vlaanderen decides on. The partner's changes below
# only drop some of those rows or retype them: no hour is invented.
CONSULT_KEY = "consult-verontrusting-limburg"
CONSULT_PAGE = "/haspengouw/wegwijzer/actie/?urgentie=ondersteuning&erkenning=nee&thema=verontrusting"
SEED_WORDS = "Bereikbaar: di en do 10u–12u en 14u–16u"


@pytest.fixture
def consult(leuven):
    return Service.objects.get(key=CONSULT_KEY)


def consult_rows(service) -> list[tuple]:
    return [(s.weekday, f"{s.opens_at:%H:%M}", f"{s.closes_at:%H:%M}") for s in Schedule.objects.filter(service=service)]


@pytest.mark.django_db
def test_the_partner_sees_the_hours_as_rows_and_a_change_is_public_only_after_staff_accept(
    smtp, consult, client, superuser_client, committed
):
    request_verifications()
    link = link_in(mail_for(smtp, consult))
    page = Client().get(link).content.decode()
    assert "Klopt de bereikbaarheid?" in page and "bereikbaar: di en do 10u–12u en 14u–16u." in page

    form_page = Client().get(link + "wijzig/")
    assert form_page.context["form"].initial["hours"] == "di 10:00-12:00; di 14:00-16:00; do 10:00-12:00; do 14:00-16:00"
    assert ">\ndi 10:00-12:00\ndi 14:00-16:00\ndo 10:00-12:00\ndo 14:00-16:00</textarea>" in form_page.content.decode()
    assert "Eén dag per regel" in form_page.content.decode()
    mornings = set(Schedule.objects.filter(service=consult, opens_at="10:00").values_list("id", flat=True))

    # The partner drops the afternoons.
    response = propose(Client(), link, hours="di 10:00-12:00\r\ndo 10:00-12:00\r\n")
    assert response.status_code == 200, response.context["form"].errors
    proposal = Proposal.objects.get(service=consult)
    assert proposal.changes == {"hours": "di 10:00-12:00; do 10:00-12:00"}
    assert proposal.region is None  # a shared service: for the redactie Vlaanderen

    # Nothing public changed: the rows, and the page.
    assert len(consult_rows(consult)) == 4
    assert SEED_WORDS in Client().get(CONSULT_PAGE).content.decode()

    url = reverse("admin:partners_proposal_change", args=[proposal.pk])
    review = superuser_client.get(url)
    [row] = review.context["rows"]
    assert row["name"] == "hours" and row["current"] == [
        "di 10:00-12:00",
        "di 14:00-16:00",
        "do 10:00-12:00",
        "do 14:00-16:00",
    ]
    assert row["proposed"] == ["di 10:00-12:00", "do 10:00-12:00"]
    assert "Openingsuren" in review.content.decode()

    with committed():
        assert superuser_client.post(url, {"_accept_all": "1"}).status_code == 302

    assert consult_rows(consult) == [("TU", "10:00", "12:00"), ("TH", "10:00", "12:00")]
    # The rows that stay keep their ids; the dropped ones have a deletion in their history.
    assert set(Schedule.objects.filter(service=consult).values_list("id", flat=True)) == mornings
    deleted = Schedule.history.filter(service_id=consult.pk, history_type="-")
    assert deleted.count() == 2
    assert all("aanvaard" in record.history_change_reason for record in deleted)
    assert {record.history_user.username for record in deleted} == {"beheer"}
    public = Client().get(CONSULT_PAGE).content.decode()
    assert "Bereikbaar: di en do 10u–12u" in public and "14u–16u" not in public
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.accepted_fields == ["hours"]


@pytest.mark.django_db
def test_hours_the_form_cannot_read_are_refused_in_dutch_and_nothing_is_stored(smtp, consult, client):
    request_verifications()
    link = link_in(mail_for(smtp, consult))
    for typed, message in [
        ("maandag 9-17", "kunnen we niet lezen als openingsuur"),
        ("di 10:00-12:00\ndi 10:00-12:00", "staat er twee keer"),
        ("di 25:00-26:00", "een uur gaat van 00:00 tot 23:59"),
        ("24/7", "Is de dienst dag en nacht bereikbaar?"),
    ]:
        response = propose(client, link, hours=typed)
        assert response.status_code == 200
        assert message in str(response.context["form"].errors["hours"]), typed
        assert message in response.content.decode() or message.replace("‘", "&lsquo;") in response.content.decode()
    assert not Proposal.objects.exists()
    assert consult.verification_requests.get().used_at is None
    assert len(consult_rows(consult)) == 4

    # The seed's own words, retyped by the partner, read unambiguously: the normalised rows.
    propose(client, link, hours="dinsdag en donderdag van 10u - 12u")
    assert Proposal.objects.get(service=consult).changes == {"hours": "di 10:00-12:00; do 10:00-12:00"}


@pytest.mark.django_db
def test_a_24_7_service_gets_no_rows_from_the_link(smtp, caw, client):
    Service.objects.filter(pk=caw.pk).update(is_always_open=True)  # as if staff had set the flag
    request_verifications()
    link = link_in(mail_for(smtp, caw))
    assert "dag en nacht bereikbaar (24/7)" in client.get(link).content.decode()
    response = propose(client, link, hours="di 10:00-12:00")
    assert "als dag en nacht bereikbaar (24/7)" in str(response.context["form"].errors["hours"])
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_a_tampered_hours_proposal_is_refused_on_accept_and_changes_nothing(consult, superuser_client):
    proposal = Proposal.objects.create(service=consult, source="partner", changes={"hours": "elke dag"})
    response = superuser_client.post(reverse("admin:partners_proposal_change", args=[proposal.pk]), {"_accept_all": "1"})
    assert response.status_code == 302
    assert "Niets overgenomen" in superuser_client.get(response.url).content.decode()
    assert len(consult_rows(consult)) == 4
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.OPEN


# -- reminders, limits, failures ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unused_link_is_mailed_again_after_the_reminder_days_with_the_same_link(smtp, caw, settings):
    settings.WEGWIJZER_VERIFY_REMINDER_DAYS = 14
    settings.WEGWIJZER_VERIFY_MAILS_PER_YEAR = 10  # CAW's address serves three services
    start = timezone.now()
    request_verifications(now=start)
    first = link_in(mail_for(smtp, caw))
    smtp.messages.clear()

    request_verifications(now=start + timedelta(days=13))
    assert smtp.messages == []
    request_verifications(now=start + timedelta(days=14, minutes=1))
    reminder = mail_for(smtp, caw)
    assert str(reminder["Subject"]).strip().startswith("Herinnering")
    assert VerificationRequest.objects.get(service=caw).pk == VerificationRequest.from_token(first.split("/")[2]).pk


@pytest.mark.django_db
def test_no_address_gets_more_mails_a_year_than_the_limit(smtp, caw, settings):
    settings.WEGWIJZER_VERIFY_MAILS_PER_YEAR = 2
    settings.WEGWIJZER_VERIFY_REMINDER_DAYS = 1
    start = timezone.now()
    for day in range(5):
        request_verifications(now=start + timedelta(days=day, minutes=day))
    assert len(smtp.to("onthaal@cawoostbrabant.be")) == 2


@pytest.mark.django_db
def test_a_refused_address_is_logged_as_bounced_and_shows_on_the_dashboard(smtp, caw, leuven_client):
    smtp.refuse.add("onthaal@cawoostbrabant.be")
    summary = request_verifications()
    assert caw.name in summary.failed
    log = MailLog.objects.get(service=caw)
    assert log.status == MailLog.Status.BOUNCED and "550" in log.error and log.region.slug == "leuven"
    refused = MailLog.objects.filter(to="onthaal@cawoostbrabant.be", status=MailLog.Status.BOUNCED).count()
    assert refused >= 1
    overview = leuven_client.get(reverse("admin:dashboard")).context["overview"]
    assert overview.counts["mail_problems"] == refused
    assert caw.verification_requests.get().mails_sent == 0  # so the next run tries again


@pytest.mark.django_db
def test_a_mail_server_that_is_down_is_logged_as_failed(settings, leuven):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.SITE_URL = SITE
    summary = request_verifications(region_slug="leuven")
    assert summary.sent == [] and summary.failed
    assert MailLog.objects.filter(status=MailLog.Status.FAILED).count() == len(summary.failed)
    assert not MailLog.objects.filter(status=MailLog.Status.SENT).exists()


@pytest.mark.django_db
def test_stale_services_without_email_are_listed_for_staff_to_phone(leuven_client):
    service = Service.objects.get(key="caw-onthaal")
    service.emails.all().delete()
    overview = leuven_client.get(reverse("admin:dashboard")).context["overview"]
    assert service in overview.to_phone


def test_email_url_sets_the_smtp_settings():
    from wegwijzer.settings import email_settings_from_url

    tls = email_settings_from_url("smtp://wegwijzer%40elz.be:ge%3Aheim@mail.elz.be:587/?tls=1")
    assert tls["EMAIL_HOST"] == "mail.elz.be" and tls["EMAIL_PORT"] == 587 and tls["EMAIL_USE_TLS"] is True
    assert tls["EMAIL_HOST_USER"] == "wegwijzer@elz.be" and tls["EMAIL_HOST_PASSWORD"] == "ge:heim"
    ssl = email_settings_from_url("smtps://mail.elz.be")
    assert ssl["EMAIL_PORT"] == 465 and ssl["EMAIL_USE_SSL"] is True and ssl["EMAIL_USE_TLS"] is False
    assert email_settings_from_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
