"""Sentences and mentions: names from the statistical model (cleaned of 'the', titles and
possessives), person pronouns, and descriptions such as 'the Russian leader', each with the
syntactic cues resolution needs."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...knowledge import LazyRegex, LazyWords, alternation
from ...lexicon import gazetteer, given_names, listed, names_a_role, not_names, pronoun_genders, role_kind, titles, words
from ..nlp import english_words
from ..read import Article
from .capitals import common_word, names_nobody, title_case_line
from .layout import _is_dateline, credits_start, dateline_names, slashed_names, source_lines
from .model import DESCRIPTION, NAME, PRONOUN, Mention, Sentence
from .name_cues import before_known_person, country_prefix, has_person_role, has_team_role, is_subject, names_a_region, party_prefix
from .name_kinds import ends_a_title, known_person, known_surname, names_a_place, names_a_thing, no_name, person_shaped, thing_acronyms
from .names import _FORMER, _clean_name, glued_names, name_spans
from .syntax import SPEECH_VERBS, inside, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# spaCy labels kept as entity candidates. NORP ("Russian") is kept so that a nationality can
# point to its country; DATE, MONEY, etc. are not entities of this graph.
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}

# The words are data, ontology/lexicon/ (what each list is for is written there), read the
# first time a rule asks.
PERSON_PRONOUNS = LazyWords(lambda: pronoun_genders().keys())
# Head nouns of descriptions kg resolves: a leader ("the Russian leader", any leader role of
# ontology/lexicon/roles.tsv) or a country ("its neighboring nation").
COUNTRY_NOUNS = listed("country_nouns")
# 'Group B', 'Pool C': a draw's groups in a tournament, no organizations.
_HYPHEN_SPACE = re.compile(r"(?<=\w)-\s+(?=\w)")
_GROUP_LABEL = LazyRegex(lambda: rf"^(?:{alternation(words('sports', 'group'))})\s+[A-H]$")


def find_sentences(doc: Doc) -> tuple[Sentence, ...]:
    # doc.text joins every token anew on each read: read it once, not once per sentence.
    text = doc.text
    found: list[Sentence] = []
    for sent in doc.sents:
        raw = sent.text
        stripped = raw.strip()
        if not stripped:
            continue
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        if found and not any(ch.isalnum() for ch in stripped):
            # a closing quotation mark the parser cut off: it ends the sentence before
            previous = found.pop()
            start = previous.start
        found.append(Sentence(index=len(found), start=start, end=end, text=text[start:end]))
    return tuple(found)


class MentionFinder:
    """Collects the mentions of one Doc and remembers which tokens belong to which mention."""

    def __init__(self, article: Article, doc: Doc, sentences: tuple[Sentence, ...], quote_spans: list[tuple[int, int]]):
        self.text, self.dateline, self.doc = article.text, article.dateline, doc
        self.sentence_starts = [s.start for s in sentences]
        self.quote_spans = quote_spans
        self.mentions: list[Mention] = []
        self.token_mention: dict[int, int] = {}
        self._title_starts: dict[int, int] = {}  # a name's start -> its title's start
        self._thing_acronyms: frozenset[str] = frozenset()  # 'FOIA' of 'the Freedom of Information Act (FOIA)'

    def sentence_of(self, char: int) -> int:
        return max(0, bisect_right(self.sentence_starts, char) - 1)

    def mention_at(self, token: Token) -> int | None:
        return self.token_mention.get(token.i)

    def _add(self, tokens: Span, mention: Mention) -> int:
        index = len(self.mentions)
        self.mentions.append(mention)
        for token in tokens:
            self.token_mention.setdefault(token.i, index)
        return index

    def find(self) -> list[Mention]:
        body_end = credits_start(self.text)
        sources = source_lines(self.text)
        names = name_spans(self.doc, self.text)
        self._thing_acronyms = thing_acronyms(self.doc, self.text)
        for ent in names:
            if any(ent.start_char < source[4] and source[0] < ent.end_char for source in sources):
                continue  # the source line's own segmentation replaces the model's; its language is no nationality
            if self.dateline is not None and self.dateline.covers(ent.start_char, ent.end_char):
                continue  # so does the dateline's ('THE HAGUE', not 'HAGUE')
            if ent.label_ in ENTITY_LABELS and ent.start_char < body_end:
                self._add_name(ent)
        for place_start, place_end, outlet_start, outlet_end, _ in sources:
            self._add_span(place_start, place_end, "GPE")
            self._add_span(outlet_start, outlet_end, "ORG")
        for start, end, label in dateline_names(self.dateline):
            self._add_span(start, end, label)
        self._add_missed_short_names()
        self._qualify_titles()
        self._share_team_cues()
        self._extend_towns_by_region()
        for token in self.doc:
            if token.lower_ in PERSON_PRONOUNS and token.tag_ in ("PRP", "PRP$") and token.i not in self.token_mention:
                self._add_pronoun(token)
        for chunk in self.doc.noun_chunks:
            self._add_description(chunk)
        self._link_pronouns_to_speakers()
        return self.mentions

    def _add_name(self, ent: Span) -> None:
        cleaned = _clean_name(self.text, ent, self._lower_case_words)
        if cleaned is None:
            return
        start, end, title, title_start = cleaned
        for glued_start, glued_end in glued_names(self.text, start, end):  # 'Lisa MurkowskiGeorge Pataki'
            for part_start, part_end in slashed_names(self.text, glued_start, glued_end):  # 'NBC/WSJ/Marist'
                self._add_name_part(ent, part_start, part_end, title if part_start == start else None,
                                    title_start if part_start == start else None)

    def _add_name_part(self, ent: Span, start: int, end: int, title: str | None, title_start: int | None) -> None:
        if self.text[start] in "#@" or start > 0 and self.text[start - 1] in "#@":
            return  # a hashtag or a handle is not a name ('#NeverTrump', '@POTUS')
        if _HYPHEN_SPACE.sub("-", self.text[start:end]) in not_names() or _GROUP_LABEL.match(self.text[start:end]) \
                or no_name(self.text[start:end]):  # 'Trans- Pacific Partnership' as the line broke it
            return
        if ent.label_ == "ORG" and ends_a_title(self.text, start, end):
            return  # 'the former secretary of State': the title's word, no body
        if ent.label_ != "PERSON" and (names_a_thing(self.text[start:end]) or self.text[start:end] in self._thing_acronyms):
            return  # a law, an amendment, an event ('Clean Water Act', 'the 2020 Summer Olympics'), or its acronym
        if ent.label_ == "ORG" and names_a_role(self.text[start:end], self.text[end:end + 40]):
            return  # "the former Chairwoman's computer", 'Defence' of 'Defence Minister X': a role, no body
        if title is None and (cut := titles().cut_by(self.text, start, end)):
            if cut[2] < end and (holder := self.doc.char_span(cut[2], end, label="PERSON")) is not None:
                former = _FORMER.search(self.text[max(0, cut[1] - 60):cut[1]])  # 'Secretary of Defense Leon Panetta'
                self._add_name_part(holder, cut[2], end, None if former else cut[0], None if former else cut[1])
            return  # the title's words, no body
        if ent.label_ in ("ORG", "GPE", "LOC") and common_word(self.doc, self.text, start, end, english_words()):
            return  # 'Below', 'Feminists', a headline's 'DEAD' in capitals: words of English
        if (ent.label_ == "PERSON" and title is None or ent.label_ == "ORG" and title_case_line(self.text, start, end)) \
                and names_nobody(self.doc, self.text, start, end, english_words()):
            return  # 'Again', 'Leader', a headline's 'After Pressure': words of English capitalized where any word is
        if ent.label_ == "PERSON":
            start += before_known_person(self.text[start:end])  # 'Billionaire Donald Trump', 'Painting Trump'
        span = self.doc.char_span(start, end, alignment_mode="expand") or ent
        label = "LOC" if ent.label_ in ("ORG", "FAC") and names_a_place(self.text[start:end], span) else ent.label_  # 'Capitol Hill'
        if label == "ORG" and (person_shaped(self.text[start:end]) or known_surname(self.text[start:end], span)):
            label = "PERSON"  # 'Lester Holt', "Lynch's aides" the model took for a body
        if title_start is not None:
            self._title_starts[start] = title_start
        if ent.label_ == "ORG":
            prefix = country_prefix(self.text[start:end])
            if prefix is not None:  # 'U.S. Congress', 'the Ruritanian Navy': the body and its country
                self._add_span(start, start + len(prefix[0]), prefix[1])
            party = party_prefix(self.text[start:end])
            if party is not None:  # 'the Democratic Senate': the party's word, and the Senate of its name
                self._add_span(start, start + len(party), "NORP")
                start += len(party) + 1
        self._add(
            ent,
            Mention(
                start=start,
                end=end,
                text=self.text[start:end],
                ner_label="GPE" if _is_dateline(self.text, start, end) else label,
                sentence=self.sentence_of(start),
                title=title,
                person_cue=title is not None or has_person_role(span.root),
                team_cue=has_team_role(span.root) and not known_person(self.text[start:end]),
                is_subject=is_subject(span.root),
                in_quote=inside(start, self.quote_spans),
            ),
        )

    def _lower_case_words(self) -> frozenset[str]:
        """The words the article writes in lower case somewhere: a capitalized one of them at
        the end of a headline's name is the headline's capitals, not the name's ('Verdict')."""
        if not hasattr(self, "_lower_words"):
            self._lower_words = frozenset(w for t in self.doc if t.is_lower and t.is_alpha for w in (t.text, t.lemma_))
        return self._lower_words

    def _add_span(self, start: int, end: int, label: str) -> None:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return
        self._add(span, Mention(start=start, end=end, text=self.text[start:end], ner_label=label,
                                sentence=self.sentence_of(start), is_subject=is_subject(span.root),
                                in_quote=inside(start, self.quote_spans)))

    def _add_missed_short_names(self) -> None:
        """The model often tags 'Olaf Scholz' and then misses a later bare 'Scholz': a proper
        noun that repeats the surname of a person named in full is a mention of them too."""
        last_words: dict[str, str] = {}
        for mention in self.mentions:
            words = mention.text.split()
            if len(words) > 1 and mention.ner_label == "PERSON":
                last_words.setdefault(words[-1], mention.ner_label)
        for token in self.doc:
            if token.pos_ == "PROPN" and token.text in last_words and token.i not in self.token_mention \
                    and token.ent_type_ == "":
                start, end = token.idx, token.idx + len(token)
                self._add(
                    self.doc[token.i:token.i + 1],
                    Mention(start=start, end=end, text=token.text, ner_label=last_words[token.text],
                            sentence=self.sentence_of(start), person_cue=has_person_role(token),
                            is_subject=is_subject(token), in_quote=inside(start, self.quote_spans)),
                )
        # A country named at the start of a body's name ('U.S. Congress') starts with it: the
        # shorter mention goes first and keeps its words.
        self.mentions.sort(key=lambda m: (m.start, m.end))
        self.token_mention = {}
        for index, mention in enumerate(self.mentions):
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            for token in span if span is not None else ():
                self.token_mention.setdefault(token.i, index)

    def _extend_towns_by_region(self) -> None:
        """'Millbrook, N.Y.', 'Vienna, Austria', 'Washington, D.C.': a town named with the state
        or country it lies in is named by both words together; the region keeps its own
        mention. Not a list of places ('Ohio, Indiana and Iowa'; 'Denver, Boston')."""
        starts = {m.start: i for i, m in enumerate(self.mentions) if m.kind == NAME}
        for index, mention in enumerate(self.mentions):
            if mention.kind != NAME or mention.ner_label not in ("GPE", "LOC"):
                continue
            # a comma between, or none before a state's abbreviation ('Staunton Va.')
            comma = re.match(r"\s?,\s*|\s(?=[A-Z][a-z]{1,4}\.)", self.text[mention.end:mention.end + 8])
            region = starts.get(mention.end + comma.end()) if comma else None
            if region is None or self.mentions[region].ner_label not in ("GPE", "LOC"):
                continue
            town = gazetteer().lookup(mention.text)
            if town is not None and town.type != "City":
                continue  # a country or a state heading a list
            if not names_a_region(self.mentions[region].text):
                continue
            following = self.text[self.mentions[region].end:self.mentions[region].end + 6]
            if re.match(r",?\s*(?:and|or)\b", following) and not self.mentions[region].text.endswith("."):
                continue  # 'Dayton, Ohio and Indiana': a list after all (a state abbreviated is no list's: 'Salem, Ore., and')
            self.mentions[index] = _replace(mention, extent_end=self.mentions[region].end)

    def _share_team_cues(self) -> None:
        """Names listed with a club are clubs too: 'Schalke, Mainz and Hertha', 'drawn with
        Valencia, Lille and Borisov' (unless the name is a person's)."""
        clubs = {i for i, m in enumerate(self.mentions) if m.team_cue}
        for index in sorted(clubs):
            span = self.doc.char_span(self.mentions[index].start, self.mentions[index].end, alignment_mode="expand")
            if span is None:
                continue
            for token in span.root.conjuncts:
                other = self.token_mention.get(token.i)
                if other is None or other in clubs:
                    continue
                mention = self.mentions[other]
                if mention.kind == NAME and mention.ner_label in ("GPE", "ORG", "PERSON") and not mention.person_cue \
                        and mention.title is None and mention.text.split()[0] not in given_names():
                    self.mentions[other] = _replace(mention, team_cue=True)

    def _qualify_titles(self) -> None:
        """'Russian President Vladimir Putin', "Russia's President ...", 'NATO Secretary-General ...':
        the mention right before a title qualifies it."""
        ends = {m.end: i for i, m in enumerate(self.mentions)}
        for index, mention in enumerate(self.mentions):
            title_start = self._title_starts.get(mention.start)
            if title_start is None:
                continue
            before = re.sub(r"['\u2019]s?$", "", self.text[:title_start].rstrip()).rstrip()
            qualifier = ends.get(len(before)) if before else None
            if qualifier is not None:
                self.mentions[index] = _replace(self.mentions[index], title_qualifier=qualifier)

    def _add_pronoun(self, token: Token) -> None:
        start, end = token.idx, token.idx + len(token)
        self._add(
            self.doc[token.i:token.i + 1],
            Mention(
                start=start, end=end, text=token.text, ner_label="", sentence=self.sentence_of(start),
                kind=PRONOUN, is_subject=token.dep_ in ("nsubj", "nsubjpass"),
                in_quote=inside(start, self.quote_spans),
            ),
        )

    def _add_description(self, chunk: Span) -> None:
        """'the Russian leader' (a nationality and a leader noun), 'its neighboring nation'."""
        if any(t.i in self.token_mention and self.mentions[self.token_mention[t.i]].kind == NAME for t in chunk
               if t.ent_type_ not in ("NORP", "GPE")):
            return
        words = [t for t in chunk if t.dep_ not in ("det", "poss", "amod", "compound") or t == chunk.root]
        head = " ".join(t.lower_ for t in words)
        determiner = chunk[0].lower_
        qualifier = None
        for token in chunk:
            if token.i in self.token_mention and token != chunk.root:
                qualifier = self.token_mention[token.i]
        if role_kind(head) == "leader" and head.split()[-1] == chunk.root.lower_ and determiner == "the":
            pass  # 'the Russian leader', 'the president'

        elif head in COUNTRY_NOUNS and determiner in ("its", "the") and chunk.root.dep_ in ("dobj", "pobj"):
            qualifier = None
        else:
            return
        start, end = chunk.start_char, chunk.end_char
        named = [c for c in chunk.root.children if c.dep_ == "appos"] + ([chunk.root.head] if chunk.root.dep_ == "appos" else [])
        antecedent = next((self.token_mention[t.i] for t in named if t.i in self.token_mention
                           and self.mentions[self.token_mention[t.i]].kind == NAME), None)
        not_antecedent = None
        if head in COUNTRY_NOUNS:
            verb = chunk.root.head
            subject = subject_of(verb)
            not_antecedent = self.token_mention.get(subject.i) if subject is not None else None
        index = len(self.mentions)
        self.mentions.append(
            Mention(
                start=start, end=end, text=self.text[start:end], ner_label="", sentence=self.sentence_of(start),
                kind=DESCRIPTION, is_subject=chunk.root.dep_ in ("nsubj", "nsubjpass"),
                in_quote=inside(start, self.quote_spans), title_qualifier=qualifier,
                not_antecedent=not_antecedent, head=head, antecedent=antecedent,
            )
        )
        for token in chunk:  # the description stands for its words, but not for a name inside it
            self.token_mention.setdefault(token.i, index)

    def _link_pronouns_to_speakers(self) -> None:
        """Pronouns whose referent the syntax gives away: 'Trump said he would meet ...' (inside
        what a speaker says, thinks or promises: the speaker) and 'During his visit ..., Hegseth
        told ...' (a possessive in a fronted phrase: the subject that follows)."""
        for index, mention in enumerate(self.mentions):
            if mention.kind != PRONOUN:
                continue
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            assert span is not None  # a pronoun is one of the Doc's tokens: its span always aligns
            token = span[0]
            antecedent = self._reporter(token)
            if antecedent is None and token.dep_ == "poss":
                antecedent = self._following_subject(token)
            if antecedent is not None and antecedent != index:
                self.mentions[index] = _replace(mention, antecedent=antecedent)

    def _reporter(self, token: Token) -> int | None:
        clause, steps = token.head, 0
        while clause.dep_ not in ("ccomp", "xcomp", "advcl") and clause.head is not clause and steps < 4:
            clause = clause.head
            steps += 1
        if clause.dep_ not in ("ccomp", "xcomp") or clause.head.lemma_ not in SPEECH_VERBS:
            return None
        subject = subject_of(clause.head)
        if subject is None or subject.i == token.i:
            return None
        return self.token_mention.get(subject.i)

    def _following_subject(self, token: Token) -> int | None:
        head, steps = token.head, 0
        while head.pos_ not in ("VERB", "AUX") and head.head is not head and steps < 5:
            head = head.head
            steps += 1
        subject = subject_of(head) if head.pos_ in ("VERB", "AUX") else None
        if subject is None or subject.i < token.i:
            return None
        index = self.token_mention.get(subject.i)
        if index is None or self.mentions[index].kind != NAME:
            return None
        return index


def _replace(mention: Mention, **changes: Any) -> Mention:
    return replace(mention, **changes)
