"""Step 8a — query: SPARQL over the store, results as plain data and in the standard result
formats (SPARQL 1.1 JSON, CSV, TSV) or as a table for people."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from .errors import QueryError
from .namespaces import PREFIXES
from .store import KnowledgeStore, from_term

RESULT_FORMATS = ("table", "json", "csv", "tsv")


@dataclass
class QueryResult:
    """What a query returned: rows of bindings (SELECT), a boolean (ASK) or a graph
    (CONSTRUCT, DESCRIBE). Terms are rdflib terms; an unbound variable is None."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.graph or ())


def run_query(store: KnowledgeStore, sparql: str, *, infer: bool = False) -> QueryResult:
    """Run `sparql` over the store; with `infer`, over the store plus what OWL RL concludes
    from it under kg's ontology (see kg.infer)."""
    try:
        if infer:
            from .infer import with_inferences

            result = with_inferences(store).query(sparql, prefixes=PREFIXES)
        else:
            result = store.query(sparql)
    except SyntaxError as error:
        raise QueryError(_explain_syntax_error(sparql, str(error))) from None
    except OSError as error:
        raise QueryError(f"The query failed: {error}") from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        # A solution iterates over its values in the order of the variables, several times
        # faster than looking each up by name.
        rows = [tuple(map(from_term, solution)) for solution in result]
        return QueryResult("select", variables=variables, rows=rows)
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in result:
        graph.add((from_term(triple.subject), from_term(triple.predicate), from_term(triple.object)))
    return QueryResult("graph", graph=graph)


def _explain_syntax_error(sparql: str, message: str) -> str:
    """Oxigraph's message with the offending line and a caret under the position."""
    first_line = message.splitlines()[0]
    match = re.search(r"at (\d+):(\d+)", first_line)
    if not match:
        return f"The query does not parse: {first_line}"
    line_no, column = int(match.group(1)), int(match.group(2))
    lines = sparql.splitlines() or [""]
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    detail = first_line if len(first_line) < 160 else first_line[:157] + "..."
    return f"The query does not parse: {detail}\n  {line}\n  {' ' * max(column - 1, 0)}^"


def format_result(result: QueryResult, fmt: str = "table") -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}) if fmt == "json" else str(result.boolean).lower()
    if result.kind == "graph":
        return result.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
    if fmt == "json":
        return json.dumps(_sparql_json(result), ensure_ascii=False, indent=1)
    if fmt in ("csv", "tsv"):
        return _delimited(result, fmt)
    if fmt == "table":
        return _table(result)
    raise QueryError(f"Unknown result format {fmt!r}; choose one of {', '.join(RESULT_FORMATS)}.")


def _sparql_json(result: QueryResult) -> dict:
    bindings = []
    for row in result.rows:
        binding = {}
        for name, term in zip(result.variables, row):
            if term is None:
                continue
            if isinstance(term, URIRef):
                binding[name] = {"type": "uri", "value": str(term)}
            elif isinstance(term, BNode):
                binding[name] = {"type": "bnode", "value": str(term)}
            else:
                value = {"type": "literal", "value": str(term)}
                if term.language:
                    value["xml:lang"] = term.language
                elif term.datatype:
                    value["datatype"] = str(term.datatype)
                binding[name] = value
        bindings.append(binding)
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}


def _delimited(result: QueryResult, fmt: str) -> str:
    out = io.StringIO()
    if fmt == "csv":  # SPARQL 1.1 CSV: plain values, no datatypes
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if t is None else str(t) for t in row])
    else:  # SPARQL 1.1 TSV: terms in Turtle syntax
        out.write("\t".join("?" + v for v in result.variables) + "\n")
        for row in result.rows:
            out.write("\t".join("" if t is None else t.n3() for t in row) + "\n")
    return out.getvalue()


def short_term(term) -> str:
    """A term as a person reads it: a prefixed name, or a literal's value."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return text
    if isinstance(term, Literal):
        return str(term)
    return f"_:{term}"


def _table(result: QueryResult) -> str:
    header = result.variables
    rows = [[short_term(t).replace("\n", " ") for t in row] for row in result.rows]
    rows = [[cell if len(cell) <= 80 else cell[:77] + "..." for cell in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
