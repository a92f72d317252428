"""Runners and ``run_eval`` on the tiny gold files with a system that answers from a table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from sitroom.errors import EvaluationError
from sitroom.evaluate.cli import file_sha256, run_eval
from sitroom.evaluate.runners import (
    evaluate_case2021,
    evaluate_geoparsing,
    evaluate_ner,
    evaluate_plover,
)
from sitroom.evaluate.systems import EventPrediction, ResolvedPoint, case_labels_by_name, main_event
from sitroom.model import Event, Evidence
from tests.evaluate.conftest import TableSystem, mention

CASE = {
    "Jets bombed a market in the north, killing four people.": "AIR_STRIKE",
    "Thousands marched peacefully through the capital demanding new elections.": "PEACE_PROTEST",
    "A powerful earthquake flattened dozens of homes along the coast.": "ARMED_CLASH",
    "Rebels and soldiers exchanged fire near the border crossing.": "ARMED_CLASH",
}


def _case_system() -> TableSystem:
    return TableSystem(events={t: EventPrediction(label, "pipeline") for t, label in CASE.items()})


def test_case2021_scores_acled_subset_apart_from_all_labels(fixtures: Path) -> None:
    result = evaluate_case2021(fixtures / "case2021_tiny.tsv", _case_system())
    acled, everything = result["metrics"]["acled25"], result["metrics"]["all"]
    assert (acled["n"], everything["n"]) == (3, 5)
    assert acled["accuracy"] == 1.0  # the three ACLED snippets are right
    assert everything["accuracy"] == pytest.approx(3 / 5)  # earthquake and diplomacy wrong
    assert ("NATURAL_DISASTER", "ARMED_CLASH", 1) in result["details"]["confusions"]
    assert result["details"]["prediction_origin"] == {"pipeline": 4, "none": 1}


def test_geoparsing_given_spans_and_end_to_end(fixtures: Path) -> None:
    text = "Floods hit Lagos on Monday. Paris sent aid, and the Nile rose."
    system = TableSystem(
        points={
            "Lagos": ResolvedPoint(6.45, 3.40, 2332459),
            "Paris": ResolvedPoint(33.66, -95.55, 4717560),  # Paris, Texas
        },
        found={text: [mention(text, "Lagos", 6.45, 3.40), mention(text, "Monday", 0.0, 0.0)]},
    )
    metrics = evaluate_geoparsing(fixtures / "gwn_tiny.xml", system)["metrics"]
    resolution = metrics["resolution"]
    assert resolution["n"] == 3  # Lagos, Paris, Nile (Monday is a Non_Toponym)
    assert resolution["exact"] == pytest.approx(1 / 2)  # Nile has no gold id
    assert resolution["acc_161km"] == pytest.approx(1 / 3)
    recognition = metrics["recognition"]
    assert (recognition["precision"], recognition["recall"]) == (0.5, pytest.approx(1 / 3))
    assert metrics["end_to_end"]["acc_161km"] == pytest.approx(1 / 3)


def test_ner_maps_spacy_labels_and_averages_the_seven_types(fixtures: Path) -> None:
    system = TableSystem(
        entities=[
            [(0, 1, "ORG"), (2, 3, "GPE"), (4, 6, "DATE")],
            [(0, 2, "PERSON"), (3, 4, "CARDINAL"), (4, 5, "PRODUCT")],
        ]
    )
    result = evaluate_ner(fixtures / "re3d_tiny.txt", system)
    per_type = result["metrics"]["per_type"]
    assert per_type["Location"]["f1"] == 1.0
    assert per_type["Quantity"]["f1"] == 1.0  # CARDINAL "two" is a re3d Quantity
    assert per_type["Weapon"]["recall"] == 0.0
    # five of the seven right; no Nationality in the gold and no Weapon found: both 0
    assert result["metrics"]["macro_f1"] == pytest.approx(5 / 7)
    assert result["details"]["unmapped_labels"] == {"PRODUCT": 1}


def test_plover_type_accuracy_and_actor_slots(fixtures: Path) -> None:
    records = {
        "The farmers' union agreed to end its strike after talks with the ministry.": (
            EventPrediction("AGREEMENT", "pipeline", "AGREE", ["Farmers Union"], ["Ministry"])
        ),
        "Gunmen attacked a police post overnight.": (
            EventPrediction("ATTACK", "pipeline", "ASSAULT", ["Police"], ["Gunmen"])
        ),
    }
    output = run_eval(
        "plover",
        fixtures / "plover_tiny.json",
        system=TableSystem(events=records),
        console=Console(file=open("/dev/null", "w")),  # noqa: SIM115
    )
    metrics = output["metrics"]
    assert metrics["type_accuracy"] == pytest.approx(2 / 3)
    # slots: union/ministry match; students (source) missed; gunmen/police swapped
    assert metrics["source_match"] == pytest.approx(1 / 3)
    assert metrics["target_match"] == pytest.approx(1 / 2)
    assert metrics["actor_match"] == pytest.approx(2 / 5)


def test_run_eval_writes_report_with_sha_version_date_and_metrics(
    fixtures: Path, tmp_path: Path
) -> None:
    report = tmp_path / "out" / "case.json"
    gold = fixtures / "case2021_tiny.tsv"
    console = Console(record=True, width=120)
    run_eval("case2021", gold, report, system=_case_system(), console=console)
    written = json.loads(report.read_text("utf-8"))
    assert written["sha256"] == file_sha256(gold)
    assert written["sitroom_version"]
    assert written["date"][:2] == "20"
    assert set(written["metrics"]["acled25"]) == {"accuracy", "weighted_f1", "macro_f1", "n"}
    assert "acled25.weighted_f1" in console.export_text()


def test_unknown_set_and_missing_gold_give_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="choose one of"):
        run_eval("sentiment", None, None, system=TableSystem())
    with pytest.raises(EvaluationError, match="not found"):
        run_eval("ner", tmp_path / "nope.txt", None, system=TableSystem())


def _event(sub: str, confidence: float, start: int, kind: str = "event") -> Event:
    evidence = [Evidence(document_id="d", start=start, end=start + 5, text="x")]
    return Event(
        document_id="d",
        kind=kind,  # type: ignore[arg-type]
        event_type="T",
        sub_event_type=sub,
        confidence=confidence,
        evidence=evidence,
    )


def test_main_event_prefers_confident_then_earliest_and_skips_displacement() -> None:
    events = [
        _event("Displacement", 0.99, 0, kind="displacement"),
        _event("Armed clash", 0.7, 50),
        _event("Air/drone strike", 0.7, 10),
        _event("Arrests", 0.5, 0),
    ]
    chosen = main_event(events)
    assert chosen is not None and chosen.sub_event_type == "Air/drone strike"
    assert main_event([]) is None


def test_acled_names_map_to_case_codes_through_the_taxonomy() -> None:
    labels = case_labels_by_name()
    assert labels["air/drone strike"] == "AIR_STRIKE"
    assert labels["natural disaster"] == "NATURAL_DISASTER"
    assert labels["other"] == "OTHER"


def test_plover_05_demand_gold_is_scored_as_2021_request(tmp_path: Path) -> None:
    path = tmp_path / "gsr.json"
    records = [
        {"event": "DEMAND", "text": "Unions called on the mayor to resign.", "source": ""},
        {"event": "FIGHT", "text": "Troops fought rebels.", "source": ""},
        {"event": "DISAPPROVE", "text": "The envoy criticised the vote.", "source": ""},
    ]
    path.write_text(json.dumps(records), "utf-8")
    system = TableSystem(
        events={
            "Unions called on the mayor to resign.": EventPrediction("X", "pipeline", "REQUEST"),
            "Troops fought rebels.": EventPrediction("X", "pipeline", "ASSAULT"),
            "The envoy criticised the vote.": EventPrediction("X", "pipeline", "REJECT"),
        }
    )
    result = evaluate_plover(path, system)
    assert result["metrics"]["type_accuracy"] == pytest.approx(2 / 3)
    assert result["details"]["type_accuracy_unmapped"] == 0.0
    assert result["metrics"]["actor_match"] == 0.0  # no gold actor slots at all
