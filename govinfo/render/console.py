"""Screen output with rich: tables for units, items and records. Box characters are all in GBK."""
from __future__ import annotations

import re
from datetime import time as dt_time

from rich import box
from rich.cells import cell_len
from rich.table import Table

from govinfo.store.items import Item
from govinfo.compute.query import ItemView
from govinfo.core.numbers import fmt_money, fmt_points
from govinfo.core.text import LINE_CLOSERS, LINE_OPENERS
from govinfo.render.cells import balanced
from govinfo.render.records_text import describe_record
from govinfo.store.roster import Unit
from govinfo.store.workspace import Workspace

BOX = box.SIMPLE_HEAD
WIDE = 110  # columns from which the instruction table shows the item's title and the leader


def units_table(ws: Workspace, units: list[Unit], today=None) -> Table:
    """The roster; a unit that has stopped (active_to before `today`) or starts later says so
    under its name, and the title counts the units reporting now."""
    stopped = [u for u in units if today and u.active_to and u.active_to < today]
    title = f"报送单位（共 {len(units)} 个" + (f"，其中 {len(stopped)} 个已停止报送" if stopped else "") + "）"
    table = Table(title=title, box=BOX)
    table.add_column("代码", no_wrap=True)  # copied into commands: never cut
    table.add_column("名称（简称）", overflow="fold")
    table.add_column("类别", overflow="fold")
    for col in ("直报点", "信息员"):
        table.add_column(col)
    cats = ws.rules.unit_categories if ws.rules else {}
    for u in units:
        cat = cats[u.category].name if u.category in cats else u.category
        officers = "\n".join(f"{o.name} {o.phone}".strip() for o in u.officers)
        lines = [u.name] + ([f"（{u.short}）"] if u.short and u.short not in u.name else [])  # a part of the name: said already
        if u.active_to:
            lines += (["已停止报送"] if today and u.active_to < today else []) + [f"报送到 {u.active_to}"]
        if u.active_from and today and u.active_from > today:
            lines.append(f"{u.active_from} 起报送")
        table.add_row(u.code, "\n".join(lines), cat, "是" if u.direct_point else "", officers)
    return table


ITEMS_DATE_FROM = 100  # columns from which the item list shows the date (below, the id's month has to do)


def items_table(ws: Workspace, views: list[ItemView], width: int = WIDE) -> Table:
    """Sized for the console: the title is what a clerk reads, so it keeps the room; below
    ITEMS_DATE_FROM columns the date gives its room to the title, which is broken in balanced lines."""
    dated = width >= ITEMS_DATE_FROM
    table = Table(title=f"信息（共 {len(views)} 条）", box=BOX, pad_edge=False)
    table.add_column("编号", no_wrap=True)
    if dated:
        table.add_column("日期", no_wrap=True)
    table.add_column("单位", max_width=12, overflow="fold")
    table.add_column("类别", no_wrap=True)
    table.add_column("标题", overflow="fold", min_width=14, ratio=1)
    table.add_column("采/批", no_wrap=True)  # adoptions/instructions in one narrow column: both stay on 80 columns
    units = ws.unit_map
    rows = []
    for v in views:
        i = v.item
        unit = units[i.unit].label if i.unit in units else i.unit
        counts = f"{len(v.adoptions)}/{len(v.instructions)}" if v.adoptions or v.instructions else ""
        rows.append(([i.id] + ([i.submitted.strftime("%Y-%m-%d")] if dated else []), balanced(unit, 12), i.category,
                     i.title, counts))
    # what the other columns leave the title: an edge column at each side, three between columns
    others = [15] + ([10] if dated else []) + [max((cell_len(x) for r in rows for x in r[1].split("\n")), default=4),
                                                max((cell_len(r[2]) for r in rows), default=4), 5]
    title_cols = max(14, width - sum(others) - 3 * len(others) - 2)
    for head, unit, category, title, counts in rows:
        table.add_row(*head, unit, category, balanced(title, title_cols), counts)
    return table


def unit_changes(old, new) -> list[str]:
    """What a units edit changed, one line each (信息员：张三 13800000001 → 陈红 13800000011)."""
    if old is None:
        return []
    def officers(u) -> str:
        return "、".join(f"{o.name} {o.phone}".strip() for o in u.officers) or "（无）"
    fields = [("全称", old.name, new.name), ("简称", old.short or "（无）", new.short or "（无）"),
              ("类别", old.category, new.category), ("上级单位", old.parent or "（无）", new.parent or "（无）"),
              ("信息员", officers(old), officers(new)),
              ("参加计分起始", str(old.active_from or "（不限）"), str(new.active_from or "（不限）"))]
    return [f"{zh}：{a} → {b}" for zh, a, b in fields if a != b]


def _unit_named(units: dict, code: str) -> str:
    return f"{units[code].label}（{code}）" if code in units else code


def item_lines(ws: Workspace, view: ItemView) -> list[str]:
    i: Item = view.item
    units = ws.unit_map
    unit = units[i.unit].name if i.unit in units else i.unit
    lines = [f"编号：{i.id}    文件：{i.source.path}",
             f"标题：{i.title}",
             f"单位：{unit}（{i.unit}）" + (f"  联合报送：{'、'.join(_unit_named(units, j) for j in i.joint_units)}"
                                          if i.joint_units else ""),
             f"拟稿人：{i.drafter}    审核签发人：{i.reviewer}",
             f"报送时间：{i.submitted.strftime('%Y-%m-%d %H:%M' if i.submitted.time() != dt_time() else '%Y-%m-%d')}"
             f"    类别：{i.category}    密级：{i.secrecy}"]
    if i.solicitation:
        lines.append(f"约稿：{i.solicitation}")
    if i.event_time:
        lines.append(f"事件发生时间：{i.event_time.strftime('%Y-%m-%d %H:%M')}")
    if view.gone is not None:
        why = f"：{view.gone.reason}" if view.gone.reason else ""
        lines.append(f"本信息已于 {view.gone.date} 撤销（{view.gone.id}）{why}；不再计分")
    lines += ["", (i.body or "").rstrip(), "", "办理记录："]
    if not view.records and not view.withdrawn:
        lines.append("  （暂无采用、批示等记录）")
    answers = {}
    for fb in view.feedback:
        answers.setdefault(fb.instruction, []).append(fb)
    for r in view.records:
        lines.append(f"  [{r.id}] {describe_record(r, ws)}")
        for fb in answers.get(r.id, []):
            lines.append(f"      [{fb.id}] {describe_record(fb, ws)}")
    for r in view.withdrawn:
        why = view.reason_for(r.id)
        lines.append(f"  [{r.id}] （已撤销{'：' + why if why else ''}）{describe_record(r, ws)}")
    for e in view.editions:  # the office's edit is kept with the issue; the unit's text above is untouched
        lines += ["", f"本办刊物：{e.label}（{e.issue}，{'已发布' if e.published else '草稿'}）"]
        if e.note:
            lines.append(f"  按语：{e.note}")
        lines.append(f"  修改后的标题：{e.title}" if e.title else "  标题：未改")
        lines += ["  修改后的正文：", e.body.rstrip()] if e.body else ["  正文：未改"]
    return lines


def penalty_points(rec, ws: Workspace):
    """The points a 扣分 record charges (compute.scoring.penalty_amount); None for a kind that only
    forfeits the base points, or one the rules lack."""
    from govinfo.compute.scoring import penalty_amount
    kind = ws.rules.penalties.get(rec.penalty) if ws.rules else None
    if kind is None or (kind.forfeits_base and not kind.points and not kind.points_range):
        return None
    return penalty_amount(kind, rec)


def penalty_points_text(rec, ws: Workspace) -> str:
    """The 分值 column: the points, or 扣基础分 for a kind that forfeits the base points instead."""
    points = penalty_points(rec, ws)
    return fmt_points(points) if points is not None else "扣基础分" if rec.penalty in ws.rules.penalties else ""


def penalties_table(ws: Workspace, recs, year: int) -> Table:
    table = Table(title=f"{year}年扣分登记（共 {len(recs)} 次）", box=BOX, pad_edge=False)
    table.add_column("记录编号", no_wrap=True)  # the id `withdraw` takes: never cut
    table.add_column("日期", no_wrap=True)
    table.add_column("单位", max_width=10, overflow="fold")
    table.add_column("扣分类型", overflow="fold", min_width=8, ratio=1)
    table.add_column("分值", justify="right", no_wrap=True)
    table.add_column("说明", overflow="fold", min_width=6, ratio=1)
    units = ws.unit_map
    penalties = ws.rules.penalties if ws.rules else {}
    for r in recs:
        kind = penalties.get(r.penalty)
        table.add_row(r.id, r.date.isoformat(), balanced(units[r.unit].label if r.unit in units else r.unit, 10),
                      kind.name if kind else r.penalty, penalty_points_text(r, ws), r.note or "")
    return table


def withdrawn_note(ids: list[str], what: str, limit: int = 5) -> str:
    """The line under a listing that says which withdrawn ones it left out (empty when none)."""
    if not ids:
        return ""
    shown = "、".join(ids[:limit]) + ("等" if len(ids) > limit else "")
    how = f"govinfo show {ids[0]}" if len(ids) == 1 else "govinfo show 编号"
    return f"另有 {len(ids)} 条{what}已撤销，未列出：{shown}（{how} 可看撤销原因）"


def fees_table(report) -> Table:
    table = Table(title=f"{report.period.label}政务信息稿酬（{report.rate_text}）", box=BOX)
    for name in ("序号", "姓名", "单位", "采用条数", "采用得分", "金额（元）"):
        table.add_column(name, justify="right" if name in ("采用条数", "采用得分", "金额（元）") else "left")
    for n, p in enumerate(report.payees, 1):
        table.add_row(str(n), p.name + ("（已封顶）" if p.capped else ""), report.unit_names.get(p.unit, p.unit),
                      str(p.items), fmt_points(p.points), fmt_money(p.amount))
    table.add_row("", "合计", "", str(report.items), "", fmt_money(report.total))  # a joint item once
    return table


def search_hits(ws: Workspace, hits) -> list:
    """Two lines a hit, the words found shown in reverse video (rich Text: user text is never markup)."""
    from rich.padding import Padding
    from rich.text import Text
    names = {u.code: u.short or u.name for u in ws.units}
    levels = ws.rules.levels
    out = []
    for h in hits:
        title = Text(h.item.title)
        snippet = Text(h.snippet, style="dim")
        for where, a, b in h.spans:
            if where == "title":
                title.stylize("reverse bold", a, b)
            else:
                snippet.stylize("reverse", a, b)
        adopted = "，".join(levels.get(x, x) for x in h.levels)
        head = Text(f"{h.item.id}  {h.item.submitted:%Y-%m-%d}  {names.get(h.item.unit, h.item.unit)}  {h.item.category}  ")
        head.append("《").append_text(title).append("》")
        if adopted:
            head.append(f"  [已采用：{adopted}]")
        out += [head, Padding(snippet, (0, 0, 0, 4), expand=False)]  # every line of a long snippet indented, not the first only
    return out


def _simple_table(title: str, head: list[str], rows, text_columns: int = 1) -> Table:
    """A table whose first `text_columns` columns are text (left) and the rest figures (right)."""
    table = Table(title=title, box=BOX)
    for n, name in enumerate(head):
        table.add_column(name, justify="left" if n < text_columns else "right")
    for row in rows:
        table.add_row(*[str(v) for v in row])
    return table


def stats_tables(stats) -> list:
    from govinfo.core.numbers import fmt_percent as pct
    running = "（尚未结束，为暂计数）" if stats.provisional else ""
    head = f"{stats.period.label}{running}：报送 {stats.submitted} 条，被采用 {stats.adopted} 条，采用率 {pct(stats.adopted / stats.submitted if stats.submitted else 0)}。"
    if stats.problem:
        p = stats.problem
        head += f"{p.name}类报送 {p.submitted} 条（占 {pct(p.submitted_share)}），被采用 {p.adopted} 条（占采用的 {pct(p.adopted_share)}）。"
    parts = [head,
             _simple_table("信息类别构成", ["类别", "报送", "占报送", "被采用", "占采用"],
                           [(c.name, c.submitted, pct(c.submitted_share), c.adopted, pct(c.adopted_share)) for c in stats.categories]),
             _simple_table("各类单位", ["单位类别", "报送", "被采用", "采用率"],
                           [(name, sent, taken, pct(taken / sent if sent else 0)) for name, sent, taken in stats.unit_categories]),
             _simple_table("各单位采用率（从高到低）", ["单位", "类别", "报送", "被采用", "采用率", "批示"],
                           [(u.name, u.category, u.submitted, u.adopted, pct(u.rate), u.instructed)
                            for u in sorted(stats.units, key=lambda u: (-u.rate, -u.adopted))], text_columns=2),
             _simple_table("逐月", ["月份", "报送", "被采用", "采用率"],
                           [(m.label, m.submitted, m.adopted, pct(m.rate)) for m in stats.months])]
    if stats.direct_points:
        parts.append(_simple_table("直报点", ["直报点", "报送", "被采用", "采用率", "得分"],
                                   [(u.name, u.submitted, u.adopted, pct(u.rate), u.points) for u in stats.direct_points]))
    return parts


def instructions_table(ws: Workspace, rows, width: int = WIDE) -> Table:
    """The record id is never cut (the clerk copies it into feedback); on a narrow console the
    title, leader and date of the instruction are left out (show ITEM has them) and the rest folds."""
    from govinfo.compute.followup import STATE_ZH
    names = {u.code: u.short or u.name for u in ws.units}
    wide = width >= WIDE
    table = Table(title=f"批示件办理情况（共 {len(rows)} 件）")
    table.add_column("批示编号", no_wrap=True, min_width=max([len(c.instruction.id) for c in rows] + [8]))
    heads = ("信息", "批示领导", "批示日期", "承办单位", "反馈期限", "状态") if wide else ("承办单位", "反馈期限", "状态")
    for head in heads:
        table.add_column(head, overflow="fold")
    for c in rows:
        state = STATE_ZH[c.state] + (f"（逾期 {c.days_overdue} 天）" if c.days_overdue else "")
        if c.state == "done":
            state += f" {c.feedback.date}"
        tail = [names.get(c.assignee, c.assignee), str(c.due), state]
        lead = [(c.item.title if c.item else c.instruction.item)[:24], c.instruction.leader, str(c.instruction.date)]
        table.add_row(c.instruction.id, *(lead if wide else []), *tail)
    return table


IMPORT_LABELS = {"imported": "已导入", "already": "已导入过", "skipped": "未导入"}


IMPORT_FILE_COLS = 24  # the file name column of the import table; a longer name folds


def import_table(folder, outcomes, width: int = WIDE) -> Table:
    """One row per file; the new item's id is never cut, and the reason is folded the way every
    line is (never a closing mark at a line's start), to the room the other columns leave."""
    table = Table(title=f"导入 {folder}")
    table.add_column("文件", overflow="fold", max_width=IMPORT_FILE_COLS)
    table.add_column("结果", no_wrap=True)
    table.add_column("编号", no_wrap=True)  # copied into the next command
    table.add_column("说明", overflow="fold")
    files = min(IMPORT_FILE_COLS, max((cell_len(o.file) for o in outcomes), default=4))
    ids = max((len(o.item or "") for o in outcomes), default=0)
    room = max(10, width - 4 - 3 * 3 - files - max(ids, 4) - 10)  # the edges, three gaps, the other columns
    for o in outcomes:
        reason = "\n".join(fold_text(o.reason, room, indent="")) if o.reason else ""
        table.add_row(o.file, IMPORT_LABELS[o.status], o.item or "", reason)
    return table


# A token is a run of ASCII or one other character, with the Chinese punctuation that may not end
# or begin a line (opening brackets, then closing marks: 禁则) kept on it; a number keeps the
# measure word after it (5条, 12期, 2026年: “5” alone at a line's end reads as a stray figure).
_OPEN, _CLOSE = LINE_OPENERS, LINE_CLOSERS
_MEASURE = "条个件次名期页天分元年月日号位人"
_TOKEN = re.compile(rf"[{_OPEN}]*(?:[\x21-\x7e]*[0-9][{_MEASURE}]|[\x21-\x7e]+|[^\s])(?:[ ]*[{_CLOSE}])*|\s+", re.S)


def validate_summary(diags, counts: dict) -> str:
    """validate's last line: what was checked and what was found, or why nothing past rules/ was."""
    errors = sum(d.severity == "error" for d in diags)
    if counts.get("stopped") and not errors:
        return "花名册里还没有报送单位，信息和记录没有检查：先用 govinfo units add 添加单位，再运行 govinfo validate"
    if counts.get("stopped"):
        return (f"rules/ 中的文件有 {errors} 个错误，信息和记录没有检查（按读不出的计分办法或花名册检查，"
                "每个文件都会报错）：先改正上面的错误，再运行 govinfo validate")
    return f"共检查 {counts['items']} 条信息、{counts['records']} 条记录：{errors} 个错误，{len(diags) - errors} 个警告"


def diagnostic_lines(d, width: int) -> list[str]:
    """A diagnostic folded to `width`: `path:line:` stays at the start (editors jump to it), its
    continuation lines and the hint's are indented under it, ids and paths are never cut."""
    return [part for line in d.format().split("\n")
            for part in fold_text(line, width, "        " if line.startswith(" ") else "    ")]


PAUSE_LOOKBACK = 10  # cells: a line may end this much short to end at a pause rather than mid-phrase
_PAUSE_END = re.compile(rf"[，。；：、][{_CLOSE}]*$")


def _at_a_pause(tokens: list[str], nxt: str, room: int) -> int:
    """Where to end a line of `tokens` that `nxt` does not fit on: after its last token ending in a
    pause (，。；：、) within PAUSE_LOOKBACK cells of its end (“按 Ctrl-C 停|止” reads badly), if
    what moves down still fits the next line's `room` cells with `nxt`; else at its end. Lines
    break only between tokens, so the punctuation rules of _TOKEN hold."""
    from rich.cells import cell_len
    moved = 0
    for j in range(len(tokens) - 1, 0, -1):
        moved += cell_len(tokens[j])
        if moved > PAUSE_LOOKBACK:
            break
        if _PAUSE_END.search(tokens[j - 1]) and not tokens[j].isspace():
            return j if moved + (0 if nxt.isspace() else cell_len(nxt)) <= room else len(tokens)
    return len(tokens)


def fold_text(line: str, width: int, indent: str = "    ") -> list[str]:
    """A line folded to `width` cells (CJK characters are two): broken at a space, or between two
    Chinese characters, never inside a run of ASCII (an id, a path, a number stays whole), never
    before a closing mark such as ）or 。, nor after an opening one; at a nearby pause if there is one."""
    from rich.cells import cell_len
    if cell_len(line) <= width:
        return [line]
    out: list[str] = []
    lead, tokens, used = "", [], 0  # the line being built: its indent, its tokens, its cells
    for token in _TOKEN.findall(line):
        size = cell_len(token)
        if used + size > width and "".join(tokens).strip():
            cut = _at_a_pause(tokens, token, width - cell_len(indent))
            out.append((lead + "".join(tokens[:cut])).rstrip())
            lead, tokens = indent, tokens[cut:]
            used = cell_len(indent) + sum(cell_len(t) for t in tokens)
            if token.isspace() and not tokens:
                continue  # a space at the break goes with it
        if not tokens and token.isspace() and out:
            continue  # nor does a continued line begin with one (the text's own leading space stays)
        tokens.append(token)
        used += size
    if "".join(tokens).strip():
        out.append((lead + "".join(tokens)).rstrip())
    return out
