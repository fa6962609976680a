"""Checking a folder of briefs: each brief loaded, validated, held to its rules and anchored in its sources.

The registries (registries.py) come first; then each brief on its own (its file
name, the model, rules.py, quote anchoring in anchor.py); then the rules across
briefs. Under ``mkdocs serve`` a ``Cache`` keeps what each file gave while the
file and everything it was checked against are unchanged.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter

from .anchor import anchor
from .attribution import attribution_warnings, quotes_of
from .corroborate import Carried, corroborate
from .draft.speakers import Quoted
from .ids import RESERVED
from .load import Document, LoadError, Path_, Problem, load_file
from .model import SLUG_PATTERN, Actor, Brief, Source, Topic
from .quotes import Match, Snapshot
from .registries import (
    REGISTRY_FILES,
    SCHEMA_LINE,
    SOURCES_FILE,
    Registries,
    RegistryCache,
    StatKey,
    label_of,
    load_registries,
    stat_key,
)
from .rules import brief_rules, topic_rules
from .validate import validate

_SLUG = re.compile(SLUG_PATTERN)
_BRIEF = TypeAdapter(Brief)
_INLINE_SOURCE_KEYS = {"title", "snapshot", "kind"}  # a source described inside a brief, as briefs did before sources.yaml


@dataclass
class CheckedBrief:
    """A brief that passed loading and validation, with the anchors of its citations."""

    slug: str
    file: str
    brief: Brief
    topic_spots: list[tuple[int, int]] = field(default_factory=list)  # line, column of each topic
    # ("statements", 0, "cite", 0) -> where that citation lands in its snapshot
    anchors: dict[Path_, Match] = field(default_factory=dict)
    # ("caveats", 2) -> the source id and match where a caveat's claim (or a direct quote) stands
    located: dict[Path_, tuple[str, Match]] = field(default_factory=dict)
    # ("statements", 0), ("caveats", 1), or a citation's path -> which of several sources carry its words
    carried: dict[Path_, Carried] = field(default_factory=dict)

    @property
    def date(self) -> dt.date:
        """When the brief last changed: its ``updated`` date, else ``published``."""
        return self.brief.updated or self.brief.published


@dataclass
class Result:
    folder: Path
    actors: dict[str, Actor]
    briefs: list[CheckedBrief]
    snapshots: dict[str, Snapshot]  # by path relative to the folder
    problems: list[Problem]
    topics: dict[str, Topic] | None = None  # None: the folder has no topics.yaml, any slug is a topic
    sources: dict[str, Source] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


@dataclass
class CachedBrief:
    """What checking one brief file gave, and what it was checked against."""

    key: StatKey
    registries: tuple[StatKey, ...]
    snapshots: dict[str, StatKey]  # of the snapshots its sources have
    brief: CheckedBrief | None
    problems: list[Problem]


@dataclass(frozen=True)
class QuotedSnapshot:
    """A snapshot's quotes and their speakers, as read against one actor registry."""

    keys: tuple[StatKey, StatKey]  # of the snapshot and of the actor registry
    quoted: list[Quoted]


@dataclass
class Cache:
    """What earlier checks found, reused for files unchanged since (for ``mkdocs serve``)."""

    registries: RegistryCache = field(default_factory=RegistryCache)
    briefs: dict[Path, CachedBrief] = field(default_factory=dict)
    quoted: dict[str, QuotedSnapshot] = field(default_factory=dict)  # by snapshot path


def check_folder(folder: Path, only: Iterable[Path] | None = None, cache: Cache | None = None) -> Result:
    """Load and check the briefs in ``folder`` (or just ``only``, with the folder's registries)."""
    folder = Path(folder)
    cache = cache or Cache()
    briefs: list[CheckedBrief] = []
    with cycle_collection_paused():
        registries, problems = load_registries(folder, cache.registries)
        files = sorted(only) if only is not None else brief_files(folder)
        for entry in _check_files([Path(p) for p in files], registries, cache):
            problems += entry.problems
            if entry.brief is not None:
                briefs.append(entry.brief)
        for cb in briefs:
            problems += topic_rules(cb.file, cb.brief, cb.topic_spots, registries)
    if only is None:  # forget briefs that are gone, so a long `serve` does not keep them
        for gone in set(cache.briefs) - set(files):
            del cache.briefs[gone]
    return Result(
        folder, registries.actors, briefs, registries.snapshots, sorted(set(problems)), registries.topics, registries.sources
    )


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Checking (and loading stored checks, and indexing the library) makes many objects that live until it ends:
    collecting cycles meanwhile finds nothing and costs a quarter of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


PARALLEL_BRIEFS = 200  # a cold check of this many briefs or more is shared among the machine's cores
_shared: tuple[Registries, Cache] | None = None  # what a forked worker checks against


def _check_files(files: list[Path], registries: Registries, cache: Cache) -> list[CachedBrief]:
    """Each file checked (or taken from the cache), in order. A cold check of many briefs in a
    process of one thread is shared among forked workers, which inherit the registries and
    snapshots: first they read each snapshot's quotes (for attribution) once between them, then
    they check the briefs and send back what each gave; anywhere else, one brief after another."""
    global _shared
    workers = min(os.cpu_count() or 1, 4)
    parallel = (
        workers > 1
        and len(files) >= PARALLEL_BRIEFS
        and not cache.briefs
        and threading.active_count() == 1  # forking a process that runs threads (mkdocs serve) is not safe
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if not parallel:
        return _check_each(files, registries, cache)
    chunks = [files[i::workers] for i in range(workers)]
    fork = multiprocessing.get_context("fork")
    _shared = (registries, cache)
    try:
        unread = [s for s in sorted(registries.snapshots) if _quoted_held(registries, cache, s) is None]
        if unread:
            with fork.Pool(workers) as pool:
                for snapshot, quoted in zip(unread, pool.map(_quotes_in_worker, unread)):
                    cache.quoted[snapshot] = QuotedSnapshot(_quoted_keys(registries, cache, snapshot), quoted)
        with fork.Pool(workers) as pool:  # forked again, so that the workers inherit the quotes read
            parts = pool.map(_check_in_worker, chunks)
    finally:
        _shared = None
    checked = {path: entry for chunk, part in zip(chunks, parts) for path, entry in zip(chunk, part)}
    cache.briefs.update(checked)
    return [checked[path] for path in files]


def _check_in_worker(files: list[Path]) -> list[CachedBrief]:
    assert _shared is not None
    return _check_each(files, *_shared)


def _quotes_in_worker(snapshot: str) -> list[Quoted]:
    assert _shared is not None
    registries = _shared[0]
    return quotes_of(registries.snapshots[snapshot], registries.actors)


def _check_each(files: list[Path], registries: Registries, cache: Cache) -> list[CachedBrief]:
    quoted_in = functools.partial(_quoted_in, registries, cache)
    return [_checked(path, registries, cache, quoted_in) for path in files]


def brief_files(folder: Path) -> list[Path]:
    return sorted((p for p in folder.glob("*.yaml") if p.name not in REGISTRY_FILES), key=lambda p: p.name)  # one folder: by name


def _quoted_in(registries: Registries, cache: Cache, source_id: str) -> list[Quoted]:
    """A source's quotes with their speakers, read once while its snapshot and the actors are unchanged."""
    relative = registries.sources[source_id].snapshot
    held = _quoted_held(registries, cache, relative)
    if held is None:
        keys = _quoted_keys(registries, cache, relative)
        held = cache.quoted[relative] = QuotedSnapshot(keys, quotes_of(registries.snapshots[relative], registries.actors))
    return held.quoted


def _quoted_keys(registries: Registries, cache: Cache, snapshot: str) -> tuple[StatKey, StatKey]:
    return (cache.registries.snapshots[snapshot].key, registries.keys[0])


def _quoted_held(registries: Registries, cache: Cache, snapshot: str) -> QuotedSnapshot | None:
    """The snapshot's quotes read before, if neither it nor the actors changed since."""
    held = cache.quoted.get(snapshot)
    return held if held is not None and held.keys == _quoted_keys(registries, cache, snapshot) else None


def _checked(path: Path, registries: Registries, cache: Cache, quoted_in: Callable[[str], list[Quoted]]) -> CachedBrief:
    """One brief file checked, or what checking it gave before when nothing it depends on changed."""
    key = stat_key(path)
    cached = cache.briefs.get(path)
    if (
        cached is not None
        and cached.key == key
        and cached.registries == registries.keys
        and all(s in registries.snapshots and cache.registries.snapshots[s].key == k for s, k in cached.snapshots.items())
    ):
        return cached
    problems: list[Problem] = []
    checked = _check_brief(path, registries, problems, quoted_in)
    used = {}
    for use in checked.brief.source_uses if checked else ():
        source = registries.sources.get(use.id)
        if source is not None:
            loaded = cache.registries.snapshots.get(source.snapshot)
            used[source.snapshot] = loaded.key if loaded else None
    entry = CachedBrief(key, registries.keys, used, checked, problems)
    cache.briefs[path] = entry
    return entry


def _check_brief(
    path: Path, registries: Registries, problems: list[Problem], quoted_in: Callable[[str], list[Quoted]]
) -> CheckedBrief | None:
    label = label_of(path)
    slug = path.stem
    if slug == RESERVED:
        problems.append(Problem(label, 1, 1, "error", f"a brief cannot be named '{path.name}': {RESERVED} names the list of briefs"))
        return None
    if not _SLUG.fullmatch(slug):
        message = f"file name '{Path(label).name}' must be a slug: lower-case letters, digits and hyphens, ending in .yaml"
        problems.append(Problem(label, 1, 1, "error", message))
        return None
    try:
        doc = load_file(path, label=label, inside=path.parent)
    except LoadError as exc:
        problems += exc.problems
        return None
    problems += doc.problems
    if not doc.text.startswith(SCHEMA_LINE):
        problems.append(Problem(label, 1, 1, "warning", f"the first line should be '{SCHEMA_LINE}schema/brief.schema.json'"))
    inline = _inline_sources(doc, label_of(path.parent))
    if inline:
        problems += inline
        return None
    brief = validate(doc, _BRIEF, doc.data, problems)
    if brief is None:
        return None
    problems += brief_rules(doc, brief, registries)
    snapshots = {use.id: registries.source_snapshots.get(use.id) for use in brief.source_uses}
    found = anchor(doc, brief, snapshots, registries.source_snapshots)
    problems += found.problems
    if not found.problems:
        problems += attribution_warnings(doc, brief, found.located, registries, quoted_in)
    topic_spots = [doc.where(("topics", i)) for i in range(len(brief.topics))]
    carried = corroborate(brief, {s: snap for s, snap in snapshots.items() if snap is not None}, found) if not found.problems else {}
    return CheckedBrief(slug, label, brief, topic_spots, found.citations, found.located, carried)


def _inline_sources(doc: Document, folder: str) -> list[Problem]:
    """A source described inside the brief, as briefs did before sources.yaml, is an error that says what to do."""
    sources = doc.data.get("sources") if isinstance(doc.data, dict) else None
    message = (
        f"this source is described inside the brief; sources are kept in {SOURCES_FILE} now: "
        f"run 'briefs migrate {folder}' to move them there"
    )
    return [
        doc.problem(("sources", i), message)
        for i, item in enumerate(sources if isinstance(sources, list) else [])
        if isinstance(item, dict) and _INLINE_SOURCE_KEYS & set(item)
    ]
