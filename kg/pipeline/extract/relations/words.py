"""The lexicon tables only the role rules read: the positions abbreviated titles stand for
(ontology/lexicon/position_forms.tsv) and the parties of party-and-state labels
(ontology/lexicon/party_codes.tsv), each checked against its schema by kg.knowledge."""

from __future__ import annotations

from functools import cache

from ....knowledge import read_table
from ....lexicon import lexicon_dir


@cache
def position_forms() -> dict[str, str]:
    """'sen.' -> 'Senator': each abbreviated form, in lower case, and the position it stands for."""
    return {row["form"].lower(): row["position"] for row in read_table(lexicon_dir() / "position_forms.tsv", "position_forms")}


@cache
def party_codes() -> dict[str, str]:
    """'D' -> 'Democratic Party'."""
    return {row["code"]: row["party"] for row in read_table(lexicon_dir() / "party_codes.tsv", "party_codes")}


def position_words(words: str) -> str:
    """A position as kg states it: an abbreviated title written out ('Sen.' -> 'Senator', 'Lt.
    Gov.' -> 'Lieutenant Governor'), the longest form first; other words as the text has them."""
    forms = position_forms()
    parts = words.split()
    found: list[str] = []
    start = 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            phrase = " ".join(parts[start:end]).lower()
            if phrase in forms:
                found.append(forms[phrase])
                start = end
                break
        else:
            found.append(parts[start])
            start += 1
    return " ".join(found)
