"""Issue 23, item 7: a wire or agency story's dateline ('WASHINGTON, July 2 (KG Wire) —') is
where, when and by whom the story was filed. Its place is a mention of the place and the
article's kgo:datelinePlace, its agency the article's schema:publisher, and none of it is a
subject, a source, a speaker, an attribution's content or a relation's end. The stories, places
and agencies here are invented for these tests."""

import datetime
import json

import pytest
from conftest import select

import kg
from kg.pipeline.extract import extract
from kg.pipeline.nlp import load_model
from kg.pipeline.read import Article, find_dateline
from kg.pipeline.resolve import resolve


def read(text: str, published: datetime.date | None = datetime.date(2025, 3, 6)):
    article = Article("t", text, "test", published=published)
    return article, resolve(extract(article, load_model()(text)))


def parts(text: str) -> dict:
    dateline = find_dateline(text)
    assert dateline is not None, text

    def words(start, end):
        return text[start:end] if start is not None else None

    return {"dateline": text[dateline.start:dateline.end], "place": words(dateline.place_start, dateline.place_end),
            "region": words(dateline.region_start, dateline.region_end), "date": words(dateline.date_start, dateline.date_end),
            "agency": words(dateline.agency_start, dateline.agency_end),
            "day": (dateline.year, dateline.month, dateline.day)}


@pytest.mark.parametrize("text, expected", [
    ("WASHINGTON, July 2 (KG Wire) — The Senate passed the farm bill.",
     {"place": "WASHINGTON", "date": "July 2", "agency": "KG Wire", "region": None, "day": (None, 7, 2)}),
    ("THE HAGUE, June 25 — Judges heard the last witness.",
     {"place": "THE HAGUE", "date": "June 25", "agency": None, "dateline": "THE HAGUE, June 25 —"}),
    ("LONDON (Northern Press) - Shares in the mill fell.", {"place": "LONDON", "agency": "Northern Press", "date": None}),
    ("SELMA, N.C. — A storm knocked down trees.", {"place": "SELMA", "region": "N.C.", "agency": None}),
    ("ELM CITY, Ky., Sept. 9 (KG Wire) — The mayor resigned.",
     {"place": "ELM CITY", "region": "Ky.", "date": "Sept. 9", "agency": "KG Wire", "day": (None, 9, 9)}),
    ("NEW YORK, March 4, 2024 /Northern Press/ -- Acme Corporation cut jobs.",
     {"place": "NEW YORK", "date": "March 4, 2024", "agency": "Northern Press", "day": (2024, 3, 4)}),
    ("Bridge to reopen in spring\n\nMILLBROOK, Ore. — The bridge will reopen.", {"place": "MILLBROOK", "region": "Ore."}),
    ("BOSTON —Crowds gathered before dawn.", {"place": "BOSTON", "dateline": "BOSTON —"}),
    ("PINE HOLLOW, Vt. (KG Wire)_ The dam held.", {"place": "PINE HOLLOW", "agency": "KG Wire", "dateline": "PINE HOLLOW, Vt. (KG Wire)_"}),
])
def test_a_dateline_is_read_into_its_parts(text, expected):
    found = parts(text)
    assert {key: found[key] for key in expected} == expected


@pytest.mark.parametrize("text", [
    "EXCLUSIVE – Jane Doe: The Plan Is Dead",  # a label on the story
    "UPDATE — The vote was moved to Friday.",
    "DOE--Jane Ellen, 91, of Springfield, died on Sunday.",  # a death notice: no space before the dash
    "COUNCIL PASSES BUDGET AFTER LONG NIGHT, VOTE IS CLOSE - The council voted at dawn.",  # a headline in capitals
    "The council met on Monday - and adjourned.",
    "One.\n\nTwo.\n\nThree.\n\nDENVER — Four.",  # past the opening lines
    "NATO — the alliance met in the spring.",  # an organization the gazetteer knows
])
def test_what_is_no_dateline(text):
    assert find_dateline(text) is None


def labels_of(resolution, text: str) -> set[str]:
    return {e.label for e in resolution.entities if any(m.text == text for m in e.mentions)}


def test_the_dateline_is_no_source_and_hides_no_name():
    text = "NEW YORK, March 4 (Northern Press) - Acme Corporation said on Thursday it would cut 300 jobs."
    _, resolution = read(text)
    assert len(resolution.attributions) == 1
    found = resolution.attributions[0]
    assert found.attribution.text == "it would cut 300 jobs"
    assert resolution.entities[found.source].label == "Acme Corporation"
    types = {e.label: e.type for e in resolution.entities}
    assert types["New York City"] == "City" and types["Northern Press"] == "Organization"
    assert labels_of(resolution, "NEW YORK") == {"New York City"}


def test_the_place_of_a_dateline_is_no_speaker():
    text = ('THE HAGUE, June 25 (KG Wire) — "We will appeal," the lawyer for the general told reporters.\n\n'
            "The tribunal said it would rule in the autumn.")
    article, resolution = read(text)
    dateline = article.dateline
    assert labels_of(resolution, "THE HAGUE") == {"The Hague"}  # the whole name, not 'HAGUE'
    assert resolution.attributions
    for resolved in resolution.attributions:
        found = resolved.attribution
        assert found.start >= dateline.end and (found.cue_start or dateline.end) >= dateline.end
        assert resolved.source is None or resolution.entities[resolved.source].label not in ("The Hague", "KG Wire")
        assert found.source_start is None or not dateline.covers(found.source_start, found.source_end)
    assert all(q.speaker is None or resolution.entities[q.speaker].label != "The Hague" for q in resolution.quotes)


def test_a_town_and_its_state_are_places_and_nothing_else():
    text = "SELMA, N.C. — Mayor Ellen Ward met Governor Tom Hill on Monday to talk about the flood."
    article, resolution = read(text)
    dateline = article.dateline
    relations = {(resolution.entities[r.subject].label, r.predicate,
                  resolution.entities[r.object].label if r.object is not None else r.position) for r in resolution.relations}
    assert ("Ellen Ward", "metWith", "Tom Hill") in relations
    in_dateline = {e.label for e in resolution.entities if any(dateline.covers(m.start, m.end) for m in e.mentions)}
    assert {e.type for e in resolution.entities if e.label in in_dateline} <= {"Place", "City", "Country"}
    for subject, predicate, obj in relations:
        if subject in in_dateline or obj in in_dateline:
            assert predicate == "locatedIn" and obj in in_dateline  # the town lies in its state: said where both are written
    assert all(not m.is_subject for e in resolution.entities for m in e.mentions if dateline.covers(m.start, m.end))


def test_the_dateline_day_is_the_nearest_to_the_publication_date():
    _, resolution = read("WASHINGTON, Dec. 31 (KG Wire) — The council voted on Tuesday to close the mill.",
                         published=datetime.date(2025, 1, 2))
    assert {t.text: t.value for t in resolution.times}["Dec. 31"] == "2024-12-31"


def test_an_undated_story_reads_its_times_from_a_full_dateline_only():
    story = " -- Acme Corporation closed its plant in Millbrook on Friday."
    _, dated = read("NEW YORK, March 4, 2024 /Northern Press/" + story, published=None)
    assert {t.text: t.value for t in dated.times}["Friday"] == "2024-03-01"
    _, undated = read("NEW YORK, March 4 /Northern Press/" + story, published=None)
    assert {t.text: t.value for t in undated.times}["Friday"] is None  # a month and a day give no year


def test_the_graph_names_where_and_by_whom_a_story_was_filed(tmp_path):
    articles = tmp_path / "wire.jsonl"
    records = [
        {"id": "hague", "published": "2025-06-25",
         "text": "Tribunal to rule in autumn\n\nTHE HAGUE, June 25 (KG Wire) — The tribunal said on Wednesday it would "
                 "rule on the appeal of Marko Petrov in the autumn."},
        {"id": "dallas", "published": "2025-06-26",
         "text": "DALLAS (AP) — Governor Tom Hill said on Thursday the state would rebuild the bridge."},
        {"id": "plain", "published": "2025-06-26", "text": "Governor Tom Hill said the state would rebuild the bridge."},
    ]
    articles.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = tmp_path / "store"
    report = kg.ingest([articles], store=store)
    assert report.count("added") == 3, report
    rows = select(store, """SELECT ?id ?place ?publisher WHERE { ?a schema:identifier ?id .
        OPTIONAL { ?a kgo:datelinePlace ?place } OPTIONAL { ?a schema:publisher ?publisher } } ORDER BY ?id""")
    base = "https://w3id.org/kg-news/id/"
    assert rows == [("dallas", base + "city/dallas", base + "organization/associated-press"),
                    ("hague", base + "city/the-hague", base + "organization/kg-wire"),
                    ("plain", None, None)]
    # The dateline's names are mentions of their entities, like any other name of the text.
    mentioned = select(store, """SELECT ?id ?entity WHERE { ?a schema:identifier ?id ; kgo:mentions ?entity ;
        kgo:datelinePlace ?entity }""")
    assert sorted(mentioned) == [("dallas", base + "city/dallas"), ("hague", base + "city/the-hague")]
    speakers = select(store, "SELECT ?source WHERE { ?x a kgo:Attribution ; kgo:source ?source }")
    assert (base + "city/the-hague",) not in speakers and (base + "city/dallas",) not in speakers


def test_a_headline_above_the_dateline_keeps_its_attribution_and_the_dateline_is_one_sentence():
    text = ("Mayor Jane Doe Says Bridge Will Reopen In May\n\n"
            "MILLBROOK, Ore. (KG Wire) — Work on the bridge will start in May, Mayor Jane Doe said on Monday.")
    article, resolution = read(text)
    dateline = article.dateline
    said = {(a.attribution.text, resolution.entities[a.source].label if a.source is not None else None)
            for a in resolution.attributions}
    assert ("Work on the bridge will start in May", "Jane Doe") in said
    assert any(start < dateline.start for start in (a.attribution.start for a in resolution.attributions))  # the headline's
    assert [s.text for s in resolution.sentences if s.start < dateline.end and dateline.start < s.end] == [
        "MILLBROOK, Ore. (KG Wire) —"]
