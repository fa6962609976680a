"""Finding quotes in source snapshots.

Both sides are normalised the same way: Unicode NFKC, curly quotes to straight
ones, dashes to ``-``, runs of white space to one space. In a quote, ``...`` (or
``…``) and ``[bracketed]`` editorial insertions split it into parts that must
appear in order within one paragraph. A match must start and end on word
boundaries. Fuzzy matching only explains a failure (``closest``); it never
passes a quote.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote as _percent

_FOLD = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
}
_SPLIT = re.compile(r"\.\.\.|\[[^\]]*\]")
_PARAGRAPH_TEXT = re.compile(r"(?:(?!\n[ \t\r\f\v]*\n).)+", re.S)  # text between blank lines
_WORD = re.compile(r"\w", re.UNICODE)
CONTEXT_CHARS = 32
FRAGMENT_WORDS = 4


def normalise(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the offset it came from."""
    out: list[str] = []
    origin: list[int] = []
    space = False
    for i, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char) if ord(char) > 127 else char
        for c in folded:
            c = _FOLD.get(c, c)
            if c.isspace():
                space = True
                continue
            if space and out:
                out.append(" ")
                origin.append(i)
            space = False
            out.append(c)
            origin.append(i)
    return "".join(out), origin


def normalise_text(text: str) -> str:
    return normalise(text)[0]


def quote_parts(quote: str) -> list[str]:
    """The parts of a quote that must each appear, in order."""
    return [p for p in (part.strip() for part in _SPLIT.split(normalise_text(quote))) if p]


@dataclass(frozen=True)
class Match:
    """Where a quote stands in a snapshot, as a W3C TextQuoteSelector and a text fragment."""

    start: int
    end: int
    paragraph: int  # index of the paragraph (text between blank lines) it stands in
    exact: str
    prefix: str
    suffix: str
    fragment: str  # "#:~:text=..." for a deep link into the original page


class Snapshot:
    """The text of one source, prepared for fast repeated look-ups."""

    def __init__(self, text: str):
        self.text = text
        self.paragraphs: list[tuple[str, list[int]]] = []  # normalised text, origin of each char
        self.spans: list[tuple[int, int]] = []  # where each paragraph stands in ``text``
        for paragraph in _PARAGRAPH_TEXT.finditer(text):
            body = paragraph.group()
            start = paragraph.start() + len(body) - len(body.lstrip())
            end = paragraph.end() - (len(body) - len(body.rstrip()))
            if start >= end:
                continue
            norm, origin = normalise(text[start:end])
            self.paragraphs.append((norm, [o + start for o in origin]))
            self.spans.append((start, end))

    def find(self, quote: str) -> Match | None:
        parts = quote_parts(quote)
        if not parts:
            return None
        for index, (norm, origin) in enumerate(self.paragraphs):
            spans = _find_in_order(norm, parts)
            if spans:
                start = origin[spans[0][0]]
                end = origin[spans[-1][1] - 1] + 1
                return self._match(index, start, end)
        return None

    def _match(self, paragraph: int, start: int, end: int) -> Match:
        text = self.text
        exact = text[start:end]
        prefix = " ".join(text[max(0, start - CONTEXT_CHARS * 2) : start].split())[-CONTEXT_CHARS:]
        suffix = " ".join(text[end : end + CONTEXT_CHARS * 2].split())[:CONTEXT_CHARS]
        if text[max(0, start - 1) : start].isspace():
            prefix += " "
        if text[end : end + 1].isspace():
            suffix = " " + suffix
        return Match(start, end, paragraph, exact, prefix, suffix, text_fragment(exact))

    @cached_property
    def _words(self) -> list[list[tuple[str, int, int]]]:
        """Per paragraph: each normalised word with the original span it came from."""
        return [
            [(w.group(), origin[w.start()], origin[w.end() - 1] + 1) for w in re.finditer(r"\S+", norm)]
            for norm, origin in self.paragraphs
        ]

    def closest(self, quote: str) -> str | None:
        """The run of words in the snapshot most like ``quote``, to explain a failed match."""
        target = " ".join(quote_parts(quote))
        size = max(1, len(target.split()))
        best, best_ratio = None, 0.0
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(target)
        for words in self._words:
            for i in range(max(1, len(words) - size + 1)):
                window = words[i : i + size]
                matcher.set_seq1(" ".join(w for w, _, _ in window))
                if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                    continue
                ratio = matcher.ratio()
                if ratio > best_ratio:
                    best, best_ratio = self.text[window[0][1] : window[-1][2]], ratio
        return " ".join(best.split()) if best and best_ratio >= 0.5 else None


def _find_in_order(norm: str, parts: list[str]) -> list[tuple[int, int]] | None:
    """Spans of each part in ``norm``, in order and on word boundaries, or None.

    Taking the leftmost place of each part in turn finds an ordering whenever one exists.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for part in parts:
        found = _find_word_bounded(norm, part, pos)
        if found < 0:
            return None
        pos = found + len(part)
        spans.append((found, pos))
    return spans


def _find_word_bounded(norm: str, part: str, pos: int) -> int:
    while True:
        found = norm.find(part, pos)
        if found < 0:
            return -1
        end = found + len(part)
        before_ok = found == 0 or not (_WORD.match(norm[found - 1]) and _WORD.match(part[0]))
        after_ok = end == len(norm) or not (_WORD.match(norm[end]) and _WORD.match(part[-1]))
        if before_ok and after_ok:
            return found
        pos = found + 1


def text_fragment(exact: str) -> str:
    """A text-fragment directive (``#:~:text=``) that finds ``exact`` in the original page."""
    words = exact.split()
    if len(words) <= FRAGMENT_WORDS * 2:
        target = _fragment_part(" ".join(words))
    else:
        target = _fragment_part(" ".join(words[:FRAGMENT_WORDS])) + "," + _fragment_part(" ".join(words[-FRAGMENT_WORDS:]))
    return "#:~:text=" + target


def _fragment_part(text: str) -> str:
    return _percent(text, safe="").replace("-", "%2D")
