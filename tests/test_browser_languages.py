"""The contactfiche in every language, in Chromium at 320px: axe-clean, no sideways scrolling, right-to-left where it should be."""

from django.conf import settings

from .axe import axe_violations, describe


def test_every_language_page_has_no_axe_violations_and_fits_320_pixels(browser, live_leuven):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-BE")
    page = context.new_page()
    problems = {}
    paths = [f"/leuven/contactfiche/?taal={code}" for code, _name in settings.SHEET_LANGUAGES]
    paths.append("/leuven/contactfiche/?taal=ar&tweetalig=1")
    for path in paths:
        page.goto(live_leuven + path)
        violations = axe_violations(page)
        if violations:
            problems[path] = describe(violations)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems[f"{path} (breedte)"] = f"{overflow}px horizontal scroll at 320px"
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
    context.close()
    assert problems == {}
