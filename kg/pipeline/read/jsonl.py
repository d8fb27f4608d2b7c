"""JSON Lines: one article object a line; a broken line is reported by its number."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

from ...errors import InputError
from .article import _SURROGATE, _WEB_ADDRESS, MAX_ARTICLE_CHARS, Article, _check_body, _parse_date, text_id
from .text import _decode, _refuse_binary

log = logging.getLogger(__name__)

# The names archives and scrapers give each field, the first kg reads it by first: PolNeAR
# writes "publication_date", schema.org "datePublished", RSS "pubDate".
DATE_FIELDS = ("published", "publication_date", "datePublished", "date", "pubDate")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link", "uri")
AUTHOR_FIELDS = ("author", "byline")
READ_FIELDS = frozenset(("id", "text", *DATE_FIELDS, *TITLE_FIELDS, *URL_FIELDS, *AUTHOR_FIELDS))

MAX_LINE_BYTES = 16_000_000
"""One JSON Lines record: an article of MAX_ARTICLE_CHARS even when every character is written
as a \\uXXXX escape, with its other fields. A longer line is refused as it is read."""


def _articles_from_jsonl(path: Path, skipped: list[InputError] | None = None, *, warn_ignored: bool = True) -> Iterator[Article]:
    """The file's articles, a line at a time; with `warn_ignored`, a warning naming the fields kg
    does not read (off when a batch is read again for the run, after the check warned)."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}).") from None
    seen_any = False
    ignored: set[str] = set()
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
                article = _article_from_record(line, where, ignored)
            except InputError as error:
                if skipped is None:
                    raise
                skipped.append(error)  # one broken line does not cost the file's good ones
                continue
            yield article
    if not seen_any:
        raise InputError(f"{path}: the file is empty; JSON Lines needs one article object per line.")
    if ignored and warn_ignored:
        log.warning("%s: fields kg does not read were left out: %s. kg reads \"id\", \"text\", the date (%s), "
                    "the title (%s), the URL (%s) and the author (%s).", path, ", ".join(sorted(ignored)[:12])
                    + (", …" if len(ignored) > 12 else ""), ", ".join(DATE_FIELDS), ", ".join(TITLE_FIELDS),
                    ", ".join(URL_FIELDS), ", ".join(AUTHOR_FIELDS))


def _first(record: dict, names: tuple[str, ...]) -> tuple[str, object]:
    """The first of `names` the record gives a value (not null, not ""), and that value."""
    for name in names:
        if record.get(name) not in (None, ""):
            return name, record[name]
    return names[0], None


def _article_from_record(line: str, where: str, ignored: set[str] | None = None) -> Article:
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
    if ignored is not None and len(ignored) < 1000:
        ignored.update(str(key)[:80] for key in record if key not in READ_FIELDS)
    date_key, published = _first(record, DATE_FIELDS)
    title_key, title = _first(record, TITLE_FIELDS)
    url_key, raw_url = _first(record, URL_FIELDS)
    author_key, author = _first(record, AUTHOR_FIELDS)
    for key in ("id", title_key, url_key, date_key, author_key):
        if record.get(key) is not None and not isinstance(record[key], (str, int)) or isinstance(record.get(key), bool):
            raise InputError(f"{where}: \"{key}\" must be a string.")
    for key in ("text", "id", title_key, url_key, date_key, author_key):
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
    url = str(raw_url).strip() if raw_url is not None else None
    if url is not None and not _WEB_ADDRESS.fullmatch(url):
        raise InputError(
            f"{where}: \"{url_key}\" {url[:80]!r} is not a web address; kg stores only http:// and https:// "
            f"addresses as an article's URL, so give one or leave \"{url_key}\" out."
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
        published=_parse_date(str(published), f"{where}: \"{date_key}\"") if published else None,
        title=str(title).strip() or None if title is not None else None,
        url=url,
        author=str(author).strip() or None if author is not None else None,
    )
