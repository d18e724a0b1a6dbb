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
    cell holding 住房和城乡建设局 does not leave 局 alone on its last line: never a closing mark at
    a line's start nor an opening one at its end, never inside a run of letters and digits. Rich
    folds a cell where the line fills; this breaks it before. Text that cannot be so broken is
    returned as it is (rich folds it)."""
    import re
    from rich.cells import cell_len
    total = cell_len(text)
    if total <= cols or cols < 2:
        return text
    tokens = re.findall(r"[A-Za-z0-9]+|.", text, re.S)
    fewest = -(-total // cols)
    for count in range(fewest, fewest + 4):  # two-column characters may not fill a line of odd width
        for target in range(-(-total // count), cols + 1):
            lines = _filled(tokens, target, cell_len)
            if len(lines) <= count and all(cell_len(line) <= cols for line in lines):
                return "\n".join(lines)
    return text


def _filled(tokens: list[str], target: int, cell_len) -> list[str]:
    """Tokens filled into lines of about `target` columns, the marks kept with their words."""
    from govinfo.core.text import LINE_CLOSERS, LINE_OPENERS
    lines, line = [], ""
    for token in tokens:
        if line and cell_len(line + token) > target and token not in LINE_CLOSERS:
            carried = ""
            while line and line[-1] in LINE_OPENERS:  # an opening mark goes down with the word it opens
                carried, line = line[-1] + carried, line[:-1]
            if line:
                lines.append(line)
            line = carried
        line += token
    if line:
        lines.append(line)
    return lines
