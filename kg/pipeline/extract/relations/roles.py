"""Relations stated by what a name is called: titles ('Russian President Vladimir Putin'),
appositions ('Olaf Scholz, Germany's chancellor') and role phrases after 'is' ('Jane Doe is a
member of the council'): who leads, works for, belongs to, comes from or was born in what."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ....lexicon import gazetteer, role_kind, roles, titles
from ..model import DESCRIPTION, NAME, RelationCandidate
from .candidates import (
    AFFILIATED_WITH,
    BASED_IN,
    BORN_IN,
    CITIZEN_OF,
    HOLDS_POSITION,
    LEADER_OF,
    LIVES_IN,
    LOCATED_IN,
    MEMBER_OF,
    ORGANIZATION,
    PERSON,
    Candidates,
    Rules,
    pattern_words,
)
from .words import party_codes, position_words

if TYPE_CHECKING:
    from spacy.tokens import Token

# After a name: ' (D-N.Y.)', ', R-Tenn.', ' (I-Vt.)': a party's letter, a hyphen, a state.
_PARTY_CODE = re.compile(r"(?:\s\(|,\s)(?P<code>[A-Z])-[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?[,)]")


class RoleRules(Rules):
    def __init__(self, candidates: Candidates):
        super().__init__(candidates)
        self.past_titles: dict[str, list[tuple[str | None, frozenset[str]]]] = {}  # surname -> (given name, title words)

    def titled_names(self) -> None:
        """'Russian President Vladimir Putin', 'Bayern Munich striker Kingsley Coman', 'German
        tennis player Boris Becker': the words before a name say what the person is, and the
        name before those words says of what."""
        honorifics = {h.lower() for h in titles().honorifics}
        former = {w.rstrip("-") for w in pattern_words("former_words")}  # 'ex-' is a word of its own: 'ex', '-'
        for index, mention in enumerate(self.mentions):
            if mention.kind != NAME or mention.ner_label not in ("PERSON", "ORG"):
                continue
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            first = span.root.left_edge.i
            words = [t for t in self.doc[first:span.start] if not t.is_punct and t.pos_ != "DET"]
            if any(t.lower_ in former for t in words):
                # 'former German Chancellor ...' says nothing about today, and the bare title
                # elsewhere ('Chancellor X') is the past one too
                self._past_title(mention.text, [t.text for t in words if t.lower_ not in former])
                continue
            qualifier: int | None = None
            role: list[Token] = []
            parties: list[int] = []
            for token in words:
                found = self.mention_at(token)
                if found is not None and found != index and self.mentions[found].ner_label == "NORP" and self._party(found) is not None:
                    parties.append(found)  # 'Republican Indiana Gov. X': the party, and the state's title
                    qualifier, role = (found, []) if qualifier is None else (qualifier, role)
                elif found is not None and found != index and self._party(found) is not None:
                    parties.append(found)  # 'GOP pollster X', 'SPD leader X': the party by its name
                    qualifier, role = found, []
                elif found is not None and found != index and role_kind(self.mentions[found].text) != "portfolio":
                    qualifier, role = found, []  # the role is what follows the last qualifier
                elif token.pos_ in ("NOUN", "PROPN", "ADP") and token.lower_ not in honorifics or (
                        token.pos_ == "ADJ" and (role or token.lower_ in pattern_words("position_adjectives")
                                                 or not token.whitespace_ and self.doc[token.i + 1].text == "-")):
                    role.append(token)  # not 'longtime', 'influential': 'presidential', 'chief' belong
            groups = self._role_groups(role)
            role_words = " ".join(t.text for t in role)
            positions = [p for p in (self._position(" ".join(group), None) for group in groups) if p is not None]
            if not positions and (position := self._position(role_words, mention.title)) is not None:
                positions = [position]
            if any(t.lower_ in pattern_words("unheld_position_words") | pattern_words("retired_words") for t in words):
                positions = []  # 'the next president X', 'potential nominee X', 'retired Gen. X': not a post held now
            for position in dict.fromkeys(positions) if mention.ner_label == "PERSON" else ():
                self._add(HOLDS_POSITION, index, None, (self.mentions[qualifier].start if qualifier is not None else mention.start),
                          mention.end, "relation:title", 0.9, position=position)
            if mention.ner_label == "PERSON":
                for party in parties:  # 'Democratic nominee X', 'Republican Sen. X'
                    self._add(MEMBER_OF, index, party, self.mentions[party].start, mention.end, "relation:title-party", 0.85)
            if qualifier in parties and (self.mentions[qualifier].ner_label == "NORP" or role_kind(role_words) != "leader"):
                continue  # a party's leader leads it; anyone else it names is a member
            if qualifier is not None and (role_words or mention.ner_label == "ORG"):
                start = self.mentions[qualifier].start
                self._role_relations(index, role_words, qualifier, start, mention.end, "relation:title")

    def _past_title(self, name: str, words: list[str]) -> None:
        past = self.past_titles.setdefault(name.split()[-1], [])
        past.append((name.split()[0] if len(name.split()) > 1 else None, frozenset(position_words(" ".join(words)).lower().split())))

    def without_past_titles(self, found: list[RelationCandidate]) -> list[RelationCandidate]:
        """The candidates but the positions the article says elsewhere its holder held only in
        the past: 'Secretary Clinton' where she is 'former Secretary of State Hillary Clinton'
        (FACTS-GUIDE decision 6)."""
        def past(candidate: RelationCandidate) -> bool:
            if candidate.predicate != HOLDS_POSITION or candidate.position is None:
                return False
            name = self.mentions[candidate.subject].text.split()
            held = set(candidate.position.lower().split()) - pattern_words("position_adjectives")
            return any((first is None or len(name) == 1 or name[0] == first) and held & words
                       for first, words in self.past_titles.get(name[-1], ()))
        return [c for c in found if not past(c)]

    def _role_groups(self, role: list[Token]) -> list[list[str]]:
        """The words of a name's title, one group a position: 'presidential candidate Sen.' is
        two ('presidential candidate', 'Sen.'), as is 'journalist and author'; a hyphenated word
        is one word ('front-runner')."""
        title_forms = {t for t in titles().positions if t[0].isupper()}
        groups: list[list[str]] = []
        previous: Token | None = None
        for token in role:
            between = self.doc[previous.i + 1:token.i] if previous is not None else self.doc[0:0]
            if previous is not None and between.text == "-" and not previous.whitespace_ and not between[-1].whitespace_ \
                    and f"{groups[-1][-1]}-{token.text}".lower() in roles():
                groups[-1][-1] += "-" + token.text  # 'front-runner', 'co-host': a role of its own
            elif previous is None or any(t.lower_ in ("and", "&") for t in between) or (
                    token.text in title_forms and groups[-1][-1].islower() and role_kind(" ".join(groups[-1])) not in (None, "portfolio")
                    and " ".join(groups[-1] + [token.text]).lower() not in roles()):
                groups.append([token.text])  # a new position: after 'and', or a title after a role
            else:
                groups[-1].append(token.text)
            previous = token
        return groups

    def _position(self, role_words: str, title: str | None) -> str | None:
        """The position a name's title or role words say its bearer holds: the role words when
        they end in a role ('presidential nominee', 'campaign chairman', 'host'), else the
        title ('President'); an abbreviated title written out ('Sen.' -> 'Senator')."""
        known = roles()
        positions = {t.lower() for t in titles().positions}
        words = role_words.split()
        ending = next((i for i in range(len(words)) if known.get(" ".join(words[i:]).lower()) not in (None, "portfolio")
                       or " ".join(words[i:]).lower() in positions), None)
        if ending is not None:
            # back over the words that name the position ('presidential', 'Majority'), not over a
            # name the model missed ('Acme chairman')
            while ending > 0 and (words[ending - 1].islower() or words[ending - 1].lower() in pattern_words("position_adjectives")) \
                    and words[ending - 1].lower() not in pattern_words("not_roles"):
                ending -= 1
            return position_words(" ".join(words[ending:]))
        honorifics = {h.lower() for h in titles().honorifics}
        return position_words(title) if title and title.lower() not in honorifics else None

    def _party(self, index: int) -> str | None:
        """The party a qualifier names ('Democratic', 'GOP'), by the gazetteer: an organization
        whose adjective or name it is and which is a party."""
        mention = self.mentions[index]
        if mention.kind != NAME or mention.ner_label not in ("NORP", "ORG"):
            return None
        known = gazetteer()
        entry = known.demonym(mention.text)
        if entry is not None and entry.type == ORGANIZATION:
            return entry.label  # 'Democratic', 'Republican': only parties have adjectives
        entry = known.lookup(mention.text)
        if entry is None or entry.type != ORGANIZATION or not pattern_words("party_name_words") & set(entry.label.split()):
            return None
        return entry.label

    def party_codes(self) -> None:
        """'Sen. Jane Doe (D-N.Y.)', 'Jane Doe, R-Tenn.,': a member of the party the letter
        stands for, when the article names that party somewhere (its name, adjective or short
        form) so that there is an entity to be a member of."""
        codes = party_codes()
        by_party: dict[str, int] = {}
        for index in range(len(self.mentions)):
            party = self._party(index)
            if party is not None:
                by_party.setdefault(party, index)
        people = [(m.end, i) for i, m in enumerate(self.mentions) if m.kind == NAME and m.ner_label == "PERSON"]
        for match in _PARTY_CODE.finditer(self.text):
            party = codes.get(match.group("code"))
            holder = next((i for end, i in people if end == match.start()), None)
            if party is None or holder is None or party not in by_party:
                continue
            self._add(MEMBER_OF, holder, by_party[party], self.mentions[holder].start, match.end(), "relation:party-code", 0.85)

    def _role_relations(self, holder: int, role_words: str, qualifier: int, start: int, end: int, rule: str,
                        *, owned: bool = True, subordinate: bool = False) -> None:
        """What a role makes its holder of the organization or place that qualifies it: the
        leader, an agent (spokesman, official) or a member of an organization; the leader, an agent (minister, spokesman),
        a citizen or a resident of a place. A bare occupation ('Jordanian analyst') says only
        a nationality. An organization qualified by a place ('Australia's largest bookmaker')
        is based there."""
        kind = role_kind(role_words)
        if kind == "leader" and (subordinate or pattern_words("subordinate_words") & set(role_words.lower().split())):
            kind = "agent"  # 'deputy director', 'regional director of X': works for X, does not head it
        holder_label, label = self.mentions[holder].ner_label, self.mentions[qualifier].ner_label
        place = label in ("GPE", "NORP", "LOC") or self.mentions[qualifier].kind != NAME
        if holder_label == "ORG":
            if place:
                # 'Soviet pianist X' with X mistaken for an organization: resolution knows which it is.
                as_person = (kind in ("leader", "agent", "member", "occupation") or label == "NORP") and role_words \
                    and not pattern_words("institution_nouns") & set(role_words.lower().split())
                choices = ((ORGANIZATION, BASED_IN), (PERSON, CITIZEN_OF)) if as_person else ()
                self._add(BASED_IN, holder, qualifier, start, end, rule + "-seat", 0.75, by_subject=choices,
                          if_place=LIVES_IN if as_person else None)
            return
        if label in ("ORG", "FAC"):
            if role_words and (role_words.split()[-1].lower() in pattern_words("staff_roles")
                               or " ".join(role_words.split()[-2:]).lower() in pattern_words("staff_roles")):
                # 'CNN host X', 'X, a reporter for CNN', 'WikiLeaks founder X': works for it
                if owned:
                    self._add(AFFILIATED_WITH, holder, qualifier, start, end, rule + "-staff", 0.8)
            elif kind == "leader":
                self._add(LEADER_OF, holder, qualifier, start, end, rule + "-leader", 0.85)
            elif kind == "agent" and not pattern_words("service_ranks") & set(role_words.lower().split()):
                # 'X, a spokeswoman for Acme', 'an official at the foundation': speaks or works for it
                self._add(AFFILIATED_WITH, holder, qualifier, start, end, rule + "-agent", 0.8)
            else:
                self._add(MEMBER_OF, holder, qualifier, start, end, rule + "-member", 0.75)
        elif place and not pattern_words("institution_nouns") & set(role_words.lower().split()):
            # A country makes a citizen; a city or a state (known only once resolved) a resident.
            if kind == "leader":
                self._add(LEADER_OF, holder, qualifier, start, end, rule + "-leader", 0.85)
            elif kind == "agent":
                self._add(AFFILIATED_WITH, holder, qualifier, start, end, rule + "-agent", 0.8, if_place=LIVES_IN)
            if kind in ("leader", "agent", "member", "occupation") or label == "NORP":
                self._add(CITIZEN_OF, holder, qualifier, start, end, rule + "-nationality", 0.7, if_place=LIVES_IN)

    def apposition(self, token: Token) -> None:
        """'Olaf Scholz, Germany's chancellor', 'the German chancellor, Olaf Scholz', 'Jane Doe, a
        columnist for the Times'."""
        for name_token, title_token in ((token.head, token), (token, token.head)):
            self.role_phrase(name_token, title_token)
            self._from_place(name_token, title_token)
        for role in self.coordinated_roles(token):
            self.role_phrase(token.head, role)

    def coordinated_roles(self, noun: Token) -> list[Token]:
        """The other roles of 'Jane Doe, director of Acme and a member of the Greens' (the
        parser may hang 'and a member' on the organization before it)."""
        if noun.pos_ != "NOUN" or role_kind(noun.lemma_) is None:
            return []
        return [t for t in noun.subtree if t.dep_ == "conj" and t.pos_ == "NOUN" and t.i > noun.i
                and t.lemma_ not in pattern_words("killer_nouns") and role_kind(t.lemma_) is not None and self.mention_at(t) is None]

    def _from_place(self, name_token: Token, noun: Token) -> None:
        """'Jane Doe, a Republican from Chicago', 'Jane Doe, a lawyer from Dayton': she lives there."""
        holder = self.mention_at(name_token)
        if holder is None or self.mentions[holder].kind != NAME or self.mentions[holder].ner_label != "PERSON":
            return
        described = self.mention_at(noun)
        if not (role_kind(noun.lemma_) or noun.lemma_ in pattern_words("people_nouns")
                or described is not None and self.mentions[described].ner_label == "NORP"):
            return  # 'a letter from Chicago' is no person
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "from"):
            for place in self._with_appositions([c for c in prep.children if c.dep_ == "pobj"]):
                index = self.mention_at(place)
                if index is not None and index != holder and self.mentions[index].ner_label in ("GPE", "LOC"):
                    self._add(LIVES_IN, holder, index, min(name_token.idx, self.mentions[index].start),
                              max(self.mentions[holder].end, self.mentions[index].end), "relation:apposition-from", 0.65)

    def role_phrase(self, name_token: Token, title_token: Token, rule: str = "relation:apposition") -> None:
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
        if title_token.lemma_ in pattern_words("native_nouns"):
            self._native(holder, name_token, title_token)
            return
        if title_token.lemma_ in pattern_words("killer_nouns") or title_token.lemma_ in pattern_words("not_roles"):
            return  # 'X, assassin of Y', 'X was the victim of a Y plot': no employer
        title_mention = self.mention_at(title_token)
        if title_mention is not None and self.mentions[title_mention].kind != DESCRIPTION:
            return
        if self.mentions[holder].ner_label in ("GPE", "LOC") and title_token.lemma_ in pattern_words("place_nouns"):
            for qualifier in self._qualifiers(title_token):
                if self.mentions[qualifier].ner_label in ("GPE", "LOC", "NORP"):
                    self._add(LOCATED_IN, holder, qualifier, self.mentions[holder].start,
                              title_token.right_edge.idx + len(title_token.right_edge), rule + "-place", 0.8)
            return
        # the noun's own modifiers and theirs: 'a political science professor' (political -> science -> professor)
        modifiers = [t for t in self.doc[title_token.left_edge.i:title_token.i] if t.dep_ in ("compound", "amod")
                     and (t.head == title_token or t.head.dep_ in ("compound", "amod") and t.head.head == title_token)]
        # 'X, a former director of Y' holds no position today (FACTS-GUIDE decision 6); that she led Y stays said
        former = any(t.lower_.rstrip("-") in pattern_words("former_words") for t in modifiers)
        unheld = any(t.lower_ in pattern_words("unheld_position_words") for t in modifiers)
        words = [t for t in modifiers if self.mention_at(t) is None and t.pos_ in ("NOUN", "PROPN", "ADJ")
                 and (t.pos_ != "ADJ" or t.lower_ in pattern_words("position_adjectives"))]
        role_words = " ".join([t.text for t in words] + [title_token.text])
        qualifiers = self._qualifiers(title_token)
        parties = [q for q in qualifiers if self.mentions[q].ner_label == "NORP" and self._party(q) is not None]
        qualifiers = [q for q in qualifiers if q not in parties]
        kind = role_kind(role_words)
        if kind is None and not qualifiers and not parties:
            return
        start = min(name_token.idx, title_token.left_edge.idx)
        end = max(name_token.idx + len(name_token), title_token.right_edge.idx + len(title_token.right_edge))
        if self.mentions[holder].ner_label == "PERSON" and not former:
            for party in parties:  # 'the Republican nominee, X', 'X, the Democratic candidate'
                self._add(MEMBER_OF, holder, party, start, end, rule + "-party", 0.85)
        if former:
            self._past_title(self.mentions[holder].text, [t.text for t in words] + [title_token.text])
        retired = any(t.lower_ in pattern_words("retired_words") for t in modifiers)
        if former or unheld or retired or rule == "relation:role-phrase" and not qualifiers and not parties:
            pass  # 'X is the architect of the plan', 'X has been a leader': a description, not a post
        elif kind in ("leader", "agent", "occupation") or kind == "member" and title_token.lemma_ != "member":
            self._add(HOLDS_POSITION, holder, None, start, end, rule, 0.8,
                      position=" ".join([position_words(role_words).title(), *self._field(title_token)]))
        if unheld:
            return  # 'X, the next governor of Ohio': no post or membership yet
        for qualifier in qualifiers:
            # 'host of a show' names what is hosted, not an employer: 'for CNN', 'at CNN', "CNN's" do
            owned = not any(c.dep_ == "prep" and c.lower_ == "of" and self.mention_at(p) == qualifier
                            for c in title_token.children for p in c.children) or role_kind(role_words) == "leader"
            # 'the director of debate at X' heads a field of X, not X
            self._role_relations(holder, role_words, qualifier, start, end, rule, owned=owned, subordinate=bool(self._field(title_token)))

    def _field(self, noun: Token) -> list[str]:
        """The field a role is of, when a bare noun names it: 'director of debate', 'vice president
        for policy', 'professor of economics'; not a body ('director of the FBI', 'of Acme')."""
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "for")):
            words = list(prep.subtree)
            if 2 <= len(words) <= 4 and all(t.pos_ in ("ADP", "NOUN", "ADJ") and self.mention_at(t) is None for t in words):
                return [t.text for t in words]
        return []

    def _native(self, holder: int, name_token: Token, noun: Token) -> None:
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

    def _qualifiers(self, noun: Token) -> list[int]:
        """Mentions that say whose a title is: 'Germany's', 'German', 'NATO', 'of NATO', 'for
        Apple'. Of several 'of'/'at' phrases the one naming the employer wins: 'professor of
        economics at Columbia University' is Columbia's."""
        found: list[int] = []
        by_prep: dict[str, int] = {}
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
                                employer_index = self.mention_at(employer)
                                assert employer_index is not None  # employers were kept for having a mention
                                by_prep.setdefault(prep.lower_, employer_index)
        for preposition in ("at", "for", "with", "of"):
            if preposition in by_prep:
                found.append(by_prep[preposition])
                # 'a lawyer for the Times and Gannett': each employer of the list
                found += [other for other in self.listed_with(by_prep[preposition]) if other not in found]
                break
        return found
