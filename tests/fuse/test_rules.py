"""Compatibility rules: type, distance by geo precision, dates by precision, actors."""

from __future__ import annotations

import datetime as dt

from sitroom.fuse.rules import compare, date_gap_days, haversine_km, type_relation
from sitroom.model import Place


def test_two_reports_of_one_capture_are_compatible(make_event):
    a = make_event("d1")
    b = make_event("d2", actor1="HTS: Hayat Tahrir al-Sham", actor2=None)
    result = compare(a, b)
    assert result.compatible
    assert result.reasons["type"].startswith("same")


def test_same_place_two_days_later_does_not_match(make_event):
    a = make_event("d1", day="2024-11-29")
    b = make_event("d2", day="2024-12-01")
    result = compare(a, b)
    assert not result.compatible
    assert result.reasons["date_gap_days"] == 2


def test_one_day_apart_matches_only_for_the_same_or_related_sub_types(make_event):
    capture = make_event("d1", day="2024-12-05")
    capture_next_day = make_event("d2", day="2024-12-06")
    clash_day_before = make_event("d3", day="2024-12-04", sub="Armed clash")
    assert compare(capture, capture_next_day).compatible
    assert not compare(capture, clash_day_before).compatible


def test_related_sub_types_may_be_a_day_apart_but_not_two(make_event):
    # A bombing dated by the claim's "yesterday" and by the first report's "on Wednesday".
    explosions = {"event_type": "Explosions/Remote violence", "actor1": None, "actor2": None}
    bombing = make_event("d1", day="2024-01-03", sub="Remote explosive/landmine/IED", **explosions)
    claimed = make_event("d2", day="2024-01-04", sub="Suicide bomb", **explosions)
    assert compare(bombing, claimed).compatible
    later = claimed.model_copy(update={"event_date": dt.date(2024, 1, 5)})
    assert not compare(bombing, later).compatible
    # A regain and the next day's loss are two changes of hands, not one.
    regain = make_event("d3", day="2024-12-04", sub="Government regains territory")
    loss = make_event("d4", day="2024-12-05")
    assert not compare(regain, loss).compatible
    # One side's capture, told as a fight and as a walkover, may be a day apart.
    walkover = make_event("d5", day="2024-11-30", sub="Non-violent transfer of territory")
    assert compare(make_event("d6", day="2024-11-29"), walkover).compatible


def test_any_violent_sub_types_match_only_at_the_very_same_site(make_event):
    # Gunmen storming a school: a clash to one outlet, an abduction to the next.
    clash = make_event("d1", sub="Armed clash", actor1=None, actor2=None)
    abduction = make_event(
        "d2",
        sub="Abduction/forced disappearance",
        event_type="Violence against civilians",
        actor1=None,
        actor2=None,
    )
    assert type_relation(clash, abduction) == "different"
    result = compare(clash, abduction)
    assert result.compatible and result.reasons["type"].startswith("kin")
    # ... but not in a town 15 km away, where related sub-types would still match.
    nearby = Place(geonameid=99, name="Elsewhere", lat=35.99, lon=36.85, country_code="SY")
    moved = abduction.model_copy(update={"place": nearby})
    assert not compare(clash, moved).compatible
    # A capture and a strike the same day are two events, even at one site.
    capture = make_event("d3")
    strike = make_event("d4", sub="Air/drone strike", event_type="Explosions/Remote violence")
    assert not compare(capture, strike).compatible


def test_two_records_naming_the_same_site_match_though_resolved_apart(make_event):
    # Both sentences name Tudun Biri; one resolver placed the strike abroad.
    village = make_event(
        "d1",
        sub="Air/drone strike",
        event_type="Explosions/Remote violence",
        actor1=None,
        actor2=None,
        sites=["tudun biri"],
    )
    abroad = Place(geonameid=98, name="Biri", lat=9.0, lon=7.0, country_code="NG")
    other = village.model_copy(update={"document_id": "d2", "place": abroad})
    result = compare(village, other)
    assert result.compatible and result.reasons["shared_site"] == "tudun biri"
    assert not compare(village, other.model_copy(update={"sites": []})).compatible
    next_week = other.model_copy(update={"event_date": dt.date(2024, 12, 6)})
    assert not compare(village, next_week).compatible


def test_towns_sixty_km_apart_on_the_same_day_do_not_match(make_event):
    daraa = make_event("d1", place="daraa", actor1=None, actor2=None)
    suwayda = make_event("d2", place="suwayda", actor1=None, actor2=None)
    assert haversine_km(32.618, 36.102, 32.709, 36.569) > 40
    assert not compare(daraa, suwayda).compatible


def test_admin_level_precision_widens_the_distance(make_event):
    daraa = make_event("d1", place="daraa", geo_precision=3)
    suwayda = make_event("d2", place="suwayda", geo_precision=3)
    assert compare(daraa, suwayda).compatible


def test_week_precision_overlaps_nearby_days(make_event):
    a = make_event("d1", day="2024-12-05")
    b = make_event("d2", day="2024-12-08", date_precision="week")
    assert date_gap_days(a, b) == 0
    assert compare(a, b).compatible


def test_different_event_types_never_match(make_event):
    capture = make_event("d1")
    strike = make_event("d2", sub="Air/drone strike", event_type="Explosions/Remote violence")
    assert type_relation(capture, strike) == "different"
    assert not compare(capture, strike).compatible


def test_displacement_never_matches_an_event(make_event):
    capture = make_event("d1")
    flight = make_event("d2", kind="displacement", sub="Displacement", event_type="Displacement")
    assert not compare(capture, flight).compatible


def test_disjoint_named_actors_do_not_match(make_event):
    a = make_event("d1", actor1="SNA: Syrian National Army", actor2="SDF: Syrian Democratic Forces")
    b = make_event("d2")
    assert compare(a, b).reasons["actors"] == "disjoint"
    assert not compare(a, b).compatible


def test_one_sided_records_with_different_actors_still_match(make_event):
    a = make_event(
        "d1",
        actor1="Military Forces of Russia (2000-)",
        actor2=None,
        sub="Air/drone strike",
        event_type="Explosions/Remote violence",
    )
    b = make_event("d2", actor1="Military Forces of Syria (2000-2024)", actor2=None,
                   sub="Air/drone strike", event_type="Explosions/Remote violence")  # fmt: skip
    assert compare(a, b).reasons["actors"] == "differ"
    assert compare(a, b).compatible


def test_generic_actor_names_do_not_contradict(make_event):
    a = make_event("d1", actor1="Rebels", actor2=None)
    b = make_event("d2")
    assert compare(a, b).reasons["actors"] == "unknown"
    assert compare(a, b).compatible


def test_a_record_without_place_or_date_matches_nothing(make_event):
    a = make_event("d1")
    assert not compare(a, make_event("d2", place="saraqib", event_date=None)).compatible
    assert not compare(
        a, make_event("d3", place="saraqib").model_copy(update={"place": None})
    ).compatible
    assert isinstance(a.event_date, dt.date)


def _ituri(**extra: object) -> Place:
    values: dict[str, object] = dict(geonameid=216139, name="Ituri", lat=1.8, lon=29.6,
                                     feature_class="A", feature_code="ADM1", country_code="CD",
                                     admin1_code="CD.28")  # fmt: skip
    values.update(extra)
    return Place(**values)  # type: ignore[arg-type]


def _town(admin1_code: str) -> Place:
    return Place(geonameid=217695, name="Bunia", lat=1.5593, lon=30.2522, feature_class="P",
                 feature_code="PPLA", country_code="CD", admin1_code=admin1_code)  # fmt: skip


def test_a_province_level_record_matches_a_town_inside_the_province(make_event):
    sub = {"sub": "Looting/property destruction", "event_type": "Strategic developments"}
    province = make_event("d1", actor1=None, actor2=None, place="saraqib", **sub)
    town = make_event("d2", actor1=None, actor2=None, place="saraqib", **sub)
    province.place, province.geo_precision = _ituri(), 3
    town.place = _town("CD.28")
    assert haversine_km(1.8, 29.6, 1.5593, 30.2522) > 60
    result = compare(province, town)
    assert result.compatible and result.reasons["admin1_contains"]
    town.place = _town("CD.19")  # the same point filed under another province
    assert not compare(province, town).compatible


def test_displacement_records_two_days_apart_match_but_captures_do_not(make_event):
    flight = {"kind": "displacement", "sub": "Displacement", "event_type": "Displacement"}
    first = make_event("d1", day="2024-12-01", actor1=None, actor2=None, **flight)
    later = make_event("d2", day="2024-12-03", actor1=None, actor2=None, **flight)
    assert compare(first, later).compatible
    too_late = make_event("d3", day="2024-12-04", actor1=None, actor2=None, **flight)
    assert not compare(first, too_late).compatible
    assert not compare(
        make_event("d4", day="2024-12-01"), make_event("d5", day="2024-12-03")
    ).compatible


def test_civilians_on_both_records_do_not_make_named_attackers_disjoint(make_event):
    sub = {"sub": "Attack", "event_type": "Violence against civilians"}
    a = make_event("d1", actor1="Al Qaeda", actor2="Civilians", **sub)
    b = make_event("d2", actor1="JNIM: Jama'a Nusrat al-Islam wal-Muslimin",
                   actor2="Civilians (Burkina Faso)", **sub)  # fmt: skip
    assert compare(a, b).reasons["actors"] == "differ"
    assert compare(a, b).compatible


def _village(lat: float, lon: float, name: str = "Kuriga", country: str = "NG") -> Place:
    return Place(name=name, lat=lat, lon=lon, feature_class="L", feature_code="AREA",
                 country_code=country)  # fmt: skip


def test_one_unlisted_village_pinned_to_different_towns_is_one_place(make_event):
    # Each report pinned the village the gazetteer lacks to its own main town, 90 km apart.
    a = make_event("d1", sub="Attack", event_type="Violence against civilians",
                   place="saraqib", actor1=None, actor2=None, geo_precision=2)  # fmt: skip
    b = a.model_copy(update={"document_id": "d2", "place": _village(10.52, 7.44)})
    a = a.model_copy(update={"place": _village(11.08, 7.71)})
    assert compare(a, b).compatible
    assert compare(a, b).reasons["same_unlisted_name"] == "Kuriga"
    other = b.model_copy(update={"place": _village(10.52, 7.44, name="Zugu")})
    assert not compare(a, other).compatible


def test_an_approximate_place_matches_only_the_same_sub_type(make_event):
    # "Sednaya Prison" pinned to Damascus's point is not the strike in Damascus that day.
    prison = make_event("d1", sub="Attack", event_type="Violence against civilians",
                        actor1=None, actor2=None, place="saraqib")  # fmt: skip
    prison = prison.model_copy(update={"place": _village(33.51, 36.29, "Sednaya Prison", "SY")})
    strike = make_event("d2", sub="Air/drone strike", event_type="Explosions/Remote violence",
                        actor1=None, actor2=None, place="saraqib")  # fmt: skip
    strike = strike.model_copy(
        update={"place": Place(geonameid=170654, name="Damascus", lat=33.51, lon=36.29,
                               feature_class="P", feature_code="PPLC", country_code="SY")}
    )  # fmt: skip
    assert not compare(prison, strike).compatible


def _country(code: str = "SY") -> Place:
    return Place(geonameid=163843, name="Syria", lat=35.0, lon=38.0, feature_class="A",
                 feature_code="PCLI", country_code=code)  # fmt: skip


def test_a_country_level_record_matches_a_town_in_it_only_same_day_and_sub_type(make_event):
    town = make_event("d1", actor1=None, actor2=None)
    country = make_event("d2", actor1=None, actor2=None)
    country = country.model_copy(update={"place": _country(), "geo_precision": 3})
    assert compare(town, country).compatible
    assert compare(town, country).reasons["country_contains"] is True
    next_day = country.model_copy(update={"event_date": dt.date(2024, 11, 30)})
    assert not compare(town, next_day).compatible
    clash = country.model_copy(update={"sub_event_type": "Armed clash"})
    assert not compare(town, clash).compatible
    abroad = country.model_copy(update={"place": _country("LB")})
    assert not compare(town, abroad).compatible


def test_attack_and_clash_or_arrests_and_broken_up_protest_are_related(make_event):
    build_event = make_event
    attack = build_event("d1", sub="Attack", event_type="Violence against civilians")
    clash = build_event("d2", sub="Armed clash", event_type="Battles")
    arrests = build_event("d3", sub="Arrests", event_type="Strategic developments")
    protest = build_event("d4", sub="Protest with intervention", event_type="Protests")
    assert type_relation(attack, clash) == "related"
    assert type_relation(arrests, protest) == "related"
    assert type_relation(attack, arrests) == "different"


def test_shooting_into_a_crowd_is_attack_or_excessive_force_alike(make_event):
    attack = make_event("d1", sub="Attack", event_type="Violence against civilians")
    force = make_event("d2", sub="Excessive force against protesters", event_type="Protests")
    assert type_relation(attack, force) == "related"
    assert compare(attack, force).compatible


def test_a_coarse_record_matches_the_village_its_report_names_elsewhere(make_event):
    # One report's sentence names Mamasapano; the other leads with a statement placed at
    # the country and names the village only further down.
    village = make_event(
        "d1", sub="Armed clash", event_type="Battles", actor1=None, actor2=None,
        sites=["mamasapano"],
    )  # fmt: skip
    country = Place(geonameid=97, name="Philippines", lat=13.0, lon=122.0, country_code="PH",
                    feature_class="A", feature_code="PCLI")  # fmt: skip
    statement = village.model_copy(
        update={"document_id": "d2", "place": country, "sites": [], "report_sites": ["mamasapano"]}
    )
    result = compare(village, statement)
    assert result.compatible and result.reasons["shared_site"] == "mamasapano"
    # A record with a town of its own is not joined by a village its report mentions.
    town = Place(geonameid=96, name="Cotabato", lat=7.2, lon=124.2, country_code="PH",
                 feature_class="P", feature_code="PPLA")  # fmt: skip
    elsewhere = statement.model_copy(update={"place": town})
    assert "shared_site" not in compare(village, elsewhere).reasons


def test_kin_types_at_one_provinces_point_are_not_one_site(make_event):
    kebbi = Place(geonameid=95, name="Kebbi", lat=11.5, lon=4.0, country_code="NG",
                  feature_class="A", feature_code="ADM1", admin1_code="40")  # fmt: skip
    clash = make_event("d1", sub="Armed clash", event_type="Battles", actor1=None,
                       actor2=None).model_copy(update={"place": kebbi})  # fmt: skip
    abduction = clash.model_copy(update={"document_id": "d2",
        "sub_event_type": "Abduction/forced disappearance",
        "event_type": "Violence against civilians"})  # fmt: skip
    result = compare(clash, abduction)
    assert not result.compatible and result.reasons["kin_needs_same_site"]
