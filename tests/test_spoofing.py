"""Text that shows a reader something else than the file holds."""

from __future__ import annotations

import unicodedata

import pytest

from briefs.spoofing import BIDI_CONTROL, mixed_script_host


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://аpple.com/", "its host 'аpple.com' mixes Cyrillic and Latin letters in 'аpple' ('а' is CYRILLIC SMALL LETTER A)"),
        ("https://xn--pple-43d.com/", "its host 'xn--pple-43d.com' mixes Cyrillic and Latin letters in 'аpple' ('а' is CYRILLIC SMALL LETTER A)"),
        ("https://%D0%B0pple.com/", "its host 'аpple.com' mixes Cyrillic and Latin letters in 'аpple' ('а' is CYRILLIC SMALL LETTER A)"),
        ("https://news.pаypal.example:8080/a", "its host 'news.pаypal.example' mixes Cyrillic and Latin letters in 'pаypal' ('а' is CYRILLIC SMALL LETTER A)"),
        ("https://αpple.com", "its host 'αpple.com' mixes Greek and Latin letters in 'αpple' ('α' is GREEK SMALL LETTER ALPHA)"),
    ],
)
def test_a_host_mixing_scripts_in_a_label_may_pass_for_another(url, why):
    assert mixed_script_host(url) == why


@pytest.mark.parametrize(
    "url",
    ["https://example.org/", "https://пример.рф/", "https://пример.com/", "https://münchen.de/", "https://東京abc.jp/", "https://例え.テスト/", "/local/", "http://[::1]/", "mailto:a@b"],
)
def test_a_host_in_one_script_or_none_is_no_warning(url):
    assert mixed_script_host(url) is None


def test_the_bidirectional_controls_are_unicodes():
    controls = {chr(c) for c in range(0x110000) if unicodedata.bidirectional(chr(c)) in ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI")}
    controls |= {"\u200e", "\u200f", "\u061c"}  # the marks
    assert {c for c in controls if BIDI_CONTROL.fullmatch(c)} == controls
