"""The day a quote was said, read from its sentence and counted from the article's date."""

from __future__ import annotations

import datetime as dt

import pytest

from briefs.draft.dates import said_on, stated

FRIDAY = dt.date(2024, 3, 15)


@pytest.mark.parametrize(
    "sentence, day",
    [
        ("Olsen said on Thursday that it was done.", "2024-03-14"),
        ("Olsen said on Friday that it was done.", "2024-03-15"),  # the article's own day
        ("Olsen said last Friday that it was done.", "2024-03-08"),
        ("Olsen said on Saturday that it was done.", "2024-03-09"),
        ("Olsen said yesterday that it was done.", "2024-03-14"),
        ("Olsen said last night that it was done.", "2024-03-14"),
        ("Olsen said today that it was done.", "2024-03-15"),
        ("Olsen said on March 12 that it was done.", "2024-03-12"),
        ("Olsen said on 20 December that it was done.", "2023-12-20"),  # the last 20 December up to the article
        ("Olsen said on 3 March 2024 that it was done.", "2024-03-03"),
        ("On Tuesday, 12 March 2024, Olsen said it was done.", "2024-03-12"),  # the weekday agrees
        ("Olsen said on 20 March 2024 that it was done.", None),  # after the article: never
        ("Olsen said on Monday and on Wednesday that it was done.", None),  # two days
        ("Olsen said on Monday, 12 March 2024, that it was done.", None),  # the words disagree
        ("Olsen said last week that it was done.", None),
        ("Olsen said in July that it was done.", None),
        ("Olsen said that it was done.", None),
    ],
)
def test_said_on(sentence: str, day: str | None):
    found = said_on(sentence, FRIDAY)
    assert (found.day if found else None) == day


def test_relative_words_are_noted_for_the_editor():
    assert said_on("Olsen said on Thursday that it was done.", FRIDAY).note == "“on Thursday”, counted from the article's date 2024-03-15"
    assert said_on("Olsen said in July that it was done.", FRIDAY).note == "“in July” (2024, the article's year)"
    assert said_on("Olsen said last week that it was done.", FRIDAY).note == "“last week”"
    assert said_on("Olsen said on 3 March 2024 that it was done.", FRIDAY).note == ""  # stated outright: nothing to check


def test_without_the_articles_date_only_a_stated_day_counts():
    assert said_on("Olsen said on 3 March 2024 that it was done.", None).day == "2024-03-03"
    undated = said_on("Olsen said on Thursday that it was done.", None)
    assert undated.day is None and undated.note == "“on Thursday”, and the article has no date"
    assert said_on("Olsen said on March 12 that it was done.", None) is None


def test_stated_dates():
    assert stated("On 12 May 2025 and again on May 14, and on 2025-02-30 or 32 June.") == ["12 May 2025 (2025-05-12)", "May 14"]
