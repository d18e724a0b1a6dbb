"""The Word-ready HTML's <style> block is CSS, not HTML-escaped text: parsed by a CSS parser, every
font-family rule keeps its quoted Chinese font names (with &#34; in them, browsers and LibreOffice
drop the rule and the page falls back to one sans face)."""
from __future__ import annotations

import re

import pytest
import tinycss2

from govinfo.render import gbt9704 as g


def style_block(html: str) -> str:
    blocks = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert len(blocks) == 1
    return blocks[0]


def font_families(css: str) -> list[list[str]]:
    """The font names of every font-family declaration, as the CSS parser reads them."""
    found = []
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        assert rule.type != "error", rule
        if rule.type not in ("qualified-rule", "at-rule") or rule.content is None:
            continue
        for decl in tinycss2.parse_declaration_list(rule.content, skip_whitespace=True, skip_comments=True):
            assert decl.type != "error", decl
            if decl.type == "declaration" and decl.lower_name == "font-family":
                found.append([t.value for t in decl.value if t.type == "string"])
    return found


def check(html: str) -> None:
    css = style_block(html)
    assert "&#34;" not in css and "&quot;" not in css
    families = font_families(css)
    assert families and all(families), families
    named = {name for fam in families for name in fam}
    for kind in ("fangsong", "heiti", "kaiti", "biaosong"):
        assert g.FONTS[kind][0] in named, kind


def test_the_notice_html_style_block_parses_with_every_font(cli, ws_root, submit):
    submit()
    assert cli("notice", "--month", "2026-10", "--number", "1", "--date", "2026-11-05").code == 0
    check((ws_root / "out" / "政务信息通报-2026-10.html").read_text(encoding="utf-8"))


def test_the_briefing_html_style_block_parses_with_every_font(cli, ws_root, submit):
    item = submit()
    issue = cli("issue", "new", "--pub", "city_express", "--date", "2026-11-13").out.strip()
    assert cli("issue", "add", issue, item).code == 0
    r = cli("issue", "render", issue)
    assert r.code == 0, r.text
    html = next((ws_root / "out").glob("*.html"))
    check(html.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ['a"b', "a\\b"])
def test_css_strings_are_escaped_the_css_way(name):
    (token,) = [t for t in tinycss2.parse_component_value_list(str(g.css_string(name))) if t.type == "string"]
    assert token.value == name


def test_nothing_that_ends_the_style_element_is_a_font_name():
    with pytest.raises(ValueError):
        g.css_string("</style><script>")
