"""govinfo's speed targets, measured as ratios against floors timed in the same run.

    python bench/run.py [--workdir DIR] [--keep]

Builds a 10,000-item and a 100,000-item archive with `govinfo demo` (kept in --workdir and reused
when present), times two floors -- the least any tool must do to read the archive -- and then
the real commands as subprocesses, exactly as a clerk runs them. Absolute times on a shared
machine are noise; ratios measured minutes apart on the same disk cache are not. Each line shows
the figure, its target and whether it is met. Exit code 1 if any target is missed.

This is not a test: tests never time anything.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
GOVINFO = [sys.executable, "-m", "govinfo"]
ENV = dict(os.environ, GOVINFO_NOW="2026-11-21 10:00", PYTHONIOENCODING="utf-8")
ENV.pop("GOVINFO_NO_CACHE", None)
INDEX = Path(tempfile.mkdtemp(prefix="govinfo-bench-index-")) / "index.sqlite3"
ENV["GOVINFO_INDEX"] = str(INDEX)  # the bench's own local index, not the user's
# A clerk's installed govinfo runs from cached bytecode (pip compiles it; an editable install writes
# it on first import). Measure that, not a recompile of every module on every run, which is what a
# PYTHONDONTWRITEBYTECODE set in the shell would do; the cache goes to the bench's own folder.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
ENV["PYTHONPYCACHEPREFIX"] = str(INDEX.parent / "bytecode")


def parse_floor(root: Path, year: str = "") -> float:
    """Read every item file (of one year, when given) and parse its front matter with PyYAML's C
    loader: nothing else."""
    start = time.perf_counter()
    for path in (root / "data" / "items" / year).rglob("*.md"):
        text = path.read_bytes().decode("utf-8")
        end = text.index("\n---", 3)
        yaml.load(text[4:end], Loader=LOADER)  # noqa: S506 - the C SafeLoader
    return time.perf_counter() - start


def stat_floor(root: Path, year: str = "") -> float:
    """List and stat every file under data/ (of one year's folders, when given): nothing else."""
    start = time.perf_counter()
    for folder, _, files in os.walk(root / "data"):
        if year and f"{os.sep}{year}" not in folder:
            continue
        for name in files:
            os.stat(os.path.join(folder, name))
    return time.perf_counter() - start


def govinfo(root: Path, *args: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run(GOVINFO + list(args) + ["--root", str(root)], env=ENV, capture_output=True)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # 1: validate found the archive's deliberate errors
        sys.exit(f"govinfo {' '.join(args)} failed:\n{proc.stderr.decode('utf-8', 'replace')}")
    return took


def best(fn, runs: int = 3) -> float:
    """The fastest of a few runs: the least disturbed by other work on the machine."""
    return min(fn() for _ in range(runs))


def peak_memory_mb(root: Path, *args: str) -> float | None:
    """Peak resident memory of one govinfo run, from a fresh parent so no other child counts."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    try:
        proc = subprocess.run([sys.executable, "-c", probe, *GOVINFO, *args, "--root", str(root)],
                              env=ENV, capture_output=True, text=True, check=True)
    except (subprocess.CalledProcessError, OSError):
        return None
    return int(proc.stdout.strip()) / 1024  # Linux reports KiB


def build(workdir: Path, items: int) -> Path:
    root = workdir / f"archive-{items}"
    if not (root / "data").is_dir():
        shutil.rmtree(root, ignore_errors=True)
        print(f"生成 {items} 条信息的演示工作区……", flush=True)
        subprocess.run(GOVINFO + ["demo", str(root), "--items", str(items)], env=ENV, check=True, capture_output=True)
    return root


def clear_cache(root: Path) -> None:
    """Forget the local index (it lives outside the workspace, in the bench's own file)."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(INDEX) + suffix).unlink(missing_ok=True)


def python_floor(*code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", *code], env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def pad(text: str, width: int) -> str:
    """Left-justify for a terminal, where a Chinese character takes two columns."""
    cells = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - cells)


def report(name: str, value: float, target: float, unit: str = "") -> bool:
    ok = value <= target
    print(f"{pad(name, 46)} {value:8.2f}{unit}   目标 ≤ {target:g}{unit}   {'达标' if ok else '未达标'}", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, help="存放演示工作区的文件夹（已有则复用）")
    parser.add_argument("--keep", action="store_true", help="结束后保留演示工作区")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="govinfo-bench-"))
    small, large = build(workdir, 10_000), build(workdir, 100_000)
    results = []
    try:
        parse = best(lambda: parse_floor(large))
        parse_year = best(lambda: parse_floor(large, "2026"))
        stat = best(lambda: stat_floor(large))
        print(f"解析下限（10 万条，读文件并解析前置信息）：{parse:.2f} 秒，其中 2026 年的文件 {parse_year:.2f} 秒；"
              f"列目录并 stat 下限：{stat:.2f} 秒", flush=True)

        def cold(root, *a):
            return best(lambda: (clear_cache(root), govinfo(root, *a))[1])

        cold_year = cold(large, "score", "--year", "2026")
        results.append(report("score --year 冷启动（无索引）÷ 当年文件的解析下限", cold_year / parse_year, 1.5))
        govinfo(large, "score", "--year", "2026")
        warm = best(lambda: govinfo(large, "score", "--year", "2026"))
        # Where the cold time goes: a cold run is a warm run (start-up, rules, scoring, printing)
        # plus reading the files and filling the index; the second part is what the floor bounds.
        print(f"    （冷启动 {cold_year:.2f} 秒 = 热启动 {warm:.2f} 秒 + 读文件并建索引 {cold_year - warm:.2f} 秒，"
              f"后者是解析下限的 {(cold_year - warm) / parse_year:.2f} 倍）", flush=True)
        results.append(report("score --year 热启动 ÷ 列目录并 stat 下限", warm / stat, 3))
        stat_year = best(lambda: stat_floor(large, "2026"))
        print(f"    （只算 2026 年文件的 stat 下限 {stat_year:.3f} 秒时，是它的 {warm / stat_year:.1f} 倍："
              "热启动的大部分是启动和计分本身，不是读文件）", flush=True)
        month_large = best(lambda: govinfo(large, "score", "--month", "2026-10", "--no-cache"))
        month_small = best(lambda: govinfo(small, "score", "--month", "2026-10", "--no-cache"))
        results.append(report("score --month：10 万条 ÷ 1 万条", month_large / month_small, 1.3))
        results.append(report("validate 冷启动（含近似重复）÷ 解析下限", cold(large, "validate") / parse, 3))
        edited = next((large / "data" / "items" / "2026" / "06").glob("*.md"))
        original = edited.read_bytes()
        try:
            def after_edit():
                edited.write_bytes(original.replace(b"\n---\n", b"\n---\n\n", 1) if edited.read_bytes() == original else original)
                return govinfo(large, "score", "--year", "2026")
            results.append(report("改动一条信息后热启动 ÷ 热启动", best(after_edit) / warm, 1.2))
        finally:
            edited.write_bytes(original)
        govinfo(large, "search", "秋粮收购")  # brings the index up to date for every year
        searched = best(lambda: govinfo(large, "search", "秋粮收购", "防汛"))
        results.append(report("search 全库检索热启动 ÷ 列目录并 stat 下限", searched / stat, 3))
        print(f"    （全库检索 10 万条用时 {searched:.2f} 秒；这两个词没有同时出现的信息，量的是检索本身）", flush=True)
        many = best(lambda: govinfo(large, "search", "秋粮收购"))
        print(f"    （“秋粮收购”找到数千条、列出前 50 条，用时 {many:.2f} 秒，是 stat 下限的 {many / stat:.1f} 倍："
              "多出的是把找到的结果取出、排序、印出来）",
              flush=True)
        empty = workdir / "empty"
        if not (empty / "rules").is_dir():
            subprocess.run(GOVINFO + ["init", str(empty)], env=ENV, check=True, capture_output=True)
        fixed = best(lambda: govinfo(empty, "score", "--month", "2026-10"), runs=5)
        imports = best(lambda: python_floor("import govinfo.cli.app"), runs=5)
        results.append(report("空工作区上一条命令 ÷ python -c 'import govinfo.cli.app'", fixed / imports, 1.5))
        print(f"    （空工作区 score 用时 {fixed:.2f} 秒，只导入用时 {imports:.2f} 秒）", flush=True)
        memory = peak_memory_mb(large, "score", "--year", "2026")
        if memory is None:
            print("score --year 峰值内存：本系统无法测量（需要 Linux 的 resource 模块）")
        else:
            results.append(report("score --year 峰值内存（10 万条）", memory, 500, " MB"))
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(INDEX.parent, ignore_errors=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
