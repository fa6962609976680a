"""Writing the draft: the brief's YAML, its record for ``sources.yaml``, and the files ``briefs new`` writes.

Every value goes in as one line of YAML, and the draft is read back before it
is written: each quote and passage must come out exactly as it went in.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import TypeAdapter

from ..kinds import SOURCE_KINDS as SOURCE_KIND_LABELS
from ..load import MAX_BYTES, LoadError, parse, read_text
from ..model import SLUG_PATTERN, Actor, Brief, Registry, Sources
from ..registries import REGISTRY_FILE, SOURCES_FILE, load_registry
from ..registries import SCHEMA_LINE as CHECK_SCHEMA_LINE
from .article import Article, DraftError, read_article
from .speakers import Quoted, Reader, Who

TODO_ACTOR = "todo"
SHORT_QUOTE_WORDS = 2
SCHEMA_LINE = CHECK_SCHEMA_LINE + "schema/brief.schema.json"
SOURCES_SCHEMA_LINE = CHECK_SCHEMA_LINE + "schema/sources.schema.json"
SOURCE_KINDS = " | ".join(SOURCE_KIND_LABELS)

_SLUG = re.compile(SLUG_PATTERN)
_REGISTRY = TypeAdapter(Registry)
_SOURCES = TypeAdapter(Sources)
_BRIEF = TypeAdapter(Brief)


@dataclass
class Draft:
    text: str  # the brief's YAML
    source: str  # the source's record for sources.yaml, as YAML lines
    quoted: list[Quoted]
    proposed: dict[str, Who] = field(default_factory=dict)

    @property
    def statements(self) -> int:
        return sum(max(1, len(q.speakers)) for q in self.quoted)

    @property
    def unattributed(self) -> int:
        return sum(not q.speakers for q in self.quoted)


def slugify(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.casefold()).strip("-")
    return slug[:80].rstrip("-")


def make_draft(article: Article, registry: dict[str, Actor], brief_id: str, today: dt.date, file_name: str) -> Draft:
    """The YAML text of a draft brief for ``article``, checked to read back as written."""
    reader = Reader(article.text, registry)
    quoted = reader.quoted()
    proposed: dict[Who, str] = {}
    for q in quoted:
        for who in (*q.speakers, q.via):
            if who is not None and who.id is None and who not in proposed:
                slug = base = slugify(who.name) or "actor"
                n = 2
                while slug in registry or slug in proposed.values() or slug == TODO_ACTOR:
                    slug, n = f"{base}-{n}", n + 1
                proposed[who] = slug

    def ref(who: Who) -> str:
        return who.id or proposed[who]

    out = [SCHEMA_LINE, f"# Draft made by `briefs new` from {_comment(file_name)}. Every TODO needs an editor's decision."]
    dates = reader.dates()
    if dates:
        out.append("# Dates in the article: " + "; ".join(_comment(d) for d in dates))
    out += [
        "# TODO: the brief's own headline",
        f"title: {_scalar(article.title or 'TODO: title')}",
        f"summary: {_scalar('TODO: one paragraph a reader can stop after.')}",
        "status: draft",
        "kind: background  # TODO: reportage | analysis | background",
        f"published: {today.isoformat()}  # TODO: the day the brief is published",
        "# TODO: topics, as slugs",
        "topics: []",
        f"sources: [{brief_id}]  # its record is in {SOURCES_FILE}",
    ]
    source = [f"{brief_id}:"]
    if not article.html:
        source.append("  # TODO: check the title: it is the first line of the file")
    source.append(f"  title: {_scalar(article.title or 'TODO: title')}")
    for key in ("publisher", "author", "url", "published"):
        value = getattr(article, key)
        if value:
            source.append(f"  {key}: {_scalar(value) if key != 'published' else value}")
    source += [f"  kind: news  # TODO: {SOURCE_KINDS}", f"  snapshot: sources/{brief_id}.txt"]
    actors = list(dict.fromkeys([*reader.actor_ids(), *(ref(w) for q in quoted for w in (*q.speakers, q.via) if w)]))
    out += ["# TODO: keep the actors the brief is about", f"actors: [{', '.join(actors)}]"]
    out.append("statements:" if quoted else "statements: []")
    expected: list[tuple[str, str | None]] = []
    for q in quoted:
        for i, who in enumerate(q.speakers or (None,)):
            if who is None:
                out.append(f"  - actor: {TODO_ACTOR}  # TODO: who said this?")
                if q.hint:
                    out.append(f"    # perhaps: {_comment(q.hint)}")
            else:
                out.append(f"  - actor: {ref(who)}")
                others = [ref(w) for w in q.speakers if w != who]
                if others:
                    out.append(f"    # said together with {', '.join(others)}")
                if q.how and i == 0:
                    out.append(f"    # TODO: check the speaker: {_comment(q.how)}")
            if len(q.quote.split()) <= SHORT_QUOTE_WORDS:
                out.append("    # TODO: a short quote: it may be a title or a scare quote rather than a statement")
            if q.said:
                out.append(f"    said: {q.said}")
            if q.via:
                out.append(f"    via: {ref(q.via)}")
            out.append(f"    quote: {_scalar(q.quote)}")
            if q.passage:
                out += ["    cite:", f"      source: {brief_id}", f"      passage: {_scalar(q.passage)}"]
            else:
                out.append(f"    cite: {{source: {brief_id}}}")
            expected.append((q.quote, q.passage))
    out += [
        "# TODO: the background a reader needs, each item with a citation",
        "context: []",
        "# TODO: what in the source is wrong, disputed, opinion or unverified",
        "caveats: []",
    ]
    if proposed:
        out += ["# TODO: check each proposed actor; move it to actors.yaml before the brief is published", "proposed_actors:"]
        for who, slug in proposed.items():
            out += [f"  {slug}:", f"    name: {_scalar(who.name)}", f"    kind: {who.kind}"]
    text = "\n".join(out) + "\n"
    record = "\n".join(source) + "\n"
    _verify(text, record, expected, brief_id)
    return Draft(text, record, quoted, {slug: who for who, slug in proposed.items()})


def _scalar(value: str) -> str:
    """``value`` as one line of YAML that reads back as exactly ``value``."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000_000).removesuffix("\n...\n").removesuffix("\n")
    if "\n" in dumped:
        dumped = yaml.safe_dump(value, allow_unicode=False, width=1_000_000_000, default_style='"').rstrip("\n")
    return dumped


def _comment(text: str) -> str:
    return " ".join(text.split())


def _verify(text: str, record: str, expected: list[tuple[str, str | None]], brief_id: str) -> None:
    """Read the draft back: every quote and passage must come out as it went in."""
    _SOURCES.validate_python(parse(record, SOURCES_FILE).data)
    brief = _BRIEF.validate_python(parse(text, f"{brief_id}.yaml").data)
    got = [(s.quote, s.citations[0].passage) for s in brief.statements]
    if got != expected:
        raise RuntimeError(f"the draft does not read back as written: {got!r} != {expected!r}")


# -- briefs new -------------------------------------------------------------------


@dataclass
class Written:
    brief: Path
    snapshot: Path
    draft: Draft


def _registry(folder: Path, name: str, adapter: TypeAdapter, what: str) -> dict:
    loaded = load_registry(folder, name, adapter)
    if loaded.problems:
        first = loaded.problems[0]
        if first.level == "error" and loaded.data is None:
            raise DraftError(f"{first.file}:{first.line}:{first.col}", f"{what} is not valid: {first.message}; run 'briefs check' for details")
    return loaded.data or {}


def new(article_path: Path, folder: Path, brief_id: str | None = None, today: dt.date | None = None) -> Written:
    """Write a draft brief and its snapshot into ``folder``; nothing is written when anything is wrong."""
    article_path, folder = Path(article_path), Path(folder)
    if not folder.is_dir():
        raise DraftError(str(folder), "no such folder")
    if brief_id is None:
        brief_id = slugify(article_path.stem)
        if not _SLUG.fullmatch(brief_id):
            raise DraftError(str(article_path), "cannot make an id from the file name; give one with --id")
    elif not _SLUG.fullmatch(brief_id):
        raise DraftError(str(article_path), f"'{brief_id}' is not a valid id: use lower-case letters, digits and hyphens")
    brief_path = folder / f"{brief_id}.yaml"
    snapshot_path = folder / "sources" / f"{brief_id}.txt"
    for path in (brief_path, *sorted((folder / "sources").glob(f"{brief_id}.*"))):
        if path.exists():
            raise DraftError(str(path), "already exists; nothing was written (choose another id with --id)")
    article = read_article(article_path)
    if not (folder / REGISTRY_FILE).is_file():
        raise DraftError(str(folder / REGISTRY_FILE), "the actor registry is missing; speakers are matched against it")
    registry = _registry(folder, REGISTRY_FILE, _REGISTRY, "the actor registry")
    sources_path = folder / SOURCES_FILE
    if brief_id in _registry(folder, SOURCES_FILE, _SOURCES, "the sources registry"):
        raise DraftError(str(sources_path), f"already has a source '{brief_id}'; nothing was written (choose another id with --id)")
    draft = make_draft(article, registry, brief_id, today or dt.date.today(), article_path.name)
    if len(draft.text.encode("utf-8")) > MAX_BYTES:
        message = f"the draft of its {len(draft.quoted):,} quotes would be {len(draft.text.encode('utf-8')):,} bytes, more than a brief may hold ({MAX_BYTES:,}); nothing was written: draft from a shorter part of the article"
        raise DraftError(str(article_path), message)
    try:
        sources_text = read_text(sources_path, label=str(sources_path), inside=folder) if sources_path.exists() else SOURCES_SCHEMA_LINE + "\n"
    except LoadError as exc:
        raise DraftError.at(exc.problems[0]) from None
    sources_text = sources_text + ("" if sources_text.endswith("\n") else "\n") + draft.source
    written: list[Path] = []
    staged = sources_path.with_name(f".{SOURCES_FILE}.{brief_id}.new")
    try:
        snapshot_path.parent.mkdir(exist_ok=True)
        for path, data in ((snapshot_path, article.data), (brief_path, draft.text.encode("utf-8")), (staged, sources_text.encode("utf-8"))):
            with open(path, "xb") as f:  # "x": never over a file that appeared meanwhile
                written.append(path)
                f.write(data)
        staged.replace(sources_path)  # the registry with the new record appended, in one step
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        what = "already exists" if isinstance(exc, FileExistsError) else f"cannot write: {exc.strerror}"
        raise DraftError(str(exc.filename or folder), f"{what}; nothing was written") from None
    return Written(brief_path, snapshot_path, draft)
