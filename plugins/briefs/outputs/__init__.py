"""The files a site publishes for programs, one module per output, each returning its files.

JSON-LD (jsonld.py) goes into the head of brief and actor pages instead of a file of its own.
"""

from __future__ import annotations

from ..library import Library
from ..site import Options
from . import csl, feed, library_json
from .common import Streamed

OUTPUTS = (feed, library_json, csl)


def data_files(library: Library, options: Options) -> dict[str, bytes | Streamed]:
    """Every output's files, by their path in the site."""
    return {path: content for output in OUTPUTS for path, content in output.files(library, options).items()}
