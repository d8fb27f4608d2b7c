"""Reported claims are not facts (issue 24): a relation read in what a source is reported to say
about others is a statement with modality kgo:Reported and kgo:accordingTo its attribution, and
no direct triple; what people say they did themselves, what a finding reports and the titles of
names stay asserted. Every sentence here is written for these tests."""

from datetime import date

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from kg.eval.facts.scoring import as_gold_modality
from kg.namespaces import KGO
from kg.pipeline.extract import extract
from kg.pipeline.nlp import parse
from kg.pipeline.rdf import to_rdf
from kg.pipeline.read import Article
from kg.pipeline.resolve import resolve
from kg.pipeline.validate import validate_graph

from helpers.facts import relations

CLAIM = ("Ellen Marsh says Walt Hobbs is the founder of the Blue Party. "
         "Ellen Marsh said Tom Drake met with Walt Hobbs in Lisbon on Monday.")


@pytest.fixture(scope="module")
def claim_graph():
    ((article, doc),) = parse([Article(id="claims", text=CLAIM, source="test", published=date(2025, 2, 13))])
    return to_rdf(resolve(extract(article, doc))).graph


def test_what_a_source_says_of_others_is_reported():
    found = relations(CLAIM)
    assert found[("holdsPosition", "Walt Hobbs", "Founder")].modality == "reported"
    assert found[("metWith", "Tom Drake", "Walt Hobbs")].modality == "reported"


def test_a_reported_statement_has_no_direct_triple_and_is_according_to_its_attribution(claim_graph):
    graph = claim_graph
    assert not list(graph.triples((None, KGO.metWith, None)))
    reported = list(graph.subjects(KGO.modality, KGO.Reported))
    assert reported
    for statement in reported:
        attribution = graph.value(statement, KGO.accordingTo)
        assert (attribution, RDF.type, KGO.Attribution) in graph
        source = graph.value(attribution, KGO.source)
        assert isinstance(source, URIRef) and source.endswith("ellen-marsh")


def test_a_graph_with_reported_statements_follows_the_shapes(claim_graph):
    assert validate_graph(claim_graph).conforms


def test_a_reported_statement_without_its_attribution_breaks_the_shapes(claim_graph):
    graph = claim_graph
    statement = next(graph.subjects(KGO.modality, KGO.Reported))
    attribution = graph.value(statement, KGO.accordingTo)
    graph.remove((statement, KGO.accordingTo, attribution))
    try:
        assert not validate_graph(graph).conforms
    finally:
        graph.add((statement, KGO.accordingTo, attribution))


def test_what_people_say_they_did_themselves_is_asserted():
    found = relations("Tom Drake said he met with Walt Hobbs in Lisbon on Monday.")
    assert found[("metWith", "Tom Drake", "Walt Hobbs")].modality == "asserted"


def test_what_a_finding_reports_is_asserted():
    found = relations("The inquiry found that Tom Drake met with Walt Hobbs in Lisbon.")
    assert found[("metWith", "Tom Drake", "Walt Hobbs")].modality == "asserted"


def test_a_title_inside_reported_words_is_the_writers_description():
    found = relations("Ellen Marsh said Russian President Ivan Petrov would not come.")
    assert found[("holdsPosition", "Ivan Petrov", "President")].modality == "asserted"


def test_the_facts_scorer_compares_a_reported_statement_as_asserted():
    # The guide files facts told in reported speech that the article presents as what happened
    # under asserted; it has no reported modality.
    assert as_gold_modality("reported") == "asserted"
    assert as_gold_modality("possible") == "possible"


def test_what_only_the_gazetteer_knows_is_a_direct_triple_and_no_statement_of_the_article():
    ((article, doc),) = parse([Article(id="known", text="Jane Doe flew from Hamburg to Rome. Germany was quiet.",
                                       source="test", published=date(2025, 2, 13))])
    graph = to_rdf(resolve(extract(article, doc))).graph
    known = list(graph.triples((None, KGO.locatedIn, None)))
    assert known  # Hamburg lies in Germany: the gazetteer knows it
    for subject, _, obj in known:
        assert not any((statement, RDF.object, obj) in graph for statement in graph.subjects(RDF.subject, subject))


def test_what_a_stated_relation_entails_is_no_statement_of_its_own():
    found = relations("Senate Majority Leader Alan Kirk spoke on Monday.")
    assert found[("leaderOf", "Alan Kirk", "Senate")].sentence is not None
    # a leader is a member: kg knows it (a direct triple), the text does not say it (no statement)
    assert found[("memberOf", "Alan Kirk", "Senate")].sentence is None
