"""`govinfo validate`: one broken file per check; every problem reported at its real line."""
from __future__ import annotations

import json
import re

import pytest

from conftest import BODY

GOOD = """---
id: {id}
title: 城关镇推进秋粮收购
unit: T01
drafter: 张三
reviewer: 李四
submitted: 2026-10-12 09:30
category: 工作动态
---
{body}
"""


def put_item(root, item_id="202610-AAA-0001", text=None, raw: bytes | None = None, folder=None):
    path = root / "data" / "items" / (folder or f"{item_id[:4]}/{item_id[4:6]}") / f"{item_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    if raw is None:
        raw = (text if text is not None else GOOD.format(id=item_id, body=BODY)).encode("utf-8")
    path.write_bytes(raw)
    return path


def put_record(root, name, text, month="2026/10"):
    path = root / "data" / "records" / month / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def variant(item_id="202610-AAA-0001", body=BODY, **changes):
    lines = GOOD.format(id=item_id, body=body).split("\n")
    for key, value in changes.items():
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
        if value is None:
            lines = [line for line in lines if not line.startswith(f"{key}:")]
        elif not any(line.startswith(f"{key}:") for line in lines):
            lines.insert(1, f"{key}: {value}")
    return "\n".join(lines)


def check(cli, expect_code=1):
    result = cli("validate")
    assert result.code == expect_code, result.text
    assert "Traceback" not in result.text
    return result.out


def name_the_office(root):
    office = root / "rules" / "office.yaml"
    office.write_text(office.read_text(encoding="utf-8").replace("某某市", "清河市").replace("某政办通", "清政办通"),
                      encoding="utf-8")


def test_clean_workspace_passes(cli, ws_root):
    put_item(ws_root)
    name_the_office(ws_root)
    out = check(cli, 0)
    assert "共检查 1 条信息、0 条记录：0 个错误，0 个警告，全部通过" in out


def test_the_example_office_names_are_warned_of_before_a_notice_goes_out(cli, ws_root, submit):
    submit()
    out = check(cli, 0)
    assert "rules/office.yaml: 警告 [PLACEHOLDER] 通报上的名称还是示例：本办名称“某某市人民政府办公室”" in out
    assert "发文字号前缀“某政办通”" in out and "0 个错误，1 个警告" in out
    notice = cli("notice", "--month", "2026-10", "--number", "1", "--date", "2026-11-05")
    assert notice.code == 0 and "[PLACEHOLDER]" in notice.err
    name_the_office(ws_root)
    again = cli("notice", "--month", "2026-10", "--number", "1", "--date", "2026-11-05", "--force")
    assert again.code == 0 and "PLACEHOLDER" not in again.err


def test_the_names_printed_in_the_colophon_and_a_briefing_masthead_are_warned_of_too(cli, ws_root, submit):
    """With the five names the warning listed replaced, 某某市人民政府办公室 still printed in the
    notice's 版记 (printed_by) and the 快报's 编印单位."""
    submit()
    office = ws_root / "rules" / "office.yaml"
    text = office.read_text(encoding="utf-8")
    for key in ("office_name", "issuer_mark", "signature"):
        text = text.replace(f"{key}: 某某市人民政府办公室", f"{key}: 清河市人民政府办公室")
    office.write_text(text.replace("city_name: 某某市", "city_name: 清河市").replace("某政办通", "清政办通"), encoding="utf-8")
    out = check(cli, 0)
    assert "版记的印发机关“某某市人民政府办公室”" in out and "简报 city_express 的编印单位" in out
    assert "printed_by、briefings.city_express.editor" in out


def test_yaml_syntax_error_at_its_real_line(cli, ws_root):
    put_item(ws_root, text=variant(category="[工作动态"))
    out = check(cli)
    assert "data/items/2026/10/202610-AAA-0001.md:8: 错误 [YAML] YAML 格式错误：方括号 [ 没有配对的 ]" in out


def test_a_key_with_a_full_width_space_before_it_is_named_in_rules_and_roster(cli, ws_root):
    """Under a half-width indent YAML reads `　monthly_quota` as another key: said at its line, not as an unknown key."""
    points = ws_root / "rules" / "points.yaml"
    points.write_text(points.read_text(encoding="utf-8").replace("    monthly_quota: 8\n", "    \u3000monthly_quota: 8\n", 1),
                      encoding="utf-8")
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace("    short: 城关镇\n", "    \u3000short: 城关镇\n", 1),
                      encoding="utf-8")
    r = cli("validate")
    assert r.code == 1
    at = next(n for n, line in enumerate(points.read_text(encoding="utf-8").splitlines(), 1) if "\u3000monthly_quota" in line)
    assert f"rules/points.yaml:{at}: 错误 [YAML] YAML 格式错误：行首用了全角空格" in r.out
    at = next(n for n, line in enumerate(roster.read_text(encoding="utf-8").splitlines(), 1) if "\u3000short" in line)
    assert f"rules/roster.yaml:{at}: 错误 [YAML] YAML 格式错误：行首用了全角空格" in r.out and "换成半角空格" in r.out


def test_a_roster_code_with_a_space_after_it_and_a_unit_without_category_are_said_plainly(cli, ws_root):
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text("units:\n  - code: T01\u3000\n    name: 城关镇人民政府\n    category: township\n"
                      "  - code: T02\n    name: 东河镇人民政府\n", encoding="utf-8")
    r = cli("validate")
    assert "rules/roster.yaml:2: 错误 [BAD-CODE] 单位代码“T01”前后多了全角空格" in r.out and "\\u3000" not in r.out
    assert "rules/roster.yaml:5: 错误 [FIELD-MISSING] 单位 T02 缺少类别 category" in r.out and "类别“”" not in r.out


def test_a_misspelt_officer_key_is_warned_of_not_dropped_silently(cli, ws_root):
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text("units:\n  - code: T01\n    name: 城关镇人民政府\n    category: township\n"
                      "    officers:\n      - name: 张三\n        phnoe: '13800000000'\n", encoding="utf-8")
    r = cli("validate")
    assert "警告 [UNKNOWN-KEY] 单位 T01 的信息员有未知字段“phnoe”，将被忽略" in r.out and "phone" in r.out


@pytest.mark.parametrize("value", ["{name: 张三, phone: '13900000000'}", "张三", "5"])
def test_officers_that_are_not_a_list_are_an_error_not_a_crash(cli, ws_root, value):
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(f"units:\n  - code: T01\n    name: 城关镇人民政府\n    category: township\n    officers: {value}\n",
                      encoding="utf-8")
    said = "rules/roster.yaml:5: 错误 [ROSTER-TYPE] 单位 T01 的 officers 应是信息员的列表"
    r = cli("validate")
    assert r.code == 1 and said in r.out and "INTERNAL" not in r.text
    edit = cli("units", "edit", "T01", "--phone", "13900000001")
    assert edit.code == 1 and "[ROSTER-TYPE]" in edit.err and "INTERNAL" not in edit.text


def test_front_matter_missing_unclosed_not_mapping(cli, ws_root):
    put_item(ws_root, "202610-AAA-0001", text="只有正文，没有前置信息\n")
    put_item(ws_root, "202610-AAA-0002", text="---\nid: 202610-AAA-0002\ntitle: x\n正文\n")
    put_item(ws_root, "202610-AAA-0003", text="---\n- a\n- b\n---\n正文\n")
    out = check(cli)
    assert "202610-AAA-0001.md:1: 错误 [FM-MISSING]" in out
    assert "202610-AAA-0002.md:1: 错误 [FM-UNCLOSED]" in out
    assert "202610-AAA-0003.md:2: 错误 [FM-NOT-MAPPING]" in out


def test_missing_and_empty_fields(cli, ws_root):
    put_item(ws_root, text=variant(drafter=None, title='""'))
    out = check(cli)
    assert "[FIELD-MISSING] 缺少必填字段 drafter（拟稿人）" in out
    assert "202610-AAA-0001.md:3: 错误 [FIELD-EMPTY] 必填字段 title（标题）为空" in out


def test_missing_reviewer(cli, ws_root):
    put_item(ws_root, text=variant(reviewer=None))
    out = check(cli)
    assert "[NO-REVIEWER]" in out and "未经单位负责人审核的信息一律不得报送" in out


def test_colon_in_value_explained(cli, ws_root):
    put_item(ws_root, text=variant(title="会议要求: 抓落实"))
    out = check(cli)
    assert "202610-AAA-0001.md:3: 错误 [YAML]" in out and "请用引号把整个值括起来" in out


@pytest.mark.parametrize("title, said", [("@城关镇推进秋粮收购", "值以 @、` 或 % 这样的符号开头"),
                                         ("- 城关镇推进秋粮收购", "值以“- ”开头，会被当成列表")])
def test_a_value_starting_with_a_yaml_sign_is_explained_in_chinese(cli, ws_root, title, said):
    put_item(ws_root, text=variant(title=title))
    out = check(cli)
    assert "202610-AAA-0001.md:3: 错误 [YAML]" in out and said in out and "found" not in out and "block" not in out


def test_a_title_cut_at_a_hash_is_said_and_stray_files_get_the_fix_that_fits(cli, ws_root):
    put_item(ws_root, text=variant(title="城关镇推进秋粮收购 #1"))
    put_item(ws_root, "202610-AAA-0002", folder="2026/10").rename(
        ws_root / "data" / "items" / "2026" / "10" / "202610-AAA-0002.MD")
    (ws_root / "data" / "items" / "2026" / "10" / "~$0001.md").write_bytes(b"\x00lock")   # Word's lock file
    put_record(ws_root, "adopt-202610-AAA-0001", "")
    out = check(cli)
    assert "202610-AAA-0001.md:3: 警告 [COMMENT-CUT] “#1”被当作注释，没有读进来" in out
    assert "202610-AAA-0002.MD: 错误 [STRAY]" in out and "改名为 202610-AAA-0002.md" in out
    assert "~$0001" not in out
    assert "adopt-202610-AAA-0001.yaml:1: 错误 [EMPTY-FILE] 记录文件是空的" in out


def test_wrong_type(cli, ws_root):
    put_item(ws_root, text=variant(title="[一, 二]"))
    assert "202610-AAA-0001.md:3: 错误 [FIELD-TYPE]" in check(cli)


def test_unknown_unit_and_category_with_suggestion(cli, ws_root):
    put_item(ws_root, text=variant(unit="T1", category="工作动太"))
    out = check(cli)
    assert "202610-AAA-0001.md:4: 错误 [UNKNOWN-UNIT] 报送单位“T1”不在花名册中" in out
    assert "是不是“T01”" in out
    assert "202610-AAA-0001.md:8: 错误 [UNKNOWN-CATEGORY]" in out and "是不是“工作动态”" in out


def test_unit_name_where_its_code_belongs_gets_the_code(cli, ws_root):
    """A hand edit writes what the clerk knows, the unit's name: the hint gives its code."""
    put_item(ws_root, text=variant(unit="东河镇人民政府"))
    out = check(cli)
    assert "202610-AAA-0001.md:4: 错误 [UNKNOWN-UNIT] 报送单位“东河镇人民政府”不在花名册中" in out
    assert "这里要写单位代码：“东河镇人民政府”是 T02" in out and "改写成 T02" in out


def test_joint_units_written_with_a_chinese_comma_are_told_how_to_list_them(cli, ws_root):
    put_item(ws_root, text=variant(joint_units="T02、G01"))
    out = check(cli)
    assert "[UNKNOWN-UNIT] 报送单位“T02、G01”不在花名册中" in out and "joint_units: [T02, T03]" in out


def test_unknown_publication_level_penalty_in_records(cli, ws_root):
    put_item(ws_root)
    put_record(ws_root, "adopt-202610-AAA-0001", "id: adopt-202610-AAA-0001\nkind: adopt\nitem: 202610-AAA-0001\n"
               "pub: city_expres\nissue: 第1期\ndate: 2026-10-15\n")
    put_record(ws_root, "instruct-202610-AAA-0001", "id: instruct-202610-AAA-0001\nkind: instruct\n"
               "item: 202610-AAA-0001\nlevel: provnce\nleader: 某\ndate: 2026-10-15\n")
    put_record(ws_root, "penalty-202610-AAA-0001", "id: penalty-202610-AAA-0001\nkind: penalty\nunit: T01\n"
               "penalty: emergency\ndate: 2026-10-15\n")
    out = check(cli)
    assert "adopt-202610-AAA-0001.yaml:4: 错误 [UNKNOWN-PUB]" in out and "是不是“city_express”" in out
    assert "instruct-202610-AAA-0001.yaml:4: 错误 [UNKNOWN-LEVEL]" in out and "是不是“province”" in out
    assert "penalty-202610-AAA-0001.yaml:4: 错误 [UNKNOWN-PENALTY]" in out and "emergency_late" in out
    # a record names the key the rules had when it was written: the likelier fix is in the rules
    assert "如果改过那里的键名，请把它改回“city_expres”" in out and "govinfo withdraw adopt-202610-AAA-0001" in out
    # following that advice clears the error: a withdrawn record counts nowhere, so its meaning is not checked
    assert cli("withdraw", "adopt-202610-AAA-0001", "--reason", "刊物键名写错").code == 0
    out = check(cli)
    assert "UNKNOWN-PUB" not in out and "UNKNOWN-LEVEL" in out


def test_withdrawing_a_record_whose_item_was_deleted_clears_validate(cli, submit, ws_root):
    item = submit(date="2026-10-12")
    adoption = cli("adopt", item, "--pub", "city_express", "--issue", "第3期", "--date", "2026-10-20").out.split()[0]
    next((ws_root / "data" / "items").rglob(f"{item}.md")).unlink()
    assert "[UNKNOWN-ITEM]" in check(cli)
    assert cli("withdraw", adoption, "--reason", "信息已删").code == 0
    done = cli("validate")
    assert done.code == 0 and "UNKNOWN-ITEM" not in done.out + done.err


def test_duplicate_ids(cli, ws_root):
    put_item(ws_root)
    put_item(ws_root, folder="2026/11")  # same id, copied into another folder
    out = check(cli)
    assert "[DUP-ID] 编号“202610-AAA-0001”重复" in out


def test_file_name_not_matching_id(cli, ws_root):
    put_item(ws_root, "202610-AAA-0002", text=variant("202610-AAA-0001"))
    out = check(cli)
    assert "202610-AAA-0002.md:2: 错误 [ID-FILENAME]" in out


def test_date_that_is_not_a_date(cli, ws_root):
    put_item(ws_root, text=variant(submitted="2026-02-30"))
    out = check(cli)
    assert "202610-AAA-0001.md:7: 错误 [BAD-DATE] 报送时间“2026-02-30”不是有效的日期或时间" in out


def test_submitted_in_the_future(cli, ws_root):
    put_item(ws_root, "202612-AAA-0001", text=variant("202612-AAA-0001", submitted="2026-12-05"))
    assert "202612-AAA-0001.md:7: 错误 [FUTURE-DATE]" in check(cli)


def test_adoption_before_its_item(cli, ws_root):
    put_item(ws_root)
    put_record(ws_root, "adopt-202610-AAA-0001", "id: adopt-202610-AAA-0001\nkind: adopt\nitem: 202610-AAA-0001\n"
               "pub: city_express\nissue: 第1期\ndate: 2026-10-02\n")
    assert "adopt-202610-AAA-0001.yaml:6: 错误 [RECORD-BEFORE-ITEM]" in check(cli)


def test_record_about_missing_item(cli, ws_root):
    put_record(ws_root, "instruct-202610-AAA-0001", "id: instruct-202610-AAA-0001\nkind: instruct\n"
               "item: 202610-AAA-0404\nlevel: city\nleader: 某\ndate: 2026-10-15\n")
    put_record(ws_root, "withdraw-202610-AAA-0001", "id: withdraw-202610-AAA-0001\nkind: withdraw\n"
               "target: adopt-202610-AAA-0404\ndate: 2026-10-15\n")
    out = check(cli)
    assert "instruct-202610-AAA-0001.yaml:3: 错误 [UNKNOWN-ITEM]" in out
    assert "withdraw-202610-AAA-0001.yaml:3: 错误 [UNKNOWN-RECORD]" in out


def test_classified_item_never_printed(cli, ws_root):
    put_item(ws_root, text=variant(secrecy="机密", title="某绝密工程进展", body="绝不能出现在屏幕上的正文内容很长很长"))
    out = check(cli)
    assert "202610-AAA-0001.md:2: 错误 [CLASSIFIED]" in out
    assert "某绝密工程进展" not in out and "绝不能出现" not in out
    as_json = cli("validate", "--json").out
    assert "某绝密工程进展" not in as_json and "绝不能出现" not in as_json


@pytest.mark.parametrize("encoding, expected", [("gbk", "GBK/GB18030"), ("utf-16", "UTF-16")])
def test_file_not_utf8(cli, ws_root, encoding, expected):
    put_item(ws_root, raw=GOOD.format(id="202610-AAA-0001", body=BODY).encode(encoding))
    out = check(cli)
    assert "202610-AAA-0001.md:" in out and "[ENCODING]" in out and expected in out
    assert "另存为" in out


def test_empty_and_short_body(cli, ws_root):
    put_item(ws_root, "202610-AAA-0001", text=variant("202610-AAA-0001", body="\n"))
    put_item(ws_root, "202610-AAA-0002", text=variant("202610-AAA-0002", body="今日开会。"))
    out = check(cli)
    assert "202610-AAA-0001.md:10: 错误 [EMPTY-BODY]" in out
    assert "202610-AAA-0002.md:10: 警告 [SHORT-BODY] 正文只有 5 字，少于 60 字" in out


def test_near_duplicate_names_both_ids(cli, ws_root):
    put_item(ws_root, "202609-AAA-0001", text=variant("202609-AAA-0001", submitted="2026-09-01"))
    put_item(ws_root, "202610-AAA-0001", text=variant("202610-AAA-0001", body=BODY.replace("3200吨", "3300吨")))
    out = check(cli, 0)
    assert "202610-AAA-0001.md:10: 警告 [NEAR-DUP] 信息 202610-AAA-0001 与之前的信息 202609-AAA-0001 正文几乎相同" in out
    assert re.search(r"（相似度 \d{2,3}\.\d%）", out), out  # a percentage as everywhere: to one place


def test_different_items_are_not_near_duplicates(cli, ws_root):
    put_item(ws_root, "202610-AAA-0001")
    other = "东河镇围绕农村人居环境整治，组织开展村庄清洁行动，清理垃圾堆放点45处，拆除残垣断壁23处，新建公厕8座，群众满意度明显提升。"
    put_item(ws_root, "202610-AAA-0002", text=variant("202610-AAA-0002", body=other))
    assert "NEAR-DUP" not in check(cli, 0)


def test_half_width_punctuation(cli, ws_root):
    put_item(ws_root, text=variant(body=BODY + "\n其中,东河村收购最多(约800吨)。"))
    out = check(cli, 0)
    assert "202610-AAA-0001.md:11: 警告 [PUNCT] 中文中使用了半角标点" in out and ", 改为 ，" in out


def test_unknown_keys(cli, ws_root):
    put_item(ws_root, text=variant(titel="多写的字段"))
    out = check(cli, 0)
    assert "202610-AAA-0001.md:2: 警告 [UNKNOWN-KEY] 未知字段“titel”" in out and "是不是“title”" in out


def test_rules_error_points_at_rule_line(cli, ws_root):
    rules = ws_root / "rules" / "points.yaml"
    text = rules.read_text(encoding="utf-8").replace("    level: province\n", "    level: provinc\n")
    rules.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    level: provinc") + 1
    out = check(cli)
    assert f"rules/points.yaml:{line}: 错误 [UNKNOWN-LEVEL]" in out


def test_rules_yaml_syntax_error(cli, ws_root):
    rules = ws_root / "rules" / "points.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("submission_points: 0.2", "submission_points: [0.2"),
                     encoding="utf-8")
    line = rules.read_text(encoding="utf-8").splitlines().index("submission_points: [0.2") + 1
    assert f"rules/points.yaml:{line}: 错误 [YAML]" in check(cli)


def test_roster_errors(cli, ws_root):
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8") + "  - code: T01\n    name: 重复\n    category: villag\n",
                      encoding="utf-8")
    out = check(cli)
    assert "rules/roster.yaml:" in out and "[DUP-UNIT]" in out


def test_every_file_reported_and_valid_ones_still_read(cli, ws_root):
    good = put_item(ws_root, "202610-AAA-0001")
    put_item(ws_root, "202610-AAA-0002", raw=b"---\nid: [\n---\n")
    put_item(ws_root, "202610-AAA-0003", raw=b"\x00\x01binary")
    before = {p: p.read_bytes() for p in (ws_root / "data").rglob("*.md")}
    out = check(cli)
    assert "202610-AAA-0002.md" in out and "202610-AAA-0003.md" in out
    assert "共检查 1 条信息" in out  # the good one was still read
    assert {p: p.read_bytes() for p in (ws_root / "data").rglob("*.md")} == before
    listing = json.loads(cli("list", "--month", "2026-10", "--json").out)
    assert [row["id"] for row in listing] == ["202610-AAA-0001"] and good.exists()


def test_json_output_for_scripts(cli, ws_root):
    put_item(ws_root, text=variant(unit="T9"))
    result = cli("validate", "--json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data[0]["code"] == "UNKNOWN-UNIT" and data[0]["line"] == 4 and data[0]["severity"] == "error"
    assert data[0]["path"] == "data/items/2026/10/202610-AAA-0001.md"


def test_warnings_only_exit_zero(cli, ws_root):
    put_item(ws_root, text=variant(body="今日开会。"))
    assert "警告" in check(cli, 0)


def test_an_unreadable_roster_is_said_alone_not_under_an_error_per_item(cli, ws_root):
    """One indent slip in the roster: its one error, at its line, and no UNKNOWN-UNIT for every
    item (which would bury it); `units` is refused rather than listing nobody."""
    put_item(ws_root)
    roster = ws_root / "rules" / "roster.yaml"
    lines = roster.read_text(encoding="utf-8").split("\n")
    slip = next(i for i, line in enumerate(lines) if line.strip().startswith("name:"))
    lines[slip] = " " + lines[slip]
    roster.write_text("\n".join(lines), encoding="utf-8")
    result = cli("validate")
    assert result.code == 1
    assert result.out.startswith(f"rules/roster.yaml:{slip + 1}: 错误 [YAML]") and "多缩进了 1 个空格" in result.out
    assert "UNKNOWN-UNIT" not in result.out and "信息和记录没有检查" in result.out
    listing = cli("units")
    assert listing.code == 1 and f"rules/roster.yaml:{slip + 1}: 错误 [YAML]" in listing.err and "共 0 个" not in listing.out


def test_a_stray_minus_or_a_repeated_category_in_the_rules_is_an_error_at_its_line(cli, ws_root):
    points = ws_root / "rules" / "points.yaml"
    text = points.read_text(encoding="utf-8")
    lines = text.split("\n")
    quota = next(n for n, line in enumerate(lines) if line.strip().startswith("monthly_quota:"))
    city = next(n for n, line in enumerate(lines) if line.startswith("instructions:")) + 1
    assert lines[city].startswith("  city: ")
    lines[quota] = lines[quota].split(":")[0] + ": -8"
    lines[city] = "  city: -7"
    first = next(n for n, line in enumerate(lines) if line.startswith("item_categories:")) + 1
    lines.insert(first + 1, lines[first])  # the first category, twice (every later line moves one down)
    points.write_text("\n".join(lines), encoding="utf-8")
    out = cli("validate").out
    assert f"rules/points.yaml:{quota + 2}: 错误 [RULES-RANGE]" in out and "不能是负数，现在是 -8" in out
    assert f"rules/points.yaml:{city + 2}: 错误 [RULES-RANGE]" in out and "“instructions.city”不能是负数" in out
    assert "错误 [RULES-DUPLICATE] item_categories 里" in out


@pytest.mark.parametrize("key, value", [("  base_points:", "-1"), ("submission_points:", "-0.2")])
def test_a_negative_reward_is_an_error_too(cli, ws_root, key, value):
    points = ws_root / "rules" / "points.yaml"
    lines = points.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith(key))
    lines[at] = f"{key} {value}"
    points.write_text("\n".join(lines), encoding="utf-8")
    out = cli("validate").out
    assert f"rules/points.yaml:{at + 1}: 错误 [RULES-RANGE]" in out and f"不能是负数，现在是 {value}" in out


def test_a_negative_fee_rate_is_refused_not_a_crash(cli, ws_root):
    points = ws_root / "rules" / "points.yaml"
    text = points.read_text(encoding="utf-8")
    rate = next(line for line in text.splitlines() if line.strip().startswith("per_point:"))
    points.write_text(text.replace(rate, rate.split(":")[0] + ": -30"), encoding="utf-8")
    result = cli("fees", "--month", "2026-10")
    assert result.code == 1 and "[RULES-RANGE]" in result.err and "INTERNAL" not in result.text


def test_an_emptied_roster_stops_validate_instead_of_an_error_per_item(cli, ws_root):
    put_item(ws_root)
    (ws_root / "rules" / "roster.yaml").write_text("# 花名册\n", encoding="utf-8")
    out = cli("validate").out
    assert "EMPTY-ROSTER" in out and "UNKNOWN-UNIT" not in out and "可选：（" not in out
    assert "花名册里还没有报送单位，信息和记录没有检查" in "".join(out.split())


def test_a_field_indented_with_a_full_width_space_is_named_as_such(cli, ws_root):
    put_item(ws_root, text=GOOD.format(id="202610-AAA-0001", body=BODY).replace("\nunit: T01", "\n\u3000unit: T01"))
    out = cli("validate").out
    line = GOOD.format(id="202610-AAA-0001", body=BODY).split("\n").index("unit: T01") + 1  # said at its own line, not at 1
    assert f"202610-AAA-0001.md:{line}: 错误 [WIDE-SPACE] 字段 unit（报送单位）前后有全角空格" in out
    assert "删去“unit”前后的空格" in out
    assert "未知字段" not in out and "FIELD-MISSING" not in out  # not the misreading that follows from it


def test_a_record_about_a_damaged_item_says_mend_the_item_not_withdraw_the_record(cli, submit, ws_root):
    from conftest import item_file
    item = submit(date="2026-10-12")
    assert cli("adopt", item, "--pub", "city_express", "--issue", "第1期", "--date", "2026-10-15").code == 0
    path = item_file(ws_root, item)
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", 'title: "未闭合的引号 ', 1), encoding="utf-8")
    out = cli("validate").out
    assert f"[ITEM-NOT-READ] 记录所指的信息“{item}”的文件 data/items/2026/10/{item}.md 有错误或已撤销，没有计入" in out, out
    assert "不要因此撤销这里的登记" in out and "UNKNOWN-ITEM" not in out


def test_a_windows_copy_of_a_file_is_called_a_copy(cli, submit, ws_root):
    from conftest import item_file
    item = submit(date="2026-10-12")
    original = item_file(ws_root, item)
    copy = original.with_name(f"{item} - 副本.md")
    copy.write_bytes(original.read_bytes())
    out = cli("validate").out
    assert f"这是 {item}.md 的副本（复制文件时产生的）：确认原文件还在、内容相同后删除这个副本" in out, out
    assert "把文件改名为" not in out


def test_a_broken_template_is_found_by_validate_and_said_in_chinese(cli, submit, ws_root):
    submit(date="2026-10-12")
    templates = ws_root / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "notice_title.txt").write_bytes("关于{{ label }}政务信息报送情况的通报".encode("gbk"))
    (templates / "warning_letter.txt").write_text("{% if x %}未结束", encoding="utf-8")
    out = cli("validate").out
    assert "templates/notice_title.txt: 错误 [ENCODING] 模板文件不是 UTF-8 编码" in out, out
    assert "templates/warning_letter.txt:1: 错误 [TEMPLATE] 模板语法错误：模板结束时还少一个“{% endif %}”" in out
    (templates / "notice_title.txt").write_text("关于{{ no_such_thing }}的通报", encoding="utf-8-sig")
    notice = cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05")
    assert notice.code == 1 and "没有“no_such_thing”这个变量" in notice.err and "undefined" not in notice.err, notice.text


def test_a_mistyped_code_in_the_roster_is_said_first_and_the_items_point_to_it(cli, submit, ws_root):
    submit(unit="T02", date="2026-10-12")
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace("code: T02", "code: t01", 1), encoding="utf-8")
    lines = [line for line in cli("validate").out.splitlines() if "错误 [" in line]
    assert lines[0].startswith("rules/roster.yaml:") and "[DUP-UNIT]" in lines[0], lines
    unknown = cli("validate").out.split("[UNKNOWN-UNIT]", 1)[1]
    assert "花名册 rules/roster.yaml 有错误（见最前面）" in unknown.split("\n\n")[0][:400]
