"""`kg serve` as a SPARQL 1.1 Protocol endpoint, driven over real HTTP on 127.0.0.1 by standard
clients (SPARQLWrapper, curl, rdflib's SPARQLStore): every result format, the read-only default,
SERVICE refused, size limits, the query timeout, errors without paths, and a store written by
`kg ingest` while the server runs."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import urllib.error
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

import kg
from kg.interfaces.serve import classify, negotiate

from helpers.live_server import alive, live_server

PUTIN = "https://w3id.org/kg-news/id/person/vladimir-putin"
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside SPARQLWrapper
PEOPLE = "SELECT ?name WHERE { ?p a kgo:Person ; rdfs:label ?name } ORDER BY ?name"
SEED_PEOPLE = ["Donald Trump", "Pete Hegseth", "Vladimir Putin", "Zelenskyy"]
PUTIN_GRAPH = f"CONSTRUCT {{ <{PUTIN}> ?p ?o }} WHERE {{ <{PUTIN}> ?p ?o }}"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~1.8e9 rows on the seed
TIMEOUT = 2


@pytest.fixture(scope="module")
def server(seed_store):
    with live_server(seed_store, "--timeout", str(TIMEOUT), "--max-query", "5000", "--max-result", "100000") as running:
        yield running


def curl(server, *args: str) -> tuple[int, str, str]:
    """(status, content type, body) of a curl request to the endpoint."""
    result = subprocess.run(["curl", "-sS", "-o", "-", "-w", "\n%{http_code} %{content_type}", *args, server.sparql],
                            capture_output=True, text=True, timeout=60, check=True)
    body, _, status_line = result.stdout.rpartition("\n")
    status, _, content_type = status_line.partition(" ")
    return int(status), content_type, body


# --- reading requests (no server) --------------------------------------------------------

@pytest.mark.parametrize("sparql, form, service", [
    ("SELECT * WHERE { ?s ?p ?o }", "select", False),
    ("PREFIX ex: <http://example.org/#> # a comment with DELETE\n ask { ?s ex:p 'INSERT' }", "ask", False),
    ("BASE <http://x/> CONSTRUCT WHERE { ?s ?p ?o }", "construct", False),
    ("DESCRIBE <http://x>", "describe", False),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "update", False),
    ("prefix x: <http://x#> clear all", "update", False),
    ("LOAD <http://example.org/data.ttl>", "update", False),
    ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "select", True),
    ("SELECT * { ?s ?p \"SERVICE\" . ?service ?x ex:service }", "select", False),
])
def test_the_query_form_and_service_calls_are_read_by_a_sparql_parser(sparql, form, service):
    operation = classify(sparql)
    assert (operation.form, operation.reaches_out) == (form, service or "LOAD" in sparql)


def test_content_negotiation_picks_the_best_offered_format():
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", "select")[0] == "application/sparql-results+xml"
    assert negotiate("application/json", "ask")[0] == "application/sparql-results+json"
    assert negotiate(None, "select")[0] == "application/sparql-results+json"
    assert negotiate("application/n-triples, */*;q=0.1", "construct")[0] == "application/n-triples"
    assert negotiate("image/png", "describe")[0] == "text/turtle"  # the default, not an error
    assert negotiate("text/turtle;q=0, application/ld+json;q=0.4", "construct")[0] == "application/ld+json"


def test_content_negotiation_wildcards_aliases_and_odd_headers():
    assert negotiate("text/*", "select")[0] == "text/csv"  # the first offered text/ type
    assert negotiate("application/*", "construct")[0] == "application/n-triples"
    assert negotiate("*/*", "construct") == ("text/turtle", "TURTLE")
    assert negotiate("text/plain", "construct") == ("application/n-triples", "N_TRIPLES")  # an alias
    assert negotiate("text/xml;q=0.9, text/csv;q=0.2", "select") == ("application/sparql-results+xml", "XML")
    assert negotiate("application/xml", "construct")[0] == "text/turtle"  # results XML is no graph format
    assert negotiate("TEXT/CSV", "select")[0] == "text/csv"  # media types are case-insensitive
    assert negotiate("text/csv;q=abc, text/tab-separated-values;q=0.1", "select")[0] == "text/tab-separated-values"
    assert negotiate("*/*;q=0.9, text/tab-separated-values;q=0.9", "select")[0] == "text/tab-separated-values"  # more specific
    assert negotiate("", "ask")[0] == "application/sparql-results+json"


# --- SPARQLWrapper ----------------------------------------------------------------------

def wrapper(server, query: str, fmt, method=None) -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client


@pytest.mark.parametrize("method", [None, POST])
def test_sparqlwrapper_select_in_json_xml_csv_and_tsv(server, method):
    bindings = wrapper(server, PEOPLE, JSON, method).queryAndConvert()["results"]["bindings"]
    assert [b["name"]["value"] for b in bindings] == SEED_PEOPLE

    document = wrapper(server, PEOPLE, XML, method).queryAndConvert()  # a parsed DOM
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert literals == SEED_PEOPLE

    rows = list(csv.reader(io.StringIO(wrapper(server, PEOPLE, CSV, method).queryAndConvert().decode())))
    assert rows == [["name"], *[[n] for n in SEED_PEOPLE]]

    lines = wrapper(server, PEOPLE, TSV, method).queryAndConvert().decode().splitlines()
    assert lines == ["?name", *[f'"{n}"' for n in SEED_PEOPLE]]


def test_sparqlwrapper_ask(server):
    assert wrapper(server, "ASK { ?p rdfs:label 'Vladimir Putin' }", JSON).queryAndConvert()["boolean"] is True
    assert wrapper(server, "ASK { ?p rdfs:label 'Nobody' }", JSON).queryAndConvert()["boolean"] is False


@pytest.mark.parametrize("fmt, content_type", [
    (TURTLE, "text/turtle"), (N3, "text/turtle"), (JSONLD, "application/ld+json"), (RDFXML, "application/rdf+xml")])
def test_sparqlwrapper_construct_in_rdf_formats(server, fmt, content_type):
    result = wrapper(server, PUTIN_GRAPH, fmt).query()
    assert result.info()["content-type"].startswith(content_type)
    graph = result.convert()
    if not isinstance(graph, rdflib.Graph):
        graph = rdflib.Graph().parse(data=graph, format={"text/turtle": "turtle"}[content_type])
    assert (rdflib.URIRef(PUTIN), rdflib.RDFS.label, rdflib.Literal("Vladimir Putin")) in graph
    assert (rdflib.URIRef(PUTIN), rdflib.OWL.sameAs, rdflib.URIRef("http://www.wikidata.org/entity/Q7747")) in graph


def test_sparqlwrapper_sees_errors_as_errors(server):
    with pytest.raises(QueryBadFormed):
        wrapper(server, "SELECT * WHERE { ?s ?p }", JSON).query()
    with pytest.raises(urllib.error.HTTPError) as refused:  # SPARQLWrapper passes a 403 on as it is
        wrapper(server, "DELETE WHERE { ?s ?p ?o }", JSON, POST).query()
    assert refused.value.code == 403


# --- curl -------------------------------------------------------------------------------

SELECT_FORMATS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"]
GRAPH_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld"}


def people_in(content_type: str, body: str) -> list[str]:
    if content_type.startswith("application/sparql-results+json"):
        return [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    if content_type.startswith("application/sparql-results+xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        return [node.text for node in ET.fromstring(body).findall(".//r:literal", ns)]
    if content_type.startswith("text/csv"):
        return [row[0] for row in list(csv.reader(io.StringIO(body)))[1:]]
    return [line.strip('"') for line in body.splitlines()[1:]]


@pytest.mark.parametrize("accept", SELECT_FORMATS)
@pytest.mark.parametrize("style", ["get", "form", "body"])
def test_curl_select_in_every_result_format(server, accept, style):
    request = {"get": ["-G", "--data-urlencode", f"query={PEOPLE}"],
               "form": ["--data-urlencode", f"query={PEOPLE}"],
               "body": ["-H", "Content-Type: application/sparql-query", "--data-binary", PEOPLE]}[style]
    status, content_type, body = curl(server, "-H", f"Accept: {accept}", *request)
    assert status == 200
    assert content_type.startswith(accept)
    assert people_in(content_type, body) == SEED_PEOPLE


@pytest.mark.parametrize("accept", SELECT_FORMATS)
def test_curl_ask_in_every_result_format(server, accept):
    status, content_type, body = curl(server, "-H", f"Accept: {accept}", "--data-urlencode", "query=ASK { ?p a kgo:Person }")
    assert status == 200 and content_type.startswith(accept)
    assert "true" in body


@pytest.mark.parametrize("accept, rdf_format", GRAPH_FORMATS.items())
@pytest.mark.parametrize("form", ["construct", "describe"])
def test_curl_construct_and_describe_in_every_rdf_format(server, accept, rdf_format, form):
    query = PUTIN_GRAPH if form == "construct" else f"DESCRIBE <{PUTIN}>"
    status, content_type, body = curl(server, "-H", f"Accept: {accept}", "--data-urlencode", f"query={query}")
    assert status == 200 and content_type.startswith(accept)
    graph = rdflib.Graph().parse(data=body, format=rdf_format)
    assert (rdflib.URIRef(PUTIN), rdflib.RDFS.label, rdflib.Literal("Vladimir Putin")) in graph
    assert (rdflib.URIRef(PUTIN), rdflib.URIRef("https://w3id.org/kg-news/ontology#spokeWith"),
            rdflib.URIRef("https://w3id.org/kg-news/id/person/donald-trump")) in graph


# --- rdflib's SPARQLStore ---------------------------------------------------------------

@pytest.mark.parametrize("return_format", ["json", "xml", "csv", "tsv"])
def test_rdflib_sparqlstore_select_and_ask(server, return_format):
    graph = rdflib.Graph(store=SPARQLStore(server.sparql, returnFormat=return_format))
    names = [str(row[0]) for row in graph.query(PEOPLE.replace("kgo:", "<https://w3id.org/kg-news/ontology#").replace(
        "Person ;", "Person> ;").replace("rdfs:label", "<http://www.w3.org/2000/01/rdf-schema#label>"))]
    assert names == SEED_PEOPLE
    if return_format in ("json", "xml"):
        assert graph.query("ASK { ?p <http://www.w3.org/2000/01/rdf-schema#label> 'Vladimir Putin' }").askAnswer is True


def test_rdflib_sparqlstore_construct_and_triples(server):
    store = SPARQLStore(server.sparql, returnFormat="xml")
    graph = rdflib.Graph(store=store)
    constructed = graph.query(PUTIN_GRAPH.replace("kgo:", "<https://w3id.org/kg-news/ontology#"))
    assert (rdflib.URIRef(PUTIN), rdflib.RDFS.label, rdflib.Literal("Vladimir Putin")) in set(constructed)
    labels = set(graph.objects(rdflib.URIRef(PUTIN), rdflib.SKOS.altLabel))
    assert labels == {rdflib.Literal("Putin")}


# --- what the endpoint refuses ----------------------------------------------------------

@pytest.mark.parametrize("request_args", [
    ["--data-urlencode", "update=INSERT DATA { <http://a> <http://b> <http://c> }"],
    ["-H", "Content-Type: application/sparql-update", "--data-binary", "DROP ALL"],
    ["--data-urlencode", "update=CLEAR ALL"],
    ["--data-urlencode", "update=LOAD <http://example.org/data.ttl>"],
    ["--data-urlencode", "query=DELETE WHERE { ?s ?p ?o }"],
    ["-G", "--data-urlencode", "query=CLEAR DEFAULT"],
], ids=["insert", "drop-body", "clear", "load", "delete-as-query", "clear-get"])
def test_updates_are_refused_by_default(server, seed_store, request_args):
    before = len(kg.query("SELECT * WHERE { ?s ?p ?o }", store=seed_store))
    status, _, body = curl(server, *request_args)
    assert status == 403
    assert "read-only" in body
    assert len(kg.query("SELECT * WHERE { ?s ?p ?o }", store=seed_store)) == before


def test_service_is_refused_unless_allowed(server):
    status, _, body = curl(server, "--data-urlencode", f"query=SELECT * WHERE {{ SERVICE <{server.sparql}> {{ ?s ?p ?o }} }}")
    assert status == 403 and "--allow-service" in body
    # the word inside a string or a variable name is no SERVICE call
    status, _, _ = curl(server, "--data-urlencode", "query=SELECT ?service WHERE { ?service rdfs:label 'SERVICE' }")
    assert status == 200


def test_a_slow_query_is_stopped_with_a_clear_status_and_the_server_goes_on(server):
    before = set(server.processes())
    response = httpx.post(server.sparql, data={"query": CROSS_JOIN}, timeout=60)
    assert response.status_code == 503
    assert f"longer than the {TIMEOUT} s limit" in response.text
    # Stopped, not left running: the worker that ran it was killed before the answer was sent.
    assert any(not alive(pid) for pid in before)
    again = httpx.get(server.sparql, params={"query": PEOPLE}, headers={"Accept": "text/csv"}, timeout=30)
    assert again.status_code == 200 and "Vladimir Putin" in again.text


def test_long_queries_and_bodies_are_refused_with_413(server):
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 6000
    assert httpx.post(server.sparql, data={"query": long_query}, timeout=30).status_code == 413
    status, _, body = curl(server, "-H", "Content-Type: application/sparql-query", "--data-binary", "@-")  # empty body
    assert status == 400
    huge = httpx.post(server.sparql, content=b"#" * 200_000, headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert huge.status_code == 413 and "larger than" in huge.text


def test_a_result_over_the_size_limit_is_refused_with_422(server):
    response = httpx.get(server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
    assert response.status_code == 422
    assert "add a LIMIT" in response.text


def test_error_bodies_name_no_paths(server):
    responses = [
        httpx.post(server.sparql, data={"query": "SELECT * WHERE { ?s ?p }"}, timeout=30),
        httpx.post(server.sparql, data={"query": CROSS_JOIN}, timeout=30),
        httpx.post(server.sparql, data={"update": "DROP ALL"}, timeout=30),
        httpx.post(server.sparql, data={"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 6000}, timeout=30),
        httpx.post(server.sparql, content=b"x", headers={"Content-Type": "text/plain"}, timeout=30),
        httpx.get(server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30),
        httpx.get(server.url + "/entity", params={"name": "Nobody"}, timeout=30),
        httpx.get(server.url + "/static/../../etc/passwd", timeout=30),
        httpx.get(server.url + "/article", params={"id": "missing"}, timeout=30),
    ]
    store = str(server.store)
    for response in responses:
        assert response.status_code >= 400
        for forbidden in (store, str(Path(store).resolve()), str(Path.home()), "/tmp/", "site-packages", "Traceback"):
            assert forbidden not in response.text, (response.status_code, response.text)


def test_the_server_listens_on_loopback_by_default(server):
    assert "--host" not in server.process.args
    assert server.url.startswith("http://127.0.0.1:")
    from kg.interfaces.serve import ServeConfig

    assert ServeConfig(store=Path(".")).host == "127.0.0.1"


# --- the page's JSON --------------------------------------------------------------------

def test_entity_json_and_suggestions(server):
    view = httpx.get(server.url + "/entity", params={"name": "vladimir putin"}, timeout=30).json()
    assert view["iri"] == PUTIN and view["kind"] == "Person"
    relations = {(r["predicate"], r["other"]["label"]) for r in view["relations"]}
    assert {("spokeWith", "Donald Trump"), ("leaderOf", "Russia")} <= relations
    missing = httpx.get(server.url + "/entity", params={"name": "Putn"}, timeout=30)
    assert missing.status_code == 404
    assert missing.json()["candidates"] == [{"iri": PUTIN, "label": "Vladimir Putin"}]


def test_article_page_highlights_the_evidence(server):
    response = httpx.get(server.url + "/article", params={"id": "000_869b093860f3ba4e", "start": 346, "end": 360}, timeout=30)
    assert response.status_code == 200
    assert '<mark id="evidence">Vladimir Putin</mark>' in response.text


def test_examples_are_the_competency_questions(server):
    examples = httpx.get(server.url + "/examples", timeout=30).json()
    assert [e["name"] for e in examples][:3] == ["cq01", "cq02", "cq03"]
    assert examples[5]["title"] == "Whom did Donald Trump speak with?"


# --- a store that changes while served --------------------------------------------------

ARTICLE = "date 2025-03-03\nAngela Merkel met Emmanuel Macron in Paris on Monday.\n"


def test_the_server_sees_articles_ingested_while_it_runs(tmp_path, seed_store):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    count = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a kgo:Article }"
    with live_server(store) as running:
        first = httpx.get(running.sparql, params={"query": count}, headers={"Accept": "text/csv"}, timeout=30)
        assert first.text.splitlines()[1] == "1"
        extra = tmp_path / "merkel.txt"
        extra.write_text(ARTICLE, encoding="utf-8")
        report = kg.ingest([extra], store=store)  # the writer opens the store while it is served
        assert report.count("added") == 1
        second = httpx.get(running.sparql, params={"query": count}, headers={"Accept": "text/csv"}, timeout=30)
        assert second.text.splitlines()[1] == "2"
        people = httpx.get(running.sparql, params={"query": PEOPLE}, headers={"Accept": "text/csv"}, timeout=30)
        assert "Angela Merkel" in people.text


# --- write mode -------------------------------------------------------------------------

def test_updates_need_the_flag_and_the_token(tmp_path, seed_store):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    update = "INSERT DATA { GRAPH <https://w3id.org/kg-news/id/graph/note> { <http://example.org/a> rdfs:label 'A note' } }"
    with live_server(store, "--allow-update", "--token", "s3cret-token") as running:
        assert httpx.post(running.sparql, data={"update": update}, timeout=30).status_code == 401
        wrong = httpx.post(running.sparql, data={"update": update}, headers={"Authorization": "Bearer nope"}, timeout=30)
        assert wrong.status_code == 401
        done = httpx.post(running.sparql, data={"update": update}, headers={"Authorization": "Bearer s3cret-token"}, timeout=30)
        assert done.status_code == 204, done.text
        answer = httpx.get(running.sparql, params={"query": "ASK { ?x rdfs:label 'A note' }"}, timeout=30).json()
        assert answer["boolean"] is True
        load = httpx.post(running.sparql, data={"update": "LOAD <http://example.org/x.ttl>"},
                          headers={"Authorization": "Bearer s3cret-token"}, timeout=30)
        assert load.status_code == 403  # LOAD reaches other servers: refused without --allow-service


# --- the protocol's dataset: default-graph-uri and named-graph-uri ------------------------

SEED_GRAPH = "https://w3id.org/kg-news/id/graph/000_869b093860f3ba4e"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count_with(server, **dataset) -> int:
    client = wrapper(server, COUNT, JSON)
    for uri in dataset.get("default", ()):
        client.addDefaultGraph(uri)
    for uri in dataset.get("named", ()):
        client.addNamedGraph(uri)
    return int(client.query().convert()["results"]["bindings"][0]["n"]["value"])


def test_default_graph_uri_chooses_the_default_graph(server):
    union = count_with(server)
    assert union > 1000
    assert count_with(server, default=[SEED_GRAPH]) == union  # one article: its graph is the union
    assert count_with(server, default=["https://w3id.org/kg-news/id/graph/no-such-article"]) == 0


def test_named_graph_uri_limits_what_graph_sees(server):
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    status, _, body = curl(server, "-G", "--data-urlencode", f"query={query}",
                           "--data-urlencode", "named-graph-uri=https://w3id.org/kg-news/id/graph/no-such-article",
                           "-H", "Accept: text/csv")
    assert status == 200 and body.splitlines()[1].strip() == "0"
    status, _, body = curl(server, "-G", "--data-urlencode", f"query={query}",
                           "--data-urlencode", f"named-graph-uri={SEED_GRAPH}", "-H", "Accept: text/csv")
    assert status == 200 and body.splitlines()[1].strip() == "1"
    status, _, body = curl(server, "-G", "--data-urlencode", f"query={query}",
                           "--data-urlencode", "default-graph-uri=not an iri")
    assert status == 400 and "absolute IRIs" in body


# --- SELECT * in the query's order ------------------------------------------------------

STAR = ("SELECT * { ?person a kgo:Person ; rdfs:label ?name . OPTIONAL { ?person owl:sameAs ?wd } } "
        "ORDER BY ?name LIMIT 2")
STAR_COLUMNS = ["person", "name", "wd"]  # Oxigraph's own order differs


def _star_head(media: str, body: str) -> list[str]:
    if media == "application/sparql-results+json":
        return json.loads(body)["head"]["vars"]
    if media == "application/sparql-results+xml":
        head = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}head")
        return [variable.get("name") for variable in head]
    first = body.splitlines()[0]
    return [name.lstrip("?") for name in first.split("\t" if media == "text/tab-separated-values" else ",")]


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/sparql-results+xml",
                                   "text/csv", "text/tab-separated-values"])
def test_the_endpoint_lists_select_star_columns_in_the_query_order(server, seed_store, media):
    response = httpx.get(server.sparql, params={"query": STAR}, headers={"Accept": media}, timeout=30)
    assert response.status_code == 200, response.text
    assert _star_head(media, response.text) == STAR_COLUMNS
    assert kg.query(STAR, store=seed_store).variables == STAR_COLUMNS  # as kg query lists them
    if media == "text/csv":  # the rows follow the head
        names = {row[1] for row in kg.query(STAR, store=seed_store).rows}
        assert {row[1] for row in list(csv.reader(io.StringIO(response.text)))[1:]} == {str(n) for n in names}
