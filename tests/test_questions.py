"""A question states no event (issue 24: what the text STATES, FACTS-GUIDE). Every sentence here
is written for these tests."""

from helpers.facts import relations


def test_a_question_states_no_visit_or_meeting():
    assert not relations("Why won't Maria Lind do a debate in Dayton?")
    found = relations("Did Walt Hobbs meet Maria Lind in Dayton? Reporters asked on Monday.")
    assert not any(key[0] == "metWith" for key in found)


def test_a_question_quoted_after_a_statement_leaves_the_statement():
    found = relations('Maria Lind held a rally in Dayton on Monday. "Who will stop us?" she asked.')
    assert ("visited", "Maria Lind", "Dayton") in found


def test_a_title_in_a_question_still_says_the_post():
    found = relations("Will Republican Sen. Walt Hobbs vote for the bill?")
    assert ("holdsPosition", "Walt Hobbs", "Senator") in found
