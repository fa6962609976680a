"""Rendering: URLs, prose, citations, notices, and escaping of everything an editor writes."""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import markdown
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from briefs import ids
from briefs.check import check_folder
from briefs.digest import digest
from briefs.library import build_library
from briefs.pages import default_nav, default_options, render_site
from briefs.prose import plain, prose
from briefs.quotes import normalise_text, quote_parts
from briefs.render import KeptEntries, Page, _env, markdown_blocks, render_latest
from briefs.site import page_url, relative_url
from conftest import (
    FIXTURE_BRIEFS,
    MARKDOWN_WARNING,
    Built,
    build,
    copy_fixture_site,
    has_class,
    only_markdown_warnings,
    register_sources,
    resolve,
    text_of,
)

FIXTURE_SLUGS = ["fishing-talks", "harbour-critics", "harbour-deal"]


def fragment(markup: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<div>{markup}</div>")


def collapse(text: str) -> str:
    return " ".join(text.split())


# -- URLs ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "directory_urls", "url"),
    [
        ("index.md", True, ""),
        ("briefs/index.md", True, "briefs/"),
        ("briefs/some-brief.md", True, "briefs/some-brief/"),
        ("timeline.md", True, "timeline/"),
        ("briefs/some-brief.md", False, "briefs/some-brief.html"),
        ("index.md", False, "index.html"),
    ],
)
def test_page_url(path, directory_urls, url):
    assert page_url(path, directory_urls) == url


@pytest.mark.parametrize(
    ("here", "there", "directory_urls", "anchor", "url"),
    [
        ("briefs/a.md", "actors/b.md", True, "", "../../actors/b/"),
        ("briefs/a.md", "briefs/index.md", True, "", "../"),
        ("briefs/a.md", "briefs/a.md", True, "#source-1", "./#source-1"),
        ("briefs/a.md", "briefs/c.md", True, "#statement-2", "../c/#statement-2"),
        ("index.md", "briefs/a.md", True, "", "briefs/a/"),
        ("briefs/index.md", "index.md", True, "", "../"),
        ("timeline.md", "actors/b.md", True, "", "../actors/b/"),
        ("briefs/a.md", "actors/b.md", False, "", "../actors/b.html"),
        ("index.md", "briefs/index.md", False, "", "briefs/index.html"),
    ],
)
def test_relative_url(here, there, directory_urls, anchor, url):
    assert relative_url(here, there, directory_urls, anchor) == url


PAGE_PATHS = st.lists(st.sampled_from(["briefs", "actors", "a-b", "news", "2025", "index"]), min_size=0, max_size=4).map(
    lambda parts: "/".join([*parts, "index.md"] if not parts or parts[-1] == "index" else [*parts[:-1], parts[-1] + ".md"])
)


@given(here=PAGE_PATHS, there=PAGE_PATHS, directory_urls=st.booleans())
def test_relative_url_is_what_posixpath_relpath_gives(here, there, directory_urls):
    here_url, there_url = page_url(here, directory_urls), page_url(there, directory_urls)
    base = here_url if here_url.endswith("/") or not here_url else posixpath.dirname(here_url)
    expected = posixpath.relpath(there_url or ".", base or ".")
    if there_url.endswith("/") or not there_url:
        expected = "./" if expected == "." else expected + "/"
    assert relative_url(here, there, directory_urls) == expected


# -- prose ----------------------------------------------------------------------

HOSTILE_LINKS = (
    "[js](javascript:alert(1)) [JS](JavaScript:alert(1)) [proto](//evil.example) "
    '<a href="data:text/html,alert(1)">data</a> [vb](vbscript:msgbox) '
    "[good](https://example.org/good) [plain](http://example.org/plain) [rel](../../actors/mara-olsen/)"
)


def test_prose_keeps_http_and_relative_links_only():
    out = fragment(prose(HOSTILE_LINKS))
    assert text_of(out) == "js JS proto data vb good plain rel"  # a dropped link leaves its text
    links = out.xpath("//a[@href]")
    assert [(a.text, a.get("href")) for a in links] == [
        ("good", "https://example.org/good"),
        ("plain", "http://example.org/plain"),
        ("rel", "../../actors/mara-olsen/"),
    ]
    assert all(a.get("rel") == "noopener noreferrer" for a in links)


def test_prose_allows_a_small_markdown_subset():
    out = fragment(prose("*em* **strong** `code` <script>alert(1)</script> <img src=x onerror=alert(1)> <b onclick=alert(1)>b</b>\n\n- one\n- two"))
    assert out.xpath("//em/text()") == ["em"] and out.xpath("//strong/text()") == ["strong"]
    assert out.xpath("//code/text()") == ["code"] and out.xpath("//li/text()") == ["one", "two"]
    assert not out.xpath("//script | //img | //b | //*[@onclick] | //*[@onerror]")
    assert "alert" not in out.text_content()  # a script's content goes with it
    assert str(prose("One paragraph")) == "One paragraph"  # no <p> around a single paragraph


def test_plain_is_one_line_of_text():
    assert plain("A [link](https://example.org) and *em* & <b>bold</b>\n\nNext") == "A link and em & bold Next"
    assert plain('Quote " marks \' and <x>') == "Quote \" marks ' and"


def test_page_markdown_escapes_title_and_description():
    title = 'T <script>alert(1)</script> " \' &'
    page = Page("briefs/x.md", title, "<p>body</p>\n", 'D "<b>', ("a-topic",))
    text = page.markdown()
    assert text.startswith("---\n")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert meta == {"title": html.escape(title), "description": html.escape('D "<b>'), "tags": ["a-topic"]}
    assert body == "\n<p>body</p>\n"


def test_default_nav_never_lists_single_pages():
    nav = default_nav(["index.md", "tags.md", "about/methods.md"], default_options())
    assert nav == [
        {"Home": "index.md"},
        {"Briefs": "briefs/index.md"},
        {"Actors": "actors/index.md"},
        {"Topics": "topics/index.md"},
        {"Sources": "sources/index.md"},
        {"Caveats": "caveats/index.md"},
        {"Timeline": "timeline.md"},
        "about/methods.md",
        "tags.md",
    ]
    options = replace(default_options(), paths={**default_options().paths, "briefs": "b", "timeline": "when.md"})
    assert default_nav([], options)[0] == {"Briefs": "b/index.md"}
    assert default_nav([], options)[-1] == {"Timeline": "when.md"}


# -- pages without MkDocs: notices and whole-source citations ---------------------

NOTICE_BRIEFS = {
    "opinion-pair.yaml": """\
title: Two columns
summary: Two columns, both opinion.
published: 2025-04-01
topics: [harbour]
sources: [one, two]
statements:
  - actor: ines-dahl
    kind: paraphrase
    quote: She thinks the deal is bad.
    cite: {source: two}
context:
  - text: Both columns appeared in April.
    cite: [{source: one, passage: First column}, {source: two}]
""",
    "two-sources.yaml": """\
title: Two reports
summary: Two independent reports.
published: 2025-04-02
sources: [news, wire]
context:
  - text: Both reports agree.
    cite: [{source: news}, {source: wire}]
""",
}


NOTICE_SOURCES = """\
one: {title: Column one, kind: opinion, snapshot: sources/column-one.txt}
two: {title: Column two, kind: opinion, snapshot: sources/column-two.txt}
news: {title: News report, kind: news, snapshot: sources/report-one.txt}
wire: {title: Wire report, kind: wire, snapshot: sources/report-two.txt}
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, lxml.html.HtmlElement]:
    folder = tmp_path_factory.mktemp("notices") / "briefs"
    shutil.copytree(FIXTURE_BRIEFS, folder)
    for name, text in NOTICE_BRIEFS.items():
        (folder / name).write_text("# yaml-language-server: $schema=schema/brief.schema.json\n" + text, encoding="utf-8")
    for name in ("column-one", "column-two", "report-one", "report-two"):
        (folder / "sources" / f"{name}.txt").write_text(f"First column {name}.\n", encoding="utf-8")
    with open(folder / "sources.yaml", "a", encoding="utf-8") as registry:
        registry.write(NOTICE_SOURCES)
    result = check_folder(folder)
    assert [str(p) for p in result.problems] == []
    pages = render_site(build_library(result))
    return {page.path: fragment(page.body) for page in pages}


def notice(body: lxml.html.HtmlElement) -> str | None:
    found = body.xpath(f'//div[{has_class("brief-notice")}]')
    return text_of(found[0]) if found else None


def test_notice_for_a_single_source(rendered):
    text = notice(rendered["briefs/harbour-deal.md"])
    assert text.startswith("Single source") and "opinion" not in text


def test_notice_for_a_single_opinion_source(rendered):
    text = notice(rendered["briefs/harbour-critics.md"])
    assert text.startswith("Single source") and "that source is opinion" in text


def test_notice_for_opinion_only(rendered):
    text = notice(rendered["briefs/opinion-pair.md"])
    assert text.startswith("Opinion only") and "Single source" not in text


def test_no_notice_for_independent_sources(rendered):
    assert notice(rendered["briefs/two-sources.md"]) is None


def test_citation_of_a_whole_source(rendered):
    body = rendered["briefs/opinion-pair.md"]
    (statement,) = body.xpath('//*[@id="statement-1"]')
    (sup,) = statement.xpath(f'.//sup[{has_class("brief-cite")}]')
    a = sup.find("a")
    assert a.get("href") == "#source-2" and a.get("data-exact") is None
    (words,) = sup.xpath(f'span[{has_class("brief-cite__passage")}]/span[{has_class("brief-cite__words")}]')
    assert text_of(words) == "two: the source as a whole"
    (entry,) = body.xpath('//*[@id="source-2"]')
    (passage,) = entry.xpath(f'.//li[.//a[{has_class("brief-backlink")} and @href="#{sup.get("id")}"]]')
    assert "The source as a whole." in text_of(passage)
    # the context item cites both sources: one marker each, numbered by source
    (context,) = body.xpath('//*[@id="context-1"]')
    assert [a.get("href") for a in context.xpath(".//sup/a")] == ["#source-1", "#source-2"]


# -- citations on the built fixture site ------------------------------------------


def check_citations(page: lxml.html.HtmlElement, data: dict, folder: Path) -> int:
    """Every marker resolves both ways; its selector and tooltip match the snapshot and the brief."""
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids)), "ids are unique"
    markers = page.xpath(f'.//sup[{has_class("brief-cite")}]')
    marker_ids = {sup.get("id") for sup in markers}
    for sup in markers:
        (link,) = sup.xpath('a[starts-with(@href, "#source-")]')
        (entry,) = page.xpath(".//*[@id=$id]", id=link.get("href")[1:])
        assert f"#{sup.get('id')}" in entry.xpath(f'.//a[{has_class("brief-backlink")}]/@href')
    backlinks = page.xpath(f'.//a[{has_class("brief-backlink")}]/@href')
    assert len(backlinks) == len(markers)
    assert all(href.startswith("#") and href[1:] in marker_ids for href in backlinks)

    registry = yaml.safe_load((folder / "sources.yaml").read_text(encoding="utf-8"))
    source_ids = [s if isinstance(s, str) else s["id"] for s in data["sources"]]
    checked = 0
    for kind, key in (("statement", "statements"), ("context", "context"), ("caveat", "caveats")):
        for n, item in enumerate(data.get(key, []), 1):
            (element,) = page.xpath(".//*[@id=$id]", id=f"{kind}-{n}")
            cites = item["cite"] if isinstance(item["cite"], list) else [item["cite"]]
            sups = element.xpath(f'.//sup[{has_class("brief-cite")}]')
            assert len(sups) == len(cites)
            for sup, cite in zip(sups, cites):
                number = source_ids.index(cite["source"]) + 1
                link = sup.find("a")
                assert link.get("href") == f"#source-{number}"
                words = cite.get("passage")
                if words is None and kind == "statement" and item.get("kind", "direct") == "direct":
                    words = item["quote"]
                elif words is None and kind == "caveat":
                    words = item["claim"]
                (tip,) = sup.xpath(f'span[{has_class("brief-cite__passage")}]/span[{has_class("brief-cite__words")}]')
                if words is None:
                    assert link.get("data-exact") is None
                    continue
                snapshot = (folder / registry[source_ids[number - 1]]["snapshot"]).read_text(encoding="utf-8")
                exact, prefix, suffix = (link.get(f"data-{k}") for k in ("exact", "prefix", "suffix"))
                assert link.get("data-selector") == "TextQuoteSelector"
                assert exact and exact in snapshot
                assert prefix is not None and suffix is not None
                assert collapse(prefix + exact + suffix) in collapse(snapshot)
                parts, norm = quote_parts(words), normalise_text(exact)
                assert norm.startswith(parts[0]) and norm.endswith(parts[-1])
                assert tip.text_content() == f"“{exact}”"
                checked += 1
    return checked


@pytest.mark.parametrize("slug", FIXTURE_SLUGS)
def test_citations_resolve_and_match_the_snapshot(fixture_site: Built, slug):
    data = yaml.safe_load((FIXTURE_BRIEFS / f"{slug}.yaml").read_text(encoding="utf-8"))
    article = fixture_site.article(f"briefs/{slug}/")
    assert check_citations(article, data, FIXTURE_BRIEFS) >= 3


ITEM_OF = "ancestor::*[starts-with(@id, 'statement-') or starts-with(@id, 'context-') or starts-with(@id, 'caveat-')][1]/@id"


def marked_after(label: lxml.html.HtmlElement, length: int) -> str:
    """The marked text that follows a label of the stored text, other labels left out, up to ``length`` characters."""
    text = ""
    for sibling in label.itersiblings():
        if len(text) >= length:
            break
        if sibling.tag == "mark":
            text += sibling.text_content()
        if sibling.tail:
            text += sibling.tail  # unmarked text: the passage has ended
    return text


@pytest.mark.parametrize("slug", FIXTURE_SLUGS)
def test_each_cited_passage_is_listed_once_with_its_back_links_and_leads_to_its_place_in_the_stored_text(fixture_site: Built, slug):
    url = f"briefs/{slug}/"
    article = fixture_site.article(url)
    checked = 0
    for entry in article.xpath(f'.//li[{has_class("brief-source")}]'):
        words = [text_of(q) for q in entry.xpath(f'.//li[{has_class("brief-passage")}]//q')]
        assert len(words) == len(set(words)), "each passage once"
        letters = [text_of(a) for a in entry.xpath(f'.//a[{has_class("brief-backlink")}]')]
        assert sorted(letters, key=lambda x: (len(x), x)) == [ids.letters(i) for i in range(len(letters))]
        for passage in entry.xpath(f'.//li[{has_class("brief-passage")}][.//q]'):
            exact = passage.find(".//q").text_content()
            backlinks = passage.xpath(f'.//a[{has_class("brief-backlink")}]')
            for backlink in backlinks:  # each of its markers cites these words
                (marker,) = article.xpath(".//*[@id=$id]/a", id=backlink.get("href")[1:])
                assert marker.get("data-exact") == exact
                assert backlink.get("aria-label").startswith(text_of(backlink) + ":")
            (first_item,) = article.xpath(f".//*[@id=$id]/{ITEM_OF}", id=backlinks[0].get("href")[1:])
            (stored,) = passage.xpath(f'.//a[{has_class("brief-passage__stored")}]/@href')
            page, anchor = fixture_site.follow(url, stored)
            (label,) = page.xpath("//a[@id=$id]", id=anchor)
            assert "brief-note" in label.get("class").split()
            assert absolute(f"sources/{stored.split('/')[-2]}/", label.get("href")) == f"{url}#{first_item}"
            assert collapse(marked_after(label, len(exact))).startswith(collapse(exact))
            checked += 1
    assert checked >= 2


def test_a_source_entry_gives_what_its_record_has_and_says_once_that_no_address_is_known(fixture_site: Built):
    (entry,) = fixture_site.article("briefs/harbour-critics/").xpath(f'.//li[{has_class("brief-source")}]/p[{has_class("brief-source__entry")}]')
    assert text_of(entry) == "The harbour deal is a mistake. Opinion. Stored text. No address is known."
    (stored,) = entry.xpath(f'a[{has_class("brief-source__stored")}]/@href')
    assert stored == "../../sources/harbour-opinion/"


def absolute(url: str, href: str) -> str:
    """A link on the page at ``url`` as a URL from the site root, fragment kept."""
    target, hash_, fragment = href.partition("#")
    return resolve(url, target) + hash_ + fragment


# -- escaping: a brief with a payload in every field --------------------------------

SCRIPT = "<script>alert(1)</script>"
BREAK_DOUBLE = '" onmouseover="alert(1)'
BREAK_SINGLE = "'><img src=x onerror=alert(1)>"
JS_LINK = "javascript:alert(1)"
RAW_LINK = '<a href="javascript:alert(1)">raw</a>'
PAYLOAD = f"{SCRIPT} {BREAK_DOUBLE} {BREAK_SINGLE} {JS_LINK} {RAW_LINK}"
PROSE_LINKS = (
    '[js](javascript:alert(1)) [proto](//evil.example) <a href="data:text/html,alert(1)">data</a> '
    "[good](https://example.org/good) [rel](../../actors/mara-olsen/)"
)
KEPT_LINKS = ["https://example.org/good", "../../actors/mara-olsen/"]


MARKDOWN = "[md](javascript:alert(1)) *md-em* {: onclick=alert(1) }"  # Markdown must never read plain text


def text(label: str) -> str:
    return f"{label} {PAYLOAD} {MARKDOWN}"


def prose_text(label: str) -> str:
    return f"{label} {PAYLOAD} {PROSE_LINKS}"


TITLE = text("Title")
SUMMARY = prose_text("Summary")
QUOTE = text("Quote")
CLAIM = text("Claim")
# '"', '<' and '>' are refused by the checker; what a URL may hold must still be escaped
SOURCE_URL = "https://example.org/story?q=1&x='onmouseover='alert(1)"
ACTOR = {
    "name": text("Actor name"),
    "kind": "person",
    "aliases": [text("Actor alias")],
    "role": text("Actor role"),
    "country": text("Actor country"),
    "description": prose_text("Actor description"),
}
SOURCE = {
    "id": "payloads",
    "title": text("Source title"),
    "publisher": text("Publisher"),
    "author": text("Author"),
    "url": SOURCE_URL,
    "published": "2025-05-30",
    "kind": "news",
    "snapshot": "sources/payloads.txt",
    "image_credit": text("Image credit"),
    "note": prose_text("Source note"),
}
HOSTILE = {
    "title": TITLE,
    "summary": SUMMARY,
    "published": "2025-06-01",
    "updated": "2025-06-02",
    "kind": "analysis",
    "topics": ["harbour"],
    "sources": [SOURCE],
    "actors": ["payload-actor", "mara-olsen"],
    "statements": [{"actor": "payload-actor", "said": "2025-05-29", "via": "payload-actor", "quote": QUOTE, "cite": {"source": "payloads"}}],
    "context": [{"text": prose_text("Context"), "cite": [{"source": "payloads", "passage": CLAIM}]}],
    "caveats": [
        {"kind": "disputed", "claim": CLAIM, "note": prose_text("Caveat note"), "cite": [{"source": "payloads"}]},
        {"kind": "unverified", "claim": QUOTE, "note": prose_text("Unknown note"), "cite": [{"source": "payloads"}]},
    ],
    "changes": [{"date": "2025-06-02", "note": prose_text("Change note")}],
}
SNAPSHOT = f"Payloads\n\nThe speaker said {QUOTE} to the wire.\n\nThe paper wrote: {CLAIM}.\n"
HOSTILE_URL = "briefs/payloads/"
ACTOR_URL = "actors/payload-actor/"


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


# A blank line in a plain-text field would end the HTML block it is printed in and
# hand the rest to Markdown, which makes links and emphasis of it.
# A line starting with "#" would be a heading, set apart from the HTML around it.
BLANK = "\n\n[blank](javascript:alert(1)) *injected*\n \n\r\r<b>bold</b>\n# [hash](javascript:alert(1))"
BLANK_ACTOR = {"name": "Blank Lines" + BLANK, "kind": "person", "aliases": ["Alias" + BLANK], "role": "Role" + BLANK, "country": "Land" + BLANK}
BLANK_BRIEF = {
    "title": "Blank lines" + BLANK,
    "summary": "A summary.",
    "published": "2025-06-03",
    "topics": ["harbour"],
    "sources": [
        {
            "id": "blank",
            "title": "Source" + BLANK,
            "publisher": "Publisher" + BLANK,
            "author": "Author" + BLANK,
            "kind": "news",
            "snapshot": "sources/blank-lines.txt",
            "image_credit": "Credit" + BLANK,
        }
    ],
    "actors": ["blank-actor"],
    "statements": [
        {"actor": "blank-actor", "kind": "paraphrase", "quote": "Paraphrase" + BLANK, "cite": {"source": "blank"}},
        {"actor": "blank-actor", "quote": "the first words\n\nthe next words", "cite": {"source": "blank"}},
    ],
    "caveats": [{"kind": "disputed", "claim": "the first words\n\nthe next words", "note": "Disputed.", "cite": [{"source": "blank"}]}],
}


def add_hostile_brief(folder: Path) -> None:
    """The payload briefs, their snapshots and actors, added to a copy of the fixture briefs."""
    registry = folder / "actors.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8") + dump({"payload-actor": ACTOR, "blank-actor": BLANK_ACTOR}), encoding="utf-8"
    )
    (folder / "sources" / "payloads.txt").write_text(SNAPSHOT, encoding="utf-8")
    hostile = {**register_sources(folder, HOSTILE), "sources": [{"id": "payloads", "note": prose_text("Brief source note")}]}
    (folder / "payloads.yaml").write_text("# yaml-language-server: $schema=schema/brief.schema.json\n" + dump(hostile), encoding="utf-8")
    (folder / "sources" / "blank-lines.txt").write_text(
        "He said the first words the next words.\n# [snap](javascript:alert(1))\n", encoding="utf-8"
    )
    (folder / "blank-lines.yaml").write_text("# yaml-language-server: $schema=schema/brief.schema.json\n" + dump(register_sources(folder, BLANK_BRIEF)), encoding="utf-8")
    problems = check_folder(folder).problems
    assert [p for p in problems if p.level == "error" or MARKDOWN_WARNING not in p.message] == []


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Built:
    """The fixture site with the payload brief and actor, and a nav that lists both pages."""
    site = copy_fixture_site(tmp_path_factory.mktemp("hostile"))
    folder = site.parent / "briefs"
    add_hostile_brief(folder)
    # the latest briefs asked for in the middle of a paragraph
    (site / "docs" / "index.md").write_text("# Fixture site\n\nLatest briefs: <!-- briefs:latest --> That is all.\n", encoding="utf-8")
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = ["index.md", {"Briefs": ["briefs/index.md", "briefs/payloads.md"]}, "actors/payload-actor.md", "tags.md"]
    (site / "mkdocs.yml").write_text(dump(config), encoding="utf-8")
    built = build(site / "mkdocs.yml", strict=False)
    assert only_markdown_warnings(built.log), built.log
    return built


def html_pages(built: Built) -> dict[str, lxml.html.HtmlElement]:
    return {p.relative_to(built.out).as_posix(): lxml.html.fromstring(p.read_bytes()) for p in built.out.rglob("*.html")}


def test_no_payload_runs_on_any_page(hostile: Built):
    pages = html_pages(hostile)
    assert "briefs/payloads/index.html" in pages and "actors/payload-actor/index.html" in pages
    for name, page in pages.items():
        for script in page.iter("script"):
            if script.get("type") in ("application/ld+json", "application/json"):
                json.loads(script.text)  # data, whole: nothing broke out of it
            else:
                assert "alert" not in (script.text or ""), name
        handlers = [(e.tag, a) for e in page.iter() if isinstance(e.tag, str) for a in e.attrib if a.lower().startswith("on")]
        assert handlers == [], name
        for attribute in ("href", "src", "action", "formaction", "xlink:href"):
            for value in page.xpath(f"//@*[local-name()='{attribute.split(':')[-1]}']"):
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (name, value)
        assert page.xpath('//img[@src="x"] | //iframe | //object | //embed') == [], name
        assert page.xpath('//em[text()="md-em"]') == [], name
        for href in page.xpath('//article//a/@href'):
            assert not href.startswith("//"), (name, href)


def test_title_and_description_are_the_literal_text(hostile: Built):
    page = hostile.page(HOSTILE_URL)
    assert page.findtext(".//title") == f"{TITLE} - Fixture briefs"
    (description,) = page.xpath('//meta[@name="description"]/@content')
    assert description == plain(SUMMARY)
    assert BREAK_DOUBLE in description and JS_LINK in description
    assert text_of(page.xpath("//article//h1")[0]) == TITLE
    actor = hostile.page(ACTOR_URL)
    assert actor.findtext(".//title") == f"{ACTOR['name']} - Fixture briefs"
    (description,) = actor.xpath('//meta[@name="description"]/@content')
    assert description == f"{ACTOR['name']} {ACTOR['role']}"


def test_every_text_field_shows_as_text(hostile: Built):
    article = text_of(hostile.article(HOSTILE_URL))
    for value in (TITLE, QUOTE, CLAIM, SOURCE["title"], SOURCE["publisher"], SOURCE["author"], SOURCE["image_credit"], ACTOR["name"], ACTOR["role"]):
        assert value in article
    actor = text_of(hostile.article(ACTOR_URL))
    for value in (ACTOR["name"], ACTOR["role"], ACTOR["country"], *ACTOR["aliases"], QUOTE, TITLE):
        assert value in actor
    source = text_of(hostile.article("sources/payloads/"))
    for value in (SOURCE["title"], SOURCE["publisher"], SOURCE["author"], SOURCE["image_credit"], QUOTE, CLAIM, TITLE):
        assert value in source


def test_attributes_hold_the_literal_values(hostile: Built):
    article = hostile.article(HOSTILE_URL)
    (statement,) = article.xpath('.//*[@id="statement-1"]')
    link = statement.xpath(f'.//sup[{has_class("brief-cite")}]/a')[0]
    assert link.get("data-exact") == QUOTE
    # the URL as written, or percent-encoded where a URL may not hold a character
    (original,) = article.xpath(f'.//a[{has_class("brief-source__link")}]/@href')
    assert unquote(original) == SOURCE_URL
    deep = article.xpath(f'.//a[{has_class("brief-deeplink")}]/@href')
    passages = article.xpath(f'.//li[{has_class("brief-passage")}][.//q]')  # each once, however many markers cite it
    assert len(deep) == len(passages) == 2 and all(href.startswith(original + "#:~:text=") for href in deep)
    folder = hostile.out.parent.parent / "briefs"
    assert check_citations(article, HOSTILE, folder) == 4


@pytest.mark.parametrize(
    ("url", "where", "label"),
    [
        (HOSTILE_URL, f'//div[{has_class("brief-summary")}]', "Summary"),
        (HOSTILE_URL, '//*[@id="context-1"]', "Context"),
        (HOSTILE_URL, '//*[@id="caveat-1"]', "Caveat note"),
        (HOSTILE_URL, '//*[@id="caveat-2"]', "Unknown note"),
        (HOSTILE_URL, f'//ul[{has_class("brief-changes")}]', "Change note"),
        (HOSTILE_URL, f'//div[{has_class("brief-source__note")} and not({has_class("brief-source__note--brief")})]', "Source note"),
        (HOSTILE_URL, f'//div[{has_class("brief-source__note--brief")}]', "Brief source note"),
        ("sources/payloads/", f'//div[{has_class("brief-source__note")}]', "Source note"),
        (ACTOR_URL, f'//div[{has_class("brief-actor-description")}]', "Actor description"),
    ],
)
def test_prose_fields_keep_safe_links_only(hostile: Built, url, where, label):
    (element,) = hostile.article(url).xpath("." + where)
    # only the editor's prose: not the claim (a caveat's summary line), its citations and the items it is
    # about, the title of a call-out, the citation markers or the caveats' chips
    chips = f'.//ul[{has_class("brief-chips")}]'
    quoted = f'.//summary[{has_class("brief-caveat__claim")}] | .//p[{has_class("brief-caveat__cites")} or {has_class("admonition-title")}]'
    for other in element.xpath(f'.//sup | {chips} | {quoted}'):
        other.drop_tree()
    shown = text_of(element)
    assert label in shown and BREAK_DOUBLE in shown and JS_LINK in shown
    assert "alert(1)</script>" not in shown  # the script element went, content and all
    hrefs = [a.get("href") for a in element.xpath(".//a") if a.get("href") is not None]
    actor_links = element.xpath(f'.//a[{has_class("brief-actor-link")}]/@href')
    assert [h for h in hrefs if h not in actor_links] == KEPT_LINKS
    assert " js proto data good rel" in shown  # dropped links leave their text


def test_blank_lines_in_text_do_not_reach_markdown(hostile: Built):
    for url in ("briefs/blank-lines/", "actors/blank-actor/", "sources/blank/", "briefs/", "timeline/", "actors/"):
        article = hostile.article(url)
        assert article.xpath('.//em[text()="injected"] | .//b | .//a[text()="blank" or text()="hash" or text()="snap"]') == [], url
        assert "[blank](javascript:alert(1)) *injected*" in text_of(article), url
        assert "# [hash](javascript:alert(1))" in text_of(article), url
    assert "# [snap](javascript:alert(1))" in text_of(hostile.article("sources/blank/"))
    article = hostile.article("briefs/blank-lines/")
    assert text_of(article.xpath(".//h1")[0]) == text_of(lxml.html.fromstring(f"<h1>{html.escape(BLANK_BRIEF['title'])}</h1>"))
    assert len(article.xpath(f'.//figure[{has_class("brief-statement")}]')) == 2


def test_search_index_is_escaped(hostile: Built):
    raw = (hostile.out / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script" not in raw.lower()
    docs = {doc["location"]: doc for doc in json.loads(raw)["docs"]}
    assert html.unescape(docs[HOSTILE_URL]["title"]) == TITLE
    assert html.unescape(docs[ACTOR_URL]["title"]) == ACTOR["name"]
    for doc in docs.values():
        assert "<img" not in doc["text"] and "<a href" not in doc["text"]


def test_nav_tags_and_listings_show_titles_as_text(hostile: Built):
    home = hostile.page("")
    entries = home.xpath(f'//nav[{has_class("md-nav--primary")}]//a[@href]')
    titles = {text_of(a) for a in entries}
    assert TITLE in titles and ACTOR["name"] in titles
    assert {"Briefs"} <= titles
    tags = hostile.article("tags/")
    (harbour,) = tags.xpath('.//h2[@id="tag:harbour"]/following-sibling::ul[1]')
    assert TITLE in [text_of(a) for a in harbour.xpath(".//a")]
    latest = hostile.article("").xpath(f'.//ul[{has_class("brief-latest")}]//li/a')
    assert TITLE in [text_of(a) for a in latest]
    for url in ("briefs/", "timeline/", "topics/harbour/", "sources/", "actors/"):
        assert TITLE in text_of(hostile.article(url)) or ACTOR["name"] in text_of(hostile.article(url)), url


def test_a_slug_ending_in_index_keeps_its_name():
    assert page_url("topics/press-freedom-index.md", True) == "topics/press-freedom-index/"
    assert page_url("topics/index.md", True) == "topics/"


def test_deep_link_goes_after_a_fragment_the_url_has():
    from briefs.quotes import Snapshot
    from briefs.site import deep_link

    match = Snapshot("They said the harbour is open.").find("harbour is open")
    assert deep_link("https://example.org/a", match) == "https://example.org/a#:~:text=harbour%20is%20open"
    assert deep_link("https://example.org/a#p2", match) == "https://example.org/a#p2:~:text=harbour%20is%20open"


def test_front_matter_keeps_characters_outside_the_bmp_and_line_separators():
    page = Page("briefs/x.md", "Harbour \U0001f389 <deal>\u2028open", "<p>body</p>", "A \U0001f6a2 summary")
    front = yaml.safe_load(page.markdown().split("---\n")[1])
    assert front == {"title": html.escape("Harbour \U0001f389 <deal>\u2028open"), "description": "A \U0001f6a2 summary"}


def test_links_with_white_space_before_two_slashes_are_dropped():
    for href in (" //evil.example/x", "\t//evil.example/x", "\n//evil.example"):
        assert "evil" not in str(prose(f'<a href="{href}">x</a> and [y]({href.strip()})'))


def test_topic_pages_and_links_use_the_names_in_topics_yaml(tmp_path):
    folder = tmp_path / "briefs"
    shutil.copytree(FIXTURE_BRIEFS, folder, ignore=shutil.ignore_patterns("schema"))
    (folder / "topics.yaml").write_text(
        "harbour: {title: The <harbour>, description: Port *Selby*.}\nfishing: {title: Fishing}\n"
        "arland-borvia: {title: Arland and Borvia}\n",
        encoding="utf-8",
    )
    pages = {page.path: page for page in render_site(build_library(check_folder(folder)))}
    topic = pages["topics/harbour.md"]
    assert topic.title == "The <harbour>"
    assert "<h1>The &lt;harbour&gt;</h1>" in topic.body and "Port <em>Selby</em>." in topic.body
    brief = lxml.html.fromstring("<div>" + pages["briefs/harbour-deal.md"].body + "</div>")
    assert [a.text for a in brief.xpath('//a[@class="brief-topic"]')] == ["The <harbour>", "Arland and Borvia"]


def test_the_page_cache_reuses_a_brief_page_across_libraries_of_a_cached_check():
    """As under ``mkdocs serve``: every rebuild checks with the same cache and builds a new library."""
    from briefs.check import Cache

    check_cache, page_cache = Cache(), {}
    first = {p.path: p for p in render_site(build_library(check_folder(FIXTURE_BRIEFS, cache=check_cache)), default_options(), page_cache)}
    again = {p.path: p for p in render_site(build_library(check_folder(FIXTURE_BRIEFS, cache=check_cache)), default_options(), page_cache)}
    assert again["briefs/harbour-deal.md"].body is first["briefs/harbour-deal.md"].body


def test_the_page_cache_reuses_a_brief_page_until_one_of_its_inputs_changes():
    import dataclasses

    from briefs.model import Topic

    library = build_library(check_folder(FIXTURE_BRIEFS))
    cache: dict = {}
    first = {p.path: p for p in render_site(library, default_options(), cache)}
    again = {p.path: p for p in render_site(library, default_options(), cache)}
    assert again["briefs/harbour-deal.md"].body is first["briefs/harbour-deal.md"].body
    renamed = dataclasses.replace(library, topic_info={"harbour": Topic(title="The harbour")})
    changed = {p.path: p for p in render_site(renamed, default_options(), cache)}
    assert changed["briefs/harbour-deal.md"].body is not first["briefs/harbour-deal.md"].body
    assert ">The harbour</a>" in changed["briefs/harbour-deal.md"].body
    other = {p.path: p for p in render_site(renamed, default_options(directory_urls=False), cache)}
    assert "../../actors/" not in other["briefs/harbour-deal.md"].body


# -- page bodies: HTML blocks whole, however the templates are laid out ---------------


def assert_blocks(body: str, where: str = "") -> None:
    """A body as ``markdown_blocks`` makes it: no line indented, no blank line but the one
    either side of a heading (a line starting with ``#``), one newline at the end at most."""
    lines = body.removesuffix("\n").split("\n")
    assert lines[0] and lines[-1], where
    for i, line in enumerate(lines):
        if not line:
            assert lines[i - 1] and lines[i + 1], (where, i)  # never two in a row
            assert lines[i - 1].startswith("#") or lines[i + 1].startswith("#"), (where, lines[i - 1], lines[i + 1])
            continue
        assert not line[0].isspace(), (where, line)
        if line.startswith("#"):
            assert re.fullmatch(r"#{1,6} \S.*", line), (where, line)
            assert i == 0 or lines[i - 1] == "", (where, line)
            assert lines[i + 1] == "", (where, line)


def test_indentation_and_blank_lines_of_a_template_never_reach_markdown():
    """Safe in code: a template laid out with indentation and blank lines anywhere, printing
    values with blank lines and lines that start with "#", still gives whole HTML blocks."""
    template = _env().from_string(
        "  <h1>{{ title }}</h1>\n"
        "\n"
        "    <ul>\n"
        "      <li>{{ value }}</li>\n"
        "   \n"
        "\t\n"
        "      <li>{{ hashed }}</li>\n"
        "    </ul>\n"
        "  ## Said\n"
        "<p>after</p>\n\n\n"
        "\n"
        "## Then\n"
        "## Right after\n"
        "\t\t<p>\n"
        "\n"
        "        {{ value }}\n"
        "\n"
        "    </p>\n\n"
    )
    body = markdown_blocks(
        template.render(title="# [t](javascript:alert(1))", value=BLANK, hashed="#tag\n\n   # [h](javascript:alert(1))")
    )
    assert_blocks(body)
    chunks = body.split("\n\n")
    assert [c for c in chunks if c.startswith("#")] == ["## Said", "## Then", "## Right after"]
    assert chunks[0].startswith("<h1>&#35; [t]") and chunks[0].endswith("</ul>")
    assert "<li>&#35;tag\n&#35; [h](javascript:alert(1))</li>" in chunks[0]
    assert chunks[-1].startswith("<p>\n[blank](javascript:alert(1)) *injected*\n") and chunks[-1].endswith("\n</p>")
    # and Markdown leaves the blocks alone: no link, emphasis or heading made of the values
    page = fragment(markdown.Markdown().convert(body))
    assert page.xpath("//a | //em | //b") == []
    assert [h.text for h in page.xpath("//h1 | //h2")] == ["# [t](javascript:alert(1))", "Said", "Then", "Right after"]
    assert text_of(page.xpath("//li")[1]) == "#tag # [h](javascript:alert(1))"


def test_no_line_of_a_rendered_page_is_indented_or_blank_but_around_headings(tmp_path):
    folder = tmp_path / "briefs"
    shutil.copytree(FIXTURE_BRIEFS, folder, ignore=shutil.ignore_patterns("schema"))
    add_hostile_brief(folder)
    library = build_library(check_folder(folder))
    pages = render_site(library)
    assert len(pages) > 20
    headings = 0
    for page in pages:
        assert_blocks(page.body, page.path)
        headings += sum(line.startswith("## ") for line in page.body.split("\n"))
    assert headings > 40
    latest = render_latest(library, "index.md", default_options())
    assert latest.startswith("\n\n<ul") and latest.endswith("</p>\n\n")
    assert_blocks(latest.strip("\n"), "latest")


def test_kept_entries_render_only_what_changed_and_a_list_unchanged_not_at_all():
    made: list[tuple] = []

    def entry(args: tuple) -> str:
        made.append(args)
        return f"<li>{args[1]} of {args[2]}</li>"

    first = KeptEntries({}, lambda shown: digest(shown))
    rows = [("a", 1), ("b", 2), ("c", 3)]
    html = first.each(("event",), rows, entry)
    assert html == "<li>a of 1</li>\n<li>b of 2</li>\n<li>c of 3</li>"
    assert len(made) == 3

    made.clear()
    again = KeptEntries(dict(first.made), lambda shown: digest(shown))
    assert again.each(("event",), rows, entry) == html
    assert made == []  # the whole list as it was: no entry made, nor looked up one by one

    changed = KeptEntries(dict(again.made), lambda shown: digest(shown))
    html = changed.each(("event",), [rows[0], ("b", 20), rows[2]], entry)
    assert html == "<li>a of 1</li>\n<li>b of 20</li>\n<li>c of 3</li>"
    assert made == [("event", "b", 20)]  # only the changed entry, given what comes first and its row
    assert changed.each(("event",), [rows[0]], entry) == "<li>a of 1</li>"  # a shorter list: another list, the same entry
    assert len(made) == 1
