"""One article's language work after parsing: extract, resolve and map to RDF, and the small
figures an ingest reports about it (the entities it names, the surname keys linking files it under).
The library API and every executor share these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..graphs import ArticleGraph, empty_article_graph
from ..lexicon import name_keys
from .extract import extract
from .rdf import to_rdf
from .read import Article
from .resolve import Resolution, resolve

if TYPE_CHECKING:
    from spacy.tokens import Doc


def analyze(article: Article, doc: Doc) -> tuple[Resolution, ArticleGraph]:
    """From a parsed article to its graph: extract, resolve, map to RDF."""
    resolution = resolve(extract(article, doc))
    return resolution, to_rdf(resolution)


def analyze_to_store(article: Article, doc: Doc) -> tuple[Resolution, ArticleGraph]:
    """analyze, for a graph that is only serialized and validated, never handed out: on a
    triples-only store (kg.graphs.ArticleTriples), which rdflib's context-aware views (Dataset,
    ConjunctiveGraph, and so plain pySHACL) do not take."""
    resolution = resolve(extract(article, doc))
    return resolution, to_rdf(resolution, empty_article_graph())


def link_keys(resolution: Resolution) -> set[str]:
    """The linking keys of every entity the article names (kg.lexicon.name_keys)."""
    return {key for entity in resolution.entities for key in name_keys(entity.label)}


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
