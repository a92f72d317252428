"""Gazetteer lookup and toponym resolution speed (target: < 5 ms per uncached lookup).

python bench/bench_gazetteer.py [GAZETTEER_PATH]

Uses the default gazetteer (built on first use). Names are sitroom's own examples:
exact names, transliteration variants, misspellings and names with no match, which
fall through every matching tier and are the slowest.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from sitroom.geo import Gazetteer, resolve_toponyms
from sitroom.model import PlaceMention

NAMES = [
    "Homs", "Aleppo", "Damascus", "Idleb", "Rustan bridge", "Kharkiv", "Khartoum", "Gaza",
    "U.S.", "Britain", "Texas", "Middle East", "Deir ez-Zor", "Maarat al-Numan",
    "Kafr Nubl", "Mariupol", "Zaporizhzhia", "New York", "Qamishli", "Sanaa",
    "Xqzvtplk", "Northwestern Idlib countryside", "Aleppo city", "Hama province",
]  # fmt: skip


def _time_ms(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    started = time.perf_counter()
    gazetteer = Gazetteer.open(path)
    print(f"open: {(time.perf_counter() - started) * 1000:.0f} ms")
    gazetteer.lookup("warm-up")  # first query pays DuckDB's planning set-up
    uncached = []
    for name in NAMES:
        gazetteer._cache.clear()
        uncached.append(_time_ms(lambda n=name: gazetteer.lookup(n)))
    for name in NAMES:
        gazetteer.lookup(name)
    cached = [_time_ms(lambda n=name: gazetteer.lookup(n)) for name in NAMES]
    print(
        f"lookup uncached: median {statistics.median(uncached):.2f} ms, "
        f"max {max(uncached):.2f} ms over {len(NAMES)} names"
    )
    print(f"lookup cached: median {statistics.median(cached) * 1000:.0f} us")
    mentions = [PlaceMention(text=n, start=0, end=len(n)) for n in NAMES]
    gazetteer._cache.clear()
    ms = _time_ms(lambda: resolve_toponyms(mentions, gazetteer))
    print(f"resolve_toponyms, {len(mentions)} mentions uncached: {ms:.1f} ms")


if __name__ == "__main__":
    main()
