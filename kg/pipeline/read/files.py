"""Files, folders and standard input: each input read as text, an HTML page, a feed or JSON
Lines, and refused with a message naming it when it cannot be; and the check that reads a
batch once, so a bad batch stops before anything is processed or stored."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from ...limits import open_regular, read_bounded
from .article import MAX_ARTICLE_CHARS, Article
from .feeds import XML_PROLOG, _articles_from_feed
from .html import _article_from_html
from .jsonl import _articles_from_jsonl
from .text import _articles_from_text, _decode

MAX_TEXT_BYTES = 4 * MAX_ARTICLE_CHARS
"""A text file (or standard input holding text): UTF-8 takes at most 4 bytes a character."""

MAX_PAGE_BYTES = 16_000_000
"""An HTML page: markup, scripts and styles around the article's text."""


MAX_FEED_BYTES = 64_000_000
"""A feed holds many articles, so it may be larger than one article; feedparser parses it whole
in memory, hence a cap. Standard input is read up to this much, as it may hold a feed."""


TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES


def read_articles(paths: Iterable[str | Path | bytes], skipped: list[InputError] | None = None, *,
                  warn_ignored: bool = True) -> Iterator[Article]:
    """Yield every article in `paths`: files, folders walked recursively, "-" for standard
    input, or bytes holding one article's text (read once from stdin, say, to read it twice).

    Raises InputError at the first unreadable input; callers that must not act on partial
    input iterate once to check (`check_inputs`) before processing. With a `skipped` list,
    unreadable files and JSON Lines are recorded there instead and reading goes on. `warn_ignored`
    warns of JSON Lines fields kg does not read (once a batch: the check warns, the run does not)."""
    for raw in paths:
        yield from _guarded(_read_one(raw, skipped, warn_ignored), skipped)


def _guarded(articles: Iterator[Article], skipped: list[InputError] | None) -> Iterator[Article]:
    """The articles, or, when the source turns out unreadable and errors are being collected,
    as many as it gave and a note of why it stopped."""
    try:
        yield from articles
    except InputError as error:
        if skipped is None:
            raise
        skipped.append(error)


def _read_one(raw: str | Path | bytes, skipped: list[InputError] | None, warn_ignored: bool) -> Iterator[Article]:
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
            yield from _guarded(_articles_from_file(file, skipped, warn_ignored=warn_ignored), skipped)
    else:
        yield from _articles_from_file(path, skipped, warn_ignored=warn_ignored)


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


def _open_article_file(path: Path) -> int:
    """A descriptor of the file, once it is known to be a regular file that exists (through
    links): a FIFO or device would block or never end, a broken link would be passed over unseen."""
    def missing(path: Path) -> str:
        if path.is_symlink():
            return f"{path}: a broken symbolic link (to {os.readlink(path)}, which does not exist); remove it or fix its target."
        return f"{path}: no such file or folder."

    def other(path: Path, kind: str) -> str:
        return f"{path}: this is {kind}, not a file; to read from it, pipe it to standard input (kg ingest - < {path})."

    return open_regular(path, "file", missing=missing, other=other)


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
        return _distinct(read_articles(self.paths, skipped, warn_ignored=False), skipped)  # the check warned


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


def _articles_from_file(path: Path, skipped: list[InputError] | None = None, *, warn_ignored: bool = True) -> Iterator[Article]:
    suffix = path.suffix.lower()
    descriptor = _open_article_file(path)
    if suffix in JSONL_SUFFIXES:  # read a line at a time
        os.close(descriptor)
        yield from _articles_from_jsonl(path, skipped, warn_ignored=warn_ignored)
        return
    size = os.fstat(descriptor).st_size
    kind = "html" if suffix in HTML_SUFFIXES else "feed" if suffix in FEED_SUFFIXES else None
    # A file of another suffix, given by name, may hold text, a page or a feed: the largest.
    limit, what = _LIMITS[kind] if kind else _LIMITS["text"] if suffix in TEXT_SUFFIXES else _LIMITS["feed"]
    if size > limit:  # refused before reading
        os.close(descriptor)
        raise InputError(
            f"{path}: the {'feed' if kind == 'feed' else 'file'} is {size / 1e6:.0f} MB; kg reads {what}s of up to {limit / 1e6:.0f} MB "
            f"(articles of up to {MAX_ARTICLE_CHARS:,} characters). Split it, or give a JSON Lines file."
        )
    data = read_bounded(descriptor, path, limit)
    if len(data) > limit:
        raise InputError(_too_large(str(path), limit, what))
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
    head = text[:_MARKUP_HEAD].lstrip("\ufeff \t\r\n").lower()
    if not head.startswith("<"):
        return "text"
    if re.match(rf"{XML_PROLOG}<(?:rss|feed|rdf:rdf)\b", head, re.DOTALL):
        return "feed"
    if re.match(r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", head, re.DOTALL):
        return "html"
    return "text"
