"""How long ``briefs new`` takes from a page's address against the same page saved as a file, on real news pages.

    python bench/capture_bench.py [--pages 40] [--corpus ../shared/corpus/news-pages]

Serves the first PAGES saved pages of the news-pages corpus (read from where it
lies, unpacked into a temporary folder, never into the repository) with
``python -m http.server`` on 127.0.0.1 (a process of its own) and drafts each
twice with the real ``briefs new``: from its address (fetched, checked and kept
as a WARC record) and from the file. Prints the seconds per article of each
(median, 90th percentile, mean), what capture adds, how many drafts came out
with the same snapshot both ways, the size of the WARC files against the pages,
and why the pages that could not be drafted were refused.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from audit_bench import serving  # noqa: E402

from briefs.draft import DraftError, new  # noqa: E402
from briefs.draft.capture import Fetch  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "news-pages"
ACTORS = "# yaml-language-server: $schema=schema/actors.schema.json\n{}\n"


def briefs_folder(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    return root


def timed(article: Path | str, folder: Path, brief_id: str) -> tuple[float, str | None]:
    started = time.perf_counter()
    try:
        new(article, folder, brief_id, fetch=Fetch(allow_private=True))
    except DraftError as exc:
        return time.perf_counter() - started, exc.message
    return time.perf_counter() - started, None


def figures(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return f"median {statistics.median(ordered):.3f} s, p90 {p90:.3f} s, mean {statistics.fmean(ordered):.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    pages = sorted((args.corpus / "html").glob("*.html.gz"))[: args.pages]
    if not pages:
        print(f"no saved pages in {args.corpus / 'html'} (the corpus lies in ../shared/corpus/ beside the checkout): nothing measured")
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        www = root / "www"
        www.mkdir()
        sizes = {}
        for path in pages:
            name = path.name.removesuffix(".gz")
            data = gzip.decompress(path.read_bytes())
            (www / name).write_bytes(data)
            sizes[name] = len(data)
        by_url, by_file = briefs_folder(root / "by-url"), briefs_folder(root / "by-file")
        url_seconds, file_seconds, refused, same, warc_bytes = [], [], collections.Counter(), 0, 0
        with serving(www) as base:
            for i, name in enumerate(sizes):
                brief_id = f"page-{i:03d}"
                s_url, why_url = timed(f"{base}/{name}", by_url, brief_id)
                s_file, why_file = timed(www / name, by_file, brief_id)
                if why_url or why_file:
                    refused[(why_url or "drafted").split(":")[0] + " / " + (why_file or "drafted").split(":")[0]] += 1
                    continue
                url_seconds.append(s_url)
                file_seconds.append(s_file)
                snapshot = f"sources/{brief_id}.txt"
                same += (by_url / snapshot).read_bytes() == (by_file / snapshot).read_bytes()
                warc_bytes += (by_url / f"sources/{brief_id}.warc.gz").stat().st_size
    drafted = len(url_seconds)
    page_bytes = sum(sizes.values())
    print(f"{len(pages)} real news pages served from 127.0.0.1; {drafted} drafted both ways")
    if drafted:
        print(f"briefs new URL:  {figures(url_seconds)} per article")
        print(f"briefs new FILE: {figures(file_seconds)} per article")
        overhead = [u - f for u, f in zip(url_seconds, file_seconds)]
        print(f"capture adds (fetch, checks, WARC record): median {statistics.median(overhead) * 1000:.0f} ms per article")
        print(f"same snapshot from the address as from the file: {same} of {drafted}")
        print(f"WARC files: {warc_bytes:,} bytes for {page_bytes:,} bytes of pages ({warc_bytes / page_bytes:.0%}, gzipped)")
    for why, n in refused.most_common():
        print(f"  refused (from the address / from the file): {why}: {n}")


if __name__ == "__main__":
    main()
