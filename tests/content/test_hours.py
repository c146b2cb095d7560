"""Opening hours: reading the free text (never a guess), the import column, the words on a card, and
open or closed at a moment in Brussels across summer time, a public holiday and midnight."""

from datetime import UTC, date, datetime, time

import pytest
from django.core.management import call_command

from partners.lib import hours
from partners.models import Schedule, Service

NL = hours.Labels(("ma", "di", "wo", "do", "vr", "za", "zo"), "%(hour)su", "%(hour)su%(minute)s", "%(items)s en %(last)s")
CONSULT = hours.card_data(
    False, [(day, time(a), time(b), None, None) for day in ("TU", "TH") for a, b in ((10, 12), (14, 16))], []
)
HOLIDAYS = {day for year in (2027, 2028) for day, _name in hours.belgian_holidays(year)}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_seed_text_of_the_limburg_consult_line_reads_as_four_rows():
    parsed = hours.parse_free_text("Telkens op dinsdag en donderdag van 10u - 12u en 14u - 16u.")
    assert hours.format_rows(parsed.rows) == "di 10:00-12:00; di 14:00-16:00; do 10:00-12:00; do 14:00-16:00"
    assert hours.words(parsed.rows, NL) == "di en do 10u–12u en 14u–16u"


@pytest.mark.parametrize("text", ["24/7", "24u/7d", "dag en nacht"])
def test_always_open_texts(text):
    assert hours.parse_free_text(text).always


@pytest.mark.parametrize(
    "text",
    ["op afspraak", "ma-vr 9-17", "ma-vr 9u-17u behalve in de schoolvakanties", "werkdagen", "di 10u-10u", "vr-ma 9u-12u"],
)
def test_texts_that_are_not_unambiguous_hours_are_not_read(text):
    assert hours.parse_free_text(text) is None


def test_words_group_days_with_the_same_hours():
    parsed = hours.parse_free_text("ma-vr 9u-17u")
    assert hours.words(parsed.rows, NL) == "ma–vr 9u–17u"
    assert hours.words(hours.parse_rows("vr 22:00-02:00; za 08:30-12:00"), NL) == "vr 22u–2u; za 8u30–12u"


@pytest.mark.parametrize(
    "cell, message",
    [
        ("maandag 9-17", "‘maandag 9-17’ kunnen we niet lezen als openingsuur"),
        ("ma 25:00-26:00", "een uur gaat van 00:00 tot 23:59"),
        ("ma 09:00-09:00", "‘van’ en ‘tot’ zijn gelijk"),
        ("ma 09:00-12:00; ma 09:00-12:00", "staat er twee keer"),
    ],
)
def test_the_import_column_says_in_dutch_what_it_cannot_read(cell, message):
    with pytest.raises(hours.RowsError, match=message):
        hours.parse_rows(cell)


# -- open or closed at a moment -------------------------------------------------------------------


def test_tuesday_morning_open_until_noon_friday_evening_closed_until_tuesday():
    tuesday = hours.status_at(CONSULT, utc(2027, 6, 8, 8, 30), HOLIDAYS)  # 10:30 in Brussels (summer time)
    assert tuesday.open and tuesday.until.strftime("%a %H:%M") == "Tue 12:00"
    friday = hours.status_at(CONSULT, utc(2027, 6, 11, 15, 30), HOLIDAYS)  # 17:30 in Brussels
    assert not friday.open and friday.opens.strftime("%a %d %H:%M") == "Tue 15 10:00"


def test_summer_time_starts_on_the_last_sunday_of_march_2027():
    # Sunday 28 March 2027 at 02:00 the clocks go to 03:00. Tuesday 30 March 10:30 is 08:30 UTC.
    assert hours.status_at(CONSULT, utc(2027, 3, 30, 8, 30), HOLIDAYS).open
    assert not hours.status_at(CONSULT, utc(2027, 3, 30, 10, 30), HOLIDAYS).open  # 12:30 (in winter time: 11:30, open)
    # The week before, still winter time: 10:30 is 09:30 UTC.
    assert hours.status_at(CONSULT, utc(2027, 3, 23, 9, 30), HOLIDAYS).open
    assert not hours.status_at(CONSULT, utc(2027, 3, 23, 8, 30), HOLIDAYS).open  # 09:30 in Brussels


def test_summer_time_ends_on_the_last_sunday_of_october_2027():
    # Sunday 31 October 2027 at 03:00 the clocks go back to 02:00. Tuesday 2 November 10:30 is 09:30 UTC.
    # (Monday 1 November is a public holiday, Tuesday is not.)
    assert hours.status_at(CONSULT, utc(2027, 11, 2, 9, 30), HOLIDAYS).open
    assert not hours.status_at(CONSULT, utc(2027, 11, 2, 8, 30), HOLIDAYS).open  # 09:30 in Brussels
    # Thursday 28 October, still summer time: 10:30 is 08:30 UTC.
    assert hours.status_at(CONSULT, utc(2027, 10, 28, 8, 30), HOLIDAYS).open


def test_closed_on_a_belgian_public_holiday():
    # Thursday 6 May 2027 is Ascension Day (O.L.H. Hemelvaart); Thursday 13 May is not a holiday.
    assert date(2027, 5, 6) in HOLIDAYS
    holiday = hours.status_at(CONSULT, utc(2027, 5, 6, 8, 30), HOLIDAYS)
    assert not holiday.open and holiday.opens.date() == date(2027, 5, 11)  # the next Tuesday
    assert hours.status_at(CONSULT, utc(2027, 5, 13, 8, 30), HOLIDAYS).open


def test_a_schedule_that_crosses_midnight():
    night = hours.card_data(False, [("FR", time(22), time(2), None, None)], [])
    late = hours.status_at(night, utc(2027, 6, 11, 21, 30), HOLIDAYS)  # Friday 23:30 in Brussels
    assert late.open and late.until.strftime("%a %H:%M") == "Sat 02:00"
    assert hours.status_at(night, utc(2027, 6, 11, 23, 30), HOLIDAYS).open  # Saturday 01:30
    after = hours.status_at(night, utc(2027, 6, 12, 0, 30), HOLIDAYS)  # Saturday 02:30
    assert not after.open and after.opens.strftime("%a %H:%M") == "Fri 22:00"


def test_an_announced_closure_closes_the_rows():
    rows = [("TU", time(10), time(12), None, None), ("TH", time(10), time(12), None, None)]
    days = hours.status_at(hours.card_data(False, rows, [(date(2027, 7, 6), date(2027, 7, 7))]), utc(2027, 7, 6, 8, 30), HOLIDAYS)
    assert not days.open and days.opens.date() == date(2027, 7, 8)
    # Closed for longer than a week: "Nu gesloten", without a day name that could be read as this week's.
    month = hours.status_at(
        hours.card_data(False, rows, [(date(2027, 7, 1), date(2027, 7, 31))]), utc(2027, 7, 6, 8, 30), HOLIDAYS
    )
    assert not month.open and month.opens is None


# -- the content ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_content_carries_the_hours_its_sources_give(leuven):
    consult = Service.objects.get(key="consult-verontrusting-limburg")
    rows = [(s.weekday, s.opens_at, s.closes_at) for s in consult.schedules.all()]
    assert hours.format_rows(rows) == "di 10:00-12:00; di 14:00-16:00; do 10:00-12:00; do 14:00-16:00"
    for key in ("crisismeldpunt-minderjarigen", "tele-onthaal-106", "zelfmoordlijn-1813"):
        assert Service.objects.get(key=key).is_always_open, key
    # Every other service with a free text: no rows made up.
    assert set(Schedule.objects.values_list("service__key", flat=True)) == {"consult-verontrusting-limburg"}


@pytest.mark.django_db
def test_reloading_the_content_keeps_the_hours_and_their_ids(leuven):
    before = set(Schedule.objects.values_list("uuid", flat=True))
    history = Schedule.history.count()
    call_command("load_demo", verbosity=0)
    assert set(Schedule.objects.values_list("uuid", flat=True)) == before
    assert Schedule.history.count() == history  # nothing written


@pytest.mark.django_db
def test_parse_hours_reads_what_it_can_and_lists_the_rest(leuven, capsys):
    from partners.lib.acting import system_write

    with system_write("test"):
        Service.objects.filter(key="kind-en-gezin-leuven").update(availability="ma-vr 9u-12u")
        Service.objects.filter(key="caw-onthaal").update(availability="op afspraak")
    call_command("parse_hours", "--dry-run")
    out = capsys.readouterr().out
    assert "uren: kind-en-gezin-leuven ('ma-vr 9u-12u') → ma 09:00-12:00; di 09:00-12:00" in out
    assert "niet gelezen: caw-onthaal: 'op afspraak'" in out
    assert not Schedule.objects.filter(service__key="kind-en-gezin-leuven").exists()  # dry run
    call_command("parse_hours")
    assert Schedule.objects.filter(service__key="kind-en-gezin-leuven").count() == 5
    assert not Schedule.objects.filter(service__key="caw-onthaal").exists()
