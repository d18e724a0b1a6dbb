"""What every page shares: the request's workspace, form fingerprints, running a writing action
as the command line does, and saying a diagnostic the way a page names its fields."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from collections import OrderedDict
from pathlib import Path

from flask import current_app, g

from govinfo.check.loader import logged
from govinfo.core.diagnostics import Diagnostic, Source, UserError, error
from govinfo.store.atomic import transaction
from govinfo.store.workspace import Workspace


def ws() -> Workspace:
    return g.ws


def fingerprint(*paths: Path, also: tuple[str, ...] = ()) -> str:
    """What a form saw: a hash of these files as they were (missing files count as empty), and of
    `also` (the ids of the records a page showed, so that one written since is noticed)."""
    h = hashlib.sha256()
    for path in paths:
        h.update(str(path).encode("utf-8"))
        h.update(path.read_bytes() if path.is_file() and not path.is_symlink() else b"")
    for text in also:
        h.update(b"\0" + text.encode("utf-8"))
    return h.hexdigest()[:32]


def unchanged(given: str, *paths: Path, also: tuple[str, ...] = ()) -> None:
    """Refuse a form whose files changed on disk after its page was shown."""
    if not hmac.compare_digest(given or "", fingerprint(*paths, also=also)):
        raise UserError(error(Source("网页表单"), "STALE-FORM", "这页打开以后，相关文件已经改动过（别人或别的窗口改的）",
                              "表单没有保存。请刷新页面，看过最新内容后再提交"))


KEPT_RESULTS = 200  # the last few forms' results: enough for a clerk's tabs, bounded in memory
_results_lock = threading.Lock()


def keep_result(**shown) -> str:
    """What a form did (the files it wrote, what to say about them), kept under a key no one can
    guess for the page it redirects to. Reloading that page shows it again and sends nothing; an
    address with a made-up key shows no false success."""
    key = secrets.token_urlsafe(12)
    log = g.get("log")
    shown.setdefault("left_out", len(log.left_out) if log else 0)  # how many files the form's reads left out, said there too
    with _results_lock:
        kept = current_app.extensions.setdefault("govinfo_results", OrderedDict())
        kept[key] = shown
        while len(kept) > KEPT_RESULTS:
            kept.popitem(last=False)
    return key


def kept_result(key: str | None) -> dict:
    with _results_lock:
        return current_app.extensions.get("govinfo_results", {}).get(key or "", {})


def attempt(action):
    """Run a writing action as the CLI does: inside one transaction (a refusal writes nothing),
    with the files it left out noted. Returns (result, diagnostics)."""
    try:
        with logged() as log:
            try:
                with transaction():
                    return action(), []
            finally:  # the page says what the action's reads left out, as the command line does
                outer = getattr(g, "log", None)
                if outer is not None:
                    for path, first in log.left_out.items():
                        outer.left_out.setdefault(path, first)
    except UserError as exc:
        return None, list(exc.diags)
    except OSError as exc:
        from govinfo.core.oserrors import explain
        return None, [explain(exc)]


FIELD_LABELS = {"body": "正文", "category": "类别", "column": "栏目", "date": "日期", "drafter": "拟稿人", "force": "覆盖",
                "instruction": "批示", "issue": "期号", "item": "信息", "items": "信息", "kind": "种类", "leader": "领导",
                "level": "级别", "month": "月份", "note": "说明", "number": "文号序号", "period": "时期", "pub": "刊物",
                "qualified": "评定", "reason": "原因", "record": "记录", "reviewer": "审核签发人", "special": "专期",
                "text": "内容", "title": "标题", "to": "位置", "unit": "单位", "units": "单位", "value": "值", "year": "年份",
                "points": "分值", "route": "途径", "format": "体裁", "body_file": "正文文件", "joint": "联合报送单位",
                "event_time": "事件发生时间", "solicitation": "约稿编号", "secrecy": "密级", "due": "反馈期限",
                "assignee": "承办单位", "topic": "主题", "deadline": "截止日期", "file": "文件", "field": "更正项"}
# One option, two meanings: `issue move --to` is a position, `forward --to` a publication.
COMMAND_FIELD_LABELS = {("forward", "to"): "上级刊物"}
_COMMAND = re.compile(r"govinfo(?: [a-z][a-z-]*)*")
_COMMAND_WORD = re.compile(r"govinfo(?: [a-z][a-z-]*)* ([^\x00-\x7f]\S*)")
_OPTION = re.compile(r"(?:govinfo((?: [a-z-]+)*)|(\S+)) --([a-z][a-z-]*)")


_UPLOAD = re.compile(r"^.*govinfo-(?:upload|inbox)-[^/\\]*[/\\]")


def where_shown(source) -> str:
    """A diagnostic's source as a page shows it: a file and line as they are; an option of a
    command (`govinfo adopt --pub`) or of a form (`时期 --period`) by the field's Chinese name."""
    text = str(source)
    upload = _UPLOAD.search(text)
    if upload:  # an uploaded file is named as the clerk named it, not by our private temporary folder
        return text[upload.end():]
    if _COMMAND.fullmatch(text):  # the form as a whole: the page needs no "govinfo show：" before it
        return ""
    named = _COMMAND_WORD.fullmatch(text)
    if named:  # `govinfo submit 正文`: a part of the form named in Chinese
        return named[1]
    m = _OPTION.fullmatch(text)
    if m is None:
        return text
    if m[2] and not m[2].isascii():
        return m[2]
    field = m[3].replace("-", "_")
    command = (m[1] or "").split()[:1]
    return COMMAND_FIELD_LABELS.get((command[0] if command else "", field)) or FIELD_LABELS.get(field, m[3])


_OPTION_IN_TEXT = re.compile(r"govinfo(?: [a-z][a-z-]*)* --[a-z][a-z-]*")
_FLAG_VALUE = re.compile(r"(写成|例如|如) --[a-z][a-z-]* ")
_FLAG_QUOTED = re.compile(r"--([a-z][a-z-]*)(?=“)")


_FLAG = re.compile(r"--([a-z][a-z-]*)")
_SPACE_BY_QUOTE = re.compile(r" (?=“)|(?<=”) ")
# Advice that only the command line can follow, said as a page says it.
_PAGE_PHRASES = {"在命令中给出这些选项；在终端中直接运行时会逐项询问": "在表单中填上这些项",
                 "用 govinfo solicit list 查看约稿编号": "约稿编号见“约稿”页",
                 "加 --force": "勾选“覆盖已有的文件”", "加 --reuse-number": "勾选“文号已用过也照用”"}


# Commands named in advice, said as the page where the same is done (their arguments dropped).
_PAGE_COMMANDS = [
    (re.compile(r"(?:用)? ?govinfo withdraw ([A-Za-z0-9-]+)(?: --reason [^\s，；。]+)? ?(?=[\u4e00-\u9fff，；。（“]|$)"),
     lambda m: _withdraw_where(m[1])),
    (re.compile(r" ?govinfo withdraw 记录编号 ?"), "在各信息页的“撤销记录”里"),
    (re.compile(r"先 ?govinfo withdraw 撤销这条信息"), "先在这条信息的页面上撤销它"),
    (re.compile(r"先 ?govinfo withdraw 撤销"), "先在原信息的页面上撤销它"),
    (re.compile(r"用 ?govinfo withdraw 撤销(这条记录|后)"), r"在该信息页的“撤销记录”里撤销\1"),
    (re.compile(r"govinfo show 信息编号 列出一条信息的全部记录"), "每条信息的页面列出它的全部记录"),
    (re.compile(r"可用 ?govinfo list 查看"), "可在“信息”页查看"),
    (re.compile(r"(?:用)? ?govinfo issue remove ([a-z0-9_-]+) ([A-Z0-9-]+)(?: --force)?(?: --reason [^\s，；。]+)? ?"
                r"(?:把它撤出这一期|把它撤下|撤出)?"), r"在刊物 \1 的页面上把 \2 撤出这一期"),
    (re.compile(r" ?govinfo issue edit \S+ .*?(?=[，；。]|$)"), "在这一期的页面上“修改稿件”"),
    (re.compile(r"用 govinfo list 查看信息编号"), "在“信息”页查看信息编号"),
    (re.compile(r" ?govinfo solicit list ?"), "“约稿”页"),
    (re.compile(r" ?govinfo issue list ?"), "“刊物”页"),
    (re.compile(r" ?govinfo instructions ?"), "各信息页的办理记录"),
    (re.compile(r" ?govinfo score(?: --year)? ?"), "“计分”页"),
    (re.compile(r" ?govinfo status ?"), "首页"),
    (re.compile(r"运行 ?govinfo validate ?"), "打开“检查”页"),
    (re.compile(r" ?govinfo validate ?"), "“检查”页"),
    (re.compile(r"govinfo units add"), "编辑 rules/roster.yaml"),
    (re.compile(r"导入时用 --unit 指定单位"), "在“单位”一栏选定单位"),
]


def _withdraw_where(record_id: str) -> str:
    page = "“扣分”页" if record_id.startswith("penalty-") else "“约稿”页" if record_id.startswith("solicit-") \
        else "该信息页的“撤销记录”"
    return f"在{page}撤销 {record_id}（写明原因）"


def page_words(text: str) -> str:
    """A message worded for the command line, worded for a page: “写成 --year 2026” says 写成 2026,
    --year“abc” says 年份“abc”, and any other option known as a field is called by its name (the
    page has fields, not options)."""
    for cli_words, page in _PAGE_PHRASES.items():
        text = text.replace(cli_words, page)
    for pattern, page in _PAGE_COMMANDS:
        text = pattern.sub(page, text)
    # "govinfo forward --to 不能为空": the field by its name for that command (its --to is 上级刊物, not 位置)
    text = _OPTION_IN_TEXT.sub(lambda m: f"“{where_shown(m[0])}”", text)
    text = _FLAG_VALUE.sub(lambda m: m[1] + " ", text)
    text = _FLAG_QUOTED.sub(lambda m: FIELD_LABELS.get(m[1].replace("-", "_"), m[1]), text)
    text = _FLAG.sub(lambda m: f"“{FIELD_LABELS[m[1].replace('-', '_')]}”" if m[1].replace("-", "_") in FIELD_LABELS
                     else m[0], text)
    return _SPACE_BY_QUOTE.sub("", text)  # "用 --body 或 --body-file 给出" became "用“正文”或“正文文件”给出"


def field_of(d: Diagnostic) -> str:
    """The form field a diagnostic is about (`govinfo adopt --pub` -> pub), for showing it beside it."""
    words = d.source.path.split()
    return words[-1].lstrip("-").replace("-", "_") if words and words[-1].startswith("--") else ""
