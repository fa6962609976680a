"""Adding a source to a brief that is already written (``briefs add``).

The article becomes a snapshot and a record in ``sources.yaml`` (or, when a
registered source has the same text, that record is used again). Its quoted
passages are drafted into the brief as statements under review, with speakers
found as ``briefs new`` finds them, except the words the brief quotes already;
and the report says which of the brief's statements, passages and claims the
new source carries too. The brief's text is edited in place: lines are added,
never changed (but for a ``[]`` or ``{}`` that becomes a block, and a flow list
that gets one more item); every file is written or none, and the brief must
still pass ``briefs check`` afterwards, or the files get their old content back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from ..check import CheckedBrief, Result, check_folder
from ..corroborate import Carried, carried
from ..load import LoadError, Problem, parse
from ..model import SLUG_PATTERN, Brief, SourceUse, Statement
from ..quotes import VARIANT_MIN_WORDS, Snapshot, normalise_text
from ..registries import SOURCES_FILE, SOURCES_SCHEMA_LINE, label_of
from ..textedit import BLOCK_ITEM_DASH, Edit, WriteError, apply_edits, line_end, line_start, region_end, restore, write_files
from .article import Article, DraftError, read_article
from .capture import Fetch, capture_article, check_url, is_url, url_stem, warc_path
from .speakers import Quoted, Reader, Who
from .write import one_line, propose_actors, proposed_lines, slugify, snapshot_path, source_record, statement_lines

_SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True)
class AlsoCarried:
    """One of the brief's quotes, passages or claims, and whether the new source has it."""

    what: str  # "statement 2 (kim-jong-un)", "context 1, its passage"
    carried: Carried


@dataclass
class Added:
    """What ``briefs add`` did."""

    brief: Path
    source_id: str
    snapshot: Path | None  # None: a registered source had the same text, and is used again
    drafted: list[Quoted]  # the new source's quoted passages drafted as statements
    statements: int  # how many statements they became (one per speaker)
    known: list[tuple[Quoted, str]] = field(default_factory=list)  # passages the brief quotes already, with where
    proposed: dict[str, Who] = field(default_factory=dict)
    carried: list[AlsoCarried] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # what ``briefs check`` says of the brief afterwards
    warc: Path | None = None  # the responses as received, for an article fetched from its address

    @property
    def unattributed(self) -> int:
        return sum(not q.speakers for q in self.drafted)


def add(article_path: Path | str, brief_path: Path, folder: Path | None = None, source_id: str | None = None, fetch: Fetch | None = None) -> Added:
    """Add the article (a file, or an address given as a ``str`` with a scheme, fetched as ``fetch`` says)
    as a source of the brief at ``brief_path`` (in ``folder``, by default the brief's own).

    Raise DraftError, having written nothing, when anything is wrong.
    """
    url = check_url(article_path) if is_url(article_path) else None
    article_path, brief_path = Path(article_path), Path(brief_path)
    label, name, stem = (url, url, url_stem(url)) if url else (str(article_path), article_path.name, article_path.stem)
    folder = Path(folder) if folder is not None else brief_path.parent
    if not brief_path.is_file():
        raise DraftError(str(brief_path), "no such brief")
    before = check_folder(folder, [brief_path])
    errors = [p for p in before.errors if p.file == label_of(brief_path)] or before.errors
    if errors or not before.briefs:
        lines = [str(p) for p in errors[:5]]
        raise DraftError(label_of(brief_path), "\n".join([*lines, "fix these first (run briefs check); nothing was written"]))
    checked = before.briefs[0]
    brief = checked.brief
    article = capture_article(url, fetch) if url else read_article(article_path)
    reused = _same_text(article, before)
    if reused is not None:
        source_id = reused
        if source_id in (use.id for use in brief.source_uses):
            raise DraftError(label_of(brief_path), f"already rests on source '{source_id}', which has this text; nothing was written")
    else:
        source_id = _new_source_id(label, stem, folder, before, source_id)
    registry = {**before.actors, **brief.proposed_actors}
    quoted = Reader(article.text, registry).quoted()
    known = [(q, where) for q in quoted if (where := _quoted_already(q, brief)) is not None]
    drafted = [q for q in quoted if all(q is not k for k, _ in known)]
    proposed = propose_actors(drafted, registry)
    original = brief_path.read_bytes()
    text = _with_source(checked, original.decode("utf-8"), label_of(brief_path), source_id, drafted, proposed, name)

    files: list[tuple[Path, bytes | None, bytes]] = [(brief_path, original, text.encode("utf-8"))]
    snapshot = None
    if reused is None:
        snapshot = folder / snapshot_path(source_id)
        sources = folder / SOURCES_FILE
        old = sources.read_bytes() if sources.is_file() else None
        head = old.decode("utf-8") if old is not None else SOURCES_SCHEMA_LINE + "\n"
        newline = "\r\n" if "\r\n" in head else "\n"
        record = ("" if head.endswith("\n") else newline) + source_record(article, source_id, before.actors).replace("\n", newline)
        files += [(snapshot, None, article.data), (sources, old, (head + record).encode("utf-8"))]
        if article.capture is not None:  # the responses as received, beside the snapshot
            files.append((folder / warc_path(source_id), None, article.capture.warc))
    sources_folder = folder / "sources"
    made = snapshot is not None and not sources_folder.exists()
    try:
        if made:
            sources_folder.mkdir()
        write_files(files)
    except (OSError, WriteError) as exc:
        if made:
            sources_folder.rmdir()
        lines = exc.lines if isinstance(exc, WriteError) else [f"{label_of(folder)}: error: cannot make its sources folder: {exc.strerror}"]
        raise DraftError(label_of(brief_path), "\n".join(lines)) from None
    after = check_folder(folder, [brief_path])
    if after.errors:  # a rule this drafting does not foresee: put everything back
        failed = restore([(path, old) for path, old, _ in files])
        if made:
            sources_folder.rmdir()
        lines = [*map(str, after.errors[:5]), *failed]
        raise DraftError(label_of(brief_path), "\n".join([*lines, "the brief would not pass briefs check with the new source; nothing was kept"]))
    statements = sum(max(1, len(q.speakers)) for q in drafted)
    also = _also_carried(brief, Snapshot(article.text), source_id)
    warc = folder / warc_path(source_id) if snapshot is not None and article.capture is not None else None
    return Added(brief_path, source_id, snapshot, drafted, statements, known, {s: w for w, s in proposed.items()}, also, after.problems, warc)


def _same_text(article: Article, result: Result) -> str | None:
    """The registered source whose snapshot has the article's text (white space aside), if one has."""
    words = article.text.split()
    for source_id, source in result.sources.items():
        snapshot = result.snapshots.get(source.snapshot)
        if snapshot is not None and snapshot.text.split() == words:
            return source_id
    return None


def _new_source_id(label: str, stem: str, folder: Path, result: Result, given: str | None) -> str:
    source_id = given if given is not None else slugify(stem)
    if not _SLUG.fullmatch(source_id):
        if given is None:
            raise DraftError(label, f"cannot make a source id from the {'address' if is_url(label) else 'file name'}; give one with --id")
        raise DraftError(label, f"'{source_id}' is not a valid id: use lower-case letters, digits and hyphens")
    if source_id in result.sources:
        raise DraftError(label_of(folder / SOURCES_FILE), f"already has a source '{source_id}' with another text; choose another id with --id")
    taken = sorted((folder / "sources").glob(f"{source_id}.*"))
    if taken:
        raise DraftError(label_of(taken[0]), "already exists; choose another source id with --id")
    return source_id


def _words(text: str) -> str:
    """Words as quotes are compared here: normalised, case folded, with a space on each side."""
    return " " + " ".join(normalise_text(text).casefold().split()) + " "


def _quoted_already(q: Quoted, brief: Brief) -> str | None:
    """Which of the brief's direct statements of the same speaker gives these words already: the same
    words, words within them or they within its (whole words, at least a few), or the same with a few
    words different. Words the new source gives to someone else are drafted, for the editor to compare."""
    words = _words(q.quote)
    quoted = Snapshot(q.quote)
    speakers = {who.id for who in q.speakers}
    for i, statement in enumerate(brief.statements):
        theirs = _words(statement.quote)
        if statement.kind != "direct" or (speakers and statement.actor not in speakers):
            continue
        shorter = min(words, theirs, key=len)
        if len(shorter.split()) >= VARIANT_MIN_WORDS and (theirs in words or words in theirs):
            return _statement(i, statement)
        if quoted.variant(statement.quote) is not None:
            return _statement(i, statement) + ", in other words"
    return None


def _statement(i: int, statement: Statement) -> str:
    return f"statement {i + 1} ({statement.actor})"


def _also_carried(brief: Brief, snapshot: Snapshot, source_id: str) -> list[AlsoCarried]:
    """Whether the new source carries each of the brief's quotes, cited passages and caveat claims."""
    found: list[tuple[str, str]] = []
    for i, statement in enumerate(brief.statements):
        if statement.kind == "direct":
            found.append((_statement(i, statement), statement.quote))
        found += [(f"{_statement(i, statement)}, its passage", c.passage) for c in statement.citations if c.passage is not None]
    for i, item in enumerate(brief.context):
        found += [(f"context {i + 1}, its passage", c.passage) for c in item.cite if c.passage is not None]
    for i, caveat in enumerate(brief.caveats):
        found.append((f"caveat {i + 1} ({caveat.kind}), its claim", caveat.claim))
        found += [(f"caveat {i + 1}, its passage", c.passage) for c in caveat.cite if c.passage is not None]
    return [AlsoCarried(what, carried(text, {source_id: snapshot})) for what, text in found]


# -- the brief's new text ----------------------------------------------------------


def _with_source(
    checked: CheckedBrief, original: str, label: str, source_id: str, drafted: list[Quoted], proposed: dict[Who, str], file_name: str
) -> str:
    """The brief's text (``original``) with the source listed for review, the drafted statements and the
    proposed actors after its own; read back to be sure it holds exactly the old data and the additions.

    Lines are added, never changed, but for a ``[]`` or ``{}`` that becomes a block and a flow list
    that gets one more item; added lines end as the file's own lines do.
    """
    newline = "\r\n" if "\r\n" in original else "\n"
    text = original.replace("\r\n", "\n")
    text += "" if not text or text.endswith("\n") else "\n"
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, MappingNode):
        raise DraftError(label, "the brief is not a mapping of keys")
    nodes = {key.value: value for key, value in root.value}
    use = f"{{id: {source_id}, review: true}}"
    edits: list[Edit] = [_append_item(text, nodes["sources"], use, label, f"added by briefs add from {one_line(file_name)}: check it, then remove review")]
    review = f"drafted by briefs add from {file_name}: check it, then remove this line"
    statements: list[list[str]] = []
    for q in drafted:
        lines = statement_lines(q, proposed, source_id, "- ", review)
        starts = [i for i, line in enumerate(lines) if line.startswith("- ")]  # one item per speaker
        statements += [lines[a:b] for a, b in zip(starts, [*starts[1:], len(lines)])]
    if statements:
        edits.append(_append_items(text, nodes.get("statements"), "statements", statements, label))
    if proposed:
        edits.append(_append_entries(text, nodes.get("proposed_actors"), "proposed_actors", proposed_lines(proposed, ""), label))
    new = apply_edits(text, edits)
    _verify(new, label, checked, source_id, len(statements), proposed)
    return new.replace("\n", newline) if newline != "\n" else new


def _append_item(text: str, node: Node, item: str, label: str, comment: str) -> Edit:
    """An edit that adds one item, written as one line, to a list."""
    if isinstance(node, SequenceNode) and node.flow_style:
        end = node.end_mark.index - 1  # before the closing bracket
        return (end, end, ", " + item if node.value else item)
    return _append_items(text, node, "sources", [[f"- {item}  # {comment}"]], label)


def _append_items(text: str, node: Node | None, key: str, items: list[list[str]], label: str) -> Edit:
    """An edit that adds items (each its lines, the first starting with "- ") to a block list,
    or makes the list when the key is missing or holds ``[]``."""
    if node is None:
        return _at_end(text, [f"{key}:", *(f"  {line}" for lines in items for line in lines)])
    if not isinstance(node, SequenceNode) or (node.flow_style and node.value):
        raise DraftError(label, f"'{key}' is not a block list (one '- ' item a line); write it so, then run briefs add again")
    if not node.value:  # "key: []"
        return _replace_empty(text, node, [f"  {line}" for lines in items for line in lines])
    last = node.value[-1]
    dash = text[line_start(text, last.start_mark.index) : last.start_mark.index]
    if not BLOCK_ITEM_DASH.fullmatch(dash):
        raise DraftError(label, f"'{key}' has an unusual layout (its last item does not start its line with '- '); nothing was written")
    indent = " " * len(dash)
    lines = [(dash if n == 0 else indent) + line[2:] for lines in items for n, line in enumerate(lines)]  # from "- " and "  "
    at = region_end(text, last, len(dash))  # after the comments that belong to the last item
    return (at, at, "\n".join(lines) + "\n")


def _append_entries(text: str, node: Node | None, key: str, lines: list[str], label: str) -> Edit:
    """An edit that adds entries (their lines, keys at column 0) to a block mapping, or makes it."""
    if node is None:
        return _at_end(text, [f"{key}:", *(f"  {line}" for line in lines)])
    if not isinstance(node, MappingNode) or (node.flow_style and node.value):
        raise DraftError(label, f"'{key}' is not a block mapping; write it so, then run briefs add again")
    if not node.value:  # "key: {}"
        return _replace_empty(text, node, [f"  {line}" for line in lines])
    column = node.value[0][0].start_mark.column
    at = region_end(text, node.value[-1][1], column)
    return (at, at, "\n".join(" " * column + line for line in lines) + "\n")


def _replace_empty(text: str, node: Node, lines: list[str]) -> Edit:
    """An edit that puts ``lines`` in place of an empty ``[]`` or ``{}``, keeping a comment after it."""
    start, end = node.start_mark.index, node.end_mark.index
    start -= text[start - 1] == " "  # the space after the colon
    after = line_end(text, end)
    return (start, after, text[end:after].rstrip("\n") + "\n" + "\n".join(lines) + "\n")


def _at_end(text: str, lines: list[str]) -> Edit:
    return (len(text), len(text), "\n".join(lines) + "\n")


def _verify(new: str, label: str, checked: CheckedBrief, source_id: str, statements: int, proposed: dict[Who, str]) -> None:
    """Refuse a new text that would not load to the old data with just the additions."""
    try:
        data: Any = parse(new, label).data
        brief = Brief.model_validate(data)
    except (LoadError, ValueError):
        brief = None
    old = checked.brief
    same = (
        brief is not None
        and brief.source_uses == [*old.source_uses, SourceUse(id=source_id, review=True)]
        and brief.statements[: len(old.statements)] == old.statements
        and len(brief.statements) == len(old.statements) + statements
        and all(s.review for s in brief.statements[len(old.statements) :])
        and set(brief.proposed_actors) == {*old.proposed_actors, *proposed.values()}
        and brief.model_dump(exclude={"sources", "statements", "proposed_actors"})
        == old.model_dump(exclude={"sources", "statements", "proposed_actors"})
    )
    if not same:
        raise DraftError(label, "the brief's new text would not hold exactly its old content and the additions (an unusual layout?); nothing was written")
