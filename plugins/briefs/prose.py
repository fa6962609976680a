"""Editors' prose: a small Markdown subset, sanitised, and what Markdown would change in it.

The checker warns with it, the renderer prints with it; it needs only spoofing.py.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

from .spoofing import mixed_script_host

PROSE_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "code", "br"}

# Markdown's work on a text grows with its length times how deep it nests (each bracket, parenthesis
# or tag left open is scanned to the end of the text, each nested list or quote is a level of
# recursion): these two caps keep it linear, well clear of Python's recursion limit.
MAX_PROSE_CHARS = 2_000
MAX_NESTING = 10


_URL_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(map(chr, range(33)))


def _keep_link(element: str, attribute: str, value: str) -> str | None:
    """A link's URL (its entities already decoded) as a browser reads it, or None when it may lead off the
    site other than by http(s): browsers drop tabs and newlines anywhere in a URL, and controls and spaces around it."""
    if element == "a" and attribute == "href":
        value = _URL_TAB_OR_NEWLINE.sub("", value).strip(_C0_OR_SPACE)
        if value.startswith("//") or "\\" in value:
            return None
        scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", value)
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            return None
    return value


_MARKDOWN = markdown.Markdown(output_format="html")


_MARKUP = re.compile(r"[*_`\[\]<>&\\]|^\s*(?:[-+#=>]|\d+[.)])|^ {4}|\t|  \n|\n\s*\n", re.M)


@lru_cache(maxsize=4096)
def prose(text: str) -> Markup:
    """An editor's prose: a small Markdown subset, sanitised; links only http(s) or site-relative."""
    if not _MARKUP.search(text):  # one paragraph of plain words: nothing for Markdown to do
        return Markup(html.escape(text.strip(), quote=False))
    rendered = _MARKDOWN.reset().convert(text)
    clean = nh3.clean(
        rendered,
        tags=PROSE_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        attribute_filter=_keep_link,
        link_rel="noopener noreferrer",
    )
    clean = _HREFLESS_LINK.sub(r"\1", clean)  # a link whose URL was dropped is plain text
    single = re.fullmatch(r"<p>((?:(?!</?p>).)*)</p>", clean.strip(), re.S)
    return Markup(single.group(1) if single else clean)


_HREFLESS_LINK = re.compile(r'<a rel="noopener noreferrer">(.*?)</a>', re.S)


_BLOCK_MARK = re.compile(r"(?:[-+*]|\d{1,9}[.)])[ \t]+|>[ \t]*")  # a list item or quote opening within a line
_ESCAPED = re.compile(r"\\.")
_OPENERS = re.compile(r"[\[\]()>]|<[A-Za-z/!?]")
_OPENER_NAMES = {"[": "brackets '['", "(": "parentheses '('", "<": "HTML tags '<'"}


def nesting(text: str) -> tuple[int, str]:
    """How deep ``text`` nests, and in what: lists and quotes (the markers opening a line, and its
    indent by fours), brackets or parentheses open at once, HTML tags begun since the last ``>``."""
    deepest = (0, "lists and quotes")
    for line in text.expandtabs(4).split("\n"):
        pos = len(line) - len(line.lstrip(" "))
        depth = pos // 4
        while mark := _BLOCK_MARK.match(line, pos):
            depth, pos = depth + 1, mark.end()
        deepest = max(deepest, (depth, "lists and quotes"))
    depths = {"[": 0, "(": 0, "<": 0}
    closes = {"]": "[", ")": "("}
    for mark in _OPENERS.findall(_ESCAPED.sub("", text)):
        if mark == ">":
            depths["<"] = 0  # every tag begun so far ends here
        elif mark in closes:
            depths[closes[mark]] = max(0, depths[closes[mark]] - 1)
        else:
            opener = mark[0]
            depths[opener] += 1
            deepest = max(deepest, (depths[opener], _OPENER_NAMES[opener]))
    return deepest


def plain(text: str) -> str:
    """Prose as one line of plain text, for titles and meta descriptions."""
    return " ".join(html.unescape(nh3.clean(str(prose(text)), tags=set())).split())


_HREF = re.compile(r'href="([^"]*)"')


def spoofed_links(text: str) -> list[tuple[str, str]]:
    """The URLs of the links ``text`` shows whose host may pass for another site's, each with why."""
    if not _MARKUP.search(text):  # plain words make no link
        return []
    urls = [html.unescape(href) for href in _HREF.findall(str(prose(text)))]
    return [(url, why) for url in urls if (why := mixed_script_host(url))]


_MOST_RUN_TOGETHER = 8  # typed words Markdown may show as one: "un*believ*able" is three; a bound keeps it linear
_MARKDOWN_ONLY = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|</?(?:%s)\b[^>]*>" % "|".join(PROSE_TAGS))
_TOKEN = re.compile(r"[^\W_]+")


_NUMBERED = re.compile(r"^(\s*)(\d+)[.)](?=\s)")


def _without_list_numbers(text: str) -> str:
    """``text`` without the numbers of numbered lists counted 1, 2, 3...: Markdown shows those
    as it counts. A line opening with any other number ("1986.") keeps it, as Markdown loses it."""
    lines, count = [], 0
    for line in text.split("\n"):
        numbered = _NUMBERED.match(line)
        if numbered and int(numbered.group(2)) == count + 1:
            count += 1
            line = numbered.group(1) + line[numbered.end() :]
        elif not line.strip() or not line.startswith((" ", "\t")):
            count = 0
        lines.append(line)
    return "\n".join(lines)


def lost_words(text: str) -> list[str]:
    """Words of ``text`` a reader would not see once Markdown and the sanitiser are done
    (a line "1986. That year" is a numbered list; ``<name>`` is an unknown tag).
    Link targets and allowed tags are set aside first: hiding those is what Markdown is for."""
    if not _MARKUP.search(text):
        return []
    shown = Counter(_TOKEN.findall(plain(text)))
    typed = _TOKEN.findall(_MARKDOWN_ONLY.sub(" ", _without_list_numbers(text)))
    joined = _run_together(typed, shown - Counter(typed))
    missing = []
    for i, word in enumerate(typed):
        if i in joined:
            continue
        if shown[word]:
            shown[word] -= 1
        else:
            missing.append(word)
    return missing


def _run_together(typed: list[str], unmatched: Counter) -> set[int]:
    """The positions of words typed next to each other that are shown as one of the ``unmatched``
    words (``un*believ*able``, two links side by side): Markdown dropped what stood between them."""
    joined: set[int] = set()
    i = 0
    while i < len(typed) and +unmatched:
        word = typed[i]
        for j in range(i + 1, min(i + _MOST_RUN_TOGETHER, len(typed))):
            word += typed[j]
            if unmatched[word]:
                unmatched[word] -= 1
                joined.update(range(i, j + 1))
                i = j
                break
        i += 1
    return joined
