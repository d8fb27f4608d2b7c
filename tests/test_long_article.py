"""Long articles cost time in proportion to their length. The measure is deterministic work, not
time, counted for two articles, one four times the other's length (both naming new people
throughout, as a long report does), and it must grow about four times, not sixteen:

- the spaCy tokens created while extracting (doc.text, which joins every token anew, read once
  per sentence made them grow with the square of the length);
- the scans of the whole doc while parsing (setting a paragraph's first token as a sentence
  start scanned every token of the doc, once per paragraph);
- the Python calls made by resolving (each name was compared with every cluster of names
  before it) and by validating (a SHACL-SPARQL check per mention, or one that scans all
  mentions per mention, would grow with the square);
- the lines of Python each extracting or resolving function runs (a scan of every quote,
  attribution or mention of the article for each one would grow with the square);
- the SPARQL queries validation evaluates (one per text, whatever its length) and the
  characters of the literals it makes (a check that copied the text per mention, e.g. STR() of
  it, would grow with the square)."""

from __future__ import annotations

import cProfile
import pstats
import sys

import pytest

from kg.pipeline.extract import extract
from kg.pipeline.nlp import load_model, parse
from kg.pipeline.rdf import to_rdf
from kg.pipeline.read import Article
from kg.pipeline.resolve import resolve
from kg.pipeline.validate import validate_graph

from helpers.long_text import long_article

SMALL, LARGE = 8_000, 32_000
LINEAR = 6  # the allowed growth of the work for 4 times the text: linear is 4, quadratic 16


def profiled(function, *args):
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        result = function(*args)
    finally:
        profiler.disable()
    return result, pstats.Stats(profiler)


def calls_of(stats: pstats.Stats, in_file: str, function: str) -> int:
    return sum(calls for (filename, _, name), (_, calls, *_) in stats.stats.items()
               if in_file in filename and name == function)


class Analysed:
    """One generated article taken through the pipeline, each step profiled."""

    def __init__(self, chars: int):
        self.article = Article(id=f"long-{chars}", text=long_article(chars, new_people=True), source="generated")
        [(_, self.doc)], self.parse_stats = profiled(lambda: list(parse([self.article])))
        self.extraction, self.extract_stats = profiled(extract, self.article, self.doc)
        self.resolution, self.resolve_stats = profiled(resolve, self.extraction)
        self.graph = to_rdf(self.resolution).graph


@pytest.fixture(scope="module")
def articles() -> tuple[Analysed, Analysed]:
    load_model()  # loading (and its own scans of small docs) is not the parse measured
    validate_graph(Analysed(1_000).graph)  # the shapes gathered and the queries parsed once, beforehand
    return Analysed(SMALL), Analysed(LARGE)


def cython_visible(stats: pstats.Stats) -> bool:
    # spaCy's Cython code shows to the profiler only if it was built with profiling on
    return calls_of(stats, "token", "cinit") > 0


def test_extraction_work_grows_linearly_with_the_article(articles):
    small, large = (calls_of(a.extract_stats, "token", "cinit") for a in articles)
    if small == 0:
        pytest.skip("this spaCy build does not show token creation to the profiler")
    assert large / small < LINEAR, (small, large)


def test_parsing_scans_the_whole_doc_a_fixed_number_of_times(articles):
    small, large = articles
    if not cython_visible(small.parse_stats):
        pytest.skip("this spaCy build does not show its Cython calls to the profiler")
    scans = [calls_of(a.parse_stats, "doc.pyx", "has_annotation") for a in articles]
    paragraphs = large.article.text.count("\n\n") + 1
    assert paragraphs > 80
    assert scans[1] <= scans[0] + 2, scans  # not one per paragraph


def test_kgs_parsing_components_work_linearly_with_the_article(articles):
    # the gazetteer's filter compared every match with every entity of the doc (and a word
    # surname with every name): the square of the length
    small, large = (sum(lines_by_function(("kg/pipeline/nlp.py",), lambda a=a: list(parse([a.article]))).values()) for a in articles)
    assert large / small < LINEAR, (small, large)


def lines_by_function(in_files: tuple[str, ...], function, *args) -> dict[str, int]:
    """The lines of Python run in each function of the files whose paths hold one of `in_files`."""
    from collections import Counter

    run: Counter = Counter()

    def local(frame, event, _):
        if event == "line":
            run[f"{frame.f_code.co_filename.rsplit('kg/', 1)[-1]}:{frame.f_code.co_name}"] += 1
        return local

    def calls(frame, event, _):
        return local if any(part in frame.f_code.co_filename for part in in_files) else None

    sys.settrace(calls)
    try:
        function(*args)
    finally:
        sys.settrace(None)
    return run


def test_no_extracting_or_resolving_function_works_with_the_square_of_the_article(articles):
    def work(analysed):
        return lines_by_function(("kg/pipeline/extract/", "kg/pipeline/resolve/"),
                                 lambda: resolve(extract(analysed.article, analysed.doc)))

    small, large = (work(a) for a in articles)
    grown = {name: (small.get(name, 0), lines) for name, lines in large.items()
             if lines > 1000 and lines > LINEAR * small.get(name, 0)}
    assert not grown, grown


def test_resolving_work_grows_linearly_with_the_article(articles):
    small, large = (a.resolve_stats.total_calls for a in articles)
    people = {e.label for e in articles[1].resolution.entities if e.type == "Person"}
    assert len(people) > 150  # the long one names many different people
    assert large / small < LINEAR, (small, large)


def test_validation_work_grows_linearly_with_the_article(articles):
    reports, stats = zip(*(profiled(validate_graph, a.graph) for a in articles), strict=True)
    assert all(report.conforms for report in reports)
    small, large = (s.total_calls for s in stats)
    assert large / small < LINEAR, (small, large)
    queries = [calls_of(s, "pyshacl/graph_abstraction.py", "query_oxigraph") for s in stats]
    assert queries[0] == queries[1] >= 1, queries  # one offsets query per text, not one per mention


def literal_characters(function, *args) -> int:
    """The characters of all rdflib Literals made while `function` runs."""
    from rdflib.term import Literal

    code = Literal.__new__.__code__
    made = 0

    def count(frame, event, _):
        nonlocal made
        if event == "call" and frame.f_code is code:
            made += len(str(frame.f_locals["lexical_or_value"]))

    sys.setprofile(count)
    try:
        function(*args)
    finally:
        sys.setprofile(None)
    return made


def test_validation_copies_no_text_per_mention(articles):
    small, large = (literal_characters(validate_graph, a.graph) for a in articles)
    assert large < 10 * len(articles[1].article.text)  # mentions' words and numbers; a copy per mention is 200 texts
    assert large / max(small, 1) < LINEAR, (small, large)


@pytest.mark.slow
def test_a_200k_character_article_is_stored(tmp_path):
    import kg

    path = tmp_path / "long.txt"
    path.write_text(long_article(200_000), encoding="utf-8")
    report = kg.ingest([path], store=tmp_path / "store")
    assert report.count("added") == 1


# --- storing and linking: work counted in store operations and rows ------------------------


class CountingOxigraph:
    """The Oxigraph store inside a KnowledgeStore, every call passed through, counting the
    writes (and the quads each is given) and the queries (and the rows each answers)."""

    WRITES = ("load", "bulk_load", "extend", "bulk_extend", "add", "remove", "update")

    def __init__(self, inner):
        self.inner = inner
        self.writes: list[tuple[str, int]] = []  # (method, quads or characters of the update)
        self.queries = 0
        self.rows = 0

    def __getattr__(self, name):
        found = getattr(self.inner, name)
        if name not in self.WRITES:
            return found

        def write(data, *args, **kwargs):
            size = data.count(b"\n") if isinstance(data, bytes) else len(data) if isinstance(data, str) else len(list(data))
            self.writes.append((name, size))
            return found(data, *args, **kwargs)

        return write

    def query(self, sparql, *args, **kwargs):
        import pyoxigraph as ox

        answer = self.inner.query(sparql, *args, **kwargs)
        if isinstance(answer, ox.QuerySolutions):
            self.queries += 1
            self.rows += sum(1 for _ in answer)
            answer = self.inner.query(sparql, *args, **kwargs)  # the same answer, not yet read
        return answer


def stored_and_linked(analysed: Analysed, folder) -> CountingOxigraph:
    from kg.namespaces import graph_iri
    from kg.pipeline.analyze import link_keys
    from kg.store import KnowledgeStore, SerializedArticle
    from kg.store.link import relink

    article = analysed.article
    ntriples = analysed.graph.serialize(format="nt", encoding="utf-8")
    with KnowledgeStore(folder) as store:
        counting = store._store = CountingOxigraph(store._store)
        store.put_articles([SerializedArticle(article.id, str(graph_iri(article.id)), article.text_hash, ntriples)])
        written = list(counting.writes)
        relink(store, link_keys(analysed.resolution))
        counting.writes = written + [("link " + method, size) for method, size in counting.writes[len(written):]]
        store._store = counting.inner
    return counting


@pytest.fixture(scope="module")
def store_work(articles, tmp_path_factory) -> tuple[CountingOxigraph, CountingOxigraph]:
    return tuple(stored_and_linked(a, tmp_path_factory.mktemp(f"store-{len(a.article.text)}")) for a in articles)


def test_storing_an_article_writes_its_quads_once(articles, store_work):
    # One write of the article's graph and of its share of the merged default graph, each triple
    # once in each: never a load of the graph followed by an update of the same graph.
    for analysed, work in zip(articles, store_work, strict=True):
        stored = [(method, size) for method, size in work.writes if not method.startswith("link ")]
        assert stored == [(stored[0][0], 2 * len(analysed.graph))], stored


def test_linking_reads_grow_with_the_articles_names(articles, store_work):
    # A fixed number of queries whatever the article's length, answering rows in proportion to
    # the names it gives (not one query per name, nor rows per pair of names).
    small, large = store_work
    assert small.queries == large.queries, (small.queries, large.queries)
    names = [len({e.label for e in a.resolution.entities}) for a in articles]
    assert names[1] > 2 * names[0]
    assert large.rows / small.rows < 1.5 * names[1] / names[0], (small.rows, large.rows, names)
    links = [[size for method, size in work.writes if method.startswith("link ")] for work in store_work]
    assert all(len(found) <= 1 for found in links), links  # the renames of an article, if any, in one update
