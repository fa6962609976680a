"""Briefs from many sources: what corroboration, attribution and origins cost, and how right attribution is.

    python bench/sources_bench.py [--briefs 1000] [--snapshots 10000] [--runs 2]

1. ``check_folder`` on the fictional corpus of bench/check_bench.py with 4 sources per
   brief, with corroboration and attribution on, against off (both stubbed out in this
   process); runs alternate, each figure the best of ``--runs``. Target: at least 300
   briefs per second on.
2. The site build (``mkdocs build``) of the same corpus, on against off (corroboration,
   attribution and origin grouping stubbed out in the child process). Target: at most 1.2x.
3. Origin grouping (``find_shared``) over ``--snapshots`` generated snapshots, a fifth
   of them relays of another with small edits: seconds, peak RSS, and how many relays
   were grouped with their original and how many pairs that are not relays were.
4. Attribution on a fictional corpus: statements quoting the speech in a snapshot, a
   third of them given to another person of the registry; warnings on the
   misattributed ones (all should have one) and on the correct ones (none should).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from check_bench import SCHEMA_LINE, name, paragraph, sentence, snapshot_text, write_corpus  # noqa: E402
from site_bench import ENV, SITE_CONFIG  # noqa: E402

import briefs.check  # noqa: E402
from briefs.check import check_folder  # noqa: E402

TARGET_RATE = 300
TARGET_RATIO = 1.2
OFF = (
    "import briefs.check, briefs.library;"
    "briefs.check.corroborate = lambda *a: {}; briefs.check.attribution_warnings = lambda *a: [];"
    "briefs.check.quotes_of = lambda *a: [];"
    "briefs.library.find_shared = lambda *a: [];"
)
BUILD = "import sys; from mkdocs.__main__ import cli; sys.argv = ['mkdocs', 'build', '-q', '-d', sys.argv[1]]; cli()"


def check_on_off(folder: Path, count: int, runs: int) -> None:
    real = (briefs.check.corroborate, briefs.check.attribution_warnings, briefs.check.quotes_of)
    best = {"on": float("inf"), "off": float("inf")}
    warnings = 0
    for _ in range(runs):
        for mode in best:
            if mode == "off":
                briefs.check.corroborate = lambda *a: {}  # type: ignore[assignment]
                briefs.check.attribution_warnings = lambda *a: []  # type: ignore[assignment]
                briefs.check.quotes_of = lambda *a: []  # type: ignore[assignment]
            start = time.perf_counter()
            result = check_folder(folder)
            best[mode] = min(best[mode], time.perf_counter() - start)
            briefs.check.corroborate, briefs.check.attribution_warnings, briefs.check.quotes_of = real
            assert not result.errors, result.errors[:3]
            if mode == "on":
                warnings = len(result.problems)
    on, off = count / best["on"], count / best["off"]
    print(f"check, {count} briefs of 4 sources: on {on:.0f} briefs/s, off {off:.0f} briefs/s ({best['on'] / best['off']:.2f}x); {warnings} warning(s) on")
    print(f"  target >= {TARGET_RATE} briefs/s on: {'met' if on >= TARGET_RATE else 'missed'}")


def build_on_off(site: Path, runs: int) -> None:
    best = {"on": float("inf"), "off": float("inf")}
    for _ in range(runs):
        for mode in best:
            code = (OFF if mode == "off" else "") + BUILD
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", code, str(site.parent / f"out-{mode}")], cwd=site, env=ENV, capture_output=True, text=True)
            best[mode] = min(best[mode], time.perf_counter() - start)
            if done.returncode:
                raise SystemExit(done.stderr[-3000:])
    ratio = best["on"] / best["off"]
    print(f"site build: on {best['on']:.1f} s, off {best['off']:.1f} s ({ratio:.2f}x); target <= {TARGET_RATIO}x: {'met' if ratio <= TARGET_RATIO else 'missed'}")


GROUPING = """
import random, resource, sys, time
sys.path.insert(0, {bench!r})
from check_bench import relay_of, snapshot, snapshot_text
from briefs.origins import find_shared
from briefs.quotes import Snapshot
rng = random.Random(11)
speakers = ["Arbo Gorhan", "Selka Tor", "Ulven Mar"]
texts, original = [], {{}}
for i in range({count}):
    if i and rng.random() < 0.2:
        original[i] = rng.randrange(i)
        texts.append(relay_of(rng, texts[original[i]]))
    else:
        texts.append(snapshot(rng, "Title", speakers))
snaps = {{f"s{{i:05d}}": Snapshot(snapshot_text(t)) for i, t in enumerate(texts)}}
start = time.perf_counter()
shared = find_shared(snaps)
seconds = time.perf_counter() - start
pairs = {{tuple(sorted(p.sources)) for p in shared}}
root = {{}}
for i in range({count}):
    root[i] = root[original[i]] if i in original else i
same = lambda a, b: root[int(a[1:])] == root[int(b[1:])]
relays = [(f"s{{min(i, o):05d}}", f"s{{max(i, o):05d}}") for i, o in original.items()]
found = sum(p in pairs for p in relays)
wrong = sum(not same(*p) for p in pairs)
print(f"{{seconds:.1f}} {{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}} {{len(relays)}} {{found}} {{len(pairs)}} {{wrong}}")
"""


def grouping(count: int) -> None:
    code = GROUPING.format(bench=str(Path(__file__).parent), count=count)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    seconds, rss, relays, found, pairs, wrong = done.stdout.split()
    print(
        f"origin grouping, {count} snapshots: {seconds} s, peak RSS {rss} MB (snapshots generated in the same process); "
        f"{found} of {relays} relays grouped with their original; {pairs} pairs found, {wrong} of them not relays of each other"
    )


def attribution(folder: Path, statements: int = 600, seed: int = 5) -> None:
    rng = random.Random(seed)
    (folder / "sources").mkdir(parents=True)
    people = {f"person-{i:02d}": name(rng) for i in range(20)}
    people = {i: n for i, n in people.items() if list(people.values()).count(n) == 1}  # one person a name
    registry = {i: {"name": n, "kind": "person"} for i, n in people.items()}
    (folder / "actors.yaml").write_text(yaml.safe_dump(registry, sort_keys=False), encoding="utf-8")
    names = list(people.values())
    ids = {n: i for i, n in people.items()}
    records, wrong = {}, []
    for b in range(statements // 6):
        paragraphs = [sentence(rng, 7)] + [paragraph(rng, names) for _ in range(6)]
        source = f"s{b:03d}"
        (folder / "sources" / f"{source}.txt").write_text(snapshot_text(paragraphs), encoding="utf-8")
        records[source] = {"title": f"Report {b}", "kind": "news", "snapshot": f"sources/{source}.txt"}
        items = []
        for words in paragraphs[1:]:
            opening = next(k for k, w in enumerate(words) if w.startswith("\u201c"))
            closing = next(k for k, w in enumerate(words) if w.endswith(",\u201d"))
            speaker = words[closing + 1]  # "“Words ...,” Arbo Gorhan said."
            quote = " ".join(words[opening : closing + 1]).strip("\u201c\u201d,")
            misattributed = rng.random() < 1 / 3
            actor = rng.choice([i for i in people if i != ids[speaker]]) if misattributed else ids[speaker]
            wrong.append(misattributed)
            items.append({"actor": actor, "quote": quote, "cite": {"source": source}})
        brief = {"title": f"Brief {b}", "summary": "A summary.", "published": dt.date(2024, 1, 1), "sources": [source], "statements": items}
        (folder / f"brief-{b:03d}.yaml").write_text(SCHEMA_LINE + yaml.safe_dump(brief, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (folder / "sources.yaml").write_text(yaml.safe_dump(records, sort_keys=False), encoding="utf-8")
    result = check_folder(folder)
    assert not result.errors, result.errors[:3]
    warned = {(p.file, p.line) for p in result.problems if "gives these words to" in p.message}
    lines = {}
    for b in range(statements // 6):
        text = (folder / f"brief-{b:03d}.yaml").read_text(encoding="utf-8").splitlines()
        lines[b] = [n + 1 for n, line in enumerate(text) if line.startswith("- actor:")]
    flags = [any(f.endswith(f"brief-{b:03d}.yaml") and line == n for f, line in warned) for b, ns in lines.items() for n in ns]
    caught = sum(f and w for f, w in zip(flags, wrong))
    false = sum(f and not w for f, w in zip(flags, wrong))
    print(
        f"attribution, {len(wrong)} statements: {caught} of {sum(wrong)} misattributed quotes warned about; "
        f"{false} of {len(wrong) - sum(wrong)} correct ones warned about"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", type=int, default=1000)
    parser.add_argument("--snapshots", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        write_corpus(site / "briefs", briefs=args.briefs, per_brief=4, relays=0.2)
        (site / "docs").mkdir()
        (site / "docs" / "index.md").write_text("# Bench\n", encoding="utf-8")
        (site / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
        check_on_off(site / "briefs", args.briefs, args.runs)
        build_on_off(site, args.runs)
        attribution(Path(tmp) / "attribution")
    grouping(args.snapshots)


if __name__ == "__main__":
    main()
