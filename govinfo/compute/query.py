"""`list` and `show`: items with what the office recorded about them.

A month's listing reads only that month's items and the records dated from that month on
(an item is adopted after it is submitted), never the whole archive.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from govinfo.core.diagnostics import Source, UserError, error
from govinfo.core.dates import parse_month
from govinfo.check.loader import Dataset, load, load_issues, load_item, load_record, note_record_problems, withdrawal_of
from govinfo.store.items import Item
from govinfo.store.records import Adoption, Instruction, Penalty, Record
from govinfo.store.workspace import Workspace


@dataclass(frozen=True)
class Edition:
    """The item as one issue of the office's own publication carries it (the office's edit)."""
    issue: str            # the issue's id
    label: str            # 《政府工作快报》2026年第45期 (publication names carry their own 《》)
    title: str            # edited title, or "" when the unit's title stands
    body: str             # edited body, or ""
    note: str             # 按语
    published: bool


@dataclass(frozen=True)
class ItemView:
    item: Item
    records: tuple[Record, ...]  # in force, oldest first
    withdrawn: tuple[Record, ...] = ()
    editions: tuple[Edition, ...] = ()
    feedback: tuple[Record, ...] = ()        # show: the reports on this item's instructions
    gone: Record | None = None               # show: the record that withdrew the item itself
    reasons: tuple[tuple[str, str], ...] = ()  # (withdrawn record id, why it was withdrawn)

    def reason_for(self, record_id: str) -> str:
        return dict(self.reasons).get(record_id, "")

    @property
    def adoptions(self) -> list[Record]:
        return [r for r in self.records if isinstance(r, Adoption)]

    @property
    def instructions(self) -> list[Record]:
        return [r for r in self.records if isinstance(r, Instruction)]


def _views(items: list[Item], data: Dataset) -> list[ItemView]:
    by_item: dict[str, list[Record]] = {}
    gone: dict[str, list[Record]] = {}
    for r in data.records:
        if r.item:
            by_item.setdefault(r.item, []).append(r)
    for r in data.withdrawn:
        if r.item:
            gone.setdefault(r.item, []).append(r)
    why = {w.target: w.reason for w in data.withdrawals if w.reason}
    return [ItemView(i, tuple(sorted(by_item.get(i.id, []), key=lambda r: (r.date, r.id))), tuple(gone.get(i.id, [])),
                     reasons=tuple((r.id, why[r.id]) for r in gone.get(i.id, []) if r.id in why)) for i in items]


def list_month(text: str) -> tuple[int, int]:
    """The month a listing (or the items page's search) is limited to: 2026-10."""
    ym = parse_month(text)
    if ym is None:
        raise UserError(error(Source("govinfo list --month"), "BAD-DATE", f"--month“{text}”格式不对", "写成 2026-10"))
    return ym


def list_items(ws: Workspace, *, unit: str | None = None, month: str | None = None,
               category: str | None = None, adopted: bool | None = None) -> list[ItemView]:
    return item_listing(ws, unit=unit, month=month, category=category, adopted=adopted)[0]


def item_listing(ws: Workspace, *, unit: str | None = None, month: str | None = None,
                 category: str | None = None, adopted: bool | None = None) -> tuple[list[ItemView], list[Item]]:
    """(the items in force that match, with their records; the withdrawn items that would have
    matched, which a listing says it left out). With an adoption filter no withdrawn item matches."""
    ym = list_month(month) if month else None
    if unit:
        unit = ws.require_units([unit], "list")[0]
    if category:
        category = ws.name_key("item_category", category, "list", "--category")
    data = load(ws, items=(ym, ym), records=(ym, None), kinds=("adopt", "instruct", "excellent"), named_items=False)
    def wanted(i: Item) -> bool:
        return (not unit or unit in i.units) and (not category or i.category == category)
    views = _views([i for i in data.items if wanted(i)], data)
    if adopted is not None:
        views = [v for v in views if bool(v.adoptions) == adopted]
    withdrawn = sorted((i for i in data.withdrawn_items if wanted(i)), key=lambda i: i.id) if adopted is None else []
    return sorted(views, key=lambda v: (v.item.submitted, v.item.id)), withdrawn


def items_after(ws: Workspace, code: str, day) -> list[Item]:
    """The unit's items submitted after `day` (units retire warns of them: they no longer count)."""
    data = load(ws, items=((day.year, day.month), None), named_items=False, bodies=False)
    return sorted((i for i in data.items if code in i.units and i.submitted.date() > day), key=lambda i: (i.submitted, i.id))


def views_of(ws: Workspace, items: list[Item]) -> list[ItemView]:
    """These items with their adoptions and instructions, in the same order (search --xlsx)."""
    if not items:
        return []
    since = min((i.submitted.year, i.submitted.month) for i in items)
    return _views(items, load(ws, records=(since, None), kinds=("adopt", "instruct")))


def show_item(ws: Workspace, item_id: str) -> ItemView:
    from govinfo.check.loader import amendments
    from govinfo.store.records import Feedback
    item = load_item(ws, item_id, "show")
    data = load(ws, records=((item.submitted.year, item.submitted.month), None))
    view = _views([item], data)[0]
    asked = {r.id for r in view.instructions}
    feedback = tuple(r for r in data.records if isinstance(r, Feedback) and r.instruction in asked)
    gone = amendments(ws, [item])[0].get(item.id)
    return replace(view, editions=tuple(_editions(ws, item)), feedback=feedback, gone=gone)


def penalties(ws: Workspace, year: int) -> list[Penalty]:
    """The year's 扣分 records in force (a withdrawn one is gone), oldest first: what `penalty list`
    and the web's 扣分 page show. Penalties the scoring itself charges (a call missed, an instruction
    overdue) are not records; `explain` lists them."""
    return penalty_book(ws, year)[0]


def penalty_book(ws: Workspace, year: int) -> tuple[list[Penalty], list[Penalty]]:
    """(the year's penalties in force, oldest first; those withdrawn, which a list says it left out)."""
    data = load(ws, records=((year, 1), (year, 12)), kinds=("penalty",))
    return (sorted(data.of_kind(Penalty), key=lambda r: (r.date, r.id)),
            sorted((r for r in data.withdrawn if isinstance(r, Penalty)), key=lambda r: r.id))


def show_record(ws: Workspace, record_id: str) -> tuple[Record, Record | None]:
    """A record by its id, and the withdrawal that cancelled it (None while it stands)."""
    rec = load_record(ws, record_id)
    if rec is None:
        raise UserError(error(Source("govinfo show"), "UNKNOWN-RECORD", f"记录“{record_id}”不存在或读不出",
                              "检查编号；运行 govinfo validate 可看读不出的文件"))
    note_record_problems(ws, rec)  # shown as written; the summary line says it counts nowhere
    return rec, withdrawal_of(ws, rec.id)


def _editions(ws: Workspace, item: Item) -> list[Edition]:
    """Every issue (of the item's year or later) that carries the item, with the office's edit."""
    issues = [i for year in range(item.submitted.year, item.submitted.year + 2) for i in load_issues(ws, year)[0]]
    pubs = ws.require_rules().publications
    found = []
    for issue in issues:
        for entry in issue.entries:
            if entry.item == item.id:
                name = pubs[issue.pub].name if issue.pub in pubs else issue.pub
                found.append(Edition(issue.id, f"{name}{issue.year}年{issue.label}", entry.title, entry.body,
                                     entry.note, issue.published))
    return found
