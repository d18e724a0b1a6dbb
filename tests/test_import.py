"""Importing a Word inbox: good, ambiguous and broken files, each reported; nothing imported twice."""
from __future__ import annotations

from docx import Document

from conftest import BODY, item_file, workspace
from govinfo.store.items import read_items


def make_inbox(folder):
    folder.mkdir()
    doc = Document()
    doc.add_paragraph("东河镇“三个聚焦”推动秋粮收购提质增效")
    doc.add_paragraph(BODY)
    doc.add_paragraph("（拟稿人：王芳  审核人：赵强）")
    doc.save(str(folder / "【东河镇】秋粮收购.docx"))
    (folder / "城关镇-防汛工作.txt").write_bytes(
        ("城关镇全力做好防汛准备工作\n\n" + BODY + "\n\n拟稿人：张三，审核人：李四\n").encode("gbk"))
    (folder / "【镇】含糊的来稿.txt").write_text("标题\n" + BODY + "\n（拟稿人：甲  审核人：乙）\n", encoding="utf-8")
    (folder / "【不存在的局】来稿.md").write_text("标题\n" + BODY + "\n（拟稿人：甲  审核人：乙）\n", encoding="utf-8")
    (folder / "【教育局】坏文件.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "【发展和改革局】没有署名.md").write_text("发改局推进重点项目\n" + BODY + "\n", encoding="utf-8")
    (folder / "【教育局】扫描件.pdf").write_bytes(b"%PDF-1.4")


def test_import_reports_every_file_and_imports_each_whole(cli, ws_root, tmp_path):
    inbox = tmp_path / "收件箱"
    make_inbox(inbox)
    result = cli("import", inbox)
    assert result.code == 1  # some files could not be imported: say so to scripts too
    text = result.out
    assert "新导入 2 个文件，此前已导入 0 个，未能导入 5 个" in text
    for reason in ("文件名对应多个单位", "不是花名册中的单位", "无法读取 Word 文件", "没有找到拟稿人和审核人",
                   "不支持的文件类型“.pdf”"):
        assert reason in text, reason
    items = {i.title: i for i in read_items(ws_root)[0]}
    assert set(items) == {"东河镇“三个聚焦”推动秋粮收购提质增效", "城关镇全力做好防汛准备工作"}
    dong = items["东河镇“三个聚焦”推动秋粮收购提质增效"]
    assert (dong.unit, dong.drafter, dong.reviewer, dong.category) == ("T02", "王芳", "赵强", "工作动态")
    assert "拟稿人" not in dong.body and BODY in dong.body
    assert dong.source_sha256 and len(dong.source_sha256) == 64
    cheng = items["城关镇全力做好防汛准备工作"]
    assert (cheng.unit, cheng.drafter, cheng.reviewer) == ("T01", "张三", "李四")
    saved = item_file(ws_root, cheng.id).read_text(encoding="utf-8")
    assert "source_sha256: " in saved and "拟稿人" not in saved.split("---", 2)[2]
    assert cli("validate").code == 0


def test_the_import_table_fits_80_columns_with_ids_whole_and_no_line_opening_on_a_closing_mark(cli, ws_root, tmp_path):
    import re
    from rich.cells import cell_len
    inbox = tmp_path / "收件箱"
    make_inbox(inbox)
    out = cli("import", inbox, env={"COLUMNS": "80"}).out
    ids = [i.id for i in read_items(ws_root)[0]]
    assert len(ids) == 2 and all(i in out for i in ids)
    assert all(cell_len(line) <= 80 for line in out.splitlines())
    assert not re.search("│ [”）」』》〉】〕，。、；：？！]", out), out


def test_importing_again_imports_nothing_twice(cli, ws_root, tmp_path):
    inbox = tmp_path / "收件箱"
    make_inbox(inbox)
    first = cli("import", inbox)
    before = sorted(p.name for p in (ws_root / "data" / "items").rglob("*.md"))
    again = cli("import", inbox, "--category", "经验做法")
    assert "新导入 0 个文件，此前已导入 2 个" in again.out
    assert sorted(p.name for p in (ws_root / "data" / "items").rglob("*.md")) == before
    ids = [i.id for i in read_items(ws_root)[0]]
    assert len(ids) == 2 and all(i in again.out for i in ids) and all(i in first.out for i in ids)
    # A corrected file is a new file: it imports, the old one stays.
    fixed = inbox / "【发展和改革局】没有署名.md"
    fixed.write_text(fixed.read_text(encoding="utf-8") + "（拟稿人：孙八 审核人：周九）\n", encoding="utf-8")
    third = cli("import", inbox)
    assert "新导入 1 个文件，此前已导入 2 个" in third.out
    assert {i.unit for i in read_items(ws_root)[0]} == {"T01", "T02", "G01"}
    assert workspace(ws_root).rules is not None


def test_import_bad_input(cli, tmp_path):
    result = cli("import", tmp_path / "没有这个文件夹")
    assert result.code == 1 and "[NO-FOLDER]" in result.err
    empty = tmp_path / "空"
    empty.mkdir()
    result = cli("import", empty)
    assert result.code == 0 and "新导入 0 个文件" in result.out
    result = cli("import", empty, "--category", "杂谈")
    assert result.code == 1 and "[UNKNOWN-CATEGORY]" in result.err and "工作动态" in result.err


def test_an_unsigned_classified_file_is_refused_as_classified(cli, ws_root, tmp_path):
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    (inbox / "【城关镇】来稿.txt").write_text("绝　密★启用前\n某重点项目进展情况\n" + BODY + "\n", encoding="utf-8")
    result = cli("import", inbox)
    assert result.code == 1 and "带有密级标志“绝密”" in result.text and "拟稿人" not in result.text
    assert "某重点项目" not in result.text and not list((ws_root / "data" / "items").rglob("*.md"))


def test_an_unknown_unit_in_a_files_name_is_named_and_a_file_is_not_a_folder(cli, ws_root, tmp_path):
    from govinfo.actions.import_files import import_folder
    from govinfo.store.workspace import open_workspace
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    (inbox / "【XX镇】来稿.txt").write_text("标题\n" + BODY + "\n（拟稿人：甲  审核人：乙）\n", encoding="utf-8")
    (inbox / "没有单位的来稿.md").write_text("标题\n" + BODY + "\n（拟稿人：甲  审核人：乙）\n", encoding="utf-8")
    reasons = {o.file: o.reason for o in import_folder(open_workspace(ws_root), inbox, "工作动态")}
    assert reasons["【XX镇】来稿.txt"] == "文件名里的“XX镇”不是花名册中的单位：改成单位的简称，或导入时用 --unit 指定单位"
    assert "应形如“【单位简称】标题.md”" in reasons["没有单位的来稿.md"]
    one = cli("import", inbox / "【XX镇】来稿.txt")
    said = "".join(one.err.split())  # folded at 80 columns
    assert one.code == 1 and "不是文件夹" in said and "只录入这一个文件，用govinfosubmit--body-file" in said


def test_a_file_naming_two_units_or_another_than_unit_is_not_guessed(cli, ws_root, tmp_path):
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    signed = "\n" + BODY + "\n（拟稿人：甲  审核人：乙）\n"
    (inbox / "【城关镇】【东河镇】联合来稿.txt").write_text("两镇联合推进秋粮收购" + signed, encoding="utf-8")
    (inbox / "【发展和改革局】重点项目.txt").write_text("发改局推进重点项目" + signed, encoding="utf-8")
    (inbox / "无单位的来稿.txt").write_text("东河镇推进防汛" + signed, encoding="utf-8")
    result = cli("import", inbox, "--unit", "东河镇")
    assert "文件名里有两个单位（“城关镇”和“东河镇”）" in result.out, result.text
    assert "文件名写的是发展和改革局，与 --unit 东河镇 不一致" in result.out
    items = read_items(ws_root)[0]
    assert [(i.title, i.unit) for i in items] == [("东河镇推进防汛", "T02")]  # only the file naming no unit
