"""Names cleaned and mended: the model's entity spans joined where it cut one name in two and split where it ran two
together, and each name trimmed of 'the', possessives, titles and the headline words around it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...lexicon import gazetteer, given_names, listed, organization_words, roles, titles, words as words_of
from ...patterns import word_regex
from ..nlp import english_words
from .capitals import POSSESSIVE, capital_tells, headline_name, is_english, last_end
from .layout import _layout_line, _leading_city
from .name_kinds import before_date, before_survey_word, place_by_head

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Span

_LEADING_THE = re.compile(r"^(?:the|The)\s+")
# 'former (German) Chancellor ...': a title its holder no longer holds.
_FORMER = word_regex(r"\b(?:{former_words})\s*(?:[A-Z][\w.'\u2019-]*\s+){0,3}$", capitalized=True)
_EDGE_PUNCT = "\"'\u201c\u201d\u2018\u2019()[],.;:/-\u2014 \n\t"  # '/': 'Washington Post/ABC News poll'


# What joins two names the model cut apart into one: 'Senate Committee on Veterans Housing',
# 'Foundation for the Advancement of Science' (two organizations, nothing but 'of', 'on' or
# 'for' between them).
_JOINING_WORDS = re.compile(r"^\s+(?:of|on|for)(?:\s+the)?\s+$")
_DANGLING = re.compile(r"\s(?:of|on|for|and)$")  # a name the model ended on a joining word
_TRAILING_JOINERS = re.compile(r"(?:\s+(?:at|on|of|for|in))+$")
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
    elif ent.label_ in ("GPE", "LOC") and (state := _TRAILING_REGION.search(text)) is not None \
            and _is_region(state.group(1)) and state.start() > 0:
        cut, labels = (state.start(), state.start(1)), ("GPE", "GPE")  # 'Staunton Va.': a town and its state, no comma between
    elif ent.label_ == "ORG" and (where := _body_where(text)) is not None:
        cut, labels = where  # 'Harlan College on Long Island', 'Center for Polling at Harlan College'
    elif ent.label_ == "ORG" and (hyphen := _joined_bodies(text)) is not None:
        cut = hyphen  # 'Daily Planet-Harlan College': a poll's two sponsors
    elif text.count("(") != text.count(")"):
        bracket = text.find("(") if "(" in text else text.find(")")
        cut = (bracket, bracket + 1)
    else:
        possessive = _INNER_POSSESSIVE.search(text)
        if possessive and (_owns(text[:possessive.start()]) or _names_a_person(text[possessive.end():])):
            cut = possessive.span()
            if not _owns(text[:possessive.start()]):
                labels = (ent.label_, "PERSON")  # "the Daily Planet's Jane Doe": the paper and its writer
        elif ent.label_ in ("ORG", "PERSON", "FAC") and (comma := _LISTING_COMMA.search(text)) is not None \
                and _lists_names(text[:comma.start()], text[comma.end():]):
            cut = comma.span()  # 'Acme Rescue, Harbor Watch': list text the model ran together
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


_TRAILING_REGION = re.compile(r"\s+([A-Z][a-z]{1,4}\.)$")  # 'Va.', 'Ore.'


def _is_region(word: str) -> bool:
    known = gazetteer().lookup(word)
    return known is not None and known.type == "Place"


_WHERE = re.compile(r"\s+(?:on|in|at)\s+(?:the\s+)?(?=[A-Z])")


def _body_where(text: str) -> tuple[tuple[int, int], tuple[str, str]] | None:
    """Where a body's name ends that the model ran on into where the body is ('Harlan College
    on Long Island', 'Center for Polling at Harlan College'), and the labels of both: the
    body's name ends as organizations do, and what follows is a place or a body the gazetteer
    knows, a place by its last word, or a body's name too ('Committee on Foreign Relations' is
    one name: what it is for)."""
    for where in _WHERE.finditer(text):
        body, rest = text[:where.start()], text[where.end():]
        if not body.split() or body.split()[-1] not in organization_words():
            continue
        known = gazetteer().lookup(rest)
        if known is not None and known.type != "Person":
            return where.span(), ("ORG", "ORG" if known.type == "Organization" else "GPE")
        if place_by_head(rest) and all(w[:1].isupper() for w in rest.split()):
            return where.span(), ("ORG", "LOC")
        if rest.split()[-1] in organization_words() and all(w[:1].isupper() or w in _JOINERS for w in rest.split()):
            return where.span(), ("ORG", "ORG")
    return None


_JOINERS = frozenset({"of", "for", "and", "the"})
_HYPHEN = re.compile(r"(?<=[a-z])-(?=[A-Z])")


def _joined_bodies(text: str) -> tuple[int, int] | None:
    """The hyphen joining two bodies' names ('Daily Planet-Harlan College' of a poll both run):
    both sides of two words or more, or known to the gazetteer, and one of them so known or
    ending as organizations do; not a name with a hyphen of its own ('Coca-Cola')."""
    for hyphen in _HYPHEN.finditer(text):
        left, right = text[:hyphen.start()], text[hyphen.end():]
        sides = [(side, gazetteer().lookup(side)) for side in (left, right)]
        if all(len(side.split()) > 1 or known is not None for side, known in sides) and any(
                known is not None and known.type == "Organization" or side.split()[-1] in organization_words()
                for side, known in sides):
            return hyphen.span()
    return None


_LISTING_COMMA = re.compile(r",\s+(?=[A-Z])")


def _names_a_person(text: str) -> bool:
    """Whether text is a person's name in full: two or three words, the first a given name."""
    words = text.split()
    return 2 <= len(words) <= 3 and words[0] in given_names() and all(w[:1].isupper() for w in words)


def _lists_names(left: str, right: str) -> bool:
    """Whether the words either side of a comma inside a name are two names of a list ('Acme
    Rescue, Harbor Watch'), not a company and its suffix ('Acme, Inc.') or a town and its state
    ('Dayton, Ohio', 'Salem, Ore.')."""
    right_words = right.split()
    if not right_words or right_words[0] in _COMPANY_SUFFIXES or right_words[0].rstrip(".,") + "." in _COMPANY_SUFFIXES:
        return False
    known = gazetteer().lookup(right)
    if known is not None and known.type not in ("Person", "Organization"):
        return False
    return all(word[:1].isupper() or word in _NAME_PARTICLES for word in (*left.split(), *right_words)) and not right.endswith(".")


def _clean_name(text: str, ent: Span, lower_case_words: Callable[[], frozenset[str]] = frozenset) -> tuple[int, int, str | None, int | None] | None:
    """The name's span, the title written before or inside it and where that title starts,
    or None when no name is left once determiners, titles and punctuation are removed."""
    start, end = ent.start_char, ent.end_char
    surface = text[start:end]
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    possessive = POSSESSIVE.search(text[start:end])
    if possessive and end - start > possessive.end() - possessive.start() + 1:
        end = start + possessive.start()
    while end > start and text[end - 1] in _EDGE_PUNCT and text[end - 1] != ".":
        end -= 1
    leading = _LEADING_THE.match(text[start:end])
    if leading:
        start += leading.end()
    start = _after_lower_case_words(text, start, end)
    start = _after_adjective_prefix(text, start, end)
    end = _before_trailing_title(text, start, end)
    if (dangling := _TRAILING_JOINERS.search(text, start, end)) is not None and dangling.start() > start:
        end = dangling.start()  # 'the Center for Polling at' (Harlan College): the model stopped on a small word
    end = _before_figure(text, start, end, ent.label_)
    if ent.label_ != "PERSON":
        end = before_survey_word(text, start, before_date(text, start, end))  # 'Monmouth University Poll', '... on Nov. 3'
    start, end = headline_name(text, start, end, ent, lower_case_words)
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
    if title is None and ent.label_ == "PERSON":
        start = _after_role(text, start, end)
        start = _after_opening_word(text, start, end, ent)
    name = text[start:end]
    if not any(ch.isalpha() for ch in name) or surface.islower():
        return None
    if title_start is not None and _FORMER.search(text[max(0, title_start - 60):title_start]):
        return start, end, None, None  # 'former Chancellor Angela Merkel' holds no office now
    return start, end, title, title_start


def _after_role(text: str, start: int, end: int) -> int:
    """Where a person's name starts after a role noun that opens a sentence before it, which
    the model took in ('Actress Jane Doe was honored', 'Founder Jane Doe spoke': roles.tsv,
    not the portfolios of 'Finance Minister')."""
    match = re.match(r"([A-Z][a-z]+)\s+(?=[A-Z])", text[start:end])
    if match is None or roles().get(match.group(1).lower()) in (None, "portfolio") or capital_tells(text, start):
        return start
    if text[start:end].split()[-1] in organization_words():
        return start  # 'Ambassador Hotel' is the hotel's name
    return start + match.end()


# What a word opening a sentence is to the tagger when it is none of a person's name (spaCy's
# labels; a verb only inflected: 'Asserting', not 'Will' or 'Grant', which open names too).
_NOT_A_NAMES_WORD = frozenset({"ADJ", "ADV", "ADP", "DET", "PRON", "SCONJ", "INTJ", "PART"})


def _after_opening_word(text: str, start: int, end: int, ent: Span) -> int:
    """Where a person's name starts after a verb, an adjective or an adverb that opens the
    sentence and that the model took in ('Asserting Jane Doe's role', 'Top Jane Doe adviser'):
    a word of English, to the tagger no proper noun, no given name, that the article never
    capitalizes inside a sentence."""
    match = re.match(r"(\S+)\s+(?=[A-Z])", text[start:end])
    if match is None or capital_tells(text, start) or match.group(1) in given_names():
        return start
    token = ent.doc.char_span(start, start + len(match.group(1)), alignment_mode="expand")
    if token is None or len(token) != 1:
        return start
    verb = token[0].pos_ == "VERB" and (token[0].lemma_.lower() != token[0].lower_ or token[0].tag_ == "VB")  # 'Take Idaho ...'
    if token[0].pos_ not in _NOT_A_NAMES_WORD and not verb:
        return start
    word = match.group(1)
    if not is_english(word, token[0], english_words(parts=("verb", "adj", "adv"))):
        return start
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?![\w-])")
    if any(capital_tells(text, m.start()) for m in pattern.finditer(text)):
        return start
    return start + match.end()


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


# ontology/lexicon/name_bounds.tsv: what follows a poll's figure, what makes an adjective of a name.
_FIGURE_WORDS = words_of("name_bounds", "figure")
_ADJECTIVE_PREFIXES = words_of("name_bounds", "prefix")
_NUMBER = re.compile(r"^\d[\d,.]*%?$")
_SCORE = re.compile(r"^\d+[-\u2013]\d+$")  # '46-41'


def _after_adjective_prefix(text: str, start: int, end: int) -> int:
    """Where the name starts after a lower-case prefix that makes an adjective of it:
    'pro-Clinton' is a word about Clinton, whose name is 'Clinton'."""
    match = re.match(r"([a-z]+)-(?=[A-Z])", text[start:end])
    return start + match.end() if match and match.group(1) in _ADJECTIVE_PREFIXES else start


def _before_figure(text: str, start: int, end: int, label: str) -> int:
    """Where a name ends that the model ran on into a poll's, a score's or a count's figure
    ('Trump 43 percent to', 'Doe 46-41', 'Jane Doe 384, John Roe 300'): before the number, when
    a figure's word follows it ('percent', 'delegates') or it is a score, and for a person's name
    before any whole number (no person's name ends in one; 'Guccifer 2.0' is no whole number)."""
    for match in re.finditer(r"\S+", text[start:end]):
        if match.start() == 0:
            continue
        number = match.group().rstrip(",;:")
        following = re.match(r"\s*([a-z]+)", text[start + match.end():start + match.end() + 20])
        figure = _NUMBER.match(number) and (number.endswith("%") or (following and following.group(1) in _FIGURE_WORDS))
        if figure or _SCORE.match(number) or (label == "PERSON" and number.isdigit()):
            return last_end(text, start, start + match.start())
    return end


def glued_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names of text[start:end] where list text ran them together, each as (start, end):
    'Lisa MurkowskiGeorge Pataki' is two names, 'Roy BluntSen.' the name before a title's
    abbreviation. A word glues two when a lower-case letter meets a capital after its first four
    letters and another word of the name follows ('MurkowskiGeorge Pataki'), or when a title's
    abbreviation follows the capital ('BluntSen.'); not in a name's first word ('KellyAnne
    Conway') or after a prefix ('McDonald', 'LaToya', 'MacArthur')."""
    parts, part_start = [], start
    words = list(re.finditer(r"\S+", text[start:end]))
    for number, word in enumerate(words[1:], start=1):
        for junction in re.finditer(r"(?<=[a-z])(?=[A-Z])", word.group()):
            cut = start + word.start() + junction.start()
            title = titles().leading_title(text[cut:end + 1].split()[0] + " ") if junction.start() >= 3 else None
            if title and title.strip().endswith("."):
                parts.append((part_start, cut))
                return parts  # the title opens another name, outside this one
            if junction.start() >= 4 and number < len(words) - 1:
                parts.append((part_start, cut))
                part_start = cut
    parts.append((part_start, end))
    return parts


def _before_trailing_title(text: str, start: int, end: int) -> int:
    """Where a name ends when the model ran it on into a title's abbreviation whose period it
    left out ('Harbor Police Lt' in 'a Harbor Police Lt. Jim Doe')."""
    match = re.search(r"\s(\S+)$", text[start:end])
    if match and text[end:end + 1] == "." and titles().leading_title(match.group(1) + ". "):
        return start + match.start()
    return end


def _title_opens_the_name(rest: str, label: str) -> bool:
    """'General Motors', 'Ambassador Hotel': a title word opening an organization's or a
    place's name, not a title before a person's."""
    if label == "PERSON":
        return False
    last = rest.split()[-1] if rest.split() else ""
    return last in organization_words()
