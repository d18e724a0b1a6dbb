"""Points: every point is an event that names its unit, day, item or record, and the rule
(file and line) that gave it. Totals are sums of events, in exact decimals, so a total always
equals the sum of its parts and can always be explained.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from govinfo.core.diagnostics import Source, UserError, error
from govinfo.compute.followup import cases
from govinfo.store.items import Item
from govinfo.check.loader import Dataset, load_period
from govinfo.core.periods import Period
from govinfo.store.records import Record
from govinfo.store.roster import Unit
from govinfo.store.rules import Rules
from govinfo.store.workspace import Workspace

PARTS = ("submission", "quota", "adoption", "special", "instruction", "excellent", "unadopted", "penalty", "cap", "zeroed")
PART_ZH = {"submission": "报送", "quota": "报送任务", "adoption": "采用", "special": "专期", "instruction": "批示",
           "excellent": "优秀信息", "unadopted": "未采用信息", "penalty": "扣分", "cap": "封顶", "zeroed": "年度清零"}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Event:
    unit: str
    part: str
    points: Decimal
    day: date
    what: str
    rule: Source
    item: str | None = None
    title: str | None = None
    record: str | None = None
    level: str | None = None
    pub: str | None = None
    penalty: str | None = None
    answered_late: bool | None = None  # a call for articles: answered after its deadline (else never)


@dataclass
class UnitScore:
    unit: Unit
    submitted: int = 0
    quota: int = 0
    adoptions: dict = field(default_factory=dict)        # level -> count
    adoptions_by_pub: dict = field(default_factory=dict)  # publication -> count
    specials: int = 0
    instructions: dict = field(default_factory=dict)      # level -> count
    excellent: int = 0
    penalties: dict = field(default_factory=dict)         # penalty kind -> count
    events: list = field(default_factory=list)
    rank: int | None = None
    category_rank: int | None = None
    ranked: bool = True

    @property
    def quota_met(self) -> bool:
        return self.submitted >= self.quota

    @property
    def points(self) -> dict[str, Decimal]:
        parts = {p: Decimal(0) for p in PARTS}
        for e in self.events:
            parts[e.part] += e.points
        return parts

    @property
    def total(self) -> Decimal:
        return sum((e.points for e in self.events), Decimal(0))

    @property
    def adopted(self) -> int:
        return sum(self.adoptions.values())


@dataclass
class Report:
    period: Period
    rules: Rules
    units: list[UnitScore]
    diags: list = field(default_factory=list)

    def unit(self, code: str) -> UnitScore:
        return next(u for u in self.units if u.unit.code == code)


def _active(unit: Unit, period: Period) -> bool:
    return not ((unit.active_from and unit.active_from > period.end) or (unit.active_to and unit.active_to < period.start))


def _share(rules: Rules, points: Decimal, units: tuple[str, ...]) -> list[tuple[str, Decimal]]:
    """Joint items: full points to every unit, or an equal split rounded to the fen-like 0.01."""
    if rules.joint == "split" and len(units) > 1:
        return [(u, (points / len(units)).quantize(CENT, ROUND_HALF_UP)) for u in units]
    return [(u, points) for u in units]


def adoption_points(rules: Rules, rec: Record) -> tuple[Decimal, str]:
    """(points, rule key) for one adoption record."""
    pub = rules.publications[rec.get("pub")]
    mult = rules.multipliers.get(pub.level, Decimal(1))
    if rec.get("special"):
        if pub.special_points is not None:
            return pub.special_points, f"publications.{pub.key}.special_points"
        return rules.special_points * mult, f"adoption.multipliers.{pub.level}"
    if pub.points is not None:
        return pub.points, f"publications.{pub.key}.points"
    return rules.base_points * mult, f"adoption.multipliers.{pub.level}"


def in_period(rules: Rules, rec: Record, item: Item | None, period: Period) -> bool:
    if rules.attribution == "submission" and rec.kind in ("adopt", "instruct") and item is not None:
        return period.contains(item.submitted.date())
    return period.contains(rec.date)


def _order(rec: Record):
    return (rec.date, rec.id)


def events_for(data: Dataset, rules: Rules, units: dict[str, Unit], period: Period) -> list[Event]:
    ev: list[Event] = []
    add = ev.append
    for item in data.items:
        if rules.submission_points:
            for code, pts in _share(rules, rules.submission_points, item.units):
                add(Event(code, "submission", pts, item.submitted.date(), "报送信息", rules.line("submission_points"),
                          item.id, item.title))
    adopted_ids = {r.item for r in data.records if r.kind == "adopt"}
    if rules.unadopted_points:
        for item in data.items:
            if item.category in rules.unadopted_categories and item.id not in adopted_ids:
                for code, pts in _share(rules, rules.unadopted_points, item.units):
                    add(Event(code, "unadopted", pts, item.submitted.date(), f"{item.category}信息未采用，按规则计分",
                              rules.line("unadopted_credit.points"), item.id, item.title))
    best: dict[str, Decimal] = defaultdict(Decimal)           # item -> highest adoption so far (combine: max)
    seen_levels: dict[str, set] = defaultdict(set)            # item -> instruction levels so far
    for rec in sorted(data.records, key=_order):
        item = data.items_by_id.get(rec.item) if rec.item else None
        inside = in_period(rules, rec, item, period)
        if rec.kind == "adopt" and item is not None and rec.get("pub") in rules.publications:
            pts, key = adoption_points(rules, rec)
            if rules.combine == "max":  # top-up: the sum over time equals the highest adoption
                pts, best[item.id] = max(Decimal(0), pts - best[item.id]), max(best[item.id], pts)
            if inside:
                pub = rules.publications[rec.get("pub")]
                part = "special" if rec.get("special") else "adoption"
                what = f"被{pub.name}{rec.get('issue')}采用" + ("（专期）" if rec.get("special") else "")
                for code, share in _share(rules, pts, item.units):
                    add(Event(code, part, share, rec.date, what, rules.line(key), item.id, item.title, rec.id,
                              pub.level, pub.key))
        elif rec.kind == "instruct" and item is not None and rec.get("level") in rules.instructions:
            level = rec.get("level")
            repeat = level in seen_levels[item.id]
            seen_levels[item.id].add(level)
            if inside:
                pts = Decimal(0) if (repeat and not rules.instruction_repeat) else rules.instructions[level]
                what = f"获{rules.levels.get(level, level)}领导{rec.get('leader')}批示" + ("（同级重复批示不再计分）" if pts == 0 else "")
                for code, share in _share(rules, pts, item.units):
                    add(Event(code, "instruction", share, rec.date, what, rules.line(f"instructions.{level}"), item.id,
                              item.title, rec.id, level))
        elif rec.kind == "excellent" and item is not None and inside:
            for code, share in _share(rules, rules.excellent_points, item.units):
                add(Event(code, "excellent", share, rec.date, f"评为{rec.get('year')}年度优秀政务信息",
                          rules.line("excellent.points"), item.id, item.title, rec.id))
        elif rec.kind == "penalty" and inside and rec.get("penalty") in rules.penalties:
            kind = rules.penalties[rec.get("penalty")]
            add(Event(rec.get("unit"), "penalty", kind.points, rec.date, kind.name + (f"：{rec.get('note')}" if rec.get("note") else ""),
                      rules.line(f"penalties.{kind.key}.points"), record=rec.id, penalty=kind.key))
    ev += _call_penalties(data, rules, period)
    ev += _overdue_penalties(data, rules, period)
    ev += _emergency_penalties(data, rules)
    return [e for e in ev if e.unit in units]


def _call_penalties(data: Dataset, rules: Rules, period: Period) -> list[Event]:
    """A named unit that did not answer a call by its deadline loses the penalty once, dated at the deadline."""
    out = []
    for call in data.calls:
        deadline = call.get("deadline")
        if call.id not in data.answers:
            continue
        for code in call.get("units", ()):
            answers = [i for i in data.answers[call.id] if code in i.units]
            if any(i.submitted.date() <= deadline for i in answers):
                continue
            late = bool(answers)
            key = "solicitation_late" if late or "solicitation_missed" not in rules.penalties else "solicitation_missed"
            if key not in rules.penalties:
                continue
            kind = rules.penalties[key]
            how = f"答复晚于截止日（{min(i.submitted.date() for i in answers)}）" if late else "截止日前未答复"
            out.append(Event(code, "penalty", kind.points, deadline, f"约稿“{call.get('topic')}”{how}",
                             rules.line(f"penalties.{key}.points"), record=call.id, penalty=key, answered_late=late))
    return out


def _overdue_penalties(data: Dataset, rules: Rules, period: Period) -> list[Event]:
    """An instruction not reported on by its due date costs the assigned unit the rules' penalty,
    dated the day after, once that day has come."""
    key = rules.followup.overdue_penalty
    if key not in rules.penalties:
        return []
    kind = rules.penalties[key]
    out = []
    for case in cases(data.records, data.items_by_id, rules, data.as_of):
        day = case.due + timedelta(days=1)
        if case.late and period.contains(day) and day <= data.as_of:
            out.append(Event(case.assignee, "penalty", kind.points, day,
                             f"批示件（{case.instruction.get('leader')}批示）{case.due} 前未反馈办理情况",
                             rules.line("followup.overdue_penalty"), case.instruction.item,
                             case.item.title if case.item else None, record=case.instruction.id, penalty=key))
    return out


def _emergency_penalties(data: Dataset, rules: Rules) -> list[Event]:
    if rules.emergency_report_hours is None or "emergency_late" not in rules.penalties:
        return []
    limit = timedelta(hours=float(rules.emergency_report_hours))
    kind = rules.penalties["emergency_late"]
    out = []
    for item in data.items:
        if item.category == "紧急信息" and item.event_time and item.submitted - item.event_time > limit:
            hours = (item.submitted - item.event_time).total_seconds() / 3600
            out.append(Event(item.unit, "penalty", kind.points, item.submitted.date(),
                             f"紧急信息迟报：事件发生 {hours:.1f} 小时后才报送（时限 {rules.emergency_report_hours} 小时）",
                             rules.line("emergency_report_hours"), item.id, item.title, penalty="emergency_late"))
    return out


def _caps(events: list[Event], rules: Rules, units: dict[str, Unit]) -> list[Event]:
    """A category's monthly cap trims a unit's gains in any one month (penalties still apply)."""
    gains: dict[tuple[str, int, int], Decimal] = defaultdict(Decimal)
    for e in events:
        if e.points > 0:
            gains[(e.unit, e.day.year, e.day.month)] += e.points
    out = []
    for (code, y, m), total in sorted(gains.items()):
        cat = rules.unit_categories.get(units[code].category)
        if cat and cat.monthly_cap is not None and total > cat.monthly_cap:
            out.append(Event(code, "cap", cat.monthly_cap - total, date(y, m, 1),
                             f"{y}年{m}月得分 {total} 超过封顶 {cat.monthly_cap}",
                             rules.line(f"unit_categories.{cat.key}.monthly_cap")))
    return out


def _quota_events(data: Dataset, rules: Rules, units: dict[str, Unit], period: Period) -> list[Event]:
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for item in data.items:
        for code in item.units:
            counts[(code, item.submitted.month)] += 1
    out = []
    for mp in period.month_periods:
        for code, unit in units.items():
            cat = rules.unit_categories.get(unit.category)
            if not cat or not _active(unit, mp):
                continue
            n = counts[(code, mp.first_month)]
            if n >= cat.monthly_quota and cat.quota_met_points:
                out.append(Event(code, "quota", cat.quota_met_points, mp.end, f"{mp.label}报送 {n} 条，完成任务 {cat.monthly_quota} 条",
                                 rules.line(f"unit_categories.{cat.key}.quota_met_points")))
            elif n < cat.monthly_quota and cat.quota_missed_points:
                out.append(Event(code, "quota", cat.quota_missed_points, mp.end, f"{mp.label}报送 {n} 条，未完成任务 {cat.monthly_quota} 条",
                                 rules.line(f"unit_categories.{cat.key}.quota_missed_points")))
    return out


def compute(data: Dataset, rules: Rules, roster: list[Unit], period: Period) -> Report:
    """Pure: the dataset and rules in, every unit's score out."""
    units = {u.code: u for u in roster if _active(u, period)}
    events = events_for(data, rules, units, period)
    events += _quota_events(data, rules, units, period)
    events += _caps(events, rules, units)
    scores = {code: UnitScore(u, quota=_quota(rules, u, period)) for code, u in units.items()}
    for item in data.items:
        for code in item.units:
            if code in scores:
                scores[code].submitted += 1
    for e in events:
        s = scores[e.unit]
        s.events.append(e)
        if e.part in ("adoption", "special") and e.record:
            s.adoptions[e.level] = s.adoptions.get(e.level, 0) + 1
            s.adoptions_by_pub[e.pub] = s.adoptions_by_pub.get(e.pub, 0) + 1
            s.specials += e.part == "special"
        elif e.part == "instruction":
            s.instructions[e.level] = s.instructions.get(e.level, 0) + 1
        elif e.part == "excellent":
            s.excellent += 1
        elif e.part == "penalty":
            s.penalties[e.penalty] = s.penalties.get(e.penalty, 0) + 1
    if period.kind == "year" and rules.zero_year_after_missed_calls:
        for s in scores.values():
            missed = sum(n for k, n in s.penalties.items() if k.startswith("solicitation"))
            if missed >= rules.zero_year_after_missed_calls and s.total:
                s.events.append(Event(s.unit.code, "zeroed", -s.total, period.end,
                                      f"全年约稿未按时答复 {missed} 次（达到 {rules.zero_year_after_missed_calls} 次），全年得分清零",
                                      rules.line("zero_year_after_missed_calls")))
    if rules.rollup_to_parent:
        _rollup(scores)
    for s in scores.values():
        s.events.sort(key=lambda e: (e.day, PARTS.index(e.part), e.item or "", e.record or ""))
    ordered = [scores[u.code] for u in roster if u.code in scores]
    from govinfo.compute.ranking import assign_ranks
    return Report(period, rules, assign_ranks(ordered, rules), data.diags)


def _quota(rules: Rules, unit: Unit, period: Period) -> int:
    cat = rules.unit_categories.get(unit.category)
    return cat.quota_for(len(period.months)) if cat else 0


def _rollup(scores: dict[str, UnitScore]) -> None:
    """A sub-unit's points also count for its parent; the sub-unit is then not ranked on its own."""
    for s in list(scores.values()):
        parent = s.unit.parent
        if parent and parent in scores:
            s.ranked = False
            for e in list(s.events):
                scores[parent].events.append(Event(parent, e.part, e.points, e.day, f"（下属单位{s.unit.label}）{e.what}",
                                                   e.rule, e.item, e.title, e.record, e.level, e.pub, e.penalty))


def score(ws: Workspace, period: Period) -> Report:
    rules = ws.require_rules()
    return compute(load_period(ws, period), rules, ws.units, period)


def score_with_ytd(ws: Workspace, period: Period) -> tuple[Report, Report | None]:
    """The period's report and its year-to-date companion (None when the period is its own 1—N 月累计)."""
    return score(ws, period), (score(ws, period.ytd) if period.has_separate_ytd else None)


def ranked(ws: Workspace, period: Period, top: int | None = None, bottom: int | None = None):
    """(report, rank lists per category); refused when the office's rules publish no ranks."""
    from govinfo.compute.ranking import rank_lists
    rules = ws.require_rules()
    if not rules.publish_ranks:
        raise UserError(error(rules.line("publish_ranks"), "NO-RANKS", "本办计分办法规定不公布排名（publish_ranks: false）",
                              "用 govinfo score 查看各单位得分（按花名册顺序）"))
    report = score(ws, period)
    return report, rank_lists(report, top, bottom)


def explain_unit(ws: Workspace, query: str, period: Period) -> tuple[UnitScore, Report]:
    """One unit's score with every event behind it; the unit by code or a unique part of its name."""
    from govinfo.core.suggest import did_you_mean
    from govinfo.store.roster import find_unit
    found = find_unit(ws.units, query)
    if len(found) != 1:
        raise UserError(error(Source("govinfo explain --unit"), "UNKNOWN-UNIT", f"找不到唯一的单位“{query}”",
                              did_you_mean(query, [u.code for u in ws.units])))
    report = score(ws, period)
    match = [s for s in report.units if s.unit.code == found[0].code]
    if not match:
        raise UserError(error(Source("govinfo explain --unit"), "UNIT-INACTIVE",
                              f"单位 {found[0].code} 在{report.period.label}不在有效期内"))
    return match[0], report
