"""Intake: turn what a clerk types or hands over (.txt/.md/.docx) into a new item file."""
from __future__ import annotations

import hashlib
import re

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import yaml

from govinfo.core import dates
from govinfo.core.periods import FIRST_YEAR, shift_month
from govinfo.core.diagnostics import Source, UserError, error
from govinfo.core.text import CONTROL_HINT, bad_character, shown
from govinfo.store.frontmatter import decode_text_file
from govinfo.store.ids import allocate, site_code
from govinfo.store.locks import exclusive
from govinfo.store.paths import check_office_package, read_limited
from govinfo.store.items import (CLASSIFIED, MAX_NAME_CHARS, OPEN_LEVELS, Item, build_item, classification_mark,
                                 is_classified, level_of, secrecy_shown)
from govinfo.store.frontmatter import read_document
from govinfo.core.suggest import did_you_mean
from govinfo.store.roster import unknown_unit_hint
from govinfo.store.workspace import Workspace

MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024  # a body file; an item file holds at most 2 MB
MAX_BODY_CHARS = 100_000  # characters of body text; a 信息 is a few hundred to a few thousand

FIELD_ORDER = ("id", "title", "unit", "joint_units", "drafter", "reviewer", "submitted", "category",
               "solicitation", "event_time", "secrecy", "source_sha256")


@dataclass(frozen=True)
class Draft:
    """What the clerk gave; None where the clerk gave nothing (the CLI may then ask)."""
    unit: str | None = None
    title: str | None = None
    drafter: str | None = None
    reviewer: str | None = None
    submitted: str | None = None
    category: str | None = None
    body: str | None = None
    solicitation: str | None = None
    event_time: str | None = None
    secrecy: str = "公开"
    joint_units: tuple[str, ...] = ()
    source_sha256: str | None = None


def read_body_file(path: Path) -> tuple[str | None, str]:
    """(first line or paragraph as a title candidate, the rest) from .txt/.md/.docx."""
    lines = body_lines(path)
    if not lines:
        return None, ""
    title = lines[0].strip().lstrip("#").strip()
    return title, "\n".join(lines[1:]).strip("\n")


def body_lines(path: Path) -> list[str]:
    """The file's lines as written (trailing spaces and leading blank lines dropped), each checked,
    from .txt/.md/.docx."""
    where = Source(str(path))
    if path.is_dir():
        raise UserError(error(where, "NOT-A-FILE", f"“{path}”是文件夹，不是正文文件", "给出文件夹里那个 .txt、.md 或 .docx 文件的路径"))
    if not path.is_file():
        raise UserError(error(where, "NO-FILE", f"找不到正文文件“{path}”", "检查文件名和路径是否写对"))
    suffix = path.suffix.lower()
    if suffix == ".docx":
        lines = _docx_paragraphs(path)
    elif suffix in (".txt", ".md", ".text", ""):
        text, _ = decode_text_file(read_limited(path, MAX_TEXT_FILE_BYTES))
        if text is None:
            raise UserError(error(where, "ENCODING", "无法识别正文文件的编码（既不是 UTF-8 也不是 GBK）",
                                  "用记事本打开，“另存为”时编码选“UTF-8”后再试"))
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    elif suffix == ".doc":
        raise UserError(error(where, "BAD-FORMAT", "不支持旧版 .doc 文件", "在 Word 或 WPS 中“另存为” .docx 后再试"))
    else:
        raise UserError(error(where, "BAD-FORMAT", f"不支持的正文文件类型“{suffix}”", "请用 .txt、.md 或 .docx"))
    for n, line in enumerate(lines, 1):  # said of the file and its line, not of the --title it would become
        bad = bad_character(line)
        if bad:
            raise UserError(error(Source(str(path), n), "CONTROL-CHAR", f"正文文件含有控制字符（{bad[1]}）", CONTROL_HINT))
    if sum(len(line) + 1 for line in lines) > MAX_BODY_CHARS:
        raise UserError(error(where, "BODY-TOO-LONG", f"正文超过 {MAX_BODY_CHARS:,} 字的上限",
                              "一条政务信息通常只有几百到两三千字：请确认选对了文件"))
    lines = [line.rstrip() for line in lines]
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


_SIGNATURE = re.compile(r"[（(]?\s*(?:拟稿人?|撰稿人?|拟稿)\s*[:：]\s*(?P<drafter>[^\s，,；;）)]+)"
                        r"(?:\s*[，,；;]?\s*(?:审核人?|审核签发人?|签发人?)\s*[:：]\s*(?P<reviewer>[^\s，,；;）)]+))?\s*[）)]?\s*$")
_REVIEWER_ONLY = re.compile(r"[（(]?\s*(?:审核人?|审核签发人?|签发人?)\s*[:：]\s*(?P<reviewer>[^\s，,；;）)]+)\s*[）)]?\s*$")


def signature(lines: list[str]) -> tuple[str | None, str | None, list[str]]:
    """(drafter, reviewer, the other lines) from the last lines that carry a signature."""
    drafter = reviewer = None
    kept = []
    for line in lines:
        m = _SIGNATURE.search(line) if drafter is None else None
        r = _REVIEWER_ONLY.search(line) if reviewer is None and not m else None
        if m:
            drafter, reviewer = m["drafter"], m["reviewer"] or reviewer
        elif r:
            reviewer = r["reviewer"]
        else:
            kept.append(line)
    return drafter, reviewer, kept


def signed(body: str | None, drafter: str | None, reviewer: str | None) -> tuple[str | None, str | None, str | None]:
    """A received body's signature line (（拟稿人：张三  审核人：李四）) read and left out of the body:
    (body, drafter, reviewer), the names given by the clerk winning over the file's."""
    if not body:
        return body, drafter, reviewer
    found_drafter, found_reviewer, lines = signature(body.split("\n"))
    if not (found_drafter or found_reviewer):
        return body, drafter, reviewer
    return "\n".join(lines).strip(), drafter or found_drafter, reviewer or found_reviewer


def whole_text(path: Path) -> str:
    """A file's whole text, its first paragraph included (feedback, the office's edited body)."""
    return "\n".join(body_lines(path)).strip("\n")  # every line as written, the blank ones between paragraphs too


def title_and_body(title: str | None, body: str | None, body_file: Path | None) -> tuple[str | None, str | None]:
    """What --title, --body and --body-file give together: the file's first paragraph is the title
    unless --title is given, in which case that paragraph stays in the body."""
    if body is not None and body_file is not None:
        raise UserError(error(Source("govinfo submit"), "USAGE", "--body 和 --body-file 只能用一个"))
    if body_file is None:
        return title, body
    file_title, body = read_body_file(body_file)
    if title is None:
        return file_title, body
    if file_title and file_title != title:
        body = whole_text(body_file)  # the first paragraph is the body's own, as written, with its blank line
    return title, body


def _docx_paragraphs(path: Path) -> list[str]:
    import zipfile

    from docx import Document  # python-docx: only needed for Word files
    from docx.opc.exceptions import PackageNotFoundError
    check_office_package(path)
    try:
        doc = Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError):
        raise UserError(error(Source(str(path)), "BAD-FORMAT", "无法读取 Word 文件：文件已损坏，或不是 .docx 格式",
                              "确认文件能在 Word/WPS 中打开，必要时重新“另存为” .docx")) from None
    _refuse_marked_header(doc, path)
    return list(_docx_lines(doc))


def _refuse_marked_header(doc, path: Path) -> None:
    """A classification mark in a page header is a mark on every page: refused like one in the text."""
    for section in doc.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            if header.is_linked_to_previous:
                continue
            for para in header.paragraphs:
                mark = classification_mark(para.text)
                if mark:
                    raise UserError(error(Source(str(path)), "CLASSIFIED",
                                          f"Word 文件的页眉有密级标志“{mark}”，涉密信息不得录入普通办公计算机，本工具不读取其内容",
                                          "涉密信息须按保密规定通过涉密渠道报送"))


def _docx_lines(doc):
    """Paragraphs and tables in document order; a table row becomes one line, its cells spaced
    apart (a merged cell is named once)."""
    from docx.table import Table
    blocks = doc.iter_inner_content() if hasattr(doc, "iter_inner_content") else doc.paragraphs
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if not cells or cells[-1] != text:
                        cells.append(text)
                yield "　".join(cells)
        else:
            yield block.text


def normalize_body(body: str) -> str:
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def render_item(fields: dict, body: str) -> bytes:
    ordered = {k: fields[k] for k in FIELD_ORDER if fields.get(k) not in (None, "", [], ())}
    if "joint_units" in ordered:
        ordered["joint_units"] = list(ordered["joint_units"])
    front = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    return f"---\n{front}---\n{body}".encode("utf-8")


def _stamp(value: datetime | None, given: str | None) -> str | None:
    """Keep the precision the clerk gave: a date stays a date."""
    if value is None:
        return None
    return dates.format_datetime(value, with_time=given is None or dates.has_time(given))


def _of(flag: str) -> Source:
    """A problem with one option of submit: the page shows it beside that field."""
    return Source(f"govinfo submit {flag}")


def check_draft(ws: Workspace, d: Draft) -> tuple[dict, list]:
    """Every problem with the draft at once; returns normalised fields and diagnostics."""
    rules = ws.require_rules()
    where = Source("govinfo submit")
    diags = []
    if d.secrecy and is_classified(d.secrecy):
        raise UserError(error(where, "CLASSIFIED", f"密级为“{level_of(d.secrecy)}”的涉密信息不得录入普通办公计算机",
                              f"涉密信息（{'、'.join(CLASSIFIED)}）须按保密规定通过涉密渠道报送"))
    if d.secrecy not in OPEN_LEVELS:
        diags.append(error(_of("--secrecy"), "BAD-SECRECY", f"密级{secrecy_shown(d.secrecy)}无效", "只能是“公开”或“内部”"))
    units = ws.unit_map
    for flag, code in [("--unit", d.unit)] + [("--joint", j) for j in d.joint_units]:
        if code and code not in units:
            diags.append(error(_of(flag), "UNKNOWN-UNIT", f"单位代码“{code}”不在花名册中",
                               unknown_unit_hint(code, list(units.values())) + "（用 govinfo units 查看全部单位）"))
    if d.unit and d.unit in d.joint_units:
        diags.append(error(_of("--joint"), "FIELD-TYPE", f"不应包含报送单位本身（{d.unit}）", "联合报送单位只写其他单位"))
    if d.category and d.category not in rules.item_categories:
        diags.append(error(_of("--category"), "UNKNOWN-CATEGORY", f"信息类别“{d.category}”无效", did_you_mean(d.category, rules.item_categories)))
    for flag, value in (("--title", d.title), ("--drafter", d.drafter), ("--reviewer", d.reviewer)):
        if value is not None and not value.strip():
            hint = "未经单位负责人审核的信息一律不得报送" if flag == "--reviewer" else ""
            diags.append(error(_of(flag), "FIELD-EMPTY", "不能为空", hint))
    for flag, value, one_line in (("--title", d.title, True), ("--drafter", d.drafter, True), ("--reviewer", d.reviewer, True),
                                  ("--unit", d.unit, True), ("--category", d.category, True), ("正文", d.body, False)):
        bad = bad_character(value, one_line=one_line) if value else None
        if bad:
            diags.append(error(Source(f"govinfo submit {flag}"), "CONTROL-CHAR", f"{flag} 含有控制字符（{bad[1]}）", CONTROL_HINT))
    for flag, value, what in (("--drafter", d.drafter, "拟稿人"), ("--reviewer", d.reviewer, "审核签发人")):
        if value and len(value.strip()) > MAX_NAME_CHARS:
            diags.append(error(Source(f"govinfo submit {flag}"), "FIELD-TOO-LONG",
                               f"{what}有 {len(value.strip())} 个字，超过上限 {MAX_NAME_CHARS} 字", "这里只写姓名，几个人用顿号隔开"))
    if d.body is not None and not d.body.strip():
        diags.append(error(_of("--body"), "EMPTY-BODY", "正文为空", "用 --body 或 --body-file 给出正文"))
    if d.body is not None and len(d.body) > MAX_BODY_CHARS:
        diags.append(error(_of("--body"), "BODY-TOO-LONG", f"正文有 {len(d.body):,} 个字符，超过 {MAX_BODY_CHARS:,} 的上限",
                           "一条政务信息通常只有几百到两三千字：请确认正文是否选对"))
    submitted = dates.now() if d.submitted is None else dates.parse_datetime(d.submitted)
    if submitted is None:
        diags.append(error(_of("--date"), "BAD-DATE", f"“{d.submitted}”不是有效的日期或时间", "写成 2026-10-12 或 2026-10-12 09:30"))
    elif submitted.date() > dates.today():
        diags.append(error(_of("--date"), "FUTURE-DATE", f"报送日期 {submitted.date()} 晚于今天", "检查 --date 是否写错"))
    elif submitted.year < FIRST_YEAR:  # no period before it can be scored: a mistyped year
        diags.append(error(_of("--date"), "BAD-DATE", f"报送日期 {submitted.date()} 早于 {FIRST_YEAR} 年", "检查 --date 的年份是否写错"))
    event_time = None
    if d.event_time:
        event_time = dates.parse_datetime(d.event_time)
        if event_time is None:
            diags.append(error(_of("--event-time"), "BAD-DATE", f"“{d.event_time}”不是有效的日期或时间",
                               "写成事件发生的日期和时间，如 2026-10-12 08:30"))
        elif submitted is not None and event_time > submitted:  # what validate refuses is refused now
            at = "" if ":" in (d.submitted or ":") else f"；报送日期只写了日子，按当天 0 点算，请写上时刻，如 --date \"{submitted:%Y-%m-%d} 09:30\""
            diags.append(error(Source("govinfo submit --event-time"), "BAD-DATE",
                               f"事件发生时间 {dates.format_datetime(event_time)} 晚于报送时间 {dates.format_datetime(submitted)}",
                               "事件发生在报送之前：检查 --event-time 和 --date" + at))
    if d.solicitation:
        from govinfo.actions.new_records import find_solicitation
        call = find_solicitation(ws, d.solicitation)
        if call is None:
            diags.append(error(Source("govinfo submit --solicitation"), "UNKNOWN-SOLICITATION", f"约稿“{d.solicitation}”不存在",
                               "用 govinfo solicit list 查看约稿编号"))
        else:
            asked = [u for u in [d.unit, *d.joint_units] if u in call.units]
            if d.unit and not asked:  # scored as an answer only for a unit asked (compute/scoring)
                unit = units.get(d.unit)
                diags.append(error(Source("govinfo submit --solicitation"), "SOLICITATION-UNIT",
                                   f"约稿 {call.id}（{call.topic}）没有向{unit.label if unit else d.unit}约稿",
                                   "主动报送的信息不写 --solicitation；约稿单位见 govinfo solicit list"))
            if submitted is not None and submitted.date() < call.date:
                diags.append(error(Source("govinfo submit --solicitation"), "BEFORE-SOLICITATION",
                                   f"报送时间 {submitted.date()} 早于约稿 {call.id} 的日期 {call.date}，不可能是对它的答复",
                                   "检查 --date 或约稿编号"))
    fields = {"title": (d.title or "").strip(), "unit": d.unit, "joint_units": tuple(d.joint_units),
              "drafter": (d.drafter or "").strip(), "reviewer": (d.reviewer or "").strip(),
              "submitted": _stamp(submitted, d.submitted),
              "category": d.category, "solicitation": d.solicitation,
              "event_time": _stamp(event_time, d.event_time),
              "secrecy": d.secrecy if d.secrecy != "公开" else None, "source_sha256": d.source_sha256}
    return {"fields": fields, "submitted": submitted}, diags


def draft_from(ws: Workspace, *, unit=None, title=None, drafter=None, reviewer=None, submitted=None, category=None,
               body=None, body_file: Path | None = None, solicitation=None, event_time=None, secrecy="公开",
               joint=None) -> tuple[Draft, list]:
    """A Draft from what a clerk typed, on the command line or in the page's form: title and body
    from a body file when one is given (its signature line read as drafter and reviewer), units and
    the category looked up by name. Returns the draft and the names that name nothing, to be
    reported with every other problem at once."""
    from govinfo.store.names import split_list
    title, body = title_and_body(title, body, body_file)
    if body_file is not None:  # the signature line of a received file gives drafter and reviewer, as in import
        body, drafter, reviewer = signed(body, drafter, reviewer)
    named: list = []

    def resolved(look_up, value):
        try:
            return look_up(value) if value else value
        except UserError as exc:
            named.extend(exc.diags)
            return None
    unit = resolved(lambda v: ws.require_units([v], "submit")[0], unit)
    category = resolved(lambda v: ws.name_key("item_category", v, "submit", "--category"), category)
    joint_units = tuple(resolved(lambda v: ws.require_units(split_list(v), "submit", "--joint"), joint) or ())
    return Draft(unit=unit, title=title, drafter=drafter, reviewer=reviewer, submitted=submitted, category=category,
                 body=body, solicitation=solicitation or None, event_time=event_time or None, secrecy=secrecy or "公开",
                 joint_units=joint_units), named


def submit(ws: Workspace, draft: Draft) -> tuple[Item, Path]:
    """Store a new item; returns it and its path. Raises UserError listing every problem."""
    missing = [name for name, value in (("--unit", draft.unit), ("--title", draft.title), ("--drafter", draft.drafter),
               ("--reviewer", draft.reviewer), ("--category", draft.category), ("--body 或 --body-file", draft.body))
               if value is None]
    checked, diags = check_draft(ws, draft)
    if missing:
        diags.insert(0, error(Source("govinfo submit"), "FIELD-MISSING", "缺少：" + "、".join(missing),
                              "在命令中给出这些选项；在终端中直接运行时会逐项询问"))
    if diags:
        raise UserError(diags)
    submitted: datetime = checked["submitted"]
    folder = ws.items_dir(submitted.year, submitted.month)
    prefix = f"{submitted.year:04d}{submitted.month:02d}-{site_code(ws.root)}-"
    body = normalize_body(draft.body or "")
    render = lambda stem: render_item({**checked["fields"], "id": stem}, body)  # noqa: E731
    # Read back exactly what would be written, before anything is: what `validate` would refuse
    # (a title too long, a control character, a classification mark) is refused here instead.
    draft_rel = ws.rel(folder / f"{prefix}0000.md")
    doc, read_diags = read_document(render(f"{prefix}0000"), Source(draft_rel))
    item, more = build_item(doc) if doc else (None, [])
    if item is None:
        raise UserError([_as_argument(d) for d in read_diags + more if d.severity == "error"])
    text_key = hashlib.sha256(_words(body).encode("utf-8")).hexdigest()[:16]
    with exclusive(ws.root, repr(("submit", item.unit, text_key))):  # two clerks sending one text: one is stored
        _not_submitted_before(ws, item)
        stem = allocate(folder, prefix, ".md", render)
    path = folder / f"{stem}.md"
    doc, _ = read_document(path.read_bytes(), Source(ws.rel(path)))
    item, _ = build_item(doc)
    return item, path


FLAG_OF = {"title": "--title", "drafter": "--drafter", "reviewer": "--reviewer", "unit": "--unit",
           "category": "--category", "submitted": "--date", "event_time": "--event-time"}


SAME_TEXT_MONTHS = 2  # months either side of the item's own: a text entered twice, or backdated the second time
SHORT_TEXT = 30        # a body this short ("详见附件。") is the same item only when the title is the same too


def _words(text: str | None) -> str:
    return "".join((text or "").split())


def _not_submitted_before(ws: Workspace, item: Item) -> None:
    """Refuse a text the unit already submitted in the months around this one (and did not
    withdraw): it would count twice. A text only like an older one is validate's NEAR-DUP warning."""
    from govinfo.check.loader import load, logged
    ym = (item.submitted.year, item.submitted.month)
    first, last = shift_month(ym, -SAME_TEXT_MONTHS), shift_month(ym, SAME_TEXT_MONTHS)
    text, short = _words(item.body), len(_words(item.body)) < SHORT_TEXT
    with logged():  # files left out of this look are validate's business, not the submission's
        same = load(ws, items=(first, last), records=(first, None), kinds=("withdraw",), named_items=False,
                    match=lambda _title, body: _words(body) == text).items
    same = [i for i in same if i.unit == item.unit and (not short or _words(i.title) == _words(item.title))]
    if same:
        unit = ws.unit_map.get(item.unit)
        raise UserError([error(Source("govinfo submit"), "ALREADY-SUBMITTED",
                               f"{unit.label if unit else item.unit}已经报送过这篇正文：{i.id}（{i.submitted.date()}"
                               f"《{shown(i.title[:30])}》），没有重复录入",
                               "同一条信息只报一次；如是新情况，请写明新的进展；原信息报错了的，先 govinfo withdraw 撤销") for i in same])


def _as_argument(d):
    """A diagnostic on the would-be file, said of what the clerk typed (the file was never written)."""
    field_name = next((k for k in FLAG_OF if f"字段 {k}" in d.message or f"{k}（" in d.message), None)
    where = FLAG_OF.get(field_name, "正文" if "正文" in d.message else "")
    if d.code == "TITLE-TOO-LONG":  # typed, not a file: the body has its own option
        return replace(d, source=Source("govinfo submit --title"), hint="标题应是一句话；正文用 --body 或 --body-file 给出")
    source = Source(f"govinfo submit {where}".strip())
    return replace(d, source=source)
