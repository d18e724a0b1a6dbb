"""The 简报 layout as numbers, shared by the .docx and the HTML renderer (the page itself is GB/T 9704's,
from gbt9704.py: the same A4 page, margins, body font and page numbers as the notices)."""
from __future__ import annotations

from decimal import Decimal

from govinfo.render import gbt9704 as g
from govinfo.render import titles

MASTHEAD_TOP_MM = 8        # 报头: the publication's name this far below the top margin
MASTHEAD_MAX_PT = 48
RULE_EIGHTHS = 24          # the thick red line under 编印单位 and date: 3 pt
ITEM_TITLE_PT = 18         # 小二, each item's title
TAIL_PT = 14               # 4号, the 报尾
TAIL_LINE_PT = 24


def masthead_size(name: str) -> Decimal:
    fit = g.mm_to_pt(g.TEXT_WIDTH_MM) / max(g.text_width(name), 1) * Decimal("0.9")
    return min(Decimal(MASTHEAD_MAX_PT), fit).quantize(Decimal("1"))


def title_lines(text: str, size_pt: float = ITEM_TITLE_PT) -> list[str]:
    """A long title in balanced lines broken between words (render/titles.py)."""
    return titles.fit(text, size_pt)
