"""The one loader: a file that cannot be read, or a record whose meaning is unknown, is left out
of every report and said so on stderr, once, in one line; no command crashes on it."""
from __future__ import annotations

import re

import pytest

from conftest import run_cli

SUMMARY = re.compile(r"(\d+) 个文件有错误，未计入；运行 govinfo validate 查看")


def left_out(result) -> int:
    found = SUMMARY.findall(result.err)
    assert len(found) <= 1, result.err  # one line, not one per load
    return int(found[0]) if found else 0


def _unadopted_item(root) -> str:
    """An item of September 2026 that no record names (so breaking it breaks nothing else)."""
    named = set()
    for rec in (root / "data" / "records").rglob("*.yaml"):
        named |= set(re.findall(r"\d{6}-DEM-\d{4}", rec.read_text(encoding="utf-8")))
    return next(p.stem for p in sorted((root / "data" / "items" / "2026" / "09").glob("*.md")) if p.stem not in named)


@pytest.fixture(scope="module")
def broken(tmp_path_factory, demo_master):
    """The demo with one item file and one instruction record of September 2026 corrupted."""
    import shutil
    root = tmp_path_factory.mktemp("broken") / "demo"
    shutil.copytree(demo_master, root, ignore=shutil.ignore_patterns(".govinfo"))
    item = _unadopted_item(root)
    (root / "data" / "items" / "2026" / "09" / f"{item}.md").write_text("---\ntitle: [未闭合\n---\n正文\n", encoding="utf-8")
    record = sorted((root / "data" / "records" / "2026" / "09").glob("instruct-*.yaml"))[0]
    record.write_text("id: : :\n", encoding="utf-8")
    other = next(p.stem for p in sorted((root / "data" / "items" / "2026" / "09").glob("*.md")) if p.stem != item)
    return root, item, record.stem, other


@pytest.fixture(scope="module")
def without_them(broken, tmp_path_factory):
    """The same workspace with the two broken files deleted: what "left out" must equal."""
    import shutil
    root, item, record, _ = broken
    clean = tmp_path_factory.mktemp("clean") / "demo"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns(".govinfo"))
    (clean / "data" / "items" / "2026" / "09" / f"{item}.md").unlink()
    (clean / "data" / "records" / "2026" / "09" / f"{record}.yaml").unlink()
    return clean


# (command, how many of the two broken files it reads): search reads items and adoptions only,
# instructions reads instructions only, show reads one (sound) item and the records after it.
COMMANDS = [
    (["list", "--month", "2026-09"], 2),
    (["show", "{other}"], 1),
    (["search", "镇"], 1),
    (["score", "--month", "2026-09"], 2),
    (["score", "--month", "2026-09", "--format", "json"], 2),
    (["rank", "--month", "2026-09", "--top", "3"], 2),
    (["explain", "--unit", "T01", "--month", "2026-09"], 2),
    (["awards", "--year", "2026"], 2),
    (["notice", "--month", "2026-09", "--number", "9", "--out", "{tmp}/n", "--force"], 2),
    (["fees", "--half", "2026H2", "--out", "{tmp}/f", "--force"], 2),
    (["register", "--year", "2026", "--out", "{tmp}/r", "--force"], 2),
    (["stats", "--month", "2026-09", "--out", "{tmp}/s", "--force"], 2),
    (["instructions"], 1),
    (["remind", "--quarter", "2026Q3", "--out", "{tmp}/m", "--force"], 2),
]


@pytest.mark.parametrize("args,expected", COMMANDS, ids=[" ".join(c[0][:2]) for c in COMMANDS])
def test_every_reading_command_leaves_out_the_broken_files_and_says_so(broken, without_them, tmp_path, args, expected):
    root, item, record, other = broken
    args = [a.format(other=other, tmp=tmp_path) for a in args]
    result = run_cli(args + ["--root", root])
    assert result.code == 0, result.text
    assert "INTERNAL" not in result.text and "Traceback" not in result.text
    assert left_out(result) == expected, result.err
    # Left out exactly: the report is the one the workspace gives without those two files, every
    # other file counted. Written to the same place, a file it writes is found unchanged.
    clean = run_cli(args + ["--root", without_them])
    assert clean.code == 0 and not SUMMARY.search(clean.err), clean.text
    assert result.out == clean.out.replace("（内容未变，未重写）", "（已写出）")
    document = {"notice": "通报", "fees": "稿酬发放表", "register": "登记簿", "remind": "提醒名单"}.get(args[0])
    assert (f"这份{document}没有计入这些文件" in "".join(result.err.split())) == bool(document), result.err


def test_validate_names_both_files(broken):
    root, item, record, _ = broken
    result = run_cli(["validate", "--root", root])
    assert result.code == 1
    assert f"data/items/2026/09/{item}.md" in result.out
    assert f"data/records/2026/09/{record}.yaml" in result.out
    assert not SUMMARY.search(result.err)  # validate lists the problems itself


def test_register_counts_every_readable_item_and_says_one_is_missing(broken, tmp_path):
    root, item, _, _ = broken
    healthy = run_cli(["register", "--year", "2026", "--out", tmp_path / "a"] + ["--root", root])
    items_2026 = sum(1 for _ in (root / "data" / "items" / "2026").rglob("*.md"))
    shown = int(re.search(r"信息 (\d+) 条", healthy.out).group(1))
    assert shown == items_2026 - 1
    assert left_out(healthy) == 2


def _adopt(root, pub: str, item: str) -> None:
    folder = root / "data" / "records" / "2026" / "10"
    (folder / "adopt-202610-ZZZ-0001.yaml").write_text(
        f"id: adopt-202610-ZZZ-0001\nkind: adopt\nitem: {item}\npub: {pub}\nissue: 第9期\ndate: '2026-10-20'\n",
        encoding="utf-8")


@pytest.mark.slow  # writes a notice and a fee sheet
def test_adoption_naming_an_unknown_publication_is_reported_never_counted(demo_copy, tmp_path):
    root = demo_copy
    item = sorted((root / "data" / "items" / "2026" / "10").glob("*.md"))[0].stem
    before = run_cli(["score", "--month", "2026-10", "--format", "json", "--root", root])
    _adopt(root, "no_such_pub", item)
    for args in (["score", "--month", "2026-10", "--format", "json"],
                 ["fees", "--year", "2026", "--out", tmp_path / "f"],
                 ["notice", "--month", "2026-10", "--out", tmp_path / "n"],
                 ["explain", "--unit", "T01", "--month", "2026-10"]):
        result = run_cli(args + ["--root", root])
        assert result.code == 0, result.text
        assert left_out(result) == 1, result.err
    after = run_cli(["score", "--month", "2026-10", "--format", "json", "--root", root])
    assert after.out == before.out  # scored exactly as without it
    check = run_cli(["validate", "--root", root])
    assert "UNKNOWN-PUB" in check.out and "adopt-202610-ZZZ-0001.yaml" in check.out


def test_a_healthy_workspace_prints_no_summary(demo_master):
    result = run_cli(["score", "--month", "2026-10", "--root", demo_master])
    assert result.code == 0 and not SUMMARY.search(result.err)
