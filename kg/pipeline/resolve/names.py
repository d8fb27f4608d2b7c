"""Names to entities: mentions grouped by the names they share ('Trump' joins the 'Donald Trump'
the article names) or the gazetteer entry they match, and each group's type decided by votes:
the statistical model's labels, titles and roles, and the shape of the name."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ...lexicon import Gazetteer, KnownEntity, family_name_first, gazetteer, given_names, ner_classes, normalize_name, organization_words
from ...namespaces import clean_name
from ..extract import NAME, Mention
from .model import CITY, COUNTRY, ENTITY_TYPES, ORGANIZATION, PERSON, PLACE, Entity

_FULL_NAME_WEIGHT = 2  # a mention of the entity's full name says more than a bare surname
_PERSON_CUE_WEIGHT = 2  # a title before the name, or a role only people have
_NAME_SHAPE_WEIGHT = 3  # 'Olaf Scholz' opens with a given name; 'Robert Bosch Academy' ends as organizations do


@dataclass
class NameCluster:
    """The name mentions taken for one entity, before its type is decided."""

    name_tokens: tuple[str, ...]  # the longest name seen, as tokens
    mentions: list[int]
    voters: list[int]  # mentions whose model label counts towards the type
    known: KnownEntity | None = None


def cluster_names(mentions: tuple[Mention, ...], known: Gazetteer) -> list[NameCluster]:
    known_clusters: dict[str, NameCluster] = {}
    name_clusters: dict[tuple[str, ...], NameCluster] = {}  # by their names' tokens
    # Name clusters and known people by each shorter ending of their names ('Trump' of 'Donald
    # Trump', 'Department of Defense' of 'U.S. Department of Defense'): looked up per mention,
    # not searched for, which in a long article was quadratic.
    by_ending: dict[tuple[str, ...], list[NameCluster]] = {}
    pending: list[int] = []

    def index_endings(cluster: NameCluster) -> None:
        for size in range(1, len(cluster.name_tokens)):
            by_ending.setdefault(cluster.name_tokens[-size:], []).append(cluster)
        person = cluster.known is not None or any(mentions[i].ner_label == "PERSON" for i in cluster.mentions)
        family = family_name_first(cluster.name_tokens) if person else None
        if family is not None:  # 'Xi' of 'Xi Jinping': the family name comes first
            by_ending.setdefault(family, []).append(cluster)

    def add_known(entry: KnownEntity, index: int) -> None:
        if entry.label not in known_clusters:
            known_clusters[entry.label] = NameCluster(name_tokens(entry.label), [], [], entry)
            if entry.type == PERSON:
                index_endings(known_clusters[entry.label])
        known_clusters[entry.label].mentions.append(index)

    def type_of(cluster: NameCluster) -> str:
        return cluster.known.type if cluster.known is not None else _decide_type(cluster, mentions)

    for index, mention in enumerate(mentions):
        if mention.kind != NAME:
            continue
        if mention.ner_label in ("NORP", "FAC") or known.demonym(mention.text) is not None:
            # 'Azerbaijani' tagged PERSON is a nationality all the same.
            # A nationality or a building counts only when it points to a known entity.
            entry = known.demonym(mention.text) or known.lookup(mention.text)
            if entry is not None:
                add_known(entry, index)
        else:
            pending.append(index)

    # Longest names first, so that a bare surname finds the full name it abbreviates.
    for index in sorted(pending, key=lambda i: (-len(name_tokens(mentions[i].text)), mentions[i].start)):
        mention = mentions[index]
        tokens = name_tokens(mention.text)
        entry = known.lookup(mention.text)
        if entry is not None and entry.type != PERSON and mention.ner_label == "PERSON" and mention.person_cue:
            entry = None  # "Chad said": a person the model and the context agree on, not the country
        if entry is not None and entry.type in (CITY, COUNTRY) and mention.team_cue:
            entry = None  # 'Dortmund beat Bremen': the clubs, not the cities
        exact = name_clusters.get(tokens)
        partial = by_ending.get(tokens, [])
        if exact is not None:
            exact.mentions.append(index)
            exact.voters.append(index)
        elif len(partial) == 1 and (entry is None or type_of(partial[0]) == PERSON):
            partial[0].mentions.append(index)  # a bare surname does not vote on the type
        elif entry is not None:
            add_known(entry, index)
        else:
            name_clusters[tokens] = NameCluster(tokens, [index], [index])
            index_endings(name_clusters[tokens])
    return [*known_clusters.values(), *name_clusters.values()]


def build_entities(clusters: list[NameCluster], mentions: tuple[Mention, ...]) -> tuple[list[Entity], dict[int, int]]:
    built = []
    for cluster in clusters:
        members = sorted(cluster.mentions, key=lambda i: mentions[i].start)
        country = None
        if cluster.known is not None:
            label, type_, qid, country = cluster.known.label, cluster.known.type, cluster.known.qid, cluster.known.country
        else:
            label, type_, qid = _preferred_name(cluster, mentions), _decide_type(cluster, mentions), None
        names = dict.fromkeys(_display(mentions[i].text) for i in members if mentions[i].ner_label != "NORP")
        titles = tuple(dict.fromkeys(clean_name(title) for title in (mentions[i].title for i in members) if title))
        entity = Entity(type_, label, tuple(n for n in names if n != label), tuple(mentions[i] for i in members), titles, qid, country)
        built.append((members, entity))
    built.sort(key=lambda pair: pair[1].mentions[0].start)
    referent = {i: number for number, (members, _) in enumerate(built) for i in members}
    return [entity for _, entity in built], referent


def is_common_word(cluster: NameCluster, mentions: tuple[Mention, ...], text: str) -> bool:
    """A one-word name the gazetteer does not know, that is no given name and no title holder's,
    which the article also writes in lower case mid-sentence ('Propaganda' heading a paragraph
    about propaganda): a capitalized word, not a name."""
    if cluster.known is not None or len(cluster.name_tokens) != 1:
        return False
    members = [mentions[i] for i in cluster.mentions]
    word = members[0].text
    if not word[:1].isupper() or word.isupper() or word in given_names() or any(m.person_cue or m.title for m in members):
        return False
    return re.search(rf"(?<=[a-z,;] ){re.escape(word.lower())}\b", text) is not None


def name_tokens(name: str) -> tuple[str, ...]:
    return tuple(normalize_name(clean_name(name)).split())


def _decide_type(cluster: NameCluster, mentions: tuple[Mention, ...]) -> str:
    votes: Counter[str] = Counter()
    full = cluster.name_tokens
    for index in cluster.voters:
        mention = mentions[index]
        weight = _FULL_NAME_WEIGHT if name_tokens(mention.text) == full and len(full) > 1 else 1
        votes[ner_classes().classes[mention.ner_label]] += weight
    for index in cluster.mentions:
        if mentions[index].person_cue:
            votes[PERSON] += _PERSON_CUE_WEIGHT
        if mentions[index].team_cue:
            votes[ORGANIZATION] += _PERSON_CUE_WEIGHT
            if gazetteer().lookup(mentions[index].text) is not None:
                votes[ORGANIZATION] += _NAME_SHAPE_WEIGHT  # 'Dortmund beat ...': a place's name playing is its club
    words = mentions[cluster.voters[0]].text.split() if cluster.voters else [""]
    if len(full) > 1 and words[-1] in organization_words():
        votes[ORGANIZATION] += _NAME_SHAPE_WEIGHT
    elif 1 < len(full) <= 3 and words[0] in given_names():  # 'Carl Zeiss Micro Imaging' is no name of a person
        votes[PERSON] += _NAME_SHAPE_WEIGHT
    elif 1 < len(full) <= 3 and _is_city(words[-1]):
        votes[ORGANIZATION] += _NAME_SHAPE_WEIGHT  # 'Werder Bremen', 'Dinamo Zagreb': named after its city
    if not votes:
        return PLACE
    # Ties go to the more specific reading: a person, then an organization, then a place.
    return min(votes, key=lambda type_: (-votes[type_], ENTITY_TYPES.index(type_)))


def _is_city(word: str) -> bool:
    entry = gazetteer().lookup(word)
    return entry is not None and entry.type == CITY


def _preferred_name(cluster: NameCluster, mentions: tuple[Mention, ...]) -> str:
    full = [mentions[i] for i in cluster.mentions if name_tokens(mentions[i].text) == cluster.name_tokens]
    counts = Counter(_display(m.text) for m in full)
    return max(counts, key=counts.__getitem__)


def _display(name: str) -> str:
    return clean_name(name)
