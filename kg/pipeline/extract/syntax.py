"""Small questions asked of spaCy's dependency parse, shared by the extractors."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from ...lexicon import words
from .model import ASSERTED, NEGATED, POSSIBLE

if TYPE_CHECKING:
    from spacy.tokens import Token

# The words are data, ontology/lexicon/speech_verbs.tsv and modality.tsv (what each kind means is
# written there), read the first time a rule asks.
SPEECH_VERBS = words("speech_verbs", "speech")  # introduce what somebody said (or thinks, or promises)
QUOTE_VERBS = words("speech_verbs", "speech", "quote")  # report a quote, also by how it was said ('yelled')
_BACK_VERBS = words("speech_verbs", "back")  # '"...," she shot back'
_HEDGES = words("modality", "hedge")
_MODALS = words("modality", "modal")
_INTENT_VERBS = words("modality", "intent")
_APPEAL_VERBS = words("modality", "appeal")  # 'called for talks', not 'was called to testify'
_NEGATING_VERBS = words("modality", "negating")
_READY_WORDS = words("modality", "ready")  # 'open to talks with', 'ready for a meeting'
_TIME_MARKS = words("modality", "time mark")  # 'when he meets X next month'


def inside(char: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a character offset lies inside one of the (sorted, disjoint) spans."""
    index = bisect_right(spans, char, key=lambda span: span[0]) - 1  # no list of starts per call: quadratic
    return index >= 0 and spans[index][0] <= char < spans[index][1]


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, or the subject it shares with the verb it is coordinated with or
    controlled by ('Trump met Putin and spoke with Zelenskyy', 'Trump wants to meet Putin')."""
    seen = 0
    while verb is not None and seen < 4:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                    return verb.head  # 'Booth, who assassinated Lincoln': who is Booth
                return child
        if verb.dep_ in ("conj", "xcomp", "advcl", "acl", "relcl") and verb.head is not verb:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def agent_subject(verb: Token) -> Token | None:
    """The subject when it is the doer: the 'by' agent of a passive, else the active subject."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            return None
    return subject_of(verb)


def modality(trigger: Token) -> str:
    """asserted, possible ('would probably meet', 'plans to visit', 'if ...') or negated
    ('did not meet', 'refused to meet'), looking at the trigger and the verbs above it."""
    token: Token | None = trigger
    steps, result = 0, ASSERTED
    while token is not None and steps < 4:
        if token.pos_ == "ADJ" and token.lemma_ in _READY_WORDS:
            result = POSSIBLE
        for child in token.children:
            if child.dep_ == "neg" or child.dep_ == "det" and child.lower_ == "no" and token is trigger:
                return NEGATED  # 'did not meet', 'no meeting took place'
            if child.dep_ in ("mark", "advmod") and child.lower_ in _TIME_MARKS and token.tag_ in ("VBZ", "VBP") \
                    and token.dep_ == "advcl":
                result = POSSIBLE
            if child.dep_ == "npadvmod" and (child.lower_ == "tomorrow" or any(g.lower_ == "next" for g in child.children)):
                result = POSSIBLE  # 'meets X next month'

            if child.lower_ in _HEDGES and child.dep_ in ("advmod", "npadvmod"):
                result = POSSIBLE
            if child.dep_ == "aux" and child.lower_ in _MODALS:
                result = POSSIBLE
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                result = POSSIBLE
        if token.dep_ in ("xcomp", "dobj") and token.head.lemma_ in _NEGATING_VERBS:
            return NEGATED  # 'refused to meet', 'cancelled his visit', 'lifted the sanctions'
        if token.dep_ in ("xcomp", "dobj") and token.head.lemma_ in _INTENT_VERBS:
            result = POSSIBLE  # 'plans to meet', 'proposed a meeting'
        if token.dep_ == "prep" and token.lower_ == "for" and token.head.lemma_ in _APPEAL_VERBS:
            result = POSSIBLE  # 'called for talks'
        if token.dep_ == "nsubj" and token.pos_ == "NOUN" and token.head.lemma_ in ("take", "happen", "occur") and any(
                c.dep_ == "neg" for c in token.head.children):
            return NEGATED  # 'the meeting did not take place'

        if token.dep_ not in ("xcomp", "dobj", "pobj", "prep", "conj", "aux"):
            break
        token = token.head if token.head is not token else None
        steps += 1
    return result


def reports_quote(verb: Token) -> bool:
    """Whether a verb outside a quote can report it: a speech verb, a verb of saying loudly or
    in jest ('yelled', 'quipped'), or one with 'back' ('shot back', 'fired back')."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    lemma = verb.lemma_.lower()
    return lemma in QUOTE_VERBS or lemma in _BACK_VERBS and any(
        c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in verb.children)
