"""Statistics for a period (seed 002 watches the mix: problem-and-proposal items were only ~5% of
adoptions): adoption rate per unit and category, each item category's share of what was sent and
of what was adopted, month by month, and the direct reporting points.

An item counts as adopted when it was adopted at any level by today, whenever that was recorded;
the adoption rate is adopted items ÷ items submitted in the period.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from govinfo.check.loader import load
from govinfo.store.records import Adoption, Instruction
from govinfo.core.periods import Period
from govinfo.compute.scoring import score
from govinfo.store.workspace import Workspace

def rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    category: str
    submitted: int
    adopted: int
    instructed: int
    points: Decimal

    @property
    def rate(self) -> float:
        return rate(self.adopted, self.submitted)


@dataclass(frozen=True)
class CategoryRow:
    name: str
    submitted: int
    adopted: int
    submitted_share: float
    adopted_share: float


@dataclass(frozen=True)
class MonthRow:
    label: str
    submitted: int
    adopted: int

    @property
    def rate(self) -> float:
        return rate(self.adopted, self.submitted)


@dataclass
class Stats:
    period: Period
    units: list[UnitRow]
    categories: list[CategoryRow]
    months: list[MonthRow]
    unit_categories: list[tuple[str, int, int]]   # (name, submitted, adopted)
    direct: frozenset = frozenset()                # codes of the direct reporting points (直报点)
    provisional: bool = False                      # the period has not ended: scores as of today
    as_of: object = None                           # that day, when provisional
    problem_categories: tuple[str, ...] = ()       # the rules' 问题建议类 (problem_categories)

    @property
    def running(self) -> str:
        """（暂计，截至 2026-11-21） after a title while the period runs; each sheet may be printed alone."""
        return f"（暂计，截至 {self.as_of}）" if self.provisional else ""

    @property
    def direct_points(self) -> list[UnitRow]:
        return [u for u in self.units if u.code in self.direct]

    @property
    def submitted(self) -> int:
        return sum(c.submitted for c in self.categories)

    @property
    def adopted(self) -> int:
        return sum(c.adopted for c in self.categories)

    @property
    def problem(self) -> CategoryRow | None:
        """The rules' problem-and-proposal categories as one row (named 问题建议, or 政务建议、调研信息)."""
        rows = [c for c in self.categories if c.name in self.problem_categories]
        if not rows:
            return None
        return CategoryRow("、".join(c.name for c in rows), sum(c.submitted for c in rows), sum(c.adopted for c in rows),
                           sum(c.submitted_share for c in rows), sum(c.adopted_share for c in rows))


def stats(ws: Workspace, period: Period) -> Stats:
    rules = ws.require_rules()
    first, last = period.months[0], period.months[-1]
    data = load(ws, items=(first, last), records=(first, None), kinds=("adopt", "instruct"), named_items=False)
    items = [i for i in data.items if period.contains(i.submitted.date())]
    records = [r for r in data.records if r.item in data.items_by_id]
    adopted = {r.item for r in records if isinstance(r, Adoption)}
    instructed = {r.item for r in records if isinstance(r, Instruction)}
    report = score(ws, period)
    totals = {s.unit.code: s.total for s in report.units}
    units = []
    for u in ws.units:
        mine = [i for i in items if u.code in i.units]
        cat = rules.unit_categories.get(u.category)
        units.append(UnitRow(u.code, u.short or u.name, cat.name if cat else u.category, len(mine),
                             sum(i.id in adopted for i in mine), sum(i.id in instructed for i in mine),
                             totals.get(u.code, Decimal(0))))
    sent, taken = len(items), sum(i.id in adopted for i in items)
    categories = []
    for name in rules.item_categories:
        mine = [i for i in items if i.category == name]
        a = sum(i.id in adopted for i in mine)
        categories.append(CategoryRow(name, len(mine), a, rate(len(mine), sent), rate(a, taken)))
    months = []
    for mp in period.month_periods:
        mine = [i for i in items if mp.contains(i.submitted.date())]
        months.append(MonthRow(mp.label, len(mine), sum(i.id in adopted for i in mine)))
    by_cat = [(c.name, sum(r.submitted for r in units if r.category == c.name), sum(r.adopted for r in units if r.category == c.name))
              for c in rules.unit_categories.values()]
    return Stats(period, units, categories, months, by_cat, frozenset(u.code for u in ws.units if u.direct_point),
                 report.provisional, report.as_of, rules.problem_categories)
