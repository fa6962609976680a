"""A page per caveat kind ("every error found in a source", "everything unverified"), and their list.

Each entry is a caveat as its brief states it, linking to it there.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from ..kinds import CAVEAT_KINDS
from ..model import Caveat
from ..render import Cached, Page, PageType, Site, StoredPage
from ..resolve import Item, ResolvedBrief


def pages(site: Site, cached: Cached) -> Iterator[Page | StoredPage]:
    by_kind: dict[str, list] = {kind: [] for kind in CAVEAT_KINDS}
    for cb in site.library.briefs:
        for item in sorted((*cb.caveats, *cb.unknowns), key=lambda item: item.index):
            by_kind[item.record.kind].append((cb, item))
    for kind, entries in by_kind.items():
        shown = [record for entry in entries for record in entry]  # each brief and caveat in turn, one flat list
        yield cached(site.path("caveats", kind), (site.context, kind, shown), functools.partial(kind_page, site, kind, entries))
    here = site.path("caveats")
    counts = {kind: len(entries) for kind, entries in by_kind.items()}
    yield cached(here, (site.context, counts), lambda: index_page(site, by_kind))


def kind_page(site: Site, kind: str, entries: list[tuple[ResolvedBrief, Item[Caveat]]]) -> Page:
    info = CAVEAT_KINDS[kind]
    here = site.path("caveats", kind)
    body = site.render("caveat-kind.html", here, kind=kind, info=info, entries=entries)
    briefs = tuple(dict.fromkeys(cb.slug for cb, _ in entries))
    return Page(here, info.index_title, body, f"{info.label}: {info.description}", (), briefs)


def index_page(site: Site, by_kind: dict[str, list]) -> Page:
    here = site.path("caveats")
    body = site.render("caveats.html", here, by_kind=by_kind)
    return Page(here, "Caveats", body, "What the briefs' sources get wrong, leave open or present as fact, by kind.")


PAGE_TYPE = PageType(
    kind="caveats",
    option="caveats_url",
    default="caveats",
    doc="Folder of the site where the page of each kind of caveat goes (every error, everything unverified, ...).",
    nav="Caveats",
    pages=pages,
)
