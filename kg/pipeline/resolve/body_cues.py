"""A one-word name written as a body's name: 'a Rasmussen poll', 'the Fox network'. The model
often takes such a word for a person's surname; the noun after it says it names a pollster, a
broadcaster or a news agency (ontology/lexicon/body_nouns_after_names.txt)."""

from __future__ import annotations

import re

from ...lexicon import gazetteer, listed, normalize_name
from ..extract import Mention

_BODY_NOUNS = listed("body_nouns_after_names")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")


def named_as_a_body(text: str, mention: Mention) -> bool:
    """Whether the one-word name `mention` is followed, in `text`, by a noun only bodies' names
    qualify ('Rasmussen poll'); a surname of a person the gazetteer knows stays that person's
    ('a Trump survey' is a survey about Trump)."""
    if " " in mention.text.strip() or normalize_name(mention.text) in gazetteer().person_surnames:
        return False
    following = _NEXT_WORD.match(text, mention.end)
    return following is not None and following.group(1) in _BODY_NOUNS
