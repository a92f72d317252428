"""The situation picture under /api/v1: territorial control, alerts, the actor network,
fused events with all their reports, why reports were merged, and the written report.

Each endpoint calls the same library function as its CLI command and, like the other
read endpoints, keeps its body until the next write.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request

from sitroom.analysis.alerts import BASELINE_DAYS, MIN_COUNT, P_THRESHOLD, RATE_FLOOR, alerts
from sitroom.analysis.common import latest_event_date, parse_since
from sitroom.analysis.control import ControlChange, control_changes, control_timeseries
from sitroom.analysis.network import actor_network, network_graphml, network_json
from sitroom.analysis.report import report
from sitroom.errors import BadInput, NotFound
from sitroom.fuse.store import explain, load_fused_events_by_key
from sitroom.store.duckdb_store import Store
from sitroom.web import picture, queries
from sitroom.web.api import MAX_PAGE, ApiError, Filter, Reader, WebState, cached, json_body
from sitroom.web.cache import ResponseCache

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1")

Country = Annotated[str | None, Query(description="country name or ISO code")]
Since = Annotated[dt.date | None, Query(description="first event date, YYYY-MM-DD")]
Until = Annotated[dt.date | None, Query(description="last event date, YYYY-MM-DD")]

T = TypeVar("T")

# What the alert method is, said once for the API as `sitroom alerts` says it.
ALERT_METHOD = {
    "counts": "fused events per day, per admin1 area, event type and actor",
    "baseline": f"mean daily count over the trailing {BASELINE_DAYS} days, "
    f"at least {RATE_FLOOR} per day",
    "test": f"alert when a day has at least {MIN_COUNT} events and the Poisson upper-tail "
    f"probability P(X >= count | baseline) is below {P_THRESHOLD}",
}
# Which /events filter shows the events counted by an alert of each dimension.
ALERT_FILTER_PARAM = {"admin1": "admin1", "event_type": "type", "actor": "actor"}
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}
# Above this many records the dashboard loads control and alerts only when asked, and
# start-up does not warm them. Must equal app.js's constant. The analyses fuse only
# clusters of several records (docs/BENCHMARKS.md): 100,000 records take about 0.7 s for
# the control map and 1.4 s for the dashboard's alerts, cold, warmed at start-up.
AUTO_SITUATION_MAX_RECORDS = 200_000
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def _state(request: Request) -> WebState:
    return request.app.state.sitroom


def memoized(state: WebState, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """An analysis result kept until the next write (as the response cache is), so that
    moving the timeline re-reads the control map without re-inferring every change."""
    generation = state.cache.generation
    memo = state.analysis_memo
    with state.memo_lock:
        if memo.get(("generation",)) != generation:
            memo.clear()
            memo[("generation",)] = generation
        if key in memo:
            return memo[key]  # type: ignore[no-any-return]
    value = compute()
    with state.memo_lock:
        if memo.get(("generation",)) == generation:
            memo[key] = value
    return value


def _changes(state: WebState, store: Store, country: str | None) -> list[ControlChange]:
    key = ("control_changes", (country or "").lower())
    return memoized(state, key, lambda: control_changes(store, country or None))


def control_body(state: WebState, store: Store, country: str | None, date: dt.date | None) -> bytes:
    """``GET /control``: the control map on ``date`` (default: the latest event date)."""
    day = date or latest_event_date(store) or dt.date.today()
    changes = _changes(state, store, country)
    return json_body(picture.control_collection(changes, day, country or None))


def alerts_body(store: Store, start: dt.date, until: dt.date | None, country: str | None) -> bytes:
    """``GET /alerts``: each alert with its sources and the /events filter showing it."""
    found = []
    for alert in alerts(store, start, until, country or None):
        day = alert.date.isoformat()
        found.append(
            {
                **alert.model_dump(mode="json"),
                "sources": [picture.source_json(s) for s in alert.sources],
                "description": alert.describe(),
                "filter": {
                    ALERT_FILTER_PARAM.get(alert.dimension, alert.dimension): alert.key,
                    "country": country or None,
                    "since": day,
                    "until": day,
                },
            }
        )
    period = {"since": start.isoformat(), "until": until.isoformat() if until else None}
    return json_body({**period, "method": ALERT_METHOD, "alerts": found})


def warm_situation(state: WebState) -> None:
    """Compute the control map and alerts the dashboard asks for right after its first
    view, for stores small enough that it asks unprompted (static/js/app.js)."""
    view = queries.read_view(state.store)
    try:
        _warm_situation(state, view)
    except Exception:  # a failed warm-up only costs the first visitor the wait
        log.exception("could not pre-compute the control map and alerts")
    finally:
        view.con.close()


def _warm_situation(state: WebState, view: Store) -> None:
    row = view.con.execute("SELECT count(*), min(event_date) FROM events").fetchone()
    total, first = (int(row[0]), row[1]) if row else (0, None)
    if total == 0 or total > AUTO_SITUATION_MAX_RECORDS or first is None:
        return
    cached(state, ResponseCache.key("/api/v1/control", []),
           lambda: control_body(state, view, None, None))  # fmt: skip
    key = ResponseCache.key("/api/v1/alerts", [("since", first.isoformat())])
    cached(state, key, lambda: alerts_body(view, first, None, None))


def _check_period(since: dt.date | None, until: dt.date | None) -> None:
    if since and until and since > until:
        raise ApiError(400, "invalid_parameter", f"since ({since}) is after until ({until})")


@router.get(
    "/control",
    summary="Who controls each place and admin1 area on a day (GeoJSON)",
    description="Points for places and admin1 areas (centroids of their known places), "
    "each with `controller` ('unknown' when no event says), `since`, `confidence`, "
    "`basis`, `sources` and `evidence`. `date` defaults to the latest event date; "
    "`controllers` lists every side in the country, in a fixed order for legends.",
)
def control(
    request: Request,
    store: Reader,
    country: Country = None,
    date: Annotated[dt.date | None, Query(description="the day, YYYY-MM-DD")] = None,
) -> Any:
    state = _state(request)
    return cached(
        state,
        ResponseCache.request_key(request),
        lambda: control_body(state, store, country, date),
    )


@router.get(
    "/control/timeseries",
    summary="Changes of hands per place, in date order",
    description="Per place: the days its controller changed, with the previous side, the "
    "basis (sub-event type or control statement), a confidence and the sources.",
)
def control_series(request: Request, store: Reader, country: Country = None) -> Any:
    def compute() -> bytes:
        series = control_timeseries(_changes(_state(request), store, country))
        places = [{"name": name, "changes": changes} for name, changes in series.items()]
        return json_body({"country": country or None, "places": places})

    return cached(_state(request), ResponseCache.request_key(request), compute)


@router.get(
    "/alerts",
    summary="Escalation alerts: days whose counts depart from their trailing baseline",
    description="`since` takes YYYY-MM-DD or a span such as 7d or 2w counted back from "
    "the latest event date (default 7d). Each alert carries the `/events` filter that "
    "shows the events it counts.",
)
def list_alerts(
    request: Request,
    store: Reader,
    since: Annotated[str, Query(max_length=20, description="YYYY-MM-DD, or 7d, 2w")] = "7d",
    until: Until = None,
    country: Country = None,
) -> Any:
    latest = latest_event_date(store) or dt.date.today()
    try:
        start = parse_since(since, latest) or latest
    except BadInput as exc:
        raise ApiError(400, "invalid_parameter", f"since: {exc}") from exc
    _check_period(start, until)

    return cached(
        _state(request),
        ResponseCache.request_key(request),
        lambda: alerts_body(store, start, until, country),
    )


@router.get(
    "/network",
    summary="The actor network: who fights whom and who acts with whom (JSON or GraphML)",
    responses={200: {"content": {"application/graphml+xml": {}}}},
)
def network(
    request: Request,
    store: Reader,
    since: Since = None,
    until: Until = None,
    country: Country = None,
    format: Annotated[str, Query(pattern="^(json|graphml)$")] = "json",
) -> Any:
    _check_period(since, until)

    def compute() -> bytes:
        net = actor_network(store, since, until, country or None)
        text = network_graphml(net) if format == "graphml" else network_json(net)
        return text.encode("utf-8")

    media = "application/graphml+xml" if format == "graphml" else "application/json"
    return cached(_state(request), ResponseCache.request_key(request), compute, media)


@router.get(
    "/fused-events",
    summary="Fused events: one real-world event with every report of it",
    description="Takes the filters of `/events`; a fused event is listed when any of its "
    "records matches, and is fused from all of them. Counts keep the range and each "
    "report's figure (`fatality_reports`); `fatalities` is the lowest reported figure.",
)
def fused_events(
    request: Request,
    store: Reader,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Any:
    def compute() -> bytes:
        page, total = picture.fused_page(store, flt, limit, offset)
        items = [picture.fused_json(f, picture.reports_of(store, f.cluster_id)) for f, _ in page]
        after = offset + len(items)
        return json_body(
            {"fused_events": items, "total": total, "next_offset": after if after < total else None}
        )

    return cached(_state(request), ResponseCache.request_key(request), compute)


@router.get(
    "/fused-events/{ident}",
    summary="One fused event (by cluster id or the id of any of its records)",
)
def fused_event(ident: str, store: Reader) -> Any:
    key = picture.cluster_key(store, ident)
    if key is None:
        raise ApiError(404, "not_found", f"no event or fused event with id {ident!r}")
    return picture.fused_json(load_fused_events_by_key(store, key), picture.reports_of(store, key))


@router.get(
    "/events/{event_id}/explain",
    summary="Why the reports of this event were merged (or kept apart from near matches)",
    description="The fused event holding the record, and one decision per record: the "
    "record it matched, the score and the reasons, and the near matches it was not "
    "merged with. Accepts a cluster id too.",
)
def explain_event(event_id: str, store: Reader) -> Any:
    try:
        return explain(store, event_id)
    except NotFound as exc:
        raise ApiError(404, "not_found", f"no event or fused event with id {event_id!r}") from exc


def _report_csp(html: str) -> str:
    """The report page's own policy: its one inline style by hash, figures as data: URLs,
    and nothing else at all (no script of any kind)."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.encode()).digest()).decode() + "'"
        for m in _STYLE.findall(html)
    )
    styles = hashes or "'none'"
    return "; ".join(
        [
            "default-src 'none'",
            f"style-src {styles}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


@router.get(
    "/report",
    summary="The situation report as Markdown, self-contained HTML or PDF",
    description="Key developments by importance, changes of control, totals and "
    "displacement, each statement followed by its sources (as `sitroom report`).",
    responses={
        200: {
            "content": {"text/markdown": {}, "text/html": {}, "application/pdf": {}},
        }
    },
)
def situation_report(
    request: Request,
    store: Reader,
    country: Country = None,
    since: Since = None,
    until: Until = None,
    format: Annotated[str, Query(pattern="^(md|html|pdf)$")] = "md",
) -> Any:
    _check_period(since, until)

    def compute() -> bytes:
        if format == "pdf":
            with tempfile.TemporaryDirectory(prefix="sitroom-report-") as folder:
                path = Path(folder) / "report.pdf"
                report(store, country or None, since, until, "pdf", path)
                return path.read_bytes()
        return report(store, country or None, since, until, format).encode("utf-8")

    state = _state(request)
    key = ResponseCache.request_key(request)
    headers: dict[str, str] = {}
    if format == "pdf":
        headers["Content-Disposition"] = 'inline; filename="sitroom-report.pdf"'
    response = cached(state, key, compute, MEDIA_TYPES[format], headers)
    if format == "html":
        response.headers["Content-Security-Policy"] = _report_csp(response.body.decode("utf-8"))
    return response


__all__ = ["ALERT_METHOD", "router"]
