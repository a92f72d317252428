"""HTML pages: the article's text without navigation, footers and ads (trafilatura).

Publication date comes from the page's markup only (meta tags, JSON-LD, ``<time>``,
the URL): trafilatura's "extensive" search also guesses from dates in the body, which
for conflict news are usually the dates of the events, not of the article.
"""

from __future__ import annotations

import logging

import trafilatura

from sitroom.sources.base import ReadContext, ReadResult, build_document, failure
from sitroom.sources.decode import normalise_newlines
from sitroom.sources.htmltext import page_text_without_furniture, tidy_whitespace

logger = logging.getLogger(__name__)

# trafilatura's own threshold for a successful extraction (MIN_EXTRACTED_SIZE).
_MIN_ARTICLE_CHARS = 250
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}


def _extract(markup: str, url: str | None) -> dict | None:
    extracted = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=dict(_DATE_PARAMS),
    )
    if extracted is None:
        return None
    return extracted if isinstance(extracted, dict) else extracted.as_dict()


def _metadata(markup: str, url: str | None) -> dict:
    """Title/date/sitename when the text extraction itself gave up."""
    try:
        found = trafilatura.extract_metadata(
            markup, default_url=url, date_config=dict(_DATE_PARAMS), extensive=False
        )
    except (ValueError, TypeError) as exc:  # trafilatura refuses some trees outright
        logger.debug("no metadata: %s", exc)
        return {}
    return found.as_dict() if found is not None else {}


def read_html(markup: str, ctx: ReadContext, origin: str, *, url: str | None = None) -> ReadResult:
    """One Document from an HTML page; an error when no article text can be found.

    trafilatura's text is used when it is article-sized; for short pages (where its
    fallbacks keep menus and split lines at inline tags) the page's visible text minus
    navigation, header, footer and asides is used instead. A page that is only
    furniture or script is an error.
    """
    extracted = _extract(markup, url) or {}
    text = tidy_whitespace(normalise_newlines(extracted.get("text") or ""))
    if len(text) < _MIN_ARTICLE_CHARS:
        text = page_text_without_furniture(markup)
        if not extracted:
            extracted = _metadata(markup, url)
    if not text:
        return failure(
            origin,
            "HTML has no extractable article text (script-only, empty or menu-only page); "
            "save the article page itself or its text",
        )
    return build_document(
        ctx,
        origin,
        text,
        title=extracted.get("title"),
        url=extracted.get("url") or url,
        source=extracted.get("sitename"),
        published=extracted.get("date"),
    )
