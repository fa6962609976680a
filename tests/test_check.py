"""Checking a folder of briefs: what a schema cannot say."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import time
from pathlib import Path

import pytest

from briefs.check import check_folder
from briefs.load import MAX_BYTES
from briefs.model import citations
from briefs.registries import MAX_SNAPSHOT_BYTES, label_of
from conftest import REFUSED, SECRET, briefs_cli, plant

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"
LONG = "deal-" * 60 + "story"

# Every brief file in tests/fixtures/bad but the yaml-*.yaml ones (see test_load.py)
# and every problem checking it alone reports. A line without a file name is about
# the brief itself.
BAD_FILES = {
    'Bad_Name.yaml': [
        "1:1: error: file name 'Bad_Name.yaml' must be a slug: lower-case letters, digits and hyphens, ending in .yaml",
    ],
    'bad-ids.yaml': [
        "6:5: error: 'Wire' is not a valid id: use lower-case letters, digits and hyphens (at most 80)",
        "11:20: error: source: 'Wire' is not a valid id: use lower-case letters, digits and hyphens (at most 80)",
        "12:10: error: '../../etc' is not a valid id: use lower-case letters, digits and hyphens (at most 80)",
    ],
    'bad-kinds.yaml': [
        "13:11: error: kind: 'rumour' is not allowed here; use 'error', 'disputed', 'unsupported', 'opinion', 'framing' or 'unverified'",
    ],
    'blank-text.yaml': ['2:8: error: title: must not be empty'],
    'cite-not-a-mapping.yaml': ["11:11: error: cite: must be a mapping of keys to values, not 'wire'"],
    'cites-unlisted-source.yaml': [
        "11:37: error: no source 'opinion' in this brief; it is in sources.yaml: add it to the brief's sources",
    ],
    'claim-not-found.yaml': [
        '14:12: error: claim not found verbatim in source \'deal\'; closest passage: "fishing rights would be settled “within the year.”"',
    ],
    'date-format.yaml': [
        "4:12: error: published: '4 March 2025' is not a date; write it as YYYY-MM-DD",
        "10:11: error: said: '2025-3-3' is not a date; write it as YYYY-MM-DD",
    ],
    'date-not-real.yaml': ["4:12: error: published: '2025-02-30' is not a real date"],
    'dates-out-of-order.yaml': [
        '5:10: error: updated (2025-03-01) is before published (2025-03-04)',
        '14:11: error: change dated 2025-03-02, before the brief was published (2025-03-04)',
    ],
    'draft-proposes-known-actor.yaml': ["14:15: error: actor 'mara-olsen' is already in actors.yaml"],
    'draft-unknown-actor.yaml': ["10:12: warning: no actor 'ines-dahl' in actors.yaml"],
    'empty.yaml': [
        '1:1: error: must be a mapping of keys to values',
        "1:1: warning: the first line should be '# yaml-language-server: $schema=schema/brief.schema.json'",
    ],
    'inline-source.yaml': [
        "6:5: error: this source is described inside the brief; sources are kept in sources.yaml now: run 'briefs migrate bad' to move them there",
    ],
    'listed-twice.yaml': [
        "7:5: error: source 'deal' is listed twice",
        "8:35: error: actor 'mara-olsen' is listed twice",
        "13:26: error: topic 'harbour' is listed twice",
    ],
    'missing-keys.yaml': [
        "2:1: error: missing required key 'sources'",
        "2:1: error: missing required key 'summary'",
    ],
    'no-citation.yaml': [
        "9:5: error: missing required key 'cite'",
        '13:11: error: cite: must have at least one item',
        "15:5: error: missing required key 'cite'",
    ],
    'not-a-mapping.yaml': ['2:1: error: must be a mapping of keys to values, not a list'],
    'passage-not-found.yaml': [
        '14:36: error: passage not found verbatim in source \'deal\'; closest passage: "a twenty-year agreement on"',
    ],
    'proposed-actor-bad-id.yaml': [
        "14:3: error: 'Ines_Dahl' is not a valid id: use lower-case letters, digits and hyphens (at most 80)",
    ],
    'proposed-actors-published.yaml': ['13:3: error: a published brief may not propose actors; move them to actors.yaml'],
    'quote-across-paragraphs.yaml': [
        "10:12: error: quote not found verbatim in source 'deal'; each of its parts is in the source, but not in this order within one paragraph",
    ],
    'quote-one-word-changed.yaml': [
        '10:12: error: quote not found verbatim in source \'deal\'; closest passage: "“This harbour will carry our trade for a generation,”"',
    ],
    'quote-part-of-a-word.yaml': [
        '10:12: error: quote not found verbatim in source \'deal\'; closest passage: "“This harbour will carry our trade for a generation,”"',
    ],
    'quote-parts-out-of-order.yaml': [
        "10:12: error: quote not found verbatim in source 'deal'; each of its parts is in the source, but not in this order within one paragraph",
    ],
    'unknown-actor-by-alias.yaml': ["10:10: error: no actor 'borvia-news-network' in actors.yaml; did you mean 'bnn'?"],
    'unknown-actor.yaml': ["9:12: error: no actor 'mara-olson' in actors.yaml; did you mean 'mara-olsen'?"],
    'unknown-key.yaml': [
        "9:5: error: missing required key 'quote'",
        "10:5: error: unknown key 'qoute'; did you mean 'quote'?",
        "12:1: error: unknown key 'titel'; did you mean 'title'?",
    ],
    'unknown-source.yaml': ["11:20: error: no source 'dael' in this brief; did you mean 'deal'?"],
    'unknown-via.yaml': ["10:10: error: no actor 'bnm' in actors.yaml; did you mean 'bnn'?"],
    'unregistered-source.yaml': ["7:10: error: no source 'dael' in sources.yaml; did you mean 'deal'?"],
    'wrong-types.yaml': [
        '2:8: error: title: must be text, not a list',
        '7:9: error: actors: must be a list, not a mapping',
        "12:9: error: topics: must be a list, not 'harbour'",
    ],
}


HEADER = "# yaml-language-server: $schema=schema/brief.schema.json\n"
GOOD = """\
title: Harbour deal signed
summary: Arland and Borvia agreed to share the harbour at Port Selby.
published: 2025-03-04
sources:
  - harbour-deal
actors: [mara-olsen]
statements:
  - actor: mara-olsen
    quote: This harbour will carry our trade for a generation
    cite: {source: harbour-deal}
"""


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture briefs as ``briefs/``, with the working directory above it."""
    shutil.copytree(FIXTURES / "briefs", tmp_path / "briefs", ignore=shutil.ignore_patterns("schema"))
    monkeypatch.chdir(tmp_path)
    return Path("briefs")


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def problems(folder: Path, only=None) -> list[str]:
    return [str(p) for p in check_folder(folder, only).problems]


# -- every bad input, one by one ---------------------------------------------------


def test_every_bad_brief_fixture_is_listed():
    names = {p.name for p in BAD.glob("*.yaml")} - {"actors.yaml", "sources.yaml"}
    assert sorted(n for n in names if not n.startswith("yaml-")) == sorted(BAD_FILES)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_brief_fixture(name, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    expected = [line if line.startswith("bad/") else f"bad/{name}:{line}" for line in BAD_FILES[name]]
    assert problems(Path("bad"), [Path("bad", name)]) == expected


def test_no_bad_brief_checks_clean(monkeypatch):
    monkeypatch.chdir(FIXTURES)
    result = check_folder(Path("bad"))
    named = {p.file for p in result.problems}
    assert {f"bad/{p.name}" for p in BAD.glob("*.yaml") if p.name not in ("actors.yaml", "sources.yaml")} <= named


# -- a clean folder ------------------------------------------------------------------


def test_the_fixture_briefs_check_clean_with_every_citation_anchored(folder):
    result = check_folder(folder)
    assert result.problems == []
    assert [cb.slug for cb in result.briefs] == ["fishing-talks", "harbour-critics", "harbour-deal"]
    assert sorted(result.actors) == ["arland", "bnn", "borvia", "ines-dahl", "mara-olsen", "teodor-vask"]
    assert sorted(result.snapshots) == ["sources/fishing-talks.txt", "sources/harbour-deal.txt", "sources/harbour-opinion.txt"]
    for cb in result.briefs:
        assert cb.file == f"briefs/{cb.slug}.yaml"
        assert {path for path, _ in citations(cb.brief)} == set(cb.anchors), cb.slug
        claims = {("caveats", i) for i in range(len(cb.brief.caveats))}
        quotes = {("statements", i) for i, s in enumerate(cb.brief.statements) if s.kind == "direct"}
        assert set(cb.located) == claims | quotes


def test_anchors_are_where_the_words_stand(folder):
    (deal,) = [cb for cb in check_folder(folder).briefs if cb.slug == "harbour-deal"]
    text = (folder / "sources/harbour-deal.txt").read_text()
    # a citation without a passage anchors at the statement's quote
    quote = deal.anchors[("statements", 0, "cite")]
    assert quote.exact == "This harbour will carry our trade for a generation"
    assert text[quote.start : quote.end] == quote.exact
    # a citation with a passage anchors at the passage
    passage = deal.anchors[("statements", 1, "cite")]
    assert passage.exact == "told the state broadcaster BNN that the deal was"
    assert deal.anchors[("context", 0, "cite", 0)].exact == "signed a twenty-year agreement on Monday"
    source, claim = deal.located[("caveats", 0)]
    assert source == "harbour-deal"
    assert claim.exact == "fishing rights would be settled"
    assert deal.anchors[("caveats", 0, "cite", 0)] == claim


def test_yaml_1_1_surprises_stay_text_in_a_checked_brief(folder):
    text = GOOD.replace("title: Harbour deal signed", "title: NO").replace(
        "summary: Arland and Borvia agreed to share the harbour at Port Selby.", "summary: 012345"
    )
    text += "context:\n  - text: 12:30:00\n    cite: [{source: harbour-deal}]\n"
    write(folder / "yes.yaml", HEADER + text)
    result = check_folder(folder)
    assert result.problems == []
    (brief,) = [cb.brief for cb in result.briefs if cb.slug == "yes"]
    assert (brief.title, brief.summary, brief.context[0].text) == ("NO", "012345", "12:30:00")


def test_a_quote_may_be_in_any_of_its_cited_sources(folder):
    text = GOOD.replace("  - harbour-deal\n", "  - harbour-deal\n  - harbour-opinion\n").replace(
        "    quote: This harbour will carry our trade for a generation\n    cite: {source: harbour-deal}",
        "    quote: the worst bargain Arland has made\n    cite: [{source: harbour-deal}, {source: harbour-opinion}]",
    )
    write(folder / "two.yaml", HEADER + text)
    result = check_folder(folder)
    assert result.problems == []
    (cb,) = [cb for cb in result.briefs if cb.slug == "two"]
    # anchored where it was found, and only there
    assert cb.anchors == {("statements", 0, "cite", 1): cb.anchors[("statements", 0, "cite", 1)]}
    assert cb.anchors[("statements", 0, "cite", 1)].exact == "the worst bargain Arland has made"


def test_a_quote_in_none_of_its_cited_sources_names_them_all(folder):
    text = GOOD.replace("  - harbour-deal\n", "  - harbour-deal\n  - harbour-opinion\n")
    text = text.replace("cite: {source: harbour-deal}", "cite: [{source: harbour-deal}, {source: harbour-opinion}]")
    write(folder / "two.yaml", HEADER + text.replace("for a generation", "for ever"))
    assert problems(folder) == [
        "briefs/two.yaml:11:12: error: quote not found verbatim in source 'harbour-deal', 'harbour-opinion'; "
        "closest passage: \"“This harbour will carry our trade for a\""
    ]


def test_paraphrases_are_not_looked_up(folder):
    text = GOOD.replace("    quote: This harbour", "    kind: paraphrase\n    quote: The harbour is good for trade; This harbour")
    write(folder / "said.yaml", HEADER + text)
    assert problems(folder) == []


def test_quote_normalisation_in_a_brief(folder):
    text = GOOD.replace(
        "    quote: This harbour will carry our trade for a generation\n",
        "    quote: '\"This harbour will  carry ... for a generation,\" said [minister] Mara Olsen, Arland''s trade minister'\n",
    )
    write(folder / "typed.yaml", HEADER + text)
    result = check_folder(folder)
    assert result.problems == []
    (cb,) = [cb for cb in result.briefs if cb.slug == "typed"]
    assert cb.anchors[("statements", 0, "cite")].exact == (
        "“This harbour will carry our trade for a generation,” said Mara Olsen, Arland’s trade minister"
    )


def test_a_failed_quote_never_passes_on_a_near_match(folder):
    write(folder / "near.yaml", HEADER + GOOD.replace("our trade", "our Trade"))
    assert problems(folder) == [
        "briefs/near.yaml:10:12: error: quote not found verbatim in source 'harbour-deal'; "
        "closest passage: \"“This harbour will carry our trade for a generation,”\""
    ]


# -- actors ---------------------------------------------------------------------------


def test_a_missing_registry_is_one_error_and_not_one_per_actor(folder):
    (folder / "actors.yaml").unlink()
    assert problems(folder) == ["briefs/actors.yaml:1:1: error: the actor registry is missing"]


def test_a_broken_registry_is_reported_once(folder):
    write(folder / "actors.yaml", "mara-olsen: {name: Mara Olsen, kind: person}\nmara-olsen: {name: M, kind: person}\n")
    assert problems(folder) == ["briefs/actors.yaml:2:1: error: duplicate key 'mara-olsen' (first at line 1)"]


def test_an_empty_registry_leaves_every_actor_unknown(folder):
    write(folder / "actors.yaml", "# nobody yet\n")
    text = (folder / "fishing-talks.yaml").read_text()
    write(folder / "fishing-talks.yaml", text.split("\n", 1)[1])  # a warning first must not hide what follows
    found = problems(folder)
    assert found[0] == (
        "briefs/fishing-talks.yaml:1:1: warning: the first line should be '# yaml-language-server: $schema=schema/brief.schema.json'"
    )
    unknown = [p for p in found if ": error: no actor " in p]
    assert len(unknown) == 20
    assert {p.split(":")[0] for p in unknown} == {"briefs/fishing-talks.yaml", "briefs/harbour-critics.yaml", "briefs/harbour-deal.yaml"}


def test_registry_problems_point_at_keys_and_values(folder):
    write(
        folder / "actors.yaml",
        "mara-olsen: {name: Mara Olsen, kind: person}\n"
        "Teodor_Vask: {name: Teodor Vask, kind: person}\n"
        "bnn: {name: BNN, kind: broadcaster, wikidata: '123'}\n"
        "arland:\n  name: Arland\n  kind: state\n  flag: blue\n",
    )
    assert problems(folder) == [
        "briefs/actors.yaml:2:1: error: 'Teodor_Vask' is not a valid id: use lower-case letters, digits and hyphens (at most 80)",
        "briefs/actors.yaml:3:24: error: kind: 'broadcaster' is not allowed here; use 'person', 'organization', 'media' or 'state'",
        "briefs/actors.yaml:3:47: error: wikidata: '123' is not a Wikidata id (Q followed by digits)",
        "briefs/actors.yaml:7:3: error: unknown key 'flag'",
    ]


def test_unknown_actors_in_a_draft_are_warnings_and_proposed_ones_are_fine(folder):
    text = GOOD.replace("title: Harbour deal signed", "status: draft\ntitle: Harbour deal signed").replace("actors: [mara-olsen]", "actors: [mara-olsen, kai-berg, lena-moss]")
    text += "proposed_actors:\n  lena-moss: {name: Lena Moss, kind: person}\n"
    write(folder / "draft.yaml", HEADER + text)
    result = check_folder(folder)
    assert [str(p) for p in result.problems] == [
        "briefs/draft.yaml:8:22: warning: no actor 'kai-berg' in actors.yaml",
    ]
    assert "draft" in [cb.slug for cb in result.briefs]


# -- the sources registry -------------------------------------------------------------


def register(folder: Path, source_id: str, snapshot: str, extra: str = "") -> int:
    """Add a record to ``sources.yaml``; returns the line of its ``snapshot:`` value."""
    registry = folder / "sources.yaml"
    text = registry.read_text(encoding="utf-8")
    record = f"{source_id}:\n  title: A report\n  kind: news\n{extra}  snapshot: {snapshot}\n"
    registry.write_text(text + record, encoding="utf-8")
    return text.count("\n") + record.count("\n")


def test_a_snapshot_linked_from_outside_the_folder_is_refused(folder, tmp_path):
    write(tmp_path / "secret.txt", "secret")
    (folder / "sources" / "linked.txt").symlink_to(tmp_path / "secret.txt")
    line = register(folder, "linked", "sources/linked.txt")
    assert problems(folder) == [f"briefs/sources.yaml:{line}:13: error: snapshot 'sources/linked.txt' must be a path inside the briefs folder"]


@pytest.mark.parametrize(
    "snapshot", ["../outside.txt", "sources/../../outside.txt", "/tmp/outside.txt", "sources\\harbour-deal.txt"]
)
def test_snapshot_paths_stay_inside_the_folder(folder, snapshot):
    line = register(folder, "x", snapshot)
    (problem,) = problems(folder)
    assert problem == f"briefs/sources.yaml:{line}:13: error: snapshot '{snapshot}' must be a path inside the briefs folder"


def test_a_snapshot_that_is_a_folder_is_refused(folder):
    line = register(folder, "x", "sources")
    assert problems(folder) == [
        "briefs/sources:1:1: error: this is a folder, not a regular file; only regular files are read: put the file itself here",
        f"briefs/sources.yaml:{line}:13: error: snapshot 'sources' cannot be used (see briefs/sources)",
    ]


def test_a_snapshot_over_the_size_limit_is_reported_once_however_many_briefs_cite_it(folder):
    write(folder / "sources" / "huge.txt", b"x" * (MAX_SNAPSHOT_BYTES + 1))
    line = register(folder, "huge", "sources/huge.txt")
    cites_huge = GOOD.replace("harbour-deal", "huge")
    write(folder / "x.yaml", HEADER + cites_huge)
    write(folder / "y.yaml", HEADER + cites_huge)
    size = f"{MAX_SNAPSHOT_BYTES + 1:,}"
    assert problems(folder) == [
        f"briefs/sources.yaml:{line}:13: error: snapshot 'sources/huge.txt' cannot be used (see briefs/sources/huge.txt)",
        f"briefs/sources/huge.txt:1:1: error: file is {size} bytes; the limit is {MAX_SNAPSHOT_BYTES:,}",
    ]


def test_a_snapshot_with_control_characters(folder):
    write(folder / "sources" / "nul.txt", "This harbour\n\nwill\x00 carry\n")
    line = register(folder, "nul", "sources/nul.txt")
    assert problems(folder) == [
        f"briefs/sources.yaml:{line}:13: error: snapshot 'sources/nul.txt' cannot be used (see briefs/sources/nul.txt)",
        "briefs/sources/nul.txt:3:5: error: control character U+0000 is not allowed",
    ]


def test_a_snapshot_that_is_not_utf8(folder):
    shutil.copy(BAD / "sources" / "latin1.txt", folder / "sources" / "latin1.txt")
    line = register(folder, "latin1", "sources/latin1.txt")
    assert problems(folder) == [
        f"briefs/sources.yaml:{line}:13: error: snapshot 'sources/latin1.txt' cannot be used (see briefs/sources/latin1.txt)",
        "briefs/sources/latin1.txt:3:8: error: not valid UTF-8 (byte 0xe9)",
    ]


def test_one_snapshot_is_one_source(folder):
    line = register(folder, "again", "sources/harbour-deal.txt")
    assert problems(folder) == [
        f"briefs/sources.yaml:{line}:13: error: source 'again' has the snapshot of source 'harbour-deal'; one snapshot is one source"
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (url, f"'{url}' is not an http(s) URL; only absolute http:// and https:// URLs are allowed")
        for url in (
            "javascript:alert(document.cookie)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "//example.org/story",
            "ftp://example.org/story.txt",
            "https:/story",
        )
    ]
    + [
        ('https://example.org/story?q="a"&b=<c>', "'https://example.org/story?q=\"a\"&b=<c>' has characters a URL cannot hold as they are ('\"' '<' '>'); percent-encode them"),
        ("http://[::1", "'http://[::1' is not a valid URL"),
    ],
)
def test_source_urls_are_absolute_http(folder, url, message):
    write(folder / "sources" / "linked.txt", "A report.")
    line = register(folder, "linked", "sources/linked.txt", f"  url: {json.dumps(url)}\n")
    assert problems(folder) == [f"briefs/sources.yaml:{line - 1}:8: error: {message}"]


def test_source_records_are_validated_where_they_stand(folder):
    registry = folder / "sources.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8") + "Wire:\n  title: A report\n  kind: blog\n  snapshot: sources/deal.txt\n  by: me\n",
        encoding="utf-8",
    )
    line = registry.read_text(encoding="utf-8").count("\n") - 5
    assert problems(folder) == [
        f"briefs/sources.yaml:{line + 1}:1: error: 'Wire' is not a valid id: use lower-case letters, digits and hyphens (at most 80)",
        f"briefs/sources.yaml:{line + 3}:9: error: kind: 'blog' is not allowed here; use 'news', 'opinion', 'analysis', 'state-media', 'primary' or 'wire'",
        f"briefs/sources.yaml:{line + 5}:3: error: unknown key 'by'",
    ]


def test_a_broken_sources_registry_is_reported_once_and_not_at_every_brief(folder):
    (folder / "sources.yaml").write_text("harbour-deal: [\n", encoding="utf-8")
    (problem,) = problems(folder)
    assert problem.startswith("briefs/sources.yaml:2:1: error: invalid YAML")


def test_a_brief_may_add_a_note_of_its_own_to_a_source(folder):
    write(folder / "x.yaml", HEADER + GOOD.replace("  - harbour-deal\n", "  - {id: harbour-deal, note: Read with the *column*.}\n"))
    result = check_folder(folder)
    assert result.problems == []
    (cb,) = [cb for cb in result.briefs if cb.slug == "x"]
    assert [(use.id, use.note) for use in cb.brief.source_uses] == [("harbour-deal", "Read with the *column*.")]


# -- file names -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Harbour-Deal.yaml", "harbour_deal.yaml", "harbour deal.yaml", "-deal.yaml", "déal.yaml"])
def test_brief_file_names_must_be_slugs(folder, name):
    write(folder / name, HEADER + GOOD)
    assert problems(folder) == [
        f"briefs/{name}:1:1: error: file name '{name}' must be a slug: lower-case letters, digits and hyphens, ending in .yaml"
    ]


def test_a_file_name_that_is_not_utf8_is_named_printably(folder):
    bad = os.fsdecode(b"deal-\xff.yaml")
    write(folder / bad, HEADER + GOOD)
    (problem,) = problems(folder)
    assert problem == (
        "briefs/deal-\ufffd.yaml:1:1: error: file name 'deal-\ufffd.yaml' must be a slug: "
        "lower-case letters, digits and hyphens, ending in .yaml"
    )
    problem.encode("utf-8")  # printable whatever the terminal's error handling


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_a_brief_that_is_not_a_file_of_the_folder_is_refused_unread(folder, tmp_path, kind):
    """A FIFO, a link to a device or to a file outside: refused before it is read, quickly, and nothing of it shown."""
    plant(folder / "x.yaml", kind, tmp_path / "shadow")
    started = time.monotonic()
    done = briefs_cli("check", folder, cwd=tmp_path)
    assert time.monotonic() - started < 20
    message = REFUSED[kind].format(secret=(tmp_path / "shadow").resolve())
    assert (done.returncode, done.stdout) == (1, f"briefs/x.yaml:1:1: error: {message}\n")
    assert SECRET not in done.stdout + done.stderr and "Traceback" not in done.stderr


def test_a_brief_over_the_size_limit_is_refused_unread(folder):
    write(folder / "big.yaml", "title: " + "x" * MAX_BYTES + "\n")
    assert problems(folder) == [f"briefs/big.yaml:1:1: error: file is {MAX_BYTES + 8:,} bytes; the limit is {MAX_BYTES:,}"]


def test_a_linked_brief_is_named_by_its_own_name(folder):
    write(folder / "drafts" / "draft.yaml", HEADER + GOOD.replace("mara-olsen\n", "mara-olson\n"))
    (folder / "linked.yaml").symlink_to(Path("drafts") / "draft.yaml")
    (folder / "dangling.yaml").symlink_to(Path("drafts") / "gone.yaml")
    assert problems(folder) == [
        "briefs/dangling.yaml:1:1: error: cannot read file: No such file or directory",
        "briefs/linked.yaml:9:12: error: no actor 'mara-olson' in actors.yaml; did you mean 'mara-olsen'?",
    ]


def test_only_some_files_with_the_folder_registry(folder):
    write(folder / "x.yaml", HEADER + GOOD.replace("mara-olsen\n", "mara-olson\n"))
    result = check_folder(folder, [folder / "x.yaml"])
    assert [str(p) for p in result.problems] == [
        "briefs/x.yaml:9:12: error: no actor 'mara-olson' in actors.yaml; did you mean 'mara-olsen'?"
    ]
    assert result.briefs[0].slug == "x"


def test_a_brief_without_the_schema_line_gets_a_warning(folder):
    write(folder / "x.yaml", GOOD)
    assert problems(folder) == [
        "briefs/x.yaml:1:1: warning: the first line should be '# yaml-language-server: $schema=schema/brief.schema.json'"
    ]


def test_dates(folder):
    write(folder / "same.yaml", HEADER + GOOD.replace("published: 2025-03-04", "published: 2025-03-04\nupdated: 2025-03-04"))
    later = "published: 2025-03-04\nupdated: 2025-03-05"
    write(folder / "late.yaml", HEADER + GOOD.replace("published: 2025-03-04", later) + "changes:\n  - date: 2025-03-06\n    note: x\n")
    assert problems(folder) == [
        "briefs/late.yaml:14:11: error: change dated 2025-03-06, after the brief's updated date (2025-03-05); set updated to 2025-03-06 or later"
    ]


def test_labels_are_relative_to_the_working_directory_when_they_can_be(folder, tmp_path):
    assert label_of(folder / "x.yaml") == "briefs/x.yaml"
    assert label_of(Path("/") / "elsewhere" / "x.yaml") == "/elsewhere/x.yaml"


def test_index_is_no_name_for_a_brief_topic_actor_or_snapshot(folder):
    """Each kind of page has a list page named index; nothing else may take that name."""
    shutil.copy(folder / "harbour-deal.yaml", folder / "index.yaml")
    deal = folder / "fishing-talks.yaml"
    deal.write_text(deal.read_text(encoding="utf-8").replace("topics: [fishing, arland-borvia]", "topics: [fishing, index]"), encoding="utf-8")
    registry = folder / "actors.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "index: {name: Index, kind: state}\n", encoding="utf-8")
    found = problems(folder)
    assert "briefs/index.yaml:1:1: error: a brief cannot be named 'index.yaml': index names the list of briefs" in found
    assert any(p.startswith("briefs/fishing-talks.yaml:") and "'index' cannot be a topic" in p for p in found)
    assert any(p.startswith("briefs/actors.yaml:") and "'index' cannot be an actor id" in p for p in found)


def test_a_slug_with_a_trailing_newline_is_not_a_slug(folder):
    (folder / "ok\n.yaml").write_text("title: x\n", encoding="utf-8")
    assert any("must be a slug" in p for p in problems(folder))


def test_prose_that_markdown_would_hide_words_of_is_a_warning(folder):
    deal = folder / "harbour-deal.yaml"
    text = deal.read_text(encoding="utf-8").replace(
        "  - text: The agreement runs for *twenty years* and covers the harbour at Port Selby.",
        "  - text: 2025. That year the deal began.",
    )
    deal.write_text(text, encoding="utf-8")
    assert problems(folder) == [
        "briefs/harbour-deal.yaml:24:11: warning: read as Markdown, this text does not show '2025'; put a backslash "
        "before the character that starts the Markdown (e.g. '1986\\.' or '\\<')"
    ]


def test_with_a_topics_file_every_topic_must_be_in_it(folder):
    (folder / "topics.yaml").write_text(
        "harbour: {title: The harbour}\nfishing: {title: Fishing}\narland-borvia: {title: Arland and Borvia}\n",
        encoding="utf-8",
    )
    result = check_folder(folder)
    assert result.problems == [] and result.topics["harbour"].title == "The harbour"
    deal = folder / "fishing-talks.yaml"
    deal.write_text(deal.read_text(encoding="utf-8").replace("topics: [fishing, arland-borvia]", "topics: [fishin, arland-borvia]"), encoding="utf-8")
    assert problems(folder) == ["briefs/fishing-talks.yaml:6:10: error: no topic 'fishin' in topics.yaml; did you mean 'fishing'?"]


def test_without_a_topics_file_any_slug_is_a_topic(folder):
    result = check_folder(folder)
    assert result.problems == [] and result.topics is None


def test_the_serve_cache_reuses_unchanged_briefs_and_forgets_deleted_ones(folder):
    from briefs.check import Cache

    cache = Cache()
    first = check_folder(folder, cache=cache)
    again = check_folder(folder, cache=cache)
    assert [a is b for a, b in zip(first.briefs, again.briefs)] == [True, True, True]
    (folder / "fishing-talks.yaml").unlink()
    assert sorted(p.name for p in cache.briefs) == ["fishing-talks.yaml", "harbour-critics.yaml", "harbour-deal.yaml"]
    check_folder(folder, cache=cache)
    assert sorted(p.name for p in cache.briefs) == ["harbour-critics.yaml", "harbour-deal.yaml"]


# -- editorial safety -----------------------------------------------------------------


def test_a_quote_cited_to_the_wrong_source_names_the_source_that_has_it(folder):
    listed = GOOD.replace("  - harbour-deal\n", "  - harbour-deal\n  - harbour-opinion\n")
    wrong = listed.replace("This harbour will carry our trade for a generation", "the worst bargain Arland has made")
    write(folder / "listed.yaml", HEADER + wrong)
    unlisted = GOOD.replace("This harbour will carry our trade for a generation", "the worst bargain Arland has made")
    write(folder / "unlisted.yaml", HEADER + unlisted)
    assert problems(folder) == [
        "briefs/listed.yaml:11:12: error: quote not found verbatim in source 'harbour-deal'; it is in source 'harbour-opinion': cite that source",
        "briefs/unlisted.yaml:10:12: error: quote not found verbatim in source 'harbour-deal'; "
        "it is in source 'harbour-opinion' of sources.yaml: add that source to the brief's sources and cite it",
    ]


@pytest.mark.parametrize(
    ("old", "new", "where", "what"),
    [
        ("quote: This harbour will carry our trade for a generation", "quote: '“This harbour will carry our trade for a generation”'", "10:12", "the quote"),
        ("quote: This harbour will carry our trade for a generation", "quote: '\"This harbour will carry our trade for a generation\"'", "10:12", "the quote"),
        ("cite: {source: harbour-deal}", "cite: {source: harbour-deal, passage: '“This harbour will carry our trade”'}", "11:43", "the passage"),
    ],
)
def test_words_written_with_their_own_quotation_marks_are_an_error(folder, old, new, where, what):
    write(folder / "marks.yaml", HEADER + GOOD.replace(old, new))
    expected = (
        f"briefs/marks.yaml:{where}: error: {what} is written with its own quotation marks; "
        "leave them out: the page sets the words in quotation marks itself"
    )
    assert expected in problems(folder)


def test_words_that_open_and_close_with_marks_of_two_quotations_are_no_quotation_of_their_own(folder):
    text = GOOD.replace("cite: {source: harbour-deal}", "cite: {source: harbour-deal, passage: '“This harbour will carry our trade for a generation,” said'}")
    write(folder / "two.yaml", HEADER + text.replace("said'", "said “'"))
    assert not any("its own quotation marks" in p for p in problems(folder))


def test_a_claim_with_its_own_quotation_marks_is_an_error(folder):
    claim = "caveats:\n  - kind: unverified\n    claim: '«fishing rights would be settled»'\n    note: x\n    cite: [{source: harbour-deal}]\n"
    write(folder / "claim.yaml", HEADER + GOOD + claim)
    assert any(p.startswith("briefs/claim.yaml:14:12: error: the claim is written with its own quotation marks") for p in problems(folder))


def test_a_statement_said_after_its_source_was_published(folder):
    registry = folder / "sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "  snapshot: sources/harbour-deal.txt\n", "  snapshot: sources/harbour-deal.txt\n  published: 2025-03-03\n"
    ), encoding="utf-8")
    write(folder / "late.yaml", HEADER + GOOD.replace("  - actor: mara-olsen\n", "  - actor: mara-olsen\n    said: 2025-03-04\n"))
    write(folder / "same-day.yaml", HEADER + GOOD.replace("  - actor: mara-olsen\n", "  - actor: mara-olsen\n    said: 2025-03-03\n"))
    found = [p for p in problems(folder) if "said 2025" in p]
    assert found == [
        "briefs/late.yaml:10:11: error: said 2025-03-04, after source 'harbour-deal' that reports it was published (2025-03-03); "
        "check the date it was said, or the source's date"
    ]


def test_dates_in_the_future_are_errors(folder):
    future = GOOD.replace("published: 2025-03-04", "published: 2999-03-04").replace("  - actor: mara-olsen\n", "  - actor: mara-olsen\n    said: 3000-01-01\n")
    write(folder / "future.yaml", HEADER + future)
    registry = folder / "sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "  snapshot: sources/harbour-deal.txt\n", "  snapshot: sources/harbour-deal.txt\n  published: 2998-01-01\n"
    ), encoding="utf-8")
    today = dt.date.today()
    found = [p for p in problems(folder) if "in the future" in p]
    assert found == [
        f"briefs/future.yaml:4:12: error: published 2999-03-04 is in the future (today is {today}); check the year",
        f"briefs/future.yaml:10:11: error: said 3000-01-01 is in the future (today is {today}); check the year",
        f"briefs/sources.yaml:14:14: error: published 2998-01-01 is in the future (today is {today}); check the year",
    ]



# -- values the build cannot hold --------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1969-12-31"])
def test_a_brief_dated_before_the_dates_a_build_can_carry_is_an_error(folder, day):
    old = GOOD.replace("published: 2025-03-04", f"published: {day}").replace("  - actor: mara-olsen\n", "  - actor: mara-olsen\n    said: 1850-01-01\n")
    write(folder / "old.yaml", HEADER + old)
    # what a statement or a source is dated does not date the site: those may be as old as they are
    assert problems(folder) == [
        f"briefs/old.yaml:4:12: error: published {day} is outside the dates a site can be built with, 1970-01-01 to 2106-02-07; check the year"
    ]


def test_the_first_and_last_dates_a_build_can_carry(folder, monkeypatch):
    write(folder / "first.yaml", HEADER + GOOD.replace("published: 2025-03-04", "published: 1970-01-01"))
    assert problems(folder) == []

    monkeypatch.setattr("briefs.validate.latest_date", lambda: dt.date(2106, 2, 9))  # as if in 2106: only the range speaks
    write(folder / "first.yaml", HEADER + GOOD.replace("published: 2025-03-04", "published: 2106-02-07\nupdated: 2106-02-08"))
    assert problems(folder) == [
        "briefs/first.yaml:5:10: error: updated 2106-02-08 is outside the dates a site can be built with, 1970-01-01 to 2106-02-07; check the year"
    ]


SUMMARY = "summary: Arland and Borvia agreed to share the harbour at Port Selby."


@pytest.mark.parametrize(
    ("summary", "message"),
    [
        ("[" * 20_000, "summary: 20,000 characters, more than the 2,000 allowed: shorten it, or split it into several items"),
        ("a" * 2_001, "summary: 2,001 characters, more than the 2,000 allowed: shorten it, or split it into several items"),
        ("- " * 1_000 + "a", "summary: 2,001 characters, more than the 2,000 allowed: shorten it, or split it into several items"),
        ("- " * 999 + "a", "summary: lists and quotes nest 999 deep here; the limit is 10: write it flatter, or put a backslash before a bracket that opens no link"),
        ("[" * 11 + "a", "summary: brackets '[' nest 11 deep here; the limit is 10: write it flatter, or put a backslash before a bracket that opens no link"),
        ("<b " * 11 + ">", "summary: HTML tags '<' nest 11 deep here; the limit is 10: write it flatter, or put a backslash before a bracket that opens no link"),
    ],
)
def test_prose_over_the_length_or_nesting_cap_is_an_error_saying_the_limit(folder, summary, message):
    write(folder / "long.yaml", HEADER + GOOD.replace(SUMMARY, f"summary: '{summary}'"))
    assert problems(folder) == [f"briefs/long.yaml:3:10: error: {message}"]


def test_prose_at_the_caps_passes(folder):
    summary = ("- " * 9 + "[" * 10 + "a" + "]" * 10 + "\n").ljust(2_000, "b")
    write(folder / "capped.yaml", HEADER + GOOD.replace(SUMMARY, f"summary: {json.dumps(summary)}"))
    assert problems(folder) == []


def test_checking_prose_at_the_caps_takes_a_fraction_of_a_second(folder):
    # what took minutes before the caps: the check refuses it before Markdown reads it
    slow = [f"  - text: '{'[' * 20_000}'\n    cite: [{{source: harbour-deal}}]\n"] * 3
    write(folder / "slow.yaml", HEADER + GOOD + "context:\n" + "".join(slow))
    started = dt.datetime.now()
    found = problems(folder)
    assert (dt.datetime.now() - started).total_seconds() < 5
    assert [p.split(": ", 1)[0] for p in found] == ["briefs/slow.yaml:13:11", "briefs/slow.yaml:15:11", "briefs/slow.yaml:17:11"]


def test_a_bidirectional_control_in_a_title_is_a_warning_where_it_stands(folder):
    write(folder / "x.yaml", HEADER + GOOD.replace("title: Harbour deal signed", "title: Harbour deal \u202elangis"))
    assert problems(folder) == [
        "briefs/x.yaml:2:21: warning: U+202E (RIGHT-TO-LEFT OVERRIDE) changes the order in which the text around it is shown: "
        "a reader may see other words than the file holds; remove it"
    ]


def test_a_source_url_or_a_prose_link_whose_host_mixes_scripts_is_a_warning(folder):
    registry = folder / "sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "  snapshot: sources/harbour-deal.txt\n", "  snapshot: sources/harbour-deal.txt\n  url: https://аpple.com/deal\n"
    ), encoding="utf-8")
    write(folder / "x.yaml", HEADER + GOOD.replace(SUMMARY, "summary: Agreed, as [the agency](https://news.exаmple.org/) says."))
    why = "mixes Cyrillic and Latin letters in"
    assert problems(folder) == [
        f"briefs/sources.yaml:14:8: warning: its host 'аpple.com' {why} 'аpple' ('а' is CYRILLIC SMALL LETTER A); check the address",
        f"briefs/x.yaml:3:10: warning: link to https://news.exаmple.org/: its host 'news.exаmple.org' {why} 'exаmple' ('а' is CYRILLIC SMALL LETTER A); check the address",
    ]


def test_words_markdown_runs_together_are_no_warning(folder):
    summary = "summary: An un*believ*able deal, say [the agency](https://example.org/a)[the paper](https://example.org/b)."
    write(folder / "x.yaml", HEADER + GOOD.replace(SUMMARY, summary))
    assert problems(folder) == []


def test_a_cold_check_of_many_briefs_shared_among_workers_gives_what_one_process_gives(tmp_path):
    """Above PARALLEL_BRIEFS a cold check forks workers (first to read each snapshot's quotes once, then to
    check the briefs); the result must be the same, in the same order.
    Run in a process of its own: workers are forked only from a process of one thread."""
    import subprocess
    import sys

    import briefs.check as check

    if (os.cpu_count() or 1) < 2:
        pytest.skip("workers are forked only on a machine of several cores")
    folder = tmp_path / "briefs"
    shutil.copytree(FIXTURES / "briefs", folder, ignore=shutil.ignore_patterns("schema"))
    text = (folder / "harbour-deal.yaml").read_text(encoding="utf-8")
    for i in range(check.PARALLEL_BRIEFS + 10):
        (folder / f"copy-{i:03d}.yaml").write_text(text.replace("statements:", "statements:" if i % 7 else "statements: []\nx:"), encoding="utf-8")
    script = (
        "import sys, multiprocessing.pool as pool; from pathlib import Path; import briefs.check as check\n"
        "forked = []\n"
        "start = pool.Pool.__init__\n"
        "pool.Pool.__init__ = lambda self, *a, **k: (forked.append(1), start(self, *a, **k))[1]\n"
        "shared = check.check_folder(Path(sys.argv[1]))\n"
        "check.PARALLEL_BRIEFS = 10**9\n"
        "alone = check.check_folder(Path(sys.argv[1]))\n"
        "same = [(c.slug, c.brief, c.anchors, c.carried) for c in shared.briefs] == [(c.slug, c.brief, c.anchors, c.carried) for c in alone.briefs]\n"
        "print(len(forked), same, shared.problems == alone.problems, len(shared.briefs), sum(p.level == 'error' for p in shared.problems))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    forked, same, problems, briefs, errors = done.stdout.split()
    assert (forked, same, problems) == ("2", "True", "True")  # one pool reads the snapshots' quotes, one checks the briefs
    assert int(briefs) > check.PARALLEL_BRIEFS // 2 and int(errors) > 0  # some copies are broken on purpose


# -- failing fast -----------------------------------------------------------------------


def brief_quoting(folder: Path, snapshot: str, quotes: list[str]) -> None:
    """A brief of a statement for each of ``quotes``, on a source of ``snapshot``."""
    write(folder / "sources" / "long.txt", snapshot)
    register(folder, "long", "sources/long.txt")
    statements = "".join(f"  - {{actor: mara-olsen, quote: {json.dumps(quote)}, cite: {{source: long}}}}\n" for quote in quotes)
    write(folder / "many.yaml", HEADER + GOOD.split("sources:")[0] + "sources: [long]\nactors: [mara-olsen]\nstatements:\n" + statements)


def test_a_brief_of_10000_statements_is_checked_quickly(folder):
    rng = random.Random(1)
    words = ["".join(rng.choices("abcdefghiklmnoprstuvy", k=rng.randint(3, 8))) for _ in range(3000)]
    paragraphs = [" ".join(rng.choices(words, k=80)) for _ in range(5000)]
    brief_quoting(folder, "\n\n".join(paragraphs) + "\n", [" ".join(rng.choice(paragraphs).split()[:6]) for _ in range(10_000)])
    started = time.monotonic()
    assert problems(folder) == []
    assert time.monotonic() - started < 20


def test_a_long_misquote_of_a_long_paragraph_is_explained_quickly(folder):
    # 1,000 words of one or two letters each way: the worst case of comparing texts by their characters
    brief_quoting(folder, " ".join(["a"] * 1000) + "\n", [" ".join(["a", "b"] * 500)])
    started = time.monotonic()
    (problem,) = problems(folder)
    assert time.monotonic() - started < 20
    assert problem.startswith("briefs/many.yaml:8:32: error: quote not found verbatim in source 'long'; closest passage: \"a a a")
