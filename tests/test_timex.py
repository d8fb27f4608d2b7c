"""Time expressions (issue 16): each resolution rule and the case where it must say no, on
words and sentences written for these tests, with the real model; dates on facts across a
relative clause and on reporting verbs; `kg eval` on a TimeBank-shaped file."""

import json
from datetime import date

import pytest

from kg.eval import evaluate, format_report
from kg.pipeline.extract import extract
from kg.pipeline.extract.timex import FUTURE, PAST, normalize
from kg.pipeline.nlp import parse
from kg.pipeline.read import Article
from kg.pipeline.resolve import resolve

PUBLISHED = date(2025, 2, 13)  # a Thursday


def times(text, published=PUBLISHED):
    ((article, doc),) = parse([Article(id="t", text=text, source="test", published=published)])
    return [(t.text, t.value) for t in extract(article, doc).times]


def facts(text, published=PUBLISHED):
    ((article, doc),) = parse([Article(id="t", text=text, source="test", published=published)])
    return resolve(extract(article, doc))


@pytest.mark.parametrize("words, tense, expected", [
    ("Friday", PAST, ("2025-02-07", "date")),
    ("Friday", FUTURE, ("2025-02-14", "date")),
    ("Thursday", FUTURE, ("2025-02-13", "date")),  # the publication day itself
    ("last Friday", None, ("2025-02-07", "date")),
    ("next Monday", None, ("2025-02-17", "date")),
    ("Tuesday morning", PAST, ("2025-02-11", "date")),
    ("late yesterday", None, ("2025-02-12", "date")),
    ("tonight", None, ("2025-02-13", "date")),
    ("last night", None, ("2025-02-12", "date")),
    ("the weekend", PAST, ("2025-02-08", "date")),
    ("this weekend", FUTURE, ("2025-02-15", "date")),
])
def test_days_and_weekdays(words, tense, expected):
    assert normalize(words, PUBLISHED, tense=tense) == expected


@pytest.mark.parametrize("words, tense, expected", [
    ("March 3", FUTURE, ("2025-03-03", "date")),
    ("March 3", PAST, ("2024-03-03", "date")),
    ("Nov. 25", None, ("2024-11-25", "date")),  # no verb to go by: the nearer one
    ("the 3rd of March", FUTURE, ("2025-03-03", "date")),
    ("March eighth", FUTURE, ("2025-03-08", "date")),
    ("May", FUTURE, ("2025-05", "gYearMonth")),
    ("December", PAST, ("2024-12", "gYearMonth")),
    ("last March", None, ("2024-03", "gYearMonth")),
    ("next January", None, ("2026-01", "gYearMonth")),
    ("last February", None, ("2024-02", "gYearMonth")),  # the latest before this February
    ("this September", None, ("2025-09", "gYearMonth")),
    ("July last year", None, ("2024-07", "gYearMonth")),
    ("mid-March", FUTURE, ("2025-03", "gYearMonth")),
    ("late November", None, ("2024-11", "gYearMonth")),
    ("Monday, Oct. 27", PAST, ("2025-10-27", "date")),  # the year in which Oct. 27 is a Monday
])
def test_months_and_month_days(words, tense, expected):
    assert normalize(words, PUBLISHED, tense=tense) == expected


@pytest.mark.parametrize("words, expected", [
    ("last year", ("2024", "gYear")),
    ("this year", ("2025", "gYear")),
    ("next month", ("2025-03", "gYearMonth")),
    ("earlier this month", ("2025-02", "gYearMonth")),
    ("the end of the year", ("2025", "gYear")),
    ("year-end", ("2025", "gYear")),
    ("two days ago", ("2025-02-11", "date")),
    ("three weeks ago", ("2025-01-23", "date")),
    ("five months ago", ("2024-09", "gYearMonth")),
    ("nearly four years ago", ("2021", "gYear")),
    ("a year earlier", ("2024", "gYear")),
    ("Christmas", ("2024-12-25", "date")),
    ("Thanksgiving", ("2024-11-28", "date")),  # the fourth Thursday of November
    ("nineteen ninety-six", ("1996", "gYear")),
    ("the year two thousand", ("2000", "gYear")),
    ("mid-1996", ("1996", "gYear")),
    ("'98", ("1998", "gYear")),
])
def test_relative_units_offsets_and_written_years(words, expected):
    assert normalize(words, PUBLISHED) == expected


@pytest.mark.parametrize("words", [
    "two days later",  # later than what? nothing in the sentence fixed a day
    "the following year",
    "a decade ago",
    "the past year",  # twelve months up to now, not a calendar year
    "last week", "this week",  # a week is no day, month or year
    "the third quarter", "fiscal 2024", "last spring", "the summer of 2022",
    "52", "2,500", "1,999",  # numbers that are no years
    "the near term", "recently", "now",
])
def test_what_is_no_single_day_month_or_year_stays_text(words):
    assert normalize(words, PUBLISHED, tense=PAST) == (None, None)


def test_an_offset_counts_from_the_date_its_sentence_fixed():
    assert normalize("two days later", PUBLISHED, anchor=("2025-03-03", "date")) == ("2025-03-05", "date")
    assert normalize("the following year", PUBLISHED, anchor=("2019", "gYear")) == ("2020", "gYear")
    assert normalize("a year earlier", PUBLISHED, anchor=("2019", "gYear")) == ("2018", "gYear")
    assert normalize("two days later", PUBLISHED, anchor=("2019", "gYear")) == (None, None)  # a year has no day
    found = dict(times("The talks opened in Geneva on March 3, 2023, and collapsed two days later."))
    assert found["March 3, 2023"] == "2023-03-03" and found["two days later"] == "2023-03-05"


def test_tense_sets_the_direction_of_a_bare_weekday():
    assert times("Narendra Modi will travel to Tokyo on Friday.") == [("Friday", "2025-02-14")]
    assert times("Narendra Modi travelled to Tokyo on Friday.") == [("Friday", "2025-02-07")]
    assert times("The ministers plan to meet in Oslo on Monday.") == [("Monday", "2025-02-17")]
    assert times("The court postponed the hearing until Tuesday.") == [("Tuesday", "2025-02-18")]


@pytest.mark.parametrize("words, expected", [
    ("Monday", "2025-02-10"),  # three days back or four ahead: the nearer
    ("Saturday", "2025-02-15"),
    ("Sunday", "2025-02-16"),
])
def test_a_weekday_with_no_verb_to_go_by_is_the_nearer_one(words, expected):
    assert normalize(words, PUBLISHED, tense=None) == (expected, "date")


def test_a_plan_looks_ahead_and_a_past_plan_takes_the_nearer_day():
    assert times("The vote is scheduled for Monday.") == [("Monday", "2025-02-17")]
    assert times("The ministers planned to meet in Oslo on Saturday.") == [("Saturday", "2025-02-15")]
    assert times("The ministers planned to meet in Oslo on Monday.") == [("Monday", "2025-02-10")]
    assert times("The ministers met in Oslo on Saturday.") == [("Saturday", "2025-02-08")]


def test_tense_sets_the_year_of_a_bare_month():
    assert times("The minister will visit Lagos in April.") == [("April", "2025-04")]
    assert times("The minister visited Lagos in April.") == [("April", "2024-04")]


def test_may_the_verb_and_march_the_noun_are_no_dates():
    assert times("Officials may travel to Oslo next week.") == [("next week", None)]
    assert times("Thousands joined the march through Lyon on Saturday.") == [("Saturday", "2025-02-08")]


def test_an_age_is_no_time_expression():
    assert times("A 52-year-old farmer was arrested in Cork on Monday.") == [("Monday", "2025-02-10")]
    assert times("The farmer, 52, was arrested in Cork on Monday.") == [("Monday", "2025-02-10")]


def test_a_range_of_years_is_one_expression_for_each_year():
    assert times("Prices rose between 1994 and 1997.") == [("1994", "1994"), ("1997", "1997")]


def test_a_possessive_is_not_part_of_the_expression():
    assert times("Last year's harvest was poor in Kenya.") == [("Last year", "2024")]


def test_an_event_in_a_relative_clause_inherits_the_date_of_its_clause():
    resolution = facts("On Thursday, Narendra Modi flew to Tokyo, where he held talks with Shigeru Ishiba.")
    names = [e.label for e in resolution.entities]
    talks = [r for r in resolution.relations if r.predicate == "metWith" and names[r.subject] == "Narendra Modi"]
    assert talks and talks[0].date is not None and talks[0].date.value == "2025-02-13"


def test_a_relative_clause_without_a_dated_clause_gives_no_date():
    resolution = facts("Narendra Modi flew to Tokyo, where he held talks with Shigeru Ishiba.")
    assert all(r.date is None for r in resolution.relations if r.predicate in ("metWith", "spokeWith"))


def test_a_statement_is_dated_through_its_nominal_cue():
    resolution = facts("Dmitry Peskov said in a statement on Monday that the talks had failed.")
    assert [a.date.value for a in resolution.attributions if a.date is not None] == ["2025-02-10"]


def test_a_date_inside_what_was_said_does_not_date_the_statement():
    resolution = facts("Dmitry Peskov said that the talks had failed on Monday.")
    assert all(a.date is None for a in resolution.attributions)


def _gold_doc(doc_id, text, published, expressions):
    timex = []
    for words, kind, value in expressions:
        start = text.index(words)
        timex.append({"tid": f"t{len(timex) + 1}", "text": words, "start": start, "end": start + len(words),
                      "type": kind, "value": value, "temporal_function": False, "anchor": None})
    return {"id": doc_id, "text": text, "published": published, "timex": timex, "source": "test"}


def test_kg_eval_scores_time_expressions_on_a_timebank_file(tmp_path):
    gold = tmp_path / "timebank.mine.jsonl"
    docs = [
        _gold_doc("d1", "The mayor of Leeds resigned on Friday after three years in office.", "2025-02-13",
                  [("Friday", "DATE", "2025-02-07"), ("three years", "DURATION", "P3Y")]),
        _gold_doc("d2", "Exports from Chile fell in March 2024, the ministry said yesterday.", "2025-02-13",
                  [("March 2024", "DATE", "2024-03"), ("yesterday", "DATE", "2025-02-12")]),
    ]
    gold.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    report = evaluate(gold)
    scores = report.as_dict()["times"]
    assert scores["DATE"]["found"] == 3 and scores["DATE"]["gold"] == 3
    assert scores["value, written with a year"]["found"] == 1 and scores["value, relative"]["found"] == 2
    assert scores["DURATION"]["found"] == 1
    assert "value, relative" in format_report(report)
