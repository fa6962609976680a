"""How things are named in the site: page slugs and the element ids within pages.

Render, the data export and JSON-LD take every id from here, and templates get
these functions as globals, so a link and its target cannot drift apart.
"""

from __future__ import annotations

import re

RESERVED = "index"  # the slug of each list page: no brief, actor, topic or source may take it
_ITEM_PREFIX = {"statements": "statement", "context": "context", "caveats": "caveat"}
QUALIFIED = ("statements", "context")  # the items a caveat's ``about`` may name
ITEM_ID_PATTERN = r"^(?:statement|context)-[1-9][0-9]*$"  # what ``about`` may hold, as a JSON Schema pattern
_ITEM_ID = re.compile(r"(statement|context|caveat)-([1-9][0-9]*)")


def item_id(key: str, index: int) -> str:
    """The element id of item ``index`` (from 0) of a brief's ``statements``, ``context`` or ``caveats``."""
    return f"{_ITEM_PREFIX[key]}-{index + 1}"


def item_of(element_id: str) -> tuple[str, int] | None:
    """The key and index (from 0) of the item whose element id is ``element_id`` (``item_id``'s inverse), or None."""
    found = _ITEM_ID.fullmatch(element_id)
    if found is None:
        return None
    key = next(key for key, prefix in _ITEM_PREFIX.items() if prefix == found.group(1))
    return key, int(found.group(2)) - 1


def source_entry_id(number: int) -> str:
    """The element id of a brief's source list entry ``number`` (from 1)."""
    return f"source-{number}"


def cite_id(number: int, count: int) -> str:
    """The element id of the ``count``-th (from 1) citation marker of the brief's source ``number``."""
    return f"cite-{number}-{count}"


def cite_passage_id(cite: str) -> str:
    """The element id of the passage a citation marker ``cite`` (``cite_id``) opens, beside it."""
    return f"{cite}-passage"


def stored_passage_id(brief_slug: str, marker: str) -> str:
    """The element id, on a source's page, of the passage that marker ``marker`` (``cite_id``) of
    brief ``brief_slug`` cites, or of a quote or claim no marker cites (``marker``: its ``item_id``).

    A slug holds no ``_``, so no two briefs' ids meet."""
    return f"{brief_slug}_{marker}"


def paragraph_id(paragraph: int) -> str:
    """The element id of paragraph ``paragraph`` (from 0) of a source's stored text."""
    return f"p-{paragraph}"


def letters(index: int) -> str:
    """a, b, ..., z, aa, ab, ...: the letter of the ``index``-th (from 0) marker of a source."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(97 + rest) + out
    return out
