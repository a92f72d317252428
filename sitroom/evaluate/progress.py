"""A progress bar on a terminal, silence in a pipe, and a timer that logs."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from rich.console import Console
from rich.progress import track

log = logging.getLogger(__name__)
T = TypeVar("T")


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterable[T]:
    """Wrap ``items`` in a rich progress bar on stderr when stderr is a terminal."""
    if not sys.stderr.isatty():
        return items
    return track(items, description=description, total=total, console=Console(stderr=True))


@contextmanager
def timed(timings: dict[str, float], name: str) -> Iterator[None]:
    """Record the seconds spent in the block under ``timings[name]`` and log them."""
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = round(time.perf_counter() - started, 3)
        log.info("%s took %.1f s", name, timings[name])
