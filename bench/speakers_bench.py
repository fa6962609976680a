"""How well ``briefs new`` finds direct quotations in real news and names who said them.

    python bench/speakers_bench.py [--split dev|train] [--textacy] [--show N]

Two evaluation sets, read from ``../shared/corpus/`` (never copied here):

- PolNeAR (real US political news, hand-annotated attributions in brat format):
  every passage in double quotes inside an annotated content span is a direct
  quotation, and its attribution's source span says who said it. The source is
  *named* when the head of that span is a proper name ("Sen. Ted Cruz (R-Texas)",
  "Corey Lewandowski, Trump's campaign manager,"), not "a source", "officials"
  or a pronoun, nor a single common word capitalised only where it opens a sentence
  ("Supporters said", "Another said", "Friday's poll found": the article writes it in
  lower case elsewhere, and never capitalises it inside a sentence) or a day or a
  month; ``--as-before`` counts those as named, as this bench did before (they are
  read off the span's words, not checked by hand, so they name nobody).
  Quotes whose source is a pronoun are counted apart, against the
  nearest named source annotated before them in the same or the paragraph
  before (an approximation of the real antecedent).
- news pages (``bench/data/news-pages-quotes.json``, annotated for this bench):
  each page's quotations by their first words, with the speaker's full name (or
  null when the page names none) and whether the quotation is a statement at
  all (a title, a name of a project or a scare quote is not).

Per set it prints, for direct quotations whose source is named: found (a draft
statement holds the quotation), speaker right, speaker wrong (a name that is
not the source) and left as ``todo``; and, for quotations that are no
statement, how many got a speaker anyway (and, of those left as ``todo``, how
many have the source as their channel: "…,” the Times reported" is drafted with
the Times as ``via`` and no speaker, by design); and the seconds the real ``briefs
new`` takes per annotated page. ``--textacy`` runs textacy's
``direct_quotations`` beside it when textacy and spaCy's small English model are
installed (they are no dependency of the project).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import re
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from briefs.draft.article import html_article
from briefs.draft.speakers import Quoted, Reader
from briefs.quotes import Snapshot

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
POLNEAR = CORPUS / "polnear" / "data"
PAGES = CORPUS / "news-pages" / "html"
ANNOTATED = REPO / "bench" / "data" / "news-pages-quotes.json"

_QUOTE = re.compile(r"“[^“”]*”|\"[^\"\n]*\"")
_TITLES = set(
    "sen senator rep representative gov governor dr mr mrs ms president vice former house speaker secretary "
    "chancellor prime minister general gen lt col judge justice pope king queen prince mayor chairman "
    "chairwoman chief director professor prof sir lord lady the a an rev reverend".split()
)
_CUT = re.compile(r",|\(|\s(?:who|which|whose|that)\s|\s[–—-]\s")
_PREPOSITION = re.compile(r"\s(?:of|to|for|from|with|at|in|on|by|close|near|about)\s")
_GROUPS = {"democrats", "republicans", "americans", "conservatives", "liberals", "voters", "officials"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).casefold()


def name_tokens(name: str) -> set[str]:
    """The words of a name that tell people apart: no titles, possessives or initials' dots."""
    words = re.findall(r"[^\W\d_][\w\-'’.]*", name)
    words = [w.rstrip(".").removesuffix("’s").removesuffix("'s").casefold() for w in words]
    return {w for w in words if w and w not in _TITLES and len(w) > 1}


def same_person(predicted: str, gold: str) -> bool:
    """One name holds the other's words: "Trump" and "Donald Trump", never "Bill" and "Hillary Clinton"."""
    p, g = name_tokens(predicted), name_tokens(gold)
    return bool(p and g) and (p <= g or g <= p)


_DAYS_AND_MONTHS = set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july august "
    "september october november december".split()
)
COMMON_WORDS_ARE_NAMES = False  # --as-before: score as before the check below


def common_word(word: str, text: str) -> bool:
    """Whether a capitalised word is no name in this article: a day or a month, or a word the article
    writes in lower case and capitalises only where it opens a sentence ("Supporters", "Another")."""
    bare = re.sub(r"[’']\w*$", "", word)
    if bare.casefold() in _DAYS_AND_MONTHS:
        return True
    if not re.search(r"(?<![\w\-’'])%s(?![\w\-])" % re.escape(bare.casefold()), text):
        return False
    inside = re.compile(r"(?<=[a-z,;] )%s(?![\w\-])" % re.escape(bare))  # capitalised within a sentence
    return not inside.search(text)


def named_source(span: str, text: str = "") -> str | None:
    """The proper name at the head of a source span, or None when the span names nobody (nor when it is
    a single common word capitalised to open a sentence, see ``common_word``)."""
    head = _CUT.split(span, maxsplit=1)[0]
    head = _PREPOSITION.split(f" {head} ", maxsplit=1)[0].strip()
    head = re.sub(r"[’']s?$", "", head).strip()
    words = head.split()
    if not words or len(words) > 8 or head.isupper() and len(words) > 2:
        return None
    run: list[str] = []
    for w in reversed(words):
        if w[0].isupper() or w in ("de", "van", "von", "al", "bin", "la", "le", "du", "da", "del"):
            run.insert(0, w)
        else:
            break
    while run and re.search(r"[’']s$", run[0]):
        run = run[1:]
    if not run or not run[-1][0].isupper() or run[-1].casefold() in _GROUPS:
        return None
    if not name_tokens(" ".join(run)) or run[-1].casefold() in ("he", "she", "they", "it", "i", "we"):
        return None
    if not COMMON_WORDS_ARE_NAMES and text and len(run) == 1 and common_word(run[0], text):
        return None
    return " ".join(run)


@dataclass
class Gold:
    start: int  # the quoted words, marks left out
    end: int
    speaker: str | None  # the source's name when it is named
    statement: bool = True
    pronoun: bool = False
    label: str = ""


@dataclass
class Score:
    named: int = 0
    found: int = 0
    right: int = 0
    wrong: int = 0
    todo: int = 0
    todo_via_source: int = 0  # left as todo with the source as the channel
    pronoun: int = 0
    pronoun_right: int = 0
    pronoun_wrong: int = 0
    others: int = 0  # statements whose source is not named
    others_given: int = 0
    not_statements: int = 0
    not_statements_given: int = 0
    seconds: float = 0.0
    articles: int = 0
    wrong_examples: list[str] = field(default_factory=list)
    todo_examples: list[str] = field(default_factory=list)

    def rows(self) -> list[str]:
        pct = lambda a, b: f"{100 * a / b:5.1f}%" if b else "    -"  # noqa: E731
        return [
            f"  direct quotations with a named source: {self.named}",
            f"    found          {self.found:5} {pct(self.found, self.named)}",
            f"    speaker right  {self.right:5} {pct(self.right, self.named)}",
            f"    speaker wrong  {self.wrong:5} {pct(self.wrong, self.named)}",
            f"    left as todo   {self.todo:5} {pct(self.todo, self.named)} (the source as channel: {self.todo_via_source})",
            f"  source a pronoun (graded against the nearest named source before it): {self.pronoun}: "
            f"right {pct(self.pronoun_right, self.pronoun)}, wrong {pct(self.pronoun_wrong, self.pronoun)}",
            f"  source not named (a source, officials): {self.others}, given a speaker {pct(self.others_given, self.others)}",
            f"  not a statement (titles, scare quotes): {self.not_statements}, given a speaker "
            f"{pct(self.not_statements_given, self.not_statements)}",
            f"  {self.articles} articles, {1000 * self.seconds / max(1, self.articles):.1f} ms per article to read",
        ]


def score(text: str, gold: list[Gold], predicted: list[tuple[int, int, list[str], str | None]], result: Score, label: str) -> None:
    """Grade one article: ``predicted`` holds (start, end, speaker names, channel) of each drafted quote."""
    for g in gold:
        hit = next((p for p in predicted if p[0] < g.end and g.start < p[1]), None)
        if not g.statement:
            result.not_statements += 1
            result.not_statements_given += bool(hit and hit[2])
            continue
        if g.speaker is None:
            result.others += 1
            result.others_given += bool(hit and hit[2])
            continue
        if g.pronoun:
            result.pronoun += 1
            if hit and hit[2]:
                good = all(same_person(p, g.speaker) for p in hit[2])
                result.pronoun_right += good
                result.pronoun_wrong += not good
            continue
        result.named += 1
        if hit is None:
            continue
        result.found += 1
        around = " ".join(text[max(0, g.start - 140) : min(g.end, g.start + 40)].split()) + "…" + " ".join(text[g.end : g.end + 70].split())
        context = f"{label}: gold {g.speaker!r}: …{around}…"
        if not hit[2]:
            result.todo += 1
            result.todo_via_source += bool(hit[3] and same_person(hit[3], g.speaker))
            result.todo_examples.append(context)
        elif all(same_person(p, g.speaker) for p in hit[2]):
            result.right += 1
        else:
            result.wrong += 1
            result.wrong_examples.append(f"drafted {hit[2]}, {context}")


def drafted(text: str) -> tuple[list[tuple[int, int, list[str], str | None]], float]:
    began = time.perf_counter()
    quoted: list[Quoted] = Reader(text, {}).quoted()
    seconds = time.perf_counter() - began
    return [(q.start, q.end, [w.name for w in q.speakers], q.via.name if q.via else None) for q in quoted], seconds


# -- PolNeAR -------------------------------------------------------------------


def read_ann(path: Path) -> tuple[dict[str, tuple[str, list[tuple[int, int]]]], list[dict[str, str]]]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("T") and len(parts) > 1:
            kind, where = parts[1].split(" ", 1)
            spans[parts[0]] = (kind, [(int(a), int(b)) for a, b in (s.split() for s in where.split(";"))])
        elif parts[0].startswith("E"):
            events.append(dict(r.split(":", 1) for r in parts[1].split()[1:]))
    return spans, events


def polnear_gold(text: str, ann: Path) -> list[Gold]:
    spans, events = read_ann(ann)
    attributions = []  # (content spans, source text, source start)
    for e in events:
        if "Content" in e and "Source" in e and e["Content"] in spans and e["Source"] in spans:
            source = spans[e["Source"]][1]
            words = " ".join(text[a:b] for a, b in source)
            attributions.append((spans[e["Content"]][1], words, source[0][0]))
    attributions.sort(key=lambda a: a[2])
    gold = []
    for m in _QUOTE.finditer(text):
        a, b = m.start() + 1, m.end() - 1
        if not re.search(r"\w", text[a:b]):
            continue
        owner = next((att for att in attributions if any(s <= a and b <= e for s, e in att[0])), None)
        if owner is None:
            continue
        name = named_source(owner[1], text)
        pronoun = fold(owner[1]) in ("he", "she")
        if pronoun:  # the nearest named source annotated before, in this paragraph or the one before
            floor = text.rfind("\n", 0, text.rfind("\n", 0, a) - 1)
            before = [named_source(att[1], text) for att in attributions if floor < att[2] < owner[2]]
            before = [n for n in before if n]
            name = before[-1] if before else None
            if name is None:
                continue
        gold.append(Gold(a, b, name, pronoun=pronoun))
    return gold


def bench_polnear(split: str) -> Score:
    result = Score()
    folder = POLNEAR / split
    for ann in sorted((folder / "attributions").glob("*.ann")):
        text_file = folder / "text" / (ann.stem.rsplit("_", 1)[0] + ".txt")
        text = text_file.read_text(encoding="utf-8")
        predicted, seconds = drafted(text)
        result.seconds += seconds
        result.articles += 1
        score(text, polnear_gold(text, ann), predicted, result, text_file.stem)
    return result


# -- news pages ------------------------------------------------------------------


def page_text(file: str) -> str:
    raw = gzip.decompress((PAGES / file).read_bytes())
    return html_article(raw, file).text


def pages_gold(text: str, quotes: list[dict]) -> list[Gold]:
    """The annotated quotations of a page, found in its text by their first words."""
    snapshot = Snapshot(text)
    gold = []
    for entry in quotes:
        match = snapshot.find(entry["quote"])
        if match is None:
            raise SystemExit(f"{ANNOTATED.name}: “{entry['quote']}” is not in its page's text")
        gold.append(Gold(match.start, match.end, entry["speaker"], statement=entry.get("statement", True)))
    return gold


def bench_pages() -> Score:
    result = Score()
    for page in json.loads(ANNOTATED.read_text(encoding="utf-8"))["pages"]:
        text = page_text(page["file"])
        predicted, seconds = drafted(text)
        result.seconds += seconds
        result.articles += 1
        score(text, pages_gold(text, page["quotes"]), predicted, result, page["file"][:12])
    return result


def seconds_per_article() -> tuple[float, float, int]:
    """Mean and slowest seconds of the real ``briefs new`` (extraction, speakers, checks, files written)
    on each annotated page, and how many drafts it wrote."""
    from briefs.cli import main as briefs

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "briefs"
        folder.mkdir()
        (folder / "actors.yaml").write_text("{}\n", encoding="utf-8")
        for i, page in enumerate(json.loads(ANNOTATED.read_text(encoding="utf-8"))["pages"]):
            html = Path(tmp) / f"page-{i}.html"
            html.write_bytes(gzip.decompress((PAGES / page["file"]).read_bytes()))
            began = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                code = briefs(["new", str(html), "--folder", str(folder)])
            times.append(time.perf_counter() - began)
            if code != 0:
                raise SystemExit(f"briefs new failed on {page['file']}")
    return sum(times) / len(times), max(times), len(times)


# -- textacy, beside it --------------------------------------------------------------


def textacy_reader():
    """A function giving textacy's direct quotations as (start, end, speakers), or None when it cannot run."""
    try:
        import spacy  # type: ignore[import-not-found]
        from textacy.extract import triples  # type: ignore[import-not-found]

        nlp = spacy.load("en_core_web_sm")
    except Exception as exc:  # not installed: no figures beside ours
        print(f"textacy: not run ({type(exc).__name__}: {exc})")
        return None

    def read(text: str) -> tuple[list[tuple[int, int, list[str], str | None]], float]:
        began = time.perf_counter()
        found = []
        for dq in triples.direct_quotations(nlp(text)):
            content = dq.content
            found.append((content.start_char, content.end_char, [" ".join(t.text for t in dq.speaker)], None))
        return found, time.perf_counter() - began

    return read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--show", type=int, default=0, help="print up to N wrong and N todo examples")
    parser.add_argument("--textacy", action="store_true")
    parser.add_argument("--only", choices=["polnear", "pages"])
    parser.add_argument("--as-before", action="store_true", help="count common words and headings in capitals as named sources")
    args = parser.parse_args()
    global COMMON_WORDS_ARE_NAMES
    COMMON_WORDS_ARE_NAMES = args.as_before
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} is not there")
    results = {}
    if args.only != "pages":
        results[f"PolNeAR {args.split}"] = bench_polnear(args.split)
    if args.only != "polnear":
        results["news pages (annotated)"] = bench_pages()
    for name, result in results.items():
        print(f"{name}: briefs new")
        print("\n".join(result.rows()))
        for example in result.wrong_examples[: args.show]:
            print("    WRONG", example)
        for example in result.todo_examples[: args.show]:
            print("    TODO ", example)
    if args.only != "polnear":
        mean, slowest, count = seconds_per_article()
        print(f"briefs new on the {count} annotated pages: {mean:.2f} s per article (slowest {slowest:.2f} s)")
    if args.textacy and (read := textacy_reader()):
        global drafted
        drafted = read  # type: ignore[assignment]
        if args.only != "pages":
            print(f"PolNeAR {args.split}: textacy")
            print("\n".join(bench_polnear(args.split).rows()))
        if args.only != "polnear":
            print("news pages (annotated): textacy")
            print("\n".join(bench_pages().rows()))


if __name__ == "__main__":
    main()
