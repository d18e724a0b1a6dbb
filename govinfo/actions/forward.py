"""Forwarding items upward (转报/选报), and recording the upper office's adoptions from its spreadsheet.

`forward` writes the package the clerk sends (one .docx per item, in the office's edited text when the
item ran in an own issue, and a list) and a `forward` record per item: the route, so that an adoption
by that publication is known to have come through the office. `adopt_from_sheet` reads the upper
office's list of adopted items (id or exact title, issue, date) and records each row that names
exactly one item through `new_records.adopt`; a row that matches no item, or several, is listed and
never guessed.
"""
from __future__ import annotations

import itertools

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from govinfo.actions import new_records
from govinfo.actions.out_files import _check_free, out_dir
from govinfo.check.loader import load, load_issues, load_item
from govinfo.compute.briefing import paragraphs
from govinfo.compute.notice import zh_date
from govinfo.core import dates
from govinfo.core.diagnostics import Source, UserError, error
from govinfo.core.suggest import did_you_mean
from govinfo.core.text import file_name_part, shown
from govinfo.store.atomic import write_atomic
from govinfo.store.paths import check_office_package
from govinfo.store.ids import parse_item_id
from govinfo.store.items import Item
from govinfo.store.records import Adoption, Record, write_record
from govinfo.store.workspace import Workspace

TITLE_LOOKBACK_DAYS = 366


def _where(cmd: str) -> Source:
    return Source(f"govinfo {cmd}")


def upper_publications(rules) -> list[str]:
    """The keys of the publications items are forwarded to: the upper offices', not the office's own."""
    return [k for k, p in rules.publications.items() if p.own is None and "." not in k]


def _upper_pub(ws: Workspace, pub: str, cmd: str, flag: str):
    rules = ws.require_rules()
    upper = upper_publications(rules)
    if pub not in rules.publications:
        from govinfo.store import names
        pub = names.pick(pub, [names.Choice(k, rules.publications[k].name) for k in upper], "上级刊物", f"govinfo {cmd} {flag}")
    found = rules.publications.get(pub)
    if found is None or found.own is not None:
        what = "未在规则中定义" if found is None else "是本办自办刊物，用 govinfo issue 编发"
        raise UserError(error(Source(f"govinfo {cmd} {flag}"), "UNKNOWN-PUB", f"上级刊物“{pub}”{what}",
                              did_you_mean(pub, upper)))
    return found


def forwarded(ws: Workspace, item_ids, pub: str) -> dict[str, Record]:
    """The forward records in force for these items to this publication: item -> record."""
    months = [parse_item_id(i) for i in item_ids if parse_item_id(i)]
    if not months:
        return {}
    recs = load(ws, records=(min(months), None), kinds=("forward",)).records
    return {r.item: r for r in recs if r.item in set(item_ids) and r.to == pub}


def _forwards_on(ws: Workspace, pub: str, day: date) -> list[Record]:
    recs = load(ws, records=((day.year, day.month), (day.year, day.month)), kinds=("forward",)).records
    return [r for r in recs if r.to == pub and r.date == day]


def office_text(ws: Workspace, item: Item) -> tuple[str, str]:
    """The office's latest edited title and body of an item (from an own issue), else the unit's."""
    title, body = item.title, item.body
    issues, _ = load_issues(ws, None)
    for issue in issues:
        entry = issue.entry(item.id)
        if entry is not None:
            title, body = entry.title or title, entry.body or body
    return title, body


def forward(ws: Workspace, item_ids: list[str], to: str, when=None, folder: Path | None = None,
            force: bool = False) -> tuple[list[Path], list[Record], list[str]]:
    """Write the package and record the route; an item forwarded to `to` before keeps its record."""
    pub = _upper_pub(ws, to, "forward", "--to")
    to = pub.key
    day = new_records.parse_day(when, "forward")
    if day > dates.today():
        raise UserError(error(_where("forward"), "FUTURE-DATE", f"日期 {day} 晚于今天"))
    items = [load_item(ws, i, "forward") for i in dict.fromkeys(item_ids)]
    early = [i for i in items if i.submitted.date() > day]
    if early:
        raise UserError([error(_where("forward"), "RECORD-BEFORE-ITEM", f"日期 {day} 早于信息 {i.id} 的报送日期 {i.submitted.date()}")
                         for i in early])
    # The day's package lists everything forwarded to this office that day, not only this run's items.
    # Those already recorded keep their place (and file names), in the order they were recorded.
    earlier = [r.item for r in sorted(_forwards_on(ws, to, day), key=lambda r: r.id)]
    given = {i.id: i for i in items}
    items = [given.get(i) or load_item(ws, i, "forward") for i in earlier] + [i for i in items if i.id not in earlier]
    from govinfo.render.forward import forward_docx, forward_list_xlsx
    folder = out_dir(ws, folder) / f"转报-{file_name_part(pub.name.replace('《', '').replace('》', '')) or pub.key}-{day.isoformat()}"
    units = ws.unit_map
    files: dict[Path, bytes] = {}
    rows = []
    for n, item in enumerate(items, 1):
        title, body = office_text(ws, item)
        names = "、".join(units[c].name if c in units else c for c in item.units)
        name = f"{n:02d}-{file_name_part(title)}.docx"
        files[folder / name] = forward_docx(ws.office.office_name, title, paragraphs(body), f"（{names}）", zh_date(day))
        rows.append([n, item.id, title, names, item.submitted.date().isoformat(), day.isoformat(), name])
    files[folder / "转报清单.xlsx"] = forward_list_xlsx(f"{ws.office.office_name}转报{pub.name}信息清单（{zh_date(day)}）", rows)
    _check_free(list(files), force)
    before = forwarded(ws, [i.id for i in items], to)
    records = [write_record(ws.root, "forward", day, {"item": i.id, "to": to}) for i in items if i.id not in before]
    for path, data in files.items():
        write_atomic(path, data)
    return list(files), records, sorted(before)


# ---- the upper office's spreadsheet of adoptions --------------------------------------------------

HEADS = {"item": ("信息编号", "编号", "id", "item"), "title": ("标题", "信息标题", "题目", "title"),
         "issue": ("期号", "期数", "刊期", "期次", "issue"), "date": ("日期", "采用日期", "刊发日期", "出刊日期", "date"),
         "special": ("专期", "special")}


@dataclass
class Row:
    row: int
    status: str              # adopted | already | unmatched
    item: str = ""
    record: str = ""
    reason: str = ""
    forwarded: bool = False


def _norm(title: str) -> str:
    return re.sub(r"[\s\u3000《》“”\"'‘’，,。.、：:；;！!？?（）()【】\-—]", "", str(title))


def _cell_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return dates.parse_date(str(value).strip()) if value not in (None, "") else None


def _issue_text(value) -> str:
    text = str(value).strip() if value is not None else ""
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return f"第{text}期" if text.isdigit() else text


MAX_SHEET_ROWS = 20_000  # an upper office's list of adoptions has dozens of rows, a year's a few thousand


def read_sheet(path: Path) -> list[tuple[int, dict]]:
    """(row number, {item, title, issue, date, special}) from the first sheet, its header row found by name."""
    from openpyxl import load_workbook
    where = Source(str(path))
    if not path.is_file():
        raise UserError(error(where, "NO-FILE", f"找不到文件“{path}”", "检查文件名和路径是否写对"))
    check_office_package(path)
    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = list(itertools.islice(sheet.iter_rows(values_only=True), MAX_SHEET_ROWS + 1))
    except Exception:  # noqa: BLE001 - any unreadable workbook is the user's file, not our bug
        raise UserError(error(where, "BAD-FILE", "无法读取 Excel 文件：文件已损坏，或不是 .xlsx 格式",
                              "用 Excel 或 WPS 打开后另存为 .xlsx 再试")) from None
    if len(rows) > MAX_SHEET_ROWS:
        raise UserError(error(where, "FILE-TOO-LARGE", f"清单超过 {MAX_SHEET_ROWS:,} 行", "每次只导入一份采用清单"))
    for n, row in enumerate(rows[:10]):
        names = [str(c).strip() if c is not None else "" for c in row]
        cols = {key: names.index(h) for key, heads in HEADS.items() for h in heads if h in names}
        if ("item" in cols or "title" in cols) and "issue" in cols:
            found = []
            for m, values in enumerate(rows[n + 1:], n + 2):
                data = {k: (values[c] if c < len(values) else None) for k, c in cols.items()}
                if any(v not in (None, "") for v in data.values()):
                    found.append((m, data))
            return found
    raise UserError(error(where, "NO-HEADER", "在前 10 行中没有找到表头",
                          "表头应有“信息编号”或“标题”，以及“期号”“日期”（可选“专期”）"))


def adopt_from_sheet(ws: Workspace, path: Path, pub: str, when=None) -> list[Row]:
    pub = _upper_pub(ws, pub, "adopt --from", "--pub").key
    default_day = new_records.parse_day(when, "adopt")
    rows = read_sheet(path)
    days = [d for d in (_cell_date(r["date"]) for _, r in rows if r.get("date")) if d] + [default_day]
    first = min(days) - timedelta(days=TITLE_LOOKBACK_DAYS)
    pool = load(ws, items=((first.year, first.month), None), records=((first.year, first.month), None),
                kinds=("adopt", "forward"))
    by_title: dict[str, list[Item]] = {}
    for item in pool.items:
        by_title.setdefault(_norm(item.title), []).append(item)
    known = {i.id: i for i in pool.items}
    for issue in load_issues(ws, None)[0]:  # the office's edited titles are what the upper office printed
        for entry in issue.entries:
            if entry.title and entry.item in known and known[entry.item] not in by_title.get(_norm(entry.title), []):
                by_title.setdefault(_norm(entry.title), []).append(known[entry.item])
    done = {(r.item, r.issue) for r in pool.of_kind(Adoption) if r.pub == pub}
    out: list[Row] = []
    dated = any(data.get("date") not in (None, "") for _, data in rows)
    for n, data in rows:
        if dated and data.get("date") in (None, ""):  # a gap in a dated list is a slip, not "today"
            out.append(Row(n, "unmatched", reason="这一行没有填日期（清单里其他行有）：补上采用日期后重新导入"))
            continue
        day = _cell_date(data.get("date")) if dated else default_day
        issue = _issue_text(data.get("issue"))
        if day is None or not issue:
            out.append(Row(n, "unmatched", reason="日期无效" if day is None else "没有期号"))
            continue
        item, reason = None, ""
        ref = str(data.get("item") or "").strip()
        if ref:
            try:
                item = load_item(ws, ref, "adopt --from")
            except UserError:
                reason = f"没有编号为“{ref}”的信息"
        else:
            title = str(data.get("title") or "").strip()
            found = [i for i in by_title.get(_norm(title), []) if i.submitted.date() <= day]
            if len(found) == 1:
                item = found[0]
            else:
                reason = (f"标题“{shown(title[:30])}”对应 {len(found)} 条信息：" + "、".join(i.id for i in found)
                          if found else f"没有标题为“{shown(title[:30])}”的信息")
        if item is None:
            out.append(Row(n, "unmatched", reason=reason))
            continue
        if (item.id, issue) in done:
            out.append(Row(n, "already", item.id, reason=f"{issue}的采用已登记过"))
            continue
        special = str(data.get("special") or "").strip().lower() in ("是", "true", "1", "yes", "专期", "√")
        try:
            rec = new_records.adopt(ws, [item.id], pub, issue, day, special)[0]
        except UserError as exc:
            out.append(Row(n, "unmatched", item.id, reason=exc.diags[0].message))
            continue
        done.add((item.id, issue))
        out.append(Row(n, "adopted", item.id, rec.id, forwarded=rec.route == "forwarded"))
    return out
