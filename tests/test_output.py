"""Safe writes: `-o PATH` replaces a regular file only when everything was written, writes
through a symlink to its target, writes into FIFOs and devices without replacing them; a full
disk or a closed pipe ends with one line (or, for the pipe, quietly) and an exit code, never a
traceback. Real files, a real FIFO, /dev/full, real pipes and real kg processes."""

import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from kg.interfaces.cli import app

runner = CliRunner()
GOOD = b"@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"  # what a user had before


def kg_process(*args, store: Path, **popen):
    """kg in a process of its own, the way a shell runs it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "kg", *args, "--store", str(store)], env=env, timeout=300, **popen)


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".partial")]


def triples(data: bytes) -> int:
    return len(list(ox.parse(data, format=ox.RdfFormat.TURTLE)))


@pytest.fixture(scope="module")
def seed_turtle(seed_store, tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("export") / "seed.ttl"
    result = runner.invoke(app, ["export", "-o", str(path), "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    return path.read_bytes()


def test_a_new_file_gets_the_export_with_the_usual_permissions(seed_store, seed_turtle, tmp_path):
    target = tmp_path / "graph.ttl"
    result = runner.invoke(app, ["export", "-o", str(target), "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == seed_turtle and triples(seed_turtle) > 1000
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not a temporary file's 0o600
    assert leftovers(tmp_path) == []


def test_replacing_a_file_keeps_its_permissions_and_owner(seed_store, seed_turtle, tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_bytes(GOOD)
    target.chmod(0o640)
    owner = (target.stat().st_uid, target.stat().st_gid)
    if os.geteuid() == 0:
        os.chown(target, 1234, 1234)  # root rewriting another user's export
        owner = (1234, 1234)
    assert runner.invoke(app, ["export", "-o", str(target), "--store", str(seed_store)]).exit_code == 0
    assert target.read_bytes() == seed_turtle
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert (target.stat().st_uid, target.stat().st_gid) == owner


def test_a_symlink_is_written_through_to_its_target(seed_store, seed_turtle, tmp_path):
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "graph.ttl"
    target.write_bytes(GOOD)
    link = tmp_path / "latest.ttl"
    link.symlink_to(target)
    result = runner.invoke(app, ["export", "-o", str(link), "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)  # the link stays a link
    assert target.read_bytes() == seed_turtle
    assert leftovers(tmp_path) == [] and leftovers(tmp_path / "data") == []


def test_a_dangling_symlink_creates_its_target(seed_store, seed_turtle, tmp_path):
    link = tmp_path / "latest.ttl"
    link.symlink_to(tmp_path / "new.ttl")
    assert runner.invoke(app, ["export", "-o", str(link), "--store", str(seed_store)]).exit_code == 0
    assert link.is_symlink() and (tmp_path / "new.ttl").read_bytes() == seed_turtle


def test_a_fifo_is_written_into_and_stays_a_fifo(seed_store, seed_turtle, tmp_path):
    fifo = tmp_path / "graph.fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = runner.invoke(app, ["export", "-o", str(fifo), "--store", str(seed_store)])
    reader.join(timeout=120)  # a bound for a broken build (the reader would wait for ever), not a timing check
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received == [seed_turtle]
    assert leftovers(tmp_path) == []


def test_a_character_device_is_written_into_and_never_replaced(seed_store, tmp_path):
    # A private /dev/null (same device numbers) in tmp_path: the real one is never put at risk.
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    result = runner.invoke(app, ["export", "-o", str(null), "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.stat().st_mode) and null.stat().st_rdev == os.makedev(1, 3)
    assert leftovers(tmp_path) == []


@pytest.fixture
def full_device(tmp_path) -> Path:
    """A device on which every write fails with ENOSPC: as root a private copy of /dev/full in
    tmp_path, so that a regression (replacing the device by a file) cannot break the machine's."""
    private = tmp_path / "full"
    try:
        os.mknod(private, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        return private
    except PermissionError:
        pass
    if not os.path.exists("/dev/full") or os.access("/dev", os.W_OK):
        pytest.skip("needs Linux's /dev/full, and root to copy it")
    return Path("/dev/full")


@pytest.mark.parametrize("command", [["export"], ["viz", "Vladimir Putin"]])
def test_output_to_a_full_device_is_one_line_and_the_device_stays(seed_store, full_device, command):
    result = kg_process(*command, "-o", str(full_device), store=seed_store, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {full_device}: cannot write (No space left on device); free some space or write elsewhere."]
    assert stat.S_ISCHR(full_device.stat().st_mode)


@pytest.mark.parametrize("command", [
    ["export"],
    ["export", "--format", "jsonld"],
    ["query", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"],
    ["show", "Vladimir Putin", "--json"],
    ["list"],
    ["stats"],
])
def test_standard_output_on_a_full_disk_is_one_line_not_a_traceback(seed_store, full_device, command):
    with open(full_device, "wb") as full:
        result = kg_process(*command, store=seed_store, stdout=full, stderr=subprocess.PIPE, text=True)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        "Error: standard output: cannot write (No space left on device); free some space or write elsewhere."]


@pytest.mark.parametrize("command", [["export"], ["query", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"], ["list"]])
def test_a_closed_pipe_ends_quietly_with_the_sigpipe_code(seed_store, command):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before kg writes a byte, as in `kg export | head -c1`
    try:
        result = kg_process(*command, store=seed_store, stdout=write_end, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write_end)
    assert result.returncode == 141
    assert result.stderr == ""


def test_a_store_error_keeps_the_good_file(seed_store, tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_bytes(GOOD)
    result = runner.invoke(app, ["export", "-o", str(target), "--article", "no-such-article", "--store", str(seed_store)])
    assert result.exit_code != 0 and "no-such-article" in result.output
    missing = runner.invoke(app, ["export", "-o", str(target), "--store", str(tmp_path / "no-store")])
    assert missing.exit_code == 6
    assert target.read_bytes() == GOOD
    assert leftovers(tmp_path) == []


def test_a_write_failing_midway_keeps_the_good_file(seed_store, tmp_path):
    """The file-size limit makes the disk refuse the export after 4 KiB, a real EFBIG midway."""
    target = tmp_path / "graph.ttl"
    target.write_bytes(GOOD)

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = kg_process("export", "-o", str(target), store=seed_store, capture_output=True, text=True,
                        preexec_fn=small_files)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {target}: cannot write (File too large); the file is larger than this system allows."]
    assert target.read_bytes() == GOOD
    assert leftovers(tmp_path) == []


def test_a_folder_in_the_way_is_refused_and_kept(seed_store, tmp_path):
    folder = tmp_path / "graph.ttl"
    folder.mkdir()
    (folder / "inside.txt").write_text("kept")
    result = runner.invoke(app, ["export", "-o", str(folder), "--store", str(seed_store)])
    assert result.exit_code == 1
    assert f"{folder}: is a folder; give a file name" in result.output
    assert (folder / "inside.txt").read_text() == "kept" and leftovers(tmp_path) == []


def test_a_missing_folder_is_named(seed_store, tmp_path):
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "nowhere" / "graph.ttl"), "--store", str(seed_store)])
    assert result.exit_code == 1
    assert f"the folder {tmp_path / 'nowhere'} does not exist; create it first." in result.output


def test_viz_replaces_its_file_only_when_written(seed_store, tmp_path):
    page = tmp_path / "putin.html"
    page.write_bytes(b"old page")
    link = tmp_path / "latest.html"
    link.symlink_to(page)
    result = runner.invoke(app, ["viz", "Vladimir Putin", "-o", str(link), "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and page.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert leftovers(tmp_path) == []
