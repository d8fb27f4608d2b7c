"""What a store holds, counted: articles, triples, entities by type, mentions (kg stats), and
each article with its date, headline and counts (kg list)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..resources import entity_classes
from ..store import Store, select

_STATS = """
SELECT
  (COUNT(DISTINCT ?article) AS ?articles)
WHERE { ?article a kgo:Article }
"""

_TYPES = f"""
SELECT ?type (COUNT(DISTINCT ?entity) AS ?n)
WHERE {{ ?entity a ?type . FILTER (?type IN ({", ".join(f"kgo:{c}" for c in (*entity_classes(), "Quote", "Event"))})) }}
GROUP BY ?type ORDER BY DESC(?n)
"""

_MENTIONS = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a nif:Phrase }"


@dataclass(frozen=True)
class Stats:
    store: Path | str  # a folder, or a SPARQL server's address
    articles: int
    quads: int
    by_type: dict[str, int]
    mentions: int


def store_stats(kg_store: Store) -> Stats:
    """How much the store holds: articles, triples, entities by type, mentions."""
    articles = int(next(iter(select(kg_store, _STATS)))["articles"].value)
    by_type = {row["type"].value.rsplit("#", 1)[-1]: int(row["n"].value) for row in select(kg_store, _TYPES)}
    mentions = int(next(iter(select(kg_store, _MENTIONS)))["n"].value)
    return Stats(kg_store.path, articles, len(kg_store), by_type, mentions)


@dataclass(frozen=True)
class ArticleInfo:
    article_id: str
    published: str | None
    title: str | None
    entities: int
    mentions: int
    statements: int
    quotes: int
    triples: int


_ARTICLES = """
SELECT ?g ?id ?date ?title ?triples ?entities ?mentions ?statements ?quotes WHERE {
  { SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g }
  GRAPH ?g { ?article a kgo:Article ; schema:identifier ?id .
             OPTIONAL { ?article schema:datePublished ?date } OPTIONAL { ?article schema:headline ?title } }
  { SELECT ?g (COUNT(DISTINCT ?e) AS ?entities) WHERE { GRAPH ?g { OPTIONAL { ?a kgo:mentions ?e } } } GROUP BY ?g }
  { SELECT ?g (COUNT(DISTINCT ?m) AS ?mentions) WHERE { GRAPH ?g { OPTIONAL { ?m a nif:Phrase } } } GROUP BY ?g }
  { SELECT ?g (COUNT(DISTINCT ?st) AS ?statements) WHERE { GRAPH ?g { OPTIONAL { ?st a kgo:Statement } } } GROUP BY ?g }
  { SELECT ?g (COUNT(DISTINCT ?q) AS ?quotes) WHERE { GRAPH ?g { OPTIONAL { ?q a kgo:Quote } } } GROUP BY ?g }
}
ORDER BY ?date ?id
"""


def article_infos(kg_store: Store) -> list[ArticleInfo]:
    """Every article in the store, oldest first, with its date, headline and counts."""
    return [
        ArticleInfo(
            article_id=row["id"].value,
            published=row["date"].value if row["date"] is not None else None,
            title=row["title"].value if row["title"] is not None else None,
            entities=int(row["entities"].value),
            mentions=int(row["mentions"].value),
            statements=int(row["statements"].value),
            quotes=int(row["quotes"].value),
            triples=int(row["triples"].value),
        )
        for row in select(kg_store, _ARTICLES)
    ]
