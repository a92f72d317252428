"""The gazetteer: GeoNames-format places in DuckDB, looked up by normalised name.

Matching goes in tiers and stops at the first that finds something: the exact name
key; the key without a trailing admin word ("Idlib province"); the transliteration
skeleton filtered by edit similarity ("Rustan" -> Rastan); and a rapidfuzz search
over the names of larger places for plain misspellings.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
from rapidfuzz import fuzz, process

from sitroom.config import load_settings
from sitroom.errors import GazetteerImportError, GazetteerMissing
from sitroom.geo.build import (
    ADMIN_WORDS,
    SETTLEMENT_WORDS,
    TOWN_PART_WORDS,
    build_default_gazetteer,
    build_digest,
)
from sitroom.geo.normalize import is_latin, name_key, skeleton_of_key
from sitroom.geo.storage import SCHEMA_VERSION, connect
from sitroom.model import Place

log = logging.getLogger(__name__)

MAX_NAME_CHARS = 120
SKELETON_MIN_SIMILARITY = 78.0
FUZZY_MIN_SIMILARITY = 85.0
# Places large enough to be worth a fuzzy search when nothing else matched.
FUZZY_MIN_POPULATION = 15_000
RULER_MIN_POPULATION = 50_000
CACHE_SIZE = 4096
COUNTY_TOWN_MIN_POPULATION = 5_000

# Labels for spaCy's EntityRuler: infrastructure is FAC, natural features LOC.
_FAC_CLASSES = frozenset("SR")
_LOC_CLASSES = frozenset("HTLVU")

_PLACE_SQL = """
SELECT geonameid, name, lat, lon, feature_class, feature_code, country_code,
       admin1_code, admin2_code, population
FROM places WHERE geonameid IN ({ids})
"""


@dataclass(frozen=True)
class Candidate:
    """A gazetteer place that a name may refer to, and how well the name matched it."""

    place: Place
    similarity: float  # 1.0 exact name key, less for skeleton or fuzzy matches
    primary: bool  # matched the place's main name rather than an alternate
    admin_word: bool = False  # the name carried "province", "governorate"...


# How much a feature type alone says "this is the one meant": a bare "Syria" is the
# country, "Europe" the continent, a bare "Damascus" the capital rather than a namesake
# village. An admin-1 area ranks low because its population (the sum of its towns)
# outweighs its seat's: a bare "Homs" or "Idlib" is the city, as ACLED codes it; a state
# still beats the small towns named after it ("Texas", "California").
FEATURE_RANK = {
    "A.PCLI": 3.0,
    "L.CONT": 3.0,
    "P.PPLC": 1.5,
    "P.PPLA": 0.8,
    "A.ADM1": 0.3,
    # Regions, seas and mountain ranges (curated, or from an imported GeoNames dump):
    # they have no population, yet "Middle East" is the region, not a Texan hamlet.
    **{
        f"{fclass}.{code}": 2.0
        for fclass, codes in (
            ("L", "RGN PEN"),
            ("H", "SEA OCN GULF STRT LKS CNL CHN"),
            ("T", "MTS DSRT UPLD"),
        )
        for code in codes.split()
    },
}
# A place's main name (or a curated English alias) says more than one of its hundreds of
# GeoNames alternate names: "Victoria" is not Hong Kong, "Britain" is not Bartin.
PRIMARY_BONUS = 0.8
POPULATION_WEIGHT = 0.3  # per order of magnitude


def feature_rank(place: Place) -> float:
    return FEATURE_RANK.get(f"{place.feature_class}.{place.feature_code}", 0.0)


def _prior(
    similarity: float, primary: bool, fclass: str | None, fcode: str | None, population: int
) -> float:
    """How likely a name refers to this place before any context: match, type, size."""
    return (
        2.0 * similarity
        + (PRIMARY_BONUS if primary else 0.0)
        + FEATURE_RANK.get(f"{fclass}.{fcode}", 0.0)
        + POPULATION_WEIGHT * math.log10(max(population, 0) + 1)
    )


# (similarity, primary, admin_word, population, feature_class, feature_code) per geonameid
_Match = tuple[float, bool, bool, int, str | None, str | None]


class Gazetteer:
    """Read access to a gazetteer file, plus ``import_geonames`` to add a GeoNames dump."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con: duckdb.DuckDBPyConnection | None = None
        self._connect()
        self._fuzzy_index: dict[str, list[str]] | None = None
        self._curated: list[tuple[str, int]] | None = None
        self._demonyms: dict[str, int] | None = None
        # News repeats its place names: remember recent answers (cleared on import).
        self._cache: dict[tuple[str, int], list[Candidate]] = {}

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *, build: bool = True) -> Gazetteer:
        """Open the gazetteer at ``path`` (default: the settings' cache path), building the
        default one there first when it is missing and ``build`` is true."""
        path = Path(path) if path is not None else load_settings().resolved_gazetteer_path
        if path.exists() and build and _is_stale_default(path):
            log.info("rebuilding the default gazetteer at %s (built from older data)", path)
            build_default_gazetteer(path)
        if not path.exists():
            if not build:
                raise GazetteerMissing(
                    f"no gazetteer at {path}; build the default one with "
                    "`sitroom gazetteer build` (or Gazetteer.open(build=True)), or point "
                    "SITROOM_GAZETTEER_PATH at an existing gazetteer file"
                )
            log.info("building the default gazetteer at %s (first use)", path)
            build_default_gazetteer(path)
        return cls(path)

    def _connect(self) -> None:
        try:
            self._con = connect(self.path, read_only=True)
            version = self._con.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchone()
            if version is None or version[0] != SCHEMA_VERSION:
                self.close()
                raise GazetteerMissing(
                    f"the gazetteer {self.path} has schema version "
                    f"{version[0] if version else 'none'}, this sitroom needs {SCHEMA_VERSION}; "
                    "delete the file and run `sitroom gazetteer build` (then re-import any "
                    "GeoNames dumps)"
                )
            self._load_small_tables()
        except duckdb.Error as exc:
            raise GazetteerMissing(
                f"cannot read the gazetteer {self.path}: {exc}; delete the file to rebuild "
                "the default one"
            ) from exc

    def _load_small_tables(self) -> None:
        con = self._db
        self._countries = {
            r[0]: (r[1], r[2], r[3])
            for r in con.execute("SELECT iso2, iso3, name, geonameid FROM countries").fetchall()
        }
        self._iso3 = {iso3: iso2 for iso2, (iso3, _, _) in self._countries.items() if iso3}
        self._admin1 = {
            (r[0], r[1]): r[2]
            for r in con.execute("SELECT country_code, admin1_code, name FROM admin1").fetchall()
        }

    @property
    def _db(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise GazetteerMissing(f"the gazetteer {self.path} is closed; open it again")
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lookups ---------------------------------------------------------------------------

    def lookup(self, name: str, *, limit: int = 25) -> list[Place]:
        """Places a name may refer to, most likely first (exact names before near spellings)."""
        return [c.place for c in self.candidates(name, limit=limit)]

    def candidates(self, name: str, *, limit: int = 25) -> list[Candidate]:
        """Like ``lookup`` but says how each place matched, for toponym resolution."""
        name = name.encode("utf-8", "replace").decode("utf-8")
        if len(name) > MAX_NAME_CHARS or limit <= 0:
            return []
        key = name_key(name)
        if not key:
            return []
        cached = self._cache.get((key, limit))
        if cached is not None:
            return list(cached)
        found = self._by_keys({key: 1.0})
        if not found:
            tokens = key.split()
            if len(tokens) > 1 and tokens[-1] in ADMIN_WORDS | SETTLEMENT_WORDS | TOWN_PART_WORDS:
                found = self._by_keys(
                    {" ".join(tokens[:-1]): 1.0}, admin_word=tokens[-1] in ADMIN_WORDS
                )
        if not found and len(tokens := key.split()) > 1 and tokens[0] == "county":
            # "County Antrim": a county the gazetteer lacks, at its town of the same name
            # when that is a real town (not "County Kerry" at a Welsh hamlet).
            found = {
                gid: m
                for gid, m in self._by_keys({" ".join(tokens[1:]): 1.0}, admin_word=True).items()
                if m[3] >= COUNTY_TOWN_MIN_POPULATION
            }
        if not found:
            found = self._by_skeleton(key)
        if not found:
            found = self._by_fuzzy(key)
        ranked = sorted(found.items(), key=lambda kv: _prior(*_prior_args(kv[1])), reverse=True)
        result = self._hydrate(dict(ranked[:limit]))
        if len(self._cache) >= CACHE_SIZE:
            self._cache.clear()
        self._cache[(key, limit)] = result
        return list(result)

    def _by_keys(self, keys: dict[str, float], *, admin_word: bool = False) -> dict[int, _Match]:
        # Keys are normalised to letters, digits and spaces, so inlining them is safe; DuckDB
        # plans literal filters several times faster than bound parameters here.
        listed = ", ".join(_sql_str(k) for k in keys)
        rows = self._db.execute(
            "SELECT key, geonameid, is_primary, population, feature_class, feature_code "
            f"FROM names WHERE key IN ({listed})"
        ).fetchall()
        found: dict[int, _Match] = {}
        for key, gid, primary, pop, fclass, fcode in rows:
            sim = keys[key]
            old = found.get(gid)
            if old is None or (sim, primary) > (old[0], old[1]):
                found[gid] = (sim, bool(primary), admin_word, pop or 0, fclass, fcode)
        return found

    def _by_skeleton(self, key: str) -> dict[int, _Match]:
        skeleton = skeleton_of_key(key)
        if len(skeleton.replace(" ", "")) < 3:
            return {}
        rows = self._db.execute(
            f"SELECT DISTINCT key FROM names WHERE skeleton = {_sql_str(skeleton)}"
        ).fetchall()
        keys = {}
        for (other,) in rows:
            score = fuzz.ratio(key, other)
            if score >= SKELETON_MIN_SIMILARITY:
                keys[other] = score / 100
        return self._by_keys(keys) if keys else {}

    def _by_fuzzy(self, key: str) -> dict[int, _Match]:
        if len(key) < 4:
            return {}
        matches = process.extract(
            key,
            self._fuzzy_bucket(key[0]),
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_MIN_SIMILARITY,
            limit=10,
        )
        return self._by_keys({m[0]: m[1] / 100 for m in matches}) if matches else {}

    def _fuzzy_bucket(self, first: str) -> list[str]:
        if self._fuzzy_index is None:
            rows = self._db.execute(
                "SELECT DISTINCT key FROM names WHERE population >= ? OR feature_class <> 'P'",
                [FUZZY_MIN_POPULATION],
            ).fetchall()
            index: dict[str, list[str]] = defaultdict(list)
            for (k,) in rows:
                if len(k) >= 4:
                    index[k[0]].append(k)
            self._fuzzy_index = dict(index)
        return self._fuzzy_index.get(first, [])

    def _hydrate(self, matches: dict[int, _Match]) -> list[Candidate]:
        """Candidates in the order of ``matches``, with their full place records."""
        if not matches:
            return []
        ids = ", ".join(str(int(gid)) for gid in matches)
        rows = self._db.execute(_PLACE_SQL.format(ids=ids)).fetchall()
        by_id = {row[0]: self._place(row) for row in rows}
        return [
            Candidate(by_id[gid], m[0], m[1], m[2]) for gid, m in matches.items() if gid in by_id
        ]

    def _place(self, row: tuple) -> Place:
        gid, name, lat, lon, fclass, fcode, cc, a1, a2, pop = row
        country = self._countries.get(cc or "")
        return Place(
            geonameid=gid,
            name=name,
            lat=lat,
            lon=lon,
            feature_class=fclass,
            feature_code=fcode,
            country_code=cc,
            country=country[1] if country else None,
            admin1_code=a1,
            admin1=self._admin1.get((cc or "", a1 or "")),
            admin2=a2,
            population=pop or 0,
        )

    def get(self, geonameid: int) -> Place | None:
        """The place with this GeoNames id (or curated id), if the gazetteer has it."""
        if not isinstance(geonameid, int) or not -(2**63) <= geonameid < 2**63:
            return None
        rows = self._db.execute(_PLACE_SQL.format(ids=str(geonameid))).fetchall()
        return self._place(rows[0]) if rows else None

    def country(self, code_or_name: str) -> Place | None:
        """A country by ISO 3166 alpha-2 or alpha-3 code, or by one of its names."""
        text = code_or_name.strip()
        iso2 = None
        if len(text) == 2 and text.upper() in self._countries:
            iso2 = text.upper()
        elif len(text) == 3 and text.upper() in self._iso3:
            iso2 = self._iso3[text.upper()]
        if iso2 is not None:
            return self.get(self._countries[iso2][2])
        found = self._by_keys({name_key(text): 1.0}) if text else {}
        countries = [(_prior(*_prior_args(m)), gid) for gid, m in found.items() if m[5] == "PCLI"]
        # A name two countries carry ("Congo") is the one that has it as a main name.
        return self.get(max(countries)[1]) if countries else None

    def capital(self, country_code: str) -> Place | None:
        """A country's capital (its most populous PPLC place), e.g. "LY" -> Tripoli."""
        return self._most_populous("PPLC", country_code)

    def admin_seat(self, country_code: str, admin1_code: str) -> Place | None:
        """The seat of a first-level area (its most populous PPLA place): "the Chechen
        capital" is Grozny."""
        return self._most_populous("PPLA", country_code, admin1_code)

    def _most_populous(
        self, feature_code: str, country_code: str, admin1_code: str | None = None
    ) -> Place | None:
        sql = "SELECT geonameid FROM places WHERE feature_code = ? AND country_code = ?"
        params = [feature_code, country_code.upper()]
        if admin1_code is not None:
            sql += " AND admin1_code = ?"
            params.append(admin1_code)
        row = self._db.execute(sql + " ORDER BY population DESC LIMIT 1", params).fetchone()
        return self.get(int(row[0])) if row else None

    def known_names(self, names: Iterable[str]) -> set[str]:
        """Those of ``names`` that some place has by exact name key, or that are
        adjectival forms: one query, to skip the rest of a text's capitalised phrases."""
        keys: dict[str, list[str]] = defaultdict(list)
        for name in names:
            if len(name) <= MAX_NAME_CHARS:
                key = name_key(name)
                if key:
                    keys[key].append(name)
        if not keys:
            return set()
        listed = ", ".join(_sql_str(k) for k in keys)
        rows = self._db.execute(
            f"SELECT key, bool_and(name LIKE '%.') FROM names WHERE key IN ({listed}) GROUP BY key"
        ).fetchall()
        if self._demonyms is None:
            self.demonym("")
        demonyms = set(self._demonyms or {})
        hits = {k for k, _ in rows} | (set(keys) & demonyms)
        # A name known only as an abbreviation ("Mass." for Massachusetts) is that place
        # only when written with its full stop: "during Mass" is a church service.
        dotted = {k for k, only_dotted in rows if only_dotted} - demonyms
        return {
            name for key in hits for name in keys[key] if key not in dotted or name.endswith(".")
        }

    def demonym(self, text: str) -> Place | None:
        """The place an adjectival form names ("Russian" -> Russia, "European" -> Europe),
        if ``text`` is one; never part of ``lookup``: an adjective is not a place name."""
        key = name_key(text)
        if self._demonyms is None:
            try:
                rows = self._db.execute("SELECT key, geonameid FROM demonyms").fetchall()
            except duckdb.Error:  # a gazetteer from before the table existed
                rows = []
            self._demonyms = dict(rows)
        gid = self._demonyms.get(key) if key and len(text) <= MAX_NAME_CHARS else None
        return self.get(gid) if gid is not None else None

    def admin1(self, country_code: str, admin1_code: str) -> str | None:
        """The name of a first-level admin area, e.g. ("SY", "11") -> "Homs"."""
        return self._admin1.get((country_code.upper(), admin1_code))

    def curated_names(self) -> list[tuple[str, int]]:
        """(name or alias, id) of every curated infrastructure entry, for phrase matching."""
        if self._curated is None:
            self._curated = [
                (name, gid)
                for name, gid in self._db.execute(
                    "SELECT n.name, n.geonameid FROM names n JOIN places p USING (geonameid) "
                    "WHERE p.origin = 'curated' ORDER BY n.geonameid"
                ).fetchall()
            ]
        return self._curated

    # -- spaCy patterns ----------------------------------------------------------------------

    def ruler_names(
        self, *, min_population: int = RULER_MIN_POPULATION, alternates: bool = True
    ) -> list[tuple[str, str]]:
        """(name, label) pairs for a spaCy EntityRuler: countries, admin-1 areas, curated
        infrastructure (FAC) and natural features (LOC), and cities of ``min_population``
        or more (GPE). ``alternates=False`` keeps only the cities' main names (about 16,000
        patterns instead of 63,000): a ruler four times faster to build."""
        from spacy.lang.en.stop_words import STOP_WORDS

        rows = self._db.execute(
            """
            SELECT n.name, p.feature_class, p.feature_code, p.origin, n.is_primary
            FROM names n JOIN places p USING (geonameid)
            WHERE p.feature_code IN ('PCLI', 'ADM1', 'CONT') OR p.origin = 'curated'
               OR (p.feature_class = 'P' AND p.population >= ? AND (n.name = p.name OR ?))
            """,
            [min_population, alternates],
        ).fetchall()
        labels: dict[str, str] = {}
        for name, fclass, fcode, origin, primary in rows:
            if not _usable_pattern(name, primary, STOP_WORDS):
                continue
            if fcode != "DAM" and fclass in _LOC_CLASSES:
                label = "LOC"
            elif fclass in _FAC_CLASSES or fcode == "DAM":
                label = "FAC"
            else:
                label = "GPE"
            # Curated entries are the most specific: they win a name shared with a town.
            if name not in labels or origin == "curated":
                labels[name] = label
        return sorted(labels.items())

    # -- writing -----------------------------------------------------------------------------

    def import_geonames(self, file: Path, *, progress: bool = False) -> int:
        """Load a GeoNames dump (19-column TSV, or its zip) into this gazetteer in one
        transaction, replacing rows with the same geonameid; returns rows imported."""
        from sitroom.geo.geonames_import import import_into

        self.close()
        try:
            try:
                con = connect(self.path)
            except duckdb.Error as exc:
                raise GazetteerImportError(
                    f"cannot open the gazetteer {self.path} for writing ({exc}); close other "
                    "sitroom processes that use it and try again"
                ) from exc
            try:
                count = import_into(con, Path(file), progress=progress)
            finally:
                con.close()
        finally:
            self._connect()
            self._fuzzy_index = None
            self._curated = None
            self._demonyms = None
            self._cache.clear()
        return count


def candidate_prior(c: Candidate) -> float:
    """``_prior`` for a hydrated candidate: the score toponym resolution starts from."""
    return _prior(
        *_prior_args(
            (
                c.similarity,
                c.primary,
                c.admin_word,
                c.place.population,
                c.place.feature_class,
                c.place.feature_code,
            )
        )
    )


def _prior_args(m: _Match) -> tuple[float, bool, str | None, str | None, int]:
    similarity, primary, admin_word, population, fclass, fcode = m
    if admin_word and fcode == "ADM1":  # "Idlib province" is the province, not the city
        similarity += 1.0
    return similarity, primary, fclass, fcode, population


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# Words that make up admin-area names in many countries ("Central", "Eastern", "North
# East", "Capital") but in English text are ordinary adjectives.
_GENERIC_WORDS_TEXT = (
    "north south east west northern southern eastern western central centre center "
    "north-east north-west south-east south-west northeast northwest southeast southwest "
    "upper lower capital coast coastal lakes islands delta plateau interior highlands "
    "federal national greater"
)
GENERIC_NAME_WORDS = frozenset(_GENERIC_WORDS_TEXT.split())


def is_generic_name(name: str) -> bool:
    """A name made only of generic geographic words ("Central", "North East")."""
    words = name.lower().replace("-", " ").split()
    return bool(words) and all(w in GENERIC_NAME_WORDS for w in words)


def _usable_pattern(name: str, primary: bool, stop_words: set[str] | frozenset[str]) -> bool:
    """Names a phrase pattern can use safely: Latin script, capitalised, not a stop word
    nor a generic word like "Central" that is an admin area's name somewhere."""
    if len(name) < 3 or not name[0].isupper() or not is_latin(name) or is_generic_name(name):
        return False
    if name.isupper() and len(name) <= 4 and not primary:
        return False
    return name.lower() not in stop_words


def _is_stale_default(path: Path) -> bool:
    """Whether ``path`` is a default gazetteer built from other code or data than this
    sitroom's (its ``build_digest`` differs) and holds no imported GeoNames rows, so that
    rebuilding it loses nothing. Unreadable files are left for ``_connect`` to report."""
    try:
        con = connect(path, read_only=True)
    except duckdb.Error:
        return False
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    except duckdb.Error:
        return False
    finally:
        con.close()
    return "imported" not in meta and meta.get("build_digest") != build_digest()


def default_gazetteer_path() -> Path:
    """Where ``Gazetteer.open()`` looks when given no path (settings, then SITROOM_HOME)."""
    return load_settings().resolved_gazetteer_path
