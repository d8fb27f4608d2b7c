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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ...lexicon import name_keys
from ...namespaces import PREFIXES
from ..base import select
from .decisions import Decisions, Target, article_local
from .stored import ENTITY_CLASSES, KGO, Occurrence, SparqlStore, every_label, labels_to_decide, read_occurrences, text_of

__all__ = ["Link", "SparqlStore", "article_local", "names_in_graph", "relink"]

_RDF_TYPE = PREFIXES["rdf"] + "type"


@dataclass(frozen=True)
class Link:
    """One article's node whose store-wide node changed: to another entity, or back to its own."""

    graph: str
    node: str  # the node in the article graph before this change
    target: str  # the node after it
    name: str  # the article's name for it (its rdfs:label there)


def names_in_graph(store: SparqlStore, graph: str) -> set[str]:
    """The linking keys (kg.lexicon.name_keys) of every entity an article's graph names."""
    rows = select(store, f"SELECT DISTINCT ?label WHERE {{ GRAPH <{graph}> {{ ?n a ?class ; rdfs:label ?label }} {ENTITY_CLASSES} }}")
    return {key for row in rows for key in name_keys(text_of(row["label"]))}


def relink(store: SparqlStore, keys: Iterable[str] | None = None) -> list[Link]:
    """Decide again every name sharing one of `keys` (kg.lexicon.name_keys; every name when
    None) and rewrite the article graphs whose decision changed, one transaction per graph."""
    wanted = None if keys is None else {key.lower() for key in keys}
    if wanted is not None and not wanted:
        return []
    every = every_label(store)
    labels = labels_to_decide(every, wanted)
    if not labels:
        return []
    occurrences = read_occurrences(store, labels if wanted is not None else None)
    decisions = Decisions(store, occurrences, wanted, every)
    links: list[Link] = []
    renames: dict[str, list[tuple[Occurrence, Target]]] = defaultdict(list)
    for graph, decided in sorted(decisions.targets().items()):
        for occurrence, target in decided:
            if (target.node, target.node_class) != (occurrence.node, occurrence.node_class):
                renames[graph].append((occurrence, target))
                links.append(Link(graph, occurrence.node, target.node, occurrence.label))
    for graph, changes in sorted(renames.items()):
        update, nodes = _renames(graph, changes)
        store.update_graph(graph, update, nodes=nodes)
    return links


def _renames(graph: str, changes: list[tuple[Occurrence, Target]]) -> tuple[str, list[str]]:
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
                  f"INSERT {{ GRAPH <{graph}> {{ <{new}> <{_RDF_TYPE}> <{KGO}{node_class}> }} }} "
                  f"WHERE {{ GRAPH <{graph}> {{ <{old}> <{_RDF_TYPE}> ?c }} }} ;\n")
    return moves + (f"DELETE {{ GRAPH <{graph}> {{ ?s ?p <{old}> }} }} INSERT {{ GRAPH <{graph}> {{ ?s ?p <{new}> }} }} "
                    f"WHERE {{ GRAPH <{graph}> {{ ?s ?p <{old}> }} }}")
