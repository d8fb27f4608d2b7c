"""What kg knows about words before reading any article: the gazetteer of well-known places
and organizations (ontology/gazetteer.tsv), the titles written before people's names, given
names, roles, and the word lists the extractors consult (ontology/lexicon/). All are data files,
read and checked against their schemas by kg.knowledge; this module only indexes them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

from .errors import InputError, PatternError
from .knowledge import LazyWords, read_list, read_table, schema
from .resources import data_dir, entity_classes


def lexicon_dir() -> Path:
    return data_dir("ontology") / "lexicon"


@dataclass(frozen=True)
class KnownEntity:
    """A gazetteer row: a well-known entity with its preferred label and type."""

    label: str
    type: str  # a kgo class local name: Country, City, Organization, Person
    qid: str | None
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    country: str | None = None  # the country a city lies in or a national body belongs to


def normalize_name(name: str) -> str:
    """The form names are compared in: curly quotes straightened, spaces collapsed, a leading
    'the' dropped, case folded."""
    name = name.replace("\u2019", "'").replace("\u2018", "'")
    name = re.sub(r"\s+", " ", name).strip()
    name = re.sub(r"^the ", "", name, flags=re.IGNORECASE)
    return name.casefold()


@dataclass(frozen=True)
class Gazetteer:
    entries: tuple[KnownEntity, ...]
    by_name: dict[str, KnownEntity]
    by_demonym: dict[str, KnownEntity]

    def lookup(self, name: str) -> KnownEntity | None:
        """The entity this name (label or alias) denotes, if the gazetteer knows it."""
        if name.islower():  # "us", "chad", "china" in lower case are words, not names
            return None
        return self.by_name.get(normalize_name(name))

    def demonym(self, word: str) -> KnownEntity | None:
        """The country a nationality adjective ("Russian") points to."""
        return self.by_demonym.get(normalize_name(word))

    @cached_property
    def person_surnames(self) -> frozenset[str]:
        """The surnames of the people it knows, normalized as names are compared (surname_key)."""
        return frozenset(self.people_by_surname)

    @cached_property
    def people_by_surname(self) -> dict[str, tuple[KnownEntity, ...]]:
        """The people it knows by their surname, normalized as names are compared (surname_key)."""
        found: dict[str, list[KnownEntity]] = {}
        for entry in self.entries:
            if entry.type == "Person" and (key := surname_key(entry.label)):
                found.setdefault(normalize_name(key), []).append(entry)
        return {key: tuple(people) for key, people in found.items()}

    @cached_property
    def people_given_names(self) -> frozenset[str]:
        """The given names of the people it knows, as written ('Hillary')."""
        return frozenset(entry.label.split()[0] for entry in self.entries if entry.type == "Person" and given_name_key(entry.label))

    @cached_property
    def surnames_alone(self) -> frozenset[str]:
        """The surnames its people's labels and aliases end with, as news writes them alone
        (person_surname: 'Zelenskyy', 'Le Pen')."""
        return frozenset(surname for entry in self.entries if entry.type == "Person"
                         for name in (entry.label, *entry.aliases) if (surname := person_surname(name)) is not None)


def load_gazetteer(paths: list[Path]) -> Gazetteer:
    entries: list[KnownEntity] = []
    for path in paths:
        for row in read_table(path, "gazetteer"):
            entries.append(
                KnownEntity(
                    label=row["label"].strip(),
                    type=row["type"].strip(),
                    qid=row["qid"].strip() or None,
                    aliases=_split(row.get("aliases")),
                    demonyms=_split(row.get("demonyms")),
                    country=(row.get("country") or "").strip() or None,
                )
            )
    by_name: dict[str, KnownEntity] = {}
    by_demonym: dict[str, KnownEntity] = {}
    for entry in entries:
        for name in (entry.label, *entry.aliases):
            by_name.setdefault(normalize_name(name), entry)
        for demonym in entry.demonyms:
            by_demonym.setdefault(normalize_name(demonym), entry)
    return Gazetteer(tuple(entries), by_name, by_demonym)


def _split(field: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (field or "").split("|") if part.strip())


_user_gazetteers: tuple[Path, ...] = ()


def use_gazetteers(paths: Iterable[str | Path]) -> None:
    """Add the user's own gazetteer files (the columns of ontology/gazetteer.tsv) to the bundled
    one for the rest of the process; where both name the same entity, the user's row wins.
    A malformed file raises InputError naming its line, and changes nothing."""
    global _user_gazetteers
    files = tuple(Path(p) for p in paths)
    for path in files:
        check_gazetteer(path)
    _user_gazetteers = files


def gazetteer_files() -> tuple[Path, ...]:
    """The gazetteers in use, the user's first."""
    return (*_user_gazetteers, data_dir("ontology") / "gazetteer.tsv")


def gazetteer() -> Gazetteer:
    """The gazetteer in use (the user's files and the bundled one), loaded once per process."""
    return _gazetteer(gazetteer_files())


@lru_cache(maxsize=1)
def _gazetteer(files: tuple[Path, ...]) -> Gazetteer:
    return load_gazetteer(list(files))


def check_gazetteer(path: Path) -> None:
    """Refuse, with InputError naming the file and its line, a gazetteer that breaks
    ontology/schemas/gazetteer.schema.json or types an entity with no entity class of the ontology."""
    table = read_table(path, "gazetteer", error=InputError)
    for line, row in zip(table.lines, table.rows, strict=True):
        if row["type"].strip() not in entity_classes():
            raise InputError(f"{path}, line {line}: type {row['type'].strip()!r} is not one of {', '.join(entity_classes())}.")


@dataclass(frozen=True)
class Titles:
    positions: tuple[str, ...]  # longest first, so "Vice President" wins over "President"
    honorifics: tuple[str, ...]
    pattern: re.Pattern[str]  # matches a title (or several) at the end of a string
    leading: re.Pattern[str]  # matches a title (or several) at the start of a string

    def leading_title(self, text: str) -> str | None:
        """The titles opening `text` with the space after them, e.g. 'President Trump' -> 'President '."""
        match = self.leading.match(text)
        return match.group("title") if match else None

    def trailing_title(self, text_before: str) -> str | None:
        """The title that ends `text_before`, e.g. 'Russian President ' -> 'President'."""
        match = self.pattern.search(text_before, self._last_words_start(text_before))
        return match.group("title").strip() if match else None

    def _last_words_start(self, text: str) -> int:
        """Where the run of words at the end of `text` that belong to titles begins, less the
        word before it (whose end may still start a title: '(President', 'ex-President'). No
        match of `pattern` starts earlier, as it would hold that word whole; so searching from
        here finds what searching the whole text finds, in time that does not grow with the
        text (the search tries the pattern at every position: 0.2 ms a name on a long line)."""
        end = len(text)
        while True:
            while end > 0 and text[end - 1].isspace():
                end -= 1
            start = end
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            if start == end or text[start:end] not in self.words:
                return start
            end = start

    def cut_by(self, text: str, start: int, end: int) -> tuple[str, int, int] | None:
        """A title of 'of' that the name text[start:end] cuts in two ('Secretary of ' + 'Defense
        Leon Panetta'): the title, where it starts, and where the name after it starts (`end`
        when none does: 'State for Political Affairs' holds no one)."""
        name, before = text[start:end], text[max(0, start - 60):start]
        for title in self.positions:
            head, of, tail = title.rpartition(" of ")
            opens = len(before) - len(head + of)
            if of and before.endswith(head + of) and not before[opens - 1:opens].isalnum() and (name == tail or name.startswith(tail + " ")):
                rest = name[len(tail):].lstrip()
                return title, start - len(head + of), end - len(rest) if rest[:1].isupper() else end
        return None

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word of every title (split at whitespace, as the pattern's titles are written)."""
        return frozenset(word for title in self.positions + self.honorifics for word in title.split())


@lru_cache(maxsize=1)
def titles() -> Titles:
    rows = read_table(lexicon_dir() / "titles.tsv", "titles").rows
    positions = tuple(sorted((r["title"] for r in rows if r["kind"] == "position"), key=len, reverse=True))
    honorifics = tuple(sorted((r["title"] for r in rows if r["kind"] == "honorific"), key=len, reverse=True))
    alternatives = "|".join(re.escape(t) for t in sorted(positions + honorifics, key=len, reverse=True))
    pattern = re.compile(rf"(?:^|(?<=\W))(?P<title>(?:(?:{alternatives})\s+)+)$")
    leading = re.compile(rf"^(?P<title>(?:(?:{alternatives})\s+)+)")
    return Titles(positions, honorifics, pattern, leading)


def names_a_role(name: str, text_after: str) -> bool:
    """Whether a one-word name the model took for a body is a role: a leader's or an agent's
    word alone ('the former Chairwoman', roles.tsv; not 'The Economist'), or a portfolio before
    its role ('Defence' of 'Defence Minister'). Never a name the gazetteer knows."""
    kind, following = role_kind(name), re.match(r" ([A-Za-z]+)", text_after)
    if " " in name or kind is None or gazetteer().lookup(name) is not None:
        return False
    return kind in ("leader", "agent") or kind == "portfolio" and following is not None \
        and role_kind(following.group(1)) in ("leader", "agent")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common given names (ontology/lexicon/given_names.txt): a name that opens with one is a
    person's name ('Olaf Scholz'), whatever label the model gave it."""
    return frozenset(read_list(lexicon_dir() / "given_names.txt"))


@lru_cache(maxsize=1)
def roles() -> dict[str, str]:
    """Role words (ontology/lexicon/roles.tsv, lower case) and what they make their holder of
    the organization or country that qualifies them: 'leader', 'agent' (works for it),
    'member', or 'occupation' (a nationality only); 'portfolio' words ('Defense' in 'Defense
    Minister') belong to a role and name no organization."""
    return {row["role"]: row["kind"] for row in read_table(lexicon_dir() / "roles.tsv", "roles")}


def role_kind(words: str) -> str | None:
    """The kind of a role phrase: the whole phrase, else its ending ('tennis player' ->
    'player'), else its first word ('secretary of defense' -> 'secretary')."""
    words = " ".join(words.lower().split())
    known = roles()
    parts = words.split()
    for start in range(len(parts)):
        if " ".join(parts[start:]) in known:
            return known[" ".join(parts[start:])]
    return known.get(parts[0]) if parts else None


@lru_cache(maxsize=1)
def organization_words() -> frozenset[str]:
    """Words that end organizations' names (ontology/lexicon/organization_words.txt): 'Robert
    Bosch Academy' is an organization although it opens with a given name."""
    return frozenset(read_list(lexicon_dir() / "organization_words.txt"))


@lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    """Capitalized words that are no names of entities (ontology/lexicon/not_names.txt): time
    zones ('UTC'), religions ('Islam'), eras ('Middle Ages')."""
    return frozenset(read_list(lexicon_dir() / "not_names.txt"))


@lru_cache(maxsize=1)
def name_genders() -> dict[str, str]:
    """Given names whose bearers are, as a rule, men or women (ontology/lexicon/
    given_names_gender.tsv): 'he' can stand for Olaf Scholz but hardly for Angela Merkel."""
    return {row["name"]: row["gender"] for row in read_table(lexicon_dir() / "given_names_gender.tsv", "given_names_gender")}


@lru_cache(maxsize=1)
def family_names_first() -> frozenset[str]:
    """Family names of cultures that write them before the given name (Chinese, Korean,
    Vietnamese), normalized as names are compared: ontology/lexicon/family_name_first.txt."""
    return frozenset(normalize_name(name) for name in read_list(lexicon_dir() / "family_name_first.txt"))


@lru_cache(maxsize=1)
def _given_names_normalized() -> frozenset[str]:
    return frozenset(normalize_name(name) for name in given_names())


def family_name_first(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    """The family name of a name written family name first ('Xi Jinping', 'Kim Jong Un', 'Moon
    Jae-in'), as tokens; None for other names. A known family name opens a two- or three-word
    name, and the rest does not read as a Western surname after a given name: 'Kim Jong Un' and
    'Moon Jae-in' do, 'Kim Clijsters' (Kim is also a given name, one word follows) does not."""
    if not 2 <= len(tokens) <= 3 or tokens[0] not in family_names_first():
        return None
    rest = tokens[1:]
    if len(rest) == 1 and "-" not in rest[0] and tokens[0] in _given_names_normalized():
        return None
    return tokens[:1]


# Generational suffixes are not surnames: "Martin Luther King Jr." is a King.
_SUFFIXES = LazyWords(lambda: read_list(lexicon_dir() / "name_suffixes.txt"))


def name_suffixes() -> LazyWords:
    """Generational suffixes written after a name, lower-cased ('jr.', 'iii'): ontology/lexicon/name_suffixes.txt."""
    return _SUFFIXES


def _given_and_surname(label: str) -> tuple[str, str] | None:
    """A full name's given name and surname, lower-cased, suffixes aside; the family name first
    where the name is written so ("Xi Jinping"); None for one word."""
    words = [w for w in label.split() if w.lower() not in _SUFFIXES]
    if len(words) < 2:
        return None
    if family_name_first(tuple(normalize_name(w) for w in words)):
        return words[-1].lower(), words[0].lower()
    return words[0].lower(), words[-1].lower()


def surname_key(label: str) -> str | None:
    """The lower-cased surname of a full name ("Donald J. Trump" → "trump"; "Xi Jinping" → "xi",
    whose family name comes first); None for one word."""
    parts = _given_and_surname(label)
    return parts[1] if parts else None


def given_name_key(label: str) -> str | None:
    """The lower-cased given name of a full name ("Hillary Clinton" → "hillary"; "Xi Jinping" →
    "jinping", whose family name comes first); None for one word."""
    parts = _given_and_surname(label)
    return parts[0] if parts else None


def name_keys(label: str) -> frozenset[str]:
    """What cross-article linking files a name under, lower-cased: the name, and for a name of
    several words its surname and its given name ("Hillary Clinton" → "hillary clinton",
    "clinton", "hillary"). A one-word name ("Clinton", "Hillary") shares a key with every full
    name it may stand for, so that a change to one decides the other again."""
    return frozenset(key for key in (label.lower(), surname_key(label), given_name_key(label)) if key)


@lru_cache(maxsize=1)
def _epithets() -> re.Pattern[str]:
    entries = sorted(read_list(lexicon_dir() / "epithets.txt"), key=len, reverse=True)
    alternatives = "|".join(re.escape(e).replace("'", "['\u2019]").replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+")
                            for e in entries)
    return re.compile(rf"(?:{alternatives})\s+(?=[^\W\d_])", re.IGNORECASE)


def epithet_end(name: str) -> int:
    """Where the epithet opening a nickname ends, with the space after it ("Crooked Hillary" →
    8, "Lyin' Ted" → 6; ontology/lexicon/epithets.txt); 0 when no epithet opens `name`, or
    nothing follows it."""
    match = _epithets().match(name)
    return match.end() if match else 0


@cache
def _words_by_kind(name: str) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for row in read_table(lexicon_dir() / f"{name}.tsv", name):
        found.setdefault(row["kind"], set()).add(row["word"])
    return {kind: frozenset(words) for kind, words in found.items()}


def words(name: str, *kinds: str) -> LazyWords:
    """The words of the given kinds in ontology/lexicon/NAME.tsv (columns word and kind:
    speech_verbs, modality), read when first asked. A kind the file's schema does not know is a
    mistake in kg's code and raises ValueError then."""
    def load() -> frozenset[str]:
        known = schema(name)["items"]["properties"]["kind"]["enum"]
        wrong = [kind for kind in kinds if kind not in known]
        if wrong:
            raise ValueError(f"{', '.join(wrong)}: no kind of ontology/lexicon/{name}.tsv ({', '.join(known)})")
        by_kind = _words_by_kind(name)
        return frozenset().union(*(by_kind.get(kind, ()) for kind in kinds))

    return LazyWords(load)


def listed(name: str) -> LazyWords:
    """The entries of the word list ontology/lexicon/NAME.txt (company_suffixes, name_particles,
    state_bodies ...; what each is for is written at its top), read when first asked."""
    return LazyWords(lambda: read_list(lexicon_dir() / f"{name}.txt"))


@cache
def pronoun_genders(case: str | None = None) -> dict[str, str]:
    """The pronouns that stand for a person (ontology/lexicon/pronouns.tsv), each with the
    gender it shows; with `case` ('subject', 'object', 'possessive'), only those of that case. A
    case the file's schema does not know is a mistake in kg's code and raises ValueError."""
    known = schema("pronouns")["items"]["properties"]["case"]["enum"]
    if case is not None and case not in known:
        raise ValueError(f"{case}: no case of ontology/lexicon/pronouns.tsv ({', '.join(known)})")
    return {row["word"]: row["gender"] for row in read_table(lexicon_dir() / "pronouns.tsv", "pronouns")
            if case is None or row["case"] == case}


@lru_cache(maxsize=1)
def honorific_genders() -> dict[str, str]:
    """The honorifics that show their bearer's gender, in lower case ('mrs.' -> 'female'): the
    gender column of ontology/lexicon/titles.tsv."""
    return {row["title"].lower(): row["gender"] for row in read_table(lexicon_dir() / "titles.tsv", "titles")
            if row.get("gender")}


@lru_cache(maxsize=1)
def language_names() -> dict[str, str]:
    """Languages' English names by their ISO 639-1 code (ontology/lexicon/languages.tsv)."""
    return {row["code"]: row["name"] for row in read_table(lexicon_dir() / "languages.tsv", "languages")}


@dataclass(frozen=True)
class NerClasses:
    """spaCy's entity labels and kg's classes (ontology/lexicon/ner_classes.tsv)."""

    classes: dict[str, str]  # label -> the kgo class a name so labelled is taken for
    ruler_labels: dict[str, str]  # gazetteer type -> the label the entity ruler gives its names


@lru_cache(maxsize=1)
def ner_classes() -> NerClasses:
    """The one table of spaCy's labels and kg's classes; every class it names is an entity class
    of the ontology, or PatternError names the file."""
    table = read_table(lexicon_dir() / "ner_classes.tsv", "ner_classes")
    classes, ruler_labels = {}, {}
    for line, row in zip(table.lines, table.rows, strict=True):
        types = [t for t in row["ruler"].split("|") if t]
        for name in (row["class"], *types):
            if name not in entity_classes():
                raise PatternError(f"{table.path}, line {line}: {name} is no entity class of ontology/kg.ttl "
                                   f"({', '.join(entity_classes())}).")
        classes[row["label"]] = row["class"]
        ruler_labels.update({t: row["label"] for t in types})
    return NerClasses(classes, ruler_labels)


@cache
def class_order(order: str) -> tuple[str, ...]:
    """kg's entity or event classes (`order`: 'entity' or 'event') in the order they name a node
    that has several, the first best (ontology/lexicon/class_order.tsv): 'City' before 'Place',
    'PhoneCall' before 'Conversation'. Every class named must be declared in the ontology."""
    from rdflib.namespace import OWL, RDF

    from .namespaces import KGO
    from .resources import ontology

    table = read_table(lexicon_dir() / "class_order.tsv", "class_order")
    for line, row in zip(table.lines, table.rows, strict=True):
        if (KGO._NS[row["class"]], RDF.type, OWL.Class) not in ontology():
            raise PatternError(f"{table.path}, line {line}: {row['class']} is no class of ontology/kg.ttl; "
                               "declare it there or remove the row.")
    return tuple(row["class"] for row in table if row["order"] == order)


# What stands around a surname in a full name, and the words no surname stands alone as.
_NAME_PARTICLES = listed("name_particles")
_FUNCTION_WORDS = listed("function_words")
_DAYS_AND_MONTHS = words("time_words", "month", "weekday")


def person_surname(name: str) -> str | None:
    """The surname a person's full name ends with, as news writes it alone: 'Volodymyr
    Zelenskyy' -> 'Zelenskyy', 'Marine Le Pen' -> 'Le Pen' (particles before it stay), 'Xi
    Jinping' -> 'Xi' (family name first), 'Ferdinand Marcos Jr.' -> 'Marcos'. None for one word,
    a name after a title ('Pope Francis') or a regnal name ('Charles III', 'Abdullah II of
    Jordan'), and for a surname too short or a word of time ('May') or grammar to stand alone."""
    parts = name.split()
    while parts and parts[-1].lower() in _SUFFIXES:
        parts.pop()
    if len(parts) < 2 or titles().leading_title(parts[0] + " "):
        return None
    if any(part.isupper() and set(part) <= set("IVX") for part in parts) or "of" in parts:
        return None
    if family_name_first(tuple(normalize_name(p) for p in parts)):
        surname = parts[0]
    else:
        start = len(parts) - 1
        while start > 1 and parts[start - 1].lower() in _NAME_PARTICLES:
            start -= 1
        surname = " ".join(parts[start:])
    lower = surname.lower()
    if len(surname) < 3 or lower in _FUNCTION_WORDS or lower in _DAYS_AND_MONTHS:
        return None
    return surname
