"""``sitroom eval SET``: score a stage against a gold set, print a table, write a report.

``run_eval`` is the plain function behind the command (and the Python API); the
top-level CLI only parses arguments and calls it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import tomllib
from pathlib import Path

from rich.console import Console
from rich.table import Table

from sitroom.errors import EvaluationError
from sitroom.evaluate.runners import RUNNERS
from sitroom.evaluate.systems import EvaluatedSystem, PipelineSystem

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Where each set's gold file lives under the shared eval folder.
DEFAULT_GOLD = {
    "case2021": Path("case2021/dev.tsv"),
    "geoparsing": Path("geoparsing/GWN.xml"),
    "ner": Path("re3d/dev.txt"),
    "plover": Path("plover/gsr_dev.json"),
}


def eval_root() -> Path:
    """The shared gold folder: ``../shared/eval`` beside the project, else beside the cwd."""
    beside_project = PROJECT_ROOT.parent / "shared" / "eval"
    if beside_project.is_dir():
        return beside_project
    return Path.cwd().parent / "shared" / "eval"


def default_gold(set_name: str) -> Path:
    return eval_root() / DEFAULT_GOLD[set_name]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sitroom_version() -> str:
    """The package version: installed metadata, else the project's pyproject.toml."""
    try:
        from importlib.metadata import PackageNotFoundError, version

        return version("sitroom")
    except PackageNotFoundError:
        pass
    try:
        data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))
        return str(data["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def run_eval(
    set_name: str,
    gold: Path | None = None,
    report: Path | None = None,
    system: EvaluatedSystem | None = None,
    console: Console | None = None,
) -> dict:
    """Score one gold set; print its table; write the JSON report when ``report`` is given.

    Raises ``EvaluationError`` for an unknown set or a missing or malformed gold file.
    """
    if set_name not in RUNNERS:
        raise EvaluationError(
            f"unknown evaluation set {set_name!r}; choose one of {', '.join(sorted(RUNNERS))}"
        )
    gold_path = Path(gold) if gold is not None else default_gold(set_name)
    if not gold_path.is_file():
        raise EvaluationError(
            f"gold file {gold_path} not found; pass --gold PATH or put the shared eval "
            "folder at ../shared/eval beside the project"
        )
    started = dt.datetime.now(dt.UTC)
    result = RUNNERS[set_name](gold_path, system or PipelineSystem())
    output = {
        "set": set_name,
        "gold": str(gold_path),
        "sha256": file_sha256(gold_path),
        "sitroom_version": sitroom_version(),
        "date": started.isoformat(timespec="seconds"),
        "metrics": result["metrics"],
        "details": result["details"],
        "timings": result["timings"],
    }
    print_metrics(output, console or Console())
    if report is not None:
        report = Path(report)
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n", "utf-8")
        log.info("wrote evaluation report %s", report)
    return output


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def flat_metrics(metrics: dict, prefix: str = "") -> dict[str, object]:
    """``{"a": {"b": 1}}`` -> ``{"a.b": 1}``: the names the table and the gate use."""
    flat: dict[str, object] = {}
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flat_metrics(value, name + "."))
        else:
            flat[name] = value
    return flat


def print_metrics(output: dict, console: Console) -> None:
    """A table of the headline metrics (per-type rows for NER), then the commonest errors."""
    table = Table(title=f"sitroom eval {output['set']} ({Path(output['gold']).name})")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in flat_metrics(output["metrics"]).items():
        if name.startswith("per_type.") and not name.endswith(".f1"):
            continue
        table.add_row(name, _cell(value))
    console.print(table)
    confusions = output["details"].get("confusions")
    if confusions:
        errors = Table(title="commonest errors (gold -> predicted)")
        errors.add_column("gold")
        errors.add_column("predicted")
        errors.add_column("count", justify="right")
        for gold_label, predicted, count in confusions[:5]:
            errors.add_row(gold_label, predicted, str(count))
        console.print(errors)
    timings = ", ".join(f"{k} {v:.1f}s" for k, v in output["timings"].items())
    console.print(
        f"sha256 {output['sha256'][:12]}…  sitroom {output['sitroom_version']}  {timings}"
    )
