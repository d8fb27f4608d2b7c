"""Batch ingestion: streaming with bounded memory, several articles per transaction, --jobs N
giving the same graph as one process, resume after an interrupted batch, progress output."""

import signal
import subprocess
import sys

import pytest

import kg
from kg.namespaces import KGO, graph_iri
from kg.store import KnowledgeStore, SerializedArticle

from helpers.corpus import write_corpus
from helpers.graphs import stored_quads


def graph_names(path) -> list[str]:
    with KnowledgeStore(path, read_only=True) as store:
        return store.article_graphs()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder / "news.jsonl", 20, surname_only=2)
    reference = folder / "reference-store"
    report = kg.ingest([folder / "news.jsonl"], store=reference)
    assert report.count("added") == 20
    return folder / "news.jsonl", reference


@pytest.mark.slow
def test_two_jobs_give_the_same_graph_as_one(tmp_path, corpus):
    source, reference = corpus
    report = kg.ingest([source], store=tmp_path / "store", jobs=2)
    assert report.count("added") == 20 and report.count("refused") == 0
    assert [a.article_id for a in report.articles] == [f"story-{n:03d}" for n in range(20)]  # input order
    assert stored_quads(tmp_path / "store") == stored_quads(reference)
    assert report.links >= 2  # the surname-only Scholz articles link to Olaf Scholz across articles


def test_a_second_run_skips_what_is_stored_and_only_links_again(corpus, tmp_path):
    source, reference = corpus
    before = stored_quads(reference)
    report = kg.ingest([source], store=reference)
    assert report.count("unchanged") == 20 and report.model_seconds == 0.0
    assert stored_quads(reference) == before


def test_batches_hold_whole_articles_and_a_repeated_article_is_written_in_order(tmp_path):
    def article(name: str, text_hash: str, label: str) -> SerializedArticle:
        iri = str(graph_iri(name))
        return SerializedArticle(name, iri, text_hash,
                                 f'<{iri}> <http://www.w3.org/2000/01/rdf-schema#label> "{label}" .\n'
                                 f'<{iri}> <{KGO.textHash}> "{text_hash}" .\n'.encode())

    with KnowledgeStore(tmp_path / "store") as store:
        outcomes = store.put_articles([article("a", "1", "first"), article("b", "1", "b"), article("a", "2", "second"),
                                       article("b", "1", "b")])
        assert [o.outcome for o in outcomes] == ["added", "added", "replaced", "unchanged"]
        labels = {q.object.value for q in store.quads(str(graph_iri("a"))) if q.predicate.value.endswith("label")}
        assert labels == {"second"}
        outcomes = store.put_articles([article("c", "1", "c"), article("b", "2", "b2")])
        assert [o.outcome for o in outcomes] == ["added", "replaced"]
        assert {q.object.value for q in store.quads(str(graph_iri("b")))} == {"b2", "2"}
        assert len(store) == 6


def test_report_without_results_keeps_counts_and_refusals(tmp_path):
    source = tmp_path / "two.jsonl"
    source.write_text('{"id": "x", "text": "Olaf Scholz visited Paris."}\n{"id": "y", "text": "Emmanuel Macron visited Berlin."}\n')
    report = kg.ingest([source], store=tmp_path / "store", keep_results=False)
    assert report.articles == [] and report.count("added") == 2 and report.total == 2
    assert report.words == 8


# An ingest killed the hard way right after its first batch is stored: `on_article` hears an
# article only once the transaction holding it is committed. A batch per chunk of parsed articles
# (chunks hold at most half of a short input) makes sure the first batch cannot hold them all,
# whatever the speed of the machine.
_KILLED_AFTER_THE_FIRST_BATCH = """
import os, signal, sys
import kg
from kg.ingest import BatchWriter
BatchWriter.BATCH_SECONDS = 0.0
kg.ingest([sys.argv[1]], store=sys.argv[2], on_article=lambda result: os.kill(os.getpid(), signal.SIGKILL))
"""


@pytest.mark.slow
def test_an_interrupted_batch_resumes_and_stores_every_article_once(tmp_path):
    source = tmp_path / "news.jsonl"
    articles = 24
    write_corpus(source, articles, surname_only=3)
    store = tmp_path / "store"
    killed = subprocess.run([sys.executable, "-c", _KILLED_AFTER_THE_FIRST_BATCH, str(source), str(store)],
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    stored = graph_names(store)
    assert 0 < len(stored) < articles

    report = kg.ingest([source], store=store)
    assert report.count("unchanged") == len(stored)
    assert report.count("added") == articles - len(stored)
    assert len(graph_names(store)) == articles

    fresh = tmp_path / "fresh"
    kg.ingest([source], store=fresh)
    assert stored_quads(store) == stored_quads(fresh)


def test_progress_is_a_line_now_and_then_when_not_on_a_terminal(tmp_path):
    source = tmp_path / "seven.jsonl"
    write_corpus(source, 7)
    result = subprocess.run([sys.executable, "-m", "kg", "ingest", str(source), "--store", str(tmp_path / "s")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("Ingesting: ")]
    assert len(lines) == 1 and "/7 articles" in lines[0] and "words/s" in lines[0]
    assert "7 articles (7 added)" in result.stdout
