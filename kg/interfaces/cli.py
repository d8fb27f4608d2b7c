"""kg's command line: a thin shell over kg.api. Domain errors become one line on stderr and an
exit code; anything else is a bug and keeps its traceback."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Sequence
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .. import api
from ..api import STORE_ENV
from ..errors import KgError, OutputClosed, ShapeViolation
from ..views.export import FORMATS
from ..views.query import RESULT_FORMATS
from .logs import log_to_stderr
from .output import guarded_stdout, open_output
from .terminal import Progress, for_terminal, plural, print_article, terminal_view

DETAILED_UP_TO = 5  # articles; more get a progress bar instead of a summary each

log = logging.getLogger(__name__)

# Choices Click checks (and lists in --help): the library's own lists. mypy reads an Enum's members
# from literals only, hence the ignores; the defaults below name members by subscript, ResultFormat["table"].
ResultFormat = Enum("ResultFormat", {name: name for name in RESULT_FORMATS}, type=str)  # type: ignore[misc]
ExportFormat = Enum("ExportFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
OnError = Enum("OnError", {"stop": "stop", "skip": "skip"}, type=str)


class OneLineUsageErrors(TyperGroup):
    """Click's usage errors (an unknown option, a value not among the choices) as one line on
    stderr, as kg's own errors are, instead of a usage block in a box."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.Abort:
            typer.echo("Aborted!", err=True)
            sys.exit(1)
        except typer.TyperException as error:  # Click's errors; a usage error carries its command's context
            context = getattr(error, "ctx", None)
            if context is None or type(error).__name__ == "NoArgsIsHelpError":  # `kg` alone: the help
                show = getattr(error, "show", None)  # Click's errors print themselves; a bare TyperException cannot
                show() if show is not None else typer.echo(f"Error: {error.format_message()}", err=True)
            else:
                typer.echo(f"Error: {error.format_message()} (see {context.command_path} --help)", err=True)
            sys.exit(error.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=OneLineUsageErrors,
    help=(
        "kg turns news articles into an RDF knowledge graph: who and what each article is about, "
        "with every fact traced to its sentence, validated against SHACL shapes, stored in an "
        "on-disk SPARQL store.\n\n"
        "Start with:  kg ingest seeds/   then   kg query 'SELECT ?name WHERE { ?p a kgo:Person ; rdfs:label ?name }'"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        help=f"Store folder, or a SPARQL 1.1 server's URL (http://HOST:PORT, e.g. an Oxigraph server). "
        f"Default: ${STORE_ENV}, else ~/.local/share/kg/store.",
        show_default=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"kg {version('kg')}")
        except PackageNotFoundError:  # running from a source tree that was never installed
            typer.echo("kg (version unknown: not installed)")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print kg's version and exit.")
    ] = False,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, show_default=False,
                          help="Log what kg does on stderr (-v); -vv: in detail.")
    ] = 0,
) -> None:
    log_to_stderr(verbose)


def _domain_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn kg's domain errors into a message and exit code; let bugs raise."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with guarded_stdout():  # a full disk or a closed pipe is a domain error, not a traceback
                return command(*args, **kwargs)
        except OutputClosed as error:
            raise typer.Exit(error.exit_code) from None  # the reader left: nothing to say, as `yes | head`
        except ShapeViolation as error:
            typer.echo(f"Error: {error.subject} does not conform to the shapes:", err=True)
            for violation in error.violations:
                typer.echo(f"  - {violation}", err=True)
            raise typer.Exit(error.exit_code) from None
        except KgError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None

    return wrapper


@app.command()
@_domain_errors
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Articles to read: .txt files (an opening 'date YYYY-MM-DD', or a first line that is only a date such as "
            "'Date: February 13, 2025', gives the publication date), "
            ".jsonl files (one {\"id\", \"text\", \"published\", \"title\", \"url\"} object per line), "
            ".html pages (main text, title, date, author and URL extracted), RSS/Atom feeds (.xml, .rss, .atom: "
            "each item an article), folders (walked for all of these), or - for standard input (text, HTML or a feed). "
            "Articles must be in English.",
            show_default=False,
        ),
    ],
    store: StoreOption = None,
    force: Annotated[bool, typer.Option("--force", help="Re-process articles even if the store already has the same text.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the final summary line.")] = False,
    on_error: Annotated[
        OnError,
        typer.Option("--on-error", help="stop: refuse the whole batch at the first unreadable file, broken "
                     "JSON line or feed item (nothing is stored); skip: leave those out, store the rest, list them at the end."),
    ] = OnError.stop,
    gazetteer: Annotated[
        list[Path] | None,
        typer.Option("--gazetteer", "-g", envvar="KG_GAZETTEER",
                     help="Your own gazetteer (.tsv with the columns of ontology/gazetteer.tsv: qid, type, label, "
                     "aliases, demonyms, country), used beside the bundled one; its rows win. Repeat for more files.",
                     show_default=False),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=1, help="Run the language work (parse, extract, validate) in N processes; "
                     "one writer stores the results. Each process holds its own model (about 1 GB for long articles)."),
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Run the language work on an existing Dask cluster, e.g. tcp://SCHEDULER:8786 "
                     "(its workers need kg installed); this process stays the one writer.", show_default=False),
    ] = None,
) -> None:
    """Read articles, find their entities and mentions, validate each article's graph against the
    shapes and store it (one named graph per article, written all or nothing).

    Re-ingesting an unchanged article does nothing; a changed one replaces its old graph, and an
    interrupted run resumes where it stopped.
    Example:  kg ingest seeds/000_869b093860f3ba4e.txt
    """
    progress: Progress | None = None
    detailed = not quiet

    def start(total: int) -> None:
        nonlocal progress, detailed
        if total > DETAILED_UP_TO and not quiet:
            detailed = False  # a line per article would bury the summary: show progress instead
            progress = Progress(total)

    def show(result: api.ArticleResult) -> None:
        if result.outcome == "refused":
            typer.echo(f"Refused {result.source}: its graph does not conform to the shapes:", err=True)
            for violation in result.violations:
                typer.echo(f"  - {violation}", err=True)
        elif detailed:
            print_article(result)
        if progress is not None:
            progress.update(result)

    try:
        report = api.ingest(paths, store=store, force=force, on_article=show, on_start=start, on_error=on_error.value,
                            gazetteers=gazetteer or (), jobs=jobs, dask=dask, keep_results=False)
    finally:
        if progress is not None:
            progress.close()
    counts = ", ".join(f"{report.count(o)} {o}" for o in ("added", "replaced", "unchanged", "refused") if report.count(o))
    typer.echo(
        f"{plural(report.total, 'article')} ({counts}) in "
        f"{report.total_seconds:.1f} s (model load {report.model_seconds:.1f} s). Store: {report.store}"
    )
    if report.skipped:
        typer.echo(f"Skipped {plural(len(report.skipped), 'unreadable input')}:", err=True)
        for message in report.skipped[:20]:
            typer.echo(f"  - {message}", err=True)
        if len(report.skipped) > 20:
            typer.echo(f"  ... and {len(report.skipped) - 20} more", err=True)
    if report.refused:
        raise typer.Exit(ShapeViolation.exit_code)


@app.command()
@_domain_errors
def query(
    sparql: Annotated[
        str | None,
        typer.Argument(help="A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE).", show_default=False),
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from this .rq file.", show_default=False)] = None,
    output_format: Annotated[
        ResultFormat,
        typer.Option("--format", "-F", help="Result format (json, csv and tsv are the SPARQL 1.1 results formats).",),
    ] = ResultFormat["table"],
    store: StoreOption = None,
    infer: Annotated[
        bool, typer.Option("--infer", help="Query with OWL RL reasoning over kg's ontology: symmetric relations both ways, super-properties, super-classes.")
    ] = False,
) -> None:
    """Run a SPARQL query over every article in the store.

    Prefixes kgo, kgr, person, organization, place, country, city, position, article, graph, wd,
    rdf, rdfs, owl, xsd, skos, schema, prov, nif, itsrdf and dcterms are predeclared; every IRI the
    table prints (person:donald-trump, or <IRI> in full) can be pasted back into a query. The
    default graph is the union of all article graphs.

    Example:  kg query 'SELECT ?name WHERE { ?p a kgo:Person ; rdfs:label ?name }'
    """
    if sparql is not None and file is not None:
        raise KgError("Give the query either as an argument or with -f FILE, not both.")
    if file is not None:
        try:
            sparql = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise KgError(f"{file}: cannot read the query ({error}).") from None
    if sparql is None:
        raise KgError("Give a query: as an argument (kg query 'SELECT ...') or from a file with -f FILE.")
    typer.echo(api.query_text(sparql, format=output_format.value, store=store, infer=infer).rstrip("\n"))


@app.command()
@_domain_errors
def export(
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-F", help="RDF format. Triple formats hold the union of all articles; "
                          "nquads, trig and jsonld keep a named graph per article; nif writes the mentions as NIF 2.0 for NIF scorers.")
    ] = ExportFormat["turtle"],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.", show_default=False)] = None,
    article: Annotated[str | None, typer.Option("--article", "-a", help="Export only this article's graph (its id).", show_default=False)] = None,
    store: StoreOption = None,
    infer: Annotated[
        bool, typer.Option("--infer", help="Add what OWL RL reasoning over kg's ontology concludes (quad formats: in the graph graph:inferred).")
    ] = False,
) -> None:
    """Export the store (or one article) as Turtle, N-Triples, N-Quads, TriG, JSON-LD or NIF.

    Example:  kg export --format turtle -o graph.ttl
    """
    if output is None:
        api.export(sys.stdout.buffer, format=output_format.value, article_id=article, store=store, infer=infer)
        return
    with open_output(output) as handle:  # a failed export never replaces the file; FIFOs and devices stay
        count = api.export(handle, format=output_format.value, article_id=article, store=store, infer=infer)
    typer.echo(f"Wrote {count} statements to {output} ({output_format.value}).", err=True)


@app.command()
@_domain_errors
def validate(
    store: StoreOption = None,
    deep: Annotated[bool, typer.Option("--deep", help="First read every stored quad through each of the "
                                       "store's indexes, to find damaged database files (exit code 6).")] = False,
) -> None:
    """Check every article in the store against kg's SHACL shapes; name each article that breaks
    one, with what broke (exit code 4). With --deep, a damaged store is exit code 6."""
    result = api.validate(store=store, deep=deep)
    if deep:
        typer.echo(f"Every database file of the store {result.store} reads whole.")
    if result.conforms:
        typer.echo(f"Every article in the store conforms to kg's shapes ({plural(result.articles, 'article')} checked).")
        return
    for article_id, violations in result.failures.items():
        typer.echo(f"Article {article_id!r} breaks {plural(len(violations), 'shape constraint')}:", err=True)
        for violation in violations:
            typer.echo(f"  - {violation}", err=True)
    typer.echo(f"{plural(len(result.failures), 'article')} of {result.articles} do not conform.", err=True)
    raise typer.Exit(ShapeViolation.exit_code)


@app.command()
@_domain_errors
def stats(store: StoreOption = None) -> None:
    """Show what the store holds: articles, entities by type, mentions, triples."""
    figures = api.stats(store=store)
    rows = [("Store", figures.store), ("Articles", figures.articles), *figures.by_type.items(),
            ("Mentions", figures.mentions), ("Quads", figures.quads)]
    for name, value in rows:
        typer.echo(f"{name:<14}{value}")


@app.command("list")
@_domain_errors
def list_command(
    store: StoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the articles in the store, oldest first, with their dates and counts.

    Example:  kg list
    """
    articles = api.list_articles(store=store)
    if as_json:
        typer.echo(json.dumps([vars(a) for a in articles], indent=1))
        return
    if not articles:
        typer.echo("The store holds no articles yet; add some with kg ingest FILE.")
        return
    typer.echo(f"{'date':<11}{'entities':>9}{'mentions':>9}{'facts':>7}{'quotes':>7}{'triples':>9}  article")
    for a in articles:
        title = f"  {for_terminal(a.title)}" if a.title else ""
        typer.echo(f"{a.published or '-':<11}{a.entities:>9}{a.mentions:>9}{a.statements:>7}{a.quotes:>7}{a.triples:>9}  "
                   f"{for_terminal(a.article_id)}{title}")
    typer.echo(plural(len(articles), "article"))


@app.command()
@_domain_errors
def remove(
    article_ids: Annotated[list[str], typer.Argument(help="Ids of the articles to delete (see kg list).", show_default=False)],
    store: StoreOption = None,
) -> None:
    """Delete articles and everything that only they said: their entities, names, facts, quotes
    and mentions. Entities other articles also mention stay, with what those articles say.

    Each article is removed in one transaction. Example:  kg remove 000_869b093860f3ba4e
    """
    for article_id in article_ids:
        removed = api.remove(article_id, store=store)
        typer.echo(f"Removed article {removed.article_id!r} ({removed.triples} triples).")


@app.command("eval")
@_domain_errors
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
    from ..eval import evaluate, format_report, load_mapping

    report = evaluate(gold, load_mapping(mapping) if mapping else None, limit=limit, match=match)
    typer.echo(json.dumps(report.as_dict(), indent=1) if as_json else format_report(report, show=show))


@app.command()
@_domain_errors
def show(
    name: Annotated[str, typer.Argument(help="The entity's name (its label or another name, any case) or IRI, "
                                             "e.g. \"Vladimir Putin\" or person:vladimir-putin.", show_default=False)],
    store: StoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the entity view as JSON.")] = False,
    as_timeline: Annotated[bool, typer.Option("--timeline", help="Its dated statements in order, grouped by day, each with its sentence and article.")] = False,
    together_with: Annotated[list[str] | None, typer.Option("--with", help="With --timeline: only the statements that join it "
                                                                    "to this entity (repeatable).", show_default=False)] = None,
) -> None:
    """Show what the store knows about an entity: types, names, Wikidata links, and its relations
    with their dates, the articles and the sentences behind each.

    Example:  kg show "Vladimir Putin"    kg show "Donald Trump" --timeline --with "Vladimir Putin"
    """
    from ..views.entity_text import format_entity

    if as_timeline or together_with:
        from ..views.timeline import format_timeline

        found = api.timeline([name, *(together_with or [])], store=store)
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
@_domain_errors
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

    from .serve import ServeConfig, serve as run_server

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
@_domain_errors
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
    from .viz import unlinked_articles as viz_unlinked_articles, write_html, write_png

    view = api.show(name, store=store)
    if png:
        write_png(view, output)
    else:  # articles without a web address travel in the page, so their links lead somewhere
        write_html(view, output, api.article_texts(viz_unlinked_articles(view), store=store))
    typer.echo(f"Wrote {output} ({view.label}, {len(view.relations)} relations).", err=True)


def main() -> None:
    app()
