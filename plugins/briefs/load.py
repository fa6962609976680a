"""YAML text to plain data, with the file, line and column of every value.

The loader builds data straight from the parser's events, so it sees what a
composer hides: anchors, tags, duplicate keys, depth. Every plain scalar stays
text (``NO``, ``012345`` and ``12:30:00`` are what the editor typed); only an
empty value, ``~`` and ``null`` mean "nothing". The model parses dates.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .spoofing import BIDI_CONTROL, bidi_warning

try:  # the C parser is several times faster; fall back when PyYAML has none
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
MAX_DEPTH = 50
NULLS = {"", "~", "null", "Null", "NULL"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a look) in an editor's file."""

    file: str
    line: int
    col: int
    level: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.level}: {self.message}"


@dataclass
class Document:
    """The data of one YAML file and where each value of it stands."""

    file: str
    data: Any
    spots: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_spots: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    text: str = ""
    problems: list[Problem] = field(default_factory=list)  # warnings found while loading

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path``, or of its nearest parent that has one."""
        path = tuple(path)
        while True:
            if key and path in self.key_spots:
                return self.key_spots[path]
            if path in self.spots:
                return self.spots[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def problem(self, path: Path_, message: str, level: str = "error", *, key: bool = False) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, level, message)


class LoadError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def read_text(path: Path, *, label: str, max_bytes: int = MAX_BYTES, inside: Path | None = None) -> str:
    """Read a UTF-8 file, refusing what ``read_bytes`` refuses, what is not UTF-8 and what has control characters."""
    return decode(read_bytes(path, label=label, max_bytes=max_bytes, inside=inside), label)


def read_bytes(path: Path, *, label: str, max_bytes: int, inside: Path | None = None) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, with ``inside`` the folder it must stay in.

    A link is followed only to a file inside ``inside``. A FIFO, a device or a
    folder is refused before it is opened (and opening never waits for a
    writer), and the size is checked before reading and again while reading,
    so a file that grows is never read without bound. What is refused is never
    read, so no message can show what it holds.
    """

    def refuse(message: str) -> NoReturn:
        raise LoadError([Problem(label, 1, 1, "error", message)])

    try:
        real = path.resolve(strict=True)
        if inside is not None and not real.is_relative_to(inside.resolve()):
            refuse(f"this file links to {real}, outside {inside}; only files inside the folder are read: put the file itself there")
        _regular(os.stat(real).st_mode, refuse)
        with open(os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
            info = os.fstat(file.fileno())
            _regular(info.st_mode, refuse)  # the file may have been replaced since
            if info.st_size > max_bytes:
                refuse(f"file is {info.st_size:,} bytes; the limit is {max_bytes:,}")
            raw = file.read(max_bytes + 1)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links, before Python 3.13
        refuse(f"cannot read file: {getattr(exc, 'strerror', None) or exc}")
    if len(raw) > max_bytes:
        refuse(f"file grew past the limit of {max_bytes:,} bytes while it was read; read it again once it is complete")
    return raw


def _regular(mode: int, refuse: Callable[[str], NoReturn]) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _NOT_REGULAR if test(mode)), "not a regular file")
        refuse(f"this is {kind}, not a regular file; only regular files are read: put the file itself here")


_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def decode(raw: bytes, label: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw[: exc.start].decode("utf-8", "replace"))
        raise LoadError([Problem(label, line, col, "error", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})")]) from None
    return _check_characters(text.removeprefix("\ufeff"), label)


def _check_characters(text: str, label: str) -> str:
    bad = _CONTROL.search(text)
    if bad:
        line, col = _line_col(text[: bad.start()])
        raise LoadError([Problem(label, line, col, "error", f"{_name(bad.group())} is not allowed")])
    return text


def load_file(path: Path, *, label: str | None = None, max_bytes: int = MAX_BYTES, inside: Path | None = None) -> Document:
    label = label or str(path)
    return parse(read_text(path, label=label, max_bytes=max_bytes, inside=inside), label)


def parse(text: str, label: str) -> Document:
    """Parse one YAML document; raise LoadError with every problem found."""
    builder = _Builder(_check_characters(text, label), label)
    try:
        builder.run()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = exc.problem or exc.context or "invalid YAML"
        begun = exc.context_mark
        if exc.problem and exc.context and begun and mark and begun.line != mark.line:
            message += f" ({exc.context} at line {begun.line + 1})"
        builder.problems.append(Problem(label, line, col, "error", f"invalid YAML: {message}"))
    except _Stop:
        pass
    if any(p.level == "error" for p in builder.problems):
        raise LoadError(sorted(builder.problems))
    doc = builder.document
    doc.problems = builder.problems  # warnings only
    return doc


class _Stop(Exception):
    """Raised to end parsing at the first problem that makes the rest meaningless."""


class _Builder:
    def __init__(self, text: str, label: str):
        self.text = text
        self.lines = text.splitlines()
        self.label = label
        self.problems: list[Problem] = []
        self.document = Document(label, None, text=text)
        self.spots, self.key_spots = self.document.spots, self.document.key_spots

    def fail(self, mark: Any, message: str) -> None:
        self.problems.append(Problem(self.label, mark.line + 1, mark.column + 1, "error", message))
        raise _Stop

    def run(self) -> None:
        loader = _Loader(self.text)
        self.next_event = loader.get_event
        try:
            documents = 0
            while True:
                event = self.next_event()
                if event is None or isinstance(event, StreamEndEvent):
                    return
                if isinstance(event, DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        self.fail(event.start_mark, "only one YAML document per file is allowed (remove '---')")
                    self.document.data = self.node(self.next_event(), (), 1)
        finally:
            loader.dispose()

    def node(self, event: Any, path: Path_, depth: int) -> Any:
        if depth > MAX_DEPTH:
            self.fail(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels is not allowed")
        kind = type(event)
        if kind is AliasEvent:
            self.fail(event.start_mark, "aliases (*name) are not allowed; write the value out")
        if event.anchor:
            self.fail(event.start_mark, "anchors (&name) are not allowed; write the value out")
        tag = event.tag
        if tag is not None and not (any(event.implicit) if kind is ScalarEvent else event.implicit):
            self.fail(event.start_mark, f"tags such as '{tag}' are not allowed")
        mark = event.start_mark
        self.spots[path] = (mark.line + 1, mark.column + 1)
        if kind is ScalarEvent:
            return self.scalar(event, path)
        next_event = self.next_event
        if kind is SequenceStartEvent:
            items: list[Any] = []
            event = next_event()
            while type(event) is not SequenceEndEvent:
                items.append(self.node(event, (*path, len(items)), depth + 1))
                event = next_event()
            return items
        mapping: dict[str, Any] = {}
        key_spots = self.key_spots
        event = next_event()
        while type(event) is not MappingEndEvent:
            if type(event) is not ScalarEvent or event.anchor or (event.tag and not any(event.implicit)):
                self.fail(event.start_mark, "keys must be plain text")
            key = event.value
            mark = event.start_mark
            spot = (mark.line + 1, mark.column + 1)
            if key in mapping:
                first = key_spots[(*path, key)]
                self.problems.append(Problem(self.label, *spot, "error", f"duplicate key '{key}' (first at line {first[0]})"))
            key_spots[(*path, key)] = spot
            mapping[key] = self.node(next_event(), (*path, key), depth + 1)
            event = next_event()
        return mapping

    def scalar(self, event: Any, path: Path_) -> str | None:
        value = event.value
        plain = event.style in (None, "")
        if plain:
            self.check_comment(event, path)
            if value in NULLS:
                return None
        bad = _CONTROL.search(value)
        if bad:
            self.fail(event.start_mark, f"{_name(bad.group())} is not allowed")
        bidi = BIDI_CONTROL.search(value)
        if bidi:
            self.problems.append(Problem(self.label, *self.spot_of(bidi.group(), event), "warning", bidi_warning(bidi.group())))
        return value

    def spot_of(self, char: str, event: Any) -> tuple[int, int]:
        """Line and column of ``char`` in the scalar of ``event``: where it stands, or where the scalar begins (an escape)."""
        at = self.text.find(char, event.start_mark.index, event.end_mark.index)
        if at < 0:
            return event.start_mark.line + 1, event.start_mark.column + 1
        return _line_col(self.text[:at])

    def check_comment(self, event: Any, path: Path_) -> None:
        end = event.end_mark
        if end.line >= len(self.lines):
            return
        rest = self.lines[end.line][end.column :]
        if rest.startswith((" #", "\t#")) and event.value:
            self.problems.append(
                Problem(
                    self.label,
                    end.line + 1,
                    end.column + 2,
                    "error",
                    f"the value ends at ' #' and the rest of the line is read as a comment: {rest[1:].strip()!r}; "
                    "put the whole value in quotes, or put two spaces before a comment",
                )
            )


def _line_col(before: str) -> tuple[int, int]:
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _name(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return f"lone surrogate {code}"
    if char in "\ufffe\uffff":
        return f"noncharacter {code}"
    try:
        return f"control character {code} ({unicodedata.name(char)})"
    except ValueError:  # most C0 and C1 controls have no name in the database
        return f"control character {code}"
