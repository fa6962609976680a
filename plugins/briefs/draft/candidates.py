"""Caveats to consider: what in an article's own wording an editor may want to warn readers of.

Each candidate has a suggested kind (one of ``kinds.CAVEAT_KINDS``), the claim in
the article's own words (found in the snapshot, so that it checks) and why it
was proposed. They are signals, not findings: the draft marks each for review,
and an editor keeps, rewrites or deletes it.

What is looked for, outside quotations and in sentences that report no one's words:

- a name spelt two ways: one letter from a name of the registry ("Jim Jong-un"
  beside "Kim Jong-un") or from a full name given earlier ("Smyth" after "John Smith");
- claims given to no one ("critics say", "reportedly", "it is believed");
- the writer's own opinion (the first person, words of judgement) and speculation
  ("could easily", "may well"); an inference ("would indicate");
- certainty without a source ("are certain that"), a first or a rarity ("the
  first country to", "uncommon"), and figures with no source;
- a headline or an opening whose words the body never takes up;
- a stock-photo credit as the article's only image credit;
- one quote given to two speakers, together or in two places;
- an account that rests on one medium ("according to KCNA"), and a text the
  article speaks of without giving it ("they exchanged letters").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import snowballstemmer
from rapidfuzz.distance import DamerauLevenshtein

from ..kinds import CAVEAT_KINDS
from ..model import Actor
from .speakers import _CUES, Quoted, Reader

MAX_PER_SIGNAL = 8  # an article that sets off one signal more often than this is of a kind, not a list of caveats
MAX_FIGURES = 5  # figures with no source are the rule in news: the first few stand for the rest
MAX_FIRST_PERSON = 3  # and so is the first person in a column or a blog
OPENING_SENTENCES = 2  # the lede: the opening's first sentences
MAX_CANDIDATES = 60
NEAR_WORDS = 6  # a word of saying this near a name reports the name's words
MIN_CLAUSE_WORDS = 6  # a shorter clause is read with its neighbour
MIN_OPENING_WORDS = 12  # a shorter first paragraph is a credit, a dateline or a standfirst, not the opening
MIN_BODY_WORDS = 60  # with less body there is nothing to hold an opening to
MAX_CREDIT_WORDS = 15


@dataclass(frozen=True)
class Candidate:
    """A caveat to consider: ``claim`` stands at ``start``-``end`` of the article's text."""

    kind: str
    signal: str  # what set it off: one of SIGNALS
    claim: str
    why: str
    start: int
    end: int


SIGNALS = {  # signal: the caveat kind it suggests
    "spelling": "error",
    "unattributed": "unverified",
    "one-medium": "unverified",
    "text-not-given": "unverified",
    "two-speakers": "unverified",
    "inference": "unverified",
    "first-person": "opinion",
    "judgement": "opinion",
    "speculation": "opinion",
    "certainty": "unsupported",
    "comparison": "unsupported",
    "figure": "unsupported",
    "headline": "framing",
    "opening": "framing",
    "stock-photo": "framing",
}
assert set(SIGNALS.values()) <= set(CAVEAT_KINDS)


def _words(*phrases: str) -> re.Pattern:
    return re.compile(r"(?<![\w'’])(?:%s)(?![\w'’])" % "|".join(sorted(phrases, key=len, reverse=True)), re.I)


_UNATTRIBUTED = _words(
    r"reportedly", r"allegedly", r"purportedly", r"supposedly", r"rumou?red",
    r"(?:it|this) (?:is|was|has been) (?:widely )?(?:said|believed|thought|understood|reported|alleged|claimed|rumou?red|feared|known)",
    r"(?:is|are|was|were) (?:widely )?(?:said|believed|thought|understood|reported|alleged|rumou?red) to",
    r"(?:critics|observers|analysts|experts|insiders|sources|commentators|some|many|others|people) (?:say|said|believe|believed|claim|claimed|argue|argued|suggest|suggested|fear|feared|think|thought)",
    r"(?:sources|people) (?:close to|familiar with)", r"there (?:are|were) reports", r"reports (?:say|said|suggest|suggested)",
    r"word is", r"it emerged",
)
_FIRST_PERSON = re.compile(r"(?<![\w'’])(?:I|I['’](?:m|ve|d|ll)|[Ww]e|[Ww]e['’](?:re|ve|d|ll)|[Oo]urs?|[Uu]s|[Mm]y|[Mm]e|[Oo]urselves|[Mm]yself)(?![\w'’])")
_CAPITALISED_PERSON = {"We", "Us", "Our", "Ours", "My", "Me"}  # mid-sentence, a name: "The We Company"
_JUDGEMENT = _words(
    r"nothing short of", r"incredibly", r"notoriously", r"shocking(?:ly)?", r"outrageous(?:ly)?", r"disgraceful(?:ly)?",
    r"ridiculous(?:ly)?", r"absurd(?:ly)?", r"astonishing(?:ly)?", r"appalling(?:ly)?", r"disastrous(?:ly)?", r"pathetic(?:ally)?",
    r"foolish(?:ly)?", r"reckless(?:ly)?", r"shameful(?:ly)?", r"laughabl[ey]", r"sadly", r"unfortunately", r"fortunately",
    r"thankfully", r"hopefully", r"of course", r"obviously", r"surely", r"frankly", r"needless to say", r"ironically",
    r"(?:it['’]s|it is) not surprising", r"unsurprisingly", r"not surprisingly", r"(?:un)?stable", r"brilliant(?:ly)?",
    r"terribl[ey]", r"horribl[ey]", r"amazing(?:ly)?", r"remarkabl[ey]", r"stunning(?:ly)?", r"sheer", r"utterly",
    r"deeply (?:troubling|worrying|disturbing)", r"troubling", r"alarming(?:ly)?",
)
_SPECULATION = _words(
    r"could (?:easily|well|soon)", r"may well", r"might well", r"(?:would|will) (?:likely|probably|almost certainly)",
    r"(?:is|are|was|were) (?:likely|bound|set) to", r"probably", r"possibly", r"perhaps", r"conceivably", r"it seems",
    r"it appears", r"seemingly", r"almost certainly", r"in all likelihood", r"chances are",
)
_INFERENCE = _words(
    r"would (?:indicate|suggest|imply)", r"(?:indicates|suggests|implies) that", r"implying", r"presumably", r"must have",
    r"one can assume", r"it follows that",
)
_CERTAINTY = _words(
    r"(?:is|are|was|were) (?:certain|sure|convinced) that", r"certainly", r"undoubtedly", r"(?:without|beyond) (?:a |any )?doubt",
    r"no doubt", r"definitely", r"(?:it is|it['’]s) clear that", r"clearly", r"everyone knows", r"there is no question",
    r"(?:is|are) imminent", r"inevitabl[ey]", r"undeniabl[ey]", r"unquestionabl[ey]",
)
_COMPARISON = re.compile(
    r"(?<![\w'’])(?:(?:the|be|being|was|is|are|were) (?:first|only|last|biggest|largest|greatest|worst|best)\b[^.;:!?]{0,60}?\bto\b"
    r"|(?:un(?:common|usual|precedented|heard of)|rare(?:ly)?|never before|for the first time|record[- ]breaking))(?![\w'’])",
    re.I,
)
_TEXT_NOT_GIVEN = re.compile(
    r"(?<![\w'’])(?:exchanged|sent|wrote|signed|issued|released|published|received|traded|delivered)\s+"
    r"(?:[\w’'\-]+\s+){0,2}?"
    r"(?:letters?|messages?|notes?|memos?|memorand(?:um|a)|documents?|reports?|statements?|communiqu[eé]s?|agreements?|treat(?:y|ies)|cables?)(?![\w'’])",
    re.I,
)
_ACCORDING = re.compile(r"(?<![\w'’])according to\s+", re.I)
_SAYING = re.compile(r"(?<![\w'’])(?:said|says|told|tells|stated|added|announced|insisted|argued|explained)(?![\w'’])")  # verbs only
_MEDIUM_WORDS = re.compile(
    r"\b(?:News|Agency|Press|Times|Post|Television|TV|Radio|Broadcasting|Network|Journal|Herald|Tribune|Telegraph|Gazette|Daily|Wire|Channel)\b"
    r"|\b(?:[A-Z]{3,6})\b|\b(?:state[- ]run|state media|broadcaster|newspaper|news agency|outlet)\b"
)
_SOURCE_WORDS = re.compile(
    r"\b(?:according|data|figures|statistics|survey|census|poll|study|estimates?|research|report(?:ed|s)?|records|quoted|cited|told|says?|said)\b", re.I
)
# a share, a sum of money, or a count in thousands: what has to have been measured or counted by someone
_FIGURE = re.compile(
    r"(?<![\w.,\-/:])(?:[$€£¥]\s?\d+(?:,\d{3})*(?:\.\d+)?(?:\s?(?:million|billion|trillion|thousand|bn|m)\b)?"
    r"|\d+(?:,\d{3})*(?:\.\d+)?\s?(?:%|per ?cent\b|percent\b|million\b|billion\b|trillion\b|bn\b)"
    r"|\d{1,3}(?:,\d{3})+(?![\w\-/:]|[.,]\d))"
    r"|(?<![\w'’])(?:hundreds|thousands|millions|billions|tens of thousands) of\b",
    re.I,
)
_STOCK = re.compile(
    r"shutterstock|getty\s?images|gettyimages|istock(?:photo)?|alamy|adobe\s?stock|dreamstime|depositphotos|123rf|pexels|unsplash|pixabay|stock (?:photo|image)",
    re.I,
)
_IMAGE_CREDIT = re.compile(r"^(?:photo|image|picture|photograph|credit|illustration)s?\b|©|\(photo\b|\bphoto(?:graph)?:|\b(?:AP|AFP|EPA|Reuters)\s*(?:/|photo)", re.I)
_CLAUSE_BREAK = re.compile(r"(?<!\d),(?!\d)|[;:—–]|\s-\s")
_NAME_TOKEN = re.compile(r"(?<![\w’'\-])[A-Z](?:[\w\-]|['’](?!s\b)(?=\w))*")  # "Jong-un", "O’Brien"; not the "’s" of "Kim’s"
_WORD = re.compile(r"[^\W\d_][\w’'\-]*")
_SUFFIXES = ("s", "n", "y", "i", "es", "an", "ns", "ic", "'s", "’s", "ian", "ese", "ish")  # "Korea"/"Korean", "Germany"/"German": not misspellings
MIN_VARIANT_LETTERS = {1: 5, 2: 3}  # the shortest word told as a variant, alone / in a name of two or more words
STOP_WORDS = frozenset(
    """a about above after again against all also although am among an and another any are around as at be because been
    before being below between both but by can could did do does doing down during each either even ever every few for
    from further had has have having he her here hers herself him himself his how however i if in into is it its itself
    just least less like many may me might more most much must my neither no nor not now of off on once only or other our
    ours out over own same she should so some such than that the their theirs them themselves then there these they this
    those through thus to too under until up upon us very was we were what when where whether which while who whom whose
    why will with within without would yet you your one two three four five six seven eight nine ten new said says say
    already still again back well get got make made take took go went come came give gave put per via its it's they're
    isn't isn aren't wasn't weren't don't doesn't didn't won't can't next last first year years month months week weeks day
    days time times way really based expected including""".split()
)


@functools.lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("english")


def candidates(reader: Reader, quoted: list[Quoted], title: str | None = None) -> list[Candidate]:
    """The caveats to consider in the article ``reader`` has read, in the order their claims stand."""
    return _Finder(reader, quoted, title).find()


class _Finder:
    def __init__(self, reader: Reader, quoted: list[Quoted], title: str | None):
        self.reader = reader
        self.article = reader.article
        self.text = self.article.text
        self.masked = self.article.masked
        self.snapshot = self.article.snapshot
        self.quoted = quoted
        self.title = title
        self.registry: dict[str, Actor] = reader.registry

    def find(self) -> list[Candidate]:
        """Every signal's candidates; those of one kind whose claims overlap made one, their reasons joined."""
        found: list[Candidate] = []
        for signal, start, end, why in self._signals():
            made = self._candidate(signal, start, end, why)
            if made is None:
                continue
            same = next((i for i, o in enumerate(found) if o.kind == made.kind and o.start < made.end and made.start < o.end), None)
            if same is None:
                found.append(made)
                continue
            o = found[same]
            why = o.why if made.why in o.why else f"{o.why}; {made.why}"
            joined = self._candidate(o.signal, min(o.start, made.start), max(o.end, made.end), why)
            if joined is not None:
                found[same] = joined
        found.sort(key=lambda c: c.start)
        return found[:MAX_CANDIDATES]

    def _signals(self) -> Iterator[tuple[str, int, int, str]]:
        yield from _capped(self._spelling())
        yield from _capped(self._headline_and_opening())
        yield from _capped(self._stock_photo())
        yield from _capped(self._two_speakers())
        yield from _capped(self._one_medium())
        reported = self._reported_sentences()
        for signal, pattern, why in (
            ("unattributed", _UNATTRIBUTED, "“{}”: the article does not say who claims this"),
            ("inference", _INFERENCE, "“{}”: an inference of the writer's; what does it rest on?"),
            ("speculation", _SPECULATION, "“{}”: speculation in the writer's voice"),
            ("judgement", _JUDGEMENT, "“{}”: a judgement in the writer's voice, not reporting"),
            ("first-person", _FIRST_PERSON, "“{}”: the writer speaks in the first person"),
            ("certainty", _CERTAINTY, "“{}”: stated as certain, with no source"),
            ("comparison", _COMPARISON, "“{}”: a first, a rarity or a record, with no source"),
            ("text-not-given", _TEXT_NOT_GIVEN, "“{}”: the article speaks of a text it does not give"),
        ):
            yield from _capped(self._phrases(signal, pattern, why, reported), MAX_FIRST_PERSON if signal == "first-person" else MAX_PER_SIGNAL)
        yield from _capped(self._figures(reported), MAX_FIGURES)

    # -- claims ---------------------------------------------------------------------

    def _candidate(self, signal: str, start: int, end: int, why: str) -> Candidate | None:
        """The candidate whose claim is the article's words at ``start``-``end``, checked as a claim is; or None."""
        while start < end and (self.text[start].isspace() or self.text[start] in ",;:—–-"):
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",;:—–-"):
            end -= 1
        if self.text[start:end][:1] in "“\"" and self.text[start:end][-1:] in "”\"":  # a claim in its own marks is refused
            start, end = start + 1, end - 1
        claim = " ".join(self.text[start:end].split())
        if len(claim.split()) < 1 or self.snapshot.find(claim) is None:
            return None
        return Candidate(SIGNALS[signal], signal, claim, why, start, end)

    def _sentence(self, offset: int) -> tuple[int, int]:
        start, end, _ = self.article.sentences[self.article.sentence_of(offset)]
        return start, end

    def _clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause of its sentence that holds ``start``-``end``, with its neighbours while it is short."""
        s_start, s_end = self._sentence(start)
        s_end = max(s_end, self._sentence(max(start, end - 1))[1])
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(self.masked, s_start, s_end)]
        bounds = [s_start, *breaks, s_end]
        pieces = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
        first = next((i for i, (a, b) in enumerate(pieces) if b > start), 0)
        last = next((i for i, (a, b) in enumerate(pieces) if b >= end), len(pieces) - 1)
        a, b = pieces[first][0], pieces[last][1]
        while len(self.text[a:b].split()) < MIN_CLAUSE_WORDS and (first > 0 or last < len(pieces) - 1):
            if last < len(pieces) - 1:
                last += 1
            else:
                first -= 1
            a, b = pieces[first][0], pieces[last][1]
        return a, b

    # -- the signals --------------------------------------------------------------------

    def _reported_sentences(self) -> set[int]:
        """The sentences that report someone's words: "according to", or a word of saying outside quotations
        within a few words of a name, a pronoun or a title ("promises between these nations" reports no one)."""
        reported = set()
        for index, (start, end, _) in enumerate(self.article.sentences):
            words = self.masked[start:end]
            if _ACCORDING.search(words) or _SAYING.search(words):
                reported.add(index)
                continue
            mentions = [m for m in self.reader.by_sentence.get(index, []) if m.kind != "other"]
            for cue in _CUES.finditer(words):
                a, b = start + cue.start(), start + cue.end()
                if cue.group().islower() and any(len(self.masked[min(m.end, a) : max(m.start, b)].split()) <= NEAR_WORDS for m in mentions):
                    reported.add(index)
                    break
        return reported

    def _phrases(self, signal: str, pattern: re.Pattern, why: str, reported: set[int]) -> Iterator[tuple[str, int, int, str]]:
        for m in pattern.finditer(self.masked):
            if "_" in m.group() or self.article.sentence_of(m.start()) in reported:
                continue
            if signal == "first-person" and m.group() in _CAPITALISED_PERSON and not _opens_sentence(self.masked, m.start()):
                continue
            a, b = self._clause(m.start(), m.end())
            yield signal, a, b, why.format(" ".join(m.group().split()))

    def _figures(self, reported: set[int]) -> Iterator[tuple[str, int, int, str]]:
        for m in _FIGURE.finditer(self.masked):
            figure = m.group()
            index = self.article.sentence_of(m.start())
            s_start, s_end, _ = self.article.sentences[index]
            if index in reported or _SOURCE_WORDS.search(self.masked[s_start:s_end]):
                continue
            a, b = self._clause(m.start(), m.end())
            yield "figure", a, b, f"“{' '.join(figure.split())}”: a figure with no source"

    def _two_speakers(self) -> Iterator[tuple[str, int, int, str]]:
        def names(q: Quoted) -> str:
            return " and ".join(w.id or w.name for w in q.speakers)

        for q in self.quoted:
            if len(q.speakers) > 1:
                a, b = self._clause(q.start, q.end)
                yield "two-speakers", a, b, f"“{q.quote}” is given to {names(q)} together: whose words are they?"
        folded = [(q, q.quote.casefold()) for q in self.quoted if q.speakers]
        for q, words in folded:
            if len(words.split()) < 2:
                continue
            other = next((o for o, w in folded if o is not q and words in w and set(o.speakers) != set(q.speakers)), None)
            if other is not None and len(q.speakers) == 1:
                a, b = self._clause(q.start, q.end)
                yield "two-speakers", a, b, f"“{q.quote}” is given to {names(q)} here and, within a longer quote, to {names(other)}"

    def _one_medium(self) -> Iterator[tuple[str, int, int, str]]:
        """"according to" a medium: each medium once, where it is first named so."""
        media = {n.casefold(): actor_id for actor_id, a in self.registry.items() if a.kind == "media" for n in (a.name, *a.aliases)}
        seen: set[str] = set()
        for m in _ACCORDING.finditer(self.masked):
            rest = re.match(r"[^,.;:!?\n_“”\"]{1,100}", self.masked[m.end() :])
            if not rest:
                continue
            end = m.end() + len(rest.group().rstrip())
            paren = re.match(r"\s*\([^()\n]{1,20}\)", self.masked[end:])
            end += len(paren.group()) if paren else 0
            phrase = self.text[m.end() : end]
            known = {actor_id for name, actor_id in media.items() if re.search(r"(?<!\w)%s(?!\w)" % re.escape(name), phrase.casefold())}
            if not known and not _MEDIUM_WORDS.search(phrase):
                continue
            keys = known or {" ".join(phrase.split()).casefold()}
            if keys & seen:
                continue
            seen |= keys
            who = " ".join(phrase.split())
            yield "one-medium", m.start(), end, f"what this says is known through {who}: does any other source confirm it?"

    def _stock_photo(self) -> Iterator[tuple[str, int, int, str]]:
        credits = [(a, b) for a, b in self.snapshot.spans if len(self.text[a:b].split()) <= MAX_CREDIT_WORDS and (_STOCK.search(self.text[a:b]) or _IMAGE_CREDIT.search(self.text[a:b]))]
        stock = [(a, b) for a, b in credits if _STOCK.search(self.text[a:b])]
        if stock and len(stock) == len(credits):
            a, b = stock[0]
            yield "stock-photo", a, b, "the article's only image credit is a stock-photo agency's: the image may show nothing of what it reports"

    def _spelling(self) -> Iterator[tuple[str, int, int, str]]:
        """Names one letter from a name of the registry, or from a rarer spelling's more common twin in the article."""
        registry = {tuple(n.split()): n for a in self.registry.values() for n in (a.name, *a.aliases)}
        ordinary = {w.casefold() for w in _WORD.findall(self.masked) if w.islower()}
        windows: list[tuple[tuple[str, ...], int, int]] = []  # every name of one to four words, where it stands, longest first
        for tokens in _name_runs(self.text):
            for n in range(min(4, len(tokens)), 0, -1):
                for i in range(len(tokens) - n + 1):
                    part = tokens[i : i + n]
                    name = tuple(t for t, _ in part)
                    if n == 1 and (i != len(tokens) - 1 or name[0].casefold() in ordinary or _opens_sentence(self.text, part[0][1])):
                        continue  # a single word only as a surname, never a word that is not only a name or may open a sentence
                    windows.append((name, tokens[0][1], part[-1][1] + len(part[-1][0])))
        counts: dict[tuple[str, ...], int] = {}
        first: dict[tuple[str, ...], int] = {}
        for name, start, _ in windows:
            counts[name] = counts.get(name, 0) + 1
            first.setdefault(name, start)
        names = {*registry, *counts}
        variants = _Variants({word for name in names for word in name})
        reported: set[tuple[str, ...]] = set()
        runs_reported: set[int] = set()
        for name, start, end in windows:
            if name in registry or name in reported or start in runs_reported:
                continue
            for other in _variants_of(name, names, variants):
                if other not in registry and (counts[other], -first[other]) < (counts[name], -first[name]):
                    continue  # of two spellings in the article, the rarer (or the later) is the suspect
                reported.add(name)
                runs_reported.add(start)
                where = "actors.yaml" if other in registry else "the article"
                yield "spelling", start, end, f"“{' '.join(name)}” is one letter from “{registry.get(other) or ' '.join(other)}” ({where}): a misspelt name?"
                break

    def _headline_and_opening(self) -> Iterator[tuple[str, int, int, str]]:
        """A headline or opening sentence most of whose words the body never uses."""
        spans = self.snapshot.spans
        headline = None
        if self.title and spans:
            match = self.snapshot.find(self.title)
            if match is not None and match.paragraph == 0:
                headline = spans[0]
        rest = spans[1:] if headline else spans
        opening = next((i for i, (a, b) in enumerate(rest) if len(self.text[a:b].split()) >= MIN_OPENING_WORDS), None)
        if opening is None:
            return
        body = rest[opening + 1 :]
        body_words = {_stem(w) for a, b in body for w in _WORD.findall(self.text[a:b].casefold())}
        if sum(len(self.text[a:b].split()) for a, b in body) < MIN_BODY_WORDS:
            return
        if headline:
            missing, total = _unsupported(self.text[headline[0] : headline[1]], body_words, lower_only=False)
            if len(missing) >= 2 and len(missing) >= 0.4 * total:
                yield "headline", *headline, f"the body never takes up these words of the headline: {', '.join(missing)}"
        a, b = rest[opening]
        first = self.article.sentence_of(a)
        for s_start, s_end, _ in self.article.sentences[first : min(first + OPENING_SENTENCES, self.article.sentence_of(b - 1) + 1)]:
            missing, total = _unsupported(self.text[s_start:s_end], body_words, lower_only=True)
            if len(missing) >= 3 and len(missing) >= 0.5 * total:
                yield "opening", s_start, s_end, f"the body never takes up these words of the opening: {', '.join(missing)}"
                continue
            breaks = [m.end() for m in _CLAUSE_BREAK.finditer(self.masked, s_start, s_end)]
            flagged: list[tuple[int, int, list[str]]] = []
            for c_start, c_end in zip([s_start, *breaks], [*breaks, s_end]):
                missing, total = _unsupported(self.text[c_start:c_end], body_words, lower_only=True)
                if len(missing) >= 3 and len(missing) >= 0.5 * total:
                    if flagged and flagged[-1][1] == c_start:  # clauses next to each other: one claim
                        flagged[-1] = (flagged[-1][0], c_end, flagged[-1][2] + missing)
                    else:
                        flagged.append((c_start, c_end, missing))
            for c_start, c_end, missing in flagged:
                yield "opening", c_start, c_end, f"the body never takes up these words of the opening: {', '.join(missing)}"


def _unsupported(text: str, body: set[str], lower_only: bool) -> tuple[list[str], int]:
    """The content words of ``text`` whose stems the body lacks, and how many content words it has."""
    words = [w for w in _WORD.findall(text) if w.casefold() not in STOP_WORDS and len(w) > 2 and (not lower_only or w.islower())]
    missing = [w for w in words if _stem(w.casefold()) not in body]
    return list(dict.fromkeys(missing)), len(words)


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word.replace("’", "'").removesuffix("'s"))


def _name_runs(text: str) -> Iterator[list[tuple[str, int]]]:
    """Runs of capitalised words joined by single spaces, each word with its offset."""
    run: list[tuple[str, int]] = []
    for m in _NAME_TOKEN.finditer(text):
        if run and text[run[-1][1] + len(run[-1][0]) : m.start()] == " ":
            run.append((m.group(), m.start()))
            continue
        if run:
            yield run
        run = [(m.group(), m.start())]
    if run:
        yield run


def _opens_sentence(text: str, offset: int) -> bool:
    before = text[max(0, offset - 3) : offset].rstrip(" “\"‘'(")
    return not before or before[-1] in ".!?:\n”\""


class _Variants:
    """The words one edit from each word of a vocabulary, found by the words with one letter deleted that they
    share ("Smith" and "Smyth" both give "Smth"), so that no word is compared with every other."""

    def __init__(self, words: set[str]):
        self.by_key: dict[str, set[str]] = {}
        for word in words:
            for key in _keys(word.casefold()):
                self.by_key.setdefault(key, set()).add(word)
        self.cache: dict[str, list[str]] = {}

    def of(self, word: str) -> list[str]:
        if word not in self.cache:
            folded = word.casefold()
            near = {w for key in _keys(folded) for w in self.by_key.get(key, ())}
            self.cache[word] = sorted(w for w in near if _one_edit(word, w))
        return self.cache[word]


def _keys(folded: str) -> set[str]:
    return {folded, *(folded[:i] + folded[i + 1 :] for i in range(len(folded)))}


def _one_edit(word: str, other: str) -> bool:
    """Two spellings of one name, as far as letters tell: one edit apart, not a demonym or a plural, no digits."""
    if word.casefold() == other.casefold() or not other[:1].isupper() or any(ch.isdigit() for ch in word + other):
        return False  # "AC1200" and "AC1900" are models
    a, b = sorted((word.casefold(), other.casefold()), key=len)
    if b.startswith(a) and b[len(a) :] in _SUFFIXES:
        return False
    return DamerauLevenshtein.distance(word.casefold(), other.casefold()) == 1


def _variants_of(window: tuple[str, ...], names: set[tuple[str, ...]], variants: _Variants) -> Iterator[tuple[str, ...]]:
    """The names of ``names`` that differ from ``window`` in one word by one edit."""
    shortest = MIN_VARIANT_LETTERS[min(len(window), 2)]
    for position, word in enumerate(window):
        if len(word) < shortest or not word[0].isupper():
            continue
        for other in variants.of(word):
            name = (*window[:position], other, *window[position + 1 :])
            if len(other) >= shortest and name in names:
                yield name


def _capped(found: Iterator[tuple[str, int, int, str]], most: int = MAX_PER_SIGNAL) -> Iterator[tuple[str, int, int, str]]:
    for n, item in enumerate(found):
        if n == most:
            return
        yield item
