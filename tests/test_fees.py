"""Author fees, hand-computed for a small office: points and count bases, joint items split,
several drafters on one item, a cap, the half-year boundary, a withdrawn adoption."""
from __future__ import annotations

import json
import re
from decimal import Decimal

import openpyxl
import pytest

from conftest import item_file
from govinfo.core.numbers import rmb_upper

POINTS_FEES = """fees:
  basis: points
  per_point: 50
  cap_per_person: 300
  joint: split
"""
COUNT_FEES = """fees:
  basis: count
  per_adoption: {city: 30, upper_city: 80, province: 150, national: 200}
  joint: split
"""


def set_fees(root, block: str) -> None:
    path = root / "rules" / "points.yaml"
    text = re.sub(r"(?ms)^fees:\n(?:  .*\n|\n)*?(?=^\S)", "", path.read_text(encoding="utf-8"))
    path.write_text(text + "\n" + block, encoding="utf-8")


@pytest.fixture
def office(cli, submit, ws_root):
    """The small case every figure below is computed from by hand."""
    def adopt(item, pub, day, *extra):
        result = cli("adopt", item, "--pub", pub, "--issue", "第1期", "--date", day, *extra)
        assert result.code == 0, result.text
        return result.out.split()[0]
    a = submit(unit="T01", title="甲", date="2026-03-02")                      # 张三
    adopt(a, "city_express", "2026-03-10")                                      # 1 point
    adopt(a, "province_info", "2026-03-20")                                     # 3 points
    b = submit(unit="T01", title="乙", date="2026-04-02", joint="T02")
    adopt(b, "upper_city_info", "2026-04-10")                                   # 2 points, split T01/T02
    c = submit(unit="G01", title="丙", date="2026-05-02")
    adopt(c, "city_express", "2026-05-10")                                      # 1 point, two drafters
    d = submit(unit="D01", title="丁", date="2026-05-03")
    adopt(d, "national_info", "2026-05-20", "--special")                        # special: 5 x 4 = 20 points
    e = submit(unit="T02", title="戊", date="2026-06-20")
    adopt(e, "city_express", "2026-07-02")                                      # second half: not counted
    f = submit(unit="T02", title="己", date="2026-06-01", joint="T01,G01")
    adopt(f, "city_express", "2026-06-05")                                      # 1 point, three units
    g = submit(unit="G01", title="庚", date="2026-06-02")
    wrong = adopt(g, "province_info", "2026-06-06")
    assert cli("withdraw", wrong, "--reason", "误登记").code == 0
    # the drafters: every item above is by 张三 except these
    for item_id, drafter in ((b, "李四"), (c, "王五、赵六"), (d, "钱七"), (f, "孙八")):
        path = item_file(ws_root, item_id)
        path.write_text(path.read_text(encoding="utf-8").replace("drafter: 张三", f"drafter: {drafter}"), encoding="utf-8")
    return cli


def rows(result_json) -> dict[tuple[str, str], tuple[int, Decimal, Decimal]]:
    import json
    data = json.loads(result_json)
    # JSON numbers, as in every command's JSON (README: 数字的写法)
    assert all(isinstance(p["points"], (int, float)) and isinstance(p["amount"], (int, float)) for p in data["payees"])
    return {(p["name"], p["unit"]): (p["items"], Decimal(str(p["points"])), Decimal(str(p["amount"]))) for p in data["payees"]}


def test_fees_by_points_hand_computed(office, ws_root):
    set_fees(ws_root, POINTS_FEES)
    result = office("fees", "--half", "2026H1", "--format", "json")
    assert result.code == 0, result.text
    got = rows(result.out)
    third = Decimal(1) / 3
    assert {k: (v[0], v[2]) for k, v in got.items()} == {
        ("张三", "T01"): (1, Decimal("200.00")),          # (1 + 3) x 50
        ("李四", "T01"): (1, Decimal("50.00")),           # 2 / 2 x 50
        ("（合报单位）", "T02"): (1, Decimal("50.00")),
        ("王五", "G01"): (1, Decimal("25.00")),           # 1 x 50 / 2 drafters
        ("赵六", "G01"): (1, Decimal("25.00")),
        ("钱七", "D01"): (1, Decimal("300.00")),          # 20 x 50 = 1000, capped at 300
        ("孙八", "T02"): (1, Decimal("16.67")),           # 1 x 50 / 3 units
        ("（合报单位）", "T01"): (1, Decimal("16.67")),
        ("（合报单位）", "G01"): (1, Decimal("16.67")),
    }
    assert got[("孙八", "T02")][1] == Decimal("0.33")  # shown to two places; kept exact until the amount:
    from govinfo.compute.fees import fees
    from govinfo.core.periods import parse_period
    from govinfo.store.workspace import open_workspace
    exact = fees(open_workspace(ws_root), parse_period(half="2026H1"))
    assert next(p.points for p in exact.payees if p.name == "孙八") == third
    assert Decimal(str(__import__("json").loads(result.out)["total"])) == Decimal("700.01")


def test_fees_by_count_hand_computed(office, ws_root):
    set_fees(ws_root, COUNT_FEES)
    result = office("fees", "--half", "2026H1", "--format", "json")
    got = {k: v[2] for k, v in rows(result.out).items()}
    assert got[("张三", "T01")] == Decimal("180.00")      # 30 + 150
    assert got[("李四", "T01")] == got[("（合报单位）", "T02")] == Decimal("40.00")
    assert got[("王五", "G01")] == Decimal("15.00")
    assert got[("钱七", "D01")] == Decimal("200.00")      # no cap in this rule set
    assert got[("孙八", "T02")] == Decimal("10.00")
    assert sum(got.values()) == Decimal("520.00")


def test_fee_sheet_for_finance(office, ws_root):
    set_fees(ws_root, POINTS_FEES)
    result = office("fees", "--half", "2026H1")
    assert result.code == 0, result.text
    assert "合计 700.01 元（柒佰元零壹分）" in result.out
    assert "每分50.00元；每人每期最多300.00元" in "".join(result.out.split())  # the rates written as money, like the amounts
    (third,) = [line for line in result.out.splitlines() if "孙八" in line]  # a third of a point, as everywhere
    assert re.search(r"\s0\.33\s", third) and "0.333" not in third, third
    path = ws_root / "out" / "稿酬发放表-2026H1.xlsx"
    wb = openpyxl.load_workbook(path)
    sheet = wb["稿酬发放表"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "2026年上半年政务信息稿酬发放表" in values[0][0]
    assert values[2] == ["序号", "姓名", "单位", "采用条数", "采用得分", "金额（元）", "领款人签字"]
    by_name = {row[1]: row for row in values[3:] if isinstance(row[0], int)}
    assert by_name["张三"][2] == "城关镇人民政府" and by_name["张三"][5] == 200
    assert by_name["钱七"][5] == 300 and by_name["钱七"][4] == 20
    total = next(row for row in values if row[0] == "合计")
    assert total[5] == pytest.approx(700.01) and total[3] == 5   # items 甲乙丙丁己, each once however many share it
    assert any(row[0] and "柒佰元零壹分" in str(row[0]) for row in values)
    assert any(row[0] and "已按每人上限计发：钱七" in str(row[0]) for row in values)
    assert sheet.print_title_rows == "$3:$3" and sheet.page_setup.orientation == "landscape"
    assert {"按单位汇总", "明细"} <= set(wb.sheetnames)
    points = [row[6] for row in wb["明细"].iter_rows(min_row=3, values_only=True) if isinstance(row[6], (int, float))]
    assert points and all(round(v, 2) == v for v in points)  # the number policy: two places at most, as everywhere
    assert any(v == 0.33 for v in points)                     # a third of 1 point (item 己, three units together)
    # The second run shows the report again; the sheet is left as it was.
    again = office("fees", "--half", "2026H1")
    assert again.code == 0 and "内容未变，未重写" in again.out
    assert json.loads(office("fees", "--half", "2026H1", "--format", "json").out)["file_state"] == "same"


def test_a_joint_units_officer_among_the_drafters_is_paid_under_that_unit(cli, submit, ws_root):
    """李梅、王强 drafted a joint item of T01 and T02, 王强 being T02's officer: T01's half went to
    both under T01 and T02's half to （合报单位）, so 王强 stood on two rows and was two people."""
    set_fees(ws_root, POINTS_FEES)
    assert cli("units", "edit", "T02", "--officer", "王强", "--phone", "13900000002").code == 0
    item = submit(unit="T01", title="两镇联合开展秋季防火", date="2026-03-02", joint="T02")
    path = item_file(ws_root, item)
    path.write_text(path.read_text(encoding="utf-8").replace("drafter: 张三", "drafter: 李梅、王强"), encoding="utf-8")
    assert cli("adopt", item, "--pub", "upper_city_info", "--issue", "第1期", "--date", "2026-03-10").code == 0  # 2 points
    got = {k: v[2] for k, v in rows(cli("fees", "--half", "2026H1", "--format", "json").out).items()}
    assert got == {("李梅", "T01"): Decimal("50.00"), ("王强", "T02"): Decimal("50.00")}
    shown = cli("fees", "--half", "2026H1", "--force")
    assert "合计 100.00 元（壹佰元整），共 2 人。" in shown.out, shown.out


def test_the_fee_summary_counts_people_not_rows(office, ws_root):
    set_fees(ws_root, POINTS_FEES)
    result = office("fees", "--half", "2026H1")
    assert "共 6 人，另有 3 个合报单位代领。" in result.out, result.out   # 张三 李四 王五 赵六 钱七 孙八


def test_fees_bad_input(cli, ws_root):
    result = cli("fees", "--half", "2026H3")
    assert result.code == 1 and "错误" in result.err and "Traceback" not in result.text
    set_fees(ws_root, "fees:\n  basis: weight\n")
    result = cli("fees", "--half", "2026H1")
    assert result.code == 1 and "rules/points.yaml:" in result.err and "fees.basis 只能是 points 或 count" in result.err


@pytest.mark.parametrize("amount, text", [("15700", "壹万伍仟柒佰元整"), ("1002.03", "壹仟零贰元零叁分"),
                                          ("100000", "壹拾万元整"), ("10005", "壹万零伍元整"), ("0.5", "伍角整"),
                                          ("110010", "壹拾壹万零壹拾元整"), ("0", "零元整")])
def test_amount_in_capital_numerals(amount, text):
    assert rmb_upper(Decimal(amount)) == text


def test_a_half_not_yet_over_gets_a_provisional_sheet_not_the_payout_sheet(office, ws_root):
    """Today is 2026-11-21: the second half's sheet is a 暂计 of its own, said on screen, in the sheet
    and in JSON, and rewritten freely; the final sheet's name stays free for the real one."""
    set_fees(ws_root, POINTS_FEES)
    result = office("fees", "--half", "2026H2")
    assert result.code == 0, result.text
    assert "2026年下半年尚未结束，是截至 2026-11-21 的暂计数" in result.out and "暂计发放表（已写出）" in result.out
    assert not (ws_root / "out" / "稿酬发放表-2026H2.xlsx").exists()
    sheet = openpyxl.load_workbook(ws_root / "out" / "稿酬发放表-2026H2-暂计.xlsx")["稿酬发放表"]
    assert "（暂计，截至 2026-11-21）" in sheet["A1"].value and "期末后再生成正式发放表" in sheet["A2"].value
    book = openpyxl.load_workbook(ws_root / "out" / "稿酬发放表-2026H2-暂计.xlsx")
    assert all("暂计" in book[name]["A1"].value for name in book.sheetnames)  # each sheet may be printed alone
    data = json.loads(office("fees", "--half", "2026H2", "--format", "json").out)
    assert data["provisional"] is True and data["as_of"] == "2026-11-21" and data["file"].endswith("-暂计.xlsx")
    assert json.loads(office("fees", "--half", "2026H1", "--format", "json").out)["provisional"] is False


def test_two_officers_of_one_name_in_two_units_are_two_people_and_fees_follow_the_roster_dates(cli, submit, ws_root):
    set_fees(ws_root, POINTS_FEES)
    a = submit(unit="T01", title="甲", date="2026-03-02")
    b = submit(unit="T02", title="乙", date="2026-03-03")
    for item in (a, b):
        assert cli("adopt", item, "--pub", "city_express", "--issue", "第1期", "--date", "2026-03-10").code == 0
    result = cli("fees", "--half", "2026H1")
    assert "共 2 人" in result.out, result.out           # 张三 of 城关镇 and 张三 of 东河镇
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace("    name: 东河镇人民政府\n",
                                                                 "    name: 东河镇人民政府\n    active_from: 2026-04-01\n"),
                      encoding="utf-8")
    got = {k: v[2] for k, v in rows(cli("fees", "--half", "2026H1", "--format", "json", "--force").out).items()}
    assert got == {("张三", "T01"): Decimal("50.00")}   # 乙 came in before 东河镇 took part: scored nowhere, paid nowhere
