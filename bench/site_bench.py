"""Site build figures: the plugin against plain MkDocs on the exported Markdown, and serve.

    python bench/site_bench.py [N ...]        (default: 100 1000 5000)
    python bench/site_bench.py --serve 1000   (time from saving an edit to the rebuilt page)
    python bench/site_bench.py --dirty 5000 [--pairs 3]   (mkdocs build --dirty with cache_dir after one edit, against a full build, in turn)
    python bench/site_bench.py --scale 1000 10000 20000   (the repository's kind of build: seconds, ms/brief, peak RSS)

For each N it generates N fictional briefs (the corpus of bench/check_bench.py), builds the site
with the briefs plugin, exports it, builds the export with plain MkDocs and
Material, and prints seconds, ms per brief and peak RSS of each build, and the
seconds of ``build_site`` alone (check, library, pages, data: the plugin's and
the export's share of the work).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_bench import write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SITE_CONFIG = """site_name: Bench
theme:
  name: material
markdown_extensions: [admonition, attr_list, toc]
plugins:
  - search
  - tags
  - briefs
"""
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
BUILD_SITE = (
    "from pathlib import Path; from briefs.build import build_site; from briefs.pages import default_options;"
    "built = build_site(Path('briefs'), default_options(), include_drafts=False);"
    "assert not built.errors, built.errors[:5]"
)


def make_site(folder: Path, n: int) -> Path:
    write_corpus(folder / "briefs", briefs=n)
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Bench\n\n<!-- briefs:latest -->\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
    return folder


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of a command run to completion in a fresh process."""
    wrapper = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter(); r = subprocess.run(sys.argv[1:]);"
        "d = time.perf_counter() - t;"
        "print(d, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024);"
        "sys.exit(r.returncode)"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd], cwd=cwd, env=ENV, capture_output=True, text=True, check=False
    )
    if out.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stderr[-3000:]}")
    seconds, rss = out.stdout.split()[-2:]
    return float(seconds), float(rss)


def bench_build(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site", n)
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-d"]
        plugin_s, plugin_mb = timed([*mkdocs, str(Path(tmp) / "out-plugin")], site)
        subprocess.run(
            [sys.executable, "-m", "briefs.cli", "export", str(Path(tmp) / "export")], cwd=site, env=ENV, check=True,
            capture_output=True,
        )
        plain_s, plain_mb = timed([*mkdocs, str(Path(tmp) / "out-plain")], Path(tmp) / "export")
        build_s, _ = timed([sys.executable, "-c", BUILD_SITE], site)
        print(
            f"N={n:>5}  plugin {plugin_s:6.1f} s {1000 * plugin_s / n:6.1f} ms/brief {plugin_mb:6.0f} MB"
            f" | plain {plain_s:6.1f} s {1000 * plain_s / n:6.1f} ms/brief {plain_mb:6.0f} MB"
            f" | plugin/plain {plugin_s / plain_s:4.2f} | build_site {build_s:5.1f} s",
            flush=True,
        )


DIRTY_CONFIG = """site_name: Bench
theme:
  name: material
markdown_extensions: [admonition, attr_list, toc]
plugins:
  - tags:
      export: false
  - briefs:
      cache_dir: cache
"""


def bench_dirty(n: int, pairs: int = 3) -> None:
    """A full build that fills the cache, then ``pairs`` times in turn: one brief edited and a ``--dirty``
    build, and a full build (its own empty cache folder and site folder, so nothing is reused); the ratio
    of each pair, and their median (the machine's speed drifts: only a pair's two builds compare)."""
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site", n)
        (site / "mkdocs.yml").write_text(DIRTY_CONFIG, encoding="utf-8")
        (site / "full.yml").write_text(DIRTY_CONFIG.replace("cache_dir: cache", "cache_dir: cache-full"), encoding="utf-8")
        out = str(Path(tmp) / "out")
        first_s, first_mb = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", out], site)
        print(f"N={n:>5}  first build (cache filled) {first_s:6.1f} s {first_mb:6.0f} MB", flush=True)
        brief = site / "briefs" / "brief-0007.yaml"
        text = brief.read_text(encoding="utf-8")
        ratios = []
        for i in range(pairs):
            edited = text if i % 2 else text.replace("title: '", "title: 'Edited ", 1)  # edited, then back
            brief.write_text(edited, encoding="utf-8")
            os.sync()  # each build timed on its own: not while the disk still writes out the last one's files
            dirty_s, dirty_mb = timed([sys.executable, "-m", "mkdocs", "build", "-q", "--dirty", "-d", out], site)
            shutil.rmtree(site / "cache-full", ignore_errors=True)
            shutil.rmtree(Path(tmp) / "full", ignore_errors=True)
            os.sync()
            full_cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "full.yml", "-d", str(Path(tmp) / "full")]
            full_s, full_mb = timed(full_cmd, site)
            ratios.append(dirty_s / full_s)
            print(
                f"  after one edit: --dirty {dirty_s:6.1f} s {dirty_mb:6.0f} MB, full {full_s:6.1f} s {full_mb:6.0f} MB"
                f" | dirty/full {dirty_s / full_s:5.1%}",
                flush=True,
            )
        print(f"N={n:>5}  dirty/full median of {pairs} pairs {statistics.median(ratios):5.1%} (target 10%)", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"gave up after {timeout} s")


def bench_serve(n: int, edits: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site", n)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--dirty"],
            cwd=site, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            page = f"http://127.0.0.1:{port}/briefs/brief-0007/"
            first = wait_for(lambda: "Brief 7:" in fetch(page), 600)
            print(f"N={n}: first build served after {first:.1f} s")
            brief = site / "briefs" / "brief-0007.yaml"
            for i in range(edits):
                text = brief.read_text(encoding="utf-8")
                marker = f"Edited {i}"
                brief.write_text(text.replace("title: '", f"title: '{marker} ", 1), encoding="utf-8")
                seconds = wait_for(lambda marker=marker: marker in fetch(page), 120)
                print(f"N={n}: edit {i + 1} saved -> rebuilt page served in {seconds:.2f} s", flush=True)
                time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=30)


SCALE_CONFIG = SITE_CONFIG.replace("  - search\n", "").replace("  - briefs\n", "  - briefs:\n      pagefind: true\n")
TARGET_SCALE_SECONDS, TARGET_SCALE_MB, TARGET_LINEAR = 300, 4096, 1.2


def bench_scale(sizes: list[int]) -> None:
    """The site as the repository builds its own (Pagefind, no build cache), at each size: seconds, ms per
    brief against the first size's, peak RSS; targets at 20,000 briefs: 5 minutes, 4 GB, within 1.2x."""
    first = None
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = make_site(Path(tmp) / "site", n)
            (site / "mkdocs.yml").write_text(SCALE_CONFIG, encoding="utf-8")
            seconds, mb = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(Path(tmp) / "out")], site)
        per = 1000 * seconds / n
        first = first or per
        met = seconds <= TARGET_SCALE_SECONDS and mb <= TARGET_SCALE_MB and per <= TARGET_LINEAR * first
        print(f"N={n:>6}  {seconds:6.1f} s  {per:5.1f} ms/brief ({per / first:4.2f}x of N={sizes[0]})  peak RSS {mb:6.0f} MB"
              f"  targets (5 min, 4 GB, 1.2x): {'met' if met else 'missed'}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    parser.add_argument("--serve", action="store_true", help="time edit-to-page under mkdocs serve instead")
    parser.add_argument("--dirty", action="store_true", help="time mkdocs build --dirty with a build cache after one edit")
    parser.add_argument("--pairs", type=int, default=3, help="with --dirty: how many edit, --dirty and full builds in turn")
    parser.add_argument("--scale", action="store_true", help="the repository's kind of build (Pagefind) at each size, against the first")
    args = parser.parse_args()
    if args.scale:
        return bench_scale(args.sizes)
    for n in args.sizes:
        if args.dirty:
            bench_dirty(n, args.pairs)
        else:
            (bench_serve if args.serve else bench_build)(n)


if __name__ == "__main__":
    main()
