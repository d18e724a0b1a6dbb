"""What counts as text: printable characters, tab and newline; nothing that drives a terminal.

Control characters and escape sequences in a title or a unit name would crash a renderer (Word's
XML refuses them) or repaint the clerk's console; they are refused where text enters govinfo.
"""
from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls except tab and newline (and CR, which line-ending normalisation removes),
# DEL, and the bidirectional overrides that make a line read differently from what it holds.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A one-line field also refuses U+2028/U+2029, line breaks to YAML: a title holding one came back
# from its file with a space in its place.
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def bad_character(text: str, one_line: bool = False) -> tuple[int, str] | None:
    """(0-based line, a name for it) of the first control character in `text`, or None."""
    m = (_CONTROL_ONE_LINE if one_line else _CONTROL).search(text)
    if m is None:
        return None
    ch = m.group()
    kind = "文字方向控制符，看不见，却让文字显示的顺序与实际不同" if "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069" \
        else "控制字符"
    if ch in "\u2028\u2029":
        kind = "段落分隔符" if ch == "\u2029" else "行分隔符"
        kind += "，看不见，这里却会被当作换行"
    name = "换行" if ch in "\r\n" else ("Tab" if ch == "\t" else
                                       ("ESC（终端控制序列）" if ch == "\x1b" else f"U+{ord(ch):04X} {kind}"))
    return text.count("\n", 0, m.start()), name


# Chinese line-breaking (禁则): a line may not begin with a closing mark nor end with an opening
# one. Shared by the title breaker (render/titles) and the console's folding (render/console).
LINE_OPENERS = "（「『《〈【〔“‘"
LINE_CLOSERS = "，。、；：？！）」』》〉】〕”’％…—"

CONTROL_HINT = "删除这个看不见的控制字符（常见于从网页或其他系统复制的文字），重新输入后再试"


_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def file_name_part(text: str, limit: int = 40) -> str:
    """Text as part of a file name on Windows as well as Linux: no \\ / : * ? " < > | or controls."""
    return _NOT_IN_FILE_NAMES.sub("", text).strip(" .")[:limit]


def shown(text: str) -> str:
    """Text safe to print as a name the user did not choose through govinfo (a file name, a sheet's
    cell): every control, escape or direction character, and any undecodable byte, shown as ?."""
    return "".join("?" if (not ch.isprintable() and ch not in "\t") or 0xD800 <= ord(ch) <= 0xDFFF
                   or unicodedata.category(ch) == "Cf" else ch for ch in text)
