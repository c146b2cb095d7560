"""axe-core accessibility checks (WCAG 2.1 A and AA rules) for a Playwright page."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now and return its violations (empty list = clean)."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in violations)


def problems_at_320px(page, url: str, path: str) -> dict[str, str]:
    """Open `url` in a page 320 px wide: its axe violations and any sideways scrolling, keyed by `path`."""
    page.goto(url)
    return problems_here(page, path)


def problems_here(page, name: str) -> dict[str, str]:
    """The page as it is now (e.g. the answer to a form, which a reload would post again): its axe
    violations and any sideways scrolling, keyed by `name`."""
    problems = {}
    violations = axe_violations(page)
    if violations:
        problems[name] = describe(violations)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems[f"{name} (breedte)"] = f"{overflow}px horizontal scroll at {page.viewport_size['width']}px"
    return problems
