"""Reading articles: the forms kg accepts, and a clear refusal naming the file (and line) for
everything else. No model needed."""

import json
from datetime import date

import pytest

from kg.errors import InputError
from kg.pipeline.read import MAX_ARTICLE_CHARS, check_inputs, read_articles


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_date_header_gives_the_date_and_is_not_text(tmp_path):
    path = write(tmp_path, "a.txt", b" date 2025-02-13 Pete Hegseth visited NATO.\n")
    (article,) = read_articles([path])
    assert article.published == date(2025, 2, 13)
    assert article.text == "Pete Hegseth visited NATO."
    assert article.id == "a"


def test_text_without_header_has_no_date(tmp_path):
    (article,) = read_articles([write(tmp_path, "b.txt", b"Ann Lee met Bo Chan in Oslo.")])
    assert article.published is None and article.text.startswith("Ann Lee")


def test_ids_are_stable_and_follow_the_source(tmp_path):
    lines = [
        {"id": "x-1", "text": "One."},
        {"url": "https://news.example/2025/story", "text": "Two."},
        {"text": "Three."},
    ]
    path = write(tmp_path, "a.jsonl", "\n".join(json.dumps(line) for line in lines).encode())
    first = [a.id for a in read_articles([path])]
    again = [a.id for a in read_articles([path])]
    assert first == again
    assert first[0] == "x-1" and first[1] == "https://news.example/2025/story"
    assert first[2].startswith("sha256-")


def test_jsonl_fields(tmp_path):
    record = {"id": 7, "text": " Body. ", "published": "2024-05-06T10:00:00Z", "title": "T", "url": "https://e.example/a"}
    (article,) = read_articles([write(tmp_path, "a.jsonl", (json.dumps(record) + "\n\n").encode())])
    assert (article.id, article.text, article.published, article.title, article.url) == (
        "7", "Body.", date(2024, 5, 6), "T", "https://e.example/a")


def test_folders_are_walked_in_order_skipping_hidden_and_other_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    write(tmp_path, "sub/b.txt", b"Bravo.")
    write(tmp_path, "a.txt", b"Alpha.")
    write(tmp_path, ".hidden/c.txt", b"Hidden.")
    write(tmp_path, "notes.csv", b"x,y")
    assert [a.text for a in read_articles([tmp_path])] == ["Alpha.", "Bravo."]


def test_a_bom_is_not_text(tmp_path):
    (article,) = read_articles([write(tmp_path, "bom.txt", "\ufeffHello there.".encode("utf-8"))])
    assert article.text == "Hello there."


BAD_INPUTS = [
    ("empty.txt", b"", "empty.txt: the file is empty"),
    ("blank.txt", b"  \n\t \n", "blank.txt: the file is empty"),
    ("header-only.txt", b"date 2025-02-13\n", "no text after its date header"),
    ("bad-date.txt", b"date 2025-13-45 Text.", "is not a date"),
    ("doc.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "this is a PDF document, not text"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a PNG image, not text"),
    ("nul.txt", b"Some text\x00with a NUL", "NUL byte at offset 9"),
    ("latin1.txt", "Caf\u00e9 Br\u00fcssel".encode("latin-1"), "not UTF-8 text (byte 0xe9 at offset 3)"),
    ("bad.jsonl", b'{"text": "ok"}\n{"text": "broken",\n', "bad.jsonl, line 2: not valid JSON"),
    ("notext.jsonl", b'{"id": "a"}\n', "notext.jsonl, line 1: the object has no \"text\" string"),
    ("list.jsonl", b'["text"]\n', "line 1: expected a JSON object"),
    ("emptytext.jsonl", b'{"text": "  "}\n', "line 1: \"text\" is empty"),
    ("baddate.jsonl", b'{"text": "x", "published": "yesterday"}\n', "line 1: \"published\" 'yesterday' is not a date"),
    ("latin1.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n', "latin1.jsonl, line 2: not UTF-8 text (byte 0xe9 at offset 13)"),
    ("blank.jsonl", b"\n\n", "blank.jsonl: the file is empty"),
]


@pytest.mark.parametrize("name, data, message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_naming_the_file(tmp_path, name, data, message):
    path = write(tmp_path, name, data)
    with pytest.raises(InputError) as refusal:
        check_inputs([path])
    assert message in str(refusal.value)
    assert str(path) in str(refusal.value) or name in str(refusal.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        check_inputs([tmp_path / "nope.txt"])


def test_folder_without_articles(tmp_path):
    write(tmp_path, "data.csv", b"a,b")
    with pytest.raises(InputError, match="no article files in this folder"):
        check_inputs([tmp_path])


def test_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.truncate(100 * 1024 * 1024)
    with pytest.raises(InputError, match="huge.txt: the file is 105 MB"):
        check_inputs([path])


def test_overlong_article_in_jsonl(tmp_path):
    path = write(tmp_path, "long.jsonl", json.dumps({"text": "a " * (MAX_ARTICLE_CHARS // 2 + 10)}).encode())
    with pytest.raises(InputError, match="long.jsonl, line 1: the article is"):
        check_inputs([path])


def test_a_bad_file_anywhere_in_the_batch_stops_the_check(tmp_path):
    good = write(tmp_path, "good.txt", b"Fine text.")
    bad = write(tmp_path, "bad.txt", b"\x00\x01")
    with pytest.raises(InputError, match="bad.txt"):
        check_inputs([good, bad])


def test_a_small_batch_is_kept_from_the_check_and_a_large_one_read_again(tmp_path, monkeypatch):
    from kg.pipeline.read import files

    paths = [write(tmp_path, "a.txt", b"Alpha text."), write(tmp_path, "b.txt", b"Bravo text.")]
    small = check_inputs(paths)
    assert small.count == 2 and small.kept is not None
    assert [a.text for a in small.articles()] == ["Alpha text.", "Bravo text."]
    monkeypatch.setattr(files, "KEEP_CHECKED_CHARS", 15)
    large = check_inputs(paths)
    assert large.count == 2 and large.kept is None
    assert [a.text for a in large.articles()] == ["Alpha text.", "Bravo text."]
