"""Worker processes that end with the process that started them (kg's language workers, kg
serve's query and update workers, and the capped child a command reads a store in), and that
capped child itself: work run in a fork under a memory limit."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

PARENT_CHECK_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent() -> None:
    """End this worker process when the process that started it ends, however it ends (a
    SIGKILL runs no clean-up, and orphaned workers would wait for work forever). On Linux the
    kernel signals the worker at once (prctl PR_SET_PDEATHSIG); everywhere, a thread checks
    every PARENT_CHECK_SECONDS whether the worker was handed to another parent."""
    import multiprocessing

    # The parent as the parent said it (not getppid, which is already init's if it died first).
    started_by = multiprocessing.parent_process()
    parent = started_by.pid if started_by is not None else os.getppid()
    # A worker a forkserver started is the forkserver's child, not its parent's: it watches the
    # pipe from its parent instead, which the kernel closes when the parent ends (so does a
    # worker whose parent died before this line: the pipe is closed already).
    watch_pipe = started_by is not None and os.getppid() != parent

    def parent_gone() -> bool:
        if watch_pipe and started_by is not None:
            return not started_by.is_alive()
        return os.getppid() != parent

    if sys.platform.startswith("linux") and threading.current_thread() is threading.main_thread():
        # The kernel sends the signal when the *thread* that started this process ends, which
        # may be a short-lived thread of a parent that lives on: only a changed parent ends us.
        def on_parent_death(signum: int, frame: FrameType | None) -> None:
            if parent_gone():
                os._exit(1)

        try:
            signal.signal(signal.SIGUSR1, on_parent_death)
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGUSR1, 0, 0, 0)
        except (OSError, AttributeError, ValueError):
            pass  # the watching thread still does it
    if parent_gone():  # it died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while not parent_gone():
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


MEMORY_EXIT = 125  # how a capped child says that it ran out of the memory it may use (MemoryError)


@dataclass(frozen=True)
class ChildEnd:
    """How a capped child ended: its exit code, or the signal that ended it, and what it wrote
    on standard error (held back, so that a crash's noise need not reach the user)."""

    exit_code: int | None
    signal: int | None
    stderr: bytes

    @property
    def out_of_memory(self) -> bool:
        # Rust aborts (SIGABRT) when an allocation fails; the kernel's OOM killer sends SIGKILL.
        return self.exit_code == MEMORY_EXIT or (self.signal in (signal.SIGABRT, signal.SIGKILL)
                                                 and (self.signal == signal.SIGKILL or b"memory allocation" in self.stderr))


def can_cap_memory() -> bool:
    """Whether run_capped can run work in a child here: a fork, and standard output and error
    that are this process's own files (not the in-memory streams of a test runner)."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return False
    try:
        return sys.stdout.fileno() == 1 and sys.stderr.fileno() == 2
    except (AttributeError, OSError, ValueError):
        return False


def run_capped(work: Callable[[], int], max_bytes: int) -> ChildEnd:
    """Run `work` in a forked child whose memory (RLIMIT_DATA: heap and private mappings, which
    is where Oxigraph's and Python's allocations go) is capped at `max_bytes`, and that dies with
    this process. The child writes to standard output as this process would; its standard error
    is held in a file and handed back. `work` returns the exit code. Call before anything opens
    a store: a fork copies open files, not RocksDB's threads."""
    import resource
    import tempfile
    import traceback

    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    with tempfile.TemporaryFile() as held:
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 1
            try:
                os.dup2(held.fileno(), 2)
                _killed_with_parent(parent)
                _, hard = resource.getrlimit(resource.RLIMIT_DATA)
                limit = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
                resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
                code = work()
            except MemoryError:
                code = MEMORY_EXIT
            except BaseException:  # a bug: its traceback, as the command would have shown it
                traceback.print_exc()
            finally:
                for stream in (sys.stdout, sys.stderr):
                    try:
                        stream.flush()
                    except Exception:  # noqa: S110  (a closed pipe: nothing more can be said)
                        pass
                os._exit(code)
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the child, which ends
        try:
            status = _wait(pid)
        finally:
            signal.signal(signal.SIGINT, previous)
        held.seek(0)
        stderr = held.read()
    if os.WIFSIGNALED(status):
        return ChildEnd(None, os.WTERMSIG(status), stderr)
    return ChildEnd(os.WEXITSTATUS(status), None, stderr)


def _killed_with_parent(parent: int) -> None:
    """SIGKILL from the kernel when the parent ends: it forked this child from its main thread,
    which lives as long as it does, and SIGKILL needs no Python to run (a Rust call holding the
    interpreter could not run a handler). Elsewhere, die_with_parent's watching thread."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            die_with_parent()
        if os.getppid() != parent:  # it ended before the kernel was asked
            os._exit(1)
        return
    die_with_parent()


def _wait(pid: int) -> int:
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:
            continue


def signal_name(number: int) -> str:
    """SIGSEGV for 11: how a worker that a signal ended is reported."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
