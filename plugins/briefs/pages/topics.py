"""A page per topic, and the list of topics."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from ..render import Cached, Page, PageType, Site, StoredPage
from ..resolve import ResolvedBrief


def pages(site: Site, cached: Cached) -> Iterator[Page | StoredPage]:
    lib = site.library
    for topic, briefs in lib.topics.items():
        shown = (topic, site.listed(briefs))
        yield cached(site.path("topics", topic), (site.context, shown), functools.partial(topic_page, site, topic, briefs))
    here = site.path("topics")
    counts = {topic: len(briefs) for topic, briefs in lib.topics.items()}
    yield cached(here, (site.context, counts), lambda: Page(here, "Topics", site.render("topics.html", here), "Briefs by topic."))


def topic_page(site: Site, topic: str, briefs: list[ResolvedBrief]) -> Page:
    here = site.path("topics", topic)
    title = site.library.topic_title(topic)
    body = site.render("topic.html", here, topic=topic, briefs=briefs)
    return Page(here, title, body, f"Briefs on {title}", (), tuple(cb.slug for cb in briefs))


PAGE_TYPE = PageType(
    kind="topics",
    option="topics_url",
    default="topics",
    doc="Folder of the site where topic pages go.",
    nav="Topics",
    pages=pages,
)
