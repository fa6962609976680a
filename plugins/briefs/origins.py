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
BOILERPLATE_SNAPSHOTS = 3  # a paragraph this many snapshots of one publisher have is its boilerplate
COMPARED_WORDS = 20_000  # words of each text compared; a long report's opening is where relays copy from
_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»|„[^“”\n]*[“”]|(?<!\w)‘[^\n]*?’(?!\w)")  # ‘…’: not an apostrophe
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
class Base:
    """What a source is based on, as its record says."""

    source: str  # the source's id
    kind: str  # "actor" or "source"
    id: str
    name: str  # the actor's name or the source's title


@dataclass(frozen=True)
class BriefOrigins:
    """A brief's sources grouped by origin, and what shows the groups."""

    origins: tuple[Origin, ...]  # in the order of their first source in the brief
    shared: tuple[SharedText, ...]  # the shared passages between the brief's own sources
    declared: tuple[Base, ...]  # what its sources are based on, as recorded

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
    """What each source is based on, through relays of relays, and which snapshots share long
    passages: enough to group the sources of any one brief.

    Two of a brief's sources are one origin when they share long passages, or when what they go
    back to meets (one is based on the other, or both on a third, a source or an actor). Only the
    brief's own sources are linked by shared text, so that what a page says is shown on it; a
    source based on two origins joins them.
    """

    def __init__(self, sources: Mapping[str, Source], actors: Mapping[str, Actor], shared: list[SharedText]):
        self.sources = sources
        self.actors = actors
        self._shared = {frozenset(pair.sources): pair for pair in shared}
        self._reach: dict[str, frozenset[str]] = {}

    def reach(self, source_id: str) -> frozenset[str]:
        """The source and all it goes back to, directly or through other sources ("source:x", "actor:y")."""
        found = self._reach.get(source_id)
        if found is None:
            nodes, stack = {_node(source_id)}, [source_id]
            while stack:
                for base in self.sources[stack.pop()].based_on:
                    node = _base_node(base, self.sources)
                    if node not in nodes:
                        nodes.add(node)
                        if base in self.sources:
                            stack.append(base)
            found = self._reach[source_id] = frozenset(nodes)
        return found

    def of_brief(self, source_ids: list[str]) -> BriefOrigins:
        reach = {s: self.reach(s) for s in source_ids}
        group = {s: s for s in source_ids}

        def root(s: str) -> str:
            while group[s] != s:
                s = group[s]
            return s

        pairs = [(a, b) for i, a in enumerate(source_ids) for b in source_ids[i + 1 :]]
        shared = tuple(self._shared[frozenset(p)] for p in pairs if frozenset(p) in self._shared)
        for a, b in pairs:
            if reach[a] & reach[b] or frozenset((a, b)) in self._shared:
                group[root(b)] = root(a)
        members: dict[str, list[str]] = {}
        for s in source_ids:
            members.setdefault(root(s), []).append(s)
        origins = tuple(self._origin(m, reach) for m in members.values())
        declared = tuple(base for s in source_ids for base in self.bases(s))
        return BriefOrigins(origins, shared, declared)

    def bases(self, source_id: str) -> tuple[Base, ...]:
        """What the source's record says it is based on, each named: a source by its title, an actor by its name."""
        found = []
        for base in self.sources[source_id].based_on:
            if base in self.sources:
                found.append(Base(source_id, "source", base, self.sources[base].title))
            else:
                actor = self.actors.get(base)
                found.append(Base(source_id, "actor", base, actor.name if actor else base))
        return tuple(found)

    def _origin(self, members: list[str], reach: dict[str, frozenset[str]]) -> Origin:
        """Name a group after what its sources go back to: an actor (the one most of them do),
        else an original source (based on no other, of a kind that others relay, the earliest)."""
        nodes = Counter(n for m in members for n in reach[m])
        actors = [n[6:] for n in nodes if n.startswith("actor:")]
        if actors:
            actor_id = min(actors, key=lambda a: (-nodes["actor:" + a], a))
            actor = self.actors.get(actor_id)
            return Origin("actor", actor_id, actor.name if actor else actor_id, tuple(members))
        source_id = min(
            (n[7:] for n in nodes),
            key=lambda s: (
                any(b in self.sources for b in self.sources[s].based_on),
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


def find_shared(snapshots: Mapping[str, Snapshot], publishers: Mapping[str, str | None] | None = None) -> list[SharedText]:
    """The pairs of snapshots (by source id) that share long passages outside quotation marks.

    A paragraph that three or more snapshots of one publisher (``publishers``: by source id)
    have, such as a footer, is left out of theirs: an outlet's boilerplate is no origin (two
    are more likely a story and its update).
    Candidates come from MinHash LSH over word shingles, so the work grows with the number
    of snapshots, not with its square; each candidate pair is then compared word by word.
    """
    boilerplate = _boilerplate(snapshots, publishers or {})
    words = {source_id: _words(snapshot, source_id, boilerplate.get(source_id, set())) for source_id, snapshot in snapshots.items()}
    words = {s: w for s, w in words.items() if len(w[0]) >= SHARED_WORDS}
    if len(words) < 2:
        return []
    from datasketch import MinHash, MinHashLSH  # imported only when there are texts to compare: it takes a second

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


def _boilerplate(snapshots: Mapping[str, Snapshot], publishers: Mapping[str, str | None]) -> dict[str, set[int]]:
    """By source id, the paragraphs (their indexes) that BOILERPLATE_SNAPSHOTS snapshots of its publisher have."""
    seen: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for source_id, snapshot in snapshots.items():
        publisher = publishers.get(source_id)
        if publisher:
            for index, (text, _) in enumerate(snapshot.paragraphs):
                seen.setdefault((publisher, text.casefold()), []).append((source_id, index))
    found: dict[str, set[int]] = {}
    for places in seen.values():
        if len({source_id for source_id, _ in places}) >= BOILERPLATE_SNAPSHOTS:
            for source_id, index in places:
                found.setdefault(source_id, set()).add(index)
    return found


def _words(snapshot: Snapshot, source_id: str, left_out: set[int]) -> tuple[list[str], list[str]]:
    """A snapshot's words outside quotation marks and the paragraphs ``left_out``, as compared
    (case folded, bare) and as written; each quotation or paragraph left out leaves a word no
    other text has, so that no shared run crosses it."""
    bare: list[str] = []
    written: list[str] = []
    kept = (text if i not in left_out else "\x00" for i, (text, _) in enumerate(snapshot.paragraphs))
    for piece in _QUOTED.sub(" \x00 ", "\n".join(kept)).split()[:COMPARED_WORDS]:
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
