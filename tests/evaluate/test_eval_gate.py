"""The CI gate: a drop beyond the margin fails, noise passes, pins only move up."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

from sitroom.evaluate.cli import file_sha256

GATE_PATH = Path(__file__).resolve().parents[2] / "evaluation" / "gate.py"
spec = importlib.util.spec_from_file_location("sitroom_eval_gate", GATE_PATH)
assert spec is not None and spec.loader is not None
gate = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = gate
spec.loader.exec_module(gate)

PINS = {"floors": {"all.weighted_f1": 0.60}, "ceilings": {"resolution.auc": 0.30}}


def _findings(weighted: float, auc: float) -> dict[str, bool]:
    metrics = {"all": {"weighted_f1": weighted}, "resolution": {"auc": auc}}
    return {f.metric: f.failed for f in gate.compare("x", metrics, PINS, margin=0.015)}


def test_drop_within_margin_passes_and_beyond_fails() -> None:
    assert _findings(0.59, 0.31) == {"all.weighted_f1": False, "resolution.auc": False}
    assert _findings(0.58, 0.32) == {"all.weighted_f1": True, "resolution.auc": True}


def test_missing_metric_fails_rather_than_passing_silently() -> None:
    (finding,) = gate.compare("x", {}, {"floors": {"macro_f1": 0.5}}, margin=0.015)
    assert finding.failed


def test_pin_raises_but_never_lowers_without_permission() -> None:
    floors = {"sets": {"x": {"floors": {"macro_f1": 0.5}, "ceilings": {"auc": 0.3}}}}
    assert gate.pin(floors, "x", {"macro_f1": 0.4, "auc": 0.35}, allow_lower=False) == []
    changes = gate.pin(floors, "x", {"macro_f1": 0.5678, "auc": 0.2011}, allow_lower=False)
    assert floors["sets"]["x"] == {"floors": {"macro_f1": 0.567}, "ceilings": {"auc": 0.202}}
    assert len(changes) == 2


@pytest.fixture
def gold_root(tmp_path: Path, fixtures: Path) -> Path:
    root = tmp_path / "eval"
    (root / "re3d").mkdir(parents=True)
    shutil.copy(fixtures / "re3d_tiny.txt", root / "re3d" / "dev.txt")
    return root


def _floors(tmp_path: Path, gold_root: Path, floor: float, sha: str | None = None) -> Path:
    path = tmp_path / "floors.json"
    entry = {
        "gold": "re3d/dev.txt",
        "sha256": sha or file_sha256(gold_root / "re3d" / "dev.txt"),
        "floors": {"macro_f1": floor},
    }
    path.write_text(json.dumps({"margin": 0.01, "sets": {"ner": entry}}), "utf-8")
    return path


def _fake_eval(score: float):
    def run_eval(set_name: str, gold: Path, report: Path | None) -> dict:
        return {"metrics": {"macro_f1": score}}

    return run_eval


def test_gate_exits_one_on_drop_and_zero_when_held(
    tmp_path: Path, gold_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    floors = _floors(tmp_path, gold_root, 0.5)
    monkeypatch.setattr(gate, "run_eval", _fake_eval(0.45))
    assert gate.run_gate(floors_path=floors, gold_root=gold_root) == 1
    monkeypatch.setattr(gate, "run_eval", _fake_eval(0.495))
    assert gate.run_gate(floors_path=floors, gold_root=gold_root) == 0


def test_gate_refuses_floors_pinned_on_another_version_of_the_gold(
    tmp_path: Path, gold_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    floors = _floors(tmp_path, gold_root, 0.5, sha="0" * 64)
    monkeypatch.setattr(gate, "run_eval", _fake_eval(0.9))
    assert gate.run_gate(floors_path=floors, gold_root=gold_root) == 2


def test_lowering_a_floor_needs_a_reason_and_records_it(
    tmp_path: Path, gold_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    floors = _floors(tmp_path, gold_root, 0.5)
    monkeypatch.setattr(gate, "run_eval", _fake_eval(0.3))
    assert (
        gate.run_gate(floors_path=floors, gold_root=gold_root, do_pin=True, allow_lower=True) == 2
    )
    assert json.loads(floors.read_text("utf-8"))["sets"]["ner"]["floors"]["macro_f1"] == 0.5
    code = gate.run_gate(
        floors_path=floors, gold_root=gold_root, do_pin=True, allow_lower=True, reason="new model"
    )
    saved = json.loads(floors.read_text("utf-8"))
    assert code == 0
    assert saved["sets"]["ner"]["floors"]["macro_f1"] == 0.3
    assert saved["history"][-1]["reason"] == "new model"


def test_missing_gold_is_skipped_unless_required(
    tmp_path: Path, gold_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    floors = _floors(tmp_path, gold_root, 0.5)
    empty = tmp_path / "nothing"
    assert gate.run_gate(floors_path=floors, gold_root=empty) == 0
    assert gate.run_gate(floors_path=floors, gold_root=empty, require_gold=True) == 2


def test_gate_can_judge_reports_written_earlier(
    tmp_path: Path, gold_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    floors = _floors(tmp_path, gold_root, 0.5)
    reports = tmp_path / "reports"
    reports.mkdir()
    sha = file_sha256(gold_root / "re3d" / "dev.txt")
    report = {"sha256": sha, "metrics": {"macro_f1": 0.2}}
    (reports / "ner.json").write_text(json.dumps(report), "utf-8")
    monkeypatch.setattr(gate, "run_eval", _fake_eval(0.9))  # must not be called
    assert gate.run_gate(floors_path=floors, gold_root=gold_root, from_reports=reports) == 1
    report["sha256"] = "f" * 64
    (reports / "ner.json").write_text(json.dumps(report), "utf-8")
    assert gate.run_gate(floors_path=floors, gold_root=gold_root, from_reports=reports) == 2
