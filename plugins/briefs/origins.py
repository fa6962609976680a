"""Which of a brief's sources are independent of each other.

Two signals make sources one origin. What an editor records: a source is
``based_on`` another source, or on an actor such as a wire or a state agency.
And what the texts show: snapshots that share long passages, words outside
quotation marks (two reports quoting the same speech are not one origin),
found among all snapshots with MinHash over word shingles and confirmed by the
passages themselves, which the pages show as the evidence. Shared text is a
signal, not a verdict: the page says what is shared, and the editor's records
say the rest.

``Origins`` is built once for the library; ``of_brief`` groups one brief's
sources by origin.
"""

from __future__ import annotations

import difflib
import re
import string
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import Actor, Source
from .quotes import Snapshot

SHINGLE_WORDS = 5
PERMUTATIONS = 64
CANDIDATE_SIMILARITY = 0.2  # estimated Jaccard similarity of shingles at which a pair is compared word by word
PASSAGE_WORDS = 12  # a shared passage is a run of at least this many words ...
SHARED_WORDS = 40  # ... and two texts with this many words in such runs come from one origin
COMPARED_WORDS = 20_000  # words of each text compared; a long report's opening is where relays copy from
_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»|„[^“”\n]*[“”]")
_PUNCTUATION = string.punctuation + "“”‘’«»„‹›—–…"
_ORIGINAL_KINDS = ("state-media", "wire", "primary")  # kinds of source that others relay


@dataclass(frozen=True)
class SharedText:
    """Two snapshots that share long passages: the evidence that they come from one origin."""

    sources: tuple[str, str]  # their source ids, in order
    passages: tuple[str, ...]  # the shared runs of words, as the first source gives them, longest first
    words: int  # words in those runs


@dataclass(frozen=True)
class Origin:
    """Where some of a brief's sources come from: an actor, or a source (which may be one of them)."""

    kind: str  # "actor" or "source"
    id: str  # the actor's or source's id
    name: str  # how readers know it
    sources: tuple[str, ...]  # the brief's sources from this origin, in the brief's order


@dataclass(frozen=True)
class BriefOrigins:
    """A brief's sources grouped by origin, and what shows the groups."""

    origins: tuple[Origin, ...]  # in the order of their first source in the brief
    shared: tuple[SharedText, ...]  # the shared passages between the brief's own sources
    declared: tuple[tuple[str, str], ...]  # (source, what it is based on) as recorded

    def of(self, source_id: str) -> Origin:
        return next(o for o in self.origins if source_id in o.sources)

    def only(self, source_ids: Iterable[str]) -> Origin | None:
        """The one origin of ``source_ids`` when the brief has others, else None."""
        found = {self.of(s) for s in source_ids}
        return found.pop() if len(found) == 1 and len(self.origins) > 1 else None

    @property
    def relayed(self) -> tuple[Origin, ...]:
        """The origins that more than one of the brief's sources come from."""
        return tuple(o for o in self.origins if len(o.sources) > 1)


class Origins:
    """Every source's origin: its ``based_on`` records and the snapshots it shares long passages with."""

    def __init__(self, sources: Mapping[str, Source], actors: Mapping[str, Actor], shared: list[SharedText]):
        self.sources = sources
        self.actors = actors
        self.shared = shared
        self._parent: dict[str, str] = {}
        for source_id, source in sources.items():
            for base in source.based_on:
                self._join(_node(source_id), _base_node(base, sources))
        for pair in shared:
            self._join(_node(pair.sources[0]), _node(pair.sources[1]))
        self._groups: dict[str, list[str]] = {}
        for node in list(self._parent):
            self._groups.setdefault(self._root(node), []).append(node)
        self._by_pair = {frozenset(s.sources): s for s in shared}

    def _root(self, node: str) -> str:
        parent = self._parent.setdefault(node, node)
        while parent != node:
            self._parent[node] = self._parent.setdefault(parent, parent)
            node, parent = parent, self._parent[parent]
        return node

    def _join(self, a: str, b: str) -> None:
        ra, rb = self._root(a), self._root(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def of_brief(self, source_ids: list[str]) -> BriefOrigins:
        groups: dict[str, list[str]] = {}
        for source_id in source_ids:
            groups.setdefault(self._root(_node(source_id)), []).append(source_id)
        origins = tuple(self._origin(root, members) for root, members in groups.items())
        shared = tuple(
            s for i, a in enumerate(source_ids) for b in source_ids[i + 1 :] if (s := self._by_pair.get(frozenset((a, b)))) is not None
        )
        declared = tuple((s, base) for s in source_ids for base in self.sources[s].based_on)
        return BriefOrigins(origins, shared, declared)

    def _origin(self, root: str, members: list[str]) -> Origin:
        """Name a group: the actor most of it is based on, else the source the others are based on,
        else the one of a kind that others relay, else the earliest."""
        group = self._groups.get(root, [_node(members[0])])
        actors = Counter(
            base for n in group if n.startswith("source:") for base in self.sources[n[7:]].based_on if base not in self.sources
        )
        if actors:
            actor_id = min(actors, key=lambda a: (-actors[a], a))
            actor = self.actors.get(actor_id)
            return Origin("actor", actor_id, actor.name if actor else actor_id, tuple(members))
        ids = sorted(n[7:] for n in group if n.startswith("source:"))
        bases = {base for s in ids for base in self.sources[s].based_on}
        source_id = min(
            ids,
            key=lambda s: (
                s not in bases or bool(self.sources[s].based_on),
                self.sources[s].kind not in _ORIGINAL_KINDS,
                str(self.sources[s].published or "9999"),
                s,
            ),
        )
        source = self.sources[source_id]
        return Origin("source", source_id, source.publisher or source.title, tuple(members))


def _node(source_id: str) -> str:
    return "source:" + source_id


def _base_node(base: str, sources: Mapping[str, Source]) -> str:
    return _node(base) if base in sources else "actor:" + base


# -- shared passages ----------------------------------------------------------------


def find_shared(snapshots: Mapping[str, Snapshot]) -> list[SharedText]:
    """The pairs of snapshots (by source id) that share long passages outside quotation marks.

    Candidates come from MinHash LSH over word shingles, so the work grows with
    the number of snapshots, not with its square; each candidate pair is then
    compared word by word.
    """
    from datasketch import MinHash, MinHashLSH  # imported here: only a build with snapshots needs it

    words = {source_id: _words(snapshot, source_id) for source_id, snapshot in snapshots.items()}
    words = {s: w for s, w in words.items() if len(w[0]) >= SHARED_WORDS}
    if len(words) < 2:
        return []
    index = MinHashLSH(threshold=CANDIDATE_SIMILARITY, num_perm=PERMUTATIONS)
    first = MinHash(num_perm=PERMUTATIONS)
    sketches = {}
    for source_id, (bare, _) in words.items():
        sketch = MinHash(num_perm=PERMUTATIONS, hashfunc=_same, permutations=first.permutations, scheme=first.scheme)
        sketch.update_batch(_shingles(bare))
        index.insert(source_id, sketch)
        sketches[source_id] = sketch
    found = []
    for a in sorted(words):
        for b in sorted(index.query(sketches[a])):
            if a < b and (shared := shared_text(a, b, words[a], words[b])) is not None:
                found.append(shared)
    return found


def shared_text(a: str, b: str, words_a: tuple[list[str], list[str]], words_b: tuple[list[str], list[str]]) -> SharedText | None:
    """The long runs of words two texts share, when they add up to enough to make them one origin."""
    matcher = difflib.SequenceMatcher(None, words_a[0], words_b[0], autojunk=False)
    runs = [m for m in matcher.get_matching_blocks() if m.size >= PASSAGE_WORDS]
    total = sum(m.size for m in runs)
    if total < SHARED_WORDS:
        return None
    runs.sort(key=lambda m: (-m.size, m.a))
    passages = tuple(" ".join(words_a[1][m.a : m.a + m.size]) for m in runs)
    return SharedText((a, b), passages, total)


def _words(snapshot: Snapshot, source_id: str) -> tuple[list[str], list[str]]:
    """A snapshot's words outside quotation marks, as compared (case folded, bare) and as written;
    each quotation leaves a word no other text has, so that no shared run crosses it."""
    bare: list[str] = []
    written: list[str] = []
    normalised = "\n".join(text for text, _ in snapshot.paragraphs)
    for piece in _QUOTED.sub(" \x00 ", normalised).split()[:COMPARED_WORDS]:
        word = f"\x00{source_id}\x00{len(bare)}" if piece == "\x00" else piece.strip(_PUNCTUATION).casefold()
        if word:
            bare.append(word)
            written.append(piece)
    return bare, written


def _shingles(words: list[str]) -> list[int]:
    """A hash of each run of SHINGLE_WORDS words: CRC-32 of the words joined, stable from run to run."""
    return [zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode()) for i in range(len(words) - SHINGLE_WORDS + 1)]


def _same(value: int) -> int:
    return value
