"""The article graph: what the pipeline makes of one article and the store keeps under its own
named graph. It sits below both, so that neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import Graph, URIRef
from rdflib.plugins.stores.memory import SimpleMemory


@dataclass(frozen=True)
class ArticleGraph:
    """An article's graph, ready to validate and store under its own named graph."""

    article_id: str
    article_iri: URIRef
    graph_iri: URIRef
    text_hash: str
    graph: Graph


class ArticleTriples(SimpleMemory):
    """The store under the graph the ingest's workers map an article onto (serialized and
    validated, never handed out): rdflib's triples-only in-memory store (rdflib's default store's
    bookkeeping of contexts was a third of the cost of mapping an article to RDF), keeping count
    of its triples as they come and go (its own len() walks every triple, and pySHACL asks a
    graph's truth, its length, for every result it makes). rdflib's context-aware views
    (Dataset, ConjunctiveGraph, and so plain pySHACL's validate) do not take it."""

    _EMPTY: dict = {}

    def __init__(self, configuration: str | None = None, identifier: Any = None):
        super().__init__(configuration, identifier)
        self._length = 0

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        subject, predicate, object_ = triple
        if object_ not in self._SimpleMemory__spo.get(subject, self._EMPTY).get(predicate, self._EMPTY):  # type: ignore[attr-defined]
            self._length += 1
        super().add(triple, context, quoted)

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        self._length -= sum(1 for _ in self.triples(triple_pattern))
        super().remove(triple_pattern, context)

    def __len__(self, context: Any = None) -> int:
        return self._length


def empty_article_graph() -> Graph:
    """An empty graph for one article, on an ArticleTriples store."""
    return Graph(store=ArticleTriples())
