"""What records mean: checks that need the rules, the roster or another file.

Shared by `validate` (which lists every problem) and the loader (which leaves out what fails, so
that no report counts a record whose publication, level, penalty kind, unit or item is unknown).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from govinfo.core.diagnostics import Diagnostic, error, warning
from govinfo.core.suggest import did_you_mean
from govinfo.store.ids import parse_item_id
from govinfo.store.items import Item, item_path
from govinfo.store.records import (CORRECTABLE, Adoption, Call, Correction, Excellent, Feedback, Forward, Instruction,
                                    Judgement, Penalty, Record, Withdrawal)
from govinfo.store.roster import unknown_unit_hint
from govinfo.store.rules import Rules
from govinfo.store.workspace import Workspace


@dataclass
class Context:
    ws: Workspace
    rules: Rules
    items: dict[str, Item] = field(default_factory=dict)
    solicitations: dict[str, Record] = field(default_factory=dict)
    today: date = date.max


def check_unit(item: Item, ctx: Context) -> list[Diagnostic]:
    units = ctx.ws.unit_map
    out = []
    for key, code in [("unit", item.unit)] + [("joint_units", j) for j in item.joint_units]:
        if code not in units:
            roster_broken = any(d.severity == "error" and d.source.path == "rules/roster.yaml" for d in ctx.ws.diags)
            out.append(error(item.at(key), "UNKNOWN-UNIT", f"报送单位“{code}”不在花名册中",
                             "花名册 rules/roster.yaml 有错误（见最前面）：先改正它，这里多半随之恢复" if roster_broken
                             else unknown_unit_hint(code, list(units.values())) + "（花名册在 rules/roster.yaml）"))
        else:
            out += inactive_unit(item, units[code], key)
    return out


def inactive_unit(item: Item, unit, key: str = "unit") -> list[Diagnostic]:
    """An item that came in before its unit took part or after it was retired: kept, not counted."""
    day = item.submitted.date()
    if unit.active_on(day):
        return []
    if unit.active_from and day < unit.active_from:
        said, hint = (f"{unit.label}（{unit.code}）从 {unit.active_from} 起才参加计分，{day} 报送的这条信息不计分",
                      f"它那时已经在报送的话，运行 govinfo units edit {unit.code} --from 最早那一天（如 {day.replace(day=1)}）；"
                      "日期写错了就改正报送时间")
    else:
        said, hint = (f"{unit.label}（{unit.code}）报送到 {unit.active_to} 为止（已撤并），{day} 报送的这条信息不计分",
                      f"日期写错了就改正报送时间；撤并日期写错了就用正确的日期运行 govinfo units retire {unit.code} --date")
    return [warning(item.at(key), "UNIT-INACTIVE", said, hint)]


def inactive_units(ws: Workspace, item: Item) -> list[Diagnostic]:
    """inactive_unit for each of an item's units on the roster."""
    units = ws.unit_map
    return [d for n, code in enumerate(item.units) if code in units
            for d in inactive_unit(item, units[code], "unit" if n == 0 else "joint_units")]


def check_future(item: Item, ctx: Context) -> list[Diagnostic]:
    if item.submitted.date() > ctx.today:
        return [error(item.at("submitted"), "FUTURE-DATE", f"报送时间 {item.submitted.date()} 晚于今天（{ctx.today}）",
                      "检查年份和月份是否写错")]
    return []


def check_folder(item: Item, ctx: Context) -> list[Diagnostic]:
    """An item moved into another month's folder would count in that month (and be missing from
    its own, where `show` looks for it)."""
    ym = parse_item_id(item.id)
    if ym and item.source.path.split("/")[-3:-1] != [f"{ym[0]:04d}", f"{ym[1]:02d}"]:
        return [error(item.at("id"), "ITEM-FOLDER", f"信息 {item.id} 应放在 data/items/{ym[0]:04d}/{ym[1]:02d}/ 下",
                      "把文件移回编号所示的月份文件夹")]
    return []


def check_event_time(item: Item, ctx: Context) -> list[Diagnostic]:
    if item.event_time and item.event_time > item.submitted:
        return [error(item.at("event_time"), "BAD-DATE", "事件发生时间晚于报送时间", "检查 event_time 和 submitted 两行")]
    return []


def check_solicitation(item: Item, ctx: Context) -> list[Diagnostic]:
    if not item.solicitation:
        return []
    call = ctx.solicitations.get(item.solicitation)
    if call is None:
        return [error(item.at("solicitation"), "UNKNOWN-SOLICITATION", f"约稿“{item.solicitation}”不存在",
                      "用 govinfo solicit list 查看约稿编号")]
    out = []
    if not any(u in call.units for u in item.units):  # as scoring counts it: any unit of a joint item
        out.append(warning(item.at("solicitation"), "SOLICITATION-UNIT", f"约稿“{item.solicitation}”没有向单位 {item.unit} 约稿"))
    if item.submitted.date() < call.date:
        out.append(error(item.at("submitted"), "BEFORE-SOLICITATION",
                         f"报送时间 {item.submitted.date()} 早于约稿 {call.id} 的日期 {call.date}，不可能是对它的答复",
                         "检查报送时间或约稿编号"))
    return out


def check_category(item: Item, ctx: Context) -> list[Diagnostic]:
    if item.category in ctx.rules.item_categories:
        return []
    return [error(item.at("category"), "UNKNOWN-CATEGORY", f"信息类别“{item.category}”无效",
                  did_you_mean(item.category, ctx.rules.item_categories))]


def record_item(rec: Record, ctx: Context) -> Item | None:
    return ctx.items.get(rec.item) if rec.item else None


def missing_item(ctx: Context, item_id: str, at, what: str, hint: str) -> Diagnostic:
    """A reference to an item that is not among those read: truly absent (the reference is wrong),
    or a file that could not be read or was withdrawn (the reference is right: withdrawing it would
    throw away a good record)."""
    path = item_path(ctx.ws.root, item_id)
    if path is not None and path.is_file():
        rel = path.relative_to(ctx.ws.root).as_posix()
        return error(at, "ITEM-NOT-READ", f"{what}“{item_id}”的文件 {rel} 有错误或已撤销，没有计入",
                     f"先看 {rel} 自己的错误并改正，这里随之恢复；不要因此撤销这里的登记")
    return error(at, "UNKNOWN-ITEM", f"{what}“{item_id}”不存在", hint)


def check_record_item(rec: Record, ctx: Context) -> list[Diagnostic]:
    if not rec.item:
        return []
    item = record_item(rec, ctx)
    if item is None:
        return [missing_item(ctx, rec.item, rec.at("item"), "记录所指的信息",
                             "检查编号；若登记错了，用 govinfo withdraw 撤销这条记录")]
    if isinstance(rec, (Adoption, Instruction)) and rec.date < item.submitted.date():
        return [error(rec.at("date"), "RECORD-BEFORE-ITEM", f"{rec.date} 早于信息 {item.id} 的报送日期 {item.submitted.date()}",
                      "检查日期；若登记错了，用 govinfo withdraw 撤销后重新登记")]
    return []


def check_record_keys(rec: Record, ctx: Context) -> list[Diagnostic]:
    rules = ctx.rules
    from govinfo.store import names
    checks = {Adoption: ("pub", rules.publications, "UNKNOWN-PUB", "刊物", names.pub_choices),
              Instruction: ("level", rules.instructions, "UNKNOWN-LEVEL", "批示级别", names.level_choices),
              Penalty: ("penalty", rules.penalties, "UNKNOWN-PENALTY", "扣分类型", names.penalty_choices),
              Forward: ("to", rules.publications, "UNKNOWN-PUB", "刊物", names.pub_choices)}
    out = []
    if type(rec) in checks:
        key, known, code, zh, choices = checks[type(rec)]
        value = rec.get(key)
        named = names.named_choice(value, choices(rules)) if value not in known else None
        if named is not None:  # a name written by hand where the key belongs
            out.append(error(rec.at(key), code, f"{zh}“{value}”未在规则中定义，这条记录不计分",
                             f"这里要写键名：“{value}”是 {named.shown}，改写成 {key}: {named.key}"))
        elif value not in known:  # govinfo checked the key when it wrote the record: the rules changed since
            out.append(error(rec.at(key), code, f"{zh}“{value}”未在规则中定义，这条记录不计分",
                             f"记录是按登记时的 rules/points.yaml 写的：如果改过那里的键名，请把它改回“{value}”"
                             f"（键名不变，只改 name 即可改显示的名称）；如果确是登记错了，用 govinfo withdraw {rec.id} 撤销。"
                             + did_you_mean(value, known)))
    units = ctx.ws.unit_map
    keys = {Penalty: "unit", Call: "units", Instruction: "assignee"}
    for code in ([rec.unit] if isinstance(rec, Penalty) else list(rec.units) if isinstance(rec, Call)
                 else [rec.assignee] if isinstance(rec, Instruction) and rec.assignee else []):
        if code not in units:
            key = keys[type(rec)]
            out.append(error(rec.at(key), "UNKNOWN-UNIT", f"单位“{code}”不在花名册中", unknown_unit_hint(code, list(units.values()))))
    if rec.date > ctx.today and not isinstance(rec, Excellent):  # dated 31 December, chosen before
        out.append(error(rec.at("date"), "FUTURE-DATE", f"日期 {rec.date} 晚于今天"))
    return out


def automatic_penalty_warning(rules, rec) -> list[Diagnostic]:
    """A penalty recorded by hand of a kind scoring also charges by itself: said, since the unit
    may now lose the points twice (it is legal: the lapse may not be on record, e.g. a call made by phone)."""
    how = rules.automatic_penalties.get(rec.penalty)
    if how is None:
        return []
    return [warning(rec.at("penalty"), "AUTO-PENALTY",
                    f"“{rules.penalties[rec.penalty].name}”在计分时已按{how}自动扣分",
                    f"只有这件事没有登记在案时才需要手工登记；已登记的话，用 govinfo withdraw {rec.id} 撤销这次登记，以免重复扣分")]


def penalty_points_problem(kind, given) -> tuple[str, str] | None:
    """(message, hint) when a penalty's amount does not fit its kind: a kind with points_range
    needs an amount within it; any other kind takes none."""
    low_high = kind.points_range
    if given is None or str(given).strip() == "":
        if low_high:
            return (f"扣分类型“{kind.name}”的分值在 {low_high[0]} 到 {low_high[1]} 之间，需要给出实际分值",
                    f"加上 --points，如 --points {low_high[0]}")
        return None
    if not low_high:
        return (f"扣分类型“{kind.name}”按固定分值 {kind.points} 扣分，不用给出分值", "去掉 --points")
    try:
        value = Decimal(str(given).strip())
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        return (f"分值“{given}”不是数字", f"写成 --points {low_high[0]}")
    if not low_high[0] <= value <= low_high[1]:
        return (f"分值 {value} 不在“{kind.name}”规定的 {low_high[0]} 到 {low_high[1]} 之间", "按计分办法给出范围内的分值")
    return None


def check_record_terms(rec: Record, ctx: Context) -> list[Diagnostic]:
    """A penalty's amount, an adoption's format and route, as the rules price them."""
    rules = ctx.rules
    if isinstance(rec, Penalty) and rec.penalty in rules.penalties:
        problem = penalty_points_problem(rules.penalties[rec.penalty], rec.points)
        if problem:
            return [error(rec.at("points") if rec.points is not None else rec.at("penalty"), "BAD-POINTS", *problem)]
    if isinstance(rec, Adoption) and rec.pub in rules.publications:
        pub = rules.publications[rec.pub]
        if rec.format and rec.format not in pub.formats:
            return [error(rec.at("format"), "UNKNOWN-FORMAT", f"刊物“{pub.name}”没有“{rec.format}”这种格式",
                          did_you_mean(rec.format, list(pub.formats)) if pub.formats else "该刊物不分格式计分：删去 format 这一行")]
        if rec.route and rec.route not in ("direct", "forwarded"):
            return [error(rec.at("route"), "BAD-ROUTE", f"途径“{rec.route}”无效", "只能是 direct（直报）或 forwarded（转报）")]
    if isinstance(rec, Correction) and rec.field not in CORRECTABLE:
        return [error(rec.at("field"), "BAD-FIELD", f"不能更正“{rec.field}”", did_you_mean(rec.field, list(CORRECTABLE)))]
    if isinstance(rec, Correction) and rec.field == "category" and rec.value not in rules.item_categories:
        return [error(rec.at("value"), "UNKNOWN-CATEGORY", f"信息类别“{rec.value}”无效", did_you_mean(rec.value, rules.item_categories))]
    return []


def check_excellent_year(rec: Record, ctx: Context) -> list[Diagnostic]:
    item = record_item(rec, ctx) if isinstance(rec, Excellent) else None
    if item and str(item.submitted.year) != str(rec.year):
        return [error(rec.at("year"), "WRONG-YEAR", f"信息 {item.id} 不是 {rec.year} 年报送的",
                      f"年度优秀信息只能从当年报送的信息中评选；评错了用 govinfo withdraw {rec.id} 撤销")]
    return []


RECORD_CHECKS = [check_record_item, check_record_keys, check_record_terms, check_excellent_year]
# What makes an item unfit to count: validate lists these, every report leaves such an item out.
ITEM_MEANING = [check_unit, check_category, check_future, check_folder, check_event_time]


# --- one fact, one record -------------------------------------------------------------------

_ISSUE_NUMBER = re.compile(r"^(?:\d{4}年)?(?:no\.?|№)?第?0*(\d+)期?$", re.I)
_ZH_NUMERALS = {ch: n for n, ch in enumerate("零一二三四五六七八九")}


def _zh_to_int(text: str) -> str:
    """十二 -> 12, 二十一 -> 21, 一百零五 -> 105 (issue numbers written in Chinese numerals)."""
    def number(m):
        s, total, section = m[0], 0, 0
        for ch in s:
            if ch in _ZH_NUMERALS:
                section = _ZH_NUMERALS[ch]
            elif ch == "十":
                total += (section or 1) * 10
                section = 0
            elif ch == "百":
                total += section * 100
                section = 0
        return str(total + section)
    return re.sub(r"[零一二三四五六七八九十百]+", number, text)


def issue_key(issue: str) -> str:
    """第12期, 12, 第 12 期, 第１２期, 第十二期, 2026年第12期 and No.12 name the same issue."""
    compact = _zh_to_int(re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(issue))))
    m = _ISSUE_NUMBER.match(compact)
    return m[1] if m else compact


def _words(text) -> str:
    """A name as a key: 王 市长 and 王市长 are one leader."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def fact_key(rec: Record) -> tuple | None:
    """What makes two records the same fact (recorded twice, or merged from two clones)."""
    if isinstance(rec, Adoption):
        return ("adopt", rec.item, rec.pub, issue_key(rec.issue))
    if isinstance(rec, Instruction):
        return ("instruct", rec.item, rec.level, _words(rec.leader), rec.date, rec.assignee, _words(rec.note))
    if isinstance(rec, Excellent):
        return ("excellent", rec.item, rec.year)
    if isinstance(rec, Forward):
        return ("forward", rec.item, rec.to)
    if isinstance(rec, Feedback):
        return ("feedback", rec.instruction, rec.text.strip())
    if isinstance(rec, Penalty):
        return ("penalty", rec.unit, rec.penalty, rec.date, _words(rec.note))
    if isinstance(rec, Call):
        return ("solicit", rec.topic.strip(), rec.deadline, tuple(sorted(rec.units)))
    if isinstance(rec, Withdrawal):
        return ("withdraw", rec.target)
    if isinstance(rec, Judgement):  # judged again later is a new fact: the latest counts
        return ("judge", rec.item, rec.qualified, rec.date)
    if isinstance(rec, Correction):
        return ("correct", rec.item, rec.field, rec.value, rec.date)
    return None


def without_duplicates(records: list[Record]) -> tuple[list[Record], list[Diagnostic]]:
    """The first record of each fact (by date, then id) and a warning for each later copy, which
    is left out: a fact counts once however often it was written down."""
    first: dict[tuple, Record] = {}
    for rec in sorted(records, key=lambda r: (r.date, r.id)):
        key = fact_key(rec)
        if key is not None:
            first.setdefault(key, rec)
    kept, diags = [], []
    for rec in records:
        key = fact_key(rec)
        original = first.get(key) if key is not None else rec
        if original is rec:
            kept.append(rec)
        else:
            diags.append(warning(rec.at("id"), "DUPLICATE-RECORD",
                                 f"记录 {rec.id} 与 {original.id}（{original.source.path}）是同一件事，只计一次",
                                 f"用 govinfo withdraw {rec.id} --reason 重复登记 撤销多余的一条"))
    return kept, diags


def repeated_adoptions(records: list[Record], rules, only: set[str] | None = None) -> list[Diagnostic]:
    """A warning at each later adoption of an item by a publication that adopted it already: legal
    (a second printing scores again), but far more often one issue recorded twice under two numbers.
    `only`: the ids of the adoptions to speak of (those just recorded)."""
    first: dict[tuple[str, str], Adoption] = {}
    diags = []
    for rec in sorted((r for r in records if isinstance(r, Adoption)), key=lambda r: (r.date, r.id)):
        earlier = first.setdefault((rec.item, rec.pub), rec)
        if earlier is not rec and (only is None or rec.id in only):
            pub = rules.publications.get(rec.pub) if rules else None
            diags.append(warning(rec.at("issue"), "SAME-PUB-AGAIN",
                                 f"信息 {rec.item} 已被{pub.name if pub else rec.pub}{earlier.issue_label}采用（{earlier.id}），"
                                 f"{rec.issue_label}是同一刊物的又一次采用，会再计分",
                                 f"确是两期都刊用了就不用处理；登记错了用 govinfo withdraw {rec.id} --reason 原因 撤销"))
    return diags

