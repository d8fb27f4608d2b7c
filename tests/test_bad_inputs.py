"""Bad input, table-driven, through the command line: for each input, the exit code, the message
and what the store holds afterwards.

Encoding policy (kg/pipeline/read/text.py, `_decode`): input must be UTF-8 (a BOM is allowed);
anything else is refused with the offset of the first byte that is not UTF-8, never guessed, in
text, JSON Lines, HTML and feeds alike (an HTML page or feed declaring another charset is refused
the same way)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.interfaces.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures"
runner = CliRunner()

HUNDRED_MB = 100 * 1024 * 1024
GERMAN = ("Der Bundeskanzler traf am Donnerstag den französischen Präsidenten in Berlin. "
          "Die beiden Politiker sprachen über die Lage in der Ukraine und über den Handel.")


def hundred_mb(prefix: bytes = b"") -> Callable[[Path], None]:
    """A real 100 MB file of English text (not a sparse one), written in 1 MB blocks."""
    def write(path: Path) -> None:
        block = (b"Olaf Scholz met Emmanuel Macron in Paris on Thursday. " * 19500)[:1024 * 1024]
        with path.open("wb") as handle:
            handle.write(prefix)
            for _ in range(100):
                handle.write(block)
        assert path.stat().st_size >= HUNDRED_MB
    return write


def jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


GOOD_1 = '{"id": "good-1", "text": "Olaf Scholz met Emmanuel Macron in Paris on Thursday."}'
GOOD_2 = '{"id": "good-2", "text": "Donald Trump spoke with Vladimir Putin on Wednesday."}'


@dataclass
class Row:
    name: str  # test id and file name
    content: bytes | Callable[[Path], None]
    exit_code: int
    messages: tuple[str, ...]
    stored: set[str] = field(default_factory=set)  # article ids in the store afterwards
    options: tuple[str, ...] = ()
    check: Callable[[Path], None] | None = None  # more about the store


def quote_kept_without_speaker(store: Path) -> None:
    rows = kg.query("SELECT ?q WHERE { ?q a kgo:Quote OPTIONAL { ?s kgo:said ?q } FILTER (!BOUND(?s)) }", store=store)
    assert len(rows) == 1
    assert kg.stats(store=store).by_type.get("Person", 0) == 0


def no_scripts_or_styles(store: Path) -> None:
    ((text,),) = kg.query("SELECT ?t WHERE { ?c a nif:Context ; nif:isString ?t }", store=store).rows
    assert "Olaf Scholz" in str(text)
    assert not any(leak in str(text) for leak in ("LEAK", "font-family", "window.ads", "<"))


ROWS = [
    Row("empty.txt", b"", 3, ("empty.txt: the file is empty",)),
    Row("whitespace.txt", b"  \n\t\r\n   \n", 3, ("whitespace.txt: the file is empty",)),
    Row("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>", 3, ("scan.pdf: this is a PDF document, not text",)),
    Row("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", 3, ("photo.png: this is a PNG image, not text",)),
    Row("nul.txt", b"Olaf Scholz met\x00 Macron.", 3, ("nul.txt: contains a NUL byte at offset 15",)),
    Row("latin1.txt", "Caf\u00e9 in Br\u00fcssel.".encode("latin-1"), 3, ("latin1.txt: not UTF-8 text (byte 0xe9 at offset 3)", "iconv")),
    Row("mixed.txt", "Caf\u00e9 in ".encode("utf-8") + "Br\u00fcssel.".encode("latin-1"), 3,
        ("mixed.txt: not UTF-8 text (byte 0xfc at offset 11)",)),
    Row("latin1.html", b"<html><head><meta charset='iso-8859-1'></head><body><p>Caf\xe9</p></body></html>", 3,
        ("latin1.html: not UTF-8 text (byte 0xe9 at offset 58)",)),
    Row("huge.txt", hundred_mb(), 3, ("huge.txt: the file is 105 MB", "1,000,000 characters")),
    Row("huge.html", hundred_mb(b"<html><body><p>"), 3, ("huge.html: the file is 105 MB",)),
    Row("huge.xml", hundred_mb(b"<rss version='2.0'><channel><item><description>"), 3, ("huge.xml: the feed is 105 MB",)),
    Row("lines.jsonl", jsonl(GOOD_1, '{"id": "broken", "text": "x",', GOOD_2), 3, ("lines.jsonl, line 2: not valid JSON",)),
    Row("skip.jsonl", jsonl(GOOD_1, '{"id": "broken", "text": "x",', GOOD_2), 0,
        ("Skipped 1 unreadable input", "skip.jsonl, line 2: not valid JSON", "2 articles (2 added)"),
        stored={"good-1", "good-2"}, options=("--on-error", "skip")),
    Row("quote.txt", "\u201cWe will not give up, and we will never surrender to anyone.\u201d\n".encode(), 0,
        ("added as article 'quote'", "0 entities, 0 mentions in 1 sentence"), stored={"quote"}, check=quote_kept_without_speaker),
    Row("dateline.txt", b"date 2025-02-13\n\n", 3, ("dateline.txt: the article has no text after its date header",)),
    Row("german.txt", GERMAN.encode(), 3, ("german.txt: the text is in German, not English", "reads English only")),
    Row("german.jsonl", jsonl(GOOD_1, f'{{"id": "de", "text": "{GERMAN}"}}'), 0,
        ("Skipped 1 unreadable input", "german.jsonl, line 2: the text is in German"), stored={"good-1"}, options=("--on-error", "skip")),
    Row("page.html", (FIXTURES / "page.html").read_bytes(), 0, ("added as article 'https://news.example/2025/02/13/scholz-macron'",),
        stored={"https://news.example/2025/02/13/scholz-macron"}, check=no_scripts_or_styles),
    Row("scripts-only.html", b"<!doctype html><html><head><style>p{}</style></head><body><script>var a = 1;</script></body></html>", 3,
        ("scripts-only.html: no article text found in this HTML page",)),
    Row("broken-feed.xml", (FIXTURES / "broken-feed.xml").read_bytes(), 3,
        ("broken-feed.xml, item 2: not well-formed XML (mismatched tag at line 13",)),
    Row("broken-feed-skip.xml", (FIXTURES / "broken-feed.xml").read_bytes(), 0,
        ("Skipped 1 unreadable input", "broken-feed-skip.xml, item 2: not well-formed XML", "2 articles (2 added)"),
        stored={"urn:example-times:2001", "urn:example-times:2003"}, options=("--on-error", "skip")),
    Row("empty-item.rss", b"<rss version='2.0'><channel><title>T</title><item><title>A</title><guid>a</guid></item></channel></rss>", 3,
        ("empty-item.rss, item 1: the item has no text",)),
    Row("bad-date-item.rss", b"<rss version='2.0'><channel><item><guid>a</guid><pubDate>someday</pubDate>"
        b"<description>Olaf Scholz met Macron.</description></item></channel></rss>", 3,
        ("bad-date-item.rss, item 1: the published date 'someday' is not a date",)),
    Row("not-a-feed.xml", b"<?xml version='1.0'?><catalog><book>Dune</book></catalog>", 3, ("not-a-feed.xml: not an RSS or Atom feed",)),
    Row("no-items.atom", b"<feed xmlns='http://www.w3.org/2005/Atom'><title>Empty</title></feed>", 3, ("no-items.atom: the feed has no items",)),
]


def stored_ids(store: Path) -> set[str]:
    if not (store / "CURRENT").exists():
        return set()
    return {str(row[0]) for row in kg.query("SELECT ?id WHERE { ?a a kgo:Article ; schema:identifier ?id }", store=store)}


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_bad_input(tmp_path, row):
    path = tmp_path / row.name
    if callable(row.content):
        row.content(path)
    else:
        path.write_bytes(row.content)
    store = tmp_path / "store"
    result = runner.invoke(app, ["ingest", str(path), *row.options, "--store", str(store)])
    assert result.exit_code == row.exit_code, result.output
    for message in row.messages:
        assert message in result.output, result.output
    assert "Traceback" not in result.output
    assert stored_ids(store) == row.stored
    if row.check:
        row.check(store)
    if row.stored:
        assert kg.validate(store=store).conforms


def test_the_table_covers_every_kind_of_bad_input():
    print(f"\nbad inputs tried: {len(ROWS)}")
    assert len(ROWS) >= 20
