"""Whom a source gives a quote to, checked against the statement's actor and channel.

The words around a quote in its source are read the way ``briefs new`` reads
them (draft/speakers.py). When the source names a speaker who is not the
statement's actor (by id, name or alias), or a channel that is not its ``via``,
the editor is warned and told where; a source that names nobody says nothing.
An editor who has checked marks the statement ``speaker_checked: true``.
"""

from __future__ import annotations

from collections.abc import Callable

from .draft.speakers import Quoted, Reader, Who
from .load import Document, Problem
from .model import Actor, Brief
from .quotes import Match, Snapshot
from .registries import Registries


def attribution_warnings(
    doc: Document,
    brief: Brief,
    located: dict,
    registries: Registries,
    quoted_in: Callable[[str], list[Quoted]],
) -> list[Problem]:
    """Warnings for the direct statements whose source gives their words to someone else.

    ``located`` maps ("statements", i) to the source id and match where the quote stands;
    ``quoted_in`` gives a source's quotes with their speakers, by source id (cached by the caller).
    """
    problems = []
    for i, statement in enumerate(brief.statements):
        found = located.get(("statements", i))
        if statement.kind != "direct" or statement.speaker_checked or found is None or statement.actor not in registries.actors:
            continue  # an unknown actor is reported already
        source_id, match = found
        quoted = _quoted_at(quoted_in(source_id), match)
        if quoted is None:
            continue
        paragraph = f"paragraph {match.paragraph + 1} of source '{source_id}'"
        if quoted.speakers and not any(_is(who, statement.actor, registries) for who in quoted.speakers):
            names = " and ".join(who.name for who in quoted.speakers)
            message = (
                f"the source gives these words to {names} ({paragraph}), not to '{statement.actor}'; "
                "check the speaker, or set speaker_checked: true once you have"
            )
            problems.append(doc.problem(("statements", i, "actor"), message, "warning"))
        if quoted.via is not None and statement.via in registries.actors and not _is(quoted.via, statement.via, registries):
            message = (
                f"the source says these words came through {quoted.via.name} ({paragraph}), not '{statement.via}'; "
                "check the channel, or set speaker_checked: true once you have"
            )
            problems.append(doc.problem(("statements", i, "via"), message, "warning"))
    return problems


def quotes_of(snapshot: Snapshot, actors: dict[str, Actor]) -> list[Quoted]:
    """The quotes of a snapshot with their speakers, as ``briefs new`` finds them."""
    return Reader(snapshot.text, actors, snapshot).quoted()


def _quoted_at(quoted: list[Quoted], match: Match) -> Quoted | None:
    """The quotation of the source that holds the matched words."""
    return next((q for q in quoted if q.start <= match.start and match.end <= q.end + 1), None)


def _is(who: Who, actor_id: str, registries: Registries) -> bool:
    """Whether the source's speaker or channel is the actor: by id, else by a name or alias of the registry."""
    if who.id is not None:
        return who.id == actor_id
    return registries.actor_names.get(who.name.casefold()) == actor_id
