"""How fast ``briefs check`` is on a large folder of briefs.

    python bench/check_bench.py [--briefs 1000] [--runs 3] [--keep DIR]

Generates fictional briefs sharing a registry of actors and a set of source
snapshots (a few KB of prose each, with curly quotes, dashes and apostrophes).
Every brief has statements, context items with passages and caveats whose
quotes, passages and claims are taken from its snapshots, sometimes in the
editors' way: straight quotes for curly ones, ``...`` for words left out and
``[bracketed]`` insertions. The whole folder checks clean, so the time is the
time of a clean run with every quote checked.

It times ``check_folder`` in this process and the real ``briefs check DIR`` in a
fresh process (the fastest of three runs each), runs ``check_folder`` again
under tracemalloc, and prints briefs per second, in wall time and per second of
CPU, and peak memory. The target is 500 briefs per second and under 300 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

from briefs.check import check_folder

TARGET_RATE = 500  # briefs per second
TARGET_MB = 300
SCHEMA_LINE = "# yaml-language-server: $schema=schema/brief.schema.json\n"

SYLLABLES = "ar bo ca da el fi gor han is ka lun mar nor os pel quin ros sel tor ul ven wes yar zan".split()
WORDS = (
    "the a of to in and on for with by from at as that this its their new old said would could "
    "harbour treaty minister council border trade grain river valley coast port ferry rail bridge "
    "budget tariff election vote assembly court ruling appeal protest strike union factory mine "
    "energy pipeline grid drought harvest flood relief loan bank currency market export import "
    "fleet patrol talks summit envoy pledge accord deadline reform census survey report inquiry "
    "agreed rejected announced delayed promised warned signed opened closed raised cut doubled "
    "weeks months years officials leaders farmers workers residents critics observers analysts"
).split()
SPEECH = ["said", "told reporters", "wrote", "added", "warned", "insisted"]
KINDS = ["news", "opinion", "analysis", "state-media", "primary", "wire"]
CAVEATS = ["error", "disputed", "unsupported", "opinion", "framing", "unverified"]


def name(rng: random.Random, parts: int = 2) -> str:
    return " ".join("".join(rng.sample(SYLLABLES, 2)).title() for _ in range(parts))


def sentence(rng: random.Random, n: int) -> list[str]:
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].title()
    words[rng.randrange(1, n)] += "\u2019s"  # a curly apostrophe
    if rng.random() < 0.3:
        words.insert(rng.randrange(2, n), "\u2014")  # an em dash between words
    words[-1] += "."
    return words


def paragraph(rng: random.Random, speakers: list[str]) -> list[str]:
    """Words of a paragraph; one sentence of it is speech in curly quotes."""
    words: list[str] = []
    for k in range(rng.randint(3, 5)):
        said = sentence(rng, rng.randint(10, 18))
        if k == 1:
            said[0] = "\u201c" + said[0]
            said[-1] = said[-1][:-1] + ",\u201d"
            said += [rng.choice(speakers), rng.choice(SPEECH) + "."]
        words += said
    return words


def snapshot(rng: random.Random, title: str, speakers: list[str]) -> list[list[str]]:
    return [title.split()] + [paragraph(rng, speakers) for _ in range(rng.randint(8, 12))]


def snapshot_text(paragraphs: list[list[str]]) -> str:
    lines = []
    for words in paragraphs:
        # wrap at about 70 characters, as text extracted from a page often is
        line: list[str] = []
        for word in words:
            line.append(word)
            if sum(map(len, line)) + len(line) > 70:
                lines.append(" ".join(line))
                line = []
        lines.append(" ".join(line))
        lines.append("")
    return "\n".join(lines)


def span(rng: random.Random, paragraphs: list[list[str]], size: int) -> list[str]:
    words = rng.choice(paragraphs[1:])
    start = rng.randrange(0, len(words) - size)
    return words[start : start + size]


def as_editor_types(words: list[str], rng: random.Random) -> str:
    """A run of words as an editor pastes it: often straight quotes, sometimes ``...`` or ``[insertion]``,
    never the quotation marks around it (``briefs check`` refuses them)."""
    text = " ".join(words).strip('"\u201c\u201d')
    if rng.random() < 0.5:
        text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').replace("\u2014", "-")
    parts = text.split(" ")
    if len(parts) > 6 and rng.random() < 0.2:
        parts[2:4] = ["..."]
    elif len(parts) > 4 and rng.random() < 0.2:
        parts.insert(2, "[in fact]")
    return " ".join(parts)


def relay_of(rng: random.Random, paragraphs: list[list[str]]) -> list[list[str]]:
    """A relay of a story, as an outlet rewrites a wire's: a paragraph dropped, a word changed here and there."""
    copy = [list(words) for words in paragraphs]
    if len(copy) > 4:
        del copy[rng.randrange(2, len(copy))]
    for words in rng.sample(copy[1:], min(3, len(copy) - 1)):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return copy


def write_corpus(
    folder: Path,
    *,
    briefs: int,
    actors: int = 50,
    sources: int = 200,
    seed: int = 7,
    inline_sources: bool = False,
    per_brief: int | None = None,
    relays: float = 0.0,
) -> None:
    """Fictional briefs sharing actors and snapshots; with ``inline_sources``, in the format from before
    ``sources.yaml`` (each brief describing its sources), to compare with releases that read only that.

    ``per_brief``: sources of each brief (default 1 to 3 at random); ``relays``: the share of
    snapshots that relay an earlier one with small edits (every other one saying so in ``based_on``).
    """
    rng = random.Random(seed)
    (folder / "sources").mkdir(parents=True)
    registry = {}
    for i in range(actors):
        kind = ("person", "person", "organization", "media", "state")[i % 5]
        registry[f"actor-{i:02d}"] = {"name": name(rng), "kind": kind, "role": f"Role {i}"}
    (folder / "actors.yaml").write_text(
        "# yaml-language-server: $schema=schema/actors.schema.json\n" + yaml.safe_dump(registry, sort_keys=False, width=1000),
        encoding="utf-8",
    )
    people = [a for a, actor in registry.items() if actor["kind"] == "person"]
    media = [a for a, actor in registry.items() if actor["kind"] == "media"]
    speakers = [registry[a]["name"] for a in people]
    texts, facts = [], []
    based_on: dict[int, int] = {}
    for i in range(sources):
        title = " ".join(sentence(rng, 7))[:-1]
        if i > 0 and rng.random() < relays:
            original = rng.randrange(i)
            paragraphs = relay_of(rng, texts[original])
            based_on[i] = original if len(based_on) % 2 == 0 else -1  # -1: a relay that does not say so
        else:
            paragraphs = snapshot(rng, title, speakers)
        texts.append(paragraphs)
        (folder / "sources" / f"source-{i:03d}.txt").write_text(snapshot_text(paragraphs), encoding="utf-8")
        facts.append(
            {
                "title": title,
                "publisher": f"The {name(rng, 1)} Post",
                "url": f"https://news.example.org/{i:03d}/story?page=1&ref=briefs",
                "published": dt.date(2022, 1, 1) + dt.timedelta(days=i),
                "kind": KINDS[i % len(KINDS)],
                "snapshot": f"sources/source-{i:03d}.txt",
            }
        )
        if based_on.get(i, -1) >= 0 and not inline_sources:
            facts[-1]["based_on"] = [f"source-{based_on[i]:03d}"]
    if not inline_sources:
        records = {f"source-{i:03d}": fact for i, fact in enumerate(facts)}
        (folder / "sources.yaml").write_text(
            "# yaml-language-server: $schema=schema/sources.schema.json\n" + yaml.safe_dump(records, sort_keys=False, width=1000),
            encoding="utf-8",
        )
    for b in range(briefs):
        chosen = rng.sample(range(sources), per_brief or rng.randint(1, 3))
        ids = [f"s{k + 1}" for k in range(len(chosen))] if inline_sources else [f"source-{s:03d}" for s in chosen]
        published = dt.date(2023, 1, 1) + dt.timedelta(days=b % 700)

        def cited(k: int, passage: bool = False, ids: list[str] = ids, chosen: list[int] = chosen) -> dict:
            citation = {"source": ids[k]}
            if passage:
                citation["passage"] = as_editor_types(span(rng, texts[chosen[k]], rng.randint(4, 8)), rng)
            return citation

        cast = rng.sample(people, 3)
        statements = []
        for s in range(5):
            k = rng.randrange(len(chosen))
            statement = {"actor": cast[s % 3]}
            if s % 2:
                statement["via"] = rng.choice(media)
            statement["said"] = facts[chosen[k]]["published"] - dt.timedelta(days=s)  # before the source reports it
            statement["quote"] = as_editor_types(span(rng, texts[chosen[k]], rng.randint(5, 12)), rng)
            statement["cite"] = cited(k, passage=s == 4)
            statements.append(statement)
        brief = {
            "title": f"Brief {b}: " + " ".join(sentence(rng, 6))[:-1],
            "summary": " ".join(sentence(rng, 25)),
            "published": published,
            "updated": published + dt.timedelta(days=1),
            "kind": "reportage",
            "topics": sorted(rng.sample([f"topic-{t}" for t in range(40)], 2)),
            "sources": [{"id": i, **facts[s]} for i, s in zip(ids, chosen)] if inline_sources else ids,
            "actors": sorted(set(cast)),
            "statements": statements,
            "context": [
                {"text": " ".join(sentence(rng, 20)), "cite": [cited(rng.randrange(len(chosen)), passage=True)]}
                for _ in range(3)
            ],
            "caveats": [
                {
                    "kind": rng.choice(CAVEATS),
                    "claim": as_editor_types(span(rng, texts[chosen[k]], rng.randint(5, 10)), rng),
                    "note": " ".join(sentence(rng, 15)),
                    "cite": [cited(k)],
                }
                for k in (rng.randrange(len(chosen)) for _ in range(3))
            ],
            "changes": [{"date": published + dt.timedelta(days=1), "note": "Added a caveat."}],
        }
        text = SCHEMA_LINE + yaml.safe_dump(brief, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)
        (folder / f"brief-{b:04d}.yaml").write_text(text, encoding="utf-8")


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    try:  # Linux: the high-water mark of this process's own memory, reset by exec
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)


# Runs the CLI in this fresh process and reports its peak memory on stderr's last line.
CLI = (
    "import sys, runpy; sys.path[:0] = [{bench!r}]; from check_bench import peak_rss_mb\n"
    "sys.argv = ['briefs', 'check', {folder!r}]\n"
    "try:\n    runpy.run_module('briefs.cli', run_name='__main__')\n"
    "finally:\n    print(f'peak {{peak_rss_mb():.1f}}', file=sys.stderr)\n"
)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(step, runs: int) -> tuple[float, float]:
    """Wall and CPU seconds of the fastest of ``runs`` runs of ``step``."""
    best = (float("inf"), float("inf"))
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time() + children_cpu()
        step()
        best = min(best, (time.perf_counter() - start, time.process_time() + children_cpu() - cpu), key=lambda t: t[1])
    return best


def run(folder: Path, count: int, runs: int) -> bool:
    result = check_folder(folder)
    if result.errors or len(result.briefs) != count:
        print(f"the generated corpus does not check clean ({len(result.errors)} errors):", file=sys.stderr)
        for problem in result.errors[:20]:
            print(f"  {problem}", file=sys.stderr)
        return False
    # speakers are drawn at random, so the sources often give a quote to someone else: warnings, checked as usual
    print(f"{len(result.problems)} warning(s), most on speakers the generated sources do not give the quotes to")
    del result
    seconds, cpu = timed(lambda: check_folder(folder), runs)
    print(f"check_folder: {count} briefs in {seconds:.2f} s ({cpu:.2f} s of CPU), {count / seconds:.0f} briefs/s ({count / cpu:.0f} per CPU second)")

    rss = peak_rss_mb()  # before tracemalloc, which needs much memory of its own
    tracemalloc.start()
    check_folder(folder)
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"check_folder memory: tracemalloc peak {traced:.0f} MB, process peak RSS {rss:.0f} MB (generating included)")

    command = [sys.executable, "-c", CLI.format(bench=str(Path(__file__).parent), folder=str(folder))]
    done = subprocess.run(command, capture_output=True, text=True)
    cli_seconds, cli_cpu = timed(lambda: subprocess.run(command, capture_output=True), runs)
    *output, last = done.stderr.splitlines() or [""]
    cli_rss = float(last.removeprefix("peak ")) if last.startswith("peak ") else float("nan")
    print(
        f"briefs check DIR: {cli_seconds:.2f} s ({cli_cpu:.2f} s of CPU), {count / cli_seconds:.0f} briefs/s "
        f"({count / cli_cpu:.0f} per CPU second), peak RSS {cli_rss:.0f} MB (exit {done.returncode})"
    )
    if done.returncode != 0:
        print(done.stdout + "\n".join(output), file=sys.stderr)
        return False

    # The check runs on one core: on an idle machine wall time is CPU time. CPU time
    # is what the target is judged on, so that a busy machine does not blur it.
    rate = count / cli_cpu
    worst_mb = max(rss, cli_rss)
    met = rate >= TARGET_RATE and worst_mb < TARGET_MB
    print(f"target {TARGET_RATE} briefs per CPU second for the whole command, under {TARGET_MB} MB: {'met' if met else 'missed'}")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", type=int, default=1000, help="how many briefs to generate (default 1000)")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR (must not exist) and keep it")
    parser.add_argument("--runs", type=int, default=3, help="time the fastest of this many runs (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(args.keep) if args.keep else Path(temp) / "briefs"
        start = time.perf_counter()
        write_corpus(folder, briefs=args.briefs)
        size = sum(p.stat().st_size for p in (folder / "sources").iterdir()) / 1024
        print(f"generated {args.briefs} briefs, 50 actors, 200 snapshots ({size:.0f} KB) in {time.perf_counter() - start:.1f} s")
        return 0 if run(folder, args.briefs, args.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
