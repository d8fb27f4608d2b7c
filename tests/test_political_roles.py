"""The facts of political news that titles, party labels, appositions and lists state
(issue 24, FACTS-GUIDE decisions 2-10): roles and memberships, visits from rallies and
speeches, talks from interviews, and every name of a list. Every sentence here is written for
these tests."""

from kg.pipeline.extract.relations.words import party_codes, position_forms, position_words

from helpers.facts import relations


def test_a_party_adjective_before_a_title_makes_a_member_of_the_party_and_the_title_a_position():
    found = relations("Democratic nominee Maria Castell spoke in Dayton on Monday. Republican Sen. Paul Fenwick criticized her.")
    assert ("memberOf", "Maria Castell", "Democratic Party") in found
    assert ("holdsPosition", "Maria Castell", "nominee") in found
    assert ("memberOf", "Paul Fenwick", "Republican Party") in found
    assert ("holdsPosition", "Paul Fenwick", "Senator") in found  # 'Sen.' written out


def test_a_party_before_a_state_title_and_a_presidential_nominee():
    found = relations("Republican Indiana Gov. Mark Penn spoke in Carmel. Republican presidential nominee Dan Hurst spoke too.")
    assert ("memberOf", "Mark Penn", "Republican Party") in found
    assert ("holdsPosition", "Mark Penn", "Governor") in found
    assert ("memberOf", "Dan Hurst", "Republican Party") in found
    assert ("holdsPosition", "Dan Hurst", "presidential nominee") in found


def test_a_party_code_after_a_name_makes_a_member_of_the_party_the_article_names():
    found = relations("Democrats voted no. Rep. Laura Dinwiddie, D-Calif., said she would join them. "
                      "Sen. Walt Hobbs (R-Tenn.) disagreed, as Republicans did.")
    assert ("memberOf", "Laura Dinwiddie", "Democratic Party") in found
    assert ("holdsPosition", "Laura Dinwiddie", "Representative") in found
    assert ("memberOf", "Walt Hobbs", "Republican Party") in found


def test_a_party_code_gives_nothing_when_the_article_names_no_such_party():
    found = relations("Sen. Walt Hobbs (R-Tenn.) spoke on Monday.")
    assert not any(key[0] == "memberOf" for key in found)


def test_a_job_before_a_named_outlet_or_body_is_a_position_and_work_for_it():
    found = relations("NBC anchor Tom Bradshaw asked the question. WikiLeaks founder Jim Rolle answered. "
                      "GOP pollster Neil Haskins agreed.")
    assert ("holdsPosition", "Tom Bradshaw", "anchor") in found
    assert ("affiliatedWith", "Tom Bradshaw", "NBC") in found
    assert ("holdsPosition", "Jim Rolle", "founder") in found
    assert ("affiliatedWith", "Jim Rolle", "WikiLeaks") in found
    assert ("leaderOf", "Jim Rolle", "WikiLeaks") not in found
    assert ("memberOf", "Neil Haskins", "Republican Party") in found
    assert ("holdsPosition", "Neil Haskins", "pollster") in found


def test_a_role_in_apposition_is_a_position_and_for_an_outlet_work_for_it():
    found = relations("The judge in the case, Gonzalo Perez, ruled on Friday. Jane Roe, a reporter for CNN, asked why.")
    assert ("holdsPosition", "Gonzalo Perez", "Judge") in found
    assert ("holdsPosition", "Jane Roe", "Reporter") in found
    assert ("affiliatedWith", "Jane Roe", "CNN") in found


def test_a_campaign_role_before_a_name_is_a_position():
    found = relations("Castell campaign chairman Ray Podell said the numbers were good.")
    assert ("holdsPosition", "Ray Podell", "campaign chairman") in found


def test_a_former_title_says_nothing():
    found = relations("Former Secretary of State Lyle Grant was absent.")
    assert not any(key[1] == "Lyle Grant" for key in found)


def test_a_party_adjective_is_no_doer():
    found = relations("Jane Doe, a Republican from Chicago who served 20 years in Congress, retired.")
    assert not any(key[1] == "Republican Party" for key in found)


def test_abbreviated_titles_are_written_out_from_the_lexicon():
    assert position_forms()["sen."] == "Senator" and party_codes()["D"] == "Democratic Party"
    assert position_words("Lt. Gov.") == "Lieutenant Governor"
    assert position_words("Sen.") == "Senator"
    assert position_words("campaign chairman") == "campaign chairman"


# --- visits and interviews -------------------------------------------------------------------

def test_rallies_speeches_and_crowds_in_a_place_are_visits():
    found = relations("Maria Castell held a rally in Tampa on Tuesday and told a crowd in Columbus, Ohio, that she "
                      "would win. Paul Fenwick gave a speech in Gettysburg on Monday.")
    assert ("visited", "Maria Castell", "Tampa") in found
    assert ("visited", "Maria Castell", "Columbus") in found
    assert ("visited", "Paul Fenwick", "Gettysburg") in found


def test_an_interview_with_someone_is_talk_with_them():
    found = relations("In an interview with Ellen Marks on Monday, Paul Fenwick said he had doubts.")
    assert ("spokeWith", "Paul Fenwick", "Ellen Marks") in found


# --- lists -------------------------------------------------------------------------------------

def test_every_name_of_a_list_of_subjects_takes_part():
    found = relations("Keir Lindqvist, Pierre Marchand and Friedrich Holm arrived in Kyiv and met with Andriy Koval.")
    for person in ("Keir Lindqvist", "Pierre Marchand", "Friedrich Holm"):
        assert ("visited", person, "Kyiv") in found
        assert ("metWith", person, "Andriy Koval") in found


def test_every_name_of_a_list_of_objects_takes_part_titles_and_all():
    found = relations("Helen Avery met with Jorge Umbral and Turkish Foreign Minister Kemal Oz on Friday.")
    assert ("metWith", "Helen Avery", "Jorge Umbral") in found
    assert ("metWith", "Helen Avery", "Kemal Oz") in found


def test_a_possessive_after_and_starts_a_phrase_of_its_own_not_a_list():
    found = relations("Acme Bank and Giessen's Bezirksbank sued on Monday. Dayton-based Acme Bank and Giessen's "
                      "Bezirksbank merged.")
    assert not any(key[0] == "basedIn" and key[1] == "Bezirksbank" for key in found)


def test_a_former_role_in_apposition_is_no_position_today():
    found = relations("Ruth Ambler, a former director of the Harbor Institute, spoke on Monday.")
    assert not any(key[0] == "holdsPosition" and key[1] == "Ruth Ambler" for key in found)


def test_a_position_leaves_out_what_only_describes_its_holder():
    found = relations("Ruth Ambler, an influential strategist for the Harbor Institute, spoke. "
                      "Tom Wicks, the senior adviser to the Harbor Institute, agreed.")
    assert ("holdsPosition", "Ruth Ambler", "Strategist") in found
    assert ("holdsPosition", "Tom Wicks", "Senior Adviser") in found


def test_being_a_leader_or_the_architect_of_a_plan_is_no_post():
    found = relations("Ruth Ambler is the architect of the new plan. Tom Wicks has been a leader in his town.")
    assert not any(key[0] == "holdsPosition" for key in found)


def test_a_rally_here_after_a_dateline_is_a_visit_to_the_datelines_place():
    found = relations("SELMA, N.C. — Maria Castell promised jobs at a rally here on Tuesday. She said the state "
                      "would decide.")
    assert any(key[0] == "visited" and key[1] == "Maria Castell" and key[2].lower() == "selma" for key in found)


def test_here_without_a_dateline_is_nowhere():
    found = relations("Maria Castell promised jobs at a rally here on Tuesday.")
    assert not any(key[0] == "visited" for key in found)


def test_a_persons_rally_in_a_place_is_their_visit():
    found = relations("Protesters gathered outside a Castell rally in Tampa on Monday. Maria Castell spoke for an hour.")
    assert ("visited", "Maria Castell", "Tampa") in found


def test_telling_a_named_person_is_talking_with_them_telling_an_outlet_is_not():
    found = relations("Donald Drake told CNN's Jim Tapley that he would win. Sara Klein told host Chris Cuomo she "
                      "believed it. Drake told The Associated Press on Monday that he was fine.")
    assert ("spokeWith", "Donald Drake", "Jim Tapley") in found
    assert ("spokeWith", "Sara Klein", "Chris Cuomo") in found
    assert not any(key[0] == "spokeWith" and key[2] == "Associated Press" for key in found)


def test_a_position_starts_at_its_own_words_not_at_a_name_the_model_missed():
    found = relations("Acme chairman Rolf Dietz opened the plant. Senate Majority Leader Alan Kirk spoke.")
    assert ("holdsPosition", "Rolf Dietz", "chairman") in found
    assert ("holdsPosition", "Alan Kirk", "Majority Leader") in found


def test_a_person_of_an_outlet_works_for_it_a_person_of_another_body_is_a_member():
    found = relations("CNN's Jim Tapley asked the question. Jane Roe of the Harbor Party answered it.")
    assert ("affiliatedWith", "Jim Tapley", "CNN") in found
    assert ("memberOf", "Jane Roe", "Harbor Party") in found


# --- who said it -------------------------------------------------------------------------------

def test_a_word_inside_the_quotation_marks_is_never_the_source():
    from helpers.facts import facts

    resolution = facts('"He voted against every one of them. Every single amendment," said Ted Morrow, who wrote some.')
    (attribution,) = [a for a in resolution.attributions if a.attribution.style == "direct"]
    assert resolution.entities[attribution.source].label == "Ted Morrow"


def test_the_subject_after_an_inverted_cue_is_the_source_not_the_quoted_subject():
    from helpers.facts import facts

    resolution = facts('Hillary Rowe spoke first.\n\n"Debate recap," tweeted Rowe spokesman Alan Conway.')
    (attribution,) = [a for a in resolution.attributions if a.attribution.style == "direct"]
    assert resolution.entities[attribution.source].label == "Alan Conway"


def test_a_party_adjective_in_an_apposition_makes_a_member_of_the_party():
    found = relations("The Republican nominee, Dan Hurst, spoke on Monday. Maria Castell, the Democratic presidential "
                      "nominee, answered.")
    assert ("memberOf", "Dan Hurst", "Republican Party") in found
    assert ("holdsPosition", "Dan Hurst", "Nominee") in found
    assert ("memberOf", "Maria Castell", "Democratic Party") in found
    assert ("holdsPosition", "Maria Castell", "Presidential Nominee") in found
