"""init, finding the workspace, and the roster commands."""
from __future__ import annotations

import hashlib
import json
import re

import pytest

from conftest import BODY, run_cli


def test_init_creates_rules_and_data(tmp_path):
    result = run_cli(["init", tmp_path / "office"])
    assert result.code == 0, result.text
    assert "已建立工作区" in result.out
    for name in ("points.yaml", "office.yaml", "roster.yaml"):
        assert (tmp_path / "office" / "rules" / name).is_file()
    assert (tmp_path / "office" / "data" / "items").is_dir()
    assert ".govinfo/" in (tmp_path / "office" / ".gitignore").read_text(encoding="utf-8")
    points = (tmp_path / "office" / "rules" / "points.yaml").read_text(encoding="utf-8")
    assert "每月报送信息不少于8条" in points  # the rules quote the seed's clause


def test_init_refuses_to_overwrite(tmp_path):
    run_cli(["init", tmp_path / "office"])
    roster = tmp_path / "office" / "rules" / "roster.yaml"
    roster.write_text("units: []  # 我的修改\n", encoding="utf-8")
    result = run_cli(["init", tmp_path / "office"])
    assert result.code == 1
    assert "不会覆盖" in result.err
    assert roster.read_text(encoding="utf-8") == "units: []  # 我的修改\n"


def _tree_digest(root):
    digest = hashlib.sha256()
    for path in sorted(p for p in (root / "data").rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.mark.slow  # builds the demo twice and validates it
def test_demo_is_deterministic_realistic_and_valid(tmp_path):
    assert run_cli(["init", tmp_path / "a", "--demo"]).code == 0
    assert run_cli(["init", tmp_path / "b", "--demo"]).code == 0
    assert _tree_digest(tmp_path / "a") == _tree_digest(tmp_path / "b")
    units = json.loads(run_cli(["units", "--json", "--root", tmp_path / "a"]).out)
    assert {u["category"] for u in units} == {"township", "general_dept", "other_dept"}
    records = list((tmp_path / "a" / "data" / "records").rglob("*.yaml"))
    kinds = {p.name.split("-")[0] for p in records}
    assert kinds == {"adopt", "instruct", "feedback", "solicit", "penalty", "excellent", "withdraw"}
    levels = {line.split(":")[1].strip() for p in records if p.name.startswith("adopt")
              for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("pub:")}
    assert levels == {"city_express", "upper_city_info", "province_info", "national_info",
                      "city_express.grassroots", "city_express.general"}  # the demo's own issues print in columns
    months = {p.parent.name for p in (tmp_path / "a" / "data" / "items" / "2026").rglob("*.md")}
    assert months == {f"{m:02d}" for m in range(1, 11)}
    result = run_cli(["validate", "--root", tmp_path / "a"])
    assert result.code == 0, result.text
    assert "0 个错误" in result.out
    # the demo's one re-sent item, and the example office names (某某市) not yet replaced
    assert "0 个错误，2 个警告" in result.out and "[NEAR-DUP]" in result.out and "[PLACEHOLDER]" in result.out


def test_root_found_by_walking_up(ws_root, monkeypatch):
    deep = ws_root / "data" / "items"
    monkeypatch.chdir(deep)
    result = run_cli(["units", "--json"])
    assert result.code == 0, result.text
    assert [u["code"] for u in json.loads(result.out)] == ["T01", "T02", "G01", "D01"]


def test_root_from_environment(ws_root, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOVINFO_ROOT", str(ws_root))
    assert run_cli(["units", "--json"]).code == 0


def test_not_a_workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli(["list"])
    assert result.code == 1
    assert "[NO-WORKSPACE]" in result.err and "govinfo init" in result.err
    assert "Traceback" not in result.text


def test_units_table_and_json(cli):
    result = cli("units")
    assert result.code == 0
    assert "城关镇人民政府" in result.out and "乡（镇、区）" in result.out and "13800000001" in result.out
    data = json.loads(cli("units", "--json").out)
    assert {k: data[2][k] for k in ("code", "name", "short", "category")} == {
        "code": "G01", "name": "市发展和改革局", "short": "发展和改革局", "category": "general_dept"}
    assert data[0]["officers"] == [{"name": "张三", "phone": "13800000001"}] and data[0]["direct_point"] is True


def test_a_retired_unit_shows_as_stopped_and_a_second_date_is_said(cli):
    first = cli("units", "retire", "T02", "--date", "2026-11-10")
    assert first.code == 0 and "报送到 2026-11-10 为止" in first.out and "自 2026-11-10 起停止" not in first.out
    again = cli("units", "retire", "T02", "--date", "2026-11-15")
    assert again.code == 0 and "原来写的是报送到 2026-11-10 为止，已改为 2026-11-15" in again.out
    table = cli("units", env={"COLUMNS": "80"}).out
    assert "其中 1 个已停止报送" in table
    t02 = table[table.index("T02"):table.index("G01")]
    assert "已停止报送" in t02 and "报送到 2026-11-15" in t02


def test_retiring_a_unit_before_items_it_sent_says_they_no_longer_count(cli, submit):
    item = submit(unit="T02", title="东河镇扎实推进冬季森林防火", date="2026-10-14")
    r = cli("units", "retire", "T02", "--date", "2026-09-30")
    assert r.code == 0 and f"2026-09-30 以后还报送了 1 条信息（最晚一条 {item}" in r.err and "不再计分" in r.err
    assert "以后还报送了" not in cli("units", "retire", "T02", "--date", "2026-10-31").err


def test_units_add_keeps_comments(cli, ws_root):
    result = cli("units", "add", "--code", "D02", "--name", "市卫生健康局", "--category", "other_dept",
                 "--officer", "王五", "--phone", "13900000000")
    assert result.code == 0, result.text
    text = (ws_root / "rules" / "roster.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 测试花名册（注释须在编辑后保留）")
    assert "code: D02" in text and "王五" in text
    assert [u["code"] for u in json.loads(cli("units", "--json").out)][-1] == "D02"


TWO_OFFICERS = """units:
  - code: T02
    name: 东城街道办事处
    category: township
    officers:
      - name: 何晓东
        phone: '13913775684'
      - name: 张备用
        phone: '13913775600'
"""


@pytest.mark.parametrize("args, expected", [
    (("--officer", "张备用", "--phone", "13900000002"), TWO_OFFICERS.replace("13913775600", "13900000002")),  # that one's phone
    (("--officer", "赵六", "--phone", "13900000003"),
     TWO_OFFICERS.replace("何晓东", "赵六").replace("13913775684", "13900000003")),                        # the main one replaced
    (("--phone", "13900000009"), TWO_OFFICERS.replace("13913775684", "13900000009")),
])
def test_editing_one_of_two_officers_leaves_the_other_alone(cli, ws_root, args, expected):
    """--officer naming the second officer changed the first into a copy of the second: 何晓东 was lost."""
    path = ws_root / "rules" / "roster.yaml"
    path.write_text(TWO_OFFICERS, encoding="utf-8")
    result = cli("units", "edit", "T02", *args)
    assert result.code == 0, result.text
    assert path.read_text(encoding="utf-8") == expected
    assert "  信息员：何晓东 13913775684、张备用 13913775600 → " in result.out  # what changed, said


def test_a_roster_saved_by_notepad_keeps_its_dress_when_edited(cli, ws_root):
    """A byte-order mark and Windows line endings survive an edit: only the changed lines differ."""
    path = ws_root / "rules" / "roster.yaml"
    before = b"\xef\xbb\xbf" + path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    path.write_bytes(before)
    result = cli("units", "edit", "T01", "--short", "城关")
    assert result.code == 0, result.text
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    old_lines, new_lines = before.split(b"\r\n"), after.split(b"\r\n")
    changed = [n for n, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b]
    assert len(old_lines) - len(new_lines) in (-1, 0, 1) and len(changed) <= 2, changed


HAND_ROSTER = """# 花名册：按片区分组
units:
- code: T01
  name: 城关镇人民政府
  short: 城关镇
  aliases: [城关, 'CG']
  category: township   # 乡镇
# 市直综合部门
- code: G01
  name: "市发展和改革局"
  short: 发展和改革局
  category: general_dept
  officers:
  - name: 张三
    phone: '13800000000'
# 其他部门
- code: D01
  name: 市教育局
  short: 教育局
  category: other_dept
"""


# A roster laid out differently: lists two spaces in, officers level with their key, a flow list
# and a list of plain values as a unit's last key, a blank line and a comment at the end of the file.
OTHER_ROSTER = """units:
  - code: T01
    name: 城关镇人民政府
    category: township
    officers:
    - name: 刘勇
      phone: '13967446522'
  # 市直部门
  - code: G01
    name: 市发展和改革局
    category: general_dept
    aliases:
      - 发改委
      - 发展改革局
  # 其他部门
  - code: D01
    name: "市教育局"
    category: other_dept
    officers: [{name: 张三, phone: "13900000000"}]   # 新任

# 以上共三个单位
"""


# Officers written as names alone, the last one followed by the heading of the next section.
NAMES_ROSTER = """units:
- code: T01
  name: 城关镇人民政府
  category: township
  officers:
  - 张三
  # 市直部门
- code: G01
  name: 市发展和改革局
  category: general_dept
"""


def _after(text: str, line: str, *added: str) -> str:
    assert text.count(line + "\n") == 1, line
    return text.replace(line + "\n", line + "\n" + "".join(a + "\n" for a in added))


@pytest.mark.parametrize("roster, args, expected", [
    (HAND_ROSTER, ("units", "retire", "T01", "--date", "2026-11-30"),
     _after(HAND_ROSTER, "  category: township   # 乡镇", "  active_to: '2026-11-30'")),
    (HAND_ROSTER, ("units", "retire", "G01", "--date", "2026-11-30"),
     _after(HAND_ROSTER, "    phone: '13800000000'", "  active_to: '2026-11-30'")),
    (HAND_ROSTER, ("units", "edit", "T01", "--short", "城关"), HAND_ROSTER.replace("  short: 城关镇\n", "  short: 城关\n")),
    (HAND_ROSTER, ("units", "edit", "D01", "--officer", "李四", "--phone", "13900000000"),
     _after(HAND_ROSTER, "  category: other_dept", "  officers:", "  - name: 李四", "    phone: '13900000000'")),
    (OTHER_ROSTER, ("units", "edit", "T01", "--short", "城关"),  # T01's officers are indented its own way
     _after(OTHER_ROSTER, "      phone: '13967446522'", "    short: 城关").replace(
         "    - name: 刘勇\n      phone", "      - name: 刘勇\n        phone")),
    (OTHER_ROSTER, ("units", "edit", "G01", "--short", "发改"),
     _after(OTHER_ROSTER, "      - 发展改革局", "    short: 发改")),
    (OTHER_ROSTER, ("units", "retire", "D01", "--date", "2026-11-30"),
     _after(OTHER_ROSTER, '    officers: [{name: 张三, phone: "13900000000"}]   # 新任', "    active_to: '2026-11-30'")),
    (OTHER_ROSTER, ("units", "edit", "G01", "--officer", "王五", "--phone", "13800000009"),
     _after(OTHER_ROSTER, "      - 发展改革局", "    officers:", "      - name: 王五", "        phone: '13800000009'")),
    (OTHER_ROSTER, ("units", "add", "--code", "D09", "--name", "市审计局", "--category", "other_dept"),
     _after(OTHER_ROSTER, '    officers: [{name: 张三, phone: "13900000000"}]   # 新任',
            "  - code: D09", "    name: 市审计局", "    category: other_dept")),
    (NAMES_ROSTER, ("units", "edit", "T01", "--phone", "13900000001"),
     NAMES_ROSTER.replace("  - 张三\n", "  - name: 张三\n    phone: '13900000001'\n")),
], ids=["retire before a section comment", "retire after a nested list", "edit", "first officer",
        "edit a unit with its own list indentation", "after a list of plain values", "after a flow list",
        "a new list above a section comment", "add after the last unit, before the file's last comment",
        "an officer named alone gets a phone"])
def test_a_units_edit_changes_only_its_own_lines(cli, ws_root, roster, args, expected):
    """A hand-written roster (its own indentation, quotes, flow lists and section comments) comes
    back from an edit with every other line as it was, and comments where they were written."""
    path = ws_root / "rules" / "roster.yaml"
    path.write_text(roster, encoding="utf-8")
    result = cli(*args)
    assert result.code == 0, result.text
    assert path.read_text(encoding="utf-8") == expected
    assert cli("units").code == 0


def test_units_add_rejects_bad_input(cli, ws_root):
    before = (ws_root / "rules" / "roster.yaml").read_bytes()
    dup = cli("units", "add", "--code", "T01", "--name", "重复", "--category", "township")
    assert dup.code == 1 and "[DUP-UNIT]" in dup.err
    bad = cli("units", "add", "--code", "X9", "--name", "某局", "--category", "townshp")
    assert bad.code == 1 and "是不是“township（" in bad.err
    path = cli("units", "add", "--code", "../x", "--name", "某局", "--category", "township")
    assert path.code == 1 and "[BAD-CODE]" in path.err
    assert (ws_root / "rules" / "roster.yaml").read_bytes() == before


def test_usage_errors_are_chinese(cli):
    result = cli("instruct", "202610-AAA-0001", "--level", "city")
    assert result.code != 0
    assert "缺少选项" in result.err and "--leader" in result.err
    assert "Missing" not in result.err
    result = cli("adopt", "202610-AAA-0001", "--issue", "第1期")  # --pub is optional only with --from
    assert result.code == 1 and "[USAGE]" in result.err and "--pub" in result.err


def test_an_empty_roster_is_a_warning_in_validate_and_before_a_notice(tmp_path):
    from conftest import run_cli
    root = tmp_path / "ws"
    assert run_cli(["init", root]).code == 0
    checked = run_cli(["validate", "--root", root])
    assert checked.code == 0 and "rules/roster.yaml: 警告 [EMPTY-ROSTER] 花名册里还没有报送单位" in checked.out
    issued = run_cli(["notice", "--month", "2026-10", "--number", "1", "--date", "2026-11-05", "--root", root])
    assert issued.code == 0 and "[EMPTY-ROSTER]" in issued.err
    assert run_cli(["units", "add", "--code", "T01", "--name", "城关镇人民政府", "--category", "township",
                    "--root", root]).code == 0
    assert "EMPTY-ROSTER" not in run_cli(["validate", "--root", root]).out


def test_a_workspace_made_inside_another_is_said(tmp_path):
    from conftest import run_cli
    outer = tmp_path / "ws"
    assert run_cli(["init", outer]).code == 0
    inner = run_cli(["init", outer / "demo"])
    assert inner.code == 0 and "[NESTED-WORKSPACE]" in inner.err and str(outer.resolve()) in inner.err
    assert "NESTED-WORKSPACE" not in run_cli(["init", tmp_path / "apart"]).err
    generated = run_cli(["demo", outer / "big", "--items", "20"])  # the large demo is a workspace too
    assert generated.code == 0 and "[NESTED-WORKSPACE]" in generated.err, generated.text


def test_a_unit_added_to_a_running_office_counts_from_the_day_it_was_added(cli, submit, ws_root):
    submit(date="2026-10-12")  # the office already has an archive
    added = cli("units", "add", "--code", "Z1", "--name", "新设局", "--category", "other_dept")
    assert added.code == 0 and "从 2026-11-21 起参加计分" in added.out, added.text
    assert "active_from: '2026-11-21'" in (ws_root / "rules" / "roster.yaml").read_text(encoding="utf-8")
    codes = [u["code"] for u in json.loads(cli("score", "--month", "2026-10", "--format", "json").out)["units"]]
    assert "Z1" not in codes and "T01" in codes   # it was not there to miss October's quota
    earlier = cli("units", "add", "--code", "Z2", "--name", "新设办", "--category", "other_dept", "--from", "2026-01-01")
    assert earlier.code == 0 and "从 2026-01-01 起" in earlier.out
    phone = cli("units", "add", "--code", "Z3", "--name", "另一局", "--category", "other_dept", "--phone", "13800000000")
    assert phone.code == 1 and "要和信息员一起给出" in phone.err


def test_a_unit_set_up_part_way_owes_and_earns_only_from_its_first_day_in_every_period(cli, submit, ws_root):
    """A unit set up on 1 November was charged October's quota in the quarter and the year, and
    its item of 20 October, left out of October, counted there; a retired unit's later item too."""
    submit(date="2026-10-12")
    assert cli("units", "add", "--code", "Z1", "--name", "新设局", "--category", "other_dept", "--from", "2026-11-01").code == 0
    early = submit(unit="Z1", title="新设局筹建情况", date="2026-10-20")
    submit(unit="Z1", title="新设局开展业务", date="2026-11-05")
    assert cli("units", "retire", "T02", "--date", "2026-10-31").code == 0
    submit(unit="T02", title="东河镇撤并后的工作", date="2026-11-10")

    def row(period, code):
        data = json.loads(cli("score", *period, "--format", "json").out)["units"]
        return next(u for u in data if u["code"] == code)
    for period in (("--quarter", "2026Q4"), ("--year", "2026")):
        z1 = row(period, "Z1")
        assert (z1["quota"], z1["submitted"]) == (4, 1), period   # November alone: 4 a month, its one item of November
        assert row(period, "T02")["submitted"] == 0, period        # its item after retiring does not count
        assert row(period, "T02")["quota"] == (8 if period[0] == "--quarter" else 80), period  # up to October
    assert early not in cli("explain", "--unit", "Z1", "--quarter", "2026Q4").out


def test_an_item_from_before_its_unit_took_part_is_said_at_once_and_from_moves_the_start(cli, ws_root):
    submit_args = ["submit", "--unit", "Z1", "--title", "新设局筹建情况", "--drafter", "张三", "--reviewer", "李四",
                   "--category", "工作动态", "--body", BODY, "--date", "2026-10-20"]
    assert cli("units", "add", "--code", "Z1", "--name", "新设局", "--category", "other_dept", "--from", "2026-11-01").code == 0
    result = cli(*submit_args)
    assert result.code == 0 and "[UNIT-INACTIVE]" in result.err and "2026-11-01 起才参加计分" in result.err
    assert "govinfo units edit Z1 --from" in result.err
    moved = cli("units", "edit", "Z1", "--from", "2026-10-01")
    assert moved.code == 0 and "参加计分起始：2026-11-01 → 2026-10-01" in moved.out
    assert "active_from: '2026-10-01'" in (ws_root / "rules" / "roster.yaml").read_text(encoding="utf-8")
    row = next(u for u in json.loads(cli("score", "--month", "2026-10", "--format", "json").out)["units"] if u["code"] == "Z1")
    assert row["submitted"] == 1
    assert cli("units", "retire", "Z1", "--date", "2026-10-31").code == 0
    late = cli("units", "edit", "Z1", "--from", "2026-11-05")
    assert late.code == 1 and "晚于它报送到的最后一天 2026-10-31" in late.err


def test_a_new_office_sets_up_its_roster_without_start_days(tmp_path):
    from conftest import run_cli
    root = tmp_path / "new"
    assert run_cli(["init", root]).code == 0
    added = run_cli(["units", "add", "--code", "T01", "--name", "城关镇人民政府", "--category", "township", "--root", root])
    assert added.code == 0 and "起参加计分" not in added.out
    assert not re.search(r"(?m)^\s+active_from:", (root / "rules" / "roster.yaml").read_text(encoding="utf-8"))


def test_an_empty_folder_name_is_refused_not_taken_as_here(tmp_path, monkeypatch):
    from conftest import run_cli
    monkeypatch.chdir(tmp_path)
    made = run_cli(["init", ""])
    assert made.code == 1 and "文件夹或文件名是空的" in made.err and not list(tmp_path.iterdir())
    assert run_cli(["init", "ws"]).code == 0
    listed = run_cli(["list", "--root", ""])
    assert listed.code == 1 and "govinfo list --root: 错误 [USAGE]" in listed.err


def test_changing_the_officer_asks_for_the_new_officers_phone(cli, ws_root):
    roster = ws_root / "rules" / "roster.yaml"
    before = roster.read_bytes()
    added = cli("units", "add", "--code", "Z9", "--name", "新设局", "--category", "other_dept", "--from", "2026-01-01",
                "--officer", "张三", "--phone", "13800000009")
    assert added.code == 0, added.text
    kept = roster.read_bytes()
    swapped = cli("units", "edit", "Z9", "--officer", "孙七")
    assert swapped.code == 1 and "电话还是原来那位的（13800000009）" in swapped.err and roster.read_bytes() == kept
    both = cli("units", "edit", "Z9", "--officer", "孙七", "--phone", "13900000000")
    assert both.code == 0, both.text
    text = roster.read_text(encoding="utf-8")
    assert "孙七" in text and "13900000000" in text and "13800000009" not in text
    assert before != kept


def test_init_refused_half_way_leaves_no_folder_behind(tmp_path, monkeypatch):
    from conftest import run_cli
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b").write_text("", encoding="utf-8")
    refused = run_cli(["init", "x/../b"])
    assert refused.code == 1 and "x/../b: 错误 [" in refused.err and "Traceback" not in refused.text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


@pytest.mark.parametrize("args, option", [
    (("units", "add", "--code", "X91", "--name", "长" * 400, "--category", "township"), "--name"),
    (("units", "add", "--code", "X92", "--name", "甲镇", "--short", "短" * 30, "--category", "township"), "--short"),
    (("units", "add", "--code", "X93", "--name", "甲镇", "--category", "township", "--officer", "员" * 60), "--officer"),
    (("units", "edit", "T01", "--officer", "员" * 60, "--phone", "13900000000"), "--officer"),
    (("units", "edit", "T01", "--name", "甲\x07镇"), "--name"),
])
def test_a_roster_field_typed_too_long_or_with_a_control_character_is_refused_by_its_option(cli, ws_root, args, option):
    """Three 40,000-character names made a roster over its own 1 MB limit: every command stopped,
    the edit to repair it included."""
    path = ws_root / "rules" / "roster.yaml"
    before = path.read_bytes()
    result = cli(*args)
    assert result.code == 1 and f"govinfo {args[0]} {args[1]} {option}: 错误" in result.err
    assert path.read_bytes() == before


def test_a_unit_is_not_its_own_parent(cli, ws_root):
    before = (ws_root / "rules" / "roster.yaml").read_bytes()
    result = cli("units", "edit", "T02", "--parent", "T02")
    assert result.code == 1 and "单位不能是自己的上级单位" in result.err and "没有“T02”" not in result.err
    assert (ws_root / "rules" / "roster.yaml").read_bytes() == before


def test_a_folder_tab_completed_in_windows_powershell_keeps_its_name():
    """PowerShell 5.1 turns '.\\我的 工作区\\' into an argument ending in a quote; only path options lose it."""
    from govinfo.cli.app import _without_stray_quotes
    assert _without_stray_quotes(["score", "--root", '.\\我的 工作区"', "--title", '他说"好"'], windows=True) == \
        ["score", "--root", ".\\我的 工作区", "--title", '他说"好"']
    assert _without_stray_quotes(["init", 'D:\\政务"'], windows=True) == ["init", "D:\\政务"]
    assert _without_stray_quotes(["score", "--root", 'x"'], windows=False) == ["score", "--root", 'x"']
    assert _without_stray_quotes(["import", '.\\收到 的"', "--unit", "T01"], windows=True)[1] == ".\\收到 的"
    assert _without_stray_quotes(["--no-cache", "score", '--root=D:\\政务"'], windows=True)[2] == "--root=D:\\政务"


def test_a_quarterly_quota_is_owed_in_proportion_by_a_unit_listed_for_part_of_the_quarter(cli, ws_root):
    """With quarterly_quota 12, a unit listed from 10 August owed 16 (8 a month) against 12."""
    points = ws_root / "rules" / "points.yaml"
    text = points.read_text(encoding="utf-8")
    points.write_text(text.replace("    monthly_quota: 8\n", "    monthly_quota: 8\n    quarterly_quota: 12\n", 1), encoding="utf-8")
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace("    name: 东河镇人民政府\n",
                                                                 "    name: 东河镇人民政府\n    active_from: 2026-08-10\n"),
                      encoding="utf-8")
    rows = {u["code"]: u for u in json.loads(cli("score", "--quarter", "2026Q3", "--format", "json").out)["units"]}
    assert rows["T01"]["quota"] == 12 and rows["T02"]["quota"] == 8   # two of its three months: 12 x 2/3


def test_a_roster_with_an_error_can_still_be_edited_and_the_edit_can_mend_it(cli, ws_root):
    """An error already in the roster refused every units edit, the one that would fix it too."""
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace(
        "    category: township\n  - code: G01", "    category: 乡镇\n  - code: G01"), encoding="utf-8")
    assert "rules/roster.yaml:" in cli("validate").out
    other = cli("units", "edit", "G01", "--short", "发改局")
    assert other.code == 0, other.text
    mended = cli("units", "edit", "T02", "--category", "township")
    assert mended.code == 0 and "rules/roster.yaml:" not in cli("validate").out, mended.text
    worse = cli("units", "edit", "D01", "--parent", "T02")
    assert worse.code == 0
    bad = cli("units", "edit", "T01", "--phone", "12")
    assert bad.code == 1 and "[BAD-PHONE]" in bad.err   # a new error of the edit's own is still refused


def test_a_call_due_before_a_unit_took_part_costs_it_nothing(cli, ws_root):
    cli("solicit", "new", "--topic", "冬季供暖", "--units", "T01,T02", "--deadline", "2026-10-18", "--date", "2026-10-01")
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace(
        "    name: 东河镇人民政府\n", "    name: 东河镇人民政府\n    active_from: 2026-10-25\n"), encoding="utf-8")
    rows = {u["code"]: u for u in json.loads(cli("score", "--month", "2026-10", "--format", "json").out)["units"]}
    assert rows["T01"]["points"]["penalty"] < 0 and rows["T02"]["points"]["penalty"] == 0
