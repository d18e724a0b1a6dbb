"""govinfo forward (转报) and adopt --from (the upper office's spreadsheet of adoptions)."""
from __future__ import annotations

from docx import Document
from openpyxl import Workbook, load_workbook

from test_issue import adopt_files, points


def yaml_field(path, key):
    import yaml
    return yaml.safe_load(path.read_text(encoding="utf-8")).get(key)


def sheet(path, rows, head=("序号", "信息编号", "标题", "期号", "日期")):
    wb = Workbook()
    ws = wb.active
    ws.append(["省政府办公厅政务信息刊物采用情况"])
    ws.append(list(head))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def test_forward_writes_one_docx_per_item_and_a_list_and_records_the_route(ws_root, cli, submit):
    a = submit(unit="T01", date="2026-10-12")
    b = submit(unit="G01", title="市发展和改革局优化营商环境", date="2026-10-20")
    issue = cli("issue", "new", "--pub", "city_express", "--date", "2026-11-13").out.strip()
    assert cli("issue", "add", issue, a).code == 0
    assert cli("issue", "edit", issue, a, "--title", "城关镇秋粮收购同比增长15%").code == 0
    r = cli("forward", a, b, "--to", "province_info", "--date", "2026-11-15")
    assert r.code == 0, r.text
    assert f"{a} 转报省政府办公厅政务信息刊物" in r.out and "province_info" not in r.out  # the name, not the key
    folder = ws_root / "out" / "转报-省政府办公厅政务信息刊物-2026-11-15"
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["01-城关镇秋粮收购同比增长15%.docx", "02-市发展和改革局优化营商环境.docx", "转报清单.xlsx"]
    text = "\n".join(p.text for p in Document(folder / files[0]).paragraphs)
    assert "城关镇秋粮收购同比增长15%" in text and "（城关镇人民政府）" in text and "报送单位：某某市人民政府办公室" in text
    listed = [[c for c in row] for row in load_workbook(folder / "转报清单.xlsx").active.iter_rows(min_row=3, values_only=True)]
    assert [row[1] for row in listed] == [a, b]
    records = sorted((ws_root / "data" / "records").rglob("forward-*.yaml"))
    assert len(records) == 2 and all("to: province_info" in p.read_text(encoding="utf-8") for p in records)
    shown = cli("show", a)
    assert "由本办转报省政府办公厅政务信息刊物" in shown.out
    # the upper office's adoption knows the route: kept in the record, shown by show
    taken = cli("adopt", a, b, "--pub", "province_info", "--issue", "第3期", "--date", "2026-11-20")
    assert taken.code == 0 and taken.out.count("（经本办转报）") == 2, taken.text
    direct = submit(unit="T02", title="东河镇直报省刊的信息", date="2026-10-20")
    assert "（单位直报）" in cli("adopt", direct, "--pub", "province_info", "--issue", "第3期", "--date", "2026-11-20").out
    early = submit(unit="T02", title="东河镇先被采用后转报", date="2026-10-20")
    assert "（单位直报）" in cli("adopt", early, "--pub", "province_info", "--issue", "第2期", "--date", "2026-11-10").out
    routes = {yaml_field(p, "item"): yaml_field(p, "route") for p in (ws_root / "data" / "records").rglob("adopt-*.yaml")}
    assert routes == {a: "forwarded", b: "forwarded", direct: "direct", early: "direct"}
    again = cli("forward", a, "--to", "province_info", "--date", "2026-11-15", "--force")
    assert again.code == 0 and "此前已转报过" in again.out
    assert len(list((ws_root / "data" / "records").rglob("forward-*.yaml"))) == 2
    # the day's list still names both items, and matches the documents in the folder
    listed = [row[1] for row in load_workbook(folder / "转报清单.xlsx").active.iter_rows(min_row=3, values_only=True)]
    assert sorted(listed) == sorted([a, b]) and len([p for p in folder.iterdir() if p.suffix == ".docx"]) == 2
    for args, words in ((["forward", a, "--to", "city_express"], "自办刊物"), (["forward", a, "--to", "nowhere"], "没有“nowhere”这个上级刊物")):
        r = cli(*args)
        assert r.code == 1 and words in r.err
    assert cli("validate").code == 0


def test_adopt_from_a_spreadsheet_matches_by_id_or_exact_title_and_never_guesses(ws_root, cli, submit, tmp_path):
    a = submit(unit="T01", date="2026-10-12")
    b = submit(unit="T02", title="东河镇扎实推进冬季森林防火", date="2026-10-14")
    submit(unit="G01", title="重复的标题", date="2026-10-15")
    submit(unit="D01", title="重复的标题", date="2026-10-16")
    assert cli("forward", a, "--to", "province_info", "--date", "2026-11-02").code == 0
    before = points(cli, "T01")
    path = sheet(tmp_path / "采用.xlsx", [(1, a, "", 88, "2026-11-18"),
                                         (2, "", "东河镇扎实推进冬季森林防火", "第89期", "2026-11-19"),
                                         (3, "", "重复的标题", 89, "2026-11-19"),
                                         (4, "", "东河镇推进森林防火", 89, "2026-11-19")])
    r = cli("adopt", "--from", path, "--pub", "province_info")
    assert r.code == 1
    assert "第3行" in r.out and "（经本办转报）" in r.out and "第4行" in r.out and "（未经本办转报）" in r.out
    assert "第5行: 未登记：标题“重复的标题”对应 2 条信息" in r.err and "第6行: 未登记：没有标题为“东河镇推进森林防火”的信息" in r.err
    texts = [p.read_text(encoding="utf-8") for p in adopt_files(ws_root)]
    assert len(texts) == 2 and any(f"item: {a}" in t and "issue: 第88期" in t for t in texts)
    assert any(f"item: {b}" in t and "issue: 第89期" in t for t in texts)
    assert points(cli, "T01") == before + 3                                  # provincial adoption: triple
    again = cli("adopt", "--from", path, "--pub", "province_info")
    assert "已登记过 2 条" in again.out and len(adopt_files(ws_root)) == 2
    for args, words in ((["adopt", "--from", tmp_path / "none.xlsx", "--pub", "province_info"], "找不到文件"),
                        (["adopt", "--from", path], "--pub"), (["adopt", a], "--pub")):
        r = cli(*args)
        assert r.code == 1 and words in r.err and "Traceback" not in r.text
    bad = sheet(tmp_path / "无表头.xlsx", [(1, 2, 3)], head=("甲", "乙", "丙"))
    r = cli("adopt", "--from", bad, "--pub", "province_info")
    assert r.code == 1 and "表头" in r.err


def test_a_row_without_a_date_in_a_dated_list_is_not_taken_as_today(ws_root, cli, submit, tmp_path):
    a = submit(unit="T01", date="2026-10-12")
    b = submit(unit="T02", title="东河镇扎实推进冬季森林防火", date="2026-10-14")
    path = sheet(tmp_path / "采用.xlsx", [(1, a, "", "第7期", "2026-11-20"), (2, b, "", "第7期", "")])
    r = cli("adopt", "--from", path, "--pub", "province_info")
    assert r.code == 1 and "第4行: 未登记：这一行没有填日期" in r.err
    assert [yaml_field(p, "item") for p in adopt_files(ws_root)] == [a]
    undated = sheet(tmp_path / "无日期.xlsx", [(1, b, "", "第8期")], head=("序号", "信息编号", "标题", "期号"))
    assert cli("adopt", "--from", undated, "--pub", "province_info", "--date", "2026-11-19").code == 0
    assert {yaml_field(p, "date") for p in adopt_files(ws_root) if yaml_field(p, "item") == b} == {"2026-11-19"}


def test_a_publication_name_windows_cannot_have_in_a_file_name_is_left_out_of_it(ws_root, cli, submit):
    """A : or ? in a publication's name (points.yaml) made the package folder, and the issue's
    files, names Windows refuses (WinError 123, a generic system error)."""
    points_file = ws_root / "rules" / "points.yaml"
    text = points_file.read_text(encoding="utf-8")
    points_file.write_text(text.replace("name: 省政府办公厅政务信息刊物", "name: '省政府办公厅:政务信息?'")
                           .replace("name: 《政府工作快报》", "name: '《政府工作快报/要情》'"), encoding="utf-8")
    a = submit(unit="T01", date="2026-10-12")
    assert cli("forward", a, "--to", "province_info", "--date", "2026-11-15").code == 0
    assert [p.name for p in (ws_root / "out").iterdir()] == ["转报-省政府办公厅政务信息-2026-11-15"]
    issue = cli("issue", "new", "--pub", "city_express", "--date", "2026-11-13").out.strip()
    assert cli("issue", "add", issue, a).code == 0
    rendered = cli("issue", "render", issue)
    assert rendered.code == 0, rendered.text
    names = [p.name for p in (ws_root / "out").iterdir() if not p.is_dir()]
    assert names and all(not set(n) & set(':?/\\"<>|*') for n in names), names
