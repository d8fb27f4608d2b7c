"""The outputs the README prints are what kg prints: each `$ kg query`, `$ kg list` and
`$ kg remove` in its examples is run on a store of the seed and compared line by line, and the
ingest summary of "Two commands" likewise (its timing aside)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.interfaces.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SEED = "seeds/000_869b093860f3ba4e.txt"


def _examples() -> list[tuple[str, list[str]]]:
    """Each `$ kg …` command of the README's unlabelled code blocks with the lines printed after it
    (kg eval is left out: it needs ../shared and minutes)."""
    found, blocks, current, language = [], [], None, None
    for line in README.splitlines():
        if line.startswith("```"):
            if current is None:
                current, language = [], line[3:].strip()
            else:
                if not language:
                    blocks.append("\n".join(current))
                current = None
        elif current is not None:
            current.append(line)
    for block in blocks:
        command, output = None, []
        for line in block.splitlines() + ["$ end"]:
            if line.startswith("$ "):
                if command and not command.startswith("kg eval"):
                    found.append((command, output))
                command, output = line[2:], []
            else:
                output.append(line.rstrip())
    return found


EXAMPLES = _examples()


def test_the_readme_has_the_examples_this_test_checks():
    commands = [command.split()[1] for command, _ in EXAMPLES]
    assert commands.count("query") >= 4 and "list" in commands and "remove" in commands


@pytest.fixture
def seed_copy(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    store = tmp_path / "store"
    result = CliRunner().invoke(app, ["ingest", SEED, "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store, result.stdout


def test_the_printed_outputs_are_what_kg_prints(seed_copy):
    store, _ = seed_copy
    runner = CliRunner()
    for command, expected in EXAMPLES:
        words = shlex.split(re.sub(r"\s+#.*$", "", command), comments=False)
        result = runner.invoke(app, [*words[1:], "--store", str(store)])
        assert result.exit_code == 0, (command, result.output)
        assert [line.rstrip() for line in result.stdout.splitlines()] == expected, command


def test_the_ingest_summary_is_what_kg_prints(seed_copy):
    _, printed = seed_copy
    block = re.search(r"The first prints what it found:\n\n```\n(.*?)```", README, re.DOTALL).group(1).splitlines()
    lines = printed.splitlines()
    assert lines[:-1] == block[:-1]
    assert lines[-1].split(" in ")[0] == block[-1].split(" in ")[0]  # "1 article (1 added)", the seconds aside


def test_the_readme_counts_the_competency_questions():
    count = len(list((ROOT / "queries").glob("cq*.rq")))
    assert f"the seed's {count} competency questions" in README
