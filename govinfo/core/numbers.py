"""The one number policy: how points, money and percentages are written, in text and in JSON.

- Points are exact decimals, shown to at most two places with trailing zeros dropped: 9, 0.3, 2.25.
- In JSON a point total is a JSON number with the same digits (9, not 9.0 or "9").
- Money is yuan to the fen with thousands separators (1,570.50); in capitals for finance forms.
- A percentage is a share of 1 shown to one place (12.5%); in JSON it stays a share of 1, a number
  to four places (0.125).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def fmt_points(value) -> str:
    """9 and 9.00 and 9.0 all print as 9; 0.1 + 0.2 prints as 0.3; halves round up (0.125 -> 0.13),
    as money and percentages do."""
    text = f"{Decimal(value).quantize(CENT, ROUND_HALF_UP):f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


def json_number(value):
    """A JSON number with the same digits as fmt_points()."""
    text = fmt_points(value)
    return int(text) if "." not in text else float(text)


def cell_number(value: Decimal):
    """A spreadsheet number: whole values as integers, the rest as floats."""
    return int(value) if value == value.to_integral_value() else float(value)


def points_cell(value) -> int | float:
    """Points in a spreadsheet cell: the digits fmt_points() shows (1/3 of a point is 0.33)."""
    return cell_number(Decimal(fmt_points(value)))


def money_cell(amount) -> Decimal:
    """Money in a spreadsheet cell: yuan to the fen, halves up, as fmt_money() shows it."""
    return Decimal(amount).quantize(CENT, ROUND_HALF_UP)


def fmt_money(amount) -> str:
    return f"{money_cell(amount):,.2f}"


def percent(ratio) -> Decimal:
    """A share of 1 as a percentage to one place, halves rounded up: 0.1255 -> 12.6."""
    return (Decimal(str(ratio)) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def fmt_percent(ratio) -> str:
    """A share of 1 as a percentage to one place: 0.125 -> 12.5%."""
    return f"{percent(ratio):f}%"


def json_ratio(ratio):
    """A share of 1 in JSON: a number to four places (0.1255), never a formatted string; None stays null."""
    return None if ratio is None else float(Decimal(str(ratio)).quantize(Decimal("0.0001"), ROUND_HALF_UP))


DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ["", "拾", "佰", "仟"]
GROUPS = ["", "万", "亿", "万亿"]


def rmb_upper(amount: Decimal) -> str:
    """An amount in yuan in the capital numerals finance forms use: 1570.50 -> 壹仟伍佰柒拾元伍角整."""
    fen = int((amount * 100).quantize(Decimal(1), ROUND_HALF_UP))
    if fen == 0:
        return "零元整"
    yuan, jiao, cent = fen // 100, fen // 10 % 10, fen % 10
    text = ""
    if yuan:
        digits = str(yuan)
        groups = [digits[max(0, i - 4):i] for i in range(len(digits), 0, -4)][::-1]
        for g, group in enumerate(groups):
            part, zero = "", False
            for pos, ch in enumerate(group.zfill(4)):
                d = int(ch)
                if d == 0:
                    zero = bool(part) or bool(text)
                    continue
                if zero:
                    part += "零"
                    zero = False
                part += DIGITS[d] + UNITS[3 - pos]
            if part:
                if text and group.zfill(4)[0] == "0" and not text.endswith("零"):
                    part = "零" + part if not part.startswith("零") else part
                text += part + GROUPS[len(groups) - 1 - g]
        text += "元"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan and cent:
        text += "零"
    if cent:
        text += DIGITS[cent] + "分"
    else:
        text += "整"
    return text
