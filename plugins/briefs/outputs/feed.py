"""The Atom feed of the newest briefs (``feed.xml``, linked from every page's head)."""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

from ..kinds import CHANGE_KINDS
from ..library import Library
from ..prose import plain
from ..resolve import ResolvedBrief
from ..site import Options, long_date
from .common import Urls, newest_date

ATOM = "http://www.w3.org/2005/Atom"
FEED = "feed.xml"
FEED_ENTRIES = 50  # the newest briefs the feed carries


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _id(options: Options, slug: str = "") -> str:
    """The feed's id, or an entry's: the same whether or not the site knows its address, and wherever it moves."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"briefs:{options.site_name}" + (f":{slug}" if slug else "")).urn


def entry_times(briefs: list[ResolvedBrief]) -> list[str]:
    """Each brief's ``updated`` time: its date at midnight UTC, plus a second for each brief after it
    that changed the same day, so that readers keep the order (the seconds are an order, not a time)."""
    times = []
    for i, cb in enumerate(briefs):  # newest first: the briefs of one day stand together
        later = sum(1 for other in briefs[i + 1 :] if other.date == cb.date)
        times.append(f"{cb.date.isoformat()}T00:00:{min(later, 59):02d}Z")
    return times


def _summary(library: Library, cb: ResolvedBrief) -> str:
    """The brief's summary, then its corrections, newest first: "Corrected on 3 May 2025: what changed"."""
    done = CHANGE_KINDS["correction"].done
    corrections = [f"{done} on {long_date(c.date)}: {plain(c.note)}" for c in library.glance[cb.slug].corrections]
    return "\n\n".join([plain(cb.brief.summary), *corrections])


def atom_feed(library: Library, options: Options) -> bytes:
    """The newest briefs as an Atom feed, newest first; an entry's ``updated`` is its brief's."""
    urls = Urls(options)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attributes)
        element.text = text
        return element

    feed = ET.Element("feed", xmlns=ATOM)  # Atom as the default namespace of every element
    sub(feed, "title", options.site_name or "Briefs")
    sub(feed, "id", _id(options))
    entries = library.briefs[:FEED_ENTRIES]
    times = entry_times(entries)
    sub(feed, "updated", times[0] if times else _timestamp(newest_date(library) or dt.date(1970, 1, 1)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=urls.file(FEED) or FEED)
    sub(feed, "link", rel="alternate", type="text/html", href=urls.base or "./")
    author = sub(feed, "author")
    sub(author, "name", options.site_name or "Briefs")
    for cb, updated in zip(entries, times):
        entry = sub(feed, "entry")
        sub(entry, "title", cb.brief.title)
        sub(entry, "id", _id(options, cb.slug))
        sub(entry, "link", rel="alternate", type="text/html", href=urls.absolute("briefs", cb.slug) or urls.path("briefs", cb.slug))
        sub(entry, "published", _timestamp(cb.brief.published))
        sub(entry, "updated", updated)
        sub(entry, "summary", _summary(library, cb), type="text")
        for topic in cb.brief.topics:
            sub(entry, "category", term=topic, label=library.topic_title(topic))
    tree = ET.ElementTree(feed)
    ET.indent(tree)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def files(library: Library, options: Options) -> dict[str, bytes]:
    return {FEED: atom_feed(library, options)}
