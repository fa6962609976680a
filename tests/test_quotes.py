"""Finding quotes in source snapshots: normalising, matching, explaining a miss, deep links."""

from __future__ import annotations

import random
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefs.quotes import Snapshot, normalise, normalise_text, quote_parts, similarity, text_fragment

SNAPSHOT = (
    "Harbour deal signed\n"
    "\n"
    "Port Selby, 3 March. Borvia’s president said the deal was “a bridge — not a wall,” and\n"
    "that fishing   rights would be settled “within the year.”\n"
    "\n"
    "Critics called it rushed. The opposition leader said it “gives away the harbour for a handshake.”\n"
)


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return Snapshot(SNAPSHOT)


# -- normalising ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“quoted” and ‘single’ and „low“ and «guillemets»", "\"quoted\" and 'single' and \"low\" and \"guillemets\""),
        ("it’s it‘s it‛s it′s it`s it´s", "it's it's it's it's it's it's"),
        ("a‐b a‑b a‒b a–b a—b a―b a−b a﹘b a﹣b a－b", "a-b a-b a-b a-b a-b a-b a-b a-b a-b a-b"),
        ("one  two\tthree\nfour\r\nfive\u00a0six\u2003seven\u202fend", "one two three four five six seven end"),
        ("  leading and trailing \n", "leading and trailing"),
        ("ﬁne ﬂow Ａ１ ½ ™", "fine flow A1 1⁄2 TM"),
        ("cafe\u0301 (NFD) and café (NFC)", "café (NFD) and café (NFC)"),
        ("\u1100\u1161\u11a8", "\uac01"),  # conjoining Hangul letters compose into one syllable
        ("wait…", "wait..."),
    ],
)
def test_normalise(text, expected):
    assert normalise_text(text) == expected


def test_normalised_characters_point_back_to_where_they_came_from():
    text = "  “Its\u00a0ﬁne” —\nok"
    norm, origin = normalise(text)
    assert norm == '"Its fine" - ok'
    assert len(origin) == len(norm)
    assert [text[i] for i in origin] == ["“", "I", "t", "s", "ﬁ", "ﬁ", "ﬁ", "n", "e", "”", "—", "—", "o", "o", "k"]


@pytest.mark.parametrize(
    ("quote", "parts"),
    [
        ("a bridge, not a wall", ["a bridge, not a wall"]),
        ("a bridge ... a wall", ["a bridge", "a wall"]),
        ("a bridge…a wall", ["a bridge", "a wall"]),
        ("will not sign.... We are ready", ["will not sign", "We are ready"]),  # a full stop and an ellipsis
        ("will not sign.…We are ready", ["will not sign", "We are ready"]),
        ("... a bridge ...", ["a bridge"]),
        ("the [Borvian] president said", ["the", "president said"]),
        ("[He] said [that] it was … fine", ["said", "it was", "fine"]),
        ("...", []),
        ("[sic]", []),
        ("an [unclosed bracket", ["an [unclosed bracket"]),
    ],
)
def test_quote_parts(quote, parts):
    assert quote_parts(quote) == parts


# -- matching --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "exact"),
    [
        ("a bridge — not a wall", "a bridge — not a wall"),
        ("a bridge - not a wall", "a bridge — not a wall"),  # dashes are one
        ("a bridge – not a wall", "a bridge — not a wall"),
        ('"a bridge - not a wall,"', "“a bridge — not a wall,”"),  # straight quotes for curly ones
        ("Borvia's president", "Borvia’s president"),
        ("fishing rights would be settled", "fishing   rights would be settled"),  # white space runs are one
        ("and that fishing", "and\nthat fishing"),  # line breaks inside a paragraph are white space
        ("said the deal ... not a wall", "said the deal was “a bridge — not a wall"),
        ("said the deal…not a wall", "said the deal was “a bridge — not a wall"),
        ("Borvia's president said ... a bridge ... would be settled", "Borvia’s president said the deal was “a bridge — not a wall,” and\nthat fishing   rights would be settled"),
        ("the [Borvian] deal was", "the deal was"),  # an insertion is skipped
        ("the deal [between the two] was", "the deal was"),
        ("[The] opposition leader [Ines Dahl] said", "opposition leader said"),
        ("[Ines Dahl] said it", "said it"),
        ("Harbour deal signed", "Harbour deal signed"),
        ("a handshake.", "a handshake."),
        ("rushed.", "rushed."),
        ("3 March", "3 March"),
    ],
)
def test_find(snapshot, quote, exact):
    match = snapshot.find(quote)
    assert match is not None
    assert match.exact == exact
    assert SNAPSHOT[match.start : match.end] == exact


@pytest.mark.parametrize(
    "quote",
    [
        "harbou",  # part of a word
        "arbour deal",
        "Harbour deal sign",
        "ridge",
        "a bridge, not a wall",  # the source has a dash, not a comma
        "a bridge -- not a wall",
        "a Bridge - not a wall",  # case counts
        "harbour deal signed",
        "signed Port Selby",  # across paragraphs
        "rushed ... a bridge",  # parts out of order
        "a bridge ... rushed",  # parts in different paragraphs
        "a handshake ... Critics",
        "...",
        "[insertion only]",
        "",
        "   ",
    ],
)
def test_not_found(snapshot, quote):
    assert snapshot.find(quote) is None


def test_a_quote_in_nfc_is_found_in_a_snapshot_in_nfd_and_the_other_way_round():
    text = "Le café est fermé aujourd’hui, dit-il."
    nfd = Snapshot(unicodedata.normalize("NFD", text))
    match = nfd.find("café est fermé")
    assert match is not None
    assert match.exact == unicodedata.normalize("NFD", "café est fermé")  # the accent of the last letter included
    assert Snapshot(text).find(unicodedata.normalize("NFD", "café est fermé")).exact == "café est fermé"
    assert nfd.find("cafe") is None  # an accent is part of its letter


def test_the_first_place_is_taken(snapshot):
    match = snapshot.find("said")
    assert (match.start, match.paragraph) == (SNAPSHOT.index("said"), 1)
    match = snapshot.find("said it")
    assert (match.start, match.paragraph) == (SNAPSHOT.index("said it"), 2)


def test_a_match_is_a_text_quote_selector(snapshot):
    match = snapshot.find("a bridge - not a wall")
    assert match.exact == "a bridge — not a wall"
    # up to 32 characters either side, white space runs as one space
    assert match.prefix == "’s president said the deal was “"
    assert match.suffix == ",” and that fishing rights would"
    assert match.fragment == "#:~:text=a%20bridge%20%E2%80%94%20not%20a%20wall"
    assert match.paragraph == 1
    start, end = snapshot.spans[match.paragraph]
    assert start <= match.start < match.end <= end


def test_prefix_and_suffix_keep_the_space_next_to_the_quote(snapshot):
    match = snapshot.find("fishing rights")
    assert match.prefix == "a bridge — not a wall,” and that "
    assert match.suffix == " would be settled “within the yea"
    first = snapshot.find("Harbour deal")
    assert (first.prefix, first.suffix) == ("", " signed Port Selby, 3 March. Borv")


def test_paragraphs_are_what_blank_lines_separate():
    snapshot = Snapshot("  one\n  two \n \t \nthree\r\n\r\nfour\n\n\n\nfive  ")
    assert [snapshot.text[start:end] for start, end in snapshot.spans] == [
        "one\n  two",
        "three",
        "four",
        "five",
    ]
    assert snapshot.find("one two") is not None
    assert snapshot.find("two three") is None
    assert snapshot.find("three four") is None


# -- deep links ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("exact", "fragment"),
    [
        ("a-b, c & d", "#:~:text=a%2Db%2C%20c%20%26%20d"),  # the directive's own -, and & are escaped
        ("twenty-year", "#:~:text=twenty%2Dyear"),
        ("“a bridge”", "#:~:text=%E2%80%9Ca%20bridge%E2%80%9D"),
        ("50% #1 a=b?c/d", "#:~:text=50%25%20%231%20a%3Db%3Fc%2Fd"),
        ("one\n two\tthree", "#:~:text=one%20two%20three"),
        ("1 2 3 4 5 6 7 8", "#:~:text=1%202%203%204%205%206%207%208"),
        ("1 2 3 4 5 6 7 8 9", "#:~:text=1%202%203%204,6%207%208%209"),
        ("a-1, 2 3 4 5 6 7 8 & z", "#:~:text=a%2D1%2C%202%203%204,7%208%20%26%20z"),
    ],
)
def test_text_fragment(exact, fragment):
    assert text_fragment(exact) == fragment


# -- explaining a miss; fuzzy matching never passes --------------------------------


@pytest.mark.parametrize(
    ("quote", "closest"),
    [
        # a run of as many words as the quote has
        ("gives away the harbour for a hand shake", "it “gives away the harbour for a handshake.”"),
        ("The opposition leader says it", "The opposition leader said it"),
        ("fishing rights will be settled", "fishing rights would be settled"),
        ("a bridge, not a wall", "bridge — not a wall,”"),
        ("A BRIDGE - NOT A WALL", None),  # too unlike anything
        ("entirely unrelated words about the weather today", None),
    ],
)
def test_closest_passage_explains_but_never_passes(snapshot, quote, closest):
    assert snapshot.find(quote) is None
    assert snapshot.closest(quote) == closest


def test_a_misquote_whose_first_words_are_changed_is_traced_to_its_own_paragraph():
    snapshot = Snapshot("One two three four five six.\n\nSeven eight nine ten eleven twelve thirteen.\n")
    assert snapshot.closest("alpha beta gamma delta eight nine ten eleven") == "Seven eight nine ten eleven twelve thirteen."


def test_a_mistyped_word_is_traced_by_its_nearest_spelling(snapshot):
    assert snapshot.closest("harbur") == "harbour"


@pytest.mark.parametrize(("a", "b", "ratio"), [("abc", "abc", 1), ("", "", 1), ("abc", "", 0), ("kitten", "sitting", 8 / 13), ("ab", "ba", 0.5)])
def test_similarity_counts_the_longest_common_subsequence(a, b, ratio):
    assert similarity(a, b) == similarity(b, a) == pytest.approx(ratio)


def fictional_text(paragraphs: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    words = ["".join(rng.choices("abcdefghiklmnoprstuvy", k=rng.randint(2, 9))) for _ in range(3000)]
    return "\n\n".join(" ".join(rng.choices(words, k=80)) + "." for _ in range(paragraphs)) + "\n"


def test_misquotes_against_a_large_snapshot_are_traced_quickly():
    text = fictional_text(1800)  # about 1 MB
    rng = random.Random(2)
    paragraphs = text.split("\n\n")
    passages = [" ".join(rng.choice(paragraphs).split()[10:22]) for _ in range(20)]
    started = time.monotonic()
    snapshot = Snapshot(text)
    for passage in passages:
        words = passage.split()
        words[5] = "quillwort"
        assert snapshot.explain(" ".join(words)) == f'closest passage: "{passage}"'
    assert time.monotonic() - started < 20


def test_a_long_misquote_of_few_letters_is_explained_quickly():
    # a 1,000-word quote missing a 1,000-word paragraph, both of one or two letters: the worst case of comparing by characters
    snapshot = Snapshot(" ".join(["a"] * 1000) + "\n")
    started = time.monotonic()
    for quote in (" ".join(["a", "b"] * 500), " ".join(["ab"] * 1000)):
        snapshot.explain(quote)
    assert time.monotonic() - started < 20


def test_explain(snapshot):
    assert snapshot.explain("fishing rights will be settled") == 'closest passage: "fishing rights would be settled"'
    assert snapshot.explain("rushed ... a bridge") == "each of its parts is in the source, but not in this order within one paragraph"
    assert snapshot.explain("entirely unrelated words about the weather today") == ""


# -- properties ----------------------------------------------------------------

# Snapshots are made of words with curly quotes, dashes, apostrophes, ligatures,
# full-width letters and accents written both ways, between runs of white space.
# No letter of OUTSIDE is ever in a snapshot.
OUTSIDE = "zqxj"
LETTERS = st.sampled_from(list("abcdefghiklmnoprstuvwyABCDEGHMNPRSTéøüñßÅ") + ["ﬁ", "Ａ", "e\u0301", "n\u0303", "1", "7"])
WORD = st.builds(
    lambda opening, core, apostrophe, closing: opening + "".join(core) + apostrophe + closing,
    st.sampled_from(["", "", "", "“", "‘", '"', "(", "—"]),
    st.lists(LETTERS, min_size=1, max_size=7),
    st.sampled_from(["", "", "", "’s", "'t", "-up", "–in"]),
    st.sampled_from(["", "", "", ",", ".", ";", ":", "?", "!", "”", "’", ")", ".”", ",”"]),
)
SPACE = st.sampled_from([" ", " ", " ", "  ", "\t", "\n", " \n", "\u00a0", "\u2003", " \u202f"])
BREAK = st.sampled_from(["\n\n", "\n \n", "\r\n\r\n", "\n\n\n", "\n\t\n"])


@st.composite
def snapshots(draw, min_words=1):
    """A snapshot text and, per paragraph, where each of its words stands."""
    text, words = draw(st.sampled_from(["", "  ", "\n"])), []
    paragraphs = st.lists(st.tuples(WORD, SPACE), min_size=min_words, max_size=15)
    for paragraph in draw(st.lists(paragraphs, min_size=1, max_size=4)):
        if words:
            text += draw(BREAK)
        spans = []
        for i, (word, space) in enumerate(paragraph):
            spans.append((len(text), len(text) + len(word)))
            text += word + (space if i < len(paragraph) - 1 else "")
        words.append(spans)
    return text, words


@st.composite
def passages(draw, min_words=1):
    """A snapshot, and where a run of whole words (at least ``min_words``) of one of its paragraphs stands in it."""
    text, words = draw(snapshots(min_words))
    spans = draw(st.sampled_from(words))
    first = draw(st.integers(0, len(spans) - min_words))
    last = draw(st.integers(first + min_words - 1, len(spans) - 1))
    return text, spans[first : last + 1]


def as_typed(text: str) -> str:
    """How an editor might type a passage: straight quotes, plain hyphens, single spaces, composed accents."""
    text = text.translate(str.maketrans("“”‘’—–", "\"\"''--"))
    return unicodedata.normalize("NFC", " ".join(text.split()))


@settings(deadline=None)
@given(passages())
def test_any_passage_of_a_snapshot_is_found(case):
    text, spans = case
    passage = text[spans[0][0] : spans[-1][1]]
    snapshot = Snapshot(text)
    for quote in (passage, as_typed(passage)):
        match = snapshot.find(quote)
        assert match is not None, quote
        assert match.exact == text[match.start : match.end]
        # it may be an earlier place with the same words, never other words
        assert normalise_text(match.exact) == normalise_text(passage)
        start, end = snapshot.spans[match.paragraph]
        assert start <= match.start < match.end <= end


@settings(deadline=None)
@given(passages(min_words=3), st.data())
def test_a_passage_with_words_left_out_or_inserted_is_found(case, data):
    text, spans = case
    cut = data.draw(st.integers(1, len(spans) - 2))
    last_dropped = data.draw(st.integers(cut, len(spans) - 2))
    head = text[spans[0][0] : spans[cut - 1][1]]
    tail = text[spans[last_dropped + 1][0] : spans[-1][1]]
    snapshot = Snapshot(text)
    assert snapshot.find(f"{head} ... {tail}") is not None
    assert snapshot.find(f"{head}…{tail}") is not None
    whole = text[spans[0][0] : spans[-1][1]]
    middle = spans[cut][0]
    assert snapshot.find(f"{text[spans[0][0]:middle]}[sic] {text[middle:spans[-1][1]]}") is not None
    assert snapshot.find(whole.replace(" ", " [a word] ", 1)) is not None


@settings(deadline=None)
@given(passages(), st.data())
def test_changing_one_word_of_a_passage_fails(case, data):
    text, spans = case
    snapshot = Snapshot(text)
    k = data.draw(st.integers(0, len(spans) - 1))
    word = text[spans[k][0] : spans[k][1]]
    changed = data.draw(
        st.sampled_from(
            [
                OUTSIDE,  # another word
                word + OUTSIDE[0],  # the word made longer
                OUTSIDE[1] + word,
                word[:-1] + OUTSIDE[2] if len(word) > 1 else OUTSIDE[2],  # one letter changed
            ]
        )
    )
    quote = text[spans[0][0] : spans[k][0]] + changed + text[spans[k][1] : spans[-1][1]]
    assert snapshot.find(quote) is None
    assert snapshot.find(as_typed(quote)) is None


@settings(deadline=None)
@given(snapshots(), st.data())
def test_a_match_never_starts_or_ends_inside_a_word(case, data):
    text, _ = case
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    match = Snapshot(text).find(text[start:end])  # any piece of the text, words cut or not
    if match is not None:
        before, after = text[match.start - 1 : match.start], text[match.end : match.end + 1]
        assert not (before.isalnum() and match.exact[0].isalnum())
        assert not (after.isalnum() and match.exact[-1].isalnum())


@settings(deadline=None)
@given(st.text(max_size=200))
def test_normalising_is_idempotent_and_points_back_in_order(text):
    norm, origin = normalise(text)
    assert normalise_text(norm) == norm
    assert len(origin) == len(norm)
    assert list(origin) == sorted(origin)
    assert all(0 <= i < len(text) for i in origin)
    assert "  " not in norm and norm == norm.strip()


@settings(deadline=None)
@given(st.lists(st.sampled_from(list("ab \n\t\u00a0“”’—…ﬁＡé`´\u0301") + ["e\u0301", "\n\n"]), max_size=40).map("".join))
def test_normalised_text_is_the_same_however_it_is_computed(text):
    # quotes (text only), whole texts (with offsets) and snapshots (paragraph by paragraph)
    assert normalise_text(text) == normalise(text)[0] == " ".join(norm for norm, _ in Snapshot(text).paragraphs)
