"""Renderers of the year-end assessment."""
from __future__ import annotations

from govinfo.render.cells import pad

from govinfo.compute.awards import Awards
from govinfo.core.numbers import fmt_percent as pct, fmt_points as fmt, json_number as num, json_ratio as ratio


def rate_text(value) -> str:
    return "" if value is None else pct(value)


def unit_status(u, provisional: bool = False) -> str:
    """A unit's standing; while the year runs, a place among the first is only where it stands today."""
    if u.advanced:
        return "先进单位（暂）" if provisional else "先进单位"
    return "达标" if u.met and u.eligible else "未达标" if not u.met else "取消评先资格"


def excellent_rows(a: Awards) -> list[tuple[str, str, str, str]]:
    """(item id, title, unit name, group) of the year's excellent items: the unit by its name."""
    names = {s.unit.code: s.unit.label for s in a.report.units}
    return [(item_id, title, names.get(unit, unit), group or "") for item_id, title, unit, group in a.excellent.items]


def rank_text(u) -> str:
    return f"第{u.group_rank}名" if u.group_rank else "—"


def groups(a: Awards) -> list[tuple]:
    """[(group, how it ranks, its units by rank)]: what the text and the web page both lay out."""
    out = []
    for group in a.report.rules.award_groups:
        members = [u for u in a.units if u.group == group.name]
        how = "超标率" if group.rank_by == "over_target_rate" else "全年得分"
        out.append((group, how, sorted(members, key=lambda u: (u.group_rank is None, u.group_rank or 0))))
    return out


def awards_lines(a: Awards) -> list[str]:
    rules = a.report.rules
    lines = [f"{a.year}年度政务信息工作考评（{rules.name}）"]
    if a.report.provisional:
        lines.append(f"（{a.report.provisional_note}；年度结束后再定先进单位）")
    lines.append("")
    for group, how, members in groups(a):
        lines.append(f"【{group.name}】达标单位按{how}排名，取前 {group.top} 名为先进单位")
        for u in members:
            lines.append(f"  {pad(rank_text(u), 7)} {pad(u.score.unit.label, 24)} 得分 {fmt(u.score.total):>7}  达标分 {fmt(u.target):>4}  "
                         f"超标率 {rate_text(u.rate):>8}  {unit_status(u, a.report.provisional)}  可推荐先进个人 {u.nominations} 名")
        lines.append("")
    lines += [f"注意：{note}" for note in a.over_quota] + ([""] if a.over_quota else [])
    lost = [u for u in a.units if not u.eligible]
    lines.append("取消年度评先资格的单位：" + ("无" if not lost else ""))
    for u in lost:
        lines.append(f"  {u.score.unit.name}：{'；'.join(u.reasons)}")
    lines += ["", f"{a.year}年度优秀政务信息（{len(a.excellent.items)} 条）："]
    for item_id, title, unit, group in excellent_rows(a):
        lines.append(f"  {item_id}《{title}》 {unit} {group}")
    lines += [f"  核对：{p}" for p in a.excellent.problems] or ["  核对：条数符合计分办法的规定"]
    return lines


def awards_json(a: Awards) -> dict:
    return {"year": a.year, "provisional": a.report.provisional,
            "as_of": a.report.as_of.isoformat() if a.report.provisional else None, "units": [
        {"code": u.score.unit.code, "name": u.score.unit.name, "category": u.score.unit.category, "group": u.group,
         "total": num(u.score.total), "target": num(u.target), "met": u.met,
         "over_target_rate": ratio(u.rate), "eligible": u.eligible,
         "reasons": u.reasons, "group_rank": u.group_rank, "advanced": u.advanced, "nominations": u.nominations}
        for u in a.units],
        "over_quota": a.over_quota,
        "excellent": {"items": [{"id": i, "title": t, "unit": un, "group": g} for i, t, un, g in a.excellent.items],
                      "problems": a.excellent.problems}}
