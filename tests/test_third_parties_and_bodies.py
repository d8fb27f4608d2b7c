"""Names on US political news (issue 23, third round): the third parties and their adjectives,
the White House a building, so a place (FACTS-GUIDE). Every sentence here is written for these
tests."""

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
