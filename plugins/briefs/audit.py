"""``briefs audit``: each source's original read again and held to its snapshot and to what briefs cite of it.

A source is ``ok`` when the page's text is its snapshot's (white space aside)
and holds every quote, claim and cited passage that briefs take from it;
``changed`` when the text differs but every passage is still there; ``moved``
when the address redirects elsewhere and every passage is still there;
``drifted`` when a passage is missing; ``gone`` when there is no usable answer.
Passages are looked for with the quote checker's rules (``quotes.Snapshot``);
a page's text is extracted as ``briefs new`` extracts it from a saved page.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .check import Result
from .draft.article import MAX_HTML_BYTES, MAX_TEXT_BYTES, DraftError, html_article
from .draft.capture import ACCEPT, DEFAULT_TIMEOUT, HTML_TYPES, MAX_REDIRECTS, UNTYPED
from .draft.capture import user_agent as agent
from .load import LoadError, Path_, load_file
from .model import citations
from .quotes import Snapshot

REPORT_FORMAT = "briefs-audit"
REPORT_VERSION = 1
STATUSES = ("ok", "changed", "moved", "drifted", "gone", "skipped")
FAILING = frozenset({"drifted", "gone"})  # what makes ``briefs audit`` exit with 1
JOBS = 4  # sources fetched at once


def user_agent() -> str:
    return agent("audit (reads the sources a briefing site cites, once each)")


@dataclass(frozen=True)
class Cited:
    """Words of a brief that its source must still hold."""

    brief: str  # the brief's file, as messages name it
    path: Path_  # ("statements", 0, "quote"), ("context", 1, "cite", 0, "passage"), ...
    line: int
    col: int
    words: str

    def __str__(self) -> str:
        return f"{self.brief}:{self.line}:{self.col}: {'.'.join(map(str, self.path))}: “{self.words}”"


@dataclass
class Audit:
    """What reading one source again found."""

    source: str
    url: str | None
    status: str = "skipped"
    final_url: str | None = None
    http_status: int | None = None
    error: str | None = None  # why a source is gone
    same_text: bool | None = None  # the page's text is the snapshot's, white space aside
    passages: int = 0  # words of briefs looked for
    missing: list[Cited] = field(default_factory=list)
    moved: bool = False  # redirected to another address
    seconds: float = 0.0

    def line(self) -> str:
        """The report's line for the source (missing passages follow it, one a line)."""
        where = f" (redirected to {self.final_url})" if self.moved else ""
        if self.status == "skipped":
            return f"source '{self.source}': skipped: no url"
        if self.status == "gone":
            return f"source '{self.source}': gone: {self.error}{where}"
        if self.status == "drifted":
            return f"source '{self.source}': drifted: {len(self.missing)} of {self.passages} cited passage(s) no longer in the page{where}"
        text = "the text is the snapshot's" if self.same_text else "the text differs from the snapshot"
        held = f"; all {self.passages} cited passage(s) still there" if self.passages else ""
        if self.status == "moved":
            return f"source '{self.source}': moved to {self.final_url}: {text}{held}"
        return f"source '{self.source}': {self.status}: {text}{held}"

    def as_json(self) -> dict:
        return {
            "id": self.source,
            "url": self.url,
            "status": self.status,
            "final_url": self.final_url,
            "http_status": self.http_status,
            "error": self.error,
            "same_text": self.same_text,
            "passages": self.passages,
            "missing": [
                {"brief": c.brief, "path": ".".join(map(str, c.path)), "line": c.line, "column": c.col, "words": c.words}
                for c in self.missing
            ],
            "seconds": round(self.seconds, 3),
        }


class Unusable(Exception):
    """An answer that gives no text to check: the message says why."""


@dataclass
class Fetched:
    """The answer to one GET, or why there is none."""

    final_url: str | None = None
    http_status: int | None = None
    moved: bool = False
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    error: str | None = None
    seconds: float = 0.0


def cited_words(result: Result) -> dict[str, list[Cited]]:
    """By source id: every quote, caveat claim and cited passage that a brief of ``result`` finds in it."""
    found: dict[str, list[Cited]] = {}
    for cb in result.briefs:
        try:
            doc = load_file(result.folder / f"{cb.slug}.yaml", label=cb.file)
        except LoadError:  # gone since it was checked: its words are placed at the top of the file
            doc = None
        brief = cb.brief
        spots: list[tuple[str, Path_, str]] = []
        for path, citation in citations(brief):
            if citation.passage is not None:
                spots.append((citation.source, (*path, "passage"), citation.passage))
        for item, (source_id, _) in cb.located.items():
            kind, index = item
            words = brief.statements[int(index)].quote if kind == "statements" else brief.caveats[int(index)].claim
            spots.append((source_id, (*item, "quote" if kind == "statements" else "claim"), words))
        for source_id, path, words in spots:
            line, col = doc.where(path) if doc else (1, 1)
            found.setdefault(source_id, []).append(Cited(cb.file, path, line, col, words))
    for listed in found.values():
        listed.sort(key=lambda c: (c.brief, c.line, c.col))
    return found


def audit_sources(result: Result, timeout: float = DEFAULT_TIMEOUT) -> Iterator[Audit]:
    """Each source of ``result`` read again, in the order of sources.yaml, as soon as it is done."""
    words = cited_words(result)
    sources = list(result.sources.items())
    limits = httpx.Limits(max_connections=JOBS, max_keepalive_connections=JOBS)
    headers = {"User-Agent": user_agent(), "Accept": ACCEPT}
    pool = ThreadPoolExecutor(JOBS)
    with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout, limits=limits, headers=headers) as client:
        try:
            fetched = pool.map(lambda url: fetch(client, url, timeout), [s.url for _, s in sources if s.url])
            for source_id, source in sources:
                if not source.url:
                    yield Audit(source_id, None)
                    continue
                snapshot = result.snapshots[source.snapshot]
                yield judge(Audit(source_id, source.url), next(fetched), snapshot, words.get(source_id, []))
        finally:  # on Ctrl-C, the fetches not started yet are not started
            pool.shutdown(wait=False, cancel_futures=True)


def fetch(client: httpx.Client, url: str, timeout: float) -> Fetched:
    """The answer to a GET of ``url``: at most ``MAX_REDIRECTS`` redirects, each only to http(s),
    no more bytes than ``briefs new`` reads from a file, ``timeout`` seconds to connect and for
    each read, and the body refused once it is still arriving ``timeout`` seconds after the start."""
    started = time.monotonic()
    got = Fetched()
    try:
        with client.stream("GET", url) as response:
            got.final_url, got.http_status = str(response.url), response.status_code
            got.moved = bool(response.history) and response.url != httpx.URL(url)
            got.content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            got.charset = response.charset_encoding
            if not response.is_success:
                got.error = f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
                return got
            if not (got.content_type in HTML_TYPES or got.content_type in UNTYPED or got.content_type.startswith("text/")):
                got.error = f"the page is {got.content_type}, neither HTML nor text"
                return got
            limit = MAX_TEXT_BYTES if got.content_type.startswith("text/") and got.content_type not in HTML_TYPES else MAX_HTML_BYTES
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    got.error = f"the page is larger than {limit:,} bytes"
                    return got
                if time.monotonic() - started > timeout:
                    got.error = f"the page did not arrive within {timeout:g} s"
                    return got
                chunks.append(chunk)
            got.body = b"".join(chunks)
    except httpx.TimeoutException:
        got.error = f"no answer within {timeout:g} s"
    except httpx.TooManyRedirects:
        got.error = f"more than {MAX_REDIRECTS} redirects"
    except httpx.UnsupportedProtocol as exc:
        got.error = f"redirected to {exc.request.url}, which is not an http(s) address"
    except httpx.HTTPError as exc:
        got.error = f"no answer: {exc or type(exc).__name__}"
    except httpx.InvalidURL as exc:
        got.error = f"not a URL that can be fetched: {exc}"
    finally:
        got.seconds = time.monotonic() - started
    return got


def judge(audit: Audit, got: Fetched, snapshot: Snapshot, cited: list[Cited]) -> Audit:
    """``audit`` filled in from what the fetch gave: the page's text against the snapshot and the cited words."""
    started = time.monotonic()
    audit.final_url, audit.http_status, audit.moved, audit.passages = got.final_url, got.http_status, got.moved, len(cited)
    try:
        if got.error:
            raise Unusable(got.error)
        text = page_text(got)
    except Unusable as exc:
        audit.status, audit.error = "gone", str(exc)
    else:
        page = Snapshot(text)
        audit.missing = [c for c in cited if page.find(c.words) is None]
        audit.same_text = text.split() == snapshot.text.split()
        audit.status = "drifted" if audit.missing else "moved" if audit.moved else "ok" if audit.same_text else "changed"
    audit.seconds = got.seconds + time.monotonic() - started
    return audit


def page_text(got: Fetched) -> str:
    """The text a page's quotes are looked for in: an HTML page's article text, a text file as it is."""
    head = got.body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    sniffed = head.startswith((b"<!doctype html", b"<html"))
    if got.content_type in HTML_TYPES or (sniffed and got.content_type in (*UNTYPED, "text/plain")):
        raw = got.body
        if got.charset and got.charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            raw = _decoded(raw, got.charset).encode("utf-8")
        try:
            return html_article(raw, got.final_url or "").text
        except DraftError as exc:
            raise Unusable(exc.message) from None
    return _decoded(got.body, got.charset or "utf-8-sig")


def _decoded(raw: bytes, charset: str) -> str:
    try:
        return raw.decode(charset)
    except LookupError:
        raise Unusable(f"the page declares an unknown encoding '{charset}'") from None
    except UnicodeDecodeError as exc:
        raise Unusable(f"the page is not valid {charset} (byte 0x{raw[exc.start]:02x})") from None


def report(audits: list[Audit], folder: Path, timeout: float) -> dict:
    """The JSON report (``--json``): see the README's section on ``briefs audit``."""
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "folder": str(folder),
        "timeout": timeout,
        "counts": {status: sum(a.status == status for a in audits) for status in STATUSES},
        "sources": [a.as_json() for a in audits],
    }
