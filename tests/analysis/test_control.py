"""Territorial control: changes of hands, state on a day, admin areas, GeoJSON."""

from __future__ import annotations

import datetime as dt
import json

from sitroom.analysis.commands import control_command
from sitroom.analysis.control import (
    UNKNOWN,
    _control_statement,
    control_changes,
    control_on,
    control_timeseries,
    member_roles,
)

GOV = "Military Forces of Syria (2000-2024)"
HTS = "HTS: Hayat Tahrir al-Sham"


def _state(store, name, day):
    places, _ = control_on(store, dt.date.fromisoformat(day))
    return next(p for p in places if p.name == name)


def test_capture_changes_the_controller_on_its_day(offensive_store):
    assert _state(offensive_store, "Saraqib", "2024-11-29").controller == HTS
    assert _state(offensive_store, "Hama", "2024-12-05").controller == HTS


def test_before_the_first_change_the_loser_held_the_place(offensive_store):
    before = _state(offensive_store, "Saraqib", "2024-11-28")
    assert before.controller == GOV
    assert before.confidence < _state(offensive_store, "Saraqib", "2024-11-29").confidence


def test_government_regain_then_loss_gives_two_changes(offensive_store):
    series = control_timeseries(control_changes(offensive_store, statements=False))
    hama = [(c["date"], c["controller"]) for c in series["Hama"]]
    assert hama == [("2024-12-04", GOV), ("2024-12-05", HTS)]


def test_state_forces_as_actor1_of_a_rebel_capture_are_the_losers(make_event):
    swapped = make_event("d", actor1=GOV, actor2=HTS, inter1=1, inter2=2)
    assert member_roles(swapped) == (HTS, GOV)


def test_withdrawal_trigger_makes_actor1_the_loser(make_event):
    from sitroom.model import Evidence, Span

    ev = Evidence(document_id="d", start=0, end=40, text="Government forces withdrew from Homs.",
                  fields={"trigger": Span(start=18, end=26, text="withdrew")})  # fmt: skip
    transfer = make_event("d", sub="Non-violent transfer of territory",
                          event_type="Strategic developments", actor1=GOV, actor2=None,
                          evidence=[ev])  # fmt: skip
    assert member_roles(transfer) == (None, GOV)


def test_place_without_evidence_is_absent_and_admin_area_follows_population(offensive_store):
    places, admin1 = control_on(offensive_store, dt.date(2024, 12, 6))
    assert "Homs" not in {p.name for p in places}
    hama = next(a for a in admin1 if a.name == "Hama")
    assert hama.controller == HTS and hama.level == "admin1"


def test_unknown_before_any_evidence_without_a_named_loser(store, make_event, save_documents):

    save_documents(store, {"x1": [make_event("x1", actor2=None)]})
    state = _state(store, "Saraqib", "2024-11-01")
    assert state.controller == UNKNOWN and state.confidence == 0.0


def test_control_geojson_has_a_feature_per_place_with_sources(offensive_store):
    text = control_command(offensive_store, "Syria", dt.date(2024, 12, 8), "geojson")
    data = json.loads(text)
    assert data["type"] == "FeatureCollection"
    saraqib = next(f for f in data["features"] if f["properties"]["name"] == "Saraqib")
    assert saraqib["geometry"]["coordinates"] == [36.806, 35.864]
    assert saraqib["properties"]["controller"] == HTS
    assert any("Title d2" in s for s in saraqib["properties"]["sources"])


def test_control_table_lists_admin_areas_and_places(offensive_store):
    text = control_command(offensive_store, "Syria", dt.date(2024, 12, 8), "table")
    assert "admin1" in text and "Saraqib" in text and HTS in text


def test_withdrawing_actor2_stays_the_loser(make_event):
    from sitroom.model import Evidence, Span

    text = "HTS took control of Aleppo after government forces withdrew."
    ev = Evidence(document_id="d", start=0, end=len(text), text=text, fields={
        "actor1": Span(start=0, end=3, text="HTS"),
        "actor2": Span(start=32, end=49, text="government forces"),
        "trigger": Span(start=50, end=58, text="withdrew"),
    })  # fmt: skip
    transfer = make_event("d", sub="Non-violent transfer of territory",
                          event_type="Strategic developments", actor1=HTS, actor2=GOV,
                          evidence=[ev])  # fmt: skip
    assert member_roles(transfer) == (HTS, GOV)


def test_a_change_located_only_at_a_whole_country_is_left_out(store, save_documents, make_event):
    from sitroom.model import Place

    syria = Place(geonameid=163843, name="Syria", lat=35.0, lon=38.0, country="Syria",
                  country_code="SY", feature_class="A", feature_code="PCLI")  # fmt: skip
    whole_country = make_event("c2", day="2024-12-08", inter1=2, inter2=1)
    whole_country.place, whole_country.geo_precision = syria, 3
    save_documents(store, {
        "c1": [make_event("c1", place="saraqib", day="2024-11-29", inter1=2, inter2=1)],
        "c2": [whole_country],
    })  # fmt: skip
    names = {c.place.name for c in control_changes(store, statements=False)}
    assert names == {"Saraqib"}


def test_a_change_of_hands_is_read_from_its_territory_records_alone(
    store, save_documents, make_event
):
    # The learned fuser may join a capture with another report's news of that day (an
    # Israeli air strike on another city); the strike's sides are not the capture's.
    israel = "Military Forces of Israel (1948-)"
    save_documents(store, {
        "c1": [make_event("c1", place="saraqib", day="2024-11-29", actor1=None, inter2=1)],
        "c2": [make_event("c2", place="saraqib", day="2024-11-29", actor1=None, inter2=1)],
        "c3": [make_event("c3", place="daraa", day="2024-11-29", sub="Air/drone strike",
                          event_type="Explosions/Remote violence", actor1=israel, actor2=GOV,
                          inter1=8, inter2=1)],
    })  # fmt: skip
    cluster = store.con.execute("SELECT cluster_id FROM events WHERE document_id = 'c1'").fetchone()
    store.con.execute("UPDATE events SET cluster_id = ?", [cluster[0]])
    (change,) = control_changes(store, statements=False)
    assert change.place.name == "Saraqib" and change.date == dt.date(2024, 11, 29)
    # Its sources are the two reports of the capture, not the strike's.
    assert len(change.sources) == 2


def _fighting_cluster(store, save_documents, make_event, captures: int):
    """Reports of a capture of Saraqib joined by the fuser with more reports of fighting."""
    docs = {
        f"f{i}": [
            make_event(
                f"f{i}",
                place="saraqib",
                day="2024-11-29",
                sub="Armed clash",
                event_type="Battles",
                inter1=2,
                inter2=1,
            )
        ]  # fmt: skip
        for i in range(3)
    }
    for i in range(captures):
        docs[f"c{i}"] = [make_event(f"c{i}", place="saraqib", day="2024-11-29", inter1=2, inter2=1)]
    save_documents(store, docs)
    cluster = store.con.execute("SELECT cluster_id FROM events WHERE document_id = 'f0'").fetchone()
    store.con.execute("UPDATE events SET cluster_id = ?", [cluster[0]])
    return control_changes(store, statements=False)


def test_a_change_told_by_two_reports_stands_amid_more_fighting(store, save_documents, make_event):
    (change,) = _fighting_cluster(store, save_documents, make_event, captures=2)
    assert change.place.name == "Saraqib" and change.controller == HTS
    assert len(change.sources) == 2


def test_one_report_of_a_change_amid_more_fighting_is_not_a_change(
    store, save_documents, make_event
):
    assert _fighting_cluster(store, save_documents, make_event, captures=1) == []


def _mentions(sentence, actors, places):
    """Actor and place rows (as the store gives them) for names found in the sentence."""
    a_rows = [(sentence.index(a), sentence.index(a) + len(a), a) for a in actors]
    p_rows = [
        (sentence.index(p), sentence.index(p) + len(p), i, p, 0.0, 0.0, "SY", "Syria", None)
        for i, p in enumerate(places)
    ]
    return a_rows, p_rows


def test_a_control_statement_names_holder_and_place():
    sentence = "Raqqa remains under the control of the SDF, the monitor said."
    actors, places = _mentions(sentence, ["SDF"], ["Raqqa"])
    holder, place = _control_statement(sentence, 0, actors, places)
    assert (holder, place[3]) == ("SDF", "Raqqa")


def test_a_former_holder_is_no_control_statement():
    sentence = (
        "The SDF took seven villages in Deir ez-Zor province that had been held by "
        "government forces."
    )
    actors, places = _mentions(sentence, ["SDF", "government forces"], ["Deir ez-Zor"])
    assert _control_statement(sentence, 0, actors, places) is None


def test_a_place_named_as_a_bearing_is_not_the_ground_held():
    sentence = "The SDF, which already controls most of the province east of the Euphrates."
    actors, places = _mentions(sentence, ["SDF"], ["Euphrates"])
    assert _control_statement(sentence, 0, actors, places) is None
