"""Reading what a period's scores need, and no more: the period's items, the records that can
touch it, the items those records name, and the calls for articles due in it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from govinfo import dates

from govinfo.diagnostics import Diagnostic
from govinfo.ids import parse_item_id
from govinfo.items import Item, item_path, read_item, read_items
from govinfo.periods import Period
from govinfo.records import Record, active, read_records
from govinfo.workspace import Workspace

CALL_LOOKBACK_MONTHS = 6  # a call is issued at most this long before its deadline


def _shift(ym: tuple[int, int], months: int) -> tuple[int, int]:
    total = ym[0] * 12 + ym[1] - 1 + months
    return total // 12, total % 12 + 1


@dataclass
class Dataset:
    items: list[Item]                      # submitted in the period
    items_by_id: dict[str, Item]           # also every item a relevant record names
    records: list[Record]                  # in force, from the earliest month that matters
    calls: list[Record]                    # calls for articles, in force
    answers: dict[str, list[Item]]         # call id -> items answering it
    diags: list[Diagnostic] = field(default_factory=list)
    as_of: date = date.max                 # today: what has not happened yet is not charged


def load_period(ws: Workspace, period: Period) -> Dataset:
    rules = ws.require_rules()
    first, last = period.months[0], period.months[-1]
    items, diags = read_items(ws.root, first, last)
    by_id = {i.id: i for i in items}
    # Records: the period's own, and with submission-date attribution every later one too.
    until = None if rules.attribution == "submission" else last
    records, more = read_records(ws.root, since=first, until=until)
    diags += more
    # Earlier months: only what the period needs from them. Calls due in the period may have been
    # issued up to CALL_LOOKBACK_MONTHS before it; "only the highest adoption" and "one instruction
    # per level" need the history of the items named. Withdrawals sit beside their targets.
    kinds = ("solicit", "withdraw")
    if rules.followup.overdue_penalty:  # instructions due in the period were given before it
        kinds += ("instruct", "feedback")
    oldest = _shift(first, -CALL_LOOKBACK_MONTHS)
    if rules.combine == "max" or not rules.instruction_repeat:
        kinds += ("adopt", "instruct")
        named = [parse_item_id(r.item) for r in records if r.item]
        oldest = min([oldest] + [ym for ym in named if ym])
    earlier, more = read_records(ws.root, since=oldest, until=_shift(first, -1), kinds=kinds)
    records += earlier
    diags += more
    in_force = active(records)
    for item_id in {r.item for r in in_force if r.item} - set(by_id):
        path = item_path(ws.root, item_id)
        if path is not None and path.is_file():
            item, more = read_item(path, path.relative_to(ws.root).as_posix())
            if item is not None:
                by_id[item.id] = item
    calls = [r for r in in_force if r.kind == "solicit"]
    due = [c for c in calls if c.get("deadline") and c.get("deadline") <= period.end and c.get("deadline") >= period.start]
    answers: dict[str, list[Item]] = {c.id: [] for c in due}
    if due:
        start = min((c.date.year, c.date.month) for c in due)
        # Knowing whether a missed call was answered late at all matters only if the rules price it apart.
        end = None if "solicitation_missed" in rules.penalties else last
        pool, more = read_items(ws.root, start, end)
        diags += more
        for item in pool:
            if item.solicitation in answers:
                answers[item.solicitation].append(item)
    return Dataset(items, by_id, in_force, calls, answers, diags, dates.today())
