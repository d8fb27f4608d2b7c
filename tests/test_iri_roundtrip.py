"""Whatever kg prints for a node pastes back: the forms in `kg query`'s table and `kg show`
denote the same IRI when pasted into a new query and into Turtle with kg's prefixes, for every
kind of node in a store holding the seed."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
import rdflib
from typer.testing import CliRunner

import kg
from kg.interfaces.cli import app
from kg.namespaces import PREFIXES, RESOURCE_BASE, short_iri
from kg.views.query import QueryResult, format_result

runner = CliRunner()

EVERY_IRI = """SELECT DISTINCT ?x WHERE {
  { ?x ?p ?o } UNION { ?s ?x ?o } UNION { ?s ?p ?x FILTER(isIRI(?x)) } UNION { GRAPH ?x { ?s ?p ?o } }
} ORDER BY ?x"""


def cli(*args, store):
    result = runner.invoke(app, [*args, "--store", str(store)])
    assert result.exit_code == 0, result.output
    return result.output


def table_cells(output: str) -> list[list[str]]:
    """The rows of `kg query`'s table, split at the column gaps its header underline shows."""
    lines = output.rstrip("\n").splitlines()
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    return [[line[start:end + 2].strip() for start, end in spans] for line in lines[2:-1]]


def kind(iri: str) -> str:
    """The kind of node an IRI names: kg's own by their path (person, article/…/text#char, …),
    others by their namespace."""
    if iri.startswith(RESOURCE_BASE):
        path = iri[len(RESOURCE_BASE):]
        head, _, rest = path.partition("/")
        if head == "article" and "/" in rest:
            return "article/" + re.match(r"[a-z]+(#[a-z]+)?", rest.split("/", 1)[1]).group()
        return head
    return re.match(r".*[/#]", iri).group()


@pytest.fixture(scope="module")
def printed(seed_store) -> dict[str, str]:
    """Every IRI in the seed store and how kg query's table prints it."""
    iris = [binding["x"]["value"] for binding in
            json.loads(cli("query", EVERY_IRI, "--format", "json", store=seed_store))["results"]["bindings"]]
    shown = [row[0] for row in table_cells(cli("query", EVERY_IRI, store=seed_store))]
    assert len(shown) == len(iris)
    return dict(zip(iris, shown, strict=True))


def test_the_seed_has_every_kind_of_node(printed):
    kinds = {kind(iri) for iri in printed}
    assert {"person", "organization", "country", "city", "position", "article", "graph",
            "article/text#char", "article/event", "article/statement"} <= kinds
    assert {PREFIXES["kgo"], PREFIXES["rdf"], PREFIXES["nif"], PREFIXES["wd"]} <= kinds


def test_entities_print_as_prefixed_names_and_mentions_in_full(printed):
    trump = RESOURCE_BASE + "person/donald-trump"
    assert printed[trump] == "person:donald-trump"
    article = RESOURCE_BASE + "article/000_869b093860f3ba4e"
    assert printed[article] == "article:000_869b093860f3ba4e"
    assert printed[RESOURCE_BASE + "graph/000_869b093860f3ba4e"] == "graph:000_869b093860f3ba4e"
    mention = next(iri for iri in printed if "#char=" in iri)
    assert printed[mention] == f"<{mention}>"  # never cut, even when longer than a cell's 80 characters
    assert not any(form.startswith("kgr:") or form.endswith("...") for form in printed.values())


def test_every_printed_form_pastes_back_into_kg_query(printed, seed_store):
    values = " ".join(printed.values())
    answer = json.loads(cli("query", f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }} }}", "--format", "json", store=seed_store))
    assert [b["x"]["value"] for b in answer["results"]["bindings"]] == list(printed)


def test_one_node_of_each_kind_pastes_into_a_pattern(printed, seed_store):
    examples = {}
    for iri, form in printed.items():
        examples.setdefault(kind(iri), (iri, form))
    for iri, form in examples.values():
        answer = cli("query", f"SELECT ?x WHERE {{ {{ {form} ?p ?o }} UNION {{ ?s {form} ?o }} UNION {{ ?s ?p {form} }} UNION "
                              f"{{ GRAPH {form} {{ ?s ?p ?o }} }} BIND({form} AS ?x) }} LIMIT 1", store=seed_store)
        assert table_cells(answer) == [[form]], (iri, answer)


def test_every_printed_form_pastes_into_turtle(printed):
    prologue = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in PREFIXES.items())
    document = prologue + "".join(f"{form} <http://example.org/is> {json.dumps(iri)} .\n" for iri, form in printed.items())
    graph = rdflib.Graph().parse(data=document, format="turtle")
    assert {str(s): str(o) for s, _, o in graph} == {iri: iri for iri in printed}


def test_kg_show_prints_an_iri_that_pastes_back(seed_store, printed):
    for name in ("Donald Trump", "U.S. Department of Defense", "Ukraine", "Belgium"):
        head = cli("show", name, store=seed_store).splitlines()[0]
        form = re.search(r"<[^>]+>", head).group()
        answer = json.loads(cli("query", f"SELECT ?x WHERE {{ VALUES ?x {{ {form} }} ?x rdfs:label ?l }}",
                                "--format", "json", store=seed_store))
        iri = answer["results"]["bindings"][0]["x"]["value"]
        assert form == f"<{iri}>"
        # and the short form the table prints opens the same entity
        assert cli("show", printed[iri], store=seed_store).splitlines()[0] == head


@pytest.mark.parametrize("local", [
    "donald-trump", "2024-election", "josé-martí", "a.b", "a~b", "a.", "-a", ".a", "x²y", "a/b", "text#char=1,2",
    "a%20b", "a:b", "_a", "", "ü",
])
def test_short_forms_of_awkward_local_parts_parse_to_the_same_iri(local):
    iri = RESOURCE_BASE + "person/" + local
    form = short_iri(iri)
    assert form == f"person:{local}" or form == f"<{iri}>"
    [(value,)] = ox.Store().query(f"SELECT ?x WHERE {{ VALUES ?x {{ {form} }} }}", prefixes=PREFIXES)
    assert value.value == iri
    prologue = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in PREFIXES.items())
    graph = rdflib.Graph().parse(data=f"{prologue}{form} <http://example.org/p> 1 .", format="turtle")
    assert [str(s) for s in graph.subjects()] == [iri]


def test_tables_cut_long_literals_but_never_iris():
    iri = RESOURCE_BASE + "article/" + "x" * 120 + "/text#char=1,2"
    result = QueryResult("select", variables=["node", "text"], rows=[(rdflib.URIRef(iri), rdflib.Literal("word " * 40))])
    row = format_result(result).splitlines()[2]
    assert f"<{iri}>" in row
    assert row.rstrip().endswith("...") and len(row.split(f"<{iri}>")[1].strip()) == 80


def test_exported_turtle_writes_entities_with_their_kind_prefix(seed_store):
    text = cli("export", "--format", "turtle", store=seed_store)
    assert "@prefix person: <https://w3id.org/kg-news/id/person/> ." in text
    assert "itsrdf:taIdentRef person:donald-trump" in text
    assert "\\/" not in text  # no escaped slashes: mentions and articles are written whole
    graph = rdflib.Graph().parse(data=text, format="turtle")
    assert (rdflib.URIRef(RESOURCE_BASE + "person/donald-trump"), rdflib.RDFS.label, rdflib.Literal("Donald Trump")) in graph


def test_the_python_api_accepts_the_printed_forms(seed_store):
    rows = kg.query("SELECT ?l WHERE { person:donald-trump rdfs:label ?l }", store=seed_store)
    assert [str(row[0]) for row in rows] == ["Donald Trump"]
