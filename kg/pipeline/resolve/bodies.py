"""The bodies of a state that news names by one word once it is clear whose state it writes about:
'the Senate' in a story on the United States is the U.S. Senate, in a story on Italy no body kg
knows; 'the state Senate' is none of them (ontology/lexicon/body_short_forms.tsv)."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from ...knowledge import read_table
from ...lexicon import Gazetteer, KnownEntity, lexicon_dir, words
from ..extract import NAME, Mention
from .model import CITY, COUNTRY, PLACE

_ANOTHER_BODY_BEFORE = words("body_short_forms", "before")


@cache
def _bodies() -> dict[str, str]:
    """Each short form -> the gazetteer label of the body it stands for."""
    return {row["word"]: row["body"] for row in read_table(lexicon_dir() / "body_short_forms.tsv", "body_short_forms")
            if row["kind"] == "short" and row.get("body")}


def article_country(known: Gazetteer, mentions: tuple[Mention, ...]) -> str | None:
    """The country an article writes about: the one its names the gazetteer knows (the country,
    its people, places and bodies, its demonym) are of more often than of any other; None when
    two are as often, or none is."""
    counts: Counter[str] = Counter()
    for mention in mentions:
        if mention.kind != NAME:
            continue
        entry = known.lookup(mention.text) or known.demonym(mention.text)
        country = entry and (entry.label if entry.type == COUNTRY else entry.country)
        if country:
            counts[country] += 1
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def another_states_bodies(known: Gazetteer, text: str, mentions: tuple[Mention, ...]) -> bool:
    """Whether the article names a body by a short form with a word before it that says another
    body is meant ('the state Senate', 'the Ohio House'): then its other short forms are of that
    state too ('the House' of a story on the state Senate)."""
    return any(m.kind == NAME and m.text in _bodies() and _another_body(known, text, m) for m in mentions)


def _another_body(known: Gazetteer, text: str, mention: Mention) -> bool:
    before = re.search(r"([A-Za-z]+)\s+$", text[max(0, mention.start - 30):mention.start])
    if before is None:
        return False
    place = known.lookup(before.group(1))
    return before.group(1) in _ANOTHER_BODY_BEFORE or (place is not None and place.type in (CITY, PLACE))


def body_meant(known: Gazetteer, mention: Mention, country: str | None, named: set[str], other_state: bool) -> KnownEntity | None:
    """The body of a state a one-word name stands for ('Senate'): the one of that short form the
    article names in full (`named`: the gazetteer labels it names), else the one of the country
    it writes about, unless it names another state's bodies so (`other_state`,
    another_states_bodies); None when no body fits."""
    label = _bodies().get(mention.text)
    if label is None or (body := known.lookup(label)) is None:
        return None
    if body.label in named:
        return body
    return body if not other_state and country is not None and body.country == country else None
