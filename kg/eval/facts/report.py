"""The facts report: the scores, strict beside lenient, as JSON and as text tables, and the
cases behind them to read."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...namespaces import short_iri
from ..common import Score
from .gold import MODALITIES

MATCHINGS = ("strict", "lenient")


@dataclass
class Identity:
    """One node per real entity, for one type (lenient matching)."""

    gold: int = 0  # gold entities
    split: int = 0  # gold entities that two or more nodes of their article match
    nodes: int = 0  # judged nodes of kg
    unmatched: int = 0  # nodes that match no gold entity
    other_type: int = 0  # of those, named as a gold entity of another type
    merged: int = 0  # nodes that match two or more gold entities

    def add(self, other: Identity) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def non_entity_rate(self) -> float:
        return self.unmatched / self.nodes if self.nodes else 0.0

    def as_dict(self) -> dict:
        return {"gold": self.gold, "split": self.split, "nodes": self.nodes, "unmatched": self.unmatched,
                "other_type": self.other_type, "merged": self.merged, "non_entity_rate": round(self.non_entity_rate, 4)}


@dataclass(frozen=True)
class Case:
    """One error, to read: kind, article, what."""

    kind: str  # see CASE_KINDS
    article: str
    what: str


CASE_KINDS = ("split", "merged", "unmatched", "split in the store", "missed entity", "missed relation", "wrong relation")


def _table(scores: dict[str, Score]) -> dict:
    return {"all": _total(scores).as_dict(), **{k: v.as_dict() for k, v in sorted(scores.items())}}


def _total(scores: dict[str, Score]) -> Score:
    total = Score()
    for score in scores.values():
        total.add(score)
    return total


@dataclass
class FactsReport:
    gold_file: str
    documents: int
    entities: dict[str, dict[str, Score]] = field(default_factory=lambda: {m: {} for m in MATCHINGS})  # matching -> type
    relations: dict[str, dict[str, Score]] = field(default_factory=lambda: {m: {} for m in MATCHINGS})  # -> predicate
    modalities: dict[str, dict[str, Score]] = field(default_factory=lambda: {m: {} for m in MATCHINGS})  # -> modality
    dates: dict[str, Score] = field(default_factory=lambda: {m: Score() for m in MATCHINGS})  # accuracy: found / gold
    identity: dict[str, Identity] = field(default_factory=dict)  # type -> counts
    store_nodes: dict[str, set[str]] = field(default_factory=dict)  # gold name (loose) -> IRIs it matches anywhere
    cases: list[Case] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def names(self) -> int:
        """Distinct gold names (canonical, in the loose form) over the file."""
        return len(self.store_nodes)

    @property
    def names_split(self) -> int:
        """Gold names that nodes of two or more IRIs match, across the store."""
        return sum(len(iris) > 1 for iris in self.store_nodes.values())

    def all_cases(self) -> list[Case]:
        split = [Case("split in the store", "*", f"{name}: {', '.join(sorted(map(short_iri, iris)))}")
                 for name, iris in sorted(self.store_nodes.items()) if len(iris) > 1]
        return [*self.cases, *split]

    def identity_total(self) -> Identity:
        total = Identity()
        for counts in self.identity.values():
            total.add(counts)
        return total

    def modality_names(self) -> list[str]:
        """The guide's modalities in its order, then any other kg gives (none today)."""
        found = set(self.modalities["lenient"])
        return [m for m in MODALITIES if m in found] + sorted(found - set(MODALITIES))

    def as_dict(self) -> dict:
        return {
            "gold_file": self.gold_file, "documents": self.documents, "seconds": round(self.seconds, 1),
            "entities": {m: _table(self.entities[m]) for m in MATCHINGS},
            "identity": {"all": self.identity_total().as_dict(), **{k: v.as_dict() for k, v in sorted(self.identity.items())},
                         "store": {"names": self.names, "split": self.names_split}},
            "relations": {m: _table(self.relations[m]) for m in MATCHINGS},
            "modalities": {m: {k: self.modalities[m].get(k, Score()).as_dict() for k in self.modality_names()}
                           for m in MATCHINGS},
            "dates": {m: {"gold": self.dates[m].gold, "right": self.dates[m].correct_gold,
                          "accuracy": round(self.dates[m].recall, 4)} for m in MATCHINGS},
        }

    def format(self, show: int = 0) -> str:
        """The scores as tables, strict beside lenient; with `show`, up to that many cases of
        each kind of error."""
        lines = [f"{self.gold_file}: {self.documents} documents, {self.seconds:.0f} s",
                 "strict: the exact class and the canonical name, the same modality; lenient: places as one type,",
                 "any name or alias (case, accents, punctuation, 'the' aside), the modality not compared.", ""]
        for title, scores, order in (("Entities", self.entities, None), ("Relations", self.relations, None),
                                     ("Relations by modality", self.modalities, self.modality_names())):
            lines += self._side_by_side(title, scores, order) + [""]
        lines += self._identity_lines() + [""]
        strict, lenient = self.dates["strict"], self.dates["lenient"]
        lines.append(f"Dates of the relations found that have a gold date: strict {strict.correct_gold} of "
                     f"{strict.gold} ({strict.recall:.3f}), lenient {lenient.correct_gold} of {lenient.gold} "
                     f"({lenient.recall:.3f})")
        if show:
            cases = self.all_cases()
            for kind in CASE_KINDS:
                found = [c for c in cases if c.kind == kind]
                if found:
                    lines += ["", f"{kind} ({len(found)}):"]
                    lines += [f"  {c.article}: {c.what}" for c in found[:show]]
        return "\n".join(lines)

    @staticmethod
    def _side_by_side(title: str, scores: dict[str, dict[str, Score]], order: list[str] | None) -> list[str]:
        strict, lenient = scores["strict"], scores["lenient"]
        keys = order if order is not None else sorted(lenient)
        width = max(14, len(title) - 2, *(len(k) for k in keys))
        lines = [f"{'':<{width + 16}}{'strict':>24}  |{'lenient':>23}",
                 f"{title:<{width + 2}}{'gold':>7}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}  |{'P':>7}{'R':>8}{'F1':>8}"]
        rows = [(k, strict.get(k, Score()), lenient[k]) for k in keys]
        if order is None:
            rows.append(("all (micro)", _total(strict), _total(lenient)))
        for name, s, loose in rows:
            lines.append(f"  {name:<{width}}{loose.gold:>7}{loose.predicted:>7}{s.precision:>8.3f}{s.recall:>8.3f}"
                         f"{s.f1:>8.3f}  |{loose.precision:>7.3f}{loose.recall:>8.3f}{loose.f1:>8.3f}")
        return lines

    def _identity_lines(self) -> list[str]:
        heading = (f"{'One node per entity (lenient)':<30}{'gold':>6}{'split':>7}{'nodes':>7}{'unmatched':>11}"
                   f"{'other type':>12}{'merged':>8}{'non-entity':>12}")
        lines = [heading]
        for name, counts in [*sorted(self.identity.items()), ("all", self.identity_total())]:
            lines.append(f"  {name:<28}{counts.gold:>6}{counts.split:>7}{counts.nodes:>7}{counts.unmatched:>11}"
                         f"{counts.other_type:>12}{counts.merged:>8}{counts.non_entity_rate:>12.3f}")
        lines.append(f"  Across the store: {self.names_split} of {self.names} gold names stand for two or more nodes.")
        return lines
