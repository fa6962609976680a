"""A page per topic, and the list of topics."""

from __future__ import annotations

from collections.abc import Iterator

from ..render import Cached, Page, PageType, Site


def pages(site: Site, cached: Cached) -> Iterator[Page]:
    lib = site.library
    for topic, briefs in lib.topics.items():
        here = site.path("topics", topic)
        title = lib.topic_title(topic)
        body = site.render("topic.html", here, topic=topic, briefs=briefs)
        yield Page(here, title, body, f"Briefs on {title}", (), tuple(cb.slug for cb in briefs))
    here = site.path("topics")
    yield Page(here, "Topics", site.render("topics.html", here), "Briefs by topic.")


PAGE_TYPE = PageType(
    kind="topics",
    option="topics_url",
    default="topics",
    doc="Folder of the site where topic pages go.",
    nav="Topics",
    pages=pages,
)
