"""Fetching one ``http(s)://`` article or feed, with a timeout and a size cap.

The size cap is enforced while streaming (a lying or missing Content-Length cannot
make sitroom read more than ``max_bytes``). Network failures are BadInput: a URL that
cannot be fetched is an input that cannot be read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx

from sitroom.errors import BadInput, InputTooLarge
from sitroom.sources.base import one_line

logger = logging.getLogger(__name__)

USER_AGENT = "sitroom/0.1 (+conflict-news ingest)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body and what the server said about it."""

    url: str
    content: bytes
    content_type: str | None


def fetch_url(url: str, *, max_bytes: int, timeout: float = 20.0) -> Fetched:
    """The body at ``url`` (redirects followed); BadInput on HTTP errors or if too large."""
    try:
        with (
            httpx.Client(
                timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise BadInput(
                    f"{url}: server answered HTTP {response.status_code} "
                    f"{response.reason_phrase}; check the address"
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise InputTooLarge(_too_large(url, int(declared), max_bytes))
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InputTooLarge(_too_large(url, size, max_bytes, at_least=True))
                chunks.append(chunk)
            return Fetched(
                url=str(response.url),
                content=b"".join(chunks),
                content_type=response.headers.get("content-type"),
            )
    except httpx.TimeoutException:
        raise BadInput(
            f"{url}: no answer within {timeout:g} s; try again later or save the page and "
            "ingest the file"
        ) from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise BadInput(
            one_line(
                f"{url}: cannot be fetched ({type(exc).__name__}: {exc}); check the address "
                "and the network"
            )
        ) from None


def _too_large(url: str, size: int, max_bytes: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return (
        f"{url}: is {more}{size:,} bytes, over the limit of {max_bytes:,} bytes; "
        "raise max_input_bytes if this page is really one article"
    )
