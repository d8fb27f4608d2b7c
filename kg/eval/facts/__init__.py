"""Scoring kg against gold facts: articles annotated with every named entity (canonical name,
type, the aliases the article uses) and every fact of kg's schema, as
`../shared/eval-data/FACTS-GUIDE.md` says (polnear.facts.dev.jsonl). One JSON object a line:

    {"id", "published"?, "title"?, "text",
     "entities": [{"name", "type": Person|Organization|Country|City|Place, "aliases": [...]}],
     "relations": [{"subject", "predicate": a kg property, "object",
                    "modality": asserted|possible|negated, "date"?: YYYY[-MM[-DD]], "evidence"?}]}

The gold gives names, not character offsets, so kg's nodes are judged by their names. Each
figure is given twice, as the field does:
- strict: the node's class is the gold type, and its label (in any article of the store, so that
  a surname kg linked to the full name counts) is the canonical name; a statement matches with
  both ends matched so, the position's words equal, and the same modality;
- lenient: the types agree coarsely (Country, City and Place are all places), and one of the
  node's names in the article (its label or another name) is the canonical name or an alias,
  compared after folding case, accents, punctuation, curly quotes and a leading "the"; a
  position matches when one's words contain the other's; the modality is not compared.
Entities: recall over the gold entities (found by any node of the article); precision over the
nodes a name of the article points at (a node only a nationality adjective or a pronoun points
at is not judged). Identity, leniently: gold entities split over several nodes of one article,
nodes that match no gold entity (the non-entity rate; those named as a gold entity of another
type counted apart), nodes that stand for two gold entities, and across the store the gold names
that stand for several nodes. Relations: per predicate, each statement kg makes (asserted,
possible or negated) once, a symmetric property in either direction; per modality too; and over
the relations found that carry a gold date, how often kg's statement carries that date (strict:
the same value; lenient: one is a prefix of the other)."""
from __future__ import annotations

import time
from pathlib import Path

from ..common import ingested
from .gold import ENTITY_TYPES, MODALITIES, FactsDocument, GoldEntity, GoldRelation, is_facts_file, read_facts
from .report import MATCHINGS, Case, FactsReport, Identity
from .scoring import score_document
from .stored import KgFact, KgNode, kg_facts, kg_nodes

__all__ = ["ENTITY_TYPES", "MATCHINGS", "MODALITIES", "Case", "FactsDocument", "FactsReport", "GoldEntity",
           "GoldRelation", "Identity", "KgFact", "KgNode", "evaluate_facts", "is_facts_file", "kg_facts", "kg_nodes",
           "read_facts", "score_document"]


def evaluate_facts(gold_file: Path, *, limit: int | None = None) -> FactsReport:
    """Ingest the gold articles, with their dates and headlines as a user's JSON Lines give
    them, into a temporary store, and score the entities and statements it holds."""
    started = time.perf_counter()
    documents = read_facts(gold_file, limit)
    report = FactsReport(str(gold_file), len(documents))
    texts = [{"id": d.id, "text": d.text, "published": d.published, "title": d.title} for d in documents]
    with ingested(texts, "published", "title") as store:
        nodes, facts = kg_nodes(store), kg_facts(store)
    for document in documents:
        score_document(report, document, nodes.get(document.id, {}), facts.get(document.id, []))
    report.seconds = time.perf_counter() - started
    return report
