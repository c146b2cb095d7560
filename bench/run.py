"""`make bench`: the public pages under load on PostgreSQL, checked against the budgets of issue 7.

What it does, in order:
1. prepares its own PostgreSQL database (DATABASE_URL; created when missing): migrate, the Leuven
   demo content, collectstatic;
2. counts the SQL queries of every public page of Leuven and the site's own pages (cold and warm
   cache) with Leuven alone — the pages `public_urls()` walks from the URLconf, the same list the
   tests read, so a new page is benched by declaring it with `public_page` — then loads
   `generate_scale_data --regions 60 --services 150` and counts again: counts must not change;
3. starts gunicorn (gunicorn.conf.py) on 127.0.0.1 and drives every page with wrk for a fixed
   number of requests: at concurrency 4 for latency and 16 for throughput, plus a static file
   served by the same server as the baseline;
   The open data API is driven the same way at the 60-zone scale (`API_PAGES`: a list, a region's
   list, a detail, an ndjson page and an id that does not exist, which is a 404 on every request,
   answered from memory before the page cache is read), with the same budgets but its own size cap;
   every wrk request asks for gzip (`Accept-Encoding: gzip`), as browsers and HTTP libraries do, so
   the static file comes precompressed from WhiteNoise and a stored page gzipped from the page
   cache (sizes are reported and capped as sent without gzip);
   a page whose p95 or throughput misses its budget is measured twice more and the median of the
   three runs counts (all three are in results.json: `p95_attempts_ms`, `rps_fraction_attempts`);
4. times every page and API request cold (the first request after a content change) and the
   PDFs (cold after a content change, and cached), when the app has them;
5. fires a 20-second burst at concurrency 64 over all pages: no 5xx allowed;
6. writes bench/results.json, prints a table with PASS/FAIL per budget and the slowest anonymous
   request it found, exits 1 on a FAIL.

A page or PDF that answers 404 is reported as "not yet available" (its feature is not merged yet).
Only loopback traffic; every wrk run is bounded by a request count and a time limit.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RESULTS = ROOT / "bench" / "results.json"
LUA = ROOT / "bench" / "report.lua"

# The open data API (docs/api.md); {service} and {located} are filled in with real ids, {unknown}
# with a random one (a 404 on every request: the cost of a lookup that finds nothing, answered
# from the ids the scope shows, in memory).
API_PAGES = [
    "/api/hsds/services",
    "/api/hsds/leuven/services",
    "/api/hsds/services/{service}",
    "/api/hsds/service_at_locations/{located}",
    "/api/hsds/services?format=ndjson",
    "/api/hsds/service_at_locations/{unknown}",
    "/api/hsds/leuven/service_at_locations/{unknown}",
]
PDFS = {"partnerkaart": "/leuven/partnerkaart.pdf", "contactfiche": "/leuven/contactfiche.pdf"}
STATIC_FILE = "css/site.css"

BUDGETS = {
    "p95_ms": 10.0,  # every page at concurrency 4 (issue 11; was 25 ms)
    "rps_fraction_of_static": 0.5,  # every page at concurrency 16 (issue 11; was ¼; the goal is 0.8)
    "queries": 8,  # per page, and the same with 60 more regions
    "html_bytes": 60 * 1024,
    "pdf_cold_ms": 3000.0,
    "pdf_cached_ms": 50.0,
    "api_bytes": 8 * 1024 * 1024,  # an ndjson page of 500 fully nested services is a few MB
    "cold_ms": 3000.0,  # any page or API request, the first time after a content change
}

LATENCY_REQUESTS = int(os.environ.get("BENCH_LATENCY_REQUESTS", "2000"))
THROUGHPUT_REQUESTS = int(os.environ.get("BENCH_THROUGHPUT_REQUESTS", "4000"))
RUN_SECONDS_CAP = int(os.environ.get("BENCH_RUN_SECONDS", "60"))
BURST_SECONDS = int(os.environ.get("BENCH_BURST_SECONDS", "20"))
WARMUP_SECONDS = 5
BUSY_FRACTION = 0.6
SCALE = ["--regions", os.environ.get("BENCH_REGIONS", "60"), "--services", os.environ.get("BENCH_SERVICES", "150")]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/wegwijzer_bench"


def say(message: str) -> None:
    print(f"== {message}", flush=True)


# -- the database ----------------------------------------------------------------------------


def database_url() -> str:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(f"bench: DATABASE_URL must point to PostgreSQL, not {parts.scheme!r}.")
    name = parts.path.lstrip("/")
    if "bench" not in name and os.environ.get("BENCH_FORCE") != "1":
        sys.exit(
            f"bench: the database {name!r} has no 'bench' in its name. The benchmark replaces generated data in it;\n"
            "use a database of its own (e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/wegwijzer_bench),\n"
            "or set BENCH_FORCE=1 if you really mean this one."
        )
    return url


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            say(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


BENCH_LOCK = 7_041_950_271  # any constant: the advisory lock that says "a benchmark runs here"


def lock_database(url: str):
    """Hold a PostgreSQL advisory lock on the database for the whole run.

    Two benchmarks on one database would delete and regenerate each other's data mid-run.
    The lock lives as long as the returned connection (the process).
    """
    import psycopg

    conn = psycopg.connect(url, autocommit=True)
    if not conn.execute("SELECT pg_try_advisory_lock(%s)", [BENCH_LOCK]).fetchone()[0]:
        sys.exit("bench: another benchmark is running on this database; wait for it, or set DATABASE_URL to another one.")
    return conn


def app_env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-" + secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; production sits behind TLS
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="wegwijzer.settings",
    )
    return env


def manage(env: dict[str, str], *args: str) -> float:
    started = time.monotonic()
    subprocess.run([PY, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)
    return time.monotonic() - started


def new_content_version() -> None:
    """Make every cache cold, as after an edit in the admin of every region."""
    from partners import versions

    versions.bump()


# -- queries, counted in this process with Django's test client -----------------------------


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def api_pages() -> tuple[list[str], dict[str, int]]:
    """API_PAGES with real ids filled in, and the status each must answer."""
    import uuid

    from partners.models import Service

    shown = Service.objects.shown_anywhere().order_by("key")
    ids = {
        "service": shown.values_list("uuid", flat=True).first(),
        "located": shown.exclude(street="").values_list("service_at_location_uuid", flat=True).first(),
        "unknown": uuid.uuid4(),
    }
    paths = [path.format(**ids) for path in API_PAGES]
    return paths, {path: 404 for path in paths if str(ids["unknown"]) in path}


def count_queries(paths: list[str]) -> dict[str, dict]:
    """Per path: status, queries on a cold cache (just after a content change) and warm."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Count strictly: the version read on every request (a server trusts it for
    # VERSION_CHECK_SECONDS, so most of its warm pages cost no query at all).
    settings.VERSION_CHECK_SECONDS = 0
    client = Client()
    result = {}
    for path in paths:
        new_content_version()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(path)
        cold_count = len(cold)  # now: the next request empties the connection's query log
        client.get(path)
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
        result[path] = {"status": response.status_code, "queries_cold": cold_count, "queries": len(warm)}
    connection.close()
    return result


# -- gunicorn and wrk ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class Server:
    """gunicorn with the repository's config, on a free loopback port."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # Kept open while gunicorn writes to it; left on disk for a look after a failure.
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        server_env = dict(env, GUNICORN_BIND=f"127.0.0.1:{self.port}", GUNICORN_LOG_LEVEL="warning")
        gunicorn = str(Path(PY).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "-c", str(ROOT / "gunicorn.conf.py")], env=server_env, cwd=ROOT, stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if fetch(self.base + "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        sys.exit(f"bench: gunicorn did not answer on {self.base}/healthz; see {self.log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wrk(url: str, *, connections: int, requests: int = 0, seconds: int = RUN_SECONDS_CAP, paths: list[str] | None = None) -> dict:
    """One wrk run: until `requests` responses (or `seconds`), with a single wrk thread."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = dict(os.environ, BENCH_OUT=out.name, BENCH_LIMIT=str(requests), BENCH_PATHS=" ".join(paths or []))
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA), url]
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, timeout=seconds + 30)
        data = json.loads(Path(out.name).read_text())
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6) if data["duration_us"] else 0.0
    for name in ("p50", "p95", "p99"):
        data[f"{name}_ms"] = data.pop(f"{name}_us") / 1000
    return data


def median_on_miss(measure, *, passes, key):
    """(the run that counts, every run): one run of `measure` when it `passes` its budget; after a
    miss two more, and the median by `key` counts. A stall of the page itself shows in every run,
    a burst of other work on a shared machine in one."""
    runs = [measure()]
    if not passes(runs[0]):
        runs += [measure(), measure()]
    return sorted(runs, key=key)[len(runs) // 2], runs


def ratio(pair: tuple[dict, dict]) -> float:
    """A page's throughput as a fraction of the static file's, for a (static, page) pair of wrk runs."""
    static, page = pair
    return page["rps"] / static["rps"]


def time_get(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    status, _body = fetch(url)
    return status, (time.perf_counter() - started) * 1000


# -- the run ---------------------------------------------------------------------------------


def main() -> int:
    if not shutil.which("wrk"):
        sys.exit("bench: wrk is missing; install it with `apt-get install -y wrk`.")
    url = database_url()
    ensure_database(url)
    lock = lock_database(url)  # noqa: F841 - held until the process ends
    env = app_env(url)
    results: dict = {"pages": {}, "static_rps": None, "pdf": {}, "setup": {}, "checks": []}

    say("migrate, demo content, static files")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "generate_scale_data", "--delete")
    manage(env, "load_demo", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")

    setup_django(env)
    from partners.public.cache import public_urls

    pages = public_urls("leuven")
    small_api, _expected = api_pages()
    say("queries per page with ELZ Leuven alone")
    small = count_queries(pages + small_api)
    say(f"generate_scale_data {' '.join(SCALE)}")
    results["setup"]["scale_data_seconds"] = round(manage(env, "generate_scale_data", *SCALE, "--force"), 1)
    api, expected = api_pages()  # the scale data sorts in front of Leuven's services
    say("queries per page with the scale data")
    large = count_queries(pages + api)
    # The API's ids differ between the two runs: compare endpoint by endpoint, in API_PAGES order.
    small = {large_path: small[small_path] for large_path, small_path in zip(pages + api, pages + small_api, strict=True)}

    from django.contrib.staticfiles.storage import staticfiles_storage

    static_path = staticfiles_storage.url(STATIC_FILE)

    say("starting gunicorn")
    server = Server(env)
    try:
        available = []
        for path in pages + api:
            new_content_version()
            status, cold_ms = time_get(server.base + path)
            status, body = fetch(server.base + path)
            results["pages"][path] = {"status": status, "bytes": len(body), "cold_ms": round(cold_ms, 1)}
            if status == expected.get(path, 200):
                available.append(path)
            else:
                results["pages"][path]["note"] = "not yet available (404)" if status == 404 else f"answered {status}"
        say(f"warming up every worker on {len(available)} pages and {static_path}")
        wrk(server.base + "/", connections=8, seconds=WARMUP_SECONDS, paths=[*available, static_path])

        static_runs = []
        for path in available:
            entry = results["pages"][path]
            say(f"wrk {path}")
            # The static baseline runs right before each page, so both see the same machine
            # (other processes come and go on a shared box).
            latency, latency_runs = median_on_miss(
                lambda: wrk(server.base + path, connections=4, requests=LATENCY_REQUESTS),  # noqa: B023 - called at once
                passes=lambda run: run["p95_ms"] <= BUDGETS["p95_ms"],
                key=lambda run: run["p95_ms"],
            )
            (static, throughput), pairs = median_on_miss(
                lambda: (
                    wrk(server.base + static_path, connections=16, requests=THROUGHPUT_REQUESTS),
                    wrk(server.base + path, connections=16, requests=THROUGHPUT_REQUESTS),  # noqa: B023 - called at once
                ),
                passes=lambda pair: ratio(pair) >= BUDGETS["rps_fraction_of_static"],
                key=ratio,
            )
            static_runs.append(static["rps"])
            entry.update(
                rps=round(throughput["rps"], 1),
                static_rps=round(static["rps"], 1),
                rps_fraction_of_static=round(throughput["rps"] / static["rps"], 2),
                p50_ms=round(latency["p50_ms"], 2),
                p95_ms=round(latency["p95_ms"], 2),
                p99_ms=round(latency["p99_ms"], 2),
                p95_attempts_ms=[round(run["p95_ms"], 2) for run in latency_runs],
                rps_fraction_attempts=[round(ratio(pair), 2) for pair in pairs],
                queries=large[path]["queries"],
                queries_cold=large[path]["queries_cold"],
                queries_small_data=small[path]["queries"],
                queries_cold_small_data=small[path]["queries_cold"],
                server_errors=sum(run["server_errors"] for run in latency_runs) + sum(t["server_errors"] for _s, t in pairs),
                wire_bytes=round(throughput["bytes"] / throughput["requests"]) if throughput["requests"] else 0,
            )
        results["static_rps"] = round(statistics.median(static_runs), 1) if static_runs else None

        say("PDFs")
        for name, path in PDFS.items():
            new_content_version()
            status, cold_ms = time_get(server.base + path)
            if status == 404:
                results["pdf"][f"{name}_note"] = "not yet available (404)"
                continue
            results["pdf"][f"{name}_status"] = status
            results["pdf"][f"{name}_cold_ms"] = round(cold_ms, 1)
            if name == "partnerkaart":
                cached = [time_get(server.base + path)[1] for _ in range(10)]
                results["pdf"][f"{name}_cached_ms"] = round(statistics.median(cached), 1)

        say(f"burst: wrk at concurrency 64 for {BURST_SECONDS}s over {len(available)} pages")
        burst = wrk(server.base + "/", connections=64, seconds=BURST_SECONDS, paths=available)
        results["burst"] = {
            k: burst[k] for k in ("requests", "server_errors", "non_2xx_3xx", "connect_errors", "read_errors", "timeouts")
        }
        results["burst"]["rps"] = round(burst["rps"], 1)
        results["burst"]["p99_ms"] = round(burst["p99_ms"], 1)
    finally:
        server.stop()

    failed = check_budgets(results)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_table(results)
    print(f"\nresults: {RESULTS.relative_to(ROOT)}   ({'FAIL' if failed else 'all budgets PASS'})")
    return 1 if failed else 0


def slowest(results: dict) -> tuple[str, str, float] | None:
    """The slowest anonymous request measured: (path, what, ms), cold or at p99 under load."""
    found = []
    for path, page in results["pages"].items():
        if "cold_ms" in page:
            found.append((path, "cold", page["cold_ms"]))
        if "p99_ms" in page:
            found.append((path, "p99 at concurrency 4", page["p99_ms"]))
    return max(found, key=lambda item: item[2]) if found else None


def check_budgets(results: dict) -> bool:
    """Adds PASS/FAIL lines to results["checks"]; True when any budget fails."""
    checks = results["checks"]

    def check(name: str, ok: bool, detail: str) -> None:
        checks.append({"check": name, "result": "PASS" if ok else "FAIL", "detail": detail})

    for path, page in results["pages"].items():
        if "rps" not in page:
            if page.get("status") != 404:
                check(f"{path} answers", False, page.get("note", ""))
            continue
        floor = page["static_rps"] * BUDGETS["rps_fraction_of_static"]
        check(f"{path} p95", page["p95_ms"] <= BUDGETS["p95_ms"], f"{page['p95_ms']} ms ≤ {BUDGETS['p95_ms']} ms")
        check(
            f"{path} rps",
            page["rps"] >= floor,
            f"{page['rps']} ≥ {floor:.0f} ({BUDGETS['rps_fraction_of_static']} × static's {page['static_rps']})",
        )
        check(f"{path} queries", page["queries"] <= BUDGETS["queries"], f"{page['queries']} ≤ {BUDGETS['queries']}")
        same = (page["queries"], page["queries_cold"]) == (page["queries_small_data"], page["queries_cold_small_data"])
        check(
            f"{path} queries independent of data size",
            same,
            f"warm {page['queries_small_data']}→{page['queries']}, cold {page['queries_cold_small_data']}→{page['queries_cold']}",
        )
        cap = BUDGETS["api_bytes"] if path.startswith("/api/") else BUDGETS["html_bytes"]
        check(f"{path} size", page["bytes"] <= cap, f"{page['bytes']} B ≤ {cap} B")
        check(f"{path} cold", page["cold_ms"] <= BUDGETS["cold_ms"], f"{page['cold_ms']} ms ≤ {BUDGETS['cold_ms']} ms")
        check(f"{path} no 5xx", page["server_errors"] == 0, f"{page['server_errors']} server errors")
    pdf = results["pdf"]
    for name in PDFS:
        if f"{name}_cold_ms" in pdf:
            check(f"{name}.pdf answers", pdf[f"{name}_status"] == 200, f"status {pdf[f'{name}_status']}")
            check(f"{name}.pdf cold", pdf[f"{name}_cold_ms"] <= BUDGETS["pdf_cold_ms"], f"{pdf[f'{name}_cold_ms']} ms ≤ 3000 ms")
    if "partnerkaart_cached_ms" in pdf:
        check(
            "partnerkaart.pdf cached",
            pdf["partnerkaart_cached_ms"] <= BUDGETS["pdf_cached_ms"],
            f"{pdf['partnerkaart_cached_ms']} ms ≤ 50 ms",
        )
    burst = results.get("burst", {})
    check(
        "burst c=64 no 5xx",
        burst.get("server_errors", 1) == 0 and burst.get("timeouts", 1) == 0,
        f"{burst.get('requests')} requests, {burst.get('server_errors')} 5xx, {burst.get('timeouts')} timeouts",
    )
    for path, page in results["pages"].items():
        mine = [c["result"] for c in checks if c["check"].startswith(f"{path} ")]
        page["budgets"] = "FAIL" if "FAIL" in mine else "PASS"
    return any(c["result"] == "FAIL" for c in checks)


def print_table(results: dict) -> None:
    width = max(len(path) for path in results["pages"]) + 1
    header = (
        f"{'page':<{width}} {'rps@16':>7} {'static':>7} {'ratio':>5} {'p50':>5} {'p95':>5} {'p99':>6} "
        f"{'q':>2} {'q cold':>6} {'cold ms':>7} {'bytes':>8}  budgets"
    )
    print()
    print(header)
    print("-" * len(header))
    for path, page in results["pages"].items():
        if "rps" not in page:
            print(f"{path:<{width}} {page.get('note', '')}")
            continue
        print(
            f"{path:<{width}} {page['rps']:>7.0f} {page['static_rps']:>7.0f} {page['rps_fraction_of_static']:>5.2f} "
            f"{page['p50_ms']:>5.1f} {page['p95_ms']:>5.1f} {page['p99_ms']:>6.1f} {page['queries']:>2} "
            f"{page['queries_cold']:>6} {page['cold_ms']:>7.0f} {page['bytes']:>8}  {page['budgets']}"
        )
    if results["static_rps"]:
        print(f"static baseline {STATIC_FILE}: median {results['static_rps']:.0f} rps at concurrency 16")
    # The static file's rate is the machine's pulse: when it drops well below its best, other
    # processes were using the CPUs during that page, and its latency suffered with it.
    best = max((page["static_rps"] for page in results["pages"].values() if "static_rps" in page), default=0)
    busy = [path for path, page in results["pages"].items() if page.get("static_rps", best) < BUSY_FRACTION * best]
    if busy:
        print(
            f"NOTE: the static baseline fell below {BUSY_FRACTION:.0%} of its best ({best:.0f} rps) next to "
            f"{len(busy)} page(s): other work was sharing the CPUs; latency budgets assume a quiet machine"
        )
    pdf = results["pdf"]
    for name in PDFS:
        if f"{name}_note" in pdf:
            print(f"{name}.pdf: {pdf[f'{name}_note']}")
        elif f"{name}_cold_ms" in pdf:
            cached = f", cached {pdf[f'{name}_cached_ms']} ms" if f"{name}_cached_ms" in pdf else ""
            print(f"{name}.pdf: cold {pdf[f'{name}_cold_ms']} ms{cached}")
    burst = results.get("burst")
    if burst:
        print(
            f"burst c=64 {BURST_SECONDS}s: {burst['requests']} requests, {burst['rps']} rps, p99 {burst['p99_ms']} ms, "
            f"{burst['server_errors']} 5xx, {burst['timeouts']} timeouts, {burst['connect_errors']} connect errors"
        )
    worst = slowest(results)
    if worst:
        print(f"slowest anonymous request: {worst[0]} ({worst[1]}) {worst[2]:.1f} ms")
    print()
    for c in results["checks"]:
        if c["result"] == "FAIL":
            print(f"FAIL  {c['check']}: {c['detail']}")
    passed = sum(c["result"] == "PASS" for c in results["checks"])
    print(f"{passed} PASS, {len(results['checks']) - passed} FAIL")


if __name__ == "__main__":
    sys.exit(main())
