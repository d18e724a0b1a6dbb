"""Output safety: user text in a spreadsheet or CSV must never become a formula."""
from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def pad(text: str, cells: int) -> str:
    """`text` padded with spaces to `cells` display columns (a CJK character takes two)."""
    from rich.cells import cell_len
    return text + " " * max(0, cells - cell_len(text))
