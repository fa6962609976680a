"""All briefs, actors, sources and topics, with the indexes cross-linking needs.

Built once, in one pass over the checked briefs; nothing here is quadratic.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from .check import Result
from .digest import digest
from .glance import Glance, glance
from .kinds import CAVEAT_KINDS
from .model import Actor, Caveat, Source, Statement, Topic
from .origins import Base, BriefOrigins, Origins, SharedText, find_shared
from .quotes import Snapshot, normalise_text
from .resolve import Item, Resolved, ResolvedBrief, SourceRef, resolve_once

_NO_TOPICS: Mapping[str, Topic] = MappingProxyType({})  # one object, so render's page cache sees no change
RELATED_LIMIT = 5
RELATED_WINDOW = 12  # briefs on each side in time considered per shared topic or actor


class UnresolvedActors(Exception):
    """Drafts to publish name actors that neither the registry nor the draft has."""

    def __init__(self, names: list[str]):
        self.names = names  # "slug: actor id"
        super().__init__("drafts name actors that are not in the registry; resolve them to publish the drafts: " + ", ".join(names))


@dataclass
class SourceEntry:
    """One source (one snapshot), however many briefs cite it."""

    slug: str
    source: Source
    snapshot: Snapshot
    briefs: list[ResolvedBrief] = field(default_factory=list)


@dataclass(frozen=True)
class Said:
    """A statement in the context of its brief, and the other briefs that give the same words by the same actor."""

    brief: ResolvedBrief
    item: Item[Statement]
    also: tuple[tuple[ResolvedBrief, Item[Statement]], ...] = ()  # newest first

    @property
    def statement(self) -> Statement:
        return self.item.record

    @property
    def sources(self) -> list[SourceRef]:
        """The sources that carry it, each once: those its briefs cite for it, then those of its
        briefs' other sources that have its words verbatim."""
        found: dict[str, SourceRef] = {}
        for brief, item in ((self.brief, self.item), *self.also):
            for cite in item.cites:
                found.setdefault(cite.source, brief.source(cite.source))
        for brief, item in ((self.brief, self.item), *self.also):
            for source_id in item.carried.verbatim if item.carried is not None else ():
                found.setdefault(source_id, brief.source(source_id))
        return list(found.values())

    @property
    def caveats(self) -> list[tuple[ResolvedBrief, Item[Caveat]]]:
        """The caveats that qualify it, in each brief that gives it."""
        return [(brief, brief.item(c)) for brief, item in ((self.brief, self.item), *self.also) for c in item.caveats]

    @property
    def date(self) -> dt.date:
        """The date it was said, else the brief's date; for ordering."""
        return self.statement.said or self.brief.brief.published


@dataclass(frozen=True)
class ActorCaveat:
    """A caveat that qualifies statements of one actor, in its brief, with those statements."""

    brief: ResolvedBrief
    caveat: Item[Caveat]
    statements: list[Item[Statement]]


@dataclass
class Library:
    briefs: list[ResolvedBrief]  # newest first
    actors: dict[str, Actor]
    sources: dict[str, SourceEntry]
    topics: dict[str, list[ResolvedBrief]]
    statements_by_actor: dict[str, list[Said]]
    briefs_by_actor: dict[str, list[ResolvedBrief]]
    drafts: list[ResolvedBrief]  # skipped drafts
    related: dict[str, list[ResolvedBrief]]
    origins: dict[str, BriefOrigins] = field(default_factory=dict)  # each brief's sources grouped by origin, by slug
    glance: dict[str, Glance] = field(default_factory=dict)  # each brief's reliability at a glance, by slug
    shared: dict[str, list[SharedText]] = field(default_factory=dict)  # by source id: the sources it shares long passages with
    source_records: Mapping[str, Source] = field(default_factory=dict)  # every record of sources.yaml, cited or not
    bases: dict[str, tuple[Base, ...]] = field(default_factory=dict)  # by source id: what its record says it is based on, named
    topic_info: Mapping[str, Topic] = field(default_factory=lambda: _NO_TOPICS)  # from topics.yaml, if any
    # by actor id: the caveats that qualify their statements, by kind in the order of CAVEAT_KINDS, each once
    caveats_by_actor: dict[str, list[tuple[str, list[ActorCaveat]]]] = field(default_factory=dict)
    topics_by_actor: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # by actor id: (topic, briefs), most first

    def topic_title(self, slug: str) -> str:
        info = self.topic_info.get(slug)
        return info.title if info else slug

    def latest(self, count: int) -> Library:
        """Just the newest ``count`` briefs and the actors: what the home page's list needs."""
        return replace(
            self,
            briefs=self.briefs[:count],
            sources={},
            topics={},
            statements_by_actor={},
            briefs_by_actor={},
            drafts=[],
            related={},
            shared={},
            caveats_by_actor={},
            topics_by_actor={},
        )


Glanced = dict[str, tuple[ResolvedBrief, str, BriefOrigins, Glance]]
"""By file: a brief as resolved, the digest of what else its origins were found with (``Kept.at_a_glance``),
and the brief's origins and reliability at a glance as found then."""


@dataclass
class Kept:
    """What a library may reuse of the one built before it (under serve, or from a build cache): each brief as
    resolved, and the long passages the cited sources share (the slow part of grouping them by origin)."""

    resolved: Resolved = field(default_factory=dict)
    shared: tuple[str, list[SharedText]] | None = None  # the digest of the cited sources' texts and publishers, and their passages
    glanced: Glanced = field(default_factory=dict)

    def shared_texts(self, sources: Mapping[str, SourceEntry]) -> list[SharedText]:
        """``origins.find_shared`` over the cited sources, unless their texts and publishers are as they were."""
        key = digest([(s, e.snapshot.sha256, e.source.publisher) for s, e in sources.items()])
        if self.shared is None or self.shared[0] != key:
            self.shared = (key, find_shared({s: e.snapshot for s, e in sources.items()}, {s: e.source.publisher for s, e in sources.items()}))
        return self.shared[1]

    def at_a_glance(self, cb: ResolvedBrief, origins: Origins, key: str) -> tuple[BriefOrigins, Glance]:
        """A brief's origins and reliability at a glance, unless found before for this very brief and the same
        ``key``: the digest of what ``origins`` knows besides the registries (the passages sources share,
        the actors drafts propose)."""
        held = self.glanced.get(cb.file)
        if held is not None and held[0] is cb and held[1] == key:
            return held[2], held[3]
        found = origins.of_brief([ref.id for ref in cb.sources])
        at = glance(cb, found)
        self.glanced[cb.file] = (cb, key, found, at)
        return found, at


def build_library(result: Result, *, include_drafts: bool = False, kept: Kept | None = None) -> Library:
    """Index a checked folder. Call only when ``result`` has no errors. ``kept``: what the last library leaves (and is updated)."""
    kept = kept if kept is not None else Kept()
    resolved = kept.resolved
    drafts = [
        resolve_once(cb, result.sources, result.snapshots, resolved=resolved)
        for cb in result.briefs
        if cb.brief.status == "draft" and not include_drafts
    ]
    briefs = [
        resolve_once(cb, result.sources, result.snapshots, include_review=include_drafts, resolved=resolved)
        for cb in result.briefs
        if include_drafts or cb.brief.status != "draft"
    ]
    files = {cb.file for cb in result.briefs}
    for held in (kept.resolved, kept.glanced):  # what is gone is forgotten
        for file in held.keys() - files:
            del held[file]
    briefs.sort(key=lambda cb: (cb.date, cb.brief.published, cb.slug), reverse=True)
    actors = result.actors
    proposed = {}
    if include_drafts:  # a draft may name actors it proposes, or none yet
        proposed = {a: actor for cb in briefs for a, actor in cb.brief.proposed_actors.items()}
        actors = {**result.actors, **proposed} if proposed else actors
        unresolved = sorted({f"{cb.slug}: {a}" for cb in briefs for a in cb.actor_ids if a not in actors})
        if unresolved:
            raise UnresolvedActors(unresolved)

    sources: dict[str, SourceEntry] = {}
    topics: dict[str, list[ResolvedBrief]] = defaultdict(list)
    statements_by_actor: dict[str, list[Said]] = defaultdict(list)
    briefs_by_actor: dict[str, list[ResolvedBrief]] = defaultdict(list)
    for cb in briefs:
        for topic in cb.brief.topics:
            topics[topic].append(cb)
        for actor_id in cb.actor_ids:
            briefs_by_actor[actor_id].append(cb)
        for item in cb.statements:
            statements_by_actor[item.record.actor].append(Said(cb, item))
        for ref in cb.sources:
            entry = sources.get(ref.id)
            if entry is None:
                entry = sources[ref.id] = SourceEntry(ref.id, ref.source, result.snapshots[ref.source.snapshot])
            entry.briefs.append(cb)
    shared_texts = kept.shared_texts(sources)
    origins = Origins(result.sources, actors, shared_texts)
    shared: dict[str, list[SharedText]] = defaultdict(list)
    for pair in shared_texts:
        for source_id in pair.sources:
            shared[source_id].append(pair)
    by_origin: dict[str, BriefOrigins] = {}
    glances: dict[str, Glance] = {}
    found_with = digest(kept.shared[0] if kept.shared is not None else "", proposed)
    for cb in briefs:
        by_origin[cb.slug], glances[cb.slug] = kept.at_a_glance(cb, origins, found_with)
    for actor_id, said in statements_by_actor.items():
        said.sort(key=lambda s: (s.date, s.brief.brief.published), reverse=True)
        statements_by_actor[actor_id] = _one_entry_per_statement(said)
    topics_by_actor = {
        actor_id: Counter(t for cb in group for t in cb.brief.topics).most_common() for actor_id, group in briefs_by_actor.items()
    }

    return Library(
        briefs=briefs,
        actors=actors,
        sources=dict(sorted(sources.items())),
        topics=dict(sorted(topics.items())),
        statements_by_actor=dict(statements_by_actor),
        briefs_by_actor=dict(briefs_by_actor),
        drafts=drafts,
        related=_related(briefs, topics, briefs_by_actor),
        origins=by_origin,
        glance=glances,
        shared=dict(shared),
        source_records=result.sources,
        bases={slug: origins.bases(slug) for slug in sources},
        topic_info=result.topics if result.topics is not None else _NO_TOPICS,
        caveats_by_actor={actor_id: _caveats_by_kind(said) for actor_id, said in statements_by_actor.items()},
        topics_by_actor={actor_id: topics for actor_id, topics in topics_by_actor.items() if topics},
    )


def _caveats_by_kind(said: list[Said]) -> list[tuple[str, list[ActorCaveat]]]:
    """The caveats that qualify any of ``said``, each once with the statements it qualifies, by kind in the order of CAVEAT_KINDS."""
    found: dict[tuple[str, str], ActorCaveat] = {}
    for s in said:
        for brief, item in ((s.brief, s.item), *s.also):
            for caveat_id in item.caveats:
                entry = found.setdefault((brief.slug, caveat_id), ActorCaveat(brief, brief.item(caveat_id), []))
                entry.statements.append(item)
    by_kind: dict[str, list[ActorCaveat]] = {}
    for entry in found.values():
        by_kind.setdefault(entry.caveat.record.kind, []).append(entry)
    return [(kind, by_kind[kind]) for kind in CAVEAT_KINDS if kind in by_kind]


def _one_entry_per_statement(said: list[Said]) -> list[Said]:
    """The same words (after the quote checker's normalisation) of one actor, in several briefs, as one entry."""
    entries: dict[tuple[str, str], Said] = {}
    for s in said:
        key = (s.statement.kind, normalise_text(s.statement.quote).strip().rstrip(".,;:").casefold())
        first = entries.get(key)
        entries[key] = s if first is None else replace(first, also=(*first.also, (s.brief, s.item)))
    return list(entries.values())


def _related(briefs, topics, briefs_by_actor) -> dict[str, list[ResolvedBrief]]:
    """For each brief, the briefs sharing most topics (weighted 2) and actors (1), newest first on ties.

    Candidates are the RELATED_WINDOW briefs nearest in time on each side in the list of
    every topic and actor a brief has, so the work grows with the number of briefs, not
    with its square, however many briefs share a popular actor.
    """
    order = {cb.slug: i for i, cb in enumerate(briefs)}  # briefs by their place in ``briefs``, newest first
    count = len(briefs)
    groups = [(2, [order[cb.slug] for cb in group]) for group in topics.values()]
    groups += [(1, [order[cb.slug] for cb in group]) for group in briefs_by_actor.values()]
    places: list[list[tuple[int, list[int], int]]] = [[] for _ in briefs]
    for weight, members in groups:
        for i, member in enumerate(members):
            places[member].append((weight, members, i))
    related = {}
    for me, found in enumerate(places):
        near: list[int] = []
        for weight, members, i in found:
            near += members[max(0, i - RELATED_WINDOW) : i + RELATED_WINDOW + 1] * weight  # once per point of weight
        score = Counter(near)  # counted in C
        score.pop(me, None)
        # most points first, then the newest (the lowest place): one number to rank by
        ranked = heapq.nsmallest(RELATED_LIMIT, [other - points * count for other, points in score.items()])
        related[briefs[me].slug] = [briefs[place % count] for place in ranked]
    return related
