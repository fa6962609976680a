"""The whole library as data (``data/briefs.json``), with its versioned JSON Schema (see docs/data.md)."""

from __future__ import annotations

import functools
from pathlib import Path

from ..corroborate import Carried
from ..library import Library, SourceEntry
from ..prose import plain
from ..quotes import Match
from ..resolve import Cite, Item, ResolvedBrief
from ..site import Options, deep_link
from .common import Items, Piece, Streamed, Urls, date, json_chunks, newest_date

DATA = "data/briefs.json"
DATA_SCHEMA = "data/briefs.schema.json"
EXPORT_FORMAT = "briefs-library"
EXPORT_VERSION = 1
EXPORT_SCHEMA = Path(__file__).parent.parent / "schemas" / "library-export.v1.schema.json"


def _prose(text: str | None) -> dict | None:
    return {"markdown": text, "text": plain(text)} if text is not None else None


def _page(urls: Urls, kind: str, slug: str = "index") -> dict:
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


def _citation(cb: ResolvedBrief, urls: Urls, cite: Cite) -> dict:
    source = cb.sources[cite.number - 1].source
    anchor = cite.match
    return {
        "source": cite.source,
        "passage": cite.citation.passage,
        "selector": _selector(anchor),
        "stored": urls.path("sources", cite.source) + cite.paragraph,
        "link": deep_link(source.url, anchor) if source.url and anchor else source.url,
        "carried": _carried(cite.carried),
    }


def _carried(found: Carried | None) -> dict | None:
    """Which of the brief's sources carry the words (null for a brief with one source)."""
    if found is None:
        return None
    return {
        "verbatim": list(found.verbatim),
        "variants": [
            {"source": source_id, "passage": v.exact, "diff": [{"op": op, "quote": ours, "source": theirs} for op, ours, theirs in v.diff]}
            for source_id, v in found.variants
        ],
        "absent": list(found.absent),
    }


def _export_brief(library: Library, cb: ResolvedBrief, urls: Urls) -> dict:
    brief = cb.brief

    def cites(item: Item) -> list[dict]:
        return [_citation(cb, urls, cite) for cite in item.cites]

    def located(item: Item) -> dict | None:
        return _selector(item.located.match) if item.located else None

    caveats = sorted((*cb.caveats, *cb.unknowns), key=lambda item: item.index)  # in the file's order
    return {
        "id": cb.slug,
        "page": _page(urls, "briefs", cb.slug),
        "title": brief.title,
        "kind": brief.kind,
        "status": brief.status,
        "published": date(brief.published),
        "updated": date(brief.updated),
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
                "said": date(item.record.said),
                "carried": _carried(item.carried),
                "citations": cites(item),
            }
            for item in cb.statements
        ],
        "context": [{"text": _prose(item.record.text), "citations": cites(item)} for item in cb.context],
        "caveats": [
            {
                "kind": item.record.kind,
                "claim": item.record.claim,
                "claim_selector": located(item),
                "carried": _carried(item.carried),
                "note": _prose(item.record.note),
                "citations": cites(item),
                "qualifies": list(item.about),
            }
            for item in caveats
        ],
        "changes": [{"date": date(c.date), "kind": c.kind, "note": _prose(c.note)} for c in brief.changes],
        "related": [other.slug for other in library.related.get(cb.slug, [])],
        "origins": [
            {"kind": o.kind, "id": o.id, "name": o.name, "sources": list(o.sources)} for o in library.origins[cb.slug].origins
        ],
    }


def _export_source(library: Library, entry: SourceEntry, urls: Urls) -> dict:
    s = entry.source
    return {
        "id": entry.slug,
        "page": _page(urls, "sources", entry.slug),
        "title": s.title,
        "kind": s.kind,
        "publisher": s.publisher,
        "author": s.author,
        "url": s.url,
        "published": date(s.published),
        "image_credit": s.image_credit,
        "note": _prose(s.note),
        "briefs": [cb.slug for cb in entry.briefs],
        "based_on": list(s.based_on),
        "shares_text_with": [
            {"source": other, "words": pair.words, "passages": list(pair.passages)}
            for pair in library.shared.get(entry.slug, [])
            for other in pair.sources
            if other != entry.slug
        ],
    }


def library_export(library: Library, options: Options) -> dict:
    """The whole library as data: see ``EXPORT_SCHEMA`` and docs/data.md."""
    export = _library_record(library, options)
    export["briefs"] = [piece.make() for piece in export["briefs"].items]
    return export


def _library_record(library: Library, options: Options) -> dict:
    """The library as data, each brief's record made only as it is written."""
    urls = Urls(options)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "site": {"name": options.site_name or None, "url": urls.base or None},
        "updated": date(newest_date(library)),
        "briefs": Items(_brief_piece(library, cb, urls) for cb in library.briefs),
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
        "sources": [_export_source(library, entry, urls) for entry in library.sources.values()],
        "topics": [
            {"id": topic, "page": _page(urls, "topics", topic), "briefs": [cb.slug for cb in briefs]}
            for topic, briefs in library.topics.items()
        ],
    }


def _brief_piece(library: Library, cb: ResolvedBrief, urls: Urls) -> Piece:
    """A brief's record, with what it is made from besides the brief: its related briefs and its origins."""
    depends = (urls.o, cb, tuple(other.slug for other in library.related.get(cb.slug, [])), library.origins[cb.slug])
    return Piece(depends, functools.partial(_export_brief, library, cb, urls))


def files(library: Library, options: Options) -> dict[str, bytes | Streamed]:
    """The export streamed (it grows with every brief, to megabytes), each brief a piece; and its schema."""
    return {
        DATA: Streamed(lambda encode: json_chunks(_library_record(library, options), encode)),
        DATA_SCHEMA: EXPORT_SCHEMA.read_bytes(),
    }
