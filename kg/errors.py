"""The errors kg's library raises. The CLI turns each into one line for the user and an exit
code; anything else escaping is a bug and keeps its traceback."""

from __future__ import annotations

from dataclasses import dataclass


class KgError(Exception):
    """Base of every error a user can cause and fix."""

    exit_code = 1


class InputError(KgError):
    """An input file or article that kg cannot read: missing, empty, binary, wrongly encoded,
    too large or malformed. Raised before anything is written."""

    exit_code = 3


class PatternError(KgError):
    """A file of kg's knowledge that cannot be used: a lexicon file under ontology/lexicon/, a
    relation pattern file under ontology/patterns/ or a learned model file (relation or cue model)
    that is malformed, breaks its schema (ontology/schemas/), or names a property or class the
    ontology does not declare. Raised when the file is loaded."""

    exit_code = 3


@dataclass(frozen=True)
class Violation:
    """One SHACL result in words: which node broke which shape, and how."""

    focus_node: str
    path: str | None
    message: str
    shape: str
    value: str | None = None

    def __str__(self) -> str:
        where = f"{self.focus_node}" + (f" {self.path}" if self.path else "")
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{where}: {self.message}{value} [shape {self.shape}]"


class ShapeViolation(KgError):
    """An article graph (or the store) does not conform to kg's SHACL shapes."""

    exit_code = 4

    def __init__(self, subject: str, violations: list[Violation]):
        self.subject = subject
        self.violations = violations
        first = violations[0] if violations else None
        more = f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""
        super().__init__(f"{subject} does not conform to the shapes: {first}{more}")


class QueryError(KgError):
    """A SPARQL query that does not parse or cannot run."""

    exit_code = 5


class ArticleNotFound(KgError):
    """An article id that the store does not hold."""

    exit_code = 7


class UnknownEntity(QueryError):
    """No entity in the store has this IRI or name, or the name fits several entities.
    `candidates` holds (IRI, label) pairs the user may have meant."""

    def __init__(self, message: str, candidates: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


class StoreError(KgError):
    """The store cannot be opened or written: locked by another process, missing, unreadable."""

    exit_code = 6


class StoreInUse(StoreError):
    """Another process writes to the store (one writer per store folder): wait for it, or use
    another store."""


class DamagedStore(StoreError):
    """The store's database files are missing, truncated or corrupt: it cannot be read whole.
    What to do is restore it from a backup or an export, or ingest the articles into a new store."""


class OutputError(KgError):
    """kg's output cannot be written: the disk is full, the device fails, a folder is in the way,
    no permission. Whatever was at an `-o` path before is kept."""

    exit_code = 1


class OutputClosed(OutputError):
    """The reader of kg's output went away (`kg export | head`): kg stops quietly with the exit
    code a process killed by SIGPIPE has, as other Unix tools do."""

    exit_code = 141
