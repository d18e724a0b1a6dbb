"""A month at a glance (`govinfo status`): who has submitted how much against the quota, who has
sent nothing, calls for articles and who answered them, overdue instruction feedback, the
month's items nobody has judged or adopted yet, and what the month's notice still needs."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from govinfo.check.loader import load
from govinfo.compute.followup import Case, instruction_cases
from govinfo.compute.scoring import Report, UnitScore, score
from govinfo.core import dates
from govinfo.core.periods import Period
from govinfo.store.items import Item
from govinfo.store.records import Call, Record
from govinfo.store.workspace import Workspace


@dataclass(frozen=True)
class CallProgress:
    """One call for articles: who answered by the deadline, who late, who not yet (or never)."""
    call: Record
    on_time: tuple[str, ...]
    late: tuple[str, ...]
    missing: tuple[str, ...]
    as_of: date

    @property
    def overdue(self) -> bool:
        return self.as_of > self.call.deadline and bool(self.missing)


@dataclass
class CategoryStatus:
    key: str
    name: str
    quota: int
    rows: list[UnitScore]

    @property
    def short(self) -> list[UnitScore]:
        return [s for s in self.rows if s.quota and not s.quota_met]

    @property
    def silent(self) -> list[UnitScore]:
        return [s for s in self.rows if s.submitted == 0]


@dataclass
class MonthStatus:
    period: Period
    as_of: date
    report: Report
    categories: list[CategoryStatus]
    calls: list[CallProgress]
    overdue: list[Case]
    unjudged: list[Item]          # the month's items neither adopted nor judged yet
    notice_needs: list = field(default_factory=list)  # diagnostics: what to put right before the notice


def call_progress(ws: Workspace, calls: list[Record], as_of: date) -> list[CallProgress]:
    """Each call with the units that answered it on time, late, or not yet."""
    if not calls:
        return []
    first = min((c.date.year, c.date.month) for c in calls)
    answers: dict[str, list[Item]] = {c.id: [] for c in calls}
    for item in load(ws, items=(first, None), named_items=False, bodies=False).items:
        if item.solicitation in answers:
            answers[item.solicitation].append(item)
    out = []
    for call in sorted(calls, key=lambda c: (c.deadline, c.id)):
        out.append(CallProgress(call, *call.outcomes(answers[call.id]), as_of))
    return out


def month_status(ws: Workspace, period: Period) -> MonthStatus:
    rules = ws.require_rules()
    as_of = dates.today()
    report = score(ws, period)
    cats = [CategoryStatus(k, c.name, c.monthly_quota, [s for s in report.units if s.unit.category == k])
            for k, c in rules.unit_categories.items()]
    data = load(ws, items=(period.months[0], period.months[0]), records=(period.months[0], None),
                kinds=("adopt", "judge"), named_items=False, bodies=False)
    touched = {r.item for r in data.records}
    unjudged = [i for i in data.items if i.id not in touched]
    since = (period.year - 1, period.first_month)  # calls still open are at most a few months old
    calls = [c for c in load(ws, records=(since, None), kinds=("solicit",)).of_kind(Call)
             if c.deadline >= period.start and c.date <= period.end]
    overdue = instruction_cases(ws, {"overdue"})
    needs = ws.placeholder_warnings + [d for d in ws.diags if d.severity == "error"]
    return MonthStatus(period, as_of, report, [c for c in cats if c.rows], call_progress(ws, calls, as_of), overdue,
                       unjudged, needs)
