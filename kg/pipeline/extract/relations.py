"""Relation candidates from the dependency parse: titles ('Russian President Vladimir
Putin'), appositions ('Olaf Scholz, Germany's chancellor'), verbs ('Trump spoke with
Zelenskyy') and the nouns that name the same events ('a phone call with Putin', 'a visit to
NATO headquarters'), each with its modality, date and place.

The verbs and nouns that state each relation, and the word lists the rules consult, are data:
ontology/patterns/*.json, loaded by kg.patterns. Rules propose; resolution decides. A candidate names mentions, not entities, and it is kept
only if the entities at both ends have the types the ontology allows."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Callable

from ...lexicon import role_kind, titles
from ...namespaces import KGO
from ...patterns import Frame, patterns
from .layout import source_lines
from .model import ASSERTED, DESCRIPTION, NAME, POSSIBLE, Mention, RelationCandidate, TimeExpression
from .syntax import SPEECH_VERBS, agent_subject, modality, subject_of
from .when import DatedTimes, date_of, index_times

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

def _words(name: str) -> frozenset[str]:
    """A word list from the pattern files (ontology/patterns/*.json)."""
    return patterns().words[name]


def _term(term) -> str:
    """The local name of an ontology term of the closed namespace: what candidates carry."""
    return term[len(KGO._NS):]


(HOLDS_POSITION, LEADER_OF, MEMBER_OF, AFFILIATED_WITH, CITIZEN_OF, BASED_IN, LOCATED_IN, LIVES_IN, BORN_IN, KILLED,
 AT_WAR_WITH) = (_term(t) for t in (KGO.holdsPosition, KGO.leaderOf, KGO.memberOf, KGO.affiliatedWith, KGO.citizenOf,
                                    KGO.basedIn, KGO.locatedIn, KGO.livesIn, KGO.bornIn, KGO.killed, KGO.atWarWith))
PERSON, ORGANIZATION, PLACE = (_term(t) for t in (KGO.Person, KGO.Organization, KGO.Place))
_KILLING = Frame(KILLED, frozenset(), None)


class RelationFinder:
    def __init__(self, doc: "Doc", mentions: list[Mention], mention_at: Callable[["Token"], int | None],
                 times: tuple[TimeExpression, ...], sentence_of: Callable[[int], int]):
        self.doc = doc
        self.text = doc.text  # doc.text joins every token anew on each read
        self.mentions = mentions
        self.mention_at = mention_at
        self.times = times
        self.sentence_of = sentence_of
        self.found: list[RelationCandidate] = []

    def find(self) -> tuple[RelationCandidate, ...]:
        self._titles()
        verbs, nouns = patterns().verbs, patterns().nouns
        for token in self.doc:
            if token.lower_ == "war" and token.head.lower_ == "at":
                self._at_war(token)
            elif token.pos_ in ("VERB", "AUX") and token.lemma_ in verbs:
                for frame in verbs[token.lemma_]:
                    if frame.form is None or token.lower_ == frame.form:
                        self._verb(token, frame)
            elif token.pos_ == "NOUN" and token.lemma_ in nouns:
                for frame in nouns[token.lemma_]:
                    if frame.predicate == KILLED:
                        self._killing_noun(token)
                    else:
                        self._noun(token, frame)
            elif token.lemma_ in _words("killer_nouns") and token.pos_ == "NOUN":
                self._killer_noun(token)
            elif token.lower_ in ("headquarters", "seat") and token.pos_ == "NOUN":
                self._seat(token)
            elif token.lemma_ in _words("home_nouns") and token.pos_ == "NOUN":
                self._home(token)
            if token.lower_ in _words("native_nouns") and token.dep_ == "amod":
                self._native_place(token)
            elif token.lower_ in _words("native_nouns") and token.dep_ == "compound" and token.i > 0:
                self._native_compound(token)
            if token.dep_ == "appos":
                self._apposition(token)
            elif token.dep_ == "attr" and token.pos_ == "NOUN" and token.head.lemma_ == "be":
                subject = subject_of(token.head)
                if subject is not None and modality(token.head) == ASSERTED:
                    self._role_phrase(subject, token)
                    for role in self._coordinated_roles(token):
                        self._role_phrase(subject, role)
        self._attachments()
        self._place_pairs()
        self._source_lines()
        return tuple(self.found)

    def _source_lines(self) -> None:
        """'Springfield Radio Example in English 1200 GMT ...': the outlet publishes from the city."""
        at = {m.start: i for i, m in enumerate(self.mentions) if m.kind == NAME}
        for place_start, _, outlet_start, outlet_end, _ in source_lines(self.text):
            place, outlet = at.get(place_start), at.get(outlet_start)
            if place is not None and outlet is not None:
                self._add(BASED_IN, outlet, place, place_start, outlet_end, "relation:source-line", 0.75)

    def _attachments(self) -> None:
        """What a name's own phrase says about it: 'Acme Corp. of Chicago', 'Jane Doe, 45, of
        Dayton', 'Jane Doe of Acme', 'Acme's Jane Doe', 'Jane Doe (Greens)', 'Kyiv in Ukraine',
        'Bavaria's Munich', 'the German city of Hamburg'."""
        text = self.text
        for index, mention in enumerate(self.mentions):
            if mention.kind != NAME or mention.ner_label not in ("PERSON", "ORG", "GPE", "LOC", "FAC"):
                continue
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            for child in root.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "in", "at"):
                    pobjs = [p for p in child.children if p.dep_ == "pobj"]
                    places = [p for p in self._with_appositions(pobjs) if p not in pobjs]  # 'of Dayton, Ohio'
                    for pobj in pobjs + places:
                        other = self.mention_at(pobj)
                        if other is None and pobj.lemma_ in _words("unit_nouns") and mention.ner_label == "PERSON" and child.lower_ == "of":
                            other = self._unit_owner(pobj)  # "Jane Doe of the Times' Washington bureau"
                        if other is not None and other != index and (pobj in pobjs or self.mentions[other].ner_label in ("GPE", "LOC")):
                            self._attach(index, other, child.lower_, mention.start, self.mentions[other].end)
                            for partner in self._coordinated_names(root, mention):  # 'X and Y of Acme'
                                self._attach(partner, other, child.lower_, self.mentions[partner].start,
                                             self.mentions[other].end)
                elif child.dep_ == "poss" and child.i < span.start:
                    other = self.mention_at(child)
                    if other is not None and other != index:
                        self._attach(index, other, "poss", self.mentions[other].start, mention.end)
            after = text[mention.end:mention.end + 2]
            if mention.ner_label == "PERSON" and (after.startswith(" (") or after.startswith("(")):
                close = text.find(")", mention.end)
                inner = [i for i, m in enumerate(self.mentions) if mention.end < m.start and m.end <= close and m.kind == NAME]
                if len(inner) == 1 and self.mentions[inner[0]].ner_label == "ORG" and close - mention.end < 60:
                    self._add(MEMBER_OF, index, inner[0], mention.start, close + 1, "relation:parenthesis", 0.7)
            if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _words("place_nouns"):
                place_noun = root.head.head  # 'the German city of Hamburg', 'Bavaria's capital of Munich'
                for child in place_noun.children:
                    other = self.mention_at(child)
                    if child.dep_ in ("amod", "compound", "poss", "nmod") and other is not None and other != index:
                        self._add(LOCATED_IN, index, other, min(self.mentions[other].start, mention.start), mention.end,
                                  "relation:place-noun", 0.8)

    def _unit_owner(self, unit: "Token") -> int | None:
        owners = [self.mention_at(c) for c in unit.children if c.dep_ in ("poss", "compound") and self.mention_at(c) is not None]
        owners = [o for o in owners if self.mentions[o].ner_label == "ORG"]
        return owners[0] if len(owners) == 1 else None

    def _coordinated_names(self, root: "Token", mention: Mention) -> list[int]:
        """The names of the same kind coordinated before this one, which a phrase after the last
        holds for as well: 'Jane Doe and John Roe of Acme' are both of Acme."""
        if root.dep_ != "conj":
            return []
        found = []
        for token in sorted(root.conjuncts, key=lambda t: -t.i):
            index = self.mention_at(token) if token.i < root.i else None
            if index is None or self.mentions[index].kind != NAME or self.mentions[index].ner_label != mention.ner_label:
                continue
            between = self.text[self.mentions[index].end:(self.mentions[found[-1]] if found else mention).start]
            if between.strip(" ,").removeprefix("and").strip() != "":
                break  # 'A in X, and B in Y': A has a phrase of its own
            found.append(index)
        return found

    def _attach(self, index: int, other: int, how: str, start: int, end: int) -> None:
        mention, target = self.mentions[index], self.mentions[other]
        place = target.ner_label in ("GPE", "LOC", "NORP")
        if mention.ner_label in ("PERSON", "ORG", "GPE", "LOC", "FAC") and place:
            # The model's label of the name is one vote; resolution knows what it is.
            choices = {ORGANIZATION: BASED_IN if how in ("of", "in", "poss") else None,
                       PERSON: LIVES_IN if how == "of" else None,
                       PLACE: LOCATED_IN if how in ("in", "poss") else None}
            by_subject = tuple((type_, predicate) for type_, predicate in choices.items() if predicate)
            guess = {"ORG": ORGANIZATION, "PERSON": PERSON}.get(mention.ner_label, PLACE)
            predicate = choices[guess] or by_subject[0][1] if by_subject else None
            if predicate is not None:
                self._add(predicate, index, other, start, end, f"relation:{guess.lower()[:3] if guess == ORGANIZATION else guess.lower()}-{how}-place",
                          {BASED_IN: 0.7, LIVES_IN: 0.6, LOCATED_IN: 0.7}[predicate], by_subject=by_subject)
        elif mention.ner_label == "PERSON" and how in ("of", "poss", "at") and target.ner_label == "ORG":
            self._add(MEMBER_OF, index, other, start, end, f"relation:person-{how}-org", 0.65)
        elif (mention.ner_label == "ORG" and how == "poss" and target.ner_label == "PERSON"
              and _words("membership_words") & set(mention.text.lower().split())):
            # "Jane Doe's Labour Party": her party. Not "Trump's FBI": an office he directs, not joins.
            self._add(MEMBER_OF, other, index, start, end, "relation:person-poss-party", 0.65)

    def _killer_noun(self, noun: "Token") -> None:
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

    def _adjacent_killer(self, noun: "Token") -> tuple[list["Token"], list["Token"]]:
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

    # --- titles and appositions ------------------------------------------------------------

    def _titles(self) -> None:
        """'Russian President Vladimir Putin', 'Bayern Munich striker Kingsley Coman', 'German
        tennis player Boris Becker': the words before a name say what the person is, and the
        name before those words says of what."""
        honorifics = {h.lower() for h in titles().honorifics}
        former = {w.rstrip("-") for w in _words("former_words")}  # 'ex-' is a word of its own: 'ex', '-'
        for index, mention in enumerate(self.mentions):
            if mention.kind != NAME or mention.ner_label not in ("PERSON", "ORG"):
                continue
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            first = span.root.left_edge.i
            words = [t for t in self.doc[first:span.start] if not t.is_punct and t.pos_ != "DET"]
            if any(t.lower_ in former for t in words):
                continue  # 'former German Chancellor ...' says nothing about today
            qualifier, role = None, []
            for token in words:
                found = self.mention_at(token)
                if found is not None and found != index and role_kind(self.mentions[found].text) != "portfolio":
                    qualifier, role = found, []  # the role is what follows the last qualifier
                elif token.pos_ in ("NOUN", "PROPN", "ADP", "ADJ") and token.lower_ not in honorifics:
                    role.append(token)
            if mention.title and mention.title.lower() not in honorifics and mention.ner_label == "PERSON":
                self._add(HOLDS_POSITION, index, None, (self.mentions[qualifier].start if qualifier is not None else mention.start),
                          mention.end, "relation:title", 0.9, position=mention.title)
            role_words = " ".join(t.text for t in role)
            if qualifier is not None and (role_words or mention.ner_label == "ORG"):
                start = self.mentions[qualifier].start
                self._role_relations(index, role_words, qualifier, start, mention.end, "relation:title")

    def _role_relations(self, holder: int, role_words: str, qualifier: int, start: int, end: int, rule: str) -> None:
        """What a role makes its holder of the organization or place that qualifies it: the
        leader or a member of an organization; the leader, an agent (minister, spokesman),
        a citizen or a resident of a place. A bare occupation ('Jordanian analyst') says only
        a nationality. An organization qualified by a place ('Australia's largest bookmaker')
        is based there."""
        kind = role_kind(role_words)
        holder_label, label = self.mentions[holder].ner_label, self.mentions[qualifier].ner_label
        place = label in ("GPE", "NORP", "LOC") or self.mentions[qualifier].kind != NAME
        if holder_label == "ORG":
            if place:
                # 'Soviet pianist X' with X mistaken for an organization: resolution knows which it is.
                as_person = (kind in ("leader", "agent", "member", "occupation") or label == "NORP") and role_words \
                    and not _words("institution_nouns") & set(role_words.lower().split())
                choices = ((ORGANIZATION, BASED_IN), (PERSON, CITIZEN_OF)) if as_person else ()
                self._add(BASED_IN, holder, qualifier, start, end, rule + "-seat", 0.75, by_subject=choices,
                          if_place=LIVES_IN if as_person else None)
            return
        if label in ("ORG", "FAC"):
            if kind == "leader":
                self._add(LEADER_OF, holder, qualifier, start, end, rule + "-leader", 0.85)
            else:
                self._add(MEMBER_OF, holder, qualifier, start, end, rule + "-member", 0.75)
        elif place and not _words("institution_nouns") & set(role_words.lower().split()):
            # A country makes a citizen; a city or a state (known only once resolved) a resident.
            if kind == "leader":
                self._add(LEADER_OF, holder, qualifier, start, end, rule + "-leader", 0.85)
            elif kind == "agent":
                self._add(AFFILIATED_WITH, holder, qualifier, start, end, rule + "-agent", 0.8, if_place=LIVES_IN)
            if kind in ("leader", "agent", "member", "occupation") or label == "NORP":
                self._add(CITIZEN_OF, holder, qualifier, start, end, rule + "-nationality", 0.7, if_place=LIVES_IN)

    def _apposition(self, token: "Token") -> None:
        """'Olaf Scholz, Germany's chancellor', 'the German chancellor, Olaf Scholz', 'Jane Doe, a
        columnist for the Times'."""
        for name_token, title_token in ((token.head, token), (token, token.head)):
            self._role_phrase(name_token, title_token)
            self._from_place(name_token, title_token)
        for role in self._coordinated_roles(token):
            self._role_phrase(token.head, role)

    def _coordinated_roles(self, noun: "Token") -> list["Token"]:
        """The other roles of 'Jane Doe, director of Acme and a member of the Greens' (the
        parser may hang 'and a member' on the organization before it)."""
        if noun.pos_ != "NOUN" or role_kind(noun.lemma_) is None:
            return []
        return [t for t in noun.subtree if t.dep_ == "conj" and t.pos_ == "NOUN" and t.i > noun.i
                and t.lemma_ not in _words("killer_nouns") and role_kind(t.lemma_) is not None and self.mention_at(t) is None]

    def _from_place(self, name_token: "Token", noun: "Token") -> None:
        """'Jane Doe, a Republican from Chicago', 'Jane Doe, a lawyer from Dayton': she lives there."""
        holder = self.mention_at(name_token)
        if holder is None or self.mentions[holder].kind != NAME or self.mentions[holder].ner_label != "PERSON":
            return
        described = self.mention_at(noun)
        if not (role_kind(noun.lemma_) or noun.lemma_ in _words("people_nouns")
                or described is not None and self.mentions[described].ner_label == "NORP"):
            return  # 'a letter from Chicago' is no person
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "from"):
            for place in self._with_appositions([c for c in prep.children if c.dep_ == "pobj"]):
                index = self.mention_at(place)
                if index is not None and index != holder and self.mentions[index].ner_label in ("GPE", "LOC"):
                    self._add(LIVES_IN, holder, index, min(name_token.idx, self.mentions[index].start),
                              max(self.mentions[holder].end, self.mentions[index].end), "relation:apposition-from", 0.65)

    def _role_phrase(self, name_token: "Token", title_token: "Token") -> None:
        """A name and a noun phrase that says what its bearer is, in apposition or after 'is':
        'Jane Doe, a lawyer at Acme', 'Jane Doe is a member of the council', 'a native of Ohio'."""
        holder = self.mention_at(name_token)
        if holder is None and name_token.pos_ == "NOUN":  # "Doe's wife, Jane, is ...": Jane is
            named = [c for c in name_token.children if c.dep_ == "appos" and self.mention_at(c) is not None]
            holder = self.mention_at(named[0]) if len(named) == 1 else None
            if holder is not None and self.mentions[holder].ner_label != "PERSON":
                holder = None
        if holder is None or self.mentions[holder].kind != NAME or title_token.pos_ != "NOUN":
            return
        if title_token.lemma_ in _words("native_nouns"):
            self._native(holder, name_token, title_token)
            return
        if title_token.lemma_ in _words("killer_nouns") or title_token.lemma_ in _words("not_roles"):
            return  # 'X, assassin of Y', 'X was the victim of a Y plot': no employer
        title_mention = self.mention_at(title_token)
        if title_mention is not None and self.mentions[title_mention].kind != DESCRIPTION:
            return
        if self.mentions[holder].ner_label in ("GPE", "LOC") and title_token.lemma_ in _words("place_nouns"):
            for qualifier in self._qualifiers(title_token):
                if self.mentions[qualifier].ner_label in ("GPE", "LOC", "NORP"):
                    self._add(LOCATED_IN, holder, qualifier, self.mentions[holder].start,
                              title_token.right_edge.idx + len(title_token.right_edge), "relation:apposition-place", 0.8)
            return
        words = [t for t in title_token.children if t.dep_ in ("compound", "amod") and t.i < title_token.i
                 and self.mention_at(t) is None and t.pos_ in ("NOUN", "PROPN", "ADJ")]
        role_words = " ".join([t.text for t in words] + [title_token.text])
        qualifiers = self._qualifiers(title_token)
        kind = role_kind(role_words)
        if kind is None and not qualifiers:
            return
        start = min(name_token.idx, title_token.left_edge.idx)
        end = max(name_token.idx + len(name_token), title_token.right_edge.idx + len(title_token.right_edge))
        if kind in ("leader", "agent"):
            self._add(HOLDS_POSITION, holder, None, start, end, "relation:apposition", 0.8, position=role_words.title())
        for qualifier in qualifiers:
            self._role_relations(holder, role_words, qualifier, start, end, "relation:apposition")

    def _native(self, holder: int, name_token: "Token", noun: "Token") -> None:
        """'Jane Doe, a native of Dayton, Ohio,', 'Jane Doe is a native of Dayton', 'Jane Doe, a
        Dayton native': born there."""
        places = [c for c in noun.children if c.dep_ in ("compound", "nmod") and c.i < noun.i]
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
            places += [c for c in prep.children if c.dep_ == "pobj"]
        for place in self._with_appositions(places):
            index = self.mention_at(place)
            if index is not None and self.mentions[index].ner_label in ("GPE", "LOC"):
                start = min(name_token.idx, noun.idx, self.mentions[index].start)
                end = max(name_token.idx + len(name_token), self.mentions[index].end)
                self._add(BORN_IN, holder, index, start, end, "relation:native-of", 0.75)

    def _native_compound(self, native: "Token") -> None:
        """'Dayton native Jane Doe': the place and 'native' both qualify the name; she was born there."""
        person, place = self.mention_at(native.head), self.mention_at(self.doc[native.i - 1])
        if person is None or place is None or person == place or self.doc[native.i - 1].head != native.head:
            return
        if self.mentions[person].ner_label == "PERSON" and self.mentions[place].ner_label in ("GPE", "LOC"):
            self._add(BORN_IN, person, place, self.mentions[place].start, self.mentions[person].end,
                      "relation:native-compound", 0.7)

    def _home(self, noun: "Token") -> None:
        """"Jane Doe's Ohio home", 'his home in Dayton', 'her hometown of Dayton', 'Dayton,
        Jane Doe's hometown': the person lives there."""
        owners = [c for c in noun.children if c.dep_ == "poss" and self.mention_at(c) is not None]
        if not owners:
            return
        places = [c for c in noun.children if c.dep_ in ("compound", "nmod") and self.mention_at(c) is not None]
        places += [p for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in ("in", "of")
                   for p in prep.children if p.dep_ == "pobj"]
        if noun.dep_ == "appos":
            places.append(noun.head)
        for owner in owners:
            person = self.mention_at(owner)
            if self.mentions[person].ner_label not in ("PERSON", "ORG", ""):
                continue
            for place in self._with_appositions(places):
                index = self.mention_at(place)
                if index is not None and index != person and self.mentions[index].ner_label in ("GPE", "LOC"):
                    start = min(self.mentions[person].start, self.mentions[index].start, noun.idx)
                    end = max(self.mentions[person].end, self.mentions[index].end, noun.idx + len(noun))
                    # "Acme's Ohio home" is the company's seat; resolution knows which the owner is.
                    self._add(LIVES_IN, person, index, start, end, "relation:home", 0.7,
                              by_subject=((PERSON, LIVES_IN), (ORGANIZATION, BASED_IN)))

    def _native_place(self, native: "Token") -> None:
        """'his native Ohio', "Jane Doe's native Dayton": born there."""
        place = self.mention_at(native.head)
        owners = [c for c in native.head.children if c.dep_ == "poss" and self.mention_at(c) is not None]
        if place is None or self.mentions[place].ner_label not in ("GPE", "LOC") or not owners:
            return
        person = self.mention_at(owners[0])
        if self.mentions[person].ner_label in ("PERSON", ""):
            self._add(BORN_IN, person, place, min(self.mentions[person].start, self.mentions[place].start),
                      max(self.mentions[person].end, self.mentions[place].end), "relation:native-place", 0.7)

    def _seat(self, noun: "Token") -> None:
        """"Acme's headquarters in Dayton", 'the NRC headquarters in Rockville, Md.': the
        organization is based there."""
        owners = [c for c in noun.children if c.dep_ in ("poss", "compound") and self.mention_at(c) is not None]
        places = [p for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in ("in", "at")
                  for p in prep.children if p.dep_ == "pobj"]
        for owner in owners:
            org = self.mention_at(owner)
            if self.mentions[org].ner_label != "ORG":
                continue
            for place in self._with_appositions(places):
                index = self.mention_at(place)
                if index is not None and self.mentions[index].ner_label in ("GPE", "LOC"):
                    self._add(BASED_IN, org, index, self.mentions[org].start, self.mentions[index].end,
                              "relation:headquarters-in", 0.8)

    def _with_appositions(self, tokens: list["Token"]) -> list["Token"]:
        """Places and the places set beside them: 'Dayton, Ohio' gives Dayton and Ohio."""
        found = []
        for token in tokens:
            found.append(token)
            found += [c for c in token.children if c.dep_ == "appos" and self.mention_at(c) is not None]
        return found

    def _qualifiers(self, noun: "Token") -> list[int]:
        """Mentions that say whose a title is: 'Germany's', 'German', 'NATO', 'of NATO', 'for
        Apple'. Of several 'of'/'at' phrases the one naming the employer wins: 'professor of
        economics at Columbia University' is Columbia's."""
        found, by_prep = [], {}
        for child in noun.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                index = self.mention_at(child)
                if index is not None:
                    found.append(index)
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "at", "with"):
                for pobj in child.children:
                    index = self.mention_at(pobj)
                    if pobj.dep_ == "pobj" and index is not None:
                        by_prep.setdefault(child.lower_, index)
                    elif pobj.dep_ == "pobj" and child.lower_ == "of":  # 'professor of economics at Columbia'
                        for prep in (g for g in pobj.children if g.dep_ == "prep" and g.lower_ in ("at", "for")):
                            for employer in (g for g in prep.children if g.dep_ == "pobj" and self.mention_at(g) is not None):
                                by_prep.setdefault(prep.lower_, self.mention_at(employer))
        for prep in ("at", "for", "with", "of"):
            if prep in by_prep:
                found.append(by_prep[prep])
                break
        return found

    # --- events and actions ------------------------------------------------------------------

    def _verb(self, verb: "Token", frame: Frame) -> None:
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
            subject = verb.head  # 'NATO, based in Brussels', 'a Brussels-based group', 'Ohio-born X'
        elif frame.passive_subject:
            passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
            subject = passive[0] if passive else subject_of(verb)  # 'X was born in', 'Born in Y, X ...'
        else:
            subject = self._controller(verb) or agent_subject(verb)
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
        self._emit(frame, verb, subject, objects, "relation:verb", alleged=frame.predicate == KILLED and _alleged(verb))

    def _killer(self, verb: "Token", subject: "Token | None") -> "Token | None":
        """The killer when the clause does not name one as its subject: 'X, convicted of
        murdering Y', 'X fired the shots that killed Y'."""
        if subject is not None and self._referent(subject) is None and subject.dep_ in ("dobj", "nsubj"):
            return subject_of(subject.head) if subject.dep_ == "dobj" else subject
        if subject is None and verb.dep_ == "pcomp":
            return self._accused(verb.head)
        return subject

    def _accused(self, prep: "Token") -> "Token | None":
        """Who the words above 'of'/'with'/'in' make the doer: 'X, convicted of murdering Y',
        'X, who was charged with the killing of Y', 'X acted alone in killing Y'."""
        above = prep.head
        if prep.lower_ in ("in", "by") and above.pos_ in ("VERB", "AUX"):
            return agent_subject(above)
        if prep.lower_ not in ("of", "with", "for") or above.lemma_ not in _words("accusations"):
            return None
        if above.dep_ in ("acl", "amod") and above.head.pos_ in ("PROPN", "NOUN"):
            return above.head  # 'X, convicted of ...', 'the man convicted of ...'
        return subject_of(above)  # 'X was convicted of ...', 'X, who was charged with ...'

    def _killing_noun(self, noun: "Token") -> None:
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

    def _noun(self, noun: "Token", frame: Frame) -> None:
        frame = self._variant(noun, frame)
        pair = self._between(noun) if "between" in frame.preps or frame.predicate == AT_WAR_WITH else []
        if len(pair) >= 2:  # 'a call between X and Y', 'a round of talks between X and Y'
            for n, first in enumerate(pair):
                self._emit(frame, noun, first, pair[n + 1:], "relation:noun-between")
            return
        objects = self._others(noun, frame)
        if not objects and frame.symmetric and not frame.agent_needs_possessor:
            agent = self._governing_subject(noun, plural=True)  # 'X and Y held talks'
            if agent is not None and len(self._subjects(agent)) >= 2:
                self._emit(frame, noun, agent, [], "relation:noun")
            return
        if not objects:
            return
        agent = self._possessor(noun)
        if agent is None and not frame.agent_needs_possessor:
            agent = self._governing_subject(noun)
        if frame.predicate == AT_WAR_WITH and agent is None:
            for obj in objects:  # 'the war between Russia and Ukraine'
                for conj in obj.conjuncts:
                    self._emit(frame, noun, obj, [conj], "relation:noun")
            return
        self._emit(frame, noun, agent, objects, "relation:noun")

    def _at_war(self, war: "Token") -> None:
        """'Russia and Ukraine have been at war', 'Russia is at war with Ukraine'."""
        verb = war.head.head
        subject = subject_of(verb)
        if subject is None:
            return
        frame = patterns().nouns["war"][0]
        others = [c for c in subject.conjuncts] + self._others(war, frame)
        self._emit(frame, war, subject, others, "relation:at-war")

    def _variant(self, trigger: "Token", frame: Frame) -> Frame:
        """The frame as the words around the trigger narrow it: talks by phone are a call, a
        round of talks a negotiation."""
        for variant in frame.variants:
            if self._holds(trigger, variant.condition, variant.words):
                return replace(frame, predicate=variant.predicate, event=variant.event, variants=())
        return frame

    def _holds(self, trigger: "Token", condition: str, words: frozenset[str]) -> bool:
        if condition == "remote":  # 'by phone', 'a video call', 'held talks by telephone'
            near = [trigger, *trigger.children] + ([trigger.head, *trigger.head.children] if trigger.dep_ in ("dobj", "pobj") else [])
            remote = _words("remote_words")
            return any(t.lower_ in remote or any(g.lower_ in remote for g in t.children) for t in near)
        if condition == "under":  # 'a round of talks'
            return trigger.dep_ == "pobj" and trigger.head.lower_ == "of" and trigger.head.head.lower_ in words
        if condition == "for":  # 'was in Tokyo for talks'
            return any(c.dep_ == "prep" and c.lower_ == "for" and any(p.lower_ in words for p in c.children)
                       for c in trigger.children)
        return False

    def _between(self, noun: "Token") -> list["Token"]:
        """The parties after 'between' on the noun, or on the noun it hangs from by 'of' ('a
        round of talks between X and Y')."""
        holders = [noun] + ([noun.head.head] if noun.dep_ == "pobj" and noun.head.lower_ == "of" else [])
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ == "between":
                    pobjs = [p for p in prep.children if p.dep_ == "pobj"]
                    return [t for p in pobjs for t in (p, *p.conjuncts) if t.i >= p.i]
        return []

    def _controller(self, verb: "Token") -> "Token | None":
        """Who is to do what an invitation or a request names: 'X invited Y to visit Z' is Y's
        visit, not X's. (A promise keeps the promiser: 'X promised Y to visit'.)"""
        if verb.dep_ != "xcomp" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return None
        if verb.head.lemma_ in ("promise", "vow"):
            return None
        objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
        return objects[0] if objects else None

    def _subjects(self, token: "Token") -> list[tuple[int, "Token"]]:
        """The mentions a subject stands for: itself and its conjuncts ('X and Y met'), or the
        two people the article has just named for 'the two leaders' or 'both men'."""
        found = []
        partners = [c for c in token.conjuncts if c.i > token.i] if token.dep_ in ("nsubj", "nsubjpass") else []
        for part in (token, *partners):  # not 'X, convicted of killing Y; and Z, ...': a list of people
            index = self._referent(part)
            if index is not None and all(index != i for i, _ in found):
                found.append((index, part))
        if not found:
            found = [(index, token) for index in self._group(token)]
        return found

    def _group(self, token: "Token") -> list[int]:
        """'the two leaders', 'both men', 'the two sides': the two distinct names of the right
        kind in this sentence (before the words) and the one before it; when there are more or
        fewer than two, nobody."""
        counted = {c.lower_ for c in token.children if c.dep_ in ("nummod", "det", "predet", "quantmod")}
        counts = _words("counts_of_two")
        if not (token.lower_ in _words("group_nouns") and counted & counts or token.lower_ in counts and token.dep_ == "nsubj"):
            return []
        if token.lower_ in _words("group_people_nouns"):
            labels = {"PERSON"}
        elif token.lower_ in _words("group_country_nouns"):
            labels = {"GPE"}
        else:
            labels = {"PERSON", "GPE", "ORG", "NORP"}
        here = self.sentence_of(token.idx)
        latest: dict[str, int] = {}
        for index, mention in enumerate(self.mentions):
            if mention.start >= token.idx:
                break
            if mention.kind == NAME and mention.ner_label in labels and here - 1 <= mention.sentence <= here:
                latest[mention.text.split()[-1].lower()] = index  # 'Donald Trump' and 'Trump' are one
        return sorted(latest.values()) if len(latest) == 2 else []

    def _others(self, trigger: "Token", frame: Frame) -> list["Token"]:
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

    def _possessor(self, noun: "Token") -> "Token | None":
        for child in noun.children:
            if child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG")):
                if self.mention_at(child) is not None:
                    return child
        return None

    def _governing_subject(self, noun: "Token", plural: bool = False) -> "Token | None":
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
                subject = subject_of(token)
                if subject is not None and (plural or self.mention_at(subject) is not None):
                    return subject
                if token.dep_ != "ccomp":  # only a reported clause hands on to its reporter
                    return None
        return None

    def _emit(self, frame: Frame, trigger: "Token", subject: "Token | None", objects: list["Token"], rule: str,
              alleged: bool = False) -> None:
        if subject is None:
            return
        subjects = self._subjects(subject)
        if not subjects:
            return
        mood = modality(trigger)
        if alleged and mood == ASSERTED:
            mood = POSSIBLE
        pairs = [(s, o, obj) for s, _ in subjects for obj in objects for o in [self._referent(obj)] if o is not None]
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

    def _referent(self, token: "Token") -> int | None:
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
        if token.dep_ == "appos" and token.pos_ == "NOUN" and token.lemma_ in _words("people_nouns") | {"person"}:
            head = self.mention_at(token.head)  # 'X, the man who shot Y': the man is X
            if head is not None and self.mentions[head].ner_label == "PERSON":
                return head
        if token.lower_ in _words("seat_nouns"):
            for child in token.children:
                if child.dep_ in ("compound", "poss"):
                    index = self.mention_at(child)
                    if index is not None:
                        return index
        return None

    def _place_pairs(self) -> None:
        """'Paris, France': a place followed by the place it lies in."""
        text = self.text
        names = [(i, m) for i, m in enumerate(self.mentions) if m.kind == NAME and m.ner_label in ("GPE", "LOC")]
        starts = sorted(m.start for _, m in names)  # the next place after one is found by bisection, not by a scan
        for (i, first), (j, second) in zip(names, names[1:]):
            after = text[second.end:second.end + 6].lstrip(" ,")
            following = bisect_right(starts, second.end)
            in_list = after.startswith(("and ", "or ")) or (text[second.end:second.end + 2] == ", " and (
                following < len(starts) and starts[following] - second.end <= 3))
            if second.text.endswith(".") and len(second.text) <= 6:
                in_list = False  # 'Cody, Wyo., and Aspen, Colo.': an abbreviated state ends no list
            if text[first.end:second.start] == ", " and not in_list:
                self._add(LOCATED_IN, i, j, first.start, second.end, "relation:place-comma", 0.75)

    def _add(self, predicate: str, subject: int, obj: int | None, start: int, end: int, rule: str, confidence: float,
             *, modality: str = ASSERTED, position: str | None = None, event: str | None = None,
             trigger: "Token | None" = None, object_token: "Token | None" = None, if_place: str | None = None,
             by_subject: tuple[tuple[str, str], ...] = ()) -> None:
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

    def _path_up(self, trigger: "Token") -> list["Token"]:
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

    def _date(self, trigger: "Token") -> tuple[int | None, str]:
        """The time expression that dates the trigger's event: see when.date_of."""
        return date_of(trigger, self._path_up(trigger), self._dated_times, self._path_up)

    @cached_property
    def _dated_times(self) -> DatedTimes:
        return index_times(self.doc, self.times, self.text)

    def _place(self, trigger: "Token", object_token: "Token | None", object_index: int | None) -> int | None:
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


def _alleged(trigger: "Token") -> bool:
    """'charged with murdering', 'suspected of the assassination': an allegation, not a fact."""
    prep = trigger.head
    return trigger.dep_ in ("pcomp", "pobj") and prep.lower_ in ("of", "with", "for") and prep.head.lemma_ in _words("allegations")


def _fatal(verb: "Token") -> bool:
    words = {c.lower_ for c in verb.subtree if c.i > verb.i - 3 and c.i < verb.i + 6}
    return "fatally" in words or "dead" in words or "death" in words

