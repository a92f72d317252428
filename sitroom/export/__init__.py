"""Exports: ACLED-style CSV, GeoJSON, JSON, PLOVER JSON, Parquet."""

from sitroom.export.acled import ACLED_COLUMNS, write_acled_csv
from sitroom.export.formats import to_csv, to_geojson, to_json, to_plover, write_parquet

__all__ = [
    "ACLED_COLUMNS",
    "to_csv",
    "to_geojson",
    "to_json",
    "to_plover",
    "write_acled_csv",
    "write_parquet",
]
