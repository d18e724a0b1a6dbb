"""Issue 13, features 1–9: each term of a 计分办法 on its own small rules file (rules_mini), with
the result computed by hand in the comments. Today is 2026-11-21 (conftest.NOW)."""
from __future__ import annotations

import json
import re
from decimal import Decimal as D

import pytest
from rich.cells import cell_len

from govinfo.actions import new_records
from rules_mini import mini, use
from scoring_helpers import Office


@pytest.fixture
def office(ws_root):
    return Office(ws_root)


def json_units(cli, *period) -> dict:
    result = cli("score", *period, "--format", "json")
    assert result.code == 0, result.text
    data = json.loads(result.out)
    return data, {u["code"]: u for u in data["units"]}


# --- 1. quotas ------------------------------------------------------------------------------------

def test_quota_counting_some_categories_only(office):
    use(office.root, mini(township="    monthly_quota: 2\n    quota_categories: [工作动态]\n    quota_missed_points: -3"))
    office.item(day="2026-10-05", category="工作动态")
    office.item(day="2026-10-06", category="调研信息")   # not counted toward this quota
    t01 = office.score(month="2026-10").unit("T01")
    assert (t01.submitted, t01.counted, t01.quota_met, t01.points["quota"]) == (2, 1, False, D(-3))


def test_quota_of_adoptions_beside_submissions(office):
    use(office.root, mini(township="    quotas:\n      - {name: 采用任务, span: month, count: adopted, minimum: 1, missed_points: -2}"))
    office.adopt(office.item(unit="T01", day="2026-10-05"), day="2026-10-08")
    office.item(unit="T02", day="2026-10-05")
    report = office.score(month="2026-10")
    assert report.unit("T01").points["quota"] == 0
    t02 = report.unit("T02")
    assert t02.points["quota"] == D(-2)
    assert "采用任务：2026年10月采用信息 0 条，少于 1 条" in t02.events[-1].what
    assert t02.events[-1].rule.line > 0   # the line of missed_points in rules/points.yaml


def test_weekly_quota_with_points_for_each_extra_item(office):
    # 1 point for at least 2 items in a week, +1 for each further item. The weeks October scores
    # end on its Sundays 4, 11, 18 and 25 (1 November is a Sunday: that week is November's).
    use(office.root, mini(township="    quotas:\n      - {span: week, minimum: 2, met_points: 1, extra_points: 1}"))
    office.item(day="2026-09-30")                       # Monday 28 Sept – Sunday 4 Oct: 2 items
    office.item(day="2026-10-02")
    for day in ("2026-10-05", "2026-10-06", "2026-10-07", "2026-10-09"):  # 5–11 Oct: 4 items
        office.item(day=day)
    office.item(day="2026-10-27")                       # 26 Oct – 1 Nov: November's week
    t01 = office.score(month="2026-10").unit("T01")
    assert t01.points["quota"] == D(1) + (1 + 2)        # week 1: met; week 2: met and 2 beyond
    assert [e.points for e in t01.events if e.part == "quota"] == [D(1), D(1), D(2)]


def test_several_quotas_at_once_and_a_quarterly_one(office, monkeypatch):
    use(office.root, mini(township="    monthly_quota: 1\n    quota_missed_points: -1\n    quotas:\n"
                                   "      - {name: 长篇, span: quarter, item_categories: [调研信息], minimum: 1, missed_points: -5}"))
    office.item(day="2026-07-10")                       # July met, August and September missed
    q3 = office.score(quarter="2026Q3").unit("T01")
    assert q3.points["quota"] == D(-1) * 2 + D(-5)      # two months short, and no 调研信息 in the quarter
    assert office.score(month="2026-09").unit("T01").points["quota"] == D(-1)  # no quarter term in a month


def test_quota_per_item_short(office):
    # 钟楼区: 每季度报送数量不达标的，每少1篇扣1分
    use(office.root, mini(township="    quotas:\n      - {span: quarter, minimum: 5, missed_per_item: -1}"))
    office.item(day="2026-07-10")
    office.item(day="2026-08-10")
    assert office.score(quarter="2026Q3").unit("T01").points["quota"] == D(-3)


# --- 2. the office's judgement of an item -----------------------------------------------------------

def test_judgement_counts_for_credit_and_quota(office, cli):
    use(office.root, mini(township="    monthly_quota: 2\n    quota_count: qualified",
                          extra="unadopted_credit: {points: 5, qualified_only: true}"))
    a, b, c, d = (office.item(day=f"2026-10-0{n}") for n in (5, 6, 7, 8))
    done = cli("judge", a, "--qualified", "--note", "内容扎实", "--date", "2026-11-03")  # judged the next month
    assert done.code == 0 and "评定为符合要求：内容扎实" in done.out
    assert cli("judge", b, "--not-qualified", "--date", "2026-10-20").code == 0
    assert cli("judge", c, "--qualified", "--date", "2026-10-20").code == 0
    office.adopt(c, day="2026-10-21")                   # adopted: no 未采用 credit, still qualified
    t01 = office.score(month="2026-10").unit("T01")
    assert t01.points["unadopted"] == D(5)              # a only: b is not qualified, d never judged
    assert (t01.submitted, t01.counted, t01.quota_met) == (4, 2, True)  # a and c count toward the quota
    assert "经评定符合要求但未采用" in cli("explain", "--unit", "T01", "--month", "2026-10").out
    shown = cli("show", a)
    assert "评定为符合要求" in shown.out


def test_judge_needs_a_verdict_and_writes_nothing_without(office, cli):
    item = office.item()
    result = cli("judge", item)
    assert result.code == 1 and "--qualified" in result.err
    assert not list((office.root / "data" / "records").rglob("judge-*.yaml"))


def test_a_later_judgement_replaces_an_earlier_one(office, cli):
    use(office.root, mini(extra="unadopted_credit: {points: 5, qualified_only: true}"))
    item = office.item(day="2026-10-05")
    assert cli("judge", item, "--qualified", "--date", "2026-10-10").code == 0
    assert cli("judge", item, "--not-qualified", "--date", "2026-10-12").code == 0
    assert office.score(month="2026-10").unit("T01").points["unadopted"] == 0


# --- 3. base points ------------------------------------------------------------------------------

def test_monthly_base_withheld_below_quota_and_capped(office):
    use(office.root, mini(township="    monthly_quota: 1\n    base: {name: 月基础分, span: month, points: 10, cap_per_year: 25,"
                                   " requires_quota: true}"))
    for day in ("2026-07-10", "2026-08-10", "2026-09-10"):
        office.item(unit="T01", day=day)
    office.item(unit="T02", day="2026-07-10")
    report = office.score(quarter="2026Q3")
    assert report.unit("T01").points["base"] == D(10) + 10 + 5      # the third month reaches the cap of 25
    t02 = report.unit("T02")
    assert t02.points["base"] == D(10)                                # August and September withheld
    assert sum("少于任务 1 条，不计" in e.what for e in t02.events) == 2


def test_yearly_base_counts_only_in_a_whole_year(office, monkeypatch):
    monkeypatch.setenv("GOVINFO_NOW", "2027-01-10 09:00")
    use(office.root, mini(township="    base: {name: 机构健全, span: year, points: 20}"))
    assert office.score(year="2026").unit("T01").points["base"] == D(20)
    assert office.score(month="2026-12").unit("T01").points["base"] == 0


# --- 4. penalties beyond a fixed number ----------------------------------------------------------

def test_penalty_amount_chosen_within_its_range(office, cli):
    use(office.root, mini(penalties="  false_info: {name: 信息失实, points_range: [-100, -50]}"))
    refused = cli("penalty", "add", "--unit", "T01", "--kind", "false_info", "--date", "2026-10-20", "--points", "-120")
    assert refused.code == 1 and "不在“信息失实”规定的 -100 到 -50 之间" in refused.err
    missing = cli("penalty", "add", "--unit", "T01", "--kind", "false_info", "--date", "2026-10-20")
    assert missing.code == 1 and "--points" in missing.err
    assert not list((office.root / "data" / "records").rglob("penalty-*.yaml"))
    done = cli("penalty", "add", "--unit", "T01", "--kind", "false_info", "--date", "2026-10-20", "--points", "-80")
    assert done.code == 0 and "-80 分" in done.out
    assert office.score(month="2026-10").unit("T01").points["penalty"] == D(-80)
    fixed = cli("penalty", "add", "--unit", "T01", "--kind", "solicitation_late", "--date", "2026-10-21", "--points", "-3")
    assert fixed.code == 1 and "去掉 --points" in fixed.err
    listed = cli("penalty", "list", "--year", "2026", "--json")
    assert [(p["penalty"], p["points"]) for p in json.loads(listed.out)] == [("false_info", -80)]
    half = cli("penalty", "add", "--unit", "T02", "--kind", "false_info", "--date", "2026-10-22", "--points", "-80.50")
    assert half.code == 0 and "-80.5 分" in half.out, half.text  # one way of writing points, everywhere
    rid = half.out.split()[0]
    assert json.loads(cli("show", rid, "--json").out)["points"] == -80.5  # a JSON number, as in every command
    assert "-80.5 分" in cli("show", rid).out
    path = next((office.root / "data" / "records").rglob(f"{rid}.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("'-80.50'", "八十"), encoding="utf-8")
    checked = cli("validate")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("points:"))
    assert f"{rid}.yaml:{line}: 错误 [FIELD-TYPE] 字段 points 应是一个数，现在是“八十”" in checked.out, checked.text


def test_penalty_list_shows_each_amount_and_what_a_forfeit_costs(office, cli):
    use(office.root, mini(penalties="  false_info: {name: 信息失实, points_range: [-100, -50]}\n"
                                    "  missed_report: {name: 漏报, forfeits_base: true}"))
    assert cli("penalty", "list", "--year", "2026").out.strip() == "（2026年没有登记扣分）"
    new_records.penalty_add(office.ws, "T01", "false_info", "2026-10-20", "核实不符", "-80")
    gone = new_records.penalty_add(office.ws, "T02", "false_info", "2026-10-21", "", "-50")
    new_records.penalty_add(office.ws, "T02", "missed_report", "2026-09-30")
    new_records.withdraw(office.ws, gone.id, "申诉成立")
    shown = cli("penalty", "list", env={"COLUMNS": "80"})
    assert shown.code == 0, shown.text
    rows = [line.split() for line in shown.out.split("另有")[0].splitlines() if line.strip().startswith("penalty-")]
    assert [(r[1], r[-2] if r[-1] == "核实不符" else r[-1]) for r in rows] == [("2026-09-30", "扣基础分"), ("2026-10-20", "-80")]
    assert all(re.fullmatch(r"penalty-2026(09|10)-[A-Z0-9]{3}-\d{4}", r[0]) for r in rows)  # ids whole, to copy
    table, _, below = shown.out.partition("另有")
    assert gone.id not in table and all(cell_len(line) <= 80 for line in shown.out.splitlines())
    assert below.startswith(f" 1 条扣分已撤销，未列出：{gone.id}")  # left out of the table, and said so
    listed = json.loads(cli("penalty", "list", "--json").out)
    assert [p["points"] for p in listed] == [None, -80]
    bad = cli("penalty", "list", "--year", "明年")
    assert bad.code == 1 and "--year“明年”格式不对" in bad.err and "写成 --year 2026" in bad.err and not bad.out
    assert "--year“abc”格式不对" in cli("penalty", "list", "--year", "abc").err  # quoted as typed, not as ABC


def test_penalty_that_forfeits_the_period_base(office):
    use(office.root, mini(township="    base: {span: month, points: 10}",
                          penalties="  missed_report: {name: 漏报, forfeits_base: true}"))
    new_records.penalty_add(office.ws, "T01", "missed_report", "2026-10-20")
    report = office.score(quarter="2026Q4")                             # October only has ended
    t01 = report.unit("T01")
    assert (t01.points["base"], t01.points["penalty"]) == (D(0), D(0))
    assert any("因漏报" in e.what and "取消" in e.what for e in t01.events)
    assert office.score(month="2026-09").unit("T01").points["base"] == D(10)


# --- 5. joint items with fixed points per unit --------------------------------------------------

def test_joint_items_fixed_points_per_unit(office):
    use(office.root, mini(extra="joint: fixed\njoint_points: 10"))
    item = office.item(unit="T01", joint_units=["T02"], day="2026-10-05")
    office.adopt(item, day="2026-10-08")                                # 1 point alone; 10 to each as a joint item
    office.instruct(item, "city", day="2026-10-09")                     # instructions stay full: 5 each
    report = office.score(month="2026-10")
    for code in ("T01", "T02"):
        assert (report.unit(code).points["adoption"], report.unit(code).points["instruction"]) == (D(10), D(5))


# --- 6. the route an item took ------------------------------------------------------------------

def test_forwarded_items_score_more_and_direct_ones_not_at_all(office, cli):
    use(office.root, mini(province="    routes: {direct: 1, forwarded: 2}", national="    routes: {forwarded: 5}"))
    sent, direct = office.item(day="2026-10-05"), office.item(day="2026-10-06")
    assert cli("forward", sent, "--to", "province_info", "--date", "2026-10-07").code == 0
    assert cli("forward", sent, "--to", "national_info", "--date", "2026-10-07").code == 0
    assert cli("adopt", sent, "--pub", "province_info", "--issue", "第3期", "--date", "2026-10-10").code == 0
    assert cli("adopt", sent, "--pub", "national_info", "--issue", "第9期", "--date", "2026-10-12").code == 0
    assert cli("adopt", direct, "--pub", "province_info", "--issue", "第4期", "--date", "2026-10-10").code == 0
    assert cli("adopt", direct, "--pub", "national_info", "--issue", "第10期", "--date", "2026-10-12").code == 0
    events = {(e.item, e.pub): e for e in office.score(month="2026-10").unit("T01").events if e.part == "adoption"}
    assert events[(sent, "province_info")].points == D(3) * 2           # 1 × 3 (province), forwarded × 2
    assert events[(sent, "national_info")].points == D(4) * 5           # 1 × 4 (national), forwarded × 5
    assert events[(direct, "province_info")].points == D(3)             # direct × 1
    assert events[(direct, "national_info")].points == 0                # only forwarded items count there
    assert "单位直报，按规则不计分" in events[(direct, "national_info")].what
    # the office may say the route itself
    late = office.item(day="2026-10-15")
    assert cli("adopt", late, "--pub", "province_info", "--issue", "第5期", "--date", "2026-10-20", "--route", "转报").code == 0
    bad = cli("adopt", late, "--pub", "national_info", "--issue", "第11期", "--date", "2026-10-20", "--route", "快递")
    assert bad.code == 1 and "direct" in bad.err


# --- 7. outlet formats and an adoption-rate threshold --------------------------------------------

def test_outlet_formats_price_apart(office, cli):
    use(office.root, mini(extra="") .replace("  city_express: {name: 《政府工作快报》, level: city, own: true}",
                                             "  city_express: {name: 《政府工作快报》, level: city, own: true}\n"
                                             "  website:\n    name: 市政府门户网站\n    level: city\n"
                                             "    formats:\n      text: {name: 文字, points: 1}\n"
                                             "      picture: {name: 图片, points: 0.5}"))
    words, photo = office.item(day="2026-10-05"), office.item(day="2026-10-06")
    assert cli("adopt", words, "--pub", "website", "--issue", "10-08", "--date", "2026-10-08").code == 0
    done = cli("adopt", photo, "--pub", "website", "--issue", "10-09", "--date", "2026-10-09", "--format", "图片")
    assert done.code == 0 and "（图片）" in done.out
    assert office.score(month="2026-10").unit("T01").points["adoption"] == D("1.5")
    wrong = cli("adopt", photo, "--pub", "city_express", "--issue", "第2期", "--date", "2026-10-09", "--format", "图片")
    assert wrong.code == 1 and "不分格式计分" in wrong.err


def test_adoption_rate_under_threshold_costs_points(office):
    use(office.root, mini(extra="adoption_rate: {span: quarter, below: 30%, points: -1}"))
    t01 = [office.item(unit="T01", day=f"2026-08-0{n}") for n in (1, 2, 3, 4)]
    office.adopt(t01[0], day="2026-08-10")                  # 1 of 4: 25%, under 30%
    t02 = [office.item(unit="T02", day=f"2026-08-0{n}") for n in (1, 2)]
    office.adopt(t02[0], day="2026-08-10")                  # 1 of 2: 50%
    report = office.score(quarter="2026Q3")
    assert report.unit("T01").points["rate"] == D(-1)
    assert "录用率 25.0%（采用 1 条／报送 4 条），低于 30.0%" in next(e.what for e in report.unit("T01").events if e.part == "rate")
    assert report.unit("T02").points["rate"] == 0 and report.unit("G01").points["rate"] == 0  # G01 sent nothing


# --- 8. converting totals -----------------------------------------------------------------------

def test_total_converted_as_share_of_the_top(office, cli):
    use(office.root, mini(extra="conversion: {name: 综合目标考核分, method: top, full: 100}"))
    for n in range(4):
        office.adopt(office.item(unit="T01", day=f"2026-10-0{n + 1}"), pub="upper_city_info", day="2026-10-10")  # 8
    for n in range(3):
        office.adopt(office.item(unit="T02", day=f"2026-10-0{n + 1}"), pub="upper_city_info", day="2026-10-10")  # 6
    data, units = json_units(cli, "--month", "2026-10")
    assert (units["T01"]["total"], units["T01"]["converted"]) == (8, 100)
    assert (units["T02"]["total"], units["T02"]["converted"]) == (6, 75)
    assert data["conversion"] == "综合目标考核分"
    assert "考核分" in cli("score", "--month", "2026-10").out
    explained = cli("explain", "--unit", "T02", "--month", "2026-10").out
    assert "折合综合目标考核分 75 分（本类最高分折合 100 分，其余按比例）  ← rules/points.yaml:" in explained


def test_total_converted_against_the_target(office):
    use(office.root, mini(extra="conversion: {method: target, full: 10}"))  # township target 30
    for n in range(3):
        office.instruct(office.item(day=f"2026-10-0{n + 1}"), "city", day="2026-10-10")  # 15 points
    assert office.score(month="2026-10").unit("T01").converted == D(5)     # 15 / 30 × 10


# --- 9. periods are honest ----------------------------------------------------------------------

def test_months_not_ended_are_not_charged_and_the_year_is_provisional(office, cli):
    use(office.root, mini(township="    monthly_quota: 1\n    quota_missed_points: -2"))
    office.item(day="2026-10-05")
    year = office.score(year="2026").unit("T01")
    assert year.points["quota"] == D(-2) * 9                  # January–September; October met; November running
    assert year.quota == 11                                   # the months begun by 21 November
    data, _ = json_units(cli, "--year", "2026")
    assert (data["provisional"], data["as_of"]) == (True, "2026-11-21")
    table = cli("score", "--year", "2026").out
    assert "暂计，截至 2026-11-21" in table and "尚未结束" in table
    assert "暂计（截至 2026-11-21）" in cli("score", "--year", "2026", "--format", "csv").out
    assert "尚未结束" in cli("explain", "--unit", "T01", "--year", "2026").out
    assert "尚未结束" in cli("rank", "--year", "2026").out
    assert "年度结束后再定先进单位" in cli("awards", "--year", "2026").out
    october, _ = json_units(cli, "--month", "2026-10")
    assert october["provisional"] is False


def test_a_call_whose_deadline_is_ahead_is_not_charged(office, cli):
    use(office.root, mini())
    office.call(["T01"], deadline="2026-11-25", day="2026-11-10")
    office.call(["T02"], deadline="2026-11-12", day="2026-11-10")
    report = office.score(month="2026-11")
    assert report.unit("T01").points["penalty"] == 0          # four days left to answer
    assert report.unit("T02").points["penalty"] == D(-5)


def test_a_monthly_quota_counts_its_own_year_only(office):
    use(office.root, mini(township="    monthly_quota: 1\n    quota_missed_points: -2"))
    office.item(day="2025-10-05")
    assert office.score(month="2026-10").unit("T01").points["quota"] == D(-2)
    assert office.score(month="2025-10").unit("T01").points["quota"] == 0


# --- found in review ------------------------------------------------------------------------------

def test_adoption_quota_counts_items_sent_in_an_earlier_month(office):
    use(office.root, mini(township="    quotas:\n      - {name: 采用任务, span: month, count: adopted, minimum: 1, missed_points: -3}"))
    office.adopt(office.item(day="2026-07-31"), day="2026-08-02")       # sent in July, adopted in August
    august = office.score(month="2026-08").unit("T01").points["quota"]
    quarter = office.score(quarter="2026Q3").unit("T01").points["quota"]
    assert (august, quarter) == (0, D(-3) * 2)                            # July and September missed; months add up


def test_judge_not_qualified_says_so(office, cli):
    item = office.item()
    done = cli("judge", item, "--not-qualified", "--date", "2026-10-20")
    assert done.code == 0 and "评定为不符合要求" in done.out


def test_penalty_range_and_forfeit_lines_in_explain(office, cli):
    text = mini(township="    base: {span: month, points: 10}",
                penalties="  false_info: {name: 信息失实, points_range: [-100, -50]}\n"
                          "  missed_report: {name: 漏报, forfeits_base: true}")
    use(office.root, text)
    lines = text.splitlines()
    range_line = 1 + next(n for n, line in enumerate(lines) if "points_range" in line)
    forfeit_line = 1 + next(n for n, line in enumerate(lines) if "forfeits_base" in line)
    assert cli("penalty", "add", "--unit", "T01", "--kind", "信息失实", "--date", "2026-10-20", "--points", "-60").code == 0
    assert cli("penalty", "add", "--unit", "T01", "--kind", "漏报", "--date", "2026-10-21").code == 0
    explained = cli("explain", "--unit", "T01", "--month", "2026-10").out
    assert f"信息失实  ← rules/points.yaml:{range_line}" in explained
    assert f"（取消本期基础分）  ← rules/points.yaml:{forfeit_line}" in explained


@pytest.mark.parametrize("below", ["150%", "1.5%x", "-1", "true", "101"])
def test_adoption_rate_threshold_out_of_range_is_an_error(office, cli, below):
    use(office.root, mini(extra=f"adoption_rate: {{span: quarter, below: {below}, points: -1}}"))
    result = cli("validate")
    assert result.code == 1 and "adoption_rate.below" in result.text and "Traceback" not in result.text


@pytest.mark.parametrize("extra", ["joint: fixed", "excellent: {points: 5, groups: 3}", "awards: {groups: 3}",
                                   "unadopted_credit: {points: 5, categories: [党建类]}",
                                   "conversion: {method: top, full: 0}", "conversion: {method: cap, full: 10, places: 9}"])
def test_more_rules_mistakes_are_reported_not_crashed(office, cli, extra):
    use(office.root, mini(extra=extra))
    result = cli("validate")
    assert result.code == 1 and "rules/points.yaml:" in result.text and "INTERNAL" not in result.text, result.text


def test_a_column_that_is_not_a_mapping_is_reported(office, cli):
    use(office.root, mini().replace("  upper_city_info: {name: 上级市刊物, level: upper_city}",
                                    "  upper_city_info: {name: 上级市刊物, level: upper_city, columns: 3}"))
    result = cli("validate")
    assert result.code == 1 and "upper_city_info.columns" in result.text and "INTERNAL" not in result.text


def test_remind_refuses_a_quarter_still_running(cli):
    result = cli("remind", "--quarter", "2026Q4")
    assert result.code == 1 and "还没有结束" in result.err


def test_a_point_with_a_third_decimal_is_warned_of_and_halves_round_up(office, cli):
    from govinfo.core.numbers import fmt_money, fmt_points
    assert (fmt_points(D("0.125")), fmt_points(D("0.135")), fmt_money(D("0.125"))) == ("0.13", "0.14", "0.13")
    path = office.root / "rules" / "points.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("submission_points:"))
    path.write_text(re.sub(r"(?m)^submission_points:.*$", "submission_points: 0.125", text), encoding="utf-8")
    out = cli("validate").out
    assert f"rules/points.yaml:{line}: 警告 [RULES-PRECISION] “submission_points”的值 0.125 超过两位小数" in out, out
