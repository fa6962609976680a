"""The build cache: pages kept as files, checks kept between builds, and ``mkdocs build --dirty`` with a
cache folder leaving the same site, byte for byte, as a full build, after an edit, an added brief, a
deleted brief and an actor renamed; pages whose content did not change are not written again."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

import briefs.buildcache as buildcache
import briefs.library as library_module
import briefs.resolve as resolve_module
from briefs.buildcache import CHECKS, ENTRIES, PIECES, CheckStore, PageFolder, Shards, _write_streamed
from briefs.check import Cache, check_folder
from briefs.digest import Digester
from briefs.library import build_library
from briefs.outputs.common import Items, Piece, Streamed, json_chunks
from conftest import copy_fixture_site

DIRTY_CONFIG = """site_name: Cached briefs
docs_dir: docs
theme:
  name: material
  font: false
markdown_extensions: [admonition, attr_list, toc]
plugins:
  - tags:
      export: false
  - briefs:
      briefs_dir: ../briefs
      cache_dir: ../cache
"""


def test_a_page_folder_rewrites_a_file_only_when_its_content_changes(tmp_path):
    folder = PageFolder.open(tmp_path / "cache" / "pages", salt="one")
    first = folder.keep("briefs/a.md", "text")
    stamp = first.stat().st_mtime_ns
    assert folder.written == {"briefs/a.md"}
    again = PageFolder.open(tmp_path / "cache" / "pages", salt="one")
    again.keep("briefs/a.md", "text")
    assert again.written == set() and first.stat().st_mtime_ns == stamp
    again.keep("briefs/a.md", "other text")
    assert again.written == {"briefs/a.md"} and first.read_text(encoding="utf-8") == "other text"



def test_a_page_folder_writes_a_streamed_file_in_pieces_only_when_its_content_changes(tmp_path):
    folder = PageFolder.open(tmp_path / "cache" / "pages", salt="one")
    first = folder.keep("data/a.json", Streamed(lambda encode: iter([b"{", b'"a":1', b"}"])))
    assert first.read_bytes() == b'{"a":1}' and folder.written == {"data/a.json"}
    stamp = first.stat().st_mtime_ns
    again = PageFolder.open(tmp_path / "cache" / "pages", salt="one")
    again.keep("data/a.json", Streamed(lambda encode: iter([b'{"a":', b"1}"])))
    assert again.written == set() and first.stat().st_mtime_ns == stamp
    again.keep("data/a.json", Streamed(lambda encode: iter([b'{"a":2}'])))
    assert again.written == {"data/a.json"} and first.read_bytes() == b'{"a":2}'
    assert sorted(p.name for p in first.parent.iterdir()) == ["a.json"]  # no piece of a temporary file left

def test_a_page_folder_encodes_a_piece_of_a_data_file_again_only_when_what_it_is_made_from_changed(tmp_path):
    root = tmp_path / "cache" / "pages"
    made: list[str] = []

    def record(name: str, value: int) -> Piece:
        return Piece((name, value), lambda: made.append(name) or {"name": name, "value": value})

    def export(values: dict[str, int]) -> Streamed:
        return Streamed(lambda encode: json_chunks({"items": Items(record(n, v) for n, v in values.items())}, encode))

    def build(values: dict[str, int], salt: str = "one") -> bytes:
        folder = PageFolder.open(root, salt=salt)
        folder.digest = Digester()
        folder.keep("briefs/a.md", "text", key="k1")
        written = folder.keep("data/all.json", export(values)).read_bytes()
        folder.save({})
        return written

    assert build({"a": 1, "b": 2}) == b'{"items":[{"name":"a","value":1},{"name":"b","value":2}]}\n' and made == ["a", "b"]
    made.clear()
    assert build({"a": 1, "b": 3}) == b'{"items":[{"name":"a","value":1},{"name":"b","value":3}]}\n'
    assert made == ["b"]  # a's bytes are the last build's
    made.clear()
    build({"a": 1, "b": 3}, salt="two")
    assert made == ["a", "b"]  # made under other code or options: encoded again
    plain = PageFolder.open(tmp_path / "other", salt="one")  # no digest: nothing kept
    assert plain.keep("data/all.json", export({"a": 1})).read_bytes() == b'{"items":[{"name":"a","value":1}]}\n'
    plain.save({})
    assert any((root.parent / PIECES).iterdir()) and not (tmp_path / PIECES).exists()


def test_shards_write_again_only_the_files_whose_records_changed(tmp_path):
    store = Shards(tmp_path / "records", salt="one")
    records = {f"brief-{i:04d}.yaml": (f"inputs {i}", bytes([i % 256]) * 100) for i in range(200)}
    store.save(records)
    files = sorted((tmp_path / "records").iterdir())
    assert 1 < len(files) <= 16
    for f in files:
        os.utime(f, ns=(0, 0))  # so that a file written again shows, however coarse the clock
    again = Shards(tmp_path / "records", salt="one")
    assert again.load() == records
    changed = {**records, "brief-0007.yaml": ("inputs edited", b"x")}
    del changed["brief-0100.yaml"]
    again.save(changed)
    rewritten = [f.name for f in sorted((tmp_path / "records").iterdir()) if f.stat().st_mtime_ns != 0]
    assert 1 <= len(rewritten) <= 2
    assert Shards(tmp_path / "records", salt="one").load() == changed
    assert Shards(tmp_path / "records", salt="two").load() == {}  # made under other code or options: nothing


def test_a_page_folder_gives_a_page_back_only_under_the_same_key_and_salt(tmp_path):
    root = tmp_path / "cache" / "pages"
    folder = PageFolder.open(root, salt="one")
    folder.keep("briefs/a.md", "text", key="k1")
    folder.keep("data/x.json", b"{}")
    folder.save({"briefs/a.md": "briefs/a/index.html"})
    same = PageFolder.open(root, salt="one")
    assert same.fresh and same.outputs == {"briefs/a.md": "briefs/a/index.html"}
    stored = same.stored("briefs/a.md", "k1")
    assert stored is not None and stored.markdown() == "text"
    assert same.stored("briefs/a.md", "k2") is None
    other = PageFolder.open(root, salt="two")
    assert not other.fresh and other.stored("briefs/a.md", "k1") is None
    assert other.outputs == same.outputs  # where pages were written is known whatever made them


def test_a_page_folder_prunes_what_the_build_did_not_make(tmp_path):
    root = tmp_path / "pages"
    folder = PageFolder.open(root)
    folder.keep("briefs/a.md", "a")
    folder.keep("briefs/gone/b.md", "b")
    later = PageFolder.open(root)
    later.keep("briefs/a.md", "a")
    later.prune()
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == ["briefs", "briefs/a.md"]


def test_a_page_folder_prunes_what_the_last_saved_build_left_and_this_one_did_not_make(tmp_path):
    """Going by the files the last build listed (not by walking the folder): a file no build listed stays."""
    root = tmp_path / "cache" / "pages"
    folder = PageFolder.open(root, salt="one")
    for path in ("briefs/a.md", "briefs/gone/b.md", "timeline/2025.md" + ENTRIES):
        folder.keep(path, path)
    folder.save({})
    (root / "stray.md").write_text("not listed", encoding="utf-8")
    later = PageFolder.open(root, salt="one")
    assert later.files == {"briefs/a.md", "briefs/gone/b.md", "timeline/2025.md" + ENTRIES}
    later.keep("briefs/a.md", "briefs/a.md")
    later.prune()
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == ["briefs", "briefs/a.md", "stray.md"]


def test_stored_checks_are_reused_while_a_brief_its_registries_and_snapshots_are_unchanged(tmp_path):
    copy_fixture_site(tmp_path)
    folder = tmp_path / "briefs"
    first = CheckStore(tmp_path / "cache", salt="s")
    cache = Cache()
    first.warm(folder, cache)
    assert cache.briefs == {}
    fresh = check_folder(folder, cache=cache)
    first.save(cache)

    def warmed() -> Cache:
        warm = Cache()
        CheckStore(tmp_path / "cache", salt="s").warm(folder, warm)
        return warm

    assert sorted(p.name for p in warmed().briefs) == ["fishing-talks.yaml", "harbour-critics.yaml", "harbour-deal.yaml"]
    again = check_folder(folder, cache=warmed())
    assert again.problems == fresh.problems
    assert [cb.brief for cb in again.briefs] == [cb.brief for cb in fresh.briefs]
    assert [cb.anchors for cb in again.briefs] == [cb.anchors for cb in fresh.briefs]

    brief = folder / "harbour-deal.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "harbour-deal.yaml" not in {p.name for p in warmed().briefs}
    warm = Cache()
    CheckStore(tmp_path / "cache", salt="other code").warm(folder, warm)
    assert warm.briefs == {}
    snapshot = next((folder / "sources").glob("*.txt"))
    snapshot.write_text(snapshot.read_text(encoding="utf-8") + "\nA paragraph more.\n", encoding="utf-8")
    left = {p.name for p in warmed().briefs}
    assert len(left) < 3  # the briefs citing that snapshot are checked again


def test_stored_briefs_are_resolved_and_glanced_once_and_pickled_again_only_when_checked_again(tmp_path, monkeypatch):
    copy_fixture_site(tmp_path)
    folder, root = tmp_path / "briefs", tmp_path / "cache"
    first = CheckStore(root, salt="s")
    cache = Cache()
    first.warm(folder, cache)
    library = build_library(check_folder(folder, cache=cache), kept=first.kept)
    first.save(cache)
    stored = Shards(root / CHECKS, "s").load()

    calls: list[str] = []
    real, real_shared = resolve_module.resolve, library_module.find_shared
    monkeypatch.setattr(resolve_module, "resolve", lambda cb, *a, **k: calls.append(cb.slug) or real(cb, *a, **k))
    monkeypatch.setattr(library_module, "find_shared", lambda *a, **k: calls.append("find_shared") or real_shared(*a, **k))
    real_glance = library_module.glance
    monkeypatch.setattr(library_module, "glance", lambda cb, *a: calls.append(f"glance {cb.slug}") or real_glance(cb, *a))
    brief = folder / "harbour-deal.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    second = CheckStore(root, salt="s")
    warm = Cache()
    second.warm(folder, warm)
    again = build_library(check_folder(folder, cache=warm), kept=second.kept)
    second.save(warm)
    # the others are as the last build resolved them and found their origins; the sources' texts as they were
    assert calls == ["harbour-deal", "glance harbour-deal"]
    assert {slug: at for slug, at in again.glance.items() if slug != "harbour-deal"} == {
        slug: at for slug, at in library.glance.items() if slug != "harbour-deal"
    }
    assert [cb.brief for cb in again.briefs if cb.slug != "harbour-deal"] == [cb.brief for cb in library.briefs if cb.slug != "harbour-deal"]
    assert next(cb for cb in again.briefs if cb.slug == "harbour-deal").brief.title.startswith("Edited ")
    restored = Shards(root / CHECKS, "s").load()
    assert restored["fishing-talks.yaml"] == stored["fishing-talks.yaml"]  # not pickled again
    assert restored["harbour-deal.yaml"] != stored["harbour-deal.yaml"]


def _build(site: Path, out: Path, *, dirty: bool, config_file: str = "mkdocs.yml") -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(site / config_file), site_dir=str(out))
    config.plugins.on_startup(command="build", dirty=dirty)
    try:
        mkdocs_build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _stamps(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


@pytest.fixture()
def cached_site(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(buildcache, "ENTRIES_KEPT_FROM", 1)  # every page's entries kept, as a large site's long lists are
    site = copy_fixture_site(tmp_path)
    (site / "docs" / "tags.md").unlink()
    (site / "mkdocs.yml").write_text(DIRTY_CONFIG, encoding="utf-8")
    (site / "full.yml").write_text(DIRTY_CONFIG.replace("      cache_dir: ../cache\n", ""), encoding="utf-8")
    monkeypatch.chdir(site)
    _build(site, tmp_path / "out", dirty=False)
    return site


def _same_as_a_full_build(site: Path) -> dict[str, bytes]:
    """Build the site again with --dirty, then from scratch without the cache; the two trees must be equal."""
    out, full = site.parent / "out", site.parent / "full"
    before, stamps = _tree(out), _stamps(out)
    _build(site, out, dirty=True)
    shutil.rmtree(full, ignore_errors=True)
    _build(site, full, dirty=False, config_file="full.yml")
    after, reference = _tree(out), _tree(full)
    assert sorted(after) == sorted(reference)
    assert [path for path in after if after[path] != reference[path]] == []
    pages = [path for path in after if path.endswith(".html") and path not in ("404.html",)]
    unchanged = [path for path in pages if before.get(path) == after[path]]
    assert unchanged, "some page is the same after the change"
    rewritten = [(path, stamps[path], _stamps(out)[path]) for path in unchanged if _stamps(out)[path] != stamps[path]]
    assert rewritten == [], "pages whose content did not change are not written again"
    return {path: after[path] for path in pages if before.get(path) != after[path]}


def test_a_dirty_build_after_an_edit_is_a_full_build(cached_site):
    brief = cached_site.parent / "briefs" / "harbour-critics.yaml"
    text = brief.read_text(encoding="utf-8")
    assert "title: " in text
    brief.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    changed = _same_as_a_full_build(cached_site)
    assert "briefs/harbour-critics/index.html" in changed
    assert b"Edited " in changed["briefs/harbour-critics/index.html"]


def test_a_page_made_again_renders_only_the_entries_whose_records_changed(cached_site):
    """The timeline's year lists the events of every brief; after one brief is edited, the events of the others are
    taken as the last build made them (here marked, to tell them apart) and only the edited brief's are rendered."""
    entries = cached_site.parent / "cache" / "pages" / ("timeline/2025.md" + ENTRIES)
    format_, salt, held = pickle.loads(entries.read_bytes())
    marked = {key: kept.replace("Fishing talks stall", "Fishing talks stall (as kept)") if isinstance(kept, str) else kept for key, kept in held.items()}
    assert marked != held
    entries.write_bytes(pickle.dumps((format_, salt, marked)))
    brief = cached_site.parent / "briefs" / "harbour-critics.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    _build(cached_site, cached_site.parent / "out", dirty=True)
    year = (cached_site.parent / "out" / "timeline" / "2025" / "index.html").read_text(encoding="utf-8")
    assert "Fishing talks stall (as kept)" in year
    assert "Edited Critics of the harbour deal" in year


def test_a_dirty_build_after_a_brief_is_added_is_a_full_build(cached_site):
    briefs = cached_site.parent / "briefs"
    text = (briefs / "fishing-talks.yaml").read_text(encoding="utf-8")
    (briefs / "fishing-talks-again.yaml").write_text(text.replace("title: ", "title: Again ", 1), encoding="utf-8")
    changed = _same_as_a_full_build(cached_site)
    assert "briefs/fishing-talks-again/index.html" in changed


def test_a_dirty_build_after_a_brief_is_deleted_is_a_full_build(cached_site):
    (cached_site.parent / "briefs" / "fishing-talks.yaml").unlink()
    _same_as_a_full_build(cached_site)
    assert not (cached_site.parent / "out" / "briefs" / "fishing-talks").exists()


def test_a_dirty_build_after_an_actor_is_renamed_is_a_full_build(cached_site):
    briefs = cached_site.parent / "briefs"
    for path in briefs.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("ines-dahl", "ines-dahl-olsen"), encoding="utf-8")
    changed = _same_as_a_full_build(cached_site)
    assert "actors/ines-dahl-olsen/index.html" in changed
    assert not (cached_site.parent / "out" / "actors" / "ines-dahl").exists()


EDITS = {  # file in the briefs folder -> (text in it, its replacement): each changes pages of several kinds
    "a caveat's note": ("harbour-critics.yaml", "A judgement of the columnist", "A view of the columnist"),
    "a brief's topics": ("harbour-critics.yaml", "topics: [harbour]", "topics: [harbour, fishing]"),
    "a brief's date": ("harbour-critics.yaml", "published: 2025-03-20", "published: 2024-11-02"),
    "a quote's speaker": ("harbour-critics.yaml", "  - actor: ines-dahl\n", "  - actor: teodor-vask\n"),
    "an actor's role": ("actors.yaml", "role: Opposition leader", "role: Former opposition leader"),
    "a source's title": ("sources.yaml", "title: The harbour deal is a mistake", "title: The harbour deal, a mistake"),
    "a source's kind": ("sources.yaml", "  kind: opinion\n", "  kind: news\n"),  # what briefs citing it show at a glance
    "a snapshot's text": ("sources/harbour-opinion.txt", "", "A paragraph the columnist added.\n\n"),
}


@pytest.mark.parametrize("edit", EDITS)
def test_a_dirty_build_after_any_kind_of_edit_is_a_full_build(cached_site, edit):
    """Each page kept from the last build must have been made from what it would be made from now: an edit that
    shows on actor, topic, source, caveat and timeline pages leaves none of them stale."""
    name, old, new = EDITS[edit]
    path = cached_site.parent / "briefs" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    changed = _same_as_a_full_build(cached_site)
    assert any(page.startswith(("actors/", "topics/", "sources/", "caveats/", "timeline/")) for page in changed)


def test_a_dirty_build_under_other_options_builds_everything_again(cached_site):
    config = cached_site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: Cached briefs", "site_name: Renamed briefs"), encoding="utf-8")
    (cached_site / "full.yml").write_text(config.read_text(encoding="utf-8").replace("      cache_dir: ../cache\n", ""), encoding="utf-8")
    out = cached_site.parent / "out"
    _build(cached_site, out, dirty=True)
    _build(cached_site, cached_site.parent / "full", dirty=False, config_file="full.yml")
    assert _tree(out) == _tree(cached_site.parent / "full")
    assert b"Renamed briefs" in (out / "briefs" / "harbour-deal" / "index.html").read_bytes()


def test_a_dirty_build_refuses_material_search_which_would_index_only_the_changed_pages(cached_site, caplog):
    from mkdocs.exceptions import Abort

    config = cached_site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - search\n"), encoding="utf-8")
    with pytest.raises(Abort):
        _build(cached_site, cached_site.parent / "out", dirty=True)
    assert "search plugin indexes only the pages a --dirty build builds again" in caplog.text


def test_a_build_that_keeps_nothing_for_the_next_writes_its_data_files_but_no_page_file(cached_site, tmp_path):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(cached_site / "full.yml"), site_dir=str(tmp_path / "plain"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
        folder = config.plugins["briefs"].page_dir
        written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    finally:
        config.plugins.on_shutdown()
    assert written == ["data/briefs.json", "data/briefs.schema.json", "data/sources.csl.json", "feed.xml"]
    assert _tree(tmp_path / "plain") == _tree(cached_site.parent / "out")  # the same site as with a build cache


def test_a_data_file_written_in_pieces_is_compared_by_its_recorded_digest_only_while_it_is_as_recorded(tmp_path):
    target = tmp_path / "data" / "briefs.json"
    changed, known = _write_streamed(target, iter([b"[1,", b"2]"]), None)
    assert changed and target.read_bytes() == b"[1,2]"
    changed, again = _write_streamed(target, iter([b"[1,2]"]), known)
    assert not changed and again == known  # the same bytes: the file is left as it was
    target.write_bytes(b"[3,4]")  # changed by hand since: its recorded digest no longer tells what it holds
    os.utime(target, ns=(known[2] + 10**9, known[2] + 10**9))
    changed, _ = _write_streamed(target, iter([b"[1,2]"]), known)
    assert changed and target.read_bytes() == b"[1,2]"
