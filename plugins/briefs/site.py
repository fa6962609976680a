"""What the site is made of: where each page goes, how its URLs look, what kinds are called.

Shared by render, the page types and the outputs (JSON-LD, feed, data), so that data flows one way.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import urllib.parse
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Options:
    """Where the generated pages go and how URLs look (made by ``pages.default_options`` or from
    the plugin's config by ``pages.options_from_config``: the page types declare where they go)."""

    paths: dict[str, str]  # page type -> its folder, or its page (.md)
    directory_urls: bool = True
    latest: int = 10
    site_url: str = ""  # the site's ``site_url``; "" when unknown (absolute URLs are then left out)
    site_name: str = ""

    def page_path(self, kind: str, slug: str = "index") -> str:
        """Where the page ``slug`` of a page type goes: in its folder, or beside its one page."""
        path = self.paths[kind]
        if path.endswith(".md"):
            return path if slug == "index" else f"{path.removesuffix('.md')}/{slug}.md"
        return f"{path}/{slug}.md"


# -- URLs -------------------------------------------------------------------


def page_url(path: str, directory_urls: bool) -> str:
    """The URL (relative to the site root) MkDocs gives a page at ``path``."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def relative_url(from_path: str, to_path: str, directory_urls: bool, anchor: str = "") -> str:
    return _relative_url(from_path, to_path, directory_urls) + anchor


@lru_cache(maxsize=65536)
def _relative_url(from_path: str, to_path: str, directory_urls: bool) -> str:
    here = page_url(from_path, directory_urls)
    there = page_url(to_path, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here)  # "" for a page at the root
    rel = _relative_path(there, base)
    if there.endswith("/") or not there:
        rel = "./" if rel == "." else rel + "/"
    return rel


def _relative_path(target: str, base: str) -> str:
    """``posixpath.relpath(target or ".", base or ".")`` for the site's own page URLs (no ``.``, ``..`` or ``//``;
    SitePlace and the id rules see to it), without its calls to ``abspath``: a page links to hundreds of others."""
    to, start = target.split("/"), base.split("/")
    to, start = [p for p in to if p], [p for p in start if p]
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def href(url: str) -> str:
    """A URL for an href: characters a URL may not hold (quotes, angle brackets, spaces,
    non-ASCII) percent-encoded, everything else as written."""
    return urllib.parse.quote(url, safe="/:?#[]@!$&'()*+,;=%~")


def deep_link(url: str, match) -> str:
    """``url`` opened at the matched passage: its text fragment, after any fragment the URL has."""
    directive = match.fragment.removeprefix("#")
    return f"{url}{directive}" if "#" in url else f"{url}#{directive}"


@lru_cache(maxsize=8192)
def long_date(day: dt.date | None) -> str:
    """A date as readers see it: "3 May 2025"."""
    return f"{day.day} {day:%B %Y}" if day else ""
