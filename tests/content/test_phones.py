import pytest
from django.core.exceptions import ValidationError

from partners.lib import phones


@pytest.mark.parametrize(
    "typed, stored, shown",
    [
        ("016 30 17 30", "+3216301730", "016 30 17 30"),
        ("016/30.17.30", "+3216301730", "016 30 17 30"),
        ("080013 500", "+3280013500", "0800 13 500"),
        ("0474 88 78 34", "+32474887834", "0474 88 78 34"),
        ("+32 2 425 17 70", "+3224251770", "02 425 17 70"),
        ("106", "106", "106"),
        ("112", "112", "112"),
    ],
)
def test_numbers_are_stored_e164_and_shown_in_national_format(typed, stored, shown):
    assert phones.normalize(typed) == stored
    assert phones.display(stored) == shown


@pytest.mark.parametrize("typed", ["016 30 17", "hallo", "0474 88 78 34 99", ""])
def test_bad_numbers_are_refused_in_dutch(typed):
    with pytest.raises(ValidationError) as excinfo:
        phones.normalize(typed)
    assert any(word in excinfo.value.messages[0] for word in ("telefoonnummer", "Vul"))


def test_tel_link_uses_the_stored_form():
    assert phones.tel_href("+3216301730") == "tel:+3216301730"
    assert phones.tel_href("1733") == "tel:1733"
