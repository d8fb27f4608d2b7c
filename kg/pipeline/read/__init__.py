"""Turn files, folders, JSON Lines, HTML pages and RSS/Atom feeds into
`Article`s, refusing bad input with a message that names the file (and line or item) before
anything is processed or stored.

One module a form: `files` (paths, folders, standard input, the batch check), `text`,
`jsonl`, `html`, `feeds`; `article` (the Article and what every article must pass) and
`language` serve them all."""

from .article import MAX_ARTICLE_CHARS, Article, text_id
from .dateline import Dateline, find_dateline
from .files import (
    ARTICLE_SUFFIXES,
    FEED_SUFFIXES,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    MAX_FEED_BYTES,
    MAX_PAGE_BYTES,
    MAX_TEXT_BYTES,
    TEXT_SUFFIXES,
    CheckedInputs,
    check_inputs,
    read_articles,
    read_stdin,
)
from .html import MAX_HTML_DEPTH
from .jsonl import MAX_LINE_BYTES
from .language import MIN_LETTERS_TO_JUDGE, detect_language

__all__ = [
    "ARTICLE_SUFFIXES", "FEED_SUFFIXES", "HTML_SUFFIXES", "JSONL_SUFFIXES", "MAX_ARTICLE_CHARS", "MAX_FEED_BYTES",
    "MAX_HTML_DEPTH", "MAX_LINE_BYTES", "MAX_PAGE_BYTES", "MAX_TEXT_BYTES", "MIN_LETTERS_TO_JUDGE", "TEXT_SUFFIXES",
    "Article", "CheckedInputs", "Dateline", "find_dateline", "check_inputs", "detect_language", "read_articles", "read_stdin", "text_id",
]
