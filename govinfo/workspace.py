"""The workspace: a folder with rules/ and data/, found like git finds its repository."""
from __future__ import annotations

import os
from functools import cached_property
from dataclasses import dataclass, field
from pathlib import Path

from govinfo.diagnostics import Diagnostic, Source, UserError, error, has_errors
from govinfo.fsutil import write_atomic
from govinfo.roster import Unit, load_roster
from govinfo.rules import Office, Rules, did_you_mean, load_rules

MARKER = Path("rules") / "points.yaml"
ITEMS_DIR = Path("data") / "items"
RECORDS_DIR = Path("data") / "records"
GITIGNORE = "# govinfo 的本机缓存与站点代码，不入库\n.govinfo/\n# 生成的通报与报表\nout/\n"


def bundled_dir(name: str) -> Path:
    """Bundled files: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_bundled" / name, here.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(name)


def find_root(explicit: str | os.PathLike | None = None) -> Path:
    """--root, else GOVINFO_ROOT, else the nearest folder upwards holding rules/points.yaml."""
    given = explicit or os.environ.get("GOVINFO_ROOT")
    if given:
        root = Path(given).expanduser()
        if not (root / MARKER).is_file():
            raise UserError(error(Source(str(root)), "NO-WORKSPACE", f"“{root}”不是 govinfo 工作区（没有 {MARKER.as_posix()}）",
                                  f"用 govinfo init {root} 新建一个工作区，或检查 --root 是否写对"))
        return root.resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    raise UserError(error(Source(str(here)), "NO-WORKSPACE", "当前文件夹及其上级都不是 govinfo 工作区",
                          "先 cd 到工作区文件夹，或加 --root 工作区路径，或用 govinfo init 文件夹 新建"))


@dataclass
class Workspace:
    root: Path
    rules: Rules | None
    office: Office
    units: list[Unit]
    diags: list[Diagnostic] = field(default_factory=list)

    @cached_property
    def unit_map(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def require_units(self, codes, cmd: str) -> None:
        """Refuse unit codes not on the roster, every one named, with a suggestion."""
        bad = [c for c in codes if c not in self.unit_map]
        if bad:
            raise UserError([error(Source(f"govinfo {cmd}"), "UNKNOWN-UNIT", f"单位代码“{c}”不在花名册中",
                                   did_you_mean(c, sorted(self.unit_map))) for c in bad])

    def require_rules(self) -> Rules:
        if self.rules is None or has_errors(self.diags):
            raise UserError([d for d in self.diags if d.severity == "error"] or
                            [error(Source("rules/points.yaml"), "RULES", "规则文件有错误")])
        return self.rules

    def items_dir(self, year: int, month: int) -> Path:
        return self.root / ITEMS_DIR / f"{year:04d}" / f"{month:02d}"

    def records_dir(self, year: int, month: int) -> Path:
        return self.root / RECORDS_DIR / f"{year:04d}" / f"{month:02d}"


def open_workspace(explicit=None) -> Workspace:
    root = find_root(explicit)
    rules, office, diags = load_rules(root)
    units, roster_diags = load_roster(root, rules)
    return Workspace(root, rules, office, units, diags + roster_diags)


def rule_sets() -> list[str]:
    """Bundled point-rule sets: 'default' (seed 000) and the examples."""
    return ["default"] + sorted(p.stem for p in (bundled_dir("rules") / "examples").glob("*.yaml"))


def init_workspace(target: Path, demo: bool = False, rules: str = "default") -> Path:
    """Create a workspace from the bundled defaults; never overwrite an existing one."""
    target = Path(target)
    if rules not in rule_sets():
        from govinfo.rules import did_you_mean
        raise UserError(error(Source("govinfo init"), "UNKNOWN-RULES", f"没有名为“{rules}”的内置计分办法",
                              did_you_mean(rules, rule_sets())))
    if demo and rules != "default":
        raise UserError(error(Source("govinfo init"), "USAGE", "演示数据只配默认计分办法", "去掉 --rules，或不加 --demo"))
    if (target / "rules").exists() or (target / "data").exists():
        raise UserError(error(Source(str(target)), "EXISTS", f"“{target}”里已经有 rules/ 或 data/，不会覆盖",
                              "换一个空文件夹，或先备份后删除原有内容"))
    defaults = bundled_dir("rules") / "default"
    for sub in (ITEMS_DIR, RECORDS_DIR):
        (target / sub).mkdir(parents=True, exist_ok=True)
    for name in ("points.yaml", "office.yaml", "roster.yaml"):
        source = defaults / name
        if name == "points.yaml" and rules != "default":
            source = bundled_dir("rules") / "examples" / f"{rules}.yaml"
        write_atomic(target / "rules" / name, source.read_bytes())
    for source in sorted(bundled_dir("templates").glob("*.txt")) + [bundled_dir("templates") / "README.md"]:
        if not (target / "templates" / source.name).exists():  # the wording clerks edit; theirs is kept
            write_atomic(target / "templates" / source.name, source.read_bytes())
    if not (target / ".gitignore").exists():
        write_atomic(target / ".gitignore", GITIGNORE)
    if demo:
        from govinfo.demo import fill_demo  # imported late: only demo workspaces need it
        fill_demo(target)
    return target.resolve()
