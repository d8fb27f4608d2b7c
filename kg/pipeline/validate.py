"""Check a graph against kg's SHACL shapes with pySHACL, the ontology mixed
in so that subclasses count (a City is a Place), and say in words what broke.

pySHACL's `validate()` redoes per call what is the same for every article: it gathers the shapes
anew, copies the ontology into a clone of the data graph node by node, and parses the SPARQL
constraint's text. Here those happen once per process; each call validates, in place, a
throw-away copy of the article's graph plus the ontology triples pySHACL would have mixed in."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from ..errors import Violation
from ..namespaces import short_iri
from ..resources import ontology, shapes

if TYPE_CHECKING:
    from pyshacl import ShapesGraph


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]


# Options for pySHACL's Validator (what its validate() would pass).
_OPTIONS = {
    "inference": "none",  # the ontology's subClassOf triples are enough for sh:class
    "advanced": False,  # no SHACL-AF (rules, functions, custom targets); sh:sparql is SHACL-SPARQL, always on
    "allow_warnings": True,
    "inplace": True,  # the graph validated is kg's own copy, never the article's graph
}


def validate_graph(graph: Graph) -> ValidationReport:
    """Validate `graph` (not modified) against every shape in shapes/."""
    from pyshacl.graph_abstraction import DataGraph

    checked = _ValidationGraph()
    for triple in _ontology_axioms():
        checked.add(triple)
    for triple in graph:
        checked.add(triple)
    validator = _validator_class()(DataGraph.from_rdflib(checked), _shapes_graph())
    conforms, results, _ = validator.run()
    return ValidationReport(bool(conforms), tuple(_violations(results)))


@lru_cache(maxsize=1)
def _validator_class() -> type:
    from pyshacl import Validator

    class ShapesOnceValidator(Validator):
        """A Validator over shapes gathered once, not gathered again from the shapes graph."""

        def __init__(self, data_graph, shapes_graph: ShapesGraph):
            options = {**_OPTIONS, "logger": _LOGGER}
            super().__init__(data_graph, shacl_graph=shapes_graph.graph, options=options)
            self.shacl_graph = shapes_graph

    return ShapesOnceValidator


_LOGGER = logging.getLogger("pyshacl-validate")


class _ValidationGraph(Graph):
    """kg's copy of an article's graph for pySHACL, whose SPARQL queries are parsed once per
    process: pySHACL hands the same constraint text over for every article, and parsing it
    costs more than running it."""

    def query(self, query_object, processor="sparql", result="sparql", initNs=None, initBindings=None,  # noqa: N803
              use_store_provided=True, **kwargs):
        if isinstance(query_object, str) and processor == "sparql":
            namespaces = initNs or dict(self.namespaces())
            query_object = _prepared_query(query_object, tuple(sorted(namespaces.items())), kwargs.pop("base", None))
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


@lru_cache(maxsize=32)
def _prepared_query(text: str, namespaces: tuple, base: str | None):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text, initNs=dict(namespaces), base=base)


@lru_cache(maxsize=1)
def _shapes_graph() -> ShapesGraph:
    from pyshacl import ShapesGraph

    return ShapesGraph(shapes(), logger=_LOGGER)


@lru_cache(maxsize=1)
def _ontology_axioms() -> tuple:
    """The triples pySHACL mixes into a data graph from the ontology (its classes, properties
    and their axioms), computed once."""
    from pyshacl.graph_abstraction import DataGraph
    from pyshacl.rdfutil.inoculate import inoculate

    mixed = Graph()
    inoculate(DataGraph.from_rdflib(mixed), ontology())
    return tuple(mixed)


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
        if text.startswith("https://w3id.org/kg-news/shapes#"):
            return "kgs:" + text.rsplit("#", 1)[1]
        return short_iri(text)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)
