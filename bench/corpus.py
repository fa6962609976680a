"""A generated corpus of fictional briefs for the benchmarks.

``write_corpus(folder, briefs=N)`` writes ``actors.yaml``, ``sources/*.txt``
and N brief files whose every quote, passage and claim is taken from its
snapshot, so the whole corpus checks clean.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml

WORDS = (
    "harbour treaty minister council border trade grain river valley coast port ferry rail bridge "
    "budget tariff election vote assembly court ruling appeal protest strike union factory mine "
    "energy pipeline grid drought harvest flood relief loan bank currency market export import "
    "fleet patrol talks summit envoy pledge accord deadline reform census survey report inquiry"
).split()
TOPICS = [f"topic-{i}" for i in range(40)]


def _sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, count: int = 12) -> list[str]:
    return [" ".join(_sentence(rng) for _ in range(3)) for _ in range(count)]


def _span(rng: random.Random, paragraph: str, words: int = 6) -> str:
    """A run of words from one sentence of ``paragraph``."""
    sentence = paragraph.split(". ")[rng.randrange(3)].rstrip(".").split()
    start = rng.randrange(0, len(sentence) - words)
    return " ".join(sentence[start : start + words])


def write_corpus(folder: Path, *, briefs: int = 1000, actors: int = 50, sources: int = 200, seed: int = 1) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    registry = {}
    for i in range(actors):
        kind = ("person", "organization", "media", "state")[i % 4]
        registry[f"actor-{i}"] = {"name": f"Actor {i} {rng.choice(WORDS).title()}", "kind": kind, "aliases": [f"A{i}"]}
    (folder / "actors.yaml").write_text(yaml.safe_dump(registry, sort_keys=False), encoding="utf-8")
    texts = []
    for i in range(sources):
        paragraphs = _paragraphs(rng)
        texts.append(paragraphs)
        (folder / "sources" / f"source-{i}.txt").write_text(f"Source {i}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    start = dt.date(2020, 1, 1)
    for i in range(briefs):
        s = rng.randrange(sources)
        paragraphs = texts[s]
        people = rng.sample(range(actors), 4)
        published = start + dt.timedelta(days=rng.randrange(2000))
        brief = {
            "title": f"Brief {i}: {_sentence(rng, 5)}",
            "summary": _sentence(rng, 20),
            "published": published.isoformat(),
            "kind": "reportage",
            "topics": sorted(rng.sample(TOPICS, 2)),
            "sources": [{"id": "src", "title": f"Source {s}", "kind": "news", "snapshot": f"sources/source-{s}.txt"}],
            "actors": [f"actor-{a}" for a in people],
            "statements": [
                {
                    "actor": f"actor-{people[k % 4]}",
                    "said": (published - dt.timedelta(days=k)).isoformat(),
                    "quote": _span(rng, rng.choice(paragraphs)),
                    "cite": {"source": "src"},
                }
                for k in range(5)
            ],
            "context": [
                {"text": _sentence(rng), "cite": [{"source": "src", "passage": _span(rng, rng.choice(paragraphs))}]}
                for _ in range(3)
            ],
            "caveats": [
                {
                    "kind": kind,
                    "claim": _span(rng, rng.choice(paragraphs)),
                    "note": _sentence(rng),
                    "cite": [{"source": "src"}],
                }
                for kind in ("unsupported", "opinion", "unverified")
            ],
        }
        text = "# yaml-language-server: $schema=schema/brief.schema.json\n" + yaml.safe_dump(
            brief, sort_keys=False, allow_unicode=True, width=1000
        )
        (folder / f"brief-{i:05d}.yaml").write_text(text, encoding="utf-8")
    return folder
