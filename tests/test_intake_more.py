"""Issue 16, item 8: intake keeps what was sent. A .docx body keeps its tables, the signature line
goes in submit as in import, Notepad's UTF-16 is read, .doc/.wps get the 另存为 hint in import,
and import --unit covers files whose names name no unit."""
from __future__ import annotations

import json

import docx

from conftest import BODY


def _docx_with_table(path):
    doc = docx.Document()
    doc.add_paragraph("城关镇秋粮收购进展顺利")
    doc.add_paragraph(BODY)
    table = doc.add_table(rows=2, cols=2)
    for r, row in enumerate((("村名", "收购量（吨）"), ("东村", "1200"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_paragraph("下一步，将继续做好收购服务。")
    doc.add_paragraph("（拟稿人：张三  审核人：李四）")
    doc.save(path)
    return path


def test_docx_body_keeps_its_table_and_loses_the_signature(cli, ws_root, tmp_path):
    source = _docx_with_table(tmp_path / "来稿.docx")
    result = cli("submit", "--unit", "T01", "--date", "2026-10-12", "--category", "工作动态", "--body-file", source)
    assert result.code == 0, result.text
    item = json.loads(cli("show", result.out.strip(), "--json").out)
    assert "村名　收购量（吨）\n东村　1200\n下一步" in item["body"]         # the table, in place, row by row
    assert "拟稿人" not in item["body"] and (item["drafter"], item["reviewer"]) == ("张三", "李四")


def test_utf16_notepad_file_is_read(cli, tmp_path):
    source = tmp_path / "来稿.txt"
    source.write_bytes(("城关镇秋粮收购进展顺利\r\n" + BODY + "\r\n").encode("utf-16"))   # with its BOM
    result = cli("submit", "--unit", "T01", "--drafter", "张三", "--reviewer", "李四", "--date", "2026-10-12",
                 "--category", "工作动态", "--body-file", source)
    assert result.code == 0, result.text
    item = json.loads(cli("show", result.out.strip(), "--json").out)
    assert item["title"] == "城关镇秋粮收购进展顺利" and item["body"].strip() == BODY


def test_import_hints_for_old_formats_and_takes_a_unit(cli, tmp_path):
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    (inbox / "【城关镇】旧稿.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (inbox / "【城关镇】旧稿.wps").write_bytes(b"\xd0\xcf\x11\xe0")
    (inbox / "秋粮收购.txt").write_text("秋粮收购进展\n" + BODY + "\n（拟稿人：张三  审核人：李四）\n", encoding="utf-8")
    result = cli("import", inbox, "--unit", "东河镇")
    assert result.code == 1                                                 # two files not imported
    assert result.text.count("另存为") >= 2
    listed = json.loads(cli("list", "--month", "2026-11", "--json").out)
    assert [(i["unit"], i["title"]) for i in listed] == [("T02", "秋粮收购进展")]
