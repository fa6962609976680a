"""Which of a brief's several sources carry its words: verbatim, a variant with its differences, or not at all.

A fictional corpus written for these tests: a wire story, an outlet relaying it with
small edits, and an independent report in words of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefs.check import check_folder
from briefs.corroborate import carried
from briefs.outputs.library_json import DATA
from briefs.quotes import Snapshot
from conftest import Built, build, copy_fixture_site, has_class, text_of

WIRE = """Harbour board approves night shifts

Port Selby, 2 April 2025 (Wire). The harbour board approved night shifts at Port Selby on Tuesday.

"The quays will stay open around the clock from May," said Mara Olsen, Arland's trade minister.

The board said the change would cost nothing in its first year.
"""
RELAY = """Night shifts for Port Selby

The harbour board approved night shifts at Port Selby on Tuesday, the wire reported.

"The quays will stay open all around the clock from May," Mara Olsen said.

The board said the change would cost nothing in its first year.
"""
REPORT = """Dock workers wary of night work

Dock workers at Port Selby said they had not been asked about the board's plan for night shifts.

Union secretary Lars Brenn said the workers would wait for the details.
"""
SOURCES = """\
night-wire: {title: Harbour board approves night shifts, kind: wire, snapshot: sources/night-wire.txt}
night-relay: {title: Night shifts for Port Selby, kind: news, snapshot: sources/night-relay.txt}
night-report: {title: Dock workers wary of night work, kind: news, snapshot: sources/night-report.txt}
"""
BRIEF = """\
# yaml-language-server: $schema=schema/brief.schema.json
title: Night shifts at Port Selby
summary: The harbour board approved night shifts; dock workers were not asked.
published: 2025-04-03
topics: [harbour]
sources: [night-wire, night-relay, night-report]
actors: [mara-olsen]
statements:
  - actor: mara-olsen
    quote: The quays will stay open around the clock from May
    cite: [{source: night-wire}, {source: night-relay}]
context:
  - text: The board expects no cost in the first year.
    cite: [{source: night-wire, passage: the change would cost nothing in its first year}]
caveats:
  - kind: unverified
    claim: the workers would wait for the details
    note: The report does not say what the details are.
    cite: [{source: night-report}]
"""


def add_corpus(briefs: Path) -> None:
    for name, text in (("night-wire", WIRE), ("night-relay", RELAY), ("night-report", REPORT)):
        (briefs / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
    with open(briefs / "sources.yaml", "a", encoding="utf-8") as registry:
        registry.write(SOURCES)
    (briefs / "night-shifts.yaml").write_text(BRIEF, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    config = copy_fixture_site(tmp_path_factory.mktemp("corroborate"))
    add_corpus(config.parent / "briefs")
    return build(config / "mkdocs.yml")


def test_what_each_source_carries(tmp_path):
    config = copy_fixture_site(tmp_path)
    add_corpus(config.parent / "briefs")
    result = check_folder(config.parent / "briefs")
    assert result.problems == []
    (cb,) = [cb for cb in result.briefs if cb.slug == "night-shifts"]
    quote = cb.carried[("statements", 0)]
    assert quote.verbatim == ("night-wire",) and quote.absent == ("night-report",)
    ((source, variant),) = quote.variants
    assert source == "night-relay" and variant.changed == 1
    assert [(op, ours, theirs) for op, ours, theirs in variant.diff if op != "equal"] == [("insert", "", "all")]
    passage = cb.carried[("context", 0, "cite", 0)]
    assert (passage.verbatim, passage.variants, passage.absent) == (("night-wire", "night-relay"), (), ("night-report",))
    claim = cb.carried[("caveats", 0)]
    assert (claim.verbatim, claim.variants, claim.absent) == (("night-report",), (), ("night-wire", "night-relay"))


def test_a_variant_is_never_counted_as_carrying_the_words():
    snapshot = Snapshot("The quays will stay open all around the clock from May.\n")
    found = carried("The quays will stay open around the clock from May", {"s": snapshot})
    assert found.verbatim == () and [s for s, _ in found.variants] == ["s"]
    assert carried("Nothing like it at all here", {"s": snapshot}).absent == ("s",)


def test_words_of_a_single_source_brief_are_not_counted(fixture_site: Built):
    assert fixture_site.article("briefs/harbour-deal/").xpath(f'.//*[{has_class("brief-carried")}]') == []


def test_the_brief_page_shows_what_each_source_carries(site: Built):
    article = site.article("briefs/night-shifts/")
    (statement,) = article.xpath('.//*[@id="statement-1"]')
    (count,) = statement.xpath(f'.//p[{has_class("brief-carried__count")}]')
    assert text_of(count) == (
        "In 1 of 3 sources: Harbour board approves night shifts; in other words in Night shifts for Port Selby; "
        "not in Dock workers wary of night work."
    )
    assert [a.get("href") for a in count.xpath(".//a")] == ["#source-1", "#source-2", "#source-3"]
    (variant,) = statement.xpath(f'.//p[{has_class("brief-variant")}]')
    assert [text_of(e) for e in variant.xpath(".//ins")] == ["all"] and variant.xpath(".//del") == []
    assert "The quays will stay open all around the clock from May" in text_of(variant)
    (caveat,) = article.xpath('.//*[@id="caveat-1"]')
    assert text_of(caveat.xpath(f'.//p[{has_class("brief-carried__count")}]')[0]).startswith("In 1 of 3 sources: Dock workers")


def test_the_data_export_carries_it(site: Built):
    data = json.loads((site.out / DATA).read_text(encoding="utf-8"))
    brief = next(b for b in data["briefs"] if b["id"] == "night-shifts")
    carried_quote = brief["statements"][0]["carried"]
    assert carried_quote["verbatim"] == ["night-wire"] and carried_quote["absent"] == ["night-report"]
    assert carried_quote["variants"][0]["source"] == "night-relay"
    assert {"op": "insert", "quote": "", "source": "all"} in carried_quote["variants"][0]["diff"]
    assert brief["context"][0]["citations"][0]["carried"]["verbatim"] == ["night-wire", "night-relay"]
    single = next(b for b in data["briefs"] if b["id"] == "harbour-deal")
    assert single["statements"][0]["carried"] is None
