"""Ids never collide: two processes submitting at once into one workspace; GBK consoles survive."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

from conftest import BODY

WRITER = textwrap.dedent("""
    import sys
    from govinfo.workspace import open_workspace
    from govinfo.submit import Draft, submit
    ws = open_workspace(sys.argv[1])
    for n in range(int(sys.argv[3])):
        item, _ = submit(ws, Draft(unit="T01", title=f"{sys.argv[2]}-{n}", drafter="张三", reviewer="李四",
                                   submitted="2026-10-12", category="工作动态", body=sys.argv[4]))
        print(item.id, flush=True)
""")


def _env():
    env = dict(os.environ, GOVINFO_NOW="2026-11-21 10:00")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1]) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_two_processes_submitting_at_once_get_distinct_ids(ws_root):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(ws_root), name, "100", BODY],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
             for name in ("甲", "乙")]
    printed = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        printed += out.split()
    files = sorted((ws_root / "data" / "items").rglob("*.md"))
    assert len(printed) == len(set(printed)) == 200
    assert len(files) == 200
    assert {f.stem for f in files} == set(printed)
    titles = {yaml.safe_load(f.read_text(encoding="utf-8").split("---\n")[1])["title"] for f in files}
    assert titles == {f"{who}-{n}" for who in ("甲", "乙") for n in range(100)}
    assert not [p for p in (ws_root / "data").rglob(".*") if p.is_file()]  # no temp files left


def test_gbk_console_does_not_crash(ws_root, submit):
    item_id = submit(title="含生僻字𠀀和符号✓的标题")
    env = dict(_env(), PYTHONIOENCODING="gbk")
    for args in (["list"], ["show", item_id], ["validate"], ["units"]):
        proc = subprocess.run([sys.executable, "-m", "govinfo", *args, "--root", str(ws_root)],
                              capture_output=True, env=env, timeout=60)
        assert proc.returncode == 0, proc.stderr.decode("gbk", "replace")
        text = proc.stdout.decode("gbk")
        assert "Traceback" not in text
    shown = subprocess.run([sys.executable, "-m", "govinfo", "show", item_id, "--root", str(ws_root)],
                           capture_output=True, env=env, timeout=60).stdout.decode("gbk")
    assert "含生僻字" in shown and "标题：" in shown
