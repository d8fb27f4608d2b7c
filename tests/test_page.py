"""The page kg serve shows, in a real headless Chromium (Debian's, driven by Playwright): run a
competency question, open "Vladimir Putin", check the drawing and the evidence, screenshot."""

from __future__ import annotations

import re

import pytest

from helpers.browser import chromium
from helpers.live_server import live_server

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect


@pytest.fixture(scope="module")
def server(seed_store):
    with live_server(seed_store) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.mark.slow
def test_page_runs_a_competency_question_and_draws_putins_neighbourhood(server, browser, tmp_path, capsys):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(server.url + "/")
    page.wait_for_selector("#examples option[value=cq06]", state="attached")
    page.select_option("#examples", "cq06")  # Whom did Donald Trump speak with?
    assert "kgo:spokeWith" in page.input_value("#query")
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    rows = [[c.strip() for c in row.locator("td").all_inner_texts()] for row in page.locator("table.results tbody tr").all()]
    assert [row[0] for row in rows] == ["Vladimir Putin", "Zelenskyy"]
    page.wait_for_selector("table.results.named")  # the entity column: each IRI a link named for its entity
    assert page.locator("table.results td a.entity-link").all_inner_texts() == ["Vladimir Putin", "Zelenskyy"]
    assert "2 rows" in page.inner_text("#query-status")

    page.fill("#entity-name", "Vladimir Putin")
    page.click("#show-entity")
    page.wait_for_selector("svg.entity-graph .node.central")
    drawing = page.locator("svg.entity-graph")
    nodes = drawing.locator(".node:not(.central) .node-label").all_text_contents()
    assert {"Donald Trump", "Russia", "President"} <= set(nodes)
    groups = drawing.locator(".node.group .node-label").all_text_contents()
    assert {"spoke with (1)", "is leader of (1)", "is citizen of (1)", "holds the position (1)", "met with (1)"} <= set(groups)
    edges = drawing.locator(".edge-label").all_text_contents()
    assert "2025-02-12" in edges and "reported 2025-02-13 (possible)" in edges  # no date in its sentence: its article's day
    people = drawing.locator(".node.person").evaluate_all("nodes => nodes.map(n => n.dataset.iri)")
    places = drawing.locator(".node.place").evaluate_all("nodes => nodes.map(n => n.dataset.iri)")
    assert len(set(people)) == 2 and len(set(places)) == 1  # Russia and Trump once in each of their groups

    evidence = page.locator("#relation-4")  # spokeWith, the fifth relation in order
    assert "Vladimir Putin spoke with Donald Trump" in evidence.inner_text()
    assert 'he had a "lengthy" call with Putin' in evidence.locator("mark").all_inner_texts()
    link = evidence.locator("a.article").first
    first_evidence = evidence.locator("mark").first.inner_text()
    assert link.get_attribute("href").startswith("/article?id=000_869b093860f3ba4e&start=")

    screenshot = tmp_path / "putin-page.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
    with capsys.disabled():  # shown in every test run's output, not only with -s
        print(f"\nScreenshot of the page with Putin's neighbourhood: {screenshot}")

    link.click()  # the sentence leads to the article, the evidence marked
    page.wait_for_selector("mark#evidence")
    assert page.inner_text("mark#evidence") == first_evidence

    page.goto(server.url + "/#entity=" + "https%3A%2F%2Fw3id.org%2Fkg-news%2Fid%2Fperson%2Fdonald-trump")
    page.wait_for_selector("svg.entity-graph .node.central")
    assert page.inner_text(".entity-label").startswith("Donald Trump")

    assert problems == []
    assert all(url.startswith(server.url) for url in requests), "the page fetched something from elsewhere"


@pytest.mark.slow
def test_page_prints_iris_that_paste_back_and_select_star_in_query_order(server, browser):
    import kg
    from kg.views.query import short_term

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(server.url + "/")
    page.wait_for_selector("#examples option[value=cq06]", state="attached")

    # One node of each kind: entities, positions, articles, graphs, mentions, statements, events, Wikidata.
    every_kind = """SELECT ?node WHERE {
      { SELECT (MIN(?n) AS ?node) WHERE { { ?n ?p ?o } UNION { ?s ?n ?o } UNION { ?s ?p ?n FILTER(isIRI(?n)) } UNION { GRAPH ?n { ?s ?p ?o } }
          BIND(IF(STRSTARTS(STR(?n), "https://w3id.org/kg-news/id/"), REPLACE(STR(?n), "^(.*/id/(article/[^/]+/)?[a-z]+).*$", "$1"),
                  REPLACE(STR(?n), "^(.*[/#]).*$", "$1")) AS ?kind) } GROUP BY ?kind }
    } ORDER BY ?node"""
    page.fill("#query", every_kind)
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    shown = page.locator("table.results tbody td .short").all_inner_texts()  # the IRIs as kg query prints them
    expected = [short_term(row[0]) for row in kg.query(every_kind, store=server.store)]
    assert shown == expected and len(shown) >= 18
    assert "person:donald-trump" in shown or any(s.startswith("person:") for s in shown)
    assert any(s.startswith("<") and "#char=" in s for s in shown)

    # Everything the table shows pastes back into the query box and names the same nodes.
    page.fill("#query", f"SELECT * WHERE {{ VALUES ?node {{ {' '.join(shown)} }} ?node ?p ?o }} LIMIT 1")
    page.click("#run")
    # Waits through the locator, not wait_for_function: the page's CSP forbids evaluating strings.
    expect(page.locator("#query-status")).to_have_text(re.compile(r"^(\d+ rows? in|Error|The server)"))
    assert "Error" not in page.inner_text("#query-status")
    assert [h.strip() for h in page.locator("table.results thead th").all_inner_texts()] == ["node", "p", "o"]
    page.fill("#query", f"SELECT ?node WHERE {{ VALUES ?node {{ {' '.join(shown)} }} }}")
    page.click("#run")
    expect(page.locator("#query-status")).to_have_text(re.compile(rf"^{len(shown)} rows in"))
    assert page.locator("table.results tbody td .short").all_inner_texts() == shown
    assert problems == []
