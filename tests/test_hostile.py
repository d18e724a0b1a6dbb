"""Hostile input: every file in tests/hostile/ (and a few made here because they are huge or are
links) gets a Chinese message naming the file and line, exit 1, nothing modified, and the good
item beside it is still read. CRLF and UTF-8 with a BOM are ordinary files and are accepted."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "hostile"
MONTH = Path("data/items/2026/10")

# corpus file -> (name it gets in the workspace, expected code or None when accepted, line)
CASES = {
    "malformed_yaml.md": ("202610-HOS-0001.md", "YAML", 3),
    "unclosed.md": ("202610-HOS-0002.md", "FM-UNCLOSED", 1),
    "not_mapping.md": ("202610-HOS-0003.md", "FM-NOT-MAPPING", 2),
    "alias_bomb.md": ("202610-HOS-0004.md", "YAML-TOO-LARGE", 2),
    "python_tag.md": ("202610-HOS-0005.md", "YAML", 3),
    "gbk.md": ("202610-HOS-0006.md", "ENCODING", 3),
    "gb18030.md": ("202610-HOS-0007.md", "ENCODING", 3),
    "utf16.md": ("202610-HOS-0008.md", "ENCODING", 0),
    "utf8_bom.md": ("202610-HOS-0009.md", None, 0),
    "crlf.md": ("202610-HOS-0010.md", None, 0),
    "nul_bytes.md": ("202610-HOS-0011.md", "ENCODING", 0),
    "id_with_path.md": ("202610-HOS-0012.md", "BAD-ID", 2),
    "bad_date.md": ("202610-HOS-0013.md", "BAD-DATE", 7),
    "shell_name.md": ("202610-HOS-0014;rm -rf ~ $(reboot) `id`.md", "ID-FILENAME", 2),
    "duplicate_secrecy.md": ("202610-HOS-0016.md", "DUPLICATE-KEY", 10),
    "classified_mark.md": ("202610-HOS-0017.md", "CLASSIFIED", 10),
    "control_char.md": ("202610-HOS-0018.md", "CONTROL-CHAR", 3),
    "bidi_override.md": ("202610-HOS-0019.md", "CONTROL-CHAR", 10),
    "nested_brackets.md": ("202610-HOS-0020.md", "YAML", 3),
}


def snapshot(root: Path) -> dict[str, str]:
    """Every file the user owns (rules, data, templates), by content hash."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink() and ".govinfo" not in p.parts}


def put(root: Path, name: str, data: bytes) -> None:
    (root / MONTH).mkdir(parents=True, exist_ok=True)
    (root / MONTH / name).write_bytes(data)


def run_validate(cli, ws_root):
    before = snapshot(ws_root)
    result = cli("validate")
    assert "Traceback" not in result.text
    assert snapshot(ws_root) == before, "validate must not modify any file"
    return result


@pytest.mark.parametrize("corpus", sorted(CASES))
def test_hostile_file(cli, ws_root, submit, corpus):
    good = submit()
    name, code, line = CASES[corpus]
    put(ws_root, name, (CORPUS / corpus).read_bytes())
    result = run_validate(cli, ws_root)
    rel = (MONTH / name).as_posix()
    if code is None:
        assert result.code == 0, result.text
        assert "共检查 2 条信息" in result.out
        shown = cli("show", name[:-3])
        assert shown.code == 0 and "城关镇扎实推进秋粮收购" in shown.out
        return
    assert result.code == 1
    where = f"{rel}:{line}: 错误 [{code}]" if line else f"{rel}: 错误 [{code}]"
    assert where in result.out, result.out
    assert "共检查 1 条信息" in result.out  # the good item next to it was still read
    assert good not in result.out          # and had nothing wrong with it


def test_unsafe_tag_is_named_not_run(cli, ws_root, tmp_path):
    put(ws_root, "202610-HOS-0005.md", (CORPUS / "python_tag.md").read_bytes())
    result = run_validate(cli, ws_root)
    assert "不允许的 YAML 标签" in result.out and "pwned" not in result.text


def test_alias_bomb_message_does_not_print_the_expansion(cli, ws_root):
    put(ws_root, "202610-HOS-0004.md", (CORPUS / "alias_bomb.md").read_bytes())
    result = run_validate(cli, ws_root)
    assert "别名" in result.out and result.out.count("哈") < 20


def test_huge_front_matter_is_refused_by_size(cli, ws_root, submit):
    submit()
    padding = "".join(f"note{n}: {'很长的说明文字' * 10}\n" for n in range(60_000))  # about 5 MB
    text = (CORPUS / "crlf.md").read_bytes().decode().replace("\r\n", "\n").replace("---\nid:", "---\n" + padding + "id:", 1)
    assert len(text.encode()) > 5_000_000
    put(ws_root, "202610-HOS-0015.md", text.encode("utf-8"))
    result = run_validate(cli, ws_root)
    assert result.code == 1
    assert "202610-HOS-0015.md: 错误 [FILE-TOO-LARGE] 文件过大" in result.out
    assert "共检查 1 条信息" in result.out


@pytest.mark.parametrize("length, code, line", [(100_000, "FM-TOO-LARGE", 2), (1_000, "TITLE-TOO-LONG", 3)])
def test_very_long_title(cli, ws_root, submit, length, code, line):
    submit()
    text = (CORPUS / "crlf.md").read_bytes().decode().replace("\r\n", "\n")
    text = text.replace("title: 城关镇扎实推进秋粮收购", "title: " + "标" * length).replace("0010", "0016")
    put(ws_root, "202610-HOS-0016.md", text.encode("utf-8"))
    result = run_validate(cli, ws_root)
    assert result.code == 1
    assert f"202610-HOS-0016.md:{line}: 错误 [{code}]" in result.out
    assert "标" * 300 not in result.out
    assert "共检查 1 条信息" in result.out


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_links_out_of_the_workspace_are_not_followed(cli, ws_root, submit, tmp_path):
    submit()
    outside = tmp_path / "outside"
    (outside / "10").mkdir(parents=True)
    secret = (CORPUS / "crlf.md").read_bytes().replace(b"0010", b"0017").replace("城关镇扎实推进秋粮收购".encode(), "工作区外的秘密".encode())
    (outside / "202610-HOS-0017.md").write_bytes(secret)
    (outside / "10" / "202611-HOS-0001.md").write_bytes(secret.replace(b"202610-HOS-0017", b"202611-HOS-0001"))
    try:
        os.symlink(outside / "202610-HOS-0017.md", ws_root / MONTH / "202610-HOS-0017.md")
        os.symlink(outside / "10", ws_root / "data" / "items" / "2026" / "11", target_is_directory=True)
    except OSError:
        pytest.skip("cannot make symbolic links here")
    result = run_validate(cli, ws_root)
    assert result.code == 1
    assert "202610-HOS-0017.md: 错误 [SYMLINK]" in result.out
    assert "data/items/2026/11: 错误 [SYMLINK]" in result.out
    assert "工作区外的秘密" not in result.text
    assert "共检查 1 条信息" in result.out


@pytest.mark.parametrize("args", [
    ["adopt", "../../../etc/passwd", "--pub", "city_express", "--issue", "第1期", "--date", "2026-10-20"],
    ["instruct", "..\\..\\x", "--level", "city", "--leader", "市长", "--date", "2026-10-20"],
    ["show", "202610-AAA-0001/../../../../etc/passwd"],
    ["withdraw", "adopt-202610-AAA-0001/../../x", "--reason", "误登记"],
    ["submit", "--unit", "../T01", "--title", "标题", "--drafter", "张三", "--reviewer", "李四",
     "--date", "2026-10-12", "--category", "工作动态", "--body", "正文" * 40],
    ["penalty", "add", "--unit", "T01;rm -rf ~", "--kind", "false_info", "--date", "2026-10-12"],
])
def test_hostile_ids_and_codes_on_the_command_line(cli, ws_root, tmp_path, args):
    before = snapshot(ws_root)
    outside_before = sorted(p.name for p in tmp_path.iterdir())
    result = cli(*args)
    assert result.code == 1, result.text
    assert "错误 [" in result.text and "Traceback" not in result.text
    assert snapshot(ws_root) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == outside_before


READERS = [("list", "--month", "2026-10"), ("search", "秋粮"), ("score", "--month", "2026-10"),
           ("rank", "--month", "2026-10"), ("explain", "--unit", "T01", "--month", "2026-10"), ("awards", "--year", "2026"),
           ("notice", "--month", "2026-10", "--number", "1", "--date", "2026-11-05"), ("fees", "--year", "2026"),
           ("register", "--year", "2026"), ("stats", "--year", "2026"), ("instructions",), ("solicit", "list"),
           ("remind", "--quarter", "2026Q3"), ("status", "--month", "2026-10")]


def test_every_reading_command_survives_the_whole_corpus(cli, ws_root, submit):
    good = submit()
    for corpus, (name, _, _) in CASES.items():
        put(ws_root, name, (CORPUS / corpus).read_bytes())
    bad = sum(1 for _, code, _ in CASES.values() if code)
    for args in READERS:
        result = cli(*args)
        assert "INTERNAL" not in result.text and "Traceback" not in result.text, (args, result.text)
        assert result.code == 0, (args, result.text)
        # instructions and solicit read records only, and none is broken; remind reads the quarter before
        if args[0] not in ("instructions", "solicit", "remind"):
            assert f"{bad} 个文件有错误，未计入" in result.err, (args, result.err)
    shown = cli("show", good)
    assert shown.code == 0 and "城关镇" in shown.out


def test_a_damaged_site_code_file_is_started_again_not_a_dead_end(cli, submit, ws_root):
    submit(date="2026-10-12")
    sites = ws_root / ".govinfo" / "sites.json"
    sites.write_text('{"half-synced": ', encoding="utf-8")
    again = cli("submit", "--unit", "T01", "--title", "城关镇再报一条秋粮信息", "--drafter", "张三", "--reviewer", "李四",
                "--date", "2026-10-13", "--category", "工作动态", "--body", "城关镇新建粮食烘干中心一座，日烘干能力300吨，" * 3)
    assert again.code == 0, again.text
    assert json.loads(sites.read_text(encoding="utf-8"))  # a whole table again


def test_a_linked_govinfo_folder_is_refused(cli, ws_root, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (ws_root / ".govinfo").mkdir(exist_ok=True)
    import shutil
    shutil.rmtree(ws_root / ".govinfo")
    (ws_root / ".govinfo").symlink_to(elsewhere, target_is_directory=True)
    refused = cli("penalty", "add", "--unit", "T01", "--kind", "false_info", "--date", "2026-10-20")
    assert refused.code == 1 and "[SYMLINK]" in refused.err and "“.govinfo" in refused.err
    assert not list(elsewhere.iterdir()) and not list((ws_root / "data").rglob("penalty-*.yaml"))
