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

from ..kinds import CAVEAT_KINDS
from ..kinds import SOURCE_KINDS as SOURCE_KIND_LABELS
from ..load import MAX_BYTES, LoadError, parse, read_text
from ..model import SLUG_PATTERN, Actor, Brief, Registry, Sources
from ..registries import MAX_SNAPSHOT_BYTES, REGISTRY_FILE, SOURCES_FILE, SOURCES_SCHEMA_LINE, load_registry
from ..registries import SCHEMA_LINE as CHECK_SCHEMA_LINE
from .article import Article, DraftError, read_article
from .candidates import Candidate, candidates
from .capture import Fetch, capture_article, check_url, is_url, record_lines, url_stem, warc_path
from .credits import credits
from .speakers import Quoted, Reader, Who

TODO_ACTOR = "todo"
MAX_DRAFT_QUOTES = 500  # a brief of more statements is no brief to read; and drafting reads the article once per quote
SHORT_QUOTE_WORDS = 2
SCHEMA_LINE = CHECK_SCHEMA_LINE + "schema/brief.schema.json"
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
    caveats: list[Candidate] = field(default_factory=list)  # the caveats to consider, proposed for review

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
    reader = Reader(article.text, registry, published=_day(article.published))
    if len(reader.article.quotes) > MAX_DRAFT_QUOTES:
        raise DraftError(
            file_name,
            f"the article has {len(reader.article.quotes):,} quoted passages; a draft takes at most {MAX_DRAFT_QUOTES:,}: "
            "draft from a part of the article; nothing was written",
        )
    quoted = reader.quoted()
    proposed = propose_actors(quoted, registry)

    out = [SCHEMA_LINE, f"# Draft made by `briefs new` from {one_line(file_name)}. Every TODO needs an editor's decision."]
    dates = reader.dates()
    if dates:
        out.append("# Dates in the article: " + "; ".join(one_line(d) for d in dates))
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
    actors = list(dict.fromkeys([*reader.actor_ids(), *(who.id or proposed[who] for q in quoted for who in q.people)]))
    out += ["# TODO: keep the actors the brief is about", f"actors: [{', '.join(actors)}]"]
    out.append("statements:" if quoted else "statements: []")
    for q in quoted:
        out += statement_lines(q, proposed, brief_id, "  - ")
    out += ["# TODO: the background a reader needs, each item with a citation", "context: []"]
    found = candidates(reader, quoted, article.title)
    out += caveat_lines(found, brief_id)
    if proposed:
        out += ["# TODO: check each proposed actor; move it to actors.yaml before the brief is published", "proposed_actors:"]
        out += proposed_lines(proposed, "  ")
    text = "\n".join(out) + "\n"
    record = source_record(article, brief_id, registry)
    _verify(text, record, [expected for q in quoted for expected in _expected(q)], [c.claim for c in found], brief_id)
    return Draft(text, record, quoted, {slug: who for who, slug in proposed.items()}, found)


def _day(published: str | None) -> dt.date | None:
    """The article's date, from which "on Thursday" and "yesterday" are counted."""
    try:
        return dt.date.fromisoformat(published) if published else None
    except ValueError:
        return None


def propose_actors(quoted: list[Quoted], registry: dict[str, Actor]) -> dict[Who, str]:
    """An id for each speaker and channel that the registry lacks, unique and never ``todo``."""
    proposed: dict[Who, str] = {}
    for q in quoted:
        for who in q.people:
            if who.id is None and who not in proposed:
                slug = base = slugify(who.name) or "actor"
                n = 2
                while slug in registry or slug in proposed.values() or slug == TODO_ACTOR:
                    slug, n = f"{base}-{n}", n + 1
                proposed[who] = slug
    return proposed


def statement_lines(q: Quoted, proposed: dict[Who, str], source_id: str, dash: str, review: str | None = None) -> list[str]:
    """The draft statements of one quoted passage, one per speaker, as YAML list items that start with ``dash``.

    ``review``: a comment that goes with ``review: true`` on each, for a statement
    drafted into a brief that is already written.
    """
    indent = " " * len(dash)

    def ref(who: Who) -> str:
        return who.id or proposed[who]

    out = []
    for i, who in enumerate(q.speakers or (None,)):
        if who is None:
            out.append(f"{dash}actor: {TODO_ACTOR}  # TODO: who said this?")
            if q.hint:
                out.append(f"{indent}# perhaps: {one_line(q.hint)}")
        else:
            out.append(f"{dash}actor: {ref(who)}")
            others = [ref(w) for w in q.speakers if w != who]
            if others:
                out.append(f"{indent}# said together with {', '.join(others)}")
            if q.how and i == 0:
                out.append(f"{indent}# TODO: check the speaker: {one_line(q.how)}")
        if review is not None:
            out.append(f"{indent}review: true  # {one_line(review)}")
        if len(q.quote.split()) <= SHORT_QUOTE_WORDS:
            out.append(f"{indent}# TODO: a short quote: it may be a title or a scare quote rather than a statement")
        if q.said:
            out.append(f"{indent}said: {q.said}" + (f"  # TODO: check the day: {one_line(q.said_note)}" if q.said_note else ""))
        elif q.said_note:
            out.append(f"{indent}# TODO: when was it said? {one_line(q.said_note)}")
        if q.via:
            out.append(f"{indent}via: {ref(q.via)}")
        out.append(f"{indent}quote: {_scalar(q.quote)}")
        if q.passage:
            out += [f"{indent}cite:", f"{indent}  source: {source_id}", f"{indent}  passage: {_scalar(q.passage)}"]
        else:
            out.append(f"{indent}cite: {{source: {source_id}}}")
    return out


def caveat_lines(found: list[Candidate], source_id: str) -> list[str]:
    """The ``caveats`` of a draft: each caveat to consider under review, its kind a suggestion and its note to write."""
    if not found:
        return ["# TODO: what in the source is wrong, disputed, opinion or unverified", "caveats: []"]
    out = [
        "# TODO: caveats to consider, proposed from the article's wording: keep, rewrite or delete each;",
        "# choose its kind, write its note, then remove 'review: true'. Add what the wording cannot show.",
        "caveats:",
    ]
    for c in found:
        out += [
            f"  - kind: {c.kind}  # TODO: {' | '.join(CAVEAT_KINDS)}",
            f"    review: true  # proposed: {one_line(c.why)}",
            f"    claim: {_scalar(c.claim)}",
            f"    note: {_scalar('TODO: what a reader should know about these words.')}",
            f"    cite: [{{source: {source_id}}}]",
        ]
    return out


def _expected(q: Quoted) -> list[tuple[str, str | None]]:
    """The (quote, passage) of each statement ``statement_lines`` makes of ``q``."""
    return [(q.quote, q.passage)] * max(1, len(q.speakers))


def proposed_lines(proposed: dict[Who, str], indent: str) -> list[str]:
    """Entries of ``proposed_actors`` for the speakers the registry lacks, keys at ``indent``."""
    out = []
    for who, slug in proposed.items():
        out += [f"{indent}{slug}:", f"{indent}  name: {_scalar(who.name)}", f"{indent}  kind: {who.kind}"]
        if who.role:
            out.append(f"{indent}  role: {_scalar(who.role)}  # TODO: check the role, as the article gives it")
    return out


def source_record(article: Article, source_id: str, registry: dict[str, Actor]) -> str:
    """The article's record for sources.yaml: what it gives of itself, never guessed, and
    the wires and agencies it credits, proposed (as a comment) for ``based_on``."""
    out = [f"{source_id}:"]
    if not article.html:
        out.append("  # TODO: check the title: it is the first line of the file")
    out.append(f"  title: {_scalar(article.title or 'TODO: title')}")
    for key in ("publisher", "author", "url", "published"):
        value = getattr(article, key)
        if value:
            out.append(f"  {key}: {_scalar(value) if key != 'published' else value}")
    out += record_lines(article, source_id)
    out += [f"  kind: news  # TODO: {SOURCE_KINDS}", f"  snapshot: {snapshot_path(source_id)}"]
    found = credits(article.text, registry)
    if found:
        named = "; ".join(f"{c.name} ({one_line(c.how)}){'' if c.actor else ', not in actors.yaml'}" for c in found)
        out += [
            f"  # TODO: the text credits {named}: if it relays them, take the # from the line below (each id must be in actors.yaml or sources.yaml)",
            f"  # based_on: [{', '.join(c.actor or slugify(c.name) for c in found)}]",
        ]
    return "\n".join(out) + "\n"


def snapshot_path(source_id: str) -> str:
    """Where the snapshot of a drafted source goes, relative to the briefs folder."""
    return f"sources/{source_id}.txt"


def _scalar(value: str) -> str:
    """``value`` as one line of YAML that reads back as exactly ``value``."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000_000).removesuffix("\n...\n").removesuffix("\n")
    if "\n" in dumped:
        dumped = yaml.safe_dump(value, allow_unicode=False, width=1_000_000_000, default_style='"').rstrip("\n")
    return dumped


def one_line(text: str) -> str:
    return " ".join(text.split())


def _verify(text: str, record: str, expected: list[tuple[str, str | None]], claims: list[str], brief_id: str) -> None:
    """Read the draft back: every quote, passage and claim must come out as it went in."""
    _SOURCES.validate_python(parse(record, SOURCES_FILE).data)
    brief = _BRIEF.validate_python(parse(text, f"{brief_id}.yaml").data)
    got = [(s.quote, s.citations[0].passage) for s in brief.statements]
    if got != expected:
        raise RuntimeError(f"the draft does not read back as written: {got!r} != {expected!r}")
    if [c.claim for c in brief.caveats] != claims:
        raise RuntimeError(f"the draft's caveats do not read back as written: {[c.claim for c in brief.caveats]!r} != {claims!r}")


# -- briefs new -------------------------------------------------------------------


@dataclass
class Written:
    brief: Path
    snapshot: Path
    draft: Draft
    warc: Path | None = None  # the responses as received, for an article fetched from its address
    retrieved: dt.datetime | None = None


def _registry(folder: Path, name: str, adapter: TypeAdapter, what: str) -> dict:
    loaded = load_registry(folder, name, adapter)
    if loaded.problems:
        first = loaded.problems[0]
        if first.level == "error" and loaded.data is None:
            raise DraftError(f"{first.file}:{first.line}:{first.col}", f"{what} is not valid: {first.message}; run 'briefs check' for details")
    return loaded.data or {}


def new(article_path: Path | str, folder: Path, brief_id: str | None = None, today: dt.date | None = None, fetch: Fetch | None = None) -> Written:
    """Write a draft brief and its snapshot into ``folder`` from an article file, or from its address
    (a ``str`` with a scheme: fetched as ``fetch`` says); nothing is written when anything is wrong."""
    url = check_url(article_path) if is_url(article_path) else None
    article_path, folder = Path(article_path), Path(folder)
    label, name, stem = (url, url, url_stem(url)) if url else (str(article_path), article_path.name, article_path.stem)
    if not folder.is_dir():
        raise DraftError(str(folder), "no such folder")
    if brief_id is None:
        brief_id = slugify(stem)
        if not _SLUG.fullmatch(brief_id):
            raise DraftError(label, f"cannot make an id from the {'address' if url else 'file name'}; give one with --id")
    elif not _SLUG.fullmatch(brief_id):
        raise DraftError(label, f"'{brief_id}' is not a valid id: use lower-case letters, digits and hyphens")
    brief_path = folder / f"{brief_id}.yaml"
    snapshot_path = folder / "sources" / f"{brief_id}.txt"
    for path in (brief_path, *sorted((folder / "sources").glob(f"{brief_id}.*"))):
        if path.exists():
            raise DraftError(str(path), "already exists; nothing was written (choose another id with --id)")
    article = None if url else read_article(article_path)
    if not (folder / REGISTRY_FILE).is_file():
        raise DraftError(str(folder / REGISTRY_FILE), "the actor registry is missing; speakers are matched against it")
    registry = _registry(folder, REGISTRY_FILE, _REGISTRY, "the actor registry")
    sources_path = folder / SOURCES_FILE
    if brief_id in _registry(folder, SOURCES_FILE, _SOURCES, "the sources registry"):
        raise DraftError(str(sources_path), f"already has a source '{brief_id}'; nothing was written (choose another id with --id)")
    if article is None:  # fetched once nothing else stands in the way
        article = capture_article(str(url), fetch)
    draft = make_draft(article, registry, brief_id, today or dt.date.today(), name)
    try:
        sources_text = read_text(sources_path, label=str(sources_path), inside=folder) if sources_path.exists() else SOURCES_SCHEMA_LINE + "\n"
    except LoadError as exc:
        raise DraftError.at(exc.problems[0]) from None
    sources_text = sources_text + ("" if sources_text.endswith("\n") else "\n") + draft.source
    staged = sources_path.with_name(f".{SOURCES_FILE}.{brief_id}.new")  # replaces the registry in one step
    files = [(snapshot_path, article.data, MAX_SNAPSHOT_BYTES), (brief_path, draft.text.encode("utf-8"), MAX_BYTES), (sources_path, sources_text.encode("utf-8"), MAX_BYTES)]
    if article.capture is not None:  # the responses as received, beside the snapshot
        files.insert(1, (folder / warc_path(brief_id), article.capture.warc, len(article.capture.warc)))
    for path, data, limit in files:  # nothing that briefs check would refuse
        if len(data) > limit:
            raise DraftError(str(path), f"would be {len(data):,} bytes; the limit is {limit:,}: draft from a part of the article; nothing was written")
    written: list[Path] = []
    try:
        snapshot_path.parent.mkdir(exist_ok=True)
        for path, data, _ in files:
            path = staged if path == sources_path else path
            with open(path, "xb") as f:  # "x": never over a file that appeared meanwhile
                written.append(path)
                f.write(data)
        staged.replace(sources_path)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        what = "already exists" if isinstance(exc, FileExistsError) else f"cannot write: {exc.strerror}"
        raise DraftError(str(exc.filename or folder), f"{what}; nothing was written") from None
    if article.capture is None:
        return Written(brief_path, snapshot_path, draft)
    return Written(brief_path, snapshot_path, draft, folder / warc_path(brief_id), article.capture.page.retrieved)
