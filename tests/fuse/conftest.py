"""Fixtures for the fuse tests: hand-built events and small stores (no pipeline)."""

from __future__ import annotations

import pytest
from events_kit import build_event, store_documents


@pytest.fixture
def make_event():
    return build_event


@pytest.fixture
def store():
    from sitroom.store import Store

    with Store(":memory:") as s:
        yield s


@pytest.fixture
def save_documents():
    """Store documents with their events and fuse them, as ingest does."""
    return store_documents
