"""Storage: DuckDB embedded by default."""

from sitroom.store.duckdb_store import EventFilter, Store

__all__ = ["EventFilter", "Store"]
