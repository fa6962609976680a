"""Lighthouse scores of the repository's site: accessibility and mobile performance.

    python bench/lighthouse_bench.py [--lighthouse PATH]

Builds the repository's site (mkdocs.yml, docs/, briefs/) into a temporary folder,
serves it on 127.0.0.1 as a static host does (text gzipped) and runs Lighthouse (from npm: ``npm i -E lighthouse@12.2.3``;
``--lighthouse`` or $LIGHTHOUSE names its command, else ``lighthouse`` on PATH) with
Debian's Chromium ($CHROME_PATH, by default /usr/bin/chromium: ``apt-get install chromium``) on the home page, the
main brief, an actor and a source: Lighthouse's default mobile emulation and network
throttling. Every other host fails to resolve, so nothing is fetched from elsewhere.
Prints each page's scores and the accessibility audits that fail. Targets: accessibility
at least 98 and mobile performance at least 85 on each.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN_BRIEF = "putin-kim-liberation-day-pledges"
PAGES = {
    "home": "",
    "brief": f"briefs/{MAIN_BRIEF}/",
    "actor": "actors/kim-jong-un/",
    "source": "sources/putin-kim-next-level/",
}
TARGETS = {"accessibility": 98, "performance": 85}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'"


def build(out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stdout + done.stderr)


COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """The built site as a static host serves it: text compressed with gzip when the browser
    asks for it (as GitHub Pages, Netlify or any web server configured for it do), quietly."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSED or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(StaticHost, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def audit(lighthouse: str, url: str, report: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [
        lighthouse, url, "--quiet", "--output=json", f"--output-path={report}",
        "--only-categories=accessibility,performance", f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode or not report.exists():
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lighthouse", default=os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse"))
    args = parser.parse_args()
    if not args.lighthouse:
        raise SystemExit("no lighthouse command: npm i -E lighthouse@12.2.3, then pass --lighthouse node_modules/.bin/lighthouse")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        build(out)
        server, base = serve(out)
        try:
            for name, path in PAGES.items():
                result = audit(args.lighthouse, base + path, Path(tmp) / f"{name}.json")
                scores = {c: round(result["categories"][c]["score"] * 100) for c in TARGETS}
                met = all(scores[c] >= t for c, t in TARGETS.items())
                failing = [
                    a["id"] for a in result["audits"].values()
                    if a["id"] in {r["id"] for r in result["categories"]["accessibility"]["auditRefs"] if r["weight"]}
                    and a.get("score") is not None and a["score"] < 1
                ]  # fmt: skip
                metrics = {m: result["audits"][m]["displayValue"] for m in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")}
                print(
                    f"{name:7} /{path}: accessibility {scores['accessibility']}, mobile performance {scores['performance']} "
                    f"({'met' if met else 'missed'}); {', '.join(f'{k} {v}' for k, v in metrics.items())}"
                    + (f"; failing accessibility audits: {', '.join(failing)}" if failing else "")
                )
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
