"""What a schema cannot say about a brief: rules on one brief, and rules across the briefs of a folder.

References resolve (with "did you mean"), nothing is listed twice, dates make
sense, and prose that Markdown would hide words of is a warning.
"""

from __future__ import annotations

import datetime as dt

from . import ids
from .ids import RESERVED
from .load import Document, Path_, Problem
from .model import Brief, citations
from .registries import REGISTRY_FILE, SOURCES_FILE, TOPICS_FILE, Registries, prose_warnings
from .validate import did_you_mean, future_date, site_date


def brief_rules(doc: Document, brief: Brief, registries: Registries) -> list[Problem]:
    """Every problem of one brief that its schema does not catch, but its quotes."""
    return [
        *_prose(doc, brief),
        *_references(doc, brief, registries),
        *_dates(doc, brief),
        *_said_after_source(doc, brief, registries),
        *_dates_in_range(doc, brief),
        *_quotation_marks(doc, brief),
        *_under_review(doc, brief),
        *_about(doc, brief),
    ]


def topic_rules(file: str, brief: Brief, spots: list[tuple[int, int]], registries: Registries) -> list[Problem]:
    """With a topics.yaml, every topic a brief uses must be in it (``spots``: where each topic stands)."""
    if registries.topics is None:
        return []
    return [
        Problem(file, *spots[i], "error", f"no topic '{topic}' in {TOPICS_FILE}{did_you_mean(topic, registries.topics)}")
        for i, topic in enumerate(brief.topics)
        if topic not in registries.topics
    ]


def _prose(doc: Document, brief: Brief) -> list[Problem]:
    fields: list[tuple[Path_, str | None]] = [(("summary",), brief.summary)]
    fields += [(("sources", i, "note"), use.note) for i, use in enumerate(brief.source_uses)]
    fields += [(("context", i, "text"), item.text) for i, item in enumerate(brief.context)]
    fields += [(("caveats", i, "note"), item.note) for i, item in enumerate(brief.caveats)]
    fields += [(("changes", i, "note"), item.note) for i, item in enumerate(brief.changes)]
    fields += [(("proposed_actors", a, "description"), actor.description) for a, actor in brief.proposed_actors.items()]
    return [p for path, text in fields for p in prose_warnings(doc, path, text)]


def _references(doc: Document, brief: Brief, registries: Registries) -> list[Problem]:
    problems: list[Problem] = []
    source_ids = [use.id for use in brief.source_uses]
    problems += _listed_twice(doc, "sources", source_ids, "source")
    for i, source in enumerate(brief.sources):
        if source_ids[i] not in registries.sources and not registries.sources_failed:
            where = ("sources", i) if isinstance(source, str) else ("sources", i, "id")
            hint = did_you_mean(source_ids[i], registries.sources)
            problems.append(doc.problem(where, f"no source '{source_ids[i]}' in {SOURCES_FILE}{hint}"))
    problems += _listed_twice(doc, "actors", brief.actors, "actor")
    problems += _listed_twice(doc, "topics", brief.topics, "topic")
    if RESERVED in brief.topics:
        problems.append(doc.problem(("topics", brief.topics.index(RESERVED)), f"'{RESERVED}' cannot be a topic: it names the list of topics"))
    draft = brief.status == "draft"
    if brief.proposed_actors and not draft and not any(s.review for s in brief.statements):
        problems.append(doc.problem(("proposed_actors",), f"a published brief may not propose actors; move them to {REGISTRY_FILE}"))
    for actor_id in brief.proposed_actors:
        if actor_id in registries.actors:
            problems.append(doc.problem(("proposed_actors", actor_id), f"actor '{actor_id}' is already in {REGISTRY_FILE}"))
    refs: list[tuple[Path_, str, bool]] = [(("actors", i), actor_id, draft) for i, actor_id in enumerate(brief.actors)]
    for i, statement in enumerate(brief.statements):
        unpublished = draft or statement.review  # a speaker may still be to decide, or proposed
        refs.append((("statements", i, "actor"), statement.actor, unpublished))
        if statement.via is not None:
            refs.append((("statements", i, "via"), statement.via, unpublished))
    for path, actor_id, unpublished in refs:
        if not unpublished or actor_id not in brief.proposed_actors:
            problems += _known_actor(doc, path, actor_id, registries, "warning" if unpublished else "error")
    for path, citation in citations(brief):
        if citation.source not in source_ids:
            if citation.source in registries.sources:
                hint = f"; it is in {SOURCES_FILE}: add it to the brief's sources"
            else:
                hint = did_you_mean(citation.source, source_ids)
            problems.append(doc.problem((*path, "source"), f"no source '{citation.source}' in this brief{hint}"))
    return problems


def _dates(doc: Document, brief: Brief) -> list[Problem]:
    problems = []
    if brief.updated and brief.updated < brief.published:
        problems.append(doc.problem(("updated",), f"updated ({brief.updated}) is before published ({brief.published})"))
    for i, change in enumerate(brief.changes):
        if change.date < brief.published:
            message = f"change dated {change.date}, before the brief was published ({brief.published})"
            problems.append(doc.problem(("changes", i, "date"), message))
        elif brief.updated and change.date > brief.updated:
            message = f"change dated {change.date}, after the brief's updated date ({brief.updated}); set updated to {change.date} or later"
            problems.append(doc.problem(("changes", i, "date"), message))
    return problems


def _dates_in_range(doc: Document, brief: Brief) -> list[Problem]:
    """No date in the future; the brief's own dates, which the site is dated by, also in the range a build can carry."""
    own: list[tuple[Path_, str, dt.date | None]] = [(("published",), "published", brief.published), (("updated",), "updated", brief.updated)]
    own += [(("changes", i, "date"), "change dated", c.date) for i, c in enumerate(brief.changes)]
    said = [(("statements", i, "said"), "said", s.said) for i, s in enumerate(brief.statements)]
    return [p for path, what, day in own for p in site_date(doc, path, what, day)] + [
        p for path, what, day in said for p in future_date(doc, path, what, day)
    ]


def _said_after_source(doc: Document, brief: Brief, registries: Registries) -> list[Problem]:
    """A statement cannot have been said after a source that reports it was published."""
    problems = []
    for i, statement in enumerate(brief.statements):
        if statement.said is None:
            continue
        for source_id in dict.fromkeys(c.source for c in statement.citations):
            source = registries.sources.get(source_id)
            if source is not None and source.published is not None and statement.said > source.published:
                message = (
                    f"said {statement.said}, after source '{source_id}' that reports it was published ({source.published}); "
                    "check the date it was said, or the source's date"
                )
                problems.append(doc.problem(("statements", i, "said"), message))
    return problems


_OPENING_MARKS = "\"“„«‹"
_CLOSING_MARKS = "\"”“»›"


def _quotation_marks(doc: Document, brief: Brief) -> list[Problem]:
    """Words of a source written with their own quotation marks, which the page would show doubled."""
    words: list[tuple[Path_, str]] = [(("statements", i, "quote"), s.quote) for i, s in enumerate(brief.statements) if s.kind == "direct"]
    words += [(("caveats", i, "claim"), c.claim) for i, c in enumerate(brief.caveats)]
    words += [((*path, "passage"), c.passage) for path, c in citations(brief) if c.passage is not None]
    problems = []
    for path, text in words:
        text = text.strip()
        wrapped = len(text) > 1 and text[0] in _OPENING_MARKS and text[-1] in _CLOSING_MARKS
        if wrapped and not any(c in _OPENING_MARKS + _CLOSING_MARKS for c in text[1:-1]):  # one quotation, not '"a" and "b"'
            what = {"quote": "the quote", "claim": "the claim", "passage": "the passage"}[str(path[-1])]
            message = f"{what} is written with its own quotation marks; leave them out: the page sets the words in quotation marks itself"
            problems.append(doc.problem(path, message))
    return problems


def _under_review(doc: Document, brief: Brief) -> list[Problem]:
    """A source added, a statement drafted from it, or a caveat proposed, is a warning until an editor has checked
    it, so a strict build fails; and nothing published may cite a source left off the site."""
    statement = (
        "drafted for review and left off the site: check its speaker, date and quote against the source, "
        "then remove 'review: true'"
    )
    source = f"added for review and left off the site: check its record in {SOURCES_FILE}, then remove 'review: true'"
    caveat = (
        "proposed for review and left off the site: check that the source's words call for a caveat, "
        "choose its kind and write its note (or delete it), then remove 'review: true'"
    )
    problems = [doc.problem(("statements", i, "review"), statement, "warning") for i, s in enumerate(brief.statements) if s.review]
    problems += [doc.problem(("caveats", i, "review"), caveat, "warning") for i, c in enumerate(brief.caveats) if c.review]
    problems += [doc.problem(("sources", i, "review"), source, "warning") for i, use in enumerate(brief.source_uses) if use.review]
    hidden = {use.id for use in brief.source_uses if use.review}
    for path, citation in citations(brief) if hidden else ():
        if citation.source in hidden and not (path[0] == "statements" and brief.statements[int(path[1])].review):
            message = (
                f"source '{citation.source}' is under review and left off the site: review it first "
                "(remove 'review: true' from its entry in sources), or cite another source"
            )
            problems.append(doc.problem((*path, "source"), message))
    return problems


def _about(doc: Document, brief: Brief) -> list[Problem]:
    """A caveat's ``about`` names a statement or context item the brief has."""
    items = [ids.item_id(key, i) for key in ids.QUALIFIED for i in range(len(getattr(brief, key)))]
    problems = []
    for i, caveat in enumerate(brief.caveats):
        if caveat.about is None or caveat.about in items:
            continue
        named = ids.item_of(caveat.about)
        if named is not None and named[0] == "caveats":
            message = f"'{caveat.about}' names a caveat; a caveat qualifies a statement or a context item: write statement-N or context-N"
        elif named is not None:
            count = len(getattr(brief, named[0]))
            have = f"{count} {'statement' if named[0] == 'statements' else 'context item'}{'s' if count != 1 else ''}"
            message = f"no item '{caveat.about}' in this brief, which has {have}{did_you_mean(caveat.about, items)}"
        else:
            hint = did_you_mean(caveat.about, items) or (f"; the brief's are {', '.join(items[:3])}{', ...' if len(items) > 3 else ''}" if items else "")
            message = (
                f"'{caveat.about}' names no item: write the statement or context item the caveat is about "
                f"as the page numbers it, statement-N or context-N{hint}"
            )
        problems.append(doc.problem(("caveats", i, "about"), message))
    return problems


def _listed_twice(doc: Document, key: str, values: list[str], what: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for i, value in enumerate(values):
        if value in seen:
            problems.append(doc.problem((key, i), f"{what} '{value}' is listed twice"))
        seen.add(value)
    return problems


def _known_actor(doc: Document, path: Path_, actor_id: str, registries: Registries, level: str) -> list[Problem]:
    if actor_id in registries.actors or registries.actors_failed:
        return []
    hint = did_you_mean(actor_id, registries.actors)
    by_name = registries.actor_names.get(actor_id.replace("-", " ").casefold())
    if by_name and not hint:
        hint = f"; did you mean '{by_name}'?"
    return [doc.problem(path, f"no actor '{actor_id}' in {REGISTRY_FILE}{hint}", level)]
