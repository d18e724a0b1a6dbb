"""govinfo issue: compose an issue of the office's own publication, render it, publish it (adoptions
recorded once), through the command line; the 简报 document read back with python-docx."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from conftest import BODY, item_file

EDITED = "城关镇“四个一”机制推动秋粮收购提质增效，前三季度收购秋粮3200吨、同比增长15%"


def adopt_files(root: Path) -> list[Path]:
    return sorted((root / "data" / "records").rglob("adopt-*.yaml"))


def points(cli, unit: str, month: str = "2026-11") -> float:
    r = cli("score", "--month", month, "--format", "json")
    assert r.code == 0, r.text
    data = json.loads(r.out)
    return next(float(u["total"]) for u in data["units"] if u["code"] == unit)


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(path).paragraphs)


@pytest.fixture
def items(submit):
    return {"a": submit(unit="T01", date="2026-10-12"),
            "b": submit(unit="T02", title="东河镇扎实推进冬季森林防火", date="2026-10-14"),
            "c": submit(unit="G01", title="市发展和改革局优化营商环境", date="2026-10-20")}


def new(cli, *args) -> str:
    r = cli("issue", "new", "--pub", "city_express", *args)
    assert r.code == 0, r.text
    return r.out.strip()


def test_compose_render_publish_and_publish_again(ws_root, cli, items):
    original = item_file(ws_root, items["a"]).read_bytes()
    before = points(cli, "T01")
    issue = new(cli, "--date", "2026-11-13")
    assert issue == "city_express-2026-001"
    assert cli("issue", "add", issue, items["a"], items["b"], "--column", "直通基层").code == 0
    assert cli("issue", "add", issue, items["c"]).code == 0                      # the general column (综合)
    assert cli("issue", "edit", issue, items["a"], "--title", EDITED, "--note", "城关镇的做法值得借鉴。").code == 0
    assert cli("issue", "edit", issue, "--note", "本期刊发信息3条。").code == 0
    assert cli("issue", "move", issue, items["c"], "--to", "1").code == 0
    shown = cli("issue", "show", issue)
    assert shown.code == 0 and shown.out.index(items["c"]) < shown.out.index(items["a"]) and EDITED in shown.out
    both = cli("issue", "show", issue, items["a"])
    assert "城关镇多措并举推进秋粮收购" in both.out and EDITED in both.out     # the unit's title and the office's

    r = cli("issue", "render", issue)
    assert r.code == 0, r.text
    draft = ws_root / "out" / "政府工作快报-2026年第1期（草稿）.docx"
    assert draft.is_file() and (ws_root / "out" / "政府工作快报-2026年第1期（草稿）.html").is_file()
    text = docx_text(draft)
    assert "草稿" in text and "政府工作快报" in text and "第1期（总第301期）" in text
    assert EDITED.split("，")[0] in text and "城关镇多措并举推进秋粮收购" not in text.split("本期要目")[1]
    assert "本期要目" in text and "【直通基层】" in text and "【综合】" in text and "编者按：城关镇的做法值得借鉴。" in text
    assert "（城关镇人民政府）" in text and "（市发展和改革局）" in text
    assert adopt_files(ws_root) == []                                           # a draft records nothing

    r = cli("issue", "publish", issue)
    assert r.code == 0, r.text
    records = adopt_files(ws_root)
    assert len(records) == 3
    texts = {p.read_text(encoding="utf-8") for p in records}
    assert all("issue: 第1期" in t and "date: '2026-11-13'" in t for t in texts)
    assert sum("pub: city_express.grassroots" in t for t in texts) == 2        # the column's key, as `adopt --pub` takes it
    assert points(cli, "T01") == before + 1
    final = ws_root / "out" / "政府工作快报-2026年第1期.docx"
    assert final.is_file() and "草稿" not in docx_text(final) and EDITED.split("，")[0] in docx_text(final)
    assert item_file(ws_root, items["a"]).read_bytes() == original             # the unit's file untouched
    assert "state: published" in (ws_root / "data" / "issues" / "2026" / f"{issue}.yaml").read_text(encoding="utf-8")
    explain = cli("explain", "--unit", "T01", "--month", "2026-11")
    assert "被《政府工作快报》第1期（直通基层栏目）采用" in explain.out

    again = cli("issue", "publish", issue)
    assert again.code == 0 and "没有改动" in again.out
    assert adopt_files(ws_root) == records and points(cli, "T01") == before + 1
    listed = cli("issue", "list", "--year", "2026")
    assert issue in listed.out and "3条" in listed.out and "已发布" in listed.out


def test_a_published_issue_is_frozen_and_removing_needs_force_and_withdraws(ws_root, cli, items):
    issue = new(cli, "--date", "2026-11-13")
    assert cli("issue", "add", issue, items["a"], items["b"]).code == 0
    assert cli("issue", "publish", issue).code == 0
    t01 = points(cli, "T01")
    r = cli("issue", "add", issue, items["c"])
    assert r.code == 1 and "已于 2026-11-13 发布" in r.err
    assert cli("issue", "edit", issue, items["a"], "--title", "新标题").code == 1
    r = cli("issue", "remove", issue, items["a"])
    assert r.code == 1 and "--force" in r.err
    r = cli("issue", "remove", issue, items["a"], "--force")
    assert r.code == 1 and "请写明撤下原因" in r.err and not list((ws_root / "data" / "records").rglob("withdraw-*.yaml"))
    r = cli("issue", "remove", issue, items["a"], "--force", input="该信息数据有误\n", env={"GOVINFO_INTERACTIVE": "1"})
    assert r.code == 0 and "撤下原因" in r.text, r.text  # in a terminal the reason is asked for
    assert "已撤销" in r.out
    withdraw = list((ws_root / "data" / "records").rglob("withdraw-*.yaml"))
    assert len(withdraw) == 1 and "该信息数据有误" in withdraw[0].read_text(encoding="utf-8")
    assert points(cli, "T01") == t01 - 1
    saved = (ws_root / "data" / "issues" / "2026" / f"{issue}.yaml").read_text(encoding="utf-8")
    assert "removed:" in saved and "该信息数据有误" in saved
    assert cli("issue", "publish", issue).code == 0 and len(adopt_files(ws_root)) == 2  # nothing comes back


def test_numbering_by_year_with_supplements_apart_and_running_total(cli, items):
    assert new(cli, "--date", "2025-12-30") == "city_express-2025-001"
    assert new(cli, "--date", "2026-01-05") == "city_express-2026-001"
    assert new(cli, "--date", "2026-01-12") == "city_express-2026-002"
    assert new(cli, "--date", "2026-01-15", "--supplement") == "city_express-2026-Z01"
    assert new(cli, "--date", "2026-02-01", "--supplement") == "city_express-2026-Z02"
    assert new(cli, "--date", "2026-02-02") == "city_express-2026-003"
    assert new(cli, "--date", "2026-03-02", "--number", "10") == "city_express-2026-010"
    r = cli("issue", "new", "--pub", "city_express", "--number", "2", "--date", "2026-03-09")
    assert r.code == 1 and "第2期已经有了" in r.err
    r = cli("issue", "list", "--pub", "city_express", "--year", "2026")
    assert "总第302期" in r.out and "总第304期" in r.out and "增刊第1期" in r.out
    assert "2025年" not in r.out
    data = json.loads(cli("issue", "list", "--json").out)
    totals = {d["id"]: d["total"] for d in data}
    assert totals["city_express-2025-001"] == 301 and totals["city_express-2026-Z01"] is None


def test_a_draft_made_for_an_earlier_slot_never_repeats_a_printed_running_total(cli, items):
    """2026's first issue is published as 总第301期; a draft then made for 2025 cannot be 301 too."""
    first = new(cli, "--date", "2026-11-13")
    assert cli("issue", "add", first, items["a"]).code == 0
    assert cli("issue", "publish", first).code == 0
    late = new(cli, "--date", "2025-12-28")
    after = new(cli, "--date", "2026-11-20")
    totals = {d["id"]: d["total"] for d in json.loads(cli("issue", "list", "--json").out)}
    assert totals[first] == 301
    assert len({totals[first], totals[late], totals[after]}) == 3, totals
    shown = cli("issue", "show", late).out
    assert "总第301期" not in shown and f"总第{totals[late]}期" in shown


def test_a_special_issue_holds_one_item_and_scores_as_special(ws_root, cli, items):
    issue = new(cli, "--date", "2026-11-13", "--special")
    assert cli("issue", "add", issue, items["a"]).code == 0
    r = cli("issue", "add", issue, items["b"])
    assert r.code == 1 and "专期" in r.err
    before = points(cli, "T01")
    assert cli("issue", "publish", issue).code == 0
    (rec,) = adopt_files(ws_root)
    assert "special: true" in rec.read_text(encoding="utf-8")
    assert points(cli, "T01") == before + 5                                     # 专期计5分 (seed 000)


def test_adoptions_already_on_record_are_reused_not_doubled(ws_root, cli, items):
    assert cli("adopt", items["a"], "--pub", "city_express", "--issue", "第1期", "--date", "2026-11-13").code == 0
    issue = new(cli, "--date", "2026-11-13")
    assert cli("issue", "add", issue, items["a"], items["b"]).code == 0
    r = cli("issue", "publish", issue)
    assert r.code == 0 and "1 条采用此前已登记" in r.out
    assert len(adopt_files(ws_root)) == 2


def test_issue_refuses_bad_input_in_chinese(ws_root, cli, items):
    cases = [(["issue", "new", "--pub", "province_info"], "不是本办自办刊物"),
             (["issue", "new", "--pub", "city_expres"], "city_express"),
             (["issue", "add", "city_express-2026-009", items["a"]], "不存在"),
             (["issue", "show", "../../etc"], "格式不对"),
             (["issue", "new", "--pub", "city_express", "--number", "10000"], "应是 1 到 999 的整数"),
             (["issue", "new", "--pub", "city_express", "--supplement", "--number", "100000"], "应是 1 到 999 的整数")]
    for args, words in cases:
        r = cli(*args)
        assert r.code == 1 and words in r.err and "Traceback" not in r.text, (args, r.text)
    issue = new(cli, "--date", "2026-11-13")
    for args, words in [(["issue", "add", issue, items["a"], "--column", "头条"], "没有栏目"),
                        (["issue", "publish", issue], "还没有信息"),
                        (["issue", "move", issue, items["a"], "--to", "1"], "不在"),
                        (["issue", "show", issue, items["a"]], f"信息 {items['a']} 不在 {issue} 中"),
                        (["issue", "edit", issue], "没有要修改的内容")]:
        r = cli(*args)
        assert r.code == 1 and words in r.err and "Traceback" not in r.text, (args, r.text)
    assert cli("issue", "add", issue, items["a"]).code == 0
    other = new(cli, "--date", "2026-11-14")
    r = cli("issue", "add", other, items["a"])
    assert r.code == 1 and "已编入" in r.err
    late = new(cli, "--date", "2026-10-01")
    assert cli("issue", "add", late, items["c"]).code == 0
    r = cli("issue", "publish", late)
    assert r.code == 1 and "早于信息" in r.err and adopt_files(ws_root) == []


def test_rules_and_office_keys_of_own_publications_are_checked(ws_root, cli):
    points_file = ws_root / "rules" / "points.yaml"
    text = points_file.read_text(encoding="utf-8")
    points_file.write_text(text.replace("copies: 80", "copies: 0").replace("# secrecy: 内部", "secrecy: 秘密"),
                           encoding="utf-8")
    office = ws_root / "rules" / "office.yaml"
    office.write_text(office.read_text(encoding="utf-8").replace("briefings:\n  city_express:",
                                                                 "briefings:\n  province_info:"), encoding="utf-8")
    r = cli("validate")
    assert r.code == 1
    assert "rules/points.yaml:" in r.out and "copies" in r.out and "BAD-SECRECY" in r.out
    assert "briefings 中的“province_info”不是自办刊物" in r.out


def test_the_briefing_docx_page_fonts_language_masthead_and_tail(ws_root, cli, items):
    issue = new(cli, "--date", "2026-11-13")
    assert cli("issue", "add", issue, items["a"], items["b"], items["c"]).code == 0
    assert cli("issue", "publish", issue).code == 0
    doc = Document(ws_root / "out" / "政府工作快报-2026年第1期.docx")
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == [37, 35, 28, 26]
    assert doc.settings.odd_and_even_pages_header_footer
    assert "PAGE" in sec.footer._element.xml and "— " in sec.footer.paragraphs[0].text
    lang = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert all(r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in runs)
    mast = next(r for r in runs if r.text == "政府工作快报")
    assert str(mast.font.color.rgb) == "FF0000" and mast.font.size >= Pt(36)
    assert mast._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    line = next(p for p in doc.paragraphs if p.text.startswith("某某市人民政府办公室"))
    assert line.text.endswith("2026年11月13日")
    rule = line._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000" and int(rule.get(qn("w:sz"))) >= 18
    tail = doc.paragraphs[-2]
    assert "报：" in tail.text and "送：" in tail.text and "发：" in tail.text and "（共印80份）" in tail.text
    frame = tail._p.pPr.find(qn("w:framePr"))
    assert frame.get(qn("w:yAlign")) == "bottom" and frame.get(qn("w:vAnchor")) == "margin"
    body = next(p for p in doc.paragraphs if p.text.startswith(BODY[:10]))
    assert body.paragraph_format.first_line_indent == Pt(32)
    html = (ws_root / "out" / "政府工作快报-2026年第1期.html").read_text(encoding="utf-8")
    assert '<meta name="ProgId" content="Word.Document">' in html and "mso-element-top:bottom" in html
    assert '<p class="masthead">政府工作快报</p>' in html and "（共印80份）" in html


def test_long_titles_break_between_words_not_inside_numbers():
    from govinfo.render.briefing_layout import title_lines
    lines = title_lines(EDITED)
    assert len(lines) == 2 and lines[0].endswith("，")
    assert title_lines("短标题") == ["短标题"]
    lines = title_lines("某某县2026年第一季度固定资产投资增长12345万元同比增长百分之十五点六的情况报告")
    assert all(not (a[-1].isdigit() and b[0].isdigit()) for a, b in zip(lines, lines[1:]))


@pytest.mark.parametrize("title, first, second", [
    ("东河镇坚持问题导向全面推进农村人居环境整治提升行动", "东河镇坚持问题导向全面推进", "农村人居环境整治提升行动"),
    ("市自然资源和规划局多措并举保障重点项目用地需求推动项目早落地", "市自然资源和规划局多措并举保障", "重点项目用地需求推动项目早落地"),
])
def test_long_titles_break_at_word_boundaries(title, first, second):
    from govinfo.render.briefing_layout import title_lines
    assert title_lines(title) == [first, second]  # not 全面推|进农村, not 多措|并举


def test_an_office_can_give_the_title_breaks_itself():
    from govinfo.render.titles import title_lines
    assert title_lines("关于全市政务信息|工作情况的通报", 20) == ["关于全市政务信息", "工作情况的通报"]


def test_hostile_text_is_plain_text_in_the_html(ws_root, cli, submit):
    bad = submit(title='<script>alert(1)</script>“标题”', date="2026-10-12")
    issue = new(cli, "--date", "2026-11-13")
    assert cli("issue", "add", issue, bad).code == 0
    assert cli("issue", "render", issue).code == 0
    html = (ws_root / "out" / "政府工作快报-2026年第1期（草稿）.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_demo_has_published_issues_a_special_one_and_a_draft(demo_copy):
    from conftest import run_cli
    r = run_cli(["issue", "list", "--root", demo_copy, "--json"])
    assert r.code == 0, r.text
    issues = json.loads(r.out)
    published = [i for i in issues if i["state"] == "published"]
    assert len(published) >= 3 and sum(i["special"] for i in published) == 1
    assert any(i["state"] == "draft" for i in issues)
    assert all(i["date"] >= "2026-11-01" for i in published)               # October and earlier scores as before
    for i in published:
        shown = json.loads(run_cli(["issue", "show", i["id"], "--root", demo_copy, "--json"]).out)
        assert all(e["adoption"].startswith("adopt-202611-DEM-") for e in shown["items"])
        assert (i["items_count"] == 1) == i["special"]
    before = len(adopt_files(demo_copy))
    again = run_cli(["issue", "publish", published[0]["id"], "--root", demo_copy])
    assert again.code == 0 and "没有改动" in again.out and len(adopt_files(demo_copy)) == before
    assert "0 个错误" in run_cli(["validate", "--root", demo_copy]).out


def test_validate_checks_issue_files_and_render_keeps_final_files(ws_root, cli, items):
    issue = new(cli, "--date", "2026-11-13")
    assert cli("issue", "add", issue, items["a"]).code == 0
    assert cli("issue", "publish", issue, "--date", "2027-01-02").code == 1    # another year: another issue
    assert cli("issue", "publish", issue).code == 0
    final = ws_root / "out" / "政府工作快报-2026年第1期.docx"
    final.write_bytes(b"touched up by hand")
    r = cli("issue", "render", issue)
    assert r.code == 1 and "--force" in r.err and final.read_bytes() == b"touched up by hand"
    assert cli("issue", "render", issue, "--force").code == 0 and final.read_bytes() != b"touched up by hand"
    assert cli("validate").code == 0
    path = ws_root / "data" / "issues" / "2026" / f"{issue}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(items["a"], "202610-XXX-0099"), encoding="utf-8")
    (path.parent / "city_express-2026-002.yaml").write_text("id: [broken\n", encoding="utf-8")
    r = cli("validate")
    assert r.code == 1
    assert f"data/issues/2026/{issue}.yaml:1: 错误 [UNKNOWN-ITEM]" in r.out
    assert "data/issues/2026/city_express-2026-002.yaml:1: 错误 [YAML]" in r.out
    listed = cli("issue", "list")
    assert listed.code == 0 and "1 个文件有错误" in listed.err


def test_the_running_total_follows_the_order_of_issues_not_of_creation(cli, items):
    later = [new(cli, "--date", d) for d in ("2027-01-04", "2027-01-11")]
    earlier = new(cli, "--date", "2026-12-28")                                  # made last, printed first
    totals = {d["id"]: d["total"] for d in json.loads(cli("issue", "list", "--json").out)}
    assert totals[earlier] == 301 and [totals[i] for i in later] == [302, 303]


def test_an_adoption_recorded_by_hand_in_another_month_is_not_recorded_again(ws_root, cli, items):
    assert cli("adopt", items["a"], "--pub", "city_express", "--issue", "1", "--date", "2026-10-30").code == 0
    issue = new(cli, "--date", "2026-11-13")
    assert cli("issue", "add", issue, items["a"]).code == 0
    r = cli("issue", "publish", issue)
    assert r.code == 0 and "1 条采用此前已登记" in r.out, r.text
    assert len(adopt_files(ws_root)) == 1


def test_show_item_shows_the_units_text_and_the_offices_edit(ws_root, cli, items):
    issue = new(cli, "--date", "2026-11-13")
    cli("issue", "add", issue, items["a"])
    cli("issue", "edit", issue, items["a"], "--title", EDITED, "--note", "值得借鉴。")
    shown = cli("show", items["a"])
    assert shown.code == 0
    assert "标题：城关镇多措并举推进秋粮收购" in shown.out                       # the unit's, untouched
    assert f"修改后的标题：{EDITED}" in shown.out and "按语：值得借鉴。" in shown.out
    assert "《政府工作快报》2026年第1期" in shown.out and "草稿" in shown.out
    data = json.loads(cli("show", items["a"], "--json").out)
    assert data["title"] != EDITED and data["editions"][0]["title"] == EDITED


def test_an_issues_adoption_withdrawn_by_hand_is_reported(ws_root, cli, items):
    issue = new(cli, "--date", "2026-11-13")
    cli("issue", "add", issue, items["a"])
    assert cli("issue", "publish", issue).code == 0
    (rec,) = adopt_files(ws_root)
    refused = cli("withdraw", rec.stem, "--reason", "误登记")
    assert refused.code == 1 and "[ISSUE-ADOPTION]" in refused.err
    assert f"govinfo issue remove {issue} {items['a']} --force" in refused.err
    assert not list((ws_root / "data" / "records").rglob("withdraw-*.yaml"))
    # one withdrawn another way (an older version, or by hand) is still reported
    from govinfo.actions import new_records
    from govinfo.store.workspace import open_workspace
    new_records.withdraw(open_workspace(ws_root), rec.stem, "误登记", from_issue=True)
    r = cli("validate")
    assert "[ADOPTION-WITHDRAWN]" in r.out and rec.stem in r.out and "issue remove" in r.out


def test_an_item_in_an_issue_is_not_withdrawn_until_it_is_taken_out(ws_root, cli, items):
    issue = new(cli, "--date", "2026-11-13")
    assert cli("issue", "add", issue, items["a"], items["b"]).code == 0
    refused = cli("withdraw", items["a"], "--reason", "误报")
    assert refused.code == 1 and "[IN-ISSUE]" in refused.err and f"govinfo issue remove {issue} {items['a']}" in refused.err
    assert not list((ws_root / "data" / "records").rglob("withdraw-*.yaml"))
    assert cli("issue", "render", issue).code == 0                      # the draft still lays out
    assert cli("issue", "remove", issue, items["a"]).code == 0
    assert cli("withdraw", items["a"], "--reason", "误报").code == 0
    assert cli("issue", "publish", issue).code == 0
    from govinfo.actions import new_records
    from govinfo.store.workspace import open_workspace
    new_records.withdraw(open_workspace(ws_root), adopt_files(ws_root)[0].stem, "登记错了", from_issue=True)  # by hand
    printed = cli("withdraw", items["b"], "--reason", "误报")
    assert printed.code == 1 and "已发布：先 govinfo issue remove" in printed.err and "--force --reason" in printed.err


def test_an_office_edit_or_correction_with_a_mark_at_the_head_of_its_title_is_refused(ws_root, cli, items):
    issue = new(cli, "--date", "2026-11-13")
    assert cli("issue", "add", issue, items["a"]).code == 0
    edited = cli("issue", "edit", issue, items["a"], "--title", "【绝密】改后标题")
    assert edited.code == 1 and "[CLASSIFIED]" in edited.err and "改后标题" not in edited.text, edited.text
    corrected = cli("correct", items["a"], "--title", "（机密）标题", "--reason", "改标题")
    assert corrected.code == 1 and "[CLASSIFIED]" in corrected.err, corrected.text
    assert not list((ws_root / "data" / "records").rglob("correct-*.yaml"))


@pytest.mark.parametrize("option, text, limit", [("--title", "长" * 300, "200"), ("--note", "注" * 3000, "1,000")])
def test_an_office_edit_past_the_limits_a_unit_is_held_to_is_refused(ws_root, cli, items, option, text, limit):
    issue = new(cli, "--date", "2026-11-13")
    assert cli("issue", "add", issue, items["a"]).code == 0
    path = next((ws_root / "data" / "issues").rglob("*.yaml"))
    before = path.read_bytes()
    edited = cli("issue", "edit", issue, items["a"], option, text)
    assert edited.code == 1 and "[FIELD-TOO-LONG]" in edited.err and f"超过上限 {limit} 字" in edited.err
    assert path.read_bytes() == before


def test_a_broken_draft_file_is_named_when_a_new_issue_would_take_its_number(ws_root, cli):
    """It said 刚被别人建立, 重新运行即可 -- and every run said it again."""
    first = new(cli, "--date", "2026-11-13")
    path = next((ws_root / "data" / "issues").rglob(f"{first}.yaml"))
    path.write_text(path.read_text(encoding="utf-8") + "oops: [\n", encoding="utf-8")
    again = cli("issue", "new", "--pub", "city_express", "--date", "2026-11-14")
    assert again.code == 1 and "[ISSUE-UNREADABLE]" in again.err and f"{path.name}:" in again.err
    assert "刚被别人建立" not in again.err
    assert len(list((ws_root / "data" / "issues").rglob("*.yaml"))) == 1
