"""Plain text: bytes decoded as UTF-8 (binary data refused), and the date header a text
may open with."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ...errors import InputError
from ...knowledge import LazyRegex, alternation
from ...lexicon import words
from .article import Article, _check_body, _parse_date, text_id

# The seed's form: the file opens with "date YYYY-MM-DD" (optionally "Date:"), then the body.
_DATE_HEADER = re.compile(r"\A\s*date\s*:?\s*(\d{4}-\d{2}-\d{2})(?:\s+|\Z)", re.IGNORECASE)
# Other common forms, on a first line of their own that holds nothing but the date (optionally
# after "Date:"): an ISO date or date-time, or a day, a month's name and a year in either order
# ("February 13, 2025", "Thu, 13 Feb 2025"). All-number forms such as 02/03/2025 are left as
# text: day and month cannot be told apart.
_HEADER_LINE = re.compile(r"\A\s*(?:date\s*:?\s*)?(?P<value>[^\n]*?)[ \t]*(?:\r?\n|\Z)", re.IGNORECASE)
# The months' and weekdays' names are ontology/lexicon/time_words.tsv's, read when a header is
# first judged.
_MONTHS = words("time_words", "month")  # 'february', 'feb.'
_WEEKDAYS = words("time_words", "weekday")


def _wordy_date() -> str:
    month = rf"(?:{alternation(name.rstrip('.') for name in _MONTHS)})\.?"
    # a weekday by its name or any abbreviation of it (its first three letters and more)
    weekday = rf"(?:(?:{alternation(name[:3] for name in _WEEKDAYS)})[a-z]*\.?,?\s+)?"
    return (rf"{weekday}(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{month},?\s+\d{{4}}"
            rf"|{month}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})")


_WORDY_DATE = LazyRegex(_wordy_date, re.IGNORECASE)
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
        assert line is not None  # a value was read off the line
        return _parse_date(value, f"{source}: the date header"), text[line.end():]
    if _WORDY_DATE.fullmatch(value):
        assert line is not None
        return _parse_wordy_date(value, f"{source}: the date header"), text[line.end():]
    return None, text


def _parse_wordy_date(value: str, where: str) -> date:
    import dateparser  # only for headers in words; it takes a second to import

    parsed = dateparser.parse(value, languages=["en"],
                              settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    if parsed is None:
        raise InputError(f"{where} {value!r} is not a date (write it as YYYY-MM-DD, or as February 13, 2025).")
    return parsed.date()


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
