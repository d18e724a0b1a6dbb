"""Asking for what a command line left out (submit at a terminal): each answer is checked when
given and asked again at once with the reason; a summary is confirmed before anything is saved."""
from __future__ import annotations

import typer

from govinfo.core import dates
from govinfo.core.diagnostics import UserError


def _say(console, text: str) -> None:
    console.print(text, markup=False, highlight=False)


def ask_text(err, label: str, why: str, default: str | None = None) -> str:
    """A required line: an empty answer says why it is needed and asks again."""
    while True:
        answer = typer.prompt(label, default=default or "", show_default=bool(default)).strip()
        if answer:
            return answer
        _say(err, f"  {label}不能为空：{why}")


def ask_unit(ws, out, err) -> str:
    from govinfo.store import names
    choices = names.unit_choices(ws.units)
    while True:
        answer = typer.prompt("报送单位（代码或名称中的几个字）").strip()
        if not answer:
            _say(err, "  报送单位不能为空：得分记在这个单位名下（govinfo units 可查看全部单位）")
            continue
        try:
            code = names.pick(answer, choices, "单位", "报送单位")
        except UserError as exc:
            d = exc.diags[0]
            _say(err, f"  {d.message}")
            if d.hint:
                _say(err, f"  {d.hint}")
            continue
        _say(out, f"  → {code} {ws.unit_map[code].name}")
        return code


def ask_date(err) -> str:
    """The day the item came in (default today): an October item typed in November is October's."""
    today = dates.today().isoformat()
    while True:
        answer = typer.prompt("报送日期（回车为今天）", default=today).strip()
        parsed = dates.parse_datetime(answer)
        if parsed is None:
            _say(err, f"  “{answer}”不是有效的日期，请写成 {today} 或 {today} 09:30")
        elif parsed.date() > dates.today():
            _say(err, f"  {parsed.date()} 晚于今天，请检查后重新输入")
        else:
            return answer


def ask_category(ws, out, err) -> str:
    from govinfo.store import names
    cats = ws.require_rules().item_categories
    _say(out, "信息类别：" + "  ".join(f"{n}.{c}" for n, c in enumerate(cats, 1)))
    while True:
        answer = typer.prompt("信息类别（序号或名称）").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(cats):
            return cats[int(answer) - 1]
        try:
            return names.pick(answer, names.item_category_choices(ws.require_rules()), "信息类别", "信息类别")
        except UserError:
            _say(err, "  无效的类别，请输入上面列出的序号或名称")


def confirm_draft(ws, out, fields: dict) -> bool:
    """Show what will be saved; Enter or y saves, n gives up (nothing is written)."""
    body = fields["body"] or ""
    unit = ws.unit_map.get(fields["unit"])
    lines = ["", "请核对：", f"  报送单位：{fields['unit']} {unit.name if unit else ''}", f"  标　　题：{fields['title']}",
             f"  拟 稿 人：{fields['drafter']}　审核签发人：{fields['reviewer']}",
             f"  报送日期：{fields['date'] or dates.today().isoformat()}", f"  信息类别：{fields['category']}",
             f"  正　　文：{len(body)} 字，{body.strip()[:30]}{'……' if len(body.strip()) > 30 else ''}"]
    for line in lines:
        _say(out, line)
    while True:
        answer = typer.prompt("保存这条信息？（回车或 y 保存，n 放弃）", default="", show_default=False).strip().lower()
        if answer in ("", "y", "yes", "是", "好"):
            return True
        if answer in ("n", "no", "否", "不"):
            return False
