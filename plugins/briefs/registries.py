"""A briefs folder's registries: the actors, the topics and the sources, with the sources' snapshots.

Each registry file is read by one loader, shared by ``briefs check``, the build and
``briefs new``, and kept in a cache while its file is unchanged. The rules that
hold for a registry on its own (reserved ids, URLs, one snapshot per source) are
checked here; a broken registry is reported once, not again at every brief that
uses it.
"""

from __future__ import annotations

import datetime as dt
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
from .prose import lost_words, spoofed_links
from .quotes import Snapshot
from .spoofing import mixed_script_host
from .validate import did_you_mean, future_date, validate

REGISTRY_FILE = "actors.yaml"
TOPICS_FILE = "topics.yaml"  # optional: the topics briefs may use, with their names
SOURCES_FILE = "sources.yaml"  # the sources briefs rest on, each with its snapshot
REGISTRY_FILES = (REGISTRY_FILE, TOPICS_FILE, SOURCES_FILE)
SCHEMA_LINE = "# yaml-language-server: $schema="
SOURCES_SCHEMA_LINE = SCHEMA_LINE + "schema/sources.schema.json"  # the first line of sources.yaml
MAX_SNAPSHOT_BYTES = 5_000_000
ACTORS = TypeAdapter(Registry)
TOPICS = TypeAdapter(Topics)
SOURCES = TypeAdapter(Sources)
ID_REGISTRIES: dict[str, tuple[str, TypeAdapter]] = {  # by the names model.IDS_OF gives them
    "actors": (REGISTRY_FILE, ACTORS),
    "topics": (TOPICS_FILE, TOPICS),
    "sources": (SOURCES_FILE, SOURCES),
}
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


def registry_ids(folder: Path) -> tuple[dict[str, list[str]], list[Problem]]:
    """The ids in each registry of ``folder``, by its name in ``ID_REGISTRIES`` (none when its file is missing), and the errors of the files that cannot be read."""
    ids: dict[str, list[str]] = {}
    errors: list[Problem] = []
    for kind, (name, adapter) in ID_REGISTRIES.items():
        loaded = load_registry(folder, name, adapter)
        ids[kind] = sorted(loaded.data or {})
        errors += [p for p in loaded.problems if p.level == "error"]
    return ids, errors


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
    if sources.doc is not None and sources.data:
        problems += _based_on_rules(sources.doc, sources.data, actors.data)
    names: dict[str, str] = {}
    for actor_id, actor in (actors.data or {}).items():
        for name in (actor.name, *actor.aliases):
            names.setdefault(name.casefold(), actor_id)
    snapshots: dict[str, Snapshot] = {}
    if sources.doc is not None:
        for source_id, source in (sources.data or {}).items():
            problems += _load_snapshot(folder, sources.doc, (source_id, "snapshot"), source.snapshot, snapshots, cache)
            if source.warc is not None:
                problems += _warc_problems(folder, sources.doc, (source_id, "warc"), source.warc)
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


def prose_warnings(doc: Document, path: Path_, text: str | None) -> list[Problem]:
    """Warnings about an editor's prose: words Markdown would hide, and links to a host that may pass for another."""
    if not text:
        return []
    problems = [doc.problem(path, f"link to {url}: {why}; check the address", "warning") for url, why in spoofed_links(text)]
    lost = lost_words(text)
    if lost:
        words = ", ".join(f"'{w}'" for w in dict.fromkeys(lost))
        message = f"read as Markdown, this text does not show {words}; put a backslash before the character that starts the Markdown (e.g. '1986\\.' or '\\<')"
        problems.append(doc.problem(path, message, "warning"))
    return problems


def url_problems(doc: Document, path: Path_, url: str) -> list[Problem]:
    """Only absolute http(s) URLs, with nothing in them that a URL cannot hold; a warning for a host that may pass for another."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return [doc.problem(path, f"'{url}' is not a valid URL")]
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [doc.problem(path, f"'{url}' is not an http(s) URL; only absolute http:// and https:// URLs are allowed")]
    if bad := sorted({c for c in url if c.isspace() or c in _NOT_IN_URLS}):
        return [doc.problem(path, f"'{url}' has characters a URL cannot hold as they are ({' '.join(map(repr, bad))}); percent-encode them")]
    if why := mixed_script_host(url):
        return [doc.problem(path, f"{why}; check the address", "warning")]
    return []


def _reserved(doc: Document, ids: dict, what: str, listing: str) -> list[Problem]:
    if RESERVED not in ids:
        return []
    return [doc.problem((RESERVED,), f"'{RESERVED}' cannot be {what}: it names the list of {listing}", key=True)]


def _actor_rules(doc: Document, registry: dict[str, Actor]) -> list[Problem]:
    problems = [p for actor_id, actor in registry.items() for p in prose_warnings(doc, (actor_id, "description"), actor.description)]
    return problems + _reserved(doc, registry, "an actor id", "actors")


def _topic_rules(doc: Document, topics: dict[str, Topic]) -> list[Problem]:
    problems = _reserved(doc, topics, "a topic", "topics")
    return problems + [p for slug, topic in topics.items() for p in prose_warnings(doc, (slug, "description"), topic.description)]


def _source_rules(doc: Document, sources: dict[str, Source]) -> list[Problem]:
    problems = _reserved(doc, sources, "a source id", "sources")
    by_snapshot: dict[str, str] = {}
    for source_id, source in sources.items():
        problems += prose_warnings(doc, (source_id, "note"), source.note)
        for key in ("url", "archive"):
            if (address := getattr(source, key)) is not None:
                problems += url_problems(doc, (source_id, key), address)
        problems += future_date(doc, (source_id, "published"), "published", source.published)
        retrieved = source.retrieved.date() if isinstance(source.retrieved, dt.datetime) else source.retrieved
        problems += future_date(doc, (source_id, "retrieved"), "retrieved", retrieved)
        first = by_snapshot.setdefault(source.snapshot, source_id)
        if first != source_id:
            message = f"source '{source_id}' has the snapshot of source '{first}'; one snapshot is one source"
            problems.append(doc.problem((source_id, "snapshot"), message))
    return problems


def _based_on_rules(doc: Document, sources: dict[str, Source], actors: dict[str, Actor] | None) -> list[Problem]:
    """What a source is based on is another source or an actor, and never, by way of others, the source itself."""
    problems = []
    for source_id, source in sources.items():
        for i, base in enumerate(source.based_on):
            if base == source_id:
                problems.append(doc.problem((source_id, "based_on", i), "a source cannot be based on itself"))
            elif base not in sources and actors is not None and base not in actors:
                hint = did_you_mean(base, [*sources, *actors])
                message = f"'{base}' is neither a source in {SOURCES_FILE} nor an actor in {REGISTRY_FILE}{hint}"
                problems.append(doc.problem((source_id, "based_on", i), message))
    for source_id in sources:
        cycle = _back_to(source_id, sources)
        if cycle:
            message = f"based on itself by way of {' → '.join(cycle)}; one of them must be the original"
            problems.append(doc.problem((source_id, "based_on"), message))
    return problems


def _back_to(start: str, sources: dict[str, Source]) -> list[str] | None:
    """The sources through which ``start`` is based on itself, or None."""
    stack: list[tuple[str, list[str]]] = [(start, [])]
    seen = {start}
    while stack:
        source_id, path = stack.pop()
        for base in sources[source_id].based_on:
            if base == start and path:
                return [*path, start]
            if base in sources and base not in seen:
                seen.add(base)
                stack.append((base, [*path, base]))
    return None


def _load_snapshot(
    folder: Path, doc: Document, path: Path_, relative: str, snapshots: dict[str, Snapshot], cache: RegistryCache
) -> list[Problem]:
    """Load a source's snapshot into ``snapshots`` (from the cache while its file is unchanged)."""
    target, problem = _named_file(folder, doc, path, relative, "snapshot")
    if problem is not None:
        return [problem]
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


def _warc_problems(folder: Path, doc: Document, path: Path_, relative: str) -> list[Problem]:
    """A source's WARC file is a file inside the briefs folder (what it holds, ``briefs new`` wrote)."""
    target, problem = _named_file(folder, doc, path, relative, "WARC file", "; restore it, or remove the warc and sha256 lines")
    if problem is not None:
        return [problem]
    if not target.is_file():
        return [doc.problem(path, f"WARC file '{relative}' is not a regular file; put the file itself there")]
    return []


def _named_file(folder: Path, doc: Document, path: Path_, relative: str, what: str, missing: str = "") -> tuple[Path, Problem | None]:
    """The file a record names, resolved, and what is wrong with where it is: outside the folder, or
    not there (``missing``: what to do then, after the message)."""
    target = (folder / relative).resolve()
    if Path(relative).is_absolute() or "\\" in relative or not target.is_relative_to(folder.resolve()):
        return target, doc.problem(path, f"{what} '{relative}' must be a path inside the briefs folder")
    if not _exists(target):
        return target, doc.problem(path, f"{what} '{relative}' does not exist (paths are relative to {label_of(folder)}/){missing}")
    return target, None


def _exists(path: Path) -> bool:
    """Whether there is something at ``path`` (what it is, ``read_text`` says)."""
    try:
        return path.exists()
    except OSError:  # a name too long for the file system, say
        return False
