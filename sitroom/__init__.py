"""sitroom: conflict news in, structured, geolocated, source-linked events out.

The small public API: ``extract_events`` for one document without a database,
``Pipeline`` to configure the stages, ``Store`` for the DuckDB database, and
``ingest_paths`` to read, extract and store in one go.
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"
__all__ = ["Pipeline", "Store", "__version__", "extract_events", "ingest_paths"]

logging.getLogger("sitroom").addHandler(logging.NullHandler())


def __getattr__(name: str) -> object:
    # Imported lazily: `import sitroom` must stay cheap (the CLI's --help, the web app).
    if name in {"Pipeline", "extract_events"}:
        from sitroom import pipeline

        return getattr(pipeline, name)
    if name == "Store":
        from sitroom.store import Store

        return Store
    if name == "ingest_paths":
        from sitroom.ingest import ingest_paths

        return ingest_paths
    raise AttributeError(name)
