from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from sitroom.config import Settings
from sitroom.errors import GazetteerImportError
from sitroom.geo import Gazetteer, import_geonames_file

FIXTURES = Path(__file__).parent / "fixtures"
VILLAGES = FIXTURES / "sy_villages.txt"


def _count(g: Gazetteer) -> tuple[int, int]:
    return (
        g._db.execute("SELECT count(*) FROM places").fetchone()[0],
        g._db.execute("SELECT count(*) FROM names").fetchone()[0],
    )


def test_imported_villages_are_found_with_their_coordinates(writable_gazetteer):
    assert writable_gazetteer.lookup("Kafr Nan") == []
    assert writable_gazetteer.import_geonames(VILLAGES) == 5
    [kafr_nan] = writable_gazetteer.lookup("Kafr Nan")
    assert (kafr_nan.lat, kafr_nan.lon) == (34.862, 36.689)
    assert (kafr_nan.feature_class, kafr_nan.feature_code) == ("P", "PPL")
    assert kafr_nan.admin1 == "Homs"
    # alternate names, Latin and Arabic, are indexed too
    assert writable_gazetteer.lookup("Deir Foul")[0].geonameid == 98000002
    assert writable_gazetteer.lookup("دير فول")[0].geonameid == 98000002
    assert writable_gazetteer.get(98000005).name == "Khirbat Ghāzī"


def test_reimport_replaces_rows_by_geonameid(writable_gazetteer, tmp_path):
    writable_gazetteer.import_geonames(VILLAGES)
    before = _count(writable_gazetteer)
    moved = tmp_path / "moved.txt"
    lines = VILLAGES.read_text("utf-8").splitlines()
    fields = lines[0].split("\t")
    fields[4] = "34.9"
    moved.write_text("\t".join(fields) + "\n", encoding="utf-8")
    writable_gazetteer.import_geonames(moved)
    assert _count(writable_gazetteer) == before
    assert writable_gazetteer.get(98000001).lat == 34.9


def test_zip_dump_is_imported(writable_gazetteer, tmp_path):
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(VILLAGES, "SY.txt")
        z.writestr("readme.txt", "not data")
    assert writable_gazetteer.import_geonames(archive) == 5
    assert writable_gazetteer.lookup("Umm Sharshuh")


def test_bad_file_raises_and_leaves_the_gazetteer_unchanged(writable_gazetteer):
    before = _count(writable_gazetteer)
    with pytest.raises(GazetteerImportError, match="line 3"):
        writable_gazetteer.import_geonames(FIXTURES / "bad_geonames.txt")
    assert _count(writable_gazetteer) == before
    assert writable_gazetteer.lookup("Bad Village One") == []


def test_missing_or_non_geonames_files_are_rejected(writable_gazetteer, tmp_path):
    with pytest.raises(GazetteerImportError, match="no such file"):
        writable_gazetteer.import_geonames(tmp_path / "absent.txt")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage\tx\n")
    with pytest.raises(GazetteerImportError):
        writable_gazetteer.import_geonames(binary)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(GazetteerImportError, match="no rows"):
        writable_gazetteer.import_geonames(empty)


def test_import_geonames_file_uses_the_configured_gazetteer(writable_gazetteer):
    path = writable_gazetteer.path
    writable_gazetteer.close()
    assert import_geonames_file(VILLAGES, Settings(gazetteer_path=path)) == 5
    with Gazetteer.open(path, build=False) as g:
        assert g.lookup("Tayr Maallah")
