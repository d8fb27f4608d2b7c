"""Relation candidates from the dependency parse: titles ('Russian President Vladimir
Putin'), appositions ('Olaf Scholz, Germany's chancellor'), verbs ('Trump spoke with
Zelenskyy') and the nouns that name the same events ('a phone call with Putin', 'a visit to
NATO headquarters'), each with its modality, date and place.

The verbs and nouns that state each relation, and the word lists the rules consult, are data:
ontology/patterns/*.json, loaded by kg.patterns. Rules propose; resolution decides. A candidate
names mentions, not entities, and it is kept only if the entities at both ends have the types
the ontology allows.

The rules come in groups, each a module: `roles` (titles, appositions, role phrases), `places`
(where people, organizations and places are), `events` (verbs and event nouns through the
pattern frames). They share one `candidates.Candidates`, which dates and places each candidate
as it is added; RelationFinder runs them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ....patterns import patterns
from ...read.dateline import find_dateline
from ..model import ASSERTED, Mention, RelationCandidate, TimeExpression
from ..syntax import modality, subject_of
from .candidates import KILLED, Candidates, pattern_words
from .events import EventRules
from .places import PlaceRules
from .roles import RoleRules

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["RelationFinder"]

# The rules that read an event from a verb or a noun, as against a name's own title or phrase.
_EVENT_RULES = ("relation:verb", "relation:noun", "relation:at-war", "relation:here", "relation:aside-place")


class RelationFinder:
    """Runs each group of rules over the article, in the order that orders the candidates."""

    def __init__(self, doc: Doc, mentions: list[Mention], mention_at: Callable[[Token], int | None],
                 times: tuple[TimeExpression, ...], sentence_of: Callable[[int], int]):
        self.candidates = Candidates(doc, mentions, mention_at, times, sentence_of)
        self.doc = doc
        self.roles, self.places, self.events = (RoleRules(self.candidates), PlaceRules(self.candidates),
                                                EventRules(self.candidates))

    def find(self) -> tuple[RelationCandidate, ...]:
        self.roles.titled_names()
        self.roles.party_codes()
        verbs, nouns = patterns().verbs, patterns().nouns
        dateline = find_dateline(self.candidates.text)
        story_start = dateline.end if dateline is not None else len(self.candidates.text)
        dateline_place = next((i for i, m in enumerate(self.candidates.mentions) if dateline is not None
                               and m.start == dateline.place_start), None)
        for token in self.doc:
            if token.lower_ == "here" and dateline_place is not None and token.idx >= story_start:
                self.events.here(token, dateline_place)
            if token.lower_ in pattern_words("aside_place_preps") and token.dep_ == "prep":
                self.events.aside_place(token)
            if token.lower_ == "war" and token.head.lower_ == "at":
                self.events.at_war(token)
            elif token.pos_ in ("VERB", "AUX") and token.lemma_ in verbs:
                for frame in verbs[token.lemma_]:
                    if frame.form is None or token.lower_ == frame.form:
                        self.events.verb(token, frame)
            elif token.pos_ == "NOUN" and token.lemma_ in nouns:
                for frame in nouns[token.lemma_]:
                    if frame.predicate == KILLED:
                        self.events.killing_noun(token)
                    else:
                        self.events.noun(token, frame)
            elif token.lemma_ in pattern_words("killer_nouns") and token.pos_ == "NOUN":
                self.events.killer_noun(token)
            elif token.lower_ in ("headquarters", "seat") and token.pos_ == "NOUN":
                self.places.seat(token)
            elif token.lemma_ in pattern_words("home_nouns") and token.pos_ == "NOUN":
                self.places.home(token)
            if token.lower_ in pattern_words("native_nouns") and token.dep_ == "amod":
                self.places.native_place(token)
            elif token.lower_ in pattern_words("native_nouns") and token.dep_ == "compound" and token.i > 0:
                self.places.native_compound(token)
            if token.dep_ == "appos":
                self.roles.apposition(token)
            elif token.dep_ == "attr" and token.pos_ == "NOUN" and token.head.lemma_ == "be":
                subject = subject_of(token.head)
                if subject is not None and modality(token.head) == ASSERTED:
                    self.roles.role_phrase(subject, token, "relation:role-phrase")
                    for role in self.roles.coordinated_roles(token):
                        self.roles.role_phrase(subject, role, "relation:role-phrase")
        self.places.attachments()
        self.places.place_pairs()
        self.places.source_line_outlets()
        return tuple(c for c in self.roles.without_past_titles(self.candidates.found) if not self._asked(c))

    def _asked(self, candidate: RelationCandidate) -> bool:
        """Whether an event's candidate lies in a question: 'Why won't X debate in Ohio?' states
        no debate (nor its refusal). What a name's title says stands even there."""
        if not candidate.rule.startswith(_EVENT_RULES):
            return False
        span = self.doc.char_span(candidate.start, candidate.start + 1, alignment_mode="expand")
        return span is not None and span[0].sent.text.rstrip().rstrip("\"'”’").endswith("?")
