"""Renderers of score reports: rich tables, JSON, CSV. Numbers print one canonical way."""
from __future__ import annotations

from govinfo.render.cells import balanced, pad

import csv
import io
import json
from decimal import Decimal

from rich import box
from rich.table import Table

from govinfo.core.numbers import fmt_points as fmt, json_number as num
from govinfo.compute.scoring import PART_ZH, Report, UnitScore

def _rank(value) -> str:
    return "" if value is None else str(value)


def unit_row(s: UnitScore, report: Report) -> dict:
    rules = report.rules
    return {"code": s.unit.code, "name": s.unit.name, "short": s.unit.short, "category": s.unit.category,
            "category_name": rules.unit_categories[s.unit.category].name if s.unit.category in rules.unit_categories else s.unit.category,
            "submitted": s.submitted, "quota": s.quota, "quota_met": s.quota_met,
            "adoptions": {lv: s.adoptions.get(lv, 0) for lv in rules.levels}, "adoptions_by_pub": dict(s.adoptions_by_pub),
            "specials": s.specials, "instructions": {lv: s.instructions.get(lv, 0) for lv in rules.levels},
            "excellent": s.excellent, "penalties": dict(s.penalties),
            "points": {p: num(v) for p, v in s.points.items() if v or p in ("submission", "adoption", "instruction", "penalty")},
            "total": num(s.total), "rank": s.rank, "category_rank": s.category_rank,
            **({"converted": num(s.converted)} if s.converted is not None else {})}


def provisional_fields(report: Report) -> dict:
    """JSON: whether the period is still running, and the day its scores are as of."""
    return {"provisional": report.provisional, "as_of": report.as_of.isoformat() if report.provisional else None}


def to_json(report: Report, ytd: Report | None = None) -> str:
    ytd_rows = {s.unit.code: s for s in ytd.units} if ytd else {}
    units = []
    for s in report.units:
        row = unit_row(s, report)
        if ytd and s.unit.code in ytd_rows:
            y = ytd_rows[s.unit.code]
            row["ytd"] = {"submitted": y.submitted, "quota": y.quota, "quota_met": y.quota_met, "total": num(y.total),
                          "points": {p: num(v) for p, v in y.points.items() if v}, "rank": y.rank,
                          "category_rank": y.category_rank}
        units.append(row)
    data = {"period": report.period.key, "label": report.period.label, "rules": report.rules.name,
            **provisional_fields(report), "ytd_period": ytd.period.key if ytd else None,
            **({"conversion": report.rules.conversion.name} if report.rules.conversion else {}), "units": units}
    return json.dumps(data, ensure_ascii=False, indent=2)


CSV_HEAD = ["代码", "单位", "类别", "报送数", "任务数", "完成任务", "采用数", "批示数", "加分合计", "扣分合计", "得分", "排名",
            "类别排名", "累计报送", "累计得分", "累计排名", "状态"]


def to_csv(report: Report, ytd: Report | None = None) -> str:
    from govinfo.render.cells import cell
    ytd_rows = {s.unit.code: s for s in ytd.units} if ytd else {}
    buf = io.StringIO()
    w = csv.writer(buf)
    conv = report.rules.conversion
    w.writerow(CSV_HEAD + ([conv.name] if conv else []))
    state = f"暂计（截至 {report.as_of}）" if report.provisional else ""
    for s in report.units:
        pos = sum((e.points for e in s.events if e.points > 0), Decimal(0))
        neg = sum((e.points for e in s.events if e.points < 0), Decimal(0))
        y = ytd_rows.get(s.unit.code)
        w.writerow([cell(s.unit.code), cell(s.unit.name), cell(unit_row(s, report)["category_name"]), s.submitted, s.quota,
                    "是" if s.quota_met else "否", s.adopted, sum(s.instructions.values()), fmt(pos), fmt(neg), fmt(s.total),
                    _rank(s.rank), _rank(s.category_rank), y.submitted if y else "", fmt(y.total) if y else "",
                    _rank(y.rank) if y else "", state] + ([fmt(s.converted)] if conv else []))
    return buf.getvalue()


UNIT_COLS = 14  # the unit column of the score tables: seven characters, a longer name in balanced lines


def score_tables(report: Report, ytd: Report | None = None) -> list[Table]:
    rules = report.rules
    ytd_rows = {s.unit.code: s for s in ytd.units} if ytd else {}
    tables = []
    for key, cat in rules.unit_categories.items():
        rows = [s for s in report.units if s.unit.category == key]
        if not rows:
            continue
        title = f"{report.period.label}·{cat.name}" + (f"（累计为{ytd.period.label.replace('累计', '')}）" if ytd else "")
        if report.provisional:
            title += f"（暂计，截至 {report.as_of}）"
        t = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
        t.add_column("排名", justify="right", no_wrap=True)
        t.add_column("单位", max_width=UNIT_COLS, overflow="fold")
        conv = ("考核分",) if rules.conversion else ()
        for col in ("报送", "任务", "完成", "采用", "批示", "扣分", "得分") + conv + (("累计",) if ytd else ()):
            t.add_column(col, justify="right", no_wrap=True)
        for s in sorted(rows, key=lambda s: (s.category_rank or 0)) if rules.publish_ranks else rows:
            pen = s.points["penalty"]
            row = [_rank(s.category_rank), balanced(s.unit.label, UNIT_COLS), str(s.submitted), str(s.quota), "是" if s.quota_met else "否",
                   str(s.adopted), str(sum(s.instructions.values())), fmt(pen) if pen else "", fmt(s.total)]
            if conv:
                row.append(fmt(s.converted))
            if ytd:
                y = ytd_rows.get(s.unit.code)
                row.append(fmt(y.total) if y else "")
            t.add_row(*row)
        tables.append(t)
    return tables


def explain_lines(s: UnitScore, report: Report) -> list[str]:
    lines = [f"{s.unit.name}（{s.unit.code}）{report.period.label}得分明细（{report.rules.name}）"]
    if report.provisional:
        lines.append(f"（{report.provisional_note}）")
    lines.append("")
    for e in s.events:
        sign = "+" if e.points >= 0 else ""
        subject = f"{e.item}《{e.title}》" if e.item else (e.record or "")
        lines.append(f"{e.day}  {pad(PART_ZH[e.part], 8)} {sign}{fmt(e.points):>6}  {subject} {e.what}  ← {e.rule}")
    if not s.events:
        lines.append("（本期没有计分事项）")
    lines.append("")
    parts = [f"{PART_ZH[p]} {fmt(v)}" for p, v in s.points.items() if v]
    lines.append(f"合计 {fmt(s.total)} 分" + (f"（{'；'.join(parts)}）" if parts else ""))
    if s.converted is not None:
        from govinfo.compute.terms import conversion_said
        lines.append(conversion_said(report.rules, s))
    if s.rank is not None:
        lines.append(f"总排名第 {s.rank} 名，类别内第 {s.category_rank} 名")
    return lines



def rank_json(report: Report, lists) -> dict:
    return {"period": report.period.key, **provisional_fields(report), "categories": {
        r.category.key: {name: [{"code": s.unit.code, "name": s.unit.name, "total": num(s.total), "rank": s.category_rank}
                              for s in rows] for name, rows in r.picked.items()} for r in lists}}


def rank_lines(report: Report, lists, top: int | None, bottom: int | None) -> list[tuple[str, bool]]:
    """(line, is_heading) for each category's heading and its ranked units."""
    titles = {"all": "排名", "top": f"前 {top} 名", "bottom": f"后 {bottom} 名"}
    lines = [(f"（{report.provisional_note}）", False)] if report.provisional else []
    for r in lists:
        for name, rows in r.picked.items():
            lines.append((f"{report.period.label}·{r.category.name}·{titles[name]}", True))
            lines += [(f"  {pad(f'第{s.category_rank}名', 6)}  {pad(s.unit.label, 24)} {fmt(s.total):>8} 分", False) for s in rows]
    return lines
