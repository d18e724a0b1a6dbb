"""`govinfo status` as lines for the console (each wraps to the terminal's width; ids stay whole)
and as JSON."""
from __future__ import annotations

from rich.cells import cell_len

from govinfo.compute.status import MonthStatus

SHOWN_OVERDUE = 20


def fold(prefix: str, entries: list[str], width: int, indent: str = "    ", sep: str = "、") -> list[str]:
    """Entries joined by 、, broken only between entries (a name and its count stay together),
    each line at most `width` cells (CJK characters are two)."""
    lines, line = [], prefix
    for n, entry in enumerate(entries):
        piece = entry + (sep if n < len(entries) - 1 else "")
        if cell_len(line) + cell_len(piece) > width and line.strip():
            lines.append(line)
            line = indent
        line += piece
    lines.append(line)
    return lines


def _names(scores, count: bool = True) -> list[str]:
    return [s.unit.label + (f"（{s.submitted}）" if count else "") for s in scores]


def status_lines(st: MonthStatus, units: dict, width: int = 80) -> list[tuple[str, bool]]:
    """(line, is_heading), each at most `width` cells."""
    def plain(prefix: str, entries: list[str], sep: str = "、") -> list[tuple[str, bool]]:
        return [(line, False) for line in fold(prefix, entries, width, sep=sep)]
    running = f"，{st.period.label}尚未结束" if st.report.provisional else ""
    lines = [(f"{st.period.label}政务信息工作概况（截至 {st.as_of}{running}）", True), ("", False),
             ("一、报送（对照每月任务）", True)]
    if not st.categories:
        lines.append(("  花名册中还没有单位：用 govinfo units add 添加，或编辑 rules/roster.yaml", False))
    short_word = "尚未完成" if st.report.provisional else "未完成"
    for cat in st.categories:
        met = len(cat.rows) - len(cat.short)
        lines += plain(f"【{cat.name}】", [f"任务 {cat.quota} 条", f"{len(cat.rows)} 个单位", f"已完成 {met} 个",
                                            f"{short_word} {len(cat.short)} 个", f"未报送 {len(cat.silent)} 个"], "，")
        short = [s for s in cat.short if s.submitted]
        if short:
            lines += plain(f"  {short_word}（已报条数）：", _names(short))
        if cat.silent:
            lines += plain("  未报送：", _names(cat.silent, count=False))
    lines += [("", False), ("二、约稿", True)]
    if not st.calls:
        lines.append(("  本月没有在办的约稿", False))
    lines += [(line, False) for line in call_lines(st.calls, units, width)]
    lines += [("", False), (f"三、批示件逾期未反馈：{len(st.overdue)} 件", True)]
    for c in sorted(st.overdue, key=lambda c: -c.days_overdue)[:SHOWN_OVERDUE]:
        unit = units.get(c.assignee)
        lines.append((f"  {c.instruction.id}", False))
        lines += plain("    ", [f"承办 {unit.label if unit else c.assignee}", f"期限 {c.due}", f"已逾期 {c.days_overdue} 天"], "，")
    if len(st.overdue) > SHOWN_OVERDUE:
        lines.append((f"  （以上是逾期最久的 {SHOWN_OVERDUE} 件；全部：govinfo instructions --overdue）", False))
    lines += [("", False), (f"四、本月信息中尚未评定或采用的：{len(st.unjudged)} 条", True)]
    if st.unjudged:
        key = st.period.key
        lines.append((f"  查看：govinfo list --month {key} --not-adopted", False))
        lines.append(("  评定：govinfo judge 信息编号 --qualified（或 --not-qualified）", False))
    lines += [("", False), ("五、印发通报前还需处理", True)]
    if not st.notice_needs:
        lines.append(("  没有", False))
    for d in st.notice_needs:
        lines += plain(f"  {d.source}：", d.message.split("，"), "，")
        if d.hint:
            lines += plain("    ", d.hint.split("、"))
    return lines


def call_lines(calls, units: dict, width: int = 80) -> list[str]:
    """Each call: its id on a line of its own, then topic, deadline and who answered."""
    lines = []
    for p in calls:
        closed = p.as_of > p.call.deadline
        state, none = ("已截止", "未报") if closed else ("未截止", "尚未报")
        lines.append(f"  {p.call.id}")
        lines += fold(f"    “{p.call.topic}”：", [f"截止 {p.call.deadline}（{state}）", f"按时 {len(p.on_time)}",
                                                 f"迟报 {len(p.late)}", f"{none} {len(p.missing)}"], width, sep="，")
        for label, codes in (("迟报：", p.late), (none + "：", p.missing)):
            if codes:
                lines += fold("    " + label, [units[c].label if c in units else c for c in codes], width)
    return lines


def status_json(st: MonthStatus) -> dict:
    return {
        "period": st.period.key, "as_of": st.as_of.isoformat(), "provisional": st.report.provisional,
        "categories": [{"category": c.key, "name": c.name, "quota": c.quota,
                        "units": [{"code": s.unit.code, "name": s.unit.name, "submitted": s.submitted,
                                   "quota_met": s.quota_met} for s in c.rows],
                        "short": [s.unit.code for s in c.short], "silent": [s.unit.code for s in c.silent]}
                       for c in st.categories],
        "calls": [{"id": p.call.id, "topic": p.call.topic, "deadline": p.call.deadline.isoformat(), "on_time": list(p.on_time),
                   "late": list(p.late), "missing": list(p.missing), "overdue": p.overdue} for p in st.calls],
        "overdue_instructions": [{"id": c.instruction.id, "item": c.instruction.item, "assignee": c.assignee,
                                  "due": c.due.isoformat(), "days_overdue": c.days_overdue} for c in st.overdue],
        "not_judged_or_adopted": [i.id for i in st.unjudged],
        "notice_needs": [{"code": d.code, "message": d.message, "hint": d.hint} for d in st.notice_needs],
    }
