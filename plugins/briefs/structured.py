"""What machines read: schema.org JSON-LD, the Atom feed, the JSON export and CSL-JSON.

Pure functions from the library to dicts and bytes; nothing here imports MkDocs.
Only what the briefs say goes out: a URL, date, author or publisher the brief
does not give is left out, never guessed. Dates come from the briefs, never from
the clock, so two builds of the same briefs write the same bytes.

Absolute URLs need the site's ``site_url`` (``Options.site_url``). Without it
the JSON-LD leaves URLs out, the feed links relative to itself and the JSON
export gives each page's path only.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from . import ids
from .kinds import CAVEAT_KINDS, SOURCE_KINDS
from .library import Library, SourceEntry
from .model import Actor, Caveat, Source
from .prose import plain
from .quotes import Match
from .resolve import Cite, Item, ResolvedBrief
from .site import Options, deep_link, page_url

SCHEMA_ORG = "https://schema.org"
ATOM = "http://www.w3.org/2005/Atom"
FEED = "feed.xml"
DATA = "data/briefs.json"
DATA_SCHEMA = "data/briefs.schema.json"
CSL = "data/sources.csl.json"
EXPORT_FORMAT = "briefs-library"
EXPORT_VERSION = 1
EXPORT_SCHEMA = Path(__file__).parent / "schemas" / "library-export.v1.schema.json"
FEED_ENTRIES = 50  # the newest briefs the feed carries

ARTICLE_TYPES = {
    "reportage": "ReportageNewsArticle",
    "analysis": "AnalysisNewsArticle",
    "background": "BackgroundNewsArticle",
}
ACTOR_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "media": "NewsMediaOrganization",
    "state": "Country",
}
CSL_TYPES = {
    "news": "article-newspaper",
    "wire": "article-newspaper",
    "state-media": "article-newspaper",
    "opinion": "article-newspaper",
    "analysis": "article",
    "primary": "document",
}


def _drop_empty(record: dict) -> dict:
    """The record without keys whose value is unknown (None, empty text or list)."""
    return {k: v for k, v in record.items() if v not in (None, "", [], {})}


class _Urls:
    """Paths of a site's pages and, when ``site_url`` is known, their absolute URLs."""

    def __init__(self, options: Options):
        self.o = options
        self.base = options.site_url.rstrip("/") + "/" if options.site_url else ""

    def path(self, kind: str, slug: str = "index") -> str:
        """The page's URL relative to the site root."""
        return page_url(self.o.page_path(kind, slug), self.o.directory_urls)

    def absolute(self, kind: str, slug: str = "index", anchor: str = "") -> str | None:
        return self.base + self.path(kind, slug) + anchor if self.base else None

    def file(self, path: str) -> str | None:
        return self.base + path if self.base else None


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def newest_date(library: Library) -> dt.date | None:
    """The newest date of the library's briefs; what ``SOURCE_DATE_EPOCH`` is made from."""
    return max((cb.date for cb in library.briefs), default=None)


def source_date_epoch(library: Library) -> int:
    """Seconds from 1970 to the newest brief date, 00:00 UTC (0 without briefs)."""
    day = newest_date(library)
    if day is None:
        return 0
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


# -- JSON-LD ----------------------------------------------------------------


def json_for_html(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` left to end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def script(data: object) -> str:
    """A JSON-LD ``<script>`` element."""
    return f'<script type="application/ld+json">{json_for_html(data)}</script>'


def actor_thing(urls: _Urls, actor_id: str, actor: Actor) -> dict:
    """An actor as a schema.org Person, Organization, NewsMediaOrganization or Country."""
    return _drop_empty(
        {
            "@type": ACTOR_TYPES[actor.kind],
            "@id": urls.absolute("actors", actor_id),
            "name": actor.name,
            "sameAs": f"https://www.wikidata.org/wiki/{actor.wikidata}" if actor.wikidata else None,
        }
    )


def creative_work(source: Source) -> dict:
    """A source as a schema.org CreativeWork, with only the facts the brief gives."""
    return _drop_empty(
        {
            "@type": "CreativeWork",
            "name": source.title,
            "url": source.url,
            "author": {"@type": "Person", "name": source.author} if source.author else None,
            "publisher": {"@type": "Organization", "name": source.publisher} if source.publisher else None,
            "datePublished": _date(source.published),
        }
    )


def _site_org(options: Options, urls: _Urls) -> dict | None:
    if not options.site_name:
        return None
    return _drop_empty({"@type": "Organization", "name": options.site_name, "url": urls.base or None})


def brief_jsonld(library: Library, cb: ResolvedBrief, options: Options) -> list[dict]:
    """The brief as a NewsArticle of its kind, then a ClaimReview per error or disputed caveat."""
    urls = _Urls(options)
    brief = cb.brief
    page = urls.absolute("briefs", cb.slug)
    listed = set(brief.actors)
    about = [actor_thing(urls, a, library.actors[a]) for a in cb.actor_ids if a in listed]
    mentions = [actor_thing(urls, a, library.actors[a]) for a in cb.actor_ids if a not in listed]
    article = _drop_empty(
        {
            "@context": SCHEMA_ORG,
            "@type": ARTICLE_TYPES[brief.kind],
            "@id": page,
            "url": page,
            "mainEntityOfPage": page,
            "headline": brief.title,
            "description": plain(brief.summary),
            "datePublished": _date(brief.published),
            "dateModified": _date(cb.date),
            "keywords": list(brief.topics),
            "publisher": _site_org(options, urls),
            "about": about,
            "mentions": mentions,
            "citation": [creative_work(ref.source) for ref in cb.sources],
            "correction": [
                {"@type": "CorrectionComment", "text": plain(change.note), "datePublished": _date(change.date)}
                for change in brief.changes
            ],
        }
    )
    reviews = [claim_review(cb, item, options) for item in cb.caveats if CAVEAT_KINDS[item.record.kind].rating]  # type: ignore[union-attr]
    return [article, *reviews]


def claim_review(cb: ResolvedBrief, item: Item, options: Options) -> dict:
    """An error or disputed caveat as a ClaimReview (Google's fact-check markup, where the data allows)."""
    urls = _Urls(options)
    caveat: Caveat = item.record  # type: ignore[assignment]
    claim: dict = {"@type": "Claim"}
    if item.located is not None:  # the cited source in which the claim stands
        source = cb.source(item.located.source).source
        if source.author:
            claim["author"] = {"@type": "Person", "name": source.author}
        elif source.publisher:
            claim["author"] = {"@type": "Organization", "name": source.publisher}
        claim["datePublished"] = _date(source.published)
        claim["appearance"] = creative_work(source)
    return _drop_empty(
        {
            "@context": SCHEMA_ORG,
            "@type": "ClaimReview",
            "url": urls.absolute("briefs", cb.slug, "#" + item.id),
            "claimReviewed": caveat.claim,
            "reviewBody": plain(caveat.note),
            "author": _site_org(options, urls),
            "itemReviewed": _drop_empty(claim),
            "reviewRating": {"@type": "Rating", "alternateName": CAVEAT_KINDS[caveat.kind].rating},
        }
    )


def actor_jsonld(library: Library, actor_id: str, options: Options) -> dict:
    """The actor page's record: the actor with its page, other names, role and description."""
    urls = _Urls(options)
    actor = library.actors[actor_id]
    description = plain(actor.description) if actor.description else None
    person = actor.kind == "person"
    return _drop_empty(
        {
            "@context": SCHEMA_ORG,
            **actor_thing(urls, actor_id, actor),
            "url": urls.absolute("actors", actor_id),
            "alternateName": list(actor.aliases),
            "jobTitle": actor.role if person else None,
            "description": description if person else " ".join(filter(None, [actor.role, description])),
        }
    )


# -- Atom -------------------------------------------------------------------


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _entry_id(urls: _Urls, options: Options, slug: str) -> str:
    page = urls.absolute("briefs", slug)
    if page:
        return page
    return uuid.uuid5(uuid.NAMESPACE_URL, f"briefs:{options.site_name}:{slug}").urn


def atom_feed(library: Library, options: Options) -> bytes:
    """The newest briefs as an Atom feed, newest first; an entry's ``updated`` is its brief's."""
    urls = _Urls(options)

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
            sub(entry, "category", term=topic)
    tree = ET.ElementTree(feed)
    ET.indent(tree)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


# -- JSON export ------------------------------------------------------------


def _prose(text: str | None) -> dict | None:
    return {"markdown": text, "text": plain(text)} if text is not None else None


def _page(urls: _Urls, kind: str, slug: str = "index") -> dict:
    return {"path": urls.path(kind, slug), "url": urls.absolute(kind, slug)}


def _selector(match: Match | None) -> dict | None:
    """A passage as a W3C TextQuoteSelector, with its URL text fragment."""
    if match is None:
        return None
    return {
        "type": "TextQuoteSelector",
        "exact": match.exact,
        "prefix": match.prefix,
        "suffix": match.suffix,
        "fragment": match.fragment,
    }


def _citation(cb: ResolvedBrief, urls: _Urls, cite: Cite) -> dict:
    source = cb.sources[cite.number - 1].source
    anchor: Match | None = cite.match  # type: ignore[assignment]
    return {
        "source": cite.source,
        "passage": cite.citation.passage,
        "selector": _selector(anchor),
        "stored": urls.path("sources", cite.source) + cite.paragraph,
        "link": deep_link(source.url, anchor) if source.url and anchor else source.url,
    }


def _export_brief(library: Library, cb: ResolvedBrief, urls: _Urls) -> dict:
    brief = cb.brief

    def cites(item: Item) -> list[dict]:
        return [_citation(cb, urls, cite) for cite in item.cites]

    def located(item: Item) -> dict | None:
        return _selector(item.located.match) if item.located else None  # type: ignore[arg-type]

    items = {(item.key, item.index): item for item in cb.items}
    statements = [items[("statements", i)] for i in range(len(brief.statements))]
    caveats = [items[("caveats", i)] for i in range(len(brief.caveats))]
    return {
        "id": cb.slug,
        "page": _page(urls, "briefs", cb.slug),
        "title": brief.title,
        "kind": brief.kind,
        "status": brief.status,
        "published": _date(brief.published),
        "updated": _date(brief.updated),
        "summary": _prose(brief.summary),
        "topics": list(brief.topics),
        "actors": list(cb.actor_ids),
        "sources": [{"id": ref.id, "source": ref.id, "note": _prose(ref.note)} for ref in cb.sources],
        "statements": [
            {
                "actor": item.record.actor,
                "via": item.record.via,
                "kind": item.record.kind,
                "quote": item.record.quote,
                "said": _date(item.record.said),
                "citations": cites(item),
            }
            for item in statements
        ],
        "context": [{"text": _prose(item.record.text), "citations": cites(item)} for item in cb.context],
        "caveats": [
            {
                "kind": item.record.kind,
                "claim": item.record.claim,
                "claim_selector": located(item),
                "note": _prose(item.record.note),
                "citations": cites(item),
            }
            for item in caveats
        ],
        "changes": [{"date": _date(c.date), "note": _prose(c.note)} for c in brief.changes],
        "related": [other.slug for other in library.related.get(cb.slug, [])],
    }


def _export_source(entry: SourceEntry, urls: _Urls) -> dict:
    s = entry.source
    return {
        "id": entry.slug,
        "page": _page(urls, "sources", entry.slug),
        "title": s.title,
        "kind": s.kind,
        "publisher": s.publisher,
        "author": s.author,
        "url": s.url,
        "published": _date(s.published),
        "image_credit": s.image_credit,
        "note": _prose(s.note),
        "briefs": [cb.slug for cb in entry.briefs],
    }


def library_export(library: Library, options: Options) -> dict:
    """The whole library as data: see ``EXPORT_SCHEMA`` and docs/data.md."""
    urls = _Urls(options)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "site": {"name": options.site_name or None, "url": urls.base or None},
        "updated": _date(newest_date(library)),
        "briefs": [_export_brief(library, cb, urls) for cb in library.briefs],
        "actors": [
            {
                "id": actor_id,
                "page": _page(urls, "actors", actor_id),
                "name": actor.name,
                "kind": actor.kind,
                "aliases": list(actor.aliases),
                "role": actor.role,
                "country": actor.country,
                "wikidata": actor.wikidata,
                "description": _prose(actor.description),
                "briefs": [cb.slug for cb in library.briefs_by_actor.get(actor_id, [])],
            }
            for actor_id, actor in sorted(library.actors.items())
        ],
        "sources": [_export_source(entry, urls) for entry in library.sources.values()],
        "topics": [
            {"id": topic, "page": _page(urls, "topics", topic), "briefs": [cb.slug for cb in briefs]}
            for topic, briefs in library.topics.items()
        ],
    }


def csl_json(library: Library) -> list[dict]:
    """Every source as a CSL-JSON item, for reference managers."""
    items = []
    for entry in library.sources.values():
        s = entry.source
        kind = CSL_TYPES[s.kind]
        item = {
            "id": entry.slug,
            "type": kind,
            "title": s.title,
            "genre": SOURCE_KINDS[s.kind],
            "author": [{"literal": s.author}] if s.author else None,
            "container-title": s.publisher if kind.startswith("article") else None,
            "publisher": s.publisher if not kind.startswith("article") else None,
            "URL": s.url,
            "issued": {"date-parts": [[s.published.year, s.published.month, s.published.day]]} if s.published else None,
        }
        items.append(_drop_empty(item))
    return items


def _json_bytes(data: object) -> bytes:
    # compact: json's C encoder does not indent, and the whole library is written on every build
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def data_files(library: Library, options: Options) -> dict[str, bytes]:
    """The site's files for machines, by their path in the site."""
    return {
        FEED: atom_feed(library, options),
        DATA: _json_bytes(library_export(library, options)),
        DATA_SCHEMA: EXPORT_SCHEMA.read_bytes(),
        CSL: _json_bytes(csl_json(library)),
    }

