"""Loading a folder of briefs and checking what a schema cannot say.

References resolve, ids are unique and safe as paths, URLs are http(s), dates
make sense, and every quote, passage and caveat claim is found verbatim in its
source snapshot. Each found passage becomes the anchor of its citation.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import model
from .load import Document, LoadError, Path_, Problem, load_file, read_text
from .model import Actor, Brief, Citation, Registry
from .quotes import Match, Snapshot

REGISTRY_FILE = "actors.yaml"
SCHEMA_LINE = "# yaml-language-server: $schema="
MAX_SNAPSHOT_BYTES = 5_000_000
_SLUG = re.compile(model.SLUG_PATTERN)
_BRIEF = TypeAdapter(Brief)
_REGISTRY = TypeAdapter(Registry)
_FIELD_NAMES = sorted(
    {name for cls in vars(model).values() if isinstance(cls, type) and issubclass(cls, BaseModel) for name in cls.model_fields}
)


@dataclass
class CheckedBrief:
    """A brief that passed loading and validation, with the anchors of its citations."""

    slug: str
    file: str
    brief: Brief
    doc: Document
    # ("statements", 0, "cite", 0) -> where that citation lands in its snapshot
    anchors: dict[Path_, Match] = field(default_factory=dict)
    # ("caveats", 2) -> where the caveat's claim stands
    claims: dict[Path_, Match] = field(default_factory=dict)

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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


def check_folder(folder: Path, only: Iterable[Path] | None = None) -> Result:
    """Load and check the briefs in ``folder`` (or just ``only``, with the folder's registry)."""
    folder = Path(folder)
    checker = _Checker(folder)
    checker.load_registry()
    files = sorted(only) if only is not None else brief_files(folder)
    for path in files:
        checker.check_brief(Path(path))
    checker.check_across()
    return Result(folder, checker.actors, checker.briefs, checker.snapshots, sorted(set(checker.problems)))


def brief_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name != REGISTRY_FILE)


def label_of(path: Path) -> str:
    """How a file is named in messages: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Checker:
    def __init__(self, folder: Path):
        self.folder = folder
        self.actors: dict[str, Actor] = {}
        self.actor_names: dict[str, str] = {}
        self.briefs: list[CheckedBrief] = []
        self.snapshots: dict[str, Snapshot] = {}
        self.bad_snapshots: dict[str, Problem] = {}
        self.problems: list[Problem] = []

    # -- the registry -------------------------------------------------------

    def load_registry(self) -> None:
        path = self.folder / REGISTRY_FILE
        if not path.exists():
            self.problems.append(Problem(label_of(path), 1, 1, "error", "the actor registry is missing"))
            return
        doc = self.load(path)
        if doc is None:
            return
        data = doc.data if doc.data is not None else {}
        registry = self.validate(doc, _REGISTRY, data)
        if registry is None:
            return
        self.actors = registry
        for actor_id, actor in registry.items():
            for name in (actor.name, *actor.aliases):
                self.actor_names.setdefault(name.casefold(), actor_id)

    # -- one brief ----------------------------------------------------------

    def check_brief(self, path: Path) -> None:
        label = label_of(path)
        slug = path.stem
        if not _SLUG.match(slug):
            self.problems.append(
                Problem(label, 1, 1, "error", f"file name '{path.name}' must be a slug: lower-case letters, digits and hyphens, ending in .yaml")
            )
            return
        doc = self.load(path)
        if doc is None:
            return
        if not doc.text.startswith(SCHEMA_LINE):
            self.problems.append(Problem(label, 1, 1, "warning", f"the first line should be '{SCHEMA_LINE}schema/brief.schema.json'"))
        brief = self.validate(doc, _BRIEF, doc.data)
        if brief is None:
            return
        checked = CheckedBrief(slug, label, brief, doc)
        self.check_references(checked)
        self.check_dates(checked)
        self.check_quotes(checked)
        self.briefs.append(checked)

    def check_references(self, cb: CheckedBrief) -> None:
        brief, doc = cb.brief, cb.doc
        source_ids: set[str] = set()
        for i, source in enumerate(brief.sources):
            if source.id in source_ids:
                self.error(doc, ("sources", i, "id"), f"source id '{source.id}' is used twice in this brief")
            source_ids.add(source.id)
            if source.url is not None:
                self.check_url(doc, ("sources", i, "url"), source.url)
            self.snapshot(doc, ("sources", i, "snapshot"), source.snapshot)
        self.unique(doc, "actors", brief.actors, "actor")
        self.unique(doc, "topics", brief.topics, "topic")
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
                self.error(doc, (*path, "source"), f"no source '{citation.source}' in this brief{_did_you_mean(citation.source, source_ids)}")

    def check_dates(self, cb: CheckedBrief) -> None:
        brief, doc = cb.brief, cb.doc
        if brief.updated and brief.updated < brief.published:
            self.error(doc, ("updated",), f"updated ({brief.updated}) is before published ({brief.published})")
        for i, change in enumerate(brief.changes):
            if change.date < brief.published:
                self.error(doc, ("changes", i, "date"), f"change dated {change.date}, before the brief was published ({brief.published})")
            elif brief.updated and change.date > brief.updated:
                self.error(doc, ("changes", i, "date"), f"change dated {change.date}, after the brief's updated date ({brief.updated})")

    def check_quotes(self, cb: CheckedBrief) -> None:
        brief, doc = cb.brief, cb.doc
        snapshots = {s.id: self.snapshots.get(s.snapshot) for s in brief.sources}
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
            match = self.anchor_text(cb, ("caveats", i, "claim"), caveat.claim, by_item[("caveats", i)], snapshots)
            if match:
                cb.claims[("caveats", i)] = match

    def anchor_text(self, cb, path: Path_, text: str, cites: list[tuple[Path_, Citation]], snapshots) -> Match | None:
        """Find ``text`` in one of the cited sources; citations without a passage anchor there."""
        ids = list(dict.fromkeys(c.source for _, c in cites))
        if any(snapshots.get(source_id) is None for source_id in ids):
            return None  # a missing source or snapshot is reported already
        found = self.find(cb.doc, path, text, [(source_id, snapshots[source_id]) for source_id in ids], path[-1])
        if not found:
            return None
        source_id, match = found
        for cite_path, citation in cites:
            if citation.passage is None and citation.source == source_id:
                cb.anchors[cite_path] = match
        return match

    def find(self, doc: Document, path: Path_, text: str, candidates, what: str) -> tuple[str, Match] | None:
        for source_id, snapshot in candidates:
            match = snapshot.find(text)
            if match:
                return source_id, match
        names = ", ".join(f"'{source_id}'" for source_id, _ in candidates)
        message = f"{what} not found verbatim in source {names}"
        closest = candidates[0][1].closest(text) if candidates else None
        self.error(doc, path, message + (f"; closest passage: \"{closest}\"" if closest else ""))
        return None

    # -- across briefs ------------------------------------------------------

    def check_across(self) -> None:
        by_snapshot: dict[str, tuple[CheckedBrief, int]] = {}
        by_slug: dict[str, str] = {}
        for cb in self.briefs:
            for i, source in enumerate(cb.brief.sources):
                slug = source_slug(source.snapshot)
                if not _SLUG.match(slug):
                    self.error(cb.doc, ("sources", i, "snapshot"), f"snapshot file name '{slug}' must be a slug (lower-case letters, digits, hyphens): it names the source's page")
                elif by_slug.setdefault(slug.casefold(), source.snapshot) != source.snapshot:
                    self.error(cb.doc, ("sources", i, "snapshot"), f"snapshot '{source.snapshot}' has the same file name as '{by_slug[slug.casefold()]}'; source pages are named after it")
                first = by_snapshot.setdefault(source.snapshot, (cb, i))
                other = first[0].brief.sources[first[1]]
                if first[0] is not cb and _source_facts(other) != _source_facts(source):
                    self.error(
                        cb.doc,
                        ("sources", i),
                        f"source with snapshot '{source.snapshot}' is described differently in {first[0].file}; "
                        "one snapshot is one source: make title, publisher, author, url, date and kind agree",
                    )

    # -- helpers ------------------------------------------------------------

    def load(self, path: Path) -> Document | None:
        try:
            doc = load_file(path, label=label_of(path))
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
        if actor_id in self.actors or not self.actors and self.problems:
            return
        hint = _did_you_mean(actor_id, self.actors)
        by_name = self.actor_names.get(actor_id.replace("-", " ").casefold())
        if by_name and not hint:
            hint = f"; did you mean '{by_name}'?"
        self.problems.append(doc.problem(path, f"no actor '{actor_id}' in {REGISTRY_FILE}{hint}", level))

    def check_url(self, doc: Document, path: Path_, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
            self.error(doc, path, f"'{url}' is not an http(s) URL; only absolute http:// and https:// URLs are allowed")

    def snapshot(self, doc: Document, path: Path_, relative: str) -> None:
        if relative in self.snapshots:
            return
        if relative in self.bad_snapshots:
            first = self.bad_snapshots[relative]
            self.error(doc, path, first.message)
            return
        target = (self.folder / relative).resolve()
        root = self.folder.resolve()
        if Path(relative).is_absolute() or "\\" in relative or not target.is_relative_to(root):
            message = f"snapshot '{relative}' must be a path inside the briefs folder"
        elif not target.is_file():
            message = f"snapshot '{relative}' does not exist (paths are relative to {label_of(self.folder)}/)"
        else:
            try:
                self.snapshots[relative] = Snapshot(read_text(target, label=label_of(target), max_bytes=MAX_SNAPSHOT_BYTES))
                return
            except LoadError as exc:
                self.problems.extend(exc.problems)
                message = f"snapshot '{relative}' cannot be used (see {exc.problems[0].file})"
        self.bad_snapshots[relative] = doc.problem(path, message)
        self.error(doc, path, message)


def source_slug(snapshot: str) -> str:
    """The name of a source's page: its snapshot's file name without extension."""
    return Path(snapshot).stem


def citations(brief: Brief) -> Iterable[tuple[Path_, Citation]]:
    """Every citation of a brief with the path of its place in the file."""
    for i, statement in enumerate(brief.statements):
        for j, citation in enumerate(statement.citations):
            yield ("statements", i, "cite", j) if isinstance(statement.cite, list) else ("statements", i, "cite"), citation
    for key in ("context", "caveats"):
        for i, item in enumerate(getattr(brief, key)):
            for j, citation in enumerate(item.cite):
                yield (key, i, "cite", j), citation


def _source_facts(source: model.Source) -> tuple:
    return (source.title, source.publisher, source.author, source.url, source.published, source.kind)


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
    if isinstance(path[-1:] and path[-1], str) and path[-1] in _FIELD_NAMES:
        message = f"{path[-1]}: {message}"
    return doc.problem(path, message)


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
