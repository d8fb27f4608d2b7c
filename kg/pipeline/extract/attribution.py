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

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import accumulate
from typing import TYPE_CHECKING

from ...lexicon import words
from ..read import Dateline
from .attribution_syntax import DIRECT, INDIRECT, QUOTE_MARKS, AttributionSyntax
from .cue_model import cue_lexicon, cue_model, nominal_features, verb_features
from .model import DESCRIPTION, PRONOUN, SPEAKER_CARRIES_OVER, Attribution, Mention, Quote, TimeExpression
from .when import TimesBySentence, time_of_statement

# 'on CNN's "New Day"': quotation marks after these hold a title, not what anyone said
_TITLE_LEAD_INS = words("attribution_words", "title lead-in")

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# the end of one sentence and the opening mark of a quote that starts the next, in one paragraph
_SENTENCE_GAP = re.compile("[.!?]?[\"\u201d\u2019']?[ \t\xa0]+[\"\u201c\u2018']")
_LINE_WITH_COLON = re.compile(r"^([A-Z][^:\n]{1,40}):[ \t]+([^\n]+)$", re.MULTILINE)


class AttributionFinder:
    """Assembles the article's attributions: from each cue the syntax finds and the cue model
    keeps, from the quotes no cue governs, and from 'Name: ...' lines. The story's dateline is none
    of an attribution's parts."""

    def __init__(self, doc: Doc, text: str, quote_spans: list[tuple[int, int]], quotes: tuple[Quote, ...],
                 mentions: list[Mention], mention_at: Callable[[Token], int | None],
                 sentence_of: Callable[[int], int], times: tuple[TimeExpression, ...], dateline: Dateline | None = None):
        self.doc, self.text = doc, text  # the article's text: doc.text would join every token again
        self.quotes, self.mentions, self.sentence_of, self.times = quotes, mentions, sentence_of, times
        self.times_by_sentence = TimesBySentence.of(times)
        self.dateline = dateline
        self.model = cue_model()
        self.syntax = AttributionSyntax(doc, text, quote_spans, mentions, mention_at, cue_lexicon())

    def find(self) -> tuple[Attribution, ...]:
        found: list[Attribution] = []
        for token in self.syntax.cue_tokens():
            attribution = self._from_cue(token)
            if attribution is not None:
                found.append(attribution)
        found.extend(self._from_quotes(found))
        found.extend(self._headlines(found))
        found.sort(key=lambda a: (a.start, a.end))
        found = [a for a in (self._outside_dateline(a) for a in found) if a is not None]
        return tuple(self._nearby_speakers(self._quotes_going_on(self._merge_interrupted(found))))

    def _outside_dateline(self, attribution: Attribution) -> Attribution | None:
        """'WASHINGTON, July 2 (KG Wire) — Jane Doe said ...': the dateline says where the story
        was filed from; it is no statement, no cue, no source and no addressee. A content that
        starts in it starts after it; one that lies in it is none."""
        dateline = self.dateline
        if dateline is None:
            return attribution
        if attribution.cue_start is not None and attribution.cue_end is not None \
                and dateline.covers(attribution.cue_start, attribution.cue_end):
            return None
        if dateline.covers(attribution.start, attribution.end):
            # the words on the dateline's side of the story: after it, or a headline's before it
            start, end = (self.syntax.trim(dateline.end, attribution.end) if attribution.end > dateline.end
                          else self.syntax.trim(attribution.start, dateline.start))
            if end - start < 3:
                return None
            attribution = replace(attribution, start=start, end=end, text=self.text[start:end], sentence=self.sentence_of(start),
                                  style=self.syntax.style(start, end))
        source = self.mentions[attribution.source] if attribution.source is not None else None
        if (source is not None and dateline.covers(source.start, source.end)) or (
                attribution.source_start is not None and attribution.source_end is not None
                and dateline.covers(attribution.source_start, attribution.source_end)):
            attribution = replace(attribution, source=None, source_start=None, source_end=None, source_text=None,
                                  source_organization=None, source_named=None)
        addressee = self.mentions[attribution.addressee] if attribution.addressee is not None else None
        if (addressee is not None and dateline.covers(addressee.start, addressee.end)) or (
                attribution.addressee_start is not None and attribution.addressee_end is not None
                and dateline.covers(attribution.addressee_start, attribution.addressee_end)):
            attribution = replace(attribution, addressee=None, addressee_text=None, addressee_start=None, addressee_end=None)
        return attribution

    def _from_cue(self, token: Token) -> Attribution | None:
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            return self._according_to(token)
        if token.pos_ == "NOUN":
            return self._nominal(token)
        candidate = self.syntax.candidate(token, weighed=self.model is not None)
        if candidate is None:
            return None
        content, shape = candidate
        if self.model is not None and not self.model.keeps(verb_features(self.syntax, token, content, shape)):
            return None
        source = self.syntax.source(token)
        return self._build(token, content, source, rule=f"attribution:{token.lemma_.lower()}")

    def _nominal(self, noun: Token) -> Attribution | None:
        """'his call for a ceasefire', 'Doe's attacks on the plan': the noun's prepositional
        object is the content; its possessor, or the subject of the verb it is the object of
        ('Doe made comments about the plan'), the source."""
        candidate = self.syntax.nominal_candidate(noun, weighed=self.model is not None)
        if candidate is None:
            return None
        content, shape = candidate
        if self.model is not None and not self.model.keeps(nominal_features(self.syntax, noun, content, shape)):
            return None
        source = next((c for c in noun.children if c.dep_ == "poss"), None)
        if source is None and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
            source = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        return self._build(noun, content, source, rule=f"attribution:{noun.lemma_.lower()}-{shape.split(':')[1]}")

    def _according_to(self, according: Token) -> Attribution | None:
        to = next(c for c in according.children if c.lower_ == "to")
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        head = according.head
        if source is None or head is according:
            return None
        # '..., while Y raised $6 million, according to Z': what Z reports is the whole sentence,
        # wherever the parser hung the phrase
        while head.head is not head and head.dep_ in ("advcl", "conj", "ccomp", "xcomp") and head.head.pos_ in ("VERB", "AUX"):
            head = head.head
        drop = {t.i for t in according.subtree}
        content = self.syntax.clause_span(list(head.subtree), drop)
        if content is None:
            return None
        return self._build(according, content, source, rule="attribution:according-to", cue_end=to.idx + len(to.text))

    def _date(self, cue: Token, content: tuple[int, int]) -> int | None:
        return time_of_statement(cue, self.times_by_sentence, self.doc, self.sentence_of(cue.idx), content)

    def _build(self, cue: Token, content: tuple[int, int], source: Token | None, rule: str,
               cue_end: int | None = None) -> Attribution:
        nominal = self.syntax.nominal_cue(cue) if cue_end is None else None
        cue_end = cue_end or cue.idx + len(cue.text)
        cue_words = self.text[cue.idx:cue_end]
        if nominal is not None:  # 'said in a statement', in that order wherever the phrase stands
            phrase = self.text[nominal.head.idx:nominal.idx + len(nominal.text)]
            cue_words += " " + phrase[0].lower() + phrase[1:]
        source_mention, s_start, s_end, organization, named = self.syntax.party(source)
        addressee, a_start, a_end, _, _ = self.syntax.party(self.syntax.addressee(cue)) \
            if rule != "attribution:according-to" else (None, None, None, None, None)
        start, end = content
        return Attribution(
            style=self.syntax.style(start, end), start=start, end=end, text=self.text[start:end],
            sentence=self.sentence_of(start), cue=cue_words, cue_start=cue.idx, cue_end=cue_end,
            source=source_mention, source_start=s_start, source_end=s_end,
            source_text=self.text[s_start:s_end] if s_start is not None else None,
            source_organization=organization, source_named=named,
            addressee=addressee, addressee_text=self.text[a_start:a_end] if a_start is not None else None,
            addressee_start=a_start, addressee_end=a_end,
            date=self._date(cue, content), rule=rule)

    def _headlines(self, found: list[Attribution]) -> list[Attribution]:
        """'Jane Doe: The Bridge Must Be Built' — a line that opens with a name and a colon."""
        extra = []
        for line in _LINE_WITH_COLON.finditer(self.text):
            name_end = line.end(1)
            source = next((i for i in self.syntax.mentions_within(line.start(1), name_end)
                           if self.mentions[i].start == line.start(1) and self.mentions[i].end == name_end
                           and self.mentions[i].kind not in (PRONOUN, DESCRIPTION)
                           and self.mentions[i].ner_label in ("PERSON", "ORG")), None)
            start, end = self.syntax.trim(line.start(2), line.end(2))
            if source is None or end - start < 3 or any(a.start < end and start < a.end for a in found):
                continue
            if not any(c.isalpha() for c in self.text[start:end]):
                continue  # 'Jane Doe: 1,769.': a tally, not her words
            extra.append(Attribution(
                style=self.syntax.style(start, end), start=start, end=end, text=self.text[start:end],
                sentence=self.sentence_of(start), cue=":", cue_start=name_end, cue_end=name_end + 1,
                source=source, source_start=line.start(1), source_end=name_end, source_text=line.group(1),
                rule="attribution:headline"))
        return extra

    # --- quotes no cue governs ------------------------------------------------------------

    def _from_quotes(self, found: list[Attribution]) -> list[Attribution]:
        # The attributions found by start, each with the furthest end of those up to it: a quote
        # touches one when the furthest end of those starting by the quote's end reaches its start
        # (a bisection per quote, not a scan of every attribution).
        spans = sorted((a.start, a.end) for a in found)
        starts = [start for start, _ in spans]
        reach = list(accumulate((end for _, end in spans), max))
        extra = []
        for quote in self.quotes:
            before = bisect_right(starts, quote.end)
            if quote.partial or (before and reach[before - 1] >= quote.start):
                continue
            if quote.speaker is None and quote.cue_start is None and len(quote.text.split()) <= 6:
                continue  # a title or a slogan in quotation marks, said by no one the text names
            if self._quoted_title(quote):
                continue  # 'on CNN's "New Day," Sen. X said': the show's name, not X's words
            source = self.mentions[quote.speaker] if quote.speaker is not None else None
            cue = self._quote_cue(quote)
            attribution = Attribution(
                style=DIRECT, start=quote.start, end=quote.end, text=quote.text, sentence=quote.sentence,
                cue=cue.text if cue is not None else None, cue_start=quote.cue_start, cue_end=quote.cue_end,
                source=quote.speaker, source_start=source.start if source else None,
                source_end=source.end if source else None, source_text=source.text if source else None,
                rule=quote.rule.replace("quote:", "attribution:quote-"))
            if source is None:
                attribution = self._colon_speaker(attribution) or self._described_speaker(attribution, quote)
            extra.append(attribution)
        return extra

    def _quoted_title(self, quote: Quote) -> bool:
        """A few capitalized words in quotation marks right after 'on' or a possessive: a title."""
        title_words = quote.text.strip(QUOTE_MARKS + " ,.").split()
        if not title_words or len(title_words) > 5 or not all(w[0].isupper() or not w[0].isalpha() for w in title_words):
            return False
        before = self.text[max(0, quote.start - 40):quote.start].rstrip(QUOTE_MARKS + " \t\xa0").split()
        last = before[-1].lower() if before else ""
        return last in _TITLE_LEAD_INS or any(last.endswith(clitic) for clitic in _TITLE_LEAD_INS if not clitic.isalpha())

    def _colon_speaker(self, attribution: Attribution) -> Attribution | None:
        """'Jane Doe: "..."', 'Added Doe: "..."': a name just before a colon that opens the quote."""
        colon = len(self.text[:attribution.start].rstrip(QUOTE_MARKS + " \t\xa0")) - 1
        if colon < 1 or self.text[colon] != ":":
            return None
        name_end = len(self.text[:colon].rstrip())
        for index in self.syntax.mentions_within(max(0, name_end - 60), name_end):
            mention = self.mentions[index]
            if mention.end == name_end and mention.kind not in (PRONOUN, DESCRIPTION) \
                    and mention.ner_label in ("PERSON", "ORG"):
                return replace(attribution, source=index, source_start=mention.start, source_end=mention.end,
                                source_text=mention.text, cue=":", cue_start=name_end, cue_end=name_end + 1,
                                rule="attribution:quote-colon-speaker")
        return None

    def _quote_cue(self, quote: Quote) -> Token | None:
        if quote.cue_start is None:
            return None
        assert quote.cue_end is not None  # a quote's cue has an end when it has a start
        span = self.doc.char_span(quote.cue_start, quote.cue_end)
        return span[0] if span is not None and len(span) else None

    def _described_speaker(self, attribution: Attribution, quote: Quote) -> Attribution:
        """'"...," said the 46-year-old': a quote whose speaker is a description, not a name."""
        cue = self._quote_cue(quote)
        subject = self.syntax.source(cue) if cue is not None else None
        if subject is None:
            return attribution
        assert cue is not None  # the subject is the cue's
        mention, start, end, organization, named = self.syntax.party(subject)
        if start is None or (mention is not None and self.mentions[mention].kind == PRONOUN):
            return attribution
        return replace(attribution, source=mention, source_start=start, source_end=end,
                        source_text=self.text[start:end], source_organization=organization, source_named=named,
                        cue=cue.text, cue_start=cue.idx, cue_end=cue.idx + len(cue.text),
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

    def _quotes_going_on(self, found: list[Attribution]) -> list[Attribution]:
        """'Doe argued that the plan was fair. "It pays for itself."': a quote no cue governs
        that opens the next sentence of the same paragraph goes on with the reported words
        before it; the two are one statement, mixed."""
        merged: list[Attribution] = []
        for attribution in found:
            previous = merged[-1] if merged else None
            if previous is not None and previous.style != DIRECT and previous.cue_start is not None \
                    and attribution.style == DIRECT and attribution.cue_start is None and previous.end <= attribution.start \
                    and (previous.source is not None or previous.source_text) \
                    and _SENTENCE_GAP.fullmatch(self.text, previous.end, attribution.start) is not None:
                end = attribution.end
                while end < len(self.text) and self.text[end] in QUOTE_MARKS:
                    end += 1
                merged[-1] = replace(previous, end=end, text=self.text[previous.start:end],
                                      style=self.syntax.style(previous.start, end))
                continue
            merged.append(attribution)
        return merged

    def _nearby_speakers(self, found: list[Attribution]) -> list[Attribution]:
        """A quote whose speaker the text does not give beside it is, in news, most often the
        words of whoever was reported speaking just before, within a few paragraphs."""
        result: list[Attribution] = []
        for attribution in found:
            if attribution.style == DIRECT and attribution.source is None and attribution.source_text is None:
                # a source the text names by apposition ('said Jane Doe, an attorney for ...') goes on
                # too, and one it only describes when it was quoted ('"...," an aide said.')
                before = next((a for a in reversed(result) if a.source is not None or a.source_named is not None
                               or a.source_text and a.style != INDIRECT), None)
                if before is not None and attribution.start - before.end > SPEAKER_CARRIES_OVER:
                    before = None
                if before is not None:
                    attribution = replace(attribution, source=before.source, source_start=before.source_start,
                                          source_end=before.source_end, source_text=before.source_text,
                                          source_organization=before.source_organization, source_named=before.source_named,
                                          rule="attribution:quote-nearby-speaker")
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


def find_attributions(doc: Doc, text: str, quote_spans: list[tuple[int, int]], quotes: tuple[Quote, ...],
                      mentions: list[Mention], mention_at: Callable[[Token], int | None],
                      sentence_of: Callable[[int], int], times: tuple[TimeExpression, ...],
                      dateline: Dateline | None = None) -> tuple[Attribution, ...]:
    return AttributionFinder(doc, text, quote_spans, quotes, mentions, mention_at, sentence_of, times, dateline).find()


def cue_candidates(finder: AttributionFinder) -> Iterator[tuple[tuple[int, int], list[str]]]:
    """Every verb candidate the finder would weigh, as (content, features), for learning the
    cue model (bench/build_cue_model.py); the model itself is left out of the choice."""
    syntax = finder.syntax
    for token in syntax.cue_tokens():
        if token.pos_ == "NOUN":
            candidate = syntax.nominal_candidate(token, weighed=True)
            if candidate is not None:
                yield candidate[0], nominal_features(syntax, token, *candidate)
            continue
        candidate = syntax.candidate(token, weighed=True)
        if candidate is not None:
            content, shape = candidate
            yield content, verb_features(syntax, token, content, shape)
