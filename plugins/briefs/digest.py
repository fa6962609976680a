"""A stable digest of records: equal values give equal digests, in any process.

What a page is made from (resolved briefs, actors, origins: frozen dataclasses,
pydantic models, tuples, dicts, dates) is encoded field by field and hashed, so a
build cache kept on disk can tell whether a page must be made again without
holding what it was made from. ``pickle`` would not do: its bytes depend on which
objects happen to be shared, on a set's order (which changes with the hash seed)
and on which cached properties were computed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import BaseModel

_SCALARS = (str, int, float, bool, type(None), dt.date, dt.datetime, dt.time)
_SCALAR_TYPES = frozenset(_SCALARS)  # met far more often than their subclasses: a set lookup before isinstance
_DATES: dict[dt.date, bytes] = {}  # each date as encoded: a site has a few thousand, each met many times, and repr is slow


def digest(*values: Any) -> str:
    """The SHA-256 (hex) of ``values``; a type it cannot encode is a TypeError, never a guess."""
    return Digester()(*values)


Seeds = dict[int, tuple[Any, str]]
"""By ``id`` of a record: the record, and the key of what it was made from (``Digester.seed``)."""


class Digester:
    """Digests that share their work: a record met again (the same object) is not encoded again.

    ``seed`` gives a record the digest of what it was made from, so that it is not encoded
    at all: a resolved brief by the digest of its file, its registries and its snapshots.
    """

    def __init__(self, seeds: Seeds | None = None) -> None:
        self.seen: dict[int, tuple[Any, bytes]] = {}
        self.seeds: Seeds = dict(seeds) if seeds is not None else {}  # each encoded when first met

    def seed(self, value: Any, key: str) -> None:
        self.seeds[id(value)] = (value, key)

    def __call__(self, *values: Any) -> str:
        h = hashlib.sha256()
        _feed_each(h, values, self.seen, self.seeds)  # each on its own: the call's own tuple of them is not remembered
        return h.hexdigest()

    def after(self, *first: Any) -> Callable[..., str]:
        """``digest(*first, *values)`` as a function of ``values``, ``first`` encoded once (what every entry of a page is keyed with)."""
        start = hashlib.sha256()
        _feed_each(start, first, self.seen, self.seeds)

        def digest_of(*values: Any) -> str:
            h = start.copy()
            _feed_each(h, values, self.seen, self.seeds)
            return h.hexdigest()

        return digest_of


def _feed_each(h: Any, values: Iterable[Any], seen: dict[int, tuple[Any, bytes]], seeds: Seeds) -> None:
    """``_feed`` each of ``values``; most are scalars or records met before, encoded here without a call."""
    for value in values:
        cls = type(value)
        if cls in _SCALAR_TYPES:
            h.update(_scalar(cls, value))
            continue
        held = seen.get(id(value))
        if held is not None and held[0] is value:
            h.update(held[1])
        else:
            _feed(h, value, seen, seeds)


def _scalar(cls: type, value: Any) -> bytes:
    if cls is dt.date:
        encoded = _DATES.get(value)
        if encoded is None:
            encoded = _DATES[value] = f"date:{value!r};".encode()
        return encoded
    return f"{cls.__name__}:{value!r};".encode()


def _feed(h: Any, value: Any, seen: dict[int, tuple[Any, bytes]], seeds: Seeds) -> None:
    cls = type(value)
    if cls in _SCALAR_TYPES:
        h.update(_scalar(cls, value))
        return
    key = id(value)
    held = seen.get(key)
    if held is not None and held[0] is value:  # a record shown by many items (or seeded): encoded once
        h.update(held[1])
        return
    seeded = seeds.get(key)
    if seeded is not None and seeded[0] is value:
        encoded = f"seed({seeded[1]})".encode()
        seen[key] = (value, encoded)
        h.update(encoded)
        return
    if isinstance(value, _SCALARS) or isinstance(value, enum.Enum):  # a subclass of one: rare, so looked for late
        h.update(_scalar(cls, value))
        return
    if isinstance(value, bytes):
        h.update(b"bytes:" + hashlib.sha256(value).digest())
        return
    sub = hashlib.sha256()
    record = None if cls is tuple or cls is list else _record(cls)  # the sequences of a page, most often
    if record is not None:
        opening, fields = record
        sub.update(opening)
        for name, label in fields:
            sub.update(label)
            _feed(sub, getattr(value, name), seen, seeds)
    elif isinstance(value, (tuple, list)):
        sub.update(b"seq(")
        _feed_each(sub, value, seen, seeds)
    elif isinstance(value, Mapping):
        sub.update(b"map(")
        for k, v in value.items():  # in order: a page lists them in the order they come
            _feed(sub, k, seen, seeds)
            _feed(sub, v, seen, seeds)
    elif isinstance(value, (set, frozenset)):
        sub.update(b"set(")
        for item in sorted(digest(item) for item in value):
            sub.update(item.encode())
    else:
        raise TypeError(f"cannot digest a {type(value).__qualname__}")
    encoded = sub.digest() + b")"
    seen[key] = (value, encoded)
    h.update(encoded)


_RECORDS: dict[type, tuple[bytes, tuple[tuple[str, bytes], ...]] | None] = {}


def _record(cls: type) -> tuple[bytes, tuple[tuple[str, bytes], ...]] | None:
    """How a pydantic model or dataclass of type ``cls`` is encoded: its opening, and its fields with their labels (worked out once per type)."""
    if cls not in _RECORDS:
        if issubclass(cls, BaseModel):
            opening, names = f"model {cls.__qualname__}(", tuple(cls.model_fields)
        elif dataclasses.is_dataclass(cls):
            opening, names = f"dataclass {cls.__qualname__}(", tuple(f.name for f in dataclasses.fields(cls))
        else:
            _RECORDS[cls] = None
            return None
        _RECORDS[cls] = (opening.encode(), tuple((name, f"{name}=".encode()) for name in names))
    return _RECORDS[cls]
