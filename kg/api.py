"""kg's Python API: the whole flow — read, nlp, extract, resolve, map to RDF, validate, store —
and the ways back out (query, export, validate, stats). The CLI calls exactly these."""

from __future__ import annotations

import itertools
import time
from collections import Counter
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from .errors import ArticleNotFound, InputError, KgError, ShapeViolation, StoreError, Violation
from .views.export import export_store
from .lexicon import use_gazetteers
from .store.link import persons_in_graph, relink
from .pipeline.analyze import analyze  # noqa: F401  (kg.analyze)
from .pipeline.rdf import ArticleGraph, graph_iri
from .views.query import QueryResult, run_query, serialize_query
from .pipeline.read import Article, check_inputs, read_stdin
from .pipeline.executors import ProcessedArticle, chunk_size, chunked, make_executor
from .namespaces import SCHEMA
from .store import STORE_ENV, KnowledgeStore, SerializedArticle, Store, StoredArticle, store_location  # noqa: F401  (STORE_ENV: the CLI's help)
from .store import open_store as open_location
from .store.embedded import storage_errors
from .pipeline.validate import validate_graph
from .resources import entity_classes
from .terms import rdflib_graph

StoreLike = Store | str | Path | None


@dataclass(frozen=True)
class ArticleResult:
    """What happened to one article: added, replaced, unchanged or refused (with why)."""

    article_id: str
    source: str
    outcome: str
    entity_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # type -> labels
    mentions: int = 0
    sentences: int = 0
    triples: int = 0
    violations: tuple[Violation, ...] = ()
    words: int = 0

    @property
    def entities(self) -> dict[str, int]:
        """How many entities of each type."""
        return {type_: len(labels) for type_, labels in self.entity_labels.items()}


@dataclass
class IngestReport:
    store: Path | str
    articles: list[ArticleResult] = field(default_factory=list)  # every result, unless not kept
    skipped: list[str] = field(default_factory=list)  # unreadable inputs left out (on_error="skip")
    model_seconds: float = 0.0
    total_seconds: float = 0.0
    links: int = 0  # surname-only people (re)linked to a person other articles name in full
    keep: bool = True  # keep every article's result, or only the counts and the refused ones
    outcomes: Counter = field(default_factory=Counter)
    words: int = 0
    refused: list[ArticleResult] = field(default_factory=list)

    def record(self, result: ArticleResult) -> None:
        self.outcomes[result.outcome] += 1
        self.words += result.words
        if result.outcome == "refused":
            self.refused.append(result)
        if self.keep:
            self.articles.append(result)

    def count(self, outcome: str) -> int:
        return self.outcomes[outcome]

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())


@contextmanager
def open_store(store: StoreLike = None, *, read_only: bool = False) -> Iterator[Store]:
    """Use an open store as it is, or open (and afterwards close) the one at a path, or the
    SPARQL server at an http(s) URL (None: $KG_STORE, else the default folder)."""
    if isinstance(store, Store):
        with _storage_errors(store):
            yield store
        return
    opened = open_location(store, read_only=read_only)
    with _storage_errors(opened):
        try:
            yield opened
        finally:
            opened.close()


def _storage_errors(store: Store):
    # A damaged file or a full disk may show only when a read or write reaches it, long after
    # the store opened: each is one StoreError here, not a RocksDB traceback.
    return storage_errors(store.path) if isinstance(store, KnowledgeStore) else nullcontext()


def store_graph(article_graph: ArticleGraph, store: Store, *, force: bool = False) -> StoredArticle:
    """Validate an article's graph and write it; a graph that breaks a shape raises
    ShapeViolation and nothing is written."""
    report = validate_graph(article_graph.graph)
    if not report.conforms:
        raise ShapeViolation(f"Article {article_graph.article_id!r}", list(report.violations))
    return store.put_article(article_graph, force=force)


def ingest(
    paths: Iterable[str | Path | bytes],
    *,
    store: StoreLike = None,
    force: bool = False,
    on_article: Callable[[ArticleResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_error: str = "stop",
    gazetteers: Iterable[str | Path] = (),
    jobs: int = 1,
    dask: str | None = None,
    keep_results: bool = True,
) -> IngestReport:
    """Ingest articles from files, folders or JSON Lines into the store.

    Every input is read once up front without keeping it (only counted), so a bad file stops
    the run before anything is stored; then the inputs are streamed again, a chunk at a time,
    so memory does not grow with the corpus. Each article is validated on its own and written
    whole: several articles may share a transaction, never part of one. An article whose graph
    breaks a shape is refused (reported, not stored) and the others go on. An article already
    stored with the same text is skipped unless `force` is set, so an interrupted run resumes.

    `jobs` > 1 runs the language work (parse, extract, resolve, map, validate) in that many
    processes; `dask` ("tcp://SCHEDULER:8786") runs it on a Dask cluster instead. Either way one
    writer, this process, stores the graphs, in input order.
    `on_start` hears the number of articles once the inputs are checked; `on_article`
    hears each article's result as it is stored. `on_error="skip"` leaves out unreadable files
    and broken JSON Lines instead of stopping, and lists them in the report. `gazetteers` are
    the user's own gazetteer files (the columns of ontology/gazetteer.tsv), used beside the
    bundled one for recognition, typing and Wikidata links. `keep_results=False` keeps only the
    counts and the refused articles in the report (for archives of millions of articles)."""
    if on_error not in ("stop", "skip"):
        raise ValueError(f"on_error must be 'stop' or 'skip', not {on_error!r}")
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    started = time.perf_counter()
    gazetteers = tuple(gazetteers)
    use_gazetteers(gazetteers)
    # Standard input can be read only once, and a large batch is read twice (check, then ingest).
    paths = [read_stdin() if str(p) == "-" else p for p in paths]
    skipped: list[InputError] | None = [] if on_error == "skip" else None
    checked = check_inputs(paths, skipped)
    total = checked.count
    if on_start:
        on_start(total)
    with open_store(store) as kg_store:
        report = IngestReport(store=kg_store.path, skipped=[str(error) for error in skipped or []], keep=keep_results)

        surnames: set[str] = set()  # of every person seen, decided again across articles at the end

        def fresh(articles: Iterable[Article]) -> Iterator[Article]:
            for article in articles:
                if not force and kg_store.text_hash(graph_iri(article.id)) == article.text_hash:
                    # Linking is decided again for these too: a run cut short between storing
                    # and linking is completed by running it again.
                    surnames.update(persons_in_graph(kg_store, str(graph_iri(article.id))))
                    _emit(report, on_article, ArticleResult(article.id, article.source, "unchanged",
                                                            words=len(article.text.split())))
                else:
                    yield article

        todo = fresh(checked.articles())
        first = next(todo, None)
        if first is not None:  # start workers and load the model only when there is something to parse
            executor = make_executor(jobs, dask, gazetteers)
            try:
                writer = BatchWriter(kg_store, report, on_article, force)
                chunks = chunked(itertools.chain([first], todo), chunk_size(total, executor.workers))
                for processed in executor.map_chunks(chunks):
                    report.model_seconds = max(report.model_seconds, processed.model_seconds)
                    for article in processed.articles:
                        surnames.update(article.persons)
                    writer.add(processed.articles)
                writer.flush()
            finally:
                executor.close()
        report.links = len(relink(kg_store, surnames))
    report.total_seconds = time.perf_counter() - started
    return report


class BatchWriter:
    """The one writer: gathers processed articles and writes them in batches, each batch one
    transaction of whole articles (fewer, larger transactions write several times faster)."""

    BATCH_TRIPLES = 50_000  # about 40 news articles; a transaction that size costs ~0.3 s to write
    BATCH_SECONDS = 2.0  # and results wait no longer than this to be stored and reported

    def __init__(self, store: Store, report: IngestReport, on_article, force: bool):
        self.store, self.report, self.on_article, self.force = store, report, on_article, force
        self.pending: list[ProcessedArticle] = []
        self.triples = 0
        self.since = time.perf_counter()

    def add(self, articles: Iterable[ProcessedArticle]) -> None:
        for article in articles:
            if article.violations:
                _emit(self.report, self.on_article, ArticleResult(**article.summary, outcome="refused",
                                                                  violations=article.violations, words=article.words))
                continue
            self.pending.append(article)
            self.triples += article.summary["triples"]
        if self.triples >= self.BATCH_TRIPLES or time.perf_counter() - self.since >= self.BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            serialized = [SerializedArticle(a.article_id, a.graph_iri, a.text_hash, a.ntriples) for a in self.pending]
            stored = self.store.put_articles(serialized, force=self.force)
            for article, outcome in zip(self.pending, stored):
                _emit(self.report, self.on_article, ArticleResult(**article.summary, outcome=outcome.outcome, words=article.words))
        self.pending, self.triples, self.since = [], 0, time.perf_counter()


def _emit(report: IngestReport, callback, result: ArticleResult) -> None:
    report.record(result)
    if callback:
        callback(result)


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

    store: Path
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
    store: Path
    articles: int
    quads: int
    by_type: dict[str, int]
    mentions: int


def stats(*, store: StoreLike = None) -> Stats:
    """How much the store holds: articles, triples, entities by type, mentions."""
    with open_store(store, read_only=True) as kg_store:
        articles = int(next(iter(kg_store.query(_STATS)))["articles"].value)
        by_type = {row["type"].value.rsplit("#", 1)[-1]: int(row["n"].value) for row in kg_store.query(_TYPES)}
        mentions = int(next(iter(kg_store.query(_MENTIONS)))["n"].value)
        return Stats(kg_store.path, articles, len(kg_store), by_type, mentions)


@dataclass(frozen=True)
class RemovedArticle:
    article_id: str
    triples: int  # how many triples went with it
    links: int  # surname-only people in other articles linked again


def remove(article_id: str, *, store: StoreLike = None) -> RemovedArticle:
    """Delete an article and everything only it said, in one transaction: the store is then
    as if the article had never been ingested (links it supported in other articles are undone)."""
    with open_store(store) as kg_store:
        graph = str(graph_iri(article_id))
        if not kg_store.has_graph(graph):
            raise ArticleNotFound(f"No article {article_id!r} in the store {kg_store.path}; kg list shows the stored ones.")
        surnames = persons_in_graph(kg_store, graph)
        triples = sum(1 for _ in kg_store.quads(graph))
        kg_store.remove_graph(graph)
        return RemovedArticle(article_id, triples, len(relink(kg_store, surnames)))


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


def list_articles(*, store: StoreLike = None) -> list[ArticleInfo]:
    """Every article in the store, oldest first, with its date, headline and counts."""
    with open_store(store, read_only=True) as kg_store:
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
            for row in kg_store.query(_ARTICLES)
        ]


def show(name: str, *, store: StoreLike = None):
    """What the store knows about one entity, found by IRI or by name (see kg.views.entity)."""
    from .views.entity import describe_entity

    with open_store(store, read_only=True) as kg_store:
        return describe_entity(kg_store, name)


def article_texts(ids: Iterable[str], *, store: StoreLike = None) -> dict[str, dict]:
    """The text and title of each article by id (see kg.views.browse.article_texts)."""
    from .views.browse import article_texts as texts

    with open_store(store, read_only=True) as kg_store:
        return texts(kg_store, list(ids))


def timeline(names: str | Iterable[str], *, store: StoreLike = None):
    """The dated statements of an entity in order, grouped by day; with several names, those
    that join the first to any of the others (see kg.views.timeline)."""
    from .views.timeline import timeline as build_timeline

    with open_store(store, read_only=True) as kg_store:
        return build_timeline(kg_store, [names] if isinstance(names, str) else list(names))
