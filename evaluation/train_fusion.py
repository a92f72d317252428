"""Train the same-event model: `python evaluation/train_fusion.py [--cv] [--cache FILE]`.

Extracts every held-out fusion gold set (`sitroom/data/fusion_gold/holdout*.jsonl`)
with the default pipeline, optionally reports leave-one-set-out cross-validation, and
writes `sitroom/data/fusion_model.json`. The development set (`reports.jsonl`) is left
out of training so that it stays a test of the model. Needs scikit-learn
(`pip install -e '.[train]'`). Retrain whenever extraction changes.
"""

from __future__ import annotations

import argparse
import logging
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitroom.fuse.evaluate import GOLD_PATH, extract_gold  # noqa: E402
from sitroom.fuse.learned import MODEL_PATH  # noqa: E402
from sitroom.fuse.train import cross_validate, fit, pooled  # noqa: E402
from sitroom.pipeline import Pipeline  # noqa: E402

log = logging.getLogger("train_fusion")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="leave-one-set-out cross-validation")
    parser.add_argument(
        "--cache",
        type=Path,
        help="reuse (or write) the extractions here; delete it whenever extraction changes",
    )
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--exclude", nargs="*", default=[], help="set names to leave out")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    paths = sorted(GOLD_PATH.parent.glob("holdout*.jsonl"))
    names = [p.stem for p in paths if p.stem not in args.exclude]
    if args.cache and args.cache.exists():
        with args.cache.open("rb") as fh:
            cached = pickle.load(fh)
    else:
        cached = {}
    pipe = Pipeline.default()
    sets = {}
    for i, name in enumerate(names, 1):
        if name not in cached:
            log.info("extracting %s (%d/%d)", name, i, len(names))
            cached[name] = extract_gold(GOLD_PATH.parent / f"{name}.jsonl", pipe)
        sets[name] = cached[name]
    if args.cache:
        with args.cache.open("wb") as fh:
            pickle.dump(cached, fh)
    cv_note = {}
    if args.cv:
        per_set = cross_validate(sets)
        for name, s in sorted(per_set.items()):
            sys.stdout.write(
                f"{name:10} F1 {s.pairwise_f1:.3f} P {s.pairwise_precision:.3f} "
                f"R {s.pairwise_recall:.3f} B3 {s.bcubed_f1:.3f}\n"
            )
        p, r, f = pooled(list(per_set.values()))
        sys.stdout.write(f"leave-one-set-out pooled: P {p:.3f} R {r:.3f} F1 {f:.3f}\n")
        cv_note = {
            "leave_one_set_out_pooled": {
                "precision": round(p, 4),
                "recall": round(r, 4),
                "f1": round(f, 4),
            }
        }
    model = fit(sets)
    model.trained_on.update(cv_note)
    model.save(args.out)
    log.info("wrote %s (%d trees, %d pairs)", args.out, len(model.trees), model.trained_on["pairs"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
