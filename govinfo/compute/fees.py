"""Author fees (稿酬): paid every half year from the adopted items' points or counts (seed 002).

Each adoption in the period is worth its adoption points × `fees.per_point`, or `fees.per_adoption`
for its level. A joint item's value is split among its units (or paid in full to each, as the
rules say); a unit's share goes to its drafters, split equally when several are named: a drafter
who is a joint unit's officer on the roster is that unit's, the others the submitting unit's; a
joint unit none of whose officers drafted the item is paid as the unit itself, to hand on. Amounts are exact until each person's total,
which is capped and then rounded to the fen, so the rows add up to the total exactly.
"""
from __future__ import annotations

from datetime import date

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from govinfo.core.diagnostics import Diagnostic
from govinfo.core.numbers import fmt_money
from govinfo.check.loader import load_period
from govinfo.store.records import Adoption
from govinfo.core.periods import Period
from govinfo.compute.scoring import adoption_points, in_period
from govinfo.store.workspace import Workspace

FEN = Decimal("0.01")
JOINT_PAYEE = "（合报单位）"
_NAMES = re.compile(r"[、，,;；/\s]+")


@dataclass(frozen=True)
class Share:
    """One adoption's share for one payee."""
    item: str
    title: str
    pub: str
    day: str
    points: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Payee:
    name: str
    unit: str
    shares: tuple[Share, ...] = ()
    capped: bool = False
    amount: Decimal = Decimal(0)     # capped, rounded to the fen

    @property
    def items(self) -> int:
        return len({s.item for s in self.shares})

    @property
    def points(self) -> Decimal:
        return sum((s.points for s in self.shares), Decimal(0))


@dataclass
class FeeReport:
    period: Period
    basis: str
    rate_text: str
    payees: list[Payee]
    unit_names: dict[str, str]
    diags: list[Diagnostic] = field(default_factory=list)
    as_of: date = date.max  # today

    @property
    def provisional(self) -> bool:
        """The period has not ended: more adoptions may come, so the sheet is not yet the one to pay by."""
        return self.period.end >= self.as_of

    @property
    def provisional_note(self) -> str:
        return (f"{self.period.label}尚未结束，是截至 {self.as_of} 的暂计数；期末后再生成正式发放表"
                if self.provisional else "")

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.payees), Decimal(0))

    @property
    def people(self) -> int:
        """Persons paid, one a row (two officers of one name in two units are two people, and
        the cap is per row); a joint unit's row is none."""
        return sum(1 for p in self.payees if p.name != JOINT_PAYEE)

    @property
    def joint_units(self) -> int:
        return sum(1 for p in self.payees if p.name == JOINT_PAYEE)

    @property
    def items(self) -> int:
        """Items paid for, each once however many share it: what the 合计 row counts."""
        return len({s.item for p in self.payees for s in p.shares})

    def by_unit(self) -> list[tuple[str, int, int, Decimal, Decimal]]:
        """(unit, people, items, points, amount) in roster order."""
        rows = []
        for code in self.unit_names:
            mine = [p for p in self.payees if p.unit == code]
            if mine:
                items = len({s.item for p in mine for s in p.shares})
                people = sum(1 for p in mine if p.name != JOINT_PAYEE)
                rows.append((code, people, items, sum((p.points for p in mine), Decimal(0)),
                             sum((p.amount for p in mine), Decimal(0))))
        return rows


def _rate_text(ws: Workspace) -> str:
    fees = ws.rules.fees
    levels = ws.rules.levels
    if fees.basis == "points":
        text = f"按采用得分计发，每分 {fmt_money(fees.per_point)} 元"  # money as everywhere (core/numbers)
    else:
        text = "按采用条数计发，每条" + "、".join(f"{levels.get(k, k)}{fmt_money(v)} 元" for k, v in fees.per_adoption.items())
    if fees.cap_per_person is not None:
        text += f"；每人每期最多 {fmt_money(fees.cap_per_person)} 元"
    return text + ("；合报信息各单位平分" if fees.joint == "split" else "；合报信息各单位均计全额")


def _drafters_by_unit(ws: Workspace, item) -> dict[str, list[str]]:
    """Whom each of an item's units pays. A drafter who is a joint unit's officer on the roster
    (and not the submitting unit's) is paid under that unit; the submitting unit pays the other
    drafters. A joint unit with none of its officers among the drafters is paid as itself
    (JOINT_PAYEE). When every drafter is a joint unit's, nobody is moved: the submitting unit's
    share still goes to its drafters."""
    roster = ws.unit_map

    def officers(code: str) -> set[str]:
        return {o.name for o in roster[code].officers} if code in roster else set()
    named = [n for n in _NAMES.split(item.drafter) if n]
    own = officers(item.unit)
    out, moved = {}, set()
    for code in item.units[1:]:
        mine = [n for n in named if n in officers(code) and n not in own and n not in moved]
        moved.update(mine)
        out[code] = mine or [JOINT_PAYEE]
    out[item.unit] = [n for n in named if n not in moved]
    if not out[item.unit]:
        return {code: named if code == item.unit else [JOINT_PAYEE] for code in item.units}
    return out


def _paid(name: str, unit: str, shares: list[Share], cap: Decimal | None) -> Payee:
    """A person's total, exact until here, then capped and rounded to the fen."""
    exact = sum((s.amount for s in shares), Decimal(0))
    capped = cap is not None and exact > cap
    return Payee(name, unit, tuple(shares), capped, (min(exact, cap) if capped else exact).quantize(FEN, ROUND_HALF_UP))


def fees(ws: Workspace, period: Period) -> FeeReport:
    rules = ws.require_rules()
    data = load_period(ws, period)
    shares: dict[tuple[str, str], list[Share]] = {}  # (name, unit) -> its shares, in date order
    roster = ws.unit_map
    for rec in sorted(data.of_kind(Adoption), key=lambda r: (r.date, r.id)):
        item = data.items_by_id.get(rec.item)
        if item is None or not in_period(rules, rec, item, period):
            continue
        pub = rules.publications[rec.pub]
        points = adoption_points(rules, rec)[0]
        value = points * rules.fees.per_point if rules.fees.basis == "points" else rules.fees.per_adoption.get(pub.level, Decimal(0))
        units = item.units
        part = Decimal(1) / len(units) if rules.fees.joint == "split" else Decimal(1)
        drafters = _drafters_by_unit(ws, item)
        for unit in units:
            if unit in roster and not roster[unit].active_on(item.submitted.date()):
                continue  # not on the roster then: scoring does not count it, so it earns no fee
            names = drafters[unit]
            for name in names:
                each = part / len(names)
                shares.setdefault((name, unit), []).append(Share(item.id, item.title, pub.name,
                                                                 rec.date.isoformat(), points * each, value * each))
    payees = [_paid(name, unit, mine, rules.fees.cap_per_person) for (name, unit), mine in shares.items()]
    order = {u.code: n for n, u in enumerate(ws.units)}
    ranked = sorted(payees, key=lambda p: (order.get(p.unit, len(order)), p.name == JOINT_PAYEE, p.name))
    return FeeReport(period, rules.fees.basis, _rate_text(ws), ranked, {u.code: u.name for u in ws.units}, data.diags,
                     data.as_of)


