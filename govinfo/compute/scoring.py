"""Points: every point is an event that names its unit, day, item or record, and the rule
(file and line) that gave it. Totals are sums of events, in exact decimals, so a total always
equals the sum of its parts and can always be explained.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from govinfo.core.diagnostics import Source, UserError, error
from govinfo.core.numbers import fmt_points
from govinfo.compute import terms
from govinfo.compute.followup import cases
from govinfo.store.items import Item
from govinfo.check.loader import Dataset, load_period
from govinfo.core.periods import Period, Span
from govinfo.store.records import Adoption, Excellent, Forward, Instruction, Penalty, Record
from govinfo.store.roster import Unit
from govinfo.store.rule_terms import ROUTES
from govinfo.store.rules import Rules, printed_in
from govinfo.store.workspace import Workspace

PARTS = ("submission", "quota", "base", "solicited", "forward", "adoption", "special", "instruction", "excellent",
         "unadopted", "penalty", "rate", "cap", "zeroed")
PART_ZH = {"submission": "报送", "quota": "报送任务", "base": "基础分", "solicited": "约稿", "forward": "转报",
           "adoption": "采用", "special": "专期",
           "instruction": "批示", "excellent": "优秀信息", "unadopted": "未采用信息", "penalty": "扣分", "rate": "录用率",
           "cap": "封顶", "zeroed": "年度清零"}
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


@dataclass(frozen=True)
class UnitScore:
    unit: Unit
    submitted: int = 0
    quota: int = 0
    counted: int | None = None                            # what the quota counts, when not every submission
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
    converted: Decimal | None = None                      # the total converted (rules' conversion)

    @property
    def quota_met(self) -> bool:
        return (self.submitted if self.counted is None else self.counted) >= self.quota

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
    as_of: date = date.max  # today: a period that has not ended is scored up to it

    @property
    def provisional(self) -> bool:
        """The period has not ended: its scores are as of today and will change."""
        return self.period.end >= self.as_of

    @property
    def provisional_note(self) -> str:
        return f"{self.period.label}尚未结束，得分是截至 {self.as_of} 的暂计数" if self.provisional else ""

    def unit(self, code: str) -> UnitScore:
        return next(u for u in self.units if u.unit.code == code)


def _share(rules: Rules, points: Decimal, units: tuple[str, ...], adoption: bool = False) -> list[tuple[str, Decimal]]:
    """Joint items: full points to every unit, an equal split rounded to the fen-like 0.01, or
    (joint: fixed) the rules' fixed points to each unit for each adoption."""
    if len(units) > 1 and rules.joint == "split":
        return [(u, (points / len(units)).quantize(CENT, ROUND_HALF_UP)) for u in units]
    if len(units) > 1 and rules.joint == "fixed" and adoption:
        return [(u, rules.joint_points if points else Decimal(0)) for u in units]
    return [(u, points) for u in units]


def adoption_points(rules: Rules, rec: Record, item: Item | None = None) -> tuple[Decimal, str]:
    """(points, rule key) for one adoption record."""
    points, key, _ = priced_adoption(rules, rec, item)
    return points, key


def priced_adoption(rules: Rules, rec: Adoption, item: Item | None = None) -> tuple[Decimal, str, str]:
    """(points, rule key, what to add to the explanation) for one adoption: the publication's
    points (for a solicited item, by the item's category, or by format, when the rules say so),
    then its route's points or multiplier."""
    pub = rules.publications[rec.pub]
    mult = rules.multipliers.get(pub.level, Decimal(1))
    said = ""
    own_level = next(iter(rules.levels), None)
    if rec.special:
        if pub.special_points is not None:
            points, key = pub.special_points, f"publications.{pub.key}.special_points"
        else:
            points, key = rules.special_points * mult, "adoption.special_points"  # the points, not the multiplier
    elif item is not None and item.solicitation and rules.solicited.adopted_points is not None and (
            pub.key in rules.solicited.publications if rules.solicited.publications else pub.level == own_level):
        points, key, said = rules.solicited.adopted_points, "solicited.adopted_points", "（约稿信息）"
    elif item is not None and item.category in pub.category_points:
        points, key = pub.category_points[item.category], f"publications.{pub.key}.category_points.{item.category}"
        said = f"（{item.category}）"
    elif pub.formats:
        fmt = pub.formats.get(rec.format) or next(iter(pub.formats.values()))
        points, key, said = fmt.points, f"publications.{pub.key}.formats.{fmt.key}.points", f"（{fmt.name}）"
    elif pub.points is not None:
        points, key = pub.points, f"publications.{pub.key}.points"
    else:
        points, key = rules.base_points * mult, f"adoption.multipliers.{pub.level}"
    if pub.routes is not None:
        route = rec.route or "direct"
        term = pub.routes.get(route)
        zh = ROUTES.get(route, route)
        if term is None:
            return Decimal(0), f"publications.{pub.key}.routes", said + f"（{zh}，按规则不计分）"
        if term.points is not None:
            points, key = term.points, f"publications.{pub.key}.routes.{route}.points"
        if term.multiplier != 1:
            points, key = points * term.multiplier, f"publications.{pub.key}.routes.{route}"
        said += f"（{zh}）"
    return points, key, said


def _instruction_points(rules: Rules, level: str, carried: set[str]) -> tuple[Decimal, str]:
    """An instruction at a level: the highest instruction_points of a publication at that level
    that carried the item, else the level's instruction points."""
    own = [(p.instruction_points, f"publications.{p.key}.instruction_points") for k in carried
           for p in [rules.publications[k]] if p.level == level and p.instruction_points is not None]
    if own:
        return max(own)
    return rules.instructions[level], f"instructions.{level}"


def in_period(rules: Rules, rec: Record, item: Item | None, period: Period) -> bool:
    if rules.attribution == "submission" and isinstance(rec, (Adoption, Instruction)) and item is not None:
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
    adopted_ids = {r.item for r in data.records if isinstance(r, Adoption)}
    if rules.unadopted_points:
        qualified = terms.qualified_items(data.records) if rules.unadopted_qualified_only else None
        for item in data.items:
            if item.category not in rules.unadopted_categories or item.id in adopted_ids:
                continue
            if qualified is not None and item.id not in qualified:
                continue
            what = "信息经评定符合要求但未采用" if qualified is not None else f"{item.category}信息未采用，按规则计分"
            for code, pts in _share(rules, rules.unadopted_points, item.units):
                add(Event(code, "unadopted", pts, item.submitted.date(), what,
                          rules.line("unadopted_credit.points"), item.id, item.title))
    best: dict[str, Decimal] = defaultdict(Decimal)           # item -> highest adoption so far (combine: max)
    seen_levels: dict[str, set] = defaultdict(set)            # item -> instruction levels so far
    carried: dict[str, set] = defaultdict(set)                # item -> publications that adopted it so far
    for rec in sorted(data.records, key=_order):
        item = data.items_by_id.get(rec.item) if rec.item else None
        inside = in_period(rules, rec, item, period)
        if isinstance(rec, Adoption) and item is not None and rec.pub in rules.publications:
            carried[item.id].add(rec.pub)
            pts, key, said = priced_adoption(rules, rec, item)
            if rules.combine == "max":  # top-up: the sum over time equals the highest adoption
                pts, best[item.id] = max(Decimal(0), pts - best[item.id]), max(best[item.id], pts)
            if inside:
                pub = rules.publications[rec.pub]
                part = "special" if rec.special else "adoption"
                what = f"被{printed_in(rules.publications, rec.pub, rec.issue_label)}采用" + ("（专期）" if rec.special else "") + said
                if rules.joint == "fixed" and len(item.units) > 1 and pts:
                    key, what = "joint_points", what + "（合报，每个单位定分）"
                for code, share in _share(rules, pts, item.units, adoption=True):
                    add(Event(code, part, share, rec.date, what, rules.line(key), item.id, item.title, rec.id,
                              pub.level, pub.key))
        elif isinstance(rec, Instruction) and item is not None and rec.level in rules.instructions:
            level = rec.level
            repeat = level in seen_levels[item.id]
            seen_levels[item.id].add(level)
            if inside:
                pts, key = _instruction_points(rules, level, carried[item.id])
                if repeat and not rules.instruction_repeat:
                    pts, key = Decimal(0), "instruction_repeat"
                what = f"获{rules.levels.get(level, level)}领导{rec.leader}批示" + ("（同级重复批示不再计分）" if pts == 0 else "")
                for code, share in _share(rules, pts, item.units):
                    add(Event(code, "instruction", share, rec.date, what, rules.line(key), item.id,
                              item.title, rec.id, level))
        elif isinstance(rec, Forward) and item is not None and inside and rec.to in rules.publications:
            pub = rules.publications[rec.to]
            if pub.forward_points:
                for code, share in _share(rules, pub.forward_points, item.units):
                    add(Event(code, "forward", share, rec.date, f"由本办转报{pub.name}",
                              rules.line(f"publications.{pub.key}.forward_points"), item.id, item.title, rec.id))
        elif isinstance(rec, Excellent) and item is not None and inside:
            for code, share in _share(rules, rules.excellent_points, item.units):
                add(Event(code, "excellent", share, rec.date, f"评为{rec.year}年度优秀政务信息",
                          rules.line("excellent.points"), item.id, item.title, rec.id))
        elif isinstance(rec, Penalty) and inside and rec.penalty in rules.penalties:
            kind = rules.penalties[rec.penalty]
            points = penalty_amount(kind, rec)
            what = kind.name + (f"：{rec.note}" if rec.note else "") + ("（取消本期基础分）" if kind.forfeits_base else "")
            add(Event(rec.unit, "penalty", points, rec.date, what,
                      rules.line(f"penalties.{kind.key}.points"), record=rec.id, penalty=kind.key))
    ev += _answered_calls(data, rules, period)
    ev += _call_penalties(data, rules, period)
    ev += _overdue_penalties(data, rules, period)
    ev += _emergency_penalties(data, rules)
    return [e for e in ev if e.unit in units and _while_active(e, units[e.unit], data.items_by_id)]


def _while_active(event: Event, unit: Unit, items: dict) -> bool:
    """An item counts for a unit only if the unit was on the roster when the item came in, in a
    quarter or year as in the month, whose table has no row for it (retire says so: later items
    不再计分). Its earlier items keep their adoptions, whenever these come."""
    if event.answered_late is not None:  # a call's penalty: owed only by a unit listed on its deadline
        return unit.active_on(event.day)
    item = items.get(event.item) if event.item else None
    # The item's own units only: an instruction's assignee owes its follow-up whenever the item came in.
    return item is None or event.unit not in item.units or unit.active_on(item.submitted.date())


def _answered_calls(data: Dataset, rules: Rules, period: Period) -> list[Event]:
    """solicited.answered_points: an item of the period that answers a call by its deadline."""
    points = rules.solicited.answered_points
    if not points:
        return []
    calls = {c.id: c for c in data.calls}
    out = []
    for item in data.items:
        call = calls.get(item.solicitation) if item.solicitation else None
        if call is None or item.submitted.date() > call.deadline or not any(u in call.units for u in item.units):
            continue
        for code, share in _share(rules, points, tuple(u for u in item.units if u in call.units)):
            out.append(Event(code, "solicited", share, item.submitted.date(), f"按时报送约稿“{call.topic}”",
                             rules.line("solicited.answered_points"), item.id, item.title, call.id))
    return out


def penalty_amount(kind, rec) -> Decimal:
    """What a 扣分 record charges: the amount chosen when recording, for a kind with a points_range;
    else the kind's fixed points (0 for one that only forfeits the base points)."""
    return rec.points if kind.points_range and rec.points is not None else kind.points


def _call_penalties(data: Dataset, rules: Rules, period: Period) -> list[Event]:
    """A named unit that did not answer a call by its deadline loses the penalty once, dated at the deadline."""
    out = []
    for call in data.calls:
        deadline = call.deadline
        if call.id not in data.answers or deadline >= data.as_of:  # not charged before the deadline has passed
            continue
        on_time, answered_late, _ = call.outcomes(data.answers[call.id])
        for code in call.units:
            if code in on_time:
                continue
            answers = [i for i in data.answers[call.id] if code in i.units]
            late = code in answered_late
            key = "solicitation_late" if late or "solicitation_missed" not in rules.penalties else "solicitation_missed"
            if key not in rules.penalties:
                continue
            kind = rules.penalties[key]
            how = (f"{min(i.submitted.date() for i in answers)} 才答复，晚于截止日 {deadline}" if late
                   else f"截止日 {deadline} 前未答复")
            out.append(Event(code, "penalty", kind.points, deadline, f"约稿“{call.topic}”{how}",
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
                             f"批示件（{case.instruction.leader}批示）{case.due} 前未反馈办理情况",
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
        if item.category == rules.emergency_category and item.event_time and item.submitted - item.event_time > limit:
            hours = (item.submitted - item.event_time).total_seconds() / 3600
            out.append(Event(item.unit, "penalty", kind.points, item.submitted.date(),
                             f"{item.category}迟报：事件发生 {hours:.1f} 小时后才报送（时限 {rules.emergency_report_hours} 小时）",
                             rules.line("penalties.emergency_late.points"), item.id, item.title, penalty="emergency_late"))
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
                             f"{y}年{m}月得分 {fmt_points(total)} 超过封顶 {fmt_points(cat.monthly_cap)}",
                             rules.line(f"unit_categories.{cat.key}.monthly_cap")))
    return out


def _event(unit: str, part: str, points: Decimal, day: date, what: str, rule: Source, record: str | None = None) -> Event:
    return Event(unit, part, points, day, what, rule, record=record)


def compute(data: Dataset, rules: Rules, roster: list[Unit], period: Period) -> Report:
    """Pure: the dataset and rules in, every unit's score out."""
    units = {u.code: u for u in roster if u.active_between(period.start, period.end)}
    counts = terms.counted(list(data.context_items) + list(data.items), data.records, rules, data.items_by_id, units)
    events = events_for(data, rules, units, period)
    events += terms.quota_events(rules, units, period, counts, data.as_of, _event)
    events += terms.base_events(rules, units, period, counts, data.records, data.as_of, _event)
    events += terms.rate_events(rules, units, period, counts, data.as_of, _event)
    events += _caps(events, rules, units)
    own: dict[str, list[Event]] = {code: [] for code in units}
    for e in events:
        own[e.unit].append(e)
    gained = {code: list(evs) for code, evs in own.items()}  # what counts: own events, then zeroing and roll-up
    if period.kind == "year" and rules.zero_year_after_missed_calls:
        for code, evs in gained.items():
            missed = sum(e.part == "penalty" and (e.penalty or "").startswith("solicitation") for e in evs)
            total = sum((e.points for e in evs), Decimal(0))
            if missed >= rules.zero_year_after_missed_calls and total:
                evs.append(Event(code, "zeroed", -total, period.end,
                                 f"全年约稿未按时答复 {missed} 次（达到 {rules.zero_year_after_missed_calls} 次），全年得分清零",
                                 rules.line("zero_year_after_missed_calls")))
    rolled_up = _rollup(units, gained) if rules.rollup_to_parent else set()
    whole = Span("period", period.start, period.end, period.label)
    submitted = Counter(code for item in data.items for code in item.units
                        if code in units and units[code].active_on(item.submitted.date()))
    ordered = []
    for u in roster:
        if u.code not in units:
            continue
        cat = rules.unit_categories.get(u.category)
        counted = terms.main_quota_count(cat, counts, u.code, whole) if cat and (
            cat.quota_count != "submitted" or cat.quota_categories) else None
        evs = sorted(gained[u.code], key=lambda e: (e.day, PARTS.index(e.part), e.item or "", e.record or ""))
        ordered.append(UnitScore(u, submitted=submitted[u.code], quota=_quota(rules, u, period, data.as_of),
                                 counted=counted, events=evs, ranked=u.code not in rolled_up, **_tallies(own[u.code])))
    from govinfo.compute.ranking import assign_ranks
    return Report(period, rules, assign_ranks(terms.convert(rules, ordered), rules), data.diags, as_of=data.as_of)


def _tallies(events: list[Event]) -> dict:
    """How many adoptions (by level and by publication), specials, instructions, excellent items
    and penalties (by kind) a unit's own events hold: what the tables count, apart from points."""
    adoptions, by_pub, instructions, penalties = Counter(), Counter(), Counter(), Counter()
    specials = excellent = 0
    for e in events:
        if e.part in ("adoption", "special") and e.record:
            adoptions[e.level] += 1
            by_pub[e.pub] += 1
            specials += e.part == "special"
        elif e.part == "instruction":
            instructions[e.level] += 1
        elif e.part == "excellent":
            excellent += 1
        elif e.part == "penalty":
            penalties[e.penalty] += 1
    return {"adoptions": dict(adoptions), "adoptions_by_pub": dict(by_pub), "specials": specials,
            "instructions": dict(instructions), "excellent": excellent, "penalties": dict(penalties)}


def _quota(rules: Rules, unit: Unit, period: Period, as_of: date) -> int:
    """The quota over the months of the period the unit was on the roster for (a unit set up in
    December owes nothing for October), and while the period runs, only those begun by today."""
    cat = rules.unit_categories.get(unit.category)
    if not cat:
        return 0
    if period.end < as_of:  # over: the months it was listed for, of the whole span
        return cat.quota_for(unit.active_months(period.month_periods), len(period.months))
    begun = [m for m in period.month_periods if m.start <= as_of]  # running: so far, month by month
    return cat.quota_for(unit.active_months(begun))


def _rollup(units: dict[str, Unit], gained: dict[str, list[Event]]) -> set[str]:
    """A sub-unit's points also count for its parent (its events are copied to the parent's list);
    the sub-units so rolled up, which are not ranked on their own, are returned."""
    rolled = set()
    for code, unit in units.items():
        parent = unit.parent
        if parent and parent in gained:
            rolled.add(code)
            for e in list(gained[code]):
                gained[parent].append(Event(parent, e.part, e.points, e.day, f"（下属单位{unit.label}）{e.what}",
                                            e.rule, e.item, e.title, e.record, e.level, e.pub, e.penalty))
    return rolled


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
    code = ws.require_units([query], "explain")[0]  # as every command names a unit: ambiguous and unknown told apart
    report = score(ws, period)
    match = [s for s in report.units if s.unit.code == code]
    if not match:
        raise UserError(error(Source("govinfo explain --unit"), "UNIT-INACTIVE",
                              f"单位 {code} 在{report.period.label}不在有效期内"))
    return match[0], report
