"""Each relation's domain and range are stated in the ontology (rdfs:domain / rdfs:range) and
enforced by the shapes (the classes a shape targeting the relation's subjects asks of them and of
its values). The two must say the same thing; this test holds them together."""

import pytest
from rdflib import RDF, RDFS, BNode, Graph
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH

from kg.namespaces import KGO
from kg.resources import entity_classes, ontology, shapes


def classes_of_expression(graph: Graph, node) -> frozenset:
    """The classes an OWL class expression (a class or owl:unionOf) names."""
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        return frozenset(Collection(graph, members))
    return frozenset([node])


def classes_of_shape(graph: Graph, node) -> frozenset | None:
    """The classes a shape asks for (sh:class, or sh:or of sh:class); None when it asks none."""
    direct = set(graph.objects(node, SH["class"]))
    for alternatives in graph.objects(node, SH["or"]):
        direct |= {graph.value(member, SH["class"]) for member in Collection(graph, alternatives)}
    return frozenset(direct) or None


def relations() -> list:
    return sorted(p for p in ontology().subjects(RDF.type, OWL.ObjectProperty)
                  if str(p).startswith(str(KGO._NS)) and any(shapes().subjects(SH.targetSubjectsOf, p)))


@pytest.mark.parametrize("prop", relations(), ids=lambda p: p.split("#")[-1])
def test_the_shapes_enforce_the_ontology_domain_and_range(prop):
    onto, shape_graph = ontology(), shapes()
    (shape,) = shape_graph.subjects(SH.targetSubjectsOf, prop)
    domain = onto.value(prop, RDFS.domain)
    range_ = onto.value(prop, RDFS.range)
    assert domain is not None and range_ is not None, f"{prop} needs rdfs:domain and rdfs:range"
    assert classes_of_shape(shape_graph, shape) == classes_of_expression(onto, domain), f"domain of {prop}"
    value_shapes = [p for p in shape_graph.objects(shape, SH.property) if shape_graph.value(p, SH.path) == prop]
    if not value_shapes and (prop, RDF.type, OWL.SymmetricProperty) in onto:
        # kg writes a symmetric relation both ways (kg/pipeline/rdf.py), so its object is a subject
        # of the relation too, and the subject constraint checks it: the range must be the domain.
        assert classes_of_expression(onto, range_) == classes_of_expression(onto, domain), f"range of {prop}"
        return
    (value_shape,) = value_shapes
    assert classes_of_shape(shape_graph, value_shape) == classes_of_expression(onto, range_), f"range of {prop}"


def test_every_relation_has_a_shape():
    shaped = set(relations())
    declared = {p for p in ontology().subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(str(KGO._NS))
                and ontology().value(p, RDFS.domain) is not None
                and classes_of_expression(ontology(), ontology().value(p, RDFS.domain)) <= {KGO[c] for c in (*entity_classes(), "Position")}}
    assert declared - shaped == set()


def test_the_entity_classes_come_from_the_ontology():
    assert entity_classes() == ("City", "Country", "Organization", "Person", "Place")
