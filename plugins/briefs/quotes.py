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
import functools
import hashlib
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote as _percent

_FOLD = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
}
_FOLD_TABLE = str.maketrans(_FOLD)
# Characters that NFKC composes with the character before them although they are
# not combining marks: Hangul vowels and final consonants, and some vowel signs.
_COMPOSING = frozenset(
    [chr(c) for c in range(0x1161, 0x1176)]
    + [chr(c) for c in range(0x11A8, 0x11C3)]
    + list("\u09be\u09d7\u0b3e\u0b56\u0b57\u0bbe\u0bd7\u0cc2\u0cd5\u0cd6\u0d3e\u0d57\u0dcf\u0ddf\u102e\u1b35")
    + list("\U00011127\U0001133e\U00011357\U000114b0\U000114ba\U000114bd\U000115af\U00011930")
)
_TOKEN = re.compile(r"\S+")
_SPLIT = re.compile(r"\.{3,}|\[[^\]]*\]")  # an ellipsis (after a full stop, four dots) or an insertion
_PARAGRAPH_TEXT = re.compile(r"(?:(?!\n[ \t\r\f\v]*\n).)+", re.S)  # text between blank lines
_WORD = re.compile(r"\w", re.UNICODE)
_RUN = re.compile(r"\w+")
_PUNCTUATION = ".,;:!?\"'()[]-"
CONTEXT_CHARS = 32
LEAD_IN_WORDS = 12  # the most words of a quote's sentence shown before it
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=\S)")
_OPENING_MARKS = "\"'“‘„‚«‹"
FRAGMENT_WORDS = 4
CLOSEST_RATIO = 0.5  # less alike than this, a passage explains nothing
CLOSEST_PLACES = 20_000  # places of the quote's words that vote for a passage, the rarest words first
CLOSEST_RUNS = 5  # the runs of words with most votes, compared with the quote ...
CLOSEST_SHIFT = 2  # ... with those starting up to this many words before or after them
CLOSEST_WORDS = 3  # words of a quote the snapshot has none of whose nearest spellings are looked up
VARIANT_MIN_WORDS = 4  # shorter words are found in too many places to tell a variant
VARIANT_PARAGRAPHS = 3  # paragraphs compared word by word: those sharing most word pairs with the quote
VARIANT_SHARED_PAIRS = 0.4  # a variant shares at least this part of the quote's word pairs
VARIANT_MAX_CHANGED = 3  # words that may differ in any variant ...
VARIANT_SHARE_CHANGED = 0.25  # ... or this part of the quote's words, when that is more


def normalise(text: str) -> tuple[str, Sequence[int]]:
    """Normalised text and, for each of its characters, the offset it came from."""
    return _normalise(text, 0, len(text))


def _simple(text: str) -> str | None:
    """``text`` folded, when nothing else but white space changes in normalising it.

    That is most text: folding changes one character into one, and NFKC leaves
    text alone that is normalised already.
    """
    folded = text.translate(_FOLD_TABLE)
    return folded if folded.isascii() or unicodedata.is_normalized("NFKC", folded) else None


def _normalise(text: str, start: int, end: int) -> tuple[str, Sequence[int]]:
    folded = _simple(text[start:end])
    if folded is not None:
        offsets = array("l")
        for token in _TOKEN.finditer(text, start, end):
            i, j = token.span()
            if offsets:
                offsets.append(i)  # the space before a word comes from the word
            offsets.extend(range(i, j))
        return " ".join(folded.split()), offsets
    out: list[str] = []
    origin: list[int] = []
    for token in _TOKEN.finditer(text, start, end):
        i, word = token.start(), token.group()
        folded = _simple(word)
        if folded is not None:
            if out:
                out.append(" ")
                origin.append(i)
            out.append(folded)
            origin.extend(range(i, i + len(word)))
            continue
        space = True
        for j, cluster in _clusters(word):
            # fold first, so that NFKC cannot turn a known apostrophe into something else
            folded = unicodedata.normalize("NFKC", cluster.translate(_FOLD_TABLE)).translate(_FOLD_TABLE)
            for c in folded:
                if c.isspace():
                    space = True
                    continue
                if space and out:
                    out.append(" ")
                    origin.append(i + j)
                space = False
                out.append(c)
                origin.append(i + j)
    return "".join(out), array("l", origin)


def _clusters(word: str) -> Iterable[tuple[int, str]]:
    """A character with the marks that follow it, which NFKC may compose with it."""
    start = 0
    for k in range(1, len(word)):
        if not _joins(word[k]):
            yield start, word[start:k]
            start = k
    yield start, word[start:]


def _joins(char: str) -> bool:
    return char > "\x7f" and (unicodedata.combining(char) != 0 or char in _COMPOSING)


def _cluster_end(text: str, end: int) -> int:
    """``end`` moved past the marks that belong to the character before it."""
    while end < len(text) and _joins(text[end]):
        end += 1
    return end


def normalise_text(text: str) -> str:
    folded = _simple(text)
    return " ".join(folded.split()) if folded is not None else normalise(text)[0]


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

    @cached_property
    def fragment(self) -> str:
        """``#:~:text=...``, for a deep link into the original page."""
        return text_fragment(self.exact)


@dataclass(frozen=True)
class Variant:
    """A passage that gives a quote with a few words different."""

    paragraph: int
    exact: str  # the passage, white space collapsed
    diff: tuple[tuple[str, str, str], ...]  # (difflib opcode, the quote's words, the passage's words), in order
    changed: int  # words that differ


class Snapshot:
    """The text of one source, prepared for fast repeated look-ups."""

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def spans(self) -> list[tuple[int, int]]:
        """Where each paragraph stands in ``text``."""
        spans = []
        for paragraph in _PARAGRAPH_TEXT.finditer(self.text):
            body = paragraph.group()
            start = paragraph.start() + len(body) - len(body.lstrip())
            end = paragraph.end() - (len(body) - len(body.rstrip()))
            if start < end:
                spans.append((start, end))
        return spans

    @cached_property
    def paragraphs(self) -> list[tuple[str, Sequence[int]]]:
        """Each paragraph's normalised text and the origin of each of its characters: made when first asked
        for, since a build that takes every check from its cache reads snapshots only for their digests."""
        return [_normalise(self.text, start, end) for start, end in self.spans]

    @cached_property
    def sha256(self) -> str:
        """The SHA-256 (hex) of its text: what a build cache keys on it by."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def _paragraphs_with(self) -> dict[str, list[int]]:
        """Each run of word characters of the normalised text, and each pair of neighbouring
        runs, with the paragraphs it stands in.

        A match starts and ends on word boundaries, so every run of a quote's part, and
        every pair of neighbouring runs within a part, stands whole in the paragraph it is
        found in: the paragraphs that hold its two rarest are the only ones worth searching,
        and one the snapshot lacks answers at once.
        """
        index: dict[str, list[int]] = {}
        for i, (norm, _) in enumerate(self.paragraphs):
            for key in _runs((norm,)):
                index.setdefault(key, []).append(i)
        return index

    def find(self, quote: str, parts: list[str] | None = None) -> Match | None:
        """Where ``quote`` (its ``parts``, from ``quote_parts``, when known) stands, or None."""
        parts = quote_parts(quote) if parts is None else parts
        if not parts:
            return None
        index = self._paragraphs_with
        held = []
        for run in _runs(tuple(parts)):
            paragraphs = index.get(run)
            if paragraphs is None:
                return None  # a word the snapshot lacks
            held.append(paragraphs)
        held.sort(key=len)
        candidates: Iterable[int] = held[0] if held else range(len(self.paragraphs))
        if len(held) > 1 and len(held[0]) > 1:  # the paragraphs that hold the two rarest
            candidates = sorted(set(held[0]).intersection(held[1]))
        for i in candidates:
            norm, origin = self.paragraphs[i]
            spans = _find_in_order(norm, parts)
            if spans:
                start = origin[spans[0][0]]
                end = _cluster_end(self.text, origin[spans[-1][1] - 1] + 1)
                return self._match(i, start, end)
        return None

    def lead_in(self, match: Match) -> str:
        """The words of the source that lead up to ``match`` in its sentence ("the two pledged that they will"),
        at most LEAD_IN_WORDS of them, "…" first when some are left out; "" when it opens its sentence."""
        before = self.text[self.spans[match.paragraph][0] : match.start]
        ends = list(_SENTENCE_END.finditer(before))
        if ends:
            before = before[ends[-1].end() :]
        words = before.rstrip().rstrip(_OPENING_MARKS).split()
        if len(words) > LEAD_IN_WORDS:
            return "… " + " ".join(words[-LEAD_IN_WORDS:])
        return " ".join(words)

    def _match(self, paragraph: int, start: int, end: int) -> Match:
        text = self.text
        exact = text[start:end]
        prefix = " ".join(text[max(0, start - CONTEXT_CHARS * 2) : start].split())[-CONTEXT_CHARS:]
        suffix = " ".join(text[end : end + CONTEXT_CHARS * 2].split())[:CONTEXT_CHARS]
        if text[max(0, start - 1) : start].isspace():
            prefix += " "
        if text[end : end + 1].isspace():
            suffix = " " + suffix
        return Match(start, end, paragraph, exact, prefix, suffix)

    @cached_property
    def _words(self) -> list[list[tuple[str, int, int]]]:
        """Per paragraph: each normalised word with the original span it came from."""
        return [
            [(w.group(), origin[w.start()], _cluster_end(self.text, origin[w.end() - 1] + 1)) for w in _TOKEN.finditer(norm)]
            for norm, origin in self.paragraphs
        ]

    @cached_property
    def _bare_words(self) -> list[list[str]]:
        """Per paragraph: its words (those of ``_words``) as variants compare them."""
        return [[_bare(w) for w in _TOKEN.findall(norm)] for norm, _ in self.paragraphs]

    @cached_property
    def _pairs(self) -> dict[str, list[int]]:
        """Each pair of neighbouring bare words, with the paragraphs that have it."""
        index: dict[str, list[int]] = {}
        for i, words in enumerate(self._bare_words):
            for pair in {f"{a} {b}" for a, b in zip(words, words[1:])}:
                index.setdefault(pair, []).append(i)
        return index

    def variant(self, quote: str, parts: list[str] | None = None) -> Variant | None:
        """A passage that gives ``quote`` with a few words different: never a match, only a sign
        that the snapshot carries the words in another version (``None`` when it does not)."""
        target, folded, pairs = _variant_words(" ".join(quote_parts(quote) if parts is None else parts))
        if len(target) < VARIANT_MIN_WORDS:
            return None
        index = self._pairs
        present = [index[pair] for pair in pairs if pair in index]
        needed = len(pairs) * VARIANT_SHARED_PAIRS
        if len(present) < needed:  # most words of other sources: none is near
            return None
        shared = Counter(i for paragraphs in present for i in paragraphs)
        best: Variant | None = None
        for paragraph, count in sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:VARIANT_PARAGRAPHS]:
            if count < needed:
                break
            found = self._variant_in(paragraph, target, folded)
            if found is not None and (best is None or found.changed < best.changed):
                best = found
        return best

    def _variant_in(self, index: int, target: Sequence[str], folded: Sequence[str]) -> Variant | None:
        words, bare = self._words[index], self._bare_words[index]
        matcher = difflib.SequenceMatcher(None, folded, bare, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            return None
        allowed = max(VARIANT_MAX_CHANGED, len(target) * VARIANT_SHARE_CHANGED)
        longest = max(blocks, key=lambda b: b.size)
        best: tuple[int, list, list] | None = None
        for first, last in ((blocks[0], blocks[-1]), (longest, longest)):  # a common word far off may stretch the first
            start, end = first.b - first.a, last.b + last.size + (len(target) - last.a - last.size)  # the quote's span, stretched
            lo, hi = max(0, start), min(len(words), end)
            window = words[lo:hi]
            ops = difflib.SequenceMatcher(None, folded, bare[lo:hi], autojunk=False).get_opcodes()
            if len(ops) > 1 and ops[-1][0] == "insert":  # words after the quote's last, taken in by the stretch
                window, ops = window[: ops[-1][3]], ops[:-1]
            if len(ops) > 1 and ops[0][0] == "insert":  # and before its first
                cut = ops[0][4]
                window, ops = window[cut:], [(tag, i1, i2, j1 - cut, j2 - cut) for tag, i1, i2, j1, j2 in ops[1:]]
            changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
            if 0 < changed <= allowed and (best is None or changed < best[0]):
                best = (changed, window, ops)
        if best is None:
            return None
        changed, window, ops = best
        diff = tuple(
            (tag, " ".join(target[i1:i2]), " ".join(w for w, _, _ in window[j1:j2])) for tag, i1, i2, j1, j2 in ops
        )
        exact = " ".join(self.text[window[0][1] : window[-1][2]].split())
        return Variant(index, exact, diff, changed)

    def explain(self, quote: str) -> str:
        """Why ``quote`` is not found, for a message: its parts are apart, or the closest passage."""
        parts = quote_parts(quote)
        if len(parts) > 1 and all(self.find(part) for part in parts):
            return "each of its parts is in the source, but not in this order within one paragraph"
        closest = self.closest(quote)
        return f'closest passage: "{closest}"' if closest else ""

    @cached_property
    def _places(self) -> tuple[dict[str, list[int]], array, array]:
        """Where each word stands: by its bare form (``_bare``), the places (word counts from the
        start of the snapshot) it stands at; and for each place, its paragraph and that paragraph's first place."""
        where: dict[str, list[int]] = {}
        paragraph_of, first_of = array("l"), array("l")
        for index, words in enumerate(self._words):
            first = len(paragraph_of)
            for place, (word, _, _) in enumerate(words, first):
                where.setdefault(_bare(word), []).append(place)
            paragraph_of.extend([index] * len(words))
            first_of.extend([first] * len(words))
        return where, paragraph_of, first_of

    def closest(self, quote: str) -> str | None:
        """The run of words in the snapshot most like ``quote``, to explain a failed match.

        Runs of as many words as the quote has are compared by their characters
        (``similarity``), but only those its words point to: each place where one of
        them stands (the rarest first, up to ``CLOSEST_PLACES`` places) votes for the
        run of its paragraph it would stand in, and the runs with most votes, and their neighbours, are compared.
        """
        target = " ".join(quote_parts(quote))
        words = target.split()
        size = max(1, len(words))
        where, paragraph_of, first_of = self._places
        pairs = sorted(((j, _bare(w)) for j, w in enumerate(words)), key=lambda pair: len(where.get(pair[1], ())))
        if not any(pair[1] in where for pair in pairs):  # a word mistyped, perhaps: its nearest spellings
            near = {w: difflib.get_close_matches(w, where, n=3, cutoff=0.75) for _, w in pairs[:CLOSEST_WORDS]}
            pairs = [(j, other) for j, w in pairs[:CLOSEST_WORDS] for other in near[w]]
        votes: Counter[int] = Counter()
        voted = 0
        for j, word in pairs:
            if voted >= CLOSEST_PLACES:
                break
            places = where.get(word, ())
            votes.update(max(place - j, first_of[place]) for place in places)  # a run starts in the paragraph of its word
            voted += len(places)
        best, best_ratio = None, 0.0
        starts = set()
        for start, _ in votes.most_common(CLOSEST_RUNS):
            index, first = paragraph_of[start], first_of[start]
            last = first + max(0, len(self._words[index]) - size)  # the last start of a run in that paragraph
            starts |= {(index, min(max(s, first), last) - first) for s in range(start - CLOSEST_SHIFT, start + CLOSEST_SHIFT + 1)}
        for index, i in sorted(starts):
            window = self._words[index][i : i + size]
            ratio = similarity(" ".join(w for w, _, _ in window), target)
            if ratio > best_ratio:
                best, best_ratio = self.text[window[0][1] : window[-1][2]], ratio
        return " ".join(best.split()) if best and best_ratio >= CLOSEST_RATIO else None


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0 to 1: twice their longest common subsequence of characters over their lengths.

    The subsequence is counted with one integer as a bit per character of ``b``
    (Hyyrö's bit-parallel algorithm), so that long texts cost little.
    """
    if not a or not b:
        return float(a == b)
    masks: dict[str, int] = {}
    for i, char in enumerate(b):
        masks[char] = masks.get(char, 0) | 1 << i
    full = (1 << len(b)) - 1
    row = full
    for char in a:
        matched = row & masks.get(char, 0)
        row = ((row + matched) | (row - matched)) & full
    common = len(b) - row.bit_count()
    return 2 * common / (len(a) + len(b))


@functools.lru_cache(maxsize=256)
def _runs(parts: tuple[str, ...]) -> frozenset[str]:
    """The runs of word characters of each part, and the pairs of neighbouring runs within
    a part ("a b"): what ``Snapshot._paragraphs_with`` indexes. Made once for a quote looked
    for in several sources."""
    keys: set[str] = set()
    for part in parts:
        runs = _RUN.findall(part)
        keys.update(runs)
        keys.update(f"{a} {b}" for a, b in zip(runs, runs[1:]))
    return frozenset(keys)


@functools.lru_cache(maxsize=256)
def _variant_words(text: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """A quote's words, their bare forms and its pairs of neighbouring bare words: made once
    for a quote looked for in each of a brief's sources."""
    target = tuple(text.split())
    folded = tuple(_bare(w) for w in target)
    return target, folded, frozenset(f"{a} {b}" for a, b in zip(folded, folded[1:]))


def _bare(word: str) -> str:
    """A word as variants are compared: case folded, without the punctuation around it."""
    return word.strip(_PUNCTUATION).casefold() or word


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
