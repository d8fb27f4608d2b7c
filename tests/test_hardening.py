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
