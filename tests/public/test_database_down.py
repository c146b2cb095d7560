"""When the database goes away the public pages say so kindly (503), and they recover when it returns.

The app under test runs in a subprocess (Django's real WSGI handler, with its per-request
connection checks) whose DATABASE_URL points at a loopback port we control: closed at first,
then, on PostgreSQL, forwarded to the test database and closed again. The database the other
tests use is never stopped.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

PUBLIC_PAGES = ["/", "/leuven/", "/leuven/acuut/", "/leuven/wegwijzer/actie/?urgentie=acuut", "/leuven/partnerkaart/"]

# Reads one path per line, answers one JSON line per path, through the same WSGI application
# gunicorn serves (so request_started/finished close broken connections as in production).
PROBE = """
import json, sys
from wsgiref.util import setup_testing_defaults
from django.core.wsgi import get_wsgi_application
from django.contrib.staticfiles.storage import staticfiles_storage

app = get_wsgi_application()
for line in sys.stdin:
    path = line.strip()
    if path == "static":
        path = staticfiles_storage.url("css/site.css")
    script, _, query = path.partition("?")
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": script, "QUERY_STRING": query, "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    answer = {}
    def start_response(status, headers, exc_info=None):
        answer.update(status=int(status.split()[0]), headers=dict(headers))
    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        getattr(result, "close", lambda: None)()
    answer["body"] = body.decode("utf-8", "replace")
    print(json.dumps(answer), flush=True)
"""


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


TRUST_SECONDS = 0.5  # VERSION_CHECK_SECONDS of the probe


class Probe:
    """The app in a subprocess, asked for one page at a time."""

    def __init__(self, database_url: str) -> None:
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
        env.update(
            DATABASE_URL=database_url,
            SECRET_KEY="probe-only-not-secret-" + "x" * 40,
            ALLOWED_HOSTS="testserver",
            SECURE_SSL_REDIRECT="0",
            DB_CONNECT_TIMEOUT="2",
            VERSION_CHECK_SECONDS=str(TRUST_SECONDS),
            CONN_MAX_AGE="60",
            DJANGO_SETTINGS_MODULE="wegwijzer.settings",
            LOG_LEVEL="CRITICAL",
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", PROBE], cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def get(self, path: str) -> dict:
        self.process.stdin.write(path + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the probe process died"
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def assert_friendly_503(answer: dict, path: str) -> None:
    assert answer["status"] == 503, path
    assert "Traceback" not in answer["body"] and "OperationalError" not in answer["body"], path
    if path != "/healthz":
        assert "De wegwijzer is even niet bereikbaar" in answer["body"], path
        assert 'href="tel:112"' in answer["body"], path  # acute help stays one click away
        assert answer["headers"]["Retry-After"] == "30"
        assert "Content-Security-Policy" in answer["headers"]


def test_public_pages_answer_503_with_a_friendly_page_when_the_database_is_away():
    probe = Probe(f"postgres://wegwijzer@127.0.0.1:{closed_port()}/wegwijzer")
    try:
        for path in [*PUBLIC_PAGES, "/healthz"]:
            assert_friendly_503(probe.get(path), path)
        assert probe.get("static")["status"] == 200  # static files need no database
    finally:
        probe.close()


class Forwarder:
    """A loopback TCP port that forwards to the real database while switched on."""

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        self.port, self.target = port, target
        self.sockets: list[socket.socket] = []
        self.server: socket.socket | None = None

    def on(self) -> None:
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def off(self) -> None:
        # close() alone leaves the port listening while a thread waits in accept().
        self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self.sockets.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass


@pytest.mark.django_db(transaction=True)
def test_pages_recover_when_the_database_returns_and_fail_kindly_when_it_goes_again():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI runs the suite on it): SQLite has no server to lose")
    call_command("load_demo", verbosity=0)
    db = connection.settings_dict
    port = closed_port()
    forwarder = Forwarder(port, (db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    probe = Probe(f"postgres://{credentials}@127.0.0.1:{port}/{db['NAME']}")
    try:
        assert_friendly_503(probe.get("/leuven/"), "/leuven/")
        forwarder.on()
        for path in [*PUBLIC_PAGES, "/healthz"]:
            assert probe.get(path)["status"] == 200, path
        forwarder.off()  # the database goes away under a kept-alive connection
        # A page served in the last VERSION_CHECK_SECONDS may still come from the process's memory
        # (no query); after that, every page needs the database again.
        time.sleep(TRUST_SECONDS + 0.1)
        for path in [*PUBLIC_PAGES, "/healthz"]:
            assert_friendly_503(probe.get(path), path)
        forwarder.on()
        assert probe.get("/leuven/acuut/")["status"] == 200
        assert probe.get("/healthz")["status"] == 200
    finally:
        probe.close()
        if forwarder.server and forwarder.server.fileno() != -1:
            forwarder.off()
