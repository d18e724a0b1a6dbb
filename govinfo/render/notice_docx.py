"""The notice as a native Word document (python-docx), laid out by GB/T 9704-2012.

Every run names its East Asian font (w:eastAsia), since Word otherwise sets Chinese text in the
theme's font; page numbers are real PAGE fields in odd and even footers.
"""
from __future__ import annotations

import io
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell

from govinfo.compute.notice import Block, Letter, Notice, Table
from govinfo.render import gbt9704 as g
from govinfo.render import titles
from govinfo.render.notice_html import cell_text

FONT = {k: v[0] for k, v in g.FONTS.items()}  # the name Word asks for; Word substitutes when absent

# Word rejects a file whose property elements are out of the schema's order, so children are put in place.
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
             "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
             "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
TRPR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
              "tblHeader", "tblCellSpacing", "jc", "hidden")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")


def _put(parent, child, order: tuple[str, ...]):
    """Insert child where the schema wants it, replacing one of the same name."""
    name = child.tag.split("}")[1]
    for old in parent.findall(child.tag):
        parent.remove(old)
    rank = order.index(name)
    for i, sibling in enumerate(parent):
        sib = sibling.tag.split("}")[1]
        if sib in order and order.index(sib) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def _el(tag: str, **attrs):
    el = OxmlElement(f"w:{tag}")
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _set_font(rpr_owner, kind: str, size: Decimal | int | None = None) -> None:
    """Latin in Times New Roman, Chinese in the GB/T 9704 face, on one run or style."""
    font = rpr_owner.font
    font.name = g.LATIN
    if size is not None:
        font.size = Pt(float(size))
    rpr = rpr_owner.element.get_or_add_rPr()  # a run's w:r or a style's w:style
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _put(rpr, OxmlElement("w:rFonts"), RPR_ORDER)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), g.LATIN)
    fonts.set(qn("w:eastAsia"), FONT[kind])
    fonts.set(qn("w:hint"), "eastAsia")
    _put(rpr, _chinese(), RPR_ORDER)


TABLE_STYLE_PARTS = {qn(f"w:{t}") for t in ("tblPr", "trPr", "tcPr", "tblStylePr")}


def _chinese():
    """w:lang with Chinese as the East Asian language: without it LibreOffice takes the document's
    en-US and picks a Japanese face for the Chinese text, and Word checks it as English."""
    return _el("lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")


def _language(doc) -> None:
    """Chinese in the document defaults and in every style, not only in each run."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _put(rpr, _chinese(), RPR_ORDER)
    for style in doc.styles.element.findall(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        if rpr is None:  # w:rPr comes before the table parts of a style (CT_Style's sequence)
            rpr = OxmlElement("w:rPr")
            after = next((c for c in style if c.tag in TABLE_STYLE_PARTS), None)
            if after is None:
                style.append(rpr)
            else:
                after.addprevious(rpr)
        _put(rpr, _chinese(), RPR_ORDER)


def _run(p, text: str, kind: str = "fangsong", size=g.BODY_PT, color: str | None = None):
    r = p.add_run(text)
    _set_font(r, kind, size)
    if color:
        r.font.color.rgb = RGBColor.from_string(color)
    return r


def _para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars: int = 0, line_pt=g.LINE_PT):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before = fmt.space_after = Pt(0)
    if line_pt is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(float(line_pt))
    if indent_chars:
        _indent(p, first_chars=indent_chars)
    return p


def _indent(p, first_chars: int = 0, left_chars: Decimal | int = 0, right_chars: Decimal | int = 0) -> None:
    """Indents in characters (w:firstLineChars and friends) so they follow the font size, with twips as backup."""
    ppr = p._p.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = _put(ppr, OxmlElement("w:ind"), PPR_ORDER)
    for key, chars in (("firstLine", first_chars), ("left", left_chars), ("right", right_chars)):
        if chars:
            ind.set(qn(f"w:{key}Chars"), str(int(Decimal(chars) * 100)))
            ind.set(qn(f"w:{key}"), str(int(Decimal(chars) * g.BODY_PT * 20)))


def _bottom_rule(p, size_eighths: int, color: str, space_pt: int) -> None:
    """A rule under a paragraph (the red line under the document number)."""
    box = _el("pBdr")
    box.append(_el("bottom", val="single", sz=size_eighths, space=space_pt, color=color))
    _put(p._p.get_or_add_pPr(), box, PPR_ORDER)


def _field(p, instr: str, shown: str, kind: str, size) -> None:
    """A real Word field (PAGE): begin, instruction, separate, the cached result, end."""
    for part in ("begin", instr, "separate", shown, "end"):
        r = p.add_run()
        _set_font(r, kind, size)
        if part in ("begin", "separate", "end"):
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), part)
            r._r.append(fc)
        elif part == instr:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = f" {instr} "
            r._r.append(it)
        else:
            r.text = shown


# ---- page setup ----------------------------------------------------------------------------

def _setup(doc) -> None:
    _language(doc)
    normal = doc.styles["Normal"]
    _set_font(normal, "fangsong", g.BODY_PT)
    _put(normal.element.get_or_add_rPr(), _el("spacing", val=g.CHAR_SPACING_TWENTIETHS), RPR_ORDER)
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(float(g.LINE_PT))
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(g.PAGE_MM[0]), Mm(g.PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(g.MARGIN_MM["top"]), Mm(g.MARGIN_MM["bottom"])
    section.left_margin, section.right_margin = Mm(g.MARGIN_MM["left"]), Mm(g.MARGIN_MM["right"])
    section.footer_distance, section.header_distance = Mm(g.FOOTER_MM), Mm(15)
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    # 22 lines: a line grid of 28.95 pt. 28 characters: body text is set 0.25 pt tighter (see _setup's
    # Normal style), since a character grid (linesAndChars) is drawn as a square grid by LibreOffice and WPS.
    sect.append(_el("docGrid", type="lines", linePitch=int(g.LINE_PT * 20)))  # docGrid is sectPr's last child
    # Odd pages carry the number on the right, even pages on the left, one character in (GB/T 9704 7.5).
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.paragraph_format.alignment = align
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if side == "right":
            p.paragraph_format.right_indent = Pt(g.FOOTER_PT)
        else:
            p.paragraph_format.left_indent = Pt(g.FOOTER_PT)
        _run(p, "— ", "songti", g.FOOTER_PT)
        _field(p, "PAGE", "1", "songti", g.FOOTER_PT)
        _run(p, " —", "songti", g.FOOTER_PT)


# ---- parts of the document -------------------------------------------------------------------

def _blank(doc) -> None:
    _para(doc)


def _head(doc, notice: Notice) -> None:
    mark = _para(doc, WD_ALIGN_PARAGRAPH.CENTER, line_pt=None)
    mark.paragraph_format.space_before = Mm(g.MARK_TOP_MM)
    _run(mark, notice.office.mark, "biaosong", g.mark_size(notice.office.mark), g.RED)
    _blank(doc)  # GB/T 9704 7.2.3: the 发文字号 two lines below the issuer mark,
    _blank(doc)
    number = _para(doc, WD_ALIGN_PARAGRAPH.CENTER)
    _run(number, notice.number)
    _bottom_rule(number, 12, g.RED, 11)  # 1.5 pt red rule, 4 mm below the number
    _blank(doc)  # 7.3.1: the title two lines below the red rule
    _blank(doc)
    _title(doc, notice.title)
    _blank(doc)


def _title(doc, text: str, page_break: bool = False) -> None:
    """GB/T 9704 7.3.1: a title that needs two lines is broken between words, not where the line fills."""
    p = _para(doc, WD_ALIGN_PARAGRAPH.CENTER, line_pt=g.LINE_PT + 6)
    p.paragraph_format.page_break_before = page_break
    no_autospace(p)  # the lines are measured with digits half a character wide: no space added beside them
    for n, line in enumerate(titles.fit(text, g.TITLE_PT)):
        r = _run(p, line, "biaosong", g.TITLE_PT)
        if n:
            break_before(r)


def break_before(run) -> None:
    """A line break (w:br) at the start of a run, after its properties."""
    run._r.insert(1 if run._r.rPr is not None else 0, OxmlElement("w:br"))


def _blocks(doc, blocks: list[Block]) -> None:
    for b in blocks:
        p = _para(doc, indent_chars=2)
        if b.kind in ("h1", "h2"):
            p.paragraph_format.keep_with_next = True  # a heading never ends a page
            _run(p, b.text, "heiti" if b.kind == "h1" else "kaiti")
        else:
            if b.ragged:
                p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
            if b.lead:
                _run(p, b.lead, "kaiti")
            _run(p, b.text)


def _signature(doc, signer: str, date_text: str) -> None:
    signer_right, date_right = g.signature_indents(signer, date_text)
    _blank(doc)
    for text, right in ((signer, signer_right), (date_text, date_right)):
        p = _para(doc, WD_ALIGN_PARAGRAPH.RIGHT)
        _indent(p, right_chars=right)
        no_autospace(p)
        _run(p, text)


def no_autospace(p) -> None:
    """No extra space between Chinese and digits (w:autoSpaceDE/DN off): the indents are measured
    with digits half a character wide, and Word's and LibreOffice's added space would shift them."""
    ppr = p._p.get_or_add_pPr()
    for tag in ("autoSpaceDE", "autoSpaceDN"):
        _put(ppr, _el(tag, val="0"), PPR_ORDER)


def _keep_with_signature(doc, body_end: int) -> None:
    """The signature never stands alone on a page: the last body paragraph moves with it."""
    for p in doc.paragraphs[body_end:-1]:
        p.paragraph_format.keep_with_next = True
    doc.paragraphs[body_end].paragraph_format.keep_together = True


def _cell(cell, text: str, header: bool, width_mm: float | None = None) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(g.TABLE_LINE_PT)
    _put(p._p.get_or_add_pPr(), _el("snapToGrid", val=0), PPR_ORDER)
    for n, line in enumerate(cell_lines(text, width_mm) if width_mm else [text]):
        r = _run(p, line, "heiti" if header else "fangsong", g.TABLE_PT)
        if n:
            break_before(r)
    if width_mm:
        cell.width = Mm(width_mm)


def _header_widths(table, n_head: int, widths: list[float]) -> None:
    """Every header cell (a merged one's continuations too) as wide as the grid columns it spans:
    Word lays a table out by its cells' widths, so a cell left at the default would shift the header."""
    for tr in table._tbl.tr_lst[:n_head]:
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Mm(sum(widths[col:col + span]))
            col += span


def cell_lines(text: str, width_mm: float) -> list[str]:
    """A cell's text in balanced lines broken between words, so that 人力资源和社会保障局 does not
    leave 局 alone on a line and 上级市采用 reads 上级/市/采用, not 上级/市采/用."""
    per_line = int((Decimal(str(width_mm)) - 2 * Decimal(str(g.TABLE_CELL_MARGIN_MM))) * 72 / Decimal("25.4") / g.TABLE_PT)
    if per_line < 1 or titles.width(text) <= per_line or text.isascii():
        return [text]
    return titles.title_lines(text, per_line)


def _row_props(row, header: bool) -> None:
    """Rows never split across pages; header rows repeat on every page."""
    trpr = row._tr.get_or_add_trPr()
    _put(trpr, _el("cantSplit"), TRPR_ORDER)
    _put(trpr, _el("trHeight", val=int(g.TABLE_ROW_MM / 25.4 * 1440), hRule="atLeast"), TRPR_ORDER)
    if header:
        _put(trpr, _el("tblHeader"), TRPR_ORDER)


def _table(doc, t: Table) -> None:
    if t.caption:
        p = _para(doc, WD_ALIGN_PARAGRAPH.CENTER)
        _run(p, t.caption, "heiti")
    n_head = len(t.head)
    table = doc.add_table(rows=n_head + len(t.rows), cols=t.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _put(table._tbl.tblPr, _el("tblLayout", type="fixed"), TBLPR_ORDER)
    margins = _el("tblCellMar")
    for side in ("left", "right"):
        margins.append(_el(side, w=int(g.TABLE_CELL_MARGIN_MM / 25.4 * 1440), type="dxa"))
    _put(table._tbl.tblPr, margins, TBLPR_ORDER)
    widths = g.column_mm(t.shares)
    for c, w in enumerate(widths):
        table.columns[c].width = Mm(w)
    for r, row in enumerate(table.rows):
        _row_props(row, r < n_head)
    taken: set[tuple[int, int]] = set()
    for r, head_row in enumerate(t.head):
        c = 0
        for h in head_row:
            while (r, c) in taken:
                c += 1
            first = table.cell(r, c)
            if h.span > 1 or h.rows > 1:
                first = first.merge(table.cell(r + h.rows - 1, c + h.span - 1))
            for rr in range(r, r + h.rows):
                for cc in range(c, c + h.span):
                    taken.add((rr, cc))
            _cell(first, h.text, True, sum(widths[c:c + h.span]))
            c += h.span
    _header_widths(table, n_head, widths)
    # The body's cells straight from each row: python-docx's table.cell(r, c) walks every cell of
    # the table on each call, which made a 150-unit notice take 20 seconds.
    for tr, values in zip(table._tbl.tr_lst[n_head:], t.rows):
        for tc, c, v in zip(tr.tc_lst, range(len(values)), values):
            _cell(_Cell(tc, table), cell_text(v), False, widths[c])
    _blank(doc)


def _attachments(doc, notice: Notice) -> None:
    many = len(notice.attachments) > 1
    for n, a in enumerate(notice.attachments, 1):
        p = _para(doc, WD_ALIGN_PARAGRAPH.LEFT)
        p.paragraph_format.page_break_before = True
        _run(p, f"附件{n}" if many else "附件", "heiti")
        _blank(doc)
        _title(doc, a.title)
        _blank(doc)
        for t in a.tables:
            _table(doc, t)


def _banji(doc, notice: Notice, new_page: bool = False) -> None:
    """版记 (GB/T 9704 7.4): 抄送, then 印发机关 and 印发日期, between rules (thick outside, thin between),
    at the foot of the last page, its last rule on the text area's last line (7.4.1).

    Each line is a one-paragraph frame fixed to the margin box: the last at its bottom (yAlign), the
    ones above it a whole number of lines higher (the lines are exactly LINE_PT apart). Each frame
    follows an empty paragraph as its anchor: LibreOffice lifts a frame out of the text only then."""
    office = notice.office
    lines = ([("cc", f"抄送：{office.cc}")] if office.cc else []) + [("printed", None)]
    line_twips = int(g.LINE_PT * 20)
    for n, (kind, text) in enumerate(lines):
        anchor = _para(doc)  # the frame's anchor
        anchor.paragraph_format.page_break_before = new_page and n == 0  # `new_page`: on a page of its own
        p = _para(doc, WD_ALIGN_PARAGRAPH.LEFT)
        last = n == len(lines) - 1
        borders = {"bottom": ("single", 8 if last else 4, 1, "000000")}
        if n == 0:
            borders["top"] = ("single", 8, 1, "000000")
        margin_frame(p, borders, None if last else AREA_TWIPS - (len(lines) - n) * line_twips)
        _put(p._p.get_or_add_pPr(), _el("snapToGrid", val=0), PPR_ORDER)
        if kind == "cc":
            _indent(p, left_chars=1, right_chars=1)
            _run(p, text, size=g.FOOTER_PT)
        else:
            p.paragraph_format.tab_stops.add_tab_stop(Mm(g.TEXT_WIDTH_MM - 5), WD_TAB_ALIGNMENT.RIGHT)
            _indent(p, left_chars=1)
            _run(p, office.printer, size=g.FOOTER_PT)
            _run(p, f"\t{notice.date_text}印发", size=g.FOOTER_PT)


TEXT_TWIPS = int(g.TEXT_WIDTH_MM / 25.4 * 1440)
AREA_TWIPS = int((g.PAGE_MM[1] - g.MARGIN_MM["top"] - g.MARGIN_MM["bottom"]) / 25.4 * 1440)  # the text area's height


def margin_frame(p, borders: dict[str, tuple[str, int, int, str]], y: int | None = None) -> None:
    """Make paragraph `p` a frame as wide as the text, fixed to the margin box: at its foot, or `y`
    twips below its top; `borders` maps a side to (style, eighths of a point, space, colour). The
    版记, the 简报's 报尾 and a letter's lower rule are such frames (GB/T 9704 puts them at the foot)."""
    ppr = p._p.get_or_add_pPr()
    place = {"yAlign": "bottom"} if y is None else {"y": y}
    _put(ppr, _el("framePr", w=TEXT_TWIPS, wrap="around", vAnchor="margin", hAnchor="margin", xAlign="center",
                  **place), PPR_ORDER)
    box = _el("pBdr")
    for side in ("top", "bottom"):  # CT_PBdr's order
        if side in borders:
            style, size, space, color = borders[side]
            box.append(_el(side, val=style, sz=size, space=space, color=color))
    _put(ppr, box, PPR_ORDER)


def _declare_fonts(doc) -> None:
    """List each Chinese face in the font table with its next choice as altName and the GB2312 charset,
    so that Word on a PC without 仿宋_GB2312 (say) takes 仿宋 rather than a font of its own choosing."""
    from lxml import etree
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for family in g.FONTS.values():
        if family[0] in known:
            continue
        font = _el("font", name=family[0])
        font.append(_el("altName", val=g.WORD_ALT.get(family[0], family[1])))
        font.append(_el("charset", val="86"))       # GB2312
        font.append(_el("family", val="modern" if family[0] in ("黑体",) else "roman"))
        font.append(_el("pitch", val="variable"))
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _save(doc) -> bytes:
    _declare_fonts(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _blank_unnumbered_page(doc) -> None:
    """A section break: what follows starts a page in a section whose footers are empty. The break's
    own paragraph is made 1 pt high and off the grid, so that it fits on a full page."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    for footer in (section.footer, section.even_page_footer, section.first_page_footer):
        footer.is_linked_to_previous = False  # its own, empty footer: no page number
    holder = doc.paragraphs[-1]  # python-docx moves the previous section's properties into a new last paragraph
    holder.paragraph_format.space_before = holder.paragraph_format.space_after = Pt(0)
    holder.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    holder.paragraph_format.line_spacing = Pt(1)
    _put(holder._p.get_or_add_pPr(), _el("snapToGrid", val=0), PPR_ORDER)


def notice_docx(notice: Notice, banji_breaks: int = 0) -> bytes:
    """The notice; `banji_breaks` (0, 1 or 2) pages are added before the 版记 so that it lands on an even page."""
    doc = Document()
    _setup(doc)
    doc.core_properties.title = notice.title
    doc.core_properties.author = notice.office.office_name
    _head(doc, notice)
    p = _para(doc, WD_ALIGN_PARAGRAPH.LEFT)
    _run(p, notice.addressees)
    _blocks(doc, [b for b in notice.blocks if b.kind != "note"])
    body_end = len(doc.paragraphs) - 1
    notes = [b for b in notice.blocks if b.kind == "note"]
    if notes:
        _blank(doc)
        _blocks(doc, [Block("p", b.text) for b in notes])
    _signature(doc, notice.office.signer, notice.date_text)
    _keep_with_signature(doc, body_end)
    _attachments(doc, notice)
    # GB/T 9704 7.4.1 and 7.5: one break puts the 版记 alone on the next page, numbered as any other;
    # two leave a blank page before it, and then neither the blank page nor the 版记 page is numbered.
    if banji_breaks > 1:
        _blank_unnumbered_page(doc)
        _para(doc).add_run().add_break(WD_BREAK.PAGE)  # the blank page's end (it starts the new section)
    _banji(doc, notice, new_page=banji_breaks == 1)
    return _save(doc)


LETTER_TOP_MM = 30     # 信函格式 (GB/T 9704 10.1): the issuer mark's top edge 30 mm below the page's
LETTER_BOTTOM_MM = 20  # and the lower double rule 20 mm above the page's foot


def letter_docx(letter: Letter, notice: Notice) -> bytes:
    """One 预警函 in the letter format: the issuer mark in red, a red double rule under it (thick over
    thin), the letter's number at the right, and a red double rule (thin over thick) at the foot;
    no page number on the first page (a one-page letter has none)."""
    doc = Document()
    _setup(doc)
    doc.core_properties.title = letter.title
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Mm(LETTER_TOP_MM), Mm(LETTER_BOTTOM_MM)
    section.footer_distance = Mm(LETTER_BOTTOM_MM - 13)
    section.different_first_page_header_footer = True  # its first-page footer stays empty
    mark = _para(doc, WD_ALIGN_PARAGRAPH.CENTER, line_pt=None)
    _run(mark, notice.office.mark, "biaosong", g.mark_size(notice.office.mark), g.RED)
    box = _el("pBdr")
    box.append(_el("bottom", val="thickThinSmallGap", sz=24, space=4, color=g.RED))
    _put(mark._p.get_or_add_pPr(), box, PPR_ORDER)
    number = _para(doc, WD_ALIGN_PARAGRAPH.RIGHT)
    _run(number, letter.number)
    no_autospace(number)
    _blank(doc)
    _title(doc, letter.title)
    _blank(doc)
    p = _para(doc, WD_ALIGN_PARAGRAPH.LEFT)
    _run(p, letter.addressee)
    _blocks(doc, letter.blocks)
    _signature(doc, notice.office.signer, notice.date_text)
    _para(doc)  # the lower rule's anchor (see _banji)
    foot = _para(doc, WD_ALIGN_PARAGRAPH.LEFT, line_pt=None)
    margin_frame(foot, {"bottom": ("thinThickSmallGap", 24, 0, g.RED)})
    _run(foot, " ", size=2)
    return _save(doc)
