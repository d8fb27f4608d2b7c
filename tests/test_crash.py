"""Crash safety: `kg ingest` killed with SIGKILL at random points of a batch leaves every article
whole or absent, and running the batch again completes it."""

import random
import signal
import subprocess
import sys
import time

import pytest

import kg

from helpers.graphs import store_dataset

TEXTS = [
    "Olaf Scholz met Emmanuel Macron in Paris on Monday. \u201cWe agree,\u201d Scholz said.",
    "Russia and Ukraine have been at war since February 2022.",
    "Angela Merkel had a phone call with Joe Biden on Wednesday.",
    "German Chancellor Olaf Scholz visited Warsaw. He met Polish President Andrzej Duda.",
]


def graphs_by_name(path):
    with kg.KnowledgeStore(path, read_only=True) as store:
        dataset = store_dataset(store)
    return {str(g.identifier): {t for t in g} for g in dataset.graphs() if len(g)}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    for number in range(24):
        (folder / f"article-{number:02d}.txt").write_text(f"date 2025-02-{number % 27 + 1:02d} " + TEXTS[number % len(TEXTS)] + f" Story {number}.")
    reference = folder.parent / "reference-store"
    kg.ingest([folder], store=reference)
    return folder, graphs_by_name(reference)


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(3))
def test_killed_ingest_leaves_whole_articles_and_resumes(tmp_path, batch, trial):
    folder, reference = batch
    store = tmp_path / "store"
    process = subprocess.Popen([sys.executable, "-m", "kg", "ingest", str(folder), "--store", str(store)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    # Standard error is not a terminal: its first progress line comes once the first batch is stored.
    first_line = process.stderr.readline()
    assert first_line.startswith("Ingesting: "), first_line
    # Then a kill at a point of the rest of the run (parsing, writing, linking: about a second on
    # a laptop) that each trial chooses; a kill after the end is a trial of nothing, not a failure.
    time.sleep(random.Random(trial).uniform(0.0, 1.0))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()

    stored = graphs_by_name(store)
    assert stored, "nothing was stored before the kill"
    for name, triples in stored.items():
        assert triples == reference[name], f"{name} is half-written"
    report = kg.ingest([folder], store=store)
    assert report.count("refused") == 0
    assert graphs_by_name(store) == reference
