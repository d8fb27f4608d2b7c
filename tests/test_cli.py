"""The command line: help for every command, the tour from the README, and one clear line
(no traceback, exit code != 0, nothing stored) for each user error."""

import json
import subprocess
import sys

import pytest
from conftest import SEED
from typer.testing import CliRunner

import kg
from kg.interfaces.cli import app

runner = CliRunner()


def run(*args, store=None):
    argv = [*args, "--store", str(store)] if store is not None else list(args)
    return runner.invoke(app, argv)


def test_every_command_has_help():
    commands = {command.name or command.callback.__name__ for command in app.registered_commands}
    assert {"ingest", "query", "export", "validate", "stats", "eval", "list", "remove", "show", "serve", "viz"} <= commands
    for name in commands:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "--store" in result.output or name == "eval", name
        command = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == name)
        summary = (command.callback.__doc__ or "").strip().splitlines()[0]
        assert len(summary) > 20 and summary[:30] in " ".join(result.output.split()), name
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0 and "kg ingest seeds/" in top.output


def test_python_dash_m_kg_runs():
    result = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "ingest" in result.stdout


def test_the_tour(tmp_path):
    store = tmp_path / "store"
    ingested = run("ingest", str(SEED), store=store)
    assert ingested.exit_code == 0, ingested.output
    assert "Person        Pete Hegseth, Donald Trump, Vladimir Putin, Zelenskyy" in ingested.output
    assert "1 article (1 added)" in ingested.output

    table = run("query", "SELECT ?name WHERE { ?p a kgo:Person ; rdfs:label ?name } ORDER BY ?name", store=store)
    assert table.exit_code == 0
    assert table.output.splitlines()[2:6] == ["Donald Trump", "Pete Hegseth", "Vladimir Putin", "Zelenskyy"]

    out = tmp_path / "graph.ttl"
    exported = run("export", "--format", "turtle", "-o", str(out), store=store)
    assert exported.exit_code == 0 and out.read_text().startswith("@prefix")

    assert "conforms" in run("validate", store=store).output
    stats = run("stats", store=store)
    assert "Articles      1" in stats.output and "Person        4" in stats.output


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_query_result_formats(seed_store, fmt):
    result = run("query", "SELECT ?name WHERE { ?p a kgo:Country ; rdfs:label ?name } ORDER BY ?name", "--format", fmt, store=seed_store)
    assert result.exit_code == 0
    if fmt == "json":
        data = json.loads(result.output)
        assert data["head"]["vars"] == ["name"]
        assert [b["name"]["value"] for b in data["results"]["bindings"]][0] == "Belgium"
    elif fmt == "csv":
        assert result.output.splitlines()[:2] == ["name", "Belgium"]
    else:
        assert result.output.splitlines()[:2] == ["?name", '"Belgium"']


def test_query_from_file_and_ask_and_construct(seed_store, tmp_path):
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK { ?p rdfs:label \"Vladimir Putin\" }")
    assert run("query", "-f", str(query_file), store=seed_store).output.strip() == "true"
    construct = run("query", "CONSTRUCT { ?p a kgo:Person } WHERE { ?p a kgo:Person }", store=seed_store)
    assert "person:vladimir-putin a kgo:Person" in construct.output


def test_malformed_query_names_the_position(seed_store):
    result = run("query", "SELECT ?x WHERE { ?x a kgo:Person", store=seed_store)
    assert result.exit_code == kg.QueryError.exit_code
    assert "The query does not parse: error at 1:34" in result.output
    assert "Traceback" not in result.output


def test_query_argument_or_file_not_both(seed_store, tmp_path):
    result = run("query", store=seed_store)
    assert result.exit_code != 0 and "Give a query: as an argument" in result.output and "not both" not in result.output
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK {}")
    both = run("query", "ASK {}", "-f", str(query_file), store=seed_store)
    assert both.exit_code != 0 and "either as an argument or with -f FILE, not both" in both.output


def test_a_bad_file_in_a_batch_stores_nothing(tmp_path):
    store = tmp_path / "store"
    assert run("ingest", str(SEED), store=store).exit_code == 0
    with kg.KnowledgeStore(store, read_only=True) as opened:
        before = len(opened)
    good = tmp_path / "good.txt"
    good.write_text("Olaf Scholz visited Paris.")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Caf\xe9")
    result = run("ingest", str(good), str(bad), store=store)
    assert result.exit_code == kg.InputError.exit_code
    assert result.output.strip() == (f"Error: {bad}: not UTF-8 text (byte 0xe9 at offset 3); convert it first, e.g. iconv -f latin1 -t utf-8. "
                                     "Nothing was stored; --on-error skip leaves out what cannot be read and stores the rest.")
    with kg.KnowledgeStore(store, read_only=True) as opened:
        assert len(opened) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["ingest", "missing.txt"], "missing.txt: no such file or folder."),
        (["query", "ASK {}"], "No kg store at"),
        (["export", "--format", "rdfxml"], "'rdfxml' is not one of 'turtle', 'ntriples'"),
        (["query", "--format", "xml", "ASK {}"], "'xml' is not one of 'table', 'json', 'csv', 'tsv'"),
        (["ingest", "--on-error", "ignore", "missing.txt"], "'ignore' is not one of 'stop', 'skip'"),
        (["query", "--frmat", "csv", "ASK {}"], "No such option: --frmat"),
        (["stats"], "No kg store at"),
    ],
)
def test_user_errors_are_one_line(tmp_path, args, message):
    if args[0] == "export":
        run("ingest", str(SEED), store=tmp_path / "store")
    result = run(*args, store=tmp_path / "store" if args[0] == "export" else tmp_path / "none")
    assert result.exit_code not in (0, None)
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_store_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(tmp_path / "env-store"))
    assert runner.invoke(app, ["ingest", str(SEED), "-q"]).exit_code == 0
    assert (tmp_path / "env-store").is_dir()


def test_many_articles_get_a_progress_bar_not_a_page_each(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(7):
        (folder / f"a{number}.txt").write_text(f"Olaf Scholz visited Paris on day {number}.")
    result = run("ingest", str(folder), store=tmp_path / "store")
    assert result.exit_code == 0
    assert "7 articles (7 added)" in result.output
    assert "entities," not in result.output


def test_ingest_from_standard_input(tmp_path):
    result = runner.invoke(app, ["ingest", "-", "--store", str(tmp_path / "store")], input="date 2024-01-02 Olaf Scholz met Emmanuel Macron.")
    assert result.exit_code == 0, result.output
    assert "<stdin>: added as article 'sha256-" in result.output
    dates = [str(d) for (d,) in kg.query("SELECT ?d WHERE { ?a schema:datePublished ?d }", store=tmp_path / "store")]
    assert dates == ["2024-01-02"]


def test_on_error_skip_stores_the_good_lines_and_lists_the_bad(tmp_path):
    source = tmp_path / "mixed.jsonl"
    source.write_text('{"id": "a", "text": "Olaf Scholz visited Paris."}\n{"id": "b", "text": broken\n'
                      '{"id": "c", "text": "Emmanuel Macron visited Berlin."}\n')
    store = tmp_path / "store"
    stop = run("ingest", str(source), store=store)
    assert stop.exit_code == kg.InputError.exit_code and "line 2: not valid JSON" in stop.output
    assert not (store / "CURRENT").exists()
    skip = run("ingest", str(source), "--on-error", "skip", store=store)
    assert skip.exit_code == 0
    assert "Skipped 1 unreadable input:" in skip.output and "mixed.jsonl, line 2" in skip.output
    ids = {str(r[0]) for r in kg.query("SELECT ?id WHERE { ?a schema:identifier ?id }", store=store)}
    assert ids == {"a", "c"}
