"""Issue 26, the second hardening pass: a damaged store read under a memory cap, workers that end
with their parent, a query check that cannot be starved, bounded reads of every file given on
the command line, one escaping function for the terminal, feeds with a DOCTYPE, a nesting limit
before any parser, and the smaller items. Every process a test starts is bounded in time, memory
(a damaged store is read under RLIMIT_AS) and network (loopback only)."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CAP_BYTES = 3 * 2**30  # of address space for every kg run on a damaged store: a failing run cannot take the machine


def run_kg(*args: str, env: dict | None = None, timeout: float = 120, input: str | None = None,
           capped: bool = False) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))

    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=environment,
                          timeout=timeout, input=input, preexec_fn=cap if capped else None)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- A/1: a damaged store ---------------------------------------------------------------------

def zero_block(path: Path) -> None:
    """What the issue did: 20,000 zero bytes at offset 1000 of one table file."""
    with path.open("r+b") as file:
        file.seek(1000)
        file.write(bytes(20000))


def test_zeroed_blocks_in_any_table_file_give_one_line_within_a_memory_cap(seed_store, tmp_path):
    """Each table file of a real store zeroed in turn: `kg list` either reads what it needs
    whole, or says in one line (exit 6) that the store is damaged and names kg validate --deep;
    never a traceback, never all the memory (a file whose zeroed blocks make Oxigraph read
    without end meets the cap, 512 MB here, under an address-space cap of the test's own)."""
    damaged = 0
    for table in sorted(seed_store.glob("*.sst")):
        copy = tmp_path / table.stem
        shutil.copytree(seed_store, copy)
        zero_block(copy / table.name)
        result = run_kg("list", "--store", str(copy), env={"KG_MAX_MEMORY_MB": "512"}, capped=True, timeout=60)
        assert result.returncode in (0, 6), (table.name, result.returncode, result.stderr[-2000:])
        if result.returncode == 6:
            damaged += 1
            line = one_line_error(result)
            assert str(copy) in line and f"kg validate --deep --store {copy}" in line, line
        shutil.rmtree(copy)
    assert damaged, "no zeroed file was noticed"


@pytest.mark.slow
def test_deep_validation_of_zeroed_blocks_is_one_line_within_a_memory_cap(seed_store, tmp_path):
    for table in sorted(seed_store.glob("*.sst")):
        copy = tmp_path / table.stem
        shutil.copytree(seed_store, copy)
        zero_block(copy / table.name)
        for command in (("validate", "--deep"), ("stats",), ("export", "--format", "nquads")):
            result = run_kg(*command, "--store", str(copy), env={"KG_MAX_MEMORY_MB": "512"}, capped=True, timeout=120)
            assert result.returncode in (0, 6), (table.name, command, result.stderr[-2000:])
            if result.returncode == 6:
                assert "kg validate --deep" in one_line_error(result)
        shutil.rmtree(copy)


def test_a_command_over_the_memory_cap_is_one_line(seed_store):
    """The cap holds for any store read, not only a damaged one: a query that builds a huge
    result meets it as one line, exit 6, naming the variable that raises it."""
    sparql = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
              "BIND(CONCAT(STR(?a), STR(?d), STR(?g), STR(?c), STR(?f), STR(?i)) AS ?x) } GROUP BY ?x ORDER BY ?x")
    result = run_kg("query", sparql, "--store", str(seed_store), env={"KG_MAX_MEMORY_MB": "300"}, capped=True, timeout=120)
    assert result.returncode == 6, result.stderr[-2000:]
    assert "KG_MAX_MEMORY_MB" in one_line_error(result)


# --- B/2, C/3, G/7: kg serve ------------------------------------------------------------------

TOKEN = "h26-token"
SLOW_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 1000^4 rows: runs until stopped


def spawned_workers(server) -> list[int]:
    """The server's worker and checker processes (multiprocessing's spawned children)."""
    found = []
    for pid in server.processes():
        try:
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds} s")
        time.sleep(0.05)


def in_background(call) -> threading.Thread:
    def run() -> None:
        try:
            call()
        except Exception:  # noqa: BLE001  (the server is killed under it: any ending will do)
            pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.mark.slow
def test_a_killed_server_leaves_no_update_running_and_the_store_writable(seed_store, tmp_path):
    """kill -9 of `kg serve --allow-update` while an update runs: the update process ends with
    it, and the store takes a write at once (no 'in use by another kg process')."""
    import httpx

    from kg import api

    from helpers.live_server import alive, live_server

    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    update = f"INSERT {{ <http://example.org/a> <http://example.org/n> ?n }} WHERE {{ {SLOW_COUNT} }}"
    with live_server(store, "--allow-update", "--token", TOKEN, "--timeout", "120") as server:
        before = set(server.processes())
        in_background(lambda: httpx.post(server.sparql, data={"update": update}, timeout=150,
                                         headers={"Authorization": f"Bearer {TOKEN}"}))
        wait_until(lambda: set(spawned_workers(server)) - before, 30, "no update process started")
        time.sleep(1.0)  # it has opened the store for writing and runs
        everything = server.processes()
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
        wait_until(lambda: not any(alive(pid) for pid in everything), 5, f"processes {everything} still run")
    api.update("INSERT DATA { GRAPH <https://w3id.org/kg-news/id/graph/note> { <http://example.org/b> rdfs:label 'written' } }",
               store=store)
    assert api.query("ASK { <http://example.org/b> rdfs:label 'written' }", store=store).boolean is True


def client(address: str):
    import httpx

    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)


@pytest.mark.slow
def test_queries_slow_to_check_do_not_starve_another_client(seed_store):
    """Eight clients at one address post queries that take rdflib seconds to read (and the
    issue's query nested 2,000 deep); a user at another address still has `ASK {}` answered
    within a second, again and again."""
    from helpers.live_server import live_server

    slow_to_read = "ASK { FILTER(" + "1+" * 6000 + "1) }"
    nested = "ASK{FILTER(" + "IF(1,1," * 2000 + "1" + ")" * 2000 + ")}"
    with live_server(seed_store, "--timeout", "20", "--max-query", "20000") as server:
        stop = threading.Event()

        def attack(query: str) -> None:
            with client("127.0.0.2") as attacker:
                while not stop.is_set():
                    attacker.post(server.sparql, content=query.encode(), headers={"Content-Type": "application/sparql-query"})

        threads = [in_background(lambda q=(slow_to_read if n % 2 else nested): attack(q)) for n in range(8)]
        try:
            time.sleep(2.0)  # the attack is under way: a checker is busy reading
            with client("127.0.0.3") as user:
                for _ in range(3):
                    started = time.monotonic()
                    answer = user.get(server.sparql, params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"})
                    assert answer.status_code == 200, answer.text
                    assert time.monotonic() - started < 1.0, f"ASK {{}} took {time.monotonic() - started:.1f} s"
                    time.sleep(0.3)
        finally:
            stop.set()
    for thread in threads:
        thread.join(30)


@pytest.mark.slow
def test_a_query_nested_too_deep_is_refused_in_one_line_by_the_endpoint_and_a_killed_worker_is_named(seed_store):
    import httpx

    from helpers.live_server import live_server

    deep = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    with live_server(seed_store, "--timeout", "60", "--max-query", "20000") as server:
        refused = httpx.post(server.sparql, data={"query": deep}, timeout=30)
        assert refused.status_code == 400
        assert refused.text.count("\n") == 1 and "nests 5002 brackets deep" in refused.text, refused.text
        found: dict = {}
        thread = in_background(lambda: found.setdefault("answer", httpx.get(server.sparql, params={"query": SLOW_COUNT}, timeout=90)))
        time.sleep(2.0)  # a worker runs the count
        for pid in spawned_workers(server):
            os.kill(pid, signal.SIGSEGV)
        thread.join(60)
        answer = found["answer"]
        assert answer.status_code == 500, answer.text
        assert "SIGSEGV" in answer.text and "memory" in answer.text, answer.text  # "... (not by its memory limit)"
        assert httpx.get(server.sparql, params={"query": "ASK {}"}, timeout=60).status_code == 200  # replaced


def test_a_query_nested_too_deep_is_refused_in_one_line_by_kg_query(seed_store):
    deep = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    result = run_kg("query", deep, "--store", str(seed_store), timeout=60)
    assert result.returncode == 5, (result.returncode, result.stderr[-500:])
    assert "nests 5002 brackets deep" in one_line_error(result)
