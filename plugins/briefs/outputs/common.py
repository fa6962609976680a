"""What the outputs for programs share: absolute URLs when ``site_url`` is known, dates, empty values left out.

Only what the briefs say goes out: a URL, date, author or publisher the brief
does not give is left out, never guessed. Dates come from the briefs, never from
the clock, so two builds of the same briefs write the same bytes. Without
``site_url`` the JSON-LD leaves URLs out, the feed links relative to itself and
the JSON export gives each page's path only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..library import Library
from ..site import Options, page_url


def drop_empty(record: dict) -> dict:
    """The record without keys whose value is unknown (None, empty text or list)."""
    return {k: v for k, v in record.items() if v not in (None, "", [], {})}


class Urls:
    """Paths of a site's pages and, when ``site_url`` is known, their absolute URLs."""

    def __init__(self, options: Options):
        self.o = options
        self.base = options.site_url.rstrip("/") + "/" if options.site_url else ""

    def path(self, kind: str, slug: str = "index") -> str:
        """The page's URL relative to the site root."""
        return page_url(self.o.page_path(kind, slug), self.o.directory_urls)

    def absolute(self, kind: str, slug: str = "index", anchor: str = "") -> str | None:
        return self.base + self.path(kind, slug) + anchor if self.base else None

    def file(self, path: str) -> str | None:
        return self.base + path if self.base else None


def date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def newest_date(library: Library) -> dt.date | None:
    """The newest date of the library's briefs; what ``SOURCE_DATE_EPOCH`` is made from."""
    return max((cb.date for cb in library.briefs), default=None)


def source_date_epoch(library: Library) -> int:
    """Seconds from 1970 to the newest brief date, 00:00 UTC (0 without briefs)."""
    day = newest_date(library)
    if day is None:
        return 0
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def json_bytes(data: object) -> bytes:
    """Compact JSON: json's C encoder does not indent, and the whole library is written on every build."""
    return (_json(data) + "\n").encode("utf-8")


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Items:
    """A list in a ``json_chunks`` record whose items are encoded one at a time, as they are made."""

    items: Iterable[object]


@dataclass(frozen=True)
class Piece:
    """An item of ``Items`` made, and encoded, only when no earlier build encoded it from equal ``depends``
    (records compared by digest: a build cache keeps the bytes of each piece between builds)."""

    depends: tuple
    make: Callable[[], object]


PieceEncoder = Callable[[Piece], bytes]


def encode_piece(piece: Piece) -> bytes:
    return _json(piece.make()).encode("utf-8")


@dataclass(frozen=True)
class Streamed:
    """A data file written piece by piece, so that a build never holds the whole of a large one.

    ``make`` gives the file's bytes in pieces, encoding each ``Piece`` with the encoder it is given."""

    make: Callable[[PieceEncoder], Iterator[bytes]]

    def chunks(self, encode: PieceEncoder = encode_piece) -> Iterator[bytes]:
        return self.make(encode)

    def __bytes__(self) -> bytes:
        return b"".join(self.chunks())


def json_chunks(record: dict, encode: PieceEncoder = encode_piece) -> Iterator[bytes]:
    """The bytes of ``json_bytes(record)``, in pieces: each item of an ``Items`` value of the record on its own."""
    yield b"{"
    for i, (key, value) in enumerate(record.items()):
        yield (("," if i else "") + _json(key) + ":").encode("utf-8")
        if isinstance(value, Items):
            yield b"["
            for j, item in enumerate(value.items):
                if j:
                    yield b","
                yield encode(item) if isinstance(item, Piece) else _json(item).encode("utf-8")
            yield b"]"
        else:
            yield _json(value).encode("utf-8")
    yield b"}\n"
