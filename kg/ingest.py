"""Ingest orchestration: articles read and checked, their language work run by an executor,
each graph written whole by the one writer, people linked across articles at the end. The
library API (kg.api) calls this; what each article came to is an ArticleResult."""

from __future__ import annotations

import itertools
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, ShapeViolation, Violation
from .graphs import ArticleGraph
from .lexicon import use_gazetteers
from .namespaces import graph_iri
from .pipeline.executors import ProcessedArticle, chunk_size, chunked, make_executor
from .pipeline.read import Article, check_inputs, read_stdin
from .pipeline.validate import validate_graph
from .preferred_labels import settle_preferred_labels
from .store import SerializedArticle, Store, StoredArticle
from .store.access import StoreLike, open_store
from .store.link import names_in_graph, relink

log = logging.getLogger(__name__)


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
    links: int = 0  # article nodes (re)linked across articles: to a person named in full elsewhere, or to their class there
    keep: bool = True  # keep every article's result, or only the counts and the refused ones
    outcomes: Counter = field(default_factory=Counter)
    words: int = 0
    refused: list[ArticleResult] = field(default_factory=list)
    undated: int = 0  # articles read with no publication date (their statements have no reported-on day)

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
    log.info("%d article(s) read from %d input(s)%s", total, len(paths),
             f", {len(skipped)} unreadable left out" if skipped else "")
    if on_start:
        on_start(total)
    with open_store(store) as kg_store:
        report = IngestReport(store=kg_store.path, skipped=[str(error) for error in skipped or []], keep=keep_results)

        # The linking keys of every name seen (kg.lexicon.name_keys), decided again across articles at the end.
        names: set[str] = set()
        written: set[str] = set()  # the graphs of the articles parsed, whose names may change a preferred label

        def fresh(articles: Iterable[Article]) -> Iterator[Article]:
            for article in articles:
                report.undated += article.published is None
                stored = kg_store.text_hash(graph_iri(article.id))
                if stored is not None:
                    # Linking is decided again for these too: a run cut short between storing and
                    # linking is completed by running it again, and what a replaced version named
                    # may have supported links in other articles.
                    names.update(names_in_graph(kg_store, str(graph_iri(article.id))))
                if not force and stored == article.text_hash:
                    log.debug("%s: unchanged since it was stored, not parsed again", article.id)
                    _emit(report, on_article, ArticleResult(article.id, article.source, "unchanged",
                                                            words=len(article.text.split())))
                else:
                    yield article

        todo = fresh(checked.articles())
        first = next(todo, None)
        if first is not None:  # start workers and load the model only when there is something to parse
            executor = make_executor(jobs, dask, gazetteers)
            log.info("language work: %s, %d worker(s)", type(executor).__name__, executor.workers)
            try:
                writer = BatchWriter(kg_store, report, on_article, force)
                chunks = chunked(itertools.chain([first], todo), chunk_size(total, executor.workers))
                for processed in executor.map_chunks(chunks):
                    log.debug("chunk of %d article(s) back from the language work", len(processed.articles))
                    report.model_seconds = max(report.model_seconds, processed.model_seconds)
                    for article in processed.articles:
                        names.update(article.names)
                        written.add(article.graph_iri)
                    writer.add(processed.articles)
                writer.flush()
            finally:
                executor.close()
        links = relink(kg_store, names)
        settle_preferred_labels(kg_store, links, written)
        report.links = len(links)
        log.info("%d node(s) linked across articles", report.links)
    report.total_seconds = time.perf_counter() - started
    return report


class BatchWriter:
    """The one writer: gathers processed articles and writes them in batches, each batch one
    transaction of whole articles (fewer, larger transactions write several times faster)."""

    BATCH_TRIPLES = 50_000  # about 40 news articles; a transaction that size costs ~0.3 s to write
    BATCH_SECONDS = 2.0  # and results wait no longer than this to be stored and reported

    def __init__(self, store: Store, report: IngestReport, on_article: Callable[[ArticleResult], None] | None, force: bool):
        self.store, self.report, self.on_article, self.force = store, report, on_article, force
        self.pending: list[ProcessedArticle] = []
        self.triples = 0
        self.since = time.perf_counter()

    def add(self, articles: Iterable[ProcessedArticle]) -> None:
        for article in articles:
            if article.violations:
                log.debug("%s: refused, %d shape violation(s)", article.article_id, len(article.violations))
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
            log.info("wrote %d article(s), %d triples, in one transaction", len(serialized), self.triples)
            for article, outcome in zip(self.pending, stored, strict=True):
                _emit(self.report, self.on_article, ArticleResult(**article.summary, outcome=outcome.outcome, words=article.words))
        self.pending, self.triples, self.since = [], 0, time.perf_counter()


def _emit(report: IngestReport, callback: Callable[[ArticleResult], None] | None, result: ArticleResult) -> None:
    report.record(result)
    if callback:
        callback(result)
