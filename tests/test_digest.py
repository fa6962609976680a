"""The digest of records: equal values give equal digests, any difference another, and no guess for an unknown type."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import dataclass

import pytest

from briefs.digest import Digester, digest
from briefs.model import Actor


@dataclass(frozen=True)
class Shown:
    name: str
    day: dt.date
    tags: tuple[str, ...] = ()


def test_equal_records_give_equal_digests_and_any_field_another():
    one = Shown("Harbour", dt.date(2025, 3, 20), ("a",))
    assert digest(one) == digest(Shown("Harbour", dt.date(2025, 3, 20), ("a",)))
    for other in (Shown("Harbour ", one.day, one.tags), Shown(one.name, dt.date(2025, 3, 21), one.tags), Shown(one.name, one.day, ())):
        assert digest(other) != digest(one)
    actor = Actor(name="Ines Dahl", kind="person")
    assert digest(actor) == digest(Actor(name="Ines Dahl", kind="person"))
    assert digest(actor) != digest(Actor(name="Ines Dahl", kind="person", role="Opposition leader"))
    assert digest({"a": 1, "b": 2}) != digest({"b": 2, "a": 1})  # in order: pages list them so
    assert digest(["1"]) != digest([1]) and digest((1,)) == digest([1])


def test_a_digest_is_the_same_in_another_process():
    code = "import datetime as dt; from briefs.digest import digest; print(digest({'a': (1, 'x', dt.date(2025, 1, 2))}, {3, 1, 2}))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert other == digest({"a": (1, "x", dt.date(2025, 1, 2))}, {3, 1, 2})


def test_a_seeded_record_is_digested_by_its_seed_alone():
    record = Shown("Harbour", dt.date(2025, 3, 20))
    digester = Digester()
    digester.seed(record, "inputs-1")
    seeded = digester(record)
    assert seeded != digest(record)
    again = Digester()
    other = Shown("Other", dt.date(2020, 1, 1))
    again.seed(other, "inputs-1")
    assert again(other) == seeded  # what it shows does not matter, only its seed


def test_a_type_it_cannot_encode_is_an_error_not_a_guess():
    with pytest.raises(TypeError, match="cannot digest a object"):
        digest(object())
    with pytest.raises(TypeError, match="cannot digest a type"):
        digest(Shown)  # a record type is no record


def test_a_digest_after_some_values_is_the_digest_of_them_all():
    digester = Digester()
    after_options = digester.after({"latest": 5}, ("context",))
    record = Shown("Harbour", dt.date(2025, 3, 20))
    assert after_options(record, "entry") == digest({"latest": 5}, ("context",), record, "entry")
    assert after_options(record) != after_options(record, "entry")
