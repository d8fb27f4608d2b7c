"""kg on an archive: a statement without a date in its sentence stands on its article's day
(reported on), JSON Lines read by the field names archives use, one preferred name per entity
across articles, and the first-hour messages. Sentences written for these tests."""

from __future__ import annotations

import json
import logging

import pytest
from typer.testing import CliRunner

import kg
from kg.interfaces.cli import app
from kg.pipeline.read.jsonl import _articles_from_jsonl
from kg.preferred_labels import preferred_label

ARTICLES = [
    {"id": "wire-1", "publication_date": "2021-03-04", "headline": "Quint and Renn meet", "annotator": "a1",
     "text": "Senator Mara Quint met with Governor Tobias Renn in Denver on Tuesday to discuss water rights. "
             "Quint said the talks were useful."},
    {"id": "wire-2", "pubDate": "Fri, 05 Mar 2021 09:00:00 GMT", "link": "https://example.org/wire-2",
     "text": "Quint spoke with Renn by phone about the river. Renn told reporters that a deal was close."},
    {"id": "wire-3", "text": "Mara Quint visited Denver and praised its new library."},
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    source = folder / "wire.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    store = folder / "store"
    report = kg.ingest([source], store=store)
    assert report.count("added") == 3
    return source, store, report


def test_jsonl_reads_the_date_title_and_url_by_their_common_names(tmp_path, caplog):
    path = tmp_path / "a.jsonl"
    rows = [{"text": "Mara Quint visited Denver on Monday.", "datePublished": "2021-03-01T10:00:00Z", "headline": "A visit",
             "uri": "https://example.org/a", "byline": "Ana Sol", "publisher": "x", "quotes": []},
            {"text": "Tobias Renn visited Denver.", "date": "2021-03-02", "publisher": "y"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kg"):
        first, second = list(_articles_from_jsonl(path))
        list(_articles_from_jsonl(path, warn_ignored=False))  # read again for the run, after the check: warned once
    assert (str(first.published), first.title, first.url, first.author) == ("2021-03-01", "A visit", "https://example.org/a", "Ana Sol")
    assert str(second.published) == "2021-03-02"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "publisher, quotes" in warnings[0] and "publication_date" in warnings[0]


def test_every_article_keeps_its_date_and_the_summary_counts_those_without(archive):
    _, store, report = archive
    rows = kg.query("SELECT ?id ?date WHERE { ?a schema:identifier ?id OPTIONAL { ?a schema:datePublished ?date } } ORDER BY ?id", store=store)
    assert [(r[0].value, str(r[1].value) if r[1] is not None else None) for r in rows] == [
        ("wire-1", "2021-03-04"), ("wire-2", "2021-03-05"), ("wire-3", None)]
    assert report.undated == 1


def test_a_statement_without_its_own_date_stands_on_its_articles_day(archive):
    _, store, _ = archive
    found = kg.api.timeline("Mara Quint", store=store)
    by_role = {(e.date, e.date_role, e.other.label) for e in found.entries}
    assert ("2021-03-05", "reported", "Tobias Renn") in by_role  # the phone call: its article's day
    assert any(role == "date" and other == "Tobias Renn" for _, role, other in by_role)  # "on Tuesday": the text's day
    assert found.undated >= 1 and not found.undated_entries  # the visit: an article without a date
    every = kg.api.timeline("Mara Quint", store=store, with_undated=True)
    assert any(e.other.label == "Denver" and not e.date for e in every.undated_entries)


def test_kg_show_timeline_says_reported_and_lists_the_undated_with_all(archive):
    _, store, _ = archive
    runner = CliRunner()
    shown = runner.invoke(app, ["show", "Mara Quint", "--timeline", "--store", str(store)])
    assert shown.exit_code == 0, shown.output
    assert "reported: Mara Quint spoke with Tobias Renn" in shown.output
    assert "(Not shown: 1 statement without a date, in its sentence or its article; --all lists them.)" in shown.output
    every = runner.invoke(app, ["show", "Mara Quint", "--timeline", "--all", "--store", str(store)])
    assert "Without a date" in every.output and "visited Denver" in every.output


def test_the_store_names_each_person_once_across_articles(archive):
    _, store, _ = archive
    rows = kg.query("SELECT ?p ?name WHERE { ?p a kgo:Person ; skos:prefLabel ?name } ORDER BY ?name", store=store)
    assert [r[1].value for r in rows] == ["Mara Quint", "Tobias Renn"]
    labels = kg.query("SELECT ?name WHERE { ?p skos:prefLabel 'Tobias Renn' ; rdfs:label ?name }", store=store)
    assert {r[0].value for r in labels} == {"Tobias Renn", "Renn"}  # each article's own name stays its rdfs:label
    assert kg.api.show("Renn", store=store).label == "Tobias Renn"


def test_removing_the_article_that_named_someone_in_full_leaves_the_short_name(tmp_path):
    source = tmp_path / "two.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in [
        {"id": "full", "text": "Governor Tobias Renn opened a bridge in Denver."},
        {"id": "short", "text": "Renn spoke with reporters about the bridge."}]), encoding="utf-8")
    store = tmp_path / "store"
    kg.ingest([source], store=store)
    names = lambda: sorted(r[0].value for r in kg.query("SELECT ?name WHERE { ?p a kgo:Person ; skos:prefLabel ?name }", store=store))  # noqa: E731
    assert names() == ["Tobias Renn"]
    kg.api.remove("full", store=store)
    assert names() == ["Renn"]


def test_preferred_label_is_the_name_the_iri_was_made_from_else_the_longest():
    iri = "https://w3id.org/kg-news/id/person/donald-trump"
    assert preferred_label(iri, ["Trump", "Donald Trump", "DONALD TRUMP"]) == "Donald Trump"
    assert preferred_label("https://w3id.org/kg-news/id/person/x-1", ["Trump", "Donald J. Trump"]) == "Donald J. Trump"
    assert preferred_label(iri, []) is None


def test_a_batch_stopped_by_one_file_names_on_error_skip(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Mara Quint visited Denver on Monday and met the mayor there.", encoding="utf-8")
    (folder / "b.txt").write_text("Der Bundeskanzler traf sich am Dienstag mit dem Präsidenten in Berlin, um über die Zukunft "
                                  "Europas zu sprechen.", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--store", str(tmp_path / "store")])
    assert result.exit_code == 3
    assert "--on-error skip" in result.output and "Nothing was stored" in result.output


def test_a_misspelled_keyword_is_named_and_an_unknown_kgo_term_warned(archive):
    _, store, _ = archive
    runner = CliRunner()
    typo = runner.invoke(app, ["query", "SELCT ?x WHERE { ?x a kgo:Person }", "--store", str(store)])
    assert typo.exit_code != 0 and "SELCT: did you mean SELECT?" in typo.output
    unknown = runner.invoke(app, ["query", "SELECT ?x WHERE { ?x a kgo:Persn }", "--store", str(store)])
    assert unknown.exit_code == 0
    assert "kgo:Persn is not a term of kg's ontology" in unknown.output and "did you mean kgo:Person?" in unknown.output


def test_entities_that_share_a_name_are_told_apart_by_kind_and_a_few_words(tmp_path):
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"id": "one", "text": "Senator Mara Quint met with Governor Tobias Renn in Denver."}), encoding="utf-8")
    store = tmp_path / "store"
    kg.ingest([source], store=store)
    graph = "https://w3id.org/kg-news/id/graph/other-quint"
    with kg.KnowledgeStore(store) as opened:  # a body of the same name, as another article might name one
        opened.update_graph(graph, f"""INSERT DATA {{ GRAPH <{graph}> {{
            <https://w3id.org/kg-news/id/organization/mara-quint> a kgo:Organization ; rdfs:label "Mara Quint" ;
              kgo:basedIn <https://w3id.org/kg-news/id/city/denver> .
            <https://w3id.org/kg-news/id/city/denver> a kgo:City ; rdfs:label "Denver" . }} }}""")
    with pytest.raises(kg.UnknownEntity) as raised:
        kg.api.show("Mara Quint", store=store)
    labels = sorted(label for _, label in raised.value.candidates)
    assert labels == ["Mara Quint (organization, Denver)", "Mara Quint (person, Senator)"]


def test_kg_viz_reads_on_a_phone_and_carries_a_few_statements_of_each_relation(archive, tmp_path):
    _, store, _ = archive
    output = tmp_path / "quint.html"
    result = CliRunner().invoke(app, ["viz", "Mara Quint", "-o", str(output), "--store", str(store)])
    assert result.exit_code == 0, result.output
    page = output.read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    data = json.loads(page.split('<script type="application/json" id="entity-data">')[1].split("</script>")[0])
    assert all(len(r["statements"]) <= 5 and r["statement_count"] >= len(r["statements"]) for r in data["relations"])
    assert "<details><summary>" in page  # the articles it carries are folded
    assert len(page.encode()) < 200_000


def test_a_fact_no_sentence_states_shows_where_kg_knows_it_from(tmp_path):
    # A leader is a member: kg keeps the entailed triple but no statement of the article says it,
    # so kg show gives its origin on one line instead of an empty list of sentences.
    source = tmp_path / "leader.txt"
    source.write_text("Senate Majority Leader Alan Kirk spoke on Monday about the budget.\n", encoding="utf-8")
    store = tmp_path / "store"
    kg.ingest([source], store=store)
    shown = CliRunner().invoke(app, ["show", "Alan Kirk", "--store", str(store)])
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    member = next(i for i, line in enumerate(lines) if line.strip().startswith("memberOf"))
    assert "from kg's knowledge" in lines[member + 1]
    leader = next(i for i, line in enumerate(lines) if line.strip().startswith("leaderOf"))
    assert "Senate Majority Leader Alan Kirk" in " ".join(lines[leader + 1:leader + 4]).replace("«", "").replace("»", "")


def test_kg_viz_carries_statements_up_to_its_budget_and_counts_the_rest():
    from kg.interfaces.viz import STATEMENT_BUDGET, folded

    sentence = "Senator Mara Quint met with Governor Tobias Renn in Denver on Tuesday to discuss water rights."
    statement = {"modality": "Asserted", "article": {"id": "wire-1"},
                 "evidence": [{"sentence": sentence, "sentence_start": 0, "sentence_end": len(sentence),
                               "span": "met with", "span_start": 21, "span_end": 29, "article": {"id": "wire-1"}}]}
    relations = [{"predicate": "metWith", "statements": [json.loads(json.dumps(statement)) for _ in range(5)]}
                 for _ in range(300)]
    data = folded({"relations": relations})
    carried = [s for r in data["relations"] for s in r["statements"]]
    assert 0 < sum(len(json.dumps(s)) for s in carried) <= STATEMENT_BUDGET
    assert all(r["statement_count"] == 5 for r in data["relations"])  # every relation still counted
    assert data["relations"][0]["statements"] and not data["relations"][-1]["statements"]
    assert "span" not in carried[0]["evidence"][0]  # marked by its offsets
