"""The notice through a real office suite: LibreOffice converts each output to PDF, poppler reads it back.

Locally these skip when LibreOffice or poppler-utils is missing; .ci/run installs both and sets
GOVINFO_REQUIRE_OFFICE=1, so in CI a missing suite is a failure, never a silent skip.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import copy_demo, now_pinned, office_env, run_cli, soffice_on
from govinfo.store.workspace import open_workspace

TOOLS = ("soffice", "pdftotext", "pdfinfo")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
if MISSING and os.environ.get("GOVINFO_REQUIRE_OFFICE"):
    raise RuntimeError(f"GOVINFO_REQUIRE_OFFICE is set but these are not installed: {', '.join(MISSING)}")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(MISSING), reason=f"LibreOffice/poppler-utils not installed ({', '.join(MISSING)}); "
                                                      "CI installs them (see .ci/run)")]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, demo_master):
    base = tmp_path_factory.mktemp("office")
    root = copy_demo(demo_master, base / "demo")
    with now_pinned(), soffice_on():
        r = run_cli(["notice", "--month", "2026-10", "--number", "12", "--root", root])
    assert r.code == 0, r.text
    assert "版面已由 LibreOffice 核对" in r.out, r.out
    out, pdf_dir = root / "out", base / "pdf"
    profile = (base / "lo-profile").as_uri()  # a private profile: no clash with a LibreOffice already open
    stem = "政务信息通报-2026-10"
    converted = {}
    for ext, extra in (("docx", []), ("xlsx", []), ("html", ['--infilter=HTML (StarWriter)'])):
        target = pdf_dir / ext
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", *extra,
                        "--convert-to", "pdf", "--outdir", str(target), str(out / f"{stem}.{ext}")],
                       check=True, capture_output=True, timeout=300, env=office_env())
        converted[ext] = target / f"{stem}.pdf"
        assert converted[ext].is_file(), f"LibreOffice did not convert the .{ext}"
    return root, converted


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def pages_text(pdf: Path, layout: bool = True) -> list[str]:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def is_a4(size, landscape=False) -> bool:
    w, h = size
    return (abs(w - 841.9) < 2 and abs(h - 595.3) < 2) if landscape else (abs(w - 595.3) < 2 and abs(h - 841.9) < 2)


@pytest.mark.parametrize("ext", ["docx", "html"])
def test_notice_prints_on_a4_with_its_text_and_table_rows(pdfs, ext):
    root, pdf = pdfs
    sizes = page_sizes(pdf[ext])
    assert len(sizes) >= 3 and all(is_a4(s) for s in sizes)
    pages = pages_text(pdf[ext])
    text = re.sub(r"\s+", "", "".join(pages))
    assert "关于2026年10月份全市政务信息报送采用情况的通报" in text
    assert "某政办通〔2026〕12号" in text
    assert "一、总体情况" in text and "五、下步要求" in text
    assert "2026年11月21日印发" in text
    # A long name wraps inside its cell and a reader may put the next cell's number between its halves.
    tables = re.sub(r"[\s\d.\-]+", "", "".join(pages_text(pdf[ext], layout=False))).split("报送采用情况统计表")[-1]
    units = open_workspace(root).units
    if ext == "html":
        # LibreOffice's HTML import ignores column widths and lets a row break across pages (Word honours
        # both), so long names may come apart there: only names that fit one line are checked.
        units = [u for u in units if len(u.label) <= 4]
    missing = [u.label for u in units if u.label not in tables]
    assert not missing, f"rows missing from the attachment table: {missing}"
    assert re.search(r"—\s*1\s*—", pages[0])            # the page number under the first page


def test_docx_attachment_starts_on_its_own_page(pdfs):
    _, pdf = pdfs
    pages = pages_text(pdf["docx"])
    starts = [i for i, p in enumerate(pages) if p.strip().startswith("附件")]
    assert starts, "no page starts with 附件"
    assert "报送采用情况统计表" in re.sub(r"\s+", "", pages[starts[0]])


def test_workbook_prints_landscape_one_page_wide(pdfs):
    _, pdf = pdfs
    sizes = page_sizes(pdf["xlsx"])
    assert sizes and all(is_a4(s, landscape=True) for s in sizes)
    pages = [re.sub(r"\s+", "", p) for p in pages_text(pdf["xlsx"])]
    detail = [p for p in pages if "信息编号" in p]
    assert detail, "the detail sheet is missing"
    # One page wide: the repeated header row carries the first and the last column on every page.
    assert all("批示情况" in p and "采用情况" in p for p in detail)
    assert any("第1页共" in p for p in pages)


def words_on_page(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(top, bottom, text) of every word on one page, from pdftotext -bbox."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), t) for a, b, t in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', xml)]


def test_docx_banji_sits_at_the_foot_of_the_last_page(pdfs):
    """GB/T 9704 7.4.1: the 版记's last rule on the last line of the last page's text area."""
    _, pdf = pdfs
    last = len(page_sizes(pdf["docx"]))
    words = words_on_page(pdf["docx"], last)
    text_bottom = 841.9 - 35 / 25.4 * 72  # A4 less the 35 mm bottom margin
    printed = [w for w in words if w[2].endswith("印发")]
    copied = [w for w in words if w[2].startswith("抄送")]
    assert printed and copied, words
    assert text_bottom - 8 < printed[0][1] <= text_bottom + 1        # its line is the text area's last one
    assert 20 < printed[0][0] - copied[0][0] < 35                     # 抄送 the line above it
    body = [w for w in words if w[1] < copied[0][0] - 1 and not w[2].startswith("—")]
    assert all(w[1] < copied[0][0] for w in body)                      # nothing of the text below or beside it


def test_pages_are_rendered_with_song_kai_and_hei_faces(pdfs):
    """With tests/fonts.conf the body (仿宋), the 楷体 headings and the 黑体 ones each get a face of
    their own shape, so that a rendered page is judged as it will print."""
    _, pdf = pdfs
    fonts = subprocess.run(["pdffonts", str(pdf["docx"])], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJK" in fonts and "UKai" in fonts and "NotoSansCJK" in fonts, fonts


def test_each_warning_letter_is_one_page_without_a_page_number(tmp_path, demo_master):
    root = copy_demo(demo_master, tmp_path / "demo")
    with now_pinned():
        r = run_cli(["notice", "--half", "2026H1", "--number", "5", "--date", "2026-07-10", "--root", root])
    assert r.code == 0, r.text
    letters = sorted((root / "out" / "政务信息预警函-2026H1").glob("*.docx"))[:2]
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), *map(str, letters)], check=True, capture_output=True, timeout=300,
                   env=office_env())
    for letter in letters:
        pdf = tmp_path / "pdf" / (letter.stem + ".pdf")
        assert len(page_sizes(pdf)) == 1
        (page,) = pages_text(pdf)
        assert "政务信息工作预警函" in page and "预警函〔2026〕" in page
        assert "— 1 —" not in page and "—1—" not in re.sub(r"\s+", "", page)  # a one-page letter has no number


def test_the_title_breaks_between_words_on_the_printed_page(pdfs):
    """GB/T 9704 7.3.1 as LibreOffice prints it: 关于2026年10月份全市 / 政务信息报送采用情况的通报."""
    _, pdf = pdfs
    lines = [re.sub(r"\s+", "", line) for line in pages_text(pdf["docx"])[0].splitlines()]
    at = lines.index("关于2026年10月份全市")
    assert next(line for line in lines[at + 1:] if line) == "政务信息报送采用情况的通报"
    # a title that fits one line stays on one (no space added beside its digits pushes 表 onto a line of its own)
    annex = [re.sub(r"\s+", "", line) for page in pages_text(pdf["docx"]) for line in page.splitlines()]
    assert "2026年10月份政务信息报送采用情况统计表" in annex


def to_pdf(docx: Path, folder: Path) -> Path:
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
                    "--outdir", str(folder), str(docx)], check=True, capture_output=True, timeout=300, env=office_env())
    return folder / (docx.stem + ".pdf")


def banji_at_the_foot(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """The words of `page` above the 版记, after checking the 版记's last line is the text area's last."""
    words = words_on_page(pdf, page)
    printed = [w for w in words if w[2].endswith("印发")]
    copied = [w for w in words if w[2].startswith("抄送")]
    assert printed and copied, f"no 版记 on page {page}"
    text_bottom = 841.9 - 35 / 25.4 * 72
    assert text_bottom - 8 < printed[0][1] <= text_bottom + 1
    return [w for w in words if w[1] < copied[0][0] - 1]


@pytest.mark.parametrize("period", [["--month", "2026-10"], ["--quarter", "2026Q3"], ["--half", "2026H1"],
                                    ["--year", "2025"]])
def test_each_notice_ends_with_its_banji_on_an_even_page(period, tmp_path, demo_master):
    """GB/T 9704 7.4.1 printed on both sides: the 版记 at the foot of an even last page. Pages keep
    their numbers, except a blank page before the 版记 page and that page (7.5). On the bundled demo
    the month and half-year end on an even page, the quarter and the year on an odd one (one break)."""
    root = copy_demo(demo_master, tmp_path / "demo")
    check_banji_page(period, root, tmp_path)


def check_banji_page(period: list[str], root: Path, tmp_path: Path) -> str:
    """Issue the notice with the page check on, lay the .docx out again and check the last page;
    returns what the command said."""
    with now_pinned(), soffice_on():
        r = run_cli(["notice", *period, "--number", "5", "--root", root])
    assert r.code == 0, r.text
    docx = next((root / "out").glob("政务信息通报-*.docx"))
    pdf = to_pdf(docx, tmp_path / "pdf")
    pages = len(page_sizes(pdf))
    assert pages % 2 == 0, r.out
    above = banji_at_the_foot(pdf, pages)
    texts = pages_text(pdf)
    said = re.sub(r"\s+", "", r.out)
    numbered = re.search(rf"—\s*{pages}\s*—", texts[-1])
    if f"第{pages - 1}页留空" in said:
        assert above == [] and texts[-2].strip() == "" and not numbered
    elif "版记移到" in said:
        assert f"版记移到第{pages}页" in said and above == [] and numbered
    else:
        assert f"共{pages}页，版记在末页" in said and numbered
    return said


def test_a_banji_spilt_alone_onto_an_odd_page_moves_on_past_a_blank_page(tmp_path):
    """The two-break case end to end: in `govinfo demo`'s 150-unit archive the December 2025 table
    fills page 12, the 版记 alone would land on page 13; it goes to page 14, page 13 left blank."""
    root = tmp_path / "big"
    with now_pinned():
        assert run_cli(["demo", root]).code == 0
    said = check_banji_page(["--month", "2025-12"], root, tmp_path)
    assert "留空" in said and "空白页和版记页不编页码" in said, said


def test_one_or_two_pages_before_the_banji_give_a_banji_page_and_a_blank_one(tmp_path, demo_master):
    """The two moves the check can make, laid out: one break puts the 版记 alone on the next page,
    numbered; two leave a blank page before it, both without numbers (GB/T 9704 7.5)."""
    from datetime import date

    from govinfo.actions.office_suite import pdf_page_count
    from govinfo.compute.notice import build
    from govinfo.core.periods import parse_period
    from govinfo.render.notice_docx import notice_docx
    root = copy_demo(demo_master, tmp_path / "demo")
    with now_pinned():
        notice = build(open_workspace(root), parse_period(month_="2026-10"), 5, date(2026, 11, 21))
    counts = []
    for breaks in (0, 1, 2):
        docx = tmp_path / f"n{breaks}.docx"
        docx.write_bytes(notice_docx(notice, breaks))
        pdf = to_pdf(docx, tmp_path / f"pdf{breaks}")
        counts.append(len(page_sizes(pdf)))
        assert pdf_page_count(pdf.read_bytes()) == counts[-1]   # the count the notice command relies on
        texts = pages_text(pdf)
        assert re.search(r"—\s*1\s*—", texts[0])
        above = banji_at_the_foot(pdf, counts[-1])
        last_number = re.search(r"—\s*\d+\s*—", texts[-1])
        if breaks == 1:
            assert above == [] and last_number
        if breaks == 2:
            assert above == [] and not last_number and texts[-2].strip() == ""
    assert counts[1] == counts[0] + 1 and counts[2] == counts[0] + 2
