"""How long ``briefs audit`` takes per source, against a local HTTP server.

    python bench/audit_bench.py [--sources 50] [--briefs 100] [--runs 3]

Generates fictional briefs citing SOURCES sources (as check_bench.py does),
serves each source's snapshot with ``python -m http.server`` on 127.0.0.1 (a
process of its own), as an HTML page whose article text trafilatura extracts
and then as a text file, runs the real ``briefs audit`` (``briefs.cli.main``) on
the folder, and prints the seconds per source (the run's wall time less the
``briefs check`` it starts with, over the sources; best of RUNS runs) and the
median and slowest of the report's per-source seconds. Every source must come
out ok: the figures are those of a clean audit with every quote, claim and
cited passage looked for in the fetched text.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import io
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_bench import write_corpus  # noqa: E402

from briefs.check import check_folder  # noqa: E402
from briefs.cli import main as briefs  # noqa: E402

SOURCES_LINE = "# yaml-language-server: $schema=schema/sources.schema.json\n"


def html_page(text: str) -> bytes:
    """A snapshot as a site serves it: its first paragraph as the heading, navigation and footer around the article."""
    title, *paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body>"
        f'<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{html.escape(title)}</h1>{body}</article><footer>The Bench Post</footer></body></html>"
    ).encode()


@contextlib.contextmanager
def serving(root: Path) -> Iterator[str]:
    """``python -m http.server`` on 127.0.0.1 serving ``root``, in a process of its own; yields its address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cmd = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(root), str(port)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait()


def audit_once(folder: Path, report: Path) -> tuple[float, list[dict]]:
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = briefs(["audit", str(folder), "--json", str(report)])
    wall = time.perf_counter() - started
    sources = json.loads(report.read_text(encoding="utf-8"))["sources"]
    bad = [f"{s['id']}: {s['status']} {s['error'] or ''}" for s in sources if s["status"] != "ok"]
    if code != 0 or bad:
        raise SystemExit(f"briefs audit exited with {code}: " + "; ".join(bad[:5]))
    return wall, sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--briefs", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "briefs"
        write_corpus(folder, briefs=args.briefs, sources=args.sources)
        registry = folder / "sources.yaml"
        records = yaml.safe_load(registry.read_text(encoding="utf-8"))
        for kind in ("html", "txt"):
            (root / "www" / kind).mkdir(parents=True)
            for source_id, record in records.items():
                text = (folder / record["snapshot"]).read_text(encoding="utf-8")
                (root / "www" / kind / f"{source_id}.{kind}").write_bytes(html_page(text) if kind == "html" else text.encode())
        check = min(timed_check(folder) for _ in range(args.runs))
        with serving(root / "www") as base:
            print(f"briefs audit: {args.sources} sources cited by {args.briefs} briefs, served by python -m http.server at {base}")
            print(f"  briefs check of the folder first: {check:.2f} s")
            for kind in ("html", "txt"):
                for source_id, record in records.items():
                    record["url"] = f"{base}/{kind}/{source_id}.{kind}"
                registry.write_text(SOURCES_LINE + yaml.safe_dump(records, sort_keys=False), encoding="utf-8")
                wall, sources = min((audit_once(folder, root / "audit.json") for _ in range(args.runs)), key=lambda run: run[0])
                seconds = [s["seconds"] for s in sources]
                passages = sum(s["passages"] for s in sources)
                print(
                    f"  {'HTML pages' if kind == 'html' else 'text files'}: {(wall - check) / len(sources):.3f} s per source "
                    f"({wall:.2f} s in all with the check), each source's own seconds: median {statistics.median(seconds):.3f}, "
                    f"slowest {max(seconds):.3f}; {passages} passages looked for"
                )


def timed_check(folder: Path) -> float:
    started = time.perf_counter()
    check_folder(folder)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
