"""Loading a folder of briefs and checking what a schema cannot say.

References resolve, ids are unique and safe as paths, URLs are http(s), dates
make sense, and every quote, passage and caveat claim is found verbatim in its
source snapshot. Each found passage becomes the anchor of its citation.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import model
from .ids import RESERVED
from .load import Document, LoadError, Path_, Problem, load_file, read_text
from .model import Actor, Brief, Citation, Registry, Source, Sources, Topic, Topics
from .prose import lost_words
from .quotes import Match, Snapshot

REGISTRY_FILE = "actors.yaml"
TOPICS_FILE = "topics.yaml"  # optional: the topics briefs may use, with their names
SOURCES_FILE = "sources.yaml"  # the sources briefs rest on, each with its snapshot
REGISTRY_FILES = (REGISTRY_FILE, TOPICS_FILE, SOURCES_FILE)
SCHEMA_LINE = "# yaml-language-server: $schema="
MAX_SNAPSHOT_BYTES = 5_000_000
_NOT_IN_URLS = set('"<>\\^`{|}')
_SLUG = re.compile(model.SLUG_PATTERN)
_BRIEF = TypeAdapter(Brief)
_REGISTRY = TypeAdapter(Registry)
_TOPICS = TypeAdapter(Topics)
_SOURCES = TypeAdapter(Sources)
_INLINE_SOURCE_KEYS = {"title", "snapshot", "kind"}  # a source described inside a brief, as briefs did before sources.yaml
_FIELD_NAMES = sorted(
    {name for cls in vars(model).values() if isinstance(cls, type) and issubclass(cls, BaseModel) for name in cls.model_fields}
)


@dataclass
class CheckedBrief:
    """A brief that passed loading and validation, with the anchors of its citations."""

    slug: str
    file: str
    brief: Brief
    doc: Document | None  # released once the brief is checked
    topic_spots: list[tuple[int, int]] = field(default_factory=list)  # line, column of each topic
    # ("statements", 0, "cite", 0) -> where that citation lands in its snapshot
    anchors: dict[Path_, Match] = field(default_factory=dict)
    # ("caveats", 2) -> the source id and match where a caveat's claim (or a direct quote) stands
    located: dict[Path_, tuple[str, Match]] = field(default_factory=dict)

    @property
    def date(self) -> dt.date:
        """When the brief last changed: its ``updated`` date, else ``published``."""
        return self.brief.updated or self.brief.published

    @property
    def actor_ids(self) -> list[str]:
        """Listed actors first, then speakers and channels not listed."""
        ids = dict.fromkeys(self.brief.actors)
        for statement in self.brief.statements:
            ids.setdefault(statement.actor)
            if statement.via:
                ids.setdefault(statement.via)
        return list(ids)


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


StatKey = tuple[int, int] | None


@dataclass
class Loaded:
    """A registry file as an earlier check read it: its data, where each value stands and what was wrong."""

    key: StatKey
    data: Any  # the validated registry, None when it failed
    doc: Document | None
    problems: list[Problem]


@dataclass
class CachedBrief:
    key: StatKey
    registries: tuple[StatKey, ...]  # of the registry files it was checked against
    snapshots: dict[str, StatKey]  # of the snapshots it was checked against
    brief: CheckedBrief | None
    problems: list[Problem]


@dataclass
class Cache:
    """What earlier checks found, reused for files unchanged since (for ``mkdocs serve``).

    Every entry is keyed by the modification time and size of the files it was made from.
    """

    registries: dict[str, Loaded] = field(default_factory=dict)  # by file name
    briefs: dict[Path, CachedBrief] = field(default_factory=dict)
    snapshots: dict[str, tuple[StatKey, Snapshot]] = field(default_factory=dict)


def _stat_key(path: Path) -> StatKey:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def check_folder(folder: Path, only: Iterable[Path] | None = None, cache: Cache | None = None) -> Result:
    """Load and check the briefs in ``folder`` (or just ``only``, with the folder's registries)."""
    folder = Path(folder)
    checker = _Checker(folder, cache or Cache())
    with _cycle_collection_paused():
        checker.load_registries()
        files = sorted(only) if only is not None else brief_files(folder)
        for path in files:
            checker.check_brief(Path(path))
        checker.check_across()
    if only is None:  # forget briefs that are gone, so a long `serve` does not keep them
        for gone in set(checker.cache.briefs) - set(files):
            del checker.cache.briefs[gone]
    return Result(
        folder, checker.actors, checker.briefs, checker.snapshots, sorted(set(checker.problems)), checker.topics, checker.sources
    )


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Checking makes many objects that live until it ends: collecting cycles meanwhile finds nothing and costs a quarter of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def brief_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name not in REGISTRY_FILES)


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


def load_registry(folder: Path, name: str, adapter: TypeAdapter, cache: Cache | None = None) -> Loaded:
    """One registry file of ``folder`` (actors, topics or sources), loaded and validated.

    Shared by ``briefs check`` and ``briefs new``; with a ``cache``, a file unchanged since the
    last call is not read again. A missing file gives ``Loaded`` with no data and no problems.
    """
    path = folder / name
    key = _stat_key(path)
    cached = cache.registries.get(name) if cache is not None else None
    if cached is not None and cached.key == key:
        return cached
    loaded = Loaded(key, None, None, [])
    if key is not None:
        try:
            doc = load_file(path, label=label_of(path))
        except LoadError as exc:
            loaded.problems.extend(exc.problems)
        else:
            loaded.doc = doc
            loaded.problems.extend(doc.problems)
            try:
                loaded.data = adapter.validate_python(doc.data if doc.data is not None else {})
            except ValidationError as exc:
                loaded.problems += [_problem_from_error(doc, error) for error in exc.errors(include_url=False)]
    if cache is not None:
        cache.registries[name] = loaded
    return loaded


class _Checker:
    def __init__(self, folder: Path, cache: Cache):
        self.folder = folder
        self.cache = cache
        self.actors: dict[str, Actor] = {}
        self.actor_names: dict[str, str] = {}
        self.sources: dict[str, Source] = {}
        self.briefs: list[CheckedBrief] = []
        self.snapshots: dict[str, Snapshot] = {}
        self.problems: list[Problem] = []
        self.registry_failed = False
        self.sources_failed = False
        self.topics: dict[str, Topic] | None = None
        self.registry_keys: tuple[StatKey, ...] = ()

    # -- the registries -----------------------------------------------------

    def load_registries(self) -> None:
        """The actors, topics and sources; a broken registry is reported once, not again at every use."""
        actors = self.registry(REGISTRY_FILE, _REGISTRY, self.check_actors)
        if actors.key is None:
            self.problems.append(Problem(label_of(self.folder / REGISTRY_FILE), 1, 1, "error", "the actor registry is missing"))
        self.registry_failed = actors.key is None or actors.data is None
        self.actors = actors.data or {}
        for actor_id, actor in self.actors.items():
            for name in (actor.name, *actor.aliases):
                self.actor_names.setdefault(name.casefold(), actor_id)
        topics = self.registry(TOPICS_FILE, _TOPICS, self.check_topics)
        self.topics = topics.data if topics.key is not None else None
        sources = self.registry(SOURCES_FILE, _SOURCES, self.check_sources)
        self.sources_failed = sources.key is not None and sources.data is None
        self.sources = sources.data or {}
        if sources.doc is not None:
            for source_id, source in self.sources.items():
                self.snapshot(sources.doc, (source_id, "snapshot"), source.snapshot)
        self.registry_keys = (actors.key, topics.key, sources.key)

    def registry(self, name: str, adapter: TypeAdapter, rules) -> Loaded:
        """A registry file with its own ``rules`` applied; both cached until the file changes."""
        cached = self.cache.registries.get(name)
        loaded = load_registry(self.folder, name, adapter, self.cache)
        if loaded is not cached and loaded.data is not None and loaded.doc is not None:
            first = len(self.problems)
            rules(loaded.doc, loaded.data)
            loaded.problems += self.problems[first:]
            del self.problems[first:]
        self.problems.extend(loaded.problems)
        return loaded

    def check_actors(self, doc: Document, registry: dict[str, Actor]) -> None:
        for actor_id, actor in registry.items():
            self.warn_lost_words(doc, (actor_id, "description"), actor.description)
        if RESERVED in registry:
            self.problems.append(doc.problem((RESERVED,), f"'{RESERVED}' cannot be an actor id: it names the list of actors", key=True))

    def check_topics(self, doc: Document, topics: dict[str, Topic]) -> None:
        if RESERVED in topics:
            self.problems.append(doc.problem((RESERVED,), f"'{RESERVED}' cannot be a topic: it names the list of topics", key=True))
        for slug, topic in topics.items():
            self.warn_lost_words(doc, (slug, "description"), topic.description)

    def check_sources(self, doc: Document, sources: dict[str, Source]) -> None:
        if RESERVED in sources:
            self.problems.append(doc.problem((RESERVED,), f"'{RESERVED}' cannot be a source id: it names the list of sources", key=True))
        by_snapshot: dict[str, str] = {}
        for source_id, source in sources.items():
            self.warn_lost_words(doc, (source_id, "note"), source.note)
            if source.url is not None:
                self.check_url(doc, (source_id, "url"), source.url)
            first = by_snapshot.setdefault(source.snapshot, source_id)
            if first != source_id:
                message = f"source '{source_id}' has the snapshot of source '{first}'; one snapshot is one source"
                self.error(doc, (source_id, "snapshot"), message)

    # -- one brief ----------------------------------------------------------

    def check_brief(self, path: Path) -> None:
        key = _stat_key(path)
        cached = self.cache.briefs.get(path)
        if cached and cached.key == key and cached.registries == self.registry_keys:
            if all(self.cached_snapshot(relative, k) for relative, k in cached.snapshots.items()):
                if cached.brief is not None:
                    self.briefs.append(cached.brief)
                self.problems.extend(cached.problems)
                return
        first_problem, first_brief = len(self.problems), len(self.briefs)
        self._check_brief(path)
        checked = self.briefs[first_brief] if len(self.briefs) > first_brief else None
        used = {}
        for use in checked.brief.source_uses if checked else ():
            source = self.sources.get(use.id)
            if source is not None:
                used[source.snapshot] = self.cache.snapshots.get(source.snapshot, (None,))[0]
        self.cache.briefs[path] = CachedBrief(key, self.registry_keys, used, checked, self.problems[first_problem:])

    def cached_snapshot(self, relative: str, key: StatKey) -> bool:
        """Whether the snapshot a cached brief was checked against is unchanged."""
        entry = self.cache.snapshots.get(relative)
        return relative in self.snapshots and entry is not None and entry[0] == key

    def _check_brief(self, path: Path) -> None:
        label = label_of(path)
        slug = path.stem
        if slug == RESERVED:
            self.problems.append(Problem(label, 1, 1, "error", f"a brief cannot be named '{path.name}': {RESERVED} names the list of briefs"))
            return
        if not _SLUG.fullmatch(slug):
            self.problems.append(
                Problem(label, 1, 1, "error", f"file name '{Path(label).name}' must be a slug: lower-case letters, digits and hyphens, ending in .yaml")
            )
            return
        doc = self.load(path, label)
        if doc is None:
            return
        if not doc.text.startswith(SCHEMA_LINE):
            self.problems.append(Problem(label, 1, 1, "warning", f"the first line should be '{SCHEMA_LINE}schema/brief.schema.json'"))
        if self.inline_sources(doc):
            return
        brief = self.validate(doc, _BRIEF, doc.data)
        if brief is None:
            return
        checked = CheckedBrief(slug, label, brief, doc)
        self.check_prose(doc, brief)
        self.check_references(checked)
        self.check_dates(checked)
        self.check_quotes(checked)
        checked.topic_spots = [doc.where(("topics", i)) for i in range(len(brief.topics))]
        checked.doc = None  # positions are only needed while checking; thousands of briefs add up
        self.briefs.append(checked)

    def inline_sources(self, doc: Document) -> bool:
        """Whether the brief describes its sources itself, as briefs did before sources.yaml."""
        sources = doc.data.get("sources") if isinstance(doc.data, dict) else None
        inline = [
            i for i, item in enumerate(sources if isinstance(sources, list) else [])
            if isinstance(item, dict) and _INLINE_SOURCE_KEYS & set(item)
        ]
        for i in inline:
            message = (
                f"this source is described inside the brief; sources are kept in {SOURCES_FILE} now: "
                f"run 'briefs migrate {label_of(self.folder)}' to move them there"
            )
            self.error(doc, ("sources", i), message)
        return bool(inline)

    def check_prose(self, doc: Document, brief: Brief) -> None:
        fields: list[tuple[Path_, str | None]] = [(("summary",), brief.summary)]
        fields += [(("sources", i, "note"), use.note) for i, use in enumerate(brief.source_uses)]
        fields += [(("context", i, "text"), item.text) for i, item in enumerate(brief.context)]
        fields += [(("caveats", i, "note"), item.note) for i, item in enumerate(brief.caveats)]
        fields += [(("changes", i, "note"), item.note) for i, item in enumerate(brief.changes)]
        fields += [(("proposed_actors", a, "description"), actor.description) for a, actor in brief.proposed_actors.items()]
        for path, text in fields:
            self.warn_lost_words(doc, path, text)

    def warn_lost_words(self, doc: Document, path: Path_, text: str | None) -> None:
        lost = lost_words(text) if text else []
        if lost:
            words = ", ".join(f"'{w}'" for w in dict.fromkeys(lost))
            message = f"read as Markdown, this text does not show {words}; put a backslash before the character that starts the Markdown (e.g. '1986\\.' or '\\<')"
            self.problems.append(doc.problem(path, message, "warning"))

    def check_references(self, cb: CheckedBrief) -> None:
        brief, doc = cb.brief, cb.doc
        assert doc is not None
        source_ids = [use.id for use in brief.source_uses]
        self.unique(doc, "sources", source_ids, "source")
        for i, source in enumerate(brief.sources):
            if source_ids[i] not in self.sources and not self.sources_failed:
                hint = _did_you_mean(source_ids[i], self.sources)
                where = ("sources", i) if isinstance(source, str) else ("sources", i, "id")
                self.error(doc, where, f"no source '{source_ids[i]}' in {SOURCES_FILE}{hint}")
        self.unique(doc, "actors", brief.actors, "actor")
        self.unique(doc, "topics", brief.topics, "topic")
        if RESERVED in brief.topics:
            self.error(doc, ("topics", brief.topics.index(RESERVED)), f"'{RESERVED}' cannot be a topic: it names the list of topics")
        draft = brief.status == "draft"
        if brief.proposed_actors and not draft:
            self.error(doc, ("proposed_actors",), f"a published brief may not propose actors; move them to {REGISTRY_FILE}")
        for actor_id in brief.proposed_actors:
            if actor_id in self.actors:
                self.error(doc, ("proposed_actors", actor_id), f"actor '{actor_id}' is already in {REGISTRY_FILE}")
        refs = [(("actors", i), actor_id) for i, actor_id in enumerate(brief.actors)]
        for i, statement in enumerate(brief.statements):
            refs.append((("statements", i, "actor"), statement.actor))
            if statement.via is not None:
                refs.append((("statements", i, "via"), statement.via))
        for path, actor_id in refs:
            if not draft or actor_id not in brief.proposed_actors:
                self.known_actor(doc, path, actor_id, level="warning" if draft else "error")
        for path, citation in citations(brief):
            if citation.source not in source_ids:
                if citation.source in self.sources:
                    hint = f"; it is in {SOURCES_FILE}: add it to the brief's sources"
                else:
                    hint = _did_you_mean(citation.source, source_ids)
                self.error(doc, (*path, "source"), f"no source '{citation.source}' in this brief{hint}")

    def check_dates(self, cb: CheckedBrief) -> None:
        brief, doc = cb.brief, cb.doc
        assert doc is not None
        if brief.updated and brief.updated < brief.published:
            self.error(doc, ("updated",), f"updated ({brief.updated}) is before published ({brief.published})")
        for i, change in enumerate(brief.changes):
            if change.date < brief.published:
                self.error(doc, ("changes", i, "date"), f"change dated {change.date}, before the brief was published ({brief.published})")
            elif brief.updated and change.date > brief.updated:
                self.error(doc, ("changes", i, "date"), f"change dated {change.date}, after the brief's updated date ({brief.updated})")

    # -- quote anchoring ----------------------------------------------------

    def check_quotes(self, cb: CheckedBrief) -> None:
        brief, doc = cb.brief, cb.doc
        assert doc is not None
        snapshots = {}
        for use in brief.source_uses:
            source = self.sources.get(use.id)
            snapshots[use.id] = self.snapshots.get(source.snapshot) if source else None
        by_item: dict[Path_, list[tuple[Path_, Citation]]] = {}
        for path, citation in citations(brief):
            by_item.setdefault(path[:2], []).append((path, citation))
            snapshot = snapshots.get(citation.source)
            if citation.passage is not None and snapshot is not None:
                found = self.find(doc, (*path, "passage"), citation.passage, [(citation.source, snapshot)], "passage")
                if found:
                    cb.anchors[path] = found[1]
        for i, statement in enumerate(brief.statements):
            if statement.kind == "direct":
                self.anchor_text(cb, ("statements", i, "quote"), statement.quote, by_item[("statements", i)], snapshots)
        for i, caveat in enumerate(brief.caveats):
            self.anchor_text(cb, ("caveats", i, "claim"), caveat.claim, by_item[("caveats", i)], snapshots)

    def anchor_text(self, cb, path: Path_, text: str, cites: list[tuple[Path_, Citation]], snapshots) -> None:
        """Find ``text`` in one of the cited sources; citations without a passage anchor there."""
        ids = list(dict.fromkeys(c.source for _, c in cites))
        if any(snapshots.get(source_id) is None for source_id in ids):
            return  # a missing source or snapshot is reported already
        found = self.find(cb.doc, path, text, [(source_id, snapshots[source_id]) for source_id in ids], path[-1])
        if not found:
            return
        source_id, match = found
        cb.located[path[:2]] = found
        for cite_path, citation in cites:
            if citation.passage is None and citation.source == source_id:
                cb.anchors[cite_path] = match

    def find(self, doc: Document, path: Path_, text: str, candidates, what: str) -> tuple[str, Match] | None:
        for source_id, snapshot in candidates:
            match = snapshot.find(text)
            if match:
                return source_id, match
        names = ", ".join(f"'{source_id}'" for source_id, _ in candidates)
        message = f"{what} not found verbatim in source {names}"
        why = candidates[0][1].explain(text) if candidates else ""
        self.error(doc, path, message + (f"; {why}" if why else ""))
        return None

    # -- across briefs ------------------------------------------------------

    def check_across(self) -> None:
        if self.topics is None:
            return
        for cb in self.briefs:
            for i, topic in enumerate(cb.brief.topics):
                if topic not in self.topics:
                    message = f"no topic '{topic}' in {TOPICS_FILE}{_did_you_mean(topic, self.topics)}"
                    self.problems.append(Problem(cb.file, *cb.topic_spots[i], "error", message))

    # -- helpers ------------------------------------------------------------

    def load(self, path: Path, label: str | None = None) -> Document | None:
        try:
            doc = load_file(path, label=label or label_of(path))
        except LoadError as exc:
            self.problems.extend(exc.problems)
            return None
        self.problems.extend(doc.problems)
        return doc

    def validate(self, doc: Document, adapter: TypeAdapter, data: Any) -> Any:
        try:
            return adapter.validate_python(data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                self.problems.append(_problem_from_error(doc, error))
            return None

    def error(self, doc: Document, path: Path_, message: str) -> None:
        self.problems.append(doc.problem(path, message))

    def unique(self, doc: Document, key: str, values: list[str], what: str) -> None:
        seen: set[str] = set()
        for i, value in enumerate(values):
            if value in seen:
                self.error(doc, (key, i), f"{what} '{value}' is listed twice")
            seen.add(value)

    def known_actor(self, doc: Document, path: Path_, actor_id: str, level: str = "error") -> None:
        if actor_id in self.actors or self.registry_failed:
            return
        hint = _did_you_mean(actor_id, self.actors)
        by_name = self.actor_names.get(actor_id.replace("-", " ").casefold())
        if by_name and not hint:
            hint = f"; did you mean '{by_name}'?"
        self.problems.append(doc.problem(path, f"no actor '{actor_id}' in {REGISTRY_FILE}{hint}", level))

    def check_url(self, doc: Document, path: Path_, url: str) -> None:
        try:
            parts = urlsplit(url)
        except ValueError:
            self.error(doc, path, f"'{url}' is not a valid URL")
            return
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.error(doc, path, f"'{url}' is not an http(s) URL; only absolute http:// and https:// URLs are allowed")
        elif bad := sorted({c for c in url if c.isspace() or c in _NOT_IN_URLS}):
            self.error(doc, path, f"'{url}' has characters a URL cannot hold as they are ({' '.join(map(repr, bad))}); percent-encode them")

    def snapshot(self, doc: Document, path: Path_, relative: str) -> None:
        """Load a source's snapshot (reused from the cache while its file is unchanged)."""
        if relative in self.snapshots:
            return
        target = (self.folder / relative).resolve()
        root = self.folder.resolve()
        if Path(relative).is_absolute() or "\\" in relative or not target.is_relative_to(root):
            message = f"snapshot '{relative}' must be a path inside the briefs folder"
        elif not _is_file(target):
            message = f"snapshot '{relative}' does not exist (paths are relative to {label_of(self.folder)}/)"
        else:
            try:
                key = _stat_key(target)
                cached = self.cache.snapshots.get(relative)
                if cached and cached[0] == key:
                    self.snapshots[relative] = cached[1]
                else:
                    self.snapshots[relative] = Snapshot(read_text(target, label=label_of(target), max_bytes=MAX_SNAPSHOT_BYTES))
                    self.cache.snapshots[relative] = (key, self.snapshots[relative])
                return
            except LoadError as exc:
                self.problems.extend(exc.problems)
                message = f"snapshot '{relative}' cannot be used (see {exc.problems[0].file})"
        self.error(doc, path, message)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system, say
        return False


def citations(brief: Brief) -> Iterable[tuple[Path_, Citation]]:
    """Every citation of a brief with the path of its place in the file."""
    for i, statement in enumerate(brief.statements):
        for j, citation in enumerate(statement.citations):
            yield ("statements", i, "cite", j) if isinstance(statement.cite, list) else ("statements", i, "cite"), citation
    for key in ("context", "caveats"):
        for i, item in enumerate(getattr(brief, key)):
            for j, citation in enumerate(item.cite):
                yield (key, i, "cite", j), citation


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _problem_from_error(doc: Document, error: dict[str, Any]) -> Problem:
    path, data = _data_path(doc.data, error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return doc.problem(path, f"missing required key '{error['loc'][-1]}'")
    if kind == "extra_forbidden":
        key = path[-1]
        return doc.problem(path, f"unknown key '{key}'{_did_you_mean(str(key), _FIELD_NAMES)}", key=True)
    messages = {
        "string_type": "must be text",
        "list_type": "must be a list",
        "dict_type": "must be a mapping of keys to values",
        "model_type": "must be a mapping of keys to values",
        "model_attributes_type": "must be a mapping of keys to values",
        "date_type": "must be a date (YYYY-MM-DD)",
        "string_too_short": "must not be empty",
        "too_short": "must have at least one item",
        "string_pattern_mismatch": _pattern_message(path, value),
        "literal_error": f"'{value}' is not allowed here; {error['msg'].replace('Input should be', 'use')}",
    }
    message = messages.get(kind) or error["msg"].removeprefix("Value error, ")
    if kind in ("string_type", "list_type", "dict_type", "model_type", "date_type") and value is not None:
        message += f", not {_describe(value)}"
    is_key = "[key]" in error["loc"]
    if not is_key and path and isinstance(path[-1], str) and path[-1] in _FIELD_NAMES:
        message = f"{path[-1]}: {message}"
    return doc.problem(path, message, key=is_key)


def _pattern_message(path: Path_, value: Any) -> str:
    if path and path[-1] == "wikidata":
        return f"'{value}' is not a Wikidata id (Q followed by digits)"
    return f"'{value}' is not a valid id: use lower-case letters, digits and hyphens (at most 80)"


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def _data_path(data: Any, loc: tuple) -> tuple[Path_, Any]:
    """The path in the data that a pydantic error location points at (union tags dropped)."""
    path: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
            path.append(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
            path.append(part)
        elif part in ("[key]",):
            continue
        elif isinstance(data, dict | list):
            if isinstance(part, str) and not (part.startswith(("list[", "function-")) or part in ("one", "many")):
                path.append(part)  # a missing or unknown key
                data = None
        # anything else is a tag of a union member
    return tuple(path), data
