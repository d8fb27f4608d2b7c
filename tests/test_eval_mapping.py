"""How a benchmark's relations map onto kg's: one benchmark relation covering several kg
properties, relations the benchmark cannot judge, on gold files written for the test."""

import json

from kg.eval import evaluate, load_mapping


def span(text, words, type_):
    start = text.index(words)
    return {"text": words, "type": type_, "start": start, "end": start + len(words)}


def test_conll_live_in_covers_birthplaces_and_nationality():
    mapping = load_mapping("conll04")
    assert mapping.relations["Live_In"] == "livesIn"
    assert mapping.also["livesIn"] == {"citizenOf", "bornIn"}
    assert mapping.objects == {"affiliatedWith": "Organization"}


def test_unjudgeable_relations_are_not_scored(tmp_path):
    one = "The novelist Mary Jones was born in Springfield, Illinois, in 1901."
    two = "U.S. Ambassador Vernon Hale met Acme officials on Monday."
    docs = [
        # The benchmark marks 'Springfield, Illinois' as one place: kg's Springfield-in-Illinois
        # cannot be judged; its birthplace is the benchmark's Live_In.
        {"id": "one", "text": one,
         "entities": [span(one, "Mary Jones", "PER"), span(one, "Springfield, Illinois", "LOC")],
         "relations": [{"head": 0, "type": "Live_In", "tail": 1}]},
        # Work_For ends at an organization: an ambassador's country is no Work_For.
        {"id": "two", "text": two,
         "entities": [span(two, "U.S.", "LOC"), span(two, "Vernon Hale", "PER"), span(two, "Acme", "ORG")],
         "relations": []},
    ]
    path = tmp_path / "conll04.tiny.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs))
    relations = evaluate(path).relations
    lives = relations["livesIn"]
    assert (lives.gold, lives.correct_gold) == (1, 1)
    assert "locatedIn" not in relations or relations["locatedIn"].predicted == 0
    assert "affiliatedWith" not in relations or relations["affiliatedWith"].predicted == 0


def test_dwie_member_of_covers_membership_and_employment():
    mapping = load_mapping("dwie")
    assert mapping.relations["member_of"] == "memberOf"
    assert mapping.also["memberOf"] == {"affiliatedWith"}
    assert mapping.relations["agent_of"] == "affiliatedWith"


def _employee_gold(tmp_path, name):
    text = "Ann Brown works for Acme Corp. in Dayton."
    doc = {"id": "one", "text": text,
           "entities": [span(text, "Ann Brown", "PER"), span(text, "Acme Corp.", "ORG")],
           "relations": [{"head": 0, "type": "member_of", "tail": 1}]}
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def test_employment_matches_a_label_that_covers_it_and_no_other(tmp_path):
    # kg says she works for the company (affiliatedWith); the benchmark's member_of covers that.
    relations = evaluate(_employee_gold(tmp_path, "dwie.tiny.jsonl")).relations
    assert (relations["memberOf"].gold, relations["memberOf"].correct_gold) == (1, 1)
    assert (relations["affiliatedWith"].predicted, relations["affiliatedWith"].correct_predicted) == (1, 1)
    # A mapping whose member_of is membership only does not count the employment.
    narrow = tmp_path / "narrow.tsv"
    narrow.write_text("kind\tbenchmark\tkg\tobject\nentity\tPER\tPerson\t\nentity\tORG\tOrganization\t\n"
                      "relation\tagent_of\taffiliatedWith\t\nrelation\tmember_of\tmemberOf\t\n")
    relations = evaluate(_employee_gold(tmp_path, "other.tiny.jsonl"), load_mapping(str(narrow))).relations
    assert (relations["memberOf"].gold, relations["memberOf"].correct_gold) == (1, 0)
    assert (relations["affiliatedWith"].predicted, relations["affiliatedWith"].correct_predicted) == (1, 0)
