"""How reliable a brief is, at a glance: what its page shows first, and every list of briefs as badges.

Its sources by kind and their independent origins, who speaks, its caveats counted
by kind, its corrections and latest change, and the notice a reader must not miss (a single source,
a single origin, opinion only). Read from the resolved brief and its origins; the
templates only lay it out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .kinds import CAVEAT_KINDS, CHANGE_KINDS, SOURCE_KINDS
from .model import Change
from .origins import BriefOrigins
from .resolve import ResolvedBrief

NOTICES = {"single-source": "Single source", "single-origin": "Single origin", "opinion": "Opinion only"}  # their titles


@dataclass(frozen=True)
class CaveatCount:
    kind: str
    label: str
    count: int
    first: str  # the element id of the first caveat of the kind, where its count links


@dataclass(frozen=True)
class Badge:
    text: str
    notice: bool  # a warning a reader must not miss (single source, single origin, opinion only)


@dataclass(frozen=True)
class Glance:
    sources: int
    source_kinds: tuple[tuple[str, int], ...]  # (label, count), in the order of SOURCE_KINDS
    origins: int
    speakers: tuple[tuple[str, int], ...]  # (actor id, statements), most first
    caveats: tuple[CaveatCount, ...]  # in the order of CAVEAT_KINDS
    notice: str | None  # "single-source", "single-origin", "opinion" or None
    only_opinion: bool  # every source is opinion
    latest_change: Change | None  # the latest change but a correction
    corrections: tuple[Change, ...] = ()  # newest first

    @property
    def notice_title(self) -> str | None:
        return NOTICES[self.notice] if self.notice else None

    @property
    def caveat_total(self) -> int:
        return sum(c.count for c in self.caveats)

    @property
    def badges(self) -> tuple[Badge, ...]:
        """The glance in a few words, as every list of briefs and every search result shows it."""
        if self.notice == "single-source":
            badges = [Badge(NOTICES["single-source"], True)]
        elif self.notice == "single-origin":
            badges = [Badge(f"{self.sources} sources, single origin", True)]
        else:
            badges = [Badge(f"{self.sources} sources, {self.origins} origins", False)]
        if self.only_opinion:
            badges.append(Badge(NOTICES["opinion"], True))
        if self.caveat_total:
            badges.append(Badge(f"{self.caveat_total} caveat{'s' if self.caveat_total != 1 else ''}", False))
        if self.corrections:
            badges.append(Badge("Corrected", True))
        return tuple(badges)


def glance(cb: ResolvedBrief, origins: BriefOrigins) -> Glance:
    kinds = Counter(ref.source.kind for ref in cb.sources)
    speakers = Counter(item.record.actor for item in cb.statements)
    items = (*cb.caveats, *cb.unknowns)
    counts = Counter(item.record.kind for item in items)
    firsts: dict[str, str] = {}
    for item in sorted(items, key=lambda item: item.index):
        firsts.setdefault(item.record.kind, item.id)
    caveats = tuple(CaveatCount(k, CAVEAT_KINDS[k].label, counts[k], firsts[k]) for k in CAVEAT_KINDS if counts[k])
    only_opinion = set(kinds) == {"opinion"}
    corrections = [c for c in cb.brief.changes if CHANGE_KINDS[c.kind].correction]
    others = [c for c in cb.brief.changes if not CHANGE_KINDS[c.kind].correction]
    if len(cb.sources) == 1:
        notice: str | None = "single-source"
    elif len(origins.origins) == 1:
        notice = "single-origin"
    else:
        notice = "opinion" if only_opinion else None
    return Glance(
        sources=len(cb.sources),
        source_kinds=tuple((SOURCE_KINDS[k], kinds[k]) for k in SOURCE_KINDS if kinds[k]),
        origins=len(origins.origins),
        speakers=tuple(sorted(speakers.items(), key=lambda pair: -pair[1])),  # ties in reading order
        caveats=caveats,
        notice=notice,
        only_opinion=only_opinion,
        latest_change=max(others, key=lambda c: c.date) if others else None,
        corrections=tuple(sorted(corrections, key=lambda c: c.date, reverse=True)),
    )
