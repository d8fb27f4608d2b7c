"""What the words around a name say it stands for: the state a city's name means ('the New York
primary'), a party's adjective that ends another party's name ('Christian Democrat'), and the
word that ends an office's title ('State' of 'Secretary of State')."""

from __future__ import annotations

import re

from ...lexicon import Gazetteer, KnownEntity, gazetteer, listed, titles, words
from ..extract import NAME, Mention
from .model import CITY, COUNTRY, PLACE

_FUNCTION_WORDS = listed("function_words")
# ontology/lexicon/name_bounds.tsv: the words beside a city's name that say its state is meant.
_STATE_NEXT = words("name_bounds", "state next")
_STATE_BEFORE = words("name_bounds", "state before")


def state_meant(known: Gazetteer, text: str, mention: Mention, town_regions: frozenset[int] = frozenset()) -> KnownEntity | None:
    """The state a city's name stands for where the words beside it say so ('the New York
    primary', 'New York Gov. ...', "New York's voters", 'upstate New York') or a town is named
    with it ('Buffalo, New York': `town_regions`, where such names end), when the gazetteer
    knows a state of that name ('New York State'); else None."""
    state = known.lookup(mention.text + " State")
    if state is None or state.type != PLACE or not text:
        return None
    if mention.end in town_regions:
        return state
    end = mention.extent_end or mention.end
    after = re.match(r"(?:['\u2019]s)?\s+([A-Za-z]+)", text[end:end + 30])
    before = re.search(r"([A-Za-z]+)\s+$", text[max(0, mention.start - 30):mention.start])
    if (after and after.group(1).lower() in _STATE_NEXT) or (before and before.group(1).lower() in _STATE_BEFORE):
        return state
    return None


def states_named_otherwise(known: Gazetteer, mentions: tuple[Mention, ...], decided: dict[str, KnownEntity]) -> dict[str, KnownEntity]:
    """The city names that stand for the state of the same name in an article that names that
    state by another of its names ('Hempstead, N.Y.') and the city by none of its own ('New York
    City', 'NYC'): the reader takes 'New York' there for the state. Capitals alone ('NEW YORK',
    a dateline's city) keep the city."""
    names = [m.text for m in mentions if m.kind == NAME]
    entries = {name: known.lookup(name) for name in set(names)}
    found: dict[str, KnownEntity] = {}
    for name, city in entries.items():
        if city is None or city.type != CITY or name in decided or name.isupper():
            continue
        state = known.lookup(name + " State")
        if state is None or state.type != PLACE:
            continue
        other_names = {other: entry for other, entry in entries.items() if other.lower() != name.lower()}
        if state in other_names.values() and city not in other_names.values():
            found[name] = state
    return found


def ends_a_longer_name(text: str, start: int) -> bool:
    """Whether a capitalized word stands right before: a party's adjective there ends another
    party's name ('Christian Democrat', 'Social Democratic'), not the party it is the word of."""
    before = re.search(r"([A-Z][\w'-]*)[ \t]$", text[max(0, start - 40):start])
    if before is None or before.group(1).lower() in _FUNCTION_WORDS:  # not 'The Democratic ...'
        return False
    place = gazetteer().lookup(before.group(1))
    return place is None or place.type not in (CITY, COUNTRY, PLACE)  # 'Idaho Republican Sens.': the party


def completes_a_title(text: str, start: int, end: int) -> bool:
    """Whether the name text[start:end] ends an office's title of several words written right
    before it (titles.tsv: 'State' of 'the secretary of State', 'Treasury' of 'Secretary of the
    Treasury'): the office's portfolio, no body the article names."""
    name = text[start:end].lower()
    for title in titles().positions:
        written = title.lower()
        if " " not in written or not written.endswith(" " + name):
            continue
        opening = start - (len(written) - len(name))
        if opening >= 0 and text[opening:start].lower() == written[:-len(name)] and not (opening and text[opening - 1].isalnum()):
            return True
    return False
