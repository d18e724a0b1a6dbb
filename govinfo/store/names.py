"""Names wherever a code is asked. A unit by its code (in any case), its full or short name, an
alias, or a unique part of them; a publication, leader level, penalty kind or category by its
key, its Chinese name, or a unique part of it. An ambiguous part lists the candidates; an
unknown one lists every choice with key and name together."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from govinfo.core.diagnostics import Source, UserError, error

_PUNCT = re.compile(r"[\s《》〈〉（）()【】\[\]、·,，.。:：;；\"“”'‘’]")


def _plain(text: str) -> str:
    """乡（镇、区） -> 乡镇区, 《政府工作快报》 -> 政府工作快报: parts match across brackets."""
    return _PUNCT.sub("", str(text)).lower()


@dataclass(frozen=True)
class Choice:
    key: str
    name: str
    words: tuple[str, ...] = ()  # other names it answers to (short name, aliases)
    current: bool = True         # a unit on the roster today (a retired one is still found by its code)

    @property
    def shown(self) -> str:
        return f"{self.key}（{self.name}）" if self.name and self.name != self.key else self.key


def pick(query: str, choices: list[Choice], what: str, where: str) -> str:
    """The key of the one choice `query` names, or a UserError said of `where` (the option)."""
    q = str(query).strip()
    if not q:
        raise UserError(error(Source(where), "FIELD-EMPTY", f"{what}不能为空", _listing(choices)))
    for c in choices:
        if c.key.lower() == q.lower():
            return c.key
    plain = _plain(q)
    whole = _current_if_one([c for c in choices if plain in {_plain(w) for w in (c.name, *c.words) if w}])
    if len(whole) == 1:
        return whole[0].key
    # 民政 names 民政局 (its short name starts so), not every 人民政府 it happens to sit inside; only a
    # short name or alias counts here (信息 starts one penalty kind's name and ends two others: ambiguous)
    start = whole or _current_if_one([c for c in choices if plain and any(_plain(w).startswith(plain) for w in c.words if w)])
    if len(start) == 1:
        return start[0].key
    part = start or _current_if_one([c for c in choices if plain and any(plain in _plain(w) for w in (c.name, *c.words) if w)])
    if len(part) == 1:
        return part[0].key
    parents = [c for c in part if "." not in c.key]
    if len(parents) == 1 and all(c is parents[0] or c.key.startswith(parents[0].key + ".") for c in part):
        return parents[0].key  # a publication and its own columns: the publication
    if part:
        raise UserError(error(Source(where), "AMBIGUOUS", f"“{q}”对应多个{what}：" + "、".join(c.shown for c in part[:12]),
                              "写得更完整一些，或直接写键名（括号前的部分）"))
    named = {w: c for c in reversed(choices) for w in (c.key, c.name, *c.words) if w}  # the first choice wins a tie
    close = _same_number(q, [c.key for c in choices]) or difflib.get_close_matches(q, list(named), n=1, cutoff=0.5)
    hint = _listing(choices)
    if close:
        best = named[close[0]]
        hint = f"是不是“{best.shown}”？" + hint
    raise UserError(error(Source(where), f"UNKNOWN-{_CODES.get(what, 'NAME')}", f"没有“{q}”这个{what}", hint))


def named_choice(value: str, choices: list[Choice]) -> Choice | None:
    """The one choice a name written in a file stands for (`pub: 政府工作快报` where the key
    `city_express` belongs), or None: a hint can then give the key to write."""
    try:
        key = pick(value, choices, "", "")
    except UserError:
        return None
    return next(c for c in choices if c.key == key)


def _current_if_one(found: list[Choice]) -> list[Choice]:
    """Of several units a name fits, the one on the roster today when there is exactly one (the
    retired unit it replaced keeps its name in the archive)."""
    current = [c for c in found if c.current]
    return current if len(found) > 1 and len(current) == 1 else found


_CODE = re.compile(r"([A-Za-z_]+)0*(\d+)")


def _same_number(query: str, keys: list[str]) -> list[str]:
    """T1 -> T01: a code typed without its leading zero."""
    m = _CODE.fullmatch(query)
    return [k for k in keys if m and (c := _CODE.fullmatch(k)) and c[1].lower() == m[1].lower() and c[2] == m[2]][:1]


_CODES = {"单位": "UNIT", "刊物": "PUB", "上级刊物": "PUB", "自办刊物": "PUB", "级别": "LEVEL", "批示级别": "LEVEL", "扣分类型": "PENALTY", "单位类别": "CATEGORY",
          "信息类别": "CATEGORY", "格式": "FORMAT"}


def _listing(choices: list[Choice]) -> str:
    shown = [c.shown for c in choices]
    return "可选：" + "、".join(shown[:30]) + ("……（共 %d 个）" % len(shown) if len(shown) > 30 else "")


def unit_choices(units) -> list[Choice]:
    from govinfo.core.dates import today
    day = today()
    return [Choice(u.code, u.name, (u.short, *u.aliases), u.active_between(day, day)) for u in units]


def pub_choices(rules, own_only: bool = False) -> list[Choice]:
    return [Choice(k, p.name) for k, p in (rules.own_publications if own_only else rules.publications).items()]


def level_choices(rules) -> list[Choice]:
    return [Choice(k, rules.levels.get(k, k)) for k in rules.instructions]


def penalty_choices(rules) -> list[Choice]:
    return [Choice(k, p.name) for k, p in rules.penalties.items()]


def unit_category_choices(rules) -> list[Choice]:
    return [Choice(k, c.name) for k, c in rules.unit_categories.items()]


def item_category_choices(rules) -> list[Choice]:
    return [Choice(c, c) for c in rules.item_categories]


def split_list(value: str) -> list[str]:
    """城关镇,东河镇 / 城关镇，东河镇 / 城关镇、东河镇 -> the parts."""
    return [v.strip() for v in re.split(r"[,，、]", str(value)) if v.strip()]
