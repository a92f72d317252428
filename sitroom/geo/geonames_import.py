"""Import a GeoNames dump (allCountries.txt, SY.txt, or their .zip) into a gazetteer.

The format is GeoNames' 19-column tab-separated ``geoname`` table. The whole file is
validated and staged before anything changes, and the swap is one transaction, so a
bad file leaves the gazetteer exactly as it was.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import duckdb

from sitroom.errors import GazetteerImportError
from sitroom.geo.storage import _cell, name_rows

log = logging.getLogger(__name__)

GEONAMES_COLUMNS = 19
_HINT = "expected GeoNames' 19-column tab-separated format (e.g. SY.txt or allCountries.txt)"


@contextmanager
def _open_text(file: Path) -> Iterator[tuple[IO[str], int]]:
    """The dump as text lines and its size in bytes, unzipping the single .txt inside a zip."""
    if not file.is_file():
        raise GazetteerImportError(f"{file}: no such file; give the path of a GeoNames dump")
    if zipfile.is_zipfile(file):
        with zipfile.ZipFile(file) as archive:
            members = [
                m
                for m in archive.infolist()
                if m.filename.endswith(".txt") and "readme" not in m.filename.lower()
            ]
            if len(members) != 1:
                raise GazetteerImportError(
                    f"{file}: the zip should hold one GeoNames .txt file, found "
                    f"{[m.filename for m in members]}"
                )
            with archive.open(members[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8"), members[0].file_size
    else:
        with file.open(encoding="utf-8") as fh:
            yield fh, file.stat().st_size


def _parse_line(line: str, lineno: int, file: Path) -> tuple[object, ...]:
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != GEONAMES_COLUMNS:
        raise GazetteerImportError(f"{file}: line {lineno}: found {len(fields)} columns; {_HINT}")
    try:
        geonameid = int(fields[0])
        lat, lon = float(fields[4]), float(fields[5])
        population = int(fields[14]) if fields[14] else 0
    except ValueError as exc:
        raise GazetteerImportError(f"{file}: line {lineno}: bad number ({exc}); {_HINT}") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerImportError(f"{file}: line {lineno}: coordinates {lat}, {lon} out of range")
    if not fields[1].strip():
        raise GazetteerImportError(f"{file}: line {lineno}: empty name")
    return (
        geonameid,
        fields[1],
        lat,
        lon,
        fields[6] or None,
        fields[7] or None,
        fields[8] or None,
        fields[10] or None,
        fields[11] or None,
        population,
        "geonames-import",
        fields[2],
        fields[3],
    )


def _stage(file: Path, places_out: IO[str], names_out: IO[str], progress: bool) -> int:
    count = 0
    with _open_text(file) as (text, size):
        bar = _progress_bar(size) if progress and sys.stderr.isatty() else None
        try:
            for lineno, line in enumerate(text, start=1):
                if not line.strip():
                    continue
                row = _parse_line(line, lineno, file)
                places_out.write("\t".join(map(_cell, row[:11])) + "\n")
                alternates = [str(row[11]), *str(row[12]).split(",")]
                for name_row in name_rows(row[:11], str(row[1]), alternates):
                    names_out.write("\t".join(map(_cell, name_row)) + "\n")
                count += 1
                if bar is not None:
                    bar[0].update(bar[1], advance=len(line.encode("utf-8")))
                elif count % 1_000_000 == 0:
                    log.info("read %d rows of %s", count, file)
        except UnicodeDecodeError as exc:
            raise GazetteerImportError(f"{file}: not UTF-8 text ({exc}); {_HINT}") from exc
        finally:
            if bar is not None:
                bar[0].stop()
    if count == 0:
        raise GazetteerImportError(f"{file}: no rows; {_HINT}")
    return count


def _progress_bar(total: int) -> tuple[object, object]:
    from rich.progress import Progress

    bar = Progress(transient=True)
    bar.start()
    return bar, bar.add_task("importing GeoNames", total=total)


def import_into(con: duckdb.DuckDBPyConnection, file: Path, *, progress: bool = False) -> int:
    """Stage ``file`` into temp files, then merge it into ``con``'s tables in one transaction."""
    with tempfile.TemporaryDirectory(prefix="sitroom-import-") as tmp:
        places_path, names_path = os.path.join(tmp, "places.tsv"), os.path.join(tmp, "names.tsv")
        with (
            open(places_path, "w", encoding="utf-8") as places_out,
            open(names_path, "w", encoding="utf-8") as names_out,
        ):
            count = _stage(file, places_out, names_out, progress)
        options = "(DELIMITER '\t', HEADER false, QUOTE '', ESCAPE '', NULL '\\N')"
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("CREATE TEMP TABLE staged_places AS SELECT * FROM places LIMIT 0")
            con.execute("CREATE TEMP TABLE staged_names AS SELECT * FROM names LIMIT 0")
            con.execute(f"COPY staged_places FROM ? {options}", [places_path])
            con.execute(f"COPY staged_names FROM ? {options}", [names_path])
            con.execute(
                "DELETE FROM names WHERE geonameid IN (SELECT geonameid FROM staged_places)"
            )
            con.execute(
                "DELETE FROM places WHERE geonameid IN (SELECT geonameid FROM staged_places)"
            )
            # GeoNames ids are unique in a dump; should one repeat, one of its rows is kept.
            con.execute(
                "INSERT INTO places SELECT * EXCLUDE (rn) FROM ("
                "SELECT *, row_number() OVER (PARTITION BY geonameid) AS rn "
                "FROM staged_places) WHERE rn = 1"
            )
            con.execute("INSERT INTO names SELECT DISTINCT * FROM staged_names")
            # A gazetteer with imports is never rebuilt behind the user's back.
            con.execute("DELETE FROM meta WHERE key = 'imported'")
            con.execute("INSERT INTO meta VALUES ('imported', ?)", [file.name])
            con.execute("DROP TABLE staged_places")
            con.execute("DROP TABLE staged_names")
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise GazetteerImportError(f"{file}: import failed and was undone: {exc}") from exc
    log.info("imported %d GeoNames rows from %s", count, file)
    return count
