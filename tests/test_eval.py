"""kg eval on a tiny gold file written for the test: the scores follow from the definitions."""

import json

import pytest
from typer.testing import CliRunner

from kg.errors import InputError
from kg.eval import evaluate, load_mapping
from kg.interfaces.cli import app


def span(text, words, type_):
    start = text.index(words)
    return {"text": words, "type": type_, "start": start, "end": start + len(words)}


@pytest.fixture
def gold_file(tmp_path):
    one = "Carl Brenner, who assassinated President Anton Weiss, was a clerk."
    two = "Olaf Scholz visited Warsaw on Monday."
    docs = [
        {"id": "one", "text": one,
         "entities": [span(one, "Carl Brenner", "PER"), span(one, "Anton Weiss", "PER")],
         "relations": [{"head": 0, "type": "Kill", "tail": 1}]},
        {"id": "two", "text": two,
         # 'Warsaw' is deliberately typed ORG here, so kg's City is a wrong type, and one gold
         # person is missing from the text's annotation, so kg's extra person is a false positive.
         "entities": [span(two, "Warsaw", "ORG")],
         "relations": []},
    ]
    path = tmp_path / "conll04.tiny.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs))
    return path


def test_scores_follow_the_definitions(gold_file):
    report = evaluate(gold_file)  # the mapping is guessed from the file name
    entities, relations = report.entities, report.relations
    assert (entities["Person"].gold, entities["Person"].predicted, entities["Person"].correct_predicted) == (2, 3, 2)
    assert (entities["Organization"].gold, entities["Organization"].correct_gold) == (1, 0)
    assert entities["Place"].predicted == 1 and entities["Place"].correct_predicted == 0
    killed = relations["killed"]
    assert (killed.gold, killed.predicted, killed.correct_gold) == (1, 1, 1)
    assert killed.f1 == 1.0
    assert report.documents == 2


def test_cli_prints_a_table_and_json(gold_file):
    runner = CliRunner()
    table = runner.invoke(app, ["eval", str(gold_file)])
    assert table.exit_code == 0 and "killed" in table.output and "all (micro)" in table.output
    data = json.loads(runner.invoke(app, ["eval", str(gold_file), "--json"]).output)
    assert data["relations"]["killed"]["f1"] == 1.0


def test_missing_gold_file_says_where_the_data_lives(tmp_path):
    with pytest.raises(InputError, match="not part of the repository"):
        evaluate(tmp_path / "dwie.dev.jsonl")


def test_bundled_mappings():
    assert load_mapping("conll04").relations["Kill"] == "killed"
    assert load_mapping("dwie").relations["head_of_state-x"] == "leaderOf"
    with pytest.raises(InputError, match="conll04, dwie"):
        load_mapping("nope")


def test_quotes_and_speakers(tmp_path):
    text = ' "We will win," Ann Lee said. "Nobody knows," a voter said. '
    def at(words):
        start = text.strip().index(words) + 1  # the gold offsets count the leading space
        return start, start + len(words)
    quotes = [
        {"direct": True, "content_start": at("We will win")[0], "content_end": at("We will win")[1],
         "content_fragments": [list(at("We will win"))], "source_start": at("Ann Lee")[0], "source_end": at("Ann Lee")[1]},
        {"direct": True, "content_start": at("Nobody knows")[0], "content_end": at("Nobody knows")[1],
         "content_fragments": [list(at("Nobody knows"))], "source_start": at("a voter")[0], "source_end": at("a voter")[1]},
    ]
    path = tmp_path / "polnear.tiny.jsonl"
    path.write_text(json.dumps({"id": "q", "text": text, "quotes": quotes, "publication_date": "2016-09-12"}))
    report = evaluate(path)
    direct, speakers = report.quotes["direct quotes"], report.quotes["speakers"]
    assert (direct.gold, direct.correct_gold, direct.predicted, direct.correct_predicted) == (2, 2, 2, 2)
    # Ann Lee is named and found; 'a voter' is no entity, so kg leaves that quote without a speaker.
    assert (speakers.gold, speakers.correct_gold, speakers.predicted, speakers.correct_predicted) == (2, 1, 1, 1)


@pytest.fixture
def span_file(tmp_path):
    """Gold spans kg's mentions overlap but do not equal: a title inside the gold name, a gold
    name that runs on past the name; one gold name ends with the sentence's period."""
    one = "Carl Brenner, who assassinated President Anton Weiss, was a clerk."
    two = "Olaf Scholz visited Warsaw on Monday with Mira Novak."
    docs = [
        {"id": "one", "text": one,
         "entities": [span(one, "Carl Brenner", "PER"), span(one, "President Anton Weiss", "PER")],
         "relations": [{"head": 0, "type": "Kill", "tail": 1}]},
        {"id": "two", "text": two,
         "entities": [span(two, "Olaf Scholz", "PER"), span(two, "Warsaw on Monday", "LOC"),
                      span(two, "Mira Novak.", "PER")],
         "relations": []},
    ]
    path = tmp_path / "conll04.spans.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs))
    return path


def test_exact_matching_asks_for_the_gold_span(span_file):
    report = evaluate(span_file, match="exact")
    lenient, strict = report.entities, report.entities_exact
    # Overlap: every gold entity is found; exact: only those whose span kg gives exactly
    # ('Mira Novak.' counts: the closing period is no part of either span).
    assert (lenient["Person"].gold, lenient["Person"].correct_gold) == (4, 4)
    assert (strict["Person"].gold, strict["Person"].correct_gold, strict["Person"].correct_predicted) == (4, 3, 3)
    assert (lenient["Place"].correct_gold, strict["Place"].correct_gold, strict["Place"].predicted) == (1, 0, 1)
    # A relation needs both ends exact: 'President Anton Weiss' is not kg's 'Anton Weiss'.
    assert report.relations["killed"].correct_gold == 1
    assert (report.relations_exact["killed"].gold, report.relations_exact["killed"].correct_gold) == (1, 0)
    assert report.relations_exact["killed"].predicted == 1
    assert report.as_dict()["entities"]["Person"]["found"] == 3  # the report shows the exact scores


def test_exact_matching_of_identical_spans_equals_overlap(gold_file):
    report = evaluate(gold_file, match="exact")
    for lenient, strict in ((report.entities, report.entities_exact), (report.relations, report.relations_exact)):
        assert {k: v.as_dict() for k, v in lenient.items()} == {k: v.as_dict() for k, v in strict.items()}


def test_cli_match_option(span_file):
    runner = CliRunner()
    both = runner.invoke(app, ["eval", str(span_file), "--match", "both"])
    assert both.exit_code == 0 and "overlap" in both.output and "exact" in both.output
    row = next(line for line in both.output.splitlines() if line.strip().startswith("killed"))
    assert row.split()[-3:] == ["0.000", "0.000", "0.000"] and row.split()[-4] == "|"
    data = json.loads(runner.invoke(app, ["eval", str(span_file), "--match", "both", "--json"]).output)
    assert data["relations"]["killed"]["f1"] == 1.0 and data["exact"]["relations"]["killed"]["f1"] == 0.0
    exact = json.loads(runner.invoke(app, ["eval", str(span_file), "--match", "exact", "--json"]).output)
    assert exact["match"] == "exact" and exact["relations"]["killed"]["f1"] == 0.0
    wrong = runner.invoke(app, ["eval", str(span_file), "--match", "fuzzy"])
    assert wrong.exit_code != 0 and "overlap, exact, both" in wrong.output and "Traceback" not in wrong.output
