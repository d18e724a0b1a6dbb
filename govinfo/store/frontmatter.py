"""Reading user files: bytes -> text (with an encoding verdict) -> front matter + body.

Front matter is split by hand, without stripping, so that a YAML error's line inside the front
matter maps back to the file's real line. Values are loaded as plain strings (no implicit dates,
numbers or booleans): unit code 001 stays "001", and 2026-02-30 reaches our own date check
instead of crashing the YAML constructor.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from govinfo.core.diagnostics import Diagnostic, Source, error, warning
from govinfo.core.text import CONTROL_HINT, bad_character

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FRONT_MATTER_CHARS = 64 * 1024

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def refuse_control(value, node) -> None:
    """A control character written as a YAML escape ("\\e[2J", "\\x0b") is as much a control character as
    one typed into the file: refused where the value is built, at its line."""
    if isinstance(value, str) and bad_character(value, one_line=False):
        raise yaml.constructor.ConstructorError(None, None, "found a control character in a value", node.start_mark)


class StringLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that resolves only null; every other scalar stays a string; a key given twice
    is an error (`secrecy: 机密` then `secrecy: 公开` must not make an item public)."""

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        refuse_control(value, node)
        return value

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int, type(None))) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"found duplicate key \"{key}\" (first on line {seen[key]})", key_node.start_mark)
            seen[key if isinstance(key, (str, int, type(None))) else id(key_node)] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)


StringLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_TOP_KEY = re.compile(r"^((?:[\u3000\xa0]+)?[^\s#:'\"-][^:#]*?)\s*:(?:\s|$)")  # a key after a full-width space too: YAML reads one


@dataclass
class Document:
    """A file's text split into YAML data and body, with line numbers kept."""

    source: Source
    data: object = None
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 0
    encoding: str = "utf-8"

    def line_of(self, key: str) -> Source:
        return Source(self.source.path, self.key_lines.get(key, self.source.line or 1))


def decode(raw: bytes, src: Source) -> tuple[str | None, str, list[Diagnostic]]:
    """Decode UTF-8 (BOM allowed); otherwise say what the bytes look like and how to convert."""
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, "binary", [error(src, "ENCODING", "文件含有 NUL 空字节，不是文本文件",
                                      "请确认这是用记事本等文本编辑器保存的 .md 文件")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, "utf-16", [error(src, "ENCODING", "文件是 UTF-16 编码，不是 UTF-8",
                                      "用记事本打开，“另存为”时编码选“UTF-8”后保存")]
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        where = Source(src.path, bad_line)
        try:
            raw.decode("gb18030")
            guess = "GBK/GB18030（Windows 中文系统的默认编码）"
        except UnicodeDecodeError:
            guess = "无法识别的编码"
        again = "；或用 govinfo submit --body-file 重新录入（会自动转换）" if src.path.startswith("data/items/") else ""
        return None, "unknown", [error(where, "ENCODING", f"文件不是 UTF-8 编码，看起来是 {guess}",
                                       "用记事本打开，“另存为”时编码选“UTF-8”后保存" + again)]


def decode_text_file(raw: bytes) -> tuple[str | None, str]:
    """For files a clerk hands to `submit`: UTF-8 (BOM allowed), UTF-16 with its BOM (Notepad's
    "Unicode"), else GB18030/GBK."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, "unknown"
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return None, "unknown"


YAML_PROBLEMS = {
    "did not find expected ',' or ']'": "方括号 [ 没有配对的 ]",
    "did not find expected ',' or '}'": "花括号 { 没有配对的 }",
    "mapping values are not allowed": "这里不能出现冒号：值里有冒号时，请用引号把整个值括起来",
    "found unexpected end of stream": "引号或括号没有闭合，文件就结束了",
    "could not find expected ':'": "缺少冒号：每行应写成“字段: 值”",
    "found character '\\t' that cannot start any token": "不能用 Tab 键缩进，请改用空格",
    "found a tab character that violates indentation": "不能用 Tab 键缩进，请改用空格",
    "did not find expected key": "缩进不一致，或某行缺少“字段:”",
    "did not find expected '-' indicator": "缩进不一致：这一行与上面列表项里的字段没有左端对齐",
    "found duplicate key": "同一层里有重复的键：每个键只能写一次",
    "found unknown escape character": "双引号里的反斜杠 \\ 后面跟了不认识的字符：值里要写反斜杠时，改用单引号把整个值括起来",
    "but found another document": "这里多了一行 ---：文件中间不能再有 ---（它表示另一个文件的开始）",
    "did not find expected alphabetic or numeric character": "值以 * 或 & 开头（YAML 的别名、锚点记号）：请用引号把整个值括起来",
    "found undefined alias": "值以 * 开头（YAML 的别名记号）：请用引号把整个值括起来",
    "that cannot start any token": "值以 @、` 或 % 这样的符号开头，YAML 不认：请用引号把整个值括起来",
    "block sequence entries are not allowed": "值以“- ”开头，会被当成列表：请用引号把整个值括起来",
    "exceeded maximum nesting depth": "括号或缩进嵌套过深",
    "found a control character in a value": "值里含有控制字符（如用 \\e、\\x0b 这样的转义写进去的）",
    "could not determine a constructor for the tag": "含有不允许的 YAML 标签（如 !!python/object）：本工具只读普通文字",
}
MAX_NODES = 10_000  # a front matter holds a dozen fields; more nodes than this is an alias bomb


# Problems PyYAML finds only where the text ends or the bracket should close: the line to show is
# where the unclosed construct began. For every other problem it is the line the parser stopped on.
_OPENED_EARLIER = ("found unexpected end of stream", "did not find expected ',' or", "while scanning a quoted scalar",
                   "while scanning a simple key")  # a key line without its colon: PyYAML notices on the next line
_DUPLICATE = re.compile(r'found duplicate key "(.*)"(?: \(first on line (\d+)\))?$', re.S)


def _line(text: str | None, line: int) -> str:
    lines = (text or "").split("\n")
    return lines[line] if 0 <= line < len(lines) else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indent_slip(text: str | None, line: int) -> str | None:
    """For "mapping values are not allowed": when the line is indented unlike the line before it
    (which opens no block), the colon is fine and the indent is the mistake."""
    lines = (text or "").split("\n")
    if not 0 < line < len(lines):
        return None
    before = next((x for x in reversed(lines[:line]) if x.strip() and not x.lstrip().startswith("#")), None)
    if before is None or before.rstrip().endswith(":"):
        return None
    here = lines[line].lstrip(" ")
    step = _indent(lines[line]) - _indent(before) - (2 if before.lstrip().startswith("- ") else 0)
    if step == 0 or here.startswith("- "):
        return None
    if step < 0 and _indent(lines[line]) in _enclosing_indents(lines[:line]):
        return None  # back out to a block above: the indent is right, the colon in the value is the trouble
    return f"这一行比上一行{'多' if step > 0 else '少'}缩进了 {abs(step)} 个空格：同一层的字段应左端对齐"


def _enclosing_indents(lines: list[str]) -> set[int]:
    """The indents a next line may go back to: those of the key lines above (and their list items' keys)."""
    found = set()
    for x in lines:
        if x.strip() and not x.lstrip().startswith("#"):
            found.add(_indent(x))
            if x.lstrip().startswith("- "):
                found.add(_indent(x) + 2)
    return found


def yaml_problem(exc, text: str | None = None, first_line: int = 1) -> tuple[int, str]:
    """(0-based line in `text`, Chinese explanation) of a YAML error; `text`, when given, is what
    was parsed, starting at the file's line `first_line`."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None) or ""
    opened = problem.startswith(_OPENED_EARLIER) or context.startswith(_OPENED_EARLIER)
    marks = ("context_mark", "problem_mark") if opened else ("problem_mark", "context_mark")
    mark = getattr(exc, marks[0], None) or getattr(exc, marks[1], None)
    line = mark.line if mark else 0
    duplicate = _DUPLICATE.match(problem)
    if duplicate:
        first = f"（第 {int(duplicate[2]) + first_line - 1} 行已有）" if duplicate[2] else ""
        return line, (f"键“{duplicate[1][:40]}”在同一层里写了两次{first}：每个键只能写一次；"
                      "如果这一行是列表里新的一项（如新的单位），它前面少了“- ”")
    wide = _wide_space(text, line)
    if wide is not None:
        return wide
    if problem.startswith("mapping values are not allowed"):
        slip = _indent_slip(text, line)
        if slip:
            return line, slip
    here = _line(text, line)
    if "\t" in here[:len(here) - len(here.lstrip())]:  # the C parser's message does not name the tab
        return line, "不能用 Tab 键缩进：这一行行首有 Tab，请换成空格（与上下行对齐）"
    if ":\t" in here and ("tab" in problem.lower() or "\\t" in problem):  # ruamel: a tab after the colon
        return line, "这一行冒号后面用了 Tab 键：请改成一个空格（改花名册、规则的命令要求这样写）"
    if problem.startswith("could not find expected ':'") and "：" in _line(text, line):
        return line, "冒号写成了全角的“：”：字段名后面应是半角冒号“:”加一个空格"
    if problem.startswith("did not find expected key") and _line(text, line).split(":", 1)[-1].strip()[:1] in "\"'":
        return line, "值的一部分用了引号、一部分没有：要么整个值都放在引号里，要么都不用引号"
    zh = next((v for k, v in YAML_PROBLEMS.items() if problem.startswith(k)), None) or next(
        (v for k, v in YAML_PROBLEMS.items() if k in problem), None)  # "found character '@' that cannot start…"
    return line, (zh or f"无法解析（{problem}）")


_WIDE_SPACES = ("\u3000", "\xa0")  # a Chinese input method's full-width space; a no-break space pasted from Word


WIDE_SPACE_HINT = "在编辑器里用“替换”把全角空格换成半角空格后再保存"


def _wide_space(text: str | None, line: int) -> tuple[int, str] | None:
    """(line, explanation) when a full-width or no-break space stands where YAML wants a plain
    one, on the failing line or just above it: the parser reports the line where it gave up,
    often a line or two later, with a message about indentation or colons that misleads."""
    first = max(0, line - 3)
    found = wide_space_problems("\n".join((text or "").split("\n")[first:line + 1]))
    return (first + found[-1][0], found[-1][1]) if found else None  # the nearest


_BLOCK_START = re.compile(r"""^( *)(?:- +)?(?:(?:"[^"]*"|'[^']*'|[^#'"]*?): +)?(?:(?:!\S*|&\S+) +)*[|>][+-]?\d*\s*(?:#.*)?$""")


def wide_space_problems(text: str) -> list[tuple[int, str]]:
    """(0-based line, explanation) of every full-width or no-break space where YAML's structure
    wants a plain space: in the indentation, after a list's dash (or a full-width dash －), after
    or before a key's colon. YAML reads them as text, so the file may even parse, into something
    else (a key `　monthly_quota`, a phone under no officer). Text inside a block scalar (`|`),
    where a Chinese paragraph may well begin with two full-width spaces, is not looked at."""
    found, block = [], None
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):  # Notepad saves CRLF
        ascii_indent = len(line) - len(line.lstrip(" "))
        if block is not None:
            if not line.strip(" ") or ascii_indent > block:
                continue
            block = None
        rest = line[ascii_indent:]
        if rest.startswith("#") or not rest.strip():
            continue
        if rest[0] in _WIDE_SPACES:
            found.append((n, "行首用了全角空格（或从 Word 粘贴来的空格）缩进：YAML 只认半角空格，请换成半角空格（与上下行对齐）"))
            continue
        if rest[0] in "-－" and len(rest) > 1 and (rest[1] in _WIDE_SPACES or rest[0] == "－" and rest[1] == " "):
            found.append((n, "列表的“-”写成了全角，或后面跟的是全角空格：应是半角的“-”加一个半角空格"))
            continue
        key = re.match(r"(?:- +)?([^:#'\"]*?)([\u3000\xa0]*):([\u3000\xa0]?)", rest)
        if key and key.group(2) and key.group(1):
            found.append((n, f"“{key.group(1).strip()}”和冒号之间有全角空格（或从 Word 粘贴来的空格）：应紧接半角冒号“:”"))
        elif key and key.group(3):
            found.append((n, "冒号后面是全角空格（或从 Word 粘贴来的空格）：应是半角冒号“:”加一个半角空格"))
        if _BLOCK_START.match(line):
            block = ascii_indent
    return found


def too_big(data, budget: int = MAX_NODES) -> bool:
    """True when walking the data, aliases followed, visits more than `budget` values. YAML aliases
    share one object, so loading a "billion laughs" file is cheap; printing or walking it is not."""
    stack = [data]
    while stack:
        budget -= 1
        if budget < 0:
            return True
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NULLS = frozenset(("~", "null", "Null", "NULL"))


def flat_yaml(text: str, first_line: int = 1, lines: dict | None = None) -> dict | None:
    """The mapping that the YAML loader would build from `text`, for the one shape govinfo writes:
    unindented `key: value` lines of plain or simply single-quoted scalars, and comment lines.
    None for anything else (the YAML parser then decides). Parsing 10,000 items this way costs a
    fraction of PyYAML, and a property test checks both give the same mapping. `lines`, when
    given, receives each key's line number (counting from `first_line`). String methods, not a
    regular expression per line: this runs for every file a cold start reads."""
    data: dict = {}
    for offset, line in enumerate(text.split("\n")):
        if not line:
            continue
        if line[0] == "#":
            if not line.isprintable():  # YAML ends a comment at \u2028, \r, \x85 too: what follows is a key
                return None
            continue
        colon = line.find(":")
        key = line[:colon]  # an ASCII identifier holds no colon: the first one ends the key
        if colon <= 0 or not (key.isascii() and key.isidentifier()) or key in data or key in _NULLS:
            return None
        rest = line[colon + 1:]
        if rest and rest[0] != " ":
            return None
        if lines is not None:
            lines[key] = first_line + offset
        value = rest.strip(" ")
        if not value:
            data[key] = None
            continue
        if not value.isprintable() or ": " in value or " #" in value or value[-1] == ":":
            return None
        if value[0] == "'" and len(value) > 1 and value[-1] == "'" and "'" not in value[1:-1] \
                and value[1:-1] == value[1:-1].strip(" "):
            data[key] = value[1:-1]
        elif value[0] in _PLAIN_START:
            return None
        else:
            data[key] = None if value in _NULLS else value
    return data or None  # no key at all: YAML's own reading (None, or an error) stands


def load_mapping(text: str, src: Source, first_line: int = 1) -> tuple[object, dict[str, int], list[Diagnostic]]:
    """(data, line of each top-level key, diagnostics) of the YAML `text` that starts at `first_line`."""
    lines: dict[str, int] = {}
    flat = flat_yaml(text, first_line, lines)
    if flat is not None:
        return flat, lines, []
    data, diags = load_yaml(text, src, first_line)
    split = text.splitlines()
    return data, key_lines(split, first_line), diags + _comments_cut(split, data, src, first_line)


def _comments_cut(lines: list[str], data, src: Source, first_line: int) -> list[Diagnostic]:
    """`title: 第一季度工作 #1`: YAML takes ` #1` for a comment, and the title comes back without
    it. Said at its line (only where the fast reader gave up: files govinfo writes quote a #)."""
    if not isinstance(data, dict):
        return []
    out = []
    for offset, line in enumerate(lines):
        m = _TOP_KEY.match(line)
        value = data.get(m[1]) if m else None
        raw = line[m.end():].strip() if m else ""
        if isinstance(value, str) and " #" in raw and raw[:1] not in "'\"[{|>" and value.strip() != raw:
            cut = raw[raw.index(" #"):].strip()
            out.append(warning(Source(src.path, first_line + offset), "COMMENT-CUT",
                               f"“{cut[:20]}”被当作注释，没有读进来（{m[1]} 读作“{value[:30]}”）",
                               "要保留这部分，用单引号把整个值括起来，如 title: '……#1'"))
    return out


def load_yaml(text: str, src: Source, first_line: int = 1) -> tuple[object, list[Diagnostic]]:
    """Parse YAML safely; a syntax error points at its real line in the file."""
    try:
        data = yaml.load(text, Loader=StringLoader)  # noqa: S506 - a SafeLoader that refuses duplicate keys
        if too_big(data):
            return None, [error(Source(src.path, first_line), "YAML-TOO-LARGE", "YAML 内容展开后过大（别名 * 引用层层嵌套）",
                                "前置信息只需写 id、title 等几个字段，不要使用锚点 & 和别名 *")]
        return data, []
    except yaml.YAMLError as exc:
        line, problem = yaml_problem(exc, text, first_line)
        if "control character" in str(getattr(exc, "problem", "")):
            return None, [error(Source(src.path, first_line + line), "CONTROL-CHAR", f"YAML 格式错误：{problem}", CONTROL_HINT)]
        if "duplicate key" in str(getattr(exc, "problem", "")):
            return None, [error(Source(src.path, first_line + line), "DUPLICATE-KEY", f"YAML 格式错误：{problem}",
                                "删去重复的那一行：同一个字段写两次时，无法判断哪一个算数")]
        return None, [error(Source(src.path, first_line + line), "YAML", f"YAML 格式错误：{problem}",
                            "检查这一行的缩进、冒号后的空格和引号、括号是否成对")]
    except (ValueError, RecursionError) as exc:  # defensive: constructor or nesting errors
        return None, [error(Source(src.path, first_line), "YAML", f"YAML 内容无法读取：{exc}")]


def key_lines(lines: list[str], first_line: int) -> dict[str, int]:
    """Line of each top-level key, found by a cheap scan of unindented `key:` lines."""
    found: dict[str, int] = {}
    for offset, line in enumerate(lines):
        m = _TOP_KEY.match(line)
        if m and m[1] not in found:
            found[m[1]] = first_line + offset
    return found


_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def split_front_matter(text: str, src: Source) -> tuple[Document | None, list[Diagnostic]]:
    """Split `---\\n yaml \\n---\\n body`, keeping every line number. The closing line is found by a
    search, not by splitting the whole body into lines: most of a file is body."""
    if "\r" in text:  # Windows (CRLF) or old Mac (CR) line endings read like any other file
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    hint = "文件第一行应为 ---，随后是 id、title 等字段，再以一行 --- 结束，之后是正文"
    first_end = text.find("\n")
    if first_end < 0 or text[:first_end].strip() != "---":
        return None, [error(Source(src.path, 1), "FM-MISSING", "缺少前置信息（front matter）", hint)]
    close = _CLOSE.search(text, first_end + 1)
    if close is None:
        return None, [error(Source(src.path, 1), "FM-UNCLOSED", "前置信息没有结束标记 ---",
                            "在字段之后、正文之前加一行 ---")]
    fm_text = text[first_end + 1:close.start()]
    if len(fm_text) > MAX_FRONT_MATTER_CHARS:
        return None, [error(Source(src.path, 2), "FM-TOO-LARGE",
                            f"前置信息过大（{len(fm_text)} 个字符，上限 {MAX_FRONT_MATTER_CHARS}）",
                            "前置信息只放字段，正文写在第二个 --- 之后")]
    data, lines, diags = load_mapping(fm_text, src, first_line=2)
    close_line = 2 + fm_text.count("\n")  # 1-based line of the closing ---
    body_start = text.find("\n", close.end())
    body = text[body_start + 1:] if body_start >= 0 else ""
    return Document(src, data, lines, body, close_line + 1), diags


def read_document(raw: bytes, src: Source, front_matter: bool = True) -> tuple[Document | None, list[Diagnostic]]:
    """Bytes of an item (front matter) or record (plain YAML) -> Document, or diagnostics."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [error(src, "FILE-TOO-LARGE", f"文件过大（{len(raw) // 1024} KB），上限 {MAX_FILE_BYTES // 1024} KB")]
    text, encoding, diags = decode(raw, src)
    if text is None:
        return None, diags
    bad = bad_character(text)
    if bad:  # before YAML sees it: say which character, on which line
        return None, diags + [error(Source(src.path, bad[0] + 1), "CONTROL-CHAR", f"文件含有控制字符（{bad[1]}）", CONTROL_HINT)]
    if front_matter:
        doc, more = split_front_matter(text, src)
    else:
        if len(text) > MAX_FRONT_MATTER_CHARS:
            return None, [error(src, "FILE-TOO-LARGE", "记录文件过大")]
        data, lines, more = load_mapping(text, src)
        doc = Document(src, data, lines)
    if doc is not None:
        doc.encoding = encoding
    return (doc if not more else None), diags + more
