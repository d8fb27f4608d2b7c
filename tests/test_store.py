"""Storing: one named graph per article, written whole or not at all, idempotent re-ingest,
replacement of a changed article, refusal of a graph that breaks a shape."""

import json

import pytest
from conftest import SEED
from rdflib import Literal
from rdflib.namespace import RDFS, XSD

import kg
from kg.errors import ShapeViolation, StoreError
from kg.namespaces import KGO, NIF, SCHEMA
from kg.pipeline.nlp import parse
from kg.pipeline.read import read_articles

from helpers.graphs import dataset_quads, store_dataset

ARTICLE = "date 2024-03-01 Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Friday. Scholz said France and Germany agree."


def snapshot(path):
    with kg.KnowledgeStore(path, read_only=True) as store:
        return dataset_quads(store_dataset(store))


def test_reingesting_the_seed_changes_nothing(tmp_path):
    store = tmp_path / "store"
    kg.ingest([SEED], store=store)
    before = snapshot(store)
    report = kg.ingest([SEED], store=store)
    assert [a.outcome for a in report.articles] == ["unchanged"]
    assert snapshot(store) == before


def test_each_article_is_its_own_named_graph(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    store = tmp_path / "store"
    kg.ingest([SEED, tmp_path / "a.txt"], store=store)
    with kg.KnowledgeStore(store, read_only=True) as opened:
        assert opened.article_graphs() == [
            "https://w3id.org/kg-news/id/graph/000_869b093860f3ba4e",
            "https://w3id.org/kg-news/id/graph/a",
        ]


def test_a_changed_article_replaces_its_graph(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE)
    store = tmp_path / "store"
    kg.ingest([path], store=store)
    path.write_text("date 2024-03-02 Chancellor Olaf Scholz visited Warsaw.")
    report = kg.ingest([path], store=store)
    assert [a.outcome for a in report.articles] == ["replaced"]
    people = {str(r[0]) for r in kg.query("SELECT ?n WHERE { ?p a kgo:Person ; rdfs:label ?n }", store=store)}
    assert people == {"Olaf Scholz"}
    dates = [str(r[0]) for r in kg.query("SELECT ?d WHERE { ?a schema:datePublished ?d }", store=store)]
    assert dates == ["2024-03-02"]

    # ... and the replaced store equals a store that only ever saw the new text.
    fresh = tmp_path / "fresh"
    kg.ingest([path], store=fresh)
    assert snapshot(store) == snapshot(fresh)


def test_a_graph_that_breaks_a_shape_is_refused_and_nothing_is_written(tmp_path):
    store_path = tmp_path / "store"
    kg.ingest([SEED], store=store_path)
    before = snapshot(store_path)

    (tmp_path / "a.txt").write_text(ARTICLE)
    ((article, doc),) = parse(read_articles([tmp_path / "a.txt"]))
    _, article_graph = kg.analyze(article, doc)
    graph = article_graph.graph
    scholz = next(s for s, _, o in graph.triples((None, RDFS.label, Literal("Olaf Scholz"))))
    graph.remove((scholz, RDFS.label, None))  # an entity without a name
    mention = next(graph.subjects(NIF.anchorOf, Literal("Paris")))
    graph.set((mention, NIF.endIndex, Literal(10_000, datatype=XSD.integer)))  # offsets past the text
    graph.set((article_graph.article_iri, SCHEMA.datePublished, Literal("13 February 2025")))  # wrong datatype

    with kg.KnowledgeStore(store_path) as store, pytest.raises(ShapeViolation) as refusal:
        kg.store_graph(article_graph, store)
    messages = [str(v) for v in refusal.value.violations]
    assert any("person:olaf-scholz" in m and "needs a non-empty name" in m for m in messages), messages
    assert any("do not slice the text back to the words Paris" in m for m in messages), messages
    assert any("schema:datePublished" in m and "13 February 2025" in m for m in messages), messages
    assert snapshot(store_path) == before


def test_a_refused_article_does_not_stop_the_others(tmp_path, monkeypatch):
    from kg.pipeline import analyze as analysis

    real = analysis.to_rdf

    def breaks_one(resolution, *graph):
        article_graph = real(resolution, *graph)
        if resolution.article.id == "bad":
            article_graph.graph.remove((article_graph.article_iri, KGO.textHash, None))
        return article_graph

    monkeypatch.setattr(analysis, "to_rdf", breaks_one)
    lines = [{"id": "bad", "text": "Olaf Scholz spoke in Berlin."}, {"id": "good", "text": "Emmanuel Macron spoke in Paris."}]
    source = tmp_path / "two.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines))
    report = kg.ingest([source], store=tmp_path / "store")
    assert [(a.article_id, a.outcome) for a in report.articles] == [("bad", "refused"), ("good", "added")]
    assert "An article needs exactly one SHA-256 text hash" in str(report.articles[0].violations[0])
    with kg.KnowledgeStore(tmp_path / "store", read_only=True) as store:
        assert store.article_graphs() == ["https://w3id.org/kg-news/id/graph/good"]


def test_a_second_writer_is_told_the_store_is_in_use(tmp_path):
    with kg.KnowledgeStore(tmp_path / "store"):
        with pytest.raises(StoreError, match="in use by another kg process"):
            kg.KnowledgeStore(tmp_path / "store")


def test_reading_a_store_that_does_not_exist(tmp_path):
    with pytest.raises(StoreError, match="No kg store at .*Ingest articles first"):
        kg.query("ASK {}", store=tmp_path / "none")


def test_the_store_validates_article_by_article(tmp_path):
    kg.ingest([SEED], store=tmp_path / "store")
    result = kg.validate(store=tmp_path / "store")
    assert result.conforms and result.articles == 1


def test_validate_names_the_article_that_breaks_a_shape(tmp_path):
    store = tmp_path / "store"
    other = tmp_path / "other.txt"
    other.write_text("date 2025-04-01\nAnna Lindqvist met Peter Hollis in Oslo on Monday.\n", encoding="utf-8")
    kg.ingest([SEED, other], store=store)
    # Damage one stored article behind kg's back: an entity loses its name, a date its type.
    with kg.KnowledgeStore(store) as opened:
        opened.update(
            "DELETE { GRAPH ?g { ?e rdfs:label ?l } } WHERE { GRAPH ?g { ?a schema:identifier 'other' . ?e rdfs:label ?l . "
            "FILTER (?e = <https://w3id.org/kg-news/id/person/peter-hollis>) } }"
        )
    result = kg.validate(store=store)
    assert not result.conforms and result.articles == 2
    assert list(result.failures) == ["other"]
    assert any("needs a non-empty name" in v.message for v in result.failures["other"])
    from typer.testing import CliRunner

    from kg.interfaces.cli import app

    cli = CliRunner().invoke(app, ["validate", "--store", str(store)])
    assert cli.exit_code == ShapeViolation.exit_code
    assert "Article 'other' breaks" in cli.output and "1 article of 2 do not conform" in cli.output


def test_readers_keep_working_while_a_writer_holds_the_store(tmp_path):
    """A reader sees the store as it was when it opened; writes after that show at its next open."""
    import subprocess
    import sys

    store = tmp_path / "store"
    kg.ingest([SEED], store=store)
    count = f"import kg; print(len(kg.list_articles(store={str(store)!r})))"
    other = tmp_path / "other.txt"
    other.write_text("date 2025-04-01\nAnna Lindqvist met Peter Hollis in Oslo on Monday.\n", encoding="utf-8")
    with kg.KnowledgeStore(store) as writer:  # holds the write lock, as a running kg ingest does
        during = subprocess.run([sys.executable, "-c", count], capture_output=True, text=True, timeout=120)
        assert during.returncode == 0, during.stderr
        assert during.stdout.strip() == "1"
        kg.ingest([other], store=writer)
        after = subprocess.run([sys.executable, "-c", count], capture_output=True, text=True, timeout=120)
        assert after.stdout.strip() == "2"
