"""Each checked brief, resolved once into the record every output reads.

A resolved brief holds its items in reading order (statements, context, the
caveats, then what we don't know), each with its element id, where its quote or
claim stands and its citations, numbered by source and lettered once; a direct
quote's lead-in words; and which caveats qualify which statements and context
items (those whose claim overlaps the item's words, or that name it in
``about``). Pages,
JSON-LD, the feed, the data export and the source pages read this record;
nothing after it searches a snapshot or numbers a citation again.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Generic, TypeVar

from . import ids
from .check import CheckedBrief
from .corroborate import Carried
from .kinds import CAVEAT_KINDS, UNKNOWN
from .load import Path_
from .model import Brief, Caveat, Citation, ContextItem, Source, Statement, citations
from .quotes import Match, Snapshot

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
    lead_in: str = ""  # a direct quote's words before it in its sentence of the source
    caveats: tuple[str, ...] = ()  # a statement's or context item's: the element ids of the caveats that qualify it
    about: tuple[str, ...] = ()  # a caveat's: the element ids of the statements and context items it qualifies

    def words(self) -> Iterator[tuple[str, Match]]:
        """Where its words stand in its sources (source id, match): a caveat's claim; a statement's
        quote and cited passages; a context item's cited passages."""
        if self.located is not None:
            yield self.located.source, self.located.match
        if self.key != "caveats":
            for cite in self.cites:
                if cite.match is not None:
                    yield cite.source, cite.match


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

    @cached_property
    def _by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    def item(self, element_id: str) -> Item:
        """The item shown with ``element_id``."""
        return self._by_id[element_id]

    def qualifiers(self, item: Item) -> tuple[Item[Caveat], ...]:
        """The caveats that qualify a statement or context item, as chips show them under it."""
        return tuple(self._by_id[c] for c in item.caveats)

    @staticmethod
    def by_kind(caveats: tuple[Item[Caveat], ...]) -> tuple[tuple[str, tuple[Item[Caveat], ...]], ...]:
        """``caveats`` grouped by kind, in the order of CAVEAT_KINDS, each kind's in the file's order."""
        return tuple(
            (kind, group) for kind in CAVEAT_KINDS if (group := tuple(c for c in caveats if c.record.kind == kind))
        )

    @property
    def speakers(self) -> tuple[tuple[str, tuple[Item[Statement], ...]], ...]:
        """The statements under their speakers: each speaker (actor id) in the order they first speak, with theirs in reading order."""
        groups: dict[str, list[Item[Statement]]] = {}
        for item in self.statements:
            groups.setdefault(item.record.actor, []).append(item)
        return tuple((actor_id, tuple(items)) for actor_id, items in groups.items())


Resolved = dict[str, tuple[CheckedBrief, bool, ResolvedBrief]]
"""Briefs resolved before, by file: the brief as checked, whether reviews were included, and what resolving gave.
Kept with the checks (``check.Cache`` under serve, ``buildcache.CheckStore`` between builds): a checked brief is
the same object only while its file, registries and snapshots are unchanged, so it resolves as it did."""


def resolve_once(
    cb: CheckedBrief,
    sources: Mapping[str, Source],
    snapshots: Mapping[str, Snapshot],
    *,
    include_review: bool = False,
    resolved: Resolved | None = None,
) -> ResolvedBrief:
    """``resolve``, unless ``resolved`` has this very checked brief resolved the same way already."""
    held = resolved.get(cb.file) if resolved is not None else None
    if held is not None and held[0] is cb and held[1] == include_review:
        return held[2]
    made = resolve(cb, sources, snapshots, include_review=include_review)
    if resolved is not None:
        resolved[cb.file] = (cb, include_review, made)
    return made


def resolve(
    cb: CheckedBrief, sources: Mapping[str, Source], snapshots: Mapping[str, Snapshot], *, include_review: bool = False
) -> ResolvedBrief:
    """The record of a brief that passed checking, with its sources from the registry and their
    ``snapshots`` (by path, as ``Result.snapshots`` holds them).

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
        lead_in = ""
        if where is not None and key == "statements":
            lead_in = snapshots[sources[where.source].snapshot].lead_in(where.match)
        return Item(key, index, ids.item_id(key, index), record, where, tuple(cites), carried((key, index)), lead_in)

    statements = tuple(item("statements", i, s) for i, s in enumerate(brief.statements) if include_review or not s.review)
    context = tuple(item("context", i, c) for i, c in enumerate(brief.context))
    shown_caveats = [(i, c) for i, c in enumerate(brief.caveats) if include_review or not c.review]
    caveats = tuple(item("caveats", i, c) for i, c in shown_caveats if c.kind != UNKNOWN)
    unknowns = tuple(item("caveats", i, c) for i, c in shown_caveats if c.kind == UNKNOWN)
    qualified = _qualified(statements + context, caveats + unknowns)
    about: dict[str, list[str]] = defaultdict(list)
    for item_id, caveat_ids in qualified.items():
        for caveat_id in caveat_ids:
            about[caveat_id].append(item_id)

    def linked(items: tuple[Item[Record], ...]) -> tuple[Item[Record], ...]:
        return tuple(replace(i, caveats=tuple(qualified.get(i.id, ())), about=tuple(about.get(i.id, ()))) for i in items)

    statements, context, caveats, unknowns = linked(statements), linked(context), linked(caveats), linked(unknowns)
    refs = tuple(SourceRef(n, use.id, sources[use.id], use.note, tuple(by_source[n]), use.review) for n, use in enumerate(uses, 1))
    speakers = (a for item in statements for a in (item.record.actor, item.record.via) if a is not None)
    actor_ids = tuple(dict.fromkeys([*brief.actors, *speakers]))
    return ResolvedBrief(cb.slug, cb.file, brief, actor_ids, refs, statements, context, caveats, unknowns)


def _qualified(items: tuple[Item, ...], caveats: tuple[Item[Caveat], ...]) -> dict[str, list[str]]:
    """For each statement and context item (by element id), the caveats that qualify it: those that
    name it in ``about``, and those without ``about`` whose claim overlaps its words in the same
    source; by kind (in the order of CAVEAT_KINDS), then in the file's order."""
    shown = {item.id for item in items}
    named = [(c, c.record.about) for c in caveats if c.record.about is not None]
    found: dict[str, dict[str, Item[Caveat]]] = defaultdict(dict)  # item id -> caveat id -> caveat
    for caveat, item_id in named:
        if item_id in shown:  # a statement under review is not
            found[item_id][caveat.id] = caveat
    claims = [c for c in caveats if c.record.about is None and c.located is not None]
    for item_id, caveat in _overlapping(items, claims):
        found[item_id][caveat.id] = caveat
    order = {kind: n for n, kind in enumerate(CAVEAT_KINDS)}
    return {
        item.id: [c.id for c in sorted(found[item.id].values(), key=lambda c: (order[c.record.kind], c.index))]
        for item in items
        if item.id in found
    }


def _overlapping(items: Iterable[Item], claims: Iterable[Item[Caveat]]) -> Iterator[tuple[str, Item[Caveat]]]:
    """(item id, caveat) for each claim that shares characters of a source with an item's words.

    A sweep over each source's spans in order of their start: the item spans begun before a
    claim and not yet ended (a heap by end) and those that begin within it are the ones it
    overlaps, so the work grows with the spans and the overlaps found, not with their product.
    """
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)  # by source: (start, end, item id)
    for item in items:
        for source, match in item.words():
            spans[source].append((match.start, match.end, item.id))
    by_source: dict[str, list[tuple[int, int, Item[Caveat]]]] = defaultdict(list)
    for claim in claims:
        assert claim.located is not None
        by_source[claim.located.source].append((claim.located.match.start, claim.located.match.end, claim))
    for source, found in by_source.items():
        ordered = sorted(spans.get(source, ()))
        open_spans: list[tuple[int, str]] = []  # (end, item id) of the spans begun before the claim
        next_span = 0
        for start, end, claim in sorted(found, key=lambda f: (f[0], f[1], f[2].index)):
            while next_span < len(ordered) and ordered[next_span][0] < start:
                heapq.heappush(open_spans, (ordered[next_span][1], ordered[next_span][2]))
                next_span += 1
            while open_spans and open_spans[0][0] <= start:
                heapq.heappop(open_spans)
            for _, item_id in open_spans:
                yield item_id, claim
            later = next_span
            while later < len(ordered) and ordered[later][0] < end:
                yield ordered[later][2], claim
                later += 1
