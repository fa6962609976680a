"""Editors' prose: what Markdown shows, and the words it would hide."""

from __future__ import annotations

import pytest

from briefs.prose import lost_words, plain, prose


@pytest.mark.parametrize(
    ("text", "lost"),
    [
        ("Plain words, nothing more.", []),
        ("Some *emphasis*, **strong** and `code`.", []),
        ("A [link](https://example.org/a_b) and <https://example.org/c>.", []),
        ("- one\n- two\n\n1. first\n2. second", []),
        ("3. third\n4. fourth", ["3", "4"]),
        ("1986. That year the harbour opened.", ["1986"]),
        ("Said by <unnamed> officials.", ["unnamed"]),
        ("<script>alert(1)</script>Hello", ["script", "alert", "1", "script"]),
        ("An escaped 1986\\. stays", []),
        ("snake\\_case and a\\*b", []),
    ],
)
def test_lost_words(text, lost):
    assert lost_words(text) == lost


def test_a_list_numbered_from_one_loses_only_its_numbers():
    assert str(prose("1. first\n2. second")).startswith("<ol>")
    assert plain("1. first\n2. second") == "first second"
