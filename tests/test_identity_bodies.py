"""Bodies of a state named by one word (issue 23, item 2): 'the Senate', 'the House', 'Congress'
are the United States' bodies in a story about the United States, or when the article names them
in full; in a story about another country, or beside 'the state Senate', they are no body kg
knows. The word that ends an office's title ('secretary of State') names no body. The sentences
are written for these tests; the real model parses them."""

from kg.pipeline.extract import extract
from kg.pipeline.nlp import parse
from kg.pipeline.read import Article
from kg.pipeline.resolve import resolve


def entities(text):
    """label -> the texts of the entity's name mentions, in order."""
    ((article, doc),) = parse([Article(id="t", text=text, source="test")])
    return {e.label: [m.text for m in e.mentions if m.kind == "name"] for e in resolve(extract(article, doc)).entities}


def test_the_short_forms_of_a_states_bodies_in_a_story_about_that_state():
    found = entities("Senator Ruth Calloway of Ohio told reporters in Washington on Monday that the Senate would vote "
                     "on the farm bill before the House did. Americans expect Congress to act, she said.")
    assert found["U.S. Senate"] == ["Senate"] and found["U.S. House of Representatives"] == ["House"]
    assert found["U.S. Congress"] == ["Congress"]
    assert not {"Senate", "House", "Congress"} & set(found)


def test_the_body_the_article_names_in_full():
    found = entities("The U.S. Senate passed the farm bill on Monday. The Senate also voted on a treaty with Canada and Mexico.")
    assert found["U.S. Senate"] == ["U.S. Senate", "Senate"]


def test_no_body_of_another_country_or_of_a_state():
    found = entities("The Senate in Rome voted on Monday to cut the pension age, and Italian unions in Milan protested. "
                     "Italy's Senate will vote again.")
    assert found["Senate"] == ["Senate", "Senate"] and "U.S. Senate" not in found
    found = entities("The state Senate in Columbus passed the bill on Monday. Governor Ruth Calloway of Ohio said the House would follow.")
    assert "Senate" in found and "House" in found
    assert "U.S. Senate" not in found and "U.S. House of Representatives" not in found


def test_the_last_word_of_an_offices_title_names_no_body():
    found = entities("As secretary of State, Marta Lindqvist flew to Oslo often. The former Secretary of the Treasury said on "
                     "Monday that she had worked at State for four years.")
    assert found.get("State") == ["State"]  # 'at State' is the department; the title's word is none
    assert "Treasury" not in found


def test_a_bodys_one_word_name_its_article_does_not_tie_is_that_articles_own_across_the_store(tmp_path):
    import kg

    from helpers.corpus import write_articles

    texts = {"maine": "The state Senate in Augusta passed the fishing bill on Monday, Governor Ruth Calloway said.",
             "oregon": "The state Senate in Salem rejected the timber bill on Tuesday, Governor Dale Ostrow said."}
    paths = write_articles(tmp_path, texts)
    store = tmp_path / "store"
    kg.ingest(paths, store=store)
    rows = kg.query('SELECT DISTINCT ?g ?n WHERE { GRAPH ?g { ?n rdfs:label "Senate" } }', store=store)
    nodes = {str(n) for _, n in rows}
    assert len(nodes) == 2 and all("--" in node for node in nodes)  # two states' senates, no store-wide 'Senate'
