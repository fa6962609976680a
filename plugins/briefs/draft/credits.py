"""The wires and agencies an article credits: what it may relay.

A dateline credit ("KERROW, June 9 (Nordwire) -", "(AFP) –"), an agency that
reported (by its acronym), a media actor of the registry by name or alias that
reported or said, "the state agency BSA", and "according to KCNA". These are proposals for ``based_on``: an
editor decides whether the article relays them or only quotes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Actor

DATELINE_PARAGRAPHS = 3  # a dateline stands at the start of one of the first paragraphs
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z'’.\- ]{1,40}(?:,[^()\n]{1,30}?)?\s*)?\(([A-Z][\w&.\- ]{0,38}[\w.])\)\s*[-–—:]", re.MULTILINE
)
_ACRONYM = r"[A-Z][A-Z0-9]{2,7}"  # BSA, KCNA, TASS: two letters are too often a state or a body
_AGENCY = re.compile(
    rf"(?:(?:state|news|wire|press)\s+(?:news\s+)?agency|agency)\s+({_ACRONYM}|[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,3}})"
    rf"|\b({_ACRONYM})\s+(?:reported|reports)\b"  # "said" would credit every body that speaks: "NATO said"
    rf"|[Aa]ccording\s+to\s+({_ACRONYM})\b"  # not "according to the WHO"
)
_NOT_A_CREDIT = {"corrected", "updated", "update", "refiles", "recasts", "adds", "video", "photos", "live", "analysis", "opinion", "exclusive"}


@dataclass(frozen=True)
class Credit:
    name: str  # as the text gives it
    how: str  # "its dateline", or the words that credit it
    actor: str | None = None  # its id in the registry, when it is there


def credits(text: str, registry: dict[str, Actor]) -> list[Credit]:
    """The names the text credits, each once, in the order they first stand."""
    names = {n.casefold(): actor_id for actor_id, a in registry.items() for n in (a.name, *a.aliases)}
    found: dict[str, Credit] = {}
    head = "\n\n".join(text.split("\n\n")[: DATELINE_PARAGRAPHS + 1])
    for m in _DATELINE.finditer(head):
        name = m.group(1).strip()
        if name.casefold() not in _NOT_A_CREDIT:  # "(Corrected) -" marks the story, not its source
            found.setdefault(name.casefold(), Credit(name, "its dateline", names.get(name.casefold())))
    for m in _AGENCY.finditer(text):
        name = next(g for g in m.groups() if g)
        found.setdefault(name.casefold(), Credit(name, " ".join(m.group().split()), names.get(name.casefold())))
    media = {n: actor_id for n, actor_id in names.items() if registry[actor_id].kind == "media" and len(n) > 3}
    if media:
        pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(media, key=len, reverse=True)) + r")\s+(?:reported|said|says)\b", re.I)
        for m in pattern.finditer(text):
            found.setdefault(m.group(1).casefold(), Credit(m.group(1), " ".join(m.group().split()), media[m.group(1).casefold()]))
    return list(found.values())
