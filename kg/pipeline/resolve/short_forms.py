"""The shorter forms an article writes a name in once it has given it in full, as keys to look
the full name up by: the first name alone ('Bernie' of 'Bernie Sanders'), the name without its
middle initials ('George Bush' of 'George W. Bush'), initials ('DNC' of 'Democratic National
Committee', 'JFK' of 'John F. Kennedy'), an organization's first word ('Goldman' of 'Goldman
Sachs') and a newspaper's last ('the Post' of 'The Washington Post'). Which entity a form joins,
and when it fits none or several, is for kg/pipeline/resolve/names.py to say."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ...lexicon import Gazetteer, KnownEntity, listed, name_genders, organization_words, words

_INITIAL = re.compile(r"(?:[^\W\d_]\.)+|[^\W\d_]")  # 'w.', 'h.w.', 'f' (names are compared in lower case)
_ACRONYM = re.compile(r"[A-Z]{2,5}")
_WORD_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015/]+")

# A person's initials stand for the person only when there are three of them ('JFK', 'HRC'):
# two capitals ('DT', 'BO') are too often something else.
_PERSON_INITIALS = 3

# ontology/lexicon/short_forms.tsv: the last words of newspapers' names that stand for the paper
# ('the Post'), and the first words of many bodies' names that stand for none of them ('House').
_MASTHEAD_WORDS = words("short_forms", "masthead")
_GENERIC_WORDS = words("short_forms", "generic")
_STATE_BODY_WORDS = listed("state_bodies")


def is_initial(token: str) -> bool:
    return _INITIAL.fullmatch(token) is not None


def without_middle_initials(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The name's words without the initials between its first and last: ('george', 'w.',
    'bush') -> ('george', 'bush')."""
    if len(tokens) < 3:
        return tokens
    return (tokens[0], *(t for t in tokens[1:-1] if not is_initial(t)), tokens[-1])


def has_middle_initial(tokens: tuple[str, ...]) -> bool:
    return without_middle_initials(tokens) != tokens


def acronym(text: str) -> str | None:
    """The capitals of a name written as initials ('DNC', 'N.Y.P.D.'), else None."""
    letters = text.replace(".", "")
    return letters if text.isupper() and _ACRONYM.fullmatch(letters) else None


@lru_cache(maxsize=4096)  # an article asks for its names more than once; a long ingest need not keep them all
def initials(name: str, person: bool) -> frozenset[str]:
    """The initials a name can be abbreviated to: of all its words, or of its capitalized words
    only ('Federal Bureau of Investigation': 'FBI', 'FBOI'); a word's parts count apart
    ('Agence France-Presse': 'AFP'), and so does each letter of an initial ('George H.W. Bush':
    'GHWB')."""
    words = [w for w in _WORD_SEPARATORS.split(name.replace(".", ". ").replace("\u2019", "'")) if w and w[0].isalnum()]
    if len(words) < 2:
        return frozenset()
    every = "".join(w[0] for w in words).upper()
    capitalized = "".join(w[0] for w in words if w[0].isupper() or w[0].isdigit()).upper()
    shortest = _PERSON_INITIALS if person else 2
    return frozenset(form for form in (every, capitalized) if len(form) >= shortest)


def is_masthead_word(word: str) -> bool:
    return word in _MASTHEAD_WORDS


def is_generic_word(word: str) -> bool:
    """A word that opens many bodies' names and alone stands for none of them ('House',
    'National'), from the list, or an organization's or a state body's own word ('Ministry')."""
    return word in _GENERIC_WORDS or word in organization_words() or word.lower() in _STATE_BODY_WORDS


def name_halves(known: Gazetteer, words_alone: dict[str, str | None]) -> list[tuple[str, str, KnownEntity]]:
    """The given names and surnames an article writes only apart ('Hillary' ... 'Clinton') that
    together name one person the gazetteer knows: (given, surname, person) for each pair whose
    words are in no other such pair ('Clinton' beside both 'Bill' and 'Hillary' is neither's)
    and whose gender the article shows no other than the given name's. `words_alone`: each
    one-word name of a person as written, with the gender its honorifics show (None if none)."""
    pairs = []
    for given, shown in words_alone.items():
        for surname, surname_shown in words_alone.items():
            entry = known.lookup(f"{given} {surname}") if given != surname else None
            if entry is None or entry.type != "Person" or entry.label.split()[0] != given:
                continue
            gender = name_genders().get(given)
            if gender is None or {shown, surname_shown} - {None, gender}:
                continue
            pairs.append((given, surname, entry))
    seen = Counter(word for given, surname, _ in pairs for word in (given, surname))
    return [pair for pair in pairs if seen[pair[0]] == seen[pair[1]] == 1]
