"""``briefs migrate``, run as editors run it, on copies of the repository's briefs and the fixtures."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from briefs import cli
from briefs.load import parse
from briefs.migrate import SOURCES_SCHEMA
from conftest import ENV, FIXTURES, REFUSED, REPO, plant

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>[0-9]+):(?P<col>[0-9]+): error: (?P<message>\S.*)$")
REPO_SOURCE = "putin-kim-next-level"
# Briefs as they were written before sources.yaml: the fixture briefs (with their snapshots) and the site's own
FIXTURE_BRIEFS = FIXTURES / "legacy" / "fixture-briefs"
REPO_BRIEFS = FIXTURES / "legacy" / "repository-briefs"
FIXTURE_RECORDS = f"""{SOURCES_SCHEMA}fishing-talks:
  title: Fishing talks stall between Arland and Borvia
  kind: wire
  snapshot: sources/fishing-talks.txt
harbour-opinion:
  title: The harbour deal is a mistake
  kind: opinion
  snapshot: sources/harbour-opinion.txt
harbour-deal:
  title: Arland and Borvia sign harbour deal
  kind: wire
  snapshot: sources/harbour-deal.txt
"""


def briefs_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The ``briefs`` command line of this checkout (not another one the venv may have installed)."""
    path = os.pathsep.join(filter(None, [str(REPO / "plugins"), ENV.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "briefs.cli", *args],
        cwd=cwd,
        env={**ENV, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def copy_briefs(source: Path, root: Path) -> Path:
    shutil.copytree(source, root / "briefs", ignore=shutil.ignore_patterns("schema"))
    return root / "briefs"


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, hidden ones too, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = read(path)
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def migrated(old: str, local: str, rid: str) -> str:
    """What migrate must make of a brief with one block source item ``local``: the item's lines
    become ``- rid``, every ``source: local`` names ``rid``, and every other line stays as it was."""
    lines = old.splitlines(keepends=True)
    start = lines.index(f"  - id: {local}\n")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    "))
    kept = lines[:start] + [f"  - {rid}\n"] + lines[end:]
    return "".join(line.replace(f"source: {local}", f"source: {rid}") for line in kept)


def item_lines(old: str, local: str) -> list[str]:
    """The lines of a block source item after its ``- id:`` line, re-indented as a record."""
    lines = old.splitlines(keepends=True)
    start = lines.index(f"  - id: {local}\n")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    "))
    return [line[2:] for line in lines[start + 1 : end]]


def errors(stderr: str) -> list[re.Match[str]]:
    """The error lines of a refusal, each ``file:line:col: error: message``, and its summary line."""
    *lines, summary = stderr.splitlines()
    assert summary == f"{len(lines)} error(s); nothing written"
    found = []
    for line in lines:
        match = LINE.match(line)
        assert match, line
        found.append(match)
    return found


# -- the repository's own briefs ----------------------------------------------------------


def test_the_repository_briefs_share_one_record(tmp_path):
    folder = copy_briefs(REPO_BRIEFS, tmp_path)
    first, pledges = folder / "china-russia-north-korea.yaml", folder / "putin-kim-liberation-day-pledges.yaml"
    edit(first, "  - id: article\n", "  - id: article  # the only source\n")
    edit(first, "    kind: opinion\n", "    kind: opinion\n    # opinion, not news: see the note\n")
    edit(pledges, "    image_credit:", "    # checked against the saved page\n    image_credit:")
    edit(folder / "north-korea-weapons-tests-2022.yaml", "\nactors:", "\n\nactors:")  # a blank line stays in the brief
    before = {p.name: read(p) for p in folder.glob("*.yaml")}
    briefs = sorted(n for n in before if n not in ("actors.yaml", "topics.yaml"))
    assert len(briefs) == 4

    done = briefs_cli("migrate", "briefs", cwd=tmp_path)

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "moved 1 source(s) into briefs/sources.yaml; rewrote 4 brief(s)\n"
    first_old = before[first.name].replace("  - id: article  # the only source\n", "  - id: article\n")
    record = "".join(item_lines(first_old, "article"))
    assert read(folder / "sources.yaml") == (
        f"{SOURCES_SCHEMA}{REPO_SOURCE}:\n{record}"
        f"  # from the copy in {first.name}:\n  # the only source\n"
        f"  # from the copy in {pledges.name}:\n  # checked against the saved page\n"
    )
    for name in briefs:
        old = before[name].replace("  - id: article  # the only source\n", "  - id: article\n")
        assert read(folder / name).splitlines() == migrated(old, "article", REPO_SOURCE).splitlines(), name
    for name in ("actors.yaml", "topics.yaml"):
        assert read(folder / name) == before[name]
    (record_data,) = parse(read(folder / "sources.yaml"), "sources.yaml").data.values()
    (inline,) = parse(before[pledges.name], pledges.name).data["sources"]
    assert record_data == {key: value for key, value in inline.items() if key != "id"}


# -- the fixture briefs: several sources, block and flow citations ------------------------


def test_the_fixture_briefs(tmp_path):
    folder = copy_briefs(FIXTURE_BRIEFS, tmp_path)
    before = {p.name: read(p) for p in folder.glob("*.yaml")}

    done = briefs_cli("migrate", "briefs", cwd=tmp_path)

    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "moved 3 source(s) into briefs/sources.yaml; rewrote 3 brief(s)\n",
        "",
    )
    assert read(folder / "sources.yaml") == FIXTURE_RECORDS
    for name, local, rid in [
        ("fishing-talks.yaml", "wire", "fishing-talks"),
        ("harbour-critics.yaml", "column", "harbour-opinion"),
        ("harbour-deal.yaml", "wire", "harbour-deal"),
    ]:
        assert read(folder / name).splitlines() == migrated(before[name], local, rid).splitlines(), name
    assert read(folder / "actors.yaml") == before["actors.yaml"]


def test_flow_items_quoted_and_block_citations(tmp_path):
    folder = copy_briefs(FIXTURE_BRIEFS, tmp_path)
    fishing, critics, deal = folder / "fishing-talks.yaml", folder / "harbour-critics.yaml", folder / "harbour-deal.yaml"
    edit(
        fishing,
        "  - id: wire\n    title: Fishing talks stall between Arland and Borvia\n    kind: wire\n"
        "    snapshot: sources/fishing-talks.txt\n",
        "  - {id: wire, title: Fishing talks stall between Arland and Borvia, kind: wire,\n"
        "     snapshot: sources/fishing-talks.txt}  # the wire\n",
    )
    edit(fishing, "    cite: {source: wire}\n  - actor: mara-olsen", "    cite: {source: \"wire\"}\n  - actor: mara-olsen")
    edit(fishing, "    cite: [{source: wire}]", "    cite: [{source: 'wire'}]")
    edit(
        critics,
        "sources:\n  - id: column\n    title: The harbour deal is a mistake\n    kind: opinion\n"
        "    snapshot: sources/harbour-opinion.txt\n",
        "sources: [{title: The harbour deal is a mistake, kind: opinion, snapshot: sources/harbour-opinion.txt, id: column}]\n",
    )
    edit(
        deal,
        "    cite: {source: wire, passage: told the state broadcaster BNN that the deal was}",
        "    cite:\n      - source: wire  # the wire\n        passage: told the state broadcaster BNN that the deal was",
    )
    before = {p.name: read(p) for p in (fishing, critics, deal)}

    done = briefs_cli("migrate", "briefs", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert read(folder / "sources.yaml") == (
        f"{SOURCES_SCHEMA}fishing-talks: {{title: Fishing talks stall between Arland and Borvia, kind: wire,\n"
        "    snapshot: sources/fishing-talks.txt}\n"
        "harbour-opinion: {title: The harbour deal is a mistake, kind: opinion, snapshot: sources/harbour-opinion.txt}\n"
        + FIXTURE_RECORDS.split("harbour-opinion.txt\n")[1]
    )
    expected = before["fishing-talks.yaml"].replace(
        "  - {id: wire, title: Fishing talks stall between Arland and Borvia, kind: wire,\n"
        "     snapshot: sources/fishing-talks.txt}  # the wire\n",
        "  - fishing-talks  # the wire\n",
    )
    for quote in ("", "'", '"'):  # the quotes stay as they were
        expected = expected.replace(f"source: {quote}wire{quote}", f"source: {quote}fishing-talks{quote}")
    assert read(fishing) == expected
    assert read(critics) == before["harbour-critics.yaml"].replace(
        "sources: [{title: The harbour deal is a mistake, kind: opinion, snapshot: sources/harbour-opinion.txt, id: column}]",
        "sources: [harbour-opinion]",
    ).replace("source: column", "source: harbour-opinion")
    assert "      - source: harbour-deal  # the wire\n        passage: told the state" in read(deal)
    assert read(deal).splitlines() == migrated(before["harbour-deal.yaml"], "wire", "harbour-deal").splitlines()


# -- refusals: nothing written -------------------------------------------------------------


def refused(tmp_path: Path, folder: Path) -> list[re.Match[str]]:
    """Run migrate, which must fail and leave every file of ``folder`` as it was."""
    before = files_of(folder)
    done = briefs_cli("migrate", "briefs", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    assert files_of(folder) == before
    return errors(done.stderr)


def test_copies_that_disagree_are_refused(tmp_path):
    folder = copy_briefs(FIXTURE_BRIEFS, tmp_path)
    edit(folder / "harbour-critics.yaml", "sources/harbour-opinion.txt", "sources/harbour-deal.txt")

    found = refused(tmp_path, folder)

    assert [(m["file"], m["line"], m["col"]) for m in found] == [
        ("briefs/harbour-deal.yaml", "10", "12"),
        ("briefs/harbour-deal.yaml", "11", "11"),
    ]
    title, kind = (m["message"] for m in found)
    assert title == (
        "source 'harbour-deal': 'title' differs from the copy in briefs/harbour-critics.yaml:9; "
        "make them agree, then run briefs migrate again"
    )
    assert kind.startswith("source 'harbour-deal': 'kind' differs from the copy in briefs/harbour-critics.yaml:10;")


def test_a_field_only_one_copy_has_is_a_disagreement(tmp_path):
    folder = copy_briefs(FIXTURE_BRIEFS, tmp_path)
    edit(folder / "fishing-talks.yaml", "sources/fishing-talks.txt", "sources/harbour-deal.txt")
    edit(folder / "fishing-talks.yaml", "title: Fishing talks stall between Arland and Borvia\n", "title: Arland and Borvia sign harbour deal\n")
    edit(folder / "harbour-deal.yaml", "harbour-deal.txt\n", "harbour-deal.txt\n    publisher: BNN\n")

    (found,) = refused(tmp_path, folder)

    assert found["file"] == "briefs/harbour-deal.yaml" and found["line"] == "13"
    assert found["message"].startswith(
        "source 'harbour-deal': 'publisher' is given here but not in the copy in briefs/fishing-talks.yaml:8;"
    )


def test_bad_yaml_in_one_brief(tmp_path):
    folder = copy_briefs(FIXTURE_BRIEFS, tmp_path)
    (folder / "broken.yaml").write_text("title: [unclosed\nsources: []\n", encoding="utf-8")

    (found,) = refused(tmp_path, folder)

    assert found["file"] == "briefs/broken.yaml"
    assert found["message"].startswith("invalid YAML: ")


def test_a_brief_linked_out_of_the_folder_is_refused_unread(tmp_path):
    folder = copy_briefs(FIXTURE_BRIEFS, tmp_path)
    plant(folder / "linked.yaml", "outside", tmp_path / "shadow")

    (found,) = refused(tmp_path, folder)  # and nothing written

    assert found["file"] == "briefs/linked.yaml" and (found["line"], found["col"]) == ("1", "1")
    assert found["message"] == REFUSED["outside"].format(secret=(tmp_path / "shadow").resolve())


def test_not_a_folder(tmp_path):
    done = briefs_cli("migrate", "nowhere", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "nowhere: error: not a folder\n")


# -- an existing sources.yaml ---------------------------------------------------------------

EXISTING = f"""{SOURCES_SCHEMA}# kept as it is
harbour-deal: {{kind: wire, snapshot: sources/harbour-deal.txt, title: Arland and Borvia sign harbour deal}}
elsewhere:  # a source no brief of this folder lists
  title: Somewhere else
  kind: news
  snapshot: sources/elsewhere.txt"""  # no line break at the end


def test_an_existing_record_is_reused(tmp_path):
    folder = copy_briefs(FIXTURE_BRIEFS, tmp_path)
    (folder / "sources.yaml").write_text(EXISTING, encoding="utf-8")
    edit(folder / "harbour-deal.yaml", "    kind: wire\n", "    kind: wire  # as the agency says\n")
    before = read(folder / "harbour-deal.yaml")

    done = briefs_cli("migrate", "briefs", cwd=tmp_path)

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "moved 2 source(s) into briefs/sources.yaml (1 more already there); rewrote 3 brief(s)\n"
    assert read(folder / "sources.yaml") == (
        EXISTING
        + "\n"
        + FIXTURE_RECORDS.removeprefix(SOURCES_SCHEMA).split("harbour-deal:")[0]
        + "# from the copy of 'harbour-deal' in harbour-deal.yaml:\n# as the agency says\n"
    )
    assert read(folder / "harbour-deal.yaml").splitlines() == migrated(before, "wire", "harbour-deal").splitlines()


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            "harbour-deal:\n  title: Arland and Borvia sign a harbour deal\n  kind: wire\n  snapshot: sources/harbour-deal.txt\n",
            "source 'harbour-deal': 'title' differs from the record in briefs/sources.yaml:3; make them agree",
        ),
        (
            "deal: {title: Arland and Borvia sign harbour deal, kind: wire, snapshot: sources/harbour-deal.txt}\n",
            "source 'harbour-deal': its snapshot is already the record 'deal' in briefs/sources.yaml:2; "
            "a snapshot has one record, named after its file: rename that record to 'harbour-deal'",
        ),
    ],
    ids=["same id, other data", "same snapshot, other id"],
)
def test_an_existing_record_that_conflicts_is_refused(tmp_path, record, message):
    folder = copy_briefs(FIXTURE_BRIEFS, tmp_path)
    (folder / "sources.yaml").write_text(SOURCES_SCHEMA + record, encoding="utf-8")

    (found,) = refused(tmp_path, folder)

    assert found["file"] == "briefs/harbour-deal.yaml"
    assert found["message"].startswith(message)


# -- running again ----------------------------------------------------------------------------


def test_a_second_run_changes_nothing(tmp_path):
    folder = copy_briefs(FIXTURE_BRIEFS, tmp_path)
    assert briefs_cli("migrate", "briefs", cwd=tmp_path).returncode == 0
    after = files_of(folder)

    done = briefs_cli("migrate", "briefs", cwd=tmp_path)

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "nothing to migrate: no brief in briefs lists a source record inline\n"
    assert files_of(folder) == after


def test_briefs_in_the_new_format_are_left_alone(tmp_path):
    folder = copy_briefs(FIXTURE_BRIEFS, tmp_path)
    original = read(folder / "harbour-deal.yaml")
    assert briefs_cli("migrate", "briefs", cwd=tmp_path).returncode == 0
    edit(folder / "fishing-talks.yaml", "  - fishing-talks\n", '  - {id: fishing-talks, note: "Our own note."}\n')
    (folder / "harbour-deal.yaml").write_text(original, encoding="utf-8")  # one brief written the old way again
    before = files_of(folder)

    done = briefs_cli("migrate", "briefs", cwd=tmp_path)

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "moved 0 source(s) into briefs/sources.yaml (1 more already there); rewrote 1 brief(s)\n"
    after = files_of(folder)
    assert {name for name in after if after[name] != before[name]} == {"harbour-deal.yaml"}
    assert after["harbour-deal.yaml"].decode().splitlines() == migrated(original, "wire", "harbour-deal").splitlines()


# -- a failure while writing --------------------------------------------------------------------


@pytest.mark.parametrize("fail", ["mkstemp", "replace"])
def test_a_failure_while_writing_leaves_the_folder_as_it_was(tmp_path, monkeypatch, capsys, fail):
    folder = copy_briefs(FIXTURE_BRIEFS, tmp_path)
    monkeypatch.chdir(tmp_path)
    before = files_of(folder)
    module = os if fail == "replace" else tempfile
    real = getattr(module, fail)
    calls = []

    def second_fails(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, fail, second_fails)

    assert cli.main(["migrate", "briefs"]) == 1

    out, err = capsys.readouterr()
    assert out == ""
    assert err == "briefs/fishing-talks.yaml: error: cannot write it: No space left on device\nnothing written\n"
    monkeypatch.undo()
    assert files_of(folder) == before  # the files already replaced are put back, no temporary file is left


def test_a_migrated_folder_checks_clean_and_builds_the_same_library(tmp_path):
    from briefs.check import check_folder

    folder = copy_briefs(FIXTURE_BRIEFS, tmp_path)
    assert briefs_cli("migrate", "briefs", cwd=tmp_path).returncode == 0
    migrated_result = check_folder(folder)
    assert migrated_result.problems == []
    current = check_folder(FIXTURES / "briefs")
    assert [cb.brief for cb in migrated_result.briefs] == [cb.brief for cb in current.briefs]
    assert migrated_result.sources == current.sources
