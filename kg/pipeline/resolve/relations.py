"""Relations, quotes and attributions resolved to entities: each end follows its mention to an
entity, and a relation stands only if the ontology's domains and ranges allow it; what the
gazetteer knows and what a stated relation entails are added."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from rdflib import URIRef
from rdflib.namespace import OWL, RDFS
from rdflib.term import Node

from ...lexicon import gazetteer, listed, pronoun_genders, role_kind
from ...namespaces import KGO
from ...resources import ontology
from ..extract import DESCRIPTION, PRONOUN, Extraction, Mention
from ..extract.model import ASSERTED, REPORTED, SPEAKER_CARRIES_OVER, Attribution, RelationCandidate, mentions_by_start, mentions_within
from ..extract.relations.candidates import pattern_words
from ..extract.syntax import SPEECH_VERBS
from .coreference import gender_of
from .model import CITY, COUNTRY, ORGANIZATION, PERSON, PLACE, SUPERTYPES, AttributedQuote, Entity, Relation, ResolvedAttribution
from .names import name_tokens


def resolve_relations(extraction: Extraction, entities: list[Entity], referent: dict[int, int]) -> tuple[Relation, ...]:
    found = []
    seen = set()
    polls = _poll_sentences(extraction)
    contents = Contents.of(extraction.attributions)
    for candidate in extraction.relations:
        if candidate.sentence in polls and _standing(candidate):
            continue  # 'Castell leads Brandt 46 to 41 percent, with Ortiz far behind': a standing, no relation
        subject = referent.get(candidate.subject)
        obj = referent.get(candidate.object) if candidate.object is not None else None
        if subject is None or (candidate.object is not None and (obj is None or obj == subject)):
            continue
        predicate = candidate.predicate
        if extraction.mentions[candidate.subject].ner_label == "NORP" and entities[subject].type == ORGANIZATION:
            continue  # 'a Republican from Chicago who served in Congress': a party's adjective does nothing
        if candidate.by_subject:
            kind = SUPERTYPES.get(entities[subject].type, entities[subject].type)
            by_kind = dict(candidate.by_subject).get(kind)
            if by_kind is None:
                continue
            predicate = by_kind
        if (obj is not None and candidate.if_place and entities[obj].type in (CITY, PLACE)
                and _allowed(candidate.if_place, entities[subject].type, entities[obj].type)):
            predicate = candidate.if_place  # 'Illinois Sen. X' lives in Illinois
        if not _allowed(predicate, entities[subject].type, entities[obj].type if obj is not None else None):
            continue
        if obj is not None and predicate in pattern_words("between_peers") and (entities[subject].type == PERSON) != (entities[obj].type == PERSON):
            continue  # 'an interview with CNN', 'met with Republicans': a person talks or meets with people
        place = referent.get(candidate.place) if candidate.place is not None else None
        if place is not None and entities[place].type not in (PLACE, COUNTRY, CITY):
            place = None
        date = extraction.times[candidate.date] if candidate.date is not None else None
        mood = candidate.modality
        if mood == ASSERTED and _claimed(candidate, extraction.attributions, referent, {subject, obj}, contents):
            mood = REPORTED  # 'Doe said she met Roe': Doe's word for it, not the article's
        relation = Relation(predicate, subject, obj, candidate.position, candidate.sentence, candidate.start,
                            candidate.end, candidate.rule, candidate.confidence, mood, date,
                            candidate.date_role, place, candidate.event, candidate.trigger,
                            resolved_by(extraction.mentions[candidate.subject], entities[subject]),
                            resolved_by(extraction.mentions[candidate.object], entities[obj])
                            if obj is not None and candidate.object is not None else None)
        for item in (relation, *_entailed(relation, entities)):
            key = (item.predicate, item.subject, item.object, item.position, item.sentence, item.modality)
            if key not in seen:
                seen.add(key)
                found.append(item)
    found += _known_relations(entities)
    found += _chained(found, entities)
    return tuple(found)


# What a poll sentence reads as a relation that is only a standing: two names the learned model
# pairs ('X with 44 percent, Y with 40'), a name beside a place ('X leads in Ohio', 'X in Iowa').
_STANDING_RULES = ("learned", "relation:person-in-place", "relation:org-in-place", "relation:home")
_POLL_WORD = re.compile(r"[\w%'-]+")


def _standing(candidate: RelationCandidate) -> bool:
    """Whether a candidate of a poll sentence is only a standing (ontology/patterns/polls.json):
    of the relations a standing seems to state, read from a standing word ('X leads Y by six
    points') or by a rule that reads no verb of its own."""
    if candidate.predicate not in pattern_words("poll_silenced"):
        return False
    trigger = (candidate.trigger or "").lower()
    return trigger in pattern_words("standing_words") or candidate.rule.startswith(_STANDING_RULES)


def _poll_sentences(extraction: Extraction) -> frozenset[int]:
    """The sentences that report a poll or a race's standings: one of the pattern data's poll
    words (ontology/patterns/polls.json) among their words or phrases, or two vote shares."""
    poll_words, share_words = pattern_words("poll_words"), pattern_words("share_words")
    found = set()
    for sentence in extraction.sentences:
        tokens = [t.lower() for t in _POLL_WORD.findall(sentence.text)]
        pairs = {" ".join(tokens[i:i + n]) for n in (2, 3) for i in range(len(tokens) - n + 1)}
        shares = sum(1 for t in tokens if t in share_words) + sentence.text.count("%") * ("%" in share_words)
        if poll_words.intersection(tokens) or poll_words & pairs or shares >= 2:
            found.add(sentence.index)
    return frozenset(found)


PRONOUN_RESOLUTION, DESCRIPTION_RESOLUTION, SHORT_NAME_RESOLUTION = "pronoun", "description", "short name"

# The rules that read what a clause states (a verb, an event noun, 'X is the founder of Y'),
# as against what a name's own title or phrase says ('Russian President X'), which is the
# writer's description even inside reported words.
# An event noun inside the content ('Trump's move toward negotiations with Russia was no
# betrayal, X said') is what the claim presupposes, not what it claims; the learned model reads
# pairs of names, most of them a name's own description ('X, a New Hampshire activist').
_CLAUSE_RULES = ("relation:verb", "relation:at-war", "relation:role-phrase")


def _claimed(candidate: RelationCandidate, attributions: tuple[Attribution, ...], referent: dict[int, int],
             ends: set[int | None], contents: Contents) -> bool:
    """Whether a clause's relation lies inside what a source is reported to say: its own words
    in quotation marks, or a clause a verb of saying ('said', 'claims', 'according to')
    introduces, by a source the text names or describes, about others. What a finding reports
    ('the commission found that ...', 'concluded') the article presents as what happened, and so
    what people say they did themselves ('Comey said he met with Lynch', FACTS-GUIDE); a verb
    that reports nothing is no source's claim."""
    if not candidate.rule.startswith(_CLAUSE_RULES) or candidate.predicate in ("locatedIn", "basedIn"):
        return False  # where a place lies or a body sits is geography, whoever mentions it
    reported_in = contents.innermost(candidate.start, candidate.end)
    if reported_in is None:
        return False
    attribution = attributions[reported_in]
    if attribution.source is None and attribution.source_text is None:
        return False  # 'X is believed to have ...': nobody's claim to name
    if attribution.source is not None and referent.get(attribution.source) in ends:
        return False  # 'Doe said she met Roe': her own doing, told by her
    cue = attribution.rule.removeprefix("attribution:")
    if cue in pattern_words("finding_cues"):
        return False
    return attribution.style != "indirect" or cue in SPEECH_VERBS or cue == "according-to"


@dataclass(frozen=True)
class Contents:
    """The attributions' contents by start, built once per article so that the words of each
    relation look at the contents that start near them, not at every attribution."""

    starts: list[int]  # sorted
    spans: list[tuple[int, int, int]]  # (start, end, index), in the same order
    longest: int  # the longest content: one holding words starts that far before their end at most

    @classmethod
    def of(cls, attributions: Sequence[Attribution]) -> Contents:
        spans = sorted((a.start, a.end, n) for n, a in enumerate(attributions))
        return cls([start for start, _, _ in spans], spans, max((a.end - a.start for a in attributions), default=0))

    def innermost(self, start: int | None, end: int | None) -> int | None:
        """The attribution (by index) whose content holds the words start..end: the innermost one
        (of two as long, the first)."""
        if start is None or end is None:
            return None
        near = self.spans[bisect_left(self.starts, end - self.longest):bisect_right(self.starts, start)]
        holding = [(a_end - a_start, n) for a_start, a_end, n in near if end <= a_end]
        return min(holding)[1] if holding else None


def resolved_by(mention: Mention, entity: Entity) -> str | None:
    """How a mention was tied to its entity when it does not name it in full: a pronoun, a
    description, or a short name (a person's surname, or family name: 'Xi' of 'Xi Jinping')."""
    if mention.kind == PRONOUN:
        return PRONOUN_RESOLUTION
    if mention.kind == DESCRIPTION:
        return DESCRIPTION_RESOLUTION
    if entity.type == PERSON:
        words, full = name_tokens(mention.text), name_tokens(entity.label)
        if len(words) < len(full) and (full[-len(words):] == words or full[:len(words)] == words):
            return SHORT_NAME_RESOLUTION
    return None


def _chained(relations: list[Relation], entities: list[Entity]) -> list[Relation]:
    """An organization based in a city is based in that city's country, when the article names
    both: basedIn(o, city) and locatedIn(city, country) give basedIn(o, country); and a member
    of a national party is a citizen of the party's country."""
    country_of = {r.subject: r.object for r in relations if r.predicate == "locatedIn" and r.modality == "asserted"
                  and r.object is not None and entities[r.object].type == COUNTRY}
    stated = {(r.predicate, r.subject, r.object) for r in relations}
    found = []
    for relation in relations:
        if relation.predicate == "basedIn" and relation.modality == "asserted" and relation.object in country_of:
            country = country_of[relation.object]
            if ("basedIn", relation.subject, country) not in stated:
                stated.add(("basedIn", relation.subject, country))
                found.append(replace(relation, object=country, rule=relation.rule + "+located-in", confidence=0.7, sentence=None))
    # A member or leader of a national party is a citizen of its country.
    based: dict[int, int] = {}
    for relation in relations + found:
        if (relation.predicate == "basedIn" and relation.modality == "asserted" and relation.object is not None
                and entities[relation.object].type == COUNTRY):
            based.setdefault(relation.subject, relation.object)
    for relation in relations:
        party = relation.object
        if (relation.predicate in ("memberOf", "leaderOf") and relation.modality == "asserted" and party is not None and party in based
                and entities[relation.subject].type == PERSON and _PARTY_WORDS & set(entities[party].label.split())
                and ("citizenOf", relation.subject, based[party]) not in stated):
            stated.add(("citizenOf", relation.subject, based[party]))
            found.append(replace(relation, predicate="citizenOf", object=based[party],
                                 rule=relation.rule + "+party-country", confidence=0.7, sentence=None))
    return found


_PARTY_WORDS = listed("party_words")  # 'Party', 'Union', 'Greens'


def _entailed(relation: Relation, entities: list[Entity]) -> list[Relation]:
    """What a stated relation also says: the leader of an organization is a member of it; who
    leads or serves a country is its citizen."""
    if relation.object is None or relation.modality != "asserted":
        return []
    target = entities[relation.object].type
    if relation.predicate == "leaderOf" and target == ORGANIZATION:
        return [replace(relation, predicate="memberOf", rule=relation.rule + "+member", confidence=0.8, sentence=None)]
    if relation.predicate in ("leaderOf", "affiliatedWith") and target == COUNTRY and entities[relation.subject].type == PERSON:
        return [replace(relation, predicate="citizenOf", rule=relation.rule + "+citizen", confidence=0.7, sentence=None)]
    return []


def _known_relations(entities: list[Entity]) -> list[Relation]:
    """What the gazetteer knows about entities the article names together: Hamburg lies in
    Germany, the Bundestag belongs to Germany, the Bundesbank is German,
    Olaf Scholz is a German citizen."""
    countries = {e.label: n for n, e in enumerate(entities) if e.type == COUNTRY}
    found = []
    for n, entity in enumerate(entities):
        if all(m.ner_label == "NORP" for m in entity.mentions):
            continue  # named only by its adjective ('Democratic nominee X'): the article says nothing of where it is
        country = countries.get(entity.country) if entity.country else None
        if country is None and entity.type == ORGANIZATION:
            country = _country_in_name(entity.label, countries)
        if country is None or country == n:
            continue
        predicate = {CITY: "locatedIn", PLACE: "locatedIn", PERSON: "citizenOf"}.get(entity.type, "basedIn")
        if _allowed(predicate, entity.type, COUNTRY):
            found.append(Relation(predicate, n, country, None, None, None, None, "gazetteer:" + predicate, 0.95,
                                  "asserted", None, "date", None, None, None))
        if entity.type == PERSON:
            # 'Chancellor Olaf Scholz' with no country named beside the title: his own country.
            kinds = {role_kind(title) for title in entity.titles}
            for kind, title_predicate in (("leader", "leaderOf"), ("agent", "affiliatedWith")):
                if kind in kinds:
                    found.append(Relation(title_predicate, n, country, None, None, None, None,
                                          f"gazetteer+title:{title_predicate}", 0.8, "asserted", None, "date", None, None, None))
    return found


def _country_in_name(name: str, countries: dict[str, int]) -> int | None:
    """The one country an organization's name names or qualifies ('Federation of German
    Industry', 'Democratic Party of Japan'); none for 'German-Russian Chamber'."""
    if "-" in name:
        return None
    known = gazetteer()
    found = set()
    words = name.split()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start:start + size])
            entry = known.demonym(phrase) or known.lookup(phrase)
            if entry is not None and entry.type == COUNTRY and entry.label in countries:
                found.add(countries[entry.label])
    return found.pop() if len(found) == 1 else None


def _allowed(predicate: str, subject_type: str, object_type: str | None) -> bool:
    domain, range_ = _signature(predicate)
    if domain and not _is_a(subject_type, domain):
        return False
    if object_type is not None and range_ and not _is_a(object_type, range_):
        return False
    if predicate == "locatedIn" and subject_type == COUNTRY and object_type in (COUNTRY, CITY):
        return False  # a country lies in a region, not in another country or a city
    return True


def _is_a(type_: str, allowed: frozenset[str]) -> bool:
    return type_ in allowed or SUPERTYPES.get(type_) in allowed or ("Entity" in allowed)


@cache
def _signature(predicate: str) -> tuple[frozenset[str], frozenset[str]]:
    """The classes the ontology allows at each end of a property (unions unfolded)."""
    graph = ontology()
    prop: URIRef = KGO[predicate]

    def classes(node: Node | None) -> frozenset[str]:
        if node is None:
            return frozenset()
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            from rdflib.collection import Collection

            return frozenset(str(c).rsplit("#", 1)[-1] for c in Collection(graph, members))
        return frozenset({str(node).rsplit("#", 1)[-1]})

    return classes(graph.value(prop, RDFS.domain)), classes(graph.value(prop, RDFS.range))


def resolve_quotes(extraction: Extraction, entities: list[Entity], referent: dict[int, int]) -> tuple[AttributedQuote, ...]:
    found = []
    for quote in extraction.quotes:
        speaker = referent.get(quote.speaker) if quote.speaker is not None else None
        if speaker is not None and entities[speaker].type not in (PERSON, ORGANIZATION):
            speaker = None
        mention = extraction.mentions[quote.speaker] if speaker is not None and quote.speaker is not None else None
        rule = quote.rule if speaker is not None else "quote:no-speaker"
        found.append(AttributedQuote(quote.start, quote.end, quote.text, quote.sentence, speaker, mention, rule, quote.partial))
    return tuple(found)


def resolve_attributions(extraction: Extraction, referent: dict[int, int], entities: list[Entity]) -> tuple[ResolvedAttribution, ...]:
    """Each attribution's source, addressee and the entities its content mentions, as entities.
    A pronoun source resolves as a quote's speaker does; a source the text describes keeps its
    words and, when it names one, the organization or country it belongs to."""
    def entity(mention: int | None) -> int | None:
        return referent.get(mention) if mention is not None else None

    by_start = mentions_by_start(extraction.mentions)
    found, last = [], None  # last: (entity, end) of the latest attribution with a person for source
    for attribution in extraction.attributions:
        source = entity(attribution.source)
        if source is None and attribution.source is not None and extraction.mentions[attribution.source].kind == PRONOUN:
            pronoun = extraction.mentions[attribution.source].text.casefold()
            attribution = replace(attribution, source_text=None)  # 'he' nobody resolves is no described source
            wanted = pronoun_genders("subject").get(pronoun)
            if last is not None and attribution.start - last[1] < SPEAKER_CARRIES_OVER and wanted is not None \
                    and gender_of(entities[last[0]]) in (None, wanted):
                # '..., Doe said. ... he added': the speaker reported just before goes on
                source = last[0]
                attribution = replace(attribution, rule=attribution.rule + "+previous-speaker")
        if source is not None and entities[source].type == PERSON:
            last = (source, attribution.end)
        about = sorted({referent[i] for i in mentions_within(by_start, extraction.mentions, attribution.start, attribution.end)
                        if i in referent})
        found.append(ResolvedAttribution(
            attribution, source,
            extraction.mentions[attribution.source] if source is not None and attribution.source is not None else None,
            entity(attribution.source_organization), entity(attribution.source_named), entity(attribution.addressee),
            tuple(about), extraction.times[attribution.date] if attribution.date is not None else None))
    return tuple(found)
