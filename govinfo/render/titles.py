"""Breaking a long title into lines as GB/T 9704 7.3.1 asks: 回行时词意完整、排列对称、长短适宜.

A line may end only between two words (jieba, a well-kept Chinese word segmenter, finds them; the
office's unit and publication names are taken as words), never inside a number or a Latin word,
never before a closing mark or after an opening one, and preferably after punctuation. Among the
allowed breaks the most balanced set of lines wins; where lines differ, the longer comes first
(梯形) or the middle is longest (菱形). An office can also give the breaks itself with `|`.
"""
from __future__ import annotations

import logging
from decimal import Decimal
from functools import lru_cache

OPENING = "（《“‘【〔"
CLOSING = "，。、：；！？）》”’】〕…—"
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
    if b in CLOSING or a in OPENING:
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
    for count in (lines, lines + 1):
        found = _best(text, per_line, count, allowed) or _best(text, per_line, count,
                                                                 frozenset(i for i in range(1, len(text)) if _breakable(text, i)))
        if found:
            return found
    return [text]


def _best(text: str, per_line: int, count: int, allowed: frozenset[int]) -> list[str] | None:
    """The most balanced split of `text` into `count` lines at allowed breaks (a small search:
    titles have a few dozen characters and at most three or four lines)."""
    target = width(text) / count
    best, best_cost = None, None

    def walk(start: int, left: int, cuts: list[int]):
        nonlocal best, best_cost
        rest = text[start:]
        if left == 1:
            if width(rest) > per_line:
                return
            parts = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
            widths = [width(p) for p in parts]
            cost = sum(abs(w - target) for w in widths)
            cost -= sum(Decimal(2) for c in cuts if text[c - 1] in GOOD_AFTER)
            cost += sum(Decimal("2.5") for c in cuts if text[c] in JOINERS)  # 自然资源|和规划局 reads badly
            if len(widths) == 2 and widths[0] < widths[1]:
                cost += Decimal("0.5")  # 梯形: the first line the longer one
            if best_cost is None or cost < best_cost:
                best, best_cost = parts, cost
            return
        for i in sorted(allowed):
            if i <= start:
                continue
            if width(text[start:i]) > per_line:
                break
            if width(text[i:]) > per_line * (left - 1):
                continue
            walk(i, left - 1, cuts + [i])

    walk(0, count, [])
    return best


def fit(text: str, size_pt: float) -> list[str]:
    """The title's lines on the type area of the page (156 mm) at `size_pt`."""
    from govinfo.render import gbt9704 as g
    return title_lines(text, int(g.mm_to_pt(g.TEXT_WIDTH_MM) / Decimal(str(size_pt))))
