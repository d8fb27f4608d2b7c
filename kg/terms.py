"""The one bridge between kg's two RDF libraries: pyoxigraph (the store, SPARQL) and rdflib (the
graphs kg builds, SHACL, OWL RL, the formats). Every conversion between their terms goes through here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeAlias, overload

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

if TYPE_CHECKING:
    from rdflib import Dataset
    from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# An Oxigraph term as a query or a quad gives it (Triple: an RDF-star quoted triple, which kg never writes).
OxigraphTerm: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def term_value(term: OxigraphTerm | ox.DefaultGraph) -> str:
    """A term's value: the IRI, the blank node's id, the literal's text (as kg sorts and shows
    terms); a quoted triple's N-Triples form; "" for the default graph."""
    if isinstance(term, ox.Triple):
        return str(term)
    if isinstance(term, ox.DefaultGraph):
        return ""
    return term.value


@overload
def to_rdflib(term: None) -> None: ...
@overload
def to_rdflib(term: OxigraphTerm) -> URIRef | BNode | Literal: ...
def to_rdflib(term: OxigraphTerm | None) -> URIRef | BNode | Literal | None:
    """An Oxigraph term as the equivalent rdflib term (None stays None: an unbound variable)."""
    # Exact type checks, cheaper than isinstance: queries convert every value
    if type(term) is ox.NamedNode:
        return URIRef(term.value)
    if type(term) is ox.Literal:
        language = term.language
        if language:
            return Literal(term.value, lang=language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:  # RDF 1.1: a plain literal is an xsd:string
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if type(term) is ox.BlankNode:
        return BNode(term.value)
    if term is None:
        return None
    raise TypeError(f"unsupported term: {term!r}")


@overload
def to_oxigraph(term: URIRef) -> ox.NamedNode: ...
@overload
def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal: ...
def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
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


def rdflib_triples(triples: Iterable[ox.Triple | ox.Quad]) -> Iterator[tuple[Node, Node, Node]]:
    """Oxigraph quads or triples as rdflib (subject, predicate, object) tuples."""
    for t in triples:
        yield to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)


def rdflib_graph(triples: Iterable[ox.Triple | ox.Quad], prefixes: dict[str, str] | None = None) -> Graph:
    """Oxigraph quads or triples (graph names dropped) as one rdflib Graph, `prefixes` bound."""
    graph = Graph()
    for prefix, namespace in (prefixes or {}).items():
        graph.bind(prefix, namespace)
    for triple in rdflib_triples(triples):
        graph.add(triple)
    return graph


def oxigraph_quads(triples: Iterable[tuple[Node, Node, Node]], graph_name: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
    """rdflib triples as Oxigraph quads in the graph `graph_name`."""
    for s, p, o in triples:
        subject, predicate = to_oxigraph(s), to_oxigraph(p)
        if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
            raise TypeError(f"not an RDF triple: {s!r} {p!r} {o!r}")
        yield ox.Quad(subject, predicate, to_oxigraph(o), graph_name)


def rdflib_dataset(quads: Iterable[ox.Quad]) -> Dataset:
    """Oxigraph quads as an rdflib Dataset, one graph per graph name (through N-Quads, which
    both libraries read and write the same way, faster than term by term)."""
    from rdflib import Dataset

    dataset = Dataset()
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert nquads is not None  # bytes: no output was given
    dataset.parse(data=nquads.decode("utf-8"), format="nquads")
    return dataset
