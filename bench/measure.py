"""Measuring page latency against the real server.

``practica serve`` runs as a subprocess (gunicorn, one worker, debug off) on the benchmark
database. Requests go one after another over ``http.client``: a connection is kept open and
reused whenever the server allows it (gunicorn's sync worker answers ``Connection: close``, so
in practice each request opens a loopback connection, which costs tens of microseconds).

Every page is compared with a floor: ``/healthz`` passes through the same middleware stack
(sessions, authentication, time zone) but renders nothing, so the ratio page/floor is the
cost the page adds, independent of how fast the machine is.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from importlib import import_module

# Targets: p50 at most 3× the floor, p99 at most 10× the floor.
P50_FACTOR = 3
P99_FACTOR = 10


@dataclass
class Target:
    name: str
    path: str
    headers: dict[str, str]
    note: str = ""
    p50_factor: float = P50_FACTOR


@dataclass
class Result:
    name: str
    path: str
    note: str
    status: int
    samples_ms: list[float] = field(repr=False)
    bytes: int = 0
    queries: int | None = None
    # In-process, without HTTP: the page with its cached fragments missing, and found.
    queries_cold: int | None = None
    cold_ms: float | None = None
    warm_ms: float | None = None
    p50_factor: float = P50_FACTOR

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.samples_ms)

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p99(self) -> float:
        if len(self.samples_ms) < 2:
            return self.samples_ms[0]
        return statistics.quantiles(self.samples_ms, n=100, method="inclusive")[98]

    def summary(self, floor: "Result | None") -> dict:
        data = asdict(self)
        data.pop("samples_ms")
        if not self.ok:
            return {**data, "verdict": "UNAVAILABLE"}
        data.update(p50_ms=round(self.p50, 3), p99_ms=round(self.p99, 3))
        data["samples"] = len(self.samples_ms)
        data["mean_ms"] = round(statistics.fmean(self.samples_ms), 3)
        data["max_ms"] = round(max(self.samples_ms), 3)
        if floor is not None and floor.ok and self is not floor:
            data["p50_ratio"] = round(self.p50 / floor.p50, 2)
            data["p99_ratio"] = round(self.p99 / floor.p99, 2)
            passed = data["p50_ratio"] <= self.p50_factor and data["p99_ratio"] <= P99_FACTOR
            data["verdict"] = "PASS" if passed else "FAIL"
        else:
            data["verdict"] = "floor"
        return data


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``practica serve`` with one worker on a free port, for as long as the block runs."""

    def __init__(self, env: dict[str, str]):
        self.port = free_port()
        self.env = {k: v for k, v in env.items() if k != "PRACTICA_DEBUG"}
        self.env["PRACTICA_BASE_URL"] = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        command = [sys.executable, "-m", "practica.cli", "serve"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", "1"]
        self.process = subprocess.Popen(
            command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"practica serve exited:\n{self.process.stderr.read()}")
            try:
                status, _size = fetch(self.connection(), "/healthz", {})
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("practica serve did not answer /healthz within 60 seconds")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)


def fetch(conn: http.client.HTTPConnection, path: str, headers: dict) -> tuple[int, int]:
    """One GET; returns (status, body size). http.client reconnects if the server closed."""
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    if response.getheader("Connection", "").lower() == "close":
        conn.close()
    return response.status, len(body)


def timed(conn, targets: list[Target], requests: int, warmup: int) -> list[Result]:
    """Time every target in rounds — one request to each target per round — so that the
    floor and the pages share whatever else the machine is doing at that moment, and their
    ratio stays fair on a busy machine. A target that does not answer 200 is left out."""
    probes = {t.name: fetch(conn, t.path, t.headers) for t in targets}
    live = [t for t in targets if probes[t.name][0] == 200]
    for _ in range(warmup):
        for target in live:
            fetch(conn, target.path, target.headers)
    samples: dict[str, list[float]] = {t.name: [] for t in targets}
    sizes = {name: size for name, (_status, size) in probes.items()}
    statuses = {name: status for name, (status, _size) in probes.items()}
    for _ in range(requests):
        for target in live:
            if statuses[target.name] != 200:
                continue
            start = time.perf_counter()
            status, sizes[target.name] = fetch(conn, target.path, target.headers)
            samples[target.name].append((time.perf_counter() - start) * 1000)
            if status != 200:
                statuses[target.name], samples[target.name] = status, []
    return [
        Result(
            t.name,
            t.path,
            t.note,
            statuses[t.name],
            samples[t.name],
            sizes[t.name],
            p50_factor=t.p50_factor,
        )
        for t in targets
    ]


# --- who is asking ----------------------------------------------------------------------------


def session_cookie(user) -> str:
    """A signed-in session for ``user``, made the way Django's test client force_login does, so
    the measurement does not depend on the login form or its rate limit."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def targets_for(user) -> list[Target]:
    """The pages to measure, on the measured community, seen by an ordinary member."""
    from practica.accounts.services import api_token_create
    from practica.communities.models import Community
    from practica.discussions.models import Topic

    from .seed import HUNDRED, MEASURED_SLUG
    from .stewardship import stewardship_targets

    community = Community.objects.get(slug=MEASURED_SLUG)
    topic = (
        Topic.objects.filter(community=community, reply_count=HUNDRED, is_hidden=False)
        .order_by("id")
        .first()
    )
    if topic is None:
        raise RuntimeError("The bench database has no topic with 100 posts; seed it again.")
    browser = {"Cookie": session_cookie(user), "Accept": "text/html"}
    api = {"Authorization": f"Bearer {api_token_create(user)}", "Accept": "application/json"}
    slug = community.slug
    return [
        Target("floor: /healthz", "/healthz", browser, "same middleware, trivial view"),
        Target(
            "community home",
            f"/c/{slug}/",
            browser,
            f"{community.member_count} members, "
            f"{Topic.objects.filter(community=community).count()} topics",
        ),
        Target("topic page", f"/t/{topic.pk}/", browser, "100 posts; page 1 shows 50"),
        Target("member directory", f"/c/{slug}/members/", browser, "page 1"),
        Target("topic list API", f"/api/v1/communities/{slug}/topics", api, "page 1, Bearer"),
        *health_targets(browser),
        *stewardship_targets(browser),
    ]


def health_targets(browser: dict) -> list[Target]:
    """The health page of the community with a million activity events (bench/health.py),
    if it was seeded: its target is p50 ≤ 5× the floor (issue 4)."""
    from practica.communities.models import Activity, Community

    from .health import PAGE_P50_FACTOR, SLUG

    community = Community.objects.filter(slug=SLUG).first()
    if community is None:
        return []
    events = Activity.objects.filter(community=community).count()
    note = f"{events:,} activity events, 90-day window"
    path = f"/c/{SLUG}/health/"
    return [Target("health page", path, browser, note, p50_factor=PAGE_P50_FACTOR)]


@dataclass
class Inspection:
    """One page run in this process: the SQL of a cold run, and the time of cold and warm
    runs. Cold means the cache was cleared first, so no rendered fragment is found
    (practica.core.cache): what the first visitor after a change pays."""

    cold_queries: list[dict]
    warm_queries: int
    cold_ms: float
    warm_ms: float


def _run_once(client, target: Target, *, cold: bool, captured: list | None = None) -> float:
    """One in-process request, in milliseconds; with ``captured``, its SQL is appended."""
    from django.core.cache import cache
    from django.db import connection

    headers = {k: v for k, v in target.headers.items() if k == "Authorization"}
    if cold:
        cache.clear()  # sessions live in the database, so the viewer stays signed in

    def timer(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - start) * 1000
            captured.append({"sql": sql, "params": params, "ms": ms})

    start = time.perf_counter()
    if captured is None:
        client.get(target.path, headers=headers)
    else:
        with connection.execute_wrapper(timer):
            client.get(target.path, headers=headers)
    return (time.perf_counter() - start) * 1000


def inspect_pages(user, targets: list[Target], runs: int = 5) -> dict[str, Inspection]:
    """Run each page in this process with Django's test client, cold then warm (median of
    ``runs`` each), keeping the SQL of a cold run, slowest first. Queries are timed with
    perf_counter around the driver call (Django's own log rounds to 1 ms)."""
    from django.test import Client

    # A page that fails is reported by the timed run; here it just has no queries to show.
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(user)
    found = {}
    for target in targets:
        _run_once(client, target, cold=False)  # import and compile what the page needs
        cold_sql: list[dict] = []
        _run_once(client, target, cold=True, captured=cold_sql)
        cold = statistics.median(_run_once(client, target, cold=True) for _ in range(runs))
        warm_sql: list[dict] = []
        _run_once(client, target, cold=False, captured=warm_sql)
        warm = statistics.median(_run_once(client, target, cold=False) for _ in range(runs))
        found[target.name] = Inspection(
            cold_queries=sorted(cold_sql, key=lambda q: q["ms"], reverse=True),
            warm_queries=len(warm_sql),
            cold_ms=round(cold, 2),
            warm_ms=round(warm, 2),
        )
    return found


def explain(sql: str, params) -> list[str]:
    """The database's plan for one captured query (SQLite: EXPLAIN QUERY PLAN)."""
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return [" ".join(str(c) for c in row) for row in cursor.fetchall()]


def run(
    *, requests: int, warmup: int, env: dict | None = None
) -> tuple[list[Result], dict[str, list[dict]]]:
    """Measure every target; returns the results and, per page, the SQL it ran."""
    from django.contrib.auth import get_user_model

    from .seed import login_email

    user = get_user_model().objects.get(email=login_email(0))
    targets = targets_for(user)
    inspections = inspect_pages(user, targets)
    with Server(env or dict(os.environ)) as server:
        results = timed(server.connection(), targets, requests, warmup)
    for result in results:
        seen = inspections.get(result.name)
        if seen is not None:
            result.queries = seen.warm_queries or None
            result.queries_cold = len(seen.cold_queries) or None
            result.cold_ms, result.warm_ms = seen.cold_ms, seen.warm_ms
    return results, {name: seen.cold_queries for name, seen in inspections.items()}
