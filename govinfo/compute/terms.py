"""Points that come from counting over a span rather than from one record: quotas of any span
and count, base points, the adoption-rate threshold, and converting a total.

Only spans that have ended by today are charged or paid: a month still running is neither a
missed quota nor an earned base (the report says it is provisional).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from govinfo.core.numbers import fmt_percent, fmt_points
from govinfo.core.periods import Period, Span, spans_within
from govinfo.store.items import Item
from govinfo.store.records import Adoption, Judgement, Penalty, Record
from govinfo.store.roster import Unit
from govinfo.store.rule_terms import COUNTS, Quota
from govinfo.store.rules import Rules, UnitCategory


@dataclass(frozen=True)
class Counted:
    """What the counts need, by unit: its items (the period's and, for weeks, a few days before
    it), when each was first adopted, and which the office judged qualified."""
    items: dict               # unit code -> its items (joint items under every unit named)
    first_adopted: dict       # item id -> date of its first adoption in force (among the records read)
    qualified: frozenset      # item ids that meet the office's standard
    by_submission: bool       # rules.attribution == "submission": an adoption counts in its item's span
    adoptions: dict           # unit code -> (item, date) of every adoption read, whenever the item came in

    def of(self, code: str) -> list:
        return self.items.get(code, [])

    def count(self, code: str, span: Span, what: str, categories: tuple[str, ...] = ()) -> int:
        def wanted(item) -> bool:
            return not categories or item.category in categories
        if what == "adopted" and not self.by_submission:
            # items adopted in the span, however early they came in: a span's count never depends
            # on which longer period is being scored
            return len({item.id for item, day in self.adoptions.get(code, ()) if span.contains(day) and wanted(item)})
        n = 0
        for item in self.items.get(code, ()):
            if not wanted(item) or not span.contains(item.submitted.date()):
                continue
            if what == "submitted":
                n += 1
            elif what == "qualified":
                n += item.id in self.qualified
            else:  # adopted, with submission attribution: items of the span adopted at any time
                n += item.id in self.first_adopted
        return n


def counted(items: list[Item], records: list[Record], rules: Rules, by_id: dict | None = None,
            units: dict[str, Unit] | None = None) -> Counted:
    """Counts are asked for every unit and span: the items are grouped by unit once, each under
    the units (of `units`, when given) that were on the roster the day it came in."""
    def counts_for(code: str, item: Item) -> bool:
        return units is None or (code in units and units[code].active_on(item.submitted.date()))

    first: dict[str, date] = {}
    adoptions: dict[str, list] = defaultdict(list)
    for rec in records:
        if isinstance(rec, Adoption):
            if rec.item not in first or rec.date < first[rec.item]:
                first[rec.item] = rec.date
            item = (by_id or {}).get(rec.item)
            if item is not None:
                for code in item.units:
                    if counts_for(code, item):
                        adoptions[code].append((item, rec.date))
    mine: dict[str, list] = defaultdict(list)
    for item in items:
        for code in item.units:
            if counts_for(code, item):
                mine[code].append(item)
    return Counted(dict(mine), first, frozenset(qualified_items(records)), rules.attribution == "submission", dict(adoptions))


def qualified_items(records: list[Record]) -> set[str]:
    """The office's latest judgement of each item; an adopted item it never judged counts as qualified."""
    latest: dict[str, Judgement] = {}
    for rec in sorted((r for r in records if isinstance(r, Judgement)), key=lambda r: (r.date, r.id)):
        latest[rec.item] = rec
    adopted = {r.item for r in records if isinstance(r, Adoption)}
    return {i for i, j in latest.items() if j.qualified} | {i for i in adopted if i not in latest}


def ended(span: Span, as_of: date) -> bool:
    """A span is over once today is past its last day."""
    return span.end < as_of


def main_quota_count(cat: UnitCategory, counts: Counted, code: str, span: Span) -> int:
    """What the category's reporting quota (monthly_quota) counts in a span."""
    return counts.count(code, span, cat.quota_count, cat.quota_categories)


def quota_events(rules: Rules, units: dict[str, Unit], period: Period, counts: Counted, as_of: date, make) -> list:
    """The reporting quota month by month (quota_met_points / quota_missed_points), and every
    further quota of the category over its own span."""
    out = []
    for code, unit in units.items():
        cat = rules.unit_categories.get(unit.category)
        if not cat:
            continue
        noun = COUNTS[cat.quota_count]
        priced = cat.quota_met_points or cat.quota_missed_points  # else the months need no counting here
        for span in spans_within(period, "month") if priced else ():
            if not ended(span, as_of) or not unit.active_between(span.start, span.end):
                continue
            n = main_quota_count(cat, counts, code, span)
            if n >= cat.monthly_quota and cat.quota_met_points:
                out.append(make(code, "quota", cat.quota_met_points, span.end,
                                f"{span.label}{noun} {n} 条，完成任务 {cat.monthly_quota} 条",
                                rules.line(f"unit_categories.{cat.key}.quota_met_points")))
            elif n < cat.monthly_quota and cat.quota_missed_points:
                out.append(make(code, "quota", cat.quota_missed_points, span.end,
                                f"{span.label}{noun} {n} 条，未完成任务 {cat.monthly_quota} 条",
                                rules.line(f"unit_categories.{cat.key}.quota_missed_points")))
        for quota in cat.quotas:
            out += _further_quota(rules, unit, quota, period, counts, as_of, make)
    return out


def _further_quota(rules: Rules, unit: Unit, q: Quota, period: Period, counts: Counted, as_of: date, make) -> list:
    out = []
    what = "、".join(q.item_categories) + "类信息" if q.item_categories else "信息"
    for span in spans_within(period, q.span):
        if not ended(span, as_of) or not unit.active_between(span.start, span.end):
            continue
        n = counts.count(unit.code, span, q.count, q.item_categories)
        said = f"{q.name}：{span.label}{COUNTS[q.count]}{what} {n} 条"
        if n < q.minimum:
            if q.missed_points:
                out.append(make(unit.code, "quota", q.missed_points, span.end, f"{said}，少于 {q.minimum} 条",
                                rules.line(q.key + ".missed_points")))
            if q.missed_per_item:
                short = q.minimum - n
                out.append(make(unit.code, "quota", q.missed_per_item * short, span.end,
                                f"{said}，比 {q.minimum} 条少 {short} 条，每条 {fmt_points(q.missed_per_item)} 分",
                                rules.line(q.key + ".missed_per_item")))
            continue
        if q.met_points:
            out.append(make(unit.code, "quota", q.met_points, span.end, f"{said}，达到 {q.minimum} 条",
                            rules.line(q.key + ".met_points")))
        extra = n - q.minimum if q.extra_max is None else min(n - q.minimum, q.extra_max)
        if extra > 0 and q.extra_points:
            out.append(make(unit.code, "quota", q.extra_points * extra, span.end,
                            f"{said}，超出 {q.minimum} 条的 {extra} 条每条 {fmt_points(q.extra_points)} 分",
                            rules.line(q.key + ".extra_points")))
    return out


def base_events(rules: Rules, units: dict[str, Unit], period: Period, counts: Counted, records: list[Record],
                as_of: date, make) -> list:
    """Base points for each span a category's base runs over, unless withheld (below the quota)
    or forfeited (a penalty that forfeits the base fell in the span); capped per year."""
    forfeits = defaultdict(list)  # unit -> penalty records that forfeit the base
    for rec in records:
        if isinstance(rec, Penalty) and rec.penalty in rules.penalties and rules.penalties[rec.penalty].forfeits_base:
            forfeits[rec.unit].append(rec)
    out = []
    for code, unit in units.items():
        cat = rules.unit_categories.get(unit.category)
        for base in cat.bases if cat else ():
            paid = Decimal(0)
            for span in spans_within(period, base.span):
                if not ended(span, as_of) or not unit.active_between(span.start, span.end):
                    continue
                lost = [r for r in forfeits[code] if span.contains(r.date)]
                if lost:
                    kind = rules.penalties[lost[0].penalty]
                    out.append(make(code, "base", Decimal(0), span.end,
                                    f"{base.name}：{span.label}因{kind.name}（{lost[0].id}）取消",
                                    rules.line(f"penalties.{kind.key}.forfeits_base"), record=lost[0].id))
                    continue
                if base.requires_quota:
                    n = main_quota_count(cat, counts, code, span)
                    need = cat.quota_for(unit.active_months(m for m in period.month_periods if span.contains(m.start)),
                                         span.months)
                    if n < need:
                        out.append(make(code, "base", Decimal(0), span.end,
                                        f"{base.name}：{span.label}{COUNTS[cat.quota_count]} {n} 条，少于任务 {need} 条，不计",
                                        rules.line(base.key + ".requires_quota")))
                        continue
                points, note = base.points, ""
                if base.cap_per_year is not None and paid + points > base.cap_per_year:
                    points = max(Decimal(0), base.cap_per_year - paid)
                    note = f"（全年以 {fmt_points(base.cap_per_year)} 分为限）"
                paid += points
                out.append(make(code, "base", points, span.end, f"{base.name}：{span.label}{note}",
                                rules.line(base.key + (".cap_per_year" if note else ".points"))))
    return out


def rate_events(rules: Rules, units: dict[str, Unit], period: Period, counts: Counted, as_of: date, make) -> list:
    """A span in which a unit's 录用率 (items submitted in it and adopted by its end, over items
    submitted in it) is under the threshold costs the rule's points. A unit that submitted
    nothing has no rate: the quota is what charges it."""
    rate = rules.adoption_rate
    if rate is None:
        return []
    out = []
    for code, unit in units.items():
        for span in spans_within(period, rate.span):
            if not ended(span, as_of) or not unit.active_between(span.start, span.end):
                continue
            mine = [i for i in counts.of(code) if span.contains(i.submitted.date())]
            if not mine:
                continue
            adopted = sum(1 for i in mine if counts.first_adopted.get(i.id) and counts.first_adopted[i.id] <= span.end)
            share = Decimal(adopted) / len(mine)
            if share < rate.below:
                out.append(make(code, "rate", rate.points, span.end,
                                f"{span.label}录用率 {fmt_percent(share)}（采用 {adopted} 条／报送 {len(mine)} 条），"
                                f"低于 {fmt_percent(rate.below)}", rules.line("adoption_rate.points")))
    return out


def convert(rules: Rules, scores: list) -> list:
    """The scores with each unit's converted score (`converted`) set from its total by the rules'
    conversion (as new values; unchanged without one)."""
    conv = rules.conversion
    if conv is None:
        return scores
    quantum = Decimal(1).scaleb(-conv.places)
    tops: dict[str, Decimal] = defaultdict(Decimal)
    for s in scores:
        tops[s.unit.category] = max(tops[s.unit.category], s.total)
    converted = []
    for s in scores:
        total = max(s.total, Decimal(0))
        cat = rules.unit_categories.get(s.unit.category)
        if conv.method == "top":
            top = tops[s.unit.category]
            value = total / top * conv.full if top > 0 else Decimal(0)
        elif conv.method == "target":
            target = cat.annual_target if cat else Decimal(0)
            value = min(conv.full, total / target * conv.full) if target > 0 else conv.full * (total > 0)
        elif conv.method == "cap":
            value = min(total, conv.full)
        else:
            value = total * conv.factor
            if conv.full is not None:
                value = min(value, conv.full)
        converted.append(replace(s, converted=value.quantize(quantum, ROUND_HALF_UP)))
    return converted


def conversion_said(rules: Rules, s) -> str:
    """One line for explain: how the total became the converted score."""
    conv = rules.conversion
    full = fmt_points(conv.full) if conv.full is not None else ""
    if conv.method == "top":
        how = f"本类最高分折合 {full} 分，其余按比例"
    elif conv.method == "target":
        how = f"达到全年达标分折合 {full} 分，不足按比例"
    elif conv.method == "cap":
        how = f"最多 {full} 分"
    else:
        how = f"每分折合 {fmt_points(conv.factor)} 分" + (f"，最多 {full} 分" if full else "")
    return f"折合{conv.name} {fmt_points(s.converted)} 分（{how}）  ← {rules.line('conversion.method')}"
