"""Link across articles: one node per entity in the whole store.

Within an article, resolve joins a surname to the full name the same article gives. This step
works across articles, after they are stored:

- a name of one word ("Trump", "Hillary") stands for the one person the store names in full with
  it as surname (else as given name). When several fit (Bill and Hillary Clinton), the article
  decides: the gender its pronouns and honorifics show, a title or office the person holds, the
  full names its headline and its other names give, the entities it mentions beside them. When
  it does not, the name stays unresolved: a node of that article alone, never a store-wide
  `person:clinton` that every undecided "Clinton" of every article would pile into;
- one class per name across the store: where articles type the same name differently ("Trump" an
  organization in one, "Twitter" a person in another) a gazetteer entry wins (the name's own, or
  a person of the gazetteer whose surname it is), else the class most articles give it;
- a full name without its middle initial ("Harry Reid") is the one person the store names with
  one ("Harry M. Reid").

The result is a function of the *set* of articles in the store, never of their order:

- an article's own words are never rewritten: its graph keeps the name as the node's rdfs:label
  and the class the article gave it as its mentions' itsrdf:taClassRef, so the node it would have
  had alone (entity_iri(class, label)) can always be recomputed. The node's rdf:type is the
  store's class for it;
- decisions read only what articles wrote (labels, mention classes, titles, pronouns, headlines,
  the names around), never a node's IRI, so linking cannot feed on its own output;
- each time the store changes, every name that shares a key (kg.lexicon.name_keys) with a name
  of the changed articles is decided again from scratch, so a link whose support is removed goes
  back to the article's own node.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Protocol

from rdflib import RDFS, URIRef

from ..lexicon import epithet_end, given_name_key, given_names, honorific_genders, name_genders, name_keys, name_suffixes, pronoun_genders, surname_key, titles
from ..namespaces import PREFIXES, entity_iri, sparql_string
from ..resources import entity_classes, ontology
from .base import select

if TYPE_CHECKING:
    from .base import QueryAnswer

PERSON = "Person"
_KGO = PREFIXES["kgo"]
_RDF_TYPE = PREFIXES["rdf"] + "type"


class SparqlStore(Protocol):
    def query(self, sparql: str) -> QueryAnswer: ...
    def update_graph(self, graph_iri: str, sparql: str, *, nodes: Sequence[str] = ()) -> None: ...


@dataclass(frozen=True)
class Link:
    """One article's node whose store-wide node changed: to another entity, or back to its own."""

    graph: str
    node: str  # the node in the article graph before this change
    target: str  # the node after it
    name: str  # the article's name for it (its rdfs:label there)


@dataclass(frozen=True)
class _Occurrence:
    """An entity node of one article graph, as the article wrote it and as it stands now."""

    graph: str
    node: str  # its IRI in the graph now
    label: str  # the article's name for it
    own_class: str  # the class the article gave it (its mentions' itsrdf:taClassRef)
    node_class: str  # its rdf:type in the graph now
    mentions: int
    known: bool  # the gazetteer knows it (owl:sameAs)
    named_in_full: bool = False  # a one-word label the article also writes longer ("Xi", "Xi Jinping")

    @property
    def own(self) -> str:
        return str(entity_iri(self.own_class, self.label))


@dataclass(frozen=True)
class _Candidates:
    """The persons of the store a one-word name may stand for."""

    nodes: list[str]
    by_surname: bool  # it is their surname (else their given name)
    known: bool  # one of them, by surname, is a person the gazetteer knows


@dataclass(frozen=True)
class _Target:
    node: str
    node_class: str


def names_in_graph(store: SparqlStore, graph: str) -> set[str]:
    """The linking keys (kg.lexicon.name_keys) of every entity an article's graph names."""
    rows = select(store, f"SELECT DISTINCT ?label WHERE {{ GRAPH <{graph}> {{ ?n a ?class ; rdfs:label ?label }} {_ENTITY_CLASSES} }}")
    return {key for row in rows for key in name_keys(_value(row["label"]))}


def relink(store: SparqlStore, keys: Iterable[str] | None = None) -> list[Link]:
    """Decide again every name sharing one of `keys` (kg.lexicon.name_keys; every name when
    None) and rewrite the article graphs whose decision changed, one transaction per graph."""
    wanted = None if keys is None else {key.lower() for key in keys}
    if wanted is not None and not wanted:
        return []
    every = _every_label(store)
    labels = _labels(every, wanted)
    if not labels:
        return []
    occurrences = _occurrences(store, labels if wanted is not None else None)
    decisions = _Decisions(store, occurrences, wanted, every)
    links: list[Link] = []
    renames: dict[str, list[tuple[_Occurrence, _Target]]] = defaultdict(list)
    for graph, decided in sorted(decisions.targets().items()):
        for occurrence, target in decided:
            if (target.node, target.node_class) != (occurrence.node, occurrence.node_class):
                renames[graph].append((occurrence, target))
                links.append(Link(graph, occurrence.node, target.node, occurrence.label))
    for graph, changes in sorted(renames.items()):
        update, nodes = _renames(graph, changes)
        store.update_graph(graph, update, nodes=nodes)
    return links


_ENTITY_CLASSES = "VALUES ?class { " + " ".join(f"kgo:{name}" for name in entity_classes()) + " }"
_FILTER_IN_STORE_UP_TO = 2000  # names; beyond that one scan of the store costs less than a long VALUES


def _every_label(store: SparqlStore) -> set[str]:
    """Every entity name of the store, each once however many articles use it: the cost follows
    the names in the store, not the articles repeating them."""
    rows = select(store, f"SELECT DISTINCT ?label WHERE {{ ?n a ?class ; rdfs:label ?label {_ENTITY_CLASSES} }}")
    return {_value(row["label"]) for row in rows}


def _labels(every: set[str], wanted: set[str] | None) -> set[str]:
    """The names of the store that share a key with `wanted` (all when None), and, for the full
    names among them, every name sharing their surname: what deciding them reads."""
    if wanted is None:
        return set(every)
    surnames = set(wanted)
    for label in every:
        if not name_keys(label).isdisjoint(wanted) and (surname := surname_key(label)):
            surnames.add(surname)
    return {label for label in every if not name_keys(label).isdisjoint(surnames)}


def _occurrences(store: SparqlStore, labels: set[str] | None) -> list[_Occurrence]:
    """Every node of an article graph named by one of `labels` (every entity node when None)."""
    scan = labels is None or len(labels) > _FILTER_IN_STORE_UP_TO  # then one scan of the store, filtered here
    values = "" if scan or labels is None else _values("?label", labels)
    rows = select(store, f"""
        SELECT ?g ?n ?label ?class ?own (COUNT(DISTINCT ?m) AS ?mentions) (SAMPLE(?same) AS ?known) WHERE {{
          {values}
          GRAPH ?g {{
            ?n rdfs:label ?label ; a ?class .
            ?m itsrdf:taIdentRef ?n ; itsrdf:taClassRef ?own .
            OPTIONAL {{ ?n owl:sameAs ?same }}
          }}
          {_ENTITY_CLASSES}
        }} GROUP BY ?g ?n ?label ?class ?own""")
    found = [_Occurrence(_value(row["g"]), _value(row["n"]), _value(row["label"]), _local(row["own"]), _local(row["class"]),
                         int(_value(row["mentions"])), row["known"] is not None) for row in rows]
    one_word = None if scan or labels is None else {label for label in labels if " " not in label}
    full: set[tuple[str, str]] = set()
    if one_word is None or one_word:
        # A one-word name its article also writes longer ("Xi" beside "Xi Jinping") is named in full there.
        values = "" if one_word is None else _values("?label", one_word)
        rows = select(store, f"""
            SELECT ?g ?n ?alt WHERE {{
              {values}
              GRAPH ?g {{ ?n rdfs:label ?label ; skos:altLabel ?alt }}
              FILTER (!CONTAINS(STR(?label), " ") && CONTAINS(STR(?alt), " "))
            }}""")
        full = {(_value(r["g"]), _value(r["n"])) for r in rows if " " in _name_part(_value(r["alt"]))}
    if labels is not None:
        found = [o for o in found if o.label in labels]
    return sorted((_with_full(o) if (o.graph, o.node) in full else o for o in found), key=_order)


def _values(variable: str, strings: Iterable[str]) -> str:
    return f"VALUES {variable} {{ " + " ".join(sparql_string(s) for s in sorted(strings)) + " }"


def _with_full(occurrence: _Occurrence) -> _Occurrence:
    return _Occurrence(occurrence.graph, occurrence.node, occurrence.label, occurrence.own_class, occurrence.node_class,
                       occurrence.mentions, occurrence.known, named_in_full=True)


def _order(occurrence: _Occurrence) -> tuple[str, str, str]:
    return occurrence.graph, occurrence.label, occurrence.own_class


def _name_part(label: str) -> str:
    """A name without the epithet that makes a nickname of it ("Crooked Hillary" → "Hillary")."""
    return label[epithet_end(label):]


_INITIAL = re.compile(r"^[A-Z]\.?$")


def _middle_initial_form(label: str) -> tuple[str, str] | None:
    """(given name, surname) of a name with middle initials ("Harry M. Reid", "George H. W. Bush")."""
    words = label.split()
    surname, given = surname_key(label), given_name_key(label)
    if len(words) < 3 or not surname or not given or words[0].lower() != given:
        return None
    middle = [w for w in words[1:] if w.lower() != surname]
    if not middle or not all(_INITIAL.match(w) for w in middle) or len(middle) != len(words) - 2:
        return None
    return given, surname


class _Decisions:
    """What every name fetched stands for, decided from what the articles wrote."""

    def __init__(self, store: SparqlStore, occurrences: list[_Occurrence], wanted: set[str] | None, every: set[str]):
        self.store, self.wanted = store, wanted
        self.full_names = {label.lower() for label in every if " " in label}
        self.by_name: dict[str, list[_Occurrence]] = defaultdict(list)
        for occurrence in occurrences:
            self.by_name[occurrence.label.lower()].append(occurrence)
        self.context = _Context(store)

    # --- names of several words: their class, and the person a middle initial names ----------

    def classes(self, name: str) -> dict[str, str]:
        """For a name, the class the store gives each class articles gave it (see _classes); a
        one-word name that is the surname of a person the gazetteer knows is that person's."""
        occurrences = self.by_name[name]
        one_word = " " not in name
        return _classes(occurrences, one_word=one_word, person_by_gazetteer=one_word and self.candidates(name).known)

    @cached_property
    def persons(self) -> dict[str, str]:
        """Every full name of a person in the store (lower-cased; no nickname) -> its node. A name
        without its middle initial and the one name of the store with it are one person, whose
        node is the gazetteer's if it knows either, else the one of the form more articles write
        (the fuller one when as many)."""
        found: dict[str, str] = {}
        for name, occurrences in self.by_name.items():
            if " " not in name or epithet_end(occurrences[0].label) or self._phrase_around_a_name(name):
                continue
            decided = self.classes(name)
            if any(o.own_class == PERSON if o.known or o.named_in_full else decided[o.own_class] == PERSON for o in occurrences):
                found[name] = str(entity_iri(PERSON, occurrences[0].label))
        with_initials: dict[tuple[str, str], list[str]] = defaultdict(list)
        for name in found:
            if (form := _middle_initial_form(name.title())) is not None:
                with_initials[form].append(name)
        for name in list(found):
            given, surname = given_name_key(name), surname_key(name)
            fuller = with_initials.get((given or "", surname or ""), []) if len(name.split()) == 2 else []
            if len(fuller) == 1:  # "Harry Reid" is the one "Harry M. Reid" of the store
                (other,) = fuller
                if self._known(name) or (not self._known(other) and self._articles(name) > self._articles(other)):
                    found[other] = found[name]
                else:
                    found[name] = found[other]
        return found

    def _articles(self, name: str) -> int:
        return len({o.graph for o in self.by_name[name]})

    def _phrase_around_a_name(self, name: str) -> bool:
        """Whether a full name is words around another name of the store rather than a person's
        name ("Ben Carson Slams Hillary", "Rip Donald Trump"): it holds another name of two words
        or more, at its start or, when that name opens with a given name, anywhere after it
        ("Debbie Wasserman Schultz" holds "Wasserman Schultz" and is a name). Suffixes do not
        count ("Donald Trump Jr.")."""
        words = name.split()
        if len(words) < 3:
            return False
        for size in range(2, len(words)):
            for start in range(len(words) - size + 1):
                inner = " ".join(words[start:start + size])
                rest = words[:start] + words[start + size:]
                if inner not in self.full_names or all(w in name_suffixes() for w in rest):
                    continue
                if start == 0 or words[start].title() in given_names():
                    return True
        return False

    def _known(self, name: str) -> bool:
        return any(o.known for o in self.by_name[name])

    @cached_property
    def person_labels(self) -> dict[str, set[str]]:
        """Each person's node -> the full names (as written) the store names it by."""
        labels: dict[str, set[str]] = defaultdict(set)
        for name, node in self.persons.items():
            labels[node].update(o.label for o in self.by_name[name])
        return labels

    @cached_property
    def _by_part(self) -> dict[tuple[str, str], list[str]]:
        """The persons' full names by ("surname", key) and ("given", key)."""
        found: dict[tuple[str, str], list[str]] = defaultdict(list)
        for name in self.persons:
            for part, key in (("surname", surname_key(name)), ("given", given_name_key(name))):
                if key:
                    found[(part, key)].append(name)
        return found

    def candidates(self, word: str) -> _Candidates:
        """The persons a one-word name may stand for: those it is the surname of, else (for a
        given name) those it is the given name of."""
        by_surname = {name: self.persons[name] for name in self._by_part.get(("surname", word), [])}
        if by_surname:
            return _Candidates(sorted(set(by_surname.values())), True, any(self._known(name) for name in by_surname))
        by_given = {name: self.persons[name] for name in self._by_part.get(("given", word), [])}
        if by_given and word.title() in given_names():
            return _Candidates(sorted(set(by_given.values())), False, False)
        return _Candidates([], False, False)

    # --- every occurrence's target ------------------------------------------------------------

    def targets(self) -> dict[str, list[tuple[_Occurrence, _Target]]]:
        by_graph: dict[str, list[tuple[_Occurrence, _Target]]] = defaultdict(list)
        for name, occurrences in sorted(self.by_name.items()):
            if " " in name:
                decided = self._full_name_targets(name, occurrences)
            elif self.wanted is None or name in self.wanted:
                decided = self._one_word_targets(name, occurrences)
            else:
                continue  # read only as a candidate's name; its own keys did not change
            for occurrence, target in decided:
                by_graph[occurrence.graph].append((occurrence, target))
        return {graph: _no_merges(decided) for graph, decided in by_graph.items()}

    def _full_name_targets(self, name: str, occurrences: list[_Occurrence]) -> list[tuple[_Occurrence, _Target]]:
        decided = self.classes(name)
        person = self.persons.get(name)
        targets = []
        for occurrence in occurrences:
            if occurrence.known:
                targets.append((occurrence, _Target(occurrence.node, occurrence.node_class)))
                continue
            node_class = decided[occurrence.own_class]
            node = person if node_class == PERSON and person else str(entity_iri(node_class, occurrence.label))
            targets.append((occurrence, _Target(node, node_class)))
        return targets

    def _one_word_targets(self, word: str, occurrences: list[_Occurrence]) -> list[tuple[_Occurrence, _Target]]:
        candidates = self.candidates(word)
        decided = self.classes(word)
        targets = []
        for occurrence in occurrences:
            if occurrence.known or occurrence.named_in_full:
                targets.append((occurrence, _Target(occurrence.node, occurrence.node_class)))
                continue
            if occurrence.own_class == PERSON and (candidates.nodes or word.title() in given_names()):
                node_class = PERSON  # the surname of a person of the store; "Chad said": a given name
            else:
                node_class = decided[occurrence.own_class]
            if node_class != PERSON:
                targets.append((occurrence, _Target(str(entity_iri(node_class, occurrence.label)), node_class)))
                continue
            chosen = self._choose(occurrence, candidates)
            if chosen is _UNRESOLVED:
                targets.append((occurrence, _Target(_unresolved_iri(occurrence), PERSON)))
            else:
                targets.append((occurrence, _Target(chosen or str(entity_iri(PERSON, occurrence.label)), PERSON)))
        return targets

    def _choose(self, occurrence: _Occurrence, candidates: _Candidates) -> str | None:
        """The person a one-word name stands for; None for its own node (no person of the store
        fits, or what the article says of it contradicts the only one); _UNRESOLVED when the
        article does not say which one it is, or names that one in full beside it (joining two
        nodes of one article is the article's own resolution's to do, not linking's)."""
        if not candidates.nodes:
            return None
        here = self.context.occurrence(occurrence)
        named_here = [c for c in candidates.nodes if self.person_labels[c] & here.other_full_names]
        if named_here and (len(named_here) > 1 or not candidates.by_surname):
            return _UNRESOLVED
        # A surname the article keeps apart from the one person it names in full with it is another's.
        fitting = [c for c in candidates.nodes if c not in named_here]
        if not fitting:
            return _UNRESOLVED
        if here.gender:
            fitting = [c for c in fitting if self.context.person(c, self.person_labels[c]).gender in (None, here.gender)]
        scores = {c: self._score(here, c) for c in fitting}
        if not candidates.by_surname:
            # A given name alone ("Hillary", "Bernie") stands for a person of the store only when
            # the gazetteer knows them or the article points at them (a title of theirs, their
            # full name or surname in the headline or among its names): else it is someone else's.
            fitting = [c for c in fitting if c in self.known_persons or scores[c][:2] != (0, 0)]
            if not fitting:
                return None
        if len(candidates.nodes) == 1:
            if not fitting:
                return None  # "Kelly ... she said" is not the only Kelly we know, a senator
            (only,) = fitting
            theirs = self.context.person(only, self.person_labels[only]).titles
            if here.titles and theirs and not (here.titles & theirs):
                return None  # "Kelly, the host" is not the only Kelly we know, a senator
            return only
        if len(fitting) == 1:
            return fitting[0]  # the article rules the others out
        best = max((scores[c] for c in fitting), default=(0, 0, 0))
        winners = [c for c in fitting if scores[c] == best]
        if best == (0, 0, 0) or len(winners) > 1:
            return _UNRESOLVED  # the context does not say which one
        return winners[0]

    def _score(self, here: _Said, candidate: str) -> tuple[int, int, int]:
        """How much the article says a person of the store is the one: titles they share, names
        of theirs it gives (headline, other names), entities mentioned beside both."""
        person = self.context.person(candidate, self.person_labels[candidate])
        named = sum(1 for label in self.person_labels[candidate] if here.names(label))
        return len(here.titles & person.titles), named, len(here.company & person.company)

    @cached_property
    def known_persons(self) -> set[str]:
        return {node for name, node in self.persons.items() if self._known(name)}


_UNRESOLVED = "unresolved"
_UNRESOLVED_MARK = "--"  # never in a name's slug: entity_iri joins a name's words with single hyphens


def article_local(iri: str) -> bool:
    """Whether a node is one only its article has: a name linking left unresolved
    (person:clinton--ARTICLE), or a source the article only describes (article:ID/source/N)."""
    return iri.startswith(PREFIXES["article"]) or _UNRESOLVED_MARK in iri.removeprefix(PREFIXES["kgr"])


def _unresolved_iri(occurrence: _Occurrence) -> str:
    """The node of a name several persons of the store may bear and the article does not say
    which: its own article's (person:clinton--ARTICLE), so that no store-wide node gathers them."""
    return f"{entity_iri(PERSON, occurrence.label)}{_UNRESOLVED_MARK}{occurrence.graph.rsplit('/', 1)[-1]}"


def _classes(occurrences: list[_Occurrence], *, one_word: bool, person_by_gazetteer: bool) -> dict[str, str]:
    """For a name, the class the store gives the nodes of each class articles gave it (free
    nodes only: a node the gazetteer knows, or a one-word name its article writes longer, keeps
    its own). First whether the name is a person's: as the gazetteer has it, else as most articles
    do (a tie decides nothing); a one-word name becomes a person's only by the gazetteer ("Trump",
    the surname of a person it knows), since a word alone is a name of many things. A name that
    is no person's takes the gazetteer's class, else the class most of the other articles give.
    The kinds of place (City, Country, Place) are one class too. An organization and a place of
    one name are left apart: 'Bremen' is a city and a club, 'Washington' a city and a government."""
    known = Counter(o.own_class for o in occurrences if o.known)
    free = [o for o in occurrences if not o.known and not o.named_in_full]
    decided = {o.own_class: o.own_class for o in free}
    gazetteer = _majority(known)
    if gazetteer is not None or person_by_gazetteer:
        person: bool | None = gazetteer == PERSON or (gazetteer is None and person_by_gazetteer)
    else:
        articles = Counter(o.own_class == PERSON for o in free)
        person = None if articles[True] == articles[False] else articles[True] > articles[False]
    if person and (not one_word or gazetteer == PERSON or person_by_gazetteer):
        return dict.fromkeys(decided, PERSON)
    if person is False and PERSON in decided:
        others = Counter(o.own_class for o in free if o.own_class != PERSON)
        decided[PERSON] = gazetteer if gazetteer not in (None, PERSON) else _majority(others) or PERSON
    places = [c for c, d in decided.items() if c == d and c in _place_classes()]
    if places:
        place = gazetteer if gazetteer in _place_classes() else _majority(Counter(o.own_class for o in free if o.own_class in places))
        for c in places:
            decided[c] = place or c
    return decided


def _majority(counts: Counter[str]) -> str | None:
    """The one most frequent; None when none is, or when two are as frequent."""
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


@lru_cache(maxsize=1)
def _place_classes() -> frozenset[str]:
    """Place and the classes the ontology makes kinds of place (City, Country)."""
    place = URIRef(_KGO + "Place")
    return frozenset(name for name in entity_classes()
                     if place in ontology().transitive_objects(URIRef(_KGO + name), RDFS.subClassOf))


def _no_merges(decided: list[tuple[_Occurrence, _Target]]) -> list[tuple[_Occurrence, _Target]]:
    """Two nodes of one article never become one (joining them is the article's resolution's
    to do): a target another node of the article has, or is given too, leaves a one-word name of
    a person unresolved ("Hillary" and "Clinton" of one article both taken for Hillary Clinton),
    any other node its own."""
    taken = Counter(target.node for _, target in decided)
    owns = {occurrence.own for occurrence, _ in decided}
    kept = []
    for occurrence, target in decided:
        if taken[target.node] > 1 or (target.node in owns and target.node != occurrence.own):
            if target.node_class == PERSON and " " not in occurrence.label:
                target = _Target(_unresolved_iri(occurrence), PERSON)
            else:
                target = _Target(occurrence.own, occurrence.own_class)
        kept.append((occurrence, target))
    return kept


@dataclass
class _Said:
    """What one article says around a node, or the store around a person named in full."""

    titles: frozenset[str] = frozenset()
    company: frozenset[str] = frozenset()  # the names of the entities mentioned beside it, lower-cased
    gender: str | None = None
    other_full_names: frozenset[str] = frozenset()  # other nodes' full names in the article
    words: frozenset[str] = field(default_factory=frozenset)  # other names' and the headline's words

    def names(self, full_name: str) -> bool:
        """Whether the article's headline or its other names give this person's full name, or
        their given name or surname as a name of its own ("Hillary", "Sanders")."""
        return any(name in self.words for name in (full_name.lower(), given_name_key(full_name), surname_key(full_name)) if name)


class _Context:
    """What the store says around a node (one query per article node) and around a person (one
    query per person, over the articles naming them in full). Only what articles wrote is read:
    labels, titles, mentions' words, headlines."""

    def __init__(self, store: SparqlStore):
        self.store = store
        self._occurrences: dict[tuple[str, str], _Said] = {}
        self._persons: dict[str, _Said] = {}

    def occurrence(self, occurrence: _Occurrence) -> _Said:
        key = (occurrence.graph, occurrence.node)
        if key not in self._occurrences:
            rows = select(self.store, f"""
                SELECT ?kind ?value WHERE {{ GRAPH <{occurrence.graph}> {{
                  {{ ?m itsrdf:taIdentRef <{occurrence.node}> ; kgo:title ?value BIND ("title" AS ?kind) }}
                  UNION {{ <{occurrence.node}> kgo:holdsPosition/rdfs:label ?value BIND ("position" AS ?kind) }}
                  UNION {{ ?m itsrdf:taIdentRef <{occurrence.node}> ; nif:anchorOf ?value FILTER NOT EXISTS {{ ?m kgo:nerLabel ?ner }}
                           BIND ("word" AS ?kind) }}
                  UNION {{ ?a schema:headline ?value BIND ("headline" AS ?kind) }}
                  UNION {{ ?a kgo:mentions ?o FILTER (?o != <{occurrence.node}>) ?o rdfs:label ?value BIND ("other" AS ?kind) }}
                  UNION {{ ?a kgo:mentions ?o FILTER (?o != <{occurrence.node}>) ?o skos:altLabel ?value BIND ("other" AS ?kind) }}
                  UNION {{ <{occurrence.node}> skos:altLabel ?value BIND ("alias" AS ?kind) }}
                }} }}""")
            said: dict[str, list[str]] = defaultdict(list)
            for row in rows:
                said[_value(row["kind"])].append(_value(row["value"]))
            others = said["other"]
            words = {o.lower() for o in [*others, *said["alias"]] if " " not in o}
            for headline in said["headline"]:
                words |= _headline_names(headline)
            self._occurrences[key] = _Said(
                titles=_titles([*said["title"], *said["position"]]),
                company=frozenset(o.lower() for o in others),
                gender=_gender(said["title"], said["word"]),
                other_full_names=frozenset(o for o in others if " " in o),
                words=frozenset(words),
            )
        return self._occurrences[key]

    def person(self, node: str, labels: set[str]) -> _Said:
        if node not in self._persons:
            rows = select(self.store, f"""
                SELECT DISTINCT ?kind ?value WHERE {{ {_values("?full", labels)} GRAPH ?g {{
                  ?n rdfs:label ?full .
                  {{ ?m itsrdf:taIdentRef ?n ; kgo:title ?value BIND ("title" AS ?kind) }}
                  UNION {{ ?n kgo:holdsPosition/rdfs:label ?value BIND ("position" AS ?kind) }}
                  UNION {{ ?a kgo:mentions ?o . ?o rdfs:label ?value BIND ("other" AS ?kind) }}
                }} }}""")
            said: dict[str, list[str]] = defaultdict(list)
            for row in rows:
                said[_value(row["kind"])].append(_value(row["value"]))
            given = {given_name_key(label) for label in labels} - {None}
            genders = {name_genders().get(name.title()) for name in given if name} - {None}
            gender = genders.pop() if len(genders) == 1 else None
            self._persons[node] = _Said(
                titles=_titles([*said["title"], *said["position"]]),
                company=frozenset(o.lower() for o in said["other"]) - {label.lower() for label in labels},
                gender=gender or _gender(said["title"], []),
            )
        return self._persons[node]


def _titles(found: list[str]) -> frozenset[str]:
    honorifics = {h.lower() for h in titles().honorifics}  # "Mr." says nothing of who
    return frozenset(t for t in (f.lower() for f in found) if t not in honorifics)


def _gender(found_titles: list[str], words: list[str]) -> str | None:
    """The gender the honorifics before a name show ("Mrs. Clinton"), else the pronouns that
    stand for it, when they agree by far (the pronouns are resolved by rule, and not always right)."""
    by_honorific = Counter(g for t in found_titles if (g := honorific_genders().get(t.lower())))
    by_pronoun = Counter(g for w in words if (g := pronoun_genders().get(w.lower())))
    for counts in (by_honorific, by_pronoun):
        if counts:
            (first, n), *rest = counts.most_common()
            second = rest[0][1] if rest else 0
            if n >= 2 * second + (1 if counts is by_pronoun else 0):
                return first
    return None


def _headline_names(headline: str) -> set[str]:
    """The capitalized words of a headline and the names of two or three of them, lower-cased."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", headline)
    capitalized = [w.rstrip("'’.").removesuffix("'s").removesuffix("’s") for w in words if w[:1].isupper()]
    found = {w.lower() for w in capitalized}
    for size in (2, 3):
        found |= {" ".join(capitalized[i:i + size]).lower() for i in range(len(capitalized) - size + 1)}
    return found


def _renames(graph: str, changes: list[tuple[_Occurrence, _Target]]) -> tuple[str, list[str]]:
    """One update moving every changed node of `graph` to its target, with the target's class,
    and the nodes whose triples it changes. When a target is another changed node's present
    IRI, every node passes through a temporary IRI first, so that no two are merged on the way."""
    present = {occurrence.node for occurrence, _ in changes}
    steps: list[tuple[str, str, str | None]] = []
    if any(target.node in present for _, target in changes):
        passing = [f"{occurrence.node}#relinking-{number}" for number, (occurrence, _) in enumerate(changes)]
        steps += [(occurrence.node, temporary, None) for (occurrence, _), temporary in zip(changes, passing, strict=True)]
        steps += [(temporary, target.node, target.node_class) for (_, target), temporary in zip(changes, passing, strict=True)]
    else:
        steps = [(occurrence.node, target.node, target.node_class) for occurrence, target in changes]
    nodes = sorted({node for old, new, _ in steps for node in (old, new)})
    return " ;\n".join(_rename(graph, old, new, node_class) for old, new, node_class in steps), nodes


def _rename(graph: str, old: str, new: str, node_class: str | None) -> str:
    moves = (f"DELETE {{ GRAPH <{graph}> {{ <{old}> ?p ?o }} }} INSERT {{ GRAPH <{graph}> {{ <{new}> ?p ?o }} }} "
             f"WHERE {{ GRAPH <{graph}> {{ <{old}> ?p ?o {'FILTER (?p != <' + _RDF_TYPE + '>)' if node_class else ''} }} }} ;\n")
    if node_class:
        moves += (f"DELETE {{ GRAPH <{graph}> {{ <{old}> <{_RDF_TYPE}> ?c }} }} "
                  f"INSERT {{ GRAPH <{graph}> {{ <{new}> <{_RDF_TYPE}> <{_KGO}{node_class}> }} }} "
                  f"WHERE {{ GRAPH <{graph}> {{ <{old}> <{_RDF_TYPE}> ?c }} }} ;\n")
    return moves + (f"DELETE {{ GRAPH <{graph}> {{ ?s ?p <{old}> }} }} INSERT {{ GRAPH <{graph}> {{ ?s ?p <{new}> }} }} "
                    f"WHERE {{ GRAPH <{graph}> {{ ?s ?p <{old}> }} }}")


def _local(term: object) -> str:
    return _value(term).rsplit("#", 1)[-1]


def _value(term: object) -> str:
    return term.value if hasattr(term, "value") else str(term)
