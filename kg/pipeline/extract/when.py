"""Which time expression dates an event or a statement: the one that modifies the clause of the
word that tells of it (the trigger, a reporting verb), or the words that clause hangs from.

'On Thursday, Modi flew to Tokyo, where he held talks': 'Thursday' modifies 'flew'; the talks
are told of in a relative clause on 'Tokyo', and 'Tokyo' ends the flight, so they inherit
'Thursday'. 'Peskov said in a statement on Monday': 'Monday' modifies the statement, the
statement the saying."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# the dependencies a date climbs by from a noun it modifies to the verb whose event that noun is part of
_NOMINAL_STEPS = frozenset({"pobj", "prep", "dobj", "npadvmod", "appos", "compound"})

DatedTimes = tuple[dict, dict[int, list[int]], dict[int, list[int]]]


def index_times(doc: Doc, times: Sequence[TimeExpression], text: str) -> DatedTimes:
    """Each dated time expression (by its index) as its span, the word it hangs from and its
    role, and the indexes by that word and by each word of the span: a trigger's date is
    looked up near the trigger, not searched for among all of a long article's."""
    dated: dict[int, tuple] = {}
    by_attach: dict[int, list[int]] = {}
    by_token: dict[int, list[int]] = {}
    for index, time in enumerate(times):
        if time.value is None:
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        attach = root.head.head if root.dep_ == "pobj" else root.head
        role = "start" if text[max(0, time.start - 7):time.start].lower().rstrip().endswith("since") else "date"
        dated[index] = (span, attach.i, role)
        by_attach.setdefault(attach.i, []).append(index)
        for token_index in range(span.start, span.end):
            by_token.setdefault(token_index, []).append(index)
    return dated, by_attach, by_token


def date_of(trigger: Token, path: list[Token], index: DatedTimes, path_up: Callable[[Token], list[Token]]) -> tuple[int | None, str]:
    """(index of the time expression, 'date' or 'start') for the event the trigger tells of:
    the expression attached nearest to the trigger on `path` (the trigger and the words it
    hangs from within its clause); for a 'when' clause of a date ('since February 2022, when
    Russia invaded'), that date; for an event told of in a relative clause ('..., where he held
    talks'), the date of the clause its noun belongs to. `path_up` gives a token's path."""
    found = _nearest(trigger, path, index)
    if found[0] is not None:
        return found
    for token in path:
        if token.dep_ == "relcl" or token.dep_ == "advcl" and any(c.lower_ in ("where", "when") for c in token.children):
            return _nearest(token.head, path_up(token.head), index)
    return None, "date"


def _nearest(trigger: Token, path: list[Token], index: DatedTimes) -> tuple[int | None, str]:
    where = {t.i: n for n, t in enumerate(path)}
    best = None
    dated, by_attach, by_token = index
    near = {i for token in path for i in by_attach.get(token.i, ())} | set(by_token.get(trigger.head.i, ()))
    for i in sorted(near):
        span, attach, role = dated[i]
        rank = where.get(attach)
        if trigger.dep_ in ("relcl", "advcl") and span.start <= trigger.head.i < span.end:
            rank, role = 0, "date"  # the event the 'when' clause tells of happened then
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, i, role)
    return (best[1], best[2]) if best else (None, "date")


@dataclass(frozen=True)
class TimesBySentence:
    """The article's time expressions and, for each sentence, the indexes of those in it (in
    order): built once per article, so that a cue looks at its own sentence's, not at all of a
    long article's."""
    times: Sequence[TimeExpression]
    by_sentence: dict[int, list[int]]

    @classmethod
    def of(cls, times: Sequence[TimeExpression]) -> TimesBySentence:
        by_sentence: dict[int, list[int]] = {}
        for index, time in enumerate(times):
            by_sentence.setdefault(time.sentence, []).append(index)
        return cls(times, by_sentence)


def time_of_statement(cue: Token, times: TimesBySentence, doc: Doc, sentence: int,
                      content: tuple[int, int]) -> int | None:
    """The time expression of the cue's sentence, outside what was said, that modifies the
    reporting verb: 'said on Monday', 'said Monday', 'said in a statement on Monday'."""
    for index in times.by_sentence.get(sentence, ()):
        time = times.times[index]
        if content[0] <= time.start < content[1]:
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is not None and _modifies(span.root, cue):
            return index
    return None


def _modifies(root: Token, cue: Token) -> bool:
    """The cue is within three words up from the expression, or up a chain of nouns and
    prepositions ('in a statement on Monday') that passes no other verb."""
    head, steps = root, 0
    while head.head is not head and steps < 6:
        if steps >= 3 and (head.dep_ not in _NOMINAL_STEPS or head.pos_ in ("VERB", "AUX")):
            return False
        head, steps = head.head, steps + 1
        if head.i == cue.i:
            return True
    return False
