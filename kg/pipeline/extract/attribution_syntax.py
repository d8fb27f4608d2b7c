"""The syntax of an attribution: which tokens can be cues, the content a cue governs, its
source and addressee as phrases and mentions, and how much of a content is quoted."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Iterator
from typing import TYPE_CHECKING

from ...lexicon import words
from .model import DESCRIPTION, PRONOUN, Mention, mentions_by_start, mentions_within
from .syntax import inside

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# cue_model.cue_lexicon(): ({verb lemma: kind}, nominal cue nouns, nouns whose prepositional object
# is content, {verb lemma: prepositions whose object is content}, general verbs)
CueLexicon = tuple[dict[str, str], frozenset[str], frozenset[str], dict[str, frozenset[str]], frozenset[str]]
DIRECT, MIXED, INDIRECT = "direct", "mixed", "indirect"
# The words are data, ontology/lexicon/attribution_words.tsv (what each kind means is written
# there), read the first time a rule asks.
# 'said to be', 'continued to push': an infinitive after these is no content
_NO_XCOMP = words("attribution_words", "no infinitive")
_ADDRESSEE_VERBS = words("attribution_words", "addressee")  # 'told reporters'
_NO_REPORT = words("attribution_words", "no report")  # 'paused', 'imposed'
_DISCOURSE_SUBJECTS = words("attribution_words", "discourse subject")  # 'That said, ...'
_FORCE = words("attribution_words", "force")  # 'attacked Kyiv' reports nothing, 'attacked the plan' does
_FORCE_TARGETS = words("attribution_words", "force target")  # 'struck the port'
# A content made of these only is an amount or a time, not what was said ('spoke for more than two hours')
_AMOUNT_ENTITIES = frozenset({"DATE", "TIME", "QUANTITY", "CARDINAL", "PERCENT", "MONEY", "ORDINAL"})
_PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
_PHRASE_DEPS = {"det", "amod", "compound", "poss", "nummod", "nmod", "prep", "pobj", "case", "quantmod",
                "advmod", "npadvmod", "cc", "conj", "acl", "neg"}
_CONTENT_PREPOSITIONS = words("attribution_words", "verb preposition")
_SETTING_PREPOSITIONS = words("attribution_words", "setting preposition")  # 'at a rally', 'during the debate'
# A prepositional object of these names where or when something was said, not what
_SETTING_ENTITIES = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "ORG", "EVENT"})
_NOMINAL_PREPOSITIONS = words("attribution_words", "noun preposition", "cue noun preposition")
_NOMINAL_CANDIDATE_PREPOSITIONS = words("attribution_words", "noun preposition")  # 'of' is everywhere
_EDGE = " \t\n,.;:\u2014\u2013-"
_DASHES = ("\u2014", "\u2013", "--")
QUOTE_MARKS = "\"\u201c\u201d\u2018\u2019'"


class AttributionSyntax:
    """Reads one article's parse for attributions: its cue words, the content each governs, the
    source and addressee as phrases and mentions."""

    def __init__(self, doc: Doc, text: str, quote_spans: list[tuple[int, int]], mentions: list[Mention],
                 mention_at: Callable[[Token], int | None], lexicon: CueLexicon):
        self.doc, self.text = doc, text  # the article's text: doc.text would join every token again
        self.quote_spans = quote_spans
        self.mentions, self.mention_at = mentions, mention_at
        self.verbs, self.nouns, self.nominal, self.verb_prepositions, self.general = lexicon
        self.by_start = mentions_by_start(mentions)

    def mentions_within(self, start: int, end: int) -> list[int]:
        return mentions_within(self.by_start, self.mentions, start, end)

    def cue_tokens(self) -> Iterator[Token]:
        """The verbs, nouns and 'according' of the sentences that are not questions: the only
        tokens that can be cues. Read from the Doc's arrays, as a Token object per word of the
        article costs more than the rest of the search."""
        from spacy.attrs import LOWER, POS
        from spacy.symbols import AUX, NOUN, VERB

        doc = self.doc
        if not len(doc):
            return
        columns = doc.to_array([POS, LOWER])
        according = doc.vocab.strings["according"]
        for sent in doc.sents:
            if self._is_question(sent):
                continue
            for i in range(sent.start, sent.end):
                pos, lower = columns[i]
                if pos in (VERB, AUX, NOUN) or lower == according:
                    yield doc[i]

    def _is_question(self, sent: Span) -> bool:
        doc, last = self.doc, sent.end - 1
        while last > sent.start and (doc[last].is_space or doc[last].text in QUOTE_MARKS):
            last -= 1
        if doc[last].text != "?":
            return False
        first = next((t for t in sent if not t.is_punct and not t.is_space), None)
        return first is not None and first.pos_ == "AUX"

    def candidate(self, token: Token, weighed: bool) -> tuple[tuple[int, int], str] | None:
        """(content, shape) for a verb that may report something: a verb of the lexicon, or,
        when a cue model is in use (`weighed`), any verb with a clause, an object or a prepositional
        object that could be what was reported; the model decides which are."""
        lemma = token.lemma_.lower()
        known = lemma in self.verbs or lemma in self.verb_prepositions
        if not known and (not weighed or token.pos_ != "VERB" or lemma in self.general) \
                or token.pos_ not in ("VERB", "AUX") or token.dep_ == "amod" or lemma in _NO_REPORT:
            return None
        if inside(token.idx, self.quote_spans) or any(c.dep_ == "neg" for c in token.children):
            return None
        if self._discourse_marker(token):
            return None  # 'That said, the bill may pass': the writer turning, no one reporting
        found = self._content(token)
        if found is None or self._amount(*found[0]):
            return None  # 'spoke by phone for more than two hours': how long, not what
        if lemma in _FORCE and found[1] == "object" and self._place_object(token):
            return None  # 'attacked Kyiv': by force, not by words
        return found

    def _discourse_marker(self, cue: Token) -> bool:
        """'That said, ...', 'This said, ...': a cue whose only words are itself and a subject of
        ontology/lexicon/attribution_words.tsv ('discourse subject'), set off by a comma."""
        doc = cue.doc
        before = doc[cue.i - 1] if cue.i > 0 else None
        after = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
        return before is not None and after is not None and before.lower_ in _DISCOURSE_SUBJECTS \
            and after.text == "," and (before.i == 0 or before.is_sent_start or doc[before.i - 1].is_punct)

    def _amount(self, start: int, end: int) -> bool:
        """Whether a content is only an amount or a time ('more than two hours', 'on Monday')."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        words = [t for t in span if not t.is_punct and not t.is_space]
        counted = [t for t in words if t.ent_type_ in _AMOUNT_ENTITIES or t.like_num]
        return bool(counted) and all(t in counted or t.pos_ in ("ADP", "DET", "ADV", "CCONJ", "ADJ", "PART")
                                     or t.lower_ == "than" for t in words)

    @staticmethod
    def _place_object(cue: Token) -> bool:
        objects = [c for c in cue.children if c.dep_ == "dobj"]
        return bool(objects) and all(o.ent_type_ in _PLACE_ENTITIES or o.lemma_.lower() in _FORCE_TARGETS for o in objects)

    def nominal_candidate(self, noun: Token, weighed: bool) -> tuple[tuple[int, int], str] | None:
        """(content, 'nominal:PREPOSITION') for a noun of the lexicon's nominal cues, or, when a
        cue model is in use (`weighed`), for any noun with such a prepositional phrase or an infinitive
        ('her decision to run'); the model decides which report something."""
        known = noun.lemma_.lower() in self.nominal
        if not noun.n_rights or not known and not weighed or inside(noun.idx, self.quote_spans):
            return None  # its preposition or infinitive would follow it
        prep = next((c for c in noun.children if c.dep_ == "prep"
                     and c.lower_ in (_NOMINAL_PREPOSITIONS if known else _NOMINAL_CANDIDATE_PREPOSITIONS)), None)
        if prep is not None:
            heads = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]
            if any(g.ent_type_ in ("DATE", "TIME") for g in heads):
                return None  # 'the attack on Friday': when, not what
            objects, shape = [t for g in heads for t in g.subtree], f"nominal:{prep.lower_}"
        else:
            infinitive = next((c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VB"
                               and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
            if infinitive is None or not weighed:
                return None
            objects, shape = list(infinitive.subtree), "nominal:to-infinitive"
        content = self.clause_span(objects, drop=(), least=1) if objects else None
        return None if content is None else (content, shape)

    def _content(self, cue: Token) -> tuple[tuple[int, int], str] | None:
        """The content the cue governs and its shape: 'clause', 'object', 'interrupted' or
        'preposition'."""
        lemma = cue.lemma_.lower()
        if lemma in self.verb_prepositions and lemma not in self.verbs:  # 'pointed to the deficit'
            return self._shaped(self._prepositional_object(cue, self.verb_prepositions[lemma]), "preposition")
        clauses = [c for c in cue.children if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and cue.lemma_ not in _NO_XCOMP)]
        if clauses:  # 'argued that A, and that B': all of it
            # 'said A, but that B', parsed with the second clause coordinated with the cue
            clauses += [c for c in cue.children if c.dep_ == "conj" and c.i > clauses[0].i
                        and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
            return self._shaped(self.clause_span([t for c in clauses for t in c.subtree], drop=()), "clause")
        if self.verbs.get(lemma, "verb+object") == "verb+object":
            objects = [c for c in cue.children if c.dep_ == "dobj" and c.pos_ != "PRON"]
            if objects:  # 'denied the report', 'accused X of lying', 'called her "a leader"'
                tokens = [t for c in objects for t in c.subtree] + self._complements(cue, objects[0])
                return self._shaped(self.clause_span(sorted(tokens, key=lambda t: t.i), drop=(), least=1), "object")
        if cue.dep_ == "parataxis" and cue.head.pos_ in ("VERB", "AUX") and cue.head.i != cue.i:
            # 'The war, he said, is over': the clause the cue interrupts, without the cue's words
            return self._shaped(self.clause_span(list(cue.head.subtree), drop=set(t.i for t in cue.subtree)),
                                "interrupted")
        # 'talked about the wall', 'called for a ceasefire', 'referred to the deal'
        return self._shaped(self._prepositional_object(
            cue, _CONTENT_PREPOSITIONS | self.verb_prepositions.get(lemma, frozenset())), "preposition")

    @staticmethod
    def _shaped(content: tuple[int, int] | None, shape: str) -> tuple[tuple[int, int], str] | None:
        return None if content is None else (content, shape)

    def _complements(self, cue: Token, after: Token) -> list[Token]:
        """What the cue says of its object or prepositional object besides naming it, to its
        right: 'accused X of lying', 'called her "a leader"', 'praised X's leadership in the
        storm', 'railed against X for refusing to vote'; not where or when it was said ('at a
        rally', 'in a statement', 'on Monday')."""
        tokens: list[Token] = []
        for child in cue.children:
            if child.i <= after.i:
                continue
            if child.dep_ in ("oprd", "xcomp", "ccomp"):
                tokens.extend(child.subtree)
            elif child.dep_ == "prep" and child.lower_ not in _SETTING_PREPOSITIONS:
                heads = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                if not any(g.ent_type_ in _SETTING_ENTITIES or g.lemma_.lower() in self.nouns for g in heads):
                    tokens.extend(child.subtree)
        return tokens

    def _prepositional_object(self, cue: Token, prepositions: Container[str]) -> tuple[int, int] | None:
        for child in cue.children:
            if child.dep_ == "prep" and child.lower_ in prepositions:
                pobj = [t for g in child.children if g.dep_ in ("pobj", "pcomp") for t in g.subtree]
                if pobj:
                    pobj += self._complements(cue, child)
                    return self.clause_span(sorted(pobj, key=lambda t: t.i), drop=(), least=1)
        return None

    def clause_span(self, tokens: list[Token], drop: Container[int], least: int = 2) -> tuple[int, int] | None:
        kept = [t for t in tokens if t.i not in drop]
        while kept and (kept[0].dep_ == "mark" and kept[0].lower_ == "that"
                        or kept[0].is_punct or kept[0].is_space):
            kept = kept[1:]
        while kept and (kept[-1].is_punct and kept[-1].text not in QUOTE_MARKS or kept[-1].is_space):
            kept = kept[:-1]
        if len([t for t in kept if not t.is_punct]) < least:
            return None
        start, end = kept[0].idx, kept[-1].idx + len(kept[-1].text)
        start, end = self.trim(start, end)
        spans = self.quote_spans
        # Only the quotes from the first that ends near the clause's start to the last that starts
        # by its end can hold it, lead it or be cut by it (the spans are sorted and disjoint, so
        # their ends are sorted too): not every quote of the article for each clause.
        for at in range(bisect_left(spans, start - 2, key=lambda span: span[1]), len(spans)):
            q_start, q_end = spans[at]
            if q_start > end:
                break
            if q_start <= start and end <= q_end:
                return q_start, q_end  # the cue governs one sentence of a longer quote: all of it was said
            if start - 2 <= q_start <= start and q_end < end:
                return q_start, q_end  # 'told allies that "..." as Trump works': the quote is the content
            if start < q_start < end < q_end:
                end = q_end  # 'said he was "deeply worried about the country, and ...': a quote is not cut
        dash = self.text.find(" \u2014 ", start, end)
        if dash > start and not inside(dash, self.quote_spans):
            end = dash  # '... broken out \u2014 vowing to end it': the writer's words again
        return self.trim(start, end)

    def trim(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        return start, end

    def source(self, cue: Token) -> Token | None:
        """Who reports: the cue's subject (up through 'and', 'to', 'as' clauses) or its 'by' agent;
        never a word inside quotation marks, which are the words reported ('"Every amendment,"
        said Cruz' with 'amendment' parsed the subject: Cruz, the name right after the cue)."""
        quoted = not inside(cue.idx, self.quote_spans)  # words in marks are the reported ones, not the reporter
        found = self._source(cue, quoted)
        if found is None or not quoted or not inside(found.idx, self.quote_spans):
            return found
        after = cue.i + 1
        while after < len(cue.doc) and cue.doc[after].pos_ in ("DET", "ADJ", "PROPN", "NOUN") and after <= cue.i + 6:
            if self.mention_at(cue.doc[after]) is not None and cue.doc[after].pos_ == "PROPN":
                return cue.doc[after]
            after += 1
        return None

    def _source(self, cue: Token, quoted: bool = False) -> Token | None:
        for child in cue.children:
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        if self._reduced_passive(cue):
            return None  # 'Asked about the plan, Doe said ...': Doe was asked; who asked is not said
        seen, verb = 0, cue
        while verb is not None and seen < 3:
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            outside = [c for c in subjects if not quoted or not inside(c.idx, self.quote_spans)]
            for child in outside or subjects:  # '"Recap," tweeted X': X, not 'recap'
                if child.dep_ in ("nsubj",):
                    return child  # 'who' in a relative clause: _party reads it as the noun it follows
                if child.dep_ == "nsubjpass":
                    return None  # 'he was told': the subject is the addressee
            if verb.dep_ == "advcl" and verb.i > 0 and verb.doc[verb.i - 1].text in _DASHES \
                    and verb.head.dep_ == "ccomp" and verb.head.head is not verb.head:
                # 'Doe said the war would not have broken out — vowing to end it': past the
                # dash the reporter speaks again, not the reported clause's subject
                verb, seen = verb.head.head, seen + 1
                continue
            if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
                verb, seen = verb.head, seen + 1
                continue
            if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
                # 'by calling out X, Doe showed ...', 'has taken to urging voters': the verb's subject
                verb, seen = verb.head.head, seen + 1
                continue
            if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
                noun = verb.head
                if noun.lemma_.lower() in self.nouns:
                    # 'Doe released a statement confirming ...': who made the statement
                    if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
                        verb, seen = noun.head, seen + 1
                        continue
                    return None
                return noun  # 'a group backing Doe', 'ledgers showing the payments'
            if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
                # 'her plan to sue the city', 'his ability to jolt the economy and accuse X of ...'
                return next((c for c in verb.head.children if c.dep_ == "poss"), None)
            return None
        return None

    @staticmethod
    def _reduced_passive(cue: Token) -> bool:
        """'Asked about the plan, Doe said ...', 'Pressed on the vote, ...': a past participle
        with no subject or auxiliary of its own, hanging from the clause whose subject it was said to."""
        return cue.tag_ == "VBN" and cue.dep_ == "advcl" and cue.head is not cue \
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in cue.children)

    def addressee(self, cue: Token) -> Token | None:
        if self._reduced_passive(cue) and cue.lemma_.lower() in _ADDRESSEE_VERBS:
            return next((c for c in cue.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        for child in cue.children:
            if child.dep_ in ("dobj", "dative", "iobj") and cue.lemma_.lower() in _ADDRESSEE_VERBS:
                return child
            if child.dep_ in ("prep", "dative") and child.lower_ == "to" \
                    and "to" not in self.verb_prepositions.get(cue.lemma_.lower(), ()):  # 'pointed to X': X is what
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        for child in cue.children:  # 'he was told by ...': the passive subject was told
            if child.dep_ == "nsubjpass" and cue.lemma_.lower() in _ADDRESSEE_VERBS:
                return child
        return None

    def nominal_cue(self, cue: Token) -> Token | None:
        """'said in a statement', 'told CNN in an interview': the prepositional phrase's end."""
        for child in cue.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "on", "during", "via", "through"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.lemma_.lower() in self.nouns:
                        return pobj
        return None

    def _phrase(self, head: Token) -> tuple[int, int]:
        """The noun phrase a source or addressee is, without relative clauses or appositions."""
        tokens = [head]
        for child in head.children:
            if child.dep_ in _PHRASE_DEPS:
                tokens.extend(child.subtree)
        tokens = sorted(tokens, key=lambda t: t.i)
        start, end = self.trim(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
        if head.dep_ == "poss" and self.text[end - 2:end] in ("'s", "\u2019s") and end - 2 > start:
            end = end - 2  # "a reporter's question": the reporter, not "a reporter's"
        return start, end

    def party(self, head: Token | None) -> tuple:
        """(mention, start, end, described-by mention, named-by mention) for a source or addressee."""
        if head is None:
            return None, None, None, None, None
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
            # 'Jane Doe, who said ...': Jane Doe said it; the words are 'who'
            mention = self.mention_at(head.head.head)
            if mention is not None:
                return mention, head.idx, head.idx + len(head.text), None, None
            head = head.head.head
        if head.ent_type_ in ("DATE", "TIME"):
            return None, None, None, None, None  # 'Aug. 24': a parse gone wrong, not a source
        head = self._outside_parentheses(head)
        mention = self.mention_at(head)
        start, end = self._phrase(head)
        if mention is not None and self.mentions[mention].kind != DESCRIPTION:
            start, end = self.mentions[mention].start, self.mentions[mention].end
        named = None
        for child in head.children:  # 'a spokesman, Dmitry Peskov,' / 'Dmitry Peskov, the Kremlin's spokesman,'
            if child.dep_ == "appos":
                other = self.mention_at(child)
                is_name = mention is not None and self.mentions[mention].kind not in (PRONOUN, DESCRIPTION)
                if other is not None and self.mentions[other].kind not in (PRONOUN, DESCRIPTION):
                    if not is_name:
                        named = other  # 'a spokesman, Dmitry Peskov,'
                elif is_name and child.pos_ == "NOUN":
                    named = mention
                    start, end = self._phrase(child)
                    mention = None  # the description is the source's words; the name identifies it
        organization = None
        if mention is None or self.mentions[mention].kind == DESCRIPTION:
            for index in self.mentions_within(start, end):
                inner = self.mentions[index]
                if inner.kind not in (PRONOUN, DESCRIPTION) and index != named:
                    organization = index
                    break
        return mention, start, end, organization, named

    def _outside_parentheses(self, head: Token) -> Token:
        """'Gov. Jane Doe (R-OH) said' parsed with 'OH' for subject: the name before the parenthesis."""
        opening = self.text.rfind("(", max(0, head.idx - 8), head.idx)
        if opening < 0 or head.pos_ != "PROPN" or ")" in self.text[opening:head.idx]:
            return head
        name_end = len(self.text[:opening].rstrip())
        for token in head.doc[max(0, head.i - 8):head.i]:
            if token.idx + len(token.text) == name_end and token.pos_ == "PROPN":
                mention = self.mention_at(token)
                if mention is not None and self.mentions[mention].kind not in (PRONOUN, DESCRIPTION) \
                        and self.mentions[mention].end == name_end:
                    return token
        return head

    def style(self, start: int, end: int) -> str:
        def letters(a: int, b: int) -> int:
            return sum(1 for c in self.text[a:b] if c.isalnum())

        spans = self.quote_spans
        # The quotes that overlap the content: from the first that ends after its start to the last
        # that starts before its end (sorted and disjoint spans), not every quote of the article.
        quoted = 0
        for at in range(bisect_right(spans, start, key=lambda span: span[1]), len(spans)):
            q_start, q_end = spans[at]
            if q_start >= end:
                break
            quoted += letters(max(start, q_start), min(end, q_end))
        if not quoted:
            return INDIRECT
        return DIRECT if quoted >= letters(start, end) else MIXED
