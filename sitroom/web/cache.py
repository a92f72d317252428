"""Response bodies of the read endpoints, kept until the next write.

The database only changes through this process while it serves (DuckDB allows one
writer, and a read-only server blocks writers elsewhere), so an aggregate computed
once stays right until ``POST /documents`` stores something and bumps the generation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from starlette.requests import Request

CacheKey = tuple[str, tuple[tuple[str, str], ...]]


class ResponseCache:
    """A small LRU of JSON bodies keyed by path and sorted query parameters."""

    def __init__(self, max_entries: int = 512) -> None:
        self.max_entries = max_entries
        self.generation = 0
        self._bodies: OrderedDict[CacheKey, bytes] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(path: str, params: list[tuple[str, str]]) -> CacheKey:
        return path, tuple(sorted(params))

    @classmethod
    def request_key(cls, request: Request) -> CacheKey:
        return cls.key(request.url.path, list(request.query_params.multi_items()))

    def get(self, key: CacheKey) -> bytes | None:
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key: CacheKey, body: bytes, generation: int) -> None:
        """Keep ``body`` unless a write happened since it was computed (``generation``)."""
        with self._lock:
            if generation != self.generation:
                return
            self._bodies[key] = body
            self._bodies.move_to_end(key)
            while len(self._bodies) > self.max_entries:
                self._bodies.popitem(last=False)

    def invalidate(self) -> None:
        with self._lock:
            self.generation += 1
            self._bodies.clear()
