"""The seam between the evaluation runners and sitroom's real pipeline.

Runners score whatever object offers these methods, so tests can pass a small fake and
``sitroom eval`` passes ``PipelineSystem``, which calls the same pipeline, classifier,
gazetteer and spaCy model that ``sitroom ingest`` uses. A component that is missing
raises ``EvaluationError`` naming it, instead of scoring a stub.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import yaml

from sitroom.config import DATA_DIR, load_settings
from sitroom.errors import EvaluationError, SitroomError
from sitroom.model import Document, Event, Extraction, PlaceMention

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

NO_EVENT = "NO_EVENT"
"""The prediction when neither the pipeline nor the classifier finds an event: never a
gold label, so such a snippet always counts as an error (ACLED's "Other" means another
strategic development, not "nothing here", so it is not used as the fallback)."""

# The stages that end-to-end geoparsing needs: entities (with the ruler), actor spans
# to exclude, then the geocoder. Dates, quantities and events are not run for it.
GEOPARSING_STAGES = ["sitroom.sentences.v1", "sitroom.actors.v1", "sitroom.geocoder.v1"]


@dataclass(frozen=True)
class EventPrediction:
    """What the system says about one snippet: a label and where it came from."""

    label: str
    origin: str  # "pipeline", "classifier" or "none"
    plover: str | None = None
    source_texts: list[str] = field(default_factory=list)
    target_texts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ResolvedPoint:
    lat: float
    lon: float
    geonameid: int | None = None


class EvaluatedSystem(Protocol):
    """What the runners need from the system under test."""

    def predict_event(self, text: str) -> EventPrediction: ...

    def resolve_spans(
        self, text: str, spans: Sequence[tuple[int, int]]
    ) -> list[ResolvedPoint | None]: ...

    def geoparse(self, text: str) -> list[PlaceMention]: ...

    def tag_entities(self, sentences: Sequence[Sequence[str]]) -> list[list[tuple[int, int, str]]]:
        """Token-offset entity spans (start, end exclusive, system label) per sentence."""
        ...


@functools.cache
def case_labels_by_name() -> dict[str, str]:
    """ACLED (and non-ACLED) category names -> CASE 2021 label codes, from the taxonomy."""
    path = DATA_DIR / "acled_taxonomy.yaml"
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EvaluationError(f"cannot read the event taxonomy {path}: {exc}") from exc
    mapping: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "name" in node and node.get("case_label"):
                mapping[str(node["name"]).lower()] = str(node["case_label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return mapping


def main_event(events: Sequence[Event]) -> Event | None:
    """The event a snippet is about: ACLED-kind events first, then highest confidence,
    then the earliest evidence (the lead sentence of a report usually carries it)."""
    candidates = [e for e in events if e.kind == "event"] or list(events)
    if not candidates:
        return None

    def key(event: Event) -> tuple[float, int]:
        first = event.evidence[0].start if event.evidence else 0
        return (-event.confidence, first)

    return min(candidates, key=key)


def _actor_texts(extraction: Extraction, actor_name: str | None) -> list[str]:
    """The canonical name and every surface text the document used for that actor."""
    if not actor_name:
        return []
    texts = [actor_name]
    for mention in extraction.actors:
        if actor_name in (mention.name, mention.actor_id):
            texts.append(mention.text)
    return texts


def _missing(component: str, exc: Exception) -> EvaluationError:
    return EvaluationError(
        f"{component} is not available ({exc}); the evaluation needs sitroom's real "
        "pipeline: install sitroom with `pip install -e .` and build the gazetteer first"
    )


class PipelineSystem:
    """sitroom as users run it: ``Pipeline.default()``, its classifier and gazetteer."""

    ner_model = "not loaded"

    @functools.cached_property
    def pipeline(self) -> Any:
        try:
            from sitroom.pipeline import Pipeline
        except ImportError as exc:
            raise _missing("sitroom.pipeline", exc) from exc
        return Pipeline.default()

    @functools.cached_property
    def geoparsing_pipeline(self) -> Any:
        """The default pipeline when it has the recognition and geocoding stages (so the
        spaCy model and its ruler are not built twice), else a dedicated one."""
        pipeline = self.pipeline
        if all(name in pipeline.stage_names for name in GEOPARSING_STAGES):
            return pipeline
        from sitroom.pipeline import Pipeline

        return Pipeline(load_settings(pipeline=GEOPARSING_STAGES))

    @functools.cached_property
    def classifier(self) -> Any:
        """The pipeline's own classifier, configured as users run it (PLOVER prototypes
        only with ``plover_prototypes`` on)."""
        return self.pipeline.resources.classifier

    @functools.cached_property
    def gazetteer(self) -> Any:
        return self.pipeline.resources.gazetteer

    @functools.cached_property
    def nlp(self) -> Language:
        """The pipeline's spaCy model with its entity ruler; the bare model if the pipeline
        cannot be built yet (logged, and named in ``ner_model`` for the report)."""
        try:
            nlp = self.pipeline.nlp
            self.ner_model = "pipeline (spaCy model + entity ruler)"
            return nlp
        except (ImportError, SitroomError) as exc:
            import spacy

            name = load_settings().spacy_model
            log.warning("pipeline unavailable (%s); scoring the bare spaCy model %s", exc, name)
            self.ner_model = f"bare spaCy model {name} (pipeline unavailable)"
            return spacy.load(name)

    # -- events ---------------------------------------------------------------------------
    def predict_event(self, text: str) -> EventPrediction:
        """Main event of the pipeline's extraction; else the classifier's cue; else none."""
        extraction = self.pipeline.extract(Document(text=text, published=None))
        labels = case_labels_by_name()
        event = main_event(extraction.events)
        label = labels.get(event.sub_event_type.lower()) if event is not None else None
        sources = _actor_texts(extraction, event.actor1) if event is not None else []
        targets = _actor_texts(extraction, event.actor2) if event is not None else []
        plover = event.plover_type if event is not None else None
        reading = self.classifier.plover_reading(text)
        if plover is None:
            plover = reading.plover_type
        if not sources and not targets:
            # No ACLED event (accuse, meet, sanction): read them off the parse.
            sources, targets = self.classifier.plover_actors(reading)
        claimed = event is not None and "claimed" in event.notes.split()
        if label is not None and label != "DISPLACEMENT" and not claimed:
            return EventPrediction(label, "pipeline", plover, sources, targets)
        cue = self.classifier.classify(text)
        if cue is not None:
            cue_label = getattr(cue, "case_label", None) or labels.get(
                str(getattr(cue, "sub_event_type", "")).lower()
            )
            if cue_label:
                return EventPrediction(cue_label, "classifier", plover, sources, targets)
        return EventPrediction(NO_EVENT, "none", plover, sources, targets)

    # -- geoparsing -----------------------------------------------------------------------
    def resolve_spans(
        self, text: str, spans: Sequence[tuple[int, int]]
    ) -> list[ResolvedPoint | None]:
        """Resolve given spans together, as one article's toponyms, so context can help."""
        try:
            from sitroom.geo.toponyms import resolve_toponyms
        except ImportError as exc:
            raise _missing("sitroom.geo.toponyms.resolve_toponyms", exc) from exc
        mentions = [PlaceMention(text=text[s:e], start=s, end=e) for s, e in spans]
        resolved = resolve_toponyms(mentions, self.gazetteer)
        if not isinstance(resolved, list):
            raise EvaluationError(
                f"resolve_toponyms returned {type(resolved).__name__}, expected a list of "
                "PlaceMention; the geocoder is not finished"
            )
        by_span = {(m.start, m.end): m for m in resolved}
        points: list[ResolvedPoint | None] = []
        for span in spans:
            mention = by_span.get(span)
            place = mention.place if mention is not None else None
            points.append(
                ResolvedPoint(place.lat, place.lon, place.geonameid) if place is not None else None
            )
        return points

    def geoparse(self, text: str) -> list[PlaceMention]:
        """Recognise and resolve toponyms with the pipeline's own stages (NER + ruler)."""
        document = Document(text=text, published=None)
        return self.geoparsing_pipeline.extract(document, stages=GEOPARSING_STAGES).places

    # -- named entities -------------------------------------------------------------------
    def tag_entities(self, sentences: Sequence[Sequence[str]]) -> list[list[tuple[int, int, str]]]:
        """Run the pipeline's spaCy model on the given tokens (no re-tokenisation)."""
        from spacy.tokens import Doc

        nlp = self.nlp
        docs = (
            Doc(nlp.vocab, words=list(tokens), spaces=[True] * (len(tokens) - 1) + [False])
            for tokens in sentences
        )
        return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(docs)]
