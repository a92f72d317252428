"""Browser-test settings shared by the web conftest and the browser test modules (a plain
module, so tests never import from conftest)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitroom.web.app import VENDOR_DIR

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
# The marks of every browser test module.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium: apt-get install -y chromium",
    ),
    # Locally a missing map library skips; in CI (CI=true) it must have been installed.
    pytest.mark.skipif(
        not (VENDOR_DIR / "leaflet" / "leaflet.js").exists() and not os.environ.get("CI"),
        reason="needs the map library in sitroom/web/static/vendor: run `npm ci`",
    ),
]
