"""Working at an organization is affiliatedWith, belonging to a party or a team is memberOf
(FACTS-GUIDE: a professor at a university, an economist at a fund, an analyst or a fellow at a
think tank work there). Every sentence here is written for these tests."""

from helpers.facts import relations


def ties(found, name):
    return {(key[0], key[2]) for key in found if key[0] in ("memberOf", "affiliatedWith") and key[1] == name}


def test_a_professor_works_for_the_university():
    found = relations("Nora Tillman, a professor at Wexford State University, doubted the plan.")
    assert ties(found, "Nora Tillman") == {("affiliatedWith", "Wexford State University")}


def test_a_role_before_the_name_says_the_same():
    found = relations("Wexford State University economist Nora Tillman doubted the plan.")
    assert ties(found, "Nora Tillman") == {("affiliatedWith", "Wexford State University")}


def test_an_economist_at_a_fund_and_a_fellow_at_a_think_tank_work_there():
    found = relations("Omar Pike, an economist at the Atlantic Monetary Fund, warned of a slump. "
                      "Lise Varga, a senior fellow at the Harlan Institute, agreed.")
    assert ties(found, "Omar Pike") == {("affiliatedWith", "Atlantic Monetary Fund")}
    assert ties(found, "Lise Varga") == {("affiliatedWith", "Harlan Institute")}


def test_teaching_at_a_college_is_working_there():
    found = relations("Nora Tillman teaches at Wexford State University.")
    assert ties(found, "Nora Tillman") == {("affiliatedWith", "Wexford State University")}


def test_members_and_players_stay_members():
    found = relations("Omar Pike, a member of the Green Party, spoke on Monday. "
                      "Lise Varga, a player for the Dayton Dragons, scored twice.")
    assert ties(found, "Omar Pike") == {("memberOf", "Green Party")}
    assert ties(found, "Lise Varga") == {("memberOf", "Dayton Dragons")}


def test_a_spokeswoman_or_an_official_speaks_for_the_body():
    found = relations("Nora Tillman, a spokeswoman for the Wexford Mining Company, declined to comment. "
                      "Omar Pike, an official at the Harlan Foundation, said the grant was cut.")
    assert ties(found, "Nora Tillman") == {("affiliatedWith", "Wexford Mining Company")}
    assert ties(found, "Omar Pike") == {("affiliatedWith", "Harlan Foundation")}
