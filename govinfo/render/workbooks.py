"""The office's other workbooks (openpyxl), in the notice workbook's house style: the author-fee
sheet for finance, the year's register of items, and the statistics with their charts."""
from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from govinfo.store.rules import printed_in
from govinfo.core.numbers import money_cell, points_cell
from govinfo.render.notice_xlsx import CENTER, FONT, LEFT, _print_setup, _title, _widths, put



def _table(ws: Worksheet, top: int, head: list[str], rows: list[list], left: tuple[int, ...] = ()) -> int:
    """A bordered table from row `top`; returns the next free row."""
    for col, text in enumerate(head, 1):
        put(ws, top, col, text, bold=True)
    for r, row in enumerate(rows, top + 1):
        for col, value in enumerate(row, 1):
            put(ws, r, col, value, align=LEFT if col in left else CENTER)
    return top + 1 + len(rows)


def _note(ws: Worksheet, row: int, text: str, columns: int) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    c = ws.cell(row=row, column=1, value=text)
    c.font = Font(name=FONT, size=11)
    c.alignment = LEFT


def _save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def fees_xlsx(report, office_name: str) -> bytes:
    from govinfo.core.numbers import rmb_upper
    wb = Workbook()
    ws = wb.active
    ws.title = "稿酬发放表"
    head = ["序号", "姓名", "单位", "采用条数", "采用得分", "金额（元）", "领款人签字"]
    running = f"（暂计，截至 {report.as_of}）" if report.provisional else ""  # on every sheet: each may be printed alone
    _title(ws, f"{office_name}{report.period.label}政务信息稿酬发放表{running}", len(head))
    _note(ws, 2, (f"{report.provisional_note}。" if report.provisional else "") + "计发办法：" + report.rate_text, len(head))
    rows = [[n, p.name, report.unit_names.get(p.unit, p.unit), p.items, p.points, p.amount, ""]
            for n, p in enumerate(report.payees, 1)]
    end = _table(ws, 3, head, rows, left=(2, 3))
    for col, value in enumerate(["合计", "", "", report.items,
                                 sum((p.points for p in report.payees), Decimal(0)), report.total, ""], 1):
        put(ws, end, col, value, bold=True)
    ws.merge_cells(start_row=end, start_column=1, end_row=end, end_column=3)
    _note(ws, end + 1, f"合计金额（大写）：{rmb_upper(report.total)}", len(head))
    _note(ws, end + 3, "制表人：                审核人：                分管领导：                日期：", len(head))
    for r in range(4, end + 1):
        ws.cell(row=r, column=6).number_format = "#,##0.00"
        ws.cell(row=r, column=5).number_format = "0.##"
    capped = [p for p in report.payees if p.capped]
    if capped:
        _note(ws, end + 2, "已按每人上限计发：" + "、".join(p.name for p in capped), len(head))
    _widths(ws, 3, {2: 16, 3: 30, 7: 16})
    ws.column_dimensions["G"].width = 18
    _print_setup(ws, "3:3", "A4")  # A4 landscape, one page wide, like every other workbook

    units = wb.create_sheet("按单位汇总")
    _title(units, f"{report.period.label}政务信息稿酬（按单位）{running}", 5)
    rows = [[report.unit_names.get(u, u), people, items, points, amount] for u, people, items, points, amount in report.by_unit()]
    end = _table(units, 2, ["单位", "人数", "采用条数", "采用得分", "金额（元）"], rows, left=(1,))
    put(units, end, 1, "合计", bold=True)
    put(units, end, 5, report.total, bold=True)
    for col in range(2, 5):
        put(units, end, col, "")
    _widths(units, 2, {1: 30})
    _print_setup(units, "2:2", "A3")

    detail = wb.create_sheet("明细")
    head = ["姓名", "单位", "信息编号", "标题", "采用刊物", "采用日期", "得分", "金额（元）"]
    _title(detail, f"{report.period.label}政务信息稿酬明细（未计上限）{running}", len(head))
    rows = [[p.name, report.unit_names.get(p.unit, p.unit), s.item, s.title, s.pub, s.day,
             points_cell(s.points), money_cell(s.amount)]
            for p in report.payees for s in p.shares]
    _table(detail, 2, head, rows, left=(4,))
    _widths(detail, 2, {4: 50})
    _print_setup(detail, "2:2", "A3")
    return _save(wb)


REGISTER_LINE_PT = 15  # one line of 11 pt text in Excel


def register_xlsx(register) -> bytes:
    """The year's register (登记簿): every item with its outcome, one sheet per category."""
    wb = Workbook()
    wb.remove(wb.active)
    head = ["序号", "信息编号", "报送日期", "单位", "标题", "类别", "拟稿人", "审核人", "密级",
            "采用情况", "批示情况", "办理反馈"]
    for sheet_name, units in register.sheets():
        ws = wb.create_sheet(sheet_name[:31])
        _title(ws, f"{register.year}年政务信息登记簿（{sheet_name}）{register.running}", len(head))
        for col, text in enumerate(head, 1):
            put(ws, 2, col, text, bold=True)
        row, n = 3, 0
        for unit_name, entries in units:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(head))
            put(ws, row, 1, f"{unit_name}（{len(entries)} 条）", bold=True, align=LEFT)
            row += 1
            for e in entries:
                n += 1
                # one adoption or instruction a line, and a row tall enough to show them all
                outcomes = [e.adoptions.replace("；", "\n"), e.instructions.replace("；", "\n"), e.feedback]
                values = [n, e.item.id, e.item.submitted.strftime("%Y-%m-%d"), unit_name, e.item.title, e.item.category,
                          e.item.drafter, e.item.reviewer, e.item.secrecy, *outcomes]
                for col, value in enumerate(values, 1):
                    put(ws, row, col, value, align=LEFT if col in (5, 10, 11, 12) else CENTER)
                lines = max([1] + [text.count("\n") + 1 for text in outcomes if text])
                if lines > 1:
                    ws.row_dimensions[row].height = REGISTER_LINE_PT * lines + 4
                row += 1
        _widths(ws, 2, {5: 40, 10: 30, 11: 26, 12: 26})
        _print_setup(ws, "2:2", "A3")
    summary = wb.create_sheet("汇总", 0)
    _title(summary, f"{register.year}年政务信息登记簿汇总{register.running}", 5)
    rows = [[cat, total, adopted, instructed, done] for cat, total, adopted, instructed, done in register.summary()]
    _table(summary, 2, ["类别", "信息条数", "被采用", "获批示", "已反馈办理"], rows, left=(1,))
    _widths(summary, 2)
    _print_setup(summary, "2:2", None)
    return _save(wb)


def _stats_sheet(wb: Workbook, name: str, title: str, head: list[str], rows: list[list], percent: tuple[int, ...],
                 first_sheet: bool = False) -> tuple[Worksheet, int]:
    """One statistics sheet: title, bordered table, percentages formatted; returns it and its end row."""
    ws = wb.active if first_sheet else wb.create_sheet()
    ws.title = name
    _title(ws, title, len(head))
    end = _table(ws, 2, head, rows, left=(1,))
    for r in range(3, end):
        for col in percent:
            ws.cell(row=r, column=col).number_format = "0.0%"
    _widths(ws, 2, {1: 28})
    _print_setup(ws, "2:2", None)
    return ws, end


def _chart(chart, ws: Worksheet, data_cols: tuple[int, int], end: int, title: str, anchor: str):
    chart.title = title
    chart.add_data(Reference(ws, min_col=data_cols[0], max_col=data_cols[1], min_row=2, max_row=end - 1),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=end - 1))
    ws.add_chart(chart, anchor)
    return chart


def stats_xlsx(stats) -> bytes:
    """Statistics with charts people would rather look at than read."""
    wb = Workbook()
    label = stats.period.label
    running = stats.running
    ws, end = _stats_sheet(wb, "各单位采用率", f"{label}各单位政务信息采用率{running}", ["单位", "类别", "报送", "被采用", "采用率", "批示"],
                           [[r.name, r.category, r.submitted, r.adopted, r.rate, r.instructed] for r in stats.units], (5,),
                           first_sheet=True)
    bar = BarChart()
    bar.type = "bar"
    bar.y_axis.number_format = "0%"
    bar.height, bar.width, bar.legend = max(8, 0.5 * len(stats.units)), 16, None
    _chart(bar, ws, (5, 5), end, "各单位采用率", "H2")
    ws, end = _stats_sheet(wb, "信息类别", f"{label}报送与采用信息的类别构成{running}", ["类别", "报送", "占报送", "被采用", "占采用"],
                           [[c.name, c.submitted, c.submitted_share, c.adopted, c.adopted_share] for c in stats.categories],
                           (3, 5))
    _chart(PieChart(), ws, (4, 4), end, "被采用信息的类别构成", "H2")
    ws, end = _stats_sheet(wb, "逐月", f"{label}逐月报送与采用{running}", ["月份", "报送", "被采用", "采用率"],
                           [[m.label, m.submitted, m.adopted, m.rate] for m in stats.months], (4,))
    _chart(LineChart(), ws, (2, 3), end, "逐月报送与采用", "F2")
    _stats_sheet(wb, "直报点", f"{label}直报点报送采用情况{running}", ["直报点", "报送", "被采用", "采用率", "得分"],
                 [[r.name, r.submitted, r.adopted, r.rate, r.points] for r in stats.direct_points], (4,))
    return _save(wb)


ITEM_HEAD = ["编号", "报送日期", "单位", "信息类别", "标题", "拟稿人", "采用", "批示"]


def list_book(sheet: str, title: str, head: list[str], rows: list[list], left: tuple[int, ...], caps: dict,
              title_rows: str, filtered: bool = False) -> bytes:
    """A one-sheet workbook: a title, then a bordered table with its heading repeated on each page."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    _title(ws, title, len(head))
    _table(ws, 2, head, rows, left=left)
    _widths(ws, 2, caps)
    _fit_heights(ws, 3)
    _print_setup(ws, title_rows, "A3")
    if filtered:
        ws.auto_filter.ref = f"A2:{chr(64 + len(head))}{2 + len(rows)}"
    return _save(wb)


def _fit_heights(ws: Worksheet, first_row: int) -> None:
    """Rows tall enough for their wrapped text: LibreOffice and WPS keep a row's stored height, so
    a long title or a list of adoptions would otherwise spill over the rows below."""
    from math import ceil

    from openpyxl.utils import get_column_letter

    from govinfo.render.notice_xlsx import _display_width
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for c in row:
            if isinstance(c.value, str) and c.value:
                width = max(4.0, (ws.column_dimensions[get_column_letter(c.column)].width or 10) - 1)
                lines = max(lines, sum(ceil(max(1.0, _display_width(part)) / width) for part in c.value.split("\n")))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = REGISTER_LINE_PT * lines + 4


def items_book(ws, title: str, views) -> bytes:
    """The workbook of `list --xlsx` and `search --xlsx`: each item with where it was adopted and
    how many instructions it drew."""
    units, pubs = ws.unit_map, ws.rules.publications
    rows = [[v.item.id, v.item.submitted.strftime("%Y-%m-%d"), units[v.item.unit].label if v.item.unit in units else v.item.unit,
             v.item.category, v.item.title, v.item.drafter,
             "\n".join(f"{r.date} {printed_in(pubs, r.pub, r.issue_label)}" for r in v.adoptions),
             len(v.instructions) or ""] for v in views]
    return items_xlsx(title, rows)


def items_xlsx(title: str, rows: list[list]) -> bytes:
    """A list of items (`list` or `search` with --xlsx): one row an item, ready to sort and filter in Excel."""
    return list_book("信息", title, ITEM_HEAD, rows, (3, 5, 7), {5: 60, 7: 50}, "$2:$2", filtered=True)
