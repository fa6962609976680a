"""The Atom feed of the newest briefs (``feed.xml``, linked from every page's head)."""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

from ..library import Library
from ..prose import plain
from ..site import Options
from .common import Urls, newest_date

ATOM = "http://www.w3.org/2005/Atom"
FEED = "feed.xml"
FEED_ENTRIES = 50  # the newest briefs the feed carries


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _entry_id(urls: Urls, options: Options, slug: str) -> str:
    page = urls.absolute("briefs", slug)
    if page:
        return page
    return uuid.uuid5(uuid.NAMESPACE_URL, f"briefs:{options.site_name}:{slug}").urn


def atom_feed(library: Library, options: Options) -> bytes:
    """The newest briefs as an Atom feed, newest first; an entry's ``updated`` is its brief's."""
    urls = Urls(options)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attributes)
        element.text = text
        return element

    feed = ET.Element("feed", xmlns=ATOM)  # Atom as the default namespace of every element
    sub(feed, "title", options.site_name or "Briefs")
    sub(feed, "id", urls.base or uuid.uuid5(uuid.NAMESPACE_URL, f"briefs:{options.site_name}").urn)
    newest = newest_date(library)
    sub(feed, "updated", _timestamp(newest or dt.date(1970, 1, 1)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=urls.file(FEED) or FEED)
    sub(feed, "link", rel="alternate", type="text/html", href=urls.base or "./")
    author = sub(feed, "author")
    sub(author, "name", options.site_name or "Briefs")
    for cb in library.briefs[:FEED_ENTRIES]:
        entry = sub(feed, "entry")
        sub(entry, "title", cb.brief.title)
        sub(entry, "id", _entry_id(urls, options, cb.slug))
        sub(entry, "link", rel="alternate", type="text/html", href=urls.absolute("briefs", cb.slug) or urls.path("briefs", cb.slug))
        sub(entry, "published", _timestamp(cb.brief.published))
        sub(entry, "updated", _timestamp(cb.date))
        sub(entry, "summary", plain(cb.brief.summary), type="text")
        for topic in cb.brief.topics:
            sub(entry, "category", term=topic, label=library.topic_title(topic))
    tree = ET.ElementTree(feed)
    ET.indent(tree)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def files(library: Library, options: Options) -> dict[str, bytes]:
    return {FEED: atom_feed(library, options)}
