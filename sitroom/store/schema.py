"""Schema migrations for the DuckDB store, applied in order on open.

Each entry is (version, statements). Never edit a released migration: add one.
"""

from __future__ import annotations

from sitroom.store.migrations_fusion import FUSION_MIGRATION

MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE documents (
                id VARCHAR PRIMARY KEY,
                content_hash VARCHAR UNIQUE NOT NULL,
                title VARCHAR, url VARCHAR, source VARCHAR, published DATE, path VARCHAR,
                text VARCHAR NOT NULL,
                ingested_at TIMESTAMP,
                signature BIGINT[],
                duplicate_of VARCHAR
            )""",
            """CREATE TABLE events (
                id VARCHAR PRIMARY KEY,
                kind VARCHAR NOT NULL,
                document_id VARCHAR NOT NULL,
                event_type VARCHAR, sub_event_type VARCHAR, plover_type VARCHAR,
                actor1 VARCHAR, assoc_actor_1 VARCHAR, actor2 VARCHAR, assoc_actor_2 VARCHAR,
                inter1 INTEGER, inter2 INTEGER, interaction INTEGER,
                civilian_targeting BOOLEAN,
                event_date DATE, date_precision VARCHAR,
                location_text VARCHAR, geonameid BIGINT, place_name VARCHAR,
                latitude DOUBLE, longitude DOUBLE,
                country_code VARCHAR, country VARCHAR, admin1 VARCHAR, admin2 VARCHAR,
                geo_precision INTEGER,
                fatalities INTEGER,
                dest_name VARCHAR, dest_latitude DOUBLE, dest_longitude DOUBLE,
                displaced BIGINT, displaced_magnitude VARCHAR,
                reporting_source VARCHAR,
                confidence DOUBLE,
                cluster_id VARCHAR,
                record JSON NOT NULL
            )""",
            """CREATE TABLE evidence (
                event_id VARCHAR NOT NULL,
                document_id VARCHAR NOT NULL,
                start_char INTEGER NOT NULL,
                end_char INTEGER NOT NULL,
                text VARCHAR NOT NULL,
                fields JSON
            )""",
            """CREATE TABLE actor_mentions (
                document_id VARCHAR NOT NULL, actor_id VARCHAR NOT NULL, name VARCHAR,
                start_char INTEGER, end_char INTEGER, text VARCHAR
            )""",
            """CREATE TABLE place_mentions (
                document_id VARCHAR NOT NULL, text VARCHAR, start_char INTEGER,
                end_char INTEGER, geonameid BIGINT, name VARCHAR, latitude DOUBLE,
                longitude DOUBLE, country_code VARCHAR, country VARCHAR, admin1 VARCHAR
            )""",
            "CREATE INDEX events_date ON events (event_date)",
            "CREATE INDEX events_doc ON events (document_id)",
            "CREATE INDEX evidence_event ON evidence (event_id)",
        ],
    ),
    FUSION_MIGRATION,
    (
        3,
        [
            # One lower-cased text per record (evidence, actors, place) so that text search
            # is a single column scan instead of a join over every evidence sentence.
            "ALTER TABLE events ADD COLUMN search_text VARCHAR",
            """UPDATE events SET search_text = lower(
                coalesce(place_name, '') || ' ' || coalesce(actor1, '') || ' ' ||
                coalesce(actor2, '') || ' ' || coalesce((
                    SELECT string_agg(v.text, ' ') FROM evidence v WHERE v.event_id = events.id
                ), ''))""",
        ],
    ),
    (
        4,
        [
            # Whether a record is its report's lead (``Event.lead``), as a column: fusion
            # looks up other reports' leads for every new lead, and reading the flag out
            # of each stored record's JSON made that lookup grow with the whole table.
            "ALTER TABLE events ADD COLUMN lead BOOLEAN DEFAULT false",
            "UPDATE events SET lead = coalesce(CAST(json_extract(record, '$.lead') AS BOOLEAN), "
            "false)",
        ],
    ),
]
