"""Notice wording as jinja2 templates: the workspace's own templates/ first, then the bundled ones.

HTML templates are autoescaped; the .txt templates produce plain text (the notice body, the
reminders) that every renderer escapes for its own format.
"""
from __future__ import annotations

import sys
from pathlib import Path

import jinja2

from govinfo.core.diagnostics import Source, UserError, error
from govinfo.store.workspace import Workspace, bundled_dir

TEMPLATES_DIR = "templates"
ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (heading numbers)."""
    if n < 10:
        return ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (ZH_DIGITS[tens] if tens > 1 else "") + "十" + (ZH_DIGITS[ones] if ones else "")


def environment(ws: Workspace) -> jinja2.Environment:
    folders = [ws.root / TEMPLATES_DIR, bundled_dir("templates")]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(f) for f in folders]),
                             autoescape=jinja2.select_autoescape(["html", "htm", "xml"], default_for_string=False),
                             undefined=jinja2.StrictUndefined, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["zh"] = zh_number
    env.filters["join_zh"] = lambda xs: "、".join(str(x) for x in xs)
    return env


def _where(ws: Workspace, name: str, filename: str | None, line: int | None) -> Source:
    path = Path(filename) if filename else ws.root / TEMPLATES_DIR / name
    try:
        shown = path.resolve().relative_to(ws.root).as_posix()
    except ValueError:
        shown = f"（内置模板）{TEMPLATES_DIR}/{name}"
    return Source(shown, line)


def render(ws: Workspace, name: str, **context) -> str:
    """Render one template (blank lines are harmless: renderers skip them); a mistake in a template is reported at its file and line."""
    env = environment(ws)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound:
        raise UserError(error(Source(f"{TEMPLATES_DIR}/{name}"), "TEMPLATE-MISSING", f"找不到模板 {name}",
                              "从安装包自带的模板复制一份到工作区的 templates/，或删除同名的损坏文件")) from None
    except jinja2.TemplateSyntaxError as exc:
        raise UserError(error(_where(ws, name, exc.filename, exc.lineno), "TEMPLATE",
                              f"模板语法错误：{exc.message}", "检查 {{ }} 与 {% %} 是否成对")) from None
    except jinja2.UndefinedError as exc:
        filename, line = _template_frame(name)
        raise UserError(error(_where(ws, name, filename, line), "TEMPLATE",
                              f"模板用到了不存在的内容：{exc.message}",
                              "检查变量名的拼写；可用的变量见 templates/README.md")) from None


def _template_frame(name: str) -> tuple[str | None, int | None]:
    """jinja2 rewrites tracebacks so template lines show up as frames: find the last one."""
    tb = sys.exc_info()[2]
    found = (None, None)
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(name) or code.co_filename.endswith((".txt", ".html")):
            found = (code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
