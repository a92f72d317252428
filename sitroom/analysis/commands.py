"""CLI-ready functions: each takes a store and plain arguments and returns the text to print.

`cli.py` wires one command to one function (`sitroom control`, `flows`, `alerts`,
`network`, `events --explain`; `report` calls `analysis.report.report` itself); the same
functions serve the API. When
``output`` is given the text is written there and a one-line confirmation returned.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sitroom.analysis.alerts import BASELINE_DAYS, P_THRESHOLD, RATE_FLOOR, alerts
from sitroom.analysis.common import latest_event_date, parse_since
from sitroom.analysis.control import (
    control_changes,
    control_geojson,
    control_on,
    control_timeseries,
)
from sitroom.analysis.flows import flows, flows_geojson, flows_jsonl
from sitroom.analysis.network import actor_network, network_graphml, network_json
from sitroom.errors import BadInput
from sitroom.fuse.store import explain
from sitroom.store import Store


def _emit(text: str, output: Path | str | None) -> str:
    if output is None:
        return text
    Path(output).write_text(text, encoding="utf-8")
    return f"wrote {output}"


def _check(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise BadInput(f"unknown format {fmt!r}; use one of {', '.join(allowed)}")


def _table(headers: list[str], rows: list[list[object]]) -> str:
    cells = [[str(c) for c in headers], *[[("" if c is None else str(c)) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def control_command(
    store: Store,
    country: str | None,
    date: dt.date | None,
    fmt: str = "table",
    output: Path | str | None = None,
) -> str:
    """`sitroom control`: who holds each place and admin area on ``date`` (default: latest).

    Formats: table, geojson, json (states), timeseries (changes of hands per place).
    """
    _check(fmt, ("table", "geojson", "json", "timeseries"))
    day = date or latest_event_date(store) or dt.date.today()
    if fmt == "timeseries":
        series = control_timeseries(control_changes(store, country, until=day))
        return _emit(json.dumps(series, ensure_ascii=False, indent=1), output)
    places, admin1 = control_on(store, day, country)
    if fmt == "geojson":
        return _emit(control_geojson(places, admin1, day), output)
    if fmt == "json":
        data = [s.model_dump(mode="json") for s in [*places, *admin1]]
        return _emit(json.dumps(data, ensure_ascii=False, indent=1), output)
    rows = [
        [s.level, s.name, s.admin1 or "", s.controller, s.since or "", f"{s.confidence:.2f}",
         "; ".join(x.cite() for x in s.sources[:2])]
        for s in [*admin1, *places]
    ]  # fmt: skip
    head = f"Control on {day}" + (f" in {country}" if country else "") + "\n"
    if not rows:
        return _emit(head + "no territory events or control statements in the store\n", output)
    table = _table(["level", "name", "admin1", "controller", "since", "conf", "sources"], rows)
    return _emit(head + table, output)


def flows_command(
    store: Store,
    since: str | dt.date | None = None,
    until: dt.date | None = None,
    country: str | None = None,
    fmt: str = "table",
    output: Path | str | None = None,
) -> str:
    """`sitroom flows`: displacement origin -> destination by day (table, jsonl, geojson)."""
    _check(fmt, ("table", "jsonl", "json", "geojson"))
    start = parse_since(since, latest_event_date(store) or dt.date.today())
    items = flows(store, start, until, country)
    if fmt in ("jsonl", "json"):
        return _emit(flows_jsonl(items), output)
    if fmt == "geojson":
        return _emit(flows_geojson(items), output)
    rows = [
        [f.date or "", f.origin.name, f.destination.name if f.destination else "?",
         f"{f.displaced:,}" if f.displaced else "", f.magnitude or "", f.records,
         "; ".join(f.reporting_sources)]
        for f in items
    ]  # fmt: skip
    if not rows:
        return _emit("no displacement records in the store for this period\n", output)
    headers = ["date", "origin", "destination", "displaced", "magnitude", "records", "reported by"]
    return _emit(_table(headers, rows), output)


def alerts_command(
    store: Store,
    since: str | dt.date | None = "7d",
    until: dt.date | None = None,
    country: str | None = None,
    fmt: str = "table",
    output: Path | str | None = None,
) -> str:
    """`sitroom alerts --since 7d`: escalations against the trailing baseline.

    A relative span counts back from the latest event date in the store, so archived
    corpora (such as the demo) give alerts too.
    """
    _check(fmt, ("table", "json"))
    latest = latest_event_date(store) or dt.date.today()
    start = parse_since(since or "7d", latest) or latest
    found = alerts(store, start, until, country)
    if fmt == "json":
        data = [a.model_dump(mode="json") for a in found]
        return _emit(json.dumps(data, ensure_ascii=False, indent=1), output)
    method = (
        f"Method: daily counts of fused events vs. the trailing {BASELINE_DAYS}-day mean "
        f"(floor {RATE_FLOOR}/day); alert when Poisson P(X >= count) < {P_THRESHOLD}.\n"
    )
    if not found:
        return _emit(method + f"no escalation since {start}\n", output)
    rows = [
        [a.date, a.dimension, a.key, a.count, f"{a.baseline:.2f}", f"{a.p_value:.1e}",
         "; ".join(s.cite() for s in a.sources[:2])]
        for a in found
    ]  # fmt: skip
    headers = ["date", "dimension", "key", "count", "baseline", "p", "sources"]
    return _emit(method + _table(headers, rows), output)


def network_command(
    store: Store,
    since: dt.date | None = None,
    until: dt.date | None = None,
    country: str | None = None,
    fmt: str = "table",
    output: Path | str | None = None,
) -> str:
    """`sitroom network`: who fights whom / acts with whom (table, json, graphml)."""
    _check(fmt, ("table", "json", "graphml"))
    net = actor_network(store, since, until, country)
    if fmt == "json":
        return _emit(network_json(net), output)
    if fmt == "graphml":
        return _emit(network_graphml(net), output)
    rows = [[e.source, e.relation, e.target, e.weight, e.fatalities] for e in net.edges]
    if not rows:
        return _emit("no events with two actors in the store\n", output)
    return _emit(_table(["actor", "relation", "actor", "events", "fatalities"], rows), output)


def explain_command(store: Store, ident: str, fmt: str = "text") -> str:
    """`sitroom events --explain ID`: the reports merged into this event, and why."""
    _check(fmt, ("text", "json"))
    data = explain(store, ident)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1, default=str)
    cluster = data["cluster"]
    assert isinstance(cluster, dict)
    place = (cluster.get("place") or {}).get("name", "?")
    lines = [
        f"Event {cluster['cluster_id']}: {cluster['sub_event_type']} at {place} on "
        f"{cluster.get('event_date') or 'unknown date'}",
        f"  actors: {cluster.get('actor1') or '-'} vs {cluster.get('actor2') or '-'}",
        f"  fatalities: {cluster.get('fatalities')} (lowest report; range "
        f"{cluster.get('fatalities_low')}-{cluster.get('fatalities_high')})",
        f"  {len(cluster['members'])} record(s) from {len(cluster['documents'])} report(s)",
    ]
    for fig in cluster.get("fatality_reports", []):
        lines.append(f"    {fig['document_id']}: {fig['value']} killed")
    for d in data["decisions"]:  # type: ignore[union-attr]
        who = f"{d['title'] or d['document_id']} ({d['source'] or '?'}, {d['published'] or '?'})"
        if d["action"] == "new":
            lines.append(f"- {d['event_id']} opened the event: {who}")
        else:
            reasons = ", ".join(f"{k}={v}" for k, v in d["reasons"].items())
            lines.append(
                f"- {d['event_id']} joined (score {d['score']:.2f}, matched "
                f"{d['matched_event_id']}): {who}\n    because {reasons}"
            )
        for r in d["rejected"]:
            why = ", ".join(f"{k}={v}" for k, v in r.items() if k not in {"cluster_id"})
            lines.append(f"    not merged with {r['cluster_id']}: {why}")
    return "\n".join(lines) + "\n"
