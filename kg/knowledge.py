"""How kg reads what it knows: every file under ontology/lexicon/ and ontology/patterns/ is
read here, one way for each form, and checked against its schema (ontology/schemas/
NAME.schema.json, JSON Schema 2020-12), as spaCy checks its pattern files:

- a word list (.txt): one entry a line; blank lines and lines starting with '#' are skipped;
- a table (.tsv): tab-separated, no quoting; '#' lines and blank lines skipped, the first other
  line the header; each row is checked as an object of its columns;
- a JSON file, checked as it is.

A file that cannot be read or breaks its schema raises PatternError (or the error the caller
names, InputError for the user's own files) naming the file, the line or place, what is wrong
and the schema. kg.lexicon and kg.patterns turn the checked rows into what the pipeline uses;
this module knows nothing of their meaning."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Set
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import KgError, PatternError
from .limits import MAX_TABLE_FILE_BYTES, read_text_file
from .resources import data_dir

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

_Item = TypeVar("_Item")


def schemas_dir() -> Path:
    return data_dir("ontology") / "schemas"


@cache
def schema(name: str) -> dict:
    """The schema ontology/schemas/NAME.schema.json, itself checked against JSON Schema's own."""
    from jsonschema.validators import validator_for  # 0.2 s to import: only when a file is first read

    path = schemas_dir() / f"{name}.schema.json"
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PatternError(f"{path}: not a readable schema ({error}).") from None
    validator_for(found).check_schema(found)
    return found


@cache
def _validator(name: str) -> Validator:
    from jsonschema.validators import validator_for

    found = schema(name)
    return validator_for(found)(found)


def _text(path: Path, error: type[KgError]) -> str:
    # Through the bounded reader: a user's gazetteer may name /dev/zero or a FIFO.
    return read_text_file(path, MAX_TABLE_FILE_BYTES, "data file", error=error)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of every line that is neither blank nor a '#' comment."""
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def read_list(path: Path, schema_name: str = "word_list", *, error: type[KgError] = PatternError) -> tuple[str, ...]:
    """The entries of a word list, in file order, each stripped of surrounding space."""
    numbered = [(number, line.strip()) for number, line in _lines(_text(path, error))]
    entries = [entry for _, entry in numbered]
    check(entries, schema_name, path, lines=[number for number, _ in numbered], error=error)
    return tuple(entries)


@dataclass(frozen=True)
class Table:
    """A table's header and rows (column -> field; a short row lacks its last columns), with
    the line each row stands on."""

    path: Path
    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    lines: tuple[int, ...]

    def __iter__(self) -> Iterator[dict[str, str]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def read_table(path: Path, schema_name: str, *, error: type[KgError] = PatternError) -> Table:
    """A tab-separated table, its header checked against the columns the schema's rows have
    and every row against the schema."""
    numbered = list(_lines(_text(path, error)))
    if not numbered:
        raise error(f"{path}: empty; a table needs a header row ({_schema_file(schema_name)}).")
    columns = tuple(numbered[0][1].split("\t"))
    row_schema = schema(schema_name).get("items", {})
    missing = [c for c in row_schema.get("required", ()) if c not in columns]
    if missing:
        raise error(f"{path}: {', '.join(missing)} missing from the header (tab-separated: "
                    f"{_column_list(row_schema)}); see {_schema_file(schema_name)}.")
    unknown = [c for c in columns if c not in row_schema.get("properties", {})]
    if unknown and row_schema.get("additionalProperties") is False:
        raise error(f"{path}: the header names {', '.join(map(repr, unknown))}, which is no column of this table "
                    f"({_column_list(row_schema)}); see {_schema_file(schema_name)}.")
    if len(set(columns)) != len(columns):
        raise error(f"{path}: the header names a column twice; see {_schema_file(schema_name)}.")
    rows, lines = [], []
    for number, line in numbered[1:]:
        fields = line.split("\t")
        if len(fields) > len(columns):
            raise error(f"{path}, line {number}: {len(fields)} tab-separated fields, the header has {len(columns)}; "
                        "remove the extra tab.")
        rows.append(dict(zip(columns, fields, strict=False)))  # a short row lacks its last columns
        lines.append(number)
    check(rows, schema_name, path, lines=lines, error=error)
    return Table(path, columns, tuple(rows), tuple(lines))


def read_json(path: Path, schema_name: str, *, error: type[KgError] = PatternError) -> Any:
    """A JSON file, checked against the schema."""
    try:
        data = json.loads(_text(path, error))
    except json.JSONDecodeError as problem:
        raise error(f"{path}: not valid JSON ({problem}); fix its syntax.") from None
    check(data, schema_name, path, error=error)
    return data


def check(data: Any, schema_name: str, path: Path, *, lines: list[int] | None = None,
          error: type[KgError] = PatternError) -> None:
    """Raise `error` naming the file and the first place where `data` breaks the schema. With
    `lines`, data is a list read from a file's lines and places are given as line numbers."""
    from jsonschema.exceptions import best_match

    found = list(_validator(schema_name).iter_errors(data))
    if not found:
        return
    first = min(_position(e) for e in found)
    problem = best_match(e for e in found if _position(e) == first)
    where = str(path)
    place = list(problem.absolute_path)
    if lines is not None and place and isinstance(place[0], int):
        where += f", line {lines[place[0]]}"
        place = place[1:]
    message = problem.schema.get("message") if isinstance(problem.schema, dict) else None
    if lines is not None and len(place) == 1:
        if not message:  # a schema's own message says which field it is about
            where += f", column '{place[0]}'"
    elif place:
        where += ", at " + "/".join(map(str, place))
    text = message.format(value=repr(problem.instance)) if message else problem.message
    raise error(f"{where}: {text}; see {_schema_file(schema_name)}.")


def _position(problem: ValidationError) -> tuple[tuple[int, int | str], ...]:
    """Where an error lies, comparable: the index of the row or item first, in file order."""
    return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in problem.absolute_path)


def _schema_file(name: str) -> str:
    return f"ontology/schemas/{name}.schema.json"


def _column_list(row_schema: dict) -> str:
    return ", ".join(row_schema.get("properties", {}))


def alternation(words: Iterable[str], *, capitalized: bool = False) -> str:
    """A regular expression matching any of `words` (longest first, escaped); with
    `capitalized`, each also with its first letter in upper case ('[Ff]ormer')."""
    def one(word: str) -> str:
        if capitalized and word[:1].isalpha():
            return f"[{word[0].upper()}{word[0].lower()}]{re.escape(word[1:])}"
        return re.escape(word)

    return "|".join(one(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


class LazyWords(Set[str]):
    """A set of words read from data the first time it is asked: a module can name it when it
    is imported (SPEECH_VERBS) without kg reading and checking files for a command that never
    uses them, as NLTK's lazy corpus loaders do. Behaves as a frozenset."""

    def __init__(self, load: Callable[[], Iterable[str]]):
        self._load = load

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(self._load())

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def __iter__(self) -> Iterator[str]:
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)

    def __repr__(self) -> str:
        return f"LazyWords({sorted(self.words)!r})"

    @classmethod
    def _from_iterable(cls, iterable: Iterable[_Item]) -> frozenset[_Item]:
        return frozenset(iterable)


class LazyRegex:
    """A regular expression built from data the first time it is used (see LazyWords)."""

    def __init__(self, build: Callable[[], str], flags: int = 0):
        self._build, self._flags = build, flags

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self._build(), self._flags)

    def search(self, string: str, *args: int) -> re.Match[str] | None:  # args: pos, endpos
        return self.compiled.search(string, *args)

    def match(self, string: str, *args: int) -> re.Match[str] | None:
        return self.compiled.match(string, *args)

    def fullmatch(self, string: str, *args: int) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, *args)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)
