"""GB/T 9704-2012 《党政机关公文格式》 as numbers, shared by the HTML and the .docx renderers."""
from __future__ import annotations

from markupsafe import Markup
from decimal import Decimal

PAGE_MM = (210, 297)                                         # A4
MARGIN_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # text area 156 × 225 mm
TEXT_WIDTH_MM = 156
FOOTER_MM = 25            # page number about 7 mm below the text area
LINE_PT = Decimal("28.95")  # 225 mm / 22 lines, exactly
CHAR_SPACING_TWENTIETHS = -5  # 16 pt − 0.25 pt: 28 characters fill 441 of the 442.2 pt line, 29 do not
BODY_PT = 16              # 3号
TITLE_PT = 22             # 2号
FOOTER_PT = 14            # 4号
TABLE_PT = 9              # 小五, for the attachment tables: fifteen columns fit 156 mm
TABLE_LINE_PT = 12
TABLE_CELL_MARGIN_MM = 1
TABLE_ROW_MM = 7           # rows at least this tall, so a printed table can be read and written on
RED = "FF0000"
MARK_TOP_MM = 35          # 发文机关标志: upper edge 35 mm below the text area's top (下行文)
MARK_MAX_PT = 42

# Font families with fallbacks: the office's fonts first, then Windows, macOS and Linux stand-ins.
FONTS = {
    "fangsong": ["仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Noto Sans CJK SC"],
    "heiti": ["黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "WenQuanYi Zen Hei"],
    "kaiti": ["楷体_GB2312", "楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC", "Noto Sans CJK SC"],
    "biaosong": ["方正小标宋简体", "方正小标宋_GBK", "华文中宋", "STZhongsong", "宋体", "Noto Serif CJK SC",
                 "Noto Sans CJK SC"],
    "songti": ["宋体", "SimSun", "STSong", "Noto Serif CJK SC", "Noto Sans CJK SC"],
}
LATIN = "Times New Roman"
# What Word should take when the first choice is missing; 宋体 is on every Chinese Windows.
WORD_ALT = {"方正小标宋简体": "宋体"}


def css_string(text: str) -> Markup:
    """A CSS string literal, built as CSS (quotes and backslashes escaped the CSS way), marked safe
    so that HTML autoescaping does not turn its quotes into &#34; (browsers and LibreOffice then
    drop the whole rule). Nothing that could end the <style> element gets through."""
    if any(ch in text for ch in "<>\n\r"):
        raise ValueError(f"not a font name: {text!r}")
    return Markup('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')


def css_family(kind: str) -> Markup:
    return Markup(", ".join(css_string(f) for f in FONTS[kind]) + ", serif")


def column_mm(shares: list[float]) -> list[float]:
    """A table's column widths in millimetres, from their relative shares: together the text width."""
    scale = TEXT_WIDTH_MM / sum(shares)
    return [round(w * scale, 1) for w in shares]


def mm_to_pt(mm: float) -> Decimal:
    return (Decimal(str(mm)) * 72 / Decimal("25.4")).quantize(Decimal("0.1"))


def text_width(text: str) -> Decimal:
    """Width in characters of 3号: ASCII (digits in dates) is half a character."""
    return sum((Decimal("0.5") if ord(ch) < 128 else Decimal(1) for ch in text), Decimal(0))


DATE_RIGHT_CHARS = 4  # 成文日期右空四字


def signature_indents(signer: str, date_text: str) -> tuple[Decimal, Decimal]:
    """Right indents (in characters) of the 发文机关署名 and the 成文日期 below it.

    A sealed notice (GB/T 9704-2012 7.3.5.1): the date is set four characters in from the right,
    and the issuer's name is centred on the date. The widths count digits as half a character, which
    holds because these paragraphs turn off the space Word adds between Chinese and digits.
    """
    date_right = Decimal(DATE_RIGHT_CHARS)
    signer_right = date_right + (text_width(date_text) - text_width(signer)) / 2
    return max(signer_right, Decimal(0)), date_right


def mark_size(name: str) -> Decimal:
    """Font size of the red issuing-office mark so that it fits the text width on one line."""
    fit = mm_to_pt(TEXT_WIDTH_MM) / max(text_width(name), 1) * Decimal("0.95")
    return min(Decimal(MARK_MAX_PT), fit).quantize(Decimal("1"))
