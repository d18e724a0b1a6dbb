"""`govinfo validate`: read everything, report every problem, one line each.

Checks are plain functions over already-parsed data, listed in ITEM_CHECKS and
RECORD_CHECKS; each returns diagnostics. Nothing here writes a data file (only the index
cache). A whole-archive read is spread over the cores, month folder by month folder.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pathlib import Path

from govinfo.core import dates
from govinfo.core.numbers import fmt_percent
from govinfo.store import index
from govinfo.check import parallel
from govinfo.core.diagnostics import Diagnostic, Source, error, sort_key, warning
from govinfo.store.ids import parse_item_id
from govinfo.store.templates import check_templates
from govinfo.store.items import ITEM_CODEC, Item, months_between, read_folder, read_item, stray_entries
from govinfo.check.neardup import NearDuplicates, fingerprint
from govinfo.store.records import (RECORD_CODEC, Call, Feedback, Instruction, Record, Withdrawal, active,
                                   read_record)
from govinfo.store.workspace import Workspace, open_workspace
from govinfo.check.meaning import (ITEM_MEANING, RECORD_CHECKS, Context, check_solicitation, repeated_adoptions, without_duplicates)

_HALF_PUNCT = re.compile(r"[\u4e00-\u9fff][,;:?!]|[,;:?!](?=[\u4e00-\u9fff])|\([^()\n]*[\u4e00-\u9fff][^()\n]*\)")
FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def check_date_id(item: Item, ctx: Context) -> list[Diagnostic]:
    ym = parse_item_id(item.id)
    if ym and (item.submitted.year, item.submitted.month) != ym:
        return [warning(item.at("submitted"), "DATE-ID", f"报送时间 {item.submitted.date()} 与编号所示月份 {ym[0]}-{ym[1]:02d} 不一致",
                        "报送时间改过的话，按编号月份计入；确需改月份请重新 submit")]
    return []


def check_body(item: Item, ctx: Context) -> list[Diagnostic]:
    text = item.body.strip()  # an empty one is refused where the file is read (EMPTY-BODY)
    where = Source(item.source.path, item.body_line)
    length = len(re.sub(r"\s", "", text))
    if length < ctx.rules.min_body_chars:
        return [warning(where, "SHORT-BODY", f"正文只有 {length} 字，少于 {ctx.rules.min_body_chars} 字",
                        "避免“三言两语的日常性工作”，请补充情况、做法、成效或问题建议")]
    return []


def check_punctuation(item: Item, ctx: Context) -> list[Diagnostic]:
    lines = [(item.key_lines.get("title", 1), item.title)]
    lines += [(item.body_line + n, line) for n, line in enumerate(item.body.split("\n"))]
    for line_no, line in lines:
        m = _HALF_PUNCT.search(line)
        if m:
            snippet = m.group(0)[:12]
            marks = sorted({c for c in snippet if c in FULL})
            fix = "、".join(f"{c} 改为 {FULL[c]}" for c in marks)
            return [warning(Source(item.source.path, line_no), "PUNCT", f"中文中使用了半角标点“{snippet}”", fix)]
    return []


def check_emergency(item: Item, ctx: Context) -> list[Diagnostic]:
    timed = ctx.rules.emergency_category
    if timed and item.category == timed and item.event_time is None:
        return [warning(item.at("category"), "NO-EVENT-TIME", f"{timed}没有写事件发生时间 event_time",
                        "补上 event_time: 2026-10-12 08:30，用于核对是否迟报")]
    return []


# Checks of one item alone (run where the item is read) and checks that need every record.
ITEM_CHECKS = ITEM_MEANING + [check_date_id, check_body, check_punctuation, check_emergency]
ARCHIVE_CHECKS = [check_solicitation]  # needs every call: run once all are read


def check_record_links(rec: Record, ctx: Context, by_id: dict[str, Record]) -> list[Diagnostic]:
    if isinstance(rec, Withdrawal) and rec.target not in by_id:
        from govinfo.store.ids import parse_item_id
        from govinfo.store.items import item_path
        target = rec.target
        path = item_path(ctx.ws.root, target) if parse_item_id(target) else None
        if path is None or not path.is_file():  # a withdrawn item is the other thing a withdrawal may name
            return [error(rec.at("target"), "UNKNOWN-RECORD", f"要撤销的记录“{target}”不存在")]
    if isinstance(rec, Feedback):
        target = by_id.get(rec.instruction)
        if not isinstance(target, Instruction):
            return [error(rec.at("instruction"), "UNKNOWN-RECORD", f"反馈所指的批示记录“{rec.instruction}”不存在",
                          "用 govinfo instructions 查看批示记录编号")]
        if rec.date < target.date:
            return [error(rec.at("date"), "RECORD-BEFORE-ITEM", f"反馈日期 {rec.date} 早于批示日期 {target.date}")]
    return []




# What a correction can mend (category, date): those checks are said of the item as corrected,
# as every report reads it (`govinfo correct --category` is how a wrong category is mended).
_CORRECTED_CHECKS = ("UNKNOWN-CATEGORY", "FUTURE-DATE", "UNIT-INACTIVE")


def _as_corrected(diags: list[Diagnostic], ctx: Context, records: list[Record]) -> list[Diagnostic]:
    from govinfo.check.loader import corrected, corrections_by_item
    fixes = corrections_by_item(records)
    mended = {ctx.items[i].source.path: i for i in fixes if i in ctx.items}
    if not mended:
        return diags
    kept = [d for d in diags if not (d.source.path in mended and d.code in _CORRECTED_CHECKS)]
    for item_id in mended.values():
        item = corrected(ctx.items[item_id], fixes[item_id])
        kept += [d for check in ITEM_MEANING for d in check(item, ctx) if d.code in _CORRECTED_CHECKS]
    return kept


def _read_month(job: tuple) -> tuple[list, list[Diagnostic], list]:
    """One month folder: (items or records, their diagnostics including the one-item checks,
    body fingerprints). Runs in a worker process for a whole-archive read."""
    root, base, y, m, use_cache = job
    if index.enabled() != use_cache:
        index.configure(use_cache)
    if base == "records":
        values, diags = read_folder(root, base, ".yaml", read_record, RECORD_CODEC, y, m)
        return values, diags, []
    values, diags = read_folder(root, base, ".md", read_item, ITEM_CODEC, y, m)
    ws = _workspace(root)
    ctx = Context(ws, ws.rules, today=dates.today())
    for item in values:
        for check in ITEM_CHECKS:
            diags += check(item, ctx)
    # The body has been checked and fingerprinted: leave it here rather than copy it back.
    return [replace(item, body="") for item in values], diags, [fingerprint(item.body) for item in values]


_workspaces: dict[Path, Workspace] = {}


def _workspace(root: Path) -> Workspace:
    if root not in _workspaces:
        _workspaces[root] = open_workspace(root)
    return _workspaces[root]


def rules_unreadable(ws: Workspace) -> bool:
    """True when points.yaml has an error, or the roster gave no unit (unreadable, or empty):
    checking the data against them would bury the one real problem under one error per file."""
    errors = [d for d in ws.diags if d.severity == "error"]
    return ws.rules is None or any(d.source.path.startswith("rules/points") for d in errors) or (
        not ws.units and bool(months_between(ws.root, "items", None, None)))


def validate(ws: Workspace) -> tuple[list[Diagnostic], dict]:
    """Every problem in the workspace, sorted by file and line, and a count of what was read."""
    diags = list(ws.diags)
    if rules_unreadable(ws):  # every data file would be wrong against them: their own errors alone
        said = [] if any(d.severity == "error" for d in diags) else ws.placeholder_warnings  # errors first, alone
        return sorted(diags + said, key=sort_key), {"items": 0, "records": 0, "stopped": True}
    _workspaces[ws.root] = ws
    ctx = Context(ws, ws.rules, today=dates.today())
    jobs = [(ws.root, base, y, m, index.enabled()) for base in ("items", "records")
            for y, m in months_between(ws.root, base, None, None)]
    items, records = [], []
    diags += stray_entries(ws.root, "items", ".md") + stray_entries(ws.root, "records", ".yaml") + check_templates(ws)
    copies = NearDuplicates(ctx.rules.near_duplicate_similarity)
    # Month folders come back oldest first; near-duplicates are looked for as each one arrives,
    # while the workers read the next ones.
    for (_, base, *_), (values, more, fps) in zip(jobs, parallel.imap(_read_month, jobs, size=lambda r: len(r[0]))):
        diags += more
        if base == "records":
            records += values
            continue
        items += values
        for item, fp in sorted(zip(values, fps), key=lambda pair: (pair[0].submitted, pair[0].id)):
            hit = copies.add(item.id, fp)
            if hit:
                diags.append(warning(Source(item.source.path, item.body_line), "NEAR-DUP",
                                     f"信息 {item.id} 与之前的信息 {hit[0]} 正文几乎相同（相似度 {fmt_percent(hit[1])}）",
                                     "不要把以前的信息重新报上凑数；如确为新情况，请写明新进展"))
    for item in items:
        if item.id in ctx.items:
            first = ctx.items[item.id]
            diags.append(error(item.at("id"), "DUP-ID", f"编号“{item.id}”重复，另见 {first.source.path}",
                               "同一条信息只保留一个文件；若是两条不同信息，请把其中一条重新 submit"))
            continue
        ctx.items[item.id] = item
    by_id: dict[str, Record] = {}
    for rec in records:
        if rec.id in by_id:
            diags.append(error(rec.at("id"), "DUP-ID", f"记录编号“{rec.id}”重复，另见 {by_id[rec.id].source.path}"))
        by_id[rec.id] = rec
    ctx.solicitations = {r.id: r for r in records if isinstance(r, Call)}
    diags = _as_corrected(diags, ctx, active(records))
    for item in ctx.items.values():
        for check in ARCHIVE_CHECKS:
            diags += check(item, ctx)
    withdrawn = {r.target for r in records if isinstance(r, Withdrawal)}
    for rec in records:
        if rec.id not in withdrawn:  # a withdrawn record counts nowhere: what it meant no longer matters
            for check in RECORD_CHECKS:
                diags += check(rec, ctx)
        diags += check_record_links(rec, ctx, by_id)
    in_force, copies_said = without_duplicates(active(records))
    diags += copies_said + repeated_adoptions(in_force, ctx.rules)
    diags += ws.placeholder_warnings
    from govinfo.check.issue_checks import check_issues  # the issues of the office's own publications
    more, _ = check_issues(ctx, by_id, withdrawn)
    diags += more
    return sorted(diags, key=sort_key), {"items": len(items), "records": len(records)}
