"""A bare surname in an article that never writes the full name ('Zelenskyy said ...'): the
person the gazetteer knows by it, when it knows exactly one person of that surname and the
surname is no common word or given name that could be anybody's."""

from __future__ import annotations

from ...lexicon import Gazetteer, KnownEntity, given_names, name_genders
from ..extract import Mention
from ..nlp import english_words


def known_by_surname_alone(known: Gazetteer, mention: Mention, tokens: tuple[str, ...], article_country: str | None,
                           gender: str | None) -> KnownEntity | None:
    """The one person the gazetteer knows by the one-word name `mention` (its normalized
    `tokens`), which the model takes for a person's; None when it knows none or several, when
    the surname is also a given name or an English word ('Brown', 'Francis'), when the person is
    of another country than the one the article writes about (a 'Johnson' of a story on the
    United States is not Boris Johnson), or when an honorific says another `gender`."""
    if len(tokens) != 1 or mention.ner_label != "PERSON" or mention.text not in known.surnames_alone:
        return None
    people = known.people_by_surname.get(tokens[0], ())
    if len(people) != 1 or mention.text in given_names() or mention.text.lower() in english_words():
        return None
    person = people[0]
    if person.country is not None and article_country is not None and person.country != article_country:
        return None
    if gender is not None and name_genders().get(person.label.split()[0]) != gender:
        return None
    return person
