"""Issue 16, item 2: names wherever a code is asked. Every option that takes a unit, publication,
leader level, penalty kind or category accepts the Chinese name or a unique part of it as well as
the key; an ambiguous part lists the candidates with key and name."""
from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture
def item(submit):
    return submit(unit="T01", date="2026-10-12")


def _ok(result):
    assert result.code == 0, result.text
    return result


def _landed(ws_root: Path) -> str:
    """Every data file and the roster, as one text: where a name given for a code must land as the code."""
    files = sorted((ws_root / "data").rglob("*.yaml")) + sorted((ws_root / "data").rglob("*.md")) + \
        [ws_root / "rules" / "roster.yaml"]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


# (command, where the resolved code shows: "out" for what is printed, "files" for what is written, the words)
UNIT_OPTIONS = [
    (("list", "--unit", "城关", "--month", "2026-10", "--json"), "out", '"unit": "T01"'),
    (("search", "秋粮", "--unit", "城关镇人民政府", "--json"), "out", '"unit": "T01"'),
    (("instruct", "@", "--level", "city", "--leader", "王市长", "--date", "2026-10-13", "--assignee", "东河"),
     "files", "assignee: T02"),
    (("solicit", "new", "--topic", "供暖", "--units", "城关镇,东河镇、发展和改革局", "--deadline", "2026-11-30",
      "--date", "2026-11-01"), "files", "units:\n- T01\n- T02\n- G01"),
    (("penalty", "add", "--unit", "教育局", "--kind", "false_info", "--date", "2026-10-20"), "files", "unit: D01"),
    (("explain", "--unit", "东河", "--month", "2026-10"), "out", "T02"),
    (("submit", "--unit", "t02", "--title", "标题", "--drafter", "张三", "--reviewer", "李四", "--date", "2026-10-12",
      "--category", "工作动态", "--body", "正文" * 40, "--joint", "城关镇"), "files", "unit: T02\njoint_units:\n- T01"),
    (("units", "edit", "教育", "--short", "市教育局"), "files", "short: 市教育局"),
]


@pytest.mark.parametrize("args, where, words", UNIT_OPTIONS,
                         ids=["list", "search", "instruct --assignee", "solicit new --units",
                              "penalty add --unit", "explain", "submit", "units edit"])
def test_unit_options_take_names(cli, item, ws_root, args, where, words):
    result = _ok(cli(*[item if a == "@" else a for a in args]))
    assert words in (result.out if where == "out" else _landed(ws_root)), result.text


def test_instructions_unit_takes_a_name(cli, item):
    _ok(cli("instruct", item, "--level", "city", "--leader", "王市长", "--date", "2026-10-13", "--assignee", "城关"))
    assert item in _ok(cli("instructions", "--unit", "城关")).out
    assert item not in _ok(cli("instructions", "--unit", "东河")).out


def test_search_level_takes_a_name(cli, item):
    _ok(cli("adopt", item, "--pub", "city_express", "--issue", "第1期", "--date", "2026-10-15"))
    assert item in _ok(cli("search", "秋粮", "--level", "本市")).out
    assert item not in _ok(cli("search", "秋粮", "--level", "省")).out


def test_the_names_land_as_codes(cli, item, ws_root):
    _ok(cli("solicit", "new", "--topic", "供暖", "--units", "城关镇,东河", "--deadline", "2026-11-30", "--date", "2026-11-01"))
    call = json.loads(cli("solicit", "list", "--json").out)[0]
    assert call["units"] == ["T01", "T02"]
    _ok(cli("penalty", "add", "--unit", "教育局", "--kind", "失实", "--date", "2026-10-20"))
    rec = next((ws_root / "data" / "records").rglob("penalty-*.yaml")).read_text(encoding="utf-8")
    assert "unit: D01" in rec and "penalty: false_info" in rec


@pytest.mark.parametrize("args, where, words", [
    (("adopt", "@", "--pub", "快报", "--issue", "第1期", "--date", "2026-10-15"), "files", "pub: city_express"),
    (("adopt", "@", "--pub", "省政府办公厅", "--issue", "第2期", "--date", "2026-10-15"), "files", "pub: province_info"),
    (("forward", "@", "--to", "国务院", "--date", "2026-10-15"), "files", "to: national_info"),
    (("instruct", "@", "--level", "省", "--leader", "省长", "--date", "2026-10-15"), "files", "level: province"),
    (("penalty", "add", "--unit", "T01", "--kind", "迟报", "--date", "2026-10-20"), "files", "penalty: emergency_late"),
    (("list", "--category", "动态", "--month", "2026-10", "--json"), "out", '"category": "工作动态"'),
    (("search", "秋粮", "--category", "工作", "--json"), "out", '"category": "工作动态"'),
    (("units", "add", "--code", "T09", "--name", "新镇人民政府", "--category", "乡镇"), "files",
     "name: 新镇人民政府\n    category: township"),
    (("correct", "@", "--category", "经验", "--reason", "类别选错"), "files", "value: 经验做法"),
    (("issue", "new", "--pub", "快报", "--date", "2026-11-13"), "files", "pub: city_express"),
], ids=lambda a: " ".join(a[:4]) if isinstance(a, tuple) else None)
def test_publication_level_kind_and_category_take_names(cli, item, ws_root, args, where, words):
    result = _ok(cli(*[item if a == "@" else a for a in args]))
    assert words in (result.out if where == "out" else _landed(ws_root)), result.text


@pytest.mark.parametrize("args, words", [
    (("list", "--unit", "镇", "--month", "2026-10"), "“镇”对应多个单位：T01（城关镇人民政府）、T02（东河镇人民政府）"),
    (("adopt", "@", "--pub", "政府办公", "--issue", "1", "--date", "2026-10-15"), "对应多个刊物"),
    (("penalty", "add", "--unit", "T01", "--kind", "信息", "--date", "2026-10-20"), "对应多个扣分类型"),
    (("instruct", "@", "--level", "市", "--leader", "某", "--date", "2026-10-15"), "city（本市）、upper_city（上级市）"),
    (("list", "--unit", "不存在的单位"), "可选：T01（城关镇人民政府）"),
])
def test_an_ambiguous_or_unknown_name_lists_the_choices(cli, item, args, words):
    result = cli(*[item if a == "@" else a for a in args])
    assert result.code == 1 and words in result.err, result.text


def test_a_part_that_starts_a_short_name_names_that_unit(cli, item):
    """民政 sits inside every 人民政府; it starts only 民政局."""
    _ok(cli("units", "add", "--code", "D03", "--name", "市民政局", "--short", "民政局", "--category", "other_dept", "--from", "2026-01-01"))
    shown = _ok(cli("explain", "--unit", "民政", "--month", "2026-10"))
    assert shown.out.startswith("市民政局（D03）")
    typo = cli("explain", "--unit", "T1", "--month", "2026-10")
    assert typo.code == 1 and "是不是“T01（城关镇人民政府）”" in typo.err
    close = cli("explain", "--unit", "城关振", "--month", "2026-10")
    assert close.code == 1 and "[UNKNOWN-UNIT]" in close.err and "是不是“T01（城关镇人民政府）”" in close.err
    both = cli("explain", "--unit", "镇", "--month", "2026-10")
    assert both.code == 1 and "[AMBIGUOUS]" in both.err and "T02（东河镇人民政府）" in both.err


@pytest.mark.parametrize("args", [
    ("units", "add", "--code", "T12", "--name", "城关镇人民政府", "--short", "城关", "--category", "township"),
    ("units", "add", "--code", "T12", "--name", "新城镇人民政府", "--short", "城关镇", "--category", "township"),
    ("units", "edit", "T02", "--short", "城关镇"),
], ids=["add same name", "add same short name", "edit to a taken short name"])
def test_a_unit_is_not_given_a_name_another_unit_answers_to(cli, ws_root, args):
    roster = ws_root / "rules" / "roster.yaml"
    before = roster.read_bytes()
    refused = cli(*args)
    assert refused.code == 1 and "[DUP-NAME]" in refused.err and "与单位 T01 相同" in refused.err
    assert roster.read_bytes() == before


def test_validate_warns_of_two_units_with_one_name(cli, ws_root):
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace("short: 东河镇", "short: 城关镇"), encoding="utf-8")
    shown = cli("validate")
    assert "警告 [DUP-NAME] 单位 T02 的名称“城关镇”与单位 T01 相同" in shown.out
    retired = roster.read_text(encoding="utf-8").replace("short: 城关镇\n    category: township\n    direct_point: true",
                                                         "short: 城关镇\n    category: township\n    direct_point: true\n"
                                                         "    active_to: 2025-12-31", 1)
    roster.write_text(retired.replace("name: 东河镇人民政府", "name: 东河镇人民政府\n    active_from: 2026-01-01"),
                      encoding="utf-8")
    assert "DUP-NAME" not in cli("validate").out  # the old unit was retired before the new one began


def test_a_retired_units_name_can_be_given_again_and_finds_the_unit_of_today(cli, ws_root):
    _ok(cli("units", "add", "--code", "D03", "--name", "市民政局", "--short", "民政局", "--category", "other_dept"))
    _ok(cli("units", "retire", "D03", "--date", "2026-10-31"))
    _ok(cli("units", "add", "--code", "D30", "--name", "市民政局", "--short", "民政局", "--category", "other_dept"))
    assert "DUP-NAME" not in cli("validate").out
    assert _ok(cli("explain", "--unit", "民政", "--month", "2026-11")).out.startswith("市民政局（D30）")
    assert _ok(cli("explain", "--unit", "D03", "--month", "2026-10")).out.startswith("市民政局（D03）")  # by its code


def test_a_unit_already_sharing_a_name_can_still_be_edited_and_retired(cli, ws_root):
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace("short: 东河镇", "short: 城关镇"), encoding="utf-8")
    _ok(cli("units", "edit", "T02", "--officer", "王五"))            # the clash was there before: not this edit's
    _ok(cli("units", "retire", "T02", "--date", "2026-11-01"))       # and retiring is how it is resolved
    assert "DUP-NAME" not in cli("validate").out
