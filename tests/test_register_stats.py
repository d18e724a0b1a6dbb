"""The year's register and the statistics: figures and files, checked against a small office."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import openpyxl
import pytest


@pytest.fixture
def office(cli, submit):
    ids = [submit(title="甲", date="2026-01-05"),
           submit(title="乙", date="2026-01-20", category="问题建议"),
           submit(unit="T02", title="丙", date="2026-02-03"),
           submit(unit="G01", title="丁<b>&", date="2026-02-10", category="问题建议"),
           submit(unit="D01", title="戊", date="2026-03-01", category="经验做法"),
           submit(title="去年的", date="2025-12-30")]
    for item, pub, day in ((ids[0], "city_express", "2026-01-15"), (ids[0], "province_info", "2026-02-01"),
                           (ids[1], "city_express", "2026-02-02"), (ids[3], "upper_city_info", "2026-02-20")):
        assert cli("adopt", item, "--pub", pub, "--issue", "第2期", "--date", day).code == 0
    result = cli("instruct", ids[1], "--level", "city", "--leader", "市长", "--date", "2026-02-05")
    assert cli("feedback", result.out.split()[0], "--text", "已落实", "--date", "2026-02-10").code == 0
    cli("instruct", ids[3], "--level", "province", "--leader", "副省长", "--date", "2026-03-01")
    return ids


def sheet_rows(path, name):
    return [list(r) for r in openpyxl.load_workbook(path)[name].iter_rows(values_only=True)]


def test_register_lists_every_item_by_category_and_unit_with_outcome(cli, office, ws_root):
    result = cli("register", "--year", "2026")
    assert result.code == 0, result.text
    assert "信息 5 条，被采用 3 条，获批示 2 条，已反馈办理 1 条" in result.out
    path = ws_root / "out" / "政务信息登记簿-2026.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "汇总" and {"工作动态", "问题建议", "经验做法"} <= set(wb.sheetnames)
    summary = sheet_rows(path, "汇总")
    assert ["问题建议", 2, 2, 2, 1] in summary and ["合计", 5, 3, 2, 1] in summary
    problems = sheet_rows(path, "问题建议")
    assert problems[1][:5] == ["序号", "信息编号", "报送日期", "单位", "标题"]
    by_id = {r[1]: r for r in problems if isinstance(r[0], int)}
    乙 = by_id[office[1]]
    assert 乙[9] == "2026-02-02《政府工作快报》第2期" and 乙[10] == "2026-02-05 市长批示" and 乙[11] == "2026-02-10 已反馈"
    丁 = by_id[office[3]]
    assert 丁[4] == "丁<b>&" and 丁[11].startswith("逾期未反馈（期限 2026-03-16）")
    assert ["城关镇人民政府（1 条）"] == [c for c in problems[2] if c]     # grouped by unit
    assert not any("去年的" in str(c) for r in sheet_rows(path, "工作动态") for c in r)
    assert openpyxl.load_workbook(path)["问题建议"].print_title_rows == "$2:$2"
    # an item adopted twice: one adoption a line, and a row tall enough to show both
    work = openpyxl.load_workbook(path)["工作动态"]
    row = next(r for r in work.iter_rows(min_row=3) if r[1].value == office[0])
    assert row[9].value == "2026-01-15《政府工作快报》第2期\n2026-02-01省政府办公厅政务信息刊物第2期"
    assert row[9].alignment.wrap_text and work.row_dimensions[row[0].row].height >= 30
    assert cli("register", "--year", "26").code == 1
    again = cli("register", "--year", "2026")                  # shown again, the file left alone
    assert again.code == 0 and "内容未变，未重写" in again.out


def test_stats_figures_on_screen_and_in_the_workbook(cli, office, ws_root):
    result = cli("stats", "--quarter", "2026Q1")
    assert result.code == 0, result.text
    # 5 items in Q1, 3 of them adopted; 2 problem items (40% of sent), both adopted (2 of 3 adoptions)
    assert "报送 5 条，被采用 3 条，采用率 60.0%" in result.out
    assert "问题建议类报送 2 条（占 40.0%），被采用 2 条（占采用的 66.7%）" in result.out
    path = ws_root / "out" / "政务信息统计-2026Q1.xlsx"
    units = {r[0]: r for r in sheet_rows(path, "各单位采用率")[2:]}
    assert units["城关镇"][2:6] == [2, 2, 1, 1]              # sent, adopted, rate, instructed
    assert units["东河镇"][2:5] == [1, 0, 0]
    months = sheet_rows(path, "逐月")
    assert ["2026年1月", 2, 2, 1] in months and ["2026年2月", 2, 1, 0.5] in months and ["2026年3月", 1, 0, 0] in months
    direct = sheet_rows(path, "直报点")
    assert direct[2][:4] == ["城关镇", 2, 2, 1]
    wb = openpyxl.load_workbook(path)
    assert all(wb[name]._charts for name in ("各单位采用率", "信息类别", "逐月"))


def test_stats_page_has_inline_svg_charts(cli, office, ws_root):
    assert cli("stats", "--year", "2026").code == 0
    html = (ws_root / "out" / "政务信息统计-2026.html").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        ET.fromstring(svg)  # well-formed: the browser and Word draw it
    assert "各单位采用率" in html and "问题建议类信息报送 2 条" in html
    assert ">城关镇</text>" in svgs[0] and ">100.0%</text>" in svgs[0]


def test_stats_bad_period(cli):
    result = cli("stats", "--month", "2026-13")
    assert result.code == 1 and "错误" in result.err


def test_reports_of_a_running_period_say_so_on_every_sheet_and_page(cli, office, ws_root):
    """Today is 2026-11-21: the year's figures are so far, the first quarter's are final."""
    assert cli("stats", "--year", "2026").code == 0 and cli("register", "--year", "2026").code == 0
    for name in ("政务信息统计-2026.xlsx", "政务信息登记簿-2026.xlsx"):
        titles = [sheet["A1"].value for sheet in openpyxl.load_workbook(ws_root / "out" / name)]
        assert titles and all(t.endswith("（暂计，截至 2026-11-21）") for t in titles), (name, titles)
    page = (ws_root / "out" / "政务信息统计-2026.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]*2026年政务信息统计（暂计，截至 2026-11-21）</title>", page)
    assert cli("stats", "--quarter", "2026Q1").code == 0
    final = openpyxl.load_workbook(ws_root / "out" / "政务信息统计-2026Q1.xlsx")
    assert not any("暂计" in str(sheet["A1"].value) for sheet in final)
    assert cli("register", "--year", "2025").code == 0
    assert not any("暂计" in str(s["A1"].value) for s in openpyxl.load_workbook(ws_root / "out" / "政务信息登记簿-2025.xlsx"))


def test_a_register_edited_by_hand_is_kept_and_one_only_out_of_date_is_updated(cli, office, ws_root):
    """A note added to the register in Excel was lost at the next run (已更新) though nothing had
    changed but the note."""
    assert cli("register", "--year", "2026").code == 0
    path = ws_root / "out" / "政务信息登记簿-2026.xlsx"
    assert cli("adopt", office[2], "--pub", "city_express", "--issue", "第3期", "--date", "2026-02-20").code == 0
    assert "已更新" in cli("register", "--year", "2026").out  # govinfo's own file, out of date: rewritten
    book = openpyxl.load_workbook(path)
    book["汇总"]["Z1"] = "科长已阅"
    book.save(path)
    edited = path.read_bytes()
    again = cli("register", "--year", "2026")
    assert again.code == 0 and "可能手工改过" in again.out and "--force" in again.out
    assert "政务信息登记簿-2026.xlsx 没有重写，文件里还是原来的内容" in again.err
    assert path.read_bytes() == edited
    forced = cli("register", "--year", "2026", "--force")
    assert "已更新" in forced.out and openpyxl.load_workbook(path)["汇总"]["Z1"].value is None
    page = ws_root / "out" / "政务信息统计-2026H1.html"
    assert cli("stats", "--half", "2026H1").code == 0
    page.write_text(page.read_text(encoding="utf-8") + "<!-- 科长批注 -->", encoding="utf-8")
    assert "可能手工改过" in cli("stats", "--half", "2026H1").out and "科长批注" in page.read_text(encoding="utf-8")


def test_a_report_written_before_govinfo_kept_its_table_is_still_updated(cli, office, ws_root):
    """No note of writing it (an upgrade, or the table lost) is not a hand edit: the out-of-date
    register is rewritten, as it always was."""
    assert cli("register", "--year", "2026").code == 0
    (ws_root / ".govinfo" / "written.json").unlink()
    assert "内容未变" in cli("register", "--year", "2026").out
    assert cli("adopt", office[2], "--pub", "city_express", "--issue", "第3期", "--date", "2026-02-20").code == 0
    updated = cli("register", "--year", "2026")
    assert updated.code == 0 and "已更新" in updated.out and "手工改过" not in updated.out
