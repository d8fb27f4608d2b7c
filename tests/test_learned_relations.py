"""The learned relation scorer (kg/pipeline/extract/learned.py, ontology/patterns/relation_model.tsv):
it loads and scores, adds pairs the rules miss with rule "learned" and a probability as the
confidence, leaves unrelated names alone, and a broken model file is refused naming the file.
Every sentence here is written for these tests."""

import pytest

from kg.errors import PatternError
from kg.pipeline.extract import extract
from kg.pipeline.extract.learned import PROPERTY_OF_KINDS, RULE, load_model, model_path, relation_model
from kg.pipeline.nlp import parse
from kg.pipeline.read import Article

from helpers.facts import relations


def test_the_shipped_model_loads_and_scores_every_property():
    model = relation_model()
    assert set(model.weights) == set(PROPERTY_OF_KINDS.values())
    for prop, weights in model.weights.items():
        assert 0.0 < model.thresholds[prop]
        probability = model.probability(prop, ["la=PERSON", "order=ab", "gap=3"])
        assert 0.0 < probability < 1.0
        assert len(weights) > 10


def test_a_relative_clause_between_a_person_and_a_place_is_found():
    found = relations("Paul Anders, a farmer who has lived in Tulsa for decades, said the rain came late.")
    statement = found[("livesIn", "Paul Anders", "Tulsa")]
    assert statement.rule == RULE
    assert 0.0 < statement.confidence < 1.0
    assert statement.modality == "asserted"


def test_a_property_switched_off_in_the_model_file_adds_nothing_until_switched_on(tmp_path):
    text = "Carla Diaz, who covers city hall for the Portland Courier, said the mayor had resigned."  # no rule reads it
    assert ("affiliatedWith", "Carla Diaz", "Portland Courier") not in relations(text)
    lines = model_path().read_text(encoding="utf-8").splitlines()
    switched_on = [("affiliatedWith\t(threshold)\t0.50" if line.startswith("affiliatedWith\t(threshold)") else line)
                   for line in lines]
    model = load_model(write(tmp_path, "\n".join(switched_on)))
    ((article, doc),) = parse([Article(id="t", text=text, source="test")])
    extraction = extract(article, doc, relation_model=model)
    found = {(r.predicate, extraction.mentions[r.subject].text, extraction.mentions[r.object].text): r
             for r in extraction.relations if r.object is not None}
    statement = found[("affiliatedWith", "Carla Diaz", "Portland Courier")]
    assert statement.rule == RULE and statement.confidence >= 0.5


def test_two_names_in_a_sentence_that_states_no_relation_give_nothing():
    found = relations("Peter Alvarez and Susan Whitfield attended the concert in Denver on Saturday.")
    assert not [key for key, statement in found.items() if statement.rule == RULE], found.keys()
    assert ("killed", "Peter Alvarez", "Susan Whitfield") not in found


def test_rules_keep_priority_over_the_model():
    found = relations("Maria Lindqvist, who has worked at Harbor Analytics for years, said the results were strong.")
    assert found[("affiliatedWith", "Maria Lindqvist", "Harbor Analytics")].rule != RULE


def write(tmp_path, content):
    path = tmp_path / "relation_model.tsv"
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("content", [
    "property\tfeature\tweight\nlivesIn\t(bias)\tlots\n",
    "property\tfeature\tweight\nlivesIn\t(bias)\n",
    "property\tfeature\tweight\nmarriedTo\t(bias)\t0.5\nmarriedTo\t(threshold)\t0.5\n",
    "property\tfeature\tweight\nlivesIn\t(bias)\t0.5\n",
    "property\tfeature\tweight\n",
])
def test_a_malformed_model_file_is_refused_naming_the_file(tmp_path, content):
    path = write(tmp_path, content)
    with pytest.raises(PatternError) as error:
        load_model(path)
    assert str(path) in str(error.value)
    assert "bench/build_relation_model.py" in str(error.value) or "not a property" in str(error.value)


def test_a_missing_model_file_is_refused_naming_the_file(tmp_path):
    with pytest.raises(PatternError, match="relation_model.tsv"):
        load_model(tmp_path / "relation_model.tsv")


def test_the_model_file_holds_no_long_runs_of_words():
    """Features are parse labels and single lemmas (two at most between adjacent names): no text of the training set."""
    for line in model_path().read_text(encoding="utf-8").splitlines()[1:]:
        if line.startswith("#"):
            continue
        feature = line.split("\t")[1]
        if feature.startswith("bwall="):
            assert len(feature.split()) <= 2, feature


def test_the_seed_article_gains_no_learned_statement():
    """The seed's relations are what the rules give (tests/test_seed.py checks them against its gold file)."""
    from conftest import SEED

    from kg.pipeline.read import read_articles
    from kg.pipeline.resolve import resolve

    ((article, doc),) = parse(list(read_articles([SEED])))
    assert [r for r in resolve(extract(article, doc)).relations if r.rule.startswith(RULE)] == []
