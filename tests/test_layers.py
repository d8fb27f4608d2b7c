"""The package layout is the architecture: interfaces → eval → api → ingest | views → store →
pipeline → base, arrows pointing down only; interfaces and the evaluation harness reach stores
and the pipeline only through kg.api; views and stores never run the pipeline; the pipeline's
steps import one way; no two sibling modules import each other. The contracts live in
pyproject.toml ([tool.importlinter]); import-linter checks them."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    executable = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(executable), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(CONTRACTS)} kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "broken"), [
    # a view that runs a pipeline step
    ("kg/views/probe.py", "from ..pipeline.extract import syntax\n", "Views read stores"),
    # the CLI opening a store itself instead of asking kg.api
    ("kg/interfaces/probe.py", "from ..store import embedded\n", "only through the library API"),
    # a store that imports the pipeline
    ("kg/store/probe.py", "from ..pipeline import rdf\n", "Stores keep graphs"),
    # a pipeline step that imports a later one
    ("kg/pipeline/read/probe.py", "from kg.pipeline import validate\n", "The pipeline's steps"),
    # two siblings importing each other
    ("kg/views/probe_cycle.py", "from . import stats\n", "No import cycles"),
])
def test_contracts_refuse_an_import_against_the_layout(tmp_path, module, line, broken):
    copy = tmp_path / "checkout"
    shutil.copytree(ROOT / "kg", copy / "kg", ignore=shutil.ignore_patterns("__pycache__", "web", "_data"))
    probe = copy / module
    probe.write_text(line, encoding="utf-8")
    if module.endswith("probe_cycle.py"):  # and stats imports the probe back
        stats = copy / "kg/views/stats.py"
        stats.write_text(stats.read_text(encoding="utf-8") + "\nfrom . import probe_cycle  # noqa\n", encoding="utf-8")
    result = lint_imports(copy)
    assert result.returncode != 0
    assert re.search(rf"{re.escape(broken)}.*BROKEN", result.stdout.replace("\n", " ")), result.stdout
