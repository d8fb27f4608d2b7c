"""Check a graph against kg's SHACL shapes with pySHACL, the ontology mixed
in so that subclasses count (a City is a Place), and say in words what broke.

pySHACL's `validate()` redoes per call what is the same for every article: it gathers the shapes
anew, copies the ontology into a clone of the data graph node by node, and parses the SPARQL
constraint's text. Here the shapes are gathered once per process, and each call validates the
article's graph where it is, with the ontology's subclass axioms added for the check and taken
out after (the only ontology triples a shape reads: sh:class follows rdfs:subClassOf; no shape
targets an ontology term).

pySHACL checks the core constraints on the rdflib graph, and runs the SHACL-SPARQL constraint
(offsets slice back to the text) through its own Oxigraph data-graph backend on a mirror of
the same triples: rdflib's SPARQL engine took a third of an article's validation on that one
query, Oxigraph takes a few per cent. The verdicts and violations are pySHACL's either way
(tests/test_validate.py compares them with plain pySHACL's on good and broken graphs)."""

from __future__ import annotations

import logging
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Self

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from ..errors import Violation
from ..namespaces import short_iri
from ..resources import ontology, shapes

if TYPE_CHECKING:
    from pyshacl import ShapesGraph
    from pyshacl.graph_abstraction import DataGraph, OxigraphDataGraph


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]


# Options for pySHACL's Validator (what its validate() would pass).
_OPTIONS = {
    "inference": "none",  # the ontology's subClassOf triples are enough for sh:class
    "advanced": False,  # no SHACL-AF (rules, functions, custom targets); sh:sparql is SHACL-SPARQL, always on
    "allow_warnings": True,
    "inplace": True,  # no inference, no rules: pySHACL only reads the data graph
}


def validate_graph(graph: Graph, ntriples: bytes | None = None) -> ValidationReport:
    """Validate `graph` against every shape in shapes/. `ntriples`, when the caller has it, is
    the same graph as N-Triples (it saves converting it for the SPARQL mirror).

    The graph is checked where it is, with the subclass axioms it lacks added for the check and
    taken out again afterwards, whatever happens: copying an article's graph for pySHACL cost a
    fifth of its validation. It is left as it was given."""
    _fast_constraint_lookup()
    axioms_only = (None, RDFS.subClassOf, None) not in graph  # then its class hierarchy is the ontology's
    added = [triple for triple in _ontology_axioms() if triple not in graph]
    for triple in added:
        graph.add(triple)
    try:
        data_graph = _mirrored_data_graph_class()(graph, _sparql_mirror(graph, ntriples), axioms_only)
        validator = _validator_class()(data_graph, _shapes_graph())
        conforms, results, _ = validator.run()
    finally:
        for triple in added:
            graph.remove(triple)
    return ValidationReport(bool(conforms), tuple(_violations(results)))


@lru_cache(maxsize=1)
def _validator_class() -> type:
    from pyshacl import Validator

    class ShapesOnceValidator(Validator):
        """A Validator over shapes gathered once, not gathered again from the shapes graph."""

        def __init__(self, data_graph: DataGraph, shapes_graph: ShapesGraph):
            options = {**_OPTIONS, "logger": _LOGGER}
            super().__init__(data_graph, shacl_graph=shapes_graph.graph, options=options)
            self.shacl_graph = shapes_graph

    return ShapesOnceValidator


_LOGGER = logging.getLogger("pyshacl-validate")


def _sparql_mirror(graph: Graph, ntriples: bytes | None) -> OxigraphDataGraph:
    """The graph (with the subclass axioms) in an in-memory Oxigraph store, as pySHACL's own
    Oxigraph data graph, which answers SPARQL queries through pyoxigraph."""
    import pyoxigraph as ox
    from pyshacl.graph_abstraction import OxigraphDataGraph

    from ..terms import oxigraph_quads

    store = ox.Store()
    if ntriples is not None:
        store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        store.extend(_ontology_axiom_quads())
    else:  # term by term (the axioms are in `graph` now): keeps blank nodes' labels
        store.extend(oxigraph_quads(graph, ox.DefaultGraph()))
    return OxigraphDataGraph(store)


@lru_cache(maxsize=1)
def _mirrored_data_graph_class() -> type:
    from pyshacl.graph_abstraction import RdfLibDataGraph

    class MirroredDataGraph(RdfLibDataGraph):
        """pySHACL's rdflib data graph, whose SPARQL queries go to the Oxigraph mirror of the
        same triples. Core constraints are checked on rdflib (term by term, where rdflib is
        quicker than converting every term out of Oxigraph); the SHACL-SPARQL one on Oxigraph,
        where rdflib's engine took a third of an article's validation on that one query."""

        def __init__(self, graph: Graph, mirror: OxigraphDataGraph, axioms_only: bool = False):
            # rdflib's Dataset, which pySHACL's data graph is, checks when it is made that its store
            # keeps contexts; an article's graph is on a triples-only store (kg.pipeline.rdf), which
            # pySHACL reads only through the graph itself.
            super().__init__(store=graph.store if graph.store.context_aware else _CONTEXT_AWARE_STORE, impl=graph)
            self._store = graph.store
            self.mirror = mirror
            self.axioms_only = axioms_only

        # sh:class and sh:targetClass walk rdfs:subClassOf from every value node's class, through
        # the data graph (a quarter of validation). When the article's graph brings no
        # rdfs:subClassOf of its own, its hierarchy is the ontology's axioms alone: the same walk
        # over those axioms, made once per class and process, gives the same nodes in the same order.
        def transitive_objects(self, subject: Any, predicate: Any, remember: Any = None) -> Generator[Any, None, None]:
            if predicate == RDFS.subClassOf and remember is None and self.axioms_only and self.locked_context is None:
                yield from _axiom_walk(subject, True)
            else:
                yield from super().transitive_objects(subject, predicate, remember=remember)

        def transitive_subjects(self, predicate: Any, object_: Any, remember: Any = None) -> Generator[Any, None, None]:
            if predicate == RDFS.subClassOf and remember is None and self.axioms_only and self.locked_context is None:
                yield from _axiom_walk(object_, False)
            else:
                yield from super().transitive_subjects(predicate, object_, remember=remember)

        # The signature of RdfLibDataGraph.query, the method overridden, which is no override of
        # its own base's, DataGraph.query(**kwargs), to mypy.
        def query(self, query_object: Any, processor: Any = "sparql", result: Any = "sparql",  # type: ignore[override]
                  initNs: Mapping[str, Any] | None = None, initBindings: Mapping[str, Any] | None = None,  # noqa: N803
                  use_store_provided: bool = True, **kwargs: Any) -> Any:
            return self.mirror.query(query_object, processor, result, initNs or dict(self.impl.namespaces()),
                                     initBindings, use_store_provided, **kwargs)

    return MirroredDataGraph


_CONTEXT_AWARE_STORE = Graph().store  # an empty Memory store, never written


@lru_cache(maxsize=1)
def _fast_constraint_lookup() -> None:
    """Four patches of pySHACL's Shape.validate, for kg's shapes graph only (pySHACL 0.40,
    pinned; any other shapes graph is checked exactly as before):

    - it looks every parameter of a shape up in a list of ~40 constraint parameters, for every
      focus node a property shape is checked on; rdflib terms compare in Python, and those
      comparisons were a tenth of validation. The same list, with membership answered by a set;
    - it builds the shape's constraint components anew (reading their parameters from the
      shapes graph) each time it checks the shape, i.e. for every focus node of a property
      shape: 60,000 builds for 98 news articles. A component reads only the shapes graph when it
      is built and keeps no state while it evaluates, so for kg's shapes graph, which is built once
      per process and never changed, each shape's components are built once and reused;
    - it formats the shape's name into debug messages whether or not they are logged (below);
    - it checks a SPARQL constraint's text for forbidden clauses for every focus node (below;
      for any shapes graph, as the answer depends on the text alone).

    pySHACL reads the first two from this module attribute, which it fills itself on first use."""
    import pyshacl.shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    class ParameterList(list[URIRef]):
        def __init__(self, items: Iterable[URIRef]):
            super().__init__(items)
            self._members = frozenset(self)

        def __contains__(self, item: object) -> bool:
            return item in self._members

    class BuiltOnce:
        """A constraint component class, called as Shape.validate calls it (`component(shape)`):
        for a shape of kg's shapes graph, the component built the first time."""

        def __init__(self, component: type):
            self.component = component

        def __call__(self, shape: Any) -> Any:
            kept = _BUILT_CONSTRAINTS.get((id(shape), self.component))
            if kept is not None and kept[0] is shape:
                return kept[1]
            built = self.component(shape)
            if shape.sg is _shapes_graph():
                _BUILT_CONSTRAINTS[id(shape), self.component] = (shape, built)
            return built

    once = {component: BuiltOnce(component) for component in set(CONSTRAINT_PARAMETERS_MAP.values())}

    # Shape.validate formats the shape's name into its debug messages whether or not they are
    # logged, three times a check: 160,000 names made for 98 articles. A shape of kg's shapes
    # graph keeps its name; any other is named as pySHACL names it.
    plain_name = pyshacl.shape.Shape.__str__

    def kept_name(shape: Any) -> str:
        kept = _SHAPE_NAMES.get(id(shape))
        if kept is not None and kept[0] is shape:
            return kept[1]
        name = plain_name(shape)
        if shape.sg is _shapes_graph():
            _SHAPE_NAMES[id(shape)] = (shape, name)
        return name

    pyshacl.shape.Shape.__str__ = kept_name  # type: ignore[method-assign]

    # SPARQLQueryHelper.check_invalid_sparql searches a SPARQL constraint's text with six regular
    # expressions (MINUS, VALUES, SERVICE, nested SELECT, AS) each time the constraint is checked on
    # a focus node: a tenth of an article's validation, for the same text every time. What it says
    # depends on the text and which variables may be pre-bound only; a text it passed is passed
    # again without the search (one it refuses is searched, and refused, every time).
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    plain_check = SPARQLQueryHelper.check_invalid_sparql
    passed: set[tuple[str, bool, frozenset[str]]] = set()

    def checked_once(helper: Any, sparql_text: str, valuenode: Any = None, extravars: Any = None) -> Any:
        key = (sparql_text, valuenode is not None, frozenset(extravars or ()))
        if key in passed:
            return True
        answer = plain_check(helper, sparql_text, valuenode=valuenode, extravars=extravars)
        if answer is True:
            passed.add(key)
        return answer

    SPARQLQueryHelper.check_invalid_sparql = checked_once  # type: ignore[method-assign]
    # pySHACL sets this module attribute itself on first use (setattr), so it declares none.
    pyshacl.shape.CONSTRAINT_PARAMS = (  # type: ignore[attr-defined]
        ParameterList(ALL_CONSTRAINT_PARAMETERS),
        {parameter: once[component] for parameter, component in CONSTRAINT_PARAMETERS_MAP.items()})


# What kg's shapes keep (the shape itself beside it, so an id is never taken for another object's).
_BUILT_CONSTRAINTS: dict[tuple[int, type], tuple[Any, Any]] = {}
_SHAPE_NAMES: dict[int, tuple[Any, str]] = {}


@lru_cache(maxsize=1)
def _shapes_graph() -> ShapesGraph:
    from pyshacl import ShapesGraph

    # pySHACL reads a shape's parameters from the shapes graph anew for every focus node it
    # checks. The same triples and blank nodes (so violations name the same shapes), in a graph
    # that remembers the answer to each lookup.
    graph = _LookupCachingGraph()
    for prefix, namespace in shapes().namespaces():
        graph.bind(prefix, namespace)
    for triple in shapes():
        graph.add(triple)
    return ShapesGraph(graph, logger=_LOGGER)


class _LookupCachingGraph(Graph):
    """A graph on rdflib's SimpleMemory store (no per-triple context bookkeeping) that keeps the
    triples found for each (subject, predicate, object) pattern until it is changed. For the
    shapes graph, read for every focus node and never changed once loaded."""

    def __init__(self) -> None:
        super().__init__(store="SimpleMemory")
        self._found: dict[tuple, tuple] = {}

    # Graph.triples is a generator; this returns an iterator over the triples found before, which
    # is what the cache is for (a generator would cost a frame for each lookup).
    def triples(self, triple: Any) -> Iterator[Any]:  # type: ignore[override]
        # Looked up first, checked after: only patterns of plain terms are ever kept, and the
        # check on every lookup was a fifth of the lookups' cost.
        try:
            found = self._found.get(triple)
        except TypeError:  # an unhashable property path
            return super().triples(triple)
        if found is None:
            if not all(term is None or isinstance(term, Node) for term in triple):  # a property path
                return super().triples(triple)
            found = self._found[triple] = tuple(super().triples(triple))
        return iter(found)

    def add(self, triple: tuple[Node, Node, Node]) -> Self:
        self._found.clear()
        return super().add(triple)

    def addN(self, quads: Iterable[tuple[Node, Node, Node, Graph]]) -> Self:  # noqa: N802
        self._found.clear()
        return super().addN(quads)

    def remove(self, triple: tuple[Node | None, Node | None, Node | None]) -> Self:
        self._found.clear()
        return super().remove(triple)


@lru_cache(maxsize=1)
def _ontology_axioms() -> tuple:
    """Of the triples pySHACL mixes into a data graph from the ontology, the ones a shape can
    read: rdfs:subClassOf, which sh:class follows (a City is a Place). The others (labels,
    domains, property declarations) are about ontology terms, which no shape targets; copying
    them into every article's graph cost a third of the copy. Computed once."""
    from pyshacl.graph_abstraction import DataGraph
    from pyshacl.rdfutil.inoculate import inoculate

    mixed = Graph()
    inoculate(DataGraph.from_rdflib(mixed), ontology())
    return tuple(mixed.triples((None, RDFS.subClassOf, None)))


@lru_cache(maxsize=1024)  # the classes articles use: a few dozen
def _axiom_walk(node: Node, upwards: bool) -> tuple:
    """rdflib's depth-first walk along rdfs:subClassOf from `node` over the ontology's axioms
    alone, to its superclasses (`upwards`) or its subclasses; `node` first."""
    if upwards:
        return tuple(_axiom_graph().transitive_objects(node, RDFS.subClassOf))
    return tuple(_axiom_graph().transitive_subjects(RDFS.subClassOf, node))


@lru_cache(maxsize=1)
def _axiom_graph() -> Graph:
    graph = Graph()
    for triple in _ontology_axioms():
        graph.add(triple)
    return graph


@lru_cache(maxsize=1)
def _ontology_axiom_quads() -> tuple:
    import pyoxigraph as ox

    from ..terms import to_oxigraph

    return tuple(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in _ontology_axioms())


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


def _parent_shape(results: Graph, shape: Node | None) -> Node | None:
    # A property shape is a blank node; name the node shape that holds it instead.
    owner = shapes().value(predicate=SH.property, object=shape)
    return owner if owner is not None else shape


def _short(term: Node | None) -> str:
    text = str(term)
    if isinstance(term, URIRef):
        if text.startswith("https://w3id.org/kg-news/shapes#"):
            return "kgs:" + text.rsplit("#", 1)[1]
        return short_iri(text)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)
