"""The page types of a briefing site, one module each, and the pages they make together.

Each module declares a ``PAGE_TYPE`` (render.PageType): its URL option, the
navigation's name for its index page and the function that makes its pages,
saying for each page that can be reused under ``mkdocs serve`` what it depends
on. The plugin's options, the default navigation and the serve cache are made
from these declarations.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..buildcache import PageFolder
from ..digest import Digester
from ..library import Library
from ..render import KeptEntries, Page, PageType, Site, StoredPage
from ..site import Options
from . import actors, briefs, caveats, sources, timeline, topics

PAGE_TYPES: tuple[PageType, ...] = (
    briefs.PAGE_TYPE,
    actors.PAGE_TYPE,
    topics.PAGE_TYPE,
    sources.PAGE_TYPE,
    caveats.PAGE_TYPE,
    timeline.PAGE_TYPE,
)


@dataclass(frozen=True)
class CachedPage:
    """A page made earlier, and what it was made from."""

    depends: tuple
    options: Options
    page: Page


def default_options(**settings: Any) -> Options:
    """Options with every page type where it goes by default, and ``settings`` as given."""
    return Options(paths={t.kind: t.default for t in PAGE_TYPES}, **settings)


def options_from_config(config: Any, *, directory_urls: bool, site_url: str | None, site_name: str | None) -> Options:
    """Options from the briefs plugin's validated config (``plugin.BriefsConfig``, which declares and
    checks the options) and the site's own ``use_directory_urls``, ``site_url`` and ``site_name``."""
    paths = {t.kind: config[t.option] for t in PAGE_TYPES}
    return Options(paths, directory_urls, config.latest, site_url or "", site_name or "")


def render_site(
    library: Library,
    options: Options | None = None,
    cache: dict | None = None,
    folder: PageFolder | None = None,
    digester: Digester | None = None,
) -> list[Page | StoredPage]:
    """Every page the library makes, each dated with the newest date of the briefs it shows.

    With a ``cache`` (kept between calls), a page that says what it depends on is made
    again only when that differs, by value, from what it was made from last time. With a
    ``folder`` (a build cache's pages, kept between builds), each page is written there as
    it is made and handed on as a ``StoredPage``, so that no build holds every page's text,
    and a page whose ``depends`` has the digest recorded for it is not made again
    (``digester`` knows the digests of records already, such as each brief's inputs).
    """
    options = options or default_options()
    site = Site(library, options)
    kept: dict[str, CachedPage] = {}
    keys: dict[str, str] = {}  # by path: the digest a page made in a folder is recorded under
    digest = digester or Digester()

    @functools.cache
    def entry_digest() -> Callable[..., str]:
        """The digest of an entry of a kept page: what it shows, with what any entry may show besides its own records."""
        return digest.after(options, site.context)

    dates = {cb.slug: cb.date for cb in library.briefs}
    newest = max(dates.values(), default=None)

    def cached(path: str, depends: tuple, make) -> Page | StoredPage:
        if cache is None:
            if folder is None or folder.packs_pages:  # nothing kept from before, nor for later
                return make()
            key = keys[path] = digest(options, depends)
            stored = folder.stored(path, key)
            if stored is not None:
                return stored
            site.entries = KeptEntries(folder.entries(path), lambda shown: entry_digest()(*shown))
            try:
                return make()
            finally:
                folder.keep_entries(path, site.entries.made)
                site.entries = None
        held = cache.get(path)
        if held is None or held.options != options or held.depends != depends:
            held = CachedPage(depends, options, make())
        kept[path] = held
        return held.page

    pages: list[Page | StoredPage] = []
    for page_type in PAGE_TYPES:
        for made in page_type.pages(site, cached):
            if isinstance(made, Page):
                made = replace(made, updated=max((dates[s] for s in made.inputs if s in dates), default=newest))
                if folder is not None:
                    made = folder.page(made.path, made.markdown(), keys.pop(made.path, ""))
            pages.append(made)
    if cache is not None:  # what is gone is forgotten
        cache.clear()
        cache.update(kept)
    return pages


def default_nav(user_pages: list[str], options: Options) -> list:
    """Home, the index page of each page type, then the site's other pages; never single briefs."""
    nav: list = [{"Home": "index.md"}] if "index.md" in user_pages else []
    nav += [{page_type.nav: options.page_path(page_type.kind)} for page_type in PAGE_TYPES]
    return nav + sorted(p for p in user_pages if p != "index.md")
