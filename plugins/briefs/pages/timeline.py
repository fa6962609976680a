"""The timeline: briefs by the date they were published, statements by the date they were made; a page per year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..library import Library
from ..render import Cached, Page, PageType, Site

TIMELINE_LATEST = 30  # events on the timeline's first page; each year has a page of its own


def pages(site: Site, cached: Cached) -> Iterator[Page]:
    years = _timeline(site.library)
    here = site.path("timeline")
    latest = [event for _, events in years for event in events][:TIMELINE_LATEST]
    body = site.render("timeline.html", here, years=years, latest=latest)
    yield Page(here, "Timeline", body, "Dated statements and briefs.")
    for year, events in years:
        here = site.path("timeline", str(year))
        months: dict[str, list] = {}
        for event in events:
            months.setdefault(f"{event[0]:%B %Y}", []).append(event)
        body = site.render("timeline-year.html", here, year=year, months=list(months.items()))
        yield Page(here, f"Timeline: {year}", body, f"Dated statements and briefs of {year}.")


def _timeline(lib: Library) -> list[tuple[int, list[tuple[dt.date, str, object]]]]:
    """(year, events newest first); an event is (date, "brief" | "said", record)."""
    events: list[tuple[dt.date, str, object]] = [(cb.brief.published, "brief", cb) for cb in lib.briefs]
    for said in lib.statements_by_actor.values():
        events += [(s.statement.said, "said", s) for s in said if s.statement.said]
    events.sort(key=lambda e: (e[0], e[1] == "brief"), reverse=True)
    years: dict[int, list] = {}
    for event in events:
        years.setdefault(event[0].year, []).append(event)
    return list(years.items())


PAGE_TYPE = PageType(
    kind="timeline",
    option="timeline_page",
    default="timeline.md",
    doc="Path of the timeline page; each year's page goes beside it.",
    nav="Timeline",
    pages=pages,
)
