"""A page per brief, and the list of every brief."""

from __future__ import annotations

import functools
import html
from collections.abc import Iterator

from ..outputs import jsonld
from ..prose import plain
from ..render import Cached, Page, PageType, Site, StoredPage, link_names
from ..resolve import ResolvedBrief


def pages(site: Site, cached: Cached) -> Iterator[Page | StoredPage]:
    lib = site.library
    for cb in lib.briefs:
        related = lib.related.get(cb.slug, [])
        actors = lib.actors  # their names are linked wherever they stand
        topics = tuple(lib.topic_title(t) for t in cb.brief.topics)  # readers see names, not slugs, in the tag chips
        origins = lib.origins[cb.slug]
        related_items = site.listed(related)  # their titles, dates, summaries and glances
        # an origin or base that is a source links to its page only when the site has one, which other briefs decide
        named = {o.id for o in origins.origins if o.kind == "source"} | {b.id for b in origins.declared if b.kind == "source"}
        linked = tuple(sorted(named & lib.sources.keys()))
        depends = (cb, actors, topics, origins, related_items, linked)
        yield cached(site.path("briefs", cb.slug), depends, functools.partial(brief_page, site, cb, topics))
    here = site.path("briefs")
    yield cached(here, (site.context, site.listed(lib.briefs)), functools.partial(index_page, site))


def index_page(site: Site) -> Page:
    here = site.path("briefs")
    return Page(here, "Briefs", site.render("briefs.html", here, briefs=site.library.briefs), "Every brief, newest first.")


def brief_page(site: Site, cb: ResolvedBrief, topics: tuple[str, ...]) -> Page:
    brief = cb.brief
    here = site.path("briefs", cb.slug)
    targets = {
        html.escape(name, quote=False): site.url(here, "actors", actor_id)
        for actor_id in cb.actor_ids
        for name in (site.library.actors[actor_id].name, *site.library.actors[actor_id].aliases)
    }
    body = site.render(
        "brief.html",
        here,
        cb=cb,
        brief=brief,
        actor_ids=cb.actor_ids,
        link=lambda markup: link_names(markup, site.names, targets),
        related=site.library.related.get(cb.slug, []),
        origins=site.library.origins[cb.slug],
    )
    record = jsonld.json_for_html(jsonld.brief_jsonld(site.library, cb, site.o))
    return Page(here, brief.title, body, plain(brief.summary), topics, (cb.slug,), hide=("tags",), jsonld=record)  # its meta line links the topics


PAGE_TYPE = PageType(
    kind="briefs",
    option="briefs_url",
    default="briefs",
    doc="Folder of the site where brief pages go (`briefs/<slug>/`).",
    nav="Briefs",
    pages=pages,
)
