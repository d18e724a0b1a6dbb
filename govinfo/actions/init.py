"""govinfo init: a new workspace from the bundled rules and templates, optionally with demo data."""
from __future__ import annotations

from pathlib import Path

from govinfo.core.diagnostics import Diagnostic, Source, UserError, error, warning
from govinfo.store.atomic import make_folder, transaction, write_atomic
from govinfo.store.paths import close_root
from govinfo.core.suggest import did_you_mean
from govinfo.store.workspace import GITIGNORE, ITEMS_DIR, MARKER, RECORDS_DIR, bundled_dir


def rule_sets() -> list[str]:
    """Bundled point-rule sets: 'default' (seed 000) and the examples."""
    return ["default"] + sorted(p.stem for p in (bundled_dir("rules") / "examples").glob("*.yaml"))


def rule_set_summaries() -> list[tuple[str, str]]:
    """(name, the set's own `name:`) of each bundled set, for `govinfo init --help`."""
    import re
    out = []
    for name in rule_sets():
        path = bundled_dir("rules") / ("default/points.yaml" if name == "default" else f"examples/{name}.yaml")
        found = re.search(r"^name:\s*(.+)$", path.read_text(encoding="utf-8"), re.M)
        out.append((name, found[1].strip() if found else ""))
    return out


def _fit_to_rules(office: str, roster: str, points: Path) -> tuple[str, str]:
    """office.yaml's 简报 distribution under the set's own publication (or commented out when it
    has none), and the roster's comment listing the set's unit categories."""
    import yaml
    data = yaml.safe_load(points.read_text(encoding="utf-8"))
    own = [k for k, p in (data.get("publications") or {}).items() if isinstance(p, dict) and p.get("own")]
    lines = office.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("briefings:"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i].startswith(" ")), len(lines))
    if own:
        lines[start + 1] = lines[start + 1].replace("city_express:", f"{own[0]}:")
    else:
        lines[start:end] = ["# " + line if line.strip() else line for line in lines[start:end]]
    cats = " / ".join(f"{k} {v.get('name', '')}" for k, v in (data.get("unit_categories") or {}).items())
    first = next(iter(data.get("unit_categories") or {"township": None}))
    roster = "\n".join(f"# category 类别（{cats}）、" if line.startswith("# category 类别") else line
                       for line in roster.split("\n")).replace("--category township", f"--category {first}") \
        .replace("#    category: township", f"#    category: {first}")
    return "".join(lines), roster


def init_workspace(target: Path, demo: bool = False, rules: str = "default") -> Path:
    """Create a workspace from the bundled defaults; never overwrite an existing one."""
    target = Path(target)
    if rules not in rule_sets():
        raise UserError(error(Source("govinfo init"), "UNKNOWN-RULES", f"没有名为“{rules}”的内置计分办法",
                              did_you_mean(rules, rule_sets())))
    if demo and rules != "default":
        raise UserError(error(Source("govinfo init"), "USAGE", "演示数据只配默认计分办法", "去掉 --rules，或不加 --demo"))
    if (target / "rules").exists() or (target / "data").exists():
        raise UserError(error(Source(str(target)), "EXISTS", f"“{target}”里已经有 rules/ 或 data/，不会覆盖",
                              "换一个空文件夹，或先备份后删除原有内容"))
    close_root(target)
    with transaction():  # the whole workspace or nothing: a failure half-way removes what was made
        _fill(target, demo, rules)
    return target.resolve()


def nested_warnings(root: Path) -> list[Diagnostic]:
    """A new workspace inside another one is legal, but commands run in between find the nearer of the two."""
    outer = next((f for f in root.parents if (f / MARKER).is_file()), None)
    if outer is None:
        return []
    return [warning(Source(str(root)), "NESTED-WORKSPACE", f"新工作区建在另一个工作区“{outer}”里面",
                    f"在 {root} 里运行的命令用新工作区，在它外面用原工作区；不是有意的话，删掉它，到别处重建")]


def _fill(target: Path, demo: bool, rules: str) -> None:
    defaults = bundled_dir("rules") / "default"
    for sub in (ITEMS_DIR, RECORDS_DIR):
        make_folder(target / sub)
    points = defaults / "points.yaml" if rules == "default" else bundled_dir("rules") / "examples" / f"{rules}.yaml"
    write_atomic(target / "rules" / "points.yaml", points.read_bytes())
    office, roster = (defaults / "office.yaml").read_text(encoding="utf-8"), (defaults / "roster.yaml").read_text(encoding="utf-8")
    if rules != "default":  # the bundled office and roster name the default set's publication and categories
        office, roster = _fit_to_rules(office, roster, points)
    write_atomic(target / "rules" / "office.yaml", office.encode("utf-8"))
    write_atomic(target / "rules" / "roster.yaml", roster.encode("utf-8"))
    write_atomic(target / "rules" / "README.md", (bundled_dir("rules") / "README.md").read_bytes())  # the rules reference
    for source in sorted(bundled_dir("templates").glob("*.txt")) + [bundled_dir("templates") / "README.md"]:
        if not (target / "templates" / source.name).exists():  # the wording clerks edit; theirs is kept
            write_atomic(target / "templates" / source.name, source.read_bytes())
    if not (target / ".gitignore").exists():
        write_atomic(target / ".gitignore", GITIGNORE)
    if demo:
        from govinfo.actions.demo import fill_demo  # imported late: only demo workspaces need it
        fill_demo(target)
