"""What a hurried site owner or a hostile contributor can put in a project, run through the real
``briefs check`` and the real ``mkdocs build``: each is refused (or warned about) with a message
that names the file, quickly, without a traceback, and nothing in the project changes.

The time bounds are generous guards against a path that has become slow again, not benchmarks
(bench/failure_bench.py measures).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ENV, FIXTURES, copy_fixture_site

SECRET = "root:$6$hostile-secret-hash:19000:0:99999:7:::"
TIME_BOUND = 30  # seconds, for a check or a build that refuses
BAD = FIXTURES / "bad"


@dataclass(frozen=True)
class Case:
    make: Callable[[Path], None]  # writes the hostile thing into a copy of the fixture project (root/site, root/briefs)
    says: str  # what the output must contain
    level: str = "error"  # "warning": briefs check passes, the strict build fails


def run(root: Path, *args: str) -> tuple[int, str, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", *args], cwd=root, env=ENV, capture_output=True, text=True, timeout=TIME_BOUND * 4)
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def brief(root: Path, name: str, change: Callable[[str], str]) -> None:
    text = (root / "briefs" / "harbour-deal.yaml").read_text(encoding="utf-8")
    (root / "briefs" / name).write_text(change(text), encoding="utf-8")


def link(root: Path, name: str, target: str) -> None:
    (root / "briefs" / name).unlink(missing_ok=True)
    (root / "briefs" / name).symlink_to(target)


def secret_registry(root: Path) -> None:
    secret = root.parent / f"{root.name}-shadow"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    link(root, "actors.yaml", str(secret))


def misquotes_against_a_large_snapshot(root: Path) -> None:
    rng = random.Random(3)
    words = "harbour quay ferry council minister treaty grain border vote tariff fleet port".split()
    paragraphs = [" ".join(rng.choice(words) for _ in range(120)) + "." for _ in range(1200)]  # about 1 MB
    (root / "briefs" / "sources" / "long-report.txt").write_text("A long report\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    with open(root / "briefs" / "sources.yaml", "a", encoding="utf-8") as registry:
        registry.write("long-report: {title: A long report, kind: primary, snapshot: sources/long-report.txt}\n")
    items = "".join(f"  - actor: mara-olsen\n    quote: the minister said {i} things no report has\n    cite: {{source: long-report}}\n" for i in range(20))
    (root / "briefs" / "misquotes.yaml").write_text(
        f"title: Misquotes\nsummary: Twenty quotes the report does not have.\npublished: 2025-03-04\nsources: [long-report]\nstatements:\n{items}",
        encoding="utf-8",
    )


def every_bad_fixture(root: Path) -> None:
    for path in BAD.glob("*.yaml"):
        if path.name not in ("actors.yaml", "sources.yaml"):
            shutil.copy(path, root / "briefs" / path.name)


def option(name: str, value: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        config = root / "site" / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        if name == "site_dir":
            config.write_text(text.replace("site_dir: site", f"site_dir: {value}"), encoding="utf-8")
        else:
            config.write_text(text.replace("briefs_dir: ../briefs", f"briefs_dir: ../briefs\n      {name}: {value}"), encoding="utf-8")

    return make


CASES = {
    "a brief that links to /dev/zero": Case(lambda r: link(r, "zero.yaml", "/dev/zero"), "zero.yaml:1:1: error: this file links to /dev/zero, outside"),
    "a brief that is a FIFO": Case(lambda r: os.mkfifo(r / "briefs" / "pipe.yaml"), "pipe.yaml:1:1: error: this is a FIFO"),
    "a registry that links to a secret outside": Case(secret_registry, "actors.yaml:1:1: error:"),
    "twenty misquotes against a 1 MB snapshot": Case(misquotes_against_a_large_snapshot, "misquotes.yaml:7:12: error: quote not found"),
    "a brief dated 2200": Case(lambda r: brief(r, "late.yaml", lambda t: t.replace("published: 2025-03-04", "published: 2200-01-01")), "late.yaml:4:12: error:"),
    "a brief dated in year 1": Case(
        lambda r: brief(r, "early.yaml", lambda t: t.replace("published: 2025-03-04", "published: 0001-01-01").replace("updated: 2025-03-05\n", "")),
        "early.yaml:4:12: error: published 0001-01-01 is outside the dates a site can be built with",
    ),
    "a summary of 20,000 brackets": Case(
        lambda r: brief(r, "brackets.yaml", lambda t: t.replace("summary: The two", "summary: '" + "[" * 20_000 + "'\nx: The two")), "brackets.yaml:3:10: error: summary: 20,000 characters"
    ),
    "a summary of lists nested 999 deep": Case(
        lambda r: brief(r, "nested.yaml", lambda t: t.replace("summary: The two", "summary: '" + "- " * 999 + "a'\nx: The two")), "nested.yaml:3:10: error: summary: lists and quotes nest 999 deep"
    ),
    "a title with a bidirectional control": Case(
        lambda r: brief(r, "bidi.yaml", lambda t: t.replace("title: Arland and Borvia", "title: Arland and \u202eBorvia")), "bidi.yaml:2:19: warning:", "warning"
    ),
    "every bad fixture at once": Case(every_bad_fixture, "error(s)"),
    "site_dir is the briefs folder": Case(option("site_dir", "../briefs"), "lies inside the briefs folder"),
    "site_dir holds the project": Case(option("site_dir", ".."), "Config value 'site_dir'"),  # MkDocs's own refusal comes first
    "a page folder that leads out of the site": Case(option("briefs_url", "../../escape"), "option 'briefs_url'"),
    "a timeline page that is not a page": Case(option("timeline_page", "timeline"), "option 'timeline_page'"),
}


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    copy_fixture_site(root)
    shutil.rmtree(root / "briefs" / "schema", ignore_errors=True)
    return root


@pytest.mark.parametrize("name", CASES)
def test_hostile_input_is_refused_quickly_by_name_with_nothing_changed(project: Path, name: str):
    case = CASES[name]
    case.make(project)
    before = site_files_of(project)
    if not name.startswith(("site_dir", "a page folder", "a timeline")):  # options are the build's alone
        code, out, seconds = run(project, "briefs.cli", "check", "briefs")
        assert "Traceback" not in out and SECRET not in out, out[-3000:]
        assert case.says in out, out[-3000:]
        assert code == (1 if case.level == "error" else 0)
        assert seconds < TIME_BOUND
    code, out, seconds = run(project / "site", "mkdocs", "build", "--strict")
    assert "Traceback" not in out and SECRET not in out, out[-3000:]
    assert code != 0 and seconds < TIME_BOUND
    if name not in ("every bad fixture at once", "a timeline page that is not a page"):
        assert case.says in out, out[-3000:]
    after = site_files_of(project)
    if case.level == "warning":  # a strict build writes its site, then fails on the warnings
        after = {path: data for path, data in after.items() if not path.startswith("site/site/")}
    assert after == before, "the project changed"


def site_files_of(root: Path) -> dict[str, bytes | str]:
    """Every file of the project, by path; a link or special file by what it is, never read."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[key] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[key] = path.read_bytes()
        elif not path.is_dir():
            found[key] = "special"
    return found

