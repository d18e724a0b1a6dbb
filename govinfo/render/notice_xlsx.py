"""The notice's workbook (openpyxl): summary by category, item detail, ranking and a chart,
each sheet set to print on A4 landscape, one page wide, with its title rows on every page."""
from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from govinfo.compute.notice import Cell, Notice, Table, by_category, period_table
from govinfo.core.numbers import cell_number
from govinfo.render.cells import FORMULA_START

FONT = "宋体"
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _set_value(c, value) -> None:
    """openpyxl reads a leading = as a formula: such user text is stored as a string, shown as typed."""
    c.value = value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        c.data_type = "s"
        c.quotePrefix = True


def put(ws: Worksheet, row: int, col: int, value, bold: bool = False, align: Alignment = CENTER):
    """Numbers stay numbers; text that Excel would run as a formula is stored as text, shown as typed."""
    c = ws.cell(row=row, column=col)
    if isinstance(value, Decimal):
        value = cell_number(value)
    _set_value(c, value)
    c.font = Font(name=FONT, size=11, bold=bold)
    c.alignment = align
    c.border = GRID
    return c


def _display_width(value) -> float:
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return sum(2 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def _widths(ws: Worksheet, first_row: int, caps: dict[int, float] | None = None) -> None:
    """Column widths that fit Chinese text (two units a character), within limits."""
    caps = caps or {}
    best: dict[int, float] = {}
    for row in ws.iter_rows(min_row=first_row):
        for c in row:
            if c.value is not None:
                best[c.column] = max(best.get(c.column, 0), _display_width(c.value))
    for col, w in best.items():
        ws.column_dimensions[get_column_letter(col)].width = max(6, min(w + 2, caps.get(col, 40)))


def _print_setup(ws: Worksheet, title_rows: str | None, freeze: str | None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0      # as many pages down as it takes
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.evenFooter.center.text = "第 &P 页 共 &N 页"
    if freeze:
        ws.freeze_panes = freeze


def _title(ws: Worksheet, text: str, columns: int) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    c = ws.cell(row=1, column=1)
    _set_value(c, text)
    c.font = Font(name=FONT, size=16, bold=True)
    c.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30


def _head(ws: Worksheet, head: list[list[Cell]], top: int, lead: list[str] = ()) -> int:
    """Header rows with merged group cells; returns the first data row."""
    taken: set[tuple[int, int]] = set()
    depth = len(head)
    for col, text in enumerate(lead, 1):
        put(ws, top, col, text, bold=True)
        if depth > 1:
            ws.merge_cells(start_row=top, start_column=col, end_row=top + depth - 1, end_column=col)
    for r, row in enumerate(head):
        col = len(lead) + 1
        for h in row:
            while (r, col) in taken:
                col += 1
            put(ws, top + r, col, h.text, bold=True)
            for rr in range(r, r + h.rows):
                for cc in range(col, col + h.span):
                    taken.add((rr, cc))
                    if (rr, cc) != (r, col):
                        put(ws, top + rr, cc, None)
            if h.span > 1 or h.rows > 1:
                ws.merge_cells(start_row=top + r, start_column=col, end_row=top + r + h.rows - 1,
                               end_column=col + h.span - 1)
            col += h.span
    return top + depth


def _summary(wb: Workbook, doc: Notice) -> None:
    ws = wb.active
    ws.title = "汇总"
    report, ytd = doc.report, doc.separate_ytd
    tables: list[tuple[str, Table]] = [(name, period_table(name, rows, report, ytd)) for name, rows in by_category(report)]
    if not tables:
        _title(ws, f"{doc.period.label}政务信息报送采用情况汇总表（没有单位）", 4)
        return
    columns = tables[0][1].columns + 1
    _title(ws, f"{doc.period.label}政务信息报送采用情况汇总表", columns)
    row = _head(ws, tables[0][1].head, 2, lead=["类别"])
    for name, table in tables:
        for values in table.rows:
            put(ws, row, 1, name)
            for col, v in enumerate(values, 2):
                put(ws, row, col, v)
            row += 1
    _widths(ws, 3, {1: 22})
    _print_setup(ws, "1:3", "D4" if report.rules.publish_ranks else "C4")


DETAIL_HEAD = ["信息编号", "单位", "标题", "类别", "报送时间", "采用情况", "批示情况", "得分"]


def _detail(wb: Workbook, doc: Notice) -> None:
    ws = wb.create_sheet("明细")
    _title(ws, f"{doc.period.label}政务信息明细（报送与计分）", len(DETAIL_HEAD))
    for col, text in enumerate(DETAIL_HEAD, 1):
        put(ws, 2, col, text, bold=True)
    for row, d in enumerate(doc.detail, 3):
        submitted = d["submitted"]
        if isinstance(submitted, datetime):
            submitted = submitted.replace(tzinfo=None)  # Excel has no time zones; the time is China time
        values = [d["id"], d["unit"], d["title"], d["category"], submitted, d["adopted"], d["instructions"], d["points"]]
        for col, v in enumerate(values, 1):
            c = put(ws, row, col, v, align=LEFT if col in (3, 6, 7) else CENTER)
            if col == 5:
                c.number_format = "yyyy-mm-dd hh:mm"
    _widths(ws, 2, {3: 60, 5: 18, 6: 36, 7: 24})
    _print_setup(ws, "1:2", "C3")


def _ranking(wb: Workbook, doc: Notice) -> Worksheet:
    ws = wb.create_sheet("排名")
    report, ranks = doc.report, doc.report.rules.publish_ranks
    ytd = {s.unit.code: s for s in doc.ytd.units}
    head = (["排名"] if ranks else []) + ["单位", "类别", "得分"] + (["类别排名"] if ranks else []) + \
        (["累计得分"] + (["累计排名"] if ranks else []) if doc.separate_ytd else [])
    _title(ws, f"{doc.period.label}政务信息得分{'排名' if ranks else '情况'}", len(head))
    for col, text in enumerate(head, 1):
        put(ws, 2, col, text, bold=True)
    rows = [s for s in report.units if s.ranked]
    if ranks:
        rows.sort(key=lambda s: s.rank or 0)
    cats = report.rules.unit_categories
    for r, s in enumerate(rows, 3):
        values = ([s.rank] if ranks else []) + [s.unit.label, cats[s.unit.category].name if s.unit.category in cats
                                                else s.unit.category, s.total] + ([s.category_rank] if ranks else [])
        if doc.separate_ytd:
            y = ytd.get(s.unit.code)
            values += [y.total if y else None] + ([y.rank if y else None] if ranks else [])
        for col, v in enumerate(values, 1):
            put(ws, r, col, v)
    _widths(ws, 2, {2: 24})
    _print_setup(ws, "1:2", "A3")
    return ws


def _chart(wb: Workbook, doc: Notice, ranking: Worksheet) -> None:
    ws = wb.create_sheet("得分图")
    n = ranking.max_row - 2
    if n <= 0:
        return
    ranks = doc.report.rules.publish_ranks
    unit_col, total_col = (2, 4) if ranks else (1, 3)
    chart = BarChart()
    chart.type = "bar"            # horizontal bars: unit names stay readable
    chart.title = f"{doc.period.label}各单位得分"
    chart.y_axis.title = "得分"
    chart.legend = None
    chart.add_data(Reference(ranking, min_col=total_col, min_row=2, max_row=n + 2), titles_from_data=True)
    chart.set_categories(Reference(ranking, min_col=unit_col, min_row=3, max_row=n + 2))
    chart.x_axis.scaling.orientation = "maxMin"  # first place at the top
    chart.x_axis.tickLblSkip = chart.x_axis.tickMarkSkip = 1  # every unit named, however many there are
    chart.x_axis.delete = chart.y_axis.delete = False           # axes shown (openpyxl 3.1 hides them otherwise)
    chart.width, chart.height = 24, max(10, 0.5 * n)
    ws.add_chart(chart, "A1")
    _print_setup(ws, None, None)


def notice_xlsx(doc: Notice) -> bytes:
    wb = Workbook()
    _summary(wb, doc)
    _detail(wb, doc)
    ranking = _ranking(wb, doc)
    _chart(wb, doc, ranking)
    wb.properties.title = doc.title
    wb.properties.creator = doc.office.office_name
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
