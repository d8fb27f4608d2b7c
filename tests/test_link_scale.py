"""Cross-article linking is linear in its input: when one more article names "Biden" alone, the
rows the linking step's queries produce (DISTINCT taken away, so every duplicate a join makes is
counted) grow at most in proportion to the articles naming Joe Biden in full — not with their
square, as they did when the default graph was a bag union of the article graphs."""

import re

import pyoxigraph as ox
import pytest

import kg
from kg.store.link import relink
from kg.pipeline.rdf import graph_iri
from kg.store import KnowledgeStore, SerializedArticle

FULL = "date 2025-03-03\nPresident Joe Biden met Kamala Harris in Washington on Monday. Biden spoke about trade.\n"
SURNAME = "date 2025-03-04\nBiden said on Tuesday that the talks in Ohio would continue.\n"


class CountingStore:
    """The real store, counting the rows its queries produce for the linking step."""

    def __init__(self, store: KnowledgeStore):
        self.store, self.rows = store, 0

    def query(self, sparql: str):
        counted = list(self.store.query(re.sub(r"SELECT\s+DISTINCT", "SELECT", sparql)))
        self.rows += len(counted)
        return self.store.query(sparql)

    def update_graph(self, graph: str, sparql: str) -> None:
        self.store.update_graph(graph, sparql)


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """The graphs kg makes of an article naming Joe Biden in full and of one naming him "Biden"."""
    folder = tmp_path_factory.mktemp("biden")
    (folder / "full.txt").write_text(FULL, encoding="utf-8")
    (folder / "surname.txt").write_text(SURNAME, encoding="utf-8")
    built = {}
    for name in ("full", "surname"):
        path = folder / f"store-{name}"
        kg.ingest([folder / f"{name}.txt"], store=path)
        with KnowledgeStore(path, read_only=True) as store:
            graph = str(graph_iri(name))
            built[name] = ox.serialize([q.triple for q in store.quads(graph)], format=ox.RdfFormat.N_TRIPLES)
    return built


def copies(ntriples: bytes, key: str, count: int) -> list[SerializedArticle]:
    return [SerializedArticle(f"{key}-{n}", str(graph_iri(f"{key}-{n}")), f"hash-{n}",
                              ntriples.replace(f"/{key}".encode(), f"/{key}-{n}".encode())
                              .replace(f'"{key}"'.encode(), f'"{key}-{n}"'.encode()))
            for n in range(count)]


def rows_read_by_linking(templates, path, articles: int) -> int:
    with KnowledgeStore(path) as store:
        store.put_articles(copies(templates["full"], "full", articles))
        store.put_articles(copies(templates["surname"], "surname", 1))
        counting = CountingStore(store)
        links = relink(counting, {"biden"})
        assert [link.target for link in links] == ["https://w3id.org/kg-news/id/person/joe-biden"]
        return counting.rows


def test_linking_reads_rows_in_proportion_to_the_articles(templates, tmp_path):
    few = rows_read_by_linking(templates, tmp_path / "few", 100)
    many = rows_read_by_linking(templates, tmp_path / "many", 400)
    assert many <= 4.4 * few, (few, many)  # linear (4x the articles), with room for the fixed part
