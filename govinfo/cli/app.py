"""The command line: each command parses its options and calls one library function.

User mistakes arrive as UserError and are printed once, as `path:line: 错误 [CODE] message`,
with exit code 1; nothing here prints a traceback unless GOVINFO_DEBUG is set.
"""
from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from typing_extensions import Annotated

from govinfo import __version__
from govinfo.cli import click_zh as cli_zh
from govinfo.core.diagnostics import ERROR, Source, UserError, error, to_json

cli_zh.install()

app = typer.Typer(help="govinfo：政务信息报送、采用登记、计分排名与通报工具。工作区是一个包含 rules/ 和 data/ 的文件夹。",
                  no_args_is_help=True, add_completion=False, context_settings={"help_option_names": ["-h", "--help"]},
                  suggest_commands=False)  # Click suggests in Chinese already (click_zh); Typer's own is English
units_app = typer.Typer(help="报送单位名单：不带子命令时列出全部单位。", invoke_without_command=True)
solicit_app = typer.Typer(help="约稿：发出约稿、查看约稿。", no_args_is_help=True)
penalty_app = typer.Typer(help="扣分登记。", no_args_is_help=True)
app.add_typer(units_app, name="units")
app.add_typer(solicit_app, name="solicit")
app.add_typer(penalty_app, name="penalty")

Root = Annotated[Optional[Path], typer.Option("--root", help="工作区文件夹；不给时用环境变量 GOVINFO_ROOT，或从当前文件夹向上查找", show_default=False)]
Json = Annotated[bool, typer.Option("--json", help="以 JSON 输出，供脚本使用")]


def _safe_streams() -> None:
    """A GBK console cannot show every character: replace, never crash."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


class FoldingConsole(Console):
    """A line of text wider than the console is folded between words or Chinese characters, its
    continuation indented, an id or path never cut (render.console.fold_text); tables and styled
    text are laid out by rich itself."""

    def print(self, *objects, **kwargs):
        if len(objects) == 1 and isinstance(objects[0], str) and not kwargs.get("soft_wrap") and "\n" not in objects[0]:
            from rich.cells import cell_len
            if cell_len(objects[0]) > self.width:
                from govinfo.render.console import fold_text
                for part in fold_text(objects[0], self.width, "    "):
                    super().print(part, **{**kwargs, "soft_wrap": True})
                return
        super().print(*objects, **kwargs)


def out() -> Console:
    """Markup off: a title or unit name holding `[/]` is shown as typed, never read as styling
    (renderers that want style build rich Text objects)."""
    return FoldingConsole(highlight=False, soft_wrap=False, markup=False, emoji=False)


def err() -> Console:
    return FoldingConsole(stderr=True, highlight=False, soft_wrap=False, markup=False, emoji=False)


def echo_json(data) -> None:
    write_data(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _utf8(stream) -> bool:
    return (stream.encoding or "").lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")


def write_data(text: str, csv: bool = False) -> None:
    """JSON or CSV on stdout. Redirected to a file or a program on a Windows PC, stdout speaks the
    console's code page (GBK), which turns the BOM and any character outside GBK into '?'; there
    JSON goes out as plain ASCII (\\u escapes, read by every JSON reader) and CSV as UTF-8 bytes.
    CSV for a file carries the BOM that lets Excel read the Chinese; a console is shown the text."""
    stream = sys.stdout
    if stream.isatty():
        stream.write(text)
    elif not csv:
        stream.write(text if _utf8(stream) else _ascii_json(text))
    elif _utf8(stream) or not hasattr(stream, "buffer"):
        stream.write("\ufeff" + text)
    else:
        stream.flush()
        stream.buffer.write(("\ufeff" + text).encode("utf-8"))
        stream.buffer.flush()


def _ascii_json(text: str) -> str:
    """The same JSON with each character outside ASCII (found only inside strings) escaped."""
    import re
    return re.sub(r"[^\x00-\x7f]", lambda m: json.dumps(m[0])[1:-1], text)


def ws_open(root):
    from govinfo.store.workspace import open_workspace
    return open_workspace(root)


def split_list(value: str) -> list[str]:
    from govinfo.store.names import split_list as split
    return split(value)


def interactive() -> bool:
    return sys.stdin.isatty() or os.environ.get("GOVINFO_INTERACTIVE") == "1"


def _show_version(value: bool) -> None:
    if value:
        out().print(f"govinfo {__version__}")
        raise typer.Exit(0)


@app.callback()
def options(no_cache: Annotated[bool, typer.Option("--no-cache", help="不用本机索引，逐个读取文件（可写在任何命令后）")] = False,
            version: Annotated[bool, typer.Option("--version", help="显示版本并退出。", is_eager=True,
                                                  callback=_show_version)] = False):
    from govinfo.store import index
    index.configure(enabled=not no_cache and index.enabled_by_environment())


def _init_help() -> str:
    """init's help, with one line for each bundled rule set (read from the sets themselves)."""
    from govinfo.actions.init import rule_set_summaries
    sets = "\n\n".join(f"{name}：{line}" for name, line in rule_set_summaries())
    return ("新建工作区：rules/（计分办法、本办信息、花名册、计分办法参考 README.md）和 data/（信息与记录）。\n\n"
            "内置计分办法（用 --rules 名称 选用，默认 default）：\n\n" + sets)


@app.command(help=_init_help())
def init(folder: Annotated[Path, typer.Argument(metavar="文件夹", help="新工作区的文件夹（不存在会新建）")],
         demo: Annotated[bool, typer.Option("--demo", help="同时生成一整套演示数据（确定性的，每次相同）")] = False,
         rules: Annotated[str, typer.Option("--rules", help="内置计分办法的名称（见上面的列表）")] = "default"):
    from govinfo.actions.init import init_workspace, nested_warnings
    root = init_workspace(folder, demo=demo, rules=rules)
    out().print(f"已建立工作区：{root}")
    _print_warnings(nested_warnings(root))
    if demo:
        out().print("已生成演示数据。试试：govinfo validate --root " + str(folder))
    else:
        out().print("下一步：编辑 rules/roster.yaml 或用 govinfo units add 添加报送单位。")


@app.command("demo")
def demo_archive(folder: Annotated[Path, typer.Argument(metavar="文件夹", help="新工作区的文件夹（不存在会新建）")],
                 items: Annotated[int, typer.Option("--items", min=1, max=1_000_000, help="信息条数，如 100000")] = 10_000,
                 years: Annotated[Optional[int], typer.Option("--years", min=1, max=30, help="跨几年（到 2026 年 10 月为止）；不给时每 1 万条一年")] = None):
    """生成一个大规模演示工作区（150 个单位，确定性的），用于试用和性能测试。"""
    from govinfo.actions.demo_archive import generate
    from govinfo.core.progress import shown, tick
    from govinfo.actions.init import init_workspace
    from govinfo.actions.init import nested_warnings
    root = init_workspace(folder)
    with shown("正在生成演示数据"):
        counts = generate(root, items, years, progress=tick)
    out().print(f"已建立工作区：{root}")
    _print_warnings(nested_warnings(root))
    out().print(f"{counts['first']} 至 {counts['last']}：信息 {counts['items']} 条（采用 {counts['adopted']} 条，"
                f"批示 {counts['instructed']} 条），共写入 {counts['files']} 个文件。"
                f"试试：govinfo score --root {folder} --year 2026")


@units_app.callback()
def units(ctx: typer.Context, root: Root = None, as_json: Json = False):
    """列出报送单位。"""
    if ctx.invoked_subcommand:
        return
    ws = ws_open(root)
    errors = [d for d in ws.diags if d.severity == ERROR]
    if errors and not ws.units:  # an unreadable roster is an error, not an empty list
        raise UserError(errors)
    if as_json:
        echo_json([{"code": u.code, "name": u.name, "short": u.short, "category": u.category, "parent": u.parent,
                    "direct_point": u.direct_point, "officers": [{"name": o.name, "phone": o.phone} for o in u.officers],
                    "active_from": u.active_from.isoformat() if u.active_from else None,
                    "active_to": u.active_to.isoformat() if u.active_to else None} for u in ws.units])
        return
    from govinfo.core.dates import today
    from govinfo.render.console import units_table
    _print_warnings(ws.diags)
    out().print(units_table(ws, ws.units, today()))
    if errors:
        raise typer.Exit(1)


@units_app.command("add")
def units_add(code: Annotated[str, typer.Option("--code", help="单位代码：字母、数字、下划线，如 T01")],
              name: Annotated[str, typer.Option("--name", help="单位全称")],
              category: Annotated[str, typer.Option("--category", help="类别键名，如 township / general_dept / other_dept")],
              short: Annotated[str, typer.Option("--short", help="简称")] = "",
              parent: Annotated[Optional[str], typer.Option("--parent", help="上级单位代码")] = None,
              direct_point: Annotated[bool, typer.Option("--direct-point", help="是直报点")] = False,
              officer: Annotated[str, typer.Option("--officer", help="信息员姓名")] = "",
              phone: Annotated[str, typer.Option("--phone", help="信息员电话")] = "",
              since: Annotated[Optional[str], typer.Option("--from", help="从哪天起参加计分，如 2026-01-01（默认：已有信息的工作区为今天，新工作区不限）")] = None,
              root: Root = None):
    """在花名册中添加一个单位（保留文件中的注释）。"""
    from govinfo.store.roster import add_unit
    ws = ws_open(root)
    unit = add_unit(ws.root, ws.require_rules(roster_errors_allowed=True), code=code, name=name, category=category, short=short,
                    parent=parent, direct_point=direct_point, officer=officer, phone=phone, since=since)
    out().print(f"已添加单位 {unit.code} {unit.name}（rules/roster.yaml）", markup=False)
    if unit.active_from:
        out().print(f"从 {unit.active_from} 起参加计分；以前各期不计它（要计入，用 --from 写更早的日期）", markup=False)


@units_app.command("edit")
def units_edit(code: Annotated[str, typer.Argument(metavar="单位", help="单位代码或名称")],
               name: Annotated[Optional[str], typer.Option("--name", help="新的全称")] = None,
               short: Annotated[Optional[str], typer.Option("--short", help="新的简称")] = None,
               category: Annotated[Optional[str], typer.Option("--category", help="新的类别（键名或名称）")] = None,
               parent: Annotated[Optional[str], typer.Option("--parent", help="上级单位")] = None,
               officer: Annotated[Optional[str], typer.Option("--officer", help="信息员姓名")] = None,
               phone: Annotated[Optional[str], typer.Option("--phone", help="信息员电话")] = None,
               since: Annotated[Optional[str], typer.Option("--from", help="从哪一天起参加计分，如 2026-01-01")] = None,
               root: Root = None):
    """修改花名册中的一个单位：名称、类别、信息员、起始日期等（保留文件中的注释）。"""
    from govinfo.actions.new_records import parse_day
    from govinfo.store.roster import edit_unit
    ws = ws_open(root)
    changes = {"name": name, "short": short, "category": category, "parent": parent, "officer": officer, "phone": phone}
    if all(v is None for v in changes.values()) and since is None:
        raise UserError(error(Source("govinfo units edit"), "USAGE", "请给出要修改的项目，如 --name、--category、--phone、--from",
                              "如 govinfo units edit T01 --phone 13800000000"))
    start = parse_day(since, "units edit", "--from") if since is not None else None
    before = {u.code: u for u in ws.units}
    unit = edit_unit(ws.root, ws.require_rules(roster_errors_allowed=True), code, changes, start=start)
    out().print(f"已修改单位 {unit.code} {unit.name}（rules/roster.yaml）", markup=False)
    from govinfo.render.console import unit_changes
    for line in unit_changes(before.get(unit.code), unit):
        out().print(f"  {line}", markup=False)


@units_app.command("retire")
def units_retire(code: Annotated[str, typer.Argument(metavar="单位", help="单位代码或名称")],
                 date: Annotated[str, typer.Option("--date", help="撤并（停止报送）的日期，如 2026-12-31")],
                 root: Root = None):
    """单位撤并：从这一天以后不再要求报送、不再计分排名；此前的信息和得分都保留。"""
    from govinfo.actions.new_records import parse_day
    from govinfo.store.roster import edit_unit
    ws = ws_open(root)
    day = parse_day(date, "units retire")
    before = {u.code: u.active_to for u in ws.units}
    unit = edit_unit(ws.root, ws.require_rules(roster_errors_allowed=True), code, {}, retire=day)
    console = out()
    console.print(f"单位 {unit.code} {unit.name} 报送到 {day} 为止，以后不再要求报送、不再计分；此前的信息和得分保留"
                  "（rules/roster.yaml 的 active_to）", markup=False)
    if before.get(unit.code) and before[unit.code] != day:
        console.print(f"原来写的是报送到 {before[unit.code]} 为止，已改为 {day}。", markup=False)
    from govinfo.compute.query import items_after
    later = items_after(ws, unit.code, day)
    if later:
        err().print(f"注意：{unit.label}在 {day} 以后还报送了 {len(later)} 条信息（最晚一条 {later[-1].id}，"
                    f"{later[-1].submitted.date()}），它们不再计分；日期写错了就用正确的日期再运行一次 units retire",
                    markup=False)


@app.command()
def submit(unit: Annotated[Optional[str], typer.Option("--unit", help="报送单位代码")] = None,
           title: Annotated[Optional[str], typer.Option("--title", help="标题；用 --body-file 时可省略，取文件第一段")] = None,
           drafter: Annotated[Optional[str], typer.Option("--drafter", help="拟稿人")] = None,
           reviewer: Annotated[Optional[str], typer.Option("--reviewer", help="审核签发人（单位负责人）")] = None,
           date: Annotated[Optional[str], typer.Option("--date", help="报送日期或时间，如 2026-10-12 09:30；默认现在")] = None,
           category: Annotated[Optional[str], typer.Option("--category", help="信息类别，如 工作动态")] = None,
           body: Annotated[Optional[str], typer.Option("--body", help="正文文字")] = None,
           body_file: Annotated[Optional[Path], typer.Option("--body-file", help="正文文件：.txt/.md（UTF-8 或 GBK）或 .docx")] = None,
           solicitation: Annotated[Optional[str], typer.Option("--solicitation", help="所答约稿的编号")] = None,
           event_time: Annotated[Optional[str], typer.Option("--event-time", help="紧急信息的事件发生时间")] = None,
           secrecy: Annotated[str, typer.Option("--secrecy", help="密级：公开 或 内部（涉密信息不得录入）")] = "公开",
           joint: Annotated[Optional[str], typer.Option("--joint", help="联合报送单位代码，逗号分隔")] = None,
           root: Root = None, as_json: Json = False):
    """录入一条报送信息，打印新编号。缺少的项目在终端中会逐项询问，保存前请核对。"""
    from dataclasses import replace
    from govinfo.actions.submit import check_draft, draft_from
    from govinfo.actions.submit import submit as do_submit
    ws = ws_open(root)
    ws.require_rules()
    draft, named = draft_from(ws, unit=unit, title=title, drafter=drafter, reviewer=reviewer, submitted=date,
                              category=category, body=body, body_file=body_file, solicitation=solicitation,
                              event_time=event_time, secrecy=secrecy, joint=joint)
    problems = named + [d for d in check_draft(ws, draft)[1] if d.severity == "error"] if named or interactive() else []
    if problems:  # what the command line gave is checked before anything is asked
        raise UserError(problems)
    d = draft
    if interactive() and (None in (d.unit, d.title, d.drafter, d.reviewer, d.category, d.body) or d.submitted is None):
        from govinfo.cli import prompts
        console, errors = out(), err()
        draft = replace(
            d, unit=d.unit or prompts.ask_unit(ws, console, errors),
            title=d.title if d.title is not None else prompts.ask_text(errors, "标题", "每条信息都要有标题"),
            drafter=d.drafter if d.drafter is not None else prompts.ask_text(errors, "拟稿人", "稿酬和登记簿按拟稿人记"),
            reviewer=d.reviewer if d.reviewer is not None else prompts.ask_text(errors, "审核签发人", "未经单位负责人审核的信息不得报送"),
            submitted=d.submitted if d.submitted is not None else prompts.ask_date(errors),
            category=d.category or prompts.ask_category(ws, console, errors),
            body=d.body if d.body is not None else prompts.ask_text(errors, "正文（一段；长文请用 --body-file）", "正文是信息的内容"))
        fields = {"unit": draft.unit, "title": draft.title, "drafter": draft.drafter, "reviewer": draft.reviewer,
                  "date": draft.submitted, "category": draft.category, "body": draft.body}
        if not prompts.confirm_draft(ws, console, fields):
            errors.print("已放弃，没有保存。", markup=False)
            raise typer.Exit(1)
    item, path = do_submit(ws, draft)
    if as_json:
        echo_json({"id": item.id, "path": ws.rel(path)})
    else:
        out().print(item.id)
    from govinfo.check.meaning import inactive_units
    _print_warnings(inactive_units(ws, item))


@app.command()
def adopt(item_ids: Annotated[Optional[List[str]], typer.Argument(metavar="信息编号...", help="信息编号，可一次给多个", show_default=False)] = None,
          pub: Annotated[str, typer.Option("--pub", help="刊物键名，如 city_express")] = "",
          issue: Annotated[str, typer.Option("--issue", help="期号，如 第12期")] = "",
          date: Annotated[Optional[str], typer.Option("--date", help="刊发日期，默认今天")] = None,
          special: Annotated[bool, typer.Option("--special", help="专期（专报）采用")] = False,
          from_: Annotated[Optional[Path], typer.Option("--from", help="上级刊物的采用清单 .xlsx，列出信息编号或标题、期号和日期")] = None,
          format_: Annotated[Optional[str], typer.Option("--format", help="刊物分格式计分时的格式（键名或名称，如 简讯）；默认为规则中的第一种")] = None,
          route: Annotated[Optional[str], typer.Option("--route", help="途径：direct（直报）或 forwarded（转报）；默认按本办的转报记录判断")] = None,
          root: Root = None):
    """登记采用：某刊物某期采用了这些信息；或用 --from 从上级发来的 Excel 清单登记。"""
    from govinfo.actions import new_records
    from govinfo.render.records_text import describe_record
    ws = ws_open(root)
    if from_ is not None:
        return _adopt_from(ws, from_, pub, date, bool(item_ids or issue or special or format_ or route))
    if not item_ids or not pub or not issue:
        raise UserError(error(Source("govinfo adopt"), "USAGE", "请给出信息编号、--pub 和 --issue（或用 --from 清单.xlsx）",
                              "如 govinfo adopt 202610-K7Q-0001 --pub city_express --issue 第12期"))
    recs = new_records.adopt(ws, item_ids, pub, issue, date, special, format_, route)
    for rec in recs:
        out().print(f"{rec.id}  {rec.item} {describe_record(rec, ws)}")
    _print_warnings(new_records.adoption_warnings(ws, recs))


@app.command()
def instruct(item_id: Annotated[str, typer.Argument(metavar="信息编号", help="信息编号")],
             level: Annotated[str, typer.Option("--level", help="领导级别：city / upper_city / province / national")],
             leader: Annotated[str, typer.Option("--leader", help="批示领导")],
             date: Annotated[Optional[str], typer.Option("--date", help="批示日期，默认今天")] = None,
             note: Annotated[str, typer.Option("--note", help="批示内容摘要")] = "",
             assignee: Annotated[Optional[str], typer.Option("--assignee", help="承办单位代码，默认为报送单位")] = None,
             due: Annotated[Optional[str], typer.Option("--due", help="反馈办理情况的期限，默认批示后 followup.due_days 天")] = None,
             root: Root = None):
    """登记领导批示，并指定承办单位和反馈期限。"""
    from govinfo.actions import new_records
    from govinfo.render.records_text import describe_record
    ws = ws_open(root)
    rec = new_records.instruct(ws, item_id, level, leader, date, note, assignee, due)
    out().print(f"{rec.id}  {rec.item} {describe_record(rec, ws)}", markup=False)  # it names the unit and the deadline


@app.command()
def feedback(ref: Annotated[str, typer.Argument(metavar="编号", help="批示记录编号（instruct-…），或只有一件批示的信息编号")],
             text: Annotated[Optional[str], typer.Option("--text", help="办理情况")] = None,
             file: Annotated[Optional[Path], typer.Option("--file", help="办理情况文件：.txt/.md/.docx")] = None,
             date: Annotated[Optional[str], typer.Option("--date", help="反馈日期，默认今天")] = None,
             root: Root = None):
    """登记承办单位对领导批示的办理反馈。"""
    from govinfo.actions import new_records
    if (text is None) == (file is None):
        raise UserError(error(Source("govinfo feedback"), "USAGE", "请给出 --text 或 --file 之一",
                              "如 --text \"已召开专题会议研究落实……\" 或 --file 办理情况.docx"))
    if file is not None:
        from govinfo.actions.submit import whole_text
        text = whole_text(file)
    ws = ws_open(root)
    rec = new_records.feedback(ws, ref, text, date)
    out().print(f"{rec.id}  已登记 {rec.instruction} 的办理反馈（{rec.date}）", markup=False)


@app.command()
def instructions(overdue: Annotated[bool, typer.Option("--overdue", help="只列逾期未反馈的")] = False,
                 pending: Annotated[bool, typer.Option("--pending", help="列出所有还没有反馈的（含逾期的，标明逾期）")] = False,
                 done: Annotated[bool, typer.Option("--done", help="只列已反馈的")] = False,
                 unit: Annotated[Optional[str], typer.Option("--unit", help="只列某承办单位")] = None,
                 as_json: Json = False, root: Root = None):
    """批示件办理情况：每件批示的承办单位、期限和反馈；--pending 列出所有未反馈的，--overdue 只列其中已逾期的。"""
    from govinfo.compute.followup import instruction_cases
    from govinfo.render.console import instructions_table
    from govinfo.render.as_json import instruction_json
    ws = ws_open(root)
    # --pending is every instruction still waiting for feedback, the overdue ones among them marked
    states = {s for s, flag in (("overdue", overdue or pending), ("pending", pending), ("done", done)) if flag}
    rows = instruction_cases(ws, states, unit)
    if as_json:
        echo_json([instruction_json(c) for c in rows])
    else:
        console = out()
        if not rows:
            console.print("（没有符合条件的批示件）")
        else:
            console.print(instructions_table(ws, rows, console.width))


@solicit_app.command("new")
def solicit_new(topic: Annotated[str, typer.Option("--topic", help="约稿主题")],
                units: Annotated[str, typer.Option("--units", help="被约稿单位代码，逗号分隔")],
                deadline: Annotated[str, typer.Option("--deadline", help="截止日期")],
                date: Annotated[Optional[str], typer.Option("--date", help="约稿日期，默认今天")] = None,
                note: Annotated[str, typer.Option("--note", help="要求说明")] = "",
                root: Root = None):
    """发出约稿，打印约稿编号（单位报送时用 --solicitation 编号 作答）。"""
    from govinfo.actions import new_records
    ws = ws_open(root)
    rec = new_records.solicit_new(ws, topic, split_list(units), deadline, date, note)
    out().print(rec.id)


@solicit_app.command("list")
def solicit_list(year: Annotated[Optional[str], typer.Option("--year", help="只看某一年，如 2026")] = None,
                 root: Root = None, as_json: Json = False):
    """列出约稿：每件约稿的主题、截止日期，以及按时答复、迟报、未报的单位。"""
    from govinfo.actions import new_records
    from govinfo.compute.status import call_progress
    from govinfo.core import dates
    from govinfo.render.as_json import record_json
    from govinfo.render.status import call_lines
    ws = ws_open(root)
    calls = new_records.solicitations(ws, _year(year, "solicit list") if year else None)
    progress = call_progress(ws, calls, dates.today())
    if as_json:
        echo_json([{**record_json(p.call), "on_time": list(p.on_time), "late": list(p.late), "missing": list(p.missing)}
                   for p in progress])
        return
    console = out()
    if not calls:
        console.print("（没有约稿）")
    for line in call_lines(progress, ws.unit_map, console.width):
        console.print(line, markup=False)


@penalty_app.command("add")
def penalty_add(unit: Annotated[str, typer.Option("--unit", help="单位代码")],
                kind: Annotated[str, typer.Option("--kind", help="扣分类型键名，如 false_info / emergency_late")],
                date: Annotated[Optional[str], typer.Option("--date", help="日期，默认今天")] = None,
                note: Annotated[str, typer.Option("--note", help="说明")] = "",
                points: Annotated[Optional[str], typer.Option("--points", help="扣分类型规定了分值范围（points_range）时的实际分值，如 -80")] = None,
                root: Root = None):
    """登记一次扣分。"""
    from govinfo.actions import new_records
    from govinfo.render.records_text import describe_record
    ws = ws_open(root)
    from govinfo.check.meaning import automatic_penalty_warning
    rec = new_records.penalty_add(ws, unit, kind, date, note, points)
    out().print(f"{rec.id}  {describe_record(rec, ws)}")
    _print_warnings(automatic_penalty_warning(ws.rules, rec))


@penalty_app.command("list")
def penalty_list(year: Annotated[Optional[str], typer.Option("--year", help="年度，如 2026，默认今年")] = None,
                 root: Root = None, as_json: Json = False):
    """列出一年里登记的扣分（已撤销的不列；约稿未报、批示件逾期等计分时自动扣的分见 govinfo explain）。"""
    from govinfo.compute.query import penalty_book
    from govinfo.core import dates
    from govinfo.core.numbers import json_number
    from govinfo.render.console import penalties_table, penalty_points, withdrawn_note
    from govinfo.render.as_json import record_json
    ws = ws_open(root)
    the_year = _year(year, "penalty list") if year else dates.today().year
    recs, withdrawn = penalty_book(ws, the_year)
    if as_json:
        echo_json([{**record_json(r), "points": None if (p := penalty_points(r, ws)) is None else json_number(p)}
                   for r in recs])
        return
    console = out()
    if recs:
        console.print(penalties_table(ws, recs, the_year))
    else:
        console.print(f"（{the_year}年没有登记扣分）")
    if withdrawn:
        console.print(withdrawn_note([r.id for r in withdrawn], "扣分"), markup=False)


@app.command()
def judge(item_id: Annotated[str, typer.Argument(metavar="信息编号", help="信息编号")],
          qualified_: Annotated[bool, typer.Option("--qualified", help="符合要求（计为合格信息）")] = False,
          not_qualified: Annotated[bool, typer.Option("--not-qualified", help="不符合要求")] = False,
          note: Annotated[str, typer.Option("--note", help="评定意见")] = "",
          date: Annotated[Optional[str], typer.Option("--date", help="评定日期，默认今天")] = None,
          root: Root = None):
    """评定一条信息是否符合要求（计分办法中按合格信息计任务或计“符合要求但未采用”分时用）；以最近一次评定为准。"""
    from govinfo.actions import new_records
    from govinfo.render.records_text import describe_record
    qualified = _one_of(qualified_, not_qualified, "judge", "--qualified", "--not-qualified")
    if qualified is None:
        raise UserError(error(Source("govinfo judge"), "USAGE", "请给出 --qualified（符合要求）或 --not-qualified（不符合要求）",
                              "如 govinfo judge 202610-K7Q-0001 --qualified --note 内容扎实"))
    ws = ws_open(root)
    rec = new_records.judge(ws, item_id, qualified, date, note)
    out().print(f"{rec.id}  {rec.item} {describe_record(rec, ws)}", markup=False)


@app.command()
def excellent(item_ids: Annotated[List[str], typer.Argument(metavar="信息编号...", help="信息编号")],
              year: Annotated[str, typer.Option("--year", help="年度，如 2026")],
              root: Root = None):
    """评定年度优秀政务信息。"""
    from govinfo.actions import new_records
    from govinfo.render.records_text import describe_record
    ws = ws_open(root)
    for rec in new_records.excellent(ws, item_ids, _year(year, "excellent")):
        out().print(f"{rec.id}  {rec.item} {describe_record(rec, ws)}")


def _asking_reason(run, reason: str, what: str):
    """`run(reason)`; in a terminal a missing reason is asked for once everything else about the
    command has been checked (a wrong id is said first), and the command is run again."""
    from govinfo.actions.new_records import ReasonMissing
    try:
        return run(reason)
    except ReasonMissing:
        if not interactive():
            raise
    from govinfo.cli import prompts
    return run(prompts.ask_text(err(), f"{what}原因", f"原因记在{what}记录里，日后查看时知道为什么{what}"))


@app.command()
def withdraw(record_id: Annotated[str, typer.Argument(metavar="编号", help="要撤销的记录编号（如 adopt-202610-K7Q-0001），或报错了的信息编号")],
             reason: Annotated[str, typer.Option("--reason", help="撤销原因（必填；在终端中不给时会询问）")] = "",
             root: Root = None):
    """撤销一条登记错误的记录，或一条报错了的信息（原文件保留，计分随之更正）。更正＝撤销后重新登记。"""
    from govinfo.actions import new_records
    from govinfo.render.records_text import describe_record
    ws = ws_open(root)
    rec, target, item = _asking_reason(lambda why: new_records.withdraw_any(ws, record_id, why), reason, "撤销")
    if item is not None:
        out().print(f"{rec.id}  已撤销信息 {item.id}《{item.title}》（{item.unit}，{item.submitted:%Y-%m-%d}），不再计分",
                    markup=False)
        return
    what = f"（{describe_record(target, ws)}" + (f"，信息 {target.item}" if target is not None and target.item else "") + "）" \
        if target is not None else "（这条记录的文件读不出，看不到它登记的是什么；撤销后它改好了也不会计入）"
    out().print(f"{rec.id}  已撤销 {record_id}{what}", markup=False)


@app.command()
def correct(item_id: Annotated[str, typer.Argument(metavar="信息编号", help="要更正的信息编号")],
            category: Annotated[Optional[str], typer.Option("--category", help="正确的信息类别")] = None,
            title: Annotated[Optional[str], typer.Option("--title", help="正确的标题")] = None,
            drafter: Annotated[Optional[str], typer.Option("--drafter", help="正确的拟稿人")] = None,
            date: Annotated[Optional[str], typer.Option("--date", help="正确的报送日期（同一个月内）")] = None,
            reason: Annotated[str, typer.Option("--reason", help="更正原因（必填；在终端中不给时会询问）")] = "",
            root: Root = None):
    """更正一条信息的类别、标题、拟稿人或报送日期：另写一条更正记录，单位报来的原文件不改；govinfo show 显示更正经过。"""
    from govinfo.actions import new_records
    from govinfo.render.records_text import describe_record
    given = [(f, v) for f, v in (("category", category), ("title", title), ("drafter", drafter), ("submitted", date)) if v]
    if not given:
        raise UserError(error(Source("govinfo correct"), "USAGE", "请给出要更正的一项：--category、--title、--drafter 或 --date",
                              "如 govinfo correct 202610-K7Q-0001 --category 问题建议 --reason 类别选错"))
    ws = ws_open(root)
    done = _asking_reason(lambda why: new_records.correct(ws, item_id, given, why), reason, "更正")
    for rec in done:
        out().print(f"{rec.id}  {rec.item} {describe_record(rec, ws)}", markup=False)


@app.command("list")
def list_cmd(unit: Annotated[Optional[str], typer.Option("--unit", help="单位代码")] = None,
             month: Annotated[Optional[str], typer.Option("--month", help="月份，如 2026-10")] = None,
             category: Annotated[Optional[str], typer.Option("--category", help="信息类别")] = None,
             adopted_: Annotated[bool, typer.Option("--adopted", help="只看已采用的")] = False,
             not_adopted: Annotated[bool, typer.Option("--not-adopted", help="只看未采用的")] = False,
             xlsx: Annotated[Optional[Path], typer.Option("--xlsx", help="同时写成 Excel 文件，如 十月信息.xlsx")] = None,
             force: Force = False, root: Root = None, as_json: Json = False):
    """列出信息；不给任何条件时列出本月的。"""
    from govinfo.compute.query import item_listing
    from govinfo.render.console import items_table, withdrawn_note
    from govinfo.render.as_json import item_json
    adopted = _one_of(adopted_, not_adopted, "list", "--adopted", "--not-adopted")
    ws = ws_open(root)
    this_month = month is None and unit is None and category is None and adopted is None
    if this_month:
        from govinfo.core import dates
        month = dates.this_month()
    views, withdrawn = item_listing(ws, unit=unit, month=month, category=category, adopted=adopted)
    if xlsx is not None:
        from govinfo.actions.out_files import write_items_xlsx
        write_items_xlsx(ws, xlsx, f"信息列表（{month or '全部月份'}）", views, force)
    if as_json:
        echo_json([{k: v for k, v in item_json(ws, view).items() if k != "body"} for view in views])
    else:
        console = out()
        console.print(items_table(ws, views, console.width))
        if withdrawn:
            console.print(withdrawn_note([i.id for i in withdrawn], "信息"), markup=False)
        if this_month:
            console.print(f"（本月 {month} 的信息；其他月份用 --month，某单位的全部信息用 --unit）", markup=False)
        if xlsx is not None:
            console.print(f"已写出：{xlsx}", markup=False)


@app.command()
def show(item_id: Annotated[str, typer.Argument(metavar="编号", help="信息编号，或记录编号（如 penalty-202610-K7Q-0001）")],
         root: Root = None, as_json: Json = False):
    """显示一条信息及其全部办理记录（采用、批示、撤销等）；给记录编号时显示这条记录。"""
    from govinfo.compute.query import show_item
    from govinfo.render.console import item_lines
    from govinfo.render.as_json import item_json
    from govinfo.store.ids import parse_record_id, tidy_id
    ws = ws_open(root)
    if parse_record_id(tidy_id(item_id)):
        return _show_record(ws, tidy_id(item_id), as_json)
    view = show_item(ws, item_id)
    if as_json:
        echo_json(item_json(ws, view))
    else:
        console = out()
        for line in item_lines(ws, view):
            console.print(line, markup=False)


def _show_record(ws, record_id: str, as_json: bool) -> None:
    from govinfo.compute.query import show_record
    from govinfo.render.as_json import record_json
    from govinfo.render.records_text import record_lines
    rec, withdrawn = show_record(ws, record_id)
    if as_json:
        echo_json({**record_json(rec), "withdrawn_by": withdrawn.id if withdrawn else None})
        return
    console = out()
    for line in record_lines(rec, withdrawn, ws):
        console.print(line, markup=False, soft_wrap=line.startswith("  文件："))  # a path is never broken


@app.command()
def validate(root: Root = None, as_json: Json = False):
    """检查花名册、规则和全部信息与记录，逐条列出问题（有错误时退出码为 1）。"""
    from govinfo.check.validate import validate as run
    ws = ws_open(root)
    diags, counts = run(ws)
    errors = sum(d.severity == ERROR for d in diags)
    if as_json:
        write_data(to_json(diags) + "\n")
    else:
        import shutil
        from govinfo.render.console import diagnostic_lines
        width = shutil.get_terminal_size((100, 24)).columns  # COLUMNS, else the terminal's width
        for d in diags:  # plain print: thousands of diagnostics go out without rich's layout
            print("\n".join(diagnostic_lines(d, width)))
        from govinfo.render.console import validate_summary
        summary = validate_summary(diags, counts)
        if counts.get("stopped"):
            out().print(summary)
        else:
            print(summary if diags else summary + "，全部通过")
    if errors:
        raise typer.Exit(1)


Month = Annotated[Optional[str], typer.Option("--month", help="月份，如 2026-10")]
Quarter = Annotated[Optional[str], typer.Option("--quarter", help="季度，如 2026Q4")]
Half = Annotated[Optional[str], typer.Option("--half", help="半年，如 2026H1")]
Year = Annotated[Optional[str], typer.Option("--year", help="年度，如 2026")]


def _period(cmd, month, quarter, half, year):
    """The one period a report is about; one that has not begun yet has nothing to show (a table of
    zeros, or a fee sheet of 0.00 元, would only mislead)."""
    from govinfo.core.periods import parse_period, require_begun
    return require_begun(parse_period(month_=month, quarter=quarter, half=half, year=year, where=f"govinfo {cmd}"),
                         f"govinfo {cmd}")


def _one_of(yes: bool, no: bool, cmd: str, yes_flag: str, no_flag: str) -> Optional[bool]:
    """A yes/no choice given as two flags: True, False, or None for neither; both is a mistake."""
    if yes and no:
        raise UserError(error(Source(f"govinfo {cmd}"), "USAGE", f"{yes_flag} 和 {no_flag} 意思相反，只能给一个",
                              f"去掉其中一个，如只写 {yes_flag}"))
    return True if yes else False if no else None


def _year(value: str, cmd: str, begun: bool = False) -> int:
    """--year as every command takes it; `begun`: a report on the year, which must have begun."""
    from govinfo.core.periods import begun_year, parse_year
    return begun_year(value, f"govinfo {cmd} --year") if begun else parse_year(value, where=f"govinfo {cmd}")


@app.command()
def score(month: Month = None, quarter: Quarter = None, half: Half = None, year: Year = None,
          fmt: Annotated[str, typer.Option("--format", help="输出格式：table / json / csv")] = "table",
          csv_file: Annotated[Optional[Path], typer.Option("--csv", help="把得分表写成 CSV 文件，如 十月得分.csv（Excel 直接打开）",
                                                           show_default=False)] = None,
          force: Annotated[bool, typer.Option("--force", help="--csv 的文件已存在时覆盖")] = False,
          root: Root = None):
    """各单位得分：报送数与任务、各级采用、批示、扣分、得分和排名，并列出 1—N 月累计。"""
    from govinfo.compute.scoring import score_with_ytd
    from govinfo.render import scores as render
    if fmt not in ("table", "json", "csv"):
        raise UserError(f"--format 只能是 table、json 或 csv，现在是“{fmt}”")
    if csv_file is not None and fmt != "table":
        raise UserError(error(Source("govinfo score --csv"), "USAGE", f"--csv 写的是 CSV 文件，不能再加 --format {fmt}",
                              "去掉 --format；要在屏幕上看 JSON 就不要加 --csv"))
    ws = ws_open(root)
    period = _period("score", month, quarter, half, year)
    report, ytd = score_with_ytd(ws, period)
    if csv_file is not None:
        from govinfo.actions.out_files import write_csv
        write_csv(ws, csv_file, render.to_csv(report, ytd), force)
        out().print(f"已写出 {csv_file}（带 BOM 的 UTF-8，Excel 直接打开）", markup=False, soft_wrap=True)
    elif fmt == "json":
        write_data(render.to_json(report, ytd) + "\n")
    elif fmt == "csv":
        write_data(render.to_csv(report, ytd), csv=True)
    else:
        console = out()
        console.print(f"{period.label}政务信息计分（{report.rules.name}）", style="bold", markup=False)
        for table in render.score_tables(report, ytd):
            console.print(table)
        if report.provisional:
            console.print(report.provisional_note + "；本期结束后再看正式得分。", markup=False)


@app.command()
def status(month: Annotated[Optional[str], typer.Option("--month", help="月份，如 2026-10；默认本月")] = None,
           root: Root = None, as_json: Json = False):
    """本月概况：各单位报送数对照任务、未报送的单位、约稿答复情况、逾期未反馈的批示件、尚未评定或采用的信息、印发通报前还需处理的事项。"""
    from govinfo.compute.status import month_status
    from govinfo.core import dates
    from govinfo.render.status import status_json, status_lines
    ws = ws_open(root)
    today = dates.today()
    st = month_status(ws, _period("status", month or f"{today.year}-{today.month:02d}", None, None, None))
    if as_json:
        echo_json(status_json(st))
        return
    console = out()
    for line, bold in status_lines(st, ws.unit_map, console.width):
        console.print(line, style="bold" if bold else None, markup=False)


@app.command()
def serve(port: Annotated[int, typer.Option("--port", min=1024, max=65535, help="端口")] = 8420,
          no_browser: Annotated[bool, typer.Option("--no-browser", help="不自动打开浏览器")] = False,
          root: Root = None):
    """在本机启动网页版（只有本机能访问），在浏览器中报送、登记、计分、生成通报；按 Ctrl-C 停止。"""
    import webbrowser

    from waitress import serve as run

    from govinfo.web.app import create_app, listening_socket
    ws = ws_open(root)
    sock = listening_socket(port)  # bound first: the address said and opened is this server's
    address = f"http://127.0.0.1:{port}/"
    out().print(f"govinfo 网页版：{address}（工作区 {ws.root}；按 Ctrl-C 停止）", markup=False)
    if not no_browser:
        webbrowser.open(address)
    run(create_app(ws.root, port), sockets=[sock], threads=4, _quiet=True)


@app.command()
def rank(month: Month = None, quarter: Quarter = None, half: Half = None, year: Year = None,
         top: Annotated[Optional[int], typer.Option("--top", help="每类列出前 N 名（先进）", min=1)] = None,
         bottom: Annotated[Optional[int], typer.Option("--bottom", help="每类列出后 N 名（后进）", min=1)] = None,
         root: Root = None, as_json: Json = False):
    """按类别排名；--top/--bottom 列出每类先进与后进单位（并列时同名次）。"""
    from govinfo.compute.scoring import ranked
    from govinfo.render.scores import rank_json, rank_lines
    ws = ws_open(root)
    report, lists = ranked(ws, _period("rank", month, quarter, half, year), top, bottom)
    if as_json:
        echo_json(rank_json(report, lists))
        return
    console = out()
    for line, bold in rank_lines(report, lists, top, bottom):
        console.print(line, style="bold" if bold else None, markup=False)


@app.command()
def explain(unit: Annotated[str, typer.Option("--unit", help="单位代码或名称中的几个字")],
            month: Month = None, quarter: Quarter = None, half: Half = None, year: Year = None,
            root: Root = None):
    """逐条说明一个单位的每一项加分和扣分：哪条信息或记录、何时、依据计分办法哪一行。"""
    from govinfo.compute.scoring import explain_unit
    from govinfo.render.scores import explain_lines
    ws = ws_open(root)
    from govinfo.render.console import fold_text
    unit_score, report = explain_unit(ws, unit, _period("explain", month, quarter, half, year))
    console = out()
    for line in explain_lines(unit_score, report):
        for part in fold_text(line, console.width, " " * 12):  # continuation lines indented past the date
            console.print(part, markup=False)


@app.command()
def awards(year: Annotated[str, typer.Option("--year", help="年度，如 2025")], root: Root = None, as_json: Json = False):
    """年度考评：是否达标、超标率、各组先进单位、取消评先资格的单位及原因、可推荐先进个人数、优秀信息核对。"""
    from govinfo.compute.awards import awards as run
    from govinfo.render.awards import awards_json, awards_lines
    ws = ws_open(root)
    result = run(ws, _year(year, "awards", begun=True))
    if as_json:
        echo_json(awards_json(result))
        return
    console = out()
    for line in awards_lines(result):
        console.print(line, markup=False)


Out = Annotated[Optional[Path], typer.Option("--out", help="输出文件夹（默认为工作区的 out/）", show_default=False)]
Force = Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖")]


@app.command()
def notice(month: Month = None, quarter: Quarter = None, half: Half = None, year: Year = None,
           number: Annotated[Optional[int], typer.Option("--number", help="文号的序号，如 12 得“〔2026〕12号”")] = None,
           date_: Annotated[Optional[str], typer.Option("--date", help="成文日期，如 2026-11-21（默认今天）")] = None,
           out_: Out = None, force: Force = False,
           reuse_number: Annotated[bool, typer.Option("--reuse-number", help="文号已用在 out/ 里另一份通报上时照用（原通报作废时）")] = False,
           root: Root = None):
    """生成通报：可直接打印的 Word 网页文件（.html）、Word 文档（.docx）和 Excel 工作簿（.xlsx）；半年通报另附预警函。"""
    from govinfo.core.dates import parse_date, today
    from govinfo.actions.out_files import write_notice
    from govinfo.compute.notice import check_serial
    check_serial(number)  # before the period's checks: a slip in the option is said first
    ws = ws_open(root)
    period = _period("notice", month, quarter, half, year)
    issued = today()
    if date_:
        issued = parse_date(date_)
        if issued is None:
            raise UserError(error(Source("govinfo notice"), "DATE", f"--date“{date_}”不是有效的日期",
                                  "写成 --date 2026-11-21"))
    paths, pages, warnings = write_notice(ws, period, number, issued, out_, force, reuse_number)
    _print_warnings(ws.office_warnings + warnings)  # a notice that still says 某某市, or ignored a misspelt key, must not go out unnoticed
    console = out()
    console.print(f"已生成{period.label}通报：", markup=False)
    for path in paths:
        console.print(f"  {path}", markup=False, soft_wrap=True)  # a path is never broken: it is copied
    if pages.note:
        console.print(pages.note + "。", markup=False)
    if number is None:
        console.print("未给 --number：文号的序号留空，可打印后手填，或加 --number 重新生成。", markup=False)


@app.command()
def fees(half: Half = None, year: Year = None, month: Month = None, quarter: Quarter = None,
         fmt: Annotated[str, typer.Option("--format", help="屏幕输出：table / json")] = "table",
         out_: Out = None, force: Force = False, root: Root = None):
    """稿酬：按采用得分或条数和 rules/points.yaml 中 fees 的标准，算出每人、每单位的稿酬，写成给财务的 Excel 发放表。"""
    from govinfo.compute.fees import fees as compute
    from govinfo.core.numbers import fmt_money, rmb_upper
    from govinfo.actions.out_files import REPORT_STATE, write_fees
    if fmt not in ("table", "json"):
        raise UserError(f"--format 只能是 table 或 json，现在是“{fmt}”")
    ws = ws_open(root)
    period = _period("fees", month, quarter, half, year)
    report = compute(ws, period)
    path, state = write_fees(ws, report, out_, force)
    if fmt == "json":
        from govinfo.render.as_json import fees_json
        echo_json(fees_json(report, path, state))
        _warn_not_rewritten([(path, state)])
        return
    from govinfo.render.console import fees_table
    console = out()
    console.print(fees_table(report))
    if report.provisional:
        console.print(f"（{report.provisional_note}）", markup=False)
    joint = f"，另有 {report.joint_units} 个合报单位代领" if report.joint_units else ""
    console.print(f"合计 {fmt_money(report.total)} 元（{rmb_upper(report.total)}），共 {report.people} 人{joint}。"
                  f"{'暂计' if report.provisional else ''}发放表（{REPORT_STATE[state]}）：", markup=False)
    console.print(f"  {path}", markup=False, soft_wrap=True)
    _warn_not_rewritten([(path, state)])


def _warn_not_rewritten(written) -> None:
    """A file kept as it was while the screen shows newer figures is said on stderr too: a script
    or a clerk reading only the last line must not take the file for the figures."""
    for path, state in written:
        if state in ("kept", "edited"):
            err().print(f"注意：{path.name} 没有重写，文件里还是原来的内容，与屏幕上的不同；确认后加 --force 重写",
                        markup=False)


@app.command()
def search(words: Annotated[List[str], typer.Argument(metavar="词...", help="要查找的词，几个词用空格隔开（须同时出现）")],
           unit: Annotated[Optional[str], typer.Option("--unit", help="单位代码")] = None,
           from_: Annotated[Optional[str], typer.Option("--from", help="报送日期从，如 2026-01-01")] = None,
           to: Annotated[Optional[str], typer.Option("--to", help="报送日期到，如 2026-06-30")] = None,
           category: Annotated[Optional[str], typer.Option("--category", help="信息类别，如 问题建议")] = None,
           adopted_: Annotated[bool, typer.Option("--adopted", help="只查被采用的")] = False,
           not_adopted: Annotated[bool, typer.Option("--not-adopted", help="只查未被采用的")] = False,
           level: Annotated[Optional[str], typer.Option("--level", help="被某一级采用的：city / upper_city / province / national")] = None,
           limit: Annotated[int, typer.Option("--limit", min=1, help="最多列出多少条")] = 50,
           xlsx: Annotated[Optional[Path], typer.Option("--xlsx", help="同时把找到的信息写成 Excel 文件")] = None,
           force: Force = False, as_json: Json = False, root: Root = None):
    """检索信息库：在标题和正文中查找，中文按字面匹配（不需分词），按相关程度排序并标出找到的词。"""
    from govinfo.core.dates import parse_date
    from govinfo.compute.search import search as run
    adopted = _one_of(adopted_, not_adopted, "search", "--adopted", "--not-adopted")
    days = {}
    for flag, value in (("--from", from_), ("--to", to)):
        days[flag] = parse_date(value) if value else None
        if value and days[flag] is None:
            raise UserError(error(Source("govinfo search"), "DATE", f"{flag}“{value}”不是有效的日期", f"写成 {flag} 2026-01-01"))
    ws = ws_open(root)
    hits, found = run(ws, " ".join(words), unit, days["--from"], days["--to"], category, adopted, level, limit)
    if xlsx is not None:
        from govinfo.actions.out_files import write_items_xlsx
        from govinfo.compute.query import views_of
        write_items_xlsx(ws, xlsx, f"检索：{' '.join(words)}", views_of(ws, [h.item for h in hits]), force)
    if as_json:
        from govinfo.render.as_json import search_json
        echo_json(search_json(hits, found))
        return
    from govinfo.render.console import search_hits
    console = out()
    for text in search_hits(ws, hits):
        console.print(text)
    more = f"，列出前 {len(hits)} 条（--limit 可调）" if found > len(hits) else ""
    console.print(f"共找到 {found} 条{more}。", markup=False)


@app.command()
def register(year: Annotated[str, typer.Option("--year", help="年度，如 2026")], out_: Out = None, force: Force = False,
             root: Root = None):
    """登记簿：把一年的全部信息按信息类别、单位分类登记，连同采用、批示和办理反馈情况，写成 Excel，随年度档案归档。"""
    from govinfo.actions.out_files import REPORT_STATE, write_register
    y = _year(year, "register", begun=True)
    ws = ws_open(root)
    book, path, state = write_register(ws, y, out_, force)
    total = book.summary()[-1]
    out().print(f"{y}年登记簿：信息 {total[1]} 条，被采用 {total[2]} 条，获批示 {total[3]} 条，已反馈办理 {total[4]} 条。"
                f"文件（{REPORT_STATE[state]}）：", markup=False)
    out().print(f"  {path}", markup=False, soft_wrap=True)
    _warn_not_rewritten([(path, state)])


@app.command()
def stats(month: Month = None, quarter: Quarter = None, half: Half = None, year: Year = None,
          out_: Out = None, force: Force = False, root: Root = None):
    """统计：各单位和各类单位的采用率、信息类别构成（单列问题建议类）、逐月报送与采用、直报点情况；另写出带图表的 Excel 和网页。"""
    from govinfo.actions.out_files import REPORT_STATE, write_stats
    from govinfo.render.console import stats_tables
    ws = ws_open(root)
    result, written = write_stats(ws, _period("stats", month, quarter, half, year), out_, force)
    console = out()
    for part in stats_tables(result):
        console.print(part)
    console.print("图表：", markup=False)
    for p, state in written:
        console.print(f"  {p}", markup=False, soft_wrap=True)
        console.print(f"    （{REPORT_STATE[state]}）", markup=False)  # its own line: a long path and the state fit 80 columns
    _warn_not_rewritten(written)


@app.command("import")
def import_(folder: Annotated[Path, typer.Argument(metavar="文件夹", help="收到的来稿所在文件夹（.docx、.txt、.md）")],
            category: Annotated[str, typer.Option("--category", help="导入后的信息类别")] = "工作动态",
            date: Annotated[Optional[str], typer.Option("--date", help="报送日期，默认现在")] = None,
            unit: Annotated[Optional[str], typer.Option("--unit", help="文件名中看不出单位时，算作这个单位报送的")] = None,
            root: Root = None):
    """导入来稿：文件名给出单位（如“【东河镇】标题.docx”），第一段为标题，“（拟稿人：… 审核人：…）”给出拟稿人和审核人；
    每个文件整条导入或不导入，重复运行不会重复导入。"""
    from govinfo.actions.import_files import import_folder
    if not folder.exists():  # import_folder refuses a file or a link; a path to nothing is said as such
        raise UserError(error(Source(str(folder)), "NO-FOLDER", f"找不到文件夹“{folder}”", "检查路径是否写对"))
    ws = ws_open(root)
    outcomes = import_folder(ws, folder, category, date, unit)
    from govinfo.render.console import import_table
    console = out()
    console.print(import_table(folder, outcomes, console.width))
    counts = {k: sum(o.status == k for o in outcomes) for k in ("imported", "already", "skipped")}
    out().print(f"新导入 {counts['imported']} 个文件，此前已导入 {counts['already']} 个，未能导入 {counts['skipped']} 个。",
                markup=False)
    if counts["skipped"]:
        raise typer.Exit(1)


@app.command()
def remind(quarter: Annotated[str, typer.Option("--quarter", help="季度，如 2026Q3")], out_: Out = None,
           force: Force = False, root: Root = None):
    """季度提醒：为后进单位的信息员生成电话和短信提醒（每条不超过 70 字），写成 CSV。"""
    from govinfo.actions.out_files import write_reminders
    ws = ws_open(root)
    period = _period("remind", None, quarter, None, None)
    path, rows, diags = write_reminders(ws, period, out_, force)
    _print_warnings(diags)
    units = len({r.unit for r in rows})
    out().print(f"已生成{period.label}提醒 {len(rows)} 条（{units} 个单位）：", markup=False)
    out().print(f"  {path}", markup=False, soft_wrap=True)


# ---- the office's own publication: govinfo issue …, forward, adopt --from (issue 15) ------------

issue_app = typer.Typer(help="自办刊物（如《政府工作快报》）：编一期、排版打印、发布并自动登记采用。", no_args_is_help=True)
app.add_typer(issue_app, name="issue")
IssueRef = Annotated[str, typer.Argument(metavar="期刊编号", help="期刊编号，如 city_express-2026-012（增刊 city_express-2026-Z01）")]


def _issue_line(ws, issue) -> str:
    pub = ws.require_rules().publications[issue.pub]
    total = f"（总第{issue.total}期）" if issue.total else ""
    kind = "（专期）" if issue.special else ""
    state = "已发布" if issue.published else "草稿"
    return f"{issue.id}  {pub.name}{issue.year}年{issue.label}{kind}{total}  {issue.date}  {len(issue.entries)}条  {state}"


@issue_app.command("new")
def issue_new(pub: Annotated[str, typer.Option("--pub", help="自办刊物键名，如 city_express")],
              number: Annotated[Optional[int], typer.Option("--number", help="期号；默认为本年下一期")] = None,
              date: Annotated[Optional[str], typer.Option("--date", help="出刊日期，默认今天")] = None,
              special: Annotated[bool, typer.Option("--special", help="专期：只刊发一条信息，按专期计分")] = False,
              supplement: Annotated[bool, typer.Option("--supplement", help="增刊：与正刊分开编号")] = False,
              root: Root = None):
    """新建一期（草稿），打印期刊编号。"""
    from govinfo.actions.issues import new_issue
    ws = ws_open(root)
    issue = new_issue(ws, pub, number, date, special, supplement)
    out().print(issue.id, markup=False)


@issue_app.command("add")
def issue_add(issue: IssueRef, item_ids: Annotated[List[str], typer.Argument(metavar="信息编号...", help="信息编号，可一次给多个")],
              column: Annotated[Optional[str], typer.Option("--column", help="栏目（键名或名称，如 直通基层）；默认“综合”")] = None,
              root: Root = None):
    """把信息编入这一期。"""
    from govinfo.actions.issues import add_items
    ws = ws_open(root)
    found = add_items(ws, issue, item_ids, column)
    out().print(_issue_line(ws, found), markup=False)


@issue_app.command("remove")
def issue_remove(issue: IssueRef, item_id: Annotated[str, typer.Argument(metavar="信息编号", help="信息编号")],
                 force: Annotated[bool, typer.Option("--force", help="从已发布的期刊撤下（同时撤销该条采用登记）")] = False,
                 reason: Annotated[str, typer.Option("--reason", help="撤下的原因，记入撤销记录（--force 时必填；在终端中不给时会询问）")] = "",
                 root: Root = None):
    """把信息撤出这一期；已发布的期刊要加 --force，并撤销它的采用登记。"""
    from govinfo.actions.issues import remove_item
    ws = ws_open(root)
    found, withdrawal = _asking_reason(lambda why: remove_item(ws, issue, item_id, force, why), reason, "撤下")
    out().print(_issue_line(ws, found), markup=False)
    if withdrawal is not None:
        out().print(f"{withdrawal.id}  已撤销 {withdrawal.target}", markup=False)


@issue_app.command("move")
def issue_move(issue: IssueRef, item_id: Annotated[str, typer.Argument(metavar="信息编号", help="信息编号")],
               to: Annotated[int, typer.Option("--to", help="移到第几条（从 1 起）")], root: Root = None):
    """调整信息在本期中的顺序。"""
    from govinfo.actions.issues import move_item
    ws = ws_open(root)
    out().print(_issue_line(ws, move_item(ws, issue, item_id, to)), markup=False)


@issue_app.command("edit")
def issue_edit(issue: IssueRef,
               item_id: Annotated[Optional[str], typer.Argument(metavar="信息编号", help="信息编号；不给时 --note 是本期的按语")] = None,
               title: Annotated[Optional[str], typer.Option("--title", help="本办修改后的标题（给空字符串恢复原标题）")] = None,
               body_file: Annotated[Optional[Path], typer.Option("--body-file", help="本办修改后的正文：.txt/.md/.docx")] = None,
               note: Annotated[Optional[str], typer.Option("--note", help="按语（编者按）")] = None,
               column: Annotated[Optional[str], typer.Option("--column", help="改放到哪个栏目")] = None,
               root: Root = None):
    """编辑：修改标题、正文（只改本期中的文字，单位原文不变），加按语，换栏目。"""
    from govinfo.actions.issues import edit
    body = None
    if body_file is not None:
        from govinfo.actions.submit import whole_text
        body = whole_text(body_file)
    ws = ws_open(root)
    out().print(_issue_line(ws, edit(ws, issue, item_id, title, body, note, column)), markup=False)


@issue_app.command("show")
def issue_show(issue: IssueRef, item_id: Annotated[Optional[str], typer.Argument(metavar="信息编号", help="信息编号：对照显示单位原文和本办修改稿")] = None,
               root: Root = None, as_json: Json = False):
    """显示一期的信息（顺序、栏目、标题）；给出信息编号时对照显示原文和修改稿。"""
    from govinfo.check.loader import load_issue
    from govinfo.compute.briefing import issue_items
    from govinfo.render.briefing_text import issue_json, issue_lines
    ws = ws_open(root)
    found = load_issue(ws, issue, "issue show")
    items = issue_items(ws, found, None if as_json else item_id)
    if as_json:
        echo_json(issue_json(found, items))
        return
    console = out()
    for line in issue_lines(ws, found, items, item_id):
        console.print(line, markup=False)


@issue_app.command("render")
def issue_render(issue: IssueRef, out_: Out = None, force: Force = False, root: Root = None):
    """排版：写出 Word 文档（.docx）和 Word 网页文件（.html）到 out/；未发布时标“草稿”（草稿每次重写）。"""
    from govinfo.actions.issues import render_files
    ws = ws_open(root)
    found, paths = render_files(ws, issue, out_, force)
    console = out()
    console.print(f"已排版{'（草稿）' if not found.published else ''}：", markup=False)
    for path in paths:
        console.print(f"  {path}", markup=False, soft_wrap=True)  # a path is never broken: it is copied


@issue_app.command("publish")
def issue_publish(issue: IssueRef, date: Annotated[Optional[str], typer.Option("--date", help="出刊日期，默认为本期的日期")] = None,
                  out_: Out = None, force: Force = False, root: Root = None):
    """发布：定稿、写出正式文件，并为每条信息登记一次采用（再次发布不会重复登记）。"""
    from govinfo.actions.issues import publish
    from govinfo.render.records_text import describe_record
    ws = ws_open(root)
    found, records, paths = publish(ws, issue, date, out_, force)
    console = out()
    if not paths:
        console.print(f"{found.id} 已于 {found.date} 发布，没有改动。", markup=False)
        return
    console.print(_issue_line(ws, found), markup=False)
    for rec in records:
        console.print(f"{rec.id}  {rec.item} {describe_record(rec, ws)}", markup=False)
    reused = len(found.entries) - len(records)
    if reused:
        console.print(f"另有 {reused} 条采用此前已登记，未重复登记。", markup=False)
    for path in paths:
        console.print(f"  {path}", markup=False, soft_wrap=True)  # a path is never broken: it is copied


@issue_app.command("list")
def issue_list(pub: Annotated[Optional[str], typer.Option("--pub", help="自办刊物键名")] = None,
               year: Annotated[Optional[str], typer.Option("--year", help="年度，如 2026")] = None,
               root: Root = None, as_json: Json = False):
    """列出各期：期号、日期、信息条数、是否已发布。"""
    from govinfo.actions.issues import list_issues
    from govinfo.render.briefing_text import issue_json
    ws = ws_open(root)
    found = list_issues(ws, pub, _year(year, "issue list") if year is not None else None)
    if as_json:
        echo_json([issue_json(i) for i in found])
        return
    console = out()
    if not found:
        console.print("（没有期刊）")
    for i in found:
        console.print(_issue_line(ws, i), markup=False)


@app.command()
def forward(item_ids: Annotated[List[str], typer.Argument(metavar="信息编号...", help="要转报的信息编号")],
            to: Annotated[str, typer.Option("--to", help="上级刊物键名，如 province_info")],
            date: Annotated[Optional[str], typer.Option("--date", help="转报日期，默认今天")] = None,
            out_: Out = None, force: Force = False, root: Root = None):
    """转报（选报）：把信息整理成上级要求的格式（每条一个 Word 文档，另附清单）写到 out/，并记下转报去向。"""
    from govinfo.actions.forward import forward as run
    ws = ws_open(root)
    paths, records, before = run(ws, item_ids, to, date, out_, force)
    console = out()
    pubs = ws.require_rules().publications
    for rec in records:
        console.print(f"{rec.id}  {rec.item} 转报{pubs[rec.to].name if rec.to in pubs else rec.to}", markup=False)
    if before:
        console.print("此前已转报过（未重复登记）：" + "、".join(before), markup=False)
    console.print(f"转报材料（{len(paths) - 1} 条信息和清单）：", markup=False)
    console.print(f"  {paths[0].parent}", markup=False, soft_wrap=True)


def _adopt_from(ws, path, pub, date, extra) -> None:
    from govinfo.actions.forward import adopt_from_sheet
    if extra:
        raise UserError(error(Source("govinfo adopt"), "USAGE", "用 --from 时信息编号、--issue、--special 都从清单中读取，不要另给",
                              "--format、--route 也不能和 --from 同用：分格式或分途径的采用请逐条登记"))
    if not pub:
        raise UserError(error(Source("govinfo adopt"), "USAGE", "用 --from 时请用 --pub 给出采用的刊物", "如 --pub province_info"))
    rows = adopt_from_sheet(ws, path, pub, date)
    console = out()
    for r in rows:
        if r.status == "adopted":
            console.print(f"第{r.row}行  {r.record}  {r.item}" + ("（经本办转报）" if r.forwarded else "（未经本办转报）"), markup=False)
        elif r.status == "already":
            console.print(f"第{r.row}行  {r.item}  {r.reason}，未重复登记", markup=False)
    missing = [r for r in rows if r.status == "unmatched"]
    for r in missing:
        err().print(f"{path}:第{r.row}行: 未登记：{r.reason}", markup=False)
    adopted = sum(r.status == "adopted" for r in rows)
    console.print(f"登记采用 {adopted} 条，已登记过 {sum(r.status == 'already' for r in rows)} 条，未能对应 {len(missing)} 行。", markup=False)
    if missing:
        raise typer.Exit(1)


def _print_warnings(diags) -> None:
    console = err()
    for d in diags:
        _print_diag(console, d)


def _print_diag(console, d) -> None:
    from govinfo.render.console import diagnostic_lines
    for part in diagnostic_lines(d, console.width):
        console.print(part, markup=False, soft_wrap=True)


def _global_options_first(argv: list[str]) -> list[str]:
    """--no-cache may follow the command (govinfo score --year 2026 --no-cache): move it before."""
    end = argv.index("--") if "--" in argv else len(argv)
    flags = [a for a in argv[:end] if a == "--no-cache"]
    return flags + [a for a in argv[:end] if a != "--no-cache"] + argv[end:]


# Documents that leave the office: what was left out of them is said in their name.
_DOCUMENTS = {"notice": "通报", "fees": "稿酬发放表", "register": "登记簿", "remind": "提醒名单", "forward": "转报件"}


def _left_out_said(argv: list[str], summary: str) -> str:
    name = next((a for a in argv if not a.startswith("-")), "")
    if name in _DOCUMENTS:
        return f"{summary}。这份{_DOCUMENTS[name]}没有计入这些文件：交出之前先改正，再重新生成"
    return summary


def _is_validate(argv: list[str]) -> bool:
    """validate lists every problem itself: no summary line after it."""
    return next((a for a in argv if not a.startswith("-")), "") == "validate"


_click_commands: dict = {}


def _command_name(info) -> str:
    return info.name or typer.main.get_command_name(info.callback.__name__)


def click_command(argv: list[str] | None = None):
    """The click command typer builds from `app`. Building it inspects the signature of every
    command (a tenth of a second, on every run), so when the command line names one command only
    that command is built; `govinfo --help`, an unknown name and the like get the whole app. Each is
    built once per process (the tests run hundreds of commands in one process)."""
    name = next((a for a in argv or [] if not a.startswith("-")), None)
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    key = name if (commands or groups) else None
    if key not in _click_commands:
        if key is None:
            _click_commands[key] = typer.main.get_command(app)
        else:
            one = copy.copy(app)
            one.registered_commands, one.registered_groups = commands, groups
            _click_commands[key] = typer.main.get_command(one)
        _in_chinese(_click_commands[key])
    return _click_commands[key]


def _in_chinese(command) -> None:
    """The usage line's placeholders in Chinese: govinfo [选项] 命令 [参数]..."""
    command.options_metavar = "[选项]"
    for n, param in enumerate(p for p in getattr(command, "params", ()) if p.param_type_name == "argument"):
        if param.metavar:  # the help lists the Chinese metavar, not the Python name (distinct blanks: Click
            param.opts = [" " * (n + 1)]  # warns about two parameters with the same name)
    if hasattr(command, "commands"):
        command.subcommand_metavar = "命令 [参数]..."
        for sub in command.commands.values():
            _in_chinese(sub)
            sub.short_help = sub.short_help or _summary(sub.help or "")


_SUMMARY_ENDS = "。；：（"


def _summary(help_text: str) -> str:
    """A command's line in `govinfo --help`: its help up to the first full stop, colon or bracket.
    The list gives each command one line of about 30 characters at 80 columns; a longer help was
    cut off mid-word with "…" (the whole text is in `govinfo 命令 --help`)."""
    first = help_text.strip().split("\n\n")[0].replace("\n", "")
    end = min((i for i in map(first.find, _SUMMARY_ENDS) if i > 0), default=len(first))
    return first[:end]


PATH_OPTIONS = ("--root", "--out", "--xlsx", "--csv", "--body-file")


def _refuse_empty_paths(argv: list[str]) -> None:
    """An empty folder or file name ("" from a script's unset variable) would mean the current
    folder: `init ""` would make a workspace wherever the clerk happens to stand. Said, never done."""
    for i, arg in enumerate(argv):
        flag = argv[i - 1] if i else ""
        if arg.strip() == "" and (flag in PATH_OPTIONS or (i == 1 and argv[0] in ("init", "demo"))):
            where = f"govinfo {argv[0]} {flag}" if flag in PATH_OPTIONS else f"govinfo {argv[0]}"
            raise UserError(error(Source(where.strip()), "USAGE", "文件夹或文件名是空的",
                                  "写出名字，如 govinfo init 我的工作区；当前文件夹写成 ."))


def _without_stray_quotes(argv: list[str], windows: bool = os.name == "nt") -> list[str]:
    """Windows PowerShell 5.1 passes a tab-completed folder, '.\\我的 工作区\\', as ".\\我的 工作区\\" and
    the C runtime reads the \\" as a quote: the program gets `.\\我的 工作区"`. No file name on
    Windows can hold a ", so a path option's value ending in one has lost its backslash to it."""
    if not windows:
        return argv
    command = next((a for a in argv if not a.startswith("-")), "")
    first = argv.index(command) + 1 if command else -1  # the folder of init, demo and import

    def path_value(i: int, a: str) -> bool:
        return (i and argv[i - 1] in PATH_OPTIONS) or a.split("=", 1)[0] in PATH_OPTIONS or \
            (i == first and command in ("init", "demo", "import"))
    return [a[:-1] if a.endswith('"') and path_value(i, a) else a for i, a in enumerate(argv)]


def main(argv: list[str] | None = None) -> None:
    _safe_streams()
    argv = _without_stray_quotes(_global_options_first(list(sys.argv[1:] if argv is None else argv)))
    from govinfo.check.loader import logged
    from govinfo.core.progress import shown
    from govinfo.store import index
    from govinfo.store.atomic import transaction
    try:
        _refuse_empty_paths(argv)
        with shown("正在读取数据"), logged() as log:
            try:
                with transaction():  # a command that fails leaves the files as they were
                    code = click_command(argv).main(args=argv, prog_name="govinfo", standalone_mode=False)
            finally:
                _print_warnings(index.take_notices())
                if log.summary() and not _is_validate(argv):
                    err().print(_left_out_said(argv, log.summary()), markup=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except UserError as exc:
        console = err()
        for d in exc.diags:
            _print_diag(console, d)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err().print("已中止。")
        sys.exit(1)
    except KeyboardInterrupt:
        err().print("已中止。")
        sys.exit(130)
    except OSError as exc:
        from govinfo.core.oserrors import explain
        err().print(explain(exc).format(), markup=False)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        import click
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if os.environ.get("GOVINFO_DEBUG"):
            raise
        err().print(error(Source("govinfo"), "INTERNAL", f"程序内部错误：{type(exc).__name__}: {exc}",
                          "这不是您的操作问题。请把这条消息和所用命令告诉维护人员；设 GOVINFO_DEBUG=1 可看详细信息").format(),
                    markup=False)
        sys.exit(2)


__all__ = ["app", "main", "__version__"]
