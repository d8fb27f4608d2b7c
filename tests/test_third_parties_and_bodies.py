"""Names on US political news the gazetteer must know (issue 23, third round): the third
parties and their adjectives. Every sentence here is written for these tests."""

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
