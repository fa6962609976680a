"""The MkDocs plugin: real sites built from real YAML with ``mkdocs`` and ``properdocs``."""

from __future__ import annotations

import gc
import posixpath
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import lxml.html
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefs.pages import PAGE_TYPES, options_from_config
from briefs.plugin import BriefsConfig
from conftest import (
    BUILD_TIMEOUT,
    ENV,
    FIXTURE_SITE,
    REPO,
    Built,
    briefs_cli,
    build,
    copy_fixture_site,
    has_class,
    resolve,
    site_files,
    text_of,
)

BRIEF_SLUGS = ["fishing-talks", "harbour-critics", "harbour-deal"]
PROBLEM_LINE = re.compile(r"(\S+:\d+:\d+: (?:error|warning): .*)$", re.M)


def problem_lines(output: str) -> list[str]:
    """The ``file:line:col: level: message`` lines of a command's output."""
    return sorted(PROBLEM_LINE.findall(output))


def links(element, where: str = "") -> list[str]:
    return element.xpath(f".{where}//a/@href")


# -- the pages -----------------------------------------------------------------


def test_builds_strict_without_warnings(fixture_site: Built):
    assert "WARNING" not in fixture_site.log and "ERROR" not in fixture_site.log
    for slug in BRIEF_SLUGS:
        assert fixture_site.file(f"briefs/{slug}/").is_file()
    for url in ("briefs/", "actors/", "topics/", "sources/", "timeline/", "assets/briefs/briefs.css"):
        assert fixture_site.file(url).is_file(), url


def words(element) -> str:
    """The words said, in a statement's card or an actor page's entry (without the source's lead-in)."""
    (said,) = element.xpath(f'.//blockquote//span[{has_class("brief-words")}]')
    return text_of(said)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("teodor-vask", ["../../briefs/fishing-talks/#statement-1", "../../briefs/harbour-deal/#statement-2"]),
    ],
)
def test_actor_page_lists_statements_across_briefs_newest_first(fixture_site: Built, actor, expected):
    url = f"actors/{actor}/"
    article = fixture_site.article(url)
    items = article.xpath(f'.//ul[{has_class("brief-said")}]/li')
    assert [item.xpath(f'p[{has_class("brief-said__where")}]/a[contains(@href, "#statement-")]/@href')[0] for item in items] == expected
    for item, href in zip(items, expected):
        page, anchor = fixture_site.follow(url, href)
        (statement,) = page.xpath("//figure[@id=$id]", id=anchor)
        # the same words on both pages
        assert words(statement) == words(item)
    assert text_of(article.xpath(".//h1")[0]) == {"teodor-vask": "Teodor Vask", "ines-dahl": "Ines Dahl"}[actor]


def test_the_same_words_in_two_briefs_are_one_entry_listing_both_briefs_and_sources(fixture_site: Built):
    url = "actors/ines-dahl/"
    (item,) = fixture_site.article(url).xpath(f'.//ul[{has_class("brief-said")}]/li')
    assert words(item) == "“gives away the harbour for a handshake”"
    where = item.xpath(f'p[{has_class("brief-said__where")}]/a/@href')
    assert where == ["../../briefs/harbour-critics/#statement-1", "../../briefs/harbour-deal/#statement-3"]
    for href in where:
        page, anchor = fixture_site.follow(url, href)
        (statement,) = page.xpath("//figure[@id=$id]", id=anchor)
        assert words(statement) == words(item)
    (sources,) = item.xpath(f'p[{has_class("brief-said__sources")}]')
    assert text_of(sources) == "Sources: The harbour deal is a mistake; Arland and Borvia sign harbour deal"
    assert sources.xpath("a/@href") == ["../../sources/harbour-opinion/", "../../sources/harbour-deal/"]


def test_statement_with_a_date_is_ordered_by_it(fixture_site: Built):
    # Olsen spoke on 3 March in the harbour brief; the fishing brief (10 September) gives no date
    items = fixture_site.article("actors/mara-olsen/").xpath(f'.//ul[{has_class("brief-said")}]/li')
    assert [item.xpath(".//time/@datetime") for item in items] == [[], ["2025-03-03"]]
    assert "fishing-talks" in links(items[0])[-1]


def test_topic_pages_list_their_briefs(fixture_site: Built):
    expected = {
        "harbour": ["harbour-critics", "harbour-deal"],
        "arland-borvia": ["fishing-talks", "harbour-deal"],
        "fishing": ["fishing-talks"],
    }
    for topic, slugs in expected.items():
        article = fixture_site.article(f"topics/{topic}/")
        assert links(article, f'//ul[{has_class("brief-list")}]') == [f"../../briefs/{s}/" for s in slugs]
    index = fixture_site.article("topics/")
    assert links(index) == ["arland-borvia/", "fishing/", "harbour/"]


def test_tags_index_lists_the_topics(fixture_site: Built):
    article = fixture_site.article("tags/")
    listed = {}
    for heading in article.xpath('.//h2[starts-with(@id, "tag:")]'):
        (items,) = heading.xpath("following-sibling::ul[1]")
        listed[heading.get("id").removeprefix("tag:")] = sorted(items.xpath(".//a/@href"))
    assert listed == {
        "arland-borvia": ["../briefs/fishing-talks/", "../briefs/harbour-deal/"],
        "fishing": ["../briefs/fishing-talks/"],
        "harbour": ["../briefs/harbour-critics/", "../briefs/harbour-deal/"],
    }
    # each brief page shows its topics as tags linking there
    page = fixture_site.page("briefs/harbour-deal/")
    assert page.xpath(f'//nav[{has_class("md-tags")}]//a/@href') == ["../../tags/#tag:arland-borvia", "../../tags/#tag:harbour"]


def test_sources_page_lists_each_source_its_kind_and_briefs(fixture_site: Built):
    rows = fixture_site.article("sources/").xpath("//table//tbody/tr")
    found = [
        (row.xpath("td[1]/a/@href")[0], text_of(row.xpath("td[2]")[0]), row.xpath("td[4]/a/@href"))
        for row in rows
    ]
    assert found == [
        ("fishing-talks/", "Wire report", ["../briefs/fishing-talks/"]),
        ("harbour-deal/", "Wire report", ["../briefs/harbour-deal/"]),
        ("harbour-opinion/", "Opinion", ["../briefs/harbour-critics/"]),
    ]
    source = fixture_site.article("sources/harbour-opinion/")
    assert text_of(source.xpath(".//h1")[0]) == "The harbour deal is a mistake"
    assert links(source, f'//ul[{has_class("brief-list")}]') == ["../../briefs/harbour-critics/"]
    marked = [text_of(m) for m in source.xpath('.//div[@class="brief-snapshot"]//mark')]
    assert "gives away the harbour for a handshake" in marked


def absolute(url: str, href: str) -> str:
    """A link on the page at ``url`` as a URL from the site root, fragment kept."""
    target, hash_, fragment = href.partition("#")
    return resolve(url, target) + hash_ + fragment


def timeline_events(article, url: str) -> list[tuple[str, str, list[str]]]:
    """(date, kind, where its links lead) of each event on a timeline page."""
    return [
        (event.xpath("time/@datetime")[0], event.get("class"), [absolute(url, href) for href in event.xpath(".//a/@href")])
        for event in article.xpath(f'.//ul[{has_class("brief-timeline")}]/li')
    ]


def test_timeline(fixture_site: Built):
    expected = [
        ("2025-09-10", "brief-timeline__brief", ["briefs/fishing-talks/"]),
        ("2025-03-20", "brief-timeline__brief", ["briefs/harbour-critics/"]),
        ("2025-03-04", "brief-timeline__brief", ["briefs/harbour-deal/"]),
        ("2025-03-03", "brief-timeline__said", ["actors/mara-olsen/", "briefs/harbour-deal/#statement-1"]),
    ]
    article = fixture_site.article("timeline/")
    assert timeline_events(article, "timeline/") == expected  # newest first
    (said_event,) = article.xpath(f'.//li[{has_class("brief-timeline__said")}]')
    assert "This harbour will carry our trade for a generation" in text_of(said_event)
    # a page per year, with the same events
    (year,) = article.xpath(f'.//ul[{has_class("brief-timeline-years")}]//a/@href')
    assert year == "2025/"
    page, _ = fixture_site.follow("timeline/", year)
    (year_article,) = page.xpath('//article[contains(@class, "md-content__inner")]')
    assert timeline_events(year_article, "timeline/2025/") == expected


def test_home_page_shows_the_latest_briefs_where_the_marker_was(fixture_site: Built):
    article = fixture_site.article("")
    (intro,) = article.xpath('.//p[text()="Latest briefs:"]')
    (latest,) = intro.xpath("following-sibling::*[1]")
    assert latest.tag == "ul" and "brief-latest" in latest.get("class")
    assert latest.xpath("li/a/@href") == [f"briefs/{s}/" for s in BRIEF_SLUGS]
    assert "briefs:latest" not in fixture_site.file("").read_text(encoding="utf-8")


def test_brief_page_lists_related_briefs(fixture_site: Built):
    related = {}
    for slug in BRIEF_SLUGS:
        article = fixture_site.article(f"briefs/{slug}/")
        (heading,) = article.xpath('.//h2[@id="related-briefs"]')
        (listing,) = heading.xpath("following-sibling::ul[1]")
        related[slug] = listing.xpath("li/a/@href")
    # harbour-deal shares a topic and five actors with fishing-talks, a topic and three with harbour-critics
    assert related["harbour-deal"] == ["../fishing-talks/", "../harbour-critics/"]
    assert related["harbour-critics"] == ["../harbour-deal/", "../fishing-talks/"]
    assert related["fishing-talks"] == ["../harbour-deal/", "../harbour-critics/"]


def test_generated_nav_has_the_sections_but_no_single_brief(fixture_site: Built):
    for url in ("", "briefs/harbour-deal/", "actors/ines-dahl/"):
        nav = fixture_site.page(url).xpath(f'//nav[{has_class("md-nav--primary")}]')[0]
        entries = [(text_of(a), resolve(url, a.get("href"))) for a in nav.xpath(f'.//a[{has_class("md-nav__link")}]')]
        assert entries == [
            ("Home", ""),
            ("Briefs", "briefs/"),
            ("Actors", "actors/"),
            ("Topics", "topics/"),
            ("Sources", "sources/"),
            ("Caveats", "caveats/"),
            ("Timeline", "timeline/"),
            ("Tags", "tags/"),
        ], url


def check_links(built: Built, directory_urls: bool = True) -> int:
    """Every relative link in the content of every page leads to a file, and its fragment to an id there."""
    count = 0
    for path in sorted(built.out.rglob("*.html")):
        rel = path.relative_to(built.out).as_posix()
        if rel == "404.html":
            continue
        url = rel.removesuffix("index.html") if directory_urls else rel
        article = built.article(url)
        for href in article.xpath(".//a/@href"):
            if re.match(r"^[a-z]+:", href):
                continue
            target, _, fragment = href.partition("#")
            target_url = resolve(url, target)
            assert built.file(target_url).is_file(), (url, href)
            if fragment:
                ids = built.page(target_url).xpath("//@id")
                assert fragment in ids, (url, href)
            count += 1
    return count


def test_every_link_resolves(fixture_site: Built):
    assert check_links(fixture_site) > 100


def test_every_link_resolves_without_directory_urls(tmp_path):
    site = copy_fixture_site(tmp_path)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")
    built = build(config)
    assert built.file("briefs/harbour-deal.html").is_file()
    assert check_links(built, directory_urls=False) > 100



def test_a_build_leaves_what_it_made_frozen_until_the_next_build_in_the_process(tmp_path):
    """A build freezes what it made (so collecting cycles does not walk it, nor does the process's exit); the next
    build in the same process lets that go first, so builds in a row do not pile up objects no collection looks at."""
    site = copy_fixture_site(tmp_path)
    gc.unfreeze()
    build(site / "mkdocs.yml")
    after_one = gc.get_freeze_count()
    assert after_one > 10_000  # the library, the checks and the pages' records
    for _ in range(3):
        build(site / "mkdocs.yml")
    assert gc.get_freeze_count() < 1.5 * after_one
    gc.unfreeze()


# -- both generators ---------------------------------------------------------------


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Built:
    config = copy_fixture_site(tmp_path_factory.mktemp("properdocs")) / "mkdocs.yml"
    return build(config, generator="properdocs")


def test_same_pages_under_mkdocs_and_properdocs(fixture_site: Built, properdocs_site: Built):
    assert "WARNING" not in properdocs_site.log
    mkdocs_files = sorted(site_files(fixture_site.out))
    assert sorted(site_files(properdocs_site.out)) == mkdocs_files
    for name in mkdocs_files:
        if not name.endswith(".html"):
            continue
        url = name.removesuffix("index.html")
        a, b = fixture_site.article(url), properdocs_site.article(url)
        assert lxml.html.tostring(a) == lxml.html.tostring(b), name
    for slug in BRIEF_SLUGS:
        article = properdocs_site.article(f"briefs/{slug}/")
        assert article.xpath(f'.//sup[{has_class("brief-cite")}]')


# -- problems stop the build before the site is touched ------------------------------


def break_briefs(briefs: Path) -> None:
    """An unknown key, a quote not in its source, and a brief without the schema line."""
    path = briefs / "fishing-talks.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: reportage\n", "kind: reportage\nbogus: 1\n"), encoding="utf-8")
    path = briefs / "harbour-deal.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("quote: a bridge, not a wall", "quote: a bridge and not a wall"), encoding="utf-8")
    path = briefs / "harbour-critics.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")


def test_errors_fail_the_build_like_briefs_check_and_leave_the_site_alone(tmp_path):
    copy_fixture_site(tmp_path)
    config = Path("site") / "mkdocs.yml"
    good = build(tmp_path / config, cwd=tmp_path)
    (good.out / "marker.txt").write_text("left by a previous build\n", encoding="utf-8")
    before = site_files(good.out)
    assert "briefs/harbour-deal/index.html" in before

    break_briefs(tmp_path / "briefs")
    checked = briefs_cli("check", "briefs", cwd=tmp_path)
    assert checked.returncode == 1
    expected = problem_lines(checked.stdout)
    assert any("unknown key 'bogus'" in line for line in expected)
    assert any("not found verbatim" in line for line in expected)
    assert any(": warning: " in line for line in expected)
    assert all(line.startswith("briefs/") for line in expected)

    for strict in (True, False):
        failed = build(config, cwd=tmp_path, strict=strict, check=False)
        assert failed.process.returncode != 0
        assert problem_lines(failed.log) == expected
        assert "Traceback" not in failed.log
        assert "Cleaning site directory" not in failed.log
        assert site_files(good.out) == before


def test_warnings_fail_a_strict_build(tmp_path):
    site = copy_fixture_site(tmp_path)
    brief = tmp_path / "briefs" / "harbour-critics.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    strict = build(site / "mkdocs.yml", cwd=tmp_path, check=False)
    assert strict.process.returncode != 0
    (warning,) = problem_lines(strict.log)
    assert warning.startswith("briefs/harbour-critics.yaml:1:1: warning: the first line should be")
    relaxed = build(site / "mkdocs.yml", cwd=tmp_path, strict=False)
    assert problem_lines(relaxed.log) == [warning]
    assert relaxed.file("briefs/harbour-critics/").is_file()


def test_a_docs_page_in_the_way_of_a_generated_page_is_an_error(tmp_path):
    site = copy_fixture_site(tmp_path)
    (site / "docs" / "briefs").mkdir()
    (site / "docs" / "briefs" / "harbour-deal.md").write_text("# Mine\n", encoding="utf-8")
    failed = build(site / "mkdocs.yml", check=False)
    assert failed.process.returncode != 0
    assert "docs/briefs/harbour-deal.md would be replaced by a generated page" in failed.log


# -- drafts -----------------------------------------------------------------------------


def add_draft(site: Path, include: bool | None = None) -> None:
    briefs = site.parent / "briefs"
    text = (briefs / "fishing-talks.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Fishing talks stall\n", "title: Fishing talks to resume\nstatus: draft\n", 1)
    (briefs / "fishing-resume.yaml").write_text(text, encoding="utf-8")
    if include is not None:
        config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
        config["plugins"][-1]["briefs"]["include_drafts"] = include
        (site / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def test_drafts_are_left_out_with_a_warning_that_fails_strict(tmp_path):
    site = copy_fixture_site(tmp_path)
    add_draft(site)
    strict = build(site / "mkdocs.yml", check=False)
    assert not strict.ok and "Aborted with 1 warnings in strict mode!" in strict.log
    built = build(site / "mkdocs.yml", strict=False)
    assert re.search(r"WARNING .*briefs/fishing-resume.yaml:1:1: warning: this brief is a draft and is left out of the site", built.log)
    assert not built.file("briefs/fishing-resume/").exists()
    assert "fishing-resume" not in (built.out / "search" / "search_index.json").read_text(encoding="utf-8")
    assert all("fishing-resume" not in href for href in links(built.article("briefs/")))
    assert all("fishing-resume" not in href for href in links(built.article("actors/mara-olsen/")))


def test_drafts_are_published_with_include_drafts(tmp_path):
    site = copy_fixture_site(tmp_path)
    add_draft(site, include=True)
    built = build(site / "mkdocs.yml")
    assert "Skipping" not in built.log
    article = built.article("briefs/fishing-resume/")
    assert text_of(article.xpath(".//h1")[0]) == "Fishing talks to resume"
    assert "Draft" in text_of(article.xpath(f'.//div[{has_class("brief-meta")}]')[0])
    assert "fishing-resume/" in links(built.article("briefs/"))


# -- mkdocs serve --------------------------------------------------------------------------

SERVE_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> lxml.html.HtmlElement | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return lxml.html.fromstring(response.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(what: str, condition, process: subprocess.Popen, log: Path):
    deadline = time.monotonic() + SERVE_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server stopped:\n{log.read_text(encoding='utf-8')}"
        found = condition()
        if found is not None and found is not False:
            return found
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}:\n{log.read_text(encoding='utf-8')}")


def test_serve_rebuilds_shows_errors_and_recovers(tmp_path):
    copy_fixture_site(tmp_path)
    brief = tmp_path / "briefs" / "fishing-talks.yaml"
    original = brief.read_text(encoding="utf-8")
    port = free_port()
    page_url = f"http://127.0.0.1:{port}/briefs/fishing-talks/"
    log = tmp_path / "serve.log"

    def page_where(test):
        def condition():
            page = fetch(page_url)
            return page if page is not None and test(page) else None

        return condition

    def title(page) -> str:
        found = page.xpath("//article//h1")
        return text_of(found[0]) if found else ""

    def banner(page) -> list:
        return page.xpath(f'//div[{has_class("brief-build-errors")}]')

    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "site/mkdocs.yml", "-a", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            env=ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for("the first build", page_where(lambda p: title(p) == "Fishing talks stall"), process, log)

        brief.write_text(original.replace("title: Fishing talks stall", "title: Fishing talks stall again"), encoding="utf-8")
        wait_for("the new title", page_where(lambda p: title(p) == "Fishing talks stall again"), process, log)

        brief.write_text(original.replace("kind: reportage\n", "kind: reportage\nbogus: 1\n"), encoding="utf-8")
        page = wait_for("the error banner", page_where(lambda p: bool(banner(p))), process, log)
        (expected,) = problem_lines(briefs_cli("check", "briefs", cwd=tmp_path).stdout)
        assert expected.startswith("briefs/fishing-talks.yaml:") and "unknown key 'bogus'" in expected
        assert text_of(banner(page)[0].xpath(".//li")[0]) == expected
        assert title(page) == "Fishing talks stall again"  # the last good version
        wait_for("the error in the log", lambda: expected in log.read_text(encoding="utf-8"), process, log)
        assert process.poll() is None

        brief.write_text(original.replace("title: Fishing talks stall", "title: Fishing talks resume"), encoding="utf-8")
        page = wait_for(
            "the fixed page", page_where(lambda p: title(p) == "Fishing talks resume" and not banner(p)), process, log
        )
        assert process.poll() is None
        output = log.read_text(encoding="utf-8")
        assert "Traceback" not in output, output
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# -- nothing is deleted that is not output ------------------------------------------------


@pytest.mark.parametrize(
    ("site_dir", "why"),
    [
        ("../briefs", "is, holds or lies inside the briefs folder"),
        ("../briefs/sources", "is, holds or lies inside the briefs folder"),
        ("code", "holds files that are not a built site"),
        ("overrides", "holds files that are not a built site"),
    ],
)
def test_a_site_dir_that_is_not_output_is_refused_and_nothing_is_deleted(tmp_path, site_dir, why):
    site = copy_fixture_site(tmp_path)
    (site / "overrides").mkdir()
    (site / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    (site / "code").mkdir()
    (site / "code" / "tool.py").write_text("print('a file the project wrote')\n", encoding="utf-8")
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_dir"] = site_dir
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    before = site_files(tmp_path)
    built = build(site / "mkdocs.yml", check=False)
    assert not built.ok and why in built.log and "Traceback" not in built.log, built.log
    assert site_files(tmp_path) == before


def test_a_site_built_before_is_built_over(tmp_path):
    site = copy_fixture_site(tmp_path)
    build(site / "mkdocs.yml")
    (site / "site" / "stale.html").write_text("old", encoding="utf-8")
    build(site / "mkdocs.yml")
    assert not (site / "site" / "stale.html").exists()


# -- options ------------------------------------------------------------------------------

FOLDER = "a folder of the site, such as '{0}' or 'news/{0}': names of letters, digits, '-' and '_' joined by '/'"
PAGE = "the path of a page ending in .md, such as 'timeline.md' or 'news/timeline.md': names of letters, digits, '-' and '_' joined by '/'"


def with_option(site: Path, option: str, value: object) -> Path:
    config = site / "mkdocs.yml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["plugins"][-1]["briefs"][option] = value
    config.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("briefs_url", "../../escape", f"Expected {FOLDER.format('briefs')}; but received: '../../escape'"),
        ("briefs_url", "", f"Expected {FOLDER.format('briefs')}; but received: ''"),
        ("sources_url", "/../../../tmp/y", f"Expected {FOLDER.format('sources')}; but received: '/../../../tmp/y'"),
        ("actors_url", "feed.xml", f"Expected {FOLDER.format('actors')}; but received: 'feed.xml'"),
        ("timeline_page", "timeline", f"Expected {PAGE}; but received: 'timeline'"),
        ("timeline_page", "../../x.md", f"Expected {PAGE}; but received: '../../x.md'"),
        ("topics_url", "briefs/topics", "'briefs/topics' is, holds or lies inside the place of briefs_url ('briefs'); give each kind of page a folder of its own"),
        ("timeline_page", "actors.md", "'actors.md' is, holds or lies inside the place of actors_url ('actors'); give each kind of page a folder of its own"),
        ("briefs_dir", "", "Expected the folder of the briefs, such as 'briefs', but received: ''"),
        ("briefs_dir", "nowhere", "The path '{site}/nowhere' isn't an existing directory."),
    ],
)
def test_a_bad_option_is_a_config_error_naming_it_and_nothing_is_written(tmp_path, option, value, message):
    site = copy_fixture_site(tmp_path)
    config = with_option(site, option, value)
    out = tmp_path / "deep" / "er" / "out"  # a value leading out of the site would still land in tmp_path
    before = site_files(tmp_path)
    failed = build(config, out, cwd=tmp_path, check=False)
    assert failed.process.returncode == 1 and "Traceback" not in failed.log
    expected = f"Config value 'plugins': Plugin 'briefs' option '{option}': {message.format(site=site)}"
    assert expected in failed.log, failed.log
    assert site_files(tmp_path) == before and not (tmp_path / "deep").exists()


def test_page_types_in_folders_of_their_own_anywhere_in_the_site(tmp_path):
    site = copy_fixture_site(tmp_path)
    with_option(site, "briefs_url", "/news/briefs/")
    config = with_option(site, "timeline_page", "news/timeline.md")
    built = build(config, cwd=tmp_path)
    assert built.file("news/briefs/harbour-deal/").is_file() and built.file("news/timeline/").is_file()
    assert check_links(built) > 0


OPTION_VALUES = st.one_of(
    st.text(alphabet=st.sampled_from("ab/._-.\\ :\x00~%é"), max_size=12),
    st.text(max_size=8),
    st.sampled_from(["briefs", "actors", "timeline.md", "news/briefs", "/", "//", ".", "..", "../x", "x/../y", "index", "index.md", "a.md", "a//b"]),
    st.integers(min_value=-3, max_value=10**20),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)


@settings(deadline=None)
@given(st.dictionaries(st.sampled_from([key for key, _ in BriefsConfig._schema]), OPTION_VALUES, max_size=3))
def test_no_option_value_makes_a_traceback_or_a_page_outside_the_site(options):
    options = {"briefs_dir": "../briefs", **options}  # where the fixture site has its briefs, unless the example says otherwise
    config = BriefsConfig(config_file_path=str(FIXTURE_SITE / "mkdocs.yml"))
    config.load_dict(options)
    failed, _ = config.validate()
    for key, error in failed:
        assert key in options and str(error)
    if failed:
        return
    paths = options_from_config(config, directory_urls=True, site_url=None, site_name=None)
    for page_type in PAGE_TYPES:
        for slug in ("index", "a-slug", "2025"):
            path = paths.page_path(page_type.kind, slug)
            assert posixpath.normpath(path) == path and not path.startswith(("/", "../")), path


def test_a_brief_dated_before_any_date_a_build_can_carry_fails_the_build_and_leaves_the_site_alone(tmp_path):
    site = copy_fixture_site(tmp_path)
    good = build(site / "mkdocs.yml", cwd=tmp_path)
    before = site_files(tmp_path)
    brief = tmp_path / "briefs" / "fishing-talks.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("published: 2025-09-10", "published: 0001-01-01"), encoding="utf-8")
    before["briefs/fishing-talks.yaml"] = brief.read_bytes()
    failed = build(site / "mkdocs.yml", cwd=tmp_path, check=False, strict=False)
    assert failed.process.returncode == 1 and "Traceback" not in failed.log
    assert problem_lines(failed.log) == [
        "briefs/fishing-talks.yaml:4:12: error: published 0001-01-01 is outside the dates a site can be built with, 1970-01-01 to 2106-02-07; check the year"
    ]
    assert site_files(tmp_path) == before and good.file("briefs/fishing-talks/").is_file()


CRITICS_SUMMARY = "summary: An opinion column calls the harbour deal a mistake and repeats the opposition's line."


def test_prose_markdown_cannot_read_in_linear_time_fails_the_build_at_once_and_writes_nothing(tmp_path):
    site = copy_fixture_site(tmp_path)
    brief = tmp_path / "briefs" / "harbour-critics.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace(CRITICS_SUMMARY, f"summary: '{'[' * 20_000}'"), encoding="utf-8")
    before = site_files(tmp_path)
    started = time.monotonic()
    failed = build(site / "mkdocs.yml", cwd=tmp_path, check=False)
    assert time.monotonic() - started < 30  # it took minutes before the caps
    assert failed.process.returncode == 1 and "Traceback" not in failed.log
    assert problem_lines(failed.log) == [
        "briefs/harbour-critics.yaml:3:10: error: summary: 20,000 characters, more than the 2,000 allowed: shorten it, or split it into several items"
    ]
    assert site_files(tmp_path) == before


def test_words_markdown_runs_together_build_strict_and_a_link_hidden_by_a_tab_is_plain_text(tmp_path):
    site = copy_fixture_site(tmp_path)
    brief = tmp_path / "briefs" / "harbour-critics.yaml"
    summary = (
        "summary: An un*believ*able deal, say [the column](https://example.org/a)[the opposition](https://example.org/b); "
        "[more](/&#9;/evil.example/)."
    )
    brief.write_text(brief.read_text(encoding="utf-8").replace(CRITICS_SUMMARY, summary), encoding="utf-8")
    built = build(site / "mkdocs.yml", cwd=tmp_path)
    (lead,) = built.article("briefs/harbour-critics/").xpath(f'.//*[{has_class("brief-summary")}]')
    assert text_of(lead) == "An unbelievable deal, say the columnthe opposition; more."
    assert links(lead) == ["https://example.org/a", "https://example.org/b"]


def test_readers_see_topic_names_in_tag_chips_the_feed_and_json_ld(tmp_path):
    import json

    config = copy_fixture_site(tmp_path)
    topics = "harbour: {title: The harbour}\narland-borvia: {title: Arland and Borvia}\nfishing: {title: Fishing rights}\n"
    (tmp_path / "briefs" / "topics.yaml").write_text(topics, encoding="utf-8")
    built = build(config / "mkdocs.yml")
    page = built.page("briefs/harbour-deal/")
    assert [" ".join(a.text_content().split()) for a in page.xpath(f'//nav[{has_class("md-tags")}]//a')] == ["Arland and Borvia", "The harbour"]
    (graph,) = [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]
    article = graph[0] if isinstance(graph, list) else graph
    assert article["keywords"] == ["The harbour", "Arland and Borvia"]
    feed = lxml.etree.fromstring(built.file("feed.xml").read_bytes())
    categories = feed.xpath("//a:entry[a:title='Arland and Borvia sign a harbour deal']/a:category", namespaces={"a": "http://www.w3.org/2005/Atom"})
    assert [(c.get("term"), c.get("label")) for c in categories] == [("harbour", "The harbour"), ("arland-borvia", "Arland and Borvia")]


@pytest.mark.skipif(not (REPO / "briefs" / "sources.yaml").exists(), reason="the repository's briefs are not there")
def test_the_repository_takes_its_address_from_the_environment_and_keeps_its_feed_ids(tmp_path):
    def built(**env: str) -> tuple[str, list[str]]:
        out = tmp_path / ("with" if env else "without")
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
            cwd=REPO, env={**{k: v for k, v in ENV.items() if k != "SITE_URL"}, **env}, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False,
        )
        assert done.returncode == 0, done.stderr
        canonical = lxml.html.parse(str(out / "index.html")).getroot().xpath("//link[@rel='canonical']/@href")
        ids = lxml.etree.parse(str(out / "feed.xml")).getroot().xpath("//a:id/text()", namespaces={"a": "http://www.w3.org/2005/Atom"})
        return (canonical[0] if canonical else ""), ids

    address, with_ids = built(SITE_URL="https://briefs.example.org/")
    nothing, without_ids = built()
    assert (address, nothing) == ("https://briefs.example.org/", "")
    assert with_ids == without_ids and len(with_ids) > 1


def test_a_page_that_would_be_written_outside_the_site_is_refused(tmp_path):
    site = copy_fixture_site(tmp_path)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("briefs_dir: ../briefs", "briefs_dir: ../briefs\n      briefs_url: a/../../../escape"), encoding="utf-8")
    built = build(config, tmp_path / "out", check=False)
    assert not built.ok and "Traceback" not in built.log
    assert "option 'briefs_url'" in built.log and "'a/../../../escape'" in built.log  # refused with the options, before any page is made
    assert not (tmp_path / "out").exists() and not (tmp_path.parent / "escape").exists()
