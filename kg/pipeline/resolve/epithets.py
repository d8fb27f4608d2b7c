"""Nicknames made of an epithet and a name ("Crooked Hillary", "Lyin' Ted", "Little Marco") name
the person the name names: the mention is narrowed to the name, so that it joins the entity the
name is (or makes the one the name makes), and the whole nickname is kept as that entity's alias."""

from __future__ import annotations

from dataclasses import replace

from ...lexicon import Gazetteer, epithet_end, given_names
from ...namespaces import clean_name
from ..extract import NAME, Extraction, Mention
from .model import Entity


def without_epithets(extraction: Extraction, known: Gazetteer) -> tuple[Extraction, dict[int, str]]:
    """The extraction with every nickname's mention narrowed to its name, and the nicknames as
    written, by mention. An epithet counts only before a name: a given name ("Crooked Hillary")
    or a name the article writes without it ("Low-Energy Jeb" beside "Jeb Bush"); a name the
    gazetteer knows whole ("Little Rock") is no nickname."""
    mentions = extraction.mentions
    opened = {i: end for i, m in enumerate(mentions) if m.kind == NAME and (end := epithet_end(m.text))}
    if not opened:
        return extraction, {}
    plain_words = {word for i, m in enumerate(mentions) if m.kind == NAME and i not in opened for word in m.text.split()}
    narrowed: list[Mention] = list(mentions)
    nicknames: dict[int, str] = {}
    for index, end in opened.items():
        mention = mentions[index]
        name = mention.text[end:]
        first = name.split()[0]
        if known.lookup(mention.text) is not None or not (first in given_names() or first in plain_words):
            continue
        narrowed[index] = replace(mention, start=mention.start + end, text=name)
        nicknames[index] = clean_name(mention.text)
    if not nicknames:
        return extraction, {}
    return replace(extraction, mentions=tuple(narrowed)), nicknames


def with_nicknames(entities: list[Entity], referent: dict[int, int], nicknames: dict[int, str]) -> list[Entity]:
    """The entities with the nicknames written for them among their aliases (skos:altLabel)."""
    added: dict[int, list[str]] = {}
    for index, nickname in nicknames.items():
        if index in referent:
            added.setdefault(referent[index], []).append(nickname)
    if not added:
        return entities
    return [replace(entity, alt_labels=tuple(a for a in dict.fromkeys((*entity.alt_labels, *added[number])) if a != entity.label))
            if number in added else entity
            for number, entity in enumerate(entities)]
