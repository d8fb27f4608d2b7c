"""Names cleaned and mended: the model's entity spans joined where it cut one name in two
and split where it ran two together, and each name trimmed of 'the', possessives, titles and
the headline words around it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...lexicon import gazetteer, listed, organization_words, titles
from ...patterns import word_regex
from .layout import _layout_line, _leading_city

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Span

_LEADING_THE = re.compile(r"^(?:the|The)\s+")
# 'former (German) Chancellor ...': a title its holder no longer holds.
_FORMER = word_regex(r"\b(?:{former_words})\s*(?:[A-Z][\w.'\u2019-]*\s+){0,3}$", capitalized=True)
_POSSESSIVE = re.compile(r"(?:['\u2019]s?)$")
_EDGE_PUNCT = "\"'\u201c\u201d\u2018\u2019()[],.;:-\u2014 \n\t"


# What joins two names the model cut apart into one: 'Senate Committee on Veterans Housing',
# 'Foundation for the Advancement of Science' (two organizations, nothing but 'of', 'on' or
# 'for' between them).
_JOINING_WORDS = re.compile(r"^\s+(?:of|on|for)(?:\s+the)?\s+$")
_DANGLING = re.compile(r"\s(?:of|on|for|and)$")  # a name the model ended on a joining word
_INNER_POSSESSIVE = re.compile(r"['\u2019]s\s+(?=[A-Z])")


_COMPANY_SUFFIXES = listed("company_suffixes")  # 'Acme Co.', 'Acme GmbH'


def _names_a_purpose(body: str, rest: str) -> bool:
    """'Foundation for the Advancement of Science', 'Committee on Veterans Housing': a body's
    name (ending as organizations do) and what it is for, which names no body or place of its
    own; not 'Acme Co. of Springfield' (a company and its town) or 'the House for the Times'."""
    body_words, rest_words = body.split(), rest.split()
    if not body_words or not rest_words or body_words[-1] in _COMPANY_SUFFIXES:
        return False
    if body_words[-1] not in organization_words():
        return False
    return rest_words[-1] not in organization_words() and gazetteer().lookup(_LEADING_THE.sub("", rest)) is None


def name_spans(doc: Doc, text: str | None = None) -> list[Span]:
    """The model's named-entity spans, mended where the model cuts names in a way no reader
    would: two organizations joined by 'of'/'on'/'for' are one name, a name with a bracket
    it never closes is two ('UPF (Union of Progressive Farmers': the acronym and the
    name it stands for), and a possessive inside a span separates two names ("Oxford
    University's Centre for ...")."""
    from spacy.tokens import Span

    text = doc.text if text is None else text  # doc.text joins every token anew on each read
    merged: list[Span] = []
    for ent in doc.ents:
        if merged and ent.label_ == "ORG" and merged[-1].label_ == "ORG":
            previous = merged[-1]
            between = text[previous.end_char:ent.start_char]
            if (not between.strip() and _DANGLING.search(previous.text)) or (
                    _JOINING_WORDS.match(between) and _names_a_purpose(previous.text, ent.text)):
                merged[-1] = Span(doc, previous.start, ent.end, label="ORG")
                continue
        merged.append(ent)
    found = []
    for ent in merged:
        found.extend(_split_name(doc, text, ent))
    return found


def _owns(name: str) -> bool:
    """A name that can stand before "'s" as a body's or a place's own name: one the gazetteer
    knows ("Russia's Foreign Ministry") or one ending as organizations do ("Oxford University's
    Centre"); not the first word of a name that holds the possessive ("People's Republic",
    "St. Mary's Hospital")."""
    name = _LEADING_THE.sub("", name.strip())
    words = name.split()
    return gazetteer().lookup(name) is not None or (len(words) > 1 and words[-1] in organization_words())


_OF_PLACE = re.compile(r"\s+of\s+(?=[A-Z])")


def _split_name(doc: Doc, doc_text: str, ent: Span) -> list[Span]:
    text = ent.text
    cut = None
    labels = (ent.label_, ent.label_)
    city = _leading_city(text) if ent.label_ in ("ORG", "PERSON", "GPE") and _layout_line(doc_text, ent) else None
    of_place = _OF_PLACE.search(text) if ent.label_ == "PERSON" else None
    if city is not None:
        cut, labels = (city, city), ("GPE", "ORG")
    elif of_place is not None and gazetteer().lookup(text[of_place.end():]) is not None:
        cut, labels = of_place.span(), ("PERSON", "GPE")  # 'Jane Doe of Springfield'
    elif text.count("(") != text.count(")"):
        bracket = text.find("(") if "(" in text else text.find(")")
        cut = (bracket, bracket + 1)
    else:
        possessive = _INNER_POSSESSIVE.search(text)
        if possessive and _owns(text[:possessive.start()]):
            cut = possessive.span()
    if cut is None:
        return [ent]
    parts = []
    for (start, end), label in zip(((ent.start_char, ent.start_char + cut[0]), (ent.start_char + cut[1], ent.end_char)), labels, strict=True):
        while start < end and doc_text[start].isspace():
            start += 1
        while end > start and doc_text[end - 1].isspace():
            end -= 1
        span = doc.char_span(start, end, label=label, alignment_mode="contract") if start < end else None
        if span is not None and any(ch.isupper() for ch in span.text):
            parts.append(span)
    return parts


def _clean_name(text: str, ent: Span, lower_case_words: Callable[[], frozenset[str]] = frozenset) -> tuple[int, int, str | None, int | None] | None:
    """The name's span, the title written before or inside it and where that title starts,
    or None when no name is left once determiners, titles and punctuation are removed."""
    start, end = ent.start_char, ent.end_char
    surface = text[start:end]
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    possessive = _POSSESSIVE.search(text[start:end])
    if possessive and end - start > possessive.end() - possessive.start() + 1:
        end = start + possessive.start()
    while end > start and text[end - 1] in _EDGE_PUNCT and text[end - 1] != ".":
        end -= 1
    leading = _LEADING_THE.match(text[start:end])
    if leading:
        start += leading.end()
    start = _after_lower_case_words(text, start, end)
    end = _before_trailing_title(text, start, end)
    end = _before_headline_words(text, start, end, lower_case_words)
    title_lexicon = titles()
    title, title_start = None, None
    inner = title_lexicon.leading_title(text[start:end])
    if inner and end - start > len(inner) and not _title_opens_the_name(text[start + len(inner):end], ent.label_):
        title, title_start = inner.strip(), start
        start += len(inner)
    if title is None:
        line_start = text.rfind("\n", 0, start) + 1
        title = title_lexicon.trailing_title(text[line_start:start])
        if title is not None:
            title_start = text.rfind(title, line_start, start)
            if text[start:end].split()[-1] in organization_words() and title_start + len(title) + 1 >= start:
                start, title, title_start = title_start, None, None  # 'the Ambassador Hotel': the name starts with it
    name = text[start:end]
    if not any(ch.isalpha() for ch in name) or surface.islower():
        return None
    if title_start is not None and _FORMER.search(text[max(0, title_start - 60):title_start]):
        return start, end, None, None  # 'former Chancellor Angela Merkel' holds no office now
    return start, end, title, title_start


# Lower-case words that belong inside a name: 'Osama bin Laden', 'Corriere della Sera', 'al-Assad'.
_NAME_PARTICLES = listed("name_particles")


def _after_lower_case_words(text: str, start: int, end: int) -> int:
    """Where the name starts once lower-case words the model took in before it are left out
    ('pro-European Democratic Left' is the Democratic Left); name particles stay."""
    while True:
        match = re.match(r"(\S+)\s+(?=\S)", text[start:end])
        if not match:
            return start
        word = match.group(1)
        particle = word.lower().split("-")[0].split("'")[0] in _NAME_PARTICLES
        # 'pro-European', 'former'; not 'eBay', '5th'
        lower = word[:1].islower() and (word.islower() or ("-" in word and word.split("-")[0].islower()))
        if not lower or particle:
            return start
        start += match.end()


def _before_trailing_title(text: str, start: int, end: int) -> int:
    """Where a name ends when the model ran it on into a title's abbreviation whose period it
    left out ('Harbor Police Lt' in 'a Harbor Police Lt. Jim Doe')."""
    match = re.search(r"\s(\S+)$", text[start:end])
    if match and text[end:end + 1] == "." and titles().leading_title(match.group(1) + ". "):
        return start + match.start()
    return end


def _before_headline_words(text: str, start: int, end: int, lower_case_words: Callable[[], frozenset[str]]) -> int:
    """In a headline's title case ('Doe Verdict Postponed'), the capitalized words that end a
    name, that the article writes in lower case elsewhere ('verdict'), where the article names
    the shorter name elsewhere ('Doe') and never the longer one, are the headline's.
    `lower_case_words` gives those words when called."""
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    line_end = line_end if line_end >= 0 else len(text)
    line = text[line_start:line_end].split()
    if not 2 <= len(line) <= 15 or line[-1][-1:] in ".!?\"\u201d":
        return end
    if sum(word[:1].isupper() for word in line) < 0.7 * len(line):
        return end  # not title case
    lower_words = lower_case_words()  # the article's lower-case words, only for a headline

    def named_elsewhere(name: str) -> bool:
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
        return any(not line_start <= m.start() < line_end for m in pattern.finditer(text))

    words = text[start:end].split()
    if named_elsewhere(" ".join(words)):
        return end
    while len(words) > 1 and words[-1][:1].isupper() and _written_lower(words[-1].lower(), lower_words):
        words.pop()
        if named_elsewhere(" ".join(words)):
            return start + len(" ".join(words))
    return end


def _written_lower(word: str, lower_case_words: frozenset[str]) -> bool:
    """The word, or its stem before a plural or third-person 's' ('Opens': 'opened' elsewhere)."""
    stems = {word, word[:-1] if word.endswith("s") else word, word[:-2] if word.endswith("es") else word}
    return not stems.isdisjoint(lower_case_words)


def _title_opens_the_name(rest: str, label: str) -> bool:
    """'General Motors', 'Ambassador Hotel': a title word opening an organization's or a
    place's name, not a title before a person's."""
    if label == "PERSON":
        return False
    last = rest.split()[-1] if rest.split() else ""
    return last in organization_words()
