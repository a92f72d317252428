"""Storing and fusing speed: each report stored in a fresh DuckDB file and fused at once.

Extracts every shipped report first (not timed; see ``bench_pipeline.py``), then stores
them in publication order and attaches each one's records to the stored clusters, as
ingest does, and prints the time per document overall and over the last tenth (fusion
looks up candidates in a table that grows as it goes).

    python bench/bench_fusion.py [--limit N]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import _reports  # noqa: E402

from sitroom.fuse import attach_to_clusters  # noqa: E402
from sitroom.pipeline import Pipeline  # noqa: E402
from sitroom.store import Store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help="only the first N reports in publication order (extracting all of them takes "
        "more than an hour on two cores)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    pipeline = Pipeline.default()
    docs = sorted(_reports(), key=lambda d: (d.published, d.id))[: args.limit]
    extractions = [pipeline.extract(d) for d in docs]
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "bench.duckdb")) as store:
        for extraction in extractions:
            start = time.perf_counter()
            store.add_extraction(extraction)
            attach_to_clusters(store, extraction.events)
            times.append(time.perf_counter() - start)
        row = store.con.execute(
            "SELECT count(*), count(DISTINCT cluster_id), count(*) FILTER (WHERE lead) FROM events"
        ).fetchone()
    tail = times[-max(1, len(times) // 10) :]
    sys.stdout.write(
        f"{len(docs)} documents, {row[0]} records ({row[2]} leads) in {row[1]} clusters\n"
        f"store + fuse: {sum(times):.1f} s, {1000 * sum(times) / len(times):.1f} ms/document; "
        f"last tenth {1000 * sum(tail) / len(tail):.1f} ms/document\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
