"""States found by their adjective; parties and nationalities that are no part of a name."""

from __future__ import annotations

from briefs.draft.places import DEMONYMS, QUALIFIERS, adjective_forms


def test_adjective_forms():
    assert adjective_forms(["South Korea"]) == ["South Korean"]
    assert adjective_forms(["Russia", "Russian Federation"]) == ["Russian"]
    assert adjective_forms(["Arland"]) == []  # none known: only the name finds it
    assert adjective_forms(["New Zealand"]) == []  # the same words: nothing more to find


def test_qualifiers_are_single_words():
    assert {"Russian", "Chinese", "Republican", "Democratic"} <= QUALIFIERS
    assert "South Korean" not in QUALIFIERS and all(" " not in q for q in QUALIFIERS)
    assert DEMONYMS["Netherlands"] == "Dutch"
