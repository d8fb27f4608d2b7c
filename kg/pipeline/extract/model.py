"""What extraction hands to resolution: plain data with character offsets into the article
text, no spaCy objects. Arguments of relations and speakers of quotes point into `mentions`."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from ..read import Article

NAME, PRONOUN, DESCRIPTION = "name", "pronoun", "description"
ASSERTED, POSSIBLE, NEGATED = "asserted", "possible", "negated"
REPORTED = "reported"  # read inside an attribution's content: the source's claim (kgo:Reported)

SPEAKER_CARRIES_OVER = 600
"""Characters after an attribution within which a report with no speaker of its own (a bare
quote, a "he" nobody else fits) is taken to be the same speaker's: in news, whoever was reported
speaking just before, within a few paragraphs."""


def mentions_by_start(mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """(start, index) of every mention, sorted: the index `mentions_within` bisects."""
    return sorted((m.start, i) for i, m in enumerate(mentions))


def mentions_within(by_start: list[tuple[int, int]], mentions: Sequence[Mention], start: int, end: int) -> list[int]:
    """Indices of the mentions inside [start, end), in text order (a bisection, not a scan)."""
    found = []
    for position in range(bisect_left(by_start, (start, -1)), len(by_start)):
        begin, index = by_start[position]
        if begin >= end:
            break
        if mentions[index].end <= end:
            found.append(index)
    return found


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A stretch of the article text that refers to an entity: a name ("Vladimir Putin"), a
    pronoun ("he") or a description ("the Russian leader"). Offsets are character offsets into
    the article text, end exclusive: article.text[start:end] == text."""

    start: int
    end: int
    text: str
    ner_label: str  # the model's label for names; "" for pronouns and descriptions
    sentence: int
    title: str | None = None  # "President" in "Russian President Vladimir Putin"
    title_qualifier: int | None = None  # the mention qualifying the title: "Russian"
    person_cue: bool = False  # a title, or a role only people have (subject of "said")
    team_cue: bool = False  # 'Dortmund coach', 'Bremen beat ...': a club named after its city
    kind: str = NAME
    is_subject: bool = False
    in_quote: bool = False
    antecedent: int | None = None  # a mention the syntax says this one refers to
    not_antecedent: int | None = None  # "Russia invaded its neighbour": not Russia
    head: str | None = None  # a description's head noun: "leader", "nation"
    extent_end: int | None = None  # a town named with its region, 'Millbrook, N.Y.': where that ends


@dataclass(frozen=True)
class TimeExpression:
    """A date or time phrase and, when it can be pinned down, its value: 'YYYY-MM-DD'
    (xsd:date), 'YYYY-MM' (xsd:gYearMonth) or 'YYYY' (xsd:gYear)."""

    start: int
    end: int
    text: str
    sentence: int
    value: str | None
    datatype: str | None  # "date", "gYearMonth", "gYear"


@dataclass(frozen=True)
class RelationCandidate:
    """A relation the text states between two mentions (or a mention and a position title),
    with the words that state it and how sure the rule is."""

    predicate: str  # a kgo property's local name
    subject: int  # index into mentions
    object: int | None  # index into mentions, or None when the object is `position`
    sentence: int
    start: int  # the evidence: from the first to the last word of subject, trigger and object
    end: int
    rule: str
    confidence: float
    modality: str = ASSERTED
    position: str | None = None  # holdsPosition's object, a title such as "Secretary of Defense"
    date: int | None = None  # index into time expressions
    date_role: str = "date"  # "date", or "start" for "since February 2022"
    place: int | None = None  # index into mentions
    event: str | None = None  # a kgo Event subclass: "PhoneCall", "Meeting", "Visit", ...
    trigger: str | None = None
    if_place: str | None = None  # the predicate to use instead when the object is a city or region
    # The predicate by what the subject turns out to be once resolved, when the model's label
    # is not to be trusted: 'Jane Doe of Dayton' (livesIn) and 'Acme of Dayton' (basedIn).
    by_subject: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Quote:
    """Words inside quotation marks (offsets exclude the marks) and, when the text says who,
    the mention of the speaker."""

    start: int
    end: int
    text: str
    sentence: int
    speaker: int | None  # index into mentions
    rule: str
    partial: bool
    cue_start: int | None = None  # the verb that reports the quote ('said', 'shot back'), when one does
    cue_end: int | None = None


@dataclass(frozen=True)
class Attribution:
    """A reported statement: its content (offsets into the article text; for a direct quote the
    words inside the marks), its style ("direct", "mixed", "indirect"), the cue that reports it,
    and who said it to whom. Mentions are indices into `mentions`; a source the text describes
    rather than names ('a senior official') has no mention, only its words (source_start/end)."""

    style: str
    start: int
    end: int
    text: str
    sentence: int
    cue: str | None  # the cue's words: "said", "according to", "said in a statement"
    cue_start: int | None
    cue_end: int | None
    source: int | None = None
    source_start: int | None = None
    source_end: int | None = None
    source_text: str | None = None
    source_organization: int | None = None  # the organization or country a described source names
    source_named: int | None = None  # the name the article gives a described source
    addressee: int | None = None
    addressee_text: str | None = None
    addressee_start: int | None = None
    addressee_end: int | None = None
    date: int | None = None  # index into times
    rule: str = "attribution"


@dataclass(frozen=True)
class Extraction:
    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    times: tuple[TimeExpression, ...] = ()
    relations: tuple[RelationCandidate, ...] = ()
    quotes: tuple[Quote, ...] = ()
    attributions: tuple[Attribution, ...] = ()
