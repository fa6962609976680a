"""A page per source with its stored text, cited passages marked, and the list of sources."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterator

from markupsafe import Markup

from ..library import SourceEntry
from ..render import Cached, Page, PageType, Site


def pages(site: Site, cached: Cached) -> Iterator[Page]:
    for entry in site.library.sources.values():
        yield source_page(site, entry)
    here = site.path("sources")
    yield Page(here, "Sources", site.render("sources.html", here), "Every source the briefs cite.")


def source_page(site: Site, entry: SourceEntry) -> Page:
    here = site.path("sources", entry.slug)
    marks: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for cited in site.library.citations_by_source.get(entry.slug, []):
        match = cited.cite.match
        if match is not None:
            marks[match.paragraph].append((match.start, match.end))
    paragraphs = [_marked_paragraph(entry.snapshot.text, span, marks.get(i, [])) for i, span in enumerate(entry.snapshot.spans)]
    shared = site.library.shared.get(entry.slug, [])
    body = site.render("source.html", here, entry=entry, source=entry.source, paragraphs=paragraphs, shared=shared)
    return Page(here, entry.source.title, body, f"Source: {entry.source.title}", (), tuple(cb.slug for cb in entry.briefs))


def _marked_paragraph(text: str, span: tuple[int, int], marks: list[tuple[int, int]]) -> Markup:
    """One paragraph of a snapshot, escaped, with cited passages in <mark>."""
    start, end = span
    merged: list[list[int]] = []
    for a, b in sorted(marks):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], start
    for a, b in merged:
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:end]))
    return Markup("".join(out).replace("\n", "<br>\n"))


PAGE_TYPE = PageType(
    kind="sources",
    option="sources_url",
    default="sources",
    doc="Folder of the site where the sources page and each source's stored text go.",
    nav="Sources",
    pages=pages,
)
