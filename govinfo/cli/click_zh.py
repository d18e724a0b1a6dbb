"""Chinese for the messages Click and Typer print themselves (usage errors, help headings).

Click wraps its messages in gettext's `_`, bound at import in each module; rebinding that name
to a lookup table is enough to translate them without a compiled catalogue.
"""
from __future__ import annotations

import importlib.abc
import sys

ZH = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少子命令。",
    "Missing {param_type}": "缺少{param_type}",
    "No such command {name!r}.": "没有这个命令 {name!r}。",
    "No such option {name!r}.": "没有这个选项 {name!r}。",
    "No such option: {name}": "没有这个选项：{name}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "integer": "整数",
    "float": "数字",
    "Aborted!": "已中止。",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 中。",
    "Error: invalid input": "错误：输入无效",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "{value} is not in the range {range}.": "{value} 不在允许的范围（{range}）内。",
    "(Did you mean one of: {possibilities}?)": "（是不是以下之一：{possibilities}？）",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
}


def _(message: str) -> str:
    return ZH.get(message, message)


def _n(singular: str, plural: str, n: int) -> str:
    return ZH.get(singular if n == 1 else plural, singular if n == 1 else plural)


def install() -> None:
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser,
                   click.termui, click.types):
        if hasattr(module, "_"):
            module._ = _
        if hasattr(module, "ngettext"):
            module.ngettext = _n
    # "缺少选项 '--unit'." : Click puts an English full stop after the hint, outside gettext.
    missing = click.exceptions.MissingParameter
    if not getattr(missing.format_message, "in_chinese", False):
        english = missing.format_message

        def format_message(self) -> str:
            # "{missing} '{hint}'.{extra}": the stop after the quoted hint, not a dot inside it (信息编号...)
            text = english(self)
            at = text.find("'.") + 1 if "'." in text else (len(text) - 1 if text.endswith(".") else -1)
            return text[:at] + "。" + text[at + 1:].lstrip() if at > 0 else text
        format_message.in_chinese = True
        missing.format_message = format_message
    # Click puts the type's name into "'x' is not a valid integer", outside gettext.
    click.types.IntParamType.name = "整数"
    click.types.FloatParamType.name = "数字"
    click.types.IntRange.name = "整数"
    click.types.FloatRange.name = "数字"
    click.types.StringParamType.name = "文字"
    click.types.Path.name = "路径"
    click.types.Choice.name = "选项"
    # Typer imports its help and error formatter (with rich's markdown and syntax highlighting,
    # a fifth of the start-up time) only when it shows help or an error: translate it then.
    if "typer.rich_utils" in sys.modules:
        _translate_rich_utils(sys.modules["typer.rich_utils"])
    elif not any(getattr(f, "govinfo_translates", False) for f in sys.meta_path):
        sys.meta_path.insert(0, _TranslateOnImport())


def _translate_rich_utils(ru) -> None:
    ru.ERRORS_PANEL_TITLE = "错误"
    ru.OPTIONS_PANEL_TITLE = "选项"
    ru.COMMANDS_PANEL_TITLE = "命令"
    ru.ARGUMENTS_PANEL_TITLE = "参数"
    ru.REQUIRED_LONG_STRING = "[必填]"
    ru.DEFAULT_STRING = "[默认：{}]"
    ru.ENVVAR_STRING = "[环境变量：{}]"
    ru.ABORTED_TEXT = "已中止。"
    ru.RICH_HELP = "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"
    if hasattr(ru, "_"):
        ru._ = _
    if hasattr(ru, "_get_parameter_help") and not getattr(ru._get_parameter_help, "folds", False):
        ru._get_parameter_help = _folding(ru._get_parameter_help)


def _folding(parameter_help):
    """Rich wraps help text at spaces; a Chinese sentence has none, so an option's help that did
    not fit its column was cut with "…". Folded, it runs on to the next line, whole."""
    def folded(*args, **kwargs):
        columns = parameter_help(*args, **kwargs)
        for part in getattr(columns, "renderables", ()):
            if hasattr(part, "overflow"):
                part.overflow = "fold"
        return columns
    folded.folds = True
    return folded


class _TranslateOnImport(importlib.abc.MetaPathFinder):
    """Finds typer.rich_utils through the other finders (a file, a zip, a frozen bundle alike) and
    has it translated as soon as it has run. The loader found is wrapped, never changed."""

    govinfo_translates = True

    def find_spec(self, name, path, target=None):
        if name != "typer.rich_utils":
            return None
        for finder in sys.meta_path:
            if finder is not self and hasattr(finder, "find_spec"):
                spec = finder.find_spec(name, path, target)
                if spec is not None:
                    break
        else:
            return None
        if spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return None  # an old-style loader: imported as usual, help in Typer's own words
        spec.loader = _Translating(spec.loader)
        return spec


class _Translating(importlib.abc.Loader):
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        _translate_rich_utils(module)
