"""A real Oxigraph server on loopback, for the tests that use a SPARQL 1.1 server as the store.
The server binds a port of the system's choosing (port 0), read back from its listening socket:
no other process can take the port between choosing it and binding it, and the port listening is
the signal that the server is up (requests wait in its backlog until it accepts them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

START_SECONDS = 30  # a bound for a broken install, not a timing check


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"  # where pip puts the oxigraph package's server
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def listening_ports(pid: int) -> set[int]:
    """The TCP ports process `pid` listens on, from Linux's /proc: its sockets' inodes matched
    with the listening rows (state 0A) of the kernel's socket tables."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed since the listing
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            if fields[3] == "0A" and fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """An Oxigraph server keeping its data at `location`, as its URL; stopped on leaving."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.fail("The oxigraph server is missing: pip install -e '.[dev]' installs it.")
    log = location.with_name(location.name + ".log")
    with log.open("wb") as errors:  # a file, not a pipe nobody reads, which a chatty server could fill
        process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", "127.0.0.1:0"],
                                   stdout=subprocess.DEVNULL, stderr=errors)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the oxigraph server did not start: {log.read_text(errors='replace')[:500]}")
            if ports := listening_ports(process.pid):  # an exited, unreaped process lists no socket
                break
            time.sleep(0.05)
        (port,) = ports
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
