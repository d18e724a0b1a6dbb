"""`govinfo submit`: flags, prompts, body files in every encoding a clerk meets, refusals."""
from __future__ import annotations

import json
import re

import pytest
import yaml
from docx import Document

from conftest import BODY, item_file, run_cli


def front_matter(path):
    text = path.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    return yaml.safe_load(fm), body


def test_submit_with_flags_writes_the_item(cli, ws_root):
    result = cli("submit", "--unit", "T01", "--title", "城关镇推进秋粮收购", "--drafter", "张三", "--reviewer", "李四",
                 "--date", "2026-10-12 09:30", "--category", "工作动态", "--body", BODY)
    assert result.code == 0, result.text
    item_id = result.out.strip()
    assert item_id.startswith("202610-")
    fm, body = front_matter(item_file(ws_root, item_id))
    assert fm == {"id": item_id, "title": "城关镇推进秋粮收购", "unit": "T01", "drafter": "张三", "reviewer": "李四",
                  "submitted": "2026-10-12 09:30", "category": "工作动态"}
    assert body == BODY + "\n"


def test_submit_json_and_optional_fields(cli, ws_root):
    call = cli("solicit", "new", "--topic", "秋粮收购", "--units", "T01", "--deadline", "2026-10-20", "--date", "2026-10-05")
    sid = call.out.strip()
    result = cli("submit", "--unit", "T01", "--title", "突发", "--drafter", "张三", "--reviewer", "李四",
                 "--date", "2026-10-12 10:00", "--category", "紧急信息", "--body", BODY, "--event-time", "2026-10-12 08:30",
                 "--secrecy", "内部", "--solicitation", sid, "--joint", "T02", "--json")
    assert result.code == 0, result.text
    data = json.loads(result.out)
    assert data["path"] == f"data/items/2026/10/{data['id']}.md"
    fm, _ = front_matter(ws_root / data["path"])
    assert fm["event_time"] == "2026-10-12 08:30" and fm["secrecy"] == "内部"
    assert fm["solicitation"] == sid and fm["joint_units"] == ["T02"]


def test_unit_by_unique_part_of_name(cli, ws_root):
    result = cli("submit", "--unit", "东河", "--title", "标题", "--drafter", "张三", "--reviewer", "李四",
                 "--date", "2026-10-12", "--category", "工作动态", "--body", BODY)
    assert result.code == 0, result.text
    assert front_matter(item_file(ws_root, result.out.strip()))[0]["unit"] == "T02"


def test_missing_flags_without_terminal_are_named(cli, ws_root):
    result = cli("submit", "--unit", "T01", "--title", "标题")
    assert result.code == 1
    assert "缺少：--drafter、--reviewer、--category、--body 或 --body-file" in result.err
    assert not list((ws_root / "data" / "items").rglob("*.md"))


def test_prompts_ask_for_what_is_missing(cli, ws_root):
    answers = "城关\n秋粮收购进展\n张三\n李四\n1\n" + BODY + "\n\n"   # the last Enter confirms
    result = cli("submit", "--date", "2026-10-12", input=answers, env={"GOVINFO_INTERACTIVE": "1"})
    assert result.code == 0, result.text
    assert "→ T01 城关镇人民政府" in result.out and "请核对：" in result.out
    fm, body = front_matter(item_file(ws_root, result.out.strip().splitlines()[-1]))
    assert (fm["unit"], fm["title"], fm["category"]) == ("T01", "秋粮收购进展", "工作动态")
    assert body.strip() == BODY


def test_prompt_asks_again_on_ambiguous_unit(cli, ws_root):
    answers = "镇\nT02\n标题\n张三\n李四\n问题\n" + BODY + "\ny\n"
    result = cli("submit", "--date", "2026-10-12", input=answers, env={"GOVINFO_INTERACTIVE": "1"})
    assert result.code == 0, result.text
    assert "“镇”对应多个单位：T01（城关镇人民政府）、T02（东河镇人民政府）" in result.err
    assert front_matter(item_file(ws_root, result.out.strip().splitlines()[-1]))[0]["category"] == "问题建议"


def _submit_file(cli, path, title=None):
    args = ["submit", "--unit", "T01", "--drafter", "张三", "--reviewer", "李四", "--date", "2026-10-12",
            "--category", "工作动态", "--body-file", path]
    if title:
        args += ["--title", title]
    return cli(*args)


def test_body_file_in_gbk_is_stored_as_utf8(cli, ws_root, tmp_path):
    source = tmp_path / "来稿.txt"
    source.write_bytes(("城关镇秋粮收购进展顺利\r\n" + BODY + "\r\n").encode("gbk"))
    result = _submit_file(cli, source)
    assert result.code == 0, result.text
    fm, body = front_matter(item_file(ws_root, result.out.strip()))
    assert fm["title"] == "城关镇秋粮收购进展顺利"
    assert body == BODY + "\n"
    assert source.read_bytes().startswith("城关镇".encode("gbk"))  # the clerk's file is untouched


def test_body_file_utf8_with_bom_and_markdown(cli, ws_root, tmp_path):
    source = tmp_path / "a.md"
    source.write_bytes("\ufeff# 标题来自文件\n\n".encode("utf-8") + BODY.encode("utf-8"))
    result = _submit_file(cli, source)
    fm, body = front_matter(item_file(ws_root, result.out.strip()))
    assert fm["title"] == "标题来自文件" and body == BODY + "\n"


@pytest.mark.parametrize("name, text", [
    ("正文.txt", "为进一步做好招商引资工作，城关镇近日制定专项方案。\n\n" + BODY + "\n\n下一步，将持续巩固成效。\n"),
    ("正文.md", "# 一、基本情况\n\n" + BODY + "\n"),  # a heading of the body's own keeps its mark
])
def test_a_body_file_under_its_own_title_keeps_every_line_as_written(cli, ws_root, tmp_path, name, text):
    """With --title given, the file's first paragraph is body, kept as written: its blank line, its #."""
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = _submit_file(cli, source, title="城关镇推进招商引资")
    assert result.code == 0, result.text
    fm, body = front_matter(item_file(ws_root, result.out.strip()))
    assert fm["title"] == "城关镇推进招商引资" and body == text


def test_body_file_gb18030(cli, ws_root, tmp_path):
    source = tmp_path / "b.txt"
    source.write_bytes(("标题\n" + BODY + "𠀀").encode("gb18030"))
    result = _submit_file(cli, source)
    assert result.code == 0, result.text
    assert front_matter(item_file(ws_root, result.out.strip()))[1].strip().endswith("𠀀")


def test_body_file_docx_first_paragraph_is_title(cli, ws_root, tmp_path):
    doc = Document()
    doc.add_paragraph("东河镇推进农村人居环境整治")
    doc.add_paragraph(BODY)
    doc.add_paragraph("下一步，将持续巩固成效。")
    source = tmp_path / "来稿.docx"
    doc.save(source)
    result = _submit_file(cli, source)
    assert result.code == 0, result.text
    fm, body = front_matter(item_file(ws_root, result.out.strip()))
    assert fm["title"] == "东河镇推进农村人居环境整治"
    assert body == BODY + "\n下一步，将持续巩固成效。\n"


def test_docx_with_explicit_title_keeps_first_paragraph_in_body(cli, ws_root, tmp_path):
    doc = Document()
    doc.add_paragraph("第一段")
    doc.add_paragraph(BODY)
    source = tmp_path / "x.docx"
    doc.save(source)
    result = _submit_file(cli, source, title="另给的标题")
    fm, body = front_matter(item_file(ws_root, result.out.strip()))
    assert fm["title"] == "另给的标题" and body.startswith("第一段\n")


def test_broken_docx_and_doc_are_refused(cli, ws_root, tmp_path):
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"not a zip")
    assert "无法读取 Word 文件" in _submit_file(cli, broken).err
    old = tmp_path / "旧.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    result = _submit_file(cli, old)
    assert result.code == 1 and "另存为” .docx" in result.err
    assert not list((ws_root / "data" / "items").rglob("*.md"))


def test_classified_item_is_refused(cli, ws_root):
    result = cli("submit", "--unit", "T01", "--title", "绝密标题内容", "--drafter", "张三", "--reviewer", "李四",
                 "--category", "工作动态", "--body", "涉密正文", "--secrecy", "机密")
    assert result.code == 1
    assert "[CLASSIFIED]" in result.err
    assert "绝密标题内容" not in result.text and "涉密正文" not in result.text
    assert not list((ws_root / "data" / "items").rglob("*.md"))


def test_bad_values_are_all_reported_at_once(cli, ws_root):
    result = cli("submit", "--unit", "T99", "--title", "标题", "--drafter", "张三", "--reviewer", " ",
                 "--date", "2026-02-30", "--category", "工作动太", "--body", BODY)
    assert result.code == 1
    for expected in ("[UNKNOWN-UNIT]", "govinfo submit --reviewer: 错误 [FIELD-EMPTY] 不能为空", "[BAD-DATE]", "是不是“工作动态”"):
        assert expected in result.err
    assert not list((ws_root / "data" / "items").rglob("*.md"))


def test_future_date_refused(cli):
    result = cli("submit", "--unit", "T01", "--title", "标题", "--drafter", "张三", "--reviewer", "李四",
                 "--date", "2026-12-01", "--category", "工作动态", "--body", BODY)
    assert result.code == 1 and "[FUTURE-DATE]" in result.err


@pytest.mark.parametrize("when, event, said", [
    ("2026-10-12", "2026-10-12 05:00", "晚于报送时间 2026-10-12 00:00"),   # a bare day is midnight: say to add the time
    ("2026-10-12 09:30", "2026-10-12 11:00", "晚于报送时间 2026-10-12 09:30"),
    ("1900-01-01", None, "报送日期 1900-01-01 早于 1950 年"),
])
def test_times_validate_would_refuse_are_refused_at_intake(cli, ws_root, when, event, said):
    args = ["submit", "--unit", "T01", "--title", "标题", "--drafter", "张三", "--reviewer", "李四",
            "--date", when, "--category", "紧急信息", "--body", BODY]
    result = cli(*args, *(["--event-time", event] if event else []))
    assert result.code == 1 and said in result.err, result.text
    assert ("请写上时刻" in result.err) == (when == "2026-10-12")
    assert not list((ws_root / "data").rglob("*.md"))


def test_ids_are_sequential_within_a_month(submit):
    first, second = submit(), submit(date="2026-10-13")
    assert first[:11] == second[:11]
    assert int(second[-4:]) == int(first[-4:]) + 1
    assert submit(date="2026-09-30").startswith("202609-")


def test_two_clones_draw_different_site_codes(tmp_path, ws_root):
    import shutil
    clone = tmp_path / "clone"
    body = ["--drafter", "张三", "--reviewer", "李四", "--date", "2026-10-12", "--category", "工作动态", "--body"]
    a = run_cli(["submit", "--unit", "T01", "--title", "甲", *body, BODY + "甲", "--root", ws_root]).out.strip()
    shutil.copytree(ws_root, clone)  # copies .govinfo/ too: the folder's path still differs
    b = run_cli(["submit", "--unit", "T01", "--title", "乙", *body, BODY + "乙", "--root", clone]).out.strip()
    # The clone drew a code of its own, keyed by its own folder, instead of reusing the copied one.
    table = json.loads((clone / ".govinfo" / "sites.json").read_text(encoding="utf-8"))
    own = [code for key, code in table.items() if key.endswith("|" + str(clone.resolve()))]
    assert len(table) == 2 and own == [b.split("-")[1]]
    assert a.split("-")[1] in table.values()


@pytest.mark.parametrize("title, secrecy, body", [
    ("绝密★启用前 关于某重点项目的报告", "公开", None),         # a mark at the head of the title
    ("某重点项目的报告", "机密 关于某重点项目", None),            # a level with words in the secrecy field
    ("某重点项目的报告", "公开", "秘密★1年 某重点项目进展\n正文"),  # a mark at the head of the body
    ("某重点项目的报告", "公开", "绝　密★启用前\n某重点项目进展"),    # the level typeset with a space in it
    ("某重点项目的报告", "秘　密★ 关于某重点项目", None),
    ("【秘密】某重点项目的报告", "公开", None),                   # a level in brackets opening the title
    ("某重点项目的报告（机密）", "公开", None),                   # or closing it
    ("绝密 某重点项目的报告", "公开", None),                      # or standing first, set off by a space
    ("机密·某重点项目的报告", "公开", None),
    ("某重点项目的报告", "公开", "[绝密★1年] 某重点项目进展\n正文"),
    ("某重点项目的报告", "公开", "密级：机密\n某重点项目进展"),     # the mark written out as a field line
    ("密级:秘密 某重点项目的报告", "公开", None),
    ("某重点项目的报告", "公开", "★秘密\n某重点项目进展"),          # the star before, or an asterisk for it
    ("某重点项目的报告", "公开", "秘密*\n某重点项目进展"),
    ("某重点项目的报告", "公开", "機密★1年\n某重点项目进展"),      # traditional characters
    ("某重点项目的报告", "公开", "密級：機密\n某重点项目进展"),
])
def test_a_refused_classified_item_is_named_by_its_level_alone(cli, ws_root, title, secrecy, body):
    """The message names the level; nothing of the title, the field or the text is repeated."""
    result = cli("submit", "--unit", "T01", "--title", title, "--drafter", "张三", "--reviewer", "李四",
                 "--category", "工作动态", "--secrecy", secrecy, "--body", body or BODY)
    assert result.code == 1 and "[CLASSIFIED]" in result.err
    assert "某重点项目" not in result.text and re.search(r"“(绝密|机密|秘密|機密)”", result.err)
    put = ws_root / "data" / "items" / "2026" / "10" / "202610-AAA-0001.md"
    put.parent.mkdir(parents=True, exist_ok=True)
    put.write_text(f"---\nid: 202610-AAA-0001\ntitle: {title}\nunit: T01\ndrafter: 张三\nreviewer: 李四\n"
                   f"submitted: 2026-10-12\ncategory: 工作动态\nsecrecy: {secrecy}\n---\n{body or BODY}\n", encoding="utf-8")
    checked = cli("validate")
    assert "[CLASSIFIED]" in checked.out and "某重点项目" not in checked.text


@pytest.mark.parametrize("first_line", ["密级：公开", "密级：内部", "秘密工作会议召开", "★保密工作会议召开",
                                        "**机密**载体管理专项检查", "机密*文件清理", "密级机密载体管理办法",
                                        "密级秘密及以上文件的管理"])
def test_an_open_item_that_speaks_of_secrecy_is_accepted(cli, first_line):
    result = cli("submit", "--unit", "T01", "--title", "城关镇召开会议", "--drafter", "张三", "--reviewer", "李四",
                 "--category", "工作动态", "--body", first_line + "\n" + BODY)
    assert result.code == 0, result.err


def test_a_text_the_unit_already_submitted_is_refused(cli, ws_root, tmp_path):
    """The same file given twice (or imported, then submitted) would count twice: refused, named,
    nothing written. Another unit's identical text, or one resubmitted after a withdrawal, is not refused."""
    path = tmp_path / "正文.txt"
    path.write_bytes(BODY.encode("gbk"))
    args = ["--drafter", "张三", "--reviewer", "李四", "--date", "2026-10-12", "--category", "工作动态", "--body-file", path]
    first = cli("submit", "--unit", "T01", "--title", "城关镇秋粮收购", *args).out.strip()
    before = sorted((ws_root / "data" / "items").rglob("*.md"))
    again = cli("submit", "--unit", "T01", "--title", "城关镇秋粮收购（二）", *args[:-2], "--body", " " + BODY + "\n")
    assert again.code == 1 and "[ALREADY-SUBMITTED]" in again.err and f"已经报送过这篇正文：{first}" in again.err
    assert sorted((ws_root / "data" / "items").rglob("*.md")) == before
    assert cli("submit", "--unit", "T02", "--title", "东河镇秋粮收购", *args).code == 0
    assert cli("withdraw", first, "--reason", "报错了").code == 0
    assert cli("submit", "--unit", "T01", "--title", "城关镇秋粮收购", *args).code == 0


def test_a_body_file_that_is_a_folder_or_holds_a_control_character_is_said_of_the_file(cli, ws_root, tmp_path):
    args = ["submit", "--unit", "T01", "--drafter", "张三", "--reviewer", "李四", "--category", "工作动态", "--body-file"]
    folder = cli(*args, tmp_path)
    assert folder.code == 1 and "[NOT-A-FILE]" in folder.err and "是文件夹" in folder.err
    path = tmp_path / "来稿.txt"
    path.write_bytes(("城关镇推进秋粮收购\n" + BODY + "\n第三行\x00有空字节\n").encode("utf-8"))
    nul = cli(*args, path)
    assert nul.code == 1 and f"{path}:3: 错误 [CONTROL-CHAR] 正文文件含有控制字符" in nul.err and "--title" not in nul.err
    assert not list((ws_root / "data" / "items").rglob("*.md"))


def test_a_short_text_is_the_same_item_only_with_the_same_title_and_a_backdated_copy_is_caught(cli, ws_root):
    args = ["--unit", "T02", "--drafter", "张三", "--reviewer", "李四", "--category", "工作动态"]
    assert cli("submit", *args, "--title", "东河镇完成秋粮收购", "--body", "详见附件。", "--date", "2026-10-12").code == 0
    other = cli("submit", *args, "--title", "东河镇召开安全生产会议", "--body", "详见附件。", "--date", "2026-10-13")
    assert other.code == 0, other.text  # a different item that happens to say only this
    same = cli("submit", *args, "--title", "东河镇完成秋粮收购", "--body", "详见附件。", "--date", "2026-10-14")
    assert same.code == 1 and "[ALREADY-SUBMITTED]" in same.err
    assert cli("submit", *args, "--title", "甲", "--body", BODY, "--date", "2026-11-02").code == 0
    backdated = cli("submit", *args, "--title", "乙", "--body", BODY, "--date", "2026-10-30")
    assert backdated.code == 1 and "[ALREADY-SUBMITTED]" in backdated.err


def test_a_word_file_marked_in_its_page_header_is_refused(cli, ws_root, tmp_path):
    import docx
    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "绝密★启用前"
    doc.add_paragraph("某重点项目进展")
    doc.add_paragraph(BODY)
    path = tmp_path / "来稿.docx"
    doc.save(path)
    result = cli("submit", "--unit", "T01", "--drafter", "张三", "--reviewer", "李四", "--category", "工作动态",
                 "--body-file", path)
    assert result.code == 1 and "页眉有密级标志“绝密”" in result.err and "某重点项目" not in result.text, result.text
    assert not list((ws_root / "data" / "items").rglob("*.md"))
    doc.sections[0].header.paragraphs[0].text = "城关镇人民政府办公室"  # an ordinary header is no mark
    doc.save(path)
    assert cli("submit", "--unit", "T01", "--drafter", "张三", "--reviewer", "李四", "--category", "工作动态",
               "--body-file", path).code == 0



def test_a_direction_override_in_a_title_is_named_in_chinese(cli):
    result = cli("submit", "--unit", "T01", "--title", "城关镇\u202e工作", "--drafter", "张三", "--reviewer", "李四",
                 "--category", "工作动态", "--body", BODY)
    assert result.code == 1 and "U+202E 文字方向控制符" in result.err and "RIGHT-TO-LEFT" not in result.err
