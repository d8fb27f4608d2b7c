"""Time expressions, resolved against the article's publication date: 'Thursday' in an
article of Thursday 2025-02-13 is that day, 'February 2022' is the month 2022-02. What cannot
be pinned down stays text; nothing is guessed."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from .model import TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
# A prefix that makes a year a boundary rather than a date ("pre-2014 borders"), a decade, or
# a span of years is not the date of an event.
_NOT_A_DATE = re.compile(r"(?i)\b(pre|post|mid|early|late)-|\d0s\b|\d{4}\s*[-\u2013]\s*\d{2,4}|\bcentury\b|\bages?\b")
_ANCHORED = re.compile(r"(?i)\d|\b(?:" + "|".join(_WEEKDAYS + list(_RELATIVE_DAYS)) + r")\b|\b(?:this|last|next) (?:year|month)\b")


def find_time_expressions(doc: "Doc", published: date | None, sentence_of) -> tuple[TimeExpression, ...]:
    found = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        value, datatype = normalize(ent.text, published)
        found.append(TimeExpression(ent.start_char, ent.end_char, ent.text, sentence_of(ent.start_char), value, datatype))
    return tuple(found)


def normalize(text: str, published: date | None) -> tuple[str | None, str | None]:
    """(value, datatype) for a time expression, or (None, None) when it is not a single
    day, month or year that can be known from the text and the publication date."""
    words = text.strip().lower()
    if _NOT_A_DATE.search(words) or not _ANCHORED.search(words):
        return None, None
    words = re.sub(r"^(?:on|in|since|by|from|until|the)\s+", "", words)
    try:
        return _resolve(words, published)
    except (OverflowError, ValueError):  # a day before 0001-01-01 or after 9999-12-31 has no date
        return None, None


def _resolve(words: str, published: date | None) -> tuple[str | None, str | None]:
    if words in _RELATIVE_DAYS:
        if published is None:
            return None, None
        return (published + timedelta(days=_RELATIVE_DAYS[words])).isoformat(), "date"
    if words in _WEEKDAYS:
        # News speaks of the past week: the most recent such day, the publication day included.
        if published is None:
            return None, None
        back = (published.weekday() - _WEEKDAYS.index(words)) % 7
        return (published - timedelta(days=back)).isoformat(), "date"
    if published is None and not re.search(r"\b\d{4}\b", words):
        return None, None
    data = _parser(published).get_date_data(words)
    if data is None or data.date_obj is None:
        return None, None
    day = data.date_obj.date()
    if data.period == "day":
        return day.isoformat(), "date"
    if data.period == "month":
        return f"{day.year:04d}-{day.month:02d}", "gYearMonth"
    if data.period == "year":
        return f"{day.year:04d}", "gYear"
    return None, None


@lru_cache(maxsize=64)
def _parser(published: date | None):
    from dateparser.date import DateDataParser

    settings = {"RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    return DateDataParser(languages=["en"], settings=settings)
