"""An entity view as people read it (kg show): each relation with its statements, the sentence
behind a statement with the statement's own words marked."""

from __future__ import annotations

from .attributions import format_attributions
from .entity import ArticleRef, EntityView, Evidence, relation_phrase

ARTICLES_SHOWN = 8  # kg show lists the newest; --json gives them all


def marked_sentence(evidence: Evidence) -> str:
    """The sentence with the statement's own words between «guillemets»."""
    span_start, span_end = evidence.span_start, evidence.span_end
    if span_start is None or span_end is None or not evidence.sentence_start <= span_start <= span_end <= evidence.sentence_end:
        return evidence.sentence
    start, end = span_start - evidence.sentence_start, span_end - evidence.sentence_start
    return f"{evidence.sentence[:start]}«{evidence.sentence[start:end]}»{evidence.sentence[end:]}"


def format_entity(view: EntityView, *, width: int = 100) -> str:
    """The entity view as text: names, links, the newest articles, then each relation with its
    statements and the sentences behind them."""
    import textwrap

    def article_name(article: ArticleRef) -> str:
        details = ", ".join(x for x in (article.date, f"“{article.title}”" if article.title else None) if x)
        return f"{article.id} ({details})" if details else article.id

    lines = [f"{view.label}  <{view.iri}>"]
    shown = view.articles[:ARTICLES_SHOWN]
    facts = [("Types", ", ".join(view.types) or "-"),
             ("Names", ", ".join((*view.other_labels, *view.names)) or "-"),
             ("Links", ", ".join(view.same_as) or "-"),
             ("Articles", f"{len(view.articles)}, newest first" if len(view.articles) > 1 else str(len(view.articles)))]
    lines += [f"  {name:<9} {value}" for name, value in facts]
    for mention in shown:  # one line each: its day, headline and id
        article = mention.article
        line = f"            {article.date or '----------'}  {article.title or article.id}"
        line = line if len(line) <= width - 14 else line[:width - 15] + "…"
        lines.append(f"{line}  ({mention.mentions} mention{'s' if mention.mentions != 1 else ''})")
    if len(view.articles) > len(shown):
        lines.append(f"            ... and {len(view.articles) - len(shown)} more (--json lists them all)")
    lines.append("")
    lines.append(f"Relations ({len(view.relations)})" if view.relations else "Relations: none stated")
    for relation in view.relations:
        other_kind = f" ({relation.other.types[0]})" if relation.other.types else ""
        notes = [m.lower() for m in relation.modalities if m != "Asserted"]
        lines.append(f"  {relation_phrase(relation)}{other_kind}" + (f"  [{', '.join(notes)}]" if notes else ""))
        if relation.from_gazetteer_only:  # one line, however many articles name both
            count = len({s.article.id for s in relation.statements if s.article})
            lines.append(f"    - from the gazetteer, in {count} article{'s' if count != 1 else ''} (no sentence)" if count
                         else "    - from kg's knowledge: the gazetteer, or what a stated fact entails (no sentence)")
            continue
        for statement in relation.statements:
            qualifiers = []
            if statement.date:
                since = "since " if statement.date_role == "start" else ""
                qualifiers.append(f"{since}{statement.date}" + (f" (“{statement.date_text}”)" if statement.date_text else ""))
            if statement.according_to:
                qualifiers.append(f"according to {statement.according_to}")
            if statement.place:
                qualifiers.append(f"in {statement.place.label}")
            if statement.modality != "Asserted":
                qualifiers.append(statement.modality.lower())
            source = article_name(statement.article) if statement.article else "?"
            lines.append(f"    - {source}" + (f": {'; '.join(qualifiers)}" if qualifiers else "")
                         + (f"  [{statement.rule}]" if statement.rule else ""))
            for evidence in statement.evidence:
                lines += textwrap.wrap(marked_sentence(evidence), width=width, initial_indent="        ", subsequent_indent="        ")
            if not statement.evidence:
                lines.append("        (from the gazetteer, no sentence)")
    if view.quotes:
        lines.append("")
        lines.append(f"Quotes ({view.quotes_total}, the longest first)")
        for quote in [q for q in view.quotes if not q.scare_quote][:5]:
            lines += textwrap.wrap(f"“{quote.text}” — {quote.article.id}", width=width, initial_indent="  ", subsequent_indent="    ")
        if view.quotes_total > 5:
            lines.append(f"  ... and {view.quotes_total - 5} more")
    lines += format_attributions("Said", view.said, article_name, width=width, with_source=False)
    lines += format_attributions("Said about it by others", view.said_about, article_name, width=width, with_source=True)
    return "\n".join(lines)
