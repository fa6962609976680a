"""Every source as CSL-JSON (``data/sources.csl.json``), for reference managers."""

from __future__ import annotations

from ..kinds import SOURCE_KINDS
from ..library import Library
from ..site import Options
from .common import drop_empty, json_bytes

CSL = "data/sources.csl.json"
CSL_TYPES = {
    "news": "article-newspaper",
    "wire": "article-newspaper",
    "state-media": "article-newspaper",
    "opinion": "article-newspaper",
    "analysis": "article",
    "primary": "document",
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
        items.append(drop_empty(item))
    return items


def files(library: Library, options: Options) -> dict[str, bytes]:
    return {CSL: json_bytes(csl_json(library))}
