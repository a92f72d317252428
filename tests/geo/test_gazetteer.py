from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.errors import GazetteerMissing
from sitroom.geo import Gazetteer, haversine_km


def _top(gazetteer: Gazetteer, name: str):
    places = gazetteer.lookup(name)
    assert places, f"no place for {name!r}"
    return places[0]


@pytest.mark.parametrize(
    ("variant", "lat", "lon"),
    [
        ("Hims", 34.72, 36.73),
        ("Homs", 34.72, 36.73),
        ("Hamah", 35.13, 36.75),
        ("Hama", 35.13, 36.75),
        ("Halab", 36.20, 37.16),
        ("Idleb", 35.93, 36.63),
        ("Idlib", 35.93, 36.63),
        ("Dayr az Zawr", 35.34, 40.14),
        ("Deir ez-Zor", 35.34, 40.14),
        ("al-Rastan", 34.93, 36.73),
        ("Ma'arrat al-Nu'man", 35.65, 36.67),
    ],
)
def test_transliteration_variants_find_the_syrian_city(gazetteer, variant, lat, lon):
    place = _top(gazetteer, variant)
    assert place.country_code == "SY"
    assert haversine_km(place.lat, place.lon, lat, lon) < 10


def test_near_spelling_rustan_finds_al_rastan(gazetteer):
    place = _top(gazetteer, "Rustan")
    assert place.country_code == "SY"
    assert haversine_km(place.lat, place.lon, 34.92, 36.73) < 5


def test_exact_names_do_not_fall_back_to_fuzzy_matches(gazetteer):
    assert all(p.name != "Ar Rastan" for p in gazetteer.lookup("Ruston"))


def test_damascus_is_the_syrian_capital(gazetteer):
    place = _top(gazetteer, "Damascus")
    assert (place.country_code, place.feature_code) == ("SY", "PPLC")
    assert place.country == "Syria"


def test_admin1_lookup_gives_homs_governorate(gazetteer):
    assert gazetteer.admin1("SY", "11") == "Homs"
    assert gazetteer.admin1("sy", "11") == "Homs"
    assert gazetteer.admin1("SY", "99") is None
    assert _top(gazetteer, "Homs").admin1 == "Homs"


def test_a_county_the_gazetteer_lacks_is_found_at_its_town(gazetteer):
    place = _top(gazetteer, "County Antrim")
    assert (place.name, place.country_code) == ("Antrim", "GB")
    # but not at a hamlet that only shares the name
    assert all(c.place.population >= 5000 for c in gazetteer.candidates("County Kerry"))


def test_province_suffix_prefers_the_admin1_area(gazetteer):
    place = _top(gazetteer, "Idlib province")
    assert (place.feature_code, place.country_code, place.admin1_code) == ("ADM1", "SY", "12")


def test_country_by_code_and_name(gazetteer):
    for query in ("SY", "SYR", "Syria", "Syrian Arab Republic"):
        country = gazetteer.country(query)
        assert country is not None and country.country_code == "SY", query
        assert country.feature_code == "PCLI"
    assert gazetteer.country("Atlantis") is None


def test_country_point_lies_inside_the_country(gazetteer):
    syria = gazetteer.country("SY")
    assert 32.3 < syria.lat < 37.3 and 35.7 < syria.lon < 42.4


def test_get_by_geonameid(gazetteer):
    homs = _top(gazetteer, "Homs")
    assert gazetteer.get(homs.geonameid) == homs
    assert gazetteer.get(-1) is None


def test_curated_infrastructure_is_in_the_gazetteer(gazetteer):
    bridge = _top(gazetteer, "Rustan bridge")
    assert (bridge.feature_class, bridge.feature_code) == ("S", "BDG")
    assert bridge.admin1 == "Homs"
    assert _top(gazetteer, "T4 airbase").feature_code == "AIRB"
    assert _top(gazetteer, "Tishreen Dam").feature_code == "DAM"


def test_natural_earth_adds_towns_cities500_lacks(gazetteer):
    # Melut (South Sudan) has no GeoNames population, so cities500 leaves it out.
    melut = _top(gazetteer, "Melut")
    assert (melut.country_code, melut.feature_code) == ("SS", "PPL")
    assert haversine_km(melut.lat, melut.lon, 10.44, 32.20) < 10
    assert melut.admin1 is not None


def test_natural_earth_rows_skip_research_stations_and_known_ids(tmp_path: Path):
    from sitroom.geo.build import natural_earth_places

    tsv = tmp_path / "ne.tsv"
    header = "geonameid\tname\talternates\tlat\tlon\tcountry_code\tadmin1_name\tpopulation\tfeature"
    tsv.write_text(
        "# comment\n"
        + header
        + "\n0\tMelut\t\t10.44\t32.20\tSS\tUpper Nile\t6407\tPopulated place\n"
        "0\tVostok\t\t-78.46\t106.84\tAQ\t\t0\tScientific station\n"
        "369355\tNasir\t\t8.60\t33.07\tSS\t\t1741\tPopulated place\n",
        "utf-8",
    )
    rows = natural_earth_places(tsv, {})
    assert [(p[1], p[5]) for p, _ in rows] == [("Melut", "PPL"), ("Nasir", "PPL")]
    ids = [int(p[0]) for p, _ in rows]
    assert ids[1] == 369355 and ids[0] >= 980_000_000  # a GeoNames id where NE has one


def test_ruler_names_label_places_by_kind(gazetteer):
    labels = dict(gazetteer.ruler_names())
    assert labels["Syria"] == "GPE"
    assert labels["Homs"] == "GPE"
    assert labels["Rustan bridge"] == "FAC"
    assert labels["Hmeimim Air Base"] == "FAC"
    assert labels["Euphrates River"] == "LOC"
    assert labels["Hims"] == "GPE"  # alternate names of big cities too
    assert "Kafr Nan" not in labels  # villages under 50,000 stay out of the ruler
    main_only = dict(gazetteer.ruler_names(alternates=False))
    assert "Homs" in main_only and "Hims" not in main_only


def test_missing_gazetteer_without_build_says_what_to_do(tmp_path: Path):
    with pytest.raises(GazetteerMissing, match="sitroom gazetteer build"):
        Gazetteer.open(tmp_path / "none.duckdb", build=False)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_lookup_never_crashes_on_arbitrary_text(gazetteer, name):
    places = gazetteer.lookup(name, limit=5)
    assert len(places) <= 5


def test_build_leaves_no_temp_files_behind(gazetteer_path: Path):
    assert gazetteer_path.exists()
    # Only this process's temp files: other test sessions may be building beside us.
    pattern = f".{gazetteer_path.name}.{os.getpid()}.*"
    assert not list(gazetteer_path.parent.glob(pattern))


def test_gazetteer_from_an_older_schema_says_to_rebuild(tmp_path: Path):
    import duckdb

    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:
        con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
        con.execute("INSERT INTO meta VALUES ('schema_version', '0')")
    with pytest.raises(GazetteerMissing, match="schema version 0"):
        Gazetteer.open(old, build=False)


def test_unreadable_file_is_reported_not_crashed(tmp_path: Path):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database")
    with pytest.raises(GazetteerMissing, match="cannot read the gazetteer"):
        Gazetteer.open(junk, build=False)


def test_english_names_and_abbreviations_find_the_country(gazetteer):
    for name in ("U.S.", "USA", "America", "Britain", "U.K.", "UAE"):
        assert _top(gazetteer, name).feature_code == "PCLI", name


def test_us_state_abbreviation_finds_the_state(gazetteer):
    place = _top(gazetteer, "N.Y.")
    assert (place.feature_code, place.country_code, place.admin1_code) == ("ADM1", "US", "NY")


def test_alternate_name_of_a_big_city_does_not_beat_a_main_name(gazetteer):
    assert _top(gazetteer, "Victoria").name != "Hong Kong"


def test_demonyms_are_not_place_names(gazetteer):
    assert gazetteer.demonym("Russian").country_code == "RU"
    assert gazetteer.demonym("Russia") is None
    assert gazetteer.demonym("Russians") is None  # people, not a place


def test_generic_admin_names_are_not_ruler_patterns(gazetteer):
    labels = dict(gazetteer.ruler_names(alternates=False))
    assert "Central" not in labels and "Eastern" not in labels
    assert labels["Middle East"] == "LOC"


def test_stale_default_gazetteer_is_rebuilt_on_open(gazetteer_path: Path, tmp_path: Path):
    import shutil

    import duckdb

    copy = tmp_path / "gazetteer.duckdb"
    shutil.copyfile(gazetteer_path, copy)
    con = duckdb.connect(str(copy))
    con.execute("UPDATE meta SET value = 'old' WHERE key = 'build_digest'")
    con.execute("DELETE FROM places WHERE feature_code = 'CONT'")
    con.close()
    from sitroom.geo.build import build_default_gazetteer

    calls = []

    def counting_build(path: Path) -> Path:
        calls.append(path)
        shutil.copyfile(gazetteer_path, path)  # the real build, without its 30 s
        return path

    import sitroom.geo.gazetteer as module

    original = module.build_default_gazetteer
    module.build_default_gazetteer = counting_build
    try:
        with Gazetteer.open(copy) as g:
            assert calls == [copy]
            assert g.lookup("Europe")[0].feature_code == "CONT"
    finally:
        module.build_default_gazetteer = original
    assert build_default_gazetteer is original


def test_gazetteer_with_imports_is_never_rebuilt(writable_gazetteer: Gazetteer):
    import duckdb

    path = writable_gazetteer.path
    writable_gazetteer.close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = 'old' WHERE key = 'build_digest'")
    con.execute("INSERT INTO meta VALUES ('imported', 'SY.txt')")
    con.close()
    from sitroom.geo.gazetteer import _is_stale_default

    assert not _is_stale_default(path)
