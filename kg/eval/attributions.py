"""Scoring kg's attributions against PolNeAR's (issue 14), per style and overall.

Content found: a kg attribution's content overlaps at least half of the gold content's words
(the words of its fragments); the exact figure asks for the same span, quotation marks and
edge punctuation aside. Precision counts kg's attributions whose content covers at least half
of some gold content's words, or, for a direct one, lies mostly inside one (a piece of a quote the gold annotation
continues across paragraphs), per kg's own style. Source right, over the gold attributions
whose content was found: a mention of kg's source (an entity's mentions, or the words of a
described source) overlaps the gold source; a pronoun source counts when the entity kg resolved
it to has the pronoun among its mentions, or its name there."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .. import api
from ..api import Store
from .common import Score

STYLES = ("direct", "mixed", "indirect")
_WORD = re.compile(r"\w+")
_EDGE = " \t\n,.;:\"'\u201c\u201d\u2018\u2019\u2014\u2013-"


@dataclass(frozen=True)
class PredictedAttribution:
    begin: int
    end: int
    style: str
    source: str | None
    source_spans: tuple[tuple[int, int], ...]  # the words of the source, as the article put them


def predicted_attributions(store: Store) -> dict[str, list[PredictedAttribution]]:
    rows = api.query(store=store, sparql="""
        SELECT ?id ?a ?begin ?end ?style ?source ?mb ?me WHERE {
          GRAPH ?g {
            ?article schema:identifier ?id .
            ?a a kgo:Attribution ; kgo:style ?style ; kgo:content ?c .
            ?c nif:beginIndex ?begin ; nif:endIndex ?end .
            OPTIONAL { ?a kgo:source ?source }
            OPTIONAL { { ?a kgo:sourceMention ?m } UNION { ?a kgo:source ?s . ?s a kgo:Source ; kgo:sourceMention ?m }
                       ?m nif:beginIndex ?mb ; nif:endIndex ?me . }
          }
        }""").rows
    grouped: dict[tuple[str, str], dict] = {}
    for article_id, node, begin, end, style, source, mb, me in rows:
        item = grouped.setdefault((str(article_id), str(node)), {
            "begin": int(begin), "end": int(end), "style": str(style).rsplit("#", 1)[-1].lower(),
            "source": str(source) if source is not None else None, "spans": set()})
        if mb is not None:
            item["spans"].add((int(mb), int(me)))
    found: dict[str, list[PredictedAttribution]] = defaultdict(list)
    for (article_id, _), item in grouped.items():
        found[article_id].append(PredictedAttribution(item["begin"], item["end"], item["style"], item["source"],
                                                      tuple(sorted(item["spans"]))))
    return found


def _fragments(quote: dict) -> list[tuple[int, int]]:
    return [tuple(f) for f in quote.get("content_fragments") or [(quote["content_start"], quote["content_end"])]]


def _words(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(s + m.start(), s + m.end()) for s, e in spans for m in _WORD.finditer(text[s:e])]


def _covers_half(text: str, begin: int, end: int, quote: dict) -> bool:
    words = _words(text, _fragments(quote))
    inside = sum(1 for s, e in words if begin <= s and e <= end)
    return bool(words) and inside * 2 >= len(words)


def _inside_half(text: str, begin: int, end: int, quote: dict) -> bool:
    words = _words(text, [(begin, end)])
    inside = sum(1 for s, e in words if any(a <= s and e <= b for a, b in _fragments(quote)))
    return bool(words) and inside * 2 > len(words)


def _trimmed(text: str, begin: int, end: int) -> tuple[int, int]:
    while begin < end and text[begin] in _EDGE:
        begin += 1
    while end > begin and text[end - 1] in _EDGE:
        end -= 1
    return begin, end


def _overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def score_attributions(scores: dict[str, Score], text: str, gold: list[dict], predicted: list[PredictedAttribution],
                       entity_spans: dict[str, list[tuple[int, int]]]) -> None:
    """Add one document's counts to `scores` (name -> Score): 'all', each style, their exact
    variants, 'source right' (over found contents) and 'direct speakers' (gold direct quotes
    whose content and source kg both got, described sources included)."""

    def score(name: str) -> Score:
        return scores.setdefault(name, Score())

    def source_right(quote: dict, candidate: PredictedAttribution) -> bool:
        gold_source = [(quote["source_start"], quote["source_end"])]
        spans = list(candidate.source_spans)
        if candidate.source is not None:
            spans += entity_spans.get(candidate.source, [])
        return _overlaps(spans, gold_source)

    for quote in gold:
        style = quote.get("quote_style") or ("direct" if quote.get("direct") else "indirect")
        matched = [p for p in predicted if _covers_half(text, p.begin, p.end, quote)]
        gold_span = _trimmed(text, quote["content_start"], quote["content_end"])
        exact = any(_trimmed(text, p.begin, p.end) == gold_span for p in predicted)
        for name in ("all", style):
            score(name).gold += 1
            score(name).correct_gold += bool(matched)
            score(f"{name} exact").gold += 1
            score(f"{name} exact").correct_gold += exact
        has_source = quote.get("source_start") is not None
        if matched and has_source:
            right = any(source_right(quote, p) for p in matched)
            for name in ("source right", f"source right {style}"):
                score(name).gold += 1
                score(name).predicted += 1
                score(name).correct_gold += right
                score(name).correct_predicted += right
        if style == "direct" and has_source:
            speakers = score("direct speakers")
            speakers.gold += 1
            speakers.correct_gold += any(source_right(quote, p) for p in matched)
    for candidate in predicted:
        # right when it finds a gold attribution, or is a piece of one: a quote the gold
        # attribution continues across paragraphs ('"A." ... "B."')
        hits = [q for q in gold if _covers_half(text, candidate.begin, candidate.end, q)
                or candidate.style == "direct" and _inside_half(text, candidate.begin, candidate.end, q)]
        exact = any(_trimmed(text, candidate.begin, candidate.end) == _trimmed(text, q["content_start"], q["content_end"])
                    for q in gold)
        for name in ("all", candidate.style):
            score(name).predicted += 1
            score(name).correct_predicted += bool(hits)
            score(f"{name} exact").predicted += 1
            score(f"{name} exact").correct_predicted += exact
        if candidate.source is not None and candidate.style == "direct":
            sourced = [q for q in hits if q.get("source_start") is not None]
            if sourced:
                speakers = score("direct speakers")
                speakers.predicted += 1
                speakers.correct_predicted += any(source_right(q, candidate) for q in sourced)


ORDER = ("all", "all exact", "direct", "direct exact", "mixed", "mixed exact", "indirect", "indirect exact",
         "source right", "source right direct", "source right mixed", "source right indirect", "direct speakers")
