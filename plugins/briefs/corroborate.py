"""Which of a brief's sources carry its words: verbatim, in a variant, or not at all.

Every direct quote, caveat claim and cited passage of a brief resting on several
sources is looked for in each of them with the quote checker's rules. Where a
source does not have the words verbatim, a passage that gives them with a few
words different is a variant: shown with its differences, never counted as
carrying the words.
"""

from __future__ import annotations

from dataclasses import dataclass

from .anchor import Anchors
from .load import Path_
from .model import Brief, citations
from .quotes import Snapshot, Variant, quote_parts


@dataclass(frozen=True)
class Carried:
    verbatim: tuple[str, ...]  # ids of the sources that have the words as they are
    variants: tuple[tuple[str, Variant], ...]  # sources that give them with a few words different
    absent: tuple[str, ...]  # sources that do not have them


def corroborate(brief: Brief, snapshots: dict[str, Snapshot], anchors: Anchors) -> dict[Path_, Carried]:
    """For each quote (("statements", i)), claim (("caveats", i)) and passage (its citation's path),
    which of ``snapshots`` (the brief's sources, by id) carry it; nothing for a brief with one source.
    Where ``anchors`` found the words already, that source is not searched again."""
    if len(snapshots) < 2:
        return {}
    words: list[tuple[Path_, str, str | None]] = [
        (("statements", i), s.quote, _found(anchors, ("statements", i))) for i, s in enumerate(brief.statements) if s.kind == "direct"
    ]
    words += [(("caveats", i), c.claim, _found(anchors, ("caveats", i))) for i, c in enumerate(brief.caveats)]
    words += [(path, c.passage, c.source if path in anchors.citations else None) for path, c in citations(brief) if c.passage is not None]
    return {path: carried(text, snapshots, known) for path, text, known in words}


def _found(anchors: Anchors, item: Path_) -> str | None:
    located = anchors.located.get(item)
    return located[0] if located else None


def carried(text: str, snapshots: dict[str, Snapshot], known: str | None = None) -> Carried:
    """Which of ``snapshots`` carry ``text`` (``known``: the id of one that does, found already)."""
    verbatim, variants, absent = [], [], []
    parts = quote_parts(text)
    for source_id, snapshot in snapshots.items():
        if source_id == known or snapshot.find(text, parts):
            verbatim.append(source_id)
        elif (variant := snapshot.variant(text, parts)) is not None:
            variants.append((source_id, variant))
        else:
            absent.append(source_id)
    return Carried(tuple(verbatim), tuple(variants), tuple(absent))
