"""Nothing lost, nothing counted twice, nothing run that a user did not write as data.

Each class of the hostile-user review gets several variants, and each asserts what the clerk
sees (a Chinese message naming the file or argument, the exit code) and what is on disk: a refused
command leaves every file byte-identical, a command that should write adds exactly its files."""
from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import BODY, item_file, run_cli

LINKS = pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32",
                           reason="symbolic links need privileges on Windows")


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder in the workspace but the per-computer .govinfo/, by content hash."""
    found = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if rel.startswith(".govinfo"):
            continue
        found[rel] = "link" if p.is_symlink() else "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
    return found


def refused(cli, root, *args, code: str, where: str = ""):
    """Run a command that must be refused: exit 1, the code and place named, nothing changed."""
    before = snapshot(root)
    result = cli(*args)
    assert result.code == 1, result.text
    assert f"[{code}]" in result.err, result.text
    assert where in result.err, result.text
    assert "Traceback" not in result.text and "INTERNAL" not in result.text
    assert snapshot(root) == before, "a refused command must write nothing"
    return result


def no_temp_files(root: Path) -> bool:
    return not [p for p in root.rglob("*.tmp")]


# --- 1. refused means nothing written -------------------------------------------------------

@pytest.mark.parametrize("title, body, code, where", [
    ("长" * 250, BODY, "TITLE-TOO-LONG", "--title"),
    ("标题\x1b[2J清屏", BODY, "CONTROL-CHAR", "--title"),
    ("标题\u202e倒排", BODY, "CONTROL-CHAR", "--title"),
    ("标题\u2028分行", BODY, "CONTROL-CHAR", "--title"),  # stored, it came back with a space for it
    ("秋粮收购", "绝密★启用前\n" + BODY, "CLASSIFIED", "正文"),
    ("秋粮收购", BODY + "\x07响铃", "CONTROL-CHAR", "正文"),
])
def test_submit_refused_writes_no_item(cli, ws_root, title, body, code, where):
    result = refused(cli, ws_root, "submit", "--unit", "T01", "--title", title, "--drafter", "张三",
                     "--reviewer", "李四", "--date", "2026-10-12", "--category", "工作动态", "--body", body,
                     code=code, where=where)
    if code == "CLASSIFIED":
        assert BODY[:10] not in result.text  # the classified text is never printed


def test_import_reports_a_refused_file_and_writes_nothing_for_it(cli, ws_root, tmp_path):
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    (inbox / "【城关镇】超长.txt").write_text("长" * 250 + "\n\n" + BODY + "\n（拟稿人：张三  审核人：李四）\n", encoding="utf-8")
    (inbox / "【城关镇】密件.txt").write_text("机密★1年\n\n" + BODY + "\n（拟稿人：张三  审核人：李四）\n", encoding="utf-8")
    before = snapshot(ws_root)
    for _ in range(2):  # a second run must not write a broken item either
        result = cli("import", inbox)
        assert result.code == 1 and "未能导入 2 个" in result.out, result.text
        assert "200" in result.out and "密级" in result.out
    assert snapshot(ws_root) == before


def test_a_notice_whose_last_file_fails_leaves_none_of_its_files(cli, ws_root, submit, monkeypatch):
    submit()
    from govinfo.store import atomic
    calls = []
    real = atomic._publish

    def third_fails(tmp, target):
        calls.append(target)
        if len(calls) == 3:
            tmp.unlink()
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real(tmp, target)
    monkeypatch.setattr(atomic, "_publish", third_fails)
    before = snapshot(ws_root)
    result = cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05")
    assert result.code == 1 and "[DISK-FULL]" in result.err and "磁盘已满" in result.err, result.text
    assert len(calls) == 3
    assert snapshot(ws_root) == before  # the two files written first are gone, and out/ with them
    assert no_temp_files(ws_root)


# --- 2. bounded input -----------------------------------------------------------------------

def _docx(tmp_path: Path, name: str, document_xml: bytes | None = None, pad: int = 0) -> Path:
    from docx import Document
    doc = Document()
    doc.add_paragraph("城关镇推进秋粮收购")
    doc.add_paragraph(BODY)
    buf = io.BytesIO()
    doc.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml" and document_xml is not None:
                data = document_xml(data)
            dst.writestr(info, data)
        if pad:
            dst.writestr("word/media/padding.bin", b"\0" * pad)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def _submit_file(cli, path):
    return ["submit", "--unit", "T01", "--drafter", "张三", "--reviewer", "李四", "--date", "2026-10-12",
            "--category", "工作动态", "--body-file", path]


def test_a_docx_that_inflates_past_the_limit_is_refused(cli, ws_root, tmp_path):
    bomb = _docx(tmp_path, "炸弹.docx", pad=80 * 1024 * 1024)  # 80 MB of zeros, about 80 KB on disk
    assert bomb.stat().st_size < 1024 * 1024
    result = refused(cli, ws_root, *_submit_file(cli, bomb), code="FILE-TOO-LARGE", where="炸弹.docx")
    assert "64 MB" in result.err


@pytest.mark.parametrize("declaration", [
    b'<!DOCTYPE w:document [<!ENTITY lol "lol">]>',
    b'<!DOCTYPE w:document SYSTEM "file:///etc/passwd">',
])
def test_a_docx_with_a_dtd_or_entities_is_refused(cli, ws_root, tmp_path, declaration):
    def inject(xml: bytes) -> bytes:
        head, rest = xml.split(b"?>", 1)
        return head + b"?>" + declaration + rest
    path = _docx(tmp_path, "实体.docx", document_xml=inject)
    result = refused(cli, ws_root, *_submit_file(cli, path), code="BAD-FORMAT", where="实体.docx")
    assert "DTD" in result.err


def test_text_files_and_bodies_are_bounded(cli, ws_root, tmp_path):
    big = tmp_path / "大.txt"
    big.write_bytes(("正文" * 1000 + "\n").encode("utf-8") * 800)  # about 4.8 MB
    refused(cli, ws_root, *_submit_file(cli, big), "--title", "标题", code="FILE-TOO-LARGE", where="大.txt")
    refused(cli, ws_root, "submit", "--unit", "T01", "--title", "标题", "--drafter", "张三", "--reviewer", "李四",
            "--date", "2026-10-12", "--category", "工作动态", "--body", "字" * 100_001,
            code="BODY-TOO-LONG", where="govinfo submit")
    sheet = tmp_path / "清单.xlsx"
    sheet.write_bytes(_docx(tmp_path, "x.docx", pad=80 * 1024 * 1024).read_bytes())
    refused(cli, ws_root, "adopt", "--from", sheet, "--pub", "province_info", code="FILE-TOO-LARGE", where="清单.xlsx")


# --- 3. templates are data, never code ------------------------------------------------------

@pytest.mark.parametrize("expression", [
    "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__['os'].system('touch MARKER') }}",
    "{{ 2 ** 100000000 }}",
    "{{ 'x' * 100000000 }}",
])
def test_a_workspace_template_cannot_run_code(cli, ws_root, submit, expression):
    submit()
    template = ws_root / "templates" / "notice_body.txt"
    lines = template.read_text(encoding="utf-8").splitlines()
    template.write_text("\n".join(lines[:3] + [expression] + lines[3:]) + "\n", encoding="utf-8")
    result = refused(cli, ws_root, "notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05",
                     code="TEMPLATE-UNSAFE", where="templates/notice_body.txt:4")
    assert "不允许" in result.err
    assert not (ws_root / "MARKER").exists() and not Path("MARKER").exists()


# --- 4. the workspace is closed -------------------------------------------------------------

@LINKS
def test_no_record_is_written_through_a_linked_month_or_year_folder(cli, ws_root, submit, tmp_path):
    outside = tmp_path / "别处"
    (outside / "11").mkdir(parents=True)
    records = ws_root / "data" / "records"
    (records / "2026").mkdir(parents=True)
    os.symlink(outside / "11", records / "2026" / "11")
    refused(cli, ws_root, "penalty", "add", "--unit", "T01", "--kind", "false_info", "--date", "2026-11-02",
            code="SYMLINK", where="data/records/2026/11")
    os.symlink(outside, ws_root / "data" / "items" / "2025")
    refused(cli, ws_root, "submit", "--unit", "T01", "--title", "标题", "--drafter", "张三", "--reviewer", "李四",
            "--date", "2025-11-02", "--category", "工作动态", "--body", BODY, code="SYMLINK", where="data/items/2025")
    assert not list(outside.rglob("*.yaml")) and not list(outside.rglob("*.md"))


@LINKS
def test_a_workspace_whose_name_extends_another_ones_is_closed_on_its_own(ws_root, tmp_path):
    """Roots are matched as folder names, not as string prefixes: ws2 is not inside ws."""
    import shutil
    from govinfo.store.paths import close_root, refuse_links
    from govinfo.core.diagnostics import UserError
    other = tmp_path / (ws_root.name + "2")
    shutil.copytree(ws_root, other)
    close_root(other)
    os.symlink(tmp_path, other / "data" / "linked")
    with pytest.raises(UserError) as refused_link:
        refuse_links(other / "data" / "linked" / "x.md")
    assert "data/linked" in str(refused_link.value.diags[0].source)
    mine = ws_root.parent / (ws_root.name + "-其他")  # not a workspace: the clerk's own folder, links and all
    mine.mkdir()
    os.symlink(tmp_path, mine / "linked")
    refuse_links(mine / "linked" / "x.md")


@LINKS
def test_no_file_is_read_through_a_link(cli, ws_root, submit, tmp_path):
    good = submit(title="城关镇秋粮收购")
    secret = tmp_path / "外部.md"
    secret.write_text(item_file(ws_root, good).read_text(encoding="utf-8")
                      .replace(good, "202610-LNK-0001").replace("秋粮", "外部文件内容"), encoding="utf-8")
    os.symlink(secret, item_file(ws_root, good).parent / "202610-LNK-0001.md")
    found = cli("search", "外部文件内容")
    assert "外部文件内容" not in found.out and "[SYMLINK]" not in found.out
    checked = cli("validate")
    assert checked.code == 1 and "data/items/2026/10/202610-LNK-0001.md: 错误 [SYMLINK]" in checked.out
    os.symlink(ws_root / "rules" / "office.yaml", ws_root / "templates" / "notice_title.txt.lnk")
    (ws_root / "templates" / "notice_title.txt").unlink()
    os.symlink(tmp_path / "外部.md", ws_root / "templates" / "notice_title.txt")
    refused(cli, ws_root, "notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05",
            code="SYMLINK", where="templates/notice_title.txt")


@LINKS
def test_a_linked_rules_file_or_inbox_file_is_refused(cli, ws_root, submit, tmp_path):
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    real = tmp_path / "【城关镇】来稿.txt"
    real.write_text("城关镇来稿\n\n" + BODY + "\n（拟稿人：张三  审核人：李四）\n", encoding="utf-8")
    os.symlink(real, inbox / real.name)
    before = snapshot(ws_root)
    result = cli("import", inbox)
    assert result.code == 1 and "符号链接" in result.out
    assert snapshot(ws_root) == before
    roster = ws_root / "rules" / "roster.yaml"
    copy = tmp_path / "roster.yaml"
    copy.write_bytes(roster.read_bytes())
    roster.unlink()
    os.symlink(copy, roster)
    result = cli("list", "--month", "2026-10")
    assert result.code == 1 and "rules/roster.yaml: 错误 [SYMLINK]" in result.err


# --- 5. secrecy cannot be bypassed ----------------------------------------------------------

def test_a_repeated_secrecy_key_is_an_error_and_the_item_is_never_shown(cli, ws_root, submit):
    item = submit(title="城关镇秋粮收购")
    path = item_file(ws_root, item)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("category:", "secrecy: 机密\nsecrecy: 公开\ncategory:", 1), encoding="utf-8")
    checked = cli("validate")
    assert checked.code == 1 and "[DUPLICATE-KEY]" in checked.out and path.name in checked.out
    for args in (("list", "--month", "2026-10"), ("search", "秋粮"), ("score", "--month", "2026-10")):
        result = cli(*args)
        assert "城关镇秋粮收购" not in result.out, args


def test_a_classification_mark_in_the_body_hides_the_item(cli, ws_root, submit):
    item = submit(title="城关镇秋粮收购")
    path = item_file(ws_root, item)
    head, body = path.read_text(encoding="utf-8").split("---\n", 2)[1:]
    for mark in ("绝密★启用前", "机密★1年", "秘密 ★ 长期", "秘密"):
        path.write_text(f"---\n{head}---\n{mark}\n{body}", encoding="utf-8")
        checked = cli("validate")
        assert checked.code == 1 and "[CLASSIFIED]" in checked.out, mark
        assert "秋粮" not in cli("search", "秋粮").out and BODY[:10] not in cli("show", item).text
    path.write_text(f"---\n{head}---\n秘密工作会议召开\n{body}", encoding="utf-8")  # a title, not a mark
    assert cli("validate").code == 0


def test_the_index_never_serves_a_stale_secrecy(cli, ws_root, submit):
    item = submit(title="城关镇秋粮收购")
    path = item_file(ws_root, item)
    public = path.read_text(encoding="utf-8").replace("category:", "secrecy: 内部\ncategory:", 1)
    path.write_text(public, encoding="utf-8")
    assert "城关镇秋粮收购" in cli("list", "--month", "2026-10").out  # now in the index
    stat = path.stat()
    path.write_text(public.replace("secrecy: 内部", "secrecy: 机密"), encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the old modification time
    assert path.stat().st_size == stat.st_size
    assert "城关镇秋粮收购" not in cli("list", "--month", "2026-10").out


# --- 6. text is text ------------------------------------------------------------------------

def test_markup_in_user_text_is_shown_as_typed(cli, ws_root, submit, tmp_path):
    item = submit(title="标题[/]坏[bold]x")
    adopted = cli("adopt", item, "--pub", "city_express", "--issue", "第[/]期", "--date", "2026-10-20")
    assert adopted.code == 0 and "第[/]期" in adopted.out, adopted.text
    assert cli("instruct", item, "--level", "city", "--leader", "王[/]", "--date", "2026-10-21").code == 0
    assert cli("solicit", "new", "--topic", "主题[/red]", "--units", "T01", "--deadline", "2026-11-30",
               "--date", "2026-11-01").code == 0
    for args in (("list", "--month", "2026-10"), ("show", item), ("search", "标题"), ("score", "--month", "2026-10"),
                 ("rank", "--month", "2026-10"), ("stats", "--month", "2026-10", "--out", tmp_path / "s"),
                 ("instructions",), ("fees", "--year", "2026", "--out", tmp_path / "f"), ("solicit", "list")):
        result = cli(*args)
        assert result.code == 0 and "INTERNAL" not in result.text, (args, result.text)
    assert "标题[/]坏[bold]x" in cli("list", "--month", "2026-10").out
    assert "主题[/red]" in cli("solicit", "list").out


@pytest.mark.parametrize("args, where", [
    (("instruct", "{item}", "--level", "city", "--leader", "王\x1b[31m", "--date", "2026-10-21"), "govinfo instruct"),
    (("penalty", "add", "--unit", "T01", "--kind", "false_info", "--note", "数据\x00不实", "--date", "2026-10-21"),
     "govinfo penalty add"),
    (("solicit", "new", "--topic", "主题\x08", "--units", "T01", "--deadline", "2026-11-30", "--date", "2026-11-01"),
     "govinfo solicit new"),
    (("adopt", "{item}", "--pub", "city_express", "--issue", "第1期\x1b]0;x\x07", "--date", "2026-10-20"), "govinfo adopt"),
    (("units", "add", "--code", "T09", "--name", "新\x1b[2J镇", "--category", "township"), "govinfo units add --name"),
])
def test_control_characters_are_refused_at_intake(cli, ws_root, submit, args, where):
    item = submit()
    refused(cli, ws_root, *[a.replace("{item}", item) for a in args], code="CONTROL-CHAR", where=where)


def test_a_control_character_in_a_file_is_reported_and_crashes_nothing(cli, ws_root, submit, tmp_path):
    item = submit(title="城关镇秋粮收购")
    path = item_file(ws_root, item)
    path.write_text(path.read_text(encoding="utf-8").replace("城关镇秋粮收购", "城关镇\x0b秋粮收购"), encoding="utf-8")
    checked = cli("validate")
    assert checked.code == 1 and f"{path.name}:3: 错误 [CONTROL-CHAR]" in checked.out
    for args in (("notice", "--month", "2026-10", "--number", "1", "--date", "2026-11-05"),
                 ("register", "--year", "2026"), ("fees", "--year", "2026")):
        result = cli(*args)
        assert result.code == 0 and "1 个文件有错误，未计入" in result.err, (args, result.text)


# --- 7. one fact, one record ----------------------------------------------------------------

def test_the_same_adoption_is_refused_with_the_existing_id(cli, ws_root, submit, monkeypatch):
    item = submit()
    first = cli("adopt", item, "--pub", "city_express", "--issue", "第12期", "--date", "2026-10-20")
    rec = first.out.split()[0]
    for issue in ("第12期", "12", "第 12 期"):
        result = refused(cli, ws_root, "adopt", item, "--pub", "city_express", "--issue", issue, "--date", "2026-10-21",
                         code="DUPLICATE-RECORD", where="govinfo adopt")
        assert rec in result.err and "被《政府工作快报》第12期采用" in result.err and "city_express" not in result.err
    assert cli("adopt", item, "--pub", "city_express", "--issue", "第13期", "--date", "2026-10-21").code == 0
    monkeypatch.setenv("GOVINFO_NOW", "2026-12-03 09:00")  # the year's excellent items are chosen in December
    refused(cli, ws_root, "excellent", item, item, "--year", "2026", code="DUPLICATE-RECORD", where="govinfo excellent")
    monkeypatch.setenv("GOVINFO_NOW", "2026-11-21 10:00")
    withdrawn = cli("withdraw", rec, "--reason", "误登记")
    assert withdrawn.code == 0
    assert cli("adopt", item, "--pub", "city_express", "--issue", "12", "--date", "2026-10-22").code == 0  # again after withdrawal


def test_a_record_copied_in_from_another_clone_counts_once(cli, ws_root, submit):
    item = submit()
    cli("adopt", item, "--pub", "city_express", "--issue", "第12期", "--date", "2026-10-20")
    before = json.loads(cli("score", "--month", "2026-10", "--format", "json").out)
    original = next((ws_root / "data" / "records" / "2026" / "10").glob("adopt-*.yaml"))
    copy = original.with_name(original.name.replace(original.stem.split("-")[2], "ZZZ"))
    copy.write_text(original.read_text(encoding="utf-8").replace(original.stem, copy.stem), encoding="utf-8")
    checked = cli("validate")
    assert "[DUPLICATE-RECORD]" in checked.out and copy.name in checked.out and original.stem in checked.out
    assert json.loads(cli("score", "--month", "2026-10", "--format", "json").out) == before


# --- 8. strict values in rules and roster ---------------------------------------------------

@pytest.mark.parametrize("file, old, new, code, line_text", [
    ("points.yaml", "  false_info:\n", "  false_info:\n    loses_eligibility: 否\n", "RULES-TYPE", "loses_eligibility"),
    ("roster.yaml", "    direct_point: true\n", "    direct_point: 否\n", "ROSTER-TYPE", "direct_point"),
    ("roster.yaml", "    short: 东河镇\n", "    short: 东河镇\n    parent: T02\n", "PARENT-CYCLE", "T02 → T02"),
    ("roster.yaml", "    short: 东河镇\n", "    short: 东河镇\n    parent: G01\n", None, None),
    ("roster.yaml", "  - code: D01\n", "  - code: d01\n    name: 重复\n    category: other_dept\n  - code: D01\n",
     "DUP-UNIT", "不分大小写"),
    ("points.yaml", "  base_points: 1\n", "  base_points: 1e308\n", "RULES-RANGE", "过大"),
    ("office.yaml", "\n", "\nextra: " + "[" * 5000 + "]" * 5000 + "\n", "YAML", "嵌套过深"),
])
def test_strict_values_in_rules_and_roster(cli, ws_root, submit, file, old, new, code, line_text):
    submit()
    path = ws_root / "rules" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    if code is None:  # a ring of two: T02 -> G01 -> T02
        text = text.replace(old, new, 1).replace("    short: 发展和改革局\n", "    short: 发展和改革局\n    parent: T02\n")
        code, line_text = "PARENT-CYCLE", "→"
    else:
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    result = cli("validate")
    assert result.code == 1 and f"[{code}]" in result.out and line_text in result.out, result.out
    assert f"rules/{file}:" in result.out
    scored = cli("score", "--month", "2026-10")
    assert scored.code == 1 and "INTERNAL" not in scored.text


@pytest.mark.parametrize("args, code", [
    (("units", "add", "--code", "T09\n", "--name", "新镇", "--category", "township"), "BAD-CODE"),
    (("units", "add", "--code", "t01", "--name", "新镇", "--category", "township"), "DUP-UNIT"),
    (("instruct", "{item}", "--level", "city", "--leader", "王", "--date", "2026-10-21", "--due", "9999-12-31"), "BAD-DATE"),
    (("penalty", "add", "--unit", "T01", "--kind", "false_info", "--date", "0001-01-01"), "BAD-DATE"),
])
def test_strict_values_on_the_command_line(cli, ws_root, submit, args, code):
    item = submit()
    refused(cli, ws_root, *[a.replace("{item}", item) for a in args], code=code)


# --- 9. operating-system errors are messages -------------------------------------------------

def _fail_fsync(monkeypatch, err: OSError):
    def fsync(fd):
        raise err
    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("err, code", [
    (OSError(errno.ENOSPC, "No space left on device"), "DISK-FULL"),
    (OSError(errno.EROFS, "Read-only file system"), "READ-ONLY"),
    (PermissionError(errno.EACCES, "Permission denied"), "NO-PERMISSION"),
])
def test_write_failures_are_messages_and_leave_nothing(cli, ws_root, submit, monkeypatch, err, code):
    item = submit()
    _fail_fsync(monkeypatch, err)
    for args in (("submit", "--unit", "T01", "--title", "标题", "--drafter", "张三", "--reviewer", "李四",
                  "--date", "2026-10-12", "--category", "工作动态", "--body", BODY),
                 ("adopt", item, "--pub", "city_express", "--issue", "第2期", "--date", "2026-10-20"),
                 ("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05")):
        refused(cli, ws_root, *args, code=code)
        assert no_temp_files(ws_root)


def test_a_file_open_in_word_is_a_message(cli, ws_root, submit, monkeypatch):
    submit()
    args = ("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05")
    assert cli(*args).code == 0
    from govinfo.store import atomic

    def in_use(src, dst):
        exc = PermissionError(errno.EACCES, "The process cannot access the file", str(dst))
        exc.winerror = 32  # ERROR_SHARING_VIOLATION, as Windows says it while Word holds the file
        raise exc
    monkeypatch.setattr(atomic.os, "replace", in_use)
    result = refused(cli, ws_root, *args, "--force", code="FILE-IN-USE")
    assert "Word" in result.err and no_temp_files(ws_root)


def test_bad_out_folders_are_messages(cli, ws_root, submit, tmp_path):
    submit()
    a_file = tmp_path / "文件.txt"
    a_file.write_text("x", encoding="utf-8")
    for out, code in ((a_file, "NOT-A-FOLDER"), (a_file / "子文件夹", "NOT-A-FOLDER"), (tmp_path / ("长" * 100), "PATH-TOO-LONG")):
        refused(cli, ws_root, "notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05", "--out", out,
                code=code)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["文件.txt", "ws"])


def test_init_builds_the_whole_workspace_or_nothing(tmp_path, monkeypatch):
    from govinfo.actions import demo

    def broken(root):
        from govinfo.store.atomic import write_atomic
        write_atomic(root / "data" / "items" / "2026" / "10" / "202610-DEM-0001.md", "---\n")  # half-way
        raise OSError(errno.ENOSPC, "No space left on device", str(root / "data"))
    monkeypatch.setattr(demo, "fill_demo", broken)
    result = run_cli(["init", tmp_path / "新工作区", "--demo"])
    assert result.code == 1 and "[DISK-FULL]" in result.err
    assert not (tmp_path / "新工作区").exists()


# --- 10. file names -------------------------------------------------------------------------

@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="only Linux keeps file names as raw bytes")
def test_a_file_name_that_is_not_utf8_is_reported(cli, ws_root, submit):
    submit()
    folder = bytes(item_file(ws_root, "202610-AAA-0001").parent)
    with open(os.path.join(folder, b"\xff\xfe-bad.md"), "wb") as fh:
        fh.write(b"---\nid: x\n---\n")
    checked = cli("validate")
    assert checked.code == 1 and "[BAD-FILENAME]" in checked.out
    listed = cli("list", "--month", "2026-10")
    assert listed.code == 0 and "1 个文件有错误，未计入" in listed.err


# --- what a second hostile review found ------------------------------------------------------

def test_no_module_is_reached_through_a_value_given_to_a_template(cli, ws_root, submit, tmp_path):
    item = submit()
    issue = cli("issue", "new", "--pub", "city_express", "--date", "2026-11-13").out.strip()
    assert cli("issue", "add", issue, item).code == 0
    bundled = Path(__file__).resolve().parents[1] / "templates" / "briefing.html"
    marker = tmp_path / "PWNED"
    (ws_root / "templates" / "briefing.html").write_text(
        f'{{{{ b.titles.logging.os.system("touch {marker}") }}}}\n' + bundled.read_text(encoding="utf-8"), encoding="utf-8")
    refused(cli, ws_root, "issue", "render", issue, code="TEMPLATE-UNSAFE", where="templates/briefing.html:1")
    assert not marker.exists()


@pytest.mark.parametrize("expression", ['{{ "{0:>9999999999}".format(1) }}', '{{ "%99999999d"|format(1) }}',
                                        '{{ "x"|center(999999999) }}',
                                        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"])
def test_a_template_cannot_exhaust_the_machine(cli, ws_root, submit, expression):
    submit()
    template = ws_root / "templates" / "notice_body.txt"
    lines = template.read_text(encoding="utf-8").splitlines()
    template.write_text("\n".join(lines[:3] + [expression] + lines[3:]) + "\n", encoding="utf-8")
    refused(cli, ws_root, "notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05",
            code="TEMPLATE-UNSAFE", where="templates/notice_body.txt:4")


def test_control_characters_written_as_yaml_escapes_are_refused(cli, ws_root, submit):
    item = submit(title="城关镇秋粮收购")
    path = item_file(ws_root, item)
    path.write_text(path.read_text(encoding="utf-8").replace("title: 城关镇秋粮收购", 'title: "城关镇\\e[31m秋粮\\x0b收购"'),
                    encoding="utf-8")
    checked = cli("validate")
    assert checked.code == 1 and f"{path.name}:3: 错误 [CONTROL-CHAR]" in checked.out
    for args in (("list", "--month", "2026-10"), ("notice", "--month", "2026-10", "--number", "1", "--date", "2026-11-05")):
        result = cli(*args)
        assert result.code == 0 and "\x1b" not in result.text and "INTERNAL" not in result.text
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace("short: 东河镇", 'short: "东河\\e[2J镇"'), encoding="utf-8")
    result = cli("list", "--month", "2026-10")
    assert result.code == 1 and "rules/roster.yaml:" in result.err and "控制字符" in result.err


@pytest.mark.parametrize("head", ["<<: {secrecy: 机密}\n", "Secrecy: 机密\n", "ＳＥＣＲＥＣＹ: 机密\n", "密级: 绝密\n",
                                  "secrecy\u3000: 机密\n"])
def test_a_secrecy_field_however_written_hides_the_item(cli, ws_root, submit, head):
    item = submit(title="城关镇秋粮收购")
    path = item_file(ws_root, item)
    path.write_text(path.read_text(encoding="utf-8").replace("category:", head + "category:", 1), encoding="utf-8")
    assert "[CLASSIFIED]" in cli("validate").out
    assert "城关镇秋粮收购" not in cli("list", "--month", "2026-10").out and BODY[:10] not in cli("search", "秋粮").out


@pytest.mark.parametrize("first", ["000001\n绝密★1年", "\u200b绝密★启用前", "\u200e机密★1年", "【绝密★启用前】"])
def test_a_classification_mark_under_a_copy_number_or_behind_invisible_characters_is_refused(cli, ws_root, first):
    refused(cli, ws_root, "submit", "--unit", "T01", "--title", "秋粮收购", "--drafter", "张三", "--reviewer", "李四",
            "--date", "2026-10-12", "--category", "工作动态", "--body", first + "\n" + BODY, code="CLASSIFIED")


def test_the_offices_edit_is_held_to_the_same_secrecy_and_text_rules(cli, ws_root, submit, tmp_path):
    item = submit()
    issue = cli("issue", "new", "--pub", "city_express", "--date", "2026-11-13").out.strip()
    assert cli("issue", "add", issue, item).code == 0
    marked = tmp_path / "改稿.txt"
    marked.write_text("秋粮收购\n绝密★启用前\n" + BODY, encoding="utf-8")
    refused(cli, ws_root, "issue", "edit", issue, item, "--note", "机密★1年 按语", code="CLASSIFIED", where="--note")
    refused(cli, ws_root, "issue", "edit", issue, "--note", "按语\x1b[2J", code="CONTROL-CHAR", where="--note")
    refused(cli, ws_root, "issue", "edit", issue, item, "--title", "绝密★启用前", code="CLASSIFIED", where="--title")


@LINKS
def test_single_files_and_the_data_folder_are_not_read_through_links(cli, ws_root, submit, tmp_path):
    item = submit()
    outside = tmp_path / "外部.md"
    outside.write_text(item_file(ws_root, item).read_text(encoding="utf-8").replace(item, "202610-LNK-0001"),
                       encoding="utf-8")
    os.symlink(outside, item_file(ws_root, item).parent / "202610-LNK-0001.md")
    refused(cli, ws_root, "show", "202610-LNK-0001", code="SYMLINK", where="202610-LNK-0001.md")
    refused(cli, ws_root, "adopt", "202610-LNK-0001", "--pub", "city_express", "--issue", "1", "--date", "2026-10-20",
            code="SYMLINK")
    (item_file(ws_root, item).parent / "202610-LNK-0001.md").unlink()
    data = ws_root / "data"
    data.rename(tmp_path / "data")
    os.symlink(tmp_path / "data", data)
    for args in (("list", "--month", "2026-10"), ("score", "--month", "2026-10")):
        refused(cli, ws_root, *args, code="SYMLINK", where="data")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_named_like_a_data_file_never_blocks_a_command(cli, ws_root, submit):
    item = submit()
    os.mkfifo(item_file(ws_root, item).parent / "202610-FIF-0001.md")
    result = cli("list", "--month", "2026-10")
    assert result.code == 0 and "1 个文件有错误，未计入" in result.err
    assert "[NOT-A-FILE]" in cli("validate").out


@pytest.mark.parametrize("args", [
    ("penalty", "add", "--unit", "T01", "--kind", "false_info", "--date", "2027-10-20"),
    ("solicit", "new", "--topic", "供暖", "--units", "T01", "--deadline", "2027-12-01", "--date", "2027-06-01"),
])
def test_a_record_dated_after_today_is_refused_as_validate_would(cli, ws_root, args):
    refused(cli, ws_root, *args, code="FUTURE-DATE")


def test_a_record_dated_before_any_period_is_refused(cli, ws_root):
    refused(cli, ws_root, "penalty", "add", "--unit", "T01", "--kind", "false_info", "--date", "1900-01-01", code="BAD-DATE")


def test_an_output_name_taken_by_a_folder_leaves_no_temp_file(cli, ws_root, submit):
    submit()
    (ws_root / "out" / "政务信息通报-2026-10.docx").mkdir(parents=True)
    result = cli("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05", "--force")
    assert result.code == 1 and "INTERNAL" not in result.text
    assert no_temp_files(ws_root) and not (ws_root / "out" / "政务信息通报-2026-10.html").exists()


@pytest.mark.parametrize("issue", ["第１２期", "第十二期", "2026年第12期", "No.12"])
def test_issue_numbers_however_written_are_one_adoption(cli, ws_root, submit, issue):
    item = submit()
    assert cli("adopt", item, "--pub", "city_express", "--issue", "第12期", "--date", "2026-10-20").code == 0
    refused(cli, ws_root, "adopt", item, "--pub", "city_express", "--issue", issue, "--date", "2026-10-21",
            code="DUPLICATE-RECORD")


def test_a_unit_code_yaml_reads_as_a_number_is_refused(cli, ws_root):
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace("code: D01", "code: 0017"), encoding="utf-8")
    result = cli("validate")
    assert result.code == 1 and "[BAD-CODE]" in result.out and 'code: "17"' not in result.out and "加上引号" in result.out


def test_emoji_codes_are_shown_as_typed(cli, ws_root, submit):
    submit(title="标题:smile:和:thumbs_up:")
    assert "标题:smile:和:thumbs_up:" in cli("list", "--month", "2026-10").out


def test_a_runaway_notice_title_is_a_template_error_not_a_hang(cli, ws_root, submit):
    submit()
    (ws_root / "templates" / "notice_title.txt").write_text("关于全市政务信息工作情况的通报" * 200 + "\n", encoding="utf-8")
    refused(cli, ws_root, "notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05",
            code="TEMPLATE", where="templates/notice_title.txt")


def test_a_write_refused_by_the_system_names_the_file_not_its_hidden_temp_copy(cli, ws_root, submit, monkeypatch):
    submit()
    from govinfo.store import atomic

    def locked(src, dst):  # what the system says of a locked out/ folder: the temp file's name comes first
        raise PermissionError(errno.EACCES, "Permission denied", str(src), None, str(dst))
    monkeypatch.setattr(atomic.os, "replace", locked)
    result = refused(cli, ws_root, "notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05",
                     code="NO-PERMISSION")
    assert "政务信息通报-2026-10." in result.err and ".tmp" not in result.err and no_temp_files(ws_root)


@pytest.mark.parametrize("args, said", [
    (("penalty", "add", "--unit", "T01", "--kind", "false_info", "--date", "2026-10-20", "--note", "数据不实" * 300),
     "penalty add --note: 错误 [FIELD-TOO-LONG] 说明有 1,200 个字，超过上限 1,000 字"),
    (("solicit", "new", "--topic", "供暖", "--units", "T01", "--deadline", "2026-11-30", "--note", "请报" * 600),
     "说明有 1,200 个字"),
])
def test_a_note_is_bounded_when_written(cli, ws_root, args, said):
    result = cli(*args)
    assert result.code == 1 and said in result.err, result.text
    assert not list((ws_root / "data" / "records").rglob("*.yaml"))


def test_a_file_where_a_month_folder_belongs_is_said_and_the_rest_still_counts(cli, ws_root, submit):
    submit(date="2026-10-12")
    (ws_root / "data" / "items" / "2026" / "11").write_text("x", encoding="utf-8")
    scored = cli("score", "--month", "2026-10")
    assert scored.code == 0 and "1 个文件有错误，未计入" in scored.err, scored.text
    out = cli("validate").out
    assert "data/items/2026/11: 错误 [STRAY] “11”应是月份文件夹，现在是一个文件" in out and "/tmp" not in out


def test_files_outside_a_month_folder_are_said_never_dropped(cli, ws_root, submit):
    """A month typed as 1, a copied folder, a subfolder, a record renamed .yml: each is left out,
    and every reading command says so; validate names each one with what to do."""
    items, recs = ws_root / "data" / "items" / "2026", ws_root / "data" / "records" / "2026"
    moved = submit(date="2026-10-12")
    second = submit(date="2026-10-13")
    kept = submit(date="2026-10-14")
    assert cli("adopt", kept, "--pub", "city_express", "--issue", "第1期", "--date", "2026-10-15").code == 0
    (items / "1").mkdir()
    item_file(ws_root, moved).rename(items / "1" / f"{moved}.md")
    (items / "10" / "sub").mkdir()
    item_file(ws_root, second).rename(items / "10" / "sub" / f"{second}.md")
    (adoption,) = recs.rglob("adopt-*.yaml")
    adoption.rename(adoption.with_suffix(".yml"))
    (items / "10" / "desktop.ini").write_text("[.ShellClassInfo]", encoding="utf-8")  # Windows' own: not a word
    listed = cli("list", "--month", "2026-10")
    assert listed.code == 0 and "3 个文件有错误，未计入" in listed.err, listed.text
    assert "3 个文件有错误，未计入" in cli("score", "--month", "2026-10").err
    out = cli("validate").out
    assert "data/items/2026/1: 错误 [STRAY] “1”不是月份文件夹，其中的 1 个文件没有读取" in out and "改名为 01" in out
    assert "data/items/2026/10/sub: 错误 [STRAY] 月份文件夹里的子文件夹“sub”中的 1 个文件没有读取" in out
    assert f"{adoption.stem}.yml: 错误 [STRAY] 这个文件不是记录文件（.yaml），没有读取" in out
    assert f"改名为 {adoption.stem}.yaml" in out and "desktop.ini" not in out


def test_a_new_file_a_virus_scanner_holds_for_a_moment_is_published_on_windows(tmp_path, monkeypatch):
    """On Windows a new record is published by renaming its temp file, which a scanner may hold
    for a moment: tried again, as a replace is, instead of failing the submit."""
    from govinfo.store import atomic
    real_rename, held = os.rename, {"times": 2}
    def rename(src, dst):
        if held["times"]:
            held["times"] -= 1
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(src))
        return real_rename(src, dst)
    monkeypatch.setattr(atomic, "WINDOWS", True)
    monkeypatch.setattr(atomic.os, "rename", rename)
    monkeypatch.setattr(atomic, "REPLACE_PAUSE", 0)
    target = tmp_path / "adopt-202610-AAA-0001.yaml"
    atomic.create_new(target, "kind: adopt\n")
    assert target.read_text(encoding="utf-8") == "kind: adopt\n" and held["times"] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


@pytest.mark.parametrize("args", [("notice", "--month", "2026-10", "--number", "3", "--date", "2026-11-05", "--out", "data/items/2026/10"),
                                  ("stats", "--month", "2026-10", "--out", "rules"),
                                  ("score", "--month", "2026-10", "--csv", "data/得分.csv"),
                                  ("list", "--month", "2026-10", "--xlsx", "templates/信息.xlsx")])
def test_nothing_generated_is_written_into_the_folders_read_as_data(cli, ws_root, submit, args, monkeypatch):
    """notice --out data/items/2026/10 put three files there that every later command reported as broken items."""
    submit()
    monkeypatch.chdir(ws_root)
    before = sorted(p.relative_to(ws_root) for p in ws_root.rglob("*") if ".govinfo" not in p.parts)
    result = cli(*args)
    assert result.code == 1 and "[OUT-IN-DATA]" in result.err
    assert sorted(p.relative_to(ws_root) for p in ws_root.rglob("*") if ".govinfo" not in p.parts) == before
