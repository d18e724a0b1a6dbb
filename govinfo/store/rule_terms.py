"""The terms of a 计分办法 beyond "N points an adoption": quotas of any span and count, base
points, penalties chosen within a range, how an adoption's route and format price it, an
adoption-rate threshold, and converting a total to an assessment score.

Each term is an immutable value parsed from rules/points.yaml with the line of every key (the
reader `r` is rules._Reader), so `explain` can name the rule behind a point.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from govinfo.core.diagnostics import error
from govinfo.core.suggest import did_you_mean

SPANS = {"week": "周", "month": "月", "quarter": "季度", "half": "半年", "year": "年"}
BASE_SPANS = ("month", "quarter", "half", "year")
COUNTS = {"submitted": "报送", "adopted": "采用", "qualified": "合格"}
CONVERSIONS = ("top", "target", "cap", "factor")
ROUTES = {"direct": "单位直报", "forwarded": "本办转报"}


@dataclass(frozen=True)
class Quota:
    """A target over a span (week … year): a count of items (submitted, adopted or judged
    qualified, optionally of some item categories only), with points for meeting it, for missing
    it and for each item beyond it."""
    key: str                            # its rules path, for the line behind each point
    name: str
    span: str                           # week | month | quarter | half | year
    minimum: int
    count: str = "submitted"            # submitted | adopted | qualified
    item_categories: tuple[str, ...] = ()  # empty: every category
    met_points: Decimal = Decimal(0)
    missed_points: Decimal = Decimal(0)
    missed_per_item: Decimal = Decimal(0)  # for each item short of the minimum (每少1篇扣1分)
    extra_points: Decimal = Decimal(0)  # for each item beyond the minimum
    extra_max: int | None = None        # at most this many items beyond it are paid


@dataclass(frozen=True)
class Base:
    """Base points a unit gets for each span (机构健全 20 a year; 10 a month, at most 120 a year),
    withheld in a span below the category's quota when `requires_quota`, or forfeited by a penalty."""
    key: str
    name: str
    span: str                           # month | quarter | half | year
    points: Decimal
    cap_per_year: Decimal | None = None
    requires_quota: bool = False


@dataclass(frozen=True)
class RouteTerm:
    """How an adoption that came by one route (直报 / 转报) scores: its own points, or × multiplier."""
    points: Decimal | None = None
    multiplier: Decimal = Decimal(1)


@dataclass(frozen=True)
class Format:
    """One format of an outlet (简讯 1, 全文 3; website text 1, picture 0.5)."""
    key: str
    name: str
    points: Decimal


@dataclass(frozen=True)
class AdoptionRate:
    """Points (a deduction) for a span in which a unit's 录用率 is under a threshold."""
    span: str
    below: Decimal                      # a ratio: 0.3 for 30%
    points: Decimal


@dataclass(frozen=True)
class Conversion:
    """The raw total converted to an assessment score, shown beside it (综合目标考核分)."""
    name: str
    method: str                         # top | target | cap | factor
    full: Decimal | None = None         # the score of the top unit / at the target / the cap
    factor: Decimal | None = None       # method factor: points × factor (capped at full if given)
    places: int = 2


def _list_of_mappings(r, node, key: str, path: str) -> list:
    value = node.get(key) if isinstance(node, dict) else None
    if value is None:
        return []
    r.lines[path] = r.at(node, key)
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        r.diags.append(error(r.at(node, key), "RULES-TYPE", f"“{path}”应是一项或多项“键: 值”的映射",
                             "每项以“- ”开头，如 - {span: month, minimum: 8}"))
        return []
    return value


def _choice(r, node, key: str, path: str, allowed, default: str) -> str:
    value = r.text(node, key, path, default=default)
    if value not in allowed:
        shown = "、".join(f"{k}（{v}）" for k, v in allowed.items()) if isinstance(allowed, dict) else "、".join(allowed)
        r.diags.append(error(r.at(node, key), "RULES-TYPE", f"“{path}”只能是 {shown}，现在是“{value}”",
                             did_you_mean(value, list(allowed))))
        return default
    return value


def category_list(r, node, key: str, path: str, known: tuple[str, ...]) -> tuple[str, ...]:
    """A list of item categories at node[key] (one category may be written alone), each checked."""
    value = node.get(key) if isinstance(node, dict) else None
    if value is None:
        return ()
    r.lines[path] = r.at(node, key)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        r.diags.append(error(r.at(node, key), "RULES-TYPE", f"“{path}”应是信息类别的列表"))
        return ()
    for cat in value:
        if known and str(cat) not in known:
            r.diags.append(error(r.at(node, key), "UNKNOWN-CATEGORY", f"信息类别“{cat}”不在 item_categories 中",
                                 did_you_mean(cat, known)))
    return tuple(str(c) for c in value)


def parse_quotas(r, node, path: str, item_categories: tuple[str, ...]) -> tuple[Quota, ...]:
    """unit_categories.<key>.quotas: a list of targets, each scored on its own."""
    out = []
    for n, q in enumerate(_list_of_mappings(r, node, "quotas", path + ".quotas")):
        p = f"{path}.quotas.{n}"
        r.lines[p] = r.at(node, "quotas")
        span = _choice(r, q, "span", p + ".span", SPANS, "month")
        count = _choice(r, q, "count", p + ".count", COUNTS, "submitted")
        minimum = r.number(q, "minimum", p + ".minimum", integer=True)
        for key in ("minimum", "extra_max"):
            if isinstance(q.get(key), int) and not isinstance(q.get(key), bool) and q.get(key) < 0:
                r.diags.append(error(r.at(q, key), "RULES-RANGE", f"“{p}.{key}”不能是负数，现在是“{q.get(key)}”"))
        label = f"每{SPANS[span]}{COUNTS[count]}"
        out.append(Quota(p, r.text(q, "name", p + ".name", default=label), span, minimum, count,
                         category_list(r, q, "item_categories", p + ".item_categories", item_categories),
                         r.number(q, "met_points", p + ".met_points", default=Decimal(0)),
                         r.number(q, "missed_points", p + ".missed_points", default=Decimal(0)),
                         r.number(q, "missed_per_item", p + ".missed_per_item", default=Decimal(0)),
                         r.number(q, "extra_points", p + ".extra_points", default=Decimal(0)),
                         r.optional(q, "extra_max", p + ".extra_max", integer=True)))
    return tuple(out)


def parse_bases(r, node, path: str) -> tuple[Base, ...]:
    """unit_categories.<key>.base: one base or a list of them."""
    out = []
    for n, b in enumerate(_list_of_mappings(r, node, "base", path + ".base")):
        p = f"{path}.base.{n}"
        r.lines[p] = r.at(node, "base")
        span = _choice(r, b, "span", p + ".span", {k: SPANS[k] for k in BASE_SPANS}, "year")
        out.append(Base(p, r.text(b, "name", p + ".name", default="基础分"), span, r.number(b, "points", p + ".points", positive=True),
                        r.optional(b, "cap_per_year", p + ".cap_per_year"),
                        r.flag(b, "requires_quota", False, p + ".requires_quota")))
    return tuple(out)


def parse_routes(r, node, path: str) -> dict | None:
    """publications.<key>.routes: {direct|forwarded: {points, multiplier}}; a route not listed scores 0."""
    value = r.mapping(node, "routes", path + ".routes", required=False)
    if not value:
        return None
    out = {}
    for route, term in value.items():
        p = f"{path}.routes.{route}"
        if str(route) not in ROUTES:
            r.diags.append(error(r.at(value, route), "RULES-KEY", f"途径“{route}”无效：只能是 direct（单位直报）或 forwarded（本办转报）",
                                 did_you_mean(route, list(ROUTES))))
            continue
        r.lines[p] = r.at(value, route)
        if not isinstance(term, dict):  # routes: {forwarded: 2} is a multiplier
            out[str(route)] = RouteTerm(None, r.number(value, route, p))
            continue
        out[str(route)] = RouteTerm(r.optional(term, "points", p + ".points", positive=True),
                                    r.number(term, "multiplier", p + ".multiplier", default=Decimal(1)))
    return out


def parse_formats(r, node, path: str) -> dict:
    """publications.<key>.formats: {key: {name, points}}; the first is the default of an adoption."""
    value = r.mapping(node, "formats", path + ".formats", required=False)
    out = {}
    for key, term in value.items():
        p = f"{path}.formats.{key}"
        if not isinstance(term, dict):
            r.diags.append(error(r.at(value, key), "RULES-TYPE", f"“{p}”应写成 {{name: 名称, points: 分值}}",
                                 "如 picture: {name: 图片, points: 0.5}"))
            continue
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", str(key)):
            r.diags.append(error(r.at(value, key), "RULES-KEY", f"格式的键名“{key}”只能用字母、数字和下划线",
                                 "如 brief: {name: 简讯, points: 1}（登记时用 govinfo adopt --format brief）"))
            continue
        out[str(key)] = Format(str(key), r.text(term, "name", p + ".name", default=str(key)),
                               r.number(term, "points", p + ".points", positive=True))
    return out


def parse_category_points(r, node, path: str, known: tuple[str, ...]) -> dict:
    """publications.<key>.category_points: {item category: points} (理论调研类 20, 政务类 10)."""
    value = r.mapping(node, "category_points", path + ".category_points", required=False)
    out = {}
    for cat in value:
        if str(cat) not in known:
            r.diags.append(error(r.at(value, cat), "UNKNOWN-CATEGORY", f"信息类别“{cat}”不在 item_categories 中",
                                 did_you_mean(cat, known)))
            continue
        out[str(cat)] = r.number(value, cat, f"{path}.category_points.{cat}", positive=True)
    return out


@dataclass(frozen=True)
class Solicited:
    """Items answering a call for articles (约稿): points for each answered by its deadline, and
    an adoption's points at the office's own level (广元: 约稿信息采用1条计5分)."""
    answered_points: Decimal = Decimal(0)
    adopted_points: Decimal | None = None
    publications: tuple[str, ...] = ()  # where adopted_points applies; empty: every publication at the office's own level


def parse_solicited(r, data, publications: dict) -> Solicited:
    node = r.mapping(data, "solicited", "solicited", required=False)
    pubs = node.get("publications") if isinstance(node, dict) else None
    pubs = [pubs] if isinstance(pubs, str) else pubs or []
    if not isinstance(pubs, list):
        r.diags.append(error(r.at(node, "publications"), "RULES-TYPE", "solicited.publications 应是刊物键名的列表"))
        pubs = []
    for key in pubs:
        if str(key) not in publications:
            r.diags.append(error(r.at(node, "publications"), "UNKNOWN-PUB", f"刊物“{key}”不在 publications 中",
                                 did_you_mean(key, publications)))
    return Solicited(r.number(node, "answered_points", "solicited.answered_points", default=Decimal(0)),
                     r.optional(node, "adopted_points", "solicited.adopted_points"), tuple(str(k) for k in pubs))


def parse_rate(r, node, key: str, path: str) -> Decimal:
    """A share written 30%, 0.3 or 30 (a whole number above 1 is read as a percentage)."""
    value = node.get(key) if isinstance(node, dict) else None
    if value is None:
        r.diags.append(error(r.at(node, key), "RULES-FIELD", f"规则缺少“{path}”（如 30%）"))
        return Decimal(0)
    r.lines[path] = r.at(node, key)
    text = str(value).strip().replace("％", "%")
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        rate = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        if not text.endswith("%") and 1 < rate <= 100:  # 30 means 30%
            rate /= 100
        if not rate.is_finite() or rate < 0 or rate > 1:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        r.diags.append(error(r.at(node, key), "RULES-TYPE", f"“{path}”应是百分比（如 30%），现在是“{value}”"))
        return Decimal(0)
    return rate


def parse_adoption_rate(r, data) -> AdoptionRate | None:
    node = r.mapping(data, "adoption_rate", "adoption_rate", required=False)
    if not node:
        return None
    span = _choice(r, node, "span", "adoption_rate.span", {k: SPANS[k] for k in BASE_SPANS}, "quarter")
    return AdoptionRate(span, parse_rate(r, node, "below", "adoption_rate.below"),
                        r.number(node, "points", "adoption_rate.points"))


def parse_conversion(r, data) -> Conversion | None:
    node = r.mapping(data, "conversion", "conversion", required=False)
    if not node:
        return None
    method = _choice(r, node, "method", "conversion.method", CONVERSIONS, "top")
    full = r.optional(node, "full", "conversion.full")
    factor = r.optional(node, "factor", "conversion.factor")
    if method in ("top", "target", "cap") and full is None:
        r.diags.append(error(r.at(node, "method"), "RULES-FIELD", f"conversion.method: {method} 需要 full（满分）", "如 full: 100"))
    if method == "factor" and factor is None:
        r.diags.append(error(r.at(node, "method"), "RULES-FIELD", "conversion.method: factor 需要 factor（每分折合多少）", "如 factor: 0.1"))
    places = r.number(node, "places", "conversion.places", default=2, integer=True)
    if not 0 <= places <= 4:
        r.diags.append(error(r.at(node, "places"), "RULES-RANGE", f"conversion.places 应在 0 到 4 之间，现在是“{places}”"))
    if full is not None and full <= 0:
        r.diags.append(error(r.at(node, "full"), "RULES-RANGE", f"conversion.full 应大于 0，现在是“{full}”", "如 full: 100"))
    return Conversion(r.text(node, "name", "conversion.name", default="考核分"), method, full, factor, max(0, min(places, 4)))
