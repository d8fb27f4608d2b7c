"""Reasoning on demand (`--infer`): what kg's ontology lets one conclude from the stored facts,
by the OWL 2 RL rules (owlrl) — the other direction of symmetric relations, super-properties
(a `leaderOf` is an `affiliatedWith`, a `participant` a `schema:attendee`), super-classes (a
`kgo:City` is a `kgo:Place` and a `schema:City`) and transitive chains (`locatedIn`).

Only consequences about the data are kept: the closure also restates the ontology, types every
literal and makes everything `owl:sameAs` itself, which tells a reader nothing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..resources import ontology

if TYPE_CHECKING:
    import pyoxigraph as ox

    from ..store import Store

INFERRED_GRAPH = "https://w3id.org/kg-news/id/graph/inferred"
"""Where quad formats put inferred triples: they come from no single article."""

_SCHEMA_NAMESPACES = (str(OWL), str(RDFS))


def infer(data: Iterable[tuple]) -> Graph:
    """The triples OWL RL adds to `data` (rdflib triples) under kg's ontology, data only."""
    import owlrl

    facts = Graph()
    for triple in data:
        facts.add(triple)
    closure = Graph()
    closure += ontology()
    for triple in facts:
        # Links to Wikidata are pointers, not identity to reason through: following them would
        # copy every fact about an entity onto its Wikidata IRI.
        if triple[1] != OWL.sameAs:
            closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)

    vocabulary = _vocabulary(closure)
    subjects = set(facts.subjects())
    inferred = Graph()
    for s, p, o in closure:
        if (s, p, o) in facts or s not in subjects or s in vocabulary:
            continue
        if isinstance(s, Literal) or isinstance(o, BNode) or str(p).startswith(_SCHEMA_NAMESPACES):
            continue
        if p == RDF.type and (not isinstance(o, URIRef) or str(o).startswith(_SCHEMA_NAMESPACES)):
            continue
        inferred.add((s, p, o))
    return inferred


def _vocabulary(closure: Graph) -> set:
    """Classes and properties: the nodes the ontology speaks about rather than the data."""
    terms = set(ontology().subjects())
    for kind in (OWL.Class, RDFS.Class, RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty,
                 OWL.AnnotationProperty, RDFS.Datatype):
        terms.update(closure.subjects(RDF.type, kind))
    for relation in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty):
        for s, o in closure.subject_objects(relation):
            terms.update((s, o))
    return terms


def inferred_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """What OWL RL concludes from `quads`, as quads in INFERRED_GRAPH (for export and for queries)."""
    import pyoxigraph as ox

    from ..terms import oxigraph_quads, rdflib_triples

    return list(oxigraph_quads(infer(rdflib_triples(quads)), ox.NamedNode(INFERRED_GRAPH)))


def with_inferences(store: Store) -> ox.Store:
    """An in-memory copy of a KnowledgeStore's quads plus what OWL RL infers from them (in
    INFERRED_GRAPH), to query with reasoning without writing to the store. Its default graph is
    the set union of them all, as the store's merged default graph is."""
    import pyoxigraph as ox

    quads = list(store.quads())
    memory = ox.Store()
    memory.extend(quads)
    inferred = inferred_quads(quads)
    memory.extend(inferred)
    memory.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads + inferred)  # a set: once each
    return memory
