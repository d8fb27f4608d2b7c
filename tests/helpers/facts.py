"""What kg finds in a short text written for a test, with the real model: the resolved facts,
the relations keyed by (predicate, subject's name, object's name or position), the quotes."""

from __future__ import annotations

from datetime import date

from kg.pipeline.extract import extract
from kg.pipeline.nlp import parse
from kg.pipeline.read import Article
from kg.pipeline.resolve import resolve

PUBLISHED = date(2025, 2, 13)  # a Thursday


def facts(text, published=PUBLISHED):
    ((article, doc),) = parse([Article(id="t", text=text, source="test", published=published)])
    return resolve(extract(article, doc))


def relations(text, **kw):
    resolution = facts(text, **kw)
    names = [e.label for e in resolution.entities]
    return {
        (r.predicate, names[r.subject], names[r.object] if r.object is not None else r.position): r
        for r in resolution.relations
    }


def quotes(text):
    resolution = facts(text)
    names = [e.label for e in resolution.entities]
    return [(q.text, names[q.speaker] if q.speaker is not None else None) for q in resolution.quotes]
