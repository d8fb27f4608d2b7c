"""The bounds on what kg reads from a user before it works on it: the files given on the command
line (a query with `-f`, a gazetteer, a mapping, shapes), read by one bounded reader that refuses
what is not a regular file or is larger than its limit, and SPARQL text, refused when it is
longer or nested deeper than a parser can take (Oxigraph's parser recurses once per bracket and
would overflow its stack; rdflib's would take seconds), before any parser sees it."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from .errors import InputError, KgError, QueryError

MAX_QUERY_FILE_BYTES = 1_000_000  # a query given with -f
MAX_TABLE_FILE_BYTES = 50_000_000  # a gazetteer, a mapping, a shapes file: the bundled ones are under 100 kB
MAX_QUERY_CHARS = 1_000_000  # a query given to `kg query` (the endpoint has its own, smaller --max-query-chars)
MAX_QUERY_NESTING = 200  # brackets open at once: ( [ {; real queries nest fewer than 20


def open_regular(path: str | os.PathLike, what: str, *, error: type[KgError] = InputError,
                 missing: Callable[[Path], str] | None = None, other: Callable[[Path, str], str] | None = None) -> int:
    """A descriptor of the regular file at `path` (through links), for reading: a FIFO, a device,
    a socket or a folder is refused before anything is read from it (it could block or never
    end). Opened without blocking and checked on the open file, so a file swapped for a FIFO in
    between is refused too. `what` names the file in messages ("query file"); `missing(path)` and
    `other(path, kind)` say them instead, for a reader with its own advice."""
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(missing(path) if missing else f"{path}: no such file.") from None
    except IsADirectoryError:
        raise error(other(path, "a folder") if other else f"{path}: a folder, not a {what}.") from None
    except OSError as problem:
        raise error(f"{path}: cannot be read ({problem.strerror or problem}).") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
                "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                "a socket" if stat.S_ISSOCK(mode) else "a folder" if stat.S_ISDIR(mode) else "not a regular file")
        raise error(other(path, kind) if other else f"{path}: this is {kind}, not a {what}; kg reads a {what} from a regular file.")
    os.set_blocking(descriptor, True)
    return descriptor


def read_bounded(descriptor: int, path: str | os.PathLike, limit: int, *, error: type[KgError] = InputError) -> bytes:
    """What an open file holds, read no further than one byte past `limit` (a file's size can
    change after it was looked at), and closed: the caller refuses a result over `limit`."""
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        chunks, size = [], 0
        while size <= limit:
            try:
                chunk = handle.read(min(1 << 20, limit + 1 - size))
            except OSError as problem:
                raise error(f"{path}: cannot be read ({problem.strerror or problem}).") from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    return b"".join(chunks)


def read_file(path: str | os.PathLike, limit: int, what: str, *, error: type[KgError] = InputError) -> bytes:
    """The bytes of the regular file at `path` (through links, see open_regular), read no
    further than `limit`: a file larger than `limit` is refused as the read passes it."""
    data = read_bounded(open_regular(path, what, error=error), path, limit, error=error)
    if len(data) > limit:
        raise error(f"{path}: larger than {_size(limit)}; kg reads a {what} of up to {_size(limit)}.")
    return data


def read_text_file(path: str | os.PathLike, limit: int, what: str, *, error: type[KgError] = InputError) -> str:
    """read_file's bytes as UTF-8 text (a byte order mark dropped)."""
    data = read_file(path, limit, what, error=error)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as problem:
        raise error(f"{path}: not UTF-8 text (byte offset {problem.start}); save it as UTF-8.") from None


def _size(limit: int) -> str:
    return f"{limit / 1e6:g} MB" if limit >= 1_000_000 else f"{limit / 1e3:g} kB"


# --- SPARQL text -----------------------------------------------------------------------------

# What hides a bracket from SPARQL's grammar: a string ('...', "...", and their long forms), an
# escaped character of a prefixed name (ex:a\#b, ex:a\(b: no comment, no bracket), a comment, an
# IRI. Everything else that is a bracket is counted.
_HIDING = re.compile(
    r"""'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*\""""
    r"""|\\.|\#[^\n\r]*|<[^<>"{}|^`\\\x00-\x20]*>|[()\[\]{}]""",
    re.DOTALL,
)
_OPENING = frozenset("([{")


def query_nesting(sparql: str) -> int:
    """How many brackets ( [ { are open at once at the deepest point of `sparql`, outside its
    strings and comments. Brackets inside what may be an IRI are counted all the same (`<` is
    also the less-than operator, and `1<((1))>2` nests for a parser that reads it so), and an
    IRI or comment holding a quote gives way to the count that ignores strings, so that no
    reading of the text nests deeper than this says."""
    depth = deepest = 0
    ambiguous = False
    for match in _HIDING.finditer(sparql):
        token = match.group()
        first = token[0]
        if first in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif first in ")]}":
            depth = max(depth - 1, 0)
        elif first == "<" or first == "#":
            ambiguous = ambiguous or "'" in token or '"' in token
            for char in token:  # an IRI to one parser may be an operator and brackets to another
                if char in _OPENING:
                    depth += 1
                    deepest = max(deepest, depth)
    if ambiguous:  # a quote that one reading takes for a string's start and another does not
        deepest = max(deepest, _openings_ever(sparql))
    return deepest


def _openings_ever(sparql: str) -> int:
    """The depth when every bracket in the text counts, wherever it is: an upper bound whatever
    a parser takes for strings and comments (a closing bracket in a string lowers nothing)."""
    return sparql.count("(") + sparql.count("[") + sparql.count("{")


def check_query_text(sparql: str, *, max_chars: int = MAX_QUERY_CHARS, max_nesting: int = MAX_QUERY_NESTING) -> None:
    """Refuse (QueryError, one line) a query longer than `max_chars` or nested deeper than
    `max_nesting` brackets, before any parser reads it."""
    if len(sparql) > max_chars:
        raise QueryError(f"The query is longer than {max_chars:,} characters; kg reads queries of up to that length.")
    nesting = query_nesting(sparql)
    if nesting > max_nesting:
        raise QueryError(f"The query nests {nesting} brackets deep; kg reads queries nested up to {max_nesting} "
                         f"deep (brackets ( [ {{ open at once). Flatten it.")
