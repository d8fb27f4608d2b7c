"""The query workers: processes that open the store read-only and run one job at a time, a
query that outlives its time limit having its worker killed and replaced (Oxigraph cannot
cancel a running query); and the process that runs one SPARQL Update.

The pool is pebble's ProcessPool, which keeps every guarantee kg serve gives: a job past its
time limit has its worker killed and a fresh one started (`schedule(..., timeout=)`), the limit
counting from when a worker takes the job, after its initializer (the imports) ran; each worker
confines itself (memory cap, no network) and ends with the server (die_with_parent) in that
initializer; a worker that dies (out of its memory) fails only its job (ProcessExpired).
What pebble does not do, and this module does around it: a worker ends at once on pebble's
SIGTERM (see start_worker); a job that no worker takes in time is answered 503; a pool pebble
gave up on (BrokenProcessPool) is replaced by a new one."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, TimeoutError as FutureTimeout, wait
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from pebble import ProcessExpired, ProcessFuture, ProcessPool

from .sparql import OperationKind, ProtocolError, UnreadableOperation

if TYPE_CHECKING:
    from ...api import KnowledgeStore

SPAWN = multiprocessing.get_context("spawn")  # no fork under a running event loop
STARTUP_SECONDS = 120  # for a worker process to load kg before it takes its first job


class ResultTooLarge(Exception):
    pass


def confine(limits: dict | None) -> None:
    """Called first thing in a query or update process. Caps its memory (RLIMIT_DATA: a query
    that builds huge strings fails there instead of taking the machine), and unless SERVICE is
    allowed, moves it into a network namespace of its own, where nothing is reachable: a second
    wall behind the parser's refusal of SERVICE and LOAD. Best effort where the system forbids
    namespaces: the parser's refusal still holds."""
    if not limits:
        return
    if limits.get("max_memory"):
        import resource

        resource.setrlimit(resource.RLIMIT_DATA, (limits["max_memory"], limits["max_memory"]))
    if not limits.get("network"):
        import ctypes

        clone_newuser, clone_newnet = 0x10000000, 0x40000000
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.unshare(clone_newnet) != 0:  # allowed to root; others need a user namespace
                libc.unshare(clone_newuser | clone_newnet)
        except (OSError, AttributeError):
            pass


_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")  # UTF-8 of what XML 1.0 forbids


class NotXml(Exception):
    """A result holding a character that XML 1.0 cannot carry, even as a character reference."""


class _CappedBuffer:
    """A binary stream that refuses to grow past a limit, so a huge result stops early."""

    def __init__(self, limit: int):
        self.limit = limit
        self.data = bytearray()

    def write(self, chunk: bytes) -> int:
        if len(self.data) + len(chunk) > self.limit:
            raise ResultTooLarge()
        self.data += chunk
        return len(chunk)

    def flush(self) -> None:
        pass


def _store_signature(path: str) -> tuple:
    """The store folder's files with their sizes and times: any write changes it. Oxigraph's
    read-only opener sees the store as it was when opened, so a changed signature means reopen."""
    entries = []
    with os.scandir(path) as listing:
        for entry in listing:
            if entry.name.startswith("LOG"):  # RocksDB's own diagnostics, not data
                continue
            try:
                info = entry.stat()
            except FileNotFoundError:  # removed by a compaction while we looked
                continue
            entries.append((entry.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(entries))


# --- in a worker process ------------------------------------------------------------------

def start_worker(limits: dict | None) -> None:
    """pebble's initializer, run once in each worker process before it takes any job."""
    confine(limits)  # first: a process can enter a new network namespace only while it has one thread
    # pebble stops a worker with SIGTERM, to which it sets a Python handler; that would run only
    # once the query in progress returns (never, for a runaway one), so pebble would wait its 3 s
    # before SIGKILL, the client waiting with it: the default action ends the worker at once.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from ...processes import die_with_parent

    # A server killed outright leaves no worker behind: not a query, nor an update holding the
    # store's write lock (an update that dies midway leaves nothing, being one transaction).
    die_with_parent()
    # Imports done here, so that a job's time limit does not pay for them.
    import pyoxigraph  # noqa: F401

    from ... import api  # noqa: F401
    from ...views import article, browse, entity, query, timeline  # noqa: F401


def is_ready() -> bool:
    """A job that does nothing: a worker that ran it has loaded kg."""
    return True


_opened: dict = {}  # in a query worker: the store it reads ("store") and that store's signature


def run_query_job(store_path: str, job: dict) -> tuple[str, Any]:
    """Run one job on the store, answering (status, payload). The store, kept open between
    jobs, is reopened read-only whenever a writer changed it since the last job."""
    from ... import api
    from ...errors import KgError

    try:
        current = _store_signature(store_path)
        if "store" not in _opened or current != _opened["signature"]:
            if "store" in _opened:
                _opened.pop("store").close()
            for attempt in range(3):  # a compaction may swap files under the opener
                try:
                    _opened["store"] = api.open_reader(store_path)
                    break
                except KgError:
                    if attempt == 2:
                        raise
                    time.sleep(0.05)
            _opened["signature"] = current
        return ("ok", _run_job(_opened["store"], job))
    except ResultTooLarge:
        return ("too-large", None)
    except NotXml as error:
        return ("not-xml", str(error))
    except MemoryError:
        return ("memory", None)
    except SyntaxError as error:
        return ("syntax", str(error))
    except KgError as error:
        return ("kg-error", {"message": str(error), "candidates": getattr(error, "candidates", [])})
    except Exception as error:  # reported to the client without a traceback
        return ("error", f"{type(error).__name__}: {error}")


def _run_job(store: KnowledgeStore, job: dict) -> Any:  # kg serve serves a store folder
    import pyoxigraph as ox

    kind = job["kind"]
    if kind == "query":
        from ...views.query import in_query_order

        # SELECT * columns in the query's order, as kg query lists them
        result = in_query_order(lambda text: store.query(text, default_graphs=job.get("default_graphs", ()),
                                                         named_graphs=job.get("named_graphs", ())), job["sparql"])
        out = _CappedBuffer(job["max_bytes"])
        stream = cast(IO[bytes], out)  # all Oxigraph calls are write and flush
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
            chosen = job["format"]
            result.serialize(stream, format=getattr(ox.QueryResultsFormat, chosen))
        else:
            chosen = job["graph_format"]
            result.serialize(stream, format=getattr(ox.RdfFormat, chosen))
        if chosen in ("XML", "RDF_XML"):  # Oxigraph writes control characters in XML as they are
            bad = _NOT_XML.search(out.data)
            if bad:
                raise NotXml(f"U+{ord(bad.group().decode('utf-8')):04X}")
        return bytes(out.data)
    if kind == "entity":
        from ...views.entity import describe_entity

        return describe_entity(store, job["name"]).as_dict()
    if kind == "article":
        from ...views.article import article_text

        return article_text(store, job["id"], job.get("from"))
    if kind == "timeline":
        from ...views.timeline import timeline

        return timeline(store, job["names"]).as_dict()
    if kind == "home":
        from ...views.browse import latest_articles, most_mentioned

        return {"entities": most_mentioned(store), "articles": latest_articles(store)}
    if kind == "suggest":
        from ...views.browse import suggest

        return suggest(store, job["text"])
    if kind == "names":
        from ...views.browse import names_of

        return names_of(store, job["iris"])
    raise ValueError(f"unknown job {kind!r}")


def run_update(store_path: str, sparql: str) -> tuple[str, Any]:
    """Run one SPARQL Update on the store opened for writing, answering (status, payload)."""
    from ... import api
    from ...errors import StoreError, StoreInUse

    try:
        api.update(sparql, store=store_path)  # one transaction, the merged default graph kept exact
        return ("ok", b"")
    except StoreInUse as error:  # another process (kg ingest) writes to the store
        return ("busy", str(error))
    except StoreError as error:
        return ("kg-error", {"message": str(error), "candidates": []})
    except MemoryError:
        return ("memory", None)
    except SyntaxError as error:
        return ("syntax", str(error))
    except Exception as error:
        return ("error", f"{type(error).__name__}: {error}")


CHECK_STACK_BYTES = 512 * 2**20  # address space only: pages are used as touched


def start_checker() -> None:
    """pebble's initializer for a query checker: rdflib's parser (pyparsing) recurses once per
    triple of a long query, so checks run on a thread with a deep stack; the checker ends with
    the server and at once on pebble's SIGTERM, like the query workers."""
    import sys

    from ...processes import die_with_parent

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 200_000))
    threading.stack_size(CHECK_STACK_BYTES)
    check_operation("ASK {}")  # loads the parser, so that the first check does not pay for it


def check_operation(sparql: str) -> OperationKind:
    """classify(sparql), in a checker process, on a thread with the deep stack."""
    from .sparql import classify

    found: dict[str, Any] = {}

    def run() -> None:
        try:
            found["kind"] = classify(sparql)
        except UnreadableOperation as unreadable:
            found["unreadable"] = str(unreadable)
        except BaseException as error:  # noqa: BLE001  (any failure of the parser: the query is refused)
            found["unreadable"] = f"{type(error).__name__}: {error}"[:300]

    reader = threading.Thread(target=run, name="sparql-check")
    reader.start()
    reader.join()
    if "kind" not in found:
        raise UnreadableOperation(found.get("unreadable", "the check ended without an answer."))
    return found["kind"]


# --- in the server ------------------------------------------------------------------------

class KeptPool:
    """A pebble pool of `size` processes, each started by `initializer` before it takes a job;
    a pool pebble gave up on (a process that ended with no job breaks it) is replaced by a new
    one at the next job, and a job the pool cannot take is answered 503. The query workers and
    the query checkers are each one."""

    def __init__(self, size: int, initializer: Callable[..., None], initargs: tuple = ()):
        self.size = max(1, size)
        self._initializer, self._initargs = initializer, initargs
        self._lock = threading.Lock()
        self._pool = self._start()

    def _start(self) -> ProcessPool:
        """A pool whose processes have started and loaded kg (or had STARTUP_SECONDS to)."""
        pool = ProcessPool(max_workers=self.size, initializer=self._initializer, initargs=self._initargs, context=SPAWN)
        wait([pool.schedule(is_ready) for _ in range(self.size)], timeout=STARTUP_SECONDS)
        return pool

    def submit(self, function: Callable[..., Any], args: tuple, timeout: float) -> ProcessFuture:
        with self._lock:
            if not self._pool.active:  # pebble gave up on it (a process ended with no job): start another
                self._pool.stop()
                self._pool.join()
                self._pool = self._start()
            try:
                return self._pool.schedule(function, args=args, timeout=timeout)
            except RuntimeError:  # it broke since: the next job gets a new one
                raise ProtocolError(503, BUSY, {"Retry-After": "5"}) from None

    def close(self) -> None:
        with self._lock:
            self._pool.stop()
            self._pool.join()


class CheckerPool(KeptPool):
    """Processes that read queries with rdflib's parser before any runs: several side by side,
    so that a query slow to read (rdflib takes seconds over `1+1+...+1`) holds one of them, and
    a check past its time limit has its process killed and replaced (pebble), as a query has."""

    def __init__(self, size: int):
        super().__init__(size, start_checker)

    def schedule(self, sparql: str, timeout: float) -> ProcessFuture:
        return self.submit(check_operation, (sparql,), timeout)


class QueryTimeout(Exception):
    pass


BUSY = "The endpoint is busy with other queries; try again shortly."


class WorkerPool(KeptPool):
    """A few worker processes; a job runs on a free one, and a job that runs past its time
    gets its worker killed (the only way to stop an Oxigraph query) and a fresh one started."""

    def __init__(self, store_path: Path, size: int, limits: dict | None = None):
        self.store_path = str(store_path)
        self.limits = limits
        super().__init__(size, start_worker, (limits,))

    def _schedule(self, job: dict, timeout: float) -> ProcessFuture:
        return self.submit(run_query_job, (self.store_path, job), timeout)

    def run(self, job: dict, timeout: float) -> tuple[str, Any]:
        """Blocking: run a job and return the worker's (status, payload)."""
        future = self._schedule(job, timeout)
        if not wait([future], timeout=max(2 * timeout, 10) + timeout).done and future.cancel():
            raise ProtocolError(503, BUSY, {"Retry-After": "5"})  # no worker took it in time
        try:
            return future.result()
        except FutureTimeout:  # pebble has killed the worker and is starting another
            raise QueryTimeout() from None
        except ProcessExpired as ended:  # out of the memory it may use (Rust aborts), or killed by a signal
            return ("died", ended.exitcode)
        except (CancelledError, RuntimeError):  # the pool broke under it; the next job gets a new one
            raise ProtocolError(503, BUSY, {"Retry-After": "5"}) from None

    def run_update(self, sparql: str, timeout: float) -> tuple[str, Any]:
        """Blocking: run one update in a process of its own (it holds the store's write lock
        only while it runs) and return its (status, payload)."""
        pool = ProcessPool(max_workers=1, initializer=start_worker, initargs=(self.limits,), context=SPAWN)
        try:
            future = pool.schedule(run_update, args=(self.store_path, sparql), timeout=timeout)
            if not wait([future], timeout=STARTUP_SECONDS + timeout).done and future.cancel():
                raise QueryTimeout()
            try:
                return future.result()
            except FutureTimeout:
                raise QueryTimeout() from None
            except ProcessExpired as ended:
                return ("died", ended.exitcode)
        finally:
            pool.stop()
            pool.join()
