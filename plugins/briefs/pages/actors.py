"""A page per actor, with everything they said across the briefs, and the list of actors."""

from __future__ import annotations

from ..outputs import jsonld
from ..render import Cached, Page, PageType, Site


def pages(site: Site, cached: Cached) -> list[Page]:
    lib = site.library
    out = [actor_page(site, actor_id) for actor_id in lib.actors]
    here = site.path("actors")
    out.append(Page(here, "Actors", site.render("actors.html", here), "The people, bodies and states in the briefs."))
    return out


def actor_page(site: Site, actor_id: str) -> Page:
    here = site.path("actors", actor_id)
    actor = site.library.actors[actor_id]
    said = site.library.statements_by_actor.get(actor_id, [])
    briefs = site.library.briefs_by_actor.get(actor_id, [])
    record = jsonld.json_for_html(jsonld.actor_jsonld(site.library, actor_id, site.o))
    body = site.render("actor.html", here, actor_id=actor_id, actor=actor, said=said, briefs=briefs)
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
