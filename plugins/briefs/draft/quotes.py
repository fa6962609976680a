"""Finding the quoted passages of an article: its paragraphs, quotation marks and sentences.

A passage in double quotes (straight or curly) is quoted; a curly quotation left
open at the end of a paragraph runs on into the next. The words inside quotes
are blanked out of the text the speakers are read from, so that the words of a
quote are never taken for the narration around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..quotes import Snapshot

_QUOTE = re.compile(r"“[^“”]*”|\"[^\"]*\"|“[^“”]*$")
_LAST_WORD = re.compile(r"(\w+)\W*$")
LOOK_BACK = 64  # characters before a full stop in which the word it ends is looked for
MAX_SENTENCE = 2000  # characters: longer sentences are read in pieces
# a sentence ends before a capital, or before a quotation (its words are masked: "“___")
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9]|[\"“]_)")
_ABBREVIATIONS = set(
    "mr mrs ms dr st gen gov sen rep lt col sgt capt prof jr sr inc ltd co corp jan feb mar apr jun jul aug "
    "sep sept oct nov dec no vs etc rev adm supt insp det maj cmdr sens reps".split()
)


@dataclass
class Quote:
    """Where a quotation stands in the text, marks and all."""

    start: int  # the opening mark
    end: int  # after the closing mark (or the end of the paragraph)
    inner: tuple[int, int]
    paragraph: int
    runs_on: bool = False  # no closing mark: the quotation goes on in the next paragraph


class QuotedText:
    """An article's text with its quotations and sentences found."""

    def __init__(self, text: str, snapshot: Snapshot | None = None):
        """``snapshot``: the snapshot of ``text``, when it is made already."""
        self.text = text
        self.snapshot = snapshot or Snapshot(text)
        self.quotes = self._find_quotes()
        self.masked = self._mask()
        self.sentences = self._split()  # (start, end, paragraph)

    def _find_quotes(self) -> list[Quote]:
        quotes = []
        for index, (start, end) in enumerate(self.snapshot.spans):
            for m in _QUOTE.finditer(self.text, start, end):
                closed = m.group()[-1] in "”\"" and m.end() - m.start() > 1
                inner = (m.start() + 1, m.end() - 1 if closed else m.end())
                runs_on = m.end() == end and self.text[m.end() - 1] not in "”\""
                quotes.append(Quote(m.start(), m.end(), inner, index, runs_on))
        return quotes

    def _mask(self) -> str:
        """The text with the words inside quotes blanked out (sentence-ending marks kept)."""
        chars = list(self.text)
        for q in self.quotes:
            a, b = q.inner
            keep = b - 1 if b > a and self.text[b - 1] in ".!?" else None
            for i in range(a, b):
                if i != keep and not chars[i].isspace():
                    chars[i] = "_"
        return "".join(chars)

    def _split(self) -> list[tuple[int, int, int]]:
        sentences = []
        for index, (start, end) in enumerate(self.snapshot.spans):
            begin = start
            for m in _SENTENCE_END.finditer(self.masked, start, end):
                word = _LAST_WORD.search(self.masked, max(begin, m.start() - LOOK_BACK), m.start() + 1)
                if word and (word.group(1).casefold() in _ABBREVIATIONS or len(word.group(1)) == 1 and word.group(1).isupper()):
                    continue
                if re.match(r"[?!][”\"]\s+[^\W\d_]", m.group() + self.masked[m.end() : m.end() + 1]):
                    continue  # "“Why now?” Dahl asked": the words of saying go with the question
                sentences += self._pieces(begin, m.end(), index)
                begin = m.end()
            sentences += self._pieces(begin, end, index)
        return sentences

    def _pieces(self, begin: int, end: int, paragraph: int) -> list[tuple[int, int, int]]:
        """A sentence, cut at spaces into pieces of at most ``MAX_SENTENCE`` characters: a speaker
        is read from the words near a quote, and a text without full stops is read in linear time."""
        pieces = []
        while end - begin > MAX_SENTENCE:
            cut = self.masked.rfind(" ", begin + 1, begin + MAX_SENTENCE)
            cut = cut if cut > begin else begin + MAX_SENTENCE
            pieces.append((begin, cut, paragraph))
            begin = cut
        return [*pieces, (begin, end, paragraph)]

    def sentence_of(self, offset: int) -> int:
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def words(self, q: Quote) -> tuple[int, int, str] | None:
        """Where the quoted words start and end, and the words, when there are any the snapshot finds."""
        a, b = q.inner
        while a < b and self.text[a].isspace():
            a += 1
        while b > a and (self.text[b - 1].isspace() or self.text[b - 1] in ",;:" or self.text[b - 1] == "." and self.text[b - 3 : b] != "..."):
            b -= 1
        words = " ".join(self.text[a:b].split())
        if not re.search(r"\w", words) or self.snapshot.find(words) is None:
            return None
        return a, b, words

    def opens_paragraph(self, start: int, paragraph: int) -> bool:
        """Whether the quotation whose words start at ``start`` opens its paragraph."""
        first = self.snapshot.spans[paragraph][0]
        return bool(re.fullmatch(r"[“\"]\s*", self.text[first:start]))  # curly or straight

    def passage(self, start: int, end: int, quote: str, paragraph: int) -> str | None:
        """Words around a quote that find it here, when its words stand earlier in the source too."""
        match = self.snapshot.find(quote)
        if match and match.start <= start and match.end >= end:
            return None
        begin, stop = self.snapshot.spans[paragraph]
        words = list(re.finditer(r"\S+", self.text[begin:stop]))
        first = next(i for i, w in enumerate(words) if begin + w.end() > start)
        last = max(i for i, w in enumerate(words) if begin + w.start() < end)
        for k in range(1, 12):
            a, b = max(0, first - k), min(len(words) - 1, last + k)
            passage = " ".join(self.text[begin + words[a].start() : begin + words[b].end()].split())
            match = self.snapshot.find(passage)
            if match and match.start <= start and match.end >= end:
                return passage
        return None
