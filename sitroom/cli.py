"""The ``sitroom`` command line: parse arguments, call the library, format the output.

Each command is thin; the work is done by plain functions that are also the Python API
(``sitroom.ingest.ingest_paths``, ``Store.query_events``, ``sitroom.export``...).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from sitroom.config import DATA_DIR, load_settings
from sitroom.errors import BadInput, SitroomError
from sitroom.store import EventFilter, Store

app = typer.Typer(
    help="sitroom: conflict news in, geolocated, source-linked events out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
gazetteer_app = typer.Typer(help="Build, inspect and extend the gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

# Piped output is not cut to 80 columns: wide tables stay readable in files and tests.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 240)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 240)
log = logging.getLogger("sitroom")
_state = {"debug": False}

F = TypeVar("F", bound=Callable[..., Any])
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB database file.")]
DEFAULT_DB = Path("sitroom.duckdb")


def friendly_errors(func: F) -> F:
    """Turn sitroom's errors into one clear line and exit code 1 (traceback with --debug)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SitroomError as exc:
            if _state["debug"]:
                raise
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False,
) -> None:
    _state["debug"] = debug
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def _parse_date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    value = value.strip()
    if value.endswith("d") and value[:-1].isdigit():
        return dt.date.today() - dt.timedelta(days=int(value[:-1]))
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{name} {value!r} is not a date; use YYYY-MM-DD or Nd (e.g. 7d)") from None


# -- ingest -------------------------------------------------------------------------------------
@app.command()
@friendly_errors
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, feeds or URLs.")],
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD (wins over metadata).")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Source name (e.g. outlet).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Read articles, extract events and store them (each document in one transaction)."""
    from sitroom.ingest import IngestResult, ingest_paths

    pub = _parse_date(published, "--published")
    colour = {"stored": "green", "duplicate": "yellow", "near_duplicate": "yellow", "error": "red"}

    def report(result: IngestResult) -> None:
        detail = (
            f"{result.events} events, {result.displacements} displacement records"
            if result.status == "stored"
            else ""
        )
        message = "; ".join(x for x in (detail, result.message) if x)
        line = f"[{colour[result.status]}]{result.status}[/] {result.origin}: {message}"
        (err if result.status == "error" else out).print(line, highlight=False)

    with Store(db) as store:
        results = ingest_paths(paths, store, published=pub, source=source, on_result=report)
    errors = sum(r.status == "error" for r in results)
    stored = sum(r.status == "stored" for r in results)
    out.print(f"{stored} stored, {len(results) - stored - errors} skipped, {errors} failed")
    if errors:
        raise typer.Exit(1)


# -- events and export --------------------------------------------------------------------------
def _filter(
    since: str | None,
    until: str | None,
    country: str | None,
    event_type: str | None,
    actor: str | None,
    near: str | None,
    km: float,
) -> EventFilter:
    point = None
    if near:
        point = _locate(near)
    return EventFilter(
        since=_parse_date(since, "--since"),
        until=_parse_date(until, "--until"),
        country=country,
        event_type=event_type,
        actor=actor,
        near=point,
        km=km,
    )


def _locate(name: str) -> tuple[float, float]:
    """A point for ``--near``: "lat,lon" or a place name looked up in the gazetteer."""
    parts = name.split(",")
    if len(parts) == 2:
        try:
            return float(parts[0]), float(parts[1])
        except ValueError:
            pass
    from sitroom.geo.gazetteer import Gazetteer

    places = Gazetteer.open(load_settings().resolved_gazetteer_path).lookup(name)
    if not places:
        raise BadInput(f"--near {name!r}: no such place in the gazetteer; try 'lat,lon'")
    best = max(places, key=lambda p: p.population)
    return best.lat, best.lon


Since = Annotated[str | None, typer.Option(help="From date (YYYY-MM-DD or Nd).")]
Until = Annotated[str | None, typer.Option(help="To date (YYYY-MM-DD).")]
Country = Annotated[str | None, typer.Option(help="Country name or ISO code.")]
TypeOpt = Annotated[
    str | None, typer.Option("--type", help="Event type, sub-event type or 'displacement'.")
]
ActorOpt = Annotated[str | None, typer.Option(help="Actor name (substring).")]
NearOpt = Annotated[str | None, typer.Option(help="Place name or 'lat,lon'.")]
KmOpt = Annotated[float, typer.Option(help="Radius for --near, km.")]


@app.command()
@friendly_errors
def events(
    since: Since = None,
    until: Until = None,
    country: Country = None,
    event_type: TypeOpt = None,
    actor: ActorOpt = None,
    near: NearOpt = None,
    km: KmOpt = 25.0,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or geojson.")] = "table",
    explain: Annotated[
        str | None, typer.Option(help="Show why the reports of this event were merged.")
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List stored events and displacement records."""
    from sitroom.export import to_csv, to_geojson, to_json

    if explain:
        from sitroom.analysis.commands import explain_command

        with Store(db, read_only=True) as store:
            _emit(explain_command(store, explain, "json" if fmt == "json" else "text"))
        return
    flt = _filter(since, until, country, event_type, actor, near, km)
    with Store(db, read_only=True) as store:
        found = store.query_events(flt)
    if fmt == "table":
        _print_table(found)
    elif fmt == "csv":
        sys.stdout.write(to_csv(found))
    elif fmt == "json":
        sys.stdout.write(to_json(found) + "\n")
    elif fmt == "geojson":
        sys.stdout.write(json.dumps(to_geojson(found), ensure_ascii=False) + "\n")
    else:
        raise BadInput(f"--format {fmt!r} is not one of table, csv, json, geojson")


def _print_table(found: list) -> None:
    table = Table(show_lines=False)
    for column in ("date", "kind", "type", "actor1", "actor2", "place", "deaths", "source", "id"):
        table.add_column(column)
    for e in found:
        subtype = e.sub_event_type
        if e.kind == "displacement":
            count = e.displaced or e.displaced_magnitude or "?"
            dest = e.destination.name if e.destination else e.destination_text
            subtype = f"{count} displaced" + (f" -> {dest}" if dest else "")
        table.add_row(
            e.event_date.isoformat() if e.event_date else "",
            e.kind,
            subtype,
            e.actor1 or "",
            e.actor2 or "",
            f"{e.place.name}, {e.place.country_code}" if e.place else (e.location_text or ""),
            "" if e.fatalities is None else str(e.fatalities),
            e.reporting_source or "",
            e.id,
        )
    out.print(table)
    out.print(f"{len(found)} records")


@app.command()
@friendly_errors
def export(
    fmt: Annotated[
        str, typer.Option("--format", help="acled, geojson, json, csv, plover or parquet.")
    ] = "acled",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
    since: Since = None,
    until: Until = None,
    country: Country = None,
    event_type: TypeOpt = None,
    actor: ActorOpt = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export events in a standard format (stdout unless -o)."""
    from sitroom.export import (
        to_csv,
        to_geojson,
        to_json,
        to_plover,
        write_acled_csv,
        write_parquet,
    )

    flt = _filter(since, until, country, event_type, actor, None, 25.0)
    with Store(db, read_only=True) as store:
        found = store.query_events(flt)
        documents = {d: store.get_document(d) for d in {e.document_id for e in found}}
    if fmt == "parquet":
        if output is None:
            raise BadInput("--format parquet needs -o FILE")
        write_parquet(found, output)
        out.print(f"wrote {len(found)} records to {output}")
        return
    renderers: dict[str, Callable[[], str]] = {
        "acled": lambda: write_acled_csv(found, {k: v for k, v in documents.items() if v}),
        "geojson": lambda: json.dumps(to_geojson(found), ensure_ascii=False),
        "json": lambda: to_json(found),
        "csv": lambda: to_csv(found),
        "plover": lambda: json.dumps(to_plover(found), ensure_ascii=False, indent=2),
    }
    if fmt not in renderers:
        raise BadInput(f"--format {fmt!r} is not one of {', '.join(renderers)}, parquet")
    text = renderers[fmt]()
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")


# -- demo -----------------------------------------------------------------------------------------
DEMO_CORPUS = DATA_DIR / "demo" / "reports.jsonl"


@app.command()
@friendly_errors
def demo(
    db: Annotated[Path, typer.Option("--db", help="Database to (re)create.")] = Path(
        "sitroom-demo.duckdb"
    ),
    serve: Annotated[bool, typer.Option("--serve", help="Then open the dashboard.")] = False,
    port: Annotated[int, typer.Option(help="Port for --serve.")] = 8000,
) -> None:
    """Ingest the bundled demo corpus (Syria, 27 Nov - 8 Dec 2024) into a fresh database."""
    from sitroom.ingest import ingest_paths

    for stale in (db, Path(str(db) + ".wal")):
        stale.unlink(missing_ok=True)
    out.print(f"ingesting the demo corpus into {db} (first run builds the gazetteer)...")
    with Store(db) as store:
        results = _with_progress(lambda cb: ingest_paths([DEMO_CORPUS], store, on_result=cb))
        failed = [r for r in results if r.status == "error"]
        for r in failed:
            err.print(f"[red]error[/red] {r.origin}: {r.message}", highlight=False)
        _print_summary(store)
    out.print(f"\nExplore: sitroom events --db {db}   |   sitroom serve --db {db}")
    if serve:
        from sitroom.web.app import serve as serve_app

        out.print(f"dashboard on http://127.0.0.1:{port}/")
        serve_app(db, port=port)


def _with_progress(run: Callable[[Callable[[Any], None]], list]) -> list:
    if not sys.stderr.isatty():
        return run(lambda _r: None)
    from rich.progress import Progress

    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("ingesting", total=None)
        return run(lambda _r: progress.advance(task))


def _print_summary(store: Store) -> None:
    from sitroom.analysis.summary import summary_tables

    for title, headers, rows in summary_tables(store):
        table = Table(title=title)
        for h in headers:
            table.add_column(h)
        for row in rows:
            table.add_row(*[str(v) for v in row])
        out.print(table)


# -- the situation picture ------------------------------------------------------------------------
OutOpt = Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")]


def _emit(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
@friendly_errors
def control(
    country: Country = None,
    date: Annotated[str | None, typer.Option(help="Day YYYY-MM-DD (default: latest).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, geojson, json, timeseries.")] = (
        "table"
    ),
    output: OutOpt = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Who controls each place and admin area on a day, with evidence and confidence."""
    from sitroom.analysis.commands import control_command

    with Store(db, read_only=True) as store:
        _emit(control_command(store, country, _parse_date(date, "--date"), fmt, output))


@app.command()
@friendly_errors
def flows(
    since: Since = None,
    until: Until = None,
    country: Country = None,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl, geojson.")] = "table",
    output: OutOpt = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Displacement flows origin -> destination by day, with magnitudes."""
    from sitroom.analysis.commands import flows_command

    with Store(db, read_only=True) as store:
        _emit(flows_command(store, since, _parse_date(until, "--until"), country, fmt, output))


@app.command()
@friendly_errors
def alerts(
    since: Annotated[str, typer.Option(help="From date or Nd (from the newest event).")] = "7d",
    until: Until = None,
    country: Country = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    output: OutOpt = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Escalation alerts: daily counts far above their trailing baseline (Poisson tail)."""
    from sitroom.analysis.commands import alerts_command

    with Store(db, read_only=True) as store:
        _emit(alerts_command(store, since, _parse_date(until, "--until"), country, fmt, output))


@app.command()
@friendly_errors
def network(
    since: Since = None,
    until: Until = None,
    country: Country = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or graphml.")] = "table",
    output: OutOpt = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """The actor network: who fights whom and who acts with whom, weighted by events."""
    from sitroom.analysis.commands import network_command

    with Store(db, read_only=True) as store:
        text = network_command(
            store,
            _parse_date(since, "--since"),
            _parse_date(until, "--until"),
            country,
            fmt,
            output,
        )
        _emit(text)


@app.command()
@friendly_errors
def report(
    country: Country = None,
    since: Since = None,
    until: Until = None,
    fmt: Annotated[str, typer.Option("--format", help="md, html or pdf.")] = "md",
    output: OutOpt = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """A situation report: key developments, map, timeline, totals, each with sources."""
    from sitroom.analysis.report import report as situation_report

    with Store(db, read_only=True) as store:
        text = situation_report(
            store,
            country,
            _parse_date(since, "--since"),
            _parse_date(until, "--until"),
            fmt,
            output,
        )
        _emit(text)


# -- serve and eval -------------------------------------------------------------------------------
@app.command()
@friendly_errors
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    token: Annotated[
        str | None, typer.Option(help="Bearer token for writes (or SITROOM_TOKEN).")
    ] = None,
) -> None:
    """Serve the REST API (/api/v1, OpenAPI at /docs) and the dashboard (/)."""
    from sitroom.web.app import serve as serve_app

    if not db.exists():
        raise BadInput(f"no database at {db}; run `sitroom demo` or `sitroom ingest` first")
    out.print(f"dashboard on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    serve_app(db, host=host, port=port, token=token)


@app.command("eval")
@friendly_errors
def evaluate(
    set_name: Annotated[str, typer.Argument(help="case2021, geoparsing, ner or plover.")],
    gold: Annotated[Path | None, typer.Option(help="Gold file (default: ../shared/eval).")] = None,
    report: Annotated[Path | None, typer.Option(help="Write a JSON report here.")] = None,
) -> None:
    """Score sitroom against a public gold set and print the table."""
    from sitroom.evaluate.cli import run_eval

    run_eval(set_name, gold, report, console=out)


# -- gazetteer ------------------------------------------------------------------------------------
@gazetteer_app.command("import")
@friendly_errors
def gazetteer_import(
    file: Annotated[Path, typer.Argument(help="GeoNames dump (allCountries.txt, SY.txt...).")],
) -> None:
    """Load a GeoNames dump so that places down to village level resolve."""
    from sitroom.geo import import_geonames_file

    settings = load_settings()
    count = import_geonames_file(file, settings)
    out.print(f"imported {count} places from {file} into {settings.resolved_gazetteer_path}")


@gazetteer_app.command("lookup")
@friendly_errors
def gazetteer_lookup(name: Annotated[str, typer.Argument(help="Place name.")]) -> None:
    """Show the gazetteer's candidates for a name."""
    from sitroom.geo.gazetteer import Gazetteer

    places = Gazetteer.open(load_settings().resolved_gazetteer_path).lookup(name)
    table = Table()
    for column in ("geonameid", "name", "country", "admin1", "feature", "lat", "lon", "pop"):
        table.add_column(column)
    for p in places:
        table.add_row(
            str(p.geonameid), p.name, p.country_code or "", p.admin1 or "",
            f"{p.feature_class}.{p.feature_code}", f"{p.lat:.4f}", f"{p.lon:.4f}",
            str(p.population),
        )  # fmt: skip
    out.print(table)


@gazetteer_app.command("build")
@friendly_errors
def gazetteer_build() -> None:
    """Build the default gazetteer now (otherwise it is built on first use)."""
    from sitroom.geo.gazetteer import Gazetteer

    path = load_settings().resolved_gazetteer_path
    Gazetteer.open(path)
    out.print(f"gazetteer ready at {path}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
