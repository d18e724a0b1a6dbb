"""Instruction follow-up (批示件办理, seed 004 第十九、二十二条): every leader's instruction names
the unit that must act and a date to report back by; a `feedback` record is the report.

An instruction is done once feedback is recorded, pending until its due date, overdue after it.
Instructions recorded before this existed carry no assignee or due date: the item's unit and
`followup.due_days` after the instruction stand in.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from govinfo.check.loader import load
from govinfo.store.items import Item
from govinfo.store.records import Feedback, Instruction, Record
from govinfo.store.workspace import Workspace

STATE_ZH = {"done": "已反馈", "pending": "办理中", "overdue": "逾期未反馈"}


@dataclass(frozen=True)
class Case:
    instruction: Record
    item: Item | None
    assignee: str
    due: date
    feedback: Record | None   # the first report, if any
    as_of: date

    @property
    def state(self) -> str:
        if self.feedback is not None and self.feedback.date <= self.as_of:
            return "done"
        return "overdue" if self.as_of > self.due else "pending"

    @property
    def late(self) -> bool:
        """Reported after the due date (or not yet, and the date has passed)."""
        return self.feedback.date > self.due if self.feedback else self.as_of > self.due

    @property
    def days_overdue(self) -> int:
        end = self.feedback.date if self.feedback else self.as_of
        return max(0, (end - self.due).days)


def assignee_and_due(rules, rec: Record, item: Item | None) -> tuple[str, date]:
    unit = rec.assignee or (item.unit if item else "")
    return unit, rec.due or rec.date + timedelta(days=rules.followup.due_days)


def cases(records: list[Record], items: dict[str, Item], rules, as_of: date) -> list[Case]:
    """Every instruction in `records` (already in force), with its first feedback."""
    first: dict[str, Record] = {}
    for fb in sorted((r for r in records if isinstance(r, Feedback)), key=lambda r: (r.date, r.id)):
        first.setdefault(fb.instruction, fb)
    out = []
    for rec in sorted((r for r in records if isinstance(r, Instruction)), key=lambda r: (r.date, r.id)):
        item = items.get(rec.item)
        unit, due = assignee_and_due(rules, rec, item)
        out.append(Case(rec, item, unit, due, first.get(rec.id), as_of))
    return out


def follow_up(ws: Workspace, as_of: date, since: tuple[int, int] | None = None) -> list[Case]:
    """The whole archive's instructions (or those from month `since`), as they stand on `as_of`."""
    rules = ws.require_rules()
    data = load(ws, records=(since, None), kinds=("instruct", "feedback"))
    return cases(data.records, data.items_by_id, rules, as_of)


def instruction_cases(ws: Workspace, states: set[str] | None = None, unit: str | None = None) -> list[Case]:
    """`govinfo instructions`: the cases in the given states (all when none), of one assignee or all."""
    from govinfo.core.dates import today
    if unit is not None:
        unit = ws.require_units([unit], "instructions")[0]
    wanted = states or set(STATE_ZH)
    return [c for c in follow_up(ws, today()) if c.state in wanted and (unit is None or c.assignee == unit)]
