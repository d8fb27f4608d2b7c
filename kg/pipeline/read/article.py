"""An article as kg reads it (its text, id and what is known about it) and what every
article's text must pass, whatever form it came in."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from ...errors import InputError
from .dateline import Dateline, find_dateline
from .language import _check_language

MAX_ARTICLE_CHARS = 1_000_000
"""Longer texts are refused: a news article is a few thousand words, and this is the length
spaCy's model is set to parse (its `max_length`; kg.nlp sets it from this figure). Checked
when the batch is read, so a long article stops the batch before anything is stored."""


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

    @cached_property
    def dateline(self) -> Dateline | None:
        """The dateline the story opens with ('WASHINGTON, July 2 (KG Wire) —'), if it has one."""
        return find_dateline(self.text)


def text_id(text: str) -> str:
    """The id of an article nothing else names: a hash of its text."""
    return "sha256-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


_SURROGATE = re.compile("[\ud800-\udfff]")
_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+(?:[/?#].*)?", re.IGNORECASE | re.DOTALL)  # a host, then anything


def _parse_date(value: str, where: str) -> date:
    """A date written in full: YYYY-MM-DD, an ISO 8601 date and time, or the RFC 2822 form RSS's
    pubDate uses ("Mon, 12 Sep 2016 10:00:00 GMT"); of a time, its date is kept."""
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    if re.fullmatch(r"(?:[A-Za-z]{3}, )?\d{1,2} [A-Za-z]{3} \d{4}.*", value):
        from email.utils import parsedate_to_datetime

        try:
            return parsedate_to_datetime(value).date()
        except (TypeError, ValueError):
            pass
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].+", value):
            raise ValueError(value)  # fromisoformat also takes forms like 20250213
        # Python 3.11 and later: 3.10's fromisoformat refuses "Z" and most ISO 8601 forms
        # ("2025-02-13T09:30:00Z"); kg requires 3.11.
        return datetime.fromisoformat(value.replace("z", "Z")).date()
    except ValueError:
        raise InputError(f"{where} {value[:80]!r} is not a date in the form YYYY-MM-DD "
                         f"(or an ISO 8601 date and time).") from None


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
