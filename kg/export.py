"""Step 8b — export: write the store (or one article's graph) in a standard RDF format. Triple
formats get the union of all article graphs; quad formats keep one named graph per article."""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from .errors import KgError
from .mapping import graph_iri
from .namespaces import PREFIXES, RESOURCE_BASE
from .store import KnowledgeStore

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
SUFFIXES = {"turtle": ".ttl", "ntriples": ".nt", "nquads": ".nq", "trig": ".trig", "jsonld": ".jsonld"}

# kg's own nodes are written as full IRIs: as prefixed names their slashes would need escapes
# (kgr:person\/donald-trump), and Oxigraph's @base also rewrites the other prefixes.
_EXPORT_PREFIXES = {p: ns for p, ns in PREFIXES.items() if ns != RESOURCE_BASE}

_UNION = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


def export_store(store: KnowledgeStore, output: BinaryIO, fmt: str = "turtle", article_id: str | None = None) -> int:
    """Write the store to `output` in `fmt`; returns the number of triples (or quads) written."""
    if fmt not in FORMATS:
        raise KgError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    graph = None
    if article_id is not None:
        graph = str(graph_iri(article_id))
        if not store.has_graph(graph):
            raise KgError(f"No article {article_id!r} in the store {store.path}; see kg stats.")
    rdf_format = FORMATS[fmt]
    if fmt == "jsonld":
        return _jsonld(store, output, graph)
    if rdf_format.supports_datasets:
        quads = sorted(store.quads(graph), key=lambda q: (q.graph_name.value, q.subject.value, q.predicate.value, str(q.object)))
        ox.serialize(quads, output, rdf_format, prefixes=_EXPORT_PREFIXES)
        return len(quads)
    if graph is not None:
        triples = sorted({q.triple for q in store.quads(graph)}, key=lambda t: (t.subject.value, t.predicate.value, str(t.object)))
    else:
        triples = [ox.Triple(row["s"], row["p"], row["o"]) for row in store.query(_UNION)]
    ox.serialize(triples, output, rdf_format, prefixes=_EXPORT_PREFIXES)
    return len(triples)


def _jsonld(store: KnowledgeStore, output: BinaryIO, graph: str | None) -> int:
    # rdflib writes compact JSON-LD with kg's prefixes as the @context; Oxigraph only
    # writes expanded JSON-LD.
    from rdflib import Dataset

    nquads = ox.serialize(list(store.quads(graph)), format=ox.RdfFormat.N_QUADS)
    dataset = Dataset()
    dataset.parse(data=nquads.decode("utf-8"), format="nquads")
    context = dict(PREFIXES)
    text = dataset.serialize(format="json-ld", context=context, indent=1, auto_compact=True)
    output.write(text.encode("utf-8") if isinstance(text, str) else text)
    return sum(1 for _ in dataset.quads((None, None, None, None)))

