"""Shared fixtures: a small workspace, and a runner that goes through the real `main()`."""
from __future__ import annotations

import itertools

import os
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from govinfo.cli.app import main
from govinfo.store.workspace import open_workspace
from govinfo.actions.init import init_workspace

NOW = "2026-11-21 10:00"

ROSTER = """\
# 测试花名册（注释须在编辑后保留）
units:
  - code: T01
    name: 城关镇人民政府
    short: 城关镇
    category: township
    direct_point: true
    officers:
      - name: 张三
        phone: "13800000001"
  - code: T02
    name: 东河镇人民政府
    short: 东河镇
    category: township
  - code: G01
    name: 市发展和改革局
    short: 发展和改革局
    category: general_dept
  - code: D01
    name: 市教育局
    short: 教育局
    category: other_dept
"""

BODY = ("今年以来，城关镇坚持把秋粮收购作为重点工作来抓，组织12个村开展收购服务，"
        "共收购秋粮3200吨，同比增长15%，有效保障了农民利益和粮食安全。")


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def run_cli(args: list[str], input: str | None = None, env: dict | None = None) -> Result:
    runner = CliRunner()
    with runner.isolation(input=input, env=env) as streams:
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        out = streams[0].getvalue().decode("utf-8", "replace")
        err = streams[1].getvalue().decode("utf-8", "replace")
    return Result(code, out, err)


def pytest_configure(config):
    """Before any fixture, module- and session-scoped ones included: a session-wide local index of
    the tests' own, so that nothing a test builds ever touches the user's (~/.cache/govinfo)."""
    import tempfile
    config._govinfo_index = Path(tempfile.mkdtemp(prefix="govinfo-test-index-"))
    os.environ["GOVINFO_INDEX"] = str(config._govinfo_index / "index.sqlite3")


def pytest_unconfigure(config):
    folder = getattr(config, "_govinfo_index", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def pinned_now(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("GOVINFO_NOW", NOW)
    # a test's own local index, never the user's (~/.cache/govinfo)
    monkeypatch.setenv("GOVINFO_INDEX", str(tmp_path_factory.mktemp("index") / "index.sqlite3"))
    monkeypatch.delenv("GOVINFO_ROOT", raising=False)
    monkeypatch.delenv("GOVINFO_INTERACTIVE", raising=False)


@pytest.fixture(scope="session")
def blank_workspace(tmp_path_factory) -> Path:
    """A new workspace with the test roster, made once: each test gets a copy (init writes every
    file atomically, fsync and all, and that was most of what a quick test cost)."""
    root = init_workspace(tmp_path_factory.mktemp("blank") / "ws")
    (root / "rules" / "roster.yaml").write_text(ROSTER, encoding="utf-8")
    return root


@pytest.fixture
def ws_root(tmp_path, blank_workspace) -> Path:
    from govinfo.store.paths import close_root
    root = tmp_path / "ws"
    shutil.copytree(blank_workspace, root)
    root = root.resolve()
    close_root(root)  # as init does: no link inside it is followed
    return root


@pytest.fixture
def cli(ws_root):
    """Run govinfo in the test workspace: cli("list", "--month", "2026-10")."""
    def call(*args, input=None, env=None):
        return run_cli([*args, "--root", ws_root], input=input, env=env)
    return call


@pytest.fixture
def submit(cli):
    """Submit an item through the CLI; return its id."""
    count = itertools.count(1)

    def do(unit="T01", title="城关镇多措并举推进秋粮收购", date="2026-10-12", category="工作动态", body=None, **extra):
        # a text of its own for each item: submit refuses one the unit has already submitted
        body = body if body is not None else f"{BODY}（第{next(count)}条）"
        args = ["submit", "--unit", unit, "--title", title, "--drafter", "张三", "--reviewer", "李四",
                "--date", date, "--category", category, "--body", body]
        for key, value in extra.items():
            args += [f"--{key.replace('_', '-')}", value]
        result = cli(*args)
        assert result.code == 0, result.text
        return result.out.strip()
    return do


def workspace(root: Path):
    return open_workspace(root)


def item_file(root: Path, item_id: str) -> Path:
    return root / "data" / "items" / item_id[:4] / item_id[4:6] / f"{item_id}.md"


os.environ.setdefault("COLUMNS", "200")  # wide tables in captured output
# The notice's 版记 page check lays each notice out with LibreOffice (seconds a notice): off for the
# tests, on in those that print through LibreOffice (test_notice_office: soffice_on).
os.environ["GOVINFO_SOFFICE"] = "none"


@contextmanager
def soffice_on():
    """The page check on, with the tests' font mapping (office_env), for a module fixture too."""
    saved = {k: os.environ.get(k) for k in ("GOVINFO_SOFFICE", "FONTCONFIG_FILE")}
    os.environ.update(GOVINFO_SOFFICE=shutil.which("soffice") or "none", FONTCONFIG_FILE=str(FONTS_CONF))
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    """The bundled demo workspace, built once per test session. Never modify it: tests that
    change files take a copy (`demo_copy`, or `copy_demo` in a module fixture)."""
    with now_pinned():
        return init_workspace(tmp_path_factory.mktemp("demo-master") / "demo", demo=True)


@contextmanager
def now_pinned(now: str = NOW):
    """GOVINFO_NOW set for a module or session fixture (which cannot use monkeypatch), restored after."""
    saved = os.environ.get("GOVINFO_NOW")
    os.environ["GOVINFO_NOW"] = now
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("GOVINFO_NOW", None)
        else:
            os.environ["GOVINFO_NOW"] = saved


def copy_demo(demo_master: Path, target: Path) -> Path:
    """A private copy of the demo workspace, without the master's site code and local files."""
    import shutil
    shutil.copytree(demo_master, target, ignore=shutil.ignore_patterns(".govinfo"))
    return target


@pytest.fixture
def demo_copy(demo_master, tmp_path) -> Path:
    """A private copy of the demo workspace for one test."""
    return copy_demo(demo_master, tmp_path / "demo")


def pin_site_code(root: Path, code: str) -> None:
    """Give a workspace folder a known site code, as `site_code` would have drawn it at random:
    tests that need two clones to differ must not depend on a 1-in-30,000 draw."""
    import json
    import platform
    key = f"{platform.node()}|{Path(root).resolve()}"
    (Path(root) / ".govinfo").mkdir(exist_ok=True)
    (Path(root) / ".govinfo" / "sites.json").write_text(json.dumps({key: code}), encoding="utf-8")


WHOLE_DEMO = {"demo_master", "demo_copy", "archive"}  # archive: test_index's generated 1,500 items
PROPERTY_MODULES = {"test_scoring_properties", "test_io_properties"}


def pytest_collection_modifyitems(config, items):
    """Tests on the whole demo workspace (built once per session, about ten seconds) or a generated
    archive, and the
    hypothesis property tests are `slow`: `pytest -m "not slow"` is the quick loop, CI runs all."""
    for item in items:
        if WHOLE_DEMO & set(getattr(item, "fixturenames", ())) or item.module.__name__ in PROPERTY_MODULES:
            item.add_marker(pytest.mark.slow)


FONTS_CONF = Path(__file__).parent / "fonts.conf"


def office_env() -> dict:
    """The environment for LibreOffice in the tests: the document's Chinese font names mapped to the
    Song, Kai and Hei faces Debian ships (tests/fonts.conf)."""
    return dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF))
