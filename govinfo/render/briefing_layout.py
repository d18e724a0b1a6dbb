"""The 简报 layout as numbers, shared by the .docx and the HTML renderer (the page itself is GB/T 9704's,
from gbt9704.py: the same A4 page, margins, body font and page numbers as the notices)."""
from __future__ import annotations

from decimal import Decimal

from govinfo.render import gbt9704 as g

MASTHEAD_TOP_MM = 8        # 报头: the publication's name this far below the top margin
MASTHEAD_MAX_PT = 48
RULE_EIGHTHS = 24          # the thick red line under 编印单位 and date: 3 pt
ITEM_TITLE_PT = 18         # 小二, each item's title
TAIL_PT = 14               # 4号, the 报尾
TAIL_LINE_PT = 24
OPENING = "（《“‘【〔"
CLOSING = "，。、：；！？）》”’】〕…—"
GOOD_AFTER = "，、：；—”》）"


def masthead_size(name: str) -> Decimal:
    fit = g.mm_to_pt(g.TEXT_WIDTH_MM) / max(g.text_width(name), 1) * Decimal("0.9")
    return min(Decimal(MASTHEAD_MAX_PT), fit).quantize(Decimal("1"))


def chars_per_line(size_pt: float) -> int:
    return int(g.mm_to_pt(g.TEXT_WIDTH_MM) / Decimal(str(size_pt)))


def title_lines(text: str, size_pt: float = ITEM_TITLE_PT) -> list[str]:
    """A long title in balanced lines broken where a reader would: after punctuation when it can,
    never inside a number or a Latin word, never before a closing or after an opening mark."""
    per_line = chars_per_line(size_pt)
    if g.text_width(text) <= per_line:
        return [text]
    lines = -(-int(g.text_width(text)) // per_line)
    out, rest = [], text
    while lines > 1 and g.text_width(rest) > per_line:
        target = g.text_width(rest) / lines
        best, best_cost = None, None
        for i in range(1, len(rest)):
            head = rest[:i]
            if g.text_width(head) > per_line or g.text_width(rest[i:]) > per_line * (lines - 1):
                continue
            a, b = rest[i - 1], rest[i]
            if b in CLOSING or a in OPENING or (a.isascii() and a.isalnum() and b.isascii() and b.isalnum()):
                continue
            cost = abs(g.text_width(head) - target) - (3 if a in GOOD_AFTER else 0)
            if best_cost is None or cost < best_cost:
                best, best_cost = i, cost
        if best is None:
            break
        out.append(rest[:best])
        rest = rest[best:]
        lines -= 1
    return out + [rest]
