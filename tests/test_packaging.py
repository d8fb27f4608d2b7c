"""An installed (non-editable) kg finds its ontology, shapes and lexicons without the checkout."""

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_installed_wheel_carries_its_data_files(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(ROOT)],
                   check=True, timeout=600)
    (wheel,) = wheels.glob("kg-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)  # dependencies from this environment
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)], check=True, timeout=600)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = ("import kg.resources as r, kg.lexicon as l; "
             "print(r.data_dir('ontology')); print(r.data_dir('shapes')); "
             "print(len(r.ontology()), len(r.shapes()), len(l.gazetteer().entries), len(l.titles().positions))")
    result = subprocess.run([python, "-c", probe], cwd=elsewhere, capture_output=True, text=True, timeout=300, check=True)
    ontology_dir, shapes_dir, counts = result.stdout.splitlines()
    assert str(env_dir) in ontology_dir and ontology_dir.endswith("kg/_data/ontology")
    assert str(env_dir) in shapes_dir
    assert all(int(n) > 10 for n in counts.split())
