"""govinfo notice and remind: what lands on disk, read back through python-docx and openpyxl."""
from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from conftest import copy_demo, now_pinned, run_cli
from govinfo.compute.awards import awards
from govinfo.compute.notice import bottom, by_category
from govinfo.check.loader import load_period
from govinfo.core.periods import parse_period
from govinfo.compute.scoring import score
from govinfo.store.workspace import open_workspace
from govinfo.actions.init import init_workspace

PERIODS = {"month": ["--month", "2026-10", "--number", "12"], "quarter": ["--quarter", "2026Q3", "--number", "9"],
           "half": ["--half", "2026H1", "--number", "5"], "year": ["--year", "2025", "--number", "2",
                                                                   "--date", "2026-01-15"]}
STEMS = {"month": "2026-10", "quarter": "2026Q3", "half": "2026H1", "year": "2025"}

# Four notices in three formats from the whole demo: CI runs these; `-m "not slow"` leaves them out.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_master):
    root = copy_demo(demo_master, tmp_path_factory.mktemp("demo") / "demo")
    with now_pinned():
        results = {k: run_cli(["notice", *args, "--root", root]) for k, args in PERIODS.items()}
    return root, results


def out(root: Path, kind: str, ext: str) -> Path:
    return root / "out" / f"政务信息通报-{STEMS[kind]}.{ext}"


def docx_text(path: Path) -> str:
    doc = Document(path)
    parts = [p.text.replace("\n", "") for p in doc.paragraphs]  # a title's lines are one paragraph
    for t in doc.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts)


# ---- the command ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(PERIODS))
def test_notice_writes_html_docx_xlsx_and_prints_their_paths(demo, kind):
    root, results = demo
    r = results[kind]
    assert r.code == 0, r.text
    for ext in ("html", "docx", "xlsx"):
        path = out(root, kind, ext)
        assert path.is_file() and path.stat().st_size > 1000
        assert str(path) in r.out


def test_the_month_notice_states_the_computed_totals_and_comparisons(demo):
    root, _ = demo
    text = docx_text(out(root, "month", "docx"))
    assert "某政办通〔2026〕12号" in text
    assert "关于2026年10月份全市政务信息报送采用情况的通报" in text
    # Counted from the files themselves, not by the code that wrote the notice: the month's item
    # files, and its adoption records less the one the demo withdraws.
    october, september = (len(list((root / "data" / "items" / "2026" / m).glob("*.md"))) for m in ("10", "09"))
    records = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in (root / "data" / "records" / "2026" / "10").glob("*.yaml")]
    withdrawn = {r["target"] for r in records if r["kind"] == "withdraw"}
    adopted = sum(r["kind"] == "adopt" and r["id"] not in withdrawn for r in records)
    assert october and september and adopted and withdrawn
    assert f"共报送政务信息{october}条" in text
    diff = october - september
    assert (f"比上月增加{diff}条" if diff > 0 else f"比上月减少{-diff}条" if diff else "比上月持平") in text
    assert f"被各级采用{adopted}条次" in text  # one item adopted at two levels counts at each
    assert "2026年1—10月累计" in text
    assert "2026年11月21日" in text            # date of issue, Arabic numerals, no padding
    assert "抄送：市委办公室" in text and "2026年11月21日印发" in text


def test_the_month_notice_names_leaders_laggards_and_silent_units(demo):
    root, _ = demo
    ws = open_workspace(root)
    report = score(ws, parse_period(month_="2026-10"))
    text = docx_text(out(root, "month", "docx"))
    firsts = [s.unit.label for s in report.units if s.category_rank == 1]
    assert "三、约稿完成情况" in text  # the demo has calls for articles due in October
    assert all(name in text.split("三、约稿完成情况")[0] for name in firsts)
    problems = text.split("四、存在问题")[1].split("五、下步要求")[0]
    for s in report.units:
        if s.submitted == 0:
            assert s.unit.label in problems.split("部分单位没有报送信息")[1]
    short = [s.unit.label for s in report.units if s.quota and not s.quota_met and s.submitted]
    assert short and all(name in problems for name in short)
    assert "问题建议类信息" in problems and "%" in problems
    assert "（一）提高思想认识。" in text       # 下步要求 from rules/office.yaml


def test_attachment_table_has_every_unit_with_period_and_year_to_date_figures(demo):
    root, _ = demo
    ws = open_workspace(root)
    report = score(ws, parse_period(month_="2026-10"))
    doc = Document(out(root, "month", "docx"))
    assert len(doc.tables) == 3              # one per category (the 版记 is framed lines, not a table)
    header = [c.text.replace("\n", "") for c in doc.tables[0].rows[1].cells]  # narrow cells break their text
    assert header[:2] == ["排名", "单位"] and "2026年1—10月累计" in [c.text for c in doc.tables[0].rows[0].cells]
    rows = {r.cells[1].text.replace("\n", ""): [c.text for c in r.cells] for t in doc.tables[:3] for r in t.rows[2:]}
    for s in report.units:
        assert rows[s.unit.label][0] == str(s.category_rank)
        assert rows[s.unit.label][2] == str(s.submitted)
        assert rows[s.unit.label][header.index("完成任务")] == ("是" if s.quota_met else "否")


def test_quarter_half_and_year_notices_carry_their_own_parts(demo):
    root, results = demo
    quarter = docx_text(out(root, "quarter", "docx"))
    # the demo's categories have 10, 6 and 10 units: each is listed whole, none called a top ten
    assert quarter.count("个单位，按得分排列：") == 3 and "本类共6个单位" in quarter and "得分前10名" not in quarter
    # 预警函: one letter, one document, in the letter format (GB/T 9704 10.1)
    folder = root / "out" / "政务信息预警函-2026H1"
    ws = open_workspace(root)
    half = score(ws, parse_period(half="2026H1"))
    expected = [s.unit for _, rows in by_category(half) for s in bottom(rows, ws.office.warning_bottom)]
    files = sorted(folder.glob("*.docx"))
    assert [f.name for f in files] == [f"{n:02d}-{u.label}.docx" for n, u in enumerate(expected, 1)] and len(files) >= 3
    assert all(str(f) in results["half"].out for f in files) and not (root / "out" / "政务信息预警函-2026H1.docx").exists()
    for n, (path, unit) in enumerate(zip(files, expected), 1):
        doc = Document(path)
        texts = [p.text for p in doc.paragraphs]
        assert texts[0] == ws.office.mark and texts[1] == f"预警函〔2026〕{n}号"     # mark, then the number at the right
        assert doc.paragraphs[1].alignment.name == "RIGHT"
        assert texts.count("政务信息工作预警函") == 1 and f"{unit.name}：" in texts
        rule = doc.paragraphs[0]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
        assert rule.get(qn("w:val")) == "thickThinSmallGap" and rule.get(qn("w:color")) == "FF0000"
        foot = doc.paragraphs[-1]._p.pPr
        assert foot.find(qn("w:framePr")).get(qn("w:yAlign")) == "bottom"
        assert foot.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "thinThickSmallGap"
        section = doc.sections[0]
        assert section.different_first_page_header_footer  # no page number on the letter's first page
        assert "PAGE" not in section.first_page_footer._element.xml
    result = awards(ws, 2025)
    text = docx_text(out(root, "year", "docx"))
    assert "关于2025年度全市政务信息工作考评情况的通报" in text
    for a in result.units:
        if a.advanced:
            assert a.score.unit.label in text.split("二、考评结果")[1].split("三、")[0]
        if not a.eligible:
            assert f"{a.score.unit.label}：" in text.split("取消评先资格的单位")[1]
    for _, title, _, _ in result.excellent.items:
        assert f"《{title}》" in text
    assert "附件1" in text and "附件3" in text


# ---- layout: HTML ------------------------------------------------------------------------------

def test_html_is_the_office_dialect_with_gbt9704_page_and_fonts(demo):
    root, _ = demo
    html = out(root, "month", "html").read_text(encoding="utf-8")
    assert 'xmlns:w="urn:schemas-microsoft-com:office:word"' in html
    assert '<meta name="ProgId" content="Word.Document">' in html
    assert "<w:View>Print</w:View>" in html
    assert "@page Section1 {size:595.3pt 841.9pt" in html
    assert "margin:37mm 26mm 35mm 28mm" in html
    assert '@font-face {font-family:"仿宋_GB2312"; mso-font-charset:134' in html
    assert "line-height:28.95pt; mso-line-height-rule:exactly" in html
    assert "mso-footer:f1; mso-even-footer:ef1" in html
    assert 'style="mso-element:footer" id="f1"' in html and " PAGE " in html
    assert '<p class="docno">某政办通〔2026〕12号</p>' in html
    assert "page-break-before:always\">附件" in html
    assert "<thead>" in html and "mso-yfti-firstrow:yes" in html


# ---- layout: .docx -------------------------------------------------------------------------

def test_docx_page_setup_footers_and_fonts(demo):
    root, _ = demo
    doc = Document(out(root, "month", "docx"))
    sec = doc.sections[0]
    def mm(length):  # Word stores twips, so a millimetre comes back rounded
        return round(length.mm, 1)
    assert (mm(sec.page_width), mm(sec.page_height)) == (210, 297)
    assert [mm(x) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == [37, 35, 28, 26]
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((sec.footer, "right"), (sec.even_page_footer, "left")):
        xml = footer._element.xml
        assert 'w:fldCharType="begin"' in xml and "PAGE" in xml and "— " in footer.paragraphs[0].text
        assert footer.paragraphs[0].alignment.name.lower() == align
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert runs and all(r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in runs)
    # Chinese is the East Asian language of every run and every style (else LibreOffice picks a Japanese face)
    lang = qn("w:lang")
    assert all(r._r.rPr.find(lang).get(qn("w:eastAsia")) == "zh-CN" for r in runs)
    # 版头: two blank lines under the issuer mark and two under the red rule (GB/T 9704 7.2.3, 7.3.1)
    texts = [p.text for p in doc.paragraphs[:8]]
    assert texts[:2] == ["某某市人民政府办公室", ""] and texts[2] == "" and "号" in texts[3]
    assert texts[4:6] == ["", ""] and texts[6].startswith("关于")
    # 成文日期 four characters in from the right, the issuer centred on it, no autospace around digits
    signer, dated = next((a, b) for a, b in zip(doc.paragraphs, doc.paragraphs[1:])
                         if a.text == "某某市人民政府办公室" and b.text.endswith("日") and a is not doc.paragraphs[0])
    ind = lambda p: p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars"))  # noqa: E731
    assert ind(dated) == "400" and ind(signer) == "250"  # 4 + (7 - 10) / 2 characters
    for p in (signer, dated):
        assert p._p.pPr.find(qn("w:autoSpaceDE")).get(qn("w:val")) == "0"
        assert p._p.pPr.find(qn("w:autoSpaceDN")).get(qn("w:val")) == "0"
    styles = doc.styles.element.findall(qn("w:style"))
    assert styles and all(st.find(qn("w:rPr")).find(lang).get(qn("w:eastAsia")) == "zh-CN" for st in styles)
    by_text = {r.text: r for r in runs}
    mark = runs[0]                                            # the issuing-office mark comes first
    assert mark.text == "某某市人民政府办公室"
    assert str(mark.font.color.rgb) == "FF0000"
    heading = next(p for p in doc.paragraphs if p.text.replace("\n", "") == "关于2026年10月份全市政务信息报送采用情况的通报")
    assert heading.text == "关于2026年10月份全市\n政务信息报送采用情况的通报"  # broken between words (7.3.1)
    for title in heading.runs:
        assert title.font.size == Pt(22) and title._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert by_text["一、总体情况"]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert by_text["（一）提高思想认识。"]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    body = next(p for p in doc.paragraphs if p.text.startswith("2026年10月，全市"))
    assert body.paragraph_format.first_line_indent == Pt(32)
    table = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")).blob.decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>' in table
    annex = next(p for p in doc.paragraphs if p.text == "附件")
    assert annex.paragraph_format.page_break_before
    assert annex.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_docx_tables_repeat_their_header_and_never_split_a_row(demo):
    root, _ = demo
    doc = Document(out(root, "month", "docx"))
    table = doc.tables[0]
    for i, row in enumerate(table.rows):
        trpr = row._tr.trPr
        assert trpr.find(qn("w:cantSplit")) is not None
        assert (trpr.find(qn("w:tblHeader")) is not None) == (i < 2)


# ---- layout: .xlsx -------------------------------------------------------------------------

def test_workbook_sheets_print_a4_landscape_one_page_wide_with_titles(demo):
    root, _ = demo
    wb = load_workbook(out(root, "month", "xlsx"))
    assert wb.sheetnames == ["汇总", "明细", "排名", "得分图"]
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9               # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    summary = wb["汇总"]
    assert summary.print_title_rows == "$1:$3" and summary.freeze_panes == "D4"
    assert "A1:" in str(summary.merged_cells) and summary["A1"].value.startswith("2026年10月政务信息")
    assert summary.column_dimensions["C"].width >= 12        # unit names in Chinese fit
    assert isinstance(summary["D4"].value, int)              # numbers are numbers
    assert wb["得分图"]._charts
    chart = wb["得分图"]._charts[0]
    assert chart.x_axis.tickLblSkip == 1 and chart.x_axis.delete is False  # every unit labelled


def test_workbook_detail_lists_every_item_of_the_month_with_points(demo):
    root, _ = demo
    ws = open_workspace(root)
    report = score(ws, parse_period(month_="2026-10"))
    sheet = load_workbook(out(root, "month", "xlsx"))["明细"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    ids = {r[0] for r in rows}
    data = load_period(ws, parse_period(month_="2026-10"))
    assert {i.id for i in data.items} <= ids
    total = sum(Decimal(str(r[7])) for r in rows)
    own = sum(e.points for s in report.units for e in s.events
              if e.item and e.unit in data.items_by_id[e.item].units)  # not a parent's roll-up copy
    assert total == own


# ---- editable wording ------------------------------------------------------------------------

def test_office_wording_and_workspace_templates_override_the_bundled_ones(ws_root, cli, submit):
    submit(date="2026-10-12")
    office = ws_root / "rules" / "office.yaml"
    office.write_text(office.read_text(encoding="utf-8").replace(
        "（一）提高思想认识。", "（一）本地自定的要求。"), encoding="utf-8")
    (ws_root / "templates").mkdir(exist_ok=True)
    (ws_root / "templates" / "notice_title.txt").write_text("关于{{ label }}信息工作的本地通报", encoding="utf-8")
    r = cli("notice", "--month", "2026-10")
    assert r.code == 0, r.text
    text = docx_text(ws_root / "out" / "政务信息通报-2026-10.docx")
    assert "关于2026年10月份信息工作的本地通报" in text
    assert "（一）本地自定的要求。" in text


def test_a_mistake_in_a_template_is_reported_at_its_line(ws_root, cli):
    (ws_root / "templates").mkdir(exist_ok=True)
    (ws_root / "templates" / "notice_title.txt").write_text("第一行\n关于{{ label 的通报\n", encoding="utf-8")
    r = cli("notice", "--month", "2026-10")
    assert r.code == 1 and "Traceback" not in r.text
    assert "templates/notice_title.txt:2: 错误 [TEMPLATE]" in r.err
    (ws_root / "templates" / "notice_title.txt").write_text("关于{{ no_such_thing }}的通报\n", encoding="utf-8")
    r = cli("notice", "--month", "2026-10")
    assert r.code == 1 and "templates/notice_title.txt:1: 错误 [TEMPLATE]" in r.err and "no_such_thing" in r.err


# ---- hostile text --------------------------------------------------------------------------

HOSTILE = '=HYPERLINK("http://evil.example","点我")<script>alert(1)</script>'


def test_hostile_title_is_plain_text_in_every_format(ws_root, cli, submit):
    item = submit(title=HOSTILE, date="2025-10-12")
    assert cli("excellent", item, "--year", "2025").code == 0
    r = cli("notice", "--year", "2025", "--date", "2026-01-10")
    assert r.code == 0, r.text
    html = (ws_root / "out" / "政务信息通报-2025.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f"《{HOSTILE}》" in docx_text(ws_root / "out" / "政务信息通报-2025.docx")
    sheet = load_workbook(ws_root / "out" / "政务信息通报-2025.xlsx")["明细"]
    cell = next(c for row in sheet.iter_rows(min_row=3) for c in row if c.value and "HYPERLINK" in str(c.value))
    assert cell.value == HOSTILE and cell.data_type == "s" and cell.quotePrefix


# ---- bad input -----------------------------------------------------------------------------

def test_notice_bad_input_is_refused_in_chinese(ws_root, cli):
    cases = [(["--month", "2026-13"], "格式不对"), ([], "请给出且只给出一个时期"),
             (["--month", "2026-10", "--number", "0"], "应是 1—9999 的整数"),
             (["--month", "2026-10", "--number", "100000"], "应是 1—9999 的整数"),
             (["--month", "0000-01"], "年份不对：应在 1950—2999 年之间"),
             (["--year", "0001"], "年份不对：应在 1950—2999 年之间"),
             (["--month", "2026-10", "--number", "abc"], "不是有效的整数"),
             (["--month", "2026-10", "--date", "2026-02-30"], "不是有效的日期"),
             (["--month", "2026-10", "--date", "2026-10-15"], "不晚于2026年10月的最后一天（2026-10-31）"),
             (["--month", "2026-10", "--date", "2026-10-31"], "--date 晚于 2026-10-31")]
    for args, words in cases:
        r = cli("notice", *args)
        assert r.code != 0 and words in r.err and "Traceback" not in r.text, (args, r.text)
    assert not (ws_root / "out").exists()


def test_notice_never_overwrites_without_force(ws_root, cli):
    assert cli("notice", "--month", "2026-10").code == 0
    docx = ws_root / "out" / "政务信息通报-2026-10.docx"
    docx.write_bytes(b"edited by hand")
    r = cli("notice", "--month", "2026-10")
    assert r.code == 1 and "EXISTS" in r.err and "--force" in r.err
    assert docx.read_bytes() == b"edited by hand"
    assert cli("notice", "--month", "2026-10", "--force").code == 0
    assert docx.read_bytes() != b"edited by hand"


# ---- remind --------------------------------------------------------------------------------

def test_remind_writes_calls_and_texts_of_at_most_70_characters(demo):
    root, _ = demo
    r = run_cli(["remind", "--quarter", "2026Q3", "--root", root])
    assert r.code == 0, r.text
    path = root / "out" / "季度提醒-2026Q3.csv"
    assert str(path) in r.out
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                   # Excel reads the Chinese
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and {r["方式"] for r in rows} == {"电话", "短信"}
    assert all(len(r["内容"]) <= 70 and int(r["字数"]) == len(r["内容"]) for r in rows)
    ws = open_workspace(root)
    report = score(ws, parse_period(quarter="2026Q3"))
    short = {s.unit.label for s in report.units if s.quota and not s.quota_met}
    assert short <= {r["单位"] for r in rows}
    assert all(r["电话"] for r in rows)                       # every demo officer has a phone


def test_remind_on_a_quarter_with_no_items_at_all_warns_before_anyone_is_told_off(cli, submit):
    """A workspace begun in October: every unit missed its third-quarter quota only on paper."""
    submit(date="2026-10-12")
    result = cli("remind", "--quarter", "2026Q3")
    assert result.code == 0 and "[EMPTY-PERIOD]" in result.err and "这些提醒不要发出" in result.err, result.text
    assert "EMPTY-PERIOD" not in cli("remind", "--quarter", "2026Q4", env={"GOVINFO_NOW": "2027-01-05 10:00"}).err


def test_remind_refuses_a_template_that_makes_texts_too_long(ws_root, cli, submit):
    submit(date="2026-08-12")
    (ws_root / "templates").mkdir(exist_ok=True)
    (ws_root / "templates" / "remind_sms.txt").write_text("{{ unit.name }}" + "请加大报送力度" * 12, encoding="utf-8")
    r = cli("remind", "--quarter", "2026Q3")
    assert r.code == 1 and "templates/remind_sms.txt: 错误 [TOO-LONG]" in r.err
    assert not (ws_root / "out").exists()
    r = cli("remind", "--quarter", "2026-09")
    assert r.code == 1 and "--quarter" in r.err


def test_remind_leaves_out_only_the_unit_whose_name_is_too_long(ws_root, cli, submit):
    submit(date="2026-08-12")
    submit(unit="T02", date="2026-08-13")
    long_name = "东河镇人民政府经济社会发展综合服务中心办公室" * 2
    roster = ws_root / "rules" / "roster.yaml"  # written by hand: units edit refuses a short name this long
    roster.write_text(roster.read_text(encoding="utf-8").replace("short: 东河镇\n", f"short: {long_name}\n"), encoding="utf-8")
    r = cli("remind", "--quarter", "2026Q3")
    assert r.code == 0 and "rules/roster.yaml: 警告 [TOO-LONG]" in r.err and "给 T02 写一个简短的 short" in r.err, r.text
    rows = list(csv.DictReader(io.StringIO((ws_root / "out" / "季度提醒-2026Q3.csv").read_bytes().decode("utf-8-sig"))))
    assert [r["方式"] for r in rows if r["单位"] == long_name] == ["短信"]  # its call names it, too long; its text does not
    assert {"电话", "短信"} <= {r["方式"] for r in rows if r["单位"] == "城关镇"}   # everyone else as before


def test_rules_without_ranks_give_a_notice_without_ranks(tmp_path):
    root = init_workspace(tmp_path / "nr", rules="no_ranking")
    from conftest import ROSTER
    (root / "rules" / "roster.yaml").write_text(ROSTER, encoding="utf-8")
    from conftest import BODY
    submitted = run_cli(["submit", "--unit", "T01", "--title", "城关镇推进秋粮收购", "--drafter", "张三", "--reviewer", "李四",
                         "--date", "2026-10-12", "--category", "工作动态", "--body", BODY, "--root", root])
    assert submitted.code == 0, submitted.text  # a unit with points: the notice then names the leading units
    adopted = run_cli(["adopt", submitted.out.strip(), "--pub", "city_express", "--issue", "第1期", "--date", "2026-10-20",
                       "--root", root])
    assert adopted.code == 0, adopted.text
    r = run_cli(["notice", "--month", "2026-10", "--root", root])
    assert r.code == 0, r.text
    doc = Document(root / "out" / "政务信息通报-2026-10.docx")
    heads = [c.text for t in doc.tables[:-1] for row in t.rows[:2] for c in row.cells]
    assert heads and "排名" not in heads and "单位" in heads
    assert "排名不分先后" in docx_text(root / "out" / "政务信息通报-2026-10.docx")
    sheet = load_workbook(root / "out" / "政务信息通报-2026-10.xlsx")["排名"]
    assert [c.value for c in sheet[2]][:3] == ["单位", "类别", "得分"]


def test_docx_table_cells_match_the_grid_and_names_break_between_words(demo):
    """GB/T 9704 tables as Word lays them out: every header cell as wide as the grid columns it spans
    (Word follows the cells, not the grid), and a unit's name never leaves one character on a line."""
    root, _ = demo
    doc = Document(out(root, "month", "docx"))
    table = doc.tables[0]
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    for tr in table._tbl.findall(qn("w:tr"))[:2]:  # the two header rows
        col = 0
        for tc in tr.findall(qn("w:tc")):
            span_el = tc.tcPr.find(qn("w:gridSpan"))
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            width = int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w")))
            assert abs(width - sum(grid[col:col + span])) <= span * 2, (col, span, width, grid)
            col += span
    for t in doc.tables[:3]:
        for row in t.rows[2:]:
            for line in row.cells[1].text.split("\n"):
                assert len(line) > 1, row.cells[1].text
    names = [row.cells[1].text for t in doc.tables[:3] for row in t.rows[2:]]
    assert any("\n" in n for n in names)  # long names are broken, and broken where the test above allows
