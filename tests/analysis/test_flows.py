"""Displacement flows: fused, summed by day and route, magnitude classes, exports."""

from __future__ import annotations

import json

from sitroom.analysis.commands import flows_command
from sitroom.analysis.flows import flows, magnitude_class


def test_magnitude_classes_follow_orders_of_magnitude():
    assert magnitude_class(1500) == "thousands"
    assert magnitude_class(25000) == "tens of thousands"
    assert magnitude_class(None) is None


def test_two_reports_of_one_exodus_count_once_with_the_lowest_figure(offensive_store):
    hama = [f for f in flows(offensive_store) if f.origin.name == "Hama"]
    assert len(hama) == 1
    assert hama[0].displaced == 5000 and hama[0].displaced_high == 8000
    assert hama[0].destination is not None and hama[0].destination.name == "Latakia"
    assert len(hama[0].sources) == 2


def test_a_flow_without_a_number_keeps_its_magnitude(offensive_store):
    homs = next(f for f in flows(offensive_store) if f.origin.name == "Homs")
    assert homs.displaced is None and homs.magnitude == "thousands"


def test_flows_export_as_json_lines_and_geojson_lines(offensive_store):
    lines = flows_command(offensive_store, since=None, fmt="jsonl").splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["origin"] == "Hama"
    data = json.loads(flows_command(offensive_store, since=None, fmt="geojson"))
    assert data["features"][0]["geometry"]["type"] == "LineString"
