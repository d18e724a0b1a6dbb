"""Reporting periods: a month, quarter, half-year or year, and its year-to-date companion."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from govinfo.core.diagnostics import Source, UserError, error

QUARTER_ZH = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | half | year | ytd
    year: int
    first_month: int
    last_month: int

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        nxt = date(self.year + (self.last_month == 12), self.last_month % 12 + 1, 1)
        return nxt - timedelta(days=1)

    @property
    def months(self) -> list[tuple[int, int]]:
        return [(self.year, m) for m in range(self.first_month, self.last_month + 1)]

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.first_month:02d}"
        if self.kind == "quarter":
            return f"{self.year}Q{(self.first_month - 1) // 3 + 1}"
        if self.kind == "half":
            return f"{self.year}H{1 if self.first_month == 1 else 2}"
        if self.kind == "ytd":
            return f"{self.year}-01..{self.last_month:02d}"
        return str(self.year)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.year}年{self.first_month}月"
        if self.kind == "quarter":
            return f"{self.year}年{QUARTER_ZH[(self.first_month - 1) // 3 + 1]}"
        if self.kind == "half":
            return f"{self.year}年{'上' if self.first_month == 1 else '下'}半年"
        if self.kind == "ytd":
            return f"{self.year}年1—{self.last_month}月累计"
        return f"{self.year}年"

    @property
    def ytd(self) -> "Period":
        """1—N月累计: from January to this period's last month. A period that starts in January
        (January, Q1, the first half, the year) is its own year to date: the same object back, so
        no report shows a 累计 column equal to the period."""
        if self.first_month == 1:
            return self
        return Period("ytd" if self.last_month < 12 else "year", self.year, 1, self.last_month)

    @property
    def has_separate_ytd(self) -> bool:
        return self.ytd is not self

    @property
    def month_periods(self) -> list["Period"]:
        return [month(self.year, m) for _, m in self.months]

    def previous(self) -> "Period":
        """The period of the same kind just before (last month, last quarter…)."""
        span = self.last_month - self.first_month + 1
        if self.first_month > 1:
            return Period(self.kind, self.year, self.first_month - span, self.first_month - 1)
        return Period(self.kind, self.year - 1, 13 - span, 12)

    def last_year(self) -> "Period":
        return Period(self.kind, self.year - 1, self.first_month, self.last_month)


def shift_month(ym: tuple[int, int], months: int) -> tuple[int, int]:
    """(year, month) moved by `months` (negative: back)."""
    total = ym[0] * 12 + ym[1] - 1 + months
    return total // 12, total % 12 + 1


def month(year: int, m: int) -> Period:
    return Period("month", year, m, m)


FIRST_YEAR, LAST_YEAR = 1950, 2999


def parse_period(*, month_: str | None = None, quarter: str | None = None, half: str | None = None,
                 year: str | int | None = None, where: str = "govinfo") -> Period:
    """Exactly one of --month 2026-10, --quarter 2026Q4, --half 2026H1, --year 2026."""
    given = [(k, v) for k, v in (("--month", month_), ("--quarter", quarter), ("--half", half), ("--year", year)) if v]
    if len(given) != 1:
        raise UserError(error(Source(where), "PERIOD", "请给出且只给出一个时期：--month 2026-10、--quarter 2026Q4、"
                                                        "--half 2026H1 或 --year 2026"))
    flag, typed = given[0]
    typed = str(typed).strip()
    value = typed.upper()  # 2026q4 is 2026Q4; a mistake is quoted as it was typed
    patterns = {"--month": r"(\d{4})-(\d{1,2})", "--quarter": r"(\d{4})Q([1-4])", "--half": r"(\d{4})H([12])",
                "--year": r"(\d{4})"}
    m = re.fullmatch(patterns[flag], value)
    examples = {"--month": "2026-10", "--quarter": "2026Q4", "--half": "2026H1", "--year": "2026"}
    if not m or (flag == "--month" and not 1 <= int(m[2]) <= 12):
        raise UserError(error(Source(where), "PERIOD", f"{flag}“{typed}”格式不对", f"写成 {flag} {examples[flag]}"))
    y = int(m[1])
    if not FIRST_YEAR <= y <= LAST_YEAR:  # year 0 or 0001 would break the date arithmetic (the year before)
        raise UserError(error(Source(where), "PERIOD", f"{flag}“{typed}”的年份不对：应在 {FIRST_YEAR}—{LAST_YEAR} 年之间",
                              f"写成 {flag} {examples[flag]}"))
    if flag == "--month":
        return month(y, int(m[2]))
    if flag == "--quarter":
        q = int(m[2])
        return Period("quarter", y, 3 * q - 2, 3 * q)
    if flag == "--half":
        return Period("half", y, 1, 6) if m[2] == "1" else Period("half", y, 7, 12)
    return Period("year", y, 1, 12)


def parse_year(value: str | int, where: str = "govinfo") -> int:
    """--year 2026 wherever a command takes a year alone (awards, register, solicit list, excellent)."""
    return parse_period(year=value, where=where).year


@dataclass(frozen=True)
class Span:
    """A stretch a rule counts over (a week, month, quarter, half or year), with its Chinese label."""
    kind: str
    start: date
    end: date
    label: str

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


SPAN_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def spans_within(period: Period, kind: str) -> list[Span]:
    """The spans of `kind` a period scores: the months, quarters, halves or years lying wholly
    inside it, or the weeks (Monday to Sunday) that end inside it."""
    if kind == "week":
        first = period.start + timedelta(days=(6 - period.start.weekday()))  # the first Sunday
        out = []
        while first <= period.end:
            monday = first - timedelta(days=6)
            out.append(Span("week", monday, first, f"{monday.month}月{monday.day}日—{first.month}月{first.day}日当周"))
            first += timedelta(days=7)
        return out
    size = SPAN_MONTHS[kind]
    out = []
    for m in range(1, 13, size):
        p = Period({"month": "month", "quarter": "quarter", "half": "half", "year": "year"}[kind], period.year, m, m + size - 1)
        if period.start <= p.start and p.end <= period.end:
            out.append(Span(kind, p.start, p.end, p.label))
    return out


def begun_year(value: str | int, where: str) -> int:
    """A year to report on (awards, register): a year, and one that has begun."""
    year = parse_year(value, where)
    require_begun(Period("year", year, 1, 12), where)
    return year


def require_begun(period: "Period", where: str) -> "Period":
    """A report on a period that has not begun has nothing to show (a table of zeros, a fee sheet of
    0.00 元 would only mislead): refused, said of `where` (an option or a form's field)."""
    from govinfo.core.dates import today
    if period.start > today():
        raise UserError(error(Source(where), "PERIOD", f"{period.label}还没有开始（{period.start}开始）",
                              f"检查年份、月份是否写错；今天是 {today()}"))
    return period
