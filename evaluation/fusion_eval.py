"""Score event fusion on the fusion gold set: `python evaluation/fusion_eval.py [--json]`.

Extracts each report of `sitroom/data/fusion_gold/reports.jsonl` with the default
pipeline, fuses the reports' main events in publication order (with the shipped
same-event model; `--rules` without it) and prints pairwise and
B-cubed precision/recall/F1 (see docs/ANALYSIS.md, "Fusion").
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitroom.fuse.evaluate import GOLD_PATH, evaluate_fusion  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD_PATH)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--rules", action="store_true", help="decide every pair by the rules, without the model"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    scores = evaluate_fusion(args.gold, learned=not args.rules)
    if args.json:
        sys.stdout.write(scores.model_dump_json(indent=1) + "\n")
    else:
        for name, value in scores.model_dump().items():
            sys.stdout.write(f"{name:24} {value}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
