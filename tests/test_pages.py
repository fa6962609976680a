"""The page types: their declarations, and the pages of each kind of caveat on the built fixture site."""

from __future__ import annotations

import yaml

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
