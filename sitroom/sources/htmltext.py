"""Markup fragments (feed summaries, CMS fields in JSON) to plain text with paragraphs.

Block elements become paragraph breaks so that sentence splitting downstream does not
glue the last sentence of one paragraph to the first of the next.
"""

from __future__ import annotations

import html
import logging
import re

import lxml.etree
import lxml.html

logger = logging.getLogger(__name__)

_BLOCK_TAGS = (
    "p", "div", "section", "article", "blockquote", "li", "ul", "ol", "table", "tr",
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figure", "figcaption", "header", "footer",
)  # fmt: skip
_DROPPED_TAGS = ("script", "style", "noscript", "template")
# Page furniture: never part of an article, dropped when trafilatura finds nothing.
_BOILERPLATE_TAGS = (
    *_DROPPED_TAGS, "nav", "header", "footer", "aside", "form", "button", "select", "iframe",
    "svg", "menu",
)  # fmt: skip
_MARKUP_HINT = re.compile(
    r"<\s*/?\s*(p|br|div|span|a|b|i|em|strong|ul|ol|li|h[1-6]|img|blockquote|table)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
# Characters libxml2 refuses in a tree (XML 1.0 forbids them); they carry no text.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# lxml refuses a str that still carries an encoding declaration (it is decoded already).
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def _parseable(markup: str) -> str:
    return _XML_INVALID.sub(" ", _XML_DECLARATION.sub("", markup, count=1))


_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def looks_like_markup(text: str) -> bool:
    """True when a text field holds HTML tags rather than plain prose."""
    return bool(_MARKUP_HINT.search(text))


def tidy_whitespace(text: str) -> str:
    """Spaces collapsed within lines, runs of blank lines cut to one, ends trimmed."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment, one paragraph per block element."""
    if "<" not in markup:
        return tidy_whitespace(html.unescape(markup))
    try:
        root = lxml.html.fragment_fromstring(_parseable(markup), create_parent="div")
    except (lxml.etree.ParserError, ValueError) as exc:
        # lxml gives up on some fragments (nothing but a comment, say); tags are still
        # unambiguous enough to strip by pattern.
        logger.debug("falling back to tag stripping: %s", exc)
        return tidy_whitespace(html.unescape(_TAG.sub(" ", markup)))
    return element_text(root, _DROPPED_TAGS)


def page_text_without_furniture(markup: str) -> str:
    """Visible text of a whole page minus navigation, header, footer, asides and forms.

    The last resort when trafilatura finds no article: better a little noise than losing
    a short bulletin, but a page that is *only* furniture still yields nothing.
    """
    try:
        root = lxml.html.document_fromstring(_parseable(markup))
    except (lxml.etree.ParserError, ValueError) as exc:
        logger.debug("page cannot be parsed: %s", exc)
        return ""
    body = root.find("body")
    return element_text(body if body is not None else root, _BOILERPLATE_TAGS)


def element_text(root: lxml.html.HtmlElement, dropped: tuple[str, ...]) -> str:
    """Text of an element tree, block elements as paragraphs, ``dropped`` tags removed."""
    for element in list(root.iter(*dropped)):
        if element is not root:
            element.drop_tree()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
        if element.text:
            element.text = "\n\n" + element.text
    return tidy_whitespace(root.text_content())
