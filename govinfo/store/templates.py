"""Notice wording as jinja2 templates: the workspace's own templates/ first, then the bundled ones.

HTML templates are autoescaped; the .txt templates produce plain text (the notice body, the
reminders) that every renderer escapes for its own format.
"""
from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from govinfo.core.diagnostics import Diagnostic, Source, UserError, error
from govinfo.core.text import CONTROL_HINT, bad_character
from govinfo.store.paths import link_on_path
from govinfo.store.workspace import Workspace, bundled_dir

TEMPLATES_DIR = "templates"
ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (heading numbers)."""
    if n < 10:
        return ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (ZH_DIGITS[tens] if tens > 1 else "") + "十" + (ZH_DIGITS[ones] if ones else "")


class _ClosedLoader(jinja2.FileSystemLoader):
    """The workspace's templates/ first, then the bundled ones; never through a link, never a huge file."""

    def __init__(self, ws: Workspace):
        super().__init__([str(ws.root / TEMPLATES_DIR), str(bundled_dir("templates"))], encoding="utf-8-sig")
        self.root = ws.root

    def get_source(self, environment, template):
        own = self.root / TEMPLATES_DIR / template
        link = link_on_path(own, self.root) if own.exists() or own.is_symlink() else None
        if link is not None:
            rel = link.relative_to(self.root).as_posix()
            raise UserError(error(Source(rel), "SYMLINK", f"模板“{rel}”是符号链接（快捷方式），没有读取",
                                  "本工具不通过链接读取工作区内的文件：把模板文件本身复制到 templates/"))
        if own.exists() and not own.is_file():
            raise UserError(error(Source(f"{TEMPLATES_DIR}/{template}"), "NOT-A-FILE",
                                  f"模板“{TEMPLATES_DIR}/{template}”不是普通文件（是文件夹或管道）", "删除它，或换成模板文件"))
        if own.is_file() and own.stat().st_size > MAX_TEMPLATE_BYTES:
            raise UserError(error(Source(f"{TEMPLATES_DIR}/{template}"), "FILE-TOO-LARGE",
                                  f"模板文件过大（上限 {MAX_TEMPLATE_BYTES // 1024} KB）", "模板只放通报的文字和 {{ }} 变量"))
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            raise UserError(error(Source(f"{TEMPLATES_DIR}/{template}"), "ENCODING", "模板文件不是 UTF-8 编码",
                                  "用记事本打开这个模板，“另存为”时编码选“UTF-8”后保存")) from None


MAX_RANGE = 10_000       # range() in a template: a notice lists at most a few hundred units
MAX_FORMAT_WIDTH = 1000  # "{0:>9999999999}".format(1) would take gigabytes


class _Sandbox(ImmutableSandboxedEnvironment):
    """Templates are data: no attribute of Python's internals (and no module reached through a value
    the renderers pass in, such as b.titles.logging.os), no changing a value, and no arithmetic,
    range or format width that would run for hours or fill the memory."""
    intercepted_binops = frozenset(["**", "*"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.globals["range"] = _small_range
        for name in ("format", "center", "indent", "wordwrap"):
            self.filters[name] = _bounded_filter(self.filters[name], formats=name == "format")

    def is_safe_attribute(self, obj, attr, value):
        if isinstance(value, types.ModuleType):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj, attribute):
        found = super().getattr(obj, attribute)
        if isinstance(obj, str) and attribute in WIDTH_METHODS and callable(found):
            return _bounded(found, obj)
        return found

    def call_binop(self, context, operator, left, right):
        if operator == "**" and (abs(right) > 64 if isinstance(right, (int, float)) else True):
            raise SecurityError("乘方的指数过大")
        if operator == "*" and any(isinstance(x, (str, list, tuple)) for x in (left, right)) \
                and max(abs(x) for x in (left, right) if isinstance(x, int)) > 10_000:
            raise SecurityError("重复次数过大")
        return super().call_binop(context, operator, left, right)


MAX_TEMPLATE_BYTES = 256 * 1024


WIDTH_METHODS = ("format", "format_map", "center", "ljust", "rjust", "zfill", "expandtabs")


FORMAT_SPEC = re.compile(r"\{[^{}]*:[^{}\d]*(\d{4,})[^{}]*\}")  # "{0:>99999}"
PERCENT_SPEC = re.compile(r"%[-+ #0]*(\d{4,})")                  # "%99999d"


def _check_width(fmt: str | None, args=()) -> None:
    """Refuse a field width past MAX_FORMAT_WIDTH: in a format string ("{0:>99999}", "%99999d"), or
    given as the width argument of center/ljust/indent and the like."""
    specs = FORMAT_SPEC.findall(fmt) + PERCENT_SPEC.findall(fmt) if fmt else []
    widths = [int(w) for w in specs] + [a for a in args if isinstance(a, int)]
    if any(w > MAX_FORMAT_WIDTH for w in widths):
        raise SecurityError(f"宽度超过 {MAX_FORMAT_WIDTH}")


def _bounded(method, text: str):
    formats = method.__name__ in ("format", "format_map")

    def call(*args, **kwargs):
        _check_width(text if formats else None, () if formats else args)
        return method(*args, **kwargs)
    return call


def _bounded_filter(f, formats: bool):
    def call(value, *args, **kwargs):
        _check_width(str(value) if formats else None, () if formats else args)
        return f(value, *args, **kwargs)
    return call


def _small_range(*args):
    if len(range(*args)) > MAX_RANGE:
        raise SecurityError(f"range 的长度超过 {MAX_RANGE}")
    return range(*args)


def environment(ws: Workspace) -> jinja2.Environment:
    env = _Sandbox(loader=_ClosedLoader(ws),
                   autoescape=jinja2.select_autoescape(["html", "htm", "xml"], default_for_string=False),
                   undefined=jinja2.StrictUndefined, lstrip_blocks=True, keep_trailing_newline=True)
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


def _syntax_error(ws: Workspace, name: str, exc: jinja2.TemplateSyntaxError) -> Diagnostic:
    return error(_where(ws, name, exc.filename, exc.lineno), "TEMPLATE", f"模板语法错误：{_syntax_zh(exc.message or '')}",
                 "检查 {{ }} 与 {% %} 是否成对")


def check_templates(ws: Workspace) -> list[Diagnostic]:
    """The workspace's own templates read and parsed, as `validate` checks them: a template saved in
    the wrong encoding or with a broken {% %} is found before the day a notice is due."""
    folder = ws.root / TEMPLATES_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    env, found = environment(ws), []
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".txt", ".html") or path.name.startswith("."):
            continue
        try:
            source = env.loader.get_source(env, path.name)[0]
            env.parse(source, path.name, str(path))
        except UserError as exc:
            found += exc.diags
        except jinja2.TemplateSyntaxError as exc:
            found.append(_syntax_error(ws, path.name, exc))
    return found


def render(ws: Workspace, name: str, **context) -> str:
    """Render one template (blank lines are harmless: renderers skip them); a mistake in a template is reported at its file and line."""
    env = environment(ws)
    try:
        text = env.get_template(name).render(**context)
        bad = bad_character(text)
        if bad:  # written by the template itself ({{ "\x1b[2J" }}): Word's XML and the console refuse it
            raise UserError(error(Source(f"{TEMPLATES_DIR}/{name}"), "CONTROL-CHAR",
                                  f"模板生成的文字含有控制字符（{bad[1]}）", CONTROL_HINT))
        return text
    except jinja2.TemplateNotFound as exc:
        missing = exc.name or name  # the one an {% include %} or {% extends %} names, not always `name`
        raise UserError(error(Source(f"{TEMPLATES_DIR}/{name}"), "TEMPLATE-MISSING", f"找不到模板 {missing}",
                              "从安装包自带的模板复制一份到工作区的 templates/，或删除同名的损坏文件")) from None
    except jinja2.TemplateSyntaxError as exc:
        raise UserError(_syntax_error(ws, name, exc)) from None
    except jinja2.UndefinedError as exc:
        filename, line = _template_frame(name)
        raise UserError(error(_where(ws, name, filename, line), "TEMPLATE",
                              f"模板用到了不存在的内容：{_undefined_zh(exc.message or '')}",
                              "检查变量名的拼写；可用的变量见 templates/README.md")) from None
    except SecurityError as exc:
        filename, line = _template_frame(name)
        raise UserError(error(_where(ws, name, filename, line), "TEMPLATE-UNSAFE",
                              f"模板中有不允许的写法（{_security_zh(exc)}）：模板只能使用通报的变量，不能调用程序内部的功能",
                              "删去这一处；可用的变量和过滤器见 templates/README.md")) from None
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - a template is the user's text: any failure in it is theirs to fix
        filename, line = _template_frame(name)
        raise UserError(error(_where(ws, name, filename, line), "TEMPLATE",
                              "模板运行出错：" + (str(exc) if not str(exc).isascii() else "这一行的表达式无法计算（如把文字和数字相加、除以零）"),
                              "检查这一行的表达式；可用的变量见 templates/README.md")) from None


_SYNTAX_ZH = [
    (re.compile(r"unexpected end of template.*looking for the following tags: ('[^.]*')", re.I | re.S), "模板结束时还少一个“{{% {0} %}}”"),
    (re.compile(r"Encountered unknown tag '([^']*)'"), "不认识的标记“{0}”"),
    (re.compile(r"unexpected '([^']*)'"), "这里不该有“{0}”"),
    (re.compile(r"Expected an expression"), "{{ }} 或 {% %} 里缺少内容"),
    (re.compile(r"expected token '([^']*)', got '([^']*)'"), "这里应是“{0}”，写成了“{1}”"),
    (re.compile(r"unexpected end of template", re.I), "模板在一个 {{ 或 {% 还没有结束时就结束了"),
]


_TOKENS_ZH = {"end of print statement": "}}", "end of statement block": "%}", "begin of print statement": "{{",
              "name": "变量名", "end of template": "模板末尾"}


def _closing(tags: str) -> str:
    """The end tag among those Jinja2 was looking for ('elif' or 'else' or 'endif' -> endif)."""
    return next((t for t in re.findall(r"'([^']*)'", tags) if t.startswith("end")), "")


def _syntax_zh(message: str) -> str:
    """Jinja2's syntax messages are English: the common ones in Chinese, the rest as a plain hint."""
    for pattern, zh in _SYNTAX_ZH:
        m = pattern.search(message)
        if m:
            return zh.format(*(_closing(g) or _TOKENS_ZH.get(g, g) for g in m.groups())) if m.groups() else zh
    return "这一行的 {{ }} 或 {% %} 写法不对"


def _undefined_zh(message: str) -> str:
    m = re.match(r"'([^']*)' is undefined", message) or re.search(r"has no attribute '([^']*)'", message)
    if m:
        return f"没有“{m[1]}”这个变量" if "is undefined" in message else f"没有“{m[1]}”这一项"
    return "用到的变量不存在" if message.isascii() else message


def _security_zh(exc: SecurityError) -> str:
    """Jinja2's own sandbox messages are English: say them in Chinese (ours already are)."""
    text = str(exc)
    m = re.match(r"access to attribute '([^']*)' of '([^']*)' object is unsafe", text)
    if m:
        return f"访问了“{m[2]}”对象的属性“{m[1]}”"
    if "is not safely callable" in text:
        return "调用了不允许调用的函数"
    if text.isascii():
        return "沙箱拒绝执行这一处"
    return text


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
