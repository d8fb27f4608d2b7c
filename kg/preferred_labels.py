"""One name per entity across the store: its preferred label (skos:prefLabel).

Each article's graph keeps the name that article gives a node (rdfs:label), so once linking has
joined "Trump" in one article to person:donald-trump named in full in another, the store-wide
node carries both as rdfs:label, and a query that reads rdfs:label lists the person twice. The
preferred label is chosen by one rule, from what the store holds, never from the order articles
came in: the name the node's IRI was made from (entity_iri(class, name) ends in the name's slug),
else the longest name. The views apply the rule at query time (so stores written before kg wrote
skos:prefLabel show one name too); for SPARQL, every article graph that names a node states the
node's preferred label, so the union (the default graph) holds exactly one per entity: rdf.py
writes the article's own name, which is the node's when the article named it in full, and after
linking `settle_preferred_labels` rewrites it wherever it differs from the store-wide choice for
the nodes linking moved and the nodes of the articles just written.
Linking never reads skos:prefLabel, so it cannot feed on this choice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .namespaces import PREFIXES, slug, sparql_string

if TYPE_CHECKING:
    from .store import Store
    from .store.link import Link

_PREF_LABEL = PREFIXES["skos"] + "prefLabel"


def preferred_label(iri: str, labels: Iterable[str]) -> str | None:
    """The name among `labels` that `iri` was made from (title case before capitals: a headline's
    "DONALD TRUMP" is the same slug), else the longest (most words, then characters), ties
    broken alphabetically; None when there is no label."""
    names = sorted(set(labels))
    if not names:
        return None
    local = iri.rstrip("/").rsplit("/", 1)[-1]
    own = [name for name in names if slug(name) == local]
    if own:
        return min(own, key=lambda name: (name.isupper(), name))
    return min(names, key=lambda name: (-len(name.split()), -len(name), name))


def preferred_labels(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """The preferred label of each IRI that has an rdfs:label in the store."""
    from .store import select_values

    wanted = sorted(set(iris))
    labels: dict[str, set[str]] = defaultdict(set)
    for row in select_values(store, [(f"<{iri}>",) for iri in wanted],
                             "SELECT ?x ?l WHERE { VALUES (?x) { VALUES_ROWS } ?x rdfs:label ?l }"):
        labels[row["x"].value].add(row["l"].value)
    return {iri: label for iri in wanted if (label := preferred_label(iri, labels[iri])) is not None}


def settle_preferred_labels(store: Store, links: Sequence[Link], graphs: Iterable[str] = ()) -> int:
    """After articles are written and linked: every graph that states a preferred label for a
    node linking moved, or for a node of the written `graphs`, states the store-wide one (a new
    article may bring the name a node's IRI was made from, or move a node). Returns the number of
    graphs rewritten."""
    from .store import select_values

    nodes = {link.target for link in links}
    rows = select_values(store, [(f"<{graph}>",) for graph in sorted(set(graphs))],
                         f"SELECT DISTINCT ?n WHERE {{ VALUES (?g) {{ VALUES_ROWS }} GRAPH ?g {{ ?n <{_PREF_LABEL}> ?p }} }}")
    nodes.update(row["n"].value for row in rows)
    if not nodes:
        return 0
    chosen = preferred_labels(store, nodes)
    wrong: dict[str, set[str]] = defaultdict(set)
    for row in select_values(store, [(f"<{node}>",) for node in sorted(nodes)],
                             f"SELECT ?g ?n ?p WHERE {{ VALUES (?n) {{ VALUES_ROWS }} GRAPH ?g {{ ?n <{_PREF_LABEL}> ?p }} }}"):
        node = row["n"].value
        if node in chosen and row["p"].value != chosen[node]:
            wrong[row["g"].value].add(node)
    for graph, named in sorted(wrong.items()):
        values = " ".join(f"<{node}>" for node in sorted(named))
        inserts = " ".join(f"<{node}> <{_PREF_LABEL}> {sparql_string(chosen[node])} ." for node in sorted(named))
        update = (f"DELETE {{ GRAPH <{graph}> {{ ?n <{_PREF_LABEL}> ?old }} }} WHERE {{ VALUES ?n {{ {values} }} "
                  f"GRAPH <{graph}> {{ ?n <{_PREF_LABEL}> ?old }} }} ;\n"
                  f"INSERT DATA {{ GRAPH <{graph}> {{ {inserts} }} }}")
        store.update_graph(graph, update, nodes=sorted(named))
    return len(wrong)
