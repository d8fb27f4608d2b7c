"""Where the language work of an ingest runs: in this process, in a pool of local processes
(`--jobs N`), or on an existing Dask cluster (`--dask tcp://SCHEDULER:8786`).

Each worker loads the model once and takes an article from text to a validated graph (parse,
extract, resolve, map, validate, serialize): SHACL validation costs about as much as parsing, so
it runs beside the model rather than in the one writer. What comes back is small and picklable:
the article's graph as N-Triples and the few figures the report needs. Chunks come back in input
order, so any executor stores the same articles in the same order."""

from __future__ import annotations

import gc
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..errors import KgError, Violation
from ..processes import die_with_parent
from .read import Article

CHUNK_ARTICLES = 16  # articles per task: large enough to batch the model, small enough to balance
DASK_CONNECT_SECONDS = 20.0
# Python's cyclic garbage collector during the language work: a young collection every 10,000
# new container objects instead of 700. Parsing and mapping make hundreds of thousands of
# short-lived objects, and the default ran a thousand collections on 98 articles (1 s CPU, 6 %
# of the work; 0.3 s with this and the model frozen out of collections). Cycles are still
# collected, in larger batches (+15 MiB peak on those 98 articles).
LANGUAGE_WORK_GC_THRESHOLD = (10_000, 10, 10)

_Future = TypeVar("_Future")  # a concurrent.futures Future, or a Dask one


@dataclass(frozen=True)
class ProcessedArticle:
    """One article after the language work: its graph (N-Triples, no graph name) when it
    conforms to the shapes, else the violations that refuse it."""

    article_id: str
    source: str
    text_hash: str
    graph_iri: str
    ntriples: bytes
    words: int
    names: frozenset[str]  # the linking keys of every name the article gives (kg.lexicon.name_keys)
    summary: dict = field(default_factory=dict)  # ArticleResult's figures
    violations: tuple[Violation, ...] = ()


@dataclass(frozen=True)
class ProcessedChunk:
    articles: list[ProcessedArticle]
    model_seconds: float  # spent loading the model for this chunk (0 once it is loaded)


def process_articles(articles: Sequence[Article], gazetteers: tuple[str, ...] = ()) -> ProcessedChunk:
    """Parse, extract, resolve, map, validate and serialize a chunk of articles in this process,
    loading the model on first use (once per process)."""
    from ..lexicon import use_gazetteers
    from .analyze import analyze_to_store, link_keys, summary
    from .nlp import load_model, model_loaded, parse
    from .validate import validate_graph

    use_gazetteers(gazetteers)
    loaded = model_loaded()
    started = time.perf_counter()
    load_model()
    model_seconds = 0.0 if loaded else time.perf_counter() - started
    if not loaded:
        gc.freeze()  # the model lives as long as the process: collections need not walk it again
    processed = []
    for article, doc in parse(articles):
        resolution, article_graph = analyze_to_store(article, doc)
        ntriples = article_graph.graph.serialize(format="nt", encoding="utf-8")  # validation reuses it
        report = validate_graph(article_graph.graph, ntriples)
        processed.append(
            ProcessedArticle(
                article_id=article.id,
                source=article.source,
                text_hash=article.text_hash,
                graph_iri=str(article_graph.graph_iri),
                ntriples=ntriples if report.conforms else b"",
                words=len(article.text.split()),
                names=frozenset(link_keys(resolution)),
                summary=summary(article, resolution, article_graph),
                violations=() if report.conforms else report.violations,
            )
        )
    return ProcessedChunk(processed, model_seconds)


@contextmanager
def language_work_gc() -> Iterator[None]:
    """The collector tuned for the language work (LANGUAGE_WORK_GC_THRESHOLD) while it runs in
    this process, and as it was afterwards (what was frozen joins the oldest generation again)."""
    before = gc.get_threshold()
    gc.set_threshold(*LANGUAGE_WORK_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


class Executor(Protocol):
    workers: int  # how many chunks it works on at once

    def map_chunks(self, chunks: Iterable[list[Article]]) -> Iterator[ProcessedChunk]: ...
    def close(self) -> None: ...


class InProcess:
    """The language work in the calling process."""

    def __init__(self, gazetteers: tuple[str, ...] = ()):
        self.gazetteers = gazetteers
        self.workers = 1

    def map_chunks(self, chunks: Iterable[list[Article]]) -> Iterator[ProcessedChunk]:
        with language_work_gc():
            for chunk in chunks:
                yield process_articles(chunk, self.gazetteers)

    def close(self) -> None:
        pass


class _Ordered:
    """Keep at most `ahead` chunks in flight and yield their results in submission order, so
    memory stays bounded however long the input is."""

    def __init__(self, ahead: int):
        self.ahead = ahead

    def run(self, submit: Callable[[list[Article]], _Future], result: Callable[[_Future], ProcessedChunk],
            chunks: Iterable[list[Article]]) -> Iterator[ProcessedChunk]:
        pending: deque[_Future] = deque()
        for chunk in chunks:
            pending.append(submit(chunk))
            if len(pending) >= self.ahead:
                yield result(pending.popleft())
        while pending:
            yield result(pending.popleft())


class ProcessPool:
    """`jobs` local processes. They are not forked from a process that holds the open store but
    from a forkserver, a fresh process that imports spaCy and kg and loads the model once
    (kg.pipeline.preload) before the workers fork from it: each worker starts with the model in
    memory instead of importing and loading it again (~1.3 s CPU a worker)."""

    def __init__(self, jobs: int, gazetteers: tuple[str, ...] = ()):
        self.gazetteers = gazetteers
        self.workers = jobs
        context: BaseContext
        if "forkserver" in get_all_start_methods():
            context = get_context("forkserver")
            context.set_forkserver_preload(["kg.pipeline.preload"])
        else:  # Windows: fresh processes, each importing and loading for itself
            context = get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=die_with_parent)

    def map_chunks(self, chunks: Iterable[list[Article]]) -> Iterator[ProcessedChunk]:
        def submit(chunk: list[Article]) -> Future[ProcessedChunk]:
            return self._pool.submit(process_articles, chunk, self.gazetteers)

        return _Ordered(2 * self.workers).run(submit, Future.result, chunks)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        _stop_forkserver()


def _stop_forkserver() -> None:
    """End the forkserver and wait for it: the model it holds is freed, and its CPU time (and
    that of the workers it reaped) counts in this process's children, as a spawned pool's did.

    multiprocessing has no public call for it: its forkserver lives until this process exits
    (it ends when the pipe this process holds open to it closes). ForkServer._stop, the call
    CPython's own tests make (in 3.11, 3.12 and 3.13), closes that pipe and waits; it is called
    once the pool is shut down, with no worker left. Should a Python lack it, the forkserver is
    left to end with this process: its memory is held until then, nothing else."""
    if "forkserver" not in get_all_start_methods():
        return
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is not None:
        stop()


class DaskCluster:
    """An existing Dask cluster (`tcp://SCHEDULER:8786`). Its workers need kg installed (the same
    version) and the gazetteer files at the same paths; each loads the model once."""

    def __init__(self, scheduler: str, gazetteers: tuple[str, ...] = ()):
        try:
            from distributed import Client
        except ImportError:
            raise KgError("--dask needs the dask extra: pip install 'kg[dask]'.") from None
        self.gazetteers = gazetteers
        try:
            self._client = Client(scheduler, timeout=DASK_CONNECT_SECONDS)
        except (OSError, TimeoutError) as error:
            raise KgError(f"Cannot reach the Dask scheduler at {scheduler} ({error}); is it running?") from None
        workers = self._client.scheduler_info().get("workers", {})
        self.workers = max(1, sum(w.get("nthreads", 1) for w in workers.values()))

    def map_chunks(self, chunks: Iterable[list[Article]]) -> Iterator[ProcessedChunk]:
        def submit(chunk: list[Article]) -> Any:  # a distributed.Future
            return self._client.submit(process_articles, chunk, self.gazetteers, pure=False)

        return _Ordered(2 * self.workers).run(submit, lambda future: future.result(), chunks)

    def close(self) -> None:
        self._client.close()


def make_executor(jobs: int = 1, dask: str | None = None, gazetteers: Iterable[str | Path] = ()) -> Executor:
    names = tuple(str(Path(g).resolve()) for g in gazetteers)
    if dask:
        return DaskCluster(dask, names)
    if jobs > 1:
        return ProcessPool(jobs, names)
    return InProcess(names)


def chunk_size(total: int, workers: int) -> int:
    """Chunks of CHUNK_ARTICLES, smaller when that would leave workers idle on a short input."""
    return max(1, min(CHUNK_ARTICLES, -(-total // (2 * workers))))


def chunked(articles: Iterable[Article], size: int = CHUNK_ARTICLES) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
