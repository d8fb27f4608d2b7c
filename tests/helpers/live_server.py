"""Start a real `kg serve` process on a port the server itself chooses (--port 0, read back from
its "Listening at" line, so no other process can take the port in between), and stop it
afterwards; and find the processes it started (through /proc, Linux)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent.parent
_LISTENING = re.compile(r"^Listening at (http://\S+:\d+)/$")


@dataclass(frozen=True)
class LiveServer:
    url: str
    store: Path
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)  # what it printed so far (stdout and stderr), line by line

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def processes(self) -> list[int]:
        """The server's query workers and any other process it started, by pid."""
        return descendants(self.process.pid)


@contextmanager
def live_server(store: Path, *options: str, startup_seconds: float = 60):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", *options],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    output: list[str] = []
    found: dict[str, str] = {}
    listening = threading.Event()

    def read() -> None:  # read everything it prints, so that it never blocks on a full pipe
        for line in process.stdout:
            output.append(line.rstrip("\n"))
            match = _LISTENING.match(output[-1])
            if match and not listening.is_set():
                found["url"] = match.group(1)
                listening.set()
        listening.set()  # it ended without saying where it listens

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not listening.wait(startup_seconds) or "url" not in found:
            raise RuntimeError(f"kg serve did not say where it listens: {output}")
        url = found["url"]
        deadline = time.monotonic() + startup_seconds
        # The socket listens from the announcement on: this first request waits until the
        # server has started its workers, and then is answered.
        while True:
            try:
                if httpx.get(url + "/examples", timeout=startup_seconds).status_code == 200:
                    break
            except httpx.TransportError:
                if process.poll() is not None:
                    raise RuntimeError(f"kg serve exited with {process.returncode}: {output}") from None
                time.sleep(0.1)  # refused while it shuts down: poll again for its exit
            if time.monotonic() > deadline:
                raise RuntimeError(f"kg serve did not answer in time: {output}")
        yield LiveServer(url, store, process, output)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(5)


# --- processes, through /proc --------------------------------------------------------------

def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()  # the command name may hold spaces and parentheses
    return fields[0], int(fields[1])


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat and stat[1] == pid and stat[0] != "Z":
                found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    """Children, their children and so on (the workers a forkserver starts are its children)."""
    found, parents = [], [pid]
    while parents:
        found += (new := [child for parent in parents for child in children(parent)])
        parents = new
    return found


def alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"  # a zombie has ended; only its parent's reaping is left
