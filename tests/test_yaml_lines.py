"""The fast reader of rules and roster gives exactly what the round-trip reader gives."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo.store import yaml_lines
from govinfo.store.roster import parse_roster
from govinfo.store.rules import load_rt_yaml, load_yaml_lines, parse_office, parse_rules

BUNDLED = Path(__file__).resolve().parents[1] / "rules"
RULE_FILES = sorted(BUNDLED.rglob("*.yaml"))


@pytest.mark.parametrize("path", [p for p in RULE_FILES if p.name not in ("roster.yaml", "office.yaml")],
                         ids=lambda p: p.relative_to(BUNDLED).as_posix())
def test_rules_read_fast_equal_rules_read_round_trip(path):
    slow, _ = load_rt_yaml(path, "rules/points.yaml")
    fast, diags = load_yaml_lines(path, "rules/points.yaml")
    assert diags == []
    (fast_rules, fast_diags), (slow_rules, slow_diags) = parse_rules(fast), parse_rules(slow)
    assert (fast_rules, fast_diags) == (slow_rules, slow_diags)
    assert fast_rules.lines == slow_rules.lines and fast_rules.lines  # every rules line explain cites


def test_roster_and_office_read_fast_equal_round_trip():
    rules, _ = parse_rules(load_rt_yaml(BUNDLED / "default" / "points.yaml", "rules/points.yaml")[0])
    roster = BUNDLED / "default" / "roster.yaml"
    assert parse_roster(load_yaml_lines(roster, "rules/roster.yaml")[0], rules) == \
        parse_roster(load_rt_yaml(roster, "rules/roster.yaml")[0], rules)
    office = BUNDLED / "default" / "office.yaml"
    assert parse_office(load_yaml_lines(office, "rules/office.yaml")[0]) == \
        parse_office(load_rt_yaml(office, "rules/office.yaml")[0])


@pytest.mark.parametrize("text,expected", [
    ("a: yes\nb: no\nc: 否\nd: on", {"a": "yes", "b": "no", "c": "否", "d": "on"}),  # YAML 1.2: text
    ("a: true\nb: False", {"a": True, "b": False}),
    ("a: 0.2\nb: 10\nc: -5\nd: 1e3", {"a": 0.2, "b": 10, "c": -5, "d": 1000.0}),
    ("a: 2026-10-12\nb: 2026-02-30\nc: ~\nd:", {"a": __import__("datetime").date(2026, 10, 12), "b": "2026-02-30",
                                               "c": None, "d": None}),
])
def test_scalars_are_read_as_yaml_1_2(text, expected):
    assert yaml_lines.load(text) == expected


def test_every_key_keeps_its_line_and_a_repeated_key_is_refused(tmp_path):
    data = yaml_lines.load("# 注释\nunits:\n  - code: T01\n    name: 城关镇\n")
    assert data.lc.key("units") == (1, 0)
    assert data["units"][0].lc.key("name") == (3, 4)
    path = tmp_path / "points.yaml"
    path.write_text("name: 甲\nsecrecy: 机密\nsecrecy: 公开\n", encoding="utf-8")
    value, diags = load_yaml_lines(path, "rules/points.yaml")
    assert value is None and len(diags) == 1
    assert str(diags[0].source) == "rules/points.yaml:3" and "键“secrecy”在同一层里写了两次（第 2 行已有）" in diags[0].message


def test_a_tab_after_a_colon_is_named_by_the_editing_commands(tmp_path):
    """The reading loader takes `name:<Tab>x`; ruamel, which units add/edit use, does not: say what to change."""
    from govinfo.store.rules import load_rt_yaml
    path = tmp_path / "roster.yaml"
    path.write_text("units:\n  - code: T01\n    name:\t城关镇人民政府\n", encoding="utf-8")
    value, diags = load_rt_yaml(path, "rules/roster.yaml")
    assert value is None and str(diags[0].source) == "rules/roster.yaml:3"
    assert "冒号后面用了 Tab 键：请改成一个空格" in diags[0].message and "替换成空格" in diags[0].hint


@pytest.mark.parametrize("text, line, said", [
    ("a:\n  b: 1\n  c:\n    d: 1\n    e: 2\n   f: 3\n", 6, "缩进不一致"),  # the line the slip is on, not the block's first
    ("a:\n  b: 1\n\tc: 2\n", 3, "不能用 Tab 键缩进"),
    ("township:\n  name: 乡镇\n  base: 1\n\tmonthly_quota: 4\n", 4, "这一行行首有 Tab"),  # the C parser names no tab
    ("a:\n  b: 1\n   c: 2\n", 3, "这一行比上一行多缩进了 1 个空格"),
    ("units:\n  - code: T01\n    name: x\n     short: y\n", 4, "这一行比上一行多缩进了 1 个空格"),
    ("units:\n  - code: T01\n    name: x\n   short: y\n", 4, "没有左端对齐"),
    ("a: 'abc\nb: 2\nc: 3\n", 1, "引号或括号没有闭合"),  # where the quote was opened
    ("a: [1, 2\nb: 2\n", 1, "方括号 [ 没有配对的 ]"),
    ("a: 1\nb: 时间: 10点\n", 2, "值里有冒号时，请用引号"),
    ("units:\n  - code: T01\n    name: x\n    category：township\n    short: y\n", 4, "冒号写成了全角的“：”"),
    ("units:\n  - code: T01\n    name: x\n    category township\n    short: y\n", 4, "缺少冒号"),
    ("units:\n  - code: T01\n    officers:\n      - name: a\n    active_from: 2020-01-01: 起\n", 5, "值里有冒号时"),
    ("units:\n  - code: T01\n    name: x\n    code: T02\n", 4, "前面少了“- ”"),
    ("title: *abc\n", 1, "值以 * 开头"),
    ('title: "a\\qb"\n', 1, "反斜杠"),
    ("a: 1\n---\nb: 2\n", 2, "多了一行 ---"),
    ('title: "城关镇"推进\n', 1, "一部分用了引号"),
    # a full-width space from a Chinese input method, or a no-break space pasted from Word
    ("township:\n  name: 乡镇\n\u3000\u3000monthly_quota: 8\n  annual_target: 30\n", 3, "行首用了全角空格"),
    ("township:\n  name: 乡镇\n\xa0\xa0monthly_quota: 8\n  annual_target: 30\n", 3, "行首用了全角空格"),
    ("township:\n  name: 乡镇\n  monthly_quota:\u30008\n  annual_target: 30\n", 3, "冒号后面是全角空格"),
    # ones YAML would read without a word, into something else
    ("township:\n  name: 乡镇\n  \u3000monthly_quota: 8\n", 3, "行首用了全角空格"),
    ("units:\n-\u3000code: T01\n  name: x\n", 2, "列表的“-”写成了全角，或后面跟的是全角空格"),
    ("item_categories:\n  - 工作动态\n  \uff0d 其他\n", 3, "列表的“-”写成了全角"),
    ("units:\n  - code: T01\n    officers:\n      - name: a\n        phone\u3000: '139'\n", 5, "“phone”和冒号之间有全角空格"),
])
def test_a_yaml_mistake_is_named_at_its_own_line(tmp_path, text, line, said):
    path = tmp_path / "roster.yaml"
    path.write_text(text, encoding="utf-8")
    value, diags = load_yaml_lines(path, "rules/roster.yaml")
    assert value is None and [str(d.source) for d in diags] == [f"rules/roster.yaml:{line}"]
    assert said in diags[0].message and "无法解析" not in diags[0].message


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
@pytest.mark.parametrize("head", ["requirements: |", '"requirements": |', "requirements: !!str >-", "requirements: &r |"])
def test_a_paragraph_that_begins_with_full_width_spaces_in_a_block_of_text_is_fine(tmp_path, newline, head):
    path = tmp_path / "office.yaml"
    text = f"{head}\n  \u3000\u3000（一）提高思想认识。\n\n  \u3000\u3000（二）加强审核把关。\ncontact: 张三\n"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    value, diags = load_yaml_lines(path, "rules/office.yaml")
    assert diags == [] and value["requirements"].startswith("\u3000\u3000（一）") and value["contact"] == "张三"


@pytest.mark.parametrize("text", ["units:\n  - code: T01\n\u3000\u3000name: x\n    short: y\n",
                                  "units:\n  - code: T01\n    name:\u3000x\n    short: y\n"])
def test_a_full_width_space_is_named_by_the_editing_commands_too(tmp_path, text):
    from govinfo.store.rules import load_rt_yaml
    path = tmp_path / "roster.yaml"
    path.write_text(text, encoding="utf-8")
    value, diags = load_rt_yaml(path, "rules/roster.yaml")
    assert value is None and [str(d.source) for d in diags] == ["rules/roster.yaml:3"], diags
    assert "全角空格" in diags[0].message and "半角空格" in diags[0].hint


# ---- items and records: the flat fast path reads exactly what the YAML parser reads -------------

_PIECES = ["id", "title", "null", "a b", "x", "关于", "2026-10-09", "'", "''", " ", "  ", "#", " #", ":", ": ", "-",
           "~", "null", "false", "\t", "\u3000", "'q'", "\"q\"", "[1]", "{a: 1}", "&a", "*a", "!x", "|", ">", "%",
           "@", "`", "\\", "0x1F", "\ufeff", "\u2028", "\u2029", "\x85", "\r", "\ufffe", "---", "...", "\n", "\n  ",
           "\n# note\n", "\n#", "# ", "secrecy: 机密"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_flat_front_matter_equals_the_yaml_parser(pieces):
    import yaml
    from govinfo.store.frontmatter import StringLoader, flat_yaml, key_lines
    text = "".join(pieces)
    lines: dict = {}
    flat = flat_yaml(text, 2, lines)
    if flat is None:
        return  # the YAML parser decides
    assert flat == yaml.load(text, Loader=StringLoader)  # noqa: S506 - the C SafeLoader subclass
    assert lines == key_lines(text.splitlines(), 2)


def test_a_line_break_hidden_in_a_comment_is_left_to_yaml():
    """YAML ends a comment at \u2028 (an editor shows a new line there): the key after it counts,
    so an item cannot hide its secrecy behind a comment."""
    from govinfo.core.diagnostics import Source
    from govinfo.store.frontmatter import flat_yaml, read_document
    from govinfo.store.items import build_item
    for hidden in ("\u2028", "\u2029", "\r"):
        assert flat_yaml(f"# 备注{hidden}secrecy: 机密\nid: x\n") is None
    text = "---\n# 备注\u2028secrecy: 机密\nid: 202610-AAA-0001\ntitle: 标题\n---\n正文\n"
    doc, diags = read_document(text.encode("utf-8"), Source("data/items/2026/10/202610-AAA-0001.md"))
    assert doc is not None and doc.data["secrecy"] == "机密"
    item, diags = build_item(doc)
    assert item is None and [d.code for d in diags] == ["CLASSIFIED"]


def test_flat_front_matter_reads_what_govinfo_writes_and_leaves_the_rest_to_yaml():
    from govinfo.store.frontmatter import flat_yaml
    assert flat_yaml("# 采用记录\nid: adopt-1\nspecial: false\ndate: '2026-10-09'\nnote:\n") == \
        {"id": "adopt-1", "special": "false", "date": "2026-10-09", "note": None}
    for text in ("units:\n  - A01\n", "title: a: b\n", "title: x # note\n", "a: 1\na: 2\n", "title: \"q\"\n",
                 "title:\t x\n", "null: x\n"):
        assert flat_yaml(text) is None, text
