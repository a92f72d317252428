"""Near-duplicate articles: MinHash signatures over word 5-shingles, LSH-banded index.

Exact re-posts share a ``content_hash``; this catches the re-published copy with a new
headline, a different footer or a few words edited. Two outlets' own reports on the same
event share facts and names but few five-word runs, so they stay apart.

Signatures are deterministic across processes and machines (CRC-32 of each shingle,
then fixed universal-hash permutations seeded from SHA-256), so they can be stored.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from array import array
from functools import lru_cache

import numpy as np

SHINGLE_WORDS = 5
_MERSENNE_61 = np.uint64((1 << 61) - 1)
_MAX_32 = (1 << 32) - 1
_CHUNK = 8192  # shingles hashed per step: bounds memory for very long texts
_WORD = re.compile(r"\w+")
# Edge lines of at most this many words are left out of the signature (see _body_lines).
_EDGE_LINE_WORDS = 25
_MAX_EDGE_LINES = 3


def _body_lines(text: str) -> list[str]:
    """The text's non-blank lines minus short lines at the very top and bottom.

    Headline, dateline, byline, "Copyright ..."/"Follow us" footers sit on short lines at
    the edges and are what changes when an article is re-published; body paragraphs are
    long. Only trimmed while at least one long line remains.
    """
    lines = [line for line in text.split("\n") if line.strip()]

    def short(line: str) -> bool:
        return len(_WORD.findall(line)) <= _EDGE_LINE_WORDS

    if all(short(line) for line in lines):
        return lines
    start, end = 0, len(lines)
    while start < min(_MAX_EDGE_LINES, end) and short(lines[start]):
        start += 1
    while len(lines) - end < _MAX_EDGE_LINES and end > start and short(lines[end - 1]):
        end -= 1
    return lines[start:end]


def normalised_words(text: str) -> list[str]:
    """Words of the article body, NFKC-normalised and case-folded, punctuation dropped."""
    body = "\n".join(_body_lines(text.replace("\r\n", "\n").replace("\r", "\n")))
    return _WORD.findall(unicodedata.normalize("NFKC", body).casefold())


def _shingle_hashes(words: list[str]) -> np.ndarray:
    if len(words) < SHINGLE_WORDS:
        shingles = {" ".join(words)} if words else set()
    else:
        shingles = {
            " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
        }
    hashes = sorted({zlib.crc32(s.encode("utf-8")) for s in shingles})
    return np.array(hashes, dtype=np.uint64)


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients (a, b) of h(x) = (a*x + b) mod (2^61 - 1), fixed by their index.

    a, b < 2^32 and x < 2^32 keep a*x + b below 2^64, so uint64 arithmetic is exact.
    """
    a = np.empty(num_perm, dtype=np.uint64)
    b = np.empty(num_perm, dtype=np.uint64)
    for i in range(num_perm):
        digest = hashlib.sha256(f"sitroom-minhash-{i}".encode()).digest()
        a[i] = int.from_bytes(digest[:4], "little") % (_MAX_32 - 1) + 1
        b[i] = int.from_bytes(digest[4:8], "little")
    return a, b


def text_signature(text: str, num_perm: int = 64) -> list[int]:
    """MinHash signature (``num_perm`` 32-bit ints) of the text's word 5-shingles.

    A text with no words gets the all-maximum signature, equal only to other empty texts.
    """
    if num_perm < 1:
        raise ValueError("num_perm must be positive")
    a, b = _permutations(num_perm)
    hashes = _shingle_hashes(normalised_words(text))
    minimum = np.full(num_perm, _MAX_32, dtype=np.uint64)
    for start in range(0, len(hashes), _CHUNK):
        chunk = hashes[start : start + _CHUNK]
        permuted = (a[:, None] * chunk[None, :] + b[:, None]) % _MERSENNE_61
        permuted &= np.uint64(_MAX_32)
        np.minimum(minimum, permuted.min(axis=1), out=minimum)
    return [int(value) for value in minimum]


def signature_similarity(a: list[int], b: list[int]) -> float:
    """Estimated Dice coefficient of two texts' shingle sets, from their signatures.

    The share of equal slots estimates the Jaccard index J; Dice = 2J / (1 + J) is, for
    two texts of similar length, the share of one text's shingles that the other has.
    It is the scale a "90 % the same article" threshold means: a 300-word article with a
    new headline, footer and three edited words scores about 0.93; two independent
    reports on the same event score below 0.1.
    """
    if len(a) != len(b):
        raise ValueError(f"signatures differ in length ({len(a)} vs {len(b)})")
    if not a:
        return 0.0
    jaccard = sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)
    return 2 * jaccard / (1 + jaccard)


class NearDuplicateIndex:
    """Signatures of seen documents, banded for locality-sensitive lookup.

    ``bands`` bands of ``num_perm // bands`` rows: with the defaults (16 x 4) a pair at
    Jaccard 0.8 (Dice 0.89) shares a band with probability > 0.999 and one at Jaccard 0.6
    with 0.89, while unrelated articles (near 0) almost never do, so ``find`` compares a
    new document with a handful of candidates instead of every stored one.
    """

    def __init__(self, num_perm: int = 64, bands: int = 16) -> None:
        if bands < 1 or num_perm % bands:
            raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
        self.num_perm = num_perm
        self._rows = num_perm // bands
        # band key -> doc number, or a list of doc numbers when several share it
        self._buckets: list[dict[int, int | list[int]]] = [{} for _ in range(bands)]
        self._ids: list[str] = []
        self._numbers: dict[str, int] = {}
        self._signatures: list[array] = []

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._numbers

    def _band_keys(self, signature: list[int]) -> list[int]:
        if len(signature) != self.num_perm:
            raise ValueError(f"signature has {len(signature)} values, index uses {self.num_perm}")
        rows = self._rows
        # Python's tuple hash of ints is stable within and across runs (no hash seed).
        return [hash(tuple(signature[i : i + rows])) for i in range(0, self.num_perm, rows)]

    def add(self, doc_id: str, signature: list[int]) -> None:
        """Remember ``doc_id``; adding an id already present does nothing."""
        keys = self._band_keys(signature)
        if doc_id in self._numbers:
            return
        number = len(self._ids)
        self._ids.append(doc_id)
        self._numbers[doc_id] = number
        self._signatures.append(array("I", signature))
        for bucket, key in zip(self._buckets, keys, strict=True):
            held = bucket.get(key)
            if held is None:
                bucket[key] = number
            elif isinstance(held, list):
                held.append(number)
            else:
                bucket[key] = [held, number]

    def find(self, signature: list[int], threshold: float = 0.9) -> str | None:
        """The most similar stored document at or above ``threshold`` (earliest on ties)."""
        candidates: set[int] = set()
        for bucket, key in zip(self._buckets, self._band_keys(signature), strict=True):
            held = bucket.get(key)
            if held is None:
                continue
            if isinstance(held, list):
                candidates.update(held)
            else:
                candidates.add(held)
        best: tuple[float, int] | None = None
        for number in sorted(candidates):
            score = signature_similarity(signature, self._signatures[number].tolist())
            if score >= threshold and (best is None or score > best[0]):
                best = (score, number)
        return self._ids[best[1]] if best else None
