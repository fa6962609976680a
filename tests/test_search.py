"""Search with Pagefind (``search.py`` and the plugin's ``pagefind`` option): the index a real build
writes, the search page in Debian's Chromium, ``mkdocs serve`` following edits, and the errors.

The site is the fixture site with the hostile brief, built with ``pagefind: true`` and without
Material's search plugin; the fixture site itself keeps Material's search (the way back).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from test_browser import axe_violations, open_page, serious, serve

from briefs.search import BUNDLE, SearchIndexError, index_site
from conftest import (
    ENV,
    HOSTILE_BRIEFS,
    Built,
    add_briefs,
    briefs_cli,
    build,
    copy_fixture_site,
    needs_chromium,
    only_markdown_warnings,
    site_files,
    text_of,
)

FIXTURE_BRIEFS = {"fishing-talks", "harbour-critics", "harbour-deal", "script-payloads"}


def use_pagefind(config: Path, search_page: str | None = None) -> None:
    """The site of ``config`` searched with Pagefind: Material's search plugin out, the option on."""
    text = config.read_text(encoding="utf-8").replace("  - search\n", "")
    option = "      pagefind: true\n" + (f"      search_page: {search_page}\n" if search_page else "")
    config.write_text(text.replace("      briefs_dir: ../briefs\n", "      briefs_dir: ../briefs\n" + option), encoding="utf-8")
    assert "pagefind: true" in config.read_text(encoding="utf-8")


def pagefind_site(root: Path, *, hostile: bool = True) -> Path:
    site = copy_fixture_site(root)
    if hostile:
        add_briefs(root / "briefs", HOSTILE_BRIEFS)
    use_pagefind(site / "mkdocs.yml")
    return site


@pytest.fixture(scope="module")
def searched(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("pagefind")
    site = pagefind_site(root)
    built = build(site / "mkdocs.yml", root / "out", strict=False)
    assert only_markdown_warnings(built.log), built.log
    return built


def fragments(out: Path) -> dict[str, dict]:
    """Pagefind's record of each indexed page (its fragment: gzip, a signature, then JSON), by URL."""
    records = {}
    for path in (out / BUNDLE / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[len(b"pagefind_dcd") :])
        records[record["url"]] = record
    return records


# -- the index a build writes ------------------------------------------------------------------


def test_the_index_holds_every_brief_page_and_nothing_else(searched):
    entry = json.loads((searched.out / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(FIXTURE_BRIEFS)
    assert set(fragments(searched.out)) == {f"/briefs/{slug}/" for slug in FIXTURE_BRIEFS}
    assert f"Pagefind indexed {len(FIXTURE_BRIEFS)} pages" in searched.log


def test_a_brief_is_indexed_with_its_filters_and_what_its_result_shows(searched):
    deal = fragments(searched.out)["/briefs/harbour-deal/"]
    assert deal["filters"] == {
        "Actor": ["Arland", "Borvia", "Mara Olsen", "Teodor Vask", "Ines Dahl", "Borvia News Network"],
        "Caveat kind": ["Unverified"],
        "Source kind": ["Wire report"],
        "Topic": ["harbour", "arland-borvia"],
        "Year": ["2025"],
    }
    assert deal["meta"] == {
        "title": "Arland and Borvia sign a harbour deal",
        "summary": "The two governments agreed to share the harbour at Port Selby for twenty years; fishing rights were left for later.",
        "date": "5 March 2025",
        "badge_1_notice": "Single source",
        "badge_2": "1 caveat",
    }
    critics = fragments(searched.out)["/briefs/harbour-critics/"]["meta"]
    assert [critics[k] for k in ("badge_1_notice", "badge_2_notice", "badge_3")] == ["Single source", "Opinion only", "2 caveats"]


def test_the_index_holds_the_briefs_own_words_only(searched):
    content = fragments(searched.out)["/briefs/harbour-deal/"]["content"]
    for words in ("Arland and Borvia sign a harbour deal", "This harbour will carry our trade for a generation", "covers the harbour at Port Selby", "Teodor Vask Person President of Borvia"):
        assert words in content
    assert content.count("This harbour will carry our trade for a generation") == 1  # not again from its marker or passage list
    for elsewhere in ("Critics of the harbour deal", "Fishing talks stall", "See the sources", "Added the opposition's statement"):
        assert elsewhere not in content  # related briefs, the glance, the changes


def test_two_builds_differ_only_in_pagefinds_filter_and_meta_files(tmp_path):
    """Pagefind (1.5) writes its filter and meta index in no fixed order, so those files (and the entry
    naming them) differ from build to build; every page and fragment of the index is the same."""
    config = pagefind_site(tmp_path, hostile=False) / "mkdocs.yml"
    one, two = (site_files(build(config, tmp_path / name).out) for name in ("one", "two"))
    assert [path for path in one.keys() & two.keys() if one[path] != two[path] and not _unordered(path)] == []
    assert sorted(p for p in one.keys() ^ two.keys() if not _unordered(p)) == []
    assert any(path.startswith(f"{BUNDLE}/fragment/") for path in one)


def _unordered(path: str) -> bool:
    return path.startswith(f"{BUNDLE}/filter/") or path.endswith(".pf_meta") or path == f"{BUNDLE}/pagefind-entry.json"


def test_the_search_page_and_its_scripts_come_from_the_site(searched):
    page = searched.page("search/")
    assert text_of(page.xpath("//article//h1")[0]) == "Search"
    assert page.xpath("//div[@id='brief-search']")
    assets = page.xpath("//script/@src | //link[@rel='stylesheet']/@href")
    assert "../assets/briefs/search.js" in assets
    assert not [url for url in assets if "pagefind-ui" in url]  # the page's own UI, not Pagefind's
    (form,) = page.xpath("//div[@id='brief-search']/form[@role='search']")
    assert form.xpath(".//input[@type='search']/@aria-label") == ["Search the briefs"]
    for url in assets:
        assert "//" not in url, url  # nothing from another host
        assert searched.file(re.sub(r"^\.\./", "", url)).is_file(), url
    for name in ("pagefind.js", "pagefind-highlight.js", "pagefind-worker.js", "wasm.en.pagefind"):
        assert (searched.out / BUNDLE / name).is_file()
    assert not (searched.out / BUNDLE / "playground").exists()


def test_every_page_has_a_search_button_leading_to_the_search_page(searched):
    for url, href in (("", "search/"), ("briefs/harbour-deal/", "../../search/"), ("search/", "./")):
        (button,) = searched.page(url).xpath("//header//a[contains(@class, 'brief-search-button')]")
        assert button.get("href") == href and button.get("aria-label") == "Search the briefs"


def test_a_site_with_materials_search_has_no_pagefind(fixture_site):
    assert not (fixture_site.out / BUNDLE).exists() and not (fixture_site.out / "search" / "index.html").exists()
    assert not fixture_site.page("briefs/harbour-deal/").xpath("//a[contains(@class, 'brief-search-button')]")
    index = json.loads((fixture_site.out / "search" / "search_index.json").read_text(encoding="utf-8"))
    (changes,) = [d for d in index["docs"] if d["location"] == "briefs/harbour-deal/#changes"]
    assert "Single source" not in changes["text"] and "Wire report" not in changes["text"]  # the hidden search data is left out


def test_an_export_of_a_pagefind_site_searches_with_material(tmp_path):
    site = pagefind_site(tmp_path, hostile=False)
    exported = briefs_cli("export", "exported", "--config", "site/mkdocs.yml", cwd=tmp_path)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    config = yaml.safe_load((tmp_path / "exported" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"][:2] == ["search", "tags"]
    assert site.is_dir()


def _add_material_search(config: Path) -> None:
    config.write_text(config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - search\n"), encoding="utf-8")


def _write_doc(config: Path, path: str) -> None:
    target = config.parent / "docs" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# A page of the site's own\n", encoding="utf-8")


@pytest.mark.parametrize(
    "search_page, change, message",
    [
        (None, _add_material_search, "the briefs plugin's pagefind option replaces Material's search; remove '- search' from plugins, or set pagefind: false"),
        ("briefs.md", None, "'briefs.md' is, holds or lies inside the place of briefs_url ('briefs')"),
        ("pagefind/find.md", None, "'pagefind/find.md' is, holds or lies inside the place of the search index ('pagefind/')"),
        (None, lambda config: _write_doc(config, "pagefind/notes.md"), "docs/pagefind/notes.md would be replaced by the search index (pagefind/); rename or move it"),
        (None, lambda config: _write_doc(config, "search.md"), "docs/search.md would be replaced by the search page; rename or move it, or set search_page"),
    ],
    ids=["with-material-search", "page-in-briefs", "page-in-index", "docs-in-index", "docs-search-page"],
)
def test_a_search_setup_that_cannot_work_is_refused_by_name(tmp_path, search_page, change, message):
    config = copy_fixture_site(tmp_path) / "mkdocs.yml"
    use_pagefind(config, search_page)
    if change:
        change(config)
    built = build(config, check=False)
    assert not built.ok and message in built.log, built.log
    assert "Traceback" not in built.log


# -- search.index_site on its own -----------------------------------------------------------------


def test_index_site_indexes_the_marked_pages_and_replaces_an_earlier_index(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<html lang="en"><body><h1 data-pagefind-body>Zander quota</h1></body></html>')
    (tmp_path / "b.html").write_text('<html lang="en"><body><p>Not marked: not indexed.</p></body></html>')
    (tmp_path / BUNDLE).mkdir()
    (tmp_path / BUNDLE / "stale.pf_fragment").write_text("left by an earlier build")
    indexed = index_site(tmp_path)
    assert indexed.pages == 1 and indexed.seconds > 0
    assert not (tmp_path / BUNDLE / "stale.pf_fragment").exists()
    assert [r["content"] for r in fragments(tmp_path).values()] == ["Zander quota."]
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "d.html").write_text('<html lang="en"><body><h1 data-pagefind-body>Yarrow quota</h1></body></html>')
    assert index_site(tmp_path, within="a").pages == 1  # c/ is not read
    assert index_site(tmp_path).pages == 2
    assert index_site(tmp_path, within="e").pages == 0  # no page there (a site without briefs yet): no index, no error
    assert not (tmp_path / BUNDLE).exists()


def test_index_site_is_shaped_by_its_options_alone(tmp_path, monkeypatch):
    """Pagefind's command would also read a pagefind.yml in its working folder and PAGEFIND_* variables."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<html lang="en"><body><div data-pagefind-body><h1>Zander quota</h1><p>Set for the year.</p></div></body></html>')
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pagefind.yml").write_text("exclude_selectors: ['h1']\n")
    monkeypatch.setenv("PAGEFIND_EXCLUDE_SELECTORS", "p")
    assert index_site(site).pages == 1
    assert [r["content"] for r in fragments(site).values()] == ["Zander quota. Set for the year."]


def test_index_site_runs_from_code_that_runs_an_event_loop_already(tmp_path):
    (tmp_path / "index.html").write_text('<html lang="en"><body><p data-pagefind-body>Quillmouth harbour</p></body></html>')

    async def from_async_code():
        return index_site(tmp_path)

    # a thread of its own: the test process's browser (Playwright's sync API) may run a loop in this one
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        assert thread.submit(asyncio.run, from_async_code()).result().pages == 1


def test_index_site_says_what_to_do_without_the_pagefind_binary(tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text("<html><body><p>Text</p></body></html>")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SearchIndexError, match=r"the Pagefind binary was not found .*install it with the pagefind\[bin\] package"):
        index_site(tmp_path)


# -- in Chromium: a query, a filter, a click, the highlight --------------------------------------------




RESULTS = ".brief-search__result"
RESULT_LINKS = ".brief-search__link"
PAGE_SIZE = 5  # results the search page shows before its "Load more results" button


def shown(page, query: str) -> list[str]:
    """The titles of the results the search page shows for ``query``, once it has shown them all (it says how many)."""
    message = page.locator(".brief-search__message", has_text=re.compile(rf"^(\d+|No) results? for {re.escape(query)}$"))
    message.wait_for()
    count = int(message.inner_text().split()[0].replace("No", "0"))
    page.wait_for_function(f"document.querySelectorAll('{RESULT_LINKS}').length === {min(count, PAGE_SIZE)}")
    return page.locator(RESULT_LINKS).all_inner_texts()


def search_for(page, query: str) -> list[str]:
    """Type into the search page's box; the titles of the results."""
    box = page.locator(".brief-search__input")
    box.fill("")
    box.press_sequentially(query, delay=20)
    return shown(page, query)


@needs_chromium
def test_search_filter_click_and_the_words_marked_on_the_brief(browser, searched):
    with serve(searched.out) as base, open_page(browser, None) as (page, _):
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base + "briefs/harbour-deal/")
        page.locator("header a.brief-search-button").click()
        page.wait_for_url(base + "search/")

        titles = search_for(page, "harbour")  # newest first
        assert titles == ["Fishing talks stall", "Critics of the harbour deal", "Arland and Borvia sign a harbour deal"]
        (first,) = page.locator(RESULTS, has_text="Critics of the harbour deal").all()
        assert [b.inner_text() for b in first.locator(".brief-badge").all()] == ["Single source", "Opinion only", "2 caveats"]
        assert first.locator(".brief-badge--notice").count() == 2
        assert first.locator(".brief-item__summary").inner_text() == "An opinion column calls the harbour deal a mistake and repeats the opposition's line."
        assert first.locator(".brief-item__date").inner_text() == "20 March 2025"

        filter_files = [url for url in requests if f"/{BUNDLE}/filter/" in url]
        assert filter_files == [] and any(f"/{BUNDLE}/fragment/" in url for url in requests)  # no filter is read before it is asked for
        assert page.locator(".brief-search__filters").is_hidden()
        page.locator(".brief-search__toggle", has_text="Filters").click()
        caveat_kinds = page.locator("details", has=page.locator("summary", has_text="Caveat kind"))
        caveat_kinds.locator("summary").click()
        assert any(f"/{BUNDLE}/filter/" in url for url in requests)
        caveat_kinds.locator("label", has_text="Opinion").click()
        page.wait_for_function(f"document.querySelectorAll('{RESULTS}').length === 1")
        assert page.locator(RESULT_LINKS).all_inner_texts() == ["Critics of the harbour deal"]

        page.locator(RESULT_LINKS).first.click()
        page.wait_for_url(re.compile(re.escape(base) + r"briefs/harbour-critics/\?highlight=harbour$"))
        marks = page.locator("mark.pagefind-highlight")
        marks.first.wait_for()
        assert {m.lower() for m in marks.all_inner_texts()} == {"harbour"}
        assert marks.count() >= 3
        assert page.locator("header mark").count() == 0  # only the brief's own words are marked
        # a word found in a caveat's note, which folds under its claim: the note opens to show it
        page.goto(base + "briefs/harbour-critics/?highlight=columnist")
        mark = page.locator("li.brief-caveat-entry mark.pagefind-highlight")
        mark.first.wait_for(state="attached")
        assert mark.first.evaluate("el => el.closest('details').open") and mark.first.is_visible()
        assert all(url.startswith(base) for url in requests), [u for u in requests if not u.startswith(base)]


@needs_chromium
def test_searching_the_hostile_brief_runs_none_of_its_words(browser, searched):
    with serve(searched.out) as base, open_page(browser, None) as (page, watch):
        page.goto(base + "search/?q=Payloads")
        (title,) = shown(page, "Payloads")
        assert title == 'Payloads "><script>window.__pwned=1;alert(1)</script> in every field'
        page.locator(".brief-search__toggle").click()
        page.locator("summary", has_text="Actor").click()
        page.locator("label", has_text="Payload Wire <svg onload=window.__pwned=1;alert(1)>").wait_for()  # as text
        assert page.locator(".brief-search__filters svg, .brief-search__results script").count() == 0
        page.locator(RESULT_LINKS).first.click()
        page.wait_for_url("**/briefs/script-payloads/?highlight=payloads")
        page.locator("mark.pagefind-highlight").first.wait_for()
        assert page.evaluate("window.__pwned") is None
        assert watch.dialogs == []


@needs_chromium
def test_results_past_the_first_five_come_on_demand_newest_first(browser, tmp_path):
    site = pagefind_site(tmp_path, hostile=False)
    talks = (tmp_path / "briefs" / "fishing-talks.yaml").read_text(encoding="utf-8")
    for day in range(1, 6):  # five more briefs on fishing, all before the first (10 September 2025)
        brief = talks.replace("title: Fishing talks stall", f"title: Fishing talks, day {day}").replace("published: 2025-09-10", f"published: 2025-08-0{day}")
        (tmp_path / "briefs" / f"fishing-talks-{day}.yaml").write_text(brief, encoding="utf-8")
    built = build(site / "mkdocs.yml", tmp_path / "out", strict=False)
    newest_first = ["Fishing talks stall", *(f"Fishing talks, day {day}" for day in range(5, 0, -1)), "Arland and Borvia sign a harbour deal"]
    with serve(built.out) as base, open_page(browser, None) as (page, _):
        page.goto(base + "search/?q=fishing")
        assert shown(page, "fishing") == newest_first[:PAGE_SIZE]
        page.locator(".brief-search__message", has_text="7 results for fishing").wait_for()
        more = page.locator(".brief-search__more")
        more.click()
        page.wait_for_function(f"document.querySelectorAll('{RESULT_LINKS}').length === 7")
        assert page.locator(RESULT_LINKS).all_inner_texts() == newest_first
        assert more.is_hidden()


@needs_chromium
def test_a_site_without_its_index_says_so_on_the_search_page(browser, searched, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(searched.out, out, ignore=shutil.ignore_patterns(BUNDLE))
    with serve(out) as base, open_page(browser, None) as (page, _):  # and no page error
        page.goto(base + "search/?q=harbour")
        page.locator(".brief-search__message", has_text="The search index could not be loaded.").wait_for()
        assert page.locator(".brief-search__form").is_hidden()


@needs_chromium
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_search_page_with_results_and_filters_has_no_serious_accessibility_violation(browser, searched, dark):
    with serve(searched.out) as base, open_page(browser, None, dark=dark) as (page, _):
        page.goto(base + "search/?q=harbour")
        assert len(shown(page, "harbour")) == 3
        page.locator(".brief-search__toggle").click()
        caveat_kinds = page.locator("details", has=page.locator("summary", has_text="Caveat kind"))
        caveat_kinds.locator("summary").click()
        caveat_kinds.locator("label", has_text="Opinion").wait_for()
        problems = serious(axe_violations(page))
        assert problems == [], "\n".join(problems)


# -- under mkdocs serve, the index follows edits -----------------------------------------------------


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait(predicate, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


@needs_chromium
def test_under_mkdocs_serve_the_index_follows_an_edit(browser, tmp_path):
    site = pagefind_site(tmp_path, hostile=False)
    with serve(tmp_path) as probe:  # a free port, let go at once
        port = int(probe.rstrip("/").rsplit(":", 1)[1])
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=site, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        _wait(lambda: "Fishing talks stall" in _fetch(base + "briefs/fishing-talks/"), 120, "the first build")
        _wait(lambda: _fetch(base + "pagefind/pagefind-entry.json") != "", 60, "the first index")
        brief = tmp_path / "briefs" / "fishing-talks.yaml"
        brief.write_text(brief.read_text(encoding="utf-8").replace("title: Fishing talks stall", "title: Fishing talks stall at Quillmouth"), encoding="utf-8")
        _wait(lambda: "Quillmouth" in _fetch(base + "briefs/fishing-talks/"), 120, "the rebuilt page")
        with open_page(browser, None) as (page, _):

            def found() -> bool:
                page.goto(base + "search/?q=Quillmouth")
                return shown(page, "Quillmouth") == ["Fishing talks stall at Quillmouth"]

            _wait(found, 60, "the edit in the index")
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors, errors
