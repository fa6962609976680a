"""``build_site``: the one build of a site that the plugin, ``briefs export`` and ``briefs epoch`` share."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import briefs.export
import briefs.plugin
from briefs.build import BuildCache, SiteBuild, build_site
from briefs.check import check_folder
from briefs.export import export
from briefs.kinds import CAVEAT_KINDS
from briefs.outputs.csl import CSL
from briefs.outputs.feed import FEED
from briefs.outputs.library_json import DATA, DATA_SCHEMA
from briefs.pages import default_options, options_from_config
from briefs.plugin import BriefsConfig
from briefs.render import CAVEAT_KINDS_MARKER, LATEST_MARKER, STYLESHEET, STYLESHEET_SOURCE
from conftest import FIXTURE_BRIEFS, copy_fixture_site

SLUGS = ["fishing-talks", "harbour-critics", "harbour-deal"]


@pytest.fixture(scope="module")
def fixture_build() -> SiteBuild:
    return build_site(FIXTURE_BRIEFS, default_options(site_url="https://briefs.example.org/"), include_drafts=False)


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture briefs as ``briefs/`` in the working directory, to change."""
    shutil.copytree(FIXTURE_BRIEFS, tmp_path / "briefs", ignore=shutil.ignore_patterns("schema"))
    monkeypatch.chdir(tmp_path)
    return Path("briefs")


def add_draft(folder: Path) -> None:
    text = (folder / "fishing-talks.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Fishing talks stall\n", "title: Fishing talks to resume\nstatus: draft\n", 1)
    (folder / "fishing-resume.yaml").write_text(text, encoding="utf-8")


def test_builds_every_page_of_the_fixture_briefs(fixture_build):
    assert fixture_build.problems == [] and fixture_build.errors == []
    paths = {page.path for page in fixture_build.pages}
    assert {f"briefs/{slug}.md" for slug in SLUGS} <= paths
    assert {"briefs/index.md", "actors/index.md", "topics/index.md", "sources/index.md", "timeline.md"} <= paths
    assert {"actors/ines-dahl.md", "timeline/2025.md"} <= paths
    assert len(paths) == len(fixture_build.pages)
    assert [cb.slug for cb in fixture_build.library.briefs] == SLUGS


def test_builds_the_data_files(fixture_build):
    assert set(fixture_build.data) == {FEED, DATA, DATA_SCHEMA, CSL}
    assert b"https://briefs.example.org/briefs/harbour-deal/" in fixture_build.data[FEED]
    assert all(bytes(content) for content in fixture_build.data.values())


def test_lists_the_assets(fixture_build):
    assert fixture_build.stylesheets == {STYLESHEET: STYLESHEET_SOURCE}
    assert STYLESHEET_SOURCE.is_file()
    assert fixture_build.theme_overrides.is_dir() and any(fixture_build.theme_overrides.rglob("*.html"))


def test_puts_the_latest_briefs_where_a_page_asks_for_them(fixture_build):
    page = f"# Home\n\n{LATEST_MARKER}\n"
    filled = fixture_build.with_markers(page, "index.md")
    assert LATEST_MARKER not in filled
    assert 'href="briefs/harbour-deal/"' in filled and filled.startswith("# Home\n")
    assert fixture_build.with_markers("# About\n", "about.md") == "# About\n"


def test_the_list_of_caveat_kinds_comes_from_the_kinds_table(fixture_build):
    filled = fixture_build.with_markers(f"# Methods\n\n{CAVEAT_KINDS_MARKER}\n", "methods.md")
    assert CAVEAT_KINDS_MARKER not in filled
    for kind, info in CAVEAT_KINDS.items():
        assert f"- **{kind}**: {info.description}\n" in filled + "\n"


def test_makes_the_navigation_and_the_epoch(fixture_build):
    assert fixture_build.nav(["index.md", "about.md"])[:2] == [{"Home": "index.md"}, {"Briefs": "briefs/index.md"}]
    assert fixture_build.source_date_epoch == int(dt.datetime(2025, 9, 10, tzinfo=dt.UTC).timestamp())


def test_returns_the_problems_of_a_broken_brief_instead_of_raising(folder):
    path = folder / "fishing-talks.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: reportage\n", "kind: reportage\nbogus: 1\n"), encoding="utf-8")
    build = build_site(folder, default_options(), include_drafts=False)
    assert build.problems == check_folder(folder).problems
    (error,) = build.errors
    assert str(error).startswith("briefs/fishing-talks.yaml:") and "unknown key 'bogus'" in str(error)
    assert build.library is None and build.pages == [] and build.data == {}
    assert build.drafts == [] and build.source_date_epoch == 0


def test_a_warning_does_not_stop_the_build(folder):
    path = folder / "harbour-critics.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    build = build_site(folder, default_options(), include_drafts=False)
    (warning,) = build.problems
    assert warning.level == "warning" and build.warnings == [warning] and build.errors == []
    assert "briefs/harbour-critics.md" in {page.path for page in build.pages}


def test_drafts_are_skipped_unless_included(folder):
    add_draft(folder)
    skipped = build_site(folder, default_options(), include_drafts=False)
    assert skipped.drafts == ["fishing-resume"]
    assert [(Path(p.file).name, p.level) for p in skipped.problems] == [("fishing-resume.yaml", "warning")]
    assert "is a draft and is left out of the site; set status: published to publish it" in skipped.problems[0].message
    assert "briefs/fishing-resume.md" not in {page.path for page in skipped.pages}
    assert b"fishing-resume" not in bytes(skipped.data[DATA])
    included = build_site(folder, default_options(), include_drafts=True)
    assert included.drafts == []
    assert "briefs/fishing-resume.md" in {page.path for page in included.pages}
    assert b"fishing-resume" in bytes(included.data[DATA])


def test_a_published_draft_naming_an_unknown_actor_is_an_error(folder):
    add_draft(folder)
    draft = folder / "fishing-resume.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace("  - actor: teodor-vask", "  - actor: todo", 1), encoding="utf-8")
    assert build_site(folder, default_options(), include_drafts=False).errors == []  # skipped, so not published
    build = build_site(folder, default_options(), include_drafts=True)
    (error,) = build.errors
    assert str(error).startswith("briefs/fishing-resume.yaml:1:1: error: actor 'todo' ")
    assert build.library is None and build.pages == []


def test_a_cache_reuses_the_pages_of_unchanged_briefs(folder):
    cache = BuildCache()

    def bodies() -> dict[str, str]:
        pages = build_site(folder, default_options(), include_drafts=False, cache=cache).pages
        return {page.path: page.body for page in pages if page.path.startswith("briefs/") and page.path != "briefs/index.md"}

    first, again = bodies(), bodies()
    assert sorted(first) == [f"briefs/{slug}.md" for slug in SLUGS]
    assert all(again[path] is first[path] for path in first)
    path = folder / "fishing-talks.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Fishing talks stall", "title: Fishing talks stop"), encoding="utf-8")
    changed = bodies()
    assert "Fishing talks stop" in changed["briefs/fishing-talks.md"] and "Fishing talks stop" not in first["briefs/fishing-talks.md"]


# -- one schema, one build ------------------------------------------------------------------


def test_the_schemas_defaults_are_the_options_defaults():
    config = BriefsConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    assert options_from_config(config, directory_urls=True, site_url=None, site_name=None) == default_options()


def test_the_plugin_and_export_make_the_same_build(tmp_path, monkeypatch):
    """The plugin under ``mkdocs build`` and ``briefs export`` call build_site with the same arguments
    and get the same pages and data files."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    site = copy_fixture_site(tmp_path)
    config_file = site / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace("site_name:", "site_url: https://briefs.example.org/sub/\nsite_name:"),
        encoding="utf-8",
    )
    calls: dict[str, tuple] = {}

    def recording(name):
        def build(folder, options, *, include_drafts, cache=None, pages=None, checks=None):
            built = build_site(folder, options, include_drafts=include_drafts, cache=cache, pages=pages, checks=checks)
            pages = [(page.path, page.markdown()) for page in built.pages]
            calls[name] = (Path(folder).resolve(), options, include_drafts, pages, {p: bytes(c) for p, c in built.data.items()})
            return built

        return build

    monkeypatch.setattr(briefs.plugin, "build_site", recording("plugin"))
    monkeypatch.setattr(briefs.export, "build_site", recording("export"))
    config = load_config(str(config_file), site_dir=str(tmp_path / "out"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    assert export(config_file, tmp_path / "exported").errors == []
    assert calls["plugin"][1].site_url == "https://briefs.example.org/sub/"
    assert calls["plugin"] == calls["export"]


@pytest.mark.parametrize("path", ["../escape/index.md", "/tmp/x.md", "a/../../b.md", "a\\b.md", "C:/x.md"])
def test_the_last_guard_refuses_any_file_a_build_would_write_outside_its_site(path):
    """Options are validated before anything is built; this guard holds should a page path still lead out."""
    from briefs.build import SiteBuild, outside_site
    from briefs.render import Page

    build = SiteBuild(Path("briefs"), default_options(), [], pages=[Page("briefs/ok.md", "ok", ""), Page(path, "out", "")])
    refused = outside_site(build)
    assert refused is not None and f"'{path}'" in refused and "outside the site's folder" in refused
    assert outside_site(SiteBuild(Path("briefs"), default_options(), [], pages=[Page("briefs/ok.md", "ok", "")])) is None
