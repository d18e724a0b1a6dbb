"""Archive search (seed 004 第二十五条: 检索制度): titles and bodies, Chinese found as a plain
substring, so no word segmentation is needed and nothing is missed for want of a dictionary.

Every word of the query must occur (in the title or the body). Hits are ranked by where and how
often the words occur: a word in the title counts three times, each occurrence in the body once;
newer items first among equals. Filters: unit, date range, category, adopted or not, level.
Reading goes through the index cache, so a repeated search costs about a stat per file.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from govinfo.core.diagnostics import Source, UserError, error
from govinfo.check.loader import load
from govinfo.store.records import Adoption
from govinfo.store.items import Item
from govinfo.store.index import Words
from govinfo.store.workspace import Workspace

SNIPPET = 28  # characters of context either side of the first hit in the body


@dataclass(frozen=True)
class Hit:
    item: Item
    score: int
    levels: tuple[str, ...]          # levels it was adopted at, lowest first
    snippet: str                     # the body around the first hit, one line
    spans: tuple[tuple[str, int, int], ...]  # (title|snippet, start, end) of every occurrence, for highlighting


def _spans(text: str, words: list[str], where: str) -> list[tuple[str, int, int]]:
    out = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            out.append((where, at, at + len(word)))
            at = text.find(word, at + len(word))
    return out


def _snippet(body: str, words: list[str]) -> str:
    flat = " ".join(body.split())
    first = min((flat.find(w) for w in words if w in flat), default=-1)
    if first < 0:
        return flat[:SNIPPET * 2] + ("…" if len(flat) > SNIPPET * 2 else "")
    start = max(0, first - SNIPPET)
    end = min(len(flat), first + SNIPPET * 2)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def search(ws: Workspace, query: str, unit: str | None = None, start: date | None = None, end: date | None = None,
           category: str | None = None, adopted: bool | None = None, level: str | None = None,
           limit: int | None = 50) -> tuple[list[Hit], int]:
    """(best hits up to `limit`, number of hits in all)."""
    rules = ws.require_rules()
    words = query.split()
    where = Source("govinfo search")
    if not words:
        raise UserError(error(where, "USAGE", "请给出要查找的词", "如 govinfo search 秋粮收购；几个词用空格隔开，须同时出现"))
    if unit is not None:
        unit = ws.require_units([unit], "search")[0]
    if level is not None:
        from govinfo.store import names
        level = names.pick(level, [names.Choice(k, v) for k, v in rules.levels.items()], "级别", "govinfo search --level")
    if category is not None:
        category = ws.name_key("item_category", category, "search", "--category")
    if start and end and start > end:
        raise UserError(error(where, "USAGE", f"--from {start} 晚于 --to {end}"))
    first = (start.year, start.month) if start else None
    last = (end.year, end.month) if end else None
    # Only the items holding every word are decoded (the local index tests its text first).
    data = load(ws, items=(first, last), records=(first, None), kinds=("adopt",), named_items=False, match=Words(words))
    items = data.items
    adoption_levels: dict[str, set[str]] = {}
    for rec in data.of_kind(Adoption):
        adoption_levels.setdefault(rec.item, set()).add(rules.publications[rec.pub].level)  # the loader checked pub
    order = list(rules.levels)
    hits = []
    for item in items:
        day = item.submitted.date()
        if (unit and unit not in item.units) or (category and item.category != category) \
                or (start and day < start) or (end and day > end):
            continue
        levels = tuple(sorted(adoption_levels.get(item.id, ()), key=order.index))
        if (adopted is True and not levels) or (adopted is False and levels) or (level and level not in levels):
            continue
        snippet = _snippet(item.body, words)
        score = sum(3 * item.title.count(w) + item.body.count(w) for w in words)
        spans = _spans(item.title, words, "title") + _spans(snippet, words, "snippet")
        hits.append(Hit(item, score, levels, snippet, tuple(spans)))
    hits.sort(key=lambda h: (-h.score, -h.item.submitted.timestamp(), h.item.id))
    return (hits[:limit] if limit else hits), len(hits)
