"""``python -m bench``: seed a separate database at scale, serve it with the real server, and
measure page latency against a floor, and search latency against its targets.

    python -m bench [--scale small|default|large]
                    [--members N --communities N --topics N --posts N]
                    [--requests N] [--warmup N] [--skip-seed] [--explain] [--home DIR]
                    [--search-rounds N] [--health-events N] [--health-rounds N]

The database lives under ``--home`` (default ./var/bench) whatever PRACTICA_HOME says, so the
benchmark never touches the database you work with; with DATABASE_URL set it uses that
database instead, and refuses to wipe one that holds anything but benchmark accounts.
Results are printed as a table and written to bench/results/<timestamp>.json.
"""

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
# Activity events of the community whose health is measured (bench/health.py), per scale.
HEALTH_EVENTS = {"small": 20_000, "default": 1_000_000, "large": 1_000_000}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=["small", "default", "large"], default="default")
    for name in ("members", "communities", "topics", "posts"):
        parser.add_argument(f"--{name}", type=int, help=f"override the scale's {name}")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page first")
    parser.add_argument("--skip-seed", action="store_true", help="measure the existing data")
    parser.add_argument("--explain", action="store_true", help="print each page's SQL plans")
    parser.add_argument("--home", default="var/bench", help="PRACTICA_HOME for the benchmark")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the data")
    parser.add_argument(
        "--search-rounds", type=int, default=30, help="timed runs of each search query"
    )
    parser.add_argument(
        "--health-events",
        type=int,
        help="activity events of the health community (default: 1,000,000; small: 20,000)",
    )
    parser.add_argument("--health-rounds", type=int, default=5, help="timed health computations")
    return parser.parse_args(argv)


def configure(home: str) -> None:
    """Point Practica at the benchmark home, debug off, before Django reads its settings."""
    os.environ["PRACTICA_HOME"] = str(Path(home).resolve())
    os.environ.pop("PRACTICA_DEBUG", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "practica.settings"
    import django

    django.setup()


def refuse_foreign_data() -> None:
    """Stop before wiping a database that holds accounts the benchmark did not make."""
    from django.db import DatabaseError

    from practica.accounts.models import User

    from .seed import EMAIL_DOMAIN

    try:
        foreign = User.objects.exclude(email__endswith=f"@{EMAIL_DOMAIN}").exists()
    except DatabaseError:  # no tables yet
        return
    if foreign:
        sys.exit(
            "This database holds accounts that the benchmark did not create; refusing to wipe "
            "it. Point --home or DATABASE_URL at a database of its own."
        )


def fresh_database() -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    refuse_foreign_data()
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database['NAME']}{suffix}").unlink(missing_ok=True)
    else:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)


def machine() -> dict:
    from django import get_version
    from django.db import connection

    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split("\n")[0].split()[1])
        memory = f"{total_kb / 1024 / 1024:.1f} GiB"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("show server_version")
        db_version = cursor.fetchone()[0]
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "django": get_version(),
        "database": f"{connection.vendor} {db_version}",
    }


def print_table(summaries: list[dict]) -> None:
    header = f"{'page':<20} {'p50 ms':>8} {'p99 ms':>8} {'p50/floor':>10} {'p99/floor':>10}"
    header += f" {'queries':>8} {'cold ms':>8} {'cold q':>7}"
    print(f"\n{header}  result")
    print("-" * (len(header) + 10))
    for row in summaries:
        if row["verdict"] == "UNAVAILABLE":
            print(f"{row['name']:<20} {'—':>8} {'—':>8} {'':>10} {'':>10} {'':>8} {'':>8} {'':>7}  "
                  f"UNAVAILABLE (HTTP {row['status']}) {row['path']}")  # fmt: skip
            continue
        ratios = (
            (f"{row['p50_ratio']:>9.2f}×", f"{row['p99_ratio']:>9.2f}×")
            if "p50_ratio" in row
            else ("", "")
        )
        cold = f"{row['cold_ms']:.2f}" if row.get("cold_ms") is not None else ""
        print(
            f"{row['name']:<20} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} {ratios[0]:>10} "
            f"{ratios[1]:>10} {row['queries'] or '':>8} {cold:>8} {row['queries_cold'] or '':>7}"
            f"  {row['verdict']}"
        )
    print(
        "queries: per request as measured (rendered fragments found in the cache); cold: one "
        "request in-process with the cache cleared, and its queries"
    )


def slowest_queries(queries: dict[str, list[dict]], top: int = 3) -> dict[str, list[dict]]:
    from .measure import explain

    report = {}
    for page, captured in queries.items():
        report[page] = [
            {"ms": round(q["ms"], 3), "sql": q["sql"], "plan": explain(q["sql"], q["params"])}
            for q in captured[:top]
        ]
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configure(args.home)
    from django.core.management import call_command

    from . import measure
    from .seed import SCALES, seed

    overrides = {k: getattr(args, k) for k in ("members", "communities", "topics", "posts")}
    scale = replace(SCALES[args.scale], **{k: v for k, v in overrides.items() if v is not None})
    seconds_seeding = None
    if args.skip_seed:
        call_command("migrate", interactive=False, verbosity=0)
        # Rendered fragments from an earlier run may come from another database (SQLite and
        # PostgreSQL share --home); every run starts from an empty cache and warms it.
        from django.core.cache import cache

        cache.clear()
    else:
        print(f"Seeding {scale} into {os.environ['PRACTICA_HOME']}")
        started = time.monotonic()
        fresh_database()
        seed(scale, seed=args.seed)
        events = args.health_events
        if events is None:
            events = HEALTH_EVENTS[args.scale]
        if events:
            from .health import seed_health_community

            seed_health_community(events, seed=args.seed)
        from .stewardship import seed_stewardship_community

        if args.scale == "small":
            seed_stewardship_community(time_entries=2_000, expenses=400, funds=10, seed=args.seed)
        else:
            seed_stewardship_community(seed=args.seed)
        seconds_seeding = round(time.monotonic() - started, 1)
        print(f"Seeded in {seconds_seeding} s")
    call_command("collectstatic", interactive=False, verbosity=0)

    results, queries = measure.run(requests=args.requests, warmup=args.warmup)
    floor = results[0]
    summaries = [r.summary(floor) for r in results]
    print_table(summaries)
    from . import search as search_bench

    searched = search_bench.run(rounds=args.search_rounds)
    search_bench.print_report(searched)
    from . import health as health_bench

    healthy = health_bench.run(rounds=args.health_rounds)
    health_bench.print_report(healthy)
    slow = slowest_queries(queries)
    if args.explain:
        for page, rows in slow.items():
            print(f"\n== {page}: {len(queries[page])} queries with a cold cache; slowest:")
            for q in rows:
                print(f"  {q['ms']:.2f} ms  {q['sql'][:400]}")
                for line in q["plan"]:
                    print(f"      {line}")

    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"{stamp}.json"
    report = {
        "when": stamp,
        "scale": {"name": args.scale, **scale.__dict__},
        "seconds_seeding": seconds_seeding,
        "requests": args.requests,
        "warmup": args.warmup,
        "targets": {"p50_factor": measure.P50_FACTOR, "p99_factor": measure.P99_FACTOR},
        "machine": machine(),
        "results": summaries,
        "search": searched,
        "health": healthy,
        "slowest_queries": slow,
    }
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\nWrote {path}")
    failed = [s for s in summaries if s["verdict"] in {"FAIL", "UNAVAILABLE"}]
    return 1 if failed or searched["verdict"] != "PASS" or healthy["verdict"] == "FAIL" else 0


if __name__ == "__main__":
    sys.exit(main())
