"""The loader: YAML text to plain data, every value traced to file:line:col."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefs import load
from briefs.load import MAX_BYTES, MAX_DEPTH, LoadError, Problem, load_file, parse, read_bytes

BAD = Path(__file__).parent / "fixtures" / "bad"

# Every yaml-*.yaml file in tests/fixtures/bad and the one problem loading it reports.
BAD_FILES = {
    "yaml-alias.yaml": "13:12: error: aliases (*name) are not allowed; write the value out",
    "yaml-anchor.yaml": "6:5: error: anchors (&name) are not allowed; write the value out",
    "yaml-billion-laughs.yaml": "1:4: error: anchors (&name) are not allowed; write the value out",
    "yaml-comment.yaml": (
        "2:21: error: the value ends at ' #' and the rest of the line is read as a comment: '#2 signed'; "
        "put the whole value in quotes, or put two spaces before a comment"
    ),
    "yaml-complex-key.yaml": "15:3: error: keys must be plain text",
    "yaml-deep.yaml": "15:58: error: nesting deeper than 50 levels is not allowed",
    "yaml-duplicate-key.yaml": "15:1: error: duplicate key 'title' (first at line 2)",
    "yaml-duplicate-nested.yaml": "9:5: error: duplicate key 'kind' (first at line 8)",
    "yaml-escaped-control.yaml": "2:8: error: control character U+0007 is not allowed",
    "yaml-latin1.yaml": "2:38: error: not valid UTF-8 (byte 0xe9)",
    "yaml-local-tag.yaml": "3:10: error: tags such as '!include' are not allowed",
    "yaml-nul.yaml": "3:63: error: control character U+0000 is not allowed",
    "yaml-python-tag.yaml": "2:8: error: tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed",
    "yaml-surrogate-bytes.yaml": "2:28: error: not valid UTF-8 (byte 0xed)",
    "yaml-surrogate-escape.yaml": "2:31: error: invalid YAML: found invalid Unicode character escape code",
    "yaml-syntax.yaml": "11:11: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 10)",
    "yaml-tab.yaml": (
        "8:1: error: invalid YAML: found a tab character that violates indentation (while scanning a plain scalar at line 7)"
    ),
    "yaml-terminal-colour.yaml": "2:8: error: control character U+001B is not allowed",
    "yaml-two-documents.yaml": "15:1: error: only one YAML document per file is allowed (remove '---')",
}


def problems(text: str | bytes, tmp_path: Path, name: str = "brief.yaml") -> list[str]:
    """What loading ``text`` from a file reports, as ``file:line:col: level: message`` lines."""
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    try:
        doc = load_file(path, label=name)
    except LoadError as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in doc.problems]


def test_every_bad_yaml_fixture_is_listed():
    assert sorted(p.name for p in BAD.glob("yaml-*.yaml")) == sorted(BAD_FILES)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_yaml_fixture(name):
    with pytest.raises(LoadError) as raised:
        load_file(BAD / name, label=name)
    assert [str(p) for p in raised.value.problems] == [f"{name}:{BAD_FILES[name]}"]


def test_uses_the_c_loader_when_pyyaml_has_one():
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML was built without libyaml")
    assert load._Loader is yaml.CSafeLoader


# -- where values stand ------------------------------------------------------

BRIEF = """\
# a comment
title: Harbour deal
sources:
  - id: wire
    kind: wire
statements:
  - actor: mara-olsen
    quote: "This harbour"
    cite: {source: wire, passage: 'the deal'}
topics: [harbour, trade]
summary: >
  Folded
  text.
"""


def test_every_value_is_traced_to_its_line_and_column():
    doc = parse(BRIEF, "b.yaml")
    assert doc.spots == {
        (): (2, 1),
        ("title",): (2, 8),
        ("sources",): (4, 3),
        ("sources", 0): (4, 5),
        ("sources", 0, "id"): (4, 9),
        ("sources", 0, "kind"): (5, 11),
        ("statements",): (7, 3),
        ("statements", 0): (7, 5),
        ("statements", 0, "actor"): (7, 12),
        ("statements", 0, "quote"): (8, 12),
        ("statements", 0, "cite"): (9, 11),
        ("statements", 0, "cite", "source"): (9, 20),
        ("statements", 0, "cite", "passage"): (9, 35),
        ("topics",): (10, 9),
        ("topics", 0): (10, 10),
        ("topics", 1): (10, 19),
        ("summary",): (11, 10),
    }
    assert doc.key_spots[("statements", 0, "cite", "passage")] == (9, 26)
    assert doc.key_spots[("summary",)] == (11, 1)
    assert doc.data["summary"] == "Folded text.\n"


def test_problems_point_at_the_value_the_key_or_the_nearest_parent():
    doc = parse(BRIEF, "b.yaml")
    assert str(doc.problem(("statements", 0, "quote"), "bad quote")) == "b.yaml:8:12: error: bad quote"
    assert str(doc.problem(("statements", 0, "quote"), "bad key", key=True)) == "b.yaml:8:5: error: bad key"
    # a key that is not there (a missing one, say) points at its mapping
    assert doc.where(("statements", 0, "said")) == (7, 5)
    assert doc.where(("statements", 3, "quote")) == (7, 3)
    assert str(doc.problem((), "warn", "warning")) == "b.yaml:2:1: warning: warn"


def test_a_byte_order_mark_is_dropped_and_lines_still_count_from_one(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: Harbour deal\nsummary: x\n")
    doc = load_file(path, label="bom.yaml")
    assert doc.data == {"title": "Harbour deal", "summary": "x"}
    assert doc.spots[("summary",)] == (2, 10)


# Text made of what editors type, including YAML's special characters.
TEXT = st.text(
    alphabet=st.sampled_from(string.ascii_letters + string.digits + " -_.,:;#&*!|>'\"%@`?[]{}~" + "éøß“”’—…"),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() == s)
KEYS = st.text(alphabet=string.ascii_lowercase + "-_", min_size=1, max_size=10)
DATA = st.recursive(
    TEXT | st.none(),
    lambda children: st.lists(children, min_size=1, max_size=4) | st.dictionaries(KEYS, children, min_size=1, max_size=4),
    max_leaves=20,
)


def leaves(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from leaves(value, (*path, i))
    else:
        yield path, data


@settings(deadline=None)
@given(data=st.dictionaries(KEYS, DATA, min_size=1, max_size=5), flow=st.sampled_from([False, None, True]))
def test_any_data_round_trips_as_text_and_each_value_points_at_itself(data, flow):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, width=10_000, sort_keys=False)
    doc = parse(text, "x.yaml")
    assert doc.data == data
    lines = text.splitlines()
    for path, value in leaves(data):
        line, col = doc.spots[path]
        here = lines[line - 1][col - 1 :]
        if value is None:
            assert here.startswith("null")
        else:
            # a plain value starts right there; a quoted one starts with its quote
            assert here.startswith(value) or here[0] in "'\"", (path, value, here)


# -- YAML 1.1 surprises stay text ----------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["NO", "no", "No", "yes", "Off", "on", "y", "n", "012345", "0x1F", "0o17", "1_000", "+1", "-0", "1e3", ".inf",
     "-.Inf", ".NaN", "12:30:00", "190:20:30", "2025-03-04", "2025-03-04T10:00:00Z", "<<", "="],
)  # fmt: skip
def test_plain_scalars_stay_the_text_the_editor_typed(typed):
    doc = parse(f"title: {typed}\ntopics: [{typed}]\nnested:\n  - {{k: {typed}}}\n", "x.yaml")
    assert doc.data == {"title": typed, "topics": [typed], "nested": [{"k": typed}]}


@pytest.mark.parametrize("empty", ["", "~", "null", "Null", "NULL"])
def test_only_empty_tilde_and_null_mean_nothing(empty):
    assert parse(f"a: {empty}\nb: '{empty}'\n", "x.yaml").data == {"a": None, "b": empty}


def test_an_empty_file_is_no_data():
    assert parse("", "x.yaml").data is None
    assert parse("# only a comment\n", "x.yaml").data is None


# -- a value cut short by ' #' ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: Talks #2 resume\n", "x.yaml:1:14: error: the value ends at ' #' and the rest of the line is read as a comment: '#2 resume'"),
        ("topics:\n  - harbour #trade\n", "x.yaml:2:13: error: the value ends at ' #' and the rest of the line is read as a comment: '#trade'"),
        ("title: Harbour deal # a note\n", "x.yaml:1:21: error: the value ends at ' #' and the rest of the line is read as a comment: '# a note'"),
    ],
)
def test_a_plain_value_cut_short_by_a_comment_is_reported(text, expected):
    with pytest.raises(LoadError) as raised:
        parse(text, "x.yaml")
    (problem,) = raised.value.problems
    assert str(problem) == expected + "; put the whole value in quotes, or put two spaces before a comment"


@pytest.mark.parametrize(
    "text",
    [
        "title: Harbour deal  # two spaces: a comment\n",
        "title: 'Talks #2' # quoted\n",
        'title: "Talks" # quoted\n',
        "title: C# and F#\n",
        "title:  # nothing yet\n",
        "# a comment line\ntitle: x\n",
        "summary: |\n  Talks #2 # resumed\n",
    ],
)
def test_comments_where_they_are_meant(text):
    parse(text, "x.yaml")


# -- duplicate keys --------------------------------------------------------------


def test_every_duplicate_key_is_reported_with_both_lines():
    text = "title: a\nsummary: b\ntitle: c\nsources:\n  - id: x\n    id: y\nsummary: d\n"
    with pytest.raises(LoadError) as raised:
        parse(text, "x.yaml")
    assert [str(p) for p in raised.value.problems] == [
        "x.yaml:3:1: error: duplicate key 'title' (first at line 1)",
        "x.yaml:6:5: error: duplicate key 'id' (first at line 5)",
        "x.yaml:7:1: error: duplicate key 'summary' (first at line 2)",
    ]


def test_a_key_quoted_or_not_is_the_same_key():
    with pytest.raises(LoadError, match=r"x.yaml:2:1: error: duplicate key 'title' \(first at line 1\)"):
        parse("title: a\n'title': b\n", "x.yaml")


# -- what the loader refuses -------------------------------------------------------


def test_a_billion_laughs_is_refused_at_its_first_anchor():
    text = (BAD / "yaml-billion-laughs.yaml").read_text()
    assert len(text.encode()) < 400
    with pytest.raises(LoadError) as raised:
        parse(text, "bomb.yaml")
    assert [str(p) for p in raised.value.problems] == ["bomb.yaml:1:4: error: anchors (&name) are not allowed; write the value out"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: *x\n", "1:4: error: aliases (*name) are not allowed; write the value out"),
        ("a: &x b\n", "1:4: error: anchors (&name) are not allowed; write the value out"),
        ("a:\n  <<: *base\n", "2:7: error: aliases (*name) are not allowed; write the value out"),
        ("? &k a\n: b\n", "1:3: error: keys must be plain text"),
        ("a: !!str b\n", "1:4: error: tags such as 'tag:yaml.org,2002:str' are not allowed"),
        ("a: !!python/name:os.system\n", "1:4: error: tags such as 'tag:yaml.org,2002:python/name:os.system' are not allowed"),
        ("a: !!python/object/new:os.system [ls]\n", "1:4: error: tags such as 'tag:yaml.org,2002:python/object/new:os.system' are not allowed"),
        ("a: !!map {b: c}\n", "1:4: error: tags such as 'tag:yaml.org,2002:map' are not allowed"),
        ("!!python/object:os.system\nb: c\n", "1:1: error: tags such as 'tag:yaml.org,2002:python/object:os.system' are not allowed"),
        ("a: b\n---\na: b\n", "2:1: error: only one YAML document per file is allowed (remove '---')"),
        ("a: b\n...\n---\nc: d\n", "3:1: error: only one YAML document per file is allowed (remove '---')"),
    ],
)
def test_refused_yaml(text, expected):
    with pytest.raises(LoadError) as raised:
        parse(text, "x.yaml")
    assert [str(p) for p in raised.value.problems] == [f"x.yaml:{expected}"]


def test_one_explicit_document_is_fine():
    assert parse("---\na: b\n...\n", "x.yaml").data == {"a": "b"}


def nested(levels: int) -> str:
    """``levels`` levels: a mapping, lists inside each other, and a value in the innermost."""
    return "a: " + "[" * (levels - 2) + "x" + "]" * (levels - 2) + "\n"


def test_nesting_up_to_the_limit_is_fine():
    data = parse(nested(MAX_DEPTH), "x.yaml").data["a"]
    for _ in range(MAX_DEPTH - 3):
        (data,) = data
    assert data == ["x"]


def test_nesting_deeper_than_the_limit_is_refused():
    with pytest.raises(LoadError) as raised:
        parse(nested(MAX_DEPTH + 1), "x.yaml")
    assert [str(p) for p in raised.value.problems] == [f"x.yaml:1:{3 + MAX_DEPTH}: error: nesting deeper than {MAX_DEPTH} levels is not allowed"]


def test_very_deep_nesting_is_refused_without_recursion_trouble():
    # libyaml stops at its own limit of 1000 while reading ahead; the loader's comes first otherwise
    with pytest.raises(LoadError, match=r"nesting deeper than 50 levels|invalid YAML: exceeded maximum nesting depth"):
        parse("a: " + "[" * 100_000 + "\n", "x.yaml")
    with pytest.raises(LoadError, match="nesting deeper than 50 levels"):
        parse("".join(f"{' ' * i}k:\n" for i in range(200)), "x.yaml")


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"title: x\n" + b"#" * (MAX_BYTES - 9) + b"\n")
    with pytest.raises(LoadError) as raised:
        load_file(path, label="big.yaml")
    assert [str(p) for p in raised.value.problems] == ["big.yaml:1:1: error: file is 1,000,001 bytes; the limit is 1,000,000"]


def test_a_file_at_the_size_limit_is_read(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"title: x\n" + b"#" * (MAX_BYTES - 10) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    assert load_file(path, label="big.yaml").data == {"title": "x"}


def test_the_size_limit_can_be_set(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text("title: a longer title\n")
    with pytest.raises(LoadError, match=r"small.yaml:1:1: error: file is 22 bytes; the limit is 10$"):
        load_file(path, label="small.yaml", max_bytes=10)


def test_a_file_that_cannot_be_read(tmp_path):
    with pytest.raises(LoadError, match=r"^gone.yaml:1:1: error: cannot read file: No such file or directory$"):
        load_file(tmp_path / "gone.yaml", label="gone.yaml")
    with pytest.raises(LoadError, match=r"^dir.yaml:1:1: error: this is a folder, not a regular file; only regular files are read"):
        load_file(tmp_path, label="dir.yaml")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: b\nc: caf\xe9\n", "2:7: error: not valid UTF-8 (byte 0xe9)"),
        (b"a: \xff\n", "1:4: error: not valid UTF-8 (byte 0xff)"),
        (b"a: \xe2\x80\n", "1:4: error: not valid UTF-8 (byte 0xe2)"),  # cut off in the middle of a character
        (b"a: \xed\xa0\x80\n", "1:4: error: not valid UTF-8 (byte 0xed)"),  # a lone surrogate, encoded
        (b"a: \xc0\xaf\n", "1:4: error: not valid UTF-8 (byte 0xc0)"),  # an overlong '/'
        (b"a: b\x00c\n", "1:5: error: control character U+0000 is not allowed"),
        (b"a: b\n\x01\n", "2:1: error: control character U+0001 is not allowed"),
        (b"a: \x1b[31mred\n", "1:4: error: control character U+001B is not allowed"),
        (b"a: b\x7f\n", "1:5: error: control character U+007F is not allowed"),
        (b"a: \xc2\x85\n", "1:4: error: control character U+0085 is not allowed"),
        (b"a: \xc2\x9f\n", "1:4: error: control character U+009F is not allowed"),
        (b"a: b\x0c\n", "1:5: error: control character U+000C is not allowed"),
        (b"a: x\xef\xbf\xbf\n", "1:5: error: noncharacter U+FFFF is not allowed"),
        (b"a: x\xef\xbf\xbe\n", "1:5: error: noncharacter U+FFFE is not allowed"),
        (b'a: "\\0"\n', "1:4: error: control character U+0000 is not allowed"),
        (b'a: "\\e[1m"\n', "1:4: error: control character U+001B is not allowed"),
        (b'a: "\\x7f"\n', "1:4: error: control character U+007F is not allowed"),
        (b'a: "\\N"\n', "1:4: error: control character U+0085 is not allowed"),
        (b'a: "\\uD800"\n', "1:7: error: invalid YAML: found invalid Unicode character escape code"),
        (b'a: "\\uDFFF x"\n', "1:7: error: invalid YAML: found invalid Unicode character escape code"),
    ],
)
def test_bad_bytes_and_characters(raw, expected, tmp_path):
    assert problems(raw, tmp_path, "x.yaml") == [f"x.yaml:{expected}"]


def test_tabs_and_line_ends_of_any_kind_are_fine(tmp_path):
    assert problems(b"a: 'tab\tinside'\r\nb: c\r\n", tmp_path) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: \ud800\n", "1:4: error: lone surrogate U+D800 is not allowed"),
        ("\udfff: b\n", "1:1: error: lone surrogate U+DFFF is not allowed"),
        ("a: b\x07\n", "1:5: error: control character U+0007 is not allowed"),
        ("a: \uffff\n", "1:4: error: noncharacter U+FFFF is not allowed"),
    ],
)
def test_parse_refuses_characters_that_no_file_could_hold(text, expected):
    # text handed over as a string (not read from a file) is checked the same way
    with pytest.raises(LoadError) as raised:
        parse(text, "x.yaml")
    assert [str(p) for p in raised.value.problems] == [f"x.yaml:{expected}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [b, c\nd: e\n", "2:2: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 1)"),
        ("a: 'open\n\nb: c\n", "4:1: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar at line 1)"),
        ("a: b: c\n", "1:5: error: invalid YAML: mapping values are not allowed in this context"),
        ("- a\nb: c\n", "2:1: error: invalid YAML: did not find expected '-' indicator (while parsing a block collection at line 1)"),
    ],
)
def test_syntax_errors_say_where_and_where_the_unfinished_part_began(text, expected):
    with pytest.raises(LoadError) as raised:
        parse(text, "x.yaml")
    assert [str(p) for p in raised.value.problems] == [f"x.yaml:{expected}"]


def test_problem_text_and_order():
    a = Problem("a.yaml", 9, 1, "error", "z")
    b = Problem("a.yaml", 10, 1, "error", "a")
    c = Problem("b.yaml", 1, 1, "warning", "m")
    assert sorted([c, b, a]) == [a, b, c]  # by file, then line as a number
    assert str(c) == "b.yaml:1:1: warning: m"


def test_a_tab_before_hash_cuts_a_value_short_too(tmp_path):
    assert problems("title: We are\t#1\n", tmp_path) == [
        "brief.yaml:1:15: error: the value ends at ' #' and the rest of the line is read as a comment: '#1'; "
        "put the whole value in quotes, or put two spaces before a comment"
    ]


@pytest.mark.parametrize(
    ("text", "where", "code"),
    [
        ('title: "Ünïcödé 日本 x\u202ey"\n', "1:21", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),  # columns count characters, not bytes
        ("summary: |\n  a\n  b \u2067c\u2069\n", "3:5", "U+2067 (RIGHT-TO-LEFT ISOLATE)"),
        ('title: "escaped \\u202e here"\n', "1:8", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),  # an escape: where the value begins
        ("names: [a, \u200fb]\n", "1:12", "U+200F (RIGHT-TO-LEFT MARK)"),
    ],
)
def test_a_bidirectional_control_is_a_warning_where_it_stands(text, where, code):
    assert [str(p) for p in parse(text, "x.yaml").problems] == [
        f"x.yaml:{where}: warning: {code} changes the order in which the text around it is shown: "
        "a reader may see other words than the file holds; remove it"
    ]


def test_right_to_left_text_without_controls_is_no_warning():
    assert parse("title: مرحبا بالعالم and שלום\n", "x.yaml").problems == []


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs /proc")
def test_a_file_longer_than_its_size_says_is_read_no_further_than_the_limit():
    # /proc files are regular files of size 0 that hold more: as a file growing while it is read
    with pytest.raises(LoadError, match=r"^status:1:1: error: file grew past the limit of 10 bytes while it was read; read it again once it is complete$"):
        read_bytes(Path("/proc/self/status"), label="status", max_bytes=10)


def test_a_link_is_followed_only_inside_the_folder(tmp_path):
    (tmp_path / "briefs").mkdir()
    (tmp_path / "secret.yaml").write_text("title: never shown\n", encoding="utf-8")
    (tmp_path / "briefs" / "out.yaml").symlink_to(tmp_path / "secret.yaml")
    (tmp_path / "briefs" / "in.yaml").symlink_to("real.yaml")
    (tmp_path / "briefs" / "real.yaml").write_text("title: shown\n", encoding="utf-8")
    folder = tmp_path / "briefs"
    assert load_file(folder / "in.yaml", inside=folder).data == {"title": "shown"}
    with pytest.raises(LoadError, match=r"out.yaml:1:1: error: this file links to .*secret.yaml, outside .*briefs; only files inside the folder are read"):
        load_file(folder / "out.yaml", inside=folder)
