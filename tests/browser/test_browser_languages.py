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


# Where a run of text sits on screen: the x of each character and its line, so a test can see whether
# a Dutch name inside an Arabic or Farsi sheet reads left to right as it should.
CHAR_BOXES = """([cardText, needle]) => {
  const card = [...document.querySelectorAll('article')].find(a => a.textContent.includes(cardText));
  if (!card) return null;
  const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const i = node.data.indexOf(needle);
    if (i < 0) continue;
    return [...needle].map((ch, k) => {
      const range = document.createRange(); range.setStart(node, i + k); range.setEnd(node, i + k + 1);
      const box = range.getBoundingClientRect();
      return {ch, x: box.x, y: Math.round(box.y)};
    });
  }
  return null;
}"""


def reads_left_to_right(boxes) -> bool:
    """Each character right of the one before it, line by line (a wrap starts a new line)."""
    lines = {}
    for box in boxes:
        if box["ch"].strip():
            lines.setdefault(box["y"], []).append(box["x"])
    return all(xs == sorted(xs) for xs in lines.values())


def test_dutch_names_in_arabic_and_farsi_sheets_read_left_to_right_at_390_pixels(browser, live_leuven):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-BE")
    page = context.new_page()
    problems = {}
    cases = [
        ("Riddersstraat", "Riddersstraat 57, Leuven."),  # the full stop stays at the end
        ("Locomotievenstraat", "Hal 5, Locomotievenstraat, Kessel-Lo."),
        ("hulplijn geweld", "1712 – hulplijn geweld"),  # not "hulplijn geweld – 1712"
        ("Meander", "’t Lampeke"),  # the apostrophe before the t
        ("Meander", "Sint-Maartensdal"),
    ]
    for code in ("ar", "fa"):
        page.goto(f"{live_leuven}/leuven/contactfiche/?taal={code}")
        for card, needle in cases:
            boxes = page.evaluate(CHAR_BOXES, [card, needle])
            if boxes is None or not reads_left_to_right(boxes):
                problems[f"{code}: {needle}"] = boxes
        # The names are marked Dutch, for screen readers too.
        if not page.locator('article bdi[lang="nl-BE"]:text-is("Riddersstraat 57, Leuven.")').count():
            problems[f"{code}: bdi"] = "Riddersstraat not in <bdi lang=nl-BE>"
        # The script's own comma between channels, and no slanted Arabic script.
        if not page.locator("article p.muted", has_text="\u060c").count():
            problems[f"{code}: comma"] = "no Arabic comma in the channel lists"
        style = page.evaluate("getComputedStyle(document.querySelector('.translation-note')).fontStyle")
        if style != "normal":
            problems[f"{code}: italic"] = style
    context.close()
    assert problems == {}


def test_only_a_sheet_with_arabic_script_text_downloads_the_small_arabic_font(browser, live_leuven):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-BE")
    fonts: dict[str, list[str]] = {}
    for code in ("nl-be", "pl", "ar", "fa"):
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request, requested=requested: requested.append(request.url))
        page.goto(f"{live_leuven}/leuven/contactfiche/?taal={code}", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        fonts[code] = sorted(url.rsplit("/", 1)[1] for url in requested if "/fonts/" in url)
        page.close()
    context.close()
    assert fonts["nl-be"] == [] and fonts["pl"] == []
    for code in ("ar", "fa"):
        assert "NotoSansArabic-Regular-subset.woff2" in fonts[code]
        assert not [name for name in fonts[code] if name.endswith(".ttf")]
