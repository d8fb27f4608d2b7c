"""What the words and the parse around a name tell of what it names: the country or party word
a state body's name opens with, English words the model took in before a known person, a region
after a town, a place name used as a sports club, and a person's role in the clause."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...lexicon import epithet_end, gazetteer, given_names, listed, normalize_name, role_kind, words
from ..nlp import english_words
from .syntax import SPEECH_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token

_ENCOUNTER_VERBS = listed("encounter_verbs")


# Bodies of a state that its country's name opens: 'U.S. Senate', 'Ruritanian Foreign Ministry'.
_STATE_BODY_WORDS = listed("state_bodies")


def country_prefix(name: str) -> tuple[str, str] | None:
    """The country's name or adjective a state body's name opens with, and its label."""
    words = name.split()
    if len(words) < 2 or words[-1].lower() not in _STATE_BODY_WORDS:
        return None
    for size in (2, 1):
        if len(words) <= size:
            continue
        prefix = " ".join(words[:size])
        entry = gazetteer().lookup(prefix)
        opens_name = words[size][:1].isupper() or words[size][:1].isdigit()  # 'U.S. 6th Fleet'
        if entry is not None and entry.type == "Country" and opens_name:
            return prefix, "GPE"
    return None


def party_prefix(name: str) -> str | None:
    """The party's word a body's name of two words opens with ('Democratic Senate', 'GOP
    Congress'): a word the gazetteer knows as an organization's adjective or name, before a
    body of the state (state_bodies.txt)."""
    words = name.split()
    if len(words) != 2 or words[-1].lower() not in _STATE_BODY_WORDS and words[-1] != "House":
        return None
    entry = gazetteer().demonym(words[0]) or gazetteer().lookup(words[0])
    return words[0] if entry is not None and entry.type == "Organization" and words[0][:1].isupper() else None


def before_known_person(name: str) -> int:
    """How many characters of a person's name the model took in stand before a name of a person
    the gazetteer knows, and are none of it: English words that are no given names ('Billionaire
    Donald Trump', 'Painting Trump', 'Stop Hillary' in a headline's capitals), or a case's or
    match's first party ('Trump v. Trump'). 0 when the name is no such one."""
    words = name.split()
    if epithet_end(name):
        return 0  # 'Crooked Hillary' is a nickname, an alias of the person (kg/pipeline/resolve/epithets.py)
    known, english = gazetteer(), english_words()
    for size in range(len(words) - 1, 0, -1):
        lead, tail = words[:-size], " ".join(words[-size:])
        entry = known.lookup(tail)
        if entry is not None and entry.type != "Person":
            return 0
        person = entry is not None or (size == 1 and (normalize_name(tail) in known.person_surnames
                                                      or tail in known.people_given_names))
        if not person:
            continue
        if lead[-1].rstrip(".").lower() in _VERSUS or all(
                _english_word(w, english) and w not in given_names() and w[:1].isupper() for w in lead):
            return len(name) - len(tail)
        return 0
    return 0


_VERSUS = words("name_bounds", "versus")  # 'Trump v. Trump'


def _english_word(word: str, english: frozenset[str]) -> bool:
    """A word of English in its dictionary form or inflected ('Bashing', 'Slams', 'Praised'):
    the lemmatizer's index holds dictionary forms only."""
    word = word.lower()
    forms = (word, re.sub(r"(?:ing|ed|es|s)$", "", word), re.sub(r"(?:ing|ed)$", "e", word), re.sub(r"(.)\1ing$", r"\1", word))
    return any(form in english for form in forms if len(form) > 2)


# A state's abbreviation as news writes it after a town: 'Va.', 'Calif.', 'N.Y.', 'D.C.'.
_REGION_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]{1,4}\.?|(?:[A-Z]\.){2,3})$")


def names_a_region(name: str) -> bool:
    entry = gazetteer().lookup(name)
    if entry is not None and entry.type == "City":
        entry = gazetteer().lookup(name + " State") or entry  # 'Buffalo, New York': the state
    if entry is not None:
        return entry.type in ("Place", "Country")
    return _REGION_ABBREVIATION.match(name) is not None and (name.endswith(".") or len(name) <= 4)



_TEAM_NOUNS = words("sports", "team noun")
_CLUB_NOUNS = words("sports", "club noun")
_POINTS = re.compile(r"^(?:\(|on |with )?\d{1,3} points\b")  # 'Hertha (57 points)', 'Mainz on 45 points'
_MATCH_VERBS = words("sports", "match verb")
_MATCH_NOUNS = words("sports", "match noun")
_GAME_VERBS = words("sports", "game verb")


def has_team_role(root: Token) -> bool:
    """A place name used as a sports club: 'Dortmund coach ...', "Bremen's striker", 'Bayern
    beat Hamburg', 'a draw with Bielefeld', 'lost to Hanover'."""
    head = root.head
    if root.dep_ in ("compound", "poss") and head.lemma_ in _TEAM_NOUNS:
        return True
    if root.dep_ in ("nsubj", "dobj") and head.lemma_ in _MATCH_VERBS and head.pos_ == "VERB":
        # not when the verb's object is a thing played, hosted or scored: 'the United States
        # should play a leadership role', 'Ohio hosts a debate'
        return not _plays_a_thing(head)
    if root.dep_ == "pobj" and head.lower_ in ("to", "against", "with") and (
        head.head.lemma_ in _MATCH_NOUNS or head.head.lemma_ in _MATCH_VERBS
        and not (head.head.lemma_ in _GAME_VERBS and _plays_a_thing(head.head))
    ):
        return True  # 'lost to Hanover', not 'played his cards with Russia'
    for child in root.children:
        if child.dep_ in ("compound", "appos") and child.lemma_ in _CLUB_NOUNS and child.i < root.i:
            return True  # 'second division side Paderborn'
        if child.dep_ == "amod" and child.lower_.endswith("-placed"):
            return True  # 'fourth-placed Hertha'
    following = root.doc[root.i + 1:root.i + 5]
    return bool(_POINTS.match(following.text)) if len(following) else False


def _plays_a_thing(verb: Token) -> bool:
    """Whether a match verb's object is a thing, not a match: 'play a role', 'play cards'."""
    return any(c.dep_ == "dobj" and c.pos_ == "NOUN" and c.lemma_ not in _MATCH_NOUNS for c in verb.children)


def is_subject(token: Token) -> bool:
    """The subject of its clause, or one of several ('Scholz and Macron met')."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


def has_person_role(root: Token) -> bool:
    head = root.head
    if root.dep_ == "nsubj" and head.lemma_ in SPEECH_VERBS | _ENCOUNTER_VERBS | {"visit"}:
        return True
    if root.dep_ == "pobj" and head.lower_ == "with" and head.head.lemma_ in _ENCOUNTER_VERBS:
        return True
    if root.dep_ == "nsubjpass" and head.lower_ == "born":
        return True
    for child in root.children:
        if child.dep_ == "appos" and _is_age(child):
            return True  # 'Jane Doe, 45, of Dayton'
        if child.dep_ == "appos" and child.pos_ == "NOUN" and role_kind(child.lemma_) in _PERSON_ROLES:
            return True  # 'Jane Doe, a professor at ...'
        if child.dep_ == "relcl" and any(g.lower_ == "who" and g.dep_ in ("nsubj", "nsubjpass") for g in child.children):
            return True  # 'Jane Doe, who ...'
    return False


_PERSON_ROLES = {"agent", "member", "occupation"}  # leaders' nouns ('head', 'chief') also name bodies


def _is_age(token: Token) -> bool:
    return token.like_num and token.text.isdigit() and 0 < int(token.text) < 120 and not list(token.children)
