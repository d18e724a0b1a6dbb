"""The office's records: one small YAML file per fact, under data/records/YYYY/MM/.

An item belongs to the unit that wrote it; the office never rewrites it. What the office
learns (an adoption, an instruction, a call for articles, a penalty, an excellent-item
choice) is a new file of its own, and a mistake is undone by a `withdraw` record, never by
editing or deleting. New files only: two git clones merge without conflicts.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import ClassVar, Optional, Tuple

import yaml

from govinfo.core import dates
from govinfo.core.diagnostics import Diagnostic, Source, UserError, error, warning
from govinfo.core.text import CONTROL_HINT, bad_character
from govinfo.store.frontmatter import read_document
from govinfo.store.ids import allocate, parse_record_id, site_code
from govinfo.store.items import classification_mark, copy_hint, read_bytes, read_months
from govinfo.core.suggest import did_you_mean

# field -> kind of value; a trailing ? marks an optional field
SPECS: dict[str, dict[str, str]] = {
    "adopt": {"item": "item", "pub": "text", "issue": "text", "date": "date", "special": "bool?", "route": "text?",
              "format": "text?"},
    "instruct": {"item": "item", "level": "text", "leader": "text", "date": "date", "note": "text?",
                 "assignee": "text?", "due": "date?"},
    "feedback": {"instruction": "text", "date": "date", "text": "text"},
    "solicit": {"topic": "text", "units": "list", "deadline": "date", "date": "date", "note": "text?"},
    "penalty": {"unit": "text", "penalty": "text", "date": "date", "note": "text?", "points": "decimal?"},
    "excellent": {"item": "item", "year": "text", "date": "date"},
    "withdraw": {"target": "text", "date": "date", "reason": "text?"},
    "forward": {"item": "item", "to": "text", "date": "date"},  # 转报: the office sent the item up to publication `to`
    "judge": {"item": "item", "qualified": "bool", "date": "date", "note": "text?"},  # 评定: meets the standard or not
    "correct": {"item": "item", "field": "text", "value": "text", "date": "date", "reason": "text?"},  # 更正 an item
}
CORRECTABLE = {"category": "信息类别", "title": "标题", "drafter": "拟稿人", "submitted": "报送日期"}
KIND_ZH = {"adopt": "采用", "instruct": "批示", "solicit": "约稿", "penalty": "扣分", "excellent": "优秀信息",
           "withdraw": "撤销", "feedback": "办理反馈", "forward": "转报",
           "judge": "评定", "correct": "更正"}
COMMON = ("id", "kind", "recorded_at")
MAX_SHORT_FIELD = 200  # a title (items.MAX_TITLE_CHARS) is the longest one-line field
MULTILINE = ("text", "note", "reason")  # fields that may hold several lines (a feedback report)
# Limits on what a command writes (not on what is read: an older, longer note still counts).
NEW_TEXT_LIMITS = {"note": 1000, "reason": 1000, "text": 20_000}
TEXT_FIELD_ZH = {"note": "说明", "reason": "原因", "text": "办理情况"}
TRUE = ("true", "yes", "是", "1")
FALSE = ("false", "no", "否", "0", "")


@dataclass(frozen=True)
class Record:
    """One fact the office recorded, as read from its file (`source`, and the line of each key).
    Each kind is a subclass below with typed fields; `kind` is the word used in files and ids."""
    id: str
    date: date
    source: Source = Source("")
    key_lines: dict = field(default_factory=dict, compare=False, hash=False)
    kind: ClassVar[str] = ""
    item = None  # kinds about an item have a field of this name

    def get(self, key: str, default=None):
        """A field chosen by name at run time (validation tables, JSON output)."""
        value = getattr(self, key, None) if key in SPECS[self.kind] else None
        return default if value is None else value

    def at(self, key: str) -> Source:
        return Source(self.source.path, self.key_lines.get(key, 1))

    @property
    def fields(self) -> dict:
        """The fields the file holds, by name (for JSON output)."""
        return {k: getattr(self, k) for k in SPECS[self.kind] if getattr(self, k) is not None}


@dataclass(frozen=True)
class Adoption(Record):
    """采用: publication `pub` printed the item in issue `issue` (a special issue when `special`)."""
    kind: ClassVar[str] = "adopt"
    item: str = ""
    pub: str = ""
    issue: str = ""
    special: Optional[bool] = None
    route: Optional[str] = None  # an upper publication's adoption: "forwarded" (转报 by this office) or "direct" (直报)
    format: Optional[str] = None  # the outlet's format key (简讯, 全文, 图片…) when the publication prices formats apart

    @property
    def issue_label(self) -> str:
        """The issue as printed: 15 typed bare reads 第15期 (and 十七, 第十七期); any other form as typed."""
        bare = self.issue.strip()
        return f"第{bare}期" if _BARE_NUMBER.fullmatch(bare) else self.issue


_BARE_NUMBER = re.compile(r"\d{1,4}|[零〇一二三四五六七八九十百]{1,6}")


@dataclass(frozen=True)
class Instruction(Record):
    """批示: a leader of `level` instructed on the item; `assignee` reports back by `due`."""
    kind: ClassVar[str] = "instruct"
    item: str = ""
    level: str = ""
    leader: str = ""
    note: Optional[str] = None
    assignee: Optional[str] = None
    due: Optional[date] = None


@dataclass(frozen=True)
class Feedback(Record):
    """批示件办理反馈: the assignee's report on `instruction` (an instruction record id)."""
    kind: ClassVar[str] = "feedback"
    instruction: str = ""
    text: str = ""


@dataclass(frozen=True)
class Call(Record):
    """约稿: the office asked `units` for an item on `topic` by `deadline`."""
    kind: ClassVar[str] = "solicit"
    topic: str = ""
    units: Tuple[str, ...] = ()
    deadline: Optional[date] = None
    note: Optional[str] = None

    def outcomes(self, answers) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(answered on time, answered late, not answered): each unit asked, by its first answer among
        `answers` (the items naming this call). The one rule the status page, scoring and the notice share."""
        on_time, late, missing = [], [], []
        for code in self.units:
            days = [i.submitted.date() for i in answers if code in i.units]
            (on_time if days and min(days) <= self.deadline else late if days else missing).append(code)
        return tuple(on_time), tuple(late), tuple(missing)


@dataclass(frozen=True)
class Penalty(Record):
    """扣分: `unit` is charged the rules' penalty kind `penalty`."""
    kind: ClassVar[str] = "penalty"
    unit: str = ""
    penalty: str = ""
    note: Optional[str] = None
    points: Optional[Decimal] = None  # the amount chosen within the kind's points_range (失实 −50 to −100)


@dataclass(frozen=True)
class Excellent(Record):
    """优秀政务信息: the item was chosen one of the year's excellent items."""
    kind: ClassVar[str] = "excellent"
    item: str = ""
    year: str = ""


@dataclass(frozen=True)
class Withdrawal(Record):
    """撤销: the record `target` no longer counts (it stays on disk)."""
    kind: ClassVar[str] = "withdraw"
    target: str = ""
    reason: Optional[str] = None


@dataclass(frozen=True)
class Forward(Record):
    """转报: the office sent the item up to the upper publication `to`."""
    kind: ClassVar[str] = "forward"
    item: str = ""
    to: str = ""


@dataclass(frozen=True)
class Judgement(Record):
    """评定: the office's judgement whether the item meets its standard (符合要求); the latest counts."""
    kind: ClassVar[str] = "judge"
    item: str = ""
    qualified: bool = False
    note: Optional[str] = None


@dataclass(frozen=True)
class Correction(Record):
    """更正: the office corrects one field of an item (the unit's file is never rewritten)."""
    kind: ClassVar[str] = "correct"
    item: str = ""
    field: str = ""   # category | title | drafter | submitted (CORRECTABLE)
    value: str = ""
    reason: Optional[str] = None


KINDS: dict[str, type] = {cls.kind: cls for cls in (Adoption, Instruction, Feedback, Call, Penalty, Excellent, Withdrawal,
                                                    Forward, Judgement, Correction)}


def _typed(typ: str, value):
    """A field's value as its record class holds it: dates as dates, lists as tuples."""
    base = typ.rstrip("?")
    if base == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if base == "list" and isinstance(value, (list, tuple)):
        return tuple(value)
    if base == "bool" and isinstance(value, str):
        return value.strip().lower() in TRUE
    if base == "decimal" and isinstance(value, str):
        return Decimal(value)
    return value


NO_SOURCE = Source("")


def make_record(kind: str, rid: str, when: date, fields: dict, source: Source = NO_SOURCE,
                key_lines: dict | None = None) -> Record:
    """The typed record of `kind` from its fields by name (only the kind's own fields are taken)."""
    spec = SPECS[kind]
    values = {k: _typed(spec[k], v) for k, v in fields.items() if k in spec and k != "date"}
    return KINDS[kind](id=rid, date=when, source=source, key_lines=key_lines or {}, **values)


def render_record(fields: dict) -> bytes:
    header = f"# {KIND_ZH[fields['kind']]}记录：由 govinfo 生成。如有错误请用 govinfo withdraw 撤销后重新登记，不要直接修改。\n"
    return (header + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=False)).encode("utf-8")


def write_record(root: Path, kind: str, when: date, fields: dict, folder: Path | None = None,
                 site: str | None = None, recorded_at: str | None = None) -> Record:
    """Publish a new record file with a fresh id; the folder is the month of `when`."""
    folder = folder or root / "data" / "records" / f"{when.year:04d}" / f"{when.month:02d}"
    prefix = f"{kind}-{folder.parent.name}{folder.name}-{site or site_code(root)}-"
    recorded_at = recorded_at or dates.format_datetime(dates.now()).replace(" ", "T") + "+08:00"
    payload: dict = {}

    def render(stem: str) -> bytes:
        payload.clear()
        payload.update({"id": stem, "kind": kind, **fields, "date": when.isoformat(), "recorded_at": recorded_at})
        return render_record(payload)

    check_before_writing(kind, render(f"{prefix}0000"), (folder / f"{prefix}0000.yaml").relative_to(root).as_posix(), fields)
    stem = allocate(folder, prefix, ".yaml", render)
    rel = (folder / f"{stem}.yaml").relative_to(root).as_posix()
    return make_record(kind, stem, when, dict(payload), Source(rel, 1))


def check_before_writing(kind: str, data: bytes, rel: str, fields: dict | None = None) -> None:
    """Read back the record that would be written: what validate would refuse is refused now,
    said of the command (the file is never written). A text over its limit is said first, of its
    option: a long enough one would otherwise only be "the record file is too large"."""
    too_long = []
    for key, limit in NEW_TEXT_LIMITS.items():  # a note is a sentence or two; a file holds more when needed
        value = (fields or {}).get(key)
        if isinstance(value, str) and len(value) > limit:
            too_long.append(error(Source(f"govinfo {KIND_COMMAND[kind]} --{key}"), "FIELD-TOO-LONG",
                                  f"{TEXT_FIELD_ZH[key]}有 {len(value):,} 个字，超过上限 {limit:,} 字",
                                  "长篇的办理情况只写要点，或分几次反馈" if key == "text" else "这里只写一两句话"))
    if too_long:
        raise UserError(too_long)
    doc, diags = read_document(data, Source(rel), front_matter=False)
    if doc is not None:
        diags += build_record(doc, rel)[1]
    # unreadable (a control character in it): the fields as given still say which option gave what
    data_fields = doc.data if doc is not None and isinstance(doc.data, dict) else dict(fields or {})
    lines = data.decode("utf-8", "replace").split("\n")
    problems = [_said_of_option(kind, d, lines, data_fields) for d in diags if d.severity == "error"]
    if problems:
        raise UserError(problems)


def _said_of_option(kind: str, d: Diagnostic, lines: list[str], fields: dict) -> Diagnostic:
    """A problem found in the record about to be written, said of the command's option that gave
    the field (`govinfo adopt --issue`), without the file's field name."""
    cmd = f"govinfo {KIND_COMMAND[kind]}"
    text = lines[d.source.line - 1] if 0 < d.source.line <= len(lines) else ""
    key = text.split(":", 1)[0].strip() if ":" in text and not text.startswith(("#", " ")) else ""
    if key in ("", "id", "kind", "date", "recorded_at", "item", "target", "instruction"):
        return replace(d, source=Source(cmd))
    option = key  # each command's option is named as the field it fills
    if key == "value":  # a correction: the option names the field corrected
        field = str(fields.get("field", ""))
        option = "date" if field == "submitted" else field or "value"
    message = d.message.replace(f"字段 {key} ", "").replace(f"字段 {key}", "").replace("YAML 格式错误：值里", "")
    return replace(d, source=Source(f"{cmd} --{option}"), message=message)


KIND_COMMAND = {"adopt": "adopt", "instruct": "instruct", "feedback": "feedback", "solicit": "solicit new",
                "penalty": "penalty add", "excellent": "excellent", "withdraw": "withdraw", "forward": "forward",
                "judge": "judge", "correct": "correct"}


def build_record(doc, rel: str) -> tuple[Record | None, list[Diagnostic]]:
    src = Source(rel, 1)
    data = doc.data
    if data is None:  # a 0-byte file, or one of blank lines and comments only
        return None, [error(src, "EMPTY-FILE", "记录文件是空的",
                            "它多半是复制或保存到一半留下的：从备份中恢复，或确认不需要后移出 data/")]
    if not isinstance(data, dict):
        return None, [error(src, "FM-NOT-MAPPING", "记录文件应是“字段: 值”的映射", "每行写一个字段，如 kind: adopt")]
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in SPECS:
        shown = f"“{kind[:40]}”" if isinstance(kind, str) else ""
        return None, [error(doc.line_of("kind"), "UNKNOWN-KIND", f"未知的记录类型{shown}",
                            did_you_mean(kind if isinstance(kind, str) else "", list(SPECS)))]
    diags: list[Diagnostic] = []
    rid = data.get("id")
    stem = Path(rel).stem
    if not isinstance(rid, str) or parse_record_id(rid) is None:
        diags.append(error(doc.line_of("id"), "BAD-ID", f"记录编号“{str(rid)[:40]}”格式不对", "记录由 govinfo 命令生成，请不要手改编号"))
    elif rid != stem:
        diags.append(error(doc.line_of("id"), "ID-FILENAME", f"记录编号“{rid}”与文件名“{Path(rel).name}”不一致",
                           copy_hint(stem, rid, ".yaml") or (f"把 id 改回 {stem}（要改文件名，先确认没有叫 {rid}.yaml 的文件）"
                                                             if parse_record_id(stem) else f"把文件改名为 {rid}.yaml")))
    elif not rid.startswith(kind + "-"):
        diags.append(error(doc.line_of("kind"), "ID-KIND", f"记录编号“{rid}”与类型“{kind}”不一致"))
    fields: dict = {}
    spec = SPECS[kind]
    for key, typ in spec.items():
        optional = typ.endswith("?")
        typ = typ.rstrip("?")
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if not optional:
                diags.append(error(doc.line_of(key) if key in data else src, "FIELD-MISSING",
                                   f"{KIND_ZH[kind]}记录缺少字段 {key}"))
            continue
        bad = next(filter(None, (bad_character(v, one_line=typ != "text" or key not in MULTILINE)
                                 for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))), None)
        if bad:
            diags.append(error(doc.line_of(key), "CONTROL-CHAR", f"字段 {key} 含有控制字符（{bad[1]}）", CONTROL_HINT))
            continue
        if typ == "list":
            if isinstance(value, str):
                value = [v.strip() for v in value.replace("，", ",").split(",") if v.strip()]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                diags.append(error(doc.line_of(key), "FIELD-TYPE", f"字段 {key} 应是列表"))
                continue
            unique = tuple(dict.fromkeys(value))
            if len(unique) < len(value):  # a unit asked twice is one unit asked (and penalised) once
                twice = "、".join(dict.fromkeys(v for i, v in enumerate(value) if v in value[:i]))
                diags.append(warning(doc.line_of(key), "DUPLICATE-IN-LIST", f"字段 {key} 里“{twice}”写了不止一次，只算一次",
                                     "删去重复的一项"))
            fields[key] = unique
            continue
        if not isinstance(value, str):
            diags.append(error(doc.line_of(key), "FIELD-TYPE", f"字段 {key} 应是一段文字"))
            continue
        value = value.strip()
        if typ == "date":
            parsed = dates.parse_date(value)
            if parsed is None:
                diags.append(error(doc.line_of(key), "BAD-DATE", f"{key}“{value}”不是有效日期", "写成 2026-10-12"))
                continue
            fields[key] = parsed
        elif typ == "decimal":
            try:
                fields[key] = Decimal(value)
                if not fields[key].is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                fields.pop(key, None)
                diags.append(error(doc.line_of(key), "FIELD-TYPE", f"字段 {key} 应是一个数，现在是“{value[:20]}”", "写成 -80 或 -80.5"))
                continue
        elif typ == "bool":
            if value.lower() not in TRUE + FALSE:
                diags.append(error(doc.line_of(key), "FIELD-TYPE", f"字段 {key} 应为 true 或 false"))
                continue
            fields[key] = value.lower() in TRUE
        elif key not in MULTILINE and len(value) > MAX_SHORT_FIELD:  # 期号, 领导, 刊物: a line, not a page
            diags.append(error(doc.line_of(key), "FIELD-TOO-LONG", f"字段 {key} 有 {len(value)} 个字，超过上限 {MAX_SHORT_FIELD} 字",
                               "这里只写一行简短的文字：一个名称、编号或一句话"))
        else:
            fields[key] = value
    for key in data:
        if key not in spec and key not in COMMON:
            diags.append(warning(doc.line_of(str(key)), "UNKNOWN-KEY", f"未知字段“{key}”，将被忽略",
                                 did_you_mean(key, list(spec) + list(COMMON))))
    classified = _classified_field(fields)
    if classified:  # a note, a reason or a corrected title is text as much as an item is
        key, level = classified
        return None, [error(doc.line_of(key), "CLASSIFIED",
                            f"字段 {key} 带有密级标志“{level}”，涉密内容不得存放在普通办公计算机上，本工具不读取其内容",
                            "涉密内容须按保密规定通过涉密渠道处理：删去这段文字；已写入的记录请移出本机")]
    if any(d.severity == "error" for d in diags):
        return None, diags
    return make_record(kind, rid, fields["date"], fields, src, doc.key_lines), diags


def _classified_field(fields: dict) -> tuple[str, str] | None:
    """(field, level) of the first text field that opens with a classification mark."""
    for key, value in fields.items():
        for text in value if isinstance(value, tuple) else (value,):
            mark = classification_mark(text) if isinstance(text, str) else None
            if mark:
                return key, mark
    return None


def read_record(path: Path | str, rel: str) -> tuple[Record | None, list[Diagnostic]]:
    try:
        raw = read_bytes(path)
    except OSError as exc:
        return None, [error(Source(rel), "READ", f"无法读取文件：{exc.strerror or exc}")]
    doc, diags = read_document(raw, Source(rel), front_matter=False)
    if doc is None:
        return None, diags
    rec, more = build_record(doc, rel)
    return rec, diags + more


def read_records(root: Path, since: tuple[int, int] | None = None, kinds: tuple[str, ...] | None = None,
                 until: tuple[int, int] | None = None, about: set[str] | None = None
                 ) -> tuple[list[Record], list[Diagnostic]]:
    """Every record from month `since` to month `until` (open ends when None), optionally only some
    kinds, and with `about` only records about one of those items (or about no item): the local
    index tests this before decoding anything."""
    prefixes = tuple(k + "-" for k in kinds) if kinds else None
    match = (lambda item, _body: not item or item in about) if about is not None else None
    return read_months(root, "records", ".yaml", read_record, RECORD_CODEC, since, until, prefixes, match=match)


def _record_out(rec: Record) -> tuple[list, str, None]:
    """(JSON data, the item it is about in the index's title column, no body)."""
    fields = {k: (v.isoformat() if isinstance(v, date) else list(v) if isinstance(v, tuple)
                  else str(v) if isinstance(v, Decimal) else v) for k, v in rec.fields.items()}
    return [rec.id, rec.kind, fields, rec.key_lines], rec.item or "", None


def _record_in(row: list, rel: str, _body=None) -> Record:
    rid, kind, fields, lines = row
    return make_record(kind, rid, date.fromisoformat(fields["date"]), fields, Source(rel, 1), lines)


RECORD_CODEC = (_record_out, _record_in)


def active(records: list[Record]) -> list[Record]:
    """Records in force: withdraw records and the records they withdraw are dropped."""
    withdrawn = {r.target for r in records if isinstance(r, Withdrawal)}
    return [r for r in records if not isinstance(r, Withdrawal) and r.id not in withdrawn]
