"""Caveats to consider: how many of the main brief's hand-written caveats ``briefs new`` proposes, and at what cost.

    python bench/candidates_bench.py [--pages N] [--runs R]

1. The main brief (briefs/putin-kim-liberation-day-pledges.yaml), whose caveats
   editors wrote by hand, drafted again from its article
   (../shared/articles/putin-kim-next-level.txt, else its snapshot) with the real
   ``briefs new`` and the repository's actors.yaml. A proposal matches a hand
   caveat when their claims overlap by at least half of the shorter one. Recall:
   the hand caveats some proposal matches (and with the hand caveat's kind);
   precision: the proposals that match some hand caveat.
2. Real news pages (../shared/corpus/news-pages/, skipped when absent): the first
   N English pages drafted the same way; proposals per article and per signal,
   and, on the pages judged by hand in bench/data/caveat-candidates.json, the
   share of proposals an editor would keep.
3. Seconds per article for the whole of ``briefs new`` and for the candidates alone.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from pydantic import TypeAdapter

from briefs import cli
from briefs.draft.article import read_article
from briefs.draft.candidates import candidates
from briefs.draft.speakers import Reader
from briefs.model import Registry
from briefs.quotes import Snapshot

REPO = Path(__file__).resolve().parent.parent
BRIEFS = REPO / "briefs"
MAIN_BRIEF = BRIEFS / "putin-kim-liberation-day-pledges.yaml"
MAIN_SOURCE = "putin-kim-next-level"
SHARED = REPO.parent / "shared"
PAGES = SHARED / "corpus" / "news-pages"
JUDGED = REPO / "bench" / "data" / "caveat-candidates.json"
OVERLAP = 0.5
ENGLISH = {"the", "and", "of", "to", "in", "is", "that", "was", "for", "with"}


def registry() -> dict:
    return TypeAdapter(Registry).validate_python(yaml.safe_load((BRIEFS / "actors.yaml").read_text(encoding="utf-8")))


def draft(article: Path, brief_id: str) -> tuple[list[dict], float]:
    """The caveats ``briefs new`` drafts from ``article`` (with the repository's actors), and the seconds it took."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(BRIEFS / "actors.yaml", folder / "actors.yaml")
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["new", str(article), "--id", brief_id, "--folder", str(folder)])
        seconds = time.perf_counter() - start
        written = folder / f"{brief_id}.yaml"
        if not written.is_file():  # exit 1 with a draft written: briefs check refuses something else in it
            raise SystemExit(f"briefs new failed on {article} ({code}): {err.getvalue().strip()}")
        data = yaml.safe_load(written.read_text(encoding="utf-8"))
        return data.get("caveats") or [], seconds


def span(snapshot: Snapshot, claim: str) -> tuple[int, int]:
    match = snapshot.find(claim)
    if match is None:
        raise SystemExit(f"claim not in the snapshot: {claim!r}")
    return match.start, match.end


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= OVERLAP * min(a[1] - a[0], b[1] - b[0])


def main_brief(runs: int) -> list[float]:
    article = SHARED / "articles" / f"{MAIN_SOURCE}.txt"
    if not article.is_file():
        article = BRIEFS / "sources" / f"{MAIN_SOURCE}.txt"
    snapshot = Snapshot(article.read_text(encoding="utf-8"))
    hand = yaml.safe_load(MAIN_BRIEF.read_text(encoding="utf-8"))["caveats"]
    times = []
    for _ in range(runs):
        proposed, seconds = draft(article, MAIN_SOURCE)
        times.append(seconds)
    hand_spans = [span(snapshot, c["claim"]) for c in hand]
    proposed_spans = [span(snapshot, c["claim"]) for c in proposed]
    found = [any(overlaps(h, p) for p in proposed_spans) for h in hand_spans]
    found_kind = [any(overlaps(h, p) and c["kind"] == q["kind"] for p, q in zip(proposed_spans, proposed)) for h, c in zip(hand_spans, hand)]
    useful = [any(overlaps(p, h) for h in hand_spans) for p in proposed_spans]
    print(f"main brief: {MAIN_BRIEF.name}, {len(hand)} hand-written caveats; {len(proposed)} proposed by briefs new")
    print(f"  recall:    {sum(found)}/{len(hand)} = {sum(found) / len(hand):.0%} of the hand caveats' claims proposed"
          f" ({sum(found_kind)}/{len(hand)} = {sum(found_kind) / len(hand):.0%} with the same kind)")
    print(f"  precision: {sum(useful)}/{len(proposed)} = {sum(useful) / max(1, len(proposed)):.0%} of the proposals match a hand caveat")
    by_kind = Counter(c["kind"] for c in hand)
    hit_kind = Counter(c["kind"] for c, f in zip(hand, found) if f)
    print("  by hand kind: " + ", ".join(f"{kind} {hit_kind[kind]}/{n}" for kind, n in sorted(by_kind.items())))
    for c, f in zip(hand, found):
        if not f:
            print(f"  missed ({c['kind']}): {c['claim']}")
    for c, u in zip(proposed, useful):
        if not u:
            print(f"  matches none ({c['kind']}): {c['claim']}")
    return times


def english_pages(count: int) -> list[tuple[str, str]]:
    truth = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    chosen = []
    for name, entry in sorted(truth.items()):
        words = entry["articleBody"].casefold().split()
        if len(words) >= 150 and sum(w in ENGLISH for w in words) / len(words) > 0.12:
            chosen.append((name, entry["url"]))
        if len(chosen) == count:
            break
    return chosen


def news_pages(count: int) -> list[float]:
    if not PAGES.is_dir():
        print("news pages: ../shared/corpus/news-pages/ is absent; skipped")
        return []
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))["pages"] if JUDGED.is_file() else {}
    signals: Counter[str] = Counter()
    per_article, times, cost = [], [], []
    kept = judged_total = 0
    judged_by_signal: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # signal: [dropped, kept]
    unjudged = []
    actors = registry()
    with tempfile.TemporaryDirectory() as tmp:
        for name, _url in english_pages(count):
            page = Path(tmp) / f"{name[:12]}.html"
            page.write_bytes(gzip.decompress((PAGES / "html" / f"{name}.html.gz").read_bytes()))
            try:
                proposed, seconds = draft(page, "page")
            except SystemExit as exc:
                print(f"  {name[:12]}: {exc}")
                continue
            times.append(seconds)
            article = read_article(page)
            start = time.perf_counter()
            reader = Reader(article.text, actors)
            found = candidates(reader, reader.quoted(), article.title)
            cost.append(time.perf_counter() - start)
            per_article.append(len(proposed))
            signals.update(c.signal for c in found)
            verdicts = judged.get(name[:12])
            if verdicts is not None:
                for c in found:
                    verdict = next((v["verdict"] for v in verdicts if v["signal"] == c.signal and c.claim.startswith(v["starts"])), None)
                    if verdict is None:
                        unjudged.append((name[:12], c.signal, c.claim))
                        continue
                    judged_total += 1
                    kept += verdict == "keep"
                    judged_by_signal[c.signal][verdict == "keep"] += 1
    if not per_article:
        return []
    print(f"news pages: {len(per_article)} English pages drafted; proposals per article: "
          f"median {statistics.median(per_article):g}, mean {statistics.mean(per_article):.1f}, max {max(per_article)}; "
          f"{sum(p == 0 for p in per_article)} with none")
    print("  by signal: " + ", ".join(f"{s} {n}" for s, n in signals.most_common()))
    if judged_total:
        print(f"  judged by hand ({len(judged)} pages, bench/data/{JUDGED.name}): {kept}/{judged_total} = {kept / judged_total:.0%} worth an editor's look")
        print("    by signal (kept/judged): " + ", ".join(f"{s} {k}/{d + k}" for s, (d, k) in sorted(judged_by_signal.items(), key=lambda i: -sum(i[1]))))
    for page_id, signal, claim in unjudged:  # the rules changed since the pages were judged
        print(f"  not judged yet: {page_id} [{signal}] {' '.join(claim.split()[:6])}")
    print(f"  candidates alone: median {statistics.median(cost) * 1000:.1f} ms per article, max {max(cost) * 1000:.1f} ms")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=30, help="English news pages to draft (default 30)")
    parser.add_argument("--runs", type=int, default=5, help="drafts of the main article to time (default 5)")
    args = parser.parse_args()
    times = main_brief(args.runs)
    print(f"  briefs new on the main article: median {statistics.median(times):.3f} s over {len(times)} runs")
    page_times = news_pages(args.pages)
    if page_times:
        print(f"  briefs new on the news pages: median {statistics.median(page_times):.3f} s per article, max {max(page_times):.3f} s")


if __name__ == "__main__":
    sys.exit(main())
