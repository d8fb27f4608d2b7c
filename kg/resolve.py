"""Step 4 — resolve: group an article's mentions into entities and decide, for each entity, its
type and its preferred name.

A mention's label from the statistical model is one vote, not a verdict: "Trump" tagged ORG is
the surname of the "Donald Trump" the article names, so it joins that person; "Kyiv" tagged
PERSON is a city the gazetteer knows; "Zelenskyy" tagged GPE is someone one speaks with."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .extract import Extraction, Mention, Sentence
from .lexicon import Gazetteer, KnownEntity, gazetteer, normalize_name
from .read import Article

PERSON, ORGANIZATION, PLACE, COUNTRY, CITY = "Person", "Organization", "Place", "Country", "City"
ENTITY_TYPES = (PERSON, ORGANIZATION, PLACE, COUNTRY, CITY)

_VOTE = {"PERSON": PERSON, "ORG": ORGANIZATION, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE}
_FULL_NAME_WEIGHT = 2  # a mention of the entity's full name says more than a bare surname
_PERSON_CUE_WEIGHT = 2  # a title before the name, or a role only people have


@dataclass(frozen=True)
class Entity:
    """One entity of one article, with every mention that refers to it."""

    type: str
    label: str
    alt_labels: tuple[str, ...]
    mentions: tuple[Mention, ...]
    titles: tuple[str, ...] = ()
    qid: str | None = None


@dataclass(frozen=True)
class Resolution:
    article: Article
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]


@dataclass
class _Cluster:
    name_tokens: tuple[str, ...]  # the longest name seen, as tokens
    mentions: list[Mention]
    voters: list[Mention]  # mentions whose model label counts towards the type
    known: KnownEntity | None = None


def resolve(extraction: Extraction, known: Gazetteer | None = None) -> Resolution:
    known = known or gazetteer()
    known_clusters: dict[str, _Cluster] = {}
    name_clusters: list[_Cluster] = []
    pending: list[Mention] = []

    for mention in extraction.mentions:
        if mention.ner_label in ("NORP", "FAC"):
            # A nationality or a building counts only when it points to a known entity.
            entry = known.demonym(mention.text) or known.lookup(mention.text)
            if entry is not None:
                _add_known(known_clusters, entry, mention)
        else:
            pending.append(mention)

    # Longest names first, so that a bare surname finds the full name it abbreviates.
    for mention in sorted(pending, key=lambda m: (-len(_tokens(m.text)), m.start)):
        tokens = _tokens(mention.text)
        entry = known.lookup(mention.text)
        if entry is not None and entry.type != PERSON and mention.ner_label == "PERSON" and mention.person_cue:
            entry = None  # "Chad said": a person the model and the context agree on, not the country
        exact = [c for c in name_clusters if c.name_tokens == tokens]
        partial = [c for c in name_clusters if _is_short_form(tokens, c.name_tokens)]
        if exact:
            exact[0].mentions.append(mention)
            exact[0].voters.append(mention)
        elif len(partial) == 1 and (entry is None or _decide_type(partial[0]) == PERSON):
            partial[0].mentions.append(mention)  # a bare surname does not vote on the type
        elif entry is not None:
            _add_known(known_clusters, entry, mention)
        else:
            name_clusters.append(_Cluster(tokens, [mention], [mention]))

    entities = [_entity(c) for c in [*known_clusters.values(), *name_clusters]]
    entities.sort(key=lambda e: e.mentions[0].start)
    return Resolution(extraction.article, extraction.sentences, tuple(entities))


def _add_known(clusters: dict[str, _Cluster], entry: KnownEntity, mention: Mention) -> None:
    cluster = clusters.setdefault(entry.label, _Cluster((entry.label,), [], [], entry))
    cluster.mentions.append(mention)


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(normalize_name(name).split())


def _is_short_form(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """'Trump' of 'Donald Trump', 'Department of Defense' of 'U.S. Department of Defense'."""
    return len(short) < len(full) and full[-len(short):] == short


def _entity(cluster: _Cluster) -> Entity:
    mentions = tuple(sorted(cluster.mentions, key=lambda m: m.start))
    titles = tuple(dict.fromkeys(m.title for m in mentions if m.title))
    if cluster.known is not None:
        label, type_, qid = cluster.known.label, cluster.known.type, cluster.known.qid
    else:
        label, type_, qid = _preferred_name(cluster), _decide_type(cluster), None
    names = dict.fromkeys(_display(m.text) for m in mentions if m.ner_label != "NORP")
    alt_labels = tuple(n for n in names if n != label)
    return Entity(type_, label, alt_labels, mentions, titles, qid)


def _decide_type(cluster: _Cluster) -> str:
    votes: Counter[str] = Counter()
    full = cluster.name_tokens
    for mention in cluster.voters:
        weight = _FULL_NAME_WEIGHT if _tokens(mention.text) == full and len(full) > 1 else 1
        votes[_VOTE[mention.ner_label]] += weight
    for mention in cluster.mentions:
        if mention.person_cue:
            votes[PERSON] += _PERSON_CUE_WEIGHT
    if not votes:
        return PLACE
    # Ties go to the more specific reading: a person, then an organization, then a place.
    return min(votes, key=lambda type_: (-votes[type_], ENTITY_TYPES.index(type_)))


def _preferred_name(cluster: _Cluster) -> str:
    full = [m for m in cluster.mentions if _tokens(m.text) == cluster.name_tokens]
    counts = Counter(_display(m.text) for m in full)
    return max(counts, key=counts.__getitem__)


def _display(name: str) -> str:
    return " ".join(name.split())
