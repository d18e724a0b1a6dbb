"""Never lose a record: concurrent writers, writers killed mid-write, two git clones merged;
GBK consoles survive."""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import pin_site_code, BODY, run_cli

WRITER = textwrap.dedent("""
    import sys
    from govinfo.store.workspace import open_workspace
    from govinfo.actions.submit import Draft, submit
    ws = open_workspace(sys.argv[1])
    for n in range(int(sys.argv[3])):
        item, _ = submit(ws, Draft(unit="T01", title=f"{sys.argv[2]}-{n}", drafter="张三", reviewer="李四",
                                   submitted="2026-10-12", category="工作动态", body=f"{sys.argv[4]}（{sys.argv[2]}{n}）"))
        print(item.id, flush=True)
""")


ADOPTER = textwrap.dedent("""
    import sys
    from govinfo.core.diagnostics import UserError
    from govinfo.store.workspace import open_workspace
    from govinfo.actions.new_records import adopt
    ws = open_workspace(sys.argv[1])
    for item_id in sys.argv[3:]:
        try:
            rec, = adopt(ws, [item_id], sys.argv[2], "第1期", "2026-10-20")
        except UserError as exc:  # recorded already (by another process, or an earlier round)
            assert exc.diags[0].code == "DUPLICATE-RECORD", exc
            print("refused", flush=True)
            continue
        print(rec.id, flush=True)
""")

WITHDRAWER = textwrap.dedent("""
    import sys
    from govinfo.core.diagnostics import UserError
    from govinfo.store.workspace import open_workspace
    from govinfo.actions.new_records import withdraw
    ws = open_workspace(sys.argv[1])
    for record_id in sys.argv[2:]:
        try:
            print(withdraw(ws, record_id, "误登记").id, flush=True)
        except UserError as exc:
            assert exc.diags[0].code == "ALREADY-WITHDRAWN", exc
            print("refused", flush=True)
""")

NOTICER = textwrap.dedent("""
    import sys
    from datetime import date
    from govinfo.core.periods import parse_period
    from govinfo.store.workspace import open_workspace
    from govinfo.actions.out_files import write_notice
    ws = open_workspace(sys.argv[1])
    for n in range(int(sys.argv[2])):
        for path in write_notice(ws, parse_period(month_="2026-10"), n + 1, date(2026, 11, 5), force=True)[0]:
            print(path.name, flush=True)
""")


ISSUE_EDITOR = textwrap.dedent("""
    import sys
    from govinfo.store.workspace import open_workspace
    from govinfo.actions.issues import add_items
    ws = open_workspace(sys.argv[1])
    for item_id in sys.argv[3:]:
        add_items(ws, sys.argv[2], [item_id])
        print(item_id, flush=True)
""")


def _env():
    env = dict(os.environ, GOVINFO_NOW="2026-11-21 10:00")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1]) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.mark.slow  # processes or threads racing: seconds each
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_json_and_csv_redirected_from_a_gbk_console_lose_nothing(ws_root, submit, tmp_path):
    """`govinfo ... > 文件` on a Windows PC: stdout speaks GBK, which has no BOM and no 𠀀. The CSV
    file is UTF-8 with the BOM Excel needs; the JSON is ASCII with escapes, which any reader takes."""
    item_id = submit(title="含生僻字𠀀的标题")
    env = dict(_env(), PYTHONIOENCODING="gbk")
    def redirected(*args) -> bytes:
        target = tmp_path / "out.txt"
        with open(target, "wb") as fh:
            proc = subprocess.run([sys.executable, "-m", "govinfo", *args, "--root", str(ws_root)],
                                  stdout=fh, stderr=subprocess.PIPE, env=env, timeout=60)
        assert proc.returncode == 0, proc.stderr.decode("gbk", "replace")
        return target.read_bytes()
    table = redirected("score", "--month", "2026-10", "--format", "csv")
    assert table.startswith(b"\xef\xbb\xbf") and table.decode("utf-8-sig").startswith("代码,单位")
    shown = redirected("show", item_id, "--json")
    assert shown.isascii() and json.loads(shown)["title"] == "含生僻字𠀀的标题"
    listed = json.loads(redirected("list", "--month", "2026-10", "--json"))
    assert [i["title"] for i in listed] == ["含生僻字𠀀的标题"]


def _start(code: str, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env())


def _files(root: Path, kind: str) -> list[Path]:
    return sorted(p for p in (root / "data" / kind).rglob("*") if p.is_file() and not p.name.startswith("."))


@pytest.mark.slow
def test_four_submitters_and_two_adopters_at_once(ws_root, submit):
    targets = [submit(title=f"待采用-{n}") for n in range(20)]
    procs = [_start(WRITER, ws_root, name, 100, BODY) for name in ("甲", "乙", "丙", "丁")]
    procs += [_start(ADOPTER, ws_root, "city_express", *targets), _start(ADOPTER, ws_root, "province_info", *targets)]
    printed = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        printed.append(out.split())
    new_items = [i for out in printed[:4] for i in out]
    adoptions = [r for out in printed[4:] for r in out if r != "refused"]
    assert len(set(new_items)) == len(new_items) == 400
    assert len(set(adoptions)) == len(adoptions) == 40
    assert {p.stem for p in _files(ws_root, "items")} == set(new_items) | set(targets)
    records = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in _files(ws_root, "records")}
    assert set(records) == set(adoptions)
    assert {(r["item"], r["pub"]) for r in records.values()} == \
        {(t, pub) for t in targets for pub in ("city_express", "province_info")}
    result = run_cli(["validate", "--root", ws_root])
    assert result.code == 0 and "共检查 420 条信息、40 条记录：0 个错误" in result.out


@pytest.mark.slow  # processes or threads racing: seconds each
def test_the_same_adoption_and_withdrawal_from_several_processes_is_written_once(ws_root, submit):
    targets = [submit(title=f"待采用-{n}") for n in range(5)]
    adopters = [_start(ADOPTER, ws_root, "city_express", *targets) for _ in range(3)]
    printed = [proc.communicate(timeout=300) for proc in adopters]
    assert all(proc.returncode == 0 for proc in adopters), [err for _, err in printed]
    adoptions = [r for out, _ in printed for r in out.split() if r != "refused"]
    assert len(adoptions) == len(_files(ws_root, "records")) == 5  # one per item, however many clerks
    withdrawers = [_start(WITHDRAWER, ws_root, *adoptions) for _ in range(4)]
    printed = [proc.communicate(timeout=300) for proc in withdrawers]
    assert all(proc.returncode == 0 for proc in withdrawers), [err for _, err in printed]
    withdrawals = [r for out, _ in printed for r in out.split() if r != "refused"]
    assert len(withdrawals) == 5
    assert len([p for p in _files(ws_root, "records") if p.name.startswith("withdraw-")]) == 5
    assert run_cli(["validate", "--root", ws_root]).code == 0


@pytest.mark.slow
def test_writers_killed_at_random_moments_lose_nothing_they_reported(ws_root, submit):
    targets = [submit(title=f"待采用-{n}") for n in range(30)]
    rng = random.Random(9)
    reported, notices = [], []
    for round_ in range(12):
        adopted = [r for r in reported if r.startswith("adopt-")]
        procs = [_start(WRITER, ws_root, f"轮{round_}", 1000, BODY),
                 _start(ADOPTER, ws_root, rng.choice(["city_express", "upper_city_info"]), *rng.sample(targets, 10)),
                 _start(WITHDRAWER, ws_root, *rng.sample(adopted, min(3, len(adopted)))),
                 _start(NOTICER, ws_root, 20)]
        time.sleep(rng.uniform(0.3, 1.2))  # long enough to import and write some, then the power goes
        for proc in procs[:3]:
            proc.kill()  # SIGKILL on POSIX: no cleanup runs
        time.sleep(rng.uniform(0.5, 2.5))  # a notice takes longer to start: it is killed a little later
        procs[3].kill()
        for proc in procs[:3]:
            out, _ = proc.communicate(timeout=60)
            reported += [r for r in out.split() if r != "refused"]
        notices += procs[3].communicate(timeout=60)[0].split()
    assert [r for r in reported if r.startswith("adopt-")], "no adoption was written: the test proves nothing"
    assert [r for r in reported if r.startswith("withdraw-")], "no withdrawal was written: the test proves nothing"
    assert notices, "no notice was written: the test proves nothing"
    on_disk = {p.stem for kind in ("items", "records") for p in _files(ws_root, kind)}
    assert set(reported) <= on_disk  # every id the tool printed is there
    out = ws_root / "out"
    for path in sorted(p for p in out.iterdir() if not p.name.startswith(".")):  # each notice file whole
        if path.suffix in (".docx", ".xlsx"):
            assert zipfile.ZipFile(path).testzip() is None, path
        else:
            assert path.read_text(encoding="utf-8").rstrip().endswith("</html>"), path
    withdrawn = [yaml.safe_load(p.read_text(encoding="utf-8"))["target"] for p in _files(ws_root, "records")
                 if p.name.startswith("withdraw-")]
    assert len(withdrawn) == len(set(withdrawn))  # never two withdrawals of one record
    leftovers = [p for p in (ws_root / "data").rglob("*") if p.is_file() and p.name.startswith(".")]
    assert all(p.name.endswith(".tmp") for p in leftovers)  # only hidden temp files, never read as records
    result = run_cli(["validate", "--root", ws_root])
    assert result.code == 0, result.out[-3000:]
    assert "0 个错误" in result.out


def _git(cwd: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="信息科", GIT_AUTHOR_EMAIL="x@example.cn",
               GIT_COMMITTER_NAME="信息科", GIT_COMMITTER_EMAIL="x@example.cn")
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def _scores(root: Path) -> dict[str, dict]:
    result = run_cli(["score", "--month", "2026-10", "--format", "json", "--root", root])
    assert result.code == 0, result.text
    return {row["code"]: row for row in json.loads(result.out)["units"]}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None and not os.environ.get("GOVINFO_REQUIRE_GIT"),
                    reason="git is not installed (CI installs it and sets GOVINFO_REQUIRE_GIT)")
def test_two_clones_merge_without_conflicts(ws_root, tmp_path):
    _git(ws_root, "init", "-q", "-b", "main")
    _git(ws_root, "add", "-A")
    _git(ws_root, "commit", "-qm", "空工作区")
    clones = [tmp_path / "甲", tmp_path / "乙"]
    for n, clone in enumerate(clones):
        _git(tmp_path, "clone", "-q", str(ws_root), str(clone))
        pin_site_code(clone, ["JIA", "YII"][n])  # distinct by construction, not by a lucky draw
        ids = []
        for k in range(20):
            result = run_cli(["submit", "--unit", ["T01", "T02", "G01", "D01"][k % 4], "--title", f"{clone.name}-{k}",
                              "--drafter", "张三", "--reviewer", "李四", "--date", f"2026-10-{k + 1:02d}",
                              "--category", "工作动态", "--body", BODY + clone.name * (k + 1), "--root", clone])
            assert result.code == 0, result.text
            ids.append(result.out.strip())
        result = run_cli(["adopt", *ids[:10], "--pub", "city_express", "--issue", f"第{n + 1}期", "--date", "2026-10-25",
                          "--root", clone])
        assert result.code == 0, result.text
        _git(clone, "add", "-A")
        _git(clone, "commit", "-qm", f"{clone.name}：报送20条、采用10条")
    alone = [_scores(clone) for clone in clones]
    # Both sides' records in one folder, without git: what the merge must come to.
    together = tmp_path / "合并核对"
    shutil.copytree(ws_root, together, ignore=shutil.ignore_patterns(".git", ".govinfo"))
    for clone in clones:
        shutil.copytree(clone / "data", together / "data", dirs_exist_ok=True)
    _git(clones[0], "pull", "-q", "--no-rebase", "--no-edit", str(clones[1]), "main")
    assert "<<<<<<<" not in "".join(p.read_text(encoding="utf-8") for p in _files(clones[0], "items"))
    assert len(_files(clones[0], "items")) == 40 and len(_files(clones[0], "records")) == 20
    result = run_cli(["validate", "--root", clones[0]])
    assert result.code == 0 and "0 个错误" in result.out, result.out
    merged = _scores(clones[0])
    assert merged == _scores(together)
    for unit, row in merged.items():
        assert row["submitted"] == alone[0][unit]["submitted"] + alone[1][unit]["submitted"]
        assert row["points"]["adoption"] == alone[0][unit]["points"]["adoption"] + alone[1][unit]["points"]["adoption"]
    assert sum(row["submitted"] for row in merged.values()) == 40
    assert not _git(clones[0], "status", "--porcelain")  # the cache and site codes stay out of git


SAME_TEXT = textwrap.dedent("""
    import sys
    from govinfo.core.diagnostics import UserError
    from govinfo.store.workspace import open_workspace
    from govinfo.actions.submit import Draft, submit
    ws = open_workspace(sys.argv[1])
    for n in range(int(sys.argv[3])):
        try:
            item, _ = submit(ws, Draft(unit="T01", title=f"{sys.argv[2]}-{n}", drafter="张三", reviewer="李四",
                                       submitted="2026-10-12", category="工作动态", body=f"{sys.argv[4]}（第{n}轮）"))
            print(item.id, flush=True)
        except UserError as exc:
            assert exc.diags[0].code == "ALREADY-SUBMITTED", exc
            print("refused", flush=True)
""")


@pytest.mark.slow  # processes or threads racing: seconds each
def test_processes_sending_one_text_at_once_store_it_once(ws_root):
    """The check for a text already submitted and the write run under one lock."""
    procs = [_start(SAME_TEXT, ws_root, name, 5, BODY) for name in ("甲", "乙", "丙")]
    printed = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        printed += out.split()
    assert len([p for p in printed if p != "refused"]) == 5 and printed.count("refused") == 10
    assert len(_files(ws_root, "items")) == 5


@pytest.mark.slow  # processes or threads racing: seconds each
def test_two_clerks_adding_to_one_issue_at_once_lose_neither_edit(ws_root, submit):
    items = [submit(title=f"待编入-{n}") for n in range(16)]
    issue = run_cli(["issue", "new", "--pub", "city_express", "--date", "2026-11-13", "--root", ws_root]).out.strip()
    editors = [_start(ISSUE_EDITOR, ws_root, issue, *items[:8]), _start(ISSUE_EDITOR, ws_root, issue, *items[8:])]
    printed = [proc.communicate(timeout=300) for proc in editors]
    assert all(proc.returncode == 0 for proc in editors), [err for _, err in printed]
    shown = run_cli(["issue", "show", issue, "--root", ws_root]).out
    assert all(item in shown for item in items), shown  # read-change-write under one lock: no add overwrote another


def test_a_lock_windows_will_not_delete_for_a_moment_is_waited_for_not_an_error(tmp_path, monkeypatch):
    """On Windows a lock file another process is reading cannot be deleted, and one being deleted
    cannot be created: both pass in a moment. Releasing it failed the command (its work undone),
    taking it raised an error no one caught."""
    from govinfo.store import locks
    real_unlink, real_open = Path.unlink, os.open
    refusals = {"unlink": 2, "open": 2}
    def unlink(self, missing_ok=False):
        if self.suffix == ".lock" and refusals["unlink"]:
            refusals["unlink"] -= 1
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real_unlink(self, missing_ok=missing_ok)
    def open_(path, flags, *a):
        if str(path).endswith(".lock") and refusals["open"]:
            refusals["open"] -= 1
            raise PermissionError(13, "Access is denied")
        return real_open(path, flags, *a)
    monkeypatch.setattr(Path, "unlink", unlink)
    monkeypatch.setattr(locks.os, "open", open_)
    done = []
    with locks.exclusive(tmp_path, "adopt 202610-AAA-0001"):
        done.append(True)
    assert done and refusals == {"unlink": 0, "open": 0}
    assert not list((tmp_path / ".govinfo" / "locks").iterdir())
