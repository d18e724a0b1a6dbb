"""The office's records (adopt, instruct, solicit, penalty, excellent, withdraw), list and show."""
from __future__ import annotations

import json

import pytest
import yaml

from conftest import BODY, item_file


def record_files(root, kind):
    return sorted((root / "data" / "records").rglob(f"{kind}-*.yaml"))


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_adopt_several_items_one_record_each(cli, submit, ws_root):
    a, b = submit(), submit(unit="T02", date="2026-10-13")
    before = item_file(ws_root, a).read_bytes()
    result = cli("adopt", a, b, "--pub", "city_express", "--issue", "第12期", "--date", "2026-10-15", "--special")
    assert result.code == 0, result.text
    assert "被《政府工作快报》第12期采用（专期）" in result.out
    files = record_files(ws_root, "adopt")
    assert [load(f)["item"] for f in files] == [a, b]
    assert load(files[0])["special"] is True and load(files[0])["date"] == "2026-10-15"
    assert files[0].parent == ws_root / "data" / "records" / "2026" / "10"
    assert item_file(ws_root, a).read_bytes() == before  # the unit's text is never rewritten


@pytest.mark.parametrize("typed, printed", [("15", "第15期"), ("十七", "第十七期"), ("第3期", "第3期"), ("2026年第5期", "2026年第5期")])
def test_an_issue_typed_as_a_bare_number_reads_as_an_issue(cli, submit, typed, printed):
    item = submit(date="2026-10-12")
    result = cli("adopt", item, "--pub", "city_express", "--issue", typed, "--date", "2026-10-15")
    assert result.code == 0 and f"被《政府工作快报》{printed}采用" in result.out, result.text
    assert f"被《政府工作快报》{printed}采用" in cli("explain", "--unit", "T01", "--month", "2026-10").out


def test_adopt_refuses_bad_input_and_writes_nothing(cli, submit, ws_root):
    a = submit()
    assert "是不是“city_express（" in cli("adopt", a, "--pub", "city_expres", "--issue", "1").err
    early = cli("adopt", a, "--pub", "city_express", "--issue", "1", "--date", "2026-10-01")
    assert early.code == 1 and "[RECORD-BEFORE-ITEM]" in early.err
    missing = cli("adopt", "202610-AAA-0099", "--pub", "city_express", "--issue", "1")
    assert missing.code == 1 and "[UNKNOWN-ITEM]" in missing.err
    evil = cli("adopt", "../../etc/passwd", "--pub", "city_express", "--issue", "1")
    assert evil.code == 1 and "[BAD-ID]" in evil.err
    assert record_files(ws_root, "adopt") == []


def test_instruct(cli, submit, ws_root):
    a = submit()
    result = cli("instruct", a, "--level", "province", "--leader", "刘副省长", "--date", "2026-10-20", "--note", "请认真研究")
    assert result.code == 0, result.text
    assert "获省领导刘副省长批示：请认真研究" in result.out
    data = load(record_files(ws_root, "instruct")[0])
    assert (data["item"], data["level"], data["leader"]) == (a, "province", "刘副省长")
    bad = cli("instruct", a, "--level", "provice", "--leader", "某")
    assert bad.code == 1 and "是不是“province（" in bad.err


def test_solicit_new_and_list(cli, ws_root):
    result = cli("solicit", "new", "--topic", "冬季供暖保障", "--units", "T01,G01", "--deadline", "2026-11-30",
                 "--date", "2026-11-10")
    assert result.code == 0, result.text
    sid = result.out.strip()
    assert sid.startswith("solicit-202611-")
    data = load(record_files(ws_root, "solicit")[0])
    assert data["units"] == ["T01", "G01"] and data["deadline"] == "2026-11-30"
    listing = cli("solicit", "list")
    assert sid in listing.out and "冬季供暖保障" in listing.out and "截止 2026-11-30" in listing.out
    assert json.loads(cli("solicit", "list", "--json").out)[0]["units"] == ["T01", "G01"]
    bad = cli("solicit", "new", "--topic", "x", "--units", "T01,ZZ", "--deadline", "2026-11-30")
    assert bad.code == 1 and "没有“ZZ”这个单位" in bad.err
    early = cli("solicit", "new", "--topic", "x", "--units", "T01", "--deadline", "2026-11-01", "--date", "2026-11-10")
    assert early.code == 1 and "早于约稿日期" in early.err


def test_penalty_add(cli, ws_root):
    result = cli("penalty", "add", "--unit", "G01", "--kind", "false_info", "--date", "2026-10-08", "--note", "数据不实")
    assert result.code == 0, result.text
    assert "信息失实并造成严重后果" in result.out and "发展和改革局（G01） 扣分" in result.out  # the unit by name, with its code
    data = load(record_files(ws_root, "penalty")[0])
    assert (data["unit"], data["penalty"], data["note"]) == ("G01", "false_info", "数据不实")
    bad = cli("penalty", "add", "--unit", "G01", "--kind", "false")
    assert bad.code == 1 and "[UNKNOWN-PENALTY]" in bad.err and "false_info" in bad.err
    made = record_files(ws_root, "penalty")[0].stem
    assert cli("withdraw", made, "--reason", "单位申诉成立").code == 0
    listed = cli("penalty", "list", "--year", "2026").out  # the list says it left the withdrawn one out
    assert "2026年没有登记扣分" in listed and f"另有 1 条扣分已撤销，未列出：{made}" in listed


def test_excellent(cli, submit, ws_root, monkeypatch):
    a = submit()
    early = cli("excellent", a, "--year", "2026")  # November: the year's choice is not made yet
    assert early.code == 1 and "2026 年 12 月 1 日起才能登记" in early.err and not record_files(ws_root, "excellent")
    monkeypatch.setenv("GOVINFO_NOW", "2026-12-03 09:00")
    result = cli("excellent", a, "--year", "2026")
    assert result.code == 0, result.text
    data = load(record_files(ws_root, "excellent")[0])
    assert data["year"] == "2026" and data["date"] == "2026-12-31"
    wrong = cli("excellent", a, "--year", "2025")
    assert wrong.code == 1 and "[WRONG-YEAR]" in wrong.err


def test_withdraw_cancels_and_keeps_the_record(cli, submit, ws_root):
    a = submit()
    cli("adopt", a, "--pub", "province_info", "--issue", "第3期", "--date", "2026-10-15")
    rid = record_files(ws_root, "adopt")[0].stem
    assert json.loads(cli("list", "--adopted", "--json").out)[0]["id"] == a
    result = cli("withdraw", rid, "--reason", "误登记")
    assert result.code == 0, result.text
    assert record_files(ws_root, "adopt")[0].is_file()  # kept, with the withdrawal beside it
    assert load(record_files(ws_root, "withdraw")[0])["target"] == rid
    assert json.loads(cli("list", "--adopted", "--json").out) == []
    shown = cli("show", a).out
    assert f"[{rid}] （已撤销：误登记）" in shown  # with the reason it was withdrawn for
    again = cli("withdraw", rid)
    assert again.code == 1 and "已经撤销过了" in again.err
    assert cli("withdraw", "adopt-202610-AAA-0009").code == 1


def test_list_filters(cli, submit, ws_root):
    a = submit()
    b = submit(unit="G01", date="2026-09-03", category="问题建议")
    c = submit(unit="T02", date="2026-10-20", joint="T01")
    cli("adopt", b, "--pub", "city_express", "--issue", "第9期", "--date", "2026-10-02")

    def ids(*args):
        result = cli("list", "--json", *args)
        assert result.code == 0, result.text
        return [row["id"] for row in json.loads(result.out)]
    assert ids() == []                                  # no filter: this month (November) only
    assert "本月 2026-11 的信息" in cli("list").out
    assert ids("--month", "2026-10") == [a, c]
    assert ids("--unit", "T01") == [a, c]  # joint items count for every unit named
    assert ids("--category", "问题建议") == [b]
    assert ids("--adopted") == [b]
    assert ids("--not-adopted", "--month", "2026-10") == [a, c]
    table = cli("list", "--month", "2026-09").out
    assert b in table and "发展和改革局" in table
    sheet = ws_root / "九月.xlsx"
    assert cli("list", "--month", "2026-09", "--xlsx", sheet).code == 0
    import openpyxl
    rows = list(openpyxl.load_workbook(sheet).active.iter_rows(min_row=3, values_only=True))
    assert rows[0][0] == b and rows[0][6].endswith("《政府工作快报》第9期")
    again = cli("list", "--month", "2026-09", "--xlsx", sheet)
    assert again.code == 1 and "文件已存在" in again.err
    found = ws_root / "检索.xlsx"  # search writes the same sheet, in its own order
    assert cli("search", "秋粮", "--unit", "G01", "--xlsx", found).code == 0
    rows = list(openpyxl.load_workbook(found).active.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == [b] and rows[0][2] == "发展和改革局" and rows[0][6].endswith("《政府工作快报》第9期")
    bad = cli("list", "--month", "2026-13")
    assert bad.code == 1 and "[BAD-DATE]" in bad.err


def test_show_everything_recorded(cli, submit):
    a = submit()
    cli("adopt", a, "--pub", "city_express", "--issue", "第12期", "--date", "2026-10-15")
    cli("adopt", a, "--pub", "upper_city_info", "--issue", "第5期", "--date", "2026-11-02")
    cli("instruct", a, "--level", "city", "--leader", "王市长", "--date", "2026-11-03")
    result = cli("show", a)
    assert result.code == 0, result.text
    for expected in ("标题：城关镇多措并举推进秋粮收购", "拟稿人：张三    审核签发人：李四", "被《政府工作快报》第12期采用",
                     "被上级市政府办公室政务信息刊物第5期采用", "获本市领导王市长批示", "共收购秋粮3200吨"):
        assert expected in result.out
    data = json.loads(cli("show", a, "--json").out)
    assert [r["kind"] for r in data["records"]] == ["adopt", "adopt", "instruct"]
    assert cli("show", "202610-AAA-0404").code == 1


def test_every_record_kind_is_a_typed_frozen_class_with_its_source():
    import dataclasses

    from govinfo.store.records import KINDS, SPECS, make_record
    assert set(KINDS) == set(SPECS)
    for kind, cls in KINDS.items():
        names = {f.name for f in dataclasses.fields(cls)}
        assert set(SPECS[kind]) <= names, kind  # every field the file format knows is typed
        assert cls.kind == kind and dataclasses.is_dataclass(cls)
    rec = make_record("solicit", "solicit-202610-AAA-0001", __import__("datetime").date(2026, 10, 1),
                      {"topic": "供暖", "units": ["T01", "G01"], "deadline": "2026-10-20"})
    assert rec.units == ("T01", "G01") and rec.deadline.isoformat() == "2026-10-20"
    with pytest.raises(dataclasses.FrozenInstanceError):
        rec.topic = "别的"


def test_a_record_read_from_its_file_carries_file_and_lines(cli, ws_root):
    from govinfo.store.records import Adoption, read_record
    item = cli("submit", "--unit", "T01", "--title", "甲", "--drafter", "张三", "--reviewer", "李四", "--date", "2026-10-12",
               "--category", "工作动态", "--body", BODY).out.strip()
    rid = cli("adopt", item, "--pub", "city_express", "--issue", "第3期", "--date", "2026-10-15").out.split()[0]
    path = ws_root / "data" / "records" / "2026" / "10" / f"{rid}.yaml"
    rec, diags = read_record(path, f"data/records/2026/10/{rid}.yaml")
    assert diags == [] and isinstance(rec, Adoption)
    assert (rec.item, rec.pub, rec.issue) == (item, "city_express", "第3期")
    assert rec.source.path == f"data/records/2026/10/{rid}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[rec.at("pub").line - 1].startswith("pub:")


def test_a_list_workbook_row_is_tall_enough_for_its_wrapped_text(tmp_path):
    import io

    import openpyxl

    from govinfo.render.workbooks import items_xlsx
    long_title = "城关镇" * 40
    data = items_xlsx("信息列表", [["202610-AAA-0001", "2026-10-01", "城关镇", "工作动态", long_title, "张三",
                                    "2026-10-05 《政府工作快报》第1期\n2026-10-08 省政府办公厅政务信息刊物第2期", 0],
                                   ["202610-AAA-0002", "2026-10-02", "东河镇", "工作动态", "短标题", "李四", "", ""]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert (sheet.row_dimensions[3].height or 0) >= 15 * 2      # wrapped: two lines or more
    assert sheet.row_dimensions[4].height is None               # a one-line row keeps Excel's own height


def test_a_unit_named_twice_in_a_call_is_asked_once(cli, ws_root):
    """T01 and 城关镇 are one unit: the call lists it once (and a missed call is charged once), and
    the same call given again without the repetition is the same call."""
    first = cli("solicit", "new", "--topic", "冬季供暖保障", "--units", "T01,G01,城关镇", "--deadline", "2026-11-30",
                "--date", "2026-11-10")
    assert first.code == 0, first.text
    assert load(record_files(ws_root, "solicit")[0])["units"] == ["T01", "G01"]
    again = cli("solicit", "new", "--topic", "冬季供暖保障", "--units", "T01,G01", "--deadline", "2026-11-30",
                "--date", "2026-11-12")
    assert again.code == 1 and "[DUPLICATE-RECORD]" in again.err and first.out.strip() in again.err
    path = record_files(ws_root, "solicit")[0]  # written twice by hand: read once, and said
    path.write_text(path.read_text(encoding="utf-8").replace("- G01", "- G01\n- T01"), encoding="utf-8")
    assert json.loads(cli("solicit", "list", "--json").out)[0]["units"] == ["T01", "G01"]
    checked = cli("validate")
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("units:"))
    assert f"{path.relative_to(ws_root).as_posix()}:{line}: 警告 [DUPLICATE-IN-LIST]" in checked.out
    assert "“T01”写了不止一次" in checked.out


def test_opposite_flags_together_are_refused_and_write_nothing(cli, submit, ws_root):
    a = submit()
    both = cli("judge", a, "--qualified", "--not-qualified")
    assert both.code == 1 and "--qualified 和 --not-qualified 意思相反，只能给一个" in both.err
    assert record_files(ws_root, "judge") == []
    for cmd in (["list", "--month", "2026-10"], ["search", "秋粮"]):
        result = cli(*cmd, "--adopted", "--not-adopted")
        assert result.code == 1 and "--adopted 和 --not-adopted 意思相反" in result.err and a not in result.out
    assert cli("judge", a, "--not-qualified").code == 0
    assert load(record_files(ws_root, "judge")[0])["qualified"] is False
    assert a in cli("list", "--month", "2026-10", "--not-adopted").out and a not in cli("list", "--month", "2026-10", "--adopted").out


def test_show_a_record_by_its_id_and_whether_it_was_withdrawn(cli, ws_root):
    rid = cli("penalty", "add", "--unit", "G01", "--kind", "false_info", "--date", "2026-10-08").out.split()[0]
    shown = cli("show", rid)
    assert shown.code == 0 and shown.out.startswith(f"扣分记录 {rid}") and "信息失实并造成严重后果" in shown.out
    assert f"文件：{record_files(ws_root, 'penalty')[0].relative_to(ws_root).as_posix()}" in shown.out
    assert "已撤销" not in shown.out and json.loads(cli("show", rid, "--json").out)["withdrawn_by"] is None
    wid = cli("withdraw", rid, "--reason", "登记错了").out.split()[0]
    assert f"已撤销：{wid}" in cli("show", rid).out and "登记错了" in cli("show", rid).out
    assert json.loads(cli("show", rid, "--json").out)["withdrawn_by"] == wid
    missing = cli("show", rid[:-1] + "9")
    assert missing.code == 1 and "[UNKNOWN-RECORD]" in missing.err


def test_an_answer_to_a_call_must_come_from_a_unit_asked_after_the_call(cli, ws_root, submit):
    sid = cli("solicit", "new", "--topic", "冬季供暖保障", "--units", "T01", "--deadline", "2026-11-30",
              "--date", "2026-11-10").out.strip()
    stranger = cli("submit", "--unit", "T02", "--title", "东河镇供暖保障", "--drafter", "张三", "--reviewer", "李四",
                   "--date", "2026-11-12", "--category", "工作动态", "--body", BODY, "--solicitation", sid)
    assert stranger.code == 1 and "[SOLICITATION-UNIT]" in stranger.err and "没有向东河镇约稿" in stranger.err
    early = cli("submit", "--unit", "T01", "--title", "城关镇供暖保障", "--drafter", "张三", "--reviewer", "李四",
                "--date", "2026-11-02", "--category", "工作动态", "--body", BODY, "--solicitation", sid)
    assert early.code == 1 and "[BEFORE-SOLICITATION]" in early.err
    assert not list((ws_root / "data" / "items").rglob("*.md"))
    assert submit(unit="T01", date="2026-11-12", solicitation=sid)


def test_a_one_line_field_of_a_record_is_bounded(cli, submit, ws_root):
    item = submit()
    long = cli("adopt", item, "--pub", "city_express", "--issue", "第" + "1" * 300 + "期", "--date", "2026-10-15")
    assert long.code == 1 and "govinfo adopt --issue: 错误 [FIELD-TOO-LONG] 有 302 个字" in long.err, long.text  # the option, not the file's field
    assert not record_files(ws_root, "adopt")
    item_id = submit(date="2026-10-13")
    hidden = cli("adopt", item_id, "--pub", "city_express", "--issue", "第5\x0b期", "--date", "2026-10-15")
    assert hidden.code == 1 and "govinfo adopt --issue: 错误 [CONTROL-CHAR] 含有控制字符" in hidden.err, hidden.text
    marked = cli("correct", item_id, "--title", "（机密）标题", "--reason", "改标题")
    assert marked.code == 1 and "govinfo correct --title: 错误 [CLASSIFIED]" in marked.err and "字段 value" not in marked.err


def test_validate_checks_an_answer_as_submit_does(cli, ws_root, submit):
    sid = cli("solicit", "new", "--topic", "冬季供暖保障", "--units", "T01,T02", "--deadline", "2026-11-30",
              "--date", "2026-11-10").out.strip()
    joint = submit(unit="G01", date="2026-11-12", solicitation=sid, joint="T02")  # T02 was asked: an answer
    early = submit(unit="T01", date="2026-11-12", solicitation=sid)
    path = next((ws_root / "data" / "items").rglob(f"{early}.md"))
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("submitted:"))
    path.write_text(text.replace(line, line.replace("2026-11-12", "2026-11-02")), encoding="utf-8")
    out = cli("validate").out
    assert not any(joint in line and "SOLICITATION-UNIT" in line for line in out.splitlines())
    assert "BEFORE-SOLICITATION" in out and f"{early}.md" in out
    assert cli("withdraw", sid, "--reason", "取消").code == 0
    late = cli("submit", "--unit", "T01", "--title", "城关镇供暖", "--drafter", "张三", "--reviewer", "李四",
               "--date", "2026-11-13", "--category", "工作动态", "--body", BODY + "撤销后", "--solicitation", sid)
    assert late.code == 1 and "[UNKNOWN-SOLICITATION]" in late.err


def test_an_id_pasted_with_spaces_or_in_lower_case_is_found(cli, submit):
    item = submit()
    rid = cli("adopt", item, "--pub", "city_express", "--issue", "第1期", "--date", "2026-10-15").out.split()[0]
    for typed in (f" {item}", f"{item}\u3000", item.lower()):
        shown = cli("show", typed)
        assert shown.code == 0 and f"编号：{item}" in shown.out, (typed, shown.text)
    assert cli("show", f" {rid.upper()} ").code == 0
    done = cli("withdraw", rid.upper(), "--reason", "误登记")
    assert done.code == 0, done.text
    wid = done.out.split()[0]
    again = cli("withdraw", wid, "--reason", "撤错了")
    assert again.code == 1 and "本身是一条撤销记录，不能再撤销" in again.err
