"""An issue on the screen (govinfo issue show) and as JSON."""
from __future__ import annotations

from govinfo.store.issues import Issue
from govinfo.store.items import Item
from govinfo.store.workspace import Workspace


def issue_json(issue: Issue, items: dict[str, Item] | None = None) -> dict:
    """An issue as JSON; with `items` (compute.briefing.issue_items), its entries too."""
    data = {"id": issue.id, "pub": issue.pub, "year": issue.year, "number": issue.number, "label": issue.label,
            "supplement": issue.supplement, "special": issue.special, "total": issue.total,
            "date": issue.date.isoformat(), "state": issue.state, "items_count": len(issue.entries)}
    if items is not None:
        data["note"] = issue.note
        data["items"] = []
        for e in issue.entries:
            item = items[e.item]
            data["items"].append({"item": e.item, "column": e.column, "title": e.title or item.title,
                                  "original_title": item.title, "edited_title": bool(e.title), "edited_body": bool(e.body),
                                  "note": e.note, "unit": item.unit, "adoption": e.adoption})
        data["removed"] = [dict(r) for r in issue.removed]
    return data


def issue_lines(ws: Workspace, issue: Issue, items: dict[str, Item], item_id: str | None = None) -> list[str]:
    """An issue on the screen: its entries, or, with `item_id`, that entry beside the unit's text.
    `items` are the entries' items (compute.briefing.issue_items)."""
    pub = ws.require_rules().publications[issue.pub]
    columns = dict(pub.own.columns)
    head = f"{pub.name}{issue.year}年{issue.label}" + ("（专期）" if issue.special else "") + \
        (f"（总第{issue.total}期）" if issue.total else "") + f"  {issue.date}  " + ("已发布" if issue.published else "草稿")
    if item_id is not None:
        entry, item = issue.entry(item_id), items[item_id]
        lines = [head, f"{item.id}  栏目：{columns.get(entry.column, '（无）')}", "",
                 f"单位原稿标题：{item.title}", f"本期刊用标题：{entry.title or item.title}" + ("（已修改）" if entry.title else "（未改）")]
        if entry.note:
            lines.append(f"按语：{entry.note}")
        lines += ["", "—— 单位原稿正文 ——", item.body.strip()]
        if entry.body:
            lines += ["", "—— 本期刊用正文（已修改）——", entry.body.strip()]
        else:
            lines += ["", "（正文未改，刊用单位原稿）"]
        return lines
    lines = [head]
    if issue.note:
        lines.append(f"本期按语：{issue.note}")
    units = ws.unit_map
    for n, e in enumerate(issue.entries, 1):
        item = items[e.item]
        unit = units[item.unit].label if item.unit in units else item.unit
        mark = "（已改标题）" if e.title else ""
        body = "（已改正文）" if e.body else ""
        lines.append(f"{n:>2}. [{columns.get(e.column, '—')}] {e.item}  {e.title or item.title}{mark}{body}  （{unit}）"
                     + ("  按语" if e.note else "") + (f"  {e.adoption}" if e.adoption else ""))
    if not issue.entries:
        lines.append("（还没有信息：govinfo issue add " + issue.id + " 信息编号）")
    for r in issue.removed:
        lines.append(f"已撤下：{r.get('item')}  {r.get('date')}  原因：{r.get('reason')}  撤销记录 {r.get('withdrawal')}")
    return lines
