"""`kg show` and `kg viz` on the seed: types, names, the Wikidata link, relations with their
dates and the sentences behind them; the picture as one HTML file or a Graphviz PNG."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from typer.testing import CliRunner

import kg
from kg.api import show
from kg.errors import UnknownEntity
from kg.interfaces.cli import app

runner = CliRunner()
PUTIN = "https://w3id.org/kg-news/id/person/vladimir-putin"


def test_show_prints_types_names_links_and_relations_with_evidence(seed_store):
    result = runner.invoke(app, ["show", "Vladimir Putin", "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith(f"Vladimir Putin  <{PUTIN}>")
    assert re.search(r"Types\s+Person", out)
    assert re.search(r"Names\s+Putin", out)
    assert "http://www.wikidata.org/entity/Q7747" in out
    # a dated relation, with the article and the sentence that states it, its own words marked
    assert "spokeWith ↔ Donald Trump (Person)" in out
    assert "2025-02-12 (“Wednesday”)" in out
    assert "«he had a \"lengthy\" call with Putin»" in out
    assert "000_869b093860f3ba4e (2025-02-13)" in out
    # a possible meeting is shown as such, with its place
    assert "metWith ↔ Donald Trump (Person)  [possible]" in out
    assert "in Saudi Arabia; possible" in out
    assert "leaderOf → Russia (Country)" in out


def test_show_finds_by_other_name_any_case_and_by_iri(seed_store):
    assert show("putin", store=seed_store).iri == PUTIN
    assert show("kgr:person/vladimir-putin", store=seed_store).label == "Vladimir Putin"
    assert show(f"<{PUTIN}>", store=seed_store).label == "Vladimir Putin"
    hegseth = show("HEGSETH", store=seed_store)
    assert hegseth.label == "Pete Hegseth" and hegseth.quotes_total >= 5


def test_show_json_is_the_entity_view(seed_store):
    result = runner.invoke(app, ["show", "Vladimir Putin", "--json", "--store", str(seed_store)])
    assert result.exit_code == 0
    view = json.loads(result.output)
    assert view["same_as"] == ["http://www.wikidata.org/entity/Q7747"]
    spoke = next(r for r in view["relations"] if r["predicate"] == "spokeWith")
    assert spoke["asserted"] and spoke["symmetric"] and spoke["dates"] == ["2025-02-12"]
    evidence = [e for s in spoke["statements"] for e in s["evidence"]]
    assert {e["article"]["id"] for e in evidence} == {"000_869b093860f3ba4e"}
    assert any("call with Putin" in e["sentence"] for e in evidence)
    for e in evidence:  # offsets point into the article text
        assert e["sentence_start"] <= e["span_start"] < e["span_end"] <= e["sentence_end"]


def test_an_unknown_name_is_a_clear_error_with_suggestions(seed_store):
    with pytest.raises(UnknownEntity) as error:
        show("Vladimir Putn", store=seed_store)
    assert "Did you mean: Vladimir Putin?" in str(error.value)
    assert isinstance(error.value, kg.KgError)
    result = runner.invoke(app, ["show", "Vladimir Putn", "--store", str(seed_store)])
    assert result.exit_code == 5
    assert "No entity named 'Vladimir Putn' in the store. Did you mean: Vladimir Putin?" in result.output
    with pytest.raises(UnknownEntity, match="nothing about"):
        show("kgr:person/nobody", store=seed_store)
    with pytest.raises(UnknownEntity, match="not a valid IRI"):
        show("http://example.org/a b", store=seed_store)


def test_viz_writes_one_self_contained_html_file(seed_store, tmp_path):
    out = tmp_path / "putin.html"
    result = runner.invoke(app, ["viz", "Vladimir Putin", "-o", str(out), "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "kgRenderEntity" in page and '"label": "Vladimir Putin"' in page
    assert "call with Putin" in page
    assert not re.search(r"<(script|link)[^>]+(src|href)=", page)  # nothing fetched: scripts and styles inline


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_viz_png_through_graphviz(seed_store, tmp_path):
    out = tmp_path / "putin.png"
    result = runner.invoke(app, ["viz", "Vladimir Putin", "--png", "-o", str(out), "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_viz_png_without_graphviz_says_what_to_install(seed_store, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on this PATH
    out = tmp_path / "putin.png"
    result = runner.invoke(app, ["viz", "Vladimir Putin", "--png", "-o", str(out), "--store", str(seed_store)])
    assert result.exit_code == 1
    assert "Graphviz" in result.output and "apt-get install graphviz" in result.output
    assert not out.exists()
