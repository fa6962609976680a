"""Text that shows a reader something else than the file holds: bidirectional controls, and host names
that mix scripts so as to pass for another site's (``https://аpple.com`` with a Cyrillic ``а``).

A leaf module: the loader and the checker warn with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from urllib.parse import unquote, urlsplit

BIDI_CONTROL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # Unicode's Bidi_Control characters

# Chinese, Japanese and Korean names mix these scripts, and Latin, by design (as Unicode's
# "highly restrictive" profile for identifiers allows); any other mix in one label is suspect.
_HAN_FAMILY = {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO"}


def bidi_warning(char: str) -> str:
    name = unicodedata.name(char, "a bidirectional control")
    return (
        f"U+{ord(char):04X} ({name}) changes the order in which the text around it is shown: "
        "a reader may see other words than the file holds; remove it"
    )


def mixed_script_host(url: str) -> str | None:
    """Why the host of ``url`` may pass for another site's, or None: a label of it mixes letters
    of several scripts. Read as a browser reads it: percent-escapes and punycode decoded, normalised (NFKC, lower case)."""
    try:
        host = unquote(urlsplit(url).hostname or "")
    except ValueError:
        return None
    for label in unicodedata.normalize("NFKC", host).lower().split("."):
        label = _decoded(label)
        scripts = Counter(_script(c) for c in label if unicodedata.category(c).startswith("L"))
        if len(scripts) > 1 and not set(scripts) <= {"LATIN", "CJK"}:
            odd = min(scripts, key=lambda s: scripts[s])
            char = next(c for c in label if _script(c) == odd)
            names = " and ".join(sorted(s.title() for s in scripts))
            return f"its host '{host}' mixes {names} letters in '{label}' ('{char}' is {unicodedata.name(char)})"
    return None


def _decoded(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        return label.encode("ascii").decode("idna")
    except UnicodeError:
        return label


def _script(char: str) -> str:
    """The script of a letter, as the first word of its Unicode name says (LATIN, CYRILLIC, GREEK, ...)."""
    script = unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
    return "CJK" if script in _HAN_FAMILY else script
