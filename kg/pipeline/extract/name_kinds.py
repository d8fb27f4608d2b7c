"""What the last words of a name tell of what it names (ontology/lexicon/name_heads.tsv): a law,
an amendment or an event is no entity of the graph, nor is the acronym the text gives it in
brackets; a poll's word ends the name of the body that runs the poll; a building's, a street's
or a site's word makes a place of what the model took for a body."""

from __future__ import annotations

import re
from collections.abc import Set
from typing import TYPE_CHECKING

from ...lexicon import gazetteer, given_names, listed, normalize_name, not_names, organization_words, titles, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_THING_HEADS = words("name_heads", "law", "event")
_SURVEY_HEADS = words("name_heads", "survey")
_PLACE_HEADS = words("name_heads", "place")
# The model's labels for names of things that are no entities of the graph.
_THING_LABELS = frozenset({"LAW", "EVENT", "WORK_OF_ART"})
# Capitalized words, small words between them: 'Freedom of Information Act'.
_CAPITALIZED_RUN = re.compile(r"[A-Z][\w'-]*(?:(?:\s+(?:of|and|for|on|the))*\s+[A-Z][\w'-]*){1,7}")
_BRACKETED_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z]*[A-Z])\)")


def _head(name: str, heads: Set[str]) -> str | None:
    """The last one to three words of the name that are one of `heads`, or None; a name in
    capitals throughout compared in title case ('END VIDEO CLIP')."""
    parts = (name.title() if name.isupper() else name).split()
    for size in (3, 2, 1):
        if len(parts) >= size and (tail := " ".join(parts[-size:])) in heads:
            return tail
    return None


def names_a_thing(name: str) -> bool:
    """Whether a name names a law, an amendment, a treaty or an event ('Clean Water Act', '2nd
    Amendment', 'Republican National Convention', 'Olympics'), no entity of the graph: by its
    last words, or by those before what it is of or for ('Harlan Prize for Poetry'); not a body's
    name, whatever it is for ('Commission on Presidential Debates')."""
    phrase = _PHRASE_HEAD.match(name)  # 'Harlan Prize for Poetry', 'Clean Harbors Act of 2009'
    if phrase is not None and phrase.group(1).split()[-1] in organization_words():
        return False  # 'Commission on Presidential Debates': a body, whatever it is for
    if _head(name, _THING_HEADS) is not None:
        return True
    return phrase is not None and _head(phrase.group(1), _THING_HEADS) is not None


# A name's words before what follows its head noun ('Harlan Prize' of 'Harlan Prize for Poetry').
_PHRASE_HEAD = re.compile(r"^(.+?)\s+(?:of|for|on|in)\s")


def before_survey_word(text: str, start: int, end: int) -> int:
    """Where a body's name ends that the model ran on into its poll's word ('Monmouth University
    Poll'): before the word, when a name is left."""
    name = text[start:end]
    head = _head(name, _SURVEY_HEADS)
    if head is None or len(head) == len(name.strip()):
        return end
    return start + len(name[:len(name) - len(head)].rstrip(" -/"))


def place_by_head(name: str) -> bool:
    """Whether a name's last word is a building's, a street's, a site's or an area's ('Long
    Island', 'Harlan Tower')."""
    return len(name.split()) > 1 and _head(name, _PLACE_HEADS) is not None


def names_a_place(name: str, span: Span) -> bool:
    """Whether a name of two words or more the model took for a body or a building names a
    place by its last word ('Capitol Hill', 'Oakbridge Hall', 'Harlan Tower'), and stands for
    the place: not a noun's modifier, which a body's metonym is ('Capitol Hill aides', 'a
    Capitol Hill hearing'). Not a name the gazetteer knows, whose type it gives."""
    if not place_by_head(name) or gazetteer().lookup(name) is not None:
        return False
    return span.root.dep_ not in ("compound", "amod", "nmod")


def thing_acronyms(doc: Doc, text: str) -> frozenset[str]:
    """The acronyms of the laws, events and programmes the article names ('the Freedom of
    Information Act (FOIA)', 'the Clean Water Act ... the CWA'): those it gives in brackets after
    such a name, whether the model tagged the name or not, and the initials of such names.
    Wherever the article writes them, they name that thing, no body."""
    things = [ent.text for ent in doc.ents if ent.label_ in _THING_LABELS]
    things += [run.group() for run in _CAPITALIZED_RUN.finditer(text) if names_a_thing(run.group())]
    things = [re.sub(r"^[Tt]he\s+", "", name) for name in things]
    found = {letters for name in things for letters in _initials(name)}
    for acronym in _BRACKETED_ACRONYM.finditer(text):
        before = text[max(0, acronym.start() - 80):acronym.start()].rstrip()
        words_before = re.sub(r"[^\w' -]", " ", before).split()
        if not words_before:
            continue
        if names_a_thing(" ".join(words_before[-3:])) or any(before.endswith(name) for name in (*things, *_long_not_names())):
            found.add(acronym.group(1))
    return frozenset(found)


def _initials(name: str) -> tuple[str, ...]:
    """A name's initials with and without its small words ('FOIA' and 'FIA' of 'Freedom of
    Information Act'), when it has three words or more (two letters make too many words)."""
    parts = re.findall(r"[A-Za-z]+", name)
    if len(parts) < 3:
        return ()
    return ("".join(p[0].upper() for p in parts), "".join(p[0] for p in parts if p[0].isupper()))


def _long_not_names() -> tuple[str, ...]:
    """The names of not_names.txt of more than one word ('Trans-Pacific Partnership')."""
    return tuple(name for name in not_names() if " " in name or "-" in name)


_ROLE_OF = re.compile(r"\b([A-Za-z]+)\s+of\s+(?:the\s+)?$")


def ends_a_title(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is the last word of a title written in lower case before it
    ('the former secretary of State', 'secretary of the Treasury'): a position of titles.tsv."""
    role = _ROLE_OF.search(text, max(0, start - 40), start)
    if role is None or not role.group(1)[:1].islower():
        return False
    written = role.group(1).capitalize() + text[role.end(1):end]
    return titles().leading_title(written + " ") == written + " "


# A web address ('http://bit.ly/1AbC', 'www.example.com'), letters a chant spells ('U-S-A'), one
# letter ('I.'): none of them names an entity.
_NO_NAME = re.compile(r"(?:https?:|www\.|\w\.ly/)|^[A-Z](?:-[A-Z])+$|^[A-Z]\.?$")
# 'YMCA of the Harbor on Nov. 3': a date the model ran a body's name on into.
_ON_DATE = re.compile(r"\s+on\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b")


def no_name(name: str) -> bool:
    """Whether a name the model tagged is a web address, a chant's letters or one letter."""
    return _NO_NAME.search(name) is not None


def before_date(text: str, start: int, end: int) -> int:
    """Where a name ends that the model ran on into a date after 'on' ('on Nov. 3')."""
    date = _ON_DATE.search(text, start, end)
    return date.start() if date is not None else end


_COMPANY_SUFFIXES = listed("company_suffixes")


def person_shaped(name: str) -> bool:
    """Whether a name the model took for a body has a person's shape: two or three capitalized
    words, the first a given name, none a word organizations' names end with or a company's
    suffix, no '&', and no name the gazetteer knows in it ('Lester Holt', not 'Walt Disney
    Company' or 'Morgan Stanley' the gazetteer knows)."""
    words = name.split()
    if not 2 <= len(words) <= 3 or words[0] not in given_names() or name.isupper():
        return False
    if any(not re.fullmatch(r"[A-Z][a-z'\u2019-]+\.?", word) for word in words):
        return False
    if any(word in organization_words() or word in _COMPANY_SUFFIXES for word in words):
        return False
    known = gazetteer()
    return all(known.lookup(" ".join(words[i:j])) is None for i in range(len(words)) for j in range(i + 1, len(words) + 1)
               if (i, j) != (0, 1))


def known_person(name: str) -> bool:
    """Whether the gazetteer knows a person by this name or surname ('Zelenskyy'): no place's
    name playing as its club ('Erdogan hosted Zelenskyy' is no match)."""
    known = gazetteer()
    entry = known.lookup(name)
    if entry is not None:
        return entry.type == "Person"
    return normalize_name(name) in known.person_surnames


def known_surname(name: str, span: Span) -> bool:
    """Whether a one-word name the model took for a body is the surname of a person the
    gazetteer knows, standing for that person ("Lynch's aides", 'met Trump'): no name the
    gazetteer knows of its own, and not a noun's modifier ('a Harris poll', 'Brown
    University' aside, which are longer names)."""
    if " " in name or gazetteer().lookup(name) is not None or normalize_name(name) not in gazetteer().person_surnames:
        return False
    root = span.root
    return not (root.dep_ in ("compound", "nmod", "amod") and root.head.i > root.i)
