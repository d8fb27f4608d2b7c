"""Time expressions, resolved against the article's publication date: 'Thursday' in an
article of Thursday 2025-02-13 is that day, 'February 2022' is the month 2022-02, 'two days
later' after 'on March 3' in the same sentence is March 5. The words (weekdays, months, units,
'last'/'next', 'ago'/'later', holidays) are data, ontology/lexicon/time_words.tsv; this module
holds the arithmetic. The tense of the verb an expression modifies sets the direction of a bare
weekday or month: 'will travel on Friday' is the coming Friday, 'met on Friday' the last one.
What cannot be pinned down to a day, a month or a year stays text; nothing is guessed."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from ...knowledge import LazyRegex, alternation, read_table
from ...lexicon import lexicon_dir, words as word_list
from .model import TimeExpression

if TYPE_CHECKING:
    from dateparser.date import DateDataParser
    from spacy.tokens import Doc, Span, Token

PAST, FUTURE, PRESENT = "past", "future", "present"
# verbs whose events lie ahead: 'plans to meet on Tuesday', 'is scheduled to arrive on Friday'
_PLANNING = word_list("modality", "planning")
# a deadline lies ahead whatever the tense: 'postponed until Tuesday', 'as soon as Friday'
_DEADLINE = re.compile(r"(?i)\b(?:until|till|as soon as|as early as)\s+(?:\S+\s+){0,2}$")
# A prefix that makes a year a boundary rather than a date ("pre-2014 borders"), a decade, or
# a span of years is not the date of an event.
_NOT_A_DATE = re.compile(r"(?i)\b(pre|post)-|\d0s\b|\d{4}\s*[-\u2013]\s*\d{2,4}|\bcentury\b|\bages?\b")
# spaCy calls an age a DATE ('a 52-year-old', 'aged 52', a bare '52'): no time expression
_AGE = re.compile(r"(?i)^\W*(?:\d{1,3}|[a-z]+)(?:[- ]years?[- ]old|[- ](?:month|week|day)s?[- ]old)\b|^\W*\d{1,3}\W*$|\baged? \d")


@dataclass(frozen=True)
class TimeWords:
    """ontology/lexicon/time_words.tsv by kind: word -> value (a number, a unit or a month-day)."""

    kinds: dict[str, dict[str, str]]

    def __getitem__(self, kind: str) -> dict[str, str]:
        return self.kinds.get(kind, {})

    def pattern(self, *kinds: str) -> str:
        words = sorted({w for kind in kinds for w in self[kind]}, key=len, reverse=True)
        return "(?:" + "|".join(re.escape(w) for w in words) + ")"


@lru_cache(maxsize=1)
def time_words() -> TimeWords:
    kinds: dict[str, dict[str, str]] = {}
    for row in read_table(lexicon_dir() / "time_words.tsv", "time_words"):
        kinds.setdefault(row["kind"], {})[row["word"]] = row["value"]
    return TimeWords(kinds)


# the words before a time that are not part of it: 'on', 'as of', 'about', 'the early hours of'
_LEADING = LazyRegex(lambda: r"^(?:(?:the\s+)?(?:early|small|wee)\s+hours\s+of\s+|(?:"
                     + alternation(word for kind in ("lead-in", "hedge") for word in time_words()[kind]) + r")\s+)+")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    w = time_words()
    wd, mo, num, ordn = w.pattern("weekday"), w.pattern("month"), w.pattern("number"), w.pattern("ordinal")
    day = rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?|(?P<dayword>{ordn}))"
    year = r"(?P<year>\d{4}|'\d\d)"
    edge = rf"(?:(?P<edge>{w.pattern('edge')})(?:-|\s+(?:of\s+)?(?:the\s+)?))?"
    part = rf"(?:\s*,?\s*(?:(?:in\s+)?(?:the\s+)?{w.pattern('part of day')}|night))?"
    mod = rf"(?:(?P<mod>{w.pattern('direction')})\s+)?"
    return {
        "iso": re.compile(r"^(?P<year>\d{4})-(?P<month>\d\d)(?:-(?P<day>\d\d))?$"),
        # 'Friday, March 3, 1998', 'March 3', 'mid-March 1998', 'March of last year', 'last March'
        "month": re.compile(
            rf"^(?:{wd}\s*,?\s+)?{mod}{edge}(?P<month>{mo})(?:\s+(?:the\s+)?{day})?(?:\s*,?\s*(?:of\s+)?(?:{year}|"
            rf"(?P<yearmod>this|last|next) year))?{part}$"),
        # '3 March 1998', 'the 3rd of March'
        "day month": re.compile(rf"^(?:{wd}\s*,?\s+)?{day}\s+(?:of\s+)?(?P<month>{mo})(?:\s*,?\s*{year})?$"),
        "year": re.compile(rf"^{edge}(?:the\s+)?(?:calendar\s+)?(?:year\s+)?{year}$"),
        "day": re.compile(rf"^{edge}(?P<word>{w.pattern('day')}){part}$"),
        "last night": re.compile(r"^last night$"),
        "weekday": re.compile(rf"^{mod}{edge}(?P<weekday>{wd}){part}$"),
        # 'last year', 'earlier this month', 'the end of the year', 'early next year', 'year-end'
        "unit": re.compile(rf"^{edge}(?:(?P<mod>{w.pattern('direction')})|the)\s+(?P<unit>year|month)$|"
                           r"^(?P<unit2>year|month)[- ]end$"),
        # 'that day', 'the following year', 'the year before', 'later that month'
        "anaphor": re.compile(rf"^{edge}(?:(?:that|the same)\s+(?P<unit>day|month|year)|(?:the\s+)?(?P<mod>next(?=\s+day)|following|"
                              rf"previous|preceding)\s+(?P<unit2>day|month|year)|the\s+(?P<unit3>day|month|year)\s+"
                              rf"(?P<rel>before|after))$"),
        # 'two days ago', 'a year earlier', 'five months later', '10 days from now'
        "offset": re.compile(rf"^(?P<count>\d{{1,3}}|{num}(?:[- ]{num})?)\s+(?P<unit>{w.pattern('unit')})\s+"
                             rf"(?:{w.pattern('hedge after')}\s+)?(?P<offset>{w.pattern('offset')})$"),
        "weekend": re.compile(rf"^{mod}weekend$"),
        "holiday": re.compile(rf"^{mod}(?P<holiday>{w.pattern('holiday')})(?:\s*,?\s*{year})?$"),
    }


_CENTURIES = {"eighteen": 18, "nineteen": 19}


def _spelled_years(words: str) -> str:
    """'nineteen ninety-six' -> '1996', 'the year two thousand' -> 'the year 2000'."""
    numbers = time_words()["number"]

    def small(text: str) -> int | None:
        parts = re.split(r"[- ]", text)
        if all(p in numbers for p in parts) and len(parts) <= 2:
            return sum(int(numbers[p]) for p in parts)
        return None

    def century(match: re.Match) -> str:
        rest = small(match.group(2))
        return str(_CENTURIES[match.group(1)] * 100 + rest) if rest is not None and 10 <= rest < 100 else match.group(0)

    def thousands(match: re.Match) -> str:
        rest = small(match.group(1)) if match.group(1) else 0
        return str(2000 + rest) if rest is not None and rest < 100 else match.group(0)

    words = re.sub(r"\b(nineteen|eighteen)\s+([a-z]+(?:-[a-z]+)?)$", century, words)
    return re.sub(r"\btwo thousand(?:\s+(?:and\s+)?([a-z]+(?:-[a-z]+)?))?$", thousands, words)


def find_time_expressions(doc: Doc, published: date | None, sentence_of: Callable[[int], int]) -> tuple[TimeExpression, ...]:
    found = []
    fixed: dict[int, tuple[str, str]] = {}  # sentence -> the last day, month or year it fixed
    text = doc.text  # spaCy joins every token's text anew for each doc.text
    for span in _candidates(doc):
        sentence = sentence_of(span.start_char)
        tense = FUTURE if _DEADLINE.search(text[max(0, span.start_char - 30):span.start_char]) else tense_of(span)
        value, datatype = normalize(span.text, published, tense=tense, anchor=fixed.get(sentence))
        if value is None:
            span, value, datatype = _trimmed(span, published, tense, fixed.get(sentence))
        if value is not None and datatype is not None and _written_out(span.text):
            fixed[sentence] = (value, datatype)
        found.append(TimeExpression(span.start_char, span.end_char, span.text, sentence, value, datatype))
    return tuple(found)


def _trimmed(span: Span, published: date | None, tense: str | None, anchor: tuple[str, str] | None) -> tuple[Span, str | None, str | None]:
    """'the harbour strike last year' tagged as one: a span the model began a word or two early,
    cut to the time expression, when the words cut off hold no number and no time word."""
    words = time_words()
    known = {w for kind in ("weekday", "month", "day", "unit", "direction", "edge", "number", "ordinal") for w in words[kind]}
    for cut in range(1, min(3, len(span) - 1) + 1):
        dropped = span[:cut]
        if any(t.like_num or t.lower_ in known for t in dropped) or _NOT_A_DATE.search(span.text):
            break
        value, datatype = normalize(span[cut:].text, published, tense=tense, anchor=anchor)
        if value is not None:
            return span[cut:], value, datatype
    return span, None, None


def _written_out(text: str) -> bool:
    """A date the text states itself (a month, a weekday, a year), which later 'two days later' can count from."""
    return not _patterns()["offset"].match(_clean(text)) and not _patterns()["anaphor"].match(_clean(text))


def _candidates(doc: Doc) -> list[Span]:
    """The model's DATE and TIME entities that are no ages, and the words the model leaves out
    that always speak of time ('now', 'recently', a capitalized weekday)."""
    words = time_words()
    spans = [_tidy(piece) for ent in doc.ents if ent.label_ in ("DATE", "TIME") and not _AGE.search(ent.text)
             for piece in _pieces(ent)]
    spans += [ent for ent in doc.ents if ent.label_ == "EVENT" and _clean(ent.text) in words["holiday"]]  # 'Thanksgiving'
    taken = {i for span in spans for i in range(span.start, span.end)}
    present = words["present"]
    for token in doc:
        if token.i in taken:
            continue
        lower = token.lower_
        now_that = lower == "now" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "that"  # a conjunction
        if lower in present and token.pos_ == "ADV" and not now_that:
            spans.append(doc[token.i:token.i + 1])
        elif lower in ("future", "past") and token.pos_ == "NOUN" and token.i > 0 and doc[token.i - 1].lower_ == "the":
            spans.append(doc[token.i - 1:token.i + 1])
        elif lower in words["weekday"] and token.is_title and token.pos_ == "PROPN":
            spans.append(doc[token.i:token.i + 1])
    return sorted(spans, key=lambda s: s.start)


def _tidy(span: Span) -> Span:
    """The expression without a possessive, punctuation or space at its end ("last year's") or
    'the'/'just' before a written date ('the Aug. 7, 1998'): the words that name the time."""
    start, end = span.start, span.end
    doc, words = span.doc, time_words()
    while end - start > 1 and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct and doc[end - 1].text != "."
                                or doc[end - 1].is_space):
        end -= 1
    while end - start > 1 and doc[start].lower_ in ("the", "just") and (
            doc[start + 1].is_digit or doc[start + 1].lower_ in words["month"]):
        start += 1
    return doc[start:end]


_SEPARATORS = frozenset({"and", "to", "through", "or", "until"})


def _pieces(span: Span) -> list[Span]:
    """'between 1994 and 1997', 'from Monday to Wednesday', '1994, 1995 and 1997': a list or a
    range the model took for one expression is one expression for each date in it."""
    if not any(t.lower_ in _SEPARATORS for t in span):
        return [span]
    pieces, start = [], span.start
    lists = any(t.lower_ in ("and", "or") for t in span)  # a comma parts a list's items, not 'March 3, 1998'
    for token in [*span, None]:
        if token is None or token.lower_ in _SEPARATORS or lists and token.text == ",":
            end = token.i if token is not None else span.end
            while start < end and span.doc[start].lower_ in ("between", "from", "in", "the"):
                start += 1
            if start < end:
                pieces.append(span.doc[start:end])
            start = end + 1
    words = time_words()
    dated = [p for p in pieces if re.search(r"\d{4}|'\d\d", p.text) or any(t.lower_ in words["weekday"] or t.lower_ in words["month"] for t in p)]
    # 'March 3 and 4' or 'three to five years' stay whole: every piece must be a date of its own
    return pieces if len(pieces) > 1 and len(dated) == len(pieces) else [span]


def tense_of(span: Span) -> str | None:
    """PAST, FUTURE or PRESENT: the tense of the verb the expression modifies; None when it
    modifies none or the direction is open (a plan told of in the past)."""
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            break
        if token.head is token:
            return None
        token = token.head
    else:
        return None
    tense = _tense(token)
    plan = token if token.lemma_ in _PLANNING else None
    if token.dep_ == "xcomp" and tense is None and token.head.pos_ in ("VERB", "AUX"):
        if token.head.lemma_ in _PLANNING or token.head.lower_ == "going":
            plan = token.head
        else:
            return _tense(token.head)
    if plan is not None:
        # 'plans to meet on Tuesday', 'is scheduled for Friday': what lies ahead of a plan made now;
        # a plan told of in the past ('planned to leave on Thursday') may lie either side: the nearer day
        return None if _tense(plan) == PAST else FUTURE
    return tense


def _tense(verb: Token) -> str | None:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in aux}
    if words & time_words()["future auxiliary"].keys():
        return FUTURE  # 'would' in reported speech looks forward from the day it was said
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux) or words & {"has", "have", "'ve", "had"}:
        return PAST
    if verb.tag_ == "VBN" and verb.dep_ == "acl":
        return PAST  # 'the record set on Aug. 6'
    if verb.tag_ == "VBG" and words & {"is", "are", "'s", "'re", "am"}:
        return FUTURE  # 'is meeting on Friday'
    if verb.tag_ in ("VBZ", "VBP") or verb.tag_ == "VBN" and words & {"is", "are", "am"}:
        return PRESENT
    return None


def _clean(text: str) -> str:
    words = re.sub(r"\s+", " ", text.strip().lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-"))
    words = re.sub(r"'s$", "", words).strip(" ,.;:")
    return _LEADING.sub("", words)


def normalize(text: str, published: date | None, *, tense: str | None = None,
              anchor: tuple[str, str] | None = None) -> tuple[str | None, str | None]:
    """(value, datatype) for a time expression, or (None, None) when it is not a single
    day, month or year that can be known from the text, the publication date and `anchor`
    (the date its sentence already fixed)."""
    if _NOT_A_DATE.search(text):
        return None, None
    words = _spelled_years(_clean(text))
    try:
        return _resolve(words, published, tense, anchor)
    except (OverflowError, ValueError):  # a day before 0001-01-01 or after 9999-12-31 has no date
        return None, None


def _year(text: str, published: date | None) -> int:
    if text.startswith("'"):  # "'98": the century of the publication, or the one before for a later year
        base = (published.year if published else 2000) // 100 * 100
        year = base + int(text[1:])
        return year - 100 if published and year > published.year + 10 else year
    return int(text)


def _month_year(month: int, day: int | None, published: date, tense: str | None, step: int | None) -> int:
    """The year of a month (and day) written without one: 'last March' the latest before the
    publication, 'next March' the first after; a bare one by the tense: past looks back (the
    publication's month included), future forward, else the publication's year."""
    there = (month, day) if day is not None else (month,)
    here = (published.month, published.day)[:len(there)]
    if step is not None and step < 0:
        return published.year - (there >= here)
    if step is not None and step > 0:
        return published.year + (there <= here)
    if tense == PAST:
        return published.year - (there > here)
    if tense == FUTURE:
        return published.year + (there < here)
    # no tense to go by: the nearer of this year's and the one before or after ('Nov. 25' in January)
    days = date(2001, month, day or 15).timetuple().tm_yday - date(2001, *here, *(() if day is not None else (15,))).timetuple().tm_yday
    return published.year + (days > 182) * -1 + (days < -182)


def _resolve(words: str, published: date | None, tense: str | None,
             anchor: tuple[str, str] | None) -> tuple[str | None, str | None]:
    w, p = time_words(), _patterns()
    if match := p["iso"].match(words):
        if match["day"]:
            return date(int(match["year"]), int(match["month"]), int(match["day"])).isoformat(), "date"
        return _month(int(match["year"]), int(match["month"])), "gYearMonth"
    if match := p["month"].match(words) or p["day month"].match(words):
        month = int(w["month"][match["month"]])
        day = int(match["day"]) if match["day"] else int(w["ordinal"][match["dayword"]]) if match["dayword"] else None
        if match["day"] and match.re is p["month"] and not match["year"] and day is not None and day > 31 and published is not None:
            return None, None
        groups = match.groupdict()
        if groups.get("edge") and day is not None:
            return None, None
        if match["year"]:
            year = _year(match["year"], published)
        elif published is None:
            return None, None
        elif groups.get("yearmod"):
            year = published.year + {"this": 0, "last": -1, "next": 1}[groups["yearmod"]]
        else:
            step = int(w["direction"][groups["mod"]]) if groups.get("mod") else None
            year = published.year if step == 0 else _month_year(month, day, published, tense, step)
        if day is not None:
            named_day = re.match(rf"^{w.pattern('weekday')}", words)
            if named_day and not match["year"]:  # 'Monday, Oct. 26': the year in which that day is a Monday
                named = int(w["weekday"][named_day.group(0)])
                year = next((y for y in (year, year - 1, year + 1) if date(y, month, day).weekday() == named), year)
            return date(year, month, day).isoformat(), "date"
        return _month(year, month), "gYearMonth"
    if match := p["year"].match(words):
        year = _year(match["year"], published)
        return (f"{year:04d}", "gYear") if 1000 <= year <= 2999 or match["year"].startswith("'") else (None, None)
    if published is None:
        return None, None
    if match := p["day"].match(words):
        return (published + timedelta(days=int(w["day"][match["word"]]))).isoformat(), "date"
    if p["last night"].match(words):
        return (published - timedelta(days=1)).isoformat(), "date"
    if match := p["weekday"].match(words):
        step = int(w["direction"][match["mod"]]) if match["mod"] else None
        return _weekday(int(w["weekday"][match["weekday"]]), published, tense, step).isoformat(), "date"
    if match := p["anaphor"].match(words):
        if anchor is None:
            return None, None
        unit = match["unit"] or match["unit2"] or match["unit3"]
        # 'next', 'following', 'previous', 'preceding' step as directions do, 'after' and 'before' as offsets
        step = int(w["direction"][match["mod"]]) if match["mod"] else int(w["offset"][match["rel"]]) if match["rel"] else 0
        return _shift_anchor(anchor, unit, step)
    if match := p["unit"].match(words):
        unit = match["unit"] or match["unit2"]
        step = int(w["direction"][match["mod"]]) if match["mod"] else 0
        if match["mod"] in ("past", "coming", "following", "previous", "preceding"):
            return None, None  # 'the past year' is the twelve months up to now, not a calendar year
        return _shift(published, unit, step)
    if match := p["offset"].match(words):
        count = _count(match["count"])
        unit = w["unit"][match["unit"]]
        sign = int(w["offset"][match["offset"]])
        if count is None or unit == "decade":
            return None, None
        if match["offset"] in ("ago", "from now", "hence"):
            base = published
        elif anchor is not None:  # 'in 2019, ... a year earlier': counted from the sentence's date, at its precision
            value, datatype = anchor
            if datatype == "date":
                base = date.fromisoformat(value)
            elif datatype == "gYearMonth" and unit in ("month", "year") or datatype == "gYear" and unit == "year":
                base = date(int(value[:4]), int(value[5:7]) if datatype == "gYearMonth" else 1, 1)
            else:
                return None, None
        elif sign < 0:
            base = published  # 'a year earlier' with no date before it: earlier than the article
        else:
            return None, None  # 'two days later' than what?
        if unit == "week":
            unit, count = "day", count * 7
        return _shift(base, unit, sign * count)
    if match := p["weekend"].match(words):
        step = int(w["direction"][match["mod"]]) if match["mod"] else None
        return _weekday(5, published, tense, step).isoformat(), "date"
    if match := p["holiday"].match(words):
        rule = w["holiday"][match["holiday"]]
        step = int(w["direction"][match["mod"]]) if match["mod"] else None
        if "/" in rule:  # the nth (or, -1, last) weekday of a month: 'Thanksgiving' is 11/4/3
            month, nth, weekday = map(int, rule.split("/"))
            day = _nth_weekday(published.year, month, nth, weekday).day
        else:
            month, day = map(int, rule.split("-"))
        year = _year(match["year"], published) if match["year"] else _month_year(month, day, published, tense, step)
        return (_nth_weekday(year, month, nth, weekday) if "/" in rule else date(year, month, day)).isoformat(), "date"
    return _fallback(words, published)


def _month(year: int, month: int) -> str:
    date(year, month, 1)  # raises ValueError for a month that is none
    return f"{year:04d}-{month:02d}"


def _count(words: str) -> int | None:
    if words.isdigit():
        return int(words)
    numbers = time_words()["number"]
    parts = re.split(r"[- ]", words)
    return sum(int(numbers[p]) for p in parts) if all(p in numbers for p in parts) else None


def _weekday(weekday: int, published: date, tense: str | None, step: int | None) -> date:
    """'last Friday' the latest before the publication; 'next Friday' the first after; a bare
    one, forward when the verb speaks of what will happen, else the latest on or before it."""
    if step is not None and step < 0:
        return published - timedelta(days=(published.weekday() - weekday - 1) % 7 + 1)
    if step is not None and step > 0:
        return published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
    if tense in (FUTURE, PRESENT) or step == 0 and tense != PAST:
        # 'arrives on Tuesday', 'will arrive on Tuesday': the coming one, the publication day included
        return published + timedelta(days=(weekday - published.weekday()) % 7)
    if tense is None and step is None:  # no verb to go by: the nearer, the past one on a tie
        back = (published.weekday() - weekday) % 7
        return published - timedelta(days=back) if back <= 3 else published + timedelta(days=7 - back)
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _nth_weekday(year: int, month: int, nth: int, weekday: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year, month, monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _shift(base: date, unit: str, count: int) -> tuple[str, str]:
    if unit == "year":
        return f"{date(base.year + count, 1, 1).year:04d}", "gYear"  # a year before 1 or after 9999 raises
    if unit == "month":
        months = base.year * 12 + base.month - 1 + count
        return _month(months // 12, months % 12 + 1), "gYearMonth"
    return (base + timedelta(days=count)).isoformat(), "date"


def _shift_anchor(anchor: tuple[str, str], unit: str, step: int) -> tuple[str | None, str | None]:
    value, datatype = anchor
    if unit == "day":
        return _shift(date.fromisoformat(value), "day", step) if datatype == "date" else (None, None)
    if unit == "month":
        return _shift(date(int(value[:4]), int(value[5:7]), 1), "month", step) if datatype != "gYear" else (None, None)
    return _shift(date(int(value[:4]), 1, 1), "year", step)


def _fallback(words: str, published: date | None) -> tuple[str | None, str | None]:
    """A written-out date in a form the patterns above do not know ('2022/03/03'): dateparser,
    only for words that hold a year, so nothing relative is resolved by its guesses."""
    w = time_words()
    if not re.search(r"\b\d{4}\b", words) or re.search(rf"\b{w.pattern('season', 'fiscal')}\b|\bquarter|\bweek", words):
        return None, None  # 'the summer of 2022', 'fiscal 2022', 'the first week of 2022': no day, month or year
    data = _parser(published).get_date_data(words)
    if data is None or data.date_obj is None:
        return None, None
    day = data.date_obj.date()
    if data.period == "day":
        return day.isoformat(), "date"
    if data.period == "month":
        return _month(day.year, day.month), "gYearMonth"
    if data.period == "year":
        return f"{day.year:04d}", "gYear"
    return None, None


@lru_cache(maxsize=64)
def _parser(published: date | None) -> DateDataParser:
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    return DateDataParser(languages=["en"], settings=settings)
