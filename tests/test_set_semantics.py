"""The default graph is an RDF graph, a set: with several articles stating the same triples,
every README example and every shipped query gives the rows and counts of a store holding each
fact once — embedded, through `kg serve` and on an Oxigraph server — and a query's own FROM is
honoured. The merged default graph stays the set union of the article graphs through ingest,
replace, remove, cross-article linking and updates."""

import re
import shutil
from collections import Counter
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from conftest import ROOT, SEED
from typer.testing import CliRunner

import kg
from kg.interfaces.cli import app
from kg.namespaces import PREFIXES
from kg.store import KnowledgeStore
from kg.terms import to_rdflib

from helpers.live_server import live_server

# Short articles of our own that share entities (and so triples) with the seed and each other.
PUTIN_NATO = ("date 2025-02-20\n"
              "Russian President Vladimir Putin spoke with Donald Trump on Wednesday about the war in Ukraine. "
              "Putin said NATO should stop its expansion toward Russia.\n\n"
              "Pete Hegseth visited NATO headquarters in Brussels on Thursday. \u201cWe will talk to everyone,\u201d "
              "Hegseth said.\n")
PUTIN_ONLY_BY_SURNAME = ("date 2025-02-21\n"
                         "Putin told reporters in Moscow that NATO was a threat to Russia. "
                         "Donald Trump said he would meet Putin in Saudi Arabia.\n")

NOWHERE = "https://w3id.org/kg-news/id/graph/nonexistent"
FROM_NOWHERE = f"SELECT (COUNT(*) AS ?n) FROM <{NOWHERE}> WHERE {{ ?s ?p ?o }}"


def readme_queries() -> list[str]:
    """Every SPARQL query the README shows: `kg query '...'` lines, curl's query= and the Python example."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"kg query '([^']+)'", text)
    found += re.findall(r"--data-urlencode 'query=([^']+)'", text)
    found += re.findall(r'kg\.query\("([^"]+)"', text)
    return found


QUERIES = readme_queries() + [path.read_text(encoding="utf-8") for path in sorted((ROOT / "queries").glob("*.rq"))]


def test_the_readme_and_queries_folder_give_queries():
    assert len(readme_queries()) >= 6 and len(QUERIES) >= 20


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("setsem-articles")
    shutil.copy(SEED, folder / SEED.name)
    (folder / "putin-nato.txt").write_text(PUTIN_NATO, encoding="utf-8")
    (folder / "putin-surname.txt").write_text(PUTIN_ONLY_BY_SURNAME, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def store(articles, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("setsem") / "store"
    report = kg.ingest([articles], store=path)
    assert report.count("added") == 3 and report.links >= 1  # "Putin" alone joined Vladimir Putin
    return path


def article_quads(store) -> list[ox.Quad]:
    with kg.open_store(store, read_only=True) as opened:
        return list(opened.quads())


def reference(quads: list[ox.Quad]) -> ox.Store:
    """A store where each fact is stored once: the article graphs as named graphs, and as the
    default graph the set of their triples, computed here from the quads."""
    memory = ox.Store()
    memory.extend(quads)
    memory.extend(ox.Quad(*triple) for triple in {q.triple for q in quads})
    return memory


def rows_of(result) -> Counter:
    if isinstance(result, ox.QueryBoolean):
        return Counter([bool(result)])
    if isinstance(result, ox.QuerySolutions):
        return Counter(tuple(str(to_rdflib(term)) for term in solution) for solution in result)
    return Counter(str(triple) for triple in result)


def expected_rows(quads, sparql: str) -> Counter:
    return rows_of(reference(quads).query(sparql, prefixes=PREFIXES))


def default_graph(store) -> set:
    with KnowledgeStore(store, read_only=True) as opened:
        return {q.triple for q in opened._store.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def assert_merged_graph_exact(store) -> None:
    union = {q.triple for q in article_quads(store)}
    assert default_graph(store) == union


# --- embedded -------------------------------------------------------------------------------


def test_shared_triples_are_stated_by_several_articles(store):
    """The test means something: the articles share triples, so a bag union would count them again."""
    quads = article_quads(store)
    stated = Counter(q.triple for q in quads)
    assert sum(1 for n in stated.values() if n >= 2) > 20
    memory = ox.Store()
    memory.extend(quads)
    bag = "SELECT (COUNT(*) AS ?n) WHERE { ?x a kgo:Person }"
    as_bag = next(iter(memory.query(bag, prefixes=PREFIXES, use_default_graph_as_union=True)))["n"].value
    assert int(as_bag) > int(str(kg.query(bag, store=store).rows[0][0]))


@pytest.mark.parametrize("sparql", QUERIES, ids=[f"q{n:02d}" for n in range(len(QUERIES))])
def test_every_example_query_counts_each_fact_once(store, sparql):
    result = kg.query(sparql, store=store)
    got = Counter(tuple(str(term) for term in row) for row in result.rows)
    assert got == expected_rows(article_quads(store), sparql)


def test_people_counted_once_and_mentions_per_person_are_right(store):
    people = kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?x a kgo:Person }", store=store)
    persons = {str(row[0]) for row in kg.query("SELECT DISTINCT ?x WHERE { GRAPH ?g { ?x a kgo:Person } }", store=store)}
    assert int(str(people.rows[0][0])) == len(persons)
    mentions = kg.query("SELECT (COUNT(?m) AS ?n) WHERE { ?m itsrdf:taIdentRef <https://w3id.org/kg-news/id/person/vladimir-putin> }", store=store)
    stored = kg.query("SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m itsrdf:taIdentRef <https://w3id.org/kg-news/id/person/vladimir-putin> } }",
                      store=store)
    assert mentions.rows[0][0] == stored.rows[0][0]


def test_the_merged_default_graph_is_the_set_union_after_ingest_and_linking(store):
    assert_merged_graph_exact(store)
    assert "https://w3id.org/kg-news/id/person/putin" not in {str(t.subject.value) for t in default_graph(store)}


def test_from_is_honoured(store):
    runner = CliRunner()
    result = runner.invoke(app, ["query", FROM_NOWHERE, "--store", str(store), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.split()[-1] == "0"
    seed_graph = "https://w3id.org/kg-news/id/graph/000_869b093860f3ba4e"
    in_seed = kg.query(f"SELECT (COUNT(*) AS ?n) FROM <{seed_graph}> WHERE {{ ?s ?p ?o }}", store=store)
    assert int(str(in_seed.rows[0][0])) == sum(1 for q in article_quads(store) if q.graph_name.value == seed_graph)
    named = kg.query(f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{seed_graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                     store=store)
    assert str(named.rows[0][0]) == "1"


def test_quads_len_stats_and_list_do_not_see_the_default_graph(store):
    quads = article_quads(store)
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in quads)
    with KnowledgeStore(store, read_only=True) as opened:
        assert len(opened) == len(quads)
    assert kg.stats(store=store).quads == len(quads)
    assert sum(info.triples for info in kg.list_articles(store=store)) == len(quads)


def test_remove_and_replace_keep_the_merged_graph_exact(store, tmp_path):
    path = tmp_path / "store"
    shutil.copytree(store, path)  # the three articles, already ingested
    kg.remove("putin-nato", store=path)
    assert_merged_graph_exact(path)
    changed = tmp_path / "putin-nato.txt"
    changed.write_text(PUTIN_NATO.replace("Brussels", "Berlin"), encoding="utf-8")
    assert kg.ingest([changed], store=path).count("added") == 1
    changed.write_text(PUTIN_NATO.replace("Brussels", "Madrid"), encoding="utf-8")
    assert kg.ingest([changed], store=path).count("replaced") == 1
    assert_merged_graph_exact(path)
    # The seed named Putin in full: without it the surname-only article's link is undone.
    kg.remove(SEED.stem, store=path)
    assert_merged_graph_exact(path)
    for article in ("putin-nato", "putin-surname"):
        kg.remove(article, store=path)
    assert default_graph(path) == set()


def test_an_update_keeps_the_merged_graph_exact(store, tmp_path):
    path = tmp_path / "store"
    shutil.copytree(store, path)
    extra = "https://w3id.org/kg-news/id/graph/extra"
    with KnowledgeStore(path) as opened:
        opened.update(f"INSERT DATA {{ GRAPH <{extra}> {{ <https://w3id.org/kg-news/id/person/vladimir-putin> a kgo:Person . "
                      f"kgr:x kgo:y kgr:z }} }} ; INSERT DATA {{ kgr:only kgo:in kgr:default }}")
    assert_merged_graph_exact(path)
    with KnowledgeStore(path) as opened:
        opened.update(f"DROP GRAPH <{extra}>")
    assert_merged_graph_exact(path)


# --- stores written by the previous version -------------------------------------------------


def old_store(store, path: Path) -> list[ox.Quad]:
    """A store as kg wrote it before the merged default graph: article graphs only."""
    quads = article_quads(store)
    old = ox.Store(str(path))
    old.extend(quads)
    old.flush()
    del old
    return quads


def test_an_older_store_gets_its_merged_graph_when_opened(store, tmp_path):
    quads = old_store(store, tmp_path / "old")
    people = "SELECT (COUNT(*) AS ?n) WHERE { ?x a kgo:Person }"
    assert Counter(tuple(str(t) for t in r) for r in kg.query(people, store=tmp_path / "old").rows) == expected_rows(quads, people)
    assert_merged_graph_exact(tmp_path / "old")
    old_store(store, tmp_path / "old-for-writing")
    with KnowledgeStore(tmp_path / "old-for-writing"):
        pass
    assert_merged_graph_exact(tmp_path / "old-for-writing")


def test_an_older_store_being_written_by_another_process_is_refused_with_a_reason(store, tmp_path):
    old_store(store, tmp_path / "old")
    writer = ox.Store(str(tmp_path / "old"))  # holds the store's lock, as an older kg writing it would
    try:
        result = CliRunner().invoke(app, ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--store", str(tmp_path / "old")])
    finally:
        del writer
    assert result.exit_code == 6, result.output
    assert "older kg" in result.output and "Traceback" not in result.output


# --- through kg serve -----------------------------------------------------------------------


def served_rows(url: str, sparql: str) -> Counter:
    response = httpx.post(url, data={"query": sparql}, headers={"Accept": "application/sparql-results+json, text/turtle"},
                          timeout=60)
    assert response.status_code == 200, response.text
    if response.headers["content-type"].startswith("application/sparql-results+json"):
        return rows_of(ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON))
    return rows_of(ox.parse(response.content, ox.RdfFormat.TURTLE))


def test_kg_serve_counts_each_fact_once_and_honours_from(store):
    quads = article_quads(store)
    with live_server(store) as running:
        for sparql in QUERIES:
            assert served_rows(running.sparql, sparql) == expected_rows(quads, sparql), sparql
        assert served_rows(running.sparql, FROM_NOWHERE) == Counter({("0",): 1})


def test_kg_serve_updates_keep_the_merged_graph_exact(store, tmp_path):
    path = tmp_path / "store"
    shutil.copytree(store, path)
    headers = {"Authorization": "Bearer tok"}
    with live_server(path, "--allow-update", "--token", "tok") as running:
        response = httpx.post(running.sparql, headers=headers, timeout=60, data={
            "update": "DELETE WHERE { GRAPH <https://w3id.org/kg-news/id/graph/putin-nato> { ?s ?p ?o } }"})
        assert response.status_code == 204, response.text
    assert_merged_graph_exact(path)


# --- on an Oxigraph server ------------------------------------------------------------------


def remote_rows(remote, sparql: str) -> Counter:
    return rows_of(remote.query(sparql))


def test_an_oxigraph_server_counts_each_fact_once_and_stays_exact(oxigraph_server, articles, store):
    kg.ingest([articles], store=oxigraph_server)
    quads = article_quads(store)
    with kg.open_store(oxigraph_server) as remote:
        assert Counter(q.triple for q in remote.quads()) == Counter(q.triple for q in quads)
        for sparql in QUERIES:
            assert remote_rows(remote, sparql) == expected_rows(quads, sparql), sparql
        assert remote_rows(remote, FROM_NOWHERE) == Counter({("0",): 1})
        assert len(remote) == len(quads)
    kg.remove("putin-nato", store=oxigraph_server)
    with kg.open_store(oxigraph_server, read_only=True) as remote:
        named = {q.triple for q in remote.quads()}
        default = {ox.Triple(r["s"], r["p"], r["o"]) for r in remote.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")}
    assert default == named


def test_an_oxigraph_server_filled_by_an_older_kg_gets_its_merged_graph(oxigraph_server, store):
    quads = article_quads(store)
    loaded = httpx.post(oxigraph_server + "/store", content=ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
                        headers={"Content-Type": "application/n-quads"}, timeout=60)
    assert loaded.status_code in (200, 201, 204), loaded.text
    people = "SELECT (COUNT(*) AS ?n) WHERE { ?x a kgo:Person }"
    with kg.open_store(oxigraph_server, read_only=True) as remote:
        assert remote_rows(remote, people) == expected_rows(quads, people)
        default = {ox.Triple(r["s"], r["p"], r["o"]) for r in remote.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")}
    assert default == {q.triple for q in quads}
