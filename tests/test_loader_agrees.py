"""What validate calls an error, every report leaves out and says so: the loader and validate hold
an item or record to the same checks (found by a clerk editing files by hand)."""
from __future__ import annotations

import json

import pytest

from conftest import item_file


def counted(cli, month="2026-10", code="T01") -> dict:
    result = cli("score", "--month", month, "--format", "json")
    assert result.code == 0, result.text
    return next(u for u in json.loads(result.out)["units"] if u["code"] == code) | {"err": result.err}


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("how, code", [
    ("move", "ITEM-FOLDER"),                                        # counted in September, missing from October
    ("solicitation: solicit-202610-AAA-0099\n", "UNKNOWN-SOLICITATION"),
    ("future", "FUTURE-DATE"),
    ("event_time: 2026-10-12 23:00\n", "BAD-DATE"),               # the event after the submission
    ("empty", "EMPTY-BODY"),
])
def test_an_item_validate_calls_wrong_is_in_no_report(cli, submit, ws_root, how, code):
    item = submit(date="2026-10-12 09:00")
    submit(date="2026-10-13")
    path = item_file(ws_root, item)
    if how == "move":
        (ws_root / "data" / "items" / "2026" / "09").mkdir()
        path = path.rename(ws_root / "data" / "items" / "2026" / "09" / path.name)
    elif how == "future":
        edit(path, "submitted: 2026-10-12 09:00", "submitted: 2026-11-28 09:00")
    elif how == "empty":
        path.write_text(path.read_text(encoding="utf-8").split("\n---\n")[0] + "\n---\n\n", encoding="utf-8")
    else:
        edit(path, "category:", how + "category:")
    assert f"[{code}]" in cli("validate").out
    row = counted(cli, "2026-10")  # the id's month, whose folder holds it (moved: the folder it left)
    assert row["submitted"] == 1, row
    assert "1 个文件有错误，未计入" in row["err"]
    if how == "move":
        assert counted(cli, "2026-09")["submitted"] == 0
    listed = cli("list", "--month", "2026-09" if how == "move" else "2026-10", "--json")  # the folder it is in
    assert item not in listed.out and "1 个文件有错误，未计入" in listed.err


def test_a_record_whose_item_is_left_out_is_left_out_too_and_said_apart(cli, submit, ws_root):
    """An item left out for an unknown category kept scoring through its adoption."""
    item = submit(date="2026-10-12")
    assert cli("adopt", item, "--pub", "city_express", "--issue", "第1期", "--date", "2026-10-15").code == 0
    assert counted(cli)["adoptions"]["city"] == 1
    edit(item_file(ws_root, item), "category: 工作动态", "category: 动态")
    row = counted(cli)
    assert row["adoptions"]["city"] == 0 and row["points"]["adoption"] == 0
    assert "1 个文件有错误，未计入；另有 1 条记录所指的信息有错误，也未计入；运行 govinfo validate 查看" in row["err"]


def test_recording_on_an_item_with_errors_is_refused_but_correcting_it_is_not(cli, submit, ws_root):
    item = submit(date="2026-10-12")
    edit(item_file(ws_root, item), "category: 工作动态", "category: 动态")
    before = sorted((ws_root / "data").rglob("*"))
    adopted = cli("adopt", item, "--pub", "city_express", "--issue", "第1期", "--date", "2026-10-15")
    assert adopted.code == 1 and "[UNKNOWN-CATEGORY]" in adopted.err and "现在登记的也不会计入" in adopted.err
    assert sorted((ws_root / "data").rglob("*")) == before
    shown = cli("show", item)
    assert shown.code == 0 and "1 个文件有错误，未计入" in shown.err   # shown as written, said to count nowhere
    fixed = cli("correct", item, "--category", "工作动态", "--reason", "类别写错")
    assert fixed.code == 0, fixed.text
    assert counted(cli)["submitted"] == 1
    checked = cli("validate")   # as corrected, as the reports read it: the mended category is no error
    assert checked.code == 0 and "UNKNOWN-CATEGORY" not in checked.out, checked.out


def test_a_record_shown_alone_says_it_counts_nowhere_and_a_name_for_a_key_gets_the_key(cli, submit, ws_root):
    item = submit(date="2026-10-12")
    adopted = cli("adopt", item, "--pub", "city_express", "--issue", "第1期", "--date", "2026-10-15")
    record = adopted.out.split()[0]
    (path,) = (ws_root / "data" / "records").rglob(f"{record}.yaml")
    edit(path, "pub: city_express", "pub: 政府工作快报")
    shown = cli("show", record)
    assert shown.code == 0 and "1 个文件有错误，未计入" in shown.err, shown.text
    out = cli("validate").out
    assert "刊物“政府工作快报”未在规则中定义" in out and "改写成 pub: city_express" in out
    assert "请把它改回" not in out   # not back to the name written by mistake


def test_issue_list_takes_its_year_as_every_command_does(cli):
    for year in ("26", "2026年", "3000"):
        result = cli("issue", "list", "--year", year)
        assert result.code == 1 and "[PERIOD]" in result.err, (year, result.text)
    assert cli("issue", "list", "--year", "2026").code == 0


def test_an_answer_to_a_withdrawn_call_still_counts_as_an_item(cli, submit):
    """Withdrawing a call made every item answering it vanish from the reports, validate silent."""
    call = cli("solicit", "new", "--topic", "冬季供暖", "--units", "T01", "--deadline", "2026-10-30",
               "--date", "2026-10-01").out.split()[0]
    submit(date="2026-10-12", solicitation=call)
    assert cli("withdraw", call, "--reason", "约稿取消").code == 0
    row = counted(cli)
    assert row["submitted"] == 1 and "未计入" not in row["err"], row
    assert "0 个错误" in cli("validate").out


def test_an_item_read_only_because_a_record_names_it_is_held_to_the_call_check(cli, submit, ws_root):
    item = submit(date="2026-08-12")
    assert cli("adopt", item, "--pub", "city_express", "--issue", "第1期", "--date", "2026-10-15").code == 0
    edit(item_file(ws_root, item), "category:", "solicitation: solicit-202608-AAA-0099\ncategory:")
    row = counted(cli)  # October reads the August item only through its adoption
    assert row["adoptions"]["city"] == 0 and "另有 1 条记录所指的信息有错误" in row["err"], row


def test_an_issue_holding_an_item_with_an_error_is_still_shown(cli, submit, ws_root):
    item = submit(date="2026-10-12")
    issue = cli("issue", "new", "--pub", "city_express", "--date", "2026-10-20").out.strip()
    assert cli("issue", "add", issue, item).code == 0
    edit(item_file(ws_root, item), "category: 工作动态", "category: 工作简讯")
    shown = cli("issue", "show", issue)
    assert shown.code == 0 and "1 个文件有错误，未计入" in shown.err, shown.text
    published = cli("issue", "publish", issue)
    assert published.code == 1 and "[UNKNOWN-CATEGORY]" in published.err


def test_show_of_a_record_agrees_with_the_reports_once_its_item_is_corrected(cli, submit, ws_root):
    item = submit(date="2026-10-12")
    record = cli("adopt", item, "--pub", "city_express", "--issue", "第1期", "--date", "2026-10-15").out.split()[0]
    edit(item_file(ws_root, item), "category: 工作动态", "category: 动态")
    assert "1 条记录所指的信息有错误，也未计入" in cli("show", record).err
    assert cli("correct", item, "--category", "工作动态", "--reason", "类别写错").code == 0
    assert counted(cli)["adoptions"]["city"] == 1
    assert "未计入" not in cli("show", record).err
