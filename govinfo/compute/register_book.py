"""The year's register (登记簿, seed 004 第二十四条: 登记造册、分类存贮、立卷归档): every item
submitted in the year, by item category and then unit, with what became of it: adoptions,
leader instructions and the feedback on them, as recorded up to today."""
from __future__ import annotations

from dataclasses import dataclass

from govinfo.store.rules import printed_in
from govinfo.core import dates
from govinfo.compute.followup import STATE_ZH, cases
from govinfo.check.loader import load
from govinfo.store.records import Adoption, Instruction
from govinfo.store.items import Item
from govinfo.store.workspace import Workspace


@dataclass(frozen=True)
class Entry:
    item: Item
    adoptions: str      # "2026-03-10《政府工作快报》第1期；…"
    instructions: str   # "2026-10-05 市长批示；…"
    feedback: str       # "2026-10-15 已反馈；…"
    fed_back: bool = False  # some instruction on it has its feedback (the summary's 已反馈 column)


@dataclass
class Register:
    year: int
    entries: list[Entry]
    categories: tuple[str, ...]
    unit_names: dict[str, str]
    as_of: object = None  # today, while the year runs: the register so far

    @property
    def running(self) -> str:
        return f"（暂计，截至 {self.as_of}）" if self.as_of else ""

    def sheets(self) -> list[tuple[str, list[tuple[str, list[Entry]]]]]:
        """[(item category, [(unit name, entries)])], categories in the rules' order, units in the roster's."""
        out = []
        for cat in self.categories:
            mine = [e for e in self.entries if e.item.category == cat]
            units = [(name, [e for e in mine if e.item.unit == code]) for code, name in self.unit_names.items()]
            units = [(name, es) for name, es in units if es]
            if units:
                out.append((cat, units))
        return out

    def summary(self) -> list[tuple[str, int, int, int, int]]:
        rows = []
        for cat in self.categories:
            mine = [e for e in self.entries if e.item.category == cat]
            rows.append((cat, len(mine), sum(bool(e.adoptions) for e in mine), sum(bool(e.instructions) for e in mine),
                         sum(e.fed_back for e in mine)))
        rows.append(("合计", *[sum(r[k] for r in rows) for k in range(1, 5)]))
        return rows


def register(ws: Workspace, year: int) -> Register:
    rules = ws.require_rules()
    data = load(ws, items=((year, 1), (year, 12)), records=((year, 1), None), kinds=("adopt", "instruct", "feedback"))
    items = sorted(data.items, key=lambda i: (i.submitted, i.id))
    records = data.records
    by_item: dict[str, list] = {}
    for rec in sorted(records, key=lambda r: (r.date, r.id)):
        if rec.item:
            by_item.setdefault(rec.item, []).append(rec)
    follow = {c.instruction.id: c for c in cases(records, {i.id: i for i in items}, rules, dates.today())}
    entries = []
    for item in items:
        mine = by_item.get(item.id, [])
        adoptions = "；".join(f"{r.date}{printed_in(rules.publications, r.pub, r.issue_label)}"
                             + ("（专期）" if r.special else "") for r in mine if isinstance(r, Adoption))
        instructed = [r for r in mine if isinstance(r, Instruction)]
        instructions = "；".join(f"{r.date} {r.leader}批示" for r in instructed)
        mine_cases = [follow[r.id] for r in instructed if r.id in follow]
        feedback = "；".join(_feedback(c) for c in mine_cases)
        entries.append(Entry(item, adoptions, instructions, feedback, any(c.state == "done" for c in mine_cases)))
    names = {u.code: u.name for u in ws.units}
    for item in items:  # units no longer on the roster still get their items registered
        names.setdefault(item.unit, item.unit)
    today = dates.today()
    return Register(year, entries, rules.item_categories, names, today if today.year <= year else None)


def _feedback(case) -> str:
    if case.state == "done":
        return f"{case.feedback.date} 已反馈" + ("（逾期）" if case.late else "")
    return STATE_ZH[case.state] + f"（期限 {case.due}）"
