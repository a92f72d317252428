"""The built-in pipeline stages, registered by versioned name.

Each stage reads and extends the ``Extraction`` in a ``StageContext``; the heavy
lifting lives in the stage packages (``nlp/``, ``geo/``); these are the seams.
"""

from __future__ import annotations

from sitroom.model import Actor, Entity, Sentence
from sitroom.pipeline import Resources, StageContext
from sitroom.registry import Stage, register_stage


@register_stage("sitroom.sentences.v1", assigns=["sentences", "entities", "doc"])
def sentences_stage(resources: Resources) -> Stage:
    """Sentences and named entities from the configured spaCy model (with entity ruler)."""
    nlp = resources.nlp

    def run(ctx: StageContext) -> None:
        text = ctx.extraction.document.text
        doc = nlp(text)
        ctx.doc = doc
        ctx.extraction.sentences = [
            Sentence(index=i, start=s.start_char, end=s.end_char, text=s.text)
            for i, s in enumerate(doc.sents)
            if s.text.strip()
        ]
        ctx.extraction.entities = [
            Entity(text=e.text, label=e.label_, start=e.start_char, end=e.end_char)
            for e in doc.ents
        ]

    return run


@register_stage("sitroom.actors.v1", assigns=["actors"])
def actors_stage(resources: Resources) -> Stage:
    """Actor mentions normalised through the actor dictionary."""
    actors = resources.actors

    def run(ctx: StageContext) -> None:
        ctx.extraction.actors = actors.find(ctx.extraction.document.text)

    return run


@register_stage("sitroom.dates.v1", assigns=["dates"], requires=["sentences"])
def dates_stage(resources: Resources) -> Stage:
    """Date expressions resolved against the publication date, sentence by sentence."""
    from sitroom.nlp.dates import find_dates

    def run(ctx: StageContext) -> None:
        published = ctx.extraction.document.published
        found = []
        for sentence in ctx.extraction.sentences:
            found += find_dates(sentence.text, published, offset=sentence.start)
        ctx.extraction.dates = found

    return run


@register_stage("sitroom.quantities.v1", assigns=["quantities"], requires=["sentences"])
def quantities_stage(resources: Resources) -> Stage:
    """Counts of people killed, injured and displaced."""
    from sitroom.nlp.quantities import find_quantities

    def run(ctx: StageContext) -> None:
        found = []
        for sentence in ctx.extraction.sentences:
            found += find_quantities(sentence.text, offset=sentence.start)
        ctx.extraction.quantities = found

    return run


def _local(actor: Actor) -> bool:
    """Whether an actor's country says where a report's places lie: an armed group, a
    militia or the police mostly act at home, but an army, its units and its leaders
    strike abroad ("Russian forces shelled Kostiantynivka", "Israeli jets hit Tyre"), so
    their country is no vote for a name that the gazetteer knows in several countries."""
    if actor.country is None:
        return False
    return actor.actor_type != "State forces" or actor.id.startswith("police-forces")


@register_stage("sitroom.geocoder.v1", assigns=["places"], requires=["entities", "actors"])
def geocoder_stage(resources: Resources) -> Stage:
    """Toponyms recognised (NER + gazetteer) and resolved to GeoNames records."""
    from sitroom.geo.toponyms import (
        find_toponyms,
        place_within,
        prefer_admin_areas,
        resolve_toponyms,
        title_countries,
    )

    gazetteer = resources.gazetteer

    def run(ctx: StageContext) -> None:
        ex = ctx.extraction
        exclude = [(m.start, m.end) for m in ex.actors]
        actors = [resources.actors.get(m.actor_id) for m in ex.actors]
        # The headline's countries vote as the armed groups' do ("Paraguay's interior
        # minister quits" over a body that names only Curuguaty).
        headline = title_countries(ex.document.title, gazetteer)
        countries = [a.country for a in actors if a.country] + headline
        mentions = find_toponyms(
            ex.document.text, ex.entities, gazetteer, exclude=exclude, countries=countries
        )
        resolved = resolve_toponyms(
            mentions,
            gazetteer,
            actor_countries=[a.country for a in actors if _local(a)] + headline,
        )
        resolved = prefer_admin_areas(resolved, ex.document.text, gazetteer)
        ex.places = place_within(resolved, ex.document.text, gazetteer)

    return run


@register_stage(
    "sitroom.events.v1",
    assigns=["events"],
    requires=["sentences", "actors", "dates", "quantities", "places"],
)
def events_stage(resources: Resources) -> Stage:
    """Event mentions classified (ACLED + PLOVER) and assembled with roles, place, date."""
    from sitroom.nlp.assemble import EventAssembler

    assembler = EventAssembler(resources.classifier, resources.actors, resources.gazetteer)

    def run(ctx: StageContext) -> None:
        ctx.extraction.events = assembler.assemble(ctx.extraction, ctx.doc)

    return run


@register_stage("sitroom.report_vector.v1", assigns=["report_vector"], requires=["events"])
def report_vector_stage(resources: Resources) -> Stage:
    """The lead record's report vector (headline and opening words), for fusion."""
    from sitroom.nlp.embed import default_encoder, pack, report_text

    encoder = default_encoder()

    def run(ctx: StageContext) -> None:
        ex = ctx.extraction
        lead = next((e for e in ex.events if e.lead), None)
        if lead is None or lead.report is None:
            return
        vector = encoder.encode([report_text(ex.document)])[0]
        # The profile object is shared by the report's records; only the lead's gets it.
        lead.report = lead.report.model_copy(update={"vector": pack(vector)})

    return run
