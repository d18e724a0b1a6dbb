"""The unit roster (rules/roster.yaml): who reports, in which category, with which officers."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path


from govinfo.core.dates import parse_date
from govinfo.core.text import CONTROL_HINT, bad_character
from govinfo.core.diagnostics import Diagnostic, Source, UserError, error, warning
from govinfo.store.atomic import write_atomic
from govinfo.core.suggest import did_you_mean
from govinfo.store.rules import Rules, load_rt_yaml, load_yaml_lines

ROSTER_FILE = "rules/roster.yaml"
CODE_RE = re.compile(r"[A-Za-z0-9_]{1,20}")  # used with fullmatch: "T01\n" is not T01
UNIT_KEYS = {"code", "name", "short", "category", "parent", "direct_point", "officers",
             "active_from", "active_to", "aliases"}


@dataclass(frozen=True)
class Officer:
    name: str
    phone: str = ""


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    short: str
    category: str
    parent: str | None
    direct_point: bool
    officers: tuple[Officer, ...]
    active_from: date | None
    active_to: date | None
    aliases: tuple[str, ...]
    source: Source

    @property
    def label(self) -> str:
        return self.short or self.name

    def active_on(self, day: date) -> bool:
        """On the roster that day: an item it submitted then counts for it."""
        return not ((self.active_from and day < self.active_from) or (self.active_to and day > self.active_to))

    def active_months(self, months) -> int:
        """How many of these month spans it was on the roster for, at least in part: the months a
        unit set up or retired part way owes its quota for."""
        return sum(1 for m in months if self.active_between(m.start, m.end))

    def active_between(self, start: date, end: date) -> bool:
        """On the roster for at least part of start..end (a unit set up or retired part way)."""
        return not ((self.active_from and self.active_from > end) or (self.active_to and self.active_to < start))


def _as_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return parse_date(str(value))


def parse_roster(data, rules: Rules | None, rel: str = ROSTER_FILE) -> tuple[list[Unit], list[Diagnostic]]:
    diags: list[Diagnostic] = []
    if data is None:
        return [], []
    if not isinstance(data, dict) or not isinstance(data.get("units", []), list):
        return [], [error(Source(rel, 1), "ROSTER-TYPE", "花名册应有 units: 列表", "参照 govinfo init 生成的 roster.yaml")]
    units: list[Unit] = []
    seen: dict[str, Source] = {}
    for node in data.get("units") or []:
        line = Source(rel, node.lc.line + 1) if hasattr(node, "lc") else Source(rel, 1)
        if not isinstance(node, dict):
            diags.append(error(line, "ROSTER-TYPE", "花名册中每个单位应是“键: 值”的映射"))
            continue

        def at(key, node=node, line=line):
            try:
                return Source(rel, node.lc.key(key)[0] + 1)
            except (KeyError, AttributeError):
                return line
        raw_code = node.get("code")
        if raw_code is not None and not isinstance(raw_code, str):  # code: 0017 is read by YAML as the number 17
            diags.append(error(at("code"), "BAD-CODE", f"单位代码被读成了数字 {raw_code}，要写成文字",
                               "给代码加上引号，如 code: \"0017\"（不加引号时 0017 会被读成 17）"))
            continue
        code = str(raw_code or "")
        if not CODE_RE.fullmatch(code):
            if CODE_RE.fullmatch(code.strip()):  # a full-width or pasted space around it, which YAML keeps
                diags.append(error(at("code"), "BAD-CODE", f"单位代码“{code.strip()}”前后多了全角空格（或从 Word 粘贴来的空格）",
                                   "删去代码前后的空格"))
            else:
                diags.append(error(at("code"), "BAD-CODE", f"单位代码“{code if code.isprintable() else repr(code)}”无效",
                                   "单位代码只能用字母、数字和下划线，最长 20 个字符，如 T01"))
            continue
        if code.upper() in seen:
            diags.append(error(at("code"), "DUP-UNIT", f"单位代码“{code}”重复（不分大小写），第一次出现在 {seen[code.upper()]}"))
            continue
        seen[code.upper()] = at("code")
        direct = node.get("direct_point", False)
        if not isinstance(direct, bool):
            diags.append(error(at("direct_point"), "ROSTER-TYPE", f"单位 {code} 的 direct_point 应为 true 或 false，现在是“{direct}”",
                               "是直报点写 true，不是写 false（不要写“是”“否”）"))
            direct = False
        for key in ("name", "short", "category", "parent"):
            if node.get(key) is not None and not isinstance(node.get(key), str):
                diags.append(error(at(key), "ROSTER-TYPE", f"单位 {code} 的 {key} 应是一段文字，现在是“{node.get(key)}”",
                                   "写成 键: 文字，不要写成列表或映射"))
        name = str(node.get("name") or "").strip()
        if not name:
            diags.append(error(at("name"), "FIELD-MISSING", f"单位 {code} 缺少全称 name"))
        category = str(node.get("category") or "")
        if rules is not None and not category.strip():
            diags.append(error(at("code"), "FIELD-MISSING", f"单位 {code} 缺少类别 category",
                               "可选：" + "、".join(rules.unit_categories)))
        elif rules is not None and category not in rules.unit_categories:
            diags.append(error(at("category"), "UNKNOWN-CATEGORY", f"单位 {code} 的类别“{category}”未在规则中定义",
                               did_you_mean(category, rules.unit_categories)))
        for key in node:
            if str(key) not in UNIT_KEYS:
                diags.append(warning(at(key), "UNKNOWN-KEY", f"单位 {code} 有未知字段“{key}”，将被忽略",
                                     did_you_mean(key, sorted(UNIT_KEYS))))
        officers = []
        listed = node.get("officers")
        if listed is not None and not isinstance(listed, list):
            diags.append(_officers_not_a_list(code, at("officers")))
            listed = []
        for off in listed or []:
            if isinstance(off, dict):
                phone = str(off.get("phone") or "").strip()
                if phone and phone_problem(phone):
                    diags.append(warning(at("officers"), "BAD-PHONE", f"单位 {code} 信息员的电话“{phone}”{phone_problem(phone)}",
                                         "手机写 11 位数字（如 13800000000），固定电话写区号-号码（如 0571-87654321）"))
                officers.append(Officer(str(off.get("name") or ""), phone))
                for key in off:
                    if str(key) not in ("name", "phone"):
                        diags.append(warning(at("officers"), "UNKNOWN-KEY", f"单位 {code} 的信息员有未知字段“{key}”，将被忽略",
                                             did_you_mean(str(key), ["name", "phone"]) or "信息员只写 name（姓名）和 phone（电话）"))
            else:
                officers.append(Officer(str(off)))
        dates = {}
        for key in ("active_from", "active_to"):
            dates[key] = _as_date(node.get(key))
            if node.get(key) not in (None, "") and dates[key] is None:
                diags.append(error(at(key), "BAD-DATE", f"单位 {code} 的 {key}“{node.get(key)}”不是有效日期",
                                   "日期写成 2026-01-01"))
        units.append(Unit(code, name, str(node.get("short") or ""), category,
                          str(node["parent"]) if node.get("parent") else None, direct,
                          tuple(officers), dates["active_from"], dates["active_to"],
                          tuple(str(a) for a in node.get("aliases") or []), at("code")))
    codes = {u.code for u in units}
    for u in units:
        if u.parent and u.parent not in codes:
            diags.append(error(u.source, "UNKNOWN-UNIT", f"单位 {u.code} 的上级单位“{u.parent}”不在花名册中",
                               did_you_mean(u.parent, sorted(codes))))
    diags += _parent_cycles(units)
    diags += _name_clashes(units)
    return units, diags


def _name_clashes(units: list["Unit"]) -> list[Diagnostic]:
    """Two units on the roster today that answer to the same name: looked up by it, neither is found.
    A retired unit's name is free again (lookups prefer the unit on the roster today)."""
    from govinfo.core.dates import today
    day = today()
    seen: dict[str, Unit] = {}
    diags = []
    for u in (u for u in units if u.active_between(day, day)):
        for word in dict.fromkeys(w.strip() for w in (u.name, u.short, *u.aliases) if w and w.strip()):
            other = seen.get(word)
            if other is not None and other.code != u.code:
                diags.append(warning(u.source, "DUP-NAME", f"单位 {u.code} 的名称“{word}”与单位 {other.code} 相同",
                                     "按名称找单位时分不清是哪一个：把全称或简称改得不同；旧单位已撤并的，"
                                     "用 govinfo units retire 给它写上停用日期"))
            else:
                seen.setdefault(word, u)
    return diags


def _parent_cycles(units: list[Unit]) -> list[Diagnostic]:
    """A unit that is its own parent, or a ring of parents, would count its points twice."""
    parent = {u.code: u.parent for u in units}
    out, reported = [], set()
    for u in units:
        chain, code = [], u.code
        while code in parent and code not in chain:
            chain.append(code)
            code = parent[code]
        if code == u.code and u.code not in reported:
            reported.update(chain)
            ring = " → ".join(chain + [u.code])
            out.append(error(u.source, "PARENT-CYCLE", f"上级单位形成循环：{ring}",
                             "每个单位的 parent 应指向真正的上级，最上级的单位不写 parent"))
    return out


def load_roster(root: Path, rules: Rules | None) -> tuple[list[Unit], list[Diagnostic]]:
    data, diags = load_yaml_lines(root / ROSTER_FILE, ROSTER_FILE)
    if diags:
        return [], diags
    return parse_roster(data, rules)


_MOBILE = re.compile(r"1\d{10}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")


def phone_problem(phone: str) -> str:
    """Why a phone number cannot be dialled as written ('' when it can): a mobile has 11 digits."""
    plain = re.sub(r"[\s()（）]", "", phone)
    if _MOBILE.fullmatch(plain) or _LANDLINE.fullmatch(plain):
        return ""
    if plain.startswith("1") and plain.isdigit():
        return f"有 {len(plain)} 位，手机号码应是 11 位"
    return "不像手机或固定电话号码"


def _officers_not_a_list(code: str, where: Source) -> Diagnostic:
    return error(where, "ROSTER-TYPE", f"单位 {code} 的 officers 应是信息员的列表，每人一项，以“- ”开头",
                 "写成 officers: 换行后每人一项，如“- name: 张三”，下一行“phone: '13800000000'”（与 name 对齐）")


def find_unit(units: list[Unit], query: str) -> list[Unit]:
    """By exact code, else by part of the full name, short name or an alias."""
    query = query.strip()
    exact = [u for u in units if u.code.lower() == query.lower()]
    if exact:
        return exact
    return [u for u in units if query and (query in u.name or query in u.short or query in u.aliases)]


def unknown_unit_hint(value: str, units: list[Unit]) -> str:
    """What to write instead of a code the roster lacks: a unit's name or short name written where
    its code belongs (a hand edit, or a clerk who knows the unit, not its code) gets that code."""
    if any(mark in value for mark in "、，,；; "):  # joint_units: T02、T03 is one unknown code
        return "几个单位写成列表，用英文逗号隔开，如 joint_units: [T02, T03]"
    found = find_unit(units, value) if value else []
    if len(found) == 1:
        unit = found[0]
        return f"这里要写单位代码：“{value}”是 {unit.code}（{unit.name}），改写成 {unit.code}"
    hint = did_you_mean(value, sorted(u.code for u in units))
    if CODE_RE.fullmatch(value):  # a code once on the roster, deleted from it: its whole history now fails
        hint += "。若这个单位撤并了，不要从花名册删除它：加回去，再用 govinfo units retire 写明撤并日期"
    return hint


def add_unit(root: Path, rules: Rules, *, code: str, name: str, category: str, short: str = "",
             parent: str | None = None, direct_point: bool = False, officer: str = "", phone: str = "",
             since: str | None = None) -> Unit:
    """Append a unit to the roster, keeping the file's comments and layout (round-trip edit). It
    takes part from `since` (active_from); not given, from today when the archive already holds
    items (a unit set up now was not there to miss last year's quotas), else from the beginning
    (an office setting up its roster)."""
    path = root / ROSTER_FILE
    data, diags = load_rt_yaml(path, ROSTER_FILE)
    if diags:
        raise UserError(diags)
    units, diags = parse_roster(data, rules)
    where = Source("govinfo units add --code")
    if not CODE_RE.fullmatch(code):
        shown = f"“{code}”" if code.isprintable() and len(code) <= 40 else ""
        raise UserError(error(where, "BAD-CODE", f"单位代码{shown}无效", "只能用字母、数字和下划线，最长 20 个字符，如 T01"))
    if any(u.code.upper() == code.upper() for u in units):
        raise UserError(error(where, "DUP-UNIT", f"单位代码“{code}”已存在（不分大小写）", "换一个代码，或直接编辑 roster.yaml"))
    _refuse_typed("add", {"name": name, "short": short, "officer": officer, "phone": phone})
    if phone and phone_problem(phone):
        raise UserError(error(Source("govinfo units add --phone"), "BAD-PHONE", f"电话“{phone}”{phone_problem(phone)}",
                              "手机写 11 位数字（如 13800000000），固定电话写区号-号码（如 0571-87654321）"))
    from govinfo.store import names
    category = names.pick(category, names.unit_category_choices(rules), "单位类别", "govinfo units add --category")
    if not name.strip():
        raise UserError(error(where, "FIELD-MISSING", "单位全称不能为空", "用 --name 给出全称"))
    if parent:
        parent = names.pick(parent, names.unit_choices(units), "单位", "govinfo units add --parent")
    if phone and not officer:
        raise UserError(error(Source("govinfo units add --phone"), "USAGE", "电话是信息员的电话，要和信息员一起给出",
                              "加上 --officer 信息员姓名"))
    start = _start_day(root, since)
    entry = {"code": code, "name": name.strip()}
    if short:
        entry["short"] = short
    entry["category"] = category
    if parent:
        entry["parent"] = parent
    if direct_point:
        entry["direct_point"] = True
    if start is not None:
        entry["active_from"] = start.isoformat()
    if officer:
        entry["officers"] = [{"name": officer, "phone": phone}]
    if data is None:
        data = {}
    if data.get("units") is None:
        data["units"] = []
    data["units"].append(entry)
    return _save_roster(root, rules, data, code)


def _start_day(root: Path, since: str | None) -> date | None:
    from govinfo.core import dates
    if since is not None:
        day = dates.parse_date(since.strip())
        if day is None:
            raise UserError(error(Source("govinfo units add --from"), "BAD-DATE", f"--from“{since}”不是有效的日期",
                                  "写成 2026-01-01；要让它参加以前各期的计分，写最早的那一天"))
        return day
    has_items = next((root / "data" / "items").rglob("*.md"), None) is not None  # the first one found will do
    return dates.today() if has_items else None


def _save_roster(root: Path, rules: Rules, data, code: str) -> Unit:
    """Write the edited round-trip roster back (comments kept); refused if it would not read back."""
    from ruamel.yaml import YAML  # only an edit pays for ruamel's import
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, **_list_indent(root / ROSTER_FILE))
    yaml.width = 4096  # a long name stays on its line
    buf = io.StringIO()
    yaml.dump(data, buf)
    from govinfo.store import yaml_lines
    text = _only_this_unit(root / ROSTER_FILE, buf.getvalue(), code)
    units, diags = parse_roster(yaml_lines.load(text), rules)  # read back before writing: a refusal writes nothing
    was = load_roster(root, rules)[1]
    before = {d.message for d in was if d.code == "DUP-NAME"}  # a clash already there is not this edit's
    mine = [d for d in diags if d.code == "DUP-NAME" and d.message not in before and
            (f"单位 {code} " in d.message or f"与单位 {code} 相同" in d.message)]
    # An error the roster already had is not this edit's either: refusing it would keep the clerk
    # from editing any unit, the one to mend included, until the file is fixed by hand.
    had = {(d.code, d.message) for d in was if d.severity == "error"}
    problems = [d for d in diags if d.severity == "error" and (d.code, d.message) not in had] + \
        [replace(d, severity="error") for d in mine]
    if problems:
        raise UserError([replace(d, source=Source(ROSTER_FILE)) if d.code == "DUP-NAME" else d for d in problems])
    write_atomic(root / ROSTER_FILE, _as_the_file_was(root / ROSTER_FILE, text))
    return next(u for u in units if u.code == code)


def _only_this_unit(path: Path, dumped: str, code: str) -> str:
    """The file as it was, with only unit `code`'s lines taken from ruamel's rewrite of the whole
    file (or, for a new unit, its lines added after the last unit): ruamel has one indentation
    for every list and its own way with quotes, and no other unit's lines should change because
    of this one. Where the file's layout cannot be cut into units (a flow list, no units yet),
    or the result would not read back the same, the whole rewrite is used."""
    from govinfo.store import yaml_lines
    try:
        old = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        wanted = [str(u.get("code", "")).upper() if isinstance(u, dict) else None
                  for u in yaml_lines.load(dumped)["units"]].index(code.upper())
    except (OSError, UnicodeDecodeError, KeyError, TypeError, ValueError):
        return dumped
    before, after = _unit_spans(old), _unit_spans(dumped)
    if not before or after is None or len(after) not in (len(before), len(before) + 1) or wanted >= len(after):
        return dumped
    old_lines, new_lines = old.splitlines(keepends=True), dumped.splitlines(keepends=True)
    start, end = after[wanted]
    mine = new_lines[start:end]
    if mine and not mine[-1].endswith("\n"):
        mine[-1] += "\n"
    if len(after) == len(before):
        at, to = before[wanted]
    elif wanted == len(before):  # the unit added, after the last one
        at = to = before[-1][1]
    else:
        return dumped
    mine = _without_moved_comments(mine, old_lines[at:to])
    if at == to and old_lines[:at] and not old_lines[at - 1].endswith("\n"):
        old_lines[at - 1] += "\n"
    spliced = "".join(old_lines[:at] + mine + old_lines[to:])
    try:
        same = yaml_lines.load(spliced) == yaml_lines.load(dumped)
    except Exception:  # noqa: BLE001 - any doubt: the whole rewrite, which was read back already
        same = False
    return spliced if same else dumped


def _without_moved_comments(mine: list[str], was: list[str]) -> list[str]:
    """The unit's new lines without the comment lines ruamel carried into it from outside (the
    heading of the next section, kept where it was in the file): a unit has no more comment lines
    after an edit than before it."""
    from collections import Counter
    allowed = Counter(line.strip() for line in was if line.strip().startswith("#"))
    kept = []
    for line in mine:
        bare = line.strip()
        if bare.startswith("#"):
            if not allowed[bare]:
                continue
            allowed[bare] -= 1
        kept.append(line)
    return kept


_UNITS_KEY = re.compile(r"units:\s*(?:#.*)?")
_ITEM = re.compile(r"( *)- +(?![{\[|>&*!])\S")  # `- code: T01`: an item that starts a mapping on its own line


def _unit_spans(text: str) -> list[tuple[int, int]] | None:
    """(first line, line after its last line of content) of each unit in `text`, in order, for a
    block list under `units:` whose items start with `- key: …`; trailing comment and blank lines
    are not the unit's. None when the list is not laid out that way (found by the lines alone: an
    edit should not pay for two more round-trip parses)."""
    lines = text.split("\n")
    top = next((n for n, line in enumerate(lines) if _UNITS_KEY.fullmatch(line)), None)
    if top is None:
        return None
    starts, dash = [], None
    for n in range(top + 1, len(lines)):
        bare = lines[n].strip()
        if not bare or bare.startswith("#"):
            continue
        indent = len(lines[n]) - len(lines[n].lstrip(" "))
        item = _ITEM.match(lines[n])
        if dash is None:
            if not item or ":" not in lines[n]:
                return None
            dash = indent
        if indent < dash or indent == dash and not item:
            break  # a key of the file's own after the list
        if indent == dash:
            if not item or ":" not in lines[n]:
                return None
            starts.append(n)
    spans = []
    for i, line in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else len(lines)
        end = line + 1
        for k in range(line + 1, stop):
            bare = lines[k].strip()
            if bare and not bare.startswith("#"):
                if len(lines[k]) - len(lines[k].lstrip(" ")) <= dash:
                    break
                end = k + 1
        spans.append((line, end))
    return spans


def _list_indent(path: Path) -> dict:
    """How the file indents its lists (`- code:` at the margin or two spaces in), so that an edit
    writes every untouched line as it was; the bundled layout for a new or list-less file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = ""
    dash = re.search(r"^( *)- ", text, re.MULTILINE)
    offset = len(dash.group(1)) if dash else 2
    return {"sequence": offset + 2, "offset": offset}


def _add_key(node, key: str, value) -> None:
    """Set `key` in a round-trip mapping. A new key goes at the end, and the comment lines that
    followed the mapping's last value (a section heading such as `# 市直部门` above the next unit)
    move below the new value, so they stay where they were written; the last value keeps its
    end-of-line comment."""
    if key in node:
        node[key] = value
        return
    found, ends = _trailing_comment(node), _end_comments(node)
    node[key] = _commented(value)
    if ends is not None:  # the file's last lines, after its last unit: still after it
        tokens, ends.ca.end = list(ends.ca.end), []
        node.ca.end = tokens
    if found is None:
        return
    token, drop = found
    eol, _, following = token.value.partition("\n")
    if eol:
        token.value = eol + "\n"
    else:
        drop()
    _attach_after(node, key, "\n" + following, token)


def _trailing_comment(node):
    """(the comment token after the mapping's innermost last value that holds whole comment lines,
    a function that removes it) or None. ruamel keeps it on the last key (slot 2) of a mapping, on
    the last item (slot 0) of a list of plain values, or on the key of a flow collection."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    found = None
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        at = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        entry = node.ca.items.get(at)
        slot = 2 if isinstance(node, CommentedMap) else 0
        token = entry[slot] if entry and len(entry) > slot else None
        if token is not None and "\n" in token.value.rstrip("\n") or token is not None and token.value.startswith("\n"):
            def drop(entry=entry, slot=slot, items=node.ca.items, at=at):
                entry[slot] = None
                if not any(entry):
                    del items[at]
            found = (token, drop)
        node = node[at]
    return found


def _end_comments(node):
    """The collection along the mapping's chain of last values whose `ca.end` holds the comment
    lines after it (where ruamel keeps the end of the file), or None."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        if getattr(node.ca, "end", None):
            return node
        node = node[next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1]
    return None


def _replace_item(items, index: int, value) -> None:
    """items[index] = value in a round-trip list, the comment lines after the old item moved to
    after the new one's last line (ruamel would print them between the dash and the mapping)."""
    from ruamel.yaml.comments import CommentedSeq
    entry = items.ca.items.pop(index, None) if isinstance(items, CommentedSeq) else None
    items[index] = _commented(value)
    token = entry[0] if entry else None
    if token is not None and isinstance(items[index], dict) and len(items[index]):
        items[index].ca.items[next(reversed(items[index]))] = [None, None, token, None]


def _commented(value):
    """Plain lists and mappings as ruamel's, so that a comment can hang after their last item."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        return CommentedMap((k, _commented(v)) for k, v in value.items())
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        return CommentedSeq(_commented(v) for v in value)
    return value


def _attach_after(node, key: str, text: str, like) -> None:
    """Hang comment lines after node[key]'s innermost last item, where ruamel prints them below it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.tokens import CommentToken
    holder, at = node, key
    while isinstance(holder[at], (CommentedMap, CommentedSeq)) and len(holder[at]) and not holder[at].fa.flow_style():
        inner = holder[at]
        holder, at = inner, (next(reversed(inner)) if isinstance(inner, CommentedMap) else len(inner) - 1)
    token = CommentToken(text, like.start_mark, None)
    if isinstance(holder, CommentedMap):
        holder.ca.items[at] = [None, None, token, None]
    else:
        holder.ca.items[at] = [token, None, None, None]


def _as_the_file_was(path: Path, text: str) -> bytes:
    """The edited text in the file's own dress: a byte-order mark and Windows line endings (what
    Notepad saves) are kept, so that the edit changes the lines it changes and no other."""
    try:
        old = path.read_bytes()
    except OSError:
        old = b""
    bom = b"\xef\xbb\xbf" if old.startswith(b"\xef\xbb\xbf") else b""
    if b"\r\n" in old and old.count(b"\r\n") >= old.count(b"\n") / 2:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return bom + text.encode("utf-8")


# What a unit's fields may hold as typed at `units add/edit`: a roster that grew past its own size
# limit would stop every command, the edit meant to repair it included.
TYPED_LIMITS = {"name": 60, "short": 20, "officer": 50, "phone": 30, "category": 60, "parent": 60}


def _refuse_typed(cmd: str, fields: dict) -> None:
    """A control character or an overlong value, said of the option it was typed in."""
    for key, value in fields.items():
        value = "" if value is None else str(value)
        bad = bad_character(value, one_line=True)
        if bad:
            raise UserError(error(Source(f"govinfo units {cmd} --{key}"), "CONTROL-CHAR", f"输入中含有控制字符（{bad[1]}）",
                                  CONTROL_HINT))
        if len(value.strip()) > TYPED_LIMITS.get(key, 60):
            raise UserError(error(Source(f"govinfo units {cmd} --{key}"), "FIELD-TOO-LONG",
                                  f"{EDITABLE[key]}有 {len(value.strip())} 个字，超过上限 {TYPED_LIMITS.get(key, 60)} 字",
                                  "只写名称本身；说明性的文字不要写进花名册"))


def _officer_index(officers: list, name) -> int:
    """Where the officer of that name stands among a unit's officers: --officer naming one already
    listed changes that one (its phone); any other name replaces the first, the main officer."""
    name = str(name or "").strip()
    for n, off in enumerate(officers):
        if name and str(off.get("name") if isinstance(off, dict) else off).strip() == name:
            return n
    return 0


EDITABLE = {"name": "全称", "short": "简称", "category": "类别", "parent": "上级单位", "officer": "信息员", "phone": "电话"}


def edit_unit(root: Path, rules: Rules, code: str, changes: dict, retire: date | None = None,
              start: date | None = None) -> Unit:
    """Change a unit's name, short name, category, parent or officer in the roster (comments kept);
    `retire`: the unit stops on that day (active_to) and keeps its history; `start`: it takes part
    from that day (active_from)."""
    from govinfo.store import names
    path = root / ROSTER_FILE
    data, diags = load_rt_yaml(path, ROSTER_FILE)
    if diags:
        raise UserError(diags)
    units, _ = parse_roster(data, rules)
    code = names.pick(code, names.unit_choices(units), "单位", "govinfo units edit")
    node = next(n for n in data["units"] if isinstance(n, dict) and str(n.get("code", "")).upper() == code.upper())
    _refuse_typed("edit", changes)
    for key, value in changes.items():
        if value is None:
            continue
        value = str(value).strip()
        if key == "category":
            _add_key(node, "category", names.pick(value, names.unit_category_choices(rules), "单位类别",
                                                  "govinfo units edit --category"))
        elif key == "parent":
            if value.upper() == code.upper() or any(value in (u.name, u.short) for u in units if u.code == code):
                raise UserError(error(Source("govinfo units edit --parent"), "USAGE", "单位不能是自己的上级单位",
                                      "写它所属的另一个单位的代码或名称"))
            _add_key(node, "parent", names.pick(value, names.unit_choices([u for u in units if u.code != code]), "单位",
                                                "govinfo units edit --parent"))
        elif key in ("officer", "phone"):
            if key == "phone" and phone_problem(value):
                raise UserError(error(Source("govinfo units edit --phone"), "BAD-PHONE", f"电话“{value}”{phone_problem(value)}",
                                      "手机写 11 位数字（如 13800000000），固定电话写区号-号码（如 0571-87654321）"))
            if node.get("officers") is not None and not isinstance(node.get("officers"), list):
                raise UserError(_officers_not_a_list(code, Source(ROSTER_FILE, node.lc.key("officers")[0] + 1)))
            officers = node.get("officers") or [{"name": "", "phone": ""}]
            at = _officer_index(officers, changes.get("officer"))  # the officer named, else the first (the main one)
            first = officers[at] if isinstance(officers[at], dict) else {"name": str(officers[at]), "phone": ""}
            if key == "phone" and not first.get("name") and changes.get("officer") is None:
                raise UserError(error(Source("govinfo units edit --phone"), "USAGE", "这个单位还没有信息员：电话是信息员的电话",
                                      "同时用 --officer 写上信息员姓名"))
            if key == "officer" and first.get("phone") and changes.get("phone") is None and value != first.get("name"):
                raise UserError(error(Source("govinfo units edit --officer"), "USAGE",
                                      f"换了信息员，电话还是原来那位的（{first.get('phone')}）",
                                      "同时用 --phone 写上新信息员的电话；电话不变就写原来的号码"))
            first["name" if key == "officer" else "phone"] = value
            if officers[at] is not first:  # a name alone (`- 张三`) becomes a mapping: what followed it still follows it
                _replace_item(officers, at, first)
            _add_key(node, "officers", officers)
        elif not value:
            raise UserError(error(Source(f"govinfo units edit --{key}"), "FIELD-EMPTY", f"{EDITABLE[key]}不能为空"))
        else:
            _add_key(node, key, value)
    if retire is not None:
        _add_key(node, "active_to", retire.isoformat())
    if start is not None:
        unit = next(u for u in units if u.code == code)
        if unit.active_to and start > unit.active_to:
            raise UserError(error(Source("govinfo units edit --from"), "BAD-DATE",
                                  f"{start} 晚于它报送到的最后一天 {unit.active_to}（active_to）",
                                  "检查日期是否写错"))
        _add_key(node, "active_from", start.isoformat())
    return _save_roster(root, rules, data, code)
