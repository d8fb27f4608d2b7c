"""HTML pages: the main text and metadata that trafilatura finds, without navigation,
scripts or styles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import InputError

if TYPE_CHECKING:
    from trafilatura.settings import Document

from .article import _WEB_ADDRESS, Article, _check_body, _parse_date, text_id

MAX_HTML_DEPTH = 255
"""lxml (libxml2) stops building a page's tree at 256 nested elements and drops what is deeper,
so a page nested deeper is refused rather than stored with text missing."""


def _article_from_html(markup: str, *, source: str, stem: str | None) -> Article:
    page = _extract_page(markup, source)
    body = _html_text(page)
    if not body:
        raise InputError(f"{source}: no article text found in this HTML page (only markup, scripts or navigation).")
    _check_body(body, source)
    url = _clean(getattr(page, "url", None)) if page is not None else None
    if url and not _WEB_ADDRESS.fullmatch(url):
        url = None  # a page's canonical link may be relative, or a javascript: or data: address
    published = None
    if page is not None and page.date:
        published = _parse_date(page.date, f"{source}: the page's date")
    if url:
        article_id = url
    elif stem:
        article_id = stem
    else:
        article_id = text_id(body)
    return Article(
        id=article_id, text=body, source=source, published=published,
        title=_clean(page.title) if page is not None else None, url=url,
        author=_clean(page.author) if page is not None else None,
    )


def _extract_page(markup: str, source: str) -> Document | None:
    """trafilatura's reading of a page: main text without navigation, scripts or styles, and
    its metadata (title, date, author, canonical URL). None when it finds no main text."""
    import trafilatura  # loaded only for HTML: it pulls in lxml and its extractors

    _check_depth(markup, source)
    try:
        page = trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=False, deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, RecursionError) as error:  # lxml's and trafilatura's word for markup they cannot read
        raise InputError(f"{source}: the page cannot be read as HTML ({type(error).__name__}: {error}); "
                         f"fix the page or give its text as a .txt file.") from None
    assert not isinstance(page, dict)  # a Document: as_dict is not asked for
    return page


def _check_depth(markup: str, source: str) -> None:
    """Refuse markup nested deeper than lxml builds a tree: the text below would vanish."""
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8")  # as trafilatura parses: bytes, so an XML declaration is no error
    try:
        lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return  # nothing lxml can build a tree from; the extractor finds no text and says so
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise InputError(f"{source}: the markup is nested more than {MAX_HTML_DEPTH} elements deep, deeper than "
                         f"the HTML parser reads, so text would be lost; flatten the page or give its text as a .txt file.")


def _html_text(page: Document | None) -> str:
    if page is None or not page.text:
        return ""
    # trafilatura gives one block (paragraph, heading, list item) a line; kg ends sentences at
    # blank lines, so a heading never runs into the paragraph after it.
    blocks = (" ".join(line.split()) for line in page.text.splitlines())
    return "\n\n".join(block for block in blocks if block)


def _html_fragment_text(fragment: str, source: str) -> str:
    """The text of HTML inside a feed item, through the same extractor as whole pages."""
    import trafilatura

    markup = f"<html><body><div>{fragment}</div></body></html>"
    _check_depth(markup, source)
    try:
        page = trafilatura.bare_extraction(markup, include_comments=False, include_tables=False, deduplicate=False)
    except (ValueError, RecursionError) as error:
        raise InputError(f"{source}: the item's HTML cannot be read ({type(error).__name__}: {error}); "
                         f"fix the feed.") from None
    assert not isinstance(page, dict)  # a Document: as_dict is not asked for
    return _html_text(page)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
