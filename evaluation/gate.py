"""CI quality gate: run ``sitroom eval`` on the dev gold sets and refuse a drop.

The floors (and, for error-like metrics, ceilings) live in ``evaluation/floors.json``
beside the sha256 of the gold file they were measured on. A score may fall below its
floor by at most the file's ``margin`` (run-to-run and platform noise); more fails the
gate. Raising a floor is an ordinary commit (``--pin``); lowering one needs
``--allow-lower --reason "..."``, and the reason is kept in the file's history.

    python evaluation/gate.py                 # check every set; exit 1 on a drop
    python evaluation/gate.py --sets ner      # one set
    python evaluation/gate.py --pin           # raise floors to the scores measured now
    python evaluation/gate.py --from-reports reports/   # judge reports already written
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from sitroom.errors import EvaluationError, SitroomError  # noqa: E402
from sitroom.evaluate.cli import eval_root, file_sha256, flat_metrics, run_eval  # noqa: E402

FLOORS_PATH = Path(__file__).with_name("floors.json")
log = logging.getLogger("sitroom.evaluate.gate")


@dataclass(frozen=True)
class Finding:
    """One pinned metric compared with the score measured now."""

    set_name: str
    metric: str
    pinned: float
    measured: float | None
    kind: str  # "floor" (higher is better) or "ceiling" (lower is better)
    margin: float

    @property
    def failed(self) -> bool:
        if self.measured is None or math.isnan(self.measured):
            return True
        if self.kind == "floor":
            return self.measured < self.pinned - self.margin
        return self.measured > self.pinned + self.margin

    @property
    def improved(self) -> bool:
        """Better than pinned by more than the margin: time to raise the floor."""
        if self.measured is None:
            return False
        if self.kind == "floor":
            return self.measured > self.pinned + self.margin
        return self.measured < self.pinned - self.margin


def compare(set_name: str, metrics: dict, pinned: dict, margin: float) -> list[Finding]:
    """Every floor and ceiling of one set against the measured (nested) metrics."""
    flat = flat_metrics(metrics)
    findings = []
    for kind in ("floor", "ceiling"):
        for metric, value in pinned.get(kind + "s", {}).items():
            measured = flat.get(metric)
            findings.append(
                Finding(
                    set_name,
                    metric,
                    float(value),
                    float(measured) if isinstance(measured, int | float) else None,
                    kind,
                    margin,
                )
            )
    return findings


def pin(floors: dict, set_name: str, metrics: dict, allow_lower: bool) -> list[str]:
    """Move one set's pins to the measured scores (rounded in the safe direction).

    Without ``allow_lower`` a pin only moves in the better direction. Returns one line
    per change, for the history entry.
    """
    flat = flat_metrics(metrics)
    entry = floors["sets"][set_name]
    changes = []
    for kind in ("floor", "ceiling"):
        for metric, old in entry.get(kind + "s", {}).items():
            measured = flat.get(metric)
            if not isinstance(measured, int | float):
                continue
            rounded = (
                math.floor(measured * 1000) / 1000
                if kind == "floor"
                else math.ceil(measured * 1000) / 1000
            )
            better = rounded > old if kind == "floor" else rounded < old
            if rounded != old and (better or allow_lower):
                entry[kind + "s"][metric] = rounded
                changes.append(f"{set_name} {metric}: {old} -> {rounded}")
    return changes


def _read_report(path: Path, sha: str) -> dict:
    """A report written earlier by ``sitroom eval --report``, if it is of this gold file."""
    try:
        output = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"cannot read report {path}: {exc}") from exc
    if output.get("sha256") != sha:
        raise EvaluationError(f"report {path} was measured on another version of the gold")
    return output


def run_gate(
    sets: list[str] | None = None,
    floors_path: Path = FLOORS_PATH,
    gold_root: Path | None = None,
    reports: Path | None = None,
    do_pin: bool = False,
    allow_lower: bool = False,
    reason: str | None = None,
    require_gold: bool = False,
    from_reports: Path | None = None,
) -> int:
    """Run the gate; return the process exit code (0 pass, 1 drop, 2 cannot measure)."""
    floors = json.loads(floors_path.read_text("utf-8"))
    margin = float(floors.get("margin", 0.015))
    root = gold_root or eval_root()
    chosen = sets or list(floors["sets"])
    findings: list[Finding] = []
    problems: list[str] = []
    changes: list[str] = []
    for set_name in chosen:
        entry = floors["sets"].get(set_name)
        if entry is None:
            problems.append(f"{set_name}: no floors pinned in {floors_path}")
            continue
        gold = root / entry["gold"]
        if not gold.is_file():
            message = f"{set_name}: gold file {gold} not found; skipped"
            if require_gold:
                problems.append(message)
            else:
                log.warning(message)
            continue
        sha = file_sha256(gold)
        if sha != entry["sha256"] and not do_pin:
            problems.append(
                f"{set_name}: {gold} has sha256 {sha[:12]}…, floors were pinned on "
                f"{entry['sha256'][:12]}…; re-pin with --pin --allow-lower --reason '...'"
            )
            continue
        report = reports / f"{set_name}.json" if reports is not None else None
        try:
            if from_reports is not None:
                output = _read_report(from_reports / f"{set_name}.json", sha)
            else:
                output = run_eval(set_name, gold, report)
        except SitroomError as exc:
            problems.append(f"{set_name}: {exc}")
            continue
        findings += compare(set_name, output["metrics"], entry, margin)
        if do_pin:
            entry["sha256"] = sha
            changes += pin(floors, set_name, output["metrics"], allow_lower)
    for finding in findings:
        status = "FAIL" if finding.failed else ("raise?" if finding.improved else "ok")
        measured = "missing" if finding.measured is None else f"{finding.measured:.3f}"
        bound = "≥" if finding.kind == "floor" else "≤"
        print(
            f"{status:7} {finding.set_name:11} {finding.metric:28} {measured:>8}  "
            f"pinned {bound} {finding.pinned:.3f} ± {finding.margin}"
        )
    for problem in problems:
        print(f"ERROR   {problem}")
    if do_pin and changes:
        lowered = any(
            (f.kind == "floor" and f.measured is not None and f.measured < f.pinned)
            or (f.kind == "ceiling" and f.measured is not None and f.measured > f.pinned)
            for f in findings
        )
        if lowered and allow_lower and not reason:
            print("ERROR   lowering a floor needs --reason '...'; nothing written")
            return 2
        floors.setdefault("history", []).append(
            {
                "date": dt.date.today().isoformat(),
                "changes": changes,
                "reason": reason or "scores improved",
            }
        )
        floors_path.write_text(json.dumps(floors, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"pinned {len(changes)} change(s) in {floors_path}")
    if problems:
        return 2
    return 1 if any(f.failed for f in findings) and not (do_pin and allow_lower) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="*", help="sets to check (default: all pinned)")
    parser.add_argument("--floors", type=Path, default=FLOORS_PATH)
    parser.add_argument("--gold-root", type=Path, help="folder holding the gold sets")
    parser.add_argument("--reports", type=Path, help="write each set's JSON report here")
    parser.add_argument("--pin", action="store_true", help="move pins to the scores now")
    parser.add_argument("--allow-lower", action="store_true", help="let --pin lower a floor")
    parser.add_argument("--reason", help="why a floor is lowered (kept in the history)")
    parser.add_argument("--require-gold", action="store_true", help="fail if gold is missing")
    parser.add_argument(
        "--from-reports", type=Path, help="read SET.json reports written by sitroom eval"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    return run_gate(
        args.sets,
        args.floors,
        args.gold_root,
        args.reports,
        args.pin,
        args.allow_lower,
        args.reason,
        args.require_gold,
        args.from_reports,
    )


if __name__ == "__main__":
    sys.exit(main())
