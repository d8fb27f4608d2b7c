"""One article to read: its text and metadata, as kg serve's article page shows it."""

from __future__ import annotations

from dataclasses import dataclass

from ..namespaces import sparql_string
from ..store import Store, select
from .browse import first_sentence, names_of


@dataclass(frozen=True)
class ArticleText:
    """An article's text with its title, date and web address as stored; `headline` is the
    title, else the text's first sentence. `opened_from` is the entity the reader came from,
    {"iri", "label"}, for the page's link back to it."""

    article_id: str
    text: str | None
    title: str | None
    date: str | None
    url: str | None
    headline: str | None
    opened_from: dict | None = None


def article_text(store: Store, article_id: str, opened_from: str | None = None) -> ArticleText | None:
    """The article's text and metadata, None if the store holds no such article; with
    `opened_from` (an entity's IRI), that entity's name too."""
    rows = list(select(store, f"""
        SELECT ?text ?title ?date ?url WHERE {{
          ?a a kgo:Article ; schema:identifier {sparql_string(article_id)} ; kgo:hasContext ?c .
          ?c nif:isString ?text .
          OPTIONAL {{ ?a schema:headline ?title }} OPTIONAL {{ ?a schema:datePublished ?date }} OPTIONAL {{ ?a schema:url ?url }}
        }} LIMIT 1"""))
    if not rows:
        return None
    row = rows[0]
    found = {name: (row[name].value if row[name] is not None else None) for name in ("text", "title", "date", "url")}
    came_from = None
    if opened_from:
        label = names_of(store, [opened_from]).get(opened_from)
        if label is not None:
            came_from = {"iri": opened_from, "label": label}
    return ArticleText(article_id, found["text"], found["title"], found["date"], found["url"],
                       headline=found["title"] or first_sentence(found["text"] or "") or None, opened_from=came_from)
