"""Issue 13: the rules reference (rules/README.md) documents exactly the keys the loader accepts,
and a key the loader does not know is an error that points there."""
from __future__ import annotations

import re

from govinfo.store.rules_schema import KEYS, documented_keys
from govinfo.store.workspace import bundled_dir


def _keys_in_reference() -> set[str]:
    """Every `key` named in the first cell of a table row of the reference."""
    text = (bundled_dir("rules") / "README.md").read_text(encoding="utf-8")
    found = set()
    for line in text.splitlines():
        if line.startswith("| `"):
            first = line.split("|")[1]
            found |= set(re.findall(r"`([a-z_]+)`", first))
    return found


def test_reference_documents_every_key_the_loader_accepts():
    assert _keys_in_reference() == documented_keys()


def test_every_section_of_the_schema_has_a_heading_or_row():
    text = (bundled_dir("rules") / "README.md").read_text(encoding="utf-8")
    for path in KEYS:
        last = path.replace("[]", "").split(".")[-1]
        if path and last != "*":
            assert f"`{last}`" in text, path


def test_unknown_key_is_an_error_with_a_hint_and_the_reference(cli, ws_root):
    points = ws_root / "rules" / "points.yaml"
    text = points.read_text(encoding="utf-8")
    points.write_text(text.replace("    monthly_quota: 8\n", "    monthly_quota: 8\n    montly_cap: 30\n", 1)
                      + "\nadoption_rates: {span: quarter, below: 30%, points: -1}\n", encoding="utf-8")
    result = cli("validate")
    assert result.code == 1
    line = 1 + text.replace("    monthly_quota: 8\n", "    monthly_quota: 8\n    montly_cap: 30\n", 1).splitlines().index("    montly_cap: 30")
    assert f"rules/points.yaml:{line}: 错误 [UNKNOWN-KEY] 计分办法“unit_categories.…”中没有“montly_cap”这一项" in result.text
    assert "是不是“monthly_cap”" in result.text and "rules/README.md" in result.text
    assert "没有“adoption_rates”这一项" in result.text and "是不是“adoption_rate”" in result.text
    score = cli("score", "--month", "2026-10")
    assert score.code == 1 and "montly_cap" in score.err       # a rules mistake stops scoring, said once


def test_init_puts_the_reference_beside_the_rules(tmp_path):
    from conftest import run_cli
    assert run_cli(["init", tmp_path / "w"]).code == 0
    assert (tmp_path / "w" / "rules" / "README.md").read_text(encoding="utf-8").startswith("# 计分办法参考")
