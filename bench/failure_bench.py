"""How fast the failure paths are: misquotes explained, articles drafted, large briefs checked.

    python bench/failure_bench.py [CHECKOUT ...] [--budget SECONDS] [--only PREFIX]

Each figure is measured in a fresh process that imports ``briefs`` from
``CHECKOUT/plugins`` (default: this checkout), so two checkouts give a
before/after table side by side. A case still running after ``--budget``
seconds is stopped and shown as ``>budget``. Every text is generated,
fictional prose:

- ``closest``: the closest-passage search (``Snapshot.explain``, the message of
  a failed quote, the snapshot's index built on the way) for 1, 20 and 100
  misquotes (passages of 12 words with one word changed) against snapshots of
  100 KB, 1 MB and 5 MB, and how many of the misquotes it traced back to the
  passage they were made from;
- ``new``: the drafting of ``briefs new`` (``briefs.draft.new``) from text and
  saved HTML articles of growing size up to the caps of the checkout under test,
  from pages of small elements and from a page of as many paragraphs and as much
  text as its caps allow (the costliest to extract an article from), and from a
  text of 20,000 quotations;
- ``check``: ``check_folder`` of a brief with 10,000 statements, and of a 2.5 KB
  brief whose 1,000-word quote misses the snapshot's 1,000-word paragraph.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
SNAPSHOT_SIZES = {"100KB": 100_000, "1MB": 1_000_000, "5MB": 5_000_000}
MISQUOTES = (1, 20, 100)
QUOTE_WORDS = 12
TEXT_SIZES = (100_000, 1_000_000)  # and the checkout's cap
HTML_SIZES = (1_000_000, 5_000_000, 20_000_000)  # and the checkout's cap
SOUP_ELEMENTS = (20_000, 200_000)  # and the checkout's cap of elements, when it has one
SYLLABLES = "ar bo ca da el fi gor han is ka lun mar nor os pel quin ros sel tor ul ven wes yar zan".split()
COMMON = "the a of to in and on for with by from at as that this its their was is be said would".split()
SPEAKERS = ["Mara Olsen", "Teodor Vask", "Ines Dahl"]


# -- fictional text ------------------------------------------------------------------


def vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    words = {"".join(rng.choices(SYLLABLES, k=rng.randint(1, 3))) for _ in range(size * 2)}
    return sorted(words)[:size]


def prose(size: int, seed: int = 1) -> str:
    """About ``size`` bytes of paragraphs of 40 to 120 words: common words and a long tail of rare ones."""
    rng = random.Random(seed)
    rare = vocabulary(rng)
    ranks = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(rare))))
    paragraphs, total = [], 0
    while total < size:
        count = rng.randint(40, 120)
        words = [rng.choice(COMMON) if rng.random() < 0.4 else word for word in rng.choices(rare, cum_weights=ranks, k=count)]
        words[0] = words[0].title()
        text = " ".join(words) + "."
        paragraphs.append(text)
        total += len(text) + 2
    return "\n\n".join(paragraphs) + "\n"


def misquotes(text: str, count: int, seed: int = 2) -> list[tuple[str, str]]:
    """(misquote, the passage it was made from): 12 words of a paragraph, one of them changed."""
    rng = random.Random(seed)
    paragraphs = text.split("\n\n")
    found = []
    while len(found) < count:
        words = rng.choice(paragraphs).split()
        start = rng.randrange(0, len(words) - QUOTE_WORDS)
        passage = words[start : start + QUOTE_WORDS]
        changed = list(passage)
        changed[rng.randrange(1, QUOTE_WORDS - 1)] = "quillwort"
        found.append((" ".join(changed), " ".join(passage)))
    return found


def article(size: int, *, quote_every: int = 1, seed: int = 3) -> str:
    """A news article of about ``size`` bytes: paragraphs of narration, most with a quotation and its speaker."""
    rng = random.Random(seed)
    paragraphs = prose(size, seed).split("\n\n")
    out = []
    for i, paragraph in enumerate(paragraphs):
        words = paragraph.split()
        if i % quote_every == 0:
            cut = rng.randrange(8, len(words) - 8)
            said = " ".join(words[cut : cut + 10]).rstrip(".")
            paragraph = " ".join(words[:cut]) + f" “{said},” {rng.choice(SPEAKERS)} said. " + " ".join(words[cut + 10 :])
        out.append(paragraph.strip())
    return "# A fictional story\n\n" + "\n\n".join(out) + "\n"


def fit(text: str, size: int) -> str:
    """``text`` cut at the last paragraph that ends within ``size`` bytes."""
    cut = text.encode()[:size].decode("utf-8", "ignore")
    return cut[: cut.rfind("\n\n")] + "\n" if len(cut) < len(text) else text


def quotations(count: int) -> str:
    """A text of ``count`` short quotations, a speaker to each."""
    rng = random.Random(4)
    words = vocabulary(rng)
    lines = [f"“{' '.join(rng.choices(words, k=6))},” {rng.choice(SPEAKERS)} said." for _ in range(count)]
    return "# Many voices\n\n" + "\n\n".join(lines) + "\n"


def html_page(size: int) -> str:
    """A saved page of about ``size`` bytes: navigation, a script of most of its bytes and the article's paragraphs (a twelfth)."""
    text = fit(article(size // 12), size // 12)
    body = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n")[1:])
    menu = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(50))
    page = (
        '<!doctype html><html><head><meta charset="utf-8"><title>A fictional story</title>'
        f"%s</head><body><nav><ul>{menu}</ul></nav><article><h1>A fictional story</h1>{body}</article>"
        "<footer>Fictional Herald</footer></body></html>"
    )
    padding, script, scripts = size - len(page.encode()) + 2, "<script>var data = '%s';</script>", []
    while padding > len(script):  # scripts of at most 1 MB each, as a page's are
        scripts.append(script % ("x" * min(1_000_000, padding - len(script) + 2)))
        padding -= len(scripts[-1])
    return page % "".join(scripts)


def soup_page(elements: int) -> str:
    """A saved page of ``elements`` small elements, one word each: the costliest kind of page to extract an article from."""
    words = prose(elements * 4).split()
    cells = "".join(f"<div><span>{words[i % len(words)]}</span></div>" for i in range((elements - 6) // 2))  # and 6 around them
    return f'<!doctype html><html><head><meta charset="utf-8"><title>Soup</title></head><body><main>{cells}</main></body></html>'


def paragraphs_page(elements: int, size: int) -> str:
    """A saved page of ``elements`` paragraphs holding about ``size`` bytes of text with quotations."""
    words = " ".join(fit(article(size, quote_every=2), size).split("\n\n")[1:]).split()
    per = max(1, len(words) // (elements - 6))
    body = "".join(f"<p>{' '.join(words[i : i + per])}</p>" for i in range(0, per * (elements - 6), per))
    return f'<!doctype html><html><head><meta charset="utf-8"><title>Many paragraphs</title></head><body><article>{body}</article></body></html>'


REGISTRY = "\n".join(
    f"{name.lower().replace(' ', '-')}: {{name: {name}, kind: person}}" for name in SPEAKERS
) + "\n"


def briefs_folder(root: Path, snapshot: str, statements: list[str]) -> Path:
    """A briefs folder with one source and one brief quoting ``statements`` from it."""
    folder = root / "briefs"
    (folder / "sources").mkdir(parents=True)
    (folder / "actors.yaml").write_text(REGISTRY, encoding="utf-8")
    (folder / "sources" / "story.txt").write_text(snapshot, encoding="utf-8")
    (folder / "sources.yaml").write_text(
        "story: {title: A fictional story, kind: news, published: 2020-01-02, snapshot: sources/story.txt}\n", encoding="utf-8"
    )
    lines = [
        "title: Many statements", "summary: A fictional brief.", "published: 2020-01-03", "sources: [story]",
        "actors: [mara-olsen]", "statements:",
    ]
    lines += [f"  - {{actor: mara-olsen, quote: {json.dumps(quote)}, cite: {{source: story}}}}" for quote in statements]
    (folder / "many.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# -- the cases, each run in a process of its own ---------------------------------------


def case_closest(size_name: str, count: str) -> dict:
    from briefs.quotes import Snapshot

    text = prose(SNAPSHOT_SIZES[size_name])
    quotes = misquotes(text, int(count))
    snapshot = Snapshot(text)
    start = time.perf_counter()
    messages = [snapshot.explain(quote) for quote, _ in quotes]
    seconds = time.perf_counter() - start
    traced = sum(f'"{passage}"' in message for message, (_, passage) in zip(messages, quotes))
    return {"seconds": seconds, "note": f"{traced}/{len(quotes)} traced"}


def case_new(kind: str, size: str, extra: str = "0") -> dict:
    from briefs.draft import DraftError, new

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "briefs"
        folder.mkdir()
        (folder / "actors.yaml").write_text(REGISTRY, encoding="utf-8")
        if kind == "quotes":
            path, text = root / "voices.txt", quotations(int(size))
        elif kind == "html":
            path, text = root / "story.html", html_page(int(size))
        elif kind == "soup":
            path, text = root / "soup.html", soup_page(int(size))
        elif kind == "paragraphs":
            path, text = root / "paragraphs.html", paragraphs_page(int(size), int(extra))
        else:
            path, text = root / "story.txt", fit(article(int(size), quote_every=2), int(size))
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        try:
            written = new(path, folder, "story")
            note = f"{len(written.draft.quoted)} quotes"
        except DraftError as exc:
            note = "refused: " + str(exc).split("error: ", 1)[-1][:60]
        return {"seconds": time.perf_counter() - start, "note": f"{len(text.encode()):,} B, {note}"}


def case_check(kind: str) -> dict:
    from briefs.check import check_folder

    rng = random.Random(5)
    if kind == "statements":
        text = prose(2_000_000)
        paragraphs = text.split("\n\n")
        quotes = [" ".join(rng.choice(paragraphs).split()[:6]) for _ in range(10_000)]
    else:  # a 1,000-word paragraph and a 1,000-word quote that misses it, of one or two letters each way
        text = " ".join(["a"] * 1000) + "\n"
        quotes = [" ".join(["a", "b"] * 500)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = briefs_folder(Path(tmp), text, quotes)
        start = time.perf_counter()
        result = check_folder(folder)
        seconds = time.perf_counter() - start
    first = str(result.errors[0]).split("error: ", 1)[-1][:40] if result.errors else ""
    return {"seconds": seconds, "note": f"{len(quotes):,} statements, {len(result.errors)} errors {first}"}


def caps() -> dict:
    from briefs.draft import article as drafting

    return {"text": drafting.MAX_TEXT_BYTES, "html": drafting.MAX_HTML_BYTES, "elements": getattr(drafting, "MAX_HTML_ELEMENTS", None)}


def cases(limits: list[dict]) -> list[tuple[str, list[str]]]:
    """Every case, at the sizes of the bench and at each checkout's caps (``limits``)."""
    found = [(f"closest {s} x{n}", ["closest", s, str(n)]) for s in SNAPSHOT_SIZES for n in MISQUOTES]
    for size in sorted({*TEXT_SIZES, *(caps["text"] for caps in limits)}):
        found.append((f"new text {size / 1e6:g} MB", ["new", "text", str(size)]))
    for size in sorted({*HTML_SIZES, *(caps["html"] for caps in limits)}):
        found.append((f"new html {size / 1e6:g} MB", ["new", "html", str(size)]))
    for elements in sorted({*SOUP_ELEMENTS, *(caps["elements"] for caps in limits if caps["elements"])}):
        found.append((f"new html of {elements:,} elements", ["new", "soup", str(elements)]))
    for caps in limits:  # the page that costs most within the caps: as many paragraphs as allowed, as much text
        elements = caps["elements"] or SOUP_ELEMENTS[0]
        found.append((f"new html of {elements:,} <p>, {caps['text'] / 1e6:g} MB", ["new", "paragraphs", str(elements), str(caps["text"] - 100_000)]))
    found.append(("new 20,000 quotations", ["new", "quotes", "20000"]))
    found.append(("check 10,000 statements", ["check", "statements"]))
    found.append(("check 1,000-word misquote", ["check", "long"]))
    return found


def run_case(checkout: Path, args: list[str], budget: float) -> dict:
    env = {**os.environ, "PYTHONPATH": str(checkout / "plugins")}
    try:
        done = subprocess.run(
            [sys.executable, str(HERE), "--worker", *args], env=env, capture_output=True, text=True, timeout=budget
        )
    except subprocess.TimeoutExpired:
        return {"seconds": None, "note": f">{budget:g} s, stopped"}
    if done.returncode:
        return {"seconds": None, "note": "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1][:80]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def worker(args: list[str]) -> None:
    run = {"closest": case_closest, "new": case_new, "check": case_check, "caps": caps}[args[0]]
    print(json.dumps(run(*args[1:])))


def main() -> None:
    if sys.argv[1:2] == ["--worker"]:
        return worker(sys.argv[2:])
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("checkouts", nargs="*", type=Path, default=[HERE.parent.parent])
    p.add_argument("--budget", type=float, default=120, help="seconds a case may run (default 120)")
    p.add_argument("--only", default="", help="run only the cases whose name starts with this")
    args = p.parse_args()
    checkouts = [c.resolve() for c in args.checkouts]
    rows = cases([run_case(c, ["caps"], 60) for c in checkouts])  # every checkout runs the cases of every checkout's caps
    header = f"{'case':32}" + "".join(f"{str(c)[-28:]:>44}" for c in checkouts)
    print(header)
    for name, case in rows:
        if not name.startswith(args.only):
            continue
        cells = []
        for checkout in checkouts:
            got = run_case(checkout, case, args.budget)
            seconds = f"{got['seconds']:.2f} s" if got["seconds"] is not None else ""
            cells.append(f"{seconds:>10} {got['note'][:33]:33}")
        print(f"{name:32}" + "".join(cells), flush=True)


if __name__ == "__main__":
    main()
