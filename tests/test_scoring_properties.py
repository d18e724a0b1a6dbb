"""Scoring invariants under hypothesis: parts add up, more adoptions never hurt, a quarter is
the sum of its months, and the order files are read in changes nothing."""
from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo.core.dates import CHINA
from govinfo.core.diagnostics import Source
from govinfo.store.items import Item
from govinfo.check.loader import Dataset
from govinfo.core.periods import Period, month
from govinfo.store.records import Adoption, make_record
from govinfo.store.roster import Unit
from govinfo.store.rules import load_rt_yaml, parse_rules
from govinfo.compute.scoring import compute

RULES_FILE = Path(__file__).resolve().parents[1] / "rules" / "default" / "points.yaml"
RULES, _ = parse_rules(load_rt_yaml(RULES_FILE, "rules/points.yaml")[0])
UNITS = [Unit(code, code, code, cat, None, False, (), None, None, (), Source("r"))
         for code, cat in (("T01", "township"), ("T02", "township"), ("G01", "general_dept"), ("D01", "other_dept"))]
PUBS = list(RULES.publications)
LEVELS = list(RULES.instructions)


@st.composite
def offices(draw):
    n_items = draw(st.integers(0, 25))
    items = []
    for n in range(n_items):
        m, d = draw(st.integers(1, 3)), draw(st.integers(1, 28))
        unit = draw(st.sampled_from(UNITS)).code
        joint = tuple(u.code for u in UNITS if u.code != unit and draw(st.booleans()) and draw(st.booleans()))
        items.append(Item(f"2026{m:02d}-AAA-{n + 1:04d}", "t", unit, "a", "b", datetime(2026, m, d, 9, tzinfo=CHINA),
                          draw(st.sampled_from(RULES.item_categories)), "正文", Source("x"), joint_units=joint))
    records = []
    for n in range(draw(st.integers(0, 30)) if items else 0):
        item = draw(st.sampled_from(items))
        day = date(2026, draw(st.integers(item.submitted.month, 3)), draw(st.integers(1, 28)))
        day = max(day, item.submitted.date())
        kind = draw(st.sampled_from(["adopt", "adopt", "instruct", "penalty"]))
        fields = {"date": day}
        if kind == "adopt":
            fields.update(item=item.id, pub=draw(st.sampled_from(PUBS)), issue="1", special=draw(st.booleans()))
        elif kind == "instruct":
            fields.update(item=item.id, level=draw(st.sampled_from(LEVELS)), leader="x")
        else:
            fields.update(unit=draw(st.sampled_from(UNITS)).code, penalty=draw(st.sampled_from(list(RULES.penalties))))
        records.append(make_record(kind, f"{kind}-2026{day.month:02d}-AAA-{n + 1:04d}", day, fields, Source("r")))
    return items, records


def run(items, records, period: Period):
    inside = [i for i in items if period.contains(i.submitted.date())]
    data = Dataset(inside, {i.id: i for i in items}, records, calls=[], answers={})
    return compute(data, RULES, UNITS, period)


Q1 = Period("quarter", 2026, 1, 3)


@settings(max_examples=60, deadline=None)
@given(offices())
def test_parts_match_what_was_recorded(office):
    """Submission and penalty points, summed over the units, equal what the items and penalty
    records alone say (counted here without the scoring engine), and so does each unit's total."""
    items, records = office
    report = run(items, records, Q1)
    submitted = sum(len(i.units) for i in items if Q1.contains(i.submitted.date()))
    assert RULES.joint == "full"  # each credited unit gets the item's full points
    assert sum(s.points["submission"] for s in report.units) == submitted * RULES.submission_points
    charged = sum((RULES.penalties[r.get("penalty")].points for r in records
                   if r.kind == "penalty" and Q1.contains(r.date)), Decimal(0))
    assert sum(s.points["penalty"] for s in report.units) == charged
    assert {s.unit.code: s.total for s in report.units} == expected_totals(items, records, Q1)


def expected_totals(items, records, period: Period) -> dict[str, Decimal]:
    """Each unit's total under the default rules, worked out here from the rules file's numbers
    alone: 0.2 per item, base or special points times the publication level's multiplier per
    adoption (a column counts as its publication), the level's points per instruction (each credited unit gets them in full), and the
    penalty's points."""
    raw = load_rt_yaml(RULES_FILE, "rules/points.yaml")[0]
    adoption, pubs = raw["adoption"], raw["publications"]
    totals = {u.code: Decimal(0) for u in UNITS}
    by_id = {i.id: i for i in items}
    for i in items:
        if period.contains(i.submitted.date()):
            for code in i.units:
                totals[code] += Decimal(str(raw["submission_points"]))
    for r in records:
        if not period.contains(r.date):
            continue
        if r.kind == "adopt":
            base = adoption["special_points"] if r.special else adoption["base_points"]
            gain = Decimal(str(base)) * Decimal(str(adoption["multipliers"][pubs[r.pub.split(".")[0]]["level"]]))
        elif r.kind == "instruct":
            gain = Decimal(str(raw["instructions"][r.level]))
        else:
            totals[r.unit] += Decimal(str(raw["penalties"][r.penalty]["points"]))
            continue
        for code in by_id[r.item].units:
            totals[code] += gain
    return totals


@settings(max_examples=60, deadline=None)
@given(offices(), st.data())
def test_one_more_adoption_never_lowers_a_total(office, data):
    items, records = office
    if not items:
        return
    item = data.draw(st.sampled_from(items))
    extra = Adoption("adopt-202603-ZZZ-0001", date(2026, 3, 28), Source("r"), item=item.id,
                     pub=data.draw(st.sampled_from(PUBS)), issue="1", special=data.draw(st.booleans()))
    before = {s.unit.code: s.total for s in run(items, records, Q1).units}
    after = {s.unit.code: s.total for s in run(items, records + [extra], Q1).units}
    assert all(after[code] >= before[code] for code in before)
    assert sum(after.values()) > sum(before.values())


@settings(max_examples=60, deadline=None)
@given(offices())
def test_a_quarter_is_the_sum_of_its_months(office):
    quarter = {s.unit.code: s.total for s in run(*office, Q1).units}
    months = [{s.unit.code: s.total for s in run(*office, month(2026, m)).units} for m in (1, 2, 3)]
    assert quarter == {code: sum((mm[code] for mm in months), Decimal(0)) for code in quarter}


@settings(max_examples=60, deadline=None)
@given(offices(), st.randoms(use_true_random=False))
def test_reading_order_changes_nothing(office, rnd: random.Random):
    items, records = office
    shuffled_items, shuffled_records = items[:], records[:]
    rnd.shuffle(shuffled_items)
    rnd.shuffle(shuffled_records)
    a, b = run(items, records, Q1), run(shuffled_items, shuffled_records, Q1)
    assert [(s.unit.code, s.total, s.rank, s.category_rank, s.points) for s in a.units] == \
           [(s.unit.code, s.total, s.rank, s.category_rank, s.points) for s in b.units]
    assert [[(e.day, e.part, e.points, e.item, e.record) for e in s.events] for s in a.units] == \
           [[(e.day, e.part, e.points, e.item, e.record) for e in s.events] for s in b.units]
