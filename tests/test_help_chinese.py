"""Typer's own help and error panels in Chinese, in a fresh interpreter (where the translation is
applied as Typer's formatter is first imported, however it is installed)."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import typer

ROOT = Path(__file__).resolve().parents[1]


def govinfo(*args: str, path: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="80", PYTHONIOENCODING="utf-8",
               PYTHONPATH=os.pathsep.join(p for p in (path, str(ROOT)) if p))
    return subprocess.run([sys.executable, "-m", "govinfo", *args], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_help_and_usage_errors_are_chinese_in_a_fresh_process():
    shown = govinfo("score", "--help")
    assert shown.returncode == 0 and "─ 选项 ─" in shown.stdout and "[默认：table]" in shown.stdout
    assert "Options" not in shown.stdout and "default" not in shown.stdout
    wrong = govinfo("score", "--bogus")
    assert wrong.returncode != 0 and "没有这个选项" in wrong.stderr + wrong.stdout


def test_help_is_chinese_when_typer_is_imported_from_a_zip(tmp_path):
    """A zip (or a frozen bundle) has its own loader: the translation must not depend on files."""
    package = Path(typer.__file__).parent
    archive = tmp_path / "deps.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in package.rglob("*.py"):
            zf.write(file, Path("typer") / file.relative_to(package))
    shown = govinfo("score", "--help", path=str(archive))
    assert shown.returncode == 0, shown.stderr
    assert "─ 选项 ─" in shown.stdout and "[默认：table]" in shown.stdout


FROZEN = '''
import importlib.abc, importlib.util, pathlib, sys
import typer as installed
SRC = pathlib.Path(installed.__file__).parent
for name in [m for m in sys.modules if m == "typer" or m.startswith("typer.")]:
    del sys.modules[name]

class Bundle(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves typer from memory, as a frozen application's importer does (no file path to find)."""
    def find_spec(self, name, path, target=None):
        if name == "typer" or name.startswith("typer."):
            return importlib.util.spec_from_loader(name, self, is_package=name == "typer")
    def create_module(self, spec):
        return None
    def exec_module(self, module):
        name = module.__name__
        if name == "typer":
            module.__path__ = ["/bundle/typer"]
        source = SRC / (name.split(".", 1)[1] + ".py" if "." in name else "__init__.py")
        exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"), module.__dict__)

sys.meta_path.insert(0, Bundle())
from govinfo.cli.app import main
main(["score", "--help"])
'''


def test_help_is_chinese_when_typer_comes_from_a_frozen_bundle():
    env = dict(os.environ, COLUMNS="80", PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT))
    shown = subprocess.run([sys.executable, "-c", FROZEN], env=env, capture_output=True, text=True, encoding="utf-8",
                           timeout=120)
    assert "─ 选项 ─" in shown.stdout and "[默认：table]" in shown.stdout, shown.stdout + shown.stderr


def test_a_missing_option_ends_in_a_chinese_full_stop():
    from conftest import run_cli
    result = run_cli(["explain", "--month", "2026-10"])
    assert result.code != 0 and "缺少选项 '--unit'。" in result.text and "'--unit'." not in result.text
    dotted = run_cli(["excellent", "--year", "2026"])  # a name holding dots keeps them
    assert "缺少参数 '信息编号...'。" in dotted.text
