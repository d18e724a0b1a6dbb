"""Issue 16, item 1: every command on an 80-column console. No line is wider than 80 (CJK
characters are two columns) and every id printed is whole, so it can be copied."""
from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from conftest import copy_demo, run_cli

ID_START = re.compile(r"(?:\b[a-z]+-)?\d{6}-[A-Z0-9]*(?:-\d*)?")
WHOLE = re.compile(r"(?:[a-z]+-)?\d{6}-[A-Z0-9]{3}-\d{4}")

COMMANDS = [
    ("list", "--month", "2026-10"), ("search", "收购"), ("instructions",), ("instructions", "--overdue"),
    ("score", "--month", "2026-10"), ("score", "--quarter", "2026Q3"), ("rank", "--month", "2026-10", "--top", "3"),
    ("explain", "--unit", "T08", "--month", "2026-10"), ("awards", "--year", "2025"), ("units",), ("solicit", "list"),
    ("status", "--month", "2026-10"), ("validate",), ("fees", "--half", "2026H1"), ("issue", "list"),
]


def _check(text: str) -> None:
    for line in text.splitlines():
        assert cell_len(line) <= 80, f"wider than 80 ({cell_len(line)}): {line}"
        for found in ID_START.findall(line):
            assert WHOLE.fullmatch(found), f"an id cut: {found!r} in {line!r}"


@pytest.fixture(scope="module")
def demo(demo_master, tmp_path_factory):
    return copy_demo(demo_master, tmp_path_factory.mktemp("width") / "demo")   # fees writes its sheet into out/


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_command_fits_80_columns_with_ids_whole(demo, args):
    result = run_cli([*args, "--root", demo], env={"COLUMNS": "80"})
    assert result.code in (0, 1), result.text
    _check(result.out)
    _check(result.err)


@pytest.mark.parametrize("args", [("score", "--month", "2026-10"), ("list", "--month", "2026-10")], ids=" ".join)
def test_a_long_unit_name_is_broken_in_balanced_lines_not_with_one_character_left(demo, args):
    out = run_cli([*args, "--root", demo], env={"COLUMNS": "80"}).out
    assert "住房和城" in out  # the demo's long names are there, and broken
    orphans = [line for line in out.splitlines() if re.fullmatch(r"\s+[\u4e00-\u9fff）]\s*", line)]
    assert not orphans, orphans


def test_show_fits_80_columns(demo):
    item = re.search(r"\d{6}-[A-Z0-9]{3}-\d{4}", run_cli(["list", "--month", "2026-10", "--root", demo]).out)[0]
    result = run_cli(["show", item, "--root", demo], env={"COLUMNS": "80"})
    body_lines = set(result.out.split("\n\n")[1].splitlines()) if "\n\n" in result.out else set()
    _check("\n".join(line for line in result.out.splitlines() if line not in body_lines))  # the body is the unit's text


@pytest.mark.parametrize("line", [
    "版面已由 LibreOffice 核对：通报排到第 21 页（奇数页），版记移到第 22 页（偶数页）。",
    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九（偶数页）",
    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十，还有。"])
def test_a_folded_line_never_starts_with_a_closing_mark_nor_ends_with_an_opening_one(line):
    from govinfo.render.console import fold_text
    parts = fold_text(line, 80)
    assert len(parts) == 2 and all(cell_len(p) <= 80 for p in parts)
    assert "".join(p.strip() for p in parts).replace(" ", "") == line.replace(" ", "")
    assert not parts[1].strip()[0] in "，。、；：？！）」』》〉】〕”’" and parts[0][-1] not in "（「『《〈【〔“‘"


def test_a_folded_line_ends_at_a_pause_when_one_is_near():
    from govinfo.render.console import fold_text
    line = "网页版已启动：http://127.0.0.1:8420/（只有本机能访问），工作区 /tmp/x/demo；按 Ctrl-C 停止。"
    assert fold_text(line, 80) == ["网页版已启动：http://127.0.0.1:8420/（只有本机能访问），工作区 /tmp/x/demo；",
                                   "    按 Ctrl-C 停止。"]


_PIECES = ["政务", "信息", "报送", "，", "。", "；", "：", "、", "（", "）", "“", "”", "《", "》", " ", "T01", "Ctrl-C",
           "202610-AAA-0009", "/tmp/demo/data/items", "--out", "2026", "年", "采用", "按时"]


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=60), width=st.integers(24, 100))
def test_folding_keeps_every_word_and_its_rules(parts, width):
    """Whatever the text: nothing lost, added or run together, no line wider than the width unless
    one unbreakable run is, and no line starting with a closing mark or ending with an opening one."""
    from govinfo.render.console import _TOKEN, fold_text
    line = re.sub(r"\s+", " ", "".join(parts)).strip()
    assume(line and not re.search(r"[（“《]( |$)", line))  # an opening mark is followed by its text
    pieces = fold_text(line, width)
    joined = " ".join(p.strip() for p in pieces)
    assert joined.replace(" ", "") == line.replace(" ", "")                            # nothing lost or added
    assert re.findall(r"[\x21-\x7e]+", joined) == re.findall(r"[\x21-\x7e]+", line)  # no ASCII run split or joined
    longest = max(cell_len(t) for t in _TOKEN.findall(line))
    for n, piece in enumerate(pieces):
        assert cell_len(piece) <= max(width, longest + 4), pieces
        text = piece.strip()
        assert n == 0 or text[0] not in "，。、；：？！）」』》〉】〕”’％", pieces
        assert n == len(pieces) - 1 or text[-1] not in "（「『《〈【〔“‘", pieces


def test_a_folded_line_keeps_its_own_indent():
    from govinfo.render.console import fold_text
    hint = "    提示：在 rules/office.yaml 中把 office_name、doc_prefix、issuer_mark、signature、city_name 改成本办的真实名称后再印发通报"
    parts = fold_text(hint, 80, "        ")
    assert parts[0].startswith("    提示：") and all(p.startswith("        ") for p in parts[1:])


@pytest.mark.parametrize("args", [["--help"], ["units", "--help"], ["issue", "--help"], ["solicit", "--help"],
                                  ["judge", "--help"], ["adopt", "--help"], ["penalty", "add", "--help"]],
                         ids=" ".join)
def test_help_fits_80_columns_and_cuts_no_summary(args):
    """Each command's line in the list is a whole phrase, not a sentence cut off with "…"."""
    result = run_cli(args, env={"COLUMNS": "80"})
    assert result.code == 0, result.text
    _check(result.out)
    assert "…" not in result.out, result.out


def test_a_number_stays_with_its_measure_word_at_a_fold():
    from govinfo.render.console import fold_text
    line = "city_express-2026-044  《政府工作快报》2026年第44期（总第301期）  2026-11-06  5条  已发布"
    parts = fold_text(line, 80)
    assert parts == ["city_express-2026-044  《政府工作快报》2026年第44期（总第301期）  2026-11-06",
                     "    5条  已发布"]
