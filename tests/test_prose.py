"""Editors' prose: what Markdown shows, and the words it would hide."""

from __future__ import annotations

import pytest

from briefs.prose import lost_words, nesting, plain, prose


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


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("Plain words.", (0, "lists and quotes")),
        ("- one\n- two", (1, "lists and quotes")),
        ("- - one", (2, "lists and quotes")),
        ("> - 1. one", (3, "lists and quotes")),
        ("- one\n        - three levels in", (3, "lists and quotes")),
        ("[a [b] c](https://example.org/)", (2, "brackets '['")),
        ("\\[\\[\\[ escaped", (0, "lists and quotes")),
        ("[a](https://example.org/(b)) (c (d))", (2, "parentheses '('")),
        ("<a <b <c >", (3, "HTML tags '<'")),
        ("<em>one</em> <em>two</em>", (1, "HTML tags '<'")),
        ("x < 5 and y > 3", (0, "lists and quotes")),
    ],
)
def test_nesting(text, depth):
    assert nesting(text) == depth


@pytest.mark.parametrize(
    "text",
    [
        "un*believ*able",
        "un**believ**able and un_believ_able",
        "[one](https://example.org/a)[two](https://example.org/b)",
        "See [one](https://example.org/a)[two](https://example.org/b), then one and two again.",
    ],
)
def test_words_markdown_runs_together_are_shown(text):
    assert lost_words(text) == []


def test_words_run_together_do_not_hide_a_word_that_is_lost():
    assert lost_words("un*believ*able <unnamed> [one](https://example.org/a)[two](https://example.org/b)") == ["unnamed"]


@pytest.mark.parametrize(
    "url",
    [
        "/&#9;/evil.example/",
        "/&#10;/evil.example/",
        "/&#x0D;/evil.example/",
        "&#32;//evil.example/",
        "/&#9;&#10;/evil.example/",
        "java&#9;script:alert(1)",
        "&#1;javascript:alert(1)",
        "/&#9;\\evil.example/",
    ],
)
def test_a_link_that_a_browser_reads_as_leaving_the_site_is_plain_text(url):
    # the filter reads the URL as a browser does: entities decoded, tabs and newlines dropped, controls trimmed
    assert "href" not in str(prose(f"[the link]({url})"))
    assert str(prose(f"[the link]({url})")) == "the link"


@pytest.mark.parametrize(("url", "href"), [("/%09/site/page/", "/%09/site/page/"), ("https://example.org/&#9;a", "https://example.org/a")])
def test_a_link_on_the_site_or_to_an_http_url_is_kept_as_a_browser_reads_it(url, href):
    assert f'href="{href}"' in str(prose(f"[the link]({url})"))


def test_words_are_run_together_only_a_few_at_a_time():
    # a shown word is made of at most a few typed ones: a text of unknown tags is checked in linear time
    assert lost_words("<b>x</b> " * 500) == ["b", "b"] * 500
    assert lost_words("<b>a" * 500) == ["b", "a"] * 500  # 500 pieces of one shown word: too many to join
    assert lost_words("a*b*c*d*e*f*g*h") == []
