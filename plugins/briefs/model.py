"""Typed records of the brief format.

Unknown keys and wrong types are errors; nothing is coerced. The loader hands
every plain YAML scalar over as text, so dates are parsed here from ISO text and
nowhere else. The JSON Schema that editors' tools use is generated from these
models (``briefs schema``); what a validator here checks that pydantic cannot
put in a schema, the schema is told with ``json_schema_extra``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
)
from pydantic.json_schema import JsonDict

from .ids import ITEM_ID_PATTERN
from .kinds import ACTOR_KINDS, BRIEF_KINDS, CAVEAT_KINDS, CHANGE_KINDS, SOURCE_KINDS
from .load import Path_
from .prose import MAX_NESTING, MAX_PROSE_CHARS, nesting

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$"
IDS_OF = "x-ids-of"  # in the generated JSON Schema: the registries whose ids a value may be (see briefs.cli.schemas)
NOT_BLANK: JsonDict = {"pattern": r"\S"}  # _not_blank as JSON Schema
UNIQUE: JsonDict = {"uniqueItems": True}  # what check says of an id listed twice
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UTC_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_SHA256 = r"^[0-9a-f]{64}$"


def _parse_date(value: object) -> object:
    if isinstance(value, str):
        if not _DATE.fullmatch(value):  # not match: "$" would let a trailing newline through
            raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a real date") from None
    return value


def _parse_date_or_time(value: object) -> object:
    """A day (``YYYY-MM-DD``) or a moment in UTC (``YYYY-MM-DDTHH:MM:SSZ``), as the text says."""
    if isinstance(value, str) and "T" in value:
        if not _UTC_TIME.fullmatch(value):
            raise ValueError(f"'{value}' is neither a date (YYYY-MM-DD) nor a time in UTC (YYYY-MM-DDTHH:MM:SSZ)")
        try:
            return dt.datetime.fromisoformat(value.removesuffix("Z")).replace(tzinfo=dt.UTC)
        except ValueError:
            raise ValueError(f"'{value}' is not a real time") from None
    return _parse_date(value)


def _parse_flag(value: object) -> object:
    if isinstance(value, str):
        if value not in ("true", "false"):
            raise ValueError(f"'{value}' is neither true nor false")
        return value == "true"
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _not_too_deep(value: str) -> str:
    depth, what = nesting(value)
    if depth > MAX_NESTING:
        raise ValueError(
            f"{what} nest {depth} deep here; the limit is {MAX_NESTING}: write it flatter, "
            "or put a backslash before a bracket that opens no link"
        )
    return value


Date = Annotated[
    dt.date,
    BeforeValidator(_parse_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE.pattern}),
]
DateOrTime = Annotated[
    dt.datetime | dt.date,
    BeforeValidator(_parse_date_or_time),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date", "pattern": _DATE.pattern},
                {"type": "string", "format": "date-time", "pattern": _UTC_TIME.pattern},
            ]
        }
    ),
]
Flag = Annotated[bool, BeforeValidator(_parse_flag), WithJsonSchema({"type": "boolean"})]
Slug = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, description="Lower-case letters, digits and hyphens."),
]
ActorId = Annotated[Slug, Field(json_schema_extra={IDS_OF: ["actors"]})]
TopicId = Annotated[Slug, Field(json_schema_extra={IDS_OF: ["topics"]})]
SourceId = Annotated[Slug, Field(json_schema_extra={IDS_OF: ["sources"]})]
BaseId = Annotated[Slug, Field(json_schema_extra={IDS_OF: ["sources", "actors"]})]  # what a source is based on
Text = Annotated[str, Field(min_length=1, json_schema_extra=NOT_BLANK), AfterValidator(_not_blank)]
Prose = Annotated[
    str,
    Field(min_length=1, max_length=MAX_PROSE_CHARS, description="Text with a small Markdown subset: emphasis, links, lists.", json_schema_extra=NOT_BLANK),
    AfterValidator(_not_blank),
    AfterValidator(_not_too_deep),
]
Url = Annotated[str, Field(description="An absolute http(s) URL.", min_length=1)]

if TYPE_CHECKING:  # the allowed values are the keys of the tables in kinds.py
    SourceKind: TypeAlias = str
    CaveatKind: TypeAlias = str
    ActorKind: TypeAlias = str
    BriefKind: TypeAlias = str
    ChangeKind: TypeAlias = str
else:
    SourceKind = Literal[tuple(SOURCE_KINDS)]
    CaveatKind = Literal[tuple(CAVEAT_KINDS)]
    ActorKind = Literal[tuple(ACTOR_KINDS)]
    BriefKind = Literal[tuple(BRIEF_KINDS)]
    ChangeKind = Literal[tuple(CHANGE_KINDS)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Citation(Record):
    """A pointer to a source, optionally to a verbatim passage of it."""

    source: SourceId = Field(description="Id of one of the brief's sources.")
    passage: Text | None = Field(
        None, description="Words of the source, verbatim; checked against its snapshot."
    )


Cites = Annotated[list[Citation], Field(min_length=1)]
OneOrMoreCites = Annotated[
    Annotated[Citation, Tag("one")] | Annotated[Cites, Tag("many")],
    Discriminator(lambda value: "many" if isinstance(value, list) else "one"),
]


class Source(Record):
    """A source article, shared by every brief that cites it (``sources.yaml``)."""

    title: Text = Field(description="Headline of the source as it gives it.")
    publisher: Text | None = Field(None, description="Leave out when the source does not say.")
    author: Text | None = Field(None, description="Leave out when the source does not say.")
    url: Url | None = Field(None, description="Where the source is published; never guessed.")
    published: Date | None = Field(None, description="Date of publication, if the source gives it.")
    retrieved: DateOrTime | None = Field(
        None,
        description="When the snapshot was taken from the original: the day, or the time in UTC (YYYY-MM-DDTHH:MM:SSZ) as `briefs new` records it; leave out when not known.",
    )
    archive: Url | None = Field(
        None, description="An archived copy of the original as the snapshot was taken (a web archive's address); never guessed."
    )
    warc: Text | None = Field(
        None,
        description="Path of the WARC file holding the original's HTTP response(s) as `briefs new` fetched them, relative to the briefs folder.",
    )
    sha256: Annotated[str, Field(pattern=_SHA256)] | None = Field(
        None, description="SHA-256 (hex) of the response body the snapshot was taken from, as its WARC record's payload digest gives it."
    )
    kind: SourceKind
    snapshot: Text = Field(
        description="Path of the text snapshot, relative to the briefs folder; quotes are checked against it."
    )
    based_on: list[BaseId] = Field(
        default_factory=list,
        description="What it relays or rewrites, as the source says: ids of other sources, or of actors such as a wire or a state agency.",
    )
    image_credit: Text | None = Field(None, description="Credit line of the source's image.")
    note: Prose | None = Field(None, description="What a reader should know about this source, in every brief.")


class SourceUse(Record):
    """A source a brief rests on, with what readers of this brief should know about it."""

    id: SourceId = Field(description="Id of the source in sources.yaml.")
    note: Prose | None = Field(None, description="What a reader of this brief should know about the source.")
    review: Flag = Field(
        False,
        description="Added by `briefs add`: left off the site, with the statements drafted from it, until an editor has checked it and removed this.",
    )


UNION_TAGS = ("source-id", "source-use")  # how pydantic's error locations name the two forms of a brief's source
BriefSource = Annotated[
    Annotated[SourceId, Tag("source-id")] | Annotated[SourceUse, Tag("source-use")],
    Discriminator(lambda value: "source-id" if isinstance(value, str) else "source-use"),
    Field(description="Id of a source in sources.yaml, or {id, note} with a note of this brief's own."),
]


class Statement(Record):
    actor: ActorId = Field(description="Id of the speaker in the actor registry.")
    quote: Text = Field(description="The words said; verbatim for a direct quote.")
    kind: Literal["direct", "paraphrase"] = "direct"
    said: Date | None = Field(None, description="When it was said, if the source gives it.")
    via: ActorId | None = Field(None, description="Actor id of the channel it reached us through.")
    speaker_checked: Flag = Field(
        False, description="The editor has checked that the actor said it, although the source's words around it name someone else."
    )
    review: Flag = Field(
        False,
        description="Drafted by `briefs add` from a new source: left off the site until an editor has checked it and removed this line.",
    )
    cite: OneOrMoreCites = Field(description="One citation or a list of them.")

    @property
    def citations(self) -> list[Citation]:
        return self.cite if isinstance(self.cite, list) else [self.cite]


class ContextItem(Record):
    text: Prose
    cite: Cites


class Caveat(Record):
    kind: CaveatKind
    claim: Text = Field(description="Words of a cited source the caveat is about, verbatim.")
    note: Prose = Field(description="What a reader should know about the claim.")
    about: Annotated[str, Field(json_schema_extra={"pattern": ITEM_ID_PATTERN})] | None = Field(
        None,
        description=(
            "The statement or context item the caveat qualifies, as the page numbers it (statement-2, context-1): "
            "the caveat is shown beside that item. Without it, beside every statement and context item whose words its claim overlaps."
        ),
    )
    review: Flag = Field(
        False,
        description="Proposed by `briefs new`: left off the site until an editor has checked the claim, written the note and removed this line.",
    )
    cite: Cites


class Change(Record):
    date: Date
    kind: ChangeKind = Field("update", description="A correction of something the brief got wrong, an update, or a clarification.")
    note: Prose = Field(description="What changed, in text with a small Markdown subset: emphasis, links, lists.")


class Actor(Record):
    name: Text
    kind: ActorKind
    aliases: list[Text] = Field(default_factory=list)
    role: Text | None = None
    country: Text | None = None
    wikidata: Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")] | None = Field(
        None, description="Wikidata item id; only when certain."
    )
    description: Prose | None = None


class Brief(Record):
    title: Text
    summary: Prose
    status: Literal["draft", "published"] = "published"
    kind: BriefKind = Field("background", description="What sort of article the brief is.")
    published: Date
    updated: Date | None = None
    topics: list[TopicId] = Field(default_factory=list, json_schema_extra=UNIQUE)
    sources: Annotated[
        list[BriefSource], Field(min_length=1, description="Ids of the sources in sources.yaml it rests on.", json_schema_extra=UNIQUE)
    ]
    actors: list[ActorId] = Field(default_factory=list, description="Ids from the actor registry.", json_schema_extra=UNIQUE)
    statements: list[Statement] = Field(default_factory=list)
    context: list[ContextItem] = Field(default_factory=list)
    caveats: list[Caveat] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    group_by_speaker: Flag = Field(False, description="Show the statements under their speakers, each speaker's in the file's order.")
    proposed_actors: dict[Slug, Actor] = Field(
        default_factory=dict,
        description="Actors to add to the registry: in a draft, or for statements under review; a published brief may not otherwise have them.",
    )


    @property
    def source_uses(self) -> list[SourceUse]:
        """Each of the brief's sources as an id and the brief's own note."""
        return [SourceUse(id=s) if isinstance(s, str) else s for s in self.sources]


Registry = dict[Slug, Actor]
Sources = dict[Slug, Source]


class Topic(Record):
    title: Text = Field(description="The topic's name as readers see it.")
    description: Prose | None = None


Topics = dict[Slug, Topic]


def citations(brief: Brief) -> Iterator[tuple[Path_, Citation]]:
    """Every citation of a brief with the path of its place in the file, statements first."""
    for i, statement in enumerate(brief.statements):
        for j, citation in enumerate(statement.citations):
            yield ("statements", i, "cite", j) if isinstance(statement.cite, list) else ("statements", i, "cite"), citation
    for key in ("context", "caveats"):
        for i, item in enumerate(getattr(brief, key)):
            for j, citation in enumerate(item.cite):
                yield (key, i, "cite", j), citation
