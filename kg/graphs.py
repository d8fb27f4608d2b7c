"""The article graph: what the pipeline makes of one article and the store keeps under its own
named graph. It sits below both, so that neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef


@dataclass(frozen=True)
class ArticleGraph:
    """An article's graph, ready to validate and store under its own named graph."""

    article_id: str
    article_iri: URIRef
    graph_iri: URIRef
    text_hash: str
    graph: Graph
