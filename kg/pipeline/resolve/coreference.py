"""Descriptions and pronouns to entities: 'the Russian leader' to the person whose title or role
says so, 'he' to the subject the syntax or the discourse points to (or to no one when two
people fit)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...lexicon import honorific_genders, name_genders, pronoun_genders, role_kind, words
from ..extract import DESCRIPTION, NAME, PRONOUN, Extraction, Mention, Sentence
from ..extract.mentions import COUNTRY_NOUNS
from .model import COUNTRY, PERSON, Entity

_PRONOUN_LOOKBACK = 3  # sentences


@dataclass(frozen=True)
class _Role:
    """A role the article gives a person once, which holds for the whole article: 'Chancellor
    Jane Doe', 'Jane Doe, the German chancellor,', 'Jane Doe is the mayor of Springfield'."""

    holder: int  # entity
    position: str | None  # lower case: 'chancellor'
    leads: int | None  # the country or organization the role leads, when the text says


def stated_roles(extraction: Extraction, mentions: tuple[Mention, ...], entities: list[Entity],
                 referent: dict[int, int]) -> list[_Role]:
    found = []
    for index, mention in enumerate(mentions):
        if mention.kind == NAME and mention.title and index in referent:
            leads = referent.get(mention.title_qualifier) if mention.title_qualifier is not None else None
            found.append(_Role(referent[index], mention.title.lower(), leads if role_kind(mention.title) == "leader" else None))
        elif mention.kind == DESCRIPTION and mention.antecedent in referent and mention.head:
            # 'Jane Doe, the German chancellor,': the apposition names the holder
            leads = referent.get(mention.title_qualifier) if mention.title_qualifier is not None else None
            found.append(_Role(referent[mention.antecedent], mention.head.split()[-1], leads))
    for candidate in extraction.relations:
        holder = referent.get(candidate.subject)
        if holder is None or candidate.modality != "asserted" or mentions[candidate.subject].kind != NAME:
            continue
        if candidate.predicate == "holdsPosition" and candidate.position:
            found.append(_Role(holder, candidate.position.lower(), None))
        elif candidate.predicate == "leaderOf" and candidate.object in referent:
            found.append(_Role(holder, None, referent[candidate.object]))
    return [role for role in found if entities[role.holder].type == PERSON]


@dataclass(frozen=True)
class _Titles:
    """Who the article gives each title, built once per article so that a description looks its
    title up, not at every mention. Only descriptions get their referents while descriptions are
    resolved, so a name's holder is fixed, and so is a leader's country unless a description says it."""

    leaders: dict[int, set[int]]  # country entity -> the people named or stated its leaders
    leaders_described: list[tuple[int, int]]  # (a description saying the country, the leader): looked at each time
    titled: dict[str, set[int]]  # title, lower case -> the people it is given

    @classmethod
    def of(cls, mentions: tuple[Mention, ...], referent: dict[int, int], roles: Sequence[_Role]) -> _Titles:
        leaders: dict[int, set[int]] = {}
        described: list[tuple[int, int]] = []
        titled: dict[str, set[int]] = {}
        for i, m in enumerate(mentions):
            if m.kind != NAME or not m.title or i not in referent:
                continue
            titled.setdefault(m.title.lower(), set()).add(referent[i])
            if role_kind(m.title) == "leader" and m.title_qualifier is not None:
                if mentions[m.title_qualifier].kind == DESCRIPTION:
                    described.append((m.title_qualifier, referent[i]))
                elif (country := referent.get(m.title_qualifier)) is not None:
                    leaders.setdefault(country, set()).add(referent[i])
        for role in roles:
            if role.leads is not None:
                leaders.setdefault(role.leads, set()).add(role.holder)
            if role.position is not None:
                titled.setdefault(role.position, set()).add(role.holder)
        return cls(leaders, described, titled)


def resolve_descriptions(mentions: tuple[Mention, ...], entities: list[Entity], referent: dict[int, int],
                         roles: Sequence[_Role] = ()) -> None:
    titles = _Titles.of(mentions, referent, roles)
    for index, mention in enumerate(mentions):
        if mention.kind != DESCRIPTION:
            continue
        if mention.antecedent is not None:  # 'the Russian leader, Vladimir Putin,'
            target = referent.get(mention.antecedent)
        elif mention.head in COUNTRY_NOUNS:
            excluded = referent.get(mention.not_antecedent) if mention.not_antecedent is not None else None
            target = _latest(mentions, entities, referent, index, lambda e: e.type == COUNTRY, excluded)
        elif mention.title_qualifier is not None:
            country = referent.get(mention.title_qualifier)
            target = _leader_of(country, titles, referent) if country is not None else None
        else:
            target = _titled(mention.head, titles)  # 'the president': the one President named
        if target is not None:
            referent[index] = target


def _latest(mentions: tuple[Mention, ...], entities: list[Entity], referent: dict[int, int], before: int,
            accept: Callable[[Entity], bool], excluded: int | None) -> int | None:
    """The entity of the nearest preceding name mention (within two sentences) that `accept`s."""
    here = mentions[before]
    earlier = [i for i, m in enumerate(mentions) if m.kind == NAME and m.start < here.start]
    for index in sorted(earlier, key=lambda i: -mentions[i].start):
        if here.sentence - mentions[index].sentence > 2:
            break
        entity = referent.get(index)
        if entity is not None and entity != excluded and accept(entities[entity]):
            return entity
    return None


def _leader_of(country: int, titles: _Titles, referent: dict[int, int]) -> int | None:
    """The one person the article makes a leader of `country` ('Russian President Putin',
    'Putin, the Russian president,', 'Putin, who leads Russia')."""
    leaders = set(titles.leaders.get(country, ()))
    leaders |= {holder for described, holder in titles.leaders_described if referent.get(described) == country}
    return leaders.pop() if len(leaders) == 1 else None


def _titled(head: str | None, titles: _Titles) -> int | None:
    """The one entity the article gives the title `head` ('the president' -> 'President X',
    'X, the president of ...', 'X is the president'): a role given once holds for the article."""
    holders = set(titles.titled.get(head, ())) if head is not None else set()
    return holders.pop() if len(holders) == 1 else None


@dataclass(frozen=True)
class Namesake:
    """A person of the article a short name it shares with others may stand for ('Clinton')."""

    mentions: tuple[Mention, ...]  # its name mentions so far, short names pointed at it included
    named: int  # how often the article surely names it: short names pointed at it do not count
    headline: bool  # the headline (or the article's first sentence) names it in full
    well_known: bool  # the gazetteer knows it


def pointed_at(mention: Mention, namesakes: Sequence[Namesake], *, by_count: bool = True) -> int | None:
    """Which of several people of the article a short name they share stands for ('Clinton'
    beside Bill and Hillary Clinton), the first of these that tells one:
    - the one the gazetteer knows, when it knows only one: a reporter writes the bare surname
      of the well-known person and names a relative in full ('Trump' beside Donald and a son);
    - the one the story is about, named more often than any other (unless `by_count` is off);
    - the one named before it in its own sentence, or else in the sentence before;
    - the one the headline names.
    None when none of these tells: the mention then names no one, rather than a person of its own."""
    known = [index for index, n in enumerate(namesakes) if n.well_known]
    if len(known) == 1:
        return known[0]
    counts = sorted(((n.named, index) for index, n in enumerate(namesakes)), reverse=True)
    if by_count and counts and (len(counts) == 1 or counts[0][0] > counts[1][0]):
        return counts[0][1]
    for sentence in (mention.sentence, mention.sentence - 1):
        named = {index for index, n in enumerate(namesakes)
                 if any(m.sentence == sentence and m.start < mention.start for m in n.mentions)}
        if len(named) == 1:
            return named.pop()
        if named:
            break
    headline = [index for index, n in enumerate(namesakes) if n.headline]
    return headline[0] if len(headline) == 1 else None


def resolve_pronouns(mentions: tuple[Mention, ...], entities: list[Entity], referent: dict[int, int],
                     speeches: Sequence[tuple[int, int]] = ()) -> None:
    """`speeches`: the contents of the article's attributions, quoted or reported, as (start, end):
    a pronoun in one first looks for its person within it."""
    nearby = _Nearby.of(mentions, entities, referent, speeches)
    for index, mention in enumerate(mentions):
        if mention.kind != PRONOUN:
            continue
        within = _within_speech(index, mentions, entities, referent, nearby) if mention.antecedent is None else None
        if mention.antecedent is not None:
            target = referent.get(mention.antecedent)
        elif within is not None:
            target = within  # 'X questioned Y's eligibility because he was born abroad': Y, in X's words
        elif mention.in_quote:
            target = None  # 'he' inside a quote speaks of someone the speaker has in mind
        else:
            target = _salient_person(index, mentions, entities, referent, nearby)
        if target is not None and entities[target].type == PERSON:
            referent[index] = target


def speech_spans(extraction: Extraction) -> list[tuple[int, int]]:
    """The stretches of the article a speaker's words cover: each attribution's content, with the
    reason the speaker gives for it right after it ('X questioned Y's eligibility because he was
    born abroad': ontology/lexicon/attribution_words.tsv, 'reason') up to the sentence's end."""
    reasons = words("attribution_words", "reason")
    spans = []
    for attribution in extraction.attributions:
        end = attribution.end
        sentence = _sentence_at(extraction.sentences, attribution.start)
        if sentence is not None and end < sentence.end:
            tail = extraction.article.text[end:sentence.end].split()
            if tail and tail[0].strip(",;").lower() in reasons:
                end = sentence.end
        cue = attribution.cue_start
        if cue is not None and attribution.start < cue < end:
            # '"A," he said, "B."': the interruption is the writer's words, the pronoun there its source
            source = attribution.source_start if attribution.source_start is not None else cue
            spans += [(attribution.start, min(cue, source)), (attribution.cue_end or cue, end)]
        else:
            spans.append((attribution.start, end))
    return spans


def _sentence_at(sentences: Sequence[Sentence], char: int) -> Sentence | None:
    """The sentence holding the character: found by bisection in the sorted, disjoint sentences,
    not by a scan of them all for each attribution."""
    at = bisect_right(sentences, char, key=lambda sentence: sentence.start) - 1
    return sentences[at] if at >= 0 and char < sentences[at].end else None


@dataclass(frozen=True)
class _Nearby:
    """The article's mentions by sentence, its people's names by start and its speeches by start,
    built once per article so that a pronoun looks at the few around it, not at all of them. Only
    pronouns get their referents while pronouns are resolved, so the names' people are fixed."""

    by_sentence: dict[int, list[int]]  # sentence -> its mentions' indexes, in order
    people_starts: list[int]  # the starts of the names of people, sorted
    people: list[int]  # those names' indexes, in the same order
    speech_starts: list[int]  # the starts of the speeches, sorted
    speeches: list[tuple[int, int, int]]  # (start, given order, end), in the same order
    longest: int  # the length of the longest speech: one holding a pronoun starts that far before it at most

    @classmethod
    def of(cls, mentions: tuple[Mention, ...], entities: list[Entity], referent: dict[int, int],
           speeches: Sequence[tuple[int, int]]) -> _Nearby:
        by_sentence: dict[int, list[int]] = {}
        for i, m in enumerate(mentions):
            by_sentence.setdefault(m.sentence, []).append(i)
        people = sorted((m.start, i) for i, m in enumerate(mentions)
                        if m.kind == NAME and i in referent and entities[referent[i]].type == PERSON)
        ordered = sorted((start, n, end) for n, (start, end) in enumerate(speeches))
        return cls(by_sentence, [start for start, _ in people], [i for _, i in people],
                   [start for start, _, _ in ordered], ordered, max((end - start for start, end in speeches), default=0))


def _within_speech(index: int, mentions: tuple[Mention, ...], entities: list[Entity], referent: dict[int, int],
                   nearby: _Nearby) -> int | None:
    """The one person of the pronoun's gender that the speech holding it names before it ('X
    doubted that Y could win because he ...': Y), in the innermost speech that names anyone; None
    when no speech names one or two fit, so that the reporting sentence's subject is not its
    referent by default only because it is the subject."""
    here = mentions[index]
    word = here.text.lower()
    wanted = pronoun_genders().get(word)
    if wanted is None or word in pronoun_genders("object") and word not in pronoun_genders("possessive"):
        return None  # 'X said Y praised him': an object pronoun is someone other than its clause's subject
    first = bisect_left(nearby.speech_starts, here.end - nearby.longest)
    last = bisect_right(nearby.speech_starts, here.start)
    # the innermost first, and of two as long the one given first
    holding = sorted((end - start, n, start) for start, n, end in nearby.speeches[first:last] if here.end <= end)
    for _length, _n, start in holding:
        named = {
            referent[i] for i in nearby.people[bisect_left(nearby.people_starts, start):bisect_right(nearby.people_starts, here.start)]
            if mentions[i].end <= here.start
            and (wanted is None or gender_of(entities[referent[i]]) in (None, wanted))
        }
        if named:
            return named.pop() if len(named) == 1 else None
    return None


def _salient_person(index: int, mentions: tuple[Mention, ...], entities: list[Entity], referent: dict[int, int],
                    nearby: _Nearby) -> int | None:
    """The person who is the subject of the nearest sentence (before the pronoun, outside
    quotes) that has a person of the pronoun's gender for subject; no one when two people
    share that place."""
    here = mentions[index]
    wanted = pronoun_genders().get(here.text.lower())

    def fits(entity: int) -> bool:
        return entities[entity].type == PERSON and (wanted is None or gender_of(entities[entity]) in (None, wanted))

    for sentence in range(here.sentence, max(-1, here.sentence - _PRONOUN_LOOKBACK), -1):
        subjects = {
            referent[i] for i in nearby.by_sentence.get(sentence, ())
            if (m := mentions[i]).start < here.start and m.is_subject and not m.in_quote
            and i in referent and fits(referent[i])
        }
        if len(subjects) == 1:
            return subjects.pop()
        if len(subjects) > 1:
            return None
    # No person is a subject nearby: the one person named nearby, if there is only one.
    named = {
        referent[i] for sentence in range(here.sentence - _PRONOUN_LOOKBACK + 1, here.sentence + 1)
        for i in nearby.by_sentence.get(sentence, ())
        if (m := mentions[i]).start < here.start and not m.in_quote and m.kind == NAME and i in referent and fits(referent[i])
    }
    return named.pop() if len(named) == 1 else None


def gender_of(entity: Entity) -> str | None:
    """A person's gender as the text shows it: an honorific ('Mrs. Clinton') or a given name
    the lexicon knows ('Angela Merkel'); None when neither says."""
    for title in entity.titles:
        for word in title.lower().split():
            if word in honorific_genders():
                return honorific_genders()[word]
    for name in (entity.label, *entity.alt_labels):
        words = name.split()
        if len(words) > 1 and words[0] in name_genders():
            return name_genders()[words[0]]
    return None


def with_all_mentions(entities: list[Entity], mentions: tuple[Mention, ...], referent: dict[int, int]) -> list[Entity]:
    """Each entity with its pronoun and description mentions added, in text order."""
    extra: dict[int, list[Mention]] = {}
    for index, target in referent.items():
        if mentions[index].kind != NAME:
            extra.setdefault(target, []).append(mentions[index])
    return [
        Entity(e.type, e.label, e.alt_labels, tuple(sorted(e.mentions + tuple(extra.get(n, ())), key=lambda m: m.start)),
               e.titles, e.qid, e.country)
        for n, e in enumerate(entities)
    ]
