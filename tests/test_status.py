"""Issue 16, item 6: `govinfo status`, a month at a glance, on the demo and on an empty workspace;
and `solicit list` with who answered each call."""
from __future__ import annotations

import json
import re

from rich.cells import cell_len

from conftest import run_cli

ID = re.compile(r"\b(?:solicit|instruct)-\d{6}-[A-Z0-9]+-\d{4}\b")


def _cli(root, *args, columns="80"):
    result = run_cli([*args, "--root", root], env={"COLUMNS": columns})
    assert result.code == 0, result.text
    return result.out


def test_status_on_the_demo_agrees_with_the_other_commands(demo_master):
    screen = _cli(demo_master, "status", "--month", "2026-10")
    data = json.loads(_cli(demo_master, "status", "--month", "2026-10", "--json"))
    scores = {u["code"]: u for u in json.loads(_cli(demo_master, "score", "--month", "2026-10", "--format", "json"))["units"]}
    silent = sorted(c for c, u in scores.items() if u["submitted"] == 0)
    assert sorted(c for cat in data["categories"] for c in cat["silent"]) == silent
    assert sorted(c for cat in data["categories"] for c in cat["short"]) == sorted(
        c for c, u in scores.items() if u["quota"] and not u["quota_met"])
    overdue = json.loads(_cli(demo_master, "instructions", "--overdue", "--json"))
    assert len(data["overdue_instructions"]) == len(overdue) and f"批示件逾期未反馈：{len(overdue)} 件" in screen
    not_adopted = json.loads(_cli(demo_master, "list", "--month", "2026-10", "--not-adopted", "--json"))
    assert len(data["not_judged_or_adopted"]) == len(not_adopted)       # the demo has no judgements
    calls = json.loads(_cli(demo_master, "solicit", "list", "--json"))
    due = [c for c in calls if c["deadline"] >= "2026-10-01" and c["date"] <= "2026-10-31"]
    assert [c["id"] for c in data["calls"]] == sorted((c["id"] for c in due), key=lambda i: next(
        c["deadline"] for c in due if c["id"] == i))
    assert "印发通报前还需处理" in screen and "某政办通" in screen        # the bundled office names are placeholders
    assert all(cell_len(line) <= 80 for line in screen.splitlines())
    for found in ID.findall(screen):                                    # every id printed is whole
        assert found in {c["id"] for c in data["calls"]} | {c["id"] for c in overdue}


def test_status_of_the_running_month_says_so(demo_master):
    screen = _cli(demo_master, "status")                                # today: 2026-11-21
    assert screen.startswith("2026年11月政务信息工作概况（截至 2026-11-21，2026年11月尚未结束）")
    assert "尚未完成" in screen


def test_status_on_an_empty_workspace(tmp_path):
    assert run_cli(["init", tmp_path / "w"]).code == 0
    screen = _cli(tmp_path / "w", "status", "--month", "2026-10")
    assert "花名册中还没有单位" in screen and "本月没有在办的约稿" in screen
    assert "批示件逾期未反馈：0 件" in screen and "尚未评定或采用的：0 条" in screen
    data = json.loads(_cli(tmp_path / "w", "status", "--month", "2026-10", "--json"))
    assert (data["categories"], data["calls"], data["overdue_instructions"]) == ([], [], [])


def test_solicit_list_shows_who_answered(cli, submit):
    call = cli("solicit", "new", "--topic", "冬季供暖", "--units", "城关镇,东河镇,G01", "--deadline", "2026-11-10",
               "--date", "2026-11-01").out.strip()
    submit(unit="T01", date="2026-11-05", solicitation=call)              # on time
    submit(unit="T02", date="2026-11-12", solicitation=call)              # late
    listing = cli("solicit", "list").out
    assert f"  {call}\n" in listing
    assert "按时 1，迟报 1，未报 1" in listing and "迟报：东河镇" in listing and "未报：发展和改革局" in listing
    data = json.loads(cli("solicit", "list", "--json").out)
    assert (data[0]["on_time"], data[0]["late"], data[0]["missing"]) == (["T01"], ["T02"], ["G01"])


def test_status_bad_month(cli):
    result = cli("status", "--month", "2026-13")
    assert result.code == 1 and "--month“2026-13”格式不对" in result.err and "写成 --month 2026-10" in result.err


def test_units_retire_bad_input(cli, ws_root):
    before = (ws_root / "rules" / "roster.yaml").read_bytes()
    bad_day = cli("units", "retire", "T02", "--date", "2026-02-30")
    assert bad_day.code == 1 and "不是有效日期" in bad_day.err
    unknown = cli("units", "retire", "不存在", "--date", "2026-09-30")
    assert unknown.code == 1 and "没有“不存在”这个单位" in unknown.err
    assert (ws_root / "rules" / "roster.yaml").read_bytes() == before


def test_serve_binds_the_loopback_only(cli, ws_root, monkeypatch):
    import waitress
    import webbrowser
    seen = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: seen.update(kw, app=app))
    monkeypatch.setattr(webbrowser, "open", lambda url: seen.setdefault("opened", (url, seen["bound"].getsockname())))
    import govinfo.web.app as web_app
    bind = web_app.listening_socket
    monkeypatch.setattr(web_app, "listening_socket", lambda port: seen.setdefault("bound", bind(port)))
    import socket
    with socket.socket() as probe:  # a free port: a fixed one may be taken on the machine running the tests
        probe.bind(("127.0.0.1", 0))
        port = min(probe.getsockname()[1], 65534)
    result = cli("serve", "--port", str(port))
    assert result.code == 0 and f"http://127.0.0.1:{port}/" in result.out
    # bound before the browser is sent to it: the page it opens is this server's
    assert seen["opened"] == (f"http://127.0.0.1:{port}/", ("127.0.0.1", port)) and seen["sockets"] == [seen["bound"]]
    with seen["bound"]:  # still held: a second server on the port is told so, not started beside it
        seen["bound"].listen(1)
        taken = cli("serve", "--port", str(port), "--no-browser")
    assert taken.code == 1 and "[PORT-IN-USE]" in taken.err and f"--port {port + 1}" in taken.err
    refused = cli("serve", "--port", "80")
    assert refused.code != 0 and "--port" in refused.err and "不在允许的范围" in refused.err
