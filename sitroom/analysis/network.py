"""The actor network: who fights whom and who acts with whom, weighted by events.

An edge "fights" joins actor 1 and actor 2 of a fused violent event (battles,
explosions/remote violence, violence against civilians, riots) or of a change of
territory; an edge "with" joins
an actor and its associated actor on the same side (ACLED's assoc_actor fields), or
the two parties of a non-violent strategic development (e.g. an agreement).
Weights count fused events, so one event told by five reports counts once.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections import defaultdict

from pydantic import BaseModel, Field

from sitroom.fuse.store import load_fused_events
from sitroom.store import EventFilter, Store

VIOLENT_TYPES = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
)
# A place passing from one side to another, even without a fight, puts them on opposite sides.
TERRITORY_SUBTYPES = frozenset(
    {
        "Non-state actor overtakes territory",
        "Government regains territory",
        "Non-violent transfer of territory",
    }
)
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


class Edge(BaseModel):
    source: str
    target: str
    relation: str  # "fights" or "with"
    weight: int = 0
    fatalities: int = 0
    cluster_ids: list[str] = Field(default_factory=list)


class ActorNetwork(BaseModel):
    nodes: dict[str, int] = Field(default_factory=dict)  # actor -> events involved in
    edges: list[Edge] = Field(default_factory=list)


def actor_network(
    store: Store,
    since: dt.date | None = None,
    until: dt.date | None = None,
    country: str | None = None,
) -> ActorNetwork:
    """Build the weighted network from the fused events matching the filters."""
    edges: dict[tuple[str, str, str], Edge] = {}
    nodes: dict[str, int] = defaultdict(int)

    def link(a: str | None, b: str | None, relation: str, cluster: str, deaths: int) -> None:
        if not a or not b or a == b:
            return
        x, y = (a, b) if relation == "fights" else tuple(sorted((a, b)))
        edge = edges.setdefault((relation, x, y), Edge(source=x, target=y, relation=relation))
        edge.weight += 1
        edge.fatalities += deaths
        edge.cluster_ids.append(cluster)

    flt = EventFilter(kind="event", since=since, until=until, country=country)
    for fused in load_fused_events(store, flt):
        if fused.kind != "event":
            continue
        involved = {fused.actor1, fused.actor2, *fused.assoc_actors} - {None}
        for actor in involved:
            nodes[str(actor)] += 1
        deaths = fused.fatalities or 0
        hostile = fused.event_type in VIOLENT_TYPES or fused.sub_event_type in TERRITORY_SUBTYPES
        relation = "fights" if hostile else "with"
        link(fused.actor1, fused.actor2, relation, fused.cluster_id, deaths)
        for assoc in fused.assoc_actors:
            link(fused.actor1, assoc, "with", fused.cluster_id, 0)
    ordered = sorted(edges.values(), key=lambda e: (-e.weight, e.relation, e.source, e.target))
    return ActorNetwork(nodes=dict(sorted(nodes.items())), edges=ordered)


def network_json(net: ActorNetwork) -> str:
    data = {
        "nodes": [{"id": name, "events": n} for name, n in net.nodes.items()],
        "edges": [e.model_dump() for e in net.edges],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def network_graphml(net: ActorNetwork) -> str:
    """GraphML (directed for 'fights': actor 1 -> actor 2), readable by Gephi and networkx."""
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    keys = [
        ("d0", "node", "events", "int"),
        ("d4", "node", "label", "string"),
        ("d1", "edge", "relation", "string"),
        ("d2", "edge", "weight", "int"),
        ("d3", "edge", "fatalities", "int"),
    ]
    for key_id, domain, name, kind in keys:
        ET.SubElement(
            root,
            f"{{{GRAPHML_NS}}}key",
            {"id": key_id, "for": domain, "attr.name": name, "attr.type": kind},
        )
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", {"id": "actors",
                                                          "edgedefault": "directed"})  # fmt: skip
    ids = {name: f"n{i}" for i, name in enumerate(net.nodes)}
    for name, n in net.nodes.items():
        node = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": ids[name]})
        label = ET.SubElement(node, f"{{{GRAPHML_NS}}}data", {"key": "d4"})
        label.text = name
        count = ET.SubElement(node, f"{{{GRAPHML_NS}}}data", {"key": "d0"})
        count.text = str(n)
    for i, edge in enumerate(net.edges):
        attrs = {"id": f"e{i}", "source": ids[edge.source], "target": ids[edge.target]}
        if edge.relation == "with":
            attrs["directed"] = "false"
        element = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", attrs)
        for key_id, value in (("d1", edge.relation), ("d2", edge.weight),
                              ("d3", edge.fatalities)):  # fmt: skip
            data = ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": key_id})
            data.text = str(value)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)
