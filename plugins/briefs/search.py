"""The site's search index: Pagefind run over the built site, through its Python API and bundled binary.

Pagefind reads the written HTML, so this runs after the site is built (the
plugin's ``on_post_build``). It indexes the blocks the brief pages mark
``data-pagefind-body`` (no other page has one, so no other page is indexed), with
the filters, sort key and result fields the brief template gives them, and
writes the index and Pagefind's own search UI and highlighting scripts into
``BUNDLE`` in the site: nothing a reader's browser asks for comes from
anywhere else.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

BUNDLE = "pagefind"  # the folder of the site that holds the index and Pagefind's UI
WRITE_TRIES = 3  # indexing again when Pagefind's service ended before its bundle was complete
SERVICE_EXIT_SECONDS = 300  # for Pagefind's service to finish writing and exit once its input is closed
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
    site_dir = Path(site_dir).resolve()
    bundle = site_dir / BUNDLE
    start = time.perf_counter()
    if bundle.is_symlink() or bundle.is_file():
        bundle.unlink()
    elif bundle.exists():
        shutil.rmtree(bundle)  # an earlier index (mkdocs serve rebuilds into the same folder): its hashed files would pile up
    glob = f"{within.strip('/')}/**/*.html" if within else None
    try:
        pages = None
        for _ in range(WRITE_TRIES):
            _run_alone(_index, site_dir, bundle, glob)
            pages = _written(bundle)
            if pages is not None:
                break
    except FileNotFoundError as exc:
        raise SearchIndexError(
            f"the Pagefind binary was not found ({exc}); install it with the pagefind[bin] package, "
            "or set pagefind: false to use Material's search plugin"
        ) from None
    except Exception as exc:  # what the Pagefind service answers with
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {' '.join(map(str, exc.args)) or exc!r}") from None
    if pages is None:
        raise SearchIndexError(f"Pagefind left an incomplete index in {bundle} {WRITE_TRIES} times; run the build again")
    return IndexedSite(pages, time.perf_counter() - start)


def _written(bundle: Path) -> int | None:
    """The pages of a complete bundle, or None when Pagefind's service ended before it had written its entry
    and the metadata that entry names (seen on a loaded machine)."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = entry["languages"].values()
        if all((bundle / f"pagefind.{language['hash']}.pf_meta").stat().st_size for language in languages):
            return sum(language["page_count"] for language in languages)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _run_alone(function, *args) -> None:
    """Run the coroutine ``function(*args)`` to completion; in a thread of its own when this one already runs
    an event loop (a caller's async code, Playwright's), which ``asyncio.run`` cannot run inside."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(function(*args))
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, function(*args)).result()


async def _index(site_dir: Path, bundle: Path, glob: str | None) -> None:
    """Index and write the bundle with Pagefind's service, then let the service end by itself.

    ``PagefindIndex``'s context would stop the service as soon as it has answered that the files are
    written; the writes still under way then are cut short (on 10,000 briefs, an empty
    ``pagefind-entry.json``). Closing its input instead lets it finish them and exit.
    """
    from pagefind.service import PagefindService

    service = await PagefindService().launch()
    try:
        index = await service.create_index({"write_playground": False})
        await index.add_directory(str(site_dir), glob=glob)
        await index.write_files(output_path=str(bundle))
    finally:
        service._poll_task.cancel()  # it would read past the end of the service's output
        backend = service._backend
        if backend.stdin is not None:
            backend.stdin.close()
        try:
            await asyncio.wait_for(backend.wait(), SERVICE_EXIT_SECONDS)
        except TimeoutError:
            backend.kill()
            await backend.wait()
