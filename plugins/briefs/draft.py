"""Drafting a brief from a source article (``briefs new``).

The article's text becomes the snapshot, and every passage in double quotes
(straight or curly) a draft statement whose quote is found in that snapshot by
construction. The speaker of each is read from the words around it: "X said",
"said X", "according to X", "X vowed/told/added...", appositions, and a pronoun,
title, surname or "the two" that refers back to people named earlier. Names are
matched against the actor registry; other speakers are proposed as new actors.
Where the text does not settle who spoke, the draft says ``actor: todo``: a
wrong speaker is worse than none.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura
import yaml
from pydantic import TypeAdapter

from .check import MAX_SNAPSHOT_BYTES, REGISTRY_FILE, SOURCES_FILE, load_registry
from .check import SCHEMA_LINE as CHECK_SCHEMA_LINE
from .kinds import SOURCE_KINDS as SOURCE_KIND_LABELS
from .load import LoadError, decode, parse
from .model import SLUG_PATTERN, Actor, Brief, Registry, Sources
from .quotes import Snapshot

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MAX_TEXT_BYTES = MAX_SNAPSHOT_BYTES  # what ``briefs check`` accepts as a snapshot
MAX_HTML_BYTES = 50_000_000  # saved pages carry scripts and styles
MIN_ARTICLE_WORDS = 10  # less is a page's furniture ("Home", "Accept cookies"), not an article
TODO_ACTOR = "todo"
SHORT_QUOTE_WORDS = 2
SCHEMA_LINE = CHECK_SCHEMA_LINE + "schema/brief.schema.json"
SOURCES_SCHEMA_LINE = CHECK_SCHEMA_LINE + "schema/sources.schema.json"
SOURCE_KINDS = " | ".join(SOURCE_KIND_LABELS)

_SLUG = re.compile(SLUG_PATTERN)
_REGISTRY = TypeAdapter(Registry)
_SOURCES = TypeAdapter(Sources)
_BRIEF = TypeAdapter(Brief)


class DraftError(Exception):
    """A problem that stops ``briefs new`` before it writes anything."""

    def __init__(self, file: str, message: str):
        super().__init__(f"{file}: error: {message}")


# -- words ---------------------------------------------------------------------

_SPEECH = (
    "say says said saying tell tells told telling add adds added adding vow vows vowed vowing "
    "pledge pledges pledged pledging promise promises promised promising proclaim proclaims proclaimed "
    "proclaiming declare declares declared declaring announce announces announced announcing warn warns "
    "warned warning insist insists insisted insisting argue argues argued arguing claim claimed claiming "
    "stated ask asks asked asking reply replies replied replying answered remarked commented explain "
    "explains explained explaining tweeted posted write writes wrote writing called calling describe "
    "describes described describing urge urges urged urging stress stresses stressed stressing emphasise "
    "emphasises emphasised emphasising emphasize emphasizes emphasized emphasizing noted noting hoped "
    "hoping wished wishing expressed expressing accused accusing dubbed labelled labeled recalled "
    "recalling conceded admitted admits predicted suggested confirmed denied reiterated reiterating "
    "asserted asserting maintained concluded quipped exclaimed shouted boasted acknowledged assured "
    "cautioned threatened joked observed responded countered reported quoted"
).split()
_SPEECH_NOUNS = "remarks message statement wishes".split()
# words of saying that are nouns after a possessive: "Dahl’s claim that ..."
_NOUNS_AFTER_POSSESSIVE = {*_SPEECH_NOUNS, *"claim claims promise promises pledge pledges vow vows warning call calls description".split()}
# verbs after which a name begins a clause of its own: "Olsen said Dahl had called it ..."
_SAYS_THAT = set(
    "said says say added adds claimed claims argued argues insisted insists noted notes announced declared "
    "reported wrote writes stressed explained suggested confirmed predicted hoped believes thinks".split()
)
_REPORTING = {"reported", "quoted"}  # a medium that "reported" is a channel, not a speaker
_CUES = re.compile(r"\b(?:%s)\b" % "|".join(sorted({*_SPEECH, *_SPEECH_NOUNS}, key=len, reverse=True)), re.I)
ROLES = set(
    "president minister leader premier chancellor spokesman spokeswoman spokesperson secretary ambassador "
    "envoy general governor senator mayor king queen prince princess chairman chairwoman chair chief "
    "commander director editor lawmaker diplomat official adviser advisor aide head founder ceo judge "
    "prosecutor pope dictator monarch negotiator deputy representative officer colonel captain professor "
    "analyst expert researcher correspondent reporter broadcaster agency presidents ministers leaders "
    "officials diplomats aides spokesmen lawmakers".split()
)
_GROUPS = set(  # words that make the name before them a modifier: "Kremlin officials"
    "parliament government ministry army military media authorities side delegation embassy state forces "
    "troops leadership camp team office police court people party administration regime citizens".split()
)
_SUBJECT_BEFORE = set(  # words that may stand right before the subject of a clause
    "and but as while when because since though although that then so yet where whereas if after before "
    "once until now also meanwhile later earlier however the".split()
)
_PREPOSITIONS = set(
    "to of in on at by with from for about against toward towards into onto over under between among amid "
    "without within through across behind beyond near like than upon via per despite during including "
    "following regarding concerning around".split()
)
_TITLES = set(
    "President Presidents Prime Minister Supreme Leader Chancellor General Mr Mrs Ms Dr Sen Senator Rep King "
    "Queen Prince Princess Pope Premier Governor Mayor Secretary Foreign Defence Defense Deputy Vice "
    "Ambassador Sir Dame Lord Lady Judge Justice Chief Captain Colonel Professor Prof Commander Chairman "
    "Chairwoman Spokesman Spokeswoman Marshal Admiral Sheikh Emir Sultan Director Editor".split()
)
_STOP = set(
    "The A An In On At According But And When While After Before As This That These Those It He She They We "
    "I His Her Their Our Its If For With By From To Of Meanwhile However Also Then Yet So Both Other Some "
    "Many Most All Given Last Next Earlier Later Today Yesterday Tomorrow Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday January February March April May June July August September October November "
    "December There Here What Who Why How Where Which Not No Yes One Two Even Still Just Only Under Over "
    "Despite Following Like Unlike Amid Without Within Into Upon Since Until Although Though Because".split()
)
_PARTICLES = {"de", "van", "von", "der", "bin", "al", "da", "du", "la", "le", "del", "di", "ibn"}
_MEDIA_WORDS = set(
    "News Times Post Press Agency Broadcasting Television TV Radio Network Journal Herald Tribune Telegraph "
    "Gazette Daily Guardian Channel Observer Chronicle Wire Media Magazine".split()
)
_ORG_WORDS = set(
    "Ministry Party Council Committee Commission Union Office Department Institute University Bank "
    "Corporation Company Inc Ltd Group Association Organization Organisation Army Forces Court Parliament "
    "Assembly Congress Senate Government Federation Foundation Fund Navy Police Agency Alliance Front "
    "Movement Bureau Service Authority Board Kremlin Pentagon".split()
)
_PLACE_WORDS = set(
    "North South East West Northern Southern Eastern Western New United Republic Kingdom States Day City "
    "Province Region Peninsula Ocean Sea River Island Islands Street Square Port Airport Mountains Valley "
    "Bay Gulf Strait Lake Coast Hall House Palace".split()
)
_ABBREVIATIONS = set(
    "mr mrs ms dr st gen gov sen rep lt col sgt capt prof jr sr inc ltd co corp jan feb mar apr jun jul aug "
    "sep sept oct nov dec no vs etc".split()
)
_CHANNEL_BEFORE = re.compile(
    r"\b(?:according\s+to|told|tells|telling|to|on|with|by|in|via|through|from)\b(?:\W+\S+){0,3}?\W*$", re.I
)
_CHANNEL_AFTER = re.compile(r"^\W*(?:said|says|reported|reports|quoted|quotes|cited)\b")
_ACCORDING = re.compile(r"\baccording\s+to\s+(?:\S+\s+){0,3}?$", re.I)

_WORD = re.compile(r"[^\W\d_](?:[\w\-]|[’'](?=[^\W\d_]{2,}))*")
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\b")
_PAIR = re.compile(
    r"\b(?:[Tt]he (?:two|pair|duo)(?: (?:leaders|men|women|sides|presidents|ministers))?"
    r"|[Bb]oth (?:leaders|men|women|sides|presidents|ministers))\b"
)
_TITLE_NP = re.compile(r"\b[Tt]he (?:[A-Za-z’'\-]+ ){0,2}?(%s)\b" % "|".join(sorted(ROLES - {"agency", "broadcaster"})))
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")

_MONTHS = {
    name: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>%s)\.?" % "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True))
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DATES = re.compile(
    r"\b(?:(?P<iso>(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH.replace('month', 'month1')}(?:,?\s+(?P<year1>\d{{4}}))?"
    rf"|{_MONTH.replace('month', 'month2')}\s+{_DAY.replace('day', 'day2')}(?:,?\s+(?P<year2>\d{{4}}))?)\b"
)


# -- reading the article -----------------------------------------------------


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


def read_article(path: Path) -> Article:
    """Read a text, Markdown or saved HTML article; raise DraftError when it cannot be used."""
    label = str(path)
    try:
        if not path.is_file():
            raise DraftError(label, "no such file")
        html = path.suffix.lower() in HTML_SUFFIXES
        limit = MAX_HTML_BYTES if html else MAX_TEXT_BYTES
        if path.stat().st_size > limit:
            raise DraftError(label, f"file is {path.stat().st_size:,} bytes; the limit is {limit:,}")
        raw = path.read_bytes()
    except OSError as exc:
        raise DraftError(label, f"cannot read file: {exc.strerror}") from None
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
        return _read_html(raw, label)
    text = _decode(raw, label)
    title = next((line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()), None)
    return Article(text, raw, title=title or None)


def _decode(raw: bytes, label: str) -> str:
    """UTF-8 text that ``briefs check`` accepts as a snapshot."""
    try:
        return decode(raw, label)
    except LoadError as exc:
        problem = exc.problems[0]
        raise DraftError(label, f"{problem.message} (line {problem.line}, column {problem.col})") from None


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def _read_html(raw: bytes, label: str) -> Article:
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
    found = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = (found.text or "") if found is not None else ""
    lines = [" ".join(line.split()) for line in body.splitlines()]
    text = "\n\n".join(line for line in lines if line) + "\n"
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise DraftError(label, "no article text found in the page")
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


def _is_date(value: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


# -- who said what -------------------------------------------------------------


@dataclass(frozen=True)
class Who:
    """A speaker or channel: an actor of the registry (``id``) or a name the registry lacks."""

    name: str
    id: str | None = None
    kind: str = "person"


@dataclass
class _Mention:
    start: int
    end: int
    kind: str  # actor | name | he | she | they | pair | title
    value: str  # actor id, name or role word
    sentence: int = 0
    possessive: bool = False
    person: bool = False  # counts when a later word refers back to people
    refs: tuple[Who, ...] = ()
    hint: str = ""


@dataclass
class Quoted:
    """One quoted passage and what the text says about it."""

    start: int  # where the quote's words stand in the snapshot
    end: int
    quote: str
    speakers: tuple[Who, ...] = ()
    via: Who | None = None
    said: str | None = None
    how: str = ""  # how the speaker was inferred, when not named outright
    hint: str = ""  # who it might be, when no speaker was settled
    passage: str | None = None  # words around the quote, when its words stand earlier too
    sentence: int = 0
    paragraph: int = 0
    runs_on: bool = False  # no closing mark: the quotation goes on in the next paragraph


@dataclass
class _Quote:
    start: int  # the opening mark
    end: int  # after the closing mark (or the end of the paragraph)
    inner: tuple[int, int]
    paragraph: int


class Reader:
    """Finds the quotes of an article and who said them."""

    def __init__(self, text: str, registry: dict[str, Actor]):
        self.text = text
        self.registry = registry
        self.snapshot = Snapshot(text)
        self.quotes = self._find_quotes()
        self.masked = self._mask()
        self.sentences = self._split()  # (start, end, paragraph)
        self.mentions = self._find_mentions()
        self.by_sentence: dict[int, list[_Mention]] = {}
        for m in self.mentions:
            self.by_sentence.setdefault(m.sentence, []).append(m)
        self.persons: dict[Who, set[str]] = {}  # people named so far, with the words that describe them
        self._resolve()

    # -- quotes and sentences --------------------------------------------------

    def _find_quotes(self) -> list[_Quote]:
        quotes = []
        pattern = re.compile(r"“[^“”]*”|\"[^\"]*\"|“[^“”]*$")
        for index, (start, end) in enumerate(self.snapshot.spans):
            for m in pattern.finditer(self.text, start, end):
                closed = m.group()[-1] in "”\"" and m.end() - m.start() > 1
                inner = (m.start() + 1, m.end() - 1 if closed else m.end())
                quotes.append(_Quote(m.start(), m.end(), inner, index))
        return quotes

    def _mask(self) -> str:
        """The text with the words inside quotes blanked out (sentence-ending marks kept)."""
        chars = list(self.text)
        for index, q in enumerate(self.quotes):
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
                word = re.search(r"(\w+)\W*$", self.masked[begin : m.start() + 1])
                if word and (word.group(1).casefold() in _ABBREVIATIONS or len(word.group(1)) == 1 and word.group(1).isupper()):
                    continue
                sentences.append((begin, m.end(), index))
                begin = m.end()
            sentences.append((begin, end, index))
        return sentences

    def sentence_of(self, offset: int) -> int:
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    # -- names ---------------------------------------------------------------------

    def _find_mentions(self) -> list[_Mention]:
        text = self.masked
        mentions: list[_Mention] = []
        names: dict[str, tuple[str, str]] = {}  # folded name -> actor id, name as the registry writes it
        for actor_id, actor in self.registry.items():
            for name in (actor.name, *actor.aliases):
                names.setdefault(_fold_name(name), (actor_id, name.strip()))
        taken = [False] * len(text)

        def add(m: _Mention) -> None:
            if any(taken[m.start : m.end]):
                return
            taken[m.start : m.end] = [True] * (m.end - m.start)
            m.possessive = bool(re.match(r"[’']s\b|[’'](?!\w)", text[m.end : m.end + 2]))
            mentions.append(m)

        if names:
            alternatives = sorted((name for _, name in names.values()), key=len, reverse=True)
            pattern = re.compile(r"(?<![\w\-])(?:%s)(?![\w])" % "|".join(map(_name_pattern, alternatives)), re.I)
            for m in pattern.finditer(text):
                actor_id, name = names.get(_fold_name(m.group()), (None, ""))
                # case may differ inside a name ("Jong-un", "Jong Un"), not at its start: "Kim", not "kim"
                if actor_id and (m.group()[0].isupper() or m.group()[0] == name[0]):
                    actor = self.registry[actor_id]
                    start = m.start()
                    if actor.kind == "person":  # a first name before a known surname is part of the name
                        first = re.search(r"(?<![\w\-’'])([^\W\d_][\w\-’']*)[ \t]+$", text[max(0, start - 40) : start])
                        if first and first.group(1)[0].isupper() and first.group(1) not in _TITLES | _STOP:
                            start -= len(first.group())
                    add(_Mention(start, m.end(), "actor", actor_id, person=actor.kind == "person"))
        for m in _PAIR.finditer(text):
            add(_Mention(m.start(), m.end(), "pair", m.group(), person=True))
        for m in _TITLE_NP.finditer(text):
            add(_Mention(m.start(), m.end(), "title", m.group(1).casefold(), person=True))
        for m in _PRONOUN.finditer(text):
            word = m.group().casefold()
            add(_Mention(m.start(), m.end(), word, word, person=word != "they"))
        for start, end, tokens, titled in self._name_runs(taken):
            add(self._name_mention(start, end, tokens, titled))
        mentions.sort(key=lambda m: m.start)
        for m in mentions:
            m.sentence = self.sentence_of(m.start)
        return mentions

    def _name_runs(self, taken: list[bool]):
        """Runs of capitalised words not claimed yet, without the titles and stop words before them."""
        text = self.masked
        words = [w for w in _WORD.finditer(text) if not any(taken[w.start() : w.end()])]
        run: list[re.Match] = []
        for w in [*words, None]:
            if w is not None and run:
                gap = text[run[-1].end() : w.start()]
                joined = gap.isspace() and "\n\n" not in gap
                if joined and (w.group()[0].isupper() or w.group() in _PARTICLES):
                    run.append(w)
                    continue
            while run and run[-1].group() in _PARTICLES:
                run.pop()
            if run:
                tokens = [t.group() for t in run]
                last_title = max((i for i, t in enumerate(tokens) if t.rstrip(".") in _TITLES), default=-1)
                keep = run[last_title + 1 :]
                while keep and keep[0].group() in _STOP:
                    keep = keep[1:]
                if keep:
                    yield keep[0].start(), keep[-1].end(), [t.group() for t in keep], last_title >= 0
            run = [w] if w is not None and w.group()[0].isupper() else []

    def _name_mention(self, start: int, end: int, tokens: list[str], titled: bool) -> _Mention:
        text = self.masked
        name = " ".join(tokens)
        mention = _Mention(start, end, "name", name)
        if not 1 <= len(tokens) <= 4:
            mention.kind = "other"
            return mention
        before = text[max(0, start - 60) : start].split()[-3:]
        after = self._apposition(end)
        next_word = re.match(r"\s*(?:,[^,.;]{1,80},\s*)?(\w+)", text[end:])
        spoken = bool(before and _CUES.fullmatch(before[-1].strip(",")) or next_word and _CUES.fullmatch(next_word.group(1)))
        described = titled or any(w.casefold().strip(",") in ROLES for w in before) or bool(ROLES & set(after))
        kind = _kind_of(tokens)
        if kind == "person" and len(tokens) == 1 and not titled:
            mention.kind = "single"  # a surname, perhaps, of someone named earlier
            return mention
        mention.person = kind == "person" and (described or spoken)
        mention.refs = (Who(name, kind=kind),)
        return mention

    def _apposition(self, end: int) -> list[str]:
        m = re.match(r",\s*([^,.;:\"“”]{1,80}),", self.masked[end:])
        return [w.casefold() for w in _WORD.findall(m.group(1))] if m else []

    def _describe(self, m: _Mention, who: Who) -> set[str]:
        """Role words around a person's name, and in the registry: what "the minister" may refer to."""
        words = {w.casefold() for w in _WORD.findall(self.masked[max(0, m.start - 60) : m.start])[-4:]}
        words |= set(self._apposition(m.end))
        role = self.registry[who.id].role if who.id else None
        if role:
            words |= {w.casefold() for w in _WORD.findall(role)}
        return words & ROLES

    # -- words that refer back -------------------------------------------------------

    def _resolve(self) -> None:
        for m in self.mentions:
            if m.kind == "actor":
                actor = self.registry[m.value]
                m.refs = (Who(actor.name, m.value, actor.kind),)
            elif m.kind == "single":
                m.refs, m.hint = self._by_surname(m)
                m.person = bool(m.refs)
            elif m.kind in ("he", "she", "pair"):
                m.refs, m.hint = self._antecedents(m, 2 if m.kind == "pair" else 1)
            elif m.kind == "title":
                m.refs, m.hint = self._by_title(m)
            if m.person and len(m.refs) == 1 and m.kind in ("actor", "name", "single"):
                self.persons.setdefault(m.refs[0], set()).update(self._describe(m, m.refs[0]))

    def _by_surname(self, m: _Mention) -> tuple[tuple[Who, ...], str]:
        """A single name that is the first or last name of one person named earlier."""
        found = [who for who in self.persons if m.value in _ends(who.name)]
        if not found:  # nobody named so far: the registry's people, if just one has that name
            found = [Who(a.name, i, a.kind) for i, a in self.registry.items() if a.kind == "person" and m.value in _ends(a.name)]
        return (tuple(found), "") if len(found) == 1 else ((), m.value)

    def _antecedents(self, m: _Mention, count: int) -> tuple[tuple[Who, ...], str]:
        """The people a pronoun (count 1) or "the two" (count 2) refers back to, if the text leaves no doubt."""
        found = _people(p for p in self.by_sentence.get(m.sentence, []) if p.end <= m.start)
        s = m.sentence
        paragraph = self.sentences[s][2]
        while not found and s > 0:
            s -= 1
            if self.sentences[s][2] < paragraph - 1:
                break
            found = _people(self.by_sentence.get(s, []))
        if len(found) == count:
            return tuple(found), ""
        return (), " or ".join(_label(w) for w in found)

    def _by_title(self, m: _Mention) -> tuple[tuple[Who, ...], str]:
        found = [who for who, words in self.persons.items() if m.value in words]
        if len(found) == 1:
            return (found[0],), ""
        return (), " or ".join(_label(w) for w in found)

    # -- attribution -----------------------------------------------------------------

    def quoted(self) -> list[Quoted]:
        """Every quoted passage with its speakers, channel and date where the text gives them."""
        found: list[Quoted] = []
        for index, q in enumerate(self.quotes):
            a, b = q.inner
            while a < b and self.text[a].isspace():
                a += 1
            while b > a and (self.text[b - 1].isspace() or self.text[b - 1] in ",;:" or self.text[b - 1] == "." and self.text[b - 3 : b] != "..."):
                b -= 1
            words = " ".join(self.text[a:b].split())
            if not re.search(r"\w", words) or self.snapshot.find(words) is None:
                continue
            item = Quoted(a, b, words, sentence=self.sentence_of(q.start), paragraph=q.paragraph)
            following = self.quotes[index + 1].start if index + 1 < len(self.quotes) else len(self.text)
            self._attribute(item, q, following, found)
            item.passage = self._passage(item)
            item.runs_on = q.end == self.snapshot.spans[q.paragraph][1] and self.text[q.end - 1] not in "”\""
            found.append(item)
        for item, after in zip(found[::-1][1:], found[::-1]):  # from the end: a quote may run on for paragraphs
            opens = self.snapshot.spans[after.paragraph][0] == self.text.rfind("“", 0, after.start)
            if item.runs_on and not item.speakers and not item.hint and after.paragraph == item.paragraph + 1 and opens:
                item.speakers, item.via = after.speakers, after.via
                item.how = "the quotation goes on in the next paragraph" if after.speakers else ""
        return found

    def _attribute(self, item: Quoted, q: _Quote, following: int, earlier: list[Quoted]) -> None:
        start, end, _ = self.sentences[item.sentence]
        here = self.by_sentence.get(item.sentence, [])
        cues = [c for c in _CUES.finditer(self.masked, start, end) if c.group().islower() or c.start() == _first_word(self.masked, start)]
        subject = None
        cue = None
        # "Name: “...”" (as in headlines)
        for m in here:
            if m.end <= q.start and re.fullmatch(r"\s*:\s*", self.masked[m.end : q.start]) and self._may_be_subject(m, start) == 2:
                subject = [m]
        if subject is None:
            cue, after = self._cue_for(q, cues, following)
            if cue is not None:
                subject = self._subject(cue, after, q, here, start)
        if not subject:
            according = [m for m in here if _ACCORDING.search(self.masked[start : m.start]) and not _is_medium(m)]
            if according:
                subject = according[:1]
        speakers: tuple[Who, ...] = ()
        if subject:
            refs = [r for m in subject for r in m.refs]
            if all(m.refs for m in subject):
                speakers = tuple(dict.fromkeys(refs))
                how = [m for m in subject if m.kind in ("he", "she", "pair", "title", "single")]
                if how:
                    item.how = f"“{self.masked[how[0].start : how[0].end]}” is taken to be " + " and ".join(_label(w) for w in speakers)
            else:
                item.hint = "; ".join(m.hint or self.masked[m.start : m.end] for m in subject if not m.refs)
        elif cue is not None and cue.start() == _first_word(self.masked, start) and cue.group().endswith("ing"):
            before = [e for e in earlier if e.paragraph == item.paragraph and e.sentence == item.sentence - 1 and e.speakers]
            if before:
                speakers = before[-1].speakers
                item.how = "the sentence goes on from the one before"
        if not speakers and not item.hint:
            echo = [e for e in earlier if e.speakers and item.quote.casefold() in e.quote.casefold()]
            if echo:
                speakers = echo[-1].speakers
                item.how = "it repeats words of an earlier quote"
        item.speakers = tuple(s for s in speakers if s.kind != "media" or not cue or cue.group() not in _REPORTING)
        item.via = self._channel(here, item, earlier)
        if cue is not None and cue.group() in _REPORTING and not item.speakers and speakers:
            item.via = item.via or speakers[0]
        item.said = _said(self.masked[start:end])

    def _cue_for(self, q: _Quote, cues: list[re.Match], following: int) -> tuple[re.Match | None, bool]:
        """The word of saying that goes with a quote (before the next quote), and whether it stands after it."""
        inner_end = self.text[q.inner[1] - 1 : q.inner[1]]
        after = [c for c in cues if q.end <= c.start() < following]
        before = [c for c in cues if c.end() <= q.start]
        if after:
            gap = self.masked[q.end : after[0].start()]
            attached = inner_end in (",", "?", "!") or gap.lstrip().startswith((",", "—", "–", "-"))
            if (attached or not before) and len(gap.split()) <= 8 and ";" not in gap:
                return after[0], True
        if before:
            return before[-1], False
        return None, False

    def _subject(self, cue: re.Match, after: bool, q: _Quote, here: list[_Mention], start: int) -> list[_Mention] | None:
        text = self.masked
        word = cue.group()
        if after and re.fullmatch(r"[\s,—–\-]*", text[q.end : cue.start()]):
            for m in here:  # "…,” said Mara Olsen"
                if m.start >= cue.end():
                    gap = text[cue.end() : m.start]
                    if all(w[0].isupper() or w in ROLES or w in ("the", "a") for w in gap.split()) and len(gap.split()) <= 4:
                        return [m]
                    break
        if word.casefold() in _NOUNS_AFTER_POSSESSIVE:
            for m in here:  # "Putin’s remarks that “…”", "Dahl’s claim that ..."
                if m.possessive and m.end <= cue.start() and len(text[m.end : cue.start()].split()) <= 1:
                    return [m]
        as_saying = re.search(r"\bas\s+$", text[start : cue.start()])
        if as_saying:  # "BNN quoted Vask as saying ..."
            for m in reversed(here):
                if m.end <= start + as_saying.start():
                    return [m] if self._may_be_subject(m, start) else None
        lower = q.end if after else start
        if word.endswith("ing") and (re.search(r",\s*$", text[start : cue.start()]) or cue.start() == _first_word(text, start)):
            # "Putin made vows, promising …": the subject of the main clause
            for m in here:
                if m.end <= cue.start() and self._may_be_subject(m, start) == 2:
                    return self._with_coordinates(m, here, start)
            return None
        candidates = [m for m in here if lower <= m.start and m.end <= cue.start()]
        soft = None  # the nearest name after a word that may be a verb ("gave Putin") or a title ("harbour master Berg")
        for m in reversed(candidates):
            level = self._may_be_subject(m, start)
            if not level:
                continue
            gap = re.sub(r"^\s*(?:,[^,;:]{1,80},|\([^)]*\)|,\s*(?:who|which)\b)", " ", text[m.end : cue.start()])
            if gap.strip() != "," and re.search(r"[,;:]", gap) or len(gap.split()) > 6:
                break
            named = [p for p in here if p.end <= m.start and re.fullmatch(r"\s*,\s*", text[p.end : m.start])]
            if m.kind == "title" and named and self._may_be_subject(named[-1], start):
                return [named[-1]]  # "Dahl, the opposition leader, said"
            if level == 2:
                return self._with_coordinates(m, here, start)
            soft = soft or m
        return [soft] if soft else None

    def _may_be_subject(self, m: _Mention, start: int) -> int:
        """2 when a mention may be the subject of a clause, 1 when perhaps, 0 when not."""
        text = self.masked
        if m.possessive or m.kind == "other":
            return 0
        following = re.match(r"\s+([a-z]+)", text[m.end :])
        if following and following.group(1) in ROLES | _GROUPS:
            return 0  # "Kremlin officials", "the Arland parliament"
        prev = re.search(r"(\S+)\s*$", text[start : m.start])
        if not prev:
            return 2
        word = prev.group(1)
        if word[-1] in ",;:(—–-\"”" or word[0].isupper() or word in _SUBJECT_BEFORE | _SAYS_THAT or word in ROLES:
            return 2
        return 0 if word in _PREPOSITIONS else 1

    def _with_coordinates(self, m: _Mention, here: list[_Mention], start: int) -> list[_Mention]:
        """"Putin and Kim said": every subject joined by "and"."""
        found = [m]
        earlier = [p for p in here if p.end <= m.start]
        while earlier:
            p = earlier.pop()
            if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", self.masked[p.end : found[0].start]) and self._may_be_subject(p, start) == 2:
                found.insert(0, p)
            else:
                break
        return found

    def _channel(self, here: list[_Mention], item: Quoted, earlier: list[Quoted]) -> Who | None:
        start = self.sentences[item.sentence][0]
        media = [
            m for m in here
            if _is_medium(m) and m.refs and m.refs[0] not in item.speakers
            and (_CHANNEL_BEFORE.search(self.masked[max(start, m.start - 60) : m.start]) or _CHANNEL_AFTER.match(self.masked[m.end :]))
        ]
        if media:
            return min(media, key=lambda m: abs(m.start - item.start)).refs[0]
        before = [e for e in earlier if e.paragraph == item.paragraph]
        if before and item.speakers and before[-1].speakers == item.speakers:
            return before[-1].via
        return None

    def _passage(self, item: Quoted) -> str | None:
        """Words around the quote that find it here, when its words stand earlier in the source too."""
        match = self.snapshot.find(item.quote)
        if match and match.start <= item.start and match.end >= item.end:
            return None
        start, end = self.snapshot.spans[item.paragraph]
        words = list(re.finditer(r"\S+", self.text[start:end]))
        first = next(i for i, w in enumerate(words) if start + w.end() > item.start)
        last = max(i for i, w in enumerate(words) if start + w.start() < item.end)
        for k in range(1, 12):
            a, b = max(0, first - k), min(len(words) - 1, last + k)
            passage = " ".join(self.text[start + words[a].start() : start + words[b].end()].split())
            match = self.snapshot.find(passage)
            if match and match.start <= item.start and match.end >= item.end:
                return passage
        return None

    def dates(self) -> list[str]:
        """The dates the article states, as written (with the ISO date when the year is given)."""
        found = []
        for m in _DATES.finditer(self.text):
            iso = _iso(m)
            if iso is False:
                continue
            written = " ".join(m.group().split())
            found.append(f"{written} ({iso})" if iso and not m.group("iso") else written)
        return list(dict.fromkeys(found))

    def actor_ids(self) -> list[str]:
        return list(dict.fromkeys(m.value for m in self.mentions if m.kind == "actor"))


def _name_pattern(name: str) -> str:
    parts = [re.escape(p).replace("'", "['’]").replace("’", "['’]") for p in re.split(r"[\s\-‐‑–]+", name) if p]
    return r"[\s\-‐‑–]+".join(parts)


def _fold_name(name: str) -> str:
    return " ".join(re.split(r"[\s\-‐‑–]+", name.replace("’", "'"))).casefold()


def _ends(name: str) -> set[str]:
    parts = name.split()
    return {parts[0], parts[-1]}


def _kind_of(tokens: list[str]) -> str:
    words = set(tokens)
    if words & _MEDIA_WORDS:
        return "media"
    if words & _ORG_WORDS:
        return "organization"
    if words & _PLACE_WORDS:
        return "state"
    return "person"


def _is_medium(m: _Mention) -> bool:
    return bool(m.refs) and len(m.refs) == 1 and m.refs[0].kind == "media"


def _people(mentions) -> list[Who]:
    found: dict[Who, None] = {}
    for m in mentions:
        if m.person and m.refs:
            for who in m.refs:
                if who.kind == "person":
                    found.setdefault(who)
    return list(found)


def _label(who: Who) -> str:
    return who.id or who.name


def _first_word(text: str, start: int) -> int:
    m = re.compile(r"[^\W\d_]").search(text, start)
    return m.start() if m else start


def _iso(m: re.Match) -> str | None | bool:
    """The ISO date of a date found, None without a year, False when it is no real date."""
    if m.group("iso"):
        year, month, day = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    else:
        month = _MONTHS[(m.group("month1") or m.group("month2")).casefold()]
        day = int(m.group("day") or m.group("day2"))
        year = m.group("year1") or m.group("year2")
        if year is None:
            return None if 1 <= day <= 31 else False
        year = int(year)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return False


def _said(sentence: str) -> str | None:
    """The date a sentence states with its year, when it states exactly one."""
    dates = {iso for m in _DATES.finditer(sentence) if (iso := _iso(m))}
    return dates.pop() if len(dates) == 1 else None


# -- the draft -------------------------------------------------------------------


@dataclass
class Draft:
    text: str  # the brief's YAML
    source: str  # the source's record for sources.yaml, as YAML lines
    quoted: list[Quoted]
    proposed: dict[str, Who] = field(default_factory=dict)

    @property
    def statements(self) -> int:
        return sum(max(1, len(q.speakers)) for q in self.quoted)

    @property
    def unattributed(self) -> int:
        return sum(not q.speakers for q in self.quoted)


def slugify(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.casefold()).strip("-")
    return slug[:80].rstrip("-")


def make_draft(article: Article, registry: dict[str, Actor], brief_id: str, today: dt.date, file_name: str) -> Draft:
    """The YAML text of a draft brief for ``article``, checked to read back as written."""
    reader = Reader(article.text, registry)
    quoted = reader.quoted()
    proposed: dict[Who, str] = {}
    for q in quoted:
        for who in (*q.speakers, q.via):
            if who is not None and who.id is None and who not in proposed:
                slug = base = slugify(who.name) or "actor"
                n = 2
                while slug in registry or slug in proposed.values() or slug == TODO_ACTOR:
                    slug, n = f"{base}-{n}", n + 1
                proposed[who] = slug

    def ref(who: Who) -> str:
        return who.id or proposed[who]

    out = [SCHEMA_LINE, f"# Draft made by `briefs new` from {_comment(file_name)}. Every TODO needs an editor's decision."]
    dates = reader.dates()
    if dates:
        out.append("# Dates in the article: " + "; ".join(_comment(d) for d in dates))
    out += [
        "# TODO: the brief's own headline",
        f"title: {_scalar(article.title or 'TODO: title')}",
        f"summary: {_scalar('TODO: one paragraph a reader can stop after.')}",
        "status: draft",
        "kind: background  # TODO: reportage | analysis | background",
        f"published: {today.isoformat()}  # TODO: the day the brief is published",
        "# TODO: topics, as slugs",
        "topics: []",
        f"sources: [{brief_id}]  # its record is in {SOURCES_FILE}",
    ]
    source = [f"{brief_id}:"]
    if not article.html:
        source.append("  # TODO: check the title: it is the first line of the file")
    source.append(f"  title: {_scalar(article.title or 'TODO: title')}")
    for key in ("publisher", "author", "url", "published"):
        value = getattr(article, key)
        if value:
            source.append(f"  {key}: {_scalar(value) if key != 'published' else value}")
    source += [f"  kind: news  # TODO: {SOURCE_KINDS}", f"  snapshot: sources/{brief_id}.txt"]
    actors = list(dict.fromkeys([*reader.actor_ids(), *(ref(w) for q in quoted for w in (*q.speakers, q.via) if w)]))
    out += ["# TODO: keep the actors the brief is about", f"actors: [{', '.join(actors)}]"]
    out.append("statements:" if quoted else "statements: []")
    expected: list[tuple[str, str | None]] = []
    for q in quoted:
        for i, who in enumerate(q.speakers or (None,)):
            if who is None:
                out.append(f"  - actor: {TODO_ACTOR}  # TODO: who said this?")
                if q.hint:
                    out.append(f"    # perhaps: {_comment(q.hint)}")
            else:
                out.append(f"  - actor: {ref(who)}")
                others = [ref(w) for w in q.speakers if w != who]
                if others:
                    out.append(f"    # said together with {', '.join(others)}")
                if q.how and i == 0:
                    out.append(f"    # TODO: check the speaker: {_comment(q.how)}")
            if len(q.quote.split()) <= SHORT_QUOTE_WORDS:
                out.append("    # TODO: a short quote: it may be a title or a scare quote rather than a statement")
            if q.said:
                out.append(f"    said: {q.said}")
            if q.via:
                out.append(f"    via: {ref(q.via)}")
            out.append(f"    quote: {_scalar(q.quote)}")
            if q.passage:
                out += ["    cite:", f"      source: {brief_id}", f"      passage: {_scalar(q.passage)}"]
            else:
                out.append(f"    cite: {{source: {brief_id}}}")
            expected.append((q.quote, q.passage))
    out += [
        "# TODO: the background a reader needs, each item with a citation",
        "context: []",
        "# TODO: what in the source is wrong, disputed, opinion or unverified",
        "caveats: []",
    ]
    if proposed:
        out += ["# TODO: check each proposed actor; move it to actors.yaml before the brief is published", "proposed_actors:"]
        for who, slug in proposed.items():
            out += [f"  {slug}:", f"    name: {_scalar(who.name)}", f"    kind: {who.kind}"]
    text = "\n".join(out) + "\n"
    record = "\n".join(source) + "\n"
    _verify(text, record, expected, brief_id)
    return Draft(text, record, quoted, {slug: who for who, slug in proposed.items()})


def _scalar(value: str) -> str:
    """``value`` as one line of YAML that reads back as exactly ``value``."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000_000).removesuffix("\n...\n").removesuffix("\n")
    if "\n" in dumped:
        dumped = yaml.safe_dump(value, allow_unicode=False, width=1_000_000_000, default_style='"').rstrip("\n")
    return dumped


def _comment(text: str) -> str:
    return " ".join(text.split())


def _verify(text: str, record: str, expected: list[tuple[str, str | None]], brief_id: str) -> None:
    """Read the draft back: every quote and passage must come out as it went in."""
    _SOURCES.validate_python(parse(record, SOURCES_FILE).data)
    brief = _BRIEF.validate_python(parse(text, f"{brief_id}.yaml").data)
    got = [(s.quote, s.citations[0].passage) for s in brief.statements]
    if got != expected:
        raise RuntimeError(f"the draft does not read back as written: {got!r} != {expected!r}")


# -- briefs new -------------------------------------------------------------------


@dataclass
class Written:
    brief: Path
    snapshot: Path
    draft: Draft


def _registry(folder: Path, name: str, adapter: TypeAdapter, what: str) -> dict:
    loaded = load_registry(folder, name, adapter)
    if loaded.problems:
        first = loaded.problems[0]
        if first.level == "error" and loaded.data is None:
            raise DraftError(f"{first.file}:{first.line}:{first.col}", f"{what} is not valid: {first.message}; run 'briefs check' for details")
    return loaded.data or {}


def new(article_path: Path, folder: Path, brief_id: str | None = None, today: dt.date | None = None) -> Written:
    """Write a draft brief and its snapshot into ``folder``; nothing is written when anything is wrong."""
    article_path, folder = Path(article_path), Path(folder)
    if not folder.is_dir():
        raise DraftError(str(folder), "no such folder")
    if brief_id is None:
        brief_id = slugify(article_path.stem)
        if not _SLUG.fullmatch(brief_id):
            raise DraftError(str(article_path), "cannot make an id from the file name; give one with --id")
    elif not _SLUG.fullmatch(brief_id):
        raise DraftError(str(article_path), f"'{brief_id}' is not a valid id: use lower-case letters, digits and hyphens")
    brief_path = folder / f"{brief_id}.yaml"
    snapshot_path = folder / "sources" / f"{brief_id}.txt"
    for path in (brief_path, *sorted((folder / "sources").glob(f"{brief_id}.*"))):
        if path.exists():
            raise DraftError(str(path), "already exists; nothing was written (choose another id with --id)")
    article = read_article(article_path)
    if not (folder / REGISTRY_FILE).is_file():
        raise DraftError(str(folder / REGISTRY_FILE), "the actor registry is missing; speakers are matched against it")
    registry = _registry(folder, REGISTRY_FILE, _REGISTRY, "the actor registry")
    sources_path = folder / SOURCES_FILE
    if brief_id in _registry(folder, SOURCES_FILE, _SOURCES, "the sources registry"):
        raise DraftError(str(sources_path), f"already has a source '{brief_id}'; nothing was written (choose another id with --id)")
    draft = make_draft(article, registry, brief_id, today or dt.date.today(), article_path.name)
    sources_text = sources_path.read_text(encoding="utf-8") if sources_path.is_file() else SOURCES_SCHEMA_LINE + "\n"
    sources_text = sources_text + ("" if sources_text.endswith("\n") else "\n") + draft.source
    written: list[Path] = []
    staged = sources_path.with_name(f".{SOURCES_FILE}.{brief_id}.new")
    try:
        snapshot_path.parent.mkdir(exist_ok=True)
        for path, data in ((snapshot_path, article.data), (brief_path, draft.text.encode("utf-8")), (staged, sources_text.encode("utf-8"))):
            with open(path, "xb") as f:  # "x": never over a file that appeared meanwhile
                written.append(path)
                f.write(data)
        staged.replace(sources_path)  # the registry with the new record appended, in one step
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        what = "already exists" if isinstance(exc, FileExistsError) else f"cannot write: {exc.strerror}"
        raise DraftError(str(exc.filename or folder), f"{what}; nothing was written") from None
    return Written(brief_path, snapshot_path, draft)
