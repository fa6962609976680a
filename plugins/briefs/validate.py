"""Pydantic's validation errors as problems an editor can act on, at the file, line and column."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import model
from .load import Document, Path_, Problem

_FIELD_NAMES = sorted(
    {name for cls in vars(model).values() if isinstance(cls, type) and issubclass(cls, BaseModel) for name in cls.model_fields}
)
_UNION_TAGS = ("one", "many", *model.UNION_TAGS)  # parts of an error location that name a union member, not a key


def validate(doc: Document, adapter: TypeAdapter, data: Any, problems: list[Problem]) -> Any:
    """``data`` of ``doc`` validated by ``adapter``, or None with what is wrong added to ``problems``."""
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        problems += [problem_from_error(doc, error) for error in exc.errors(include_url=False)]
        return None


def latest_date() -> dt.date:
    """The latest date a brief, source or statement may have: tomorrow, where an editor's day may already be."""
    return dt.date.today() + dt.timedelta(days=1)


def future_date(doc: Document, path: Path_, what: str, day: dt.date | None) -> list[Problem]:
    """A date after today is a typing error: nothing has been published or said yet on it."""
    if day is None or day <= latest_date():
        return []
    return [doc.problem(path, f"{what} {day} is in the future (today is {dt.date.today()}); check the year")]


BUILD_DATES = (dt.date(1970, 1, 1), dt.date(2106, 2, 7))
"""The dates a build can be dated by. A site takes its date from its newest brief: ``briefs epoch``
gives it as ``SOURCE_DATE_EPOCH``, and MkDocs writes it into ``sitemap.xml.gz`` as a gzip time,
seconds since 1970 in 32 unsigned bits, which end on 2106-02-07."""


def site_date(doc: Document, path: Path_, what: str, day: dt.date | None) -> list[Problem]:
    """A date the site is dated by (a brief's published, updated and change dates): not in the future, and a date a build can carry."""
    future = future_date(doc, path, what, day)
    first, last = BUILD_DATES
    if future or day is None or first <= day <= last:
        return future
    return [doc.problem(path, f"{what} {day} is outside the dates a site can be built with, {first} to {last}; check the year")]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def problem_from_error(doc: Document, error: Any) -> Problem:
    path, data = _data_path(doc.data, error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return doc.problem(path, f"missing required key '{error['loc'][-1]}'")
    if kind == "extra_forbidden":
        key = path[-1]
        return doc.problem(path, f"unknown key '{key}'{did_you_mean(str(key), _FIELD_NAMES)}", key=True)
    messages = {
        "string_type": "must be text",
        "list_type": "must be a list",
        "dict_type": "must be a mapping of keys to values",
        "model_type": "must be a mapping of keys to values",
        "model_attributes_type": "must be a mapping of keys to values",
        "date_type": "must be a date (YYYY-MM-DD)",
        "string_too_short": "must not be empty",
        "string_too_long": f"{len(str(value)):,} characters, more than the {error.get('ctx', {}).get('max_length', 0):,} allowed: shorten it, or split it into several items",
        "too_short": "must have at least one item",
        "string_pattern_mismatch": _pattern_message(path, value),
        "literal_error": f"'{value}' is not allowed here; {error['msg'].replace('Input should be', 'use')}",
    }
    message = messages.get(kind) or error["msg"].removeprefix("Value error, ")
    if kind in ("string_type", "list_type", "dict_type", "model_type", "date_type") and value is not None:
        message += f", not {_describe(value)}"
    is_key = "[key]" in error["loc"]
    if not is_key and path and isinstance(path[-1], str) and path[-1] in _FIELD_NAMES:
        message = f"{path[-1]}: {message}"
    return doc.problem(path, message, key=is_key)


def _pattern_message(path: Path_, value: Any) -> str:
    if path and path[-1] == "wikidata":
        return f"'{value}' is not a Wikidata id (Q followed by digits)"
    return f"'{value}' is not a valid id: use lower-case letters, digits and hyphens (at most 80)"


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def _data_path(data: Any, loc: tuple) -> tuple[Path_, Any]:
    """The path in the data that a pydantic error location points at (union tags dropped)."""
    path: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
            path.append(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
            path.append(part)
        elif part in ("[key]",):
            continue
        elif isinstance(data, dict | list):
            if isinstance(part, str) and not (part.startswith(("list[", "function-")) or part in _UNION_TAGS):
                path.append(part)  # a missing or unknown key
                data = None
        # anything else is a tag of a union member
    return tuple(path), data
