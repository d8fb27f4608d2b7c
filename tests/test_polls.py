"""Polls state no relation (issue 24, FACTS-GUIDE: 'Clinton leads Trump' is no relation): a
sentence giving a poll's standings names candidates side by side, beside the places polled, and
neither a standing word nor a name beside a place makes a relation of it; a verb of its own, a
title and a party label in the same sentence still state theirs. Every sentence here is written
for these tests."""

from helpers.facts import relations


def test_a_candidate_beside_the_state_polled_is_not_based_there():
    found = relations("A Quinnipiac survey has Castell in Florida at 48 percent to Brandt's 45 percent.")
    assert not any(predicate in ("basedIn", "livesIn", "visited") for predicate, _, _ in found)


def test_a_standing_is_no_leadership_or_meeting():
    found = relations("The Emerson poll shows Maria Castell leading Tom Brandt by one percentage point, "
                      "with Lena Ortiz and Paul Ridley far behind.")
    assert not any(predicate in ("leaderOf", "metWith", "spokeWith") for predicate, _, _ in found)


def test_a_meeting_told_in_a_poll_sentence_still_stands():
    found = relations("Republican nominee Maria Castell has 44 percent, Tom Brandt 40 percent and "
                      "Lena Ortiz, who met with Castell in Dayton, 5 percent.")
    assert ("metWith", "Lena Ortiz", "Maria Castell") in found
    assert ("memberOf", "Maria Castell", "Republican Party") in found
    assert ("holdsPosition", "Maria Castell", "nominee") in found


def test_one_share_alone_makes_no_poll():
    found = relations("Maria Castell met with Tom Brandt in Geneva to discuss a 10 percent tariff.")
    assert ("metWith", "Maria Castell", "Tom Brandt") in found


def test_shares_received_in_a_poll_are_no_meeting():
    found = relations("In the survey, Maria Castell received 41 percent support, while Walt Brandt received 38 percent, "
                      "Dan Hurst 4 percent and Jane Roe 3 percent.")
    assert not any(key[0] == "metWith" for key in found)
    assert ("metWith", "Walt Brandt", "Jane Roe") in relations("Walt Brandt received Jane Roe at city hall on Monday.")
