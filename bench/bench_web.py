"""Benchmark the dashboard's first view and the API's filtered queries on a large store.

Serves ``--db`` with uvicorn on a local port, then measures
- the first view: a fresh headless Chromium loads / until the dashboard says it is
  ready (map clusters, timeline, list drawn), cold cache each time;
- /events p50/p95 for typical filtered queries (filters drawn from the data itself),
  and the other endpoints the dashboard calls;
and writes the figures into docs/BENCHMARKS.md between the bench_web markers.

    python bench/gen_events.py --db /tmp/bench.duckdb --events 100000
    python bench/bench_web.py --db /tmp/bench.duckdb
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

log = logging.getLogger("bench.bench_web")

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "BENCHMARKS.md"
START, END = "<!-- bench_web:start -->", "<!-- bench_web:end -->"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@contextmanager
def serving(db_path: Path) -> Iterator[str]:
    """``sitroom.web.app.serve`` in its own process (as `sitroom serve` runs); yields its URL.

    A separate process keeps the benchmark's own Python (HTTP client, browser driver)
    from competing with the server for the GIL.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = (
        "import logging, sys; logging.basicConfig(level=logging.WARNING); "
        "from pathlib import Path; from sitroom.web.app import serve; "
        f"serve(Path({str(db_path)!r}), port={port})"
    )
    process = subprocess.Popen([sys.executable, "-c", code])
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/openapi.json", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def typical_queries(client: httpx.Client) -> dict[str, dict[str, Any]]:
    """Filtered /events queries as the dashboard and API users make them, from the data."""
    stats = client.get("/api/v1/stats").json()
    last = dt.date.fromisoformat(stats["date_range"]["max"])
    month = {"since": str(last - dt.timedelta(days=30)), "until": str(last)}
    place = client.get("/api/v1/places", params={"limit": 1}).json()["places"][0]
    lat, lon = place["latitude"], place["longitude"]
    first_page = client.get("/api/v1/events", params={"limit": 100}).json()
    return {
        "first page, no filter": {"limit": 100},
        "next page (cursor)": {"limit": 100, "cursor": first_page["next_cursor"]},
        "type + last 30 days": {"type": stats["by_type"][0]["name"], **month, "limit": 100},
        "country + sub-type": {
            "country": stats["by_country"][0]["name"],
            "sub_type": stats["by_sub_type"][0]["name"],
            "limit": 100,
        },
        "actor substring + 30 days": {"actor": stats["by_actor"][0]["name"][:8], **month},
        "bbox 2 deg + 30 days": {"bbox": f"{lon - 1},{lat - 1},{lon + 1},{lat + 1}", **month},
        "near 50 km": {"near": f"{lat},{lon}", "km": 50, "limit": 100},
        "geojson, country": {"country": stats["by_country"][0]["name"], "format": "geojson"},
    }


def text_queries(client: httpx.Client) -> dict[str, dict[str, Any]]:
    """Text search scans one lower-cased column per record (no full-text index)."""
    stats = client.get("/api/v1/stats").json()
    place = client.get("/api/v1/places", params={"limit": 1}).json()["places"][0]
    return {
        "q=place name": {"q": place["name"], "limit": 100},
        "q=place name + type": {"q": place["name"], "type": stats["by_type"][1]["name"]},
    }


def time_requests(
    client: httpx.Client, path: str, cases: dict[str, dict[str, Any]], rounds: int
) -> dict[str, list[float]]:
    """Milliseconds per request, each case requested ``rounds`` times, interleaved.

    Every request carries a unique ``nocache`` parameter, so the server's response cache
    never answers: these are the query times, not cache hits.
    """
    timings: dict[str, list[float]] = {name: [] for name in cases}
    serial = 0
    for params in cases.values():  # warm-up
        serial += 1
        client.get(path, params={**params, "nocache": serial}).raise_for_status()
    for _ in range(rounds):
        for name, params in cases.items():
            serial += 1
            started = time.perf_counter()
            client.get(path, params={**params, "nocache": serial}).raise_for_status()
            timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def first_views(base_url: str, runs: int) -> list[float]:
    """Milliseconds from navigation start to the dashboard's ready flag, cold cache."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.goto(base_url + "/")
            page.wait_for_selector("body[data-ready='1']", timeout=30000)
            results.append(float(page.evaluate("window.sitroomFirstView")))
            context.close()
        browser.close()
    return results


def screenshot(base_url: str, path: Path) -> None:
    """The dashboard with the first listed event open, saved as a PNG (for the README)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(base_url + "/")
        page.wait_for_selector("body[data-ready='1']", timeout=30000)
        page.locator(".event-row").first.click()
        page.wait_for_selector("#detail:not([hidden]) .evidence-item", timeout=10000)
        page.wait_for_timeout(500)
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path))
        browser.close()


def first_view_requests(client: httpx.Client, rounds: int) -> list[float]:
    """Milliseconds for the first view's requests made one after another (no browser)."""
    stats = client.get("/api/v1/stats", params={"top": 200}).json()
    west, south, east, north = stats["extent"]
    bbox = f"{west - 2},{south - 2},{east + 2},{north + 2}"
    paths = [
        ("/", {}),
        ("/static/js/app.js", {}),
        ("/basemap/countries.json", {}),
        ("/api/v1/stats", {"top": 200}),
        ("/api/v1/clusters", {"zoom": 5, "bbox": bbox}),
        ("/api/v1/flows", {"limit": 300}),
        ("/api/v1/events", {"limit": 100}),
    ]
    totals = []
    for _ in range(rounds):
        started = time.perf_counter()
        for path, params in paths:
            client.get(path, params=params).raise_for_status()
        totals.append((time.perf_counter() - started) * 1000)
    return totals


def table(timings: dict[str, list[float]]) -> list[str]:
    lines = ["| query | p50 ms | p95 ms |", "| --- | ---: | ---: |"]
    for name, values in timings.items():
        lines.append(f"| {name} | {statistics.median(values):.1f} | {percentile(values, 95):.1f} |")
    return lines


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {load} at the end (other work on the machine slows every figure)"
    )


def write_report(section: str, start: str = START, end: str = END) -> None:
    """Put ``section`` between the ``start`` and ``end`` markers (appended when absent)."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    old = REPORT.read_text("utf-8") if REPORT.exists() else "# Benchmarks\n"
    block = f"{start}\n{section}\n{end}"
    if start in old and end in old:
        new = old[: old.index(start)] + block + old[old.index(end) + len(end) :]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    REPORT.write_text(new, "utf-8")


def run(db_path: Path, rounds: int, browser_runs: int, write: bool) -> str:
    with serving(db_path) as base_url, httpx.Client(base_url=base_url, timeout=30) as client:
        total = client.get("/api/v1/stats").json()["total"]
        events = time_requests(client, "/api/v1/events", typical_queries(client), rounds)
        all_events = [v for values in events.values() for v in values]
        texts = time_requests(client, "/api/v1/events", text_queries(client), rounds)
        stats = client.get("/api/v1/stats", params={"top": 200}).json()
        west, south, east, north = stats["extent"]
        others = {
            "/stats (all)": ("/api/v1/stats", {"top": 200}),
            "/stats (type filter)": ("/api/v1/stats", {"type": stats["by_type"][0]["name"]}),
            "/clusters zoom 3, world": ("/api/v1/clusters", {"zoom": 3}),
            "/clusters zoom 6, data extent": (
                "/api/v1/clusters",
                {"zoom": 6, "bbox": f"{west},{south},{east},{north}"},
            ),
            "/flows": ("/api/v1/flows", {"limit": 300}),
            "/actors": ("/api/v1/actors", {}),
        }
        other_timings: dict[str, list[float]] = {}  # server cache bypassed here too
        for name, (path, params) in others.items():
            other_timings |= {
                name: time_requests(client, path, {name: params}, max(5, rounds // 4))[name]
            }
        sequential = first_view_requests(client, 10)
        views = first_views(base_url, browser_runs) if CHROMIUM.exists() else []

    lines = [
        f"## Web dashboard and API ({total:,} events)",
        "",
        f"Measured {dt.date.today()} on {machine()}, with:",
        "",
        "```",
        "python bench/gen_events.py --db /tmp/bench.duckdb --events 100000",
        f"python bench/bench_web.py --db /tmp/bench.duckdb --rounds {rounds}",
        "```",
        "",
    ]
    if views:
        lines += [
            "**First view** (fresh headless Chromium with an empty browser cache each time, "
            "from navigation start until map clusters, timeline and event list are drawn; "
            "target < 1000 ms): first load after the server started (only the start-up "
            f"statistics pre-computed) {views[0]:.0f} ms; later loads (server response cache "
            f"warm) median {statistics.median(views[1:] or views):.0f} ms, "
            f"max {max(views[1:] or views):.0f} ms.",
            "",
        ]
    else:
        lines += ["First view in a browser: not measured (/usr/bin/chromium missing).", ""]
    lines += [
        "First view's requests made one after another over HTTP (page, app script, base map, "
        f"stats, clusters, flows, first list page): median {statistics.median(sequential):.0f} "
        f"ms, max {max(sequential):.0f} ms.",
        "",
        f"**/api/v1/events**, typical filtered queries ({rounds} rounds each, HTTP keep-alive, "
        "one client, server cache bypassed): overall p95 "
        f"{percentile(all_events, 95):.1f} ms (target < 100 ms).",
        "",
        *table(events),
        "",
        "Text search (`q`) scans one lower-cased text column per record (no full-text index):",
        "",
        *table(texts),
        "",
        "Other endpoints the dashboard calls:",
        "",
        *table(other_timings),
    ]
    section = "\n".join(lines)
    if write:
        write_report(section)
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("bench/bench.duckdb"))
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--browser-runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--screenshot", type=Path, help="only save a screenshot of the dashboard to this PNG"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if not args.db.exists():
        parser.error(f"no database at {args.db}: run bench/gen_events.py first")
    if args.screenshot:
        with serving(args.db) as base_url:
            screenshot(base_url, args.screenshot)
        return
    print(run(args.db, args.rounds, args.browser_runs, not args.no_write))


if __name__ == "__main__":
    main()
