"""Where kg's data files live. In a source checkout they are the top-level ontology/ and
shapes/ folders; an installed wheel carries copies of them inside the package (kg/_data)."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import KGO

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder `name` ('ontology' or 'shapes'), installed copy first, then the checkout."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg's {name}/ folder is missing; reinstall kg (pip install kg)")


def _load_turtle_folder(name: str) -> Graph:
    graph = Graph()
    for path in sorted(data_dir(name).glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def ontology() -> Graph:
    """kg's ontology (every ontology/*.ttl), parsed once per process. Do not mutate."""
    return _load_turtle_folder("ontology")


@lru_cache(maxsize=1)
def shapes() -> Graph:
    """kg's SHACL shapes (every shapes/*.ttl), parsed once per process. Do not mutate."""
    return _load_turtle_folder("shapes")


@lru_cache(maxsize=1)
def entity_classes() -> tuple[str, ...]:
    """The local names of kg's entity classes: every class under kgo:Entity in the ontology
    (Person, Organization, Place and its subclasses), sorted. The one list of them."""
    namespace = str(KGO._NS)
    found = ontology().transitive_subjects(RDFS.subClassOf, KGO.Entity)
    return tuple(sorted(str(c)[len(namespace):] for c in found if str(c).startswith(namespace) and c != KGO.Entity))


@cache
def is_symmetric(predicate: str) -> bool:
    return (KGO[predicate], RDF.type, OWL.SymmetricProperty) in ontology()
