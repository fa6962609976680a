"""Search figures: Pagefind against Material's search, on the benchmark corpus.

    python bench/search_bench.py [N ...]   (default: 1000 10000)

For each N it generates N fictional briefs (the corpus of bench/check_bench.py) and
builds the site twice: with Material's search plugin, and with the briefs plugin's
``pagefind: true`` (seconds and peak RSS of each build). It then indexes the second
site again with ``search.index_site`` alone (Pagefind's indexing seconds), serves both
sites on 127.0.0.1 and, in Debian's Chromium, types two queries into each search,
counting the bytes the browser fetched for search: for the first query everything
from opening a fresh page until the results show (Material: its search worker and
``search_index.json``; Pagefind: the search page's script, Pagefind's engine,
WebAssembly, metadata, the index chunks of the words, any filters and the fragments
of the results shown, split by kind of file), and for the second query what it
fetched after that. Bytes are given as served and as a server that gzips its answers
would send them (Pagefind's index files are compressed already).
Target: the first query downloads at most 300 kB at 10,000 briefs.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from site_bench import SITE_CONFIG, make_site, timed  # noqa: E402

from briefs.plugin import SEARCH_SCRIPT  # noqa: E402
from briefs.search import BUNDLE, index_site  # noqa: E402

CHROMIUM = "/usr/bin/chromium-headless-shell"  # Debian's Chromium as its headless shell (`make browser`)
QUERIES = ("harbour", "pipeline")  # words of the corpus: one in many briefs, then another
TARGET_FIRST_KB = 300
PAGEFIND_CONFIG = SITE_CONFIG.replace("  - search\n", "").replace("  - briefs\n", "  - briefs:\n      pagefind: true\n")


TOTAL = "all"
KINDS = (  # the kinds of file a search fetches, by how the path ends (the first that fits)
    ("index chunks", ".pf_index"),
    ("filters", ".pf_filter"),
    ("fragments", ".pf_fragment"),
    ("metadata", ".pf_meta"),
    ("WebAssembly", ".pagefind"),
    ("entry", ".json"),
    ("scripts", ".js"),
    ("styles", ".css"),
)


def kind(path: str) -> str:
    return next((name for name, ending in KINDS if path.endswith(ending)), "other")


class Counter:
    """The bytes served, by path, as served and gzipped."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = threading.Lock()
        self.served: list[str] = []
        self.gzipped: dict[str, int] = {}

    def add(self, path: str) -> None:
        with self.lock:
            self.served.append(path)

    def since(self, start: int, prefixes: tuple[str, ...]) -> dict[str, tuple[int, int, int]]:
        """Files, bytes and gzipped bytes served since the ``start``-th request of paths under ``prefixes``, by kind
        of file (``kind``); the whole under ``TOTAL``."""
        with self.lock:
            paths = [p for p in self.served[start:] if p.startswith(prefixes)]
        figures: dict[str, list[int]] = {}
        for path in paths:
            file = self.root / path.lstrip("/")
            data = (file / "index.html" if file.is_dir() else file).read_bytes()
            if path not in self.gzipped:
                self.gzipped[path] = min(len(data), len(gzip.compress(data, 6)))
            for key in (kind(path), TOTAL):
                files, raw, gz = figures.setdefault(key, [0, 0, 0])
                figures[key] = [files + 1, raw + len(data), gz + self.gzipped[path]]
        figures.setdefault(TOTAL, [0, 0, 0])
        return {key: (files, raw, gz) for key, (files, raw, gz) in figures.items()}

    @property
    def mark(self) -> int:
        with self.lock:
            return len(self.served)


@contextmanager
def serve(root: Path):
    counter = Counter(root)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002
            pass

        def send_head(self):
            answer = super().send_head()
            if answer is not None:
                counter.add(self.path.split("?")[0])
            return answer

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", counter
    finally:
        server.shutdown()
        server.server_close()


def kb(n: int) -> str:
    return f"{n / 1000:,.0f} kB" if n < 10_000_000 else f"{n / 1_000_000:,.1f} MB"


def material_search(page, query: str) -> None:
    page.locator("input.md-search__input").fill(query)
    page.locator("li.md-search-result__item").first.wait_for()


def pagefind_search(page, query: str) -> None:
    page.locator(".brief-search__input").fill(query)
    page.locator(".brief-search__message", has_text=f"results for {query}").wait_for()
    page.wait_for_function("document.querySelectorAll('.brief-search__link').length > 0")
    page.wait_for_load_state("networkidle")


def queries(browser, out: Path, start_page: str, search, prefixes: tuple[str, ...]) -> list[tuple[float, tuple[int, int, int]]]:
    """Each of QUERIES typed into the search box of ``start_page``: seconds and bytes under ``prefixes`` fetched for it."""
    figures = []
    with serve(out) as (base, counter):
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(600_000)
        start = counter.mark
        page.goto(base + start_page)
        if search is material_search:
            page.locator("input.md-search__input").click()  # Material's search box opens on a click
        for query in QUERIES:
            began = time.perf_counter()
            search(page, query)
            figures.append((time.perf_counter() - began, counter.since(start, prefixes)))
            start = counter.mark
        context.close()
    return figures


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def bench(n: int, browser) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site", n)
        material_out, pagefind_out = Path(tmp) / "out-material", Path(tmp) / "out-pagefind"
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-d"]
        material_s, material_mb = timed([*mkdocs, str(material_out)], site)
        (site / "mkdocs.yml").write_text(PAGEFIND_CONFIG, encoding="utf-8")
        pagefind_s, pagefind_mb = timed([*mkdocs, str(pagefind_out)], site)
        indexed = index_site(pagefind_out)
        bundle_files, bundle_bytes = folder_size(pagefind_out / BUNDLE)
        lunr = (material_out / "search" / "search_index.json").read_bytes()
        print(
            f"N={n:>6}  build with Material's search {material_s:6.1f} s {material_mb:5.0f} MB"
            f" | with Pagefind {pagefind_s:6.1f} s {pagefind_mb:5.0f} MB"
            f" | Pagefind indexing {indexed.seconds:5.1f} s ({indexed.pages} pages, {bundle_files} files, {kb(bundle_bytes)})"
            f" | Material's index {kb(len(lunr))} ({kb(len(gzip.compress(lunr, 6)))} gzipped)",
            flush=True,
        )
        engines = (
            ("Material", queries(browser, material_out, "briefs/", material_search, ("/search/", "/assets/javascripts/workers/"))),
            ("Pagefind", queries(browser, pagefind_out, "search/", pagefind_search, (f"/{BUNDLE}/", f"/{SEARCH_SCRIPT}"))),
        )
        for i, query in enumerate(QUERIES):
            which = "first" if i == 0 else "second"
            cells = []
            for name, figures in engines:
                seconds, by_kind = figures[i]
                files, raw, gz = by_kind[TOTAL]
                cells.append(f"{name} {kb(raw):>8} ({kb(gz):>8} gzipped, {files:3d} files, {seconds:5.2f} s)")
            print(f"N={n:>6}  {which:>6} query {query!r:>11}: " + " | ".join(cells), flush=True)
            by_kind = engines[1][1][i][1]
            parts = [f"{name} {kb(raw)} ({kb(gz)}, {files})" for name, _ in KINDS if name in by_kind for files, raw, gz in [by_kind[name]]]
            print(f"N={n:>6}  {which:>6} query, Pagefind by kind (served, gzipped, files): " + ", ".join(parts), flush=True)
        first_gz = engines[1][1][0][1][TOTAL][2]
        print(f"N={n:>6}  Pagefind's first query: {kb(first_gz)} gzipped (target at 10,000: at most {TARGET_FIRST_KB} kB)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        try:
            for n in args.sizes:
                bench(n, browser)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
