"""Organizations on US political news (issue 23, second round), with sentences written for these
tests: countries that play no match."""

import pytest

from kg.pipeline.extract import extract
from kg.pipeline.nlp import parse
from kg.pipeline.read import Article
from kg.pipeline.resolve import resolve


def entities(text: str) -> dict[str, str]:
    """Each entity's label and class."""
    ((article, doc),) = parse([Article(id="t", text=text, source="test")])
    return {e.label: e.type for e in resolve(extract(article, doc)).entities}


@pytest.mark.parametrize("text", [
    "The minister chose to play his cards with Russia and Iran. Later Russia said nothing.",
    "The senator accused Tom Harlan of playing politics with Russia in Dayton.",
])
def test_a_country_a_game_of_words_is_played_with_stays_a_country(text):
    found = entities(text)
    assert found.get("Russia") == "Country"


def test_a_club_a_match_is_played_with_is_still_a_club():
    found = entities("Bayern drew with Dortmund on Saturday. Dortmund coach Tom Harlan was angry.")
    assert found.get("Dortmund") == "Organization"

