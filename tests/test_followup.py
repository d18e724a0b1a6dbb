"""Instruction follow-up: who must act by when, feedback, the lists, the penalty and the notice."""
from __future__ import annotations

import json

from docx import Document

from conftest import BODY

PENALTY = """
  instruction_overdue:
    name: 领导批示件逾期未反馈办理情况
    points: -3
"""


def instruct(cli, item, *extra, day="2026-10-05"):
    result = cli("instruct", item, "--level", "city", "--leader", "市长", "--date", day, *extra)
    assert result.code == 0, result.text
    return result.out.split()[0]


def listing(cli, *flags):
    result = cli("instructions", *flags, "--json")
    assert result.code == 0, result.text
    return {row["id"]: row for row in json.loads(result.out)}


def test_instruction_names_assignee_and_due_date(cli, submit):
    item = submit(date="2026-10-02")
    default = instruct(cli, item)
    other = instruct(cli, item, "--assignee", "G01", "--due", "2026-12-01")
    rows = listing(cli)
    assert (rows[default]["assignee"], rows[default]["due"]) == ("T01", "2026-10-20")  # 15 days by default
    assert (rows[other]["assignee"], rows[other]["due"]) == ("G01", "2026-12-01")
    assert "（承办：城关镇，2026-10-20 前反馈）" in cli("instruct", item, "--level", "city", "--leader", "常务副市长",
                                                 "--date", "2026-10-05").out
    bad = cli("instruct", item, "--level", "city", "--leader", "市长", "--assignee", "X99")
    assert bad.code == 1 and "[UNKNOWN-UNIT]" in bad.err


def test_states_as_of_today_and_feedback(cli, submit, tmp_path):
    # today is 2026-11-21 (GOVINFO_NOW)
    a, b, c = (submit(date="2026-10-02", title=t) for t in ("甲", "乙", "丙"))
    overdue = instruct(cli, a)                              # due 2026-10-20, never answered
    answered = instruct(cli, b)                             # answered in time
    pending = instruct(cli, c, "--due", "2026-11-30")      # not due yet
    result = cli("feedback", b, "--text", "已召开专题会议研究落实", "--date", "2026-10-15")
    assert result.code == 0 and f"已登记 {answered} 的办理反馈" in result.out
    assert set(listing(cli, "--overdue")) == {overdue}
    assert set(listing(cli, "--done")) == {answered}
    assert set(listing(cli, "--pending")) == {pending, overdue}       # every one still waiting, the overdue included
    assert listing(cli, "--pending")[overdue]["state"] == "overdue"
    assert "逾期未反馈（逾期 32 天）" in cli("instructions", "--pending").out
    assert listing(cli, "--overdue")[overdue]["days_overdue"] == 32
    note = tmp_path / "办理情况.txt"
    note.write_text("关于落实市长批示的情况报告\n已完成整改。\n", encoding="gbk")
    assert cli("feedback", overdue, "--file", note).code == 0
    assert overdue in listing(cli, "--done")
    shown = cli("instructions", "--done")
    assert "已反馈" in shown.out


def test_feedback_mistakes(cli, submit):
    item = submit(date="2026-10-02")
    assert cli("feedback", item, "--text", "x").code == 1            # no instruction yet
    instruct(cli, item)
    instruct(cli, item, day="2026-10-06")
    two = cli("feedback", item, "--text", "已落实")
    assert two.code == 1 and "[AMBIGUOUS]" in two.err and "instruct-" in two.err
    assert "[USAGE]" in cli("feedback", item).err
    rid = next(iter(listing(cli)))
    early = cli("feedback", rid, "--text", "已落实", "--date", "2026-10-01")
    assert early.code == 1 and "早于批示日期" in early.err
    assert "[BAD-ID]" in cli("feedback", "../../x", "--text", "a").err


def test_overdue_instruction_costs_the_penalty_when_the_rules_say_so(cli, submit, ws_root):
    points = ws_root / "rules" / "points.yaml"
    text = points.read_text(encoding="utf-8").replace("penalties:\n", "penalties:" + PENALTY, 1)
    points.write_text(text.replace("followup:\n  due_days: 15", "followup:\n  due_days: 15\n  overdue_penalty: instruction_overdue"),
                      encoding="utf-8")
    late, on_time, answered_late = (submit(date="2026-09-02", title=t) for t in ("甲", "乙", "丙"))
    instruct(cli, late, day="2026-09-20")                       # due 10-05: penalty on 10-06
    rid = instruct(cli, on_time, "--assignee", "T02", day="2026-09-20")
    cli("feedback", rid, "--text", "已落实", "--date", "2026-10-01")
    rid = instruct(cli, answered_late, "--assignee", "G01", day="2026-09-20")
    cli("feedback", rid, "--text", "已落实", "--date", "2026-10-09")
    scores = {u["code"]: u for u in json.loads(cli("score", "--month", "2026-10", "--format", "json").out)["units"]}
    assert scores["T01"]["penalties"] == {"instruction_overdue": 1}
    assert scores["G01"]["penalties"] == {"instruction_overdue": 1}   # answered, but after the due date
    assert scores["T02"]["penalties"] == {}
    assert json.loads(cli("score", "--month", "2026-09", "--format", "json").out)["units"][0]["penalties"] == {}
    explained = cli("explain", "--unit", "T01", "--month", "2026-10")
    assert "2026-10-05 前未反馈办理情况" in explained.out and "rules/points.yaml:" in explained.out
    assert cli("validate").code == 0
    # An assignee listed only after the item came in still owes its follow-up (the item is T01's).
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace(
        "    name: 市发展和改革局\n", "    name: 市发展和改革局\n    active_from: 2026-09-10\n"), encoding="utf-8")
    scores = {u["code"]: u for u in json.loads(cli("score", "--month", "2026-10", "--format", "json").out)["units"]}
    assert scores["G01"]["penalties"] == {"instruction_overdue": 1}


def test_notice_names_units_with_overdue_instructions(cli, submit, ws_root):
    item = submit(date="2026-10-02")
    instruct(cli, item)
    result = cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05")
    assert result.code == 0, result.text
    text = "\n".join(p.text for p in Document(str(ws_root / "out" / "政务信息通报-2026-10.docx")).paragraphs)
    assert "领导批示件办理反馈不及时。截至发文之日，城关镇1件领导批示件逾期未反馈办理情况" in text


def test_validate_checks_feedback_records(cli, ws_root, submit):
    folder = ws_root / "data" / "records" / "2026" / "10"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "feedback-202610-AAA-0001.yaml").write_text(
        "id: feedback-202610-AAA-0001\nkind: feedback\ninstruction: instruct-202610-AAA-0404\n"
        "date: 2026-10-15\ntext: 已落实\n", encoding="utf-8")
    result = cli("validate")
    assert result.code == 1
    assert "feedback-202610-AAA-0001.yaml:3: 错误 [UNKNOWN-RECORD] 反馈所指的批示记录" in result.out
    assert BODY  # the fixture body is what submit used


def test_instructions_bad_input(cli):
    result = cli("instructions", "--unit", "X99")
    assert result.code == 1 and "[UNKNOWN-UNIT]" in result.err and "Traceback" not in result.text
    assert "没有这个选项" in cli("instructions", "--late").err


def test_instruction_ids_are_whole_on_an_80_column_console(cli, submit):
    from rich.cells import cell_len
    item = submit(date="2026-10-02")
    rid = instruct(cli, item)
    narrow = cli("instructions", env={"COLUMNS": "80"})
    assert narrow.code == 0 and rid in narrow.out
    assert max(cell_len(line) for line in narrow.out.splitlines()) <= 80
    assert "市长" not in narrow.out                                    # the leader is for wide consoles
    wide = cli("instructions", env={"COLUMNS": "140"})
    assert rid in wide.out and "市长" in wide.out
