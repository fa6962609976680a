"""Each checked brief, resolved once into the record every output reads.

A resolved brief holds its items in reading order (statements, context, the
caveats, then what we don't know), each with its element id, where its quote or
claim stands and its citations, numbered by source and lettered once. Pages,
JSON-LD, the feed, the data export and the source pages read this record;
nothing after it searches a snapshot or numbers a citation again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from . import ids
from .check import CheckedBrief
from .corroborate import Carried
from .kinds import UNKNOWN
from .load import Path_
from .model import Brief, Caveat, Citation, ContextItem, Source, Statement, citations
from .quotes import Match

Record = TypeVar("Record", Statement, ContextItem, Caveat)


@dataclass(frozen=True)
class Located:
    """Where words of a brief stand: the source (by its id) and the match in its snapshot."""

    source: str
    match: Match


@dataclass(frozen=True)
class Cite:
    """One citation of an item, as its numbered marker."""

    id: str  # the marker's element id, "cite-2-3"
    number: int  # the source's number in the brief's source list
    letter: str  # "c": the third marker of that source
    citation: Citation
    source: str  # the source's id
    match: Match | None  # of the cited passage (or of the quote or claim), None for the whole source
    carried: Carried | None = None  # which of the brief's sources carry the cited passage, when it has several

    @property
    def paragraph(self) -> str:
        """The fragment of the stored text where the passage stands ("#p-4"), or ""."""
        return "#" + ids.paragraph_id(self.match.paragraph) if self.match is not None else ""


@dataclass(frozen=True)
class Item(Generic[Record]):
    """A statement, context item or caveat of a brief."""

    key: str  # "statements", "context" or "caveats"
    index: int  # its place in that list of the file, from 0
    id: str  # its element id on the brief page
    record: Record
    located: Located | None  # where a direct quote or a caveat's claim stands
    cites: tuple[Cite, ...]
    carried: Carried | None = None  # which of the brief's sources carry its quote or claim, when it has several


@dataclass(frozen=True)
class Passage:
    """One passage cited from a source (or the source as a whole), with every marker that cites it."""

    match: Match | None  # None for the source as a whole
    cites: tuple[Cite, ...]  # in reading order: its back-links a, b, c


@dataclass(frozen=True)
class SourceRef:
    """One entry of a brief's source list."""

    number: int
    id: str  # its id in sources.yaml, which names its page too
    source: Source
    note: str | None  # what readers of this brief should know about it, besides the source's own note
    cites: tuple[Cite, ...]  # its markers, in reading order
    review: bool = False  # added for review: shown only in a preview of drafts

    @property
    def element_id(self) -> str:
        return ids.source_entry_id(self.number)

    @property
    def passages(self) -> tuple[Passage, ...]:
        """Its markers grouped by the passage they cite, in the order of each passage's first marker."""
        grouped: dict[tuple[int, int] | None, list[Cite]] = {}
        for cite in self.cites:
            grouped.setdefault((cite.match.start, cite.match.end) if cite.match else None, []).append(cite)
        return tuple(Passage(cites[0].match, tuple(cites)) for cites in grouped.values())


@dataclass(frozen=True)
class ResolvedBrief:
    slug: str
    file: str
    brief: Brief
    actor_ids: tuple[str, ...]  # listed actors first, then speakers and channels not listed
    sources: tuple[SourceRef, ...]
    statements: tuple[Item[Statement], ...]
    context: tuple[Item[ContextItem], ...]
    caveats: tuple[Item[Caveat], ...]  # the caveats but the unknowns, in the file's order
    unknowns: tuple[Item[Caveat], ...]  # the caveats listed under "What we don't know"

    @property
    def date(self) -> dt.date:
        """When the brief last changed: its ``updated`` date, else ``published``."""
        return self.brief.updated or self.brief.published

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item in reading order: statements, context, caveats, what we don't know."""
        return (*self.statements, *self.context, *self.caveats, *self.unknowns)

    def source(self, source_id: str) -> SourceRef:
        return next(ref for ref in self.sources if ref.id == source_id)


def resolve(cb: CheckedBrief, sources: Mapping[str, Source], *, include_review: bool = False) -> ResolvedBrief:
    """The record of a brief that passed checking, with its sources from the registry.

    Sources, statements and caveats under review are left out (and so are the statements' speakers
    and citations, and what the sources carry) unless ``include_review``, as in a preview of drafts.
    """
    brief = cb.brief
    uses = [use for use in brief.source_uses if include_review or not use.review]
    numbers = {use.id: n for n, use in enumerate(uses, 1)}
    shown = set(numbers)

    def carried(path: Path_) -> Carried | None:
        found = cb.carried.get(path)
        if found is None or len(shown) == len(brief.source_uses):
            return found
        if len(shown) < 2:
            return None
        variants = tuple(v for v in found.variants if v[0] in shown)
        return Carried(tuple(s for s in found.verbatim if s in shown), variants, tuple(s for s in found.absent if s in shown))

    cited: dict[Path_, list[tuple[Path_, Citation]]] = defaultdict(list)
    for path, citation in citations(brief):
        cited[path[:2]].append((path, citation))
    count: dict[int, int] = defaultdict(int)
    by_source: dict[int, list[Cite]] = defaultdict(list)

    def item(key: str, index: int, record: Record) -> Item[Record]:
        """The item, its citations numbered in reading order (items are made in that order)."""
        cites = []
        for path, citation in cited[(key, index)]:
            n = numbers[citation.source]
            marker = ids.cite_id(n, count[n] + 1)
            cite = Cite(marker, n, ids.letters(count[n]), citation, citation.source, cb.anchors.get(path), carried(path))
            count[n] += 1
            cites.append(cite)
            by_source[n].append(cite)
        located = cb.located.get((key, index))
        where = Located(*located) if located else None
        return Item(key, index, ids.item_id(key, index), record, where, tuple(cites), carried((key, index)))

    statements = tuple(item("statements", i, s) for i, s in enumerate(brief.statements) if include_review or not s.review)
    context = tuple(item("context", i, c) for i, c in enumerate(brief.context))
    shown_caveats = [(i, c) for i, c in enumerate(brief.caveats) if include_review or not c.review]
    caveats = tuple(item("caveats", i, c) for i, c in shown_caveats if c.kind != UNKNOWN)
    unknowns = tuple(item("caveats", i, c) for i, c in shown_caveats if c.kind == UNKNOWN)
    refs = tuple(SourceRef(n, use.id, sources[use.id], use.note, tuple(by_source[n]), use.review) for n, use in enumerate(uses, 1))
    speakers = (a for item in statements for a in (item.record.actor, item.record.via) if a is not None)
    actor_ids = tuple(dict.fromkeys([*brief.actors, *speakers]))
    return ResolvedBrief(cb.slug, cb.file, brief, actor_ids, refs, statements, context, caveats, unknowns)
