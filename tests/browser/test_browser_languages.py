"""The contactfiche in every language, in Chromium at 320px: axe-clean, no sideways scrolling, right-to-left where it should be."""

from django.conf import settings

from tests.helpers.axe import problems_at_320px


def test_every_language_page_has_no_axe_violations_and_fits_320_pixels(narrow_page, live_leuven):
    page = narrow_page
    problems = {}
    paths = [f"/leuven/contactfiche/?taal={code}" for code, _name in settings.SHEET_LANGUAGES]
    paths.append("/leuven/contactfiche/?taal=ar&tweetalig=1")
    for path in paths:
        problems |= problems_at_320px(page, live_leuven + path, path)
        direction = page.evaluate("getComputedStyle(document.querySelector('main h2')).direction")
        expected = "rtl" if "taal=ar" in path or "taal=fa" in path else "ltr"
        if direction != expected:
            problems[f"{path} (richting)"] = direction
    # Arabic text is drawn with the shipped Noto Sans Arabic, not whatever the machine has.
    page.goto(live_leuven + "/leuven/contactfiche/?taal=ar")
    loaded = page.evaluate(
        """async () => { await document.fonts.ready;
            return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replaceAll('"', '')); }"""
    )
    if "Noto Sans Arabic" not in loaded:
        problems["font"] = f"Noto Sans Arabic not loaded (loaded: {loaded})"
    assert problems == {}
