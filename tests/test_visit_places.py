"""Visits whose place is not in the visit word's own 'in' phrase (issue 24, FACTS-GUIDE decision
10): a place named before a rally or a crowd, the place of the venue someone spoke at, a
debate's place, and the subject of campaigning under an adjective or a described name. Every
sentence here is written for these tests."""

from helpers.facts import relations


def test_a_place_named_before_a_rally_or_a_crowd_is_where_it_was():
    assert ("visited", "Walt Hobbs", "Tampa") in relations("Walt Hobbs held a Tampa rally on Monday.")
    assert ("visited", "Jane Roe", "Tampa") in relations("Jane Roe spoke to a Tampa crowd on Monday.")


def test_speaking_at_a_venue_in_a_place_is_a_visit_there():
    assert ("visited", "Maria Lind", "Philadelphia") in relations("Maria Lind spoke at the convention in Philadelphia on Monday.")


def test_a_described_name_speaking_to_supporters_in_a_place_visited_it():
    found = relations("Walt Hobbs, speaking to supporters in Tampa on Monday, said he would win.")
    assert ("visited", "Walt Hobbs", "Tampa") in found


def test_busy_campaigning_in_a_place_is_a_visit():
    assert ("visited", "Walt Hobbs", "New Hampshire") in relations("Walt Hobbs has been busy campaigning in New Hampshire.")


def test_a_debate_to_come_in_a_place_is_a_possible_visit():
    found = relations("Maria Lind will moderate the second debate in Dayton on Sunday.")
    assert found[("visited", "Maria Lind", "Dayton")].modality == "possible"


def test_the_place_of_a_rally_is_not_who_held_it():
    found = relations("Walt Hobbs held a Tampa rally on Monday.")
    assert not any(key[0] == "visited" and key[1] == "Tampa" for key in found)
