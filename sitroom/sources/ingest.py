"""``iter_documents``: every article in a file, a folder or at a URL, one result each.

A missing top-level path raises BadInput (nothing could be read at all); every other
problem becomes an error ReadResult so that one bad file never stops a folder.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from sitroom.errors import BadInput, InputTooLarge, UnsupportedFormat
from sitroom.sources.base import ReadContext, ReadResult, failure
from sitroom.sources.fetch import fetch_url
from sitroom.sources.formats import (
    EXTENSION_FORMATS,
    format_for_content_type,
    read_content,
    unsupported_extension,
)

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def iter_documents(
    target: str | Path,
    *,
    published: dt.date | None = None,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 20.0,
) -> Iterator[ReadResult]:
    """One ReadResult per article in ``target`` (file, folder walked recursively, or URL).

    ``published`` and ``source`` override what the input's metadata says. Files over
    ``max_bytes`` are refused without being read. Raises BadInput only when ``target``
    is a path that does not exist; the check happens at call time, not on iteration.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    ctx = ReadContext(published=published, source=source, max_bytes=max_bytes)
    text_target = str(target)
    if isinstance(target, str) and text_target.lower().startswith(("http://", "https://")):
        return _guarded(text_target, lambda: _read_url(text_target, ctx, timeout))
    path = Path(target)
    if not path.exists():
        raise BadInput(f"{path}: no such file or folder; check the path")
    if path.is_dir():
        return _read_folder(path, ctx)
    return _guarded(str(path), lambda: _read_file(path, ctx))


def iter_documents_from_bytes(
    content: bytes,
    name: str = "<input>",
    *,
    published: dt.date | None = None,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[ReadResult]:
    """Like ``iter_documents`` for content already in memory (an upload, stdin).

    ``name`` is used in messages and its extension picks the format (sniffed if none).
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    ctx = ReadContext(published=published, source=source, max_bytes=max_bytes)

    def read() -> Iterator[ReadResult]:
        if len(content) > max_bytes:
            yield failure(name, _too_large(len(content), max_bytes), InputTooLarge)
            return
        suffix = os.path.splitext(name)[1].lower()
        advice = unsupported_extension(suffix)
        if advice:
            yield failure(name, f"{suffix} files are not read; {advice}", UnsupportedFormat)
            return
        yield from read_content(content, EXTENSION_FORMATS.get(suffix), ctx, name)

    return _guarded(name, read)


def _guarded(origin: str, read: Callable[[], Iterator[ReadResult]]) -> Iterator[ReadResult]:
    """Results of ``read``, with any failure turned into an error result for ``origin``."""
    try:
        yield from read()
    except BadInput as exc:
        yield ReadResult(origin=origin, error=exc)
    except Exception as exc:  # a parser bug must cost one input, not the whole folder
        logger.warning("%s: reader failed", origin, exc_info=True)
        yield failure(
            origin,
            f"could not be read ({type(exc).__name__}: {exc}); check the file is a valid "
            "article, and report this if it is",
        )


def _read_file(path: Path, ctx: ReadContext) -> Iterator[ReadResult]:
    origin = str(path)
    suffix = path.suffix.lower()
    advice = unsupported_extension(suffix)
    if advice:
        yield failure(origin, f"{suffix} files are not read; {advice}", UnsupportedFormat)
        return
    try:
        size = path.stat().st_size
        if size > ctx.max_bytes:
            yield failure(origin, _too_large(size, ctx.max_bytes), InputTooLarge)
            return
        with path.open("rb") as handle:
            raw = handle.read(ctx.max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        yield failure(origin, f"cannot be read ({exc.strerror or exc}); check its permissions")
        return
    if len(raw) > ctx.max_bytes:
        yield failure(origin, _too_large(len(raw), ctx.max_bytes, at_least=True), InputTooLarge)
        return
    file_ctx = ReadContext(ctx.published, ctx.source, ctx.max_bytes, path=origin)
    yield from read_content(raw, EXTENSION_FORMATS.get(suffix), file_ctx, origin)


def _too_large(size: int, max_bytes: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return (
        f"file is {more}{size:,} bytes, over the limit of {max_bytes:,} bytes (max_bytes); "
        "split it into one article per file or raise max_input_bytes"
    )


def _read_url(url: str, ctx: ReadContext, timeout: float) -> Iterator[ReadResult]:
    fetched = fetch_url(url, max_bytes=ctx.max_bytes, timeout=timeout)
    fmt = format_for_content_type(fetched.content_type)
    if fmt is None:
        suffix = os.path.splitext(fetched.url.split("?")[0].split("#")[0])[1].lower()
        fmt = EXTENSION_FORMATS.get(suffix)
    yield from read_content(fetched.content, fmt, ctx, url, url=fetched.url)


def _read_folder(root: Path, ctx: ReadContext) -> Iterator[ReadResult]:
    for path, problem in _walk(root):
        if problem is not None:
            yield failure(str(path), f"folder cannot be listed ({problem}); check permissions")
        else:
            yield from _guarded(str(path), lambda path=path: _read_file(path, ctx))


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Files under ``folder`` depth-first in name order, hidden files and folders skipped."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield folder, str(exc.strerror or exc)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = entry.is_file()
        except OSError as exc:
            yield path, str(exc.strerror or exc)
            continue
        if is_dir:
            yield from _walk(path)
        elif is_file:
            yield path, None
        else:
            logger.debug("skipping %s: not a regular file", path)
