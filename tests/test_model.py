"""The typed records of the brief format and the JSON Schema made from them."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from briefs.check import check_folder
from briefs.cli import schemas
from briefs.load import load_file, parse
from briefs.model import Actor, Brief, Citation, Registry, Source, Sources, SourceUse, Statement
from briefs.registries import REGISTRY_FILES, label_of
from conftest import REPO, REPO_BRIEFS, add_briefs

FIXTURES = Path(__file__).parent / "fixtures"
REGISTRY = TypeAdapter(Registry)


def minimal(**changes) -> dict:
    """The data of a brief with only what is required, as the loader hands it over (all text)."""
    data = {
        "title": "Harbour deal signed",
        "summary": "Arland and Borvia agreed to share the harbour.",
        "published": "2025-03-04",
        "sources": ["wire"],
    }
    data.update(changes)
    return data


def errors(data: dict) -> list[tuple[tuple, str, str]]:
    with pytest.raises(ValidationError) as raised:
        Brief.model_validate(data)
    return [(e["loc"], e["type"], e["msg"]) for e in raised.value.errors(include_url=False)]


def test_a_minimal_brief_and_its_defaults():
    brief = Brief.model_validate(minimal())
    assert brief.published == dt.date(2025, 3, 4)
    assert (brief.status, brief.kind, brief.updated) == ("published", "background", None)
    assert brief.topics == brief.actors == brief.statements == brief.context == brief.caveats == brief.changes == []
    assert brief.proposed_actors == {}
    assert brief.source_uses == [SourceUse(id="wire", note=None)]


def test_a_minimal_source_and_its_defaults():
    source = Source.model_validate({"title": "Harbour deal", "kind": "wire", "snapshot": "sources/deal.txt"})
    assert (source.publisher, source.author, source.url, source.published, source.note) == (None, None, None, None, None)


def test_a_brief_lists_source_ids_with_or_without_a_note_of_its_own():
    brief = Brief.model_validate(minimal(sources=["wire", {"id": "column", "note": "Opinion, read with care."}]))
    assert brief.source_uses == [SourceUse(id="wire"), SourceUse(id="column", note="Opinion, read with care.")]
    assert [(e[0], e[1]) for e in errors(minimal(sources=[{"id": "wire", "title": "T"}]))] == [
        (("sources", 0, "source-use", "title"), "extra_forbidden")
    ]


def test_the_fixture_briefs_are_valid():
    for path in sorted((FIXTURES / "briefs").glob("*.yaml")):
        data = load_file(path).data
        if path.name == "actors.yaml":
            assert REGISTRY.validate_python(data)
        elif path.name == "sources.yaml":
            assert TypeAdapter(Sources).validate_python(data)
        else:
            assert Brief.model_validate(data).title


def test_yaml_1_1_surprises_stay_text_in_a_brief():
    text = """\
title: NO
summary: 012345
published: 2025-03-04
topics: [yes, 0x1f, 1e3]
sources: [on]
statements:
  - actor: off
    quote: 12:30:00
    cite: {source: on, passage: .inf}
"""
    brief = Brief.model_validate(parse(text, "b.yaml").data)
    assert brief.title == "NO"
    assert brief.summary == "012345"
    assert brief.topics == ["yes", "0x1f", "1e3"]
    assert brief.sources == ["on"]
    assert brief.statements[0].actor == "off"
    assert brief.statements[0].quote == "12:30:00"
    assert brief.statements[0].cite == Citation(source="on", passage=".inf")


# -- nothing is coerced ------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "loc", "kind"),
    [
        ({"title": 5}, ("title",), "string_type"),
        ({"title": True}, ("title",), "string_type"),
        ({"title": None}, ("title",), "string_type"),
        ({"title": ["a"]}, ("title",), "string_type"),
        ({"published": 20250304}, ("published",), "date_type"),
        ({"topics": "harbour"}, ("topics",), "list_type"),
        ({"topics": ("harbour",)}, ("topics",), "list_type"),
        ({"sources": {"id": "wire"}}, ("sources",), "list_type"),
        ({"actors": {"mara-olsen": "x"}}, ("actors",), "list_type"),
        ({"status": "Draft"}, ("status",), "literal_error"),
        ({"kind": "opinion"}, ("kind",), "literal_error"),
    ],
)
def test_wrong_types_are_errors(changes, loc, kind):
    assert [(e[0], e[1]) for e in errors(minimal(**changes))] == [(loc, kind)]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-02-30", "Value error, '2025-02-30' is not a real date"),
        ("2025-13-01", "Value error, '2025-13-01' is not a real date"),
        ("2025-00-10", "Value error, '2025-00-10' is not a real date"),
        ("2025-3-4", "Value error, '2025-3-4' is not a date; write it as YYYY-MM-DD"),
        ("20250304", "Value error, '20250304' is not a date; write it as YYYY-MM-DD"),
        ("4 March 2025", "Value error, '4 March 2025' is not a date; write it as YYYY-MM-DD"),
        ("2025-03-04T10:00", "Value error, '2025-03-04T10:00' is not a date; write it as YYYY-MM-DD"),
        (" 2025-03-04", "Value error, ' 2025-03-04' is not a date; write it as YYYY-MM-DD"),
        ("2025-03-04\n", "Value error, '2025-03-04\n' is not a date; write it as YYYY-MM-DD"),
        ("2025-W10-1", "Value error, '2025-W10-1' is not a date; write it as YYYY-MM-DD"),
    ],
)
def test_dates_are_real_and_written_yyyy_mm_dd(value, message):
    assert errors(minimal(published=value)) == [(("published",), "value_error", message)]


@given(st.dates())
def test_any_date_written_iso_is_read_back(date):
    assert Brief.model_validate(minimal(published=date.isoformat())).published == date


def test_a_leap_day():
    assert Brief.model_validate(minimal(published="2032-02-29")).published == dt.date(2032, 2, 29)
    assert errors(minimal(published="2025-02-29"))[0][2] == "Value error, '2025-02-29' is not a real date"


@pytest.mark.parametrize("slug", ["a", "harbour", "arland-borvia", "2025", "a1-b2", "x" * 80])
def test_good_ids(slug):
    assert Brief.model_validate(minimal(topics=[slug])).topics == [slug]


@pytest.mark.parametrize(
    "slug", ["", "-a", "a-", "A", "Harbour", "a_b", "a b", "a.b", "../x", "a/b", "..", "é", "x" * 81, "a\n"]
)
def test_bad_ids(slug):
    assert [e[:2] for e in errors(minimal(topics=[slug]))] == [(("topics", 0), "string_pattern_mismatch")]


@pytest.mark.parametrize("text", ["", " ", "\n\t "])
def test_text_must_not_be_blank(text):
    (error,) = errors(minimal(title=text))
    assert error[0] == ("title",)


def test_unknown_keys_are_errors_at_every_level():
    data = minimal(titel="x", sources=[{"id": "wire", "titel": "x"}])
    assert [(e[0], e[1]) for e in errors(data)] == [
        (("sources", 0, "source-use", "titel"), "extra_forbidden"),
        (("titel",), "extra_forbidden"),
    ]


def test_records_are_frozen():
    brief = Brief.model_validate(minimal())
    with pytest.raises(ValidationError):
        brief.title = "Other"


# -- citations ----------------------------------------------------------------------


def statement(**changes) -> dict:
    return {"actor": "mara-olsen", "quote": "This harbour", "cite": {"source": "wire"}, **changes}


def test_a_statement_cites_one_source_or_a_list():
    one = Statement.model_validate(statement())
    assert one.citations == [Citation(source="wire")]
    many = Statement.model_validate(statement(cite=[{"source": "wire"}, {"source": "other", "passage": "x"}]))
    assert many.citations == [Citation(source="wire"), Citation(source="other", passage="x")]
    assert (one.kind, one.said, one.via) == ("direct", None, None)


@pytest.mark.parametrize(
    ("item", "changes", "loc", "kind"),
    [
        ("statements", {"cite": None}, ("statements", 0, "cite", "one"), "model_type"),  # `cite:` left empty
        ("statements", {"cite": []}, ("statements", 0, "cite", "many"), "too_short"),
        ("statements", {"cite": "wire"}, ("statements", 0, "cite", "one"), "model_type"),
        ("statements", {"cite": {"passage": "x"}}, ("statements", 0, "cite", "one", "source"), "missing"),
        ("statements", {"cite": {"source": "wire", "passage": ""}}, ("statements", 0, "cite", "one", "passage"), "string_too_short"),
        ("context", {"cite": []}, ("context", 0, "cite"), "too_short"),
        ("context", {"cite": {"source": "wire"}}, ("context", 0, "cite"), "list_type"),
        ("caveats", {"cite": []}, ("caveats", 0, "cite"), "too_short"),
    ],
)
def test_every_item_has_at_least_one_citation(item, changes, loc, kind):
    base = {
        "statements": statement(),
        "context": {"text": "Why it matters.", "cite": [{"source": "wire"}]},
        "caveats": {"kind": "opinion", "claim": "words", "note": "A view.", "cite": [{"source": "wire"}]},
    }[item]
    data = {**base, **changes}
    assert [(e[0], e[1]) for e in errors(minimal(**{item: [data]}))] == [(loc, kind)]


def test_a_statement_without_cite_is_an_error():
    data = statement()
    del data["cite"]
    assert [(e[0], e[1]) for e in errors(minimal(statements=[data]))] == [(("statements", 0, "cite"), "missing")]


# -- actors -------------------------------------------------------------------------


def test_registry():
    registry = REGISTRY.validate_python(
        {"mara-olsen": {"name": "Mara Olsen", "kind": "person", "aliases": ["Olsen"], "wikidata": "Q42"}}
    )
    assert registry["mara-olsen"] == Actor(name="Mara Olsen", kind="person", aliases=["Olsen"], wikidata="Q42")


@pytest.mark.parametrize(
    ("data", "loc", "kind"),
    [
        ({"Mara": {"name": "M", "kind": "person"}}, ("Mara", "[key]"), "string_pattern_mismatch"),
        ({"m": {"name": "M", "kind": "human"}}, ("m", "kind"), "literal_error"),
        ({"m": {"name": "M", "kind": "person", "wikidata": "42"}}, ("m", "wikidata"), "string_pattern_mismatch"),
        ({"m": {"name": "M", "kind": "person", "wikidata": "Q0"}}, ("m", "wikidata"), "string_pattern_mismatch"),
        ({"m": {"name": "M", "kind": "person", "aliases": "Em"}}, ("m", "aliases"), "list_type"),
        ({"m": None}, ("m",), "model_type"),
    ],
)
def test_bad_registry(data, loc, kind):
    with pytest.raises(ValidationError) as raised:
        REGISTRY.validate_python(data)
    assert [(e["loc"], e["type"]) for e in raised.value.errors()] == [(loc, kind)]


def test_drafts_may_propose_actors():
    brief = Brief.model_validate(minimal(status="draft", proposed_actors={"ines-dahl": {"name": "Ines Dahl", "kind": "person"}}))
    assert brief.proposed_actors["ines-dahl"].name == "Ines Dahl"


# -- the JSON Schema ------------------------------------------------------------------


@pytest.fixture(scope="module")
def brief_schema():
    return schemas()["brief.schema.json"]


def test_the_schema_is_made_from_the_model(brief_schema):
    jsonschema.Draft202012Validator.check_schema(brief_schema)
    assert brief_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert brief_schema["additionalProperties"] is False
    assert sorted(brief_schema["required"]) == ["published", "sources", "summary", "title"]
    assert brief_schema["properties"]["published"] == {
        "format": "date",
        "pattern": r"^\d{4}-\d{2}-\d{2}$",
        "title": "Published",
        "type": "string",
    }
    for name, definition in brief_schema["$defs"].items():
        if definition.get("type") == "object":
            assert definition["additionalProperties"] is False, name


@pytest.mark.parametrize("name", ["actors.schema.json", "topics.schema.json", "sources.schema.json"])
def test_a_registry_key_that_is_not_an_id_is_refused_and_what_it_holds_is_checked(name):
    found = [e.message for e in jsonschema.Draft202012Validator(schemas()[name]).iter_errors({"Vladimir_Putin": {"nmae": "Vladimir Putin"}})]
    assert any(m.startswith("'Vladimir_Putin' does not match") for m in found), found
    assert any("'nmae' was unexpected" in m for m in found), found


def test_a_proposed_actor_whose_key_is_not_an_id_is_refused(brief_schema):
    data = minimal(status="draft", proposed_actors={"Ines_Dahl": {"name": "Ines Dahl", "kind": "person"}})
    found = [e.message for e in jsonschema.Draft202012Validator(brief_schema).iter_errors(data)]
    assert [m for m in found if m.startswith("'Ines_Dahl' does not match")], found


# -- the schemas refuse what check refuses, but what only check can say, and accept what it accepts --

SNAPSHOT = "words not in the source: only check reads the snapshots"
ACROSS = "one value against another: a schema checks each value on its own"
REGISTRY_ID = "whether the registries have an id: the schemas offer their ids but take any, for an actor a draft proposes and a registry newer than the schemas"
# Fixtures that briefs check refuses and the schemas accept, each with what only check can say.
# (The yaml-*.yaml fixtures still describe their sources inline, which the schemas refuse; what
# the loader refuses in them, such as an anchor, a duplicate key or a value cut short by " #",
# no schema sees.)
ONLY_CHECK_CAN_SAY = {
    "tests/fixtures/bad/Bad_Name.yaml": "the file's name: a schema sees what a file holds, not what it is called",
    "tests/fixtures/bad/cites-unlisted-source.yaml": ACROSS,
    "tests/fixtures/bad/claim-not-found.yaml": SNAPSHOT,
    "tests/fixtures/bad/date-not-real.yaml": "2025-02-30: editors check that a date has the form YYYY-MM-DD, not that the calendar has it",
    "tests/fixtures/bad/dates-out-of-order.yaml": ACROSS,
    "tests/fixtures/bad/draft-proposes-known-actor.yaml": REGISTRY_ID,
    "tests/fixtures/bad/passage-not-found.yaml": SNAPSHOT,
    "tests/fixtures/bad/proposed-actors-published.yaml": ACROSS + " (proposed actors are allowed while a statement is under review)",
    "tests/fixtures/bad/quote-across-paragraphs.yaml": SNAPSHOT,
    "tests/fixtures/bad/quote-one-word-changed.yaml": SNAPSHOT,
    "tests/fixtures/bad/quote-part-of-a-word.yaml": SNAPSHOT,
    "tests/fixtures/bad/quote-parts-out-of-order.yaml": SNAPSHOT,
    "tests/fixtures/bad/unknown-actor-by-alias.yaml": REGISTRY_ID,
    "tests/fixtures/bad/unknown-actor.yaml": REGISTRY_ID,
    "tests/fixtures/bad/unknown-source.yaml": ACROSS,
    "tests/fixtures/bad/unknown-via.yaml": REGISTRY_ID,
    "tests/fixtures/bad/unregistered-source.yaml": REGISTRY_ID,
}


class EditorLoader(yaml.SafeLoader):
    """YAML as editors' tools read it, by YAML 1.2's core schema: a date stays text, only true and false are booleans."""

    yaml_implicit_resolvers: dict = {}


for _tag, _pattern, _first in [
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^[-+]?[0-9]+$", list("-+0123456789")),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", list("-+0123456789.")),
]:
    EditorLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def schema_errors(path: Path, found: dict[str, dict]) -> list[str]:
    """What an editor with the schemas says of the file: the YAML error, or the schema's."""
    name = path.name if path.name in REGISTRY_FILES else "brief.yaml"
    try:
        data = yaml.load(path.read_bytes(), EditorLoader)
    except yaml.YAMLError as exc:
        return [f"not YAML: {exc}"]
    return [e.message for e in jsonschema.Draft202012Validator(found[name.replace(".yaml", ".schema.json")]).iter_errors(data)]


def test_the_schemas_refuse_what_check_refuses_but_what_only_check_can_say(tmp_path):
    """Every YAML file of the fixtures and of the repository's briefs, each checked in its folder and validated as an editor does."""
    with_fixture_briefs = tmp_path / "briefs"  # multi/ is an add-on to the fixture briefs, checked with them
    shutil.copytree(FIXTURES / "briefs", with_fixture_briefs, ignore=shutil.ignore_patterns("schema"))
    add_briefs(with_fixture_briefs, FIXTURES / "multi")
    folders = {p.parent: p.parent for p in sorted(FIXTURES.rglob("*.yaml"))} | {FIXTURES / "multi": with_fixture_briefs, REPO_BRIEFS: REPO_BRIEFS}
    found = schemas()
    accepted_refused, refused_accepted = {}, {}
    for folder, checked in folders.items():
        refused = {p.file for p in check_folder(checked).problems if p.level == "error"}
        for path in sorted(folder.glob("*.yaml")):
            said = schema_errors(path, found)
            name = path.relative_to(REPO).as_posix()
            if label_of(checked / path.name) in refused and not said:
                accepted_refused[name] = ONLY_CHECK_CAN_SAY.get(name, "no reason given")
            elif label_of(checked / path.name) not in refused and said:
                refused_accepted[name] = said
    assert accepted_refused == ONLY_CHECK_CAN_SAY, "the schemas accept these and briefs check refuses them"
    assert refused_accepted == {}, "the schemas refuse these and briefs check accepts them"
