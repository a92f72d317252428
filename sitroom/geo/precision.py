"""Distances and ACLED's geo-precision code for a resolved place."""

from __future__ import annotations

import math

from sitroom.model import Place

EARTH_RADIUS_KM = 6371.0088

# ACLED codebook: 1 = the exact town/village or a precise point; 2 = part of a region or
# near a town (extended features: districts, roads, rivers, areas); 3 = only a larger
# region (an admin-1 area, a country, a large natural region) is known.
_PRECISION_BY_CODE = {
    "ADM1": 3,
    "CONT": 3,
    "ADM1H": 3,
    "PCLI": 3,
    "PCLD": 3,
    "PCLF": 3,
    "PCLS": 3,
    "PCLIX": 3,
    "PCL": 3,
    "TERR": 3,
    "RGN": 3,
    "RGNE": 3,
    "ZN": 3,
    "PLAT": 3,
    "ADM2": 2,
    "ADM3": 2,
    "ADM4": 2,
    "ADMD": 2,
    "PPLX": 1,
    "RD": 2,
    "RDJCT": 1,
    "TRL": 2,
    "STM": 2,
    "AREA": 2,
    "MTS": 2,
    "RSV": 2,
    "LK": 2,
    "VAL": 2,
    "STRT": 2,
}
_PRECISION_BY_CLASS = {"P": 1, "S": 1, "A": 2, "R": 2, "H": 1, "T": 1, "L": 2, "V": 2, "U": 2}


def geo_precision(place: Place) -> int:
    """ACLED geo-precision (1 exact point, 2 near/part of a region, 3 only a large region)."""
    code = (place.feature_code or "").upper()
    if code in _PRECISION_BY_CODE:
        return _PRECISION_BY_CODE[code]
    if code.startswith("PCL") or code.startswith("ADM1"):
        return 3
    return _PRECISION_BY_CLASS.get((place.feature_class or "").upper(), 1)


def is_approximate(place: Place) -> bool:
    """A place the gazetteer lacks, pinned to a known town's point (see
    ``geo.toponyms.approximate_place``): no GeoNames id, feature type L.AREA."""
    return place.geonameid is None and (place.feature_code or "") == "AREA"


def is_country(place: Place) -> bool:
    """A whole country (GeoNames PCL, PCLI, PCLD, ...), the coarsest place an event can have."""
    return (place.feature_code or "").startswith("PCL")


def _is_admin1(place: Place) -> bool:
    return place.feature_class == "A" and (place.feature_code or "").upper().startswith("ADM1")


def admin1_contains(a: Place, b: Place) -> bool:
    """Whether one place is a first-level admin area and the other lies in it (by code)."""
    for area, other in ((a, b), (b, a)):
        if (
            _is_admin1(area)
            and area.admin1_code
            and area.country_code == other.country_code
            and area.admin1_code == other.admin1_code
            and not _is_admin1(other)
        ):
            return True
    return False


def haversine_km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(a_lat), math.radians(b_lat)
    dphi = phi2 - phi1
    dlmb = math.radians(b_lon - a_lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
