"""CPU seconds of `kg ingest` per article for two checkouts of kg, on the DWIE development texts
(written to a temporary JSON Lines file, never into the repository), best of N runs each.

    python bench/ingest_cpu.py BEFORE_CHECKOUT AFTER_CHECKOUT [RUNS]

Used for issue 15's "ingest time per article grows at most 10 %": the runs alternate between
the two checkouts, so a busy machine slows both alike."""

import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "eval-data" / "dwie.dev.jsonl"


def cpu_of_ingest(code: str, corpus: str, store: str) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["nice", "-n", "5", sys.executable, "-m", "kg", "ingest", corpus, "--store", store, "-q"],
                   env={**os.environ, "PYTHONPATH": code}, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    checkouts, runs = sys.argv[1:3], int(sys.argv[3]) if len(sys.argv) > 3 else 3
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.jsonl")
        count = 0
        with open(corpus, "w", encoding="utf-8") as out:
            for line in GOLD.open(encoding="utf-8"):
                out.write(json.dumps({"id": f"a{count}", "text": json.loads(line)["text"], "published": "2020-01-01"}) + "\n")
                count += 1
        best = {code: float("inf") for code in checkouts}
        for run in range(runs):
            for code in checkouts:
                best[code] = min(best[code], cpu_of_ingest(code, corpus, os.path.join(tmp, f"store{run}{len(code)}{hash(code)}")))
        for code in checkouts:
            print(f"{code}: {best[code]:.1f} s CPU for {count} articles, {best[code] / count * 1000:.0f} ms per article")
        first, second = (best[c] for c in checkouts)
        print(f"change: {100 * (second - first) / first:+.1f} %")


if __name__ == "__main__":
    main()
