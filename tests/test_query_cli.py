"""`kg query`'s smaller promises: SELECT * in the query's order, one clear sentence for a prefix
never declared or a slash in a prefixed name, `kg --version`, and the other small fixes of
issue 11.5 (eval's mapping lookup, the exit codes README lists)."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.errors import KgError
from kg.eval import guess_mapping, load_mapping
from kg.interfaces.cli import app

runner = CliRunner()
README = Path(__file__).resolve().parent.parent / "README.md"


def run(*args, store=None):
    return runner.invoke(app, [*args, "--store", str(store)] if store is not None else list(args))


def header(output: str) -> list[str]:
    return output.splitlines()[0].split()


@pytest.mark.parametrize("sparql, columns", [
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", ["s", "p", "o"]),
    ("SELECT DISTINCT * WHERE { ?o ?p ?s } LIMIT 1", ["o", "p", "s"]),
    ("SELECT * { ?person a kgo:Person ; rdfs:label ?name . OPTIONAL { ?person owl:sameAs ?wd } } LIMIT 1",
     ["person", "name", "wd"]),
    ("# a comment naming ?z\nSELECT * WHERE { ?b rdfs:label \"?a\" . ?b ?c ?d } LIMIT 1", ["b", "c", "d"]),
    ("SELECT ?o ?s WHERE { ?s ?p ?o } LIMIT 1", ["o", "s"]),
])
def test_select_star_lists_variables_in_the_order_they_appear(seed_store, sparql, columns):
    result = run("query", sparql, store=seed_store)
    assert result.exit_code == 0, result.output
    assert header(result.output) == columns
    assert kg.query(sparql, store=seed_store).variables == columns
    csv_header = run("query", sparql, "--format", "csv", store=seed_store).output.splitlines()[0]
    assert csv_header.split(",") == columns


def test_select_star_runs_once_in_the_query_order():
    """The order comes from the query and an empty store: the store runs the query once, listed."""
    import pyoxigraph as ox

    from kg.views.query import in_query_order

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal("z"), ox.DefaultGraph()))
    ran = []

    def run(text):
        ran.append(text)
        return store.query(text)

    result = in_query_order(run, "SELECT * WHERE { ?s ?p ?o } ORDER BY ?o")
    assert [v.value for v in result.variables] == ["s", "p", "o"] and len(list(result)) == 1
    assert ran == ["SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?o"]
    ran.clear()
    graph = in_query_order(run, "CONSTRUCT { ?s ?p ?o } WHERE { { SELECT * { ?s ?p ?o } } }")
    assert len(list(graph)) == 1 and len(ran) == 1  # SELECT * in a subquery: run as written


def test_an_unknown_prefix_is_named_with_its_position_and_the_fix(seed_store):
    result = run("query", "SELECT ?x WHERE { foo:bar ?p ?x }", store=seed_store)
    assert result.exit_code == kg.QueryError.exit_code
    message = result.output.splitlines()[0]
    assert message.startswith("Error: Unknown prefix 'foo:' at line 1, column 19; declare it with PREFIX foo: <")
    assert "kg predeclares kgo, kgr, person," in message and message.endswith("dcterms).")
    assert result.output.splitlines()[2].index("^") == result.output.splitlines()[1].index("foo:")
    assert "expected" not in result.output and "Traceback" not in result.output


def test_a_prefix_declared_in_the_query_is_known(seed_store):
    result = run("query", "PREFIX ex: <http://example.org/>\nSELECT ?x WHERE { ex:a ?p ?x .\n  ?x bar:b ?y }", store=seed_store)
    assert result.exit_code == kg.QueryError.exit_code
    assert "Unknown prefix 'bar:' at line 3, column 6;" in result.output


def test_a_slash_in_a_prefixed_name_gets_the_form_kg_prints(seed_store):
    result = run("query", "SELECT ?p WHERE { kgr:person/donald-trump ?p ?o }", store=seed_store)
    assert result.exit_code == kg.QueryError.exit_code
    assert ("kgr:person/donald-trump is not a prefixed name (a '/' after the colon must be escaped); write "
            "person:donald-trump or <https://w3id.org/kg-news/id/person/donald-trump>.") in result.output
    assert "ENCODE_FOR_URI" not in result.output and "expected one of" not in result.output


def test_other_syntax_errors_are_not_cut_off_mid_list(seed_store):
    result = run("query", "SELECT ?x WHERE { ?x ?p ?o } LIMIT x", store=seed_store)
    assert result.exit_code == kg.QueryError.exit_code
    first = result.output.splitlines()[0]
    assert first == "Error: The query does not parse: error at 1:36: 'x' is not what SPARQL expects here."


def test_no_query_and_two_queries_get_their_own_message(seed_store, tmp_path):
    none = run("query", store=seed_store)
    assert none.exit_code == 1
    assert none.output.strip() == "Error: Give a query: as an argument (kg query 'SELECT ...') or from a file with -f FILE."
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK {}")
    both = run("query", "ASK {}", "-f", str(query_file), store=seed_store)
    assert both.exit_code == 1 and "not both" in both.output


def test_kg_version_prints_the_installed_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"kg {version('kg')}"


def test_a_folder_named_like_the_benchmark_does_not_hide_the_bundled_mapping(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dwie").mkdir()  # e.g. where the DWIE data was unpacked
    mapping = load_mapping(guess_mapping(Path("dwie.jsonl")))
    assert mapping.entities and mapping == load_mapping("dwie")
    with pytest.raises(KgError, match="is a folder"):
        load_mapping("./dwie")


def test_readme_lists_every_exit_code():
    line = " ".join(re.search(r"Exit codes:(.*?)\n\n", README.read_text(encoding="utf-8"), re.DOTALL).group(1).split())
    listed = {int(code) for code in re.findall(r"(?:^|, )(\d+) ", line)}
    raised = {cls.exit_code for cls in vars(kg.errors).values() if isinstance(cls, type) and issubclass(cls, KgError)}
    assert raised | {0, 2} <= listed, line
    assert "7 " in line and "article" in line.split("7 ", 1)[1].split(",")[0]


PEOPLE = "SELECT ?name ?person WHERE { ?person a kgo:Person ; rdfs:label ?name } ORDER BY ?name"


def test_results_formats_are_the_standard_ones_with_the_same_rows_as_the_table(seed_store):
    import csv
    import io
    import json

    expected = kg.query(PEOPLE, store=seed_store).rows
    names = [str(name) for name, _ in expected]
    people = [str(person) for _, person in expected]
    assert len(names) >= 4

    answer = json.loads(run("query", PEOPLE, "--format", "json", store=seed_store).output)
    assert answer["head"]["vars"] == ["name", "person"]
    assert [b["name"]["value"] for b in answer["results"]["bindings"]] == names
    assert {b["person"]["type"] for b in answer["results"]["bindings"]} == {"uri"}

    rows = list(csv.reader(io.StringIO(run("query", PEOPLE, "--format", "csv", store=seed_store).output)))
    assert rows[0] == ["name", "person"] and [r[1] for r in rows[1:]] == people

    lines = run("query", PEOPLE, "--format", "tsv", store=seed_store).output.splitlines()
    assert lines[0].split("\t") == ["?name", "?person"]  # TSV: variables with ?, terms in Turtle syntax
    assert [line.split("\t")[1] for line in lines[1:]] == [f"<{p}>" for p in people]

    ask = 'ASK { ?p rdfs:label "Donald Trump" }'
    assert json.loads(run("query", ask, "--format", "json", store=seed_store).output) == {"head": {}, "boolean": True}
    assert run("query", ask, "--format", "csv", store=seed_store).output.strip() == "true"
