"""Schema version 2: the tables event fusion writes (clusters and why records joined them).

``events.cluster_id`` (version 1) names each record's cluster; ``cluster_members`` keeps
one row per decision with its reasons, which `sitroom events --explain` prints.
Statements use IF NOT EXISTS so fusion can also create them on a database opened
before this migration was registered.
"""

from __future__ import annotations

FUSION_STATEMENTS: list[str] = [
    """CREATE TABLE IF NOT EXISTS clusters (
        id VARCHAR PRIMARY KEY,
        kind VARCHAR,
        first_event_id VARCHAR NOT NULL,
        created_seq BIGINT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS cluster_members (
        cluster_id VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        document_id VARCHAR,
        seq BIGINT NOT NULL,
        action VARCHAR NOT NULL,
        matched_event_id VARCHAR,
        score DOUBLE,
        reasons JSON,
        rejected JSON
    )""",
    "CREATE INDEX IF NOT EXISTS cluster_members_cluster ON cluster_members (cluster_id)",
    "CREATE INDEX IF NOT EXISTS cluster_members_event ON cluster_members (event_id)",
]

FUSION_MIGRATION: tuple[int, list[str]] = (2, FUSION_STATEMENTS)
