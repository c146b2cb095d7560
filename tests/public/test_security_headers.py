"""Secure by default: the security headers on every kind of response, HTTPS, and check --deploy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage

ROOT = Path(__file__).resolve().parents[2]

SECURITY_HEADERS = {
    "Content-Security-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "Permissions-Policy",
    "Strict-Transport-Security",
    "Cross-Origin-Opener-Policy",
}


def directives(policy: str) -> dict[str, list[str]]:
    result = {}
    for part in policy.split(";"):
        name, *values = part.split()
        result[name] = values
    return result


@pytest.fixture
def https(settings):
    settings.SECURE_SSL_REDIRECT = True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, status",
    [
        ("/leuven/", 200),
        ("/leuven/wegwijzer/actie/?urgentie=acuut", 200),
        ("/leuven/partnerkaart/", 200),
        ("/bestaat-niet/", 404),
        ("/admin/login/", 200),
        ("/healthz", 200),
        ("static", 200),
    ],
)
def test_every_response_carries_the_security_headers(client, leuven, https, path, status):
    if path == "static":
        path = staticfiles_storage.url("css/site.css")
    response = client.get(path, secure=True)
    assert response.status_code == status
    missing = SECURITY_HEADERS - set(response.headers)
    assert not missing, f"{path} lacks {missing}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_public_pages_allow_no_inline_scripts_or_styles(client, leuven):
    response = client.get("/leuven/wegwijzer/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    assert "<style" not in html and " style=" not in html
    assert "<script>" not in html and "<script " in html  # scripts only from files


@pytest.mark.django_db
def test_the_admin_may_use_inline_styles_but_never_inline_scripts(client):
    policy = directives(client.get("/admin/login/")["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_except_the_health_check(client, https):
    response = client.get("/leuven/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/leuven/"
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_the_health_check_answers_any_host_name(client):
    # A load balancer probes the instance by its own address, which is not an allowed host.
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/leuven/", HTTP_HOST="10.1.2.3:8000").status_code == 400


@pytest.mark.django_db
def test_behind_a_tls_proxy_the_forwarded_protocol_counts(client, https, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/healthz", headers={"X-Forwarded-Proto": "https"}).status_code == 200
    assert client.get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
    assert client.get("/").status_code == 301


def test_check_deploy_reports_nothing_with_the_production_variables():
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="wegwijzer.example.be")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
