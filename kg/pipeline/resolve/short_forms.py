"""The shorter forms an article writes a name in once it has given it in full, as keys to look
the full name up by: the first name alone ('Bernie' of 'Bernie Sanders'), the name without its
middle initials ('George Bush' of 'George W. Bush'), initials ('DNC' of 'Democratic National
Committee', 'JFK' of 'John F. Kennedy'), an organization's first word ('Goldman' of 'Goldman
Sachs') and a newspaper's last ('the Post' of 'The Washington Post'). Which entity a form joins,
and when it fits none or several, is for kg/pipeline/resolve/names.py to say."""

from __future__ import annotations

import re
from functools import lru_cache

from ...lexicon import listed, organization_words, words

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
