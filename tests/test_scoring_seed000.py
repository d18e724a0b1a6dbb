"""Each clause of seed 000's 计分办法 and 表彰制度, on a small hand-computed case (default rules)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from govinfo.actions import new_records
from govinfo.compute.awards import awards
from scoring_helpers import Office


@pytest.fixture
def office(ws_root):
    return Office(ws_root)


def test_each_item_submitted_scores_the_set_points(office):
    for day in ("2026-10-03", "2026-10-09", "2026-10-21"):
        office.item(day=day)
    s = office.score(month="2026-10").unit("T01")
    assert (s.submitted, s.points["submission"], s.total) == (3, D("0.6"), D("0.6"))


@pytest.mark.parametrize("pub, special, expected", [
    ("city_express", False, "1"), ("city_express", True, "5"),          # 每条计1分，专期计5分
    ("upper_city_info", False, "2"), ("upper_city_info", True, "10"),   # 双倍计分
    ("province_info", False, "3"), ("province_info", True, "15"),       # 三倍计分
    ("national_info", False, "4"), ("national_info", True, "20"),       # 四倍计分
])
def test_adoption_points_by_level(office, pub, special, expected):
    office.adopt(office.item(), pub, special=special)
    s = office.score(month="2026-10").unit("T01")
    assert s.points["special" if special else "adoption"] == D(expected)
    assert s.total == D(expected) + D("0.2")


@pytest.mark.parametrize("level, expected", [("city", 5), ("upper_city", 10), ("province", 15), ("national", 20)])
def test_instruction_bonus_by_leader_level(office, level, expected):
    office.instruct(office.item(), level)
    assert office.score(month="2026-10").unit("T01").points["instruction"] == D(expected)


def test_several_adoptions_and_instructions_add_up(office):
    item = office.item()
    office.adopt(item, "city_express")
    office.adopt(item, "province_info", day="2026-10-25")
    office.instruct(item, "city")
    office.instruct(item, "province", day="2026-10-26")
    # 0.2 + 1 + 3 + 5 + 15
    assert office.total("T01", month="2026-10") == D("24.2")


def test_excellent_item_adds_five_in_december(office, monkeypatch):
    item = office.item(day="2026-03-10")
    monkeypatch.setenv("GOVINFO_NOW", "2026-12-10 09:00")  # chosen at the year's end
    new_records.excellent(office.ws, [item], 2025 + 1)
    assert office.score(month="2026-12").unit("T01").points["excellent"] == D(5)
    assert office.score(month="2026-03").unit("T01").points["excellent"] == D(0)


def test_call_for_articles_not_answered_in_time_costs_five(office):
    call = office.call(["T01", "T02", "G01"], deadline="2026-10-20")
    office.item(unit="T01", day="2026-10-18", solicitation=call)   # on time
    office.item(unit="T02", day="2026-10-22", solicitation=call)   # late
    report = office.score(month="2026-10")                          # G01 never answered
    assert report.unit("T01").points["penalty"] == 0
    assert report.unit("T02").points["penalty"] == D(-5)
    assert report.unit("G01").points["penalty"] == D(-5)
    late = [e for e in report.unit("T02").events if e.part == "penalty"][0]
    assert late.day.isoformat() == "2026-10-20" and "2026-10-22 才答复，晚于截止日 2026-10-20" in late.what


def test_false_information_costs_ten(office):
    office.penalty("G01", "false_info")
    assert office.total("G01", month="2026-10") == D(-10)


def test_late_emergency_costs_twenty_manual_and_automatic(office):
    office.penalty("T02", "emergency_late")
    office.item(unit="T01", day="2026-10-12 12:00", category="紧急信息", event_time="2026-10-12 08:00")  # 4 h > 2 h
    office.item(unit="T01", day="2026-10-13 09:00", category="紧急信息", event_time="2026-10-13 08:00")  # in time
    report = office.score(month="2026-10")
    assert report.unit("T02").points["penalty"] == D(-20)
    assert report.unit("T01").points["penalty"] == D(-20)
    assert report.unit("T01").penalties == {"emergency_late": 1}
    (auto,) = [e for e in report.unit("T01").events if e.part == "penalty"]
    points = (office.root / "rules" / "points.yaml").read_text(encoding="utf-8").split("\n")
    assert points[auto.rule.line - 1].strip() == "points: -20"   # explain points at the -20, not the time limit


def test_the_timed_category_is_the_rules_own(office):
    """An office that calls it 突发事件信息 names it in emergency_category; 紧急信息 is then untimed."""
    office.rules({"  - 紧急信息\n": "  - 突发事件信息\n"}, extra="emergency_category: 突发事件信息\n")
    office.item(unit="T01", day="2026-10-12 12:00", category="突发事件信息", event_time="2026-10-12 08:00")  # 4 h > 2 h
    report = office.score(month="2026-10")
    assert report.unit("T01").penalties == {"emergency_late": 1}
    assert any(e.what.startswith("突发事件信息迟报") for e in report.unit("T01").events)


def test_a_time_limit_without_a_category_to_time_is_a_rules_error(office, cli):
    office.rules({"  - 紧急信息\n": "  - 突发事件信息\n"})
    r = cli("validate")
    assert r.code == 1 and "[RULES-FIELD]" in r.out and "信息类别里没有“紧急信息”" in r.out and "emergency_category" in r.out


def _year_of_points(office, unit, points):
    """Give a unit exactly `points` in 2025 through city adoptions (1 each) and submissions (0.2 each)."""
    whole, frac = divmod(D(points) - D("0.2"), 1)
    first = office.item(unit=unit, day="2025-03-01")
    for _ in range(int(whole)):
        office.adopt(first, day="2025-03-05")
    for _ in range(int(frac / D("0.2"))):
        office.item(unit=unit, day="2025-04-01")


def test_annual_targets_and_advanced_units(office, ws_root):
    # townships by points (target 30, top 3); departments by over-target rate (40 / 20, top 7)
    _year_of_points(office, "T01", 30)      # exactly meets the target
    _year_of_points(office, "T02", "29.8")  # just short
    _year_of_points(office, "G01", 60)      # rate 0.5
    _year_of_points(office, "D01", 35)      # rate 0.75: ranked above G01 despite fewer points
    result = awards(office.ws, 2025)
    by = {u.score.unit.code: u for u in result.units}
    assert by["T01"].met and not by["T02"].met
    assert by["G01"].rate == D("0.5") and by["D01"].rate == D("0.75")
    assert (by["D01"].group_rank, by["G01"].group_rank) == (1, 2)
    assert by["T01"].advanced and by["D01"].advanced and by["G01"].advanced
    assert not by["T02"].advanced
    assert (by["T01"].nominations, by["T02"].nominations) == (2, 0)


def test_top_n_limits_advanced_units_and_qualified_units_nominate_one(office):
    office.rules({"      top: 3\n": "      top: 1\n"})
    _year_of_points(office, "T01", 40)
    _year_of_points(office, "T02", 35)
    by = {u.score.unit.code: u for u in awards(office.ws, 2025).units}
    assert by["T01"].advanced and not by["T02"].advanced
    assert (by["T01"].nominations, by["T02"].nominations) == (2, 1)


def test_late_emergency_loses_the_years_eligibility(office):
    _year_of_points(office, "T01", 50)
    office.penalty("T01", "emergency_late", day="2025-06-01")
    by = {u.score.unit.code: u for u in awards(office.ws, 2025).units}
    assert by["T01"].met and not by["T01"].eligible and not by["T01"].advanced
    assert by["T01"].nominations == 0
    assert by["T01"].reasons == ["迟报、漏报重大事故、突发事件信息 1 次"]


def test_excellent_items_checked_against_five_plus_five(office):
    items = [office.item(unit="T01", day="2025-05-01"), office.item(unit="G01", day="2025-05-02")]
    new_records.excellent(office.ws, items, 2025)
    check = awards(office.ws, 2025).excellent
    assert [i[3] for i in check.items] == ["乡（镇、区）", "市直单位"]
    assert "全年应评 10 条优秀信息，现有 2 条" in check.problems
    assert "乡（镇、区）应评 5 条，现有 1 条" in check.problems
