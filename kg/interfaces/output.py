"""Writing kg's output without harming what is already there.

`open_output(path)` is how every `-o FILE` is written. A regular file (or a name not yet taken)
gets the content through a temporary file in the same folder, flushed to disk and renamed over
it only when everything was written, so a failed write never replaces a good file. A symlink is
written through: its target gets the content, replaced the same way, and the link stays. A FIFO
or a character or block device (`/dev/null`, a terminal) is written into directly and never
replaced. `guarded_stdout()` does the same service for standard output, which cannot be replaced:
a write error becomes an OutputError and a closed pipe an OutputClosed, instead of a traceback.

A hand-written ~100 lines rather than a library: `atomicwrites` is archived, and none of the
others leaves FIFOs and devices in place."""

from __future__ import annotations

import errno
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, TypeVar, cast

from ..errors import OutputClosed, OutputError

STANDARD_OUTPUT = "standard output"

_Result = TypeVar("_Result")

_HINTS = {
    errno.ENOSPC: "; free some space or write elsewhere",
    errno.EDQUOT: "; free some space or write elsewhere",
    errno.EFBIG: "; the file is larger than this system allows",
    errno.EACCES: "; choose a place you may write to",
    errno.EPERM: "; choose a place you may write to",
    errno.EROFS: "; choose a place you may write to",
}


def output_error(name: str, error: OSError) -> OutputError:
    """The domain error for an OSError met while writing `name`: a closed pipe (EPIPE) is the
    reader going away, everything else a failure to report."""
    if isinstance(error, BrokenPipeError) or error.errno == errno.EPIPE:
        return OutputClosed(f"{name}: the reader closed the pipe.")
    reason = error.strerror or str(error)
    hint = _HINTS.get(error.errno, "") if error.errno is not None else ""
    return OutputError(f"{name}: cannot write ({reason}){hint}.")


class _Guarded:
    """A stream whose write errors become kg's domain errors, so that only errors of the output
    itself are reported as such (the store's own OSErrors stay what they are). The first error
    sticks: a caller that swallows it (click probes streams with empty writes) does not make the
    next write look successful."""

    def __init__(self, stream: IO[Any], name: str, on_error: Callable[[], None] | None = None,
                 failure: list[OutputError] | None = None):
        self._stream, self._name, self._on_error = stream, name, on_error
        self._failure = failure if failure is not None else []  # shared with .buffer

    def _call(self, method: Callable[..., _Result], *args: Any) -> _Result:
        if self._failure:
            raise self._failure[0]
        try:
            return method(*args)
        except OSError as error:
            self._failure.append(output_error(self._name, error))
            if self._on_error is not None:
                self._on_error()
            raise self._failure[0] from None

    def write(self, data: str | bytes) -> int:
        return self._call(self._stream.write, data)

    def flush(self) -> None:
        return self._call(self._stream.flush)

    @property
    def buffer(self) -> _Guarded:
        return _Guarded(cast(TextIO, self._stream).buffer, self._name, self._on_error, self._failure)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._stream, attribute)


@contextmanager
def open_output(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary stream for `path`, written as the module says. Leaving the block with an
    exception keeps whatever was at `path` and removes the temporary file."""
    path = Path(path)
    name = str(path)
    try:
        found = os.stat(path)  # follows symlinks, /dev/stdout and /proc/self/fd/N included
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise output_error(name, error) from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise OutputError(f"{name}: is a folder; give a file name, e.g. {path / 'graph.ttl'}.")
    if found is not None and not stat.S_ISREG(found.st_mode):
        # A FIFO, a device or a socket: its reader expects the bytes; replacing it would break it.
        try:
            handle = open(path, "wb")
        except OSError as error:
            raise output_error(name, error) from None
        with _closing(handle, name):
            yield _guarded_binary(handle, name)
        return
    yield from _replace_atomically(path, found)


def _replace_atomically(path: Path, found: os.stat_result | None) -> Iterator[BinaryIO]:
    name = str(path)
    target = Path(os.path.realpath(path))  # a symlink is written through: its target is replaced
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"{name}: the folder {folder} does not exist; create it first.")
    temporary = folder / f".{target.name}.{secrets.token_hex(4)}.partial"
    try:
        # 0o666 less the umask, as for any new file; an existing file's permissions are kept below.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise output_error(name, error) from None
    handle = os.fdopen(descriptor, "wb")
    try:
        if found is not None:
            try:
                os.chmod(descriptor, stat.S_IMODE(found.st_mode))
            except OSError as error:
                raise output_error(name, error) from None
            if (found.st_uid, found.st_gid) != (os.geteuid(), os.getegid()):
                try:  # root replacing a user's file leaves it the user's
                    os.fchown(descriptor, found.st_uid, found.st_gid)
                except OSError:
                    pass  # not ours to give away: the file becomes the writer's, as with any rewrite
        yield _guarded_binary(handle, name)
        try:
            handle.flush()
            os.fsync(descriptor)
            handle.close()
            os.replace(temporary, target)
        except OSError as error:
            raise output_error(name, error) from None
        _sync_folder(folder)
    finally:
        if not handle.closed:
            try:
                handle.close()
            except OSError:
                pass  # the write already failed; that failure is the one to report
        temporary.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    # The rename is durable once the folder's entry is on disk; best effort (not every file
    # system lets a folder be opened for fsync).
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _guarded_binary(handle: BinaryIO, name: str) -> BinaryIO:
    # A stand-in for the file: what it does not wrap (write, flush) it passes on to the file.
    return cast(BinaryIO, _Guarded(handle, name))


@contextmanager
def _closing(handle: BinaryIO, name: str) -> Iterator[None]:
    try:
        yield
        try:
            handle.close()
        except OSError as error:
            raise output_error(name, error) from None
    finally:
        if not handle.closed:
            try:
                handle.close()
            except OSError:
                pass


@contextmanager
def guarded_stdout() -> Iterator[None]:
    """Within the block, writes to sys.stdout (text or .buffer) that fail raise OutputError or
    OutputClosed; the block's output is flushed before it ends, so no error is left for the
    interpreter's exit."""
    original = sys.stdout
    sys.stdout = _Guarded(original, STANDARD_OUTPUT, on_error=lambda: _abandon(original))
    try:
        yield
        sys.stdout.flush()
    finally:
        sys.stdout = original


def _abandon(stream: TextIO) -> None:
    # What could not be written stays in the stream's buffer, and Python would try again at exit
    # and print a second error; the real standard output is pointed at /dev/null instead
    # (Python's own advice for SIGPIPE). Only for the process's own stdout, never a test's.
    if stream is not sys.__stdout__:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


class TerminalStream:
    """A binary stream in front of a terminal: what is written to it is shown through
    for_terminal (line ends and tabs kept; JSON kept valid with `json`), so an exported literal
    holding ESC cannot drive the terminal. UTF-8 split between writes, and a carriage return
    that may start a CRLF, wait for the next write."""

    def __init__(self, terminal: BinaryIO, *, json: bool = False):
        import codecs

        self._terminal, self._json = terminal, json
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="backslashreplace")
        self._held = ""

    def write(self, data: bytes) -> int:
        self._show(self._decoder.decode(bytes(data)))
        return len(data)

    def flush(self) -> None:
        self._terminal.flush()

    def close(self) -> None:
        """Show what was held back (the last bytes, if they were cut), and flush."""
        self._show(self._decoder.decode(b"", final=True), final=True)
        self.flush()

    def _show(self, text: str, final: bool = False) -> None:
        from ..escapes import for_terminal

        text, self._held = self._held + text, ""
        if text.endswith("\r") and not final:
            text, self._held = text[:-1], "\r"
        if text:
            self._terminal.write(for_terminal(text, keep_newlines=True, keep_tabs=True, json=self._json).encode("utf-8"))
