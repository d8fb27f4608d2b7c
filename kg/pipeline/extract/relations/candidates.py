"""What every group of relation rules shares: the ontology terms and pattern word lists they
name, the article they read, and the candidates they find, each dated and placed as it is added."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from ....lexicon import role_kind, titles
from ....namespaces import KGO
from ....patterns import patterns
from ..model import ASSERTED, NAME, Mention, RelationCandidate, TimeExpression
from ..syntax import SPEECH_VERBS
from ..when import DatedTimes, date_of, index_times

if TYPE_CHECKING:
    from rdflib import URIRef
    from spacy.tokens import Doc, Token


def pattern_words(name: str) -> frozenset[str]:
    """A word list from the pattern files (ontology/patterns/*.json)."""
    return patterns().words[name]


def _term(term: URIRef) -> str:
    """The local name of an ontology term of the closed namespace: what candidates carry."""
    return term[len(KGO._NS):]


(HOLDS_POSITION, LEADER_OF, MEMBER_OF, AFFILIATED_WITH, CITIZEN_OF, BASED_IN, LOCATED_IN, LIVES_IN, BORN_IN, KILLED,
 AT_WAR_WITH, VISITED) = (_term(t) for t in (KGO.holdsPosition, KGO.leaderOf, KGO.memberOf, KGO.affiliatedWith, KGO.citizenOf,
                                             KGO.basedIn, KGO.locatedIn, KGO.livesIn, KGO.bornIn, KGO.killed, KGO.atWarWith,
                                             KGO.visited))
PERSON, ORGANIZATION, PLACE = (_term(t) for t in (KGO.Person, KGO.Organization, KGO.Place))


class Candidates:
    """The relation candidates found in one article, and what adding one needs: the parse and the
    mentions, and the time expressions that date a candidate's event."""

    def __init__(self, doc: Doc, mentions: list[Mention], mention_at: Callable[[Token], int | None],
                 times: tuple[TimeExpression, ...], sentence_of: Callable[[int], int]):
        self.doc = doc
        self.text = doc.text  # doc.text joins every token anew on each read
        self.mentions = mentions
        self.mention_at = mention_at
        self.times = times
        self.sentence_of = sentence_of
        self.found: list[RelationCandidate] = []
        self.names = sorted((m.start, i) for i, m in enumerate(mentions) if m.kind == NAME)

    def add(self, predicate: str, subject: int, obj: int | None, start: int, end: int, rule: str, confidence: float,
            *, modality: str = ASSERTED, position: str | None = None, event: str | None = None,
            trigger: Token | None = None, object_token: Token | None = None, if_place: str | None = None,
            by_subject: tuple[tuple[str, str], ...] = ()) -> None:
        """A candidate between two mentions (by index; `obj` None for a position held), dated and
        placed by its trigger word when it has one."""
        sentence = self.sentence_of(self.mentions[subject].start if trigger is None else trigger.idx)
        date, date_role = self._date(trigger) if trigger is not None else (None, "date")
        self.found.append(
            RelationCandidate(
                predicate=predicate, subject=subject, object=obj, sentence=sentence, start=start, end=end,
                rule=rule, confidence=confidence, modality=modality, position=position, date=date,
                date_role=date_role, place=self._place(trigger, object_token, obj) if trigger is not None else None,
                event=event, trigger=trigger.text if trigger is not None else None, if_place=if_place,
                by_subject=by_subject,
            )
        )

    def _path_up(self, trigger: Token) -> list[Token]:
        """The trigger and the words it hangs from within its own clause, and up through
        reported speech ('Trump said he had a call'), but not out of a subject or relative clause."""
        path, token = [trigger], trigger
        while token.head is not token and len(path) < 8:
            dep = token.dep_
            if dep in ("dobj", "pobj", "prep", "xcomp", "conj", "acl", "attr", "aux", "advcl") or (
                dep == "ccomp" and token.head.lemma_ in SPEECH_VERBS
            ):
                token = token.head
                path.append(token)
            else:
                break
        return path

    def _date(self, trigger: Token) -> tuple[int | None, str]:
        """The time expression that dates the trigger's event: see when.date_of."""
        return date_of(trigger, self._path_up(trigger), self._dated_times, self._path_up)

    @cached_property
    def _dated_times(self) -> DatedTimes:
        return index_times(self.doc, self.times, self.text)

    def _place(self, trigger: Token, object_token: Token | None, object_index: int | None) -> int | None:
        """A place in 'in X' on the trigger, the words it hangs from, or its object: '... a visit
        to NATO headquarters in Belgium', 'meet ..., possibly in Saudi Arabia'."""
        holders = self._path_up(trigger)[:3] + ([object_token] if object_token is not None else [])
        for holder in holders:
            for child in holder.children:
                preps = [child] if child.dep_ == "prep" else [g for g in child.children if g.dep_ == "prep"] if child.dep_ == "advmod" else []
                for prep in preps:
                    if prep.lower_ not in ("in", "at"):
                        continue
                    for pobj in prep.children:
                        index = self.mention_at(pobj)
                        if pobj.dep_ == "pobj" and index is not None and index != object_index:
                            mention = self.mentions[index]
                            if mention.kind == NAME and mention.ner_label in ("GPE", "LOC", "FAC"):
                                return index
        return None


class Rules:
    """A group of rules: it reads the article the candidates come from and adds what it finds."""

    def __init__(self, candidates: Candidates):
        self.doc = candidates.doc
        self.text = candidates.text
        self.mentions = candidates.mentions
        self.mention_at = candidates.mention_at
        self.sentence_of = candidates.sentence_of
        self._add = candidates.add
        self._names = candidates.names

    def listed_with(self, index: int) -> list[int]:
        """The other names of the list a name stands in, of the same kind, each perhaps with its
        title before it: 'A, B and C met X', 'met with A and Turkish Foreign Minister B'. The
        parser often takes such a list for appositions or a compound; the words between the
        names say it is a list (commas and one 'and', nothing but titles besides)."""
        mention = self.mentions[index]
        if mention.kind != NAME or mention.ner_label not in ("PERSON", "ORG"):
            return []  # places have a comma of their own: 'Dayton, Ohio, and Tampa'

        names = self._names
        at = bisect_left(names, (mention.start, index))
        if at >= len(names) or names[at][1] != index:
            return []
        chain, conjoined = [index], False
        for step in (-1, 1):
            position, current = at, index
            while 0 <= position + step < len(names):
                position += step
                other = names[position][1]
                if self.mentions[other].ner_label != mention.ner_label and len(self.mentions[other].text) < 40:
                    continue  # a title's own name: 'Turkish', 'CNN'; the gap below must be all titles
                first, second = (self.mentions[other], self.mentions[current]) if step < 0 else (self.mentions[current], self.mentions[other])
                if self.mentions[other].ner_label != mention.ner_label or first.sentence != second.sentence:
                    break
                gap = _LIST_GAP.fullmatch(self.text[first.end:second.start])
                if gap is None or not _only_titles(gap.group("titles")):
                    break
                conjunction = "and" in gap.group("separator")
                conjoined = conjoined or conjunction
                chain.append(other)
                current = other
                if conjunction and step > 0:
                    break  # 'A, B and C': the list ends after 'and'
        return [i for i in chain if i != index] if conjoined else []

    def _with_appositions(self, tokens: list[Token]) -> list[Token]:
        """Places and the places set beside them: 'Dayton, Ohio' gives Dayton and Ohio."""
        found = []
        for token in tokens:
            found.append(token)
            found += [c for c in token.children if c.dep_ == "appos" and self.mention_at(c) is not None]
        return found


# Between two names of a list: a comma, 'and' (or both), and perhaps the next name's title.
_LIST_GAP = re.compile(r"(?P<separator>,\s*(?:and\s+)?|\s+and\s+)(?P<titles>(?:[\w.'’-]+\s+)*)")


def _only_titles(words: str) -> bool:
    """Whether the words before a name in a list are only its title: capitalized words
    ('Turkish Foreign Minister'), abbreviated titles ('Sen.') and role nouns ('host')."""
    honorifics = {h.lower() for h in titles().honorifics}
    for word in words.split():
        if word.endswith(("'s", "’s")):
            return False  # "and Acme's chief X": a phrase of its own, not a list's next title
        if not (word[0].isupper() or word.lower() in honorifics or role_kind(word.lower()) is not None):
            return False
    return True
