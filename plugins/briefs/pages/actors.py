"""A page per actor, with everything they said across the briefs, and the list of actors."""

from __future__ import annotations

from collections.abc import Iterator

from ..outputs import jsonld
from ..render import Cached, Page, PageType, Site


def pages(site: Site, cached: Cached) -> Iterator[Page]:
    lib = site.library
    for actor_id in lib.actors:
        yield actor_page(site, actor_id)
    here = site.path("actors")
    yield Page(here, "Actors", site.render("actors.html", here), "The people, bodies and states in the briefs.")


def actor_page(site: Site, actor_id: str) -> Page:
    here = site.path("actors", actor_id)
    actor = site.library.actors[actor_id]
    said = site.library.statements_by_actor.get(actor_id, [])
    briefs = site.library.briefs_by_actor.get(actor_id, [])
    record = jsonld.actor_jsonld(site.library, actor_id, site.o)
    body = site.render("actor.html", here, record, actor_id=actor_id, actor=actor, said=said, briefs=briefs)
    description = " ".join(filter(None, [actor.name, actor.role]))
    return Page(here, actor.name, body, description, (), tuple(cb.slug for cb in briefs))


PAGE_TYPE = PageType(
    kind="actors",
    option="actors_url",
    default="actors",
    doc="Folder of the site where actor pages go.",
    nav="Actors",
    pages=pages,
)
