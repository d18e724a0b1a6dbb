"""The workspace: a folder with rules/ and data/, found like git finds its repository."""
from __future__ import annotations

import os
from functools import cached_property
from dataclasses import dataclass, field
from pathlib import Path

from govinfo.core.diagnostics import Diagnostic, Source, UserError, error, warning
from govinfo.store.paths import close_root
from govinfo.store.roster import ROSTER_FILE, Unit, load_roster
from govinfo.store.rules import OFFICE_FILE, Office, Rules, load_rules, placeholder_warnings

MARKER = Path("rules") / "points.yaml"
ITEMS_DIR = Path("data") / "items"
RECORDS_DIR = Path("data") / "records"
GITIGNORE = "# govinfo 的本机缓存与站点代码，不入库\n.govinfo/\n# 生成的通报与报表\nout/\n"


def bundled_dir(name: str) -> Path:
    """Bundled files: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parents[1]  # govinfo/
    for candidate in (package / "_bundled" / name, package.parent / name):
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
    office_read: bool = True  # False: office.yaml is there but could not be read, its defaults stand in

    @cached_property
    def unit_map(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    @cached_property
    def office_warnings(self) -> list[Diagnostic]:
        """What the issuer must see before a notice goes out: office.yaml's own warnings (a misspelt key
        is ignored and its default printed) and the names still the bundled examples. Nothing when
        office.yaml could not be read: its error says so, and the defaults standing in for it are not
        the office's names."""
        if not self.office_read:
            return self.roster_warnings
        return [d for d in self.diags if d.source.path == OFFICE_FILE and d.severity == "warning"] + \
            placeholder_warnings(self.office) + self.roster_warnings

    @property
    def roster_warnings(self) -> list[Diagnostic]:
        """A roster read without error but naming no unit: a notice of nobody is no notice."""
        if self.units or any(d.source.path.startswith("rules/roster") for d in self.diags):
            return []
        return [warning(Source("rules/roster.yaml"), "EMPTY-ROSTER", "花名册里还没有报送单位，各项计分、排名和通报都是空的",
                        "用 govinfo units add 添加单位，或编辑 rules/roster.yaml")]

    @property
    def placeholder_warnings(self) -> list[Diagnostic]:
        """office_warnings without office.yaml's own (validate lists those with the others)."""
        return [d for d in self.office_warnings if d.code in ("PLACEHOLDER", "EMPTY-ROSTER")]

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def require_units(self, codes, cmd: str, flag: str = "--unit") -> list[str]:
        """The roster codes of the units named (by code in any case, name, short name, alias or a
        unique part of them); every name not found or ambiguous is refused, each with its choices."""
        from govinfo.store import names
        choices = names.unit_choices(self.units)
        found, problems = [], []
        for query in codes:
            try:
                found.append(names.pick(query, choices, "单位", f"govinfo {cmd} {flag}"))
            except UserError as exc:
                problems += exc.diags
        if problems:
            raise UserError(problems)
        return found

    def name_key(self, kind: str, query: str, cmd: str, flag: str) -> str:
        """A publication (pub / own_pub), leader level, penalty kind, unit or item category by key or name."""
        from govinfo.store import names
        rules = self.require_rules()
        choices, what = {"pub": (lambda: names.pub_choices(rules), "刊物"),
                         "own_pub": (lambda: names.pub_choices(rules, True), "自办刊物"),
                         "level": (lambda: names.level_choices(rules), "批示级别"),
                         "penalty": (lambda: names.penalty_choices(rules), "扣分类型"),
                         "unit_category": (lambda: names.unit_category_choices(rules), "单位类别"),
                         "item_category": (lambda: names.item_category_choices(rules), "信息类别")}[kind]
        return names.pick(query, choices(), what, f"govinfo {cmd} {flag}")

    def require_rules(self, roster_errors_allowed: bool = False) -> Rules:
        """The rules, refused while any settings file has an error. `roster_errors_allowed`: for
        the roster's own commands, which must be able to edit a roster that has one (to mend it)."""
        wrong = [d for d in self.diags if d.severity == "error"
                 and not (roster_errors_allowed and d.source.path == ROSTER_FILE)]
        if self.rules is None or wrong:
            raise UserError(wrong or [error(Source("rules/points.yaml"), "RULES", "规则文件有错误")])
        return self.rules

    def items_dir(self, year: int, month: int) -> Path:
        return self.root / ITEMS_DIR / f"{year:04d}" / f"{month:02d}"

    def records_dir(self, year: int, month: int) -> Path:
        return self.root / RECORDS_DIR / f"{year:04d}" / f"{month:02d}"


def open_workspace(explicit=None) -> Workspace:
    root = find_root(explicit)
    close_root(root)
    rules, office, office_read, diags = load_rules(root)
    units, roster_diags = load_roster(root, rules)
    return Workspace(root, rules, office, units, diags + roster_diags, office_read)
