"""Titles that say two positions at once, positions not held yet, posts under a head, and
talks and meetings between a person and a body (issue 24). Every sentence here is written for
these tests."""

from helpers.facts import relations


def positions_of(found, name):
    return {key[2] for key in found if key[0] == "holdsPosition" and key[1] == name}


def test_a_role_and_a_title_before_one_name_are_two_positions():
    found = relations("Democratic presidential candidate Sen. Walt Hobbs spoke in Dayton on Monday.")
    assert positions_of(found, "Walt Hobbs") == {"presidential candidate", "Senator"}
    assert ("memberOf", "Walt Hobbs", "Democratic Party") in found


def test_two_roles_joined_by_and_are_two_positions():
    found = relations("Danish journalist and author Karin Holm wrote the book.")
    assert positions_of(found, "Karin Holm") == {"journalist", "author"}


def test_a_rival_is_no_position_but_the_title_after_it_is():
    found = relations("His primary rival Sen. Paul Fenwick said no on Friday.")
    assert positions_of(found, "Paul Fenwick") == {"Senator"}


def test_a_hyphenated_role_stays_one_word():
    found = relations("GOP front-runner Dan Hurst spoke in Ohio.")
    assert positions_of(found, "Dan Hurst") == {"front-runner"}


def test_a_title_of_many_capitalized_words_stays_whole():
    found = relations("Deputy Assistant Secretary of State Mark Bryson arrived on Monday.")
    assert positions_of(found, "Mark Bryson") == {"Deputy Assistant Secretary of State"}


def test_a_post_not_held_yet_is_no_position():
    found = relations("The potential nominee, Jane Roe, spoke on Monday. Roe, who hopes to be the next governor, smiled.")
    assert not positions_of(found, "Jane Roe")


def test_an_associate_director_works_for_the_body_and_does_not_head_it():
    found = relations("Tom Weller, associate director of the Acme Institute, said the plan would fail.")
    assert ("leaderOf", "Tom Weller", "Acme Institute") not in found
    assert ("affiliatedWith", "Tom Weller", "Acme Institute") in found


def test_an_interview_with_an_outlet_is_no_talk_with_a_person():
    found = relations("In an interview with CNN on Sunday, Jane Roe said she would run.")
    assert not any(key[0] == "spokeWith" for key in found)


def test_a_bare_title_of_someone_the_article_calls_former_is_no_position():
    found = relations("Former Secretary of State Jane Roe spoke on Monday. Critics attacked Secretary Roe over her emails. "
                      "Gov. Walt Hobbs agreed.")
    assert not positions_of(found, "Jane Roe")
    assert positions_of(found, "Walt Hobbs") == {"Governor"}


def test_a_position_keeps_the_modifiers_of_its_modifiers():
    found = relations("Jane Roe, a political science professor at Dayton University, said the plan was bad.")
    assert positions_of(found, "Jane Roe") == {"Political Science Professor"}


def test_every_employer_of_a_list_after_the_role():
    found = relations("Jane Roe, a lawyer for CNN and NBC, argued the case.")
    assert ("affiliatedWith", "Jane Roe", "CNN") in found
    assert ("affiliatedWith", "Jane Roe", "NBC") in found


def test_writing_for_an_outlet_is_working_for_it():
    assert ("affiliatedWith", "Ann Brown", "Dayton Herald") in relations("Ann Brown, who writes for the Dayton Herald, disagreed.")


def test_a_field_named_by_a_bare_noun_belongs_to_the_position_and_heads_nothing():
    found = relations("Aaron Kell, the director of debate at the University of Michigan, said it mattered.")
    assert positions_of(found, "Aaron Kell") == {"Director of debate"}
    assert ("leaderOf", "Aaron Kell", "University of Michigan") not in found
    assert positions_of(relations("Tom Weller, the director of the FBI, spoke."), "Tom Weller") == {"Director"}


def test_a_retired_officer_holds_no_post_but_still_served_where_he_did():
    assert not positions_of(relations("Retired Lt. Gen. Norman Hamm spoke on Monday."), "Norman Hamm")
    found = relations("Norman Hamm, a retired Army general, spoke.")
    assert not positions_of(found, "Norman Hamm")
    assert ("memberOf", "Norman Hamm", "Army") in found
