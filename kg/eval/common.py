"""What every evaluator shares: precision, recall and F1 counts (Score), gold JSON Lines read
with their offsets kept on the stripped text, and the gold texts ingested by kg into a
temporary store."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .. import api
from ..api import Store
from ..errors import InputError


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    correct_gold: int = 0  # gold items found
    correct_predicted: int = 0  # predictions that match a gold item

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.correct_gold += other.correct_gold
        self.correct_predicted += other.correct_predicted

    def as_dict(self) -> dict:
        return {"gold": self.gold, "predicted": self.predicted, "found": self.correct_gold,
                "correct": self.correct_predicted, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@contextmanager
def ingested(documents: list[dict], published_field: str, title_field: str | None = None) -> Iterator[Store]:
    """The gold documents' texts ingested by kg into a temporary store, opened read-only; with
    `title_field`, each with its headline, as a user's JSON Lines give it."""
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as folder:
        texts = Path(folder) / "texts.jsonl"
        with texts.open("w", encoding="utf-8") as out:
            for doc in documents:
                record = {"id": doc["id"], "text": doc["text"], "published": doc.get(published_field)}
                if title_field is not None:
                    record["title"] = doc.get(title_field)
                out.write(json.dumps(record) + "\n")
        store_path = Path(folder) / "store"
        api.ingest([texts], store=store_path)
        with api.open_store(store_path, read_only=True) as store:
            yield store


def read_gold(path: Path, limit: int | None) -> list[dict]:
    documents = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                doc["id"], doc["text"]  # noqa: B018 - required fields
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise InputError(f"{path}, line {number}: not a gold document ({error}).") from None
            doc.setdefault("entities", [])
            lead = len(doc["text"]) - len(doc["text"].lstrip())
            if lead:  # kg reads the text stripped; move the gold offsets with it
                doc = _shifted(doc, -lead)
            doc["text"] = doc["text"].strip()
            documents.append(doc)
            if limit is not None and len(documents) >= limit:
                break
    return documents


_OFFSET_KEYS = {"start", "end", "content_start", "content_end", "source_start", "source_end", "cue_start", "cue_end"}


def _shifted(value: object, delta: int) -> object:
    if isinstance(value, dict):
        return {k: (v + delta if k in _OFFSET_KEYS and isinstance(v, int) else
                    [[a + delta, b + delta] for a, b in v] if k == "content_fragments" and v else _shifted(v, delta))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_shifted(v, delta) for v in value]
    return value
