"""The timeline: briefs by the date they were published, statements by the date they were made; a page per year."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator

from ..library import Library, Said
from ..render import Cached, Page, PageType, Site, StoredPage

Event = tuple[dt.date, str, object]  # (date, "brief" | "said", the brief or the Said)
TIMELINE_LATEST = 30  # events on the timeline's first page; each year has a page of its own


def pages(site: Site, cached: Cached) -> Iterator[Page | StoredPage]:
    years = _timeline(site.library)
    here = site.path("timeline")
    latest = [event for _, events in years for event in events][:TIMELINE_LATEST]
    counts = [(year, len(events)) for year, events in years]
    yield cached(here, (site.context, counts, _shown(latest)), functools.partial(timeline_page, site, years, latest))
    for year, events in years:
        yield cached(site.path("timeline", str(year)), (site.context, year, _shown(events)), functools.partial(year_page, site, year, events))


def _shown(events: list[Event]) -> list[object]:
    """What the events show, in one flat list: each date and kind, and the brief (with the statement) it comes from."""
    shown: list[object] = []
    for day, kind, record in events:
        shown += (day, kind, record.brief, record.item) if isinstance(record, Said) else (day, kind, record)
    return shown


def timeline_page(site: Site, years: list[tuple[int, list[Event]]], latest: list[Event]) -> Page:
    here = site.path("timeline")
    body = site.render("timeline.html", here, years=years, latest=latest)
    return Page(here, "Timeline", body, "Dated statements and briefs.")


def year_page(site: Site, year: int, events: list[Event]) -> Page:
    here = site.path("timeline", str(year))
    months: dict[str, list[Event]] = {}
    for event in events:
        months.setdefault(f"{event[0]:%B %Y}", []).append(event)
    body = site.render("timeline-year.html", here, year=year, months=list(months.items()))
    return Page(here, f"Timeline: {year}", body, f"Dated statements and briefs of {year}.")


def _timeline(lib: Library) -> list[tuple[int, list[Event]]]:
    """(year, events newest first); an event is (date, "brief" | "said", record)."""
    events: list[Event] = [(cb.brief.published, "brief", cb) for cb in lib.briefs]
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
