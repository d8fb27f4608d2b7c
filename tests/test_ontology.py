"""The ontology and shapes are data files; the code's closed namespace mirrors the ontology."""

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, SH

from kg.namespaces import KGO
from kg.resources import data_dir, ontology, shapes

CORE_CLASSES = {"Article", "Person", "Organization", "Place", "Country", "City", "Quote", "Event"}
CORE_RELATIONS = {"holdsPosition", "leaderOf", "memberOf", "affiliatedWith", "citizenOf", "basedIn", "locatedIn",
                  "livesIn", "spokeWith", "metWith", "visited", "negotiatesWith", "invaded", "atWarWith", "killed", "said"}
SYMMETRIC = {"spokeWith", "metWith", "negotiatesWith", "atWarWith"}


def declared(kind):
    namespace = str(KGO._NS)
    return {str(s)[len(namespace):] for s in ontology().subjects(RDF.type, kind) if str(s).startswith(namespace)}


def test_namespace_mirrors_the_ontology():
    in_ontology = (declared(OWL.Class) | declared(OWL.ObjectProperty) | declared(OWL.DatatypeProperty)
                   | declared(OWL.AnnotationProperty) | declared(KGO.Modality) | declared(KGO.AttributionStyle))
    in_code = set(KGO.__annotations__)
    assert in_code == in_ontology


def test_core_terms_are_declared():
    assert CORE_CLASSES <= declared(OWL.Class)
    assert CORE_RELATIONS <= declared(OWL.ObjectProperty)
    assert declared(OWL.SymmetricProperty) == SYMMETRIC


def test_a_misspelled_term_fails_loudly():
    with pytest.raises(AttributeError):
        KGO.Persn  # noqa: B018


def test_classes_are_aligned_with_schema_org():
    for name in ("Person", "Organization", "Place", "Country", "City", "Event"):
        assert (KGO[name], OWL.equivalentClass, None) in ontology(), name


def test_every_shape_targets_a_declared_class_or_property():
    known = set(ontology().subjects(RDF.type, OWL.Class)) | set(ontology().subjects(RDF.type, OWL.ObjectProperty))
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    targets = set(shapes().objects(None, SH.targetClass)) | set(shapes().objects(None, SH.targetSubjectsOf))
    assert targets
    for target in targets:
        assert target in known or str(target).startswith(nif), target
    assert {KGO[c] for c in CORE_CLASSES} <= set(shapes().objects(None, SH.targetClass))


def test_data_files_parse_as_turtle():
    for folder in ("ontology", "shapes"):
        for path in data_dir(folder).glob("*.ttl"):
            assert len(Graph().parse(path, format="turtle")) > 10, path
