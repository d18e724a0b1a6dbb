"""A small rules file for one scoring term at a time: the office's three unit categories, four
levels, one publication per level, and nothing else that scores, so each test adds the one term
it is about and computes the result by hand."""
from __future__ import annotations

MINI = """\
name: 测试用计分办法
item_categories: [工作动态, 调研信息, 问题建议]
levels: {city: 本市, upper_city: 上级市, province: 省, national: 国家}
unit_categories:
  township:
    name: 乡镇
    annual_target: 30
@township@
  general_dept:
    name: 综合部门
    monthly_quota: 0
    annual_target: 40
  other_dept:
    name: 其他部门
    monthly_quota: 0
    annual_target: 20
adoption:
  base_points: 1
  multipliers: {city: 1, upper_city: 2, province: 3, national: 4}
publications:
  city_express: {name: 《政府工作快报》, level: city, own: true}
  upper_city_info: {name: 上级市刊物, level: upper_city}
  province_info:
    name: 省刊物
    level: province
@province@
  national_info:
    name: 国办刊物
    level: national
@national@
instructions: {city: 5, upper_city: 10, province: 15, national: 20}
penalties:
  solicitation_late: {name: 未按时限上报约稿信息, points: -5}
@penalties@
@extra@
"""


def mini(township: str = "", province: str = "", national: str = "", penalties: str = "", extra: str = "") -> str:
    """MINI with the given YAML lines put in place (each already indented for where it goes)."""
    if "monthly_quota" not in township:
        township = "    monthly_quota: 0" + ("\n" + township if township else "")
    text = MINI
    for key, value in (("township", township), ("province", province), ("national", national), ("penalties", penalties),
                       ("extra", extra)):
        text = text.replace(f"@{key}@\n", value + "\n" if value else "")
    return text


def use(root, text: str) -> None:
    (root / "rules" / "points.yaml").write_text(text, encoding="utf-8")
