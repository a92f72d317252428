"""Fixtures for the API and dashboard tests: copies of one small hand-made store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webdata import TOKEN, build_store

from sitroom.web.app import create_app


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The standard database, built once per test session and copied for each user."""
    path = tmp_path_factory.mktemp("web-template") / "web.duckdb"
    build_store(path)
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "web.duckdb"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture(scope="module")
def client(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """Read-only app shared by a test module: no token configured, so writes are off."""
    path = tmp_path_factory.mktemp("web-read") / "web.duckdb"
    shutil.copyfile(template_db, path)
    with TestClient(create_app(path), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def writer(db_path: Path) -> Iterator[TestClient]:
    """App with a token configured, so POST /documents works with the bearer token."""
    with TestClient(create_app(db_path, token=TOKEN), raise_server_exceptions=False) as c:
        yield c
