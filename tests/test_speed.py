"""What keeps an ingest cheap without any timing: a re-ingest of articles already stored with
the same text never loads the language model (not even spaCy's import), in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import json, sys
import kg
from kg.pipeline.nlp import model_loaded
report = kg.ingest([sys.argv[1]], store=sys.argv[2])
print(json.dumps({"outcomes": dict(report.outcomes), "model_loaded": model_loaded(),
                  "spacy_imported": "spacy" in sys.modules}))
"""


def ingest_in_fresh_process(corpus: Path, store: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    child = subprocess.run([sys.executable, "-c", _CHILD, str(corpus), str(store)], capture_output=True, text=True,
                           env=env, check=True)
    return json.loads(child.stdout.strip().splitlines()[-1])


def test_re_ingesting_unchanged_articles_never_loads_the_model(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"note-{n}", "text": text}) + "\n" for n, text in enumerate([
        "The harbour board of Eastport approved a new ferry timetable on Monday.",
        "Mayor Ada Quill said the bridge repairs would finish before the winter.",
    ])), encoding="utf-8")
    first = ingest_in_fresh_process(corpus, tmp_path / "store")
    assert first == {"outcomes": {"added": 2}, "model_loaded": True, "spacy_imported": True}
    again = ingest_in_fresh_process(corpus, tmp_path / "store")
    assert again == {"outcomes": {"unchanged": 2}, "model_loaded": False, "spacy_imported": False}
