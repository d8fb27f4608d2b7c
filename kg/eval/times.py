"""Scoring kg's time expressions against TimeBank's (issue 16): detection and value.

Detection, per TimeML type (DATE, TIME, DURATION, SET): a gold expression is found when one of
kg's time expressions overlaps it ('overlap') or has the same span ('exact'). Precision is
reported in the DATE rows: a kg expression is right when it overlaps a gold expression of any
type and wrong when it overlaps none; one that overlaps only a TIME, DURATION or SET is not
counted against DATE (kg does not tell the kinds apart; it gives a value only to a day, a month
or a year). TIME, DURATION and SET get recall only: found or not found.

Value: over the gold DATE expressions whose value is a calendar day, month or year (YYYY,
YYYY-MM, YYYY-MM-DD) and that kg found, the share whose overlapping kg expression carries that
very value; no value counts as wrong. They are split into those written with a year ('March 3,
1998', "'98") and the relative ones ('Friday', 'last month'), whose value comes from the
publication date."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .. import api
from ..api import Store
from .common import Score, ingested, read_gold

TYPES = ("DATE", "TIME", "DURATION", "SET")
ORDER = ("DATE", "DATE exact", "TIME", "TIME exact", "DURATION", "DURATION exact", "SET", "SET exact",
         "value, written with a year", "value, relative")
CALENDAR_VALUE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")
_WITH_A_YEAR = re.compile(r"\b\d{4}\b|'\d\d\b|\b(?:nineteen|two thousand)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PredictedTime:
    begin: int
    end: int
    value: str | None


def predicted_times(store: Store) -> dict[str, list[PredictedTime]]:
    rows = api.query(store=store, sparql="""
        SELECT ?id ?begin ?end ?date WHERE {
          GRAPH ?g {
            ?article schema:identifier ?id .
            ?t a kgo:TimeExpression ; nif:beginIndex ?begin ; nif:endIndex ?end .
            OPTIONAL { ?t kgo:date ?date }
          }
        }""").rows
    found: dict[str, set[PredictedTime]] = defaultdict(set)
    for article_id, begin, end, value in rows:
        found[str(article_id)].add(PredictedTime(int(begin), int(end), str(value) if value is not None else None))
    return {key: sorted(items, key=lambda p: (p.begin, p.end)) for key, items in found.items()}


def written_with_a_year(text: str) -> bool:
    return bool(_WITH_A_YEAR.search(text))


def score_times(scores: dict[str, Score], gold: list[dict], predicted: list[PredictedTime], errors: list | None = None) -> None:
    """Add one document's counts to `scores` (name -> Score); with `errors`, append each miss
    and each wrong value as (kind, gold text, gold value, kg's value or None)."""

    def score(name: str) -> Score:
        return scores.setdefault(name, Score())

    def overlapping(item: dict) -> list[PredictedTime]:
        return [p for p in predicted if p.begin < item["end"] and item["start"] < p.end]

    for item in gold:
        kind = item["type"]
        hits = overlapping(item)
        exact = any(p.begin == item["start"] and p.end == item["end"] for p in hits)
        for name, hit in ((kind, bool(hits)), (f"{kind} exact", exact)):
            score(name).gold += 1
            score(name).correct_gold += hit
        if errors is not None and not hits:
            errors.append(("missed " + kind, item["text"], item["value"], None))
        if kind == "DATE" and CALENDAR_VALUE.fullmatch(item["value"] or "") and hits:
            name = "value, written with a year" if written_with_a_year(item["text"]) else "value, relative"
            right = any(p.value == item["value"] for p in hits)
            value = score(name)
            value.gold += 1
            value.predicted += 1
            value.correct_gold += right
            value.correct_predicted += right
            if errors is not None and not right:
                errors.append((name, item["text"], item["value"], hits[0].value))
    for candidate in predicted:
        kinds = {g["type"] for g in gold if candidate.begin < g["end"] and g["start"] < candidate.end}
        if kinds and "DATE" not in kinds:
            continue  # a TIME, DURATION or SET found: reported as found in its row, not as a date
        exact = any(candidate.begin == g["start"] and candidate.end == g["end"] for g in gold)
        score("DATE").predicted += 1
        score("DATE").correct_predicted += bool(kinds)
        score("DATE exact").predicted += 1
        score("DATE exact").correct_predicted += exact
        if errors is not None and not kinds:
            errors.append(("spurious", None, None, candidate.value))


@dataclass
class TimexReport:
    gold_file: str
    documents: int
    times: dict = field(default_factory=dict)  # name (see ORDER) -> Score
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"gold_file": self.gold_file, "documents": self.documents, "seconds": round(self.seconds, 1),
                "times": {k: self.times[k].as_dict() for k in ORDER if k in self.times}}

    def format(self) -> str:
        lines = [f"{self.gold_file}: {self.documents} documents, {self.seconds:.0f} s", "",
                 f"{'Time expressions':<28}{'gold':>7}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}"]
        for name in ORDER:
            if name not in self.times:
                continue
            score = self.times[name]
            if name.startswith("value"):  # an accuracy over the found ones: one figure
                lines.append(f"  {name:<26}{score.gold:>7}{'':>7}{'':>8}{score.recall:>8.3f}{'':>8}  (accuracy)")
            elif name.split()[0] != "DATE":  # found or not: kg does not tell the kinds apart
                lines.append(f"  {name:<26}{score.gold:>7}{'':>7}{'':>8}{score.recall:>8.3f}")
            else:
                lines.append(f"  {name:<26}{score.gold:>7}{score.predicted:>7}{score.precision:>8.3f}"
                             f"{score.recall:>8.3f}{score.f1:>8.3f}")
        return "\n".join(lines)


def evaluate_times(gold_file: Path, *, limit: int | None = None) -> TimexReport:
    """Ingest TimeBank's texts with their creation dates into a temporary store and score the
    time expressions the store holds."""

    started = time.perf_counter()
    documents = read_gold(gold_file, limit)
    report = TimexReport(str(gold_file), len(documents))
    with ingested(documents, "published") as store:
        predicted = predicted_times(store)
    for doc in documents:
        score_times(report.times, doc.get("timex", []), predicted.get(doc["id"], []))
    report.seconds = time.perf_counter() - started
    return report
