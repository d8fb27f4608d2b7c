"""What each name of the store stands for, decided from what the articles wrote: the person a
short name is (or none, or unresolved), the class of a name, the one person a name without its
middle initial is."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rdflib import RDFS, URIRef

from ...lexicon import epithet_end, gazetteer, given_name_key, given_names, name_suffixes, normalize_name, surname_key, words
from ...namespaces import PREFIXES, entity_iri, sparql_string
from ...resources import entity_classes, ontology
from ..base import select
from .context import Context, Said
from .stored import KGO, PERSON, Occurrence, SparqlStore, text_of, values_clause


@dataclass(frozen=True)
class Candidates:
    """The persons of the store a one-word name may stand for."""

    nodes: list[str]
    by_surname: bool  # it is their surname (else their given name)
    known: bool  # one of them, by surname, is a person the gazetteer knows


@dataclass(frozen=True)
class Target:
    node: str
    node_class: str


_INITIAL = re.compile(r"^[A-Z]\.?$")

# A name written alone that the article does not tie to one of the store's persons who bear it
# stands for the one the store's articles write it alone for far more than for all the others
# together ('Trump' in 2016 news): a reader takes it so. At least this share of those articles,
# and this many of them, so that a handful of articles decides nothing.
_USUAL_SHARE = 0.9
_USUAL_ARTICLES = 10


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


class Decisions:
    """What every name fetched stands for, decided from what the articles wrote."""

    def __init__(self, store: SparqlStore, occurrences: list[Occurrence], wanted: set[str] | None, every: set[str]):
        self.store, self.wanted = store, wanted
        self.full_names = {label.lower() for label in every if " " in label}
        self.by_name: dict[str, list[Occurrence]] = defaultdict(list)
        for occurrence in occurrences:
            self.by_name[occurrence.label.lower()].append(occurrence)
        self.context = Context(store)
        self._usual_of: dict[tuple[str, tuple[str, ...]], str | None] = {}

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
        if _joins_two_known_names(words):
            return True
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

    def candidates(self, word: str) -> Candidates:
        """The persons a one-word name may stand for: those it is the surname of, else (for a
        given name) those it is the given name of."""
        by_surname = {name: self.persons[name] for name in self._by_part.get(("surname", word), [])}
        if by_surname:
            return Candidates(sorted(set(by_surname.values())), True, any(self._known(name) for name in by_surname))
        by_given = {name: self.persons[name] for name in self._by_part.get(("given", word), [])}
        if by_given and word.title() in given_names():
            return Candidates(sorted(set(by_given.values())), False, False)
        return Candidates([], False, False)

    # --- every occurrence's target ------------------------------------------------------------

    def targets(self) -> dict[str, list[tuple[Occurrence, Target]]]:
        by_graph: dict[str, list[tuple[Occurrence, Target]]] = defaultdict(list)
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

    def _full_name_targets(self, name: str, occurrences: list[Occurrence]) -> list[tuple[Occurrence, Target]]:
        decided = self.classes(name)
        person = self.persons.get(name)
        targets = []
        for occurrence in occurrences:
            if occurrence.known:
                targets.append((occurrence, Target(occurrence.node, occurrence.node_class)))
                continue
            node_class = decided[occurrence.own_class]
            node = person if node_class == PERSON and person else str(entity_iri(node_class, occurrence.label))
            targets.append((occurrence, Target(node, node_class)))
        return targets

    def _one_word_targets(self, word: str, occurrences: list[Occurrence]) -> list[tuple[Occurrence, Target]]:
        candidates = self.candidates(word)
        decided = self.classes(word)
        targets = []
        for occurrence in occurrences:
            if occurrence.known or occurrence.named_in_full:
                targets.append((occurrence, Target(occurrence.node, occurrence.node_class)))
                continue
            if occurrence.own_class == PERSON and (candidates.nodes or word.title() in given_names()):
                node_class = PERSON  # the surname of a person of the store; "Chad said": a given name
            else:
                node_class = decided[occurrence.own_class]
            if node_class != PERSON:
                if occurrence.label in _BODY_SHORT_FORMS:
                    # 'the Senate' its article did not tie to the gazetteer's body is a state's or
                    # a country's senate of that article's, not one store-wide 'Senate' of all
                    targets.append((occurrence, Target(_article_own_iri(occurrence, node_class), node_class)))
                    continue
                targets.append((occurrence, Target(str(entity_iri(node_class, occurrence.label)), node_class)))
                continue
            chosen = self._choose(occurrence, candidates)
            if chosen is None and candidates.nodes and not candidates.by_surname:
                # a given name alone that points at none of the store's people of that name is
                # someone of its article's, not a store-wide 'Bob' that gathers every other Bob
                chosen = _UNRESOLVED
            if chosen is _UNRESOLVED:
                targets.append((occurrence, Target(_unresolved_iri(occurrence), PERSON)))
            else:
                targets.append((occurrence, Target(chosen or str(entity_iri(PERSON, occurrence.label)), PERSON)))
        return targets

    def _choose(self, occurrence: Occurrence, candidates: Candidates) -> str | None:
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
        if named_here:
            # the article kept the surname apart from the one it names in full (its own
            # resolution missed as often as not): another of that name only by their titles or
            # names the article gives, not by the company they keep
            fitting = [c for c in fitting if scores[c][:2] != (0, 0)]
            if not fitting:
                return _UNRESOLVED
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
            # the context does not say which one: the one the store's articles mean by the name
            # alone, when they mean one by far; else unresolved
            usual = self._usual(occurrence.label, candidates.nodes)
            return usual if usual in winners else _UNRESOLVED
        return winners[0]

    def _usual(self, word: str, nodes: list[str]) -> str | None:
        """The person the store's articles write `word` alone for (a short name of theirs the
        article ties to them: an alias of the node it names in full) far more than for all the
        other `nodes` together; None when none is."""
        key = (word.lower(), tuple(nodes))
        if key not in self._usual_of:
            node_of = {label: node for node in nodes for label in self.person_labels[node]}
            articles: Counter[str] = Counter()
            if node_of:
                for row in select(self.store, f"""
                        SELECT ?full (COUNT(DISTINCT ?g) AS ?articles) WHERE {{ {values_clause("?full", node_of)}
                          GRAPH ?g {{ ?n rdfs:label ?full ; skos:altLabel ?alone FILTER (LCASE(STR(?alone)) = {sparql_string(word.lower())}) }}
                        }} GROUP BY ?full"""):
                    articles[node_of[text_of(row["full"])]] += int(text_of(row["articles"]))
            ranked = articles.most_common(1)
            total = sum(articles.values())
            usual = ranked[0][0] if ranked and ranked[0][1] >= max(_USUAL_ARTICLES, _USUAL_SHARE * total) else None
            self._usual_of[key] = usual
        return self._usual_of[key]

    def _score(self, here: Said, candidate: str) -> tuple[int, int, int]:
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


def _unresolved_iri(occurrence: Occurrence) -> str:
    """The node of a name several persons of the store may bear and the article does not say
    which: its own article's (person:clinton--ARTICLE), so that no store-wide node gathers them."""
    return _article_own_iri(occurrence, PERSON)


def _article_own_iri(occurrence: Occurrence, node_class: str) -> str:
    return f"{entity_iri(node_class, occurrence.label)}{_UNRESOLVED_MARK}{occurrence.graph.rsplit('/', 1)[-1]}"


# ontology/lexicon/body_short_forms.tsv: the one-word names of a state's bodies ('Senate'), which
# resolve ties to the gazetteer's body only where the article says whose
_BODY_SHORT_FORMS = words("body_short_forms", "short")


def _classes(occurrences: list[Occurrence], *, one_word: bool, person_by_gazetteer: bool) -> dict[str, str]:
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


def _joins_two_known_names(words: list[str]) -> bool:
    """Whether a name of three words or more opens with the given name or surname of a person
    the gazetteer knows and ends with the given name of another, which is no surname it knows:
    words joining two people's names ('Bill Slams Hillary'), not a person's name."""
    known = gazetteer()
    first, last = words[0].title(), words[-1].title()
    opens = first in known.people_given_names or normalize_name(first) in known.person_surnames
    return opens and last in known.people_given_names and normalize_name(last) not in known.person_surnames


def _majority(counts: Counter[str]) -> str | None:
    """The one most frequent; None when none is, or when two are as frequent."""
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


@lru_cache(maxsize=1)
def _place_classes() -> frozenset[str]:
    """Place and the classes the ontology makes kinds of place (City, Country)."""
    place = URIRef(KGO + "Place")
    return frozenset(name for name in entity_classes()
                     if place in ontology().transitive_objects(URIRef(KGO + name), RDFS.subClassOf))


def _no_merges(decided: list[tuple[Occurrence, Target]]) -> list[tuple[Occurrence, Target]]:
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
                target = Target(_unresolved_iri(occurrence), PERSON)
            else:
                target = Target(occurrence.own, occurrence.own_class)
        kept.append((occurrence, target))
    return kept
