"""The seed's 14 competency questions, answered by the shipped queries (queries/cqNN.rq), and
the gold file's required relations and quotes."""


import pytest
from conftest import ROOT, select

import kg

QUERIES = ROOT / "queries"


def answer(store, cq):
    return select(store, (QUERIES / f"{cq}.rq").read_text(encoding="utf-8"))


def gold_cq(gold, cq):
    return next(q for q in gold["competency_questions"] if q["id"] == cq)


@pytest.mark.parametrize("cq", ["cq01", "cq02", "cq03", "cq04", "cq05", "cq06", "cq11", "cq14"])
def test_questions_with_a_list_of_names(seed_store, gold, cq):
    assert {row[0] for row in answer(seed_store, cq)} == set(gold_cq(gold, cq)["answer"])


def test_cq07_when_trump_and_putin_spoke(seed_store, gold):
    assert {row[0] for row in answer(seed_store, "cq07")} == set(gold_cq(gold, "cq07")["answer"])


def test_cq08_who_invaded_ukraine_and_when(seed_store, gold):
    assert answer(seed_store, "cq08") == [tuple(gold_cq(gold, "cq08")["answer"])]


def test_cq09_what_hegseth_visited_where_and_when(seed_store, gold):
    assert tuple(gold_cq(gold, "cq09")["answer"]) in answer(seed_store, "cq09")


def test_cq10_quotes_attributed_to_hegseth(seed_store, gold):
    quotes = [row[0] for row in answer(seed_store, "cq10")]
    for words in gold_cq(gold, "cq10")["answer_contains"]:
        assert any(words in quote for quote in quotes), words


def test_cq12_publication_date(seed_store, gold):
    ((article, date),) = answer(seed_store, "cq12")
    assert date == gold_cq(gold, "cq12")["answer"][0]


def test_cq13_first_mention_of_putin(seed_store, gold):
    ((article, sentence, begin, end),) = answer(seed_store, "cq13")
    assert all(words in sentence for words in gold_cq(gold, "cq13")["answer_contains"])
    assert int(end) - int(begin) == len("Vladimir Putin")


def test_every_competency_question_has_a_query(gold):
    shipped = {path.stem for path in QUERIES.glob("cq*.rq")}
    assert shipped == {q["id"] for q in gold["competency_questions"]}


def _label(gold, entity_id):
    return next(e["label"] for e in gold["entities"] if e["id"] == entity_id)


def test_required_relations_are_direct_triples_with_their_qualifiers(seed_store, gold):
    for relation in (r for r in gold["relations"] if r["required"]):
        subject = _label(gold, relation["subject"])
        obj = _label(gold, relation["object"]) if "object" in relation else relation["object_label"]
        rows = select(seed_store, f"""
            SELECT ?date ?place WHERE {{
              ?s rdfs:label "{subject}" ; kgo:{relation['predicate']} ?o . ?o rdfs:label "{obj}" .
              OPTIONAL {{
                ?statement rdf:subject ?s ; rdf:predicate kgo:{relation['predicate']} ; rdf:object ?o .
                OPTIONAL {{ ?statement kgo:date|kgo:startDate ?date }}
                OPTIONAL {{ ?statement kgo:place/rdfs:label ?place }}
              }}
            }}""")
        assert rows, relation
        if "date" in relation:
            assert relation["date"] in {date for date, _ in rows}, relation
        if "place" in relation:
            assert _label(gold, relation["place"]) in {place for _, place in rows}, relation


def test_required_quotes_have_their_speaker(seed_store, gold):
    for quote in (q for q in gold["quotes"] if q["required"]):
        rows = select(seed_store, f"""
            SELECT ?speaker WHERE {{ ?s kgo:said ?q ; rdfs:label ?speaker . ?q nif:anchorOf ?words .
                                     FILTER(CONTAINS(?words, "{quote['contains']}")) }}""")
        assert {r[0] for r in rows} == {_label(gold, quote["speaker"])}, quote


def test_the_possible_meeting_is_a_statement_not_a_fact(seed_store):
    rows = select(seed_store, """
        SELECT ?modality ?place WHERE {
          ?statement rdf:predicate kgo:metWith ; rdf:subject/rdfs:label "Donald Trump" ;
                     rdf:object/rdfs:label "Vladimir Putin" ; kgo:modality ?modality .
          OPTIONAL { ?statement kgo:place/rdfs:label ?place } }""")
    assert rows == [("https://w3id.org/kg-news/ontology#Possible", "Saudi Arabia")]
    assert not kg.query('ASK { ?t rdfs:label "Donald Trump" ; kgo:metWith ?p }', store=seed_store).boolean


def test_gold_dates_and_pre_2014_kept_as_text_only(seed_store, gold):
    rows = select(seed_store, "SELECT ?words ?date WHERE { ?t a kgo:TimeExpression ; nif:anchorOf ?words . OPTIONAL { ?t kgo:date ?date } }")
    for expected in gold["dates"]:
        assert (expected["text"], expected["value"]) in rows, expected
    assert {date for words, date in rows if words == "pre-2014"} == {None}
    assert select(seed_store, 'SELECT ?d WHERE { ?s kgo:dateText ?d FILTER(CONTAINS(?d, "2014")) }') == []
