"""The ``briefs`` command line, run as editors run it: in a process of its own."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from briefs.check import check_folder
from briefs.cli import schema_text, schemas
from briefs.load import MAX_BYTES
from briefs.registries import registry_ids

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
BAD = FIXTURES / "bad"
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>[0-9]+):(?P<col>[0-9]+): (?P<level>error|warning): (?P<message>\S.*)$")
# Output must be encodable whatever the terminal: strict UTF-8 fails on anything else.
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def briefs(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "briefs.cli", *map(str, args)],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="strict",
        timeout=300,
    )


@pytest.fixture
def root(tmp_path) -> Path:
    """A folder holding ``briefs/``, a copy of the fixture briefs."""
    shutil.copytree(FIXTURES / "briefs", tmp_path / "briefs", ignore=shutil.ignore_patterns("schema"))
    return tmp_path


def sort_key(line: str) -> tuple:
    m = LINE.match(line)
    return (m["file"], int(m["line"]), int(m["col"]), m["level"], m["message"])


# -- briefs check ------------------------------------------------------------------------


def test_check_a_clean_folder(root):
    done = briefs("check", "briefs", cwd=root)
    assert (done.returncode, done.stdout, done.stderr) == (0, "checked 3 brief(s): no errors, 0 warning(s)\n", "")


def test_check_defaults_to_the_briefs_folder(root):
    done = briefs("check", cwd=root)
    assert (done.returncode, done.stdout) == (0, "checked 3 brief(s): no errors, 0 warning(s)\n")


def test_check_prints_every_problem_sorted_and_fails(monkeypatch):
    done = briefs("check", "bad", cwd=FIXTURES)
    lines = done.stdout.splitlines()
    monkeypatch.chdir(FIXTURES)
    assert lines == [str(p) for p in check_folder(Path("bad")).problems]
    assert all(LINE.match(line) for line in lines), [line for line in lines if not LINE.match(line)]
    assert lines == sorted(lines, key=sort_key)  # by file, then line and column as numbers
    assert sort_key(lines[0]) < sort_key(lines[-1])
    errors = sum(": error: " in line for line in lines)
    warnings = sum(": warning: " in line for line in lines)
    assert errors and warnings
    assert done.returncode == 1
    assert done.stderr == f"{errors} error(s), {warnings} warning(s)\n"


def test_check_single_files(root):
    text = (root / "briefs" / "harbour-deal.yaml").read_text()
    (root / "briefs" / "broken.yaml").write_text(text.replace("actor: ines-dahl", "actor: ines-dahll"))
    done = briefs("check", "briefs/harbour-deal.yaml", "briefs/fishing-talks.yaml", cwd=root)
    assert (done.returncode, done.stdout) == (0, "checked 2 brief(s): no errors, 0 warning(s)\n")
    done = briefs("check", "briefs/broken.yaml", cwd=root)
    assert done.returncode == 1
    assert done.stdout == "briefs/broken.yaml:20:12: error: no actor 'ines-dahll' in actors.yaml; did you mean 'ines-dahl'?\n"
    assert done.stderr == "1 error(s), 0 warning(s)\n"


def test_check_a_file_from_inside_its_folder(root):
    done = briefs("check", "harbour-deal.yaml", cwd=root / "briefs")
    assert (done.returncode, done.stdout) == (0, "checked 1 brief(s): no errors, 0 warning(s)\n")


def test_check_a_folder_and_a_file_in_it_checks_each_brief_once(root):
    done = briefs("check", "briefs/harbour-deal.yaml", "briefs", cwd=root)
    assert (done.returncode, done.stdout) == (0, "checked 3 brief(s): no errors, 0 warning(s)\n")


def test_check_only_the_registry(root):
    done = briefs("check", "briefs/actors.yaml", cwd=root)
    assert (done.returncode, done.stdout) == (0, "checked 0 brief(s): no errors, 0 warning(s)\n")
    (root / "briefs" / "actors.yaml").write_text("arland: {name: Arland, kind: country}\n")
    done = briefs("check", "briefs/actors.yaml", cwd=root)
    assert done.returncode == 1
    assert done.stdout == (
        "briefs/actors.yaml:1:30: error: kind: 'country' is not allowed here; use 'person', 'organization', 'media' or 'state'\n"
    )


def test_check_a_path_that_is_not_there(root):
    done = briefs("check", "briefs", "nowhere.yaml", cwd=root)
    assert done.returncode == 1
    assert done.stdout == "nowhere.yaml:1:1: error: no such file or folder\n"
    assert done.stderr == "1 error(s), 0 warning(s)\n"


def test_warnings_alone_do_not_fail(root):
    text = (root / "briefs" / "fishing-talks.yaml").read_text()
    (root / "briefs" / "fishing-talks.yaml").write_text(text.split("\n", 1)[1])  # without the schema line
    done = briefs("check", "briefs", cwd=root)
    assert done.returncode == 0
    assert done.stdout == (
        "briefs/fishing-talks.yaml:1:1: warning: the first line should be "
        "'# yaml-language-server: $schema=schema/brief.schema.json'\n"
        "checked 3 brief(s): no errors, 1 warning(s)\n"
    )


@pytest.mark.parametrize(
    ("about", "message"),
    [
        ("statement-9", "no item 'statement-9' in this brief, which has 3 statements; did you mean 'statement-3'?"),
        ("context-2", "no item 'context-2' in this brief, which has 1 context item; did you mean 'context-1'?"),
        ("caveat-1", "'caveat-1' names a caveat; a caveat qualifies a statement or a context item: write statement-N or context-N"),
        (
            "Statement-1",
            "'Statement-1' names no item: write the statement or context item the caveat is about "
            "as the page numbers it, statement-N or context-N; did you mean 'statement-1'?",
        ),
        (
            "the deal",
            "'the deal' names no item: write the statement or context item the caveat is about "
            "as the page numbers it, statement-N or context-N; the brief's are statement-1, statement-2, statement-3, ...",
        ),
    ],
)
def test_a_caveat_about_an_item_the_brief_lacks_is_an_error_at_its_place(root, about, message):
    brief = root / "briefs" / "harbour-deal.yaml"
    claim = "    claim: fishing rights would be settled\n"
    brief.write_text(brief.read_text(encoding="utf-8").replace(claim, f"{claim}    about: {about}\n"), encoding="utf-8")
    done = briefs("check", "briefs", cwd=root)
    assert (done.returncode, done.stdout, done.stderr) == (1, f"briefs/harbour-deal.yaml:29:12: error: {message}\n", "1 error(s), 0 warning(s)\n")


def test_a_caveat_about_an_item_the_brief_has_checks(root):
    brief = root / "briefs" / "harbour-deal.yaml"
    claim = "    claim: fishing rights would be settled\n"
    brief.write_text(brief.read_text(encoding="utf-8").replace(claim, f"{claim}    about: statement-2\n"), encoding="utf-8")
    done = briefs("check", "briefs", cwd=root)
    assert (done.returncode, done.stdout) == (0, "checked 3 brief(s): no errors, 0 warning(s)\n")


# -- no input makes a traceback ----------------------------------------------------------


def assert_reported_without_traceback(done: subprocess.CompletedProcess, files: list[str]) -> None:
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert done.returncode == 1, output
    lines = done.stdout.splitlines()
    assert all(LINE.match(line) for line in lines), output
    named = {LINE.match(line)["file"] for line in lines}
    assert set(files) <= named, set(files) - named


def test_no_bad_fixture_makes_a_traceback_checked_together_or_named_one_by_one():
    files = sorted(p.name for p in BAD.glob("*.yaml") if p.name not in ("actors.yaml", "sources.yaml"))
    assert len(files) > 50
    labels = [f"bad/{name}" for name in files]
    assert_reported_without_traceback(briefs("check", "bad", cwd=FIXTURES), labels)
    assert_reported_without_traceback(briefs("check", *labels, cwd=FIXTURES), labels)


def test_no_generated_bad_input_makes_a_traceback(root):
    folder = root / "briefs"
    good = (folder / "harbour-deal.yaml").read_bytes()
    made = {
        "big.yaml": good + b"#" * MAX_BYTES,
        os.fsdecode(b"caf\xe9.yaml"): good,  # a name that is not UTF-8
        "deep.yaml": b"topics: " + b"[" * 100_000,
        "bomb.yaml": (BAD / "yaml-billion-laughs.yaml").read_bytes(),
        "nonchar.yaml": good.replace(b"Port Selby", b"Port \xef\xbf\xbf Selby"),
        "dir.yaml": None,
        "dangling.yaml": "missing-target",
    }
    for name, content in made.items():
        if content is None:
            (folder / name).mkdir()
        elif isinstance(content, str):
            (folder / name).symlink_to(folder / content)
        else:
            (folder / name).write_bytes(content)
    done = briefs("check", "briefs", cwd=root)
    printable = [os.fsencode(name).decode("utf-8", "replace") for name in made]
    assert_reported_without_traceback(done, [f"briefs/{name}" for name in printable])


@pytest.mark.parametrize(
    "registry",
    [
        b"",
        b"- not a mapping\n",
        b"arland: &a {name: Arland, kind: state}\nborvia: *a\n",
        b"arland: {name: Arland, kind: state\n",
        b"\xff\xfe",
        b"arland: {name: Arland, kind: state}\narland: {name: Arland, kind: state}\n",
        None,
    ],
)
def test_no_bad_actor_registry_makes_a_traceback(root, registry):
    path = root / "briefs" / "actors.yaml"
    if registry is None:
        path.unlink()
    else:
        path.write_bytes(registry)
    done = briefs("check", "briefs", cwd=root)
    if registry == b"":
        # an empty registry is a registry without actors: every actor of every brief is unknown
        briefs_named = ["briefs/fishing-talks.yaml", "briefs/harbour-critics.yaml", "briefs/harbour-deal.yaml"]
        assert_reported_without_traceback(done, briefs_named)
    else:
        assert_reported_without_traceback(done, ["briefs/actors.yaml"])


# -- briefs new ---------------------------------------------------------------------------


def test_new_drafts_a_text_article_when_trafilatura_cannot_be_imported(root):
    """Only a saved HTML page needs trafilatura, which fails to import when its lxml extra is missing."""
    unimportable = "import sys; sys.modules['trafilatura'] = None; from briefs.cli import main; sys.exit(main(sys.argv[1:]))"
    article = FIXTURES / "articles" / "harbour-talks.txt"
    done = subprocess.run(
        [sys.executable, "-c", unimportable, "new", str(article), "--folder", "briefs"],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert (root / "briefs" / "harbour-talks.yaml").is_file()


# -- briefs schema -------------------------------------------------------------------------


def test_schema_prints_the_brief_schema(tmp_path):
    done = briefs("schema", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout == schema_text(schemas()["brief.schema.json"])
    assert json.loads(done.stdout)["title"] == "Brief"
    assert '"examples"' not in done.stdout  # without a folder, no ids to offer


def test_schema_prints_the_registry_schema(tmp_path):
    done = briefs("schema", "--registry", cwd=tmp_path)
    assert done.returncode == 0
    assert json.loads(done.stdout) == schemas()["actors.schema.json"]


def test_schema_writes_every_schema(tmp_path):
    done = briefs("schema", "--write", "out/schema", cwd=tmp_path)
    assert done.returncode == 0
    assert sorted(p.name for p in (tmp_path / "out" / "schema").iterdir()) == ["actors.schema.json", "brief.schema.json", "sources.schema.json", "topics.schema.json"]
    for name, schema in schemas().items():
        assert (tmp_path / "out" / "schema" / name).read_text() == schema_text(schema)


def test_schema_of_a_folder_offers_its_ids_where_a_brief_names_an_actor_a_topic_or_a_source(root):
    (root / "briefs" / "topics.yaml").write_text("harbour: {title: The harbour}\ntrade: {title: Trade}\n")
    done = briefs("schema", "--folder", "briefs", cwd=root)
    assert done.returncode == 0, done.stderr
    brief = json.loads(done.stdout)
    actors = ["arland", "bnn", "borvia", "ines-dahl", "mara-olsen", "teodor-vask"]
    sources = ["fishing-talks", "harbour-deal", "harbour-opinion"]
    statement = brief["$defs"]["Statement"]["properties"]
    assert statement["actor"]["examples"] == actors
    assert statement["via"]["anyOf"][0]["examples"] == actors
    assert brief["properties"]["actors"]["items"]["examples"] == actors
    assert brief["properties"]["topics"]["items"]["examples"] == ["harbour", "trade"]
    assert brief["properties"]["sources"]["items"]["oneOf"][0]["examples"] == sources
    assert brief["$defs"]["SourceUse"]["properties"]["id"]["examples"] == sources
    assert brief["$defs"]["Citation"]["properties"]["source"]["examples"] == sources
    assert "examples" not in json.dumps(brief["properties"]["proposed_actors"])  # a new actor's id is new
    done = briefs("schema", "--sources", "--folder", "briefs", cwd=root)
    assert json.loads(done.stdout)["$defs"]["Source"]["properties"]["based_on"]["items"]["examples"] == sources + actors
    done = briefs("schema", "--write", "out", "--folder", "briefs", cwd=root)
    assert done.returncode == 0
    assert (root / "out" / "brief.schema.json").read_text() == schema_text(brief)


def test_a_new_id_still_validates_where_check_allows_it(root):
    brief = json.loads(briefs("schema", "--folder", "briefs", cwd=root).stdout)
    data = {"title": "T", "summary": "S", "published": "2025-03-04", "status": "draft", "sources": ["harbour-deal"],
            "statements": [{"actor": "jon-berg", "quote": "We will see", "cite": {"source": "harbour-deal"}}],
            "proposed_actors": {"jon-berg": {"name": "Jon Berg", "kind": "person"}}}  # fmt: skip
    assert list(jsonschema.Draft202012Validator(brief).iter_errors(data)) == []


def test_schema_of_a_folder_whose_registry_is_broken_writes_nothing(root):
    (root / "briefs" / "actors.yaml").write_text("arland: {name: Arland, kind: country}\n")
    done = briefs("schema", "--write", "out", "--folder", "briefs", cwd=root)
    assert done.returncode == 1
    assert done.stderr == (
        "briefs/actors.yaml:1:30: error: kind: 'country' is not allowed here; use 'person', 'organization', 'media' or 'state'\n"
        "1 error(s) in the registries, whose ids the schemas offer; nothing written\n"
    )
    assert not (root / "out").exists()
    done = briefs("schema", "--folder", "nowhere", cwd=root)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "nowhere: error: no such folder\n")


@pytest.mark.parametrize("name", ["brief.schema.json", "actors.schema.json", "topics.schema.json", "sources.schema.json"])
def test_the_committed_schemas_are_up_to_date_with_the_model_and_the_repository_registries(name):
    ids, problems = registry_ids(REPO / "briefs")
    assert problems == []
    committed = (REPO / "briefs" / "schema" / name).read_text(encoding="utf-8")
    assert committed == schema_text(schemas(ids)[name]), (
        f"briefs/schema/{name} is stale: run `briefs schema --write briefs/schema --folder briefs` and commit the result"
    )


@pytest.mark.parametrize(
    "record",
    [
        b"  snapshot: sources\n",
        b'  snapshot: "sources/\\0.txt"\n',
        b"  snapshot: " + b"x" * 5000 + b"\n",
        b"  snapshot: [sources/harbour-deal.txt]\n",
        b"  url: [1]\n  snapshot: sources/harbour-deal.txt\n",
    ],
)
def test_no_bad_sources_registry_makes_a_traceback(root, record):
    path = root / "briefs" / "sources.yaml"
    path.write_bytes(path.read_bytes() + b"extra:\n  title: A report\n  kind: news\n" + record)
    assert_reported_without_traceback(briefs("check", "briefs", cwd=root), ["briefs/sources.yaml"])


# -- briefs epoch ---------------------------------------------------------------------------


def test_epoch_of_briefs_a_build_cannot_date_is_an_error(root, capsys, monkeypatch):
    from briefs.cli import main

    monkeypatch.chdir(root)
    assert main(["epoch", "briefs"]) == 0
    assert capsys.readouterr().out == "1757462400\n"  # 2025-09-10, the newest brief
    brief = root / "briefs" / "fishing-talks.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("published: 2025-09-10", "published: 0001-01-01"), encoding="utf-8")
    assert main(["epoch", "briefs"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "briefs/fishing-talks.yaml:4:12: error: published 0001-01-01 is outside the dates a site can be built with, 1970-01-01 to 2106-02-07; check the year\n"


# -- values a build cannot hold, and text that misleads readers ------------------------------


def test_check_refuses_prose_over_the_caps_and_warns_of_misleading_text(root, capsys, monkeypatch):
    from briefs.cli import main

    monkeypatch.chdir(root)
    brief = root / "briefs" / "fishing-talks.yaml"
    text = brief.read_text(encoding="utf-8")
    summary = "summary: Talks on fishing rights between Arland and Borvia broke off without an agreement."
    brief.write_text(text.replace(summary, "summary: Talks \u202eon fishing rights broke off, says [the agency](https://bоrvia.example/)."), encoding="utf-8")
    assert main(["check", "briefs"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "briefs/fishing-talks.yaml:3:10: warning: link to https://bоrvia.example/: its host 'bоrvia.example' mixes Cyrillic and Latin letters "
        "in 'bоrvia' ('о' is CYRILLIC SMALL LETTER O); check the address",
        "briefs/fishing-talks.yaml:3:16: warning: U+202E (RIGHT-TO-LEFT OVERRIDE) changes the order in which the text around it is shown: "
        "a reader may see other words than the file holds; remove it",
        "checked 3 brief(s): no errors, 2 warning(s)",
    ]
    brief.write_text(text.replace(summary, "summary: '" + "- " * 1_200 + "a'"), encoding="utf-8")
    assert main(["check", "briefs"]) == 1
    out, err = capsys.readouterr()
    assert out == "briefs/fishing-talks.yaml:3:10: error: summary: 2,401 characters, more than the 2,000 allowed: shorten it, or split it into several items\n"
    assert err == "1 error(s), 0 warning(s)\n"
