"""Knowledge is data: no module of kg names a word list of more than five words; word lists live
in ontology/lexicon/ or ontology/patterns/ and are read by the loaders (kg/knowledge.py,
kg/lexicon.py, kg/patterns.py). A word list here is a list, tuple, set or dict literal holding
more than five word-like strings (a dict by its keys, when its values are constants), a string
of more than five words split with .split(), or a regular expression's group of more than five
alternative words. Lists of spaCy's labels (dependency labels, tags) are the parse's vocabulary,
not English, and pass; the few lists of other names below say why they are no word lists."""

import ast
import re
from pathlib import Path

from spacy.glossary import GLOSSARY

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 5

LOADERS = {"kg/knowledge.py", "kg/lexicon.py", "kg/patterns.py"}

# (module, the name the literal is bound to or the function it stands in): why it is no word list.
NOT_WORD_LISTS = {
    ("kg/namespaces.py", "NODE_KINDS"): "the path segments of kg's own IRIs",
    ("kg/views/export.py", "SUFFIXES"): "export format names and their file suffixes",
    ("kg/eval/attributions.py", "ORDER"): "the rows of kg eval's report, in order",
    ("kg/eval/times.py", "ORDER"): "the rows of kg eval's report, in order",
    ("kg/eval/facts/report.py", "CASE_KINDS"): "the kinds of cases kg eval's facts report lists",
    ("kg/pipeline/extract/timex.py", "_trimmed.known"): "kinds of ontology/lexicon/time_words.tsv",
    ("kg/interfaces/cli/app.py", "STORE_READERS"): "the kg commands that only read a store",
    ("kg/views/query.py", "_KEYWORDS"): "SPARQL 1.1's keywords, from its grammar",
    ("kg/views/query.py", "_FUNCTIONS"): "SPARQL 1.1's built-in functions, from its grammar",
}

_WORD = re.compile(r"[A-Za-z'][A-Za-z'. -]*")
_ALTERNATION = re.compile(r"\(\?:([^()]*)\)")
_PLAIN_ALTERNATIVE = re.compile(r"(?:\[[A-Za-z]{2}\])?[A-Za-z' \\.-]+")


def _words(strings) -> list[str]:
    """The word-like strings, none when all of them are spaCy's labels ('dobj', 'xcomp')."""
    words = [s for s in strings if isinstance(s, str) and _WORD.fullmatch(s)]
    return [] if all(w in GLOSSARY for w in words) else words


def _constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) or isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant)


def _constant_strings(nodes) -> list:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _owner(parents: dict, node: ast.AST) -> str:
    """Where a literal stands: the functions (or classes) around it and the name it is bound to,
    dotted ('_trimmed.known', 'ORDER')."""
    names: list[str] = []
    while node in parents:
        node = parents[node]
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and not names:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name)][:1]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.insert(0, node.name)
    return ".".join(names) or "<module>"


def word_lists(source: str) -> list[tuple[int, str, list[str]]]:
    """(line, owner, words) of every word list of more than LIMIT words in a module's source."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        words: list[str] = []
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            words = _words(_constant_strings(node.elts))
        elif isinstance(node, ast.Dict) and all(_constant(v) for v in node.values):
            words = _words(_constant_strings(k for k in node.keys if k is not None))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split" \
                and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str):
            words = _words(node.func.value.value.split())
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "|" in node.value:
            for group in _ALTERNATION.findall(node.value):
                plain = [a for a in group.split("|") if _PLAIN_ALTERNATIVE.fullmatch(a)]
                if len(plain) > len(words):
                    words = plain
        if len(words) > LIMIT and _owner(parents, node) != "__all__":
            found.append((node.lineno, _owner(parents, node), words))
    return found


def _modules():
    for path in sorted((ROOT / "kg").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if "_data" not in path.parts and name not in LOADERS:
            yield name, path


def test_no_module_outside_the_loaders_names_a_word_list():
    offending = [f"{name}:{line} {owner}: {', '.join(words[:LIMIT + 1])} ..."
                 for name, path in _modules()
                 for line, owner, words in word_lists(path.read_text(encoding="utf-8"))
                 if (name, owner) not in NOT_WORD_LISTS]
    assert not offending, "move these word lists to ontology/lexicon/ and read them with kg.lexicon:\n" + "\n".join(offending)


def test_the_exceptions_are_still_there():
    # An exception whose list is gone (or renamed) is dropped here too, so the list stays honest.
    found = {(name, owner) for name, path in _modules() for _, owner, _ in word_lists(path.read_text(encoding="utf-8"))}
    assert set(NOT_WORD_LISTS) <= found, sorted(set(NOT_WORD_LISTS) - found)


def test_the_check_finds_word_lists_in_every_form():
    source = '''
HEDGES = {"probably", "possibly", "perhaps", "maybe", "likely", "reportedly"}
STEPS = {"next": 1, "following": 1, "after": 1, "previous": -1, "preceding": -1, "before": -1}
PARTICLES = "al el bin ibn ben bint".split()
FORMER = re.compile(r"\\b(?:[Ff]ormer|[Ee]x-|[Tt]hen-|[Ll]ate|[Oo]utgoing|[Oo]netime)\\s*")
def modal(token):
    return token.lower_ in ("would", "could", "might", "may", "will", "should")
'''
    assert sorted(owner for _, owner, _ in word_lists(source)) == ["FORMER", "HEDGES", "PARTICLES", "STEPS", "modal"]


def test_short_lists_parse_labels_and_names_of_things_are_no_word_lists():
    source = '''
MARKS = ("if", "unless", "whether")
__all__ = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
STEPS = ("dobj", "pobj", "prep", "xcomp", "conj", "acl", "attr", "aux", "advcl")
TYPES = {"application/json": "x", "application/xml": "y", "text/xml": "z", "text/csv": "a", "text/tab": "b", "text/html": "c"}
'''
    assert word_lists(source) == []
