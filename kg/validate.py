"""Step 6 — validate: check a graph against kg's SHACL shapes with pySHACL, the ontology mixed
in so that subclasses count (a City is a Place), and say in words what broke."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from .errors import Violation
from .namespaces import PREFIXES
from .resources import ontology, shapes


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]


def validate_graph(graph: Graph) -> ValidationReport:
    """Validate `graph` (not modified) against every shape in shapes/."""
    from pyshacl import validate

    conforms, results, _ = validate(
        graph,
        shacl_graph=shapes(),
        ont_graph=ontology(),
        inference="none",  # the ontology's subClassOf triples are enough for sh:class
        advanced=True,  # SHACL-SPARQL: the offset checks are SPARQL constraints
        allow_warnings=True,
    )
    return ValidationReport(bool(conforms), tuple(_violations(results)))


def _violations(results: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = [str(m) for m in results.objects(result, SH.resultMessage)]
        shape = results.value(result, SH.sourceShape)
        found.append(
            Violation(
                focus_node=_short(focus),
                path=_short(path) if isinstance(path, URIRef) else None,
                message=messages[0] if messages else "does not conform",
                shape=_short(shape) if isinstance(shape, URIRef) else _short(_parent_shape(results, shape)),
                value=_short(value) if value is not None else None,
            )
        )
    found.sort(key=lambda v: (v.focus_node, v.path or "", v.message))
    return found


def _parent_shape(results: Graph, shape) -> object:
    # A property shape is a blank node; name the node shape that holds it instead.
    owner = shapes().value(predicate=SH.property, object=shape)
    return owner if owner is not None else shape


def _short(term) -> str:
    text = str(term)
    if isinstance(term, URIRef):
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        if text.startswith("https://w3id.org/kg-news/shapes#"):
            return "kgs:" + text.rsplit("#", 1)[1]
        return f"<{text}>"
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)
