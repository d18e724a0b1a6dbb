"""Importing a folder of items received by e-mail (seed 003): .docx, .txt and .md files.

Each file's unit comes from its name (`【东河镇】标题.docx`, or a unit's name, short name, code
or alias anywhere in the name), the title from its first paragraph, the drafter and reviewer
from a signature line such as `（拟稿人：张三  审核人：李四）`, which is then left out of the
body. A file becomes one item, whole, or is reported with the reason it could not be; its SHA-256
is stored in the item (`source_sha256`), so importing the same folder again imports nothing twice.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from govinfo.core.diagnostics import Source, UserError, error
from govinfo.check.loader import load
from govinfo.store.paths import read_limited
from govinfo.core.text import shown
from govinfo.store.roster import Unit, find_unit
from govinfo.store.items import classification_mark
from govinfo.actions.submit import Draft, read_body_file, signature, submit
from govinfo.store.workspace import Workspace

SUFFIXES = (".docx", ".txt", ".md")
_BRACKET = re.compile(r"^[\s]*[【\[〔(（]([^】\]〕)）]+)[】\]〕)）]\s*(.*)$")

@dataclass(frozen=True)
class Outcome:
    file: str
    status: str          # imported | already | skipped
    item: str | None
    reason: str          # what was not mapped, and why (Chinese)


MAX_RECEIVED_BYTES = 64 * 1024 * 1024  # a received file; its text is capped again when read


def sha256(path: Path) -> str:
    return hashlib.sha256(read_limited(path, MAX_RECEIVED_BYTES)).hexdigest()


def unit_from_name(units: list[Unit], stem: str, suffix: str = ".docx") -> tuple[Unit | None, str, str]:
    """(unit, title from the name, reason when no single unit fits)."""
    m = _BRACKET.match(stem)
    label, rest = (m[1].strip(), m[2].strip()) if m else (stem, stem)
    found = find_unit(units, label) if label else []
    if not found:  # a longer spelling, such as 东河镇政府: a unit whose short name it contains
        found = [u for u in units if any(x and x in label for x in (u.short, u.name, *u.aliases))]
    second = _BRACKET.match(rest) if m else None
    if len(found) == 1 and second and find_unit(units, second[1].strip()):  # 【城关镇】【东河镇】…: which one sent it?
        return None, rest, f"文件名里有两个单位（“{label}”和“{second[1].strip()}”）：只留报送单位，联合报送请用 govinfo submit --joint"
    if len(found) == 1:
        return found[0], rest, ""
    if not found and m:  # the name has the form; what is in the brackets is no unit on the roster
        return None, rest, f"文件名里的“{label}”不是花名册中的单位：改成单位的简称，或导入时用 --unit 指定单位"
    if not found:
        return None, rest, f"文件名中找不到报送单位（应形如“【单位简称】标题{suffix}”，或导入时用 --unit 指定单位）"
    return None, rest, "文件名对应多个单位：" + "、".join(f"{u.short or u.name}（{u.code}）" for u in found[:5])


def import_folder(ws: Workspace, folder: Path, category: str, when: str | None = None,
                  unit: str | None = None) -> list[Outcome]:
    """Import every supported file in `folder` (not its subfolders), in name order. `unit`: the
    unit of files whose names name none (a folder one unit sent)."""
    ws.require_rules()
    fallback = ws.unit_map[ws.require_units([unit], "import")[0]] if unit else None
    category = ws.name_key("item_category", category, "import", "--category")
    if folder.is_symlink() or not folder.is_dir():
        one_file = folder.is_file() and not folder.is_symlink()
        raise UserError(error(Source(str(folder)), "NO-FOLDER" if not folder.is_symlink() else "SYMLINK",
                              f"“{folder}”不是文件夹" if not folder.is_symlink() else f"“{folder}”是符号链接（快捷方式）",
                              f"import 导入一个文件夹里的全部来稿：给出“{folder.parent}”；只录入这一个文件，"
                              f"用 govinfo submit --body-file “{folder}”" if one_file else "给出收件箱文件夹本身的路径"))
    files = sorted(p for p in folder.iterdir() if (p.is_file() or p.is_symlink()) and not p.name.startswith((".", "~$")))
    done = {i.source_sha256: i.id for i in load(ws, items=(None, None)).items if i.source_sha256}
    outcomes = []
    for path in files:
        outcomes.append(_one(ws, path, category, when, done, fallback))
    return outcomes


def _one(ws: Workspace, path: Path, category: str, when: str | None, done: dict[str, str], fallback=None) -> Outcome:
    if shown(path.name) != path.name:  # undecodable bytes, control or escape characters in the name
        return Outcome(shown(path.name), "skipped", None, "文件名含有无法识别的字符或控制字符，请改名后再导入")
    if path.is_symlink():
        return Outcome(path.name, "skipped", None, "这是符号链接（快捷方式），不通过链接读取：把文件本身放进收件箱")
    if path.suffix.lower() in (".doc", ".wps"):
        return Outcome(path.name, "skipped", None, f"不支持旧版 {path.suffix} 文件：在 Word 或 WPS 中“另存为” .docx 后再导入")
    if path.suffix.lower() not in SUFFIXES:
        return Outcome(path.name, "skipped", None, f"不支持的文件类型“{path.suffix}”，只导入 .docx、.txt、.md")
    try:
        digest = sha256(path)
    except UserError as exc:
        return Outcome(path.name, "skipped", None, exc.diags[0].message)
    if digest in done:
        return Outcome(path.name, "already", done[digest], "此前已导入，未重复导入")
    unit, name_title, problem = unit_from_name(ws.units, path.stem, path.suffix)
    if unit is not None and fallback is not None and unit.code != fallback.code:  # the name and --unit disagree
        return Outcome(path.name, "skipped", None, f"文件名写的是{unit.label}，与 --unit {fallback.label} 不一致："
                                                   "改正文件名，或不用 --unit 导入这个文件")
    if unit is None and fallback is not None and not problem.startswith(("文件名对应多个", "文件名里有两个单位")):
        unit = fallback
    if unit is None:
        return Outcome(path.name, "skipped", None, problem)
    try:
        title, rest = read_body_file(path)
    except UserError as exc:
        return Outcome(path.name, "skipped", None, exc.diags[0].message)
    mark = classification_mark(title or "") or classification_mark(rest)
    if mark:  # said before anything else about the file: it must leave this computer
        return Outcome(path.name, "skipped", None, f"带有密级标志“{mark}”，涉密信息不得存放在普通办公计算机上，"
                                                     "未导入：请按保密规定移出本机")
    drafter, reviewer, lines = signature(rest.split("\n"))
    missing = [what for what, value in (("拟稿人", drafter), ("审核人", reviewer)) if not value]
    if missing:
        return Outcome(path.name, "skipped", None, f"没有找到{'和'.join(missing)}：请在正文末尾写明"
                                                     "“（拟稿人：张三  审核人：李四）”后再导入（未经审核的信息不得报送）")
    body = "\n".join(lines).strip()
    try:
        item, _ = submit(ws, Draft(unit=unit.code, title=title or name_title, drafter=drafter, reviewer=reviewer,
                                   submitted=when, category=category, body=body, source_sha256=digest))
    except UserError as exc:
        return Outcome(path.name, "skipped", None, "；".join(d.message for d in exc.diags))
    done[digest] = item.id
    return Outcome(path.name, "imported", item.id, f"{unit.short or unit.name}：{item.title}")
