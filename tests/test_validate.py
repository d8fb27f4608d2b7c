"""Validation: kg's fast path (shapes gathered once, the ontology's axioms added to kg's own copy
of the graph, SPARQL parsed once) gives the same verdicts and the same violations as pySHACL's
plain `validate()` with the ontology mixed in, for a graph that breaks each kind of shape."""

import importlib

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

import kg
from kg.namespaces import KGO, NIF, SCHEMA
from kg.pipeline.nlp import parse
from kg.pipeline.read import read_articles
from kg.resources import ontology, shapes

validate_module = importlib.import_module("kg.pipeline.validate")
validate_graph = validate_module.validate_graph

ARTICLE = (
    "date 2024-03-01 Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Friday. "
    "Scholz said France and Germany agree."
)
PLACE = URIRef("https://w3id.org/kg-news/id/place/testville")
ORGANIZATION = URIRef("https://w3id.org/kg-news/id/organization/test-works")


@pytest.fixture(scope="module")
def article_graph(tmp_path_factory) -> Graph:
    path = tmp_path_factory.mktemp("validate") / "a.txt"
    path.write_text(ARTICLE)
    ((article, doc),) = parse(read_articles([path]))
    _, mapped = kg.analyze(article, doc)
    return mapped.graph


def reference(graph: Graph) -> tuple[bool, list]:
    """What pySHACL's own entry point says, with the ontology mixed in as pySHACL does it."""
    from pyshacl import validate

    conforms, results, _ = validate(
        graph, shacl_graph=shapes(), ont_graph=ontology(), inference="none", advanced=True, allow_warnings=True
    )
    return bool(conforms), validate_module._violations(results)


def copy(graph: Graph) -> Graph:
    copied = Graph()
    for triple in graph:
        copied.add(triple)
    return copied


def person(graph: Graph, name: str) -> URIRef:
    return next(s for s in graph.subjects(RDFS.label, Literal(name)) if (s, RDF.type, KGO.Person) in graph)


def without_label(graph):
    graph.remove((person(graph, "Olaf Scholz"), RDFS.label, None))


def wrong_datatype(graph):
    article = next(graph.subjects(RDF.type, KGO.Article))
    graph.set((article, SCHEMA.datePublished, Literal("13 February 2025")))
    mention = next(graph.subjects(NIF.anchorOf, Literal("Paris")))
    graph.set((mention, NIF.beginIndex, Literal("62")))  # a string, not an xsd:integer


def offsets_off(graph):
    mention = next(graph.subjects(NIF.anchorOf, Literal("Paris")))
    graph.set((mention, NIF.endIndex, Literal(10_000, datatype=XSD.integer)))


def offsets_shifted(graph):
    mention = next(graph.subjects(NIF.anchorOf, Literal("Paris")))
    begin = graph.value(mention, NIF.beginIndex).toPython()
    graph.set((mention, NIF.beginIndex, Literal(begin + 1, datatype=XSD.integer)))


def offsets_of_other_words(graph):
    # within the text and of the right length, but the words there are not the mention's
    mention = next(graph.subjects(NIF.anchorOf, Literal("Paris")))
    graph.set((mention, NIF.anchorOf, Literal("Pariz")))


def offsets_empty(graph):
    mention = next(graph.subjects(NIF.anchorOf, Literal("Paris")))
    begin = graph.value(mention, NIF.beginIndex)
    graph.set((mention, NIF.endIndex, begin))
    graph.set((mention, NIF.anchorOf, Literal("")))


def offset_an_iri(graph):
    mention = next(graph.subjects(NIF.anchorOf, Literal("Paris")))
    graph.set((mention, NIF.endIndex, URIRef("https://example.org/sixty-one")))


def sentence_words_off(graph):
    # the sentence's words are not the text's: its mentions, checked within it, pass, and it does not
    mention = next(graph.subjects(NIF.anchorOf, Literal("Paris")))
    sentence = graph.value(mention, NIF.sentence)
    words = str(graph.value(sentence, NIF.anchorOf))
    graph.set((sentence, NIF.anchorOf, Literal(words.replace("Paris", "Pariz"))))


def mention_outside_its_sentence(graph):
    # offsets that slice the text right, in another sentence than the one named: checked against the text
    mention = next(graph.subjects(NIF.anchorOf, Literal("Paris")))
    own = graph.value(mention, NIF.sentence)
    other = next(s for s in graph.subjects(RDF.type, NIF.Sentence) if s != own)
    graph.set((mention, NIF.sentence, other))


def sentence_of_its_own(graph):
    # a sentence naming itself as its sentence, with words that are not the text's: checked against the text
    mention = next(graph.subjects(NIF.anchorOf, Literal("Paris")))
    sentence = graph.value(mention, NIF.sentence)
    graph.add((sentence, NIF.sentence, sentence))
    words = str(graph.value(sentence, NIF.anchorOf))
    graph.set((sentence, NIF.anchorOf, Literal(words.replace("Paris", "Pariz"))))


def text_in_a_language(graph):
    context = next(graph.subjects(RDF.type, NIF.Context))
    graph.set((context, NIF.isString, Literal(str(graph.value(context, NIF.isString)), lang="en")))


def relation_from_wrong_class(graph):
    graph.add((ORGANIZATION, RDF.type, KGO.Organization))
    graph.add((ORGANIZATION, RDFS.label, Literal("Test Works")))
    graph.add((ORGANIZATION, KGO.bornIn, PLACE))  # only a person is born somewhere
    graph.add((PLACE, RDF.type, KGO.City))
    graph.add((PLACE, RDFS.label, Literal("Testville")))


def relation_to_wrong_class(graph):
    graph.add((ORGANIZATION, RDF.type, KGO.Organization))
    graph.add((ORGANIZATION, RDFS.label, Literal("Test Works")))
    graph.add((ORGANIZATION, KGO.basedIn, person(graph, "Olaf Scholz")))  # based in a person


def city_where_a_place_is_required(graph):
    graph.add((ORGANIZATION, RDF.type, KGO.Organization))
    graph.add((ORGANIZATION, RDFS.label, Literal("Test Works")))
    graph.add((ORGANIZATION, KGO.basedIn, PLACE))  # basedIn wants a Place; a City is one
    graph.add((PLACE, RDF.type, KGO.City))
    graph.add((PLACE, RDFS.label, Literal("Testville")))
    graph.add((person(graph, "Olaf Scholz"), KGO.bornIn, PLACE))


def person_and_place(graph):
    graph.add((person(graph, "Olaf Scholz"), RDF.type, KGO.City))  # a City is a Place


CASES = {
    # breaks: the message(s) that must be among the violations; () when the graph conforms
    "without_label": (without_label, ["An entity needs a non-empty name (rdfs:label)."]),
    "wrong_datatype": (wrong_datatype, [
        "An article's publication date must be a single xsd:date (YYYY-MM-DD).",
        "A mention or sentence needs one begin offset (an xsd:integer, 0 or more).",
    ]),
    "offsets_off": (offsets_off, ["Offsets 56..10000 do not slice the text back to the words Paris."]),
    "offsets_shifted": (offsets_shifted, ["Offsets 57..61 do not slice the text back to the words Paris."]),
    "offsets_of_other_words": (offsets_of_other_words, ["Offsets 56..61 do not slice the text back to the words Pariz."]),
    "offsets_empty": (offsets_empty, ["Offsets 56..56 do not slice the text back to the words ."]),
    "sentence_words_off": (sentence_words_off, ["Offsets 0..72 do not slice the text back to the words "
                                                "Chancellor Olaf Scholz met President Emmanuel Macron in Pariz on Friday.."]),
    "mention_outside_its_sentence": (mention_outside_its_sentence, []),
    "sentence_of_its_own": (sentence_of_its_own, ["Offsets 0..72 do not slice the text back to the words "
                                                  "Chancellor Olaf Scholz met President Emmanuel Macron in Pariz on Friday.."]),
    # offsets or a text of the wrong kind: where SPARQL engines differ on type errors
    "offset_an_iri": (offset_an_iri, ["A mention or sentence needs one end offset (an xsd:integer, 0 or more)."]),
    "text_in_a_language": (text_in_a_language, ["A text (nif:Context) needs exactly one nif:isString."]),
    "relation_from_wrong_class": (relation_from_wrong_class, ["Only a person is born somewhere."]),
    "relation_to_wrong_class": (relation_to_wrong_class, ["basedIn must point to a place."]),
    "city_where_a_place_is_required": (city_where_a_place_is_required, []),
    "person_and_place": (person_and_place, ["A person cannot also be a place or an organization."]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_broken_graph_gets_the_same_violations_as_plain_pyshacl(article_graph, case):
    breaks, expected_messages = CASES[case]
    graph = copy(article_graph)
    breaks(graph)
    before = copy(graph)

    report = validate_graph(graph)

    assert (report.conforms, list(report.violations)) == reference(graph)
    assert report.conforms == (not expected_messages)
    messages = [v.message for v in report.violations]
    for expected in expected_messages:
        assert expected in messages, messages
    assert isomorphic(graph, before) and len(graph) == len(before)  # the article's graph is untouched


def test_the_unbroken_article_conforms_on_both_paths(article_graph):
    assert validate_graph(article_graph) == validate_module.ValidationReport(True, ())
    assert reference(article_graph) == (True, [])


def test_validating_again_gives_the_same_report(article_graph):
    graph = copy(article_graph)
    offsets_off(graph)
    without_label(graph)
    first = validate_graph(graph)
    assert not first.conforms
    assert validate_graph(copy(article_graph)).conforms  # nothing carried over from the broken one
    assert validate_graph(graph) == first


def test_the_n_triples_given_beside_the_graph_give_the_same_report(article_graph):
    # The ingest hands validation the graph's N-Triples (serialized for the store anyway) for
    # the SPARQL check's Oxigraph mirror; the report is the one made without them.
    for breaks in (None, offsets_shifted, without_label):
        graph = copy(article_graph)
        if breaks:
            breaks(graph)
        ntriples = graph.serialize(format="nt", encoding="utf-8")
        assert validate_graph(graph, ntriples) == validate_graph(graph)
        assert validate_graph(graph, ntriples).conforms == reference(graph)[0]


def test_an_axiom_the_graph_holds_itself_stays_after_validation(article_graph):
    # The subclass axioms are added to the graph for the check and taken out again, but only
    # those it did not hold before.
    graph = copy(article_graph)
    axiom = (KGO.City, RDFS.subClassOf, KGO.Place)
    graph.add(axiom)
    size = len(graph)
    assert validate_graph(graph).conforms
    assert axiom in graph and len(graph) == size
    graph.remove(axiom)
    assert validate_graph(graph).conforms
    assert axiom not in graph and len(graph) == size - 1


@pytest.mark.parametrize("case", ["without_label", "offsets_shifted", "person_and_place", "city_where_a_place_is_required"])
def test_the_ingests_triples_only_graph_gets_the_same_report(article_graph, case):
    # The ingest maps an article onto a triples-only store (kg.graphs.ArticleTriples), which
    # keeps its own count of triples; validation reads it as it reads an ordinary graph.
    from kg.graphs import empty_article_graph

    breaks, _ = CASES[case]
    ordinary = copy(article_graph)
    breaks(ordinary)
    triples_only = empty_article_graph()
    for triple in ordinary:
        triples_only.add(triple)
    assert len(triples_only) == len(ordinary)
    assert validate_graph(triples_only) == validate_graph(ordinary)
    assert len(triples_only) == len(ordinary) and set(triples_only) == set(ordinary)


def test_a_triples_only_graph_counts_what_it_holds():
    from kg.graphs import empty_article_graph

    graph = empty_article_graph()
    triple = (PLACE, RDFS.label, Literal("Testville"))
    graph.add(triple)
    graph.add(triple)  # a set: once
    graph.add((PLACE, RDF.type, KGO.City))
    assert len(graph) == 2 == sum(1 for _ in graph)
    graph.remove((PLACE, None, None))
    graph.remove(triple)  # no longer there
    assert len(graph) == 0 == sum(1 for _ in graph)
