"""Quote anchoring: every quote, passage and caveat claim found verbatim in a snapshot it cites.

Each found passage becomes the anchor of its citation; a citation without a
passage anchors where the item's quote or claim was found in its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .load import Document, Path_, Problem
from .model import Brief, Citation, citations
from .quotes import Match, Snapshot


@dataclass
class Anchors:
    """Where a brief's words stand in its sources."""

    # ("statements", 0, "cite", 0) -> where that citation lands in its snapshot
    citations: dict[Path_, Match] = field(default_factory=dict)
    # ("caveats", 2) -> the source id and match where a caveat's claim (or a direct quote) stands
    located: dict[Path_, tuple[str, Match]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    elsewhere: Mapping[str, Snapshot] = field(default_factory=dict, repr=False)
    listed: set[str] = field(default_factory=set, repr=False)  # the brief's own sources


def anchor(
    doc: Document, brief: Brief, snapshots: dict[str, Snapshot | None], elsewhere: Mapping[str, Snapshot] | None = None
) -> Anchors:
    """Find the brief's words in ``snapshots`` (by source id; None where a source or snapshot is missing).

    Words not found where they are cited are looked for in ``elsewhere`` (every registered
    source's snapshot, by id), so that the error names the source that has them.
    """
    found = Anchors(elsewhere=elsewhere or {}, listed=set(snapshots))
    by_item: dict[Path_, list[tuple[Path_, Citation]]] = {}
    for path, citation in citations(brief):
        by_item.setdefault(path[:2], []).append((path, citation))
        snapshot = snapshots.get(citation.source)
        if citation.passage is not None and snapshot is not None:
            match = _find(doc, (*path, "passage"), citation.passage, [(citation.source, snapshot)], "passage", found)
            if match:
                found.citations[path] = match[1]
    for i, statement in enumerate(brief.statements):
        if statement.kind == "direct":
            _anchor_text(doc, ("statements", i, "quote"), statement.quote, by_item[("statements", i)], snapshots, found)
    for i, caveat in enumerate(brief.caveats):
        _anchor_text(doc, ("caveats", i, "claim"), caveat.claim, by_item[("caveats", i)], snapshots, found)
    return found


def _anchor_text(
    doc: Document, path: Path_, text: str, cites: list[tuple[Path_, Citation]], snapshots: dict[str, Snapshot | None], found: Anchors
) -> None:
    """Find ``text`` in one of the cited sources; citations without a passage anchor there."""
    ids = list(dict.fromkeys(c.source for _, c in cites))
    candidates = [(source_id, snapshot) for source_id in ids if (snapshot := snapshots.get(source_id)) is not None]
    if len(candidates) < len(ids):
        return  # a missing source or snapshot is reported already
    match = _find(doc, path, text, candidates, str(path[-1]), found)
    if not match:
        return
    found.located[path[:2]] = match
    for cite_path, citation in cites:
        if citation.passage is None and citation.source == match[0]:
            found.citations[cite_path] = match[1]


def _find(
    doc: Document, path: Path_, text: str, candidates: list[tuple[str, Snapshot]], what: str, found: Anchors
) -> tuple[str, Match] | None:
    for source_id, snapshot in candidates:
        match = snapshot.find(text)
        if match:
            return source_id, match
    names = ", ".join(f"'{source_id}'" for source_id, _ in candidates)
    tried = {source_id for source_id, _ in candidates}
    holders = [source_id for source_id, snapshot in found.elsewhere.items() if source_id not in tried and snapshot.find(text)]
    if holders:
        holder = sorted(holders, key=lambda source_id: (source_id not in found.listed, source_id))[0]
        if holder in found.listed:
            why = f"it is in source '{holder}': cite that source"
        else:
            why = f"it is in source '{holder}' of sources.yaml: add that source to the brief's sources and cite it"
    else:
        why = candidates[0][1].explain(text) if candidates else ""
    found.problems.append(doc.problem(path, f"{what} not found verbatim in source {names}" + (f"; {why}" if why else "")))
    return None
