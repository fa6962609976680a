"""Editing an editor's YAML in place, and writing several files as one change.

The commands that change briefs (``briefs migrate``, ``briefs add``) edit the
text, never re-dumped YAML, so every comment, block scalar and quote style an
editor wrote survives; the composer's marks say where each value stands. The
new files are written beside their targets and moved into place only once all
of them are written.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .registries import label_of

Edit = tuple[int, int, str]  # replace text[start:end] with this
BLOCK_ITEM_DASH = re.compile(r" *- +")  # what stands before a block list item's first key on its line


class WriteError(Exception):
    """Files that could not be written, one message a line."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with each edit made; edits at one place are made in the order given."""
    out, pos = [], 0
    for start, end, new in sorted(edits, key=lambda edit: edit[:2]):
        out += [text[pos:start], new]
        pos = end
    return "".join(out) + text[pos:]


def content_end(text: str, node: Node) -> int:
    """Where the text of a node's last value ends. The composer ends a block scalar after the
    blank lines that follow it, and a block collection at the next token, after any comments;
    neither belongs to the value, except the blank lines a ``|+`` or ``>+`` scalar keeps."""
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    end = node.end_mark.index
    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        start = node.start_mark.index
        if "+" in text[start : line_end(text, start)].split("#")[0]:
            return end
    return len(text[:end].rstrip())


def region_end(text: str, node: Node, column: int) -> int:
    """Where a block item's lines end: after its last value and the comment lines that follow
    indented at least as deep as its keys (a comment less indented belongs to what follows)."""
    end = content_end(text, node)
    pos = region = end if text[end - 1] == "\n" else line_end(text, end)
    while pos < len(text):
        line = text[pos : line_end(text, pos)]
        body = line.lstrip(" ")
        if body.startswith("#"):
            if len(line) - len(body) < column:
                break
            region = pos + len(line)
        elif body.strip():
            break
        pos += len(line)
    return region


def line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """The index just after the line break that ends the line holding ``index``."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def write_files(files: list[tuple[Path, bytes | None, bytes]]) -> None:
    """Write every file or none: ``(target, its old content or None when new, its new content)``.

    Each new content goes to a temporary file beside its target, and only once all are
    written are they moved into place. Should a move fail, the files already moved get
    their old content back (a new file is removed), and WriteError says what happened.
    """
    temps: list[Path] = []
    done: list[tuple[Path, bytes | None]] = []
    target = files[0][0]
    try:
        for target, _, new in files:
            mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps.append(Path(name))
            with os.fdopen(fd, "wb") as out:
                out.write(new)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(name, mode)
        for (target, old, _), temp in zip(files, temps):
            os.replace(temp, target)
            done.append((target, old))
    except OSError as exc:
        for temp in temps:
            try:
                temp.unlink(missing_ok=True)
            except OSError:
                pass
        lines = [f"{label_of(target)}: error: cannot write it: {exc.strerror or exc}"]
        lines += restore(done)
        lines.append("nothing written" if len(lines) == 1 else "the files above are left half-written")
        raise WriteError(lines) from None


def restore(files: list[tuple[Path, bytes | None]]) -> list[str]:
    """Put each file's old content back (``None``: it was new, and is removed); what failed, as error lines."""
    failed = []
    for path, old in reversed(files):
        try:
            if old is None:
                path.unlink()
            else:
                path.write_bytes(old)
        except OSError as undo:
            failed.append(f"{label_of(path)}: error: cannot put its old content back: {undo.strerror or undo}")
    return failed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
