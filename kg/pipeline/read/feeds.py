"""RSS and Atom feeds: each item is an article; a broken item is reported by its number."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from ...errors import InputError
from .article import _WEB_ADDRESS, Article, _check_body, text_id
from .html import _clean, _html_fragment_text

# What may come before a feed's root element: byte order marks and white space, the XML
# declaration and other processing instructions, comments, and a DOCTYPE other than HTML's
# (RSS 0.91's names Netscape's DTD), with or without an internal subset.
_QUOTED = r"""(?:"[^"]*"|'[^']*')"""
DOCTYPE = rf"<!doctype\s+(?!html\b)(?:[^\[>\"']|{_QUOTED})*(?:\[(?:[^\]\"']|{_QUOTED})*\]\s*)?>"
XML_PROLOG = rf"(?:[\ufeff\s]+|<\?.*?\?>|<!--.*?-->|{DOCTYPE})*"
_DOCTYPE_IN_PROLOG = re.compile(rf"^((?:[\ufeff\s]+|<\?.*?\?>|<!--.*?-->)*){DOCTYPE}", re.IGNORECASE | re.DOTALL)
_ITEM_OPEN = re.compile(r"<(?:item|entry)\b", re.IGNORECASE)
_ITEM_SPAN = re.compile(r"<(item|entry)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def _articles_from_feed(text: str, *, source: str, skipped: list[InputError] | None) -> Iterator[Article]:
    """Each item of an RSS or Atom feed is an article. A broken item (not well-formed, no text,
    a bad date, not English) is reported by its number; with `skipped` the others go on."""
    numbers, entries = _parse_feed(text, source, skipped)
    if not numbers:
        raise InputError(f"{source}: the feed has no items.")
    for number, entry in zip(numbers, entries, strict=False):  # the lengths are checked in _parse_feed
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

    text = _without_doctype(text)
    numbers = list(range(1, len(_ITEM_SPAN.findall(text)) + 1))
    while True:
        try:
            feed = feedparser.parse(io.BytesIO(text.encode("utf-8")),
                                    response_headers={"content-type": "application/xml; charset=utf-8"})
        except (ValueError, RecursionError) as error:  # e.g. &#xD800; in its lenient parser
            raise InputError(f"{source}: the feed cannot be parsed ({type(error).__name__}: {error}); "
                             f"fix the feed first.") from None
        bozo = feed.get("bozo_exception") if feed.get("bozo") else None
        line = getattr(bozo, "getLineNumber", lambda: None)() if bozo is not None else None
        if line is None:
            break
        assert bozo is not None  # a line number came from it
        column = bozo.getColumnNumber()
        offset = _offset_of(text, line, column)
        spans = list(_ITEM_SPAN.finditer(text))
        broken = next((i for i, span in enumerate(spans) if span.start() <= offset <= span.end()), None)
        if broken is None:
            broken = len(_ITEM_OPEN.findall(text, 0, offset)) - 1
        message = f"not well-formed XML ({bozo.getMessage()} at line {line}, column {column})"
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


def _without_doctype(text: str) -> str:
    """The feed without its DOCTYPE (kept as its line ends, so that line numbers hold): no entity
    a feed declares is ever expanded (feedparser would expand the "safe" ones), and a reference
    to one is an error of the item that holds it. A BOM or white space before the root goes too."""
    text = text.lstrip("\ufeff \t\r\n")  # an XML declaration must open the document
    found = _DOCTYPE_IN_PROLOG.match(text)
    if found is None:
        return text
    declaration = found.group()[len(found.group(1)):]
    return found.group(1) + "\n" * declaration.count("\n") + text[found.end():]


def _offset_of(text: str, line: int, column: int) -> int:
    offset = 0
    for _ in range(line - 1):
        newline = text.find("\n", offset)
        if newline < 0:
            break
        offset = newline + 1
    return offset + column


def _article_from_item(entry: Any, where: str) -> Article:  # a feedparser entry (no types)
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
