"""The situation report: key developments, control changes, totals, a map and a timeline.

Every sentence is templated from one fused event (or a sum over events) and followed by
the documents it rests on, so the report makes no claim without an event behind it.
Formats: Markdown, self-contained HTML (figures inlined) and PDF (matplotlib's
PdfPages with TrueType fonts, so the text can be extracted and searched).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import logging
import math
import textwrap
from pathlib import Path

from pydantic import BaseModel, Field

from sitroom.analysis.common import SourceRef, source_refs
from sitroom.analysis.control import TERRITORY_SUBTYPES, control_changes
from sitroom.analysis.figures import map_figure, timeline_figure
from sitroom.analysis.flows import Flow, flows, magnitude_class
from sitroom.errors import BadInput
from sitroom.fuse.cluster import FusedEvent
from sitroom.fuse.store import load_fused_events
from sitroom.store import EventFilter, Store

log = logging.getLogger(__name__)

FORMATS = ("md", "html", "pdf")
MAX_DEVELOPMENTS = 15

# Importance weights: a change of hands outranks a clash; larger places, more deaths,
# more people displaced and more independent reports all raise an event.
WEIGHT_TERRITORY = 3.0
WEIGHT_PER_EXTRA_REPORT = 0.5


class Statement(BaseModel):
    """One sentence of the report and the documents behind it."""

    text: str
    date: dt.date | None = None
    importance: float = 0.0
    sources: list[SourceRef] = Field(default_factory=list)

    def cited(self) -> str:
        cites = "; ".join(s.cite() for s in self.sources) or "no source"
        return f"{self.text} [Sources: {cites}]"


class SituationReport(BaseModel):
    title: str
    country: str | None
    since: dt.date | None
    until: dt.date | None
    developments: list[Statement] = Field(default_factory=list)
    control: list[Statement] = Field(default_factory=list)
    totals: list[Statement] = Field(default_factory=list)
    displacement: list[Statement] = Field(default_factory=list)
    events: list[FusedEvent] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
    control_points: list[tuple[str, float, float, str, dt.date]] = Field(default_factory=list)


def importance(event: FusedEvent) -> float:
    """How much an event matters for a reader of the report (see the weights above)."""
    score = 0.0
    if event.sub_event_type in TERRITORY_SUBTYPES:
        population = event.place.population if event.place else 0
        score += WEIGHT_TERRITORY + math.log10(population + 1) / 2
    score += math.log2(1 + (event.fatalities or 0)) / 2
    if event.kind == "displacement":
        size = event.displaced or _magnitude_floor(event.displaced_magnitude)
        score += math.log10(size + 1) / 2
    score += WEIGHT_PER_EXTRA_REPORT * (len(event.documents) - 1)
    return round(score * (0.5 + event.confidence / 2), 4)


def _magnitude_floor(magnitude: str | None) -> int:
    floors = {"dozens": 24, "hundreds": 200, "thousands": 2000, "tens of thousands": 20000,
              "hundreds of thousands": 200000, "millions": 2000000}  # fmt: skip
    return floors.get(magnitude or "", 0)


def _where(event: FusedEvent) -> str:
    if event.place is None:
        return "an unknown place"
    admin = event.place.admin1
    if admin and admin.lower() not in event.place.name.lower():
        return f"{event.place.name} ({admin})"
    return event.place.name


def _deaths(event: FusedEvent) -> str:
    if not event.fatalities and not event.fatalities_high:
        return ""
    text = f"; at least {event.fatalities} killed"
    if event.fatalities_high and event.fatalities_high != event.fatalities:
        text += f" (reports range {event.fatalities_low}-{event.fatalities_high})"
    return text


def _people(event: FusedEvent) -> str:
    if event.displaced is not None:
        text = f"at least {event.displaced:,} people"
        if event.displaced_high and event.displaced_high != event.displaced:
            text += f" (reports range {event.displaced_low:,}-{event.displaced_high:,})"
        return text
    if event.displaced_magnitude:
        return f"{event.displaced_magnitude} of people"
    return "people"


def describe(event: FusedEvent, roles: tuple[str, str | None] | None = None) -> str:
    """One templated sentence for a fused event, built only from its fields; ``roles`` is
    (gainer, loser) of a territory event as the control stage read them."""
    when = event.event_date.isoformat() if event.event_date else "undated"
    a1, a2 = event.actor1 or "an unidentified actor", event.actor2
    if roles is not None and event.sub_event_type in TERRITORY_SUBTYPES:
        a1, a2 = roles
    where = _where(event)
    sub = event.sub_event_type
    if sub == "Non-state actor overtakes territory":
        text = f"{a1} took control of {where}" + (f" from {a2}" if a2 else "")
    elif sub == "Government regains territory":
        text = f"{a1} regained control of {where}" + (f" from {a2}" if a2 else "")
    elif sub == "Non-violent transfer of territory":
        text = f"{a1} took over {where} without fighting" + (f" from {a2}" if a2 else "")
    elif event.kind == "displacement":
        dest = f" toward {event.destination.name}" if event.destination else ""
        by = (
            f", according to {', '.join(event.reporting_sources)}"
            if event.reporting_sources
            else ""
        )
        text = f"{_people(event)} were displaced from {where}{dest}{by}"
        text = text[0].upper() + text[1:]
    elif sub == "Armed clash":
        text = f"{a1} clashed with {a2 or 'opposing forces'} in {where}"
    elif event.event_type == "Explosions/Remote violence":
        text = f"{sub} by {a1} in {where}"
    elif event.event_type == "Violence against civilians":
        text = f"{a1} committed {sub.lower()} against civilians in {where}"
    else:
        actors = " and ".join(x for x in (event.actor1, event.actor2) if x)
        text = f"{sub} in {where}" + (f" involving {actors}" if actors else "")
    return f"{when}: {text}{_deaths(event)}."


def _totals(store: Store, events: list[FusedEvent]) -> list[Statement]:
    violent = [e for e in events if e.kind == "event" and e.fatalities_low is not None]
    statements = []
    if violent:
        point = sum(e.fatalities or e.fatalities_low or 0 for e in violent)
        low = sum(e.fatalities_low or 0 for e in violent)
        high = sum(e.fatalities_high or e.fatalities or 0 for e in violent)
        statements.append(
            Statement(
                text=f"Reported fatalities: at least {point:,} (range over reports {low:,}-"
                f"{high:,}) in {len(violent)} events with a figure; the lowest figure of "
                "each event is counted.",
                sources=source_refs(store, [d for e in violent for d in e.documents]),
            )
        )
    displaced = [e for e in events if e.kind == "displacement"]
    if displaced:
        counted = [e for e in displaced if e.displaced is not None]
        point = sum(e.displaced or 0 for e in counted)
        high = sum(e.displaced_high or e.displaced or 0 for e in counted)
        classes = sorted({e.displaced_magnitude for e in displaced if e.displaced is None
                          and e.displaced_magnitude})  # fmt: skip
        text = f"Displacement: {len(displaced)} movements reported"
        if counted:
            text += f"; at least {point:,} people where a number is given (up to {high:,})"
        if classes:
            text += f"; others described as {', '.join(classes)}"
        statements.append(
            Statement(
                text=text + ".",
                sources=source_refs(store, [d for e in displaced for d in e.documents]),
            )
        )
    return statements


def build_report(
    store: Store, country: str | None, since: dt.date | None, until: dt.date | None
) -> SituationReport:
    """Gather the fused events of the period and turn them into statements."""
    flt = EventFilter(country=country, since=since, until=until)
    events = [e for e in load_fused_events(store, flt) if _in_period(e, since, until)]
    ranked = sorted(events, key=lambda e: (-importance(e), e.event_date or dt.date.min,
                                           e.cluster_id))  # fmt: skip
    all_changes = control_changes(store, country, until, statements=False)
    roles = {c.cluster_id: (c.controller, c.previous) for c in all_changes if c.cluster_id}
    developments = [
        Statement(text=describe(e, roles.get(e.cluster_id)), date=e.event_date,
                  importance=importance(e), sources=source_refs(store, e.documents))
        for e in ranked[:MAX_DEVELOPMENTS]
    ]  # fmt: skip
    changes = [c for c in all_changes if since is None or c.date >= since]
    control = []
    seen: set[tuple[str, str]] = set()
    points = []
    for c in changes:
        if (c.place_key, c.controller) in seen:
            continue
        seen.add((c.place_key, c.controller))
        prev = f" from {c.previous}" if c.previous else ""
        control.append(
            Statement(
                text=f"{c.date}: {c.place.name} passed to {c.controller}{prev} "
                f"({c.basis.lower()}, confidence {c.confidence:.2f}).",
                date=c.date,
                sources=c.sources,
            )
        )
        points.append((c.place.name, c.place.lat, c.place.lon, c.controller, c.date))
    period_flows = flows(store, since, until, country)
    displacement = [
        Statement(text=_flow_text(f), date=f.date, sources=f.sources) for f in period_flows
    ]
    span = f"{since or 'start'} to {until or 'latest'}"
    title = f"Situation report: {country or 'all countries'}, {span}"
    return SituationReport(
        title=title,
        country=country,
        since=since,
        until=until,
        developments=developments,
        control=control,
        totals=_totals(store, events),
        displacement=displacement,
        events=events,
        flows=period_flows,
        control_points=points,
    )


def _in_period(event: FusedEvent, since: dt.date | None, until: dt.date | None) -> bool:
    if event.event_date is None:
        return since is None and until is None
    return (since is None or event.event_date >= since) and (
        until is None or event.event_date <= until
    )


def _flow_text(flow: Flow) -> str:
    size = f"at least {flow.displaced:,} people" if flow.displaced else (
        f"{flow.magnitude or magnitude_class(flow.displaced) or 'an unknown number of'} people"
    )  # fmt: skip
    dest = f" toward {flow.destination.name}" if flow.destination else ""
    return f"{flow.date or 'undated'}: {size} left {flow.origin.name}{dest}."


# -- rendering ----------------------------------------------------------------------------
def _section_md(title: str, statements: list[Statement], numbered: bool = False) -> list[str]:
    lines = [f"## {title}", ""]
    if not statements:
        lines.append("_No event in the store supports a statement here._")
    for i, s in enumerate(statements, 1):
        lines.append(f"{i}. {s.cited()}" if numbered else f"- {s.cited()}")
    return [*lines, ""]


def render_markdown(rep: SituationReport, images: dict[str, str] | None = None) -> str:
    lines = [f"# {rep.title}", ""]
    lines.append(
        f"{len(rep.events)} fused events from the sitroom store. Every statement is "
        "generated from extracted events and lists the reports it rests on."
    )
    lines.append("")
    lines += _section_md("Key developments (by importance)", rep.developments, numbered=True)
    lines += _section_md("Changes of control (by date)", rep.control)
    lines += _section_md("Totals", rep.totals)
    lines += _section_md("Displacement flows", rep.displacement)
    for name, path in (images or {}).items():
        lines += [f"![{name}]({path})", ""]
    return "\n".join(lines)


def _section_html(title: str, statements: list[Statement], tag: str = "ul") -> str:
    if not statements:
        return f"<h2>{html.escape(title)}</h2><p><em>No event supports a statement here.</em></p>"
    items = "".join(
        f"<li>{html.escape(s.text)} <span class=sources>[Sources: "
        f"{html.escape('; '.join(c.cite() for c in s.sources) or 'no source')}]</span></li>"
        for s in statements
    )
    return f"<h2>{html.escape(title)}</h2><{tag}>{items}</{tag}>"


def render_html(rep: SituationReport, figures: dict[str, bytes]) -> str:
    imgs = "".join(
        f'<figure><img alt="{html.escape(name)}" src="data:image/png;base64,'
        f'{base64.b64encode(png).decode()}"><figcaption>{html.escape(name)}</figcaption></figure>'
        for name, png in figures.items()
    )
    body = (
        f"<h1>{html.escape(rep.title)}</h1>"
        + _section_html("Key developments (by importance)", rep.developments, "ol")
        + _section_html("Changes of control (by date)", rep.control)
        + _section_html("Totals", rep.totals)
        + _section_html("Displacement flows", rep.displacement)
        + imgs
    )
    style = ("body{font-family:sans-serif;max-width:60em;margin:auto}"
             ".sources{color:#555;font-size:.85em}img{max-width:100%}")  # fmt: skip
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>{html.escape(rep.title)}"
        f"</title><style>{style}</style></head><body>{body}</body></html>"
    )


def _png(fig: object) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")  # type: ignore[attr-defined]
    return buffer.getvalue()


SECTION_TITLES = frozenset(
    {
        "Key developments (by importance)",
        "Changes of control (by date)",
        "Totals",
        "Displacement flows",
    }
)


def _text_pages(rep: SituationReport) -> list[list[str]]:
    """The report's text, wrapped and cut into A4 pages of lines."""
    lines = [rep.title, ""]
    for title, statements in (
        ("Key developments (by importance)", rep.developments),
        ("Changes of control (by date)", rep.control),
        ("Totals", rep.totals),
        ("Displacement flows", rep.displacement),
    ):
        lines += [title, ""]
        for i, s in enumerate(statements or [], 1):
            wrapped = textwrap.wrap(f"{i}. {s.cited()}", 100)
            lines += [wrapped[0], *("    " + w for w in wrapped[1:])]
        if not statements:
            lines.append("No event in the store supports a statement here.")
        lines.append("")
    per_page = 62
    return [lines[i : i + per_page] for i in range(0, len(lines), per_page)]


def render_pdf(rep: SituationReport, output: Path) -> None:
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(output) as pdf:
        for page in _text_pages(rep):
            fig = Figure(figsize=(8.27, 11.69))
            for i, line in enumerate(page):
                bold = line == rep.title or line in SECTION_TITLES
                fig.text(0.06, 0.96 - i * 0.015, line, fontsize=7.5,
                         fontweight="bold" if bold else "normal", family="DejaVu Sans")  # fmt: skip
            pdf.savefig(fig)
        pdf.savefig(map_figure(rep))
        pdf.savefig(timeline_figure(rep))
        info = pdf.infodict()
        info["Title"] = rep.title
        info["Creator"] = "sitroom"


def report(
    store: Store,
    country: str | None,
    since: dt.date | None,
    until: dt.date | None,
    fmt: str = "md",
    output: Path | str | None = None,
) -> str:
    """Render the situation report; returns the text (md/html) or a line naming the file.

    PDF needs ``output``. With ``output`` set for md, the map and timeline are written as
    PNG files beside it and linked; HTML always inlines them.
    """
    if fmt not in FORMATS:
        raise BadInput(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    rep = build_report(store, country, since, until)
    out = Path(output) if output else None
    if fmt == "pdf":
        if out is None:
            raise BadInput("a PDF report needs an output file: add -o report.pdf")
        render_pdf(rep, out)
        return f"wrote {out}"
    if fmt == "html":
        figures = {"Map": _png(map_figure(rep)), "Timeline": _png(timeline_figure(rep))}
        text = render_html(rep, figures)
    else:
        images: dict[str, str] = {}
        if out is not None:
            for name, fig in (("map", map_figure(rep)), ("timeline", timeline_figure(rep))):
                path = out.with_name(f"{out.stem}_{name}.png")
                path.write_bytes(_png(fig))
                images[name] = path.name
        text = render_markdown(rep, images)
    if out is not None:
        out.write_text(text, encoding="utf-8")
        return f"wrote {out}"
    return text


__all__ = ["SituationReport", "Statement", "build_report", "describe", "importance", "report"]
