"""Commands that fill a store and read it back: ingest, query, export, validate, stats, list, remove."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, BinaryIO, cast

import typer

from ... import api
from ...errors import ArticleNotFound, InputError, KgError, ShapeViolation
from ...escapes import from_terminal
from ...limits import MAX_QUERY_FILE_BYTES, read_text_file
from ..output import TerminalStream, open_output
from ..terminal import Progress, for_terminal, plural, print_article
from .app import DETAILED_UP_TO, ExportFormat, OnError, ResultFormat, StoreOption, app, domain_errors


@app.command()
@domain_errors
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
            typer.echo(f"Refused {for_terminal(result.source)}: its graph does not conform to the shapes:", err=True)
            for violation in result.violations:
                typer.echo(f"  - {for_terminal(str(violation))}", err=True)
        elif detailed:
            print_article(result)
        if progress is not None:
            progress.update(result)

    try:
        report = api.ingest(paths, store=store, force=force, on_article=show, on_start=start, on_error=on_error.value,
                            gazetteers=gazetteer or (), jobs=jobs, dask=dask, keep_results=False)
    except InputError as error:
        one_article = len(paths) == 1 and Path(paths[0]).suffix.lower() in (".txt", ".md", ".html", ".htm")
        if on_error.value == "stop" and not one_article:  # a batch: say how to store the rest
            raise InputError(f"{error} Nothing was stored; --on-error skip leaves out what cannot be read "
                             f"and stores the rest.") from None
        raise
    finally:
        if progress is not None:
            progress.close()
    counts = ", ".join(f"{report.count(o)} {o}" for o in ("added", "replaced", "unchanged", "refused") if report.count(o))
    typer.echo(
        f"{plural(report.total, 'article')} ({counts}) in "
        f"{report.total_seconds:.1f} s (model load {report.model_seconds:.1f} s). Store: {report.store}"
    )
    if report.undated:
        typer.echo(f"{plural(report.undated, 'article')} without a publication date: a statement there has a "
                   f"day only where its sentence gives one.", err=True)
    if report.skipped:
        typer.echo(f"Skipped {plural(len(report.skipped), 'unreadable input')}:", err=True)
        for message in report.skipped[:20]:
            typer.echo(f"  - {message}", err=True)
        if len(report.skipped) > 20:
            typer.echo(f"  ... and {len(report.skipped) - 20} more", err=True)
    if report.refused:
        raise typer.Exit(ShapeViolation.exit_code)


@app.command()
@domain_errors
def query(
    sparql: Annotated[
        str | None,
        typer.Argument(help="A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE).", show_default=False),
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from this .rq file (a regular file of up to 1 MB).",
                                              show_default=False)] = None,
    output_format: Annotated[
        ResultFormat,
        typer.Option("--format", "-F", help="Result format (json, csv and tsv are the SPARQL 1.1 results formats; on a terminal, "
                     "control characters in them are shown escaped, to a pipe or file they are exact).",),
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

    Example:  kg query 'SELECT ?name WHERE { ?p a kgo:Person ; skos:prefLabel ?name }'
    """
    if sparql is not None and file is not None:
        raise KgError("Give the query either as an argument or with -f FILE, not both.")
    if file is not None:  # a regular file of up to 1 MB: /dev/zero or a FIFO is refused, not read
        sparql = read_text_file(file, MAX_QUERY_FILE_BYTES, "query file")
    if sparql is None:
        raise KgError("Give a query: as an argument (kg query 'SELECT ...') or from a file with -f FILE.")
    answer = api.query_text(sparql, format=output_format.value, store=store, infer=infer).rstrip("\n")
    if output_format.value != "table" and sys.stdout.isatty():  # the table is escaped wherever it goes
        # A person reads it: nothing in it may drive the terminal (CSV and TSV carry ESC as it is);
        # to a pipe or a file it stays the exact results format, for the program that reads it.
        answer = for_terminal(answer, keep_newlines=True, keep_tabs=True, json=output_format.value == "json")
    typer.echo(answer, color=True)  # as it is: Click would drop what looks like a colour code from a pipe's CSV


@app.command()
@domain_errors
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
        if not sys.stdout.isatty():  # a pipe or a file: the exact format
            api.export(sys.stdout.buffer, format=output_format.value, article_id=article, store=store, infer=infer)
            return
        # A person reads it: nothing in a literal may drive the terminal.
        shown = TerminalStream(sys.stdout.buffer, json=output_format.value == "jsonld")
        api.export(cast(BinaryIO, shown), format=output_format.value, article_id=article, store=store, infer=infer)
        shown.close()
        return
    with open_output(output) as handle:  # a failed export never replaces the file; FIFOs and devices stay
        count = api.export(handle, format=output_format.value, article_id=article, store=store, infer=infer)
    typer.echo(f"Wrote {count} statements to {output} ({output_format.value}).", err=True)


@app.command()
@domain_errors
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
            typer.echo(f"  - {for_terminal(str(violation))}", err=True)
    typer.echo(f"{plural(len(result.failures), 'article')} of {result.articles} do not conform.", err=True)
    raise typer.Exit(ShapeViolation.exit_code)


@app.command()
@domain_errors
def stats(store: StoreOption = None) -> None:
    """Show what the store holds: articles, entities by type, mentions, triples."""
    figures = api.stats(store=store)
    rows = [("Store", figures.store), ("Articles", figures.articles), *figures.by_type.items(),
            ("Mentions", figures.mentions), ("Quads", figures.quads)]
    for name, value in rows:
        typer.echo(f"{name:<14}{value}")


@app.command("list")
@domain_errors
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
@domain_errors
def remove(
    article_ids: Annotated[list[str], typer.Argument(help="Ids of the articles to delete (see kg list).", show_default=False)],
    store: StoreOption = None,
) -> None:
    """Delete articles and everything that only they said: their entities, names, facts, quotes
    and mentions. Entities other articles also mention stay, with what those articles say.

    Each article is removed in one transaction. Example:  kg remove 000_869b093860f3ba4e
    """
    for article_id in article_ids:
        try:
            removed = api.remove(article_id, store=store)
        except ArticleNotFound:
            # An id holding a character no command line can carry (U+0000) or none a terminal shows
            # is given as kg list shows it, escaped (a\x00b): that is the id, unescaped.
            if from_terminal(article_id) == article_id:
                raise
            removed = api.remove(from_terminal(article_id), store=store)
        typer.echo(f"Removed article {removed.article_id!r} ({removed.triples} triples).")

