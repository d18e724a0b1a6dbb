"""Issues of the office's own publication (简报, e.g. 《政府工作快报》第12期): one YAML file each,
under data/issues/YYYY/, named <pub>-<year>-<NNN>.yaml (增刊: <pub>-<year>-Z<NN>.yaml).

The file is the office's: which items, in which order and column, with the office's edited titles
and bodies and its 按语. The units' item files are never changed. A clerk can read and diff it; it
is changed through `govinfo issue`, which rewrites it atomically.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import yaml

from govinfo.core import dates
from govinfo.core.diagnostics import Diagnostic, Source, error, warning
from govinfo.store.atomic import create_new, make_folder, write_atomic
from govinfo.store.frontmatter import read_document
from govinfo.store.items import read_bytes
from govinfo.store.paths import link_on_path
from govinfo.core.text import shown

ISSUES_DIR = Path("data") / "issues"
ISSUE_ID_RE = re.compile(r"^([a-z][a-z0-9_]*)-(\d{4})-(Z?)(\d{2,4})$")
STATES = ("draft", "published")
ENTRY_KEYS = ("item", "column", "title", "body", "note", "adoption")
REMOVED_KEYS = ("item", "adoption", "withdrawal", "reason", "date")
TOP_KEYS = ("id", "pub", "year", "number", "supplement", "special", "total", "date", "state", "published_at",
            "note", "items", "removed")


@dataclass(frozen=True)
class Entry:
    """One item in an issue: the unit's item, and what the office made of it."""
    item: str
    column: str = ""
    title: str = ""       # the office's edited title; empty: the unit's
    body: str = ""        # the office's edited body; empty: the unit's
    note: str = ""        # 按语 before the item
    adoption: str = ""    # the adopt record written when the issue was published


@dataclass(frozen=True)
class Issue:
    id: str
    pub: str
    year: int
    number: int
    date: date
    supplement: bool = False   # 增刊: numbered apart from the regular issues
    special: bool = False      # 专期: one item
    total: int | None = None   # 总第M期
    state: str = "draft"
    published_at: str = ""
    note: str = ""             # 按语 for the whole issue
    entries: tuple[Entry, ...] = ()
    removed: tuple[dict, ...] = ()
    source: Source = Source("")

    @property
    def published(self) -> bool:
        return self.state == "published"

    @property
    def label(self) -> str:
        """第12期 / 增刊第1期: the issue field of the adoption records."""
        return f"{'增刊' if self.supplement else ''}第{self.number}期"

    def entry(self, item_id: str) -> Entry | None:
        return next((e for e in self.entries if e.item == item_id), None)

    def with_entries(self, entries) -> "Issue":
        return replace(self, entries=tuple(entries))


def issue_id(pub: str, year: int, number: int, supplement: bool) -> str:
    return f"{pub}-{year:04d}-Z{number:02d}" if supplement else f"{pub}-{year:04d}-{number:03d}"


def parse_issue_id(value: str) -> tuple[str, int, bool, int] | None:
    m = ISSUE_ID_RE.match(str(value))
    if not m:
        return None
    return m[1], int(m[2]), bool(m[3]), int(m[4])


def issue_path(root: Path, value: str) -> Path | None:
    parsed = parse_issue_id(value)
    if parsed is None:
        return None
    return root / ISSUES_DIR / f"{parsed[1]:04d}" / f"{value}.yaml"


def _text(value) -> str:
    return "" if value is None else str(value).strip("\n") if isinstance(value, str) else str(value)


def to_data(issue: Issue) -> dict:
    data: dict = {"id": issue.id, "pub": issue.pub, "year": issue.year, "number": issue.number,
                  "supplement": issue.supplement, "special": issue.special}
    if issue.total is not None:
        data["total"] = issue.total
    data.update({"date": issue.date.isoformat(), "state": issue.state})
    if issue.published_at:
        data["published_at"] = issue.published_at
    if issue.note:
        data["note"] = issue.note
    data["items"] = [{k: getattr(e, k) for k in ENTRY_KEYS if getattr(e, k)} for e in issue.entries]
    if issue.removed:
        data["removed"] = [dict(r) for r in issue.removed]
    return data


class _Literal(str):
    pass


def _dumper():
    class Dumper(yaml.SafeDumper):
        pass
    Dumper.add_representer(_Literal, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|"))
    return Dumper


def render_issue(issue: Issue, pub_name: str = "") -> bytes:
    data = to_data(issue)
    for entry in data["items"]:
        for key in ("body", "note"):
            if "\n" in entry.get(key, ""):
                entry[key] = _Literal(entry[key].rstrip("\n") + "\n")
    head = (f"# {pub_name}{issue.year}年{issue.label}：由 govinfo issue 编辑。items 是本期信息（按刊出顺序），"
            "title/body 是本办修改后的标题和正文（单位原文不改动），note 是按语。\n"
            "# 请用 govinfo issue 命令修改；state: published 表示已发布（已登记采用）。\n")
    text = yaml.dump(data, Dumper=_dumper(), allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    return (head + text).encode("utf-8")


def write_new_issue(root: Path, issue: Issue, pub_name: str = "") -> Path:
    """Create the issue's file; FileExistsError when that number is taken (two clerks at once)."""
    path = issue_path(root, issue.id)
    make_folder(path.parent)
    create_new(path, render_issue(issue, pub_name))
    return path


def save_issue(root: Path, issue: Issue, pub_name: str = "") -> Path:
    path = issue_path(root, issue.id)
    write_atomic(path, render_issue(issue, pub_name))
    return path


def build_issue(data, rel: str, lines: dict) -> tuple[Issue | None, list[Diagnostic]]:
    def at(key: str) -> Source:
        return Source(rel, lines.get(key, 1))
    if not isinstance(data, dict):
        return None, [error(Source(rel, 1), "FM-NOT-MAPPING", "期刊文件应是“字段: 值”的映射")]
    diags: list[Diagnostic] = []
    iid = data.get("id")
    parsed = parse_issue_id(iid) if isinstance(iid, str) else None
    if parsed is None:
        return None, [error(at("id"), "BAD-ID", f"期刊编号“{str(iid)[:40]}”格式不对", "期刊文件由 govinfo issue new 生成，请不要手改编号")]
    if Path(rel).stem != iid:
        diags.append(error(at("id"), "ID-FILENAME", f"期刊编号“{iid}”与文件名“{Path(rel).name}”不一致"))
    day = dates.parse_date(str(data.get("date", "")))
    if day is None:
        diags.append(error(at("date"), "BAD-DATE", f"日期“{data.get('date')}”无效", "写成 2026-11-13"))
    state = data.get("state", "draft")
    if state not in STATES:
        diags.append(error(at("state"), "FIELD-TYPE", f"state 只能是 draft 或 published，现在是“{state}”"))
    entries = []
    raw_items = data.get("items") or []
    if not isinstance(raw_items, list):
        diags.append(error(at("items"), "FIELD-TYPE", "items 应是列表"))
        raw_items = []
    for n, raw in enumerate(raw_items, 1):
        if not isinstance(raw, dict) or not isinstance(raw.get("item"), str):
            diags.append(error(at("items"), "FIELD-TYPE", f"items 第 {n} 项应有 item: 信息编号"))
            continue
        unknown = [k for k in raw if k not in ENTRY_KEYS]
        if unknown:
            diags.append(warning(at("items"), "UNKNOWN-KEY", f"items 第 {n} 项有未知字段“{unknown[0]}”，将被忽略"))
        entries.append(Entry(**{k: _text(raw.get(k)) for k in ENTRY_KEYS}))
    seen = [e.item for e in entries]
    if len(set(seen)) != len(seen):
        diags.append(error(at("items"), "DUPLICATE-ID", "同一条信息在本期出现了两次"))
    for key in data:
        if key not in TOP_KEYS:
            diags.append(warning(at(str(key)), "UNKNOWN-KEY", f"未知字段“{key}”，将被忽略"))
    total = data.get("total")
    if total is not None:
        if str(total).strip().isdigit():
            total = int(str(total).strip())
        else:
            diags.append(error(at("total"), "FIELD-TYPE", "total（总期号）应是整数"))
    if any(d.severity == "error" for d in diags):
        return None, diags
    pub, year, supplement, number = parsed
    removed = tuple(r for r in (data.get("removed") or []) if isinstance(r, dict))
    for n, raw in enumerate(removed, 1):  # the log of what was taken out of a published issue
        unknown = [k for k in raw if k not in REMOVED_KEYS]
        if unknown:
            diags.append(warning(at("removed"), "UNKNOWN-KEY", f"removed 第 {n} 项有未知字段“{unknown[0]}”，将被忽略",
                                 "可用的字段：" + "、".join(REMOVED_KEYS)))
    special = str(data.get("special", "")).strip().lower() in ("true", "yes", "是", "1")
    return Issue(iid, pub, year, number, day, supplement, special, total, state,
                 _text(data.get("published_at")), _text(data.get("note")), tuple(entries), removed,
                 Source(rel, 1)), diags


def read_issue(path: Path, rel: str) -> tuple[Issue | None, list[Diagnostic]]:
    try:
        raw = read_bytes(path)
    except OSError as exc:
        return None, [error(Source(rel), "READ", f"无法读取文件：{exc.strerror or exc}")]
    doc, diags = read_document(raw, Source(rel), front_matter=False)
    if doc is None:
        return None, diags
    issue, more = build_issue(doc.data, rel, doc.key_lines)
    return issue, diags + more


def read_issues(root: Path, year: int | None = None) -> tuple[list[Issue], list[Diagnostic]]:
    """Every readable issue (of one year), in (pub, year, supplement, number) order."""
    base = root / ISSUES_DIR
    found, diags = [], []
    link = link_on_path(base, root)
    if link is not None:
        return [], [_link_error(root, link)]
    years = [f"{year:04d}"] if year else sorted(p.name for p in base.iterdir() if p.is_dir()) if base.is_dir() else []
    for y in years:
        folder = base / y
        if not folder.is_dir():
            continue
        link = link_on_path(folder, root)
        if link is not None:
            diags.append(_link_error(root, link))
            continue
        for path in sorted(folder.glob("*.yaml")):
            if path.name.startswith("."):
                continue
            if path.is_symlink():
                diags.append(_link_error(root, path))
                continue
            if shown(path.name) != path.name or not path.is_file():
                diags.append(error(Source(shown(path.relative_to(root).as_posix())), "BAD-FILENAME" if path.is_file() else "NOT-A-FILE",
                                   "文件名含有无法识别的字符，没有读取" if path.is_file() else "这不是普通文件，没有读取",
                                   "期刊文件由 govinfo issue new 生成：改回它的编号，或移走它"))
                continue
            issue, more = read_issue(path, path.relative_to(root).as_posix())
            diags += more
            if issue is not None:
                found.append(issue)
    found.sort(key=lambda i: (i.pub, i.year, i.supplement, i.number))
    return found, diags


def _link_error(root: Path, link: Path) -> Diagnostic:
    rel = link.relative_to(root).as_posix()
    return error(Source(rel), "SYMLINK", f"“{rel}”是符号链接（快捷方式），没有读取",
                 "本工具不通过链接读写工作区内的文件：把链接换成真实的文件或文件夹")


def running_totals(issues: list[Issue], total_before: dict[str, int]) -> list[Issue]:
    """总第M期 for each regular issue of a publication that counts them (`total_before` issues came
    before the first one kept here): a published issue keeps the number it was printed with; a
    draft takes the next number after the issue before it, by year and number, so the count follows
    the order of the issues, not the order they were created in. A number already printed on a
    published issue is never given to a draft (a draft made for a slot before a published issue
    takes the next free number instead), so no two issues ever say the same 总第M期."""
    printed: dict[str, set[int]] = {}
    for issue in issues:
        if issue.published and issue.total is not None and not issue.supplement:
            printed.setdefault(issue.pub, set()).add(issue.total)
    out, last, given = [], {}, {}
    for issue in sorted(issues, key=lambda i: (i.pub, i.year, i.supplement, i.number)):
        start = total_before.get(issue.pub)
        if start is None or issue.supplement:
            out.append(issue)
            continue
        used = given.setdefault(issue.pub, set())
        if issue.published and issue.total is not None:
            total = issue.total
        else:
            total = last.get(issue.pub, start) + 1
            while total in printed.get(issue.pub, ()) or total in used:
                total += 1
        used.add(total)
        last[issue.pub] = total
        out.append(replace(issue, total=total))
    return out
