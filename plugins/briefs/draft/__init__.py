"""Drafting a brief from a source article (``briefs new``).

The article's text becomes the snapshot, and every passage in double quotes
(straight or curly) a draft statement whose quote is found in that snapshot by
construction. The speaker of each is read from the words around it: "X said",
"said X", "according to X", "X vowed/told/added...", appositions, and a pronoun,
title, surname or "the two" that refers back to people named earlier. Names are
matched against the actor registry; other speakers are proposed as new actors.
Where the text does not settle who spoke, the draft says ``actor: todo``: a
wrong speaker is worse than none.

``article`` reads the article, ``quotes`` finds its quoted passages,
``speakers`` names who said them (with ``places``, the adjectives of states),
``dates`` the day they were said, and ``write`` writes the draft.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .article import Article, DraftError, read_article
    from .speakers import Quoted, Reader, Who
    from .write import Draft, Written, make_draft, new, slugify

_HOMES = {  # each name by the module that makes it, imported when first asked for: a site build needs only speakers
    **dict.fromkeys(("Article", "DraftError", "read_article"), "article"),
    **dict.fromkeys(("Quoted", "Reader", "Who"), "speakers"),
    **dict.fromkeys(("Draft", "Written", "make_draft", "new", "slugify"), "write"),
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)


__all__ = [
    "Article",
    "Draft",
    "DraftError",
    "Quoted",
    "Reader",
    "Who",
    "Written",
    "make_draft",
    "new",
    "read_article",
    "slugify",
]
