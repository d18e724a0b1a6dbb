"""The statistics as one web page with inline SVG charts (no image files, no scripts): the
geometry is worked out here, the drawing is templates/stats.html (autoescaped)."""
from __future__ import annotations

from govinfo.core.numbers import fmt_percent as pct
from govinfo.store.templates import render
from govinfo.store.workspace import Workspace

PALETTE = ["#2e6da4", "#e08e0b", "#c0392b", "#27ae60", "#8e44ad", "#7f8c8d", "#16a085", "#d35400"]
BAR_WIDTH = 420


def _units_chart(stats) -> dict:
    rows = sorted((u for u in stats.units if u.submitted), key=lambda u: -u.rate)
    label_width = 10 + 13 * max((len(u.name) for u in rows), default=4)
    bars = [{"label": u.name, "y": 4 + 20 * n, "w": round(BAR_WIDTH * u.rate, 1), "value": pct(u.rate),
             "color": PALETTE[0]} for n, u in enumerate(rows)]
    return {"bars": bars, "label_width": label_width, "width": label_width + BAR_WIDTH + 60, "height": 8 + 20 * len(bars)}


def _mix_chart(stats) -> dict:
    """Two stacked bars: what was sent and what was adopted, by item category."""
    left, rows = 60, []
    for n, (label, key, total) in enumerate((("报送", "submitted", stats.submitted), ("被采用", "adopted", stats.adopted))):
        x, segments = left, []
        for k, c in enumerate(stats.categories):
            value = getattr(c, key)
            w = round(BAR_WIDTH * value / total, 1) if total else 0
            segments.append({"x": x, "w": w, "color": PALETTE[k % len(PALETTE)], "name": c.name, "value": value})
            x += w
        rows.append({"label": label, "y": 6 + 30 * n, "segments": segments})
    legend = [{"x": left + 80 * k, "color": PALETTE[k % len(PALETTE)], "name": c.name} for k, c in enumerate(stats.categories)]
    return {"rows": rows, "legend": legend, "legend_y": 70, "width": max(left + BAR_WIDTH + 20, left + 80 * len(legend)),
            "height": 90}


def _month_chart(stats) -> dict:
    height, top, bottom = 220, 24, 20
    peak = max((m.submitted for m in stats.months), default=0) or 1
    scale = (height - top - bottom) / peak
    w = 14
    months = []
    for n, m in enumerate(stats.months):
        x = 20 + n * (2 * w + 12)
        sent_h, taken_h = round(m.submitted * scale, 1), round(m.adopted * scale, 1)
        months.append({"x": x, "w": w, "label": m.label, "short": m.label.split("年")[-1], "sent": m.submitted,
                       "taken": m.adopted, "sent_h": sent_h, "taken_h": taken_h,
                       "sent_y": height - bottom - sent_h, "taken_y": height - bottom - taken_h})
    return {"months": months, "width": 40 + len(months) * (2 * w + 12), "height": height}


def stats_html(ws: Workspace, stats) -> bytes:
    title = f"{ws.office.office_short}{stats.period.label}政务信息统计{stats.running}"
    return render(ws, "stats.html", title=title, s=stats, pct=pct, units_chart=_units_chart(stats),
                  mix_chart=_mix_chart(stats), month_chart=_month_chart(stats)).encode("utf-8")
