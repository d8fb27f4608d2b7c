"""Names on US political news (issue 23, third round): the third parties and their adjectives,
the White House a building, so a place (FACTS-GUIDE). Every sentence here is written for these
tests."""

import pytest

from kg.pipeline.extract import extract
from kg.pipeline.nlp import parse
from kg.pipeline.read import Article
from kg.pipeline.resolve import resolve

from helpers.facts import relations


def test_a_third_partys_adjective_or_name_before_a_title_makes_a_member_of_the_party():
    found = relations("Libertarian nominee Carl Dorsey spoke in Reno on Monday. "
                      "Green Party candidate Jana Holt rallied in Boise the same day.")
    assert ("memberOf", "Carl Dorsey", "Libertarian Party") in found
    assert ("memberOf", "Jana Holt", "Green Party") in found


def test_a_third_party_named_after_its_candidate_is_the_party():
    found = relations("Carl Dorsey, the Libertarian candidate, and Jana Holt of the Green Party debated in Reno.")
    assert ("memberOf", "Carl Dorsey", "Libertarian Party") in found
    assert ("memberOf", "Jana Holt", "Green Party") in found


def entities(text: str) -> dict[str, str]:
    """Each entity's label and class."""
    ((article, doc),) = parse([Article(id="t", text=text, source="test")])
    return {e.label: e.type for e in resolve(extract(article, doc)).entities}


def test_the_white_house_is_a_building_so_a_place():
    assert entities("Reporters waited outside the White House on Monday.").get("White House") == "Place"


@pytest.mark.parametrize("text, body", [
    ("A Rasmussen poll showed the race tied on Monday.", "Rasmussen"),
    ("According to a Rasmussen Reports poll, the race is tied.", "Rasmussen"),
    ("The Fox network aired the debate.", "Fox"),
])
def test_a_one_word_name_before_a_bodys_noun_names_the_body_not_a_person(text, body):
    assert entities(text).get(body) == "Organization"


def test_a_surname_before_a_bodys_noun_stays_the_person_the_article_names_in_full():
    assert entities("Harlan poll numbers fell after Tom Harlan spoke in Reno.").get("Tom Harlan") == "Person"


def test_a_surname_before_reported_is_a_reporter_still():
    # in political news 'Zeleny reported' is a journalist far more often than an outlet
    assert entities("Jeff Zeleny reported from Des Moines. Zeleny said the crowd was large.").get("Jeff Zeleny") == "Person"
