"""Year-end assessment: who met the target, over-target rates, advanced units per group,
lost eligibility, nominations allowed, and the year's excellent items against the rules' counts."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from govinfo.core.periods import Period
from govinfo.compute.ranking import competition_ranks, ranked_order
from govinfo.check.loader import load
from govinfo.compute.scoring import Report, UnitScore, score
from govinfo.store.workspace import Workspace


@dataclass(frozen=True)
class UnitAward:
    score: UnitScore
    target: Decimal
    met: bool
    rate: Decimal | None             # (points - target) / target
    eligible: bool
    reasons: list[str]
    group: str | None = None
    group_rank: int | None = None
    advanced: bool = False
    nominations: int = 0


@dataclass
class ExcellentCheck:
    items: list                      # (item id, title, unit code, group name)
    problems: list[str] = field(default_factory=list)


@dataclass
class Awards:
    year: int
    report: Report
    units: list[UnitAward]
    excellent: ExcellentCheck
    over_quota: list[str] = field(default_factory=list)  # groups whose tie at the last place brings in more than `top`


def assess(report: Report, excellent_items: list) -> Awards:
    rules = report.rules
    rows = []
    for s in report.units:
        cat = rules.unit_categories.get(s.unit.category)
        target = cat.annual_target if cat else Decimal(0)
        total = s.total
        reasons = [f"{rules.penalties[k].name} {n} 次" for k, n in s.penalties.items()
                   if k in rules.penalties and rules.penalties[k].loses_eligibility]
        if any(e.part == "zeroed" for e in s.events):
            reasons.append("全年约稿未按时答复次数达到清零规定")
        rate = (total - target) / target if target else None
        rows.append(UnitAward(s, target, total >= target, rate, not reasons, reasons))
    placed: dict[str, tuple] = {}  # unit code -> (group, rank in group, advanced)
    for group in rules.award_groups:
        members = [a for a in rows if a.score.unit.category in group.categories and a.score.ranked]
        pool = [a for a in members if a.met and a.eligible and a.score.adopted >= group.min_adopted]

        def key(a, by=group.rank_by):
            return a.rate if by == "over_target_rate" else a.score.total
        pool = ranked_order(pool, key)
        ranks = {a.score.unit.code: r for a, r in zip(pool, competition_ranks([key(a) for a in pool]))}
        for a in members:
            r = ranks.get(a.score.unit.code)
            placed[a.score.unit.code] = (group.name, r, r is not None and r <= group.top)  # a tie at the boundary brings every tied unit in
    rows = [_placed(a, *placed.get(a.score.unit.code, (None, None, False)), rules) for a in rows]
    return Awards(report.period.year, report, rows, _check_excellent(report, excellent_items), _over_quota(rows, rules))


def _over_quota(rows: list[UnitAward], rules) -> list[str]:
    """Ties share a rank, so a tie at the last place names every tied unit: more advanced units than
    the rules allow. Said, for the office to decide by its own rules (this tool does not break ties)."""
    said = []
    for group in rules.award_groups:
        advanced = [a for a in rows if a.group == group.name and a.advanced]
        if group.top and len(advanced) > group.top:
            last = max(a.group_rank for a in advanced)
            tied = [a.score.unit.label for a in advanced if a.group_rank == last]
            said.append(f"{group.name}取前 {group.top} 名，第 {last} 名有 {len(tied)} 个单位并列（{'、'.join(tied)}），"
                        f"共 {len(advanced)} 个单位在先进之列：请按考评办法确定名额")
    return said


def _placed(a: UnitAward, group: str | None, rank: int | None, advanced: bool, rules) -> UnitAward:
    """The unit's award row with its group, rank and nominations: a new value, the old one untouched."""
    nominations = (rules.nominations_advanced if advanced else rules.nominations_qualified if a.met and a.eligible else 0)
    return replace(a, group=group, group_rank=rank, advanced=advanced, nominations=nominations)


def _check_excellent(report: Report, items: list) -> ExcellentCheck:
    rules = report.rules
    units = {s.unit.code: s.unit for s in report.units}
    rows = []
    for item in items:
        unit = units.get(item.unit)
        group = next((g.name for g in rules.excellent_groups if unit and unit.category in g.categories), None)
        rows.append((item.id, item.title, item.unit, group))
    check = ExcellentCheck(rows)
    if rules.excellent_per_year and len(rows) != rules.excellent_per_year:
        check.problems.append(f"全年应评 {rules.excellent_per_year} 条优秀信息，现有 {len(rows)} 条")
    for g in rules.excellent_groups:
        n = sum(1 for r in rows if r[3] == g.name)
        if n != g.count:
            check.problems.append(f"{g.name}应评 {g.count} 条，现有 {n} 条")
    return check


def excellent_items(ws: Workspace, year: int, where: str = "awards") -> list:
    """The year's excellent items, chosen by `govinfo excellent` (dated 31 December) and not withdrawn."""
    data = load(ws, records=((year, 12), (year, 12)), kinds=("excellent",))
    chosen = [r for r in data.records if r.year == str(year)]
    return [data.items_by_id[r.item] for r in sorted(chosen, key=lambda r: r.id)]


def awards(ws: Workspace, year: int) -> Awards:
    return assess(score(ws, Period("year", year, 1, 12)), excellent_items(ws, year))
