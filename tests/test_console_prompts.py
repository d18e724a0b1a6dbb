"""Issue 16, item 3: interactive submit at a real terminal (a pseudo-terminal, 80 × 24): flags are
checked before the first prompt, a wrong answer is asked again at once, the date is asked, and a
summary is confirmed before anything is saved."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from conftest import BODY

pty = pytest.importorskip("pty")  # POSIX terminals only; Windows consoles are not pseudo-terminals


def _read_until(fd: int, text: str, seen: bytes, start: int, timeout: float = 60) -> tuple[bytes, int]:
    """Read until `text` appears after position `start` (output since the last answer)."""
    import select
    end = time.monotonic() + timeout
    while seen.find(text.encode("utf-8"), start) < 0:
        ready, _, _ = select.select([fd], [], [], max(0.0, end - time.monotonic()))
        if not ready:
            raise AssertionError(f"waited for {text!r}; the terminal shows:\n{seen.decode('utf-8', 'replace')}")
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the program ended
            chunk = b""
        if not chunk:
            raise AssertionError(f"ended before {text!r}:\n{seen.decode('utf-8', 'replace')}")
        seen += chunk
    return seen, seen.find(text.encode("utf-8"), start) + len(text.encode("utf-8"))


def run_at_terminal(args: list, dialogue: list[tuple[str, str]]) -> tuple[int, str]:
    """Run govinfo on an 80 × 24 pseudo-terminal; for each (prompt, answer) wait for the prompt, type the answer."""
    import fcntl
    import struct
    import termios
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, COLUMNS="80", LINES="24")
    env.pop("GOVINFO_INTERACTIVE", None)
    proc = subprocess.Popen([sys.executable, "-m", "govinfo", *map(str, args)], stdin=slave, stdout=slave, stderr=slave,
                            env=env, close_fds=True)
    os.close(slave)
    seen, start = b"", 0
    try:
        for prompt, answer in dialogue:
            seen, start = _read_until(master, prompt, seen, start)
            os.write(master, answer.encode("utf-8") + b"\r")
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        code = proc.wait(timeout=60)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return code, seen.decode("utf-8", "replace").replace("\r\n", "\n")


def test_submit_asks_checks_each_answer_and_confirms(ws_root):
    code, screen = run_at_terminal(["submit", "--root", ws_root], [
        ("报送单位", "镇"),                       # two units match: asked again, with both named
        ("报送单位", "东河"),
        ("标题", ""),                              # empty: says why, asks again
        ("标题", "东河镇秋粮收购进展"),
        ("拟稿人", "张三"),
        ("审核签发人", "李四"),
        ("报送日期", "2026-13-45"),                # not a date: asked again at once
        ("报送日期", "2026-10-12"),
        ("信息类别（序号或名称）", "问题"),
        ("正文", BODY),
        ("保存这条信息", ""),
    ])
    assert code == 0, screen
    assert "“镇”对应多个单位" in screen and "→ T02 东河镇人民政府" in screen
    assert "标题不能为空：每条信息都要有标题" in screen
    assert "“2026-13-45”不是有效的日期" in screen
    assert "请核对：" in screen and "报送日期：2026-10-12" in screen and "信息类别：问题建议" in screen
    item_id = screen.strip().splitlines()[-1].strip()
    assert (ws_root / "data" / "items" / "2026" / "10" / f"{item_id}.md").is_file()   # October's, typed in November
    from rich.cells import cell_len
    printed = [line for line in screen.splitlines() if BODY not in line]   # the clerk's own typing is echoed as typed
    assert all(cell_len(line) <= 80 for line in printed), [line for line in printed if cell_len(line) > 80]


def test_submit_refuses_a_bad_flag_before_asking_anything(ws_root):
    code, screen = run_at_terminal(["submit", "--root", ws_root, "--category", "不存在的类别"], [])
    assert code == 1
    unfolded = re.sub(r"\n\s+", "", screen)                              # the message folds at 80 columns
    assert "没有“不存在的类别”这个信息类别" in unfolded and "报送单位" not in screen


def test_submit_given_up_at_the_summary_writes_nothing(ws_root):
    code, screen = run_at_terminal(["submit", "--root", ws_root, "--unit", "T01", "--title", "标题", "--drafter", "张三",
                                    "--reviewer", "李四", "--category", "工作动态", "--body", BODY],
                                   [("报送日期", ""), ("保存这条信息", "n")])
    assert code == 1 and "已放弃，没有保存" in screen
    assert not list((ws_root / "data" / "items").rglob("*.md"))
