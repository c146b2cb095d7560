"""Every public page is valid HTML: 0 errors from the Nu Html Checker (vnu.jar), in one JVM call.

vnu.jar comes from the npm package `vnu-jar` and runs offline on Java. The test finds it through
$VNU_JAR or at ~/.cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar (where .ci/run installs it);
locally a missing Java or jar skips, in CI (CI=true) that is a failure.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from partners.public.cache import public_urls
from tests.conftest import IN_CI

VNU_PACKAGE_JAR = Path("node_modules/vnu-jar/build/dist/vnu.jar")
KNOWN_JARS = [Path.home() / ".cache/vnu" / VNU_PACKAGE_JAR, Path(__file__).resolve().parents[2] / VNU_PACKAGE_JAR]

# Every registered public page (partners.public.cache.public_urls), of Leuven and of a template zone,
# and the two error pages a visitor can meet.
PAGES = [
    *public_urls("leuven"),
    *public_urls("brugge")[1:],
    # A card with opening hours (data-hours), the hours in words and what answers outside them (issue 23).
    "/haspengouw/wegwijzer/actie/?urgentie=ondersteuning&erkenning=nee&thema=verontrusting",
    "/nergens/",  # the 404 page
    "/leuven/partnerkaart.pdf?thema=verslaving",  # past the hourly budget of new PDFs: the 429 page
]
STATUS = {"/nergens/": 404, "/leuven/partnerkaart.pdf?thema=verslaving": 429}


pytestmark = pytest.mark.slow


def _vnu_command() -> list[str]:
    java = shutil.which("java")
    jar = os.environ.get("VNU_JAR") or next((str(p) for p in KNOWN_JARS if p.is_file()), None)
    if java and jar and Path(jar).is_file():
        return [java, "-jar", jar]
    message = (
        "The Nu Html Checker needs Java and vnu.jar (apt-get install default-jre-headless; "
        "npm install --prefix ~/.cache/vnu vnu-jar, or set VNU_JAR)."
    )
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


# A page with the very error this test exists for: proves the checker ran and reports errors.
CANARY = '<!doctype html><html lang="nl"><head><title>x</title></head><body><a href="/" hx-get="/">x</a></body></html>'


def _partner_link(key: str) -> str:
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from partners.models import Service, VerificationRequest

    request = VerificationRequest.objects.create(
        service=Service.objects.get(key=key),
        email="test@example.org",
        nonce=secrets.token_hex(16),
        expires_at=timezone.now() + timedelta(days=30),
    )
    return request.get_absolute_url()


@pytest.mark.django_db
def test_every_public_page_is_valid_html(client, leuven, tmp_path, settings):
    vnu = _vnu_command()
    settings.WEGWIJZER_NEW_PDFS_PER_HOUR = 0
    files = {"canary.html": "canary"}
    (tmp_path / "canary.html").write_text(CANARY)
    for index, path in enumerate(PAGES):
        response = client.get(path)
        assert response.status_code == STATUS.get(path, 200), path
        assert response["Content-Type"].startswith("text/html"), path
        name = f"page-{index:02d}.html"
        (tmp_path / name).write_bytes(response.content)
        files[name] = path
    # The partner's link (never page-cached, so not in public_urls): the entry with its hours, the
    # correction form with the hours as rows, and that form with a Dutch error on the hours.
    link = _partner_link("consult-verontrusting-limburg")
    for label, response in [
        ("partner link", client.get(link)),
        ("partner link: correction form", client.get(link + "wijzig/")),
        ("partner link: hours refused", client.post(link + "wijzig/", {"name": "x", "hours": "maandag 9-17"})),
    ]:
        assert response.status_code == 200, label
        name = f"page-{len(files):02d}.html"
        (tmp_path / name).write_bytes(response.content)
        files[name] = label
    assert "kunnen we niet lezen als openingsuur" in response.content.decode()
    run = subprocess.run(
        [*vnu, "--format", "json", "--exit-zero-always", *(str(tmp_path / name) for name in files)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(run.stderr)["messages"]
    errors = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == ["canary:1: Attribute “hx-get” not allowed on element “a” at this point."]
