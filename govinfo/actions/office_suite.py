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
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

TIMEOUT_S = 180
OFF = ("", "none", "off", "no", "0")
CLAUSE = "GB/T 9704 7.4.1"


def find_soffice() -> str | None:
    """The LibreOffice program: GOVINFO_SOFFICE, then the PATH, then where its installers put it."""
    given = os.environ.get("GOVINFO_SOFFICE")
    if given is not None:
        return None if given.strip().lower() in OFF else given.strip()
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    places = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"), Path("/opt/libreoffice/program/soffice")]
    for var in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"):
        if os.environ.get(var):
            places.append(Path(os.environ[var]) / "LibreOffice" / "program" / "soffice.exe")
    return next((str(p) for p in places if p.is_file()), None)


def pdf_page_count(pdf: bytes) -> int | None:
    """Pages of a PDF as LibreOffice writes it (each page a /Type /Page object, never packed in an
    object stream)."""
    count = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))
    return count or None


def page_count(docx: bytes, soffice: str) -> int | None:
    """How many pages LibreOffice lays `docx` out on; None when it could not say."""
    with tempfile.TemporaryDirectory(prefix="govinfo-pages-") as tmp:
        folder = Path(tmp)
        source = folder / "notice.docx"
        source.write_bytes(docx)
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(folder), str(source)]
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT_S,
                           check=False, creationflags=flags)
        except (OSError, subprocess.SubprocessError):
            return None
        pdf = folder / "notice.pdf"
        return pdf_page_count(pdf.read_bytes()) if pdf.is_file() else None


@dataclass(frozen=True)
class Pagination:
    """What the page check found, for the clerk: `note` is one line to print."""
    pages: int | None   # pages as laid out by LibreOffice; None when not checked
    moved: int          # pages added before the 版记
    note: str


def banji_on_even_page(build: Callable[[int], bytes], duplex: bool = True) -> tuple[bytes, Pagination]:
    """The notice built by `build(breaks)` with as many page breaks before its 版记 (0, 1 or 2) as
    put the 版记 on an even page. 1 suffices when the text ends on an odd page with the 版记; 2
    when the 版记 alone had spilled onto an odd page (the text filled the even page before it)."""
    first = build(0)
    if not duplex:
        return first, Pagination(None, 0, "")
    soffice = find_soffice()
    if soffice is None:
        return first, Pagination(None, 0, f"未找到 LibreOffice，没有核对版记是否在偶数页（{CLAUSE}）：打印前看一眼 .docx 的末页，"
                                          "页码是奇数时在版记前插入一页；装上 LibreOffice（或在环境变量 GOVINFO_SOFFICE 中写明 "
                                          "soffice 的位置）后再生成，会自动排好")
    data, pages = first, page_count(first, soffice)
    if pages is None:
        return first, Pagination(None, 0, f"LibreOffice 没能排出这份通报的页数，没有核对版记是否在偶数页（{CLAUSE}）："
                                          "打印前看一眼 .docx 的末页")
    if pages % 2 == 0:
        return first, Pagination(pages, 0, f"版面已由 LibreOffice 核对：共 {pages} 页，版记在末页（偶数页）")
    original = pages
    for breaks in (1, 2):
        data = build(breaks)
        pages = page_count(data, soffice)
        if pages is None:
            break
        if pages % 2 == 0:
            where = (f"正文排到第 {original} 页（奇数页），版记移到第 {pages} 页（偶数页）" if breaks == 1 else
                     f"正文排满第 {original - 1} 页，版记移到第 {pages} 页（偶数页），第 {original} 页留空")
            return data, Pagination(pages, breaks, f"版面已由 LibreOffice 核对：{where}；版记页"
                                                   f"{'和空白页' if breaks == 2 else ''}不编页码（{CLAUSE}、7.5）")
    return first, Pagination(original, 0, f"LibreOffice 排出 {original} 页，版记在奇数页，加页后仍未排到偶数页（{CLAUSE}）："
                                          "打印前在版记前手工插入一页")
