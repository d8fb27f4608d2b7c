"""An installed (non-editable) kg finds its ontology, shapes, queries and lexicons without the
checkout. The wheel is built here and installed into a brand-new virtual environment, which
borrows its dependencies from the environment running the tests — whether that is a virtual
environment or not — so no network is needed."""

import os
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from conftest import SEED

ROOT = Path(__file__).resolve().parent.parent


def running_site_dirs() -> list[str]:
    """Where the running interpreter's packages live. A venv made with system_site_packages
    would see its *base* interpreter's packages instead, which lack kg's dependencies when the
    tests run inside a virtual environment."""
    found = [sysconfig.get_path("purelib"), sysconfig.get_path("platlib"), *site.getsitepackages()]
    if site.ENABLE_USER_SITE:
        found.append(site.getusersitepackages())
    return [p for p in dict.fromkeys(found) if os.path.isdir(p)]


def build_wheel(out: Path) -> Path:
    try:
        import hatchling  # noqa: F401  (kg's build backend, in the dev extra)

        isolation = ["--no-build-isolation"]  # build offline with the backend installed here
    except ImportError:
        isolation = []  # pip fetches the backend from the package index
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", *isolation, "-w", str(out), str(ROOT)],
                   check=True, timeout=600)
    (wheel,) = out.glob("kg-*.whl")
    return wheel


@pytest.mark.slow
def test_installed_wheel_carries_its_data_files(tmp_path):
    wheel = build_wheel(tmp_path / "wheels")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # After the new environment's own site-packages (so the wheel's kg comes first), the running
    # environment's, .pth files included: the dependencies without downloading them.
    lines = "".join(f"import site; site.addsitedir({d!r})\n" for d in running_site_dirs())
    Path(purelib, "zz_outer_environment.pth").write_text(lines, encoding="utf-8")
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)], check=True, timeout=600)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH")}
    probe = ("import kg, kg.resources as r, kg.lexicon as l; print(kg.__file__); "
             "print(r.data_dir('ontology')); print(r.data_dir('shapes')); print(r.data_dir('queries')); "
             "print(len(r.ontology()), len(r.shapes()), len(l.gazetteer().entries), len(l.titles().positions))")
    result = subprocess.run([python, "-c", probe], cwd=elsewhere, env=clean, capture_output=True, text=True,
                            timeout=300, check=True)
    package, ontology_dir, shapes_dir, queries_dir, counts = result.stdout.splitlines()
    assert package.startswith(purelib) and not package.startswith(str(ROOT))  # the wheel, not the checkout
    assert ontology_dir == f"{purelib}/kg/_data/ontology"
    assert shapes_dir == f"{purelib}/kg/_data/shapes"
    assert queries_dir == f"{purelib}/kg/_data/queries"
    assert all(int(n) > 10 for n in counts.split())

    # The installed command, end to end: ingest the seed and answer a competency question.
    kg = env_dir / "bin" / "kg"
    store = tmp_path / "store"
    ingest = subprocess.run([kg, "ingest", str(SEED), "--store", str(store)], cwd=elsewhere, env=clean,
                            capture_output=True, text=True, timeout=600)
    assert ingest.returncode == 0, ingest.stderr
    assert "added as article '000_869b093860f3ba4e'" in ingest.stdout
    answer = subprocess.run([kg, "query", "-f", f"{queries_dir}/cq06.rq", "--store", str(store)], cwd=elsewhere,
                            env=clean, capture_output=True, text=True, timeout=300)
    assert answer.returncode == 0, answer.stderr
    assert "Vladimir Putin" in answer.stdout
