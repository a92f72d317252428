"""Counts by day, type and place: the summary `sitroom demo` prints."""

from __future__ import annotations

from sitroom.store import Store

SummaryTable = tuple[str, list[str], list[tuple[object, ...]]]


def summary_tables(store: Store) -> list[SummaryTable]:
    """Three small tables: records per day, per (kind, type, sub-type), per place."""
    con = store.con
    docs = store.count("documents")
    by_day = con.execute(
        "SELECT coalesce(CAST(event_date AS VARCHAR), 'undated'), "
        "count(*) FILTER (WHERE kind = 'event'), count(*) FILTER (WHERE kind = 'displacement'), "
        "coalesce(sum(fatalities), 0) FROM events GROUP BY 1 ORDER BY 1"
    ).fetchall()
    by_type = con.execute(
        "SELECT kind, event_type, sub_event_type, count(*) FROM events "
        "GROUP BY ALL ORDER BY count(*) DESC, 2, 3"
    ).fetchall()
    by_place = con.execute(
        "SELECT coalesce(place_name, '(no place)'), coalesce(admin1, ''), "
        "coalesce(country, ''), count(*) FROM events GROUP BY ALL ORDER BY count(*) DESC, 1 "
        "LIMIT 15"
    ).fetchall()
    return [
        (f"Records by day ({docs} documents)", ["day", "events", "displacement", "fatalities"],
         by_day),
        ("Records by type", ["kind", "event type", "sub-event type", "n"], by_type),
        ("Top places", ["place", "admin1", "country", "n"], by_place),
    ]  # fmt: skip
