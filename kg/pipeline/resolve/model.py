"""What resolution hands on: the article's entities, and the relations, quotes and attributions
whose ends are those entities."""

from __future__ import annotations

from dataclasses import dataclass

from ..extract import Mention, Sentence, TimeExpression
from ..extract.model import Attribution
from ..read import Article

PERSON, ORGANIZATION, PLACE, COUNTRY, CITY = "Person", "Organization", "Place", "Country", "City"
ENTITY_TYPES = (PERSON, ORGANIZATION, PLACE, COUNTRY, CITY)
SUPERTYPES = {COUNTRY: PLACE, CITY: PLACE}


@dataclass(frozen=True)
class Entity:
    """One entity of one article, with every mention that refers to it."""

    type: str
    label: str
    alt_labels: tuple[str, ...]
    mentions: tuple[Mention, ...]
    titles: tuple[str, ...] = ()
    qid: str | None = None
    country: str | None = None  # from the gazetteer: the country a city or national body is in


@dataclass(frozen=True)
class Relation:
    """A relation between two entities of the article (indices into Resolution.entities), or
    between a person and a position title."""

    predicate: str
    subject: int
    object: int | None
    position: str | None
    sentence: int | None  # None for what the gazetteer knows rather than what a sentence says
    start: int | None
    end: int | None
    rule: str
    confidence: float
    modality: str
    date: TimeExpression | None
    date_role: str
    place: int | None
    event: str | None
    trigger: str | None
    # How each end was tied to its entity when the sentence does not name it in full: a
    # "pronoun", a "description" ('the chancellor') or a "short name" ('Scholz', 'Xi'); None
    # for a full name.
    subject_resolved_by: str | None = None
    object_resolved_by: str | None = None


@dataclass(frozen=True)
class AttributedQuote:
    start: int
    end: int
    text: str
    sentence: int
    speaker: int | None  # index into Resolution.entities
    speaker_mention: Mention | None
    rule: str
    partial: bool


@dataclass(frozen=True)
class ResolvedAttribution:
    """An attribution with its parties resolved to entities (indices into Resolution.entities);
    a source with no entity is the one the text describes (attribution.source_text)."""

    attribution: Attribution
    source: int | None
    source_mention: Mention | None
    organization: int | None  # the organization or country a described source belongs to
    named: int | None  # the entity the article identifies a described source as
    addressee: int | None
    about: tuple[int, ...]  # entities the content mentions
    date: TimeExpression | None


@dataclass(frozen=True)
class Resolution:
    article: Article
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...] = ()
    quotes: tuple[AttributedQuote, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    attributions: tuple[ResolvedAttribution, ...] = ()
