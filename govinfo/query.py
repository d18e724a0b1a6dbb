"""`list` and `show`: items with what the office recorded about them.

A month's listing reads only that month's items and the records dated from that month on
(an item is adopted after it is submitted), never the whole archive.
"""
from __future__ import annotations

from dataclasses import dataclass

from govinfo.diagnostics import Source, UserError, error
from govinfo.dates import parse_month
from govinfo.items import Item, read_items
from govinfo.recording import load_item
from govinfo.records import Record, active, read_records
from govinfo.workspace import Workspace


@dataclass(frozen=True)
class ItemView:
    item: Item
    records: tuple[Record, ...]  # in force, oldest first
    withdrawn: tuple[Record, ...] = ()

    @property
    def adoptions(self) -> list[Record]:
        return [r for r in self.records if r.kind == "adopt"]

    @property
    def instructions(self) -> list[Record]:
        return [r for r in self.records if r.kind == "instruct"]


def _views(items: list[Item], records: list[Record]) -> list[ItemView]:
    in_force = active(records)
    withdrawn_ids = {r.get("target") for r in records if r.kind == "withdraw"}
    by_item: dict[str, list[Record]] = {}
    gone: dict[str, list[Record]] = {}
    for r in records:
        if r.item:
            (gone if r.id in withdrawn_ids else by_item).setdefault(r.item, []).append(r)
    keep = {r.id for r in in_force}
    return [ItemView(i, tuple(sorted((r for r in by_item.get(i.id, []) if r.id in keep), key=lambda r: (r.date, r.id))),
                     tuple(gone.get(i.id, []))) for i in items]


def list_items(ws: Workspace, *, unit: str | None = None, month: str | None = None,
               category: str | None = None, adopted: bool | None = None) -> list[ItemView]:
    ym = None
    if month:
        ym = parse_month(month)
        if ym is None:
            raise UserError(error(Source("govinfo list"), "BAD-DATE", f"--month“{month}”格式不对", "写成 2026-10"))
    if unit:
        ws.require_units([unit], "list")
    # broken files are validate's business; list shows the readable ones
    items = [i for i in read_items(ws.root, ym, ym)[0]
             if (not unit or unit in i.units) and (not category or i.category == category)]
    records, _ = read_records(ws.root, since=ym, kinds=("adopt", "instruct", "excellent", "withdraw"))
    views = _views(items, records)
    if adopted is not None:
        views = [v for v in views if bool(v.adoptions) == adopted]
    return sorted(views, key=lambda v: (v.item.submitted, v.item.id))


def show_item(ws: Workspace, item_id: str) -> ItemView:
    item = load_item(ws, item_id, "show")
    records, _ = read_records(ws.root, since=(item.submitted.year, item.submitted.month))
    return _views([item], records)[0]
