"""Capturing an article from its address (``briefs new https://…``, ``briefs add https://…``).

One GET with httpx, its redirects followed one at a time so that each is
recorded and each goes to http(s) only; only public addresses by default: the
address of every connection is checked as it is made, after the name is
resolved, so that a name resolving to a loopback or private address is refused
as a literal one is (``Fetch.allow_private`` lifts this). Proxies from the
environment are not used, since they would make that check meaningless. The
answer must come within the timeout, be no larger than ``briefs new`` reads
from a file, be HTML or text, and decode in the charset it declares.

Every response, redirects included, is kept as it was received (body as sent,
headers as sent but for ``Transfer-Encoding``, as the body is stored whole) in a
WARC file beside the snapshot, with its retrieval time and the SHA-256 of its
body (``WARC-Payload-Digest``). The article is then read from the final body as
from a saved page or a text file; its record takes the page's own facts, the
address that answered when the page names none, and the time it was retrieved.
"""

from __future__ import annotations

import base64
import codecs
import datetime as dt
import hashlib
import io
import ipaddress
import re
import socket
import time
import zlib
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any, TypeGuard
from urllib.parse import unquote, urlsplit

from .article import MAX_HTML_BYTES, MAX_TEXT_BYTES, Article, DraftError, article_from, html_article

if TYPE_CHECKING:
    import httpx

DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain", "text/markdown", "text/x-markdown"}
UNTYPED = {"", "application/octet-stream"}  # read as HTML when they look like it, else as text
ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8, */*;q=0.1"
ACCEPT_ENCODING = "gzip, deflate"  # what _decoded can undo
# The labels of one encoding: a browser reads a page labelled latin-1 or ascii as windows-1252.
_SAME_ENCODING = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def user_agent(purpose: str) -> str:
    """The User-Agent of the project's requests, saying what they are for."""
    try:
        release = version("briefs")
    except PackageNotFoundError:  # run from a checkout that is not installed
        release = "dev"
    return f"Briefs/{release} {purpose}"


def is_url(where: object) -> TypeGuard[str]:
    """Whether an article is given by its address (any scheme: only http(s) is fetched, the others are refused by name)."""
    return isinstance(where, str) and bool(_URL.match(where))


def check_url(url: str) -> str:
    """``url`` when it is an http(s) address with a host; else raise DraftError saying what it is not."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 (a port that is no number raises here)
    except ValueError as exc:
        raise DraftError(url, f"not an address that can be fetched ({exc}); give the page's address as the browser shows it") from None
    _check_scheme(url, url)
    if not host:
        raise DraftError(url, "the address has no host; give the page's address as the browser shows it")
    return url


def url_stem(url: str) -> str:
    """What an id is made from for an article given by its address: the last part of its path, or its host."""
    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    stem = last.rsplit(".", 1)[0] if "." in last else last
    return stem or parts.hostname or ""


def utc_text(moment: dt.datetime) -> str:
    """A moment in UTC as the source record and the WARC file write it: ``2025-06-10T14:03:22Z``."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def warc_path(source_id: str) -> str:
    """Where the WARC file of a captured source goes, relative to the briefs folder (beside its snapshot)."""
    return f"sources/{source_id}.warc.gz"


@dataclass(frozen=True)
class Fetch:
    """How an article given by its address is fetched."""

    allow_private: bool = False  # loopback, private and other non-public addresses too
    timeout: float = DEFAULT_TIMEOUT  # seconds to connect, for each read, and for the whole capture


@dataclass(frozen=True)
class Hop:
    """One response as it was received."""

    url: str
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    body: bytes  # as sent: still in its content encoding
    retrieved: dt.datetime  # when its headers arrived, in UTC, to the second

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


@dataclass
class Capture:
    """What fetching an article's address gave: every response, the last one the page."""

    url: str  # as asked for
    hops: list[Hop] = field(default_factory=list)
    warc: bytes = b""  # the WARC file (gzip), written beside the snapshot

    @property
    def page(self) -> Hop:
        return self.hops[-1]

    @property
    def redirects(self) -> str:
        """The way to the page, as the record's comment gives it: ``URL (301) → URL (200)``."""
        return " → ".join(f"{hop.url} ({hop.status})" for hop in self.hops)


def capture_article(url: str, fetch: Fetch | None = None) -> Article:
    """The article at ``url``, with its capture; raise DraftError with one line saying why not."""
    fetch = fetch or Fetch()
    got = capture(url, fetch)
    page = got.page
    content_type, charset = _content_type(page.headers)
    body = _decoded(page, content_type, url)
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    sniffed_html = head.startswith((b"<!doctype html", b"<html"))
    if body.startswith(b"%PDF-"):
        raise DraftError(url, _not_a_page("a PDF document"))
    if content_type in HTML_TYPES or (sniffed_html and content_type in (*UNTYPED, "text/plain")):
        article = html_article(_as_utf8(body, charset, url, html=True), url)
    elif content_type in TEXT_TYPES or content_type in UNTYPED:
        article = article_from(_as_utf8(body, charset, url, html=False), url)
    else:  # _check_type let it through for a look at its start: it is neither
        raise DraftError(url, _not_a_page(content_type))
    article.url = article.url or page.url  # the page's own address, else the one that answered
    article.capture = got
    return article


def capture(url: str, fetch: Fetch) -> Capture:
    """GET ``url`` and follow its redirects, every response kept; raise DraftError unless the last is a page to read."""
    import httpx

    check_url(url)
    got = Capture(url)
    started = time.monotonic()
    headers = {"User-Agent": user_agent("new (drafts a brief from this page, once)"), "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING}
    transport = _transport(fetch.allow_private)
    with httpx.Client(transport=transport, headers=headers, timeout=fetch.timeout, trust_env=False, follow_redirects=False) as client:
        try:
            request: httpx.Request | None = client.build_request("GET", url)
        except httpx.InvalidURL as exc:
            raise DraftError(url, f"not an address that can be fetched: {exc}") from None
        while request is not None:
            asked = str(request.url)
            try:
                response = client.send(request, stream=True)
                try:
                    hop, request = _received(response, started, fetch.timeout)
                finally:
                    response.close()
            except Refused as exc:
                raise DraftError(url, str(exc) if not got.hops else f"{exc} (at {asked}, where it redirects)") from None
            except NotPublic as exc:
                raise DraftError(url, f"{exc}; only public hosts are fetched (give --allow-private to fetch it)") from None
            except httpx.TimeoutException:
                raise DraftError(url, f"no answer from {asked} within {fetch.timeout:g} s (give a longer --timeout, or save the page from a browser)") from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise DraftError(url, f"no answer from {asked}: {' '.join(str(exc).split()) or type(exc).__name__}") from None
            got.hops.append(hop)
            if request is not None:
                if len(got.hops) > MAX_REDIRECTS:
                    raise DraftError(url, f"more than {MAX_REDIRECTS} redirects ({got.redirects}); nothing was written")
                _check_scheme(str(request.url), url, next((v for k, v in hop.headers if k.lower() == "location"), None))
    got.warc = warc_file(got.hops, headers)
    return got


def _received(response: httpx.Response, started: float, timeout: float) -> tuple[Hop, httpx.Request | None]:
    """One response read whole (within the limits), and the request of the redirect it makes, if it makes one."""
    retrieved = dt.datetime.now(dt.UTC).replace(microsecond=0)
    status = response.status_code
    redirect = response.next_request if response.has_redirect_location else None
    content_type, _ = _content_type(response.headers.multi_items())
    if redirect is None:
        if not 200 <= status < 300:
            what = f"HTTP {status} {response.reason_phrase}".rstrip()
            raise Refused(f"{what}: the address gives no page to draft from; nothing was written")
        _check_type(content_type)
    limit = MAX_TEXT_BYTES if content_type in TEXT_TYPES else MAX_HTML_BYTES
    announced = response.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > limit:
        raise Refused(_too_large(limit, f"it announces {int(announced):,}"))
    chunks, size = [], 0
    for chunk in response.iter_raw():
        size += len(chunk)
        if size > limit:
            raise Refused(_too_large(limit, "more arrived"))
        if time.monotonic() - started > timeout:
            raise Refused(f"the page did not arrive within {timeout:g} s (give a longer --timeout, or save the page from a browser)")
        chunks.append(chunk)
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "transfer-encoding"]
    hop = Hop(str(response.url), status, response.reason_phrase, response.http_version, headers, b"".join(chunks), retrieved)
    return hop, redirect


def _check_scheme(url: str, asked: str, location: str | None = None) -> None:
    """Only http(s): ``url`` is the address asked for, or where a redirect leads (its Location as sent)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        where = "" if location is None else f"it redirects to {location}, "
        raise DraftError(asked, f"{where}not an http(s) address; only http:// and https:// pages are fetched")


def _check_type(content_type: str) -> None:
    if content_type == "application/pdf":
        raise Refused(_not_a_page("a PDF document"))
    if not (content_type in HTML_TYPES or content_type in TEXT_TYPES or content_type in UNTYPED):
        raise Refused(_not_a_page(content_type))


def _not_a_page(what: str) -> str:
    return f"the address gives {what}, neither an HTML page nor text: save its text as a .txt file and draft from that; nothing was written"


def _too_large(limit: int, how: str) -> str:
    return f"the page is larger than {limit:,} bytes ({how}): save the article alone from a browser and draft from the file; nothing was written"


def _content_type(headers: list[tuple[str, str]]) -> tuple[str, str | None]:
    """The media type (lower case) and the charset the headers declare."""
    value = next((v for k, v in headers if k.lower() == "content-type"), "")
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, given = param.partition("=")
        if name.strip().lower() == "charset" and given.strip().strip("\"'"):
            charset = given.strip().strip("\"'")
    return media.strip().lower(), charset


def _decoded(hop: Hop, content_type: str, url: str) -> bytes:
    """The body without its content encoding, no larger than the limit of its type."""
    encoding = next((v for k, v in hop.headers if k.lower() == "content-encoding"), "").strip().lower()
    if encoding in ("", "identity"):
        return hop.body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise DraftError(url, f"the server sent the page in the {encoding} encoding, which cannot be read here; save the page from a browser and draft from the file")
    limit = MAX_TEXT_BYTES if content_type in TEXT_TYPES else MAX_HTML_BYTES
    for wbits in (47, -15):  # gzip or zlib (47 reads either), then raw deflate as some servers send it
        unpack = zlib.decompressobj(wbits)
        try:
            body = unpack.decompress(hop.body, limit + 1)
        except zlib.error:
            continue
        if len(body) > limit or unpack.unconsumed_tail:
            raise DraftError(url, _too_large(limit, "once unpacked"))
        return body
    raise DraftError(url, f"the page's {encoding} encoding is broken; nothing was written")


def _as_utf8(body: bytes, declared: str | None, url: str, *, html: bool) -> bytes:
    """The body as UTF-8: decoded with the charset the server declares, which a page's own
    declaration must not contradict; with none, as a saved page or a text file is read."""
    if body.startswith(codecs.BOM_UTF8) or declared is None:
        return body
    try:
        encoding = codecs.lookup(declared).name
    except LookupError:
        raise DraftError(url, f"the server declares an unknown encoding '{declared}'; save the page from a browser and draft from the file") from None
    in_page = _META_CHARSET.search(body[:4096]) if html else None
    if in_page:
        name = in_page.group(1).decode("ascii", "replace")
        try:
            own = codecs.lookup(name).name
        except LookupError:
            own = name
        if _SAME_ENCODING.get(own, own) != _SAME_ENCODING.get(encoding, encoding):
            raise DraftError(url, f"the server says the page is in {declared} but the page says {name}: save the page from a browser and draft from the file")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DraftError(url, f"the page is not valid {declared}, the encoding the server declares (byte 0x{body[exc.start]:02x} at {exc.start:,})") from None
    return text.encode("utf-8")


# -- only public addresses ----------------------------------------------------------


class Refused(Exception):
    """An answer that gives no page to draft from: the message says why."""


class NotPublic(Exception):
    """A connection refused: the host's address is not a public one."""


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _transport(allow_private: bool) -> httpx.HTTPTransport:
    """httpx's transport, its connections made only to public addresses unless ``allow_private``."""
    import httpcore
    import httpx

    class PublicOnly(httpcore.SyncBackend):
        """Resolves the host itself and connects to the address it checked, so that no second lookup can differ."""

        def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None, socket_options: Any = None) -> Any:
            try:
                found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as exc:
                raise httpcore.ConnectError(f"cannot find the host {host} ({getattr(exc, 'strerror', None) or exc})") from None
            addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
            refused = [a for a in addresses if not _public(a)]
            if refused:
                raise NotPublic(f"{host} is {refused[0]}, not a public address" if host != refused[0] else f"{host} is not a public address")
            return super().connect_tcp(addresses[0], port, timeout, local_address, socket_options)

    transport = httpx.HTTPTransport(trust_env=False)
    if not allow_private:
        # httpx takes no network backend of its own: its pool is made again with one (httpx < 1 keeps it as _pool)
        transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), network_backend=PublicOnly())
    return transport


# -- the WARC file --------------------------------------------------------------------


def warc_file(hops: list[Hop], request_headers: dict[str, str]) -> bytes:
    """A gzipped WARC file: a warcinfo record, then each request and its response as received."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    info = {"software": user_agent("new").split(" ", 1)[0], "format": "WARC File Format 1.1", "description": "Pages fetched by briefs new"}
    warcinfo = writer.create_warcinfo_record("", info)
    warcinfo.rec_headers.replace_header("WARC-Date", utc_text(hops[0].retrieved))
    writer.write_record(warcinfo)
    for hop in hops:
        date = utc_text(hop.retrieved)
        protocol = hop.http_version if hop.http_version.startswith("HTTP/") else "HTTP/1.1"
        digest = "sha256:" + base64.b32encode(hashlib.sha256(hop.body).digest()).decode("ascii")
        http_headers = StatusAndHeaders(f"{hop.status} {hop.reason}".rstrip(), hop.headers, protocol=protocol)
        response = writer.create_warc_record(
            hop.url,
            "response",
            payload=io.BytesIO(hop.body),
            length=len(hop.body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": date, "WARC-Payload-Digest": digest},
        )
        parts = urlsplit(hop.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sent = [("Host", parts.netloc), *request_headers.items()]
        request = writer.create_warc_record(
            hop.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(f"GET {target} {protocol}", sent, is_http_request=True),
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_request_response_pair(request, response)
    return out.getvalue()


def record_lines(article: Article, source_id: str) -> list[str]:
    """The lines a captured article adds to its record in sources.yaml: when, the WARC file and its digest, and the way there."""
    got = article.capture
    if got is None:
        return []
    out = [
        f"  retrieved: {utc_text(got.page.retrieved)}",
        f"  warc: {warc_path(source_id)}",
        f"  sha256: {got.page.sha256}  # of the page as received, as in the WARC file",
    ]
    if len(got.hops) > 1:
        out.insert(0, f"  # fetched by way of {len(got.hops) - 1} redirect(s): {' '.join(got.redirects.split())}")
    return out
