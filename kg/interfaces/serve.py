"""`kg serve`: the store as a SPARQL 1.1 Protocol endpoint (Starlette on uvicorn), with a page
to explore it.

Queries run in worker processes that open the store read-only, so `kg ingest` can keep writing
while the endpoint serves. Oxigraph cannot cancel a running query, so a query that outlives its
time limit has its worker killed and replaced. Read-only unless started with --allow-update and
a token; SERVICE and LOAD (which reach other endpoints), found by a SPARQL parser, refused unless
allowed; request, query and result sizes, query time and query memory limited; Host and Origin
checked; a Content-Security-Policy on every response; errors never carry file-system paths."""

from __future__ import annotations

import asyncio
import hmac
import html
import json
import multiprocessing
import os
import queue
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.concurrency import run_in_threadpool
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ..resources import data_dir
from .pages import WEB_DIR


# Result formats: (media type, Oxigraph format name), the first of each list the default.
SOLUTION_FORMATS = [
    ("application/sparql-results+json", "JSON"),
    ("application/sparql-results+xml", "XML"),
    ("text/csv", "CSV"),
    ("text/tab-separated-values", "TSV"),
]
GRAPH_FORMATS = [
    ("text/turtle", "TURTLE"),
    ("application/n-triples", "N_TRIPLES"),
    ("application/ld+json", "JSON_LD"),
    ("application/rdf+xml", "RDF_XML"),
]
# Other names clients send for the same formats.
_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
    "application/json+ld": "application/ld+json",
}


@dataclass(frozen=True)
class ServeConfig:
    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0  # seconds a query may run
    max_query_chars: int = 20_000
    max_body_bytes: int = 100_000
    max_result_bytes: int = 20_000_000
    workers: int = 2
    allow_service: bool = False
    allow_update: bool = False
    token: str | None = None
    max_memory_mb: int = 1024  # per query or update process; 0: no limit
    allowed_hosts: tuple[str, ...] = ()  # Host names besides the bound address; "*": any

    def limits(self) -> dict:
        """What a query or update process confines itself to as it starts."""
        return {"max_memory": self.max_memory_mb * 2**20 if self.max_memory_mb > 0 else None,
                "network": self.allow_service}


class ProtocolError(Exception):
    """A request the endpoint answers with an HTTP error and a message."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# --- reading a query without running it -------------------------------------------------

# Parse-tree nodes (rdflib's grammar names) of operations that make the server fetch from
# elsewhere: SERVICE in a query, LOAD in an update.
_REACHING_OUT = frozenset({"ServiceGraphPattern", "Load"})
_QUERY_FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ANY_CODEPOINT = re.compile(r"\\u[0-9a-f]{4}", re.IGNORECASE)  # what rdflib would still expand


@dataclass(frozen=True)
class OperationKind:
    """What a request's SPARQL does, read by a SPARQL parser (rdflib's), never from keywords:
    the query form (select, ask, construct, describe) or "update", the operations in its parse
    tree (ServiceGraphPattern, Load, Clear, Drop, InsertData ...), and the text that was read,
    which is the text the store runs, so the check and the store see the same operation."""

    form: str
    operations: frozenset[str]
    text: str

    @property
    def reaches_out(self) -> bool:
        """SERVICE or LOAD: the server would fetch from another address."""
        return bool(self.operations & _REACHING_OUT)


class UnreadableOperation(Exception):
    """SPARQL the checking parser cannot read: refused, since the store might read it otherwise."""


def readable_text(sparql: str) -> str:
    """The text both parsers read alike: line ends made \\n (rdflib ends a # comment only at \\n,
    Oxigraph also at \\r) and codepoint escapes (\\u0041, \\U00000041) expanded once, as SPARQL
    1.1 says, so the store never expands an escape the check did not see."""

    def expand(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise UnreadableOperation(f"\\{match.group(0)[1:]} is not a character.")
        return chr(code)

    text = _CODEPOINT.sub(expand, sparql).replace("\r\n", "\n").replace("\r", "\n")
    if _ANY_CODEPOINT.search(text):
        raise UnreadableOperation("an escape (\\u...) spells another escape.")
    return text


def classify(sparql: str) -> OperationKind:
    """Parse SPARQL as a query, else as an update; UnreadableOperation if it is neither."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    text = readable_text(sparql)
    try:
        parsed = parseQuery(text)
        return OperationKind(_QUERY_FORMS.get(parsed[1].name, "select"), frozenset(_node_names(parsed)), text)
    except ParseException as error:
        query_error = error
    except Exception as error:  # RecursionError, ValueError, or the parser's own failure: refused all the same
        raise UnreadableOperation(_first_line(error)) from None
    try:
        parsed = parseUpdate(text)
    except ParseException:
        raise UnreadableOperation(_first_line(query_error)) from None
    except Exception as error:
        raise UnreadableOperation(_first_line(error)) from None
    if "request" not in parsed:  # nothing but comments and prefixes: an empty update to rdflib
        raise UnreadableOperation("it holds no query and no update.")
    return OperationKind("update", frozenset(_node_names(parsed)), text)


def _node_names(tree) -> set[str]:
    """The names of every node in rdflib's parse tree (CompValue), walked without recursion."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    names, stack = set(), [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            names.add(node.name)
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return names


def _first_line(error: Exception) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:300]


def negotiate(accept: str | None, form: str) -> tuple[str, str]:
    """The (media type, Oxigraph format) for an Accept header and a query form; a client that
    accepts none of them gets the default rather than an error, as most endpoints do. Werkzeug
    weighs q-values, wildcards and specificity; between equally good types ours come in the
    order of the lists above."""
    offered = GRAPH_FORMATS if form in ("construct", "describe") else SOLUTION_FORMATS
    by_type = dict(offered)
    aliases = [alias for alias, media in _ALIASES.items() if media in by_type]
    best = parse_accept_header(accept, MIMEAccept).best_match([*by_type, *aliases])
    media = _ALIASES.get(best, best) if best else offered[0][0]
    return media, by_type[media]


# --- the workers ------------------------------------------------------------------------

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
    from ..processes import die_with_parent

    die_with_parent()  # a server killed outright leaves no query worker behind
    import pyoxigraph as ox

    from ..errors import KgError
    from ..store import KnowledgeStore

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


def _is_iri(text: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", text) is not None


def _run_job(store, job: dict, ox):
    kind = job["kind"]
    if kind == "query":
        from ..views.query import in_query_order

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
        from ..views.entity import describe_entity

        return describe_entity(store, job["name"]).as_dict()
    if kind == "article":
        return _article(store, job["id"], job.get("from"))
    if kind == "timeline":
        from ..views.timeline import timeline

        return timeline(store, job["names"]).as_dict()
    if kind == "home":
        from ..views.browse import latest_articles, most_mentioned

        return {"entities": most_mentioned(store), "articles": latest_articles(store)}
    if kind == "suggest":
        from ..views.browse import suggest

        return suggest(store, job["text"])
    if kind == "names":
        from ..views.browse import names_of

        return names_of(store, job["iris"])
    raise ValueError(f"unknown job {kind!r}")


def _article(store, article_id: str, opened_from: str | None = None) -> dict | None:
    """The article's text and metadata; with `opened_from` (an entity's IRI), that entity's
    name too, for the page's link back to it."""
    from ..namespaces import sparql_string
    from ..views.browse import first_sentence, names_of

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

    from ..namespaces import PREFIXES
    from ..store.embedded import with_default_graph_resync

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


# --- the web application ----------------------------------------------------------------

_PATH = re.compile(r"(?<![\w:/.<])(?:~|\.{1,2})?/(?:[\w.@+-]+/)+[\w.@+-]*")


def scrub(message: str, store_path: Path) -> str:
    """An error message with no file-system path in it."""
    for path in {str(store_path), str(Path(store_path).resolve()), str(Path.home())}:
        if len(path) > 1:
            message = message.replace(path, "<store>" if path != str(Path.home()) else "~")
    return _PATH.sub("<path>", message)


def create_app(config: ServeConfig) -> Starlette:
    pool_holder: dict[str, WorkerPool] = {}
    # Jobs wait for a worker here, in the event loop, not in threads: the thread pool stays free
    # for everything else, and the page is served while every worker is busy.
    free_workers = asyncio.Semaphore(max(1, config.workers))
    # rdflib's parser (pyparsing) is not thread-safe: every check runs on this one thread, which
    # gets a deep stack, since the grammar recurses once per triple of a long query.
    checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sparql-check")
    checks = {"pending": 0}
    waiting = {"jobs": 0}
    max_waiting = 8 * max(1, config.workers)
    files = {name: (WEB_DIR / name).read_bytes() for name in ("index.html", *_STATIC)}
    examples_json = json.dumps(competency_questions(), ensure_ascii=False).encode("utf-8")

    @asynccontextmanager
    async def lifespan(app):
        pool_holder["pool"] = await run_in_threadpool(WorkerPool, config.store, config.workers, config.limits())
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 200_000))
        previous = threading.stack_size(512 * 2**20)  # address space only: pages are used as touched
        try:
            await asyncio.get_running_loop().run_in_executor(checker, classify, "ASK {}")  # starts the thread, loads the parser
        finally:
            threading.stack_size(previous)
        try:
            yield
        finally:
            checker.shutdown(wait=False)
            await run_in_threadpool(pool_holder["pool"].close)

    def pool() -> WorkerPool:
        return pool_holder["pool"]

    async def check(kind: str, sparql: str, request: Request) -> OperationKind:
        """check_allowed on the checking thread, waited for at most the query time limit; a check
        that would queue behind too many others gets 503 at once."""
        if checks["pending"] >= max_waiting:
            raise ProtocolError(503, "The endpoint is busy with other queries; try again shortly.", {"Retry-After": "5"})
        checks["pending"] += 1
        try:
            return await asyncio.wait_for(
                asyncio.get_running_loop().run_in_executor(checker, check_allowed, kind, sparql, request), config.timeout)
        except asyncio.TimeoutError:
            raise ProtocolError(503, f"Reading the query took longer than the {config.timeout:g} s limit; "
                                     f"simplify it.", {"Retry-After": "5"}) from None
        finally:
            checks["pending"] -= 1

    async def on_worker(job: dict) -> tuple[str, object]:
        """Run a job on a worker once one is free; a job that would wait behind too many others,
        or too long, gets 503 at once."""
        if waiting["jobs"] >= max_waiting:
            raise ProtocolError(503, "The endpoint is busy with other queries; try again shortly.", {"Retry-After": "5"})
        waiting["jobs"] += 1
        try:
            await asyncio.wait_for(free_workers.acquire(), timeout=max(2 * config.timeout, 10))
        except asyncio.TimeoutError:
            raise ProtocolError(503, "The endpoint is busy with other queries; try again shortly.",
                                {"Retry-After": "5"}) from None
        finally:
            waiting["jobs"] -= 1
        try:
            return await run_in_threadpool(pool().run, job, config.timeout)
        finally:
            free_workers.release()

    def error(status: int, message: str, headers: dict | None = None) -> PlainTextResponse:
        return PlainTextResponse(scrub(message, config.store).rstrip("\n") + "\n", status_code=status, headers=headers)

    async def read_body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > config.max_body_bytes:
            raise ProtocolError(413, f"The request body is larger than {config.max_body_bytes} bytes.")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > config.max_body_bytes:
                raise ProtocolError(413, f"The request body is larger than {config.max_body_bytes} bytes.")
        return bytes(body)

    async def operation(request: Request) -> tuple[str, str, dict[str, list[str]]]:
        """("query" or "update", the SPARQL, the protocol's dataset: default-graph-uri and
        named-graph-uri, each repeatable) from a GET or POST in any of the protocol's forms."""
        params = dict(request.query_params)
        dataset = {name: request.query_params.getlist(name) for name in ("default-graph-uri", "named-graph-uri")}
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await read_body(request)
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise ProtocolError(400, "The request body is not UTF-8.") from None
            if content_type == "application/sparql-query":
                return "query", text, dataset
            if content_type == "application/sparql-update":
                return "update", text, dataset
            if content_type == "application/x-www-form-urlencoded":
                fields = parse_qs(text, keep_blank_values=True)
                params.update({k: v[0] for k, v in fields.items()})
                for name in dataset:
                    dataset[name] += fields.get(name, [])
            else:
                raise ProtocolError(415, "Send the query as application/x-www-form-urlencoded (query=...) or "
                                         "application/sparql-query, or an update as application/sparql-update.")
        if "update" in params:
            return "update", params["update"], dataset
        if "query" in params:
            return "query", params["query"], dataset
        raise ProtocolError(400, "No query: pass it as query=... (GET or form POST) or as an application/sparql-query body.")

    def check_allowed(kind: str, sparql: str, request: Request) -> OperationKind:
        if len(sparql) > config.max_query_chars:
            raise ProtocolError(413, f"The query is longer than {config.max_query_chars} characters.")
        try:
            operation_kind = classify(sparql)
        except UnreadableOperation as unreadable:
            raise ProtocolError(400, f"The query does not parse: {unreadable}") from None
        if kind == "update" or operation_kind.form == "update":
            if not config.allow_update:
                raise ProtocolError(403, "This endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP ...) "
                                         "is refused. Change the store with kg ingest.")
            given = request.headers.get("authorization", "")
            scheme, _, token = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), (config.token or "").encode()):
                raise ProtocolError(401, "Updates need the server's token: send 'Authorization: Bearer TOKEN'.",
                                    {"WWW-Authenticate": 'Bearer realm="kg"'})
            if kind == "query":
                raise ProtocolError(400, "This is an update; send it as update=... or application/sparql-update.")
        if kind == "update" and operation_kind.form != "update":
            raise ProtocolError(400, "This is a query, not an update; send it as query=... or application/sparql-query.")
        if operation_kind.reaches_out and not config.allow_service:
            raise ProtocolError(403, "SERVICE and LOAD, which reach other servers, are refused; start kg serve with "
                                     "--allow-service to allow them.")
        return operation_kind

    async def sparql(request: Request) -> Response:
        try:
            kind, text, dataset = await operation(request)
            checked = await check(kind, text, request)
            text = checked.text  # the store runs what the parser read
            if kind == "update":
                status, payload = await run_in_threadpool(pool().run_update, text, config.timeout)
                if status == "busy":
                    raise ProtocolError(503, "The store is being written by another process; try again shortly.",
                                        {"Retry-After": "5"})
                return _reply(status, payload, checked) or Response(status_code=204)
            form = checked.form
            media, result_format = negotiate(request.headers.get("accept"), form)
            graph = form in ("construct", "describe")
            if kind == "query" and any(not _is_iri(uri) for uris in dataset.values() for uri in uris):
                raise ProtocolError(400, "default-graph-uri and named-graph-uri take absolute IRIs, e.g. "
                                         "https://w3id.org/kg-news/id/graph/ARTICLE.")
            job = {"kind": "query", "sparql": text, "max_bytes": config.max_result_bytes,
                   "default_graphs": dataset["default-graph-uri"], "named_graphs": dataset["named-graph-uri"],
                   "format": "JSON" if graph else result_format, "graph_format": result_format if graph else "TURTLE"}
            started = time.perf_counter()
            status, payload = await on_worker(job)
            failure = _reply(status, payload, checked)
            if failure is not None:
                return failure
            headers = {"X-Query-Seconds": f"{time.perf_counter() - started:.3f}", "Vary": "Accept"}
            return Response(payload, media_type=f"{media}; charset=utf-8", headers=headers)
        except QueryTimeout:
            return error(503, f"The query ran longer than the {config.timeout:g} s limit and was stopped; "
                              f"narrow it or add a LIMIT.")
        except ProtocolError as refusal:
            return error(refusal.status, refusal.message, refusal.headers)

    def _reply(status: str, payload, checked: OperationKind) -> Response | None:
        if status == "ok":
            return None
        if status in ("died", "memory"):
            limit = f"the {config.max_memory_mb} MB memory limit (--max-memory)" if config.max_memory_mb > 0 else "the memory it could get"
            return error(503, f"The query needed more than {limit} and was stopped; narrow it or add a LIMIT.",
                         {"Retry-After": "5"})
        if status == "too-large":
            return error(422, f"The result is larger than {config.max_result_bytes} bytes; add a LIMIT or select fewer variables.")
        if status == "not-xml":
            return error(406, f"The result holds a control character ({payload}) that XML 1.0 cannot carry; ask for "
                              "another format, e.g. Accept: application/sparql-results+json or text/turtle.")
        if checked.reaches_out:  # never pass on what another server answered, or how it could not be reached
            return error(502, "The query failed while fetching from another server (SERVICE or LOAD).")
        if status == "syntax":
            return error(400, f"The query does not parse: {payload}")
        if status == "kg-error":
            return error(503, f"The store cannot be read: {payload['message']}")
        return error(500, f"The query failed: {payload}")

    async def entity(request: Request) -> Response:
        name = request.query_params.get("name", "")
        if len(name) > 2000:
            return JSONResponse({"error": "The name is longer than 2000 characters."}, status_code=413)
        return await view_job({"kind": "entity", "name": name}, "Describing the entity")

    async def article(request: Request) -> Response:
        article_id = request.query_params.get("id", "")
        try:
            status, payload = await on_worker({"kind": "article", "id": article_id,
                                               "from": request.query_params.get("from", "")[:2000] or None})
        except (QueryTimeout, ProtocolError):
            return error(503, "The article could not be read in time; try again.")
        if status != "ok" or payload is None:
            return HTMLResponse(f"<!doctype html><title>Not found</title><p>No article {html.escape(article_id)!s} in the store.</p>",
                                status_code=404)
        return HTMLResponse(render_article(article_id, payload, _int(request.query_params.get("start")),
                                           _int(request.query_params.get("end"))))

    async def view_job(job: dict, what: str) -> Response:
        """A JSON view computed on a worker (entity, timeline, start page, suggestions, names)."""
        try:
            status, payload = await on_worker(job)
        except QueryTimeout:
            return JSONResponse({"error": f"{what} took longer than {config.timeout:g} s."}, status_code=503)
        except ProtocolError as refusal:
            return JSONResponse({"error": refusal.message}, status_code=refusal.status, headers=refusal.headers)
        if status == "ok":
            return JSONResponse(payload)
        if status == "kg-error":
            return JSONResponse({"error": scrub(payload["message"], config.store),
                                 "candidates": [{"iri": i, "label": l} for i, l in payload["candidates"]]}, status_code=404)
        return JSONResponse({"error": scrub(str(payload), config.store)}, status_code=500)

    async def timeline(request: Request) -> Response:
        names = [request.query_params.get("name", ""), *request.query_params.getlist("with")]
        if len(names) > 10 or any(len(name) > 2000 for name in names):
            return JSONResponse({"error": "Give at most 10 names of at most 2000 characters."}, status_code=413)
        return await view_job({"kind": "timeline", "names": names}, "The timeline")

    async def home(request: Request) -> Response:
        return await view_job({"kind": "home"}, "The start page")

    async def suggest(request: Request) -> Response:
        return await view_job({"kind": "suggest", "text": request.query_params.get("q", "")[:200]}, "Suggesting names")

    async def names(request: Request) -> Response:
        try:
            iris = json.loads(await read_body(request))
        except ProtocolError as refusal:
            return JSONResponse({"error": refusal.message}, status_code=refusal.status)
        except ValueError:
            iris = None
        if not isinstance(iris, list) or not all(isinstance(iri, str) for iri in iris):
            return JSONResponse({"error": "Send a JSON list of IRIs."}, status_code=400)
        return await view_job({"kind": "names", "iris": iris[:500]}, "Naming the IRIs")

    # The page, its files and the examples are read once, at start, and answered from memory:
    # no thread and no worker is needed to send them.
    async def examples(request: Request) -> Response:
        return Response(examples_json, media_type="application/json")

    async def prefixes(request: Request) -> Response:
        # The page prints IRIs with these, as kg query does, so what it shows pastes back.
        from ..namespaces import PREFIXES

        return JSONResponse(PREFIXES)

    async def index(request: Request) -> Response:
        return Response(files["index.html"], media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return error(404, "Not found.")
        return Response(files[name], media_type=_STATIC[name])

    routes = [
        Route("/", index),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/entity", entity),
        Route("/article", article),
        Route("/timeline", timeline),
        Route("/home", home),
        Route("/suggest", suggest),
        Route("/names", names, methods=["POST"]),
        Route("/examples", examples),
        Route("/prefixes", prefixes),
        Route("/static/{name}", static),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
    ]
    return Starlette(routes=routes, lifespan=lifespan,
                     middleware=[Middleware(RequestChecks, allowed_hosts=allowed_hosts(config))])


_STATIC = {"app.js": "text/javascript; charset=utf-8", "graph.js": "text/javascript; charset=utf-8",
           "article.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}

# Every response: scripts and styles only from this server's own files (no inline script, so a
# stored "javascript:" URL or injected markup cannot run), no framing, no MIME sniffing.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
_WILDCARDS = ("0.0.0.0", "::", "")


def allowed_hosts(config: ServeConfig) -> frozenset[str] | None:
    """The host:port values the Host header may name: the bound address and, for loopback,
    localhost; plus --allowed-host names. None (any Host) when bound to every address with no
    --allowed-host, or when --allowed-host is "*"."""
    names = set(config.allowed_hosts)
    if "*" in names or (config.host in _WILDCARDS and not names):
        return None
    names.add(config.host)
    if config.host in _LOOPBACK_NAMES or config.host in _WILDCARDS:
        names.update(_LOOPBACK_NAMES)
    names -= set(_WILDCARDS)
    allowed = set()
    for name in names:
        name = name.lower().strip("[]")
        shown = f"[{name}]" if ":" in name else name
        allowed.add(f"{shown}:{config.port}")
        if config.port == 80:
            allowed.add(shown)
    return frozenset(allowed)


def _host_and_port(url: str) -> tuple[str, int] | None:
    """(host, port) of an http(s) URL, the scheme's port if none is given; None if it is not one
    ("null", the Origin of files and sandboxed pages, included)."""
    try:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        return parts.hostname.lower(), parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None


class RequestChecks:
    """ASGI middleware. Refuses a Host header that names another site (421: a DNS-rebinding page
    would send its own name) and a browser request sent from a page of another origin (403: the
    Origin header, or Sec-Fetch-Site: cross-site); adds SECURITY_HEADERS to every response.
    (Starlette's TrustedHostMiddleware drops the port and cannot read an IPv6 Host.)"""

    def __init__(self, app, allowed_hosts: frozenset[str] | None):
        self.app = app
        self.allowed = allowed_hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self.refusal(headers)
        if refusal is not None:
            status, message = refusal
            return await PlainTextResponse(message + "\n", status_code=status)(scope, receive, self._secured(send))
        return await self.app(scope, receive, self._secured(send))

    def refusal(self, headers: dict) -> tuple[int, str] | None:
        host = headers.get("host", "").strip().lower()
        if self.allowed is not None and host not in self.allowed:
            return 421, (f"This server does not answer for the host {host or '(none)'!r}; use "
                         f"http://{sorted(self.allowed)[0]}/ or start kg serve with --allowed-host {host.rsplit(':', 1)[0] or 'NAME'}.")
        origin = headers.get("origin")
        if origin is not None and _host_and_port(origin) != _host_and_port("http://" + host):
            return 403, f"Requests from pages of another site (Origin: {origin[:100]}) are refused."
        if headers.get("sec-fetch-site") == "cross-site":
            return 403, "Requests from pages of another site are refused."
        return None

    @staticmethod
    def _secured(send):
        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in SECURITY_HEADERS if h[0] not in present]
            await send(message)
        return with_headers


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def competency_questions() -> list[dict]:
    """The bundled example queries (queries/cq*.rq), each with its question from the first comment."""
    try:
        folder = data_dir("queries")
    except FileNotFoundError:
        return []
    examples = []
    for path in sorted(folder.glob("cq*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        title = first.lstrip("# ").strip() if first.startswith("#") else path.stem
        title = re.sub(rf"^{re.escape(path.stem)}:\s*", "", title)
        examples.append({"name": path.stem, "title": title, "query": text})
    return examples


def render_article(article_id: str, article: dict, start: int | None, end: int | None) -> str:
    """An article's text as a page, the evidence between start and end highlighted."""
    from .pages import render

    text = article["text"] or ""
    evidence = (start, end) if start is not None and end is not None and 0 <= start <= end <= len(text) else None
    url = article.get("url") or ""
    # Only web addresses become links: a "javascript:" URL would run in the endpoint's origin.
    return render("article.html.j2", title=article.get("headline") or article.get("title") or article_id, text=text,
                  evidence=evidence, meta=[x for x in (article_id, article.get("date")) if x],
                  url=url if is_web_url(url) else None, opened_from=article.get("from"))


def is_web_url(url: str) -> bool:
    """An absolute http or https URL with a host: the only kind kg renders as a link."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and url == url.strip()


def serve(config: ServeConfig) -> None:
    """Run the endpoint until interrupted."""
    import uvicorn

    uvicorn.run(create_app(config), host=config.host, port=config.port, log_level="warning",
                server_header=False, h11_max_incomplete_event_size=max(16_384, config.max_query_chars * 4))
