"""SPARQL over the store, results as plain data, in the standard result formats (SPARQL 1.1
JSON, CSV, TSV, written by Oxigraph) or as a table for people."""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError
from ..escapes import for_terminal
from ..limits import check_query_text
from ..namespaces import PREFIXES, short_iri
from ..store import Store
from ..terms import rdflib_graph, to_rdflib

if TYPE_CHECKING:
    from ..store.base import QueryAnswer

RESULT_FORMATS = ("table", "json", "csv", "tsv")

log = logging.getLogger(__name__)

# The words SPARQL 1.1 reads outside strings, IRIs, variables and prefixed names: its keywords
# and built-in functions. A bare word close to one of the keywords and none of these is a typo.
_KEYWORDS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK", "WHERE", "PREFIX", "BASE", "FROM", "NAMED", "GRAPH", "OPTIONAL",
             "FILTER", "UNION", "MINUS", "BIND", "VALUES", "SERVICE", "SILENT", "DISTINCT", "REDUCED", "ORDER", "GROUP",
             "BY", "HAVING", "LIMIT", "OFFSET", "ASC", "DESC", "AS", "NOT", "EXISTS", "IN", "UNDEF")
_FUNCTIONS = ("STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL", "FLOOR",
              "ROUND", "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI", "CONTAINS", "STRSTARTS", "STRENDS",
              "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY", "HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW",
              "UUID", "STRUUID", "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "COALESCE", "IF", "STRLANG", "STRDT",
              "SAMETERM", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX", "SUBSTR", "REPLACE", "COUNT",
              "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR", "A", "TRUE", "FALSE", "INSERT", "DELETE",
              "DATA", "WITH", "USING", "DEFAULT", "ALL", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "INTO", "TO")

_Answer = TypeVar("_Answer")


@dataclass
class QueryResult:
    """What a query returned: rows of bindings (SELECT), a boolean (ASK) or a graph
    (CONSTRUCT, DESCRIBE). Terms are rdflib terms; an unbound variable is None."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.graph or ())


def run_query(store: Store, sparql: str, *, infer: bool = False) -> QueryResult:
    """Run `sparql` over the store; with `infer`, over the store plus what OWL RL concludes
    from it under kg's ontology (see kg.views.infer)."""
    result = _run(store, sparql, infer)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        # A solution iterates over its values in the order of the variables, several times
        # faster than looking each up by name.
        rows = [tuple(map(to_rdflib, solution)) for solution in result]
        return QueryResult("select", variables=variables, rows=rows)
    return QueryResult("graph", graph=rdflib_graph(result, PREFIXES))


_RESULTS_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


def serialize_query(store: Store, sparql: str, fmt: str = "table", *, infer: bool = False) -> str:
    """Run `sparql` and give its answer as text: a table for people, or a SPARQL 1.1 results
    format (json, csv, tsv) written by Oxigraph's own serializers; CONSTRUCT and DESCRIBE give
    Turtle (JSON-LD for json)."""
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"Unknown result format {fmt!r}; choose one of {', '.join(RESULT_FORMATS)}.")
    if fmt == "table":
        return format_result(run_query(store, sparql, infer=infer))
    result = _run(store, sparql, infer)
    if isinstance(result, ox.QuerySolutions) or (isinstance(result, ox.QueryBoolean) and fmt == "json"):
        serialized = result.serialize(format=_RESULTS_FORMATS[fmt])
        assert serialized is not None  # bytes: no output was given
        return serialized.decode("utf-8")
    if isinstance(result, ox.QueryBoolean):  # the CSV and TSV formats define no boolean
        return str(bool(result)).lower()
    return rdflib_graph(result, PREFIXES).serialize(format="json-ld" if fmt == "json" else "turtle")


def _run(store: Store, sparql: str, infer: bool) -> QueryAnswer:
    check_query_text(sparql)  # a query nested too deep would overflow Oxigraph's parser's stack
    warn_unknown_terms(sparql)
    try:
        if infer:
            from .infer import with_inferences

            inferred = with_inferences(store)
            return in_query_order(lambda text: inferred.query(text, prefixes=PREFIXES), sparql)
        return in_query_order(store.query, sparql)
    except SyntaxError as error:
        raise QueryError(explain_syntax_error(sparql, str(error))) from None
    except OSError as error:
        raise QueryError(f"The query failed: {error}") from None


# SPARQL's tokens, enough to tell variables and prefixed names from the strings, IRIs and
# comments that may contain the same characters.
_TOKEN = re.compile(
    r"""(?P<space>\s+)|(?P<comment>\#[^\n]*)|(?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
    r"""|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)|(?P<var>[?$]\w+)|(?P<bnode>_:[\w.-]*)"""
    r"""|(?P<pname>(?:[^\W\d_](?:[\w.-]*[\w-])?)?:(?:[\w:%-]|\\.|\.(?=[\w:%-]))*)"""
    r"""|(?P<word>[A-Za-z_]\w*)|(?P<other>.)""",
    re.DOTALL,
)


def _tokens(sparql: str) -> Iterator[tuple[str | None, str, int]]:
    return ((m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(sparql))


def in_query_order(run: Callable[[str], _Answer], sparql: str) -> _Answer:
    """`run(sparql)`, Oxigraph's result; a `SELECT *`, whose columns Oxigraph gives in an order of
    its own, is run with them listed in SPARQL's order, that of the variables' first appearance
    in the query, so that every result format (and every client) sees that order. Which
    variables `*` stands for depends on the query alone: an empty store tells, at no cost (the
    store itself may sort or group before the first row). A query that calls another server is
    left as it is, so that the probe calls none."""
    tokens = [(kind, text, at) for kind, text, at in _tokens(sparql) if kind not in ("space", "comment")]
    star = _select_star(tokens)
    if star is None or any(kind == "word" and text.upper() == "SERVICE" for kind, text, _ in tokens):
        return run(sparql)
    try:
        probe = ox.Store().query(sparql, prefixes=PREFIXES)
    except (SyntaxError, ValueError, OSError):  # the real run says what is wrong
        return run(sparql)
    if not isinstance(probe, ox.QuerySolutions):  # SELECT * in a subquery of an ASK or CONSTRUCT
        return run(sparql)
    variables = [v.value for v in probe.variables]
    first_seen: dict[str, int] = {}
    for position, (kind, text, _) in enumerate(tokens):
        if kind == "var":
            first_seen.setdefault(text[1:], position)
    order = sorted(variables, key=lambda name: (first_seen.get(name, len(tokens)), variables.index(name)))
    return run(sparql if order == variables else sparql[:star] + " ".join("?" + name for name in order) + sparql[star + 1:])


def _select_star(tokens: list[tuple[str | None, str, int]]) -> int | None:
    """Where the `*` of `SELECT *` (or `SELECT DISTINCT *`) is, if the query's projection is one;
    `tokens` without spaces and comments."""
    select = next((i for i, (kind, text, _) in enumerate(tokens) if kind == "word" and text.upper() == "SELECT"), None)
    if select is None:
        return None
    after = tokens[select + 1:select + 3]
    if after[:1] and after[0][1] == "*":
        return after[0][2]
    if len(after) == 2 and after[0][1].upper() in ("DISTINCT", "REDUCED") and after[1][1] == "*":
        return after[1][2]
    return None


def explain_syntax_error(sparql: str, message: str) -> str:
    """Oxigraph's message, or a plainer one for the usual mistakes (a prefix never declared, a
    '/' in a prefixed name), with the offending line and a caret under the position."""
    first_line = message.splitlines()[0]
    match = re.search(r"at (\d+):(\d+)", first_line)
    position = (int(match.group(1)), int(match.group(2))) if match else None
    hint = _misspelled_keyword(sparql) or _unknown_prefix(sparql) or (_slash_in_name(sparql, position) if position else None)
    if hint is not None:
        text, position = hint
    elif position is None:
        return f"The query does not parse: {first_line}"
    else:
        text = f"The query does not parse: {first_line}"
        if len(text) > 160 or "expected one of" in text:
            # Oxigraph lists every token it could have taken there, cut off here, which helps nobody.
            text = f"The query does not parse: error at {position[0]}:{position[1]}: {_found_at(sparql, position)}"
    line_no, column = position
    lines = sparql.splitlines() or [""]
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    return f"{text}\n  {line}\n  {' ' * max(column - 1, 0)}^"


def _found_at(sparql: str, position: tuple[int, int]) -> str:
    lines = sparql.splitlines()
    line_no, column = position
    rest = "\n".join([lines[line_no - 1][column - 1:], *lines[line_no:]]) if 0 < line_no <= len(lines) else ""
    if not rest.strip():
        return "the query ends without being complete (look for an unclosed { or ( or a missing term)."
    token = rest.split()[0][:40]
    return f"{token!r} is not what SPARQL expects here."


def _line_column(sparql: str, offset: int) -> tuple[int, int]:
    before = sparql[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _misspelled_keyword(sparql: str) -> tuple[str, tuple[int, int]] | None:
    """A bare word that is no SPARQL word but close to a keyword: "SELCT: did you mean SELECT?"."""
    known = {*_KEYWORDS, *_FUNCTIONS}
    for kind, text, offset in _tokens(sparql):
        if kind != "word" or text.upper() in known:
            continue
        close = difflib.get_close_matches(text.upper(), _KEYWORDS, n=1, cutoff=0.75)
        if close:
            line_no, column = _line_column(sparql, offset)
            return (f"The query does not parse: {text}: did you mean {close[0]}? (line {line_no}, column {column})",
                    (line_no, column))
    return None


def _ontology_terms() -> set[str]:
    from ..resources import ontology

    namespace = PREFIXES["kgo"]
    return {str(s)[len(namespace):] for s in ontology().subjects() if str(s).startswith(namespace)}


def warn_unknown_terms(sparql: str) -> list[str]:
    """Warn about each kgo: term the query names that kg's ontology lacks (a typo such as
    kgo:Persn matches nothing, silently), naming the closest term; returns the warnings."""
    terms = _ontology_terms()
    warnings = []
    for kind, text, _ in _tokens(sparql):
        if kind != "pname" or not text.startswith("kgo:"):
            continue
        local = text[4:]
        if local and local not in terms:
            close = difflib.get_close_matches(local, sorted(terms), n=1, cutoff=0.6)
            warning = f"{text} is not a term of kg's ontology, so it matches nothing" + (
                f"; did you mean kgo:{close[0]}?" if close else "; kg ontology/kg.ttl lists the terms.")
            if warning not in warnings:
                warnings.append(warning)
                log.warning("%s", warning)
    return warnings


def _unknown_prefix(sparql: str) -> tuple[str, tuple[int, int]] | None:
    tokens = [t for t in _tokens(sparql) if t[0] not in ("space", "comment")]
    declared = set(PREFIXES)
    for index, (kind, text, offset) in enumerate(tokens):
        if kind != "pname":
            continue
        prefix = text.split(":", 1)[0]
        if index and tokens[index - 1][0] == "word" and tokens[index - 1][1].upper() == "PREFIX":
            declared.add(prefix)
        elif prefix not in declared:
            line_no, column = _line_column(sparql, offset)
            return (f"Unknown prefix '{prefix}:' at line {line_no}, column {column}; declare it with "
                    f"PREFIX {prefix}: <...> (kg predeclares {', '.join(PREFIXES)}).", (line_no, column))
    return None


def _slash_in_name(sparql: str, position: tuple[int, int]) -> tuple[str, tuple[int, int]] | None:
    """kgr:person/donald-trump, as older kg printed it: not a prefixed name, since a '/' after
    the colon must be escaped."""
    lines = sparql.splitlines()
    line_no, column = position
    if not 0 < line_no <= len(lines):
        return None
    line = lines[line_no - 1]
    for match in re.finditer(r"([^\W\d_][\w.-]*):([\w.%-]*(?:/[\w.%~-]+)+)(?![\w.%~:-])", line):  # not a path a:b/c:d
        if match.group(1) in PREFIXES and match.start() < column <= match.end() + 1:
            iri = PREFIXES[match.group(1)] + match.group(2)
            printed = short_iri(iri)
            better = f"{printed} or <{iri}>" if not printed.startswith("<") else printed
            return (f"{match.group()} is not a prefixed name (a '/' after the colon must be escaped); "
                    f"write {better}.", (line_no, match.start() + 1))
    return None


def format_result(result: QueryResult) -> str:
    """A query's result as people read it: a table of short terms, `true`/`false`, or Turtle."""
    if result.kind == "ask":
        return str(result.boolean).lower()
    if result.kind == "graph" and result.graph is not None:
        return for_terminal(result.graph.serialize(format="turtle"), keep_newlines=True)  # Turtle leaves ESC raw
    return _table(result)


def short_term(term: Node | None) -> str:
    """A term as a person reads it: an IRI as a prefixed name or <IRI> (either pastes back into
    a query), a literal's value."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return short_iri(str(term))
    if isinstance(term, Literal):
        return str(term)
    return f"_:{term}"


def _table(result: QueryResult) -> str:
    header = result.variables
    rows = [[_cell(t) for t in row] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _cell(term: Node | None) -> str:
    """A table cell: IRIs whole, so they paste back; long literals cut to a line; whatever could
    drive the terminal escaped (an ESC in an article id would recolour it)."""
    text = short_term(term)
    if isinstance(term, Literal):
        text = text.replace("\n", " ")
        if len(text) > 80:
            text = text[:77] + "..."
    return for_terminal(text)
