"""Read the parsed Doc into plain data — sentences, mentions (names,
pronouns, descriptions), time expressions, relation candidates and quotes — with character
offsets into the article text. Later steps never see spaCy objects."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..read import Article
from .attribution import find_attributions
from .layout import article_words, dated_dateline, quiet_dateline, quotes_outside_dateline, relations_outside_dateline
from .learned import RelationModel, learned_relations
from .mentions import MentionFinder, find_sentences
from .model import ASSERTED, DESCRIPTION, NAME, NEGATED, POSSIBLE, PRONOUN, Extraction, Mention, Quote, RelationCandidate, Sentence, TimeExpression
from .quotes import attribute_quotes, find_quote_spans
from .relations import RelationFinder
from .timex import find_time_expressions

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "extract", "Extraction", "Mention", "Quote", "RelationCandidate", "Sentence", "TimeExpression",
    "ASSERTED", "POSSIBLE", "NEGATED", "NAME", "PRONOUN", "DESCRIPTION",
]


def extract(article: Article, doc: Doc, *, learned: bool = True, relation_model: RelationModel | None = None) -> Extraction:
    """`learned=False` leaves out what the learned relation model adds, `relation_model` replaces
    the shipped one (bench/build_relation_model.py needs both)."""
    dateline = article.dateline
    sentences = find_sentences(doc) if dateline is None else article_words(article.text, find_sentences(doc))
    quote_spans = find_quote_spans(article.text)
    finder = MentionFinder(article, doc, sentences, quote_spans)
    mentions = quiet_dateline(dateline, finder.find())
    # An undated article's times are read from the day its dateline gives in full, if it does.
    reference = article.published or (dateline.reference_date if dateline is not None else None)
    times = dated_dateline(dateline, find_time_expressions(doc, reference, finder.sentence_of), reference)
    if dateline is not None:
        times = article_words(article.text, times)
    relations = RelationFinder(doc, mentions, finder.mention_at, times, finder.sentence_of).find()
    if learned:  # rules first; the model adds only pairs they left unrelated
        relations += learned_relations(doc, mentions, relations, relation_model)
    relations = relations_outside_dateline(dateline, mentions, relations)
    # Whoever is killed is a person, whatever the model called the name ('the assassin of Lincoln').
    victims = {r.object for r in relations if r.predicate == "killed" and r.object is not None}
    mentions = [replace(m, person_cue=True) if i in victims and m.kind == NAME and m.ner_label in ("PERSON", "ORG")
                else m for i, m in enumerate(mentions)]
    quotes = attribute_quotes(doc, quote_spans, mentions, finder.mention_at, finder.sentence_of)
    if dateline is not None:
        quotes = article_words(article.text, quotes_outside_dateline(dateline, mentions, quotes))
    attributions = find_attributions(doc, article.text, quote_spans, quotes, mentions, finder.mention_at, finder.sentence_of, times,
                                     dateline)
    return Extraction(article, sentences, tuple(mentions), times, relations, quotes, attributions)
