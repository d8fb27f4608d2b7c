"""Turn files, folders, JSON Lines, HTML pages and RSS/Atom feeds into
`Article`s, refusing bad input with a message that names the file (and line or item) before
anything is processed or stored."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError

MAX_ARTICLE_CHARS = 1_000_000
"""Longer texts are refused: a news article is a few thousand words, and this is the length
spaCy's model is set to parse (its `max_length`; kg.nlp sets it from this figure). Checked
when the batch is read, so a long article stops the batch before anything is stored."""

MAX_TEXT_BYTES = 4 * MAX_ARTICLE_CHARS
"""A text file (or standard input holding text): UTF-8 takes at most 4 bytes a character."""

MAX_PAGE_BYTES = 16_000_000
"""An HTML page: markup, scripts and styles around the article's text."""

MAX_LINE_BYTES = 16_000_000
"""One JSON Lines record: an article of MAX_ARTICLE_CHARS even when every character is written
as a \\uXXXX escape, with its other fields. A longer line is refused as it is read."""

MAX_FEED_BYTES = 64_000_000
"""A feed holds many articles, so it may be larger than one article; feedparser parses it whole
in memory, hence a cap. Standard input is read up to this much, as it may hold a feed."""

MAX_HTML_DEPTH = 255
"""lxml (libxml2) stops building a page's tree at 256 nested elements and drops what is deeper,
so a page nested deeper is refused rather than stored with text missing."""

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES

# The seed's form: the file opens with "date YYYY-MM-DD" (optionally "Date:"), then the body.
_DATE_HEADER = re.compile(r"\A\s*date\s*:?\s*(\d{4}-\d{2}-\d{2})(?:\s+|\Z)", re.IGNORECASE)
# Other common forms, on a first line of their own that holds nothing but the date (optionally
# after "Date:"): an ISO date or date-time, or a day, a month's name and a year in either order
# ("February 13, 2025", "Thu, 13 Feb 2025"). All-number forms such as 02/03/2025 are left as
# text: day and month cannot be told apart.
_HEADER_LINE = re.compile(r"\A\s*(?:date\s*:?\s*)?(?P<value>[^\n]*?)[ \t]*(?:\r?\n|\Z)", re.IGNORECASE)
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_WORDY_DATE = re.compile(
    rf"{_WEEKDAY}(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})",
    re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")

_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}


@dataclass(frozen=True)
class Article:
    """One news article: its body text (any date header removed) and what is known about it.

    `id` names the article for good: the JSON Lines `id`, else its URL, else the file's name,
    else a hash of the text. Reading the same source again gives the same id."""

    id: str
    text: str
    source: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    author: str | None = None
    text_hash: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text_hash", hashlib.sha256(self.text.encode("utf-8")).hexdigest())


def text_id(text: str) -> str:
    """The id of an article nothing else names: a hash of its text."""
    return "sha256-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def read_articles(paths: Iterable[str | Path | bytes], skipped: list[InputError] | None = None) -> Iterator[Article]:
    """Yield every article in `paths`: files, folders walked recursively, "-" for standard
    input, or bytes holding one article's text (read once from stdin, say, to read it twice).

    Raises InputError at the first unreadable input; callers that must not act on partial
    input iterate once to check (`check_inputs`) before processing. With a `skipped` list,
    unreadable files and JSON Lines are recorded there instead and reading goes on."""
    for raw in paths:
        yield from _guarded(_read_one(raw, skipped), skipped)


def _guarded(articles: Iterator[Article], skipped: list[InputError] | None) -> Iterator[Article]:
    """The articles, or, when the source turns out unreadable and errors are being collected,
    as many as it gave and a note of why it stopped."""
    try:
        yield from articles
    except InputError as error:
        if skipped is None:
            raise
        skipped.append(error)


def _read_one(raw: str | Path | bytes, skipped: list[InputError] | None) -> Iterator[Article]:
    if isinstance(raw, bytes):
        yield from _articles_from_bytes(raw, source="<stdin>", stem=None, skipped=skipped)
        return
    if str(raw) == "-":
        yield from _articles_from_bytes(read_stdin(), source="<stdin>", stem=None, skipped=skipped)
        return
    path = Path(raw)
    if path.is_dir():
        # A broken link or a FIFO with an article's suffix is reported, not passed over;
        # a folder named like an article file is walked by rglob itself.
        files = sorted(p for p in path.rglob("*") if _is_article_file(p) and not p.is_dir())
        if not files:
            raise InputError(
                f"{path}: no article files in this folder (kg reads "
                f"{', '.join(sorted(ARTICLE_SUFFIXES))})."
            )
        for file in files:
            yield from _guarded(_articles_from_file(file, skipped), skipped)
    else:
        yield from _articles_from_file(path, skipped)


def read_stdin() -> bytes:
    """Standard input, read up to the largest input kg takes (a feed) and refused beyond it, so
    an endless stream does not fill memory."""
    data = sys.stdin.buffer.read(MAX_FEED_BYTES + 1)
    if len(data) > MAX_FEED_BYTES:
        raise InputError(
            f"<stdin>: more than {MAX_FEED_BYTES / 1e6:.0f} MB on standard input; kg reads an article, a page or "
            f"a feed of up to that size there. Write it to files (JSON Lines for many articles) and give those."
        )
    return data


def _regular_file(path: Path) -> os.stat_result:
    """The file's status, once it is known to be a regular file that exists (through links):
    a FIFO or device would block or never end, a broken link would be passed over unseen."""
    try:
        status = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(f"{path}: a broken symbolic link (to {os.readlink(path)}, which does not exist); "
                             f"remove it or fix its target.") from None
        raise InputError(f"{path}: no such file or folder.") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}).") from None
    if not stat.S_ISREG(status.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(status.st_mode) else
                "a device" if stat.S_ISCHR(status.st_mode) or stat.S_ISBLK(status.st_mode) else
                "a socket" if stat.S_ISSOCK(status.st_mode) else "not a regular file")
        raise InputError(f"{path}: this is {kind}, not a file; to read from it, pipe it to standard input "
                         f"(kg ingest - < {path}).")
    return status


def _read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The file's bytes, refused when there are more than `limit` (read no further than that:
    a file's size can change between stat and read)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}).") from None
    if len(data) > limit:
        raise InputError(_too_large(str(path), limit, what))
    return data


def _too_large(source: str, limit: int, what: str) -> str:
    return (f"{source}: larger than {limit / 1e6:.0f} MB; kg reads {what}s of up to {limit / 1e6:.0f} MB "
            f"(articles of up to {MAX_ARTICLE_CHARS:,} characters). Split it, or give a JSON Lines file.")


KEEP_CHECKED_CHARS = 50_000_000  # of article text kept from the check for the run that follows


@dataclass
class CheckedInputs:
    """What the check found: how many articles, and the way to read them for the run. A batch
    whose text fits in KEEP_CHECKED_CHARS is kept from the check, so pages and feeds are parsed
    once; a larger one (an archive) is read again, so memory does not grow with it."""

    count: int
    paths: list[str | Path | bytes]
    kept: list[Article] | None
    skipping: bool

    def articles(self) -> Iterator[Article]:
        if self.kept is not None:
            return iter(self.kept)
        skipped: list[InputError] | None = [] if self.skipping else None
        return _distinct(read_articles(self.paths, skipped), skipped)


def check_inputs(paths: Iterable[str | Path | bytes], skipped: list[InputError] | None = None) -> CheckedInputs:
    """Read every input once; raise InputError for the first bad one, so nothing is ingested
    from a bad batch, unless a `skipped` list collects the bad ones."""
    paths = list(paths)
    kept: list[Article] | None = []
    count = chars = 0
    for article in _distinct(read_articles(paths, skipped), skipped):
        count += 1
        if kept is not None:
            chars += len(article.text)
            if chars <= KEEP_CHECKED_CHARS:
                kept.append(article)
            else:
                kept = None
    return CheckedInputs(count, paths, kept, skipped is not None)


def _distinct(articles: Iterable[Article], skipped: list[InputError] | None) -> Iterator[Article]:
    """The articles of one batch, each id once: a second article with an id already seen would
    silently replace the first in the store, so it is refused (or, with `skipped`, left out and
    listed; the first stands), naming both sources."""
    seen: dict[str, str] = {}
    for article in articles:
        first = seen.get(article.id)
        if first is None:
            seen[article.id] = article.source
        else:
            error = InputError(
                f"{article.source}: its article id {article.id!r} is also the id of {first}, and an id names one "
                f"article; give one of them another id (rename the file, or set \"id\" in JSON Lines)."
            )
            if skipped is None:
                raise error
            skipped.append(error)
            continue
        yield article


def _is_article_file(path: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.parts)
    return not hidden and path.suffix.lower() in ARTICLE_SUFFIXES


_LIMITS = {"text": (MAX_TEXT_BYTES, "text file"), "html": (MAX_PAGE_BYTES, "HTML page"),
           "feed": (MAX_FEED_BYTES, "feed")}


def _articles_from_file(path: Path, skipped: list[InputError] | None = None) -> Iterator[Article]:
    suffix = path.suffix.lower()
    size = _regular_file(path).st_size
    if suffix in JSONL_SUFFIXES:
        yield from _articles_from_jsonl(path, skipped)
        return
    kind = "html" if suffix in HTML_SUFFIXES else "feed" if suffix in FEED_SUFFIXES else None
    # A file of another suffix, given by name, may hold text, a page or a feed: the largest.
    limit, what = _LIMITS[kind] if kind else _LIMITS["text"] if suffix in TEXT_SUFFIXES else _LIMITS["feed"]
    if size > limit:  # refused before reading
        raise InputError(
            f"{path}: the {'feed' if kind == 'feed' else 'file'} is {size / 1e6:.0f} MB; kg reads {what}s of up to {limit / 1e6:.0f} MB "
            f"(articles of up to {MAX_ARTICLE_CHARS:,} characters). Split it, or give a JSON Lines file."
        )
    data = _read_bounded(path, limit, what)
    yield from _articles_from_bytes(data, source=str(path), stem=path.stem, kind=kind, skipped=skipped)


def _articles_from_bytes(
    data: bytes, *, source: str, stem: str | None, kind: str | None = None, skipped: list[InputError] | None = None
) -> Iterator[Article]:
    """One input's bytes as articles: plain text, an HTML page or a feed, told apart by the
    file's suffix or, failing that (standard input, a .txt holding a page), by its opening."""
    text = _decode(data, source)
    sniffed = _sniff(text)
    if kind == "feed" and sniffed != "feed":
        raise InputError(f"{source}: not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> at the start).")
    kind = kind or sniffed
    limit, what = _LIMITS[kind]
    if len(data) > limit:  # standard input, or a .txt file that holds a page or a feed
        raise InputError(_too_large(source, limit, what))
    if kind == "html":
        yield _article_from_html(text, source=source, stem=stem)
    elif kind == "feed":
        yield from _articles_from_feed(text, source=source, skipped=skipped)
    else:
        yield from _articles_from_text(text, source=source, stem=stem)


_MARKUP_HEAD = 4096


def _sniff(text: str) -> str:
    """"feed", "html" or "text", from how the text opens (as browsers and feed readers do)."""
    head = text[:_MARKUP_HEAD].lstrip().lower()
    if not head.startswith("<"):
        return "text"
    if re.match(r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:rdf)\b", head, re.DOTALL):
        return "feed"
    if re.match(r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", head, re.DOTALL):
        return "html"
    return "text"


def _articles_from_text(text: str, *, source: str, stem: str | None) -> Iterator[Article]:
    published, text = _date_header(text, source)
    body = text.strip()
    if not body:
        raise InputError(f"{source}: the article has no text after its date header.")
    _check_body(body, source)
    article_id = stem if stem else text_id(body)
    yield Article(id=article_id, text=body, source=source, published=published)


def _date_header(text: str, source: str) -> tuple[date | None, str]:
    """The date the text opens with, if any, and the text after it: the seed's "date
    YYYY-MM-DD" (the body may follow on the same line), or a first line that is nothing but a
    date in a common form ("Date: February 13, 2025", "13 February 2025", "2025-02-13")."""
    header = _DATE_HEADER.match(text)
    if header:
        return _parse_date(header.group(1), f"{source}: the date header"), text[header.end():]
    line = _HEADER_LINE.match(text)
    value = line.group("value") if line else ""
    if _ISO_DATE.fullmatch(value):
        return _parse_date(value, f"{source}: the date header"), text[line.end():]
    if _WORDY_DATE.fullmatch(value):
        return _parse_wordy_date(value, f"{source}: the date header"), text[line.end():]
    return None, text


def _parse_wordy_date(value: str, where: str) -> date:
    import dateparser  # only for headers in words; it takes a second to import

    parsed = dateparser.parse(value, languages=["en"],
                              settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    if parsed is None:
        raise InputError(f"{where} {value!r} is not a date (write it as YYYY-MM-DD, or as February 13, 2025).")
    return parsed.date()


def _articles_from_jsonl(path: Path, skipped: list[InputError] | None = None) -> Iterator[Article]:
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}).") from None
    seen_any = False
    with handle:
        head = handle.read(8)
        _refuse_binary(head, str(path))
        handle.seek(0)
        number = 0
        while True:
            # Never more than one line's limit in memory: a longer line is refused and passed over.
            raw = handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                break
            number += 1
            where = f"{path}, line {number}"
            try:
                if len(raw) > MAX_LINE_BYTES:
                    while raw and not raw.endswith(b"\n"):
                        raw = handle.readline(1024 * 1024)
                    seen_any = True
                    raise InputError(
                        f"{where}: the line is longer than {MAX_LINE_BYTES / 1e6:.0f} MB; kg reads articles of up to "
                        f"{MAX_ARTICLE_CHARS:,} characters. Split the article first."
                    )
                line = _decode(raw, where, allow_empty=True).strip()
                if not line:
                    continue
                seen_any = True
                article = _article_from_record(line, where)
            except InputError as error:
                if skipped is None:
                    raise
                skipped.append(error)  # one broken line does not cost the file's good ones
                continue
            yield article
    if not seen_any:
        raise InputError(f"{path}: the file is empty; JSON Lines needs one article object per line.")


_SURROGATE = re.compile("[\ud800-\udfff]")
_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+(?:[/?#].*)?", re.IGNORECASE | re.DOTALL)  # a host, then anything


def _article_from_record(line: str, where: str) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{where}: not valid JSON ({error.msg} at column {error.colno}).") from None
    except RecursionError:
        raise InputError(f"{where}: the JSON is nested too deeply to read; give one flat object per line.") from None
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise InputError(f"{where}: not JSON kg can read ({error}); give one flat object per line.") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object with a \"text\" field.")
    for key in ("id", "title", "url", "published"):
        if record.get(key) is not None and not isinstance(record[key], (str, int)) or isinstance(record.get(key), bool):
            raise InputError(f"{where}: \"{key}\" must be a string.")
    for key in ("text", "id", "title", "url", "published"):
        value = record.get(key)
        if isinstance(value, str) and (bad := _SURROGATE.search(value)):
            # JSON can escape half of a UTF-16 pair (\ud800) on its own; that is no character.
            raise InputError(
                f"{where}: \"{key}\" holds a lone surrogate escape (\\u{ord(bad.group()):04x} at character "
                f"{bad.start()}), which is not a character; fix the program that wrote the JSON."
            )
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: the object has no \"text\" string.")
    text = text.strip()
    if not text:
        raise InputError(f"{where}: \"text\" is empty.")
    if "\x00" in text:
        raise InputError(f"{where}: \"text\" contains NUL characters; it looks like binary data.")
    _check_body(text, where)
    published = record.get("published")
    url = str(record["url"]).strip() if record.get("url") not in (None, "") else None
    if url is not None and not _WEB_ADDRESS.fullmatch(url):
        raise InputError(
            f"{where}: \"url\" {url[:80]!r} is not a web address; kg stores only http:// and https:// "
            f"addresses as an article's URL, so give one or leave \"url\" out."
        )
    raw_id = record.get("id")
    if raw_id is not None and str(raw_id).strip():
        article_id = str(raw_id).strip()
    elif url:
        article_id = url
    else:
        article_id = text_id(text)
    return Article(
        id=article_id,
        text=text,
        source=where,
        published=_parse_date(str(published), f"{where}: \"published\"") if published else None,
        title=str(record["title"]).strip() if record.get("title") else None,
        url=url,
    )


def _parse_date(value: str, where: str) -> date:
    """A date written in full: YYYY-MM-DD, or an ISO 8601 date and time (its date is kept)."""
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].+", value):
            raise ValueError(value)  # fromisoformat also takes forms like 20250213
        return datetime.fromisoformat(value.replace("z", "Z")).date()
    except ValueError:
        raise InputError(f"{where} {value[:80]!r} is not a date in the form YYYY-MM-DD "
                         f"(or an ISO 8601 date and time).") from None


def _refuse_binary(data: bytes, source: str) -> None:
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"{source}: this is {kind}, not text; extract its text first.")


def _decode(data: bytes, source: str, *, allow_empty: bool = False) -> str:
    if not data.strip() and not allow_empty:
        raise InputError(f"{source}: the file is empty.")
    _refuse_binary(data, source)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"{source}: contains a NUL byte at offset {nul}; this is binary data, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start:error.start + 1].hex()
        raise InputError(
            f"{source}: not UTF-8 text (byte 0x{bad} at offset {error.start}); convert it first, "
            f"e.g. iconv -f latin1 -t utf-8."
        ) from None


def _check_length(text: str, source: str) -> None:
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"{source}: the article is {len(text):,} characters long; kg reads articles of up to "
            f"{MAX_ARTICLE_CHARS:,} characters. Split it into articles first."
        )


def _check_body(text: str, source: str) -> None:
    """What every article's text must pass, whatever form it came in."""
    _check_length(text, source)
    bad = _SURROGATE.search(text)
    if bad:
        raise InputError(f"{source}: the text holds a lone surrogate (\\u{ord(bad.group()):04x} at character "
                         f"{bad.start()}), which is not a character; fix the program that wrote it.")
    _check_language(text, source)


# --- HTML pages ------------------------------------------------------------------------------


def _article_from_html(markup: str, *, source: str, stem: str | None) -> Article:
    page = _extract_page(markup, source)
    body = _html_text(page)
    if not body:
        raise InputError(f"{source}: no article text found in this HTML page (only markup, scripts or navigation).")
    _check_body(body, source)
    url = _clean(getattr(page, "url", None)) if page is not None else None
    if url and not _WEB_ADDRESS.fullmatch(url):
        url = None  # a page's canonical link may be relative, or a javascript: or data: address
    published = None
    if page is not None and page.date:
        published = _parse_date(page.date, f"{source}: the page's date")
    if url:
        article_id = url
    elif stem:
        article_id = stem
    else:
        article_id = text_id(body)
    return Article(
        id=article_id, text=body, source=source, published=published,
        title=_clean(page.title) if page is not None else None, url=url,
        author=_clean(page.author) if page is not None else None,
    )


def _extract_page(markup: str, source: str):
    """trafilatura's reading of a page: main text without navigation, scripts or styles, and
    its metadata (title, date, author, canonical URL). None when it finds no main text."""
    import trafilatura  # loaded only for HTML: it pulls in lxml and its extractors

    _check_depth(markup, source)
    try:
        return trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=False, deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, RecursionError) as error:  # lxml's and trafilatura's word for markup they cannot read
        raise InputError(f"{source}: the page cannot be read as HTML ({type(error).__name__}: {error}); "
                         f"fix the page or give its text as a .txt file.") from None


def _check_depth(markup: str, source: str) -> None:
    """Refuse markup nested deeper than lxml builds a tree: the text below would vanish."""
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8")  # as trafilatura parses: bytes, so an XML declaration is no error
    try:
        lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return  # nothing lxml can build a tree from; the extractor finds no text and says so
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise InputError(f"{source}: the markup is nested more than {MAX_HTML_DEPTH} elements deep, deeper than "
                         f"the HTML parser reads, so text would be lost; flatten the page or give its text as a .txt file.")


def _html_text(page) -> str:
    if page is None or not page.text:
        return ""
    # trafilatura gives one block (paragraph, heading, list item) a line; kg ends sentences at
    # blank lines, so a heading never runs into the paragraph after it.
    blocks = (" ".join(line.split()) for line in page.text.splitlines())
    return "\n\n".join(block for block in blocks if block)


def _html_fragment_text(fragment: str, source: str) -> str:
    """The text of HTML inside a feed item, through the same extractor as whole pages."""
    import trafilatura

    markup = f"<html><body><div>{fragment}</div></body></html>"
    _check_depth(markup, source)
    try:
        page = trafilatura.bare_extraction(markup, include_comments=False, include_tables=False, deduplicate=False)
    except (ValueError, RecursionError) as error:
        raise InputError(f"{source}: the item's HTML cannot be read ({type(error).__name__}: {error}); "
                         f"fix the feed.") from None
    return _html_text(page)


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


# --- RSS and Atom feeds ---------------------------------------------------------------------

_ITEM_OPEN = re.compile(r"<(?:item|entry)\b", re.IGNORECASE)
_ITEM_SPAN = re.compile(r"<(item|entry)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def _articles_from_feed(text: str, *, source: str, skipped: list[InputError] | None) -> Iterator[Article]:
    """Each item of an RSS or Atom feed is an article. A broken item (not well-formed, no text,
    a bad date, not English) is reported by its number; with `skipped` the others go on."""
    numbers, entries = _parse_feed(text, source, skipped)
    if not numbers:
        raise InputError(f"{source}: the feed has no items.")
    for number, entry in zip(numbers, entries):
        where = f"{source}, item {number}"
        try:
            article = _article_from_item(entry, where)
        except InputError as error:
            if skipped is None:
                raise
            skipped.append(error)
            continue
        yield article


def _parse_feed(text: str, source: str, skipped: list[InputError] | None) -> tuple[list[int], list]:
    """The feed's entries with their item numbers (1-based, in document order). An item that
    is not well-formed XML is refused (or, with `skipped`, cut out and the rest parsed again):
    feedparser's lenient fallback would guess at its structure, and kg stores nothing guessed."""
    import feedparser

    numbers = list(range(1, len(_ITEM_SPAN.findall(text)) + 1))
    while True:
        try:
            feed = feedparser.parse(io.BytesIO(text.encode("utf-8")),
                                    response_headers={"content-type": "application/xml; charset=utf-8"})
        except (ValueError, RecursionError) as error:  # e.g. &#xD800; in its lenient parser
            raise InputError(f"{source}: the feed cannot be parsed ({type(error).__name__}: {error}); "
                             f"fix the feed first.") from None
        error = feed.get("bozo_exception") if feed.get("bozo") else None
        line = getattr(error, "getLineNumber", lambda: None)() if error is not None else None
        if line is None:
            break
        column = error.getColumnNumber()
        offset = _offset_of(text, line, column)
        spans = list(_ITEM_SPAN.finditer(text))
        broken = next((i for i, span in enumerate(spans) if span.start() <= offset <= span.end()), None)
        if broken is None:
            broken = len(_ITEM_OPEN.findall(text, 0, offset)) - 1
        message = f"not well-formed XML ({error.getMessage()} at line {line}, column {column})"
        if broken < 0 or broken >= len(spans) or len(spans) != len(numbers):
            raise InputError(f"{source}: the feed is {message}; fix it first.")
        refusal = InputError(f"{source}, item {numbers[broken]}: {message}.")
        if skipped is None:
            raise refusal
        skipped.append(refusal)
        text = text[:spans[broken].start()] + text[spans[broken].end():]
        del numbers[broken]
    if not feed.get("version"):
        raise InputError(f"{source}: not an RSS or Atom feed that kg can read.")
    entries = list(feed.entries)
    if len(entries) != len(numbers):
        numbers = list(range(1, len(entries) + 1))
    return numbers, entries


def _offset_of(text: str, line: int, column: int) -> int:
    offset = 0
    for _ in range(line - 1):
        newline = text.find("\n", offset)
        if newline < 0:
            break
        offset = newline + 1
    return offset + column


def _article_from_item(entry, where: str) -> Article:
    body = ""
    for detail in [*(entry.get("content") or []), entry.get("summary_detail")]:
        if not detail or not isinstance(detail.get("value"), str) or not detail["value"].strip():
            continue
        value = detail["value"]
        if "html" in (detail.get("type") or "text/html"):
            body = _html_fragment_text(value, where)
        else:
            body = "\n\n".join(" ".join(line.split()) for line in value.splitlines() if line.strip())
        if body:
            break
    if not body:
        raise InputError(f"{where}: the item has no text (no content, summary or description).")
    if "\x00" in body:
        raise InputError(f"{where}: the item's text contains NUL characters; it looks like binary data.")
    _check_body(body, where)
    published = None
    for key in ("published", "updated"):
        if entry.get(key):
            parsed = entry.get(f"{key}_parsed")
            try:
                # feedparser normalizes "0000-00-00" to year -1, which no date can hold
                published = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except (AttributeError, ValueError):
                raise InputError(f"{where}: the {key} date {entry[key]!r} is not a date kg can read.") from None
            break
    url = _clean(entry.get("link"))
    if url and not _WEB_ADDRESS.fullmatch(url):
        url = None  # feedparser fills a missing link with the guid, which need not be a web address
    guid = _clean(entry.get("id"))
    article_id = guid or url or text_id(body)
    return Article(id=article_id, text=body, source=where, published=published,
                   title=_clean(entry.get("title")), url=url, author=_clean(entry.get("author")))


# --- Language --------------------------------------------------------------------------------

MIN_LETTERS_TO_JUDGE = 20
"""Below this many letters (a Chinese, Japanese or Korean character counts two) a detector
only guesses, so a shorter text is not judged."""

_LANGUAGE_SAMPLE = 20_000

# Frequent English function words: in English news prose they are one word in four or five;
# in other languages written in Latin letters they are rare, so a text with enough of them is
# English without loading the detector's model (1.4 s).
_ENGLISH_WORDS = frozenset(
    "the of and to in a is that for on was with he she it as at by said from his her be has have are an were "
    "not they who but their after its this had will been which more would about also over than into".split()
)
_ENGLISH_SHARE = 0.12

_LANGUAGE_NAMES = {
    "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
    "ru": "Russian", "uk": "Ukrainian", "pl": "Polish", "zh": "Chinese", "ja": "Japanese", "ko": "Korean",
    "ar": "Arabic", "tr": "Turkish", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish",
    "cs": "Czech", "el": "Greek", "he": "Hebrew", "hu": "Hungarian", "ro": "Romanian", "fa": "Persian",
    "hi": "Hindi", "id": "Indonesian", "vi": "Vietnamese",
}


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float, float] | None:
    """The text's likeliest language (ISO 639-1), the detector's confidence in it and its
    probability that the text is English; ("en", 1.0, 1.0) at once for text full of English
    function words; None when the text is too short to tell."""
    sample = text[:_LANGUAGE_SAMPLE]
    letters = sum(2 if c >= "\u2e80" else 1 for c in sample if c.isalpha())
    if letters < MIN_LETTERS_TO_JUDGE:
        return None
    words = re.findall(r"[^\W\d_]+", sample.casefold())
    if words and sum(1 for w in words if w in _ENGLISH_WORDS) / len(words) >= _ENGLISH_SHARE:
        return "en", 1.0, 1.0
    ranking = _language_identifier().rank(sample)
    language, confidence = ranking[0]
    english = next((float(p) for lang, p in ranking if lang == "en"), 0.0)
    return language, float(confidence), english


def _check_language(text: str, source: str) -> None:
    """kg's model reads English; entities found in another language would be wrong, so such
    text is refused rather than stored."""
    detected = detect_language(text)
    if detected is None:
        return
    language, confidence, english = detected
    # Refused only when the detector is sure of another language and all but rules out
    # English: English lines full of foreign names score low on every language, English too.
    if language != "en" and confidence >= 0.5 and english < 0.001:
        name = _LANGUAGE_NAMES.get(language, f"language '{language}'")
        raise InputError(
            f"{source}: the text is in {name}, not English; kg's language model reads English only, "
            f"so it was not ingested."
        )
