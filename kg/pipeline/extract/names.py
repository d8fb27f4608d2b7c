"""Names cleaned and mended: the model's entity spans joined where it cut one name in two and split where it ran two
together, and each name trimmed of 'the', possessives, titles and the headline words around it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...lexicon import gazetteer, given_names, listed, organization_words, roles, titles, words as words_of
from ...patterns import word_regex
from ..nlp import english_words
from .layout import _layout_line, _leading_city

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Span, Token

_LEADING_THE = re.compile(r"^(?:the|The)\s+")
# 'former (German) Chancellor ...': a title its holder no longer holds.
_FORMER = word_regex(r"\b(?:{former_words})\s*(?:[A-Z][\w.'\u2019-]*\s+){0,3}$", capitalized=True)
_POSSESSIVE = re.compile(r"(?:['\u2019\u2018]s?)$")  # '\u2018': a typed apostrophe gone wrong
_EDGE_PUNCT = "\"'\u201c\u201d\u2018\u2019()[],.;:/-\u2014 \n\t"  # '/': 'Washington Post/ABC News poll'


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
    start = _after_adjective_prefix(text, start, end)
    end = _before_trailing_title(text, start, end)
    end = _before_figure(text, start, end, ent.label_)
    start, end = _headline_name(text, start, end, ent, lower_case_words)
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
    if match is None or roles().get(match.group(1).lower()) in (None, "portfolio") or _capital_tells(text, start):
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
    if match is None or _capital_tells(text, start) or match.group(1) in given_names():
        return start
    token = ent.doc.char_span(start, start + len(match.group(1)), alignment_mode="expand")
    if token is None or len(token) != 1:
        return start
    verb = token[0].pos_ == "VERB" and (token[0].lemma_.lower() != token[0].lower_ or token[0].tag_ == "VB")  # 'Take Idaho ...'
    if token[0].pos_ not in _NOT_A_NAMES_WORD and not verb:
        return start
    word = match.group(1)
    if not _english(word, token[0], english_words(parts=("verb", "adj", "adv"))):
        return start
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?![\w-])")
    if any(_capital_tells(text, m.start()) for m in pattern.finditer(text)):
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
            return _last_end(text, start, start + match.start())
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


def names_nobody(doc: Doc, text: str, start: int, end: int, english: frozenset[str]) -> bool:
    """Whether text[start:end], which the model took for a person's name, names nobody: words
    of English ('Again', 'Leader', 'Sell Coal') that the article capitalizes only where any word
    is capitalized (opening a sentence, a quotation or a headline's words), no given name among
    them, none a proper noun to the tagger (in a headline, where single words are, not all of
    several), no name or surname the gazetteer knows, and no part
    of a longer person's name in the article. A name is capitalized where a common word would
    not be ('said Hope Hicks', 'met Trump')."""
    name = text[start:end]
    tokens = doc.char_span(start, end, alignment_mode="expand")
    if tokens is None or name.isupper() or any(word in given_names() for word in name.split()) \
            or gazetteer().lookup(name) is not None or name in gazetteer().surnames_alone:
        return False  # capitals throughout ('CLINTON:') tell nothing either way
    if not all(_english(t.text, t, english) for t in tokens if not t.is_punct):
        return False
    words = [t for t in tokens if not t.is_punct]
    if title_case_line(text, start, end) is None and any(t.pos_ == "PROPN" for t in words):
        return False  # 'Lennon was shot': a proper noun to the tagger
    if len(words) > 1 and all(t.pos_ == "PROPN" for t in words):
        return False  # 'Contributing: Russell Wheeler': a headline's words are all proper nouns to it, but not 'Sell Coal'
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?![\w-])")  # after a hyphen too: 'anti-Quint'
    if any(ent.label_ == "PERSON" and len(ent) > len(tokens) and pattern.search(ent.text)
           and not ent.start_char <= start < ent.end_char for ent in doc.ents):
        return False
    return not any(_capital_tells(text, m.start()) for m in pattern.finditer(text))


# What a capital may follow only because a sentence, a quotation, a bracket or a clause opens.
_OPENINGS = ".!?:;([{\"'\u201c\u2018\u2014\u2013-\u2026"


def _capital_tells(text: str, start: int) -> bool:
    """Whether a capital at `start` shows a name: inside a sentence, not where a sentence, line, quotation or bracket opens, nor in title case."""
    end = start  # where the text before it ends, spaces and tabs aside; not copied, as this runs per match
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if end == start >= 2 and text[end - 1] == "-" and text[end - 2].isalpha():
        return title_case_line(text, start, start + 1) is None  # a hyphen, no dash: 'anti-Quint'
    return end > 0 and text[end - 1] not in _OPENINGS + "\n" and title_case_line(text, start, start + 1) is None


def _before_trailing_title(text: str, start: int, end: int) -> int:
    """Where a name ends when the model ran it on into a title's abbreviation whose period it
    left out ('Harbor Police Lt' in 'a Harbor Police Lt. Jim Doe')."""
    match = re.search(r"\s(\S+)$", text[start:end])
    if match and text[end:end + 1] == "." and titles().leading_title(match.group(1) + ". "):
        return start + match.start()
    return end


def title_case_line(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The line around text[start:end] when it is a headline's, written in title case (most of
    its words capitalized, and no word longer than four letters in lower case: 'to', 'with',
    not 'chairs'), or None."""
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    line_end = line_end if line_end >= 0 else len(text)
    line = text[line_start:line_end].split()
    if not 2 <= len(line) <= 20 or sum(word[:1].isupper() for word in line) < 0.7 * len(line):
        return None
    if any(word[:1].islower() and sum(ch.isalpha() for ch in word) > 4 for word in line):
        return None
    return line_start, line_end


# The parts of speech that end a name in a headline's title case, where every word is
# capitalized: 'Obama Calls', 'Trump Creepily Singles Out', 'Follow Jane Doe' (spaCy's labels;
# not ADP or DET, which names hold: 'Bank Of America').
_HEADLINE_BREAKS = frozenset({"VERB", "AUX", "ADV", "PRON", "PART", "SCONJ", "INTJ"})
_WORD_EDGES = "\"'\u201c\u201d\u2018\u2019()[],.;:!?\u2014-"


def _headline_name(text: str, start: int, end: int, ent: Span,
                   lower_case_words: Callable[[], frozenset[str]]) -> tuple[int, int]:
    """A name in a headline's title case, without the headline's words the model glued to it
    ('Obama Calls', 'Donna Brazile Leak', 'Move Against Jane Doe'): the longest run of its words
    that the article names elsewhere (in an entity the model found outside the headline) or the
    gazetteer knows, when the words around the run are a headline's (see _headline_word); else
    the name without the headline's words that open it ('Follow Jane Doe') and from the first
    verb or adverb on ('Jane Doe Says'). A name the article writes the same elsewhere stands, and
    one in capitals throughout ('EAST LANSING'), whose words have no title case to tell by.
    `lower_case_words` gives the words the article writes in lower case, when called."""
    line = title_case_line(text, start, end)
    if line is None:
        return start, end
    line_start, line_end = line
    name = text[start:end]
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    if name.isupper() or gazetteer().lookup(name) is not None or any(not line_start <= m.start() < line_end for m in pattern.finditer(text)):
        return start, end
    spans = [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", name)]
    tokens = [ent.doc.char_span(s, e, alignment_mode="expand") for s, e in spans]
    if len(spans) < 2 or any(t is None for t in tokens):
        return start, end
    words = [_word(text[s:e]) for s, e in spans]
    heads = [t[0] for t in tokens if t is not None]
    elsewhere = _entity_names_outside(ent.doc, line_start, line_end)
    context = _Headline(text, line, elsewhere, lower_case_words, english_words(), english_words(parts=("verb", "adj", "adv")))
    for size in range(len(words) - 1, 0, -1):
        for first in range(len(words) - size + 1):
            run = " ".join(words[first:first + size])
            last = first + size
            if run[:1].isupper() and run.split()[-1][:1].isupper() and (run in elsewhere or gazetteer().lookup(run)) \
                    and all(_headline_word(heads[i], words[i], context, opening=True) for i in range(first)) \
                    and _headline_ends_name(heads[last:], words[last:], context):
                run_start = spans[first][0] + text[spans[first][0]:spans[first][1]].index(words[first])
                return run_start, run_start + len(run)
    first = 0
    while first < len(words) - 1 and words[first] not in given_names() and words[first] not in elsewhere \
            and _written_lower(words[first].lower(), lower_case_words()):
        first += 1  # with no run named elsewhere to hold on to, only words written in lower case go
    last = first + 1
    while last < len(words) and not (_breaks_headline_name(heads[last]) and words[last] not in elsewhere):
        last += 1
    if (first, last) != (0, len(words)) and words[first][:1].isupper():
        run_start = spans[first][0] + text[spans[first][0]:spans[first][1]].index(words[first])
        return run_start, _last_end(text, run_start, spans[last - 1][1])
    return start, end


# Words that join the words of one name in title case ('Bank Of America', 'Friends For Peace'):
# spaCy's labels.
_JOINING = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PART"})


def _headline_ends_name(heads: list[Token], words: list[str], context: _Headline) -> bool:
    """Whether the words after a run of a name are the headline's: all of them, or the first
    one, which then ends the name whatever follows ('Glenn Doe Blasts Drudge'), unless it is a
    word that joins the words of a name ('Bank Of America')."""
    if all(_headline_word(head, word, context, opening=False) for head, word in zip(heads, words, strict=True)):
        return True
    return heads[0].pos_ not in _JOINING and _headline_word(heads[0], words[0], context, opening=False)


def _headline_word(token: Token, word: str, context: _Headline, opening: bool) -> bool:
    """Whether a capitalized word next to a name in a headline is the headline's, not the name's:
    no given name and no word of a name the article writes elsewhere, but one it writes in lower
    case elsewhere ('Follow', 'Leak'), or a word of English it never capitalizes inside a
    sentence ('Singles'; before a name, a verb, adjective or adverb: 'Asserting'); after a name also a verb, an adverb, a common noun or an adjective to
    the tagger ('Calls', 'Creepily'), which is unsure of a headline's first word ('Trump' is a
    verb to it)."""
    if word in given_names() or word in context.names:
        return False
    if _written_lower(word.lower(), context.lower_case_words()):
        return True
    # before a name, a verb, an adjective or an adverb ('Asserting', 'Top'), not a noun only
    # ('Russell' of 'Russell Wheeler', whose capital the headline's case hides)
    english = _english(word, token, context.modifiers if opening else context.english)
    if english and not context.capitalized_inside_sentence(word):
        return True
    return not opening and token.pos_ in _HEADLINE_BREAKS | {"NOUN", "ADJ"}


@dataclass
class _Headline:
    """What the article says about the words of one headline: the names the model found
    outside it, the words it writes in lower case, the words of English."""

    text: str
    line: tuple[int, int]
    names: frozenset[str]
    lower_case_words: Callable[[], frozenset[str]]
    english: frozenset[str]
    modifiers: frozenset[str]  # the English verbs, adjectives and adverbs

    def capitalized_inside_sentence(self, word: str) -> bool:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?![\w-])")
        return any(not self.line[0] <= m.start() < self.line[1] and _capital_tells(self.text, m.start())
                   for m in pattern.finditer(self.text))


def _breaks_headline_name(token: Token) -> bool:
    return token.pos_ in _HEADLINE_BREAKS and token.text[:1].isupper() and token.text not in given_names()


def _last_end(text: str, start: int, end: int) -> int:
    """Where the words between start and end end, without the space and punctuation after them."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in _WORD_EDGES):
        end -= 1
    return end


def _word(word: str) -> str:
    """A word of a name without the quotes, brackets or possessive around it."""
    word = word.strip(_WORD_EDGES)
    return _POSSESSIVE.sub("", word) if len(word) > 2 else word


def _entity_names_outside(doc: Doc, line_start: int, line_end: int) -> frozenset[str]:
    """The names the model found outside the line, and each of their runs of words: 'Jane Doe'
    names 'Jane Doe', 'Jane' and 'Doe'."""
    found: set[str] = set()
    for ent in doc.ents:
        if line_start <= ent.start_char < line_end or not ent.text[:1].isupper():
            continue
        parts = [_word(w) for w in ent.text.split()]
        for first in range(len(parts)):
            for last in range(first + 1, min(len(parts), first + 6) + 1):
                found.add(" ".join(parts[first:last]))
    return frozenset(found)


def _english(word: str, token: Token, english: frozenset[str]) -> bool:
    """Whether a word is one of English, as written or in its dictionary form ('Slams': 'slam');
    the tagger lemmatizes a capitalized word as a proper noun, which keeps its endings."""
    word = word.lower()
    stems = {word, token.lemma_.lower()}
    for ending, replacement in (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", "")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stems.add(word[:-len(ending)] + replacement)
    return not stems.isdisjoint(english)


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
