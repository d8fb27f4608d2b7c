"""Link across articles: a person an article names only by surname ("Trump") becomes
the node of the one person the store knows by a full name ending in it ("Donald Trump").

Within an article, resolve already joins a surname to a full name the same article gives. This
step does the same across articles, after they are stored, and keeps the result a function of
the *set* of articles in the store, never of their order:

- an article's own words are never rewritten: its graph keeps the surname as the node's
  rdfs:label, so the node it would have had alone (entity_iri("Person", surname)) can always be
  recomputed;
- a full name counts as support only when some article writes it as a person's rdfs:label, which
  surname-only nodes never do, so linking cannot feed on its own output;
- each time the store changes, every affected surname is decided again from scratch, so a link
  whose support is removed goes back to the article's own node.

Two or more people with the surname stay apart unless the context picks one: a title or office
they share with the surname-only mention, else the entities both are mentioned with. A title that
contradicts the only candidate's titles also keeps them apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..lexicon import person_key, surname_key, titles
from ..namespaces import entity_iri, sparql_string
from .base import select

if TYPE_CHECKING:
    from .base import QueryAnswer


class SparqlStore(Protocol):
    def query(self, sparql: str) -> QueryAnswer: ...
    def update_graph(self, graph_iri: str, sparql: str) -> None: ...


@dataclass(frozen=True)
class Link:
    """One article's surname-only person and the node it now stands for."""

    graph: str
    node: str  # the node in the article graph before this change
    target: str  # the node after it (a full-name person, or the article's own node again)
    surname: str


def persons_in_graph(store: SparqlStore, graph: str) -> set[str]:
    """The surnames (lower-cased) of every person an article's graph names."""
    rows = select(store, f"SELECT DISTINCT ?label WHERE {{ GRAPH <{graph}> {{ ?p a kgo:Person ; rdfs:label ?label }} }}")
    return {person_key(_value(row["label"])) for row in rows}


def relink(store: SparqlStore, surnames: Iterable[str] | None = None) -> list[Link]:
    """Decide again every surname-only person with one of `surnames` (all when None) and
    rewrite the article graphs whose decision changed, one transaction per graph."""
    wanted = None if surnames is None else {s.lower() for s in surnames}
    if wanted is not None and not wanted:
        return []
    short = _surname_only(store, wanted)
    if not short:
        return []
    keys = {label.lower() for _, _, label in short}
    candidates = _full_names(store, keys)
    context = _Context(store)
    links: list[Link] = []
    for graph, node, label in short:
        own = str(entity_iri("Person", label))
        target = _choose(graph, node, candidates.get(label.lower(), ()), context) or own
        if target != node:
            links.append(Link(graph, node, target, label.lower()))
    by_graph: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        by_graph[link.graph].append(link)
    for graph, changes in sorted(by_graph.items()):
        store.update_graph(graph, " ;\n".join(_rename(graph, c.node, c.target) for c in changes))
    return links


# The one-word names are found in the default graph first (each node and name once, however many
# articles use them), and only then in the article graphs that give them: the cost follows the
# distinct names in the store, not the articles repeating them.
_SURNAME_ONLY = """
SELECT DISTINCT ?g ?n ?label WHERE {
  { SELECT DISTINCT ?n ?label WHERE { ?n rdfs:label ?label . FILTER (!CONTAINS(STR(?label), " ")%s) ?n a kgo:Person } }
  GRAPH ?g {
    ?n a kgo:Person ; rdfs:label ?label .
    FILTER NOT EXISTS { ?n skos:altLabel ?alt . FILTER (CONTAINS(STR(?alt), " ")) }
  }
}
"""
_FILTER_IN_STORE_UP_TO = 500  # surnames; beyond that one scan filtered here costs less than a long IN


def _surname_only(store: SparqlStore, wanted: set[str] | None) -> list[tuple[str, str, str]]:
    """Every (graph, node, surname) of a person an article names by surname only; with `wanted`,
    only those surnames (filtered in the store, so a big store is not read into Python)."""
    condition = ""
    if wanted is not None and len(wanted) <= _FILTER_IN_STORE_UP_TO:
        # Surnames are compared lower-cased, as SPARQL's LCASE does.
        condition = " && LCASE(STR(?label)) IN (" + ", ".join(sparql_string(key) for key in sorted(wanted)) + ")"
    rows = select(store, _SURNAME_ONLY % condition)
    found = ((_value(r["g"]), _value(r["n"]), _value(r["label"])) for r in rows)
    return sorted(row for row in found if wanted is None or row[2].lower() in wanted)


def _full_names(store: SparqlStore, keys: set[str]) -> dict[str, tuple[str, ...]]:
    rows = select(
        store, 'SELECT DISTINCT ?p ?label WHERE { ?p a kgo:Person ; rdfs:label ?label . FILTER (CONTAINS(STR(?label), " ")) }'
    )
    found: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        key = surname_key(_value(row["label"]))
        if key in keys:
            found[key].add(_value(row["p"]))
    return {key: tuple(sorted(nodes)) for key, nodes in found.items()}


class _Context:
    """What the store says around a node: its titles and offices, and the entities mentioned
    beside it. A candidate is seen only through the articles that name it in full, and company
    leaves out surname-only people, so that no decision depends on an earlier link."""

    def __init__(self, store: SparqlStore):
        self.store = store
        self._titles: dict[tuple[str | None, str], frozenset[str]] = {}
        self._company: dict[tuple[str | None, str], frozenset[str]] = {}

    def _scope(self, node: str, graph: str | None) -> str:
        if graph:
            return f"BIND (<{graph}> AS ?g)"
        return f'GRAPH ?g {{ <{node}> rdfs:label ?full . FILTER (CONTAINS(STR(?full), " ")) }}'

    def titles(self, node: str, graph: str | None = None) -> frozenset[str]:
        key = (graph, node)
        if key not in self._titles:
            rows = select(
                self.store, f"""SELECT DISTINCT ?t WHERE {{ {self._scope(node, graph)}
                      GRAPH ?g {{ {{ ?m itsrdf:taIdentRef <{node}> ; kgo:title ?t }}
                                  UNION {{ <{node}> kgo:holdsPosition/rdfs:label ?t }} }} }}"""
            )
            honorifics = {h.casefold() for h in titles().honorifics}  # "Mr." says nothing of who
            self._titles[key] = frozenset(t for r in rows if (t := _value(r["t"]).casefold()) not in honorifics)
        return self._titles[key]

    def company(self, node: str, graph: str | None = None) -> frozenset[str]:
        key = (graph, node)
        if key not in self._company:
            rows = select(
                self.store, f"""SELECT DISTINCT ?other WHERE {{ {self._scope(node, graph)}
                      GRAPH ?g {{ ?a kgo:mentions ?other .
                        FILTER NOT EXISTS {{ ?other a kgo:Person ; rdfs:label ?l . FILTER (!CONTAINS(STR(?l), " ")) }} }}
                      FILTER (?other != <{node}>) }}"""
            )
            self._company[key] = frozenset(_value(r["other"]) for r in rows)
        return self._company[key]


def _choose(graph: str, node: str, candidates: tuple[str, ...], context: _Context) -> str | None:
    if not candidates:
        return None
    own_titles = context.titles(node, graph)
    if len(candidates) == 1:
        (only,) = candidates
        theirs = context.titles(only)
        if own_titles and theirs and not (own_titles & theirs):
            return None  # "Kelly, the host" is not the only Kelly we know, a senator
        return only
    scores = {}
    for candidate in candidates:
        shared_titles = len(own_titles & context.titles(candidate))
        shared_company = len(context.company(node, graph) & context.company(candidate))
        scores[candidate] = (shared_titles, shared_company)
    best = max(scores.values())
    winners = [c for c, s in scores.items() if s == best]
    if best == (0, 0) or len(winners) > 1:
        return None  # the context does not say which one: keep them apart
    return winners[0]


def _rename(graph: str, old: str, new: str) -> str:
    return (
        f"DELETE {{ GRAPH <{graph}> {{ <{old}> ?p ?o }} }} INSERT {{ GRAPH <{graph}> {{ <{new}> ?p ?o }} }} "
        f"WHERE {{ GRAPH <{graph}> {{ <{old}> ?p ?o }} }} ;\n"
        f"DELETE {{ GRAPH <{graph}> {{ ?s ?p <{old}> }} }} INSERT {{ GRAPH <{graph}> {{ ?s ?p <{new}> }} }} "
        f"WHERE {{ GRAPH <{graph}> {{ ?s ?p <{old}> }} }}"
    )


def _value(term: object) -> str:
    return term.value if hasattr(term, "value") else str(term)
