"""Export: every format re-imports to exactly what the store holds (graph isomorphism)."""

import io

import pytest
from conftest import SEED
from rdflib import Dataset, Graph

import kg
from kg.pipeline.nlp import parse
from kg.pipeline.read import read_articles

from helpers.graphs import assert_isomorphic, store_dataset, union_graph


@pytest.fixture(scope="module")
def stored(seed_store):
    with kg.KnowledgeStore(seed_store, read_only=True) as store:
        return store_dataset(store)


def exported(store, fmt, **options) -> bytes:
    out = io.BytesIO()
    kg.export(out, format=fmt, store=store, **options)
    return out.getvalue()


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("ntriples", "nt")])
def test_triple_formats_round_trip_to_the_union_of_articles(seed_store, stored, fmt, rdflib_format):
    graph = Graph().parse(data=exported(seed_store, fmt).decode("utf-8"), format=rdflib_format)
    assert_isomorphic(union_graph(stored), graph)


@pytest.mark.parametrize("fmt, rdflib_format", [("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")])
def test_quad_formats_keep_a_named_graph_per_article(seed_store, stored, fmt, rdflib_format):
    dataset = Dataset().parse(data=exported(seed_store, fmt).decode("utf-8"), format=rdflib_format)
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {"https://w3id.org/kg-news/id/graph/000_869b093860f3ba4e"}
    for graph in stored.graphs():
        if len(graph):
            assert_isomorphic(graph, dataset.graph(graph.identifier))


def test_turtle_uses_readable_prefixes(seed_store):
    text = exported(seed_store, "turtle").decode("utf-8")
    assert "@prefix kgo: <https://w3id.org/kg-news/ontology#> ." in text
    assert "@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> ." in text
    assert "a kgo:Person" in text


def test_one_article_can_be_exported(seed_store):
    whole = exported(seed_store, "ntriples")
    one = exported(seed_store, "ntriples", article_id="000_869b093860f3ba4e")
    assert sorted(whole.splitlines()) == sorted(one.splitlines())
    with pytest.raises(kg.KgError, match="No article 'nope'"):
        exported(seed_store, "turtle", article_id="nope")


def test_the_stored_graph_is_the_graph_that_was_validated(seed_store, stored):
    ((article, doc),) = parse(read_articles([SEED]))
    _, article_graph = kg.analyze(article, doc)
    assert_isomorphic(article_graph.graph, stored.graph(article_graph.graph_iri))


def test_the_same_contents_export_byte_for_byte_the_same(tmp_path):
    texts = {"one": "date 2025-03-03\nSenator Mark Kelly met Governor Janet Mills in Augusta on Monday.\n",
             "two": "date 2025-03-04\nOn Friday, the actor Tom Hanks arrived in London for a premiere.\n"}
    paths = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    outputs = {}
    for order in ("forward", "backward"):
        store = tmp_path / order
        for path in (paths if order == "forward" else paths[::-1]):
            kg.ingest([path], store=store)
        for fmt in ("turtle", "nquads"):
            buffer = io.BytesIO()
            kg.export(buffer, format=fmt, store=store)
            outputs[order, fmt] = buffer.getvalue()
    assert outputs["forward", "turtle"] == outputs["backward", "turtle"]
    assert outputs["forward", "nquads"] == outputs["backward", "nquads"]
