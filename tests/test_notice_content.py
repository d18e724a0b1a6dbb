"""What a notice says, on a small workspace: wording a reader will not question (issue of the
notices' content). The demo's notices are checked in test_notice.py."""
from __future__ import annotations

import re

import pytest

from conftest import run_cli
from test_notice import docx_text


def test_a_small_category_is_listed_whole_not_called_top_ten(cli, ws_root, submit):
    submit(date="2026-08-12")
    submit(unit="T02", title="东河镇扎实推进秋粮收购", date="2026-08-13")
    r = cli("notice", "--quarter", "2026Q3", "--number", "9", "--date", "2026-10-15")
    assert r.code == 0, r.text
    text = docx_text(ws_root / "out" / "政务信息通报-2026Q3.docx")
    assert "得分前10名" not in text and "得分后10名" not in text
    assert "本类共2个单位，按得分排列：" in text


@pytest.mark.parametrize("extra, said", [
    ("", "问题建议类信息仍需加强。2026年10月报送的信息中，反映问题、提出建议的信息1条，占报送总数的50.0%"),
    ("problem_categories: [调研信息]\n", "调研信息类信息偏少。2026年10月报送的信息中，反映问题、提出建议的信息0条"),
    ("problem_categories: []\n", None),
], ids=["default", "the office's own", "none"])
def test_the_problem_paragraph_counts_the_rules_problem_categories(cli, ws_root, submit, extra, said):
    points = ws_root / "rules" / "points.yaml"
    points.write_text(points.read_text(encoding="utf-8") + extra, encoding="utf-8")
    submit(date="2026-10-12")
    submit(unit="T02", title="关于东河镇秋粮收购中存在问题的建议", date="2026-10-13", category="问题建议")
    assert cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05").code == 0
    text = docx_text(ws_root / "out" / "政务信息通报-2026-10.docx")
    if said:
        assert said in text
    else:
        assert "类信息偏少" not in text and "类信息仍需加强" not in text and "反映问题、提出建议的信息" not in text


def test_the_half_year_columns_say_which_half(cli, ws_root, submit):
    submit(date="2026-03-12")
    r = cli("notice", "--half", "2026H1", "--number", "5", "--date", "2026-07-10")
    assert r.code == 0, r.text
    text = docx_text(ws_root / "out" / "政务信息通报-2026H1.docx")
    assert "上半年" in text and "本半年" not in text


def test_joint_items_explain_why_the_table_adds_up_to_more(cli, ws_root, submit):
    submit(date="2026-10-12")
    submit(unit="T02", title="东河镇与城关镇联合推进秋粮收购", date="2026-10-13", joint="T01")
    assert cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05").code == 0
    text = docx_text(ws_root / "out" / "政务信息通报-2026-10.docx")
    assert "共报送政务信息2条" in text
    assert "各单位“报送”数相加为3条，多于报送总数2条" in text


def test_late_and_missed_calls_are_told_apart_in_one_sentence_per_unit(cli, ws_root, submit):
    calls = []
    for topic in ("冬季供暖", "秋粮收购", "安全生产"):
        r = cli("solicit", "new", "--topic", topic, "--units", "T01", "--deadline", "2026-10-10", "--date", "2026-10-01")
        assert r.code == 0, r.text
        calls.append(r.out.split()[0])
    submit(date="2026-10-15", solicitation=calls[0])          # answered after the deadline
    submit(title="城关镇按时答复约稿", date="2026-10-08", solicitation=calls[1])  # on time
    assert cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05").code == 0
    text = docx_text(ws_root / "out" / "政务信息通报-2026-10.docx")
    assert "城关镇逾期报送约稿信息1次、未报送约稿信息1次。" in text
    assert text.count("城关镇逾期") == 1 and "逾期报送或未报送" not in text


def test_a_call_answered_after_the_period_is_late_everywhere_not_missing_in_the_notice(cli, ws_root, submit):
    """Due 10-30, answered 11-05: the October notice, the scores and the call list all say 迟报."""
    call = cli("solicit", "new", "--topic", "冬季供暖", "--units", "T01", "--deadline", "2026-10-30",
               "--date", "2026-10-01").out.split()[0]
    submit(date="2026-11-05", solicitation=call)
    assert "迟报：城关镇" in cli("solicit", "list").out
    assert "2026-11-05 才答复，晚于截止日 2026-10-30" in cli("explain", "--unit", "T01", "--month", "2026-10").out
    assert cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-06").code == 0
    body = docx_text(ws_root / "out" / "政务信息通报-2026-10.docx")
    assert "逾期报送：城关镇" in body and "未报送：城关镇" not in body
    assert "城关镇逾期报送约稿信息1次。" in body


def test_contact_line_adopted_list_and_calls_section_follow_office_yaml(cli, ws_root, submit):
    office = ws_root / "rules" / "office.yaml"
    text = office.read_text(encoding="utf-8")
    assert "list_adopted: false" in text and "calls_section: true" in text  # a new workspace: the calls, no list
    office.write_text(text.replace("contact:\n", "contact: 联系人：王芳，电话：0931-1234567\n")
                      .replace("list_adopted: false", "list_adopted: true"), encoding="utf-8")
    call = cli("solicit", "new", "--topic", "冬季供暖", "--units", "T01,T02", "--deadline", "2026-10-10",
               "--date", "2026-10-01").out.split()[0]
    item = submit(date="2026-10-08", solicitation=call)
    assert cli("adopt", item, "--pub", "city_express", "--issue", "第40期", "--date", "2026-10-20").code == 0
    assert cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05").code == 0
    doc = ws_root / "out" / "政务信息通报-2026-10.docx"
    body = docx_text(doc)
    assert "联系人：王芳，电话：0931-1234567" in body
    assert "约稿完成情况" in body and "“冬季供暖”约稿（10月10日截止）。约稿2个单位，按时报送1个；未报送：东河镇。" in body
    assert "2026年10月份被采用信息目录" in body and "城关镇多措并举推进秋粮收购" in body and "《政府工作快报》第40期" in body
    office.write_text(office.read_text(encoding="utf-8").replace("list_adopted: true", "list_adopted: false")
                      .replace("calls_section: true", "calls_section: false"), encoding="utf-8")
    assert cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05", "--force").code == 0
    body = docx_text(doc)
    assert "约稿完成情况" not in body and "被采用信息目录" not in body and "联系人：王芳" in body
    office.write_text(office.read_text(encoding="utf-8").replace("list_adopted: false", "list_adopted: 否"), encoding="utf-8")
    bad = cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05", "--force")
    assert bad.code == 1 and "rules/office.yaml" in bad.err and "list_adopted 应为 true 或 false" in bad.err


def test_a_period_with_no_data_says_so_plainly(cli, ws_root):
    r = cli("notice", "--month", "2026-10", "--number", "1", "--date", "2026-11-05")
    assert r.code == 0, r.text
    text = docx_text(ws_root / "out" / "政务信息通报-2026-10.docx")
    assert "2026年10月，全市各单位没有报送政务信息，也没有信息被采用或获领导批示。" in text
    assert "得分居前的是" not in text and "占报送总数的" not in text   # no half sentences
    assert "城关镇、东河镇、发展和改革局、教育局未报送任何信息" in text


def test_a_unit_praised_and_named_for_missing_its_quota_is_explained(cli, ws_root, submit):
    item = submit(date="2026-10-12")  # one item against a monthly quota of several, but adopted at a high level
    assert cli("adopt", item, "--pub", "province_info", "--issue", "第5期", "--date", "2026-10-20").code == 0
    assert cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05").code == 0
    text = docx_text(ws_root / "out" / "政务信息通报-2026-10.docx")
    leading = text.split("得分居前的是")[1].split("。")[0]
    assert "城关镇" in leading and "部分单位未完成报送任务（按报送条数计）" in text
    assert "其中城关镇得分居前，主要来自采用和批示加分，但报送条数没有完成任务。" in text


def test_the_addressees_follow_the_roster(cli, ws_root, submit):
    submit()
    assert cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05").code == 0
    text = docx_text(ws_root / "out" / "政务信息通报-2026-10.docx")
    assert "各镇人民政府，市政府各部门：" in text and "街道办事处" not in text  # no 街道 in this roster
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8") + "  - code: S01\n    name: 城南街道办事处\n    short: 城南街道\n"
                      "    category: township\n  - code: T09\n    name: 桃源乡人民政府\n    category: township\n", encoding="utf-8")
    assert cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05", "--force").code == 0
    assert "各乡镇人民政府、街道办事处，市政府各部门：" in docx_text(ws_root / "out" / "政务信息通报-2026-10.docx")
    office = ws_root / "rules" / "office.yaml"
    office.write_text(office.read_text(encoding="utf-8").replace("addressees: auto", "addressees: 各有关单位："), encoding="utf-8")
    assert cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05", "--force").code == 0
    assert "各有关单位：" in docx_text(ws_root / "out" / "政务信息通报-2026-10.docx")  # the office's own line wins


def test_a_contact_line_with_an_email_is_set_flush_left_not_stretched(cli, ws_root, submit):
    """A justified line that ends before a long address is stretched letter by letter (联 系 人 ：…):
    such a paragraph is set flush left, in the .docx and in the HTML."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    office = ws_root / "rules" / "office.yaml"
    contact = "联系人：王某某，电话：0000-1234567，邮箱：xinxike.zhengwu@example.gov.cn"
    office.write_text(office.read_text(encoding="utf-8").replace("contact:\n", f"contact: {contact}\n"), encoding="utf-8")
    submit()
    assert cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05").code == 0
    paragraphs = Document(str(ws_root / "out" / "政务信息通报-2026-10.docx")).paragraphs
    line = next(p for p in paragraphs if p.text == contact)
    assert line.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    body = next(p for p in paragraphs if p.text.startswith("2026年10月，全市各单位共报送"))
    assert body.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY   # the others stay justified
    html = (ws_root / "out" / "政务信息通报-2026-10.html").read_text(encoding="utf-8")
    assert re.search(rf'<p class="body ragged"[^>]*>{re.escape(contact)}</p>', html) and "p.ragged {text-align:left;}" in html


def test_notice_names_a_misspelt_office_key_it_ignored(cli, ws_root, submit):
    office = ws_root / "rules" / "office.yaml"
    office.write_text(office.read_text(encoding="utf-8").replace("duplex: true", "dupelx: false"), encoding="utf-8")
    submit()
    r = cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05")
    assert r.code == 0, r.text
    assert "rules/office.yaml:" in r.err and "“dupelx”不认识，已忽略" in r.err and "duplex" in r.err


def test_an_unreadable_office_yaml_is_one_error_not_a_flood_of_false_warnings(cli, ws_root, submit):
    office = ws_root / "rules" / "office.yaml"
    submit()
    office.write_text(office.read_text(encoding="utf-8").replace("cc: ", "cc ", 1), encoding="utf-8")
    r = cli("validate")
    assert r.code == 1 and "rules/office.yaml:" in r.out + r.err and "[YAML]" in r.out + r.err
    assert "PLACEHOLDER" not in r.out + r.err and "NO-BRIEFING" not in r.out + r.err


def test_one_bad_value_in_office_yaml_still_leaves_the_rest_read(cli, ws_root):
    """Only an office.yaml that cannot be read at all silences the warnings about its names: with
    one bad value the other keys were read, and the 某某市 names still deserve their warning."""
    office = ws_root / "rules" / "office.yaml"
    office.write_text(office.read_text(encoding="utf-8").replace("duplex: true", "duplex: 是"), encoding="utf-8")
    r = cli("validate")
    assert r.code == 1 and "[RULES-TYPE]" in r.out + r.err and "[PLACEHOLDER]" in r.out + r.err


@pytest.mark.parametrize("line, ragged", [
    ("联系人：王某某，邮箱：xinxike.zhengwu@example.gov.cn", True),
    ("详见 https://www.example.gov.cn/zwxx/2026/notice.html", True),
    ("（四）联系方式。联系人：王某某，邮箱：xinxike.zhengwu@example.gov.cn", True),
    ("本次统计时间为2026.10.01-2026.10.31，共报送信息120条。", False),
    ("202610-AAA-00123号信息被省政府办公厅采用。", False),
    ("（电话：0000-1234567/0000-7654321）", False)])
def test_only_an_address_sets_a_paragraph_flush_left(line, ragged):
    from govinfo.compute.notice import parse_blocks
    (block,) = parse_blocks(line)
    assert block.ragged is ragged


def test_a_number_another_notice_carries_is_refused_unless_reused_on_purpose(cli, ws_root, submit):
    submit()
    assert cli("notice", "--month", "2026-09", "--number", "12", "--date", "2026-10-08").code == 0
    again = cli("notice", "--quarter", "2026Q3", "--number", "12", "--date", "2026-10-09")
    assert again.code == 1 and "[NUMBER-IN-USE]" in again.err and "已用于 政务信息通报-2026-09.html" in again.err
    assert not list((ws_root / "out").glob("政务信息通报-2026Q3.*"))  # refused: nothing written
    assert cli("notice", "--month", "2026-09", "--number", "12", "--date", "2026-10-08", "--force").code == 0  # its own
    forced = cli("notice", "--quarter", "2026Q3", "--number", "12", "--date", "2026-10-09", "--force")
    assert forced.code == 1 and "[NUMBER-IN-USE]" in forced.err  # --force overwrites files; it does not reuse numbers
    reused = cli("notice", "--quarter", "2026Q3", "--number", "12", "--date", "2026-10-09", "--reuse-number")
    assert reused.code == 0 and "警告 [NUMBER-IN-USE]" in reused.err
    assert cli("notice", "--quarter", "2026Q3", "--number", "13", "--date", "2026-10-09", "--force").code == 0


def test_a_notice_waits_for_its_period_to_end_and_is_not_dated_years_ahead(cli, ws_root, submit):
    """Today is 2026-11-21: the year's notice would rank units on eleven months as if on twelve."""
    submit(date="2026-10-12")
    early = cli("notice", "--year", "2026", "--number", "30", "--date", "2027-01-05")
    assert early.code == 1 and "2026年还没有结束（2026-12-31结束）" in early.err and "govinfo score" in early.err
    current = cli("notice", "--month", "2026-11", "--number", "6")  # the month still running: said so, not "use --date"
    assert current.code == 1 and "2026年11月还没有结束" in current.err and "--date 写成之后" not in current.err
    last_day = run_cli(["notice", "--month", "2026-10", "--number", "6", "--root", ws_root], env={"GOVINFO_NOW": "2026-10-31 23:00"})
    assert last_day.code == 1 and "2026年10月还没有结束" in last_day.err  # items still come in on its last day
    far = cli("notice", "--month", "2026-10", "--number", "3", "--date", "2199-12-31")
    assert far.code == 1 and "比今天晚了" in far.err
    assert not (ws_root / "out").exists() or not list((ws_root / "out").iterdir())
    assert cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-12-01").code == 0  # days ahead: fine


def test_a_period_in_which_no_unit_reported_says_so_of_all_not_of_a_few(cli, ws_root, submit):
    """All units silent in the quarter: not 个别单位 (a few), and every one counted."""
    submit(date="2026-07-05")
    path = next((ws_root / "data" / "items").rglob("*.md"))
    assert cli("withdraw", path.stem, "--reason", "报错了").code == 0
    assert cli("notice", "--quarter", "2026Q3", "--number", "4", "--date", "2026-10-09").code == 0
    body = docx_text(ws_root / "out" / "政务信息通报-2026Q3.docx")
    assert "各单位均没有报送信息" in body and "个别单位" not in body and "部分单位没有报送信息" not in body
    assert "城关镇、东河镇、发展和改革局、教育局未报送任何信息" in body  # still named, every one


def test_penalties_of_the_period_are_named_under_problems_and_a_late_emergency_criticised(cli, ws_root, submit):
    """The rules: 迟报…取消单位年度评先资格，并通报批评; the notice named penalties only as numbers in its table."""
    submit(date="2026-10-12")
    assert cli("penalty", "add", "--unit", "G01", "--kind", "false_info", "--date", "2026-10-15", "--note", "数据有误").code == 0
    assert cli("penalty", "add", "--unit", "T02", "--kind", "emergency_late", "--date", "2026-10-16").code == 0
    assert cli("notice", "--month", "2026-10", "--number", "5", "--date", "2026-11-05").code == 0
    body = docx_text(ws_root / "out" / "政务信息通报-2026-10.docx")
    problems = body.split("存在问题")[1].split("下步要求")[0]
    assert "个别单位受到扣分。" in problems and "发展和改革局信息失实并造成严重后果：数据有误，扣10分" in problems
    assert "东河镇迟报、漏报重大事故、突发事件信息，扣20分，取消本年度评先资格，予以通报批评" in problems
