"""Logistic models kg ships as data: weights learned offline from a training split (the
bench/build_*_model.py scripts, with scikit-learn) and read here with plain Python, so an
ingest needs no learning library. One file format for all of them: tab-separated rows whose
last field is a weight, the rows `(bias)` and `(threshold)` giving the intercept and cut-off;
lines starting with '#' and the header row (its last field is 'weight') are skipped."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

from ...errors import PatternError

BIAS, THRESHOLD = "(bias)", "(threshold)"


def probability(score: float) -> float:
    """The logistic function, its argument bounded so that exp cannot overflow."""
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, score))))


def weight_rows(path: Path, fields: tuple[str, ...], rebuild: str) -> Iterator[tuple[int, list[str], float]]:
    """(line number, the fields before the weight, the weight) of every row of a model file;
    a file that cannot be read or a row that is not `fields` is refused naming the file, the line
    and the script (`rebuild`) that writes it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise PatternError(f"{path}: cannot read the model ({error}); rebuild it with {rebuild}.") from None
    shape = "<TAB>".join(fields)
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        row = line.split("\t")
        if row[-1] == "weight":  # the header
            continue
        try:
            if len(row) != len(fields):
                raise ValueError
            weight = float(row[-1])
        except ValueError:
            raise PatternError(f"{path}, line {number}: not '{shape}'; rebuild the file with {rebuild}.") from None
        if not math.isfinite(weight):
            raise PatternError(f"{path}, line {number}: the weight is not a number; rebuild the file with {rebuild}.")
        yield number, row[:-1], weight
