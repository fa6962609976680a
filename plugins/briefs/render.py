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
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import structured
from . import ids
from .kinds import ACTOR_KINDS, CAVEAT_KINDS, SOURCE_KINDS
from .library import Library, SourceEntry
from .model import Brief
from .prose import plain, prose
from .resolve import ResolvedBrief
from .site import (
    Options,
    deep_link,
    href,
    relative_url,
)

LATEST_MARKER = "<!-- briefs:latest -->"
CAVEAT_KINDS_MARKER = "<!-- briefs:caveat-kinds -->"  # the list of caveat kinds, from kinds.CAVEAT_KINDS
TIMELINE_LATEST = 30  # events on the timeline's first page; each year has a page of its own
STYLESHEET = "assets/briefs/briefs.css"  # where the site serves it
STYLESHEET_SOURCE = Path(__file__).parent / "assets" / "briefs.css"
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
        front = "".join(f"{key}: {_yaml_value(value)}\n" for key, value in meta.items())
        return f"---\n{front}---\n\n{self.body}"


def _yaml_value(value: object) -> str:
    """JSON, which YAML reads as it is; characters outside the BMP stay as they are (a JSON
    surrogate pair is no YAML escape), and the two that YAML reads as line breaks are escaped."""
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def default_nav(user_pages: list[str], options: Options) -> list:
    """Home, the generated index pages, then the site's other pages; never single briefs."""
    nav: list = [{"Home": "index.md"}] if "index.md" in user_pages else []
    nav += [
        {"Briefs": f"{options.briefs}/index.md"},
        {"Actors": f"{options.actors}/index.md"},
        {"Topics": f"{options.topics}/index.md"},
        {"Sources": f"{options.sources}/index.md"},
        {"Timeline": options.timeline},
    ]
    return nav + sorted(p for p in user_pages if p != "index.md")


# -- text -------------------------------------------------------------------


@lru_cache(maxsize=8192)
def long_date(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


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
        deep_link=deep_link, ids=ids, CAVEAT_KINDS=CAVEAT_KINDS, SOURCE_KINDS=SOURCE_KINDS, ACTOR_KINDS=ACTOR_KINDS
    )
    return env


class _Site:
    """What every template needs: the library, the options and URL helpers for one page."""

    def __init__(self, library: Library, options: Options):
        self.library = library
        self.o = options
        self.fragments: dict[tuple[str, str, str], Markup] = {}  # a brief item or actor link, by its URL
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

    def url(self, here: str, kind: str, slug: str = "index", anchor: str = "") -> str:
        return relative_url(here, self.path(kind, slug), self.o.directory_urls, anchor)

    def render(self, template: str, here: str, jsonld: object = None, **context) -> str:
        """The page body of ``template``, with the schema.org record ``jsonld`` (if any) as a
        JSON-LD script at its end; made into HTML blocks and headings by ``markdown_blocks``."""

        def url(kind: str, slug: str = "index", anchor: str = "") -> str:
            return self.url(here, kind, slug, anchor)

        def brief_item(cb: ResolvedBrief) -> Markup:
            return self.fragment("brief-item.html", cb.slug, url("briefs", cb.slug), cb=cb)

        def actor_link(actor_id: str) -> Markup:
            actor = self.library.actors[actor_id]
            return self.fragment("actor-link.html", actor_id, url("actors", actor_id), actor=actor)

        body = _env().get_template(template).render(
            site=self,
            library=self.library,
            url=url,
            here=here,
            brief_item=brief_item,
            actor_link=actor_link,
            **context,
        )
        if jsonld is not None:
            body += "\n" + structured.script(jsonld)
        return markdown_blocks(body) + "\n"


def render_site(library: Library, options: Options = Options(), cache: dict | None = None) -> list[Page]:
    """Every page the library makes.

    With a ``cache`` (kept between calls), a brief page is made again only when
    its brief, the actor registry, the topics or its related briefs are not the very objects
    it was made from (``check_folder`` with a cache hands back unchanged ones).
    """
    site = _Site(library, options)
    pages = []
    for cb in library.briefs:
        # the checked records: each library resolves its briefs anew, check_folder's cache keeps their Brief
        inputs = (cb.brief, library.actors, library.topic_info, *(r.brief for r in library.related.get(cb.slug, [])))
        held = cache.get(cb.slug) if cache is not None else None
        if (
            held is None
            or held[1] != options
            or len(held[0]) != len(inputs)
            or any(a is not b for a, b in zip(held[0], inputs))
        ):
            held = (inputs, options, render_brief(site, cb))
            if cache is not None:
                cache[cb.slug] = held
        pages.append(held[2])
    if cache is not None:  # forget briefs that are gone
        for gone in set(cache) - {cb.slug for cb in library.briefs}:
            del cache[gone]
    pages += [render_actor(site, actor_id) for actor_id in library.actors]
    pages += [render_topic(site, topic) for topic in library.topics]
    pages += [render_source(site, entry) for entry in library.sources.values()]
    pages += _render_indexes(site)
    return _dated(library, pages)


def _dated(library: Library, pages: list[Page]) -> list[Page]:
    """Each page with the newest date of the briefs it shows (of all briefs, for pages showing none)."""
    dates = {cb.slug: cb.date for cb in library.briefs}
    newest = max(dates.values(), default=None)
    return [replace(p, updated=max((dates[s] for s in p.inputs if s in dates), default=newest)) for p in pages]


def render_latest(library: Library, here: str, options: Options = Options()) -> str:
    """The latest briefs, as HTML for the home page (replaces LATEST_MARKER).

    Set apart by blank lines: an HTML block of its own, which Markdown leaves alone,
    even where the marker stands inside a paragraph.
    """
    site = _Site(library, options)
    return "\n\n" + site.render("latest.html", here, briefs=library.briefs[: options.latest]).strip("\n") + "\n\n"


def render_brief(site: _Site, cb: ResolvedBrief) -> Page:
    brief: Brief = cb.brief
    here = site.path("briefs", cb.slug)
    actor_ids = cb.actor_ids
    targets = {
        html.escape(name, quote=False): site.url(here, "actors", actor_id)
        for actor_id in actor_ids
        for name in (site.library.actors[actor_id].name, *site.library.actors[actor_id].aliases)
    }
    kinds = {ref.source.kind for ref in cb.sources}
    body = site.render(
        "brief.html",
        here,
        cb=cb,
        brief=brief,
        actor_ids=actor_ids,
        link=lambda markup: link_names(markup, site.names, targets),
        single_source=len(cb.sources) == 1,
        only_opinion=kinds == {"opinion"},
        related=site.library.related.get(cb.slug, []),
        jsonld=structured.brief_jsonld(site.library, cb, site.o),
    )
    return Page(here, brief.title, body, plain(brief.summary), tuple(brief.topics), (cb.slug,))


def render_actor(site: _Site, actor_id: str) -> Page:
    here = site.path("actors", actor_id)
    actor = site.library.actors[actor_id]
    said = site.library.statements_by_actor.get(actor_id, [])
    briefs = site.library.briefs_by_actor.get(actor_id, [])
    jsonld = structured.actor_jsonld(site.library, actor_id, site.o)
    body = site.render("actor.html", here, jsonld, actor_id=actor_id, actor=actor, said=said, briefs=briefs)
    description = " ".join(filter(None, [actor.name, actor.role]))
    return Page(here, actor.name, body, description, (), tuple(cb.slug for cb in briefs))


def render_topic(site: _Site, topic: str) -> Page:
    here = site.path("topics", topic)
    briefs = site.library.topics[topic]
    body = site.render("topic.html", here, topic=topic, briefs=briefs)
    title = site.library.topic_title(topic)
    return Page(here, title, body, f"Briefs on {title}", (), tuple(cb.slug for cb in briefs))


def render_source(site: _Site, entry: SourceEntry) -> Page:
    here = site.path("sources", entry.slug)
    marks: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for cited in site.library.citations_by_source.get(entry.slug, []):
        match = cited.cite.match
        if match is not None:
            marks[match.paragraph].append((match.start, match.end))
    paragraphs = [
        _marked_paragraph(entry.snapshot.text, span, marks.get(i, [])) for i, span in enumerate(entry.snapshot.spans)
    ]
    body = site.render("source.html", here, entry=entry, source=entry.source, paragraphs=paragraphs)
    return Page(here, entry.source.title, body, f"Source: {entry.source.title}", (), tuple(cb.slug for cb in entry.briefs))


def _marked_paragraph(text: str, span: tuple[int, int], marks: list[tuple[int, int]]) -> Markup:
    """One paragraph of a snapshot, escaped, with cited passages in <mark>."""
    start, end = span
    merged: list[list[int]] = []
    for a, b in sorted(marks):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], start
    for a, b in merged:
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:end]))
    return Markup("".join(out).replace("\n", "<br>\n"))


def _render_indexes(site: _Site) -> list[Page]:
    lib = site.library
    pages = []
    here = site.path("briefs")
    pages.append(Page(here, "Briefs", site.render("briefs.html", here, briefs=lib.briefs), "Every brief, newest first."))
    here = site.path("actors")
    pages.append(Page(here, "Actors", site.render("actors.html", here), "The people, bodies and states in the briefs."))
    here = site.path("topics")
    pages.append(Page(here, "Topics", site.render("topics.html", here), "Briefs by topic."))
    here = site.path("sources")
    pages.append(Page(here, "Sources", site.render("sources.html", here), "Every source the briefs cite."))
    years = _timeline(lib)
    here = site.path("timeline")
    latest = [event for _, events in years for event in events][:TIMELINE_LATEST]
    body = site.render("timeline.html", here, years=years, latest=latest)
    pages.append(Page(here, "Timeline", body, "Dated statements and briefs."))
    for year, events in years:
        here = site.path("timeline", str(year))
        months: dict[str, list] = {}
        for event in events:
            months.setdefault(f"{event[0]:%B %Y}", []).append(event)
        body = site.render("timeline-year.html", here, year=year, months=list(months.items()))
        pages.append(Page(here, f"Timeline: {year}", body, f"Dated statements and briefs of {year}."))
    return pages


def _timeline(lib: Library) -> list[tuple[int, list[tuple[dt.date, str, object]]]]:
    """(year, events newest first); an event is (date, "brief" | "said", record)."""
    events: list[tuple[dt.date, str, object]] = [(cb.brief.published, "brief", cb) for cb in lib.briefs]
    for said in lib.statements_by_actor.values():
        events += [(s.statement.said, "said", s) for s in said if s.statement.said]
    events.sort(key=lambda e: (e[0], e[1] == "brief"), reverse=True)
    years: dict[int, list] = {}
    for event in events:
        years.setdefault(event[0].year, []).append(event)
    return list(years.items())
