"""A page per source with its stored text annotated by what cites it, and the list of sources.

Every passage of the stored text that a brief cites is highlighted by what cites it: a
statement (its quote, or the passage its citation gives), a context item, or a caveat (its
claim or cited passage), by kind. Each highlight has a text label that links to the item on
its brief, and an underline style of its group as well as a colour; a legend counts them.
Highlights may overlap: the text is cut at every edge, and each piece is marked with the
first group, in the legend's order, of the highlights over it.
"""

from __future__ import annotations

import functools
import html
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup

from .. import ids
from ..kinds import CAVEAT_KINDS
from ..library import SourceEntry
from ..render import Cached, Page, PageType, Site, StoredPage
from ..resolve import Item, ResolvedBrief

STATEMENT, CONTEXT = "statement", "context"
GROUPS: dict[str, str] = {  # what may cite a passage, in the order a piece under several shows
    **{kind: f"Caveat: {info.label}" for kind, info in CAVEAT_KINDS.items()},
    STATEMENT: "Statement",
    CONTEXT: "Context",
}


@dataclass(frozen=True)
class Note:
    """A passage of a source's stored text that one item of a brief cites."""

    start: int
    end: int
    group: str  # a key of GROUPS
    label: str  # what it shows: its group, and for a statement the speaker
    name: str  # its accessible name: the label, then the brief
    href: str  # the item on its brief
    ids: tuple[str, ...]  # its element ids: ids.stored_passage_id of each marker citing it, or of the item


@dataclass(frozen=True)
class Annotated:
    """A source's stored text with its notes: each paragraph as HTML, and the notes by group."""

    paragraphs: list[Markup]
    counts: dict[str, int]  # notes by group, for the groups that have any


def pages(site: Site, cached: Cached) -> Iterator[Page | StoredPage]:
    lib = site.library
    for entry in lib.sources.values():
        # the text by its digest: the paragraphs shown are made from it
        shown = (entry.slug, entry.snapshot.sha256, site.listed(entry.briefs), lib.shared.get(entry.slug))
        yield cached(site.path("sources", entry.slug), (site.context, shown), functools.partial(source_page, site, entry))
    here = site.path("sources")
    cited_by = {slug: entry.briefs for slug, entry in lib.sources.items()}
    yield cached(here, (site.context, cited_by), lambda: Page(here, "Sources", site.render("sources.html", here), "Every source the briefs cite."))


def source_page(site: Site, entry: SourceEntry) -> Page:
    here = site.path("sources", entry.slug)
    notes = [note for cb in entry.briefs for item in cb.items for note in _notes(site, here, entry.slug, cb, item)]
    annotated = annotate(entry.snapshot.text, entry.snapshot.spans, notes)
    shared = site.library.shared.get(entry.slug, [])
    body = site.render(
        "source.html", here, entry=entry, source=entry.source, paragraphs=annotated.paragraphs, counts=annotated.counts, shared=shared
    )  # the template words the legend: statements, context, then the caveats by kind
    return Page(here, entry.source.title, body, f"Source: {entry.source.title}", (), tuple(cb.slug for cb in entry.briefs))


def _notes(site: Site, here: str, source_id: str, cb: ResolvedBrief, item: Item) -> list[Note]:
    """The passages of the source that ``item`` cites: its quote or claim, and its cited passages,
    each span once (with the ids of every marker that cites it)."""
    spans: dict[tuple[int, int], list[str]] = {}
    if item.located is not None and item.located.source == source_id:
        spans[(item.located.match.start, item.located.match.end)] = []
    for cite in item.cites:
        if cite.source == source_id and cite.match is not None:
            spans.setdefault((cite.match.start, cite.match.end), []).append(ids.stored_passage_id(cb.slug, cite.id))
    if not spans:
        return []
    if item.key == "statements":
        group = STATEMENT
        label = f"{GROUPS[STATEMENT]}: {site.library.actors[item.record.actor].name}"
    elif item.key == "context":
        group, label = CONTEXT, GROUPS[CONTEXT]
    else:
        group = item.record.kind
        label = GROUPS[group]
    name = f"{label}, in the brief “{cb.brief.title}”"
    href = site.url(here, "briefs", cb.slug, "#" + item.id)
    return [
        Note(start, end, group, label, name, href, tuple(found) or (ids.stored_passage_id(cb.slug, item.id),))
        for (start, end), found in spans.items()
    ]


def annotate(text: str, paragraphs: list[tuple[int, int]], notes: list[Note]) -> Annotated:
    """The paragraphs of ``text`` (spans of it) as escaped HTML, with each note's passage marked and
    its label before it; the notes counted by group."""
    order = {group: i for i, group in enumerate(GROUPS)}
    notes = sorted(notes, key=lambda n: (n.start, -n.end, order[n.group]))
    out: list[Markup] = []
    i = 0
    for start, end in paragraphs:
        inside: list[Note] = []
        while i < len(notes) and notes[i].start < end:
            if notes[i].end > start:
                inside.append(notes[i])
            i += 1
        out.append(_paragraph(text, start, end, inside, order))
    return Annotated(out, dict(Counter(note.group for note in notes)))


def _paragraph(text: str, start: int, end: int, notes: list[Note], order: dict[str, int]) -> Markup:
    """One paragraph, cut at every edge of its notes: each piece under a note marked with the first
    of their groups, each note's label before its first piece."""
    opening: dict[int, list[Note]] = {}
    closing: dict[int, list[Note]] = {}
    for note in notes:
        opening.setdefault(max(note.start, start), []).append(note)
        closing.setdefault(min(note.end, end), []).append(note)
    edges = sorted({start, end, *opening, *closing})
    active: Counter[str] = Counter()
    out = []
    for a, b in zip(edges, edges[1:]):
        for note in closing.get(a, []):
            active[note.group] -= 1
        for note in opening.get(a, []):
            active[note.group] += 1
            out.append(_label(note))
        piece = html.escape(text[a:b]).replace("\n", "<br>\n")
        groups = [group for group, count in active.items() if count > 0]
        if groups:
            out.append(f'<mark class="brief-hl brief-hl--{min(groups, key=order.__getitem__)}">{piece}</mark>')
        else:
            out.append(piece)
    return Markup("".join(out))


def _label(note: Note) -> str:
    first, *more = note.ids
    anchors = "".join(f'<span id="{html.escape(extra)}"></span>' for extra in more)
    return (
        f'{anchors}<a class="brief-note brief-note--{note.group}" id="{html.escape(first)}" href="{html.escape(note.href)}"'
        f' aria-label="{html.escape(note.name)}" title="{html.escape(note.name)}">{html.escape(note.label)}</a>'
    )


PAGE_TYPE = PageType(
    kind="sources",
    option="sources_url",
    default="sources",
    doc="Folder of the site where the sources page and each source's stored text go.",
    nav="Sources",
    pages=pages,
)
