"""Fixtures for the fuse tests; the helpers live in fusion_fixtures.py."""

from __future__ import annotations

import pytest
from fusion_fixtures import build_event


@pytest.fixture
def make_event():
    return build_event


@pytest.fixture
def store():
    from sitroom.store import Store

    with Store(":memory:") as s:
        yield s
