"""``briefs add``: a new source for a brief that is already written.

Run through the real command line on copies of the fixture briefs, with the
fictional corridor corpus (fixtures/multi/sources) as the articles added.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
import yaml

from briefs.build import build_site
from briefs.check import check_folder
from briefs.cli import main
from briefs.pages import default_options
from conftest import FIXTURE_BRIEFS, FIXTURES, site_files

ARTICLES = FIXTURES / "multi" / "sources"
BRIEF = """\
# yaml-language-server: $schema=schema/brief.schema.json
title: Borvia opens a freight corridor
summary: President Vask opened a grain corridor to the shared harbour.
published: 2025-06-12
kind: reportage  # the editor's comment stays
topics: [harbour]
sources:
  - bsa-corridor
actors: [teodor-vask]
statements:
  - actor: teodor-vask
    said: 2025-06-09
    quote: The corridor is the road to a prosperous Borvia and to peace on our border
    cite: {source: bsa-corridor}
  # a statement left out for now
context:
  - text: The corridor is to carry two million tonnes of grain a year.
    cite: [{source: bsa-corridor, passage: the corridor would carry two million tonnes of grain a year}]
caveats:
  - kind: unverified
    claim: the first trains would run before the winter
    note: |
      No source says when the first train is due.
    cite: [{source: bsa-corridor}]
"""


@pytest.fixture
def folder(tmp_path) -> Path:
    """The fixture briefs with a published brief on the state agency's report."""
    folder = tmp_path / "briefs"
    shutil.copytree(FIXTURE_BRIEFS, folder)
    shutil.copy(ARTICLES / "bsa-corridor.txt", folder / "sources" / "bsa-corridor.txt")
    with open(folder / "sources.yaml", "a", encoding="utf-8") as registry:
        registry.write("bsa-corridor:\n  title: President Vask opens the Selby corridor\n  kind: state-media\n  snapshot: sources/bsa-corridor.txt\n")
    (folder / "corridor.yaml").write_text(BRIEF, encoding="utf-8")
    assert check_folder(folder).problems == []
    return folder


def add(capsys, *args) -> tuple[int, str, str]:
    code = main(["add", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def only_insertions(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with lines added and none changed or removed."""
    ops = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False).get_opcodes()
    return all(tag in ("equal", "insert") for tag, *_ in ops)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_adding_an_independent_report_drafts_its_quotes_for_review(folder, capsys):
    code, out, err = add(capsys, ARTICLES / "courier-corridor.txt", "--to", "corridor", "--folder", folder)
    assert (code, err) == (0, "")
    assert "wrote " in out and "its record 'courier-corridor' in sources.yaml" in out
    assert "2 quoted passage(s) as 2 statement(s) to review; 0 need a speaker; 2 actor(s) proposed" in out
    assert "statement 1 (teodor-vask): not in it" in out
    assert "briefs check " in out and ": 0 error(s), 3 warning(s)" in out  # the source and its two statements to review
    text = (folder / "corridor.yaml").read_text(encoding="utf-8")
    assert only_insertions(BRIEF, text)
    data = load(folder / "corridor.yaml")
    assert data["sources"] == ["bsa-corridor", {"id": "courier-corridor", "review": True}]
    drafted = data["statements"][1:]
    assert [(s["actor"], s["quote"], s["review"], s.get("via")) for s in drafted] == [
        ("mara-olsen", "will have to prove itself in tonnes, not in speeches", True, "courier"),  # "told the Courier"
        ("lars-brenn", "Nobody has asked the people who will unload them", True, None),
    ]
    assert data["proposed_actors"] == {
        "courier": {"name": "Courier", "kind": "media"},
        "lars-brenn": {"name": "Lars Brenn", "kind": "person", "role": "Union secretary"},
    }
    assert (folder / "sources" / "courier-corridor.txt").read_bytes() == (ARTICLES / "courier-corridor.txt").read_bytes()
    record = load(folder / "sources.yaml")["courier-corridor"]
    assert record == {"title": "At Port Selby, a corridor nobody has seen yet", "kind": "news", "snapshot": "sources/courier-corridor.txt"}


def test_statements_under_review_stay_off_the_site_until_checked(folder, capsys):
    add(capsys, ARTICLES / "courier-corridor.txt", "--to", folder / "corridor.yaml")
    result = check_folder(folder)
    assert result.errors == []
    warnings = [p for p in result.problems if p.file.endswith("corridor.yaml")]
    assert [p.message.split(":")[0] for p in warnings] == ["added for review and left off the site"] + ["drafted for review and left off the site"] * 2
    published = build_site(folder, default_options(), include_drafts=False)
    page = next(p for p in published.pages if p.path == "briefs/corridor.md")
    assert "prove itself in tonnes" not in page.body and "Lars Brenn" not in page.body
    assert "At Port Selby" not in page.body and "Single source" in page.body  # the new source is not shown either
    assert "courier-corridor" not in {entry for entry in published.library.sources}
    preview = build_site(folder, default_options(), include_drafts=True)
    assert preview.errors == []
    page = next(p for p in preview.pages if p.path == "briefs/corridor.md")
    assert "prove itself in tonnes" in page.body and "to review: not published" in page.body


def test_a_relay_reports_what_of_the_brief_it_carries_and_drafts_nothing_twice(folder, capsys):
    code, out, _ = add(capsys, ARTICLES / "herald-corridor.txt", "--to", "corridor", "--folder", folder)
    assert code == 0
    assert "already in the brief as statement 1 (teodor-vask), in other words" in out
    assert "0 quoted passage(s) as 0 statement(s) to review" in out
    assert "statement 1 (teodor-vask): in other words, paragraph 3:" in out  # "lasting peace"
    assert "context 1, its passage: verbatim" in out
    assert "caveat 1 (unverified), its claim: in other words" in out  # "before winter"
    data = load(folder / "corridor.yaml")
    assert len(data["statements"]) == 1 and data["sources"] == ["bsa-corridor", {"id": "herald-corridor", "review": True}]
    record = (folder / "sources.yaml").read_text(encoding="utf-8").split("herald-corridor:\n")[1]
    assert "# TODO: the text credits Nordwire (its dateline), not in actors.yaml; BSA (state agency BSA), not in actors.yaml" in record
    assert "  # based_on: [nordwire, bsa]" in record


def test_the_same_text_reuses_its_record(folder, capsys):
    article = folder.parent / "deal.txt"
    article.write_text("  " + (folder / "sources" / "harbour-deal.txt").read_text(encoding="utf-8").replace("\n\n", "\n\n\n"), encoding="utf-8")
    registry = (folder / "sources.yaml").read_bytes()
    code, out, _ = add(capsys, article, "--to", "corridor", "--folder", folder)
    assert code == 0
    assert "source 'harbour-deal' in sources.yaml has this text already" in out
    assert (folder / "sources.yaml").read_bytes() == registry
    assert not (folder / "sources" / "deal.txt").exists()
    assert load(folder / "corridor.yaml")["sources"] == ["bsa-corridor", {"id": "harbour-deal", "review": True}]
    code, _, err = add(capsys, article, "--to", "corridor", "--folder", folder)
    assert code == 1 and "already rests on source 'harbour-deal'" in err


def test_a_flow_list_of_sources_and_an_empty_statements_list_are_extended(folder, capsys):
    text = BRIEF.replace("sources:\n  - bsa-corridor\n", "sources: [bsa-corridor]  # one so far\n")
    text = text[: text.index("statements:")] + "statements: []  # none yet\n" + text[text.index("context:") :]
    (folder / "corridor.yaml").write_text(text, encoding="utf-8")
    code, _, err = add(capsys, ARTICLES / "courier-corridor.txt", "--to", "corridor", "--folder", folder)
    assert (code, err) == (0, "")
    new = (folder / "corridor.yaml").read_text(encoding="utf-8")
    assert "sources: [bsa-corridor, {id: courier-corridor, review: true}]  # one so far\n" in new
    assert "statements:  # none yet\n  - actor: mara-olsen\n" in new
    assert len(load(folder / "corridor.yaml")["statements"]) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["courier-corridor.txt", "--to", "no-such-brief"], "no such brief"),
        (["no-such-article.txt", "--to", "corridor"], "no-such-article.txt: error: no such file"),
        (["courier-corridor.txt", "--to", "corridor", "--id", "harbour-deal"], "already has a source 'harbour-deal' with another text"),
        (["courier-corridor.txt", "--to", "corridor", "--id", "Not An Id"], "'Not An Id' is not a valid id"),
    ],
)
def test_nothing_is_written_on_an_error(folder, capsys, args, message):
    before = site_files(folder)
    args = [str(ARTICLES / a) if a.endswith(".txt") else a for a in args]
    code, out, err = add(capsys, *args, "--folder", folder)
    assert code == 1 and message in err, err
    assert "Traceback" not in err + out
    assert site_files(folder) == before


def test_a_brief_with_errors_is_refused(folder, capsys):
    broken = BRIEF.replace("actor: teodor-vask\n    said", "actor: teodor-vasc\n    said")
    (folder / "corridor.yaml").write_text(broken, encoding="utf-8")
    before = site_files(folder)
    code, _, err = add(capsys, ARTICLES / "courier-corridor.txt", "--to", "corridor", "--folder", folder)
    assert code == 1
    assert "corridor.yaml:11:12: error: no actor 'teodor-vasc'" in err and "fix these first" in err
    assert site_files(folder) == before


def test_statements_in_a_layout_it_cannot_extend_are_refused(folder, capsys):
    text = BRIEF[: BRIEF.index("statements:")] + "statements: [{actor: teodor-vask, quote: The corridor is the road, cite: {source: bsa-corridor}}]\n"
    text += BRIEF[BRIEF.index("context:") :]
    (folder / "corridor.yaml").write_text(text, encoding="utf-8")
    before = site_files(folder)
    code, _, err = add(capsys, ARTICLES / "courier-corridor.txt", "--to", "corridor", "--folder", folder)
    assert code == 1 and "'statements' is not a block list" in err
    assert site_files(folder) == before


def test_line_endings_and_the_comments_of_the_last_statement_stay_as_written(folder, capsys):
    text = BRIEF.replace("  # a statement left out for now\n", "    # TODO: a second source for this one\n")
    crlf = text.replace("\n", "\r\n").removesuffix("\r\n")  # and no line break at the end
    (folder / "corridor.yaml").write_bytes(crlf.encode("utf-8"))
    code, _, err = add(capsys, ARTICLES / "courier-corridor.txt", "--to", "corridor", "--folder", folder)
    assert (code, err) == (0, "")
    new = (folder / "corridor.yaml").read_bytes().decode("utf-8")
    assert "\n" not in new.replace("\r\n", "")  # every line ends as the file's own did
    assert only_insertions(text, new.replace("\r\n", "\n"))
    lines = new.splitlines()
    comment = lines.index("    # TODO: a second source for this one")
    assert lines[comment - 1].strip() == "cite: {source: bsa-corridor}" and lines[comment + 1] == "  - actor: mara-olsen"


def test_a_published_item_may_not_cite_a_source_under_review(folder, capsys):
    add(capsys, ARTICLES / "courier-corridor.txt", "--to", "corridor", "--folder", folder)
    text = (folder / "corridor.yaml").read_text(encoding="utf-8")
    text = text.replace("cite: [{source: bsa-corridor, passage: the corridor would", "cite: [{source: courier-corridor}, {source: bsa-corridor, passage: the corridor would")
    (folder / "corridor.yaml").write_text(text, encoding="utf-8")
    errors = [str(p) for p in check_folder(folder).errors]
    assert len(errors) == 1 and "source 'courier-corridor' is under review and left off the site: review it first" in errors[0]


def test_words_the_new_source_gives_to_someone_else_are_drafted(folder, capsys):
    article = folder.parent / "echo.txt"
    article.write_text(
        "Echo\n\nMara Olsen said: \"The corridor is the road to a prosperous Borvia and to peace on our border.\"\n",
        encoding="utf-8",
    )
    code, out, _ = add(capsys, article, "--to", "corridor", "--folder", folder)
    assert code == 0 and "1 quoted passage(s) as 1 statement(s) to review" in out
    assert load(folder / "corridor.yaml")["statements"][1]["actor"] == "mara-olsen"
