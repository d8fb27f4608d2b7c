"""The one bridge between kg's two RDF libraries: pyoxigraph (the store, SPARQL) and rdflib (the
graphs kg builds, SHACL, OWL RL, the formats). Every conversion between their terms goes through here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term):
    """An Oxigraph term as the equivalent rdflib term (None stays None: an unbound variable)."""
    kind = type(term)  # one lookup, not a chain of isinstance: queries convert every value
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.Literal:
        language = term.language
        if language:
            return Literal(term.value, lang=language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:  # RDF 1.1: a plain literal is an xsd:string
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if kind is ox.BlankNode:
        return BNode(term.value)
    if term is None:
        return None
    raise TypeError(f"unsupported term: {term!r}")


def to_oxigraph(term):
    """An rdflib term as the equivalent Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def rdflib_triples(triples: Iterable) -> Iterator[tuple]:
    """Oxigraph quads or triples as rdflib (subject, predicate, object) tuples."""
    for t in triples:
        yield to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)


def rdflib_graph(triples: Iterable, prefixes: dict[str, str] | None = None) -> Graph:
    """Oxigraph quads or triples (graph names dropped) as one rdflib Graph, `prefixes` bound."""
    graph = Graph()
    for prefix, namespace in (prefixes or {}).items():
        graph.bind(prefix, namespace)
    for triple in rdflib_triples(triples):
        graph.add(triple)
    return graph


def oxigraph_quads(triples: Iterable[tuple], graph_name: ox.NamedNode) -> Iterator[ox.Quad]:
    """rdflib triples as Oxigraph quads in the graph `graph_name`."""
    for s, p, o in triples:
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph_name)


def rdflib_dataset(quads: Iterable[ox.Quad]):
    """Oxigraph quads as an rdflib Dataset, one graph per graph name (through N-Quads, which
    both libraries read and write the same way, faster than term by term)."""
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    return dataset
