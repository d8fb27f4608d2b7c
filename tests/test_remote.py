"""A SPARQL 1.1 server as the store: a real Oxigraph server on loopback, driven through the
SPARQL 1.1 Protocol and the Graph Store Protocol, gives the same ingest / query / export /
list / stats / remove results as the embedded store."""

import io
import shutil
import socket

import pytest
from conftest import SEED
from rdflib import Graph
from typer.testing import CliRunner

import kg
from kg.interfaces.cli import app
from kg.store.remote import RemoteStore

from helpers.graphs import assert_isomorphic, dataset_quads, store_dataset

OTHER = ("date 2025-02-14 Olaf Scholz met Emmanuel Macron in Paris. \u201cWe agree,\u201d Scholz said.\n\n"
         "On Friday, Hegseth said he would visit Berlin.")
PEOPLE = "SELECT ?name WHERE { ?p a kgo:Person ; rdfs:label ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("remote-articles")
    shutil.copy(SEED, folder / SEED.name)
    (folder / "paris.txt").write_text(OTHER)
    embedded = folder.parent / "embedded-store"
    kg.ingest([folder], store=embedded)
    return folder, embedded


def dataset(store):
    with kg.open_store(store, read_only=True) as opened:
        return dataset_quads(store_dataset(opened))


def turtle(store, **options) -> Graph:
    out = io.BytesIO()
    kg.export(out, format="turtle", store=store, **options)
    return Graph().parse(data=out.getvalue().decode("utf-8"), format="turtle")


def test_ingest_query_export_list_remove_on_a_server_match_the_embedded_store(oxigraph_server, articles, tmp_path):
    folder, embedded = articles
    report = kg.ingest([folder], store=oxigraph_server)
    assert report.count("added") == 2 and report.store == oxigraph_server and report.links == 1
    assert dataset(oxigraph_server) == dataset(embedded)  # same named graphs, same quads

    assert list(kg.query(PEOPLE, store=oxigraph_server)) == list(kg.query(PEOPLE, store=embedded))
    assert kg.query("ASK { ?p rdfs:label \"Olaf Scholz\" }", store=oxigraph_server).boolean is True
    assert_isomorphic(turtle(embedded), turtle(oxigraph_server))
    assert_isomorphic(turtle(embedded, article_id="paris"), turtle(oxigraph_server, article_id="paris"))
    assert kg.list_articles(store=oxigraph_server) == kg.list_articles(store=embedded)
    remote_stats, local_stats = kg.stats(store=oxigraph_server), kg.stats(store=embedded)
    assert (remote_stats.articles, remote_stats.quads, remote_stats.by_type, remote_stats.mentions) == \
           (local_stats.articles, local_stats.quads, local_stats.by_type, local_stats.mentions)

    again = kg.ingest([folder], store=oxigraph_server)
    assert again.count("unchanged") == 2

    # Removing the seed (it names Pete Hegseth in full) unlinks the surname-only Hegseth of the
    # other article, as on the embedded store.
    local_copy = tmp_path / "local"
    shutil.copytree(embedded, local_copy)
    removed_remote = kg.remove("000_869b093860f3ba4e", store=oxigraph_server)
    removed_local = kg.remove("000_869b093860f3ba4e", store=local_copy)
    assert removed_remote == removed_local and removed_remote.links == 1
    assert dataset(oxigraph_server) == dataset(local_copy)
    with RemoteStore(oxigraph_server) as store:
        assert store.article_graphs() == ["https://w3id.org/kg-news/id/graph/paris"]


def test_a_changed_article_replaces_its_graph_on_the_server(oxigraph_server, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("date 2024-03-01 Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Friday.")
    kg.ingest([story], store=oxigraph_server)
    story.write_text("date 2024-03-02 Chancellor Olaf Scholz visited Warsaw.")
    report = kg.ingest([story], store=oxigraph_server)
    assert [a.outcome for a in report.articles] == ["replaced"]
    fresh = tmp_path / "fresh"
    kg.ingest([story], store=fresh)
    assert dataset(oxigraph_server) == dataset(fresh)


def test_the_cli_takes_a_server_url_as_store(oxigraph_server, tmp_path):
    runner = CliRunner()
    story = tmp_path / "story.txt"
    story.write_text("Olaf Scholz visited Paris.")
    result = runner.invoke(app, ["ingest", str(story), "--store", oxigraph_server])
    assert result.exit_code == 0, result.output
    assert f"Store: {oxigraph_server}" in result.output
    result = runner.invoke(app, ["query", PEOPLE, "--store", oxigraph_server, "--format", "csv"])
    assert result.output.split() == ["name", "Olaf", "Scholz"]
    bad = runner.invoke(app, ["query", "SELECT ?x WHERE { ?x", "--store", oxigraph_server])
    assert bad.exit_code == kg.QueryError.exit_code
    assert "\n  SELECT ?x WHERE { ?x\n" in bad.output  # the caret line points into the query as written
    removed = runner.invoke(app, ["remove", "story", "--store", oxigraph_server])
    assert removed.exit_code == 0, removed.output
    assert runner.invoke(app, ["list", "--store", oxigraph_server]).output.startswith("The store holds no articles")


def test_an_unreachable_server_is_a_store_error():
    # A port bound and never listened on: connections to it are refused, and no other process can
    # take it (and answer) while the test holds it.
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{held.getsockname()[1]}"
        result = CliRunner().invoke(app, ["query", PEOPLE, "--store", url])
    assert result.exit_code == kg.StoreError.exit_code
    assert f"Cannot reach the SPARQL server at {url}/query" in result.output


def test_both_stores_take_the_protocol_dataset_arguments_alike(oxigraph_server, articles):
    """default_graphs / named_graphs (the SPARQL Protocol's default-graph-uri / named-graph-uri)
    choose the same dataset on a server as on the embedded store."""
    folder, embedded = articles
    kg.ingest([folder], store=oxigraph_server)
    seed = "https://w3id.org/kg-news/id/graph/000_869b093860f3ba4e"
    paris = "https://w3id.org/kg-news/id/graph/paris"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    with kg.open_store(oxigraph_server, read_only=True) as remote, kg.open_store(embedded, read_only=True) as local:
        def answers(store, sparql, **dataset):
            return [tuple(str(term) for term in row) for row in store.query(sparql, **dataset)]

        for dataset_args in ({"default_graphs": [seed]}, {"default_graphs": [paris]},
                             {"default_graphs": [seed], "named_graphs": [paris]}):
            assert answers(remote, count, **dataset_args) == answers(local, count, **dataset_args)
            assert answers(remote, graphs, **dataset_args) == answers(local, graphs, **dataset_args)
        assert answers(local, count, default_graphs=[paris]) != answers(local, count)  # the argument matters
        with pytest.raises(kg.QueryError):  # the server's merged default graph has no name to give
            remote.query(count, named_graphs=[paris])


def test_both_stores_are_the_one_store_interface(oxigraph_server, articles):
    from kg.store import Store

    _, embedded = articles
    with kg.open_store(oxigraph_server) as remote, kg.open_store(embedded, read_only=True) as local:
        assert isinstance(remote, Store) and isinstance(local, Store)
