"""The dateline a wire or agency story opens with: 'WASHINGTON, July 2 (KG Wire) —',
'THE HAGUE, June 25 —', 'LONDON (Northern Press) -', 'SELMA, N.C. —'. It says where the story was
filed from, when, and by which agency; it is no part of the story's first sentence, and none of
it is what anybody said or did. The parser is shown the dateline as a line of its own
(kg.pipeline.nlp), extraction keeps its names as mentions and out of every relation and
attribution, and the article's graph names its place and its publisher (kg.pipeline.rdf).

The dashes that end a dateline and the words in capitals that open a line but name no place
('EXCLUSIVE –') are data, ontology/lexicon/datelines.tsv; its months are time_words.tsv's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ...knowledge import LazyRegex, alternation, read_table
from ...lexicon import gazetteer, lexicon_dir, words

_DASHES = words("datelines", "dash")
_KICKERS = words("datelines", "kicker")

_OPENING_LINES = 3
"""A dateline opens one of the text's first lines: the headline, and a standfirst under it, may
come before it."""

_PLACE_WORD = r"[A-Z][A-Z'\u2019.\-]*(?![\w'\u2019.\-])"
_REGION_WORD = r"(?:(?:[A-Z]\.){1,3}|[A-Z][a-z]+\.?)(?![\w'\u2019.\-])"
_SPACE = r"[ \t\xa0]"


def _month_pattern() -> str:
    return alternation(_month_numbers(), capitalized=True)


_DATELINE = LazyRegex(lambda: (
    rf"(?P<place>{_PLACE_WORD}(?: {_PLACE_WORD}){{0,3}})"
    rf"(?:,{_SPACE}(?P<region>{_REGION_WORD}(?: {_REGION_WORD}){{0,2}}))?"
    rf"(?:,?{_SPACE}(?P<date>(?P<month>{_month_pattern()})\.?{_SPACE}(?P<day>\d{{1,2}})(?:,{_SPACE}(?P<year>\d{{4}}))?))?"
    rf"(?:{_SPACE}*(?:\((?P<agency>[A-Z][A-Za-z&.'\u2019 -]{{0,40}}?)\)|/(?P<wire>[A-Z][A-Za-z&.'\u2019 -]{{0,40}}?)/))?"
    rf"(?P<gap>{_SPACE}*)(?P<dash>{alternation(_DASHES)})"
))


@dataclass(frozen=True)
class Dateline:
    """Where a dateline's parts lie in the article text (start inclusive, end exclusive): the
    place (a city, 'THE HAGUE'), the region written after it ('N.C.'), the date ('July 2') and
    the agency ('KG Wire', inside its parentheses). `end` is where the dash ends: the story
    starts after it."""

    start: int
    end: int
    place_start: int
    place_end: int
    region_start: int | None = None
    region_end: int | None = None
    date_start: int | None = None
    date_end: int | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    agency_start: int | None = None
    agency_end: int | None = None

    def covers(self, start: int, end: int) -> bool:
        """Whether the stretch [start, end) overlaps the dateline."""
        return start < self.end and self.start < end

    @property
    def reference_date(self) -> date | None:
        """The day the dateline gives in full ('July 2, 2024'), which can stand for an undated
        article's publication date when time expressions are resolved; a month and a day alone
        give none: the year would be a guess."""
        if self.year is None or self.month is None or self.day is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:  # 'Feb. 30'
            return None


def find_dateline(text: str) -> Dateline | None:
    """The dateline opening one of the text's first lines, if there is one."""
    for line in _opening_lines(text):
        dateline = _read(text, line)
        if dateline is not None:
            return dateline
    return None


def _opening_lines(text: str) -> list[int]:
    starts: list[int] = []
    position = 0
    while position < len(text) and len(starts) < _OPENING_LINES:
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        if text[position:end].strip():
            starts.append(position + len(text[position:end]) - len(text[position:end].lstrip()))
        position = end + 1
    return starts


def _read(text: str, start: int) -> Dateline | None:
    match = _DATELINE.match(text, start)
    if match is None:
        return None
    place = match.group("place")
    agency = "agency" if match.group("agency") is not None else "wire" if match.group("wire") is not None else None
    bare = match.group("region") is None and match.group("date") is None and agency is None
    if sum(ch.isalpha() for ch in place) < 3:
        return None
    if not match.group("gap") and agency is None:
        return None  # 'SIEGEL--Jerome', 'NOW OPEN—"...': a dash a dateline sets apart
    if bare and (place in _KICKERS or place.split()[0] in _KICKERS):
        return None  # 'EXCLUSIVE – ...': a label on the story, not a place
    known = gazetteer().lookup(place)
    if known is not None and known.type in ("Person", "Organization"):
        return None  # 'TRUMP — ...': a name in a headline's capitals
    following = text[match.end():match.end() + 1]
    if following and not (following.isspace() or following.isalnum() or following in "\"'\u201c\u2018"):
        return None  # '---', '-)': a rule or punctuation, not a dash before the story
    month = _month_numbers()[match.group("month").lower()] if match.group("month") else None
    return Dateline(
        start=match.start(), end=match.end(),
        place_start=match.start("place"), place_end=match.end("place"),
        region_start=match.start("region") if match.group("region") else None,
        region_end=match.end("region") if match.group("region") else None,
        date_start=match.start("date") if match.group("date") else None,
        date_end=match.end("date") if match.group("date") else None,
        month=month, day=int(match.group("day")) if match.group("day") else None,
        year=int(match.group("year")) if match.group("year") else None,
        agency_start=match.start(agency) if agency else None,
        agency_end=match.end(agency) if agency else None,
    )


@lru_cache(maxsize=1)
def _month_numbers() -> dict[str, int]:
    """time_words.tsv's months, without an abbreviation's period: 'sept' -> 9."""
    return {row["word"].rstrip("."): int(row["value"])
            for row in read_table(lexicon_dir() / "time_words.tsv", "time_words") if row["kind"] == "month"}
