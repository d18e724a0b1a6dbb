"""One Chinese line per record, for show and for the record commands' confirmations."""
from __future__ import annotations

from govinfo.store.rules import printed_in
from govinfo.core.numbers import fmt_points
from govinfo.store.records import (CORRECTABLE, KIND_ZH, Adoption, Call, Correction, Excellent, Feedback, Forward,
                                    Instruction, Judgement, Penalty, Record, Withdrawal)
from govinfo.store.workspace import Workspace


def describe_record(rec: Record, ws: Workspace) -> str:
    """One Chinese line for a record, used by show and by the commands' confirmations."""
    rules = ws.rules
    if isinstance(rec, Adoption):
        pub = rules.publications.get(rec.pub) if rules else None
        route = {"forwarded": "（经本办转报）", "direct": "（单位直报）"}.get(rec.route or "", "")
        fmt = pub.formats.get(rec.format) if pub and rec.format else None
        shape = f"（{fmt.name}）" if fmt else ""
        return f"{rec.date} 被{printed_in(rules.publications if rules else {}, rec.pub, rec.issue_label)}采用" + ("（专期）" if rec.special else "") + shape + route
    if isinstance(rec, Instruction):
        level = rules.levels.get(rec.level, rec.level) if rules else rec.level
        units = ws.unit_map
        who = units[rec.assignee].label if rec.assignee in units else rec.assignee
        follow = f"（承办：{who}，{rec.due} 前反馈）" if rec.assignee and rec.due else ""
        return f"{rec.date} 获{level}领导{rec.leader}批示" + (f"：{rec.note}" if rec.note else "") + follow
    if isinstance(rec, Excellent):
        return f"评为 {rec.year} 年度优秀政务信息"
    if isinstance(rec, Penalty):
        kind = rules.penalties.get(rec.penalty) if rules else None
        amount = f" {fmt_points(rec.points)} 分" if rec.points is not None else ""
        units = ws.unit_map
        who = f"{units[rec.unit].label}（{rec.unit}）" if rec.unit in units else rec.unit
        return f"{rec.date} {who} 扣分：{kind.name if kind else rec.penalty}{amount}"
    if isinstance(rec, Correction):
        why = f"（{rec.reason}）" if rec.reason else ""
        return f"{rec.date} 更正{CORRECTABLE.get(rec.field, rec.field)}为“{rec.value}”{why}；单位的原文件未改动"
    if isinstance(rec, Judgement):
        return f"{rec.date} 评定为{'符合要求' if rec.qualified else '不符合要求'}" + (f"：{rec.note}" if rec.note else "")
    if isinstance(rec, Call):
        return f"{rec.date} 约稿“{rec.topic}”，截止 {rec.deadline}，单位 {','.join(rec.units)}"
    if isinstance(rec, Feedback):
        return f"{rec.date} 反馈批示件办理情况：{rec.text[:40]}"
    if isinstance(rec, Forward):
        pub = rules.publications.get(rec.to) if rules else None
        return f"{rec.date} 由本办转报{pub.name if pub else rec.to}"
    if isinstance(rec, Withdrawal):
        return f"{rec.date} 撤销 {rec.target}"
    return f"{rec.date} {KIND_ZH.get(rec.kind, rec.kind)}"


def record_lines(rec: Record, withdrawn: Record | None, ws: Workspace) -> list[str]:
    """`show` of one record: what it says, its file, whether a withdrawal cancelled it, its item."""
    lines = [f"{KIND_ZH.get(rec.kind, rec.kind)}记录 {rec.id}", f"  {describe_record(rec, ws)}", f"  文件：{rec.source.path}"]
    if withdrawn:
        reason = withdrawn.get("reason")
        lines.append(f"  已撤销：{withdrawn.id}（{withdrawn.date}{'，' + reason if reason else ''}），不再计分")
    if getattr(rec, "item", None):
        lines.append(f"  所指信息：{rec.item}（govinfo show {rec.item} 查看）")
    return lines
