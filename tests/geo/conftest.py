"""Gazetteer fixtures. Copy ``gazetteer_path``/``gazetteer`` into another test folder's
conftest to share the same built file: it is keyed by a hash of everything the build
reads, kept beside pytest's temp dirs, and built at most once per content version."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sitroom.geo import Gazetteer
from sitroom.geo.build import build_digest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default gazetteer, built once (about 15 s) and reused while its inputs match."""
    root = tmp_path_factory.getbasetemp().parent
    path = root / f"sitroom-gazetteer-{build_digest()}.duckdb"
    for stale in root.glob("sitroom-gazetteer-*.duckdb"):
        # Another session may still be using a recent one; an hour-old one is stale.
        try:
            if stale != path and time.time() - stale.stat().st_mtime > 3600:
                stale.unlink()
        except OSError:  # removed by a concurrent session meanwhile
            pass
    if not path.exists():
        Gazetteer.open(path, build=True).close()
    return path


@pytest.fixture(scope="session")
def gazetteer(gazetteer_path: Path) -> Gazetteer:
    """A read-only gazetteer shared by the session's tests (do not import into it)."""
    g = Gazetteer.open(gazetteer_path, build=False)
    yield g
    g.close()


@pytest.fixture
def writable_gazetteer(gazetteer_path: Path, tmp_path: Path) -> Gazetteer:
    """A private copy of the default gazetteer for tests that import into it."""
    import shutil

    copy = tmp_path / "gazetteer.duckdb"
    shutil.copyfile(gazetteer_path, copy)
    g = Gazetteer.open(copy, build=False)
    yield g
    g.close()
    copy.unlink(missing_ok=True)  # ~200 MB each: do not leave them in pytest's kept temp dirs
