"""kg — a knowledge-graph ingester for news.

    import kg
    report = kg.ingest(["seeds/"], store="kg-store")
    for row in kg.query("SELECT ?name WHERE { ?p a kgo:Person ; skos:prefLabel ?name }", store="kg-store"):
        print(row)
    with open("graph.ttl", "wb") as out:
        kg.export(out, format="turtle", store="kg-store")
"""

from .api import (
    ArticleInfo,
    ArticleResult,
    IngestReport,
    RemovedArticle,
    Stats,
    analyze,
    export,
    ingest,
    list_articles,
    open_store,
    query,
    query_text,
    remove,
    show,
    stats,
    store_graph,
    timeline,
    validate,
)
from .errors import ArticleNotFound, InputError, KgError, QueryError, ShapeViolation, StoreError, UnknownEntity, Violation
from .store import KnowledgeStore, RemoteStore, Store

__version__ = "0.1.0"

__all__ = [
    "ArticleInfo", "ArticleResult", "IngestReport", "RemovedArticle", "Stats", "analyze", "export", "ingest",
    "list_articles", "open_store", "query", "query_text", "remove", "show", "stats", "store_graph", "timeline", "validate", "ArticleNotFound",
    "InputError", "UnknownEntity", "KgError", "QueryError", "ShapeViolation", "StoreError", "Violation",
    "KnowledgeStore", "RemoteStore", "Store", "__version__",
]
