"""References, citation markers and the annotated source in a real browser (Debian's Chromium).

The sites and the browser are those of ``test_browser.py``: the fixture site and the
repository's own, built once per test run and served on 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from test_browser import CHROMIUM, Site, browser, open_page, pages_of, serve, sites  # noqa: F401 - fixtures used by name

from conftest import BUILD_TIMEOUT, ENV, REPO, repo_has_briefs

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's Chromium is not at /usr/bin/chromium (`make browser` installs it)"
)

HEAD_JSONLD = """() => [...document.querySelectorAll('script[type="application/ld+json"]')].map(
  s => ({inHead: s.parentElement === document.head, text: s.textContent}))"""


def page_record(page) -> dict:
    """The page's one JSON-LD record, which must stand in the head."""
    (found,) = page.evaluate(HEAD_JSONLD)
    assert found["inHead"], "JSON-LD stands in the head"
    data = json.loads(found["text"])
    return data[0] if isinstance(data, list) else data


# -- JSON-LD under Material's instant navigation -------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The repository's site built for the address it is served at (``SITE_URL``), as when it is
    published: Material's instant navigation follows only the links its sitemap lists, and the
    sitemap lists pages only when the site knows its address."""
    if not repo_has_briefs():
        pytest.skip("the repository has no briefs yet")
    out = tmp_path_factory.mktemp("published")
    with serve(out) as base:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(out)]
        done = subprocess.run(command, cwd=REPO, env={**ENV, "SITE_URL": base}, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
        assert done.returncode == 0, done.stdout + done.stderr
        yield Site("published", out, base, pages_of("repository", out))


def test_json_ld_follows_instant_navigation_from_brief_to_actor_and_back(browser, published):  # noqa: F811
    site = published
    with open_page(browser, site) as (page, _):
        page.goto(site.url("brief"))
        title = page.locator("article h1").inner_text()
        assert page_record(page)["headline"] == title
        page.evaluate("window.__samePage = true")  # gone after a full reload

        actor = page.locator("article .brief-statement a.brief-actor-link").first
        name = actor.inner_text()
        actor.click()
        page.wait_for_url(re.compile(r"/actors/[^/]+/$"))
        page.locator("article h1", has_text=name).wait_for()
        assert page_record(page)["name"] == name

        back = page.locator(f'article a[href$="{site.pages["brief"]}"]').first
        back.click()
        page.wait_for_url(re.compile(re.escape(site.pages["brief"]) + "$"))
        page.locator("article h1", has_text=title).wait_for()
        assert page_record(page)["headline"] == title
        assert page.evaluate("window.__samePage") is True, "the pages were loaded by instant navigation"
