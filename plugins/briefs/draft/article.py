"""Reading the article a brief is drafted from: text, Markdown or a saved HTML page.

Text and Markdown are the snapshot as they are; an HTML page's article text is
extracted with trafilatura, imported only when a page is read. Either way the
snapshot must pass the checks ``briefs check`` makes of any snapshot.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ..load import LoadError, Problem, decode, read_bytes
from ..registries import MAX_SNAPSHOT_BYTES

if TYPE_CHECKING:
    from .capture import Capture

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MAX_TEXT_BYTES = MAX_SNAPSHOT_BYTES  # what ``briefs check`` accepts as a snapshot
MAX_HTML_BYTES = 50_000_000  # saved pages carry scripts, styles and images
# Extracting the article takes a time that grows with the square of the page's number of
# elements, and with its text: a page of this many paragraphs holding as much text as a
# snapshot may drafts in 12 to 17 s (bench/failure_bench.py; some 30 s with 50,000).
MAX_HTML_ELEMENTS = 30_000
MIN_ARTICLE_WORDS = 10  # less is a page's furniture ("Home", "Accept cookies"), not an article

_OPENING = re.compile(r"<(script|style)\b([^<>]{0,1000})>", re.I)
_CLOSING = {tag: re.compile(rf"</{tag}\s*>", re.I) for tag in ("script", "style")}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


class DraftError(Exception):
    """A problem that stops ``briefs new`` before it writes anything."""

    def __init__(self, file: str, message: str):
        super().__init__(f"{file}: error: {message}")
        self.message = message

    @classmethod
    def at(cls, problem: Problem) -> DraftError:
        """The error of a problem at a line and column of the article."""
        return cls(f"{problem.file}:{problem.line}:{problem.col}", problem.message)


@dataclass
class Article:
    """What ``briefs new`` takes from an article file."""

    text: str  # the snapshot's text: quotes are checked against it
    data: bytes  # what is written as the snapshot
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    html: bool = False
    capture: Capture | None = None  # how it was fetched, for an article given by its address


def read_article(path: Path) -> Article:
    """Read a text, Markdown or saved HTML article; raise DraftError when it cannot be used."""
    label = str(path)
    if not os.path.lexists(path):
        raise DraftError(label, "no such file")
    html = path.suffix.lower() in HTML_SUFFIXES
    try:
        raw = read_bytes(path, label=label, max_bytes=MAX_HTML_BYTES if html else MAX_TEXT_BYTES)
    except LoadError as exc:
        raise DraftError.at(exc.problems[0]) from None
    return article_from(raw, label, html=html)


def article_from(raw: bytes, label: str, *, html: bool = False) -> Article:
    """The article in ``raw``: an HTML page when ``html`` or when it starts like one, else text or Markdown."""
    if not raw.strip():
        raise DraftError(label, "file is empty")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            raw = raw.decode("utf-16").encode("utf-8")
        except UnicodeError:
            raise DraftError(label, "not valid UTF-16 although it starts like it") from None
    if b"\x00" in raw[:65536]:
        raise DraftError(label, "this is a binary file, not text, Markdown or HTML")
    head = raw[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if html or head.startswith((b"<!doctype html", b"<html")):
        return html_article(raw, label)
    return text_article(raw, label)


def text_article(raw: bytes, label: str) -> Article:
    """A text or Markdown article (UTF-8), its first line taken as its title."""
    text = _decode(raw, label)
    title = next((line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()), None)
    return Article(text, raw, title=title or None)


def _decode(raw: bytes, label: str) -> str:
    """UTF-8 text that ``briefs check`` accepts as a snapshot."""
    try:
        return decode(raw, label)
    except LoadError as exc:
        raise DraftError.at(exc.problems[0]) from None


def html_article(raw: bytes, label: str) -> Article:
    """The article text and facts of an HTML page (UTF-8, or the encoding it declares)."""
    trafilatura = _extractor(label)

    try:
        page = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # not UTF-8: trust only the charset the page declares, never a guess
        declared = _CHARSET.search(raw[:4096])
        if not declared:
            raise DraftError(label, "the page is not UTF-8 and does not declare its encoding") from None
        name = declared.group(1).decode("ascii", "replace")
        try:
            encoding = codecs.lookup(name).name
        except LookupError:
            raise DraftError(label, f"the page declares an unknown encoding '{name}'") from None
        try:
            page = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DraftError(label, f"not valid {encoding}, the encoding the page declares (byte 0x{raw[exc.start]:02x})") from None
    tree = trafilatura.load_html(_without_scripts(page))
    elements = sum(1 for _ in tree.iter()) if tree is not None else 0
    characters = len(tree.text_content()) if tree is not None else 0
    if elements > MAX_HTML_ELEMENTS or characters > MAX_TEXT_BYTES:
        what = f"{elements:,} HTML elements; the limit is {MAX_HTML_ELEMENTS:,}" if elements > MAX_HTML_ELEMENTS else (
            f"{characters:,} characters of text, more than a snapshot may hold ({MAX_TEXT_BYTES:,} bytes)"
        )
        save = "save the article alone (the browser's reader view, then Save Page As), or its text as a .txt file"
        raise DraftError(f"{label}:1:1", f"the page has {what}: {save}")
    found = trafilatura.bare_extraction(
        tree if tree is not None else page,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if found is None or isinstance(found, dict):  # a dict only when asked for one
        raise DraftError(label, "no article text found in the page")
    body = found.text or ""
    lines = [" ".join(line.split()) for line in body.splitlines()]
    text = "\n\n".join(line for line in lines if line) + "\n"
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise DraftError(label, "no article text found in the page")
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise DraftError(f"{label}:1:1", f"the page's article text is {len(text.encode('utf-8')):,} bytes; the limit of a snapshot is {MAX_TEXT_BYTES:,}")
    text = _decode(text.encode("utf-8"), label)  # the snapshot must pass the same checks as any other
    url = found.url if found.url and re.match(r"https?://\S+$", found.url) else None
    date = found.date if found.date and _is_date(found.date) else None
    return Article(
        text,
        text.encode("utf-8"),
        title=_clean(found.title),
        author=_clean(found.author),
        publisher=_clean(found.sitename),
        url=url,
        published=date,
        html=True,
    )


def _extractor(label: str) -> ModuleType:
    """trafilatura, imported only for a page: a text article needs none of it, and where an
    install left out one of its parts (lxml's HTML cleaner) it fails to import."""
    try:
        import trafilatura
    except ImportError as exc:
        raise DraftError(
            label,
            f"cannot read HTML here ({exc.name or 'a module'} does not import: {' '.join(str(exc).split())}); "
            "install briefs again with its dependencies (pip install .), or draft from the article's text saved as a .txt file",
        ) from None
    return trafilatura


def _without_scripts(page: str) -> str:
    """The page without its scripts (but JSON-LD, where its metadata is) and styles, in one pass.

    They are never the article's text, they are what makes a saved page big, and
    the HTML parser stops reading a page after 10 MB of them.
    """
    kept, pos = [], 0
    while opening := _OPENING.search(page, pos):
        closing = _CLOSING[opening.group(1).lower()].search(page, opening.end())
        end = closing.end() if closing else len(page)
        kept.append(page[pos:end] if "ld+json" in opening.group(2).lower() else page[pos : opening.start()])
        pos = end
    return "".join(kept) + page[pos:]


def _is_date(value: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None
