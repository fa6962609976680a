"""Caveats to consider (``briefs.draft.candidates``): read from articles written here, drafted by the real
``briefs new``, checked by ``briefs check`` and built into pages; and on the shared article when it is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter

from briefs.build import build_site
from briefs.check import check_folder
from briefs.cli import main
from briefs.draft.candidates import MAX_FIGURES, SIGNALS, candidates
from briefs.draft.speakers import Reader
from briefs.kinds import CAVEAT_KINDS
from briefs.model import Registry
from briefs.pages import default_options
from briefs.quotes import Snapshot

REPO = Path(__file__).resolve().parent.parent
SHARED_ARTICLE = REPO.parent / "shared" / "articles" / "putin-kim-next-level.txt"

REGISTRY = """\
mara-olsen: {name: Mara Olsen, kind: person, aliases: [Olsen], role: Trade minister of Arland}
teodor-vask: {name: Teodor Vask, kind: person, aliases: [Vask], role: President of Borvia}
bnn: {name: Borvia News Network, kind: media, aliases: [BNN]}
arland: {name: Arland, kind: state}
borvia: {name: Borvia, kind: state}
"""
ACTORS = TypeAdapter(Registry).validate_python(yaml.safe_load(REGISTRY))

ARTICLE = """\
Arland and Borvia Seal a Historic Summit Handshake

Photo: Lena Hart/Shutterstock

Beaming under the chandeliers, trade minister Mara Olson and President Teodor Vask embraced warmly in a glittering palace ballroom.

Arland and Borvia signed a fishing agreement on Tuesday after three weeks of talks about quotas for the harbour fleets of both countries. The quotas take effect in June, according to BNN. The two said the deal would “open the harbour to both fleets” from June.

The fleets reportedly caught less cod last year. It is believed that the quotas will be cut again.

I think this deal is nothing short of a triumph for the harbour. The talks could easily collapse if the quotas are cut again.

All prior statements would indicate that Vask wanted a longer deal. Both capitals are certain that the fleets will agree.

Borvia was the first country in the region to open its harbour to foreign boats. The harbour handled 40% of the region's fish and $3 million in fees.

Vask said the deal “would open the harbour to both fleets” soon. Olsen added that the fleets would share the harbour for many years and that the quotas for cod would be fixed every season.
"""


UNQUOTED = "\n\n".join(p for p in ARTICLE.split("\n\n") if "“" not in p)  # no statements, no speakers to propose


def found(text: str, title: str | None = None) -> list[tuple[str, str, str]]:
    reader = Reader(text, ACTORS)
    return [(c.signal, c.kind, c.claim) for c in candidates(reader, reader.quoted(), title)]


def test_each_signal_proposes_its_kind_with_the_words_of_the_article():
    got = found(ARTICLE, "Arland and Borvia Seal a Historic Summit Handshake")
    snapshot = Snapshot(ARTICLE)
    for signal, kind, claim in got:
        assert kind == SIGNALS[signal] and kind in CAVEAT_KINDS
        assert snapshot.find(claim) is not None, claim  # the claim checks as briefs check checks it
    by_signal = {}
    for signal, _, claim in got:
        by_signal.setdefault(signal, []).append(claim)
    assert by_signal["headline"] == ["Arland and Borvia Seal a Historic Summit Handshake"]
    assert by_signal["stock-photo"] == ["Photo: Lena Hart/Shutterstock"]
    assert by_signal["opening"] == ["Beaming under the chandeliers, trade minister Mara Olson and President Teodor Vask embraced warmly in a glittering palace ballroom."]
    assert by_signal["spelling"] == ["Mara Olson"]
    assert by_signal["unattributed"] == ["The fleets reportedly caught less cod last year.", "It is believed that the quotas will be cut again."]
    assert by_signal["judgement"] == ["I think this deal is nothing short of a triumph for the harbour."]
    assert by_signal["speculation"] == ["The talks could easily collapse if the quotas are cut again."]
    assert by_signal["inference"] == ["All prior statements would indicate that Vask wanted a longer deal."]
    assert by_signal["certainty"] == ["Both capitals are certain that the fleets will agree."]
    assert by_signal["comparison"] == ["Borvia was the first country in the region to open its harbour to foreign boats."]
    assert by_signal["figure"] == ["The harbour handled 40% of the region's fish and $3 million in fees."]
    assert by_signal["one-medium"] == ["according to BNN"]
    assert by_signal["text-not-given"] == [
        "Arland and Borvia signed a fishing agreement on Tuesday after three weeks of talks about quotas for the harbour fleets of both countries."
    ]
    (two,) = by_signal["two-speakers"]
    assert "“open the harbour to both fleets”" in two
    # the first person shares the judgement's sentence: one caveat of one kind, both reasons
    assert "first-person" not in by_signal
    reader = Reader(ARTICLE, ACTORS)
    (opinion,) = [c for c in candidates(reader, reader.quoted()) if c.kind == "opinion" and c.claim.startswith("I think")]
    assert "first person" in opinion.why and "nothing short of" in opinion.why
    assert [c[2] for c in got] == sorted((c[2] for c in got), key=ARTICLE.index)  # in the order they stand


def test_the_words_of_speakers_are_not_the_writers():
    text = (
        "Harbour deal signed\n\n"
        "Olsen said the talks could easily collapse and that the deal was nothing short of a triumph.\n\n"
        "“We are certain that it will last, and I think it is probably the best deal in years,” Vask told BNN.\n\n"
        "According to the harbour board, 40% of the fish and $3 million in fees go through the port.\n\n"
        "The harbour board said the fleets reportedly caught less cod last year.\n"
    )
    assert found(text) == []


def test_spelling_variants_of_names():
    text = (
        "Talks resume in Port Selby\n\n"
        "John Smith, who chairs the harbour board, met Mara Olson on Monday in Germany. German officials were there.\n\n"
        "The board bought routers, the AC1200 and the AC1900, for the Korea office and the Korean staff.\n\n"
        "Jason Miller spoke after Mason Reed. Later, Smyth left for the airport.\n"
    )
    got = [(signal, claim) for signal, _, claim in found(text)]
    assert ("spelling", "Smyth") in got and ("spelling", "Mara Olson") in got
    assert [g for g in got if g[0] == "spelling"] == [("spelling", "Mara Olson"), ("spelling", "Smyth")]
    reader = Reader(text, ACTORS)
    why = {c.claim: c.why for c in candidates(reader, reader.quoted())}
    assert why["Mara Olson"] == "“Mara Olson” is one letter from “Mara Olsen” (actors.yaml): a misspelt name?"
    assert why["Smyth"] == "“Smyth” is one letter from “Smith” (the article): a misspelt name?"


def test_a_stock_photo_beside_another_image_credit_is_not_the_only_image():
    body = " ".join(["The harbour board met the fleets to agree on the quotas for the season."] * 8)
    alone = f"Quotas agreed\n\nPhoto: Lena Hart/Shutterstock\n\n{body}\n"
    assert ("stock-photo", "framing", "Photo: Lena Hart/Shutterstock") in found(alone)
    beside = f"Quotas agreed\n\nPhoto: Lena Hart/Shutterstock\n\n{body}\n\nPhoto: Jonas Berg/Port Selby Herald\n"
    assert not [c for c in found(beside) if c[0] == "stock-photo"]


def test_figures_with_no_source_stop_at_a_few():
    text = "Prices\n\n" + "\n\n".join(f"The harbour charged ${n},000 for berth {n}." for n in range(10, 40)) + "\n"
    figures = [c for c in found(text) if c[0] == "figure"]
    assert len(figures) == MAX_FIGURES
    assert figures[0][2] == "The harbour charged $10,000 for berth 10."


# -- briefs new ---------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    (briefs / "actors.yaml").write_text(REGISTRY, encoding="utf-8")
    return briefs


def draft(folder: Path, text: str, capsys) -> Path:
    article = folder.parent / "summit.txt"
    article.write_text(text, encoding="utf-8")
    assert main(["new", str(article), "--folder", str(folder)]) == 0
    capsys.readouterr()
    return folder / "summit.yaml"


def test_briefs_new_drafts_each_candidate_as_a_caveat_under_review(folder, capsys):
    brief = draft(folder, ARTICLE, capsys)
    text = brief.read_text(encoding="utf-8")
    caveats = yaml.safe_load(text)["caveats"]
    assert caveats and all(c["review"] is True for c in caveats)
    assert all(c["note"] == "TODO: what a reader should know about these words." for c in caveats)
    assert {"kind": "error", "review": True, "claim": "Mara Olson", "note": "TODO: what a reader should know about these words.", "cite": [{"source": "summit"}]} in caveats
    assert "    review: true  # proposed: “Mara Olson” is one letter from “Mara Olsen” (actors.yaml): a misspelt name?\n" in text
    assert f"  - kind: error  # TODO: {' | '.join(CAVEAT_KINDS)}\n" in text
    result = check_folder(folder)
    assert result.errors == []
    reviews = [p for p in result.problems if p.message.startswith("proposed for review and left off the site")]
    assert len(reviews) == len(caveats)
    lines = text.splitlines()
    assert all(lines[p.line - 1].strip().startswith("review: true") for p in reviews)  # each warning names its line

    preview = build_site(folder, default_options(), include_drafts=True)
    assert preview.errors == []
    page = next(p for p in preview.pages if p.path == "briefs/summit.md")
    assert page.body.count("to review: not published") == len(caveats)
    assert "<q>Mara Olson</q>" in page.body


def test_a_published_brief_keeps_its_caveats_under_review_off_the_site(folder, capsys):
    brief = draft(folder, UNQUOTED, capsys)
    text = brief.read_text(encoding="utf-8").replace("status: draft", "status: published")
    text = re.sub(r"(?m)^    review: true  # proposed: .*\n(    claim: Mara Olson\n)", r"\1", text)  # the editor kept one
    brief.write_text(text, encoding="utf-8")
    result = check_folder(folder)
    assert result.errors == []
    published = build_site(folder, default_options(), include_drafts=False)
    page = next(p for p in published.pages if p.path == "briefs/summit.md")
    assert "<q>Mara Olson</q>" in page.body  # reviewed: published
    assert "to review" not in page.body
    assert "Seal a Historic Summit Handshake</q>" not in page.body and "reportedly" not in page.body  # still under review
    assert "1 × error in the source" in page.body.lower() or "error in the source" in page.body.lower()


def test_the_words_of_a_claim_are_kept_and_escaped(folder, capsys):
    text = (
        "Harbour: a <script>alert(1)</script> story\n\n"
        "The harbour board met on Monday to discuss the quotas and the fees for the coming season of the fleets.\n\n"
        "The fleets reportedly paid <b>all</b> fees & more, #1 in the region.\n\n"
        + " ".join(["The board discussed quotas for the fleets and the harbour fees of the season."] * 6)
        + "\n"
    )
    brief = draft(folder, text, capsys)
    caveats = yaml.safe_load(brief.read_text(encoding="utf-8"))["caveats"]
    claims = [c["claim"] for c in caveats]
    assert claims[:2] == ["Harbour: a <script>alert(1)</script> story", "The fleets reportedly paid <b>all</b> fees & more"]
    preview = build_site(folder, default_options(), include_drafts=True)
    page = next(p for p in preview.pages if p.path == "briefs/summit.md")
    assert "<b>all</b>" not in page.body and "&lt;b&gt;all&lt;/b&gt; fees &amp; more" in page.body
    assert "<script>alert" not in page.body and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.body


@pytest.mark.skipif(not SHARED_ARTICLE.is_file(), reason="the shared article is not there")
def test_the_shared_article():
    registry = TypeAdapter(Registry).validate_python(yaml.safe_load((REPO / "briefs" / "actors.yaml").read_text(encoding="utf-8")))
    text = SHARED_ARTICLE.read_text(encoding="utf-8")
    reader = Reader(text, registry)
    got = {(c.kind, c.claim) for c in candidates(reader, reader.quoted(), text.splitlines()[0])}
    assert ("error", "North Korean Supreme Leader Jim Jong-un") in got
    assert ("framing", "Frederic Legrand - COMEO/shutterstock.com") in got
    assert ("framing", "Putin and Jong Un Share a Moment As They Take Their Relationship to the Next Level") in got
    assert ("framing", "Standing and sharing a deep and meaningful gaze into each other’s eyes, the duo posed for cameras as they raised the champagne glasses.") in got
    assert ("unsupported", "both Seoul and Washington are certain that another nuclear test from North Korea is imminent.") in got
    assert ("opinion", "only really being silenced when we had President Trump in office.") in got
    assert ("unverified", "They also exchanged letters.") in got
    assert not any(claim.startswith("Kim used this") for _, claim in got)  # it reports Kim's words
