"""The package forwarded upward (转报/选报): one .docx per item in the usual form of an item sent to an
upper office (the notices' page and fonts), and the list of what was sent as a workbook."""
from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from govinfo.render.notice_docx import _para, _run, _save, _setup, _title
from govinfo.render.workbooks import list_book

LIST_HEAD = ["序号", "信息编号", "标题", "来源单位", "报送日期", "转报日期", "文件"]


def forward_docx(sender: str, title: str, paragraphs: tuple[str, ...], unit_text: str, date_text: str) -> bytes:
    doc = Document()
    _setup(doc)
    doc.core_properties.title = title
    doc.core_properties.author = sender
    head = _para(doc, WD_ALIGN_PARAGRAPH.LEFT)
    _run(head, f"报送单位：{sender}", "heiti")
    _para(doc)
    _title(doc, title)
    _para(doc)
    for n, text in enumerate(paragraphs or ("",)):
        p = _para(doc, indent_chars=2)
        _run(p, text)
        if n == len(paragraphs) - 1:
            _run(p, unit_text, "kaiti")
    _para(doc)
    p = _para(doc, WD_ALIGN_PARAGRAPH.RIGHT)
    _run(p, date_text)
    return _save(doc)


def forward_list_xlsx(title: str, rows: list[list]) -> bytes:
    return list_book("转报清单", title, LIST_HEAD, rows, (3, 4, 7), {3: 50, 7: 40}, "$1:$2")
