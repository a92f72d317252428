"""The ingest stage: files, folders, feeds and URLs in; ``Document`` records out.

``iter_documents`` reads anything a user points sitroom at and yields one
``ReadResult`` per article (a Document or a clear error); ``dedupe`` finds re-published
near-duplicates that an exact content hash misses.
"""

from sitroom.sources.base import ReadResult
from sitroom.sources.dedupe import NearDuplicateIndex, signature_similarity, text_signature
from sitroom.sources.ingest import DEFAULT_MAX_BYTES, iter_documents, iter_documents_from_bytes

__all__ = [
    "DEFAULT_MAX_BYTES",
    "NearDuplicateIndex",
    "ReadResult",
    "iter_documents",
    "iter_documents_from_bytes",
    "signature_similarity",
    "text_signature",
]
