"""Relations stated by verbs ('Trump spoke with Zelenskyy') and by the nouns that name the same
events ('a phone call with Putin', 'a visit to NATO headquarters', 'the assassination of X by
Y'), through the frames of ontology/patterns/*.json: who does it, to or with whom, and how sure
the sentence is of it."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from ....patterns import Frame, patterns
from ..model import ASSERTED, NAME, POSSIBLE
from ..syntax import agent_subject, modality, subject_of
from .candidates import AT_WAR_WITH, BASED_IN, BORN_IN, KILLED, LIVES_IN, VISITED, Rules, pattern_words

if TYPE_CHECKING:
    from spacy.tokens import Token

_KILLING = Frame(KILLED, frozenset(), None)


@dataclass(frozen=True)
class _NamesBySentence:
    """The article's names by sentence (their indexes in order), built once per article so that
    'the two leaders' looks at two sentences, not at every mention from the doc's start; `reach`
    is the furthest start of the mentions up to each index, which only grows."""
    reach: list[int]
    by_sentence: dict[int, list[int]]


class EventRules(Rules):
    def killer_noun(self, noun: Token) -> None:
        """'the assassin of X, Y', "X's assassin, Y", 'X's killer Y'."""
        victims = [c for c in noun.children if c.dep_ in ("poss", "compound") and self.mention_at(c) is not None]
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
            victims += [p for p in prep.children if p.dep_ == "pobj" and self.mention_at(p) is not None]
        killers = [c for c in noun.children if c.dep_ == "appos"]
        if noun.dep_ in ("appos", "compound") and self.mention_at(noun.head) is not None:
            killers.append(noun.head)
        if noun.dep_ == "attr":  # 'X was the assassin of Y'
            subject = subject_of(noun.head)
            killers += [subject] if subject is not None else []
        if not killers or not victims:
            killers, victims = self._adjacent_killer(noun)
        for killer in killers:
            self._emit(_KILLING, noun, killer, victims, "relation:killer-noun")

    def _adjacent_killer(self, noun: Token) -> tuple[list[Token], list[Token]]:
        """"X's assassin, Y" and "X's killer Y" where the parse lost the apposition: a person
        named right before the noun and one named right after it."""
        before = noun.i - 1
        if before >= 0 and self.doc[before].tag_ == "POS":
            before -= 1
        after = noun.i + 1
        if after < len(self.doc) and self.doc[after].text == ",":
            after += 1
        if before < 0 or after >= len(self.doc):
            return [], []
        victim, killer = self.mention_at(self.doc[before]), self.mention_at(self.doc[after])
        if victim is None or killer is None or victim == killer:
            return [], []
        if self.mentions[victim].ner_label != "PERSON" or self.mentions[killer].ner_label != "PERSON":
            return [], []
        if self.mentions[killer].start != self.doc[after].idx:
            return [], []
        return [self.doc[after]], [self.doc[before]]

    def verb(self, verb: Token, frame: Frame) -> None:
        if frame.particle is not None and not any(c.dep_ == "prt" and c.lower_ == frame.particle for c in verb.children):
            return  # 'sat down with', not 'sat with'
        if frame.requires is not None and not self._holds(verb, frame.requires, frame.requires_words):
            return  # 'was in Tokyo for talks', not 'was in Tokyo'
        if (frame.unless_preps or frame.unless_words) and any(
                c.dep_ == "prep" and (c.lower_ in frame.unless_preps or any(p.lemma_ in frame.unless_words for p in c.children))
                for c in verb.children):
            return  # 'attacked X over its record', 'attacked X in a speech': words, not force
        frame = self._variant(verb, frame)
        if frame.predicate in (BASED_IN, BORN_IN) and verb.dep_ in ("acl", "amod"):
            subject: Token | None = verb.head  # 'NATO, based in Brussels', 'a Brussels-based group', 'Ohio-born X'
        elif frame.passive_subject:
            passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
            subject = passive[0] if passive else subject_of(verb)  # 'X was born in', 'Born in Y, X ...'
        else:
            subject = self._controller(verb) or agent_subject(verb) or _doer_described(verb) or _subject_above_adjective(verb)
            if frame.predicate == KILLED:
                subject = self._killer(verb, subject)
                if subject is None:
                    return
        if frame.fatal and not _fatal(verb):
            return  # 'shot' wounds as often as it kills
        victims_of_passive = frame.predicate == KILLED and any(c.dep_ == "nsubjpass" for c in verb.children)
        if victims_of_passive:
            objects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        else:
            objects = self._others(verb, frame)
        if frame.predicate in (BORN_IN, LIVES_IN, BASED_IN):
            objects = self._with_appositions(objects)
        if frame.predicate == VISITED and "in" in frame.preps and all(self._referent(o) is None for o in objects):
            # 'spoke at a convention in Philadelphia': the place of what the visitor spoke at
            objects = [p for at in verb.children if at.dep_ == "prep" and at.lower_ == "at"
                       for venue in at.children if venue.dep_ == "pobj"
                       for prep in venue.children if prep.dep_ == "prep" and prep.lower_ == "in"
                       for p in prep.children if p.dep_ == "pobj" and (index := self.mention_at(p)) is not None
                       and self.mentions[index].ner_label in ("GPE", "LOC")] or objects
        self._emit(frame, verb, subject, objects, "relation:verb", alleged=frame.predicate == KILLED and _alleged(verb))

    def _killer(self, verb: Token, subject: Token | None) -> Token | None:
        """The killer when the clause does not name one as its subject: 'X, convicted of
        murdering Y', 'X fired the shots that killed Y'."""
        if subject is not None and self._referent(subject) is None and subject.dep_ in ("dobj", "nsubj"):
            return subject_of(subject.head) if subject.dep_ == "dobj" else subject
        if subject is None and verb.dep_ == "pcomp":
            return self._accused(verb.head)
        return subject

    def _accused(self, prep: Token) -> Token | None:
        """Who the words above 'of'/'with'/'in' make the doer: 'X, convicted of murdering Y',
        'X, who was charged with the killing of Y', 'X acted alone in killing Y'."""
        above = prep.head
        if prep.lower_ in ("in", "by") and above.pos_ in ("VERB", "AUX"):
            return agent_subject(above)
        if prep.lower_ not in ("of", "with", "for") or above.lemma_ not in pattern_words("accusations"):
            return None
        if above.dep_ in ("acl", "amod") and above.head.pos_ in ("PROPN", "NOUN"):
            return above.head  # 'X, convicted of ...', 'the man convicted of ...'
        return subject_of(above)  # 'X was convicted of ...', 'X, who was charged with ...'

    def killing_noun(self, noun: Token) -> None:
        """'the assassination of X by Y', 'Y, convicted of the murder of X', "Y was convicted
        of X's killing": the victim follows 'of' (or owns the noun when nothing does), the
        killer follows 'by' or stands accused of it."""
        victims = self._others(noun, patterns().nouns["murder"][0])
        if not victims:  # 'the assassination in 1963 of X': the parser hangs 'of' on the year
            victims = [p for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "in"
                       for year in prep.children if year.dep_ == "pobj" and year.ent_type_ == "DATE"
                       for of in year.children if of.dep_ == "prep" and of.lower_ == "of"
                       for p in of.children if p.dep_ == "pobj"]
        if not victims:
            victims = [c for c in noun.children if c.dep_ == "poss"]
        killers = [p for prep in noun.children if prep.dep_ in ("prep", "agent") and prep.lower_ == "by"
                   for p in prep.children if p.dep_ == "pobj"]
        if not killers and noun.dep_ == "pobj":
            accused = self._accused(noun.head)
            killers = [accused] if accused is not None else []
        if not killers and noun.dep_ in ("dobj", "attr") and noun.head.lemma_ in ("commit", "carry", "order"):
            subject = subject_of(noun.head)  # 'X committed the murder of Y'
            killers = [subject] if subject is not None else []
        for killer in killers:
            self._emit(_KILLING, noun, killer, victims, "relation:killing-noun",
                       alleged=_alleged(noun))

    def noun(self, noun: Token, frame: Frame) -> None:
        frame = self._variant(noun, frame)
        pair = self._between(noun) if "between" in frame.preps or frame.predicate == AT_WAR_WITH else []
        if len(pair) >= 2:  # 'a call between X and Y', 'a round of talks between X and Y'
            for n, first in enumerate(pair):
                self._emit(frame, noun, first, pair[n + 1:], "relation:noun-between")
            return
        objects = self._others(noun, frame)
        if frame.predicate == VISITED and all(self._referent(o) is None for o in objects):
            objects = self._visit_place(noun) or objects
        if not objects and frame.symmetric and not frame.agent_needs_possessor:
            agent = self._governing_subject(noun, plural=True)  # 'X and Y held talks'
            if agent is not None and len(self._subjects(agent)) >= 2:
                self._emit(frame, noun, agent, [], "relation:noun")
            return
        if not objects:
            return
        agent = self._possessor(noun)
        if agent is not None and agent in objects:
            agent = None  # 'a Tampa rally': the place, not who held it
        if agent is None and not frame.agent_needs_possessor:
            agent = self._governing_subject(noun)
        if frame.predicate == AT_WAR_WITH and agent is None:
            for obj in objects:  # 'the war between Russia and Ukraine'
                for conj in obj.conjuncts:
                    self._emit(frame, noun, obj, [conj], "relation:noun")
            return
        self._emit(frame, noun, agent, objects, "relation:noun")

    def _visit_place(self, noun: Token) -> list[Token]:
        """Where a rally or a crowd is when no 'in' phrase of its own says so: a place named
        before it ('the Cleveland crowd', 'a Tampa rally'), or the place in 'in' on the verb its
        'at' phrase hangs from ('signed autographs at a rally on Monday in Dayton')."""
        if noun.lemma_ not in pattern_words("placed_visit_nouns"):
            return []
        before = [c for c in noun.children if c.dep_ in ("compound", "nmod", "amod") and c.i < noun.i
                  and (index := self.mention_at(c)) is not None and self.mentions[index].ner_label in ("GPE", "LOC")]
        if before:
            return before[-1:]
        if noun.dep_ != "pobj" or noun.head.lower_ != "at" or noun.head.head.pos_ not in ("VERB", "AUX"):
            return []
        return [p for prep in noun.head.head.children if prep.dep_ == "prep" and prep.lower_ == "in"
                for p in prep.children if p.dep_ == "pobj" and (index := self.mention_at(p)) is not None
                and self.mentions[index].ner_label in ("GPE", "LOC")]

    def here(self, here: Token, place: int) -> None:
        """'SELMA, N.C. — ... at a rally here': 'here' after a dateline is the dateline's place,
        and a visit's word it hangs on (a rally, a speech, campaigning) makes a visit there."""
        trigger = here.head
        frames = patterns().nouns if trigger.pos_ == "NOUN" else patterns().verbs if trigger.pos_ == "VERB" else {}
        frame = next((f for f in frames.get(trigger.lemma_, ()) if f.predicate == VISITED), None)
        if frame is None:
            return
        agent = self._possessor(trigger) if trigger.pos_ == "NOUN" else None
        if agent is None:
            agent = self._governing_subject(trigger) if trigger.pos_ == "NOUN" else self._controller(trigger) or agent_subject(trigger)
        if agent is None:
            return
        for subject, _ in self._subjects(agent):
            if self.mentions[subject].ner_label in ("PERSON", "ORG") and subject != place:
                start = min(agent.idx, trigger.idx)
                self._add(VISITED, subject, place, start, here.idx + len(here), "relation:here", 0.7, event=frame.event, trigger=trigger)

    def aside_place(self, prep: Token) -> None:
        """'X, in Ohio on Monday, said ...': a place and a day set off between a subject and its
        verb say where the subject was that day, a visit there; without the day ('X, in a
        statement, said') it says nothing of the kind."""
        verb = prep.head
        if verb.pos_ not in ("VERB", "AUX") or prep.i == 0 or self.doc[prep.i - 1].text != ",":
            return
        subject = subject_of(verb)
        last = max(t.i for t in prep.subtree)
        if subject is None or not subject.i < prep.i < verb.i or last + 1 >= len(self.doc) or self.doc[last + 1].text != ",":
            return
        if not any(t.ent_type_ == "DATE" for t in prep.subtree):
            return
        place = next((c for c in prep.children if c.dep_ == "pobj"), None)
        index = self.mention_at(place) if place is not None else None
        if index is None or self.mentions[index].ner_label not in ("GPE", "LOC"):
            return
        event = patterns().verbs["visit"][0].event
        for who, _ in self._subjects(subject):
            if self.mentions[who].ner_label in ("PERSON", "ORG") and who != index:
                self._add(VISITED, who, index, subject.idx, self.doc[last].idx + len(self.doc[last]), "relation:aside-place", 0.7,
                          event=event, trigger=prep)

    def at_war(self, war: Token) -> None:
        """'Russia and Ukraine have been at war', 'Russia is at war with Ukraine'."""
        verb = war.head.head
        subject = subject_of(verb)
        if subject is None:
            return
        frame = patterns().nouns["war"][0]
        others = [c for c in subject.conjuncts] + self._others(war, frame)
        self._emit(frame, war, subject, others, "relation:at-war")

    def _variant(self, trigger: Token, frame: Frame) -> Frame:
        """The frame as the words around the trigger narrow it: talks by phone are a call, a
        round of talks a negotiation."""
        for variant in frame.variants:
            if self._holds(trigger, variant.condition, variant.words):
                return replace(frame, predicate=variant.predicate, event=variant.event, variants=())
        return frame

    def _holds(self, trigger: Token, condition: str, words: frozenset[str]) -> bool:
        if condition == "remote":  # 'by phone', 'a video call', 'held talks by telephone'
            near = [trigger, *trigger.children] + ([trigger.head, *trigger.head.children] if trigger.dep_ in ("dobj", "pobj") else [])
            remote = pattern_words("remote_words")
            return any(t.lower_ in remote or any(g.lower_ in remote for g in t.children) for t in near)
        if condition == "under":  # 'a round of talks'
            return trigger.dep_ == "pobj" and trigger.head.lower_ == "of" and trigger.head.head.lower_ in words
        if condition == "person":  # 'X told CNN's Jane Doe', 'told host Jane Doe': not 'told the AP'
            return any(c.dep_ == "dobj" and (index := self._referent(c)) is not None and self.mentions[index].ner_label == "PERSON"
                       and self.mentions[index].kind == NAME for c in trigger.children)
        if condition == "for":  # 'was in Tokyo for talks'
            return any(c.dep_ == "prep" and c.lower_ == "for" and any(p.lower_ in words for p in c.children)
                       for c in trigger.children)
        return False

    def _between(self, noun: Token) -> list[Token]:
        """The parties after 'between' on the noun, or on the noun it hangs from by 'of' ('a
        round of talks between X and Y')."""
        holders = [noun] + ([noun.head.head] if noun.dep_ == "pobj" and noun.head.lower_ == "of" else [])
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ == "between":
                    pobjs = [p for p in prep.children if p.dep_ == "pobj"]
                    return [t for p in pobjs for t in (p, *p.conjuncts) if t.i >= p.i]
        return []

    def _controller(self, verb: Token) -> Token | None:
        """Who is to do what an invitation or a request names: 'X invited Y to visit Z' is Y's
        visit, not X's. (A promise keeps the promiser: 'X promised Y to visit'.)"""
        if verb.dep_ != "xcomp" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return None
        if verb.head.lemma_ in pattern_words("subject_control_verbs"):
            return None
        objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
        return objects[0] if objects else None

    def _subjects(self, token: Token) -> list[tuple[int, Token]]:
        """The mentions a subject stands for: itself and its conjuncts ('X and Y met'), or the
        two people the article has just named for 'the two leaders' or 'both men'."""
        found: list[tuple[int, Token]] = []
        partners = [c for c in token.conjuncts if c.i > token.i] if token.dep_ in ("nsubj", "nsubjpass") else []
        for part in (token, *partners):  # not 'X, convicted of killing Y; and Z, ...': a list of people
            index = self._referent(part)
            if index is not None and all(index != i for i, _ in found):
                found.append((index, part))
        if not found:
            found = [(index, token) for index in self._group(token)]
        return found

    def _group(self, token: Token) -> list[int]:
        """'the two leaders', 'both men', 'the two sides': the two distinct names of the right
        kind in this sentence (before the words) and the one before it; when there are more or
        fewer than two, nobody."""
        counted = {c.lower_ for c in token.children if c.dep_ in ("nummod", "det", "predet", "quantmod")}
        counts = pattern_words("counts_of_two")
        if not (token.lower_ in pattern_words("group_nouns") and counted & counts or token.lower_ in counts and token.dep_ == "nsubj"):
            return []
        if token.lower_ in pattern_words("group_people_nouns"):
            labels = {"PERSON"}
        elif token.lower_ in pattern_words("group_country_nouns"):
            labels = {"GPE"}
        else:
            labels = {"PERSON", "GPE", "ORG", "NORP"}
        here = self.sentence_of(token.idx)
        names = self._names_by_sentence
        # the mentions before the first that starts at or after the words, as a scan from the doc's start would stop
        stop = bisect_left(names.reach, token.idx)
        latest: dict[str, int] = {}
        for index in sorted(i for s in (here - 1, here) for i in names.by_sentence.get(s, ()) if i < stop):
            mention = self.mentions[index]
            if mention.ner_label in labels:
                latest[mention.text.split()[-1].lower()] = index  # 'Donald Trump' and 'Trump' are one
        return sorted(latest.values()) if len(latest) == 2 else []

    @cached_property
    def _names_by_sentence(self) -> _NamesBySentence:
        reach, furthest = [], -1
        by_sentence: dict[int, list[int]] = {}
        for index, mention in enumerate(self.mentions):
            furthest = max(furthest, mention.start)
            reach.append(furthest)
            if mention.kind == NAME:
                by_sentence.setdefault(mention.sentence, []).append(index)
        return _NamesBySentence(reach, by_sentence)

    def _others(self, trigger: Token, frame: Frame) -> list[Token]:
        found = []
        for child in trigger.children:
            if "" in frame.preps and child.dep_ in ("dobj", "attr") or child.dep_ == "pobj" and "" in frame.preps:
                found.append(child)
            elif frame.predicate in (BASED_IN, BORN_IN) and child.dep_ == "npadvmod":  # 'a Hamburg-based firm'
                found.append(child)
            elif child.dep_ in ("prep", "agent") and child.lower_ in frame.preps and child.lower_ != "between":
                found += [c for c in child.children if c.dep_ == "pobj"]
            elif frame.predicate in (BASED_IN, BORN_IN, LIVES_IN) and child.dep_ == "prep":
                # 'born on May 5, 1907, in Portland': the parser hangs the place on the date
                found += [p for date in child.children if date.dep_ == "pobj" and date.ent_type_ == "DATE"
                          for prep in date.children if prep.dep_ == "prep" and prep.lower_ in frame.preps
                          for p in prep.children if p.dep_ == "pobj"]
        if not found and trigger.pos_ == "NOUN" and trigger.dep_ == "dobj":
            # 'carried out strikes on X', 'held talks with X': the parser hangs the phrase on the verb
            found = [p for prep in trigger.head.children if prep.dep_ == "prep" and prep.i > trigger.i
                     and prep.lower_ in frame.preps and prep.lower_ != "between"
                     for p in prep.children if p.dep_ == "pobj"]
        expanded = []
        for token in found:
            expanded.append(token)
            expanded += [c for c in token.conjuncts if c.i > token.i]
        return expanded

    def _possessor(self, noun: Token) -> Token | None:
        for child in noun.children:
            if child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")):
                if self.mention_at(child) is not None:
                    return child
        return None

    def _governing_subject(self, noun: Token, plural: bool = False) -> Token | None:
        """Who makes the call or the visit: the possessor or subject up the tree
        ('Trump had a phone call with ...', 'Trump's move toward negotiations with ...'); with
        `plural`, also a subject that names no one by itself ('the two leaders held talks')."""
        token, steps = noun, 0
        while token.head is not token and steps < 5:
            token = token.head
            steps += 1
            possessor = self._possessor(token) if token.pos_ == "NOUN" else None
            if possessor is not None:
                return possessor
            if token.pos_ in ("VERB", "AUX"):
                subject = subject_of(token) or _doer_described(token)
                if subject is not None and (plural or self.mention_at(subject) is not None):
                    return subject
                if token.dep_ != "ccomp":  # only a reported clause hands on to its reporter
                    return None
        return None

    def _emit(self, frame: Frame, trigger: Token, subject: Token | None, objects: list[Token], rule: str,
              alleged: bool = False) -> None:
        if subject is None:
            return
        subjects = self._subjects(subject)
        if not subjects:
            return
        mood = modality(trigger)
        if alleged and mood == ASSERTED:
            mood = POSSIBLE
        others = [(o, obj) for obj in objects for o in [self._referent(obj)] if o is not None]
        if frame.predicate not in (KILLED, BASED_IN, BORN_IN, LIVES_IN):  # who meets, calls, visits, sanctions
            subjects = subjects + [(partner, subject) for index, _ in subjects for partner in self.listed_with(index)
                                   if all(partner != i for i, _ in subjects)]
            others += [(partner, obj) for o, obj in others for partner in self.listed_with(o) if all(partner != i for i, _ in others)]
        pairs = [(s, o, obj) for s, _ in subjects for o, obj in others]
        if not objects and len(subjects) >= 2 and frame.symmetric:  # 'X and Y met', 'the two leaders spoke'
            pairs = [(s, o, token) for n, (s, _) in enumerate(subjects) for o, token in subjects[n + 1:]]
        sentence = self.sentence_of(trigger.idx)
        for subject_index, object_index, obj in pairs:
            if object_index == subject_index:
                continue
            ends = [m for m in (self.mentions[subject_index], self.mentions[object_index]) if m.sentence == sentence]
            start = min(trigger.idx, subject.idx, obj.idx, *(m.start for m in ends))
            end = max(trigger.idx + len(trigger), obj.idx + len(obj), *(m.end for m in ends))
            self._add(frame.predicate, subject_index, object_index, start, end, rule, 0.75 if mood == ASSERTED else 0.6,
                      modality=mood, event=frame.event, trigger=trigger, object_token=obj)

    def _referent(self, token: Token) -> int | None:
        """The mention a word stands for: itself, the name in apposition to it ('the Russian
        leader Vladimir Putin'), or the organization whose seat it names ('NATO headquarters')."""
        index = self.mention_at(token)
        if index is not None:
            return index
        for child in token.children:
            if child.dep_ == "appos" and self.mention_at(child) is not None:
                return self.mention_at(child)
        if token.dep_ == "attr" and token.pos_ == "NOUN" and token.head.lemma_ == "be" and any(
                c.dep_ == "relcl" for c in token.children):
            subject = subject_of(token.head)  # 'X was the gunman who shot Y': the gunman is X
            index = self.mention_at(subject) if subject is not None else None
            if index is not None and self.mentions[index].kind == NAME:
                return index
        if token.dep_ == "appos" and token.pos_ == "NOUN" and (
                token.lemma_ in pattern_words("people_nouns") | {"person"}):
            head = self.mention_at(token.head)  # 'X, the man who shot Y': the man is X
            if head is not None and self.mentions[head].ner_label == "PERSON":
                return head
        if token.lower_ in pattern_words("seat_nouns"):
            for child in token.children:
                if child.dep_ in ("compound", "poss"):
                    index = self.mention_at(child)
                    if index is not None:
                        return index
        return None


def _alleged(trigger: Token) -> bool:
    """'charged with murdering', 'suspected of the assassination': an allegation, not a fact."""
    prep = trigger.head
    return trigger.dep_ in ("pcomp", "pobj") and prep.lower_ in ("of", "with", "for") and prep.head.lemma_ in pattern_words("allegations")

def _doer_described(verb: Token) -> Token | None:
    """The name an -ing clause describes does what it says: 'X, campaigning in Ohio on Friday,
    said ...' (X campaigned there); a past participle ('X, based in Ohio') says what was done to it."""
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ == "PROPN":
        return verb.head
    return None


def _subject_above_adjective(verb: Token) -> Token | None:
    """The subject of the clause an -ing verb completes through an adjective: 'X has been busy
    campaigning in Ohio', 'X was happy speaking in Dayton'."""
    above = verb.head
    if verb.tag_ == "VBG" and verb.dep_ in ("xcomp", "advcl", "dep") and above.pos_ == "ADJ" and above.dep_ == "acomp":
        return subject_of(above.head)
    return None


def _fatal(verb: Token) -> bool:
    words = {c.lower_ for c in verb.subtree if c.i > verb.i - 3 and c.i < verb.i + 6}
    return "fatally" in words or "dead" in words or "death" in words
