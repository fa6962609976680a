"""What machines read: JSON-LD in the pages, the Atom feed, the JSON and CSL-JSON exports,
and builds that come out the same byte for byte."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import jsonschema
import lxml.etree
import lxml.html
import pytest
import yaml

from briefs.check import check_folder
from briefs.library import build_library
from briefs.outputs import library_json
from briefs.outputs.common import Streamed, json_bytes, source_date_epoch
from briefs.outputs.feed import atom_feed, entry_times
from briefs.outputs.jsonld import ACTOR_TYPES, ARTICLE_TYPES, brief_jsonld, json_for_html
from briefs.outputs.library_json import EXPORT_SCHEMA, library_export
from briefs.pages import default_options
from conftest import BUILD_TIMEOUT, briefs_cli, copy_fixture_site, mkdocs_in_process, register_sources, site_files

SITE_URL = "https://briefs.example.org/news/"
HOSTILE_TITLE = "Harbour claims </script><script>alert(1)</script> checked"
LD_JSON = '//script[@type="application/ld+json"]'

# Extra briefs for these tests: sources with and without the facts JSON-LD may
# carry, error and disputed caveats, a change log and a title that tries to end
# the JSON-LD script.
CLAIMS_BRIEF = {
    "title": HOSTILE_TITLE,
    "summary": "Two claims about the harbour deal: one *wrong*, one disputed.",
    "published": "2025-04-01",
    "updated": "2025-04-03",
    "kind": "analysis",
    "topics": ["harbour"],
    "sources": [
        {
            "id": "paper",
            "title": "Harbour deal will double trade, paper says",
            "publisher": "The Selby Courier",
            "author": "Jon Amsel",
            "url": "https://news.example.org/harbour-trade",
            "published": "2025-03-30",
            "kind": "news",
            "snapshot": "sources/harbour-trade.txt",
        },
        {
            "id": "leaflet",
            "title": "A leaflet on the harbour",
            "kind": "primary",
            "snapshot": "sources/harbour-leaflet.txt",
        },
    ],
    "actors": ["mara-olsen", "ines-dahl"],
    "statements": [
        {
            "actor": "mara-olsen",
            "quote": "trade through Port Selby will double within a year",
            "cite": {"source": "paper"},
        }
    ],
    "caveats": [
        {
            "kind": "error",
            "claim": "the deal was signed in 2029",
            "note": "The deal was signed in March 2025.",
            "cite": [{"source": "paper"}],
        },
        {
            "kind": "disputed",
            "claim": "the harbour </script><script>alert(1)</script> will close to Arland ships",
            "note": "The government says nothing in the deal closes the harbour.",
            "cite": [{"source": "leaflet"}],
        },
        {
            "kind": "framing",
            "claim": "a historic day",
            "note": "The paper's own judgement.",
            "cite": [{"source": "paper", "passage": "a historic day"}],
        },
    ],
    "changes": [
        {"date": "2025-04-02", "kind": "update", "note": "Added the leaflet."},
        {"date": "2025-04-03", "kind": "correction", "note": "Corrected the *date* of the paper's article."},
        {"date": "2025-04-03", "kind": "clarification", "note": "Said which harbour is meant."},
    ],
}
SNAPSHOTS = {
    "harbour-trade.txt": (
        "Harbour deal will double trade\n\n"
        "Mara Olsen said that trade through Port Selby will double within a year, calling it a historic day. "
        "The paper added that the deal was signed in 2029.\n"
    ),
    "harbour-leaflet.txt": "The leaflet says the harbour </script><script>alert(1)</script> will close to Arland ships.\n",
}
WIKIDATA = ("teodor-vask", "Q99999999")  # a made-up id, only to see it become sameAs


def add_claims_brief(briefs: Path) -> None:
    text = yaml.safe_dump(register_sources(briefs, CLAIMS_BRIEF), allow_unicode=True, sort_keys=False)
    (briefs / "harbour-claims.yaml").write_text(f"# yaml-language-server: $schema=schema/brief.schema.json\n{text}")
    for name, text in SNAPSHOTS.items():
        (briefs / "sources" / name).write_text(text, encoding="utf-8")
    registry = yaml.safe_load((briefs / "actors.yaml").read_text(encoding="utf-8"))
    registry[WIKIDATA[0]]["wikidata"] = WIKIDATA[1]
    (briefs / "actors.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False))


def make_site(root: Path, *, site_url: str | None = SITE_URL) -> Path:
    """The fixture site plus the claims brief, with ``site_url`` set; returns its mkdocs.yml."""
    site = copy_fixture_site(root)
    add_claims_brief(root / "briefs")
    config = site / "mkdocs.yml"
    if site_url:
        config.write_text(f"site_url: {site_url}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    return config


def epoch(briefs: Path) -> str:
    """SOURCE_DATE_EPOCH as the Makefile makes it: ``briefs epoch``."""
    done = briefs_cli("epoch", briefs, cwd=briefs.parent)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def mkdocs(config: Path, out: Path, **env: str) -> None:
    """``mkdocs build --strict``; SOURCE_DATE_EPOCH as the Makefile sets it unless ``env`` gives it.
    In this process, unless ``env`` sets what only a process of its own can have (PYTHONHASHSEED, TZ)."""
    env = {"SOURCE_DATE_EPOCH": epoch(config.parent.parent / "briefs"), **env} if "SOURCE_DATE_EPOCH" not in env else env
    args = ["build", "--strict", "-f", str(config), "-d", str(out)]
    if env.keys() <= {"SOURCE_DATE_EPOCH"}:
        done = mkdocs_in_process(*args, cwd=config.parent, env=env)
    else:
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", *args],
            cwd=config.parent,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT,
        )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("structured")
    config = make_site(root)
    mkdocs(config, root / "out")
    return root / "out"


@pytest.fixture(scope="module")
def briefs_folder(tmp_path_factory) -> Path:
    """The briefs of the test site, to check and index in process."""
    root = tmp_path_factory.mktemp("library")
    make_site(root)
    return root / "briefs"


@pytest.fixture(scope="module")
def library(briefs_folder):
    return build_library(check_folder(briefs_folder))


def page(out: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / url / "index.html").read_bytes())


def jsonld(out: Path, url: str) -> list[dict]:
    (element,) = page(out, url).xpath(LD_JSON)
    data = json.loads(element.text)
    return data if isinstance(data, list) else [data]


def brief_urls(out: Path) -> list[str]:
    return sorted(p.parent.relative_to(out).as_posix() + "/" for p in (out / "briefs").glob("*/index.html"))


# -- schema.org -----------------------------------------------------------------


@cache
def schema_type(name: str):
    """The schema.org type ``name`` (from the vocabulary as pydantic2-schemaorg ships it), or None."""
    try:
        return getattr(importlib.import_module(f"pydantic2_schemaorg.{name}"), name)
    except (ImportError, AttributeError):
        return None


def schema_org_problems(node: object, where: str = "$") -> list[str]:
    """Types that schema.org does not define, properties their type does not have,
    and nested things of a type the property does not take."""
    problems: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            problems += schema_org_problems(item, f"{where}[{i}]")
        return problems
    if not isinstance(node, dict):
        return problems
    cls = schema_type(node.get("@type", ""))
    if cls is None:
        return [f"{where}: no schema.org type {node.get('@type')!r}"]
    fields = {f.alias: f for f in cls.__fields__.values()}
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in fields:
            problems.append(f"{where}: {node['@type']} has no property {key!r}")
            continue
        expected = re.findall(r"\b[A-Z][A-Za-z]+\b", str(fields[key].annotation))
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                nested = schema_type(item.get("@type", ""))
                ranges = [schema_type(name) for name in expected]
                if nested is not None and not any(r is not None and issubclass(nested, r) for r in ranges):
                    problems.append(f"{where}.{key}: {item['@type']} is none of {expected}")
        problems += schema_org_problems(value, f"{where}.{key}")
    return problems


def test_every_brief_page_carries_its_article_and_claim_reviews(site, library):
    urls = brief_urls(site)
    assert len(urls) == len(library.briefs) == 4
    for cb in library.briefs:
        data = jsonld(site, f"briefs/{cb.slug}/")
        article, reviews = data[0], data[1:]
        assert schema_org_problems(data) == []
        assert article["@context"] == "https://schema.org"
        assert article["@type"] == ARTICLE_TYPES[cb.brief.kind]
        assert article["headline"] == cb.brief.title
        assert article["datePublished"] == cb.brief.published.isoformat()
        assert article["dateModified"] == (cb.brief.updated or cb.brief.published).isoformat()
        assert article["description"]
        assert article["url"] == f"{SITE_URL}briefs/{cb.slug}/"
        assert [r["@type"] for r in reviews] == ["ClaimReview"] * sum(
            c.kind in ("error", "disputed") for c in cb.brief.caveats
        )


def test_actors_are_typed_by_kind_and_linked_to_wikidata(site, library):
    cb = next(cb for cb in library.briefs if cb.slug == "harbour-deal")
    article = jsonld(site, "briefs/harbour-deal/")[0]
    things = article["about"] + article.get("mentions", [])
    assert [t["name"] for t in things] == [library.actors[a].name for a in cb.actor_ids]
    for actor_id, thing in zip(cb.actor_ids, things):
        actor = library.actors[actor_id]
        assert thing["@type"] == ACTOR_TYPES[actor.kind]
        assert thing["@id"] == f"{SITE_URL}actors/{actor_id}/"
        assert thing.get("sameAs") == (f"https://www.wikidata.org/wiki/{actor.wikidata}" if actor.wikidata else None)
    assert {t["@type"] for t in things} == {"Country", "Person", "NewsMediaOrganization"}
    assert [t["name"] for t in article["mentions"]] == ["Borvia News Network"]  # a channel, not listed


def test_actor_pages_carry_their_record(site, library):
    for actor_id, actor in library.actors.items():
        (record,) = jsonld(site, f"actors/{actor_id}/")
        assert schema_org_problems(record) == []
        assert record["@type"] == ACTOR_TYPES[actor.kind]
        assert record["name"] == actor.name
        assert record["url"] == f"{SITE_URL}actors/{actor_id}/"
        assert record.get("alternateName", []) == actor.aliases
    assert jsonld(site, f"actors/{WIKIDATA[0]}/")[0]["sameAs"] == f"https://www.wikidata.org/wiki/{WIKIDATA[1]}"
    assert jsonld(site, "actors/mara-olsen/")[0]["jobTitle"] == "Trade minister of Arland"


def test_citations_and_corrections_say_only_what_the_brief_gives(site):
    article = jsonld(site, "briefs/harbour-claims/")[0]
    paper, leaflet = article["citation"]
    assert paper == {
        "@type": "CreativeWork",
        "name": "Harbour deal will double trade, paper says",
        "url": "https://news.example.org/harbour-trade",
        "author": {"@type": "Person", "name": "Jon Amsel"},
        "publisher": {"@type": "Organization", "name": "The Selby Courier"},
        "datePublished": "2025-03-30",
    }
    assert leaflet == {"@type": "CreativeWork", "name": "A leaflet on the harbour"}  # nothing made up
    assert article["correction"] == [
        {"@type": "CorrectionComment", "text": "Corrected the date of the paper's article.", "datePublished": "2025-04-03"}
    ]
    assert article["publisher"] == {"@type": "Organization", "name": "Fixture briefs", "url": SITE_URL}


def test_claim_reviews_meet_googles_requirements(site):
    """Google's fact-check markup: claimReviewed, reviewRating.alternateName and url are required;
    url on the page's own site; author, itemReviewed (a Claim with appearance and author) recommended."""
    tree = page(site, "briefs/harbour-claims/")
    error, disputed = jsonld(site, "briefs/harbour-claims/")[1:]
    for review in (error, disputed):
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"]
        assert review["reviewRating"]["@type"] == "Rating"
        assert review["reviewRating"]["alternateName"]
        url = urlsplit(review["url"])
        assert url.netloc == urlsplit(SITE_URL).netloc
        assert review["url"].startswith(f"{SITE_URL}briefs/harbour-claims/#caveat-")
        assert tree.xpath(f'//*[@id="{url.fragment}"]'), "the anchor is on the page"
        assert review["author"]["@type"] == "Organization"
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["itemReviewed"]["appearance"]["@type"] == "CreativeWork"
    assert error["claimReviewed"] == "the deal was signed in 2029"
    assert error["reviewRating"]["alternateName"] == "Error in the source"
    assert error["url"].endswith("#caveat-1")
    assert error["itemReviewed"]["author"] == {"@type": "Person", "name": "Jon Amsel"}
    assert error["itemReviewed"]["datePublished"] == "2025-03-30"
    assert error["itemReviewed"]["appearance"]["url"] == "https://news.example.org/harbour-trade"
    assert disputed["reviewRating"]["alternateName"] == "Disputed"
    assert disputed["claimReviewed"] == "the harbour </script><script>alert(1)</script> will close to Arland ships"
    assert "author" not in disputed["itemReviewed"]  # the leaflet names no author or publisher
    assert "url" not in disputed["itemReviewed"]["appearance"]


def test_a_title_cannot_end_the_json_ld_script(site):
    raw = (site / "briefs/harbour-claims/index.html").read_text(encoding="utf-8")
    tree = page(site, "briefs/harbour-claims/")
    (element,) = tree.xpath(LD_JSON)
    assert json.loads(element.text)[0]["headline"] == HOSTILE_TITLE
    assert "alert(1)" not in "".join(s.text or "" for s in tree.xpath("//script") if s is not element)
    assert not [s for s in tree.xpath("//script[not(@src)]") if "alert" in (s.text or "") and s is not element]
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert tree.xpath("//h1")[0].text_content() == HOSTILE_TITLE


def test_json_for_html_escapes_what_could_end_a_script():
    data = {"a": "</script><!-- & \u2028 \u2029 <b>"}
    text = json_for_html(data)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == data
    assert f'<script type="application/ld+json">{json_for_html(data)}</script>'.count("</script>") == 1


def test_without_site_url_urls_are_left_out(briefs_folder):
    library = build_library(check_folder(briefs_folder))
    cb = next(cb for cb in library.briefs if cb.slug == "harbour-claims")
    article, *reviews = brief_jsonld(library, cb, default_options())
    assert "url" not in article and "@id" not in article
    assert all("url" not in r for r in reviews)
    assert all("@id" not in thing for thing in article["about"])


def test_search_index_leaves_json_ld_out(site):
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "@context" not in index and "ClaimReview" not in index


# -- Atom -----------------------------------------------------------------------


def test_feed_is_well_formed_newest_first(site, library):
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Fixture briefs"
    entries = feed.entries
    assert [e.title for e in entries] == [cb.brief.title for cb in library.briefs]
    updated = [e.updated_parsed for e in entries]
    assert updated == sorted(updated, reverse=True)
    for entry, cb in zip(entries, library.briefs):
        assert entry.link == f"{SITE_URL}briefs/{cb.slug}/" and entry.id.startswith("urn:uuid:")
        assert entry.updated.startswith(f"{(cb.brief.updated or cb.brief.published).isoformat()}T00:00:")
        assert entry.published == f"{cb.brief.published.isoformat()}T00:00:00Z"
    assert len({e.id for e in entries}) == len(entries)


def test_corrections_reach_the_feed_and_nothing_else_of_the_change_log(site):
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    entries = {e.link.rsplit("/", 2)[-2]: e for e in feed.entries}
    claims = entries["harbour-claims"].summary
    assert claims == (
        "Two claims about the harbour deal: one wrong, one disputed.\n\n"
        "Corrected on 3 April 2025: Corrected the date of the paper's article."
    )
    assert "Corrected on" not in entries["harbour-deal"].summary  # its change is an update


def test_feed_entry_is_updated_when_the_brief_is(briefs_folder, tmp_path):
    options = default_options(site_url=SITE_URL, site_name="Briefs")
    before = feedparser.parse(atom_feed(build_library(check_folder(briefs_folder)), options))
    brief = briefs_folder / "harbour-critics.yaml"
    original = brief.read_text(encoding="utf-8")
    try:
        brief.write_text(original.replace("published: 2025-03-20\n", "published: 2025-03-20\nupdated: 2025-10-01\n"))
        after = feedparser.parse(atom_feed(build_library(check_folder(briefs_folder)), options))
    finally:
        brief.write_text(original)
    old = {e.link: e for e in before.entries}
    new = {e.link: e for e in after.entries}
    critics = f"{SITE_URL}briefs/harbour-critics/"
    assert [e.id for e in before.entries if e.link == critics] == [e.id for e in after.entries if e.link == critics], "entry ids stay the same"
    assert old.keys() == new.keys()
    assert old[critics].updated == "2025-03-20T00:00:00Z"
    assert new[critics].updated == "2025-10-01T00:00:00Z"
    assert after.entries[0].link == critics
    assert after.feed.updated == "2025-10-01T00:00:00Z"
    assert all(new[i].updated == old[i].updated for i in old if i != critics)


def test_feed_without_site_url_links_relative_to_itself(briefs_folder):
    library = build_library(check_folder(briefs_folder))
    headers = {"content-location": SITE_URL + "feed.xml", "content-type": "application/atom+xml"}
    feed = feedparser.parse(atom_feed(library, default_options(site_name="Briefs")), response_headers=headers)
    assert feed.bozo == 0
    assert feed.entries[0].link == f"{SITE_URL}briefs/{library.briefs[0].slug}/"
    assert all(e.id.startswith("urn:uuid:") for e in feed.entries)
    again = feedparser.parse(atom_feed(library, default_options(site_name="Briefs")))
    assert [e.id for e in again.entries] == [e.id for e in feed.entries]


def test_every_page_links_the_feed(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        if path.name == "404.html":
            continue
        links = lxml.html.fromstring(path.read_bytes()).xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]')
        assert len(links) == 1, path
        base = SITE_URL + path.parent.relative_to(site).as_posix() + "/"
        assert urljoin(base, links[0].get("href")) == SITE_URL + "feed.xml", path


# -- JSON and CSL-JSON ----------------------------------------------------------


def test_json_export_follows_its_schema(site):
    schema = json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert (site / "data/briefs.schema.json").read_bytes() == EXPORT_SCHEMA.read_bytes()
    data = json.loads((site / "data/briefs.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(data)] == []
    assert data["format"] == "briefs-library" and data["version"] == 1
    assert data["updated"] == "2025-09-10"


def test_json_export_resolves_citations_to_passages(site, library):
    data = json.loads((site / "data/briefs.json").read_text(encoding="utf-8"))
    assert [b["id"] for b in data["briefs"]] == [cb.slug for cb in library.briefs]
    assert [a["id"] for a in data["actors"]] == sorted(library.actors)
    assert [s["id"] for s in data["sources"]] == list(library.sources)
    assert [t["id"] for t in data["topics"]] == list(library.topics)
    claims = next(b for b in data["briefs"] if b["id"] == "harbour-claims")
    (statement,) = claims["statements"]
    (citation,) = statement["citations"]
    assert citation["selector"]["exact"] == "trade through Port Selby will double within a year"
    assert citation["selector"]["prefix"].endswith("said that ")
    assert citation["selector"]["suffix"].startswith(", calling it")
    assert citation["link"] == "https://news.example.org/harbour-trade" + citation["selector"]["fragment"]
    assert citation["stored"] == "sources/paper/#p-1"
    framing = claims["caveats"][2]
    assert framing["citations"][0]["passage"] == "a historic day"
    assert framing["citations"][0]["selector"]["exact"] == "a historic day"
    disputed = claims["caveats"][1]
    assert disputed["citations"][0]["link"] is None  # the leaflet's address is not known
    assert disputed["claim_selector"]["exact"] == disputed["claim"]
    assert [c["kind"] for c in claims["changes"]] == ["update", "correction", "clarification"]
    assert [c["qualifies"] for c in claims["caveats"]] == [[], [], []]  # no claim overlaps the statement's words
    assert claims["page"] == {"path": "briefs/harbour-claims/", "url": f"{SITE_URL}briefs/harbour-claims/"}
    assert claims["summary"] == {
        "markdown": "Two claims about the harbour deal: one *wrong*, one disputed.",
        "text": "Two claims about the harbour deal: one wrong, one disputed.",
    }
    every = [c for b in data["briefs"] for s in b["statements"] for c in s["citations"]]
    assert all(c["selector"] for c in every), "every direct quote anchors its citation"


def test_json_export_without_site_url_has_paths_only(briefs_folder):
    data = library_export(build_library(check_folder(briefs_folder)), default_options())
    schema = json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["site"]["url"] is None
    assert all(b["page"]["url"] is None and b["page"]["path"] for b in data["briefs"])



def test_the_json_export_is_written_in_pieces_that_make_the_same_bytes_as_one_piece(briefs_folder):
    library = build_library(check_folder(briefs_folder))
    options = default_options(site_url=SITE_URL, site_name="Briefs </script>")
    streamed = library_json.files(library, options)[library_json.DATA]
    assert isinstance(streamed, Streamed)
    pieces = list(streamed.chunks())
    assert len(pieces) > len(library.briefs) + 4  # a piece per brief, not the whole at once
    assert b"".join(pieces) == json_bytes(library_export(library, options))
    assert json.loads(b"".join(pieces))["site"]["name"] == "Briefs </script>"

CSL_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "document", "entry", "interview", "legal_case", "legislation", "manuscript", "pamphlet",
    "personal_communication", "post", "post-weblog", "report", "speech", "webpage",
}  # fmt: skip


def test_sources_as_csl_json(site, library):
    items = json.loads((site / "data/sources.csl.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in items] == list(library.sources)
    for item in items:
        source = library.sources[item["id"]].source
        assert item["type"] in CSL_TYPES
        assert item["title"] == source.title
        assert item.get("URL") == source.url
        assert (item.get("container-title") or item.get("publisher")) == source.publisher
        if source.published:
            assert item["issued"] == {"date-parts": [[source.published.year, source.published.month, source.published.day]]}
        else:
            assert "issued" not in item
    paper = next(i for i in items if i["id"] == "paper")
    assert paper["type"] == "article-newspaper"
    assert paper["container-title"] == "The Selby Courier"
    assert paper["author"] == [{"literal": "Jon Amsel"}]
    leaflet = next(i for i in items if i["id"] == "leaflet")
    assert set(leaflet) == {"id", "type", "title", "genre"}


# -- reproducible builds --------------------------------------------------------


def test_sitemap_dates_come_from_the_briefs(site, library):
    sitemap = lxml.etree.fromstring((site / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    dates = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in sitemap.findall("s:url", ns)}
    for cb in library.briefs:
        assert dates[f"{SITE_URL}briefs/{cb.slug}/"] == (cb.brief.updated or cb.brief.published).isoformat()
    assert dates[f"{SITE_URL}briefs/"] == "2025-09-10"
    assert dates[f"{SITE_URL}actors/ines-dahl/"] == "2025-04-03"  # her newest brief


def test_briefs_epoch_is_the_newest_brief_date(briefs_folder):
    assert epoch(briefs_folder) == str(source_date_epoch(build_library(check_folder(briefs_folder))))
    assert dt.datetime.fromtimestamp(int(epoch(briefs_folder)), dt.UTC) == dt.datetime(
        2025, 9, 10, tzinfo=dt.UTC
    )


def test_two_builds_are_byte_identical(tmp_path):
    config = make_site(tmp_path)
    mkdocs(config, tmp_path / "one", PYTHONHASHSEED="1", TZ="UTC")
    mkdocs(config, tmp_path / "two", PYTHONHASHSEED="4242", TZ="Pacific/Kiritimati")
    one, two = site_files(tmp_path / "one"), site_files(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [path for path in one if one[path] != two[path]] == []
    for name in ("feed.xml", "data/briefs.json", "sitemap.xml.gz", "search/search_index.json", "tags.json"):
        assert name in one


def plugin_and_export(config: Path, tmp: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The site built with the plugin, and built from ``briefs export`` without it."""
    mkdocs(config, tmp / "plugin")
    exported = tmp / "exported"
    done = briefs_cli("export", exported, "--config", config, cwd=tmp)
    assert done.returncode == 0, done.stdout + done.stderr
    assert yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["custom_dir"] == "overrides"
    mkdocs(exported / "mkdocs.yml", tmp / "plain", SOURCE_DATE_EPOCH=epoch(config.parent.parent / "briefs"))
    return site_files(tmp / "plugin"), site_files(tmp / "plain")


def test_export_builds_the_same_site_with_feed_and_data(tmp_path):
    plugin, plain = plugin_and_export(make_site(tmp_path), tmp_path)
    assert plugin.keys() == plain.keys()
    assert [path for path in plugin if plugin[path] != plain[path]] == []
    assert {"feed.xml", "data/briefs.json", "data/briefs.schema.json", "data/sources.csl.json"} <= plugin.keys()


def test_the_sites_own_theme_overrides_come_first(tmp_path):
    config = make_site(tmp_path)
    partials = config.parent / "theme" / "partials"
    partials.mkdir(parents=True)
    (partials / "copyright.html").write_text('<div class="site-own-copyright">Own words</div>\n', encoding="utf-8")
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["theme"]["custom_dir"] = "theme"
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plugin, plain = plugin_and_export(config, tmp_path)
    assert [path for path in plugin if plugin[path] != plain.get(path)] == []
    home = lxml.html.fromstring(plugin["index.html"])
    assert home.xpath('//div[@class="site-own-copyright"]')
    assert home.xpath('//head/link[@type="application/atom+xml"]/@href') == ["feed.xml"]


def test_feed_ids_are_the_same_with_or_without_an_address_and_each_day_keeps_its_order(briefs_folder):
    library = build_library(check_folder(briefs_folder))
    with_url = feedparser.parse(atom_feed(library, default_options(site_url=SITE_URL, site_name="Briefs")))
    without = feedparser.parse(atom_feed(library, default_options(site_name="Briefs")))
    assert [e.id for e in with_url.entries] == [e.id for e in without.entries]
    assert with_url.feed.id == without.feed.id
    same_day = [library.briefs[0], library.briefs[0]]  # two briefs of one day: the first stays first
    day = library.briefs[0].date.isoformat()
    assert entry_times(same_day) == [f"{day}T00:00:01Z", f"{day}T00:00:00Z"]
