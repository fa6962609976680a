"""Capture from an address: ``briefs new URL`` and ``briefs add URL`` against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import html
import shutil
from pathlib import Path

import pytest
import yaml
from warcio.archiveiterator import ArchiveIterator

from briefs.cli import main
from briefs.draft.capture import NotPublic, _public, _transport, url_stem
from conftest import FIXTURE_BRIEFS, FIXTURES, briefs_cli, build, copy_fixture_site, has_class, text_of

ARTICLE = (FIXTURES / "articles" / "borvia-herald.html").read_bytes()  # a saved page with a canonical URL, an author and a date
TEXT = (FIXTURES / "articles" / "harbour-talks.txt").read_bytes()
PRIVATE = "--allow-private"  # the server of these tests is on 127.0.0.1


def page(body: str, title: str = "Harbour talks resume", head: str = "") -> bytes:
    """An HTML page of a news site with ``body`` as its article's paragraphs (no canonical URL)."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n"))
    return (
        f"<!doctype html><html><head><title>{html.escape(title)}</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>{paragraphs}</article></body></html>"
    ).encode()


STORY = (
    "The harbour talks resumed on Monday after a pause of three weeks.\n\n"
    '"We are ready to sign within the month," the Borvian negotiator Anna Kessel said.\n\n'
    "Both sides said the fishing quotas remain the hardest question of the talks."
)


@pytest.fixture
def folder(tmp_path) -> Path:
    """An empty briefs folder with the fixture actor registry."""
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    shutil.copy(FIXTURE_BRIEFS / "actors.yaml", briefs / "actors.yaml")
    return briefs


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def record(folder: Path, source_id: str) -> dict:
    return yaml.load((folder / "sources.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)[source_id]  # every value as text


def warc_records(path: Path) -> list[tuple[str, str | None, object, bytes]]:
    """Each record of a WARC file: its type, target URI, the record itself and its payload as stored (in its content encoding)."""
    out = []
    with open(path, "rb") as f:
        for r in ArchiveIterator(f):
            out.append((r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r, r.raw_stream.read()))
    return out


def refused(capsys, argv: list[str], folder: Path) -> str:
    """Run the CLI, which must fail with one line on stderr and leave the folder as it was; return the line."""
    before = files(folder)
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert files(folder) == before
    return err.strip()


def test_a_page_is_captured_with_its_warc_record_retrieval_time_and_digest(server, folder):
    url = server.page("/2021/03/harbour-open.html", ARTICLE)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    done = briefs_cli("new", url, "--folder", folder, PRIVATE, cwd=folder.parent)
    after = dt.datetime.now(dt.UTC)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert f"wrote {folder / 'sources' / 'harbour-open.warc.gz'} (the page as received, 20" in done.stdout
    got = record(folder, "harbour-open")
    # the page's own facts, its canonical address rather than the one it was fetched from
    assert (got["publisher"], got["author"], got["url"], got["published"]) == (
        "Borvia Herald", "Lena Moss", "https://herald.example.org/2021/03/harbour-open", "2021-03-04"
    )
    retrieved = dt.datetime.strptime(got["retrieved"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert before <= retrieved <= after
    assert got["warc"] == "sources/harbour-open.warc.gz"
    assert got["sha256"] == hashlib.sha256(ARTICLE).hexdigest()
    kinds = [(kind, uri) for kind, uri, _, _ in warc_records(folder / got["warc"])]
    assert kinds == [("warcinfo", None), ("response", url), ("request", url)]
    _, _, response, payload = warc_records(folder / got["warc"])[1]
    assert payload == ARTICLE  # the raw response, as served
    assert response.http_headers.get_statuscode() == "200"
    assert response.http_headers.get_header("Content-Type") == "text/html; charset=utf-8"
    assert response.rec_headers.get_header("WARC-Date") == got["retrieved"]
    digest = "sha256:" + base64.b32encode(hashlib.sha256(ARTICLE).digest()).decode()
    assert response.rec_headers.get_header("WARC-Payload-Digest") == digest
    snapshot = (folder / "sources" / "harbour-open.txt").read_text(encoding="utf-8")
    assert "harbour" in snapshot and "<" not in snapshot
    checked = briefs_cli("check", folder, cwd=folder.parent)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_text_file_is_captured_and_its_address_is_its_url(server, folder, capsys):
    url = server.page("/talks.txt", TEXT, "text/plain; charset=utf-8")
    assert main(["new", url, "--folder", str(folder), PRIVATE]) == 0
    got = record(folder, "talks")
    assert got["url"] == url  # a text file names no address of its own: the one that answered
    assert "publisher" not in got and "author" not in got and "published" not in got  # nothing guessed
    assert (folder / "sources" / "talks.txt").read_bytes() == TEXT
    assert warc_records(folder / "sources" / "talks.warc.gz")[1][3] == TEXT


def test_only_public_hosts_unless_allowed(server, folder, capsys):
    url = server.page("/story.html", page(STORY))
    line = refused(capsys, ["new", url, "--folder", str(folder)], folder)
    assert line == f"{url}: error: 127.0.0.1 is not a public address; only public hosts are fetched (give --allow-private to fetch it)"
    line = refused(capsys, ["new", url.replace("127.0.0.1", "localhost"), "--folder", str(folder)], folder)
    assert "localhost is 127.0.0.1, not a public address" in line or "localhost is ::1, not a public address" in line
    assert server.agents == []  # nothing was asked of the server


def test_which_addresses_are_public():
    for address in ("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.1", "224.0.0.1"):
        assert not _public(address), address
    for address in ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"):
        assert _public(address), address
    with pytest.raises(NotPublic, match="localhost is"):
        _transport(allow_private=False)._pool._network_backend.connect_tcp("localhost", 80, timeout=1)


def test_other_schemes_are_refused_by_name(folder, capsys):
    line = refused(capsys, ["new", "ftp://news.example.org/story.txt", "--folder", str(folder)], folder)
    assert line == "ftp://news.example.org/story.txt: error: not an http(s) address; only http:// and https:// pages are fetched"


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("http://", "the address has no host; give the page's address as the browser shows it"),
        ("http://[::1/story", "not an address that can be fetched (Invalid IPv6 URL); give the page's address as the browser shows it"),
        ("https://news.invalid/story", "no answer from https://news.invalid/story: cannot find the host news.invalid"),
    ],
)
def test_an_address_that_cannot_be_fetched_is_one_line(folder, capsys, address, message):
    assert refused(capsys, ["new", address, "--folder", str(folder), "--id", "story"], folder).startswith(f"{address}: error: {message}")


def test_redirects_are_followed_and_recorded(server, folder, capsys):
    story = server.page("/news/harbour-talks", page(STORY))
    server.redirect("/mid", story, 302)
    old = server.redirect("/old", "/mid", 301)  # a relative Location, as servers send it
    assert main(["new", old, "--folder", str(folder), "--id", "talks", PRIVATE]) == 0
    got = record(folder, "talks")
    assert got["url"] == story  # the page names no address: the one that answered, after the redirects
    text = (folder / "sources.yaml").read_text(encoding="utf-8")
    assert f"# fetched by way of 2 redirect(s): {old} (301) → {server.url}/mid (302) → {story} (200)" in text
    responses = [(uri, r.http_headers.get_statuscode()) for kind, uri, r, _ in warc_records(folder / got["warc"]) if kind == "response"]
    assert responses == [(old, "301"), (f"{server.url}/mid", "302"), (story, "200")]
    assert got["sha256"] == hashlib.sha256(page(STORY)).hexdigest()  # of the page, not of a redirect


def test_too_many_redirects_and_a_redirect_off_http_are_refused(server, folder, capsys):
    for n in range(7):
        server.redirect(f"/loop{n}", f"/loop{n + 1}")
    line = refused(capsys, ["new", server.url + "/loop0", "--folder", str(folder), PRIVATE], folder)
    assert line.startswith(f"{server.url}/loop0: error: more than 5 redirects ({server.url}/loop0 (301) → ")
    away = server.redirect("/away", "file:///etc/passwd")
    line = refused(capsys, ["new", away, "--folder", str(folder), PRIVATE], folder)
    assert line == f"{away}: error: it redirects to file:///etc/passwd, not an http(s) address; only http:// and https:// pages are fetched"


def test_an_error_status_is_one_line(server, folder, capsys):
    line = refused(capsys, ["new", server.url + "/gone", "--folder", str(folder), PRIVATE], folder)
    assert line == f"{server.url}/gone: error: HTTP 404 Not Found: the address gives no page to draft from; nothing was written"
    moved = server.redirect("/moved", "/gone")
    line = refused(capsys, ["new", moved, "--folder", str(folder), PRIVATE], folder)
    assert line == f"{moved}: error: HTTP 404 Not Found: the address gives no page to draft from; nothing was written (at {server.url}/gone, where it redirects)"


def test_a_huge_page_is_refused_as_it_announces_or_as_it_arrives(server, folder, capsys):
    server.routes["/huge.html"] = (200, {"Content-Type": "text/html", "Content-Length": "60000000"}, b"<html>")
    line = refused(capsys, ["new", server.url + "/huge.html", "--folder", str(folder), PRIVATE], folder)
    assert line == (
        f"{server.url}/huge.html: error: the page is larger than 50,000,000 bytes (it announces 60,000,000): "
        "save the article alone from a browser and draft from the file; nothing was written"
    )

    def endless(handler) -> None:  # no length: it only ends when the reader stops
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain; charset=utf-8")
        handler.end_headers()
        try:
            for _ in range(1000):
                handler.wfile.write(b"All work and no play makes a long page. " * 1000)
        except OSError:
            pass

    server.routes["/endless.txt"] = endless
    line = refused(capsys, ["new", server.url + "/endless.txt", "--folder", str(folder), PRIVATE], folder)
    assert line == (
        f"{server.url}/endless.txt: error: the page is larger than 5,000,000 bytes (more arrived): "
        "save the article alone from a browser and draft from the file; nothing was written"
    )


def test_charsets_are_checked(server, folder, capsys):
    latin = page(STORY.replace("Kessel", "Kesselé")).decode().encode("latin-1")
    url = server.page("/wrong.html", latin, "text/html; charset=utf-8")
    line = refused(capsys, ["new", url, "--folder", str(folder), PRIVATE], folder)
    at = latin.index("é".encode("latin-1"))
    assert line == f"{url}: error: the page is not valid utf-8, the encoding the server declares (byte 0xe9 at {at:,})"
    url = server.page("/unknown.html", latin, "text/html; charset=x-klingon")
    line = refused(capsys, ["new", url, "--folder", str(folder), PRIVATE], folder)
    assert line == f"{url}: error: the server declares an unknown encoding 'x-klingon'; save the page from a browser and draft from the file"
    contradicted = page(STORY, head='<meta charset="utf-8">').decode().encode("latin-1")
    url = server.page("/contradicted.html", contradicted, "text/html; charset=koi8-r")
    line = refused(capsys, ["new", url, "--folder", str(folder), PRIVATE], folder)
    assert line == f"{url}: error: the server says the page is in koi8-r but the page says utf-8: save the page from a browser and draft from the file"
    # the charset declared, and met: read in it
    url = server.page("/latin.html", latin, "text/html; charset=ISO-8859-1")
    assert main(["new", url, "--folder", str(folder), PRIVATE]) == 0
    assert "Anna Kesselé said" in (folder / "sources" / "latin.txt").read_text(encoding="utf-8")
    assert warc_records(folder / "sources" / "latin.warc.gz")[1][3] == latin  # kept as it came


def test_a_pdf_is_refused_whatever_it_is_served_as(server, folder, capsys):
    pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
    for path, content_type in (("/report.pdf", "application/pdf"), ("/report", "application/octet-stream")):
        url = server.page(path, pdf, content_type)
        line = refused(capsys, ["new", url, "--folder", str(folder), PRIVATE], folder)
        assert line == (
            f"{url}: error: the address gives a PDF document, neither an HTML page nor text: "
            "save its text as a .txt file and draft from that; nothing was written"
        )
    url = server.page("/photo.jpg", b"\xff\xd8\xff\xe0", "image/jpeg")
    assert "the address gives image/jpeg, neither an HTML page nor text" in refused(capsys, ["new", url, "--folder", str(folder), PRIVATE], folder)


def test_scripts_are_kept_in_the_warc_record_and_left_out_of_the_snapshot(server, folder, capsys):
    script = '<script>var quote = "We will never sign this deal"; document.write("Subscribe now to read more about the harbour");</script>'
    served = page(STORY, head=script + "<style>p { color: red }</style>").replace(b"</article>", b"</article>" + script.encode())
    url = server.page("/scripted.html", served)
    assert main(["new", url, "--folder", str(folder), PRIVATE]) == 0
    snapshot = (folder / "sources" / "scripted.txt").read_text(encoding="utf-8")
    assert "ready to sign within the month" in snapshot
    assert "never sign" not in snapshot and "Subscribe" not in snapshot and "color" not in snapshot
    brief = yaml.safe_load((folder / "scripted.yaml").read_text(encoding="utf-8"))
    assert [s["quote"].rstrip(",") for s in brief["statements"]] == ["We are ready to sign within the month"]
    assert warc_records(folder / "sources" / "scripted.warc.gz")[1][3] == served


def test_a_gzipped_page_is_read_and_kept_as_sent(server, folder, capsys):
    packed = gzip.compress(page(STORY))
    server.routes["/packed.html"] = (200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}, packed)
    assert main(["new", server.url + "/packed.html", "--folder", str(folder), PRIVATE]) == 0
    assert "ready to sign within the month" in (folder / "sources" / "packed.txt").read_text(encoding="utf-8")
    got = record(folder, "packed")
    assert got["sha256"] == hashlib.sha256(packed).hexdigest()
    assert warc_records(folder / got["warc"])[1][3] == packed


def test_a_server_that_does_not_answer_in_time(server, folder, capsys):
    url = server.never_answering("/slow.html")
    line = refused(capsys, ["new", url, "--folder", str(folder), PRIVATE, "--timeout", "0.5"], folder)
    assert line == f"{url}: error: no answer from {url} within 0.5 s (give a longer --timeout, or save the page from a browser)"


def test_an_id_is_made_from_the_address():
    assert url_stem("https://news.example.org/2025/06/harbour-talks.html?ref=home") == "harbour-talks"
    assert url_stem("https://news.example.org/world/harbour-talks/") == "harbour-talks"
    assert url_stem("https://news.example.org/") == "news.example.org"


def test_briefs_add_captures_a_page_for_a_brief(server, tmp_path, capsys):
    shutil.copytree(FIXTURE_BRIEFS, tmp_path / "briefs")
    folder = tmp_path / "briefs"
    url = server.page("/follow-up.html", page(STORY))
    assert main(["add", url, "--to", "harbour-deal", "--folder", str(folder), PRIVATE]) == 0
    out = capsys.readouterr().out
    assert f"wrote {folder / 'sources' / 'follow-up.warc.gz'} (the page as received)" in out
    got = record(folder, "follow-up")
    assert (got["url"], got["warc"], got["sha256"]) == (url, "sources/follow-up.warc.gz", hashlib.sha256(page(STORY)).hexdigest())
    assert warc_records(folder / got["warc"])[1][3] == page(STORY)
    assert "follow-up" in (folder / "harbour-deal.yaml").read_text(encoding="utf-8")
    before = files(folder)
    line = refused(capsys, ["add", server.url + "/nowhere", "--to", "harbour-deal", "--folder", str(folder), PRIVATE], folder)
    assert "HTTP 404 Not Found" in line and files(folder) == before


def test_the_source_page_says_when_its_text_was_retrieved(server, tmp_path):
    site = copy_fixture_site(tmp_path)
    briefs = tmp_path / "briefs"
    url = server.page("/deal.html", page(STORY))
    assert main(["new", url, "--folder", str(tmp_path / "scratch"), PRIVATE]) == 1  # no such folder: nothing fetched
    (tmp_path / "scratch").mkdir()
    shutil.copy(briefs / "actors.yaml", tmp_path / "scratch")
    assert main(["new", url, "--folder", str(tmp_path / "scratch"), "--id", "deal", PRIVATE]) == 0
    captured = record(tmp_path / "scratch", "deal")
    shutil.copy(tmp_path / "scratch" / captured["warc"], briefs / "sources" / "harbour-deal.warc.gz")
    text = (briefs / "sources.yaml").read_text(encoding="utf-8").replace(
        "  snapshot: sources/harbour-deal.txt\n",
        f"  snapshot: sources/harbour-deal.txt\n  url: https://news.example.org/harbour-deal\n  retrieved: {captured['retrieved']}\n  warc: sources/harbour-deal.warc.gz\n  sha256: {captured['sha256']}\n",
        1,
    )
    (briefs / "sources.yaml").write_text(text, encoding="utf-8")
    built = build(site / "mkdocs.yml", tmp_path / "out")
    assert built.ok, built.log
    doc = built.page("sources/harbour-deal/")
    [note] = doc.xpath(f"//p[{has_class('brief-source-capture')}]")
    moment = dt.datetime.strptime(captured["retrieved"], "%Y-%m-%dT%H:%M:%SZ")
    assert text_of(note) == (
        f"Text taken from the original on {moment.day} {moment:%B %Y} at {moment:%H:%M} UTC. "
        f"The page as it was received is kept with the briefs as a WARC record (SHA-256 of its content: {captured['sha256']}); "
        "it is not published on this site."
    )
    assert note.xpath("time/@datetime") == [moment.replace(tzinfo=dt.UTC).isoformat()]
    assert doc.xpath(f"//a[{has_class('brief-source__link')}]/@data-versiondate") == [moment.replace(tzinfo=dt.UTC).isoformat()]
    assert not list((tmp_path / "out").rglob("*.warc.gz"))  # kept with the briefs, not published
