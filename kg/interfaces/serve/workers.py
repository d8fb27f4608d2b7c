"""The query workers: processes that open the store read-only and run one job at a time, a
query that outlives its time limit having its worker killed and replaced; and the process that
runs one SPARQL Update."""

from __future__ import annotations

import multiprocessing
import os
import queue
import re
import threading
import time
from pathlib import Path

from .sparql import ProtocolError


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

    def write(self, chunk) -> int:
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


def _worker_main(conn, store_path: str, limits: dict | None = None) -> None:
    """A worker: receives jobs, answers each with (status, payload). It reopens the store
    read-only whenever a writer changed it since the last job."""
    confine(limits)  # first: a process can enter a new network namespace only while it has one thread
    from ...processes import die_with_parent

    die_with_parent()  # a server killed outright leaves no query worker behind
    import pyoxigraph as ox

    from ...errors import KgError
    from ...store import KnowledgeStore

    opened = None
    signature = None
    conn.send(("ready", None))  # imports done: time limits count from here
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            current = _store_signature(store_path)
            if opened is None or current != signature:
                opened = None
                for attempt in range(3):  # a compaction may swap files under the opener
                    try:
                        opened = KnowledgeStore(store_path, read_only=True)
                        break
                    except KgError:
                        if attempt == 2:
                            raise
                        time.sleep(0.05)
                signature = current
            conn.send(("ok", _run_job(opened, job, ox)))
        except ResultTooLarge:
            conn.send(("too-large", None))
        except NotXml as error:
            conn.send(("not-xml", str(error)))
        except MemoryError:
            conn.send(("memory", None))
        except SyntaxError as error:
            conn.send(("syntax", str(error)))
        except KgError as error:
            conn.send(("kg-error", {"message": str(error), "candidates": getattr(error, "candidates", [])}))
        except Exception as error:  # reported to the client without a traceback
            conn.send(("error", f"{type(error).__name__}: {error}"))



def _run_job(store, job: dict, ox):
    kind = job["kind"]
    if kind == "query":
        from ...views.query import in_query_order

        # SELECT * columns in the query's order, as kg query lists them
        result = in_query_order(lambda text: store.query(text, default_graphs=job.get("default_graphs", ()),
                                                         named_graphs=job.get("named_graphs", ())), job["sparql"])
        out = _CappedBuffer(job["max_bytes"])
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
            chosen = job["format"]
            result.serialize(out, format=getattr(ox.QueryResultsFormat, chosen))
        else:
            chosen = job["graph_format"]
            result.serialize(out, format=getattr(ox.RdfFormat, chosen))
        if chosen in ("XML", "RDF_XML"):  # Oxigraph writes control characters in XML as they are
            bad = _NOT_XML.search(out.data)
            if bad:
                raise NotXml(f"U+{ord(bad.group().decode('utf-8')):04X}")
        return bytes(out.data)
    if kind == "entity":
        from ...views.entity import describe_entity

        return describe_entity(store, job["name"]).as_dict()
    if kind == "article":
        return _article(store, job["id"], job.get("from"))
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


def _article(store, article_id: str, opened_from: str | None = None) -> dict | None:
    """The article's text and metadata; with `opened_from` (an entity's IRI), that entity's
    name too, for the page's link back to it."""
    from ...namespaces import sparql_string
    from ...views.browse import first_sentence, names_of

    rows = list(store.query(f"""
        SELECT ?text ?title ?date ?url WHERE {{
          ?a a kgo:Article ; schema:identifier {sparql_string(article_id)} ; kgo:hasContext ?c .
          ?c nif:isString ?text .
          OPTIONAL {{ ?a schema:headline ?title }} OPTIONAL {{ ?a schema:datePublished ?date }} OPTIONAL {{ ?a schema:url ?url }}
        }} LIMIT 1"""))
    if not rows:
        return None
    row = rows[0]
    found = {name: (row[name].value if row[name] is not None else None) for name in ("text", "title", "date", "url")}
    found["headline"] = found["title"] or first_sentence(found["text"] or "") or None
    found["from"] = None
    if opened_from:
        label = names_of(store, [opened_from]).get(opened_from)
        if label is not None:
            found["from"] = {"iri": opened_from, "label": label}
    return found


def _update_main(conn, store_path: str, sparql: str, limits: dict | None = None) -> None:
    """Run one SPARQL Update on the store opened for writing, in its own process."""
    confine(limits)
    import pyoxigraph as ox

    from ...namespaces import PREFIXES
    from ...store.embedded import with_default_graph_resync

    conn.send(("ready", None))
    try:
        store = ox.Store(store_path)
    except OSError as error:
        conn.send(("busy" if "lock" in str(error).lower() else "error", str(error)))
        return
    try:
        store.update(with_default_graph_resync(sparql), prefixes=PREFIXES)  # the merged default graph kept exact
        store.flush()
        conn.send(("ok", b""))
    except MemoryError:
        conn.send(("memory", None))
    except SyntaxError as error:
        conn.send(("syntax", str(error)))
    except Exception as error:
        conn.send(("error", f"{type(error).__name__}: {error}"))


class _Worker:
    def __init__(self, context, store_path: str, limits: dict | None = None):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, store_path, limits), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, seconds: float = 120) -> bool:
        try:
            return self.conn.poll(seconds) and self.conn.recv()[0] == "ready"
        except (EOFError, OSError):
            return False

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(0.5)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryTimeout(Exception):
    pass


class WorkerPool:
    """A few worker processes; a job runs on a free one, and a job that runs past its time
    gets its worker killed (the only way to stop an Oxigraph query) and a fresh one started."""

    def __init__(self, store_path: Path, size: int, limits: dict | None = None):
        self.store_path = str(store_path)
        self.limits = limits
        self._context = multiprocessing.get_context("spawn")  # no fork under a running event loop
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        starting = [self._start() for _ in range(max(1, size))]
        for worker in starting:
            self._admit(worker)

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self.store_path, self.limits)
        with self._lock:
            self._all.add(worker)
        return worker

    def _admit(self, worker: _Worker) -> None:
        """Put a started worker to work once it has loaded kg."""
        if worker.wait_ready() and not self._closed:
            self._idle.put(worker)
        else:
            self._discard(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        self._discard(worker)
        if not self._closed:  # the newcomer loads in the background; the client is answered now
            threading.Thread(target=self._admit, args=(self._start(),), daemon=True).start()

    def run(self, job: dict, timeout: float) -> tuple[str, object]:
        """Blocking: run a job and return the worker's (status, payload)."""
        try:
            worker = self._idle.get(timeout=max(2 * timeout, 10))
        except queue.Empty:
            raise ProtocolError(503, "The endpoint is busy with other queries; try again shortly.",
                                {"Retry-After": "5"}) from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                self._replace(worker)
                raise QueryTimeout()
            reply = worker.conn.recv()
        except (EOFError, OSError):  # most often: it ran out of the memory it may use, and aborted
            self._replace(worker)
            return ("died", None)
        self._idle.put(worker)
        return reply

    def run_update(self, sparql: str, timeout: float) -> tuple[str, object]:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_update_main, args=(child, self.store_path, sparql, self.limits), daemon=True)
        process.start()
        child.close()
        try:
            if not (parent.poll(120) and parent.recv()[0] == "ready" and parent.poll(timeout)):
                process.kill()
                raise QueryTimeout()
            return parent.recv()
        except EOFError:
            return ("died", None)
        finally:
            process.join(5)
            parent.close()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
