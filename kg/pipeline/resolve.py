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

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from rdflib.namespace import OWL, RDFS

from .extract import DESCRIPTION, NAME, PRONOUN, Extraction, Mention, Sentence, TimeExpression
from .extract.model import SPEAKER_CARRIES_OVER, Attribution, mentions_by_start, mentions_within
from .extract.mentions import COUNTRY_NOUNS
from ..lexicon import (
    Gazetteer, KnownEntity, family_name_first, gazetteer, given_names, name_genders, normalize_name, organization_words, role_kind,
)
from ..namespaces import KGO, clean_name
from .read import Article
from ..resources import ontology

PERSON, ORGANIZATION, PLACE, COUNTRY, CITY = "Person", "Organization", "Place", "Country", "City"
ENTITY_TYPES = (PERSON, ORGANIZATION, PLACE, COUNTRY, CITY)
SUPERTYPES = {COUNTRY: PLACE, CITY: PLACE}

_VOTE = {"PERSON": PERSON, "ORG": ORGANIZATION, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE}
_FULL_NAME_WEIGHT = 2  # a mention of the entity's full name says more than a bare surname
_PERSON_CUE_WEIGHT = 2  # a title before the name, or a role only people have
_NAME_SHAPE_WEIGHT = 3  # 'Olaf Scholz' opens with a given name; 'Robert Bosch Academy' ends as organizations do
_PRONOUN_LOOKBACK = 3  # sentences


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


@dataclass
class _Cluster:
    name_tokens: tuple[str, ...]  # the longest name seen, as tokens
    mentions: list[int]
    voters: list[int]  # mentions whose model label counts towards the type
    known: KnownEntity | None = None


def resolve(extraction: Extraction, known: Gazetteer | None = None) -> Resolution:
    known = known or gazetteer()
    mentions = extraction.mentions
    clusters = [c for c in _cluster_names(mentions, known) if not _is_common_word(c, mentions, extraction.article.text)]
    entities, referent = _entities(clusters, mentions)
    _resolve_descriptions(mentions, entities, referent, _roles(extraction, mentions, entities, referent))
    _resolve_pronouns(mentions, entities, referent)
    entities = _with_all_mentions(entities, mentions, referent)
    relations = _relations(extraction, entities, referent)
    quotes = _quotes(extraction, entities, referent)
    attributions = _attributions(extraction, referent, entities)
    return Resolution(extraction.article, extraction.sentences, tuple(entities), relations, quotes, extraction.times,
                      attributions)


# --- names -------------------------------------------------------------------------------


def _cluster_names(mentions: tuple[Mention, ...], known: Gazetteer) -> list[_Cluster]:
    known_clusters: dict[str, _Cluster] = {}
    name_clusters: dict[tuple[str, ...], _Cluster] = {}  # by their names' tokens
    # Name clusters and known people by each shorter ending of their names ('Trump' of 'Donald
    # Trump', 'Department of Defense' of 'U.S. Department of Defense'): looked up per mention,
    # not searched for, which in a long article was quadratic.
    by_ending: dict[tuple[str, ...], list[_Cluster]] = {}
    pending: list[int] = []

    def index_endings(cluster: _Cluster) -> None:
        for size in range(1, len(cluster.name_tokens)):
            by_ending.setdefault(cluster.name_tokens[-size:], []).append(cluster)
        person = cluster.known is not None or any(mentions[i].ner_label == "PERSON" for i in cluster.mentions)
        family = family_name_first(cluster.name_tokens) if person else None
        if family is not None:  # 'Xi' of 'Xi Jinping': the family name comes first
            by_ending.setdefault(family, []).append(cluster)

    def add_known(entry: KnownEntity, index: int) -> None:
        if entry.label not in known_clusters:
            known_clusters[entry.label] = _Cluster(_tokens(entry.label), [], [], entry)
            if entry.type == PERSON:
                index_endings(known_clusters[entry.label])
        known_clusters[entry.label].mentions.append(index)

    def type_of(cluster: _Cluster) -> str:
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
    for index in sorted(pending, key=lambda i: (-len(_tokens(mentions[i].text)), mentions[i].start)):
        mention = mentions[index]
        tokens = _tokens(mention.text)
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
            name_clusters[tokens] = _Cluster(tokens, [index], [index])
            index_endings(name_clusters[tokens])
    return [*known_clusters.values(), *name_clusters.values()]


def _entities(clusters: list[_Cluster], mentions: tuple[Mention, ...]) -> tuple[list[Entity], dict[int, int]]:
    built = []
    for cluster in clusters:
        members = sorted(cluster.mentions, key=lambda i: mentions[i].start)
        country = None
        if cluster.known is not None:
            label, type_, qid, country = cluster.known.label, cluster.known.type, cluster.known.qid, cluster.known.country
        else:
            label, type_, qid = _preferred_name(cluster, mentions), _decide_type(cluster, mentions), None
        names = dict.fromkeys(_display(mentions[i].text) for i in members if mentions[i].ner_label != "NORP")
        titles = tuple(dict.fromkeys(clean_name(mentions[i].title) for i in members if mentions[i].title))
        entity = Entity(type_, label, tuple(n for n in names if n != label), tuple(mentions[i] for i in members), titles, qid, country)
        built.append((members, entity))
    built.sort(key=lambda pair: pair[1].mentions[0].start)
    referent = {i: number for number, (members, _) in enumerate(built) for i in members}
    return [entity for _, entity in built], referent


def _is_common_word(cluster: _Cluster, mentions: tuple[Mention, ...], text: str) -> bool:
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


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(normalize_name(clean_name(name)).split())


def _decide_type(cluster: _Cluster, mentions: tuple[Mention, ...]) -> str:
    votes: Counter[str] = Counter()
    full = cluster.name_tokens
    for index in cluster.voters:
        mention = mentions[index]
        weight = _FULL_NAME_WEIGHT if _tokens(mention.text) == full and len(full) > 1 else 1
        votes[_VOTE[mention.ner_label]] += weight
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


def _preferred_name(cluster: _Cluster, mentions: tuple[Mention, ...]) -> str:
    full = [mentions[i] for i in cluster.mentions if _tokens(mentions[i].text) == cluster.name_tokens]
    counts = Counter(_display(m.text) for m in full)
    return max(counts, key=counts.__getitem__)


def _display(name: str) -> str:
    return clean_name(name)


# --- descriptions and pronouns -----------------------------------------------------------


@dataclass(frozen=True)
class _Role:
    """A role the article gives a person once, which holds for the whole article: 'Chancellor
    Jane Doe', 'Jane Doe, the German chancellor,', 'Jane Doe is the mayor of Springfield'."""

    holder: int  # entity
    position: str | None  # lower case: 'chancellor'
    leads: int | None  # the country or organization the role leads, when the text says


def _roles(extraction: Extraction, mentions: tuple[Mention, ...], entities: list[Entity],
           referent: dict[int, int]) -> list[_Role]:
    found = []
    for index, mention in enumerate(mentions):
        if mention.kind == NAME and mention.title and index in referent:
            leads = referent.get(mention.title_qualifier) if mention.title_qualifier is not None else None
            found.append(_Role(referent[index], mention.title.lower(), leads if role_kind(mention.title) == "leader" else None))
        elif mention.kind == DESCRIPTION and mention.antecedent in referent and mention.head:
            # 'Jane Doe, the German chancellor,': the apposition names the holder
            leads = referent.get(mention.title_qualifier) if mention.title_qualifier is not None else None
            found.append(_Role(referent[mention.antecedent], mention.head.split()[-1], leads))
    for candidate in extraction.relations:
        holder = referent.get(candidate.subject)
        if holder is None or candidate.modality != "asserted" or mentions[candidate.subject].kind != NAME:
            continue
        if candidate.predicate == "holdsPosition" and candidate.position:
            found.append(_Role(holder, candidate.position.lower(), None))
        elif candidate.predicate == "leaderOf" and candidate.object in referent:
            found.append(_Role(holder, None, referent[candidate.object]))
    return [role for role in found if entities[role.holder].type == PERSON]


def _resolve_descriptions(mentions: tuple[Mention, ...], entities: list[Entity], referent: dict[int, int],
                          roles: list[_Role] = ()) -> None:
    for index, mention in enumerate(mentions):
        if mention.kind != DESCRIPTION:
            continue
        if mention.antecedent is not None:  # 'the Russian leader, Vladimir Putin,'
            target = referent.get(mention.antecedent)
        elif mention.head in COUNTRY_NOUNS:
            excluded = referent.get(mention.not_antecedent) if mention.not_antecedent is not None else None
            target = _latest(mentions, entities, referent, index, lambda e: e.type == COUNTRY, excluded)
        elif mention.title_qualifier is not None:
            country = referent.get(mention.title_qualifier)
            target = _leader_of(country, mentions, entities, referent, roles) if country is not None else None
        else:
            target = _titled(mention.head, mentions, referent, roles)  # 'the president': the one President named
        if target is not None:
            referent[index] = target


def _latest(mentions, entities, referent, before: int, accept, excluded) -> int | None:
    """The entity of the nearest preceding name mention (within two sentences) that `accept`s."""
    here = mentions[before]
    earlier = [i for i, m in enumerate(mentions) if m.kind == NAME and m.start < here.start]
    for index in sorted(earlier, key=lambda i: -mentions[i].start):
        if here.sentence - mentions[index].sentence > 2:
            break
        entity = referent.get(index)
        if entity is not None and entity != excluded and accept(entities[entity]):
            return entity
    return None


def _leader_of(country: int, mentions, entities, referent, roles: list[_Role] = ()) -> int | None:
    """The one person the article makes a leader of `country` ('Russian President Putin',
    'Putin, the Russian president,', 'Putin, who leads Russia')."""
    leaders = {
        referent[i] for i, m in enumerate(mentions)
        if m.kind == NAME and m.title and role_kind(m.title) == "leader" and m.title_qualifier is not None
        and referent.get(m.title_qualifier) == country and i in referent
    }
    leaders |= {role.holder for role in roles if role.leads == country}
    return leaders.pop() if len(leaders) == 1 else None


def _titled(head: str | None, mentions: tuple[Mention, ...], referent: dict[int, int], roles: list[_Role] = ()) -> int | None:
    """The one entity the article gives the title `head` ('the president' -> 'President X',
    'X, the president of ...', 'X is the president'): a role given once holds for the article."""
    holders = {referent[i] for i, m in enumerate(mentions)
               if m.kind == NAME and m.title and m.title.lower() == head and i in referent}
    holders |= {role.holder for role in roles if role.position is not None and head is not None
                and role.position == head}
    return holders.pop() if len(holders) == 1 else None


def _resolve_pronouns(mentions: tuple[Mention, ...], entities: list[Entity], referent: dict[int, int]) -> None:
    for index, mention in enumerate(mentions):
        if mention.kind != PRONOUN:
            continue
        if mention.antecedent is not None:
            target = referent.get(mention.antecedent)
        elif mention.in_quote:
            target = None  # 'he' inside a quote speaks of someone the speaker has in mind
        else:
            target = _salient_person(index, mentions, entities, referent)
        if target is not None and entities[target].type == PERSON:
            referent[index] = target


def _salient_person(index: int, mentions, entities, referent) -> int | None:
    """The person who is the subject of the nearest sentence (before the pronoun, outside
    quotes) that has a person of the pronoun's gender for subject; no one when two people
    share that place."""
    here = mentions[index]
    wanted = _PRONOUN_GENDER.get(here.text.lower())

    def fits(entity: int) -> bool:
        return entities[entity].type == PERSON and (wanted is None or _gender(entities[entity]) in (None, wanted))

    for sentence in range(here.sentence, max(-1, here.sentence - _PRONOUN_LOOKBACK), -1):
        subjects = {
            referent[i] for i, m in enumerate(mentions)
            if m.sentence == sentence and m.start < here.start and m.is_subject and not m.in_quote
            and i in referent and fits(referent[i])
        }
        if len(subjects) == 1:
            return subjects.pop()
        if len(subjects) > 1:
            return None
    # No person is a subject nearby: the one person named nearby, if there is only one.
    named = {
        referent[i] for i, m in enumerate(mentions)
        if here.sentence - _PRONOUN_LOOKBACK < m.sentence <= here.sentence and m.start < here.start
        and not m.in_quote and m.kind == NAME and i in referent and fits(referent[i])
    }
    return named.pop() if len(named) == 1 else None


_PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female", "hers": "female"}
_HONORIFIC_GENDER = {"mr.": "male", "mr": "male", "sir": "male", "mrs.": "female", "mrs": "female", "ms.": "female",
                     "ms": "female", "miss": "female", "madam": "female", "dame": "female", "lady": "female"}


def _gender(entity: Entity) -> str | None:
    """A person's gender as the text shows it: an honorific ('Mrs. Clinton') or a given name
    the lexicon knows ('Angela Merkel'); None when neither says."""
    for title in entity.titles:
        for word in title.lower().split():
            if word in _HONORIFIC_GENDER:
                return _HONORIFIC_GENDER[word]
    for name in (entity.label, *entity.alt_labels):
        words = name.split()
        if len(words) > 1 and words[0] in name_genders():
            return name_genders()[words[0]]
    return None


def _with_all_mentions(entities: list[Entity], mentions: tuple[Mention, ...], referent: dict[int, int]) -> list[Entity]:
    """Each entity with its pronoun and description mentions added, in text order."""
    extra: dict[int, list[Mention]] = {}
    for index, target in referent.items():
        if mentions[index].kind != NAME:
            extra.setdefault(target, []).append(mentions[index])
    return [
        Entity(e.type, e.label, e.alt_labels, tuple(sorted(e.mentions + tuple(extra.get(n, ())), key=lambda m: m.start)),
               e.titles, e.qid, e.country)
        for n, e in enumerate(entities)
    ]


# --- relations and quotes ----------------------------------------------------------------


def _relations(extraction: Extraction, entities: list[Entity], referent: dict[int, int]) -> tuple[Relation, ...]:
    found = []
    seen = set()
    for candidate in extraction.relations:
        subject = referent.get(candidate.subject)
        obj = referent.get(candidate.object) if candidate.object is not None else None
        if subject is None or (candidate.object is not None and (obj is None or obj == subject)):
            continue
        predicate = candidate.predicate
        if candidate.by_subject:
            kind = SUPERTYPES.get(entities[subject].type, entities[subject].type)
            predicate = dict(candidate.by_subject).get(kind)
            if predicate is None:
                continue
        if (obj is not None and candidate.if_place and entities[obj].type in (CITY, PLACE)
                and _allowed(candidate.if_place, entities[subject].type, entities[obj].type)):
            predicate = candidate.if_place  # 'Illinois Sen. X' lives in Illinois
        if not _allowed(predicate, entities[subject].type, entities[obj].type if obj is not None else None):
            continue
        place = referent.get(candidate.place) if candidate.place is not None else None
        if place is not None and entities[place].type not in (PLACE, COUNTRY, CITY):
            place = None
        date = extraction.times[candidate.date] if candidate.date is not None else None
        relation = Relation(predicate, subject, obj, candidate.position, candidate.sentence, candidate.start,
                            candidate.end, candidate.rule, candidate.confidence, candidate.modality, date,
                            candidate.date_role, place, candidate.event, candidate.trigger,
                            resolved_by(extraction.mentions[candidate.subject], entities[subject]),
                            resolved_by(extraction.mentions[candidate.object], entities[obj]) if obj is not None else None)
        for item in (relation, *_entailed(relation, entities)):
            key = (item.predicate, item.subject, item.object, item.position, item.sentence, item.modality)
            if key not in seen:
                seen.add(key)
                found.append(item)
    found += _known_relations(entities)
    found += _chained(found, entities)
    return tuple(found)


PRONOUN_RESOLUTION, DESCRIPTION_RESOLUTION, SHORT_NAME_RESOLUTION = "pronoun", "description", "short name"


def resolved_by(mention: Mention, entity: Entity) -> str | None:
    """How a mention was tied to its entity when it does not name it in full: a pronoun, a
    description, or a short name (a person's surname, or family name: 'Xi' of 'Xi Jinping')."""
    if mention.kind == PRONOUN:
        return PRONOUN_RESOLUTION
    if mention.kind == DESCRIPTION:
        return DESCRIPTION_RESOLUTION
    if entity.type == PERSON:
        words, full = _tokens(mention.text), _tokens(entity.label)
        if len(words) < len(full) and (full[-len(words):] == words or full[:len(words)] == words):
            return SHORT_NAME_RESOLUTION
    return None


def _chained(relations: list[Relation], entities: list[Entity]) -> list[Relation]:
    """An organization based in a city is based in that city's country, when the article names
    both: basedIn(o, city) and locatedIn(city, country) give basedIn(o, country); and a member
    of a national party is a citizen of the party's country."""
    country_of = {r.subject: r.object for r in relations if r.predicate == "locatedIn" and r.modality == "asserted"
                  and r.object is not None and entities[r.object].type == COUNTRY}
    stated = {(r.predicate, r.subject, r.object) for r in relations}
    found = []
    for relation in relations:
        if relation.predicate == "basedIn" and relation.modality == "asserted" and relation.object in country_of:
            country = country_of[relation.object]
            if ("basedIn", relation.subject, country) not in stated:
                stated.add(("basedIn", relation.subject, country))
                found.append(replace(relation, object=country, rule=relation.rule + "+located-in", confidence=0.7))
    # A member or leader of a national party is a citizen of its country.
    based = {}
    for relation in relations + found:
        if relation.predicate == "basedIn" and relation.modality == "asserted" and entities[relation.object].type == COUNTRY:
            based.setdefault(relation.subject, relation.object)
    for relation in relations:
        party = relation.object
        if (relation.predicate in ("memberOf", "leaderOf") and relation.modality == "asserted" and party in based
                and entities[relation.subject].type == PERSON and _PARTY_WORDS & set(entities[party].label.split())
                and ("citizenOf", relation.subject, based[party]) not in stated):
            stated.add(("citizenOf", relation.subject, based[party]))
            found.append(replace(relation, predicate="citizenOf", object=based[party],
                                 rule=relation.rule + "+party-country", confidence=0.7))
    return found


_PARTY_WORDS = {"Party", "Union", "Alliance", "Front", "Movement", "Democrats", "Republicans", "Greens", "Labour", "League"}


def _entailed(relation: Relation, entities: list[Entity]) -> list[Relation]:
    """What a stated relation also says: the leader of an organization is a member of it; who
    leads or serves a country is its citizen."""
    if relation.object is None or relation.modality != "asserted":
        return []
    target = entities[relation.object].type
    if relation.predicate == "leaderOf" and target == ORGANIZATION:
        return [replace(relation, predicate="memberOf", rule=relation.rule + "+member", confidence=0.8)]
    if relation.predicate in ("leaderOf", "affiliatedWith") and target == COUNTRY and entities[relation.subject].type == PERSON:
        return [replace(relation, predicate="citizenOf", rule=relation.rule + "+citizen", confidence=0.7)]
    return []


def _known_relations(entities: list[Entity]) -> list[Relation]:
    """What the gazetteer knows about entities the article names together: Hamburg lies in
    Germany, the Bundestag belongs to Germany, the Bundesbank is German,
    Olaf Scholz is a German citizen."""
    countries = {e.label: n for n, e in enumerate(entities) if e.type == COUNTRY}
    found = []
    for n, entity in enumerate(entities):
        country = countries.get(entity.country) if entity.country else None
        if country is None and entity.type == ORGANIZATION:
            country = _country_in_name(entity.label, countries)
        if country is None or country == n:
            continue
        predicate = {CITY: "locatedIn", PLACE: "locatedIn", PERSON: "citizenOf"}.get(entity.type, "basedIn")
        if _allowed(predicate, entity.type, COUNTRY):
            found.append(Relation(predicate, n, country, None, None, None, None, "gazetteer:" + predicate, 0.95,
                                  "asserted", None, "date", None, None, None))
        if entity.type == PERSON:
            # 'Chancellor Olaf Scholz' with no country named beside the title: his own country.
            kinds = {role_kind(title) for title in entity.titles}
            for kind, title_predicate in (("leader", "leaderOf"), ("agent", "affiliatedWith")):
                if kind in kinds:
                    found.append(Relation(title_predicate, n, country, None, None, None, None,
                                          f"gazetteer+title:{title_predicate}", 0.8, "asserted", None, "date", None, None, None))
    return found


def _country_in_name(name: str, countries: dict[str, int]) -> int | None:
    """The one country an organization's name names or qualifies ('Federation of German
    Industry', 'Democratic Party of Japan'); none for 'German-Russian Chamber'."""
    if "-" in name:
        return None
    known = gazetteer()
    found = set()
    words = name.split()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start:start + size])
            entry = known.demonym(phrase) or known.lookup(phrase)
            if entry is not None and entry.type == COUNTRY and entry.label in countries:
                found.add(countries[entry.label])
    return found.pop() if len(found) == 1 else None


def _allowed(predicate: str, subject_type: str, object_type: str | None) -> bool:
    domain, range_ = _signature(predicate)
    if domain and not _is_a(subject_type, domain):
        return False
    if object_type is not None and range_ and not _is_a(object_type, range_):
        return False
    if predicate == "locatedIn" and subject_type == COUNTRY and object_type in (COUNTRY, CITY):
        return False  # a country lies in a region, not in another country or a city
    return True


def _is_a(type_: str, allowed: frozenset[str]) -> bool:
    return type_ in allowed or SUPERTYPES.get(type_) in allowed or ("Entity" in allowed)


@lru_cache(maxsize=None)
def _signature(predicate: str) -> tuple[frozenset[str], frozenset[str]]:
    """The classes the ontology allows at each end of a property (unions unfolded)."""
    graph = ontology()
    prop = KGO[predicate]

    def classes(node) -> frozenset[str]:
        if node is None:
            return frozenset()
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            from rdflib.collection import Collection

            return frozenset(str(c).rsplit("#", 1)[-1] for c in Collection(graph, members))
        return frozenset({str(node).rsplit("#", 1)[-1]})

    return classes(graph.value(prop, RDFS.domain)), classes(graph.value(prop, RDFS.range))


def _quotes(extraction: Extraction, entities: list[Entity], referent: dict[int, int]) -> tuple[AttributedQuote, ...]:
    found = []
    for quote in extraction.quotes:
        speaker = referent.get(quote.speaker) if quote.speaker is not None else None
        if speaker is not None and entities[speaker].type not in (PERSON, ORGANIZATION):
            speaker = None
        mention = extraction.mentions[quote.speaker] if speaker is not None else None
        rule = quote.rule if speaker is not None else "quote:no-speaker"
        found.append(AttributedQuote(quote.start, quote.end, quote.text, quote.sentence, speaker, mention, rule, quote.partial))
    return tuple(found)


def _attributions(extraction: Extraction, referent: dict[int, int], entities: list[Entity]) -> tuple[ResolvedAttribution, ...]:
    """Each attribution's source, addressee and the entities its content mentions, as entities.
    A pronoun source resolves as a quote's speaker does; a source the text describes keeps its
    words and, when it names one, the organization or country it belongs to."""
    def entity(mention: int | None) -> int | None:
        return referent.get(mention) if mention is not None else None

    by_start = mentions_by_start(extraction.mentions)
    found, last = [], None  # last: (entity, end) of the latest attribution with a person for source
    for attribution in extraction.attributions:
        source = entity(attribution.source)
        if source is None and attribution.source is not None and extraction.mentions[attribution.source].kind == PRONOUN:
            attribution = replace(attribution, source_text=None)  # 'he' nobody resolves is no described source
            pronoun = extraction.mentions[attribution.source].text.casefold()
            wanted = {"he": "male", "she": "female"}.get(pronoun)
            if last is not None and attribution.start - last[1] < SPEAKER_CARRIES_OVER and wanted is not None \
                    and _gender(entities[last[0]]) in (None, wanted):
                # '..., Doe said. ... he added': the speaker reported just before goes on
                source = last[0]
                attribution = replace(attribution, rule=attribution.rule + "+previous-speaker")
        if source is not None and entities[source].type == PERSON:
            last = (source, attribution.end)
        about = sorted({referent[i] for i in mentions_within(by_start, extraction.mentions, attribution.start, attribution.end)
                        if i in referent})
        found.append(ResolvedAttribution(
            attribution, source, extraction.mentions[attribution.source] if source is not None else None,
            entity(attribution.source_organization), entity(attribution.source_named), entity(attribution.addressee),
            tuple(about), extraction.times[attribution.date] if attribution.date is not None else None))
    return tuple(found)
