"""The title before a name: found by searching only the last words of the line, the same as
searching the whole line (lexicon.Titles.trailing_title)."""

from __future__ import annotations

import itertools

from kg.lexicon import titles


def whole_line_title(text_before: str) -> str | None:
    match = titles().pattern.search(text_before)
    return match.group("title").strip() if match else None


def test_the_title_at_the_end_of_the_line_is_the_one_a_search_of_the_whole_line_finds():
    lexicon = titles()
    some = [t for t in lexicon.positions if " " in t][:3] + list(lexicon.positions[-3:]) + list(lexicon.honorifics[:3])
    openings = ["", "The ", "On Monday the city's ", "(", "ex-", "Harbour, ", "Quiet ", "  ", "a, b "]
    separators = [" ", "  ", "\t", " \n"]
    endings = ["", " ", "  "]
    cases = []
    for opening, separator, ending in itertools.product(openings, separators, endings):
        for first, second in itertools.product(some, repeat=2):
            cases.append(f"{opening}{first}{separator}{second}{ending}")
            cases.append(f"{opening}{first}{ending}")
            cases.append(f"{opening}{first}x{separator}{second}{ending}")  # a title's word, run on
        cases.append(f"{opening}Zebra{ending}")
    cases += ["", " ", "President", "President ", "Prime", "Prime Minister\n"]
    found = 0
    for case in cases:
        assert lexicon.trailing_title(case) == whole_line_title(case), repr(case)
        found += lexicon.trailing_title(case) is not None
    assert found > len(cases) // 2  # most cases end with a title


def test_a_long_line_before_the_title_changes_nothing():
    line = "Words of a long paragraph that holds no title, said the writer, " * 200 + "Prime Minister "
    assert titles().trailing_title(line) == whole_line_title(line) == "Prime Minister"
