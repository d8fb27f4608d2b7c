"""Reasoning on demand: `--infer` adds what OWL RL concludes under kg's ontology (the other
direction of a symmetric relation, super-properties, super-classes), and nothing without it."""

import io

import pytest
from rdflib import Dataset, Graph, URIRef
from typer.testing import CliRunner

import kg
from kg.interfaces.cli import app
from kg.namespaces import KGO, SCHEMA
from kg.pipeline.nlp import parse
from kg.pipeline.read import Article
from kg.store import KnowledgeStore
from kg.views.infer import INFERRED_GRAPH

runner = CliRunner()
SCHOLZ = URIRef("https://w3id.org/kg-news/id/person/olaf-scholz")
MACRON = URIRef("https://w3id.org/kg-news/id/person/emmanuel-macron")
GERMANY = URIRef("https://w3id.org/kg-news/id/country/germany")


@pytest.fixture(scope="module")
def one_way_store(tmp_path_factory):
    """A real article graph with its metWith written one way only (as another tool might)."""
    text = "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Thursday."
    ((article, doc),) = parse([Article(id="meet", text=text, source="test")])
    _, article_graph = kg.analyze(article, doc)
    assert (SCHOLZ, KGO.metWith, MACRON) in article_graph.graph and (SCHOLZ, KGO.leaderOf, GERMANY) in article_graph.graph
    article_graph.graph.remove((MACRON, KGO.metWith, SCHOLZ))
    path = tmp_path_factory.mktemp("infer") / "store"
    with KnowledgeStore(path) as store:
        kg.store_graph(article_graph, store)
    return path


ASKS = {
    "symmetric": f"ASK {{ <{MACRON}> kgo:metWith <{SCHOLZ}> }}",
    "super-property": f"ASK {{ <{SCHOLZ}> kgo:affiliatedWith <{GERMANY}> }}",
    "schema super-property": f"ASK {{ ?meeting schema:attendee <{SCHOLZ}> }}",
    "super-class": f"ASK {{ <{SCHOLZ}> a schema:Person, kgo:Entity }}",
}


@pytest.mark.parametrize("name", ASKS)
def test_query_infers_only_when_asked(one_way_store, name):
    assert kg.query(ASKS[name], store=one_way_store).boolean is False
    assert kg.query(ASKS[name], store=one_way_store, infer=True).boolean is True


def test_query_command_takes_infer(one_way_store):
    plain = runner.invoke(app, ["query", ASKS["symmetric"], "--store", str(one_way_store)])
    inferred = runner.invoke(app, ["query", ASKS["symmetric"], "--infer", "--store", str(one_way_store)])
    assert (plain.exit_code, plain.output.strip()) == (0, "false")
    assert (inferred.exit_code, inferred.output.strip()) == (0, "true")


def test_export_infers_only_when_asked(one_way_store):
    def turtle(**options) -> Graph:
        out = io.BytesIO()
        kg.export(out, format="turtle", store=one_way_store, **options)
        return Graph().parse(data=out.getvalue().decode("utf-8"), format="turtle")

    plain, inferred = turtle(), turtle(infer=True)
    assert (MACRON, KGO.metWith, SCHOLZ) not in plain and (MACRON, KGO.metWith, SCHOLZ) in inferred
    assert (SCHOLZ, KGO.affiliatedWith, GERMANY) not in plain and (SCHOLZ, KGO.affiliatedWith, GERMANY) in inferred
    assert (SCHOLZ, SCHEMA.nationality, GERMANY) in inferred  # citizenOf ⊑ schema:nationality
    assert set(plain) < set(inferred)
    # only consequences about the data: the ontology is not restated, nothing is sameAs itself
    assert not any(str(s).startswith(str(KGO._NS)) for s in inferred.subjects())
    assert not [t for t in inferred if t[1] == URIRef("http://www.w3.org/2002/07/owl#sameAs") and t[0] == t[2]]


def test_quad_exports_keep_inferences_in_their_own_graph(one_way_store):
    out = io.BytesIO()
    kg.export(out, format="trig", store=one_way_store, infer=True)
    dataset = Dataset().parse(data=out.getvalue().decode("utf-8"), format="trig")
    inferred = dataset.graph(URIRef(INFERRED_GRAPH))
    assert (MACRON, KGO.metWith, SCHOLZ) in inferred
    article = dataset.graph(URIRef("https://w3id.org/kg-news/id/graph/meet"))
    assert (MACRON, KGO.metWith, SCHOLZ) not in article and (SCHOLZ, KGO.metWith, MACRON) in article
    result = runner.invoke(app, ["export", "-F", "nquads", "--infer", "--store", str(one_way_store)])
    assert result.exit_code == 0 and INFERRED_GRAPH in result.output
