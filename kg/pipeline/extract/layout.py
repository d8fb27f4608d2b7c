"""The layout of a news text around its prose: the dateline a story is filed from
('BERLIN (Reuters) -'), a broadcast-monitoring report's source line (a city and an outlet),
and the credit block that closes an article. Names found there are not what the story says."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...knowledge import LazyRegex, alternation
from ...lexicon import gazetteer, words

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
