"""Exploring the graph as a reader would (issue 18), on 34 invented articles (helpers/explore_articles.py)
where Helena Marsh has 31 neighbours: the timeline in the terminal and as JSON, relation words,
the start page's lists and suggestions, names for result IRIs, the article page, the security
headers; and in a real headless Chromium (Debian's, driven by Playwright): the neighbourhood drawn
without one overlapping label, groups that open and fold, a neighbour expanded in place, filters,
a result IRI that opens its entity, the timeline in order, an edge's evidence reached by keyboard,
node colours of at least 3:1. Screenshots go to tests/artifacts/ (ignored by git)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

import kg
from kg.interfaces.cli import app
from kg.store import KnowledgeStore

from helpers import explore_articles
from helpers.browser import chromium
from helpers.live_server import live_server

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
MARSH = "https://w3id.org/kg-news/id/person/helena-marsh"
WEBB = "https://w3id.org/kg-news/id/person/marcus-webb"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return explore_articles.build_store(tmp_path_factory.mktemp("explore"))


@pytest.fixture(scope="module")
def server(store):
    with live_server(store) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def screenshot(page, name: str, capsys, element=None) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    (element or page).screenshot(path=str(path), **({} if element else {"full_page": True}))
    assert path.stat().st_size > 5_000
    with capsys.disabled():  # named in every run's output, not only with -s
        print(f"\nScreenshot: {path}")
    return path


# --- without a browser ----------------------------------------------------------------------

def test_the_store_has_one_person_with_more_than_25_neighbours(store):
    view = kg.show(MARSH, store=store)
    assert len({relation.other.iri for relation in view.relations}) >= 25


def test_relation_words_come_from_the_ontology_with_direction(store):
    from kg.views.entity import relation_words

    assert relation_words("leaderOf", "out") == "is leader of"
    assert relation_words("leaderOf", "in") == "is led by"
    assert relation_words("metWith", "in") == "met with"  # symmetric: the same from both sides
    norway = kg.show("Norway", store=store).as_dict()
    assert [r["words"] for r in norway["relations"]] == ["was visited by"]


def test_timeline_lists_dated_statements_by_day_in_order(store):
    found = kg.timeline(MARSH, store=store)
    dates = [entry.date for entry in found.entries]
    assert dates == sorted(dates) and len(dates) >= 30
    together = kg.timeline([MARSH, "Marcus Webb"], store=store)
    assert [day for day, _ in together.days()] == ["2025-03-31", "2025-04-19", "2025-04-21", "2025-04-23", "2025-04-25"]
    first = together.entries[0]
    assert (first.words, first.other.label, first.event, first.place.label) == ("met with", "Marcus Webb", "Meeting", "Lisbon")
    assert "met with Marcus Webb" in first.evidence[0].sentence and first.article.id == "explore-00"


def test_kg_show_timeline_prints_days_sentences_and_articles(store):
    result = CliRunner().invoke(app, ["show", "person:helena-marsh", "--store", str(store), "--timeline", "--with", "Marcus Webb"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Timeline of Helena Marsh and Marcus Webb (statements that join them)"
    assert [line for line in lines if re.fullmatch(r"\d{4}-\d{2}-\d{2}", line)] == [
        "2025-03-31", "2025-04-19", "2025-04-21", "2025-04-23", "2025-04-25"]
    assert "  Helena Marsh met with Marcus Webb  (Meeting; in Lisbon; “Monday”)" in lines
    assert any("«Helena Marsh met with Marcus Webb»" in line for line in lines)
    assert any(line.strip().startswith("— explore-webb-0 “Marsh and Webb, round 2”") for line in lines)
    as_json = CliRunner().invoke(app, ["show", "person:helena-marsh", "--store", str(store), "--timeline", "--json"])
    assert [day["date"] for day in json.loads(as_json.output)["days"]][:2] == ["2025-03-31", "2025-04-01"]
    unknown = CliRunner().invoke(app, ["show", "person:helena-marsh", "--store", str(store), "--with", "Nobody Here"])
    assert unknown.exit_code != 0 and "No entity named 'Nobody Here'" in unknown.output and "Traceback" not in unknown.output


def test_start_page_lists_suggestions_and_names(store):
    from kg.views.browse import latest_articles, most_mentioned, names_of, suggest

    with KnowledgeStore(store, read_only=True) as opened:
        top = most_mentioned(opened)
        assert top[0]["iri"] == MARSH and top[0]["mentions"] > top[1]["mentions"]
        latest = latest_articles(opened, 3)
        assert [a["date"] for a in latest] == sorted((a["date"] for a in latest), reverse=True)
        # an article without a headline is titled with its first sentence
        assert {"id": "explore-visit-3", "date": "2025-04-30", "title": "Helena Marsh visited Japan on Tuesday."} in latest
        assert [s["label"] for s in suggest(opened, "webb")] == ["Marcus Webb"]
        assert suggest(opened, 'x" } ; DROP ALL #') == []  # what is typed is a string, never SPARQL
        assert names_of(opened, [WEBB, "not an iri", "https://example.org/x"]) == {WEBB: "Marcus Webb"}


def test_served_views_article_page_and_security_headers(server):
    timeline = httpx.get(server.url + "/timeline", params={"name": MARSH, "with": "Marcus Webb"}).json()
    assert [day["date"] for day in timeline["days"]][0] == "2025-03-31"
    assert httpx.get(server.url + "/suggest", params={"q": "Okaf"}).json()[0]["label"] == "Daniel Okafor"
    names = httpx.post(server.url + "/names", json=[WEBB])
    assert names.json() == {WEBB: "Marcus Webb"}
    assert httpx.post(server.url + "/names", content=b"{").status_code == 400
    page = httpx.get(server.url + "/article", params={"id": "explore-visit-0", "from": MARSH})
    assert "<title>Helena Marsh visited Norway on Saturday. — kg</title>" in page.text
    assert '<a class="back" href="/#entity=https%3A//w3id.org/kg-news/id/person/helena-marsh">← Helena Marsh</a>' in page.text
    headed = httpx.get(server.url + "/article", params={"id": "explore-03"})
    assert "<h1>Marsh meets Lindgren in Vienna</h1>" in headed.text
    # Nothing but this server's own files: default-src 'none', with 'self' for scripts, styles and fetches.
    policy = httpx.get(server.url + "/").headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
    # The endpoint's defaults still hold for the new routes: another Host or a cross-site Origin is refused.
    assert httpx.get(server.url + "/home", headers={"Host": "evil.example:80"}).status_code == 421
    assert httpx.post(server.url + "/names", json=[WEBB], headers={"Origin": "http://evil.example"}).status_code == 403


# --- in a browser -------------------------------------------------------------------------------

def _open(browser, server, entity=MARSH):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server.url + "/#entity=" + entity.replace(":", "%3A").replace("/", "%2F"))
    page.wait_for_selector("svg.entity-graph .node.central")
    return page, problems, requests


def _overlaps(page) -> list[tuple[str, str]]:
    """Pairs of text labels in the drawing whose boxes, as the page lays them out, intersect."""
    boxes = page.locator("svg.entity-graph text.node-label, svg.entity-graph text.edge-label").evaluate_all(
        """texts => texts.map(t => { const r = t.getBoundingClientRect();
                                     return [t.textContent, r.left, r.top, r.right, r.bottom]; })""")
    assert boxes, "no labels drawn"
    pairs = []
    for i, (a, *ra) in enumerate(boxes):
        for b, *rb in boxes[i + 1:]:
            if ra[0] < rb[2] - 0.5 and rb[0] < ra[2] - 0.5 and ra[1] < rb[3] - 0.5 and rb[1] < ra[3] - 0.5:
                pairs.append((a, b))
    return pairs


def _node_labels(page) -> list[str]:
    return page.locator("svg.entity-graph .node.neighbour .node-label").all_text_contents()


def test_page_draws_31_neighbours_without_one_overlap_and_groups_expand(server, browser, capsys):
    page, problems, requests = _open(browser, server)
    groups = page.locator("svg.entity-graph .node.group .node-label").all_text_contents()
    assert groups == ["holds the position (1)", "met with (17)", "spoke with (9)", "visited (4)"]
    spoke = page.locator("svg.entity-graph .node.group", has_text="spoke with (9)")
    assert spoke.get_attribute("aria-expanded") == "false"  # more than 6: folded at first
    assert "Daniel Okafor" not in _node_labels(page)
    spoke.click()
    expect_expanded = page.locator("svg.entity-graph .node.group[aria-expanded=true]", has_text="spoke with (9)")
    expect_expanded.wait_for()
    shown = _node_labels(page)
    assert len(shown) == 1 + 9 + 4 and "Daniel Okafor" in shown and "Sofia Brandt" not in shown
    page.click("button.open-all")
    shown = _node_labels(page)
    assert len(shown) == 31 and "Sofia Brandt" in shown
    assert _overlaps(page) == []
    assert "5 dates, 2025-03-31 … 2025-04-25" in page.locator("svg.entity-graph .edge-label").all_text_contents()
    screenshot(page, "explore-neighbourhood.png", capsys, page.locator("svg.entity-graph"))

    # A neighbour expanded in place: Marcus Webb's own relations drawn under him, still no overlap.
    page.locator("svg.entity-graph .node.neighbour[data-iri$='/marcus-webb'] .expand").click()
    page.wait_for_selector("svg.entity-graph .node.group[data-key='" + MARSH + "/metWith out/" + WEBB + "/metWith out']")
    assert page.locator("svg.entity-graph .expand[aria-expanded=true]").get_attribute("aria-label") == "Fold Marcus Webb"
    assert _overlaps(page) == []
    spoke.click()  # folded again
    page.wait_for_selector("svg.entity-graph .node.group[aria-expanded=false]")
    assert "Daniel Okafor" not in _node_labels(page)
    assert problems == []
    assert all(url.startswith(server.url) for url in requests), "the page fetched something from elsewhere"


@pytest.mark.slow
def test_filters_by_relation_and_by_dates_and_the_legend(server, browser, capsys):
    page, problems, _ = _open(browser, server)
    page.click("button.open-all")
    assert len(_node_labels(page)) == 31
    page.uncheck(".relation-filter input[value='met with']")
    assert len(_node_labels(page)) == 31 - 17
    assert not page.locator("svg.entity-graph .node.group", has_text="met with").count()
    page.check(".relation-filter input[value='met with']")
    page.fill("input.date-from", "2025-04-26")
    page.fill("input.date-to", "2025-04-30")
    page.locator("input.date-to").dispatch_event("change")
    page.locator("input.date-from").dispatch_event("change")
    # the dated statements, and the title an article of those days reports without a date of its own
    assert sorted(_node_labels(page)) == ["Canada", "Japan", "Norway", "Portugal", "Prime Minister"]
    assert _overlaps(page) == []
    legend = page.inner_text("ul.legend")
    assert all(word in legend for word in ("person", "organization", "place", "position", "dashed"))
    screenshot(page, "explore-filtered.png", capsys)
    assert problems == []


@pytest.mark.slow
def test_node_colours_have_a_contrast_of_at_least_3_to_1(server, browser):
    page, problems, _ = _open(browser, server)
    background = page.locator("svg.entity-graph").evaluate("s => getComputedStyle(s).backgroundColor")
    fills = page.locator("ul.legend .swatch").evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)")
    drawn = page.locator("svg.entity-graph .node > circle, svg.entity-graph .node > rect").evaluate_all(
        "els => els.map(e => getComputedStyle(e).fill)")

    def luminance(css: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"\d+", css)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in {*fills, *drawn}:
        high, low = sorted((luminance(colour), luminance(background)), reverse=True)
        assert (high + 0.05) / (low + 0.05) >= 3, colour
    assert len(set(fills)) == 6


@pytest.mark.slow
def test_keyboard_reaches_an_edges_evidence_and_nodes_are_named(server, browser, capsys):
    page, problems, _ = _open(browser, server)
    svg = page.locator("svg.entity-graph")
    assert svg.get_attribute("role") == "group"  # not "img", which would hide its nodes from screen readers
    assert page.locator("svg.entity-graph .node.neighbour[data-iri$='/canada']").get_attribute("aria-label").startswith(
        "Canada, place.")
    page.focus("#entity-name")
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.getAttribute('class') + '|' + (document.activeElement.getAttribute('aria-label') || '')")
        if focused.startswith("edge-label|"):
            break
    else:
        pytest.fail("Tab never reached an edge label")
    assert focused.startswith("edge-label|Helena Marsh ") and focused.endswith("Show the sentences.")
    page.keyboard.press("Enter")
    active = page.evaluate("() => document.activeElement.id + '|' + document.activeElement.innerText")
    assert active.startswith("relation-") and "— " in active  # the evidence: sentence and article link
    wanted = focused.split("|", 1)[1].split(":")[0].replace("Helena Marsh ", "")
    assert wanted in active
    # A group opens from the keyboard too.
    page.focus("svg.entity-graph .node.group[aria-expanded=false]")
    page.keyboard.press("Enter")
    page.wait_for_selector("svg.entity-graph .node.group[aria-expanded=true] >> text=met with (17)")
    assert page.evaluate("() => document.activeElement.dataset.key") == MARSH + "/metWith out"  # focus kept
    screenshot(page, "explore-keyboard.png", capsys)
    assert problems == []


@pytest.mark.slow
def test_result_iris_are_named_links_and_the_start_page_leads_somewhere(server, browser, capsys):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(server.url + "/")
    page.wait_for_selector("#top-entities li")
    assert page.locator("#top-entities a").first.inner_text() == "Helena Marsh"
    assert page.locator("#latest-articles a").first.inner_text() == "Helena Marsh visited Japan on Tuesday."
    page.wait_for_selector("#examples option[value=cq06]", state="attached")
    page.fill("#query", "SELECT ?person WHERE { ?person a kgo:Person ; rdfs:label ?name FILTER(STRSTARTS(?name, 'Marcus')) }")
    page.click("#run")
    page.wait_for_selector("table.results.named td a.entity-link")
    cell = page.locator("table.results td").first
    assert cell.locator("a").inner_text() == "Marcus Webb"
    assert cell.locator(".short").inner_text() == "person:marcus-webb"  # still pastes back
    cell.locator("a").click()
    page.wait_for_selector("svg.entity-graph .node.central[data-iri$='/marcus-webb']")
    # Suggestions as one types, from the store.
    page.fill("#entity-name", "")
    page.type("#entity-name", "Okaf")
    page.wait_for_selector("#entity-suggestions option[value='Daniel Okafor']", state="attached")
    screenshot(page, "explore-start-and-results.png", capsys)
    assert problems == []


@pytest.mark.slow
def test_timeline_lists_the_dated_events_in_order_with_sentences(server, browser, capsys):
    page, problems, _ = _open(browser, server)
    page.click("details.timeline-box summary")
    page.wait_for_selector("ol.timeline li.day")
    assert page.locator("ol.timeline li.day").count() == 15  # a page of days
    while page.locator("button.more-days").is_visible():
        page.click("button.more-days")
    days = page.locator("ol.timeline li.day").evaluate_all("els => els.map(e => e.dataset.date)")
    assert days == sorted(days) and len(days) >= 28
    page.fill("input.timeline-with", "Marcus Webb")
    page.click(".timeline-form button")
    page.wait_for_selector("h4.timeline-heading >> text=Timeline of Helena Marsh and Marcus Webb")
    days = page.locator("ol.timeline li.day h5").all_inner_texts()
    assert days == ["2025-03-31", "2025-04-19", "2025-04-21", "2025-04-23", "2025-04-25"]
    first = page.locator("li.timeline-entry").first
    assert "Helena Marsh met with Marcus Webb" in first.inner_text() and "Meeting" in first.inner_text()
    assert first.locator("mark").inner_text() == "Helena Marsh met with Marcus Webb"
    link = first.locator("a.article")
    assert link.get_attribute("href").startswith("/article?id=explore-00&start=")
    screenshot(page, "explore-timeline.png", capsys)
    link.click()
    page.wait_for_selector("mark#evidence")
    assert page.title() == "Marsh meets Webb in Lisbon — kg"
    page.click("a.back")
    page.wait_for_selector("svg.entity-graph .node.central[data-iri$='/helena-marsh']")
    assert problems == []


def test_kg_viz_carries_articles_without_a_web_address_and_links_to_them(store, tmp_path):
    out = tmp_path / "norway.html"
    result = CliRunner().invoke(app, ["viz", "Norway", "-o", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<article id="article-explore-visit-0"><details><summary>Helena Marsh visited Norway on Saturday. ' in page
    assert "Helena Marsh visited Norway on Saturday. She spoke about the economy." in page


@pytest.mark.slow
def test_kg_viz_page_links_its_evidence_to_the_article_in_the_page(store, browser, tmp_path):
    out = tmp_path / "marsh.html"
    assert CliRunner().invoke(app, ["viz", MARSH, "-o", str(out), "--store", str(store)]).exit_code == 0
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(out.as_uri())
    page.wait_for_selector("svg.entity-graph .node.central")
    hrefs = page.locator("a.article").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "#article-explore-visit-0" in hrefs and "https://news.example.org/explore/00" in hrefs
    assert page.locator("span.article").count() == 0  # every article cited leads somewhere
    page.locator("a.article[href='#article-explore-visit-0']").first.click()
    assert page.evaluate("() => location.hash") == "#article-explore-visit-0"
    assert problems == [], problems


@pytest.mark.slow
def test_page_draws_200_neighbours_without_one_overlap(tmp_path, browser, capsys):
    store = explore_articles.build_crowd_store(tmp_path, 200)
    assert len({r.other.iri for r in kg.show(MARSH, store=store).relations}) >= 200
    with live_server(store) as running:
        page, problems, _ = _open(browser, running)
        assert {g.split(" (")[0] for g in page.locator("svg.entity-graph .node.group .node-label").all_text_contents()} >= {
            "met with", "spoke with"}
        page.click("button.open-all")
        assert len(_node_labels(page)) >= 200
        assert _overlaps(page) == []
        screenshot(page, "explore-200-neighbours.png", capsys)
        assert problems == []
