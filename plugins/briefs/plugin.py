"""The MkDocs adapter: a thin layer over ``build.build_site``, and the plugin's config schema.

``BriefsConfig`` declares and validates the plugin's options; ``briefs export``
validates them with the same class, so a bad option fails the same way there.

Event order:

- ``on_startup``: remember whether this is ``serve``.
- ``on_config``: build the site (check the briefs, build the library, render
  every page and data file) before MkDocs cleans ``site_dir`` (so a failed
  build leaves the previous site as it was). Under ``serve`` a broken edit is
  reported and the last good build is kept, with the problems shown on every
  page. Add the theme overrides (feed link, sitemap dates) to the theme's
  search path.
- ``on_files``: hand the rendered pages, the stylesheet and script, the feed and
  the data files to MkDocs.
- ``on_page_markdown``: put the latest briefs where the home page asks for them.
- ``on_page_content``: under ``serve`` with problems, the banner listing them.
- ``on_serve``: watch the briefs folder.
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .build import BuildCache, SiteBuild, build_site, output_problem, outside_site
from .pages import PAGE_TYPES, options_from_config
from .registries import label_of
from .render import Page

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class WholeNumber(c.Type):
    """A whole number, 0 or more (``Type(int)`` takes ``true`` and ``-1`` too)."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise base.ValidationError(f"Expected a whole number, 0 or more, but received: {value!r}")
        return value


_SITE_NAME = "[A-Za-z0-9_-]+"


class SitePlace(c.Type):
    """Where a page type's pages go: a folder of the site (``briefs``, ``news/briefs``), or, for a page
    type of one page (``default`` ending in ``.md``), that page (``timeline.md``). Names of letters,
    digits, ``-`` and ``_`` only, so no value leads out of ``site_dir`` or onto a file the build writes."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)
        self.page = default.endswith(".md")
        self.pattern = re.compile(f"{_SITE_NAME}(?:/{_SITE_NAME})*" + (r"\.md" if self.page else ""))

    def run_validation(self, value: object) -> str:
        place = value.strip("/") if isinstance(value, str) else value
        if not isinstance(place, str) or not self.pattern.fullmatch(place):
            what = "the path of a page ending in .md" if self.page else "a folder of the site"
            example = f"'{self.default}' or 'news/{self.default}'"
            raise base.ValidationError(
                f"Expected {what}, such as {example}: names of letters, digits, '-' and '_' joined by '/'; but received: {value!r}"
            )
        return place


def _place(path: str) -> str:
    """The folder a page type's pages take up: its folder, or its page's path without ``.md``
    (where the pages beside it go, and its own URL with directory URLs)."""
    return path.removesuffix(".md")


class BriefsFolder(c.Dir):
    """An existing folder, named: an empty value would be the project's own folder."""

    def run_validation(self, value: object) -> str:
        if isinstance(value, str) and not value.strip():
            raise base.ValidationError(f"Expected the folder of the briefs, such as '{self.default}', but received: {value!r}")
        return super().run_validation(value)


class BriefsConfig(base.Config):
    briefs_dir = BriefsFolder(exists=True, default="briefs")
    """Folder of the brief files, `actors.yaml`, `sources.yaml` and the source snapshots, relative to `mkdocs.yml`."""
    # where each page type's pages go: `briefs_url`, `actors_url`, `topics_url`, `sources_url`,
    # `caveats_url` and `timeline_page`, declared (and documented) by the page types in pages/
    for _page_type in PAGE_TYPES:
        locals()[_page_type.option] = SitePlace(_page_type.default)
    del _page_type
    latest = WholeNumber(default=10)
    """How many briefs the home page lists where it has `<!-- briefs:latest -->`."""
    include_drafts = c.Type(bool, default=False)
    """Publish briefs with `status: draft` too (for a preview site); skipped and logged otherwise."""
    nav = c.Type(bool, default=True)
    """When `mkdocs.yml` has no `nav`, make one: home, the index page of each page type (briefs,
    actors, topics, sources, caveats, the timeline), then the other pages of `docs/`. Single briefs, actors and sources
    stay out of the navigation: listing thousands of pages there makes the build quadratic."""

    def validate(self):
        """MkDocs's validation, then what no option can tell alone: two page types in one place."""
        failed, warnings = super().validate()
        if not failed:
            failed += _shared_places(self)
        return failed, warnings


def _shared_places(config: BriefsConfig) -> list[tuple[str, base.ValidationError]]:
    """Each page type needs a place of its own: in a folder held by another's, a page could take another's URL."""
    problems = []
    taken: dict[str, str] = {}  # place -> option
    for page_type in PAGE_TYPES:
        place = _place(config[page_type.option])
        for other_place, other in taken.items():
            if place == other_place or place.startswith(other_place + "/") or other_place.startswith(place + "/"):
                # the option moved from where it goes by default is the one to name
                moved, held = (other, page_type.option) if config[page_type.option] == page_type.default else (page_type.option, other)
                message = (
                    f"'{config[moved]}' is, holds or lies inside the place of {held} ('{config[held]}'); "
                    "give each kind of page a folder of its own"
                )
                problems.append((moved, base.ValidationError(message)))
                break
        taken[place] = page_type.option
    return problems


_HELD = "<!-- briefs:block {} -->"


def hold_blocks(markdown: str) -> tuple[str, list[str]]:
    """Our pages' HTML blocks, set aside so Markdown does not parse them again.

    Markdown passes a raw HTML block through unchanged, so putting it back after
    conversion gives the same page as converting it, only faster.
    """
    blocks: list[str] = []
    chunks = markdown.split("\n\n")
    for i, chunk in enumerate(chunks):
        if chunk.startswith("<") and not chunk.startswith("<!--"):
            chunks[i] = _HELD.format(len(blocks))
            blocks.append(chunk.strip("\n"))
    return "\n\n".join(chunks), blocks


def restore_blocks(html_text: str, blocks: list[str]) -> str:
    return re.sub(r"<!-- briefs:block (\d+) -->", lambda m: blocks[int(m.group(1))], html_text)


def _taken(pages: list[Page]):
    """The pages, each let go of once handed over: a build holds each page's text only once."""
    pages.reverse()
    while pages:
        yield pages.pop()


def _walk_order(src_uri: str) -> tuple:
    *folders, name = src_uri.split("/")
    return (tuple(folders), name.rsplit(".", 1)[0] not in ("index", "README"), name)


class BriefsPlugin(BasePlugin[BriefsConfig]):
    """Defines ``on_startup``, so under ``serve`` one instance lives across rebuilds and keeps its caches."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.built: SiteBuild | None = None  # the last good build
        self.problems: list[str] = []
        self.showed_problems = False  # the last build showed the banner
        self.marker_pages: set[str] = set()  # pages that list the latest briefs
        self.blocks: dict[str, list[str]] = {}
        self.cache = BuildCache()  # under serve: checks and pages reused from the last build
        self.page_dir: Path | None = None  # under serve: pages as files, rewritten only when changed

    def name_in_config(self, config) -> str:
        return next(name for name, plugin in config.plugins.items() if plugin is self)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        if self.page_dir:
            shutil.rmtree(self.page_dir, ignore_errors=True)

    def folder(self, config) -> Path:
        return (Path(config.config_file_path or ".").parent / self.config.briefs_dir).resolve()

    def on_config(self, config):
        options = options_from_config(
            self.config, directory_urls=config.use_directory_urls, site_url=config.site_url, site_name=config.site_name
        )
        folder = self.folder(config)
        project = Path(config.config_file_path or ".").parent
        refused = output_problem(Path(config.site_dir), briefs=folder, docs=Path(config.docs_dir), project=project)
        if refused:  # before MkDocs cleans site_dir: nothing is deleted that is not a build's output
            raise PluginError(f"site_dir: {refused}")
        build = build_site(
            folder, options, include_drafts=self.config.include_drafts, cache=self.cache if self.serving else None
        )
        self.showed_problems = bool(self.problems)
        self.problems = [str(p) for p in build.errors]
        for problem in build.warnings:
            log.warning(str(problem))
        if self.problems:
            message = f"{len(self.problems)} error(s) in {label_of(folder)}:\n" + "\n".join(self.problems)
            if not self.serving or self.built is None:
                raise PluginError(message)
            log.error(message + "\nThe site shows the last good version until this is fixed.")
        else:
            refused = outside_site(build)
            if refused:  # before MkDocs cleans site_dir or writes a page
                raise PluginError(refused)
            self.built = build
        assert self.built is not None
        config.extra_css.extend(self.built.stylesheets)
        config.extra_javascript.extend(self.built.scripts)
        overrides = str(self.built.theme_overrides)
        if overrides not in config.theme.dirs:  # after the site's own custom_dir, before the theme
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        built = self.built
        assert built is not None and built.library is not None
        for page in built.pages if self.serving else _taken(built.pages):
            if files.get_file_from_path(page.path):
                raise PluginError(f"docs/{page.path} would be replaced by a generated page; rename or move it")
            files.append(self.page_file(page, config))
        for path, source in (*built.stylesheets.items(), *built.scripts.items()):
            files.append(File.generated(config, path, abs_src_path=str(source)))
        for path, content in built.data.items():
            if files.get_file_from_path(path):
                raise PluginError(f"docs/{path} would be replaced by a generated file; rename or move it")
            files.append(File.generated(config, path, content=content))
        if not self.serving:  # the files hold the pages now; only the home page's list is still to come
            self.built = replace(built, library=built.library.latest(built.options.latest), pages=[], data={})
        if self.serving:
            self.force_rebuilds(files)
        if self.config.nav and config.nav is None:
            user_pages = [f.src_uri for f in files.documentation_pages() if f.generated_by is None]
            config.nav = built.nav(user_pages)
        # the order MkDocs reads a docs folder in, so the exported site comes out the same
        return Files(sorted(files, key=lambda f: _walk_order(f.src_uri)))

    def force_rebuilds(self, files: Files) -> None:
        """Under ``serve --dirty`` MkDocs rebuilds only pages whose file changed; the latest briefs'
        list and the error banner change without their page's file, so those pages go too."""
        every = bool(self.problems) or self.showed_problems
        for file in files.documentation_pages():
            if every or file.src_uri in self.marker_pages:
                file.is_modified = lambda: True  # type: ignore[method-assign]

    def page_file(self, page: Page, config) -> File:
        """A generated page; under ``serve``, backed by a file whose date tells ``--dirty`` if it changed."""
        if not self.serving:
            # the HTML blocks wait in self.blocks, so the page's full text is never held twice
            skeleton, self.blocks[page.path] = hold_blocks(page.markdown())
            return File.generated(config, page.path, content=skeleton, inclusion=InclusionLevel.NOT_IN_NAV)
        if self.page_dir is None:
            self.page_dir = Path(tempfile.mkdtemp(prefix="briefs-pages-"))
        target = self.page_dir / page.path
        text = page.markdown()
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return File.generated(config, page.path, abs_src_path=str(target), inclusion=InclusionLevel.NOT_IN_NAV)

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if SiteBuild.has_markers(markdown) and self.built is not None:
            self.marker_pages.add(page.file.src_uri)
            markdown = self.built.with_markers(markdown, page.file.src_uri)
        if page.file.src_uri not in self.blocks and page.file.generated_by == self.name_in_config(config):
            markdown, self.blocks[page.file.src_uri] = hold_blocks(markdown)
        return markdown

    def on_page_content(self, html_text: str, *, page, config, files) -> str:
        blocks = self.blocks.pop(page.file.src_uri, None)
        if blocks:
            html_text = restore_blocks(html_text, blocks)
        if not self.problems:
            return html_text
        items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in self.problems)
        banner = (
            '<div class="admonition failure brief-build-errors"><p class="admonition-title">'
            f"The briefs have errors; this is the last good version</p><ul>{items}</ul></div>"
        )
        return banner + html_text

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.folder(config)))
        return server
