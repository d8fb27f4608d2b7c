"""Cross-article linking is linear in its input: when one more article names "Biden" alone, the
rows the linking step's queries produce (DISTINCT taken away, so every duplicate a join makes is
counted) grow at most in proportion to the articles naming Joe Biden in full — not with their
square, as they did when the default graph was a bag union of the article graphs."""

import re

import pytest

from kg.store import KnowledgeStore
from kg.store.link import relink

from helpers import biden_articles
from helpers.biden_articles import copies


class CountingStore:
    """The real store, counting the rows its queries produce for the linking step."""

    def __init__(self, store: KnowledgeStore):
        self.store, self.rows = store, 0

    def query(self, sparql: str):
        counted = list(self.store.query(re.sub(r"SELECT\s+DISTINCT", "SELECT", sparql)))
        self.rows += len(counted)
        return self.store.query(sparql)

    def update_graph(self, graph: str, sparql: str, *, nodes=()) -> None:
        self.store.update_graph(graph, sparql, nodes=nodes)


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """The graphs kg makes of an article naming Joe Biden in full and of one naming him "Biden"."""
    return biden_articles.templates(tmp_path_factory.mktemp("biden"))


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
