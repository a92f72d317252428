"""``sitroom eval`` as a user types it, with the pipeline replaced by a table system."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sitroom.evaluate.cli as eval_cli
from sitroom.cli import app
from tests.evaluate.conftest import TableSystem


@pytest.fixture(autouse=True)
def no_real_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eval_cli, "PipelineSystem", TableSystem)


def test_eval_command_prints_table_and_writes_report(fixtures: Path, tmp_path: Path) -> None:
    report = tmp_path / "ner.json"
    gold = fixtures / "re3d_tiny.txt"
    result = CliRunner().invoke(app, ["eval", "ner", "--gold", str(gold), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "macro_f1" in result.output
    assert json.loads(report.read_text("utf-8"))["metrics"]["macro_f1"] == 0.0


def test_eval_command_unknown_set_is_one_line_and_non_zero() -> None:
    result = CliRunner().invoke(app, ["eval", "sentiment"])
    assert result.exit_code != 0
    assert "choose one of" in result.output
    assert "Traceback" not in result.output
