"""One graph across many articles: one node per entity whatever the order, surnames linked only
when the store says who they are, updates and deletes that leave no trace."""

import random

import pytest
from typer.testing import CliRunner

import kg
from kg.errors import ArticleNotFound
from kg.interfaces.cli import app
from kg.store import KnowledgeStore
from kg.terms import to_rdflib

# Short articles written for these tests.
ARTICLES = {
    "kelly-senator": "date 2025-03-03\nSenator Mark Kelly of Arizona met Governor Janet Mills in Augusta on Monday. "
    "Kelly said the talks on water rights went well.\n",
    "kelly-host": "date 2025-03-04\nTelevision host Megyn Kelly interviewed the actor Tom Hanks in New York on Tuesday. "
    "Kelly asked Hanks about his new film.\n",
    "kelly-titled": "date 2025-03-05\nSenator Kelly visited Phoenix on Wednesday to meet farmers hit by the drought.\n",
    "kelly-bare": "date 2025-03-06\nSpeaking on Thursday, Kelly told reporters that the season would start late.\n",
    "hanks-bare": "date 2025-03-07\nOn Friday, the actor Hanks arrived in London for the premiere of his new film.\n",
}


def write(tmp_path, names):
    paths = []
    for name in names:
        path = tmp_path / f"{name}.txt"
        path.write_text(ARTICLES[name], encoding="utf-8")
        paths.append(path)
    return paths


def build(tmp_path, store_name, names, *, one_by_one=True):
    store = tmp_path / store_name
    paths = write(tmp_path, names)
    if one_by_one:
        for path in paths:
            kg.ingest([path], store=store)
    else:
        kg.ingest(paths, store=store)
    return store


def quads(store) -> set[tuple]:
    with KnowledgeStore(store, read_only=True) as opened:
        return {tuple(to_rdflib(t) for t in (q.subject, q.predicate, q.object, q.graph_name)) for q in opened.quads()}


def assert_same_store(expected, actual):
    left, right = quads(expected), quads(actual)
    only_left = sorted(str(q) for q in left - right)[:10]
    only_right = sorted(str(q) for q in right - left)[:10]
    assert left == right, f"only in expected: {only_left}\nonly in actual: {only_right}"


def person_in(store, article: str) -> dict[str, str]:
    """label -> node of every person in one article's graph."""
    rows = kg.query(
        f"SELECT ?label ?p WHERE {{ GRAPH <https://w3id.org/kg-news/id/graph/{article}> {{ ?p a kgo:Person ; rdfs:label ?label }} }}", store=store
    )
    return {str(label): str(node) for label, node in rows}


PERSON = "https://w3id.org/kg-news/id/person/"


@pytest.fixture(scope="module")
def all_five(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("identity")
    return build(tmp, "store", list(ARTICLES))


def test_one_node_per_person_across_articles(all_five):
    rows = kg.query(
        "SELECT ?g WHERE { GRAPH ?g { ?m itsrdf:taIdentRef <https://w3id.org/kg-news/id/person/tom-hanks> } }", store=all_five
    )
    graphs = {str(g) for (g,) in rows}
    assert graphs == {"https://w3id.org/kg-news/id/graph/kelly-host", "https://w3id.org/kg-news/id/graph/hanks-bare"}
    assert person_in(all_five, "hanks-bare") == {"Hanks": PERSON + "tom-hanks"}


def test_same_surname_people_stay_apart(all_five):
    assert person_in(all_five, "kelly-senator")["Mark Kelly"] == PERSON + "mark-kelly"
    assert person_in(all_five, "kelly-host")["Megyn Kelly"] == PERSON + "megyn-kelly"
    # The title "Senator" says which Kelly; with no context the surname stays unresolved: a node
    # of its own article, not a person:kelly every undecided "Kelly" of the store would join.
    assert person_in(all_five, "kelly-titled") == {"Kelly": PERSON + "mark-kelly"}
    assert person_in(all_five, "kelly-bare") == {"Kelly": PERSON + "kelly--kelly-bare"}


def test_order_does_not_matter(tmp_path, all_five):
    names = list(ARTICLES)
    reversed_store = build(tmp_path, "reversed", names[::-1])
    assert_same_store(all_five, reversed_store)
    shuffled = names[:]
    random.Random(7).shuffle(shuffled)
    batch_store = build(tmp_path, "batch", shuffled, one_by_one=False)
    assert_same_store(all_five, batch_store)


def test_remove_leaves_the_store_as_if_never_ingested(tmp_path):
    names = list(ARTICLES)
    store = build(tmp_path, "full", names)
    removed = kg.remove("kelly-host", store=store)
    assert removed.triples > 0
    without = build(tmp_path, "without", [n for n in names if n != "kelly-host"])
    assert_same_store(without, store)
    # Its support gone, the bare "Hanks" is its own node again; the bare "Kelly" now has one
    # candidate left and joins him.
    assert person_in(store, "hanks-bare") == {"Hanks": PERSON + "hanks"}
    assert person_in(store, "kelly-bare") == {"Kelly": PERSON + "mark-kelly"}
    assert not kg.query("ASK { <https://w3id.org/kg-news/id/person/megyn-kelly> ?p ?o }", store=store).boolean


def test_remove_unknown_article_is_an_error(tmp_path):
    store = build(tmp_path, "store", ["hanks-bare"])
    with pytest.raises(ArticleNotFound, match="kg list"):
        kg.remove("no-such-article", store=store)
    assert len(quads(store)) > 0


def test_changed_article_replaces_what_it_said(tmp_path):
    store = tmp_path / "store"
    path = tmp_path / "talks.jsonl"
    met = "Anna Lindqvist met Peter Hollis in Oslo on Monday to discuss fishing quotas."
    path.write_text(f'{{"id": "talks", "published": "2025-04-01", "text": "{met}"}}\n', encoding="utf-8")
    kg.ingest([path], store=store)
    ask = "ASK { <https://w3id.org/kg-news/id/person/anna-lindqvist> kgo:metWith <https://w3id.org/kg-news/id/person/peter-hollis> }"
    assert kg.query(ask, store=store).boolean
    retracted = "Anna Lindqvist did not meet Peter Hollis in Oslo on Monday, her office said."
    path.write_text(f'{{"id": "talks", "published": "2025-04-01", "text": "{retracted}"}}\n', encoding="utf-8")
    report = kg.ingest([path], store=store)
    assert report.count("replaced") == 1
    assert not kg.query(ask, store=store).boolean
    assert [a.article_id for a in kg.list_articles(store=store)] == ["talks"]


def test_list_and_remove_from_the_command_line(tmp_path):
    store = build(tmp_path, "store", ["kelly-senator", "hanks-bare"])
    runner = CliRunner()
    listed = runner.invoke(app, ["list", "--store", str(store)])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert lines[1].startswith("2025-03-03") and lines[1].endswith("kelly-senator")
    assert lines[2].startswith("2025-03-07") and lines[2].endswith("hanks-bare")
    assert lines[-1] == "2 articles"
    removed = runner.invoke(app, ["remove", "kelly-senator", "--store", str(store)])
    assert removed.exit_code == 0, removed.output
    assert "Removed article 'kelly-senator'" in removed.output
    missing = runner.invoke(app, ["remove", "kelly-senator", "--store", str(store)])
    assert missing.exit_code == ArticleNotFound.exit_code
    assert "No article 'kelly-senator'" in missing.output
    assert [a.article_id for a in kg.list_articles(store=store)] == ["hanks-bare"]


def test_users_gazetteer_links_and_types_their_entities(tmp_path):
    gazetteer = tmp_path / "mine.tsv"
    gazetteer.write_text(
        "qid\ttype\tlabel\taliases\tdemonyms\tcountry\n"
        "Q123456\tPerson\tAnna Lindqvist\t\t\t\n"
        "Q999\tOrganization\tNordic Fisheries Council\tNFC\t\t\n",
        encoding="utf-8",
    )
    article = tmp_path / "council.txt"
    article.write_text("date 2025-04-01\nAnna Lindqvist, who chairs the NFC, met Peter Hollis in Oslo on Monday.\n", encoding="utf-8")
    store = tmp_path / "store"
    kg.ingest([article], store=store, gazetteers=[gazetteer])
    rows = {str(label): str(same) for label, same in kg.query("SELECT ?l ?same WHERE { ?e rdfs:label ?l ; owl:sameAs ?same }", store=store)}
    assert str(rows["Nordic Fisheries Council"]) == "http://www.wikidata.org/entity/Q999"  # found by its alias
    assert str(rows["Anna Lindqvist"]) == "http://www.wikidata.org/entity/Q123456"
    assert str(rows["Oslo"]) == "http://www.wikidata.org/entity/Q585"  # the bundled gazetteer still applies
    assert "Peter Hollis" not in rows  # unknown entities are created, just not linked


@pytest.mark.parametrize(
    "content, message",
    [
        ("label\ttype\nAcme\tOrganization\n", "qid missing"),
        ("qid\ttype\tlabel\nQ1\tCompany\tAcme\n", "line 2: type 'Company' is not one of"),
        ("qid\ttype\tlabel\nX1\tPerson\tBob\n", "line 2: 'X1' is not a Wikidata id"),
        ("qid\ttype\tlabel\nQ1\tPerson\t\n", "line 2: the label is empty"),
    ],
)
def test_malformed_gazetteer_is_refused_before_anything_is_stored(tmp_path, content, message):
    gazetteer = tmp_path / "mine.tsv"
    gazetteer.write_text(content, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("date 2025-04-01\nAnna Lindqvist met Peter Hollis in Oslo.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(article), "--store", str(tmp_path / "store"), "-g", str(gazetteer)])
    assert result.exit_code == kg.InputError.exit_code
    assert f"{gazetteer}" in result.output and message in result.output
    assert not (tmp_path / "store").exists()


def test_surnames_with_apostrophes_and_non_ascii_letters_link_across_articles(tmp_path):
    first = tmp_path / "u1.txt"
    first.write_text("date 2025-05-01\nThe economist Helga Strauß met Senator Sean O'Brien in Vienna on Monday.\n", encoding="utf-8")
    second = tmp_path / "u2.txt"
    second.write_text("date 2025-05-02\nOn Tuesday, the economist Strauß told reporters that O'Brien had agreed.\n", encoding="utf-8")
    store = tmp_path / "store"
    kg.ingest([first], store=store)
    kg.ingest([second], store=store)
    assert person_in(store, "u2") == {"Strauß": PERSON + "helga-strauss", "O'Brien": PERSON + "sean-o-brien"}


def test_a_family_name_written_first_links_across_articles(tmp_path):
    # A Chinese name gives its family name first: a later "Xi" alone is Xi Jinping, not a "Jinping".
    first = tmp_path / "x1.txt"
    first.write_text("date 2025-06-02\nPresident Xi Jinping met the trade minister Laura Finch in Beijing on Monday.\n",
                     encoding="utf-8")
    second = tmp_path / "x2.txt"
    second.write_text("date 2025-06-03\nOn Tuesday, Xi told state television that the talks had been useful.\n",
                      encoding="utf-8")
    store = tmp_path / "store"
    kg.ingest([first], store=store)
    kg.ingest([second], store=store)
    assert person_in(store, "x2") == {"Xi": PERSON + "xi-jinping"}
