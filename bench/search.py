"""Measuring search: the ``search()`` function behind the page and the API, in-process, for a
mix of queries and two viewers, beside a naive ``LIKE '%term%'`` scan of the same rows.

Targets (absolute, on SQLite): p50 ≤ 20 ms and p99 ≤ 100 ms over the whole mix. The naive scan
is what search would cost without a full-text index — a count of the matches and the newest
20 of them, the least a results page needs — and its ratio to the indexed search is reported
as the margin the index buys.
"""

import statistics
import time
from dataclasses import dataclass

P50_TARGET_MS = 20.0
P99_TARGET_MS = 100.0


@dataclass(frozen=True)
class Query:
    name: str
    q: str
    like: str  # what the naive scan looks for
    community: bool = False  # restricted to the measured community


QUERIES = [
    Query("common term", "community", "community"),
    Query("common term, 2 words", "meeting people", "meeting"),
    Query("less common term", "spectrometer", "spectrometer"),
    Query("rare term", "Tarrawingee", "Tarrawingee"),
    Query("person's name", "Whitfield", "Whitfield"),
    Query("phrase", '"first month"', "first month"),
    Query("prefix", "interpret*", "interpret"),
    Query("community filter", "grant", "grant", community=True),
    Query("no result", "zyxwvut", "zyxwvut"),
]


def _percentiles(samples: list[float]) -> dict:
    p99 = (
        statistics.quantiles(samples, n=100, method="inclusive")[98]
        if len(samples) > 1
        else samples[0]
    )
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p99_ms": round(p99, 2),
        "mean_ms": round(statistics.fmean(samples), 2),
        "max_ms": round(max(samples), 2),
        "samples": len(samples),
    }


def _viewers():
    """Anonymous, and the person with the most active memberships among members of a private
    community (they see the most, and their profile matches include members-only fields)."""
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count, Q

    from practica.accounts.models import User

    member = (
        User.objects.filter(memberships__community__visibility="private")
        .annotate(n=Count("memberships", filter=Q(memberships__status="active")))
        .order_by("-n", "pk")
        .first()
    )
    return [("anonymous", AnonymousUser()), ("member of private communities", member)]


def _naive(like: str, community_id: int | None) -> None:
    """What search would cost with no index: every row read, twice (count and first page)."""
    from django.db import connection

    where = "(title LIKE %s OR body LIKE %s OR tags LIKE %s)"
    params: list = [f"%{like}%"] * 3
    if community_id is not None:
        where += " AND community_id = %s"
        params.append(community_id)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM core_searchdocument WHERE {where}", params)
        cursor.fetchone()
        cursor.execute(
            f"SELECT id FROM core_searchdocument WHERE {where} ORDER BY id DESC LIMIT 20", params
        )
        cursor.fetchall()


def run(rounds: int = 30, naive_rounds: int = 3) -> dict:
    from practica.communities.models import Community
    from practica.communities.visibility import forget_memberships
    from practica.knowledge.search import search

    from .seed import MEASURED_SLUG

    community = Community.objects.get(slug=MEASURED_SLUG)
    report: dict = {"queries": [], "viewers": []}
    everything: list[float] = []
    for label, viewer in _viewers():
        per_viewer: list[float] = []
        for query in QUERIES:
            kwargs = {"community": community} if query.community else {}
            found = search(viewer, query.q, **kwargs)  # warm-up, and what it finds
            samples = []
            for _ in range(rounds):
                forget_memberships(viewer)  # a new request reads the memberships again
                start = time.perf_counter()
                search(viewer, query.q, **kwargs)
                samples.append((time.perf_counter() - start) * 1000)
            per_viewer += samples
            row = {
                "viewer": label,
                "query": query.name,
                "q": query.q,
                "count": found.count_display,
                **_percentiles(samples),
            }
            report["queries"].append(row)
        report["viewers"].append({"viewer": label, **_percentiles(per_viewer)})
        everything += per_viewer
    naive = []
    for query in QUERIES:
        cid = community.pk if query.community else None
        for _ in range(naive_rounds):
            start = time.perf_counter()
            _naive(query.like, cid)
            naive.append((time.perf_counter() - start) * 1000)
    overall = _percentiles(everything)
    report["overall"] = overall
    report["naive_like"] = _percentiles(naive)
    report["naive_ratio_p50"] = round(report["naive_like"]["p50_ms"] / overall["p50_ms"], 1)
    passed = overall["p50_ms"] <= P50_TARGET_MS and overall["p99_ms"] <= P99_TARGET_MS
    report["targets"] = {"p50_ms": P50_TARGET_MS, "p99_ms": P99_TARGET_MS}
    report["verdict"] = "PASS" if passed else "FAIL"
    return report


def print_report(report: dict) -> None:
    print(f"\n{'search (in-process)':<44} {'found':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    print("-" * 80)
    for row in report["queries"]:
        name = f"{row['viewer'][:9]} · {row['query']}"
        print(
            f"{name:<44} {row['count']:>7} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} "
            f"{row['max_ms']:>8.2f}"
        )
    for row in report["viewers"]:
        print(f"{'all queries · ' + row['viewer']:<52} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f}")
    overall, naive = report["overall"], report["naive_like"]
    print(
        f"{'search, overall':<52} {overall['p50_ms']:>8.2f} {overall['p99_ms']:>8.2f}  "
        f"{report['verdict']} (targets p50 ≤ {P50_TARGET_MS:.0f} ms, p99 ≤ {P99_TARGET_MS:.0f} ms)"
    )
    print(
        f"{'naive LIKE scan (count + first 20)':<52} {naive['p50_ms']:>8.2f} "
        f"{naive['p99_ms']:>8.2f}  {report['naive_ratio_p50']}× the indexed search (p50)"
    )
