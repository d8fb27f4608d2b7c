"""kg's Python API: the whole flow — read, nlp, extract, resolve, map to RDF, validate, store —
and the ways back out (query, export, validate, stats). The CLI calls exactly these."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .errors import ArticleNotFound, KgError, StoreError, Violation
from .ingest import ArticleResult, IngestReport, ingest, store_graph  # noqa: F401  (kg.ingest, kg.store_graph)
from .namespaces import SCHEMA, graph_iri
from .pipeline.analyze import analyze  # noqa: F401  (kg.analyze)
from .pipeline.validate import validate_graph
from .preferred_labels import settle_preferred_labels
from .store import STORE_ENV, KnowledgeStore, Store, store_location  # noqa: F401  (STORE_ENV: the CLI's help)
from .store.access import StoreLike, open_store
from .store.link import names_in_graph, relink
from .terms import rdflib_graph
from .views.export import export_store
from .views.query import QueryResult, run_query, serialize_query
from .views.stats import ArticleInfo, Stats, article_infos, store_stats

if TYPE_CHECKING:
    from .views.entity import EntityView
    from .views.timeline import Timeline


def query(sparql: str, *, store: StoreLike = None, infer: bool = False) -> QueryResult:
    """Run a SPARQL 1.1 query over every article in the store (kg's prefixes predeclared);
    `infer` adds what OWL RL concludes under kg's ontology."""
    with open_store(store, read_only=True) as kg_store:
        return run_query(kg_store, sparql, infer=infer)


def query_text(sparql: str, *, format: str = "table", store: StoreLike = None, infer: bool = False) -> str:
    """Run a SPARQL 1.1 query and give its answer as text: a table (`format="table"`) or a
    SPARQL 1.1 results format ("json", "csv", "tsv"; Turtle, or JSON-LD for "json", for CONSTRUCT
    and DESCRIBE)."""
    with open_store(store, read_only=True) as kg_store:
        return serialize_query(kg_store, sparql, format, infer=infer)


def local_store_path(store: str | Path | None = None) -> Path:
    """The folder of the embedded store `store` names (as given, else $KG_STORE, else the default
    folder), opened once read-only so that a missing or unreadable store fails here, with its
    path. A SPARQL server's address is refused: only a folder can be served by kg."""
    location = store_location(store)
    if isinstance(location, str):
        raise KgError(f"kg serve serves a store folder; {location} is a SPARQL server already: query it directly.")
    KnowledgeStore(location, read_only=True).close()
    return location


def open_reader(store: str | Path) -> KnowledgeStore:
    """The store folder `store` opened read-only and left open, for a process that reads it many
    times (kg serve's query workers); the caller closes it. It sees the store as it was when
    opened: reopen it to see what was written since."""
    return KnowledgeStore(store, read_only=True)


def update(sparql: str, *, store: StoreLike = None) -> None:
    """Run a SPARQL 1.1 Update on the store as one transaction, kg's prefixes predeclared and the
    merged default graph kept exact (kg serve --allow-update). StoreError if the store cannot
    be opened for writing, e.g. while another process writes it; SyntaxError if it does not parse."""
    with open_store(store) as kg_store:
        kg_store.update(sparql)


def export(
    output: BinaryIO, *, format: str = "turtle", article_id: str | None = None, store: StoreLike = None, infer: bool = False
) -> int:
    """Write the store, or one article's graph, to a binary stream; returns the count written.
    `infer` adds what OWL RL concludes under kg's ontology."""
    with open_store(store, read_only=True) as kg_store:
        return export_store(kg_store, output, format, article_id, infer=infer)


@dataclass(frozen=True)
class StoreValidation:
    """The shapes checked article by article: which articles break them, and how."""

    store: Path | str  # a folder, or a SPARQL server's address
    articles: int
    failures: dict[str, tuple[Violation, ...]]  # article id -> its violations

    @property
    def conforms(self) -> bool:
        return not self.failures

    @property
    def violations(self) -> tuple[Violation, ...]:
        return tuple(v for found in self.failures.values() for v in found)


def validate(*, store: StoreLike = None, on_article: Callable[[str, bool], None] | None = None,
             deep: bool = False) -> StoreValidation:
    """Check every article graph in the store against the shapes, one graph at a time (an
    article's graph is the unit kg writes, so it is the unit that can break); `on_article`
    hears each article id and whether it conforms. `deep` first reads every stored quad
    through each of the store's indexes and raises DamagedStore if a file is damaged."""
    failures: dict[str, tuple[Violation, ...]] = {}
    with open_store(store, read_only=True) as kg_store:
        if deep:
            if not isinstance(kg_store, KnowledgeStore):
                raise StoreError("kg validate --deep reads a store's files: give --store a store folder, not a server.")
            kg_store.check_files()
        graphs = kg_store.article_graphs()
        for name in graphs:
            graph = rdflib_graph(kg_store.quads(name))
            article_id = next((str(o) for o in graph.objects(None, SCHEMA.identifier)), name)
            report = validate_graph(graph)
            if not report.conforms:
                failures[article_id] = report.violations
            if on_article:
                on_article(article_id, report.conforms)
        return StoreValidation(kg_store.path, len(graphs), failures)


def stats(*, store: StoreLike = None) -> Stats:
    """How much the store holds: articles, triples, entities by type, mentions."""
    with open_store(store, read_only=True) as kg_store:
        return store_stats(kg_store)


@dataclass(frozen=True)
class RemovedArticle:
    article_id: str
    triples: int  # how many triples went with it
    links: int  # nodes of other articles linked again


def remove(article_id: str, *, store: StoreLike = None) -> RemovedArticle:
    """Delete an article and everything only it said, in one transaction: the store is then
    as if the article had never been ingested (links it supported in other articles are undone)."""
    with open_store(store) as kg_store:
        graph = str(graph_iri(article_id))
        if not kg_store.has_graph(graph):
            raise ArticleNotFound(f"No article {article_id!r} in the store {kg_store.path}; kg list shows the stored ones.")
        names = names_in_graph(kg_store, graph)
        triples = sum(1 for _ in kg_store.quads(graph))
        kg_store.remove_graph(graph)
        links = relink(kg_store, names)
        settle_preferred_labels(kg_store, links)
        return RemovedArticle(article_id, triples, len(links))


def list_articles(*, store: StoreLike = None) -> list[ArticleInfo]:
    """Every article in the store, oldest first, with its date, headline and counts."""
    with open_store(store, read_only=True) as kg_store:
        return article_infos(kg_store)


def show(name: str, *, store: StoreLike = None) -> EntityView:
    """What the store knows about one entity, found by IRI or by name (see kg.views.entity)."""
    from .views.entity import describe_entity

    with open_store(store, read_only=True) as kg_store:
        return describe_entity(kg_store, name)


def article_texts(ids: Iterable[str], *, store: StoreLike = None) -> dict[str, dict]:
    """The text and title of each article by id (see kg.views.browse.article_texts)."""
    from .views.browse import article_texts as texts

    with open_store(store, read_only=True) as kg_store:
        return texts(kg_store, list(ids))


def timeline(names: str | Iterable[str], *, store: StoreLike = None, with_undated: bool = False) -> Timeline:
    """The dated statements of an entity in order, grouped by day (a statement whose sentence
    gives no date on its article's day, as reported); with several names, those that join the
    first to any of the others; `with_undated` lists the ones with no date at all too (see
    kg.views.timeline)."""
    from .views.timeline import timeline as build_timeline

    with open_store(store, read_only=True) as kg_store:
        return build_timeline(kg_store, [names] if isinstance(names, str) else list(names), with_undated=with_undated)
