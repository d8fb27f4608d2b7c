"""A local process pool (`--jobs N`) leaves nothing behind once its ingest ends: the forkserver
its workers fork from, which holds a loaded model, ends with it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import kg


def forkservers_of_this_process() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state, parent pid, ...
        if int(fields[1]) == os.getpid() and fields[0] != "Z" and b"forkserver" in cmdline:
            found.append(int(entry.name))
    return found


def test_the_forkserver_ends_with_the_ingest(tmp_path):
    source = tmp_path / "two.jsonl"
    source.write_text("".join(json.dumps({"id": f"fs-{n}", "text": f"Ilse Brandt opened mill {n} in Tartu on Friday."})
                              + "\n" for n in range(2)), encoding="utf-8")
    report = kg.ingest([source], store=tmp_path / "store", jobs=2)
    assert report.count("added") == 2
    assert forkservers_of_this_process() == []
