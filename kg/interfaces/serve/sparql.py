"""Reading a SPARQL request without running it: what operation it is (by a SPARQL parser, never
by keywords), which result format the client gets (content negotiation), and the error a
request is answered with."""

from __future__ import annotations

import re
from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

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
        update = parseUpdate(text)
    except ParseException:
        raise UnreadableOperation(_first_line(query_error)) from None
    except Exception as error:
        raise UnreadableOperation(_first_line(error)) from None
    if "request" not in update:  # nothing but comments and prefixes: an empty update to rdflib
        raise UnreadableOperation("it holds no query and no update.")
    return OperationKind("update", frozenset(_node_names(update)), text)


def _node_names(tree: object) -> set[str]:
    """The names of every node in rdflib's parse tree (CompValue), walked without recursion."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    names: set[str] = set()
    stack = [tree]
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



def is_iri(text: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", text) is not None

