"""One build of the site: what the MkDocs plugin, ``briefs export`` and ``briefs epoch`` all use.

``build_site`` checks the briefs folder, builds the library, renders every page
and makes the data files, and lists the assets the site needs. It never raises
for a problem in the briefs: errors and warnings come back in the build, and a
build with errors has no library, pages or data. What to do with them (fail,
keep the last good version, print them) is for the caller.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import ClassVar

from .buildcache import TEMPLATES, CheckStore, PageFolder
from .check import Cache, Result, check_folder, cycle_collection_paused
from .digest import Digester, Seeds, digest
from .kinds import caveat_kinds_markdown
from .library import Kept, Library, UnresolvedActors, build_library
from .load import Problem
from .outputs import data_files
from .outputs.common import Streamed, source_date_epoch
from .pages import default_nav, render_site
from .render import (
    CAVEAT_KINDS_MARKER,
    LATEST_MARKER,
    OVERRIDES,
    SCRIPT,
    SCRIPT_SOURCE,
    STYLESHEET,
    STYLESHEET_SOURCE,
    Page,
    StoredPage,
    keep_compiled_templates,
    render_latest,
)
from .site import Options


@dataclass
class BuildCache:
    """What one build leaves for the next under ``mkdocs serve``: the checks, what the library reuses and the pages."""

    check: Cache = field(default_factory=Cache)
    kept: Kept = field(default_factory=Kept)
    pages: dict = field(default_factory=dict)


@dataclass
class SiteBuild:
    """Everything a site is made of, or the problems that keep it from being made."""

    markers: ClassVar[tuple[str, ...]] = (LATEST_MARKER, CAVEAT_KINDS_MARKER)  # what hand-written pages may ask for

    folder: Path
    options: Options
    problems: list[Problem]  # errors and warnings, as ``briefs check`` reports them
    library: Library | None = None  # None when there are errors
    pages: list[Page | StoredPage] = field(default_factory=list)  # StoredPage: kept in a page folder
    data: dict[str, bytes | Streamed] = field(default_factory=dict)  # the files for programs, by their path in the site
    stylesheets: dict[str, Path] = field(default_factory=lambda: {STYLESHEET: STYLESHEET_SOURCE})  # site path -> file
    scripts: dict[str, Path] = field(default_factory=lambda: {SCRIPT: SCRIPT_SOURCE})  # site path -> file
    theme_overrides: Path = OVERRIDES  # templates to put on the theme's search path (or to use as custom_dir)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level != "error"]

    @property
    def drafts(self) -> list[str]:
        """The slugs of the drafts left out (all drafts, unless they are included)."""
        return [cb.slug for cb in self.library.drafts] if self.library else []

    @property
    def source_date_epoch(self) -> int:
        """The newest brief's date as seconds since 1970, 00:00 UTC: the build's ``SOURCE_DATE_EPOCH``."""
        return source_date_epoch(self.library) if self.library else 0

    @classmethod
    def has_markers(cls, markdown: str) -> bool:
        return any(marker in markdown for marker in cls.markers)

    def with_markers(self, markdown: str, here: str) -> str:
        """A page's Markdown (at ``here``) with the latest briefs and the list of caveat kinds where it asks for them."""
        markdown = markdown.replace(CAVEAT_KINDS_MARKER, caveat_kinds_markdown())
        if self.library is None or LATEST_MARKER not in markdown:
            return markdown
        return markdown.replace(LATEST_MARKER, render_latest(self.library, here, self.options))

    def nav(self, user_pages: list[str]) -> list:
        """The navigation for a site without one of its own: home, the index pages, the other pages."""
        return default_nav(user_pages, self.options)


BUILT_SITE_FILES = ("index.html", "404.html", "sitemap.xml")  # a folder holding one of these is a site built before


def output_problem(out: Path, *, briefs: Path, docs: Path, project: Path, built_site: bool = True) -> str | None:
    """Why ``out`` must not be written (and cleaned) as a build's output, or None when it may.

    Never the briefs folder or docs folder, inside one or holding one; never the project's
    folder or one holding it; and, when it exists and is not empty, only a site built
    before (``built_site``) or, for an export (``built_site=False``), nothing at all.
    """
    out = out.resolve()
    for name, folder in (("the briefs folder", briefs), ("the docs folder", docs)):
        folder = folder.resolve()
        if out == folder or out.is_relative_to(folder) or folder.is_relative_to(out):
            return f"{out} is, holds or lies inside {name} ({folder}); choose an output folder of its own"
    project = project.resolve()
    if project.is_relative_to(out):
        return f"{out} holds the project ({project}); choose an output folder of its own"
    try:
        entries = [p.name for p in out.iterdir()] if out.is_dir() else []
    except OSError as exc:
        return f"{out}: {exc.strerror}"
    if not entries:
        return None
    if not built_site:
        return f"{out} is not empty; write into a new or empty folder"
    if not any(name in entries for name in BUILT_SITE_FILES):
        return f"{out} holds files that are not a built site ({', '.join(sorted(entries)[:3])}, ...), which the build would delete; choose another folder, or empty it"
    return None


def outside_site(build: SiteBuild) -> str | None:
    """Why a file of ``build`` would be written outside the site's folder, or None: the last guard before writing."""
    for path in (*(page.path for page in build.pages), *build.data, *build.stylesheets, *build.scripts):
        pure = PurePosixPath(path)
        if not pure.parts or pure.is_absolute() or ".." in pure.parts or "\\" in path or PureWindowsPath(path).drive:
            return (
                f"the generated file '{path}' would be written outside the site's folder; "
                "the folders of the generated pages (briefs_url and the other *_url options) must be paths inside the site, without '..'"
            )
    return None


def build_site(
    folder: Path,
    options: Options,
    *,
    include_drafts: bool,
    cache: BuildCache | None = None,
    pages: PageFolder | None = None,
    checks: CheckStore | None = None,
) -> SiteBuild:
    """Check ``folder`` and, when it has no errors, build every page and data file of its site.

    With a ``cache`` (kept between calls, as under ``mkdocs serve``), unchanged
    files are not checked or resolved again and unchanged pages not rendered again. With
    ``pages``, every page is written to that folder as it is made (``StoredPage``), and
    with ``checks`` too (a build cache kept on disk between builds), checks, resolved briefs,
    pages and pieces of data files whose inputs have not changed since the last build are taken from there.
    """
    folder = Path(folder)
    check_cache = cache.check if cache is not None else Cache()
    keep_compiled_templates(checks.folder / TEMPLATES if checks is not None else None)
    with cycle_collection_paused():
        if checks is not None:
            checks.warm(folder, check_cache)
        result = check_folder(folder, cache=check_cache)
        build = SiteBuild(folder, options, list(result.problems))
        kept = cache.kept if cache is not None else checks.kept if checks is not None else None
        library = None
        if not result.errors:
            try:
                library = build_library(result, include_drafts=include_drafts, kept=kept)
            except UnresolvedActors as exc:
                build.problems = sorted({*build.problems, *_unresolved(result, exc)})
        gc.freeze()  # what was made so far lives until every page is made: collecting cycles need not look at it
    try:
        if checks is not None:
            checks.save(check_cache)  # with each brief as resolved
        if library is None:
            return build
        build.library = library
        build.problems = sorted({*build.problems, *(_left_out(cb.file) for cb in library.drafts)})
        seeds = _seeds(library, checks, include_drafts)
        build.pages = render_site(library, options, cache.pages if cache is not None else None, pages, Digester(seeds))
        if pages is not None and checks is not None:  # a fresh digester: the first holds what every page was made from
            pages.digest = Digester(seeds)
        build.data = data_files(library, options)
        return build
    finally:
        gc.unfreeze()


def _seeds(library: Library, checks: CheckStore | None, include_drafts: bool) -> Seeds:
    """Each brief's record, and each of its items, as what its file, registries and snapshots make of it; and
    its origins and reliability at a glance as what those make of it with the passages sources share; and each
    statement as gathered across briefs (``library.Said``) as the items that give it."""
    known = checks.inputs if checks is not None else {}
    shared = digest(library.shared) if known else ""
    seeds: Seeds = {}
    for cb in library.briefs:
        inputs = known.get(Path(cb.file).name)
        if inputs is not None:
            key = digest(inputs, include_drafts)
            seeds[id(cb)] = (cb, key)
            for i, item in enumerate(cb.items):
                seeds[id(item)] = (item, f"{key}/{i}")
            origins, at = library.origins[cb.slug], library.glance[cb.slug]
            seeds[id(origins)] = (origins, f"{key}/origins/{shared}")
            seeds[id(at)] = (at, f"{key}/glance/{shared}")
    for said in (said for group in library.statements_by_actor.values() for said in group):
        found = [seeds.get(id(item)) for item in (said.item, *(item for _, item in said.also))]
        keys = [seeded[1] for seeded in found if seeded is not None]
        if len(keys) == len(found):  # a statement (on an actor's page, the timeline) as the items that give it, each with its brief
            seeds[id(said)] = (said, f"said({','.join(keys)})")
    return seeds


def _left_out(file: str) -> Problem:
    """A draft in a site built without drafts: a warning, so that a brief meant to be published is not left out unseen."""
    message = "this brief is a draft and is left out of the site; set status: published to publish it (or include_drafts: true to preview drafts)"
    return Problem(file, 1, 1, "warning", message)


def _unresolved(result: Result, exc: UnresolvedActors) -> list[Problem]:
    """A published draft's actors that neither the registry nor the draft's ``proposed_actors`` has, as errors."""
    files = {cb.slug: cb.file for cb in result.briefs}
    problems = []
    for name in exc.names:
        slug, _, actor = name.partition(": ")
        message = f"actor '{actor}' is neither in the registry nor under proposed_actors; resolve it to publish the draft"
        problems.append(Problem(files.get(slug, slug), 1, 1, "error", message))
    return problems
