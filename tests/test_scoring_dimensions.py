"""One test per rule-set dimension, each on its own rules file (the default set, edited)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from govinfo.compute.awards import awards
from scoring_helpers import Office


@pytest.fixture
def office(ws_root):
    return Office(ws_root)


def test_per_publication_points_and_columns(office):
    office.rules({"  city_express:\n    name: 《政府工作快报》\n    level: city\n":
                  "  city_express:\n    name: 《政府工作快报》\n    level: city\n    points: 1.5\n    special_points: 6\n",
                  "      grassroots:\n        name: 直通基层\n": "      grassroots:\n        name: 直通基层\n        points: 2.5\n"})
    item = office.item()
    office.adopt(item, "city_express")
    office.adopt(item, "city_express", special=True)
    office.adopt(item, "city_express.grassroots")
    s = office.score(month="2026-10").unit("T01")
    assert (s.points["adoption"], s.points["special"]) == (D("4.0"), D(6))
    assert s.adoptions_by_pub == {"city_express": 2, "city_express.grassroots": 1}


def test_only_the_highest_adoption_counts(office):
    office.rules({"  combine: sum": "  combine: max"})
    item = office.item(day="2026-09-20")
    office.adopt(item, "city_express", day="2026-09-25")     # 1
    office.adopt(item, "province_info", day="2026-10-05")    # 3: tops up by 2
    office.adopt(item, "upper_city_info", day="2026-10-06")  # 2: below the best, adds nothing
    assert office.score(month="2026-09").unit("T01").points["adoption"] == D(1)
    assert office.score(month="2026-10").unit("T01").points["adoption"] == D(2)
    assert office.score(quarter="2026Q4").unit("T01").points["adoption"] + D(1) == D(3)


def test_repeated_instructions_at_one_level_count_once(office):
    office.rules({"instruction_repeat: true": "instruction_repeat: false"})
    item = office.item()
    office.instruct(item, "city", day="2026-10-16")
    office.instruct(item, "city", day="2026-10-17")
    office.instruct(item, "province", day="2026-10-18")
    s = office.score(month="2026-10").unit("T01")
    assert s.points["instruction"] == D(20)
    assert any("同级重复批示不再计分" in e.what for e in s.events)


def test_joint_items_full_or_split(office):
    item = office.item(joint_units=("T02", "G01"))
    office.adopt(item, "province_info")
    full = office.score(month="2026-10")
    assert full.unit("T02").points["adoption"] == D(3) and full.unit("G01").submitted == 1
    office.rules({"joint: full": "joint: split"})
    split = office.score(month="2026-10")
    assert [split.unit(u).points["adoption"] for u in ("T01", "T02", "G01")] == [D(1)] * 3
    assert split.unit("T01").points["submission"] == D("0.07")


def test_quota_bonus_deduction_and_quarterly_quota(office, monkeypatch):
    monkeypatch.setenv("GOVINFO_NOW", "2027-01-05 10:00")  # the quarter is over: every month is charged
    office.rules({"    monthly_quota: 8\n    # 「乡(镇、区)全年达标分为30分」（三、(五)）\n":
                  "    monthly_quota: 2\n    quarterly_quota: 5\n    quota_met_points: 1\n    quota_missed_points: -2\n"
                  "    # 「乡(镇、区)全年达标分为30分」（三、(五)）\n"})
    for day in ("2026-10-01", "2026-10-02", "2026-11-03"):
        office.item(day=day)
    oct_, nov = office.score(month="2026-10").unit("T01"), office.score(month="2026-11").unit("T01")
    assert (oct_.quota_met, oct_.points["quota"]) == (True, D(1))
    assert (nov.quota_met, nov.points["quota"]) == (False, D(-2))
    q4 = office.score(quarter="2026Q4").unit("T01")
    assert (q4.quota, q4.submitted, q4.quota_met) == (5, 3, False)
    assert q4.points["quota"] == D(1) - 2 - 2  # December: nothing sent


def test_monthly_cap(office):
    office.rules({"    monthly_quota: 4\n": "    monthly_quota: 4\n    monthly_cap: 10\n"})
    item = office.item(unit="D01")
    office.instruct(item, "province")   # 15
    office.penalty("D01", "false_info")  # -10 still applies
    s = office.score(month="2026-10").unit("D01")
    assert s.points["cap"] == D("-5.2") and s.total == D(0)
    assert [e.what for e in s.events if e.part == "cap"] == ["2026年10月得分 15.2 超过封顶 10"]


def test_credit_for_qualifying_items_not_adopted(office):
    office.rules(extra="\nunadopted_credit:\n  points: 0.5\n  categories: [问题建议]\n")
    office.item(category="问题建议")
    adopted = office.item(category="问题建议", day="2026-10-13")
    office.item(category="工作动态", day="2026-10-14")
    office.adopt(adopted)
    assert office.score(month="2026-10").unit("T01").points["unadopted"] == D("0.5")


def test_missed_calls_priced_apart_and_year_zeroed(office):
    office.rules({"  solicitation_late:\n": "  solicitation_missed:\n    name: 约稿未报\n    points: -8\n  solicitation_late:\n"},
                 extra="\nzero_year_after_missed_calls: 2\n")
    office.item(unit="T02", day="2025-02-01")
    first = office.call(["T01", "T02"], deadline="2025-03-10", day="2025-03-01")
    office.item(unit="T02", day="2025-03-12", solicitation=first)
    office.call(["T01"], deadline="2025-04-10", day="2025-04-01")
    march = office.score(month="2025-03")
    assert march.unit("T01").penalties == {"solicitation_missed": 1} and march.unit("T01").total == D(-8)
    assert march.unit("T02").penalties == {"solicitation_late": 1}
    year = office.score(year="2025")
    assert year.unit("T01").total == 0 and year.unit("T01").points["zeroed"] == D(16)
    assert year.unit("T02").total == D("0.4") - 5


def test_attribution_by_submission_date(office):
    item = office.item(day="2026-09-28")
    office.adopt(item, day="2026-10-03")
    assert office.score(month="2026-10").unit("T01").points["adoption"] == D(1)
    office.rules({"attribution: publication": "attribution: submission"})
    assert office.score(month="2026-09").unit("T01").points["adoption"] == D(1)
    assert office.score(month="2026-10").unit("T01").points["adoption"] == 0


def test_sub_unit_rolls_up_to_parent(office, ws_root):
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8") + "  - code: T0101\n    name: 城关镇某社区\n    category: township\n"
                      "    parent: T01\n", encoding="utf-8")
    office.rules(extra="\nrollup_to_parent: true\n")
    office.adopt(office.item(unit="T0101"), "upper_city_info")
    report = office.score(month="2026-10")
    assert report.unit("T01").total == D("2.2") and report.unit("T0101").total == D("2.2")
    assert report.unit("T0101").rank is None and report.unit("T01").rank == 1


def test_publish_without_ranks(office, cli):
    office.rules(extra="\npublish_ranks: false\n")
    office.item()
    report = office.score(month="2026-10")
    assert [s.rank for s in report.units] == [None] * 4
    assert [s.unit.code for s in report.units] == ["T01", "T02", "G01", "D01"]
    result = cli("rank", "--month", "2026-10")
    assert result.code == 1 and "不公布排名" in result.err


def test_award_group_minimum_adopted(office):
    office.rules({"      rank_by: points\n      top: 3\n": "      rank_by: points\n      top: 3\n      min_adopted: 2\n"})
    first = office.item(day="2025-03-01")
    for _ in range(49):
        office.item(unit="T02", day="2025-03-02")
    for _ in range(30):
        office.adopt(first, day="2025-03-05")
    # T02: 50 items (10) + one national special issue (20) = 30, the target, with a single adoption
    office.adopt(office.item(unit="T02", day="2025-03-03"), "national_info", day="2025-03-05", special=True)
    by = {u.score.unit.code: u for u in awards(office.ws, 2025).units}
    assert by["T01"].advanced
    assert by["T02"].met and not by["T02"].advanced and by["T02"].group_rank is None


def test_rule_file_mistake_has_path_and_line(office, cli):
    office.rules({"    points: -20\n": "    points: lots\n"})
    line = (office.root / "rules" / "points.yaml").read_text(encoding="utf-8").splitlines().index("    points: lots") + 1
    result = cli("score", "--month", "2026-10")
    assert result.code == 1 and f"rules/points.yaml:{line}: 错误 [RULES-TYPE]" in result.err and "应为数字" in result.err
    office.rules({"    points: lots\n": "    points: -20\n    points: -30\n"})
    repeated = cli("score", "--month", "2026-10").err
    assert f"rules/points.yaml:{line + 1}: 错误 [YAML]" in repeated
    assert f"键“points”在同一层里写了两次（第{line}行已有）" in "".join(repeated.split()) and "删去其中一行" in repeated


def test_ties_share_a_rank_in_roster_order(office):
    for unit in ("T02", "T01"):
        office.adopt(office.item(unit=unit))
    report = office.score(month="2026-10")
    assert [(s.unit.code, s.rank, s.category_rank) for s in report.units] == [
        ("T01", 1, 1), ("T02", 1, 1), ("G01", 3, None), ("D01", 3, None)][:2] + [
        (s.unit.code, s.rank, s.category_rank) for s in report.units[2:]]
    assert [s.rank for s in report.units] == [1, 1, 3, 3]


@pytest.mark.parametrize("name, checks", [
    ("seed004", lambda r: [c.monthly_quota for c in r.unit_categories.values()] == [15, 10, 3]),
    ("per_publication", lambda r: (r.combine, r.joint, r.publications["city_express.grassroots"].points,
                                   r.unit_categories["township"].monthly_cap, r.unadopted_points,
                                   "solicitation_missed" in r.penalties) == ("max", "split", D("1.5"), D(30), D("0.3"), True)),
    ("no_ranking", lambda r: (r.publish_ranks, r.attribution, r.instruction_repeat, r.rollup_to_parent,
                              r.zero_year_after_missed_calls, r.unit_categories["township"].quarterly_quota)
                             == (False, "submission", False, True, 3, 10)),
])
def test_bundled_example_rule_sets_load_and_score(tmp_path, name, checks):
    from conftest import run_cli
    from govinfo.store.workspace import open_workspace
    result = run_cli(["init", tmp_path / name, "--rules", name])
    assert result.code == 0, result.text
    ws = open_workspace(tmp_path / name)
    assert ws.diags == [] and checks(ws.rules)
    cat = next(iter(ws.rules.unit_categories))
    assert run_cli(["units", "add", "--code", "U1", "--name", "某单位", "--category", cat, "--root", tmp_path / name]).code == 0
    score = run_cli(["score", "--month", "2026-10", "--format", "json", "--root", tmp_path / name])
    assert score.code == 0, score.text


def test_unknown_rule_set_name(tmp_path):
    from conftest import run_cli
    result = run_cli(["init", tmp_path / "x", "--rules", "seed04"])
    assert result.code == 1 and "是不是“seed004”" in result.err and not (tmp_path / "x").exists()
