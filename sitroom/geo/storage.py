"""The gazetteer's DuckDB schema and bulk writes.

Rows go through a tab-separated temp file and ``COPY``: DuckDB's ``executemany`` is
far too slow for a million names, and this needs neither pandas nor pyarrow.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb

from sitroom.geo.normalize import name_key, skeleton_of_key

SCHEMA_VERSION = "2"

SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    geonameid BIGINT, name VARCHAR, lat DOUBLE, lon DOUBLE,
    feature_class VARCHAR, feature_code VARCHAR, country_code VARCHAR,
    admin1_code VARCHAR, admin2_code VARCHAR, population BIGINT, origin VARCHAR
);
CREATE TABLE IF NOT EXISTS names (
    key VARCHAR, skeleton VARCHAR, geonameid BIGINT, name VARCHAR, is_primary BOOLEAN,
    -- copied from places so that candidates can be ranked before they are fetched
    population BIGINT, feature_class VARCHAR, feature_code VARCHAR
);
CREATE TABLE IF NOT EXISTS countries (
    iso2 VARCHAR, iso3 VARCHAR, name VARCHAR, capital VARCHAR, geonameid BIGINT
);
CREATE TABLE IF NOT EXISTS admin1 (
    country_code VARCHAR, admin1_code VARCHAR, name VARCHAR, asciiname VARCHAR,
    geonameid BIGINT
);
-- adjectival forms ("Russian") -> the place; kept apart from names so that lookups and
-- the entity ruler never treat an adjective as a place name
CREATE TABLE IF NOT EXISTS demonyms (key VARCHAR, geonameid BIGINT);
CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR);
"""

INDEXES = """
CREATE INDEX IF NOT EXISTS names_key ON names(key);
CREATE INDEX IF NOT EXISTS names_skeleton ON names(skeleton);
CREATE INDEX IF NOT EXISTS places_geonameid ON places(geonameid);
"""

PLACE_COLUMNS = (
    "geonameid",
    "name",
    "lat",
    "lon",
    "feature_class",
    "feature_code",
    "country_code",
    "admin1_code",
    "admin2_code",
    "population",
    "origin",
)

_NULL = "\\N"


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection without DuckDB's terminal progress bar (library code stays quiet)."""
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("SET enable_progress_bar = false")
    return con


def _cell(value: object) -> str:
    if value is None:
        return _NULL
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        if value == _NULL:  # a literal backslash-N would read back as NULL
            return "N"
        if "\t" in value or "\n" in value or "\r" in value:
            return " ".join(value.split())
        return value
    return str(value)


def copy_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: Iterable[Sequence[object]],
    *,
    tmp_dir: Path | None = None,
) -> int:
    """Bulk-insert ``rows`` (tuples in the table's column order) into ``table``."""
    fd, name = tempfile.mkstemp(suffix=".tsv", dir=tmp_dir)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for row in rows:
                out.write("\t".join(map(_cell, row)) + "\n")
                count += 1
        if count:
            con.execute(
                f"COPY {table} FROM ? (DELIMITER '\t', HEADER false, QUOTE '', "
                f"ESCAPE '', NULL '\\N')",
                [name],
            )
    finally:
        os.unlink(name)
    return count


NameRow = tuple[str, str | None, int, str, bool, int, str | None, str | None]


def name_rows(
    place: Sequence[object], primary: str, alternates: Iterable[str], *, curated: bool = False
) -> list[NameRow]:
    """Index rows for one place (a row in ``PLACE_COLUMNS`` order): one per distinct name
    key, the primary name first.

    Alternate names that look like airport/IATA codes ("DAM", "QHS") are left out:
    they would match ordinary words and abbreviations in news text. ``curated`` names
    (sitroom's hand-written aliases, "EU", "UAE") are kept and count as main names, and
    so does an alternate that is only another spelling of the main name.
    """
    geonameid, population = int(place[0]), int(place[9] or 0)  # type: ignore[call-overload]
    fclass, fcode = place[4], place[5]
    rows: list[NameRow] = []
    seen: set[str] = set()
    main_skeleton = skeleton_of_key(name_key(primary))
    for i, raw in enumerate([primary, *alternates]):
        text = raw.strip()
        if not text:
            continue
        if i > 0 and not curated and text.isascii() and text.isupper() and len(text) <= 4:
            continue
        key = name_key(text)
        if not key or key in seen:
            continue
        seen.add(key)
        skeleton = skeleton_of_key(key) or None
        # A spelling of the main name ("Hama" for "Hamah") counts as the main name.
        primary_name = i == 0 or curated or (skeleton is not None and skeleton == main_skeleton)
        rows.append((key, skeleton, geonameid, text, primary_name, population, fclass, fcode))  # type: ignore[arg-type]
    return rows
