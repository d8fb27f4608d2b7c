"""What a capital letter tells about a name: a headline's line in title case, whose words the
model glues to the names in it ('Obama Calls'), and capitalized words of English that name nobody
('Again', 'Leader'), which an article capitalizes only where any word is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...lexicon import gazetteer, given_names
from ..nlp import english_words

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Span, Token

POSSESSIVE = re.compile(r"(?:['\u2019\u2018]s?)$")  # '\u2018': a typed apostrophe gone wrong


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
    if not all(is_english(t.text, t, english) for t in tokens if not t.is_punct):
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
    return not any(capital_tells(text, m.start()) for m in pattern.finditer(text))


# What a capital may follow only because a sentence, a quotation, a bracket or a clause opens.
_OPENINGS = ".!?:;([{\"'\u201c\u2018\u2014\u2013-\u2026"


def capital_tells(text: str, start: int) -> bool:
    """Whether a capital at `start` shows a name: inside a sentence, not where a sentence, line, quotation or bracket opens, nor in title case."""
    end = start  # where the text before it ends, spaces and tabs aside; not copied, as this runs per match
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if end == start >= 2 and text[end - 1] == "-" and text[end - 2].isalpha():
        return title_case_line(text, start, start + 1) is None  # a hyphen, no dash: 'anti-Quint'
    return end > 0 and text[end - 1] not in _OPENINGS + "\n" and title_case_line(text, start, start + 1) is None


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


def headline_name(text: str, start: int, end: int, ent: Span,
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
        return run_start, last_end(text, run_start, spans[last - 1][1])
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
    english = is_english(word, token, context.modifiers if opening else context.english)
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
        return any(not self.line[0] <= m.start() < self.line[1] and capital_tells(self.text, m.start())
                   for m in pattern.finditer(self.text))


def _breaks_headline_name(token: Token) -> bool:
    return token.pos_ in _HEADLINE_BREAKS and token.text[:1].isupper() and token.text not in given_names()


def last_end(text: str, start: int, end: int) -> int:
    """Where the words between start and end end, without the space and punctuation after them."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in _WORD_EDGES):
        end -= 1
    return end


def _word(word: str) -> str:
    """A word of a name without the quotes, brackets or possessive around it."""
    word = word.strip(_WORD_EDGES)
    return POSSESSIVE.sub("", word) if len(word) > 2 else word


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


def is_english(word: str, token: Token, english: frozenset[str]) -> bool:
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


def common_word(doc: Doc, text: str, start: int, end: int, english: frozenset[str]) -> bool:
    """Whether text[start:end], one word the model took for a body's or a place's name, is a
    word of English and names nothing: a word the tagger takes for no proper noun ('Below',
    'Feminists'), or one written in capitals among a headline's words in capitals ('TWO DEAD
    IN ...'). Never a name the gazetteer knows ('Congress', 'Apple')."""
    tokens = doc.char_span(start, end, alignment_mode="expand")
    if tokens is None or len(tokens) != 1 or not tokens[0].is_alpha:
        return False
    token, known = tokens[0], gazetteer()
    if known.lookup(token.text) is not None or known.demonym(token.text) is not None \
            or not is_english(token.text, token, english):
        return False
    if token.pos_ not in ("PROPN", "X"):
        return True
    return token.text.isupper() and _among_capitals(text, start, end)


def _among_capitals(text: str, start: int, end: int) -> bool:
    """Whether the words on both sides of text[start:end], as far as its line goes up to three
    each way, are written in capitals too (a headline's, not an acronym's neighbours)."""
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    before = re.findall(r"[^\W\d_]+", text[line_start:start])[-3:]
    after = re.findall(r"[^\W\d_]+", text[end:line_end if line_end >= 0 else len(text)])[:3]
    around = before + after
    return len(around) >= 2 and all(word.isupper() for word in around)
