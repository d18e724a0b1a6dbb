"""The 版记's page check (GB/T 9704 7.4.1): which layouts are tried, and what the clerk is told.

Here LibreOffice's page counts are stood in for; test_notice_office lays real notices out."""
from __future__ import annotations

import os
import sys
import tempfile

import pytest

from govinfo.actions import office_suite


def tried_with(counts: dict[int, int | None], monkeypatch) -> tuple[bytes, office_suite.Pagination, list[int]]:
    """banji_on_even_page when LibreOffice lays the notice built with n breaks out on counts[n] pages."""
    built = []
    monkeypatch.setenv("GOVINFO_SOFFICE", sys.executable)  # a program that exists; page_count stands in for it
    monkeypatch.setattr(office_suite, "page_count", lambda data, soffice: counts[int(data.decode())])

    def build(breaks: int) -> bytes:
        built.append(breaks)
        return str(breaks).encode()
    data, pages = office_suite.banji_on_even_page(build)
    return data, pages, built


def test_an_even_page_count_is_left_as_it_is(monkeypatch):
    data, pages, built = tried_with({0: 6}, monkeypatch)
    assert data == b"0" and built == [0] and (pages.pages, pages.moved) == (6, 0)
    assert pages.note == "版面已由 LibreOffice 核对：共 6 页，版记在末页（偶数页）"


def test_text_ending_on_an_odd_page_moves_the_banji_one_page_on(monkeypatch):
    data, pages, built = tried_with({0: 5, 1: 6}, monkeypatch)
    assert data == b"1" and built == [0, 1] and (pages.pages, pages.moved) == (6, 1)
    assert pages.note == "版面已由 LibreOffice 核对：通报排到第 5 页（奇数页），版记移到第 6 页（偶数页）"


def test_a_banji_spilt_alone_onto_an_odd_page_gets_a_blank_page_before_it(monkeypatch):
    # the text filled page 4; the 版记 alone went to page 5; one break changes nothing, two do
    data, pages, built = tried_with({0: 5, 1: 5, 2: 6}, monkeypatch)
    assert data == b"2" and built == [0, 1, 2] and (pages.pages, pages.moved) == (6, 2)
    assert "通报排满第 4 页，版记移到第 6 页（偶数页），第 5 页留空，空白页和版记页不编页码" in pages.note


@pytest.mark.parametrize("counts, said", [({0: None}, "LibreOffice 没能把这份通报排成 PDF"),
                                          ({0: 5, 1: None}, "LibreOffice 没能把这份通报排成 PDF"),
                                          ({0: 5, 1: 5, 2: 7}, "LibreOffice 排出 5 页，在版记前加页后仍未排到偶数页")])
def test_when_libreoffice_cannot_settle_it_the_notice_is_kept_and_the_clerk_told(counts, said, monkeypatch):
    data, pages, _ = tried_with(counts, monkeypatch)
    assert data == b"0" and pages.moved == 0
    assert pages.note.startswith(said) and "打印前" in pages.note


def test_libreoffice_taking_too_long_is_stopped_and_said(monkeypatch):
    monkeypatch.setenv("GOVINFO_SOFFICE", sys.executable)

    def hangs(data, soffice):
        raise office_suite.TimedOut
    monkeypatch.setattr(office_suite, "page_count", hangs)
    data, pages = office_suite.banji_on_even_page(lambda breaks: b"x%d" % breaks)
    assert data == b"x0" and "秒内没有排完" in pages.note and "打印前" in pages.note


@pytest.mark.slow  # waits for the timeout, then for the processes to go
@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script stands in for LibreOffice")
def test_a_hanging_libreoffice_is_killed_with_its_children(monkeypatch, tmp_path):
    """soffice hands its work to a child (soffice.bin): a timeout must stop both, and leave no folder."""
    pidfile = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pidfile}\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setattr(office_suite, "TIMEOUT_S", 1)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # this test's own TEMP: other runs may share the system's
    with pytest.raises(office_suite.TimedOut):
        office_suite.page_count(b"PK", str(fake))
    child = int(pidfile.read_text())
    import time
    for _ in range(50):  # the kill is immediate; reaping by init may take a moment
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the child of the hanging launcher is still running")
    assert list(scratch.iterdir()) == []  # the scratch folder went with the run


def test_without_libreoffice_the_clerk_is_told_what_to_check(monkeypatch, tmp_path):
    monkeypatch.delenv("GOVINFO_SOFFICE", raising=False)
    monkeypatch.setattr(office_suite.shutil, "which", lambda name: None)
    for var in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"):
        monkeypatch.setenv(var, str(tmp_path))
    data, pages = office_suite.banji_on_even_page(lambda breaks: b"x%d" % breaks)
    assert data == b"x0" and pages.pages is None
    assert "未找到 LibreOffice" in pages.note and "GOVINFO_SOFFICE" in pages.note


def test_the_check_turned_off_says_so_not_that_libreoffice_is_missing(monkeypatch):
    monkeypatch.setenv("GOVINFO_SOFFICE", "none")
    _, pages = office_suite.banji_on_even_page(lambda breaks: b"x")
    assert pages.note.startswith("环境变量 GOVINFO_SOFFICE 设为“none”，没有核对版记是否在偶数页")
    assert "未找到" not in pages.note


@pytest.mark.parametrize("given", ["/nonexistent/soffice", '"/nonexistent/soffice"'])
def test_a_wrong_soffice_path_is_named(given, monkeypatch):
    monkeypatch.setenv("GOVINFO_SOFFICE", given)
    _, pages = office_suite.banji_on_even_page(lambda breaks: b"x")
    assert "环境变量 GOVINFO_SOFFICE 写的“/nonexistent/soffice”不是一个程序文件" in pages.note


def test_single_sided_printing_needs_no_check(monkeypatch):
    monkeypatch.setenv("GOVINFO_SOFFICE", sys.executable)
    monkeypatch.setattr(office_suite, "page_count", lambda *a: pytest.fail("laid out although duplex is off"))
    data, pages = office_suite.banji_on_even_page(lambda breaks: b"x%d" % breaks, duplex=False)
    assert data == b"x0" and pages.note == ""


def test_libreoffice_is_found_where_windows_installs_it(monkeypatch, tmp_path):
    program = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    program.parent.mkdir(parents=True)
    program.write_bytes(b"")
    monkeypatch.delenv("GOVINFO_SOFFICE", raising=False)
    monkeypatch.setattr(office_suite.shutil, "which", lambda name: None)
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    assert office_suite.find_soffice().program == str(program)


def test_libreoffice_is_found_in_a_folder_named_with_its_version(monkeypatch, tmp_path):
    for version in ("LibreOffice 5", "LibreOffice 7.6"):
        program = tmp_path / version / "program" / "soffice.exe"
        program.parent.mkdir(parents=True)
        program.write_bytes(b"")
    monkeypatch.delenv("GOVINFO_SOFFICE", raising=False)
    monkeypatch.setattr(office_suite.shutil, "which", lambda name: None)
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    assert office_suite.find_soffice().program == str(tmp_path / "LibreOffice 7.6" / "program" / "soffice.exe")


def test_a_pdf_page_count_reads_page_objects_not_the_page_tree():
    pdf = b"%PDF-1.4\n1 0 obj<</Type /Pages /Kids [2 0 R 3 0 R] /Count 2>>endobj\n" \
          b"2 0 obj<</Type/Page /Parent 1 0 R>>endobj\n3 0 obj<</Type /Page/Parent 1 0 R>>endobj\n"
    assert office_suite.pdf_page_count(pdf) == 2
    assert office_suite.pdf_page_count(b"not a pdf") is None


def test_the_notice_command_says_what_the_check_found(cli, submit):
    submit()
    r = cli("notice", "--month", "2026-10", "--number", "3")
    assert r.code == 0, r.text
    assert "GOVINFO_SOFFICE 设为“none”，没有核对版记是否在偶数页" in r.out  # the tests turn the check off


def test_office_yaml_duplex_false_turns_the_check_off(cli, submit, ws_root):
    office = ws_root / "rules" / "office.yaml"
    text = office.read_text(encoding="utf-8")
    assert "duplex: true" in text
    office.write_text(text.replace("duplex: true", "duplex: false"), encoding="utf-8")
    submit()
    r = cli("notice", "--month", "2026-10", "--number", "3")
    assert r.code == 0, r.text
    assert "LibreOffice" not in r.out and "版记" not in r.out
