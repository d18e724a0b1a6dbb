"""Writing a period's documents to disk: the notice as .html, .docx and .xlsx (plus the warning
letters for a half-year), and the quarter's reminder list. Every file is written atomically, and
a file already there is kept unless the clerk asks to replace it (it may have been edited by hand)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from govinfo.actions.office_suite import Pagination, banji_on_even_page
from govinfo.core.diagnostics import Diagnostic, Source, UserError, error
from govinfo.store.atomic import write_atomic
from govinfo.store.paths import refuse_links
from govinfo.core.periods import Period
from govinfo.store.workspace import Workspace

OUT_DIR = "out"


KEPT_FOLDERS = ("data", "rules", "templates", ".govinfo")  # every file there is read as the office's own


def out_dir(ws: Workspace, given: Path | None) -> Path:
    if not given:
        return ws.root / OUT_DIR
    refuse_kept_folders(ws, Path(given), "--out")
    return Path(given)


def refuse_kept_folders(ws: Workspace, path: Path, option: str) -> None:
    """A notice written into data/items would be read back as three broken items by every command."""
    try:
        inside = path.resolve().relative_to(ws.root.resolve()).parts
    except ValueError:
        return  # outside the workspace: the clerk's own folder
    if inside and inside[0].lower() in KEPT_FOLDERS:  # Data/ is data/ where names ignore case
        raise UserError(error(Source(f"govinfo {option}"), "OUT-IN-DATA", f"“{path}”在工作区的 {inside[0]}/ 里，生成的文件不能放在那里",
                              f"那里的每个文件都会被当作数据或设置读取：不写 {option} 就放在 out/，或写工作区以外的文件夹"))


def _check_free(paths: list[Path], force: bool) -> None:
    taken = [p for p in paths if p.exists()]
    if taken and not force:
        raise UserError([error(Source(str(p)), "EXISTS", "文件已存在，没有覆盖（它可能已经印发、交出或手工改过）",
                               "确认不再需要后加 --force 覆盖，或用 --out 换一个文件夹") for p in taken])


def write_notice(ws: Workspace, period: Period, serial: int | None, issued: date, folder: Path | None = None,
                 force: bool = False, reuse_number: bool = False) -> tuple[list[Path], Pagination, list[Diagnostic]]:
    """The notice's files, what the page check found (the 版记 on an even page, office_suite), and
    warnings about the notice. A 文号 another notice in the folder carries is refused unless
    `reuse_number` (the other one withdrawn): `force` only allows overwriting this notice's own files."""
    from govinfo.compute.notice import build
    from govinfo.render.notice_docx import letter_docx, notice_docx
    from govinfo.render.notice_html import letters_html, notice_html
    from govinfo.render.notice_xlsx import notice_xlsx
    doc = build(ws, period, serial, issued)
    folder = out_dir(ws, folder)
    files = {folder / f"{doc.stem}.html": lambda: notice_html(ws, doc),
             folder / f"{doc.stem}.docx": lambda: paged[0],
             folder / f"{doc.stem}.xlsx": lambda: notice_xlsx(doc)}
    # 预警函: one letter, one document, in a folder of their own (each letter numbered and paged alone)
    letters = folder / f"政务信息预警函-{period.key}"
    for letter in doc.letters:
        files[letters / f"{letter.file_stem}.html"] = lambda letter=letter: letters_html(ws, doc, [letter])
        files[letters / f"{letter.file_stem}.docx"] = lambda letter=letter: letter_docx(letter, doc)
    _check_free(list(files), force)
    reused = number_in_use(folder, doc.number, doc.stem) if serial else []
    if reused and not reuse_number:
        raise UserError(reused)
    paged = banji_on_even_page(lambda breaks: notice_docx(doc, breaks), ws.office.duplex)
    rendered = {path: make() for path, make in files.items()}  # render all before writing any
    for path, data in rendered.items():
        write_atomic(path, data)
    return list(rendered), paged[1], doc.warnings + [replace(d, severity="warning") for d in reused]


def number_in_use(folder: Path, number: str, stem: str) -> list[Diagnostic]:
    """A 文号 is issued once: another notice in the folder that already carries it is an error."""
    taken = []
    for other in sorted(folder.glob("政务信息通报-*.html")):
        if other.stem != stem and not other.is_symlink():
            try:
                if number in other.read_text(encoding="utf-8", errors="replace")[:1_000_000]:
                    taken.append(other.name)
            except OSError:
                continue
    return [error(Source("govinfo notice --number"), "NUMBER-IN-USE",
                  f"文号“{number}”已用于 {'、'.join(taken)}：同一个文号只能用在一份通报上",
                  "换一个还没用过的序号；确是原通报作废、要重用这个文号，加 --reuse-number")] if taken else []


def reminders_path(ws: Workspace, period: Period, folder: Path | None = None) -> Path:
    return out_dir(ws, folder) / f"季度提醒-{period.key}.csv"


def write_reminders(ws: Workspace, period: Period, folder: Path | None = None, force: bool = False):
    from govinfo.compute.reminders import reminders
    from govinfo.render.reminders import reminders_csv
    rows, diags = reminders(ws, period)
    path = reminders_path(ws, period, folder)
    _check_free([path], force)
    write_atomic(path, reminders_csv(rows).encode("utf-8-sig"))  # the BOM lets Excel read the Chinese
    return path, rows, diags


REPORT_STATE = {"new": "已写出", "changed": "已更新", "same": "内容未变，未重写",
                "kept": "内容有变化，但原文件可能已交出，未覆盖；要重写请加 --force",
                "edited": "原文件与本工具上次写出的不同（可能手工改过），未覆盖；要重写请加 --force"}
WRITTEN_LOG = ".govinfo/written.json"  # report file -> sha256 of the bytes govinfo last wrote there


def _written_key(ws: Workspace, path: Path) -> str:
    try:
        return path.resolve().relative_to(ws.root.resolve()).as_posix()
    except ValueError:  # --out outside the workspace
        return path.resolve().as_posix()


def _written_table(ws: Workspace) -> dict:
    log = ws.root / WRITTEN_LOG
    refuse_links(log)
    try:
        table = json.loads(log.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or damaged: nothing is known to be ours
        return {}
    return table if isinstance(table, dict) else {}


def _note_written(ws: Workspace, path: Path, data: bytes) -> None:
    from govinfo.store.locks import exclusive
    with exclusive(ws.root, "written.json"):  # two commands writing reports at once: both noted
        table = _written_table(ws)
        table[_written_key(ws, path)] = hashlib.sha256(data).hexdigest()
        write_atomic(ws.root / WRITTEN_LOG, json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True))


def write_report(ws: Workspace, name: str, data: bytes, folder: Path | None = None, force: bool = False,
                 keep: bool = False) -> tuple[Path, str]:
    """A report (fees sheet, register, statistics) into out/ (or --out): written when new or when
    its content changed, left alone when it is the same, so running the command again just shows
    the report. `keep`: a changed file is kept unless `force` (a fee sheet finance may have signed).
    A file that is not what govinfo last wrote there (edited by hand) is kept unless `force` too.
    Returns the path and "new", "changed", "same", "kept" or "edited"."""
    path = out_dir(ws, folder) / name
    refuse_links(path)  # out/ itself a link: refused before it is read, as a write through it would be
    state = "new"
    if path.is_file():
        old = path.read_bytes()
        # what govinfo last noted writing there; None when never noted (written before the table
        # was kept, or the table lost): then the file is govinfo's own, as it always was taken to be
        noted = _written_table(ws).get(_written_key(ws, path))
        if _same_content(old, data):
            if noted is None:
                _note_written(ws, path, old)  # what is there is what govinfo would write: noted as its own
            return path, "same"
        if keep and not force:
            return path, "kept"
        if not force and noted not in (None, hashlib.sha256(old).hexdigest()):
            return path, "edited"  # a clerk's additions: not overwritten unasked
        state = "changed"
    write_atomic(path, data)
    _note_written(ws, path, data)
    return path, state


def write_fees(ws: Workspace, report, folder: Path | None = None, force: bool = False) -> tuple[Path, str]:
    """The fee sheet. A period not yet over gets a 暂计 sheet of its own, rewritten freely: the
    final sheet, which finance may have signed, keeps its name and is never overwritten unasked."""
    from govinfo.render.workbooks import fees_xlsx
    name = f"稿酬发放表-{report.period.key}" + ("-暂计" if report.provisional else "") + ".xlsx"
    return write_report(ws, name, fees_xlsx(report, ws.office.office_name), folder, force, keep=not report.provisional)


def write_register(ws: Workspace, year: int, folder: Path | None = None, force: bool = False):
    """The year's 登记簿 workbook: (the register, path, state)."""
    from govinfo.compute.register_book import register
    from govinfo.render.workbooks import register_xlsx
    book = register(ws, year)
    return (book, *write_report(ws, f"政务信息登记簿-{year}.xlsx", register_xlsx(book), folder, force))


def write_stats(ws: Workspace, period, folder: Path | None = None, force: bool = False) -> tuple[object, list[tuple[Path, str]]]:
    """The period's statistics as a workbook with charts and a page with SVG charts: (stats, [(path, state)])."""
    from govinfo.compute.stats import stats
    from govinfo.render.stats_html import stats_html
    from govinfo.render.workbooks import stats_xlsx
    result = stats(ws, period)
    return result, [write_report(ws, f"政务信息统计-{period.key}.xlsx", stats_xlsx(result), folder, force),
                    write_report(ws, f"政务信息统计-{period.key}.html", stats_html(ws, result), folder, force)]


def _named_file(path: Path, suffix: str, example: str, force: bool) -> None:
    """A file the clerk named with --xlsx or --csv: refused (nothing written) when the name does
    not end in `suffix`, or when it exists, unless `force`."""
    if path.suffix.lower() != suffix:
        raise UserError(error(Source(f"govinfo --{suffix[1:]}"), "BAD-NAME", f"“{path}”不是 {suffix} 文件名",
                              f"文件名以 {suffix} 结尾，如 {example}"))
    if path.exists() and not force:
        raise UserError(error(Source(str(path)), "EXISTS", "文件已存在，没有覆盖", "换一个文件名，或加 --force 覆盖"))


def write_items_xlsx(ws: Workspace, path: Path, title: str, views, force: bool = False) -> None:
    """--xlsx FILE of list and search."""
    from govinfo.render.workbooks import items_book
    refuse_kept_folders(ws, path, "--xlsx")
    _named_file(path, ".xlsx", "十月信息.xlsx", force)
    write_atomic(path, items_book(ws, title, views))


def write_csv(ws: Workspace, path: Path, text: str, force: bool = False) -> None:
    """--csv FILE of score: UTF-8 with the BOM that lets Excel read the Chinese, whatever the
    console's code page (a redirect `>` in PowerShell re-encodes what it catches)."""
    refuse_kept_folders(ws, path, "--csv")
    _named_file(path, ".csv", "十月得分.csv", force)
    write_atomic(path, text.encode("utf-8-sig"))


def _same_content(old: bytes, new: bytes) -> bool:
    """Equal bytes, or two workbooks equal but for the time they were made (docProps/core.xml)."""
    if old == new:
        return True
    if not (old[:2] == new[:2] == b"PK"):
        return False
    import io
    import zipfile
    try:
        with zipfile.ZipFile(io.BytesIO(old)) as a, zipfile.ZipFile(io.BytesIO(new)) as b:
            names = sorted(n for n in a.namelist() if n != "docProps/core.xml")
            if names != sorted(n for n in b.namelist() if n != "docProps/core.xml"):
                return False
            return all(a.read(n) == b.read(n) for n in names)
    except (zipfile.BadZipFile, KeyError, ValueError):
        return False
