"""The site build and ``briefs check`` of this checkout against an earlier release, side by side.

    python bench/core_bench.py BEFORE [N ...]     (default N: 1000 5000)

BEFORE is a checkout of the earlier release (for example ``git worktree add /tmp/before <commit>``);
its ``plugins/`` folder is put first on the import path of its runs. Both get the same fictional
corpus (bench/check_bench.py), the earlier one in the format it reads (each brief describing its
sources inline), this one with ``sources.yaml``. Runs alternate, before then after, so that a
noisy machine slows both alike; each figure is the best of ``--runs``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_bench import write_corpus  # noqa: E402
from site_bench import SITE_CONFIG, timed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def make_site(folder: Path, n: int, *, inline_sources: bool) -> Path:
    write_corpus(folder / "briefs", briefs=n, inline_sources=inline_sources)
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Bench\n\n<!-- briefs:latest -->\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
    return folder


def with_code(plugins: Path, cmd: list[str]) -> list[str]:
    """``cmd`` run with ``plugins`` first on the import path."""
    return ["env", f"PYTHONPATH={plugins}{os.pathsep}{os.environ.get('PYTHONPATH', '')}", *cmd]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path, help="a checkout of the earlier release")
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    cores = {"before": args.before.resolve() / "plugins", "after": ROOT / "plugins"}
    print(f"{'N':>6} {'core':>7} {'build s':>8} {'ms/brief':>9} {'peak MB':>8} {'check briefs/s':>15}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            sites = {core: make_site(Path(tmp) / core, n, inline_sources=core == "before") for core in cores}
            best: dict[str, tuple[float, float, float]] = {}
            for _ in range(args.runs):
                for core, plugins in cores.items():
                    build = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(Path(tmp) / f"out-{core}")]
                    seconds, rss = timed(with_code(plugins, build), sites[core])
                    check = [sys.executable, "-m", "briefs.cli", "check", "briefs"]
                    start = time.perf_counter()
                    timed(with_code(plugins, check), sites[core])
                    rate = n / (time.perf_counter() - start)
                    old = best.get(core)
                    best[core] = (min(seconds, old[0]), min(rss, old[1]), max(rate, old[2])) if old else (seconds, rss, rate)
            for core, (seconds, rss, rate) in best.items():
                print(f"{n:>6} {core:>7} {seconds:>8.1f} {seconds / n * 1000:>9.1f} {rss:>8.0f} {rate:>15.0f}")
            print(f"{n:>6} {'ratio':>7} {best['after'][0] / best['before'][0]:>8.2f} {'':>9} {best['after'][1] / best['before'][1]:>8.2f}")


if __name__ == "__main__":
    main()
