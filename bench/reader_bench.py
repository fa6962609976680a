"""The repository's main brief and its source as a reader gets them, in Debian's Chromium.

    python bench/reader_bench.py

Builds the repository's site into a temporary folder, serves it on 127.0.0.1 and prints, on a
desktop (1280x800) and a phone (390x844): the height of the brief page and of each of its
sections, whether the at-a-glance block ends inside the first screen, the markers and the lines
of the list of sources, the brief's height with every fold open (caveats' notes, long lists of
passages), the height of the source page, its highlights and labels by group, and the serious or
critical axe violations on both pages (the brief's with its folds closed and open). Screenshots of both pages, desktop, phone
and dark, go to test-output/reader/.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium-headless-shell"  # Debian's Chromium as its headless shell (`make browser`)
SHOTS = ROOT / "test-output" / "reader"
VIEWPORTS = {"desktop": ({"width": 1280, "height": 800}, False), "phone": ({"width": 390, "height": 844}, True)}

SECTIONS = """() => {
  const heads = [...document.querySelectorAll('article h2')];
  const bottom = document.querySelector('article').getBoundingClientRect().bottom + scrollY;
  return Object.fromEntries(heads.map((h, i) => [h.id,
    Math.round((i + 1 < heads.length ? heads[i + 1].getBoundingClientRect().top + scrollY : bottom) - (h.getBoundingClientRect().top + scrollY))]));
}"""
GROUPS = """() => {
  const count = (selector, prefix) => {
    const found = {};
    for (const el of document.querySelectorAll(selector)) {
      const group = [...el.classList].find(c => c.startsWith(prefix)).slice(prefix.length);
      found[group] = (found[group] || 0) + 1;
    }
    return found;
  };
  return {labels: count('.brief-snapshot a.brief-note', 'brief-note--'), pieces: count('.brief-snapshot mark.brief-hl', 'brief-hl--')};
}"""
AXE = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => ['serious', 'critical'].includes(v.impact))
  .flatMap(v => v.nodes.map(n => v.id + ' ' + n.target.join(' ')))"""
OPEN_FOLDS = "() => { const folds = document.querySelectorAll('details.brief-fold'); folds.forEach(d => d.open = true); return folds.length; }"
AXE_MATERIAL = ("aria-dialog-name .md-search",)  # Material's search dialog, which this project does not write


def build(out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "plugins")}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def richest(out: Path, folder: str, css_class: str) -> str:
    """The page of ``folder`` with the most elements of ``css_class``: the main brief, its source."""
    pages = sorted((out / folder).glob("*/index.html"))
    best = max(pages, key=lambda p: p.read_text(encoding="utf-8").count(f'class="{css_class}'))
    return best.parent.relative_to(out).as_posix() + "/"


def main() -> None:
    from axe_playwright_python import __file__ as axe_package
    from playwright.sync_api import sync_playwright

    axe_script = str(Path(axe_package).parent / "axe.min.js")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        build(out)
        brief, source = richest(out, "briefs", "brief-cite"), richest(out, "sources", "brief-note")
        http.server.SimpleHTTPRequestHandler.log_message = lambda *args: None  # type: ignore[method-assign]
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"brief: {brief}\nsource: {source}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
            for name, (viewport, phone) in VIEWPORTS.items():
                for dark in (False, True) if name == "desktop" else (False,):
                    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, color_scheme="dark" if dark else "light")
                    page = context.new_page()
                    label = f"{name}{' dark' if dark else ''}"
                    page.goto(base + brief)
                    height = page.evaluate("document.documentElement.scrollHeight")
                    glance = page.locator(".brief-glance").bounding_box()
                    glance_end = glance["y"] + glance["height"] if glance else None
                    if not dark:
                        print(f"\n{label}: brief page {height} px; at a glance ends at {glance_end:.0f} px "
                              f"({'inside' if glance_end and glance_end <= viewport['height'] else 'outside'} the first screen of {viewport['height']} px)")
                        print("  sections (px):", page.evaluate(SECTIONS))
                        markers = page.locator("sup.brief-cite").count()
                        lines = page.locator("li.brief-passage").count()
                        print(f"  {markers} citation markers; {lines} lines in the list of sources")
                    page.add_script_tag(path=axe_script)
                    brief_axe = [v for v in page.evaluate(AXE) if v not in AXE_MATERIAL]
                    page.screenshot(path=str(SHOTS / f"brief-{label.replace(' ', '-')}.png"), full_page=True)
                    folds = page.evaluate(OPEN_FOLDS)
                    if not dark:
                        print(f"  every fold open ({folds}): {page.evaluate('document.documentElement.scrollHeight')} px")
                    brief_axe += [v + " (folds open)" for v in page.evaluate(AXE) if v not in AXE_MATERIAL]
                    page.goto(base + source)
                    source_height = page.evaluate("document.documentElement.scrollHeight")
                    groups = page.evaluate(GROUPS)
                    page.add_script_tag(path=axe_script)
                    source_axe = [v for v in page.evaluate(AXE) if v not in AXE_MATERIAL]
                    page.screenshot(path=str(SHOTS / f"source-{label.replace(' ', '-')}.png"), full_page=True)
                    if not dark:
                        print(f"  source page {source_height} px; labels by group {groups['labels']}; marked pieces {groups['pieces']}")
                    print(f"  axe serious or critical ({label}): brief {len(brief_axe)}, source {len(source_axe)}", *brief_axe, *source_axe, sep="\n    ")
                    context.close()
            browser.close()
        server.shutdown()
    print(f"\nscreenshots in {SHOTS.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
