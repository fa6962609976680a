"""The site's own briefs: they check cleanly and stay true to their source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefs.check import check_folder
from briefs.model import citations
from briefs.quotes import normalise_text

REPO = Path(__file__).resolve().parent.parent
BRIEFS = REPO / "briefs"
ARTICLE = "putin-kim-next-level.txt"
SNAPSHOT = BRIEFS / "sources" / ARTICLE
SHARED_ARTICLE = REPO.parent / "shared" / "articles" / ARTICLE
MAIN_BRIEF = "putin-kim-liberation-day-pledges"

# Passages the article sets in curly double quotes that are not anyone's words:
# "Careless Whisper" is the title of a song the writer alludes to. The scare-quoted
# "hostile forces" is kept: it repeats Kim's own words from the July quotation, so it
# counts as a quotation of a person and must be covered too.
NOT_STATEMENTS = {"Careless Whisper"}


@pytest.fixture(scope="module")
def result():
    return check_folder(BRIEFS)


@pytest.fixture(scope="module")
def main_brief(result):
    return next(cb for cb in result.briefs if cb.slug == MAIN_BRIEF)


def test_no_problems(result):
    assert [str(p) for p in result.problems] == []
    assert len(result.briefs) == len(list(BRIEFS.glob("*.yaml"))) - 3  # all but actors.yaml, topics.yaml and sources.yaml
    assert sorted(result.topics) == sorted({t for cb in result.briefs for t in cb.brief.topics})


def test_every_statement_claim_and_citation_is_anchored(result):
    for cb in result.briefs:
        for i, statement in enumerate(cb.brief.statements):
            if statement.kind == "direct":
                assert any(path[:2] == ("statements", i) for path in cb.anchors), (cb.slug, i)
        for i in range(len(cb.brief.caveats)):
            assert ("caveats", i) in cb.located, (cb.slug, i)
        for path, _ in citations(cb.brief):
            assert path in cb.anchors, (cb.slug, path)


def test_snapshot_is_the_article():
    if not SHARED_ARTICLE.exists():
        pytest.skip(f"{SHARED_ARTICLE} is not available")
    assert SNAPSHOT.read_bytes() == SHARED_ARTICLE.read_bytes()


def test_main_source_invents_nothing(main_brief, result):
    (source_id,) = main_brief.brief.sources
    source = result.sources[source_id]
    assert source.snapshot == f"sources/{ARTICLE}"
    assert source.url is None
    assert source.publisher is None
    assert source.author is None
    assert source.published is None
    assert source.image_credit == "Frederic Legrand - COMEO/shutterstock.com"


def test_the_article_is_one_shared_source(result):
    """The one article is described once, in sources.yaml, and every brief rests on it."""
    (source_id,) = [i for i, source in result.sources.items() if source.snapshot == f"sources/{ARTICLE}"]
    assert all(cb.brief.sources == [source_id] for cb in result.briefs)


def _bare(text: str) -> str:
    return normalise_text(text).strip().rstrip(".,;:").strip()


def test_main_brief_quotes_every_quotation(main_brief):
    text = SNAPSHOT.read_text(encoding="utf-8")
    quoted = [q for q in re.findall(r"\u201c([^\u201d]*)\u201d", text) if q not in NOT_STATEMENTS]
    assert len(quoted) == 7
    quotes = [_bare(s.quote) for s in main_brief.brief.statements if s.kind == "direct"]
    missing = [q for q in quoted if not any(_bare(q) in quote for quote in quotes)]
    assert missing == []


def test_kcna_is_the_channel_of_the_attributed_pledges(main_brief):
    """Where the article names KCNA for a quotation, the statement says so."""
    by_quote = {(s.actor, _bare(s.quote)): s for s in main_brief.brief.statements}
    for actor in ("kim-jong-un", "vladimir-putin"):
        assert by_quote[(actor, "continue to expand")].via == "kcna"
    kim = [s for s in main_brief.brief.statements if s.actor == "kim-jong-un" and s.said]
    assert kim and all(s.via == "kcna" for s in kim)
