"""The CLI as a user types it: ingest, events, export, demo, bad input."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.export import ACLED_COLUMNS
from sitroom.store import Store

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "homs-offensive.txt"

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, pipeline):
    db = tmp_path_factory.mktemp("cli") / "seed.duckdb"
    result = run("ingest", str(SEED), "--published", "2024-12-06", "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


def test_ingest_reports_what_it_stored(seeded):
    with Store(seeded, read_only=True) as store:
        assert store.count("documents") == 1
        assert store.count("events") >= 6


def test_ingesting_the_same_file_twice_stores_nothing_new(seeded):
    result = run("ingest", str(SEED), "--published", "2024-12-06", "--db", str(seeded))
    assert result.exit_code == 0
    assert "duplicate" in result.output and "nothing new stored" in result.output
    with Store(seeded, read_only=True) as store:
        assert store.count("documents") == 1


def test_events_table_lists_events_and_displacement(seeded):
    result = run("events", "--db", str(seeded))
    assert result.exit_code == 0
    assert "Homs" in result.output and "displacement" in result.output


def test_events_json_and_geojson_mark_kinds(seeded):
    records = json.loads(run("events", "--format", "json", "--db", str(seeded)).output)
    assert {r["kind"] for r in records} == {"event", "displacement"}
    fc = json.loads(run("events", "--format", "geojson", "--db", str(seeded)).output)
    assert fc["type"] == "FeatureCollection"
    assert {f["properties"]["kind"] for f in fc["features"]} == {"event", "displacement"}


def test_events_filters_narrow_the_list(seeded):
    everything = json.loads(run("events", "--format", "json", "--db", str(seeded)).output)
    shown = run("events", "--format", "json", "--type", "displacement", "--db", str(seeded))
    only = json.loads(shown.output)
    assert 0 < len(only) < len(everything)
    assert all(r["kind"] == "displacement" for r in only)
    far = run(
        "events", "--format", "json", "--near", "48.85,2.35", "--km", "50", "--db", str(seeded)
    )
    assert json.loads(far.output) == []
    later = run("events", "--format", "json", "--since", "2030-01-01", "--db", str(seeded))
    assert json.loads(later.output) == []


def test_export_acled_uses_acled_columns_without_displacement(seeded):
    result = run("export", "--format", "acled", "--db", str(seeded))
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and list(rows[0]) == ACLED_COLUMNS
    assert "Displacement" not in {r["event_type"] for r in rows}


def test_bad_date_option_is_one_clear_line(seeded):
    result = runner.invoke(app, ["events", "--since", "yesterday-ish", "--db", str(seeded)])
    assert result.exit_code == 1
    assert "YYYY-MM-DD" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("binary.txt", b"\x00\x01\x02\x03PNG\x00\x00" * 50),
        ("latin1.txt", "Caf\xe9 bombing in Homs".encode("latin-1")),
        ("broken.json", b'{"text": "HTS fighters entered Hama", '),
    ],
)
def test_bad_input_fails_cleanly_and_stores_nothing(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    db = tmp_path / "bad.duckdb"
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db)])
    assert result.exit_code == 1
    assert name in result.output and "Traceback" not in result.output
    with Store(db, read_only=True) as store:
        assert store.count("documents") == 0


def test_oversized_file_is_rejected_without_storing(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    db = tmp_path / "big.duckdb"
    result = runner.invoke(app, ["ingest", str(big), "--db", str(db)])
    assert result.exit_code == 1
    assert "big.txt" in result.output
    with Store(db, read_only=True) as store:
        assert store.count("documents") == 0


def test_folder_with_one_bad_file_stores_the_good_ones(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "other.txt").write_text(
        "Russian warplanes struck the town of Saraqib in Idlib province on Friday, killing "
        "at least four civilians, a local monitor said.",
        encoding="utf-8",
    )
    (folder / "bad.json").write_text("{not json", encoding="utf-8")
    db = tmp_path / "folder.duckdb"
    result = runner.invoke(
        app, ["ingest", str(folder), "--published", "2024-12-06", "--db", str(db)]
    )
    assert result.exit_code == 1
    assert "bad.json" in result.output and "2 stored" in result.output
    with Store(db, read_only=True) as store:
        assert store.count("documents") == 2


def test_demo_ingests_the_bundled_corpus_and_prints_a_summary(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("demo", "--db", str(tmp_path / "demo.duckdb"))
    assert result.exit_code == 0, result.output
    assert "Records by day" in result.output and "Records by type" in result.output
    with Store(tmp_path / "demo.duckdb", read_only=True) as store:
        assert store.count("documents") >= 30
        assert store.count("events") >= 30


@pytest.fixture
def gazetteer_copy(tmp_path, monkeypatch, pipeline):
    """A private copy of the default gazetteer, so imports never touch the shared one."""
    from sitroom.config import load_settings

    assert pipeline.resources.gazetteer is not None  # builds the default if missing
    copy = tmp_path / "gazetteer.duckdb"
    shutil.copy(load_settings().resolved_gazetteer_path, copy)
    monkeypatch.setenv("SITROOM_GAZETTEER_PATH", str(copy))
    return copy


def test_gazetteer_import_reaches_village_level(gazetteer_copy):
    villages = Path(__file__).parent / "geo" / "fixtures" / "sy_villages.txt"
    before = run("gazetteer", "lookup", "Kafr Nan")
    assert "98000001" not in before.output
    result = run("gazetteer", "import", str(villages))
    assert result.exit_code == 0 and "imported 5 places" in result.output
    after = run("gazetteer", "lookup", "Kafr Nan")
    assert "98000001" in after.output and "34.8620" in after.output


def test_gazetteer_import_of_a_bad_file_is_one_clear_line(gazetteer_copy, tmp_path):
    bad = tmp_path / "notgeonames.txt"
    bad.write_text("this is not a GeoNames dump\n", encoding="utf-8")
    result = runner.invoke(app, ["gazetteer", "import", str(bad)])
    assert result.exit_code == 1
    assert "notgeonames.txt" in result.output and "Traceback" not in result.output
