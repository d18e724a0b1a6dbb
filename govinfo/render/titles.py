"""Breaking a long title into lines as GB/T 9704 7.3.1 asks: 回行时词意完整、排列对称、长短适宜.

A line may end only between two words (jieba, a well-kept Chinese word segmenter, finds them; the
office's unit and publication names are taken as words), never inside a number or a Latin word,
never before a closing mark or after an opening one, and preferably after punctuation. Among the
allowed breaks the most balanced set of lines wins; between two about as balanced, the longer first
(梯形) or the middle is longest (菱形). An office can also give the breaks itself with `|`.
"""
from __future__ import annotations

import logging
from decimal import Decimal
from functools import lru_cache

from govinfo.core.text import LINE_CLOSERS, LINE_OPENERS

GOOD_AFTER = "，、：；—”》）"
MANUAL_BREAK = "|"
JOINERS = "和与及、的之"  # a line should not start with a word that joins it to the line before
# Set phrases of 政务信息 titles that a general dictionary cuts in two (多措/并举).
PHRASES = ("多措并举", "扎实推进", "提质增效", "提档升级", "走深走实", "落地见效", "见行见效", "凝心聚力",
           "攻坚克难", "真抓实干", "守正创新", "统筹推进", "全力以赴", "精准施策", "靶向发力", "压实责任",
           "化险为夷", "取得实效", "取得明显成效", "稳中有进", "稳中向好", "提速增效", "减负增效", "强基固本",
           "固本强基", "以点带面", "齐抓共管", "群防群治", "未雨绸缪", "防患未然", "常态长效", "长效常治")


def width(text: str) -> Decimal:
    """Width in full-width characters: ASCII (digits in dates) is half a character."""
    return sum((Decimal("0.5") if ord(ch) < 128 else Decimal(1) for ch in text), Decimal(0))


@lru_cache(maxsize=1)
def _segmenter():
    import jieba  # imported late: only documents with long titles need it (it loads a dictionary)
    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=512)
def word_boundaries(text: str, keep: tuple[str, ...] = ()) -> frozenset[int]:
    """Indices i where a line may break before text[i]."""
    jieba = _segmenter()
    for word in keep:
        if word:
            jieba.add_word(word)
    cuts = {start for _, start, _ in jieba.tokenize(text)} - {0}
    for word in keep:  # a name the office gave is never split, whatever the dictionary says
        start = text.find(word)
        while word and start >= 0:
            cuts -= set(range(start + 1, start + len(word)))
            start = text.find(word, start + 1)
    return frozenset(i for i in cuts if _breakable(text, i))


def _breakable(text: str, i: int) -> bool:
    a, b = text[i - 1], text[i]
    if b in LINE_CLOSERS or a in LINE_OPENERS:
        return False
    return not (a.isascii() and a.isalnum() and b.isascii() and b.isalnum())


def title_lines(text: str, per_line: int, keep: tuple[str, ...] = ()) -> list[str]:
    """The title in as few lines of at most `per_line` characters as it needs, broken between words."""
    if MANUAL_BREAK in text:
        return [part.strip() for part in text.split(MANUAL_BREAK) if part.strip()]
    if width(text) <= per_line:
        return [text]
    lines = -(-int(width(text)) // per_line)
    allowed = word_boundaries(text, tuple(keep) + PHRASES)
    anywhere = frozenset(i for i in range(1, len(text)) if _breakable(text, i))
    # between words with one or two lines more if need be; inside a word only when nothing else fits
    for breaks in (allowed, anywhere):
        for count in (lines, lines + 1, lines + 2):
            found = _best(text, per_line, count, breaks)
            if found:
                return found
    return _filled(text, per_line, anywhere)


MAX_BALANCED_LINES = 6  # a title of more lines (a template's mistake) is filled line by line instead


def _best(text: str, per_line: int, count: int, allowed: frozenset[int]) -> list[str] | None:
    """The most balanced split of `text` into `count` lines at allowed breaks, by dynamic programming
    over the break positions (cost: distance of each line from the average width, less a bonus for a
    break after punctuation, more for a line opening with 和 and the like, and for a short first line
    of two)."""
    if count > MAX_BALANCED_LINES:
        return _filled(text, per_line, allowed)
    target = width(text) / count
    cuts = [0] + sorted(i for i in allowed if 0 < i < len(text)) + [len(text)]
    widths = {}

    def line_cost(a: int, b: int):
        w = widths.setdefault((a, b), width(text[a:b]))
        if w > per_line:
            return None
        cost = abs(w - target)
        if b < len(text):
            cost -= Decimal(2) if text[b - 1] in GOOD_AFTER else 0
            cost += Decimal("2.5") if text[b] in JOINERS else 0
        return cost

    # best[k][j]: (cost, previous cut) of the first k lines ending at cuts[j]
    best: list[dict[int, tuple]] = [{0: (Decimal(0), None)}]
    for k in range(1, count + 1):
        row: dict[int, tuple] = {}
        for j in range(1, len(cuts)):
            for i, (cost, _) in best[k - 1].items():
                if i >= j:
                    continue
                c = line_cost(cuts[i], cuts[j])
                if c is None:
                    continue
                if k == 1 and count == 2:
                    c += Decimal("0.5") if width(text[:cuts[j]]) < width(text[cuts[j]:]) else 0  # 梯形
                if j not in row or cost + c < row[j][0]:
                    row[j] = (cost + c, i)
        best.append(row)
    end = len(cuts) - 1
    if end not in best[count]:
        return None
    parts, j = [], end
    for k in range(count, 0, -1):
        i = best[k][j][1]
        parts.append(text[cuts[i]:cuts[j]])
        j = i
    return parts[::-1]


def _filled(text: str, per_line: int, allowed: frozenset[int]) -> list[str]:
    """Lines filled one after another, each broken at the last allowed break that fits (one pass)."""
    lines, start, used, last_break = [], 0, Decimal(0), None
    i = 0
    while i < len(text):
        w = Decimal("0.5") if ord(text[i]) < 128 else Decimal(1)
        if used + w > per_line and i > start:
            end = last_break if last_break and last_break > start else i
            lines.append(text[start:end])
            start, used, last_break, i = end, Decimal(0), None, end
            continue
        used += w
        i += 1
        if i in allowed:
            last_break = i
    return lines + [text[start:]]


def fit(text: str, size_pt: float) -> list[str]:
    """The title's lines on the type area of the page (156 mm) at `size_pt`."""
    from govinfo.render import gbt9704 as g
    return title_lines(text, int(g.mm_to_pt(g.TEXT_WIDTH_MM) / Decimal(str(size_pt))))
