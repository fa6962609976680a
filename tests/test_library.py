"""The library: every brief, actor, source and topic, with the indexes cross-linking needs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefs.check import Cache, CheckedBrief, Result, check_folder
from briefs.library import RELATED_LIMIT, Kept, build_library
from briefs.model import Actor, Brief, Source
from briefs.quotes import Snapshot
from conftest import FIXTURE_BRIEFS, copy_fixture_site


@pytest.fixture(scope="module")
def library():
    result = check_folder(FIXTURE_BRIEFS)
    assert result.errors == []
    return build_library(result)


def slugs(briefs) -> list[str]:
    return [cb.slug for cb in briefs]


def test_briefs_newest_first(library):
    # by updated date, else published: fishing-talks 2025-09-10, harbour-critics 03-20, harbour-deal 03-05
    assert slugs(library.briefs) == ["fishing-talks", "harbour-critics", "harbour-deal"]


def test_statements_by_actor_across_briefs_newest_first(library):
    vask = library.statements_by_actor["teodor-vask"]
    assert [(s.brief.slug, s.item.id) for s in vask] == [("fishing-talks", "statement-1"), ("harbour-deal", "statement-2")]
    (dahl,) = library.statements_by_actor["ines-dahl"]  # the same words in two briefs: one entry
    assert (dahl.brief.slug, dahl.item.id) == ("harbour-critics", "statement-1")
    assert [(b.slug, item.id) for b, item in dahl.also] == [("harbour-deal", "statement-3")]
    assert [ref.id for ref in dahl.sources] == ["harbour-opinion", "harbour-deal"]
    assert all(
        s.statement is s.brief.brief.statements[s.item.index] for said in library.statements_by_actor.values() for s in said
    )
    # a stated date wins over the brief's: Olsen spoke on 2025-03-03 in the harbour deal brief
    olsen = library.statements_by_actor["mara-olsen"]
    assert [s.date for s in olsen] == [dt.date(2025, 9, 10), dt.date(2025, 3, 3)]
    assert "bnn" not in library.statements_by_actor  # a channel, never a speaker


def test_briefs_by_topic_and_actor(library):
    assert {topic: slugs(briefs) for topic, briefs in library.topics.items()} == {
        "arland-borvia": ["fishing-talks", "harbour-deal"],
        "fishing": ["fishing-talks"],
        "harbour": ["harbour-critics", "harbour-deal"],
    }
    by_actor = {actor: slugs(briefs) for actor, briefs in library.briefs_by_actor.items()}
    assert by_actor["ines-dahl"] == ["harbour-critics", "harbour-deal"]
    assert by_actor["bnn"] == ["fishing-talks", "harbour-deal"]  # named as the channel ("via")
    assert by_actor["arland"] == ["fishing-talks", "harbour-critics", "harbour-deal"]
    assert set(library.actors) == {"mara-olsen", "teodor-vask", "ines-dahl", "arland", "borvia", "bnn"}


def test_sources_and_their_citations(library):
    assert list(library.sources) == ["fishing-talks", "harbour-deal", "harbour-opinion"]
    assert {slug: slugs(entry.briefs) for slug, entry in library.sources.items()} == {
        "fishing-talks": ["fishing-talks"],
        "harbour-deal": ["harbour-deal"],
        "harbour-opinion": ["harbour-critics"],
    }
    cited = [(cb, cite) for cb in library.briefs for item in cb.items for cite in item.cites if cite.source == "harbour-deal"]
    assert len(cited) == 5  # three statements, one context item, one caveat
    for cb, cite in cited:
        match = cite.match
        assert match is not None
        text = library.sources["harbour-deal"].snapshot.text
        assert text[match.start : match.end] == match.exact
        assert cite in cb.sources[cite.number - 1].cites


def test_related_in_the_fixture(library):
    related = {slug: slugs(briefs) for slug, briefs in library.related.items()}
    # harbour-deal shares a topic and five actors with fishing-talks, a topic and three actors with harbour-critics
    assert related["harbour-deal"] == ["fishing-talks", "harbour-critics"]
    assert related["harbour-critics"][0] == "harbour-deal"


# -- a constructed case -------------------------------------------------------

ACTORS = {a: Actor(name=a.title(), kind="person") for a in ("p", "q", "r", "s")}


def brief(slug: str, day: int, topics=(), actors=(), status="published") -> CheckedBrief:
    data = Brief(
        title=slug,
        summary=f"Brief {slug}.",
        status=status,
        published=dt.date(2025, 1, day),
        topics=list(topics),
        actors=list(actors),
        sources=["s"],
    )
    return CheckedBrief(slug, f"{slug}.yaml", data)


def library_of(*briefs: CheckedBrief, include_drafts=False):
    sources = {"s": Source(title="S", kind="news", snapshot="sources/s.txt")}
    result = Result(Path("."), ACTORS, list(briefs), {"sources/s.txt": Snapshot("Some text.")}, [], sources=sources)
    return build_library(result, include_drafts=include_drafts)


def test_related_ranked_by_shared_topics_and_actors():
    lib = library_of(
        brief("a", 1, topics=["t1", "t2"], actors=["p", "q"]),
        brief("two-topics", 2, topics=["t1", "t2"]),
        brief("topic-and-actors", 3, topics=["t1"], actors=["p", "q", "r"]),
        brief("one-topic", 4, topics=["t2"], actors=["s"]),
        brief("one-actor", 5, actors=["q"]),
        brief("nothing-shared", 6, topics=["t3"], actors=["r", "s"]),
    )
    related = slugs(lib.related["a"])
    assert "a" not in related and "nothing-shared" not in related
    # more shared outranks less; a topic counts for more than an actor
    assert related.index("two-topics") < related.index("one-topic")
    assert related.index("topic-and-actors") < related.index("one-topic") < related.index("one-actor")
    # equal scores (two topics; one topic and two actors) go newest first
    assert related == ["topic-and-actors", "two-topics", "one-topic", "one-actor"]
    assert slugs(lib.related["nothing-shared"]) == ["one-topic", "topic-and-actors"]  # one actor each


def test_a_brief_that_shares_nothing_has_no_related_briefs():
    lib = library_of(brief("alone", 1), brief("other", 2, topics=["t"], actors=["p"]))
    assert lib.related == {"other": [], "alone": []}


def test_related_is_limited():
    lib = library_of(*(brief(f"b{i}", i + 1, topics=["t"]) for i in range(RELATED_LIMIT + 3)))
    assert all(len(related) == RELATED_LIMIT for related in lib.related.values())


def test_drafts_are_left_out_unless_included():
    briefs = [brief("public", 1, topics=["t"], actors=["p"]), brief("draft", 2, topics=["t"], actors=["p"], status="draft")]
    lib = library_of(*briefs)
    assert slugs(lib.briefs) == ["public"] and slugs(lib.drafts) == ["draft"]
    assert slugs(lib.topics["t"]) == ["public"]
    assert slugs(lib.briefs_by_actor["p"]) == ["public"]
    assert lib.related["public"] == []
    lib = library_of(*briefs, include_drafts=True)
    assert slugs(lib.briefs) == ["draft", "public"] and lib.drafts == []
    assert slugs(lib.related["public"]) == ["draft"]


def test_published_drafts_take_their_proposed_actors_and_refuse_unresolved_ones(tmp_path):
    import shutil

    from briefs.library import UnresolvedActors

    folder = tmp_path / "briefs"
    shutil.copytree(FIXTURE_BRIEFS, folder, ignore=shutil.ignore_patterns("schema"))
    deal = folder / "harbour-deal.yaml"
    text = deal.read_text(encoding="utf-8").replace("published: 2025-03-04", "published: 2025-03-04\nstatus: draft")
    text = text.replace("  - actor: ines-dahl", "  - actor: ines-dahl-new")
    deal.write_text(text + "proposed_actors:\n  ines-dahl-new: {name: Ines Dahl, kind: person}\n", encoding="utf-8")
    result = check_folder(folder)
    assert result.errors == []
    library = build_library(result, include_drafts=True)
    assert library.actors["ines-dahl-new"].name == "Ines Dahl"
    assert "harbour-deal" in slugs(library.briefs)
    deal.write_text(text.replace("ines-dahl-new", "todo"), encoding="utf-8")
    with pytest.raises(UnresolvedActors, match="harbour-deal: todo"):
        build_library(check_folder(folder), include_drafts=True)


def test_a_kept_library_finds_origins_and_glances_again_only_when_what_they_are_found_with_changed(tmp_path):
    copy_fixture_site(tmp_path)
    folder, cache, kept = tmp_path / "briefs", Cache(), Kept()
    first = build_library(check_folder(folder, cache=cache), kept=kept)
    again = build_library(check_folder(folder, cache=cache), kept=kept)
    assert all(again.glance[slug] is first.glance[slug] and again.origins[slug] is first.origins[slug] for slug in first.glance)
    snapshot = next((folder / "sources").glob("*.txt"))
    snapshot.write_text(snapshot.read_text(encoding="utf-8") + "\nA paragraph more.\n", encoding="utf-8")
    other = build_library(check_folder(folder, cache=cache), kept=kept)  # what sources share is found anew, so are all origins
    assert other.glance == first.glance
    assert all(other.glance[slug] is not first.glance[slug] for slug in first.glance)
