"""Fuzzing the readers (Hypothesis): arbitrary bytes as a text file, JSON Lines, an HTML page, a
feed or standard input give articles or an InputError, never another exception. Bytes are drawn
raw and from markup fragments, so the HTML and feed parsers are reached, not just the UTF-8
check. Bounded: about 600 inputs in all; the count run is printed. A deeper run (slow) draws ten
times as many, with Hypothesis' example database set aside so that it explores afresh rather than
replaying what earlier runs found."""

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from kg.errors import InputError
from kg.pipeline.read import Article, read_articles

FRAGMENTS = [
    "<?xml version='1.0' encoding='utf-8'?>", "<rss version='2.0'>", "<channel>", "</channel>", "</rss>",
    "<feed xmlns='http://www.w3.org/2005/Atom'>", "</feed>", "<item>", "</item>", "<entry>", "</entry>",
    "<title>", "</title>", "<guid>", "</guid>", "<id>", "</id>", "<link>", "</link>", "<link href='x'/>",
    "<pubDate>", "</pubDate>", "<updated>", "</updated>", "<description>", "</description>",
    "<content type='html'>", "</content>", "<![CDATA[", "]]>", "&lt;p&gt;", "&amp;", "&nbsp;", "&#0;", "&#xD800;", "&#57343;", "&#x110000;",
    "<!DOCTYPE html>", "<html>", "</html>", "<head>", "</head>", "<body>", "</body>", "<p>", "</p>",
    "<script>", "</script>", "<style>", "</style>", "<meta name='author' content='A'>", "<!--", "-->",
    "<meta property='article:published_time' content='2025-13-45'>", "<link rel='canonical' href='http://e.x/a'>",
    "Olaf Scholz met Emmanuel Macron in Paris on Thursday.", "Der Kanzler traf den Präsidenten.", "\u201cQuote.\u201d",
    "date 2025-02-13", "Wed, 12 Feb 2025 18:00:00 GMT", "2025-02-30T10:00:00Z", "\n", "\n\n", " ", "\ufeff", "\u202e",
    '{"id": "a", "text": "x"}', '{"text": ', '"}', "[1]", "null", "\\u0000", "\x00", "\x1b", "\U0001F600",
]
runs = {"inputs": 0, "articles": 0, "refusals": 0}

raw_bytes = st.binary(max_size=400)
markup = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=30).map("".join)
markup_bytes = st.one_of(markup.map(lambda t: t.encode("utf-8")), markup.map(lambda t: t.encode("utf-8", "surrogatepass") + b"\xe9"))
jsonl_bytes = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=10)), max_size=12).map(
    lambda parts: "\n".join(parts).encode("utf-8", "surrogatepass"))
inputs = st.one_of(raw_bytes, markup_bytes, jsonl_bytes)
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])


def read_or_refuse(source) -> None:
    runs["inputs"] += 1
    try:
        articles = list(read_articles([source]))
    except InputError as refusal:
        assert str(refusal)
        runs["refusals"] += 1
        return
    assert articles and all(isinstance(a, Article) and a.text.strip() and "\x00" not in a.text for a in articles)
    runs["articles"] += len(articles)


# Found by Hypothesis (a flaky failure of the .xml run): an RSS-ish prefix and a character
# reference to a lone surrogate made feedparser raise UnicodeEncodeError; one past the last code
# point (found by hand next to it) makes it raise ValueError.
LONE_SURROGATE_FEED = b"<rss:<&#xD800;"
BAD_CHARACTER_REFERENCES = [LONE_SURROGATE_FEED, b"<rss:<&#57343;", b"<rss:<&#x110000;"]
EXAMPLES = 120
DEEP = dict(max_examples=10 * EXAMPLES, database=None)


def file_property(folder, suffix: str, **overrides):
    @settings(**{**SETTINGS, "max_examples": EXAMPLES, **overrides})
    @given(inputs)
    @example(LONE_SURROGATE_FEED)
    def check(data: bytes) -> None:
        path = folder / f"input{suffix}"
        path.write_bytes(data)
        read_or_refuse(path)

    return check


def standard_input_property(**overrides):
    @settings(**{**SETTINGS, "max_examples": EXAMPLES, **overrides})
    @given(inputs)
    @example(LONE_SURROGATE_FEED)
    def check(data: bytes) -> None:
        read_or_refuse(data)

    return check


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".html", ".xml"])
def test_files_of_any_bytes_give_articles_or_an_input_error(tmp_path_factory, suffix):
    file_property(tmp_path_factory.mktemp("fuzz"), suffix)()


@pytest.mark.slow
def test_standard_input_of_any_bytes_gives_articles_or_an_input_error():
    standard_input_property()()
    print(f"\nfuzz executions: {runs['inputs']} inputs read "
          f"({runs['articles']} articles, {runs['refusals']} refused with an InputError)")


@pytest.mark.slow
@pytest.mark.parametrize("source", [".txt", ".jsonl", ".html", ".xml", "standard input"])
def test_deep_fuzz_with_a_fresh_database(tmp_path_factory, source):
    """Ten times the inputs, no replayed database: what a flaky failure elsewhere hints at is
    looked for on purpose here."""
    if source == "standard input":
        standard_input_property(**DEEP)()
    else:
        file_property(tmp_path_factory.mktemp("fuzz"), source, **DEEP)()


@pytest.mark.parametrize("data", BAD_CHARACTER_REFERENCES, ids=["surrogate-hex", "surrogate-decimal", "past-0x10ffff"])
@pytest.mark.parametrize("as_file", [True, False], ids=["feed.xml", "standard input"])
def test_regression_character_references_no_character_can_have(tmp_path, as_file, data):
    source = data
    if as_file:
        source = tmp_path / "feed.xml"
        source.write_bytes(data)
    read_or_refuse(source)


# Found by hand while fuzzing feeds: feedparser turns "0000-00-00" into year -1, and date()
# raised ValueError instead of an InputError.
@pytest.mark.parametrize("when", ["0000-00-00T00:00:00Z", "Mon, 01 Jan 0000 00:00:00 GMT"])
def test_regression_feed_date_of_year_zero_is_refused(when):
    feed = (f"<rss version='2.0'><channel><item><guid>a</guid><pubDate>{when}</pubDate>"
            "<description>Olaf Scholz met Emmanuel Macron.</description></item></channel></rss>").encode()
    with pytest.raises(InputError, match="item 1: the published date .* is not a date kg can read"):
        list(read_articles([feed]))
