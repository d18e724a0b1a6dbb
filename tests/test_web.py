"""Issue 17 (started): `govinfo serve` routes through Flask's test client. Every page renders, the
forms write through the same actions as the CLI, and the refusals hold: a POST without the CSRF
token, a foreign Host header, a path outside out/, an oversized upload, a stale form, and a
user's mistake shown beside the form with what they typed kept and nothing written."""
from __future__ import annotations

import io
import json
import re
import time

import pytest

pytest.importorskip("flask")

from conftest import BODY, run_cli  # noqa: E402
from govinfo.web.app import MAX_UPLOAD_BYTES, create_app  # noqa: E402

HOST = {"Host": "127.0.0.1:8420"}


@pytest.fixture
def web(ws_root):
    app = create_app(ws_root, 8420)
    client = app.test_client()
    client.token = app.config["GOVINFO_TOKEN"]
    return client


def page(web, path):
    r = web.get(path, headers=HOST)
    return r.status_code, r.get_data(as_text=True)


def post_notice(web, **form) -> tuple[int, str]:
    """The notice form sent as a browser sends it: (status, page)."""
    r = web.post("/notice", headers=HOST, data={"csrf": web.token, **form}, follow_redirects=True)
    return r.status_code, r.get_data(as_text=True)


def form_values(html: str, action: str) -> dict:
    """The hidden fields of the form posting to `action` (csrf and the file's fingerprint)."""
    form = html[re.search(f'action="{re.escape(action)}(#[^"]*)?"', html).start():]  # an anchor may follow
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form[:form.index("</form>")]))


def records(ws_root, kind="*"):
    return sorted((ws_root / "data" / "records").rglob(f"{kind}-*.yaml"))


@pytest.mark.parametrize("path", ["/", "/items", "/items?q=秋粮", "/submit", "/score", "/score?period=2026Q3",
                                  "/notice", "/roster", "/rules"])
def test_every_page_renders_in_chinese_with_its_safety_headers(web, submit, path):
    submit()
    code, html = page(web, path)
    assert code == 200 and '<html lang="zh-CN">' in html and "Traceback" not in html
    r = web.get(path, headers=HOST)
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    assert "Access-Control-Allow-Origin" not in r.headers


def test_a_foreign_host_is_refused(web):
    r = web.get("/", headers={"Host": "attacker.example:8420"})
    assert r.status_code == 403 and "只接受本机地址" in r.get_data(as_text=True)


def test_submit_form_with_a_docx_upload(web, ws_root, tmp_path):
    import docx
    doc = docx.Document()
    doc.add_paragraph("城关镇秋粮收购进展顺利")
    doc.add_paragraph(BODY)
    buf = io.BytesIO()
    doc.save(buf)
    r = web.post("/submit", headers=HOST, content_type="multipart/form-data", data={
        "csrf": web.token, "unit": "城关", "drafter": "张三", "reviewer": "李四", "date": "2026-10-12",
        "category": "工作动态", "body_file": (io.BytesIO(buf.getvalue()), "来稿.docx")})
    assert r.status_code == 302
    item_id = r.headers["Location"].rsplit("/", 1)[-1]
    code, html = page(web, f"/item/{item_id}")
    assert code == 200 and "城关镇秋粮收购进展顺利" in html and "秋粮3200吨" in html
    assert not list(tmp_path.parent.glob("govinfo-upload-*"))


def test_a_mistake_is_shown_beside_the_form_and_nothing_is_written(web, ws_root):
    r = web.post("/submit", headers=HOST, data={"csrf": web.token, "unit": "不存在的单位", "title": "我写的标题",
                                                "drafter": "张三", "reviewer": "李四", "date": "2026-10-12",
                                                "category": "工作动态", "body": BODY})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "没有“不存在的单位”这个单位" in html and 'value="我写的标题"' in html
    assert not list((ws_root / "data" / "items").rglob("*.md"))


def test_adopt_through_the_item_page_and_the_score_changes(web, submit, ws_root):
    item = submit(unit="T01", date="2026-10-12")
    _, before = page(web, "/score?period=2026-10")
    _, html = page(web, f"/item/{item}")
    hidden = form_values(html, f"/item/{item}/adopt")
    r = web.post(f"/item/{item}/adopt", headers=HOST, data={**hidden, "pub": "upper_city_info", "issue": "第5期",
                                                            "date": "2026-10-20"})
    assert r.status_code == 302 and len(records(ws_root, "adopt")) == 1
    _, after = page(web, "/score?period=2026-10")
    assert before != after and "2.2" in after                            # 0.2 for sending, 2 for the upper city
    code, explained = page(web, "/explain?unit=T01&period=2026-10")
    assert code == 200 and "rules/points.yaml:" in explained and "第5期" in explained


def test_post_without_the_csrf_token_is_refused(web, submit, ws_root):
    item = submit()
    r = web.post(f"/item/{item}/adopt", headers=HOST, data={"pub": "city_express", "issue": "第1期", "date": "2026-10-20"})
    assert r.status_code == 403 and not records(ws_root, "adopt")


def test_a_stale_form_is_refused(web, submit, ws_root):
    item = submit()
    _, html = page(web, f"/item/{item}")
    hidden = form_values(html, f"/item/{item}/adopt")
    points = ws_root / "rules" / "points.yaml"
    points.write_text(points.read_text(encoding="utf-8") + "\n# 另一个窗口改过\n", encoding="utf-8")
    r = web.post(f"/item/{item}/adopt", headers=HOST, data={**hidden, "pub": "city_express", "issue": "第1期",
                                                            "date": "2026-10-20"})
    assert r.status_code == 400 and "已经改动过" in r.get_data(as_text=True) and not records(ws_root, "adopt")


def test_two_windows_correcting_one_item_the_second_is_refused(web, submit, ws_root):
    item = submit()
    _, html = page(web, f"/item/{item}")
    first, second = form_values(html, f"/item/{item}/correct"), form_values(html, f"/item/{item}/correct")
    a = web.post(f"/item/{item}/correct", headers=HOST, data={**first, "field": "title", "value": "标题（更正A）",
                                                             "reason": "错字"})
    assert a.status_code == 302
    b = web.post(f"/item/{item}/correct", headers=HOST, data={**second, "field": "title", "value": "标题（更正B）",
                                                              "reason": "错字"})
    assert b.status_code == 400 and "已经改动过" in b.get_data(as_text=True)
    assert len(records(ws_root, "correct")) == 1


def test_an_oversized_upload_is_refused(web):
    big = io.BytesIO(b"x" * (MAX_UPLOAD_BYTES + 1))
    r = web.post("/submit", headers=HOST, content_type="multipart/form-data",
                 data={"csrf": web.token, "body_file": (big, "大.txt")})
    assert r.status_code == 413 and "太大" in r.get_data(as_text=True)


def test_downloads_only_what_the_server_lists_under_out(web, ws_root, tmp_path):
    (ws_root / "out").mkdir(exist_ok=True)
    (ws_root / "out" / "通报.txt").write_text("通报", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    ok = web.get("/download?file=通报.txt", headers=HOST)
    assert ok.status_code == 200 and ok.data == "通报".encode("utf-8")
    for name in ("../rules/points.yaml", "../../secret.txt", str(tmp_path / "secret.txt")):
        assert web.get(f"/download?file={name}", headers=HOST).status_code == 404


def test_notice_generated_and_downloaded(web, submit, ws_root):
    submit(date="2026-10-12")
    r = web.post("/notice", headers=HOST, data={"csrf": web.token, "period": "2026-10", "number": "3"})
    assert r.status_code == 302  # the files are listed by the page it lands on: a reload writes nothing again
    written = {p: p.stat().st_mtime_ns for p in (ws_root / "out").iterdir()}
    for _ in range(2):
        code, html = page(web, r.headers["Location"])
        assert code == 200 and ".docx" in html
    assert {p: p.stat().st_mtime_ns for p in (ws_root / "out").iterdir()} == written
    assert "已生成" not in page(web, "/notice?done=made-up")[1]  # an address cannot claim a success
    assert "没有核对版记是否在偶数页" in html  # the page check's finding, as the CLI says it
    name = re.search(r'href="/download\?file=([^"]+\.docx)"', html)[1]
    from urllib.parse import unquote
    got = web.get(f"/download?file={unquote(name)}", headers=HOST)
    assert got.status_code == 200 and got.data[:2] == b"PK"


@pytest.mark.parametrize("path", ["/import", "/awards?year=2025", "/reports", "/issues"])
def test_the_other_pages_render(web, submit, path):
    submit()
    code, html = page(web, path)
    assert code == 200 and "Traceback" not in html


def test_the_awards_page_is_a_table_per_group_with_what_the_command_says(demo_copy):
    """Laid out as HTML tables, not console text in <pre> (whose columns slip in a browser's font)."""
    from govinfo.web.app import create_app
    html = create_app(demo_copy, 8420).test_client().get("/awards?year=2025", headers=HOST).get_data(as_text=True)
    said = json.loads(run_cli(["awards", "--year", "2025", "--root", demo_copy, "--json"]).out)
    assert "<pre>" not in html
    grouped = [u for u in said["units"] if u["group"]]
    rows = re.findall(r"<tr><td>(第\d+名|—)</td><td>([^<]+)</td>", html)
    assert len(rows) == len(grouped) > 0
    assert html.count("<strong>先进单位</strong>") == sum(u["advanced"] for u in grouped) > 0
    for u in said["excellent"]["items"]:
        assert f'<a class="id" href="/item/{u["id"]}">{u["id"]}</a>' in html


def test_import_several_files_at_once_with_a_report_per_file(web, ws_root):
    good = ("【城关镇】秋粮收购.txt", ("秋粮收购进展\n" + BODY + "\n（拟稿人：张三  审核人：李四）\n").encode("utf-8"))
    unsigned = ("【东河镇】没有署名.txt", ("标题\n" + BODY + "\n").encode("utf-8"))
    r = web.post("/import", headers=HOST, content_type="multipart/form-data", data={
        "csrf": web.token, "category": "工作动态",
        "files": [(io.BytesIO(good[1]), good[0]), (io.BytesIO(unsigned[1]), unsigned[0])]})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "已导入" in html and "未导入" in html and "没有找到拟稿人和审核人" in html
    assert len(list((ws_root / "data" / "items").rglob("*.md"))) == 1


def test_item_forms_feedback_correct_and_withdraw(web, submit, ws_root, cli):
    item = submit(date="2026-10-12")
    instruction = cli("instruct", item, "--level", "city", "--leader", "王市长", "--date", "2026-10-13").out.split()[0]
    _, html = page(web, f"/item/{item}")
    hidden = form_values(html, f"/item/{item}/feedback")
    assert web.post(f"/item/{item}/feedback", headers=HOST, data={**hidden, "instruction": instruction,
                                                                  "text": "已落实", "date": "2026-10-20"}).status_code == 302
    assert len(records(ws_root, "feedback")) == 1
    _, html = page(web, f"/item/{item}")
    hidden = form_values(html, f"/item/{item}/correct")
    assert web.post(f"/item/{item}/correct", headers=HOST, data={**hidden, "field": "category", "value": "问题建议",
                                                                 "reason": "选错"}).status_code == 302
    _, html = page(web, f"/item/{item}")
    assert "问题建议" in html and "更正信息类别为“问题建议”" in html
    bad = web.post(f"/item/{item}/correct", headers=HOST, data={**form_values(html, f"/item/{item}/correct"),
                                                                "field": "category", "value": "没有这类"})
    assert bad.status_code == 400 and "没有“没有这类”这个信息类别" in bad.get_data(as_text=True)
    other = submit(date="2026-10-14", title="东河镇扎实推进冬季森林防火")
    assert cli("withdraw", other, "--reason", "重复报送").code == 0
    _, html = page(web, "/items?month=2026-10")  # the list says what it left out, and links to it
    assert f'另有 1 条信息已撤销，未列出：<a class="id" href="/item/{other}">{other}</a>' in html


def test_reports_and_own_publication_from_the_browser(web, submit, ws_root):
    submit(date="2026-03-12")
    r = web.post("/reports", headers=HOST, data={"csrf": web.token, "kind": "register", "period": "2026"}, follow_redirects=True)
    assert r.status_code == 200 and "政务信息登记簿-2026.xlsx" in r.get_data(as_text=True)
    r = web.post("/issues", headers=HOST, data={"csrf": web.token, "what": "new", "pub": "city_express"}, follow_redirects=True)
    assert r.status_code == 200 and "草稿" in r.get_data(as_text=True)


def test_compose_an_issue_in_the_browser(web, submit, ws_root):
    a, b = submit(date="2026-11-02", title="甲"), submit(unit="T02", date="2026-11-03", title="乙")
    web.post("/issues", headers=HOST, data={"csrf": web.token, "what": "new", "pub": "city_express"})
    ref = re.search(r'href="/issue/([^"]+)"', page(web, "/issues")[1])[1]
    _, html = page(web, f"/issue/{ref}")
    hidden = form_values(html, f"/issue/{ref}")
    assert web.post(f"/issue/{ref}", headers=HOST, data={**hidden, "what": "add", "items": f"{a} {b}"}).status_code == 302
    _, html = page(web, f"/issue/{ref}")
    hidden = form_values(html, f"/issue/{ref}")
    assert web.post(f"/issue/{ref}", headers=HOST, data={**hidden, "what": "move", "item": b, "to": "1"}).status_code == 302
    _, html = page(web, f"/issue/{ref}")
    assert html.index(b) < html.index(a)                                # reordered
    hidden = form_values(html, f"/issue/{ref}")
    wrong = web.post(f"/issue/{ref}", headers=HOST, data={**hidden, "what": "move", "item": b, "to": "abc"})
    assert wrong.status_code == 400 and "不是条目的序号" in wrong.get_data(as_text=True)
    hidden = form_values(html, f"/issue/{ref}")
    r = web.post(f"/issue/{ref}", headers=HOST, data={**hidden, "what": "edit", "item": a, "title": "甲（本办修改稿）"})
    assert r.status_code == 302 and "甲（本办修改稿）" in page(web, f"/issue/{ref}")[1]
    stale = web.post(f"/issue/{ref}", headers=HOST, data={**hidden, "what": "move", "item": a, "to": "1"})
    assert stale.status_code == 400 and "已经改动过" in stale.get_data(as_text=True)   # the page shown before the edit


def test_statistics_shown_in_the_page(web, submit):
    submit(date="2026-03-12")
    r = web.post("/reports", headers=HOST, data={"csrf": web.token, "kind": "stats", "period": "2026H1"}, follow_redirects=True)
    html = r.get_data(as_text=True)
    frame = re.search(r'<iframe class="report" src="(/view\?file=[^"]+)"', html)
    assert frame
    shown = web.get(frame[1].replace("&amp;", "&"), headers=HOST)
    assert shown.status_code == 200 and "<svg" in shown.get_data(as_text=True)
    assert "frame-ancestors 'self'" in shown.headers["Content-Security-Policy"]
    assert web.get("/view?file=../rules/points.yaml", headers=HOST).status_code == 404


@pytest.mark.parametrize("action, extra", [("judge", {"qualified": "1", "note": "好"}), ("instruct", {"level": "city", "leader": "王市长"}),
                                           ("withdraw_item", {"reason": "重复"})])
def test_the_other_item_forms(web, submit, ws_root, action, extra):
    item = submit(date="2026-10-12")
    _, html = page(web, f"/item/{item}")
    hidden = form_values(html, f"/item/{item}/{action}")
    r = web.post(f"/item/{item}/{action}", headers=HOST, data={**hidden, **extra})
    assert r.status_code == 302, r.get_data(as_text=True)[-800:]
    kind = {"judge": "judge", "instruct": "instruct", "withdraw_item": "withdraw"}[action]
    assert len(records(ws_root, kind)) == 1


@pytest.mark.parametrize("action, data, said", [
    ("adopt", {"pub": "city_express", "issue": "第3期", "date": "2026-13-40"}, "“2026-13-40”不是有效日期"),
    ("correct", {"field": "category", "value": "没有这类", "reason": "选错"}, "没有“没有这类”这个信息类别"),
])
def test_a_refused_item_form_says_why_inside_itself(web, submit, action, data, said):
    """Of the item page's forms, the one sent shows the refusal beside its own fields; the top of
    the section only points to it."""
    item = submit(date="2026-10-12")
    _, html = page(web, f"/item/{item}")
    r = web.post(f"/item/{item}/{action}", headers=HOST, data={**form_values(html, f"/item/{item}/{action}"), **data})
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    box = html[html.index(f'id="form-{action}"'):]
    box = box[:box.index('<div class="box"')]
    assert said in box and 'class="refused"' in box
    assert html.count(said) == 1  # said once, in its form, not again at the top
    assert f'<a href="#form-{action}">' in html
    assert f'action="/item/{item}/{action}#form-{action}"' in html  # the browser lands on the form sent


def test_a_refused_form_that_the_page_no_longer_draws_says_why_at_the_top(web, submit, cli):
    """The 撤销这条信息 form goes once the item has a record: made in another window meanwhile, the
    refusal cannot be shown beside the form, so it is shown above the forms."""
    item = submit(date="2026-10-12")
    _, html = page(web, f"/item/{item}")
    hidden = form_values(html, f"/item/{item}/withdraw_item")
    assert cli("judge", item, "--qualified").code == 0
    r = web.post(f"/item/{item}/withdraw_item", headers=HOST, data={**hidden, "reason": "重复"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and 'id="form-withdraw_item"' not in html
    top = html[html.index('<h2 id="forms">'):html.index('id="form-adopt"')]
    assert "没有撤销，什么也没写：" in top and "[STALE-FORM]" in top and "已经改动过" in top, top


def test_a_form_sent_after_the_item_was_withdrawn_elsewhere_says_why(web, submit, cli):
    item = submit(date="2026-10-12")
    _, html = page(web, f"/item/{item}")
    hidden = form_values(html, f"/item/{item}/judge")
    assert cli("withdraw", item, "--reason", "重复报送").code == 0
    r = web.post(f"/item/{item}/judge", headers=HOST, data={**hidden, "qualified": "1"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "没有登记，什么也没写：" in html and "[STALE-FORM]" in html


def test_a_page_stopped_by_the_roster_leads_to_the_roster_not_back_to_itself(web, ws_root):
    roster = ws_root / "rules" / "roster.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace("category: township", "category: townshp", 1), encoding="utf-8")
    code, html = page(web, "/")
    assert code == 400 and "townshp" in html and '<a href="/roster">打开花名册，看是哪一行</a>' in html
    assert "回到本月概况" not in html and page(web, "/roster")[0] == 200
    code, html = page(web, "/items")
    assert "townshp" in html and "这个月还没有信息" not in html and "共 0 条" not in html


def test_a_bad_year_is_a_message_not_an_internal_error(web):
    code, html = page(web, "/awards?year=abc")
    assert code == 400 and "年度" in html and "程序内部错误" not in html


def test_the_validation_report_page(web, submit, ws_root):
    submit()
    (ws_root / "data" / "items" / "2026" / "10" / "202610-AAA-0009.md").write_text("---\nid: [\n", encoding="utf-8")
    code, html = page(web, "/validate")
    assert code == 200 and "共检查" in html and "202610-AAA-0009.md" in html and "错误" in html


@pytest.mark.parametrize("form, said", [({"period": "2026-13"}, "时期“2026-13”不对"),
                                        ({"period": "2026Q5"}, "时期“2026Q5”不对"),
                                        ({"period": ""}, "请填写时期"),
                                        ({"period": "2026-10", "number": "abc"}, "文号的序号应是 1—9999 的整数，现在是“abc”"),
                                        ({"period": "2026-10", "number": "-3"}, "文号的序号应是 1—9999 的整数，现在是“-3”")])
def test_a_bad_notice_form_is_answered_beside_the_form_with_what_was_typed(web, submit, ws_root, form, said):
    submit(date="2026-10-12")
    code, html = post_notice(web, **form)
    assert code == 400 and said in html
    assert 'name="period"' in html and f'value="{form["period"]}"' in html     # the form, as typed
    assert "--month" not in html and "--number" not in html                    # no command-line wording
    assert not (ws_root / "out").exists()


def test_the_notice_form_says_what_the_command_line_says(web, submit, ws_root):
    submit(date="2026-10-12")
    code, html = post_notice(web, period="2026-10")
    assert code == 200 and "没有填文号序号" in html and "PLACEHOLDER" in html  # the blank number, the 某某市 names
    code, html = post_notice(web, period="2026-10", number="3")
    assert code == 400 and "勾选“覆盖已有的文件”" in html and "--force" not in html


def test_a_bad_period_on_the_reports_form_is_said(web, submit):
    submit(date="2026-10-12")
    r = web.post("/reports", headers=HOST, data={"csrf": web.token, "kind": "fees", "period": "2026-13"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "时期：错误 [PERIOD] 时期“2026-13”不对" in html


@pytest.mark.parametrize("path", ["/score?period=0000", "/score?period=0001-01", "/explain?period=0000Q1&unit=T01"])
def test_a_year_out_of_range_is_a_message_not_an_internal_error(web, submit, path):
    submit(date="2026-10-12")
    code, html = page(web, path)
    assert code == 400 and "时期“" in html and "不对" in html and "内部错误" not in html


@pytest.mark.parametrize("number", ["²", "99999999999999999999999"])
def test_a_strange_number_on_the_notice_form_is_refused(web, submit, ws_root, number):
    submit(date="2026-10-12")
    code, html = post_notice(web, period="2026-10", number=number)
    assert code == 400 and "文号的序号应是 1—9999 的整数" in html
    assert not (ws_root / "out").exists()


def test_a_period_not_yet_over_is_said_beside_the_notice_form(web, submit, ws_root):
    submit(date="2026-11-12")
    code, html = post_notice(web, period="2026-11")
    assert code == 400 and "2026年11月还没有结束" in html and "--date" not in html
    assert not (ws_root / "out").exists()


def test_messages_on_a_page_name_fields_not_options(web, submit, ws_root):
    item = submit(date="2026-10-12")
    code, html = page(web, "/awards?year=abc")
    assert code == 400 and "年份“abc”格式不对" in html and "--year" not in html
    hidden = form_values(page(web, f"/item/{item}")[1], f"/item/{item}/adopt")
    r = web.post(f"/item/{item}/adopt", headers=HOST, data={**hidden, "pub": "nosuch", "issue": "第5期", "date": "2026-10-20"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "刊物：错误" in html and "govinfo adopt" not in html


def test_every_mistake_on_the_notice_form_is_said_at_once(web, submit):
    submit(date="2026-10-12")
    code, html = post_notice(web, period="2026-13", number="abc")
    assert code == 400 and "时期“2026-13”不对" in html and "文号的序号应是 1—9999 的整数" in html


def test_a_refused_classified_text_is_not_shown_back_in_the_form(web, submit, ws_root):
    r = web.post("/submit", headers=HOST, data={"csrf": web.token, "unit": "T01", "title": "绝密★启用前 某重点项目报告",
                                                "drafter": "张三", "reviewer": "李四", "date": "2026-10-12",
                                                "category": "工作动态", "body": "机密★1年 某重点项目进展\n" + BODY})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "CLASSIFIED" in html and "某重点项目" not in html and 'value="张三"' in html
    item = submit()
    _, page_html = page(web, f"/item/{item}")
    hidden = form_values(page_html, f"/item/{item}/correct")
    r = web.post(f"/item/{item}/correct", headers=HOST, data={**hidden, "field": "title",
                                                              "value": "绝密★启用前 某重点项目报告", "reason": "改标题"})
    assert r.status_code == 400 and "某重点项目" not in r.get_data(as_text=True)
    assert not records(ws_root, "correct")


def test_an_action_address_opened_directly_and_a_bad_position_are_answered_in_chinese(web, submit):
    item = submit()
    r = web.get(f"/item/{item}/adopt", headers=HOST)
    html = r.get_data(as_text=True)
    assert r.status_code == 405 and "只接受页面上的表单提交" in html and "程序内部错误" not in html
    r = web.put("/submit", headers=HOST)
    assert r.status_code == 405 and "程序内部错误" not in r.get_data(as_text=True)


def test_the_item_page_shows_feedback_and_keeps_what_was_typed_in_its_own_form(web, submit, ws_root, cli):
    item = submit()
    rid = cli("instruct", item, "--level", "province", "--leader", "刘副省长", "--date", "2026-10-20").out.split()[0]
    assert cli("feedback", rid, "--text", "已召开专题会议研究落实", "--date", "2026-10-25").code == 0
    _, html = page(web, f"/item/{item}")
    assert "已召开专题会议研究落实" in html and f'<option value="{records(ws_root, "feedback")[0].stem}"' in html
    hidden = form_values(html, f"/item/{item}/instruct")
    r = web.post(f"/item/{item}/instruct", headers=HOST, data={**hidden, "level": "province", "leader": "王市长",
                                                               "date": "abc", "note": "请认真研究"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    instruct_form = html[html.index(f"/item/{item}/instruct"):]
    instruct_form = instruct_form[:instruct_form.index("</form>")]
    assert 'value="province" selected' in instruct_form and 'value="abc"' in instruct_form and 'value="请认真研究"' in instruct_form
    adopt_form = html[html.index(f"/item/{item}/adopt"):]
    assert 'value="abc"' not in adopt_form[:adopt_form.index("</form>")]


def test_a_missing_field_is_named_as_the_page_names_it(web):
    r = web.post("/submit", headers=HOST, data={"csrf": web.token, "unit": "T01", "drafter": "张三", "reviewer": "李四",
                                                "date": "2026-10-12", "category": "工作动态"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "“标题”" in html and "--title" not in html and "在表单中填上这些项" in html


def test_search_in_the_browser_keeps_to_the_month_and_says_when_it_lists_only_some(web, submit):
    submit(date="2026-09-12", title="九月的秋粮收购", body=BODY + "（九月）")
    submit(date="2026-10-12", title="十月的秋粮收购", body=BODY + "（十月）")
    _, html = page(web, "/items?q=秋粮&month=2026-10")
    assert "十月的秋粮收购" in html and "九月的秋粮收购" not in html and "共 1 条。" in html
    _, html = page(web, "/items?q=秋粮")
    assert "九月的秋粮收购" in html and "十月的秋粮收购" in html


def test_reports_need_a_period(web, ws_root):
    r = web.post("/reports", headers=HOST, data={"csrf": web.token, "kind": "fees", "period": ""})
    assert r.status_code == 400 and "请填写时期" in r.get_data(as_text=True)
    assert not (ws_root / "out").exists() or not list((ws_root / "out").glob("稿酬发放表-*"))


@pytest.mark.parametrize("path, kept", [("/score?period=abc", 'value="abc"'), ("/?month=abc", 'value="abc"'),
                                        ("/items?month=abc", 'value="abc"'), ("/awards?year=abc", 'value="abc"'),
                                        ("/items?unit=不存在的单位", "不存在的单位")])
def test_a_wrong_filter_is_said_beside_the_form_on_the_page_itself(web, path, kept):
    code, html = page(web, path)
    assert code == 400 and 'class="error"' in html and kept in html and "没有完成" not in html
    assert "<form" in html  # the page itself, its form kept


def test_a_new_draft_is_confirmed_and_a_future_dated_one_can_be_published_on_the_day_it_came_out(web, submit, ws_root):
    a = submit(date="2026-11-02", title="甲")
    r = web.post("/issues", headers=HOST, data={"csrf": web.token, "what": "new", "pub": "city_express"})
    assert r.status_code == 302  # straight to the new draft's page: refreshing it makes no second draft
    ref = r.headers["Location"].rsplit("/", 1)[-1].split("?")[0]
    code, html = page(web, r.headers["Location"])
    assert code == 200 and f'已新建草稿 <span class="id">{ref}</span>' in html
    assert len(list((ws_root / "data" / "issues").rglob("*.yaml"))) == 1
    hidden = form_values(html, f"/issue/{ref}")
    assert web.post(f"/issue/{ref}", headers=HOST, data={**hidden, "what": "add", "items": a}).status_code == 302
    r = web.post("/issues", headers=HOST, data={"csrf": web.token, "what": "publish", "issue": ref, "date": "2026-11-20"})
    assert r.status_code == 302, r.get_data(as_text=True)
    code, html = page(web, r.headers["Location"])
    assert code == 200 and "已发布" in html and ".docx" in html
    adopted = list((ws_root / "data" / "records").rglob("adopt-*.yaml"))
    assert len(adopted) == 1 and "date: '2026-11-20'" in adopted[0].read_text(encoding="utf-8")


def test_issue_a_call_for_articles_in_the_browser(web, ws_root):
    _, html = page(web, "/solicit")
    assert "今年还没有约稿" in html
    r = web.post("/solicit", headers=HOST, data={"csrf": web.token, "topic": "冬季供暖保障", "units": "T01,东河镇",
                                                 "deadline": "2026-11-30", "date": "2026-11-10"})
    assert r.status_code == 302  # a page of its own: refreshing it sends nothing again
    code, html = page(web, r.headers["Location"])
    assert code == 200 and "已发出约稿" in html and "冬季供暖保障" in html
    assert len(records(ws_root, "solicit")) == 1
    bad = web.post("/solicit", headers=HOST, data={"csrf": web.token, "topic": "防汛", "units": "不存在的单位",
                                                   "deadline": "2026-11-30"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "没有“不存在的单位”这个单位" in html and 'value="防汛"' in html
    assert len(records(ws_root, "solicit")) == 1


def test_a_page_says_when_unreadable_files_were_left_out(web, submit, ws_root):
    submit(date="2026-10-12")
    broken = ws_root / "data" / "items" / "2026" / "10" / "202610-ZZZ-0001.md"
    broken.write_text("---\ntitle: [未闭合\n---\n正文\n", encoding="utf-8")
    for path in ("/score?period=2026-10", "/items?month=2026-10", "/?month=2026-10"):
        _, html = page(web, path)
        assert "1 个文件有错误，这一页没有计入" in html and 'href="/validate">全面检查</a>' in html, path
    r = web.post("/reports", headers=HOST, data={"csrf": web.token, "kind": "fees", "period": "2026-10"}, follow_redirects=True)
    assert "生成时有 1 个文件有错误，没有计入" in r.get_data(as_text=True)
    broken.unlink()
    assert "这一页没有计入" not in page(web, "/score?period=2026-10")[1]


def test_a_number_in_use_is_answered_with_the_pages_checkbox(web, submit):
    submit(date="2026-09-12")
    assert post_notice(web, period="2026-09", number="7")[0] == 200
    code, html = post_notice(web, period="2026Q3", number="7")
    assert code == 400 and "NUMBER-IN-USE" in html and "勾选“文号已用过也照用”" in html and "--reuse-number" not in html
    assert post_notice(web, period="2026Q3", number="7", reuse_number="1")[0] == 200


def test_record_list_and_withdraw_a_penalty_in_the_browser(web, ws_root):
    _, html = page(web, "/penalty")
    assert "2026年没有登记扣分" in html and "信息失实并造成严重后果（-10分）" in html
    r = web.post("/penalty", headers=HOST, data={"csrf": web.token, "action": "add", "unit": "东河镇", "kind": "false_info",
                                                 "date": "2026-10-15", "note": "数据与统计局核实数不符"}, follow_redirects=True)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "已登记" in html and len(records(ws_root, "penalty")) == 1
    row = html[html.index("<td class=\"id\">penalty-"):]
    row = row[:row.index("</tr>")]
    assert "2026-10-15" in row and "东河镇" in row and "-10" in row and "数据与统计局核实数不符" in row
    _, score = page(web, "/score?period=2026-10")
    assert "-10" in score
    bad = web.post("/penalty", headers=HOST, data={"csrf": web.token, "action": "add", "unit": "T01", "kind": "false_info",
                                                   "points": "-80", "note": "写错的分值"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "不用给出分值" in html and 'value="写错的分值"' in html
    assert "--points" not in html and len(records(ws_root, "penalty")) == 1
    rec = records(ws_root, "penalty")[0].stem
    r = web.post("/penalty", headers=HOST, data={"csrf": web.token, "action": "withdraw", "record": rec, "reason": "单位申诉成立"},
                 follow_redirects=True)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "2026年没有登记扣分" in html and len(records(ws_root, "withdraw")) == 1
    assert f'已撤销 <span class="id">{rec}</span>' in html
    assert f'另有 1 条扣分已撤销，不计分，未列出：<span class="id">{rec}</span>' in html
    assert "单位申诉成立" in records(ws_root, "withdraw")[0].read_text(encoding="utf-8")


def test_a_penalty_scoring_charges_by_itself_is_marked_and_warned_of(web, ws_root, cli):
    _, html = page(web, "/penalty")
    assert '<option value="">（请选择）</option>' in html  # no kind chosen for the clerk
    assert re.search(r'<option value="solicitation_late">[^<]*；计分时自动扣）', html)
    assert not re.search(r'<option value="false_info">[^<]*自动', html)
    r = web.post("/penalty", headers=HOST, data={"csrf": web.token, "action": "add", "unit": "T01",
                                                 "kind": "solicitation_late", "date": "2026-10-15"}, follow_redirects=True)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "已登记" in html and "[AUTO-PENALTY]" in html and "在计分时已按约稿记录" in html
    said = cli("penalty", "add", "--unit", "T02", "--kind", "emergency_late", "--date", "2026-10-16")
    assert said.code == 0 and "[AUTO-PENALTY]" in said.err and "紧急信息的事件发生时间" in said.err, said.text
    plain = cli("penalty", "add", "--unit", "T02", "--kind", "false_info", "--date", "2026-10-16")
    assert plain.code == 0 and "AUTO-PENALTY" not in plain.err


def test_choose_an_excellent_item_on_its_page(web, submit, ws_root, monkeypatch):
    item = submit(unit="T01", date="2026-10-12")
    monkeypatch.setenv("GOVINFO_NOW", "2026-12-03 09:00")
    _, html = page(web, f"/item/{item}")
    hidden = form_values(html, f"/item/{item}/excellent")
    assert 'name="year" size="5" value="2026"' in html
    wrong = web.post(f"/item/{item}/excellent", headers=HOST, data={**hidden, "year": "2025"})
    assert wrong.status_code == 400 and "不能评为 2025 年优秀信息" in wrong.get_data(as_text=True)
    assert not records(ws_root, "excellent")
    r = web.post(f"/item/{item}/excellent", headers=HOST, data={**hidden, "year": "2026"})
    assert r.status_code == 302 and len(records(ws_root, "excellent")) == 1
    assert "评为 2026 年度优秀政务信息" in page(web, f"/item/{item}")[1]


def test_forward_an_item_from_its_page_and_download_the_package(web, submit, ws_root):
    item = submit(unit="T01", date="2026-10-12")
    _, html = page(web, f"/item/{item}")
    hidden = form_values(html, f"/item/{item}/forward")
    assert '<option value="province_info"' in html and '<option value="city_express"' not in html.split("转报")[-1]
    wrong = web.post(f"/item/{item}/forward", headers=HOST, data={**hidden, "to": "nosuch"})
    shown = wrong.get_data(as_text=True)
    assert wrong.status_code == 400 and "上级刊物：错误 [UNKNOWN-PUB] 没有“nosuch”这个上级刊物" in shown
    assert not records(ws_root, "forward") and not (ws_root / "out").exists()
    r = web.post(f"/item/{item}/forward", headers=HOST, data={**hidden, "to": "province_info", "date": "2026-10-20"})
    assert r.status_code == 302  # a reload of the page it lands on sends nothing again
    code, html = page(web, r.headers["Location"])
    assert code == 200 and "已转报" in html and len(records(ws_root, "forward")) == 1
    links = re.findall(r'href="(/download\?file=[^"]+)"', html)
    assert len(links) == 2 and any("xlsx" in link for link in links)
    got = web.get(links[0].replace("&amp;", "&"), headers=HOST)
    assert got.status_code == 200 and got.data[:2] == b"PK"  # a Word document or workbook, not an error page
    hidden = form_values(html, f"/item/{item}/forward")  # the page as it now stands, with the forward on it
    again = web.post(f"/item/{item}/forward", headers=HOST, data={**hidden, "to": "province_info", "date": "2026-10-20"})
    assert again.status_code == 400 and "勾选“覆盖已有的文件”" in again.get_data(as_text=True)
    assert len(records(ws_root, "forward")) == 1


@pytest.mark.parametrize("field", ["unit", ""])
def test_a_correction_of_a_field_that_cannot_be_corrected_is_refused(web, submit, ws_root, field):
    item = submit(unit="T01", date="2026-10-12")
    hidden = form_values(page(web, f"/item/{item}")[1], f"/item/{item}/correct")
    r = web.post(f"/item/{item}/correct", headers=HOST, data={**hidden, "field": field, "value": "T02"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "[BAD-FIELD]" in html and "可以更正的是：信息类别、标题、拟稿人、报送日期" in html
    assert not records(ws_root, "correct")


def test_an_issues_adoption_is_withdrawn_on_the_issue_page_not_the_items(web, cli, submit, ws_root):
    item = submit(unit="T01", date="2026-10-12")
    issue = cli("issue", "new", "--pub", "city_express", "--date", "2026-11-13").out.strip()
    assert cli("issue", "add", issue, item).code == 0 and cli("issue", "publish", issue).code == 0
    (adoption,) = records(ws_root, "adopt")
    hidden = form_values(page(web, f"/item/{item}")[1], f"/item/{item}/withdraw")
    r = web.post(f"/item/{item}/withdraw", headers=HOST, data={**hidden, "record": adoption.stem, "reason": "登记错了"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "[ISSUE-ADOPTION]" in html and "到“刊物”页打开这一期，撤下这条信息" in html
    assert "--force" not in html and not records(ws_root, "withdraw")
    _, issue_html = page(web, f"/issue/{issue}")  # where the page sends the clerk: the issue, with a reason to give
    hidden = form_values(issue_html, f"/issue/{issue}")
    assert 'name="force" value="1"' in issue_html and 'name="reason"' in issue_html
    r = web.post(f"/issue/{issue}", headers=HOST, data={**hidden, "what": "remove", "item": item, "force": "1", "reason": ""})
    assert r.status_code == 400 and "请写明撤下原因" in r.get_data(as_text=True) and not records(ws_root, "withdraw")
    r = web.post(f"/issue/{issue}", headers=HOST, data={**hidden, "what": "remove", "item": item, "force": "1",
                                                       "reason": "数据有误"})
    assert r.status_code == 302 and len(records(ws_root, "withdraw")) == 1
    assert "数据有误" in records(ws_root, "withdraw")[0].read_text(encoding="utf-8")


def test_the_submit_form_answers_a_call_and_names_joint_units_as_the_command_line_does(web, cli, ws_root):
    call = cli("solicit", "new", "--topic", "冬季供暖", "--units", "T01", "--deadline", "2026-11-30",
               "--date", "2026-11-01").out.split()[0]
    form = {"csrf": web.token, "unit": "城关", "title": "城关镇冬季供暖准备就绪", "drafter": "张三", "reviewer": "李四",
            "date": "2026-11-10", "category": "工作动态", "body": BODY, "joint": "东河镇", "solicitation": call,
            "secrecy": "内部"}
    bad = web.post("/submit", headers=HOST, data={**form, "joint": "东河镇,不存在的单位", "unit": "不存在的单位二"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "没有“不存在的单位”这个单位" in html and "没有“不存在的单位二”这个单位" in html  # both at once
    assert not list((ws_root / "data" / "items").rglob("*.md"))
    r = web.post("/submit", headers=HOST, data=form)
    assert r.status_code == 302, r.get_data(as_text=True)
    (path,) = (ws_root / "data" / "items").rglob("*.md")
    text = path.read_text(encoding="utf-8")
    assert f"solicitation: {call}" in text and "T02" in text and "secrecy: 内部" in text
    assert "按时 1，迟报 0，尚未报 0" in cli("solicit", "list").out
    secret = web.post("/submit", headers=HOST, data={**form, "title": "另一条", "secrecy": "机密"})
    assert secret.status_code == 400 and "[CLASSIFIED]" in secret.get_data(as_text=True)


def test_the_register_is_a_years_and_a_broken_rules_file_stops_the_check_as_the_command_line_says(web, submit, ws_root):
    submit(date="2026-10-12")
    month = web.post("/reports", headers=HOST, data={"csrf": web.token, "kind": "register", "period": "2026-10"})
    html = month.get_data(as_text=True)
    assert month.status_code == 400 and "登记簿按年登记，“2026-10”不是一个年度" in html and "填年份，如 2026" in html
    assert not (ws_root / "out").exists() or not list((ws_root / "out").glob("政务信息登记簿-*.xlsx"))
    points = ws_root / "rules" / "points.yaml"
    points.write_text(points.read_text(encoding="utf-8").replace("publications:", "publications: [", 1), encoding="utf-8")
    _, html = page(web, "/validate")
    assert "信息和记录没有检查" in html and "共检查 0 条信息" not in html


def test_a_page_does_not_name_a_command_before_its_message(web):
    code, html = page(web, "/item/202610-ZZZ-0001")
    assert code == 400 and "[UNKNOWN-ITEM]" in html and "govinfo show：" not in html and "govinfo show" not in html.split("提示")[0]


@pytest.mark.parametrize("path", ["/items?month=2026Q3", "/items?q=镇&month=2026Q3", "/items?month=9999-01"])
def test_the_items_page_takes_a_month_whether_it_lists_or_searches(web, submit, path):
    submit(date="2026-10-12")
    code, html = page(web, path)
    assert code == 400 and "[BAD-DATE]" in html and "写成 2026-10" in html


def test_a_period_that_has_not_begun_is_refused_on_the_pages_too(web, cli, submit, ws_root):
    submit(date="2026-10-12")
    for path in ("/score?period=2027", "/score?period=2026-12", "/awards?year=2027"):
        code, html = page(web, path)
        assert code == 400 and "还没有开始" in html and "今天是 2026-11-21" in html, path
    r = web.post("/reports", headers=HOST, data={"csrf": web.token, "kind": "fees", "period": "2027H1"})
    assert r.status_code == 400 and "2027年上半年还没有开始" in r.get_data(as_text=True)
    assert not (ws_root / "out").exists() or not list((ws_root / "out").iterdir())
    for args in (("awards", "--year", "2027"), ("register", "--year", "2027")):
        refused = cli(*args)
        assert refused.code == 1 and "2027年还没有开始" in refused.err, args


def test_page_messages_name_each_field_as_the_page_does(web, submit, ws_root):
    item = submit(unit="T01", date="2026-10-12")
    hidden = form_values(page(web, f"/item/{item}")[1], f"/item/{item}/forward")
    empty = web.post(f"/item/{item}/forward", headers=HOST, data={**hidden, "to": ""}).get_data(as_text=True)
    assert "上级刊物：错误 [FIELD-EMPTY] 上级刊物不能为空" in empty and "govinfo forward" not in empty and "位置" not in empty
    hidden = form_values(page(web, f"/item/{item}")[1], f"/item/{item}/correct")
    wrong = web.post(f"/item/{item}/correct", headers=HOST, data={**hidden, "field": "unit", "value": "T02", "reason": "x"})
    assert "更正项：错误 [BAD-FIELD]" in wrong.get_data(as_text=True)
    form = {"csrf": web.token, "unit": "T01", "title": "城关镇一条约稿答复", "drafter": "张三", "reviewer": "李四",
            "date": "2026-11-10", "category": "工作动态", "body": BODY, "solicitation": "solicit-202611-ZZZ-0009"}
    html = web.post("/submit", headers=HOST, data=form).get_data(as_text=True)
    assert "约稿编号：错误 [UNKNOWN-SOLICITATION]" in html and "约稿编号见“约稿”页" in html and "solicit list" not in html


def test_the_penalty_page_shows_any_year(web, cli):
    assert cli("penalty", "add", "--unit", "T01", "--kind", "false_info", "--date", "2025-12-20").code == 0
    assert "penalty-202512-" not in page(web, "/penalty")[1]
    code, html = page(web, "/penalty?year=2025")
    assert code == 200 and "2025年登记的扣分" in html and "penalty-202512-" in html
    code, html = page(web, "/penalty?year=明年")
    assert code == 400 and "2026年登记的扣分" in html


def test_the_submit_form_records_the_time_an_emergency_item_came_in(web, ws_root):
    code, html = page(web, "/submit")
    date = re.search(r'name="date" value="([^"]*)"', html)[1]
    assert code == 200 and date == "2026-11-21 10:00"  # now, to the minute: 紧急信息 are timed in hours
    late = web.post("/submit", headers=HOST, data={"csrf": web.token, "unit": "T01", "title": "城关镇凌晨突发险情",
                                                   "drafter": "张三", "reviewer": "李四", "date": date,
                                                   "category": "紧急信息", "event_time": "2026-11-21 05:00", "body": BODY})
    assert late.status_code == 302
    (path,) = (ws_root / "data" / "items").rglob("*.md")
    assert "submitted: 2026-11-21 10:00" in path.read_text(encoding="utf-8")
    later = web.post("/submit", headers=HOST, data={"csrf": web.token, "unit": "T01", "title": "事件写在报送之后",
                                                    "drafter": "张三", "reviewer": "李四", "date": "2026-11-21",
                                                    "category": "紧急信息", "event_time": "2026-11-21 08:00", "body": BODY + "。"})
    html = later.get_data(as_text=True)
    assert later.status_code == 400 and "事件发生时间 2026-11-21 08:00 晚于报送时间 2026-11-21 00:00" in html, html
    assert len(list((ws_root / "data" / "items").rglob("*.md"))) == 1


def test_an_item_adopted_twice_by_one_publication_is_warned_of_everywhere(web, submit, ws_root, cli):
    item = submit(unit="T01", date="2026-10-12")
    first = cli("adopt", item, "--pub", "city_express", "--issue", "第12期", "--date", "2026-10-15")
    assert first.code == 0 and "SAME-PUB-AGAIN" not in first.err
    other = cli("adopt", item, "--pub", "province_info", "--issue", "第3期", "--date", "2026-10-16")
    assert other.code == 0 and "SAME-PUB-AGAIN" not in other.err     # another outlet is no repeat
    again = cli("adopt", item, "--pub", "city_express", "--issue", "第13期", "--date", "2026-10-18")
    assert again.code == 0 and "[SAME-PUB-AGAIN]" in again.err and "已被《政府工作快报》第12期采用" in again.err, again.text
    assert "[SAME-PUB-AGAIN]" in cli("validate").out
    _, html = page(web, f"/item/{item}")
    assert "SAME-PUB-AGAIN" in html and "第13期是同一刊物的又一次采用" in html


def test_the_item_page_says_an_item_from_before_its_unit_took_part_does_not_count(web, submit, cli):
    assert cli("units", "add", "--code", "Z1", "--name", "新设局", "--category", "other_dept", "--from", "2026-11-01").code == 0
    item = submit(unit="Z1", date="2026-10-20")
    _, html = page(web, f"/item/{item}")
    assert "UNIT-INACTIVE" in html and "2026-10-20 报送的这条信息不计分" in html


def test_an_uploaded_file_is_named_as_the_clerk_named_it(web, ws_root):
    r = web.post("/submit", headers=HOST, content_type="multipart/form-data", data={
        "csrf": web.token, "unit": "T01", "drafter": "张三", "reviewer": "李四", "category": "工作动态",
        "body_file": (io.BytesIO(b"PK\x03\x04 not really a Word file"), "十月来稿.docx")})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "十月来稿.docx：错误" in html, html
    assert "govinfo-upload-" not in html and "/tmp" not in html


def test_a_long_note_is_refused_by_the_server_not_only_by_the_page(web, ws_root):
    r = web.post("/penalty", headers=HOST, data={"csrf": web.token, "action": "add", "unit": "T01", "kind": "false_info",
                                                 "date": "2026-10-15", "note": "长" * 5000})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "说明有 5,000 个字，超过上限 1,000 字" in html and not records(ws_root)


def test_the_item_page_shows_what_was_sent_and_takes_the_instructions_follow_up(web, ws_root, cli):
    made = cli("submit", "--unit", "T01", "--title", "城关镇联合东河镇排查隐患", "--drafter", "张三", "--reviewer", "李四",
               "--date", "2026-10-12 09:30", "--category", "紧急信息", "--event-time", "2026-10-12 08:00",
               "--joint", "T02", "--secrecy", "内部", "--body", BODY)
    item = made.out.strip()
    _, html = page(web, f"/item/{item}")
    assert "2026-10-12 09:30" in html and "联合报送单位 东河镇人民政府" in html and "事件发生时间 2026-10-12 08:00" in html
    assert "密级 内部" in html
    hidden = form_values(html, f"/item/{item}/instruct")
    r = web.post(f"/item/{item}/instruct", headers=HOST, data={**hidden, "level": "city", "leader": "王市长",
                                                               "date": "2026-10-20", "assignee": "G01", "due": "2026-11-01"})
    assert r.status_code == 302, r.get_data(as_text=True)
    _, html = page(web, f"/item/{item}")
    assert "（承办：发展和改革局，2026-11-01 前反馈）" in html
    (rec,) = records(ws_root, "instruct")
    hidden = form_values(html, f"/item/{item}/withdraw")
    r = web.post(f"/item/{item}/withdraw", headers=HOST, data={**hidden, "record": rec.stem, "reason": "领导未批示"})
    _, html = page(web, f"/item/{item}")
    assert f"{rec.stem}</span>（已撤销：领导未批示）" in html


def test_a_call_sent_by_mistake_is_withdrawn_on_its_page(web, ws_root):
    sent = web.post("/solicit", headers=HOST, data={"csrf": web.token, "topic": "冬季供暖保障", "units": "T01",
                                                    "deadline": "2026-11-30", "date": "2026-11-10"})
    assert sent.status_code == 302
    (call,) = records(ws_root, "solicit")
    refused = web.post("/solicit", headers=HOST, data={"csrf": web.token, "action": "withdraw", "record": call.stem})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "没有撤销，什么也没写" in html and "请写明撤销原因" in html
    done = web.post("/solicit", headers=HOST, data={"csrf": web.token, "action": "withdraw", "record": call.stem,
                                                    "reason": "约错了单位"}, follow_redirects=True)
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and f'已撤销约稿 <span class="id">{call.stem}</span>' in html
    assert "约错了单位" in records(ws_root, "withdraw")[0].read_text(encoding="utf-8")
    assert "今年还没有约稿" in html


def test_the_issue_page_keeps_what_was_typed_and_opens_an_edit_with_the_text_as_it_stands(web, submit, ws_root):
    a = submit(date="2026-11-02", title="甲")
    r = web.post("/issues", headers=HOST, data={"csrf": web.token, "what": "new", "pub": "city_express"})
    ref = r.headers["Location"].rsplit("/", 1)[-1].split("?")[0]
    hidden = form_values(page(web, f"/issue/{ref}")[1], f"/issue/{ref}")
    typed = f"{a} 202611-ZZZ-0099"
    refused = web.post(f"/issue/{ref}", headers=HOST, data={**hidden, "what": "add", "items": typed})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and f'name="items" size="40" value="{typed}"' in html  # nothing retyped
    assert web.post(f"/issue/{ref}", headers=HOST, data={**hidden, "what": "add", "items": a}).status_code == 302
    _, html = page(web, f"/issue/{ref}?edit={a}")
    assert f'<option value="{a}" selected>' in html and 'name="title" size="60" value="甲"' in html
    assert "秋粮3200吨" in html[html.index('<textarea name="body"'):html.index("</textarea>")]


def test_advice_meant_for_the_command_line_is_worded_for_the_pages(web, ws_root):
    from govinfo.web.forms import page_words
    said = page_words("如原记录有误，先 govinfo withdraw penalty-202611-WYR-0002 再重新登记")
    assert said == "如原记录有误，先在“扣分”页撤销 penalty-202611-WYR-0002（写明原因）再重新登记"
    assert page_words("约稿单位见 govinfo solicit list") == "约稿单位见“约稿”页"
    code, html = page(web, "/item/202610-ZZZ-0001")  # a page's own error: no command to type
    assert code in (400, 404) and "govinfo list" not in html and "在“信息”页查看信息编号" in html


def test_the_score_page_has_the_columns_the_command_line_has(web, submit, cli):
    item = submit(unit="T01", date="2026-10-12")
    assert cli("penalty", "add", "--unit", "T01", "--kind", "false_info", "--date", "2026-10-20").code == 0
    assert cli("adopt", item, "--pub", "city_express", "--issue", "第1期", "--date", "2026-10-15").code == 0
    code, html = page(web, "/score?period=2026-10")
    assert code == 200 and all(f"<th>{c}</th>" in html for c in ("完成", "扣分", "2026年1—10月累计")), html
    row = html[html.index("城关镇</a>"):]
    row = row[:row.index("</tr>")]
    assert "<td>否</td>" in row and '<td class="n">-10</td>' in row


def test_a_fee_sheet_that_changed_is_kept_and_the_page_says_so(web, submit, ws_root):
    """The final sheet may be with finance: regenerated after a new adoption it is kept, the page
    says so (not 已生成), and the 覆盖 checkbox rewrites it."""
    item = submit(date="2026-10-12")
    def make(**extra):
        r = web.post("/reports", headers=HOST, data={"csrf": web.token, "kind": "fees", "period": "2026-10", **extra})
        assert r.status_code == 302, r.get_data(as_text=True)
        return page(web, r.headers["Location"])[1]
    made = make()
    assert "稿酬发放表-2026-10.xlsx" in made and "已写出" in made
    sheet = ws_root / "out" / "稿酬发放表-2026-10.xlsx"
    first = sheet.read_bytes()
    assert "内容未变，未重写" in make()
    _, html = page(web, f"/item/{item}")
    hidden = form_values(html, f"/item/{item}/adopt")
    assert web.post(f"/item/{item}/adopt", headers=HOST, data={**hidden, "pub": "city_express", "issue": "第3期",
                                                               "date": "2026-10-20"}).status_code == 302
    kept = make()
    assert "未覆盖" in kept and "勾选“覆盖已有的文件”" in kept and "--force" not in kept
    assert sheet.read_bytes() == first
    assert "已更新" in make(force="1") and sheet.read_bytes() != first


@pytest.mark.slow  # processes or threads racing: seconds each
def test_two_forms_sent_at_once_from_one_page_are_answered_one_after_the_other(web, submit, ws_root, monkeypatch):
    """A withdrawal and an adoption sent from the same page at the same moment: the second is
    checked against the page only after the first has written, so it is refused as stale. (The
    withdrawal waits inside its write for the adoption to pass its own check, which it can only
    do if the server lets two forms in at once.)"""
    import threading
    from govinfo.actions import new_records
    from govinfo.web import views
    item = submit(date="2026-10-12")
    _, html = page(web, f"/item/{item}")
    hidden = form_values(html, f"/item/{item}/adopt")
    checked = threading.Event()
    original_check, original_withdraw = views.unchanged, new_records.withdraw_item
    def check(*a, **k):
        original_check(*a, **k)
        if threading.current_thread().name == "adopt":
            checked.set()
    def withdraw(*a, **k):
        checked.wait(timeout=1.5)
        return original_withdraw(*a, **k)
    monkeypatch.setattr(views, "unchanged", check)
    monkeypatch.setattr(new_records, "withdraw_item", withdraw)
    answers = {}
    def send(action, data):
        answers[action] = web.application.test_client().post(f"/item/{item}/{action}", headers=HOST, data={**hidden, **data}).status_code
    first = threading.Thread(target=send, args=("withdraw_item", {"reason": "报错了"}), name="withdraw")
    second = threading.Thread(target=send, args=("adopt", {"pub": "city_express", "issue": "第3期", "date": "2026-10-20"}),
                              name="adopt")
    first.start()
    time.sleep(0.2)
    second.start()
    first.join(10)
    second.join(10)
    assert answers == {"withdraw_item": 302, "adopt": 400}
    assert not records(ws_root, "adopt") and len(records(ws_root, "withdraw")) == 1


def test_reports_are_not_read_or_written_through_a_linked_out_folder(web, submit, ws_root, tmp_path):
    """Not even to find the file there unchanged (said as 内容未变 before)."""
    submit(date="2026-03-12")
    forms = (("register", "2026"), ("stats", "2026H1"), ("fees", "2026H1"))
    for kind, period in forms:
        assert web.post("/reports", headers=HOST, data={"csrf": web.token, "kind": kind, "period": period}).status_code == 302
    elsewhere = tmp_path / "elsewhere"
    (ws_root / "out").rename(elsewhere)
    (ws_root / "out").symlink_to(elsewhere, target_is_directory=True)
    before = {p.name: p.stat().st_mtime_ns for p in elsewhere.iterdir()}
    for kind, period in forms:
        r = web.post("/reports", headers=HOST, data={"csrf": web.token, "kind": kind, "period": period})
        assert r.status_code == 400 and "SYMLINK" in r.get_data(as_text=True), kind
    assert {p.name: p.stat().st_mtime_ns for p in elsewhere.iterdir()} == before


def test_the_penalty_and_call_pages_speak_only_of_their_own_records(web, submit, ws_root):
    """An address naming another kind of record shows no 已登记, and a withdrawal sent from the
    扣分 page cannot take back an adoption (a tampered hidden field)."""
    item = submit(date="2026-10-12")
    _, html = page(web, f"/item/{item}")
    hidden = form_values(html, f"/item/{item}/adopt")
    assert web.post(f"/item/{item}/adopt", headers=HOST, data={**hidden, "pub": "city_express", "issue": "第3期",
                                                               "date": "2026-10-20"}).status_code == 302
    adoption = records(ws_root, "adopt")[0].stem
    for path in (f"/penalty?made={adoption}", f"/solicit?made={adoption}", "/penalty?made=penalty-202610-ZZZ-0009"):
        code, html = page(web, path)
        assert code == 200 and "已登记" not in html and "已发出约稿" not in html and adoption not in html, path
    for path in ("/penalty", "/solicit"):
        r = web.post(path, headers=HOST, data={"csrf": web.token, "action": "withdraw", "record": adoption, "reason": "试试"})
        assert r.status_code == 400 and "这一页只撤销" in r.get_data(as_text=True), path
    assert not records(ws_root, "withdraw")


@pytest.mark.parametrize("text, shown", [
    ("原信息报错了的，先 govinfo withdraw 撤销", "原信息报错了的，先在原信息的页面上撤销它"),
    ("跨月的日期错误：先 govinfo withdraw 撤销这条信息，再用正确的日期重新报送", "跨月的日期错误：先在这条信息的页面上撤销它，再用正确的日期重新报送"),
    ("检查编号；若登记错了，用 govinfo withdraw 撤销这条记录", "检查编号；若登记错了，在该信息页的“撤销记录”里撤销这条记录"),
    ("记录编号形如 adopt-202610-K7Q-0001：govinfo show 信息编号 列出一条信息的全部记录",
     "记录编号形如 adopt-202610-K7Q-0001：每条信息的页面列出它的全部记录"),
    ("编号形如 202610-K7Q-0001，可用 govinfo list 查看", "编号形如 202610-K7Q-0001，可在“信息”页查看"),
    ("标题应是一句话；正文用 --body 或 --body-file 给出", "标题应是一句话；正文用“正文”或“正文文件”给出"),
])
def test_command_line_advice_is_said_as_the_page_says_it(text, shown):
    from govinfo.web.forms import page_words
    assert page_words(text) == shown


def test_a_refused_body_is_named_as_the_field_not_as_a_command(web):
    r = web.post("/submit", headers=HOST, data={"csrf": web.token, "unit": "T01", "title": "测试", "drafter": "张三",
                                                "reviewer": "李四", "date": "2026-11-20", "category": "工作动态",
                                                "body": "机密★1年\n" + "内容" * 40})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "正文：错误 [CLASSIFIED]" in html and "govinfo submit" not in html


def test_a_very_long_note_is_said_to_be_too_long_not_a_file_too_large(web, submit, ws_root):
    item = submit(date="2026-10-12")
    _, html = page(web, f"/item/{item}")
    hidden = form_values(html, f"/item/{item}/judge")
    r = web.post(f"/item/{item}/judge", headers=HOST, data={**hidden, "qualified": "1", "note": "好" * 70_000})
    shown = r.get_data(as_text=True)
    assert r.status_code == 400 and "超过上限 1,000 字" in shown and "FILE-TOO-LARGE" not in shown
    assert not records(ws_root, "judge")


def test_words_lock_file_beside_an_open_notice_is_not_listed(web, submit, ws_root):
    submit(date="2026-10-12")
    assert post_notice(web, period="2026-10", number="3")[0] == 200
    docx = next((ws_root / "out").glob("*.docx"))
    (ws_root / "out" / ("~$" + docx.name[2:])).write_bytes(b"\x00" * 162)  # Word's owner file while it is open
    _, html = page(web, "/notice")
    assert docx.name in html and "~$" not in html


@pytest.mark.parametrize("path", ["/item/202610-DEM-0045%00", "/score?period=%00x", "/score?period=2026q9"])
def test_what_an_address_carries_is_never_echoed_raw(web, path):
    code, html = page(web, path)
    assert code in (400, 404) and "\x00" not in html and "Traceback" not in html
    if "q9" in path:
        assert "时期“2026q9”不对" in html  # as typed, not upper-cased


def test_a_body_pasted_far_too_long_is_answered_by_the_limit_with_the_form_kept(web):
    """170,000 characters (510 KB) met Werkzeug's 500 KB field limit: a bare 413, everything typed lost."""
    r = web.post("/submit", headers=HOST, data={"csrf": web.token, "unit": "T01", "title": "很长的信息", "drafter": "张三",
                                                "reviewer": "李四", "date": "2026-11-20", "category": "工作动态",
                                                "body": "长" * 170_000})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "BODY-TOO-LONG" in html and 'value="很长的信息"' in html


def test_each_item_and_issue_tab_is_named_and_the_issue_list_names_the_publication(web, submit):
    item = submit(date="2026-10-12", title="城关镇抓好秋粮收购")
    assert f"<title>城关镇抓好秋粮收购 {item} · govinfo</title>" in page(web, f"/item/{item}")[1]
    web.post("/issues", headers=HOST, data={"csrf": web.token, "what": "new", "pub": "city_express"})
    _, html = page(web, "/issues")
    assert "<th>刊物</th><th>期号</th>" in html and "<td>《政府工作快报》</td><td>第" in html
    ref = re.search(r'href="/issue/([^"]+)"', html)[1]
    assert f"<title>{ref}（草稿） · govinfo</title>" in page(web, f"/issue/{ref}")[1]


def test_submit_mistakes_are_shown_beside_their_fields(web, ws_root):
    r = web.post("/submit", headers=HOST, data={"csrf": web.token, "unit": "T01", "title": "城关镇", "drafter": "",
                                                "reviewer": "李四", "date": "2026-11-31", "category": "工作动态",
                                                "event_time": "abc", "body": BODY})
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    form = html[html.index("<form method=\"post\" enctype"):]
    date_at, category_at = form.index('name="date"'), form.index('name="category"')
    assert date_at < form.index("“2026-11-31”不是有效的日期或时间") < category_at  # beside 报送日期
    assert form.index('name="event_time"') < form.index("“abc”不是有效的日期或时间") < form.index('name="secrecy"')
    assert form.index('name="drafter"') < form.index("不能为空") < form.index('name="reviewer"')
    assert not (ws_root / "data" / "items").exists() or not list((ws_root / "data" / "items").rglob("*.md"))


@pytest.mark.parametrize("path, data, said", [
    ("/solicit", {"topic": "", "units": "", "deadline": ""}, ["约稿主题不能为空", "至少给出一个约稿单位", "“”不是有效日期"]),
    ("/penalty", {"action": "add", "unit": "", "kind": "", "date": "2026-13-01"},
     ["“2026-13-01”不是有效日期", "单位不能为空", "扣分类型不能为空"]),
])
def test_an_empty_form_hears_of_every_empty_field_at_once(web, ws_root, path, data, said):
    r = web.post(path, headers=HOST, data={"csrf": web.token, **data})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and all(s in html for s in said), [s for s in said if s not in html]
    assert html.count("错误 [") >= 3
    assert not records(ws_root)


def test_adding_no_items_to_an_issue_is_said(web, ws_root):
    r = web.post("/issues", headers=HOST, data={"csrf": web.token, "what": "new", "pub": "city_express"})
    ref = r.headers["Location"].rsplit("/", 1)[-1].split("?")[0]
    hidden = form_values(page(web, f"/issue/{ref}")[1], f"/issue/{ref}")
    empty = web.post(f"/issue/{ref}", headers=HOST, data={**hidden, "what": "add", "items": "  "})
    assert empty.status_code == 400 and "没有给出要编入的信息编号" in empty.get_data(as_text=True)
