"""Commands that look at a store or a gold file: eval, show, serve, viz."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ... import api
from ..terminal import for_terminal, terminal_view
from .app import StoreOption, app, domain_errors, log


@app.command("eval")
@domain_errors
def eval_command(
    gold: Annotated[Path, typer.Argument(help="A gold benchmark in JSON Lines, e.g. ../shared/eval-data/dwie.dev.jsonl.", show_default=False)],
    mapping: Annotated[
        str | None,
        typer.Option("--mapping", "-m", help="Benchmark-to-kg names: a bundled mapping (conll04, dwie) or a .tsv file. "
                                             "Default: from the file name.", show_default=False),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="Score only the first N documents.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    match: Annotated[
        str,
        typer.Option("--match", help="How a mention matches a gold one: overlap (lenient), exact (the same character span, "
                                     "the benchmarks' rule) or both (side by side)."),
    ] = "overlap",
    show: Annotated[int, typer.Option("--show", help="List up to N examples of each kind of error (facts files): junk "
                                                   "nodes, splits, merges, missed and wrong facts, with their article.")] = 0,
) -> None:
    """Score kg against a gold benchmark: precision, recall and F1 for entities and relations,
    overall and per type. The texts are ingested into a temporary store; your store is untouched.

    Example:  kg eval ../shared/eval-data/conll04.dev.jsonl
    """
    from ...eval import evaluate, format_report, load_mapping

    report = evaluate(gold, load_mapping(mapping) if mapping else None, limit=limit, match=match)
    typer.echo(json.dumps(report.as_dict(), indent=1) if as_json else format_report(report, show=show))


@app.command()
@domain_errors
def show(
    name: Annotated[str, typer.Argument(help="The entity's name (its label or another name, any case) or IRI, "
                                             "e.g. \"Vladimir Putin\" or person:vladimir-putin.", show_default=False)],
    store: StoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the entity view as JSON.")] = False,
    as_timeline: Annotated[bool, typer.Option("--timeline", help="Its dated statements in order, grouped by day, each with its sentence and article.")] = False,
    together_with: Annotated[list[str] | None, typer.Option("--with", help="With --timeline: only the statements that join it "
                                                                    "to this entity (repeatable).", show_default=False)] = None,
    every: Annotated[bool, typer.Option("--all", help="With --timeline: list the statements with no date at all too "
                                                      "(neither in their sentence nor their article).")] = False,
) -> None:
    """Show what the store knows about an entity: types, names, Wikidata links, and its relations
    with their dates, the articles and the sentences behind each.

    Example:  kg show "Vladimir Putin"    kg show "Donald Trump" --timeline --with "Vladimir Putin"
    """
    from ...views.entity_text import format_entity

    if as_timeline or together_with:
        from ...views.timeline import format_timeline

        found = api.timeline([name, *(together_with or [])], store=store, with_undated=every)
        if as_json:
            typer.echo(json.dumps(found.as_dict(), ensure_ascii=False, indent=1))
        else:
            typer.echo(for_terminal(format_timeline(terminal_view(found)), keep_newlines=True))
        return
    view = api.show(name, store=store)
    if as_json:
        typer.echo(json.dumps(view.as_dict(), ensure_ascii=False, indent=1))
    else:
        # Names and titles first (a newline in one would start a false line), then whatever
        # is left in the sentences, which the formatter folds onto lines itself.
        typer.echo(for_terminal(format_entity(terminal_view(view)), keep_newlines=True))


@app.command()
@domain_errors
def serve(
    store: StoreOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. The default serves this machine only; "
                                       "another address exposes the endpoint to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on.")] = 7878,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a query may run before it is stopped (HTTP 503).")] = 10.0,
    max_query: Annotated[int, typer.Option("--max-query", help="Longest query accepted, in characters (longer: HTTP 413).")] = 20_000,
    max_result: Annotated[int, typer.Option("--max-result", help="Largest result sent, in bytes (larger: HTTP 422).")] = 20_000_000,
    workers: Annotated[int, typer.Option("--workers", help="Query processes running side by side.")] = 2,
    allow_service: Annotated[bool, typer.Option("--allow-service", help="Allow SERVICE and LOAD, which make the server fetch from other endpoints.")] = False,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL Update from clients that send the token "
                                                                  "(Authorization: Bearer TOKEN).")] = False,
    token: Annotated[str | None, typer.Option("--token", envvar="KG_SERVE_TOKEN", help="The token updates must carry (with --allow-update); "
                                                 "default: a random one, printed at start.", show_default=False)] = None,
    max_memory: Annotated[int, typer.Option("--max-memory", help="Memory each query process may use, in MB "
                                                             "(more: the query is stopped, HTTP 503); 0: no limit.")] = 1024,
    allowed_host: Annotated[list[str] | None, typer.Option("--allowed-host", help="A host name clients may reach the server by, "
                                                                                   "besides the address it listens on (repeatable; '*': any). "
                                                                                   "Other Host headers get HTTP 421.", show_default=False)] = None,
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint at /sparql, with a page to explore it at /.

    Read-only by default; kg ingest can keep writing the store while it serves.
    Example:  kg serve --port 7878   then open http://127.0.0.1:7878/
    """
    import secrets

    from ..serve import ServeConfig, serve as run_server

    path = api.local_store_path(store)
    if allow_update and not token:
        token = secrets.token_urlsafe(24)
        typer.echo(f"Updates need this token: Authorization: Bearer {token}", err=True)
    config = ServeConfig(store=path, host=host, port=port, timeout=timeout, max_query_chars=max_query,
                         max_body_bytes=max(100_000, 4 * max_query),
                         max_result_bytes=max_result, workers=workers, allow_service=allow_service,
                         allow_update=allow_update, token=token, max_memory_mb=max_memory,
                         allowed_hosts=tuple(allowed_host or ()))
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"Warning: listening on {host}: other machines can query this store.", err=True)
    typer.echo(f"Serving {path} at http://{host}:{port}/ (SPARQL: /sparql; "
               f"{'updates with token' if allow_update else 'read-only'}). Ctrl-C stops.", err=True)
    log.info("%d query worker(s), %g s a query, %s MB each, %d-character queries, %d-byte results, "
             "SERVICE %s, other host names allowed: %s", workers, timeout, max_memory or "no limit", max_query,
             max_result, "allowed" if allow_service else "refused", ", ".join(allowed_host or ()) or "none")
    run_server(config)


@app.command()
@domain_errors
def viz(
    name: Annotated[str, typer.Argument(help="The entity's name or IRI, as for kg show.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write: a self-contained HTML page, or a PNG with --png.", show_default=False)],
    png: Annotated[bool, typer.Option("--png", help="Draw a PNG with Graphviz (its dot command must be installed).")] = False,
    store: StoreOption = None,
) -> None:
    """Draw an entity's neighbourhood (relations with their dates, and the sentences behind
    them) as one self-contained HTML file, or as a PNG through Graphviz.

    Example:  kg viz "Vladimir Putin" -o putin.html
    """
    from ..viz import unlinked_articles as viz_unlinked_articles, write_html, write_png

    view = api.show(name, store=store)
    if png:
        write_png(view, output)
    else:  # articles without a web address travel in the page, so their links lead somewhere
        write_html(view, output, api.article_texts(viz_unlinked_articles(view), store=store))
    typer.echo(f"Wrote {output} ({view.label}, {len(view.relations)} relations).", err=True)

