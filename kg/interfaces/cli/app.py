"""The `kg` application: its group, the options every command shares, and the one place kg's
domain errors become a line on stderr and an exit code; anything else is a bug and keeps its traceback."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from enum import Enum
from functools import wraps
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ... import api
from ...api import STORE_ENV
from ...errors import KgError, OutputClosed, OutputError, ShapeViolation, StoreError
from ...processes import can_cap_memory, run_capped, signal_name
from ...views.export import FORMATS
from ...views.query import RESULT_FORMATS
from ..logs import log_to_stderr
from ..output import guarded_stdout
from ..terminal import for_terminal

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
            with guarded_stdout():  # --help and --version to a full disk or a closed pipe: a line, not a traceback
                code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except OutputClosed as error:
            sys.exit(error.exit_code)
        except OutputError as error:
            typer.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)
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
        "Start with:  kg ingest seeds/   then   kg query 'SELECT ?name WHERE { ?p a kgo:Person ; skos:prefLabel ?name }'"
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


def domain_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn kg's domain errors into a message and exit code; let bugs raise. A command that opens
    a store runs in a child process under a memory cap (see capped)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        name = command.__name__.removesuffix("_command")
        if command.__name__ in STORE_READERS | STORE_WRITERS and max_memory_bytes(name) and can_cap_memory():
            return capped(lambda: reporting(command, args, kwargs), name, kwargs.get("store"))
        return reporting(command, args, kwargs)

    return wrapper


def reporting(command: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
    try:
        with guarded_stdout():  # a full disk or a closed pipe is a domain error, not a traceback
            return command(*args, **kwargs)
    except OutputClosed as error:
        raise typer.Exit(error.exit_code) from None  # the reader left: nothing to say, as `yes | head`
    except ShapeViolation as error:
        typer.echo(f"Error: {for_terminal(error.subject)} does not conform to the shapes:", err=True)
        for violation in error.violations:
            typer.echo(f"  - {for_terminal(str(violation))}", err=True)
        raise typer.Exit(error.exit_code) from None
    except KgError as error:
        # The message may quote what the user or the store gave (an id, a query): escaped, its lines kept.
        typer.echo(f"Error: {for_terminal(str(error), keep_newlines=True)}", err=True)
        raise typer.Exit(error.exit_code) from None


# Commands that open a store: a damaged store file can make Oxigraph read garbage without end, so
# they run in a child whose memory is capped ($KG_MAX_MEMORY_MB). Ingest's default leaves room for
# the language model and the longest article it takes (1,000,000 characters: about 4 GB); with
# --jobs, each language process has the same cap.
STORE_READERS = frozenset({"query", "export", "validate", "stats", "list_command", "show", "viz"})
STORE_WRITERS = frozenset({"ingest", "remove"})
MEMORY_ENV = "KG_MAX_MEMORY_MB"
DEFAULT_MAX_MEMORY_MB = 4096
INGEST_MAX_MEMORY_MB = 8192


def max_memory_bytes(command: str) -> int:
    """The memory cap of a command that opens a store: $KG_MAX_MEMORY_MB (0: none), else its default."""
    given = os.environ.get(MEMORY_ENV, "").strip()
    try:
        megabytes = int(given) if given else INGEST_MAX_MEMORY_MB if command == "ingest" else DEFAULT_MAX_MEMORY_MB
    except ValueError:
        raise typer.BadParameter(f"${MEMORY_ENV} is {given!r}; give a number of megabytes (0: no limit).") from None
    return max(megabytes, 0) * 2**20


def capped(work: Callable[[], Any], name: str, store: str | None) -> None:
    """Run a command in a child under the memory cap; a child that runs out of it, or is killed
    by a signal, is one line naming the store and `kg validate --deep`, exit 6."""

    def child() -> int:
        try:
            work()
        except typer.Exit as done:
            return done.exit_code
        except SystemExit as done:
            return done.code if isinstance(done.code, int) else 1
        except KeyboardInterrupt:  # Ctrl-C reaches the child: as Click says it when there is none
            typer.echo("\nAborted!", err=True)
            return 1
        return 0

    limit = max_memory_bytes(name)
    end = run_capped(child, limit)
    if end.signal is None and not end.out_of_memory:
        sys.stderr.buffer.write(end.stderr)
        sys.stderr.flush()
        if end.exit_code:
            raise typer.Exit(end.exit_code)
        return
    location = api.store_location(store)
    if end.out_of_memory:
        what = f"needed more than the {limit // 2**20} MB of memory it may use (${MEMORY_ENV})"
    else:
        what = f"was ended by {signal_name(end.signal) if end.signal else 'a signal'}"
    if name == "ingest":  # its memory goes to the language model and the articles too
        also = f"; so does an article too long for the cap (raise ${MEMORY_ENV})" if end.out_of_memory else ""
        typer.echo(f"Error: kg ingest {what} with the store {location}; a damaged store file does that: check it with "
                   f"kg validate --deep --store {location}{also}.", err=True)
    else:
        typer.echo(f"Error: kg {name} {what} while reading the store {location}; a damaged store file does that: check "
                   f"it with kg validate --deep --store {location} (if it reads whole, raise ${MEMORY_ENV}).", err=True)
    raise typer.Exit(StoreError.exit_code)


def main() -> None:
    app()
