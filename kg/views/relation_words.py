"""A relation in plain words from an entity's side, from the ontology's labels."""

from __future__ import annotations

from functools import cache

from ..namespaces import KGO
from ..resources import is_symmetric


@cache
def relation_words(predicate: str, direction: str) -> str:
    """The relation in plain words from the entity's side, from the ontology: its rdfs:label
    ("is leader of") when the entity is the subject or the relation symmetric, its
    kgo:inverseLabel ("is led by") when the entity is the object."""
    from rdflib.namespace import RDFS

    from ..resources import ontology

    term = KGO[predicate] if predicate in KGO.__annotations__ else None
    if term is None:
        return predicate
    if direction == "in" and not is_symmetric(predicate):
        inverse = ontology().value(term, KGO.inverseLabel)
        if inverse is not None:
            return str(inverse)
        label = ontology().value(term, RDFS.label)
        return f"is the object of “{label or predicate}” for"
    label = ontology().value(term, RDFS.label)
    return str(label) if label is not None else predicate
