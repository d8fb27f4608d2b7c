"""Worker processes that end with the process that started them: kg's language workers and kg
serve's query workers both ask for it."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
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
