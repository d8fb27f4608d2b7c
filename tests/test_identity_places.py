"""A city's name its state shares (issue 23, item 2): 'New York' alone is the state in an article
that names the state by another of its names ('Hempstead, N.Y.') and the city by none of its own;
the city where the article names it so ('New York City') or in a dateline's capitals. The
sentences are written for these tests; the real model parses them."""

from kg.pipeline.extract import extract
from kg.pipeline.nlp import parse
from kg.pipeline.read import Article
from kg.pipeline.resolve import resolve


def entities(text):
    ((article, doc),) = parse([Article(id="t", text=text, source="test")])
    return {e.label: [m.text for m in e.mentions if m.kind == "name"] for e in resolve(extract(article, doc)).entities}


def test_the_city_name_is_the_state_the_article_names_otherwise():
    found = entities("The debate took place at a college in Hempstead, N.Y., on Monday. Ruth Calloway flew to the New York venue on Sunday.")
    assert found["New York State"] == ["N.Y.", "New York"] and "New York City" not in found


def test_the_city_where_the_article_names_it_so():
    found = entities("Ruth Calloway flew from Albany, N.Y., to New York City on Monday. She said New York was loud.")
    assert found["New York City"] == ["New York City", "New York"] and found["New York State"] == ["N.Y."]
    found = entities("NEW YORK, Sept. 3 (UPI) -- Ruth Calloway spoke in Albany, N.Y., on Monday.")
    assert found["New York City"] == ["NEW YORK"] and found["New York State"] == ["N.Y."]
