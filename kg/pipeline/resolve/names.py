"""Names to entities: mentions grouped by the names they share ('Trump' joins the 'Donald Trump'
the article names) or the gazetteer entry they match, and each group's type decided by votes:
the statistical model's labels, titles and roles, and the shape of the name."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from ...lexicon import (
    Gazetteer,
    KnownEntity,
    family_name_first,
    gazetteer,
    given_names,
    honorific_genders,
    name_genders,
    ner_classes,
    normalize_name,
    organization_words,
)
from ...namespaces import clean_name
from ..extract import NAME, Mention
from .bodies import another_states_bodies, article_country, body_meant
from .body_cues import named_as_a_body
from .coreference import Namesake, pointed_at
from .model import CITY, COUNTRY, ENTITY_TYPES, ORGANIZATION, PERSON, PLACE, Entity
from .name_places import completes_a_title, ends_a_longer_name, state_meant, states_named_otherwise
from .short_forms import acronym, has_middle_initial, initials, is_generic_word, is_masthead_word, name_halves, without_middle_initials

_PLACE_LABELS = ("GPE", "LOC")  # the model's labels of places: 'Orlando' is not the Orlando Sentinel
_FULL_NAME_WEIGHT = 2  # a mention of the entity's full name says more than a bare surname
_PERSON_CUE_WEIGHT = 2  # a title before the name, or a role only people have
_NAME_SHAPE_WEIGHT = 3  # 'Olaf Scholz' opens with a given name; 'Robert Bosch Academy' ends as organizations do


@dataclass(eq=False)  # each cluster is itself: two with the same names are still two
class NameCluster:
    """The name mentions taken for one entity, before its type is decided."""

    name_tokens: tuple[str, ...]  # the longest name seen, as tokens
    mentions: list[int]
    voters: list[int]  # mentions whose model label counts towards the type
    known: KnownEntity | None = None
    # mentions whose person cue says nothing of the type: 'the DNC said', 'the Post reported'
    # are the committee's and the paper's short names, not people's
    unheard: set[int] = field(default_factory=set)
    named_as_a_body: bool = False  # a one-word name before 'poll', 'network': a pollster's, a broadcaster's


def cluster_names(mentions: tuple[Mention, ...], known: Gazetteer, text: str = "", headline: str | None = None) -> list[NameCluster]:
    """The article's name mentions grouped into entities. `text`, the article's, tells a
    capitalized word from a name ('National' heading a line of an article that says 'national');
    it and the `headline` say whom a surname two people share stands for."""
    grouping = _Grouping(mentions, known, text, headline)
    pending: list[int] = []
    for index, mention in enumerate(mentions):
        if mention.kind != NAME or (text and completes_a_title(text, mention.start, mention.end)):
            continue
        if mention.ner_label in ("NORP", "FAC") or known.demonym(mention.text) is not None:
            # 'Azerbaijani' tagged PERSON is a nationality all the same.
            # A nationality or a building counts only when it points to a known entity.
            entry = known.demonym(mention.text) or known.lookup(mention.text)
            if entry is not None and not (entry.type == ORGANIZATION and ends_a_longer_name(text, mention.start)):
                grouping.add_known(entry, index)
        else:
            pending.append(index)
    # Longest names first, so that a bare surname finds the full name it abbreviates.
    for index in sorted(pending, key=lambda i: (-len(name_tokens(mentions[i].text)), mentions[i].start)):
        grouping.place(index)
    grouping.join_name_halves()
    grouping.place_shared()
    for cluster in grouping.name_clusters.values():
        cluster.named_as_a_body = len(cluster.name_tokens) == 1 and any(named_as_a_body(text, mentions[i]) for i in cluster.mentions)
    return grouping.clusters()


class _Grouping:
    """The clusters of one article as its names are placed in them, with the indexes a shorter
    name looks its full name up in."""

    def __init__(self, mentions: tuple[Mention, ...], known: Gazetteer, text: str, headline: str | None):
        self.mentions, self.known, self.text, self.headline = mentions, known, text, headline
        self.known_clusters: dict[str, NameCluster] = {}
        self.name_clusters: dict[tuple[str, ...], NameCluster] = {}  # by their names' tokens
        # Name clusters and known people by each shorter ending of their names ('Trump' of 'Donald
        # Trump', 'Department of Defense' of 'U.S. Department of Defense'): looked up per mention,
        # not searched for, which in a long article was quadratic.
        self.by_ending: dict[tuple[str, ...], list[NameCluster]] = {}
        # ... and by the shorter forms of kg/pipeline/resolve/short_forms.py
        self.by_first_word: dict[str, list[NameCluster]] = {}
        self.by_last_word: dict[str, list[NameCluster]] = {}
        self.by_plain_name: dict[tuple[str, ...], list[tuple[NameCluster, bool]]] = {}  # and whether it had initials
        self.by_initials: dict[str, list[NameCluster]] = {}
        self.cluster_of: dict[int, NameCluster] = {}
        self.short_names: dict[tuple[str, ...], NameCluster] = {}  # the short forms found so far
        self.shared: list[tuple[int, list[NameCluster]]] = []  # a short name several people of the article fit
        self.pointed: set[int] = set()  # those of them placed by where the text points
        self.honorifics_of: dict[tuple[str, ...], Counter[str]] = {}  # the genders honorifics show, by name
        town_regions = frozenset(m.extent_end for m in mentions if m.extent_end is not None)  # 'Buffalo, New York'
        self.states_meant: dict[str, KnownEntity] = {}
        for mention in mentions:
            if mention.kind == NAME and mention.text not in self.states_meant:
                entry = known.lookup(mention.text)
                if entry is not None and entry.type == CITY and (state := state_meant(known, text, mention, town_regions)):
                    self.states_meant[mention.text] = state
        self.states_meant |= states_named_otherwise(known, mentions, self.states_meant)

    def clusters(self) -> list[NameCluster]:
        return [*self.known_clusters.values(), *self.name_clusters.values()]

    def type_of(self, cluster: NameCluster) -> str:
        return cluster.known.type if cluster.known is not None else _decide_type(cluster, self.mentions)

    def join(self, cluster: NameCluster, index: int, *, votes: bool = False) -> None:
        cluster.mentions.append(index)
        if votes:
            cluster.voters.append(index)
        self.cluster_of[index] = cluster

    def add_known(self, entry: KnownEntity, index: int) -> None:
        if entry.label not in self.known_clusters:
            cluster = self.known_clusters[entry.label] = NameCluster(name_tokens(entry.label), [], [], entry)
            if entry.type == PERSON:
                self._index_endings(cluster)
            self._index_forms(cluster, (entry.label, *entry.aliases))
        self.join(self.known_clusters[entry.label], index)

    def _new_cluster(self, tokens: tuple[str, ...], index: int) -> None:
        cluster = self.name_clusters[tokens] = NameCluster(tokens, [], [])
        self.join(cluster, index, votes=True)
        self._index_endings(cluster)
        self._index_forms(cluster, (self.mentions[index].text,))

    def _index_endings(self, cluster: NameCluster) -> None:
        for size in range(1, len(cluster.name_tokens)):
            self.by_ending.setdefault(cluster.name_tokens[-size:], []).append(cluster)
        person = cluster.known is not None or any(self.mentions[i].ner_label == "PERSON" for i in cluster.mentions)
        family = family_name_first(cluster.name_tokens) if person else None
        if family is not None:  # 'Xi' of 'Xi Jinping': the family name comes first
            self.by_ending.setdefault(family, []).append(cluster)

    def _index_forms(self, cluster: NameCluster, forms: tuple[str, ...]) -> None:
        """The cluster under each shorter form of its names; which forms count for its type is
        decided when a mention looks them up, as its type may change while mentions join."""
        for form in forms:
            tokens = name_tokens(form)
            if len(tokens) < 2:
                continue
            for index, key in ((self.by_first_word, tokens[0]), (self.by_last_word, tokens[-1])):
                if cluster not in index.setdefault(key, []):
                    index[key].append(cluster)
            plain = self.by_plain_name.setdefault(without_middle_initials(tokens), [])
            plain.append((cluster, has_middle_initial(tokens)))
            for person in (True, False):
                for letters in initials(_display(form), person):
                    key = f"{'person' if person else 'other'}:{letters}"
                    if cluster not in self.by_initials.setdefault(key, []):
                        self.by_initials[key].append(cluster)

    def place(self, index: int) -> None:
        mention = self.mentions[index]
        tokens = name_tokens(mention.text)
        entry = self.known.lookup(mention.text)
        if entry is not None and entry.type == CITY and mention.text in self.states_meant:
            # 'the New York primary', 'upstate New York': the state the city shares its name with,
            # and so wherever the article writes that name alone (the city is 'New York City')
            entry = self.states_meant[mention.text]
        if entry is not None and entry.type != PERSON and mention.ner_label == "PERSON" and mention.person_cue:
            entry = None  # "Chad said": a person the model and the context agree on, not the country
        if entry is not None and entry.type in (CITY, COUNTRY) and mention.team_cue:
            entry = None  # 'Dortmund beat Bremen': the clubs, not the cities
        exact = self.name_clusters.get(tokens)
        if len(tokens) == 1 and self._outnumbered_gender(mention, tokens):
            # 'Ms. Trump' among the article's many 'Mr. Trump': the one person of that surname
            # and her gender the article names in full, else no one of the article
            wanted = _honorific_gender(mention.title)
            others = [c for c in self.by_ending.get(tokens, []) if c is not exact and self._gender(c) == wanted]
            if len(others) == 1:
                self.join(others[0], index)
            return
        if exact is not None:
            self.join(exact, index, votes=True)
            return
        if (short_name := self.short_names.get(tokens)) is not None:  # 'CLEAN' again, once it joined
            self._join_short(short_name, index)
            return
        # 'Mrs. Clinton' is not the Bill Clinton of the article
        partial = self._by_gender(mention, self.by_ending.get(tokens, []))
        people = [c for c in partial if self.type_of(c) == PERSON]
        if people and (mention.ner_label == "PERSON" or normalize_name(mention.text) in self.known.person_surnames):
            # 'Sanders' beside Bernie Sanders and a 'New Hampshire Sanders' group; 'Trump', the
            # surname of a person the gazetteer knows, beside Donald Trump and a 'Stop Trump' group
            partial = people
        if entry is not None and entry.type in (CITY, COUNTRY, PLACE) and mention.ner_label in _PLACE_LABELS \
                and not any(self._written_name(c).split()[0] in given_names() for c in people):
            partial, people = [], []  # 'Idaho' the place is no surname of 'Take Idaho' (but 'Guerrero' of Paulo Guerrero's)
        if len(partial) == 1 and people and (famous := self._titled_namesake(mention, tokens, partial[0])) is not None:
            entry, partial, people = famous, [], []  # 'President Obama' beside Michelle Obama is Barack
        if len(partial) == 1 and (entry is None or people):
            self.join(partial[0], index)  # a bare surname does not vote on the type
        elif len(partial) > 1 and len(people) == len(partial) and (entry is None or entry.type == PERSON):
            self.shared.append((index, people))  # 'Clinton' beside Bill and Hillary Clinton
        elif (short := self._short_form(index, tokens, entry)) is not None:
            if isinstance(short, list):
                self.shared.append((index, short))
            else:
                self._join_short(short, index)
                self.short_names[tokens] = short
        elif entry is not None:
            self.add_known(entry, index)
        elif len(tokens) == 1 and (body := body_meant(self.known, mention, self.country, set(self.known_clusters), self.other_state)):
            self.add_known(body, index)  # 'the Senate' of a story on the United States
        else:
            self._new_cluster(tokens, index)

    @cached_property
    def country(self) -> str | None:
        return article_country(self.known, self.mentions)

    @cached_property
    def other_state(self) -> bool:
        return bool(self.text) and another_states_bodies(self.known, self.text, self.mentions)

    def _outnumbered_gender(self, mention: Mention, tokens: tuple[str, ...]) -> bool:
        """Whether the mention's honorific shows a gender the article's honorifics before the same
        name show less often than the other: then it names another person than the rest."""
        wanted = _honorific_gender(mention.title)
        if wanted is None:
            return False
        if tokens not in self.honorifics_of:
            self.honorifics_of[tokens] = Counter(g for m in self.mentions if m.kind == NAME and name_tokens(m.text) == tokens
                                                 and (g := _honorific_gender(m.title)) is not None)
        shown = self.honorifics_of[tokens]
        return any(n > shown[wanted] for gender, n in shown.items() if gender != wanted)

    def _titled_namesake(self, mention: Mention, tokens: tuple[str, ...], cluster: NameCluster) -> KnownEntity | None:
        """The one person the gazetteer knows by a surname written alone with a title ('President
        Obama'), when the article's only person of that surname is someone else it names in full
        (Michelle Obama, whom the gazetteer does not know): a title says which of a family is
        meant, and it is the well-known one; None otherwise, or when an honorific says another
        gender ('Mrs. Obama')."""
        if len(tokens) != 1 or not mention.title or cluster.known is not None:
            return None
        famous = self.known.people_by_surname.get(tokens[0], ())
        if len(famous) != 1:
            return None
        wanted = _honorific_gender(mention.title)
        if wanted is not None and name_genders().get(_display(famous[0].label).split()[0]) != wanted:
            return None
        return famous[0]

    def _written_name(self, cluster: NameCluster) -> str:
        """The cluster's name as written: the gazetteer's label, or the mention it was made from."""
        return cluster.known.label if cluster.known is not None else _display(self.mentions[cluster.mentions[0]].text)

    def _join_short(self, cluster: NameCluster, index: int) -> None:
        self.join(cluster, index)
        if acronym(self.mentions[index].text) is not None or self.type_of(cluster) != PERSON:
            cluster.unheard.add(index)

    def _short_form(self, index: int, tokens: tuple[str, ...], entry: KnownEntity | None) -> NameCluster | list[NameCluster] | None:
        """The entity of the article whose full name this mention shortens, or the people it
        could stand for when several fit; None when it is no short form of a name of the article."""
        mention = self.mentions[index]

        def unique(candidates: list[NameCluster]) -> NameCluster | None:
            fitting = [c for c in dict.fromkeys(candidates) if entry is None or c.known == entry]
            return fitting[0] if len(fitting) == 1 else None

        if len(tokens) > 1:  # 'George Bush' of 'George W. Bush', and back
            initial = has_middle_initial(tokens)
            people = [c for c, other in self.by_plain_name.get(without_middle_initials(tokens), [])
                      if not (initial and other) and self.type_of(c) == PERSON]
            return unique(self._by_gender(mention, people))
        word = tokens[0]
        if acronym(mention.text) is not None:
            return self._initials_of(index, entry)
        if not mention.title and (entry is None or entry.type == PERSON) and self._could_be_a_first_name(mention):
            # 'Bernie' of 'Bernie Sanders'
            people = [c for c in dict.fromkeys(self.by_first_word.get(word, []))
                      if self.type_of(c) == PERSON and family_name_first(c.name_tokens) is None
                      and (entry is None or c.known == entry)]
            if len(people) > 1:
                return people
            if people:
                return people[0]
        if entry is not None or mention.title or mention.ner_label in _PLACE_LABELS:
            return None
        if is_masthead_word(_display(mention.text)):  # 'the Post' of 'The Washington Post'
            return unique([c for c in self.by_last_word.get(word, []) if self.type_of(c) == ORGANIZATION])
        # 'Goldman' of 'Goldman Sachs'; a word the model takes for a person's name is one ('Song
        # sang' beside the Song Foundation)
        if mention.ner_label == "ORG" and self._could_name_an_organization(mention.text):
            # a newspaper's first word is the town it is named after: 'Dayton' of the 'Dayton Ledger'
            return unique([c for c in self.by_first_word.get(word, []) if self.type_of(c) == ORGANIZATION
                           and not is_masthead_word(self._written_name(c).split()[-1])])
        return None

    def _initials_of(self, index: int, entry: KnownEntity | None) -> NameCluster | None:
        """The entity a name written in capitals abbreviates: the name it follows in brackets
        ('the Union of Progressive Farmers (UPF)'), else the one name of the article with its
        initials ('DNC' of 'Democratic National Committee', 'JFK' of 'John F. Kennedy')."""
        mention = self.mentions[index]
        before = [i for i in self.cluster_of if self.mentions[i].end <= mention.start]
        if before:
            previous = max(before, key=lambda i: self.mentions[i].end)
            between = self.text[self.mentions[previous].end:mention.start] if self.text else ""
            tied = self.cluster_of[previous]
            # a person's bracket holds a party or a state as often ('Jo Ray (VT)'): their initials must fit
            if re.fullmatch(r"\s*\(", between) and self.type_of(tied) != PERSON and (entry is None or tied.known == entry):
                return tied
        letters = acronym(mention.text)
        candidates = [c for c in self.by_initials.get(f"other:{letters}", []) if self.type_of(c) != PERSON]
        candidates += [c for c in self.by_initials.get(f"person:{letters}", []) if self.type_of(c) == PERSON]
        fitting = [c for c in dict.fromkeys(candidates) if entry is None or c.known == entry]
        return fitting[0] if len(fitting) == 1 else None

    def _could_be_a_first_name(self, mention: Mention) -> bool:
        """A one-word name that may be a person's first name: a given name, or a name the model
        takes for a person's ('Khizr'); not a surname the gazetteer knows ('Obama' of 'Obama
        White House')."""
        if normalize_name(mention.text) in self.known.person_surnames:
            return False
        return mention.text in given_names() or mention.ner_label == "PERSON"

    def _could_name_an_organization(self, word: str) -> bool:
        """A one-word name that may be an organization's first word standing for it: not a given
        name, nor a surname the gazetteer knows ('Trump' of 'Trump Tower'), nor a word that opens
        many bodies' names ('House'), nor one the article also writes in lower case ('Liberty'
        of 'Liberty Mutual' in an article on liberty)."""
        if word in given_names() or normalize_name(word) in self.known.person_surnames or is_generic_word(word):
            return False
        if any(m.ner_label in _PLACE_LABELS and m.text == word for m in self.mentions):
            return False  # the article names a place so: 'Orlando' beside the 'Orlando Magic' is the city
        return not self.text or re.search(rf"(?<=[a-z,;] ){re.escape(word.lower())}\b", self.text) is None

    def _by_gender(self, mention: Mention, clusters: list[NameCluster]) -> list[NameCluster]:
        """The clusters the mention's honorific allows: those the article shows to be of its
        gender, when there are any ('Mrs. Clinton': Hillary Clinton), else those it shows no
        gender for; never one of the other ('Mrs. Trump' is not Donald Trump)."""
        wanted = _honorific_gender(mention.title)
        if wanted is None:
            return clusters
        genders = [self._gender(c) for c in clusters]
        same = [c for c, gender in zip(clusters, genders, strict=True) if gender == wanted]
        return same or [c for c, gender in zip(clusters, genders, strict=True) if gender is None]

    def _gender(self, cluster: NameCluster) -> str | None:
        """The gender the article shows for a person: an honorific of one of the names it
        surely has (not one a namesake's short name was pointed to), else its given name
        ('Hillary Clinton')."""
        for index in cluster.mentions:
            if index not in self.pointed and (gender := _honorific_gender(self.mentions[index].title)) is not None:
                return gender
        label = cluster.known.label if cluster.known is not None else self.mentions[cluster.mentions[0]].text
        words = _display(label).split()
        return name_genders().get(words[0]) if len(words) > 1 else None

    def join_name_halves(self) -> None:
        """A given name and a surname the article writes only apart that name one person the
        gazetteer knows ('Hillary' ... 'Clinton'): both that person (short_forms.name_halves)."""
        alone = {c.name_tokens: c for c in self.name_clusters.values() if len(c.name_tokens) == 1 and self.type_of(c) == PERSON}
        written = {self._written_name(c): c for c in alone.values()}
        for given, surname, entry in name_halves(self.known, {name: self._gender(c) for name, c in written.items()}):
            for cluster in (written[given], written[surname]):
                del self.name_clusters[cluster.name_tokens]
                for index in cluster.mentions:
                    self.add_known(entry, index)

    def place_shared(self) -> None:
        """Each short name several people of the article fit, in text order, to the one the text
        points at (kg/pipeline/resolve/coreference.py, pointed_at), or to no one."""
        for index, candidates in sorted(self.shared, key=lambda pair: self.mentions[pair[0]].start):
            # the honorific again, now that the people have all their other names: 'Mrs. Khan'
            # is not the Khizr Khan that 'Mr. Khan' joined
            mention = self.mentions[index]
            fitting = self._by_gender(mention, candidates)
            # An honorific none of them can be checked against says who, in words kg cannot
            # read: then only the text's pointing decides, not who is named most.
            unread = _honorific_gender(mention.title) is not None and all(self._gender(c) is None for c in fitting)
            # each counted by the names it surely has: one pointed at does not make it the subject
            namesakes = [Namesake(tuple(self.mentions[i] for i in c.mentions), sum(i not in self.pointed for i in c.mentions),
                                  self._in_headline(c), c.known is not None) for c in fitting]
            chosen = pointed_at(mention, namesakes, by_count=not unread) if fitting else None
            if chosen is not None:
                self.join(fitting[chosen], index)
                self.pointed.add(index)

    def _in_headline(self, cluster: NameCluster) -> bool:
        """Whether the headline (the article's first sentence when it has none) names the
        cluster in full."""
        full = [self.mentions[i] for i in cluster.mentions if name_tokens(self.mentions[i].text) == cluster.name_tokens]
        if self.headline is not None:
            return any(m.text in self.headline for m in full)
        return any(m.sentence == 0 for m in full)


def _honorific_gender(title: str | None) -> str | None:
    if not title:
        return None
    genders = {honorific_genders()[w] for w in title.lower().split() if w in honorific_genders()}
    return genders.pop() if len(genders) == 1 else None


def build_entities(clusters: list[NameCluster], mentions: tuple[Mention, ...]) -> tuple[list[Entity], dict[int, int]]:
    built = []
    for cluster in clusters:
        members = sorted(cluster.mentions, key=lambda i: mentions[i].start)
        country = None
        if cluster.known is not None:
            label, type_, qid, country = cluster.known.label, cluster.known.type, cluster.known.qid, cluster.known.country
        else:
            label, type_, qid = _preferred_name(cluster, mentions), _decide_type(cluster, mentions), None
        names = dict.fromkeys(_display(mentions[i].text) for i in members if mentions[i].ner_label != "NORP")
        titles = tuple(dict.fromkeys(clean_name(title) for title in (mentions[i].title for i in members) if title))
        entity = Entity(type_, label, tuple(n for n in names if n != label), tuple(mentions[i] for i in members), titles, qid, country)
        built.append((members, entity))
    built.sort(key=lambda pair: pair[1].mentions[0].start)
    referent = {i: number for number, (members, _) in enumerate(built) for i in members}
    return [entity for _, entity in built], referent


def is_common_word(cluster: NameCluster, mentions: tuple[Mention, ...], text: str) -> bool:
    """A one-word name the gazetteer does not know, that is no given name and no title holder's,
    which the article also writes in lower case mid-sentence ('Propaganda' heading a paragraph
    about propaganda): a capitalized word, not a name."""
    if cluster.known is not None or len(cluster.name_tokens) != 1:
        return False
    members = [mentions[i] for i in cluster.mentions]
    word = members[0].text
    if not word[:1].isupper() or word.isupper() or word in given_names() or any(m.person_cue or m.title for m in members):
        return False
    return re.search(rf"(?<=[a-z,;] ){re.escape(word.lower())}\b", text) is not None


def name_tokens(name: str) -> tuple[str, ...]:
    return tuple(normalize_name(clean_name(name)).split())


def _decide_type(cluster: NameCluster, mentions: tuple[Mention, ...]) -> str:
    votes: Counter[str] = Counter()
    full = cluster.name_tokens
    for index in cluster.voters:
        mention = mentions[index]
        weight = _FULL_NAME_WEIGHT if name_tokens(mention.text) == full and len(full) > 1 else 1
        votes[ner_classes().classes[mention.ner_label]] += weight
    for index in cluster.mentions:
        if mentions[index].person_cue and index not in cluster.unheard:
            votes[PERSON] += _PERSON_CUE_WEIGHT
        if mentions[index].team_cue:
            votes[ORGANIZATION] += _PERSON_CUE_WEIGHT
            if gazetteer().lookup(mentions[index].text) is not None:
                votes[ORGANIZATION] += _NAME_SHAPE_WEIGHT  # 'Dortmund beat ...': a place's name playing is its club
    words = mentions[cluster.voters[0]].text.split() if cluster.voters else [""]
    if len(full) > 1 and words[-1] in organization_words():
        votes[ORGANIZATION] += _NAME_SHAPE_WEIGHT
    elif 1 < len(full) <= 3 and words[0] in given_names():  # 'Carl Zeiss Micro Imaging' is no name of a person
        votes[PERSON] += _NAME_SHAPE_WEIGHT
    elif 1 < len(full) <= 3 and _is_city(words[-1]):
        votes[ORGANIZATION] += _NAME_SHAPE_WEIGHT  # 'Werder Bremen', 'Dinamo Zagreb': named after its city
    if cluster.named_as_a_body:
        votes[ORGANIZATION] += _NAME_SHAPE_WEIGHT
    if not votes:
        return PLACE
    # Ties go to the more specific reading: a person, then an organization, then a place.
    chosen = min(votes, key=lambda type_: (-votes[type_], ENTITY_TYPES.index(type_)))
    if chosen == PLACE and any(mentions[i].extent_end is not None for i in cluster.mentions):
        return CITY  # 'Millbrook, N.Y.': a place named with the region it lies in is a town
    return chosen


def _is_city(word: str) -> bool:
    entry = gazetteer().lookup(word)
    return entry is not None and entry.type == CITY


def _preferred_name(cluster: NameCluster, mentions: tuple[Mention, ...]) -> str:
    full = [mentions[i] for i in cluster.mentions if name_tokens(mentions[i].text) == cluster.name_tokens]
    counts = Counter(_display(m.text) for m in full)
    return max(counts, key=counts.__getitem__)


def _display(name: str) -> str:
    return clean_name(name)
