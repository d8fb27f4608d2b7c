"""By hand: how `kg serve` holds up against a memory-hungry query and a crowd of slow ones.

    PYTHONPATH=$PWD python bench/serve_limits.py [STORE]

Starts a real `kg serve` on a loopback port over STORE (default: the seed article, ingested
into a temporary folder), then measures
  1. the CONCAT query (a string doubled 30 times): its HTTP status, the time to the answer and
     the peak resident memory of the server's processes while it ran;
  2. 50 slow queries sent at once: how long `GET /` takes while they run.
Prints one line per figure; README quotes them."""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from live_server import live_server  # noqa: E402

CONCAT = ("SELECT (STRLEN(?s30) AS ?n) WHERE { BIND(\"0123456789abcdef\" AS ?s0) "
          + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(30)) + " }")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def largest_child_rss(pid: int) -> int:
    """The largest resident size, in bytes, among the descendants of a process (Linux /proc)."""
    parents, sizes = {}, {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        child = int(status.parent.name)
        parents[child] = int(fields.get("PPid", "0"))
        sizes[child] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    largest = 0
    for child, size in sizes.items():
        ancestor = parents.get(child)
        while ancestor and ancestor != pid:
            ancestor = parents.get(ancestor)
        if ancestor == pid:
            largest = max(largest, size)
    return largest


def main() -> None:
    if len(sys.argv) > 1:
        store = Path(sys.argv[1])
    else:
        import kg

        store = Path(tempfile.mkdtemp(prefix="kg-bench-")) / "store"
        kg.ingest([ROOT / "seeds" / "000_869b093860f3ba4e.txt"], store=store)
    with live_server(store, "--timeout", "10") as server:
        peak = [0]
        done = threading.Event()

        def watch():
            while not done.is_set():
                peak[0] = max(peak[0], largest_child_rss(server.process.pid))
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        started = time.monotonic()
        response = httpx.post(server.sparql, data={"query": CONCAT}, timeout=120)
        seconds = time.monotonic() - started
        done.set()
        watcher.join()
        print(f"CONCAT query ({len(CONCAT)} chars): HTTP {response.status_code} after {seconds:.1f} s; "
              f"peak worker RSS {peak[0] / 2**20:.0f} MiB; answer: {response.text.strip()[:120]!r}")

        time.sleep(3)  # let a replaced worker start
        results: list[int] = []

        def slow():
            try:
                results.append(httpx.post(server.sparql, data={"query": SLOW}, timeout=120).status_code)
            except httpx.HTTPError:
                results.append(-1)

        crowd = [threading.Thread(target=slow) for _ in range(50)]
        for thread in crowd:
            thread.start()
        time.sleep(1.0)
        started = time.monotonic()
        page = httpx.get(server.url + "/", timeout=120)
        page_seconds = time.monotonic() - started
        for thread in crowd:
            thread.join()
        statuses = {status: results.count(status) for status in sorted(set(results))}
        print(f"GET / under 50 concurrent slow queries: HTTP {page.status_code} in {page_seconds:.2f} s; "
              f"the queries' statuses: {statuses}")


if __name__ == "__main__":
    main()
