"""Matching kg's nodes and statements to the gold ones, and counting, one article at a time."""

from __future__ import annotations

from ...namespaces import short_iri
from ...resources import is_symmetric
from ..common import Score
from .gold import FactsDocument, GoldEntity, GoldRelation
from .names import coarse, exact_form, loose_form
from .report import MATCHINGS, Case, FactsReport, Identity
from .stored import KgFact, KgNode


def entity_matches(node: KgNode, gold: GoldEntity, matching: str) -> bool:
    """Strict: the gold's class, and the node's label somewhere in the store is the canonical
    name. Lenient: that, or the coarse type and one of the node's names in the article is the
    name or an alias, both in the loose form."""
    if node.type == gold.type and exact_form(gold.name) in node.canonical:
        return True
    return (matching == "lenient" and coarse(node.type) == coarse(gold.type)
            and not node.loose_names.isdisjoint(gold.loose_names))


def position_matches(kg_words: str, gold_words: str, matching: str) -> bool:
    """The same words (strict), or one's words within the other's ('mayor', 'deputy mayor')."""
    a, b = loose_form(kg_words), loose_form(gold_words)
    if not a or not b:
        return False
    if matching == "strict":
        return a == b
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def as_gold_modality(modality: str) -> str:
    """The gold's word for kg's modality. The guide knows asserted, possible and negated only, and
    files a fact stated inside reported speech that the article presents as what happened under
    asserted ("Comey said he met with Lynch" -> metWith, asserted); so kg's reported statement
    (kgo:Reported) is compared as asserted. A reported claim the article disputes is in no gold,
    and counts against kg as any statement the gold lacks."""
    return "asserted" if modality == "reported" else modality


def fact_matches(fact: KgFact, gold: GoldRelation, matched: dict[str, frozenset[int]], matching: str,
                 modality: bool) -> bool:
    """`matched`: the gold entities each node of the article matches."""
    if fact.predicate != gold.predicate or (modality and as_gold_modality(fact.modality) != gold.modality):
        return False
    if isinstance(gold.object, str):
        return (gold.subject in matched.get(fact.subject, frozenset()) and fact.position is not None
                and position_matches(fact.position, gold.object, matching))
    ends = [(fact.subject, fact.object)]
    if is_symmetric(fact.predicate):
        ends.append((fact.object, fact.subject))
    return any(gold.subject in matched.get(s, frozenset()) and gold.object in matched.get(o, frozenset()) for s, o in ends)


def date_matches(kg_dates: frozenset[str], gold: str, matching: str) -> bool:
    """The gold value among kg's (strict), or one a prefix of the other: '2016-09' and '2016-09-20'."""
    if matching == "strict":
        return gold in kg_dates
    return any(d.startswith(gold) or gold.startswith(d) for d in kg_dates)


def score_document(report: FactsReport, document: FactsDocument, nodes: dict[str, KgNode], facts: list[KgFact]) -> None:
    """Add one article's counts to the report."""
    gold_relations = list({r.key(): r for r in document.relations}.values())
    judged = [n for n in nodes.values() if n.named]
    for matching in MATCHINGS:
        matched = {iri: frozenset(i for i, g in enumerate(document.entities) if entity_matches(node, g, matching))
                   for iri, node in nodes.items()}
        entities = report.entities[matching]
        for index, gold in enumerate(document.entities):
            score = entities.setdefault(gold.type, Score())
            score.gold += 1
            score.correct_gold += any(index in found for found in matched.values())
        for node in judged:
            score = entities.setdefault(node.type, Score())
            score.predicted += 1
            score.correct_predicted += bool(matched[node.iri])
        _score_relations(report, document, gold_relations, facts, matched, matching)
        if matching == "lenient":
            _score_identity(report, document, judged, matched)


def _score_relations(report: FactsReport, document: FactsDocument, gold_relations: list[GoldRelation],
                     facts: list[KgFact], matched: dict[str, frozenset[int]], matching: str) -> None:
    strict = matching == "strict"
    relations, modalities, dates = report.relations[matching], report.modalities[matching], report.dates[matching]
    for gold in gold_relations:
        hits = [f for f in facts if fact_matches(f, gold, matched, matching, modality=strict)]
        score = relations.setdefault(gold.predicate, Score())
        score.gold += 1
        score.correct_gold += bool(hits)
        by_modality = modalities.setdefault(gold.modality, Score())
        by_modality.gold += 1
        by_modality.correct_gold += any(as_gold_modality(f.modality) == gold.modality for f in hits)
        if hits and gold.date is not None:
            dates.gold += 1
            dates.predicted += 1
            right = any(date_matches(f.dates, gold.date, matching) for f in hits)
            dates.correct_gold += right
            dates.correct_predicted += right
        if not hits and not strict:
            report.cases.append(Case("missed relation", document.id, _describe_gold(document, gold)))
    for fact in facts:
        hit = [g for g in gold_relations if fact_matches(fact, g, matched, matching, modality=strict)]
        score = relations.setdefault(fact.predicate, Score())
        score.predicted += 1
        score.correct_predicted += bool(hit)
        by_modality = modalities.setdefault(fact.modality, Score())
        by_modality.predicted += 1
        by_modality.correct_predicted += any(g.modality == as_gold_modality(fact.modality) for g in hit)
        if not hit and not strict:
            report.cases.append(Case("wrong relation", document.id, _describe_fact(fact)))


def _score_identity(report: FactsReport, document: FactsDocument, judged: list[KgNode],
                    matched: dict[str, frozenset[int]]) -> None:
    for index, gold in enumerate(document.entities):
        counts = report.identity.setdefault(gold.type, Identity())
        counts.gold += 1
        its_nodes = sorted(iri for iri, found in matched.items() if index in found)
        if len(its_nodes) > 1:
            counts.split += 1
            report.cases.append(Case("split", document.id, f"{gold.name}: {', '.join(map(short_iri, its_nodes))}"))
        if not its_nodes:
            report.cases.append(Case("missed entity", document.id, f"{gold.name} ({gold.type})"))
        report.store_nodes.setdefault(loose_form(gold.name), set()).update(its_nodes)
    for node in judged:
        counts = report.identity.setdefault(node.type, Identity())
        counts.nodes += 1
        found = matched[node.iri]
        if len(found) > 1:
            counts.merged += 1
            names = ", ".join(document.entities[i].name for i in sorted(found))
            report.cases.append(Case("merged", document.id, f"{short_iri(node.iri)} {node.label!r}: {names}"))
        if not found:
            counts.unmatched += 1
            other = [g for g in document.entities if not node.loose_names.isdisjoint(g.loose_names)]
            counts.other_type += bool(other)
            note = f" (the gold has {other[0].name} as a {other[0].type})" if other else ""
            report.cases.append(Case("unmatched", document.id, f"{short_iri(node.iri)} {node.label!r}{note}"))


def _describe_gold(document: FactsDocument, gold: GoldRelation) -> str:
    obj = repr(gold.object) if isinstance(gold.object, str) else document.entities[gold.object].name
    date = f" ({gold.date})" if gold.date else ""
    return f"{document.entities[gold.subject].name} {gold.predicate} {obj} [{gold.modality}]{date}"


def _describe_fact(fact: KgFact) -> str:
    obj = repr(fact.position) if fact.position is not None else short_iri(fact.object)
    return f"{short_iri(fact.subject)} {fact.predicate} {obj} [{fact.modality}]"
