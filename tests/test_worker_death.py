"""Worker processes die with the process that started them, even when it is killed outright
(SIGKILL runs no clean-up): `kg ingest --jobs 2`'s language workers and `kg serve`'s query
workers. Children are found through /proc (Linux)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers.live_server import alive, descendants, live_server

ROOT = Path(__file__).resolve().parent.parent
DEADLINE_SECONDS = 60  # generous: the check is that they go, not how fast

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds child processes through /proc")


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {DEADLINE_SECONDS} s")
        time.sleep(0.2)


def kill_and_check_children_end(process: subprocess.Popen, expected: int) -> None:
    wait_for(lambda: len(descendants(process.pid)) >= expected, f"{expected} worker processes did not start")
    workers = descendants(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    wait_for(lambda: not any(alive(pid) for pid in workers), f"workers {workers} still run after their parent died")


@pytest.mark.slow
def test_ingest_workers_die_with_a_killed_ingest(tmp_path):
    batch = tmp_path / "batch.jsonl"
    with batch.open("w", encoding="utf-8") as out:
        for n in range(200):
            text = (f"Marta Kovar{n} met Pavel Novak in Prague on Monday. They spoke about bridge number {n} "
                    f"for an hour, and agreed to meet again in Vienna.")
            out.write(json.dumps({"id": f"a{n}", "text": text}) + "\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "kg", "ingest", str(batch), "--jobs", "2", "-q",
                                "--store", str(tmp_path / "store")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        # two language workers, besides multiprocessing's resource tracker and the forkserver
        # the workers fork from
        kill_and_check_children_end(process, 4)
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.slow
def test_query_workers_die_with_a_killed_server(seed_store):
    with live_server(seed_store) as server:
        kill_and_check_children_end(server.process, 2)  # its two query workers (--workers 2), and any helper process
