"""What linking reads of the store: the entity nodes of the article graphs, as the articles wrote
them (name, class, mentions) and as they stand now."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ...lexicon import epithet_end, name_keys, surname_key
from ...namespaces import PREFIXES, entity_iri, sparql_string
from ...resources import entity_classes
from ..base import select

if TYPE_CHECKING:
    from ..base import QueryAnswer

PERSON = "Person"
KGO = PREFIXES["kgo"]


class SparqlStore(Protocol):
    def query(self, sparql: str) -> QueryAnswer: ...
    def update_graph(self, graph_iri: str, sparql: str, *, nodes: Sequence[str] = ()) -> None: ...


@dataclass(frozen=True)
class Occurrence:
    """An entity node of one article graph, as the article wrote it and as it stands now."""

    graph: str
    node: str  # its IRI in the graph now
    label: str  # the article's name for it
    own_class: str  # the class the article gave it (its mentions' itsrdf:taClassRef)
    node_class: str  # its rdf:type in the graph now
    known: bool  # the gazetteer knows it (owl:sameAs)
    named_in_full: bool = False  # a one-word label the article also writes longer ("Xi", "Xi Jinping")

    @property
    def own(self) -> str:
        return str(entity_iri(self.own_class, self.label))


ENTITY_CLASSES = "VALUES ?class { " + " ".join(f"kgo:{name}" for name in entity_classes()) + " }"
_FILTER_IN_STORE_UP_TO = 2000  # names; beyond that one scan of the store costs less than a long VALUES


def every_label(store: SparqlStore) -> set[str]:
    """Every entity name of the store, each once however many articles use it: the cost follows
    the names in the store, not the articles repeating them."""
    rows = select(store, f"SELECT DISTINCT ?label WHERE {{ ?n a ?class ; rdfs:label ?label {ENTITY_CLASSES} }}")
    return {text_of(row["label"]) for row in rows}


def labels_to_decide(every: set[str], wanted: set[str] | None) -> set[str]:
    """The names of the store that share a key with `wanted` (all when None), and, for the full
    names among them, every name sharing their surname: what deciding them reads."""
    if wanted is None:
        return set(every)
    surnames = set(wanted)
    for label in every:
        if not name_keys(label).isdisjoint(wanted) and (surname := surname_key(label)):
            surnames.add(surname)
    return {label for label in every if not name_keys(label).isdisjoint(surnames)}


def read_occurrences(store: SparqlStore, labels: set[str] | None) -> list[Occurrence]:
    """Every node of an article graph named by one of `labels` (every entity node when None)."""
    scan = labels is None or len(labels) > _FILTER_IN_STORE_UP_TO  # then one scan of the store, filtered here
    values = "" if scan or labels is None else values_clause("?label", labels)
    # Whether a mention carries the node's present class is asked of one mention (EXISTS); the
    # class the article gave is read from the mentions only for the few nodes linking retyped.
    # The node's mentions are found first and each asked for the class: Oxigraph joins the two
    # patterns of `?m itsrdf:taIdentRef ?n ; itsrdf:taClassRef ?class` by reading every mention
    # of that class in the graph, for every node, which made a long article's linking quadratic.
    rows = select(store, f"""
        SELECT ?g ?n ?label ?class ?known ?kept WHERE {{
          {values}
          GRAPH ?g {{
            ?n rdfs:label ?label ; a ?class .
            OPTIONAL {{ ?n owl:sameAs ?known }}
            BIND (EXISTS {{ ?m itsrdf:taIdentRef ?n FILTER EXISTS {{ ?m itsrdf:taClassRef ?class }} }} AS ?kept)
          }}
          {ENTITY_CLASSES}
        }}""")
    present: dict[tuple[str, str], tuple[str, str, bool]] = {}  # (graph, node) -> label, class, known
    retyped: list[tuple[str, str]] = []
    for row in rows:
        key = (text_of(row["g"]), text_of(row["n"]))
        if key not in present:
            present[key] = (text_of(row["label"]), local_name(row["class"]), row["known"] is not None)
            if text_of(row["kept"]) != "true":
                retyped.append(key)
    own = _own_classes(store, retyped)
    found = [Occurrence(graph, node, label, own.get((graph, node), node_class), node_class, known)
             for (graph, node), (label, node_class, known) in present.items()]
    one_word = None if scan or labels is None else {label for label in labels if " " not in label}
    full: set[tuple[str, str]] = set()
    if one_word is None or one_word:
        # A one-word name its article also writes longer ("Xi" beside "Xi Jinping") is named in full there.
        values = "" if one_word is None else values_clause("?label", one_word)
        rows = select(store, f"""
            SELECT ?g ?n ?alt WHERE {{
              {values}
              GRAPH ?g {{ ?n rdfs:label ?label ; skos:altLabel ?alt }}
              FILTER (!CONTAINS(STR(?label), " ") && CONTAINS(STR(?alt), " "))
            }}""")
        full = {(text_of(r["g"]), text_of(r["n"])) for r in rows if " " in name_part(text_of(r["alt"]))}
    if labels is not None:
        found = [o for o in found if o.label in labels]
    return sorted((_with_full(o) if (o.graph, o.node) in full else o for o in found), key=_order)


def _own_classes(store: SparqlStore, nodes: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The class each article gave these nodes of its graph (their mentions' itsrdf:taClassRef)."""
    found: dict[tuple[str, str], str] = {}
    for start in range(0, len(nodes), 500):
        pairs = " ".join(f"(<{graph}> <{node}>)" for graph, node in nodes[start:start + 500])
        rows = select(store, f"SELECT DISTINCT ?g ?n ?own WHERE {{ VALUES (?g ?n) {{ {pairs} }} "
                             "GRAPH ?g { ?m itsrdf:taIdentRef ?n ; itsrdf:taClassRef ?own } }")
        found.update({(text_of(r["g"]), text_of(r["n"])): local_name(r["own"]) for r in rows})
    return found


def values_clause(variable: str, strings: Iterable[str]) -> str:
    return f"VALUES {variable} {{ " + " ".join(sparql_string(s) for s in sorted(strings)) + " }"


def _with_full(occurrence: Occurrence) -> Occurrence:
    return Occurrence(occurrence.graph, occurrence.node, occurrence.label, occurrence.own_class, occurrence.node_class,
                      occurrence.known, named_in_full=True)


def _order(occurrence: Occurrence) -> tuple[str, str, str]:
    return occurrence.graph, occurrence.label, occurrence.own_class


def name_part(label: str) -> str:
    """A name without the epithet that makes a nickname of it ("Crooked Hillary" → "Hillary")."""
    return label[epithet_end(label):]


def local_name(term: object) -> str:
    return text_of(term).rsplit("#", 1)[-1]


def text_of(term: object) -> str:
    return term.value if hasattr(term, "value") else str(term)
