"""Extraction speed and memory of the default pipeline on sitroom's own report sets.

Reads every report of ``sitroom/data/fusion_gold/*.jsonl`` and the demo corpus (short
news reports written for the project), runs the default pipeline on each, one process,
and prints documents/s, sentences/s, events found and the peak resident memory. The
first document (model and gazetteer loading) is timed apart.

    python bench/bench_pipeline.py [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitroom.config import DATA_DIR  # noqa: E402
from sitroom.model import Document  # noqa: E402
from sitroom.pipeline import Pipeline  # noqa: E402

log = logging.getLogger("bench.pipeline")


def _reports() -> list[Document]:
    paths = sorted((DATA_DIR / "fusion_gold").glob("*.jsonl")) + [
        DATA_DIR / "demo" / "reports.jsonl"
    ]
    docs = []
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            docs.append(
                Document(
                    text=r["text"],
                    title=r.get("title"),
                    published=dt.date.fromisoformat(r["published"]),
                )
            )
    return docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="passes over the reports")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    docs = _reports()
    start = time.perf_counter()
    pipeline = Pipeline.default()
    pipeline.extract(docs[0])
    warm_up = time.perf_counter() - start
    sentences = events = 0
    start = time.perf_counter()
    for _ in range(args.repeat):
        for doc in docs:
            extraction = pipeline.extract(doc)
            sentences += len(extraction.sentences)
            events += len(extraction.events)
    elapsed = time.perf_counter() - start
    n = len(docs) * args.repeat
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    words = sum(len(d.text.split()) for d in docs) * args.repeat
    sys.stdout.write(
        f"load + first document: {warm_up:.1f} s\n"
        f"{n} documents ({words} words, {sentences} sentences) in {elapsed:.1f} s: "
        f"{n / elapsed:.1f} documents/s, {sentences / elapsed:.0f} sentences/s, "
        f"{words / elapsed:.0f} words/s\n"
        f"events found: {events}\n"
        f"peak resident memory: {peak_mb:.0f} MB\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
