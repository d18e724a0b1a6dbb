"""Issue 16, item 5: corrections without editing files by hand. An item sent by mistake is
withdrawn; a wrong category, title, drafter or date is corrected by a record (the unit's file is
never rewritten) that `show` displays; `withdraw` says what it withdrew; units are edited and retired."""
from __future__ import annotations

import json

import pytest


def _scores(cli, month="2026-10"):
    return {u["code"]: u for u in json.loads(cli("score", "--month", month, "--format", "json").out)["units"]}


def test_withdraw_an_item_sent_by_mistake(cli, submit, ws_root):
    item = submit(unit="T01", date="2026-10-12")
    path = next((ws_root / "data" / "items").rglob(f"{item}.md"))
    before = path.read_bytes()
    assert _scores(cli)["T01"]["submitted"] == 1
    done = cli("withdraw", item, "--reason", "重复报送")
    assert done.code == 0 and f"已撤销信息 {item}" in done.out
    assert _scores(cli)["T01"]["submitted"] == 0
    assert json.loads(cli("list", "--month", "2026-10", "--json").out) == []
    listed = cli("list", "--month", "2026-10").out                      # the listing says what it left out
    assert f"另有 1 条信息已撤销，未列出：{item}" in listed
    assert item not in cli("list", "--month", "2026-10", "--unit", "T02").out  # not another unit's
    assert path.read_bytes() == before                                   # the unit's file stays as sent
    shown = cli("show", item)
    assert shown.code == 0 and "撤销" in shown.out and "重复报送" in shown.out
    again = cli("adopt", item, "--pub", "city_express", "--issue", "第3期", "--date", "2026-10-20")
    assert again.code == 1 and "已于" in again.err and "撤销" in again.err


def test_an_item_with_records_is_not_withdrawn_until_they_are(cli, submit):
    item = submit(date="2026-10-12")
    adoption = cli("adopt", item, "--pub", "city_express", "--issue", "第3期", "--date", "2026-10-20").out.split()[0]
    refused = cli("withdraw", item, "--reason", "重复报送")
    assert refused.code == 1 and adoption in refused.err
    done = cli("withdraw", adoption, "--reason", "误登记")
    assert done.code == 0 and "被《政府工作快报》第3期采用" in done.out and f"信息 {item}" in done.out
    assert cli("withdraw", item, "--reason", "重复报送").code == 0


def test_correct_category_title_drafter_and_date(cli, submit, ws_root):
    item = submit(unit="T01", date="2026-10-12", category="工作动态", title="原标题")
    path = next((ws_root / "data" / "items").rglob(f"{item}.md"))
    before = path.read_bytes()
    done = cli("correct", item, "--category", "问题", "--title", "新标题", "--reason", "类别选错")
    assert done.code == 0 and "更正信息类别为“问题建议”（类别选错）" in done.out
    assert cli("correct", item, "--drafter", "王五", "--date", "2026-10-05", "--reason", "单位来电更正").code == 0
    shown = cli("show", item).out
    assert "标题：新标题" in shown and "类别：问题建议" in shown and "拟稿人：王五" in shown
    assert "2026-10-05" in shown and "更正标题为“新标题”" in shown        # the history stays in view
    assert path.read_bytes() == before
    listed = json.loads(cli("list", "--month", "2026-10", "--json").out)[0]
    assert (listed["title"], listed["category"]) == ("新标题", "问题建议")
    other_month = cli("correct", item, "--date", "2026-09-30")
    assert other_month.code == 1 and "先 govinfo withdraw" in other_month.err
    nothing = cli("correct", item)
    assert nothing.code == 1 and "--category" in nothing.err


def test_units_edit_and_retire(cli, submit, ws_root):
    roster = ws_root / "rules" / "roster.yaml"
    assert "# 测试花名册（注释须在编辑后保留）" in roster.read_text(encoding="utf-8")
    alone = cli("units", "edit", "东河镇", "--phone", "13900000002")  # a phone is an officer's: not written with no name
    assert alone.code == 1 and "还没有信息员" in alone.err
    done = cli("units", "edit", "东河镇", "--name", "东河镇人民政府（新）", "--officer", "王芳", "--phone", "13900000002")
    assert done.code == 0 and "T02" in done.out
    text = roster.read_text(encoding="utf-8")
    assert "东河镇人民政府（新）" in text and "13900000002" in text and "# 测试花名册（注释须在编辑后保留）" in text
    bad = cli("units", "edit", "T02", "--phone", "1390000000")
    assert bad.code == 1 and "11 位" in bad.err
    submit(unit="T02", date="2026-09-10")
    assert cli("units", "retire", "T02", "--date", "2026-09-30").code == 0
    assert "T02" in _scores(cli, "2026-09") and "T02" not in _scores(cli, "2026-10")   # history kept, no longer expected


def test_remind_never_calls_the_first_of_two_units_behind(cli, submit, ws_root, monkeypatch):
    monkeypatch.setenv("GOVINFO_NOW", "2026-10-05 10:00")
    for n in range(3):
        submit(unit="T01", date=f"2026-07-0{n + 1}")                    # T01 leads the two townships
    submit(unit="T02", date="2026-07-10")
    done = cli("remind", "--quarter", "2026Q3")
    assert done.code == 0, done.text
    sheet = next((ws_root / "out").glob("季度提醒-2026Q3.csv")).read_text(encoding="utf-8-sig")
    lines = [line for line in sheet.splitlines() if "排名靠后" in line]
    assert lines and all("东河镇" in line for line in lines) and not any("城关镇" in line for line in lines)


def test_a_phone_number_that_cannot_be_dialled_is_named(cli, ws_root):
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace('"13800000001"', '"1380000001"'), encoding="utf-8")
    result = cli("validate")
    assert "[BAD-PHONE]" in result.out and "有 10 位，手机号码应是 11 位" in result.out
    assert cli("units", "add", "--code", "T09", "--name", "新镇", "--category", "乡镇", "--phone", "12345").code == 1


def test_a_withdrawn_item_leaves_validate_clean(cli, submit):
    item = submit(date="2026-10-12")
    assert cli("withdraw", item, "--reason", "重复报送").code == 0
    result = cli("validate")
    assert result.code == 0 and "UNKNOWN-RECORD" not in result.out


def test_issue_new_by_the_publications_name(cli):
    result = cli("issue", "new", "--pub", "快报", "--date", "2026-11-20")
    assert result.code == 0 and "city_express-2026-" in result.out, result.text
    assert "Warning" not in result.text


def test_rank_of_a_small_category_is_shown_once(cli, submit):
    submit(unit="T01", date="2026-10-12")
    listing = cli("rank", "--month", "2026-10", "--top", "10", "--bottom", "10").out
    assert listing.count("城关镇") == 1 and "后 10 名" not in listing


def test_forward_folder_keeps_the_publications_brackets(cli, submit, ws_root):
    item = submit(date="2026-10-12")
    assert cli("forward", item, "--to", "省政府办公厅", "--date", "2026-10-13").code == 0
    assert [p.name for p in (ws_root / "out").iterdir()] == ["转报-省政府办公厅政务信息刊物-2026-10-13"]


@pytest.mark.parametrize("args", [["correct", "{item}", "--title", "绝密★启用前 某重点项目报告", "--reason", "改标题"],
                                  ["judge", "{item}", "--qualified", "--note", "机密★1年 某重点项目进展"],
                                  ["withdraw", "{item}", "--reason", "秘密★ 某重点项目"]])
def test_a_record_cannot_carry_classified_text(cli, submit, ws_root, args):
    """A corrected title, a note or a reason is text too: one opening with a classification mark is
    refused (nothing written), and one written by hand is left out, never printed."""
    item = submit()
    before = sorted((ws_root / "data").rglob("*"))
    result = cli(*[a.format(item=item) for a in args])
    assert result.code == 1 and "[CLASSIFIED]" in result.err and "某重点项目" not in result.text
    assert sorted((ws_root / "data").rglob("*")) == before
    folder = ws_root / "data" / "records" / "2026" / "10"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "correct-202610-AAA-0001.yaml").write_text(
        f"id: correct-202610-AAA-0001\nkind: correct\nitem: {item}\nfield: title\nvalue: 绝密★启用前 某重点项目报告\n"
        "date: '2026-10-20'\n", encoding="utf-8")
    for shown in (cli("show", item), cli("list", "--month", "2026-10"), cli("validate")):
        assert "某重点项目" not in shown.text
    assert "correct-202610-AAA-0001.yaml:5: 错误 [CLASSIFIED]" in cli("validate").out


def test_a_correction_too_long_for_its_field_names_the_field(cli, submit, ws_root):
    item = submit(date="2026-10-12")
    title = cli("correct", item, "--title", "长" * 250, "--reason", "标题写错")
    assert title.code == 1 and "govinfo correct --title: 错误 [FIELD-TOO-LONG] 标题有 250 个字，超过上限 200 字" in title.err
    drafter = cli("correct", item, "--drafter", "张" * 60, "--reason", "拟稿人写错")
    assert drafter.code == 1 and "拟稿人有 60 个字，超过上限 50 字" in drafter.err and "value" not in drafter.err
    assert not list((ws_root / "data" / "records").rglob("correct-*.yaml"))


def test_a_drafter_longer_than_a_few_names_is_refused_at_submit(submit, cli, ws_root):
    refused = cli("submit", "--unit", "T01", "--title", "城关镇推进秋粮收购", "--drafter", "张" * 300, "--reviewer", "李四",
                  "--date", "2026-10-12", "--category", "工作动态", "--body", "正文内容" * 30)
    assert refused.code == 1 and "拟稿人有 300 个字，超过上限 50 字" in refused.err
    assert not list((ws_root / "data" / "items").rglob("*.md"))


def test_a_withdrawal_or_correction_says_why(cli, submit, ws_root):
    item = submit(date="2026-10-12")
    for args in (("withdraw", item), ("withdraw", item, "--reason", "   "), ("correct", item, "--title", "新标题")):
        refused = cli(*args)
        assert refused.code == 1 and "--reason: 错误 [FIELD-EMPTY] 请写明" in refused.err, refused.text
    assert not list((ws_root / "data" / "records").rglob("*.yaml"))
    asked = cli("withdraw", item, input="\n重复报送\n", env={"GOVINFO_INTERACTIVE": "1"})  # in a terminal it asks
    assert asked.code == 0, asked.text
    assert "撤销原因不能为空" in asked.err
    (done,) = (ws_root / "data" / "records").rglob("withdraw-*.yaml")
    assert "reason: 重复报送" in done.read_text(encoding="utf-8")


def test_a_terminal_asks_for_the_reason_only_once_everything_else_is_right(cli, submit, ws_root):
    item = submit(date="2026-10-12")
    terminal = {"GOVINFO_INTERACTIVE": "1"}
    wrong = cli("withdraw", "adopt-202610-T01-0099", input="误登记\n", env=terminal)
    assert wrong.code == 1 and "不存在" in wrong.err and "撤销原因" not in wrong.text, wrong.text
    too_long = cli("correct", item, "--title", "新标题一", "--drafter", "张" * 60, input="写错\n", env=terminal)
    assert too_long.code == 1 and "FIELD-TOO-LONG" in too_long.err and "更正原因" not in too_long.text, too_long.text
    assert not list((ws_root / "data" / "records").rglob("*.yaml"))
    asked = cli("correct", item, "--title", "新标题一", "--drafter", "张三", input="写错\n", env=terminal)
    assert asked.code == 0 and "更正原因: 写错" in asked.text, asked.text
    written = sorted(p.read_text(encoding="utf-8") for p in (ws_root / "data" / "records").rglob("correct-*.yaml"))
    assert len(written) == 2 and all("reason: 写错" in t for t in written)


def test_a_correction_of_two_fields_prints_nothing_when_the_second_is_refused(cli, submit, ws_root):
    item = submit(date="2026-10-12")
    refused = cli("correct", item, "--title", "新标题一", "--drafter", "张" * 60, "--reason", "写错")
    assert refused.code == 1 and "FIELD-TOO-LONG" in refused.err and refused.out == ""
    assert not list((ws_root / "data" / "records").rglob("correct-*.yaml"))


def test_a_control_character_in_a_correction_is_said_of_the_option_it_was_typed_in(cli, submit):
    item = submit()
    result = cli("correct", item, "--title", "新\x1b标题", "--reason", "改标题")
    assert result.code == 1 and "govinfo correct --title: 错误 [CONTROL-CHAR]" in result.err and "--value" not in result.err
