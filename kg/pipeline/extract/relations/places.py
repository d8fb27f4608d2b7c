"""Where people and organizations are, and where places lie, as the words around a name say:
its own phrase ('Acme Corp. of Chicago', 'Kyiv in Ukraine'), which may say membership too ('Jane
Doe of Acme', 'Jane Doe (Greens)'); a place after a place ('Paris, France'); the nouns of home,
birth and seat ("Jane Doe's Ohio home", 'Dayton native Jane Doe', "Acme's headquarters in
Dayton"); and the source line of a wire story."""

from __future__ import annotations

from bisect import bisect_right
from itertools import pairwise
from typing import TYPE_CHECKING

from ..layout import source_lines
from ..model import NAME, Mention
from .candidates import AFFILIATED_WITH, BASED_IN, BORN_IN, LIVES_IN, LOCATED_IN, MEMBER_OF, ORGANIZATION, PERSON, PLACE, Rules, pattern_words

if TYPE_CHECKING:
    from spacy.tokens import Token


class PlaceRules(Rules):
    def source_line_outlets(self) -> None:
        """'Springfield Radio Example in English 1200 GMT ...': the outlet publishes from the city."""
        at = {m.start: i for i, m in enumerate(self.mentions) if m.kind == NAME}
        for place_start, _, outlet_start, outlet_end, _ in source_lines(self.text):
            place, outlet = at.get(place_start), at.get(outlet_start)
            if place is not None and outlet is not None:
                self._add(BASED_IN, outlet, place, place_start, outlet_end, "relation:source-line", 0.75)

    def attachments(self) -> None:
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
                        if other is None and pobj.lemma_ in pattern_words("unit_nouns") and mention.ner_label == "PERSON" and child.lower_ == "of":
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
            if (root.dep_ == "pobj" and root.head.lower_ == "of"
                    and root.head.head.lower_ in pattern_words("place_nouns")):
                place_noun = root.head.head  # 'the German city of Hamburg', 'Bavaria's capital of Munich'
                for child in place_noun.children:
                    other = self.mention_at(child)
                    if child.dep_ in ("amod", "compound", "poss", "nmod") and other is not None and other != index:
                        self._add(LOCATED_IN, index, other, min(self.mentions[other].start, mention.start), mention.end,
                                  "relation:place-noun", 0.8)

    def _unit_owner(self, unit: Token) -> int | None:
        owners = [self.mention_at(c) for c in unit.children if c.dep_ in ("poss", "compound") and self.mention_at(c) is not None]
        owners = [o for o in owners if o is not None and self.mentions[o].ner_label == "ORG"]  # every owner has a mention: the test only narrows the type
        return owners[0] if len(owners) == 1 else None

    def _coordinated_names(self, root: Token, mention: Mention) -> list[int]:
        """The names of the same kind coordinated before this one, which a phrase after the last
        holds for as well: 'Jane Doe and John Roe of Acme' are both of Acme."""
        if root.dep_ != "conj":
            return []
        found: list[int] = []
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
            # "CNN's Jane Doe", 'Jane Doe of The Times': she works for the outlet (FACTS-GUIDE 7); of
            # other bodies ('Jane Doe of the Greens') she is a member
            outlet = bool(pattern_words("outlet_words") & set(target.text.replace("'", " ").replace("’", " ").split()))
            self._add(AFFILIATED_WITH if outlet else MEMBER_OF, index, other, start, end, f"relation:person-{how}-org", 0.65)
        elif (mention.ner_label == "ORG" and how == "poss" and target.ner_label == "PERSON"
              and pattern_words("membership_words") & set(mention.text.lower().split())):
            # "Jane Doe's Labour Party": her party. Not "Trump's FBI": an office he directs, not joins.
            self._add(MEMBER_OF, other, index, start, end, "relation:person-poss-party", 0.65)

    def native_compound(self, native: Token) -> None:
        """'Dayton native Jane Doe': the place and 'native' both qualify the name; she was born there."""
        person, place = self.mention_at(native.head), self.mention_at(self.doc[native.i - 1])
        if person is None or place is None or person == place or self.doc[native.i - 1].head != native.head:
            return
        if self.mentions[person].ner_label == "PERSON" and self.mentions[place].ner_label in ("GPE", "LOC"):
            self._add(BORN_IN, person, place, self.mentions[place].start, self.mentions[person].end,
                      "relation:native-compound", 0.7)

    def home(self, noun: Token) -> None:
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
            assert person is not None  # owners were kept for having a mention
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

    def native_place(self, native: Token) -> None:
        """'his native Ohio', "Jane Doe's native Dayton": born there."""
        place = self.mention_at(native.head)
        owners = [c for c in native.head.children if c.dep_ == "poss" and self.mention_at(c) is not None]
        if place is None or self.mentions[place].ner_label not in ("GPE", "LOC") or not owners:
            return
        person = self.mention_at(owners[0])
        assert person is not None  # owners were kept for having a mention
        if self.mentions[person].ner_label in ("PERSON", ""):
            self._add(BORN_IN, person, place, min(self.mentions[person].start, self.mentions[place].start),
                      max(self.mentions[person].end, self.mentions[place].end), "relation:native-place", 0.7)

    def seat(self, noun: Token) -> None:
        """"Acme's headquarters in Dayton", 'the NRC headquarters in Rockville, Md.': the
        organization is based there."""
        owners = [c for c in noun.children if c.dep_ in ("poss", "compound") and self.mention_at(c) is not None]
        places = [p for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in ("in", "at")
                  for p in prep.children if p.dep_ == "pobj"]
        for owner in owners:
            org = self.mention_at(owner)
            assert org is not None  # owners were kept for having a mention
            if self.mentions[org].ner_label != "ORG":
                continue
            for place in self._with_appositions(places):
                index = self.mention_at(place)
                if index is not None and self.mentions[index].ner_label in ("GPE", "LOC"):
                    self._add(BASED_IN, org, index, self.mentions[org].start, self.mentions[index].end,
                              "relation:headquarters-in", 0.8)

    def place_pairs(self) -> None:
        """'Paris, France': a place followed by the place it lies in."""
        text = self.text
        names = [(i, m) for i, m in enumerate(self.mentions) if m.kind == NAME and m.ner_label in ("GPE", "LOC")]
        starts = sorted(m.start for _, m in names)  # the next place after one is found by bisection, not by a scan
        for (i, first), (j, second) in pairwise(names):
            after = text[second.end:second.end + 6].lstrip(" ,")
            following = bisect_right(starts, second.end)
            in_list = after.startswith(("and ", "or ")) or (text[second.end:second.end + 2] == ", " and (
                following < len(starts) and starts[following] - second.end <= 3))
            if second.text.endswith(".") and len(second.text) <= 6:
                in_list = False  # 'Cody, Wyo., and Aspen, Colo.': an abbreviated state ends no list
            if text[first.end:second.start] == ", " and not in_list:
                self._add(LOCATED_IN, i, j, first.start, second.end, "relation:place-comma", 0.75)
