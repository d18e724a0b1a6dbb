"""The office's rules (rules/points.yaml) and identity (rules/office.yaml), as immutable data.

Rules files are small and edited by people, so they are read with ruamel.yaml, which keeps
each key's line: a mistake in a rules file gets `path:line` like any other file, and a point
can later be traced back to the rule line that gave it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import yaml

from govinfo.core.suggest import did_you_mean
from govinfo.store import yaml_lines
from govinfo.core.diagnostics import Diagnostic, Source, UserError, error, warning
from govinfo.store.paths import read_limited
from govinfo.core.text import CONTROL_HINT, bad_character
from govinfo.store.frontmatter import WIDE_SPACE_HINT, wide_space_problems, yaml_problem
from govinfo.store.rule_terms import (COUNTS, AdoptionRate, category_list, Base, Conversion, Format, Quota, RouteTerm, Solicited,
                                      parse_adoption_rate, parse_bases, parse_category_points, parse_conversion,
                                      parse_formats, parse_quotas, parse_routes, parse_solicited)
from govinfo.store.rules_schema import unknown_keys

POINTS_FILE = "rules/points.yaml"
OFFICE_FILE = "rules/office.yaml"


@dataclass(frozen=True)
class UnitCategory:
    key: str
    name: str
    monthly_quota: int
    annual_target: Decimal
    quarterly_quota: int | None = None
    annual_quota: int | None = None
    quota_met_points: Decimal = Decimal(0)
    quota_missed_points: Decimal = Decimal(0)
    monthly_cap: Decimal | None = None
    quota_count: str = "submitted"          # what the reporting quota counts: submitted | adopted | qualified
    quota_categories: tuple[str, ...] = ()  # item categories the reporting quota counts (empty: all)
    quotas: tuple[Quota, ...] = ()          # further targets, each scored on its own (rule_terms.Quota)
    bases: tuple[Base, ...] = ()            # base points per span

    def quota_for(self, months: int, of: int | None = None) -> int:
        """The quota for `months` months of a span `of` months long (the whole span when not
        given): a set quarterly or annual quota wins over months × monthly, in proportion for a
        unit on the roster for part of the span (never more than a whole span owes)."""
        span = months if of is None else of
        whole = self.quarterly_quota if span == 3 else self.annual_quota if span == 12 else None
        if whole is None:
            return self.monthly_quota * months
        if months >= span:
            return whole
        return int((Decimal(whole) * months / span).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class OwnPublication:
    """A publication the office edits and prints itself (简报, e.g. 《政府工作快报》): `govinfo issue`."""
    columns: tuple[tuple[str, str], ...] = ()  # (key, 栏目 name) in print order
    copies: int | None = None                  # 共印N份
    total_before: int | None = None            # issues before the first one kept here: prints 总第M期 when set
    secrecy: str = ""                           # 内部 or empty (公开)
    masthead: str = ""                          # 报头 text; empty: the name without 《》


@dataclass(frozen=True)
class Publication:
    key: str
    name: str
    level: str
    points: Decimal | None = None  # per-publication points instead of base × multiplier
    special_points: Decimal | None = None
    own: OwnPublication | None = None
    instruction_points: Decimal | None = None  # an instruction at this level on an item it carried scores this
    routes: dict[str, RouteTerm] | None = None  # direct | forwarded -> points or multiplier; a route left out scores 0
    formats: dict[str, Format] = field(default_factory=dict, hash=False)  # 简讯 / 全文 …: points by format
    category_points: dict[str, Decimal] = field(default_factory=dict, hash=False)  # item category -> points
    forward_points: Decimal | None = None        # the office forwarding (转报/选报) an item to it scores this


@dataclass(frozen=True)
class AwardGroup:
    name: str
    categories: tuple[str, ...]
    rank_by: str = "points"  # points | over_target_rate
    top: int = 0
    min_adopted: int = 0


@dataclass(frozen=True)
class ExcellentGroup:
    name: str
    categories: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class PenaltyKind:
    key: str
    name: str
    points: Decimal
    loses_eligibility: bool = False
    points_range: tuple[Decimal, Decimal] | None = None  # (lowest, highest): the amount is chosen when recording
    forfeits_base: bool = False                          # the unit loses the base points of the span it falls in


@dataclass(frozen=True)
class Fees:
    """Author fees (稿酬): per point of adoption, or per adoption by level; optional cap per person."""
    basis: str = "points"                                       # points | count
    per_point: Decimal = Decimal(0)                             # yuan per adoption point
    per_adoption: dict = field(default_factory=dict)           # level -> yuan per adoption
    cap_per_person: Decimal | None = None                       # yuan per person per period
    joint: str = "split"                                        # split | full


@dataclass(frozen=True)
class Followup:
    """Instructions the units must act on (批示件办理)."""
    due_days: int = 15                  # days from the instruction to the feedback deadline
    overdue_penalty: str | None = None  # a penalty key, charged to the unit when the deadline passes


@dataclass(frozen=True)
class Rules:
    name: str
    submission_points: Decimal
    item_categories: tuple[str, ...]
    unit_categories: dict[str, UnitCategory]
    levels: dict[str, str]
    base_points: Decimal
    special_points: Decimal
    multipliers: dict[str, Decimal]
    combine: str
    publications: dict[str, Publication]
    instructions: dict[str, Decimal]
    excellent_points: Decimal
    excellent_per_year: int
    penalties: dict[str, PenaltyKind]
    min_body_chars: int = 60
    near_duplicate_similarity: float = 0.8
    instruction_repeat: bool = True
    joint: str = "full"  # full | split | fixed
    joint_points: Decimal = Decimal(0)  # joint: fixed -> each unit's points for each adoption of a joint item
    unadopted_points: Decimal = Decimal(0)
    unadopted_categories: tuple[str, ...] = ()
    unadopted_qualified_only: bool = False  # credit only items the office judged qualified (govinfo judge)
    adoption_rate: AdoptionRate | None = None
    conversion: Conversion | None = None
    solicited: Solicited = Solicited()
    emergency_report_hours: Decimal | None = None
    emergency_category: str | None = "紧急信息"           # the category emergency_report_hours applies to
    problem_categories: tuple[str, ...] = ("问题建议",)    # what the notice and stats count as 问题建议类
    zero_year_after_missed_calls: int | None = None
    attribution: str = "publication"  # publication | submission
    rollup_to_parent: bool = False
    publish_ranks: bool = True
    award_groups: tuple[AwardGroup, ...] = ()
    nominations_advanced: int = 0
    nominations_qualified: int = 0
    excellent_groups: tuple[ExcellentGroup, ...] = ()
    fees: Fees = Fees()
    followup: Followup = Followup()
    lines: dict[str, Source] = field(default_factory=dict, compare=False)

    @property
    def automatic_penalties(self) -> dict[str, str]:
        """Penalty kinds that scoring charges by itself, each with what it is charged from: recorded
        by hand as well, the same lapse would cost twice."""
        found = {"solicitation_late": "约稿记录（未按时答复的单位）", "solicitation_missed": "约稿记录（未答复的单位）",
                 "emergency_late": "紧急信息的事件发生时间", self.followup.overdue_penalty: "批示件的反馈期限"}
        return {k: how for k, how in found.items() if k in self.penalties}

    @property
    def own_publications(self) -> dict[str, Publication]:
        """The office's own publications (those with an own: section), by key."""
        return {k: p for k, p in self.publications.items() if p.own is not None}

    def line(self, key: str) -> Source:
        """The rules file line behind a setting, for `explain`."""
        while key and key not in self.lines:
            key = key.rpartition(".")[0]
        return self.lines.get(key, Source(POINTS_FILE))


@dataclass(frozen=True)
class Distribution:
    """Who edits and who receives an issue of an own publication (简报的编印单位和报尾)."""
    editor: str = ""      # 编印单位; empty: office_name
    report: str = ""      # 报：
    send: str = ""        # 送：
    issue_to: str = ""    # 发：


@dataclass(frozen=True)
class Office:
    """Who issues the notices, and the wording an office changes without touching code."""
    office_name: str = "某某市人民政府办公室"
    office_short: str = "市政府办公室"
    section_name: str = "信息科"
    city_name: str = "某某市"
    doc_prefix: str = "某政办通"
    issuer_mark: str = ""            # 发文机关标志 (red, at the top); empty: office_name
    scope: str = "全市"              # as in 关于…全市政务信息报送采用情况的通报
    addressees: str = "各有关单位："
    signature: str = ""              # 发文机关署名; empty: office_name
    cc: str = ""                     # 抄送
    printed_by: str = ""             # 印发机关; empty: office_name
    requirements: tuple[str, ...] = ()  # 四、下步要求, one paragraph each
    leading_top: int = 3             # units named as leading, per category
    quarter_top: int = 10            # quarterly notice: top and bottom N per category
    warning_bottom: int = 3          # half-year warning letters: bottom N per category
    contact: str = ""                # the notice's closing contact line: 联系人：…，电话：…
    list_adopted: bool = False       # attach the list of the period's adopted items (标题、单位、刊物期次)
    calls_section: bool = False      # a 约稿完成情况 section: each call due in the period, who answered
    duplex: bool = True              # printed on both sides (GB/T 9704 6.2): the 版记 on an even page
    briefings: dict = field(default_factory=dict, hash=False)  # own publication key -> Distribution (govinfo issue)

    @property
    def mark(self) -> str:
        return self.issuer_mark or self.office_name

    @property
    def signer(self) -> str:
        return self.signature or self.office_name

    @property
    def printer(self) -> str:
        return self.printed_by or self.office_name


def printed_in(publications: dict, pub_key: str, issue: str) -> str:
    """Where an adoption was printed, as a clerk reads it: 《政府工作快报》第1期, and for a column
    《政府工作快报》第1期（综合栏目）, not 《政府工作快报》·综合第1期 (which reads as an issue named 综合)."""
    pub = publications.get(pub_key)
    if pub is None:
        return f"{pub_key}{issue}"
    if "." in pub.key and "·" in pub.name:
        paper, column = pub.name.split("·", 1)
        return f"{paper}{issue}（{column}{'' if column.endswith('栏目') else '栏目'}）"
    return f"{pub.name}{issue}"


PLACEHOLDER = "某"  # the bundled office.yaml names 某某市人民政府办公室 and 某政办通 until the office writes its own


def placeholder_warnings(office: Office) -> list[Diagnostic]:
    """Before a notice goes out: the names the office has not replaced yet."""
    named = (("office_name", office.office_name, "本办名称"), ("doc_prefix", office.doc_prefix, "发文字号前缀"),
             ("issuer_mark", office.mark, "发文机关标志"), ("signature", office.signer, "发文机关署名"),
             ("city_name", office.city_name, "城市名称"), ("printed_by", office.printed_by, "版记的印发机关"))
    named += tuple((f"briefings.{key}.editor", dist.editor, f"简报 {key} 的编印单位")
                   for key, dist in office.briefings.items() if isinstance(dist, Distribution))
    left = [(key, value, zh) for key, value, zh in named if value.startswith(PLACEHOLDER)]
    if not left:
        return []
    return [warning(Source(OFFICE_FILE), "PLACEHOLDER",
                    "通报上的名称还是示例：" + "，".join(f"{zh}“{value}”" for _, value, zh in left),
                    "在 rules/office.yaml 中把 " + "、".join(key for key, _, _ in left) + " 改成本办的真实名称后再印发通报和简报")]


MAX_RULES_BYTES = 1024 * 1024  # a 1,000-unit roster is about 200 KB


def _read_rules_text(path: Path, rel: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        raw = read_limited(path, MAX_RULES_BYTES, rel)
    except UserError as exc:  # a link, or a file far too large for rules
        return None, exc.diags
    except FileNotFoundError:
        return None, [error(Source(rel), "RULES-MISSING", f"找不到规则文件 {rel}",
                            "运行 govinfo init 重新生成工作区，或从备份中恢复这个文件")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [error(Source(rel, 1), "ENCODING", "规则文件不是 UTF-8 编码",
                            "用记事本打开，“另存为”时编码选“UTF-8”后保存")]
    bad = bad_character(text)
    if bad:
        return None, [error(Source(rel, bad[0] + 1), "CONTROL-CHAR", f"文件含有控制字符（{bad[1]}）", CONTROL_HINT)]
    return text, []


def _yaml_error(rel: str, exc, text: str | None = None) -> list[Diagnostic]:
    line, problem = yaml_problem(exc, text)
    hint = ("是重复写的，删去其中一行；是列表里新的一项，在它前面加上“- ”" if "写了两次" in problem or "重复的键" in problem
            else "在编辑器里把 Tab 替换成空格后再保存" if "Tab" in problem
            else WIDE_SPACE_HINT if "全角空格" in problem
            else "检查这一行的缩进、冒号后的空格和引号是否成对")
    return [error(Source(rel, line + 1), "YAML", f"YAML 格式错误：{problem}", hint)]


def load_rt_yaml(path: Path, rel: str) -> tuple[object, list[Diagnostic]]:
    """Round-trip load (comments and lines kept), for commands that edit the file; errors point at their line."""
    text, diags = _read_rules_text(path, rel)
    if text is None:
        return None, diags
    from ruamel.yaml import YAML  # only commands that edit a file pay for ruamel's import
    from ruamel.yaml.error import YAMLError as RuamelError
    wide = _wide_spaces(rel, text)
    if wide:
        return None, wide
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True  # 'CG' stays 'CG' when the file is written back
    try:
        return yaml.load(text), []
    except RuamelError as exc:
        return None, _yaml_error(rel, exc, text)
    except RecursionError:
        return None, [_too_deep(rel)]


def load_yaml_lines(path: Path, rel: str) -> tuple[object, list[Diagnostic]]:
    """The fast load for commands that only read the file: the same values and lines (store/yaml_lines.py)."""
    text, diags = _read_rules_text(path, rel)
    if text is None:
        return None, diags
    wide = _wide_spaces(rel, text)
    if wide:
        return None, wide
    try:
        return yaml_lines.load(text), []
    except yaml.YAMLError as exc:
        return None, _yaml_error(rel, exc, text)
    except RecursionError:
        return None, [_too_deep(rel)]


def _wide_spaces(rel: str, text: str) -> list[Diagnostic]:
    """A full-width space where YAML wants a plain one is said at its own line, before parsing:
    parsed, it is a misleading YAML error a line or two later, or no error and a wrong value."""
    return [error(Source(rel, n + 1), "YAML", f"YAML 格式错误：{problem}", WIDE_SPACE_HINT)
            for n, problem in wide_space_problems(text)]


def _too_deep(rel: str) -> Diagnostic:
    return error(Source(rel, 1), "YAML-TOO-DEEP", "YAML 内容嵌套过深（括号或缩进层层嵌套）",
                 "规则和花名册只需几层缩进：检查是否误粘贴了大量括号")


MAX_RULE_NUMBER = 1_000_000  # points, quotas, rates and days: far above any real rule, far below overflow


class _Reader:
    """Walks a round-trip mapping, collecting diagnostics with each key's line."""

    def __init__(self, rel: str):
        self.rel = rel
        self.diags: list[Diagnostic] = []
        self.lines: dict[str, Source] = {}

    def at(self, node, key) -> Source:
        try:
            return Source(self.rel, node.lc.key(key)[0] + 1)
        except (AttributeError, KeyError, TypeError):
            return Source(self.rel, getattr(getattr(node, "lc", None), "line", 0) + 1 if hasattr(node, "lc") else 1)

    def mapping(self, node, key, path: str, required: bool = True) -> dict:
        value = node.get(key) if isinstance(node, dict) else None
        if value is None:
            if required:
                self.diags.append(error(self.at(node, key), "RULES-FIELD", f"规则缺少“{path}”", "参照默认规则集补上这一节"))
            return {}
        self.lines[path] = self.at(node, key)
        if not isinstance(value, dict):
            self.diags.append(error(self.at(node, key), "RULES-TYPE", f"“{path}”应是“键: 值”的映射"))
            return {}
        return value

    def number(self, node, key, path: str, default=None, integer: bool = False, positive: bool = False):
        value = node.get(key) if isinstance(node, dict) else None
        if value is None:
            if default is None:
                self.diags.append(error(self.at(node, key), "RULES-FIELD", f"规则缺少“{path}”（应为数字）",
                                        "补上这一项；各项的写法见 rules/README.md"))
                return Decimal(0)
            return default
        self.lines[path] = self.at(node, key)
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(str(value))
            if not number.is_finite() or (integer and number != number.to_integral_value()):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            kind = "整数" if integer else "数字"
            self.diags.append(error(self.at(node, key), "RULES-TYPE", f"“{path}”应为{kind}，现在是“{value}”",
                                    "写成数字，如 5、-10 或 0.5（不加“分”字，不加引号）"))
            return Decimal(0) if not integer else 0
        if abs(number) > MAX_RULE_NUMBER:
            self.diags.append(error(self.at(node, key), "RULES-RANGE", f"“{path}”的值 {value} 过大",
                                    f"计分办法中的数字应在 ±{MAX_RULE_NUMBER:,} 以内"))
            return Decimal(0) if not integer else 0
        if positive and number < 0:  # a stray minus turns a quota into nonsense or a reward into a penalty
            self.diags.append(error(self.at(node, key), "RULES-RANGE", f"“{path}”不能是负数，现在是 {value}",
                                    "任务数、采用和批示的分值都应是 0 或正数；扣分写在 penalties 里"))
            return Decimal(0) if not integer else 0
        if "points" in path.rsplit(".", 1)[-1] and number.as_tuple().exponent < -2:
            self.diags.append(warning(self.at(node, key), "RULES-PRECISION", f"“{path}”的值 {value} 超过两位小数",
                                      "得分按两位小数显示和排名，第三位小数会让各行相加与合计对不上：改成两位小数，如 0.13"))
        return int(number) if integer else number

    def optional(self, node, key, path: str, integer: bool = False, positive: bool = False):
        if not isinstance(node, dict) or node.get(key) is None:
            return None
        return self.number(node, key, path, integer=integer, positive=positive)

    def flag(self, node, key, default: bool, path: str | None = None) -> bool:
        value = node.get(key) if isinstance(node, dict) else None
        if value is None:
            return default
        self.lines[path or key] = self.at(node, key)
        if not isinstance(value, bool):
            self.diags.append(error(self.at(node, key), "RULES-TYPE", f"“{path or key}”应为 true 或 false，现在是“{value}”",
                                    "是写 true，否写 false（不要写“是”“否”“yes”“no”）"))
            return default
        return value

    def categories(self, node, key, path: str, known: dict) -> tuple[str, ...]:
        value = node.get(key) if isinstance(node, dict) else None
        self.lines[path] = self.at(node, key) if isinstance(node, dict) else Source(self.rel)
        if not isinstance(value, list) or not value:
            self.diags.append(error(self.lines[path], "RULES-FIELD", f"“{path}.{key}”应是单位类别的列表"))
            return ()
        for cat in value:
            if str(cat) not in known:
                self.diags.append(error(self.lines[path], "UNKNOWN-CATEGORY", f"单位类别“{cat}”未定义",
                                        did_you_mean(cat, known)))
        return tuple(str(c) for c in value)

    def text(self, node, key, path: str, default: str | None = None) -> str:
        value = node.get(key) if isinstance(node, dict) else None
        if value is None or str(value).strip() == "":
            if default is None:
                self.diags.append(error(self.at(node, key), "RULES-FIELD", f"规则缺少“{path}”"))
                return ""
            return default
        self.lines[path] = self.at(node, key)
        return str(value)


def parse_rules(data, rel: str = POINTS_FILE) -> tuple[Rules | None, list[Diagnostic]]:
    r = _Reader(rel)
    if not isinstance(data, dict):
        return None, [error(Source(rel, 1), "RULES-TYPE", "规则文件应是“键: 值”的映射")]
    levels = {str(k): str(v) for k, v in r.mapping(data, "levels", "levels").items()}
    item_categories = data.get("item_categories")
    if not isinstance(item_categories, list) or not item_categories:
        r.diags.append(error(r.at(data, "item_categories"), "RULES-FIELD", "item_categories 应是非空的类别列表"))
        item_categories = []
    item_categories = tuple(str(c) for c in item_categories)
    r.lines["item_categories"] = r.at(data, "item_categories")
    twice = sorted({c for n, c in enumerate(item_categories) if c in item_categories[:n]})
    if twice:
        r.diags.append(error(r.at(data, "item_categories"), "RULES-DUPLICATE", f"item_categories 里“{'、'.join(twice)}”写了不止一次",
                             "每个信息类别只写一次：删去重复的那一行"))
        item_categories = tuple(dict.fromkeys(item_categories))
    cats = {}
    for key, node in r.mapping(data, "unit_categories", "unit_categories").items():
        p = f"unit_categories.{key}"
        cats[str(key)] = UnitCategory(
            str(key), r.text(node, "name", p + ".name"),
            r.number(node, "monthly_quota", p + ".monthly_quota", integer=True, positive=True),
            r.number(node, "annual_target", p + ".annual_target", positive=True),
            quarterly_quota=r.optional(node, "quarterly_quota", p + ".quarterly_quota", integer=True, positive=True),
            annual_quota=r.optional(node, "annual_quota", p + ".annual_quota", integer=True, positive=True),
            quota_met_points=r.number(node, "quota_met_points", p + ".quota_met_points", default=Decimal(0)),
            quota_missed_points=r.number(node, "quota_missed_points", p + ".quota_missed_points", default=Decimal(0)),
            monthly_cap=r.optional(node, "monthly_cap", p + ".monthly_cap", positive=True),
            quota_count=r.text(node, "quota_count", p + ".quota_count", default="submitted"),
            quota_categories=category_list(r, node, "quota_categories", p + ".quota_categories", item_categories),
            quotas=parse_quotas(r, node, p, item_categories),
            bases=parse_bases(r, node, p))
        if cats[str(key)].quota_count not in COUNTS:
            r.diags.append(error(r.at(node, "quota_count"), "RULES-TYPE",
                                 f"“{p}.quota_count”只能是 submitted（报送）、adopted（采用）或 qualified（合格），"
                                 f"现在是“{cats[str(key)].quota_count}”", did_you_mean(cats[str(key)].quota_count, COUNTS)))
    adoption = r.mapping(data, "adoption", "adoption")
    multipliers = {}
    for key in r.mapping(adoption, "multipliers", "adoption.multipliers"):
        multipliers[str(key)] = r.number(adoption["multipliers"], key, f"adoption.multipliers.{key}", positive=True)
        if str(key) not in levels:
            r.diags.append(error(r.at(adoption["multipliers"], key), "UNKNOWN-LEVEL",
                                 f"级别“{key}”不在 levels 中", did_you_mean(key, levels)))
    combine = r.text(adoption, "combine", "adoption.combine", default="sum")
    if combine not in ("sum", "max"):
        r.diags.append(error(r.at(adoption, "combine"), "RULES-TYPE", f"adoption.combine 只能是 sum 或 max，现在是“{combine}”"))
    pubs = {}
    for key, node in r.mapping(data, "publications", "publications").items():
        p = f"publications.{key}"
        level = r.text(node, "level", p + ".level")
        if level and level not in levels:
            r.diags.append(error(r.at(node, "level"), "UNKNOWN-LEVEL", f"刊物“{key}”的级别“{level}”不在 levels 中",
                                 did_you_mean(level, levels)))
        pubs[str(key)] = Publication(str(key), r.text(node, "name", p + ".name"), level,
                                     r.optional(node, "points", p + ".points", positive=True),
                                     r.optional(node, "special_points", p + ".special_points", positive=True),
                                     instruction_points=r.optional(node, "instruction_points", p + ".instruction_points",
                                                                   positive=True),
                                     routes=parse_routes(r, node, p), formats=parse_formats(r, node, p),
                                     category_points=parse_category_points(r, node, p, item_categories),
                                     forward_points=r.optional(node, "forward_points", p + ".forward_points", positive=True))
        # columns (栏目) within a publication: keyed pub.column, same level unless they say otherwise
        columns = node.get("columns") if isinstance(node, dict) else None
        if columns is not None and not isinstance(columns, dict):
            r.diags.append(error(r.at(node, "columns"), "RULES-TYPE", f"“{p}.columns”应是“栏目键名: {{name: 栏目名}}”的映射"))
            columns = None
        for ckey, cnode in (columns or {}).items():
            cp = f"{p}.columns.{ckey}"
            parent = pubs[str(key)]
            pubs[f"{key}.{ckey}"] = Publication(
                f"{key}.{ckey}", parent.name + "·" + r.text(cnode, "name", cp + ".name"),
                _known_level(r, cnode, cp, level, levels),
                r.optional(cnode, "points", cp + ".points", positive=True),
                r.optional(cnode, "special_points", cp + ".special_points", positive=True),
                instruction_points=r.optional(cnode, "instruction_points", cp + ".instruction_points"),
                routes=parse_routes(r, cnode, cp) if isinstance(cnode, dict) and "routes" in cnode else parent.routes,
                formats=parse_formats(r, cnode, cp) if isinstance(cnode, dict) and "formats" in cnode else parent.formats,
                category_points=parse_category_points(r, cnode, cp, item_categories) if isinstance(cnode, dict)
                and "category_points" in cnode else parent.category_points,
                forward_points=r.optional(cnode, "forward_points", cp + ".forward_points", positive=True))
        if isinstance(node, dict) and node.get("own") is not None:
            pubs[str(key)] = replace(pubs[str(key)], own=parse_own(r, node, p))
    instructions = {}
    instr_node = r.mapping(data, "instructions", "instructions")
    for key in instr_node:
        instructions[str(key)] = r.number(instr_node, key, f"instructions.{key}", positive=True)
        if str(key) not in levels:
            r.diags.append(error(r.at(instr_node, key), "UNKNOWN-LEVEL", f"批示级别“{key}”不在 levels 中",
                                 did_you_mean(key, levels)))
    penalties = {str(key): parse_penalty(r, str(key), node) for key, node in r.mapping(data, "penalties", "penalties").items()}
    excellent = r.mapping(data, "excellent", "excellent", required=False)
    checks = r.mapping(data, "checks", "checks", required=False)
    groups = []
    awards = r.mapping(data, "awards", "awards", required=False)
    for n, g in enumerate(_entries(r, awards, "groups", "awards.groups")):
        p = f"awards.groups.{n}"
        rank_by = r.text(g, "rank_by", p + ".rank_by", default="points")
        if rank_by not in ("points", "over_target_rate"):
            r.diags.append(error(r.at(g, "rank_by"), "RULES-TYPE", f"rank_by 只能是 points 或 over_target_rate，现在是“{rank_by}”"))
        groups.append(AwardGroup(r.text(g, "name", p + ".name"), r.categories(g, "categories", p, cats), rank_by,
                                 r.number(g, "top", p + ".top", default=0, integer=True, positive=True),
                                 r.number(g, "min_adopted", p + ".min_adopted", default=0, integer=True)))
    nominations = r.mapping(awards, "nominations", "awards.nominations", required=False)
    excellent_groups = []
    for n, g in enumerate(_entries(r, excellent, "groups", "excellent.groups")):
        p = f"excellent.groups.{n}"
        excellent_groups.append(ExcellentGroup(r.text(g, "name", p + ".name"), r.categories(g, "categories", p, cats),
                                               r.number(g, "count", p + ".count", default=0, integer=True)))
    choices = {"joint": ("full", "split", "fixed"), "attribution": ("publication", "submission")}
    for key, allowed in choices.items():
        if data.get(key) is not None and str(data.get(key)) not in allowed:
            r.diags.append(error(r.at(data, key), "RULES-TYPE", f"{key} 只能是 {' 或 '.join(allowed)}，现在是“{data.get(key)}”"))
    unadopted = r.mapping(data, "unadopted_credit", "unadopted_credit", required=False)
    fees = parse_fees(r, data, levels)
    followup = parse_followup(r, data, penalties)
    rules = Rules(
        name=r.text(data, "name", "name", default="计分办法"),
        submission_points=r.number(data, "submission_points", "submission_points", default=Decimal(0), positive=True),
        item_categories=item_categories,
        unit_categories=cats,
        levels=levels,
        base_points=r.number(adoption, "base_points", "adoption.base_points", default=Decimal(1), positive=True),
        special_points=r.number(adoption, "special_points", "adoption.special_points", default=Decimal(0), positive=True),
        multipliers=multipliers,
        combine=combine,
        publications=pubs,
        instructions=instructions,
        excellent_points=r.number(excellent, "points", "excellent.points", default=Decimal(0), positive=True),
        excellent_per_year=r.number(excellent, "per_year", "excellent.per_year", default=0, integer=True),
        penalties=penalties,
        min_body_chars=r.number(checks, "min_body_chars", "checks.min_body_chars", default=60, integer=True, positive=True),
        near_duplicate_similarity=float(r.number(checks, "near_duplicate_similarity",
                                                 "checks.near_duplicate_similarity", default=Decimal("0.8"))),
        instruction_repeat=r.flag(data, "instruction_repeat", True),
        joint=r.text(data, "joint", "joint", default="full"),
        joint_points=_joint_points(r, data),
        unadopted_points=r.number(unadopted, "points", "unadopted_credit.points", default=Decimal(0), positive=True),
        unadopted_categories=_unadopted_categories(r, unadopted, item_categories),
        unadopted_qualified_only=r.flag(unadopted, "qualified_only", False, "unadopted_credit.qualified_only"),
        adoption_rate=parse_adoption_rate(r, data),
        conversion=parse_conversion(r, data),
        solicited=parse_solicited(r, data, pubs),
        emergency_report_hours=r.optional(data, "emergency_report_hours", "emergency_report_hours", positive=True),
        emergency_category=_emergency_category(r, data, item_categories),
        problem_categories=_problem_categories(r, data, item_categories),
        zero_year_after_missed_calls=r.optional(data, "zero_year_after_missed_calls", "zero_year_after_missed_calls",
                                                integer=True),
        attribution=r.text(data, "attribution", "attribution", default="publication"),
        rollup_to_parent=r.flag(data, "rollup_to_parent", False),
        publish_ranks=r.flag(data, "publish_ranks", True),
        award_groups=tuple(groups),
        nominations_advanced=r.number(nominations, "advanced", "awards.nominations.advanced", default=0, integer=True),
        nominations_qualified=r.number(nominations, "qualified", "awards.nominations.qualified", default=0, integer=True),
        excellent_groups=tuple(excellent_groups),
        fees=fees,
        followup=followup,
        lines=r.lines,
    )
    r.diags += unknown_keys(data, r.at)
    return rules, r.diags


def _emergency_category(r: _Reader, data: dict, known: tuple[str, ...]) -> str | None:
    """The item category that emergency_report_hours times: `emergency_category`, or 紧急信息 when
    the office has that category. A time limit with no such category would never be applied."""
    given = data.get("emergency_category")
    if given is None:
        found = "紧急信息" if "紧急信息" in known else None
        if found is None and data.get("emergency_report_hours") is not None:
            r.diags.append(error(r.at(data, "emergency_report_hours"), "RULES-FIELD",
                                 "写了 emergency_report_hours，但信息类别里没有“紧急信息”，不知道对哪类信息计时",
                                 "加一行 emergency_category: 写上本办计时的那个信息类别（须在 item_categories 中）"))
        return found
    if not isinstance(given, str) or not given.strip():
        r.diags.append(error(r.at(data, "emergency_category"), "RULES-TYPE", "emergency_category 只写一个信息类别",
                             "例如 emergency_category: 突发事件信息"))
        return None
    return category_list(r, data, "emergency_category", "emergency_category", known)[0]


def _problem_categories(r: _Reader, data: dict, known: tuple[str, ...]) -> tuple[str, ...]:
    """The categories the notice and the statistics count as 问题建议类: `problem_categories`, or
    问题建议 when the office has it; none, and the notice leaves that paragraph out."""
    given = data.get("problem_categories")
    if given is None:
        return ("问题建议",) if "问题建议" in known else ()
    if given == []:  # the office does not want that paragraph
        r.lines["problem_categories"] = r.at(data, "problem_categories")
        return ()
    return tuple(dict.fromkeys(category_list(r, data, "problem_categories", "problem_categories", known)))  # once each


def _unadopted_categories(r: _Reader, node: dict, known: tuple[str, ...]) -> tuple[str, ...]:
    """unadopted_credit.categories; left out with qualified_only: every category (符合要求但未采用)."""
    given = node.get("categories") if isinstance(node, dict) else None
    if given is None and isinstance(node, dict) and node.get("qualified_only") is True:
        return known
    if given is None:
        if isinstance(node, dict) and node.get("points"):
            r.diags.append(warning(r.at(node, "points"), "RULES-NO-EFFECT", "unadopted_credit 没有写 categories，不会给任何信息计分",
                                   "写 categories: [问题建议] 这样的类别列表，或写 qualified_only: true（对评定合格的信息计分）"))
        return ()
    return category_list(r, node, "categories", "unadopted_credit.categories", known)


def _entries(r: _Reader, node, key: str, path: str) -> list:
    """A list of mappings (awards.groups, excellent.groups); anything else is reported."""
    value = node.get(key) if isinstance(node, dict) else None
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        r.diags.append(error(r.at(node, key), "RULES-TYPE", f"“{path}”应是一组以“- ”开头的“键: 值”映射",
                             "参照默认规则集中的写法"))
        return []
    return value


def _known_level(r: _Reader, node, path: str, default: str, levels: dict) -> str:
    level = r.text(node, "level", path + ".level", default=default)
    if level != default and level not in levels:
        r.diags.append(error(r.at(node, "level"), "UNKNOWN-LEVEL", f"“{path}”的级别“{level}”不在 levels 中",
                             did_you_mean(level, levels)))
    return level


def _joint_points(r: _Reader, data: dict) -> Decimal:
    if str(data.get("joint")) == "fixed" and data.get("joint_points") is None:
        r.diags.append(error(r.at(data, "joint"), "RULES-FIELD", "joint: fixed 需要 joint_points（合报信息每个单位的分值）",
                             "如 joint_points: 10"))
        return Decimal(0)
    return r.number(data, "joint_points", "joint_points", default=Decimal(0))


def _two_numbers(value) -> tuple[Decimal, Decimal] | None:
    if not isinstance(value, list) or len(value) != 2 or any(isinstance(v, bool) for v in value):
        return None
    try:
        numbers = tuple(Decimal(str(v)) for v in value)
    except (InvalidOperation, ValueError):
        return None
    if not all(n.is_finite() and abs(n) <= MAX_RULE_NUMBER for n in numbers):
        return None
    return numbers


def parse_penalty(r: _Reader, key: str, node) -> PenaltyKind:
    """penalties.<key>: a fixed `points`, or a `points_range` chosen when recording, or forfeiting base points."""
    p = f"penalties.{key}"
    forfeits = r.flag(node, "forfeits_base", False, p + ".forfeits_base") if isinstance(node, dict) else False
    span = node.get("points_range") if isinstance(node, dict) else None
    lowest_highest = None
    if span is not None:
        where = r.at(node, "points_range")
        numbers = _two_numbers(span)
        if numbers is None:
            r.diags.append(error(where, "RULES-TYPE", f"“{p}.points_range”应是两个数：[最少, 最多]，现在是“{span}”",
                                 "如 points_range: [-100, -50]（登记时用 --points 给出实际分值）"))
            lowest_highest = (Decimal(0), Decimal(0))  # reported: no second error for a missing `points`
        else:
            lowest_highest = (min(numbers), max(numbers))
        r.lines[p + ".points_range"] = r.lines[p + ".points"] = where
    needs_points = lowest_highest is None and not forfeits
    if forfeits and node.get("points") is None:
        r.lines[p + ".points"] = r.lines[p + ".forfeits_base"]
    points = r.number(node, "points", p + ".points", default=None if needs_points else Decimal(0))
    return PenaltyKind(key, r.text(node, "name", p + ".name"), points,
                       r.flag(node, "loses_eligibility", False) if isinstance(node, dict) else False,
                       lowest_highest, forfeits)


SECRECY_MARKS = ("", "公开", "内部")


def parse_own(r: _Reader, node: dict, p: str) -> OwnPublication | None:
    """publications.<key>.own: the office's own publication (columns come from publications.<key>.columns)."""
    own = node.get("own")
    r.lines[p + ".own"] = r.at(node, "own")
    key = p.split(".", 1)[1]
    if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
        r.diags.append(error(r.at(node, "own"), "RULES-KEY", f"自办刊物的键名“{key}”只能用小写字母、数字和下划线",
                             "期刊编号和文件名由它组成，如 city_express"))
    if own is True:
        own = {}
    if not isinstance(own, dict):
        r.diags.append(error(r.at(node, "own"), "RULES-TYPE", f"“{p}.own”应是“键: 值”的映射（或 true）",
                             "如 own: {copies: 60}；不是本办自办的刊物删去 own 这一项"))
        return None
    copies = r.optional(own, "copies", p + ".own.copies", integer=True)
    total = r.optional(own, "total_before", p + ".own.total_before", integer=True)
    for key, value, least in (("copies", copies, 1), ("total_before", total, 0)):
        if value is not None and value < least:
            r.diags.append(error(r.at(own, key), "RULES-TYPE", f"“{p}.own.{key}”应是不小于 {least} 的整数，现在是“{value}”"))
    secrecy = str(own.get("secrecy") or "").strip()
    if secrecy not in SECRECY_MARKS:
        r.diags.append(error(r.at(own, "secrecy"), "BAD-SECRECY", f"自办刊物的密级“{secrecy}”无效",
                             "只能是“内部”或不写（公开）；涉密刊物不得用本工具编印"))
        secrecy = ""
    columns = []
    raw = node.get("columns") or {}
    if not isinstance(raw, dict):
        r.diags.append(error(r.at(node, "columns"), "RULES-TYPE", f"“{p}.columns”应是“栏目键名: {{name: 栏目名}}”的映射"))
        raw = {}
    for ckey, cnode in raw.items():
        name = cnode.get("name") if isinstance(cnode, dict) else None
        if name:
            columns.append((str(ckey), str(name)))
    return OwnPublication(tuple(columns), copies, total, "" if secrecy == "公开" else secrecy,
                          str(own.get("masthead") or "").strip())


def parse_fees(r: _Reader, data: dict, levels: dict) -> Fees:
    node = r.mapping(data, "fees", "fees", required=False)
    basis = r.text(node, "basis", "fees.basis", default="points")
    joint = r.text(node, "joint", "fees.joint", default="split")
    for key, value, allowed in (("basis", basis, ("points", "count")), ("joint", joint, ("split", "full"))):
        if value not in allowed:
            r.diags.append(error(r.at(node, key), "RULES-TYPE", f"fees.{key} 只能是 {' 或 '.join(allowed)}，现在是“{value}”"))
    per_adoption = {}
    rates = r.mapping(node, "per_adoption", "fees.per_adoption", required=basis == "count" and bool(node))
    for key in rates:
        per_adoption[str(key)] = r.number(rates, key, f"fees.per_adoption.{key}", positive=True)
        if str(key) not in levels:
            r.diags.append(error(r.at(rates, key), "UNKNOWN-LEVEL", f"级别“{key}”不在 levels 中", did_you_mean(key, levels)))
    per_point = r.number(node, "per_point", "fees.per_point", default=None if basis == "points" and node else Decimal(0),
                         positive=True)
    return Fees(basis, per_point, per_adoption, r.optional(node, "cap_per_person", "fees.cap_per_person", positive=True), joint)


def parse_followup(r: _Reader, data: dict, penalties: dict) -> Followup:
    node = r.mapping(data, "followup", "followup", required=False)
    penalty = node.get("overdue_penalty") if isinstance(node, dict) else None
    if penalty is not None:
        r.lines["followup.overdue_penalty"] = r.at(node, "overdue_penalty")
        if str(penalty) not in penalties:
            r.diags.append(error(r.at(node, "overdue_penalty"), "UNKNOWN-PENALTY", f"扣分类型“{penalty}”未在 penalties 中定义",
                                 did_you_mean(penalty, penalties)))
    return Followup(r.number(node, "due_days", "followup.due_days", default=15, integer=True, positive=True),
                    str(penalty) if penalty is not None else None)


def parse_office(data, rel: str = OFFICE_FILE) -> tuple[Office, list[Diagnostic]]:
    if data is None:
        return Office(), []
    if not isinstance(data, dict):
        return Office(), [error(Source(rel, 1), "RULES-TYPE", "office.yaml 应是“键: 值”的映射")]
    defaults, values, diags = Office(), {}, []

    def at(key):
        lc = getattr(data, "lc", None)
        return Source(rel, lc.key(key)[0] + 1 if lc and key in data else 1)
    for key, default in ((k, getattr(Office(), k)) for k in Office.__dataclass_fields__):
        raw = data.get(key)
        if raw is None or raw == "":
            continue
        if key == "briefings":
            values[key] = parse_briefings(raw, at(key), diags)
            continue
        if isinstance(default, tuple):
            if isinstance(raw, str):
                raw = [raw]
            if not isinstance(raw, list) or not all(isinstance(x, (str, int, float)) for x in raw):
                diags.append(error(at(key), "RULES-TYPE", f"{key} 应是一串文字，每段一行，以“- ”开头",
                                   "例如：\n  - （一）提高认识。……"))
                continue
            values[key] = tuple(str(x).strip() for x in raw if str(x).strip())
        elif isinstance(default, bool):
            if not isinstance(raw, bool):
                diags.append(error(at(key), "RULES-TYPE", f"{key} 应为 true 或 false，现在是“{raw}”",
                                   "是写 true，否写 false（不要写“是”“否”）"))
                continue
            values[key] = raw
        elif isinstance(default, int):
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
                diags.append(error(at(key), "RULES-TYPE", f"{key} 应是不小于 0 的整数，现在是“{raw}”"))
                continue
            values[key] = raw
        else:
            values[key] = str(raw).strip()
    known = set(Office.__dataclass_fields__)
    for key in data:
        if key not in known:
            diags.append(warning(at(key), "RULES-KEY", f"office.yaml 里的“{key}”不认识，已忽略",
                                 did_you_mean(key, sorted(known))))
    return replace(defaults, **values), diags


DISTRIBUTION_KEYS = {"editor": "编印单位", "report": "报", "send": "送", "issue_to": "发"}


def parse_briefings(raw, where: Source, diags: list[Diagnostic]) -> dict:
    """office.yaml briefings: {pub key: {editor, report, send, issue_to}} for the 简报's 报头 and 报尾."""
    if not isinstance(raw, dict):
        diags.append(error(where, "RULES-TYPE", "briefings 应是“刊物键名: {editor: …, report: …}”的映射"))
        return {}
    found = {}
    for pub, node in raw.items():
        lc = getattr(raw, "lc", None)
        line = Source(where.path, lc.key(pub)[0] + 1) if lc else where
        if not isinstance(node, dict):
            diags.append(error(line, "RULES-TYPE", f"briefings.{pub} 应是“键: 值”的映射",
                               "如 report: 市委、市政府领导；send: …；issue_to: …"))
            continue
        bad = [k for k in node if k not in DISTRIBUTION_KEYS]
        for key in bad:
            diags.append(warning(line, "RULES-KEY", f"briefings.{pub} 里的“{key}”不认识，已忽略",
                                 did_you_mean(key, sorted(DISTRIBUTION_KEYS))))
        found[str(pub)] = Distribution(**{k: str(node.get(k) or "").strip() for k in DISTRIBUTION_KEYS})
    return found


def check_briefings(rules: Rules, office: Office) -> list[Diagnostic]:
    """office.yaml may only give distribution lists for the publications points.yaml marks as own."""
    out = []
    for pub in office.briefings:
        if pub not in rules.publications or rules.publications[pub].own is None:
            own = list(rules.own_publications)
            out.append(error(Source(OFFICE_FILE), "UNKNOWN-PUB", f"briefings 中的“{pub}”不是自办刊物",
                             did_you_mean(pub, own) if own else "在 rules/points.yaml 的该刊物下写 own: 一节，或删去 briefings 中的这一项"))
    return out


def load_rules(root: Path) -> tuple[Rules | None, Office, bool, list[Diagnostic]]:
    """(rules, office, whether office.yaml was read, diagnostics). office.yaml is optional: without
    it the defaults stand in; when it is there but cannot be read as a mapping, its error stands
    and the defaults are no one's (see Workspace.office_warnings)."""
    data, diags = load_yaml_lines(root / POINTS_FILE, POINTS_FILE)
    rules = None
    if not diags:
        rules, more = parse_rules(data)
        diags += more
    office_data, office_diags = load_yaml_lines(root / OFFICE_FILE, OFFICE_FILE)
    if office_diags and office_diags[0].code == "RULES-MISSING":
        office_diags = []  # the office file is optional: defaults stand in
    office, more = parse_office(office_data)
    read = not office_diags and (office_data is None or isinstance(office_data, dict))
    if rules is not None:
        more += check_briefings(rules, office)
    return rules, office, read, diags + office_diags + more
