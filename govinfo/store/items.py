"""Items: one Markdown file each, YAML front matter then the body, under data/items/YYYY/MM/.

Reading is a pipeline of pure steps: bytes -> Document (frontmatter) -> Item (this module),
each returning diagnostics rather than raising. Checks that need the roster, rules or other
files live in `validate`.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from govinfo.store import index
from govinfo.core.dates import parse_datetime
from govinfo.core.diagnostics import Diagnostic, Source, UserError, error, warning
from govinfo.store.frontmatter import Document, read_document
from govinfo.store.paths import link_on_path
from govinfo.core.text import shown
from govinfo.store.ids import parse_item_id
from govinfo.core.suggest import did_you_mean

MAX_TITLE_CHARS = 200  # a title is one line; anything longer is a pasted body or a broken export
MAX_NAME_CHARS = 50  # 拟稿人, 审核签发人: a name or a few
REQUIRED = ("id", "title", "unit", "drafter", "reviewer", "submitted", "category")
OPTIONAL = ("solicitation", "event_time", "secrecy", "joint_units", "source_sha256")
FIELD_ZH = {"id": "编号", "title": "标题", "unit": "报送单位", "drafter": "拟稿人", "reviewer": "审核签发人",
            "submitted": "报送时间", "category": "信息类别", "solicitation": "约稿编号",
            "event_time": "事件发生时间", "secrecy": "密级", "joint_units": "联合报送单位",
            "source_sha256": "来稿文件指纹"}
_TEXT_FIELDS = tuple(k for k in REQUIRED + OPTIONAL if k != "joint_units")  # joint_units may be a list
_KNOWN = frozenset(REQUIRED + OPTIONAL)
OPEN_LEVELS = ("公开", "内部")
CLASSIFIED = ("秘密", "机密", "绝密")


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    unit: str
    drafter: str
    reviewer: str
    submitted: datetime
    category: str
    body: str | None  # None when read from the index without bodies (see read_items)
    source: Source
    solicitation: str | None = None
    event_time: datetime | None = None
    secrecy: str = "公开"
    joint_units: tuple[str, ...] = ()
    key_lines: dict = field(default_factory=dict, compare=False, hash=False)
    body_line: int = 0
    source_sha256: str | None = None  # set by `govinfo import`: the received file, so it is never imported twice

    def at(self, key: str) -> Source:
        return Source(self.source.path, self.key_lines.get(key, 1))

    @property
    def units(self) -> tuple[str, ...]:
        """Every unit credited with the item: the submitting unit, then joint units."""
        return (self.unit, *[u for u in self.joint_units if u != self.unit])


def item_path(root: Path, item_id: str) -> Path | None:
    """Where an item lives, from its id alone (no archive scan); None for a malformed id."""
    ym = parse_item_id(item_id)
    if ym is None:
        return None
    return root / "data" / "items" / f"{ym[0]:04d}" / f"{ym[1]:02d}" / f"{item_id}.md"


def _unspaced(value: str) -> str:
    return "".join(value.split())  # 绝　密 and 机 密 are how a mark is often typeset


def is_classified(value) -> bool:
    return isinstance(value, str) and any(level in _unspaced(value) for level in CLASSIFIED)


def secrecy_shown(value: str) -> str:
    """An invalid secrecy value as a message may quote it: not at all when it holds 密 (it may be a mark)."""
    return "" if "密" in value else f"“{value[:20]}”"


def level_of(value: str) -> str:
    """The classification level a text names (绝密, 机密 or 秘密), and nothing else of it: a message
    about a classified item must not repeat its title or text."""
    value = _unspaced(value)
    found = [(value.find(level), level) for level in CLASSIFIED if level in value]
    return min(found)[1] if found else ""


# 绝密★启用前, 机密★1年, 秘密 ★ 长期: the mark GB/T 9704 prints at the top left of a classified
# text; a first line that is only the level (秘密) counts too. 秘密工作会议召开 is a title, not a mark.
_LEVEL = r"((?:绝|絕|机|機|秘)\s*密)"  # traditional forms too: NFKC does not fold them
# An asterisk stands for the star only alone and ending the mark (秘密*, 机密*1年): **机密** is Markdown bold.
_MARK = re.compile(r"^[#>\s【\[（(★☆]*(?:\*(?!\*)\s*)?" + _LEVEL
                   + r"(?:\s*[★☆]|\s*\*(?!\*)\s*(?:\d+\s*年|长期|启用前)?\s*$|\s*[】\]）)]?\s*$)")
# the mark written out as a field line: 密级：机密, 密级:秘密★1年, 密級：機密; without the colon only when the
# level stands apart (密级 绝密), so that 密级机密载体管理办法 is a title
_LABELLED = re.compile(r"^[#>*\s【\[（(]*密\s*[级級]\s*(?:[:：]\s*[【\[（(]?\s*" + _LEVEL
                       + r"|" + _LEVEL + r"(?=\s*(?:$|[★☆*\s】\]）)，。,.])))")
# a level in brackets opening or closing a line: 【秘密】西山镇情况, 城关镇情况（机密）, [绝密★1年]
# or standing first, set off from the text: 绝密 城关镇…, 机密·…, 秘密：…
_BRACKETED = re.compile(r"^[#>*\s]*[【\[（(]\s*" + _LEVEL + r"\s*(?:[★☆][^】\]）)]*)?[】\]）)]"
                        r"|[【\[（(]\s*" + _LEVEL + r"\s*(?:[★☆][^】\]）)]*)?[】\]）)]\s*$"
                        r"|^[#>*\s]*" + _LEVEL + r"\s*[·•・:：|｜/\-—\s]")
_COPY_NUMBER = re.compile(r"^\d{1,8}$")  # 份号, the line GB/T 9704 prints above the classification mark


def _plain(line: str) -> str:
    """A line as a reader sees it: compatibility forms folded (ＳＥＣＲＥＣＹ, 全角), invisible format
    characters (zero-width spaces, direction marks) dropped."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", line) if unicodedata.category(ch) != "Cf").strip()


def classification_mark(body: str) -> str | None:
    """The classification mark at the head of a text (its first line, or the line under a 份号)."""
    if "密" not in body[:400]:  # every mark holds 密: most texts are done with here, cheaply
        return None
    lines = [_plain(line) for line in body.split("\n", 20)[:20]]
    lines = [line for line in lines if line]
    if lines and _COPY_NUMBER.match(lines[0]):
        lines = lines[1:]
    m = (_MARK.match(lines[0]) or _LABELLED.match(lines[0]) or _BRACKETED.search(lines[0])) if lines else None
    return _unspaced(next(g for g in m.groups() if g)) if m else None  # the level alone: the rest is the classified text


SECRECY_KEYS = ("secrecy", "密级")


def classified_value(data) -> str | None:
    """A classification anywhere in a front matter: in a field whose name, however written (Secrecy,
    ＳＥＣＲＥＣＹ, 密级), means the secrecy field, or as a value that is itself a mark (机密★1年), at any depth."""
    if type(data) is dict and all(v is None or type(v) is str and "密" not in v for v in data.values()):
        return None  # the usual front matter: flat text, and every level and mark holds 密
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                if "密" in str(inner):  # every classification level holds 密
                    name = _plain(str(key)).lower().replace(" ", "")
                    if name in SECRECY_KEYS and is_classified(_plain(str(inner))):
                        return level_of(_plain(str(inner)))
                stack.append(inner)
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and classification_mark(value):
            return classification_mark(value)
    return None


def copy_hint(stem: str, file_id: str, suffix: str) -> str:
    """The hint for a file named like a copy of another (202610-K7Q-0001 - 副本.md, …(1).md): the
    usual fixes would overwrite the original or write an id that is no id."""
    if stem != file_id and stem.startswith(file_id):
        return f"这是 {file_id}{suffix} 的副本（复制文件时产生的）：确认原文件还在、内容相同后删除这个副本"
    return ""


def build_item(doc: Document) -> tuple[Item | None, list[Diagnostic]]:
    """Front matter -> Item, checking presence, types and formats of the item's own fields."""
    src = doc.source
    data = doc.data
    if not isinstance(data, dict):
        return None, [error(Source(src.path, 2), "FM-NOT-MAPPING", "前置信息应是“字段: 值”的形式（映射）",
                            "每行写一个字段，如 title: 标题；不要以 - 开头")]
    diags: list[Diagnostic] = []
    secrecy = data.get("secrecy")
    if is_classified(secrecy) or classified_value(data):
        secrecy = level_of(secrecy) if is_classified(secrecy) else classified_value(data)
        # An ordinary office computer must not hold classified items: say so, print nothing of it.
        return None, [error(doc.line_of("secrecy"), "CLASSIFIED",
                            f"密级为“{secrecy}”的涉密信息不得存放在普通办公计算机上，本工具不读取其内容",
                            "立即按保密规定将此文件移出本机并按涉密载体管理；工作区只存放公开或内部信息")]
    values: dict[str, str] = {}
    spaced = {} if data.keys() <= _KNOWN else {  # "　category": a full-width space before a known key
        bare: key for key in data if isinstance(key, str) and (bare := key.strip(" \u3000\xa0\t")) != key
        and bare in _KNOWN and bare not in data}
    for key in _TEXT_FIELDS:
        value = data.get(key)
        if isinstance(value, str):
            value = value.strip()
            if value:  # the usual case, first: every file a cold start reads passes here
                values[key] = value
                continue
        elif value is not None:
            diags.append(error(doc.line_of(key), "FIELD-TYPE", f"字段 {key}（{FIELD_ZH[key]}）应是一段文字，不是列表或映射",
                               f"写成 {key}: 值"))
            continue
        if key in REQUIRED and key in spaced:  # said below, at its line: the field is there, behind a wide space
            continue
        if key in REQUIRED:
            code = "NO-REVIEWER" if key == "reviewer" else ("FIELD-EMPTY" if key in data else "FIELD-MISSING")
            hint = ("未经单位负责人审核的信息一律不得报送：请补上审核签发人 reviewer"
                    if key == "reviewer" else f"补上 {key}: …")
            what = "为空" if key in data else "缺少"
            diags.append(error(doc.line_of(key) if key in data else Source(src.path, 2), code,
                               f"{what}必填字段 {key}（{FIELD_ZH[key]}）" if what == "缺少" else
                               f"必填字段 {key}（{FIELD_ZH[key]}）为空", hint))
    joint = data.get("joint_units")
    joint_units: tuple[str, ...] = ()
    if joint is not None:
        if isinstance(joint, str):
            joint_units = tuple(u.strip() for u in joint.replace("，", ",").split(",") if u.strip())
        elif isinstance(joint, list) and all(isinstance(u, str) for u in joint):
            joint_units = tuple(u.strip() for u in joint)
        else:
            diags.append(error(doc.line_of("joint_units"), "FIELD-TYPE", "joint_units（联合报送单位）应是单位代码列表",
                               "写成 joint_units: [T01, T02]"))
    for bare, key in spaced.items():  # an error: read as written, the field would be lost
        diags.append(error(doc.line_of(key), "WIDE-SPACE", f"字段 {bare}（{FIELD_ZH.get(bare, bare)}）前后有全角空格（或从 Word 粘贴来的空格），读不出这个字段",
                           f"删去“{bare}”前后的空格，字段名从行首写起，紧接半角冒号"))
    for key in data:
        if key not in _KNOWN and key not in spaced.values():
            diags.append(warning(doc.line_of(str(key)), "UNKNOWN-KEY", f"未知字段“{shown(str(key))}”，将被忽略",
                                 did_you_mean(key, REQUIRED + OPTIONAL)))
    item_id = values.get("id")
    if item_id is not None:
        name = src.path.replace("\\", "/").rsplit("/", 1)[-1]
        stem = name[:-3] if name.endswith(".md") else name.rsplit(".", 1)[0]
        if parse_item_id(item_id) is None:
            diags.append(error(doc.line_of("id"), "BAD-ID", f"编号“{item_id}”格式不对",
                               "编号由 govinfo submit 生成，形如 202610-K7Q-0001；请不要手改"))
        elif stem != item_id:
            diags.append(error(doc.line_of("id"), "ID-FILENAME", f"编号“{item_id}”与文件名“{name}”不一致",
                               copy_hint(stem, item_id, ".md") or (f"把文件改名为 {item_id}.md，或把 id 改回 {stem}"
                                                                   if parse_item_id(stem) else f"把文件改名为 {item_id}.md")))
    for key, value in values.items():  # read_document refused control characters; a field is also one line
        if "\n" in value:
            diags.append(error(doc.line_of(key), "FIELD-TYPE", f"字段 {key}（{FIELD_ZH[key]}）应写在一行内"))
    mark = classification_mark(values.get("title", "")) or classification_mark(doc.body or "")
    if mark:
        return None, [error(Source(src.path, doc.body_line), "CLASSIFIED",
                            f"正文首行有密级标志“{mark}”，涉密信息不得存放在普通办公计算机上，本工具不读取其内容",
                            "立即按保密规定将此文件移出本机并按涉密载体管理；工作区只存放公开或内部信息")]
    if len(values.get("title", "")) > MAX_TITLE_CHARS:
        diags.append(error(doc.line_of("title"), "TITLE-TOO-LONG",
                           f"标题有 {len(values['title'])} 个字，超过上限 {MAX_TITLE_CHARS} 字",
                           "标题应是一句话；正文请写在第二个 --- 之后"))
    dates = {}
    for key in ("submitted", "event_time"):
        if key in values:
            dates[key] = parse_datetime(values[key])
            if dates[key] is None:
                diags.append(error(doc.line_of(key), "BAD-DATE", f"{FIELD_ZH[key]}“{values[key]}”不是有效的日期或时间",
                                   "写成 2026-10-12 或 2026-10-12 09:30，并确认这一天真实存在"))
    if doc.body is not None and not doc.body.strip():  # nothing to count: every report leaves it out, as validate says
        diags.append(error(Source(src.path, doc.body_line), "EMPTY-BODY", "正文为空", "在第二个 --- 之后写上信息正文"))
    if "secrecy" in values and values["secrecy"] not in OPEN_LEVELS:
        diags.append(error(doc.line_of("secrecy"), "BAD-SECRECY", f"密级{secrecy_shown(values['secrecy'])}无效",
                           "只能是“公开”或“内部”"))
    if any(d.severity == "error" for d in diags):
        return None, diags
    return Item(id=values["id"], title=values["title"], unit=values["unit"], drafter=values["drafter"],
                reviewer=values["reviewer"], submitted=dates["submitted"], category=values["category"],
                body=doc.body, source=src, solicitation=values.get("solicitation"),
                event_time=dates.get("event_time"), secrecy=values.get("secrecy", "公开"),
                joint_units=joint_units, key_lines=doc.key_lines, body_line=doc.body_line,
                source_sha256=values.get("source_sha256")), diags


def read_bytes(path: Path | str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def read_item(path: Path | str, rel: str) -> tuple[Item | None, list[Diagnostic]]:
    try:
        raw = read_bytes(path)
    except OSError as exc:
        return None, [error(Source(rel), "READ", f"无法读取文件：{exc.strerror or exc}")]
    doc, diags = read_document(raw, Source(rel))
    if doc is None:
        return None, diags
    item, more = build_item(doc)
    return item, diags + more


def list_files(folder: Path, root: Path, suffix: str, prefixes: tuple[str, ...] | None = None
               ) -> tuple[list[tuple[str, str, os.stat_result]], set[str], list[Diagnostic]]:
    """(name, path, stat) of the data files in one month folder, in name order, and every name
    listed. Temp files (leading dot) are skipped; links leading outside the workspace are refused."""
    link = link_on_path(folder, root)
    if link is not None:
        return [], set(), [error(Source(link.relative_to(root).as_posix()), "SYMLINK",
                                 f"文件夹“{link.relative_to(root).as_posix()}”是符号链接（快捷方式），其中的文件没有读取",
                                 "本工具不通过链接读写工作区内的文件：把链接换成真实的文件夹")]
    try:
        with os.scandir(folder) as it:
            found = sorted(it, key=lambda e: e.name)
    except FileNotFoundError:
        return [], set(), []
    entries, diags = [], []
    for entry in found:
        name = entry.name
        if not name.endswith(suffix) and not _is_system_file(name):  # a subfolder, or a file of another kind
            diags += _stray_in_month(folder, root, entry, suffix)
            continue
        if name.startswith((".", "~$")) or not name.endswith(suffix) or (prefixes and not name.startswith(prefixes)):
            continue  # ~$: the lock file Word and WPS leave beside a file they have open
        rel = lambda name=name: (folder / name).relative_to(root).as_posix()  # noqa: E731 - only for a message
        try:
            if entry.is_symlink():
                diags.append(error(Source(rel()), "SYMLINK", "这个文件是符号链接（快捷方式），没有读取",
                                   "本工具不通过链接读写工作区内的文件：把文件本身复制到这里"))
                continue
            if not entry.is_file(follow_symlinks=False):  # a folder or a pipe named like a record: never opened
                diags.append(error(Source(rel()), "NOT-A-FILE", "这不是普通文件（是文件夹、管道等），没有读取",
                                   "移走它：数据文件夹里只放 govinfo 的数据文件"))
                continue
            if not name.isprintable():  # a name that is not valid UTF-8 arrives with surrogates
                diags.append(error(Source(shown(rel())), "BAD-FILENAME",
                                   "文件名含有无法识别的字符（不是 UTF-8 编码），没有读取",
                                   "把文件改名为 govinfo 生成的编号（如 202610-K7Q-0001.md）"))
                continue
            entries.append((name, entry.path, entry.stat()))  # a str path: no Path per file
        except OSError as exc:
            diags.append(error(Source(rel()), "READ", f"无法读取文件：{exc.strerror or exc}"))
    return entries, {e.name for e in found}, diags


def _stray_in_month(folder: Path, root: Path, entry: os.DirEntry, suffix: str) -> list[Diagnostic]:
    rel = (folder / entry.name).relative_to(root).as_posix()
    try:
        if entry.is_dir(follow_symlinks=False):
            n = _files_under(Path(entry.path))
            return [error(Source(rel), "STRAY", f"月份文件夹里的子文件夹“{entry.name}”中的 {n} 个文件没有读取",
                          f"把文件移到 {folder.relative_to(root).as_posix()}/ 本身（同一个月的文件都放在一层），再删去这个子文件夹")] if n else []
    except OSError:
        return []
    kind = "信息文件（.md）" if suffix == ".md" else "记录文件（.yaml）"
    stem, _, ext = entry.name.rpartition(".")
    ext = ext.lower()
    if ext in ("yml", "markdown") or "." + ext == suffix:  # 0001.MD: the extension in capitals
        hint = f"改名为 {stem}{suffix}"
    elif ext == ("yaml" if suffix == ".md" else "md"):
        hint = f"{'记录文件应放在 data/records' if suffix == '.md' else '信息文件应放在 data/items'}/年/月/ 下"
    elif ext in ("txt", "doc", "docx", "wps"):
        hint = "来稿用 govinfo import 或 govinfo submit --body-file 收录，不要直接放进 data/"
    else:
        hint = f"这里只放{kind}：把它移出 data/ 文件夹"
    return [error(Source(rel), "STRAY", f"这个文件不是{kind}，没有读取", hint)]


def refuse_unreadable_base(root: Path, base: str) -> None:
    folder = root / "data" / base
    link = link_on_path(folder, root)
    if link is not None:
        rel = link.relative_to(root).as_posix()
        raise UserError(error(Source(rel), "SYMLINK", f"“{rel}”是符号链接（快捷方式），整个文件夹都不能读取",
                              "本工具不通过链接读写工作区内的文件：把链接换成真实的文件夹"))
    if folder.exists() and not folder.is_dir():
        rel = folder.relative_to(root).as_posix()
        raise UserError(error(Source(rel), "NOT-A-FOLDER", f"“{rel}”应是文件夹，现在是一个文件", "移走这个文件，再建一个同名文件夹"))


# What Windows and Word leave in any folder they open: never data, never worth a word.
_SYSTEM_FILES = frozenset(("desktop.ini", "thumbs.db", ".ds_store"))


def _is_system_file(name: str) -> bool:
    return name.lower() in _SYSTEM_FILES or name.startswith(("~$", "."))


def _files_under(folder: Path, limit: int = 10_000) -> int:
    """How many files a stray folder holds (all of them unread), counted up to `limit`."""
    n = 0
    for _, _, files in os.walk(folder):
        n += sum(1 for f in files if not _is_system_file(f))
        if n >= limit:
            break
    return n


def stray_entries(root: Path, base: str, suffix: str) -> list[Diagnostic]:
    """Files and folders in data/<base>/ that no reading ever opens, because they are not in a
    YYYY/MM month folder: a month typed as 1 or 13, a copied folder (10 - 副本), a file dropped
    beside the month folders. Each is an error (what it holds is left out), named once."""
    folder = root / "data" / base
    out = []

    def said(path: Path, message: str, hint: str) -> None:
        out.append(error(Source(path.relative_to(root).as_posix()), "STRAY", message, hint))

    def entry(path: Path, expected: str, hint: str) -> None:
        if path.is_dir() and not path.is_symlink():
            n = _files_under(path)
            if n:
                said(path, f"“{path.name}”不是{expected}文件夹，其中的 {n} 个文件没有读取", hint)
        elif not _is_system_file(path.name):
            said(path, "这个文件不在 年/月 文件夹里，没有读取", f"把它移到 data/{base}/年/月/ 下对应的月份文件夹")

    try:
        years = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    for y in years:
        path = folder / y
        if path.is_symlink():  # never listed through a link; list_files says SYMLINK for it
            continue
        if len(y) == 4 and y.isdigit() and path.is_dir():
            try:
                months = sorted(os.listdir(path))
            except OSError:
                continue  # an unreadable year folder: the read of its months says so
            for m in months:
                named_as_month = len(m) == 2 and m.isdigit() and 1 <= int(m) <= 12
                if named_as_month and (path / m).is_dir():
                    continue
                if named_as_month:
                    said(path / m, f"“{m}”应是月份文件夹，现在是一个文件，没有读取",
                         "把这个文件移出 data/（先看看它是什么），这个月的文件放在同名的文件夹里")
                else:
                    hint = (f"改名为 {int(m):02d}（月份写两位）" if m.isdigit() and 1 <= int(m) <= 12
                            else f"月份文件夹只能是 01—12：把里面的{'文件' if suffix == '.md' else '记录'}移到正确的月份文件夹")
                    entry(path / m, "月份", hint)
        elif not _is_system_file(y):
            entry(path, "年份", f"年份文件夹写四位数字，如 data/{base}/2026：把里面的文件移到正确的 年/月 文件夹")
    return out


def month_folders(base: Path) -> list[tuple[int, int, Path]]:
    """Every data/…/YYYY/MM folder that exists, oldest first."""
    found = []
    try:
        years = sorted(os.listdir(base))
    except FileNotFoundError:
        return []
    for y in years:
        if not (len(y) == 4 and y.isdigit()):
            continue
        for m in sorted(os.listdir(base / y)) if (base / y).is_dir() else []:
            if len(m) == 2 and m.isdigit() and 1 <= int(m) <= 12 and (base / y / m).is_dir():  # a file: stray_entries says it
                found.append((int(y), int(m), base / y / m))
    return found


def read_folder(root: Path, base: str, suffix: str, reader, codec, y: int, m: int,
                prefixes: tuple[str, ...] | None = None, bodies: bool = True, match=None) -> tuple[list, list[Diagnostic]]:
    """Every file `reader` can read in the month folder data/<base>/YYYY/MM, optionally only names
    starting with one of `prefixes`; unchanged files come from the local index through `codec`
    (see store/index.py for `bodies` and `match`)."""
    folder = root / "data" / base / f"{y:04d}" / f"{m:02d}"
    entries, listed, diags = list_files(folder, root, suffix, prefixes)
    values, more = index.read_folder(root, base, y, m, entries, listed, reader, codec, bodies, match)
    return values, diags + more


def months_between(root: Path, base: str, first: tuple[int, int] | None, last: tuple[int, int] | None
                   ) -> list[tuple[int, int]]:
    """The month folders of data/<base> from `first` to `last` (open ends when None)."""
    return [(y, m) for y, m, _ in month_folders(root / "data" / base)
            if not (first and (y, m) < first) and not (last and (y, m) > last)]


def read_months(root: Path, base: str, suffix: str, reader, codec, first: tuple[int, int] | None = None,
                last: tuple[int, int] | None = None, prefixes: tuple[str, ...] | None = None,
                bodies: bool = True, match=None) -> tuple[list, list[Diagnostic]]:
    """`read_folder` over the months from `first` to `last`; unreadable files become diagnostics. A
    data/ or data/<base> folder that is a link (or not a folder) stops the command: every report
    would silently be empty."""
    refuse_unreadable_base(root, base)
    found, diags = [], stray_entries(root, base, suffix)
    for y, m in months_between(root, base, first, last):
        values, more = read_folder(root, base, suffix, reader, codec, y, m, prefixes, bodies, match)
        found += values
        diags += more
    return found, diags


def read_items(root: Path, first: tuple[int, int] | None = None, last: tuple[int, int] | None = None,
               bodies: bool = True, match=None) -> tuple[list[Item], list[Diagnostic]]:
    """Every readable item submitted from month `first` to `last`. Without `bodies`, items that come
    from the index have body None (scoring never reads bodies; only search, show and validate do).
    `match(title, body)` keeps only the items it accepts."""
    return read_months(root, "items", ".md", read_item, ITEM_CODEC, first, last, bodies=bodies, match=match)


def _item_out(item: Item) -> tuple[list, str, str]:
    """(JSON data without the body, title, body): the body has a column of its own in the index."""
    return ([item.id, item.title, item.unit, item.drafter, item.reviewer, item.submitted.isoformat(), item.category,
             item.solicitation, item.event_time.isoformat() if item.event_time else None, item.secrecy,
             list(item.joint_units), item.key_lines, item.body_line, item.source_sha256], item.title, item.body)


def _item_in(row: list, rel: str, body: str | None) -> Item:
    (id_, title, unit, drafter, reviewer, submitted, category, solicitation, event_time, secrecy,
     joint, lines, body_line, sha) = row
    return Item(id_, title, unit, drafter, reviewer, datetime.fromisoformat(submitted), category, body, Source(rel),
                solicitation, datetime.fromisoformat(event_time) if event_time else None, secrecy, tuple(joint),
                lines, body_line, sha)


ITEM_CODEC = (_item_out, _item_in)
