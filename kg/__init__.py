"""kg — a knowledge-graph ingester for news.

    import kg
    report = kg.ingest(["seeds/"], store="kg-store")
    for row in kg.query("SELECT ?name WHERE { ?p a kgo:Person ; rdfs:label ?name }", store="kg-store"):
        print(row)
    with open("graph.ttl", "wb") as out:
        kg.export(out, format="turtle", store="kg-store")
"""

from .api import ArticleResult, IngestReport, Stats, analyze, export, ingest, open_store, query, stats, store_graph, validate
from .errors import InputError, KgError, QueryError, ShapeViolation, StoreError, Violation
from .store import KnowledgeStore

__version__ = "0.1.0"

__all__ = [
    "ArticleResult", "IngestReport", "Stats", "analyze", "export", "ingest", "open_store", "query", "stats",
    "store_graph", "validate", "InputError", "KgError", "QueryError", "ShapeViolation", "StoreError", "Violation",
    "KnowledgeStore", "__version__",
]
