"""kg logs through the standard `logging` module, under the `kg` logger: nothing below a
warning by default, what it does with `kg -v`, and in detail with `kg -vv`, on stderr."""

import logging

from typer.testing import CliRunner

from kg.interfaces.cli import app

runner = CliRunner()


def ingest(tmp_path, *options):
    article = tmp_path / "article.txt"
    article.write_text("Date: March 3, 2025\n\nOskar Lind opened a ferry line in Turku on Monday.\n", encoding="utf-8")
    result = runner.invoke(app, [*options, "ingest", str(article), "--store", str(tmp_path / "store"), "--force"])
    assert result.exit_code == 0, result.output
    return result


def test_verbose_logs_what_kg_does_on_stderr(tmp_path):
    result = ingest(tmp_path, "-v")
    assert "INFO kg.ingest: 1 article(s) read from 1 input(s)" in result.stderr
    assert "INFO kg.store.embedded: store " in result.stderr
    assert "wrote 1 article(s)" in result.stderr
    assert "DEBUG" not in result.stderr
    assert "INFO" not in result.stdout


def test_twice_verbose_logs_in_detail(tmp_path):
    assert "DEBUG kg.ingest: chunk of 1 article(s)" in ingest(tmp_path, "-vv").stderr


def test_without_verbose_nothing_is_logged(tmp_path):
    ingest(tmp_path, "-v")  # a verbose run before leaves nothing behind
    result = ingest(tmp_path)
    assert "INFO" not in result.stderr and "kg.ingest" not in result.stderr
    assert logging.getLogger("kg").getEffectiveLevel() == logging.WARNING
