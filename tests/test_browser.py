"""The reader's site in a real browser: Debian's Chromium driven by Playwright.

The sites come from ``reader_sites`` (conftest.py), built once per test run: the
fixture site with the fixture briefs and the hostile brief, and the repository's
own site when it has briefs. Each is served by a Python HTTP server on 127.0.0.1;
the browser may reach nothing else (other host names do not resolve, so
Material's request for web fonts fails at once). One browser serves the whole module.

Screenshots go to test-output/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import pytest

from conftest import build, copy_fixture_site, needs_chromium

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000

pytestmark = needs_chromium


# -- the sites, served --------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # the browser hung up: nothing to report
        pass


@dataclass
class Site:
    """A built site served on 127.0.0.1, with the URLs of the pages the tests visit."""

    name: str
    out: Path
    base: str
    pages: dict[str, str] = field(default_factory=dict)  # home, brief, actor, sources, source

    def url(self, role_or_path: str) -> str:
        return self.base + self.pages.get(role_or_path, role_or_path)


@contextmanager
def serve(root: Path):
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _first_page(out: Path, folder: str, key=None) -> str:
    pages = sorted(p for p in (out / folder).glob("*/index.html"))
    assert pages, f"no pages in {folder}/"
    if key is not None:
        pages.sort(key=key, reverse=True)
    return pages[0].parent.relative_to(out).as_posix() + "/"


def _said_count(page: Path) -> int:
    return len(lxml.html.fromstring(page.read_bytes()).xpath('//ul[@class="brief-said"]/li'))


def _cite_count(page: Path) -> int:
    return len(lxml.html.fromstring(page.read_bytes()).xpath('//sup[@class="brief-cite"]'))


def pages_of(name: str, out: Path) -> dict[str, str]:
    if name == "fixtures":
        return {
            "home": "",
            "brief": "briefs/harbour-deal/",
            "actor": "actors/teodor-vask/",
            "sources": "sources/",
            "source": "sources/harbour-deal/",
        }
    return {  # the repository's briefs change: pick the richest pages
        "home": "",
        "brief": _first_page(out, "briefs", _cite_count),
        "actor": _first_page(out, "actors", _said_count),
        "sources": "sources/",
        "source": _first_page(out, "sources"),
    }


@pytest.fixture(scope="module")
def sites(reader_sites):
    with serve(reader_sites["fixtures"].out) as fixtures_base:
        served = {"fixtures": Site("fixtures", reader_sites["fixtures"].out, fixtures_base)}
        if "repository" not in reader_sites:
            served["fixtures"].pages = pages_of("fixtures", served["fixtures"].out)
            yield served
            return
        with serve(reader_sites["repository"].out) as repo_base:
            served["repository"] = Site("repository", reader_sites["repository"].out, repo_base)
            for site in served.values():
                site.pages = pages_of(site.name, site.out)
            yield served


@pytest.fixture(scope="module", params=["fixtures", "repository"])
def site(request, sites) -> Site:
    if request.param not in sites:
        pytest.skip("the repository has no briefs yet")
    return sites[request.param]


@pytest.fixture(scope="module")
def fixtures(sites) -> Site:
    return sites["fixtures"]


# -- the browser ----------------------------------------------------------------


@dataclass
class Watch:
    """What a page did that it must not: open dialogs, throw uncaught errors."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def open_page(browser, site: Site, viewport=DESKTOP, *, dark: bool = False, phone: bool = False):
    """A fresh page in its own context; fails on any dialog or uncaught page error."""
    context = browser.new_context(
        viewport=viewport,
        color_scheme="dark" if dark else "light",
        is_mobile=phone,
        has_touch=phone,
        reduced_motion="reduce",
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = Watch()

    def on_dialog(dialog):
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    try:
        yield page, watch
        assert watch.dialogs == [], watch.dialogs
        assert watch.errors == [], watch.errors
    finally:
        context.close()


IN_VIEW = """(el) => {
  const r = el.getBoundingClientRect();
  const header = document.querySelector('.md-header');
  const top = header ? header.getBoundingClientRect().bottom : 0;
  return r.height > 0 && r.top >= top - 1 && r.top < window.innerHeight - 8;
}"""


def assert_in_view(page, locator, timeout: float = 5.0) -> None:
    """``locator``'s top edge is on screen, below Material's fixed header (waits for any scrolling).

    The element is looked up again each time: with instant navigation, Material answers the first
    move to an anchor of the page by loading the page again and swapping its content in."""
    deadline = time.monotonic() + timeout
    while not locator.evaluate(IN_VIEW):
        if time.monotonic() > deadline:
            box = locator.evaluate("el => JSON.stringify(el.getBoundingClientRect())")
            raise AssertionError(f"{locator} is not in the viewport: {box}, scrollY={page.evaluate('scrollY')}")
        page.wait_for_timeout(50)


def no_sideways_scroll(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")


def screenshot(page, site: Site, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = "" if site.name == "fixtures" else f"{site.name}-"
    page.screenshot(path=str(SCREENSHOTS / f"{prefix}{name}.png"), full_page=True)


# -- following citations ----------------------------------------------------------


def fragment(href: str) -> str:
    """The ``#fragment`` of a link: with instant navigation Material makes every link absolute."""
    return "#" + href.partition("#")[2]


def unfold(locator) -> None:
    """Open the fold (a caveat's note, a long list of passages) that ``locator`` stands in, if it is
    closed, as a reader does: by clicking its line."""
    fold = locator.locator("xpath=ancestor::details[1]")
    if fold.count() and not fold.evaluate("el => el.open"):
        fold.locator(":scope > summary").click()
        assert fold.evaluate("el => el.open")


def open_brief_from_home(page, site: Site) -> None:
    page.goto(site.url("home"))
    link = page.locator(f'article a[href$="{site.pages["brief"]}"]').first
    link.click()
    page.wait_for_url(re.compile(re.escape(site.pages["brief"]) + "$"))
    page.locator("sup.brief-cite").first.wait_for()


def test_citation_marker_leads_to_its_source_and_back(browser, site):
    with open_page(browser, site) as (page, _):
        open_brief_from_home(page, site)
        markers = page.locator("sup.brief-cite")
        marker = markers.nth(markers.count() - 1)  # the last one: furthest from the source list
        marker_id = marker.get_attribute("id")
        target = fragment(marker.locator(":scope > a").get_attribute("href"))
        assert re.fullmatch(r"#source-\d+", target)

        unfold(marker)  # in a caveat's note, it shows when the note is open
        marker.locator(":scope > a").click()
        entry = page.locator(f"li{target}")
        assert_in_view(page, entry)
        assert page.url.endswith(target)

        backlink = entry.locator(f'a.brief-backlink[href$="#{marker_id}"]')
        assert backlink.count() == 1
        unfold(backlink)
        backlink.click()
        assert_in_view(page, page.locator(f"#{marker_id}"))
        assert page.url.endswith(f"#{marker_id}")


def test_hovering_a_marker_shows_the_cited_passage(browser, site):
    with open_page(browser, site) as (page, _):
        page.goto(site.url("brief"))
        link = page.locator("sup.brief-cite > a[data-exact]").first
        exact = link.get_attribute("data-exact")
        tooltip = link.locator("xpath=../span[contains(@class, 'brief-cite__passage')]")
        assert not tooltip.is_visible()
        link.hover()
        tooltip.wait_for(state="visible")
        assert tooltip.inner_text() == f"“{exact}”"
        box = tooltip.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"]
        page.mouse.move(0, 0)
        tooltip.wait_for(state="hidden")


# -- actors, topics, search ---------------------------------------------------------


def test_actor_link_opens_their_statements_across_briefs(browser, fixtures):
    with open_page(browser, fixtures) as (page, _):
        page.goto(fixtures.url("brief"))
        page.locator("#statement-2 figcaption a.brief-actor-link", has_text="Teodor Vask").click()
        page.wait_for_url("**/actors/teodor-vask/")
        assert page.locator("article h1").inner_text() == "Teodor Vask"
        said = page.locator("ul.brief-said > li")
        assert said.count() == 2
        briefs = {said.nth(i).locator("a[href*='#statement-']").get_attribute("href").split("#")[0] for i in range(2)}
        assert briefs == {"../../briefs/harbour-deal/", "../../briefs/fishing-talks/"}
        assert "a bridge, not a wall" in said.all_inner_texts()[0] + said.all_inner_texts()[1]


def test_topic_tag_and_topic_link_open_listings_of_the_brief(browser, fixtures):
    title = "Arland and Borvia sign a harbour deal"
    with open_page(browser, fixtures) as (page, _):
        page.goto(fixtures.url("brief"))
        assert not page.locator("nav.md-tags").is_visible()  # the topics stand once, in the meta line
        page.goto(fixtures.url("tags/#tag:harbour"))  # Material's index of tags still lists the brief
        listed = page.locator("xpath=//*[@id='tag:harbour']/following-sibling::ul[1]//a")
        assert title in listed.all_inner_texts()

        page.goto(fixtures.url("brief"))
        page.locator(".brief-meta a.brief-topic", has_text="harbour").first.click()  # the meta line
        page.wait_for_url("**/topics/harbour/")
        assert page.locator("article h1").inner_text() == "harbour"
        assert title in page.locator("ul.brief-list > li.brief-item > a").all_inner_texts()


def search(page, query: str) -> list[str]:
    """Type into Material's search box; the URLs of the results it lists."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    results = page.locator("li.md-search-result__item a.md-search-result__link")
    results.first.wait_for()
    return results.evaluate_all("links => links.map(a => a.origin + a.pathname)")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("President Vask", "actors/teodor-vask/"),  # an alias
        ("BNN", "actors/bnn/"),  # an alias
        ("repeats", "briefs/harbour-critics/"),  # a word of the brief's summary
    ],
)
def test_search_finds_actors_by_alias_and_briefs_by_summary(browser, fixtures, query, expected):
    with open_page(browser, fixtures) as (page, _):
        page.goto(fixtures.url("home"))
        assert fixtures.base + expected in search(page, query)


# -- phone, dark palette ---------------------------------------------------------------


def test_phone_pages_do_not_scroll_sideways(browser, site):
    with open_page(browser, site, PHONE, phone=True) as (page, _):
        for role in ("home", "brief", "actor", "sources", "source"):
            page.goto(site.url(role))
            scroll_width, client_width = no_sideways_scroll(page)
            assert scroll_width <= client_width, f"{site.pages[role] or 'home'} scrolls sideways on a phone"
            if role == "brief":
                screenshot(page, site, "brief-phone")


def test_phone_citations_open_in_place_and_lead_on_to_the_source(browser, site):
    """On a touch screen a tap on a marker opens its passage where it stands, on screen; the page
    does not move until the reader follows the passage's link on to the source."""
    with open_page(browser, site, PHONE, phone=True) as (page, _):
        page.goto(site.url("brief"))
        markers = page.locator("sup.brief-cite")
        count = markers.count()
        for i in sorted({*range(0, count, max(1, count // 12)), count - 1}):
            marker = markers.nth(i)
            unfold(marker)  # in a caveat's note, the reader opens the note first
            marker.evaluate("el => el.scrollIntoView({block: 'center'})")  # wholly on screen, not at its edge
            before = page.evaluate("[scrollY, location.hash]")
            marker.locator(":scope > a").tap()
            popup = marker.locator(".brief-cite__passage")
            popup.wait_for(state="visible")
            assert marker.locator(":scope > a").get_attribute("aria-expanded") == "true"
            assert page.evaluate("[scrollY, location.hash]") == before, "the tap opened the passage in place"
            box = popup.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (i, box)
            assert no_sideways_scroll(page)[0] <= PHONE["width"]
            words = popup.locator(".brief-cite__words").inner_text()
            exact = marker.locator(":scope > a").get_attribute("data-exact")
            assert words == (f"“{exact}”" if exact else words)
            marker.locator(":scope > a").tap()  # a second tap closes it
            popup.wait_for(state="hidden")
        markers.first.locator(":scope > a").tap()
        page.locator(".brief-summary").tap()  # so does a tap elsewhere
        assert page.locator(".brief-cite--open").count() == 0
        assert not markers.first.locator(".brief-cite__passage").is_visible()

        marker = markers.first
        marker_id = marker.get_attribute("id")
        marker.scroll_into_view_if_needed()
        marker.locator(":scope > a").tap()
        onward = marker.locator("a.brief-cite__to-source")
        onward.tap()
        entry = page.locator(fragment(marker.locator(":scope > a").get_attribute("href")))
        assert_in_view(page, entry)
        backlink = entry.locator(f'a.brief-backlink[href$="#{marker_id}"]')
        unfold(backlink)
        backlink.tap()  # fails if covered or off screen
        assert_in_view(page, page.locator(f"#{marker_id}"))


CONTRAST = """(el) => {
  const parse = (c) => {
    const m = c.match(/^rgba?\\((.*)\\)$/);
    if (!m) throw new Error('colour ' + c);
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(parseFloat);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3] + under[3] * (1 - top[3]);
    const mix = [0, 1, 2].map(i => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / (a || 1));
    return [...mix, a];
  };
  const layers = [];
  for (let e = el; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
  let bg = [255, 255, 255, 1];
  for (const layer of layers.reverse()) bg = over(layer, bg);
  const fg = over(parse(getComputedStyle(el).color), bg);
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}"""

READ_TEXT = [  # what a reader reads on a brief page
    ".brief-summary",
    ".brief-meta",
    "figure.brief-statement blockquote p",
    "figure.brief-statement figcaption",
    ".brief-context > li",
    ".brief-caveat",
    ".brief-source > p",
    ".brief-passage",
]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_text_is_readable_in_both_palettes(browser, site, dark):
    with open_page(browser, site, dark=dark) as (page, _):
        page.goto(site.url("brief"))
        scheme = page.locator("body").get_attribute("data-md-color-scheme")
        assert scheme == ("slate" if dark else "default")
        ratios = {}
        for selector in ["article p", *READ_TEXT]:
            element = page.locator(f"article {selector}").first
            if element.count():
                ratios[selector] = round(element.evaluate(CONTRAST), 2)
        marker = page.locator("sup.brief-cite > a").first
        marker.hover()
        ratios["tooltip"] = round(marker.locator("xpath=../span").evaluate(CONTRAST), 2)
        low = {selector: ratio for selector, ratio in ratios.items() if ratio < 4.5}
        assert low == {}, ratios
        assert len(ratios) >= 6
        if dark:
            screenshot(page, site, "brief-dark")


# -- the brief page, as a person sees it -----------------------------------------------


def test_brief_page_reads_as_a_briefing(browser, fixtures):
    with open_page(browser, fixtures) as (page, _):
        page.goto(fixtures.url("brief"))
        statement = page.locator("figure.brief-statement#statement-1")
        assert statement.locator("blockquote").inner_text().startswith("“")
        caption = statement.locator("figcaption").inner_text()
        assert "Mara Olsen" in caption and "3 March 2025" in caption
        notice = page.locator(".brief-notice")
        assert notice.locator(".admonition-title").inner_text() == "Single source"
        assert notice.is_visible()

        page.goto(fixtures.url("briefs/harbour-critics/"))
        caveats = page.locator("div.brief-caveat")
        labels = caveats.locator(".admonition-title").all_inner_texts()
        assert labels == ["Unsupported claim", "Opinion"]  # one call-out per kind, in the order of the kinds
        icons = [
            caveats.nth(i).locator(".admonition-title").evaluate("el => getComputedStyle(el, '::before').maskImage || getComputedStyle(el, '::before').webkitMaskImage")
            for i in range(caveats.count())
        ]
        assert all(icon and icon != "none" for icon in icons) and len(set(icons)) == len(icons), icons


def test_screenshots(browser, site):
    """Pictures of the pages for a person to look at (test-output/screenshots/)."""
    with open_page(browser, site) as (page, _):
        for role, name in (("home", "home"), ("brief", "brief-desktop"), ("actor", "actor")):
            page.goto(site.url(role))
            assert page.locator("article h1").count() == 1
            screenshot(page, site, name)
    with open_page(browser, site, PHONE, phone=True) as (page, _):
        for role in ("brief", "actor"):
            page.goto(site.url(role))
            assert page.locator("article h1").count() == 1
            screenshot(page, site, f"{role}-phone")


def test_a_caveat_chip_under_a_statement_leads_to_its_note_on_a_phone(browser, sites):
    site = sites["repository"]  # its main brief's caveats qualify statements; the fixture brief's do not
    with open_page(browser, site, PHONE, phone=True) as (page, _):
        page.goto(site.url("brief"))
        chips = page.locator("figure.brief-statement a.brief-chip")
        assert chips.count(), site.pages["brief"]
        chip = chips.first
        box = chip.bounding_box()
        assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
        label, href = chip.inner_text(), "#" + chip.get_attribute("href").partition("#")[2]  # instant navigation makes links absolute
        chip.click()
        page.wait_for_function("hash => location.hash === hash", arg=href)
        note = page.locator(f"li.brief-caveat-entry{href}")
        assert note.is_visible()
        note.locator(".brief-caveat__note").wait_for(state="visible")  # folded under its claim, it opens
        assert note.evaluate("el => el.matches(':target')")
        top = note.evaluate("el => el.getBoundingClientRect().top")
        assert 0 <= top < PHONE["height"], top
        # the call-out the note stands in is titled by the chip's label
        title = note.locator("xpath=ancestor::div[contains(@class, 'admonition')]/p[@class='admonition-title']")
        assert title.inner_text() == label


FOLDS = "() => [...document.querySelectorAll('details.brief-fold')].map(d => d.open)"
SHOWN = "els => els.filter(el => el.checkVisibility()).length"


def test_caveat_notes_fold_under_their_claims_and_open_by_keyboard_link_and_print(browser, sites):
    site = sites["repository"]  # its main brief has caveats enough to fold, and more than six passages
    with open_page(browser, site) as (page, _):
        page.goto(site.url("brief"))
        entries = page.locator("li.brief-caveat-entry")
        notes = page.locator("li.brief-caveat-entry .brief-caveat__note")
        count = entries.count()
        assert count > 1 and notes.count() == count
        assert page.locator("li.brief-caveat-entry summary q").evaluate_all(SHOWN) == count  # every claim in view
        assert notes.evaluate_all(SHOWN) == 0  # no note
        # a claim's line opens its note, and folds it again, by keyboard
        first = entries.first
        first.locator("summary").focus()
        page.keyboard.press("Enter")
        assert first.locator(".brief-caveat__note").is_visible()
        page.keyboard.press("Enter")
        assert not first.locator(".brief-caveat__note").is_visible()
        # each section's button opens every note of the section, says it will fold them next, and does
        for section in page.locator(".brief-notes").all():
            button = section.locator(".brief-notes__toggle > button")
            section_notes = section.locator(".brief-caveat__note")
            assert button.is_visible() and (button.inner_text(), button.get_attribute("aria-expanded")) == ("Show all notes", "false")
            button.focus()
            page.keyboard.press("Enter")
            assert section_notes.evaluate_all(SHOWN) == section_notes.count() > 0
            assert (button.inner_text(), button.get_attribute("aria-expanded")) == ("Fold all notes", "true")
            page.keyboard.press("Enter")
            assert section_notes.evaluate_all(SHOWN) == 0 and button.inner_text() == "Show all notes"
        # the back-link from the list of sources to a marker in a folded note opens the note
        assert page.evaluate(FOLDS).count(True) == 0  # the long list of passages folds too
        backlinks = page.locator("a.brief-backlink")
        index = backlinks.evaluate_all("links => links.findIndex(a => document.getElementById(a.hash.slice(1)).closest('li.brief-caveat-entry'))")
        assert index >= 0
        backlink = backlinks.nth(index)
        marker_id = backlink.evaluate("a => a.hash.slice(1)")
        unfold(backlink)
        backlink.focus()
        page.keyboard.press("Enter")
        marker = page.locator(f'[id="{marker_id}"]')
        assert_in_view(page, marker)
        assert marker.evaluate("el => el.matches(':target') && el.closest('details').open")
        assert page.locator("details.brief-passages__fold").first.evaluate("el => el.open")  # what the reader opened stays open

        # a page opened at a caveat's address shows its note
        caveat_id = entries.last.get_attribute("id")
        page.goto(site.url("brief") + "#" + caveat_id)
        note = page.locator(f'li[id="{caveat_id}"]')
        note.locator(".brief-caveat__note").wait_for(state="visible")
        assert_in_view(page, note)
        # printed, every fold shows: no note or passage is left out of the paper
        page.goto(site.url("brief"))
        page.emulate_media(media="print")
        contents = page.locator("details.brief-fold > :not(summary)")
        assert page.evaluate(FOLDS).count(True) == 0 and contents.evaluate_all(SHOWN) == contents.count() > count
        assert not page.locator(".brief-notes__toggle").first.is_visible()


# -- hostile text -------------------------------------------------------------------------

HOSTILE = "briefs/script-payloads/"
PWNED = "() => window.__pwned"
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('article *')) {
    if (el.tagName === 'SCRIPT') {
      if (el.type !== 'application/ld+json') found.push(el.outerHTML.slice(0, 80));
      else try { JSON.parse(el.textContent); } catch (e) { found.push('JSON-LD broken: ' + el.textContent.slice(0, 80)); }
    }
    if (['IFRAME', 'IMG', 'OBJECT', 'EMBED', 'SVG'].includes(el.tagName.toUpperCase())) found.push(el.outerHTML.slice(0, 80));
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(el.outerHTML.slice(0, 80));
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name) && /^\\s*javascript:/i.test(attr.value))
        found.push(el.outerHTML.slice(0, 80));
    }
  }
  return found;
}"""


def assert_harmless(page) -> None:
    assert page.evaluate(PWNED) is None, page.url
    assert page.evaluate(INJECTED) == [], page.url


def hover_links(page, limit: int = 12) -> None:
    """The mouse over each of the first ``limit`` links in turn, without waiting for each to stand still
    (``force``): whatever hovering runs, it runs all the same, in half the time."""
    for link in page.locator("article a:visible").all()[:limit]:
        link.hover(force=True)


def test_hostile_brief_runs_no_script(browser, fixtures):
    with open_page(browser, fixtures) as (page, watch):
        page.goto(fixtures.url(HOSTILE))
        assert "<script>window.__pwned=1;alert(1)</script>" in page.locator("article h1").inner_text()
        assert_harmless(page)
        for button in page.locator(".brief-notes__toggle > button").all():
            button.click()  # every caveat's note open, its hostile words and all
        for line in page.locator("details.brief-fold:not([open]) > summary").all():
            line.click()
        assert page.locator("details.brief-fold:not([open])").count() == 0
        markers = page.locator("sup.brief-cite > a")
        assert markers.count() >= 5
        for i in range(markers.count()):
            markers.nth(i).hover()
            markers.nth(i).focus()
        page.locator(".brief-summary").hover()
        for link in page.locator("a.brief-backlink").all():
            link.click()
        hover_links(page, 40)
        assert_harmless(page)

        links = set()  # every page the hostile brief links to
        for selector in ("a.brief-actor-link", "a.brief-topic", ".brief-source a[href^='../']", "nav.md-tags a"):
            links.update(page.locator(f"article {selector}").evaluate_all("links => links.map(a => a.href)"))
        assert len(links) >= 5, links
        page.locator("article a.brief-actor-link").first.click()
        page.wait_for_url("**/actors/payload-*/")
        hover_links(page)
        assert_harmless(page)
        for url in sorted(links) + [fixtures.url(p) for p in ("home", "briefs/", "actors/", "sources/", "timeline/")]:
            page.goto(url)
            hover_links(page)
            assert_harmless(page)

        page.goto(fixtures.url("home"))
        assert fixtures.base + HOSTILE in search(page, "Payloads")
        page.locator("li.md-search-result__item").first.hover()
        assert_harmless(page)
        assert watch.dialogs == []


# -- accessibility -------------------------------------------------------------------------

# Violations in Material's own markup, which this project does not write: (rule, selector, why).
AXE_MATERIAL = [
    (
        "aria-dialog-name",
        ".md-search",
        "Material's search box is a role=dialog element without an accessible name; "
        "its input is labelled ('Search'), which is what screen readers announce.",
    ),
]

def axe_script() -> Path:
    import axe_playwright_python

    path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    assert path.is_file(), "axe-playwright-python ships axe.min.js; reinstall the test extras"
    return path


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(axe_script()))
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160), why: n.failureSummary}))
        }))"""
    )


def serious(violations: list[dict]) -> list[str]:
    found = []
    for v in violations:
        if v["impact"] not in ("serious", "critical"):
            continue
        for node in v["nodes"]:
            if any(v["id"] == rule and node["target"] == target for rule, target, _ in AXE_MATERIAL):
                continue
            found.append(f"{v['impact']} {v['id']} ({v['help']}): {node['target']}\n    {node['html']}\n    {node['why']}")
    return found


@pytest.mark.parametrize("role", ["home", "brief", "actor", "sources"])
def test_no_serious_accessibility_violation(browser, site, role):
    with open_page(browser, site) as (page, _):
        page.goto(site.url(role))
        problems = serious(axe_violations(page))
        assert problems == [], "\n".join(problems)


def test_no_serious_accessibility_violation_in_the_dark_or_on_the_hostile_brief(browser, fixtures):
    with open_page(browser, fixtures, dark=True) as (page, _):
        for url in ("brief", HOSTILE):
            page.goto(fixtures.url(url))
            problems = serious(axe_violations(page))
            assert problems == [], "\n".join(problems)


# -- several sources: what each carries ----------------------------------------------


@pytest.fixture(scope="module")
def several_sources(tmp_path_factory):
    """The fixture site with a brief on three sources: a wire story, a relay with small edits, an independent report."""
    from test_corroborate import add_corpus

    config = copy_fixture_site(tmp_path_factory.mktemp("several"))
    add_corpus(config.parent / "briefs")
    built = build(config / "mkdocs.yml")
    with serve(built.out) as base:
        yield Site("several", built.out, base, {"brief": "briefs/night-shifts/"})


def test_what_each_source_carries_is_visible_and_leads_to_the_sources(browser, several_sources):
    with open_page(browser, several_sources) as (page, _):
        page.goto(several_sources.url("brief"))
        count = page.locator("#statement-1 .brief-carried__count")
        assert count.is_visible()
        assert count.inner_text().startswith("In 1 of 3 sources")
        inserted = page.locator("#statement-1 .brief-variant ins")
        assert inserted.is_visible() and inserted.inner_text() == "all"
        assert inserted.get_attribute("title") == "in this source"
        count.locator("a", has_text="Night shifts for Port Selby").click()
        page.wait_for_url(re.compile(r"#source-2$"))
        assert_in_view(page, page.locator("#source-2"))
        problems = serious(axe_violations(page))
        assert problems == [], "\n".join(problems)


@pytest.fixture(scope="module")
def origins_site(tmp_path_factory):
    """The fixture site with the corridor briefs: three sources from one state agency's report and an independent one."""
    from conftest import FIXTURES, add_briefs

    config = copy_fixture_site(tmp_path_factory.mktemp("origins"))
    add_briefs(config.parent / "briefs", FIXTURES / "multi")
    built = build(config / "mkdocs.yml")
    with serve(built.out) as base:
        yield Site("origins", built.out, base, {"brief": "briefs/corridor/", "relays": "briefs/corridor-relays/"})


def test_origins_are_visible_and_their_evidence_opens(browser, origins_site):
    with open_page(browser, origins_site) as (page, _):
        page.goto(origins_site.url("brief"))
        notice = page.locator(".brief-glance__sources")
        assert notice.is_visible()
        assert notice.inner_text().startswith("4 sources: 2 news, 1 state media, 1 wire report; 2 independent origins (3 go back to Borvia State Agency).")
        one_origin = page.locator("#statement-1 .brief-carried__origin")
        assert one_origin.is_visible() and one_origin.inner_text() == "All from one origin: Borvia State Agency."
        inserted = page.locator("#statement-1 .brief-variant ins")
        assert inserted.is_visible() and inserted.inner_text() == "lasting"
        notice.get_by_role("link", name="See the sources").click()
        page.wait_for_url(re.compile(r"#sources$"))
        evidence = page.locator("#source-3 details.brief-shared").first
        passage = evidence.locator("li").first
        assert not passage.is_visible()
        evidence.locator("summary").click()  # the shared passages open on demand
        assert passage.is_visible() and passage.inner_text().startswith("President Teodor Vask on Monday opened")
        problems = serious(axe_violations(page))
        assert problems == [], "\n".join(problems)
        page.goto(origins_site.url("relays"))
        title = page.locator(".brief-notice .admonition-title")
        assert title.is_visible() and title.inner_text() == "Single origin"
        problems = serious(axe_violations(page))
        assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_glance_is_on_the_first_screen(browser, site, phone):
    viewport = PHONE if phone else DESKTOP
    with open_page(browser, site, viewport, phone=phone) as (page, _):
        page.goto(site.url("brief"))
        glance = page.locator(".brief-glance")
        box = glance.bounding_box()
        assert box is not None and glance.is_visible()
        assert box["y"] + box["height"] <= viewport["height"], f"the glance ends at {box['y'] + box['height']:.0f} px"
        facts = page.locator(".brief-glance dt").all_inner_texts()
        assert facts[:1] == ["Sources"] and "Caveats" in facts
