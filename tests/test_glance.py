"""At a glance: a brief's sources by kind and origin, speakers, caveats by kind and latest change, first on its page and as badges in lists."""

from __future__ import annotations

import shutil

import lxml.html
import pytest

from briefs.build import build_site
from briefs.pages import default_options
from conftest import FIXTURE_BRIEFS, FIXTURES, add_briefs, has_class, text_of


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("glance") / "briefs"
    shutil.copytree(FIXTURE_BRIEFS, folder)
    add_briefs(folder, FIXTURES / "multi")
    site = build_site(folder, default_options(), include_drafts=False)
    assert site.errors == []
    return site


def page(built, path: str) -> lxml.html.HtmlElement:
    body = next(p.body for p in built.pages if p.path == path)
    return lxml.html.fragment_fromstring(body, create_parent="div")


def test_the_glance_counts_what_a_reader_weighs_a_brief_by(built):
    at = built.library.glance["corridor"]
    assert (at.sources, at.source_kinds, at.origins, at.notice) == (4, (("News", 2), ("State media", 1), ("Wire report", 1)), 2, None)
    assert at.speakers == (("teodor-vask", 1), ("mara-olsen", 1))
    assert [(c.kind, c.count, c.first) for c in at.caveats] == [("unverified", 1, "caveat-1")]
    assert built.library.glance["corridor-relays"].notice == "single-origin"
    deal = built.library.glance["harbour-deal"]
    assert deal.notice == "single-source" and deal.latest_change.note == "Added the opposition's statement."


def test_the_glance_comes_right_after_the_summary_and_its_counts_lead_to_the_caveats(built):
    brief = page(built, "briefs/harbour-deal.md")
    first = brief.xpath(f"//*[{has_class('brief-summary')}]/following-sibling::*[1]")[0]
    assert first.tag == "section" and first.get("aria-label") == "At a glance"
    facts = {text_of(dt): text_of(dt.getnext()) for dt in first.xpath(".//dt")}
    assert facts["Sources"] == "1 source: 1 wire report. See the sources"
    assert facts["Who speaks"] == "Mara Olsen, Teodor Vask, Ines Dahl"
    assert facts["Caveats"] == "1 × unverified"
    assert facts["Changed"] == "5 March 2025: Added the opposition's statement. All changes"
    (count,) = first.xpath(".//dt[.='Caveats']/following-sibling::dd//a")
    (target,) = brief.xpath(f"//*[@id='{count.get('href')[1:]}']")
    assert "brief-caveat--unverified" in target.get("class") and target.xpath("ancestor::div[contains(@class, 'admonition')]")
    assert first.xpath(f".//*[{has_class('brief-notice')}]"), "the single-source notice is part of the glance"


def test_every_list_of_briefs_shows_the_badges(built):
    items = {text_of(li.xpath("a")[0]): li for li in page(built, "briefs/index.md").xpath(f"//li[{has_class('brief-item')}]")}
    badges = {title: [text_of(b) for b in li.xpath(f".//*[{has_class('brief-badge')}]")] for title, li in items.items()}
    assert badges["Borvia opens a freight corridor to Port Selby"] == ["4 sources, 2 origins", "1 caveat"]
    assert badges["What the wires said of the corridor"] == ["3 sources, single origin"]
    assert badges["Arland and Borvia sign a harbour deal"] == ["Single source", "1 caveat"]
    assert badges["Critics of the harbour deal"] == ["Single source", "Opinion only", "2 caveats"]


def test_the_badges_are_the_glance_in_a_few_words(built):
    badges = {slug: [(b.text, b.notice) for b in at.badges] for slug, at in built.library.glance.items()}
    assert badges["corridor"] == [("4 sources, 2 origins", False), ("1 caveat", False)]
    assert badges["corridor-relays"] == [("3 sources, single origin", True)]
    assert badges["harbour-critics"] == [("Single source", True), ("Opinion only", True), ("2 caveats", False)]
