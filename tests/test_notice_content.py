"""What a notice says, on a small workspace: wording a reader will not question (issue of the
notices' content). The demo's notices are checked in test_notice.py."""
from __future__ import annotations

from test_notice import docx_text


def test_a_small_category_is_listed_whole_not_called_top_ten(cli, ws_root, submit):
    submit(date="2026-08-12")
    submit(unit="T02", title="东河镇扎实推进秋粮收购", date="2026-08-13")
    r = cli("notice", "--quarter", "2026Q3", "--number", "9", "--date", "2026-10-15")
    assert r.code == 0, r.text
    text = docx_text(ws_root / "out" / "政务信息通报-2026Q3.docx")
    assert "得分前10名" not in text and "得分后10名" not in text
    assert "本类共2个单位，按得分排列：" in text


def test_the_half_year_columns_say_which_half(cli, ws_root, submit):
    submit(date="2026-03-12")
    r = cli("notice", "--half", "2026H1", "--number", "5", "--date", "2026-07-10")
    assert r.code == 0, r.text
    text = docx_text(ws_root / "out" / "政务信息通报-2026H1.docx")
    assert "上半年" in text and "本半年" not in text
