"""Offers of De Sociale Kaart, read in both paging wrappers, filtered to a region and matched to its services.

The fixture tests/fixtures/sociale-kaart-offers.json is written by hand in the shape of
docs/sociale-kaart.md; its contact data comes from fixtures/leuven.yaml (the paper wegwijzer)
and public sources (see tests/fixtures/README.md).
"""

import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from partners.content import sociale_kaart as sk
from partners.content.review import accept_proposal
from partners.models import Organization, Proposal, ProposalSource, ProposalStatus, Section, Service

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "sociale-kaart-offers.json"
LEUVEN_POSTCODES = {"3000", "3001", "3010", "3012", "3018"}


def pages():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def record(name: str) -> dict:
    return next(r for r in sk.read_records(pages()) if r["legalName"]["description"] == name)


def test_both_paging_wrappers_are_read():
    content_page, hal_page = pages()
    assert [r["id"]["id"] for r in sk.read_records(content_page)][:2] == ["wwz-test-tejo-leuven", "wwz-test-praxis-p"]
    assert [r["id"]["id"] for r in sk.read_records(hal_page)][:2] == ["wwz-test-opgroeien", "wwz-test-surdo"]
    assert len(sk.read_records([content_page, hal_page])) == 7


@pytest.mark.parametrize("data", [{"items": []}, [1, 2], {"content": "geen lijst"}, "tekst"])
def test_an_unknown_shape_is_refused(data):
    with pytest.raises(sk.SocialeKaartError):
        sk.read_records(data)


def test_a_website_without_scheme_gets_https_and_is_reported():
    offer = sk.parse_offer(record("TEJO"))
    assert offer.website == "https://tejo.be"
    assert any("https:// toegevoegd" in note for note in offer.notes)
    assert (offer.street, offer.postcode, offer.city) == ("Tervuursevest 176", "3000", "Leuven")
    assert offer.phones == ["+32472602603"]


def test_what_cannot_be_parsed_is_reported_not_guessed():
    offer = sk.parse_offer(record("UZ Leuven campus Gasthuisberg"))
    assert offer.phones == ["+3216332211"]  # the bad second number is left out
    assert offer.problems == ["telefoon: ‘016 33 22’ is geen geldig Belgisch nummer"]
    broken = {
        "id": {"id": "x1"},
        "legalName": {"description": "Voorbeeld"},
        "addresses": [{"municipality": {"postalCode": "30000"}}],
        "contactInfo": {"emails": [{"value": "geen-adres"}], "websites": [{"value": "niet een site"}]},
    }
    offer = sk.parse_offer(broken)
    assert offer.postcodes == [] and offer.emails == [] and offer.website == ""
    assert len(offer.problems) == 3
    assert sk.parse_offer({"id": {"id": "x2"}}) is None  # no name: nothing to propose
    assert sk.parse_offer("geen object") is None


def known(**kwargs) -> sk.Known:
    return sk.Known(**{"key": "k", "name": "Iets anders", **kwargs})


def test_matching_order_id_then_phone_then_email_then_name():
    offer = sk.parse_offer(record("TEJO"))
    by_id = known(key="a", sociale_kaart_id="wwz-test-tejo-leuven")
    by_phone = known(key="b", phones=["+32472602603"])
    by_email = known(key="c", emails=["info.leuven@tejo.be"])
    by_name = known(key="d", name="Tejo")
    assert sk.match(offer, [by_name, by_email, by_phone, by_id]) == (by_id, "sociale_kaart_id")
    assert sk.match(offer, [by_name, by_email, by_phone]) == (by_phone, "phone")
    assert sk.match(offer, [by_name, by_email]) == (by_email, "email")
    assert sk.match(offer, [by_name]) == (by_name, "name")
    assert sk.match(offer, [known()]) == (None, "")


def test_a_shared_central_number_does_not_decide():
    offer = sk.parse_offer(record("TEJO"))
    services = [known(key="a", phones=["+32472602603"]), known(key="b", phones=["+32472602603"])]
    assert sk.match(offer, services) == (None, "")


def test_proposals_for_leuven():
    services = [
        known(
            key="tejo",
            name="TEJO",
            phones=["+32472602603"],
            emails=["info.leuven@tejo.be"],
            street="Tervuursevest 176",
            postcode="3000",
            city="Leuven",
        ),
        known(key="praxis-p", name="Praxis P", emails=["info@praxisp.be"]),
        known(key="surdo", name="Surdo", phones=["+3216237332"], postcode="3000", city="Leuven"),
    ]
    result = sk.propose(sk.read_records(pages()), LEUVEN_POSTCODES, services)
    new = [p for p in result.proposals if p.kind == "new"]
    assert [p.offer.name for p in new] == ["UZ Leuven campus Gasthuisberg"]
    changes = {p.service_key: p.changes for p in result.proposals if p.kind == "change"}
    assert changes["tejo"] == {
        "sociale_kaart_id": {"old": "", "new": "wwz-test-tejo-leuven"},
        "url": {"old": "", "new": "https://tejo.be"},
    }
    assert changes["praxis-p"]["phones"] == {"old": [], "add": ["+3216326266"]}
    assert changes["praxis-p"]["city"] == {"old": "", "new": "Leuven"}
    assert set(changes) == {"tejo", "praxis-p", "surdo"}  # surdo: only its id is new
    skipped = {s.name: s.reason for s in result.skipped}
    assert skipped["Zorgpoort"].startswith("geen (leesbaar) adres")
    assert skipped["Opgroeien regie"].startswith("buiten de ELZ")
    assert skipped["TEJO"].startswith("dubbel")
    text = sk.report(result)
    assert "1 nieuwe diensten, 3 diensten met verschillen" in text
    assert "tejo.be’ had geen http(s)://" in text


def test_two_offers_for_one_service_are_a_duplicate():
    twin = json.loads(json.dumps(record("TEJO")))
    twin["id"]["id"] = "wwz-test-tejo-andere-id"
    services = [known(key="tejo", name="TEJO", phones=["+32472602603"])]
    result = sk.propose([record("TEJO"), twin], LEUVEN_POSTCODES, services)
    assert [p.service_key for p in result.proposals] == ["tejo"]
    assert result.skipped[0].reason.startswith("dubbel: past op dezelfde dienst")


# -- the command ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_prints_and_writes_proposals_and_publishes_nothing(leuven, tmp_path):
    before = list(Service.objects.order_by("key").values_list("key", "url", "sociale_kaart_id", "city"))
    out = tmp_path / "voorstellen.json"
    stdout = io.StringIO()
    call_command("import_sociale_kaart", elz="leuven", file=str(FIXTURE), out=str(out), stdout=stdout)
    assert "7 aanbod gelezen" in stdout.getvalue()
    assert "Nieuw (nog niet op de kaart):" in stdout.getvalue()
    written = json.loads(out.read_text(encoding="utf-8"))
    kinds = sorted((p["kind"], p["service_key"]) for p in written["proposals"])
    assert kinds == [("change", "praxis-p"), ("change", "surdo"), ("change", "tejo"), ("new", "")]
    assert list(Service.objects.order_by("key").values_list("key", "url", "sociale_kaart_id", "city")) == before
    stored = Proposal.objects.filter(region=leuven, source=ProposalSource.SOCIALE_KAART, status=ProposalStatus.OPEN)
    assert sorted(p.service.key if p.service else "" for p in stored) == ["", "praxis-p", "surdo", "tejo"]
    # In the shape of the review screen: field -> proposed value (Praxis P's phone is already on the card).
    assert stored.get(service__key="praxis-p").changes == {
        "sociale_kaart_id": "wwz-test-praxis-p",
        "postcode": "3000",
        "city": "Leuven",
    }
    assert "telefoon: ‘016 33 22’ is geen geldig Belgisch nummer" in stored.get(service=None).note


@pytest.mark.django_db
def test_a_dry_run_prints_and_stores_nothing(leuven):
    stdout = io.StringIO()
    call_command("import_sociale_kaart", elz="leuven", file=str(FIXTURE), dry_run=True, stdout=stdout)
    assert "UZ Leuven campus Gasthuisberg" in stdout.getvalue() and "niets bewaard" in stdout.getvalue()
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_the_command_matches_on_a_stored_sociale_kaart_id(leuven, tmp_path):
    Service.objects.filter(key="home-start").update(sociale_kaart_id="wwz-test-uz-leuven")
    out = tmp_path / "voorstellen.json"
    call_command("import_sociale_kaart", elz="leuven", file=str(FIXTURE), out=str(out), stdout=io.StringIO())
    proposal = next(p for p in json.loads(out.read_text())["proposals"] if p["offer"]["id"] == "wwz-test-uz-leuven")
    assert (proposal["kind"], proposal["service_key"], proposal["matched_by"]) == ("change", "home-start", "sociale_kaart_id")


@pytest.mark.django_db
@pytest.mark.parametrize("content", ["{niet json", '{"onbekend": []}', "\xff\xfe"])
def test_a_bad_file_is_a_clear_error(leuven, tmp_path, content):
    path = tmp_path / "offers.json"
    path.write_bytes(content.encode("latin-1") if content.startswith("\xff") else content.encode())
    with pytest.raises(CommandError):
        call_command("import_sociale_kaart", elz="leuven", file=str(path), stdout=io.StringIO())


@pytest.mark.django_db
def test_an_unknown_region_is_a_clear_error(leuven):
    with pytest.raises(CommandError, match="geen eerstelijnszone"):
        call_command("import_sociale_kaart", elz="nergens", file=str(FIXTURE), stdout=io.StringIO())


# -- on the card ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_card_links_to_de_sociale_kaart_when_the_id_is_known(client, leuven, settings, committed):
    settings.SOCIALE_KAART_OFFER_URL = "https://www.desocialekaart.be/aanbod/{id}"
    page = client.get("/leuven/partnerkaart/?q=tejo").content.decode()
    assert "Meer op De Sociale Kaart" not in page
    tejo = Service.objects.get(key="tejo")
    with committed():
        tejo.sociale_kaart_id = "wwz test/1"
        tejo.save()
    page = client.get("/leuven/partnerkaart/?q=tejo").content.decode()
    assert '<a href="https://www.desocialekaart.be/aanbod/wwz%20test%2F1">Meer op De Sociale Kaart</a>' in page


@pytest.mark.django_db
def test_the_partnerkaart_links_its_open_data(client, leuven):
    page = client.get("/leuven/partnerkaart/").content.decode()
    assert 'href="/api/hsds/leuven/download.json"' in page
    assert client.get("/api/hsds/leuven/download.json").status_code == 200


# -- accepting (content.review.accept_proposal, what the review screen calls) ------------------------------


def import_leuven(**options) -> str:
    stdout = io.StringIO()
    call_command("import_sociale_kaart", elz="leuven", file=str(FIXTURE), stdout=stdout, **options)
    return stdout.getvalue()


def proposal_for(name: str) -> Proposal:
    """The import's open proposal for a service (by its name on the card) or a new one (by the offer's name)."""
    found = [
        p
        for p in Proposal.objects.filter(source=ProposalSource.SOCIALE_KAART, status=ProposalStatus.OPEN)
        if str(p).endswith(name)
    ]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.django_db
def test_an_accepted_new_service_is_public_with_history(client, leuven, django_user_model, committed):
    reviewer = django_user_model.objects.create_user("an", password="een-lang-wachtwoord-123")
    import_leuven()
    new = proposal_for("UZ Leuven campus Gasthuisberg")
    assert new.service is None and new.changes["sociale_kaart_id"] == "wwz-test-uz-leuven"
    assert "UZ Leuven campus Gasthuisberg" not in client.get("/leuven/partnerkaart/").content.decode()
    section = Section.objects.filter(region=leuven, card="partnerkaart").first()
    with committed():
        service = accept_proposal(new, None, reviewer, section=section)

    page = client.get("/leuven/partnerkaart/").content.decode()
    assert "UZ Leuven campus Gasthuisberg" in page and "016 33 22 11" in page
    assert "Meer op De Sociale Kaart" in page
    api = client.get(f"/api/hsds/leuven/services/{service.uuid}").json()
    assert api["x_sociale_kaart_id"] == "wwz-test-uz-leuven"
    record = service.history.earliest("history_date")
    assert record.history_user == reviewer and "De Sociale Kaart" in record.history_change_reason
    assert "De Sociale Kaart" in service.phones.get().history.get().history_change_reason
    assert (service.organization.region, list(service.regions.all())) == (leuven, [leuven])
    new.refresh_from_db()
    assert (new.status, new.service, new.decided_by) == (ProposalStatus.ACCEPTED, service, reviewer)


@pytest.mark.django_db
def test_an_accepted_change_updates_the_service_with_history(client, leuven):
    import_leuven()
    accept_proposal(proposal_for("TEJO"), None, None)
    tejo = Service.objects.get(key="tejo")
    assert (tejo.url, tejo.sociale_kaart_id) == ("https://tejo.be", "wwz-test-tejo-leuven")
    latest = tejo.history.first()
    assert "De Sociale Kaart" in latest.history_change_reason
    assert {c.field for c in latest.diff_against(latest.prev_record).changes} == {"url", "sociale_kaart_id"}
    assert "tejo.be" in client.get("/leuven/partnerkaart/?q=tejo").content.decode()


@pytest.mark.django_db
def test_an_offer_of_a_shared_service_is_a_note_not_a_proposal(leuven):
    shared = Service.objects.filter(coverage="flanders").first()
    Service.objects.filter(pk=shared.pk).update(sociale_kaart_id="wwz-test-uz-leuven")
    text = import_leuven()
    assert "Op een gedeelde dienst" in text and shared.key in text
    assert not Proposal.objects.filter(service=shared).exists()
    assert not Proposal.objects.filter(service=None, changes__sociale_kaart_id="wwz-test-uz-leuven").exists()
    assert Proposal.objects.count() == 3  # tejo, praxis-p, surdo


@pytest.mark.django_db
def test_a_tampered_proposal_changes_nothing(leuven):
    import_leuven()
    new = proposal_for("UZ Leuven campus Gasthuisberg")
    count, organizations = Service.objects.count(), Organization.objects.count()
    for changes in (
        new.changes | {"phones": ["+3216332211", "niet een nummer"]},
        new.changes | {"url": "javascript:alert(1)"},
        new.changes | {"phones": "016332211"},
        new.changes | {"emails": [3]},
        new.changes | {"name": ""},
        {"description": "zonder naam"},
    ):
        Proposal.objects.filter(pk=new.pk).update(changes=changes)
        new.refresh_from_db()
        with pytest.raises(ValidationError):
            accept_proposal(new, None, None)
        assert new.status == ProposalStatus.OPEN
    assert (Service.objects.count(), Organization.objects.count()) == (count, organizations)
    other = Section.objects.exclude(region=leuven).first() or Section.objects.filter(region=leuven, card="contactfiche").first()
    Proposal.objects.filter(pk=new.pk).update(changes={"name": "Iets"})
    new.refresh_from_db()
    with pytest.raises(ValidationError):
        accept_proposal(new, None, None, section=other)  # not this region's partnerkaart
    assert Service.objects.count() == count


@pytest.mark.django_db
def test_an_offer_already_on_another_service_is_not_made_twice(leuven):
    import_leuven()
    new = proposal_for("UZ Leuven campus Gasthuisberg")
    Service.objects.filter(key="home-start").update(sociale_kaart_id="wwz-test-uz-leuven")  # taken since the import
    with pytest.raises(ValidationError, match="andere dienst"):
        accept_proposal(new, None, None)
    assert not Service.objects.filter(name="UZ Leuven campus Gasthuisberg").exists()


# -- from the API --------------------------------------------------------------------------


@pytest.fixture
def fake_api():
    """A real HTTP server on 127.0.0.1 answering /health-offers with the fixture's two pages."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlsplit

    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            query = parse_qs(urlsplit(self.path).query)
            requests.append(query)
            number = int(query["page"][0])
            body = json.dumps(pages()[number]).encode() if urlsplit(self.path).path == "/api/health-offers" else b""
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api", requests
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_the_command_reads_every_page_of_a_rubric_from_the_api(leuven, fake_api, tmp_path):
    url, requests = fake_api
    out = tmp_path / "voorstellen.json"
    stdout = io.StringIO()
    call_command(
        "import_sociale_kaart", elz="leuven", rubric="02.06.01. Ziekenhuizen", api_url=url, pause=0, out=str(out), stdout=stdout
    )
    assert [(q["rubrics"], q["page"]) for q in requests] == [
        (["02.06.01. Ziekenhuizen"], ["0"]),
        (["02.06.01. Ziekenhuizen"], ["1"]),
    ]
    assert "7 aanbod gelezen uit rubriek ‘02.06.01. Ziekenhuizen’" in stdout.getvalue()
    assert len(json.loads(out.read_text())["proposals"]) == 4


@pytest.mark.django_db
def test_an_unreachable_api_is_a_clear_error(leuven, fake_api):
    url, _requests = fake_api
    with pytest.raises(CommandError, match="antwoordt 404"):
        call_command(
            "import_sociale_kaart",
            elz="leuven",
            rubric="x",
            api_url=url.replace("/api", "/elders"),
            pause=0,
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError, match="niet bereikbaar"):
        call_command(
            "import_sociale_kaart", elz="leuven", rubric="x", api_url="http://127.0.0.1:9/api", pause=0, stdout=io.StringIO()
        )
    with pytest.raises(CommandError, match="https://"):
        call_command("import_sociale_kaart", elz="leuven", rubric="x", api_url="file:///etc", pause=0, stdout=io.StringIO())
