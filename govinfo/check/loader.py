"""The one loader: every command that reads data files reads them through `load` (or
`load_period`, built on it), and gets back the parsed items and records together with every
diagnostic, as values.

Pipeline: list and parse the month folders (store: items, records, the parse cache) -> keep the
records in force (withdrawals applied) -> check what they mean against the rules and roster
(check.meaning) -> leave out whatever failed. Nothing that failed reaches a report, and nothing
is left out silently: each load also notes the files it left out in the command's LoadLog, from
which the command line prints one summary line on stderr (`3 个文件有错误，未计入；…`).
"""
from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator, Optional, Tuple

from govinfo.check.meaning import ITEM_MEANING, RECORD_CHECKS, Context, check_solicitation, without_duplicates
from govinfo.core import dates
from govinfo.core.diagnostics import ERROR, Diagnostic, Source, UserError, error
from govinfo.core.periods import Period, shift_month
from govinfo.core.text import shown
from govinfo.store.ids import parse_item_id, parse_record_id, tidy_id
from govinfo.store.items import Item, item_path, read_item, read_items
from govinfo.store.paths import link_on_path, refuse_links
from govinfo.store.records import Call, Correction, Record, Withdrawal, active, read_record, read_records
from govinfo.store.workspace import Workspace

Month = Tuple[int, int]
CALL_LOOKBACK_MONTHS = 6  # a call is issued at most this long before its deadline




# --- the log of what a command left out ------------------------------------------------------

@dataclass
class LoadLog:
    """The files left out by the loads of one command (or one web request)."""
    left_out: dict = field(default_factory=dict)  # path -> its first error

    def note(self, diags) -> None:
        for d in diags:
            if d.severity == ERROR and d.source.path.startswith("data/"):
                self.left_out.setdefault(d.source.path, d)

    def summary(self) -> str:
        """One line: the files with errors of their own, then the records left out only because
        the item they name was (validate tells the clerk to fix that item, not them)."""
        if not self.left_out:
            return ""
        named = sum(1 for d in self.left_out.values() if d.code == "ITEM-NOT-READ")
        own = len(self.left_out) - named
        parts = [f"{own} 个文件有错误，未计入"] if own else []
        if named:
            parts.append(f"{'另有 ' if own else ''}{named} 条记录所指的信息有错误，也未计入")
        return "；".join(parts) + "；运行 govinfo validate 查看"


_log: contextvars.ContextVar[Optional[LoadLog]] = contextvars.ContextVar("govinfo_load_log", default=None)


@contextlib.contextmanager
def logged() -> Iterator[LoadLog]:
    """Collect what the loads inside this block leave out."""
    log = LoadLog()
    token = _log.set(log)
    try:
        yield log
    finally:
        _log.reset(token)


def begin_log() -> tuple[LoadLog, contextvars.Token]:
    """A log for a span the caller ends with end_log (a web request: started and ended by Flask's hooks)."""
    log = LoadLog()
    return log, _log.set(log)


def end_log(token: contextvars.Token) -> None:
    _log.reset(token)


def _note(diags) -> None:
    log = _log.get()
    if log is not None:
        log.note(diags)


# --- the dataset ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Dataset:
    items: list[Item]                      # submitted in the months asked for
    items_by_id: dict[str, Item]           # also every item a record in force names
    records: list[Record]                  # in force and meaningful, of the kinds asked for
    diags: list[Diagnostic] = field(default_factory=list)
    calls: list[Record] = field(default_factory=list)           # load_period: calls for articles
    answers: dict[str, list[Item]] = field(default_factory=dict)  # load_period: call id -> answers
    as_of: date = date.max                 # today: what has not happened yet is not charged
    withdrawn: list[Record] = field(default_factory=list)       # records taken back, for `show`
    withdrawals: list[Record] = field(default_factory=list)     # the withdraw records themselves
    context_items: list[Item] = field(default_factory=list)     # load_period: the days before it a weekly quota counts
    withdrawn_items: list[Item] = field(default_factory=list)   # of the months asked for, taken back (`list` counts them)

    def of_kind(self, *kinds: type) -> list:
        return [r for r in self.records if isinstance(r, kinds)]


def _named_items(ws: Workspace, records: list[Record], by_id: dict[str, Item], skip=frozenset()) -> list[Diagnostic]:
    """Read, by path, every item a record names that is not loaded yet (nor left out already)."""
    diags: list[Diagnostic] = []
    for item_id in sorted({r.item for r in records if r.item} - set(by_id) - set(skip)):
        path = item_path(ws.root, item_id)
        if path is not None and link_on_path(path, ws.root) is None and path.is_file():
            item, more = read_item(path, path.relative_to(ws.root).as_posix())
            diags += more
            if item is not None:
                by_id[item.id] = item
    return diags


def _meaningful(values: list, checks, ctx: Context) -> tuple[list, list[Diagnostic]]:
    """The values no check finds an error in, and every check's diagnostics."""
    kept, diags = [], []
    for value in values:
        found = [d for check in checks for d in check(value, ctx)]
        diags += found
        if not any(d.severity == ERROR for d in found):
            kept.append(value)
    return kept, diags


def load(ws: Workspace, items: tuple[Optional[Month], Optional[Month]] | None = None,
         records: tuple[Optional[Month], Optional[Month]] | None = None,
         kinds: tuple[str, ...] | None = None, named_items: bool = True, bodies: bool = True,
         match=None) -> Dataset:
    """Items submitted in the months `items` = (first, last), records dated in `records` =
    (since, until) of the given kinds (None: every kind), with the items those records name.
    Open ends are None; `items=None` or `records=None` reads none of that sort. Withdrawals are
    always read with the records, and applied. `named_items=False` (with `items` given) skips the
    records about items it did not read (other months, or not matched) instead of reading them. `bodies=False`: item
    bodies may be None (scores never read them). `match(title, body)` keeps only the items it
    accepts, tested on the local index's text before the rest is decoded (search)."""
    if not named_items and items is None:
        raise ValueError("named_items=False needs the months of the items to read")
    rules = ws.require_rules()
    diags: list[Diagnostic] = []
    found: list[Item] = []
    if items is not None:
        found, diags = read_items(ws.root, *items, bodies=bodies, match=match)
    recs: list[Record] = []
    if records is not None:
        wanted = tuple(dict.fromkeys(kinds + ("withdraw",))) if kinds else None
        # Records about items this reader did not ask for are not its business (validate checks them).
        about = None if named_items else {i.id for i in found}
        recs, more = read_records(ws.root, since=records[0], until=records[1], kinds=wanted, about=about)
        diags += more
    gone = {r.target for r in recs if isinstance(r, Withdrawal)}
    return _checked(ws, rules, found, active(recs), diags, named_items,
                    withdrawn=[r for r in recs if r.id in gone],
                    withdrawals=[r for r in recs if isinstance(r, Withdrawal)])


def amendments(ws: Workspace, items) -> tuple[dict[str, Record], dict[str, list[Record]], list[Diagnostic]]:
    """(withdrawn item id -> its withdraw record, item id -> its corrections in force, oldest first,
    diagnostics). Both
    kinds are stored in the item's own month, so reading the items' months finds them."""
    months = sorted({(i.submitted.year, i.submitted.month) for i in items} | {parse_item_id(i.id) for i in items
                                                                               if parse_item_id(i.id)})
    if not months:
        return {}, {}, []
    recs, diags = read_records(ws.root, since=months[0], until=months[-1], kinds=("withdraw", "correct"))
    gone = {r.target: r for r in recs if isinstance(r, Withdrawal) and parse_item_id(r.target)}
    return gone, corrections_by_item(active(recs)), diags


def corrections_by_item(records: list[Record]) -> dict[str, list[Record]]:
    """Item id -> its corrections among these records (in force), oldest first, for `corrected`."""
    fixes: dict[str, list[Record]] = {}
    for rec in sorted((r for r in records if isinstance(r, Correction)), key=lambda r: (r.date, r.id)):
        fixes.setdefault(rec.item, []).append(rec)
    return fixes


def corrected(item: Item, fixes: list[Record]) -> Item:
    """The item as the office corrected it: each field takes its latest correction."""
    from dataclasses import replace as with_
    for rec in fixes:
        if rec.field == "submitted":
            day = dates.parse_datetime(rec.value)
            if day is not None:
                item = with_(item, submitted=day)
        elif rec.field in ("category", "title", "drafter"):
            item = with_(item, **{rec.field: rec.value})
    return item


def _amend(ws: Workspace, items: list[Item]) -> tuple[list[Item], list[Item], list[Diagnostic]]:
    """(the items in force, corrected; the withdrawn ones; diagnostics)."""
    gone, fixes, diags = amendments(ws, items)
    fixed = [corrected(i, fixes.get(i.id, [])) for i in items]
    return [i for i in fixed if i.id not in gone], [i for i in fixed if i.id in gone], diags


def _checked(ws: Workspace, rules, items: list[Item], records: list[Record], diags: list[Diagnostic],
             named_items: bool = True, **extra) -> Dataset:
    ctx = Context(ws, rules, today=dates.today())
    diags = list(dict.fromkeys(diags))  # a stray folder is said by every read that passes it: once is enough
    items, withdrawn_items, more = _amend(ws, items)
    diags += more
    checked, more = _fit(ws, items, records, ctx)
    diags += more
    left_out = {i.id for i in items} - {i.id for i in checked}
    items = checked
    by_id = {i.id: i for i in items}
    if named_items:
        before = set(by_id)
        diags += _named_items(ws, records, by_id, skip=left_out)
        added = [by_id.pop(i) for i in list(by_id) if i not in before]
        added, _, more = _amend(ws, added)
        diags += more
        # An item read because a record names it is held to the same checks: one left out for an
        # unknown category kept scoring through its adoption.
        added, more = _fit(ws, added, records, ctx)
        diags += more
        by_id.update({i.id: i for i in added})
    ctx.items = by_id
    records, more = _meaningful(records, RECORD_CHECKS, ctx)
    diags += more
    records, more = without_duplicates(records)
    diags += more
    _note(diags)
    return Dataset(items, by_id, records, diags, as_of=ctx.today, withdrawn_items=withdrawn_items, **extra)


def _fit(ws: Workspace, items: list[Item], records: list[Record], ctx: Context) -> tuple[list[Item], list[Diagnostic]]:
    """The items fit to count, and what is wrong with the others: the checks of what an item
    means (ITEM_MEANING), then the call it answers. Every reading holds items to these."""
    kept, diags = _meaningful(items, ITEM_MEANING, ctx)
    kept, more = _answering_known_calls(ws, kept, records, ctx)
    return kept, diags + more


def _answering_known_calls(ws: Workspace, items: list[Item], records: list[Record], ctx: Context):
    """check_solicitation on the items that answer a call: the calls not among the records read
    are read by their ids, so that an item naming a call that does not exist is left out here as
    validate reports it. A withdrawn call still exists for this: its answers are items like any
    other (validate agrees), only no longer answers that score."""
    wanted = {i.solicitation for i in items if i.solicitation}
    if not wanted:
        return items, []
    calls = {r.id: r for r in records if isinstance(r, Call) and r.id in wanted}
    calls.update(ctx.solicitations)  # read already for an earlier batch of this load
    for call_id in sorted(wanted - set(calls)):
        parsed = parse_record_id(call_id)
        path = ws.records_dir(parsed[1], parsed[2]) / f"{call_id}.yaml" if parsed else None
        if path is None or link_on_path(path, ws.root) is not None or not path.is_file():
            continue
        rec, _ = read_record(path, ws.rel(path))  # its own errors are its file's, said where it is read
        if isinstance(rec, Call):
            calls[call_id] = rec
    ctx.solicitations = calls
    return _meaningful(items, [check_solicitation], ctx)


def load_period(ws: Workspace, period: Period) -> Dataset:
    """What a period's scores need, and no more: the period's items, the records that can touch
    it, the items those records name, and the calls for articles due in it with their answers."""
    rules = ws.require_rules()
    first, last = period.months[0], period.months[-1]
    items, diags = read_items(ws.root, first, last, bodies=False)
    # Records: the period's own, and with submission-date attribution every later one too.
    until = None if rules.attribution == "submission" else last
    records, more = read_records(ws.root, since=first, until=until)
    diags += more
    if until is not None and needs_judgements(rules):  # an item is judged after it came in, often the next month
        later, more = read_records(ws.root, since=shift_month(last, 1), kinds=("judge", "withdraw"))
        records += later
        diags += more
    # Earlier months: only what the period needs from them. Calls due in the period may have been
    # issued up to CALL_LOOKBACK_MONTHS before it; "only the highest adoption" and "one instruction
    # per level" need the history of the items named. Withdrawals sit beside their targets.
    kinds: tuple[str, ...] = ("solicit", "withdraw")
    if rules.followup.overdue_penalty:  # instructions due in the period were given before it
        kinds += ("instruct", "feedback")
    oldest = shift_month(first, -CALL_LOOKBACK_MONTHS)
    if rules.combine == "max" or not rules.instruction_repeat or any(
            p.instruction_points is not None for p in rules.publications.values()):
        kinds += ("adopt", "instruct")
        named = [parse_item_id(r.item) for r in records if r.item]
        oldest = min([oldest] + [ym for ym in named if ym])
    earlier, more = read_records(ws.root, since=oldest, until=shift_month(first, -1), kinds=kinds)
    diags += more
    data = _checked(ws, rules, items, active(records + earlier), diags)
    diags = list(data.diags)  # the dataset is not changed after it is made: the period's own list
    calls = data.of_kind(Call)
    due = [c for c in calls if period.start <= c.deadline <= period.end]
    answers: dict[str, list[Item]] = {c.id: [] for c in due}
    if due:
        start = min((c.date.year, c.date.month) for c in due)
        pool = list(data.items)  # the period's own items are read already; read only the months around it
        # Answers up to today, not to the period's end: a late answer is late, not missing, in the
        # notice and the scores as on the status page (and the rules may price the two apart).
        for months in ((start, shift_month(first, -1)), (shift_month(last, 1), None)):
            if months[1] is None or months[0] <= months[1]:
                more_items = load(ws, items=months, named_items=False, bodies=False)
                diags += more_items.diags
                pool += more_items.items
        for item in pool:
            if item.solicitation in answers:
                answers[item.solicitation].append(item)
    context = []
    if any(q.span == "week" for c in rules.unit_categories.values() for q in c.quotas):
        before = shift_month(first, -1)  # a week ending in the period may begin in the month before
        earlier_items = load(ws, items=(before, before), named_items=False, bodies=False)
        diags += earlier_items.diags
        context = [i for i in earlier_items.items if (period.start - i.submitted.date()).days < 7]
    return Dataset(data.items, data.items_by_id, data.records, diags, calls, answers, data.as_of,
                   context_items=context)


def needs_judgements(rules) -> bool:
    """Whether any rule counts the office's judgement of an item (govinfo judge)."""
    return rules.unadopted_qualified_only or any(
        c.quota_count == "qualified" or any(q.count == "qualified" for q in c.quotas) for c in rules.unit_categories.values())


def load_item(ws: Workspace, item_id: str, cmd: str) -> Item:
    """One item named on the command line; a missing or unreadable one is the user's error."""
    item_id = tidy_id(item_id)
    path = item_path(ws.root, item_id)
    if path is None:
        raise UserError(error(Source(f"govinfo {cmd}"), "BAD-ID", f"信息编号“{shown(item_id[:40])}”格式不对",
                              "编号形如 202610-K7Q-0001，可用 govinfo list 查看"))
    refuse_links(path)  # an item named on the command line is read only where the workspace keeps it
    if not path.is_file():
        raise UserError(error(Source(f"govinfo {cmd}"), "UNKNOWN-ITEM", f"信息“{item_id}”不存在", "用 govinfo list 查看信息编号"))
    item, diags = read_item(path, ws.rel(path))
    if item is None:
        raise UserError([d for d in diags if d.severity == "error"])
    gone, fixes, _ = amendments(ws, [item])
    if item.id in gone and cmd != "show":
        raise UserError(error(Source(f"govinfo {cmd}"), "ITEM-WITHDRAWN", f"信息 {item.id} 已于 {gone[item.id].date} 撤销",
                              f"撤销的信息不计分，也不能再登记采用、批示等；用 govinfo show {item.id} 查看"))
    item = corrected(item, fixes.get(item.id, []))
    wrong = [d for d in _fit(ws, [item], [], Context(ws, ws.require_rules(), today=dates.today()))[1]
             if d.severity == ERROR]
    if wrong and cmd in SHOWING:
        _note(wrong)  # shown as it is, and said to be left out of every report
    elif wrong and cmd not in ("correct", "withdraw"):  # what mends or takes back such an item
        raise UserError(wrong + [error(Source(f"govinfo {cmd}"), "ITEM-NOT-READ",
                                       f"信息 {item.id} 的文件有上面的错误，不计入任何统计，现在登记的也不会计入",
                                       f"先按上面的提示改正 {ws.rel(path)}，再登记")])
    return item


# Commands that only show an item (or lay out an issue holding it): a wrong one is shown as it is.
SHOWING = frozenset(("show", "issue show", "issue", "issue edit"))


def load_record(ws: Workspace, record_id: str) -> Record | None:
    """One record by its id, read where its id says it lives; None when absent or unreadable."""
    record_id = tidy_id(record_id)
    parsed = parse_record_id(record_id)
    if parsed is None:
        return None
    path = ws.records_dir(parsed[1], parsed[2]) / f"{record_id}.yaml"
    if link_on_path(path, ws.root) is not None or not path.is_file():
        return None
    rec, diags = read_record(path, ws.rel(path))
    _note(diags)
    return rec


def note_record_problems(ws: Workspace, rec: Record) -> list[Diagnostic]:
    """What every report finds wrong with one record shown alone (an unknown publication, an item
    that is missing or left out): noted, so that `show` says it is left out as the reports do."""
    ctx = Context(ws, ws.require_rules(), today=dates.today())
    by_id: dict[str, Item] = {}
    _named_items(ws, [rec], by_id)
    items, _, _ = _amend(ws, list(by_id.values()))  # as corrected, as every report reads it
    ctx.items = {i.id: i for i in _fit(ws, items, [], ctx)[0]}
    wrong = [d for check in RECORD_CHECKS for d in check(rec, ctx) if d.severity == ERROR]
    _note(wrong)
    return wrong


def withdrawal_of(ws: Workspace, record_id: str) -> Record | None:
    """The withdrawal that cancelled a record, as written (withdrawals sit beside their targets,
    so only the record's month onwards is read); None while the record stands."""
    parsed = parse_record_id(record_id)
    if parsed is None:
        return None
    withdrawals = read_records(ws.root, since=parsed[1:], kinds=("withdraw",))[0]
    return next((w for w in withdrawals if isinstance(w, Withdrawal) and w.target == record_id), None)


# --- issues of the office's own publications (govinfo issue) ---------------------------------

def load_issues(ws: Workspace, year: int | None = None):
    """Every readable issue (of one year); unreadable issue files are noted like any data file."""
    from govinfo.store.issues import read_issues, running_totals
    issues, diags = read_issues(ws.root)  # all years: the running total counts from the first one
    _note(diags)
    starts = {k: p.own.total_before for k, p in ws.require_rules().own_publications.items()
              if p.own.total_before is not None}
    issues = [i for i in running_totals(issues, starts) if year is None or i.year == year]
    return issues, [d for d in diags if year is None or f"/{year:04d}/" in d.source.path]


def load_issue(ws: Workspace, ref: str, cmd: str):
    """One issue named on the command line; a missing or unreadable one is the user's error."""
    from govinfo.store.issues import issue_path, read_issue
    path = issue_path(ws.root, ref)
    where = Source(f"govinfo {cmd}")
    if path is None:
        raise UserError(error(where, "BAD-ID", f"期刊编号“{ref}”格式不对",
                              "编号形如 city_express-2026-012（增刊 city_express-2026-Z01），可用 govinfo issue list 查看"))
    refuse_links(path)
    if not path.is_file():
        raise UserError(error(where, "UNKNOWN-ISSUE", f"期刊“{ref}”不存在", "用 govinfo issue list 查看"))
    issue, diags = read_issue(path, ws.rel(path))
    if issue is None:
        raise UserError([d for d in diags if d.severity == ERROR])
    return next((i for i in load_issues(ws, issue.year)[0] if i.id == issue.id), issue)  # with its running total
