"""govinfo init: a new workspace from the bundled rules and templates, optionally with demo data."""
from __future__ import annotations

from pathlib import Path

from govinfo.core.diagnostics import Source, UserError, error
from govinfo.store.atomic import make_folder, transaction, write_atomic
from govinfo.store.paths import close_root
from govinfo.core.suggest import did_you_mean
from govinfo.store.workspace import GITIGNORE, ITEMS_DIR, RECORDS_DIR, bundled_dir


def rule_sets() -> list[str]:
    """Bundled point-rule sets: 'default' (seed 000) and the examples."""
    return ["default"] + sorted(p.stem for p in (bundled_dir("rules") / "examples").glob("*.yaml"))


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


def _fill(target: Path, demo: bool, rules: str) -> None:
    defaults = bundled_dir("rules") / "default"
    for sub in (ITEMS_DIR, RECORDS_DIR):
        make_folder(target / sub)
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
        from govinfo.actions.demo import fill_demo  # imported late: only demo workspaces need it
        fill_demo(target)
