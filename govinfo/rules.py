"""The office's rules (rules/points.yaml) and identity (rules/office.yaml), as immutable data.

Rules files are small and edited by people, so they are read with ruamel.yaml, which keeps
each key's line: a mistake in a rules file gets `path:line` like any other file, and a point
can later be traced back to the rule line that gave it.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as RuamelError

from govinfo.diagnostics import Diagnostic, Source, error, warning
from govinfo.frontmatter import yaml_problem

POINTS_FILE = "rules/points.yaml"
OFFICE_FILE = "rules/office.yaml"


@dataclass(frozen=True)
class UnitCategory:
    key: str
    name: str
    monthly_quota: int
    annual_target: Decimal


@dataclass(frozen=True)
class Publication:
    key: str
    name: str
    level: str


@dataclass(frozen=True)
class PenaltyKind:
    key: str
    name: str
    points: Decimal
    loses_eligibility: bool = False


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
    lines: dict[str, Source] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Office:
    office_name: str = "某某市人民政府办公室"
    office_short: str = "市政府办公室"
    section_name: str = "信息科"
    city_name: str = "某某市"
    doc_prefix: str = "某政办通"


def did_you_mean(value: str, choices) -> str:
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.5)
    listing = "、".join(str(c) for c in choices)
    if close:
        return f"是不是“{close[0]}”？可选：{listing}"
    return f"可选：{listing}"


def load_rt_yaml(path: Path, rel: str) -> tuple[object, list[Diagnostic]]:
    """Round-trip load (comments and lines kept); errors point at their line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [error(Source(rel), "RULES-MISSING", f"找不到规则文件 {rel}",
                            "运行 govinfo init 重新生成工作区，或从备份中恢复这个文件")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [error(Source(rel, 1), "ENCODING", "规则文件不是 UTF-8 编码",
                            "用记事本打开，“另存为”时编码选“UTF-8”后保存")]
    try:
        return YAML(typ="rt").load(text), []
    except RuamelError as exc:
        line, problem = yaml_problem(exc)
        return None, [error(Source(rel, line + 1), "YAML", f"YAML 格式错误：{problem}",
                            "检查这一行的缩进、冒号后的空格和引号是否成对")]


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

    def number(self, node, key, path: str, default=None, integer: bool = False):
        value = node.get(key) if isinstance(node, dict) else None
        if value is None:
            if default is None:
                self.diags.append(error(self.at(node, key), "RULES-FIELD", f"规则缺少“{path}”（应为数字）"))
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
            self.diags.append(error(self.at(node, key), "RULES-TYPE", f"“{path}”应为{kind}，现在是“{value}”"))
            return Decimal(0) if not integer else 0
        return int(number) if integer else number

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
    cats = {}
    for key, node in r.mapping(data, "unit_categories", "unit_categories").items():
        p = f"unit_categories.{key}"
        cats[str(key)] = UnitCategory(str(key), r.text(node, "name", p + ".name"),
                                      r.number(node, "monthly_quota", p + ".monthly_quota", integer=True),
                                      r.number(node, "annual_target", p + ".annual_target"))
    adoption = r.mapping(data, "adoption", "adoption")
    multipliers = {}
    for key in r.mapping(adoption, "multipliers", "adoption.multipliers"):
        multipliers[str(key)] = r.number(adoption["multipliers"], key, f"adoption.multipliers.{key}")
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
        pubs[str(key)] = Publication(str(key), r.text(node, "name", p + ".name"), level)
    instructions = {}
    instr_node = r.mapping(data, "instructions", "instructions")
    for key in instr_node:
        instructions[str(key)] = r.number(instr_node, key, f"instructions.{key}")
        if str(key) not in levels:
            r.diags.append(error(r.at(instr_node, key), "UNKNOWN-LEVEL", f"批示级别“{key}”不在 levels 中",
                                 did_you_mean(key, levels)))
    penalties = {}
    for key, node in r.mapping(data, "penalties", "penalties").items():
        p = f"penalties.{key}"
        penalties[str(key)] = PenaltyKind(str(key), r.text(node, "name", p + ".name"),
                                          r.number(node, "points", p + ".points"),
                                          bool(node.get("loses_eligibility", False)) if isinstance(node, dict) else False)
    excellent = r.mapping(data, "excellent", "excellent", required=False)
    checks = r.mapping(data, "checks", "checks", required=False)
    item_categories = data.get("item_categories")
    if not isinstance(item_categories, list) or not item_categories:
        r.diags.append(error(r.at(data, "item_categories"), "RULES-FIELD", "item_categories 应是非空的类别列表"))
        item_categories = []
    r.lines["item_categories"] = r.at(data, "item_categories")
    rules = Rules(
        name=r.text(data, "name", "name", default="计分办法"),
        submission_points=r.number(data, "submission_points", "submission_points", default=Decimal(0)),
        item_categories=tuple(str(c) for c in item_categories),
        unit_categories=cats,
        levels=levels,
        base_points=r.number(adoption, "base_points", "adoption.base_points", default=Decimal(1)),
        special_points=r.number(adoption, "special_points", "adoption.special_points", default=Decimal(0)),
        multipliers=multipliers,
        combine=combine,
        publications=pubs,
        instructions=instructions,
        excellent_points=r.number(excellent, "points", "excellent.points", default=Decimal(0)),
        excellent_per_year=r.number(excellent, "per_year", "excellent.per_year", default=0, integer=True),
        penalties=penalties,
        min_body_chars=r.number(checks, "min_body_chars", "checks.min_body_chars", default=60, integer=True),
        near_duplicate_similarity=float(r.number(checks, "near_duplicate_similarity",
                                                 "checks.near_duplicate_similarity", default=Decimal("0.8"))),
        lines=r.lines,
    )
    known = {"name", "submission_points", "item_categories", "unit_categories", "levels", "adoption",
             "publications", "instructions", "excellent", "penalties", "checks"}
    for key in data:
        if str(key) not in known:
            r.diags.append(warning(r.at(data, key), "UNKNOWN-KEY", f"规则中有未知的键“{key}”，将被忽略",
                                   did_you_mean(key, sorted(known))))
    return rules, r.diags


def parse_office(data, rel: str = OFFICE_FILE) -> tuple[Office, list[Diagnostic]]:
    if data is None:
        return Office(), []
    if not isinstance(data, dict):
        return Office(), [error(Source(rel, 1), "RULES-TYPE", "office.yaml 应是“键: 值”的映射")]
    defaults = Office()
    values = {k: str(data.get(k) or getattr(defaults, k)) for k in Office.__dataclass_fields__}
    return Office(**values), []


def load_rules(root: Path) -> tuple[Rules | None, Office, list[Diagnostic]]:
    data, diags = load_rt_yaml(root / POINTS_FILE, POINTS_FILE)
    rules = None
    if not diags:
        rules, more = parse_rules(data)
        diags += more
    office_data, office_diags = load_rt_yaml(root / OFFICE_FILE, OFFICE_FILE)
    if office_diags and office_diags[0].code == "RULES-MISSING":
        office_diags = []  # the office file is optional: defaults stand in
    office, more = parse_office(office_data)
    return rules, office, diags + office_diags + more
