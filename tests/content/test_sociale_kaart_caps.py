"""import_sociale_kaart refuses what would harm: deep nesting, huge integers, too many offers,
each with a Dutch message and no traceback; names of offers come in on one line."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from partners.content import sociale_kaart as sk
from partners.models import Proposal
from tests.content.test_sociale_kaart import FIXTURE, LEUVEN_POSTCODES, pages

pytestmark = pytest.mark.django_db


def run(tmp_path, text: str):
    path = tmp_path / "aanbod.json"
    path.write_text(text, encoding="utf-8")
    stdout = io.StringIO()
    call_command("import_sociale_kaart", elz="leuven", file=str(path), stdout=stdout)
    return stdout.getvalue()


def one_offer(**changes) -> dict:
    record = json.loads(json.dumps(pages()[0]["content"][0]))
    record.update(changes)
    return record


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"content": ' + "[" * 100_000 + "]" * 100_000 + "}", "te diep genest"),
        ('{"content": ' + "[" * 50 + "]" * 50 + "}", "te diep genest"),
        ('{"content": [{"id": {"id": ' + "9" * 10_000 + '}, "legalName": {"description": "X"}}]}', "te lang"),
    ],
    ids=["very-deep", "deeper-than-a-record", "huge-integer"],
)
def test_a_hostile_file_is_a_dutch_message_not_a_traceback(leuven, tmp_path, text, message):
    with pytest.raises(CommandError, match=message):
        run(tmp_path, text)
    assert not Proposal.objects.exists()


def test_ten_thousand_offers_are_capped_with_a_dutch_message(leuven, tmp_path):
    record = one_offer()
    with pytest.raises(CommandError, match="Te veel aanbod in één keer"):
        run(tmp_path, json.dumps({"content": [record] * 10_000}))
    assert not Proposal.objects.exists()


def test_a_file_over_the_byte_cap_is_refused(leuven, tmp_path, monkeypatch):
    monkeypatch.setattr(sk, "MAX_BYTES", 1000)
    monkeypatch.setattr("partners.management.commands.import_sociale_kaart.MAX_BYTES", 1000)
    with pytest.raises(CommandError, match="te groot"):
        run(tmp_path, FIXTURE.read_text(encoding="utf-8"))


def test_a_name_with_line_breaks_is_proposed_on_one_line():
    record = one_offer(legalName={"description": "Tejo\nLeuven\r\n\u2028Bcc: x@example.org"})
    offer = sk.parse_offer(record)
    assert offer.name == "Tejo Leuven Bcc: x@example.org"
    result = sk.propose([record], LEUVEN_POSTCODES, [])
    assert all("\n" not in p.offer.name for p in result.proposals)


def test_the_real_fixture_still_reads(leuven, tmp_path):
    assert "7 aanbod gelezen" in run(tmp_path, FIXTURE.read_text(encoding="utf-8"))
