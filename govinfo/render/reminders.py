"""The quarterly reminders as a CSV sheet for the phone list and the SMS platform."""
from __future__ import annotations

import csv
import io

from govinfo.compute.reminders import Reminder
from govinfo.render.cells import cell

CSV_HEAD = ["单位", "类别", "信息员", "电话", "方式", "内容", "字数", "原因"]


def reminders_csv(rows: list[Reminder]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEAD)
    for r in rows:
        w.writerow([cell(r.unit), cell(r.category), cell(r.officer), cell(r.phone), r.channel, cell(r.text),
                    len(r.text), cell(r.reason)])
    return buf.getvalue()
