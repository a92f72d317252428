"""Plain-text and Markdown articles.

The text is kept exactly as in the file (line endings normalised) so that character
offsets can be checked against the file. The title is *read* from the text, not cut out
of it: the first non-blank line is the title when a blank line follows it, it is at most
``_MAX_TITLE_CHARS`` long and it does not end like a sentence (``.``, ``:``, ``;``,
``,``). In Markdown, a leading ``# Heading`` is the title (without its ``#`` marks)
whether or not a blank line follows.
"""

from __future__ import annotations

import re

from sitroom.sources.base import ReadContext, ReadResult, build_document

_MAX_TITLE_CHARS = 200
_SENTENCE_END = (".", ":", ";", ",")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")


def guess_title(text: str, *, markdown: bool = False) -> str | None:
    """The article's title by the rule in this module's docstring, or None."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None
    line = lines[first].strip()
    if markdown:
        heading = _MD_HEADING.match(line)
        if heading:
            return heading.group(1)
    rest = lines[first + 1 :]
    has_body = any(part.strip() for part in rest)
    followed_by_blank = bool(rest) and not rest[0].strip()
    if (
        has_body
        and followed_by_blank
        and len(line) <= _MAX_TITLE_CHARS
        and not line.endswith(_SENTENCE_END)
    ):
        return line
    return None


def read_plain_text(
    text: str, ctx: ReadContext, origin: str, *, markdown: bool = False
) -> ReadResult:
    """One Document from a decoded text or Markdown file."""
    return build_document(ctx, origin, text, title=guess_title(text, markdown=markdown))
