"""The site's search index: Pagefind run over the built site, with the binary of the pagefind[bin] package.

Pagefind reads the written HTML, so this runs after the site is built (the
plugin's ``on_post_build``). It indexes the blocks the brief pages mark
``data-pagefind-body`` (no other page has one, so no other page is indexed), with
the filters, sort key and result fields the brief template gives them, and
writes the index, its search engine and its highlighting script into ``BUNDLE``
in the site: nothing a reader's browser asks for comes from anywhere else.

Pagefind runs as its command (``pagefind --site``), which exits once every file is
written. Its service (what the Python API ``pagefind.index`` drives) answers that the
files are written when it has only handed the last writes to its threads; ending it
then, as the API's context does, or closing its input, on which it exits at once, cut
those writes short on a loaded machine (an empty ``pagefind-entry.json``).

Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BUNDLE = "pagefind"  # the folder of the site that holds the index and Pagefind's scripts
HIGHLIGHT_PARAM = "highlight"  # the query parameter of a result's link that names the words to mark on its page


class SearchIndexError(Exception):
    """Pagefind could not index the site: the message says why and what to do."""


@dataclass(frozen=True)
class IndexedSite:
    pages: int  # pages in the index (those with a data-pagefind-body)
    seconds: float


def index_site(site_dir: Path, within: str | None = None) -> IndexedSite:
    """Index the built site in ``site_dir`` and write the bundle to ``site_dir/BUNDLE``, replacing any earlier one.

    With ``within`` (a folder of the site), Pagefind reads only the pages there: the brief pages, rather
    than every stored source text, actor and timeline page it would read only to find them unmarked.
    """
    from pagefind.service import get_executable

    site_dir = Path(site_dir).resolve()
    bundle = site_dir / BUNDLE
    start = time.perf_counter()
    if bundle.is_symlink() or bundle.is_file():
        bundle.unlink()
    elif bundle.exists():
        shutil.rmtree(bundle)  # an earlier index (mkdocs serve rebuilds into the same folder): its hashed files would pile up
    glob = f"{within.strip('/')}/**/*.html" if within else "**/*.html"
    if not any(site_dir.glob(glob)):
        return IndexedSite(0, time.perf_counter() - start)  # a site without a brief yet: Pagefind refuses to index nothing
    binary = get_executable()  # PAGEFIND_BINARY_PATH, else the pagefind[bin] package's, else one on PATH
    command = [str(binary), "--site", str(site_dir), "--output-path", str(bundle), "--glob", glob, "--quiet"]
    # Pagefind's command also reads a pagefind.yml (or .json, .toml) in its working folder and PAGEFIND_*
    # variables: it runs in an empty folder without them, so that only these options shape the index
    env = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    try:
        if binary is None:
            raise FileNotFoundError("neither the pagefind_bin package nor a pagefind command on PATH")
        with tempfile.TemporaryDirectory() as empty:
            ran = subprocess.run(command, cwd=empty, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexError(
            f"the Pagefind binary was not found or could not run ({exc}); install it with the pagefind[bin] package, "
            "or set pagefind: false to use Material's search plugin"
        ) from None
    if ran.returncode:
        said = (ran.stderr + ran.stdout).strip() or f"exit status {ran.returncode}"
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {said}")
    return IndexedSite(_pages(bundle), time.perf_counter() - start)


def _pages(bundle: Path) -> int:
    """The pages of the bundle Pagefind wrote, as its entry counts them."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(language["page_count"] for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SearchIndexError(f"Pagefind left no readable pagefind-entry.json in {bundle} ({exc})") from None
