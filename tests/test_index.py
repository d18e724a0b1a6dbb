"""The local index never changes an answer; the large-archive generator; the progress bar."""
from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import pytest

from conftest import run_cli
import sqlite3

from govinfo.store import index
from govinfo.core import progress
from govinfo.actions.demo_archive import generate
from govinfo.actions.init import init_workspace

HOUR_AGO = time.time() - 3600


def age(root: Path, when: float = HOUR_AGO) -> None:
    """Make every data file look written long ago: fresh files are never indexed (see store/index.py)."""
    for path in (root / "data").rglob("*"):
        if path.is_file():
            os.utime(path, (when, when))


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = init_workspace(tmp_path_factory.mktemp("gen") / "ws")
    generate(root, 1500, 1)
    age(root)
    return root


@pytest.fixture
def ws(archive, tmp_path) -> Path:
    """A private copy of the generated archive, to edit."""
    import shutil
    root = tmp_path / "ws"
    shutil.copytree(archive, root, copy_function=shutil.copy2)
    return root


def answers(root: Path, *extra: str) -> dict[str, str]:
    """What the clerk sees from the reading commands, with or without the cache."""
    out = {}
    for args in (["score", "--year", "2026", "--format", "json"], ["score", "--month", "2026-06", "--format", "csv"],
                 ["rank", "--quarter", "2026Q2", "--json"], ["validate", "--json"], ["list", "--month", "2026-05"]):
        result = run_cli([*args, "--root", root, *extra])
        assert result.code in (0, 1) and result.out, result.text
        out[" ".join(args)] = (result.code, result.out)
    return out


def index_rows(folder: str) -> dict[str, tuple]:
    """The local index's rows of one data folder, e.g. items/2026/06: name -> (size, value, body)."""
    with sqlite3.connect(os.environ["GOVINFO_INDEX"]) as conn:
        return {r[0]: r[1:] for r in conn.execute("SELECT name, size, value, body FROM files WHERE folder=?", (folder,))}


def set_index(folder: str, name: str, **columns) -> None:
    with sqlite3.connect(os.environ["GOVINFO_INDEX"]) as conn:
        for column, value in columns.items():
            conn.execute(f"UPDATE files SET {column}=? WHERE folder=? AND name=?", (value, folder, name))


@pytest.mark.slow
def test_index_gives_the_same_answers_after_random_edits(ws):
    rng = random.Random(5)
    assert answers(ws) == answers(ws, "--no-cache")  # cold: builds the index
    assert index_rows("items/2026/06")
    clock = HOUR_AGO
    for round_ in range(6):
        items = sorted((ws / "data" / "items").rglob("*.md"))
        path = rng.choice(items)
        text = path.read_text(encoding="utf-8")
        edit = round_ % 3
        if edit == 0:    # another unit, same file size: only the modification time tells
            units = sorted(set(__import__("re").findall(r"^unit: (\w+)$", text, __import__("re").M)))
            text = text.replace(f"unit: {units[0]}", "unit: T0" + str(rng.randint(1, 9)), 1)
        elif edit == 1:  # a longer title
            text = text.replace("title: ", "title: 补充：", 1)
        else:            # a file deleted
            path.unlink()
        if edit != 2:
            path.write_text(text, encoding="utf-8")
        clock += 60
        os.utime(path, (clock, clock)) if path.exists() else None
        assert answers(ws) == answers(ws, "--no-cache"), f"after edit {round_}"


def test_an_edit_that_keeps_size_and_modification_time_is_still_seen(ws):
    """The change time and inode are part of the key: restoring the old mtime hides nothing."""
    answers(ws)
    path = sorted((ws / "data" / "items" / "2026" / "06").glob("*.md"))[0]
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    before = path.stat()
    changed = title[:-2] + "改动" if len(title) > 9 else title
    path.write_text(text.replace(title, changed, 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    shown = run_cli(["list", "--month", "2026-06", "--root", ws])
    assert changed[len("title: "):] in shown.out


@pytest.mark.slow
def test_index_is_used_and_never_outlives_a_change(ws):
    answers(ws)
    name = sorted(index_rows("items/2026/06"))[0]
    value = json.loads(index_rows("items/2026/06")[name][1])
    # Proof the index is read: an indexed title differs from the file, the answer follows the index.
    value[1] = "索引里的标题"
    set_index("items/2026/06", name, value=json.dumps(value, ensure_ascii=False))
    assert "索引里的标题" in run_cli(["list", "--month", "2026-06", "--root", ws]).out
    # Touching the file (a new modification time) makes it read again.
    path = ws / "data" / "items" / "2026" / "06" / name
    os.utime(path, (HOUR_AGO + 5, HOUR_AGO + 5))
    assert "索引里的标题" not in run_cli(["list", "--month", "2026-06", "--root", ws]).out


def test_scores_never_decode_bodies_but_search_finds_them_in_the_index(ws):
    answers(ws)
    name = sorted(index_rows("items/2026/06"))[0]
    set_index("items/2026/06", name, body="只在索引里的暗号甲乙丙")
    found = run_cli(["search", "暗号甲乙丙", "--json", "--root", ws])
    assert [h["id"] for h in json.loads(found.out)["hits"]] == [name[:-3]]


@pytest.mark.slow
def test_a_rules_change_keeps_the_index_and_scores_follow_the_new_rules(ws):
    """What a file parses to does not depend on the rules: an edited points.yaml must not make the
    next run a cold one, and the scores must be the new rules' all the same."""
    answers(ws)
    name = sorted(index_rows("items/2026/06"))[0]
    original = index_rows("items/2026/06")[name][1]
    value = json.loads(original)
    value[1] = "索引里的标题"  # proof the row is still read after the edit
    set_index("items/2026/06", name, value=json.dumps(value, ensure_ascii=False))
    before = run_cli(["score", "--year", "2026", "--format", "json", "--root", ws]).out
    points = ws / "rules" / "points.yaml"
    text = points.read_text(encoding="utf-8")
    assert "submission_points: 0.2" in text
    points.write_text(text.replace("submission_points: 0.2", "submission_points: 0.3"), encoding="utf-8")
    assert "索引里的标题" in run_cli(["list", "--month", "2026-06", "--root", ws]).out
    set_index("items/2026/06", name, value=original)
    after = run_cli(["score", "--year", "2026", "--format", "json", "--root", ws])
    assert (after.code, after.out) == answers(ws, "--no-cache")["score --year 2026 --format json"]
    assert after.out != before  # the new points per item are in the scores


@pytest.mark.slow
def test_corrupt_index_is_rebuilt_with_a_warning(ws):
    expected = answers(ws, "--no-cache")
    answers(ws)
    index.close()
    db = Path(os.environ["GOVINFO_INDEX"])
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    result = run_cli(["score", "--year", "2026", "--format", "json", "--root", ws])
    assert result.code == 0
    assert "警告 [INDEX-REBUILT]" in result.err and str(db) in result.err
    assert (0, result.out) == expected["score --year 2026 --format json"]
    assert index_rows("items/2026/06")  # whole again


def test_an_unusable_index_folder_is_a_warning_not_a_failure(ws, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("GOVINFO_INDEX", str(blocker / "index.sqlite3"))
    result = run_cli(["score", "--month", "2026-06", "--format", "json", "--root", ws])
    assert result.code == 0 and json.loads(result.out)["units"]
    assert "警告 [INDEX-UNUSABLE]" in result.err


@pytest.mark.parametrize("which", ["rules/points.yaml", "another program's database"])
def test_an_index_path_naming_someone_elses_file_leaves_it_alone(ws, tmp_path, monkeypatch, which):
    """GOVINFO_INDEX=rules/points.yaml turned the office's rules into a SQLite file ("corrupt index,
    rebuilt"); a database of another program got govinfo's tables added and its own emptied."""
    import sqlite3
    if which == "rules/points.yaml":
        target = ws / "rules" / "points.yaml"
    else:
        target = tmp_path / "other.sqlite3"
        with sqlite3.connect(target) as other:
            other.execute("CREATE TABLE files (name TEXT)")
            other.execute("INSERT INTO files VALUES ('keep me')")
        other.close()
    before = target.read_bytes()
    monkeypatch.setenv("GOVINFO_INDEX", str(target))
    index.close()
    result = run_cli(["score", "--month", "2026-06", "--format", "json", "--root", ws])
    index.close()
    assert result.code == 0 and json.loads(result.out)["units"]
    assert "警告 [INDEX-FOREIGN]" in result.err and "GOVINFO_INDEX" in result.err
    assert target.read_bytes() == before


def test_a_damaged_index_at_the_default_path_is_rebuilt_not_called_someone_elses(ws, tmp_path, monkeypatch):
    monkeypatch.delenv("GOVINFO_INDEX")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "cache"))
    index.close()
    assert run_cli(["score", "--month", "2026-06", "--root", ws]).code == 0
    index.close()
    db = index.index_path()
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.write_bytes(b"\0" * 16 + db.read_bytes()[16:])
    result = run_cli(["score", "--month", "2026-06", "--root", ws])
    index.close()
    assert result.code == 0 and "[INDEX-REBUILT]" in result.err and "INDEX-FOREIGN" not in result.err
    assert db.read_bytes().startswith(b"SQLite format 3\x00")


def test_no_cache_writes_no_index_and_nothing_in_the_workspace(ws):
    before = sorted(p.relative_to(ws).as_posix() for p in ws.rglob("*"))
    run_cli(["validate", "--root", ws, "--no-cache"])
    assert not Path(os.environ["GOVINFO_INDEX"]).exists()
    run_cli(["score", "--year", "2026", "--root", ws])  # with the index: it lives outside the workspace
    assert Path(os.environ["GOVINFO_INDEX"]).exists()
    assert sorted(p.relative_to(ws).as_posix() for p in ws.rglob("*")) == before


@pytest.mark.slow
def test_generator_archive(archive, tmp_path):
    roster = (archive / "rules" / "roster.yaml").read_text(encoding="utf-8")
    assert roster.count("- code: ") == 150
    assert {c: roster.count(f"category: {c}") for c in ("township", "general_dept", "other_dept")} == \
        {"township": 40, "general_dept": 40, "other_dept": 70}
    items = list((archive / "data" / "items").rglob("*.md"))
    assert len(items) == 1500
    months = {p.parent.name for p in items}
    assert len(months) == 12 and {p.parent.parent.name for p in items} == {"2025", "2026"}
    records = [p.name for p in (archive / "data" / "records").rglob("*.yaml")]
    adopted = {p for p in records if p.startswith("adopt-")}
    assert 0.12 * 1500 < len(adopted) < 0.18 * 1500
    assert 0.01 * 1500 < len([p for p in records if p.startswith("instruct-")]) < 0.03 * 1500
    assert any(p.startswith("solicit-") for p in records) and any(p.startswith("penalty-") for p in records)
    result = run_cli(["validate", "--root", archive])
    assert result.code == 0, result.out[-2000:]
    assert "共检查 1500 条信息" in result.out


@pytest.mark.slow
def test_generator_is_deterministic_and_density_does_not_depend_on_size(tmp_path):
    a = run_cli(["demo", tmp_path / "a", "--items", "600", "--years", "1"])
    b = run_cli(["demo", tmp_path / "b", "--items", "600", "--years", "1"])
    assert a.code == b.code == 0 and "信息 600 条" in a.out

    def tree(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()}
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    c = run_cli(["demo", tmp_path / "c", "--items", "1200"])  # default: one year per 10,000 items
    assert "2025-11 至 2026-10" in c.out
    per_month: dict[str, int] = {}
    for p in (tmp_path / "c" / "data" / "items").rglob("*.md"):
        per_month[p.parent.name] = per_month.get(p.parent.name, 0) + 1
    assert len(per_month) == 12 and sum(per_month.values()) == 1200
    # spread over the year, not piled into a few months: every month within half and double the mean
    assert all(50 <= n <= 200 for n in per_month.values()), per_month


def test_generator_refuses_an_existing_workspace_and_bad_sizes(ws, tmp_path):
    result = run_cli(["demo", ws, "--items", "10"])
    assert result.code == 1 and "已经有 rules/ 或 data/" in result.err
    result = run_cli(["demo", tmp_path / "new", "--items", "0"])
    assert result.code == 2 and "'--items' 的值无效：0 不在允许的范围（1<=x<=1000000）内。" in result.err
    assert not (tmp_path / "new").exists()


def test_progress_bar_on_a_long_run(ws, monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("GOVINFO_WORKERS", "1")
    result = run_cli(["validate", "--root", ws, "--no-cache"])
    assert "已处理" in result.err and "个文件" in result.err
    assert "已处理" not in result.out  # tables and JSON on stdout stay clean


def test_no_progress_bar_when_not_a_terminal(ws, monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    result = run_cli(["validate", "--root", ws, "--no-cache"])
    assert "已处理" not in result.err


@pytest.mark.slow
def test_parallel_validate_says_what_serial_validate_says(ws, monkeypatch):
    monkeypatch.setenv("GOVINFO_WORKERS", "1")
    serial = run_cli(["validate", "--json", "--root", ws, "--no-cache"])
    monkeypatch.setenv("GOVINFO_WORKERS", "2")
    spread = run_cli(["validate", "--json", "--root", ws, "--no-cache"])
    assert serial.code == spread.code == 0
    assert json.loads(serial.out) == json.loads(spread.out)
    assert index.enabled() is False  # --no-cache reached this process


@pytest.mark.slow
def test_validate_finishes_when_security_software_kills_a_worker(ws, monkeypatch):
    """Processes start inside map, not with the pool: a worker blocked or killed there leaves the
    rest of the month folders to this process, and validate says what it says serially."""
    from concurrent.futures.process import BrokenProcessPool
    from govinfo.check import parallel

    class DyingPool:
        def __init__(self, *a, **k):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

        def map(self, job, args):
            yield job(args[0])
            raise BrokenProcessPool("a child process terminated abruptly")

    monkeypatch.setenv("GOVINFO_WORKERS", "1")
    serial = run_cli(["validate", "--json", "--root", ws, "--no-cache"])
    monkeypatch.setenv("GOVINFO_WORKERS", "2")
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", DyingPool)
    spread = run_cli(["validate", "--json", "--root", ws, "--no-cache"])
    assert serial.code == spread.code == 0, spread.err
    assert json.loads(serial.out) == json.loads(spread.out)


@pytest.mark.slow
def test_index_rows_of_the_wrong_shape_are_read_again(ws):
    expected = answers(ws, "--no-cache")
    answers(ws)
    names = sorted(index_rows("items/2026/06"))[:3]
    for n, name in enumerate(names):
        set_index("items/2026/06", name, value=['["太短"]', '{"not": "a row"}', "[" + ",".join(["null"] * 14) + "]"][n])
    set_index("items/2026/06", names[0], diags="not json")
    assert answers(ws) == expected
