"""What an article says around a node it names, and what the store says around a person it names
in full: the evidence linking weighs when several persons fit a name."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ...lexicon import given_name_key, honorific_genders, name_genders, pronoun_genders, surname_key, titles
from ..base import select
from .stored import Occurrence, SparqlStore, text_of, values_clause


@dataclass
class Said:
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


class Context:
    """What the store says around a node (one query per article node) and around a person (one
    query per person, over the articles naming them in full). Only what articles wrote is read:
    labels, titles, mentions' words, headlines."""

    def __init__(self, store: SparqlStore):
        self.store = store
        self._occurrences: dict[tuple[str, str], Said] = {}
        self._persons: dict[str, Said] = {}

    def occurrence(self, occurrence: Occurrence) -> Said:
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
                said[text_of(row["kind"])].append(text_of(row["value"]))
            others = said["other"]
            words = {o.lower() for o in [*others, *said["alias"]] if " " not in o}
            for headline in said["headline"]:
                words |= _headline_names(headline)
            self._occurrences[key] = Said(
                titles=_titles([*said["title"], *said["position"]]),
                company=frozenset(o.lower() for o in others),
                gender=_gender(said["title"], said["word"]),
                other_full_names=frozenset(o for o in others if " " in o),
                words=frozenset(words),
            )
        return self._occurrences[key]

    def person(self, node: str, labels: set[str]) -> Said:
        if node not in self._persons:
            rows = select(self.store, f"""
                SELECT DISTINCT ?kind ?value WHERE {{ {values_clause("?full", labels)} GRAPH ?g {{
                  ?n rdfs:label ?full .
                  {{ ?m itsrdf:taIdentRef ?n ; kgo:title ?value BIND ("title" AS ?kind) }}
                  UNION {{ ?n kgo:holdsPosition/rdfs:label ?value BIND ("position" AS ?kind) }}
                  UNION {{ ?a kgo:mentions ?o . ?o rdfs:label ?value BIND ("other" AS ?kind) }}
                }} }}""")
            said: dict[str, list[str]] = defaultdict(list)
            for row in rows:
                said[text_of(row["kind"])].append(text_of(row["value"]))
            given = {given_name_key(label) for label in labels} - {None}
            genders = {name_genders().get(name.title()) for name in given if name} - {None}
            gender = genders.pop() if len(genders) == 1 else None
            self._persons[node] = Said(
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
