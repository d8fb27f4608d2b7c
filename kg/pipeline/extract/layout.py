"""The layout of a news text around its prose: the dateline a story is filed from
('BERLIN (Reuters) -'), a broadcast-monitoring report's source line (a city and an outlet),
and the credit block that closes an article. Names found there are not what the story says."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from ...knowledge import LazyRegex, alternation
from ...lexicon import gazetteer, words
from ...namespaces import KGO
from ..read import Dateline
from .model import Mention, Quote, RelationCandidate, Sentence, TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Span

# A credit block closing an article: 'Author: ... Editor: ...', 'ab/cd (AP, Reuters)',
# 'Reporting by ...' (the words opening one: ontology/lexicon/layout_words.tsv). Who wrote or
# edited the piece is not what it is about.
_CREDITS = LazyRegex(
    lambda: rf"(?:(?<=[.!?\"\u201d\s])(?:{alternation(words('layout_words', 'credit'))})\b\s*:?.*"
    r"|(?<=\s)[a-z]{1,4}(?:/[a-z]{1,4})+\s*(?:\([^()]{1,60}\))?"
    r"|(?<=[.!?\"\u201d]\s)\((?:[A-Za-z]{2,8})(?:\s*,\s*[A-Za-z]{2,8})*\))\s*\Z",
    re.DOTALL,
)


def credits_start(text: str) -> int:
    """Where the closing credit block begins, or len(text) when there is none."""
    match = _CREDITS.search(text, max(0, len(text) - 400))
    return match.start() if match else len(text)


def dateline_names(dateline: Dateline | None) -> list[tuple[int, int, str]]:
    """The names a story's dateline holds, with the model's label each stands for: its place and
    the region after it (GPE), its agency (ORG). The dateline's own segmentation replaces the
    model's, which reads 'HAGUE' out of 'THE HAGUE' and an agency as anything."""
    if dateline is None:
        return []
    names = [(dateline.place_start, dateline.place_end, "GPE")]
    if dateline.region_start is not None and dateline.region_end is not None:
        names.append((dateline.region_start, dateline.region_end, "GPE"))
    if dateline.agency_start is not None and dateline.agency_end is not None:
        names.append((dateline.agency_start, dateline.agency_end, "ORG"))
    return names


_LOCATED_IN = KGO.locatedIn[len(KGO._NS):]
_Stretch = TypeVar("_Stretch", Sentence, TimeExpression, Quote)


def article_words(text: str, found: Sequence[_Stretch]) -> tuple[_Stretch, ...]:
    """Sentences, time expressions or quotes with the article's own words: the Doc a dateline
    was set apart in (kg.pipeline.nlp) has a line break where the article has the space after the
    dateline's dash, and a stretch read from the Doc's text across it would not slice the
    article back to its words."""
    return tuple(item if item.text == text[item.start:item.end] else replace(item, text=text[item.start:item.end])
                 for item in found)


def in_dateline(dateline: Dateline | None, mention: Mention) -> bool:
    return dateline is not None and dateline.covers(mention.start, mention.end)


def quiet_dateline(dateline: Dateline | None, mentions: list[Mention]) -> list[Mention]:
    """The dateline's names name no one who does or says anything: none is a sentence's
    subject or has a person's cue."""
    return [replace(m, is_subject=False, person_cue=False, title=None) if in_dateline(dateline, m) else m for m in mentions]


def relations_outside_dateline(dateline: Dateline | None, mentions: Sequence[Mention],
                               relations: Sequence[RelationCandidate]) -> tuple[RelationCandidate, ...]:
    """The relations that hold no name of the dateline, but for the one it states itself: its
    town lies in the region written after it ('SELMA, N.C. —': a town and its state written
    together, as anywhere else in the text). The dateline's place is not where what the first
    sentence reports took place either, unless that sentence says so."""
    if dateline is None:
        return tuple(relations)
    kept = []
    for relation in relations:
        ends = [relation.subject] + ([relation.object] if relation.object is not None else [])
        if any(in_dateline(dateline, mentions[end]) for end in ends) and relation.rule != "relation:here":
            # ('a rally here' is a visit to the dateline's place: the story says the subject was there)
            if not (relation.predicate == _LOCATED_IN and relation.object is not None
                    and mentions[relation.subject].start == dateline.place_start
                    and mentions[relation.object].start == dateline.region_start):
                continue
        if relation.place is not None and in_dateline(dateline, mentions[relation.place]):
            relation = replace(relation, place=None)
        kept.append(relation)
    return tuple(kept)


def dated_dateline(dateline: Dateline | None, times: Sequence[TimeExpression], reference: date | None) -> tuple[TimeExpression, ...]:
    """A dateline's day ('Dec. 31') is the day the story was filed: the one of that month and day
    nearest the publication date, whatever the tense around it ('Dec. 31' in a story published on
    2 January is the day before, not a day ahead)."""
    if dateline is None or dateline.month is None or dateline.day is None or reference is None:
        return tuple(times)
    filed = dateline.reference_date
    if filed is None:
        candidates = []
        for year in (reference.year - 1, reference.year, reference.year + 1):
            try:
                candidates.append(date(year, dateline.month, dateline.day))
            except ValueError:  # 'Feb. 29' in a year without one
                continue
        filed = min(candidates, key=lambda day: abs((day - reference).days), default=None)
    if filed is None:
        return tuple(times)
    return tuple(replace(t, value=filed.isoformat(), datatype="date") if dateline.covers(t.start, t.end) and t.start == dateline.date_start
                 else t for t in times)


def quotes_outside_dateline(dateline: Dateline | None, mentions: Sequence[Mention], quotes: Sequence[Quote]) -> list[Quote]:
    """Quotes whose speaker is no name of the dateline ('THE HAGUE, June 25 — "..." the lawyer
    said': the lawyer, or nobody, said it, never The Hague)."""
    return [replace(q, speaker=None) if q.speaker is not None and in_dateline(dateline, mentions[q.speaker]) else q
            for q in quotes]


_DATELINE_END = re.compile(r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?,?\s*(?:\([A-Z][\w. -]{0,20}\)\s*(?:--|\u2014|\u2013|-|$)|--|\u2014|\u2013|-\s)",
                           re.MULTILINE)


def _is_dateline(text: str, start: int, end: int) -> bool:
    """'BERLIN (Reuters) -', 'DAYTON, Ohio (AP)': the place a story is filed from opens the
    line in capitals, whatever label the model gave it."""
    line_start = text.rfind("\n", 0, start) + 1
    name = text[start:end]
    if text[line_start:start].strip() or not name.isupper() or sum(ch.isalpha() for ch in name) < 3:
        return False
    return _DATELINE_END.match(text, end) is not None


# A broadcast-monitoring source line: '(ID) Springfield Radio Example in English 1200 GMT 3 Jan 94'
# or a line holding only a city and an outlet in capitals ('Springfield DAILY EXAMPLE'): the
# city the outlet publishes from, then the outlet.
_MONITORING_LINE = re.compile(
    r"(?:\b[A-Z]{2}\d{10}\s+|^)(?P<words>[A-Z][^\n]{2,80}?)\s+in\s+[A-Z][a-z]+\s+(?:\d{4}\s+GMT\s+)?\d{1,2}\s+[A-Z][a-z]{2}\s+\d{2}\b"
    r"|^(?P<line>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?:\s[A-Z][A-Z-]+){1,4})[ \t]*$",
    re.MULTILINE,
)


_MONITORING_ID = re.compile(r"\b[A-Z]{2}\d{10}\s+")


def source_lines(text: str) -> list[tuple[int, int, int, int, int]]:
    """Where each monitoring source line names its city and its outlet (start and end of each),
    and where the line ends:
    the city is the longest opening run of words the gazetteer knows as a place, the outlet the
    rest."""
    found = []
    for match in _MONITORING_LINE.finditer(text):
        group = "words" if match.group("words") else "line"
        start, words = match.start(group), match.group(group)
        identifier = list(_MONITORING_ID.finditer(words))
        if identifier:  # a headline before the line's identifier
            start, words = start + identifier[-1].end(), words[identifier[-1].end():]
        words = words.split()
        for size in (3, 2, 1):
            if len(words) <= size or len(words) - size > 5:
                continue
            entry = gazetteer().lookup(" ".join(words[:size]))
            if entry is None or entry.type not in ("City", "Country") or not words[size][:1].isupper():
                continue
            place_end = start + len(" ".join(words[:size]))
            outlet_start = text.index(words[size], place_end)
            found.append((start, place_end, outlet_start, match.end(group), match.end()))
            break
    return found


_MEDIA_WORDS = words("layout_words", "broadcast")  # 'Radio', 'Television'


def _leading_city(text: str) -> int | None:
    """Where an outlet's name starts after the city it broadcasts from ('Lisbon Radio Estrela',
    'Beijing XINHUA Domestic Service'): a city the gazetteer knows, then 'Radio', 'Television'
    or a word in capitals. Not 'Moscow State University': the city opens that name."""
    words = text.split()
    for size in (2, 1):
        if len(words) <= size:
            continue
        entry = gazetteer().lookup(" ".join(words[:size]))
        following = words[size]
        if entry is not None and entry.type == "City" and (
                following in _MEDIA_WORDS or (following.isupper() and sum(ch.isalpha() for ch in following) >= 3)):
            return len(" ".join(words[:size]))
    return None


def _layout_line(text: str, ent: Span) -> bool:
    """A name that is a line of its own (an identifier before it at most, its language and
    time after it): a monitoring report's source line, not a sentence of prose."""
    line_start, line_end = text.rfind("\n", 0, ent.start_char) + 1, text.find("\n", ent.end_char)
    before = text[line_start:ent.start_char].strip()
    after = text[ent.end_char:line_end if line_end >= 0 else len(text)].strip()
    return (not before or _MONITORING_ID.fullmatch(before + " ") is not None) and (
        not after or re.match(r"in\s+[A-Z][a-z]+", after) is not None)


# Names a slash runs together, as poll names and photo credits write them ('NBC/WSJ/Marist',
# 'Reuters/Getty Images'): the slash stands between two names that each open with a capital.
_NAME_SLASH = re.compile(r"(?<=[\w.])\s?/\s?(?=[A-Z])")


def slashed_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names of text[start:end] a slash parts, each as (start, end); the whole when no
    slash stands between two capitalized names (a one-letter side is an abbreviation: 'w/') or
    the first is not capitalized."""
    if not text[start:start + 1].isupper():
        return [(start, end)]  # 'tkw/AFP/AP': an editor's initials before the agencies, a credit
    parts, part_start = [], start
    for slash in _NAME_SLASH.finditer(text, start, end):
        if slash.start() - part_start < 2 or end - slash.end() < 2:
            return [(start, end)]
        parts.append((part_start, slash.start()))
        part_start = slash.end()
    parts.append((part_start, end))
    return parts
