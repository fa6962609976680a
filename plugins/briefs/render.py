"""Pure functions from the library to pages: path, title, description, tags, body.

Nothing here imports MkDocs, so the same pages can be exported or tested alone.
Bodies are Markdown whose content is HTML blocks from our Jinja templates
(autoescape on), with Markdown headings between them for the table of contents;
``markdown_blocks`` makes every rendered template into that shape, however the
template is laid out. Links are computed here because MkDocs does not rewrite
links inside raw HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache, partial
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from jinja2.runtime import Macro
from markupsafe import Markup, escape

from . import ids
from .kinds import ACTOR_KINDS, CAVEAT_KINDS, CHANGE_KINDS, SOURCE_KINDS
from .library import Library
from .prose import prose
from .resolve import ResolvedBrief
from .site import Options, deep_link, href, long_date, relative_url

LATEST_MARKER = "<!-- briefs:latest -->"
CAVEAT_KINDS_MARKER = "<!-- briefs:caveat-kinds -->"  # the list of caveat kinds, from kinds.CAVEAT_KINDS
STYLESHEET = "assets/briefs/briefs.css"  # where the site serves it
STYLESHEET_SOURCE = Path(__file__).parent / "assets" / "briefs.css"
SCRIPT = "assets/briefs/briefs.js"  # where the site serves it: citation markers on touch screens
SCRIPT_SOURCE = Path(__file__).parent / "assets" / "briefs.js"
OVERRIDES = Path(__file__).parent / "overrides"  # theme overrides: the feed link in the head, the sitemap's dates

@dataclass(frozen=True)
class Page:
    path: str  # source path of the page, e.g. "briefs/some-brief.md"
    title: str  # plain text
    body: str  # Markdown with HTML blocks
    description: str = ""  # plain text
    tags: tuple[str, ...] = ()
    inputs: tuple[str, ...] = field(default=(), compare=False)  # brief slugs it shows
    updated: dt.date | None = None  # when what it shows last changed; the sitemap's lastmod
    hide: tuple[str, ...] = ()  # parts of Material's page it leaves out ("tags": the page lists its topics itself)
    jsonld: str = ""  # the page's schema.org record as JSON safe in a <script> (jsonld.json_for_html), for the head

    def markdown(self) -> str:
        """The page as a Markdown file with front matter, as MkDocs and Material read it.

        Title and description are HTML-escaped: Material prints them into the
        page without escaping. Each value is written as JSON, which YAML reads as
        it is (a double-quoted string or a flow list), and much faster than a
        YAML emitter writes it.
        """
        meta: dict[str, object] = {"title": html.escape(self.title)}
        if self.description:
            meta["description"] = html.escape(self.description)
        if self.tags:
            meta["tags"] = list(self.tags)
        if self.updated:
            meta["updated"] = self.updated.isoformat()
        if self.hide:
            meta["hide"] = list(self.hide)
        if self.jsonld:
            meta["jsonld"] = self.jsonld
        front = "".join(f"{key}: {_yaml_value(value)}\n" for key, value in meta.items())
        return f"---\n{front}---\n\n{self.body}"


@dataclass(frozen=True)
class StoredPage:
    """A page made earlier and kept (front matter and body) as a file of a build's page folder, or packed."""

    path: str  # source path of the page, e.g. "briefs/some-brief.md"
    source: Path | None  # the file that holds it; None: ``packed`` does
    packed: bytes = b""  # the page's text, compressed

    def markdown(self) -> str:
        if self.source is None:
            return zlib.decompress(self.packed).decode("utf-8")
        return self.source.read_text(encoding="utf-8")


Entries = dict[str, "str | tuple[str, ...]"]
"""By digest: an entry's HTML, or a list's entries' digests (``KeptEntries``)."""


@dataclass
class KeptEntries:
    """The entries of one page (a brief in a list, a statement, a caveat, an event) as HTML, by the digest of
    what each shows: as the last build made the page (``held``) and as this one makes it (``made``), so that
    a page of thousands of entries is made again by rendering only those that changed. A list of entries
    (``each``) is kept too, as its entries' digests by the digest of the whole list: a list that did not
    change costs one digest, not one per entry."""

    held: Entries
    digest: Callable[[tuple], str]  # of what an entry shows, with what every entry of the site may show
    made: Entries = field(default_factory=dict)

    def get(self, shown: tuple, make: Callable[[], str]) -> Markup:
        return Markup(self._entry(self.digest(shown), make))

    def each(self, first: tuple, rows: list[tuple], make: Callable[[tuple], str]) -> Markup:
        """The entries ``make(first + row)`` for each of ``rows``, a line each."""
        flat: list[object] = ["list", *first]
        for row in rows:
            flat += (len(row), *row)  # with each row's length: rows of other lengths are another list
        key = self.digest(tuple(flat))
        keys = self.held.get(key)
        if isinstance(keys, tuple) and all(isinstance(self.held.get(k), str) for k in keys):
            self.made.update((k, self.held[k]) for k in keys)
        else:
            keys = tuple(self.digest((*first, *row)) for row in rows)
            for k, row in zip(keys, rows, strict=True):
                self._entry(k, partial(make, (*first, *row)))
        self.made[key] = keys
        return Markup("\n".join([str(self.made[k]) for k in keys]))  # each made safe (``_entry``)

    def _entry(self, key: str, make: Callable[[], str]) -> str:
        found = self.made.get(key)
        if not isinstance(found, str):
            held = self.held.get(key)
            # made fit to print inside its block now, so that printing it (``_in_block``) finds nothing to change
            found = self.made[key] = held if isinstance(held, str) else str(_in_block(Markup(make())))
        return found


Cached = Callable[[str, tuple, Callable[[], Page]], "Page | StoredPage"]
"""``cached(path, depends, make)``: the page at ``path``, made by ``make`` unless the page made
last time from equal ``depends`` (what it shows: records compared by value, or by digest when
the pages are kept in a folder between builds) can be reused."""


@dataclass(frozen=True)
class PageType:
    """A kind of page: where it goes, what the navigation calls its index, and the pages it makes."""

    kind: str  # how Options, ``url()`` and templates name it
    option: str  # its option in mkdocs.yml
    default: str  # a folder of the site, or the path of a page ending in .md
    doc: str  # what the option means, for the config schema
    nav: str  # the navigation's name for its index page
    pages: Callable[[Site, Cached], Iterable[Page | StoredPage]]  # made one at a time, so a build need not hold them all


def _yaml_value(value: object) -> str:
    """JSON, which YAML reads as it is; characters outside the BMP stay as they are (a JSON
    surrogate pair is no YAML escape), and the two that YAML reads as line breaks are escaped."""
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# -- text -------------------------------------------------------------------


def name_pattern(names: list[str]) -> re.Pattern:
    """One pattern for every actor name and alias (as escaped HTML), the longest first."""
    escaped = sorted({html.escape(name, quote=False) for name in names}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, escaped)) + r")\b") if escaped else re.compile(r"(?!)")


def link_names(markup: Markup, pattern: re.Pattern, targets: dict[str, str]) -> Markup:
    """Link the first mention of each actor in ``targets`` (escaped name -> URL) in text,
    outside links, to its page; ``pattern`` finds the names (``name_pattern``)."""
    if not targets:
        return markup
    done: set[str] = set()
    out = []
    in_link = 0
    for piece in re.split(r"(<[^>]+>)", str(markup)):
        if piece.startswith("<"):
            if re.match(r"<a[\s>]", piece):
                in_link += 1
            elif piece.startswith("</a"):
                in_link -= 1
            out.append(piece)
            continue
        if in_link:
            out.append(piece)
            continue

        def link(m: re.Match) -> str:
            url = targets.get(m.group(1))
            if url is None or url in done:
                return m.group(1)
            done.add(url)
            return f'<a class="brief-actor-link" href="{html.escape(url)}">{m.group(1)}</a>'

        out.append(pattern.sub(link, piece))
    return Markup("".join(out))


# -- rendering --------------------------------------------------------------


_LINE_BREAKS = re.compile(r"\s*[\r\n]\s*")
_HASH_AT_LINE_START = re.compile(r"^#", re.M)


def _in_block(value: object) -> object:
    """A printed value kept inside its HTML block: a blank line in it would end the block
    and hand the rest to Markdown, which makes links of ``[x](javascript:...)``.

    Nor may a line of it start with ``#``, which ``markdown_blocks`` would take for a
    heading and set apart from the HTML around it: that ``#`` is printed as ``&#35;``.
    """
    if not isinstance(value, str):
        return value
    if "\n" in value or "\r" in value:
        if _loose(value):
            value = type(value)(_LINE_BREAKS.sub("\n", value))
        if "\n#" in value:
            return _hash_escaped(value)
    if value.startswith("#"):
        return _hash_escaped(value)
    return value


_LOOSE_BREAK = re.compile(r"\n(?:(?=\s)|(?<=\s\n))")  # a line break with white space after or before it


def _loose(value: str) -> bool:
    """Whether ``_LINE_BREAKS`` would change ``value``; most values with line breaks are
    as it would leave them, and a regular expression that starts at "\\n" finds that fast."""
    return "\r" in value or _LOOSE_BREAK.search(value) is not None


def _hash_escaped(value: str) -> Markup:
    return Markup(_HASH_AT_LINE_START.sub("&#35;", str(escape(value))))


def markdown_blocks(text: str) -> str:
    """Rendered template output as a page body: HTML blocks, with Markdown headings between them.

    Every line loses its indentation and every line of only white space goes, so the
    templates may be laid out as their authors like: a blank line inside an HTML block
    would end it and hand the rest to Markdown (which makes links of
    ``[x](javascript:...)``), and an indented line could read as code. A line that
    starts with ``#`` is a heading: it stands alone, one blank line before and after
    it. Nothing else makes a blank line, and no printed value starts a line with ``#``
    (``_in_block``). No blank line or newline at either end.

    A line break that is left still shows as a space between inline elements, so the
    templates put block-level elements on lines of their own and join inline pieces with
    Jinja's whitespace control (``{%-``, ``-%}``, ``{{- " " }}`` for a space).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.lstrip(" \t") for line in text.split("\n")]
    # a heading between two line breaks of its own; two headings in a row make three
    body = "\n".join(f"\n{line}\n" if line[0] == "#" else line for line in lines if line and not line.isspace())
    return body.replace("\n\n\n", "\n\n").strip("\n")


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("briefs", "templates"),
        autoescape=True,
        finalize=_in_block,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(prose=prose, long_date=long_date, href=href)
    env.globals.update(
        deep_link=deep_link, ids=ids, CAVEAT_KINDS=CAVEAT_KINDS, SOURCE_KINDS=SOURCE_KINDS, ACTOR_KINDS=ACTOR_KINDS,
        CHANGE_KINDS=CHANGE_KINDS,
    )
    return env


def keep_compiled_templates(folder: Path | None) -> None:
    """Keep the templates, once compiled, in ``folder`` (a build cache's) for the next build to load, or
    compile them in every process (None)."""
    _env().bytecode_cache = compiled_templates(folder)


def compiled_templates(folder: Path | None) -> FileSystemBytecodeCache | None:
    """Where an environment keeps its templates once compiled, for the next build to load (None: nowhere).
    Jinja keys each on its name, its file and its source, and on the version of Python."""
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


class Site:
    """What every template needs: the library, the options and URL helpers for one page."""

    def __init__(self, library: Library, options: Options):
        self.library = library
        self.o = options
        self.fragments: dict[tuple[str, str, str], Markup] = {}  # a brief item or actor link, by its URL
        self.entries: KeptEntries | None = None  # of the page being made, when pages are kept between builds
        self.names = name_pattern([n for actor in library.actors.values() for n in (actor.name, *actor.aliases)])

    def fragment(self, template: str, key: str, href: str, **context) -> Markup:
        """A small piece of HTML that many pages show; its link is all that varies between them."""
        found = self.fragments.get((template, key, href))
        if found is None:
            found = Markup(markdown_blocks(_env().get_template(template).render(href=href, **context)))
            self.fragments[(template, key, href)] = found
        return found

    def path(self, kind: str, slug: str = "index") -> str:
        return self.o.page_path(kind, slug)

    @cached_property
    def context(self) -> tuple:
        """What of the library as a whole any page may show: the registries' records (actors' names link
        everywhere), which sources have a page and what each is based on, and the newest brief's date
        (the date of a page that shows no brief). A page that says what it depends on names this, and what it shows."""
        lib = self.library
        newest = max((cb.date for cb in lib.briefs), default=None)
        return (lib.actors, lib.topic_info, lib.source_records, tuple(lib.sources), lib.bases, newest)

    def listed(self, briefs: Iterable[ResolvedBrief]) -> list[object]:
        """What a list of ``briefs`` shows (``brief_item``): each brief and its reliability at a glance, in turn
        (one flat list: a build cache digests it in one go, each brief and glance by what it was made from)."""
        return [shown for cb in briefs for shown in (cb, self.library.glance.get(cb.slug))]

    def url(self, here: str, kind: str, slug: str = "index", anchor: str = "") -> str:
        return relative_url(here, self.path(kind, slug), self.o.directory_urls, anchor)

    def render(self, template: str, here: str, **context) -> str:
        """The page body of ``template``, made into HTML blocks and headings by ``markdown_blocks``."""

        def url(kind: str, slug: str = "index", anchor: str = "") -> str:
            return self.url(here, kind, slug, anchor)

        def brief_item(cb: ResolvedBrief) -> Markup:
            at = self.library.glance.get(cb.slug)

            def make() -> Markup:
                return self.fragment("brief-item.html", cb.slug, url("briefs", cb.slug), cb=cb, at=at)

            return make() if self.entries is None else self.entries.get(("brief-item", cb, at), make)

        def actor_link(actor_id: str) -> Markup:
            actor = self.library.actors[actor_id]
            return self.fragment("actor-link.html", actor_id, url("actors", actor_id), actor=actor)

        @cache
        def once(macro: Callable[..., Markup], *args: object) -> Markup:
            """What ``macro`` gives for ``args``, made once on this page: many items of a
            brief show the same block (which of its sources carry them, say)."""
            return macro(*args)

        def kept_each(macro: Macro, rows: Iterable[object], *first: object) -> Markup:
            """What ``macro`` gives for ``first`` and each of ``rows`` (a row a tuple of its further arguments, or
            one), a line each: an entry of a long list, as the last build of this page made it when what its
            arguments show is unchanged (``KeptEntries``); a list of thousands printed in one call."""
            args = [(*first, *(row if type(row) is tuple else (row,))) for row in rows]
            if self.entries is None:
                return Markup("\n").join([Markup(macro(*a)) for a in args])
            return self.entries.each((macro.name,), args, lambda a: macro(*a[1:]))

        body = _env().get_template(template).render(
            site=self,
            once=once,
            kept_each=kept_each,
            library=self.library,
            url=url,
            here=here,
            brief_item=brief_item,
            actor_link=actor_link,
            **context,
        )
        return markdown_blocks(body) + "\n"


def render_latest(library: Library, here: str, options: Options) -> str:
    """The latest briefs, as HTML for the home page (replaces LATEST_MARKER).

    Set apart by blank lines: an HTML block of its own, which Markdown leaves alone,
    even where the marker stands inside a paragraph.
    """
    site = Site(library, options)
    return "\n\n" + site.render("latest.html", here, briefs=library.briefs[: options.latest]).strip("\n") + "\n\n"


