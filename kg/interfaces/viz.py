"""`kg viz`: an entity's neighbourhood as one self-contained HTML file (the page's own drawing
code and styles inlined, no network needed) or as a PNG drawn by Graphviz."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

from ..errors import KgError
from ..views.entity import EntityView, RelationView
from .pages import WEB_DIR, render

# The page's node colours (style.css), each at least 3:1 against a white background.
_KIND_COLOURS = {"Person": "#b45309", "Organization": "#3c8d5a", "Place": "#2f6fb3", "Position": "#8a63b8", "Other": "#6b7480"}


def unlinked_articles(view: EntityView) -> list[str]:
    """The ids of the articles the view cites that have no web address to link to."""
    from .serve import is_web_url

    statements = [s for r in view.relations for s in r.statements[:STATEMENTS_CARRIED]]
    cited = [s.article for s in statements if s.article] + [e.article for s in statements for e in s.evidence]
    cited += [q.article for q in view.quotes[:LISTED_CARRIED["quotes"]]]
    cited += [a.article for a in view.articles[:LISTED_CARRIED["articles"]]]
    return list(dict.fromkeys(a.id for a in cited if not is_web_url(a.url or "")))


ARTICLE_TEXT_BUDGET = 20_000
"""Characters of article text a `kg viz` page carries at most (the newest cited articles first):
a person in 65 articles made a page of 499 KB; those past the budget are named, not carried."""

STATEMENTS_CARRIED = 2  # of each relation: the page lists them and counts the rest
STATEMENT_BUDGET = 30_000
"""Characters of JSON the carried statements take at most, over all relations in the order the
view gives them: a person in 658 articles has 143 relations, and two statements of each made a
page of 290 KB. Past the budget a relation is drawn and counted, its sentences left to `kg serve`."""
LISTED_CARRIED = {"articles": 50, "quotes": 12, "said": 8, "said_about": 8}  # the newest, longest and direct first
_NOT_DRAWN = ("graph", "rule", "confidence", "iri")  # what the drawing never reads of an article or a statement


def within_budget(articles: dict[str, dict], budget: int = ARTICLE_TEXT_BUDGET) -> dict[str, dict]:
    """The articles whose texts fit in `budget` characters, in the order given."""
    kept, used = {}, 0
    for article_id, article in articles.items():
        size = len(article.get("text") or "")
        if used + size > budget:
            continue
        kept[article_id] = article
        used += size
    return kept


def folded(data: dict) -> dict:
    """The view's data as a `kg viz` page carries it: each relation's first statements (with its
    dates, modalities and count from all of them), the newest articles and the first quotes and
    attributions with their totals, without what the drawing never reads, so that a person in
    hundreds of articles makes a page of about 200 KB, not megabytes (the server's page fetches
    the rest; a file cannot)."""
    budget = STATEMENT_BUDGET
    for relation in data["relations"]:
        relation["statement_count"] = len(relation["statements"])
        kept: list[dict] = []
        for statement in relation["statements"][:STATEMENTS_CARRIED]:
            for evidence in statement["evidence"]:  # the statement's own article, said once
                if statement.get("article") and evidence.get("article", {}).get("id") == statement["article"]["id"]:
                    del evidence["article"]
                if evidence.get("span_start") is not None:  # the drawing marks the span by its offsets
                    evidence.pop("span", None)
            budget -= len(json.dumps(statement, default=str))
            if budget < 0:
                break
            kept.append(statement)
        relation["statements"] = kept
    for key, carried in LISTED_CARRIED.items():
        data[key + "_total"] = max(len(data.get(key) or []), data.get(key + "_total") or 0)
        data[key] = (data.get(key) or [])[:carried]

    def slim(value: object) -> object:
        if isinstance(value, dict):
            if "id" in value or "modality" in value:  # an article or a statement: what is drawn, and set
                return {k: slim(v) for k, v in value.items() if k not in _NOT_DRAWN and v is not None}
            return {k: slim(v) for k, v in value.items()}
        if isinstance(value, list | tuple):  # dataclasses.asdict keeps a tuple a tuple
            return [slim(v) for v in value]
        return value

    return slim(data)  # type: ignore[return-value]


def render_html(view: EntityView, articles: dict[str, dict] | None = None) -> str:
    """The entity view as a complete page; evidence links go to the articles' URLs when they are
    web (http/https) addresses, else to the article's text carried at the end of the page
    (`articles`: {id: {"text", "title"}}, as kg.views.browse.article_texts gives). The data
    travels as inert JSON that no title can break out of, and a Content-Security-Policy lets only
    the page's own two scripts run."""
    data = embedded_json(folded(view.as_dict()))
    style = (WEB_DIR / "style.css").read_text(encoding="utf-8") + (
        "\nbody { max-width: 1000px; margin: 0 auto; padding: 12px 24px; background: #fff; }\n")
    script = (WEB_DIR / "graph.js").read_text(encoding="utf-8").replace("</", "<\\/")
    start = ('\nkgRenderEntity(document.getElementById("entity-view"), '
             'JSON.parse(document.getElementById("entity-data").textContent), {articleHref: (article, evidence) => '
             '/^https?:\\/\\/[^\\s]/i.test(article.url || "") ? article.url : '
             '(document.getElementById("article-" + article.id) ? "#article-" + encodeURIComponent(article.id) : null)});\n'
             # An article carried at the end is folded; a link to it unfolds it.
             'const unfold = () => { const target = document.getElementById(decodeURIComponent(location.hash.slice(1))); '
             'const details = target && target.querySelector("details"); if (details) details.open = true; };\n'
             'addEventListener("hashchange", unfold); unfold();\n')
    policy = (f"default-src 'none'; script-src {_sha256(script)} {_sha256(start)}; style-src {_sha256(style)}; "
              "img-src data:; base-uri 'none'; form-action 'none'")
    return render("entity.html.j2", policy=policy, label=view.label, style=style, data=data, script=script, start=start,
                  articles=within_budget(articles or {}))


def embedded_json(value: object) -> str:
    """JSON safe inside an HTML <script> element: <, >, & and the two JavaScript line separators
    escaped, so no string in it can end the element or start a comment that swallows the page."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def write_html(view: EntityView, output: Path, articles: dict[str, dict] | None = None) -> None:
    _write(output, render_html(view, articles).encode("utf-8"))


def to_dot(view: EntityView) -> str:
    """The same picture in Graphviz's DOT language: the entity in the middle, one labelled edge
    per relation."""

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

    lines = ["digraph entity {", '  layout=neato; overlap=false; splines=true; outputorder=edgesfirst;',
             '  node [shape=ellipse, style=filled, fontname="Helvetica", fontcolor=white, fontsize=12];',
             '  edge [fontname="Helvetica", fontsize=10, color="#7d8894", len=2.6];',
             f"  {quoted(view.iri)} [label={quoted(view.label)}, fillcolor={quoted(_KIND_COLOURS[view.ref.kind])}, penwidth=3];"]
    seen = {view.iri}
    for relation in view.relations:
        other = relation.other
        if other.iri not in seen:
            seen.add(other.iri)
            lines.append(f"  {quoted(other.iri)} [label={quoted(other.label)}, fillcolor={quoted(_KIND_COLOURS[other.kind])}];")
        label = relation.predicate + (" · " + ", ".join(relation.dates) if relation.dates else "")
        if not relation.asserted:
            label += " (" + ", ".join(m.lower() for m in relation.modalities if m != "Asserted") + ")"
        ends = (view.iri, other.iri) if relation.direction == "out" else (other.iri, view.iri)
        style = ", dir=none" if _symmetric(relation) else ""
        style += ", style=dashed" if not relation.asserted else ""
        lines.append(f"  {quoted(ends[0])} -> {quoted(ends[1])} [label={quoted(label)}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_png(view: EntityView, output: Path) -> None:
    dot = shutil.which("dot")
    if dot is None:
        raise KgError("--png needs Graphviz's dot command, which is not installed "
                      "(e.g. apt-get install graphviz); without --png kg viz writes HTML.")
    try:
        result = subprocess.run([dot, "-Tpng"], input=to_dot(view).encode("utf-8"), capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise KgError("Graphviz took longer than 120 s to draw the picture.") from None
    if result.returncode != 0:
        raise KgError(f"Graphviz could not draw the picture: {result.stderr.decode('utf-8', 'replace').strip()}")
    _write(output, result.stdout)


def _symmetric(relation: RelationView) -> bool:
    from ..resources import is_symmetric

    return is_symmetric(relation.predicate)


def _write(output: Path, content: bytes) -> None:
    from .output import open_output

    with open_output(output) as handle:  # all or nothing, as kg export -o
        handle.write(content)
