"""De Sociale Kaart's offers through the real admin: a fixture import proposes, the staff accept, the
public pages show it, history holds it. And what another region's editor, a rejection and a second
import must not do.

The fixture is tests/fixtures/sociale-kaart-offers.json (see tests/fixtures/README.md).
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from partners.models import Entry, Organization, Proposal, ProposalSource, ProposalStatus, Section, Service

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "sociale-kaart-offers.json"
NEW = "UZ Leuven campus Gasthuisberg"


def import_leuven() -> str:
    stdout = io.StringIO()
    call_command("import_sociale_kaart", elz="leuven", file=str(FIXTURE), stdout=stdout)
    return stdout.getvalue()


def open_proposals():
    return Proposal.objects.filter(source=ProposalSource.SOCIALE_KAART, status=ProposalStatus.OPEN)


def the_new_one() -> Proposal:
    return open_proposals().get(service=None)


def review_url(proposal: Proposal) -> str:
    return reverse("admin:partners_proposal_change", args=[proposal.pk])


def partnerkaart(client) -> str:
    return client.get(reverse("partnerkaart", args=["leuven"])).content.decode()


def snapshot():
    """What the public pages are made of, for the services and cards the import is about."""
    return (
        list(Service.objects.order_by("key").values_list("key", "name", "url", "street", "postcode", "city", "sociale_kaart_id")),
        list(Entry.objects.order_by("pk").values_list("pk", "section_id", "service_id")),
        Organization.objects.count(),
    )


@pytest.mark.django_db
def test_import_propose_accept_public_history(leuven, client, make_editor, committed):
    """An editor of Leuven: fixture import → proposals listed → accept one matched change and one
    new service → the public partnerkaart shows both → the services' history names the editor."""
    import_leuven()
    editor = make_editor("an", leuven)
    client.force_login(editor)

    listed = client.get(reverse("admin:partners_proposal_changelist") + "?source=sociale_kaart").content.decode()
    for name in (NEW, "TEJO", "Praxis P", "Surdo"):
        assert name in listed

    new = the_new_one()
    screen = client.get(review_url(new))
    assert screen.status_code == 200
    text = screen.content.decode()
    assert "Dit is een voorstel voor een nieuwe dienst" in text and "Herestraat 49" in text
    assert "016 33 22" in text  # the number that could not be read is shown in the note, not guessed
    gezinnen = Section.objects.get(region=leuven, card="partnerkaart", slug="gezinnen")
    assert f'<option value="{gezinnen.pk}">Gezinnen</option>' in text

    client.logout()
    before = partnerkaart(client)
    assert NEW not in before and "https://tejo.be" not in before
    client.force_login(editor)

    with committed():
        made = client.post(review_url(new), {"_accept_all": "1", "section": str(gezinnen.pk)})
        assert made.status_code == 302
        tejo = open_proposals().get(service__key="tejo")
        changed = client.post(review_url(tejo), {"_accept_selected": "1", "accept": ["url", "sociale_kaart_id"]})
    assert changed.status_code == 302

    client.logout()
    page = partnerkaart(client)
    assert NEW in page and "016 33 22 11" in page and "Herestraat 49" in page
    assert 'href="https://tejo.be"' in page
    assert page.count("Meer op De Sociale Kaart") >= 2  # the new service and TEJO

    service = Service.objects.get(name=NEW)
    assert service.sociale_kaart_id == "wwz-test-uz-leuven"
    assert Entry.objects.filter(section=gezinnen, service=service).exists()
    first = service.history.earliest("history_date")
    assert first.history_type == "+" and first.history_user == editor
    tejo_record = Service.objects.get(key="tejo").history.first()
    assert tejo_record.history_user == editor and "De Sociale Kaart" in tejo_record.history_change_reason
    assert {c.field for c in tejo_record.diff_against(tejo_record.prev_record).changes} == {"url", "sociale_kaart_id"}
    new.refresh_from_db()
    tejo.refresh_from_db()
    assert (new.status, new.decided_by, new.service) == (ProposalStatus.ACCEPTED, editor, service)
    assert (tejo.status, tejo.decided_by) == (ProposalStatus.ACCEPTED, editor)


@pytest.mark.django_db
def test_a_new_service_without_a_section_is_made_but_not_on_a_card(leuven, leuven_client):
    import_leuven()
    response = leuven_client.post(review_url(the_new_one()), {"_accept_all": "1", "section": ""})
    assert response.status_code == 302
    service = Service.objects.get(name=NEW)
    assert not service.entries.exists()
    assert reverse("admin:partners_service_change", args=[service.pk]) == response.url


@pytest.mark.django_db
def test_another_regions_editor_cannot_see_or_accept_them(leuven, zenne, client, make_editor):
    import_leuven()
    client.force_login(make_editor("zoe", zenne))
    listed = client.get(reverse("admin:partners_proposal_changelist")).content.decode()
    assert NEW not in listed and "TEJO" not in listed
    before = snapshot()
    zenne_section = Section.objects.get(region=zenne, card="partnerkaart")
    for proposal in open_proposals():
        seen = client.get(review_url(proposal))
        assert seen.status_code in (302, 403, 404) and NEW.encode() not in seen.content
        response = client.post(review_url(proposal), {"_accept_all": "1", "section": str(zenne_section.pk)})
        assert response.status_code in (302, 403, 404)
    assert snapshot() == before
    assert open_proposals().count() == 4


@pytest.mark.django_db
def test_a_section_of_another_region_or_card_is_refused(leuven, zenne, leuven_client):
    import_leuven()
    new = the_new_one()
    before = snapshot()
    contactfiche = Section.objects.filter(region=leuven).exclude(card="partnerkaart").first()
    for value in [
        str(Section.objects.get(region=zenne).pk),
        str(contactfiche.pk) if contactfiche else "x",
        "abc",
        "9" * 30,
        "-1",
    ]:
        response = leuven_client.post(review_url(new), {"_accept_all": "1", "section": value}, follow=True)
        assert response.status_code == 200
        assert "Kies een rubriek van de partnerkaart van deze eerstelijnszone" in response.content.decode()
    assert snapshot() == before
    assert Proposal.objects.get(pk=new.pk).status == ProposalStatus.OPEN


@pytest.mark.django_db
def test_a_proposal_row_for_a_shared_or_foreign_service_cannot_be_accepted_by_an_editor(leuven, zenne, leuven_client):
    """The import never makes these; a row made otherwise (or changed since) still changes nothing."""
    shared = Service.objects.filter(coverage="flanders").first()
    foreign = Service.objects.get(key="hvhk-halle")
    before = snapshot()
    for service in (shared, foreign):
        proposal = Proposal.objects.create(
            region=leuven,
            service=service,
            source=ProposalSource.SOCIALE_KAART,
            changes={"url": "https://example.org/overgenomen"},
        )
        response = leuven_client.post(review_url(proposal), {"_accept_all": "1"})
        assert response.status_code == 403
        assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.OPEN
    assert snapshot() == before


@pytest.mark.django_db
def test_rejected_proposals_change_nothing_and_are_not_proposed_again(leuven, leuven_client, client):
    import_leuven()
    before, page_before = snapshot(), partnerkaart(client)
    for proposal in open_proposals():
        response = leuven_client.post(review_url(proposal), {"_reject": "1"})
        assert response.status_code == 302
    assert not open_proposals().exists()
    assert snapshot() == before
    assert NEW not in partnerkaart(client) and partnerkaart(client) == page_before
    text = import_leuven()
    assert not open_proposals().exists()
    assert "Niet opnieuw voorgesteld" in text


@pytest.mark.django_db
def test_a_second_import_makes_no_duplicates(leuven, leuven_client):
    import_leuven()
    assert open_proposals().count() == 4
    text = import_leuven()
    assert open_proposals().count() == 4
    assert "0 nieuwe voorstellen, 4 stonden al klaar" in text
    # Accept TEJO's change; the next import finds TEJO by its id and has nothing left to propose for it.
    leuven_client.post(review_url(open_proposals().get(service__key="tejo")), {"_accept_all": "1"})
    import_leuven()
    assert not open_proposals().filter(service__key="tejo").exists()
    assert open_proposals().count() == 3
    # Accept the new service; the next import matches it by its id and proposes no second one.
    leuven_client.post(review_url(the_new_one()), {"_accept_all": "1"})
    import_leuven()
    assert not open_proposals().filter(service=None).exists()
    assert Service.objects.filter(sociale_kaart_id="wwz-test-uz-leuven").count() == 1


@pytest.mark.browser
def test_the_new_service_review_screen_in_chromium(browser, live_leuven, make_editor, settings):
    """The screen an editor uses, in a real browser: no axe violations, no CSP violation, and
    choosing a section and "Alles overnemen" puts the service on the partnerkaart."""
    from tests.browser.test_browser_csp import LISTEN
    from tests.helpers.axe import axe_violations, describe

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # the live server speaks plain HTTP
    from partners.models import Region

    import_leuven()
    editor = make_editor("an", Region.objects.get(slug="leuven"))
    editor.set_password("een-lang-wachtwoord-123")
    editor.save()
    context = browser.new_context(locale="nl-BE")
    context.add_init_script(LISTEN)
    page = context.new_page()
    csp = []
    page.on("console", lambda message: csp.append(message.text) if "Content Security Policy" in message.text else None)
    try:
        page.goto(f"{live_leuven}/admin/login/")
        page.get_by_label("Gebruikersnaam").fill("an")
        page.get_by_label("Wachtwoord").fill("een-lang-wachtwoord-123")
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_url(f"{live_leuven}/admin/")
        page.goto(live_leuven + review_url(the_new_one()))
        expect(page.get_by_text("Dit is een voorstel voor een nieuwe dienst")).to_be_visible()
        page.get_by_label("Op de partnerkaart in de rubriek").select_option(label="Gezinnen")
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        page.get_by_role("button", name="Alles overnemen").click()
        page.wait_for_load_state("load")
        assert "De nieuwe dienst ‘UZ Leuven campus Gasthuisberg’ is gemaakt" in page.content()
        assert csp == [] and page.evaluate("window.__cspViolations") == []
        page.goto(f"{live_leuven}/leuven/partnerkaart/#gezinnen")
        assert page.locator("#gezinnen").locator("xpath=..").get_by_text(NEW).count() >= 1
    finally:
        context.close()
