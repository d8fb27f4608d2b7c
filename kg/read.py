"""Step 1 — read: turn files, folders and JSON Lines into `Article`s, refusing bad input with
a message that names the file (and line) before anything is processed or stored."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError

MAX_ARTICLE_CHARS = 2_000_000
"""Longer texts are refused: a news article is a few thousand words, and spaCy's parser needs
about 1 GB of memory per 100,000 characters (its own default cap is 1,000,000)."""

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

# The seed's form: the file opens with "date YYYY-MM-DD" (optionally "Date:"), then the body.
_DATE_HEADER = re.compile(r"\A\s*date\s*:?\s*(\d{4}-\d{2}-\d{2})(?:\s+|\Z)", re.IGNORECASE)

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
    text_hash: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text_hash", hashlib.sha256(self.text.encode("utf-8")).hexdigest())


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
        yield from _articles_from_text(raw, source="<stdin>", stem=None)
        return
    if str(raw) == "-":
        yield from _articles_from_text(sys.stdin.buffer.read(), source="<stdin>", stem=None)
        return
    path = Path(raw)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder.")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _is_article_file(p))
        if not files:
            raise InputError(
                f"{path}: no article files in this folder (kg reads "
                f"{', '.join(sorted(TEXT_SUFFIXES | JSONL_SUFFIXES))})."
            )
        for file in files:
            yield from _guarded(_articles_from_file(file, skipped), skipped)
    else:
        yield from _articles_from_file(path, skipped)


def check_inputs(paths: Iterable[str | Path | bytes], skipped: list[InputError] | None = None) -> int:
    """Read every input once without keeping it; return the number of articles.
    Raises InputError for the first bad one, so nothing is ingested from a bad batch, unless
    a `skipped` list collects the bad ones."""
    return sum(1 for _ in read_articles(paths, skipped))


def _is_article_file(path: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.parts)
    return not hidden and path.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES


def _articles_from_file(path: Path, skipped: list[InputError] | None = None) -> Iterator[Article]:
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _articles_from_jsonl(path, skipped)
        return
    try:
        size = path.stat().st_size
        if size > 4 * MAX_ARTICLE_CHARS:  # UTF-8 takes at most 4 bytes a character
            raise InputError(
                f"{path}: the file is {size / 1e6:.0f} MB; kg reads single articles of up to "
                f"{MAX_ARTICLE_CHARS:,} characters. Split it, or give a JSON Lines file."
            )
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}).") from None
    yield from _articles_from_text(data, source=str(path), stem=path.stem)


def _articles_from_text(data: bytes, *, source: str, stem: str | None) -> Iterator[Article]:
    text = _decode(data, source)
    published = None
    header = _DATE_HEADER.match(text)
    if header:
        published = _parse_date(header.group(1), f"{source}: the date header")
        text = text[header.end():]
    body = text.strip()
    if not body:
        raise InputError(f"{source}: the article has no text after its date header.")
    _check_length(body, source)
    article_id = stem if stem else "sha256-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]
    yield Article(id=article_id, text=body, source=source, published=published)


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
        for number, raw in enumerate(handle, start=1):
            where = f"{path}, line {number}"
            try:
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


def _article_from_record(line: str, where: str) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{where}: not valid JSON ({error.msg} at column {error.colno}).") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object with a \"text\" field.")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: the object has no \"text\" string.")
    text = text.strip()
    if not text:
        raise InputError(f"{where}: \"text\" is empty.")
    if "\x00" in text:
        raise InputError(f"{where}: \"text\" contains NUL characters; it looks like binary data.")
    _check_length(text, where)
    for key in ("id", "title", "url", "published"):
        if record.get(key) is not None and not isinstance(record[key], (str, int)):
            raise InputError(f"{where}: \"{key}\" must be a string.")
    published = record.get("published")
    url = record.get("url") or None
    raw_id = record.get("id")
    if raw_id is not None and str(raw_id).strip():
        article_id = str(raw_id).strip()
    elif url:
        article_id = str(url)
    else:
        article_id = "sha256-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    return Article(
        id=article_id,
        text=text,
        source=where,
        published=_parse_date(str(published), f"{where}: \"published\"") if published else None,
        title=str(record["title"]).strip() if record.get("title") else None,
        url=str(url) if url else None,
    )


def _parse_date(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"{where} {value!r} is not a date in the form YYYY-MM-DD.") from None


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
