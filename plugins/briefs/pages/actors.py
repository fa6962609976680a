"""A page per actor as a record: everything they said across the briefs, once each, the caveats on it by kind, their topics; and the list of actors."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from ..outputs import jsonld
from ..render import Cached, Page, PageType, Site, StoredPage


def pages(site: Site, cached: Cached) -> Iterator[Page | StoredPage]:
    lib = site.library
    for actor_id in lib.actors:
        # what they said, the caveats on it and their topics all come from the briefs that name them
        shown = site.listed(lib.briefs_by_actor.get(actor_id, []))
        yield cached(site.path("actors", actor_id), (site.context, actor_id, shown), functools.partial(actor_page, site, actor_id))
    here = site.path("actors")
    counts = {a: (len(lib.statements_by_actor.get(a, ())), len(lib.briefs_by_actor.get(a, ()))) for a in lib.actors}
    yield cached(here, (site.context, counts), lambda: Page(here, "Actors", site.render("actors.html", here), "The people, bodies and states in the briefs."))


def actor_page(site: Site, actor_id: str) -> Page:
    here = site.path("actors", actor_id)
    actor = site.library.actors[actor_id]
    said = site.library.statements_by_actor.get(actor_id, [])
    briefs = site.library.briefs_by_actor.get(actor_id, [])
    record = jsonld.json_for_html(jsonld.actor_jsonld(site.library, actor_id, site.o))
    caveats = site.library.caveats_by_actor.get(actor_id, [])
    topics = site.library.topics_by_actor.get(actor_id, [])
    body = site.render("actor.html", here, actor_id=actor_id, actor=actor, said=said, briefs=briefs, caveats=caveats, topics=topics)
    description = " ".join(filter(None, [actor.name, actor.role]))
    return Page(here, actor.name, body, description, (), tuple(cb.slug for cb in briefs), jsonld=record)


PAGE_TYPE = PageType(
    kind="actors",
    option="actors_url",
    default="actors",
    doc="Folder of the site where actor pages go.",
    nav="Actors",
    pages=pages,
)
