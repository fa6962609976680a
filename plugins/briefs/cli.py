"""The ``briefs`` command line: check, new, schema, audit (and the commands that build on them)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from pydantic import TypeAdapter

from .check import check_folder
from .draft.capture import Fetch, is_url, utc_text
from .load import Problem
from .model import IDS_OF, Brief, Registry, Sources, Topics
from .registries import REGISTRY_FILES, registry_ids

DEFAULT_FOLDER = Path("briefs")


SCHEMAS: dict[str, tuple[str, TypeAdapter]] = {  # file name: title, what it describes
    "brief.schema.json": ("Brief", TypeAdapter(Brief)),
    "actors.schema.json": ("Actor registry", TypeAdapter(Registry)),
    "topics.schema.json": ("Topics", TypeAdapter(Topics)),
    "sources.schema.json": ("Sources", TypeAdapter(Sources)),
}


def schemas(ids: dict[str, list[str]] | None = None) -> dict[str, dict]:
    """The JSON Schemas editors' tools use, generated from the model, offering ``ids`` (by registry, see ``registry_ids``)."""
    found = {}
    for name, (title, adapter) in SCHEMAS.items():
        schema = adapter.json_schema()
        _finish(schema, ids or {})
        found[name] = {**schema, "$schema": "https://json-schema.org/draft/2020-12/schema", "title": title}
    return found


def _finish(node: object, ids: dict[str, list[str]]) -> None:
    """Make pydantic's JSON Schema refuse the keys the model refuses, and offer the registries' ids, in place.

    Pydantic puts the pattern of a mapping's keys in ``patternProperties`` only, which
    leaves a key that does not match valid, and what it holds unchecked. Here the
    pattern goes to ``propertyNames`` and the values' schema to ``additionalProperties``.

    A value the model marks as an id of registries gets their ids as ``examples``, not
    as an ``enum``: yaml-language-server completes examples as it completes an enum,
    but any id still validates, as ``briefs check`` lets a draft or a statement under
    review name an actor it proposes, and the registries change after the schemas are
    written; whether a registry has the id is check's to say.
    """
    if isinstance(node, list):
        for value in node:
            _finish(value, ids)
    elif isinstance(node, dict):
        for pattern, values in node.pop("patternProperties", {}).items():
            node["propertyNames"] = {**node.get("propertyNames", {}), "pattern": pattern}
            node["additionalProperties"] = values
        if offered := [i for registry in node.pop(IDS_OF, []) for i in ids.get(registry, [])]:
            node["examples"] = offered
        for value in node.values():
            _finish(value, ids)


def schema_text(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def cmd_check(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [DEFAULT_FOLDER]
    problems: list[Problem] = []
    count = 0
    groups: dict[Path, list[Path] | None] = {}  # folder -> files to check (None: all)
    for path in paths:
        if path.is_dir():
            groups[path] = None
        elif not path.exists():
            problems.append(Problem(str(path), 1, 1, "error", "no such file or folder"))
        elif path.parent not in groups or groups[path.parent] is not None:
            files = groups.setdefault(path.parent, []) or []
            if path.name not in REGISTRY_FILES:
                files.append(path)
            groups[path.parent] = files
    for folder, only in groups.items():
        result = check_folder(folder, only)
        problems += result.problems
        count += len(result.briefs)
    problems = sorted(set(problems))
    for problem in problems:
        print(problem)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
        return 1
    print(f"checked {count} brief(s): no errors, {warnings} warning(s)")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    ids: dict[str, list[str]] = {}
    if args.folder:
        if not Path(args.folder).is_dir():
            print(f"{args.folder}: error: no such folder", file=sys.stderr)
            return 1
        ids, problems = registry_ids(Path(args.folder))
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} error(s) in the registries, whose ids the schemas offer; nothing written", file=sys.stderr)
            return 1
    found = schemas(ids)
    if args.write:
        folder = Path(args.write)
        folder.mkdir(parents=True, exist_ok=True)
        for name, schema in found.items():
            (folder / name).write_text(schema_text(schema), encoding="utf-8")
        print(f"wrote {', '.join(found)} to {folder}")
        return 0
    name = (
        "actors.schema.json" if args.registry
        else "topics.schema.json" if args.topics
        else "sources.schema.json" if args.sources
        else "brief.schema.json"
    )
    sys.stdout.write(schema_text(found[name]))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import ExportError, export

    try:
        exported = export(Path(args.config), Path(args.dir))
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for warning in exported.option_warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for problem in exported.problems:
        print(problem)
    if exported.errors:
        print(f"{len(exported.errors)} error(s); nothing exported", file=sys.stderr)
        return 1
    print(f"exported to {args.dir}: build it with `mkdocs build -f {Path(args.dir) / 'mkdocs.yml'}`")
    return 0


def cmd_epoch(args: argparse.Namespace) -> int:
    from .build import build_site
    from .pages import default_options

    build = build_site(Path(args.folder), default_options(), include_drafts=args.drafts)
    if build.errors:
        for problem in build.errors:
            print(problem, file=sys.stderr)
        return 1
    print(build.source_date_epoch)
    return 0


def _article(args: argparse.Namespace) -> tuple[Path | str, Fetch]:
    """The article as ``new`` and ``add`` take it: a file's path, or an address (fetched as the options say)."""

    where: Path | str = args.article if is_url(args.article) else Path(args.article)
    return where, Fetch(allow_private=args.allow_private, timeout=args.timeout)


def cmd_new(args: argparse.Namespace) -> int:
    from .draft import DraftError, new

    try:
        where, fetch = _article(args)
        written = new(where, Path(args.folder), args.id, fetch=fetch)
    except DraftError as exc:
        print(exc, file=sys.stderr)
        return 1
    draft = written.draft
    print(f"wrote {written.snapshot} (the snapshot) and {written.brief} (a draft)")
    if written.warc is not None:
        print(f"wrote {written.warc} (the page as received, {utc_text(written.retrieved) if written.retrieved else 'at an unknown time'})")
    print(
        f"{len(draft.quoted)} quoted passage(s) as {draft.statements} statement(s); "
        f"{draft.unattributed} need a speaker; {len(draft.proposed)} actor(s) proposed"
    )
    result = check_folder(Path(args.folder), [written.brief])
    for problem in result.problems:
        print(problem)
    errors = len(result.errors)
    print(f"briefs check {written.brief}: {errors} error(s), {len(result.problems) - errors} warning(s)")
    return 1 if errors else 0


def cmd_add(args: argparse.Namespace) -> int:
    from .draft import DraftError
    from .draft.add import add

    brief = Path(args.to)
    folder = Path(args.folder) if args.folder else (brief.parent if brief.suffix == ".yaml" else DEFAULT_FOLDER)
    if brief.suffix != ".yaml":  # an id: the brief of that name in the folder
        brief = folder / f"{args.to}.yaml"
    try:
        where, fetch = _article(args)
        added = add(where, brief, folder, args.id, fetch=fetch)
    except DraftError as exc:
        print(exc, file=sys.stderr)
        return 1
    if added.snapshot is None:
        unused = f" (--id {args.id} is not used)" if args.id and args.id != added.source_id else ""
        print(f"source '{added.source_id}' in sources.yaml has this text already: the brief now rests on it too{unused}")
    else:
        print(f"wrote {added.snapshot} (the snapshot) and its record '{added.source_id}' in sources.yaml")
        if added.warc is not None:
            print(f"wrote {added.warc} (the page as received)")
    print(
        f"added source '{added.source_id}' to {added.brief}: {len(added.drafted)} quoted passage(s) as "
        f"{added.statements} statement(s) to review; {added.unattributed} need a speaker; {len(added.proposed)} actor(s) proposed"
    )
    for quoted, where in added.known:
        print(f"  already in the brief as {where}: “{_short(quoted.quote)}”")
    if added.carried:
        print(f"which of the brief's words source '{added.source_id}' carries:")
    for also in added.carried:
        if also.carried.verbatim:
            print(f"  {also.what}: verbatim")
        elif also.carried.variants:
            variant = also.carried.variants[0][1]
            print(f"  {also.what}: in other words, paragraph {variant.paragraph + 1}: “{_short(variant.exact)}”")
        else:
            print(f"  {also.what}: not in it")
    for problem in added.problems:
        print(problem)
    errors = sum(p.level == "error" for p in added.problems)
    print(f"briefs check {added.brief}: {errors} error(s), {len(added.problems) - errors} warning(s)")
    return 0


def _short(text: str, words: int = 12) -> str:
    split = text.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


def cmd_migrate(args: argparse.Namespace) -> int:
    from .migrate import MigrateError, migrate

    try:
        print(migrate(Path(args.folder)))
    except MigrateError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from .audit import FAILING, STATUSES, audit_sources, report

    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"{args.folder}: error: no such folder", file=sys.stderr)
        return 2
    out = Path(args.json) if args.json else None
    if out is not None and (out.is_dir() or not out.parent.is_dir()):
        print(f"{args.json}: error: {'a folder' if out.is_dir() else 'no such folder'}; give the file to write the report to", file=sys.stderr)
        return 2
    result = check_folder(folder)
    if result.errors:
        for problem in result.errors:
            print(problem, file=sys.stderr)
        print(f"{len(result.errors)} error(s): fix them first (see briefs check {args.folder}); nothing was fetched", file=sys.stderr)
        return 2
    started = time.monotonic()
    audits = []
    for audit in audit_sources(result, args.timeout):
        audits.append(audit)
        print(audit.line())
        for cited in audit.missing:
            print(f"  {cited}")
    counts = {s: n for s in STATUSES if (n := sum(a.status == s for a in audits)) and s != "skipped"}
    skipped = len(audits) - sum(counts.values())
    summary = ", ".join(f"{n} {s}" for s, n in counts.items()) or "none with a url"
    print(f"audited {len(audits) - skipped} source(s) in {time.monotonic() - started:.1f} s: {summary}" + (f"; {skipped} skipped (no url)" if skipped else ""))
    if out is not None:
        try:
            out.write_text(json.dumps(report(audits, folder, args.timeout), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"{args.json}: error: cannot write the report: {exc.strerror}", file=sys.stderr)
            return 2
    return 1 if any(a.status in FAILING for a in audits) else 0


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 600:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of seconds between 0 and 600")
    return seconds


def _fetch_options(command: argparse.ArgumentParser) -> None:
    """The options of a command that fetches an article given by its address."""
    command.add_argument(
        "--allow-private", action="store_true", help="for an address: fetch from loopback and private addresses too (by default only public hosts)"
    )
    command.add_argument(
        "--timeout", type=_seconds, default=20.0, metavar="S", help="for an address: seconds to connect, for each read and for the whole page (default: 20)"
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefs", description="Write, check and publish explainer briefs.")
    sub = p.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check briefs and report every problem as file:line:col")
    check.add_argument("paths", nargs="*", help="brief files or folders (default: briefs/)")
    check.set_defaults(run=cmd_check)
    new = sub.add_parser("new", help="draft a brief from a source article (text, Markdown or saved HTML)")
    new.add_argument("article", help="the article: a .txt or .md file, an HTML page saved from a browser, or the page's http(s) address")
    new.add_argument("--id", help="id of the brief and its snapshot (default: from the file name)")
    new.add_argument("--folder", default=str(DEFAULT_FOLDER), help="the briefs folder (default: briefs/)")
    _fetch_options(new)
    new.set_defaults(run=cmd_new)
    add = sub.add_parser("add", help="add a source article to a brief: its snapshot, its record, its quotes as statements to review")
    add.add_argument("article", help="the article: a .txt or .md file, an HTML page saved from a browser, or the page's http(s) address")
    add.add_argument("--to", required=True, metavar="BRIEF", help="the brief: its file, or its id in the briefs folder")
    add.add_argument("--id", help="id of the new source and its snapshot (default: from the file name)")
    add.add_argument("--folder", help="the briefs folder (default: the brief's folder, else briefs/)")
    _fetch_options(add)
    add.set_defaults(run=cmd_add)
    schema = sub.add_parser("schema", help="print the JSON Schema of a brief")
    schema.add_argument("--registry", action="store_true", help="print the schema of the actor registry instead")
    schema.add_argument("--topics", action="store_true", help="print the schema of topics.yaml instead")
    schema.add_argument("--sources", action="store_true", help="print the schema of sources.yaml instead")
    schema.add_argument("--write", metavar="DIR", help="write every schema into DIR")
    schema.add_argument("--folder", help="a briefs folder: the schemas offer its actor, topic and source ids as completions")
    schema.set_defaults(run=cmd_schema)
    export = sub.add_parser("export", help="write the site as plain Markdown that MkDocs builds without this plugin")
    export.add_argument("dir", help="a new (or empty) folder to write into")
    export.add_argument("--config", default="mkdocs.yml", help="the site configuration (default: mkdocs.yml)")
    export.set_defaults(run=cmd_export)
    epoch = sub.add_parser(
        "epoch",
        help="print a SOURCE_DATE_EPOCH for reproducible builds: the newest brief date, 00:00 UTC",
    )
    epoch.add_argument("folder", nargs="?", default=str(DEFAULT_FOLDER), help="the briefs folder (default: briefs/)")
    epoch.add_argument("--drafts", action="store_true", help="count drafts too (for a site built with include_drafts)")
    epoch.set_defaults(run=cmd_epoch)
    migrate = sub.add_parser("migrate", help="move the sources briefs list inline into the shared sources.yaml")
    migrate.add_argument("folder", nargs="?", default=str(DEFAULT_FOLDER), help="the briefs folder (default: briefs/)")
    migrate.set_defaults(run=cmd_migrate)
    audit = sub.add_parser(
        "audit",
        help="fetch every source's url again: is each cited passage still there, is the text the snapshot's (exit 1 when one is drifted or gone)",
    )
    audit.add_argument("folder", nargs="?", default=str(DEFAULT_FOLDER), help="the briefs folder (default: briefs/)")
    audit.add_argument("--json", metavar="FILE", help="also write the report as JSON to FILE")
    audit.add_argument(
        "--timeout", type=_seconds, default=20.0, metavar="S", help="seconds to wait for each source, in all and for each step (default: 20)"
    )
    audit.set_defaults(run=cmd_audit)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
