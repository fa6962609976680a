"""The page types of a briefing site, one module each, and the pages they make together.

Each module declares a ``PAGE_TYPE`` (render.PageType): its URL option, the
navigation's name for its index page and the function that makes its pages,
saying for each page that can be reused under ``mkdocs serve`` what it depends
on. The plugin's options, the default navigation and the serve cache are made
from these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..library import Library
from ..render import Page, PageType, Site
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


def render_site(library: Library, options: Options | None = None, cache: dict | None = None) -> list[Page]:
    """Every page the library makes.

    With a ``cache`` (kept between calls), a page that says what it depends on is made
    again only when that differs, by value, from what it was made from last time.
    """
    options = options or default_options()
    site = Site(library, options)
    kept: dict[str, CachedPage] = {}

    def cached(path: str, depends: tuple, make) -> Page:
        held = cache.get(path) if cache is not None else None
        if held is None or held.options != options or held.depends != depends:
            held = CachedPage(depends, options, make())
        kept[path] = held
        return held.page

    pages = [page for page_type in PAGE_TYPES for page in page_type.pages(site, cached)]
    if cache is not None:  # what is gone is forgotten
        cache.clear()
        cache.update(kept)
    return _dated(library, pages)


def _dated(library: Library, pages: list[Page]) -> list[Page]:
    """Each page with the newest date of the briefs it shows (of all briefs, for pages showing none)."""
    dates = {cb.slug: cb.date for cb in library.briefs}
    newest = max(dates.values(), default=None)
    return [replace(p, updated=max((dates[s] for s in p.inputs if s in dates), default=newest)) for p in pages]


def default_nav(user_pages: list[str], options: Options) -> list:
    """Home, the index page of each page type, then the site's other pages; never single briefs."""
    nav: list = [{"Home": "index.md"}] if "index.md" in user_pages else []
    nav += [{page_type.nav: options.page_path(page_type.kind)} for page_type in PAGE_TYPES]
    return nav + sorted(p for p in user_pages if p != "index.md")
