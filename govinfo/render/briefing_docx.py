"""An issue of the office's own publication (简报) as a Word document: the notices' page (A4, GB/T 9704
margins, 3号仿宋 body on a 22-line grid, page numbers — 1 — odd right / even left), with the 简报's
报头 (red name, 第N期, 编印单位 and date over a thick red line, 密级 mark), 报核 and 报尾, the last
held at the foot of the last page in a frame anchored to the bottom margin.

The helpers are the notice renderer's (render/notice_docx.py), imported, so both documents stay alike.
"""
from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm

from govinfo.compute.briefing import Briefing
from govinfo.render import briefing_layout as b
from govinfo.render import gbt9704 as g
from govinfo.render.notice_docx import PPR_ORDER, _bottom_rule, _el, _indent, _para, _put, _run, _save, _setup, break_before, margin_frame, no_autospace



def _right_tab(p) -> None:
    p.paragraph_format.tab_stops.add_tab_stop(Mm(g.TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)


def _masthead(doc, d: Briefing) -> None:
    top = _para(doc, WD_ALIGN_PARAGRAPH.LEFT)
    _right_tab(top)
    if d.secrecy:
        _run(top, d.secrecy, "heiti")
    if d.draft:
        _run(top, "\t")
        _run(top, "草稿", "heiti", color=g.RED)
    name = _para(doc, WD_ALIGN_PARAGRAPH.CENTER, line_pt=None)
    name.paragraph_format.space_before = Mm(b.MASTHEAD_TOP_MM)
    name.paragraph_format.space_after = Mm(4)
    size = b.masthead_size(d.masthead)
    _run(name, d.masthead, "biaosong", size, g.RED)
    number = _para(doc, WD_ALIGN_PARAGRAPH.CENTER)
    _run(number, d.number_text, "kaiti")
    if d.total_text:
        _run(number, f"（{d.total_text}）", "kaiti")
    line = _para(doc, WD_ALIGN_PARAGRAPH.LEFT)
    _right_tab(line)
    _run(line, d.editor, "fangsong")
    _run(line, "\t" + d.date_text, "fangsong")
    _bottom_rule(line, b.RULE_EIGHTHS, g.RED, 4)
    _para(doc)


def _note(doc, text: str) -> None:
    p = _para(doc, indent_chars=2)
    p.paragraph_format.keep_with_next = True
    _run(p, "编者按：", "heiti")
    _run(p, text, "kaiti")


def _contents(doc, d: Briefing) -> None:
    head = _para(doc, WD_ALIGN_PARAGRAPH.LEFT)
    head.paragraph_format.keep_with_next = True
    _run(head, "本期要目", "heiti")
    for n, title in enumerate(d.contents, 1):
        p = _para(doc, WD_ALIGN_PARAGRAPH.LEFT)
        _indent(p, left_chars=2)
        p.paragraph_format.keep_with_next = n < len(d.contents)
        _run(p, f"◆ {title}", "kaiti")
    _para(doc)


def _title(doc, text: str) -> None:
    p = _para(doc, WD_ALIGN_PARAGRAPH.CENTER, line_pt=g.LINE_PT)
    p.paragraph_format.keep_with_next = True
    no_autospace(p)  # as measured: digits half a character wide, no space added beside them
    for n, line in enumerate(b.title_lines(text)):
        r = _run(p, line, "biaosong", b.ITEM_TITLE_PT)
        if n:
            break_before(r)


def _piece(doc, piece, first: bool) -> None:
    if not first:
        _para(doc)
    if piece.column:
        p = _para(doc, WD_ALIGN_PARAGRAPH.LEFT)
        p.paragraph_format.keep_with_next = True
        _run(p, f"【{piece.column}】", "heiti")
    if piece.note:
        _note(doc, piece.note)
    _title(doc, piece.title)
    paras = piece.paragraphs or ("",)
    for n, text in enumerate(paras):
        p = _para(doc, indent_chars=2)
        _run(p, text)
        if n == len(paras) - 1:
            _run(p, piece.unit_text, "kaiti")


def _tail(doc, d: Briefing) -> None:
    """报尾: a rule, 报：/送：/发：, （共印N份） and a rule, held at the foot of the last page by a frame
    anchored to the bottom margin (w:framePr yAlign=bottom): one paragraph, lines broken inside it,
    so that Word and LibreOffice both keep it in one piece."""
    dist = d.distribution
    lines = [(k, v) for k, v in (("报：", dist.report), ("送：", dist.send), ("发：", dist.issue_to)) if v]
    p = _para(doc, WD_ALIGN_PARAGRAPH.LEFT, line_pt=b.TAIL_LINE_PT)
    pf = p.paragraph_format
    pf.tab_stops.add_tab_stop(Mm(g.TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    margin_frame(p, {"top": ("single", 8, 1, "000000"), "bottom": ("single", 8, 1, "000000")})
    ppr = p._p.get_or_add_pPr()
    _put(ppr, _el("snapToGrid", val=0), PPR_ORDER)
    for n, (label, text) in enumerate(lines):
        r = _run(p, label, "heiti", b.TAIL_PT)
        if n:
            break_before(r)
        _run(p, text, "fangsong", b.TAIL_PT)
    r = _run(p, "\t" + (d.copies_text or ""), "fangsong", b.TAIL_PT)
    if lines:
        break_before(r)


def briefing_docx(d: Briefing) -> bytes:
    doc = Document()
    _setup(doc)
    doc.core_properties.title = d.title
    doc.core_properties.author = d.editor
    _masthead(doc, d)
    if d.note:
        _note(doc, d.note)
    if d.contents:
        _contents(doc, d)
    for n, piece in enumerate(d.pieces):
        _piece(doc, piece, n == 0)
    _tail(doc, d)
    end = _para(doc, line_pt=1)  # the frame's anchor: one point tall, so it never pushes the frame to a new page
    _run(end, "", size=1)
    return _save(doc)


__all__ = ["briefing_docx"]
