"""The dates an article states, and the day a quote was said, read from its sentence and the article's date.

A sentence that states one date with its year gives that day. With the article's
date, the words relative to it give a day too: "today", "yesterday", "on
Thursday" (the last Thursday up to the article's day), "last Thursday" (the one
before it), "on July 5" (the last July 5 up to that day). Words that name no
single day ("last week", "in July") give none, only a note for the editor. A
day after the article's is never given, and neither is one when the sentence's
words disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
WEEKDAYS = {name: i for i, name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}

_MONTH = r"(?P<month>%s)\.?" % "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
DATES = re.compile(
    r"\b(?:(?P<iso>(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH.replace('month', 'month1')}(?:,?\s+(?P<year1>\d{{4}}))?"
    rf"|{_MONTH.replace('month', 'month2')}\s+{_DAY.replace('day', 'day2')}(?:,?\s+(?P<year2>\d{{4}}))?)\b"
)
_WEEKDAY = "|".join(w.capitalize() for w in WEEKDAYS)
_RELATIVE = re.compile(
    rf"\b(?:on\s+|(?P<last>last\s+))?(?P<weekday>{_WEEKDAY})(?:\s+(?P<part>morning|afternoon|evening|night))?\b"
    r"|\b(?P<today>today|tonight|this\s+(?:morning|afternoon|evening))\b"
    r"|\b(?P<yesterday>yesterday|last\s+night)\b"
    r"|\b(?P<vague>(?:last|this|earlier\s+this|later\s+this)\s+(?:week|month|year)|(?:in|last|this|early|late)\s+"
    rf"(?P<vmonth>{'|'.join(m.capitalize() for m in MONTHS if len(m) > 3 or m == 'may')}))\b(?!\s+\d)"
)


@dataclass(frozen=True)
class Said:
    """When a quote was said, as far as its sentence tells: a day (ISO) and how it was read, or only a note."""

    day: str | None
    note: str  # the words it was read from, for the editor to check


def iso(m: re.Match) -> str | None | bool:
    """The ISO date of a date found by ``DATES``, None without a year, False when it is no real date."""
    if m.group("iso"):
        year, month, day = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    else:
        month = MONTHS[(m.group("month1") or m.group("month2")).casefold()]
        day = int(m.group("day") or m.group("day2"))
        written = m.group("year1") or m.group("year2")
        if written is None:
            return None if 1 <= day <= 31 else False
        year = int(written)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return False


def stated(text: str) -> list[str]:
    """The dates a text states, as written (with the ISO date when the year is given), each once."""
    found = []
    for m in DATES.finditer(text):
        day = iso(m)
        if day is False:
            continue
        written = " ".join(m.group().split())
        found.append(f"{written} ({day})" if day and not m.group("iso") else written)
    return list(dict.fromkeys(found))


def said_on(sentence: str, published: dt.date | None) -> Said | None:
    """The day a sentence says its quote was said, given the article's date when known."""
    days: dict[str, str] = {}  # ISO day -> the words it was read from
    notes = []
    for m in DATES.finditer(sentence):
        found = iso(m)
        written = " ".join(m.group().split())
        if isinstance(found, str):
            days.setdefault(found, written)
        elif found is None and published is not None:  # "on July 5": the last July 5 up to the article's day
            month = MONTHS[(m.group("month1") or m.group("month2")).casefold()]
            number = int(m.group("day") or m.group("day2"))
            for year in (published.year, published.year - 1):
                try:
                    candidate = dt.date(year, month, number)
                except ValueError:
                    continue
                if candidate <= published:
                    days.setdefault(candidate.isoformat(), f"“{written}”, before the article's date {published}")
                    break
    for m in _RELATIVE.finditer(sentence):
        written = " ".join(m.group().split())
        if m.group("vague"):
            which = f" ({published.year}, the article's year)" if published and m.group("vmonth") else ""
            notes.append(f"“{written}”{which}")
            continue
        if published is None:
            notes.append(f"“{written}”, and the article has no date")
            continue
        if m.group("today"):
            when = published
        elif m.group("yesterday"):
            when = published - dt.timedelta(days=1)
        else:
            back = (published.weekday() - WEEKDAYS[m.group("weekday").casefold()]) % 7
            when = published - dt.timedelta(days=back or (7 if m.group("last") else 0))
        days.setdefault(when.isoformat(), f"“{written}”, counted from the article's date {published}")
    if published is not None:
        days = {day: how for day, how in days.items() if day <= published.isoformat()}  # never after the article
    if len(days) == 1:
        only, how = days.popitem()
        return Said(only, how if how.startswith("“") else "")
    if len(days) > 1:
        return Said(None, "the sentence gives several days: " + "; ".join(days.values()))
    return Said(None, "; ".join(notes)) if notes else None
