"""The page types: their declarations, and the pages of each kind of caveat on the built fixture site."""

from __future__ import annotations

import json
import shutil

import lxml.html
import pytest
import yaml

from briefs.build import build_site
from briefs.kinds import CAVEAT_KINDS
from briefs.pages import PAGE_TYPES, default_nav, default_options
from briefs.plugin import BriefsConfig
from conftest import FIXTURE_BRIEFS, Built, has_class, text_of


def test_each_page_type_declares_its_option_and_nav_entry_once():
    kinds = [t.kind for t in PAGE_TYPES]
    assert len(set(kinds)) == len(kinds)
    options = dict(BriefsConfig._schema)
    for page_type in PAGE_TYPES:
        assert options[page_type.option].default == page_type.default
        assert default_options().paths[page_type.kind] == page_type.default
    assert [next(iter(entry)) for entry in default_nav([], default_options())] == [t.nav for t in PAGE_TYPES]


def fixture_caveats() -> dict[str, list[tuple[str, dict]]]:
    """Each kind's caveats in the fixture briefs: (brief slug, caveat data) in the order of the site's brief list."""
    found: dict[str, list[tuple[str, dict]]] = {kind: [] for kind in CAVEAT_KINDS}
    for path in sorted(FIXTURE_BRIEFS.glob("*.yaml")):
        if path.name in ("actors.yaml", "sources.yaml"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, caveat in enumerate(data.get("caveats", [])):
            found[caveat["kind"]].append((path.stem, {**caveat, "n": i + 1}))
    return found


def test_the_caveats_page_lists_every_kind_with_its_count(fixture_site: Built):
    article = fixture_site.article("caveats/")
    entries = article.xpath(f'.//ul[{has_class("brief-caveat-kinds")}]/li')
    expected = fixture_caveats()
    assert [e.find("a").get("href") for e in entries] == [f"{kind}/" for kind in CAVEAT_KINDS]
    for entry, (kind, caveats) in zip(entries, expected.items()):
        assert text_of(entry.find("a")) == CAVEAT_KINDS[kind].index_title
        assert f"({len(caveats)})" in text_of(entry)


def test_each_kind_lists_its_caveats_linking_to_them_in_their_brief(fixture_site: Built):
    for kind, caveats in fixture_caveats().items():
        url = f"caveats/{kind}/"
        article = fixture_site.article(url)
        assert text_of(article.find(".//h1")) == CAVEAT_KINDS[kind].index_title
        entries = article.xpath(f'.//li[{has_class("brief-caveat-entry")}]')
        assert sorted(text_of(e.find(".//q")) for e in entries) == sorted(c["claim"] for _, c in caveats), kind
        if not caveats:
            assert article.xpath(f'.//p[{has_class("brief-empty")}]')
        for entry in entries:
            (link,) = entry.xpath(f'.//p[{has_class("brief-caveat-entry__where")}]/a')
            page, anchor = fixture_site.follow(url, link.get("href"))
            (target,) = page.xpath("//*[@id=$id]", id=anchor)
            assert has_class(f"brief-caveat--{kind}") and f"brief-caveat--{kind}" in target.get("class")
            assert text_of(target.find(".//q")) == text_of(entry.find(".//q"))


# -- caveats beside what they qualify, corrections, actor pages as a record ---------------

QUALIFIED = """\
# yaml-language-server: $schema=schema/brief.schema.json
title: The deal in three voices
summary: What Vask and Olsen said of the deal.
published: 2025-03-21
updated: 2025-03-24
sources: [harbour-deal]
topics: [harbour]
actors: [mara-olsen, teodor-vask]
group_by_speaker: true
statements:
  - actor: teodor-vask
    quote: a bridge, not a wall
    cite: {source: harbour-deal, passage: told the state broadcaster BNN that the deal was}
  - actor: mara-olsen
    quote: This harbour will carry our trade for a generation
    cite: {source: harbour-deal}
  - actor: teodor-vask
    quote: within the year
    cite: {source: harbour-deal}
context:
  - text: The critics spoke in parliament.
    cite: [{source: harbour-deal, passage: Critics in the Arland parliament called the agreement rushed.}]
caveats:
  - kind: framing
    claim: the deal was “a bridge, not a wall.” He added that fishing rights would be settled “within the year
    note: Two quotes run together.
    cite: [{source: harbour-deal}]
  - kind: unverified
    claim: Critics in the Arland parliament
    note: Which critics is not said.
    cite: [{source: harbour-deal}]
  - kind: disputed
    claim: said Mara Olsen, Arland’s trade minister
    about: statement-2
    note: Her office says she spoke as a private person.
    cite: [{source: harbour-deal}]
changes:
  - date: 2025-03-22
    note: Added the critics.
  - date: 2025-03-23
    kind: correction
    note: Corrected *Vask's* title.
  - date: 2025-03-24
    kind: clarification
    note: Said which harbour is meant.
"""


@pytest.fixture(scope="module")
def qualified(tmp_path_factory):
    folder = tmp_path_factory.mktemp("qualified") / "briefs"
    shutil.copytree(FIXTURE_BRIEFS, folder)
    (folder / "three-voices.yaml").write_text(QUALIFIED, encoding="utf-8")
    site = build_site(folder, default_options(), include_drafts=False)
    assert site.errors == []
    return site


def body(site, path: str) -> lxml.html.HtmlElement:
    found = next(p.body for p in site.pages if p.path == path)
    return lxml.html.fragment_fromstring(found, create_parent="div")


def chips(element) -> list[tuple[str, str]]:
    return [(text_of(a), a.get("href")) for a in element.xpath(f'.//ul[{has_class("brief-chips")}]/li/a')]


def test_a_caveat_is_a_chip_under_each_item_it_qualifies_linking_to_its_note(qualified):
    page = body(qualified, "briefs/three-voices.md")
    statements = {f.get("id"): f for f in page.xpath(f'//figure[{has_class("brief-statement")}]')}
    assert chips(statements["statement-1"]) == chips(statements["statement-3"]) == [("Framing", "#caveat-1")]
    assert chips(statements["statement-2"]) == [("Disputed", "#caveat-3")]  # named in about
    (context,) = page.xpath('//li[@id="context-1"]')
    assert chips(context) == [("Unverified", "#caveat-2")]
    for label, href in chips(page):
        (target,) = page.xpath("//*[@id=$id]", id=href[1:])
        kind = next(k for k, info in CAVEAT_KINDS.items() if info.label == label)
        assert f"brief-caveat--{kind}" in target.get("class") and target.find(".//q") is not None
    # the note says what it qualifies, with links back
    (disputed,) = page.xpath('//li[@id="caveat-3"]')
    (about,) = disputed.xpath(f'.//span[{has_class("brief-caveat__about")}]')
    assert text_of(about) == "· About what Mara Olsen said" and about.xpath("a/@href") == ["#statement-2"]


def test_the_caveats_section_keeps_every_caveat_in_one_call_out_per_kind(qualified):
    page = body(qualified, "briefs/three-voices.md")
    groups = page.xpath(f'//div[{has_class("admonition")} and {has_class("brief-caveat")}]')
    found = [(text_of(g.xpath('p[@class="admonition-title"]')[0]), [li.get("id") for li in g.xpath(".//li[@id]")]) for g in groups]
    assert found == [("Disputed", ["caveat-3"]), ("Framing", ["caveat-1"]), ("Unverified", ["caveat-2"])]


def test_a_caveats_note_folds_under_its_claim_with_its_citations_and_what_it_is_about(qualified):
    page = body(qualified, "briefs/three-voices.md")
    data = yaml.safe_load(QUALIFIED)["caveats"]
    for n, caveat in enumerate(data, start=1):
        (entry,) = page.xpath("//li[@id=$id]", id=f"caveat-{n}")
        (fold,) = entry.xpath(f'details[{has_class("brief-fold")}]')
        assert fold.get("open") is None  # folded: the claim is the line that opens it
        (claim,) = fold.xpath(f'summary[{has_class("brief-caveat__claim")}]')
        assert text_of(claim.find("q")) == text_of(claim) == caveat["claim"]
        assert claim.xpath(".//a | .//sup") == []  # nothing to follow inside the line that opens the note
        (note,) = fold.xpath(f'div[{has_class("brief-caveat__note")}]')
        assert text_of(note) == caveat["note"]
        (cites,) = fold.xpath(f'p[{has_class("brief-caveat__cites")}]')
        assert cites.xpath(f'sup[{has_class("brief-cite")}]'), n
    (about,) = page.xpath(f'//li[@id="caveat-3"]/details/p/span[{has_class("brief-caveat__about")}]')
    assert about.xpath("a/@href") == ["#statement-2"]
    # each section's button to open every note: in the page, hidden until the script shows it
    sections = page.xpath(f'//div[{has_class("brief-notes")}]')
    assert len(sections) == 2  # the caveats and what we don't know
    for section in sections:
        (toggle,) = section.xpath(f'p[{has_class("brief-notes__toggle")}]')
        assert toggle.get("hidden") is not None
        (button,) = toggle.xpath('button[@type="button"]')
        assert (text_of(button), button.get("aria-expanded")) == ("Show all notes", "false")


SEVEN_PASSAGES = """\
title: Seven passages
summary: The deal, line by line.
published: 2025-03-05
sources: [harbour-deal]
context:
""" + "".join(
    f"  - text: Item {i}.\n    cite: [{{source: harbour-deal, passage: \"{passage}\"}}]\n"
    for i, passage in enumerate(
        ["Arland and Borvia sign harbour deal", "Port Selby, 3 March 2025", "a twenty-year agreement", "signed a twenty-year",
         "at the signing ceremony", "Critics in the Arland parliament", "Opposition leader Ines Dahl"]
    )
)


def test_a_long_list_of_cited_passages_folds_under_a_line_that_counts_them(tmp_path):
    folder = tmp_path / "briefs"
    shutil.copytree(FIXTURE_BRIEFS, folder)
    (folder / "seven-passages.yaml").write_text(SEVEN_PASSAGES, encoding="utf-8")
    site = build_site(folder, default_options(), include_drafts=False)
    assert site.errors == []
    found = {}
    for path in ("briefs/seven-passages.md", "briefs/harbour-deal.md"):
        (source,) = body(site, path).xpath(f'//li[{has_class("brief-source")}]')
        (fold,) = source.xpath(f'details[{has_class("brief-fold")}]')
        passages = fold.xpath(f'ul[{has_class("brief-passages")}]/li[{has_class("brief-passage")}]')
        n = len(passages)
        assert text_of(fold.find("summary")) == f"{n} passage{'s' if n != 1 else ''} cited, with links back to {'their' if n != 1 else 'its'} citations"
        found[path] = (n, fold.get("open") is not None)
    assert found["briefs/seven-passages.md"] == (7, False)  # more than six fold
    n, is_open = found["briefs/harbour-deal.md"]
    assert 0 < n <= 6 and is_open  # up to six stay open


def test_statements_read_in_their_sentence_under_their_speakers(qualified):
    page = body(qualified, "briefs/three-voices.md")
    speakers = page.xpath(f'//h3[{has_class("brief-speaker")}]')
    assert [text_of(h) for h in speakers] == ["Teodor Vask", "Mara Olsen"]
    assert speakers[0].xpath("a/@href") == ["../../actors/teodor-vask/"]
    after_vask = speakers[0].xpath(f'following-sibling::figure[following-sibling::h3[{has_class("brief-speaker")}]]/@id')
    assert after_vask == ["statement-1", "statement-3"]
    (first,) = page.xpath('//figure[@id="statement-1"]')
    assert text_of(first.find(".//blockquote")) == (
        "… president, Teodor Vask, told the state broadcaster BNN that the deal was “a bridge, not a wall”"  # at most 12 words
    )
    assert text_of(first.xpath(f'.//span[{has_class("brief-lead-in")}]')[0]).endswith("that the deal was")
    assert "Teodor Vask" not in text_of(first.find(".//figcaption"))  # the heading names the speaker


def test_corrections_stand_at_the_top_of_the_brief_and_every_change_says_its_kind(qualified):
    page = body(qualified, "briefs/three-voices.md")
    (glance,) = page.xpath('//section[@aria-label="At a glance"]')
    (corrected,) = glance.xpath(f'.//div[{has_class("brief-glance__corrections")}]')
    assert text_of(corrected.find("dt")) == "Corrected"
    assert [text_of(dd) for dd in corrected.findall("dd")] == ["on 23 March 2025: Corrected Vask's title. All changes"]
    facts = {text_of(dt): text_of(dt.getnext()) for dt in glance.xpath(".//dt")}
    assert facts["Changed"] == "24 March 2025: Said which harbour is meant. All changes"  # the latest other change
    changes = [text_of(li) for li in page.xpath(f'//ul[{has_class("brief-changes")}]/li')]
    assert changes == [
        "Update, 22 March 2025: Added the critics.",
        "Correction, 23 March 2025: Corrected Vask's title.",
        "Clarification, 24 March 2025: Said which harbour is meant.",
    ]
    (article, *_) = jsonld_of(qualified, "briefs/three-voices.md")
    assert article["correction"] == [{"@type": "CorrectionComment", "text": "Corrected Vask's title.", "datePublished": "2025-03-23"}]


def test_a_corrected_brief_says_so_in_every_list_of_briefs(qualified):
    for path in ("briefs/index.md", "topics/harbour.md", "actors/teodor-vask.md"):
        (item,) = [li for li in body(qualified, path).xpath("//li") if li.xpath('.//a[contains(@href, "three-voices")]') and li.xpath(f".//*[{has_class('brief-badge')}]")]
        badges = [text_of(b) for b in item.xpath(f".//*[{has_class('brief-badge')}]")]
        assert badges[-1] == "Corrected", (path, badges)


def jsonld_of(site, path: str) -> list:
    """The page's schema.org record, which goes into its head."""
    return json.loads(next(p.jsonld for p in site.pages if p.path == path))


def test_an_actor_page_is_a_record_of_their_statements_the_caveats_on_them_and_their_topics(qualified):
    page = body(qualified, "actors/teodor-vask.md")
    (record,) = page.xpath('//section[@aria-label="Their record"]')
    facts = {text_of(dt): text_of(dt.getnext()) for dt in record.xpath(".//dt")}
    said = qualified.library.statements_by_actor["teodor-vask"]
    briefs = qualified.library.briefs_by_actor["teodor-vask"]
    assert facts["Statements"] == f"{len(said)} in {len(briefs)} briefs"
    assert facts["Caveats"] == "1 × framing"
    assert record.xpath(".//dt[.='Caveats']/following-sibling::dd/a/@href") == ["#caveats-framing"]
    assert facts["Topics"] == "arland-borvia (2), harbour (2), fishing"  # by briefs, most first (no topics.yaml: slugs)
    entries = page.xpath(f'//ul[{has_class("brief-said")}]/li')
    assert [len(e.xpath(".//blockquote")) for e in entries] == [1] * len(said)  # each statement once
    with_chips = {text_of(e.xpath(f'.//span[{has_class("brief-words")}]')[0]): chips(e) for e in entries}
    assert with_chips["“a bridge, not a wall”"] == [("Framing", "../../briefs/three-voices/#caveat-1")]
    (group,) = page.xpath('//div[@id="caveats-framing"]')
    (entry,) = group.xpath(f'.//li[{has_class("brief-caveat-entry")}]')
    where = entry.xpath(f'p[{has_class("brief-caveat-entry__where")}]')[0]
    assert text_of(where) == "In The deal in three voices, on “a bridge, not a wall”, “within the year”."
    assert where.xpath("a/@href") == [
        "../../briefs/three-voices/#caveat-1",
        "../../briefs/three-voices/#statement-1",
        "../../briefs/three-voices/#statement-3",
    ]
