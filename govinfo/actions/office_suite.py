"""LibreOffice, when this computer has it, as the judge of where a notice's pages fall.

GB/T 9704 wants the 版记 on an even page when a document is printed on both sides (7.4.1), and
only a layout engine knows on which page the text ends. When LibreOffice is installed the notice
is laid out by it (headless, with a private profile, in a scratch folder outside the workspace)
and moved one or two pages on when it would end on an odd page. Without LibreOffice the notice is
written as it is and the clerk is told what to look at before printing.

GOVINFO_SOFFICE names the program when it is not found by itself; "none" turns the check off.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from govinfo.core import progress

TIMEOUT_S = 120
OFF = ("", "none", "off", "no", "0")
CLAUSE = "GB/T 9704 7.4.1"
ENV = "GOVINFO_SOFFICE"


@dataclass(frozen=True)
class Suite:
    """Where LibreOffice is: `program`, or `why` there is none to use ("" when it is simply absent)."""
    program: str | None
    why: str = ""


def find_soffice() -> Suite:
    """The LibreOffice program: GOVINFO_SOFFICE, then the PATH, then where its installers put it."""
    given = os.environ.get(ENV)
    if given is not None:
        value = given.strip().strip('"').strip("'")  # cmd's `set X="C:\..."` keeps the quotes
        if value.lower() in OFF:
            return Suite(None, f"环境变量 {ENV} 设为“{given.strip()}”，没有核对版记是否在偶数页（{CLAUSE}）：打印前看一眼 .docx 的末页")
        if not Path(value).is_file():
            return Suite(None, f"环境变量 {ENV} 写的“{value}”不是一个程序文件，没有核对版记是否在偶数页（{CLAUSE}）："
                               "把它改成 soffice 的完整路径（如 C:\\Program Files\\LibreOffice\\program\\soffice.exe），"
                               "或删去这个环境变量")
        return Suite(value)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Suite(found)
    places = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"), Path("/opt/libreoffice/program/soffice")]
    places += sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True)  # /opt/libreoffice7.6: the newest first
    for var in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"):
        if os.environ.get(var):
            base = Path(os.environ[var])
            places.append(base / "LibreOffice" / "program" / "soffice.exe")
            # older installers put the version in the folder's name: LibreOffice 5, LibreOffice 7.6
            places += sorted(base.glob("LibreOffice*/program/soffice.exe"), reverse=True)
    return Suite(next((str(p) for p in places if p.is_file()), None))


def pdf_page_count(pdf: bytes) -> int | None:
    """Pages of a PDF as LibreOffice writes it (each page a /Type /Page object, never packed in an
    object stream)."""
    count = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))
    return count or None


class TimedOut(Exception):
    pass


def _kill_tree(proc: subprocess.Popen) -> None:
    """soffice hands its work to soffice.bin: stop the whole tree, not just the launcher."""
    try:
        if sys.platform == "win32":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30,
                           creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        else:
            import signal
            os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, subprocess.SubprocessError):
        proc.kill()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _run(command: list[str]) -> None:
    """Run LibreOffice to the end, the progress bar turning meanwhile; TimedOut after TIMEOUT_S.
    No pipes: a left-over soffice.bin holding one could never be waited out."""
    windows = sys.platform == "win32"
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=not windows,
                            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0) if windows else 0)
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        try:
            proc.wait(timeout=0.2)
            return
        except subprocess.TimeoutExpired:
            progress.tick(advance=0)
            if time.monotonic() > deadline:
                _kill_tree(proc)
                raise TimedOut from None


def page_count(docx: bytes, soffice: str) -> int | None:
    """How many pages LibreOffice lays `docx` out on; None when it could not say (TimedOut when it
    took too long). Everything happens in a scratch folder that is removed however it ends."""
    folder = Path(tempfile.mkdtemp(prefix="govinfo-pages-"))
    try:
        source = folder / "notice.docx"
        source.write_bytes(docx)
        with progress.shown("正在用 LibreOffice 排版，核对版记所在的页"):
            _run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                  "--convert-to", "pdf", "--outdir", str(folder), str(source)])
        pdf = folder / "notice.pdf"
        return pdf_page_count(pdf.read_bytes()) if pdf.is_file() else None
    except OSError:
        return None
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # a file LibreOffice still holds stays behind in TEMP, harmlessly


@dataclass(frozen=True)
class Pagination:
    """What the page check found, for the clerk: `note` is one line to print."""
    pages: int | None   # pages as laid out by LibreOffice; None when not checked
    moved: int          # pages added before the 版记
    note: str


LOOK = "打印前看一眼 .docx 的末页，页码是奇数时在版记前插入一页"


def banji_on_even_page(build: Callable[[int], bytes], duplex: bool = True) -> tuple[bytes, Pagination]:
    """The notice built by `build(breaks)` with as many page breaks before its 版记 (0, 1 or 2) as
    put the 版记 on an even page. 1 suffices when the notice ends on an odd page with the 版记; 2
    when the 版记 alone had spilt onto an odd page (the text filled the even page before it)."""
    first = build(0)
    if not duplex:
        return first, Pagination(None, 0, "")
    suite = find_soffice()
    if suite.program is None:
        return first, Pagination(None, 0, suite.why or
                                 f"未找到 LibreOffice，没有核对版记是否在偶数页（{CLAUSE}）：{LOOK}；装上 LibreOffice"
                                 f"（或在环境变量 {ENV} 中写明 soffice 的位置）后再生成，会自动排好")
    built, counts = [first], []
    try:
        for breaks in (0, 1, 2):
            if breaks:
                built.append(build(breaks))
            counts.append(page_count(built[-1], suite.program))
            if counts[-1] is None or counts[-1] % 2 == 0:
                break
    except TimedOut:
        return first, Pagination(None, 0, f"LibreOffice 在 {TIMEOUT_S} 秒内没有排完这份通报，没有核对版记是否在偶数页"
                                          f"（{CLAUSE}）：{LOOK}")
    pages, breaks = counts[-1], len(counts) - 1
    if pages is None:
        return first, Pagination(None, 0, f"LibreOffice 没能把这份通报排成 PDF（{suite.program}），没有核对版记是否在偶数页"
                                          f"（{CLAUSE}）：{LOOK}")
    if pages % 2:
        return first, Pagination(counts[0], 0, f"LibreOffice 排出 {counts[0]} 页，在版记前加页后仍未排到偶数页（{CLAUSE}）："
                                               "打印前在版记前手工插入一页")
    if breaks == 0:
        return first, Pagination(pages, 0, f"版面已由 LibreOffice 核对：共 {pages} 页，版记在末页（偶数页）")
    where = (f"通报排到第 {counts[0]} 页（奇数页），版记移到第 {pages} 页（偶数页）" if breaks == 1 else
             f"通报排满第 {counts[0] - 1} 页，版记移到第 {pages} 页（偶数页），第 {counts[0]} 页留空，"
             f"空白页和版记页不编页码（{CLAUSE}、7.5）")
    return built[-1], Pagination(pages, breaks, f"版面已由 LibreOffice 核对：{where}")
