"""The page kg serve shows: its files, the example queries it offers, and an article's text as a
page of its own."""

from __future__ import annotations

import re

from ...resources import data_dir
from ...views.article import ArticleText
from .security import is_web_url

# The page's files under kg/interfaces/web, with their media types: the only ones /static serves.
STATIC_FILES = {"app.js": "text/javascript; charset=utf-8", "graph.js": "text/javascript; charset=utf-8",
                "article.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}


def competency_questions() -> list[dict]:
    """The bundled example queries (queries/cq*.rq), each with its question from the first comment."""
    try:
        folder = data_dir("queries")
    except FileNotFoundError:
        return []
    examples = []
    for path in sorted(folder.glob("cq*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        title = first.lstrip("# ").strip() if first.startswith("#") else path.stem
        title = re.sub(rf"^{re.escape(path.stem)}:\s*", "", title)
        examples.append({"name": path.stem, "title": title, "query": text})
    return examples


def render_article(article: ArticleText, start: int | None, end: int | None) -> str:
    """An article's text as a page, the evidence between start and end highlighted."""
    from ..pages import render

    text = article.text or ""
    evidence = (start, end) if start is not None and end is not None and 0 <= start <= end <= len(text) else None
    url = article.url or ""
    # Only web addresses become links: a "javascript:" URL would run in the endpoint's origin.
    return render("article.html.j2", title=article.headline or article.title or article.article_id, text=text,
                  evidence=evidence, meta=[x for x in (article.article_id, article.date) if x],
                  url=url if is_web_url(url) else None, opened_from=article.opened_from)


def position(value: str | None) -> int | None:
    """A character offset from a query parameter (start=, end=), None if it is not one."""
    return int(value) if value and value.isdigit() else None
