"""One article's language work after parsing: extract, resolve and map to RDF, and the small
figures an ingest reports about it (the entities it names, the surname keys linking files it under).
The library API and every executor share these."""

from __future__ import annotations

from .extract import extract
from .rdf import ArticleGraph, to_rdf
from .read import Article
from ..lexicon import family_name_first, normalize_name
from .resolve import Resolution, resolve

# Generational suffixes are not surnames: "Martin Luther King Jr." is a King.
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def analyze(article: Article, doc) -> tuple[Resolution, ArticleGraph]:
    """From a parsed article to its graph: extract, resolve, map to RDF."""
    resolution = resolve(extract(article, doc))
    return resolution, to_rdf(resolution)


def surname_key(label: str) -> str | None:
    """The lower-cased surname of a full name ("Donald J. Trump" → "trump"; "Xi Jinping" → "xi",
    whose family name comes first); None for one word."""
    words = [w for w in label.split() if w.lower() not in _SUFFIXES]
    if len(words) < 2:
        return None
    if family_name_first(tuple(normalize_name(w) for w in words)):
        return words[0].lower()
    return words[-1].lower()


def person_key(label: str) -> str:
    """What linking files a person under: the surname of a full name, else the one name."""
    return surname_key(label) or label.lower()


def person_keys(resolution: Resolution) -> set[str]:
    """The linking keys of every person the article names."""
    return {person_key(e.label) for e in resolution.entities if e.type == "Person"}


def summary(article: Article, resolution: Resolution, article_graph: ArticleGraph) -> dict:
    """The figures an ingest reports for the article (ArticleResult's fields)."""
    labels: dict[str, list[str]] = {}
    for entity in resolution.entities:
        labels.setdefault(entity.type, []).append(entity.label)
    return dict(
        article_id=article.id,
        source=article.source,
        entity_labels={t: tuple(v) for t, v in labels.items()},
        mentions=sum(len(e.mentions) for e in resolution.entities),
        sentences=len(resolution.sentences),
        triples=len(article_graph.graph),
    )
