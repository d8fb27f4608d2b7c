"""One loader for kg's knowledge (kg/knowledge.py): every lexicon and pattern file is read the
same way and checked against its schema (ontology/schemas/), and a file that breaks it is
refused naming the file, the line or place, and what is wrong. Broken files are copies in a
temporary folder; the shipped ones are never touched."""

import json
import shutil
import subprocess
import sys

import pytest

from kg import lexicon
from kg.errors import PatternError
from kg.knowledge import read_json, read_list, read_table, schema, schemas_dir
from kg.lexicon import lexicon_dir
from kg.patterns import load_patterns, patterns, patterns_dir
from kg.pipeline.extract import attribution_syntax, layout, mentions, name_cues, name_kinds, names, syntax
from kg.pipeline.extract.cue_model import cue_lexicon
from kg.pipeline.extract.relations import words as relation_words
from kg.pipeline.extract.timex import time_words
from kg.pipeline.read import dateline, language
from kg.pipeline.resolve import bodies, body_cues, relations, short_forms

# Loaders that read one file each, cached once per process: the tests below point them at a copy.
CACHED = (lexicon.roles, lexicon.titles, lexicon.given_names, lexicon.name_genders, lexicon.ner_classes,
          lexicon.class_order, lexicon._words_by_kind, lexicon.pronoun_genders, lexicon.honorific_genders,
          lexicon.language_names)


@pytest.fixture
def lexicon_copy(tmp_path, monkeypatch):
    """A copy of ontology/lexicon/ that kg.lexicon reads instead, its caches empty before and after."""
    folder = tmp_path / "lexicon"
    shutil.copytree(lexicon_dir(), folder)
    monkeypatch.setattr(lexicon, "lexicon_dir", lambda: folder)
    for loader in CACHED:
        loader.cache_clear()
    yield folder
    for loader in CACHED:
        loader.cache_clear()


def append(path, text):
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def line_count(path):
    return len(path.read_text(encoding="utf-8").splitlines())


def test_every_schema_is_a_valid_json_schema():
    names_ = sorted(path.name.removesuffix(".schema.json") for path in schemas_dir().glob("*.schema.json"))
    assert names_, "no schemas"
    for name in names_:
        schema(name)  # checked against JSON Schema's own meta-schema


def test_every_shipped_lexicon_and_pattern_file_follows_its_schema():
    # Each loader reads its file through kg.knowledge; a shipped file that broke its schema raises.
    assert len(lexicon.given_names()) > 1000 and "Ministry" in lexicon.organization_words()
    assert lexicon.roles()["president"] == "leader" and lexicon.name_genders()["Angela"] == "female"
    assert "UTC" in lexicon.not_names() and "xi" in lexicon.family_names_first()
    assert "President" in lexicon.titles().positions and len(lexicon.gazetteer().entries) > 1000
    assert lexicon.ner_classes().classes["GPE"] == "Place" and lexicon.ner_classes().ruler_labels["City"] == "GPE"
    assert lexicon.class_order("entity")[0] == "City" and lexicon.class_order("event")[-1] == "Event"
    assert "say" in syntax.SPEECH_VERBS and "yell" in syntax.QUOTE_VERBS and "yell" not in syntax.SPEECH_VERBS
    assert time_words()["weekday"]["friday"] == "4" and "as of" in time_words()["lead-in"]
    assert patterns().words["former_words"] and patterns().verbs["meet"]
    assert cue_lexicon()[0]["say"] == "verb"
    assert "GmbH" in names._COMPANY_SUFFIXES and "bin" in names._NAME_PARTICLES
    assert "percent" in names._FIGURE_WORDS and "pro" in names._ADJECTIVE_PREFIXES
    assert "Amendment" in name_kinds._THING_HEADS and "Poll" in name_kinds._SURVEY_HEADS and "Hill" in name_kinds._PLACE_HEADS
    assert "senate" in name_cues._STATE_BODY_WORDS and "striker" in name_cues._TEAM_NOUNS and "beat" in name_cues._MATCH_VERBS
    assert "meet" in name_cues._ENCOUNTER_VERBS and "hers" in mentions.PERSON_PRONOUNS and "nation" in mentions.COUNTRY_NOUNS
    assert mentions._GROUP_LABEL.match("Group B") and not mentions._GROUP_LABEL.match("Group Bx")
    assert layout.credits_start("Text.\nReporting by Jane Roe") == 6 and "Radio" in layout._MEDIA_WORDS
    assert "—" in dateline._DASHES and "EXCLUSIVE" in dateline._KICKERS and dateline._month_numbers()["sept"] == 9
    assert "tell" in attribution_syntax._ADDRESSEE_VERBS and "of" in attribution_syntax._NOMINAL_PREPOSITIONS
    assert "of" not in attribution_syntax._NOMINAL_CANDIDATE_PREPOSITIONS
    assert lexicon.pronoun_genders()["her"] == "female" and lexicon.pronoun_genders("subject") == {"he": "male", "she": "female"}
    assert lexicon.honorific_genders()["mrs."] == "female" and "dr." not in lexicon.honorific_genders()
    assert "Greens" in relations._PARTY_WORDS and "the" in language._ENGLISH_WORDS
    assert lexicon.language_names()["de"] == "German"
    assert relation_words.position_forms()["gov."] == "Governor" and relation_words.party_codes()["R"] == "Republican Party"
    assert short_forms.is_masthead_word("Post") and short_forms.is_generic_word("House") and not short_forms.is_generic_word("Goldman")
    assert bodies._bodies()["Senate"] == "U.S. Senate" and "state" in bodies._ANOTHER_BODY_BEFORE
    assert "poll" in body_cues._BODY_NOUNS and "reported" not in body_cues._BODY_NOUNS
    assert lexicon.epithet_end("Lyin\u2019 Ted") == 6 and lexicon.epithet_end("Low-Energy Jeb") == 11
    covered = {"epithets.txt", "given_names.txt", "organization_words.txt", "not_names.txt", "family_name_first.txt", "name_suffixes.txt",
               "roles.tsv", "titles.tsv", "given_names_gender.tsv", "ner_classes.tsv", "class_order.tsv", "time_words.tsv",
               "speech_verbs.tsv", "modality.tsv", "cues.tsv", "company_suffixes.txt", "name_particles.txt",
               "state_bodies.txt", "encounter_verbs.txt", "country_nouns.txt", "party_words.txt", "function_words.txt",
               "pronouns.tsv", "sports.tsv", "layout_words.tsv", "attribution_words.tsv", "languages.tsv",
               "short_forms.tsv", "datelines.tsv", "name_bounds.tsv", "position_forms.tsv", "party_codes.tsv",
               "body_short_forms.tsv", "name_heads.tsv", "body_nouns_after_names.txt"}
    own_readers = {"cue_model.tsv"}  # a learned model, read by kg/pipeline/extract/logistic.py
    assert {path.name for path in lexicon_dir().iterdir()} == covered | own_readers


def test_lists_and_tables_skip_blank_lines_and_comments_alike(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("# a comment\n\nalpha\n  beta  \n   # an indented comment\ngamma\n", encoding="utf-8")
    assert read_list(words) == ("alpha", "beta", "gamma")
    table = tmp_path / "roles.tsv"
    table.write_text("# roles\nrole\tkind\n\n# leaders\nchief\tleader\r\nclerk\tagent\n", encoding="utf-8")
    read = read_table(table, "roles")
    assert read.rows == ({"role": "chief", "kind": "leader"}, {"role": "clerk", "kind": "agent"})
    assert read.lines == (5, 6)


def test_a_table_row_of_a_kind_its_schema_does_not_know_is_refused_naming_the_file_and_line(lexicon_copy):
    path = lexicon_copy / "roles.tsv"
    append(path, "janitor\tcleaner\n")
    with pytest.raises(PatternError, match=rf"roles\.tsv, line {line_count(path)}, column 'kind': 'cleaner' is not one of"):
        lexicon.roles()


def test_a_word_kind_unknown_to_the_schema_is_refused_in_the_lexicon_too(lexicon_copy):
    path = lexicon_copy / "modality.tsv"
    append(path, "perchance\thedging\n")
    with pytest.raises(PatternError, match=r"modality\.tsv, line \d+, column 'kind': 'hedging' is not one of.*modality\.schema\.json"):
        lexicon._words_by_kind("modality")


def test_a_table_without_a_column_its_schema_needs_is_refused(lexicon_copy):
    path = lexicon_copy / "given_names_gender.tsv"
    path.write_text("name\nAnna\n", encoding="utf-8")
    with pytest.raises(PatternError, match=r"given_names_gender\.tsv: gender missing from the header"):
        lexicon.name_genders()


def test_a_row_with_a_stray_tab_is_refused_naming_its_line(lexicon_copy):
    path = lexicon_copy / "titles.tsv"
    append(path, "Marshal\tposition\t\textra\n")
    with pytest.raises(PatternError, match=rf"titles\.tsv, line {line_count(path)}: 4 tab-separated fields, the header has 3"):
        lexicon.titles()


def test_only_an_honorific_shows_a_gender(lexicon_copy):
    path = lexicon_copy / "titles.tsv"
    append(path, "Marshal\tposition\tmale\n")
    with pytest.raises(PatternError, match=rf"titles\.tsv, line {line_count(path)}: 'male': a position shows no gender"):
        lexicon.honorific_genders()


def test_a_pronoun_case_the_schema_does_not_know_is_a_mistake_in_the_code():
    with pytest.raises(ValueError, match=r"nominative: no case of ontology/lexicon/pronouns\.tsv"):
        lexicon.pronoun_genders("nominative")


def test_a_word_list_is_read_when_first_asked_and_then_checked(lexicon_copy):
    lazy = lexicon.listed("party_words")  # naming it reads nothing
    append(lexicon_copy / "party_words.txt", "Pirates\n")
    assert "Pirates" in lazy and "Party" in lazy
    (lexicon_copy / "state_bodies.txt").write_text("senate\nforeign\tministry\n", encoding="utf-8")
    with pytest.raises(PatternError, match=r"state_bodies\.txt, line 2: 'foreign\\tministry' holds a tab"):
        set(lexicon.listed("state_bodies"))


def test_a_date_header_in_words_takes_its_month_and_weekday_names_from_the_time_words():
    from kg.pipeline.read.text import _WORDY_DATE

    for header in ("February 13, 2025", "13 Feb 2025", "Thu, 13 Feb. 2025", "Thursday 13th February 2025",
                   "Sept. 3, 2025", "sep 3 2025", "Tues., May 6, 2025", "Weds 7 May 2025"):
        assert _WORDY_DATE.fullmatch(header), header
    for text in ("13 Febtember 2025", "Someday 13 Feb 2025", "Spring 2025", "13 2025"):
        assert not _WORDY_DATE.fullmatch(text), text


def test_a_time_word_with_a_value_of_the_wrong_form_is_refused(tmp_path):
    path = tmp_path / "time_words.tsv"
    path.write_text("word\tkind\tvalue\nfriday\tweekday\t4\nfreeday\tweekday\t9\n", encoding="utf-8")
    with pytest.raises(PatternError, match=r"time_words\.tsv, line 3: '9': a weekday's value is 0 \(Monday\) to 6"):
        read_table(path, "time_words")


def test_a_word_list_entry_with_a_tab_is_refused(tmp_path):
    path = tmp_path / "organization_words.txt"
    path.write_text("Agency\nBureau\tAgency\n", encoding="utf-8")
    with pytest.raises(PatternError, match=r"organization_words\.txt, line 2: 'Bureau\\tAgency' holds a tab"):
        read_list(path)


def test_a_class_the_ontology_does_not_declare_is_refused(lexicon_copy):
    append(lexicon_copy / "ner_classes.tsv", "NORP\tNationality\t\n")
    with pytest.raises(PatternError, match=r"ner_classes\.tsv, line \d+: Nationality is no entity class of ontology/kg\.ttl"):
        lexicon.ner_classes()
    append(lexicon_copy / "class_order.tsv", "Summit\tevent\n")
    with pytest.raises(PatternError, match=r"class_order\.tsv, line \d+: Summit is no class of ontology/kg\.ttl"):
        lexicon.class_order("event")


def test_unreadable_files_are_refused_naming_them(tmp_path):
    with pytest.raises(PatternError, match=r"missing\.txt: no such file"):
        read_list(tmp_path / "missing.txt")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\u00e9\n".encode("latin-1"))
    with pytest.raises(PatternError, match=r"latin\.txt: not UTF-8 text \(byte offset 3\)"):
        read_list(latin)


def pattern_file(tmp_path, data, name="extra.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


FRAME = {"trigger": "verb", "lemma": "greet", "relation": "kgo:metWith", "preps": [""]}


@pytest.mark.parametrize("data, message", [
    ({"frames": [{**FRAME, "trigger": "adverb"}]}, r"at frames/0/trigger: 'adverb' is not one of \['verb', 'noun'\]"),
    ({"frames": [{"trigger": "verb", "relation": "kgo:metWith"}]}, r"at frames/0: 'lemma' is a required property"),
    ({"frames": [{**FRAME, "varients": []}]}, r"at frames/0: Additional properties are not allowed \('varients' was unexpected\)"),
    ({"frames": [{**FRAME, "variants": [{"if": "nearby"}]}]}, r"at frames/0/variants/0/if: 'nearby' is not one of"),
    ({"frames": [{**FRAME, "examples": [{"text": "Ann greeted Bo.", "subject": "Ann"}]}]}, r"'object' is a required property"),
    ({"frames": [{**FRAME, "fatal": "yes"}]}, r"at frames/0/fatal: 'yes' is not of type 'boolean'"),
    ({"words": {"greeting_words": "hello"}}, r"at words/greeting_words: a word list is a list of strings"),
    (["not", "an", "object"], r": \['not', 'an', 'object'\] is not of type 'object'"),
])
def test_a_pattern_file_that_breaks_its_schema_is_refused_naming_the_file_and_place(tmp_path, data, message):
    with pytest.raises(PatternError, match=r"extra\.json.*" + message):
        load_patterns([pattern_file(tmp_path, data)])


def test_the_shipped_pattern_files_pass_and_a_broken_copy_does_not(tmp_path):
    copy = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), copy)
    assert load_patterns(sorted(copy.glob("*.json"))).verbs == patterns().verbs
    meeting = json.loads((copy / "meeting.json").read_text(encoding="utf-8"))
    meeting["frames"][0]["relation"] = "metWith"
    (copy / "meeting.json").write_text(json.dumps(meeting), encoding="utf-8")
    with pytest.raises(PatternError, match=r"meeting\.json, at frames/0/relation: 'metWith' is no ontology term; write it as kgo:Name"):
        load_patterns(sorted(copy.glob("*.json")))
    assert read_json(copy / "visit.json", "patterns")["frames"]


def test_former_titles_are_read_from_the_pattern_files_word_list():
    # 'ex-' and 'then-' count only joined to the title; 'then' alone is a word of the sentence.
    former = names._FORMER
    assert former.search("the former German Chancellor ") and former.search("Ex-Senator ")
    assert former.search("then-President ") and not former.search("and then President ")
    assert {w.rstrip("-") for w in patterns().words["former_words"]} == {"former", "ex", "then", "late", "outgoing", "onetime"}


def test_importing_the_pipeline_reads_no_knowledge_files():
    # The word lists are read when first asked: 'kg --help' or 'kg query' pay for neither the
    # files nor jsonschema's import.
    probe = ("import sys, kg.interfaces.cli, kg.pipeline.extract; "
             "print('jsonschema' in sys.modules, kg.lexicon._words_by_kind.cache_info().currsize)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "0"]
