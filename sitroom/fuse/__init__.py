"""Fusion: one event from many reports (deterministic, incremental, explainable)."""

from sitroom.fuse.cluster import Clusterer, FusedEvent, FusionDecision, fuse_events, fuse_members
from sitroom.fuse.rules import Comparison, compare
from sitroom.fuse.store import (
    attach_to_clusters,
    attach_with_connection,
    explain,
    load_fused_events,
    recluster,
)

__all__ = [
    "Clusterer",
    "Comparison",
    "FusedEvent",
    "FusionDecision",
    "attach_to_clusters",
    "attach_with_connection",
    "compare",
    "explain",
    "fuse_events",
    "fuse_members",
    "load_fused_events",
    "recluster",
]
