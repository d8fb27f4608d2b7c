"""What an entity said (directly, mixed or indirectly) and what others said about it, from the
kgo:Attribution nodes of the store, each with its article, date and sentence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..store import select

if TYPE_CHECKING:
    import pyoxigraph as ox

    from ..store import Store


@dataclass(frozen=True)
class AttributionView:
    text: str  # the content
    style: str  # direct, mixed, indirect
    article: object  # an ArticleRef
    start: int
    end: int
    sentence: str
    sentence_start: int
    cue: str | None = None
    date: str | None = None  # the date governing the cue, else None
    addressee: str | None = None
    source: str | None = None  # who said it (for what others said about the entity)


_QUERY = """
    SELECT ?g ?text ?style ?b ?e ?sentence ?sb ?cue ?date ?to ?source WHERE {{ GRAPH ?g {{
      ?a a kgo:Attribution ; {pattern} ; kgo:style ?s ; kgo:content ?c .
      ?c nif:anchorOf ?text ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:sentence ?n .
      ?n nif:anchorOf ?sentence ; nif:beginIndex ?sb .
      BIND(LCASE(STRAFTER(STR(?s), "#")) AS ?style)
      OPTIONAL {{ ?a kgo:cueText ?cue }}
      OPTIONAL {{ ?a kgo:date ?date }}
      OPTIONAL {{ ?a kgo:addressee/rdfs:label ?to }}
      OPTIONAL {{ ?a kgo:source/rdfs:label ?source }}
      {filter}
    }} }} ORDER BY DESC(STRLEN(?text)) ?g ?b LIMIT {limit}"""


def attributions_by(store: Store, node: str, article_ref: Callable, limit: int) -> tuple[AttributionView, ...]:
    """What the entity (a SPARQL IRI term) said, in article and text order."""
    return _views(store, _QUERY.format(pattern=f"kgo:source {node}", filter="", limit=int(limit)), article_ref)


def attributions_about(store: Store, node: str, article_ref: Callable, limit: int) -> tuple[AttributionView, ...]:
    """What others said that mentions the entity."""
    return _views(store, _QUERY.format(pattern=f"kgo:about {node}",
                                       filter=f"FILTER NOT EXISTS {{ ?a kgo:source {node} }}", limit=int(limit)),
                  article_ref)


def _views(store: Store, sparql: str, article_ref: Callable) -> tuple[AttributionView, ...]:
    def value(row: ox.QuerySolution, name: str) -> str | None:
        return None if row[name] is None else row[name].value

    seen, views = set(), []
    for row in select(store, sparql):
        key = (row["g"].value, int(row["b"].value), int(row["e"].value))
        if key in seen:  # one row per attribution, whatever its optional parts
            continue
        seen.add(key)
        views.append(AttributionView(
            text=row["text"].value, style=row["style"].value, article=article_ref(row["g"].value),
            start=key[1], end=key[2], sentence=row["sentence"].value, sentence_start=int(row["sb"].value),
            cue=value(row, "cue"), date=value(row, "date"), addressee=value(row, "to"), source=value(row, "source")))
    # Direct quotations first, then the longest: what the page and kg show list first.
    return tuple(sorted(views, key=lambda v: (v.style != "direct", -len(v.text))))


def format_attributions(title: str, views: tuple[AttributionView, ...], article_name: Callable, *, width: int,
                        with_source: bool, limit: int = 12) -> list[str]:
    """The first `limit` (direct and longest first), grouped by article (date first), each with
    its style, cue, addressee and date."""
    import textwrap

    if not views:
        return []
    lines = ["", f"{title} ({len(views)})"]
    ordered = sorted(views[:limit], key=lambda v: (getattr(v.article, "date", None) or "", getattr(v.article, "id", ""), v.start))
    current = None
    for view in ordered:
        if view.article is not current:
            current = view.article
            lines.append(f"  {article_name(view.article)}")
        notes = [view.style]
        if view.cue:
            notes.append(view.cue)
        if view.addressee:
            notes.append(f"to {view.addressee}")
        if view.date:
            notes.append(view.date)
        who = f"{view.source}: " if with_source and view.source else ""
        lines += textwrap.wrap(f"- {who}“{view.text}”  [{', '.join(notes)}]", width=width,
                               initial_indent="    ", subsequent_indent="      ")
    if len(views) > limit:
        lines.append(f"  ... and {len(views) - limit} more (--json lists them all)")
    return lines
