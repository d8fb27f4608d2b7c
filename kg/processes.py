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
        except ValueError:
            pass  # the watching thread still does it
        else:
            _signal_on_parent_death(signal.SIGUSR1)
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
    """How a capped child ended: its exit code, or the signal that ended it, and what native code
    wrote on its standard error (held back, so that a crash's noise need not reach the user)."""

    exit_code: int | None
    signal: int | None
    stderr: bytes

    @property
    def out_of_memory(self) -> bool:
        return out_of_memory(self.exit_code, self.signal, self.stderr)


# What native code says on standard error as it aborts for want of memory: Rust's allocator, C++'s
# (a failed `new`), and a thread whose stack could not be mapped under the cap (RocksDB's, spaCy's).
_ALLOCATION_FAILED = (b"memory allocation of", b"std::bad_alloc", b"Resource temporarily unavailable")


def out_of_memory(exit_code: int | None, signal_number: int | None, stderr: bytes | None = None) -> bool:
    """Whether a process under a memory cap ended for want of memory, by the one rule kg has for
    its capped children and kg serve's workers: Python's MemoryError (exit MEMORY_EXIT), the
    kernel's OOM killer (SIGKILL), or an allocation that failed in native code, which aborts
    (SIGABRT): when the process's standard error was kept (`stderr`), only if it says so."""
    if exit_code == MEMORY_EXIT or signal_number == signal.SIGKILL:
        return True
    if signal_number == signal.SIGABRT:
        return stderr is None or any(said in stderr for said in _ALLOCATION_FAILED)
    return False


def exit_code_out_of_memory(exitcode: int | None) -> bool:
    """out_of_memory for a process's exit code as multiprocessing gives it (-N: ended by signal N),
    whose standard error was not kept; None, no exit code, is a worker the cap ended before it
    could be read."""
    if exitcode is None:
        return True
    return out_of_memory(exitcode if exitcode >= 0 else None, -exitcode if exitcode < 0 else None)


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
    this process. The child writes to standard output, and from Python to standard error, as
    this process would (a progress bar still sees the terminal); what native code writes to
    standard error (Rust's "memory allocation of N bytes failed" before it aborts, RocksDB's
    complaints) is held in a file and handed back. `work` returns the exit code. Call before
    anything opens a store or starts a thread: a fork copies open files, not threads."""
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
                _hold_native_stderr(held.fileno())
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


def _hold_native_stderr(held: int) -> None:
    """Point file descriptor 2 at `held`, and sys.stderr at a copy of the standard error it was."""
    own = os.dup(2)
    os.dup2(held, 2)
    previous = sys.stderr
    sys.stderr = open(own, "w", encoding=getattr(previous, "encoding", None) or "utf-8",  # noqa: SIM115  (the child's stderr until it exits)
                      errors=getattr(previous, "errors", None) or "backslashreplace", buffering=1)


def _killed_with_parent(parent: int) -> None:
    """SIGKILL from the kernel when the parent ends: it forked this child from its main thread,
    which lives as long as it does, and SIGKILL needs no Python to run (a Rust call holding the
    interpreter could not run a handler). Elsewhere, die_with_parent's watching thread."""
    if not _signal_on_parent_death(signal.SIGKILL):
        die_with_parent()
        return
    if os.getppid() != parent:  # it ended before the kernel was asked
        os._exit(1)


def _signal_on_parent_death(signum: int) -> bool:
    """Ask the kernel (Linux's prctl PR_SET_PDEATHSIG) to send this process `signum` when the
    thread that started it ends; whether it could be asked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


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
