"""Shared fixtures: one pipeline per test session, small stores, the seed report."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "examples" / "homs-offensive.txt"

# Built artefacts (the default gazetteer) are cached under the repo, so a test run
# builds them at most once per checkout and never touches the user's own cache.
os.environ.setdefault("SITROOM_HOME", str(ROOT / ".pytest_cache" / "sitroom-home"))


@pytest.fixture(scope="session")
def pipeline():
    from sitroom.pipeline import Pipeline

    return Pipeline.default()


@pytest.fixture(scope="session")
def seed_extraction(pipeline):
    from sitroom.model import Document

    if not SEED.exists():
        pytest.skip(f"seed report not found at {SEED}")
    doc = Document(text=SEED.read_text("utf-8"), published=dt.date(2024, 12, 6), source="Arab News")
    return pipeline.extract(doc)
