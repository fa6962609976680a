"""``briefs export``: plain Markdown that MkDocs and Material build, without the plugin, into the same site."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
import yaml
from test_render import TITLE, add_hostile_brief

from briefs.cli import main
from conftest import ENV, Built, briefs_cli, build, copy_fixture_site, only_markdown_warnings, site_files, text_of

PROBLEM_LINE = re.compile(r"^\S+:\d+:\d+: (?:error|warning): .*$", re.M)
LASTMOD = re.compile(rb"<lastmod>\d{4}-\d{2}-\d{2}</lastmod>")


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Built, Built, Path]:
    """The fixture site (with the payload brief) built with the plugin, and exported then built with plain MkDocs."""
    root = tmp_path_factory.mktemp("export")
    copy_fixture_site(root)
    add_hostile_brief(root / "briefs")
    with_plugin = build(root / "site" / "mkdocs.yml", root / "with-plugin", cwd=root, strict=False)
    assert only_markdown_warnings(with_plugin.log), with_plugin.log
    exported = briefs_cli("export", "exported", "--config", "site/mkdocs.yml", cwd=root)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    plain = build(root / "exported" / "mkdocs.yml", root / "plain", cwd=root)
    return with_plugin, plain, root / "exported"


def test_exported_config_has_no_briefs_plugin(sites):
    _, plain, exported = sites
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert names == ["search", "tags"]
    assert config["docs_dir"] == "docs" and "site_dir" not in config
    assert {"Briefs": "briefs/index.md"} in config["nav"]
    assert (exported / "docs" / "briefs" / "harbour-deal.md").is_file()
    assert "WARNING" not in plain.log


def comparable(name: str, content: bytes) -> bytes:
    """A file as both builds must agree on it.

    The sitemap's ``lastmod`` is the day of the build: the two builds agree on it
    unless midnight falls between them, so it is left out of the comparison.
    """
    if name == "sitemap.xml.gz":
        content = gzip.decompress(content)
    if name.startswith("sitemap.xml"):
        content = LASTMOD.sub(b"<lastmod/>", content)
    return content


def test_same_site_byte_for_byte(sites):
    with_plugin, plain, _ = sites
    expected, got = site_files(with_plugin.out), site_files(plain.out)
    assert sorted(got) == sorted(expected)
    assert "briefs/harbour-deal/index.html" in got and "assets/briefs/briefs.css" in got
    assert "briefs/payloads/index.html" in got
    differ = [name for name in expected if got[name] != expected[name]]
    if LASTMOD.findall(got["sitemap.xml"]) == LASTMOD.findall(expected["sitemap.xml"]):
        assert differ == []
    # else only the sitemap may differ, and only in its dates (a build on each side of midnight)
    assert all(name.startswith("sitemap.xml") for name in differ), differ
    for name in differ:
        assert comparable(name, got[name]) == comparable(name, expected[name])


def test_exported_pages_escape_like_the_plugin(sites):
    _, plain, _ = sites
    page = plain.page("briefs/payloads/")
    assert page.findtext(".//title") == f"{TITLE} - Fixture briefs"
    assert text_of(plain.article("briefs/payloads/").xpath(".//h1")[0]) == TITLE
    assert not [s for s in page.iter("script") if "alert" in (s.text or "") and s.get("type") != "application/ld+json"]


def test_export_refuses_a_folder_that_is_not_empty(tmp_path):
    copy_fixture_site(tmp_path)
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("mine\n", encoding="utf-8")
    result = briefs_cli("export", "out", "--config", "site/mkdocs.yml", cwd=tmp_path)
    assert result.returncode == 1
    assert "not empty" in result.stderr
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert (target / "keep.txt").read_text(encoding="utf-8") == "mine\n"


def test_export_into_an_empty_folder(tmp_path):
    copy_fixture_site(tmp_path)
    (tmp_path / "out").mkdir()
    result = briefs_cli("export", "out", "--config", "site/mkdocs.yml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "mkdocs.yml").is_file()


def test_export_of_briefs_with_errors_prints_them_and_writes_nothing(tmp_path):
    copy_fixture_site(tmp_path)
    brief = tmp_path / "briefs" / "fishing-talks.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("kind: reportage\n", "kind: reportage\nbogus: 1\n"), encoding="utf-8")
    checked = briefs_cli("check", "briefs", cwd=tmp_path)
    result = briefs_cli("export", "out", "--config", "site/mkdocs.yml", cwd=tmp_path)
    assert result.returncode == 1
    printed = PROBLEM_LINE.findall(result.stdout)
    assert printed == PROBLEM_LINE.findall(checked.stdout)
    assert printed and "unknown key 'bogus'" in printed[0] and printed[0].startswith("briefs/fishing-talks.yaml:")
    assert "nothing exported" in result.stderr
    assert not (tmp_path / "out").exists()


def test_export_keeps_tagged_values_and_the_sites_own_not_in_nav(tmp_path):
    site = copy_fixture_site(tmp_path)
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "extra:\n  home: !ENV [BRIEFS_TEST_HOME, 'none']\n"
        + "not_in_nav: |\n  /drafts/\n",
        encoding="utf-8",
    )
    exported = briefs_cli("export", "exported", "--config", "site/mkdocs.yml", cwd=tmp_path)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    text = (tmp_path / "exported" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "home: !ENV" in text and "BRIEFS_TEST_HOME" in text
    not_in_nav = yaml.load(text, Loader=yaml.BaseLoader)["not_in_nav"].split()
    assert not_in_nav[0] == "/drafts/" and "/briefs/harbour-deal.md" in not_in_nav
    plain = build(tmp_path / "exported" / "mkdocs.yml", tmp_path / "plain", cwd=tmp_path)
    assert "WARNING" not in plain.log


def test_export_of_a_site_without_its_docs_folder_is_an_error(tmp_path):
    site = copy_fixture_site(tmp_path)
    for page in (site / "docs").iterdir():
        page.unlink()
    (site / "docs").rmdir()
    exported = briefs_cli("export", "exported", "--config", "site/mkdocs.yml", cwd=tmp_path)
    assert exported.returncode == 1
    assert "Traceback" not in exported.stderr and "error:" in exported.stderr


OPTION_ERROR = re.compile(r"Config value 'plugins': (Plugin 'briefs' option '(\w+)': .*)$", re.M)


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("include_drafts", "'no'"),
        ("latest", "-1"),
        ("latest", "'5'"),
        ("latest", "true"),
        ("briefs_url", "3"),
        ("briefs_url", "../../escape"),
        ("timeline_page", "timeline"),
        ("caveats_url", "sources/caveats"),
    ],
)
def test_a_bad_option_fails_the_same_under_mkdocs_properdocs_and_export(tmp_path, option, value):
    site = copy_fixture_site(tmp_path)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"      {option}: {value}\n", encoding="utf-8")
    messages = {}
    for generator in ("mkdocs", "properdocs"):
        failed = build(config, tmp_path / generator, generator=generator, cwd=tmp_path, check=False)
        assert failed.process.returncode != 0 and "Traceback" not in failed.log
        messages[generator] = OPTION_ERROR.findall(failed.log)
        assert not (tmp_path / generator).exists()
    exported = briefs_cli("export", "exported", "--config", "site/mkdocs.yml", cwd=tmp_path)
    assert exported.returncode == 1 and "Traceback" not in exported.stderr
    assert exported.stderr.startswith("error: site/mkdocs.yml: Config value 'plugins': ")
    messages["export"] = OPTION_ERROR.findall(exported.stderr)
    assert not (tmp_path / "exported").exists()
    ((message, name),) = messages["mkdocs"]
    assert name == option
    assert messages == {"mkdocs": [(message, name)], "properdocs": [(message, name)], "export": [(message, name)]}


def test_export_warns_of_an_unknown_option_like_mkdocs(tmp_path):
    site = copy_fixture_site(tmp_path)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      latests: 3\n", encoding="utf-8")
    relaxed = build(config, tmp_path / "out", cwd=tmp_path, strict=False)
    exported = briefs_cli("export", "exported", "--config", "site/mkdocs.yml", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    warning = "Config value 'plugins': Plugin 'briefs' option 'latests': Unrecognised configuration name: latests"
    assert warning in relaxed.log
    assert f"warning: site/mkdocs.yml: {warning}\n" in exported.stderr


@pytest.mark.parametrize("where", ["briefs/out", "site/docs/out", "briefs"])
def test_export_never_writes_into_the_briefs_or_docs_folder(tmp_path, where):
    site = copy_fixture_site(tmp_path)
    before = site_files(tmp_path)
    done = briefs_cli("export", tmp_path / where, "--config", "mkdocs.yml", cwd=site)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "is, holds or lies inside the" in done.stderr or "not empty" in done.stderr
    assert site_files(tmp_path) == before


# -- what MkDocs accepts in mkdocs.yml, and nothing left behind -------------------------

TAGGED = """\
INHERIT: base.yml
site_name: !ENV [BRIEFS_TEST_SITE_NAME, "Briefs"]
"""
EXTENSIONS = """\
  - pymdownx.snippets:
      base_path: !relative $config_dir/snippets
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
plugins:
"""


def export_main(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main(["export", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_reads_every_tag_mkdocs_accepts_and_the_export_builds_the_same(tmp_path, capsys, monkeypatch):
    site = copy_fixture_site(tmp_path)
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("site_name: Fixture briefs\n", TAGGED)
    text = text.replace("plugins:\n", EXTENSIONS).replace("site_description: Explainer briefs, every quote checked against its source.\n", "")
    config.write_text(text.replace("      briefs_dir: ../briefs\n", "      briefs_dir: ../briefs\n      include_drafts: !ENV [BRIEFS_TEST_DRAFTS, false]\n"), encoding="utf-8")
    (site / "base.yml").write_text("site_description: Said in the configuration the site inherits.\n", encoding="utf-8")
    (site / "snippets").mkdir()
    (site / "snippets" / "note.md").write_text("A note from the snippets folder.\n", encoding="utf-8")
    (site / "docs" / "about.md").write_text('# About\n\n--8<-- "note.md"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFS_TEST_SITE_NAME", "Tagged briefs")
    monkeypatch.setitem(ENV, "BRIEFS_TEST_SITE_NAME", "Tagged briefs")  # for the builds, run as processes of their own
    code, out, err = export_main(capsys, "exported", "--config", "site/mkdocs.yml")
    assert (code, err) == (0, ""), out
    written = (tmp_path / "exported" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: !ENV\n- BRIEFS_TEST_SITE_NAME\n- Briefs\n" in written
    assert "INHERIT" not in written and "site_description: Said in the configuration the site inherits.\n" in written
    assert "base_path: !relative '$config_dir/../site/snippets'" in written  # where it pointed, from the exported folder
    assert "format: !!python/name:pymdownx.superfences.fence_code_format" in written
    with_plugin = build(config, tmp_path / "with-plugin", cwd=tmp_path)
    plain = build(tmp_path / "exported" / "mkdocs.yml", tmp_path / "plain", cwd=tmp_path)
    for built in (with_plugin, plain):
        page = built.page("briefs/harbour-deal/")
        assert page.findtext(".//title").endswith(" - Tagged briefs")
        assert "A note from the snippets folder." in text_of(built.article("about/"))


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("use_directory_urls: 'yes'", "site/mkdocs.yml: Config value 'use_directory_urls': Expected type: <class 'bool'> but received: <class 'str'>"),
        ("site_url: 3", "site/mkdocs.yml: Config value 'site_url': Expected a string, got <class 'int'>"),
        ("site_name: !ENV [BRIEFS_TEST_UNSET]", "site/mkdocs.yml: Config value 'site_name': Required configuration not provided."),
        ("docs_dir: !relative $nowhere/docs", "site/mkdocs.yml: cannot read the site configuration: Unknown prefix '$nowhere' in !relative '$nowhere/docs'"),
        ("extra: !include other.yml", "site/mkdocs.yml: cannot read the site configuration: MkDocs encountered an error parsing the configuration file: could not determine a constructor for the tag '!include'"),
    ],
)
def test_a_setting_mkdocs_refuses_is_an_error_and_nothing_is_written(tmp_path, capsys, monkeypatch, setting, message):
    site = copy_fixture_site(tmp_path)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + setting + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = site_files(tmp_path)
    code, out, err = export_main(capsys, "new/exported", "--config", "site/mkdocs.yml")
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {message}"), err
    assert site_files(tmp_path) == before and not (tmp_path / "new").exists()


def test_an_export_that_fails_while_writing_leaves_nothing_behind(tmp_path, capsys, monkeypatch):
    site = copy_fixture_site(tmp_path)
    (site / "docs" / "briefs").mkdir()
    (site / "docs" / "briefs" / "harbour-deal.md").write_text("# Mine\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    before = site_files(tmp_path)
    for target in ("new/deep/exported", "empty"):
        code, out, err = export_main(capsys, target, "--config", "site/mkdocs.yml")
        assert (code, out) == (1, "")
        assert err == "error: docs/briefs/harbour-deal.md would be replaced by a generated page; rename or move it\n"
        assert site_files(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["briefs", "empty", "site"]
        assert list((tmp_path / "empty").iterdir()) == []


def test_a_page_that_would_be_written_outside_the_export_is_refused(tmp_path):
    site = copy_fixture_site(tmp_path)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("briefs_dir: ../briefs", "briefs_dir: ../briefs\n      actors_url: ../../escape"), encoding="utf-8")
    done = briefs_cli("export", "exported", "--config", "site/mkdocs.yml", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "option 'actors_url'" in done.stderr and "'../../escape'" in done.stderr  # refused with the options, before any page is made
    assert not (tmp_path / "exported").exists() and not (tmp_path.parent / "escape").exists()
