"""A build cache kept in a folder between builds (as CI keeps a cache): checks and pages reused while
what they were made from is unchanged.

Everything is keyed on content, never on file dates (a fresh checkout dates every file
anew): a brief's check on the digest of its file, of the registry files and of the
snapshots it cites; a page on the digest of what it shows; both on the ``salt``, which
holds this package's own code and templates and what the caller adds (the plugin adds
its options, the MkDocs configuration, the site's own pages and the versions of MkDocs
and the theme). A salt that differs throws away everything made under the old one.

``PageFolder`` writes each page (and data file) to a file of its own and rewrites it
only when its text changes, so the file's date tells ``mkdocs build --dirty`` which
pages to build again, and a build never holds every page's text at once. A build that
keeps nothing for the next (no ``cache_dir``, not ``serve``) packs its pages in memory
instead, compressed: writing thousands of files only to delete them costs more than
making them (on a disk that discards freed blocks, deleting alone takes seconds per thousand).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import shutil
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .check import Cache, CachedBrief, CheckedBrief, brief_files
from .digest import Digester, digest
from .library import Kept
from .outputs.common import Piece, Streamed, encode_piece
from .registries import REGISTRY_FILES, load_registries, stat_key
from .render import Entries, StoredPage

FORMAT = 4  # of the files in the cache folder; another number throws them away
CHECKS = "checks"  # each brief's check, resolved record and reliability at a glance, by file name (in SHARDS files)
SHARED = "shared.pickle"  # the passages the cited sources share (library.Kept.shared)
MANIFEST = "pages.json"
PAGES = "pages"
PIECES = "pieces"  # the encoded pieces of data files (outputs.common.Piece), by the digest of what each is made from
TEMPLATES = "templates"  # the templates compiled (render.keep_compiled_templates)
ENTRIES = ".entries"  # beside a page of many entries: their HTML (render.KeptEntries)
ENTRIES_KEPT_FROM = 50  # a page of fewer is made again faster than its entries are read


@cache
def code_digest() -> str:
    """This package's files (code, templates, styles, schemas): a change in any can change any page."""
    root = Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class PageFolder:
    """Pages and data files as files under ``root``, each rewritten only when its content changes.

    ``keys`` says what each page was made from (a digest), as last saved; ``made`` what this build made.
    """

    root: Path
    salt: str = ""
    packs_pages: bool = False  # pages held compressed instead of written (data files are still written)
    keys: dict[str, str] = field(default_factory=dict)  # path -> digest of what it was made from
    outputs: dict[str, str] = field(default_factory=dict)  # path -> where the site has it (dest path), as last saved
    made: dict[str, str] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)
    written: set[str] = field(default_factory=set)  # rewritten by this build
    digest: Digester | None = None  # what pieces of data files are keyed with, seeded with each brief's inputs; None: no pieces kept
    pieces: dict[str, bytes] | None = None  # as the last build saved them, read when first asked for
    made_pieces: dict[str, bytes] = field(default_factory=dict)
    files: set[str] | None = None  # every file the last saved build left, when known
    streamed: dict[str, list] = field(default_factory=dict)  # path -> [sha256, size, mtime_ns] of a data file written in pieces, as saved

    @classmethod
    def open(cls, root: Path, salt: str = "") -> PageFolder:
        """The folder's pages as a build with the same ``salt`` left them (none when the salt differs)."""
        folder = cls(Path(root), salt)
        try:
            saved = json.loads((folder.root.parent / MANIFEST).read_text(encoding="utf-8")) if salt else {}
        except (OSError, ValueError):
            saved = {}
        if isinstance(saved, dict) and saved.get("format") == FORMAT and saved.get("salt") == salt:
            folder.keys = dict(saved.get("keys", {}))
        if isinstance(saved, dict) and saved.get("format") == FORMAT:  # where pages were written, whatever made them
            folder.outputs = dict(saved.get("outputs", {}))
            folder.files = set(saved.get("files", ())) or None
            folder.streamed = dict(saved.get("streamed", {}))
        return folder

    @property
    def fresh(self) -> bool:
        """Whether the last saved build was made under this salt (else every page must be built again)."""
        return bool(self.keys)

    def file(self, path: str) -> Path:
        return self.root / path

    def stored(self, path: str, key: str) -> StoredPage | None:
        """The page at ``path`` as made earlier from what ``key`` digests, if its file is still there."""
        target = self.file(path)
        if self.keys.get(path) != key or not target.is_file():
            return None
        self.made[path] = key
        self.kept.add(path)
        if self.files is not None and path + ENTRIES in self.files:  # known from the manifest: no file looked up
            self.kept.add(path + ENTRIES)
        return StoredPage(path, target)

    def entries(self, path: str) -> Entries:
        """The entries of the page at ``path`` (``render.KeptEntries``), as a build under the same salt made them last."""
        held = _unpickled(self.file(path + ENTRIES), self.salt) if self.fresh else None
        return held if isinstance(held, dict) else {}

    def keep_entries(self, path: str, made: Entries) -> None:
        """Keep the entries the page at ``path`` was just made of, for the next build to reuse."""
        if len(made) >= ENTRIES_KEPT_FROM:
            self.keep(path + ENTRIES, _pickled(made, self.salt))

    def page(self, path: str, markdown: str, key: str = "") -> StoredPage:
        """The page at ``path``, kept: written (as ``keep`` writes), or packed."""
        if self.packs_pages:
            return StoredPage(path, None, zlib.compress(markdown.encode("utf-8"), 1))
        return StoredPage(path, self.keep(path, markdown, key))

    def keep(self, path: str, content: str | bytes | Streamed, key: str = "") -> Path:
        """Write ``content`` to the file of ``path``, unless it holds exactly that already."""
        target = self.file(path)
        if isinstance(content, Streamed):
            changed, self.streamed[path] = _write_streamed(target, content.chunks(self.encode), self.streamed.get(path))
        else:
            data = content.encode("utf-8") if isinstance(content, str) else content
            try:
                changed = not (target.stat().st_size == len(data) and target.read_bytes() == data)
            except OSError:
                changed = True
            if changed:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        if changed:
            self.written.add(path)
        if key:
            self.made[path] = key
        self.kept.add(path)
        return target

    def encode(self, piece: Piece) -> bytes:
        """The bytes of ``piece``, as an earlier build under the same salt encoded them from equal ``depends``."""
        if self.digest is None:
            return encode_piece(piece)
        if self.pieces is None:
            self.pieces = self._pieces.load() if self.fresh else {}
        key = self.digest(piece.depends)
        encoded = self.made_pieces[key] = self.pieces.get(key) or encode_piece(piece)
        return encoded

    @cached_property
    def _pieces(self) -> Shards:
        return Shards(self.root.parent / PIECES, self.salt)

    def prune(self) -> None:
        """Delete the files of pages and data files this build did not make: of those the last saved build
        left, when it said which (walking ten thousand files takes longer), else of every file in the folder."""
        if not self.root.is_dir():
            return
        if self.files is not None:
            for path in sorted(self.files - self.kept):
                target = self.file(path)
                target.unlink(missing_ok=True)
                for parent in target.parents:
                    if parent == self.root or not parent.is_dir() or any(parent.iterdir()):
                        break
                    parent.rmdir()
            return
        for target in sorted(self.root.rglob("*"), reverse=True):  # files before their folders
            relative = target.relative_to(self.root).as_posix()
            if target.is_file() and relative not in self.kept:
                target.unlink()
            elif target.is_dir() and not any(target.iterdir()):
                target.rmdir()

    def save(self, outputs: dict[str, str]) -> None:
        """Record what this build made, and where the site has each page (``outputs``: path -> dest path)."""
        record = {
            "format": FORMAT, "salt": self.salt, "keys": self.made, "outputs": outputs, "files": sorted(self.kept),
            "streamed": {path: held for path, held in self.streamed.items() if path in self.kept},
        }
        if self.digest is not None:
            self._pieces.save(self.made_pieces)
        _write_atomically(self.root.parent / MANIFEST, json.dumps(record, sort_keys=True).encode("utf-8"))
        self.keys, self.outputs, self.files = dict(self.made), dict(outputs), set(self.kept)


SHARDS = 16


class Shards:
    """Records by key, kept in the cache folder as SHARDS pickle files (``folder/NN.pickle``), each written
    again only when a record of its own changed: at 5,000 briefs the checks and the data files' pieces are
    some 50 MB each, and a build after one edit changes one record of each."""

    def __init__(self, folder: Path, salt: str):
        self.folder = Path(folder)
        self.salt = salt
        self._read: list[dict[str, Any]] = [{} for _ in range(SHARDS)]  # as last read or written

    def _file(self, shard: int) -> Path:
        return self.folder / f"{shard:02d}.pickle"

    def load(self) -> dict[str, Any]:
        """Every record kept under this salt (none of a file missing, truncated or written by another version)."""
        records: dict[str, Any] = {}
        for shard in range(SHARDS):
            held = _unpickled(self._file(shard), self.salt)
            self._read[shard] = held if isinstance(held, dict) else {}
            records.update(self._read[shard])
        return records

    def save(self, records: dict[str, Any]) -> None:
        """Keep ``records`` (and nothing else), writing only the files whose part of them changed."""
        parts: list[dict[str, Any]] = [{} for _ in range(SHARDS)]
        for key, value in records.items():
            parts[zlib.crc32(key.encode("utf-8")) % SHARDS][key] = value
        for shard, part in enumerate(parts):
            if part != self._read[shard] or (part and not self._file(shard).is_file()):
                _write_atomically(self._file(shard), _pickled(part, self.salt))
        self._read = parts


def _pickled(value: object, salt: str) -> bytes:
    """``value`` as a file of the cache folder holds it: with the format and salt it was made under."""
    return pickle.dumps((FORMAT, salt, value), protocol=pickle.HIGHEST_PROTOCOL)


def _unpickled(path: Path, salt: str) -> object:
    """What ``_pickled`` put in the file at ``path`` under ``salt``; None when the file is missing, truncated
    or written by another version or under another salt (what it held is made again)."""
    try:
        held = pickle.loads(path.read_bytes())
    except Exception:
        return None
    return held[2] if isinstance(held, tuple) and len(held) == 3 and held[:2] == (FORMAT, salt) else None


def _write_streamed(target: Path, chunks: Iterator[bytes], known: list | None) -> tuple[bool, list]:
    """Write ``chunks`` to ``target`` one by one, unless it holds exactly that already: whether it changed, and
    what tells next time what it holds without reading it ([sha256, size, mtime_ns]). ``known`` is that as
    recorded last time; trusted only while the file's size and date are still the recorded ones."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    written = hashlib.sha256()
    with temporary.open("wb") as out:
        for chunk in chunks:
            written.update(chunk)
            out.write(chunk)
    sha = written.hexdigest()
    try:
        now = target.stat()
        if known is not None and known[1:] == [now.st_size, now.st_mtime_ns]:
            same = known[0] == sha
        else:
            same = now.st_size == temporary.stat().st_size and _file_sha(target) == sha
    except OSError:
        same = False
    if same:
        temporary.unlink()
    else:
        os.replace(temporary, target)
    stat = target.stat()
    return not same, [sha, stat.st_size, stat.st_mtime_ns]


def _file_sha(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


class CheckStore:
    """The checks of a briefs folder, and what resolving each brief gave, kept in the cache folder between builds.

    ``warm`` puts each stored check whose inputs are unchanged into a ``check.Cache``
    (which then checks only the rest), and its resolved brief and reliability at a glance into ``kept``; ``save``
    stores what that cache holds after the check. ``inputs`` gives, by brief file name, the
    digest of what it was checked against: what the pages of that brief are keyed on.
    Each brief is stored as bytes of its own, so that a build pickles only the briefs it checked again.
    """

    def __init__(self, root: Path, salt: str):
        self.folder = Path(root)
        self.checks = Shards(self.folder / CHECKS, salt)
        self.salt = salt
        self.inputs: dict[str, str] = {}
        self.kept = Kept()  # what the library reuses: the resolved briefs, kept with their checks, and the shared passages
        self._files: dict[str, str] = {}  # brief file name -> digest of its bytes
        self._registries = ""
        self._read: dict[str, tuple[str, bytes, CheckedBrief | None, tuple | None, tuple | None]] = {}  # name -> as read: inputs, bytes, brief, resolved, glanced
        self._shared_read: object = None

    def _snapshot_digests(self, cache: Cache) -> dict[str, str]:
        return {path: loaded.snapshot.sha256 for path, loaded in cache.registries.snapshots.items()}

    def _inputs(self, name: str, entry: CachedBrief, snapshots: dict[str, str]) -> str | None:
        """The digest of a brief's file, the registries and the snapshots it cites: fields that hold no NUL, joined by one."""
        file = self._files.get(name)
        if file is None:
            return None
        used = (f"{path}\0{snapshots.get(path)}" for path in sorted(entry.snapshots))
        return _sha("\0".join((file, self._registries, *used)).encode("utf-8"))

    def warm(self, folder: Path, cache: Cache) -> None:
        folder = Path(folder)
        self._registries = digest(
            [(name, _sha((folder / name).read_bytes()) if (folder / name).is_file() else None) for name in REGISTRY_FILES]
        )
        paths = brief_files(folder)
        for path in paths:
            with contextlib.suppress(OSError):
                self._files[path.name] = _sha(path.read_bytes())
        stored = self._load()
        if not stored:
            return
        registries, _ = load_registries(folder, cache.registries)
        snapshots = self._snapshot_digests(cache)
        for path in paths:
            held = stored.get(path.name)
            if held is None:
                continue
            inputs, data = held
            entry, resolved, glanced = pickle.loads(data)
            if self._inputs(path.name, entry, snapshots) != inputs or any(s not in cache.registries.snapshots for s in entry.snapshots):
                continue
            used = {s: cache.registries.snapshots[s].key for s in entry.snapshots}
            cache.briefs[path] = CachedBrief(stat_key(path), registries.keys, used, entry.brief, entry.problems)
            if resolved is not None:
                self.kept.resolved[resolved[0].file] = resolved
            if glanced is not None:
                self.kept.glanced[resolved[0].file] = glanced
            self._read[path.name] = (inputs, data, entry.brief, resolved, glanced)

    def save(self, cache: Cache) -> None:
        """Store every check the cache holds for a file read by ``warm``, by file name, with its resolved brief."""
        snapshots = self._snapshot_digests(cache)
        stored: dict[str, tuple[str, bytes]] = {}
        for path, entry in cache.briefs.items():
            read = self._read.get(path.name)
            # a check taken from the store was taken because its inputs were those of this build's files
            inputs = read[0] if read is not None and read[2] is entry.brief else self._inputs(path.name, entry, snapshots)
            if inputs is None:
                continue
            file = entry.brief.file if entry.brief is not None else None
            resolved = self.kept.resolved.get(file) if file is not None else None
            if resolved is not None and resolved[0] is not entry.brief:
                resolved = None
            glanced = self.kept.glanced.get(file) if resolved is not None and file is not None else None
            if glanced is not None and (resolved is None or glanced[0] is not resolved[2]):
                glanced = None
            if read is not None and read[0] == inputs and read[2] is entry.brief and read[3] is resolved and read[4] is glanced:
                stored[path.name] = read[:2]  # as it was read: not pickled again
            else:
                stored[path.name] = (inputs, pickle.dumps((entry, resolved, glanced), protocol=pickle.HIGHEST_PROTOCOL))
            self.inputs[path.name] = inputs
        self.checks.save(stored)
        if self.kept.shared is not self._shared_read:  # found anew (or first kept)
            _write_atomically(self.folder / SHARED, _pickled(self.kept.shared, self.salt))
            self._shared_read = self.kept.shared

    def _load(self) -> dict[str, tuple[str, bytes]]:
        """The stored checks (none of a file missing, truncated or written by another version: checked again)."""
        stored = self.checks.load()
        shared = _unpickled(self.folder / SHARED, self.salt)
        if shared is not None:
            self.kept.shared = self._shared_read = shared  # type: ignore[assignment]
        return stored


def clear(root: Path) -> None:
    """Empty the cache folder (what ``--clean`` would do for it)."""
    shutil.rmtree(root, ignore_errors=True)
