"""Decide what each mention refers to, and keep only the relations and quote
attributions whose ends are entities of the right types.

Names first. A mention's label from the statistical model is one vote, not a verdict: "Trump"
tagged ORG is the surname of the "Donald Trump" the article names, so it joins that person;
"Kyiv" tagged PERSON is a city the gazetteer knows; "Zelenskyy" tagged GPE is someone one
speaks with. Then pronouns ("he": the subject the syntax or the discourse points to, or no one
when two people fit) and descriptions ("the Russian leader": the person whose title says so).
Relations follow their mentions to entities and are checked against the ontology's domains and
ranges; a relation the ontology does not allow is dropped rather than guessed at."""

from __future__ import annotations

from ...lexicon import Gazetteer, gazetteer
from ..extract import Extraction
from .coreference import resolve_descriptions, resolve_pronouns, speech_spans, stated_roles, with_all_mentions
from .epithets import with_nicknames, without_epithets
from .model import CITY, COUNTRY, ENTITY_TYPES, ORGANIZATION, PERSON, PLACE, SUPERTYPES, AttributedQuote, Entity, Relation, Resolution, ResolvedAttribution
from .names import build_entities, cluster_names, is_common_word
from .relations import DESCRIPTION_RESOLUTION, PRONOUN_RESOLUTION, SHORT_NAME_RESOLUTION, resolve_attributions, resolve_quotes, resolve_relations, resolved_by

__all__ = [
    "resolve", "resolved_by", "Resolution", "Entity", "Relation", "AttributedQuote", "ResolvedAttribution",
    "PERSON", "ORGANIZATION", "PLACE", "COUNTRY", "CITY", "ENTITY_TYPES", "SUPERTYPES",
    "PRONOUN_RESOLUTION", "DESCRIPTION_RESOLUTION", "SHORT_NAME_RESOLUTION",
]


def resolve(extraction: Extraction, known: Gazetteer | None = None) -> Resolution:
    known = known or gazetteer()
    extraction, nicknames = without_epithets(extraction, known)
    mentions = extraction.mentions
    article = extraction.article
    clusters = [c for c in cluster_names(mentions, known, article.text, article.title) if not is_common_word(c, mentions, article.text)]
    entities, referent = build_entities(clusters, mentions)
    entities = with_nicknames(entities, referent, nicknames)
    resolve_descriptions(mentions, entities, referent, stated_roles(extraction, mentions, entities, referent))
    resolve_pronouns(mentions, entities, referent, speech_spans(extraction))
    entities = with_all_mentions(entities, mentions, referent)
    relations = resolve_relations(extraction, entities, referent)
    quotes = resolve_quotes(extraction, entities, referent)
    attributions = resolve_attributions(extraction, referent, entities)
    return Resolution(extraction.article, extraction.sentences, tuple(entities), relations, quotes, extraction.times,
                      attributions)
