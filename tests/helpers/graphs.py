"""Graph comparison for tests: isomorphism, and on failure a readable diff."""

from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, to_isomorphic


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    left, right = to_isomorphic(expected), to_isomorphic(actual)
    if left == right:
        return
    _, only_expected, only_actual = graph_diff(left, right)

    def show(graph: Graph) -> str:
        lines = sorted(f"  {s.n3()} {p.n3()} {o.n3()}" for s, p, o in graph)
        return "\n".join(lines[:30]) + (f"\n  ... {len(lines) - 30} more" if len(lines) > 30 else "")

    raise AssertionError(
        f"graphs differ:\nonly in expected ({len(only_expected)}):\n{show(only_expected)}\n"
        f"only in actual ({len(only_actual)}):\n{show(only_actual)}"
    )


def store_dataset(store) -> Dataset:
    """Everything in a KnowledgeStore as an rdflib Dataset (graph names kept)."""
    from kg.terms import to_rdflib

    dataset = Dataset()
    for quad in store.quads():
        graph = dataset.graph(to_rdflib(quad.graph_name))
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return dataset


def dataset_quads(dataset: Dataset) -> set:
    return {(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))}


def union_graph(dataset: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def stored_quads(path) -> set:
    """Every quad of the embedded store at `path`, opened read-only, as rdflib terms."""
    from kg.store import KnowledgeStore

    with KnowledgeStore(path, read_only=True) as store:
        return dataset_quads(store_dataset(store))
