"""`kg serve`: the store as a SPARQL 1.1 Protocol endpoint (Starlette on uvicorn), with a page
to explore it.

Queries run in worker processes that open the store read-only, so `kg ingest` can keep writing
while the endpoint serves. Oxigraph cannot cancel a running query, so a query that outlives its
time limit has its worker killed and replaced. Read-only unless started with --allow-update and
a token; SERVICE (queries that reach other endpoints) refused unless allowed; request, query and
result sizes limited; errors never carry file-system paths."""

from __future__ import annotations

import hmac
import html
import json
import multiprocessing
import os
import queue
import re
import threading
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.concurrency import run_in_threadpool

from .resources import data_dir

WEB_DIR = Path(__file__).resolve().parent / "web"

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
_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_QUERY_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}


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


class ProtocolError(Exception):
    """A request the endpoint answers with an HTTP error and a message."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# --- reading a query without running it -------------------------------------------------

_TOKEN = re.compile(
    r"""(?P<space>\s+)|(?P<comment>\#[^\n]*)|(?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
    r"""|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)|(?P<var>[?$]\w+)|(?P<pname>[A-Za-z_][\w.-]*:[\w.%:-]*|:[\w.%:-]*)"""
    r"""|(?P<word>[A-Za-z_]\w*)|(?P<other>.)""",
    re.DOTALL,
)


@dataclass(frozen=True)
class QueryShape:
    """What a request's SPARQL is, read from its keywords: the query form (select, ask,
    construct, describe, or update), and whether it calls SERVICE or LOAD."""

    form: str | None
    uses_service: bool
    loads: bool


def read_shape(sparql: str) -> QueryShape:
    words = [m.group("word").upper() for m in _TOKEN.finditer(sparql) if m.lastgroup == "word"]
    form = None
    for word in words:
        if word in ("PREFIX", "BASE"):
            continue
        form = _QUERY_FORMS.get(word) or ("update" if word in _UPDATE_KEYWORDS else None)
        break
    return QueryShape(form, "SERVICE" in words, "LOAD" in words)


def negotiate(accept: str | None, form: str) -> tuple[str, str]:
    """The (media type, Oxigraph format) for an Accept header and a query form; a client that
    accepts none of them gets the default rather than an error, as most endpoints do."""
    offered = GRAPH_FORMATS if form in ("construct", "describe") else SOLUTION_FORMATS
    by_type = dict(offered)
    choices = []
    for position, part in enumerate((accept or "").split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        media = _ALIASES.get(media.lower(), media.lower())
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            choices.append((-quality, position, media))
    for _, _, media in sorted(choices):
        if media in by_type:
            return media, by_type[media]
        if media in ("*/*", "application/*", "text/*"):
            for offered_type, name in offered:
                if media == "*/*" or offered_type.startswith(media[:-1]):
                    return offered_type, name
    return offered[0]


# --- the workers ------------------------------------------------------------------------

class ResultTooLarge(Exception):
    pass


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


def _worker_main(conn, store_path: str) -> None:
    """A worker: receives jobs, answers each with (status, payload). It reopens the store
    read-only whenever a writer changed it since the last job."""
    import pyoxigraph as ox

    from .errors import KgError
    from .store import KnowledgeStore

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
        result = store.query(job["sparql"], default_graphs=job.get("default_graphs", ()),
                             named_graphs=job.get("named_graphs", ()))
        out = _CappedBuffer(job["max_bytes"])
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
            result.serialize(out, format=getattr(ox.QueryResultsFormat, job["format"]))
        else:
            result.serialize(out, format=getattr(ox.RdfFormat, job["graph_format"]))
        return bytes(out.data)
    if kind == "entity":
        from .entity import describe_entity

        return describe_entity(store, job["name"]).as_dict()
    if kind == "article":
        return _article(store, job["id"])
    raise ValueError(f"unknown job {kind!r}")


def _article(store, article_id: str) -> dict | None:
    from .entity import _string

    rows = list(store.query(f"""
        SELECT ?text ?title ?date ?url WHERE {{
          ?a a kgo:Article ; schema:identifier {_string(article_id)} ; kgo:hasContext ?c .
          ?c nif:isString ?text .
          OPTIONAL {{ ?a schema:headline ?title }} OPTIONAL {{ ?a schema:datePublished ?date }} OPTIONAL {{ ?a schema:url ?url }}
        }} LIMIT 1"""))
    if not rows:
        return None
    row = rows[0]
    return {name: (row[name].value if row[name] is not None else None) for name in ("text", "title", "date", "url")}


def _update_main(conn, store_path: str, sparql: str) -> None:
    """Run one SPARQL Update on the store opened for writing, in its own process."""
    import pyoxigraph as ox

    from .namespaces import PREFIXES
    from .store import with_default_graph_resync

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
    except SyntaxError as error:
        conn.send(("syntax", str(error)))
    except Exception as error:
        conn.send(("error", f"{type(error).__name__}: {error}"))


class _Worker:
    def __init__(self, context, store_path: str):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, store_path), daemon=True)
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

    def __init__(self, store_path: Path, size: int):
        self.store_path = str(store_path)
        self._context = multiprocessing.get_context("spawn")  # no fork under a running event loop
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        starting = [self._start() for _ in range(max(1, size))]
        for worker in starting:
            self._admit(worker)

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self.store_path)
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
        except (EOFError, OSError):
            self._replace(worker)
            return ("error", "the query process ended unexpectedly")
        self._idle.put(worker)
        return reply

    def run_update(self, sparql: str, timeout: float) -> tuple[str, object]:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_update_main, args=(child, self.store_path, sparql), daemon=True)
        process.start()
        child.close()
        try:
            if not (parent.poll(120) and parent.recv()[0] == "ready" and parent.poll(timeout)):
                process.kill()
                raise QueryTimeout()
            return parent.recv()
        except EOFError:
            return ("error", "the update process ended unexpectedly")
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

    @asynccontextmanager
    async def lifespan(app):
        pool_holder["pool"] = await run_in_threadpool(WorkerPool, config.store, config.workers)
        try:
            yield
        finally:
            await run_in_threadpool(pool_holder["pool"].close)

    def pool() -> WorkerPool:
        return pool_holder["pool"]

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

    def check_allowed(kind: str, sparql: str, request: Request) -> QueryShape:
        if len(sparql) > config.max_query_chars:
            raise ProtocolError(413, f"The query is longer than {config.max_query_chars} characters.")
        shape = read_shape(sparql)
        if kind == "update" or shape.form == "update":
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
        if (shape.uses_service or shape.loads) and not config.allow_service:
            raise ProtocolError(403, "SERVICE and LOAD, which reach other servers, are refused; start kg serve with "
                                     "--allow-service to allow them.")
        return shape

    async def sparql(request: Request) -> Response:
        try:
            kind, text, dataset = await operation(request)
            shape = check_allowed(kind, text, request)
            if kind == "update":
                status, payload = await run_in_threadpool(pool().run_update, text, config.timeout)
                if status == "busy":
                    raise ProtocolError(503, "The store is being written by another process; try again shortly.",
                                        {"Retry-After": "5"})
                return _reply(status, payload) or Response(status_code=204)
            form = shape.form or "select"
            media, result_format = negotiate(request.headers.get("accept"), form)
            graph = form in ("construct", "describe")
            if kind == "query" and any(not _is_iri(uri) for uris in dataset.values() for uri in uris):
                raise ProtocolError(400, "default-graph-uri and named-graph-uri take absolute IRIs, e.g. "
                                         "https://w3id.org/kg-news/id/graph/ARTICLE.")
            job = {"kind": "query", "sparql": text, "max_bytes": config.max_result_bytes,
                   "default_graphs": dataset["default-graph-uri"], "named_graphs": dataset["named-graph-uri"],
                   "format": "JSON" if graph else result_format, "graph_format": result_format if graph else "TURTLE"}
            started = time.perf_counter()
            status, payload = await run_in_threadpool(pool().run, job, config.timeout)
            failure = _reply(status, payload)
            if failure is not None:
                return failure
            headers = {"X-Query-Seconds": f"{time.perf_counter() - started:.3f}", "Vary": "Accept"}
            return Response(payload, media_type=f"{media}; charset=utf-8", headers=headers)
        except QueryTimeout:
            return error(503, f"The query ran longer than the {config.timeout:g} s limit and was stopped; "
                              f"narrow it or add a LIMIT.")
        except ProtocolError as refusal:
            return error(refusal.status, refusal.message, refusal.headers)

    def _reply(status: str, payload) -> Response | None:
        if status == "ok":
            return None
        if status == "syntax":
            return error(400, f"The query does not parse: {payload}")
        if status == "too-large":
            return error(422, f"The result is larger than {config.max_result_bytes} bytes; add a LIMIT or select fewer variables.")
        if status == "kg-error":
            return error(503, f"The store cannot be read: {payload['message']}")
        return error(500, f"The query failed: {payload}")

    async def entity(request: Request) -> Response:
        name = request.query_params.get("name", "")
        if len(name) > 2000:
            return JSONResponse({"error": "The name is longer than 2000 characters."}, status_code=413)
        try:
            status, payload = await run_in_threadpool(pool().run, {"kind": "entity", "name": name}, config.timeout)
        except QueryTimeout:
            return JSONResponse({"error": f"Describing the entity took longer than {config.timeout:g} s."}, status_code=503)
        except ProtocolError as refusal:
            return JSONResponse({"error": refusal.message}, status_code=refusal.status, headers=refusal.headers)
        if status == "ok":
            return JSONResponse(payload)
        if status == "kg-error":
            return JSONResponse({"error": scrub(payload["message"], config.store),
                                 "candidates": [{"iri": i, "label": l} for i, l in payload["candidates"]]}, status_code=404)
        return JSONResponse({"error": scrub(str(payload), config.store)}, status_code=500)

    async def article(request: Request) -> Response:
        article_id = request.query_params.get("id", "")
        try:
            status, payload = await run_in_threadpool(pool().run, {"kind": "article", "id": article_id}, config.timeout)
        except (QueryTimeout, ProtocolError):
            return error(503, "The article could not be read in time; try again.")
        if status != "ok" or payload is None:
            return HTMLResponse(f"<!doctype html><title>Not found</title><p>No article {html.escape(article_id)!s} in the store.</p>",
                                status_code=404)
        return HTMLResponse(render_article(article_id, payload, _int(request.query_params.get("start")),
                                           _int(request.query_params.get("end"))))

    async def examples(request: Request) -> Response:
        return JSONResponse(competency_questions())

    async def index(request: Request) -> Response:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return error(404, "Not found.")
        return FileResponse(WEB_DIR / name, media_type=_STATIC[name])

    routes = [
        Route("/", index),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/entity", entity),
        Route("/article", article),
        Route("/examples", examples),
        Route("/static/{name}", static),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


_STATIC = {"app.js": "text/javascript; charset=utf-8", "graph.js": "text/javascript; charset=utf-8",
           "style.css": "text/css; charset=utf-8"}


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
    text = article["text"] or ""
    if start is not None and end is not None and 0 <= start <= end <= len(text):
        body = (html.escape(text[:start]) + '<mark id="evidence">' + html.escape(text[start:end]) + "</mark>"
                + html.escape(text[end:]))
    else:
        body = html.escape(text)
    title = html.escape(article.get("title") or article_id)
    meta = " · ".join(html.escape(x) for x in (article_id, article.get("date")) if x)
    link = f' · <a href="{html.escape(article["url"])}" rel="noreferrer">original</a>' if article.get("url") else ""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="stylesheet" href="/static/style.css"></head><body class="article">'
            f'<p><a href="/">← kg</a></p><h1>{title}</h1><p class="meta">{meta}{link}</p>'
            f'<div class="text">{body}</div>'
            f'<script>document.getElementById("evidence")?.scrollIntoView({{block: "center"}});</script></body></html>')


def serve(config: ServeConfig) -> None:
    """Run the endpoint until interrupted."""
    import uvicorn

    uvicorn.run(create_app(config), host=config.host, port=config.port, log_level="warning",
                server_header=False, h11_max_incomplete_event_size=max(16_384, config.max_query_chars * 4))
