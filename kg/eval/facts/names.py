"""The forms names are compared in: the exact one (strict) and the loose one (lenient)."""

from __future__ import annotations

import re
import unicodedata

from ...lexicon import normalize_name

_PLACES = {"Country", "City", "Place"}
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def exact_form(name: str) -> str:
    """A name as written, its spaces collapsed and its quotes straightened: the strict form."""
    return " ".join(name.translate(_QUOTES).split())


def loose_form(name: str) -> str:
    """A name with case, accents, punctuation, curly quotes and a leading 'the' folded away:
    'The New York Times' and 'New York Times', 'Mrs. Clinton' and 'Mrs Clinton' are one."""
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    name = re.sub(r"[.']", "", normalize_name(name))  # 'U.S.' is 'us', "O'Neill" 'oneill'
    name = " ".join(re.sub(r"[^\w\s]|_", " ", name).split())  # a hyphen or a comma parts words
    return re.sub(r"^the ", "", name)


def coarse(kind: str) -> str:
    """The lenient type: Country, City and Place are all places."""
    return "Place" if kind in _PLACES else kind
