"""Benchmark territorial control and escalation alerts on a large store, cold.

Times the library calls behind `sitroom control` and `sitroom alerts` and the two HTTP
endpoints the dashboard calls (/api/v1/control, /api/v1/alerts) through FastAPI's
TestClient, with the server's response cache and analysis memo emptied before every
request, so each figure is a full computation. Prints p50/p95 per case and, with
``--write``, puts the table into docs/BENCHMARKS.md between the bench_analysis markers.

    python bench/gen_events.py --db /tmp/bench.duckdb --events 100000
    python bench/bench_analysis.py --db /tmp/bench.duckdb --write
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import logging
import pstats
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bench_web import machine, percentile, write_report

from sitroom.analysis.alerts import alerts
from sitroom.analysis.common import latest_event_date, parse_since
from sitroom.analysis.control import control_changes, control_on, control_timeseries
from sitroom.store import Store

log = logging.getLogger("bench.bench_analysis")

START, END = "<!-- bench_analysis:start -->", "<!-- bench_analysis:end -->"
# Targets from the task that asked for this benchmark (milliseconds, cold).
TARGETS = {"control map": 1000.0, "alerts, last 30 days": 1000.0, "GET": 1500.0}


def busiest(store: Store) -> tuple[str, dt.date, str | None]:
    """(country, latest day, a place that changed hands there): cases drawn from the data."""
    row = store.con.execute(
        "SELECT country FROM events WHERE country IS NOT NULL GROUP BY country "
        "ORDER BY count(*) DESC, country LIMIT 1"
    ).fetchone()
    country = str(row[0]) if row else ""
    day = latest_event_date(store) or dt.date.today()
    series = control_timeseries(control_changes(store, country or None))
    place = max(series, key=lambda name: (len(series[name]), name)) if series else None
    return country, day, place


def library_cases(store: Store) -> dict[str, Callable[[], object]]:
    """The `sitroom control` and `sitroom alerts` computations, as the CLI makes them."""
    country, day, place = busiest(store)
    week = parse_since("7d", day)
    month = parse_since("30d", day)
    assert week is not None and month is not None
    return {
        f"control changes, {country}": lambda: control_changes(store, country),
        f"control map on {day}, {country}": lambda: control_on(store, day, country),
        f"control map on {day}, all countries": lambda: control_on(store, day),
        f"control time series, {place or 'no place changed hands'}": lambda: control_timeseries(
            control_changes(store, country, until=day)
        ).get(place or ""),
        "alerts, last 7 days": lambda: alerts(store, week),
        "alerts, last 30 days": lambda: alerts(store, month),
    }


def time_cases(cases: dict[str, Callable[[], object]], rounds: int) -> dict[str, list[float]]:
    """Milliseconds per call, after one untimed warm-up call of each (imports, dictionaries)."""
    for run in cases.values():
        run()
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, run in cases.items():
            started = time.perf_counter()
            run()
            timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def http_timings(
    db_path: Path, country: str, first: dt.date, rounds: int
) -> dict[str, list[float]]:
    """GET /api/v1/control and /api/v1/alerts, response cache and memo emptied each time.
    The dashboard asks for alerts since the first event date."""
    from fastapi.testclient import TestClient

    from sitroom.web.app import create_app

    app = create_app(db_path)
    requests = {
        "GET /api/v1/control": ("/api/v1/control", {}),
        f"GET /api/v1/control?country={country}": ("/api/v1/control", {"country": country}),
        "GET /api/v1/alerts?since=7d": ("/api/v1/alerts", {"since": "7d"}),
        "GET /api/v1/alerts?since=30d": ("/api/v1/alerts", {"since": "30d"}),
        "GET /api/v1/alerts?since=<first day> (dashboard)": (
            "/api/v1/alerts",
            {"since": first.isoformat()},
        ),
    }
    with TestClient(app) as client:
        for thread in threading.enumerate():  # let the start-up warm-up finish first
            if thread.name == "sitroom-warm":
                thread.join()
        state = app.state.sitroom

        def get(path: str, params: dict[str, str]) -> Callable[[], object]:
            def run() -> object:
                state.cache.invalidate()  # cold: no cached body, no memoized changes
                response = client.get(path, params=params)
                response.raise_for_status()
                return response

            return run

        cases = {name: get(path, params) for name, (path, params) in requests.items()}
        return time_cases(cases, rounds)


def profile(cases: dict[str, Callable[[], object]], top: int) -> None:
    """cProfile each case once; print the functions with the most cumulative time."""
    for name, run in cases.items():
        profiler = cProfile.Profile()
        profiler.enable()
        run()
        profiler.disable()
        print(f"\n### {name}")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def table(timings: dict[str, list[float]]) -> list[str]:
    lines = ["| case | p50 ms | p95 ms |", "| --- | ---: | ---: |"]
    for name, values in timings.items():
        lines.append(f"| {name} | {statistics.median(values):.0f} | {percentile(values, 95):.0f} |")
    return lines


def run(db_path: Path, rounds: int, write: bool) -> str:
    with Store(db_path, read_only=True) as store:
        total = store.count("events")
        cases = library_cases(store)
        country = busiest(store)[0]
        row = store.con.execute("SELECT min(event_date) FROM events").fetchone()
        first = row[0] if row and row[0] else dt.date.today()
        library = time_cases(cases, rounds)
    http = http_timings(db_path, country, first, rounds)
    lines = [
        f"## Territorial control and alerts ({total:,} events)",
        "",
        f"Measured {dt.date.today()} on {machine()}, with:",
        "",
        "```",
        "python bench/gen_events.py --db /tmp/bench.duckdb --events 100000",
        f"python bench/bench_analysis.py --db /tmp/bench.duckdb --rounds {rounds} --write",
        "```",
        "",
        f"Library calls behind `sitroom control` and `sitroom alerts` ({rounds} rounds after "
        "one warm-up call; the country is the one with most events, the place the one that "
        "changed hands most often there). Targets: control map < 1000 ms, alerts for 30 days "
        "< 1000 ms.",
        "",
        *table(library),
        "",
        "HTTP endpoints through FastAPI's TestClient, cold: the response cache and the "
        "memoized control changes are emptied before every request (target < 1500 ms).",
        "",
        *table(http),
    ]
    section = "\n".join(lines)
    if write:
        write_report(section, START, END)
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("bench/bench.duckdb"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="update docs/BENCHMARKS.md")
    parser.add_argument("--profile", type=int, metavar="N", help="only cProfile, top N rows")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if not args.db.exists():
        parser.error(f"no database at {args.db}: run bench/gen_events.py first")
    if args.profile:
        with Store(args.db, read_only=True) as store:
            profile(library_cases(store), args.profile)
        return
    print(run(args.db, args.rounds, args.write))


if __name__ == "__main__":
    main()
