"""briefs audit: each source's original read again from a real HTTP server on 127.0.0.1; Robust Links on links to originals."""

from __future__ import annotations

import html
import http.server
import json
import shutil
import socket
from pathlib import Path

import pytest
import yaml

from briefs.cli import main
from conftest import FIXTURE_BRIEFS, build, copy_fixture_site, has_class, text_of

SOURCES_LINE = "# yaml-language-server: $schema=schema/sources.schema.json\n"
DEAL_PASSAGE = "told the state broadcaster BNN that the deal was"


def snapshot_of(source_id: str) -> str:
    return (FIXTURE_BRIEFS / "sources" / f"{source_id}.txt").read_text(encoding="utf-8")


def html_page(text: str) -> bytes:
    """A page as a site serves an article: navigation and footer around it, the first paragraph as its heading."""
    title, *paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body>"
        f'<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{html.escape(title)}</h1>{body}</article><footer>© The Fixture Post</footer></body></html>"
    ).encode()


@pytest.fixture
def folder(tmp_path) -> Path:
    """The fixture briefs, their sources with no url yet."""
    shutil.copytree(FIXTURE_BRIEFS, tmp_path / "briefs")
    return tmp_path / "briefs"


def set_sources(folder: Path, urls: dict[str, str], extra: dict[str, tuple[str | None, str]] | None = None) -> None:
    """Give the fixture's sources ``urls``; add ``extra`` sources no brief cites: id -> (url or None, snapshot text)."""
    records = yaml.safe_load((folder / "sources.yaml").read_text(encoding="utf-8"))
    for source_id, url in urls.items():
        records[source_id]["url"] = url
    for source_id, (url, text) in (extra or {}).items():
        (folder / "sources" / f"{source_id}.txt").write_text(text, encoding="utf-8")
        records[source_id] = {"title": source_id, "kind": "news", "snapshot": f"sources/{source_id}.txt", **({"url": url} if url else {})}
    (folder / "sources.yaml").write_text(SOURCES_LINE + yaml.safe_dump(records, sort_keys=False), encoding="utf-8")


def closed_port() -> int:
    """A port of 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def files_of(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def audit(folder: Path, *args: str) -> tuple[int, dict]:
    """``briefs audit`` run as the command line runs it: its exit code and JSON report."""
    out = folder.parent / "audit.json"
    before = files_of(folder)
    code = main(["audit", str(folder), "--json", str(out), *args])
    assert files_of(folder) == before  # nothing in the folder changed
    return code, json.loads(out.read_text(encoding="utf-8"))


def by_id(report: dict) -> dict[str, dict]:
    return {s["id"]: s for s in report["sources"]}


def test_ok_moved_changed_and_skipped_sources_pass(folder, server, capsys):
    plain = snapshot_of("harbour-deal") + "\nThe agreement will be reviewed after ten years.\n"
    urls = {
        "harbour-opinion": server.page("/opinion", html_page(snapshot_of("harbour-opinion"))),
        "fishing-talks": server.redirect("/talks-old", "/world/talks"),
        "harbour-deal": server.page("/deal.txt", plain.encode(), "text/plain; charset=utf-8"),
    }
    server.page("/world/talks", html_page(snapshot_of("fishing-talks")))
    set_sources(folder, urls, {"notes": (None, "Notes kept by the desk, with no address.\n")})
    code, report = audit(folder)
    printed = capsys.readouterr().out
    assert code == 0, printed
    sources = by_id(report)
    assert {s: r["status"] for s, r in sources.items()} == {
        "fishing-talks": "moved",
        "harbour-opinion": "ok",
        "harbour-deal": "changed",
        "notes": "skipped",
    }
    assert report["format"] == "briefs-audit" and report["version"] == 1 and report["timeout"] == 20.0
    assert report["counts"] == {"ok": 1, "changed": 1, "moved": 1, "drifted": 0, "gone": 0, "skipped": 1}
    opinion = sources["harbour-opinion"]
    assert opinion == {
        "id": "harbour-opinion",
        "url": urls["harbour-opinion"],
        "status": "ok",
        "final_url": urls["harbour-opinion"],
        "http_status": 200,
        "error": None,
        "same_text": True,
        "passages": 4,  # the quote, the context's passage and the claims of two caveats
        "missing": [],
        "seconds": opinion["seconds"],
    }
    moved = sources["fishing-talks"]
    assert (moved["final_url"], moved["http_status"], moved["same_text"], moved["passages"]) == (server.url + "/world/talks", 200, True, 4)
    changed = sources["harbour-deal"]
    assert (changed["same_text"], changed["passages"], changed["missing"]) == (False, 6, [])
    assert sources["notes"]["url"] is None and sources["notes"]["seconds"] == 0
    assert all(0 < sources[s]["seconds"] < 10 for s in urls)
    lines = printed.splitlines()
    assert f"source 'fishing-talks': moved to {server.url}/world/talks: the text is the snapshot's; all 4 cited passage(s) still there" in lines
    assert "source 'harbour-deal': changed: the text differs from the snapshot; all 6 cited passage(s) still there" in lines
    assert "source 'harbour-opinion': ok: the text is the snapshot's; all 4 cited passage(s) still there" in lines
    assert "source 'notes': skipped: no url" in lines
    assert lines[-1].startswith("audited 3 source(s) in ") and lines[-1].endswith(": 1 ok, 1 changed, 1 moved; 1 skipped (no url)")
    assert set(server.agents) == {next(a for a in server.agents)} and server.agents[0].startswith("Briefs/")


def test_drifted_and_gone_sources_fail(folder, server, capsys):
    edited = snapshot_of("harbour-deal").replace(DEAL_PASSAGE, "told BNN that the deal was")
    urls = {
        "harbour-deal": server.page("/deal", html_page(edited)),
        "harbour-opinion": server.url + "/no-such-page",
        "fishing-talks": server.never_answering("/talks"),
    }
    text = "A page with text of its own, cited by no brief.\n"
    extra = {
        "refused": (f"http://127.0.0.1:{closed_port()}/", text),
        "to-ftp": (server.redirect("/to-ftp", "ftp://files.example.org/story.txt"), text),
        "loop": (server.redirect("/loop", "/loop", 302), text),
        "pdf": (server.page("/story.pdf", b"%PDF-1.4", "application/pdf"), text),
        "broken": (server.page("/broken", b"caf\xe9 society", "text/plain; charset=utf-8"), text),
        "error": (server.page("/error", b"Internal error", "text/plain", 500), text),
    }
    set_sources(folder, urls, extra)
    code, report = audit(folder, "--timeout", "1")
    printed = capsys.readouterr().out
    assert code == 1, printed
    sources = by_id(report)
    assert {s: r["status"] for s, r in sources.items()} == {
        "fishing-talks": "gone",
        "harbour-opinion": "gone",
        "harbour-deal": "drifted",
        **dict.fromkeys(extra, "gone"),
    }
    drifted = sources["harbour-deal"]
    assert (drifted["http_status"], drifted["same_text"], drifted["passages"]) == (200, False, 6)
    (missing,) = drifted["missing"]
    assert missing["brief"].endswith("harbour-deal.yaml") and Path(missing["brief"]).parent == folder.resolve()
    assert (missing["path"], missing["line"], missing["column"], missing["words"]) == ("statements.1.cite.passage", 19, 43, DEAL_PASSAGE)
    assert (sources["harbour-opinion"]["http_status"], sources["harbour-opinion"]["error"]) == (404, "HTTP 404 Not Found")
    slow = sources["fishing-talks"]
    assert (slow["http_status"], slow["error"]) == (None, "no answer within 1 s") and 0.9 < slow["seconds"] < 5
    errors = {s: sources[s]["error"] for s in extra}
    assert errors["refused"].startswith("no answer: ")
    assert errors["to-ftp"] == "redirected to ftp://files.example.org/story.txt, which is not an http(s) address"
    assert errors["loop"] == "more than 5 redirects"
    assert errors["pdf"] == "the page is application/pdf, neither HTML nor text"
    assert errors["broken"] == "the page is not valid utf-8 (byte 0xe9)"
    assert (errors["error"], sources["error"]["http_status"]) == ("HTTP 500 Internal Server Error", 500)
    lines = printed.splitlines()
    at = lines.index("source 'harbour-deal': drifted: 1 of 6 cited passage(s) no longer in the page")
    assert lines[at + 1] == f"  {missing['brief']}:19:43: statements.1.cite.passage: “{DEAL_PASSAGE}”"
    assert "source 'harbour-opinion': gone: HTTP 404 Not Found" in lines
    assert "source 'fishing-talks': gone: no answer within 1 s" in lines
    assert lines[-1].endswith(": 1 drifted, 8 gone")


def test_a_redirect_to_a_page_without_a_cited_passage_is_drifted_and_says_where(folder, server, capsys):
    edited = snapshot_of("harbour-opinion").replace("The harbour deal signed in March", "The harbour deal of March")
    server.page("/new/opinion", html_page(edited))
    set_sources(folder, {"harbour-opinion": server.redirect("/opinion", "/new/opinion", 308)})
    code, report = audit(folder)
    assert code == 1
    opinion = by_id(report)["harbour-opinion"]
    assert (opinion["status"], opinion["final_url"]) == ("drifted", server.url + "/new/opinion")
    assert [m["path"] for m in opinion["missing"]] == ["context.0.cite.0.passage"]
    assert f"source 'harbour-opinion': drifted: 1 of 4 cited passage(s) no longer in the page (redirected to {server.url}/new/opinion)" in capsys.readouterr().out


def test_a_page_too_large_or_too_slow_to_arrive_is_gone(folder, server, monkeypatch):
    monkeypatch.setattr("briefs.audit.MAX_TEXT_BYTES", 100)

    def trickle(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        for _ in range(100):  # a byte every 0.2 s: each read in time, the page not
            if server.release.wait(0.2):
                return
            handler.wfile.write(b"x")
            handler.wfile.flush()

    server.routes["/trickle"] = trickle
    set_sources(
        folder,
        {"harbour-deal": server.page("/big", b"word " * 40, "text/plain"), "harbour-opinion": server.url + "/trickle"},
    )
    code, report = audit(folder, "--timeout", "1")
    sources = by_id(report)
    assert code == 1
    assert (sources["harbour-deal"]["status"], sources["harbour-deal"]["error"]) == ("gone", "the page is larger than 100 bytes")
    trickled = sources["harbour-opinion"]
    assert (trickled["status"], trickled["error"]) == ("gone", "the page did not arrive within 1 s") and trickled["seconds"] < 3


def test_a_page_in_the_encoding_its_server_declares(folder, server):
    page = html_page(snapshot_of("harbour-opinion")).decode()
    set_sources(folder, {"harbour-opinion": server.page("/opinion", page.encode("utf-16"), "text/html; charset=utf-16")})
    code, report = audit(folder)
    assert code == 0 and by_id(report)["harbour-opinion"]["status"] == "ok"


def test_bad_usage_is_exit_2_with_a_clear_line(folder, server, tmp_path, capsys):
    assert main(["audit", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'nowhere'}: error: no such folder\n"
    assert main(["audit", str(folder), "--json", str(tmp_path / "no" / "report.json")]) == 2
    assert "no such folder; give the file to write the report to" in capsys.readouterr().err
    for bad in ("0", "-1", "soon", "nan", "601"):
        with pytest.raises(SystemExit) as exit:
            main(["audit", str(folder), "--timeout", bad])
        assert exit.value.code == 2
        assert f"argument --timeout: '{bad}' is not a number of seconds between 0 and 600" in capsys.readouterr().err
    brief = folder / "harbour-deal.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("a bridge, not a wall", "a bridge, not a moat"), encoding="utf-8")
    set_sources(folder, {"harbour-deal": server.page("/deal", html_page(snapshot_of("harbour-deal")))})
    assert main(["audit", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "harbour-deal.yaml:18:12: error: quote not found verbatim in source 'harbour-deal'" in err
    assert err.endswith(f"1 error(s): fix them first (see briefs check {folder}); nothing was fetched\n")
    assert server.agents == []


# -- Robust Links on the links to originals -------------------------------------


def test_links_to_the_original_carry_robust_links_attributes(tmp_path):
    site = copy_fixture_site(tmp_path)
    briefs = tmp_path / "briefs"
    records = yaml.safe_load((briefs / "sources.yaml").read_text(encoding="utf-8"))
    deal, talks = "https://news.example.org/deal?id=1&lang=en", "https://wire.example.org/talks"
    archive = "https://web.archive.org/web/20250304120000/https://news.example.org/deal?id=1&lang=en"
    records["harbour-deal"].update(url=deal, retrieved="2025-03-04", archive=archive)
    records["fishing-talks"]["url"] = talks
    (briefs / "sources.yaml").write_text(SOURCES_LINE + yaml.safe_dump(records, sort_keys=False), encoding="utf-8")
    built = build(site / "mkdocs.yml")
    article = built.article("briefs/harbour-deal/")
    links = article.xpath(f'.//a[{has_class("brief-source__link")} or {has_class("brief-deeplink")}]')
    assert len(links) == 1 + 5  # the original, and the deep link of each of its five citations
    for link in links:
        assert (link.get("data-originalurl"), link.get("data-versiondate"), link.get("data-versionurl")) == (deal, "2025-03-04", archive)
        assert link.get("href").startswith(deal)
    (entry,) = article.xpath(f'.//p[{has_class("brief-source__entry")}]')
    assert text_of(entry).endswith("Stored text · Original · Archived copy.")  # an address known: nothing said missing
    assert entry.xpath(f'a[{has_class("brief-source__archive")}]/@href') == [archive]
    (source_link,) = built.page("sources/harbour-deal/").xpath(f'//a[{has_class("brief-source__link")}]')
    assert (source_link.get("data-originalurl"), source_link.get("data-versiondate")) == (deal, "2025-03-04")
    # no date of the snapshot recorded: none given
    talks_links = built.article("briefs/fishing-talks/").xpath(f'.//a[{has_class("brief-source__link")} or {has_class("brief-deeplink")}]')
    assert talks_links and all(link.get("data-originalurl") == talks for link in talks_links)
    assert all(link.get("data-versiondate") is None and link.get("data-versionurl") is None for link in talks_links)
    # a source without a url has no link to carry them
    assert not built.article("briefs/harbour-critics/").xpath("//*[@data-originalurl]")
