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
- ``on_page_read_source``: the text of a generated page held packed in memory (a build with
  neither ``cache_dir`` nor ``serve`` writes no page file, only to delete it again).
- ``on_page_markdown``: put the latest briefs where the home page asks for them.
- ``on_page_content``: under ``serve`` with problems, the banner listing them.
- ``on_page_context`` (before other plugins), ``on_post_page`` (after them): a generated
  page's HTML blocks are put back just before its template is rendered, read again from
  its stored page, and its HTML let go of once written, so no build holds every page's HTML.
- ``on_env``: with ``pagefind``, tell the theme overrides where the search page and bundle are.
- ``on_post_build``: with ``cache_dir``, record what this build made (``buildcache``); with ``pagefind``, index the written site (``search.index_site``); under
  ``serve`` this runs after every rebuild, so the index follows each edit. Otherwise let go of the build.
- ``on_serve``: watch the briefs folder.
"""

from __future__ import annotations

import gc
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
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import clean_directory
from mkdocs.utils.meta import get_data

from .build import BuildCache, SiteBuild, build_site, output_problem, outside_site
from .buildcache import TEMPLATES, CheckStore, PageFolder, code_digest
from .digest import digest
from .pages import PAGE_TYPES, options_from_config
from .registries import label_of
from .render import StoredPage, compiled_templates
from .search import BUNDLE, HIGHLIGHT_PARAM, SearchIndexError, index_site
from .site import page_url

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


_unchanged: set[str] = set()  # pages (src_uri) of a --dirty build whose output file holds their HTML already


_SKIPPED = re.compile(r"Page skipped: '(.*)'\. Generated empty output\.")


class _UnchangedPages(logging.Filter):
    """MkDocs says it skipped a page it got no HTML for; for a page left as it was, that is no news."""

    def filter(self, record: logging.LogRecord) -> bool:
        skipped = _SKIPPED.match(record.getMessage())
        return not (skipped and skipped.group(1) in _unchanged)


def _holds(path: str, output: str) -> bool:
    try:
        return Path(path).read_bytes() == output.encode("utf-8", errors="xmlcharrefreplace")
    except OSError:
        return False


logging.getLogger("mkdocs.commands.build").addFilter(_UnchangedPages())

MATERIAL_INDEXES = ("search", "material/search", "tags", "material/tags")


def _refuse_partial_indexes(config) -> None:
    """Material's search index and tag listings are made of the pages a build reads; ``--dirty`` reads only
    those that changed, so they would come out holding only those."""
    for name in MATERIAL_INDEXES:
        plugin = config.plugins.get(name)
        if plugin is None or not plugin.config.get("enabled", True):
            continue
        if "search" in name:
            raise PluginError(
                f"plugins: Material's {name} plugin indexes only the pages a --dirty build builds again; "
                "build without --dirty, or leave the search plugin out"
            )
        listings = any("<!-- material/tags" in p.read_text(encoding="utf-8", errors="replace") for p in Path(config.docs_dir).rglob("*.md"))
        if plugin.config.get("export", False) or listings:
            raise PluginError(
                f"plugins: Material's {name} plugin lists (tags.json{', a tags page' if listings else ''}) only the pages "
                "a --dirty build builds again; set its export: false and leave out <!-- material/tags --> listings, or build without --dirty"
            )


SEARCH_TEMPLATE = "briefs-search.html"  # in the theme overrides: the search page
SEARCH_SCRIPT = "assets/briefs/search.js"  # where the site serves the search page's and highlighting's script
SEARCH_SCRIPT_SOURCE = Path(__file__).parent / "assets" / "search.js"
MATERIAL_SEARCH = ("search", "material/search")  # the names MkDocs gives Material's search plugin


def _without_material_search(config, name: str) -> None:
    """With ``pagefind``, Material's search plugin would index the site a second time and show a second search box."""
    if any(plugin in config.plugins for plugin in MATERIAL_SEARCH):
        raise PluginError(
            f"plugins: the {name} plugin's pagefind option replaces Material's search; "
            f"remove '- search' from plugins, or set pagefind: false to keep Material's search"
        )


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
    cache_dir = c.Type(str, default="")
    """A folder (relative to `mkdocs.yml`) where `mkdocs build` keeps checks and pages between builds,
    for `mkdocs build --dirty` to build again only what changed; keep it, and `site_dir`, between CI
    runs. Empty (the default): no cache."""
    nav = c.Type(bool, default=True)
    """When `mkdocs.yml` has no `nav`, make one: home, the index page of each page type (briefs,
    actors, topics, sources, caveats, the timeline), then the other pages of `docs/`. Single briefs, actors and sources
    stay out of the navigation: listing thousands of pages there makes the build quadratic."""
    pagefind = c.Type(bool, default=False)
    """Search the briefs with Pagefind instead of Material's `search` plugin (which must then be left out
    of `plugins`): after the build, index the brief pages into `pagefind/` in the site, and give the site a
    search page (`search_page`, filtered by caveat kind, actor, topic, source kind and year, newest first)
    and a search button in the header."""
    search_page = SitePlace("search.md")
    """With `pagefind`, where the search page goes: the path of a page ending in `.md`."""

    places = (*(t.option for t in PAGE_TYPES), "search_page")  # the options that each take a place of the site

    def validate(self):
        """MkDocs's validation, then what no option can tell alone: two page types in one place."""
        failed, warnings = super().validate()
        if not failed:
            failed += _shared_places(self)
        return failed, warnings


def _shared_places(config: BriefsConfig) -> list[tuple[str, base.ValidationError]]:
    """Each page type needs a place of its own: in a folder held by another's, a page could take another's URL."""
    problems = []
    taken: dict[str, str] = {BUNDLE: "the search index"}  # place -> option
    for option in BriefsConfig.places:
        place = _place(config[option])
        for other_place, other in taken.items():
            if place == other_place or place.startswith(other_place + "/") or other_place.startswith(place + "/"):
                named, held = (other, option) if other in config and config[option] == _default(option) else (option, other)
                held_by = f"{held} ('{config[held]}')" if held in config else f"{held} ('{other_place}/')"
                message = f"'{config[named]}' is, holds or lies inside the place of {held_by}; give each kind of page a folder of its own"
                problems.append((named, base.ValidationError(message)))  # the option moved from its default is the one named
                break
        taken[place] = option
    return problems


def _default(option: str) -> object:
    return dict(BriefsConfig._schema)[option].default


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
        self.page_dir: Path | None = None  # a temporary folder for the pages, without cache_dir
        self.pages: PageFolder | None = None  # where this build's pages are written, each only when changed
        self.dirty = False
        self.files: Files | None = None
        self.restore: dict[str, StoredPage] = {}  # generated pages whose HTML blocks wait in their stored page
        self.packed: dict[str, StoredPage] = {}  # generated pages held packed, until MkDocs reads them
        self.cache_root: Path | None = None  # the build cache's folder (cache_dir), when this build keeps one

    def name_in_config(self, config) -> str:
        return next(name for name, plugin in config.plugins.items() if plugin is self)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_shutdown(self) -> None:
        if self.page_dir:
            shutil.rmtree(self.page_dir, ignore_errors=True)

    def folder(self, config) -> Path:
        return (Path(config.config_file_path or ".").parent / self.config.briefs_dir).resolve()

    def on_config(self, config):
        gc.unfreeze()  # what the last build in this process froze (below), now to be collected as usual
        options = options_from_config(
            self.config, directory_urls=config.use_directory_urls, site_url=config.site_url, site_name=config.site_name
        )
        folder = self.folder(config)
        project = Path(config.config_file_path or ".").parent
        refused = output_problem(Path(config.site_dir), briefs=folder, docs=Path(config.docs_dir), project=project)
        if refused:  # before MkDocs cleans site_dir: nothing is deleted that is not a build's output
            raise PluginError(f"site_dir: {refused}")
        checks = self.open_cache(config, folder, project)
        build = build_site(
            folder,
            options,
            include_drafts=self.config.include_drafts,
            cache=self.cache if self.serving else None,
            pages=self.pages,
            checks=checks,
        )
        # What the build made lives until its pages are written: collecting cycles would walk all of it time and
        # again (a second a time at 5,000 briefs), and once more as the process exits, for nothing. So it is
        # frozen, and only what is made from now on is looked at; the next build in this process lets it go.
        gc.freeze()
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
        if self.config.pagefind:
            _without_material_search(config, self.name_in_config(config))
        config.extra_css.extend(self.built.stylesheets)
        config.extra_javascript.extend(self.built.scripts)
        overrides = str(self.built.theme_overrides)
        if overrides not in config.theme.dirs:  # after the site's own custom_dir, before the theme
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        return config

    def open_cache(self, config, folder: Path, project: Path) -> CheckStore | None:
        """The folder the pages go to: the build cache's (``cache_dir``), else a temporary one; and the stored checks."""
        if self.config.cache_dir and not self.serving:
            root = (project / self.config.cache_dir).resolve()
            refused = output_problem(root, briefs=folder, docs=Path(config.docs_dir), project=project, built_site=False)
            if refused and not (root / "pages.json").is_file():  # a cache folder made before may be written again
                raise PluginError(f"cache_dir: {refused}")
            if Path(config.site_dir).resolve() in (root, *root.parents) or root in Path(config.site_dir).resolve().parents:
                raise PluginError(f"cache_dir: {root} is, holds or lies inside site_dir; choose a folder of its own")
            if self.dirty:
                _refuse_partial_indexes(config)
            salt = self.salt(config)
            self.cache_root = root
            self.pages = PageFolder.open(root / "pages", salt)
            if self.dirty and not self.pages.fresh and Path(config.site_dir).is_dir():
                # made under other code, options or pages (or never): nothing of the site can be trusted
                clean_directory(config.site_dir)
            return CheckStore(root, salt)
        self.cache_root = None
        if self.page_dir is None:
            self.page_dir = Path(tempfile.mkdtemp(prefix="briefs-pages-"))
        self.pages = PageFolder(self.page_dir, packs_pages=not self.serving)  # serve --dirty goes by the files' dates
        return None

    def salt(self, config) -> str:
        """What every page of the site depends on besides the briefs: this package, the plugin's options, the
        MkDocs configuration (as read, environment included), the theme and the site's own pages and files."""
        import material
        import mkdocs

        settings = {k: v for k, v in config.items() if isinstance(v, (str, int, float, bool, type(None)))}
        docs = sorted(p for p in Path(config.docs_dir).rglob("*") if p.is_file())
        custom = config.theme.custom_dir
        theme_files = sorted(p for p in Path(custom).rglob("*") if p.is_file()) if custom else []
        return digest(
            code_digest(),
            mkdocs.__version__,
            getattr(material, "__version__", ""),
            dict(self.config.items()),
            settings,
            Path(config.config_file_path).read_bytes() if config.config_file_path else b"",
            [(str(p), p.read_bytes()) for p in (*docs, *theme_files)],
            str(Path.cwd()),
        )

    def on_files(self, files: Files, *, config) -> Files:
        built = self.built
        assert built is not None and built.library is not None and self.pages is not None
        for page in built.pages:
            if files.get_file_from_path(page.path):
                raise PluginError(f"docs/{page.path} would be replaced by a generated page; rename or move it")
            files.append(self.page_file(page, config))
        for path, source in (*built.stylesheets.items(), *built.scripts.items()):
            files.append(File.generated(config, path, abs_src_path=str(source)))
        for path, content in built.data.items():
            if files.get_file_from_path(path):
                raise PluginError(f"docs/{path} would be replaced by a generated file; rename or move it")
            files.append(self.written_or_older(File.generated(config, path, abs_src_path=str(self.pages.keep(path, content)))))
        if self.config.cache_dir and not self.serving:
            self.dirty_rebuilds(files, config)
        if self.config.pagefind:
            self.add_search_files(files, config)
        if not self.serving:  # the files hold the pages now; only the home page's list is still to come
            self.built = replace(built, library=built.library.latest(built.options.latest), pages=[], data={})
        if self.serving:
            self.force_rebuilds(files)
        if self.config.nav and config.nav is None:
            user_pages = [f.src_uri for f in files.documentation_pages() if f.generated_by is None]
            config.nav = built.nav(user_pages)
        # the order MkDocs reads a docs folder in, so the exported site comes out the same
        self.files = Files(sorted(files, key=lambda f: _walk_order(f.src_uri)))
        return self.files

    def add_search_files(self, files: Files, config) -> None:
        """The search page and its script; and nothing of the site's own where the index is to be written."""
        for file in files:
            if file.src_uri == BUNDLE or file.src_uri.startswith(BUNDLE + "/"):
                raise PluginError(f"docs/{file.src_uri} would be replaced by the search index (pagefind/); rename or move it")
        page = self.config.search_page
        if files.get_file_from_path(page):
            raise PluginError(f"docs/{page} would be replaced by the search page; rename or move it, or set search_page")
        front = f"---\ntitle: Search\ntemplate: {SEARCH_TEMPLATE}\nhide: [navigation, toc]\n---\n"
        files.append(File.generated(config, page, content=front, inclusion=InclusionLevel.NOT_IN_NAV))
        files.append(File.generated(config, SEARCH_SCRIPT, abs_src_path=str(SEARCH_SCRIPT_SOURCE)))

    def force_rebuilds(self, files: Files) -> None:
        """Under ``serve --dirty`` MkDocs rebuilds only pages whose file changed; the latest briefs'
        list and the error banner change without their page's file, so those pages go too."""
        every = bool(self.problems) or self.showed_problems
        for file in files.documentation_pages():
            if every or file.src_uri in self.marker_pages:
                file.is_modified = lambda: True  # type: ignore[method-assign]

    def dirty_rebuilds(self, files: Files, config) -> None:
        """Under ``build --dirty`` with a build cache: the site's own pages that list the latest briefs are built
        again when that list changed, and the pages and files of the last build that are gone are deleted."""
        assert self.pages is not None and self.built is not None
        for file in files:  # the site's own pages (thousands of generated ones are not)
            if file.generated_by is not None or file.abs_src_path is None or not file.is_documentation_page():
                continue
            text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
            if SiteBuild.has_markers(text):
                key = digest(self.built.with_markers(text, file.src_uri))
                if self.dirty and self.pages.keys.get("docs:" + file.src_uri) != key:
                    file.is_modified = lambda: True  # type: ignore[method-assign]
                self.pages.made["docs:" + file.src_uri] = key
        if not self.dirty:
            return
        now = {file.src_uri for file in files}
        site = Path(config.site_dir).resolve()
        for path, dest in self.pages.outputs.items():
            if path in now:
                continue
            target = (site / dest).resolve()
            if target.is_relative_to(site) and target.is_file():
                target.unlink()
                for parent in target.parents:
                    if parent == site or any(parent.iterdir()):
                        break
                    parent.rmdir()

    def page_file(self, page, config) -> File:
        """A generated page, backed by its file in the page folder, whose date tells ``--dirty`` if it changed;
        or packed, its text given in ``on_page_read_source`` (a page of content is always built again)."""
        assert isinstance(page, StoredPage)
        if page.source is None:
            self.packed[page.path] = page
            return File.generated(config, page.path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        file = File.generated(config, page.path, abs_src_path=str(page.source), inclusion=InclusionLevel.NOT_IN_NAV)
        return self.written_or_older(file)

    def written_or_older(self, file: File) -> File:
        """Built again when this build rewrote its file, or (as MkDocs tells) its output is older than the file:
        dates alone miss a rewrite within the file system's resolution of time."""
        written = self.pages.written if self.pages is not None else set()
        if file.src_uri in written:
            file.is_modified = lambda: True  # type: ignore[method-assign]
        return file

    def on_page_read_source(self, *, page, config) -> str | None:
        stored = self.packed.get(page.file.src_uri)  # only the plugin's own pages: on_files refuses a docs/ page in their place
        return stored.markdown() if stored is not None else None

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if SiteBuild.has_markers(markdown) and self.built is not None:
            self.marker_pages.add(page.file.src_uri)
            markdown = self.built.with_markers(markdown, page.file.src_uri)
        if page.file.src_uri not in self.blocks and page.file.generated_by == self.name_in_config(config):
            markdown, self.blocks[page.file.src_uri] = hold_blocks(markdown)
        return markdown

    def on_page_content(self, html_text: str, *, page, config, files) -> str:
        stored = self.packed.pop(page.file.src_uri, None)
        if stored is None and page.file.abs_src_path:
            stored = StoredPage(page.file.src_uri, Path(page.file.abs_src_path))
        if self.blocks.pop(page.file.src_uri, None) and stored is not None:
            self.restore[page.file.src_uri] = stored  # put back in on_page_context
        if not self.problems:
            return html_text
        items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in self.problems)
        banner = (
            '<div class="admonition failure brief-build-errors"><p class="admonition-title">'
            f"The briefs have errors; this is the last good version</p><ul>{items}</ul></div>"
        )
        return banner + html_text

    @event_priority(100)  # before other plugins (search) read the page's HTML
    def on_page_context(self, context, *, page, config, nav):
        stored = self.restore.pop(page.file.src_uri, None)
        if stored is not None:
            markdown, _ = get_data(stored.markdown())  # as MkDocs read it
            page.content = restore_blocks(page.content, hold_blocks(markdown)[1])
        return context

    @event_priority(-100)  # after every other plugin: the page is written
    def on_post_page(self, output: str, *, page, config) -> str:
        if page.file.generated_by is None:
            return output
        page.content = None
        if self.dirty and self.config.cache_dir and not self.serving and _holds(page.file.abs_dest_path, output):
            _unchanged.add(page.file.src_uri)  # left as it is: MkDocs writes no empty page
            return ""
        return output

    def on_env(self, env, *, config, files):
        if self.cache_root is not None:  # the theme's templates too, compiled once for the builds to come
            env.bytecode_cache = compiled_templates(self.cache_root / TEMPLATES)
        if self.config.pagefind:
            env.globals["briefs_search"] = {
                "page": page_url(self.config.search_page, config.use_directory_urls) or "./",
                "briefs": page_url(self.built.options.page_path("briefs"), config.use_directory_urls) if self.built else "./",
                "bundle": f"{BUNDLE}/",
                "script": SEARCH_SCRIPT,
                "highlight": HIGHLIGHT_PARAM,
            }
        return env

    def on_post_build(self, *, config) -> None:
        _unchanged.clear()  # every page is written: the filter has nothing left to hide
        if self.pages is not None and self.config.cache_dir and not self.serving:
            self.pages.prune()
            mine = self.name_in_config(config)
            outputs = {f.src_uri: f.dest_uri for f in self.files if f.generated_by == mine} if self.files else {}
            self.pages.save(outputs)
        if self.config.pagefind:
            try:
                indexed = index_site(Path(config.site_dir), within=self.config["briefs_url"])  # only brief pages are indexed
            except SearchIndexError as exc:
                raise PluginError(f"search index: {exc}") from None
            log.info(f"Pagefind indexed {indexed.pages} pages in {indexed.seconds:.2f} s")
        if not self.serving:  # let go of the build now: left to the interpreter's exit, a million objects took seconds to free
            self.built, self.pages, self.files = None, None, None

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.folder(config)))
        return server
