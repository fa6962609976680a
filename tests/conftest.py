"""Shared helpers: copy the fixture site into a temporary folder, build it, parse its pages; a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.server
import io
import os
import posixpath
import shutil
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import click
import hypothesis
import lxml.html
import pytest
import yaml

# How many examples each property test tries: "ci" by default (what `make test` runs), and
# HYPOTHESIS_PROFILE=thorough for a long hunt. Hypothesis keeps the failing examples it finds
# (.hypothesis/) and tries them first on the next run.
hypothesis.settings.register_profile("ci", max_examples=150, print_blob=True)
hypothesis.settings.register_profile("thorough", max_examples=2_000, print_blob=True)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Hand out the longest modules first, so that a parallel run does not end on one worker.

    `make test` gives each worker whole modules (``--dist loadscope --no-loadscope-reorder``)
    in this order: the module that installs the package into a fresh venv, then those that
    drive Chromium (the most of it first), then the rest by their number of tests.
    """
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::", 1)[0], []).append(item)

    def heaviness(tests: list[pytest.Item]) -> tuple[bool, int, int]:
        installs = any(test.get_closest_marker("install") for test in tests)
        return installs, sum("browser" in getattr(test, "fixturenames", ()) for test in tests), len(tests)

    items[:] = [item for tests in sorted(modules.values(), key=heaviness, reverse=True) for item in tests]


REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
FIXTURE_SITE = FIXTURES / "site"
FIXTURE_BRIEFS = FIXTURES / "briefs"
BUILD_TIMEOUT = 120
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}


def copy_fixture_site(root: Path) -> Path:
    """The fixture site and its briefs as ``root/site`` and ``root/briefs``; returns ``root/site``.

    The layout stays the same, so ``briefs_dir: ../briefs`` still resolves. The
    ``schema`` symlink is copied as a folder.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURE_SITE, root / "site")
    shutil.copytree(FIXTURE_BRIEFS, root / "briefs")
    return root / "site"


def run(*args: str | Path, cwd: Path, timeout: float = BUILD_TIMEOUT) -> subprocess.CompletedProcess:
    """``python -m <args>`` with the test environment, output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", *map(str, args)],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def mkdocs_in_process(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``mkdocs <args>`` run as the command runs, with the test environment (and ``env``), in this
    process: what it prints and its exit status, without starting Python and importing MkDocs again."""
    from mkdocs.__main__ import cli
    from mkdocs.commands.build import log as build_log

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with (
        mock.patch.object(build_log, "filters", []),  # the command adds a filter that drops messages logged before
        warnings.catch_warnings(),  # and its own way of showing warnings
        contextlib.chdir(cwd),
        mock.patch.dict(os.environ, {**ENV, **(env or {})}, clear=True),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            cli.main([str(a) for a in args], prog_name="mkdocs", standalone_mode=False)
        except click.ClickException as exc:  # as the command shows them, an aborted build among them
            exc.show()
            code = exc.exit_code
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(["mkdocs", *map(str, args)], code, out.getvalue(), err.getvalue())


def briefs_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    """The ``briefs`` command line, run in this process as the command runs it: what it prints and its
    exit status. tests/test_cli.py runs the command as a process of its own."""
    from briefs.cli import main

    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(cwd),
        mock.patch.dict(os.environ, ENV, clear=True),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(["briefs", *map(str, args)], code, out.getvalue(), err.getvalue())


@dataclass
class Built:
    """A finished ``build`` run and the folder it wrote."""

    process: subprocess.CompletedProcess
    out: Path

    @property
    def ok(self) -> bool:
        return self.process.returncode == 0

    @property
    def log(self) -> str:
        return self.process.stdout + self.process.stderr

    def file(self, url: str) -> Path:
        """The file that serves ``url`` (relative to the site root, directory URLs)."""
        path = self.out / url
        return path / "index.html" if url == "" or url.endswith("/") else path

    def page(self, url: str) -> lxml.html.HtmlElement:
        return parse_html(self.file(url))

    def follow(self, url: str, href: str) -> tuple[lxml.html.HtmlElement, str]:
        """The page a relative link on the page at ``url`` leads to, and the link's fragment."""
        target, _, fragment = href.partition("#")
        assert "://" not in target and not target.startswith("/"), href
        return self.page(resolve(url, target)), fragment

    def article(self, url: str) -> lxml.html.HtmlElement:
        """The page's content, where Material puts it."""
        (article,) = self.page(url).xpath('//article[contains(@class, "md-content__inner")]')
        return article


def build(
    config: Path,
    out: Path | None = None,
    *,
    generator: str = "mkdocs",
    strict: bool = True,
    cwd: Path | None = None,
    check: bool = True,
) -> Built:
    """Build the site of ``config`` with ``mkdocs`` or ``properdocs`` into ``out`` (default: its site_dir).

    MkDocs builds run in this process (``mkdocs_in_process``); properdocs, a command of its own, as a process.
    """
    args: list[str | Path] = ["build", "-f", config]
    if strict:
        args.append("--strict")
    if out is not None:
        args += ["-d", out]
    where = cwd or config.parent
    process = mkdocs_in_process(*args, cwd=where) if generator == "mkdocs" else run(generator, *args, cwd=where)
    built = Built(process, out or config.parent / "site")
    if check:
        assert built.ok, built.log
    return built


MARKDOWN_WARNING = "read as Markdown, this text does not show"


def only_markdown_warnings(log: str) -> bool:
    """Whether every warning in a build log is the checker's word that Markdown hides typed text:
    what briefs full of script payloads are bound to get (so they are built without --strict)."""
    warnings = [line for line in log.splitlines() if line.startswith("WARNING")]
    return all(MARKDOWN_WARNING in line for line in warnings)


def resolve(url: str, href: str) -> str:
    """The site URL a relative ``href`` (without fragment) on the page at ``url`` points to."""
    if not href:
        return url
    base = url if url.endswith("/") or not url else posixpath.dirname(url)
    resolved = posixpath.normpath(posixpath.join(base, href))
    if resolved == ".":
        return ""
    return resolved + "/" if href.endswith("/") else resolved


def parse_html(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def has_class(name: str) -> str:
    """An XPath test for an element with the CSS class ``name``."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def text_of(element) -> str:
    """The text of an element as a reader sees it: white space collapsed."""
    return " ".join(element.text_content().split())


def site_files(out: Path) -> dict[str, bytes]:
    """Every file of a built site by its path relative to ``out``."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Built:
    """The fixture site, built once with ``mkdocs build --strict``; read it, never change it."""
    config = copy_fixture_site(tmp_path_factory.mktemp("fixture")) / "mkdocs.yml"
    return build(config)


# -- the sites readers see, for the browser tests and the quality gates -------

HOSTILE_BRIEFS = FIXTURES / "hostile"  # a brief and actors with script payloads in every field
REPO_BRIEFS = REPO / "briefs"


def add_briefs(briefs: Path, extra: Path) -> None:
    """Put the briefs of ``extra`` into the folder ``briefs``: brief files and snapshots
    copied in, its ``actors.yaml`` and ``sources.yaml`` appended to the registries (the ids must not clash)."""
    for path in extra.glob("*.yaml"):
        if path.name not in ("actors.yaml", "sources.yaml"):
            shutil.copy(path, briefs / path.name)
    shutil.copytree(extra / "sources", briefs / "sources", dirs_exist_ok=True)
    for name in ("actors.yaml", "sources.yaml"):
        registry = briefs / name
        added = (extra / name).read_text(encoding="utf-8")
        registry.write_text(registry.read_text(encoding="utf-8").rstrip("\n") + "\n" + added, encoding="utf-8")


def register_sources(folder: Path, brief: dict) -> dict:
    """``brief`` (data written with its sources inline) with its sources moved to the folder's
    ``sources.yaml`` under their ids; returns the brief that lists them by id."""
    records = {s["id"]: {k: v for k, v in s.items() if k != "id"} for s in brief["sources"]}
    registry = folder / "sources.yaml"
    added = yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=10_000)
    registry.write_text(registry.read_text(encoding="utf-8").rstrip("\n") + "\n" + added, encoding="utf-8")
    return {**brief, "sources": list(records)}


def repo_has_briefs() -> bool:
    return any(p.name != "actors.yaml" for p in REPO_BRIEFS.glob("*.yaml"))


@pytest.fixture(scope="session")
def reader_sites(tmp_path_factory) -> dict[str, Built]:
    """The sites as readers get them, each built once per test run with ``mkdocs build --strict``.

    - ``fixtures``: the fixture site with the fixture briefs plus the hostile brief;
    - ``repository``: the repository's own ``mkdocs.yml``, ``docs/`` and ``briefs/``, when it has briefs.

    Two sites rather than one folder holding both sets: each is built with its
    own configuration and pages, the fictional fixtures and the real briefs do not
    cross-link, and what the tests expect of the fixtures does not shift as briefs are added.
    """
    root = tmp_path_factory.mktemp("readers")
    site = copy_fixture_site(root / "fixtures")
    add_briefs(root / "fixtures" / "briefs", HOSTILE_BRIEFS)
    sites = {"fixtures": build(site / "mkdocs.yml", root / "fixtures" / "out", strict=False)}
    assert only_markdown_warnings(sites["fixtures"].log), sites["fixtures"].log
    if repo_has_briefs():
        sites["repository"] = build(REPO / "mkdocs.yml", root / "repository" / "out", cwd=REPO)
    return sites


# -- files that must be refused before they are read ------------------------------

SECRET = "root:$6$never-shown$Xk2:19000:0:99999:7:::"  # what /etc/shadow holds, say
REFUSED = {
    "fifo": "this is a FIFO (named pipe), not a regular file; only regular files are read: put the file itself here",
    "device": "this file links to /dev/zero, outside briefs; only files inside the folder are read: put the file itself there",
    "outside": "this file links to {secret}, outside briefs; only files inside the folder are read: put the file itself there",
}


def plant(path: Path, kind: str, secret_file: Path) -> None:
    """Make ``path`` a file that must be refused: a FIFO, a link to /dev/zero or a link to ``secret_file`` outside the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        secret_file.write_text(SECRET + "\n", encoding="utf-8")
        path.symlink_to(secret_file)


Reply = tuple[int, dict[str, str], bytes]


class Server:
    """A real HTTP server in a thread: each path gives a fixed reply or is answered by a function."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply | Callable[[http.server.BaseHTTPRequestHandler], None]] = {}
        self.release = threading.Event()  # set at the end: replies held back are let go
        self.agents: list[str] = []
        routes, agents = self.routes, self.agents

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                agents.append(self.headers.get("User-Agent", ""))
                route = routes.get(self.path)
                if route is None:
                    self.send_error(404)
                elif callable(route):
                    route(self)
                else:
                    status, headers, body = route
                    self.send_response(status)
                    for name, value in {"Content-Length": str(len(body)), **headers}.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> str:
        self.routes[path] = (status, {"Content-Type": content_type}, body)
        return self.url + path

    def redirect(self, path: str, to: str, status: int = 301) -> str:
        self.routes[path] = (status, {"Location": to}, b"")
        return self.url + path

    def never_answering(self, path: str) -> str:
        self.routes[path] = lambda handler: self.release.wait(30)
        return self.url + path


@pytest.fixture
def server() -> Iterator[Server]:
    served = Server()
    served.thread.start()
    yield served
    served.release.set()
    served.httpd.shutdown()
    served.httpd.server_close()


# -- the browser ------------------------------------------------------------------

# Debian's headless shell of its Chromium (package chromium-headless-shell): the same engine without
# the browser around it. A new context and its first page cost about a third of the CPU they cost
# in /usr/bin/chromium, and browser tests are most of the suite's CPU time.
CHROMIUM = Path("/usr/bin/chromium-headless-shell")
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no {CHROMIUM} (`make browser` installs Debian's chromium-headless-shell)")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # nothing but the test server: every other host name fails to resolve (Material asks for web fonts)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (its headless shell), launched once for every browser test of a test process (one pytest worker)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
