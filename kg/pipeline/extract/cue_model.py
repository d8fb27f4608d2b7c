"""The cue lexicon and the learned cue model: which verbs and nouns report what they govern.
The lexicon (ontology/lexicon/cues.tsv) names the known cues; the model, a logistic regression
learned from PolNeAR's training split (ontology/lexicon/cue_model.tsv, bench/build_cue_model.py),
weighs each (cue, content) candidate by the features read here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ...knowledge import read_table
from ...lexicon import lexicon_dir
from ...resources import data_dir
from .logistic import BIAS, THRESHOLD, probability, weight_rows

if TYPE_CHECKING:
    from pathlib import Path

    from spacy.tokens import Token

    from .attribution_syntax import AttributionSyntax, CueLexicon


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    """({verb lemma: kind}, nominal cue nouns, nouns whose prepositional object is content,
    {verb lemma: prepositions whose object is content}, general verbs) from ontology/lexicon/cues.tsv. A verb's
    kind is 'verb' when only a clause it governs is content, 'verb+object' when its object can be
    too; a 'noun' marks the medium ('in a statement'), a 'noun+preposition' a content of its own
    ('his call for a ceasefire'); a 'verb+preposition' row ('point to') names a verb and the
    preposition whose object it reports ('pointed to the deficit'). A 'not-a-cue' row ('have', 'make') is a
    verb too general for the cue model to weigh."""
    verbs: dict[str, str] = {}
    nouns: set[str] = set()
    nominal: set[str] = set()
    prepositions: dict[str, set[str]] = {}
    general: set[str] = set()
    for row in read_table(lexicon_dir() / "cues.tsv", "cues"):
        if row["kind"] == "not-a-cue":
            general.add(row["cue"])
        elif row["kind"] == "noun":
            nouns.add(row["cue"])
        elif row["kind"] == "noun+preposition":
            nominal.add(row["cue"])
        elif row["kind"] == "verb+preposition":
            verb, preposition = row["cue"].split()
            prepositions.setdefault(verb, set()).add(preposition)
        else:
            verbs[row["cue"]] = row["kind"]
    return verbs, frozenset(nouns), frozenset(nominal), {v: frozenset(p) for v, p in prepositions.items()}, \
        frozenset(general)


@dataclass(frozen=True)
class CueModel:
    """A logistic regression over (cue, content) candidates: which verbs report what they
    govern. Its weights, bias and threshold are ontology/lexicon/cue_model.tsv, which
    bench/build_cue_model.py learns from PolNeAR's training split."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def score(self, features: list[str]) -> float:
        return probability(self.bias + sum(self.weights.get(feature, 0.0) for feature in features))

    def keeps(self, features: list[str]) -> bool:
        """Whether a candidate with these features reports something: its score reaches the threshold."""
        return self.score(features) >= self.threshold


CUE_MODEL_FILE = "cue_model.tsv"


@lru_cache(maxsize=1)
def cue_model() -> CueModel | None:
    """The cue model, read once per process; None when the file is not there (rules alone)."""
    path = data_dir("ontology") / "lexicon" / CUE_MODEL_FILE
    return read_cue_model(path) if path.exists() else None


def read_cue_model(path: Path) -> CueModel:
    """Read a cue model file (kg/pipeline/extract/logistic.py's format): `feature<TAB>weight` rows."""
    weights, bias, threshold = {}, 0.0, 0.5
    for _, (feature,), weight in weight_rows(path, ("feature", "weight"), "bench/build_cue_model.py"):
        if feature == BIAS:
            bias = weight
        elif feature == THRESHOLD:
            threshold = weight
        else:
            weights[feature] = weight
    return CueModel(weights, bias, threshold)


def verb_features(syntax: AttributionSyntax, cue: Token, content: tuple[int, int], shape: str) -> list[str]:
    """What the cue model weighs: the cue's lemma and how it stands in its sentence, the
    shape and length of its content, and who its subject is."""
    lemma = cue.lemma_.lower()
    kind = syntax.verbs.get(lemma) or ("verb+preposition" if lemma in syntax.verb_prepositions else "none")
    words = len(syntax.text[content[0]:content[1]].split())
    length = "1" if words <= 1 else "2-3" if words <= 3 else "4-8" if words <= 8 else "9-20" if words <= 20 else "21+"
    subject = syntax.source(cue)
    if subject is None:
        who = "none"
    elif subject.pos_ == "PRON":
        who = "pron:" + subject.lower_
    elif subject.ent_type_:
        who = "ent:" + subject.ent_type_
    else:
        who = "noun:" + subject.pos_
    marks = {c.lower_ for clause in cue.children if clause.dep_ in ("ccomp", "xcomp")
             for c in clause.children if c.dep_ == "mark"}
    quoted = syntax.style(*content)
    features = [
        f"lemma={lemma}", f"lex={kind}", f"shape={shape}", f"lemma={lemma}|shape={shape}", f"kind={kind}|shape={shape}",
        f"len={length}", f"shape={shape}|len={length}", f"tag={cue.tag_}", f"dep={cue.dep_}", f"subject={who}",
        f"subject={who.split(':')[0]}|shape={shape}", f"style={quoted}", f"lemma={lemma}|tag={cue.tag_}",
        f"headdep={cue.head.dep_ if cue.head is not cue else 'self'}",
    ]
    features += [f"mark={m}" for m in marks]
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in cue.children):
        features.append("modal")
    if any(c.dep_ == "auxpass" for c in cue.children):
        features.append("passive")
    if cue.dep_ in ("xcomp", "ccomp", "advcl", "relcl", "acl", "conj") and cue.head is not cue:
        features.append(f"headlemma={cue.head.lemma_.lower()}")
    return features


def nominal_features(syntax: AttributionSyntax, noun: Token, content: tuple[int, int], shape: str) -> list[str]:
    """What the cue model weighs for a noun: its lemma and how it stands, the shape and length
    of its content, and whether it has a possessor."""
    lemma = noun.lemma_.lower()
    words = len(syntax.text[content[0]:content[1]].split())
    length = "1" if words <= 1 else "2-3" if words <= 3 else "4-8" if words <= 8 else "9-20" if words <= 20 else "21+"
    possessor = next((c for c in noun.children if c.dep_ == "poss"), None)
    features = [f"noun={lemma}", f"noun={lemma}|shape={shape}", f"shape={shape}", f"len={length}",
                f"shape={shape}|len={length}", f"lex={'noun+preposition' if lemma in syntax.nominal else 'none'}|{shape}",
                f"noundep={noun.dep_}", f"possessor={'none' if possessor is None else possessor.pos_}"]
    if noun.dep_ in ("dobj", "pobj") and noun.head is not noun:
        features.append(f"nounhead={noun.head.lemma_.lower()}")
    return features
