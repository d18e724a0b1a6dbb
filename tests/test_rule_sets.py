"""Issue 13: each bundled rule set built from a published 计分办法 scores a month or a quarter by
hand, through the command line, with the numbers as published (the comments quote the clause)."""
from __future__ import annotations

import json

import pytest

from conftest import BODY, run_cli
from govinfo.actions.init import rule_sets


class Office:
    """A new workspace on one bundled rule set, driven as a clerk would."""

    def __init__(self, root, rules: str, units: list[tuple]):
        assert run_cli(["init", root, "--rules", rules]).code == 0
        self.root, self.n = root, 0
        lines = ["units:"]
        for code, name, category, *parent in units:
            lines += [f"  - code: {code}", f"    name: {name}", f"    category: {category}"]
            lines += [f"    parent: {parent[0]}"] if parent else []
        (root / "rules" / "roster.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def cli(self, *args):
        result = run_cli([*args, "--root", self.root])
        assert result.code == 0, result.text
        return result.out

    def item(self, unit: str, day: str, category: str, **extra) -> str:
        self.n += 1
        args = ["submit", "--unit", unit, "--title", f"信息{self.n}", "--drafter", "张三", "--reviewer", "李四",
                "--date", day, "--category", category, "--body", BODY + f"（第{self.n}条）"]
        for key, value in extra.items():
            args += [f"--{key}", value]
        return self.cli(*args).strip()

    def adopt(self, item: str, pub: str, day: str, *more: str) -> None:
        self.n += 1
        self.cli("adopt", item, "--pub", pub, "--issue", f"第{self.n}期", "--date", day, *more)

    def totals(self, *period) -> dict:
        data = json.loads(self.cli("score", *period, "--format", "json"))
        return {u["code"]: u for u in data["units"]}


def test_every_bundled_set_validates_on_a_new_workspace(tmp_path):
    for name in rule_sets():
        assert run_cli(["init", tmp_path / name, "--rules", name]).code == 0
        result = run_cli(["validate", "--root", tmp_path / name])
        assert result.code == 0 and "0 个错误" in result.out, (name, result.text)


def test_init_help_lists_each_set_with_one_line():
    result = run_cli(["init", "--help"])
    for name in rule_sets():
        assert f"{name}：" in result.out
    assert "湖州市政务信息工作考核评比办法（湖政办函〔2018〕9号）" in result.out


def test_huzhou_month(tmp_path):
    o = Office(tmp_path / "w", "huzhou", [("C01", "吴兴区人民政府办公室", "county"),
                                          ("E01", "某企业直报点", "enterprise", "C01")])
    a = o.item("C01", "2026-10-05", "要情信息")
    o.adopt(a, "daily", "2026-10-06")                              # 每日要情 每条3分
    o.cli("instruct", a, "--level", "city", "--leader", "王市长", "--date", "2026-10-07")   # 领导批示再加10分
    o.cli("instruct", a, "--level", "city", "--leader", "李副市长", "--date", "2026-10-08")  # 同级再批示不加分
    b = o.item("E01", "2026-10-05", "专报信息")
    o.adopt(b, "special_report", "2026-10-09")                     # 专报信息 每条10分
    o.cli("instruct", b, "--level", "city", "--leader", "王市长", "--date", "2026-10-10")   # 专报批示再加20分
    c = o.item("C01", "2026-10-12", "要情信息")
    o.cli("forward", c, "--to", "province_daily", "--date", "2026-10-13")                 # 上报省办：要情类3分
    o.adopt(c, "province_daily", "2026-10-15")                     # 省办《每日要情》录用 10分
    o.cli("instruct", c, "--level", "province", "--leader", "省领导", "--date", "2026-10-16")  # 省领导批示 50分
    units = o.totals("--month", "2026-10")
    assert units["C01"]["total"] == (3 + 10 + 0) + (10 + 20) + (3 + 10 + 50)   # 企业直报点的 30 分计入县区: 106
    assert units["E01"]["total"] == 30 and units["E01"]["rank"] is None


def test_shengzhou_month_quotas_by_class(tmp_path):
    o = Office(tmp_path / "w", "shengzhou", [("A01", "市发改局", "class_1"), ("B01", "市邮政局", "class_4")])
    for day in range(1, 7):
        o.item("A01", f"2026-10-{day:02d}", "政务动态")               # 一类单位每月不少于6条
    o.item("B01", "2026-10-05", "政务动态")                           # 四类单位每月不少于2条
    units = o.totals("--month", "2026-10")
    assert (units["A01"]["quota"], units["A01"]["quota_met"]) == (6, True)
    assert (units["B01"]["quota"], units["B01"]["quota_met"]) == (2, False)
    awards = json.loads(o.cli("awards", "--year", "2025", "--json"))
    targets = {u["code"]: u["target"] for u in awards["units"]}
    assert targets == {"A01": 100, "B01": 40}                          # 质量任务100分、40分


def test_enshi_month_quotas(tmp_path):
    o = Office(tmp_path / "w", "enshi", [("K01", "恩施市人民政府", "county"), ("F01", "州发改委", "dept_a"),
                                         ("F02", "州财政局", "dept_b")])
    for day in range(1, 21):
        o.item("K01", f"2026-10-{day:02d}", "政务动态")               # 县市每月20条以上
    for day in range(1, 5):
        o.item("F01", f"2026-10-{day:02d}", "政务动态")               # 州发改委每月5条：差1条
    for day in range(1, 4):
        o.item("F02", f"2026-10-{day:02d}", "政务动态")               # 州财政局每月3条
    units = o.totals("--month", "2026-10")
    assert [(units[c]["quota"], units[c]["quota_met"]) for c in ("K01", "F01", "F02")] == [(20, True), (5, False), (3, True)]
    assert o.totals("--quarter", "2026Q3")["K01"]["quota"] == 60


def test_guangyuan_month_with_conversion(tmp_path):
    o = Office(tmp_path / "w", "guangyuan", [("X01", "利州区人民政府", "county"), ("X02", "昭化区人民政府", "county")])
    call = o.cli("solicit", "new", "--topic", "秋粮收购", "--units", "X01,X02", "--deadline", "2026-10-15",
                 "--date", "2026-10-02").strip()
    a = o.item("X01", "2026-10-05", "政务动态")
    o.adopt(a, "chenxun", "2026-10-06")                               # 《政务晨讯》采用1条计2分
    o.cli("instruct", a, "--level", "city", "--leader", "市长", "--date", "2026-10-07")  # 市政府领导批示5分
    o.cli("feedback", a, "--text", "已按批示落实", "--date", "2026-10-12")  # 按时反馈：不倒扣
    b = o.item("X01", "2026-10-08", "政务动态", solicitation=call)
    o.adopt(b, "chenxun", "2026-10-09")                               # 约稿信息采用1条计5分
    c = o.item("X01", "2026-10-10", "政务动态")
    o.adopt(c, "website", "2026-10-11", "--format", "图片")           # 网站图片信息0.5分
    d = o.item("X01", "2026-10-12", "政务动态")
    o.adopt(d, "chuanzheng", "2026-10-13", "--format", "important")  # 《川政晨讯》重要计5分
    e = o.item("X02", "2026-10-05", "政务动态")
    o.adopt(e, "website", "2026-10-06")                               # 网站文字信息1分
    o.cli("instruct", e, "--level", "city", "--leader", "市长", "--date", "2026-10-07")  # 5分，但15天内未反馈
    units = o.totals("--month", "2026-10")
    # X02：约稿不报倒扣10分，批示要求反馈的信息不报倒扣10分
    assert (units["X01"]["total"], units["X02"]["total"]) == (2 + 5 + 5 + 0.5 + 5, 1 + 5 - 10 - 10)
    assert (units["X01"]["converted"], units["X02"]["converted"]) == (100, 0)   # 折算成综合目标考核得分
    assert "折合综合目标考核分 100 分" in o.cli("explain", "--unit", "X01", "--month", "2026-10")


def test_lianyungang_month_outlets_add_up(tmp_path):
    o = Office(tmp_path / "w", "lianyungang", [("L01", "海州区人民政府", "county")])
    a = o.item("L01", "2026-10-05", "政务信息")
    o.adopt(a, "zuori", "2026-10-06")                                 # 《昨日情况》3分
    o.cli("instruct", a, "--level", "city", "--leader", "市长", "--date", "2026-10-07")   # 获批示加5分
    o.cli("forward", a, "--to", "province_brief", "--date", "2026-10-07")                # 选报省2分
    o.adopt(a, "province_brief", "2026-10-10")                        # 省简报、摘编10分
    o.cli("instruct", a, "--level", "province", "--leader", "省长", "--date", "2026-10-11")  # 省领导批示加50分
    b = o.item("L01", "2026-10-08", "调研信息")
    o.cli("forward", b, "--to", "province_special", "--date", "2026-10-09")              # 选报省2分
    o.adopt(b, "province_special", "2026-10-12")                      # 省专报20分，调研30分
    c = o.item("L01", "2026-10-09", "政务信息")
    o.adopt(c, "zuori", "2026-10-10", "--format", "简讯")             # 简讯1分
    d = o.item("L01", "2026-10-10", "政务信息")
    o.cli("forward", d, "--to", "national_info", "--date", "2026-10-11")                 # 国办选报10分
    o.adopt(d, "national_info", "2026-10-14")                         # 国办采用50分
    o.cli("instruct", d, "--level", "national", "--leader", "国务院领导", "--date", "2026-10-15")  # 批示加100分
    total = o.totals("--month", "2026-10")["L01"]["total"]
    assert total == (3 + 5 + 2 + 10 + 50) + (2 + 30) + 1 + (10 + 50 + 100)   # 263


def test_henan_gongxin_month(tmp_path):
    o = Office(tmp_path / "w", "henan_gongxin", [("Z01", "郑州市工业和信息化局", "city_bureau")])
    for pub in ("ting_briefing", "province_network", "ministry_briefing", "central"):
        o.adopt(o.item("Z01", "2026-10-05", "工作动态"), pub, "2026-10-08")
    assert o.totals("--month", "2026-10")["Z01"]["total"] == 6 + 0.5 + 10 + 20   # 厅刊6、专网0.5、部刊10、中办国办20


def test_zhonglou_quarter(tmp_path):
    o = Office(tmp_path / "w", "zhonglou", [("S01", "审批一科", "section"), ("S02", "政务服务中心", "section")])
    call = o.cli("solicit", "new", "--topic", "营商环境", "--units", "S01", "--deadline", "2026-08-20",
                 "--date", "2026-08-01").strip()
    o.adopt(o.item("S01", "2026-07-06", "政务及新闻类"), "district", "2026-07-10")      # 区级录用10分
    b = o.item("S01", "2026-08-03", "理论调研类")
    o.adopt(b, "city", "2026-08-10")                                  # 市级录用理论调研类30分
    o.cli("instruct", b, "--level", "city", "--leader", "市领导", "--date", "2026-08-12")  # 市级批示加20分
    o.item("S01", "2026-08-15", "政务及新闻类", solicitation=call)    # 完成约稿每篇2分
    o.item("S01", "2026-09-02", "党建类")
    o.item("S02", "2026-09-03", "党建类")
    o.cli("penalty", "add", "--unit", "S02", "--kind", "late", "--date", "2026-09-04")     # 报送不及时扣1分
    units = o.totals("--quarter", "2026Q3")
    # S01: 基础分6 + 10 + 30 + 20 + 2；4篇中2篇录用（50%），报送4篇≥3篇
    assert units["S01"]["total"] == 6 + 10 + 30 + 20 + 2
    # S02: 基础分6，1篇（少2篇，每少1篇扣1分），录用率0%低于30%扣1分，报送不及时扣1分
    assert units["S02"]["total"] == 6 - 2 - 1 - 1
    explained = o.cli("explain", "--unit", "S02", "--quarter", "2026Q3")
    assert "录用率 0.0%" in explained and "季度基础分" in explained and "少 2 条" in explained


@pytest.mark.parametrize("name", ["huzhou", "zhonglou"])
def test_sets_fit_office_and_roster(tmp_path, name):
    assert run_cli(["init", tmp_path / name, "--rules", name]).code == 0
    roster = (tmp_path / name / "rules" / "roster.yaml").read_text(encoding="utf-8")
    assert "township" not in roster.splitlines()[2]                   # the comment names this set's categories
    office = (tmp_path / name / "rules" / "office.yaml").read_text(encoding="utf-8")
    assert ("\n  daily:\n" in office) if name == "huzhou" else ("\n# briefings:" in office)
