"""Static figures for the situation report: a map and a timeline (matplotlib, no pyplot).

The map draws country outlines from the shipped Natural Earth 1:110m file, the events
(coloured by ACLED event type), control changes (stars, labelled) and displacement flows
(arrows). Figures are built with ``matplotlib.figure.Figure`` so no GUI backend is needed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from matplotlib.figure import Figure
from matplotlib.patches import Polygon as PolygonPatch

from sitroom.config import DATA_DIR

if TYPE_CHECKING:
    from sitroom.analysis.report import SituationReport

COUNTRIES_PATH = DATA_DIR / "ne_110m_admin_0_countries.json"
TYPE_COLOURS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4",
    "Displacement": "#17becf",
}
OTHER_COLOUR = "#7f7f7f"
MAP_MARGIN_DEG = 0.8


@functools.lru_cache(maxsize=1)
def _countries() -> list[dict[str, Any]]:
    with COUNTRIES_PATH.open(encoding="utf-8") as fh:
        return list(json.load(fh)["features"])


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


def _is_country(props: dict[str, Any], country: str | None) -> bool:
    if not country:
        return False
    wanted = country.lower()
    return wanted in {str(props.get(k, "")).lower() for k in ("NAME", "ISO_A2", "ISO_A3")}


def map_figure(rep: SituationReport) -> Figure:
    """Events, control changes and flows over country outlines."""
    fig = Figure(figsize=(8.27, 7.5))
    ax = fig.add_subplot()
    lats = [e.place.lat for e in rep.events if e.place]
    lons = [e.place.lon for e in rep.events if e.place]
    if not lats:
        for feature in _countries():
            if _is_country(feature["properties"], rep.country):
                for ring in _rings(feature["geometry"]):
                    lons += [p[0] for p in ring]
                    lats += [p[1] for p in ring]
    if not lats:
        lats, lons = [-60.0, 80.0], [-180.0, 180.0]
    west, east = min(lons) - MAP_MARGIN_DEG, max(lons) + MAP_MARGIN_DEG
    south, north = min(lats) - MAP_MARGIN_DEG, max(lats) + MAP_MARGIN_DEG
    for feature in _countries():
        focus = _is_country(feature["properties"], rep.country)
        for ring in _rings(feature["geometry"]):
            ax.add_patch(
                PolygonPatch(ring, closed=True, facecolor="#f2efe6" if focus else "#fbfbfb",
                             edgecolor="#666666", linewidth=0.8 if focus else 0.4, zorder=1)
            )  # fmt: skip
    by_type: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for e in rep.events:
        if e.place:
            label = "Displacement" if e.kind == "displacement" else e.event_type
            by_type[label].append((e.place.lon, e.place.lat))
    for label in sorted(by_type):
        xs, ys = zip(*by_type[label], strict=True)
        ax.scatter(xs, ys, s=18, alpha=0.75, color=TYPE_COLOURS.get(label, OTHER_COLOUR),
                   label=label, zorder=3, edgecolors="white", linewidths=0.4)  # fmt: skip
    for flow in rep.flows:
        if flow.destination is None:
            continue
        ax.annotate(
            "",
            xy=(flow.destination.lon, flow.destination.lat),
            xytext=(flow.origin.lon, flow.origin.lat),
            arrowprops={"arrowstyle": "->", "color": TYPE_COLOURS["Displacement"], "lw": 1.4},
            zorder=4,
        )
    if rep.control_points:
        labelled: set[str] = set()
        for name, lat, lon, _controller, day in rep.control_points:
            ax.scatter([lon], [lat], marker="*", s=120, color="black", zorder=5)
            if name not in labelled:
                ax.annotate(f"{name} {day:%d %b}", (lon, lat), xytext=(4, 4),
                            textcoords="offset points", fontsize=7, zorder=6)  # fmt: skip
                labelled.add(name)
        ax.scatter([], [], marker="*", s=80, color="black", label="Change of control")
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal", adjustable="box")
    ax.set_title(f"Events, control changes and displacement: {rep.country or 'all'}")
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    if by_type or rep.control_points:
        ax.legend(loc="lower right", fontsize=7, framealpha=0.9)
    fig.tight_layout()
    return fig


def timeline_figure(rep: SituationReport) -> Figure:
    """Fused events per day, stacked by event type, with reported fatalities on a 2nd axis."""
    fig = Figure(figsize=(8.27, 4.5))
    ax = fig.add_subplot()
    dated = [e for e in rep.events if e.event_date]
    if not dated:
        ax.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=ax.transAxes)
        return fig
    first = rep.since or min(e.event_date for e in dated if e.event_date)
    last = rep.until or max(e.event_date for e in dated if e.event_date)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    counts: dict[str, Counter[dt.date]] = defaultdict(Counter)
    deaths: Counter[dt.date] = Counter()
    for e in dated:
        label = "Displacement" if e.kind == "displacement" else e.event_type
        counts[label][e.event_date] += 1  # type: ignore[index]
        deaths[e.event_date] += e.fatalities or 0  # type: ignore[index]
    bottom = [0] * len(days)
    for label in sorted(counts):
        heights = [counts[label][d] for d in days]
        ax.bar(days, heights, bottom=bottom, color=TYPE_COLOURS.get(label, OTHER_COLOUR),
               label=label, width=0.8)  # fmt: skip
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_ylabel("events (fused)")
    ax2 = ax.twinx()
    ax2.plot(days, [deaths[d] for d in days], color="black", marker="o", ms=3, lw=1,
             label="fatalities (lowest figure)")  # fmt: skip
    ax2.set_ylabel("reported fatalities")
    ax.set_title("Timeline")
    ax.legend(loc="upper left", fontsize=7)
    ax2.legend(loc="upper right", fontsize=7)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig
