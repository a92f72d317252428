import csv
import datetime as dt
import io
import json

import duckdb

from sitroom.export import ACLED_COLUMNS, to_geojson, to_plover, write_acled_csv, write_parquet
from sitroom.model import Document, Event, Evidence, Place

HOMS = Place(geonameid=169577, name="Homs", lat=34.7268, lon=36.7234, country_code="SY",
             country="Syria", admin1="Homs", feature_class="P", feature_code="PPLA")  # fmt: skip
LATAKIA = Place(name="Latakia", lat=35.5317, lon=35.7901, country_code="SY", country="Syria")
DOC = Document(text="Russian jets struck Homs. Thousands fled Homs for Latakia.",
               source="Test Wire", published=dt.date(2024, 12, 6),
               ingested_at=dt.datetime(2024, 12, 6, 12))  # fmt: skip


def _events() -> list[Event]:
    strike = Event(
        document_id=DOC.id, event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike", plover_type="ASSAULT",
        actor1="Military Forces of Russia (2000-)", inter1=8, interaction=80,
        event_date=dt.date(2024, 12, 6), date_precision="day", place=HOMS, geo_precision=1,
        fatalities=3, reporting_source="SOHR",
        evidence=[Evidence(document_id=DOC.id, start=0, end=25, text=DOC.text[:25])],
    )  # fmt: skip
    flight = Event(
        kind="displacement", document_id=DOC.id, event_type="Displacement",
        sub_event_type="Displacement", place=HOMS, destination=LATAKIA, displaced=1000,
        displaced_magnitude="thousands", event_date=dt.date(2024, 12, 6),
        evidence=[Evidence(document_id=DOC.id, start=26, end=58, text=DOC.text[26:58])],
    )  # fmt: skip
    return [strike, flight]


def test_acled_csv_has_acled_columns_and_leaves_out_displacement():
    rows = list(csv.DictReader(io.StringIO(write_acled_csv(_events(), {DOC.id: DOC}))))
    assert list(rows[0].keys()) == ACLED_COLUMNS
    assert len(rows) == 1
    row = rows[0]
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Air/drone strike"
    assert row["country"] == "Syria" and row["iso"] == "760" and row["region"] == "Middle East"
    assert row["latitude"] == "34.7268" and row["geo_precision"] == "1"
    assert row["source"] == "Test Wire; SOHR"
    assert row["fatalities"] == "3"
    for required in [
        "event_date",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "interaction",
        "civilian_targeting",
        "admin1",
        "location",
        "notes",
        "tags",
        "timestamp",
    ]:
        assert required in row  # fmt: skip


def test_geojson_marks_kind_and_carries_evidence():
    fc = to_geojson(_events())
    assert fc["type"] == "FeatureCollection"
    kinds = [f["properties"]["kind"] for f in fc["features"]]
    assert kinds == ["event", "displacement"]
    assert fc["features"][0]["geometry"] == {"type": "Point", "coordinates": [36.7234, 34.7268]}
    assert fc["features"][1]["properties"]["destination"] == "Latakia"
    assert fc["features"][0]["properties"]["evidence"][0]["text"] == "Russian jets struck Homs."
    json.dumps(fc)


def test_plover_uses_plover_type_and_actor_roles():
    [record] = to_plover(_events())
    assert record["event"] == "ASSAULT"
    assert record["source"] == [{"actorText": "Military Forces of Russia (2000-)"}]


def test_parquet_round_trips_through_duckdb(tmp_path):
    path = tmp_path / "events.parquet"
    write_parquet(_events(), path)
    rows = duckdb.sql(f"SELECT kind, latitude, event_date FROM '{path}' ORDER BY kind").fetchall()
    assert rows == [("displacement", 34.7268, dt.date(2024, 12, 6)),
                    ("event", 34.7268, dt.date(2024, 12, 6))]  # fmt: skip
