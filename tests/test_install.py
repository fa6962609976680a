"""Installing: a fresh venv with the pip it ships, ``pip install .``, and a working ``briefs new``; HTML extraction imported only for HTML."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, FIXTURE_BRIEFS, FIXTURES, REPO

ARTICLES = FIXTURES / "articles"
INSTALL_TIMEOUT = 900  # resolving and installing every dependency, from the cache when it has them
VENV_ENV = {k: v for k, v in ENV.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}  # the fresh venv's own package, nothing else


def draft_folder(root: Path) -> Path:
    folder = root / "briefs"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURE_BRIEFS / "actors.yaml", folder)
    return folder


@pytest.mark.install
def test_pip_install_in_a_fresh_venv_gives_a_working_briefs_new(tmp_path):
    # the package's own files only, so that building it writes nothing into the checkout
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source)
    shutil.copytree(REPO / "plugins", source / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=120)  # with the pip it ships, not upgraded
    pip = subprocess.run([venv / "bin" / "pip", "--version"], capture_output=True, text=True, check=True)
    installed = subprocess.run(
        # --no-compile: byte-compiling every dependency is most of pip's time, and a failure to compile never fails an install
        [venv / "bin" / "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile", str(source)],
        capture_output=True, text=True, timeout=INSTALL_TIMEOUT, env={**VENV_ENV, "PIP_NO_INPUT": "1"},
    )
    assert installed.returncode == 0, pip.stdout + installed.stdout + installed.stderr
    folder = draft_folder(tmp_path / "work")
    for article in ("harbour-talks.txt", "borvia-herald.html"):
        done = subprocess.run(
            [venv / "bin" / "briefs", "new", ARTICLES / article, "--folder", folder], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=VENV_ENV
        )
        assert done.returncode == 0, f"{pip.stdout}{done.stdout}{done.stderr}"
        assert "Traceback" not in done.stderr
        stem = Path(article).stem
        assert (folder / f"{stem}.yaml").is_file() and (folder / "sources" / f"{stem}.txt").is_file()
    checked = subprocess.run([venv / "bin" / "briefs", "check", folder], capture_output=True, text=True, timeout=120, env=VENV_ENV)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def run_without(module: str, article: str, folder: Path) -> subprocess.CompletedProcess:
    """``briefs new`` on ``article`` in a Python where ``module`` cannot be imported."""
    code = f"import sys; sys.modules[{module!r}] = None; from briefs.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "new", str(ARTICLES / article), "--folder", str(folder)], capture_output=True, text=True, timeout=120, env=ENV
    )


def test_a_text_article_drafts_where_html_extraction_does_not_import(tmp_path):
    folder = draft_folder(tmp_path)
    done = run_without("trafilatura", "harbour-talks.txt", folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (folder / "harbour-talks.yaml").is_file()


def test_a_page_where_html_extraction_does_not_import_is_one_line_that_says_what_to_do(tmp_path):
    folder = draft_folder(tmp_path)
    done = run_without("lxml_html_clean", "borvia-herald.html", folder)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith(f"{ARTICLES / 'borvia-herald.html'}: error: cannot read HTML here (")
    assert done.stderr.rstrip().endswith(
        "install briefs again with its dependencies (pip install .), or draft from the article's text saved as a .txt file"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["actors.yaml"]
