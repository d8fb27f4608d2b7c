"""Quotations: the words inside quotation marks, and the mention of who said them.

Marks are paired per paragraph (curly “ ” by direction, straight " by alternation), so one
stray mark cannot swallow the rest of the article; a quote left open at the end of a paragraph
continues only when the next paragraph opens with a mark, as multi-paragraph quotes do. The
speaker is the subject of the speech verb the quote hangs from, or that stands beside it in
its sentence ('..., Hegseth said.'); a quote that follows another in the same paragraph with
no attribution of its own continues it. Short quoted words with no speech verb around them are
scare quotes, not quotes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from .model import Mention, Quote
from .syntax import inside, reports_quote, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_OPEN, _CLOSE, _STRAIGHT = "\u201c", "\u201d", '"'
_OPEN_SINGLE, _CLOSE_SINGLE = "\u2018", "\u2019"
# Double marks, two apostrophes (as some archives write them) and curly single marks.
_MARKS = re.compile("\u201c|\u201d|''|\"|\u2018|\u2019")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_ENDS_A_UTTERANCE = tuple(".,!?;:\u2014\u2013-\u2026")


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation's content, marks excluded, in text order."""
    spans: list[tuple[int, int]] = []
    paragraphs = _paragraphs(text)
    for number, (p_start, p_end) in enumerate(paragraphs):
        open_at = None  # (offset after the opening mark, its kind)
        for mark in _MARKS.finditer(text, p_start, p_end):
            kind = mark.group()
            if open_at is None:
                if kind in (_OPEN, _STRAIGHT, "''") or (kind == _OPEN_SINGLE and _opens_single(text, mark.end())):
                    open_at = (mark.end(), kind)
            elif _closes(open_at[1], kind, text, mark):
                spans.append((open_at[0], mark.start()))
                open_at = None
            elif kind == _OPEN:
                open_at = (mark.end(), kind)  # an unclosed quote followed by a new one
        if open_at is not None and open_at[1] != _OPEN_SINGLE and number + 1 < len(paragraphs):
            next_start = paragraphs[number + 1][0]
            if _MARKS.match(text, next_start):
                spans.append((open_at[0], p_end))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _opens_single(text: str, after: int) -> bool:
    # '‘90s' is an elision, not a quotation
    return after < len(text) and not text[after].isdigit() and not text[after].isspace()


def _closes(opened: str, kind: str, text: str, mark: re.Match) -> bool:
    if opened == _OPEN_SINGLE:
        # a closing single mark followed by a letter is an apostrophe: 'don’t'
        following = text[mark.end():mark.end() + 1]
        return kind == _CLOSE_SINGLE and not following.isalpha()
    return kind in (_CLOSE, _STRAIGHT, "''")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _PARAGRAPH.finditer(text):
        if match.start() > start:
            bounds.append((start, match.start()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def attribute_quotes(
    doc: Doc,
    spans: list[tuple[int, int]],
    mentions: list[Mention],
    mention_at: Callable[[Token], int | None],
    sentence_of: Callable[[int], int],
) -> tuple[Quote, ...]:
    text = doc.text
    quotes: list[Quote] = []
    previous: Quote | None = None
    for start, end in spans:
        raw_end = end
        while raw_end < len(text) and text[raw_end] in ",.!? ":
            raw_end += 1
        content = text[start:end]
        partial = not text[start:raw_end].rstrip().endswith(_ENDS_A_UTTERANCE) and len(content.split()) <= 6
        cue = _governing_speech_verb(doc, start, end, spans) or (None if partial else _adjacent_speech_verb(doc, start, end, spans))
        speaker, rule = None, "quote:no-speaker"
        if cue is not None:
            subject = subject_of(cue)
            if subject is None and cue.dep_ == "acl" and cue.head.pos_ in ("PROPN", "NOUN"):
                subject = cue.head  # 'footage of Trump saying, "..."'
            speaker = mention_at(subject) if subject is not None else None
            rule = "quote:speech-verb" if speaker is not None else "quote:no-speaker"
        if speaker is None and not partial:
            named = _dash_signature(text, end, mentions) or _transcript_label(text, start, mentions, sentence_of)
            if named is not None:
                speaker, rule = named
        if cue is None and speaker is None and partial:
            continue  # scare quotes: no one is quoted
        if cue is None and speaker is None and previous is not None and _continues(text, previous, start, mentions):
            speaker, rule = previous.speaker, "quote:continuation"
        quote = Quote(start, end, content, sentence_of(start), speaker, rule, partial,
                      cue.idx if cue is not None else None, cue.idx + len(cue.text) if cue is not None else None)
        quotes.append(quote)
        if not partial:
            previous = quote
    return tuple(quotes)


_SIGNATURE_DASH = re.compile(r"[\u201d\"'\u2019]?[.,]?[ \t]*[\u2015\u2014\u2013][ \t]*")
_TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,2}):\s")


def _dash_signature(text: str, end: int, mentions: list[Mention]) -> tuple[int, str] | None:
    """'"...." ― Jane Doe': a name signed after a dash that follows the closing mark."""
    match = _SIGNATURE_DASH.match(text, end)
    if match is None:
        return None
    for index, mention in enumerate(mentions):
        if mention.start == match.end() and mention.kind == "name":
            return index, "quote:signature"
    return None


def _transcript_label(text: str, start: int, mentions: list[Mention], sentence_of: Callable[[int], int]) -> tuple[int, str] | None:
    """'"PENCE: Well, look, ...': a transcript names the speaker in capitals before a colon. A
    label the model did not take for a name becomes a mention when it repeats the surname of a
    person named before ('Mike Pence')."""
    match = _TRANSCRIPT_LABEL.match(text, start)
    if match is None:
        return None
    label = match.group(1).casefold()
    surname = None
    for index, mention in enumerate(mentions):
        if start <= mention.start and mention.end <= match.end(1) and mention.kind == "name":
            return index, "quote:transcript"
        if mention.start < start and mention.kind == "name" and mention.text.split()[-1].casefold() == label:
            surname = index  # 'PENCE:' after 'Mike Pence' was named
    if surname is None:
        return None
    mentions.append(replace(mentions[surname], start=match.start(1), end=match.end(1), text=match.group(1),
                            sentence=sentence_of(match.start(1)), title=None, title_qualifier=None, in_quote=False,
                            is_subject=True))
    return len(mentions) - 1, "quote:transcript"


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _governing_speech_verb(doc: Doc, start: int, end: int, spans: list[tuple[int, int]]) -> Token | None:
    """The speech verb outside the quote that the quoted words hang from, if any."""
    for token in _tokens(doc, start, end):
        head, steps = token, 0
        while head.head is not head and steps < 6:
            head = head.head
            steps += 1
            if not (start <= head.idx < end) and not inside(head.idx, spans):
                if reports_quote(head):
                    return head
    return None


def _text_length(doc: Doc) -> int:
    # Without reading doc.text, which joins every token anew: this runs once per quote.
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def _adjacent_speech_verb(doc: Doc, start: int, end: int, spans: list[tuple[int, int]]) -> Token | None:
    """A speech verb outside quotes in the sentence where the quote ends or begins."""
    candidates = []
    for char in (end, start - 1):
        span = doc.char_span(max(char - 1, 0), min(char + 1, _text_length(doc)), alignment_mode="expand")
        if span is None:
            continue
        for token in span.sent:
            if inside(token.idx, spans) or token.pos_ != "VERB" or not reports_quote(token):
                continue
            distance = token.idx - end if token.idx >= end else start - token.idx
            candidates.append((distance, token.i, token))
    return min(candidates)[2] if candidates else _beside_the_quote(doc, start, end, spans)


def _breaks_line(tokens: Iterable[Token]) -> bool:
    return any("\n" in token.text_with_ws for token in tokens)


_SPLIT_ATTRIBUTION_WORDS = 8


def _beside_the_quote(doc: Doc, start: int, end: int, spans: list[tuple[int, int]]) -> Token | None:
    """The parser sometimes ends the sentence with the quote: '"... next year." | Doe said.' or
    begins it there: 'And Doe gloated: | "..."'. A short sentence right after the quote, in the
    same paragraph, whose quote verb reports nothing else; or one right before it that ends
    with a colon."""
    length = _text_length(doc)
    after = doc.char_span(max(end - 1, 0), min(end + 1, length), alignment_mode="expand")
    if after is not None and after.sent.end < len(doc):
        following = doc[after.sent.end].sent
        if following.start_char - end < 8 and not _breaks_line(doc[after.end - 1:following.start]):
            for token in following[:_SPLIT_ATTRIBUTION_WORDS]:
                if not inside(token.idx, spans) and token.pos_ == "VERB" and reports_quote(token) \
                        and not any(c.dep_ in ("ccomp", "xcomp") for c in token.children):
                    return token
    before = doc.char_span(max(start - 2, 0), start, alignment_mode="expand")
    if before is not None and before.sent.start > 0:
        preceding = doc[before.sent.start - 1].sent
        if preceding.text.rstrip(" \t\n\"\u201c'").endswith(":") and not _breaks_line(preceding[-1:]):
            root = preceding.root
            if reports_quote(root) or root.lemma_ == "put" and any(c.lower_ == "it" for c in root.children):
                return root
    return None


def _continues(text: str, previous: Quote, start: int, mentions: list[Mention]) -> bool:
    """A quote continues the previous one when it follows in the same paragraph, or opens the
    next one, and nobody else is named in between."""
    gap = text[previous.end:start]
    if "\n" in gap.strip("\"\u201c\u201d ,.") or len(gap) > 300:
        return False
    speaker = mentions[previous.speaker] if previous.speaker is not None else None
    for mention in mentions:
        if previous.end <= mention.start < start and (speaker is None or mention.text != speaker.text):
            if mention.kind != "name" or mention.ner_label == "PERSON":
                return False
    return True
