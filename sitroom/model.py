"""The records that flow between sitroom's stages.

Every stage imports its inputs and outputs from here and nowhere else, so that a
stage can be swapped without touching the others. Character offsets are always
into ``Document.text`` (0-based, end exclusive), which is what makes every field
traceable to the sentence it came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, Field

DatePrecision = Literal["day", "week", "month"]
"""day = a single day; week = a range of up to ~2 weeks; month = a month or vaguer."""

RecordKind = Literal["event", "displacement"]


class Span(BaseModel):
    """A stretch of a document's text, by character offsets."""

    start: int
    end: int
    text: str


class Document(BaseModel):
    """One article as ingested: its text and where it came from."""

    id: str = ""
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    path: str | None = None
    content_hash: str = ""
    ingested_at: dt.datetime | None = None

    def model_post_init(self, __context: object) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.text)
        if not self.id:
            self.id = "doc_" + self.content_hash[:16]


def content_hash(text: str) -> str:
    """The identity of an article's text, whitespace-normalised so re-saves match."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class Sentence(BaseModel):
    index: int
    start: int
    end: int
    text: str


class Entity(BaseModel):
    """A named entity as the NER stage saw it (label in spaCy's scheme)."""

    text: str
    label: str
    start: int
    end: int


class Actor(BaseModel):
    """A conflict actor from the actor dictionary."""

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    actor_type: str = "External/Other forces"
    inter_code: int = 8
    country: str | None = None
    parent: str | None = None
    is_person: bool = False
    is_reporting_source: bool = False


class ActorMention(BaseModel):
    """An actor named in the text; ``actor_id`` is the canonical dictionary entry."""

    actor_id: str
    name: str
    start: int
    end: int
    text: str


class Place(BaseModel):
    """A GeoNames-format gazetteer record."""

    geonameid: int | None = None
    name: str
    lat: float
    lon: float
    feature_class: str | None = None
    feature_code: str | None = None
    country_code: str | None = None
    country: str | None = None
    admin1_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    population: int = 0


class PlaceMention(BaseModel):
    """A toponym in the text and, when resolved, the place it refers to."""

    text: str
    start: int
    end: int
    place: Place | None = None
    score: float = 0.0
    n_candidates: int = 0


class DateMention(BaseModel):
    """A date expression resolved against the publication date."""

    text: str
    start: int
    end: int
    value: dt.date
    end_value: dt.date | None = None
    precision: DatePrecision = "day"


class Quantity(BaseModel):
    """A count of people in the text: killed, displaced, ... ``value`` is the best point
    figure; ``low``/``high`` keep the range a vague word implies ("dozens" = 24-99)."""

    kind: Literal["fatalities", "displaced", "injured", "other"]
    value: int | None = None
    low: int | None = None
    high: int | None = None
    magnitude: str | None = None
    start: int
    end: int
    text: str


class Evidence(BaseModel):
    """A sentence an event was built from, and the spans of the fields it supports."""

    document_id: str
    start: int
    end: int
    text: str
    fields: dict[str, Span] = Field(default_factory=dict)


class ReportEvent(BaseModel):
    """Another event of the same report, in brief: one report may lead with the funeral
    and tell the bombing after it, another the other way round."""

    kind: RecordKind = "event"
    sub_event_type: str
    event_date: dt.date | None = None
    date_precision: DatePrecision | None = None
    lat: float | None = None
    lon: float | None = None
    sites: list[str] = Field(default_factory=list)


class ReportProfile(BaseModel):
    """What the learned fusion model compares about two records' reports (see
    ``sitroom.fuse.learned``): reports of one event share words, names and figures and
    are published within days of each other, whatever their extractions disagree on."""

    published: dt.date | None = None
    terms: list[str] = Field(default_factory=list)  # content words of title and text
    title_terms: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)  # capitalised words inside sentences
    numbers: list[str] = Field(default_factory=list)  # figures other than years
    # The report's meaning as a packed unit vector (``sitroom.nlp.embed``), on the lead
    # record only: the fusion model compares leads.
    vector: str | None = None
    # The report's other events, on the lead record only (``sitroom.nlp.lead``).
    others: list[ReportEvent] = Field(default_factory=list)


class Event(BaseModel):
    """An ACLED-style event, or a displacement record (``kind="displacement"``).

    For displacement, ``place`` is the origin and ``destination`` where people went.
    """

    id: str = ""
    kind: RecordKind = "event"
    document_id: str
    event_type: str
    sub_event_type: str
    plover_type: str | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: bool = False
    event_date: dt.date | None = None
    date_precision: DatePrecision | None = None
    place: Place | None = None
    location_text: str | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    destination: Place | None = None
    destination_text: str | None = None
    displaced: int | None = None
    displaced_magnitude: str | None = None
    reporting_source: str | None = None
    # The specific places (towns, villages, sites; not countries, admin areas or big
    # cities) that the evidence sentences name, as folded keys: two reports naming the
    # same village are about the same spot even when one resolved it wrongly.
    sites: list[str] = Field(default_factory=list)
    # The same for the whole report: a report that leads with a funeral or a statement
    # names the village in another sentence, and that still says where the event was.
    report_sites: list[str] = Field(default_factory=list)
    # The report's main event (``sitroom.nlp.lead.main_event``): only leads are fused by
    # the learned model, since what the report as a whole says is about its lead.
    lead: bool = False
    report: ReportProfile | None = None
    confidence: float = 0.5
    notes: str = ""
    evidence: list[Evidence] = Field(default_factory=list)

    def model_post_init(self, __context: object) -> None:
        if not self.id:
            first = self.evidence[0].start if self.evidence else 0
            key = f"{self.document_id}|{self.kind}|{self.sub_event_type}|{first}|{self.actor1}"
            self.id = "evt_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


class Extraction(BaseModel):
    """Everything the NLP stages found in one document, events included."""

    document: Document
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    actors: list[ActorMention] = Field(default_factory=list)
    places: list[PlaceMention] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
