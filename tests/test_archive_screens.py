"""Screenshots of the entity page on a real archive: every PolNeAR article in ../shared/eval-data
(924), in Chromium at desktop (1440×1000) and phone (390×844) sizes, saved under
tests/screenshots/ (git-ignored). Slow (the store takes minutes to build) and skipped where the
data is absent (CI cannot read ../shared)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import kg

from helpers.browser import chromium
from helpers.live_server import live_server

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

_ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (or beside the folder of its git worktrees)
EVAL_DATA = next((p / "shared" / "eval-data" for p in (_ROOT.parent, _ROOT.parent.parent) if (p / "shared" / "eval-data").is_dir()),
                 _ROOT.parent / "shared" / "eval-data")
SOURCES = [EVAL_DATA / "polnear.dev.jsonl", EVAL_DATA / "polnear.train.jsonl"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
TRUMP = "https://w3id.org/kg-news/id/person/donald-trump"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not all(p.exists() for p in SOURCES), reason="../shared/eval-data is not here")]


@pytest.fixture(scope="module")
def polnear_store() -> Path:
    """Built once (minutes) and kept beside the screenshots, git-ignored; $KG_SCREENS_STORE
    names another place for it."""
    store = Path(os.environ.get("KG_SCREENS_STORE") or SCREENSHOTS / "polnear-store")
    built = store / "built-by-test_archive_screens"
    if not built.exists():
        shutil.rmtree(store, ignore_errors=True)
        report = kg.ingest(SOURCES, store=store, jobs=2, keep_results=False)
        assert report.count("added") + report.count("refused") >= 900
        assert report.undated == 0  # every article keeps its publication_date
        built.write_text("", encoding="utf-8")
    return store


@pytest.fixture(scope="module")
def server(polnear_store):
    with live_server(polnear_store, "--timeout", "120") as running:  # a loaded machine: the page, not the speed, is tested
        yield running


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def test_trumps_page_on_924_articles(server, browser, polnear_store, capsys):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    started = time.monotonic()
    page.goto(server.url + "/#entity=" + TRUMP)
    page.wait_for_selector("svg.entity-graph .node.central, #entity-status.error", timeout=150_000)
    assert not page.locator("#entity-status.error").count(), page.inner_text("#entity-status")
    seconds = time.monotonic() - started
    assert page.locator("svg.entity-graph").bounding_box()["y"] < 1000  # the graph on the first screen
    page.screenshot(path=str(SCREENSHOTS / "polnear-trump-desktop.png"))
    height = page.evaluate("document.documentElement.scrollHeight")
    page.click("details.timeline-box summary")
    page.wait_for_selector("ol.timeline li.day", timeout=120_000)
    page.locator("details.timeline-box").screenshot(path=str(SCREENSHOTS / "polnear-trump-timeline-first-page.png"))
    while page.locator("button.more-days").is_visible():
        page.click("button.more-days")
    days = page.locator("ol.timeline li.day").count()
    reported = page.locator("li.timeline-entry.reported-on").count()
    assert days > 20 and reported > 20  # his statements by day, most on the day they were reported
    page.locator("details.timeline-box").screenshot(path=str(SCREENSHOTS / "polnear-trump-timeline.png"))

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.on("pageerror", lambda error: problems.append(str(error)))
    phone.goto(server.url + "/#entity=" + TRUMP)
    phone.wait_for_selector("svg.entity-graph .node.central", timeout=150_000)
    phone.screenshot(path=str(SCREENSHOTS / "polnear-trump-phone.png"))
    phone_height = phone.evaluate("document.documentElement.scrollHeight")
    first = phone.locator(".articles-list a.article").first.get_attribute("href")
    phone.goto(server.url + first)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(SCREENSHOTS / "polnear-article-phone.png"))

    viz = SCREENSHOTS / "polnear-trump-viz.html"
    view = kg.api.show(TRUMP, store=polnear_store)
    from kg.interfaces.viz import unlinked_articles, write_html

    write_html(view, viz, kg.api.article_texts(unlinked_articles(view), store=polnear_store))
    phone.goto(viz.as_uri())
    phone.wait_for_selector("svg.entity-graph .node.central")
    phone.screenshot(path=str(SCREENSHOTS / "polnear-trump-viz-phone.png"))
    viz_height = phone.evaluate("document.documentElement.scrollHeight")
    assert viz.stat().st_size < 200_000 and not problems  # hundreds of statements, folded
    with capsys.disabled():
        print(f"\nTrump on 924 articles: drawn in {seconds:.1f} s; desktop page {height} px tall, phone {phone_height} px; timeline {days} days, "
              f"{reported} reported-on entries; kg viz {viz.stat().st_size:,} bytes, {viz_height} px tall on a phone; "
              f"screenshots in {SCREENSHOTS}")
