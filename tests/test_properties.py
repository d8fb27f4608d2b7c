"""Property tests: for arbitrary text (news-like sentences with awkward characters mixed in),
the pipeline never crashes, every article graph conforms to the shapes, and what is stored
exports and re-imports unchanged."""

import io

from hypothesis import HealthCheck, given, settings, strategies as st
from rdflib import Dataset

import kg
from kg.pipeline.nlp import parse
from kg.pipeline.read import Article
from kg.pipeline.validate import validate_graph

from helpers.graphs import assert_isomorphic, store_dataset, union_graph

WORDS = ["Olaf Scholz", "said", "met", "Paris", "NATO", "\u201cWe will win,\u201d", '"No,"', "he", "she",
         "on Thursday", "in February 2022", "the Russian leader", "Germany's", "chancellor", "visited",
         "did not", "would probably", "\u00e9l\u00e8ve", "\u05e9\u05dc\u05d5\u05dd", "\U0001F600", "<b>",
         "\\", "'", ",", ".", "\n\n", "Mr. O'Neil", "ACME Corp.", "\u200b", "\t"]

news_like = st.lists(st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=12)), min_size=1, max_size=40).map(" ".join)


def article_of(text: str) -> Article:
    return Article(id="prop", text=text, source="hypothesis")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(news_like.filter(lambda t: t.strip()))
def test_any_text_gives_a_conforming_graph(text):
    text = text.strip()
    ((article, doc),) = parse([article_of(text)])
    _, article_graph = kg.analyze(article, doc)
    report = validate_graph(article_graph.graph)
    assert report.conforms, [str(v) for v in report.violations]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(news_like)
def test_stored_text_exports_and_reimports_unchanged(tmp_path_factory, text):
    store_path = tmp_path_factory.mktemp("prop") / "store"
    source = store_path.parent / "a.txt"
    source.write_text(text, encoding="utf-8")
    try:
        kg.ingest([source], store=store_path)
    except kg.InputError as refusal:  # empty or binary-looking text: refused, naming the file, nothing stored
        assert str(source) in str(refusal)
        assert not (store_path / "CURRENT").exists() or kg.stats(store=store_path).articles == 0
        return
    with kg.KnowledgeStore(store_path, read_only=True) as store:
        stored = store_dataset(store)
    for fmt, name in (("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")):
        out = io.BytesIO()
        kg.export(out, format=fmt, store=store_path)
        again = Dataset().parse(data=out.getvalue().decode("utf-8"), format=name)
        assert_isomorphic(union_graph(stored), union_graph(again))


NASTY_NAMES = ['Jo "the Hammer" Lee', "Ann <script>alert(1)</script>", "C:\\Temp\\Bo", "Line\nBreak Person",
               "Bell\x07 Char", "Smiley \U0001F600 Face", "\u05d3\u05d5\u05d3 \u05dc\u05d5\u05d9", "Long " + "x" * 2000,
               "@prefix kgo: <evil> .", "Jane Doe}} . <a> <b> <c> ."]


def test_names_that_break_naive_code_give_valid_iris_and_escaped_literals(tmp_path):
    from kg.pipeline.extract import Extraction, Mention, Sentence
    from kg.pipeline.rdf import to_rdf
    from kg.pipeline.resolve import resolve
    from kg.store import KnowledgeStore

    text = " and ".join(NASTY_NAMES) + "."
    mentions, cursor = [], 0
    for name in NASTY_NAMES:
        start = text.index(name, cursor)
        cursor = start + len(name)
        mentions.append(Mention(start, cursor, name, "PERSON", 0))
    article = Article(id="nasty", text=text, source="test")
    resolution = resolve(Extraction(article, (Sentence(0, 0, len(text), text),), tuple(mentions)))
    article_graph = to_rdf(resolution)
    assert validate_graph(article_graph.graph).conforms
    with KnowledgeStore(tmp_path / "store") as store:
        kg.store_graph(article_graph, store)
    labels = {str(row[0]) for row in kg.query("SELECT ?l WHERE { ?p a kgo:Person ; rdfs:label ?l }", store=tmp_path / "store")}
    assert labels == {" ".join(name.split()) for name in NASTY_NAMES}
    for fmt, name in (("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld"), ("trig", "trig")):
        out = io.BytesIO()
        kg.export(out, format=fmt, store=tmp_path / "store")
        parsed = Dataset().parse(data=out.getvalue().decode("utf-8"), format=name)
        assert len(union_graph(parsed)) == len(article_graph.graph), fmt
