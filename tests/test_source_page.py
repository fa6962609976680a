"""The source page (pages/sources.py): the stored text annotated by what cites each passage."""

from __future__ import annotations

import re

import lxml.html
import pytest

from briefs.kinds import CAVEAT_KINDS
from briefs.pages.sources import GROUPS, Note, annotate
from conftest import REPO, Built, has_class, resolve, text_of

STYLESHEET = REPO / "plugins" / "briefs" / "assets" / "briefs.css"


def note(start: int, end: int, group: str, label: str = "", anchor: str = "") -> Note:
    label = label or GROUPS[group]
    return Note(start, end, group, label, f"{label}, in the brief “B”", f"../../briefs/b/#{group}", (anchor or f"b_{group}-{start}",))


def paragraph_html(markup: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(f"<p>{markup}</p>")


def pieces(element: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """(what, text) of each part of an annotated paragraph: "label", a mark's group, or "" for plain text."""
    out = [("", element.text)] if element.text else []
    for child in element:
        if child.tag == "mark":
            out.append((child.get("class").split("brief-hl--")[1], child.text_content()))
        elif child.tag == "a":
            out.append(("label", child.text_content()))
        if child.tail:
            out.append(("", child.tail))
    return out


def test_each_passage_is_marked_by_its_group_with_its_label_before_it():
    text = "One two three four five six."
    annotated = annotate(text, [(0, len(text))], [note(4, 13, "statement"), note(19, 23, "context")])
    (paragraph,) = annotated.paragraphs
    assert pieces(paragraph_html(paragraph)) == [
        ("", "One "),
        ("label", "Statement"),
        ("statement", "two three"),
        ("", " four "),
        ("label", "Context"),
        ("context", "five"),
        ("", " six."),
    ]
    assert annotated.counts == {"statement": 1, "context": 1}


def test_where_passages_overlap_the_caveat_shows_over_the_statement_and_the_statement_over_the_context():
    text = "aaaa bbbb cccc dddd"
    notes = [note(0, 14, "context"), note(5, 19, "statement"), note(10, 14, "opinion")]
    (paragraph,) = annotate(text, [(0, len(text))], notes).paragraphs
    assert pieces(paragraph_html(paragraph)) == [
        ("label", "Context"),
        ("context", "aaaa "),
        ("label", "Statement"),
        ("statement", "bbbb "),
        ("label", "Caveat: Opinion"),
        ("opinion", "cccc"),
        ("statement", " dddd"),
    ]


def test_notes_fall_in_their_paragraphs_and_the_text_is_escaped():
    text = "<b>first</b> & one\n\nsecond <script>x</script>"
    spans = [(0, 18), (20, len(text))]
    annotated = annotate(text, spans, [note(27, len(text), "framing", anchor='x" onmouseover="y')])
    first, second = (paragraph_html(p) for p in annotated.paragraphs)
    assert text_of(first) == "<b>first</b> & one" and not first.xpath(".//mark | .//b")
    assert pieces(second) == [("", "second "), ("label", "Caveat: Framing"), ("framing", "<script>x</script>")]
    (label,) = second.xpath("a")
    assert label.get("id") == 'x" onmouseover="y' and label.get("onmouseover") is None
    assert not second.xpath(".//script")


def test_a_passage_many_markers_cite_keeps_every_id():
    text = "the same words"
    many = Note(0, 14, "statement", "Statement: A", "Statement: A, in the brief “B”", "#s", ("b_cite-1-1", "b_cite-1-2"))
    (paragraph,) = annotate(text, [(0, len(text))], [many]).paragraphs
    element = paragraph_html(paragraph)
    assert element.xpath("//*/@id") == ["b_cite-1-2", "b_cite-1-1"]  # an empty anchor for each but the first, then the label
    assert [text_of(a) for a in element.xpath("//a")] == ["Statement: A"]


def test_every_caveat_kind_has_its_mark_and_label_styled():
    css = STYLESHEET.read_text(encoding="utf-8")
    for group in GROUPS:
        assert f"mark.brief-hl--{group}" in css or group == "statement", group
        assert f"a.brief-note--{group}" in css or group == "statement", group
    assert set(GROUPS) == {*CAVEAT_KINDS, "statement", "context"}


# -- on the built fixture site -------------------------------------------------------------


@pytest.fixture(scope="module")
def source(fixture_site: Built) -> lxml.html.HtmlElement:
    return fixture_site.article("sources/harbour-deal/")


def test_the_stored_text_marks_what_each_item_of_the_brief_cites(source):
    labels = source.xpath(f'.//div[{has_class("brief-snapshot")}]//a[{has_class("brief-note")}]')
    found = [(text_of(a), a.get("href").rpartition("#")[2], a.get("id")) for a in labels]
    assert found == [  # in the order of the stored text
        ("Context", "context-1", "harbour-deal_cite-1-4"),
        ("Statement: Mara Olsen", "statement-1", "harbour-deal_cite-1-1"),
        ("Statement: Teodor Vask", "statement-2", "harbour-deal_cite-1-2"),  # the passage its citation gives ...
        ("Statement: Teodor Vask", "statement-2", "harbour-deal_statement-2"),  # ... and the words it quotes
        ("Caveat: Unverified", "caveat-1", "harbour-deal_cite-1-5"),
        ("Statement: Ines Dahl", "statement-3", "harbour-deal_cite-1-3"),
    ]
    for label in labels:
        assert resolve("sources/harbour-deal/", label.get("href").partition("#")[0]) == "briefs/harbour-deal/"
        assert label.get("aria-label") == f"{text_of(label)}, in the brief “Arland and Borvia sign a harbour deal”"
        group = label.get("class").split("brief-note--")[1]
        following = label.getnext()
        assert following.tag == "mark" and f"brief-hl--{group}" in following.get("class")


def test_the_legend_counts_the_passages_by_what_cites_them(source):
    (legend,) = source.xpath(f'.//div[{has_class("brief-legend")}]')
    text = text_of(legend)
    assert "Statement, underlined: the words a statement quotes, or where the source gives them. 4 passages." in text
    assert "Context, dotted: a passage a context item cites. 1 passage." in text
    assert re.search(r"Caveats, wavy: .* by kind: Unverified 1\.", text)
    samples = [m.get("class") for m in legend.xpath(".//mark")]
    assert samples == ["brief-hl brief-hl--statement", "brief-hl brief-hl--context", "brief-hl brief-hl--unverified"]


def test_a_source_page_says_once_that_no_address_is_known(fixture_site: Built):
    facts = text_of(fixture_site.article("sources/harbour-opinion/").xpath(f'.//p[{has_class("brief-source-facts")}]')[0])
    assert facts == "Opinion. No address is known."  # the record gives only a kind: nothing else is said missing
