"""The garbage collector tuned for the language work (executors.language_work_gc) is put back
as it was when an ingest in this process ends: a program that calls kg.ingest keeps its own
settings, and nothing stays frozen out of collections."""

from __future__ import annotations

import gc
import json

import kg
from kg.pipeline.executors import LANGUAGE_WORK_GC_THRESHOLD


def test_an_ingest_in_this_process_leaves_the_collector_as_it_found_it(tmp_path):
    source = tmp_path / "two.jsonl"
    source.write_text("".join(json.dumps({"id": f"gc-{n}", "text": f"Lena Holm opened bridge {n} in Tallinn on Friday."}) + "\n"
                              for n in range(2)), encoding="utf-8")
    before = gc.get_threshold()
    assert before != LANGUAGE_WORK_GC_THRESHOLD
    report = kg.ingest([source], store=tmp_path / "store", jobs=1)
    assert report.count("added") == 2
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
