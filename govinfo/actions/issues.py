"""Composing and publishing an issue of the office's own publication (govinfo issue …).

An issue is a draft until it is published; publishing freezes it, writes its final documents and
records one adoption per item through `new_records.adopt`, the same function as `govinfo adopt`,
so scores, fees, notices and explain see them. Publishing twice writes nothing new: the adoptions
already on record for (item, publication, issue) are found and reused.
"""
from __future__ import annotations

import functools

from dataclasses import replace
from pathlib import Path

from govinfo.actions import new_records
from govinfo.actions.out_files import _check_free, out_dir
from govinfo.check.meaning import issue_key
from govinfo.store.locks import exclusive
from govinfo.store.items import MAX_TITLE_CHARS, classification_mark
from govinfo.actions.submit import MAX_BODY_CHARS
from govinfo.core.text import CONTROL_HINT, bad_character
from govinfo.check.loader import load, load_issue, load_issues, load_item
from govinfo.core import dates
from govinfo.core.diagnostics import Source, UserError, error
from govinfo.core.suggest import did_you_mean
from govinfo.store.atomic import write_atomic
from govinfo.store.issues import Entry, Issue, issue_id, save_issue, write_new_issue
from govinfo.store.records import NEW_TEXT_LIMITS, Record
from govinfo.store.rules import Publication
from govinfo.store.workspace import Workspace


def _where(cmd: str) -> Source:
    return Source(f"govinfo issue {cmd}")


def own_publication(ws: Workspace, pub: str, cmd: str) -> Publication:
    rules = ws.require_rules()
    own = list(rules.own_publications)
    if pub not in rules.publications and own:
        pub = ws.name_key("own_pub", pub, cmd, "--pub")
    found = rules.publications.get(pub)
    if found is None or found.own is None:
        what = "未在规则中定义" if found is None else "不是本办自办刊物"
        raise UserError(error(_where(cmd), "NOT-OWN-PUB", f"刊物“{pub}”{what}",
                              did_you_mean(pub, own) or "在 rules/points.yaml 的刊物下写 own: 一节，标明是本办自办刊物"))
    return found


def _one_clerk_at_a_time(action):
    """Read an issue file, change it, write it back, with no other clerk's change in between (a
    shared folder: two clerks editing the same issue would otherwise lose one of the edits)."""
    @functools.wraps(action)
    def run(ws: Workspace, *args, **kwargs):
        with exclusive(ws.root, "issues"):
            return action(ws, *args, **kwargs)
    return run


def _save(ws: Workspace, issue: Issue) -> Path:
    return save_issue(ws.root, issue, ws.require_rules().publications[issue.pub].name)


def _draft_only(issue: Issue, cmd: str) -> None:
    if issue.published:
        raise UserError(error(_where(cmd), "PUBLISHED", f"{issue.id} 已于 {issue.date} 发布，不能再修改",
                              "已发布的期刊只能撤下信息：govinfo issue remove 期刊 信息 --force --reason 原因"))


def column_key(pub: Publication, given: str | None, cmd: str) -> str:
    """A column by key or by name; none given: the general column (综合) when there is one."""
    columns = pub.own.columns
    if not given:
        general = [k for k, name in columns if name == "综合" or k == "general"]
        return general[0] if general else ""
    for key, name in columns:
        if given in (key, name):
            return key
    raise UserError(error(_where(cmd), "UNKNOWN-COLUMN", f"--column：{pub.name}没有栏目“{given}”",
                          did_you_mean(given, [n for _, n in columns]) or
                          "可用的栏目：" + "、".join(n for _, n in columns)))


MAX_ISSUE_NUMBER = 999  # a year's issues, each kind numbered apart: the id holds up to four digits


@_one_clerk_at_a_time
def new_issue(ws: Workspace, pub: str, number: int | None = None, when=None, special: bool = False,
              supplement: bool = False) -> Issue:
    """A new draft issue, numbered next in its publication's year (增刊 apart from the regular issues)."""
    publication = own_publication(ws, pub, "new")
    pub = publication.key  # given by name or a part of it: the key from here on
    day = new_records.parse_day(when, "issue new")
    if number is not None and not 1 <= number <= MAX_ISSUE_NUMBER:
        raise UserError(error(_where("new"), "USAGE", f"--number 应是 1 到 {MAX_ISSUE_NUMBER} 的整数，现在是 {number}",
                              "期号是本年的第几期，如 --number 12"))
    issues, unreadable = load_issues(ws)
    same = [i for i in issues if i.pub == pub and i.supplement == supplement]
    this_year = [i for i in same if i.year == day.year]
    taken = {i.number for i in this_year}
    if number is None:
        number = max(taken, default=0) + 1
    elif number in taken:
        kind = "增刊" if supplement else ""
        raise UserError(error(_where("new"), "ISSUE-EXISTS", f"{publication.name}{day.year}年{kind}第{number}期已经有了",
                              f"不给 --number 时自动取下一期（第{max(taken) + 1}期）"))
    # 总第M期 is not fixed here: a draft's running total follows the issues' order (check/loader).
    issue = Issue(issue_id(pub, day.year, number, supplement), pub, day.year, number, day, supplement, special)
    try:
        write_new_issue(ws.root, issue, publication.name)
    except FileExistsError:
        broken = [d for d in unreadable if Path(d.source.path).stem == issue.id]
        if broken:  # the number is the file's, which could not be read: said, not "someone just made it"
            raise UserError(broken + [error(_where("new"), "ISSUE-UNREADABLE", f"期刊文件 {issue.id} 有错误，读不出来，不能再建同一期",
                                            "先按上面的提示改正这个文件，或用 --number 另取一期")]) from None
        raise UserError(error(_where("new"), "ISSUE-EXISTS", f"期刊 {issue.id} 刚被别人建立", "重新运行即可取下一期")) from None
    return load_issue(ws, issue.id, "issue new")  # with its running total


@_one_clerk_at_a_time
def add_items(ws: Workspace, ref: str, item_ids: list[str], column: str | None = None) -> Issue:
    if not item_ids:  # the page's 编入 sent empty: said, not a silent return to the page
        raise UserError(error(_where("add"), "FIELD-EMPTY", "没有给出要编入的信息编号", "填一个或几个信息编号，用空格隔开"))
    issue = load_issue(ws, ref, "issue add")
    _draft_only(issue, "add")
    pub = own_publication(ws, issue.pub, "add")
    key = column_key(pub, column, "add")
    items = [load_item(ws, i, "issue add") for i in item_ids]
    entries = list(issue.entries)
    elsewhere = {e.item: i for i in load_issues(ws)[0] if i.pub == issue.pub and i.id != issue.id for e in i.entries}
    for item in items:
        if issue.entry(item.id) or any(e.item == item.id for e in entries):
            raise UserError(error(_where("add"), "ALREADY-IN", f"信息 {item.id} 已在本期中"))
        if item.id in elsewhere:
            other = elsewhere[item.id]
            raise UserError(error(_where("add"), "ALREADY-IN", f"信息 {item.id} 已编入{pub.name}{other.year}年{other.label}",
                                  f"同一条信息不重复刊发；如要改期，先 govinfo issue remove {other.id} {item.id}"))
        # after the last item of the same column, so columns stay together
        at = max((n + 1 for n, e in enumerate(entries) if e.column == key), default=len(entries))
        entries.insert(at, Entry(item.id, key))
    if issue.special and len(entries) > 1:
        raise UserError(error(_where("add"), "SPECIAL-ONE-ITEM", f"{issue.id} 是专期，只能刊发一条信息",
                              "另建一期：govinfo issue new --pub " + issue.pub))
    issue = issue.with_entries(entries)
    _save(ws, issue)
    return issue


def _entry_or_fail(issue: Issue, item_id: str, cmd: str) -> Entry:
    entry = issue.entry(item_id)
    if entry is None:
        raise UserError(error(_where(cmd), "NOT-IN-ISSUE", f"信息 {item_id} 不在 {issue.id} 中",
                              f"用 govinfo issue show {issue.id} 查看本期信息"))
    return entry


@_one_clerk_at_a_time
def remove_item(ws: Workspace, ref: str, item_id: str, force: bool = False, reason: str = "") -> tuple[Issue, Record | None]:
    """Take an item out; from a published issue only with force, withdrawing its adoption with the reason."""
    issue = load_issue(ws, ref, "issue remove")
    entry = _entry_or_fail(issue, item_id, "remove")
    withdrawal = None
    removed = list(issue.removed)
    if issue.published:
        if not force:
            raise UserError(error(_where("remove"), "PUBLISHED", f"{issue.id} 已发布，撤下信息会同时撤销它的采用登记",
                                  "确认后加 --force，并用 --reason 写明原因"))
        reason = new_records.required_reason(reason, "issue remove", "撤下")  # it withdraws an adoption: say why
        pub = ws.require_rules().publications[issue.pub]
        why = f"从{pub.name}{issue.year}年{issue.label}撤下：{reason}"
        if entry.adoption:
            withdrawal = new_records.withdraw(ws, entry.adoption, why, from_issue=True)
        removed.append({"item": entry.item, "adoption": entry.adoption,
                        "withdrawal": withdrawal.id if withdrawal else "", "reason": reason,
                        "date": dates.today().isoformat()})
    issue = replace(issue, entries=tuple(e for e in issue.entries if e.item != item_id), removed=tuple(removed))
    _save(ws, issue)
    return issue, withdrawal


@_one_clerk_at_a_time
def move_item(ws: Workspace, ref: str, item_id: str, to: int) -> Issue:
    issue = load_issue(ws, ref, "issue move")
    _draft_only(issue, "move")
    entry = _entry_or_fail(issue, item_id, "move")
    if not 1 <= to <= len(issue.entries):
        raise UserError(error(_where("move"), "USAGE", f"--to 应在 1 到 {len(issue.entries)} 之间，现在是 {to}"))
    rest = [e for e in issue.entries if e.item != item_id]
    rest.insert(to - 1, entry)
    issue = issue.with_entries(rest)
    _save(ws, issue)
    return issue


@_one_clerk_at_a_time
def edit(ws: Workspace, ref: str, item_id: str | None = None, title: str | None = None, body: str | None = None,
         note: str | None = None, column: str | None = None) -> Issue:
    """The office's edited title/body and 按语 of one item, or the issue's own 按语 (no item).
    An empty title or body goes back to the unit's text. The unit's file is never touched."""
    issue = load_issue(ws, ref, "issue edit")
    _draft_only(issue, "edit")
    if item_id is None:
        if title is not None or body is not None or column is not None:
            raise UserError(error(_where("edit"), "USAGE", "修改标题、正文或栏目时要给出信息编号",
                                  f"govinfo issue edit {issue.id} 信息编号 --title 新标题"))
        if note is None:
            raise UserError(error(_where("edit"), "USAGE", "没有要修改的内容", "用 --note 给出本期按语"))
        _refuse_classified({"note": note})
        issue = replace(issue, note=note.strip())
    else:
        _entry_or_fail(issue, item_id, "edit")
        item = load_item(ws, item_id, "issue edit")
        changes = {}
        if title is not None:
            title = " ".join(title.split())
            changes["title"] = "" if title == item.title else title
        if body is not None:
            body = body.strip()
            changes["body"] = "" if body == item.body.strip() else body
        if note is not None:
            changes["note"] = note.strip()
        if column is not None:
            changes["column"] = column_key(own_publication(ws, issue.pub, "edit"), column, "edit")
        if not changes:
            raise UserError(error(_where("edit"), "USAGE", "没有要修改的内容", "用 --title、--body-file、--note 或 --column"))
        _refuse_classified(changes)
        issue = issue.with_entries(replace(e, **changes) if e.item == item_id else e for e in issue.entries)
    _save(ws, issue)
    return issue


# The office's edit is held to the limits of what a unit may send: a title is one line, a 按语 a few sentences.
EDIT_LIMITS = {"title": (MAX_TITLE_CHARS, "标题"), "body": (MAX_BODY_CHARS, "正文"), "note": (NEW_TEXT_LIMITS["note"], "按语")}


def _refuse_classified(changes: dict) -> None:
    """The office's edit is held to the unit's rule: a classification mark is refused, never printed;
    a control character or an overlong text is refused too."""
    for key, flag in (("title", "--title"), ("body", "--body-file"), ("note", "--note")):
        bad = bad_character(changes[key], one_line=key == "title") if changes.get(key) else None
        if bad:
            raise UserError(error(_where(f"edit {flag}"), "CONTROL-CHAR", f"{flag} 含有控制字符（{bad[1]}）", CONTROL_HINT))
        limit, what = EDIT_LIMITS[key]
        if changes.get(key) and len(changes[key]) > limit:
            raise UserError(error(_where(f"edit {flag}"), "FIELD-TOO-LONG", f"{what}有 {len(changes[key]):,} 个字，超过上限 {limit:,} 字",
                                  "标题应是一句话" if key == "title" else "按语只写一两段话" if key == "note" else "正文请删繁就简"))
        if changes.get(key) and classification_mark(changes[key]):
            raise UserError(error(_where(f"edit {flag}"), "CLASSIFIED", "内容带有密级标志，涉密信息不得编入刊物，也不得存放在普通办公计算机上",
                                  "按保密规定通过涉密渠道处理；本工具只编发公开或内部信息"))


def list_issues(ws: Workspace, pub: str | None = None, year: int | None = None) -> list[Issue]:
    ws.require_rules()
    if pub is not None:
        own_publication(ws, pub, "list")
    issues, _ = load_issues(ws, year)
    return [i for i in issues if pub is None or i.pub == pub]


# ---- documents ---------------------------------------------------------------------------------

def _documents(ws: Workspace, issue: Issue, draft: bool, folder: Path | None) -> dict[Path, bytes]:
    from govinfo.compute.briefing import build
    from govinfo.render.briefing_docx import briefing_docx
    from govinfo.render.briefing_html import briefing_html
    doc = build(ws, issue, draft)
    folder = out_dir(ws, folder)
    return {folder / f"{doc.stem}.docx": briefing_docx(doc),
            folder / f"{doc.stem}.html": briefing_html(ws, doc).encode("utf-8")}


def render_files(ws: Workspace, ref: str, folder: Path | None = None, force: bool = False) -> tuple[Issue, list[Path]]:
    """The issue's .docx and .html: a draft (marked 草稿, replaced freely) until it is published; the final
    files of a published issue are kept unless `force` (they may have been touched up by hand)."""
    issue = load_issue(ws, ref, "issue render")
    if not issue.entries:
        raise UserError(error(_where("render"), "EMPTY-ISSUE", f"{issue.id} 还没有信息",
                              f"先用 govinfo issue add {issue.id} 信息编号 加入信息"))
    files = _documents(ws, issue, not issue.published, folder)
    if issue.published:
        _check_free(list(files), force)
    for path, data in files.items():
        write_atomic(path, data)
    return issue, list(files)


def _adopt_pub(ws: Workspace, issue: Issue, entry: Entry) -> str:
    key = f"{issue.pub}.{entry.column}"
    return key if entry.column and key in ws.require_rules().publications else issue.pub


def _on_record(ws: Workspace, issue: Issue, items: dict) -> dict[str, Record]:
    """Adoptions already recorded for this issue (a publish cut short, or recorded by hand on any
    date, 第45期 or 45): item -> record."""
    since = min((i.submitted.year, i.submitted.month) for i in items.values())
    found = load(ws, records=(since, None), kinds=("adopt",)).records
    pubs = {issue.pub} | {f"{issue.pub}.{k}" for k, _ in ws.require_rules().publications[issue.pub].own.columns}
    label = issue_key(issue.label)
    return {r.item: r for r in found if r.item in items and r.pub in pubs and issue_key(r.issue) == label}


@_one_clerk_at_a_time
def publish(ws: Workspace, ref: str, when=None, folder: Path | None = None, force: bool = False
            ) -> tuple[Issue, list[Record], list[Path]]:
    """Freeze the issue, write its final documents and record one adoption per item. Publishing an
    issue already published changes nothing and returns no records and no files."""
    issue = load_issue(ws, ref, "issue publish")
    if issue.published:
        return issue, [], []
    if not issue.entries:
        raise UserError(error(_where("publish"), "EMPTY-ISSUE", f"{issue.id} 还没有信息", "先用 govinfo issue add 加入信息"))
    if issue.special and len(issue.entries) != 1:
        raise UserError(error(_where("publish"), "SPECIAL-ONE-ITEM", f"{issue.id} 是专期，只能刊发一条信息"))
    day = new_records.parse_day(when, "issue publish") if when else issue.date
    if day > dates.today():
        raise UserError(error(_where("publish"), "FUTURE-DATE", f"出刊日期 {day} 晚于今天",
                              "到出刊那天再发布，或用 --date 给出实际出刊日期"))
    items = {e.item: load_item(ws, e.item, "issue publish") for e in issue.entries}
    early = [i for i in items.values() if i.submitted.date() > day]
    if early:
        raise UserError([error(_where("publish"), "RECORD-BEFORE-ITEM",
                               f"出刊日期 {day} 早于信息 {i.id} 的报送日期 {i.submitted.date()}") for i in early])
    if day.year != issue.year:
        raise UserError(error(_where("publish"), "WRONG-YEAR", f"出刊日期 {day} 不在 {issue.year} 年，而本期是 {issue.year} 年{issue.label}",
                              "跨年的话另建一期：govinfo issue new --pub " + issue.pub + f" --date {day}"))
    issue = replace(issue, date=day)
    files = _documents(ws, issue, False, folder)       # rendered before anything is written
    _check_free(list(files), force)
    existing = _on_record(ws, issue, items)
    written: list[Record] = []
    entries = []
    for entry in issue.entries:
        rec = existing.get(entry.item)
        if rec is None:
            rec = new_records.adopt(ws, [entry.item], _adopt_pub(ws, issue, entry), issue.label, day, issue.special)[0]
            written.append(rec)
        entries.append(replace(entry, adoption=rec.id))
    stamp = dates.format_datetime(dates.now()).replace(" ", "T") + "+08:00"
    issue = replace(issue, entries=tuple(entries), state="published", published_at=stamp)
    _save(ws, issue)
    for path, data in files.items():
        write_atomic(path, data)
    return issue, written, list(files)
