"""Independent origins: what sources are based on, and which share long passages.

The fictional corpus in fixtures/multi: a state agency's original (BSA), a wire
relaying it (its record says so), two outlets relaying the wire with small edits
(their records say nothing: the shared text tells), and an independent report.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from briefs.check import check_folder
from briefs.model import Actor, Source
from briefs.origins import Origins, SharedText, find_shared
from briefs.outputs.library_json import DATA
from briefs.quotes import Snapshot
from conftest import FIXTURES, Built, add_briefs, build, copy_fixture_site, has_class, text_of

MULTI = FIXTURES / "multi"


def snapshots() -> dict[str, Snapshot]:
    return {p.stem: Snapshot(p.read_text(encoding="utf-8")) for p in sorted((MULTI / "sources").glob("*.txt"))}


def source(**fields) -> Source:
    return Source.model_validate({"title": "A report", "kind": "news", "snapshot": "sources/x.txt", **fields})


# -- shared passages -------------------------------------------------------------


def test_relays_share_long_passages_and_the_independent_report_shares_none():
    shared = {pair.sources: pair for pair in find_shared(snapshots())}
    relays = ("bsa-corridor", "herald-corridor", "nordwire-corridor", "tribune-corridor")
    assert set(shared) == {(a, b) for i, a in enumerate(relays) for b in relays[i + 1 :]}
    evidence = shared[("bsa-corridor", "nordwire-corridor")]
    assert evidence.words >= 40
    assert evidence.passages[0].startswith("President Teodor Vask on Monday opened the new freight corridor")
    assert all(len(p.split()) >= 12 for p in evidence.passages)


SPEECH = (
    "We will open the quays to every ship that flies a friendly flag, and we will keep them open through the winter, "
    "whatever the price of coal, because a harbour that closes is a harbour’s end,"
)


@pytest.mark.parametrize("marks", ["“”", '""', "‘’", "«»"])
def test_the_same_speech_quoted_by_two_reports_is_not_one_origin(marks):
    speech = f"{marks[0]}{SPEECH}{marks[1]} the minister said."
    one = Snapshot(f"Minister opens quays\n\nThe minister spoke at dawn in Port Selby before the fishing fleet sailed out.\n\n{speech}\n")
    other = Snapshot(f"Quays to stay open\n\nIn a speech that surprised the union, the minister promised winter shifts.\n\n{speech}\n")
    assert find_shared({"one": one, "other": other}) == []


def test_an_outlets_footer_is_not_an_origin():
    footer = (
        "The Arland Courier is published by Courier Media of Port Selby. Our journalists follow the code of the Arland "
        "press council; write to the readers' editor at the harbour office with any complaint about this or any other "
        "article, and we will answer within a week."
    )
    stories = ["the ferry timetable changes in spring", "a storm closed the northern quay", "the council approved a new school"]
    snapshots = {
        f"c{i}": Snapshot(f"Story {i}\n\nIn Port Selby {story}, officials said on Monday, and residents were told to expect more news.\n\n{footer}\n")
        for i, story in enumerate(stories)
    }
    assert len(find_shared(snapshots)) == 3  # without knowing the publisher, the footer is shared text
    assert find_shared(snapshots, {s: "The Arland Courier" for s in snapshots}) == []


def test_a_single_snapshot_or_none_shares_nothing():
    assert find_shared({}) == []
    assert find_shared({"bsa-corridor": snapshots()["bsa-corridor"]}) == []


# -- grouping --------------------------------------------------------------------


def test_sources_based_on_one_agency_are_one_origin_named_after_it():
    sources = {
        "a": source(based_on=["bsa"]),
        "b": source(based_on=["bsa"], publisher="The Herald"),
        "c": source(publisher="The Courier"),
    }
    actors = {"bsa": Actor(name="Borvia State Agency", kind="media")}
    found = Origins(sources, actors, []).of_brief(["a", "c", "b"])
    assert [(o.kind, o.id, o.name, o.sources) for o in found.origins] == [
        ("actor", "bsa", "Borvia State Agency", ("a", "b")),
        ("source", "c", "The Courier", ("c",)),
    ]
    assert found.only(["a", "b"]).id == "bsa"
    assert found.only(["a", "c"]) is None
    assert [o.id for o in found.relayed] == ["bsa"]
    assert [(b.source, b.kind, b.id, b.name) for b in found.declared] == [("a", "actor", "bsa", "Borvia State Agency"), ("b", "actor", "bsa", "Borvia State Agency")]


def test_a_relay_of_a_relay_goes_back_to_the_original_source():
    sources = {
        "original": source(kind="state-media", publisher="The Agency"),
        "wire": source(kind="wire", based_on=["original"]),
        "outlet": source(based_on=["wire"]),
    }
    found = Origins(sources, {}, []).of_brief(["outlet", "wire"])
    assert [(o.id, o.name, o.sources) for o in found.origins] == [("original", "The Agency", ("outlet", "wire"))]
    assert found.only(["outlet"]) is None  # one origin in all: the brief's notice says so, not each item


def test_relays_of_two_different_wires_stay_two_origins_whatever_else_relays_both():
    sources = {
        "wire-1": source(kind="wire"),
        "wire-2": source(kind="wire"),
        "a": source(based_on=["wire-1"]),
        "b": source(based_on=["wire-2"]),
        "digest": source(based_on=["wire-1", "wire-2"]),  # in no brief of these
    }
    found = Origins(sources, {}, []).of_brief(["a", "b"])
    assert [o.sources for o in found.origins] == [("a",), ("b",)]


def test_shared_text_links_only_the_briefs_own_sources():
    pair = functools.partial(SharedText, passages=("words",), words=50)
    sources = {s: source() for s in ("x", "y", "z")}
    shared = [pair(("x", "z")), pair(("y", "z"))]  # z is in no brief: nothing on the page shows x and y alike
    assert [o.sources for o in Origins(sources, {}, shared).of_brief(["x", "y"]).origins] == [("x",), ("y",)]
    assert [o.sources for o in Origins(sources, {}, shared).of_brief(["x", "y", "z"]).origins] == [("x", "y", "z")]


# -- based_on in sources.yaml --------------------------------------------------------


def write_registry(root: Path, records: str) -> None:
    """The fixture site in ``root``, with ``records`` added to its sources.yaml."""
    copy_fixture_site(root)
    (root / "briefs" / "sources" / "relay.txt").write_text("A relay\n\nIt says what the wire said.\n", encoding="utf-8")
    registry = root / "briefs" / "sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + records, encoding="utf-8")


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        (
            "relay: {title: R, kind: news, snapshot: sources/relay.txt, based_on: [harbour-dael]}\n",
            "'harbour-dael' is neither a source in sources.yaml nor an actor in actors.yaml; did you mean 'harbour-deal'?",
        ),
        ("relay: {title: R, kind: news, snapshot: sources/relay.txt, based_on: [relay]}\n", "a source cannot be based on itself"),
    ],
)
def test_based_on_names_a_known_source_or_actor(tmp_path, records, expected):
    folder = tmp_path / "briefs"
    write_registry(tmp_path, records)
    errors = [p for p in check_folder(folder).errors if p.file.endswith("sources.yaml")]
    assert [p.message for p in errors] == [expected]
    lines = (folder / "sources.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[errors[0].line - 1].startswith("relay:")


def test_a_source_based_on_itself_by_way_of_others_is_an_error(tmp_path):
    folder = tmp_path / "briefs"
    copy_fixture_site(tmp_path)
    registry = folder / "sources.yaml"
    text = registry.read_text(encoding="utf-8")
    text = text.replace("  kind: opinion\n", "  kind: opinion\n  based_on: [harbour-deal]\n")
    text = text.replace("  kind: wire\n  snapshot: sources/harbour-deal.txt", "  kind: wire\n  based_on: [harbour-opinion]\n  snapshot: sources/harbour-deal.txt")
    registry.write_text(text, encoding="utf-8")
    messages = sorted(p.message for p in check_folder(folder).errors)
    assert messages == [
        "based on itself by way of harbour-deal → harbour-opinion; one of them must be the original",
        "based on itself by way of harbour-opinion → harbour-deal; one of them must be the original",
    ]


# -- the site ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    config = copy_fixture_site(tmp_path_factory.mktemp("origins"))
    add_briefs(config.parent / "briefs", MULTI)
    return build(config / "mkdocs.yml")


def test_the_brief_counts_its_independent_origins(site):
    brief = site.article("briefs/corridor/")
    notice = brief.xpath(f"//dd[{has_class('brief-glance__sources')}]")
    assert [text_of(p) for p in notice] == [
        "4 sources: 2 news, 1 state media, 1 wire report; 2 independent origins (3 go back to Borvia State Agency). See the sources"
    ]
    assert not brief.xpath(f"//*[{has_class('brief-notice')}]")
    assert notice[0].xpath(".//a")[0].get("href").endswith("sources/bsa-corridor/")


def test_words_carried_only_by_one_origin_say_so(site):
    brief = site.article("briefs/corridor/")
    vask, olsen = brief.xpath(f"//figure[{has_class('brief-statement')}]")
    assert "All from one origin: Borvia State Agency." in text_of(vask)
    assert "origin" not in text_of(olsen).casefold()  # in one source only: its count says it


def test_each_source_shows_its_origin_and_the_shared_passages(site):
    brief = site.article("briefs/corridor/")
    entries = {e.get("id"): e for e in brief.xpath(f"//li[{has_class('brief-source')}]")}
    herald, courier = text_of(entries["source-3"]), text_of(entries["source-4"])
    assert "Origin: Borvia State Agency, with President Vask opens the Selby corridor, Borvia opens freight corridor to Port Selby." in herald
    assert "Shares 78 words in long passages with President Vask opens the Selby corridor" in herald
    assert "President Teodor Vask on Monday opened the new freight corridor" in herald
    assert "Origin: The Arland Courier." in courier and "Shares" not in courier
    wire = text_of(entries["source-2"])
    assert "Origin: Borvia State Agency, with " in wire and "Based on it, as its record says." in wire  # said once


def test_a_brief_whose_sources_all_relay_one_origin_says_single_origin(site):
    brief = site.article("briefs/corridor-relays/")
    notice = brief.xpath(f"//div[{has_class('brief-notice')}]")
    assert [text_of(n) for n in notice] == [
        "Single origin Its 3 sources all go back to one origin, Borvia State Agency. "
        "Nothing in it has been confirmed by a second, independent source."
    ]


def test_the_source_page_shows_what_it_shares_with_every_other_source(site):
    page = site.article("sources/herald-corridor/")
    shared = [text_of(d.xpath("summary")[0]) for d in page.xpath(f"//details[{has_class('brief-shared')}]")]
    assert shared == [
        "Shares 78 words in long passages with President Vask opens the Selby corridor",
        "Shares 77 words in long passages with Borvia opens freight corridor to Port Selby",
        "Shares 62 words in long passages with Borvian corridor opens",
    ]
    assert "not proof" in text_of(page)


def test_the_export_and_json_ld_carry_the_origins(site):
    data = json.loads(site.file(DATA).read_text(encoding="utf-8"))
    brief = next(b for b in data["briefs"] if b["id"] == "corridor")
    assert brief["origins"] == [
        {"kind": "source", "id": "bsa-corridor", "name": "Borvia State Agency", "sources": ["bsa-corridor", "nordwire-corridor", "herald-corridor"]},
        {"kind": "source", "id": "courier-corridor", "name": "The Arland Courier", "sources": ["courier-corridor"]},
    ]
    sources = {s["id"]: s for s in data["sources"]}
    assert sources["nordwire-corridor"]["based_on"] == ["bsa-corridor"]
    assert {s["source"] for s in sources["herald-corridor"]["shares_text_with"]} == {"bsa-corridor", "nordwire-corridor", "tribune-corridor"}
    assert sources["courier-corridor"]["shares_text_with"] == []
    page = site.page("briefs/corridor/")
    graph = [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]
    works = [w for g in graph for item in (g if isinstance(g, list) else [g]) for w in item.get("citation", [])]
    wire = next(w for w in works if w["name"] == "Borvia opens freight corridor to Port Selby")
    assert wire["isBasedOn"] == [
        {"@type": "CreativeWork", "name": "President Vask opens the Selby corridor", "publisher": {"@type": "Organization", "name": "Borvia State Agency"}, "datePublished": "2025-06-09"}
    ]
