"""Attributions: who said what, whether in quotation marks or not.

A cue (a reporting verb from ontology/lexicon/cues.tsv, 'according to', or a verb of that list
followed by a nominal cue such as 'in a statement') introduces a content: the clause it
governs ('Hegseth said [the move was no betrayal]'), the clause it interrupts ('The war, he
said, is over') or the clause 'according to X' hangs from. Its source is the cue's subject
(or the 'by' agent, or the object of 'according to'); its addressee the person told ('told
reporters', 'said to allies'); its date a time expression that governs the cue rather than
sitting inside the content. Quotes that no cue governs (continuations, signed quotes) become
direct attributions of their own. The style follows from the quotation marks: a content
inside quotation marks is direct, one holding quoted words mixed, the rest indirect. Which
candidates are kept, and which verbs and nouns outside the lexicon report something ('trashed
the plan', 'her decision to run'), the cue model decides: a logistic regression learned from
PolNeAR's training split (ontology/lexicon/cue_model.tsv, bench/build_cue_model.py).

No attribution comes from a negated cue ('did not say'), a question ('Did he say ...?') or a
'said' that is no verb ('the said agreement')."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from ...resources import data_dir
from .logistic import BIAS, THRESHOLD, probability, weight_rows
from .model import (
    DESCRIPTION, PRONOUN, SPEAKER_CARRIES_OVER, Attribution, Mention, Quote, TimeExpression, mentions_by_start,
    mentions_within,
)
from .syntax import inside
from .when import time_of_statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

DIRECT, MIXED, INDIRECT = "direct", "mixed", "indirect"
# 'said to be', 'continued to push': an infinitive after these is no content
_NO_XCOMP = {"say", "tell", "continue"}
_ADDRESSEE_VERBS = {"tell", "assure", "remind", "warn", "ask", "urge", "inform", "brief", "promise", "thank"}
_PHRASE_DEPS = {"det", "amod", "compound", "poss", "nummod", "nmod", "prep", "pobj", "case", "quantmod",
                "advmod", "npadvmod", "cc", "conj", "acl", "neg"}
_CONTENT_PREPOSITIONS = {"about", "for", "against"}
_NOMINAL_PREPOSITIONS = {"about", "for", "against", "on", "of", "to", "over"}
_NOMINAL_CANDIDATE_PREPOSITIONS = {"about", "for", "against", "on", "to", "over"}  # 'of' is everywhere
_EDGE = " \t\n,.;:\u2014\u2013-"
_MARKS = "\"\u201c\u201d\u2018\u2019'"
_LINE_WITH_COLON = re.compile(r"^([A-Z][^:\n]{1,40}):[ \t]+([^\n]+)$", re.MULTILINE)


@lru_cache(maxsize=1)
def cue_lexicon() -> tuple[dict[str, str], frozenset[str], frozenset[str], dict[str, frozenset[str]], frozenset[str]]:
    """({verb lemma: kind}, nominal cue nouns, nouns whose prepositional object is content,
    {verb lemma: prepositions whose object is content}, general verbs) from ontology/lexicon/cues.tsv. A verb's
    kind is 'verb' when only a clause it governs is content, 'verb+object' when its object can be
    too; a 'noun' marks the medium ('in a statement'), a 'noun+preposition' a content of its own
    ('his call for a ceasefire'); a 'verb+preposition' row ('point to') names a verb and the
    preposition whose object it reports ('pointed to the deficit'). A 'not-a-cue' row ('have', 'make') is a
    verb too general for the cue model to weigh."""
    verbs, nouns, nominal, prepositions, general = {}, set(), set(), {}, set()
    with (data_dir("ontology") / "lexicon" / "cues.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
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


CUE_MODEL_FILE = "cue_model.tsv"


@lru_cache(maxsize=1)
def cue_model() -> CueModel | None:
    """The cue model, read once per process; None when the file is not there (rules alone)."""
    path = data_dir("ontology") / "lexicon" / CUE_MODEL_FILE
    return read_cue_model(path) if path.exists() else None


def read_cue_model(path) -> CueModel:
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


class AttributionFinder:
    def __init__(self, doc: "Doc", text: str, quote_spans: list[tuple[int, int]], quotes: tuple[Quote, ...],
                 mentions: list[Mention], mention_at: Callable[["Token"], int | None],
                 sentence_of: Callable[[int], int], times: tuple[TimeExpression, ...]):
        self.doc, self.text = doc, text  # the article's text: doc.text would join every token again
        self.quote_spans, self.quotes = quote_spans, quotes
        self.mentions, self.mention_at, self.sentence_of, self.times = mentions, mention_at, sentence_of, times
        self.verbs, self.nouns, self.nominal, self.verb_prepositions, self.general = cue_lexicon()
        self.model = cue_model()
        self.by_start = mentions_by_start(mentions)

    def _mentions_within(self, start: int, end: int) -> list[int]:
        return mentions_within(self.by_start, self.mentions, start, end)

    def find(self) -> tuple[Attribution, ...]:
        found: list[Attribution] = []
        for token in self._cue_tokens():
            attribution = self._from_cue(token)
            if attribution is not None:
                found.append(attribution)
        found.extend(self._from_quotes(found))
        found.extend(self._headlines(found))
        found.sort(key=lambda a: (a.start, a.end))
        return tuple(self._nearby_speakers(self._merge_interrupted(found)))

    # --- cues ---------------------------------------------------------------------------

    def _cue_tokens(self):
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

    def _is_question(self, sent: "Span") -> bool:
        doc, last = self.doc, sent.end - 1
        while last > sent.start and (doc[last].is_space or doc[last].text in _MARKS):
            last -= 1
        if doc[last].text != "?":
            return False
        first = next((t for t in sent if not t.is_punct and not t.is_space), None)
        return first is not None and first.pos_ == "AUX"

    def _from_cue(self, token: "Token") -> Attribution | None:
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            return self._according_to(token)
        if token.pos_ == "NOUN":
            return self._nominal(token)
        candidate = self._candidate(token)
        if candidate is None:
            return None
        content, shape = candidate
        if self.model is not None and self.model.score(self._features(token, content, shape)) < self.model.threshold:
            return None
        source = self._source(token)
        return self._build(token, content, source, rule=f"attribution:{token.lemma_.lower()}")

    def _candidate(self, token: "Token") -> tuple[tuple[int, int], str] | None:
        """(content, shape) for a verb that may report something: a verb of the lexicon, or,
        when a cue model is in use, any verb with a clause, an object or a prepositional
        object that could be what was reported; the model decides which are."""
        lemma = token.lemma_.lower()
        known = lemma in self.verbs or lemma in self.verb_prepositions
        if not known and (self.model is None or token.pos_ != "VERB" or lemma in self.general) \
                or token.pos_ not in ("VERB", "AUX") or token.dep_ == "amod":
            return None
        if inside(token.idx, self.quote_spans) or any(c.dep_ == "neg" for c in token.children):
            return None
        return self._content(token)

    def _features(self, cue: "Token", content: tuple[int, int], shape: str) -> list[str]:
        """What the cue model weighs: the cue's lemma and how it stands in its sentence, the
        shape and length of its content, and who its subject is."""
        lemma = cue.lemma_.lower()
        kind = self.verbs.get(lemma) or ("verb+preposition" if lemma in self.verb_prepositions else "none")
        words = len(self.text[content[0]:content[1]].split())
        length = "1" if words <= 1 else "2-3" if words <= 3 else "4-8" if words <= 8 else "9-20" if words <= 20 else "21+"
        subject = self._source(cue)
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
        quoted = self._style(*content)
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

    def _nominal(self, noun: "Token") -> Attribution | None:
        """'his call for a ceasefire', 'Doe's attacks on the plan': the noun's prepositional
        object is the content; its possessor, or the subject of the verb it is the object of
        ('Doe made comments about the plan'), the source."""
        candidate = self._nominal_candidate(noun)
        if candidate is None:
            return None
        content, shape = candidate
        if self.model is not None and self.model.score(self._nominal_features(noun, content, shape)) < self.model.threshold:
            return None
        source = next((c for c in noun.children if c.dep_ == "poss"), None)
        if source is None and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
            source = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        return self._build(noun, content, source, rule=f"attribution:{noun.lemma_.lower()}-{shape.split(':')[1]}")

    def _nominal_candidate(self, noun: "Token") -> tuple[tuple[int, int], str] | None:
        """(content, 'nominal:PREPOSITION') for a noun of the lexicon's nominal cues, or, when a
        cue model is in use, for any noun with such a prepositional phrase or an infinitive
        ('her decision to run'); the model decides which report something."""
        known = noun.lemma_.lower() in self.nominal
        if not noun.n_rights or not known and self.model is None or inside(noun.idx, self.quote_spans):
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
            if infinitive is None or self.model is None:
                return None
            objects, shape = list(infinitive.subtree), "nominal:to-infinitive"
        content = self._clause_span(objects, drop=(), least=1) if objects else None
        return None if content is None else (content, shape)

    def _nominal_features(self, noun: "Token", content: tuple[int, int], shape: str) -> list[str]:
        lemma = noun.lemma_.lower()
        words = len(self.text[content[0]:content[1]].split())
        length = "1" if words <= 1 else "2-3" if words <= 3 else "4-8" if words <= 8 else "9-20" if words <= 20 else "21+"
        possessor = next((c for c in noun.children if c.dep_ == "poss"), None)
        features = [f"noun={lemma}", f"noun={lemma}|shape={shape}", f"shape={shape}", f"len={length}",
                    f"shape={shape}|len={length}", f"lex={'noun+preposition' if lemma in self.nominal else 'none'}|{shape}",
                    f"noundep={noun.dep_}", f"possessor={'none' if possessor is None else possessor.pos_}"]
        if noun.dep_ in ("dobj", "pobj") and noun.head is not noun:
            features.append(f"nounhead={noun.head.lemma_.lower()}")
        return features

    def _content(self, cue: "Token") -> tuple[tuple[int, int], str] | None:
        """The content the cue governs and its shape: 'clause', 'object', 'interrupted' or
        'preposition'."""
        lemma = cue.lemma_.lower()
        if lemma in self.verb_prepositions and lemma not in self.verbs:  # 'pointed to the deficit'
            return self._shaped(self._prepositional_object(cue, self.verb_prepositions[lemma]), "preposition")
        clauses = [c for c in cue.children if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and cue.lemma_ not in _NO_XCOMP)]
        if clauses:  # 'argued that A, and that B': all of it
            return self._shaped(self._clause_span([t for c in clauses for t in c.subtree], drop=()), "clause")
        if self.verbs.get(lemma, "verb+object") == "verb+object":
            objects = [c for c in cue.children if c.dep_ == "dobj" and c.pos_ != "PRON"]
            if objects:  # 'denied the report', 'accused X of lying', 'called her "a leader"'
                tokens = [t for c in objects for t in c.subtree]
                for child in cue.children:
                    if child.i > objects[0].i and (child.dep_ in ("oprd", "xcomp", "ccomp") or (
                            child.dep_ == "prep" and child.lower_ in ("of", "for", "as", "over"))):
                        tokens.extend(child.subtree)
                return self._shaped(self._clause_span(sorted(tokens, key=lambda t: t.i), drop=(), least=1), "object")
        if cue.dep_ == "parataxis" and cue.head.pos_ in ("VERB", "AUX") and cue.head.i != cue.i:
            # 'The war, he said, is over': the clause the cue interrupts, without the cue's words
            return self._shaped(self._clause_span(list(cue.head.subtree), drop=set(t.i for t in cue.subtree)),
                                "interrupted")
        # 'talked about the wall', 'called for a ceasefire', 'referred to the deal'
        return self._shaped(self._prepositional_object(
            cue, _CONTENT_PREPOSITIONS | self.verb_prepositions.get(lemma, frozenset())), "preposition")

    @staticmethod
    def _shaped(content: tuple[int, int] | None, shape: str) -> tuple[tuple[int, int], str] | None:
        return None if content is None else (content, shape)

    def _prepositional_object(self, cue: "Token", prepositions) -> tuple[int, int] | None:
        for child in cue.children:
            if child.dep_ == "prep" and child.lower_ in prepositions:
                pobj = [t for g in child.children if g.dep_ in ("pobj", "pcomp") for t in g.subtree]
                if pobj:
                    return self._clause_span(sorted(pobj, key=lambda t: t.i), drop=(), least=1)
        return None

    def _clause_span(self, tokens: list["Token"], drop, least: int = 2) -> tuple[int, int] | None:
        kept = [t for t in tokens if t.i not in drop]
        while kept and (kept[0].dep_ == "mark" and kept[0].lower_ == "that"
                        or kept[0].is_punct or kept[0].is_space):
            kept = kept[1:]
        while kept and (kept[-1].is_punct and kept[-1].text not in _MARKS or kept[-1].is_space):
            kept = kept[:-1]
        if len([t for t in kept if not t.is_punct]) < least:
            return None
        start, end = kept[0].idx, kept[-1].idx + len(kept[-1].text)
        start, end = self._trim(start, end)
        for q_start, q_end in self.quote_spans:
            if q_start <= start and end <= q_end:
                return q_start, q_end  # the cue governs one sentence of a longer quote: all of it was said
            if start - 2 <= q_start <= start and q_end < end:
                return q_start, q_end  # 'told allies that "..." as Trump works': the quote is the content
        dash = self.text.find(" \u2014 ", start, end)
        if dash > start and not inside(dash, self.quote_spans):
            end = dash  # '... broken out \u2014 vowing to end it': the writer's words again
        return self._trim(start, end)

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        return start, end

    def _according_to(self, according: "Token") -> Attribution | None:
        to = next(c for c in according.children if c.lower_ == "to")
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        head = according.head
        if source is None or head is according:
            return None
        drop = {t.i for t in according.subtree}
        content = self._clause_span(list(head.subtree), drop)
        if content is None:
            return None
        return self._build(according, content, source, rule="attribution:according-to", cue_end=to.idx + len(to.text))

    def _source(self, cue: "Token") -> "Token | None":
        for child in cue.children:
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        seen, verb = 0, cue
        while verb is not None and seen < 3:
            for child in verb.children:
                if child.dep_ in ("nsubj",):
                    return child  # 'who' in a relative clause: _party reads it as the noun it follows
                if child.dep_ == "nsubjpass":
                    return None  # 'he was told': the subject is the addressee
            if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
                verb, seen = verb.head, seen + 1
                continue
            return None
        return None

    def _addressee(self, cue: "Token") -> "Token | None":
        for child in cue.children:
            if child.dep_ in ("dobj", "dative", "iobj") and cue.lemma_.lower() in _ADDRESSEE_VERBS:
                return child
            if child.dep_ in ("prep", "dative") and child.lower_ == "to":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        for child in cue.children:  # 'he was told by ...': the passive subject was told
            if child.dep_ == "nsubjpass" and cue.lemma_.lower() in _ADDRESSEE_VERBS:
                return child
        return None

    def _nominal_cue(self, cue: "Token") -> "Token | None":
        """'said in a statement', 'told CNN in an interview': the prepositional phrase's end."""
        for child in cue.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "on", "during", "via", "through"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.lemma_.lower() in self.nouns:
                        return pobj
        return None

    def _phrase(self, head: "Token") -> tuple[int, int]:
        """The noun phrase a source or addressee is, without relative clauses or appositions."""
        tokens = [head]
        for child in head.children:
            if child.dep_ in _PHRASE_DEPS:
                tokens.extend(child.subtree)
        tokens = sorted(tokens, key=lambda t: t.i)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        return self._trim(start, end)

    def _party(self, head: "Token | None") -> tuple:
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
            for index in self._mentions_within(start, end):
                other = self.mentions[index]
                if other.kind not in (PRONOUN, DESCRIPTION) and index != named:
                    organization = index
                    break
        return mention, start, end, organization, named

    def _date(self, cue: "Token", content: tuple[int, int]) -> int | None:
        return time_of_statement(cue, self.times, self.doc, self.sentence_of(cue.idx), content)

    def _build(self, cue: "Token", content: tuple[int, int], source: "Token | None", rule: str,
               cue_end: int | None = None) -> Attribution:
        nominal = self._nominal_cue(cue) if cue_end is None else None
        cue_end = cue_end or cue.idx + len(cue.text)
        cue_words = self.text[cue.idx:cue_end]
        if nominal is not None:  # 'said in a statement', in that order wherever the phrase stands
            phrase = self.text[nominal.head.idx:nominal.idx + len(nominal.text)]
            cue_words += " " + phrase[0].lower() + phrase[1:]
        source_mention, s_start, s_end, organization, named = self._party(source)
        addressee, a_start, a_end, _, _ = self._party(self._addressee(cue)) if rule != "attribution:according-to" \
            else (None, None, None, None, None)
        start, end = content
        return Attribution(
            style=self._style(start, end), start=start, end=end, text=self.text[start:end],
            sentence=self.sentence_of(start), cue=cue_words, cue_start=cue.idx, cue_end=cue_end,
            cue_lemma="according to" if rule.endswith("according-to") else cue.lemma_.lower(),
            source=source_mention, source_start=s_start, source_end=s_end,
            source_text=self.text[s_start:s_end] if s_start is not None else None,
            source_organization=organization, source_named=named,
            addressee=addressee, addressee_text=self.text[a_start:a_end] if a_start is not None else None,
            addressee_start=a_start, addressee_end=a_end,
            date=self._date(cue, content), rule=rule)

    def _style(self, start: int, end: int) -> str:
        def letters(a: int, b: int) -> int:
            return sum(1 for c in self.text[a:b] if c.isalnum())

        quoted = sum(letters(max(start, q_start), min(end, q_end))
                     for q_start, q_end in self.quote_spans if q_start < end and start < q_end)
        if not quoted:
            return INDIRECT
        return DIRECT if quoted >= letters(start, end) else MIXED

    def _headlines(self, found: list[Attribution]) -> list[Attribution]:
        """'Jane Doe: The Bridge Must Be Built' — a line that opens with a name and a colon."""
        extra = []
        for line in _LINE_WITH_COLON.finditer(self.text):
            name_end = line.end(1)
            source = next((i for i in self._mentions_within(line.start(1), name_end)
                           if self.mentions[i].start == line.start(1) and self.mentions[i].end == name_end
                           and self.mentions[i].kind not in (PRONOUN, DESCRIPTION)
                           and self.mentions[i].ner_label in ("PERSON", "ORG")), None)
            start, end = self._trim(line.start(2), line.end(2))
            if source is None or end - start < 3 or any(a.start < end and start < a.end for a in found):
                continue
            extra.append(Attribution(
                style=self._style(start, end), start=start, end=end, text=self.text[start:end],
                sentence=self.sentence_of(start), cue=":", cue_start=name_end, cue_end=name_end + 1, cue_lemma=":",
                source=source, source_start=line.start(1), source_end=name_end, source_text=line.group(1),
                rule="attribution:headline"))
        return extra

    # --- quotes no cue governs ------------------------------------------------------------

    def _from_quotes(self, found: list[Attribution]) -> list[Attribution]:
        extra = []
        for quote in self.quotes:
            if quote.partial or any(a.start <= quote.end and quote.start <= a.end for a in found):
                continue
            if quote.speaker is None and quote.cue_start is None and len(quote.text.split()) <= 6:
                continue  # a title or a slogan in quotation marks, said by no one the text names
            source = self.mentions[quote.speaker] if quote.speaker is not None else None
            cue = self._quote_cue(quote)
            attribution = Attribution(
                style=DIRECT, start=quote.start, end=quote.end, text=quote.text, sentence=quote.sentence,
                cue=cue.text if cue is not None else None, cue_start=quote.cue_start, cue_end=quote.cue_end,
                cue_lemma=cue.lemma_.lower() if cue is not None else None,
                source=quote.speaker, source_start=source.start if source else None,
                source_end=source.end if source else None, source_text=source.text if source else None,
                rule=quote.rule.replace("quote:", "attribution:quote-"))
            if source is None:
                attribution = self._colon_speaker(attribution) or self._described_speaker(attribution, quote)
            extra.append(attribution)
        return extra

    def _colon_speaker(self, attribution: Attribution) -> Attribution | None:
        """'Jane Doe: "..."', 'Added Doe: "..."': a name just before a colon that opens the quote."""
        colon = len(self.text[:attribution.start].rstrip(_MARKS + " \t\xa0")) - 1
        if colon < 1 or self.text[colon] != ":":
            return None
        name_end = len(self.text[:colon].rstrip())
        for index in self._mentions_within(max(0, name_end - 60), name_end):
            mention = self.mentions[index]
            if mention.end == name_end and mention.kind not in (PRONOUN, DESCRIPTION) \
                    and mention.ner_label in ("PERSON", "ORG"):
                return replace(attribution, source=index, source_start=mention.start, source_end=mention.end,
                                source_text=mention.text, cue=":", cue_start=name_end, cue_end=name_end + 1,
                                cue_lemma=":", rule="attribution:quote-colon-speaker")
        return None

    def _quote_cue(self, quote: Quote) -> "Token | None":
        span = self.doc.char_span(quote.cue_start, quote.cue_end) if quote.cue_start is not None else None
        return span[0] if span is not None and len(span) else None

    def _described_speaker(self, attribution: Attribution, quote: Quote) -> Attribution:
        """'"...," said the 46-year-old': a quote whose speaker is a description, not a name."""
        cue = self._quote_cue(quote)
        subject = self._source(cue) if cue is not None else None
        if subject is None:
            return attribution
        mention, start, end, organization, named = self._party(subject)
        if start is None or (mention is not None and self.mentions[mention].kind == PRONOUN):
            return attribution
        return replace(attribution, source=mention, source_start=start, source_end=end,
                        source_text=self.text[start:end], source_organization=organization, source_named=named,
                        cue=cue.text, cue_start=cue.idx, cue_end=cue.idx + len(cue.text), cue_lemma=cue.lemma_.lower(),
                        rule="attribution:quote-described-speaker")

    def _merge_interrupted(self, found: list[Attribution]) -> list[Attribution]:
        """'"A," he said, "B."': one direct attribution across the interruption; and a quote
        that continues the one before it ('"A," he said. "B."') joins it."""
        merged: list[Attribution] = []
        for attribution in found:
            previous = merged[-1] if merged else None
            if previous is not None and previous.style == DIRECT and attribution.style == DIRECT \
                    and previous.end <= attribution.start and self._continues(previous, attribution):
                keep = previous if previous.cue_start is not None or attribution.cue_start is None else attribution
                merged[-1] = replace(keep, start=previous.start, end=attribution.end,
                                      text=self.text[previous.start:attribution.end], sentence=previous.sentence)
                continue
            merged.append(attribution)
        return merged

    def _nearby_speakers(self, found: list[Attribution]) -> list[Attribution]:
        """A quote whose speaker the text does not give beside it is, in news, most often the
        words of whoever was reported speaking just before, within a few paragraphs."""
        result: list[Attribution] = []
        for attribution in found:
            if attribution.style == DIRECT and attribution.source is None and attribution.source_text is None:
                before = next((a for a in reversed(result) if a.source is not None), None)
                if before is not None and attribution.start - before.end > SPEAKER_CARRIES_OVER:
                    before = None
                if before is not None:
                    attribution = replace(attribution, source=before.source, rule="attribution:quote-nearby-speaker")
            result.append(attribution)
        return result

    def _continues(self, previous: Attribution, following: Attribution) -> bool:
        gap = self.text[previous.end:following.start]
        if len(gap) > 120 or gap.count("\n") > 2:
            return False
        if following.rule in ("attribution:quote-continuation", "attribution:quote-no-speaker"):
            return True
        cue = previous.cue_start if previous.cue_start is not None else following.cue_start
        same_cue = following.cue_start is None or previous.cue_start is None or following.cue_start == previous.cue_start
        return "\n" not in gap and same_cue and cue is not None and previous.end <= cue < following.start


def find_attributions(doc, text, quote_spans, quotes, mentions, mention_at, sentence_of, times) -> tuple[Attribution, ...]:
    return AttributionFinder(doc, text, quote_spans, quotes, mentions, mention_at, sentence_of, times).find()


def cue_candidates(finder: AttributionFinder):
    """Every verb candidate the finder would weigh, as (content, features), for learning the
    cue model (bench/build_cue_model.py); the model itself is left out of the choice."""
    model, finder.model = finder.model, CueModel({}, 0.0, 0.0)
    try:
        for token in finder._cue_tokens():
            if token.pos_ == "NOUN":
                candidate = finder._nominal_candidate(token)
                if candidate is not None:
                    yield candidate[0], finder._nominal_features(token, *candidate)
                continue
            candidate = finder._candidate(token)
            if candidate is not None:
                content, shape = candidate
                yield content, finder._features(token, content, shape)
    finally:
        finder.model = model
