"""A brief resolved once: items in reading order with their ids, where their words stand, citations numbered once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefs.check import check_folder
from briefs.ids import cite_id, item_id, letters, paragraph_id, source_entry_id
from briefs.resolve import Resolved, ResolvedBrief, resolve, resolve_once
from conftest import FIXTURE_BRIEFS

# Two sources; an unverified caveat before another caveat in the file, to show the reading
# order (statements, context, caveats, then what we don't know); one item citing two
# passages of one source.
BRIEF = """\
# yaml-language-server: $schema=schema/brief.schema.json
title: Two sources
summary: The deal and its critics.
published: 2025-03-21
sources:
  - harbour-deal
  - {id: harbour-opinion, note: "A column, read with care."}
actors: [mara-olsen, ines-dahl]
statements:
  - actor: ines-dahl
    quote: gives away the harbour for a handshake
    cite: [{source: harbour-opinion}, {source: harbour-deal}]
context:
  - text: Signed in March, criticised since.
    cite:
      - {source: harbour-deal, passage: signed a twenty-year agreement on Monday}
      - {source: harbour-opinion, passage: The harbour deal signed in March}
      - {source: harbour-deal, passage: fishing rights would be settled}
caveats:
  - kind: unverified
    claim: fishing rights would be settled
    note: No detail is given.
    cite: [{source: harbour-deal}]
  - kind: opinion
    claim: the worst bargain Arland has made in fifty years
    note: The columnist's judgement.
    cite: [{source: harbour-opinion}]
"""


@pytest.fixture(scope="module")
def resolved(tmp_path_factory) -> ResolvedBrief:
    folder = tmp_path_factory.mktemp("resolve") / "briefs"
    shutil.copytree(FIXTURE_BRIEFS, folder)
    (folder / "two-sources.yaml").write_text(BRIEF, encoding="utf-8")
    result = check_folder(folder)
    assert result.problems == []
    (cb,) = [cb for cb in result.briefs if cb.slug == "two-sources"]
    return resolve(cb, result.sources, result.snapshots)


def test_items_come_in_reading_order_with_their_element_ids(resolved):
    assert [(item.key, item.index, item.id) for item in resolved.items] == [
        ("statements", 0, "statement-1"),
        ("context", 0, "context-1"),
        ("caveats", 1, "caveat-2"),  # the opinion: caveats come before what we don't know
        ("caveats", 0, "caveat-1"),
    ]
    assert [item.id for item in resolved.unknowns] == ["caveat-1"]
    assert all(item.id == item_id(item.key, item.index) for item in resolved.items)


def test_citations_are_numbered_by_source_and_lettered_in_reading_order(resolved):
    marks = [(item.id, [(c.id, c.number, c.letter, c.source) for c in item.cites]) for item in resolved.items]
    assert marks == [
        ("statement-1", [("cite-2-1", 2, "a", "harbour-opinion"), ("cite-1-1", 1, "a", "harbour-deal")]),
        ("context-1", [("cite-1-2", 1, "b", "harbour-deal"), ("cite-2-2", 2, "b", "harbour-opinion"), ("cite-1-3", 1, "c", "harbour-deal")]),
        ("caveat-2", [("cite-2-3", 2, "c", "harbour-opinion")]),
        ("caveat-1", [("cite-1-4", 1, "d", "harbour-deal")]),
    ]
    # each source entry holds its markers, in the same order
    assert [(ref.element_id, [c.id for c in ref.cites]) for ref in resolved.sources] == [
        ("source-1", ["cite-1-1", "cite-1-2", "cite-1-3", "cite-1-4"]),
        ("source-2", ["cite-2-1", "cite-2-2", "cite-2-3"]),
    ]
    assert all(c.id == cite_id(c.number, int(c.id.rsplit("-", 1)[1])) for item in resolved.items for c in item.cites)


def test_where_the_words_stand(resolved):
    (statement,) = resolved.statements
    assert statement.located is not None
    # found in the first cited source that has it; the citation of the other source has no passage of its own
    assert statement.located.source == "harbour-opinion"
    assert statement.located.match.exact == "gives away the harbour for a handshake"
    opinion, deal = statement.cites
    assert opinion.match == statement.located.match and deal.match is None and deal.paragraph == ""
    assert opinion.paragraph == "#" + paragraph_id(statement.located.match.paragraph)
    assert resolved.context[0].located is None  # context items have no words of a source of their own
    for caveat in (*resolved.caveats, *resolved.unknowns):
        assert caveat.located is not None and caveat.located.match.exact == caveat.record.claim


def test_sources_come_from_the_registry_with_the_brief_s_own_note(resolved):
    assert [(ref.number, ref.id, ref.source.title, ref.note) for ref in resolved.sources] == [
        (1, "harbour-deal", "Arland and Borvia sign harbour deal", None),
        (2, "harbour-opinion", "The harbour deal is a mistake", "A column, read with care."),
    ]
    assert resolved.source("harbour-opinion").element_id == source_entry_id(2)


@pytest.mark.parametrize(("index", "letter"), [(0, "a"), (25, "z"), (26, "aa"), (27, "ab"), (701, "zz"), (702, "aaa")])
def test_letters_go_on_past_z(index, letter):
    assert letters(index) == letter


def test_resolving_the_fixture_briefs_twice_gives_equal_records():
    first, again = check_folder(FIXTURE_BRIEFS), check_folder(Path(FIXTURE_BRIEFS))
    assert [resolve(cb, first.sources, first.snapshots) for cb in first.briefs] == [resolve(cb, again.sources, again.snapshots) for cb in again.briefs]


def test_a_caveat_whose_claim_overlaps_an_item_s_words_qualifies_it(resolved):
    (context,) = resolved.context
    (unknown,) = resolved.unknowns
    # the context item cites "fishing rights would be settled", the unverified caveat's very claim
    assert context.caveats == ("caveat-1",) and unknown.about == ("context-1",)
    assert resolved.qualifiers(context) == (unknown,)
    # the opinion's claim stands in the same paragraph as the statement's quote, without sharing a word of it
    (statement,) = resolved.statements
    (opinion,) = resolved.caveats
    assert statement.caveats == () and opinion.about == ()


def test_a_direct_quote_reads_in_its_sentence(resolved):
    (statement,) = resolved.statements
    assert statement.lead_in == "Ines Dahl was right when she said it"  # the quotation mark before it left out
    assert resolved.context[0].lead_in == ""


# One speaker twice, around another; a caveat naming a statement in ``about`` (its claim stands
# elsewhere), one whose claim takes in two quotes, and one naming a statement under review.
ABOUT = """\
# yaml-language-server: $schema=schema/brief.schema.json
title: About
summary: The deal, said three ways.
published: 2025-03-21
sources: [harbour-deal]
actors: [mara-olsen, teodor-vask]
statements:
  - actor: teodor-vask
    quote: a bridge, not a wall
    cite: {source: harbour-deal}
  - actor: mara-olsen
    quote: This harbour will carry our trade for a generation
    cite: {source: harbour-deal}
  - actor: teodor-vask
    quote: within the year
    cite: {source: harbour-deal}
  - actor: teodor-vask
    review: true
    quote: fishing rights would be settled
    cite: {source: harbour-deal}
caveats:
  - kind: unverified
    claim: Critics in the Arland parliament called the agreement rushed.
    about: statement-2
    note: Which critics is not said.
    cite: [{source: harbour-deal}]
  - kind: framing
    claim: the deal was “a bridge, not a wall.” He added that fishing rights would be settled “within the year
    note: Two quotes run together.
    cite: [{source: harbour-deal}]
  - kind: disputed
    claim: told the state broadcaster BNN
    about: statement-4
    note: Under review.
    cite: [{source: harbour-deal}]
"""


@pytest.fixture(scope="module")
def about(tmp_path_factory) -> ResolvedBrief:
    folder = tmp_path_factory.mktemp("about") / "briefs"
    shutil.copytree(FIXTURE_BRIEFS, folder)
    (folder / "about.yaml").write_text(ABOUT, encoding="utf-8")
    result = check_folder(folder)
    assert [p for p in result.problems if p.level == "error"] == []
    (cb,) = [cb for cb in result.briefs if cb.slug == "about"]
    return resolve(cb, result.sources, result.snapshots)


def test_about_names_the_item_a_caveat_qualifies_and_overlap_finds_the_rest(about):
    qualified = {item.id: item.caveats for item in about.statements}
    # the framing takes in statements 1 and 3; caveat-1 is about statement 2 although its claim is elsewhere;
    # statement-4 is under review, so the caveat about it qualifies nothing shown
    assert qualified == {"statement-1": ("caveat-2",), "statement-2": ("caveat-1",), "statement-3": ("caveat-2",)}
    assert {c.id: c.about for c in (*about.caveats, *about.unknowns)} == {
        "caveat-2": ("statement-1", "statement-3"),
        "caveat-3": (),
        "caveat-1": ("statement-2",),
    }


def test_statements_group_under_their_speakers_in_reading_order(about):
    assert [(actor, [i.id for i in items]) for actor, items in about.speakers] == [
        ("teodor-vask", ["statement-1", "statement-3"]),
        ("mara-olsen", ["statement-2"]),
    ]
    assert [(kind, [c.id for c in group]) for kind, group in about.by_kind(about.caveats)] == [
        ("disputed", ["caveat-3"]),
        ("framing", ["caveat-2"]),
    ]


def test_a_brief_is_resolved_once_while_it_is_the_same_checked_brief():
    result = check_folder(FIXTURE_BRIEFS)
    cb = result.briefs[0]
    resolved: Resolved = {}
    first = resolve_once(cb, result.sources, result.snapshots, resolved=resolved)
    assert first == resolve(cb, result.sources, result.snapshots) and resolved[cb.file][2] is first
    assert resolve_once(cb, result.sources, result.snapshots, resolved=resolved) is first
    with_review = resolve_once(cb, result.sources, result.snapshots, include_review=True, resolved=resolved)
    assert with_review is not first  # resolved the other way, and kept so
    again = check_folder(FIXTURE_BRIEFS).briefs[0]  # checked again: another object, resolved again
    assert resolve_once(again, result.sources, result.snapshots, include_review=True, resolved=resolved) is not with_review
