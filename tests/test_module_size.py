"""One job per module: no module of kg over 500 lines unless its docstring says why ("Over 500
lines: ..."), and kg serve's modules under 400 lines each, without exception."""

import ast
from pathlib import Path

KG = Path(__file__).resolve().parent.parent / "kg"
LIMIT = 500
SERVE_LIMIT = 400


def _modules():
    return sorted(path for path in KG.rglob("*.py") if "_data" not in path.parts)


def test_long_modules_say_why_they_are_long():
    unexplained = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") <= LIMIT:
            continue
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if "over 500 lines:" not in docstring.lower():
            unexplained.append(f"{path.relative_to(KG.parent)} ({text.count(chr(10))} lines)")
    assert not unexplained, "split these, or say in their docstring why not: " + ", ".join(unexplained)


def test_serve_modules_are_short():
    serve = [path for path in _modules() if path.relative_to(KG).parts[:2] == ("interfaces", "serve")
             or path.name.startswith("serve")]
    assert serve, "kg serve's modules not found"
    long = [f"{p.relative_to(KG.parent)} ({p.read_text(encoding='utf-8').count(chr(10))} lines)"
            for p in serve if p.read_text(encoding="utf-8").count("\n") > SERVE_LIMIT]
    assert not long, long
