"""Property: whatever bytes a file holds, reading it gives Documents or error results."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.errors import BadInput
from sitroom.sources import iter_documents

SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl", ".xml", ".rss", ".atom", "", ".dat"]
# Byte fragments that steer random input into each parser's interesting paths.
FRAGMENTS = [
    b"<html><body><p>", b"</p>", b"<rss version='2.0'><channel><item><description>",
    b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><summary>", b'{"text": "', b'"}',
    b"[", b"]", b"\n", b"\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\xe9", b"Killed in ",
    b"<?xml version='1.0' encoding='latin-1'?>", b"<meta charset='shift_jis'>", b"&amp;",
    b"\\ud800", b"\x0c", b"<br>", b"<script>",
]  # fmt: skip

contents = st.one_of(
    st.binary(max_size=600),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=20)), max_size=25).map(
        b"".join
    ),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=contents, suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_give_documents_or_errors_never_exceptions(content, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(content)
        results = list(iter_documents(path))
    assert results
    for result in results:
        assert (result.document is None) != (result.error is None)
        if result.error is not None:
            assert isinstance(result.error, BadInput)
            assert "\n" not in str(result.error)
        else:
            assert result.document.text.strip()
