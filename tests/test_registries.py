"""The registry loader: one for actors, topics and sources, cached while a file is unchanged."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

from briefs.load import MAX_BYTES
from briefs.registries import ACTORS, REGISTRY_FILES, SOURCES, SOURCES_FILE, RegistryCache, load_registries, load_registry
from conftest import FIXTURE_BRIEFS, REFUSED, SECRET, briefs_cli, plant


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    shutil.copytree(FIXTURE_BRIEFS, tmp_path / "briefs", ignore=shutil.ignore_patterns("schema"))
    monkeypatch.chdir(tmp_path)
    return Path("briefs")


def test_a_registry_is_read_once_while_its_file_is_unchanged(folder):
    cache = RegistryCache()
    first = load_registry(folder, SOURCES_FILE, SOURCES, cache)
    assert sorted(first.data) == ["fishing-talks", "harbour-deal", "harbour-opinion"] and first.problems == []
    assert load_registry(folder, SOURCES_FILE, SOURCES, cache) is first
    path = folder / SOURCES_FILE
    path.write_text(path.read_text(encoding="utf-8") + "extra: {title: X, kind: blog, snapshot: sources/x.txt}\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a new modification time, whatever the clock's resolution
    changed = load_registry(folder, SOURCES_FILE, SOURCES, cache)
    assert changed is not first and changed.data is None
    assert [str(p).split(": ", 1)[1] for p in changed.problems] == [
        "error: kind: 'blog' is not allowed here; use 'news', 'opinion', 'analysis', 'state-media', 'primary' or 'wire'"
    ]


def test_a_missing_registry_has_no_data_and_no_problems(folder):
    (folder / SOURCES_FILE).unlink()
    loaded = load_registry(folder, SOURCES_FILE, SOURCES)
    assert (loaded.key, loaded.data, loaded.problems) == (None, None, [])


def test_the_registries_of_a_folder_and_the_snapshots_of_its_sources(folder):
    cache = RegistryCache()
    registries, problems = load_registries(folder, cache)
    assert problems == []
    assert sorted(registries.snapshots) == ["sources/fishing-talks.txt", "sources/harbour-deal.txt", "sources/harbour-opinion.txt"]
    assert registries.actor_names["mara olsen"] == "mara-olsen"
    assert registries.topics is None and not registries.actors_failed and not registries.sources_failed
    again, _ = load_registries(folder, cache)
    assert again.keys == registries.keys
    assert all(again.snapshots[p] is s for p, s in registries.snapshots.items())  # unchanged files are not read again
    (folder / "actors.yaml").write_text("arland: [\n", encoding="utf-8")
    broken, problems = load_registries(folder, cache)
    assert broken.actors_failed and broken.keys != registries.keys
    assert [p.file for p in problems] == ["briefs/actors.yaml"]


def test_briefs_new_and_check_read_the_actors_the_same_way(folder):
    assert load_registry(folder, "actors.yaml", ACTORS).data == load_registries(folder, RegistryCache())[0].actors


def test_a_snapshot_s_archive_is_an_http_url_and_its_date_not_in_the_future(folder):
    path = folder / SOURCES_FILE
    text = path.read_text(encoding="utf-8").replace(
        "  snapshot: sources/harbour-deal.txt\n",
        "  snapshot: sources/harbour-deal.txt\n  retrieved: 2999-01-01\n  archive: ftp://archive.example.org/deal\n",
    )
    path.write_text(text, encoding="utf-8")
    registries, problems = load_registries(folder, RegistryCache())
    assert registries.sources["harbour-deal"].retrieved == dt.date(2999, 1, 1)
    assert [str(p) for p in problems] == [
        "briefs/sources.yaml:15:12: error: 'ftp://archive.example.org/deal' is not an http(s) URL; only absolute http:// and https:// URLs are allowed",
        f"briefs/sources.yaml:14:14: error: retrieved 2999-01-01 is in the future (today is {dt.date.today()}); check the year",
    ]


def test_a_snapshot_retrieved_at_a_time_and_its_warc_file(folder):
    path = folder / SOURCES_FILE
    original = path.read_text(encoding="utf-8")

    def with_lines(lines: str) -> list[str]:
        path.write_text(original.replace("  snapshot: sources/harbour-deal.txt\n", "  snapshot: sources/harbour-deal.txt\n" + lines), encoding="utf-8")
        return [str(p) for p in load_registries(folder, RegistryCache())[1]]

    (folder / "sources" / "harbour-deal.warc.gz").write_bytes(b"")
    digest = "0" * 64
    assert with_lines(f"  retrieved: 2025-06-10T14:03:22Z\n  warc: sources/harbour-deal.warc.gz\n  sha256: {digest}\n") == []
    source = load_registries(folder, RegistryCache())[0].sources["harbour-deal"]
    assert source.retrieved == dt.datetime(2025, 6, 10, 14, 3, 22, tzinfo=dt.UTC)
    assert (source.warc, source.sha256) == ("sources/harbour-deal.warc.gz", digest)
    assert with_lines("  retrieved: 2999-01-01T00:00:00Z\n") == [
        f"briefs/sources.yaml:14:14: error: retrieved 2999-01-01 is in the future (today is {dt.date.today()}); check the year"
    ]
    assert with_lines("  retrieved: 2025-06-10T14:03:22+02:00\n") == [
        "briefs/sources.yaml:14:14: error: retrieved: '2025-06-10T14:03:22+02:00' is neither a date (YYYY-MM-DD) nor a time in UTC (YYYY-MM-DDTHH:MM:SSZ)"
    ]
    assert with_lines("  retrieved: 2025-06-31T14:03:22Z\n") == ["briefs/sources.yaml:14:14: error: retrieved: '2025-06-31T14:03:22Z' is not a real time"]
    assert with_lines("  warc: sources/gone.warc.gz\n") == [
        "briefs/sources.yaml:14:9: error: WARC file 'sources/gone.warc.gz' does not exist (paths are relative to briefs/); restore it, or remove the warc and sha256 lines"
    ]
    assert with_lines("  warc: ../outside.warc.gz\n") == ["briefs/sources.yaml:14:9: error: WARC file '../outside.warc.gz' must be a path inside the briefs folder"]
    assert [p.split(": error: ")[0] for p in with_lines("  sha256: ABC\n")] == ["briefs/sources.yaml:14:11"]


# -- files refused before they are read -------------------------------------------


@pytest.mark.parametrize("kind", sorted(REFUSED))
@pytest.mark.parametrize("name", REGISTRY_FILES)
def test_a_registry_that_is_not_a_file_of_the_folder_is_refused_unread(folder, tmp_path, name, kind):
    plant(folder / name, kind, tmp_path / "shadow")
    started = time.monotonic()
    done = briefs_cli("check", folder, cwd=tmp_path)
    assert time.monotonic() - started < 20
    message = REFUSED[kind].format(secret=(tmp_path / "shadow").resolve())
    assert done.returncode == 1 and f"briefs/{name}:1:1: error: {message}\n" in done.stdout
    assert SECRET not in done.stdout + done.stderr and "Traceback" not in done.stderr


def test_a_registry_over_the_size_limit_is_refused_unread(folder):
    (folder / "topics.yaml").write_text("harbour: {name: " + "x" * MAX_BYTES + "}\n", encoding="utf-8")
    _, problems = load_registries(folder, RegistryCache())
    assert [str(p) for p in problems] == [f"briefs/topics.yaml:1:1: error: file is {MAX_BYTES + 18:,} bytes; the limit is {MAX_BYTES:,}"]


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_a_snapshot_that_is_not_a_file_of_the_folder_is_refused_unread(folder, tmp_path, kind):
    plant(folder / "sources" / "harbour-deal.txt", kind, tmp_path / "shadow")
    done = briefs_cli("check", folder, cwd=tmp_path)
    if kind == "fifo":
        expected = f"briefs/sources/harbour-deal.txt:1:1: error: {REFUSED[kind]}\n"
    else:  # a link out of the folder is no snapshot of it, whatever it links to
        expected = "briefs/sources.yaml:13:13: error: snapshot 'sources/harbour-deal.txt' must be a path inside the briefs folder\n"
    assert done.returncode == 1 and expected in done.stdout
    assert SECRET not in done.stdout + done.stderr and "Traceback" not in done.stderr
