"""score, rank, explain and awards on the bundled demo, as a clerk runs them."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import run_cli
from govinfo.core.periods import parse_period
from govinfo.compute.scoring import score
from govinfo.store.workspace import open_workspace


@pytest.fixture
def demo(demo_master):
    return demo_master  # these tests only read


def test_score_json_has_every_unit_and_the_year_to_date(demo):
    result = run_cli(["score", "--month", "2026-10", "--format", "json", "--root", demo])
    assert result.code == 0, result.text
    data = json.loads(result.out)
    assert (data["period"], data["ytd_period"]) == ("2026-10", "2026-01..10")
    roster = json.loads(run_cli(["units", "--json", "--root", demo]).out)
    assert [u["code"] for u in data["units"]] == [u["code"] for u in roster]
    library = score(open_workspace(demo), parse_period(month_="2026-10"))
    ytd = score(open_workspace(demo), parse_period(month_="2026-10").ytd)
    for row in data["units"]:
        s = library.unit(row["code"])
        assert Decimal(str(row["total"])) == s.total
        assert sum(Decimal(str(v)) for v in row["points"].values()) == s.total
        assert (row["rank"], row["category_rank"], row["quota_met"]) == (s.rank, s.category_rank, s.quota_met)
        assert Decimal(str(row["ytd"]["total"])) == ytd.unit(row["code"]).total
    silent = next(r for r in data["units"] if r["code"] == "D10")
    assert silent["submitted"] == 0 and silent["quota_met"] is False


def test_score_table_and_csv(demo):
    table = run_cli(["score", "--quarter", "2026Q3", "--root", demo])
    assert table.code == 0, table.text
    assert "2026年第三季度·乡（镇、区）（累计为2026年1—9月）" in table.out and "城关镇" in table.out
    text = run_cli(["score", "--half", "2026H1", "--format", "csv", "--root", demo]).out
    assert text.startswith("\ufeff")                     # Excel reads UTF-8 Chinese only with the BOM
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:4] == ["代码", "单位", "类别", "报送数"] and len(rows) == 27


def test_score_csv_file_is_written_once_with_its_bom(demo, tmp_path):
    target = tmp_path / "上半年得分.csv"
    written = run_cli(["score", "--half", "2026H1", "--csv", target, "--root", demo])
    assert written.code == 0, written.text
    assert "已写出" in written.out and target.name in written.out
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == run_cli(["score", "--half", "2026H1", "--format", "csv", "--root", demo]).out[1:]
    again = run_cli(["score", "--half", "2026H1", "--csv", target, "--root", demo])
    assert again.code == 1 and "文件已存在" in again.err and target.read_bytes() == data
    wrong = run_cli(["score", "--half", "2026H1", "--csv", tmp_path / "得分.xlsx", "--root", demo])
    assert wrong.code == 1 and "不是 .csv 文件名" in wrong.err and not (tmp_path / "得分.xlsx").exists()
    both = run_cli(["score", "--half", "2026H1", "--csv", tmp_path / "b.csv", "--format", "json", "--root", demo])
    assert both.code == 1 and "--format" in both.err and not (tmp_path / "b.csv").exists()


def test_bad_period_is_explained(demo):
    result = run_cli(["score", "--month", "2026-13", "--root", demo])
    assert result.code == 1 and "写成 --month 2026-10" in result.err
    both = run_cli(["score", "--month", "2026-10", "--year", "2026", "--root", demo])
    assert both.code == 1 and "只给出一个时期" in both.err


@pytest.mark.parametrize("args", [["score", "--year", "2027"], ["fees", "--half", "2027H1"], ["rank", "--month", "2026-12"],
                                  ["stats", "--quarter", "2027Q1"]])
def test_a_period_that_has_not_begun_is_refused(demo, args):
    out = Path(demo) / "out"
    before = sorted(out.rglob("*")) if out.exists() else []
    refused = run_cli([*args, "--root", demo])
    assert refused.code == 1 and "还没有开始" in refused.err and "今天是 2026-11-21" in refused.err
    assert (sorted(out.rglob("*")) if out.exists() else []) == before


def test_rank_top_and_bottom_per_category(demo):
    result = run_cli(["rank", "--quarter", "2026Q3", "--top", "3", "--bottom", "2", "--json", "--root", demo])
    assert result.code == 0, result.text
    cats = json.loads(result.out)["categories"]
    assert set(cats) == {"township", "general_dept", "other_dept"}
    top = cats["township"]["top"]
    assert [r["rank"] for r in top][:1] == [1] and all(r["rank"] <= 3 for r in top)
    assert all(a["total"] >= b["total"] for a, b in zip(top, top[1:]))
    text = run_cli(["rank", "--month", "2026-10", "--top", "3", "--root", demo]).out
    assert "2026年10月·乡（镇、区）·前 3 名" in text and "第1名 " in text
    for flag, value in (("--bottom", "0"), ("--top", "-3")):
        refused = run_cli(["rank", "--month", "2026-10", flag, value, "--root", demo])
        assert refused.code == 2 and f"'{flag}' 的值无效：{value} 不在允许的范围（x>=1）内" in refused.err
        assert "INTERNAL" not in refused.err and not refused.out


def test_explain_lists_every_point_with_its_rule_line(demo):
    result = run_cli(["explain", "--unit", "T08", "--month", "2026-10", "--root", demo])
    assert result.code == 0, result.text
    lines = result.out.splitlines()
    assert lines[0].startswith("桃源乡人民政府（T08）2026年10月得分明细")
    events = [line for line in lines if "← rules/points.yaml:" in line]
    s = score(open_workspace(demo), parse_period(month_="2026-10")).unit("T08")
    assert len(events) == len(s.events)
    import re
    amounts = [re.match(r"^\S+\s+\S+\s+([+-]?)\s*([\d.]+)", line).groups() for line in events]
    total = sum(Decimal(sign + value) for sign, value in amounts)
    assert total == s.total
    from govinfo.core.numbers import fmt_points as fmt
    assert f"合计 {fmt(s.total)} 分" in result.out


def test_awards_for_2025(demo):
    result = run_cli(["awards", "--year", "2025", "--json", "--root", demo])
    assert result.code == 0, result.text
    data = json.loads(result.out)
    advanced = [u for u in data["units"] if u["advanced"]]
    townships = [u for u in advanced if u["group"] == "乡（镇、区）"]
    assert townships and all(u["group_rank"] <= 3 for u in townships)  # a tie at 3rd brings both in
    assert all(u["group_rank"] <= 7 for u in advanced if u["group"] == "市直单位")
    assert all(u["met"] and u["eligible"] and u["nominations"] == 2 for u in advanced)
    assert len(data["excellent"]["items"]) == 10 and data["excellent"]["problems"] == []
    text = run_cli(["awards", "--year", "2025", "--root", demo]).out
    assert "【市直单位】达标单位按超标率排名，取前 7 名为先进单位" in text and "核对：条数符合计分办法的规定" in text
    listed = text[text.index("年度优秀政务信息"):]
    for item in data["excellent"]["items"]:  # each by its unit's name, not its code
        line = next(line for line in listed.splitlines() if item["id"] in line)
        assert f" {item['unit']} " not in line + " ", line
    assert "先进单位（暂）" not in text


def test_a_tie_past_the_quota_of_advanced_units_is_said(demo):
    """2026 in the demo: 市直单位 take the first 7, and three units share 7th place."""
    result = run_cli(["awards", "--year", "2026", "--json", "--root", demo])
    data = json.loads(result.out)
    advanced = [u for u in data["units"] if u["advanced"] and u["group"] == "市直单位"]
    assert len(advanced) == 9 and sum(u["group_rank"] == 7 for u in advanced) == 3
    assert data["over_quota"] == ["市直单位取前 7 名，第 7 名有 3 个单位并列（交通运输局、农业农村局、应急管理局），"
                                  "共 9 个单位在先进之列：请按考评办法确定名额"]
    said = "".join(run_cli(["awards", "--year", "2026", "--root", demo]).out.split())
    assert "注意：市直单位取前7名，第7名有3个单位并列" in said
    assert "先进单位（暂）" in said and "先进单位可推荐" not in said  # the year runs: where units stand today
    assert json.loads(run_cli(["awards", "--year", "2025", "--json", "--root", demo]).out)["over_quota"] == []


def test_awards_names_units_that_lost_eligibility(demo):
    data = json.loads(run_cli(["awards", "--year", "2026", "--json", "--root", demo]).out)
    lost = {u["code"]: u["reasons"] for u in data["units"] if not u["eligible"]}
    assert "T06" in lost and any("迟报" in r for r in lost["T06"])


def test_readme_explain_excerpt_is_what_the_demo_prints(demo):
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    excerpt = readme.split("```\n桃源乡人民政府（T08）", 1)[1].split("```", 1)[0]
    printed = run_cli(["explain", "--unit", "T08", "--month", "2026-10", "--root", demo]).out
    for line in excerpt.strip().splitlines():
        if line.strip() and line != "…":
            assert line in printed


def test_explain_and_awards_bad_input(demo):
    unknown = run_cli(["explain", "--unit", "T99", "--month", "2026-10", "--root", demo])
    assert unknown.code == 1 and "[UNKNOWN-UNIT]" in unknown.err and "是不是“T09（" in unknown.err
    ambiguous = run_cli(["explain", "--unit", "镇", "--month", "2026-10", "--root", demo])
    assert ambiguous.code == 1 and "[AMBIGUOUS] “镇”对应多个单位：T01（城关镇人民政府）" in ambiguous.err
    no_period = run_cli(["explain", "--unit", "T01", "--root", demo])
    assert no_period.code == 1 and "只给出一个时期" in no_period.err
    year = run_cli(["awards", "--year", "明年", "--root", demo])
    assert year.code == 1 and "--year“明年”格式不对" in year.err and "写成 --year 2026" in year.err
    for cmd in (["register"], ["solicit", "list"], ["excellent", "202610-DEM-0001"]):  # every --year alike
        result = run_cli([*cmd, "--year", "明年", "--root", demo])
        assert result.code == 1 and "--year“明年”格式不对" in result.err, (cmd, result.text)
