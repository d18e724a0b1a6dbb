"""One Chinese line per record, for show and for the record commands' confirmations."""
from __future__ import annotations

from govinfo.store.records import KIND_ZH, Record
from govinfo.store.workspace import Workspace


def describe_record(rec: Record, ws: Workspace) -> str:
    """One Chinese line for a record, used by show and by the commands' confirmations."""
    rules = ws.rules
    if rec.kind == "adopt":
        pub = rules.publications.get(rec.get("pub")) if rules else None
        name = pub.name if pub else rec.get("pub")
        return f"{rec.date} 被{name}{rec.get('issue')}采用" + ("（专期）" if rec.get("special") else "")
    if rec.kind == "instruct":
        level = rules.levels.get(rec.get("level"), rec.get("level")) if rules else rec.get("level")
        return f"{rec.date} 获{level}领导{rec.get('leader')}批示" + (f"：{rec.get('note')}" if rec.get("note") else "")
    if rec.kind == "excellent":
        return f"评为 {rec.get('year')} 年度优秀政务信息"
    if rec.kind == "penalty":
        kind = rules.penalties.get(rec.get("penalty")) if rules else None
        return f"{rec.date} {rec.get('unit')} 扣分：{kind.name if kind else rec.get('penalty')}"
    if rec.kind == "solicit":
        return f"{rec.date} 约稿“{rec.get('topic')}”，截止 {rec.get('deadline')}，单位 {','.join(rec.get('units'))}"
    if rec.kind == "forward":
        pub = rules.publications.get(rec.get("to")) if rules else None
        return f"{rec.date} 由本办转报{pub.name if pub else rec.get('to')}"
    if rec.kind == "feedback":
        return f"{rec.date} 反馈批示件办理情况：{rec.get('text')[:40]}"
    return f"{rec.date} {KIND_ZH.get(rec.kind, rec.kind)} {rec.get('target', '')}"

