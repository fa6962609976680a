"""``briefs migrate``: move the sources briefs list inline into the shared ``sources.yaml``.

The rewrite works on the text, never on re-dumped YAML, so every comment, block
scalar and quote style an editor wrote survives. The composer's marks give the
exact span of each inline source item and of each citation's ``source:`` value;
only those spans change in a brief, and a record in ``sources.yaml`` is its
item's own lines, re-indented, without the ``id`` entry. Every new text is
loaded back and compared with the data it must hold before anything is written,
and the files are moved into place only once all of them are written beside
their targets.
"""

from __future__ import annotations

import copy
import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .check import brief_files
from .load import Document, LoadError, Path_, Problem, load_file, parse
from .model import SLUG_PATTERN
from .registries import SOURCES_FILE, SOURCES_SCHEMA_LINE, label_of
from .textedit import BLOCK_ITEM_DASH, Edit, WriteError, apply_edits, content_end, line_end, line_start, region_end, write_files

SOURCES_SCHEMA = SOURCES_SCHEMA_LINE + "\n"
_AGAIN = "make them agree, then run briefs migrate again"
_SLUG = re.compile(SLUG_PATTERN)
_COMMENT = re.compile(r"(?<!\S)#[^\r\n]*")
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")

class MigrateError(Exception):
    """Why nothing was migrated, one message a line."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class _File:
    """A YAML file as the migration reads it: its data (the loader's) and its nodes (the composer's)."""

    path: Path
    label: str
    doc: Document
    root: Node | None

    @property
    def text(self) -> str:
        return self.doc.text

    def at(self, path: Path_) -> str:
        return f"{self.label}:{self.doc.where(path)[0]}"

    @cached_property
    def scalars(self) -> list[tuple[int, int]]:
        """The text span of every scalar, in order; a block scalar's starts below its header,
        since the header line may end with a comment."""
        spans, stack = [], [self.root] if self.root else []
        while stack:
            node = stack.pop()
            if isinstance(node, ScalarNode):
                start = node.start_mark.index
                spans.append((line_end(self.text, start) if node.style in ("|", ">") else start, node.end_mark.index))
            elif isinstance(node, MappingNode):
                stack += [part for pair in node.value for part in pair]
            elif isinstance(node, SequenceNode):
                stack += node.value
        return sorted(spans)

    def comments(self, start: int, end: int) -> list[tuple[int, str]]:
        """The comments in ``text[start:end]`` and where each begins: a ``#`` after white space, outside every scalar."""
        spans = self.scalars
        starts = [s for s, _ in spans]
        found = []
        for match in _COMMENT.finditer(self.text, start, end):
            i = bisect_right(starts, match.start()) - 1
            if i < 0 or spans[i][1] <= match.start():
                found.append((match.start(), match.group().rstrip()))
        return found


@dataclass
class _Copy:
    """One source record that a brief lists inline."""

    brief: _File
    index: int  # its place in the brief's sources
    id: str  # its registry id: the snapshot's file stem
    data: dict[str, Any]  # the record: the item's data without its id
    record: str  # the record's text for sources.yaml
    comments: list[str]  # every comment inside the item
    kept: list[str]  # those the record's text keeps (the others were on the id entry)
    edit: Edit  # what replaces the item in the brief

    def path(self, key: str | None) -> Path_:
        """Where ``key`` stands in the brief, or the item itself when it has no such key."""
        return ("sources", self.index, key) if key in self.data else ("sources", self.index)

    def problem(self, message: str, key: str | None = None) -> Problem:
        return self.brief.doc.problem(self.path(key), message)

    def at(self, key: str | None = None) -> str:
        return f"the copy in {self.brief.at(self.path(key))}"


def migrate(folder: Path) -> str:
    """Migrate the briefs of ``folder`` and say what was done; on any problem raise
    MigrateError and write nothing."""
    if not folder.is_dir():
        raise MigrateError([f"{folder}: error: not a folder"])
    problems: list[Problem] = []
    briefs: list[tuple[_File, str, Any]] = []  # each brief to rewrite, its new text and that text's data
    groups: dict[str, list[_Copy]] = {}  # registry id -> its inline copies, in file order
    for path in brief_files(folder):
        brief = _read(path, problems) if path.name != SOURCES_FILE else None
        if brief is None:
            continue
        copies, text, expected = _migrate_brief(brief, problems)
        if copies:
            briefs.append((brief, text, expected))
        for found in copies:
            groups.setdefault(found.id, []).append(found)
    target = folder / SOURCES_FILE
    existed = target.exists()
    registry = (_read(target, problems) if groups and existed else None) or _File(
        target, label_of(target), Document(label_of(target), None), None
    )
    records = registry.doc.data if registry.doc.data is not None else {}
    if not isinstance(records, dict):
        problems.append(registry.doc.problem((), "sources.yaml must map source ids to records"))
        records = {}
    if not problems and not groups:
        return f"nothing to migrate: no brief in {folder} lists a source record inline"
    problems += _conflicts(groups, registry, records)
    if problems:
        problems = sorted(set(problems))
        raise MigrateError([*map(str, problems), f"{len(problems)} error(s); nothing written"])

    added = [rid for rid in groups if rid not in records]
    old = registry.text if existed else None
    new = _registry_text(old, groups, registry)
    _verify(registry.label, new, {**records, **{rid: groups[rid][0].data for rid in added}})
    for brief, text, expected in briefs:
        _verify(brief.label, text, expected)
    files: list[tuple[Path, str | None, str]] = [(brief.path, brief.text, text) for brief, text, _ in briefs]
    if new != old:
        files.insert(0, (target, old, new))
    try:
        write_files([(path, None if old is None else old.encode("utf-8"), new.encode("utf-8")) for path, old, new in files])
    except WriteError as exc:
        raise MigrateError(exc.lines) from None
    there = f" ({len(groups) - len(added)} more already there)" if len(added) < len(groups) else ""
    return f"moved {len(added)} source(s) into {registry.label}{there}; rewrote {len(briefs)} brief(s)"


def _record_at(registry: _File, rid: str, key: str) -> str:
    return f"the record in {registry.at((rid, key))}"


def _conflicts(groups: dict[str, list[_Copy]], registry: _File, records: dict[str, Any]) -> list[Problem]:
    """Copies of one source that disagree with each other or with the registry."""
    problems = []
    snapshots = {r["snapshot"]: rid for rid, r in records.items() if isinstance(r, dict) and isinstance(r.get("snapshot"), str)}
    for rid, copies in groups.items():
        first = copies[0]
        for other in copies[1:]:
            problems += _differences(other, first.data, first.at)
        if rid in records:
            existing = records[rid] if isinstance(records[rid], dict) else {}
            problems += _differences(first, existing, functools.partial(_record_at, registry, rid))
        other_id = snapshots.get(first.data["snapshot"], rid)
        if other_id != rid:
            problems.append(
                first.problem(
                    f"source '{rid}': its snapshot is already the record '{other_id}' in {registry.at((other_id,))}; "
                    f"a snapshot has one record, named after its file: rename that record to '{rid}' "
                    "(and the citations of it), then run briefs migrate again",
                    "snapshot",
                )
            )
    return problems


def _registry_text(old: str | None, groups: dict[str, list[_Copy]], registry: _File) -> str:
    """The registry's old text (or the schema line) with the new records after it. Comments
    only other copies have go at the end of their record, or, for a record that was there
    already, at the end of the file."""
    text = SOURCES_SCHEMA if old is None else old
    parts = [text if not text or text.endswith("\n") else text + "\n"]
    trailing = []
    existing = {key.value: (key, value) for key, value in registry.root.value} if registry.root else {}
    for rid, copies in groups.items():
        if rid not in existing:
            parts += [copies[0].record, _extra_comments(copies, copies[0].kept, "  ", "")]
        else:
            key, value = existing[rid]
            seen = [c for _, c in registry.comments(key.start_mark.index, value.end_mark.index)]
            trailing.append(_extra_comments(copies, seen, "", f" of '{rid}'"))
    return "".join(parts + trailing)


def _read(path: Path, problems: list[Problem]) -> _File | None:
    label = label_of(path)
    try:
        doc = load_file(path, label=label, inside=path.parent)  # a brief or sources.yaml of the folder
        root = yaml.compose(doc.text, Loader=yaml.SafeLoader)  # what the loader accepts, the composer does
    except LoadError as exc:
        problems += exc.problems
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - a safety net, should the two parsers disagree
        problems.append(Problem(label, 1, 1, "error", f"invalid YAML: {exc}"))
        return None
    return _File(path, label, doc, root)


def _migrate_brief(brief: _File, problems: list[Problem]) -> tuple[list[_Copy], str, Any]:
    """The inline sources of a brief, its new text and the data that text must load to."""
    data = brief.doc.data
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(sources, list):
        return [], brief.text, data
    items = _node(brief.root, ("sources",)).value
    expected = copy.deepcopy(data)
    copies: list[_Copy] = []
    renames: dict[str, str] = {}  # local id -> registry id
    for i, item in enumerate(sources):
        if not (isinstance(item, dict) and "snapshot" in item):
            continue  # already an id from the registry
        found = _copy(brief, i, item, items[i], problems)
        if found is None:
            continue
        if item["id"] in renames:
            problems.append(found.problem(f"the id '{item['id']}' is given to two sources of this brief"))
            continue
        renames[item["id"]] = found.id
        expected["sources"][i] = found.id
        copies.append(found)
    listed = [s.get("id") if isinstance(s, dict) else s for s in expected["sources"]]
    for found in copies:
        if listed.count(found.id) > 1:
            problems.append(found.problem(f"this brief would list the source '{found.id}' twice", "snapshot"))
    edits = [found.edit for found in copies]
    for path, value in _citations(data):
        if value in renames:
            node = _node(brief.root, path)
            quoted = node.style in ("'", '"')
            edits.append((node.start_mark.index + quoted, node.end_mark.index - quoted, renames[value]))
            _set(expected, path, renames[value])
    return copies, apply_edits(brief.text, edits), expected


def _copy(brief: _File, index: int, item: dict[str, Any], node: Node, problems: list[Problem]) -> _Copy | None:
    """An inline source item as a record: its text without the ``id`` entry, and what replaces it in the brief."""
    path = ("sources", index)
    if not isinstance(item.get("id"), str) or not isinstance(item["snapshot"], str):
        problems.append(brief.doc.problem(path, "a source with a snapshot needs an 'id' and the snapshot's path, as text"))
        return None
    rid = PurePosixPath(item["snapshot"]).stem
    if not _SLUG.fullmatch(rid):
        problems.append(
            brief.doc.problem(
                (*path, "snapshot"),
                f"the snapshot's file name '{rid}' cannot be a source id (lower-case letters, digits and hyphens); "
                "rename the snapshot, then run briefs migrate again",
            )
        )
        return None
    assert isinstance(node, MappingNode)
    text, pairs = brief.text, node.value
    start, end = node.start_mark.index, node.end_mark.index
    at = [key.value for key, _ in pairs].index("id")
    if node.flow_style:
        if at + 1 < len(pairs):  # "id: a, " up to the next key
            cut = (pairs[at][0].start_mark.index, pairs[at + 1][0].start_mark.index)
        else:  # ", id: a" from the end of the value before
            cut = (pairs[at - 1][1].end_mark.index, pairs[at][1].end_mark.index)
        first, *rest = _LINE.findall(text[start : cut[0]] + text[cut[1] : end])
        # inside a flow collection indentation means nothing: every continuation line goes under the record
        record = f"{rid}: {first}" + "".join(_reindent(line, len(line) + 1, 4) for line in rest) + "\n"
        region, edit = (start, end), (start, end, rid)
    else:
        line = line_start(text, start)
        column = start - line
        if not BLOCK_ITEM_DASH.fullmatch(text[line:start]):
            message = "put this source's first key on the line of its dash ('- id: ...'), then run briefs migrate again"
            problems.append(brief.doc.problem(path, message))
            return None
        item_end = region_end(text, node, column)
        cut = (line_start(text, pairs[at][0].start_mark.index), line_end(text, content_end(text, pairs[at][1])))
        lines = " " * column + text[start:item_end]  # the item's lines, its dash blanked out
        lines = lines[: cut[0] - line] + lines[cut[1] - line :]
        record = f"{rid}:\n" + "".join(_reindent(part, column, 2) for part in _LINE.findall(lines))
        record += "" if record.endswith("\n") else "\n"
        region, edit = (line, item_end), (start, item_end, rid + _ending(text, item_end))
    comments = brief.comments(*region)
    return _Copy(
        brief,
        index,
        rid,
        {key: value for key, value in item.items() if key != "id"},
        record,
        [c for _, c in comments],
        [c for pos, c in comments if not cut[0] <= pos < cut[1]],
        edit,
    )


def _differences(found: _Copy, other: dict[str, Any], other_at: Callable[[str], str]) -> list[Problem]:
    """One error for each field in which ``found`` and ``other`` (named by ``other_at(field)``) differ."""
    problems = []
    for key in dict.fromkeys([*found.data, *other]):
        mine, theirs = found.data.get(key), other.get(key)
        if mine == theirs:
            continue
        if mine is None:
            how = f"'{key}' is not given here but is in {other_at(key)}"
        elif theirs is None:
            how = f"'{key}' is given here but not in {other_at(key)}"
        else:
            how = f"'{key}' differs from {other_at(key)}"
        problems.append(found.problem(f"source '{found.id}': {how}; {_AGAIN}", key))
    return problems


def _extra_comments(copies: list[_Copy], seen: list[str], indent: str, about: str) -> str:
    """The comments of ``copies`` that ``seen`` lacks, as comment lines, each brief's under a line naming it."""
    known = set(seen)
    out = []
    for found in copies:
        new = [c for c in dict.fromkeys(found.comments) if c not in known]
        known.update(new)
        if new:
            out += [f"{indent}# from the copy{about} in {found.brief.path.name}:\n", *(f"{indent}{c}\n" for c in new)]
    return "".join(out)


def _verify(label: str, text: str, expected: Any) -> None:
    """Refuse a new text that would not load to exactly the data it must hold."""
    try:
        same = parse(text, label).data == expected
    except LoadError:
        same = False
    if not same:
        raise MigrateError(
            [f"{label}: error: its rewritten text would not load to the same data (an unusual layout?); nothing written"]
        )


def _citations(data: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    """Each citation's ``source`` in a brief's data, with its path; ``cite`` is one mapping or a list."""
    for section in ("statements", "context", "caveats"):
        items = data.get(section)
        for i, item in enumerate(items if isinstance(items, list) else []):
            cite = item.get("cite") if isinstance(item, dict) else None
            if isinstance(cite, dict):
                cites: list[tuple[Path_, Any]] = [((section, i, "cite"), cite)]
            else:
                cites = [((section, i, "cite", j), one) for j, one in enumerate(cite)] if isinstance(cite, list) else []
            for path, one in cites:
                if isinstance(one, dict) and isinstance(one.get("source"), str):
                    yield (*path, "source"), one["source"]


def _node(root: Any, path: Path_) -> Any:
    """The node at ``path`` (keys and indexes, as in the loader's paths)."""
    node = root
    for step in path:
        node = node.value[step] if isinstance(step, int) else next(v for k, v in node.value if k.value == step)
    return node


def _set(data: Any, path: Path_, value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def _reindent(line: str, column: int, to: int) -> str:
    """Move a line of a block item from ``column`` to ``to``: block scalars keep their inner
    indentation, a blank line loses its spaces, a comment less indented than the item goes to ``to``."""
    lead = len(line) - len(line.lstrip(" "))
    if lead >= column:
        return " " * to + line[column:]
    return line[lead:] if not line.strip() else " " * to + line[lead:]


def _ending(text: str, index: int) -> str:
    """The line break that ends just before ``index``, if one does."""
    return next((ending for ending in ("\r\n", "\n") if text.endswith(ending, 0, index)), "")
