"""What every reader shares: the result record, the caller's overrides, date parsing.

A reader never raises for a bad article; it yields a ``ReadResult`` with ``error`` set,
so that one broken file in a folder of thousands costs one line in the report.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
from dataclasses import dataclass

from sitroom.errors import BadInput
from sitroom.model import Document

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReadResult:
    """One article found in an input: a ``document``, or the ``error`` that stopped it.

    ``origin`` says where it came from: a path, ``path:LINE`` for JSONL, ``path[INDEX]``
    for a JSON array, ``path#ENTRY`` (1-based) for a feed, or the URL.
    """

    origin: str
    document: Document | None = None
    error: BadInput | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class ReadContext:
    """The caller's overrides (they win over metadata) and limits for one target."""

    published: dt.date | None = None
    source: str | None = None
    max_bytes: int = 20 * 1024 * 1024
    path: str | None = None


def failure(origin: str, message: str, kind: type[BadInput] = BadInput) -> ReadResult:
    """An error result whose message names the input; ``message`` says what and what to do."""
    return ReadResult(origin=origin, error=kind(one_line(f"{origin}: {message}")))


def one_line(message: str) -> str:
    """Messages quote parser exceptions, which may span lines; the user gets one line."""
    return " ".join(message.split())


# JSON "\\ud800" escapes decode to lone surrogates, which cannot be encoded (hashed, stored).
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(_LONE_SURROGATE.sub("\ufffd", value).split())
    return value or None


def build_document(
    ctx: ReadContext,
    origin: str,
    text: str,
    *,
    title: object = None,
    url: object = None,
    source: object = None,
    published: object = None,
) -> ReadResult:
    """A Document from extracted fields; the caller's ``published``/``source`` win."""
    if not text.strip():
        return failure(origin, "no article text found; add the text or remove this input")
    text = _LONE_SURROGATE.sub("\ufffd", text)
    return ReadResult(
        origin=origin,
        document=Document(
            text=text,
            title=_clean(title),
            url=_clean(url),
            source=ctx.source or _clean(source),
            published=ctx.published or parse_published(published, origin),
            path=ctx.path,
        ),
    )


_ISO_DATE_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_published(value: object, origin: str = "") -> dt.date | None:
    """A publication date from metadata, as the publisher wrote it (no time-zone shift).

    Accepts date/datetime objects, ISO 8601 (``2024-03-01``, ``...T10:00:00Z``) and
    RFC 2822 (``Fri, 01 Mar 2024 10:00:00 GMT``, as in RSS); anything else is logged and
    dropped, because a wrong publication date would shift every relative date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        logger.warning("%s: ignoring publication date %r (not a string)", origin, value)
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    match = _ISO_DATE_PREFIX.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    logger.warning("%s: ignoring unreadable publication date %r", origin, value)
    return None
