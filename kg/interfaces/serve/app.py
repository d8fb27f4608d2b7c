"""The web application: the routes (the SPARQL endpoint, the page and its JSON
views) on Starlette, and serve(), which runs it on uvicorn."""

from __future__ import annotations

import asyncio
import hmac
import html
import json
import socket
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs

from pebble import ProcessExpired
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ...errors import KgError, QueryError
from ...limits import check_query_text
from ...processes import exit_code_out_of_memory, signal_name
from ..pages import WEB_DIR
from .config import ServeConfig
from .page import STATIC_FILES, competency_questions, position, render_article
from .security import CLIENT, ClientShares, RequestChecks, allowed_hosts, scrub
from .sparql import OperationKind, ProtocolError, UnreadableOperation, is_iri, negotiate
from .workers import BUSY, CheckerPool, QueryTimeout, WorkerPool


def create_app(config: ServeConfig) -> Starlette:
    pool_holder: dict[str, WorkerPool] = {}
    # Jobs wait for a worker here, in the event loop, not in threads: the thread pool stays free
    # for everything else, and the page is served while every worker is busy.
    free_workers = asyncio.Semaphore(max(1, config.workers))
    # Queries are read (rdflib's parser) in checker processes, several side by side; no client
    # holds more than its share of them, or of the workers, while others wait.
    checkers: dict[str, CheckerPool] = {}
    checker_count = max(2, config.workers)
    checks = {"pending": 0}
    waiting = {"jobs": 0}
    max_waiting = 8 * max(1, config.workers)
    check_shares = ClientShares(max(1, checker_count - 1), max_waiting)
    worker_shares = ClientShares(max(1, config.workers - 1), max_waiting)
    files = {name: (WEB_DIR / name).read_bytes() for name in ("index.html", *STATIC_FILES)}
    examples_json = json.dumps(competency_questions(), ensure_ascii=False).encode("utf-8")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool_holder["pool"] = await run_in_threadpool(WorkerPool, config.store, config.workers, config.limits())
        checkers["pool"] = await run_in_threadpool(CheckerPool, checker_count)
        try:
            yield
        finally:
            await run_in_threadpool(checkers["pool"].close)
            await run_in_threadpool(pool_holder["pool"].close)

    def pool() -> WorkerPool:
        return pool_holder["pool"]

    async def check(kind: str, sparql: str, request: Request) -> OperationKind:
        """Length and nesting checked at once, then the query read on a checker process (its own
        share of them for each client), for at most the query time limit; a check that would
        queue behind too many others gets 503 at once."""
        if len(sparql) > config.max_query_chars:
            raise ProtocolError(413, f"The query is longer than {config.max_query_chars} characters.")
        try:
            check_query_text(sparql, max_chars=config.max_query_chars)  # nesting: no parser sees a query nested too deep
        except QueryError as refusal:
            raise ProtocolError(400, str(refusal)) from None
        # A client's requests past its share wait behind its own (ClientShares bounds how many);
        # only those holding a share count towards the endpoint's queue, so a flood from one
        # address cannot fill it for everyone.
        async with check_shares.share(CLIENT.get()):
            if checks["pending"] >= max_waiting:
                raise ProtocolError(503, BUSY, {"Retry-After": "5"})
            checks["pending"] += 1
            try:
                future = checkers["pool"].schedule(sparql, config.timeout)
                operation_kind = await asyncio.wait_for(asyncio.wrap_future(future), 2 * config.timeout + 10)
            except TimeoutError:  # pebble's (the check ran too long: its process is killed) or ours (no checker took it)
                future.cancel()
                raise ProtocolError(503, f"Reading the query took longer than the {config.timeout:g} s limit; "
                                         f"simplify it.", {"Retry-After": "5"}) from None
            except UnreadableOperation as unreadable:
                raise ProtocolError(400, f"The query does not parse: {unreadable}") from None
            except ProcessExpired:
                raise ProtocolError(400, "The query does not parse: reading it ended its checker process.") from None
            finally:
                checks["pending"] -= 1
        return check_allowed(kind, operation_kind, request)

    async def on_worker(job: dict) -> tuple[str, Any]:  # the payload's type goes with the status
        """Run a job on a worker once one is free; a job that would wait behind too many others,
        or too long, gets 503 at once."""
        async with worker_shares.share(CLIENT.get()):  # a client's own jobs queue behind each other
            if waiting["jobs"] >= max_waiting:
                raise ProtocolError(503, BUSY, {"Retry-After": "5"})
            waiting["jobs"] += 1
            try:
                await asyncio.wait_for(free_workers.acquire(), timeout=max(2 * config.timeout, 10))
            except TimeoutError:
                raise ProtocolError(503, BUSY, {"Retry-After": "5"}) from None
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
        if request.method == "GET" and "update" in params:  # the SPARQL Protocol sends updates by POST only
            raise ProtocolError(405, "SPARQL Update is sent by POST (update=... as a form, or an "
                                     "application/sparql-update body), never by GET.", {"Allow": "POST"})
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

    def check_allowed(kind: str, operation_kind: OperationKind, request: Request) -> OperationKind:
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
            if kind == "query" and any(not is_iri(uri) for uris in dataset.values() for uri in uris):
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

    def _reply(status: str, payload: Any, checked: OperationKind) -> Response | None:
        if status == "ok":
            return None
        if status == "died" and not exit_code_out_of_memory(payload):
            name = signal_name(-payload) if isinstance(payload, int) and payload < 0 else f"exit code {payload}"
            return error(500, f"The query's worker process was ended by {name} (not by its memory limit) and was "
                              f"replaced; the query may crash the store's engine: simplify it.")
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
        return HTMLResponse(render_article(payload, position(request.query_params.get("start")),
                                           position(request.query_params.get("end"))))

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
                                 "candidates": [{"iri": iri, "label": label} for iri, label in payload["candidates"]]}, status_code=404)
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
        from ...namespaces import PREFIXES

        return JSONResponse(PREFIXES)

    async def index(request: Request) -> Response:
        return Response(files["index.html"], media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC_FILES:
            return error(404, "Not found.")
        return Response(files[name], media_type=STATIC_FILES[name])

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


def serve(config: ServeConfig) -> None:
    """Run the endpoint until interrupted. Port 0 listens on a port the system chooses, which
    serve announces on stderr ("Listening at http://HOST:PORT/"), so nothing races for it."""
    import uvicorn

    listener = listen(config.host, config.port)
    if config.port == 0:
        config = replace(config, port=listener.getsockname()[1])  # the Host check needs the real port
        shown = f"[{config.host}]" if ":" in config.host else config.host
        print(f"Listening at http://{shown}:{config.port}/", file=sys.stderr, flush=True)
    server = uvicorn.Server(uvicorn.Config(create_app(config), log_level="warning", server_header=False,
                                           h11_max_incomplete_event_size=max(16_384, config.max_query_chars * 4)))
    server.run(sockets=[listener])


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port and listening (connections wait in its backlog until the
    server has started), as uvicorn would bind it."""
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        raise KgError(f"kg serve cannot listen on {host} port {port} ({error.strerror}); choose another --port, "
                      f"or --port 0 for a free one.") from None
    listener.listen(2048)
    return listener
