"""Hostile and odd input (issue 12, and issue 11's feed crash and date headers): each is refused
with one line naming the file (and line or field) before anything is stored, or read the way the
README documents — never a traceback, a hang, unbounded memory or an article silently lost."""

import json
import os
import subprocess
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.errors import InputError
from kg.interfaces.cli import app
from kg.namespaces import entity_iri
from kg.pipeline.extract.timex import normalize
from kg.pipeline.read import MAX_ARTICLE_CHARS, MAX_FEED_BYTES, MAX_LINE_BYTES, read_articles

runner = CliRunner()

SENTENCE = "Olaf Scholz met Emmanuel Macron in Paris on Thursday, officials in Berlin said."
OTHER = "Ann Lee spoke with Bo Chan in Oslo on Friday about the trade talks."


def ingest(*args: str, store: Path):
    return runner.invoke(app, ["ingest", *map(str, args), "--store", str(store)])


def kg_process(*args: str, **options) -> subprocess.CompletedProcess:
    """kg in its own process, for standard input and files that could hang a reader (the
    timeout only turns a hang into a failure)."""
    env = {**os.environ, "PYTHONPATH": str(Path(kg.__file__).resolve().parent.parent)}
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300, env=env,
                          **options)


def stored_ids(store: Path) -> set[str]:
    if not (store / "CURRENT").exists():
        return set()
    return {a.article_id for a in kg.list_articles(store=store)}


def refused(result, *messages: str) -> None:
    assert result.exit_code == 3, result.output
    for message in messages:
        assert message in result.output, result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def jsonl(tmp_path: Path, name: str, *records) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


# --- 12.2: only web addresses are stored as an article's URL -------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(1)//", "file:///etc/passwd", "data:text/html,<b>x</b>", "news.example/a b",
                                 "https:///no-host", "http://bad host/"])
def test_a_url_that_is_not_a_web_address_is_refused(tmp_path, url):
    path = jsonl(tmp_path, "links.jsonl", {"id": "ok", "text": OTHER},
                 {"id": "bad", "text": SENTENCE, "url": url})
    result = ingest(path, store=tmp_path / "store")
    refused(result, "links.jsonl, line 2: \"url\"", "is not a web address", "http:// and https://")
    assert stored_ids(tmp_path / "store") == set()


def test_a_page_whose_canonical_link_is_not_a_web_address_keeps_no_url(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(f'<html><head><link rel="canonical" href="javascript:alert(1)"><title>T</title></head>'
                    f'<body><article><p>{SENTENCE}</p><p>{OTHER}</p></article></body></html>', encoding="utf-8")
    (article,) = read_articles([page])
    assert article.url is None and article.id == "page"


# --- 12.4: ids that collide in one batch -----------------------------------------------------


def test_files_of_the_same_name_in_one_batch_are_refused_naming_both(tmp_path):
    folder = tmp_path / "news"
    for name in ("a/report.txt", "b/report.txt", "report.md"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(SENTENCE, encoding="utf-8")
    result = ingest(folder, store=tmp_path / "store")
    refused(result, f"{folder / 'b' / 'report.txt'}: its article id 'report' is also the id of {folder / 'a' / 'report.txt'}",
            "give one of them another id")
    assert stored_ids(tmp_path / "store") == set()


@pytest.mark.parametrize("records, second", [
    ([{"id": "same", "text": SENTENCE}, {"id": "same", "text": OTHER}], "line 2"),
    ([{"id": 7, "text": SENTENCE}, {"id": "7", "text": OTHER}], "line 2"),
    ([{"id": "https://news.example/a", "text": SENTENCE}, {"text": OTHER, "url": "https://news.example/a"}], "line 2"),
])
def test_json_lines_records_with_one_id_are_refused_naming_both(tmp_path, records, second):
    path = jsonl(tmp_path, "batch.jsonl", *records)
    result = ingest(path, store=tmp_path / "store")
    refused(result, f"batch.jsonl, {second}: its article id", f"is also the id of {path}, line 1")
    assert stored_ids(tmp_path / "store") == set()


def test_with_skip_the_first_of_two_articles_with_one_id_is_stored_and_the_second_listed(tmp_path):
    path = jsonl(tmp_path, "batch.jsonl", {"id": "same", "text": SENTENCE}, {"id": "same", "text": OTHER},
                 {"id": "other", "text": OTHER})
    store = tmp_path / "store"
    result = runner.invoke(app, ["ingest", str(path), "--on-error", "skip", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "2 articles (2 added)" in result.output
    assert "batch.jsonl, line 2: its article id 'same' is also the id of" in result.output
    assert stored_ids(store) == {"same", "other"}
    ((text,),) = kg.query("SELECT ?t WHERE { GRAPH ?g { ?a schema:identifier 'same' . ?c a nif:Context ; "
                          "nif:isString ?t } }", store=store).rows
    assert "Olaf Scholz" in str(text)  # the first stands


def test_a_batch_read_again_for_the_run_leaves_out_the_same_second_article(tmp_path, monkeypatch):
    import kg.pipeline.read
    import kg.pipeline.read.files

    monkeypatch.setattr(kg.pipeline.read.files, "KEEP_CHECKED_CHARS", 10)  # too large to keep: read again for the run
    path = jsonl(tmp_path, "batch.jsonl", {"id": "same", "text": SENTENCE}, {"id": "same", "text": OTHER},
                 {"id": "other", "text": OTHER})
    skipped: list[InputError] = []
    checked = kg.pipeline.read.check_inputs([path], skipped)
    assert checked.kept is None and checked.count == 2 and len(skipped) == 1
    assert [(a.id, a.text) for a in checked.articles()] == [("same", SENTENCE), ("other", OTHER)]


# --- 12.5: the longest article is what the model reads, checked before any write ------------


def test_an_article_longer_than_the_model_reads_stops_the_batch_before_any_is_stored(tmp_path):
    long_text = ("Ann Lee met Bo Chan in Oslo. " * (MAX_ARTICLE_CHARS // 29 + 2))[:MAX_ARTICLE_CHARS].strip()
    long_text += "!" * (MAX_ARTICLE_CHARS + 1 - len(long_text))  # one character more than the model reads
    records = [{"id": f"a{n}", "text": SENTENCE} for n in range(1, 12)]
    records += [{"id": "long", "text": long_text}, *({"id": f"b{n}", "text": OTHER} for n in range(8))]
    path = jsonl(tmp_path, "twenty.jsonl", *records)
    result = ingest(path, store=tmp_path / "store")
    refused(result, "twenty.jsonl, line 12: the article is 1,000,001 characters long",
            f"up to {MAX_ARTICLE_CHARS:,} characters")
    assert stored_ids(tmp_path / "store") == set()


def test_the_model_reads_every_article_kg_accepts():
    from kg.pipeline.nlp import load_model

    assert load_model().max_length == MAX_ARTICLE_CHARS


# --- 12.6: lone surrogates ---------------------------------------------------------------------


@pytest.mark.parametrize("field", ["text", "id", "title", "url"])
def test_a_lone_surrogate_escape_is_refused_naming_file_line_and_field(tmp_path, field):
    record = {"id": "x", "text": SENTENCE, "title": "T", "url": "https://news.example/x"}
    record[field] = record[field] + "\ud800"
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": OTHER}) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    assert "\\ud800" in path.read_text()  # json.dumps writes the escape, as a broken producer would
    result = ingest(path, store=tmp_path / "store")
    refused(result, f's.jsonl, line 2: "{field}" holds a lone surrogate escape (\\ud800')
    assert stored_ids(tmp_path / "store") == set()


# --- 12.7 and 11.5: dates -------------------------------------------------------------------------


def test_relative_days_past_the_calendars_ends_stay_text():
    assert normalize("yesterday", date(1, 1, 1)) == (None, None)
    assert normalize("tomorrow", date(9999, 12, 31)) == (None, None)
    assert normalize("Sunday", date(1, 1, 1)) == (None, None)
    assert normalize("last year", date(1, 1, 1)) == (None, None)
    assert normalize("yesterday", date(2025, 2, 13)) == ("2025-02-12", "date")


def test_articles_dated_at_the_calendars_ends_are_stored(tmp_path):
    path = jsonl(tmp_path, "edges.jsonl",
                 {"id": "first", "published": "0001-01-01", "text": "Ann Lee met Bo Chan in Oslo yesterday."},
                 {"id": "last", "published": "9999-12-31", "text": "Ann Lee will meet Bo Chan in Oslo tomorrow."})
    store = tmp_path / "store"
    result = ingest(path, store=store)
    assert result.exit_code == 0, result.output
    assert stored_ids(store) == {"first", "last"}
    assert kg.validate(store=store).conforms


@pytest.mark.parametrize("value", ["2025-02-13 and then some", "2025-02-13x", "13.02.2025", "2025-02-30"])
def test_a_published_date_must_be_a_whole_iso_date(tmp_path, value):
    path = jsonl(tmp_path, "d.jsonl", {"id": "d", "published": value, "text": SENTENCE})
    result = ingest(path, store=tmp_path / "store")
    refused(result, 'd.jsonl, line 1: "published"', "is not a date in the form YYYY-MM-DD")


@pytest.mark.parametrize("value, day", [("2025-02-13", date(2025, 2, 13)), ("2025-02-13T09:30:00Z", date(2025, 2, 13)),
                                        ("2025-02-13 23:59:59+01:00", date(2025, 2, 13))])
def test_iso_dates_and_date_times_are_read(tmp_path, value, day):
    (article,) = read_articles([jsonl(tmp_path, "d.jsonl", {"id": "d", "published": value, "text": SENTENCE})])
    assert article.published == day


@pytest.mark.parametrize("header", ["Date: February 13, 2025", "13 February 2025", "date: 2025-02-13",
                                    "Thursday, February 13, 2025", "Date: Thu, 13 Feb 2025", "2025-02-13T10:00:00Z"])
def test_a_first_line_that_is_only_a_date_dates_the_article(tmp_path, header):
    path = tmp_path / "a.txt"
    path.write_text(f"{header}\n\n{SENTENCE}\n", encoding="utf-8")
    (article,) = read_articles([path])
    assert article.published == date(2025, 2, 13)
    assert article.text == SENTENCE


@pytest.mark.parametrize("opening", ["02/03/2025", "February 2025", "On February 13, 2025 the talks began.",
                                     "Date night in Paris"])
def test_a_first_line_that_is_more_or_less_than_a_date_stays_text(tmp_path, opening):
    path = tmp_path / "a.txt"
    path.write_text(f"{opening}\n{SENTENCE}\n", encoding="utf-8")
    (article,) = read_articles([path])
    assert article.published is None and article.text.startswith(opening)


def test_a_date_header_in_words_that_is_no_day_is_refused(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"Date: February 30, 2025\n{SENTENCE}\n", encoding="utf-8")
    refused(ingest(path, store=tmp_path / "store"), "a.txt: the date header 'February 30, 2025' is not a date")


# --- 12.14: bounded reads ---------------------------------------------------------------------------


def test_a_device_is_refused_not_read(tmp_path):
    result = ingest("/dev/zero", store=tmp_path / "store")
    refused(result, "/dev/zero: this is a device, not a file", "kg ingest - < /dev/zero")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    result = kg_process("ingest", str(fifo), "--store", str(tmp_path / "store"))
    assert result.returncode == 3, result.stderr
    assert f"{fifo}: this is a named pipe (FIFO), not a file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fifo_in_a_folder_is_refused_too(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(SENTENCE, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    result = ingest(folder, store=tmp_path / "store")
    refused(result, "pipe.txt: this is a named pipe (FIFO)")


def test_endless_standard_input_is_refused_at_the_limit(tmp_path):
    with open("/dev/zero", "rb") as zeros:
        result = kg_process("ingest", "-", "--store", str(tmp_path / "store"), stdin=zeros)
    assert result.returncode == 3, result.stderr
    assert f"<stdin>: more than {MAX_FEED_BYTES / 1e6:.0f} MB on standard input" in result.stderr


def test_text_on_standard_input_over_the_text_limit_is_refused(tmp_path):
    result = kg_process("ingest", "-", "--store", str(tmp_path / "store"), input="Ann Lee met Bo Chan. " * 250_000)
    assert result.returncode == 3, result.stderr
    assert "<stdin>: larger than 4 MB; kg reads text files of up to 4 MB" in result.stderr


def test_a_json_line_over_the_limit_is_refused_while_read_without_holding_it(tmp_path):
    path = tmp_path / "big.jsonl"
    chunk = "Ann Lee met Bo Chan in Oslo. " * 35_000  # about 1 MB
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"id": "big", "text": "')
        for _ in range(100):
            handle.write(chunk)
        handle.write('"}\n')
        handle.write(json.dumps({"id": "after", "text": SENTENCE}) + "\n")
    assert path.stat().st_size > 6 * MAX_LINE_BYTES
    skipped: list[InputError] = []
    tracemalloc.start()
    try:
        articles = list(read_articles([path], skipped))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [a.id for a in articles] == ["after"]
    assert [str(e) for e in skipped] == [f"{path}, line 1: the line is longer than 16 MB; kg reads articles of up to "
                                         f"{MAX_ARTICLE_CHARS:,} characters. Split the article first."]
    assert peak < 3 * MAX_LINE_BYTES  # one line's limit at a time, not the 100 MB line
    refused(ingest(path, store=tmp_path / "store"), "big.jsonl, line 1: the line is longer than 16 MB")


# --- 12.15: what kg list and kg show print --------------------------------------------------------


def test_list_and_show_print_control_characters_as_visible_escapes(tmp_path):
    store = tmp_path / "store"
    path = jsonl(tmp_path, "evil.jsonl", {"id": "evil\x1b[2J\u202e", "title": "First line\nForged line\x1b]0;owned\x07",
                                          "text": SENTENCE})
    assert ingest(path, store=store).exit_code == 0
    listed = runner.invoke(app, ["list", "--store", str(store)])
    assert listed.exit_code == 0, listed.output
    assert "\x1b" not in listed.output and "\x07" not in listed.output and "\u202e" not in listed.output
    assert "evil\\x1b[2J\\u202e  First line\\nForged line\\x1b]0;owned\\x07" in listed.output
    assert len(listed.output.splitlines()) == 3  # header, the article, the count
    shown = runner.invoke(app, ["show", "Olaf Scholz", "--store", str(store)])
    assert shown.exit_code == 0, shown.output
    assert "\x1b" not in shown.output and "\x07" not in shown.output and "\u202e" not in shown.output
    assert "evil\\x1b[2J\\u202e" in shown.output and "First line\\nForged line" in shown.output
    assert not any(line.startswith("Forged line") for line in shown.output.splitlines())


# --- 12.17: invisible characters in names ----------------------------------------------------------


def test_names_are_composed_and_free_of_invisible_characters():
    assert entity_iri("Person", "Jose\u0301 Rami\u0301rez") == entity_iri("Person", "José Ramírez")
    assert entity_iri("Person", "Olaf\u200dScholz") == entity_iri("Person", "OlafScholz")
    assert entity_iri("Person", "Olaf\u200dScholz") != entity_iri("Person", "Olaf Scholz")


def test_a_name_with_a_zero_width_joiner_neither_shares_a_node_nor_keeps_the_joiner(tmp_path):
    store = tmp_path / "store"
    path = jsonl(tmp_path, "zw.jsonl", {"id": "real", "text": SENTENCE},
                 {"id": "spoof", "text": "Olaf\u200dScholz met Emmanuel\u202e Macron in Paris on Friday, officials said."})
    assert ingest(path, store=store).exit_code == 0
    rows = kg.query("SELECT ?e ?l WHERE { ?e a kgo:Person ; rdfs:label ?l }", store=store).rows
    labels: dict[str, set[str]] = {}
    for entity, label in rows:
        labels.setdefault(str(entity), set()).add(str(label))
    assert all(len(names) == 1 for names in labels.values()), labels  # one node, one name
    everything = {name for names in labels.values() for name in names}
    assert not any(c in name for name in everything for c in "\u200d\u202e"), everything
    assert labels[str(entity_iri("Person", "Olaf Scholz"))] == {"Olaf Scholz"}
    # the text is kept as given: every mention's offsets still slice it to the words
    for start, end, anchor, text in kg.query(
            "SELECT ?s ?e ?a ?t WHERE { ?m a nif:Phrase ; nif:beginIndex ?s ; nif:endIndex ?e ; nif:anchorOf ?a ; "
            "nif:referenceContext ?c . ?c nif:isString ?t }", store=store).rows:
        assert str(text)[int(start):int(end)] == str(anchor)


# --- 12.18: nothing left out without a word -----------------------------------------------------


def test_a_broken_link_in_a_folder_is_refused_naming_it(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(SENTENCE, encoding="utf-8")
    (folder / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    result = ingest(folder, store=tmp_path / "store")
    refused(result, f"{folder / 'gone.txt'}: a broken symbolic link (to {tmp_path / 'deleted.txt'}, which does not exist)")
    assert stored_ids(tmp_path / "store") == set()


def test_a_broken_link_given_by_name_is_refused(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    refused(ingest(tmp_path / "gone.txt", store=tmp_path / "store"), "gone.txt: a broken symbolic link")


@pytest.mark.parametrize("depth, declaration", [(300, ""), (50_000, ""), (300, '<?xml version="1.0" encoding="utf-8"?>')])
def test_a_page_nested_deeper_than_the_parser_reads_is_refused(tmp_path, depth, declaration):
    page = tmp_path / "deep.html"
    deep = "<div>" * depth + f"<p>{OTHER}</p>" + "</div>" * depth
    page.write_text(f"{declaration}<html><body><article><p>{SENTENCE}</p>{deep}</article></body></html>", encoding="utf-8")
    refused(ingest(page, store=tmp_path / "store"), "deep.html: the markup is nested more than 255 elements deep")


def test_a_page_nested_within_the_parsers_depth_keeps_all_its_text(tmp_path):
    page = tmp_path / "nested.html"
    deep = "<div>" * 100 + f"<p>{OTHER}</p>" + "</div>" * 100
    page.write_text(f"<html><body><article><p>{SENTENCE}</p>{deep}</article></body></html>", encoding="utf-8")
    (article,) = read_articles([page])
    assert SENTENCE in article.text and OTHER in article.text


# --- 11.3: what the parsers raise on bad input ------------------------------------------------------


@pytest.mark.parametrize("name, content, message", [
    ("bad.xml", b"<rss:<&#xD800;", "bad.xml: the feed cannot be parsed"),
    ("deep.jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n", "deep.jsonl, line 1: the JSON is nested too deeply"),
    ("digits.jsonl", b'{"id": ' + b"9" * 5000 + b', "text": "Ann Lee met Bo Chan."}\n', "digits.jsonl, line 1: not JSON kg can read"),
])
def test_what_a_parser_raises_on_bad_input_is_a_refusal(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    refused(ingest(path, store=tmp_path / "store"), message)
