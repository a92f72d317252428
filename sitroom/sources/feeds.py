"""RSS and Atom feeds: every entry is an article (feedparser).

The entry's full content is preferred over its summary; the feed's title is the
source. The publication date is read from the entry's date string as written (the
publisher's local day), falling back to feedparser's UTC-normalised parse.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import feedparser

from sitroom.errors import UnsupportedFormat
from sitroom.sources.base import (
    ReadContext,
    ReadResult,
    build_document,
    failure,
    parse_published,
)
from sitroom.sources.htmltext import html_to_text

logger = logging.getLogger(__name__)


def _entry_text(entry: dict) -> str:
    candidates = [part.get("value") or "" for part in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    best = max(candidates, key=len)
    return html_to_text(best) if best else ""


def _entry_date(entry: dict, origin: str) -> dt.date | None:
    for name in ("published", "updated", "created"):
        raw = entry.get(name)
        if raw:
            found = parse_published(raw, origin)
            if found:
                return found
        parsed = entry.get(f"{name}_parsed")
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def read_feed(raw: bytes, ctx: ReadContext, origin: str) -> Iterator[ReadResult]:
    """Articles from an RSS/Atom document given as bytes (feedparser reads the encoding).

    Bytes, never str: feedparser treats a string as a URL or file name to open.
    """
    parsed = feedparser.parse(raw)
    entries = parsed.get("entries") or []
    if not entries:
        if not parsed.get("version"):
            problem = parsed.get("bozo_exception")
            detail = f" ({problem})" if problem else ""
            yield failure(
                origin,
                f"is not a readable RSS/Atom feed{detail}; check the file is a feed, or give "
                "it a .txt/.html/.json extension if it is something else",
                UnsupportedFormat,
            )
        else:
            yield failure(origin, "feed has no entries; nothing to ingest")
        return
    if parsed.get("bozo"):
        logger.info("%s: feed is not well-formed, read anyway: %s", origin, parsed.bozo_exception)
    feed_title = parsed.get("feed", {}).get("title")
    for number, entry in enumerate(entries, start=1):
        entry_origin = f"{origin}#{number}"
        text = _entry_text(entry)
        if not text:
            yield failure(entry_origin, "feed entry has no summary or content text; skipped")
            continue
        yield build_document(
            ctx,
            entry_origin,
            text,
            title=entry.get("title"),
            url=entry.get("link"),
            source=feed_title,
            published=_entry_date(entry, entry_origin),
        )
