"""The kinds of things a brief names, each stated once.

The model's allowed values, the JSON Schemas, the export schema, the CSS classes
(``brief-caveat--<kind>``), the pages and the methods page's list of caveat kinds
all come from these tables; ``tests/test_kinds.py`` fails when anything disagrees.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CaveatKind:
    label: str  # what readers see on the call-out
    admonition: str  # Material's admonition type: the call-out's colour and icon
    description: str  # what it means, for the methods page and the kind's index page
    index_title: str  # the title of the page that lists every caveat of the kind
    rating: str | None = None  # the ClaimReview rating, for the kinds published as ClaimReview


CAVEAT_KINDS: dict[str, CaveatKind] = {
    "error": CaveatKind(
        "Error in the source",
        "failure",
        "the source gets something wrong that its own text shows to be wrong, such as a misspelt name.",
        "Every error found in a source",
        rating="Error in the source",
    ),
    "disputed": CaveatKind(
        "Disputed",
        "warning",
        "another source, or one of the parties, contests the claim.",
        "Everything disputed",
        rating="Disputed",
    ),
    "unsupported": CaveatKind(
        "Unsupported claim",
        "question",
        "the source states something as fact without giving a source or evidence.",
        "Every unsupported claim",
    ),
    "opinion": CaveatKind(
        "Opinion",
        "quote",
        "a judgement, prediction or speculation by the writer, presented alongside reporting.",
        "Every opinion presented alongside reporting",
    ),
    "framing": CaveatKind(
        "Framing",
        "example",
        "wording, a headline or an image that presents events in a particular light, "
        "or goes beyond what the body of the source reports.",
        "Every framing noted in a source",
    ),
    "unverified": CaveatKind(
        "Unverified",
        "info",
        "something the source leaves open: a text it does not give, a detail it does not supply, "
        'or an inference it makes. These caveats are listed on each brief under "What we don\'t know".',
        "Everything unverified",
    ),
}
UNKNOWN = "unverified"  # the kind listed under "What we don't know", after the other caveats

SOURCE_KINDS = {
    "news": "News",
    "opinion": "Opinion",
    "analysis": "Analysis",
    "state-media": "State media",
    "primary": "Primary source",
    "wire": "Wire report",
}
ACTOR_KINDS = {"person": "Person", "organization": "Organisation", "media": "Media", "state": "State"}
BRIEF_KINDS = {"reportage": "Reportage", "analysis": "Analysis", "background": "Background"}


@dataclass(frozen=True)
class ChangeKind:
    label: str  # what readers see beside the change in the brief's list of changes
    done: str  # the verb the top of the brief and the feed open with: "Corrected on 3 May 2025: ..."
    correction: bool = False  # shown at the top of the brief, in the feed, and as JSON-LD ``correction``


CHANGE_KINDS: dict[str, ChangeKind] = {
    "update": ChangeKind("Update", "Updated"),
    "correction": ChangeKind("Correction", "Corrected", correction=True),
    "clarification": ChangeKind("Clarification", "Clarified"),
}


def caveat_kinds_markdown() -> str:
    """The methods page's list of caveat kinds, as Markdown."""
    return "\n".join(f"- **{kind}**: {info.description}" for kind, info in CAVEAT_KINDS.items())
