"""Step 3 — extract: read the parsed Doc into plain data — the article's sentences and its
candidate entity mentions, with names cleaned (no leading 'the', no titles, no possessive) and
the cues later steps need to decide what each mention is."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import titles
from .read import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# spaCy labels kept as entity candidates. NORP ("Russian") is kept so that a nationality can
# point to its country; DATE, MONEY, etc. are not entities of this graph.
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}

# Verbs whose subject or whose "with" partner is almost always a person when the model is
# unsure between a person and a place ("Trump also spoke with Zelenskyy").
_SPEECH_VERBS = {"say", "tell", "add", "reply", "respond", "insist", "claim", "argue", "warn",
                 "vow", "believe", "think", "write", "ask", "explain", "admit", "deny"}
_ENCOUNTER_VERBS = {"speak", "talk", "meet", "chat", "phone", "call"}

_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_POSSESSIVE = re.compile(r"(?:['\u2019]s?)$")
_EDGE_PUNCT = "\"'\u201c\u201d\u2018\u2019()[],.;:-\u2014 \n\t"


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A stretch of the article text that names an entity. Offsets are character offsets into
    the article text, end exclusive: article.text[start:end] == text."""

    start: int
    end: int
    text: str
    ner_label: str
    sentence: int
    title: str | None = None
    person_cue: bool = False


@dataclass(frozen=True)
class Extraction:
    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]


def extract(article: Article, doc: "Doc") -> Extraction:
    sentences = tuple(_sentences(doc))
    starts = [s.start for s in sentences]
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        mention = _clean_mention(article.text, ent)
        if mention is None:
            continue
        index = max(0, bisect_right(starts, mention[0]) - 1)
        mentions.append(
            Mention(
                start=mention[0],
                end=mention[1],
                text=article.text[mention[0]:mention[1]],
                ner_label=ent.label_,
                sentence=index,
                title=mention[2],
                person_cue=mention[2] is not None or _has_person_role(ent),
            )
        )
    return Extraction(article=article, sentences=sentences, mentions=tuple(mentions))


def _sentences(doc: "Doc"):
    index = 0
    for sent in doc.sents:
        raw = sent.text
        stripped = raw.strip()
        if not stripped:
            continue
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        yield Sentence(index=index, start=start, end=start + len(stripped), text=stripped)
        index += 1


def _clean_mention(text: str, ent: "Span") -> tuple[int, int, str | None] | None:
    """The mention's name span and the title written before or inside it, or None when no
    name is left once determiners, titles and punctuation are removed."""
    start, end = ent.start_char, ent.end_char
    surface = text[start:end]
    # Trim punctuation and a possessive 's at the edges.
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    possessive = _POSSESSIVE.search(text[start:end])
    if possessive and end - start > possessive.end() - possessive.start() + 1:
        end = start + possessive.start()
    while end > start and text[end - 1] in _EDGE_PUNCT and text[end - 1] != ".":
        end -= 1
    leading = _LEADING_THE.match(text[start:end])
    if leading:
        start += leading.end()
    title_lexicon = titles()
    title = None
    inner = title_lexicon.leading_title(text[start:end])
    if inner and end - start > len(inner):
        title = inner.strip()
        start += len(inner)
    if title is None:
        line_start = text.rfind("\n", 0, start) + 1
        title = title_lexicon.trailing_title(text[line_start:start])
    name = text[start:end]
    if not any(ch.isalpha() for ch in name) or surface.islower():
        return None
    return start, end, title


def _has_person_role(ent: "Span") -> bool:
    root = ent.root
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in _SPEECH_VERBS:
        return True
    if root.dep_ == "pobj" and head.lower_ == "with" and head.head.lemma_ in _ENCOUNTER_VERBS:
        return True
    return False
