"""Whom the source gives a quote to: a warning, naming the paragraph, when it is not the statement's actor."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefs.check import check_folder
from conftest import FIXTURE_BRIEFS

BRIEF = """\
# yaml-language-server: $schema=schema/brief.schema.json
title: Words at the signing
summary: Who said what when the harbour deal was signed.
published: 2025-03-05
sources: [harbour-deal]
actors: [mara-olsen, teodor-vask]
statements:
  - actor: {actor}
{extra}    quote: {quote}
    cite: {{source: harbour-deal}}
"""


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    shutil.copytree(FIXTURE_BRIEFS, tmp_path / "briefs", ignore=shutil.ignore_patterns("schema"))
    monkeypatch.chdir(tmp_path)
    return Path("briefs")


def warnings(folder: Path, actor: str, quote: str, extra: str = "") -> list[str]:
    (folder / "words.yaml").write_text(BRIEF.format(actor=actor, quote=quote, extra=extra), encoding="utf-8")
    return [str(p) for p in check_folder(folder).problems if p.file.endswith("words.yaml")]


def test_a_quote_given_to_the_wrong_speaker_is_a_warning_naming_the_paragraph(folder):
    assert warnings(folder, "mara-olsen", "a bridge, not a wall") == [
        "briefs/words.yaml:8:12: warning: the source gives these words to Teodor Vask (paragraph 4 of source 'harbour-deal'), "
        "not to 'mara-olsen'; check the speaker, or set speaker_checked: true once you have"
    ]


def test_the_right_speaker_by_id_or_by_a_name_the_source_uses_passes(folder):
    assert warnings(folder, "teodor-vask", "a bridge, not a wall") == []
    assert warnings(folder, "mara-olsen", "This harbour will carry our trade for a generation") == []
    assert warnings(folder, "ines-dahl", "gives away the harbour for a handshake") == []


def test_an_editor_who_has_checked_silences_it(folder):
    assert warnings(folder, "mara-olsen", "a bridge, not a wall", "    speaker_checked: true\n") == []
    (problem,) = warnings(folder, "mara-olsen", "a bridge, not a wall", "    speaker_checked: yes\n")
    assert problem == "briefs/words.yaml:9:22: error: speaker_checked: 'yes' is neither true nor false"


def test_words_the_source_gives_to_nobody_raise_nothing(folder):
    # the words of the first paragraph are no quotation at all
    assert warnings(folder, "mara-olsen", "signed a twenty-year agreement on Monday") == []


def test_a_channel_that_is_not_the_one_the_source_names(folder):
    assert warnings(folder, "teodor-vask", "a bridge, not a wall", "    via: arland\n") == [
        "briefs/words.yaml:9:10: warning: the source says these words came through Borvia News Network (paragraph 4 of source 'harbour-deal'), "
        "not 'arland'; check the channel, or set speaker_checked: true once you have"
    ]
    assert warnings(folder, "teodor-vask", "a bridge, not a wall", "    via: bnn\n") == []


def test_on_several_sources_the_union_secretarys_words_given_to_the_minister_are_caught(folder):
    """The corridor corpus: a report quotes the minister and the union secretary in turn."""
    from conftest import FIXTURES, add_briefs

    add_briefs(folder, FIXTURES / "multi")
    brief = (folder / "corridor.yaml").read_text(encoding="utf-8")
    (folder / "corridor.yaml").write_text(
        brief.replace("quote: will have to prove itself in tonnes, not in speeches", "quote: Nobody has asked the people who will unload them"),
        encoding="utf-8",
    )
    problems = [str(p) for p in check_folder(folder).problems]
    assert problems == [
        "briefs/corridor.yaml:14:12: warning: the source gives these words to Lars Brenn (paragraph 4 of source 'courier-corridor'), "
        "not to 'mara-olsen'; check the speaker, or set speaker_checked: true once you have"
    ]
