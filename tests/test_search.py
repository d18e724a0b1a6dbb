"""Archive search: substring matching of Chinese, ranking, filters, highlighting, bad input."""
from __future__ import annotations

import json
import re

import pytest

from conftest import BODY


@pytest.fixture
def archive(cli, submit):
    ids = {
        "title": submit(title="城关镇秋粮收购工作进展顺利", date="2026-03-02", body=BODY),
        "body": submit(unit="G01", title="发改局推进重点项目建设", date="2026-05-02",
                       body="今年以来，发改局统筹推进重点项目建设，同时配合做好秋粮收购资金保障，共落实资金3000万元，"
                            "有力支持了全市重点项目和民生工程的顺利实施。"),
        "problem": submit(unit="T02", title="关于养老服务中存在问题的几点建议", date="2026-06-02", category="问题建议",
                          body="调研发现，养老服务工作中仍存在资金保障不足、基层力量薄弱、群众参与度不高等问题，"
                               "建议市级层面统筹安排专项资金，并建立跨部门联席会议制度，每季度专题研究一次。"),
    }
    assert cli("adopt", ids["body"], "--pub", "province_info", "--issue", "第3期", "--date", "2026-05-10").code == 0
    return ids


def found(cli, *args):
    result = cli("search", *args, "--json")
    assert result.code == 0, result.text
    return [h["id"] for h in json.loads(result.out)["hits"]]


def test_chinese_substring_found_without_segmentation_and_ranked(cli, archive):
    # 秋粮收购 is inside longer words in both: no dictionary needed. The title hit ranks first.
    assert found(cli, "秋粮收购") == [archive["title"], archive["body"]]
    assert found(cli, "粮收") == [archive["title"], archive["body"]]       # any substring, not a word
    assert found(cli, "秋粮收购", "资金") == [archive["body"]]             # every word must occur
    assert found(cli, "没有这个词") == []


def test_filters(cli, archive):
    assert found(cli, "秋粮收购", "--unit", "G01") == [archive["body"]]
    assert found(cli, "秋粮收购", "--from", "2026-04-01") == [archive["body"]]
    assert found(cli, "秋粮收购", "--to", "2026-04-01") == [archive["title"]]
    assert found(cli, "资金", "--category", "问题建议") == [archive["problem"]]
    assert found(cli, "秋粮收购", "--adopted") == [archive["body"]]
    assert found(cli, "秋粮收购", "--not-adopted") == [archive["title"]]
    assert found(cli, "秋粮收购", "--level", "province") == [archive["body"]]
    assert found(cli, "秋粮收购", "--level", "city") == []


def test_screen_shows_highlighted_hits_and_counts(cli, archive):
    result = cli("search", "秋粮收购", "--limit", "1", env={"FORCE_COLOR": "1"})
    assert result.code == 0
    assert "\x1b[1;7m秋粮收购\x1b[0m" in result.out      # reverse video on the words found
    assert "城关镇" in result.out and "共找到 2 条，列出前 1 条" in result.out
    plain = cli("search", "秋粮收购")
    assert "[已采用：省]" in plain.out and "《城关镇秋粮收购工作进展顺利》" in plain.out


def test_markup_in_titles_is_shown_as_typed(cli, submit):
    submit(title="[bold]测试标题[/bold]秋粮", date="2026-03-02")
    assert "[bold]测试标题[/bold]秋粮" in cli("search", "秋粮").out


def test_search_bad_input(cli, archive):
    for args, code in ((["秋粮", "--unit", "X9"], "UNKNOWN-UNIT"), (["秋粮", "--level", "town"], "UNKNOWN-LEVEL"),
                       (["秋粮", "--from", "2026-02-30"], "DATE"),
                       (["秋粮", "--from", "2026-06-01", "--to", "2026-01-01"], "USAGE")):
        result = cli("search", *args)
        assert result.code == 1 and f"[{code}]" in result.err, result.text
    assert cli("search").code == 2


def test_a_long_snippet_keeps_its_indent_on_every_line(demo_copy):
    """At 60 columns a hit's head and snippet both wrap: every line is a head line (id, title,
    adoption mark), an indented snippet line, or the closing count; none is a snippet run back to the margin."""
    from conftest import run_cli
    result = run_cli(["search", "秋粮", "收购", "--root", demo_copy], env={"COLUMNS": "60"})
    lines = result.out.splitlines()
    assert sum(line.startswith("    ") for line in lines) > len([x for x in lines if re.match(r"\d{6}-", x)])
    head = re.compile(r"\d{6}-[A-Z0-9]{3}-\d{4}  |《|[^\s]*》|\[已采用|共找到")
    strays = [line for line in lines if line.strip() and not line.startswith("    ") and not head.match(line)]
    assert not strays, strays[:3]
