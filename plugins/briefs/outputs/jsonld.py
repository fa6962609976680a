"""schema.org JSON-LD for brief and actor pages: a NewsArticle of the brief's kind (its corrections as
``correction``), ClaimReviews, the actors.

The page types embed these records in their pages; this output writes no file of its own.
"""

from __future__ import annotations

import json

from ..kinds import CAVEAT_KINDS
from ..library import Library
from ..model import Actor, Caveat, Source
from ..prose import plain
from ..resolve import Item, ResolvedBrief
from ..site import Options
from .common import Urls, date, drop_empty

SCHEMA_ORG = "https://schema.org"
ARTICLE_TYPES = {
    "reportage": "ReportageNewsArticle",
    "analysis": "AnalysisNewsArticle",
    "background": "BackgroundNewsArticle",
}
ACTOR_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "media": "NewsMediaOrganization",
    "state": "Country",
}
def json_for_html(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` left to end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def actor_thing(urls: Urls, actor_id: str, actor: Actor) -> dict:
    """An actor as a schema.org Person, Organization, NewsMediaOrganization or Country."""
    return drop_empty(
        {
            "@type": ACTOR_TYPES[actor.kind],
            "@id": urls.absolute("actors", actor_id),
            "name": actor.name,
            "sameAs": f"https://www.wikidata.org/wiki/{actor.wikidata}" if actor.wikidata else None,
        }
    )


def creative_work(source: Source, library: Library | None = None) -> dict:
    """A source as a schema.org CreativeWork, with only the facts the brief gives; with the
    ``library``, what it is based on (``isBasedOn``) as its record says."""
    bases = []
    records, actors = (library.source_records, library.actors) if library is not None else ({}, {})
    for base in source.based_on:
        if base in records:
            bases.append(creative_work(records[base]))
        elif base in actors:
            bases.append({"@type": "Person" if actors[base].kind == "person" else "Organization", "name": actors[base].name})
    return drop_empty(
        {
            "@type": "CreativeWork",
            "name": source.title,
            "url": source.url,
            "author": {"@type": "Person", "name": source.author} if source.author else None,
            "publisher": {"@type": "Organization", "name": source.publisher} if source.publisher else None,
            "datePublished": date(source.published),
            "isBasedOn": bases or None,
        }
    )


def _site_org(options: Options, urls: Urls) -> dict | None:
    if not options.site_name:
        return None
    return drop_empty({"@type": "Organization", "name": options.site_name, "url": urls.base or None})


def brief_jsonld(library: Library, cb: ResolvedBrief, options: Options) -> list[dict]:
    """The brief as a NewsArticle of its kind, then a ClaimReview per error or disputed caveat."""
    urls = Urls(options)
    brief = cb.brief
    page = urls.absolute("briefs", cb.slug)
    listed = set(brief.actors)
    about = [actor_thing(urls, a, library.actors[a]) for a in cb.actor_ids if a in listed]
    mentions = [actor_thing(urls, a, library.actors[a]) for a in cb.actor_ids if a not in listed]
    article = drop_empty(
        {
            "@context": SCHEMA_ORG,
            "@type": ARTICLE_TYPES[brief.kind],
            "@id": page,
            "url": page,
            "mainEntityOfPage": page,
            "headline": brief.title,
            "description": plain(brief.summary),
            "datePublished": date(brief.published),
            "dateModified": date(cb.date),
            "keywords": [library.topic_title(t) for t in brief.topics],
            "publisher": _site_org(options, urls),
            "about": about,
            "mentions": mentions,
            "citation": [creative_work(ref.source, library) for ref in cb.sources],
            "correction": [
                {"@type": "CorrectionComment", "text": plain(change.note), "datePublished": date(change.date)}
                for change in library.glance[cb.slug].corrections
            ],
        }
    )
    reviews = [claim_review(cb, item, options) for item in cb.caveats if CAVEAT_KINDS[item.record.kind].rating]
    return [article, *reviews]


def claim_review(cb: ResolvedBrief, item: Item[Caveat], options: Options) -> dict:
    """An error or disputed caveat as a ClaimReview (Google's fact-check markup, where the data allows)."""
    urls = Urls(options)
    caveat = item.record
    claim: dict = {"@type": "Claim"}
    if item.located is not None:  # the cited source in which the claim stands
        source = cb.source(item.located.source).source
        if source.author:
            claim["author"] = {"@type": "Person", "name": source.author}
        elif source.publisher:
            claim["author"] = {"@type": "Organization", "name": source.publisher}
        claim["datePublished"] = date(source.published)
        claim["appearance"] = creative_work(source)
        if item.carried is not None and len(item.carried.verbatim) > 1:  # every source that has the claim as it is
            claim["appearance"] = [creative_work(cb.source(source_id).source) for source_id in item.carried.verbatim]
    return drop_empty(
        {
            "@context": SCHEMA_ORG,
            "@type": "ClaimReview",
            "url": urls.absolute("briefs", cb.slug, "#" + item.id),
            "claimReviewed": caveat.claim,
            "reviewBody": plain(caveat.note),
            "author": _site_org(options, urls),
            "itemReviewed": drop_empty(claim),
            "reviewRating": {"@type": "Rating", "alternateName": CAVEAT_KINDS[caveat.kind].rating},
        }
    )


def actor_jsonld(library: Library, actor_id: str, options: Options) -> dict:
    """The actor page's record: the actor with its page, other names, role and description."""
    urls = Urls(options)
    actor = library.actors[actor_id]
    description = plain(actor.description) if actor.description else None
    person = actor.kind == "person"
    return drop_empty(
        {
            "@context": SCHEMA_ORG,
            **actor_thing(urls, actor_id, actor),
            "url": urls.absolute("actors", actor_id),
            "alternateName": list(actor.aliases),
            "jobTitle": actor.role if person else None,
            "description": description if person else " ".join(filter(None, [actor.role, description])),
        }
    )


