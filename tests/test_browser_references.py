"""References, citation markers and the annotated source in a real browser (Debian's Chromium).

The sites and the browser are those of ``test_browser.py``: the fixture site and the
repository's own, built once per test run and served on 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from test_browser import (  # noqa: F401 - fixtures used by name
    CONTRAST,
    PHONE,
    Site,
    assert_in_view,
    axe_violations,
    no_sideways_scroll,
    open_page,
    pages_of,
    screenshot,
    serious,
    serve,
    site,
    sites,
)

from conftest import BUILD_TIMEOUT, ENV, REPO, needs_chromium, repo_has_briefs

pytestmark = needs_chromium

HEAD_JSONLD = """() => [...document.querySelectorAll('script[type="application/ld+json"]')].map(
  s => ({inHead: s.parentElement === document.head, text: s.textContent}))"""


def page_record(page) -> dict:
    """The page's one JSON-LD record, which must stand in the head."""
    (found,) = page.evaluate(HEAD_JSONLD)
    assert found["inHead"], "JSON-LD stands in the head"
    data = json.loads(found["text"])
    return data[0] if isinstance(data, list) else data


# -- JSON-LD under Material's instant navigation -------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The repository's site built for the address it is served at (``SITE_URL``), as when it is
    published: Material's instant navigation follows only the links its sitemap lists, and the
    sitemap lists pages only when the site knows its address."""
    if not repo_has_briefs():
        pytest.skip("the repository has no briefs yet")
    out = tmp_path_factory.mktemp("published")
    with serve(out) as base:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(out)]
        done = subprocess.run(command, cwd=REPO, env={**ENV, "SITE_URL": base}, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
        assert done.returncode == 0, done.stdout + done.stderr
        yield Site("published", out, base, pages_of("repository", out))


def test_json_ld_follows_instant_navigation_from_brief_to_actor_and_back(browser, published):  # noqa: F811
    with open_page(browser, published) as (page, _):
        page.goto(published.url("brief"))
        title = page.locator("article h1").inner_text()
        assert page_record(page)["headline"] == title
        page.evaluate("window.__samePage = true")  # gone after a full reload

        actor = page.locator("article .brief-statement a.brief-actor-link").first
        name = actor.inner_text()
        actor.click()
        page.wait_for_url(re.compile(r"/actors/[^/]+/$"))
        page.locator("article h1", has_text=name).wait_for()
        assert page_record(page)["name"] == name

        back = page.locator(f'article a[href$="{published.pages["brief"]}"]').first
        back.click()
        page.wait_for_url(re.compile(re.escape(published.pages["brief"]) + "$"))
        page.locator("article h1", has_text=title).wait_for()
        assert page_record(page)["headline"] == title
        assert page.evaluate("window.__samePage") is True, "the pages were loaded by instant navigation"


def test_a_folded_caveat_note_opens_for_a_link_under_instant_navigation(browser, published):  # noqa: F811
    """A chip on the brief, and a caveat's label on the annotated source, lead to the caveat with its
    note open; Material loads the page again for the first move to an anchor, and a fold the reader
    opened stays open."""
    with open_page(browser, published) as (page, _):
        page.goto(published.url("brief"))
        page.evaluate("window.__samePage = true")  # gone after a full reload
        passages = page.locator("details.brief-passages__fold").first
        passages.locator("summary").click()
        chip = page.locator("figure.brief-statement a.brief-chip").first
        href = "#" + chip.get_attribute("href").partition("#")[2]
        chip.click()
        page.wait_for_function("hash => location.hash === hash", arg=href)
        note = page.locator(f"li.brief-caveat-entry{href}")
        note.locator(".brief-caveat__note").wait_for(state="visible")
        assert_in_view(page, note)
        assert note.evaluate("el => el.matches(':target')")
        assert page.locator("details.brief-passages__fold").first.evaluate("el => el.open")

        page.goto(published.url("source"))
        page.evaluate("window.__samePage = true")
        label = page.locator(f'.brief-snapshot a.brief-note[href*="{published.pages["brief"]}#caveat-"]').last
        caveat = label.get_attribute("href").rpartition("#")[2]
        label.click()
        page.wait_for_url(re.compile(re.escape(published.pages["brief"]) + "#" + re.escape(caveat) + "$"))
        note = page.locator(f'li.brief-caveat-entry[id="{caveat}"]')
        note.locator(".brief-caveat__note").wait_for(state="visible")
        assert_in_view(page, note)
        assert page.evaluate("window.__samePage") is True, "the pages were loaded by instant navigation"



def test_search_works_on_a_page_reached_by_instant_navigation(browser, published):  # noqa: F811
    """The search page and the marked words on a result's page, both reached without a full load:
    the search script runs for every page Material swaps in, not only the first."""
    with open_page(browser, published) as (page, watch):
        page.goto(published.url("home"))
        page.evaluate("window.__samePage = true")  # gone after a full reload
        page.locator("a.brief-search-button").click()
        page.wait_for_url(re.compile(r"/search/$"))
        page.locator(".brief-search__input").fill("Kim")
        result = page.locator(".brief-search__list li a.brief-search__link").first
        result.wait_for()
        result.click()
        page.wait_for_url(re.compile(r"/briefs/[^/]+/\?"))
        page.locator("article mark.pagefind-highlight").first.wait_for()
        assert page.evaluate("window.__samePage") is True, "the pages were loaded by instant navigation"
        assert watch.errors == []

# -- the references and the annotated source, by keyboard ----------------------------------


def test_a_cited_passage_and_its_item_link_both_ways_by_keyboard(browser, site):  # noqa: F811
    """From the list of sources to the passage in the stored text, and from its label back to the
    item on the brief: each a link in the tab order, followed with Enter."""
    with open_page(browser, site) as (page, _):
        page.goto(site.url("brief"))
        passage = page.locator("li.brief-passage a.brief-passage__stored").last
        fold = passage.locator("xpath=ancestor::details[1]")
        if not fold.evaluate("el => el.open"):  # a long list of passages folds under a line: Enter on it opens it
            fold.locator("summary").focus()
            page.keyboard.press("Enter")
            assert fold.evaluate("el => el.open")
        words = passage.inner_text().strip("“”")
        passage.focus()
        assert page.evaluate("document.activeElement.tabIndex") >= 0
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/sources/[^/]+/#[a-z0-9-]+_cite-\d+-\d+$"))
        anchor = page.url.rpartition("#")[2]
        label = page.locator(f'a.brief-note[id="{anchor}"]')
        assert_in_view(page, label)
        assert label.evaluate("el => el.matches(':target')")
        following = label.evaluate(MARKED_AFTER)
        assert " ".join(following.split()).startswith(" ".join(words.split())[:40])

        label.focus()
        page.keyboard.press("Tab")  # the next label is the next stop
        assert page.evaluate("document.activeElement.classList.contains('brief-note')")
        page.keyboard.press("Shift+Tab")
        item = label.get_attribute("href").rpartition("#")[2]
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(re.escape(site.pages["brief"]) + "#" + re.escape(item) + "$"))
        assert_in_view(page, page.locator(f'[id="{item}"]'))


MARKED_AFTER = """(label) => {
  let text = '';
  for (let node = label.nextSibling; node && text.length < 200; node = node.nextSibling) {
    if (node.nodeType === Node.TEXT_NODE) break;  // unmarked text: the passage has ended
    if (node.tagName === 'MARK') text += node.textContent;
  }
  return text;
}"""

UNDERLINES = """() => {
  const found = {};
  for (const mark of document.querySelectorAll('.brief-snapshot mark.brief-hl')) {
    const group = [...mark.classList].find(c => c.startsWith('brief-hl--')).slice(10);
    const style = getComputedStyle(mark);
    (found[group] ||= new Set()).add(style.textDecorationLine + ' ' + style.textDecorationStyle);
  }
  return Object.fromEntries(Object.entries(found).map(([k, v]) => [k, [...v]]));
}"""


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_annotated_source_tells_groups_apart_without_colour_and_reads_in_both_palettes(browser, site, dark):  # noqa: F811
    with open_page(browser, site, dark=dark) as (page, _):
        page.goto(site.url("source"))
        assert page.locator("body").get_attribute("data-md-color-scheme") == ("slate" if dark else "default")
        underlines = page.evaluate(UNDERLINES)
        assert underlines, "the stored text marks what the briefs cite"
        for group, styles in underlines.items():
            expected = {"statement": "solid", "context": "dotted"}.get(group, "wavy")
            assert styles == [f"underline {expected}"], (group, styles)
        labels = page.locator(".brief-snapshot a.brief-note")
        counts: dict[str, int] = {}
        for i in range(labels.count()):
            label = labels.nth(i)
            group = label.get_attribute("class").split("brief-note--")[1].split()[0]
            counts[group] = counts.get(group, 0) + 1
            text = label.inner_text()
            assert text and label.get_attribute("aria-label").startswith(text)  # a label in words, named as it reads
            if i < 40:
                assert label.evaluate(CONTRAST) >= 4.5, (text, label.evaluate(CONTRAST))
        legend = page.locator(".brief-legend").inner_text()
        for group, count in counts.items():
            assert re.search(rf"\b{count}\b", legend), (group, count, legend)
        for mark in page.locator(".brief-snapshot mark.brief-hl").all()[:40]:
            assert mark.evaluate(CONTRAST) >= 4.5
        screenshot(page, site, "source-dark" if dark else "source-desktop")


def test_the_annotated_source_on_a_phone(browser, site):  # noqa: F811
    with open_page(browser, site, PHONE, phone=True) as (page, _):
        page.goto(site.url("source"))
        scroll_width, client_width = no_sideways_scroll(page)
        assert scroll_width <= client_width
        label = page.locator(".brief-snapshot a.brief-note").first
        box = label.bounding_box()
        assert box and box["height"] >= 14 and box["x"] + box["width"] <= PHONE["width"]
        screenshot(page, site, "source-phone")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_no_serious_accessibility_violation_on_the_brief_and_its_source(browser, site, dark):  # noqa: F811
    with open_page(browser, site, dark=dark) as (page, _):
        for role in ("brief", "source"):
            page.goto(site.url(role))
            problems = serious(axe_violations(page))
            assert problems == [], "\n".join(problems)
