"""Table cells: user text in a spreadsheet or CSV never becomes a formula; text in a console cell
is padded and broken by display width."""
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


def balanced(text: str, cols: int) -> str:
    """`text` in lines of at most `cols` display columns and of about equal length, so a table
    cell holding 住房和城乡建设局 does not leave 局 alone on its last line; never a closing mark
    at a line's start. Rich folds a cell where the line fills; this breaks it before."""
    from rich.cells import cell_len
    from govinfo.core.text import LINE_CLOSERS
    total = cell_len(text)
    if total <= cols or cols < 2:
        return text
    count = -(-total // cols)
    target = -(-total // count)
    lines, line = [], ""
    for ch in text:
        if line and cell_len(line + ch) > target and len(lines) < count - 1 and ch not in LINE_CLOSERS:
            lines.append(line)
            line = ""
        line += ch
    lines.append(line)
    return "\n".join(lines) if all(cell_len(x) <= cols for x in lines) else text
