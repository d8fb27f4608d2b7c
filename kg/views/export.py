"""Write the store (or one article's graph) in a standard RDF format. Triple
formats get the union of all article graphs; quad formats keep one named graph per article.
`nif` writes only the mention layer, in the NIF 2.0 form that entity-linking scorers read."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import BinaryIO, TypeVar

import pyoxigraph as ox

from ..errors import KgError
from ..namespaces import PREFIXES, graph_iri
from ..resources import data_dir
from ..store import Store, construct, select
from ..terms import rdflib_dataset, term_value

_Item = TypeVar("_Item")

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nif": ox.RdfFormat.TURTLE,
}
SUFFIXES = {"turtle": ".ttl", "ntriples": ".nt", "nquads": ".nq", "trig": ".trig", "jsonld": ".jsonld", "nif": ".ttl"}

# kg's entities are written with their kind's prefix (person:donald-trump). Not with kgr: (its
# slashes would need escapes, kgr:person\/donald-trump, and Oxigraph's @base also rewrites the
# other prefixes), nor article: (mentions would read article:ID\/text\#char\=346\,360): those
# nodes are written as full IRIs, as kg query prints them.
_EXPORT_PREFIXES = {p: ns for p, ns in PREFIXES.items() if p not in ("kgr", "article")}

_UNION = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"  # the merged default graph: each triple once

# NIF 2.0 as GERBIL and other NIF scorers read it: one nif:Context per article holding the
# text, and a nif:Phrase per entity mention with its offsets, words, entity and class.
_NIF = """
CONSTRUCT {
  ?context a nif:Context, nif:String, nif:RFC5147String ;
    nif:isString ?text ; nif:beginIndex ?contextBegin ; nif:endIndex ?contextEnd ; nif:sourceUrl ?url .
  ?phrase a nif:Phrase, nif:String, nif:RFC5147String ;
    nif:anchorOf ?anchor ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:referenceContext ?context ;
    itsrdf:taIdentRef ?entity ; itsrdf:taClassRef ?class .
}
WHERE { %s {
  {
    ?article kgo:hasContext ?context .
    ?context nif:isString ?text ; nif:beginIndex ?contextBegin ; nif:endIndex ?contextEnd .
    OPTIONAL { ?context nif:sourceUrl ?url }
  } UNION {
    ?phrase a nif:Phrase ; itsrdf:taIdentRef ?entity ; nif:anchorOf ?anchor ;
      nif:beginIndex ?begin ; nif:endIndex ?end ; nif:referenceContext ?context .
    OPTIONAL { ?phrase itsrdf:taClassRef ?class }
  }
} }
"""
_OFFSETS = {PREFIXES["nif"] + "beginIndex", PREFIXES["nif"] + "endIndex"}
_NON_NEGATIVE = ox.NamedNode(PREFIXES["xsd"] + "nonNegativeInteger")


def export_store(
    store: Store, output: BinaryIO, fmt: str = "turtle", article_id: str | None = None, *, infer: bool = False
) -> int:
    """Write the store to `output` in `fmt`; returns the number of triples (or quads) written.
    With `infer`, OWL RL consequences under kg's ontology are added (quad formats put them in
    a graph of their own, kg.views.infer.INFERRED_GRAPH)."""
    if fmt not in FORMATS:
        raise KgError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    graph = None
    if article_id is not None:
        graph = str(graph_iri(article_id))
        if not store.has_graph(graph):
            raise KgError(f"No article {article_id!r} in the store {store.path}; see kg stats.")
    if fmt == "nif":
        if infer:
            raise KgError("--infer does not apply to nif: the mention layer has nothing to infer; export turtle --infer instead.")
        return _nif(store, output, graph)
    rdf_format = FORMATS[fmt]
    if not infer and fmt != "jsonld":
        # Streamed in the store's index order, which depends only on what the store holds, so
        # the same store contents always export byte for byte the same, at the serializer's rate.
        counted = _Counter()
        if rdf_format.supports_datasets:
            ox.serialize(counted(store.quads(graph)), output, rdf_format, prefixes=_EXPORT_PREFIXES)
        elif graph is None:
            rows = select(store, _UNION)
            ox.serialize(counted(ox.Triple(*row) for row in rows), output, rdf_format, prefixes=_EXPORT_PREFIXES)
        else:
            ox.serialize(counted(q.triple for q in store.quads(graph)), output, rdf_format, prefixes=_EXPORT_PREFIXES)
        return counted.count
    quads = sorted(store.quads(graph), key=_quad_key)
    if infer:
        quads += _inferred_quads(quads)
    if fmt == "jsonld":
        return _jsonld(quads, output)
    if rdf_format.supports_datasets:
        ox.serialize(quads, output, rdf_format, prefixes=_EXPORT_PREFIXES)
        return len(quads)
    triples = sorted({q.triple for q in quads}, key=_triple_key)
    ox.serialize(triples, output, rdf_format, prefixes=_EXPORT_PREFIXES)
    return len(triples)


class _Counter:
    """Counts what passes through a generator on its way to the serializer."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, items: Iterable[_Item]) -> Iterator[_Item]:
        for item in items:
            self.count += 1
            yield item


def _quad_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (term_value(quad.graph_name), term_value(quad.subject), quad.predicate.value, str(quad.object))


def _triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    return (term_value(triple.subject), triple.predicate.value, str(triple.object))


def _inferred_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    from .infer import inferred_quads

    return sorted(inferred_quads(quads), key=_quad_key)


def _nif(store: Store, output: BinaryIO, graph: str | None) -> int:
    # The store's default graph is the union of all article graphs; one article's is its graph.
    scope = f"GRAPH <{graph}>" if graph is not None else ""
    triples = []
    for triple in construct(store, _NIF % scope):
        if triple.predicate.value in _OFFSETS:
            # NIF types offsets xsd:nonNegativeInteger; Oxigraph turns every integer type into
            # xsd:integer, in the store and in query results alike, so the type is set here.
            triple = ox.Triple(triple.subject, triple.predicate, ox.Literal(term_value(triple.object), datatype=_NON_NEGATIVE))
        triples.append(triple)
    triples.sort(key=_triple_key)
    prefixes = {p: PREFIXES[p] for p in ("nif", "itsrdf", "xsd", "kgo")}
    ox.serialize(triples, output, ox.RdfFormat.TURTLE, prefixes=prefixes)
    return len(triples)


@lru_cache(maxsize=1)
def jsonld_context() -> dict:
    """kg's published JSON-LD context (ontology/context.jsonld): its prefixes and short names
    for the terms most used, with their datatypes."""
    with (data_dir("ontology") / "context.jsonld").open(encoding="utf-8") as handle:
        return json.load(handle)["@context"]


def _jsonld(quads: list[ox.Quad], output: BinaryIO) -> int:
    # rdflib writes JSON-LD compacted with kg's context, embedded so that the file reads offline;
    # Oxigraph only writes expanded JSON-LD.
    dataset = rdflib_dataset(quads)
    text = dataset.serialize(format="json-ld", context=jsonld_context(), indent=1, auto_compact=True)
    output.write(text.encode("utf-8") if isinstance(text, str) else text)
    return sum(1 for _ in dataset.quads((None, None, None, None)))
