"""Actor network: weighted edges, JSON and GraphML exports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from sitroom.analysis.network import GRAPHML_NS, actor_network, network_graphml, network_json

GOV = "Military Forces of Syria (2000-2024)"
HTS = "HTS: Hayat Tahrir al-Sham"


def test_fights_edge_counts_fused_events_once(offensive_store):
    net = actor_network(offensive_store)
    fights = {(e.source, e.target): e for e in net.edges if e.relation == "fights"}
    # Saraqib capture (2 reports, 1 event), Hama clash, Hama regain, Hama capture
    pair_weights = sum(e.weight for (a, b), e in fights.items() if {a, b} == {GOV, HTS})
    assert pair_weights == 4


def test_associated_actors_are_linked_as_acting_together(store, make_event, save_documents):

    save_documents(store, {"a": [make_event("a", assoc_actor_1="SNA: Syrian National Army")]})
    net = actor_network(store)
    assert any(e.relation == "with" and "SNA: Syrian National Army" in (e.source, e.target)
               for e in net.edges)  # fmt: skip


def test_graphml_is_valid_xml_with_weights(offensive_store):
    root = ET.fromstring(network_graphml(actor_network(offensive_store)))
    ns = {"g": GRAPHML_NS}
    labels = {d.text for d in root.findall(".//g:node/g:data[@key='d4']", ns)}
    assert {GOV, HTS} <= labels
    assert root.findall(".//g:edge", ns)


def test_network_json_lists_nodes_and_edges(offensive_store):
    data = json.loads(network_json(actor_network(offensive_store)))
    assert {n["id"] for n in data["nodes"]} >= {GOV, HTS}
    assert data["edges"][0]["weight"] >= 1
