"""Ranks: ties share a rank (1, 2, 2, 4) and keep roster order among themselves."""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Callable, Sequence


def competition_ranks(values: Sequence[Decimal]) -> list[int]:
    """Rank of each value, highest first; equal values share the better rank."""
    order = sorted(range(len(values)), key=lambda i: -values[i])
    ranks = [0] * len(values)
    for pos, i in enumerate(order):
        ranks[i] = ranks[order[pos - 1]] if pos and values[i] == values[order[pos - 1]] else pos + 1
    return ranks


def ranked_order(rows: list, key: Callable) -> list:
    """Rows by rank, roster order kept among equals (sorted() is stable)."""
    return sorted(rows, key=lambda r: -key(r))


def assign_ranks(scores: list, rules) -> list:
    """The scores with their overall and per-category ranks, as new values (none at all when the
    rules publish no ranks); the scores passed in are not changed."""
    if not rules.publish_ranks:
        return [replace(s, rank=None, category_rank=None) for s in scores]
    pool = [s for s in scores if s.ranked]
    overall = {s.unit.code: r for s, r in zip(pool, competition_ranks([s.total for s in pool]))}
    within: dict[str, int] = {}
    for cat in {s.unit.category for s in pool}:
        group = [s for s in pool if s.unit.category == cat]
        within.update({s.unit.code: r for s, r in zip(group, competition_ranks([s.total for s in group]))})
    return [replace(s, rank=overall.get(s.unit.code), category_rank=within.get(s.unit.code)) for s in scores]


@dataclass(frozen=True)
class RankList:
    """One category's units for `govinfo rank`: all of them, or the top and bottom N."""
    category: object          # the rules' UnitCategory
    picked: dict              # "all" | "top" | "bottom" -> scores, best first


def rank_lists(report, top: int | None = None, bottom: int | None = None) -> list[RankList]:
    """Per category, the ranked units, or the top `top` and bottom `bottom` (ties included); a
    count below 1 asks for nothing (the command line refuses it)."""
    if (top is not None and top < 1) or (bottom is not None and bottom < 1):
        raise ValueError("top and bottom count from 1")
    out = []
    for key, cat in report.rules.unit_categories.items():
        rows = sorted((s for s in report.units if s.unit.category == key and s.ranked), key=lambda s: s.category_rank)
        if not rows:
            continue
        asked = (top or 0) + (bottom or 0)
        if (top is None and bottom is None) or asked >= len(rows):  # a small category: the whole ranking, once
            picked = {"all": rows}
        else:
            picked = {}
            if top is not None:
                picked["top"] = [s for s in rows if s.category_rank <= top]
            if bottom is not None:
                cutoff = sorted(s.category_rank for s in rows)[max(0, len(rows) - bottom)]
                shown = {s.unit.code for s in picked.get("top", [])}
                picked["bottom"] = [s for s in rows if s.category_rank >= cutoff and s.unit.code not in shown]
        out.append(RankList(cat, picked))
    return out
