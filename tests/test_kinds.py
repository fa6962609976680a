"""The kinds tables are the one place each kind is stated: everything else agrees with them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from briefs.cli import schemas
from briefs.kinds import ACTOR_KINDS, BRIEF_KINDS, CAVEAT_KINDS, CHANGE_KINDS, SOURCE_KINDS, UNKNOWN
from briefs.model import Actor, Brief, Caveat, Change, Source
from briefs.outputs.library_json import EXPORT_SCHEMA
from briefs.registries import registry_ids

REPO = Path(__file__).resolve().parent.parent
STYLESHEET = REPO / "plugins" / "briefs" / "assets" / "briefs.css"
MATERIAL_ADMONITIONS = {"note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger", "bug", "example", "quote"}


def enum_of(model, field: str) -> list[str]:
    return model.model_json_schema()["properties"][field]["enum"]


def test_the_model_allows_the_kinds_of_the_tables():
    assert enum_of(Caveat, "kind") == list(CAVEAT_KINDS)
    assert enum_of(Source, "kind") == list(SOURCE_KINDS)
    assert enum_of(Actor, "kind") == list(ACTOR_KINDS)
    assert enum_of(Brief, "kind") == list(BRIEF_KINDS)
    assert enum_of(Change, "kind") == list(CHANGE_KINDS)
    assert UNKNOWN in CAVEAT_KINDS


def test_the_committed_json_schemas_allow_the_kinds_of_the_tables():
    text = {name: json.dumps(schema) for name, schema in schemas(registry_ids(REPO / "briefs")[0]).items()}
    for name in ("brief.schema.json", "sources.schema.json", "actors.schema.json"):
        committed = (REPO / "briefs" / "schema" / name).read_text(encoding="utf-8")
        assert json.loads(committed) == json.loads(text[name]), name


def test_the_export_schema_allows_the_kinds_of_the_tables():
    dumped = json.dumps(json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8")))
    found = {tuple(json.loads(e)) for e in re.findall(r'"enum": (\[[^\]]*\])', dumped)}
    for table in (CAVEAT_KINDS, SOURCE_KINDS, ACTOR_KINDS, BRIEF_KINDS, CHANGE_KINDS):
        assert tuple(table) in found, list(table)


def test_each_caveat_kind_is_a_material_call_out_and_its_css_class_names_a_kind():
    for kind, info in CAVEAT_KINDS.items():
        assert info.admonition in MATERIAL_ADMONITIONS, kind
        assert info.label and info.description and info.index_title
    styled = set(re.findall(r"brief-caveat--([a-z-]+)", STYLESHEET.read_text(encoding="utf-8")))
    assert styled and styled <= set(CAVEAT_KINDS)
    chips = re.findall(r"\.brief-chip--([a-z-]+) \{ --brief-kind: #[0-9a-f]{6}; \}", STYLESHEET.read_text(encoding="utf-8"))
    assert chips == list(CAVEAT_KINDS)  # every kind's chip has its colour beside its label


def test_only_corrections_are_published_as_corrections():
    assert [kind for kind, info in CHANGE_KINDS.items() if info.correction] == ["correction"]
    assert all(info.label and info.done for info in CHANGE_KINDS.values())


def test_claim_reviews_are_made_of_the_kinds_that_rate_a_claim():
    rated = [kind for kind, info in CAVEAT_KINDS.items() if info.rating]
    assert rated == ["error", "disputed"]
