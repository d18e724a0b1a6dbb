"""The office's record commands: adopt, instruct (and feedback on it), solicit, penalty, excellent, withdraw.

Each checks its input against the roster, rules and items, then writes one new record per fact.
"""
from __future__ import annotations

import contextlib
from datetime import date, timedelta
from decimal import Decimal

from govinfo.core import dates
from govinfo.core.diagnostics import Diagnostic, Source, UserError, error
from govinfo.core.periods import FIRST_YEAR
from govinfo.store.ids import parse_item_id, parse_record_id, tidy_id
from govinfo.store.items import Item
from govinfo.store.locks import exclusive
from govinfo.store.records import Correction, Record, make_record, write_record
from govinfo.check.meaning import fact_key, penalty_points_problem
from govinfo.core.suggest import did_you_mean
from govinfo.render.records_text import describe_record
from govinfo.check.loader import load, load_issues, load_item, load_record, withdrawal_of
from govinfo.store.workspace import Workspace


def _where(cmd: str) -> Source:
    return Source(f"govinfo {cmd}")


def parse_day(value: str | date | None, cmd: str, flag: str = "--date") -> date:
    if value is None:
        return dates.today()
    if isinstance(value, date):
        return value
    parsed = dates.parse_date(value)
    if parsed is None:  # said of its option: a page shows it beside that field
        raise UserError(error(Source(f"govinfo {cmd} {flag}"), "BAD-DATE", f"“{value}”不是有效日期", "写成 2026-10-12"))
    if parsed.year < FIRST_YEAR:  # no period before it can be scored: a mistyped year
        raise UserError(error(Source(f"govinfo {cmd} {flag}"), "BAD-DATE", f"{parsed} 早于 {FIRST_YEAR} 年", "检查年份是否写错"))
    return parsed


def _each(*steps):
    """Run every check of a command's options and raise all their problems together: a form sent
    with three fields empty hears of all three, not of the first alone. Returns each step's value."""
    values, problems = [], []
    for step in steps:
        try:
            values.append(step())
        except UserError as exc:
            values.append(None)
            problems += exc.diags
    if problems:
        raise UserError(problems)
    return values


def _past_day(value, cmd: str) -> date:
    """--date of something that has happened: today or before."""
    day = parse_day(value, cmd)
    _not_future(day, cmd)
    return day


def _month(d: date) -> tuple[int, int]:
    return d.year, d.month


def write_once(ws: Workspace, kind: str, day: date, facts: list[dict], since: tuple[int, int], cmd: str,
               folder=None) -> list[Record]:
    """Write one record per fact, refusing (with the existing record's id) any fact already in
    force since month `since`. The check and the write run under one lock, so two clerks recording
    the same fact at once get one record and one refusal."""
    probes = [make_record(kind, "probe", day, f) for f in facts]
    keys = [fact_key(p) for p in probes]
    if len(set(keys)) < len(keys):
        raise UserError(error(_where(cmd), "DUPLICATE-RECORD", "同一件事在命令中给了两次", "每条信息只写一次"))
    with contextlib.ExitStack() as locks:
        for key in sorted(map(repr, keys)):
            locks.enter_context(exclusive(ws.root, key))
        existing = {fact_key(r): r for r in load(ws, records=(since, None), kinds=(kind,)).records}
        taken = [existing[k] for k in keys if k in existing]
        if taken:
            raise UserError([error(_where(cmd), "DUPLICATE-RECORD",
                                   f"这件事已经登记过了：{r.id}（{describe_record(r, ws)}），没有重复登记",
                                   f"如原记录有误，先 govinfo withdraw {r.id} 再重新登记") for r in taken])
        return [write_record(ws.root, kind, day, f, folder=folder) for f in facts]


def _not_future(day: date, cmd: str, flag: str = "--date") -> None:
    """What validate would call an error is refused when recording: a record dated after today."""
    if day > dates.today():
        raise UserError(error(Source(f"govinfo {cmd} {flag}"), "FUTURE-DATE", f"{day} 晚于今天", "检查日期是否写错；事情发生后再登记"))


def _check_after_item(item: Item, when: date, cmd: str) -> None:
    if when < item.submitted.date():
        raise UserError(error(_where(cmd), "RECORD-BEFORE-ITEM",
                              f"日期 {when} 早于信息 {item.id} 的报送日期 {item.submitted.date()}", "检查 --date 是否写错"))
    if when > dates.today():
        raise UserError(error(_where(cmd), "FUTURE-DATE", f"日期 {when} 晚于今天", "检查 --date 是否写错"))


def adopt(ws: Workspace, item_ids: list[str], pub: str, issue: str, when=None, special: bool = False,
          format: str | None = None, route: str | None = None) -> list[Record]:
    """An adoption of each item; `format` for an outlet that prices formats apart, `route` to say
    how it got there when the office knows better than its forward records (直报 / 转报)."""
    rules = ws.require_rules()
    day = parse_day(when, "adopt")
    pub = ws.name_key("pub", pub, "adopt", "--pub")
    if not str(issue).strip():
        raise UserError(error(_where("adopt"), "FIELD-EMPTY", "--issue（期号）不能为空", "如 --issue 第12期"))
    items = [load_item(ws, i, "adopt") for i in item_ids]
    for item in items:
        _check_after_item(item, day, "adopt")
    fields = {"pub": pub, "issue": str(issue).strip(), "special": bool(special)}
    chosen = _format(rules.publications[pub], format)
    if chosen:
        fields["format"] = chosen
    since = min(_month(i.submitted.date()) for i in items)
    routes = _routes(ws, items, pub, day, since)
    if route is not None:
        routes = {i.id: {"route": _route(route)} for i in items}
    return write_once(ws, "adopt", day, [{"item": item.id, **fields, **routes.get(item.id, {})} for item in items],
                      since, "adopt")


def adoption_warnings(ws: Workspace, recs: list[Record]) -> list[Diagnostic]:
    """What `validate` would warn of these new adoptions: an item adopted again by the same publication."""
    from govinfo.check.meaning import repeated_adoptions
    if not recs:
        return []
    since = min(parse_item_id(r.item) or _month(r.date) for r in recs)
    return repeated_adoptions(load(ws, records=(since, None), kinds=("adopt",)).records, ws.rules, {r.id for r in recs})


def _format(pub, given: str | None) -> str | None:
    """A format key of the publication, by key or Chinese name; None when it prices no formats."""
    if not pub.formats:
        if given:
            raise UserError(error(_where("adopt"), "NO-FORMATS", f"刊物“{pub.name}”不分格式计分，不用 --format",
                                  "去掉 --format；要分格式计分，在 rules/points.yaml 该刊物下写 formats"))
        return None
    if given is None:
        return next(iter(pub.formats))
    for key, fmt in pub.formats.items():
        if given.strip() in (key, fmt.name):
            return key
    raise UserError(error(_where("adopt"), "UNKNOWN-FORMAT", f"刊物“{pub.name}”没有“{given}”这种格式",
                          did_you_mean(given, [f"{k}（{f.name}）" for k, f in pub.formats.items()])))


ROUTE_WORDS = {"direct": "direct", "直报": "direct", "forwarded": "forwarded", "转报": "forwarded"}


def _route(given: str) -> str:
    route = ROUTE_WORDS.get(given.strip())
    if route is None:
        raise UserError(error(_where("adopt"), "BAD-ROUTE", f"--route“{given}”无效",
                              "写 direct（直报，单位直接报送）或 forwarded（转报，经本办转报）"))
    return route


def _routes(ws: Workspace, items: list[Item], pub: str, day: date, since) -> dict[str, dict]:
    """For an upper publication, how each item reached it: forwarded by this office (a forward
    record to it dated on or before the adoption) or sent directly by the unit."""
    base = pub.split(".")[0]
    publication = ws.require_rules().publications.get(base)
    if publication is None or publication.own is not None:
        return {}
    sent = {r.item for r in load(ws, records=(since, None), kinds=("forward",)).records if r.to == base and r.date <= day}
    return {i.id: {"route": "forwarded" if i.id in sent else "direct"} for i in items}


def instruct(ws: Workspace, item_id: str, level: str, leader: str, when=None, note: str = "",
             assignee: str | None = None, due=None) -> Record:
    """An instruction, and who must report back by when (default: the item's unit, in
    followup.due_days days)."""
    rules = ws.require_rules()
    day = parse_day(when, "instruct")
    level = ws.name_key("level", level, "instruct", "--level")
    if not leader.strip():
        raise UserError(error(_where("instruct"), "FIELD-EMPTY", "--leader（批示领导）不能为空"))
    item = load_item(ws, item_id, "instruct")
    _check_after_item(item, day, "instruct")
    unit = ws.require_units([assignee], "instruct", "--assignee")[0] if assignee else item.unit
    deadline = parse_day(due, "instruct", "--due") if due else day + timedelta(days=rules.followup.due_days)
    if deadline < day:
        raise UserError(error(_where("instruct"), "BAD-DATE", f"--due {deadline} 早于批示日期 {day}"))
    fields = {"item": item.id, "level": level, "leader": leader.strip(), "assignee": unit, "due": deadline.isoformat()}
    if note:
        fields["note"] = note
    return write_once(ws, "instruct", day, [fields], _month(item.submitted.date()), "instruct")[0]


def find_instruction(ws: Workspace, ref: str, cmd: str) -> Record:
    """An instruction by its record id, or by the item id when the item has exactly one."""
    if parse_record_id(ref) and ref.startswith("instruct-"):
        found = [r for r in _instructions(ws, parse_record_id(ref)[1:]) if r.id == ref]
    elif parse_item_id(ref):
        found = [r for r in _instructions(ws, parse_item_id(ref)) if r.item == ref]
    else:
        raise UserError(error(_where(cmd), "BAD-ID", f"“{ref}”既不是批示记录编号也不是信息编号",
                              "批示记录编号形如 instruct-202610-K7Q-0001；用 govinfo instructions 查看"))
    if not found:
        raise UserError(error(_where(cmd), "UNKNOWN-RECORD", f"没有找到“{ref}”的批示记录", "用 govinfo instructions 查看"))
    if len(found) > 1:
        raise UserError(error(_where(cmd), "AMBIGUOUS", f"信息 {ref} 有 {len(found)} 件批示，请指明批示记录编号",
                              "、".join(r.id for r in found)))
    return found[0]


def _instructions(ws: Workspace, since: tuple[int, int]) -> list[Record]:
    return load(ws, records=(since, None), kinds=("instruct",)).records


def feedback(ws: Workspace, ref: str, text: str, when=None) -> Record:
    """The assigned unit's report on what it did about an instruction (批示件办理反馈)."""
    ws.require_rules()
    day = parse_day(when, "feedback")
    _not_future(day, "feedback")
    rec = find_instruction(ws, ref, "feedback")
    if not text.strip():
        raise UserError(error(_where("feedback"), "FIELD-EMPTY", "反馈内容不能为空", "用 --text 文字 或 --file 文件 给出办理情况"))
    if day < rec.date:
        raise UserError(error(_where("feedback"), "BAD-DATE", f"反馈日期 {day} 早于批示日期 {rec.date}"))
    return write_once(ws, "feedback", day, [{"instruction": rec.id, "text": text.strip()}], _month(rec.date), "feedback")[0]


def solicit_new(ws: Workspace, topic: str, units: list[str], deadline, when=None, note: str = "") -> Record:
    ws.require_rules()

    def the_topic():
        if not topic.strip():
            raise UserError(error(Source("govinfo solicit new --topic"), "FIELD-EMPTY", "约稿主题不能为空"))

    def the_units():
        if not units:
            raise UserError(error(Source("govinfo solicit new --units"), "FIELD-EMPTY", "至少给出一个约稿单位", "如 --units T01,G02"))
        return list(dict.fromkeys(ws.require_units(units, "solicit new", "--units")))  # T01 and 城关镇 are one unit

    day, due, _, units = _each(lambda: _past_day(when, "solicit new"), lambda: parse_day(deadline, "solicit new", "--deadline"),
                               the_topic, the_units)
    if due < day:
        raise UserError(error(_where("solicit new"), "BAD-DATE", f"截止日期 {due} 早于约稿日期 {day}"))
    fields = {"topic": topic.strip(), "units": list(units), "deadline": due.isoformat()}
    if note:
        fields["note"] = note
    return write_once(ws, "solicit", day, [fields], _month(day), "solicit new")[0]


def solicitations(ws: Workspace, year: int | None = None) -> list[Record]:
    since = (year, 1) if year else None
    calls = load(ws, records=(since, None), kinds=("solicit",)).records
    return [r for r in calls if year is None or r.date.year == year]


def find_solicitation(ws: Workspace, sid: str) -> Record | None:
    """The call in force with this id: None when absent, unreadable or withdrawn."""
    parsed = parse_record_id(sid)
    if parsed is None or parsed[0] != "solicit":
        return None
    call = load_record(ws, sid)
    return call if call is not None and withdrawal_of(ws, sid) is None else None


def penalty_add(ws: Workspace, unit: str, kind: str, when=None, note: str = "", points: str | None = None) -> Record:
    rules = ws.require_rules()
    day, kind, unit = _each(lambda: _past_day(when, "penalty add"),
                            lambda: ws.name_key("penalty", kind, "penalty add", "--kind"),
                            lambda: ws.require_units([unit], "penalty add")[0])
    fields = {"unit": unit, "penalty": kind}
    problem = penalty_points_problem(rules.penalties[kind], points)
    if problem:
        raise UserError(error(_where("penalty add"), "BAD-POINTS", *problem))
    if points is not None:
        fields["points"] = str(Decimal(str(points).strip()))
    if note:
        fields["note"] = note
    return write_once(ws, "penalty", day, [fields], _month(day), "penalty add")[0]


def judge(ws: Workspace, item_id: str, qualified: bool, when=None, note: str = "") -> Record:
    """评定: the office's judgement whether an item meets its standard; the latest one counts."""
    ws.require_rules()
    day = parse_day(when, "judge")
    item = load_item(ws, item_id, "judge")
    _check_after_item(item, day, "judge")
    fields = {"item": item.id, "qualified": bool(qualified)}
    if note:
        fields["note"] = note
    return write_once(ws, "judge", day, [fields], _month(item.submitted.date()), "judge")[0]


def excellent(ws: Workspace, item_ids: list[str], year: int) -> list[Record]:
    ws.require_rules()
    if dates.today() < date(year, 12, 1):  # the record counts on 12-31: chosen before December, a running score would show it
        raise UserError(error(_where("excellent"), "TOO-EARLY", f"{year} 年度优秀信息在年底评定，{year} 年 12 月 1 日起才能登记",
                              "全年的信息都报完后再评定；要看目前的得分用 govinfo score --year"))
    items = [load_item(ws, i, "excellent") for i in item_ids]
    wrong = [i for i in items if i.submitted.year != year]
    if wrong:
        raise UserError([error(_where("excellent"), "WRONG-YEAR", f"信息 {i.id} 是 {i.submitted.year} 年报送的，不能评为 {year} 年优秀信息")
                         for i in wrong])
    day = date(year, 12, 31)  # counts in the year's last month, whenever the choice is recorded
    return write_once(ws, "excellent", day, [{"item": i.id, "year": str(year)} for i in items], (year, 1), "excellent")


class ReasonMissing(UserError):
    """The one thing still missing is the reason: everything else was checked and nothing written,
    so a terminal may ask for it and run the command again."""


def required_reason(reason: str | None, cmd: str, what: str) -> str:
    """Why a record is withdrawn or an item corrected: kept in the record, for whoever reads the
    archive later; a blank one is refused. Called after every other check of the command."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonMissing(error(_where(f"{cmd} --reason"), "FIELD-EMPTY", f"请写明{what}原因",
                                  f"原因记在{what}记录里，日后查看时知道为什么{what}：如 --reason 误登记"))
    return reason


def correct(ws: Workspace, item_id: str, changes: list[tuple[str, str]], reason: str = "") -> list[Record]:
    """更正: fields of an item as the office corrects them, one record each; the unit's file stays
    as it was sent. Every change is checked before anything is written. Stored in the item's own
    month, beside it (a period's reading finds both together)."""
    item = load_item(ws, item_id, "correct")
    facts = [{"item": item.id, "field": field, "value": _corrected_value(ws, item, field, value)} for field, value in changes]
    reason = required_reason(reason, "correct", "更正")
    folder = ws.records_dir(item.submitted.year, item.submitted.month)
    return write_once(ws, "correct", dates.today(), [{**f, "reason": reason} for f in facts],
                      _month(item.submitted.date()), "correct", folder=folder)


def _corrected_value(ws: Workspace, item: Item, field: str, value: str) -> str:
    """The value a correction of `field` records, or the reason it cannot."""
    from govinfo.store.items import MAX_NAME_CHARS, MAX_TITLE_CHARS
    from govinfo.store.records import CORRECTABLE
    if field not in CORRECTABLE:  # the CLI's options cannot say anything else; a form or a script can
        raise UserError(error(_where("correct --field"), "BAD-FIELD", f"不能更正“{field}”",
                              "可以更正的是：" + "、".join(CORRECTABLE.values()) + "；报送单位报错了，撤销这条信息后由正确的单位重新报送"))
    value = str(value).strip()
    if field == "category":
        return ws.name_key("item_category", value, "correct", "--category")
    if field == "submitted":
        day = dates.parse_datetime(value)
        if day is None:
            raise UserError(error(_where("correct --date"), "BAD-DATE", f"“{value}”不是有效的日期", "写成 2026-10-12"))
        if (day.year, day.month) != (item.submitted.year, item.submitted.month):
            raise UserError(error(_where("correct --date"), "OTHER-MONTH",
                                  f"{day.date()} 不在这条信息的报送月份（{item.submitted:%Y年%m月}）内",
                                  "跨月的日期错误：先 govinfo withdraw 撤销这条信息，再用正确的日期重新报送"))
        _not_future(day.date(), "correct", "--date")
        return value
    if not value:
        raise UserError(error(_where(f"correct --{field}"), "FIELD-EMPTY", f"{CORRECTABLE[field]}不能为空"))
    limit = MAX_TITLE_CHARS if field == "title" else MAX_NAME_CHARS
    if len(value) > limit:
        raise UserError(error(_where(f"correct --{field}"), "FIELD-TOO-LONG",
                              f"{CORRECTABLE[field]}有 {len(value)} 个字，超过上限 {limit} 字",
                              "标题只写一行" if field == "title" else "这里只写姓名，几个人用顿号隔开"))
    return value


def withdraw_item(ws: Workspace, item_id: str, reason: str = "") -> tuple[Record, Item]:
    """Withdraw an item sent by mistake: it no longer counts anywhere; its file stays. Refused while
    records about it are in force (withdraw those first, so nothing points at a missing item)."""
    item = load_item(ws, item_id, "withdraw")
    month = _month(item.submitted.date())
    about = [r for r in load(ws, records=(month, None)).records if r.item == item.id and not isinstance(r, Correction)]
    if about:
        raise UserError(error(_where("withdraw"), "HAS-RECORDS", f"信息 {item.id} 还有 {len(about)} 条记录：" +
                              "、".join(r.id for r in about[:5]), "先逐条 govinfo withdraw 记录编号 撤销这些记录，再撤销信息"))
    carried = [i for i in load_issues(ws)[0] if i.entry(item.id) is not None]
    if carried:  # an issue that lists a withdrawn item could no longer be shown or laid out
        issue = carried[0]
        how = (f"已发布：先 govinfo issue remove {issue.id} {item.id} --force --reason 原因 把它撤下（采用随之撤销），再撤销信息"
               if issue.published else f"是草稿：先 govinfo issue remove {issue.id} {item.id} 把它撤出这一期，再撤销信息")
        raise UserError(error(_where("withdraw"), "IN-ISSUE", f"信息 {item.id} 编在刊物 {issue.id} 中", f"这一期{how}"))
    fields = {"target": item.id, "reason": required_reason(reason, "withdraw", "撤销")}
    with exclusive(ws.root, repr(("withdraw", item.id))):
        return write_record(ws.root, "withdraw", dates.today(), fields, folder=ws.records_dir(*month)), item


def withdraw(ws: Workspace, record_id: str, reason: str = "", from_issue: bool = False) -> Record:
    """Cancel a record (kept on disk, with the reason): scores then follow as if it never was. An
    adoption that publishing an issue recorded is withdrawn by taking the item out of the issue
    (`from_issue`: issue remove --force does it), so that the issue and the scores agree."""
    record_id = tidy_id(record_id)
    parsed = parse_record_id(record_id)
    if parsed is not None and parsed[0] == "withdraw":
        raise UserError(error(_where("withdraw"), "WITHDRAW-WITHDRAWAL", f"“{record_id}”本身是一条撤销记录，不能再撤销",
                              "撤销错了的话，重新登记原来那件事即可"))
    if parsed is None:
        raise UserError(error(_where("withdraw"), "BAD-ID", f"记录编号“{record_id}”格式不对",
                              "记录编号形如 adopt-202610-K7Q-0001：govinfo show 信息编号 列出一条信息的全部记录"))
    folder = ws.records_dir(parsed[1], parsed[2])
    path = folder / f"{record_id}.yaml"
    if not path.is_file():
        raise UserError(error(_where("withdraw"), "UNKNOWN-RECORD", f"记录“{record_id}”不存在"))
    if not from_issue and parsed[0] == "adopt":
        carried = next((i for i in load_issues(ws)[0] if any(e.adoption == record_id for e in i.entries)), None)
        if carried is not None:
            item = next(e.item for e in carried.entries if e.adoption == record_id)
            raise UserError(error(_where("withdraw"), "ISSUE-ADOPTION", f"采用 {record_id} 是发布刊物 {carried.id} 时登记的",
                                  f"把信息从这一期撤下，采用随之撤销：govinfo issue remove {carried.id} {item} --force "
                                  "--reason 原因"))
    with exclusive(ws.root, repr(("withdraw", record_id))):  # two clerks withdrawing at once: one record
        same_month = load(ws, records=((parsed[1], parsed[2]), None), kinds=("withdraw",)).withdrawals
        if any(r.target == record_id for r in same_month):
            raise UserError(error(_where("withdraw"), "ALREADY-WITHDRAWN", f"记录“{record_id}”已经撤销过了"))
        fields = {"target": record_id, "reason": required_reason(reason, "withdraw", "撤销")}
        # Stored beside its target, so a period's reading finds both together.
        return write_record(ws.root, "withdraw", dates.today(), fields, folder=folder)


def withdraw_any(ws: Workspace, ref: str, reason: str = "") -> tuple[Record, Record | None, Item | None]:
    """`govinfo withdraw REF`: an item id withdraws the item, a record id the record. Returns the
    withdrawal, the record it withdrew (None for an item) and the item (None for a record)."""
    ref = tidy_id(ref)
    if parse_item_id(ref):
        rec, item = withdraw_item(ws, ref, reason)
        return rec, None, item
    target = load_record(ws, ref)
    return withdraw(ws, ref, reason), target, None
