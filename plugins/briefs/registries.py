"""A briefs folder's registries: the actors, the topics and the sources, with the sources' snapshots.

Each registry file is read by one loader, shared by ``briefs check``, the build and
``briefs new``, and kept in a cache while its file is unchanged. The rules that
hold for a registry on its own (reserved ids, URLs, one snapshot per source) are
checked here; a broken registry is reported once, not again at every brief that
uses it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import TypeAdapter

from .ids import RESERVED
from .load import Document, LoadError, Path_, Problem, load_file, read_text
from .model import Actor, Registry, Source, Sources, Topic, Topics
from .prose import lost_words
from .quotes import Snapshot
from .validate import future_date, validate

REGISTRY_FILE = "actors.yaml"
TOPICS_FILE = "topics.yaml"  # optional: the topics briefs may use, with their names
SOURCES_FILE = "sources.yaml"  # the sources briefs rest on, each with its snapshot
REGISTRY_FILES = (REGISTRY_FILE, TOPICS_FILE, SOURCES_FILE)
SCHEMA_LINE = "# yaml-language-server: $schema="
MAX_SNAPSHOT_BYTES = 5_000_000
ACTORS = TypeAdapter(Registry)
TOPICS = TypeAdapter(Topics)
SOURCES = TypeAdapter(Sources)
_NOT_IN_URLS = set('"<>\\^`{|}')

StatKey = tuple[int, int] | None


def stat_key(path: Path) -> StatKey:
    """What tells whether a file changed: its modification time and size (None when it is missing)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def label_of(path: Path) -> str:
    """How a file is named in messages: relative to the working directory when possible."""
    cwd = Path.cwd()
    # a linked file by its own name; resolved (slower) only when that is outside
    label = _inside(Path(os.path.abspath(path)), cwd) or _inside(path.resolve(), cwd) or str(path)
    return os.fsencode(label).decode("utf-8", "replace")  # a name that is not UTF-8 gets U+FFFD


def _inside(path: Path, folder: Path) -> str | None:
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return None


@dataclass
class Loaded:
    """A registry file as it was read: its data, where each value stands and what was wrong."""

    key: StatKey
    data: Any  # the validated registry, None when it failed or the file is missing
    doc: Document | None
    problems: list[Problem]


@dataclass(frozen=True)
class LoadedSnapshot:
    key: StatKey  # of the file it was read from
    snapshot: Snapshot


@dataclass
class RegistryCache:
    """Registry files and snapshots read earlier, reused while their files are unchanged (``mkdocs serve``)."""

    files: dict[str, Loaded] = field(default_factory=dict)  # by file name
    snapshots: dict[str, LoadedSnapshot] = field(default_factory=dict)  # by path in the folder


def load_registry(
    folder: Path,
    name: str,
    adapter: TypeAdapter,
    cache: RegistryCache | None = None,
    rules: Callable[[Document, Any], list[Problem]] | None = None,
) -> Loaded:
    """One registry file of ``folder``, loaded, validated and checked by its ``rules``.

    A missing file gives ``Loaded`` with no data and no problems. With a ``cache``,
    a file unchanged since the last call is not read again.
    """
    path = folder / name
    key = stat_key(path)
    cached = cache.files.get(name) if cache is not None else None
    if cached is not None and cached.key == key:
        return cached
    loaded = Loaded(key, None, None, [])
    if key is not None:
        try:
            doc = load_file(path, label=label_of(path), inside=folder)
        except LoadError as exc:
            loaded.problems.extend(exc.problems)
        else:
            loaded.doc = doc
            loaded.problems.extend(doc.problems)
            loaded.data = validate(doc, adapter, doc.data if doc.data is not None else {}, loaded.problems)
            if loaded.data is not None and rules is not None:
                loaded.problems += rules(doc, loaded.data)
    if cache is not None:
        cache.files[name] = loaded
    return loaded


@dataclass
class Registries:
    """Everything a brief is checked against."""

    actors: dict[str, Actor]
    actor_names: dict[str, str]  # folded name or alias -> actor id
    topics: dict[str, Topic] | None  # None: the folder has no topics.yaml, any slug is a topic
    sources: dict[str, Source]
    snapshots: dict[str, Snapshot]  # by path in the folder
    source_snapshots: dict[str, Snapshot]  # by source id, for the sources whose snapshot could be read
    actors_failed: bool  # missing or broken: unknown actors are not reported again at every brief
    sources_failed: bool
    keys: tuple[StatKey, ...]  # of the three files: a brief checked against other keys is checked again


def load_registries(folder: Path, cache: RegistryCache) -> tuple[Registries, list[Problem]]:
    """The folder's actors, topics and sources, and the snapshot of every source."""
    problems: list[Problem] = []
    actors = load_registry(folder, REGISTRY_FILE, ACTORS, cache, _actor_rules)
    if actors.key is None:
        problems.append(Problem(label_of(folder / REGISTRY_FILE), 1, 1, "error", "the actor registry is missing"))
    topics = load_registry(folder, TOPICS_FILE, TOPICS, cache, _topic_rules)
    sources = load_registry(folder, SOURCES_FILE, SOURCES, cache, _source_rules)
    for loaded in (actors, topics, sources):
        problems += loaded.problems
    names: dict[str, str] = {}
    for actor_id, actor in (actors.data or {}).items():
        for name in (actor.name, *actor.aliases):
            names.setdefault(name.casefold(), actor_id)
    snapshots: dict[str, Snapshot] = {}
    if sources.doc is not None:
        for source_id, source in (sources.data or {}).items():
            problems += _load_snapshot(folder, sources.doc, (source_id, "snapshot"), source.snapshot, snapshots, cache)
    registries = Registries(
        actors=actors.data or {},
        actor_names=names,
        topics=topics.data if topics.key is not None else None,
        sources=sources.data or {},
        snapshots=snapshots,
        source_snapshots={i: snapshots[s.snapshot] for i, s in (sources.data or {}).items() if s.snapshot in snapshots},
        actors_failed=actors.data is None,
        sources_failed=sources.key is not None and sources.data is None,
        keys=(actors.key, topics.key, sources.key),
    )
    return registries, problems


def lost_words_warning(doc: Document, path: Path_, text: str | None) -> list[Problem]:
    """A warning when Markdown would hide words an editor typed in a prose field."""
    lost = lost_words(text) if text else []
    if not lost:
        return []
    words = ", ".join(f"'{w}'" for w in dict.fromkeys(lost))
    message = f"read as Markdown, this text does not show {words}; put a backslash before the character that starts the Markdown (e.g. '1986\\.' or '\\<')"
    return [doc.problem(path, message, "warning")]


def url_problems(doc: Document, path: Path_, url: str) -> list[Problem]:
    """Only absolute http(s) URLs, with nothing in them that a URL cannot hold."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return [doc.problem(path, f"'{url}' is not a valid URL")]
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [doc.problem(path, f"'{url}' is not an http(s) URL; only absolute http:// and https:// URLs are allowed")]
    if bad := sorted({c for c in url if c.isspace() or c in _NOT_IN_URLS}):
        return [doc.problem(path, f"'{url}' has characters a URL cannot hold as they are ({' '.join(map(repr, bad))}); percent-encode them")]
    return []


def _reserved(doc: Document, ids: dict, what: str, listing: str) -> list[Problem]:
    if RESERVED not in ids:
        return []
    return [doc.problem((RESERVED,), f"'{RESERVED}' cannot be {what}: it names the list of {listing}", key=True)]


def _actor_rules(doc: Document, registry: dict[str, Actor]) -> list[Problem]:
    problems = [p for actor_id, actor in registry.items() for p in lost_words_warning(doc, (actor_id, "description"), actor.description)]
    return problems + _reserved(doc, registry, "an actor id", "actors")


def _topic_rules(doc: Document, topics: dict[str, Topic]) -> list[Problem]:
    problems = _reserved(doc, topics, "a topic", "topics")
    return problems + [p for slug, topic in topics.items() for p in lost_words_warning(doc, (slug, "description"), topic.description)]


def _source_rules(doc: Document, sources: dict[str, Source]) -> list[Problem]:
    problems = _reserved(doc, sources, "a source id", "sources")
    by_snapshot: dict[str, str] = {}
    for source_id, source in sources.items():
        problems += lost_words_warning(doc, (source_id, "note"), source.note)
        if source.url is not None:
            problems += url_problems(doc, (source_id, "url"), source.url)
        problems += future_date(doc, (source_id, "published"), "published", source.published)
        first = by_snapshot.setdefault(source.snapshot, source_id)
        if first != source_id:
            message = f"source '{source_id}' has the snapshot of source '{first}'; one snapshot is one source"
            problems.append(doc.problem((source_id, "snapshot"), message))
    return problems


def _load_snapshot(
    folder: Path, doc: Document, path: Path_, relative: str, snapshots: dict[str, Snapshot], cache: RegistryCache
) -> list[Problem]:
    """Load a source's snapshot into ``snapshots`` (from the cache while its file is unchanged)."""
    target = (folder / relative).resolve()
    if Path(relative).is_absolute() or "\\" in relative or not target.is_relative_to(folder.resolve()):
        return [doc.problem(path, f"snapshot '{relative}' must be a path inside the briefs folder")]
    if not _exists(target):
        return [doc.problem(path, f"snapshot '{relative}' does not exist (paths are relative to {label_of(folder)}/)")]
    key = stat_key(target)
    cached = cache.snapshots.get(relative)
    if cached is not None and cached.key == key:
        snapshots[relative] = cached.snapshot
        return []
    try:
        snapshot = Snapshot(read_text(target, label=label_of(target), max_bytes=MAX_SNAPSHOT_BYTES, inside=folder))
    except LoadError as exc:
        return [*exc.problems, doc.problem(path, f"snapshot '{relative}' cannot be used (see {exc.problems[0].file})")]
    snapshots[relative] = snapshot
    cache.snapshots[relative] = LoadedSnapshot(key, snapshot)
    return []


def _exists(path: Path) -> bool:
    """Whether there is something at ``path`` (what it is, ``read_text`` says)."""
    try:
        return path.exists()
    except OSError:  # a name too long for the file system, say
        return False
